"""The words of the link reasons (classify/linking.py), in English and Vietnamese.

Codes starting `link.by.`, `link.own.`, `link.other.` are phrases (no full
stop) that the sentences take as parameters. Data only: classify/reasons.py adds these to
its TEMPLATES, so this module imports nothing.
"""

LINK_TEMPLATES: dict[str, tuple[str, str]] = {
    # Who gave the dossier's citizen, from outside the page.
    "link.by.operator": ("the operator's ID", "số định danh do cán bộ nhập"),
    "link.by.manifest": ("the manifest's ID", "số định danh trong tệp kê khai (manifest)"),
    "link.by.cover": ("the cover sheet's ID", "số định danh trên phiếu ngăn cách"),
    "link.by.stack_card": ("the one person identified in the same stack (ID card, application)",
                           "người duy nhất được xác định trong cùng tập giấy tờ (thẻ căn cước, đơn)"),
    # Who, on the page, names its owner.
    "link.own.qr": ("the card's QR code", "mã QR của thẻ"),
    "link.own.mrz": ("the card's machine-readable zone", "vùng đọc máy (MRZ) của thẻ"),
    "link.own.subject_field": ("the subject's ID field", "ô số định danh của người được nêu trong giấy tờ"),
    "link.own.card_on_file": ("the name and birth date of a card on file",
                              "họ tên, ngày sinh của một thẻ căn cước đã lưu"),
    "link.and": ("{a} and {b}", "{a} và {b}"),
    "link.own.says": ("{how} says {id}", "{how} ghi {id}"),
    # What is wrong with an ID's structure (classify/citizen_id.check_cccd).
    # Whose else an ID may be.
    "link.other.unknown": ("The document type is not recognised, so it may belong to someone else.",
                           "Không nhận ra loại giấy tờ, nên số này có thể là của người khác."),
    "link.other.unknown_plural": ("The document type is not recognised, so they may belong to someone else.",
                                  "Không nhận ra loại giấy tờ, nên các số này có thể là của người khác."),
    "link.other.multi": ("On a {type_name} it may belong to a parent, spouse or other party.",
                         "Trên {type_name}, số này có thể là của cha mẹ, vợ chồng hoặc một bên khác."),
    "link.other.multi_plural": ("On a {type_name} they may belong to a parent, spouse or other party.",
                                "Trên {type_name}, các số này có thể là của cha mẹ, vợ chồng hoặc một bên khác."),
    "link.near_miss": ("{close} differs by one digit: possibly an OCR error, check the page.",
                       "{close} chỉ khác một chữ số: có thể do nhận dạng chữ sai, hãy kiểm tra trang giấy."),
    "link.swapped": ("{close} is the ID given with two neighbouring digits swapped: possibly a typing error, check "
                     "the ID given.",
                     "{close} chính là số đã nhập khi đảo chỗ hai chữ số liền nhau: có thể do gõ nhầm, hãy kiểm tra "
                     "số định danh đã nhập."),
    "link.claim_is_party": ("{Given} {claimed} is named on it as another party.",
                            "{Given} {claimed} có tên trên giấy tờ với tư cách một bên khác."),
    "link.not_party": ("The dossier's citizen ({claimed}) is not among the parties named on it.",
                       "Công dân của hồ sơ ({claimed}) không có tên trong số các bên ghi trên giấy tờ."),
    # Sentences: the decision.
    "link.card_name_differs": ("The name {read} read on the document disagrees with the card on file for {given} "
                               "{claimed} ({on_card}).",
                               "Họ tên {read} đọc trên giấy tờ không khớp với thẻ căn cước đã lưu của {given} "
                               "{claimed} ({on_card})."),
    "link.card_birth_date_differs": ("The date of birth {read} read on the document disagrees with the card on file "
                                     "for {given} {claimed} ({on_card}).",
                                     "Ngày sinh {read} đọc trên giấy tờ không khớp với thẻ căn cước đã lưu của "
                                     "{given} {claimed} ({on_card})."),
    "link.misread_confirmed": ("{How} reads {owner}, one digit from {given} {claimed}, and the page names the holder "
                               "of the card on file for {claimed} (name and birth date): linked to {claimed}, the "
                               "printed digit read wrongly.",
                               "{How} đọc được {owner}, chỉ khác một chữ số so với {given} {claimed}, và trang giấy "
                               "ghi đúng họ tên, ngày sinh của chủ thẻ căn cước đã lưu của {claimed}: đã liên kết với "
                               "{claimed}, chữ số in trên giấy bị đọc sai."),
    "link.misread_confirmed_ids": ("The ID on the page ({ids}) is one digit from {given} {claimed}, and the page names "
                                   "the holder of the card on file for {claimed} (name and birth date): linked to "
                                   "{claimed}, the printed digit read wrongly.",
                                   "Số định danh trên trang ({ids}) chỉ khác một chữ số so với {given} {claimed}, và "
                                   "trang giấy ghi đúng họ tên, ngày sinh của chủ thẻ căn cước đã lưu của {claimed}: "
                                   "đã liên kết với {claimed}, chữ số in trên giấy bị đọc sai."),
    "link.claim_card_named": ("The page names the holder of the card on file for {given} {claimed} (name and birth "
                              "date).",
                              "Trang giấy ghi đúng họ tên, ngày sinh của chủ thẻ căn cước đã lưu của {given} "
                              "{claimed}."),
    "link.claim_party_named": ("The holder of the card on file for {given} {claimed} is one of the parties named on "
                               "it (name and birth date).",
                               "Chủ thẻ căn cước đã lưu của {given} {claimed} là một trong các bên ghi trên giấy tờ "
                               "(họ tên, ngày sinh)."),
    "link.claim_only_misread": ("No valid ID is printed on the document (only {ids}, not a well-formed CCCD number: "
                                "read wrongly); linked to {given} {claimed}.",
                                "Giấy tờ không in số định danh hợp lệ nào (chỉ có {ids}, không đúng cấu trúc số CCCD: "
                                "đọc sai); đã liên kết theo {given} {claimed}."),
    "link.claim_invalid": ("{Given} {claimed} is not a valid CCCD number: {problems}.",
                           "{Given} {claimed} không phải là số CCCD hợp lệ: {problems}."),
    "link.claim_printed": ("{Given} {claimed} is printed on the document.",
                           "{Given} {claimed} có in trên giấy tờ."),
    "link.claim_only": ("No ID is printed on the document; linked to {given} {claimed}.",
                        "Giấy tờ không in số định danh nào; đã liên kết theo {given} {claimed}."),
    "link.claim_unreadable": ("The document's text could not be read (OCR confidence {confidence}), so nothing on it "
                              "could confirm {given} {claimed}: check the page.",
                              "Không đọc được chữ trên giấy tờ (độ tin cậy nhận dạng {confidence}), nên không có gì "
                              "xác nhận {given} {claimed}: hãy kiểm tra trang giấy."),
    "link.stack_unconfirmed": ("No ID is printed on the document; {given} is {claimed}, but nothing on the page "
                               "confirms it is theirs.",
                               "Giấy tờ không in số định danh nào; {given} là {claimed}, nhưng trên trang không có gì "
                               "xác nhận giấy tờ là của người này."),
    "link.id_differs": ("The ID on the page ({ids}) differs from {given} {claimed}.",
                        "Số định danh trên trang ({ids}) khác với {given} {claimed}."),
    "link.ids_differ": ("The IDs on the page ({ids}) differ from {given} {claimed}.",
                        "Các số định danh trên trang ({ids}) khác với {given} {claimed}."),
    "link.no_evidence": ("No citizen ID found on the document and no operator ID given.",
                         "Không tìm thấy số định danh trên giấy tờ và không có số định danh nào được nhập."),
    "link.id_not_owner": ("No operator ID given, and the ID on the page ({ids}) cannot be taken as the owner's.",
                          "Không có số định danh được nhập, và số định danh trên trang ({ids}) chưa thể coi là "
                          "của chủ giấy tờ."),
    "link.ids_not_owner": ("No operator ID given, and the IDs on the page ({ids}) cannot be taken as the owner's.",
                           "Không có số định danh được nhập, và các số định danh trên trang ({ids}) chưa thể coi "
                           "là của chủ giấy tờ."),
    "link.printed_invalid": ("The ID {value} on the document fails the structure check: {problems}.",
                             "Số định danh {value} trên giấy tờ không đúng cấu trúc: {problems}."),
    "link.only_cmnd": ("No 12-digit ID on the document, only {ids} (an old CMND?): the owner cannot be confirmed.",
                       "Giấy tờ không có số định danh 12 chữ số, chỉ có {ids} (CMND cũ?): chưa xác nhận được "
                       "chủ giấy tờ."),
    "link.several_ids": ("Several IDs on the document ({ids}): the owner is not clear.",
                         "Giấy tờ có nhiều số định danh ({ids}): chưa rõ ai là chủ."),
    "link.card_number_unread": ("The ID card's number could not be read, so nothing on it confirms {given} {claimed}: "
                                "compare the card with the ID given.",
                                "Không đọc được số trên thẻ căn cước, nên không có gì trên thẻ xác nhận {given} "
                                "{claimed}: hãy đối chiếu thẻ với số đã nhập."),
    "link.claim_name_absent": ("The name on the card on file for {given} {claimed} ({name}) is not on the document: "
                               "it may be another person's paper.",
                               "Trên giấy tờ không có tên {name} của công dân theo {given} {claimed} (thẻ đã lưu): "
                               "có thể là giấy tờ của người khác."),
    "link.printed_birth_contradicts": ("The only 12-digit number on the document, {id}, says born in {year}, but the "
                                       "date of birth printed is {birth_date}: it is not the holder's ID.",
                                       "Số 12 chữ số duy nhất trên giấy tờ, {id}, cho biết sinh năm {year}, nhưng "
                                       "ngày sinh in trên giấy là {birth_date}: đó không phải số định danh của người "
                                       "có tên trên giấy."),
    "link.only_id": ("The only ID on the document, {id}, is well-formed.",
                     "Số định danh duy nhất trên giấy tờ, {id}, đúng cấu trúc."),
    "link.own_several": ("{How} gives several IDs ({ids}).", "{How} cho nhiều số định danh ({ids})."),
    "link.own_disagree": ("The page's own evidence disagrees: {parts}.",
                          "Các căn cứ trên chính trang giấy không khớp nhau: {parts}."),
    "link.claim_is": ("{Given} is {claimed}.", "{Given} là {claimed}."),
    "link.not_citizen_paper": ("Not a citizen's paper: no citizen link needed ({type_name}).",
                               "Không phải giấy tờ của công dân: không cần liên kết ({type_name})."),
    "link.claim_not_applied": ("{Given} {claimed} was not applied.", "{Given} {claimed} không được áp dụng."),
    "link.claim_agrees": ("{Given} {claimed} agrees with {how}.", "{Given} {claimed} khớp với {how}."),
    "link.own_differs": ("{How} names {owner}, but {given} is {claimed}.",
                         "{How} cho biết số {owner}, nhưng {given} là {claimed}."),
    "link.own_names": ("{How} names {owner}.", "{How} cho biết số {owner}."),
    "link.birth_contradicts": ("The date of birth {birth_date} read on the document contradicts {given} {claimed}, "
                               "whose digits say born in {year}.",
                               "Ngày sinh {birth_date} đọc trên giấy tờ mâu thuẫn với {given} {claimed}: các chữ số "
                               "của số này cho biết sinh năm {year}."),
    "link.file_conflict": ("Another document of this file (page {page}) contradicts {given} {claimed}, so this one "
                           "is not linked on it either.",
                           "Một giấy tờ khác trong cùng tệp (trang {page}) mâu thuẫn với {given} {claimed}, nên "
                           "giấy tờ này cũng không được liên kết theo số đó."),
    # A cover sheet's group.
    "link.cover_unreadable": ("Cover sheet on page {page}: {problem}{printed}.",
                              "Phiếu ngăn cách ở trang {page}: {problem}{printed}."),
    "link.cover_printed": (" (large print: dossier {dossier}, ID {citizen})",
                           " (chữ in lớn: hồ sơ {dossier}, số định danh {citizen})"),
    "link.cover_unread": ("{text}", "không đọc được mã QR của phiếu"),
    "link.cover_unread_all": ("{text}", "không đọc được mã QR của phiếu, cả phần chữ in lớn"),
    "link.cover_invalid": ("{text}", "mã QR của phiếu không hợp lệ ({text})"),
    "link.cover_conflict": ("Cover sheet on page {page}: {problems}.", "Phiếu ngăn cách ở trang {page}: {problems}."),
    "link.cover_citizen": ("the cover sheet names citizen {cover} but {giver} gave {given}",
                           "phiếu ghi công dân {cover} nhưng {giver} đã nhập {given}"),
    "link.cover_dossier": ("the cover sheet names dossier {cover} but {giver} gave {given}",
                           "phiếu ghi hồ sơ {cover} nhưng {giver} đã nhập {given}"),
    "link.cover_procedure": ("the cover sheet names procedure {cover} but {giver} gave {given}",
                             "phiếu ghi thủ tục {cover} nhưng {giver} đã nhập {given}"),
    "link.giver.operator": ("the operator", "cán bộ"),
    "link.giver.manifest": ("the manifest", "tệp kê khai (manifest)"),
}

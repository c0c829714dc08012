from ocr.engine import correct_confusions, mean_confidence, text_from_words, words_from_tsv


def _tsv(words):
    keys = ["text", "conf", "block_num", "par_num", "line_num", "left", "top", "width", "height"]
    data = {k: [] for k in keys}
    for w in words:
        for k, v in zip(keys, w):
            data[k].append(v)
    return data


def test_lines_are_rebuilt_in_reading_order_and_text_is_nfc():
    data = _tsv([
        ("Nguye\u0302\u0303n", 91, 1, 1, 1, 10, 10, 80, 20),
        ("Văn", 95, 1, 1, 1, 100, 10, 40, 20),
        ("", -1, 1, 1, 2, 0, 0, 0, 0),
        ("Số:", 90, 1, 1, 2, 10, 40, 30, 20),
        ("04\u2044BC-UBND", 60, 1, 1, 2, 50, 40, 90, 20),
    ])
    words = words_from_tsv(data)
    assert text_from_words(words) == "Nguyễn Văn\nSố: 04/BC-UBND"
    assert mean_confidence(words) == round((91 * 6 + 95 * 3 + 90 * 3 + 60 * 10) / 22, 2)


def test_confusions_map_only_characters_foreign_to_vietnamese_text():
    assert correct_confusions("quý I\u20442026, ¡") == "quý I/2026, i"
    assert correct_confusions("Đất đai ½") == "Đất đai ½"

from classify.reasons import TEMPLATES, Reason, decode, encode, render


def test_a_reason_is_worded_per_channel_and_survives_storage(monkeypatch):
    monkeypatch.setitem(TEMPLATES, "t_differs", ("ID {id} differs from {given}.", "Số {id} khác với {given}."))
    monkeypatch.setitem(TEMPLATES, "t_hint", ("Check {ids}.", "Kiểm tra {ids}."))
    reason = Reason(code="t_differs", params={"id": "001089012345", "given": "x"}).plus(
        Reason(code="t_hint", params={"ids": ["a", "b"]}), None)
    stored = encode(reason)
    assert decode(stored) == reason
    assert render(stored, "vi") == "Số 001089012345 khác với x. Kiểm tra a, b."
    assert render(reason, "en") == "ID 001089012345 differs from x. Check a, b."


def test_unknown_codes_and_old_prose_are_shown_not_lost():
    assert "zzz" in render(Reason(code="zzz", params={"a": 1}), "vi")
    assert render("plain old text", "vi") == "plain old text"
    assert render(None) == ""

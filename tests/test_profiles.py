"""Scanner profiles: shipped files load, errors are readable, centres can add their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleanup import ProfileError, ScannerProfile, list_profiles, load_profile
from cleanup.profile import SHIPPED_DIR

REQUIRED = {
    "default", "fujitsu-fi-7160", "fujitsu-fi-800r", "canon-dr-c225", "epson-ds-530", "brother-ads", "flatbed", "phone",
}


@pytest.fixture
def centre_dir(tmp_path, monkeypatch):
    folder = tmp_path / "centre-profiles"
    folder.mkdir()
    monkeypatch.setenv("HOSO_PROFILES_DIR", str(folder))
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_profile_loads():
    profiles = {p.name: p for p in list_profiles()}
    assert REQUIRED <= set(profiles)
    for path in SHIPPED_DIR.glob("*.toml"):
        profile = load_profile(path.stem)
        assert isinstance(profile, ScannerProfile)
        assert profile.source == path
        assert profile.description
    assert profiles["phone"].perspective.enabled and not profiles["phone"].capture.trust_file_dpi
    assert not profiles["default"].perspective.enabled
    assert all(profiles[n].capture.duplex for n in ("fujitsu-fi-7160", "canon-dr-c225", "epson-ds-530", "brother-ads"))
    assert profiles["brother-ads"].capture.expected_dpi == 200


def test_default_file_matches_model_defaults():
    """default.toml documents every key with the model's own default: they must not drift."""
    from_file = load_profile("default").model_dump(exclude={"name", "description", "source", "extends"})
    from_model = ScannerProfile(name="x").model_dump(exclude={"name", "description", "source", "extends"})
    assert from_file == from_model


def test_load_by_path(tmp_path):
    path = write(tmp_path, "my-scanner", 'description = "x"\n[deskew]\nmax_angle = 3.0\n')
    profile = load_profile(str(path))
    assert profile.name == "my-scanner" and profile.deskew.max_angle == 3.0 and profile.source == path


def test_unknown_key_names_file_key_and_allowed_keys(tmp_path):
    path = write(tmp_path, "typo", "[deskew]\nmax_angel = 3.0\n")
    with pytest.raises(ProfileError) as err:
        load_profile(str(path))
    msg = str(err.value)
    assert str(path) in msg
    assert "deskew.max_angel" in msg
    assert "max_angle" in msg and "min_angle" in msg  # what is allowed


def test_unknown_top_level_section(tmp_path):
    path = write(tmp_path, "typo2", "[deskw]\nenabled = false\n")
    with pytest.raises(ProfileError, match=r"unknown key 'deskw'.*allowed keys: .*deskew"):
        load_profile(str(path))


def test_wrong_value_type_is_explained(tmp_path):
    path = write(tmp_path, "badtype", '[deskew]\nmax_angle = "big"\n')
    with pytest.raises(ProfileError) as err:
        load_profile(str(path))
    msg = str(err.value)
    assert str(path) in msg and "deskew.max_angle" in msg and "number" in msg and "'big'" in msg


def test_unknown_binarise_mode_lists_the_allowed_modes(tmp_path):
    path = write(tmp_path, "badmode", '[binarise]\nmode = "sometimes"\n')
    with pytest.raises(ProfileError) as err:
        load_profile(str(path))
    msg = str(err.value)
    assert str(path) in msg and "binarise.mode" in msg
    for allowed in ("'auto'", "'always'", "'never'"):
        assert allowed in msg
    assert "'sometimes'" in msg


def test_out_of_range_value(tmp_path):
    path = write(tmp_path, "range", "[deskew]\nmax_angle = 90\n")
    with pytest.raises(ProfileError, match=r"deskew\.max_angle.*less than or equal to 45"):
        load_profile(str(path))


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path, "broken", "[deskew\nmax_angle = 3\n")
    with pytest.raises(ProfileError, match="not valid TOML") as err:
        load_profile(str(path))
    assert str(path) in str(err.value)


def test_unknown_name_lists_available():
    with pytest.raises(ProfileError) as err:
        load_profile("no-such-scanner")
    assert "no-such-scanner" in str(err.value) and "fujitsu-fi-7160" in str(err.value)


def test_name_key_must_match_file_name(tmp_path):
    path = write(tmp_path, "alpha", 'name = "beta"\n')
    with pytest.raises(ProfileError, match="file is named 'alpha'"):
        load_profile(str(path))


def test_custom_profile_from_env_dir(centre_dir):
    write(centre_dir, "ubnd-tu-ky-scanner-2", 'extends = "fujitsu-fi-7160"\ndescription = "Quầy 2, xã Tứ Kỳ"\n'
                                               '[orientation]\nenabled = false\n[binarise]\nmode = "never"\n')
    profile = load_profile("ubnd-tu-ky-scanner-2")
    assert profile.source == centre_dir / "ubnd-tu-ky-scanner-2.toml"
    assert profile.description == "Quầy 2, xã Tứ Kỳ"
    assert not profile.orientation.enabled and profile.binarise.mode == "never"
    assert profile.capture.duplex and profile.capture.kind == "sheet-fed"  # inherited
    names = {p.name for p in list_profiles()}
    assert "ubnd-tu-ky-scanner-2" in names and REQUIRED <= names


def test_centre_file_overrides_shipped_profile(centre_dir):
    write(centre_dir, "flatbed", 'extends = "default"\ndescription = "our flatbed"\n[deskew]\nmax_angle = 2.0\n')
    assert load_profile("flatbed").deskew.max_angle == 2.0
    assert next(p for p in list_profiles() if p.name == "flatbed").source.parent == centre_dir


def test_extends_errors_are_readable(centre_dir):
    write(centre_dir, "a", 'extends = "b"\n')
    write(centre_dir, "b", 'extends = "a"\n')
    with pytest.raises(ProfileError, match="loop"):
        load_profile("a")
    write(centre_dir, "orphan", 'extends = "nothing-here"\n')
    with pytest.raises(ProfileError, match="'nothing-here', which does not exist"):
        load_profile("orphan")
    write(centre_dir, "child-bad", 'extends = "default"\n[denoise]\nmax_speck = 1\n')
    with pytest.raises(ProfileError, match=r"child-bad\.toml.*denoise\.max_speck"):
        load_profile("child-bad")


def test_override_is_validated():
    profile = load_profile("default")
    changed = profile.override({"deskew.enabled": False, "binarise.mode": "always"})
    assert not changed.deskew.enabled and changed.binarise.mode == "always" and profile.deskew.enabled
    with pytest.raises(ProfileError, match="binarise.mode"):
        profile.override({"binarise.mode": "maybe"})

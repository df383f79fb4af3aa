"""Names stay out of processed outputs unless asked for; keys are stable and salted."""

from __future__ import annotations

import stat

import pandas as pd

from analysis.privacy import Privacy, load_or_create_salt, person_keys


def test_salt_is_created_once_private_and_reused(tmp_path):
    path = tmp_path / "home" / "salt"
    first = load_or_create_salt(path)
    assert len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_salt(path) == first


def test_keys_fold_case_and_spaces_but_not_diacritics():
    keys = person_keys(pd.Series(["Nguyễn Văn An", "NGUYỄN  VĂN AN", "Nguyen Van An", None]),
                       b"salt")
    assert keys[0] == keys[1]
    assert keys[0] != keys[2]
    assert len(keys[0]) == 12
    assert pd.isna(keys[3])


def test_keys_depend_on_the_salt():
    names = pd.Series(["Lê Thị Hà"])
    assert person_keys(names, b"one")[0] != person_keys(names, b"two")[0]


def test_mask_replaces_names_by_their_keys_unless_kept():
    raw = pd.Series(["3 | Lê Thị Hà | Bồ Đề |", "Bồ Đề | abc"])
    names = pd.Series(["Lê Thị Hà", None])
    privacy = Privacy(salt=b"salt")
    keys = privacy.keys(names)
    assert privacy.mask(raw, names, keys).tolist() == [
        f"3 | [người {keys[0]}] | Bồ Đề |", "Bồ Đề | abc"]
    kept = Privacy(salt=b"salt", keep_names=True)
    assert kept.mask(raw, names, keys).tolist() == raw.tolist()


def test_fingerprint_changes_with_salt_and_names_option():
    prints = {Privacy(b"a").fingerprint, Privacy(b"b").fingerprint,
              Privacy(b"a", keep_names=True).fingerprint}
    assert len(prints) == 3

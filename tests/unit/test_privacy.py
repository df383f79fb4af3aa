"""Names stay out of processed outputs unless asked for; keys are stable and salted."""

from __future__ import annotations

import stat

import pandas as pd

from analysis.privacy import load_or_create_salt, person_keys, pseudonymise

RECORDS = pd.DataFrame({"shape": ["roster", "roster", "summary"],
                        "person": ["Nguyễn Văn An", "NGUYỄN  VĂN AN", None]})
REJECTS = pd.DataFrame({"raw": ["3 | Lê Thị Hà | Bồ Đề |", "Bồ Đề | abc"],
                        "person": ["Lê Thị Hà", None], "reason": ["x", "y"]})


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


def test_pseudonymise_removes_names_by_default():
    records, rejects = pseudonymise(RECORDS, REJECTS, b"salt")
    assert "person" not in records and "person" not in rejects
    assert records["person_key"][0] == records["person_key"][1]
    key = person_keys(pd.Series(["Lê Thị Hà"]), b"salt")[0]
    assert rejects["raw"].tolist() == [f"3 | [người {key}] | Bồ Đề |", "Bồ Đề | abc"]


def test_names_kept_when_asked():
    records, rejects = pseudonymise(RECORDS, REJECTS, b"salt", keep_names=True)
    assert records["person"][0] == "Nguyễn Văn An"
    assert rejects["raw"][0] == "3 | Lê Thị Hà | Bồ Đề |"

"""Names stay out of processed outputs unless asked for; keys are stable and salted."""

from __future__ import annotations

import hashlib
import stat

import pandas as pd
from builders import Sheet, write_campaign, write_xlsx

from analysis.campaign import load_campaign
from analysis.ingest import ingest_campaign
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
    assert privacy.mask(raw, names, keys) == [
        f"3 | [người {keys[0]}] | Bồ Đề |", "Bồ Đề | abc"]
    kept = Privacy(salt=b"salt", keep_names=True)
    assert kept.mask(raw, names, keys) == raw.tolist()


def test_fingerprint_changes_with_salt_and_names_option():
    prints = {Privacy(b"a").fingerprint, Privacy(b"b").fingerprint,
              Privacy(b"a", keep_names=True).fingerprint}
    assert len(prints) == 3


def test_key_is_keyed_blake2b_of_the_folded_name():
    folded = "nguyễn văn an".encode()  # case and spaces folded, diacritics kept
    expected = hashlib.blake2b(folded, key=b"salt", digest_size=6).hexdigest()
    assert person_keys(pd.Series(["  Nguyễn  Văn AN "]), b"salt")[0] == expected
    # A salt longer than BLAKE2b's 64-byte key is first hashed to 32 bytes.
    long_salt = b"s" * 100
    expected = hashlib.blake2b(folded, key=hashlib.sha256(long_salt).digest(),
                               digest_size=6).hexdigest()
    assert person_keys(pd.Series(["Nguyễn Văn An"]), long_salt)[0] == expected


def test_a_run_keeps_names_only_when_asked(tmp_path):
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/r.xlsx",
               Sheet("Chi bộ 1", [["STT", "Họ và tên", "Phường", "Điểm danh"],
                                  [1, "Nguyễn Văn An", "Bồ Đề", "x"],
                                  [2, "Trần Thị Bình", "Bồ Đề", "?"]]))
    campaign = load_campaign(tmp_path)
    keyed = ingest_campaign(campaign, privacy=Privacy(salt=b"salt"))
    key = person_keys(pd.Series(["Trần Thị Bình"]), b"salt")[0]
    assert "person" not in keyed.records
    assert keyed.records["person_key"].tolist() == person_keys(
        pd.Series(["Nguyễn Văn An"]), b"salt").tolist()
    assert keyed.rejects["raw"].tolist() == [f"2 | [người {key}] | Bồ Đề | ?"]
    named = ingest_campaign(campaign, privacy=Privacy(salt=b"salt", keep_names=True))
    assert named.records["person"].tolist() == ["Nguyễn Văn An"]
    assert named.rejects["raw"].tolist() == ["2 | Trần Thị Bình | Bồ Đề | ?"]


def test_a_name_in_another_name_column_of_a_refused_row_is_keyed_too(tmp_path):
    # QA round 87 #1: the right half of a list printed side by side, not read as a half,
    # showed its people's names in clear in the rejects of the left half's rows. Any column
    # headed as a name, besides the person's own, shows its name by its key.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/r.xlsx",
               Sheet("Chi bộ 1", [["STT", "Họ và tên", "Phường", "Điểm danh",
                                   "Họ và tên người dự thay"],
                                  [1, "Nguyễn Văn An", "Bồ Đề", "x", None],
                                  [2, "Trần Thị Bình", "Bồ Đề", "?", "Phạm Văn Cường"]]))
    campaign = load_campaign(tmp_path)
    keyed = ingest_campaign(campaign, privacy=Privacy(salt=b"salt"))
    bình, cường = person_keys(pd.Series(["Trần Thị Bình", "Phạm Văn Cường"]), b"salt")
    assert keyed.rejects["raw"].tolist() == [f"2 | [người {bình}] | Bồ Đề | ? | [người {cường}]"]
    named = ingest_campaign(campaign, privacy=Privacy(salt=b"salt", keep_names=True))
    assert named.rejects["raw"].tolist() == ["2 | Trần Thị Bình | Bồ Đề | ? | Phạm Văn Cường"]


def test_an_english_campaigns_rows_show_a_key_as_a_persons(tmp_path, monkeypatch):
    """QA round 102: "[người 1a2b…]", Vietnamese, in an English campaign's rejects and
    follow-up. `lang = "en"`: "[person 1a2b…]", the name in another name column too, and
    the parse keyed apart from a Vietnamese campaign's (another fingerprint)."""
    from analysis.pipeline import analyse

    monkeypatch.setenv("PARTICIPATION_SALT_FILE", str(tmp_path / "salt"))
    write_campaign(tmp_path / "c")
    toml = tmp_path / "c" / "campaign.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        '[campaign]\n', '[campaign]\nlang = "en"\n'), encoding="utf-8")
    write_xlsx(tmp_path / "c/gd1/r.xlsx",
               Sheet("Chi bộ 1", [["STT", "Họ và tên", "Phường", "Điểm danh",
                                   "Họ và tên người dự thay"],
                                  [1, "Nguyễn Văn An", "Bồ Đề", "x", None],
                                  [2, "Trần Thị Bình", "Bồ Đề", "?", "Phạm Văn Cường"]]))

    results = analyse(tmp_path / "c")

    salt = load_or_create_salt()
    bình, cường = person_keys(pd.Series(["Trần Thị Bình", "Phạm Văn Cường"]), salt)
    assert results.rejects["raw"].tolist() == [
        f"2 | [person {bình}] | Bồ Đề | ? | [person {cường}]"]
    assert Privacy(b"a", person="person").fingerprint != Privacy(b"a").fingerprint

"""The parse cache: used when nothing changed, invalidated exactly when something did."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from builders import Sheet, write_campaign, write_xlsx

import analysis
import analysis.ingest
from analysis.campaign import load_campaign
from analysis.ingest import ingest_campaign
from analysis.privacy import Privacy

PRIVACY = Privacy(salt=b"test-salt")
HEADER = ["Phường", "Tổng số đảng viên", "Có mặt"]
ROSTER = ["STT", "Họ và tên", "Phường", "Điểm danh"]


def build(folder: Path, files: int = 3) -> None:
    write_campaign(folder)
    for number in range(files):
        write_xlsx(folder / f"gd1/f{number}.xlsx",
                   Sheet("S", [HEADER, ["Bồ Đề", 10 + number, 9]]))


def run(folder: Path, cache: Path, **options):
    return ingest_campaign(load_campaign(folder), privacy=options.pop("privacy", PRIVACY),
                           cache_dir=cache, **options)


def same(first, second) -> None:
    pd.testing.assert_frame_equal(first.records, second.records)
    pd.testing.assert_frame_equal(first.rejects, second.rejects)
    pd.testing.assert_frame_equal(first.checks, second.checks)
    assert first.files == second.files


def test_second_run_reads_everything_from_the_cache(tmp_path):
    build(tmp_path / "raw")
    first = run(tmp_path / "raw", tmp_path / "cache")
    second = run(tmp_path / "raw", tmp_path / "cache")
    assert (first.cache_hits, first.cache_misses) == (0, 3)
    assert (second.cache_hits, second.cache_misses) == (3, 0)
    same(first, second)
    assert second.records["expected"].tolist() == [10, 11, 12]


def test_a_changed_file_is_read_again_and_only_it(tmp_path):
    build(tmp_path / "raw")
    run(tmp_path / "raw", tmp_path / "cache")
    write_xlsx(tmp_path / "raw/gd1/f1.xlsx", Sheet("S", [HEADER, ["Bồ Đề", 50, 49]]))
    after = run(tmp_path / "raw", tmp_path / "cache")
    assert (after.cache_hits, after.cache_misses) == (2, 1)
    assert after.records["expected"].tolist() == [10, 50, 12]


def test_a_changed_campaign_toml_reads_everything_again(tmp_path):
    build(tmp_path / "raw")
    run(tmp_path / "raw", tmp_path / "cache")
    config = tmp_path / "raw/campaign.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = run(tmp_path / "raw", tmp_path / "cache")
    assert (after.cache_hits, after.cache_misses) == (0, 3)


def test_a_new_suite_version_reads_everything_again(tmp_path, monkeypatch):
    build(tmp_path / "raw")
    run(tmp_path / "raw", tmp_path / "cache")
    monkeypatch.setattr(analysis.ingest, "CODE_VERSION", "9.9.9+0123456789abcdef")
    after = run(tmp_path / "raw", tmp_path / "cache")
    assert (after.cache_hits, after.cache_misses) == (0, 3)


def test_any_change_to_the_code_changes_the_version_the_cache_is_keyed_by(tmp_path):
    # QA round 11: the parse changed while the version number stayed 0.7.0, and a re-run
    # kept the old, wrong reading of a file from the cache. The code's own hash is part of
    # the key: one character changed in one module gives another key.
    package = tmp_path / "analysis"
    shutil.copytree(Path(analysis.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = analysis.code_fingerprint(package)
    assert before == analysis.code_fingerprint(Path(analysis.__file__).parent)
    assert f"{analysis.SUITE_VERSION}+{before}" == analysis.CODE_VERSION
    sheet = package / "sheet.py"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n# one more line\n",
                     encoding="utf-8")
    assert analysis.code_fingerprint(package) != before
    (package / "sheet.py").unlink()
    assert analysis.code_fingerprint(package) not in (before, "")


def test_a_run_keeping_names_reads_everything_again_and_caches_nothing(tmp_path):
    # Names never reach the cache, which outlives the run (QA round 95 #3: a --names run's
    # entries kept them in .cache/ after later runs without it).
    build(tmp_path / "raw")
    first = run(tmp_path / "raw", tmp_path / "cache")
    entries = sorted(path.name for path in (tmp_path / "cache").iterdir())
    assert len(entries) >= 3
    after = run(tmp_path / "raw", tmp_path / "cache",
                privacy=Privacy(salt=b"test-salt", keep_names=True))
    assert after.cache_hits == 0
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == entries
    assert len(after.records) == len(first.records)


def test_a_damaged_entry_is_read_again_not_trusted(tmp_path):
    build(tmp_path / "raw", files=1)
    first = run(tmp_path / "raw", tmp_path / "cache")
    for path in (tmp_path / "cache").glob("*.parquet"):
        path.write_bytes(b"garbage")
    after = run(tmp_path / "raw", tmp_path / "cache")
    assert after.cache_misses == 1
    same(first, after)


def test_cached_roster_keeps_rejects_checks_and_statuses(tmp_path):
    write_campaign(tmp_path / "raw")
    write_xlsx(tmp_path / "raw/gd1/r.xlsx",
               Sheet("Chi bộ 1", [ROSTER, [1, "Nguyễn Văn A", "Bồ Đề", "x"],
                                  [2, "Trần Thị B", "Bồ Đề", None]]),
               Sheet("Trống"),
               Sheet("S", [HEADER, ["Cự Khối", 5, 4], ["Tổng cộng", 6, 4]]))
    first = run(tmp_path / "raw", tmp_path / "cache")
    second = run(tmp_path / "raw", tmp_path / "cache")
    assert second.cache_hits == 1
    same(first, second)
    assert len(second.rejects) == 1 and len(second.mismatches) == 1
    statuses = [sheet["status"] for sheet in second.files[0]["sheets"]]
    assert statuses == ["table", "empty", "table"]


@pytest.mark.parametrize("workers", [1, 2])
def test_parallel_and_serial_parsing_agree(tmp_path, workers):
    build(tmp_path / "raw", files=10)  # at least PARALLEL_MIN_FILES, so 2 workers fan out
    result = ingest_campaign(load_campaign(tmp_path / "raw"), privacy=PRIVACY, workers=workers)
    assert result.records["expected"].tolist() == list(range(10, 20))
    assert result.records["source_file"].tolist() == [f"gd1/f{n}.xlsx" for n in range(10)]


def test_workers_leave_no_rows_behind(tmp_path, monkeypatch):
    # Workers hand their rows back through files in a temporary folder: all of them are read
    # and the folder removed, and the rows are those of a serial parse.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    build(tmp_path / "raw", files=10)
    campaign = load_campaign(tmp_path / "raw")
    parallel = ingest_campaign(campaign, privacy=PRIVACY, workers=2)
    serial = ingest_campaign(campaign, privacy=PRIVACY, workers=1)
    assert list(scratch.iterdir()) == []
    pd.testing.assert_frame_equal(parallel.records, serial.records)


def test_rows_by_sheet_counts_with_many_categories():
    # 200 sheets as categories: int8 category codes overflow at 128, which made a lookup of
    # a sheet with no accepted rows crash on city-scale campaigns.
    frame = pd.DataFrame({"source_file": ["a.xlsx"] * 200,
                          "sheet": [f"S{number}" for number in range(200)]}).astype("category")
    counts = analysis.ingest.rows_by_sheet(frame)
    assert counts[("a.xlsx", "S150")] == 1
    assert counts.get(("a.xlsx", "missing"), 0) == 0
    assert len(counts) == 200

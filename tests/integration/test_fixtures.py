"""The loader on the fixture suite: one campaign folder per kind of mess, hand-worked answers.

`scripts/make_fixtures.py` writes `tests/fixtures/<kind>/` (a complete campaign folder) and
`tests/fixtures/<kind>.expected.json`, whose every figure is typed by hand in that script.
Each test here is parametrized over every expected file and checks one aspect of the run, so
a loader bug fails the one aspect it breaks and nothing else.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from analysis.campaign import load_campaign
from analysis.ingest import ingest_campaign
from analysis.pipeline import Results, analyse, write_data_outputs
from tests.helpers import ROOT, tree_digest

FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = {path.name.removesuffix(".expected.json"): path
            for path in sorted(FIXTURES.glob("*.expected.json"))}
# The full command line (charts included) takes seconds a folder: run on the two folders with
# the most kinds of file; every folder goes through the loader and the data outputs.
CLI_KINDS = ("bad-files", "formats-ods")
COUNTS = ("expected", "attended", "absent_excused", "absent_unexcused", "absent_unspecified")

# (kind, aspect) -> what the loader gets wrong. Strict: fixing the bug turns these red, so the
# entry is removed with the fix.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def cases(aspect: str, only=lambda expected: True) -> list:
    params = []
    for kind in EXPECTED:
        if not only(_expected(kind)):
            continue
        marks = []
        if (kind, aspect) in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(kind, aspect)]))
        params.append(pytest.param(kind, id=kind, marks=marks))
    return params


@functools.cache
def _expected(kind: str) -> dict:
    return json.loads(EXPECTED[kind].read_text(encoding="utf-8"))


@functools.cache
def _results(kind: str) -> Results:
    return analyse(FIXTURES / kind)


def _key(source_file, sheet) -> str:
    return f"{source_file}|{sheet}"


def _none(value):
    return None if pd.isna(value) else value


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)


# --- the suite itself -----------------------------------------------------------------------


def test_every_fixture_folder_has_its_expectations():
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    assert folders == set(EXPECTED)
    assert len(folders) >= 14
    for kind in folders:
        assert (FIXTURES / kind / "campaign.toml").is_file(), kind
        assert _expected(kind)["kind"] == kind


# --- what the loader makes of each folder ---------------------------------------------------


@pytest.mark.parametrize("kind", cases("table"))
def test_participation_table(kind):
    expected = _expected(kind)
    table = _results(kind).ward_phase
    got = {
        (row["phase"], row["ward"]): {"kind": row["kind"], **{name: int(row[name])
                                                              for name in COUNTS}}
        for _, row in table.iterrows()
    }
    want = {
        (row["phase"], row["ward"]): {"kind": row["kind"], **{name: row[name]
                                                              for name in COUNTS}}
        for row in expected["ward_phase"]
    }
    assert got == want
    assert len(table) == len(got)  # one row per (phase, ward)
    for _, row in table.iterrows():  # pooled: sums first, then the rate
        assert row["rate"] == pytest.approx(row["attended"] / row["expected"])


@pytest.mark.parametrize("kind", cases("rows"))
def test_rows_read_and_accepted(kind):
    expected = _expected(kind)
    ingest = _results(kind).ingest
    rows_accepted = sum(entry["rows_accepted"] for entry in ingest.files)
    rows_rejected = sum(entry["rows_rejected"] for entry in ingest.files)
    assert (ingest.rows_read, rows_accepted, rows_rejected) == (
        expected["rows_read"], expected["rows_accepted"], expected["rows_rejected"])
    assert len(ingest.records) == expected["rows_accepted"]


@pytest.mark.parametrize("kind", cases("files"))
def test_files_status_and_rows(kind):
    expected = _expected(kind)
    got = {entry["file"]: {name: entry[name] for name in
                           ("status", "rows_read", "rows_accepted", "rows_rejected")}
           for entry in _results(kind).ingest.files}
    assert got == expected["files"]


@pytest.mark.parametrize("kind", cases("sheets"))
def test_sheet_statuses_and_hidden_flags(kind):
    expected = _expected(kind)
    files = _results(kind).ingest.files
    statuses = {_key(entry["file"], sheet["sheet"]): sheet["status"]
                for entry in files for sheet in entry["sheets"]}
    hidden = sorted(_key(entry["file"], sheet["sheet"])
                    for entry in files for sheet in entry["sheets"] if sheet["hidden"])
    assert statuses == expected["sheets"]
    assert hidden == sorted(expected["hidden"])


@pytest.mark.parametrize("kind", cases("layout", lambda expected: expected["layout"]))
def test_header_totals_and_footer_rows(kind):
    expected = _expected(kind)
    sheets = {_key(entry["file"], sheet["sheet"]): sheet
              for entry in _results(kind).ingest.files for sheet in entry["sheets"]}
    for key, want in expected["layout"].items():
        got = {name: sheets[key][name] for name in want}
        assert got == want, key


@pytest.mark.parametrize("kind", cases("rejects"))
def test_rejects_name_file_sheet_row_and_reason(kind):
    expected = _expected(kind)
    rejects = _results(kind).rejects
    got = {
        (row["source_file"], _none(row["sheet"]),
         None if pd.isna(row["source_row"]) else int(row["source_row"])): row["reason"]
        for _, row in rejects.iterrows()
    }
    assert len(got) == len(rejects)  # at most one reject per file/sheet/row
    want = {(item["source_file"], item["sheet"], item["source_row"]): item["reason_contains"]
            for item in expected["rejects"]}
    assert sorted(got, key=str) == sorted(want, key=str)
    for place, fragments in want.items():
        for fragment in fragments:
            assert fragment in got[place], (place, got[place])


@pytest.mark.parametrize("kind", cases("mismatches"))
def test_reconciliation_mismatches_with_both_numbers(kind):
    expected = _expected(kind)
    checks = _results(kind).ingest.checks
    mismatches = checks[checks["status"] != "ok"]
    got = sorted(
        (row["source_file"], row["sheet"], int(row["source_row"]), row["check"],
         row["column"], round(float(row["stated"]), 4), round(float(row["computed"]), 4))
        for _, row in mismatches.iterrows()
    )
    want = sorted(
        (item["source_file"], item["sheet"], item["source_row"], item["check"],
         item["column"], round(float(item["stated"]), 4), round(float(item["computed"]), 4))
        for item in expected["mismatches"]
    )
    assert got == want
    assert int((checks["status"] == "ok").sum()) == expected["checks_ok"]


@pytest.mark.parametrize("kind", cases("accounting"))
def test_accounting_identity_for_every_file_and_sheet(kind):
    results = _results(kind)
    ingest = results.ingest
    for entry in ingest.files:
        for sheet in entry["sheets"]:
            assert sheet["rows_read"] == sheet["rows_accepted"] + sheet["rows_rejected"], \
                (entry["file"], sheet["sheet"])
            in_sheet = (ingest.records["source_file"] == entry["file"]) & \
                (ingest.records["sheet"] == sheet["sheet"])
            assert int(in_sheet.sum()) == sheet["rows_accepted"], (entry["file"], sheet["sheet"])
            row_rejects = (ingest.rejects["source_file"] == entry["file"]) & \
                (ingest.rejects["sheet"] == sheet["sheet"]) & ingest.rejects["source_row"].notna()
            assert int(row_rejects.sum()) == sheet["rows_rejected"], \
                (entry["file"], sheet["sheet"])
        assert entry["rows_read"] == entry["rows_accepted"] + entry["rows_rejected"], \
            entry["file"]
    row_rejects = int(ingest.rejects["source_row"].notna().sum())
    assert ingest.rows_read == len(ingest.records) + row_rejects
    # Every file in the folder is either read (listed with a status) or listed as ignored.
    listed = {entry["file"] for entry in ingest.files} | set(ingest.ignored_files)
    on_disk = {path.relative_to(FIXTURES / kind).as_posix()
               for path in (FIXTURES / kind).rglob("*")
               if path.is_file() and path.name != "campaign.toml"}
    assert listed == on_disk


@pytest.mark.parametrize("kind", cases("ignored"))
def test_files_that_are_not_data_are_listed_as_ignored(kind):
    assert sorted(_results(kind).ingest.ignored_files) == sorted(_expected(kind)["ignored_files"])


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", cases("fatal", lambda expected: expected["fatal"]))
def test_fatal_folder_stops_the_run_with_one_sentence(kind, tmp_path):
    fatal = _expected(kind)["fatal"]
    completed = run_cli("run", str(FIXTURES / kind), "--out", str(tmp_path / "out"),
                        "--no-notebooks")
    assert completed.returncode == fatal["exit_code"], completed.stderr
    for fragment in fatal["message_contains"]:
        assert fragment in completed.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", cases("fatal_names_file",
                                       lambda expected: (expected["fatal"] or {})
                                       .get("names_file")))
def test_fatal_message_names_the_file_and_why(kind, tmp_path):
    fatal = _expected(kind)["fatal"]
    completed = run_cli("run", str(FIXTURES / kind), "--out", str(tmp_path / "out"),
                        "--no-notebooks")
    assert completed.returncode == fatal["exit_code"]
    assert fatal["names_file"] in completed.stderr


def test_raw_fixture_folders_are_byte_identical_after_the_runs(tmp_path):
    """The code never writes to raw: neither the loader nor the writing of every data output
    (for every fixture), nor the whole command line (charts included) on two of them."""
    before = tree_digest(FIXTURES)
    for kind in EXPECTED:
        out = tmp_path / "data" / kind
        out.mkdir(parents=True)
        write_data_outputs(analyse(FIXTURES / kind), out)
    for kind in CLI_KINDS:
        completed = run_cli("run", str(FIXTURES / kind), "--out", str(tmp_path / "cli" / kind),
                            "--no-notebooks")
        assert completed.returncode == 0, (kind, completed.stderr)
    assert tree_digest(FIXTURES) == before


# --- files LibreOffice wrote ----------------------------------------------------------------


def _soffice() -> str:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is not installed on CI; .ci/run must install it "
                        "(Debian: apt-get install -y libreoffice-calc)")
        pytest.skip("LibreOffice (soffice) is not installed")
    return binary


def test_libreoffice_xls_and_ods_ingest_like_the_xlsx(tmp_path):
    soffice = _soffice()
    campaign = tmp_path / "campaign"
    (campaign / "gd1").mkdir(parents=True)
    (campaign / "campaign.toml").write_text(
        '[campaign]\nid = "roundtrip"\n\n[[phases]]\nid = "1"\nlabel = "Giai đoạn 1"\n\n'
        '[[sources]]\nglob = "gd1/*"\nphase = "1"\n', encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    for row in [
        ["BÁO CÁO KẾT QUẢ HỌC TẬP"],  # row 1, merged A1:F1
        ["STT", "Phường", "Tổng số đảng viên", "Có mặt", "Vắng", None],  # row 2
        [None, None, None, None, "Có lý do", "Không lý do"],  # row 3
        [1, "P. Bồ Đề", 45, 40, 3, 2],  # row 4: 40 + 3 + 2 = 45
        [2, "Cự Khối", "1.250", "1.200", 20, 30],  # row 5: text counts; 1200 + 20 + 30
        [None, "Tổng cộng", 1295, 1240, 23, 32],  # row 6: 45+1250, 40+1200, 3+20, 2+30
    ]:
        ws.append(row)
    for cells in ("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"):
        ws.merge_cells(cells)
    hidden = wb.create_sheet("Ẩn")
    hidden.append(["Phường", "Tổng số đảng viên", "Có mặt"])
    hidden.append(["Việt Hưng", 8, 7])  # 8 - 7 = 1
    hidden.sheet_state = "hidden"
    source = tmp_path / "bao_cao.xlsx"
    wb.save(source)
    shutil.copy(source, campaign / "gd1" / "bao_cao.xlsx")
    for fmt in ("xls", "ods"):
        completed = subprocess.run(
            [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
             "--convert-to", fmt, "--outdir", str(tmp_path / fmt), str(source)],
            capture_output=True, text=True, timeout=300, check=False)
        produced = tmp_path / fmt / f"bao_cao.{fmt}"
        assert produced.is_file(), completed.stdout + completed.stderr
        shutil.copy(produced, campaign / "gd1" / f"bao_cao.{fmt}")

    ingest = ingest_campaign(load_campaign(campaign))

    assert ingest.rejects.empty
    columns = ["sheet", "source_row", "phase", "ward", "kind", *COUNTS]
    by_file = {
        name: ingest.records[ingest.records["source_file"] == f"gd1/bao_cao.{name}"][columns]
        .sort_values(["sheet", "source_row"]).to_dict("records")
        for name in ("xlsx", "xls", "ods")
    }
    assert by_file["xlsx"] == [
        {"sheet": "Tổng hợp", "source_row": 4, "phase": "1", "ward": "Bồ Đề", "kind": "ward",
         "expected": 45, "attended": 40, "absent_excused": 3, "absent_unexcused": 2,
         "absent_unspecified": 0},
        {"sheet": "Tổng hợp", "source_row": 5, "phase": "1", "ward": "Cự Khối", "kind": "ward",
         "expected": 1250, "attended": 1200, "absent_excused": 20, "absent_unexcused": 30,
         "absent_unspecified": 0},
        {"sheet": "Ẩn", "source_row": 2, "phase": "1", "ward": "Việt Hưng", "kind": "ward",
         "expected": 8, "attended": 7, "absent_excused": 0, "absent_unexcused": 0,
         "absent_unspecified": 1},
    ]
    assert by_file["xls"] == by_file["xlsx"]
    assert by_file["ods"] == by_file["xlsx"]
    for entry in ingest.files:
        sheets = {sheet["sheet"]: (sheet["status"], sheet["hidden"], sheet["totals_rows"])
                  for sheet in entry["sheets"]}
        assert sheets == {"Tổng hợp": ("table", False, [6]), "Ẩn": ("table", True, [])}, \
            entry["file"]
    assert set(ingest.checks["status"]) == {"ok"}
    assert len(ingest.checks) == 12  # 4 count columns x 3 files, all on row 6

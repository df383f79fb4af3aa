"""The data-quality stage on the mid-campaign demo, as an analyst runs it half-way through.

Expected findings come from tests/data/demo_mid_truth.json, which
scripts/make_demo_midcampaign.py writes from the problems it planted, not from the pipeline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.quality import PARTLY_COUNTED_LABELS, RULES
from tests.helpers import ROOT, tree_digest

MID_RAW = ROOT / "data" / "raw" / "demo-2015-long-bien-mid"
MID_TRUTH = ROOT / "tests" / "data" / "demo_mid_truth.json"
QUALITY_FILES = ("completeness.csv", "quality_flags.csv", "held_out.csv", "follow_up.xlsx",
                 "summary.xlsx", "rejects.csv", "participation_by_phase.csv")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads(MID_TRUTH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mid_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, dict]:
    out = tmp_path_factory.mktemp("mid") / "out"
    before = tree_digest(MID_RAW)
    completed = run_cli("run", str(MID_RAW), "--out", str(out), "--no-notebooks")
    return out, completed, before


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"phase": str}, keep_default_na=False)


def none(value):
    return None if value in ("", None) or (isinstance(value, float) and pd.isna(value)) \
        else value


def test_run_names_missing_units_at_the_top(mid_run, truth):
    out, completed, _ = mid_run
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    rows = truth["rows"]
    assert lines[0].endswith(f"{rows['read']} dòng đã đọc = {rows['accepted']} nhận + "
                             f"{rows['rejected']} loại + {rows['held_out']} chưa tính (gửi trùng)")
    missing = ", ".join(truth["grassroots_phase2"]["missing"])
    assert lines[1] == (f"  Chưa báo cáo, Giai đoạn 2 (18/20 đơn vị đã báo cáo): {missing} "
                        f"({out / 'completeness.csv'})")
    g = truth["grassroots_phase2"]
    assert (f"Tỷ lệ tham dự giai đoạn 2 ({g['units_reported']}/{g['units_expected']} đơn vị "
            f"cơ sở đã báo cáo)") in completed.stdout
    assert f"Chưa báo cáo: {missing}." in completed.stdout
    assert str(out / "follow_up.xlsx") in completed.stdout


def test_completeness_matches_truth(mid_run, truth):
    out, _, _ = mid_run
    table = read_csv(out / "completeness.csv")
    columns = ["phase", "ward", "kind", "status", "source_files", "report_date", "timeliness",
               "days_late"]
    got = {(row["phase"], row["ward"]): {name: none(row[name]) for name in columns}
           for _, row in table.iterrows()}
    want = {(item["phase"], item["ward"]): {name: none(item[name]) for name in columns}
            for item in truth["completeness"]}
    for row in got.values():
        if row["days_late"] is not None:
            row["days_late"] = int(row["days_late"])
    assert got == want
    assert set(table.loc[table["status"] == "missing", "ward"]) == set(
        truth["grassroots_phase2"]["missing"])
    # A unit counted in part (a class held out) reported: the district, in this demo.
    assert table["reported"].tolist() == table["status"].isin(
        ["reported", "partly_held_out"]).tolist()


def test_completeness_per_phase_is_in_the_phase_table(mid_run, truth):
    out, _, _ = mid_run
    by_phase = read_csv(out / "participation_by_phase.csv")
    got = {row["phase"]: {"reported": int(row["units_reported"]),
                          "expected": int(row["units_expected"])}
           for _, row in by_phase.iterrows()}
    assert got == truth["units_reported"]


def test_quality_flags_match_truth(mid_run, truth):
    out, _, _ = mid_run
    flags = read_csv(out / "quality_flags.csv")
    keys = ["phase", "ward", "rule", "source_file", "sheet", "source_row", "column"]
    got = sorted(tuple(str(none(row[name])) if none(row[name]) is not None else ""
                       for name in keys) for _, row in flags.iterrows())
    want = sorted(tuple(str(item.get(name)) if item.get(name) is not None else ""
                        for name in keys) for item in truth["flags"])
    assert got == want
    assert set(flags["severity"]) <= {"error", "warning", "info"}
    for _, row in flags.iterrows():
        assert row["severity"] == RULES[row["rule"]][0]
        assert row["detail"].endswith(")")  # Vietnamese, then English in brackets


def test_follow_up_has_a_sheet_per_unit_with_its_problems(mid_run, truth):
    out, _, _ = mid_run
    workbook = openpyxl.load_workbook(out / "follow_up.xlsx")
    assert workbook.sheetnames == ["Tổng hợp", *truth["follow_up_units"]]
    labels = {vi: rule for rule, (_, vi, _) in RULES.items()}
    labels[PARTLY_COUNTED_LABELS[0]] = "partly_held_out"
    # A unit counted in part is told so on a line of its own, pointing at the held-out copies.
    held_files = "; ".join(sorted({item["source_file"] for item in truth["held_out"]}))
    for unit in truth["follow_up_units"]:
        rows = list(workbook[unit].iter_rows(min_row=5, values_only=True))
        got = sorted((labels[row[1]], row[4] or "", row[6] or 0) for row in rows)
        want = sorted((flag["rule"], flag.get("source_file", ""), flag.get("source_row", 0))
                      for flag in truth["flags"] if flag["ward"] == unit
                      and flag["rule"] != "duplicate_conflict")
        # A conflict is a flag per copy, one finding: one line naming both files.
        conflicts: dict[str, set] = {}
        for flag in truth["flags"]:
            if flag["ward"] == unit and flag["rule"] == "duplicate_conflict":
                conflicts.setdefault(flag["phase"], set()).add(flag["source_file"])
        want += [("duplicate_conflict", "; ".join(sorted(files)), 0)
                 for files in conflicts.values()]
        want += [("partly_held_out", held_files, 0) for item in truth["completeness"]
                 if item["ward"] == unit and item["status"] == "partly_held_out"]
        assert got == sorted(want), unit


def test_duplicates_are_counted_once_or_held_out(mid_run, truth):
    out, _, _ = mid_run
    held = read_csv(out / "held_out.csv")
    assert sorted(zip(held["source_file"], held["sheet"], held["source_row"], strict=True)) \
        == sorted((item["source_file"], item["sheet"], item["source_row"])
                  for item in truth["held_out"])
    rejects = read_csv(out / "rejects.csv")
    repeats = rejects[rejects["reason"].str.contains("duplicate report")]
    assert sorted(zip(repeats["source_file"], repeats["sheet"], repeats["source_row"].astype(int),
                      strict=True)) == sorted(
        (item["source_file"], item["sheet"], item["source_row"])
        for item in truth["duplicate_rejects"])


def test_figures_match_truth_after_the_duplicate_step(mid_run, truth):
    out, _, _ = mid_run
    table = read_csv(out / "participation_by_ward_phase.csv").set_index(["phase", "ward"])
    assert len(table) == len(truth["units"])
    for unit in truth["units"]:
        row = table.loc[(unit["phase"], unit["ward"])]
        for column in ("expected", "attended", "absent_excused", "absent_unexcused",
                       "absent_unspecified"):
            assert int(row[column]) == unit[column], (unit["phase"], unit["ward"], column)


def test_manifest_accounts_for_held_out_rows(mid_run, truth):
    out, _, _ = mid_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["inputs"]:
        assert entry["rows_read"] == truth["data_rows_per_file"][entry["file"]]
        assert entry["rows_read"] == (entry["rows_accepted"] + entry["rows_rejected"]
                                      + entry["rows_held_out"]), entry["file"]
        for sheet in entry["sheets"]:
            assert sheet["rows_read"] == (sheet["rows_accepted"] + sheet["rows_rejected"]
                                          + sheet["rows_held_out"])
    totals = manifest["accounting"]
    rows = truth["rows"]
    assert (totals["rows_read"], totals["rows_accepted"], totals["rows_rejected"],
            totals["rows_held_out"]) == (rows["read"], rows["accepted"], rows["rejected"],
                                         rows["held_out"])
    assert totals["units_missing"] == {"2": len(truth["grassroots_phase2"]["missing"])}


def test_raw_folder_untouched_and_outputs_byte_identical(mid_run, tmp_path):
    out, _, before = mid_run
    assert tree_digest(MID_RAW) == before
    again = tmp_path / "again"
    completed = run_cli("run", str(MID_RAW), "--out", str(again), "--no-notebooks")
    assert completed.returncode == 0, completed.stderr
    for name in QUALITY_FILES:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_strict_fails_on_held_out_and_rejected_rows(tmp_path):
    completed = run_cli("run", str(MID_RAW), "--out", str(tmp_path / "o"), "--strict",
                        "--no-notebooks")
    assert completed.returncode == 1

"""The three demo campaigns run one after the other, then `python -m analysis trends`.

Expected figures come from the generators' own numbers: tests/data/demo_2020_truth.json and
demo_2026_truth.json (scripts/make_demo_campaigns.py), and tests/data/trends_truth.json, the
trend table that script computes from all three demos and the lineage CSV.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import ROOT, tree_digest

DEMOS = ("demo-2015-long-bien", "demo-2020-long-bien", "demo-2026-long-bien")
TRUTH = ROOT / "tests" / "data"
COUNTS = ("expected", "attended", "absent_excused", "absent_unexcused", "absent_unspecified")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, check=False)


def truth(name: str) -> dict:
    return json.loads((TRUTH / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("trends") / "processed"
    raw_before = {demo: tree_digest(ROOT / "data" / "raw" / demo) for demo in DEMOS}
    for demo in DEMOS:
        completed = run_cli("run", str(ROOT / "data" / "raw" / demo), "--out",
                            str(root / demo), "--no-notebooks")
        assert completed.returncode == 0, completed.stderr
    assert {demo: tree_digest(ROOT / "data" / "raw" / demo) for demo in DEMOS} == raw_before
    return root


def read_trends(path: Path) -> dict[str, dict]:
    table = pd.read_csv(path, encoding="utf-8-sig", dtype={"phase": str},
                        keep_default_na=False)
    rows = {}
    for row in table.itertuples(index=False):
        assert row.rate == pytest.approx(row.attended / row.expected, abs=5e-7)
        rows[f"{row.campaign}|{row.phase}|{row.ward}|{row.boundaries}"] = {
            "campaign_start": row.campaign_start, "kind": row.kind, "expected": row.expected,
            "attended": row.attended, "approximate": bool(row.approximate),
            "from_wards": row.from_wards.split("; ")}
    return rows


@pytest.mark.parametrize("demo, truth_file", [("demo-2020-long-bien", "demo_2020_truth.json"),
                                              ("demo-2026-long-bien", "demo_2026_truth.json")])
def test_later_demos_match_their_generator(processed, demo, truth_file):
    table = pd.read_csv(processed / demo / "participation_by_ward_phase.csv",
                        encoding="utf-8-sig", dtype={"phase": str})
    got = {(row.phase, row.ward, row.kind): tuple(getattr(row, name) for name in COUNTS)
           for row in table.itertuples(index=False)}
    want = {(unit["phase"], unit["ward"], unit["kind"]): tuple(unit[name] for name in COUNTS)
            for unit in truth(truth_file)["units"]}
    assert got == want
    manifest = json.loads((processed / demo / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["accounting"]["rows_rejected"] == 0


def test_trends_as_recorded(processed):
    completed = run_cli("trends", "--processed", str(processed))
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    # The demos are Vietnamese campaigns (lang = "vi"): so is what the command says.
    assert lines[:4] == [
        "Xu hướng qua 3 đợt, theo thứ tự ngày bắt đầu:",
        "  2015 (demo-2015-long-bien, 2015-09-01): 2/2 giai đoạn, 14 phường, 95,4% (22.725/23.820)"
        "; tính một phần (†): Giang Biên, Phúc Lợi; không gồm 5 đảng bộ khác (tỷ lệ khi chạy "
        "đợt có gộp)",
        "  2020 (demo-2020-long-bien, 2020-09-01): 2/2 giai đoạn, 14 phường, 95,9% (24.750/25.816)"
        "; không gồm 5 đảng bộ khác (tỷ lệ khi chạy đợt có gộp)",
        "  2026 (demo-2026-long-bien, 2026-03-02): 2/2 giai đoạn, 5 phường, 96,1% (30.367/31.610)",
    ]  # the demos of 2015 and 2020 list 5 committees each, that of 2026 none
    # The 2026 campaign is on the 2025 wards: said so, and how to compare across (QA60 #5).
    assert lines[4].startswith("  Các đợt trước và từ 7/2025 tính trên hai bộ phường khác "
                               "nhau")
    assert lines[5:] == [f"Bảng: {processed / 'trends_by_ward.csv'}",
                         f"Biểu đồ: {processed / 'trends_figures'}"]
    assert read_trends(processed / "trends_by_ward.csv") == truth("trends_truth.json")[
        "as_recorded"]
    figures = processed / "trends_figures"
    assert sorted(path.name for path in figures.iterdir()) == [
        "campaign_trend.png", "campaign_trend.svg", "ward_trend.png", "ward_trend.svg"]
    for path in figures.iterdir():
        assert path.stat().st_size > 10_000


def test_trends_on_the_2025_wards(processed):
    completed = run_cli("trends", "--processed", str(processed), "--on-successors")
    assert completed.returncode == 0, completed.stderr
    assert ("  Tính trên các phường từ 2025 (phường kế thừa theo tệp kế thừa "
            "vietnamadminunits ") in completed.stdout
    rows = read_trends(processed / "trends_by_ward.csv")
    assert rows == truth("trends_truth.json")["on_successors"]
    # Hand check of one sum: Bồ Đề 2015 phase 1 = Bồ Đề 1094 + Gia Thụy 1015 + Ngọc Lâm 1113.
    bo_de = rows["demo-2015-long-bien|1|Bồ Đề|2025"]
    assert bo_de["expected"] == 1094 + 1015 + 1113
    assert bo_de["attended"] == 1047 + 953 + 1040
    assert bo_de["approximate"]
    assert not rows["demo-2026-long-bien|1|Bồ Đề|2025"]["approximate"]


def test_trends_outputs_are_byte_identical(processed):
    def digest() -> dict[str, str]:
        paths = [processed / "trends_by_ward.csv",
                 *sorted((processed / "trends_figures").iterdir())]
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}

    assert run_cli("trends", "--processed", str(processed)).returncode == 0
    first = digest()
    assert run_cli("trends", "--processed", str(processed)).returncode == 0
    assert digest() == first


def test_trends_without_processed_campaigns_is_fatal(tmp_path):
    completed = run_cli("trends", "--processed", str(tmp_path))
    assert completed.returncode == 2
    assert completed.stderr == (
        f"Lỗi: Không có đợt nào đã xử lý trong {tmp_path}: hãy chạy `python -m analysis run "
        f"data/raw/<campaign>` trước (no processed campaign in {tmp_path}: run `python -m "
        "analysis run data/raw/<campaign>` first)\n")

"""The whole suite on the bundled demo campaign, as `make demo` runs it.

Expected figures come from tests/data/demo_truth.json, which scripts/make_demo.py writes from
the numbers it generated, and from the source article (96% for the 19 grassroots classes).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.helpers import DEMO_RAW, ROOT, tree_digest

DATA_FILES = (
    "attendance.parquet",
    "participation_by_ward_phase.csv",
    "participation_by_phase.csv",
    "participation_by_session.csv",
    "rejects.csv",
    "reconciliation.csv",
    "summary.xlsx",
    "completeness.csv",
    "quality_flags.csv",
    "held_out.csv",
    "follow_up.xlsx",
    "manifest.json",
)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, dict]:
    """One full run, notebooks and report included; raw folder fingerprinted around it."""
    out = tmp_path_factory.mktemp("demo") / "out"
    raw_before = tree_digest(DEMO_RAW)
    completed = run_cli("run", str(DEMO_RAW), "--out", str(out))
    return out, completed, raw_before


def test_run_succeeds_and_says_where_outputs_are(demo_run):
    out, completed, _ = demo_run
    assert completed.returncode == 0, completed.stderr
    assert "4.316 dòng đã đọc = 4.314 nhận + 2 loại" in completed.stdout
    assert str(out / "report.html") in completed.stdout
    assert "95,9%" in completed.stdout  # 12,351/12,884; the article's 96% to a whole percent


def test_every_contract_output_exists(demo_run):
    out, _, _ = demo_run
    for name in (*DATA_FILES, "report.html"):
        assert (out / name).is_file(), name
    stems = {path.stem for path in (out / "figures").glob("*.png")}
    assert {"rate_by_ward_phase_1", "rate_by_ward_phase_2", "ward_phase_heatmap",
            "phase_comparison", "absence_breakdown_phase_2", "class_view_phase_2"} <= stems
    assert (out / "figures" / "bieu-do.pdf").read_bytes().startswith(b"%PDF")
    for stem in stems:
        assert (out / "figures" / f"{stem}.png").stat().st_size > 10_000
        assert (out / "figures" / f"{stem}.svg").stat().st_size > 10_000


def test_grassroots_phase_two_rounds_to_article_96_percent(demo_run, demo_truth):
    out, _, _ = demo_run
    table = pd.read_csv(out / "participation_by_ward_phase.csv", dtype={"phase": str})
    grassroots = table[(table["phase"] == "2") & table["kind"].isin(["ward", "committee"])]
    assert len(grassroots) == 19  # 14 wards + 5 other party committees
    rate = grassroots["attended"].sum() / grassroots["expected"].sum()
    assert round(rate * 100) == 96
    truth = demo_truth["grassroots_phase2"]
    assert grassroots["attended"].sum() == truth["attended"]
    assert grassroots["expected"].sum() == truth["expected"]


def test_every_unit_matches_generator_truth(demo_run, demo_truth):
    out, _, _ = demo_run
    table = pd.read_csv(out / "participation_by_ward_phase.csv", dtype={"phase": str})
    table = table.set_index(["phase", "ward"])
    assert len(table) == len(demo_truth["units"])
    for unit in demo_truth["units"]:
        row = table.loc[(unit["phase"], unit["ward"])]
        for column in ("expected", "attended", "absent_excused", "absent_unexcused",
                       "absent_unspecified"):
            assert row[column] == unit[column], (unit["phase"], unit["ward"], column)
        assert row["kind"] == unit["kind"]
        assert row["rate"] == pytest.approx(unit["attended"] / unit["expected"], abs=1e-6)


def test_phase_totals_are_pooled(demo_run, demo_truth):
    out, _, _ = demo_run
    by_phase = pd.read_csv(out / "participation_by_phase.csv", dtype={"phase": str})
    assert by_phase["phase"].tolist() == ["1", "2"]
    for row in by_phase.itertuples():
        truth = demo_truth["phase_totals"][row.phase]
        assert (row.expected, row.attended) == (truth["expected"], truth["attended"])
        assert row.rate == pytest.approx(truth["attended"] / truth["expected"], abs=1e-6)


def test_district_classes_in_session_table(demo_run, demo_truth):
    out, _, _ = demo_run
    sessions = pd.read_csv(out / "participation_by_session.csv", dtype={"phase": str})
    district = sessions[sessions["kind"] == "district"].set_index("session")
    assert len(district) == 7  # 1 key-cadre class + 6 district classes (article)
    for klass in demo_truth["district_classes"]:
        row = district.loc[klass["session"]]
        assert (row["expected"], row["attended"]) == (klass["expected"], klass["attended"])
    assert (district.drop(index="Lớp cán bộ chủ chốt")["expected"] == 400).all()


def test_rejects_are_the_two_blank_markers(demo_run, demo_truth):
    out, _, _ = demo_run
    rejects = pd.read_csv(out / "rejects.csv")
    found = sorted(zip(rejects["source_file"], rejects["sheet"], rejects["source_row"],
                       strict=True))
    expected = sorted((item["file"], item["sheet"], item["row"])
                      for item in demo_truth["blank_markers"])
    assert found == expected
    assert rejects["reason"].str.contains("blank roll-call marker").all()


def test_totals_row_typo_is_reported(demo_run, demo_truth):
    out, _, _ = demo_run
    checks = pd.read_csv(out / "reconciliation.csv")
    mismatches = checks[checks["status"] == "mismatch"]
    truth = demo_truth["totals_mismatch"]
    assert len(mismatches) == 1
    row = mismatches.iloc[0]
    assert (row["source_file"], row["source_row"], row["column"]) == (
        truth["file"], truth["row"], truth["column"])
    assert (row["stated"], row["computed"]) == (truth["stated"], truth["sum"])


def test_manifest_accounts_for_every_row(demo_run, demo_truth):
    out, _, _ = demo_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["inputs"]:
        assert entry["rows_read"] == entry["rows_accepted"] + entry["rows_rejected"]
        assert entry["rows_read"] == demo_truth["data_rows_per_file"][entry["file"]]
        for sheet in entry["sheets"]:
            assert sheet["rows_read"] == sheet["rows_accepted"] + sheet["rows_rejected"]
    totals = manifest["accounting"]
    assert totals["rows_read"] == sum(demo_truth["data_rows_per_file"].values())
    assert totals["rows_rejected"] == len(demo_truth["blank_markers"])
    raw_files = {path.relative_to(DEMO_RAW).as_posix() for path in DEMO_RAW.rglob("*")
                 if path.is_file()}
    listed = {entry["file"] for entry in manifest["inputs"]} | set(manifest["ignored_files"])
    assert listed == raw_files - {"campaign.toml"}
    assert manifest["packages"]["pandas"].startswith("3.")


def test_parquet_keeps_provenance(demo_run):
    out, _, _ = demo_run
    records = pd.read_parquet(out / "attendance.parquet")
    assert {"source_file", "sheet", "source_row"} <= set(records.columns)
    bo_de_phase_one = records[(records["source_file"] == "giai-doan-1/bo-de.xlsx")]
    # The demo's phase-1 sheets have a 2-row header on rows 7-8: data starts on row 9.
    assert bo_de_phase_one["source_row"].min() == 9
    assert records["expected"].dtype == "int64"


def test_summary_xlsx_matches_csvs(demo_run):
    out, _, _ = demo_run
    workbook = openpyxl.load_workbook(out / "summary.xlsx")
    assert "Ghi chú" in workbook.sheetnames
    # Counts as the log and the report write them, "12.351", never "12351" (QA round 38).
    totals = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["accounting"]
    notes = {row[0]: row[1] for row in workbook["Ghi chú"].iter_rows(values_only=True)}
    assert notes["Số dòng đọc = nhận + loại + chưa tính (trùng)"] == " = ".join([
        f"{totals['rows_read']:,}".replace(",", "."), " + ".join(
            f"{totals[name]:,}".replace(",", ".")
            for name in ("rows_accepted", "rows_rejected", "rows_held_out"))])
    assert "." in notes["Số dòng đọc = nhận + loại + chưa tính (trùng)"]
    sheet = workbook["Theo giai đoạn"]
    assert [cell.value for cell in sheet[1]] == ["Giai đoạn", "Số phải học", "Có mặt",
                                                 "Tỷ lệ tham dự", "Đơn vị đã báo cáo",
                                                 "Đơn vị phải báo cáo",
                                                 "Đơn vị ngoài danh sách (có trong tỷ lệ)"]
    assert sheet.freeze_panes == "A2"
    by_phase = pd.read_csv(out / "participation_by_phase.csv", dtype={"phase": str})
    # The demo is complete: 14 wards in phase 1; 14 wards, 5 committees, the district in 2.
    assert by_phase[["units_reported", "units_expected", "units_unexpected"]].values.tolist() \
        == [[14, 14, 0], [20, 20, 0]]
    for row_number, row in enumerate(by_phase.itertuples(), start=2):
        assert sheet.cell(row_number, 2).value == row.expected
        assert sheet.cell(row_number, 3).value == row.attended
        assert sheet.cell(row_number, 4).value == pytest.approx(row.rate, abs=1e-6)
    # Phase 1 is 94,95%, under the 95% target: two decimals, never "95,0%" (QA round 38);
    # phase 2, 95,9%, one.
    assert [sheet.cell(row, 4).number_format for row in (2, 3)] == ["0.00%", "0.0%"]


def test_report_has_headline_and_no_code(demo_run):
    out, _, _ = demo_run
    html = (out / "report.html").read_text(encoding="utf-8")
    # Its two blank roll-call marks (demo_truth's blank_markers) leave two wards counted in
    # part, and the headline says so.
    assert ("Tỷ lệ tham dự giai đoạn 2 (19/19 đơn vị cơ sở đã báo cáo): 95,9% (12.351/12.884 "
            "đảng viên). Tính một phần, có dòng bị loại chưa tính: Giang Biên, Phúc Lợi.") in html
    assert "from analysis" not in html and "analyse(raw_dir)" not in html
    assert "hl-ipython3" not in html  # no highlighted Python source anywhere
    assert html.count("data:image/png;base64") >= 4
    assert html.index("95,9%") < html.index("Đọc và kiểm tra dữ liệu")  # headline first
    # The data-quality section closes the briefing, before the row accounting behind it.
    quality = html.index(">Chất lượng dữ liệu<")  # a heading, without its file's number
    assert html.index("95,9%") < quality < html.index("Đọc và kiểm tra dữ liệu")
    assert "Giai đoạn 2: 20/20 đơn vị đã báo cáo (100%)" in html


def test_report_by_class_table_has_the_rows_of_summary_xlsx(demo_run):
    # QA round 38: summary.xlsx's "Theo lớp" held every phase's classes (40 rows), the
    # report's the last phase's alone (26), under the same heading.
    out, _, _ = demo_run
    sessions = pd.read_csv(out / "participation_by_session.csv", dtype={"phase": str})
    html = (out / "report.html").read_text(encoding="utf-8")
    after = html[html.index('<h2 id="Theo-l%E1%BB%9Bp">'):]  # the report keeps one language
    table = after[after.index("<table"):after.index("</table>")]
    assert table.count("<tr") - 1 == len(sessions) == 40  # less the header's row
    assert openpyxl.load_workbook(out / "summary.xlsx")["Theo lớp"].max_row - 1 == 40


def test_no_roll_call_name_in_any_output(demo_run, demo_truth):
    out, _, _ = demo_run
    names = [item["name"] for item in demo_truth["blank_markers"]]
    assert names
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".json", ".html", ".ipynb", ".parquet"):
            text = path.read_bytes().decode("utf-8", errors="ignore")
            for name in names:
                assert name not in text, (name, path)
    workbook = openpyxl.load_workbook(out / "summary.xlsx")
    cells = " ".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows()
                     for cell in row)
    assert "[người " in cells  # the rejected roll-call rows are there, pseudonymised
    assert not any(name in cells for name in names)
    records = pd.read_parquet(out / "attendance.parquet")
    assert "person" not in records
    assert records.loc[records["shape"] == "roster", "person_key"].str.len().eq(12).all()


def test_raw_folder_is_untouched(demo_run):
    _, _, raw_before = demo_run
    assert tree_digest(DEMO_RAW) == raw_before


def test_second_run_gives_byte_identical_data_files(demo_run, tmp_path):
    out, _, _ = demo_run
    again = tmp_path / "again"
    completed = run_cli("run", str(DEMO_RAW), "--out", str(again), "--no-notebooks")
    assert completed.returncode == 0, completed.stderr
    for name in DATA_FILES:
        if name == "manifest.json":
            continue
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    for figure in (out / "figures").iterdir():
        assert (again / "figures" / figure.name).read_bytes() == figure.read_bytes(), figure


def test_strict_exits_one_when_anything_was_rejected_and_says_why(tmp_path, demo_truth):
    # The demo's blank roll-call markers are its rejected rows, and its one totals row that
    # disagrees (`totals_mismatch`) its one check; nothing is held out. QA round 42: exit 1
    # without a word, and after "Kết quả vẫn đúng" on the run with nothing changed.
    blank = len(demo_truth["blank_markers"])  # each one for its ward to fix
    why = (f"--strict: mã thoát 1 vì có {blank} dòng hoặc tệp bị loại ({blank} cần đơn vị "
           "sửa), 1 đối chiếu lệch và 0 dòng chưa tính (báo cáo trùng, số khác nhau); xem "
           "rejects.csv, reconciliation.csv, held_out.csv")
    for _ in ("first run", "nothing changed"):
        completed = run_cli("run", str(DEMO_RAW), "--out", str(tmp_path / "o"), "--strict",
                            "--no-notebooks")
        assert completed.returncode == 1
        assert completed.stderr.splitlines()[-1] == why
    assert "rejects.csv" in run_cli("run", str(DEMO_RAW), "--out", str(tmp_path / "o"),
                                    "--no-notebooks", "--force").stdout


def test_a_run_without_notebooks_says_it_removes_the_last_report(tmp_path):
    # QA round 42: a quick `--no-notebooks` re-run removed the last run's report.html (it
    # no longer matched the data) without a word, before a meeting.
    out = tmp_path / "o"
    assert run_cli("run", str(DEMO_RAW), "--out", str(out), "--no-notebooks").returncode == 0
    (out / "report.html").write_text("<html>the last run's report</html>", encoding="utf-8")
    completed = run_cli("run", str(DEMO_RAW), "--out", str(out), "--no-notebooks", "--force")
    assert completed.returncode == 0, completed.stderr
    assert ("report.html và notebooks/ của lần chạy trước được bỏ vì không còn khớp số liệu; "
            "chạy lại không có --no-notebooks để có báo cáo mới") in completed.stderr
    assert not (out / "report.html").exists()

def test_missing_campaign_toml_is_fatal_in_one_sentence(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"")
    completed = run_cli("run", str(tmp_path), "--out", str(tmp_path.parent / "o"))
    assert completed.returncode == 2
    message = completed.stderr.strip()
    # Its language is not known without campaign.toml: Vietnamese, then English in brackets.
    assert message == (f"Lỗi: Không có campaign.toml trong {tmp_path}: hãy tạo một tệp (xem "
                       f"README, 'Starting a new campaign') (No campaign.toml in {tmp_path}: "
                       "create one (see README, 'Starting a new campaign'))")
    assert len(message.splitlines()) == 1


def test_nothing_readable_is_fatal(tmp_path):
    raw = tmp_path / "raw" / "c"
    raw.mkdir(parents=True)
    (raw / "campaign.toml").write_text('[campaign]\nid = "c"\n\n[[phases]]\nid = "1"\n',
                                       encoding="utf-8")
    (raw / "broken.xlsx").write_bytes(b"this is not a workbook")
    completed = run_cli("run", str(raw), "--no-notebooks")
    assert completed.returncode == 2
    # campaign.toml was read (lang "vi" by default): Vietnamese only, with each file's reason.
    assert completed.stderr.startswith(
        f"Lỗi: Không đọc được tệp nào trong {raw}: có 1 tệp bảng tính, không tệp nào đọc được "
        "(broken.xlsx: tệp không phải bảng tính .xlsx")
    assert completed.stderr.count("\n") == 1
    assert not (tmp_path / "processed" / "c").exists()


def test_output_inside_raw_is_refused(tmp_path):
    completed = run_cli("run", str(DEMO_RAW), "--out", str(DEMO_RAW / "out"))
    assert completed.returncode == 2
    assert completed.stderr.startswith(f"Lỗi: Thư mục kết quả {DEMO_RAW.resolve() / 'out'} nằm "
                                       f"trong thư mục dữ liệu gốc {DEMO_RAW}; ")
    assert not (DEMO_RAW / "out").exists()

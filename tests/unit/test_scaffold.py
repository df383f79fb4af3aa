"""`python -m analysis new`: campaign.toml and templates that the loader reads back exactly."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from analysis.campaign import load_campaign
from analysis.cli import main as cli_main
from analysis.ingest import ingest_campaign
from analysis.scaffold import (
    DATE_CELL,
    FIRST_ROW,
    INSTRUCTIONS_SHEET,
    ROSTER_TEMPLATE,
    SUMMARY_TEMPLATE,
    ScaffoldError,
    new_campaign,
    refresh_templates,
)

NEW_WARDS = ["Bồ Đề", "Hồng Hà", "Long Biên", "Phúc Lợi", "Việt Hưng"]


@pytest.fixture
def scaffold(tmp_path):
    return new_campaign("2027-nghi-quyet", tmp_path / "raw")


def test_new_campaign_folder_loads_as_it_is(scaffold, tmp_path):
    folder = scaffold.folder
    assert folder == tmp_path / "raw" / "2027-nghi-quyet"
    assert sorted(path.name for path in folder.iterdir()) == [
        "campaign.toml", SUMMARY_TEMPLATE, ROSTER_TEMPLATE]
    campaign = load_campaign(folder)
    assert campaign.id == "2027-nghi-quyet"
    assert campaign.phase_ids == ["1", "2"]
    assert [unit.name for unit in campaign.units] == NEW_WARDS  # the 2025 successor wards
    assert campaign.units_from_config
    # Nothing else was left beside it (the folder is built aside and renamed).
    assert [path.name for path in (tmp_path / "raw").iterdir()] == ["2027-nghi-quyet"]


def test_units_of_2015_on_request(tmp_path):
    folder = new_campaign("old", tmp_path, units="2015").folder
    assert len(load_campaign(folder).units) == 14


def test_templates_have_the_checks_wards_need(scaffold):
    workbook = openpyxl.load_workbook(scaffold.folder / SUMMARY_TEMPLATE)
    sheet = workbook.worksheets[0]
    assert workbook.sheetnames == ["Tổng hợp", INSTRUCTIONS_SHEET]
    assert [cell.value for cell in sheet[FIRST_ROW - 1]] == [
        "STT", "Đơn vị", "Chi bộ", "Giai đoạn", "Lớp", "Tổng số đảng viên", "Có mặt",
        "Vắng có lý do", "Vắng không lý do", "Ghi chú"]
    assert sheet.freeze_panes == f"A{FIRST_ROW}"
    assert sheet.column_dimensions["B"].width == 24
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    counts = rules["F5:F2004 G5:G2004 H5:H2004 I5:I2004"]
    assert (counts.type, counts.operator, counts.formula1) == ("whole", "greaterThanOrEqual",
                                                               "0")
    assert counts.errorStyle == "stop"
    assert rules["B5:B2004"].type == "list"
    assert rules["B5:B2004"].formula1 == f"'{INSTRUCTIONS_SHEET}'!$F$2:$F$6"
    assert rules["D5:D2004"].formula1 == f"'{INSTRUCTIONS_SHEET}'!$G$2:$G$3"
    guide = workbook[INSTRUCTIONS_SHEET]
    assert [guide.cell(row, 6).value for row in range(2, 7)] == NEW_WARDS
    assert [guide.cell(row, 7).value for row in (2, 3)] == ["Giai đoạn 1", "Giai đoạn 2"]

    roster = openpyxl.load_workbook(scaffold.folder / ROSTER_TEMPLATE).worksheets[0]
    assert [cell.value for cell in roster[FIRST_ROW - 1]] == [
        "STT", "Họ và tên", "Đơn vị", "Chi bộ", "Giai đoạn", "Lớp", "Điểm danh", "Ghi chú"]
    markers = {str(rule.sqref): rule for rule in roster.data_validations.dataValidation}
    assert markers["G5:G2004"].formula1 == '"x,v,P,KP"'
    assert markers["G5:G2004"].errorStyle == "stop"


def test_templates_are_byte_identical_for_the_same_campaign(tmp_path):
    first = new_campaign("same", tmp_path / "a").folder
    second = new_campaign("same", tmp_path / "b").folder
    for name in ("campaign.toml", SUMMARY_TEMPLATE, ROSTER_TEMPLATE):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_filled_templates_are_read_back_exactly(scaffold):
    """Round trip: what a ward types into the templates is exactly what the loader reads."""
    folder = scaffold.folder
    summary_rows = [
        (1, "Bồ Đề", "Chi bộ TDP số 1", "Giai đoạn 1", "Lớp A", 40, 37, 2, 1, "ghi chú"),
        (2, "Hồng Hà", None, "Giai đoạn 2", None, 1250, 1200, 30, 20, None),
        (3, "Việt Hưng", "Chi bộ TDP số 7", "Giai đoạn 2", "Lớp B", 12, 12, 0, 0, None),
    ]
    workbook = openpyxl.load_workbook(folder / SUMMARY_TEMPLATE)
    for offset, values in enumerate(summary_rows):
        for column, value in enumerate(values, start=1):
            workbook.worksheets[0].cell(FIRST_ROW + offset, column, value)
    workbook.worksheets[0][DATE_CELL] = dt.datetime(2026, 3, 2)  # the report's date
    (folder / "giai-doan-2").mkdir()
    workbook.save(folder / "giai-doan-2" / "tong-hop.xlsx")
    people = [("Nguyễn Văn An", "x"), ("Lê Thị Hà", "KP"), ("Trần Minh Tâm", "P"),
              ("Phạm Thu Trang", "v"), ("Đỗ Văn Nam", "x")]
    workbook = openpyxl.load_workbook(folder / ROSTER_TEMPLATE)
    for offset, (name, marker) in enumerate(people):
        values = (offset + 1, name, "Long Biên", "Chi bộ 3", "Giai đoạn 1", "Lớp C", marker)
        for column, value in enumerate(values, start=1):
            workbook.worksheets[0].cell(FIRST_ROW + offset, column, value)
    workbook.save(folder / "giai-doan-2" / "diem-danh-long-bien.xlsx")

    result = ingest_campaign(load_campaign(folder), cache_dir=None)
    assert result.rejects.empty and result.checks.empty
    records = result.records
    summary = records[records["shape"] == "summary"][[
        "source_row", "ward", "cell", "phase", "session", "expected", "attended",
        "absent_excused", "absent_unexcused", "absent_unspecified"]].astype(object)
    summary = summary.where(summary.notna(), None)  # a blank cell is missing, not ""
    assert [tuple(row) for row in summary.itertuples(index=False)] == [
        (5, "Bồ Đề", "Chi bộ TDP số 1", "1", "Lớp A", 40, 37, 2, 1, 0),
        (6, "Hồng Hà", None, "2", None, 1250, 1200, 30, 20, 0),
        (7, "Việt Hưng", "Chi bộ TDP số 7", "2", "Lớp B", 12, 12, 0, 0, 0),
    ]
    roster = records[records["shape"] == "roster"]
    assert roster["source_row"].tolist() == [5, 6, 7, 8, 9]
    assert set(roster["ward"]) == {"Long Biên"} and set(roster["phase"]) == {"1"}
    assert set(roster["session"]) == {"Lớp C"} and set(roster["cell"]) == {"Chi bộ 3"}
    assert roster[["attended", "absent_excused", "absent_unexcused",
                   "absent_unspecified"]].values.tolist() == [
        [1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0]]
    assert roster["person_key"].notna().all() and roster["person_key"].nunique() == 5

    files = {entry["file"]: entry for entry in result.files}
    filled = files["giai-doan-2/tong-hop.xlsx"]["sheets"][0]
    # The template's own "Ngày báo cáo" field (QA round 63 #1: read as a title's date).
    assert (filled["report_date"], filled["report_date_source"]) == ("2026-03-02", "form")
    assert files["giai-doan-2/diem-danh-long-bien.xlsx"]["sheets"][0]["report_date"] is None
    # The blank templates left in the folder are read and contribute nothing.
    for name in (SUMMARY_TEMPLATE, ROSTER_TEMPLATE):
        assert files[name]["rows_read"] == 0
    for entry in files.values():
        statuses = {sheet["sheet"]: sheet["status"] for sheet in entry["sheets"]}
        assert statuses[INSTRUCTIONS_SHEET] == "no_table"  # skipped, not rejected


def test_refresh_templates_follows_campaign_toml_but_keeps_filled_ones(scaffold):
    folder = scaffold.folder
    toml = folder / "campaign.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[[units]]\nname = "Đảng bộ Khối '
                    'Giáo dục"\nkind = "committee"\n', encoding="utf-8")
    refresh_templates(folder)
    guide = openpyxl.load_workbook(folder / SUMMARY_TEMPLATE)[INSTRUCTIONS_SHEET]
    assert guide.cell(7, 6).value == "Đảng bộ Khối Giáo dục"
    workbook = openpyxl.load_workbook(folder / ROSTER_TEMPLATE)
    workbook.worksheets[0].cell(FIRST_ROW, 2, "Nguyễn Văn An")
    workbook.save(folder / ROSTER_TEMPLATE)
    with pytest.raises(ScaffoldError) as raised:
        refresh_templates(folder)
    assert str(raised.value).startswith(f"{folder / ROSTER_TEMPLATE} đã được điền số liệu; ")
    assert "has been filled in" in raised.value.english


@pytest.mark.parametrize("campaign_id", ["", "có dấu", "../escape", "-dash", "a/b"])
def test_bad_ids_are_refused(tmp_path, campaign_id):
    with pytest.raises(ScaffoldError) as raised:
        new_campaign(campaign_id, tmp_path)
    assert str(raised.value).startswith(f"'{campaign_id}' không dùng được làm mã đợt: ")
    assert "cannot be a campaign id" in raised.value.english


def test_new_command_never_overwrites(tmp_path, capsys):
    assert cli_main(["new", "c1", "--raw", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Đã tạo {tmp_path / 'c1'} (created):\n")
    assert "Tiếp theo: điền campaign.toml" in out
    before = (tmp_path / "c1" / "campaign.toml").read_bytes()
    assert cli_main(["new", "c1", "--raw", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"Lỗi: {tmp_path / 'c1'} đã có; hãy chọn mã đợt "
                                              "khác")
    assert (tmp_path / "c1" / "campaign.toml").read_bytes() == before
    # A run on the blank folder says there is nothing yet, in one sentence.
    assert cli_main(["run", str(tmp_path / "c1"), "--out", str(tmp_path / "out"),
                     "--no-notebooks"]) == 2
    # campaign.toml was read (lang = "vi"): Vietnamese only.
    assert capsys.readouterr().err == (
        f"Lỗi: Chưa có dòng điểm danh nào trong {tmp_path / 'c1'}: đã đọc 2 tệp, bảng nào "
        "cũng trống; hãy thêm các báo cáo đơn vị đã điền rồi chạy lại\n")

"""summary.xlsx shows completeness and reconciliation codes in the campaign's language; the CSVs
keep the codes, the machine contract."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import pandas as pd
import pytest

from analysis.export import write_csv, write_summary_xlsx
from analysis.pipeline import analyse, write_summary
from analysis.tables import completeness_table, files_table
from tests.unit.builders import Sheet, write_campaign, write_xlsx

# Every completeness status and timeliness code, one unit each.
COMPLETENESS = pd.DataFrame({
    "phase": ["2"] * 6,
    "ward": ["Bồ Đề", "Cự Khối", "Cấp quận", "Long Biên", "Ngọc Lâm", "Gia Thụy"],
    "status": ["reported", "missing", "held_out", "partly_held_out", "rejected", "unexpected"],
    "timeliness": ["on_time", "", "late", "unknown", "no_deadline", "on_time"],
    "report_date_source": ["footer", "", "title", "", "date_column", "footer"],
})
VI_STATUS = ["đã báo cáo", "CHƯA BÁO CÁO", "gửi trùng, số khác nhau: chưa tính",
             "tính một phần: có lớp hoặc chi bộ gửi trùng, số khác nhau chưa tính",
             "CÓ BÁO CÁO NHƯNG BỊ LOẠI (CẢ TỆP HOẶC MỌI DÒNG): chưa tính",
             "báo cáo (không có trong danh sách)"]
VI_TIMELINESS = ["đúng hạn", None, "MUỘN", "không rõ ngày", "không đặt hạn", "đúng hạn"]
EN_STATUS = ["reported", "NOT REPORTED", "sent twice, figures differ: not counted",
             "partly counted: a class or party cell sent twice with different figures left out",
             "REPORT RECEIVED BUT REJECTED (WHOLE FILE OR EVERY ROW): not counted",
             "reported (not listed)"]
EN_TIMELINESS = ["on time", None, "LATE", "date unknown", "no deadline", "on time"]
VI_SOURCE = ["dòng ngày tháng cuối báo cáo", None, "phần tiêu đề", None, "cột ngày (ngày cuối)",
             "dòng ngày tháng cuối báo cáo"]
EN_SOURCE = ["date line at the end", None, "title block", None, "date column (last date)",
             "date line at the end"]


def columns(path, sheet: str) -> dict[str, list]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return {name: [row[position] for row in rows[1:]] for position, name in enumerate(rows[0])}


@pytest.mark.parametrize(("lang", "status", "timeliness", "source", "headers"), [
    ("vi", VI_STATUS, VI_TIMELINESS, VI_SOURCE, ("Kết quả", "Đúng hạn", "Ngày đọc từ")),
    ("en", EN_STATUS, EN_TIMELINESS, EN_SOURCE, ("Result", "Timeliness", "Date read from")),
])
def test_completeness_codes_are_words_of_the_language(tmp_path, lang, status, timeliness,
                                                       source, headers):
    path = tmp_path / "summary.xlsx"
    write_summary_xlsx({"Báo cáo đã nhận": COMPLETENESS}, [], path, lang=lang, target=0.95)
    got = columns(path, "Báo cáo đã nhận")
    assert got[headers[0]] == status
    assert got[headers[1]] == timeliness  # "" (no report, no date): an empty cell
    assert got[headers[2]] == source
    # The CSV of the same table keeps the codes.
    write_csv(COMPLETENESS, tmp_path / "completeness.csv")
    written = pd.read_csv(tmp_path / "completeness.csv", keep_default_na=False)
    assert written["status"].tolist() == COMPLETENESS["status"].tolist()
    assert written["timeliness"].tolist() == COMPLETENESS["timeliness"].tolist()
    assert written["report_date_source"].tolist() == COMPLETENESS["report_date_source"].tolist()


# A real run: gd1/a.xlsx, sheet "S", phase 1, Bồ Đề 40/38 and a "Tổng cộng" row saying 40/39
# (the attended total disagrees: 38); Ngọc Lâm sent nothing. No deadline.
@pytest.fixture
def results(tmp_path):
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": "Bồ Đề", "kind": "ward"}, {"name": "Ngọc Lâm", "kind": "ward"}])
    write_xlsx(folder / "gd1/a.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 40, 38], ["Tổng cộng", 40, 39]]))
    return analyse(folder)


def test_summary_xlsx_of_a_vietnamese_campaign_shows_vietnamese_words(results, tmp_path):
    path = tmp_path / "summary.xlsx"
    write_summary(results, path)
    received = columns(path, "Báo cáo đã nhận")
    assert list(zip(received["Đơn vị"], received["Kết quả"], received["Đúng hạn"],
                    strict=True)) == [("Bồ Đề", "đã báo cáo", "không đặt hạn"),
                                      ("Ngọc Lâm", "CHƯA BÁO CÁO", None)]
    checks = columns(path, "Đối chiếu")
    # What was checked, not the rule of a disagreement (QA round 44: "Dòng tổng cộng không
    # khớp" beside "khớp").
    assert list(zip(checks["Kiểm tra"], checks["Cột"], checks["Kết quả"], strict=True)) == [
        ("Dòng tổng cộng", "Tổng số đảng viên", "khớp"),
        ("Dòng tổng cộng", "Có mặt", "KHÔNG KHỚP")]
    # The rate last, after every count, as in the report's table (QA round 81 #7).
    by_unit = list(columns(path, "Theo đơn vị"))
    assert by_unit[-2:] == ["Vắng (không rõ lý do)", "Tỷ lệ tham dự"]
    # The same run's CSV keeps the codes.
    assert results.quality.completeness["status"].tolist() == ["reported", "missing"]
    assert results.ingest.checks["status"].tolist() == ["ok", "mismatch"]


def test_summary_xlsx_of_an_english_campaign_shows_english_words(results, tmp_path):
    path = tmp_path / "summary.xlsx"
    english = dataclasses.replace(results, campaign=dataclasses.replace(results.campaign,
                                                                        lang="en"))
    write_summary(english, path)
    received = columns(path, "Reports received")
    assert list(zip(received["Unit"], received["Result"], received["Timeliness"],
                    strict=True)) == [("Bồ Đề", "reported", "no deadline"),
                                      ("Ngọc Lâm", "NOT REPORTED", None)]
    assert columns(path, "Reconciliation")["Result"] == ["agrees", "DISAGREES"]
    assert columns(path, "Reconciliation")["Check"] == ["Totals row", "Totals row"]


def test_yes_no_and_dates_are_written_for_people_where_the_csv_keeps_codes(tmp_path):
    # QA round 38: summary.xlsx said True/False and the report "2015-11-23", stored as text.
    folder = tmp_path / "raw"
    toml = write_campaign(folder, phases=(("1", "Giai đoạn 1"),),
                          units=[{"name": "Bồ Đề", "kind": "ward"},
                                 {"name": "Ngọc Lâm", "kind": "ward"}])
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'label = "Giai đoạn 1"', 'label = "Giai đoạn 1"\ndeadline = "2015-11-25"'),
        encoding="utf-8")
    write_xlsx(folder / "gd1/a.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 40, 38],
        ["Long Biên, ngày 23 tháng 11 năm 2015"]]))
    results = analyse(folder)
    path = tmp_path / "summary.xlsx"
    write_summary(results, path)
    received = columns(path, "Báo cáo đã nhận")
    assert received["Đã báo cáo"] == ["có", "không"]
    assert received["Phải báo cáo"] == ["có", "có"]
    assert received["Ngày báo cáo"] == [dt.datetime(2015, 11, 23), None]  # a date cell
    assert received["Hạn nộp"] == [dt.datetime(2015, 11, 25)] * 2
    sheet = openpyxl.load_workbook(path)["Báo cáo đã nhận"]
    assert {sheet.cell(2, column).number_format for column in (9, 11)} == {"dd/mm/yyyy"}
    # The report's tables: the same day as the titles and charts write one.
    shown = completeness_table(results)
    assert shown["Ngày báo cáo"].tolist() == ["23/11/2015", ""]
    assert files_table(results)["Ngày báo cáo"].tolist() == ["23/11/2015"]
    # The CSVs keep ISO dates and booleans.
    completeness = results.quality.completeness
    assert completeness["report_date"].tolist() == ["2015-11-23", ""]
    assert completeness["reported"].tolist() == [True, False]


def test_flags_and_rejects_in_summary_xlsx_are_words_of_the_campaigns_language(tmp_path):
    # QA round 42: summary.xlsx showed 'missing_report', 'error', the phase '1' and the
    # English in brackets, where the report shows "Chưa gửi báo cáo", "Cần xử lý",
    # "Giai đoạn 1". Bồ Đề 40/38 counted; Ngọc Lâm's row refused (55 present of 50), every
    # one of its rows: a "rejected_report" error; nothing else is expected of phase 1.
    raw = tmp_path / "raw"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": "Bồ Đề", "kind": "ward"}, {"name": "Ngọc Lâm", "kind": "ward"}])
    write_xlsx(raw / "gd1/a.xlsx", Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"],
                                              ["Bồ Đề", 40, 38], ["Ngọc Lâm", 50, 55]]))
    results = analyse(raw)
    write_summary(results, tmp_path / "summary.xlsx")

    flags = columns(tmp_path / "summary.xlsx", "Cảnh báo chất lượng")
    rejected = flags["Quy tắc"].index("Có báo cáo nhưng bị loại, chưa tính")
    assert flags["Giai đoạn"][rejected] == "Giai đoạn 1"
    assert flags["Mức độ"][rejected] == "Cần xử lý"
    assert not any(detail.endswith(")") and "(" in detail and "report" in detail
                   for detail in flags["Chi tiết"])
    rejects = columns(tmp_path / "summary.xlsx", "Dòng bị loại")
    assert rejects["Lý do"] == ["số có mặt lớn hơn số phải học"]
    # The CSV keeps the codes and both languages.
    assert "rejected_report" in set(results.quality.flags["rule"])

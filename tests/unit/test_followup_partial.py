"""Units counted in part: some rows rejected, or one class held out, while the rest is counted.

Real xlsx files through the whole analysis (`analyse`), then follow_up.xlsx and
completeness.csv as the run writes them; every expected value worked out by hand below.
"""

from __future__ import annotations

import dataclasses

import openpyxl
import pandas as pd
import pytest

from analysis import quality, tables
from analysis.export import write_csv
from analysis.pipeline import analyse, write_summary
from tests.unit.builders import Sheet, csv_text, write_bytes, write_campaign, write_xlsx

HEADER = ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"]
UNITS = [{"name": "Bồ Đề", "kind": "ward"}, {"name": "Ngọc Lâm", "kind": "ward"}]


def follow_up(results, tmp_path, lang: str = "vi") -> openpyxl.Workbook:
    path = tmp_path / f"follow_up_{lang}.xlsx"
    quality.write_follow_up(results.quality,
                            dataclasses.replace(results.campaign, lang=lang), path)
    return openpyxl.load_workbook(path)


def lines(workbook: openpyxl.Workbook, sheet: str) -> list[tuple]:
    return list(workbook[sheet].iter_rows(min_row=5, values_only=True))


# --- 1. some rows rejected, others counted ------------------------------------------------------

# gd1/a.xlsx, sheet "S", phase 1 by [[sources]]:
#   row 2  Bồ Đề     Lớp 1  60 | 60   accepted: 100% in a class of 60 -> full_attendance warning
#   row 3  Bồ Đề     Lớp 2  20 | 25   rejected: attended > expected
#   row 4  Ngọc Lâm  Lớp 1  50 | 48   accepted (Ngọc Lâm: 48/50, nothing to follow up)
#   row 5  Bồ Đề     Lớp 3  30 | x    rejected: not a number
# Bồ Đề reported (row 2 counted), with rows 3 and 5 rejected: both go back to Bồ Đề, as
# errors (figures missing from the rate until fixed), before its warning.
PARTLY_REJECTED = [
    ["Bồ Đề", "Lớp 1", 60, 60],
    ["Bồ Đề", "Lớp 2", 20, 25],
    ["Ngọc Lâm", "Lớp 1", 50, 48],
    ["Bồ Đề", "Lớp 3", 30, "x"],
]
ROW_3 = "số có mặt lớn hơn số phải học (attended > expected)"
ROW_5 = "cột 'Có mặt': 'x' không phải là số (not a number)"


@pytest.fixture
def partly_rejected(tmp_path):
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(folder / "gd1/a.xlsx", Sheet("S", [HEADER, *PARTLY_REJECTED]))
    return analyse(folder)


def test_its_rejected_rows_are_kept_for_its_follow_up(partly_rejected):
    # Reported, counted in part, with no "every row rejected" finding: row 2 is counted.
    table = partly_rejected.quality.completeness
    assert table[["ward", "status", "reported"]].values.tolist() == [
        ["Bồ Đề", "partly_rejected", True], ["Ngọc Lâm", "reported", True]]
    assert not (partly_rejected.quality.flags["rule"] == "rejected_report").any()
    rows = partly_rejected.quality.rejected_rows
    assert list(rows.columns) == list(quality.REJECTED_COLUMNS)
    assert rows[["phase", "ward", "source_file", "sheet", "source_row", "reason"]
                ].values.tolist() == [["1", "Bồ Đề", "gd1/a.xlsx", "S", 3, ROW_3],
                                      ["1", "Bồ Đề", "gd1/a.xlsx", "S", 5, ROW_5]]
    # The units whose every row was rejected: none here.
    assert partly_rejected.quality.rejected.empty


def test_follow_up_sends_the_rejected_rows_back_before_the_warnings(partly_rejected, tmp_path):
    workbook = follow_up(partly_rejected, tmp_path)
    assert workbook.sheetnames == ["Tổng hợp", "Bồ Đề"]  # Ngọc Lâm: nothing to follow up
    assert lines(workbook, "Tổng hợp") == [("Bồ Đề", 2, 1, 0, "Bồ Đề")]
    got = lines(workbook, "Bồ Đề")
    assert [row[:3] + row[4:] for row in got] == [
        ("Giai đoạn 1", "Dòng bị loại", "Cần xử lý", "gd1/a.xlsx", "S", 3, None),
        ("Giai đoạn 1", "Dòng bị loại", "Cần xử lý", "gd1/a.xlsx", "S", 5, None),
        ("Giai đoạn 1", "100% có mặt ở đơn vị đông người", "Cần kiểm tra", "gd1/a.xlsx", "S", 2,
         None),
    ]
    # The sheet goes back to the unit: its reasons in the campaign's language alone.
    assert got[0][3] == "số có mặt lớn hơn số phải học; dòng ghi: Bồ Đề | Lớp 2 | 20 | 25"
    assert got[1][3] == "cột 'Có mặt': 'x' không phải là số; dòng ghi: Bồ Đề | Lớp 3 | 30 | x"


def test_english_follow_up_of_rejected_rows(partly_rejected, tmp_path):
    got = lines(follow_up(partly_rejected, tmp_path, "en"), "Bồ Đề")
    assert [row[1:4] for row in got[:2]] == [
        ("Rejected row", "Must fix", "attended > expected; the row reads: Bồ Đề | Lớp 2 | 20 | 25"),
        ("Rejected row", "Must fix", "not a number; the row reads: Bồ Đề | Lớp 3 | 30 | x"),
    ]


def test_a_unit_with_rejected_rows_in_one_phase_and_findings_in_another(tmp_path):
    # Phase 1: Bồ Đề 60/58 (row 2) and 20 | 25 (row 3, rejected); Ngọc Lâm 50/48.
    # Phase 2: Bồ Đề 60/60 (100% in a class of 60: full_attendance; 60 members in both
    # phases, no membership change); Ngọc Lâm 50/47.
    # Bồ Đề's sheet: phase 1's rejected row, then phase 2's warning (phase order first).
    write_campaign(tmp_path, units=UNITS, sources=(
        {"glob": "gd1/*", "phase": "1"}, {"glob": "gd2/*", "phase": "2"}))
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 60, 58], ["Bồ Đề", "Lớp 2", 20, 25],
        ["Ngọc Lâm", "Lớp 1", 50, 48]]))
    write_xlsx(tmp_path / "gd2/b.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 60, 60], ["Ngọc Lâm", "Lớp 1", 50, 47]]))
    workbook = follow_up(analyse(tmp_path), tmp_path)
    assert workbook.sheetnames == ["Tổng hợp", "Bồ Đề"]
    assert [(row[0], row[1], row[4], row[6]) for row in lines(workbook, "Bồ Đề")] == [
        ("Giai đoạn 1", "Dòng bị loại", "gd1/a.xlsx", 3),
        ("Giai đoạn 2", "100% có mặt ở đơn vị đông người", "gd2/b.xlsx", 2),
    ]


# --- 2. one class held out, the rest counted ----------------------------------------------------

# Bồ Đề: Lớp A counted (gd1/lop-a.xlsx, 40/38); Lớp B sent twice with different figures
# (gd1/lop-b.xlsx 180/175, gd1/lop-b-sua.xlsx 180/176): both copies held out, 2 rows.
# Ngọc Lâm: its only class sent twice with different figures (50/45, 50/46): held out whole.
@pytest.fixture
def partly_held(tmp_path):
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(folder / "gd1/lop-a.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp A", 40, 38]]))
    write_xlsx(folder / "gd1/lop-b.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp B", 180, 175]]))
    write_xlsx(folder / "gd1/lop-b-sua.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp B", 180, 176]]))
    write_xlsx(folder / "gd1/ngoc-lam.xlsx", Sheet("S", [HEADER, ["Ngọc Lâm", "Lớp 1", 50, 45]]))
    write_xlsx(folder / "gd1/ngoc-lam-sua.xlsx",
               Sheet("S", [HEADER, ["Ngọc Lâm", "Lớp 1", 50, 46]]))
    return analyse(folder)


# Each language's sheet in that language alone.
PARTLY_DETAIL = (
    "báo cáo giai đoạn 1 của Bồ Đề mới được tính một phần: 2 dòng của lớp 'Lớp B' gửi trùng "
    "với số liệu khác nhau nên chưa tính vào tỷ lệ; đề nghị đơn vị xác nhận số đúng")
PARTLY_DETAIL_EN = (
    "the Giai đoạn 1 report of Bồ Đề is only partly counted: 2 row(s) of class 'Lớp B' sent "
    "twice with different figures are held out of the rates until the unit confirms which "
    "figures stand")


def test_a_unit_with_a_class_held_out_is_partly_held_out(partly_held, tmp_path):
    table = partly_held.quality.completeness
    assert table[["ward", "status", "reported", "rows_held_out", "source_files"]
                 ].values.tolist() == [
        ["Bồ Đề", "partly_held_out", True, 2, "gd1/lop-a.xlsx"],
        ["Ngọc Lâm", "held_out", False, 2, "gd1/ngoc-lam-sua.xlsx; gd1/ngoc-lam.xlsx"],
    ]
    # completeness.csv carries the code, as the other statuses.
    write_csv(table, tmp_path / "completeness.csv")
    written = pd.read_csv(tmp_path / "completeness.csv", keep_default_na=False)
    assert written["status"].tolist() == ["partly_held_out", "held_out"]
    assert written["reported"].tolist() == [True, False]


def test_a_partly_counted_unit_counts_as_reported(partly_held):
    # Bồ Đề reported (38/40 counted), partly; Ngọc Lâm held out: 1 of 2 units reported.
    assert quality.units_rejected(partly_held.quality, "1") == []
    partly = partly_held.quality.completeness.query("status == 'partly_held_out'")
    assert partly["ward"].tolist() == ["Bồ Đề"]
    summary = partly_held.quality.phase_summary("1")
    assert {name: summary[name] for name in ("units_expected", "units_reported",
                                             "units_held_out", "held_out")} == {
        "units_expected": 2, "units_reported": 1, "units_held_out": 1, "held_out": "Ngọc Lâm"}
    assert quality.units_reported(partly_held.quality, "1") == (1, 2, [], ["Ngọc Lâm"])
    # The note under the headline names both (the headline's figure is pipeline's to format).
    assert quality.reporting_note(partly_held.quality, "1", "vi") == (
        "Chưa tính (báo cáo trùng, số liệu khác nhau): Ngọc Lâm. Tính một phần, có lớp hoặc "
        "chi bộ gửi trùng với số liệu khác nhau chưa tính: Bồ Đề.")


def test_follow_up_says_the_unit_is_only_partly_counted(partly_held, tmp_path):
    workbook = follow_up(partly_held, tmp_path)
    assert workbook.sheetnames == ["Tổng hợp", "Bồ Đề", "Ngọc Lâm"]
    # Bồ Đề: the partly-counted line and its duplicate_conflict finding, one line for the
    # finding's two flags (one per copy, in quality_flags.csv): one conflict, not two.
    assert len(partly_held.quality.flags.query("ward == 'Bồ Đề'")) == 2
    assert lines(workbook, "Tổng hợp") == [("Bồ Đề", 2, 0, 0, "Bồ Đề"),
                                           ("Ngọc Lâm", 1, 0, 0, "Ngọc Lâm")]
    got = lines(workbook, "Bồ Đề")
    assert got[0] == ("Giai đoạn 1", "Chỉ tính một phần", "Cần xử lý", PARTLY_DETAIL,
                      "gd1/lop-b-sua.xlsx; gd1/lop-b.xlsx", None, None, None)
    assert [row[1:3] + row[4:] for row in got[1:]] == [
        ("Báo cáo gửi nhiều lần, số liệu khác nhau", "Cần xử lý",
         "gd1/lop-b-sua.xlsx; gd1/lop-b.xlsx", None, None, None)]
    # Ngọc Lâm, held out whole, is not "partly" counted: only its finding.
    assert [row[1] for row in lines(workbook, "Ngọc Lâm")] == [
        "Báo cáo gửi nhiều lần, số liệu khác nhau"]
    # The report's count and the run's log count findings too.
    assert quality.flag_counts_text(partly_held.quality, "vi") == (
        "  2 × Báo cáo gửi nhiều lần, số liệu khác nhau (cần xử lý)")


def test_english_follow_up_of_a_partly_counted_unit(partly_held, tmp_path):
    got = lines(follow_up(partly_held, tmp_path, "en"), "Bồ Đề")
    assert got[0][:4] == ("Giai đoạn 1", "Only partly counted", "Must fix", PARTLY_DETAIL_EN)


def test_the_runs_log_counts_one_conflict_once(partly_held, tmp_path):
    # Bồ Đề's class B and Ngọc Lâm's class 1: two conflicts, four lines in quality_flags.csv.
    from analysis.cli import _quality_notes

    assert len(partly_held.quality.flags) == 4
    notes = [note for note in _quality_notes(partly_held, tmp_path) if "cảnh báo" in note]
    assert notes == [
        f"  2 cảnh báo chất lượng (2 cần xử lý, 0 cần kiểm tra, 0 để biết): "
        f"{tmp_path}/quality_flags.csv; danh sách gửi lại từng đơn vị, kèm các dòng bị loại: "
        f"{tmp_path}/follow_up.xlsx"]


def test_a_row_of_no_known_unit_is_on_the_last_sheet(tmp_path):
    # QA round 38: "Phường Không Tồn Tại" (row 3), refused as an unknown unit, was on no
    # sheet. The identical copy of Bồ Đề's row in gd1/b.xlsx is counted once: a finding for
    # information on Bồ Đề's sheet, its refused row on none.
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(folder / "gd1/a.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 40, 38], ["Phường Không Tồn Tại", "Lớp 1", 40, 40],
        ["Ngọc Lâm", "Lớp 1", 50, 48]]))
    write_xlsx(folder / "gd1/b.xlsx", Sheet("Bo De", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    results = analyse(folder)
    assert len(results.rejects) == 2  # the unknown unit and the copy
    workbook = follow_up(results, tmp_path)
    assert workbook.sheetnames == ["Tổng hợp", "Bồ Đề", "Chung (nhiều đơn vị)"]
    assert lines(workbook, "Tổng hợp") == [
        ("Bồ Đề", 0, 0, 1, "Bồ Đề"), ("Chung (nhiều đơn vị)", 1, 0, 0, "Chung (nhiều đơn vị)")]
    assert [row[1] for row in lines(workbook, "Bồ Đề")] == [
        "Báo cáo gửi nhiều lần, giống hệt"]
    assert lines(workbook, "Chung (nhiều đơn vị)") == [(
        "Giai đoạn 1", "Dòng bị loại", "Cần xử lý",
        "không có đơn vị 'Phường Không Tồn Tại' trong danh sách; dòng ghi: "
        "Phường Không Tồn Tại | Lớp 1 | 40 | 40", "gd1/a.xlsx", "S", 3, None)]


def test_a_row_of_no_known_unit_in_a_file_named_for_a_unit_is_that_units(tmp_path):
    # QA round 40: duc-giang.xlsx with its unit typed "Đức Giag" made Đức Giang "missing",
    # its follow-up sheet saying it sent nothing, the row on the last sheet. QA round 78
    # #1: refused then as Đức Giang's, the ward "rejected" for one letter its file's name
    # gets right: now counted as Đức Giang's, the ward asked to check the spelling. The same
    # slip in another unit's file (ngoc-lam.xlsx) is refused as Đức Giang's row; a file
    # whose counted rows are another unit's keeps its unknown row no one's.
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),),
                   units=[*UNITS, {"name": "Đức Giang", "kind": "ward"}])
    write_xlsx(folder / "gd1/duc-giang.xlsx", Sheet("S", [HEADER, ["Đức Giag", "Lớp 1", 65, 60]]))
    write_xlsx(folder / "gd1/ngoc-lam.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 40, 38], ["Phường Xyz", "Lớp 1", 10, 9],
        ["Đức Giag", "Lớp 2", 5, 5]]))
    results = analyse(folder)
    statuses = results.quality.completeness.set_index("ward")["status"].to_dict()
    assert statuses == {"Bồ Đề": "reported", "Ngọc Lâm": "missing",
                        "Đức Giang": "partly_rejected"}
    assert results.ward_phase.set_index("ward").loc["Đức Giang", ["expected", "attended"]] \
        .tolist() == [65, 60]
    workbook = follow_up(results, tmp_path)
    assert workbook.sheetnames == ["Tổng hợp", "Ngọc Lâm", "Đức Giang", "Chung (nhiều đơn vị)"]
    assert [(row[1], row[4], row[6]) for row in lines(workbook, "Đức Giang")] == [
        ("Dòng bị loại", "gd1/ngoc-lam.xlsx", 4),
        ("Tên đơn vị viết sai, được tính cho đơn vị của tệp", "gd1/duc-giang.xlsx", 2)]
    assert [(row[1], row[4], row[6]) for row in lines(workbook, "Chung (nhiều đơn vị)")] == [
        ("Dòng bị loại", "gd1/ngoc-lam.xlsx", 3)]



def test_a_units_name_mistyped_in_a_table_of_units_makes_its_row_that_units(tmp_path):
    # QA round 41: "Ngọc Lâmm" (one letter more) in a table of several units was refused,
    # rightly, with "gần nhất: Ngọc Lâm", and Ngọc Lâm was then chased as "missing". Its row
    # is Ngọc Lâm's: the ward is "rejected", and its sheet lists the row to correct.
    # "Phường Xyz", like no unit, stays no one's.
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(folder / "gd1/tong-hop.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 40, 38], ["Ngọc Lâmm", "Lớp 1", 50, 48],
        ["Phường Xyz", "Lớp 1", 10, 9]]))
    results = analyse(folder)
    statuses = results.quality.completeness.set_index("ward")["status"].to_dict()
    assert statuses == {"Bồ Đề": "reported", "Ngọc Lâm": "rejected"}
    assert [(row, None if pd.isna(ward) else ward) for row, ward in zip(
        results.rejects["source_row"], results.rejects["ward"], strict=True)] == [
        (3, "Ngọc Lâm"), (4, None)]
    workbook = follow_up(results, tmp_path)
    assert workbook.sheetnames == ["Tổng hợp", "Ngọc Lâm", "Chung (nhiều đơn vị)"]
    assert [(row[1], row[6]) for row in lines(workbook, "Ngọc Lâm")] == [
        ("Có báo cáo nhưng bị loại, chưa tính", 3), ("Dòng bị loại", 3)]

def test_a_photo_or_word_file_named_for_a_unit_is_its_report_not_read(tmp_path):
    # QA round 40: viet-hung-gd1.jpg and bao-cao-ngoc-lam.docx, the wards' only files: both
    # "missing", chased as not having sent a report. Bồ Đề's photo beside its counted
    # spreadsheet, and a photo named for no unit, say nothing to anyone.
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),),
                   units=[*UNITS, {"name": "Việt Hưng", "kind": "ward"}])
    write_xlsx(folder / "gd1/bo-de.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    (folder / "gd1/bo-de.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    (folder / "gd1/viet-hung-gd1.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    (folder / "gd1/bao-cao-ngoc-lam.docx").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "gd1/anh-hoi-nghi.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    results = analyse(folder)
    statuses = results.quality.completeness.set_index("ward")["status"].to_dict()
    assert statuses == {"Bồ Đề": "reported", "Ngọc Lâm": "rejected", "Việt Hưng": "rejected"}
    assert results.rejects[["source_file", "reason"]].values.tolist() == [
        ["gd1/bao-cao-ngoc-lam.docx", "tệp .docx không phải bảng tính, không đọc được số liệu: "
         "hãy xin đơn vị gửi lại dạng .xlsx theo mẫu (a .docx file, not a spreadsheet)"],
        ["gd1/viet-hung-gd1.jpg", "tệp .jpg không phải bảng tính, không đọc được số liệu: hãy "
         "xin đơn vị gửi lại dạng .xlsx theo mẫu (a .jpg file, not a spreadsheet)"]]
    workbook = follow_up(results, tmp_path)
    # One line for the file, its reason in it (QA round 82 #4: a second, the file's reject
    # line, made two "Cần xử lý" of one file).
    assert [(row[1], row[3], row[4]) for row in lines(workbook, "Việt Hưng")] == [
        ("Có báo cáo nhưng bị loại, chưa tính",
         "có báo cáo giai đoạn 1 của Việt Hưng nhưng không đọc được tệp gd1/viet-hung-gd1.jpg: "
         "tệp .jpg không phải bảng tính, không đọc được số liệu: hãy xin đơn vị gửi lại dạng "
         ".xlsx theo mẫu; chưa tính vào tỷ lệ", "gd1/viet-hung-gd1.jpg")]
    assert results.ingest.ignored_files == [
        "gd1/anh-hoi-nghi.jpg", "gd1/bao-cao-ngoc-lam.docx", "gd1/bo-de.jpg",
        "gd1/viet-hung-gd1.jpg"]


def test_a_spreadsheet_of_a_format_not_read_is_called_one(tmp_path):
    # QA round 46: Gia Thụy's LibreOffice flat-XML .fods was "a .fods file, not a
    # spreadsheet", lumped with the PDFs. It is a spreadsheet the suite does not read.
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(folder / "gd1/bo-de.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    (folder / "gd1/ngoc-lam.fods").write_bytes(b"<?xml version='1.0'?><office:document/>")

    results = analyse(folder)

    assert results.rejects[["source_file", "reason"]].values.tolist() == [
        ["gd1/ngoc-lam.fods", "tệp .fods là bảng tính dạng chưa đọc được: hãy mở rồi lưu lại "
         "dạng .xlsx (a .fods spreadsheet, a format not read: save it again as .xlsx)"]]


def test_a_row_refused_in_both_copies_of_a_report_is_one_line_to_fix(tmp_path):
    """QA round 85 #6: a Google Forms export saved as .xlsx and as .csv, word for word: the
    report is counted once, but its refused answer went back to the ward twice, "2 to fix"
    for one row. It is one line, the kept copy's, naming the other; rejects.csv keeps
    both. Bồ Đề: An and Bình present, Cường's "??" refused: 2/2 counted."""
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    rows = [["Họ và tên", "Phường", "Chi bộ", "Có mặt"],
            ["Lê Văn An", "Bồ Đề", "Chi bộ 1", "x"], ["Trần Thị Bình", "Bồ Đề", "Chi bộ 1", "x"],
            ["Phạm Văn Cường", "Bồ Đề", "Chi bộ 1", "??"]]
    write_xlsx(folder / "gd1/diem-danh.xlsx", Sheet("Câu trả lời", rows))
    write_bytes(folder / "gd1/diem-danh.csv", csv_text(rows).encode("utf-8"))

    results = analyse(folder)

    assert (int(results.by_phase["expected"].iloc[0]),
            int(results.by_phase["attended"].iloc[0])) == (2, 2)
    refused = results.rejects[~results.rejects["reason"].str.startswith("báo cáo trùng")]
    assert sorted(refused["source_file"]) == ["gd1/diem-danh.csv", "gd1/diem-danh.xlsx"]
    workbook = follow_up(results, tmp_path)
    # Bồ Đề: the row to fix, and the copy for information; Ngọc Lâm has not reported.
    assert lines(workbook, "Tổng hợp") == [("Bồ Đề", 1, 0, 1, "Bồ Đề"),
                                           ("Ngọc Lâm", 1, 0, 0, "Ngọc Lâm")]
    [to_fix] = [line for line in lines(workbook, "Bồ Đề") if line[2] == "Cần xử lý"]
    [kept] = results.records["source_file"].unique()
    other = ({"gd1/diem-danh.csv", "gd1/diem-danh.xlsx"} - {kept}).pop()
    assert to_fix[4] == kept and to_fix[6] == 4
    assert to_fix[3].endswith(f"(cùng dòng trong bản sao {other})")


def test_tables_for_people_note_a_unit_counted_in_part(partly_rejected, tmp_path):
    """QA round 88 #3: the charts mark a unit counted in part "†", but summary.xlsx's "Theo
    đơn vị" and "Dưới chỉ tiêu" sheets and the report's tables showed Bồ Đề's 60/60 as a
    whole unit's. They note it; Ngọc Lâm, counted whole, has no note. The CSV keeps its
    contract's columns."""
    note = "tính một phần: có dòng bị loại chưa tính"
    shown = tables.ward_table(partly_rejected)
    assert shown[["Đơn vị", "Ghi chú"]].values.tolist() == [["Bồ Đề", note], ["Ngọc Lâm", ""]]
    path = tmp_path / "summary.xlsx"
    write_summary(partly_rejected, path)
    sheet = openpyxl.load_workbook(path)["Theo đơn vị"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Ghi chú")
    assert [(row[rows[0].index("Đơn vị")], row[column]) for row in rows[1:]] == [
        ("Bồ Đề", note), ("Ngọc Lâm", None)]
    assert "note" not in partly_rejected.ward_phase.columns


def test_a_damaged_file_beside_the_units_counted_report_is_for_information(tmp_path):
    """QA round 89 #6: "lac-hong-gd2.xlsx" cut short in sending, its intact copy "lac-hong-gd2
    (1).xlsx" beside it counted: the follow-up asked the ward to fix the damaged file. It is
    for information, saying the unit is counted from another file."""
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(folder / "gd1/ngoc-lam.xlsx", Sheet("S", [HEADER, ["Ngọc Lâm", "Lớp 1", 50, 48]]))
    write_bytes(folder / "gd1/bo-de.xlsx", b"PK\x03\x04 cut short in sending")
    write_xlsx(folder / "gd1/bo-de (1).xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))

    results = analyse(folder)

    assert results.quality.completeness.set_index("ward").loc["Bồ Đề", "status"] == "reported"
    workbook = follow_up(results, tmp_path)
    [line] = lines(workbook, "Bồ Đề")
    assert (line[2], line[4]) == ("Để biết", "gd1/bo-de.xlsx")
    assert line[3].endswith("(đơn vị đã được tính theo tệp khác của giai đoạn này; nếu tệp "
                            "này có thêm số liệu, đề nghị gửi lại)")


def test_a_file_of_no_unit_refused_whole_is_to_fix_not_counted_from_another(tmp_path):
    """QA round 98 #5: a file refused whole whose unit is not known, beside units counted in
    its phase, was on the sheet of no unit "for information", saying "the unit is counted
    from another file" (no unit was)."""
    folder = tmp_path / "raw"
    write_campaign(folder, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(folder / "gd1/ngoc-lam.xlsx", Sheet("S", [HEADER, ["Ngọc Lâm", "Lớp 1", 50, 48]]))
    write_xlsx(folder / "gd1/bo-de.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    write_bytes(folder / "gd1/bao-cao.xlsx", b"PK\x03\x04 cut short in sending")

    results = analyse(folder)

    workbook = follow_up(results, tmp_path)
    [line] = lines(workbook, "Chung (nhiều đơn vị)")
    assert (line[2], line[4]) == ("Cần xử lý", "gd1/bao-cao.xlsx")
    assert "tệp khác" not in line[3]

"""A unit that sent rows, every one rejected, sent a report: it is `rejected`, not `missing`.

Real xlsx files through the whole analysis (`analyse`), figures worked out by hand:

gd1/a.xlsx, sheet "S" (phase 1 by [[sources]]), four units expected:
  row 2  Bồ Đề      Lớp 1  40 | 38   accepted (38/40 = 95%)
  row 3  Ngọc Lâm   Lớp 1  50 | 55   rejected: attended > expected  -> Ngọc Lâm: 1 row, rejected
  row 4  Long Biên  Lớp 1  60 | -1   rejected: negative attended    -> Long Biên: 2 rows,
  row 5  Long Biên  Lớp 2  30 | 95%  rejected: not a number            all rejected
  row 6  Bồ Đề      Lớp 2  20 | x    rejected, but Bồ Đề has row 2 counted: reported, in
                                     part (its follow-up sheet sends row 6 back)
  row 7  Phường Xyz Lớp 1  10 | 9    rejected: unknown unit, nobody's report
Đức Giang: no row anywhere -> missing.
Phase 1: 1 of 4 units reported (Bồ Đề); missing Đức Giang; every row rejected: Long Biên,
Ngọc Lâm (in the tables' order: kind, then name without diacritics).
"""

from __future__ import annotations

import dataclasses

import openpyxl
import pandas as pd
import pytest

from analysis import quality
from analysis.pipeline import accounting, analyse
from analysis.sheet import PART_NOT_REPORTED_REASON
from tests.unit.builders import Sheet, write_campaign, write_xlsx

HEADER = ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"]
UNITS = [{"name": name, "kind": "ward"} for name in ("Bồ Đề", "Ngọc Lâm", "Long Biên",
                                                     "Đức Giang")]
ROWS = [
    ["Bồ Đề", "Lớp 1", 40, 38],
    ["Ngọc Lâm", "Lớp 1", 50, 55],
    ["Long Biên", "Lớp 1", 60, -1],
    ["Long Biên", "Lớp 2", 30, "95%"],
    ["Bồ Đề", "Lớp 2", 20, "x"],
    ["Phường Xyz", "Lớp 1", 10, 9],
]
NGOC_LAM_FLAG = (
    "có báo cáo giai đoạn 1 của Ngọc Lâm nhưng mọi dòng bị loại (1 dòng, tệp gd1/a.xlsx): "
    "chưa tính vào tỷ lệ; lý do từng dòng ở rejects.csv, đề nghị đơn vị sửa và gửi lại "
    "(Giai đoạn 1 report received from Ngọc Lâm, but every row was rejected (1 row(s), file "
    "gd1/a.xlsx): none is counted; each row's reason is in rejects.csv)")
# follow_up.xlsx goes back to the unit: each language's sheet in that language alone.
NGOC_LAM_FLAG_VI = NGOC_LAM_FLAG[:NGOC_LAM_FLAG.index(" (Giai đoạn 1 report received")]
NGOC_LAM_FLAG_EN = NGOC_LAM_FLAG[NGOC_LAM_FLAG.index("(Giai đoạn 1 report received") + 1:-1]


@pytest.fixture
def results(tmp_path):
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, *ROWS]))
    return analyse(tmp_path)


def test_a_unit_whose_rows_were_all_rejected_is_rejected_not_missing(results):
    table = results.quality.completeness
    got = [(row.ward, row.status, row.reported, row.source_files)
           for row in table.itertuples(index=False)]
    assert got == [
        # Row 2 counted, row 6 rejected: counted in part (QA round 42).
        ("Bồ Đề", "partly_rejected", True, "gd1/a.xlsx"),
        ("Đức Giang", "missing", False, ""),
        ("Long Biên", "rejected", False, "gd1/a.xlsx"),
        ("Ngọc Lâm", "rejected", False, "gd1/a.xlsx"),
    ]


def test_rejected_units_do_not_count_as_reported(results):
    summary = results.quality.phase_summary("1")
    assert {name: summary[name] for name in (
        "units_expected", "units_reported", "units_missing", "units_rejected", "missing",
        "rejected")} == {"units_expected": 4, "units_reported": 1, "units_missing": 1,
                         "units_rejected": 2, "missing": "Đức Giang",
                         "rejected": "Long Biên; Ngọc Lâm"}
    assert results.by_phase[["units_reported", "units_expected"]].values.tolist() == [[1, 4]]
    assert accounting(results)["units_missing"] == {"1": 1}
    assert quality.units_reported(results.quality, "1") == (1, 4, ["Đức Giang"], [])
    assert quality.units_rejected(results.quality, "1") == ["Long Biên", "Ngọc Lâm"]


def test_the_words_say_who_sent_nothing_and_whose_rows_were_rejected(results):
    assert results.headline_text() == (
        "Tỷ lệ tham dự giai đoạn 1 (1/4 đơn vị cơ sở đã báo cáo): 95,0% (38/40 đảng viên). "
        "Chưa báo cáo: Đức Giang. Tính một phần, có dòng bị loại chưa tính: Bồ Đề. Chưa tính "
        "(có báo cáo nhưng bị loại cả tệp hoặc mọi dòng): Long Biên, Ngọc Lâm.")
    assert quality.reporting_note(results.quality, "1", "en") == (
        "Not reported: Đức Giang. Partly counted, rejected rows left out: Bồ Đề. Not counted "
        "(report received, the whole file or every row rejected): Long Biên, Ngọc Lâm.")
    assert quality.completeness_text(results.quality, "vi") == (
        "Giai đoạn 1: 1/4 đơn vị đã báo cáo (25%); chưa báo cáo: Đức Giang; có báo cáo nhưng "
        "bị loại cả tệp hoặc mọi dòng, chưa tính: Long Biên, Ngọc Lâm")


def test_flags_say_the_rows_were_rejected_and_point_to_them(results):
    flags = results.quality.flags
    completeness_rules = flags[flags["rule"].isin(["missing_report", "rejected_report"])]
    got = [tuple(None if pd.isna(value) else value for value in row)
           for row in completeness_rules[["ward", "rule", "severity", "source_file", "sheet",
                                          "source_row"]].itertuples(index=False, name=None)]
    assert got == [
        ("Đức Giang", "missing_report", "error", None, None, None),
        ("Long Biên", "rejected_report", "error", "gd1/a.xlsx", "S", None),  # rows 4 and 5
        ("Ngọc Lâm", "rejected_report", "error", "gd1/a.xlsx", "S", 3),
    ]
    detail = dict(zip(flags["ward"] + "/" + flags["rule"], flags["detail"], strict=True))
    assert detail["Ngọc Lâm/rejected_report"] == NGOC_LAM_FLAG
    assert "mọi dòng bị loại (2 dòng, tệp gd1/a.xlsx)" in detail["Long Biên/rejected_report"]
    # Nobody is told, any more, that nothing was received from them when something was.
    assert set(flags.loc[flags["rule"] == "missing_report", "ward"]) == {"Đức Giang"}


def test_rejected_rows_are_kept_per_unit_with_their_reasons(results):
    rejected = results.quality.rejected
    assert list(rejected.columns) == list(quality.REJECTED_COLUMNS)
    got = [tuple(row) for row in rejected[["ward", "source_row", "reason"]].itertuples(
        index=False, name=None)]
    assert got == [
        ("Ngọc Lâm", 3, "số có mặt lớn hơn số phải học (attended > expected)"),
        ("Long Biên", 4, "số có mặt âm (negative attended count)"),
        ("Long Biên", 5,
         "cột 'Có mặt': '95%' là tỷ lệ, không phải số người (a rate, not a head count)"),
    ]
    # Bồ Đề's row 6 (Bồ Đề reported) and the unknown unit's row 7 belong to no such unit.
    assert set(results.rejects["source_row"]) == {3, 4, 5, 6, 7}


def test_follow_up_sheet_lists_the_rejected_rows_with_their_reasons(results, tmp_path):
    path = tmp_path / "follow_up.xlsx"
    quality.write_follow_up(results.quality, results.campaign, path)
    workbook = openpyxl.load_workbook(path)
    # Units in campaign.toml's order; Bồ Đề (reported) for its one rejected row, row 6; the
    # last sheet for row 7, of no known unit.
    general = "Chung (nhiều đơn vị)"
    assert workbook.sheetnames == ["Tổng hợp", "Bồ Đề", "Ngọc Lâm", "Long Biên", "Đức Giang",
                                   general]
    overview = list(workbook["Tổng hợp"].iter_rows(min_row=5, values_only=True))
    # Bồ Đề: its row; Ngọc Lâm: the finding and its one row; Long Biên: the finding, two rows.
    assert overview == [("Bồ Đề", 1, 0, 0, "Bồ Đề"), ("Ngọc Lâm", 2, 0, 0, "Ngọc Lâm"),
                        ("Long Biên", 3, 0, 0, "Long Biên"), ("Đức Giang", 1, 0, 0, "Đức Giang"),
                        (general, 1, 0, 0, general)]
    assert [row[6] for row in workbook[general].iter_rows(min_row=5, values_only=True)] == [7]
    assert list(workbook["Bồ Đề"].iter_rows(min_row=5, values_only=True)) == [
        ("Giai đoạn 1", "Dòng bị loại", "Cần xử lý",
         "cột 'Có mặt': 'x' không phải là số; dòng ghi: Bồ Đề | "
         "Lớp 2 | 20 | x", "gd1/a.xlsx", "S", 6, None)]
    ngoc_lam = list(workbook["Ngọc Lâm"].iter_rows(min_row=5, values_only=True))
    assert ngoc_lam == [
        ("Giai đoạn 1", "Có báo cáo nhưng bị loại, chưa tính", "Cần xử lý", NGOC_LAM_FLAG_VI,
         "gd1/a.xlsx", "S", 3, None),
        ("Giai đoạn 1", "Dòng bị loại", "Cần xử lý",
         "số có mặt lớn hơn số phải học; dòng ghi: Ngọc Lâm | Lớp 1 | "
         "50 | 55", "gd1/a.xlsx", "S", 3, None),
    ]
    long_bien = list(workbook["Long Biên"].iter_rows(min_row=6, values_only=True))
    assert [(row[1], row[3], row[6]) for row in long_bien] == [
        ("Dòng bị loại", "số có mặt âm; dòng ghi: Long Biên | "
                         "Lớp 1 | 60 | -1", 4),
        ("Dòng bị loại", "cột 'Có mặt': '95%' là tỷ lệ, không phải số người; "
                         "dòng ghi: Long Biên | Lớp 2 | 30 | 95%", 5),
    ]
    assert workbook["Đức Giang"]["B5"].value == "Chưa gửi báo cáo"


def test_english_follow_up_words(results, tmp_path):
    path = tmp_path / "follow_up.xlsx"
    quality.write_follow_up(results.quality, dataclasses.replace(results.campaign, lang="en"),
                            path)
    rows = list(openpyxl.load_workbook(path)["Ngọc Lâm"].iter_rows(min_row=5, values_only=True))
    assert [row[1:4] for row in rows] == [
        ("Report received but rejected, not counted", "Must fix", NGOC_LAM_FLAG_EN),
        ("Rejected row", "Must fix", "attended > expected; the row reads: Ngọc Lâm | Lớp 1 | "
                                     "50 | 55"),
    ]


def test_a_rejected_unit_in_one_phase_is_only_rejected_there(tmp_path):
    # Phase 1: Ngọc Lâm's one row rejected; phase 2: Ngọc Lâm 80/76 accepted, Bồ Đề nothing.
    write_campaign(tmp_path, units=UNITS[:2], sources=(
        {"glob": "gd1/*", "phase": "1"}, {"glob": "gd2/*", "phase": "2"}))
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38],
                                                    ["Ngọc Lâm", "Lớp 1", 50, 55]]))
    write_xlsx(tmp_path / "gd2/b.xlsx", Sheet("S", [HEADER, ["Ngọc Lâm", "Lớp 1", 80, 76]]))
    table = analyse(tmp_path).quality.completeness
    assert [(row.phase, row.ward, row.status) for row in table.itertuples(index=False)] == [
        ("1", "Bồ Đề", "reported"), ("1", "Ngọc Lâm", "rejected"),
        ("2", "Bồ Đề", "missing"), ("2", "Ngọc Lâm", "reported")]


def test_a_unit_with_a_row_counted_and_a_row_rejected_is_reported_in_part(tmp_path):
    # Bồ Đề and Ngọc Lâm both have a row counted; Ngọc Lâm's second row is rejected (55
    # present of 50): Ngọc Lâm reported, counted in part (QA round 42: "reported", its rate
    # and the phase's short of the refused class with nothing to say so).
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS[:2])
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 40, 38], ["Ngọc Lâm", "Lớp 1", 50, 48],
        ["Ngọc Lâm", "Lớp 2", 50, 55]]))

    results = analyse(tmp_path)

    statuses = results.quality.completeness.set_index("ward")["status"].to_dict()
    assert statuses == {"Bồ Đề": "reported", "Ngọc Lâm": "partly_rejected"}
    assert results.quality.by_phase[["units_reported", "units_expected"]].values.tolist() == [
        [2, 2]]
    assert results.headline_text() == (
        "Tỷ lệ tham dự giai đoạn 1 (2/2 đơn vị cơ sở đã báo cáo): 95,6% (86/90 đảng viên). "
        "Tính một phần, có dòng bị loại chưa tính: Ngọc Lâm.")
    assert results.quality.rejected.empty
    assert not (results.quality.flags["rule"] == "rejected_report").any()


def test_rejects_carry_the_unit_and_phase_their_rows_were_read_as(tmp_path):
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS[:2])
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [
        HEADER, ["Ngọc Lâm", "Lớp 1", 50, 55], ["Xyz", "Lớp 1", 5, 5]]))

    rejects = analyse(tmp_path).rejects

    assert rejects[["source_row", "phase", "ward"]].astype(object).where(
        rejects[["source_row", "phase", "ward"]].notna(), None).values.tolist() == [
        [2, "1", "Ngọc Lâm"], [3, "1", None]]


def test_rejects_that_carry_their_unit_and_phase_are_used_as_they_are():
    """The reject lines say whose rows they are (`phase`, `ward`)."""
    from tests.unit.test_quality import campaign, records

    chosen = campaign((("Bồ Đề", "ward", None), ("Ngọc Lâm", "ward", None)),
                      phases=(("1", None),))
    accepted = records([("a.xlsx", "S", 2, "1", "Bồ Đề", "ward", None, None, 40, 38)])
    rejects = pd.DataFrame({
        "source_file": ["a.xlsx", "a.xlsx", "a.xlsx"], "sheet": ["S", "S", "S"],
        "source_row": pd.array([3, 4, 5], dtype="Int64"),
        "reason": ["attended > expected", "attended > expected", "unknown unit"],
        "raw": ["Ngọc Lâm | 50 | 55", "Bồ Đề | 20 | 25", "Xyz | 1 | 1"],
        "phase": ["1", "1", None], "ward": ["Ngọc Lâm", "Bồ Đề", None],
    })
    rejected = quality.rejected_reports(chosen, accepted, accepted.iloc[0:0], rejects)
    assert rejected[["phase", "ward", "source_row", "raw"]].values.tolist() == [
        ["1", "Ngọc Lâm", 3, "Ngọc Lâm | 50 | 55"]]
    table = quality.completeness(chosen, accepted, accepted.iloc[0:0], [], rejected)
    assert table[["ward", "status", "reported"]].values.tolist() == [
        ["Bồ Đề", "reported", True], ["Ngọc Lâm", "rejected", False]]


def test_a_unit_whose_file_has_no_table_is_rejected_not_missing(tmp_path):
    # QA round 14 k53: Gia Thụy sent its report as a form ("1. Tổng số đảng viên: | 80"), no
    # table: the file was refused whole, and the ward called "chưa nhận được báo cáo" (not
    # received) and chased for what it had sent. Its file's name names it; "tong-hop.xlsx",
    # naming no unit, stays nobody's. By hand: Đức Giang 40/38 counted; Gia Thụy rejected;
    # Bồ Đề, whose rows are only in tong-hop.xlsx, missing.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": name, "kind": "ward"}
                          for name in ("Gia Thụy", "Đức Giang", "Bồ Đề")])
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet("Báo cáo", [
        ["ĐẢNG BỘ PHƯỜNG GIA THỤY"], ["1. Tổng số đảng viên:", 80],
        ["2. Số đảng viên tham gia học tập:", 78]]))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx",
               Sheet("Báo cáo", [["Ghi chú"], ["Bồ Đề: gửi sau"]]))
    write_xlsx(tmp_path / "gd1/duc-giang.xlsx",
               Sheet("S", [HEADER, ["Đức Giang", "Lớp 1", 40, 38]]))

    results = analyse(tmp_path)

    table = results.quality.completeness
    assert [(row.ward, row.status, row.source_files) for row in table.itertuples()] == [
        ("Bồ Đề", "missing", ""), ("Đức Giang", "reported", "gd1/duc-giang.xlsx"),
        ("Gia Thụy", "rejected", "gd1/gia-thuy.xlsx")]
    flags = results.quality.flags[["ward", "rule", "source_file", "sheet", "source_row"]]
    assert [[None if pd.isna(value) else value for value in row]
            for row in flags.itertuples(index=False)] == [
        ["Bồ Đề", "missing_report", None, None, None],
        ["Gia Thụy", "rejected_report", "gd1/gia-thuy.xlsx", None, None]]


def test_rows_of_a_known_unit_but_no_phase_make_it_rejected_not_missing(tmp_path):
    # QA round 14 k08: Ngọc Lâm's file says no phase (no column, title, sheet name or
    # [[sources]] rule), so its row is refused "không rõ giai đoạn". It did report: in each
    # phase where nothing of it is counted it is `rejected`, not chased as `missing`; the
    # follow-up sends its row back once, with no phase. Bồ Đề: 40/38 in phase 1 (gd1/ by
    # [[sources]]), nothing in phase 2 -> missing there.
    write_campaign(tmp_path, units=UNITS[:2], sources=({"glob": "gd1/*", "phase": "1"},))
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    write_xlsx(tmp_path / "nop-sau/b.xlsx", Sheet("S", [HEADER, ["Ngọc Lâm", "Lớp 1", 50, 48]]))

    results = analyse(tmp_path)

    table = results.quality.completeness
    assert [(row.phase, row.ward, row.status, row.source_files)
            for row in table.itertuples(index=False)] == [
        ("1", "Bồ Đề", "reported", "gd1/a.xlsx"), ("1", "Ngọc Lâm", "rejected", "nop-sau/b.xlsx"),
        ("2", "Bồ Đề", "missing", ""), ("2", "Ngọc Lâm", "rejected", "nop-sau/b.xlsx")]
    lines = quality._follow_up_lines(
        quality._rows_of(results.quality.flags[results.quality.flags["ward"] == "Ngọc Lâm"]),
        quality._unit_rows(quality._rows_of(results.quality.rejected_rows))["Ngọc Lâm"],
        results.quality.phase_labels, "vi")
    assert [(values[0], values[1], values[5], values[6]) for _, values in lines] == [
        ("Giai đoạn 1", "Có báo cáo nhưng bị loại, chưa tính", "S", 2),
        ("Giai đoạn 2", "Có báo cáo nhưng bị loại, chưa tính", "S", 2),
        ("", "Dòng bị loại", "S", 2)]
    assert lines[-1][1][3].startswith("không rõ giai đoạn")


def test_a_file_refused_whole_is_sent_back_with_its_reason(tmp_path):
    # QA round 34: Gia Thụy's file, 0 bytes: its follow-up sheet said every row was rejected,
    # "reasons in rejects.csv", and gave none. QA round 82 #4: the file's reject line after
    # the finding made two lines of one file; the finding gives the reason, and what to do.
    write_campaign(tmp_path, units=UNITS[:2], sources=({"glob": "gd1/*", "phase": "1"},))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    (tmp_path / "gd1/ngoc-lam.xlsx").write_bytes(b"")
    results = analyse(tmp_path)
    lines = quality._follow_up_lines(
        quality._rows_of(results.quality.flags[results.quality.flags["ward"] == "Ngọc Lâm"]),
        quality._unit_rows(quality._rows_of(results.quality.rejected_rows))["Ngọc Lâm"],
        results.quality.phase_labels, "vi")
    assert [(values[0], values[1], values[3], values[4]) for _, values in lines][:2] == [
        ("Giai đoạn 1", "Có báo cáo nhưng bị loại, chưa tính",
         "có báo cáo giai đoạn 1 của Ngọc Lâm nhưng không đọc được tệp gd1/ngoc-lam.xlsx: tệp "
         "rỗng, 0 byte; chưa tính vào tỷ lệ, đề nghị đơn vị sửa theo lý do đó rồi gửi lại",
         "gd1/ngoc-lam.xlsx"),
        ("Giai đoạn 2", "Chưa gửi báo cáo",
         "chưa nhận được báo cáo giai đoạn 2 của Ngọc Lâm: đề nghị đơn vị gửi báo cáo", None)]


def test_a_row_left_out_as_meant_is_sent_back_for_information_not_to_fix(tmp_path):
    # QA round 34: a "Quần chúng" row, rightly not counted, went on the ward's follow-up
    # sheet as "Cần xử lý" (must fix), beside a blank mark that does need the ward.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS[:1],
                   sources=({"glob": "gd1/*", "phase": "1", "unit": "Bồ Đề"},))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [
        ["STT", "Họ và tên", "Đối tượng", "Điểm danh"], [1, "Nguyễn Văn An", "Đảng viên", "x"],
        [2, "Trần Thị Bình", "Quần chúng", "x"], [3, "Lê Văn Cường", "Đảng viên", None]]))
    results = analyse(tmp_path)
    lines = quality._follow_up_lines(
        quality._rows_of(results.quality.flags[results.quality.flags["ward"] == "Bồ Đề"]),
        quality._unit_rows(quality._rows_of(results.quality.rejected_rows))["Bồ Đề"],
        results.quality.phase_labels, "vi")
    assert [(severity, values[2], values[6]) for severity, values in lines] == [
        ("error", "Cần xử lý", 4), ("info", "Để biết", 3)]


@pytest.mark.parametrize("bo_de", ["Chi bộ 1 - Phường Bồ Đề", "Bồ Đề (Chi bộ 1)",
                                   "Chi bộ TDP 3 – P. Bồ Đề"])
def test_rows_of_a_part_of_a_unit_are_refused_as_the_units_not_as_nobodys(tmp_path, bo_de):
    # QA round 17 g03: "Chi bộ 1 - Phường Bồ Đề" in the unit column is refused (a part of a
    # unit is not read past: its unit's own row may be beside it), but it was "unknown
    # unit", Bồ Đề "missing" and chased for a report it sent. Now the reason names the unit,
    # Bồ Đề is `rejected` and its follow-up sends the row back. Ngọc Lâm: 50/48 counted.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS[:2])
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [
        HEADER, [bo_de, "Lớp 1", 60, 58], ["Ngọc Lâm", "Lớp 1", 50, 48]]))

    results = analyse(tmp_path)

    assert [(row.ward, row.status) for row in results.quality.completeness.itertuples()] == [
        ("Bồ Đề", "rejected"), ("Ngọc Lâm", "reported")]
    assert results.rejects[["ward", "source_row"]].values.tolist() == [["Bồ Đề", 2]]
    assert results.rejects["reason"].iloc[0] == (
        f"'{bo_de}' là một phần của đơn vị Bồ Đề, không phải một đơn vị: ghi tên đơn vị ở cột "
        "đơn vị và tên chi bộ ở cột Chi bộ, hoặc số của cả đơn vị trên một dòng (a part of "
        "unit Bồ Đề, not a unit)")
    assert int(results.records["expected"].sum()) == 50


def test_a_cell_refused_in_one_phase_leaves_its_unit_counted_in_part(tmp_path):
    """QA round 42: Long Biên's Chi bộ 1 in phase 2 typed 50 | 48 | 1 | 0 (50 ≠ 49), refused.
    The ward read "reported" everywhere, its phase 2 rate 31/33 beside 79/83 in phase 1, and
    a membership_change warning told it to check its membership (83 -> 33, −60,2%), not
    the refused row. By hand, phase 1: 48 + 31 = 79/83; phase 2: Chi bộ 2 alone, 31/33."""
    header = ["Phường", "Chi bộ", "Tổng số đảng viên", "Có mặt", "Vắng có lý do",
              "Vắng không lý do"]
    write_campaign(tmp_path, units=[{"name": "Long Biên", "kind": "ward"}],
                   sources=({"glob": "gd1/*", "phase": "1"}, {"glob": "gd2/*", "phase": "2"}))
    write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet("S", [
        header, ["Long Biên", "Chi bộ 1", 50, 48, 1, 1], ["Long Biên", "Chi bộ 2", 33, 31, 1, 1]]))
    write_xlsx(tmp_path / "gd2/long-bien.xlsx", Sheet("S", [
        header, ["Long Biên", "Chi bộ 1", 50, 48, 1, 0], ["Long Biên", "Chi bộ 2", 33, 31, 1, 1]]))
    results = analyse(tmp_path)

    figures = results.ward_phase.set_index("phase")[["expected", "attended"]]
    assert figures.loc["1"].tolist() == [83, 79] and figures.loc["2"].tolist() == [33, 31]
    statuses = results.quality.completeness.set_index("phase")["status"].to_dict()
    assert statuses == {"1": "reported", "2": "partly_rejected"}
    # 83 -> 33 is −60,2%: the finding stands, and says the refused row may be why.
    flags = results.quality.flags
    assert flags.loc[flags["rule"] == "membership_change", "detail"].tolist() == [
        "số phải học 33 ở giai đoạn 2, 83 ở giai đoạn 1: −60,2% (ngưỡng 5,0%); có 1 dòng bị "
        "loại ở giai đoạn 2, chưa tính: sửa các dòng đó trước, rồi kiểm tra số đảng viên (33 "
        "expected in Giai đoạn 2, 83 in Giai đoạn 1: −60.2%, more than 5.0%; 1 rejected "
        "row(s) in Giai đoạn 2, left out: correct them first, then check the membership)"]
    assert results.headline_text().endswith(
        "Tính một phần, có dòng bị loại chưa tính: Long Biên.")
    from analysis import figures
    from analysis.cli import _quality_notes

    charts = figures.build_figures(results)
    assert charts["rate_by_ward_phase_2"].texts[-1].get_text().replace("\n", " ").replace(
        "\u00a0", " ").endswith(
        "Giai đoạn 2: tính một phần Long Biên")
    assert "tính một phần" not in charts["rate_by_ward_phase_1"].texts[-1].get_text()
    assert [note for note in _quality_notes(results, tmp_path) if "Tính một phần" in note] == [
        f"  Tính một phần (có dòng bị loại, chưa tính đến khi đơn vị sửa), Giai đoạn 2: "
        f"Long Biên ({tmp_path}/rejects.csv)"]


def test_a_title_naming_its_unit_with_a_slip_makes_the_unit_rejected_not_missing(tmp_path):
    # QA round 45: "ĐẢNG BỘ PHƯỜNG YÊN XỞ" over a table by party cell, no unit column, the
    # file's name no unit's: its rows refused for a missing unit, no unit suggested, and
    # Yên Sở chased as missing. "yen xo" is one slip from "yen so" (0.83); Cao Viên 50/47.
    units = [{"name": "Yên Sở", "kind": "ward"}, {"name": "Cao Viên", "kind": "ward"}]
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=units)
    header = ["STT", "Chi bộ", "Tổng số ĐV phải học", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx", Sheet("GĐ1", [
        ["ĐẢNG BỘ PHƯỜNG YÊN XỞ"], header, [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19]]))
    write_xlsx(tmp_path / "gd1/cao-vien.xlsx", Sheet("GĐ1", [
        ["ĐẢNG BỘ PHƯỜNG CAO VIÊN"], header, [1, "Chi bộ 1", 50, 47]]))

    results = analyse(tmp_path)

    assert results.ward_phase["ward"].tolist() == ["Cao Viên"]
    assert results.rejects["source_row"].tolist() == [3, 4]
    assert set(results.rejects["ward"]) == {"Yên Sở"}
    assert results.rejects["reason"].iloc[0].startswith(
        "tiêu đề ghi 'ĐẢNG BỘ PHƯỜNG YÊN XỞ', không có đơn vị nào tên như vậy; gần nhất: Yên Sở.")
    status = results.quality.completeness.set_index("ward")["status"]
    assert status.to_dict() == {"Yên Sở": "rejected", "Cao Viên": "reported"}


def test_an_alias_for_a_titles_slip_makes_its_rows_the_units(tmp_path):
    # The answer the reason above gives: aliases = ["Yên Xở"]. The title then names Yên Sở,
    # and its rows count: 30 + 20 = 50 members, 28 + 19 = 47 present.
    units = [{"name": "Yên Sở", "kind": "ward", "aliases": ["Yên Xở"]},
             {"name": "Cao Viên", "kind": "ward"}]
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=units)
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx", Sheet("GĐ1", [
        ["ĐẢNG BỘ PHƯỜNG YÊN XỞ"], ["STT", "Chi bộ", "Tổng số ĐV phải học", "Có mặt"],
        [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19]]))

    results = analyse(tmp_path)

    assert results.rejects.empty
    row = results.ward_phase.set_index("ward").loc["Yên Sở"]
    assert (int(row["expected"]), int(row["attended"])) == (50, 47)


def test_a_unit_whose_only_file_cannot_be_read_is_asked_for_the_file_not_for_rows(tmp_path):
    # QA round 46: Đức Giang's report a PDF, refused whole: the finding asked the ward to
    # correct "every row (1 row)" of it. It has no row; the ward is asked for a readable file.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, ROWS[0]]))
    (tmp_path / "gd1/duc-giang.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    results = analyse(tmp_path)

    flags = results.quality.flags
    detail = flags.loc[(flags["rule"] == "rejected_report") & (flags["ward"] == "Đức Giang"),
                       "detail"].tolist()
    # The reason itself, which says what to send (QA round 82 #4).
    assert detail == [
        "có báo cáo giai đoạn 1 của Đức Giang nhưng không đọc được tệp gd1/duc-giang.pdf: tệp "
        ".pdf không phải bảng tính, không đọc được số liệu: hãy xin đơn vị gửi lại dạng .xlsx "
        "theo mẫu; chưa tính vào tỷ lệ (Giai đoạn 1 report received from Đức Giang, but the "
        "file gd1/duc-giang.pdf could not be read: a .pdf file, not a spreadsheet; not "
        "counted)"]


def test_a_roll_call_of_formulas_never_calculated_is_refused_saying_so(tmp_path):
    # QA round 48: Đức Giang's marks "=IF(C2="","x","v")" saved by a program that does not
    # calculate read blank: its people were taken for text under the table, nothing was
    # read nor refused, and Đức Giang was chased as not reported. Its file is refused with
    # the cells and the way to fix it; the ward is asked to do that, not to send an .xlsx.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, ROWS[0]]))
    write_xlsx(tmp_path / "gd1/duc-giang.xlsx", Sheet("Chi bộ 1", [
        ["STT", "Họ và tên", "Lý do vắng", "Điểm danh"],
        [1, "Nguyễn Văn An", None, '=IF(C2="","x","v")'],
        [2, "Trần Thị Bình", "ốm", '=IF(C3="","x","v")']]))

    results = analyse(tmp_path)

    refused = results.rejects[results.rejects["source_file"] == "gd1/duc-giang.xlsx"]
    # Each person's row, refused for its mark's formula (round 77 #1: a list with no mark
    # read is its people's rows, not the text under the table).
    assert refused["reason"].tolist() == [
        f'ô D{row} (=IF(C{row}="","x","v")) là công thức chưa có kết quả lưu trong tệp (tệp do '
        "một chương trình không tính công thức tạo ra): hãy mở tệp bằng Excel hoặc LibreOffice "
        "rồi lưu lại và gửi lại (a formula with no saved result: open the file in Excel or "
        "LibreOffice, save it and send it again)" for row in (2, 3)]
    status = results.quality.completeness.set_index("ward")["status"]
    assert status["Đức Giang"] == "rejected"
    flags = results.quality.flags
    detail = flags.loc[(flags["rule"] == "rejected_report") & (flags["ward"] == "Đức Giang"),
                       "detail"].tolist()
    assert detail == [
        "có báo cáo giai đoạn 1 của Đức Giang nhưng mọi dòng bị loại (2 dòng, tệp "
        "gd1/duc-giang.xlsx): chưa tính vào tỷ lệ; lý do từng dòng ở rejects.csv, đề nghị đơn "
        "vị sửa và gửi lại (Giai đoạn 1 report received from Đức Giang, but every row was "
        "rejected (2 row(s), file gd1/duc-giang.xlsx): none is counted; each row's reason is "
        "in rejects.csv)"]


def test_a_roll_call_with_no_mark_anywhere_is_its_peoples_rows_refused(tmp_path):
    # QA round 77 #1: Đức Giang's roll-call marked by colouring cells, no mark typed: its
    # people were taken for the text under the table, neither counted nor refused, and the
    # ward chased as not reported. Each person's row is refused saying that nothing in the
    # list is marked (colours are not read); the ward is `rejected`.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, ROWS[0]]))
    write_xlsx(tmp_path / "gd1/duc-giang.xlsx", Sheet("Chi bộ 1", [
        ["STT", "Họ và tên", "Có mặt", "Vắng có lý do", "Vắng không lý do", "Ghi chú"],
        [1, "Nguyễn Văn An", None, None, None, None],
        [2, "Trần Thị Bình", None, None, None, "ốm"],
        [3, "Lê Văn Cường", None, None, None, "Miễn sinh hoạt"], [],
        [None, None, "Đức Giang, ngày 28 tháng 9 năm 2025"]]))

    results = analyse(tmp_path)

    refused = results.rejects[results.rejects["source_file"] == "gd1/duc-giang.xlsx"]
    assert refused["source_row"].tolist() == [2, 3, 4]
    assert refused["reason"].tolist()[:2] == [
        "không đánh dấu ở cột nào ('Có mặt', 'Vắng có lý do', 'Vắng không lý do'); cả danh "
        "sách không có ô nào được đánh dấu (đánh dấu bằng tô màu ô thì không đọc được): đề "
        "nghị đơn vị ghi x / v / P / KP rồi gửi lại (nothing is marked in the whole list; "
        "colours are not read) (blank roll-call marker)"] * 2
    # The exempt member is left out as meant (round 77 #3), not sent back to be marked.
    assert refused["reason"].tolist()[2].startswith("đảng viên được miễn sinh hoạt")
    status = results.quality.completeness.set_index("ward")["status"]
    assert status["Đức Giang"] == "rejected"


def test_an_unfilled_form_of_counts_with_formulas_is_no_report(tmp_path):
    # QA round 50: Đức Giang's form, its "Vắng" a formula "=C2-D2" over counts nobody typed
    # yet, saved by a program that does not calculate: refused as unreadable since 78f8bdc,
    # and Đức Giang "rejected", asked to open and save a file that holds no figures. It is
    # a blank form: Đức Giang has not reported.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, ROWS[0]]))
    write_xlsx(tmp_path / "gd1/duc-giang.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt", "Vắng"],
        ["Đức Giang", None, None, "=B2-C2"]]))

    results = analyse(tmp_path)

    assert (results.rejects["source_file"] != "gd1/duc-giang.xlsx").all()
    status = results.quality.completeness.set_index("ward")["status"]
    assert status["Đức Giang"] == "missing"


@pytest.mark.parametrize("title, status", [
    # The slip with the district after it (QA round 47: "missing unit name", the ward
    # chased as missing): "phuc lol" against "phuc loi", 0.875.
    ("ĐẢNG BỘ PHƯỜNG PHÚC LỌL, QUẬN LONG BIÊN", "rejected"),
    # Another district's ward, "phuc la" against "phuc loi" 0.8: a file sent here by
    # mistake, no report of Phúc Lợi's, which stays missing and is not told to add it as an
    # alias (QA round 47).
    ("ĐẢNG BỘ PHƯỜNG PHÚC LA", "missing"),
])
def test_a_titles_slip_is_read_past_a_comma_and_no_looser_than_one_letter_in_six(
        tmp_path, title, status):
    units = [{"name": "Phúc Lợi", "kind": "ward"}, {"name": "Cao Viên", "kind": "ward"}]
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=units)
    header = ["STT", "Chi bộ", "Tổng số ĐV phải học", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx", Sheet("GĐ1", [
        [title], header, [1, "Chi bộ 1", 30, 28]]))
    write_xlsx(tmp_path / "gd1/cao-vien.xlsx", Sheet("GĐ1", [
        ["ĐẢNG BỘ PHƯỜNG CAO VIÊN"], header, [1, "Chi bộ 1", 50, 47]]))

    results = analyse(tmp_path)

    assert results.quality.completeness.set_index("ward")["status"]["Phúc Lợi"] == status


def test_a_title_naming_a_ward_not_listed_says_so(tmp_path):
    # QA round 89 #3: "ĐẢNG BỘ PHƯỜNG PHÚ DIỄN" over cells without a unit column, Phú Diễn
    # not in campaign.toml: each row refused for a "missing unit name", the ward asked to
    # type a name its title gives. The reason names the title and what to do.
    units = [{"name": "Phúc Lợi", "kind": "ward"}, {"name": "Cao Viên", "kind": "ward"}]
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=units)
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx", Sheet("GĐ1", [
        ["ĐẢNG BỘ PHƯỜNG PHÚ DIỄN, QUẬN BẮC TỪ LIÊM"], ["STT", "Chi bộ", "Tổng số ĐV", "Có mặt"],
        [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19]]))

    results = analyse(tmp_path)

    reason = ("tiêu đề ghi 'ĐẢNG BỘ PHƯỜNG PHÚ DIỄN', không có trong danh sách đơn vị của "
              "campaign.toml: nếu đơn vị này phải báo cáo, hãy thêm vào [[units]] rồi chạy "
              "lại (the title names a unit not listed in campaign.toml)")
    assert results.rejects[["source_row", "reason"]].values.tolist() == [[3, reason],
                                                                         [4, reason]]
    assert results.records.empty


def with_deadlines(folder, *deadlines: str) -> None:
    """campaign.toml (`write_campaign`'s) with each phase's deadline, in phase order."""
    toml = folder / "campaign.toml"
    text = toml.read_text(encoding="utf-8")
    for number, deadline in enumerate(deadlines, start=1):
        text = text.replace(f'label = "Giai đoạn {number}"\n',
                            f'label = "Giai đoạn {number}"\ndeadline = "{deadline}"\n')
    toml.write_text(text, encoding="utf-8")


def test_a_report_of_no_phase_is_judged_neither_late_nor_on_time(tmp_path):
    # QA round 51 #9: a file of no phase signed 1/11/2015 was "late by 37 days" in phase 1
    # (deadline 25/9) and "on time" in phase 2 (deadline 5/11), though it was sent for one
    # of them only and is counted in neither. Its date is kept; its timeliness is not
    # judged, and no late finding is raised. Bồ Đề (gd1/ by [[sources]]) dated 30/9 is late
    # by 5 days in phase 1 as before.
    write_campaign(tmp_path, units=UNITS[:2], sources=({"glob": "gd1/*", "phase": "1"},))
    with_deadlines(tmp_path, "2015-09-25", "2015-11-05")
    signed = [[], [None, None, "Long Biên, ngày {} tháng {} năm 2015"]]
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 40, 38], *[[cell and cell.format(30, 9) for cell in row]
                                              for row in signed]]))
    write_xlsx(tmp_path / "nop-sau/b.xlsx", Sheet("S", [
        HEADER, ["Ngọc Lâm", "Lớp 1", 50, 48], *[[cell and cell.format(1, 11) for cell in row]
                                                 for row in signed]]))

    results = analyse(tmp_path)

    table = results.quality.completeness
    assert [(row.phase, row.ward, row.status, row.report_date, row.timeliness,
             None if pd.isna(row.days_late) else row.days_late)
            for row in table.itertuples(index=False)] == [
        ("1", "Bồ Đề", "reported", "2015-09-30", "late", 5),
        ("1", "Ngọc Lâm", "rejected", "2015-11-01", "", None),
        ("2", "Bồ Đề", "missing", "", "", None),
        ("2", "Ngọc Lâm", "rejected", "2015-11-01", "", None)]
    flags = results.quality.flags
    assert list(flags.loc[flags["rule"] == "late_report", "ward"]) == ["Bồ Đề"]


def test_a_report_of_no_phase_does_not_date_a_phase_the_unit_reported_in(tmp_path):
    # QA round 53 #7, #8: Ngọc Lâm's phase 1 report (gd1/, dated 30/9/2015, refused: 55
    # present of 50) and a file of no phase dated 1/11: phase 1 is judged on its own report,
    # late by 5 days (deadline 25/9), not by 37; phase 2, where only the file of no phase
    # is, is not judged. Bồ Đề's refused phase 2 report (gd2/, undated) beside a file of no
    # phase dated 1/11 is of unknown date in phase 2, not late by the other file's date.
    write_campaign(tmp_path, units=UNITS[:2], sources=({"glob": "gd1/*", "phase": "1"},
                                                       {"glob": "gd2/*", "phase": "2"}))
    with_deadlines(tmp_path, "2015-09-25", "2015-10-25")

    def signed(day: int, month: int) -> list[list]:
        return [[], [None, None, f"Long Biên, ngày {day} tháng {month} năm 2015"]]

    write_xlsx(tmp_path / "gd1/ngoc-lam.xlsx", Sheet("S", [
        HEADER, ["Ngọc Lâm", "Lớp 1", 50, 55], *signed(30, 9)]))
    write_xlsx(tmp_path / "nop-sau/ngoc-lam.xlsx", Sheet("S", [
        HEADER, ["Ngọc Lâm", "Lớp 1", 50, 48], *signed(1, 11)]))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    write_xlsx(tmp_path / "gd2/bo-de.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 44]]))
    write_xlsx(tmp_path / "nop-sau/bo-de.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", "Lớp 1", 40, 39], *signed(1, 11)]))

    results = analyse(tmp_path)

    table = results.quality.completeness
    assert [(row.phase, row.ward, row.status, row.report_date, row.timeliness,
             None if pd.isna(row.days_late) else row.days_late)
            for row in table.itertuples(index=False)] == [
        ("1", "Bồ Đề", "reported", "", "unknown", None),
        ("1", "Ngọc Lâm", "rejected", "2015-09-30", "late", 5),
        ("2", "Bồ Đề", "rejected", "", "unknown", None),
        ("2", "Ngọc Lâm", "rejected", "2015-11-01", "", None)]
    flags = results.quality.flags
    assert [(row.phase, row.ward) for row in flags[flags["rule"] == "late_report"]
            .itertuples(index=False)] == [("1", "Ngọc Lâm")]


def test_a_unit_whose_only_report_is_a_photo_is_not_called_undated(tmp_path):
    # QA round 54 #5: Ngọc Lâm's photo of its report (gd1/, phase 1 by [[sources]]) is its
    # report, unread: `rejected`, and asked for the file; "the report carries no date" was
    # said of it too, though no date of it could be read. Its timeliness is not judged.
    write_campaign(tmp_path, units=UNITS[:2], sources=({"glob": "gd1/*", "phase": "1"},))
    with_deadlines(tmp_path, "2015-09-25")
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [HEADER, ["Bồ Đề", "Lớp 1", 40, 38]]))
    (tmp_path / "gd1/ngoc-lam.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")

    results = analyse(tmp_path)

    row = results.quality.completeness.set_index(["phase", "ward"]).loc[("1", "Ngọc Lâm")]
    assert (row["status"], row["timeliness"]) == ("rejected", "")
    flags = results.quality.flags
    assert sorted(flags.loc[(flags["ward"] == "Ngọc Lâm") & (flags["phase"] == "1"),
                            "rule"]) == ["rejected_report"]
    # Bồ Đề's report, undated, is still of unknown date.
    assert results.quality.completeness.set_index(["phase", "ward"]).loc[
        ("1", "Bồ Đề"), "timeliness"] == "unknown"


def test_units_across_a_table_turned_on_its_side_are_told_why_not_chased(tmp_path):
    # QA round 49 #8: "Chỉ tiêu | Bồ Đề | Ngọc Lâm" over "Tổng số đảng viên | 120 | 80",
    # "Số ĐV có mặt | 115 | 78": no header reads it, and its wards were chased as sending
    # nothing. They are `rejected`, each with a line saying the table is turned on its side;
    # Long Biên's own report is counted (40/38).
    write_campaign(tmp_path, units=UNITS[:3], sources=({"glob": "gd1/*", "phase": "1"},))
    write_xlsx(tmp_path / "gd1/tong-hop-ngang.xlsx", Sheet("S", [
        ["BÁO CÁO KẾT QUẢ HỌC TẬP NGHỊ QUYẾT"], [],
        ["Chỉ tiêu", "Bồ Đề", "Ngọc Lâm"], ["Tổng số đảng viên", 120, 80],
        ["Số ĐV có mặt", 115, 78], ["Số ĐV vắng", 5, 2]]))
    write_xlsx(tmp_path / "gd1/long-bien.xlsx",
               Sheet("S", [HEADER, ["Long Biên", "Lớp 1", 40, 38]]))

    results = analyse(tmp_path)

    table = results.quality.completeness
    assert [(row.ward, row.status) for row in table[table["phase"] == "1"].itertuples()] == [
        ("Bồ Đề", "rejected"), ("Long Biên", "reported"), ("Ngọc Lâm", "rejected")]
    lines = results.rejects[results.rejects["source_file"] == "gd1/tong-hop-ngang.xlsx"]
    assert lines["raw"].tolist() == ["Bồ Đề", "Ngọc Lâm"]
    assert set(lines["reason"]) == {
        "bảng xoay ngang: tên đơn vị (Bồ Đề, Ngọc Lâm) nằm trên một hàng, số liệu ở các cột "
        "bên dưới; hãy lập lại bảng mỗi đơn vị một dòng (Đơn vị | Tổng số đảng viên | Có mặt | "
        "Vắng) rồi gửi lại (a table turned on its side, the units across one row: one row per "
        "unit is read)"}


def test_a_sheet_turned_on_its_side_beside_a_table_names_the_units_it_alone_gives(tmp_path):
    # QA round 56 #4: the workbook's table counts Bồ Đề and Long Biên; its second sheet,
    # turned on its side, repeats them and adds Ngọc Lâm, whose figures no table gives:
    # Ngọc Lâm is told why (`rejected`), the two counted are sent nothing back.
    write_campaign(tmp_path, units=UNITS[:3], sources=({"glob": "gd1/*", "phase": "1"},))
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx",
               Sheet("Tổng hợp", [HEADER, ["Bồ Đề", "Lớp 1", 120, 115],
                                  ["Long Biên", "Lớp 1", 80, 78]]),
               Sheet("Sheet2", [["Chỉ tiêu", "Bồ Đề", "Long Biên", "Ngọc Lâm"],
                                ["Tổng số đảng viên", 120, 80, 60],
                                ["Số ĐV có mặt", 115, 78, 55]]))

    results = analyse(tmp_path)

    table = results.quality.completeness
    assert [(row.ward, row.status) for row in table[table["phase"] == "1"].itertuples()] == [
        ("Bồ Đề", "reported"), ("Long Biên", "reported"), ("Ngọc Lâm", "rejected")]
    assert results.rejects[["sheet", "raw"]].values.tolist() == [["Sheet2", "Ngọc Lâm"]]


@pytest.mark.parametrize("stamps", [
    ("29/09/2015 20:31:57", "28/09/2015 08:02:10", "03/10/2015 16:40:00"),  # Vietnamese
    ("9/29/2015 20:31:57", "9/28/2015 8:02:10", "10/3/2015 16:40:00"),  # English, month first
    # QA round 61 #5: one text only month first among days first is read so, the others not.
    ("29/09/2015 20:31:57", "9/28/2015 8:02:10", "03/10/2015 16:40:00"),
    # QA round 64 #1: Google Forms' CSV, year first.
    ("2015/09/29 8:31:57 PM GMT+7", "2015/09/28 8:02:10 AM GMT+7", "2015/10/03 4:40:00 PM GMT+7"),
])
def test_answers_sent_one_by_one_date_each_unit_by_its_own(tmp_path, stamps):
    """QA round 60 #2: a Google Forms export ("Dấu thời gian" first): every ward was
    "undated", and Gia Thụy, who answered three days after the deadline of 30/9, was not
    told. Each ward is dated by its own answer: Bồ Đề 29/9 and Ngọc Lâm 28/9 on time, Gia
    Thụy 3/10 late by 3 days, the finding pointing at the file."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    with_deadlines(tmp_path, "2015-09-30")
    write_xlsx(tmp_path / "gd1/cau-tra-loi.xlsx", Sheet("Câu trả lời biểu mẫu 1", [
        ["Dấu thời gian", "Đơn vị", "Tổng số đảng viên", "Có mặt"],
        [stamps[0], "Bồ Đề", 40, 38], [stamps[1], "Ngọc Lâm", 30, 29],
        [stamps[2], "Gia Thụy", 50, 47]]))

    results = analyse(tmp_path)

    dated = results.quality.completeness.set_index("ward").loc[
        ["Bồ Đề", "Ngọc Lâm", "Gia Thụy"],
        ["report_date", "report_date_source", "timeliness"]]
    assert dated.values.tolist() == [
        ["2015-09-29", "sent", "on_time"], ["2015-09-28", "sent", "on_time"],
        ["2015-10-03", "sent", "late"]]
    assert int(results.quality.completeness.set_index("ward").loc["Gia Thụy", "days_late"]) == 3
    late = results.quality.flags[results.quality.flags["rule"] == "late_report"]
    assert late[["ward", "source_file"]].values.tolist() == [
        ["Gia Thụy", "gd1/cau-tra-loi.xlsx"]]


def test_answers_sent_one_by_one_date_each_phase_apart_and_read_as_the_campaign_runs(tmp_path):
    """QA round 61 #4: a unit's phase 1 answer was dated by its phase 2 one (51 days late);
    #6: "10/1/2015", "10/2/2015" (English, month first, every day 12 or less) were January
    and February, long before the campaign. Read month first they fall in its weeks: Bồ Đề
    phase 1 on 1/10, one day late; phase 2 on 20/11, on time."""
    write_campaign(tmp_path)
    with_deadlines(tmp_path, "2015-09-30", "2015-11-30")
    toml = tmp_path / "campaign.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'label = "Giai đoạn 1"\n', 'label = "Giai đoạn 1"\nstart = "2015-09-01"\n'),
        encoding="utf-8")
    write_xlsx(tmp_path / "chung/cau-tra-loi.xlsx", Sheet("Câu trả lời biểu mẫu 1", [
        ["Dấu thời gian", "Đơn vị", "Giai đoạn", "Tổng số đảng viên", "Có mặt"],
        ["10/1/2015 8:00:00", "Bồ Đề", "Giai đoạn 1", 40, 38],
        ["11/20/2015 8:00:00", "Bồ Đề", "Giai đoạn 2", 40, 39],
        ["10/2/2015 9:00:00", "Ngọc Lâm", "Giai đoạn 1", 30, 29]]))

    results = analyse(tmp_path)

    dated = results.quality.completeness.set_index(["phase", "ward"])
    assert dated.loc[("1", "Bồ Đề"), ["report_date", "timeliness"]].tolist() == [
        "2015-10-01", "late"]
    assert dated.loc[("2", "Bồ Đề"), ["report_date", "timeliness"]].tolist() == [
        "2015-11-20", "on_time"]
    assert dated.loc[("1", "Ngọc Lâm"), ["report_date", "timeliness"]].tolist() == [
        "2015-10-02", "late"]


def test_a_blank_form_is_said_to_be_one_and_sent_back_only_to_the_unit_it_names(tmp_path):
    """QA round 67 #5: a blank roll-call form ("Mẫu", its header there, nothing filled in)
    was refused as "no header found" and put on the follow-up to fix. A template left in the
    folder adds nothing (README): no reject; one its file's name gives to Ngọc Lâm is Ngọc
    Lâm's report sent unfilled: `rejected`, saying so."""
    write_campaign(tmp_path, units=UNITS[:2], phases=(("1", "Giai đoạn 1"),))
    form = [["ĐẢNG BỘ PHƯỜNG ..............."], ["DANH SÁCH ĐIỂM DANH"],
            ["STT", "Họ và tên", "Chi bộ", "Điểm danh", "Ghi chú"]]
    write_xlsx(tmp_path / "gd1/mau-diem-danh-trong.xlsx", Sheet("Mẫu", form))
    write_xlsx(tmp_path / "gd1/ngoc-lam-gd1.xlsx", Sheet("Mẫu", form))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [
        ["Đơn vị", "Tổng số ĐV", "Có mặt"], ["Bồ Đề", 40, 38]]))

    results = analyse(tmp_path)

    assert results.rejects[["source_file", "reason"]].values.tolist() == [
        ["gd1/ngoc-lam-gd1.xlsx", "tệp chỉ có biểu mẫu chưa điền số liệu: đề nghị đơn vị điền "
         "rồi gửi lại (a blank form, nothing filled in)"]]
    assert results.quality.completeness.set_index("ward")["status"].to_dict() == {
        "Bồ Đề": "reported", "Ngọc Lâm": "rejected"}
    statuses = {entry["file"]: [sheet["status"] for sheet in entry["sheets"]]
                for entry in results.ingest.files}
    assert statuses["gd1/mau-diem-danh-trong.xlsx"] == ["blank_form"]


def test_phases_side_by_side_are_the_units_rows_in_the_phases_named_only(tmp_path):
    """QA round 69 #3: "Giai đoạn 1 | Giai đoạn 2" side by side in a campaign of three
    phases made its wards `rejected` in phase 3 too, for which nothing was sent; and two
    sittings "Đợt 1 | Đợt 2" (the phases are called "Giai đoạn") were taken for phases."""
    write_campaign(tmp_path, units=UNITS[:2], sources=(),
                   phases=(("1", "Giai đoạn 1"), ("2", "Giai đoạn 2"), ("3", "Giai đoạn 3")))
    write_xlsx(tmp_path / "tong-hop.xlsx", Sheet("S", [
        ["Đơn vị", "Giai đoạn 1", None, "Giai đoạn 2", None],
        [None, "Tổng số", "Có mặt", "Tổng số", "Có mặt"], ["Bồ Đề", 96, 94, 97, 95]],
        merges=["A1:A2", "B1:C1", "D1:E1"]))
    write_xlsx(tmp_path / "gd1/ngoc-lam.xlsx", Sheet("S", [
        ["Đơn vị", "Đợt 1", None, "Đợt 2", None],
        [None, "Tổng số", "Có mặt", "Tổng số", "Có mặt"], ["Ngọc Lâm", 30, 29, 30, 28]],
        merges=["A1:A2", "B1:C1", "D1:E1"]))
    with open(tmp_path / "campaign.toml", "a", encoding="utf-8") as toml:
        toml.write('[[sources]]\nglob = "gd1/*"\nphase = "1"\n')

    results = analyse(tmp_path)

    status = results.quality.completeness.set_index(["phase", "ward"])["status"]
    assert [status[(phase, "Bồ Đề")] for phase in "123"] == ["rejected", "rejected", "missing"]
    assert [status[(phase, "Ngọc Lâm")] for phase in "123"] == [
        "rejected", "missing", "missing"]
    refused = results.rejects.set_index("source_file")["reason"]
    assert not refused["gd1/ngoc-lam.xlsx"].startswith("các giai đoạn xếp cạnh nhau")


def test_a_row_of_two_units_together_is_refused_as_each_ones(tmp_path):
    """QA round 70 #5: the district's list gives a class of two wards on one row, "P. Ngọc
    Lâm và P. Long Biên | 383 | 366": refused as an unknown unit, both wards chased as
    missing for a report they sent. Refused saying it names both, each ward `rejected`. "Bồ
    Đề, Long Biên" (a ward and its district, maybe) stays an unknown name (README)."""
    write_campaign(tmp_path, units=UNITS[:3], phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("S", [
        ["Đơn vị", "Tên lớp", "Số học viên triệu tập", "Số có mặt"],
        ["P. Ngọc Lâm và P. Long Biên", "Lớp ghép", 383, 366],
        ["Bồ Đề, Long Biên", "Lớp 1", 60, 58]]))

    results = analyse(tmp_path)

    assert results.quality.completeness.set_index("ward")["status"].to_dict() == {
        "Bồ Đề": "missing", "Ngọc Lâm": "rejected", "Long Biên": "rejected"}
    assert results.rejects["reason"].tolist()[0].startswith(
        "dòng ghi chung nhiều đơn vị (Ngọc Lâm + Long Biên): không tách được")
    assert "unknown unit" in results.rejects["reason"].tolist()[1]


def test_a_list_of_the_absent_only_is_refused_whole_naming_nobody(tmp_path):
    """QA round 67 #3: "STT | Họ và tên | Chi bộ | Lý do vắng", those absent only, no column
    of marks: a person's row below, "2 | Trần Thị Bình | Chi bộ 2 | Không lý do", was taken
    for the header; the people above it neither read nor rejected, the one below refused
    under a column "Không lý do", in clear. The file is refused whole, its ward `rejected`
    (its name gives it), and no one's name is written."""
    write_campaign(tmp_path, units=UNITS[:2], phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/ngoc-lam-gd1-danh-sach-vang.xlsx", Sheet("DS vắng", [
        ["ĐẢNG BỘ PHƯỜNG NGỌC LÂM"],
        ["DANH SÁCH ĐẢNG VIÊN VẮNG MẶT BUỔI HỌC NGÀY 18/10/2025"],
        ["STT", "Họ và tên", "Chi bộ", "Lý do vắng"],
        [1, "Lê Văn An", "Chi bộ 1", "Ốm"],
        [2, "Trần Thị Bình", "Chi bộ 2", "Không lý do"],
        [3, "Phạm Văn Cường", "Chi bộ 3", "Việc gia đình"]]))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [
        ["Đơn vị", "Tổng số ĐV", "Có mặt"], ["Bồ Đề", 40, 38]]))

    results = analyse(tmp_path)

    assert results.quality.completeness.set_index("ward")["status"].to_dict() == {
        "Bồ Đề": "reported", "Ngọc Lâm": "rejected"}
    refused = results.rejects
    assert refused["source_file"].tolist() == ["gd1/ngoc-lam-gd1-danh-sach-vang.xlsx"]
    assert refused["source_row"].isna().all()  # the file refused whole, no row of it
    written = refused.astype(str).to_csv()
    assert not any(name in written for name in ("Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường"))


def test_phases_side_by_side_in_a_phase_folder_are_the_units_rows_in_every_phase(tmp_path):
    """QA round 68 #3: the district's table of three phases side by side, in the phase 3
    folder, beside Bồ Đề's own phase 3 report: refused (README), but as phase 3's rows only,
    Bồ Đề was "counted in part" in phase 3, whose report is whole, and chased as missing in
    phases 1 and 2, whose figures it sent. As outside any folder: `rejected` in phases 1 and
    2, `reported` in phase 3, the refused row listed once, with no phase."""
    write_campaign(tmp_path, units=UNITS[:1], sources=({"glob": "gd3/*", "phase": "3"},),
                   phases=(("1", "Giai đoạn 1"), ("2", "Giai đoạn 2"), ("3", "Giai đoạn 3")))
    write_xlsx(tmp_path / "gd3/tong-hop-ca-dot.xlsx", Sheet("S", [
        ["TT", "Đơn vị", "Giai đoạn 1", None, "Giai đoạn 2", None, "Giai đoạn 3", None],
        [None, None, "Tổng số", "Tham gia", "Tổng số", "Tham gia", "Tổng số", "Tham gia"],
        [1, "Bồ Đề", 96, 94, 97, 95, 98, 97]],
        merges=["A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:H1"]))
    write_xlsx(tmp_path / "gd3/bo-de.xlsx", Sheet("S", [
        ["Đơn vị", "Tổng số ĐV", "Có mặt"], ["Bồ Đề", 98, 97]]))

    results = analyse(tmp_path)

    assert results.quality.completeness["status"].tolist() == ["rejected", "rejected",
                                                               "reported"]
    assert results.rejects["phase"].isna().all() and len(results.rejects) == 1
    assert "Tính một phần" not in results.headline_text()


def test_a_compilation_saying_a_unit_has_not_reported_leaves_it_missing(tmp_path):
    """QA round 68 #2: the district's compilation types "chưa báo cáo" in Long Biên's
    figure, or leaves Ngọc Lâm's blank with "Chưa BC" in its note: each was "reported, every
    row rejected" and asked to correct the district's row. They have not reported: missing,
    each row listed in the rejects with that reason, nothing to fix."""
    write_campaign(tmp_path, units=UNITS[:3], phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["TT", "Đơn vị", "Tổng số ĐV", "Có mặt", "Ghi chú"],
        [1, "Bồ Đề", 244, 236, None],
        [2, "Long Biên", "chưa báo cáo", None, "đơn vị chưa gửi"],
        [3, "Ngọc Lâm", None, None, "Chưa BC"],
        [None, "Tổng cộng", 244, 236, None]]))

    results = analyse(tmp_path)

    table = results.quality.completeness.set_index("ward")
    assert table["status"].to_dict() == {
        "Bồ Đề": "reported", "Ngọc Lâm": "missing", "Long Biên": "missing"}
    assert results.rejects[["source_row", "reason"]].values.tolist() == [
        [3, quality.NOT_REPORTED_REASON], [4, quality.NOT_REPORTED_REASON]]
    flags = results.quality.flags
    assert sorted(flags.loc[flags["severity"] == "error", "ward"]) == ["Long Biên", "Ngọc Lâm"]
    assert set(flags.loc[flags["severity"] == "error", "rule"]) == {"missing_report"}


def test_a_compilation_saying_not_reported_beside_the_units_own_report_counts_it_whole(
        tmp_path):
    """QA round 68 #2: Long Biên's own report, 422/405, beside the district's row saying it
    had not reported yet: Long Biên was "counted in part" and asked to fix the row."""
    write_campaign(tmp_path, units=UNITS[:3], phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["Đơn vị", "Tổng số ĐV", "Có mặt"],
        ["Bồ Đề", 244, 236], ["Ngọc Lâm", 30, 29], ["Long Biên", "Chưa báo cáo", None]]))
    write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet("Long Biên", [
        ["Đơn vị", "Tổng số ĐV", "Có mặt"], ["Long Biên", 422, 405]]))

    results = analyse(tmp_path)

    assert results.quality.completeness.set_index("ward").loc["Long Biên", "status"] \
        == "reported"
    assert (results.by_phase["expected"].iloc[0], results.by_phase["attended"].iloc[0]) == (
        244 + 30 + 422, 236 + 29 + 405)
    assert "Tính một phần" not in results.headline_text()


@pytest.mark.parametrize("own_report", [True, False])
def test_a_compilations_row_with_no_figures_is_no_report_of_its_unit(tmp_path, own_report):
    """QA round 85 #7: the district's compilation leaves Long Biên's row blank, its note
    "Điểm danh qua Google Form", as Long Biên reported by a form. The row was refused as a
    missing count: Long Biên "counted in part" beside its whole report, or "reported, every
    row rejected" without one, and told to correct the district's row. It gives no figure:
    no report, listed in the rejects with that reason, nothing to fix. A party cell's row
    left blank in a unit's own report still leaves its unit counted in part (Ngọc Lâm)."""
    write_campaign(tmp_path, units=UNITS[:3], phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["TT", "Đơn vị", "Số chi bộ", "Tổng số ĐV", "Có mặt", "Vắng", "Tỷ lệ", "Ghi chú"],
        [1, "Bồ Đề", 8, 244, 236, 8, "96,7%", None],
        [2, "Long Biên", 14, None, None, None, None, "Điểm danh qua Google Form"],
        [None, "Tổng cộng", 22, 244, 236, 8, "96,7%", None]]))
    write_xlsx(tmp_path / "gd1/ngoc-lam.xlsx", Sheet("Ngọc Lâm", [
        ["Chi bộ", "Tổng số ĐV", "Có mặt"], ["Chi bộ 1", 30, 29], ["Chi bộ 2", None, None]]))
    if own_report:
        write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet("Long Biên", [
            ["Đơn vị", "Tổng số ĐV", "Có mặt"], ["Long Biên", 422, 405]]))

    results = analyse(tmp_path)

    status = results.quality.completeness.set_index("ward")["status"].to_dict()
    assert status == {"Bồ Đề": "reported", "Ngọc Lâm": "partly_rejected",
                      "Long Biên": "reported" if own_report else "missing"}
    assert (results.by_phase["expected"].iloc[0], results.by_phase["attended"].iloc[0]) == (
        (244 + 30 + 422, 236 + 29 + 405) if own_report else (244 + 30, 236 + 29))
    assert results.rejects[["source_file", "source_row", "reason"]].values.tolist() == [
        ["gd1/ngoc-lam.xlsx", 3, "thiếu số phải học (missing expected count)"],
        ["gd1/tong-hop.xlsx", 3, quality.NO_FIGURES_REASON]]
    # Long Biên's row is in its follow-up for information; it is asked only for a report it
    # has not sent. Ngọc Lâm's blank cell is to fix.
    path = tmp_path / "follow_up.xlsx"
    quality.write_follow_up(results.quality, results.campaign, path)
    summary = openpyxl.load_workbook(path)["Tổng hợp"].iter_rows(min_row=5, values_only=True)
    assert [line[:4] for line in summary] == [("Ngọc Lâm", 1, 0, 0),
                                              ("Long Biên", 0 if own_report else 1, 0, 1)]
    assert "Long Biên" not in results.headline_text().partition("Tính một phần")[2]


def test_a_party_cell_saying_it_has_not_reported_leaves_its_unit_counted_in_part(tmp_path):
    """QA round 69 #1: Bồ Đề's own report, its Chi bộ 3 "chưa báo cáo": Bồ Đề was reported
    whole, 71/75 without a word. Its cell has not reported: counted in part, and asked."""
    write_campaign(tmp_path, units=UNITS[:2], phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Bồ Đề", [
        ["Chi bộ", "Tổng số ĐV", "Có mặt", "Ghi chú"],
        ["Chi bộ 1", 40, 38, None], ["Chi bộ 2", 35, 33, None],
        ["Chi bộ 3", "chưa báo cáo", None, None], ["Chi bộ 4", None, None, "Chưa BC"]]))

    results = analyse(tmp_path)

    assert results.quality.completeness.set_index("ward").loc["Bồ Đề", "status"] \
        == "partly_rejected"
    assert "Tính một phần" in results.headline_text()
    assert set(results.rejects["reason"]) == {PART_NOT_REPORTED_REASON}


@pytest.mark.parametrize("label", ["Ngày báo cáo", "Ngày nộp", "Report date"])
def test_a_report_date_column_dates_each_unit_by_its_row(tmp_path, label):
    """QA round 68 #1: a compilation's "Ngày báo cáo" column, one date per unit, was read as
    no column at all: Bồ Đề, five days after the deadline of 30/9, was "undated" and not
    told; Ngọc Lâm, on time, was asked for a date."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    with_deadlines(tmp_path, "2015-09-30")
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["Đơn vị", "Tổng số đảng viên", "Có mặt", "Vắng", label],
        ["Bồ Đề", 246, 240, 6, "05/10/2015"], ["Ngọc Lâm", 30, 29, 1, "28/09/2015"]]))

    results = analyse(tmp_path)

    dated = results.quality.completeness.set_index("ward").loc[
        ["Bồ Đề", "Ngọc Lâm"], ["report_date", "timeliness"]]
    assert dated.values.tolist() == [["2015-10-05", "late"], ["2015-09-28", "on_time"]]
    assert results.rejects.empty
    assert results.ward_phase.set_index("ward").loc["Bồ Đề", "attended"] == 240


def test_a_report_date_column_typed_without_its_year_or_saying_not_sent(tmp_path):
    """QA round 69 #7: "28/9" and "02/10" (no year) were no dates, every unit dated by the
    compilation's signature, 3/10, late; "Chưa nộp" under "Ngày nộp" beside blank figures
    made Ngọc Lâm "reported, every row rejected". Each year is the campaign's; Ngọc Lâm has
    not reported."""
    write_campaign(tmp_path, units=UNITS[:3], phases=(("1", "Giai đoạn 1"),))
    with_deadlines(tmp_path, "2015-09-30")
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["Đơn vị", "Tổng số đảng viên", "Có mặt", "Ngày nộp"],
        ["Bồ Đề", 40, 38, "28/9"], ["Long Biên", 30, 29, "02/10"],
        ["Ngọc Lâm", None, None, "Chưa nộp"], [],
        [None, None, "Long Biên, ngày 3 tháng 10 năm 2015"]]))

    table = analyse(tmp_path).quality.completeness.set_index("ward")

    assert table.loc[["Bồ Đề", "Long Biên"], ["report_date", "timeliness"]].values.tolist() == [
        ["2015-09-28", "on_time"], ["2015-10-02", "late"]]
    assert table.loc["Ngọc Lâm", "status"] == "missing"


def test_a_date_column_of_members_or_lectures_dates_no_report(tmp_path):
    """QA round 69 #2: a roll-call's "Bài thu hoạch | Ngày nộp" (each member's essay) and a
    class list's "Báo cáo viên | Ngày báo cáo" (the lecture's day) dated the report: one
    signed 20/9 was late by an essay of 16/10. Only a table of units is dated so."""
    write_campaign(tmp_path, units=UNITS[:2], phases=(("1", "Giai đoạn 1"),),
                   sources=({"glob": "gd1/bo-de/*", "phase": "1", "unit": "Bồ Đề"},
                            {"glob": "gd1/*", "phase": "1"}))
    with_deadlines(tmp_path, "2015-09-30")
    write_xlsx(tmp_path / "gd1/bo-de/diem-danh.xlsx", Sheet("Chi bộ 1", [
        ["STT", "Họ và tên", "Điểm danh", "Ngày nộp"],
        [1, "Nguyễn Văn An", "x", "16/10/2015"], [2, "Trần Thị Bình", "x", "12/09/2015"], [],
        [None, None, "Bồ Đề, ngày 20 tháng 9 năm 2015"]]))
    write_xlsx(tmp_path / "gd1/lop-hoc.xlsx", Sheet("Lớp", [
        ["Đơn vị", "Lớp", "Số phải học", "Có mặt", "Ngày báo cáo"],
        ["Ngọc Lâm", "Lớp 1", 30, 29, "17/09/2015"], [],
        [None, None, "Long Biên, ngày 6 tháng 10 năm 2015"]]))

    table = analyse(tmp_path).quality.completeness.set_index("ward")

    assert table.loc[["Bồ Đề", "Ngọc Lâm"], ["report_date", "timeliness"]].values.tolist() == [
        ["2015-09-20", "on_time"], ["2015-10-06", "late"]]


def test_a_workbooks_undated_sheet_takes_its_files_date(tmp_path):
    """QA round 65 #3: a report signed 26/11 beside an undated draft sheet "Sheet2" was
    "undated", and the ward asked for a date it gave. A workbook is sent at once."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    with_deadlines(tmp_path, "2015-11-30")
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx",
               Sheet("Báo cáo", [header, ["Bồ Đề", 40, 38], [],
                                 ["Long Biên, ngày 26 tháng 11 năm 2015"]]),
               Sheet("Sheet2", [header, ["Bồ Đề", 10, 9]]))
    results = analyse(tmp_path)
    row = results.quality.completeness.set_index("ward").loc["Bồ Đề"]
    assert (row["report_date"], row["timeliness"]) == ("2015-11-26", "on_time")
    assert "report_date_unknown" not in set(results.quality.flags["rule"])


def test_an_undated_sheet_takes_no_date_from_another_phases_sheet(tmp_path):
    """QA round 66 #5: "GĐ1" signed 25/9 and an undated "GĐ2" in one workbook: phase 2's
    report took 25/9, five weeks before its phase began, and was on time."""
    write_campaign(tmp_path, sources=())
    with_deadlines(tmp_path, "2015-09-30", "2015-11-30")
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "bo-de.xlsx",
               Sheet("GĐ1", [header, ["Bồ Đề", 40, 38], [],
                             ["Long Biên, ngày 25 tháng 9 năm 2015"]]),
               Sheet("GĐ2", [header, ["Bồ Đề", 40, 39]]))
    dated = analyse(tmp_path).quality.completeness.set_index(["phase", "ward"])
    assert dated.loc[("1", "Bồ Đề"), "timeliness"] == "on_time"
    assert dated.loc[("2", "Bồ Đề"), "timeliness"] == "unknown"


def test_two_wards_of_one_name_are_told_apart_by_their_folders_rule(tmp_path):
    """QA round 65 #1: "Hòa Bình (Đông Sơn)" and "Hòa Bình (Tây Sơn)" in campaign.toml, each
    folder's rule naming its ward; each ward's file says "Phường Hòa Bình": every row was
    refused as an unknown unit, both wards uncounted."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": "Hòa Bình (Đông Sơn)", "kind": "ward"},
                          {"name": "Hòa Bình (Tây Sơn)", "kind": "ward"}],
                   sources=({"glob": "dong-son/*", "unit": "Hòa Bình (Đông Sơn)"},
                            {"glob": "tay-son/*", "unit": "Hòa Bình (Tây Sơn)"}))
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "dong-son/bao-cao.xlsx",
               Sheet("S", [header, ["Phường Hòa Bình", 40, 38]]))
    write_xlsx(tmp_path / "tay-son/bao-cao.xlsx", Sheet("S", [header, ["P. Hòa Bình ", 30, 27]]))
    results = analyse(tmp_path)
    assert results.rejects.empty
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Hòa Bình (Đông Sơn)", 40, 38], ["Hòa Bình (Tây Sơn)", 30, 27]]


def test_a_namesake_without_brackets_does_not_take_the_rules_wards_rows(tmp_path):
    """QA round 66 #1: units "Hòa Bình" and "Hòa Bình (Tây Sơn)", the folder's rule naming
    the second: its file's "Phường Hòa Bình" was counted for the first."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": "Hòa Bình", "kind": "ward"},
                          {"name": "Hòa Bình (Tây Sơn)", "kind": "ward"}],
                   sources=({"glob": "tay-son/*", "unit": "Hòa Bình (Tây Sơn)"},))
    write_xlsx(tmp_path / "tay-son/bao-cao.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Phường Hòa Bình", 30, 28]]))
    results = analyse(tmp_path)
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Hòa Bình (Tây Sơn)", 30, 28]]


def test_answers_read_month_first_where_that_puts_them_in_their_phases_weeks(tmp_path):
    """QA round 64 #2: "9/10/2015" for September's phase and "10/11/2015" for October's
    (an English export, every day 12 or less) fit the campaign's months either way; read
    day first, all of phase 1 was late. Each phase's weeks decide: 10 September, on time."""
    write_campaign(tmp_path, units=[{"name": "Bồ Đề", "kind": "ward"}])
    with_deadlines(tmp_path, "2015-10-05", "2015-11-05")
    toml = tmp_path / "campaign.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'label = "Giai đoạn 1"\n', 'label = "Giai đoạn 1"\nstart = "2015-09-01"\n').replace(
        'label = "Giai đoạn 2"\n', 'label = "Giai đoạn 2"\nstart = "2015-10-06"\n'),
        encoding="utf-8")
    write_xlsx(tmp_path / "chung/cau-tra-loi.xlsx", Sheet("Câu trả lời biểu mẫu 1", [
        ["Timestamp", "Đơn vị", "Giai đoạn", "Tổng số đảng viên", "Có mặt"],
        ["9/10/2015 8:00:00", "Bồ Đề", "Giai đoạn 1", 40, 38],
        ["10/11/2015 8:00:00", "Bồ Đề", "Giai đoạn 2", 40, 39]]))
    dated = analyse(tmp_path).quality.completeness.set_index("phase")
    assert dated[["report_date", "timeliness"]].values.tolist() == [
        ["2015-09-10", "on_time"], ["2015-10-11", "on_time"]]


def test_a_wards_list_of_cells_refused_for_a_row_of_another_kind_is_the_wards(tmp_path):
    # QA rounds 73 #5, 75 #2: Bồ Đề's cells under "Đơn vị" beside a row that is neither a
    # cell nor their sum ("Đảng ủy viên" 9) were each refused as an unknown unit, and Bồ
    # Đề, which sent its report, was chased as having sent nothing. Its rows are its own,
    # refused: Bồ Đề is `rejected`; Ngọc Lâm sent nothing: missing.
    write_campaign(tmp_path, units=UNITS[:2])
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx", Sheet("Sheet1", [
        ["ĐẢNG BỘ PHƯỜNG BỒ ĐỀ"], [], ["Đơn vị", "Tổng số ĐV", "Có mặt"],
        ["Đảng ủy viên", 9, 9], ["Chi bộ 1", 20, 19], ["Chi bộ 2", 22, 21],
        ["Chi bộ Trường Mầm non", 11, 11]]))

    results = analyse(tmp_path)

    statuses = results.quality.completeness.set_index(["phase", "ward"])["status"]
    assert statuses.loc["1"].to_dict() == {"Bồ Đề": "rejected", "Ngọc Lâm": "missing"}
    assert results.rejects["ward"].tolist() == ["Bồ Đề"] * 4

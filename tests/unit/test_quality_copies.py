"""Copies of one report that are not whole files (analysis.quality's duplicate step): a sheet
copied inside a workbook ("GĐ1 (2)"), a roll-call re-sent under another sheet name, identical
rows in one summary sheet, and which of two identical copies is kept (the earliest dated, then
path order with a name before its copies). Every input is a real xlsx file; the expected
figures are worked out by hand in the comments."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from analysis import quality
from analysis.clean import find_header
from analysis.pipeline import analyse, write_summary
from analysis.read import SheetGrid
from analysis.sheet import _named_class
from tests.unit.builders import Sheet, write_campaign, write_xlsx

SUMMARY = ["Phường", "Chi bộ", "Tổng số đảng viên", "Có mặt", "Vắng có lý do",
           "Vắng không lý do"]
ROLL_CALL = ["STT", "Họ và tên", "Phường", "Điểm danh"]
# Long Biên, Chi bộ 1: five people, four present ("x"), one absent ("v").
FIVE = [[1, "Nguyễn Văn An", "Long Biên", "x"], [2, "Trần Thị Bình", "Long Biên", "v"],
        [3, "Lê Văn Cường", "Long Biên", "x"], [4, "Phạm Thị Dung", "Long Biên", "x"],
        [5, "Hoàng Văn Em", "Long Biên", "x"]]
OTHER_FIVE = [[1, "Đỗ Văn Giang", "Long Biên", "x"], [2, "Vũ Thị Hoa", "Long Biên", "x"],
              [3, "Bùi Văn Khánh", "Long Biên", "v"], [4, "Đặng Thị Lan", "Long Biên", "x"],
              [5, "Ngô Văn Minh", "Long Biên", "x"]]


def figures(results, ward: str, phase: str = "1") -> tuple[int, int]:
    table = results.ward_phase
    row = table[(table["ward"] == ward) & (table["phase"].astype(str) == phase)]
    assert len(row) == 1, table
    return int(row["expected"].iloc[0]), int(row["attended"].iloc[0])


def flags(results, rule: str) -> list[tuple]:
    """(ward, source_file, sheet, source_row) of each flag of a rule."""
    chosen = results.quality.flags
    chosen = chosen[chosen["rule"] == rule]
    return [tuple(None if pd.isna(value) else value for value in row)
            for row in chosen[["ward", "source_file", "sheet", "source_row"]]
            .itertuples(index=False, name=None)]


def detail(results, rule: str) -> str:
    """The text of the one flag of a rule."""
    chosen = results.quality.flags
    (text,) = chosen.loc[chosen["rule"] == rule, "detail"]
    return text


def accounting(results) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """(file, sheet) -> (read, accepted, rejected, held out), checking that they add up per
    sheet, per file and in total."""
    found = {}
    for entry in results.ingest.files:
        for sheet in entry["sheets"]:
            numbers = (sheet["rows_read"], sheet["rows_accepted"], sheet["rows_rejected"],
                       sheet["rows_held_out"])
            assert numbers[0] == sum(numbers[1:]), (entry["file"], sheet)
            found[(entry["file"], sheet["sheet"])] = numbers
        assert entry["rows_read"] == (entry["rows_accepted"] + entry["rows_rejected"]
                                      + entry["rows_held_out"]), entry["file"]
    assert len(results.ingest.records) == sum(n[1] for n in found.values())
    rejected = results.ingest.rejects["source_row"].notna().sum()
    assert rejected == sum(n[2] for n in found.values())
    assert len(results.quality.held_out) == sum(n[3] for n in found.values())
    return found


def reasons(results, name: str, sheet: str) -> list[str]:
    rejects = results.ingest.rejects
    chosen = rejects[(rejects["source_file"] == name) & (rejects["sheet"] == sheet)]
    return chosen["reason"].tolist()


# --- a sheet copied inside one workbook ------------------------------------------------------


def test_a_summary_sheet_copied_in_its_workbook_is_counted_once(tmp_path):
    write_campaign(tmp_path)
    rows = [SUMMARY, ["Việt Hưng", "Chi bộ 1", 70, 66, 3, 1]]
    write_xlsx(tmp_path / "gd1/viet-hung.xlsx", Sheet("GĐ1", rows), Sheet("GĐ1 (2)", rows))
    results = analyse(tmp_path)

    # 70/66 once, not 140/132.
    assert figures(results, "Việt Hưng") == (70, 66)
    assert flags(results, "duplicate_report") == [
        ("Việt Hưng", "gd1/viet-hung.xlsx", "GĐ1 (2)", 2)]
    detail = results.quality.flags.set_index("rule").loc["duplicate_report", "detail"]
    assert "tính một lần theo trang tính 'GĐ1' của tệp gd1/viet-hung.xlsx" in detail
    assert "không tính lại theo trang tính 'GĐ1 (2)' của tệp gd1/viet-hung.xlsx" in detail
    assert reasons(results, "gd1/viet-hung.xlsx", "GĐ1 (2)") == [
        "báo cáo trùng: báo cáo giai đoạn 1 của Việt Hưng, 'Chi bộ 1' giống hệt trang tính "
        "'GĐ1' của tệp gd1/viet-hung.xlsx, chỉ tính một lần (duplicate report, identical to "
        "sheet 'GĐ1' of gd1/viet-hung.xlsx: counted once)"]
    # One row read per sheet: GĐ1's accepted, its copy's rejected.
    assert accounting(results) == {("gd1/viet-hung.xlsx", "GĐ1"): (1, 1, 0, 0),
                                   ("gd1/viet-hung.xlsx", "GĐ1 (2)"): (1, 0, 1, 0)}


def test_a_copied_sheet_with_other_figures_holds_both_out(tmp_path):
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/viet-hung.xlsx",
               Sheet("GĐ1", [SUMMARY, ["Việt Hưng", "Chi bộ 1", 70, 66, 3, 1]]),
               # The copy corrected by hand: one absentee fewer.
               Sheet("GĐ1 (2)", [SUMMARY, ["Việt Hưng", "Chi bộ 1", 70, 67, 2, 1]]))
    results = analyse(tmp_path)

    assert "Việt Hưng" not in set(results.ward_phase["ward"])
    assert flags(results, "duplicate_conflict") == [
        ("Việt Hưng", "gd1/viet-hung.xlsx", "GĐ1", 2),
        ("Việt Hưng", "gd1/viet-hung.xlsx", "GĐ1 (2)", 2)]
    detail = results.quality.flags.set_index("rule").loc["duplicate_conflict", "detail"]
    assert "gd1/viet-hung.xlsx 'GĐ1': 66/70 có mặt; gd1/viet-hung.xlsx 'GĐ1 (2)': 67/70" \
        in detail.iloc[0]
    status = results.quality.completeness.set_index(["phase", "ward"]).loc[
        ("1", "Việt Hưng"), "status"]
    assert status == "held_out"
    assert accounting(results) == {("gd1/viet-hung.xlsx", "GĐ1"): (1, 0, 0, 1),
                                   ("gd1/viet-hung.xlsx", "GĐ1 (2)"): (1, 0, 0, 1)}


def test_a_roll_call_sheet_copied_in_its_workbook_is_counted_once(tmp_path):
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet("Chi bộ 1", [ROLL_CALL, *FIVE]),
               Sheet("Chi bộ 1 (2)", [ROLL_CALL, *FIVE]))
    results = analyse(tmp_path)

    # 5 people, 4 present: not 10/8.
    assert figures(results, "Long Biên") == (5, 4)
    assert flags(results, "duplicate_report") == [
        ("Long Biên", "gd1/long-bien.xlsx", "Chi bộ 1 (2)", None)]
    assert all("giống hệt trang tính 'Chi bộ 1' của tệp gd1/long-bien.xlsx" in reason
               for reason in reasons(results, "gd1/long-bien.xlsx", "Chi bộ 1 (2)"))
    assert accounting(results) == {("gd1/long-bien.xlsx", "Chi bộ 1"): (5, 5, 0, 0),
                                   ("gd1/long-bien.xlsx", "Chi bộ 1 (2)"): (5, 0, 5, 0)}


@pytest.mark.parametrize(("sheets", "want"), [
    # One summary sheet per party cell: two reports (40/38 + 35/33 = 75/71).
    ([Sheet("Chi bộ 1", [SUMMARY, ["Việt Hưng", "Chi bộ 1", 40, 38, 2, 0]]),
      Sheet("Chi bộ 2", [SUMMARY, ["Việt Hưng", "Chi bộ 2", 35, 33, 2, 0]])], (75, 71)),
    # One sheet per class, each naming its class: 40/38 + 40/36 = 80/74.
    ([Sheet("Lớp 1", [["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"],
                      ["Việt Hưng", "Lớp 1", 40, 38]]),
      Sheet("Lớp 2", [["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"],
                      ["Việt Hưng", "Lớp 2", 40, 36]])], (80, 74)),
])
def test_sheets_of_other_cells_or_classes_are_not_copies(tmp_path, sheets, want):
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/viet-hung.xlsx", *sheets)
    results = analyse(tmp_path)
    assert figures(results, "Việt Hưng") == want
    assert results.quality.flags["rule"].str.startswith("duplicate").sum() == 0


@pytest.mark.parametrize(("first", "again"), [
    ("Chi bộ 1", "CB1"), ("Chi bộ số 1", "Chi bộ 1"), ("Chi bộ 1", "Chi bộ 01"),
    ("Chi bộ TDP số 1", "Chi bộ Tổ dân phố số 1"),
])
def test_a_report_sent_again_with_its_cell_written_another_way_is_a_copy(tmp_path, first,
                                                                         again):
    # QA round 36: Bồ Đề's "Chi bộ 1" 40/38 sent again as "CB1" was added to it, 80/76 with
    # no flag. The same figures: counted once (40/38), the re-send a reject line. Other
    # figures (40/39): both held out, Bồ Đề not counted, a duplicate_conflict each.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Báo cáo", [
        SUMMARY, ["Bồ Đề", first, 40, 38, 1, 1]]))
    write_xlsx(tmp_path / "gd1/bo-de-gui-lai.xlsx", Sheet("Báo cáo", [
        SUMMARY, ["Bồ Đề", again, 40, 38, 1, 1]]))
    write_xlsx(tmp_path / "gd1/viet-hung.xlsx", Sheet("Báo cáo", [
        SUMMARY, ["Việt Hưng", first, 30, 30, 0, 0]]))
    write_xlsx(tmp_path / "gd1/viet-hung-gui-lai.xlsx", Sheet("Báo cáo", [
        SUMMARY, ["Việt Hưng", again, 30, 29, 1, 0]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (40, 38)
    assert flags(results, "duplicate_report") == [
        ("Bồ Đề", "gd1/bo-de-gui-lai.xlsx", "Báo cáo", 2)]
    assert "Việt Hưng" not in set(results.ward_phase["ward"])
    assert sorted(flags(results, "duplicate_conflict")) == [
        ("Việt Hưng", "gd1/viet-hung-gui-lai.xlsx", "Báo cáo", 2),
        ("Việt Hưng", "gd1/viet-hung.xlsx", "Báo cáo", 2)]
    assert sum(numbers[3] for numbers in accounting(results).values()) == 2


def test_a_class_sent_again_as_lop_01_is_a_copy_of_lop_1_not_another_class(tmp_path):
    # QA round 36: "Lớp 1" 40/38 and, re-sent, "Lớp 01" 40/38: 80/76 for 40/38.
    header = ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"]
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp 1", 40, 38]]))
    write_xlsx(tmp_path / "gd1/bo-de-2.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp 01", 40, 38]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (40, 38)
    assert [row[0] for row in flags(results, "duplicate_report")] == ["Bồ Đề"]


def test_one_file_in_two_phases_folders_is_held_out_of_both(tmp_path):
    # QA round 36: gd1/ngoc-lam.xlsx (50/48) copied into gd2/ by mistake was counted in both
    # phases, without a word. Both copies held out, one duplicate_conflict each; Bồ Đề's own
    # phase 2 file (40/38) still counts. A copy in the same phase is a duplicate as before.
    write_campaign(tmp_path, sources=({"glob": "gd1/*", "phase": "1"},
                                      {"glob": "gd2/*", "phase": "2"}))
    sheet = Sheet("Báo cáo", [SUMMARY, ["Ngọc Lâm", "Chi bộ 1", 50, 48, 2, 0]])
    write_xlsx(tmp_path / "gd1/ngoc-lam.xlsx", sheet)
    (tmp_path / "gd2").mkdir()
    (tmp_path / "gd2/ngoc-lam.xlsx").write_bytes((tmp_path / "gd1/ngoc-lam.xlsx").read_bytes())
    write_xlsx(tmp_path / "gd2/bo-de.xlsx", Sheet("Báo cáo", [
        SUMMARY, ["Bồ Đề", "Chi bộ 1", 40, 38, 2, 0]]))

    results = analyse(tmp_path)

    assert results.ward_phase[["phase", "ward", "expected", "attended"]].values.tolist() == [
        ["2", "Bồ Đề", 40, 38]]
    assert sorted(flags(results, "duplicate_conflict")) == [
        ("Ngọc Lâm", "gd1/ngoc-lam.xlsx", None, None),
        ("Ngọc Lâm", "gd2/ngoc-lam.xlsx", None, None)]
    assert results.quality.held_out["source_file"].tolist() == [
        "gd1/ngoc-lam.xlsx", "gd2/ngoc-lam.xlsx"]
    statuses = results.quality.completeness.set_index(["phase", "ward"])["status"]
    assert (statuses[("1", "Ngọc Lâm")], statuses[("2", "Ngọc Lâm")]) == ("held_out",
                                                                          "held_out")
    accounting(results)


@pytest.mark.parametrize("sheets", [("Lớp 1", "Lớp 2"), ("Chi bộ 1", "Chi bộ 2")])
def test_a_units_report_in_sheets_beside_its_total_elsewhere_is_counted_once(tmp_path,
                                                                            sheets):
    # QA round 37: Đức Giang's report on two sheets (100/96, 80/78), one row each with no
    # class column, and the district's table giving the ward 180/174, the sum: one report
    # at two levels (README), counted once from the detail. It was held out, the message
    # saying "174/180" differed from "174/180". A total that is not the sum is held out.
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/duc-giang.xlsx",
               Sheet(sheets[0], [header, ["Đức Giang", 100, 96]]),
               Sheet(sheets[1], [header, ["Đức Giang", 80, 78]]))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        header, ["Đức Giang", 180, 174], ["Gia Thụy", 50, 47]]))
    write_xlsx(tmp_path / "gd1/z-khac.xlsx", Sheet("Tổng hợp", [
        header, ["Gia Thụy", 50, 47]]))

    results = analyse(tmp_path)

    assert figures(results, "Đức Giang") == (180, 174)
    assert figures(results, "Gia Thụy") == (50, 47)
    assert sorted(flags(results, "duplicate_report")) == [
        ("Gia Thụy", "gd1/z-khac.xlsx", "Tổng hợp", 2),
        ("Đức Giang", "gd1/tong-hop.xlsx", "Tổng hợp", 2)]
    assert flags(results, "duplicate_conflict") == []

    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        header, ["Đức Giang", 180, 175], ["Gia Thụy", 50, 47]]))
    results = analyse(tmp_path)
    assert "Đức Giang" not in set(results.ward_phase["ward"])
    assert len(flags(results, "duplicate_conflict")) == 2


@pytest.mark.parametrize("first, again", [
    # QA round 37: the dates typed again with their year: four sessions, 12/8 for 6/4.
    (("05/3", "12/3"), ("05/3/2026", "12/03/2026")),
    # QA round 51: "Ngày" before the dates in one copy only: 16/12 for 8/6 in its campaign.
    (("Ngày 12/9", "Ngày 19/9"), ("12/9", "19/9"))])
def test_a_roll_call_sent_again_with_its_session_dates_typed_otherwise_is_a_copy(
        tmp_path, first, again):
    # The same people and marks re-sent with the sessions' dates headed another way, no flag.
    # By hand: An x x, Bình x P, Cúc KP x: 6 expected, 4 present; the re-send a copy,
    # counted once.
    rows = [[1, "Nguyễn Văn An", "Đức Giang", "x", "x"],
            [2, "Trần Thị Bình", "Đức Giang", "x", "P"],
            [3, "Lê Văn Cúc", "Đức Giang", "KP", "x"]]
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/duc-giang.xlsx", Sheet("DS", [
        ["STT", "Họ và tên", "Phường", *first], *rows]))
    write_xlsx(tmp_path / "gd1/duc-giang (1).xlsx", Sheet("DS", [
        ["STT", "Họ và tên", "Phường", *again], *rows]))

    results = analyse(tmp_path)

    assert figures(results, "Đức Giang") == (6, 4)
    assert {row[1] for row in flags(results, "duplicate_report")} == {"gd1/duc-giang (1).xlsx"}


def test_a_summary_by_session_beside_its_roll_call_names_no_one_session_in_its_reason(
        tmp_path):
    # QA round 37: the summary's rows "05/3" (3/2) and "12/3" (3/2) equal the roll-call's
    # sessions: counted once, from the roll-call; both reject lines said "lớp '05/3' (4/6)",
    # 4/6 being both sessions'. By hand: An x x, Bình P x, Cường x KP: 6 expected, 4 present.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/duc-giang-diem-danh.xlsx", Sheet("DS", [
        ["STT", "Họ và tên", "Phường", "05/3", "12/3"],
        [1, "Trần Văn An", "Đức Giang", "x", "x"], [2, "Lê Thị Bình", "Đức Giang", "P", "x"],
        [3, "Phạm Văn Cường", "Đức Giang", "x", "KP"]]))
    write_xlsx(tmp_path / "gd1/duc-giang-tong-hop.xlsx", Sheet("Tổng hợp", [
        ["Phường", "Buổi học", "Tổng số đảng viên", "Có mặt"],
        ["Đức Giang", "05/3", 3, 2], ["Đức Giang", "12/3", 3, 2]]))

    results = analyse(tmp_path)

    assert figures(results, "Đức Giang") == (6, 4)
    reasons = results.rejects["reason"].tolist()
    assert len(reasons) == 2 and len(set(reasons)) == 1
    assert reasons[0].startswith("báo cáo trùng: bảng tổng hợp của báo cáo giai đoạn 1 của "
                                 "Đức Giang (4/6 có mặt) bằng tổng")


def test_group_keys_tell_apart_what_differs_and_join_what_is_written_two_ways():
    same = [("CB1", "Chi bộ 1"), ("CB 1", "chi bo 1"), ("Chi bộ số 01", "Chi bộ 1"),
            ("Chi bộ TDP số 3", "Chi bộ Tổ dân phố 3"),
            ("Lớp 1 - Hội trường", "Lớp 1 – Hội trường"), ("Chi bộ cơ sở số 1", "Chi bộ Cơ sở 1"),
            # QA round 37: Roman figures, and a session's date with its year.
            ("Lớp II", "Lớp 2"), ("Chi bộ IV", "Chi bộ 4"), ("Tổ XII", "Tổ 12"),
            ("05/3", "5/3/2026"), ("12/3", "12/03/2026"), ("5.3", "05-03"),
            # QA round 51: "Ngày 12/9" in one copy for "12/9" in the other; a CSV's date.
            ("Ngày 12/9", "12/9"), ("ngày 05/3/2026", "5/3"), ("2026-03-05", "05/3")]
    differ = [("Chi bộ 1", "Chi bộ 10"), ("Chi bộ 1", "Chi bộ 2"),
              ("Chi bộ cơ sở 1", "Chi bộ cơ 1"), ("Lớp 1", "Lớp 1 sáng"),
              ("Chi bộ Xi măng", "Chi bộ 11 măng"), ("Lớp Vi tính", "Lớp 6 tính"),
              ("05/3", "03/5"), ("5/3", "15/3")]
    assert all(quality._group_key(one) == quality._group_key(other) for one, other in same)
    assert all(quality._group_key(one) != quality._group_key(other) for one, other in differ)


def test_sheets_with_one_key_are_one_copy_unless_excel_named_one_a_copy(tmp_path):
    """Two sheets for Việt Hưng with no class or cell column ("Lớp sáng" 8/7, "Lớp chiều"
    5/5): parts of one report, each the class its sheet names, summed to 13/12 as before.
    Sent again as a second file, each class is compared with its copy: identical, so
    counted once (one duplicate line for the file, naming both classes), not four
    conflicting sheets."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    sheets = (Sheet("Lớp sáng", [header, ["Việt Hưng", 8, 7]]),
              Sheet("Lớp chiều", [header, ["Việt Hưng", 5, 5]]))
    write_xlsx(tmp_path / "gd1/viet-hung.xlsx", *sheets)
    write_xlsx(tmp_path / "gd1/viet-hung-gui-lai.xlsx", *sheets)
    results = analyse(tmp_path)
    assert figures(results, "Việt Hưng") == (13, 12)
    assert flags(results, "duplicate_conflict") == []
    assert flags(results, "duplicate_report") == [
        ("Việt Hưng", "gd1/viet-hung-gui-lai.xlsx", None, None)]
    assert "(2 phần: lớp 'Lớp chiều', lớp 'Lớp sáng')" in detail(results, "duplicate_report")
    assert accounting(results) == {("gd1/viet-hung.xlsx", "Lớp sáng"): (1, 1, 0, 0),
                                   ("gd1/viet-hung.xlsx", "Lớp chiều"): (1, 1, 0, 0),
                                   ("gd1/viet-hung-gui-lai.xlsx", "Lớp sáng"): (1, 0, 1, 0),
                                   ("gd1/viet-hung-gui-lai.xlsx", "Lớp chiều"): (1, 0, 1, 0)}


def test_a_corrected_sheet_beside_the_first_is_not_added_to_it(tmp_path):
    """Bồ Đề's "Báo cáo" (80/100) and "Báo cáo (sửa)" (96/100) in one workbook: two versions
    of one report, not two classes (summed they made 176/200 = 88%). They differ, so both
    are held out until the unit says which stands; Việt Hưng's own file still counts."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Báo cáo", [header, ["Bồ Đề", 100, 80]]),
               Sheet("Báo cáo (sửa)", [header, ["Bồ Đề", 100, 96]]))
    write_xlsx(tmp_path / "gd1/viet-hung.xlsx", Sheet("S", [header, ["Việt Hưng", 50, 48]]))
    results = analyse(tmp_path)
    assert results.ward_phase["ward"].tolist() == ["Việt Hưng"]
    assert flags(results, "duplicate_conflict") == [
        ("Bồ Đề", "gd1/bo-de.xlsx", "Báo cáo", 2), ("Bồ Đề", "gd1/bo-de.xlsx", "Báo cáo (sửa)", 2)]
    assert accounting(results) == {("gd1/bo-de.xlsx", "Báo cáo"): (1, 0, 0, 1),
                                   ("gd1/bo-de.xlsx", "Báo cáo (sửa)"): (1, 0, 0, 1),
                                   ("gd1/viet-hung.xlsx", "S"): (1, 1, 0, 0)}


def test_a_hidden_draft_repeating_the_sheet_sent_is_not_added_to_it(tmp_path):
    """Phúc Đồng's visible "GĐ1" (57/60) and a hidden "Nháp" (50/60): summed they made
    107/120, under the target. Held out, flagged; an identical hidden copy is counted once."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/phuc-dong.xlsx", Sheet("GĐ1", [header, ["Phúc Đồng", 60, 57]]),
               Sheet("Nháp", [header, ["Phúc Đồng", 60, 50]], hidden=True))
    write_xlsx(tmp_path / "gd1/viet-hung.xlsx", Sheet("GĐ1", [header, ["Việt Hưng", 50, 48]]),
               Sheet("Trang 2", [header, ["Việt Hưng", 50, 48]], hidden=True))
    results = analyse(tmp_path)
    assert figures(results, "Việt Hưng") == (50, 48)
    assert "Phúc Đồng" not in set(results.ward_phase["ward"])
    assert [row[:3] for row in flags(results, "duplicate_conflict")] == [
        ("Phúc Đồng", "gd1/phuc-dong.xlsx", "GĐ1"), ("Phúc Đồng", "gd1/phuc-dong.xlsx", "Nháp")]
    assert reasons(results, "gd1/viet-hung.xlsx", "Trang 2") == [
        "báo cáo trùng: báo cáo giai đoạn 1 của Việt Hưng giống hệt trang tính 'GĐ1' của tệp "
        "gd1/viet-hung.xlsx, chỉ tính một lần (duplicate report, identical to sheet 'GĐ1' of "
        "gd1/viet-hung.xlsx: counted once)"]


@pytest.mark.parametrize("form_first", [False, True])
def test_a_hidden_blank_form_of_zeros_beside_the_report_is_no_version_of_it(tmp_path,
                                                                            form_first):
    """The form the district sent, kept hidden as "Mẫu" with its pre-filled zeros, beside
    "GĐ1" (Phúc Đồng 57/60, Việt Hưng 48/50): was held out as a conflicting draft, which
    emptied the headline. The zeros add nothing: 105/110, no flag, nothing held out."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt", "Vắng"]
    sent = Sheet("GĐ1", [header, ["Phúc Đồng", 60, 57, 3], ["Việt Hưng", 50, 48, 2]])
    form = Sheet("Mẫu", [header, ["Phúc Đồng", 0, 0, 0], ["Việt Hưng", 0, 0, 0]], hidden=True)
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", *((form, sent) if form_first else (sent, form)))
    results = analyse(tmp_path)
    assert figures(results, "Phúc Đồng") == (60, 57)
    assert figures(results, "Việt Hưng") == (50, 48)
    assert results.held_out.empty
    assert results.quality.flags["rule"].str.startswith("duplicate").sum() == 0


@pytest.mark.parametrize(("zero", "footer"), [
    ("0 người", False), (" 0 ", False), ("0 đ/c", False), (0, True), ("0 người", True)])
def test_a_hidden_blank_form_with_its_zeros_typed_as_text_is_no_report(tmp_path, zero,
                                                                       footer):
    """QA round 22: the form's zeros typed as text ("0 người") were read as every listed
    unit's report of 0/0: Bồ Đề, which sent nothing, was counted among the units reported,
    and Phúc Đồng's real 57/60 was held out against the form's 0/0. QA round 26: so was a
    form whose signature block's date stands in a figure's column. By hand: 105/110 from
    the two units that reported; Bồ Đề missing."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    sent = Sheet("GĐ1", [header, ["Phúc Đồng", 60, 57], ["Việt Hưng", 50, 48]])
    signature = [[], ["Người lập biểu", None, "Long Biên, ngày 25 tháng 9 năm 2015"],
                 [None, None, "TM. BAN THƯỜNG VỤ"]] if footer else []
    form = Sheet("Mẫu", [header, ["Phúc Đồng", zero, zero], ["Bồ Đề", zero, zero],
                         *signature], hidden=True)
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", sent, form)
    results = analyse(tmp_path)
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Phúc Đồng", 60, 57], ["Việt Hưng", 50, 48]]
    assert results.held_out.empty and results.rejects.empty
    completeness = results.quality.completeness.set_index(["phase", "ward"])["status"]
    assert completeness[("1", "Bồ Đề")] == "missing"
    sheets = {sheet["sheet"]: sheet["status"] for sheet in results.ingest.files[0]["sheets"]}
    assert sheets["Mẫu"] == "blank_form"


@pytest.mark.parametrize("newer", ["GĐ1 mới", "GĐ1 final", "GĐ 1 (mới)"])
def test_a_phase_sheet_beside_its_new_version_is_no_second_part(tmp_path, newer):
    # QA round 26: "GĐ1" and "GĐ1 mới" with other figures were summed as two parts of one
    # report, 240/210 for 120/110 (a phase has no class of new members, as "Lớp đảng viên
    # mới" is). They are two versions that disagree: held out, for the analyst to choose.
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx",
               Sheet("GĐ1", [header, ["Bồ Đề", 120, 100], ["Gia Thụy", 80, 75]]),
               Sheet(newer, [header, ["Bồ Đề", 120, 110], ["Gia Thụy", 80, 75]]))
    results = analyse(tmp_path)
    assert figures(results, "Gia Thụy") == (80, 75)
    assert "Bồ Đề" not in set(results.ward_phase["ward"])
    assert len(flags(results, "duplicate_conflict")) == 2


@pytest.mark.parametrize("resent", ["gd1/bo-de-gui-lai.xlsx", "gd1/bo-de (sua).xlsx",
                                    "gd1/bo-de (1).xlsx", "gd1/bo_de_gui_lai.xlsx"])
def test_a_correction_named_only_by_its_file_is_compared_with_the_original(tmp_path, resent):
    """Bồ Đề's report with no unit column and no title, its unit in the file's name, and a
    correction "bo-de-gui-lai.xlsx" with other figures (QA round 13, h05b/h05c): the
    correction was refused for a missing unit and the old figures counted silently. Both
    are Bồ Đề's: copies that differ, held out, flagged; Gia Thụy stays 57/60."""
    write_campaign(tmp_path)
    header = ["Chi bộ", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Sheet1", [header, ["Chi bộ 1", 30, 28]]))
    write_xlsx(tmp_path / resent, Sheet("Sheet1", [header, ["Chi bộ 1", 30, 29]]))
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet("Sheet1", [header, ["Chi bộ 1", 60, 57]]))
    results = analyse(tmp_path)
    assert results.rejects.empty
    assert results.ward_phase["ward"].tolist() == ["Gia Thụy"]
    assert sorted(row[:2] for row in flags(results, "duplicate_conflict")) == sorted([
        ("Bồ Đề", "gd1/bo-de.xlsx"), ("Bồ Đề", resent)])
    # A name saying which corrects which is told (QA round 43 #5); "(1)" says nothing: a
    # second download of one attachment name is as often the same file as a correction.
    details = results.quality.flags.loc[
        results.quality.flags["rule"] == "duplicate_conflict", "detail"].tolist()
    hint = f"tên tệp cho thấy {resent} là bản sửa của gd1/bo-de.xlsx"
    assert [hint in detail for detail in details] == [resent != "gd1/bo-de (1).xlsx"] * 2


def test_correction_pairs_are_told_by_the_names_words_alone():
    assert quality.correction_pairs(["a/Thach Ban.xlsx", "a/thach-ban (sửa).xlsx"]) == [
        ("a/thach-ban (sửa).xlsx", "a/Thach Ban.xlsx")]
    assert quality.correction_pairs(["bo-de cũ.xlsx", "bo-de.xlsx"]) == [
        ("bo-de.xlsx", "bo-de cũ.xlsx")]
    assert quality.correction_pairs(["bo-de v2.xlsx", "bo-de.xlsx"]) == [
        ("bo-de v2.xlsx", "bo-de.xlsx")]
    # QA round 81 #3: "bản cuối", "bản cuối cùng" (the final version).
    assert quality.correction_pairs(["Xuan Thieu GD2 ban cuoi.xlsx", "Xuan Thieu GD2.xlsx"]) == [
        ("Xuan Thieu GD2 ban cuoi.xlsx", "Xuan Thieu GD2.xlsx")]
    assert quality.correction_pairs(["bo-de.xlsx", "bo-de bản cuối cùng.xlsx"]) == [
        ("bo-de bản cuối cùng.xlsx", "bo-de.xlsx")]
    # QA round 86 #5: the name spelt another way, its spaces and hyphens aside.
    assert quality.correction_pairs(["gd1/phu-dien-gd1.xlsx", "gd1/PhuDien GD1 v2.xlsx"]) == [
        ("gd1/PhuDien GD1 v2.xlsx", "gd1/phu-dien-gd1.xlsx")]
    # QA round 98 #4: the time it was corrected, "(sửa lần 2)", "gửi lại lần 2".
    assert quality.correction_pairs(["tan-hoa-gd1.xlsx", "tan-hoa-gd1 (sửa lần 2).xlsx"]) == [
        ("tan-hoa-gd1 (sửa lần 2).xlsx", "tan-hoa-gd1.xlsx")]
    assert quality.correction_pairs(["tan-hoa.xlsx", "tan-hoa gui lai lan 2.xlsx"]) == [
        ("tan-hoa gui lai lan 2.xlsx", "tan-hoa.xlsx")]
    # Not said: two corrections of one file, two plain names, another unit's file, a number
    # after "lần" alone.
    assert quality.correction_pairs(["tan-hoa.xlsx", "tan-hoa lan 2.xlsx"]) == []
    assert quality.correction_pairs(["bo-de.xlsx", "bo-de (sửa).xlsx", "bo-de gui lai.xlsx"]) \
        == []
    assert quality.correction_pairs(["bo-de.xlsx", "bo-de - Copy.xlsx"]) == []
    assert quality.correction_pairs(["bo-de.xlsx", "gia-thuy (sửa).xlsx"]) == []


@pytest.mark.parametrize("copy", ["gd1/Copy of bao-cao.xlsx", "gd1/bao-cao - Copy.xlsx",
                                  "gd1/bao-cao - Bản sao.xlsx",
                                  # QA round 78 #4: a forwarded mail's attachment.
                                  "gd1/Fwd bao-cao.xlsx", "gd1/FW_bao-cao.xlsx"])
def test_a_copy_windows_named_is_the_one_left_out_not_the_original(tmp_path, copy):
    # QA round 36: "Copy of bao-cao.xlsx" sorts before "bao-cao.xlsx", so the copy was the
    # one counted and the original the reject line. Same figures either way (40/38).
    write_campaign(tmp_path)
    sheet = Sheet("Báo cáo", [SUMMARY, ["Bồ Đề", "Chi bộ 1", 40, 38, 1, 1]])
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx", sheet)
    write_xlsx(tmp_path / copy, sheet)

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (40, 38)
    assert results.records["source_file"].tolist() == ["gd1/bao-cao.xlsx"]
    assert flags(results, "duplicate_report") == [("Bồ Đề", copy, "Báo cáo", 2)]


def test_a_copy_of_a_file_named_for_its_phase_keeps_the_phase_and_is_compared(tmp_path):
    """QA round 23: "bo-de-gd1.xlsx" and its re-send "bo-de-gd1 (1).xlsx" (no [[sources]]
    rule): the copy's rows were refused for want of a phase, and the first file's figures
    counted as if alone. Both are Bồ Đề's phase 1 reports; Chi bộ 1 differs (28 and 27
    present): held out, Chi bộ 2 (19/20 in both) counted once."""
    write_campaign(tmp_path)
    header = ["Chi bộ", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "chung/bo-de-gd1.xlsx",
               Sheet("Sheet1", [header, ["Chi bộ 1", 30, 28], ["Chi bộ 2", 20, 19]]))
    write_xlsx(tmp_path / "chung/bo-de-gd1 (1).xlsx",
               Sheet("Sheet1", [header, ["Chi bộ 1", 30, 27], ["Chi bộ 2", 20, 19]]))
    results = analyse(tmp_path)
    assert results.ward_phase[["phase", "ward", "expected", "attended"]].values.tolist() == [
        ["1", "Bồ Đề", 20, 19]]
    assert sorted({row[:2] for row in flags(results, "duplicate_conflict")}) == [
        ("Bồ Đề", "chung/bo-de-gd1 (1).xlsx"), ("Bồ Đề", "chung/bo-de-gd1.xlsx")]
    assert results.rejects["reason"].str.startswith("báo cáo trùng").all()


def test_excels_copy_of_a_phase_sheet_keeps_the_phase_and_is_compared(tmp_path):
    """"GĐ2" and Excel's copy "GĐ2 (2)" with other figures, no phase column, no rule (QA
    round 13, h14b): the copy was refused for want of a phase and "GĐ2" counted as if alone.
    Held out, both; a hidden blank form "Mẫu" of zeros beside them is not read at all."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "chung/phuc-dong.xlsx",
               Sheet("GĐ2", [header, ["Phúc Đồng", 56, 54]]),
               Sheet("GĐ2 (2)", [header, ["Phúc Đồng", 56, 49]]),
               Sheet("Mẫu", [header, ["Phúc Đồng", 0, 0]], hidden=True))
    results = analyse(tmp_path)
    assert results.rejects.empty
    assert "Phúc Đồng" not in set(results.ward_phase["ward"])
    assert [row[:3] for row in flags(results, "duplicate_conflict")] == [
        ("Phúc Đồng", "chung/phuc-dong.xlsx", "GĐ2"),
        ("Phúc Đồng", "chung/phuc-dong.xlsx", "GĐ2 (2)")]
    sheets = {sheet["sheet"]: sheet["status"] for sheet in results.ingest.files[0]["sheets"]}
    assert sheets["Mẫu"] == "blank_form"


def test_excels_copy_of_a_sheet_named_for_its_ward_is_that_wards_copy(tmp_path):
    """QA round 22: roll-calls with no unit column on sheets named for their wards, "Bồ Đề"
    and "Gia Thụy", each beside Excel's copy "Bồ Đề (2)", "Gia Thụy (2)". The copies' rows
    were refused for a missing unit: Bồ Đề's changed mark never compared, its first list
    counted as if alone. Now Bồ Đề's two lists differ (4/5 and 3/5 present): both held out;
    Gia Thụy's are identical: counted once, 5/5."""
    write_campaign(tmp_path)
    header = ["STT", "Họ và tên", "Điểm danh"]
    people = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]

    def roll_call(marks: str) -> list[list]:
        return [header, *([number, name, mark] for number, (name, mark)
                          in enumerate(zip(people, marks, strict=True), start=1))]

    write_xlsx(tmp_path / "gd1/diem-danh.xlsx",
               Sheet("Bồ Đề", roll_call("xxxvx")), Sheet("Bồ Đề (2)", roll_call("xxvvx")),
               Sheet("Gia Thụy", roll_call("xxxxx")), Sheet("Gia Thụy (2)", roll_call("xxxxx")))
    results = analyse(tmp_path)
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Gia Thụy", 5, 5]]
    assert sorted({row[:3] for row in flags(results, "duplicate_conflict")}) == [
        ("Bồ Đề", "gd1/diem-danh.xlsx", "Bồ Đề"), ("Bồ Đề", "gd1/diem-danh.xlsx", "Bồ Đề (2)")]
    assert [row[:3] for row in flags(results, "duplicate_report")] == [
        ("Gia Thụy", "gd1/diem-danh.xlsx", "Gia Thụy (2)")]
    assert len(results.held_out) == 10
    assert set(results.rejects["sheet"]) == {"Gia Thụy (2)"}


@pytest.mark.parametrize("names", [("Chi bộ 1", "Chi bộ 2"), ("Chi bộ 1", "Chi bộ 1 (2)")])
def test_roll_calls_of_other_people_in_one_workbook_are_not_copies(tmp_path, names):
    """One sheet per party cell, or a long list split over a sheet and its "(2)": 10 people,
    8 present, nothing settled."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet(names[0], [ROLL_CALL, *FIVE]),
               Sheet(names[1], [ROLL_CALL, *OTHER_FIVE]))
    results = analyse(tmp_path)
    assert figures(results, "Long Biên") == (10, 8)
    assert results.quality.flags["rule"].str.startswith("duplicate").sum() == 0


def test_the_same_roll_call_on_two_sheets_of_one_workbook_is_one_report(tmp_path):
    # QA round 26: the same five people on "Sheet1" and "Sheet2", no cell column, were
    # summed as two parts of the report: 10/8 for 5/4, without a word; the README says such
    # roll-calls are one report whatever their sheets are called. Typed again with one mark
    # changed, they are two versions that disagree: held out, as copies in two files are.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet("Sheet1", [ROLL_CALL, *FIVE]),
               Sheet("Sheet2", [ROLL_CALL, *reversed(FIVE)]))
    results = analyse(tmp_path)
    assert figures(results, "Long Biên") == (5, 4)
    assert flags(results, "duplicate_report") == [
        ("Long Biên", "gd1/long-bien.xlsx", "Sheet2", None)]

    changed = [[*row[:3], "x"] for row in FIVE]  # Trần Thị Bình now present
    write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet("Sheet1", [ROLL_CALL, *FIVE]),
               Sheet("Sheet2", [ROLL_CALL, *changed]))
    results = analyse(tmp_path)
    assert "Long Biên" not in set(results.ward_phase["ward"])
    assert len(results.held_out) == 10


# --- a roll-call re-sent under another sheet name ---------------------------------------------


def test_a_roll_call_resent_with_its_sheet_renamed_is_one_report(tmp_path):
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/long-bien-diem-danh.xlsx", Sheet("Chi bộ 1", [ROLL_CALL, *FIVE]))
    # The same five people and marks, in another order, on "Sheet1".
    write_xlsx(tmp_path / "gd1/long-bien-diem-danh-gui-lai.xlsx",
               Sheet("Sheet1", [ROLL_CALL, *reversed(FIVE)]))
    results = analyse(tmp_path)

    assert figures(results, "Long Biên") == (5, 4)
    # "long-bien-diem-danh" comes before its re-send "long-bien-diem-danh-gui-lai".
    assert flags(results, "duplicate_report") == [
        ("Long Biên", "gd1/long-bien-diem-danh-gui-lai.xlsx", "Sheet1", None)]
    assert accounting(results) == {
        ("gd1/long-bien-diem-danh.xlsx", "Chi bộ 1"): (5, 5, 0, 0),
        ("gd1/long-bien-diem-danh-gui-lai.xlsx", "Sheet1"): (5, 0, 5, 0)}


def test_a_renamed_roll_call_with_a_mark_changed_is_held_out(tmp_path):
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("Chi bộ 1", [ROLL_CALL, *FIVE]))
    changed = [[*row[:3], "x"] for row in FIVE]  # Trần Thị Bình now present: 5/5
    write_xlsx(tmp_path / "gd1/b.xlsx", Sheet("Sheet1", [ROLL_CALL, *changed]))
    results = analyse(tmp_path)

    assert "Long Biên" not in set(results.ward_phase["ward"])
    assert [row[1] for row in flags(results, "duplicate_conflict")] == ["gd1/a.xlsx",
                                                                        "gd1/b.xlsx"]
    assert accounting(results) == {("gd1/a.xlsx", "Chi bộ 1"): (5, 0, 0, 5),
                                   ("gd1/b.xlsx", "Sheet1"): (5, 0, 0, 5)}


def test_roll_calls_naming_two_cells_are_never_merged():
    """The same people under two cells named in a cell column: two cells, which the unit is
    asked to explain (`person_in_two_cells`, one line for the unit), not one report twice."""
    def roll_call(name: str, cell: str) -> pd.DataFrame:
        return pd.DataFrame({
            "source_file": name, "sheet": "Sheet1", "source_row": [2, 3], "shape": "roster",
            "phase": "1", "ward": "Long Biên", "kind": "ward", "session": pd.NA, "cell": cell,
            "person_key": ["k1", "k2"], "expected": 1, "attended": [1, 0],
            "absent_excused": [0, 1], "absent_unexcused": 0, "absent_unspecified": 0})

    found = quality.find_duplicates(pd.concat(
        [roll_call("a.xlsx", "Chi bộ 1"), roll_call("b.xlsx", "Chi bộ 2")], ignore_index=True))
    assert len(found.records) == 4
    assert found.flags["rule"].tolist() == ["person_in_two_cells"]
    assert found.flags["detail"].iloc[0].startswith("2 tên có trong danh sách của hơn một chi bộ")
    # One of them without a cell column (its cell is its sheet's name): the same report.
    found = quality.find_duplicates(pd.concat(
        [roll_call("a.xlsx", "Chi bộ 1"), roll_call("b.xlsx", "Sheet1")], ignore_index=True))
    assert found.records["source_file"].tolist() == ["a.xlsx", "a.xlsx"]
    assert found.repeats["source_file"].tolist() == ["b.xlsx", "b.xlsx"]


# --- identical rows in one summary sheet -------------------------------------------------------


def test_identical_rows_in_one_sheet_are_counted_with_a_warning(tmp_path):
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Sheet", [
        SUMMARY, ["Bồ Đề", "Chi bộ 1", 40, 38, 1, 1], ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0],
        ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0]]))
    results = analyse(tmp_path)

    # Two classes of Chi bộ 2 can match; nothing says which: all counted, 40+35+35 = 110,
    # 38+33+33 = 104, and the unit asked about rows 3 and 4.
    assert figures(results, "Bồ Đề") == (110, 104)
    assert flags(results, "duplicate_row") == [("Bồ Đề", "gd1/bo-de.xlsx", "Sheet", 4)]
    row = results.quality.flags.set_index("rule").loc["duplicate_row"]
    assert row["severity"] == "warning"
    assert "các dòng 3 và 4 của trang tính 'Sheet' giống hệt nhau" in row["detail"]
    assert "rows 3 and 4 of sheet 'Sheet' are identical" in row["detail"]
    assert results.quality.flags["rule"].isin(["duplicate_report", "duplicate_conflict"]
                                              ).sum() == 0
    assert accounting(results) == {("gd1/bo-de.xlsx", "Sheet"): (3, 3, 0, 0)}


def test_a_row_pasted_twice_under_a_total_counting_it_once_is_counted_once(tmp_path):
    # QA round 75 #5: Phúc Lợi's "Chi bộ 5" pasted twice, its "Tổng cộng" the sum with the
    # cell once: both counted (343/328 for 307/293), with a warning for the pair and one for
    # the total. The total says which: by hand 40 + 35 + 30 = 105 members, 38 + 33 + 29 =
    # 100 present. The copy (row 4) is a reject line naming row 3, left out as meant: the
    # ward is counted in full, not in part.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Sheet", [
        SUMMARY, ["Bồ Đề", "Chi bộ 1", 40, 38, 1, 1], ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0],
        ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0], ["Bồ Đề", "Chi bộ 3", 30, 29, 1, 0],
        [None, "Tổng cộng", 105, 100, 4, 1]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (105, 100)
    assert results.rejects["source_row"].tolist() == [4]
    assert results.rejects["reason"].tolist() == [
        "dòng chép thừa: giống hệt dòng 3 (cùng tên, cùng số liệu) và dòng tổng cộng (dòng "
        "6) chỉ tính nó một lần; tính một lần (a pasted copy of row 3, the same name and "
        "figures, which the totals row, row 6, counts once: counted once)"]
    assert set(results.ingest.checks["status"]) == {"ok"}
    assert flags(results, "duplicate_row") == []
    assert results.quality.completeness.set_index(["phase", "ward"]).loc[
        ("1", "Bồ Đề"), "status"] == "reported"
    assert accounting(results) == {("gd1/bo-de.xlsx", "Sheet"): (4, 3, 1, 0)}


def test_rows_alike_but_for_their_notes_are_no_pasted_copy(tmp_path):
    # QA round 76 #5: "Chi bộ 2 | 35 | 33 | Lớp sáng" and "Chi bộ 2 | 35 | 33 | Lớp chiều",
    # the total leaving one out: the second was refused as a pasted copy, 105/100 for
    # 140/133. Notes that differ tell two rows apart: both counted, the total flagged.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Sheet", [
        [*SUMMARY, "Ghi chú"], ["Bồ Đề", "Chi bộ 1", 40, 38, 1, 1, None],
        ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0, "Lớp sáng"],
        ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0, "Lớp chiều"], ["Bồ Đề", "Chi bộ 3", 30, 29, 1, 0, None],
        [None, "Tổng cộng", 105, 100, 4, 1, None]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (140, 133)
    assert results.rejects.empty


@pytest.mark.parametrize("total", [
    [None, "Tổng cộng", 140, 133, 6, 1],  # the sum with both rows: two cells alike
    [None, "Tổng cộng", 100, 95, 4, 1],  # neither sum: the total says nothing of the pair
])
def test_identical_rows_under_a_total_not_counting_one_once_stay_counted(tmp_path, total):
    # Only a total equal to the sum with the pair counted once tells a pasted copy; else
    # both rows stay counted and warned, as before (40 + 35 + 35 + 30 = 140 / 133).
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Sheet", [
        SUMMARY, ["Bồ Đề", "Chi bộ 1", 40, 38, 1, 1], ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0],
        ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0], ["Bồ Đề", "Chi bộ 3", 30, 29, 1, 0], total]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (140, 133)
    assert results.rejects.empty
    assert flags(results, "duplicate_row") == [("Bồ Đề", "gd1/bo-de.xlsx", "Sheet", 4)]


def sorted_copy_rows(copy_of_gia_thuy: list) -> list[list]:
    """The district's table (rows 2-4, totals row 5), its signature (rows 7-8), then the same
    table sorted by rate for the meeting under a heading (row 10) and its header (row 11):
    rows 12-14."""
    header = ["TT", "Đơn vị", "Tổng số ĐV", "Có mặt", "Vắng"]
    return [header, [1, "Bồ Đề", 120, 115, 5], [2, "Gia Thụy", 80, 76, 4],
            [3, "Ngọc Lâm", 60, 60, 0], [None, "Tổng cộng", 260, 251, 9], [],
            [None, None, "Long Biên, ngày 25 tháng 9 năm 2015"], [None, None, "PHÓ BÍ THƯ"], [],
            ["BẢNG XẾP THỨ TỰ THEO TỶ LỆ"], header, [1, "Ngọc Lâm", 60, 60, 0],
            [2, "Bồ Đề", 120, 115, 5], copy_of_gia_thuy]


def test_a_table_copied_lower_on_its_sheet_is_counted_once(tmp_path):
    # QA round 44: every ward counted twice, 710/682 for 355/341, the rate unchanged and
    # only duplicate_row warnings saying "both counted". Each ward once: Bồ Đề 120/115, Gia
    # Thụy 80/76, Ngọc Lâm 60/60; the copy's rows 12-14 reject lines naming the row above.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx",
               Sheet("Tổng hợp", sorted_copy_rows([3, "Gia Thụy", 80, 76, 4])))

    results = analyse(tmp_path)

    assert [figures(results, ward) for ward in ("Bồ Đề", "Gia Thụy", "Ngọc Lâm")] == [
        (120, 115), (80, 76), (60, 60)]
    copies = results.rejects[results.rejects["reason"].str.contains("bảng chép lại")]
    assert copies["source_row"].tolist() == [12, 13, 14]
    assert copies["reason"].str.contains("repeats row 4").tolist() == [True, False, False]
    assert flags(results, "duplicate_report") == [("Ngọc Lâm", "gd1/tong-hop.xlsx",
                                                   "Tổng hợp", 12)]
    assert flags(results, "duplicate_row") == []
    assert accounting(results)[("gd1/tong-hop.xlsx", "Tổng hợp")][:2] == (
        len(results.rejects) + 3, 3)


SESSION_HEADER = ["TT", "Đơn vị", "Tổng số ĐV", "Có mặt", "Vắng"]


@pytest.mark.parametrize("rows", [
    # One table, two sessions under headings in it, one grand total for both.
    [SESSION_HEADER, ["I", "Buổi 1"], [1, "Bồ Đề", 40, 38, 2], [2, "Gia Thụy", 50, 50, 0],
     ["II", "Buổi 2"], [3, "Bồ Đề", 40, 38, 2], [4, "Gia Thụy", 50, 50, 0],
     [None, "Tổng cộng", 180, 176, 4]],
    # A table per session, each titled and headed, each with its total.
    *([[title.format(1)], SESSION_HEADER, [1, "Bồ Đề", 40, 38, 2], [2, "Gia Thụy", 50, 50, 0],
       [None, "Tổng cộng", 90, 88, 2], [], [title.format(2)], SESSION_HEADER,
       [1, "Bồ Đề", 40, 38, 2], [2, "Gia Thụy", 50, 50, 0], [None, "Tổng cộng", 90, 88, 2]]
      for title in ("BUỔI {}", "LỚP {} (ngày 12/9)", "Ngày 1{}/9/2024",
                    "CHUYÊN ĐỀ {}: Nghị quyết")),
], ids=["headings", "buoi", "lop", "ngay", "chuyen-de"])
def test_two_sessions_with_the_same_figures_are_no_copy(tmp_path, rows):
    # QA round 47: the copy rule above took a second session's rows (the same members, all
    # present both times) for a copy: 90/88 for 180/176. A copy is a table headed again
    # under no session's, class's, day's or phase's title.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", rows))

    results = analyse(tmp_path)

    assert results.rejects.empty
    assert [figures(results, ward) for ward in ("Bồ Đề", "Gia Thụy")] == [(80, 76), (100, 100)]


def test_an_excel_pivot_table_under_the_table_is_a_copy_of_it(tmp_path):
    # QA round 44: a pivot of the table in Excel's Vietnamese ("Nhãn Hàng | Tổng của Tổng số
    # ĐV | Tổng của Có mặt", "Tổng Cuối") read with the table's columns: figures right, but
    # each of its rows refused naming a number as the unit ("không có đơn vị '120'"). It is
    # a table of its own, a copy: rows 9-11 reject lines naming the row each repeats, its
    # grand total row 12 checked against them (260/251).
    write_campaign(tmp_path)
    header = ["TT", "Đơn vị", "Tổng số ĐV", "Có mặt"]
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        header, [1, "Bồ Đề", 120, 115], [2, "Gia Thụy", 80, 76], [3, "Ngọc Lâm", 60, 60],
        [None, "Tổng cộng", 260, 251], [], [],
        ["Nhãn Hàng", "Tổng của Tổng số ĐV", "Tổng của Có mặt"], ["Bồ Đề", 120, 115],
        ["Gia Thụy", 80, 76], ["Ngọc Lâm", 60, 60], ["Tổng Cuối", 260, 251]]))

    results = analyse(tmp_path)

    assert [figures(results, ward) for ward in ("Bồ Đề", "Gia Thụy", "Ngọc Lâm")] == [
        (120, 115), (80, 76), (60, 60)]
    assert results.rejects["source_row"].tolist() == [9, 10, 11]
    assert results.rejects["reason"].str.startswith(
        "báo cáo trùng: bảng chép lại phía dưới trang tính nhắc lại dòng").all()
    checks = results.ingest.checks
    assert sorted(set(checks["source_row"])) == [5, 12]
    assert set(checks["status"]) == {"ok"}


def test_a_table_copied_lower_with_a_figure_changed_stays_counted_and_warned(tmp_path):
    # The copy says Gia Thụy 80/77: which row stands, the sheet cannot say. As before, all
    # rows counted (Bồ Đề 240/230), the units asked (unit_twice, duplicate_row).
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx",
               Sheet("Tổng hợp", sorted_copy_rows([3, "Gia Thụy", 80, 77, 3])))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (240, 230)
    assert figures(results, "Gia Thụy") == (160, 153)
    assert not results.rejects["reason"].str.contains("bảng chép lại").any()
    assert len(flags(results, "duplicate_row")) == 2


def test_a_workbook_with_identical_rows_sent_twice_is_warned_about_once(tmp_path):
    write_campaign(tmp_path)
    rows = [SUMMARY, ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0], ["Bồ Đề", "Chi bộ 2", 35, 33, 2, 0]]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Sheet", rows))
    write_xlsx(tmp_path / "gd1/bo-de (1).xlsx", Sheet("Sheet", rows))
    results = analyse(tmp_path)
    # The e-mail copy "bo-de (1).xlsx" is the repeat, though " (1)" sorts before ".xlsx".
    assert figures(results, "Bồ Đề") == (70, 66)
    assert flags(results, "duplicate_row") == [("Bồ Đề", "gd1/bo-de.xlsx", "Sheet", 3)]
    assert flags(results, "duplicate_report") == [("Bồ Đề", "gd1/bo-de (1).xlsx", "Sheet",
                                                   None)]


# --- which identical copy is kept ----------------------------------------------------------------

DEADLINE_TOML = """[campaign]
id = "t"

[[phases]]
id = "2"
label = "Giai đoạn 2"
deadline = "2020-11-05"

[[sources]]
glob = "*"
phase = "2"

[[units]]
name = "Ngọc Lâm"
kind = "ward"
"""


def dated(day: str) -> list[list]:
    return [["BÁO CÁO KẾT QUẢ"], SUMMARY, ["Ngọc Lâm", "Chi bộ 1", 30, 30, 0, 0],
            ["Ngọc Lâm", "Chi bộ 2", 25, 23, 1, 1], [],
            [None, f"Ngọc Lâm, ngày {day} năm 2020"], [None, "NGƯỜI LẬP BIỂU"]]


def test_copies_that_differ_and_are_dated_differently_say_each_ones_date(tmp_path):
    # QA round 81 #3: held out with no hint of which is the later, though both are dated.
    (tmp_path / "campaign.toml").write_text(DEADLINE_TOML, encoding="utf-8")
    write_xlsx(tmp_path / "ngoc-lam-gd2.xlsx", Sheet("Sheet", dated("20 tháng 10")))
    later = dated("28 tháng 10")
    later[3] = ["Ngọc Lâm", "Chi bộ 2", 25, 24, 1, 0]
    write_xlsx(tmp_path / "ngoc-lam-gd2 (1).xlsx", Sheet("Sheet", later))
    results = analyse(tmp_path)
    flags_ = results.quality.flags
    details = set(flags_.loc[flags_["rule"] == "duplicate_conflict", "detail"])  # one per copy
    assert len(details) == 1
    assert details.pop().startswith(
        "báo cáo giai đoạn 2 của Ngọc Lâm, 'Chi bộ 2' có trong 2 tệp với số liệu khác nhau "
        "(ngoc-lam-gd2.xlsx: 23/25 có mặt, đề ngày 20/10/2020; ngoc-lam-gd2 (1).xlsx: 24/25 "
        "có mặt, đề ngày 28/10/2020)")


def test_the_earliest_dated_copy_is_kept_so_an_on_time_unit_is_not_late(tmp_path):
    (tmp_path / "campaign.toml").write_text(DEADLINE_TOML, encoding="utf-8")
    # The re-send sorts first in path order ("-" before "."), and is dated after the deadline.
    write_xlsx(tmp_path / "ngoc-lam-gd2.xlsx", Sheet("Sheet", dated("20 tháng 10")))
    write_xlsx(tmp_path / "ngoc-lam-gd2-gui-lai.xlsx", Sheet("Sheet", dated("10 tháng 11")))
    results = analyse(tmp_path)

    assert figures(results, "Ngọc Lâm", "2") == (55, 53)
    unit = results.quality.completeness.set_index("ward").loc["Ngọc Lâm"]
    assert (unit["source_files"], unit["report_date"], unit["timeliness"]) == (
        "ngoc-lam-gd2.xlsx", "2020-10-20", "on_time")
    assert flags(results, "late_report") == []
    # One line for the file sent again, naming its two cells (QA round 78: a line per cell).
    assert [row[1:3] for row in flags(results, "duplicate_report")] == [
        ("ngoc-lam-gd2-gui-lai.xlsx", "Sheet")]
    assert detail(results, "duplicate_report").startswith(
        "báo cáo giai đoạn 2 của Ngọc Lâm (2 phần: 'Chi bộ 1', 'Chi bộ 2') có trong 2 tệp với "
        "số liệu giống hệt; tính một lần theo tệp ngoc-lam-gd2.xlsx, bản đề ngày sớm nhất "
        "(20/10/2020), không tính lại theo tệp ngoc-lam-gd2-gui-lai.xlsx (")
    assert accounting(results) == {("ngoc-lam-gd2.xlsx", "Sheet"): (2, 2, 0, 0),
                                   ("ngoc-lam-gd2-gui-lai.xlsx", "Sheet"): (2, 0, 2, 0)}


def test_an_earlier_dated_copy_wins_over_path_order_and_a_dated_over_an_undated(tmp_path):
    (tmp_path / "campaign.toml").write_text(DEADLINE_TOML, encoding="utf-8")
    write_xlsx(tmp_path / "a.xlsx", Sheet("Sheet", dated("10 tháng 11")))
    write_xlsx(tmp_path / "b.xlsx", Sheet("Sheet", dated("20 tháng 10")))
    write_xlsx(tmp_path / "c.xlsx", Sheet("Sheet", dated("20 tháng 10")[:-2]))  # no date line
    results = analyse(tmp_path)
    kept = results.ingest.records["source_file"].unique().tolist()
    assert kept == ["b.xlsx"]
    assert sorted({row[1] for row in flags(results, "duplicate_report")}) == ["a.xlsx",
                                                                              "c.xlsx"]


def test_a_unit_with_one_class_held_out_is_said_to_be_partly_counted(tmp_path):
    # Bồ Đề: class A counted (40/38); class B sent twice with different figures (held out).
    header = ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"]
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": "Bồ Đề", "kind": "ward"}])
    write_xlsx(tmp_path / "gd1/lop-a.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp A", 40, 38]]))
    write_xlsx(tmp_path / "gd1/lop-b.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp B", 180, 175]]))
    write_xlsx(tmp_path / "gd1/lop-b-sua.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp B", 180, 176]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (40, 38)
    assert results.headline_text().endswith(
        "Tính một phần, có lớp hoặc chi bộ gửi trùng với số liệu khác nhau chưa tính: Bồ Đề.")
    assert quality.reporting_note(results.quality, "1", "en") == (
        "Partly counted, a class or party cell sent twice with different figures left out: Bồ Đề.")


def test_sheets_of_member_groups_are_summed_not_taken_for_versions(tmp_path):
    """"Chính thức" (58/56) and "Dự bị" (5/4), "Lớp đảng viên" and "Lớp đảng viên mới": two
    groups each, summed (63/60), never held out as versions of one sheet."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet("Chính thức", [header, ["Gia Thụy", 58, 56]]),
               Sheet("Dự bị", [header, ["Gia Thụy", 5, 4]]))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Lớp đảng viên", [header, ["Bồ Đề", 100, 96]]),
               Sheet("Lớp đảng viên mới", [header, ["Bồ Đề", 6, 6]]))
    results = analyse(tmp_path)
    assert figures(results, "Gia Thụy") == (63, 60)
    assert figures(results, "Bồ Đề") == (106, 102)
    assert flags(results, "duplicate_conflict") == []


def test_a_month_sheet_and_its_bracketed_new_version_are_versions(tmp_path):
    """"Tháng 9" (58/55) and "Tháng 9 (mới)" (58/56): a sheet and its new version, not two
    classes (summed they made 116/111). Held out until the unit says which stands; "Lớp đảng
    viên mới" (new members' class, no brackets) stays a class of its own."""
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/ngoc-lam.xlsx", Sheet("Tháng 9", [header, ["Ngọc Lâm", 58, 55]]),
               Sheet("Tháng 9 (mới)", [header, ["Ngọc Lâm", 58, 56]]))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Lớp đảng viên", [header, ["Bồ Đề", 100, 96]]),
               Sheet("Lớp đảng viên mới", [header, ["Bồ Đề", 6, 6]]))
    results = analyse(tmp_path)
    assert "Ngọc Lâm" not in set(results.ward_phase["ward"])
    assert [row[:3] for row in flags(results, "duplicate_conflict")] == [
        ("Ngọc Lâm", "gd1/ngoc-lam.xlsx", "Tháng 9"),
        ("Ngọc Lâm", "gd1/ngoc-lam.xlsx", "Tháng 9 (mới)")]
    assert figures(results, "Bồ Đề") == (106, 102)


def test_an_old_roll_call_beside_the_new_one_is_a_version_not_more_people(tmp_path):
    """"Chi bộ 1" (five people, 4 present) and "Chi bộ 1 cũ", the old list: four of the same
    people and one other (Ngô Văn Minh, absent). Added, they made 10 people, 7 present. An
    old version of one list is held out until the unit says which stands."""
    write_campaign(tmp_path)
    old_list = [*FIVE[:4], [5, "Ngô Văn Minh", "Long Biên", "v"]]
    write_xlsx(tmp_path / "gd1/long-bien.xlsx", Sheet("Chi bộ 1", [ROLL_CALL, *FIVE]),
               Sheet("Chi bộ 1 cũ", [ROLL_CALL, *old_list]))
    results = analyse(tmp_path)
    assert "Long Biên" not in set(results.ward_phase["ward"])
    assert accounting(results) == {("gd1/long-bien.xlsx", "Chi bộ 1"): (5, 0, 0, 5),
                                   ("gd1/long-bien.xlsx", "Chi bộ 1 cũ"): (5, 0, 0, 5)}


def test_a_units_total_beside_its_cells_elsewhere_is_counted_once(tmp_path):
    """The district's "Tổng hợp" gives Bồ Đề 120/115 and Gia Thụy 80/78; Bồ Đề's own file
    gives its two cells, 60/58 and 60/57 = 120/115. Added, Bồ Đề counted 240/230. The same
    figures at two levels are one report: its cells are kept, the total is a reject line."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [
        SUMMARY, ["Bồ Đề", "Chi bộ 1", 60, 58, 1, 1], ["Bồ Đề", "Chi bộ 2", 60, 57, 2, 1]]))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 120, 115], ["Gia Thụy", 80, 78]]))
    results = analyse(tmp_path)
    assert figures(results, "Bồ Đề") == (120, 115)
    assert figures(results, "Gia Thụy") == (80, 78)
    assert flags(results, "duplicate_report") == [
        ("Bồ Đề", "gd1/tong-hop.xlsx", "Tổng hợp", 2)]
    assert accounting(results) == {("gd1/bo-de.xlsx", "S"): (2, 2, 0, 0),
                                   ("gd1/tong-hop.xlsx", "Tổng hợp"): (2, 1, 1, 0)}


def test_a_makeup_class_sent_apart_from_the_units_total_is_counted_on_top(tmp_path):
    """The district's summary gives Bồ Đề 120/112; Bồ Đề sends its make-up class apart,
    "Lớp học bù" 8/6 (explore8 C-en). It was taken for the unit by class disagreeing with
    its total, and both held out. The make-up class is no part of the total: 128/118,
    flagged makeup_class, nothing held out."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 120, 112], ["Gia Thụy", 80, 78]]))
    write_xlsx(tmp_path / "gd1/bo-de-hoc-bu.xlsx", Sheet("S", [
        ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", "Lớp học bù", 8, 6]]))
    results = analyse(tmp_path)
    assert figures(results, "Bồ Đề") == (128, 118)
    assert results.held_out.empty
    assert [row[:3] for row in flags(results, "makeup_class")] == [
        ("Bồ Đề", "gd1/bo-de-hoc-bu.xlsx", "S")]


def test_a_summary_of_more_cells_than_the_roll_calls_counts_each_cell_once(tmp_path):
    """Ngọc Lâm's workbook: "Tổng hợp" gives Chi bộ 1 5/4, CB2 5/3 ("CB2" as the district
    abbreviates it) and Chi bộ 3 10/9; roll-call sheets give Chi bộ 1 (5 people, 4 present)
    and Chi bộ 2 (5, 3) (QA round 13, h11): the two cells were counted twice, 30/23. Each
    cell once: Chi bộ 1 and 2 from the roll-calls, Chi bộ 3 from the table: 20/16."""
    write_campaign(tmp_path)
    people = [[1, "An", "Long Biên", "x"], [2, "Bình", "Long Biên", "x"],
              [3, "Cường", "Long Biên", "x"], [4, "Dung", "Long Biên", "v"]]
    write_xlsx(tmp_path / "gd1/long-bien.xlsx",
               Sheet("Tổng hợp", [SUMMARY, ["Long Biên", "Chi bộ 1", 5, 4, 1, 0],
                                  ["Long Biên", "CB2", 5, 3, 1, 1],
                                  ["Long Biên", "Chi bộ 3", 10, 9, 1, 0]]),
               Sheet("Chi bộ 1", [ROLL_CALL, *people, [5, "Em", "Long Biên", "x"]]),
               Sheet("Chi bộ 2", [ROLL_CALL, *people[:2], [3, "Giang", "Long Biên", "v"],
                                  [4, "Hoa", "Long Biên", "x"], [5, "Khánh", "Long Biên", "P"]]))
    results = analyse(tmp_path)
    assert figures(results, "Long Biên") == (20, 16)
    assert results.held_out.empty
    assert sorted(reasons(results, "gd1/long-bien.xlsx", "Tổng hợp"))[0].startswith(
        "báo cáo trùng: báo cáo giai đoạn 1 của Long Biên, 'CB2' trong bảng tổng hợp (3/5 có "
        "mặt) bằng danh sách điểm danh ở tệp gd1/long-bien.xlsx › Chi bộ 2")


def test_a_cell_whose_summary_row_disagrees_with_its_roll_call_is_held_out(tmp_path):
    """"Tổng hợp" says Chi bộ 1 5/5, its roll-call 5 people, 4 present (a typo in the table,
    QA round 13, h26): both were counted, 10/9. That cell is held out, the other counted
    once from its roll-call: 5/3."""
    write_campaign(tmp_path)
    people = [[1, "An", "Long Biên", "x"], [2, "Bình", "Long Biên", "x"],
              [3, "Cường", "Long Biên", "x"], [4, "Dung", "Long Biên", "v"],
              [5, "Em", "Long Biên", "x"]]
    write_xlsx(tmp_path / "gd1/long-bien.xlsx",
               Sheet("Tổng hợp", [SUMMARY, ["Long Biên", "Chi bộ 1", 5, 5, 0, 0],
                                  ["Long Biên", "Chi bộ 2", 5, 3, 1, 1]]),
               Sheet("Chi bộ 1", [ROLL_CALL, *people]),
               Sheet("Chi bộ 2", [ROLL_CALL, *people[:2], [3, "Giang", "Long Biên", "v"],
                                  [4, "Hoa", "Long Biên", "x"], [5, "Khánh", "Long Biên", "P"]]))
    results = analyse(tmp_path)
    assert figures(results, "Long Biên") == (5, 3)
    assert sorted(set(results.held_out["sheet"])) == ["Chi bộ 1", "Tổng hợp"]
    assert len(flags(results, "duplicate_conflict")) == 2


def test_a_summary_file_and_a_roll_call_file_with_the_same_figures_are_one_report(tmp_path):
    """The summary in one file, the roll-call in another, the same figures (QA round 13,
    h11c): compared person by person with a summary row they always differed, and the
    ward was held out with no rate. Same totals: one report, counted from the roll-call."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/long-bien-diem-danh.xlsx", Sheet("Chi bộ 1", [ROLL_CALL, *FIVE]))
    write_xlsx(tmp_path / "gd1/long-bien-tong-hop.xlsx",
               Sheet("S", [SUMMARY, ["Long Biên", "Chi bộ 1", 5, 4, 1, 0]]))
    results = analyse(tmp_path)
    assert figures(results, "Long Biên") == (5, 4)
    assert results.held_out.empty
    assert flags(results, "duplicate_report") == [
        ("Long Biên", "gd1/long-bien-tong-hop.xlsx", "S", 2)]


def test_a_summary_beside_its_own_roll_call_with_other_figures_is_held_out(tmp_path):
    """Long Biên's roll-call: 5 people, 4 present; its summary says 5/5. One report at two
    levels that disagree: both held out, flagged, until the unit says which stands."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/long-bien-diem-danh.xlsx", Sheet("Chi bộ 1", [ROLL_CALL, *FIVE]))
    write_xlsx(tmp_path / "gd1/long-bien-tong-hop.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Long Biên", 5, 5]]))
    results = analyse(tmp_path)
    assert "Long Biên" not in set(results.ward_phase["ward"])
    assert [row[:2] for row in flags(results, "duplicate_conflict")] == [
        ("Long Biên", "gd1/long-bien-diem-danh.xlsx"), ("Long Biên", "gd1/long-bien-tong-hop.xlsx")]
    assert accounting(results) == {("gd1/long-bien-diem-danh.xlsx", "Chi bộ 1"): (5, 0, 0, 5),
                                   ("gd1/long-bien-tong-hop.xlsx", "S"): (1, 0, 0, 1)}


def test_a_units_total_beside_its_classes_one_of_them_disputed(tmp_path):
    """The district's "Tổng hợp": Bồ Đề 220/213 (Lớp A 40/38 + the first Lớp B 180/175).
    Bồ Đề's Lớp B was re-sent corrected (180/176): both copies held out. The total was then
    compared with Lớp A alone (40/38), found different, and held out with Lớp A: the ward
    vanished from the rates. The total matches the detail with one of Lớp B's copies, so it
    is a duplicate of the detail; Lớp A stays counted, Bồ Đề partly counted."""
    header = ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"]
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": "Bồ Đề", "kind": "ward"}, {"name": "Gia Thụy", "kind": "ward"}])
    write_xlsx(tmp_path / "gd1/lop-a.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp A", 40, 38]]))
    write_xlsx(tmp_path / "gd1/lop-b.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp B", 180, 175]]))
    write_xlsx(tmp_path / "gd1/lop-b-sua.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp B", 180, 176]]))
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Tổng hợp", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 220, 213], ["Gia Thụy", 80, 78]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (40, 38)
    assert figures(results, "Gia Thụy") == (80, 78)
    status = results.quality.completeness.set_index("ward")["status"]
    assert (status["Bồ Đề"], status["Gia Thụy"]) == ("partly_held_out", "reported")
    assert flags(results, "duplicate_report") == [("Bồ Đề", "gd1/tong-hop.xlsx", "Tổng hợp", 2)]
    assert accounting(results) == {("gd1/lop-a.xlsx", "S"): (1, 1, 0, 0),
                                   ("gd1/lop-b.xlsx", "S"): (1, 0, 0, 1),
                                   ("gd1/lop-b-sua.xlsx", "S"): (1, 0, 0, 1),
                                   ("gd1/tong-hop.xlsx", "Tổng hợp"): (2, 1, 1, 0)}


def test_a_unit_counted_in_part_is_not_flagged_for_a_membership_change(tmp_path):
    # Phase 1: Lớp A 40/38 counted, Lớp B sent twice with different figures (held out), so
    # 40 members counted; phase 2: both classes, 220. Not "+450%": a class is missing.
    header = ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"]
    write_campaign(tmp_path, sources=({"glob": "gd1/*", "phase": "1"},
                                      {"glob": "gd2/*", "phase": "2"}),
                   units=[{"name": "Bồ Đề", "kind": "ward"}])
    write_xlsx(tmp_path / "gd1/lop-a.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp A", 40, 38]]))
    write_xlsx(tmp_path / "gd1/lop-b.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp B", 180, 175]]))
    write_xlsx(tmp_path / "gd1/lop-b-sua.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp B", 180, 176]]))
    write_xlsx(tmp_path / "gd2/bo-de.xlsx", Sheet("S", [
        header, ["Bồ Đề", "Lớp A", 40, 39], ["Bồ Đề", "Lớp B", 180, 178]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề", "1") == (40, 38)
    assert figures(results, "Bồ Đề", "2") == (220, 217)
    assert flags(results, "membership_change") == []


def test_a_summary_sheet_per_cell_beside_the_cells_roll_calls_is_counted_once(tmp_path):
    """Long Biên's workbook: a roll-call sheet per cell ("CB1": 5 people, 4 present; "CB2":
    5 others, 4 present) and a "Tổng hợp" sheet with a row per cell, "Chi bộ 1" 5/4 and
    "Chi bộ 2" 5/4. The cells are named differently, so no copy was found, and the whole
    counted twice: 20/16. The summary's totals equal the roll-calls': counted once, from
    the roll-calls, the summary's rows reject lines naming them."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/long-bien.xlsx",
               Sheet("Tổng hợp", [["STT", "Chi bộ", "Tổng số đảng viên", "Có mặt"],
                                  [1, "Chi bộ 1", 5, 4], [2, "Chi bộ 2", 5, 4]]),
               Sheet("CB1", [ROLL_CALL, *FIVE]), Sheet("CB2", [ROLL_CALL, *OTHER_FIVE]))
    results = analyse(tmp_path)
    assert figures(results, "Long Biên") == (10, 8)
    # One flag for the summary's two rows: the sheet, no single row.
    assert flags(results, "duplicate_report") == [
        ("Long Biên", "gd1/long-bien.xlsx", "Tổng hợp", None)]
    assert accounting(results) == {("gd1/long-bien.xlsx", "Tổng hợp"): (2, 0, 2, 0),
                                   ("gd1/long-bien.xlsx", "CB1"): (5, 5, 0, 0),
                                   ("gd1/long-bien.xlsx", "CB2"): (5, 5, 0, 0)}
    assert reasons(results, "gd1/long-bien.xlsx", "Tổng hợp")[0].startswith(
        "báo cáo trùng: bảng tổng hợp của ")


def test_a_unit_on_two_rows_with_other_figures_is_counted_and_flagged(tmp_path):
    # QA round 14 k49: a Google Forms export where Gia Thụy answered twice (80/70, then the
    # correction 80/78): both rows were summed, 148/160, without a word. They stay counted
    # (two classes may lack a column naming them) with a unit_twice warning on the later
    # row. Identical rows are duplicate_row's; another cell is another row.
    write_campaign(tmp_path)
    header = ["Dấu thời gian", "Đơn vị", "Chi bộ", "Tổng số đảng viên", "Có mặt"]
    rows = [header, ["05/09/2015 20:11", "Bồ Đề", None, 120, 115],
            ["06/09/2015 08:02", "Gia Thụy", None, 80, 70],
            ["07/09/2015 16:40", "Gia Thụy", None, 80, 78],
            ["07/09/2015 17:05", "Bồ Đề", "Chi bộ 2", 30, 29]]
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", rows))

    results = analyse(tmp_path)

    assert figures(results, "Gia Thụy") == (160, 148)
    assert flags(results, "unit_twice") == [("Gia Thụy", "gd1/a.xlsx", "S", 4)]
    detail = results.quality.flags.set_index("rule").loc["unit_twice", "detail"]
    assert "(dòng 3: 70/80 có mặt; dòng 4: 78/80 có mặt)" in detail
    assert flags(results, "duplicate_row") == []


@pytest.mark.parametrize(("names", "flagged"), [
    (("Sheet1", "Sheet2"), True),
    (("Báo cáo", "GĐ"), True),
    (("Lớp sáng", "Lớp chiều"), False),
    (("Buổi 1", "Buổi 2"), False),
    (("Chi bộ 1", "Chi bộ 2"), False),
])
def test_a_unit_in_two_sheets_named_for_nothing_is_counted_and_flagged(tmp_path, names,
                                                                       flagged):
    # Sheets of one file are parts of one report, summed; but "Sheet1" and "Sheet2" listing
    # the same wards with other figures are as often both phases or an old version: Bồ Đề at
    # 145/160 for 75/80 and 70/80, without a word (left open in the eleventh session's note).
    # Sheets named for classes, sessions or cells say what they are and are not flagged.
    write_campaign(tmp_path)
    header = ["STT", "Đơn vị", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/a.xlsx",
               Sheet(names[0], [header, [1, "Bồ Đề", 80, 75], [2, "Gia Thụy", 60, 58]]),
               Sheet(names[1], [header, [1, "Bồ Đề", 80, 70], [2, "Gia Thụy", 60, 55]]))

    results = analyse(tmp_path)

    assert figures(results, "Bồ Đề") == (160, 145)
    assert figures(results, "Gia Thụy") == (120, 113)
    expected = [("Bồ Đề", "gd1/a.xlsx", names[1], 2),
                ("Gia Thụy", "gd1/a.xlsx", names[1], 3)] if flagged else []
    assert flags(results, "unit_in_sheets") == expected
    if flagged:
        chosen = results.quality.flags
        detail = chosen.loc[(chosen["rule"] == "unit_in_sheets")
                            & (chosen["ward"] == "Bồ Đề"), "detail"].item()
        assert (f"có ở 2 trang tính của tệp a.xlsx ('{names[0]}': 75/80 có mặt; "
                f"'{names[1]}': 70/80 có mặt); tất cả đều được tính, 145/160 có mặt") in detail


def test_a_table_pasted_twice_in_one_workbook_is_counted_once(tmp_path):
    # QA round 15 c06b: "Sheet1" and "Sheet2" the same table of three wards (the unit pasted
    # it twice): every ward was counted twice (Bồ Đề 240/230 for 120/115), without a word.
    # Three wards with the same figures in two sheets are one report, whatever the names.
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    rows = [header, ["Bồ Đề", 120, 115], ["Gia Thụy", 80, 78], ["Ngọc Lâm", 100, 96]]
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Sheet1", rows), Sheet("Sheet2", rows))
    results = analyse(tmp_path)
    assert [figures(results, ward) for ward in ("Bồ Đề", "Gia Thụy", "Ngọc Lâm")] == [
        (120, 115), (80, 78), (100, 96)]
    assert [row[:3] for row in flags(results, "duplicate_report")] == [
        ("Bồ Đề", "gd1/tong-hop.xlsx", "Sheet2"), ("Gia Thụy", "gd1/tong-hop.xlsx", "Sheet2"),
        ("Ngọc Lâm", "gd1/tong-hop.xlsx", "Sheet2")]
    assert accounting(results) == {("gd1/tong-hop.xlsx", "Sheet1"): (3, 3, 0, 0),
                                   ("gd1/tong-hop.xlsx", "Sheet2"): (3, 0, 3, 0)}


def test_two_dated_sheets_mostly_the_same_are_versions_not_two_classes(tmp_path):
    # QA round 15 c06: "Ngày 8-3" and "Ngày 12-3", the second correcting one ward (Bồ Đề
    # 120/110 -> 120/115): summed, Bồ Đề was 240/225. The wards the two agree on are counted
    # once; Bồ Đề's two figures are held out until the unit says which stands. Sheets that
    # share fewer than most of their figures stay two classes (see the test above).
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    first = [header, ["Bồ Đề", 120, 110], ["Gia Thụy", 80, 78], ["Ngọc Lâm", 100, 96]]
    second = [header, ["Bồ Đề", 120, 115], ["Gia Thụy", 80, 78], ["Ngọc Lâm", 100, 96]]
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("Ngày 8-3", first),
               Sheet("Ngày 12-3", second))
    results = analyse(tmp_path)
    assert "Bồ Đề" not in set(results.ward_phase["ward"])
    assert [figures(results, ward) for ward in ("Gia Thụy", "Ngọc Lâm")] == [(80, 78),
                                                                              (100, 96)]
    assert [row[:3] for row in flags(results, "duplicate_conflict")] == [
        ("Bồ Đề", "gd1/tong-hop.xlsx", "Ngày 12-3"), ("Bồ Đề", "gd1/tong-hop.xlsx", "Ngày 8-3")]


def test_two_class_sheets_of_the_same_wards_with_other_figures_are_summed(tmp_path):
    # "Lớp 1" and "Lớp 2" of the same three wards, no class column: two classes (as before).
    write_campaign(tmp_path)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx",
               Sheet("Lớp 1", [header, ["Bồ Đề", 60, 58], ["Gia Thụy", 40, 39],
                               ["Ngọc Lâm", 50, 48]]),
               Sheet("Lớp 2", [header, ["Bồ Đề", 60, 57], ["Gia Thụy", 40, 39],
                               ["Ngọc Lâm", 50, 47]]))
    results = analyse(tmp_path)
    assert [figures(results, ward) for ward in ("Bồ Đề", "Gia Thụy", "Ngọc Lâm")] == [
        (120, 115), (80, 78), (100, 95)]
    assert results.quality.flags["rule"].str.startswith("duplicate").sum() == 0


def _unit_summary_and_roll_calls(hidden_draft: bool) -> list[Sheet]:
    """Bồ Đề's summary by cell (Chi bộ 1 4/6, Chi bộ 2 4/5), the two cells' roll-calls with
    the same figures, and perhaps a hidden draft of the summary (5/6, 5/5)."""
    header = ["Phường", "Chi bộ", "Tổng số đảng viên", "Có mặt"]
    people = [["Bồ Đề", f"Người {number}", mark]
              for number, mark in enumerate(["x", "x", "x", "P", "v", "x"])]
    others = [["Bồ Đề", f"Người {number}", mark]
              for number, mark in enumerate(["x", "x", "KP", "x", "x"], 10)]
    sheets = [Sheet("Tổng hợp", [header, ["Bồ Đề", "Chi bộ 1", 6, 4],
                                 ["Bồ Đề", "Chi bộ 2", 5, 4]]),
              Sheet("Chi bộ 1", [["Phường", "Họ và tên", "Điểm danh"], *people]),
              Sheet("Chi bộ 2", [["Phường", "Họ và tên", "Điểm danh"], *others])]
    if hidden_draft:
        sheets.append(Sheet("Nháp", [header, ["Bồ Đề", "Chi bộ 1", 6, 5],
                                     ["Bồ Đề", "Chi bộ 2", 5, 5]], hidden=True))
    return sheets


def test_a_version_holding_a_cell_twice_shows_its_figures_once(tmp_path):
    # QA round 13 h01: the conflict said "'Chi bộ 1', 'Tổng hợp': 8/12 có mặt", the summary
    # row (4/6) and the roll-call (4/6) added up: a figure no sheet says.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", *_unit_summary_and_roll_calls(hidden_draft=True))
    results = analyse(tmp_path)
    details = results.quality.flags.loc[results.quality.flags["rule"] == "duplicate_conflict",
                                        "detail"].tolist()
    assert any("'Chi bộ 1', 'Tổng hợp': 4/6 có mặt; gd1/bo-de.xlsx 'Nháp': 5/6" in detail
               for detail in details)
    assert not any("8/12" in detail for detail in details)


def test_a_summary_equal_to_its_roll_calls_is_named_for_its_unit_not_one_cell(tmp_path):
    # QA round 13 h01b: each summary row's reason named 'Chi bộ 1' with the whole unit's
    # figure (8/11), the Chi bộ 2 row too.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", *_unit_summary_and_roll_calls(hidden_draft=False))
    results = analyse(tmp_path)
    assert figures(results, "Bồ Đề") == (11, 8)
    assert reasons(results, "gd1/bo-de.xlsx", "Tổng hợp") == [
        "báo cáo trùng: bảng tổng hợp của báo cáo giai đoạn 1 của Bồ Đề (8/11 có mặt) bằng "
        "tổng các danh sách điểm danh ở tệp gd1/bo-de.xlsx › Chi bộ 1, gd1/bo-de.xlsx › "
        "Chi bộ 2, chỉ tính một lần (duplicate report: the summary equals the roll-calls in "
        "gd1/bo-de.xlsx › Chi bộ 1, gd1/bo-de.xlsx › Chi bộ 2: counted once)"] * 2


def test_a_units_classes_on_two_days_in_one_summary_are_two_classes(tmp_path):
    # A summary with a "Ngày học" column listing Bồ Đề's class of 12/9 and of 19/9: two
    # classes (40/38 + 40/36 = 80/74), each its own session, not one unit sent twice.
    write_campaign(tmp_path)
    rows = [["Phường", "Ngày học", "Tổng số đảng viên", "Có mặt"],
            ["Bồ Đề", "12/9/2015", 40, 38], ["Bồ Đề", "19/9/2015", 40, 36],
            ["Gia Thụy", "12/9/2015", 30, 29]]
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", rows))
    results = analyse(tmp_path)
    assert figures(results, "Bồ Đề") == (80, 74)
    assert results.by_session[["ward", "session", "attended"]].values.tolist() == [
        ["Bồ Đề", "12/09/2015", 38], ["Bồ Đề", "19/09/2015", 36],
        ["Gia Thụy", "12/09/2015", 29]]
    assert flags(results, "unit_twice") == []


# --- a summary sheet over the sheets it sums up, in one workbook ---------------------------

WARD_ROW = ["Đơn vị", "Tổng số đảng viên", "Có mặt"]


def test_a_summary_sheet_restating_one_row_ward_sheets_counts_each_ward_once(tmp_path):
    """QA round 41: sheets "Phúc Lợi" (88/85) and "Sài Đồng" (115/111), one row each, and
    "Tổng hợp" listing both with a total of 203/196. Added, every ward counted twice:
    392/406. The same three tables in two files were counted once. By hand: 196/203."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx",
               Sheet("Phúc Lợi", [WARD_ROW, ["Phúc Lợi", 88, 85]]),
               Sheet("Sài Đồng", [WARD_ROW, ["Sài Đồng", 115, 111]]),
               Sheet("Tổng hợp", [WARD_ROW, ["Phúc Lợi", 88, 85], ["Sài Đồng", 115, 111],
                                  ["Tổng", 203, 196]]))
    results = analyse(tmp_path)
    assert figures(results, "Phúc Lợi") == (88, 85)
    assert figures(results, "Sài Đồng") == (115, 111)
    assert reasons(results, "gd1/bao-cao.xlsx", "Tổng hợp") == [
        "báo cáo trùng: báo cáo giai đoạn 1 của Phúc Lợi giống hệt trang tính 'Phúc Lợi' của "
        "tệp gd1/bao-cao.xlsx, chỉ tính một lần (duplicate report, identical to sheet 'Phúc "
        "Lợi' of gd1/bao-cao.xlsx: counted once)",
        "báo cáo trùng: báo cáo giai đoạn 1 của Sài Đồng giống hệt trang tính 'Sài Đồng' của "
        "tệp gd1/bao-cao.xlsx, chỉ tính một lần (duplicate report, identical to sheet 'Sài "
        "Đồng' of gd1/bao-cao.xlsx: counted once)"]
    assert accounting(results)[("gd1/bao-cao.xlsx", "Tổng hợp")] == (2, 0, 2, 0)
    assert flags(results, "unit_in_sheets") == []


def test_a_summary_sheet_first_that_disagrees_with_a_wards_sheet_holds_that_ward_out(tmp_path):
    """"TH" first in the workbook: Phúc Lợi 88/84 there, 88/85 on its own sheet (one is a
    typo; only the ward can say which); Sài Đồng 115/111 in both, counted once. Added, they
    were 176/169 and 230/222."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bao-cao.xlsx",
               Sheet("TH", [WARD_ROW, ["Phúc Lợi", 88, 84], ["Sài Đồng", 115, 111]]),
               Sheet("P. Phúc Lợi", [WARD_ROW, ["Phúc Lợi", 88, 85]]),
               Sheet("Sài Đồng", [WARD_ROW, ["Sài Đồng", 115, 111]]))
    results = analyse(tmp_path)
    assert figures(results, "Sài Đồng") == (115, 111)
    assert "Phúc Lợi" not in set(results.ward_phase["ward"])
    assert sorted(results.held_out["sheet"]) == ["P. Phúc Lợi", "TH"]
    assert len(flags(results, "duplicate_conflict")) == 2
    assert accounting(results)[("gd1/bao-cao.xlsx", "Sài Đồng")] == (1, 0, 1, 0)


def test_sheets_of_one_unit_named_for_its_classes_are_still_added(tmp_path):
    """Sheets "Lớp 1" and "Lớp 2" each giving Phúc Lợi's row (no class column): parts of
    the report, not a sheet restating another. By hand 50/48 + 40/37 = 90/85."""
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/phuc-loi.xlsx",
               Sheet("Lớp 1", [WARD_ROW, ["Phúc Lợi", 50, 48]]),
               Sheet("Lớp 2", [WARD_ROW, ["Phúc Lợi", 40, 37]]))
    results = analyse(tmp_path)
    assert figures(results, "Phúc Lợi") == (90, 85)


@pytest.mark.parametrize("named_by", ["title", "file", "sheet"])
def test_a_file_per_class_of_one_unit_is_two_classes_not_two_copies(tmp_path, named_by):
    """QA round 54 #1: Nam Đồng sends a file per class, no class column: "LỚP HỌC SỐ 1" in
    the title, "-lop-1" in the file's name, or a sheet "Lớp 1". Taken for two versions of one
    report with different figures, both were held out and the ward went uncounted. By hand:
    Lớp 1 61/58 + Lớp 2 54/52 = 115/110, each class its own row."""
    write_campaign(tmp_path)
    header = ["Đơn vị", "Tổng số ĐV", "Có mặt", "Vắng"]
    for number, (expected, attended) in ((1, (61, 58)), (2, (54, 52))):
        title = [["ĐẢNG ỦY PHƯỜNG GIA THỤY"],
                 [f"BÁO CÁO KẾT QUẢ LỚP HỌC SỐ {number}" if named_by == "title"
                  else "BÁO CÁO KẾT QUẢ HỌC TẬP"], []]
        name = f"gd1/gia-thuy-lop-{number}.xlsx" if named_by == "file" \
            else f"gd1/gia-thuy-{'ab'[number - 1]}.xlsx"
        write_xlsx(tmp_path / name, Sheet(f"Lớp {number}" if named_by == "sheet" else "Sheet",
                                          [*title, header, ["Phường Gia Thụy", expected,
                                                            attended, expected - attended]]))
    results = analyse(tmp_path)
    assert figures(results, "Gia Thụy") == (115, 110)
    assert results.held_out.empty
    sessions = results.by_session[results.by_session["ward"] == "Gia Thụy"]
    assert sessions[["session", "expected", "attended"]].values.tolist() == [
        ["Lớp 1", 61, 58], ["Lớp 2", 54, 52]]


@pytest.mark.parametrize("title, name, session", [
    ("BÁO CÁO KẾT QUẢ LỚP HỌC SỐ 1", "a.xlsx", "Lớp 1"),
    ("BÁO CÁO KẾT QUẢ LỚP HỌC SỐ II", "a.xlsx", "Lớp 2"),  # QA round 55 #5
    ("BÁO CÁO KẾT QUẢ", "ngoc-lam-lop1.xlsx", "Lớp 1"),  # QA round 55 #5
    ("BÁO CÁO KẾT QUẢ LỚP THỨ 2", "a.xlsx", "Lớp 2"),  # QA round 56 #2
    # Several classes, the number of classes, a date after the word: no class (QA round 55
    # #1: "LỚP 1 VÀ LỚP 2" was class 1, and class 2's own file counted twice; #9).
    ("LỚP 1 VÀ LỚP 2", "a.xlsx", ""), ("CÁC LỚP 1, 2 VÀ 3", "a.xlsx", ""),
    ("Lớp 1 và 2", "a.xlsx", ""), ("Tổng số lớp 3", "a.xlsx", ""),
    ("BÁO CÁO KẾT QUẢ", "sai-dong-lop-12-9.xlsx", ""), ("Lớp 12A", "a.xlsx", ""),
])
def test_the_class_a_table_is_named_for(title, name, session):
    rows = [[title, "", "", ""], ["Đơn vị", "Tổng số ĐV", "Có mặt", "Vắng"],
            ["Bồ Đề", 10, 9, 1]]
    assert _named_class(SheetGrid(name, "Sheet", rows), find_header(rows), name) == session


@pytest.mark.parametrize("titles, sessions", [
    (("KẾT QUẢ LỚP 1", "KẾT QUẢ LỚP 2"), ("Lớp 1", "Lớp 2")),
    # QA round 61 #8: a session's or a day's title, not only a numbered class's.
    (("BUỔI SÁNG", "BUỔI CHIỀU"), ("BUỔI CHIỀU", "BUỔI SÁNG")),
    (("NGÀY 12/9/2025", "NGÀY 19/9/2025"), ("NGÀY 12/9/2025", "NGÀY 19/9/2025")),
])
def test_stacked_tables_under_each_classs_title_are_each_classs(tmp_path, titles, sessions):
    """QA round 55 #7: "KẾT QUẢ LỚP 1" over a table, "KẾT QUẢ LỚP 2" over the same header
    and Bồ Đề again: the second header was read as the first's page repeated, both rows
    class 1, with a unit_twice warning asking which row corrects the other. Each table is
    its class's: 50/45 and 40/38, 90/83 in all."""
    write_campaign(tmp_path)
    header = ["STT", "Đơn vị", "Tổng số đảng viên", "Có mặt", "Vắng"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Sheet1", [
        [titles[0]], header, [1, "Bồ Đề", 50, 45, 5], [],
        [titles[1]], header, [1, "Bồ Đề", 40, 38, 2]]))
    results = analyse(tmp_path)
    assert figures(results, "Bồ Đề") == (90, 83)
    by_session = results.by_session.set_index("session")
    assert sorted(by_session.index) == list(sessions)
    assert by_session.loc[titles[0] if titles[0] in sessions else sessions[0],
                          ["expected", "attended"]].tolist() == [50, 45]
    assert "unit_twice" not in set(results.quality.flags["rule"])


def test_a_whole_report_of_two_classes_beside_one_classs_file_is_not_added_to_it(tmp_path):
    """QA round 55 #1: Gia Thụy's whole report titled "LỚP 1 VÀ LỚP 2" (90/83) and its class
    2 file (40/38): the whole was taken for class 1 and the two summed, 130/121. The whole
    is the unit's report beside its class 2's, whose figures differ from it: both held out
    until the unit says which stands, as any whole beside its parts that disagree."""
    write_campaign(tmp_path)
    header = ["Đơn vị", "Tổng số ĐV", "Có mặt", "Vắng"]
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet("S", [
        ["BÁO CÁO KẾT QUẢ LỚP 1 VÀ LỚP 2"], header, ["Gia Thụy", 90, 83, 7]]))
    write_xlsx(tmp_path / "gd1/gia-thuy-lop-2.xlsx", Sheet("S", [
        ["BÁO CÁO KẾT QUẢ LỚP HỌC SỐ 2"], header, ["Gia Thụy", 40, 38, 2]]))
    results = analyse(tmp_path)
    assert results.ward_phase[results.ward_phase["ward"] == "Gia Thụy"].empty
    assert sorted(results.held_out["source_file"]) == ["gd1/gia-thuy-lop-2.xlsx",
                                                       "gd1/gia-thuy.xlsx"]


@pytest.mark.parametrize("title, name", [
    ("ĐẢNG BỘ PHƯỜNG HÀNG BỘT (CŨ)", "gd1/hang-bot.xlsx"),
    ("ĐẢNG BỘ PHƯỜNG HÀNG BỘT", "gd1/hang-bot-cu.xlsx"),
])
def test_a_merged_wards_former_ward_reporting_apart_is_its_part_not_its_copy(
        tmp_path, title, name):
    """QA round 57 #1: Ô Chợ Dừa took in Hàng Bột (its alias); each sent a report of its
    cells, both numbered from "Chi bộ 1". Taken for two copies of Ô Chợ Dừa's report with
    different figures, both were held out (40/46 for 159/171). The former ward's cells are
    its own: Ô Chợ Dừa 40 + 30 + 20 + 10 = 100 members, 38 + 29 + 18 + 9 = 94 present."""
    (tmp_path / "campaign.toml").write_text(
        '[campaign]\nid = "t"\n\n[[phases]]\nid = "1"\nlabel = "Giai đoạn 1"\n\n'
        '[[units]]\nname = "Ô Chợ Dừa"\nkind = "ward"\naliases = ["Hàng Bột"]\n',
        encoding="utf-8")
    header = ["STT", "Chi bộ", "Tổng số ĐV", "Có mặt", "Vắng"]
    write_xlsx(tmp_path / "gd1/o-cho-dua.xlsx", Sheet("S", [
        ["ĐẢNG BỘ PHƯỜNG Ô CHỢ DỪA"], header, [1, "Chi bộ 1", 40, 38, 2],
        [2, "Chi bộ 2", 30, 29, 1]]))
    write_xlsx(tmp_path / name, Sheet("S", [
        [title], header, [1, "Chi bộ 1", 20, 18, 2], [2, "Chi bộ 2", 10, 9, 1]]))
    results = analyse(tmp_path)
    assert figures(results, "Ô Chợ Dừa") == (100, 94)
    assert results.held_out.empty
    assert sorted(results.records["cell"].astype(str)) == [
        "Chi bộ 1", "Chi bộ 1 (Hàng Bột)", "Chi bộ 2", "Chi bộ 2 (Hàng Bột)"]


@pytest.mark.parametrize("district_class_1, kept", [
    ((50, 48), {"Lớp 1": (50, 48), "Lớp 2": (25, 24)}),  # the same figures: counted once
    ((50, 47), {"Lớp 2": (25, 24)}),  # different: Lớp 1 held out, both copies
])
def test_a_class_in_the_districts_list_and_by_cell_in_the_wards_file(tmp_path,
                                                                     district_class_1, kept):
    """QA round 70 #3: the district's list of classes gives Bồ Đề's Lớp 1 and Lớp 2 whole;
    Bồ Đề's file gives them by party cell (30/29 + 20/19, 25/24). Added up, Bồ Đề was
    150/144 for 75/72, without a word. As a unit's whole and its classes are: one report
    when the figures agree, the whole a reject line; held out when they differ."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), sources=())
    write_xlsx(tmp_path / "bo-de.xlsx", Sheet("S", [
        ["Lớp", "Chi bộ", "Tổng số ĐV", "Có mặt"],
        ["Lớp 1", "Chi bộ 1", 30, 29], ["Lớp 1", "Chi bộ 2", 20, 19],
        ["Lớp 2", "Chi bộ 3", 25, 24]]))
    write_xlsx(tmp_path / "tong-hop-quan.xlsx", Sheet("S", [
        ["Đơn vị", "Tên lớp", "Số học viên triệu tập", "Số có mặt"],
        ["Bồ Đề", "Lớp 1", *district_class_1], ["Bồ Đề", "Lớp 02", 25, 24],
        ["Gia Thụy", "Lớp 1", 40, 38]]))

    results = analyse(tmp_path)

    by_class = results.by_session[results.by_session["ward"] == "Bồ Đề"]
    assert {row.session: (row.expected, row.attended)
            for row in by_class.itertuples()} == kept
    assert results.ward_phase.set_index("ward").loc["Gia Thụy", "attended"] == 38
    if len(kept) == 2:
        assert results.rejects["reason"].str.startswith("báo cáo trùng").sum() == 2
        assert len(flags(results, "duplicate_report")) == 2
    else:
        assert len(results.held_out) == 3  # the district's Lớp 1 and Bồ Đề's two cells
        assert len(flags(results, "duplicate_conflict")) == 2


@pytest.mark.parametrize("shifts", [("Lớp sáng", "Lớp chiều"), ("Ca sáng", "Ca chiều")])
def test_a_wards_shifts_by_cell_beside_the_districts_list_of_them(tmp_path, shifts):
    """QA round 70 #4: Gia Thụy's sheets "Ca sáng" / "Ca chiều", each by cell (50/48), and
    the district's list of the two shifts: the morning 50/45 (its own roll), the afternoon
    50/48. All four were added up, 200/189; "Ca" sheets named no class. The afternoon is
    one report, counted once; the morning's two copies differ: held out."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), sources=())
    header = ["STT", "Chi bộ", "Số ĐV phải học", "Có mặt"]
    write_xlsx(tmp_path / "gia-thuy.xlsx",
               Sheet(shifts[0], [header, [1, "Chi bộ 1", 30, 29], [2, "Chi bộ 2", 20, 19]]),
               Sheet(shifts[1], [header, [1, "Chi bộ 3", 30, 29], [2, "Chi bộ 4", 20, 19]]))
    write_xlsx(tmp_path / "tong-hop-quan.xlsx", Sheet("Tổng hợp", [
        ["STT", "Đơn vị", "Tên lớp", "Số học viên triệu tập", "Số có mặt"],
        [1, "Phường Gia Thụy", shifts[0], 50, 45], [2, "Phường Gia Thụy", shifts[1], 50, 48]]))

    results = analyse(tmp_path)

    assert figures(results, "Gia Thụy") == (50, 48)
    status = results.quality.completeness.set_index("ward").loc["Gia Thụy", "status"]
    assert status == "partly_held_out"
    assert len(results.held_out) == 3


def test_a_hidden_draft_of_a_roll_call_of_two_sessions_is_one_duplicate_line(tmp_path):
    # QA round 82 #6: the hidden "Nháp" repeating a roll-call of two sessions gave two
    # duplicate_report lines, "lớp 'Buổi 1'" and "lớp 'Buổi 2'", for one sheet kept twice.
    write_campaign(tmp_path)
    rows = [["STT", "Họ và tên", "Phường", "Buổi 1", "Buổi 2"],
            [1, "Nguyễn Văn An", "Bồ Đề", "x", "x"], [2, "Trần Thị Bình", "Bồ Đề", "x", "v"]]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Chi bộ 1", rows),
               Sheet("Nháp", rows, hidden=True))
    results = analyse(tmp_path)
    assert figures(results, "Bồ Đề") == (4, 3)
    assert flags(results, "duplicate_report") == [("Bồ Đề", "gd1/bo-de.xlsx", "Nháp", None)]
    assert detail(results, "duplicate_report").startswith(
        "báo cáo giai đoạn 1 của Bồ Đề (2 phần: lớp 'Buổi 1' 'Chi bộ 1', lớp 'Buổi 2' 'Chi bộ "
        "1') có trong 2 trang tính của tệp gd1/bo-de.xlsx với số liệu giống hệt; tính một lần "
        "theo trang tính 'Chi bộ 1' của tệp gd1/bo-de.xlsx, không tính lại theo trang tính 'Nháp' "
        "của "
        "tệp gd1/bo-de.xlsx (")


# --- the district's monitoring workbook: a sheet per class, and a "Tổng hợp" ------------------

BOARD_TITLE = [["QUẬN ỦY LONG BIÊN"], ["BAN TUYÊN GIÁO"]]
BOARD_HEADER = ["STT", "Đơn vị / Chi bộ", "Triệu tập", "Có mặt", "Vắng có lý do",
                "Vắng không lý do", "Ghi chú"]


def test_the_boards_workbook_of_classes_counts_each_units_members_once(tmp_path):
    """QA round 92: the Propaganda Board's workbook, a sheet per class under the district's
    title and a "Tổng hợp" of them all.
    #1: a committee's class sheet ("Lớp 2 - Khối cơ quan", its cells named for offices) was
    refused row by row as unknown units, the committee chased as missing;
    #2: a district class's groups ("Chi bộ Tòa án", "Thường trực Quận ủy") were unknown units,
    and its figure taken from the "Tổng hợp", which counts the non-members ("Quần chúng");
    #3: the "Tổng hợp" rows "Lớp 1 - Đảng ủy phường Bồ Đề" were refused for a missing unit;
    #4: a session's heading over its cells ("A | Buổi sáng ngày 14/10/2025") was refused as
    a row with no figures, Bồ Đề "counted in part".
    By hand: Bồ Đề 40 + 30 + 20 = 90 called, 38 + 29 + 20 = 87 present; Khối cơ quan 12 + 10
    = 22, 12 + 9 = 21; Lớp cấp quận 1's members 30 + 15 = 45, 27 + 15 = 42, beside 50/48
    non-members (95/90 in all, as the "Tổng hợp" says)."""
    write_campaign(tmp_path, phases=(("2", "Giai đoạn 2"),),
                   sources=[{"glob": "gd2/*", "phase": "2"}],
                   units=[{"name": "Bồ Đề", "kind": "ward"},
                          {"name": "Khối cơ quan", "kind": "committee"},
                          {"name": "Lớp cấp quận 1", "kind": "district"}])
    write_xlsx(tmp_path / "gd2/theo-doi-cac-lop.xlsx",
               Sheet("Tổng hợp", [*BOARD_TITLE, ["STT", "Lớp", "Triệu tập", "Có mặt"],
                                  [1, "Lớp cấp quận 1", 95, 90],
                                  [2, "Lớp 1 - Đảng ủy phường Bồ Đề", 90, 87],
                                  [3, "Lớp 2 - Khối cơ quan", 22, 21],
                                  [None, "Tổng cộng", 207, 198]]),
               Sheet("Lớp cấp quận 1", [*BOARD_TITLE, BOARD_HEADER,
                                        [1, "Chi bộ Tòa án", 30, 27, 3, None, None],
                                        [2, "Thường trực Quận ủy", 15, 15, None, None, None],
                                        [3, "Quần chúng (công chức)", 50, 48, 2, None, None],
                                        [None, "Tổng cộng", 95, 90, 5, 0, None]]),
               Sheet("Lớp 1 - Đảng ủy phường Bồ Đề", [
                   *BOARD_TITLE, BOARD_HEADER,
                   ["A", "Buổi sáng ngày 14/10/2025"],
                   [1, "Chi bộ 1", 40, 38, 2, None, None],
                   [2, "Chi bộ 2", 30, 29, None, 1, None],
                   ["B", "Buổi chiều ngày 15/10/2025"],
                   [3, "Chi bộ 3", 20, 20, None, None, None],
                   [None, "Tổng cộng", 90, 87, 2, 1, None]]),
               Sheet("Lớp 2 - Khối cơ quan", [
                   *BOARD_TITLE, BOARD_HEADER,
                   [1, "Chi bộ Văn phòng", 12, 12, None, None, None],
                   [2, "Chi bộ Phòng Nội vụ", 10, 9, 1, None, None],
                   [None, "Tổng cộng", 22, 21, 1, 0, None]]))

    results = analyse(tmp_path)

    assert {ward: figures(results, ward, "2") for ward in
            ("Bồ Đề", "Khối cơ quan", "Lớp cấp quận 1")} == {
        "Bồ Đề": (90, 87), "Khối cơ quan": (22, 21), "Lớp cấp quận 1": (45, 42)}
    assert results.quality.held_out.empty
    name = "gd2/theo-doi-cac-lop.xlsx"
    assert reasons(results, name, "Lớp cấp quận 1") == [
        "quần chúng, đối tượng kết nạp Đảng: không phải đảng viên, không tính vào tỷ lệ tham "
        "dự của đảng viên (a non-member or party candidate: not counted in party members' "
        "participation)"]
    assert reasons(results, name, "Lớp 1 - Đảng ủy phường Bồ Đề") == []
    summary = reasons(results, name, "Tổng hợp")
    assert len(summary) == 3 and all(reason.startswith("báo cáo trùng: ") for reason in summary)
    assert "cộng 48/50 quần chúng, khách mời, chỉ tính một lần, chỉ tính đảng viên" in summary[0]
    completeness = results.quality.completeness
    assert set(completeness["status"]) == {"reported"}
    accounting(results)
    # #5: summary.xlsx's "Theo giai đoạn" pools the district class with them (157/153);
    # its notes give the headline's figure, the grassroots units' 87 + 21 = 108 of 112.
    write_summary(results, tmp_path / "summary.xlsx")
    notes = dict(openpyxl.load_workbook(tmp_path / "summary.xlsx")["Ghi chú"].iter_rows(
        values_only=True))
    assert notes["Tỷ lệ tham dự của đơn vị cơ sở (như dòng tóm tắt), Giai đoạn 2"] == \
        "Tỷ lệ tham dự giai đoạn 2 (2 đơn vị cơ sở): 96,4% (108/112 đảng viên)"
    assert notes["Bảng 'Theo giai đoạn'"].startswith("gộp mọi đơn vị, kể cả các lớp cấp quận")


def test_the_boards_workbook_with_the_readmes_one_district_unit(tmp_path):
    """QA round 93: the README's own "Cấp quận" (kind "district"), its class sheet "Lớp cấp
    quận 1" listing the groups it called: every row was refused as an unknown unit, the
    "Tổng hợp" row "Lớp cấp quận 1" for a missing unit name, and Cấp quận chased as missing
    (#1); the "Đại biểu, khách mời" row is refused as guests. Tân Lập's sheet "Lớp 5. ĐU
    phường Tân Lập" beside the "Tổng hợp" row "LỚP 5 - ĐẢNG ỦY PHƯỜNG TÂN LẬP" was refused
    (#4), then, read, counted twice. By hand: Cấp quận 5 + 8 + 10 = 23 members, 5 + 7 + 9 =
    21 present (12 non-members and 6 guests apart: 41/39 in the "Tổng hợp"); Tân Lập 30 +
    25 + 10 = 65, 28 + 22 + 10 = 60, its absences 1 + 3 + 0 excused and 1 unexcused."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   sources=[{"glob": "*.xlsx", "phase": "1"}],
                   units=[{"name": "Tân Lập", "kind": "ward"},
                          {"name": "Cấp quận", "kind": "district"}])
    write_xlsx(tmp_path / "ban-tuyen-giao.xlsx",
               Sheet("Lớp 5. ĐU phường Tân Lập", [
                   *BOARD_TITLE, BOARD_HEADER,
                   [1, "Chi bộ Tổ dân phố 1", 30, 28, 1, 1, None],
                   [2, "Chi bộ Tổ dân phố 2", 25, 22, 3, None, None],
                   [3, "Chi bộ Trường Mầm non Hoa Sen", 10, 10, None, None, None],
                   [None, "Tổng cộng", 65, 60, 4, 1, None]]),
               Sheet("Lớp cấp quận 1", [
                   *BOARD_TITLE, BOARD_HEADER,
                   [1, "Thường trực Quận ủy", 5, 5, None, None, None],
                   [2, "Ban Tuyên giáo Quận ủy", 8, 7, 1, None, None],
                   [3, "Chi bộ Tòa án", 10, 9, 1, None, None],
                   [4, "Quần chúng", 12, 12, None, None, None],
                   [5, "Đại biểu, khách mời", 6, 6, None, None, None],
                   [None, "Tổng cộng", 41, 39, 2, 0, None]]),
               Sheet("Tổng hợp", [*BOARD_TITLE, ["STT", "Lớp", "Triệu tập", "Có mặt"],
                                  [1, "LỚP 5 - ĐẢNG ỦY PHƯỜNG TÂN LẬP", 65, 60],
                                  [2, "Lớp cấp quận 1", 41, 39],
                                  [None, "Tổng cộng", 106, 99]]))

    results = analyse(tmp_path)

    assert figures(results, "Tân Lập") == (65, 60)
    assert figures(results, "Cấp quận") == (23, 21)
    table = results.ward_phase.set_index("ward")
    assert table.loc["Tân Lập", ["absent_excused", "absent_unexcused"]].tolist() == [4, 1]
    assert results.quality.held_out.empty
    name = "ban-tuyen-giao.xlsx"
    assert [reason.split(":")[0] for reason in reasons(results, name, "Lớp cấp quận 1")] == [
        "quần chúng, đối tượng kết nạp Đảng", "đại biểu, khách mời"]
    assert all(reason.startswith("báo cáo trùng: ")
               for reason in reasons(results, name, "Tổng hợp"))
    assert len(reasons(results, name, "Tổng hợp")) == 2
    assert set(results.quality.completeness["status"]) == {"reported"}
    accounting(results)


def test_class_sheets_take_the_date_of_the_signed_compilation_whose_rows_they_repeat(tmp_path):
    """QA round 96 #2: the Board's "Tổng hợp", signed 20/10/2026 at the bottom, its rows
    the class sheets' copies (dropped as the same report): the classes counted from their
    undated sheets were "không rõ ngày", and each unit got a "report carries no date" line.
    Deadline 5/11: on time."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   sources=[{"glob": "*.xlsx", "phase": "1"}],
                   units=[{"name": "Tân Lập", "kind": "ward"}, {"name": "Hòa An", "kind": "ward"}])
    toml = tmp_path / "campaign.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'label = "Giai đoạn 1"\n', 'label = "Giai đoạn 1"\ndeadline = "2026-11-05"\n'),
        encoding="utf-8")
    write_xlsx(tmp_path / "ban-tuyen-giao.xlsx",
               Sheet("Lớp 1 - Tân Lập", [*BOARD_TITLE, BOARD_HEADER,
                                         [1, "Chi bộ 1", 30, 28, 2, None, None],
                                         [2, "Chi bộ 2", 25, 25, None, None, None]]),
               Sheet("Lớp 2 - Hòa An", [*BOARD_TITLE, BOARD_HEADER,
                                        [1, "Chi bộ 1", 40, 39, 1, None, None]]),
               Sheet("Tổng hợp", [*BOARD_TITLE, ["STT", "Lớp", "Triệu tập", "Có mặt"],
                                  [1, "Lớp 1 - Đảng ủy phường Tân Lập", 55, 53],
                                  [2, "Lớp 2 - Đảng ủy phường Hòa An", 40, 39],
                                  [], [None, None, "Long Biên, ngày 20 tháng 10 năm 2026"]]))

    results = analyse(tmp_path)

    assert figures(results, "Tân Lập") == (55, 53)
    assert figures(results, "Hòa An") == (40, 39)
    table = results.quality.completeness
    assert sorted((row.ward, row.report_date, row.timeliness) for row in table.itertuples()) \
        == [("Hòa An", "2026-10-20", "on_time"), ("Tân Lập", "2026-10-20", "on_time")]
    assert "report_date_unknown" not in set(results.quality.flags["rule"])


# --- a correction beside the file it corrects -------------------------------------------------


def write_lac_vien(folder, totals: tuple[int, int] | None = None) -> None:
    """Lạc Viên's first file, Chi bộ 2's members left blank (its row refused), and its
    "(sửa)" giving them: 40/38 + 30/29 + 20/20 = 90/87. `totals`: the "Tổng cộng" members
    under the first file and under the correction, 87 present under each."""
    header = ["Chi bộ", "Tổng số đảng viên", "Có mặt"]
    title = ["ĐẢNG BỘ PHƯỜNG LẠC VIÊN"]
    for copy, (name, second_cell) in enumerate((("lac-vien", None), ("lac-vien (sửa)", 30))):
        rows = [title, header, ["Chi bộ 1", 40, 38], ["Chi bộ 2", second_cell, 29],
                ["Chi bộ 3", 20, 20]]
        if totals is not None:
            rows.append(["Tổng cộng", totals[copy], 87])
        write_xlsx(folder / f"gd1/{name}.xlsx", Sheet("S", rows))


def test_a_row_refused_in_a_report_and_given_in_its_correction_needs_no_fixing(tmp_path):
    """QA round 94 #1: Lạc Viên's "(sửa)" beside its first file, which refused Chi bộ 2's
    row (blank members): counted whole from the two, the ward stayed "counted in part" and
    was asked to fix the row it had fixed. By hand: 40/38 + 30/29 + 20/20 = 90/87. And a
    one-row report refused (more present than members) beside its correction: 50/48."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   sources=[{"glob": "gd1/*", "phase": "1"}],
                   units=[{"name": "Lạc Viên", "kind": "ward"}, {"name": "Bồ Đề", "kind": "ward"}])
    write_lac_vien(tmp_path)
    unit_header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [unit_header, ["Bồ Đề", 48, 50]]))
    write_xlsx(tmp_path / "gd1/bo-de (sửa).xlsx", Sheet("S", [unit_header, ["Bồ Đề", 50, 48]]))

    results = analyse(tmp_path)

    assert figures(results, "Lạc Viên") == (90, 87)
    assert figures(results, "Bồ Đề") == (50, 48)
    assert set(results.quality.completeness["status"]) == {"reported"}
    for name, copy in (("gd1/lac-vien.xlsx", "gd1/lac-vien (sửa).xlsx"),
                       ("gd1/bo-de.xlsx", "gd1/bo-de (sửa).xlsx")):
        [reason] = [reason for reason in reasons(results, name, "S")
                    if not reason.startswith("báo cáo trùng")]
        assert reason.startswith(f"đã có số ở bản {copy}, đã tính; dòng này không cần sửa"), \
            reason
    # Nothing for either ward to fix.
    assert "error" not in set(results.quality.flags["severity"])
    accounting(results)


@pytest.mark.parametrize(("first_total", "corrected_total", "status"), [
    (90, 90, "given_in_copy"), (90, 91, "given_in_copy"), (95, 90, "mismatch")])
def test_an_old_copys_totals_row_short_by_the_row_its_correction_fills_in_agrees(
        tmp_path, first_total, corrected_total, status):
    """QA round 96 #3: Lạc Viên's first file refused Chi bộ 2's row (blank members), so its
    "Tổng cộng" 90 added up to 40 + 20 = 60: still "đối chiếu lệch" after the "(sửa)" file
    gave the row (40 + 30 + 20 = 90), and --strict exited 1. Round 99 #1: so it was where
    the correction's own total is wrong (91 over its 90): the first's 90 is right. A first
    total of 95 is wrong whatever the correction gives."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   sources=[{"glob": "gd1/*", "phase": "1"}],
                   units=[{"name": "Lạc Viên", "kind": "ward"}])
    write_lac_vien(tmp_path, (first_total, corrected_total))

    results = analyse(tmp_path)

    assert figures(results, "Lạc Viên") == (90, 87)
    checks = results.ingest.checks.set_index(["source_file", "column"])
    first = checks.loc[("gd1/lac-vien.xlsx", "Tổng số đảng viên")]
    assert (first["stated"], first["computed"], first["status"]) == (first_total, 60, status)
    assert checks.loc[("gd1/lac-vien.xlsx", "Có mặt"), "status"] == "ok"
    corrected = checks.loc[("gd1/lac-vien (sửa).xlsx", "Tổng số đảng viên")]
    assert corrected["status"] == ("ok" if corrected_total == 90 else "mismatch")
    totals_flags = results.quality.flags[results.quality.flags["rule"] == "totals_row"]
    flagged = sorted(["gd1/lac-vien.xlsx"] * (status == "mismatch")
                     + ["gd1/lac-vien (sửa).xlsx"] * (corrected_total != 90))
    assert sorted(results.ingest.mismatches["source_file"]) == flagged
    assert sorted(totals_flags["source_file"]) == flagged
    if corrected_total != 90:
        # Its Chi bộ 1 and 3, dropped as copies of the first's after the sum was taken, are
        # no cause of it (QA round 99: "dòng 3, 5 không tính theo quy định").
        [detail] = totals_flags.loc[totals_flags["source_file"] == "gd1/lac-vien (sửa).xlsx",
                                    "detail"]
        assert detail.startswith("dòng tổng cộng ghi 91 ở cột 'Tổng số đảng viên', cộng các "
                                 "dòng nó tổng hợp (dòng 3–5) được 90 (the totals row"), detail


def test_strict_says_how_many_rejected_lines_the_units_have_to_fix(tmp_path, capsys):
    """QA round 99: "--strict: ... 15 dòng hoặc tệp bị loại", every one left out as meant.
    Lạc Viên's first file and its correction: Chi bộ 1 and 3 copies (2 lines), Chi bộ 2's
    refused row given in the correction (1 line): 3 lines, none to fix. Exit 1 all the same
    (DESIGN: anything rejected)."""
    from analysis import cli

    raw = tmp_path / "raw" / "c"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),), sources=[{"glob": "gd1/*", "phase": "1"}],
                   units=[{"name": "Lạc Viên", "kind": "ward"}])
    write_lac_vien(raw)

    code = cli.main(["run", str(raw), "--out", str(tmp_path / "out"), "--strict",
                     "--no-notebooks"])

    assert code == cli.EXIT_STRICT
    assert capsys.readouterr().err.splitlines()[-1].startswith(
        "--strict: mã thoát 1 vì có 3 dòng hoặc tệp bị loại (0 cần đơn vị sửa), 0 đối chiếu "
        "lệch")


def test_a_compilation_counting_the_non_members_and_not_the_guests_is_the_same_report(
        tmp_path):
    """QA round 96 #1: the "Tổng hợp" gave the district class 65/61, its members 45/43 and
    non-members 20/18 but not its 6 guests: held out as differing. By hand here: members
    10 + 20 = 30, 9 + 19 = 28; non-members 20/18; guests 6/6; the "Tổng hợp" 50/46."""
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   sources=[{"glob": "*.xlsx", "phase": "1"}],
                   units=[{"name": "Cấp quận", "kind": "district"}])
    write_xlsx(tmp_path / "ban-tuyen-giao.xlsx",
               Sheet("Lớp cấp quận", [
                   *BOARD_TITLE, BOARD_HEADER,
                   [1, "Chi bộ Tòa án", 10, 9, 1, None, None],
                   [2, "Thường trực Quận ủy", 20, 19, 1, None, None],
                   [3, "Quần chúng", 20, 18, 2, None, None],
                   [4, "Khách mời", 6, 6, None, None, None],
                   [None, "Tổng cộng", 56, 52, 4, 0, None]]),
               Sheet("Tổng hợp", [*BOARD_TITLE, ["STT", "Lớp", "Triệu tập", "Có mặt"],
                                  [1, "Lớp cấp quận", 50, 46]]))

    results = analyse(tmp_path)

    assert figures(results, "Cấp quận") == (30, 28)
    assert results.quality.held_out.empty
    [summary] = reasons(results, "ban-tuyen-giao.xlsx", "Tổng hợp")
    assert "cộng 18/20 quần chúng, khách mời, chỉ tính một lần, chỉ tính đảng viên" in summary

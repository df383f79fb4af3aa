"""Sheets named for sessions or classes of the same members are sessions, summed, never
versions of one report, even when they list the same people or the same figures.

QA round 29 F3, F4: roll-calls on sheets "Ngày 1"/"Ngày 2", "Lớp sáng"/"Lớp chiều", "Tháng
3"/"Tháng 4" were taken for party cells listing the same people, so for versions, and held
out; "Sáng 12-3"/"Chiều 12-3" with the same marks were counted once. Summaries per session
("Buổi 1"/"Buổi 2") listing the same cells were compared cell by cell as copies: 50/47 for
150/140.
"""

from __future__ import annotations

import pytest
from builders import Sheet, ingest, write_campaign, write_xlsx

from analysis.pipeline import analyse

PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
ROSTER_HEADER = ["STT", "Họ và tên", "Có mặt"]


def roll_call(marks: list[str | None]) -> list[list]:
    return [ROSTER_HEADER, *([number, name, mark] for number, (name, mark)
                             in enumerate(zip(PEOPLE, marks, strict=True), 1))]


@pytest.mark.parametrize(("first", "second", "second_marks", "attended"), [
    # Three people each time, two present, another one away: 6 attendances, 4 present.
    ("Ngày 1", "Ngày 2", ["x", None, "x"], 4),
    ("Lớp sáng", "Lớp chiều", ["x", None, "x"], 4),
    ("Tháng 3", "Tháng 4", ["x", None, "x"], 4),
    ("Chuyên đề 1", "Chuyên đề 2", ["x", None, "x"], 4),
    # The same marks at both sessions: both are counted, 4 of 6.
    ("Sáng 12-3", "Chiều 12-3", ["x", "x", None], 4),
    # A day's afternoon beside the day; batches "Đợt" where the phases are "Giai đoạn".
    ("Ngày 1", "Ngày 1 - chiều", ["x", None, "x"], 4),
    ("Đợt 1", "Đợt 2", ["x", None, "x"], 4),
])
def test_roll_calls_on_sheets_named_for_sessions_are_summed(tmp_path, first, second,
                                                            second_marks, attended):
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet(first, roll_call(["x", "x", None])),
               Sheet(second, roll_call(second_marks)))

    results = analyse(tmp_path)

    assert results.held_out.empty
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Bồ Đề", 6, attended]]
    # Each sheet's rows are its session's ("12-3" in a sheet's name is the date 12/3).
    assert sorted(set(results.records["session"].tolist())) == sorted(
        {first.replace("12-3", "12/3"), second.replace("12-3", "12/3")})


@pytest.mark.parametrize(("first", "second"), [
    ("Buổi 1", "Buổi 2"), ("Ngày 1", "Ngày 2"), ("Lớp sáng", "Lớp chiều")])
def test_summaries_on_sheets_named_for_sessions_listing_the_same_cells_are_summed(
        tmp_path, first, second):
    # Cells 1 and 2 the same at both sessions, cell 3 not: 30 + 20 + 25 = 75 members each
    # time, 28 + 19 + 24 = 71 and 28 + 19 + 22 = 69 present; 150/140 in all.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    header = ["STT", "Chi bộ", "Tổng số ĐV", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx",
               Sheet(first, [header, [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19],
                             [3, "Chi bộ 3", 25, 24]]),
               Sheet(second, [header, [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19],
                              [3, "Chi bộ 3", 25, 22]]))

    result = ingest(tmp_path)
    results = analyse(tmp_path)

    assert result.rejects.empty
    assert results.held_out.empty and results.rejects.empty
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Bồ Đề", 150, 140]]


def test_sheets_named_by_dates_that_mostly_agree_are_still_versions(tmp_path):
    # A copy dated on the day it was corrected ("Ngày 8-3", "Ngày 12-3", one cell changed)
    # is no second session (README, Duplicate reports): its cells are compared.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    header = ["STT", "Chi bộ", "Tổng số ĐV", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx",
               Sheet("Ngày 8-3", [header, [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19],
                                  [3, "Chi bộ 3", 25, 24]]),
               Sheet("Ngày 12-3", [header, [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19],
                                   [3, "Chi bộ 3", 25, 22]]))

    results = analyse(tmp_path)

    # Cells 1 and 2 counted once (50/47), cell 3 held out in both copies.
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Bồ Đề", 50, 47]]
    assert len(results.held_out) == 2


@pytest.mark.parametrize(("first", "second"), [
    ("Ngày 1", "Ngày 1 (sửa)"), ("Lớp 1", "Lớp 1 cũ"), ("Sáng", "Sáng (2)"),
    ("Tháng 3", "Tháng 3 (mới)")])
def test_a_session_sheet_sent_again_beside_itself_is_a_version(tmp_path, first, second):
    # QA round 31: "Ngày 1" and its corrected "Ngày 1 (sửa)", or Excel's copy "Sáng (2)",
    # were summed as two sessions (6/5), or the copy's people refused as listed twice.
    # Versions differing in one mark are held out, both; identical ones counted once.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet(first, roll_call(["x", "x", None])),
               Sheet(second, roll_call(["x", "x", "x"])))
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet(first, roll_call(["x", None, "x"])),
               Sheet(second, roll_call(["x", None, "x"])))

    results = analyse(tmp_path)

    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Gia Thụy", 3, 2]]
    assert len(results.held_out) == 6
    assert set(results.held_out["source_file"]) == {"gd1/bo-de.xlsx"}


def test_monthly_summary_sheets_that_mostly_agree_are_versions(tmp_path):
    # QA round 31: "Tháng 9" and "Tháng 10" listing the same cells are as often a month's
    # report and the next month's, cumulative, as two months' sessions: compared as
    # versions (cells 1 and 2 counted once, cell 3 held out), not summed.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    header = ["STT", "Chi bộ", "Tổng số ĐV", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx",
               Sheet("Tháng 9", [header, [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19],
                                 [3, "Chi bộ 3", 25, 24]]),
               Sheet("Tháng 10", [header, [1, "Chi bộ 1", 30, 28], [2, "Chi bộ 2", 20, 19],
                                  [3, "Chi bộ 3", 25, 22]]))
    results = analyse(tmp_path)
    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Bồ Đề", 50, 47]]
    assert len(results.held_out) == 2


def test_a_session_sheets_copy_and_the_workbook_sent_again_are_counted_once(tmp_path):
    # QA round 32: "Buổi 1", "Buổi 2" and Excel's identical copy "Buổi 2 (2)", then the
    # workbook sent again without the copy: the copy made "Buổi 2" a party cell, no match
    # for the re-sent "Buổi 2", counted twice: 12/10 for 8/7 (4/4 + 4/3).
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    first, second = (["x", "x", "x"], ["x", None, "x"])
    people = [*PEOPLE, "Phạm Thị Dung"]

    def sheet(name: str, marks: list) -> Sheet:
        return Sheet(name, [ROSTER_HEADER, *([number, person, mark] for number, (person, mark)
                                             in enumerate(zip(people, marks, strict=True), 1))])

    write_xlsx(tmp_path / "gd1/bo-de.xlsx", sheet("Buổi 1", [*first, "x"]),
               sheet("Buổi 2", [*second, "x"]), sheet("Buổi 2 (2)", [*second, "x"]))
    write_xlsx(tmp_path / "gd1/bo-de (1).xlsx", sheet("Buổi 1", [*first, "x"]),
               sheet("Buổi 2", [*second, "x"]))

    results = analyse(tmp_path)

    assert results.held_out.empty
    assert results.by_session[["session", "expected", "attended"]].values.tolist() == [
        ["Buổi 1", 4, 4], ["Buổi 2", 4, 3]]

"""Roll-calls whose sessions are dates written in other shapes than one column per "12/9":
day numbers under their month ("Tháng 9" merged over "5 | 12 | 26"), and one row per person
and date ("Họ và tên | Ngày học | Điểm danh")."""

import datetime as dt
from pathlib import Path

import pytest
from builders import (
    Sheet,
    assert_accounting,
    ingest,
    reasons_by_row,
    record_tuples,
    sheet_entry,
    write_campaign,
    write_xlsx,
)

from analysis import clean

FILE = "gd1/gia-thuy.xlsx"
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
# Ticks only, one string per person, one character per day column: 5/9, 12/9, 19/9, 26/9,
# 3/10, 10/10. 19/9 is blank for everyone: not held.
TICKS = ["xx.xxx", "x..xx.", ".x.xxx"]
DAYS = ["5/9", "12/9", "19/9", "26/9", "3/10", "10/10"]


def _month_rows(september: str, october: str, days: list[object]) -> list[list[object]]:
    """Rows 1-2 the two-row header ("Tháng 9" over four days, "Tháng 10" over two), then
    the people."""
    rows = [["STT", "Họ và tên", "Phường", september, None, None, None, october, None],
            [None, None, None, *days]]
    rows += [[number, name, "Gia Thụy", *("✓" if tick == "x" else None for tick in ticks)]
             for number, (name, ticks) in enumerate(zip(PEOPLE, TICKS, strict=True), start=1)]
    return rows


MONTH_MERGES = ["A1:A2", "B1:B2", "C1:C2", "D1:G1", "H1:I1"]


@pytest.mark.parametrize("september, october, days", [
    ("Tháng 9", "Tháng 10", [5, 12, 19, 26, 3, 10]),  # day numbers as numbers
    ("Tháng 9", "Tháng 10", ["05", "12", "19", "26", "03", "10"]),  # typed as text
    ("T9", "T10/2015", [5, 12, 19, 26, 3, 10]),
    ("THÁNG 9 NĂM 2015", "Tháng 10 - 2015", [5, 12, 19, 26, 3, 10]),
])
def test_day_numbers_under_their_month_are_sessions(tmp_path: Path, september, october, days):
    # explore14 k15: "Tháng 9" merged over 5 | 12 | 19 | 26 stopped the run ("no header").
    # By hand, 3 people x 5 sessions held (19/9 blank throughout) = 15 expected;
    # present An 5, Bình 3, Cường 4 = 12; each blank in a held session an absence: 3.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", _month_rows(september, october, days),
                                      merges=MONTH_MERGES))

    result = ingest(tmp_path)

    records = result.records
    assert result.rejects.empty
    assert (int(records["expected"].sum()), int(records["attended"].sum()),
            int(records["absent_unspecified"].sum())) == (15, 12, 3)
    by_session = records.groupby("session", observed=True)[["expected", "attended"]].sum()
    assert {session: tuple(values) for session, values in
            zip(by_session.index, by_session.itertuples(index=False, name=None),
                strict=True)} == {
        "5/9": (3, 2), "12/9": (3, 2), "26/9": (3, 3), "3/10": (3, 3), "10/10": (3, 2)}
    # Bình (row 4), session by session in the columns' order; 19/9 was not held.
    assert record_tuples(records[records["source_row"] == 4], ("session", "attended")) == [
        ("5/9", 1), ("12/9", 0), ("26/9", 1), ("3/10", 1), ("10/10", 0)]
    assert_accounting(result)


def test_day_numbers_under_their_month_read_as_the_one_row_form(tmp_path: Path):
    # The same roll-call headed "5/9 | 12/9 | … | 10/10" in one row (explore14 k15b) gives
    # the same rows, session for session.
    one_row = tmp_path / "one_row"
    two_rows = tmp_path / "two_rows"
    for folder in (one_row, two_rows):
        write_campaign(folder)
    rows = _month_rows("Tháng 9", "Tháng 10", [5, 12, 19, 26, 3, 10])
    write_xlsx(two_rows / FILE, Sheet("Chi bộ 1", rows, merges=MONTH_MERGES))
    write_xlsx(one_row / FILE, Sheet("Chi bộ 1", [["STT", "Họ và tên", "Phường", *DAYS],
                                                  *rows[2:]]))

    columns = ("session", "expected", "attended", "absent_unspecified", "person_key")
    one = record_tuples(ingest(one_row).records, columns)
    two = record_tuples(ingest(two_rows).records, columns)

    assert len(two) == 15
    assert two == one


@pytest.mark.parametrize("group, label, session", [
    ("Tháng 9", "5", "5/9"), ("Tháng 10", "03", "3/10"), ("T11", "7", "7/11"),
    ("Tháng 10/2025", "24", "24/10"), ("Tháng 2", "29", "29/2"),
    ("Tháng 9", "31", None),  # September has no 31st
    ("Tháng 13", "5", None), ("Điểm danh", "5", None), ("Tháng 9", "Buổi 1", None),
    ("", "5", None), ("Tổng số", "12", None),
])
def test_month_day_session(group, label, session):
    assert clean.month_day_session(group, label) == session


# --- one row per person and date -----------------------------------------------------------

LONG_PEOPLE = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung"]
FIRST_MARKS = ["x", "x", "P", "KP"]
SECOND_MARKS = ["x", "x", "x", "v"]


def _long_rows(date_label: str, first: object, second: object) -> list[list[object]]:
    """Header in row 1; the four people on `first` in rows 2-5, again on `second` in rows
    6-9, the first two in capitals there."""
    rows: list[list[object]] = [["STT", "Họ và tên", "Phường", date_label, "Điểm danh"]]
    rows += [[number, name, "Gia Thụy", first, mark] for number, (name, mark)
             in enumerate(zip(LONG_PEOPLE, FIRST_MARKS, strict=True), start=1)]
    rows += [[number, name.upper() if number < 3 else name, "Gia Thụy", second, mark]
             for number, (name, mark)
             in enumerate(zip(LONG_PEOPLE, SECOND_MARKS, strict=True), start=1)]
    return rows


@pytest.mark.parametrize("date_label, first, second", [
    ("Ngày học", "05/9/2015", "12/9/2015"),  # typed as text
    ("Ngày", dt.datetime(2015, 9, 5), dt.datetime(2015, 9, 12)),  # date cells
])
def test_a_roll_call_with_a_row_per_person_and_date_counts_each_date_as_a_session(
        tmp_path: Path, date_label, first, second):
    # explore14 k06, k06c: the second date's four rows were refused as people listed twice,
    # 2/4 = 50%. By hand, 4 people x 2 dates = 8 expected:
    #   05/09: x x P KP -> 2 present, 1 excused, 1 unexcused
    #   12/09: x x x v  -> 3 present, 1 absent (no reason)
    # 5/8 = 62,5%, as the same roll-call with a "Buổi học" column gives.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", _long_rows(date_label, first, second)))

    result = ingest(tmp_path)

    assert result.rejects.empty
    records = result.records
    assert [int(records[name].sum()) for name in (
        "expected", "attended", "absent_excused", "absent_unexcused",
        "absent_unspecified")] == [8, 5, 1, 1, 1]
    assert record_tuples(records, ("source_row", "session", "attended")) == [
        (2, "05/09/2015", 1), (3, "05/09/2015", 1), (4, "05/09/2015", 0),
        (5, "05/09/2015", 0), (6, "12/09/2015", 1), (7, "12/09/2015", 1),
        (8, "12/09/2015", 1), (9, "12/09/2015", 0)]
    # One person per key: An on 05/09 is An on 12/09, in capitals or not.
    assert records["person_key"].nunique() == 4
    assert_accounting(result)


def test_a_person_listed_twice_on_one_date_is_still_a_repeat(tmp_path: Path):
    # Bích again on 12/9/2015 (row 10): refused, naming her first row on that date and the
    # date. The other 8 rows count as above: 5/8.
    write_campaign(tmp_path)
    rows = _long_rows("Ngày học", "05/9/2015", "12/9/2015")
    rows.append([5, "Trần Thị Bích", "Gia Thụy", "12/9/2015", "x"])
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", rows))

    result = ingest(tmp_path)

    assert reasons_by_row(result, FILE) == {
        10: f"người này đã có trong danh sách ({FILE}, Chi bộ 1, dòng 7, 12/09/2015); "
            "chỉ tính một lần (duplicate person in the same roll-call)"}
    assert (int(result.records["expected"].sum()), int(result.records["attended"].sum())) \
        == (8, 5)
    assert_accounting(result)


def test_one_date_for_the_whole_roll_call_is_its_report_date_not_a_session(tmp_path: Path):
    # Every row dated 20/9/2015 (the day the list was signed): no sessions, each person once,
    # and the date column still dates the report (no signature or title date here).
    # A person listed twice on that date is the repeat it always was.
    write_campaign(tmp_path)
    rows = _long_rows("Ngày", "20/9/2015", "20/9/2015")[:5]
    rows.append([5, "Nguyễn Văn An", "Gia Thụy", "20/9/2015", "x"])
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", rows))

    result = ingest(tmp_path)

    assert record_tuples(result.records, ("source_row", "session", "attended")) == [
        (2, None, 1), (3, None, 1), (4, None, 0), (5, None, 0)]
    assert reasons_by_row(result, FILE) == {
        6: f"người này đã có trong danh sách ({FILE}, Chi bộ 1, dòng 2); "
           "chỉ tính một lần (duplicate person in the same roll-call)"}
    sheet = sheet_entry(result, FILE, "Chi bộ 1")
    assert (sheet["report_date"], sheet["report_date_source"]) == ("2015-09-20", "date_column")


def test_each_persons_own_date_is_no_session(tmp_path: Path):
    # A date per person, nobody listed twice ("Ngày" the day each signed): the dates are no
    # sessions, the roll-call counts people (4, 2 present), the last date dates the report.
    write_campaign(tmp_path)
    rows = [["STT", "Họ và tên", "Phường", "Ngày", "Điểm danh"]]
    rows += [[number, name, "Gia Thụy", f"{number + 4}/9/2015", mark] for number, (name, mark)
             in enumerate(zip(LONG_PEOPLE, FIRST_MARKS, strict=True), start=1)]
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", rows))

    result = ingest(tmp_path)

    assert result.rejects.empty
    assert record_tuples(result.records, ("source_row", "session", "expected", "attended")) == [
        (2, None, 1, 1), (3, None, 1, 1), (4, None, 1, 0), (5, None, 1, 0)]
    sheet = sheet_entry(result, FILE, "Chi bộ 1")
    assert (sheet["report_date"], sheet["report_date_source"]) == ("2015-09-08", "date_column")


@pytest.mark.parametrize("dates, report_date", [
    # QA round 51: month first, as an English-locale export writes dates: "09/19/2025" can
    # be read no other way, so "09/12/2025" is 12 September, not 9 December (75 days late).
    (("09/12/2025", "09/19/2025"), "2025-09-19"),
    # Day first as written in Vietnam, where every date can be read so.
    (("12/09/2025", "19/09/2025"), "2025-09-19"), (("09/10/2025", "12/10/2025"), "2025-10-12")])
def test_a_date_column_written_month_first_dates_the_report_so(tmp_path: Path, dates,
                                                                report_date):
    write_campaign(tmp_path)
    rows = [["STT", "Họ và tên", "Phường", "Ngày học", "Điểm danh"]]
    rows += [[number, name, "Gia Thụy", dates[number % 2], "x"]
             for number, name in enumerate(LONG_PEOPLE, start=1)]
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", rows))

    sheet = sheet_entry(ingest(tmp_path), FILE, "Chi bộ 1")

    assert (sheet["report_date"], sheet["report_date_source"]) == (report_date, "date_column")


@pytest.mark.parametrize("label, name", [
    # QA round 16 f42: a weekday before the date (T2..T7 Monday..Saturday, CN Sunday).
    ("T7 (12/9)", "12/9"), ("CN (20/9)", "20/9"), ("T2 - 14/9", "14/9"),
    ("Thứ 7 (12/9)", "12/9"), ("Thứ bảy, 12/9/2015", "12/9/2015"), ("Chủ nhật 20/9", "20/9"),
    ("CN, ngày 20/9", "20/9"),
    # QA round 20: the date typed with dashes or dots, as alone it is read ("4-4-2026").
    ("T7 (4-4-2026)", "4/4/2026"), ("CN (12.4.2026)", "12/4/2026"),
    # A weekday alone, or a month ("T9" is Tháng 9), is no session.
    ("T7", None), ("CN", None), ("T9 (12/9)", None), ("T1 (12/9)", None)])
def test_a_weekday_before_a_sessions_date(label, name):
    assert clean.session_name(label) == name


@pytest.mark.parametrize("label, name", [
    ("4-3-2026", "4/3/2026"), ("Ngày 4-3-2026", "4/3/2026"), ("ngày 11.3.2026", "11/3/2026"),
    ("Ngày 4/3/2026", "Ngày 4/3/2026")])
def test_a_date_typed_with_dashes_or_dots_after_ngay(label, name):
    # QA round 20: "Ngày 4-3-2026" over "Có mặt | Vắng CP | Vắng KP" was no session, and
    # the tick columns of two dates were refused as rivals.
    assert clean.session_name(label) == name


def test_a_roll_call_with_a_weekday_before_each_sessions_date(tmp_path: Path):
    # QA round 16 f42: "T7 (12/9) | CN (20/9) | T7 (26/9)" stopped the whole run ("no
    # readable header"). By hand, 4 people x 3 sessions = 12; present 3 + 2 + 2 + 2 = 9.
    write_campaign(tmp_path)
    rows = [["ĐẢNG BỘ PHƯỜNG GIA THỤY"], [],
            ["STT", "Họ và tên", "T7 (12/9)", "CN (20/9)", "T7 (26/9)"],
            [1, "Nguyễn Văn Hùng", "x", "x", "x"],
            [2, "Trần Thị Lan", "x", "v", "x"],
            [3, "Lê Minh Tuấn", "v", "x", "x"],
            [4, "Phạm Thị Hoa", "x", "x", "v"]]
    write_xlsx(tmp_path / FILE, Sheet("Điểm danh", rows))

    result = ingest(tmp_path)

    records = result.records
    assert result.rejects.empty
    assert set(records["ward"]) == {"Gia Thụy"}
    by_session = records.groupby("session", observed=True)[["expected", "attended"]].sum()
    assert by_session.to_dict("index") == {"12/9": {"expected": 4, "attended": 3},
                                           "20/9": {"expected": 4, "attended": 3},
                                           "26/9": {"expected": 4, "attended": 3}}
    assert_accounting(result)


STATUS_COLUMNS = ["Có mặt", "Có lý do", "Không lý do"]


@pytest.mark.parametrize("ticks", [True, False])
def test_a_cells_sheet_where_nobody_came_to_the_first_session_is_read(tmp_path: Path, ticks):
    # QA round 20 (N4): a sheet per cell, each date over "Có mặt | Có lý do | Không lý do";
    # in Chi bộ 2 nobody is ticked present on 4/4. Its rows were taken for a signature
    # block, neither read nor refused: 4/4 (100%) for 6/8. The same with a marker column per
    # date and the first date blank in the sheet. By hand: Chi bộ 1 2 people x 2 dates all
    # present = 4/4; Chi bộ 2: 4/4 one excused, one unexcused, 10/4 both present = 2/4;
    # with a column per date, 4/4 blank from top to bottom was not held in Chi bộ 2: 2/2.
    write_campaign(tmp_path)
    if ticks:
        header = [["STT", "Họ và tên", "Ngày 4/4", None, None, "Ngày 10/4", None, None],
                  ["STT", "Họ và tên", *STATUS_COLUMNS, *STATUS_COLUMNS]]
        first = [[1, "Nguyễn Văn An", "x", None, None, "x", None, None],
                 [2, "Trần Thị Bình", "x", None, None, "x", None, None]]
        second = [[1, "Lê Văn Cường", None, "x", None, "x", None, None],
                  [2, "Phạm Thị Dung", None, None, "x", "x", None, None]]
        merges = ["A1:A2", "B1:B2", "C1:E1", "F1:H1"]
    else:
        header = [["STT", "Họ và tên", "4/4", "10/4"]]
        first = [[1, "Nguyễn Văn An", "x", "x"], [2, "Trần Thị Bình", "x", "x"]]
        second = [[1, "Lê Văn Cường", None, "x"], [2, "Phạm Thị Dung", None, "x"]]
        merges = []
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", [*header, *first], merges=merges),
               Sheet("Chi bộ 2", [*header, *second], merges=merges))

    result = ingest(tmp_path)

    by_cell = result.records.groupby("cell")[["expected", "attended", "absent_excused",
                                              "absent_unexcused"]].sum()
    blank_first = (2, 2, 0, 0) if not ticks else (4, 2, 1, 1)
    assert {cell: tuple(int(value) for value in row) for cell, row in by_cell.iterrows()} \
        == {"Chi bộ 1": (4, 4, 0, 0), "Chi bộ 2": blank_first}
    assert_accounting(result)


def session_figures(records) -> dict[str, tuple[int, int]]:
    """{session: (expected, attended)}, sessions in the order the rows give them."""
    by_session = records.groupby("session", observed=True, sort=False)[
        ["expected", "attended"]].sum()
    return {session: (int(expected), int(attended)) for session, (expected, attended)
            in zip(by_session.index, by_session.itertuples(index=False, name=None),
                   strict=True)}


@pytest.mark.parametrize("headings, sessions", [
    # Excel keeps "12.9" typed in a cell as the number 12.9: the session is named as shown.
    ([12.9, 19.9], ["12.9", "19.9"]),
    (["12.9", "19-9"], ["12.9", "19-9"]),
    # A date cell formatted "General" shows its serial number: 45912 is 12/9/2025.
    ([45912, 45919], ["12/09/2025", "19/09/2025"]),
    # Under "Điểm danh", as the one-row form.
    (("Điểm danh", 12.9, 19.9), ["12.9", "19.9"]),
])
def test_a_roll_call_headed_by_days_as_excel_keeps_them(tmp_path: Path, headings, sessions):
    # QA round 51 #7: "12.9 | 19.9" or "45912 | 45919" over the marks was no header at all:
    # the ward's report refused as "no attendance table", the ward chased as missing. By
    # hand, 4 people x 2 sessions: present 3 (x, x, x, v) and 3 (x, P, x, x) = 6/8.
    write_campaign(tmp_path)
    marks = [["x", "x"], ["x", "P"], ["x", "x"], ["v", "x"]]
    if isinstance(headings, tuple):
        header = [["STT", "Họ và tên", headings[0], None], ["STT", "Họ và tên", *headings[1:]]]
        merges = ["A1:A2", "B1:B2", "C1:D1"]
    else:
        header, merges = [["STT", "Họ và tên", *headings]], []
    rows = [*header, *([number, name, *mark] for number, (name, mark) in enumerate(
        zip([*PEOPLE, "Phạm Thị Dung"], marks, strict=True), start=1))]
    write_xlsx(tmp_path / FILE, Sheet("Điểm danh", rows, merges=merges))

    result = ingest(tmp_path)

    records = result.records
    assert result.rejects.empty
    figures = session_figures(records)
    assert figures == {session: (4, 3) for session in sessions}
    assert list(figures) == sessions
    assert_accounting(result)


@pytest.mark.parametrize("label, name", [
    ("12.9", "12.9"), ("19-9", "19-9"), ("3.10.", "3.10."), ("12/9", "12/9"),
    ("45912", "12/09/2025"),
    # Not a day and month, nor a date's serial: no session.
    ("12.13", None), ("32.1", None), ("4.1.2", None), ("2025", None), ("100000", None)])
def test_roll_call_session(label, name):
    assert clean.roll_call_session(label) == name


def test_a_table_of_counts_numbered_3_1_and_3_2_under_its_header_keeps_its_reading(
        tmp_path: Path):
    # Day-like headings are sessions beside a column of names only: under a table of
    # counts, "3.1 | 3.2" number the sub-columns of "Số có mặt" (official | probationary),
    # whose sum is those present. By hand: 40 + 5 = 45 of 50.
    write_campaign(tmp_path)
    rows = [["Đơn vị", "Số phải học", "Số có mặt", None],
            [None, None, "Chính thức", "Dự bị"],
            ["1", "2", "3.1", "3.2"],
            ["Gia Thụy", 50, 40, 5]]
    write_xlsx(tmp_path / FILE, Sheet("Báo cáo", rows, merges=["A1:A2", "B1:B2", "C1:D1"]))

    result = ingest(tmp_path)

    assert result.rejects.empty
    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Gia Thụy", 50, 45)]


@pytest.mark.parametrize("header, merges", [
    ([["STT", "Họ và tên", "Sáng", "Chiều"]], []),
    ([["STT", "Họ và tên", "Điểm danh", None], ["STT", "Họ và tên", "Sáng", "Chiều"]],
     ["A1:A2", "B1:B2", "C1:D1"]),
])
def test_a_roll_call_of_a_mornings_and_an_afternoons_session(tmp_path, header, merges):
    # QA round 48: "Sáng | Chiều" alone over the marks was no header (the file refused as
    # no table), and under "Điểm danh" the afternoon's column went unread. By hand, 4 people
    # x 2 sessions: present 3 (x, x, x, v) and 3 (x, P, x, x) = 6/8.
    write_campaign(tmp_path)
    marks = [["x", "x"], ["x", "P"], ["x", "x"], ["v", "x"]]
    rows = [*header, *([number, name, *mark] for number, (name, mark) in enumerate(
        zip([*PEOPLE, "Phạm Thị Dung"], marks, strict=True), start=1))]
    write_xlsx(tmp_path / FILE, Sheet("Điểm danh", rows, merges=merges))

    result = ingest(tmp_path)

    assert result.rejects.empty
    assert session_figures(result.records) == {"Sáng": (4, 3), "Chiều": (4, 3)}
    assert_accounting(result)


@pytest.mark.parametrize("label", ["Buổi", "Ca", "Ca học"])
def test_a_roll_call_with_a_row_per_person_and_session_named_in_a_column(tmp_path, label):
    # QA round 56 #1: headed "Ca" (Sáng / Chiều), the afternoon's rows were refused as the
    # same people listed twice, and their absences lost: 3/3 for 6/4. By hand: An x, v;
    # Bình x, x; Cường v, x -> 6 attendances, 4 present.
    write_campaign(tmp_path)
    rows = [["STT", "Họ và tên", label, "Điểm danh"]]
    for number, (name, marks) in enumerate(zip(PEOPLE, ["xv", "xx", "vx"], strict=True),
                                           start=1):
        rows += [[number, name, "Sáng", marks[0]], [None, name, "Chiều", marks[1]]]
    write_xlsx(tmp_path / FILE, Sheet("Chi bộ 1", rows))

    result = ingest(tmp_path)

    assert result.rejects.empty
    assert session_figures(result.records) == {"Sáng": (3, 2), "Chiều": (3, 2)}

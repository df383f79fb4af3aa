"""Roll-calls whose sessions are dates written in other shapes than one column per "12/9":
day numbers under their month ("Tháng 9" merged over "5 | 12 | 26"), and one row per person
and date ("Họ và tên | Ngày học | Điểm danh")."""

from pathlib import Path

import pytest
from builders import (
    Sheet,
    assert_accounting,
    ingest,
    record_tuples,
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

"""Properties that hold for any table, checked on random ones (hypothesis).

Random layouts (title rows, header spellings, a totals row, junk cells below), random counts,
good and bad, and random roll-call markers, written as real workbooks and read by the loader:
no crash, every row read accepted or rejected, rates within [0, 1], units summing to the
phase, and the order of rows or files never changing a result.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from builders import Sheet, write_campaign, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import participation
from analysis.campaign import load_campaign
from analysis.ingest import ingest_campaign
from analysis.privacy import Privacy
from analysis.units import LONG_BIEN_WARDS_2015

PRIVACY = Privacy(salt=b"properties")
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

UNIT_SPELLINGS = st.sampled_from([*LONG_BIEN_WARDS_2015, "P. Bồ Đề", "BỒ ĐỀ", "Bo De",
                                  "Hà Đông", "", "  Cự Khối  "])
COUNT = st.one_of(st.integers(-3, 400), st.just(""), st.just("abc"), st.just("1.250"),
                  st.floats(0, 50).map(lambda number: round(number, 1)))
HEADERS = st.sampled_from([
    ["Phường", "Tổng số đảng viên", "Có mặt"],
    ["ĐƠN VỊ", "TONG SO", "SO THAM DU"],
    ["Unit", "Expected", "Attended"],
])
MARKER = st.sampled_from(["x", "X", "có", "v", "vắng", "P", "KP", "kp", "", "?", 1])


def ingest_rows(tables: list[list[list]]) -> object:
    """One workbook per table in a fresh campaign folder, then the loader."""
    folder = Path(tempfile.mkdtemp())
    write_campaign(folder)
    for number, rows in enumerate(tables):
        write_xlsx(folder / f"gd1/t{number}.xlsx", Sheet("S", rows))
    return ingest_campaign(load_campaign(folder), privacy=PRIVACY)


def check_invariants(result) -> None:
    for entry in result.files:
        assert entry["rows_read"] == entry["rows_accepted"] + entry["rows_rejected"]
    records = result.records
    assert (records["attended"] <= records["expected"]).all()
    assert (records[["expected", "attended", "absent_excused", "absent_unexcused",
                     "absent_unspecified"]] >= 0).all().all()
    table = participation.by_ward_phase(records, ["1", "2"])
    assert table["rate"].dropna().between(0, 1).all()
    phases = participation.by_phase(records, ["1", "2"]).set_index("phase")
    for phase, rows in table.groupby("phase", observed=True):
        assert rows["expected"].sum() == phases.loc[phase, "expected"]
        assert rows["attended"].sum() == phases.loc[phase, "attended"]


summary_tables = st.builds(
    lambda titles, header, rows, totals, junk: (
        [["BÁO CÁO"]] * titles + [header] + rows
        + ([["Tổng cộng", 0, 0]] if totals else []) + [[], [junk]]
    ),
    st.integers(0, 3), HEADERS,
    st.lists(st.tuples(UNIT_SPELLINGS, COUNT, COUNT).map(list), min_size=1, max_size=12),
    st.booleans(), st.sampled_from(["Người lập biểu", "BÍ THƯ", "ghi chú", "12", ""]),
)


@SETTINGS
@given(st.lists(summary_tables, min_size=1, max_size=3))
def test_any_summary_tables_are_accounted_for(tables):
    check_invariants(ingest_rows(tables))


roster_tables = st.builds(
    lambda rows: [["STT", "Họ và tên", "Phường", "Điểm danh"]] + [
        [number + 1, f"Người {number % 7}", ward, marker]
        for number, (ward, marker) in enumerate(rows)],
    st.lists(st.tuples(UNIT_SPELLINGS, MARKER), min_size=1, max_size=15),
)


@SETTINGS
@given(st.lists(roster_tables, min_size=1, max_size=2))
def test_any_roll_calls_are_accounted_for(tables):
    check_invariants(ingest_rows(tables))


@SETTINGS
@given(st.lists(summary_tables, min_size=2, max_size=3), st.randoms())
def test_order_of_rows_and_files_changes_nothing(tables, random):
    def figures(result):
        return participation.by_ward_phase(result.records, ["1", "2"]).reset_index(drop=True)

    first = ingest_rows(tables)
    shuffled = []
    for rows in reversed(tables):
        header_at = next(index for index, row in enumerate(rows) if len(row) == 3
                         and isinstance(row[1], str) and row[0] not in ("Tổng cộng",))
        body = [row for row in rows[header_at + 1:] if len(row) == 3 and row[0] != "Tổng cộng"]
        random.shuffle(body)
        shuffled.append(rows[:header_at + 1] + body + [[], ["Người lập biểu"]])
    second = ingest_rows(shuffled)
    pd.testing.assert_frame_equal(figures(first), figures(second))

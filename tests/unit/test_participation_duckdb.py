"""Past one machine: the same pooled tables from DuckDB over parquet partitions as from pandas.

Three small hand-made campaigns are written as parquet the way a run writes
attendance.parquet (categorical columns); DuckDB reads them lazily and sums, pandas sums their
concatenation, and the tables must be identical.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import participation
from analysis.export import write_parquet

duckdb = pytest.importorskip("duckdb")

ORDER = ["1", "2"]
KEYS = ("phase", "ward", "kind", "session")
CATEGORIES = ("source_file", "sheet", "shape", "phase", "ward", "kind", "session", "cell")


def records(rows: list[tuple]) -> pd.DataFrame:
    """(phase, ward, kind, session, cell, expected, attended, excused, unexcused) -> records."""
    frame = pd.DataFrame(rows, columns=["phase", "ward", "kind", "session", "cell", "expected",
                                        "attended", "absent_excused", "absent_unexcused"])
    frame["absent_unspecified"] = (frame["expected"] - frame["attended"]
                                   - frame["absent_excused"] - frame["absent_unexcused"])
    frame.insert(0, "source_file", "bao-cao.xlsx")
    frame.insert(1, "sheet", "Sheet1")
    frame.insert(2, "source_row", range(6, 6 + len(frame)))
    frame.insert(3, "shape", "summary")
    frame["person_key"] = pd.Series(pd.NA, index=frame.index, dtype="str")
    for name in ("expected", "attended", "absent_excused", "absent_unexcused",
                 "absent_unspecified", "source_row"):
        frame[name] = frame[name].astype("int64")
    for name in CATEGORIES:  # as analysis.validate leaves them
        frame[name] = frame[name].astype("str").astype("category")
    return frame


CAMPAIGNS = {
    "2015-long-bien": records([
        ("1", "Bồ Đề", "ward", None, "Chi bộ 1", 10, 9, 1, 0),
        ("1", "Bồ Đề", "ward", None, "Chi bộ 2", 20, 18, 1, 1),
        ("1", "Đức Giang", "ward", None, "Chi bộ 1", 40, 39, 0, 1),
        ("2", "Cự Khối", "ward", None, None, 50, 45, 3, 2),
        ("2", "Cấp quận", "district", "Lớp tập trung số 1", None, 400, 380, 10, 10),
    ]),
    "2020-long-bien": records([
        ("1", "Bồ Đề", "ward", None, "Chi bộ 1", 30, 27, 2, 0),  # 1 absent, reason not given
        ("1", "Đảng bộ Khối Giáo dục", "committee", None, None, 25, 25, 0, 0),
        ("2", "Cự Khối", "ward", None, None, 52, 50, 1, 1),
        ("2", "Cấp quận", "district", "Lớp tập trung số 1", None, 390, 370, 15, 5),
        ("2", "Cấp quận", "district", "Lớp cán bộ chủ chốt", None, 300, 297, 3, 0),
    ]),
    "2025-long-bien": records([
        ("2", "Ngọc Lâm", "ward", "Lớp 1", None, 60, 57, 2, 1),
        ("2", "Ngọc Lâm", "ward", None, "Chi bộ 3", 15, 15, 0, 0),
        ("1", "Bồ Đề", "ward", None, None, 5, 4, 0, 0),
    ]),
}


@pytest.fixture
def hive(tmp_path: Path) -> Path:
    """history/campaign=<id>/attendance.parquet, written as a run writes attendance.parquet."""
    for campaign, frame in CAMPAIGNS.items():
        write_parquet(frame, tmp_path / "history" / f"campaign={campaign}" / "attendance.parquet")
    return tmp_path / "history"


def concatenation(as_text: bool = True) -> pd.DataFrame:
    """What pandas sums: every campaign's records, read back and concatenated."""
    frame = pd.concat(CAMPAIGNS.values(), ignore_index=True)
    if as_text:  # what concat gives for categoricals whose categories differ
        frame = frame.astype({name: "str" for name in KEYS})
    return frame


@pytest.mark.parametrize("function", ["by_ward_phase", "by_phase", "by_session"])
def test_duckdb_and_pandas_give_identical_tables(hive, function):
    aggregate = getattr(participation, function)
    from_duckdb = aggregate(participation.campaigns_relation(hive), ORDER)
    from_pandas = aggregate(concatenation(), ORDER)
    pd.testing.assert_frame_equal(from_duckdb, from_pandas)
    # The same numbers and order as from the categorical records themselves.
    from_categories = aggregate(concatenation(as_text=False), ORDER)
    pd.testing.assert_frame_equal(from_duckdb, from_categories.astype(
        {name: "str" for name in KEYS if name in from_categories}))


def test_one_group_by_hand(hive):
    table = participation.by_ward_phase(participation.campaigns_relation(hive), ORDER)
    bo_de = table[(table["phase"] == "1") & (table["ward"] == "Bồ Đề")]
    assert len(bo_de) == 1
    row = bo_de.iloc[0]
    # 2015: 10 + 20 expected, 9 + 18 came; 2020: 30, 27; 2025: 5, 4 (1 absent, no reason).
    assert (row["expected"], row["attended"]) == (65, 58)
    assert (row["absent_excused"], row["absent_unexcused"], row["absent_unspecified"]) == \
        (4, 1, 2)
    assert row["rate"] == pytest.approx(58 / 65)
    assert row["kind"] == "ward"


def test_order_is_phase_then_kind_then_name(hive):
    table = participation.by_ward_phase(participation.campaigns_relation(hive), ORDER)
    assert list(zip(table["phase"], table["ward"], strict=True)) == [
        ("1", "Bồ Đề"), ("1", "Đức Giang"), ("1", "Đảng bộ Khối Giáo dục"),
        ("2", "Cự Khối"), ("2", "Ngọc Lâm"), ("2", "Cấp quận"),
    ]


def test_sessions_without_a_class_are_the_units_own(hive):
    table = participation.by_session(participation.campaigns_relation(hive), ORDER)
    district = table[table["ward"] == "Cấp quận"]
    # Lớp tập trung số 1 in 2015 (400/380) and 2020 (390/370): 790 expected, 750 came.
    assert district[["session", "expected", "attended"]].values.tolist() == [
        ["Lớp cán bộ chủ chốt", 300, 297], ["Lớp tập trung số 1", 790, 750]]
    ngoc_lam = table[table["ward"] == "Ngọc Lâm"]["session"].tolist()
    assert ngoc_lam == ["Lớp 1", "Ngọc Lâm"]


def test_pooled_per_campaign_from_the_partition_folders(hive):
    table = participation.pooled(participation.campaigns_relation(hive), ["campaign", "phase"],
                                 ORDER)
    assert table[["campaign", "phase", "expected", "attended"]].values.tolist() == [
        ["2015-long-bien", "1", 70, 66], ["2015-long-bien", "2", 450, 425],
        ["2020-long-bien", "1", 55, 52], ["2020-long-bien", "2", 742, 717],
        ["2025-long-bien", "1", 5, 4], ["2025-long-bien", "2", 75, 72],
    ]


def test_processed_folders_name_their_campaign(tmp_path):
    """data/processed/<campaign>/attendance.parquet: the folder is the campaign."""
    for campaign, frame in CAMPAIGNS.items():
        write_parquet(frame, tmp_path / "processed" / campaign / "attendance.parquet")
    (tmp_path / "processed" / "2025-long-bien" / "notes.txt").write_text("not data")
    relation = participation.campaigns_relation(
        str(tmp_path / "processed" / "*" / "attendance.parquet"))
    table = participation.pooled(relation, ["campaign"])
    assert table["campaign"].tolist() == list(CAMPAIGNS)
    assert table["expected"].tolist() == [520, 797, 80]
    pd.testing.assert_frame_equal(
        participation.by_phase(relation, ORDER), participation.by_phase(concatenation(), ORDER))


def test_a_relation_on_any_connection(hive):
    connection = duckdb.connect()
    relation = participation.campaigns_relation([hive / "campaign=2020-long-bien"],
                                                connection=connection)
    table = participation.by_phase(relation, ORDER)
    assert table[["phase", "expected", "attended"]].values.tolist() == [
        ["1", 55, 52], ["2", 742, 717]]

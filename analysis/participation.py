"""Participation figures: always pooled (sum attended / sum expected), never a mean of rates.

Works on the tidy attendance records of analysis.validate; every function is a plain
DataFrame -> DataFrame step so notebooks can call it on any subset.

Past one machine's memory (years of campaigns, tens of millions of rows), `pooled`,
`by_ward_phase`, `by_phase` and `by_session` also take a DuckDB relation, e.g. over every
campaign's attendance.parquet (`campaigns_relation`): DuckDB streams the rows and sums them,
and the small table of sums goes through the same pandas code, so both give the same table.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.clean import class_met_on, sheet_session
from analysis.text import clean_text, fold
from analysis.units import KINDS

COUNTS = ("expected", "attended", "absent_excused", "absent_unexcused", "absent_unspecified")
WARD_PHASE_COLUMNS = ("phase", "ward", "kind", "expected", "attended", "absent_excused",
                      "absent_unexcused", "rate", "absent_unspecified")
GRASSROOTS_KINDS = ("ward", "committee")


def pooled(records: pd.DataFrame, by: list[str], phase_order: list[str] | None = None
           ) -> pd.DataFrame:
    """Sum the counts by `by` and derive the rate; groups keep the campaign's phase order.

    `records` may also be a DuckDB relation (see `campaigns_relation`): the sums are then
    computed in DuckDB and the group keys come back as text ("str"), as they do from pandas
    on a concatenation of campaigns whose categories differ.
    """
    if _is_relation(records):
        records = _duckdb_sums(records, by)
    if records.empty:
        columns = [*by, *COUNTS, "rate"]
        return pd.DataFrame({name: pd.Series(dtype="int64") for name in columns})
    table = records.groupby(by, sort=False, dropna=False, observed=True)[list(COUNTS)].sum()
    table = table.reset_index()
    for name in COUNTS:
        table[name] = table[name].astype("int64")
    table["rate"] = rate(table["attended"], table["expected"])
    return _ordered(table, by, phase_order)


# A class or meeting named by its day: "5/9", "12/9", "05/09/2015".
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")
_NUMBER = re.compile(r"\d+")


def reading_key(name: object) -> str:
    """A name's place in a table as a reader expects it: numbers by their value ("Phường 2"
    before "Phường 10", "Buổi 9" before "Buổi 10") and days by the calendar ("12/9" before
    "3/10"), where letters alone put "10/10" before "12/9" before "5/9"."""
    day = _DAY_MONTH.match(name.strip()) if isinstance(name, str) else None
    if day:
        return f"0 {int(day.group(3) or 0):04d}-{int(day.group(2)):02d}-{int(day.group(1)):02d}"
    return "1 " + _NUMBER.sub(lambda number: number.group().zfill(9), fold(name))


def rate(attended: pd.Series, expected: pd.Series) -> pd.Series:
    """attended / expected, NaN (not 0, not inf) where nobody was expected."""
    return (attended / expected.where(expected > 0)).astype("float64")


def by_ward_phase(records: pd.DataFrame, phase_order: list[str]) -> pd.DataFrame:
    table = pooled(records, ["phase", "ward", "kind"], phase_order)
    return table[list(WARD_PHASE_COLUMNS)]


def by_phase(records: pd.DataFrame, phase_order: list[str]) -> pd.DataFrame:
    table = pooled(records, ["phase"], phase_order)
    return table[["phase", "expected", "attended", "rate"]]


def by_session(records: pd.DataFrame, phase_order: list[str]) -> pd.DataFrame:
    """One row per class or meeting; rows without a class name are the unit's own class."""
    table = pooled(records, ["phase", "ward", "kind", "session"], phase_order)
    table["session"] = table["session"].astype("str").fillna(table["ward"].astype("str"))
    table = _ordered(table, ["phase", "ward", "kind", "session"], phase_order)
    return table[["phase", "ward", "kind", "session", "expected", "attended", "rate"]]


def own_class(by_session: pd.DataFrame) -> np.ndarray:
    """Rows that are their unit's own class: no class named, or the unit's name."""
    return np.array([not isinstance(session, str) or clean_text(session) == clean_text(unit)
                     for session, unit in zip(by_session["session"], by_session["ward"],
                                              strict=True)], dtype=bool)


def named_classes(by_session: pd.DataFrame, lang: str = "vi") -> pd.DataFrame | None:
    """`by_session` for people to read, or None where no report names a class or a meeting
    (each row its unit's own: the table by unit again, QA round 42 #7). A unit without
    classes beside others' is said so, not named twice ("Xã Đông Hội | Xã Đông Hội", QA
    round 58 #6)."""
    own = own_class(by_session)
    if own.all():
        return None
    return by_session.assign(session=np.where(
        own, "(cả đơn vị)" if lang == "vi" else "(whole unit)", by_session["session"]))


def classes(by_session: pd.DataFrame) -> pd.DataFrame:
    """`by_session`'s classes: a grassroots unit's meetings ("Buổi 1", "12/3", "Sáng", as
    `sheet_session` reads a sheet or a roll-call's column) are its own class met more than
    once, pooled into one row named by the unit; the district's are its classes. The table
    lists meetings; a chart of classes does not draw them as classes beside the other units
    (QA round 43: "19/23 lớp", Bắc Sơn's "Buổi 1", "Buổi 2" beside 21 wards drawn as
    classes)."""
    # The district's own classes are many ("Sáng 12/9", "Chiều 12/9": two halls, other
    # people), never one class met twice (QA round 47: drawn as one bar).
    meeting = np.array([isinstance(session, str) and sheet_session(session) is not None
                        and kind != "district"
                        for session, kind in zip(by_session["session"], by_session["kind"],
                                                 strict=True)], dtype=bool)
    if not meeting.any():
        return by_session
    named = by_session.assign(session=by_session["session"].astype("str").where(
        ~meeting, by_session["ward"].astype("str")))
    keys = ["phase", "ward", "kind", "session"]
    table = named.groupby(keys, sort=False, dropna=False, observed=True)[
        ["expected", "attended"]].sum().reset_index()
    table["rate"] = rate(table["attended"], table["expected"])
    return table[list(by_session.columns)]


def has_classes(by_session: pd.DataFrame, phase: str) -> bool:
    """Whether a report of the phase names a class: a chart of its classes would otherwise
    draw the units again."""
    rows = classes(by_session[by_session["phase"].astype(str) == str(phase)])
    return bool((~own_class(rows)).any())


def grassroots(records: pd.DataFrame, phase: str) -> dict:
    """The article's headline: wards and other grassroots committees of one phase, pooled."""
    subset = records[(records["phase"] == phase) & records["kind"].isin(GRASSROOTS_KINDS)]
    expected = int(subset["expected"].sum())
    attended = int(subset["attended"].sum())
    # A roll-call with a column per session lists each person once per session: its counts
    # are attendances ("lượt"), not people. So are a summary's counts of one unit (or cell)
    # on two sheets named for sessions ("Buổi 1", "Buổi 2", dates; not "Lớp 1", "Lớp 2": two
    # classes are other people), QA round 18 h24: "191/200 đảng viên" for 100 members.
    listed = subset.loc[(subset["shape"] == "roster") & subset["person_key"].notna(),
                        ["ward", "cell", "person_key"]]
    sheets = subset.loc[subset["shape"] == "summary",
                        ["ward", "cell", "source_file", "sheet"]].drop_duplicates()
    sessions = sheets.loc[np.array([sheet_session(str(name)) is not None
                                    for name in sheets["sheet"]], dtype=bool)]
    # The units so counted: with others counted in people, the pooled figure is both (QA
    # round 43: "1.742/1.853 lượt đảng viên", 1.843 of them people).
    # And a summary's class met on several days, a row a day ("Lớp 2 (25/10/2025)",
    # `clean.dated_class`; QA round 101 #2: "230 đảng viên" of a ward of 120 members).
    summary = subset.loc[subset["shape"] == "summary", ["ward", "cell", "session"]]
    met = summary.assign(session=summary["session"].map(class_met_on))
    met = met[met["session"].notna()]
    by_session = sorted({*listed.loc[listed.duplicated(keep=False), "ward"].astype(str),
                         *sessions.loc[sessions.duplicated(["ward", "cell"], keep=False),
                                       "ward"].astype(str),
                         *met.loc[met.duplicated(keep=False), "ward"].astype(str)})
    return {
        "phase": phase,
        "units": int(subset["ward"].nunique()),
        "expected": expected,
        "attended": attended,
        "rate": attended / expected if expected else float("nan"),
        "attendances": bool(by_session),
        "attendance_units": by_session,
    }


def below_target(ward_phase: pd.DataFrame, target: float) -> pd.DataFrame:
    """Units under the target, lowest first, with how many more attendees would have met it.

    A unit nobody was expected at (expected 0) has no rate: it is not under the target (nor
    over it; analysis.quality flags it, `zero_expected`)."""
    below = ward_phase[ward_phase["rate"].notna() & (ward_phase["rate"] < target)].copy()
    needed = (below["expected"] * target).apply(_ceil_int) - below["attended"]
    below["shortfall"] = needed.astype("int64")
    # Phases as ward_phase orders them (the campaign's order), not alphabetically.
    phases = pd.unique(ward_phase["phase"].astype("str"))
    keys = pd.DataFrame({"phase": rank(below["phase"], phases), "rate": below["rate"],
                         "ward": below["ward"].astype("str")}, index=below.index)
    order = keys.sort_values(["phase", "rate", "ward"], kind="stable").index
    # The rate after every count, as the table by unit has it, then what it lacks (QA round
    # 83 #5: the rate before the absences here, after them there).
    columns = [name for name in below.columns if name not in ("rate", "shortfall")]
    return below.loc[order, [*columns, "rate", "shortfall"]].reset_index(drop=True)


def rank(values: pd.Series, order: Iterable[str]) -> pd.Series:
    """Each value's position in `order` (NaN if absent), to sort phases or kinds by.

    Mapped as plain text: a categorical column maps to categories that keep their old
    (alphabetical) order when sorted, not the positions they are mapped to.
    """
    return values.astype("str").map({value: position for position, value in enumerate(order)})


def _ceil_int(value: float) -> int:
    whole = int(value)
    return whole if whole >= value - 1e-9 else whole + 1


def _ordered(table: pd.DataFrame, by: list[str], phase_order: list[str] | None) -> pd.DataFrame:
    """Phases in campaign order, then wards before committees before district, then names
    in reading order (`reading_key`)."""
    keys = []
    sort_frame = pd.DataFrame(index=table.index)
    for name in by:
        if name == "phase" and phase_order:
            sort_frame[name] = rank(table[name], phase_order)
        elif name == "kind":
            sort_frame[name] = rank(table[name], KINDS)
        else:
            sort_frame[name] = table[name].astype("str").map(reading_key)
        keys.append(name)
    # Kind before the unit's name within a phase.
    if "kind" in by and "ward" in by:
        keys.remove("kind")
        keys.insert(keys.index("ward"), "kind")
    order = sort_frame.sort_values(keys, kind="stable").index
    return table.loc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Past one machine: many campaigns' records in parquet, summed by DuckDB
# --------------------------------------------------------------------------------------------


def campaigns_relation(source: str | Path | Iterable[str | Path], *, connection=None):
    """Attendance records of many campaigns, read lazily from parquet as one DuckDB relation.

    `source` is a folder (every *.parquet below it), a glob such as
    "data/processed/*/attendance.parquet", a file, or a list of these. Hive-style folders
    (`campaign=2015-long-bien/part-0.parquet`) give a `campaign` column; otherwise `campaign`
    is the name of the folder holding each file (data/processed/<campaign>/attendance.parquet).
    Files may differ in their columns (union by name); nothing is loaded until a table is
    asked for, and DuckDB sums the rows in a stream, in parallel, spilling to disk if need be.
    """
    import duckdb

    connection = connection or duckdb.connect()
    items = [source] if isinstance(source, str | Path) else list(source)
    globs = []
    for item in items:
        path = Path(item)
        globs.append((path / "**" / "*.parquet").as_posix() if path.is_dir()
                     else str(item).replace("\\", "/"))
    listing = ", ".join("'" + glob.replace("'", "''") + "'" for glob in globs)
    relation = connection.sql(
        f"SELECT * FROM read_parquet([{listing}], hive_partitioning = true, "
        "hive_types_autocast = false, union_by_name = true, filename = true)"
    )
    if "campaign" in relation.columns:
        return relation.query("files", "SELECT * EXCLUDE (filename) FROM files")
    return relation.query(
        "files",
        "SELECT * EXCLUDE (filename), "
        "regexp_extract(filename, '([^/\\\\]+)[/\\\\][^/\\\\]+$', 1) AS campaign FROM files",
    )


def _is_relation(records) -> bool:
    duckdb = sys.modules.get("duckdb")  # never imported just to ask
    return duckdb is not None and isinstance(records, duckdb.DuckDBPyRelation)


def _duckdb_sums(relation, by: list[str]) -> pd.DataFrame:
    """One row per group with the summed counts, keys as text, in a fixed order."""
    keys = ", ".join(_quoted(name) for name in by)
    sums = ", ".join(f"CAST(SUM({_quoted(name)}) AS BIGINT) AS {_quoted(name)}"
                     for name in COUNTS)
    text_keys = ", ".join(f"CAST({_quoted(name)} AS VARCHAR) AS {_quoted(name)}" for name in by)
    table = relation.query(
        "records",
        f"SELECT {text_keys}, {', '.join(_quoted(name) for name in COUNTS)} FROM ("
        f"SELECT {keys}, {sums} FROM records GROUP BY {keys}) ORDER BY {keys} NULLS LAST",
    ).df()
    for name in by:
        table[name] = table[name].astype("str")
    for name in COUNTS:
        table[name] = table[name].astype("int64")
    return table


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

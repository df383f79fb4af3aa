"""Participation figures: always pooled (sum attended / sum expected), never a mean of rates.

Works on the tidy attendance records of analysis.validate; every function is a plain
DataFrame -> DataFrame step so notebooks can call it on any subset.
"""

from __future__ import annotations

import pandas as pd

from analysis.text import fold
from analysis.units import KINDS

COUNTS = ("expected", "attended", "absent_excused", "absent_unexcused", "absent_unspecified")
WARD_PHASE_COLUMNS = ("phase", "ward", "kind", "expected", "attended", "absent_excused",
                      "absent_unexcused", "rate", "absent_unspecified")
GRASSROOTS_KINDS = ("ward", "committee")


def pooled(records: pd.DataFrame, by: list[str], phase_order: list[str] | None = None
           ) -> pd.DataFrame:
    """Sum the counts by `by` and derive the rate; groups keep the campaign's phase order."""
    if records.empty:
        columns = [*by, *COUNTS, "rate"]
        return pd.DataFrame({name: pd.Series(dtype="int64") for name in columns})
    table = records.groupby(by, sort=False, dropna=False, observed=True)[list(COUNTS)].sum()
    table = table.reset_index()
    for name in COUNTS:
        table[name] = table[name].astype("int64")
    table["rate"] = rate(table["attended"], table["expected"])
    return _ordered(table, by, phase_order)


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


def grassroots(records: pd.DataFrame, phase: str) -> dict:
    """The article's headline: wards and other grassroots committees of one phase, pooled."""
    subset = records[(records["phase"] == phase) & records["kind"].isin(GRASSROOTS_KINDS)]
    expected = int(subset["expected"].sum())
    attended = int(subset["attended"].sum())
    return {
        "phase": phase,
        "units": int(subset["ward"].nunique()),
        "expected": expected,
        "attended": attended,
        "rate": attended / expected if expected else float("nan"),
    }


def below_target(ward_phase: pd.DataFrame, target: float) -> pd.DataFrame:
    """Units under the target, lowest first, with how many more attendees would have met it."""
    below = ward_phase[ward_phase["rate"] < target].copy()
    needed = (below["expected"] * target).apply(_ceil_int) - below["attended"]
    below["shortfall"] = needed.astype("int64")
    return below.sort_values(["phase", "rate", "ward"], kind="stable").reset_index(drop=True)


def _ceil_int(value: float) -> int:
    whole = int(value)
    return whole if whole >= value - 1e-9 else whole + 1


def _ordered(table: pd.DataFrame, by: list[str], phase_order: list[str] | None) -> pd.DataFrame:
    """Phases in campaign order, then wards before committees before district, then names."""
    keys = []
    sort_frame = pd.DataFrame(index=table.index)
    for name in by:
        if name == "phase" and phase_order:
            sort_frame[name] = table[name].map({p: i for i, p in enumerate(phase_order)})
        elif name == "kind":
            sort_frame[name] = table[name].map({k: i for i, k in enumerate(KINDS)})
        else:
            sort_frame[name] = table[name].astype("str").map(fold)
        keys.append(name)
    # Kind before the unit's name within a phase.
    if "kind" in by and "ward" in by:
        keys.remove("kind")
        keys.insert(keys.index("ward"), "kind")
    order = sort_frame.sort_values(keys, kind="stable").index
    return table.loc[order].reset_index(drop=True)

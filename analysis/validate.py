"""Row rules and the accepted/rejected split.

The rules are one pandera schema (analysis.rules), checked lazily so that every failing row
is found in one pass; each failure becomes a line of rejects.csv with its reason in Vietnamese
and English. pandera is imported only when some row may break a rule: a fifth of a second of
every run's start-up otherwise, and parse workers never need it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd

RECORD_COLUMNS = (
    "source_file", "sheet", "source_row", "shape", "phase", "ward", "kind", "session", "cell",
    "expected", "attended", "absent_excused", "absent_unexcused", "absent_unspecified",
    "person_key",
)
REJECT_COLUMNS = ("source_file", "sheet", "source_row", "reason", "raw")
REJECT_PLACE_COLUMNS = ("phase", "ward")
# Where in its report a rejected row stood, kept beside it for the duplicate step (a row
# refused in one copy of a report may be given in the other: `quality._superseded_rows`).
REJECT_KEY_COLUMNS = ("session", "cell", "person_key")
CATEGORY_COLUMNS = ("source_file", "sheet", "shape", "phase", "ward", "kind", "session", "cell")
COUNT_COLUMNS = ("expected", "attended", "absent_excused", "absent_unexcused",
                 "absent_unspecified")

# In the order a person would look for the mistake: the first broken rule names the row.
RULE_MESSAGES = {
    "expected_not_negative": "số phải học âm (negative expected count)",
    "attended_not_negative": "số có mặt âm (negative attended count)",
    "attended_within_expected": "số có mặt lớn hơn số phải học (attended > expected)",
    "absences_not_negative": "số vắng âm (negative absence count)",
    "counts_add_up": "phải học ≠ có mặt + vắng (inconsistent counts)",
}


def rule_failures(candidates: pd.DataFrame) -> pd.Series:
    """Reason for each row that breaks a rule (first rule in RULE_MESSAGES order wins)."""
    reasons = pd.Series(pd.NA, index=candidates.index, dtype="str")
    passing = _surely_passing(candidates)
    if passing is not None:
        # pandera takes half a second over a city's million rows, nearly all of them fine:
        # it sees only the rows that may break a rule, and gives them the same failures.
        candidates = candidates[~passing]
    if candidates.empty:
        return reasons
    from pandera.errors import SchemaErrors

    from analysis.rules import AttendanceRules

    try:
        AttendanceRules.validate(candidates, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        cases = cases[cases["index"].notna()]
        order = {name: rank for rank, name in enumerate(RULE_MESSAGES)}
        cases = cases.assign(rank=cases["check"].map(order).fillna(len(order)))
        first = cases.sort_values("rank").drop_duplicates("index")
        for index, check in zip(first["index"], first["check"], strict=True):
            reasons[index] = RULE_MESSAGES.get(str(check), f"{check}")
    return reasons


def __getattr__(name: str) -> object:
    """`analysis.validate.AttendanceRules`, imported from analysis.rules when first asked for."""
    if name == "AttendanceRules":
        from analysis.rules import AttendanceRules

        return AttendanceRules
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _surely_passing(candidates: pd.DataFrame) -> np.ndarray | None:
    """Rows that certainly keep every rule of AttendanceRules: integer counts, expected and
    attended given, nothing negative, attended <= expected, and attended plus the absences
    given adding up to expected (a missing absence adds nothing, as in `counts_add_up`).
    Anything else (a missing count, columns that are not whole numbers) is left to pandera:
    None when no row can be cleared here."""
    if not all(name in candidates and pd.api.types.is_integer_dtype(candidates[name])
               for name in COUNT_COLUMNS):
        return None
    expected, attended, *absences = (candidates[name].to_numpy(dtype="int64", na_value=0)
                                     for name in COUNT_COLUMNS)
    passing = candidates["expected"].notna().to_numpy() \
        & candidates["attended"].notna().to_numpy() \
        & (expected >= 0) & (attended >= 0) & (attended <= expected)
    for absence in absences:
        passing &= absence >= 0
    return passing & (attended + sum(absences) == expected)


# Beside one file's rows while they are parsed (sheet.py): a session's sheet sent again beside
# it carries its own name here, "" for other rows; the same person on two such sheets is no
# person listed twice in one roll-call.
VERSION_TAG = "_version_tag"


# The reason of a person listed twice with the same mark: a copy, nothing to correct.
DUPLICATE_PERSON_REASON = "người này đã có trong danh sách"


def duplicate_persons(candidates: Mapping[str, np.ndarray]) -> np.ndarray:
    """A person listed twice in the same roll-call is counted once; the repeat is rejected.

    Within one file: the same roll-call arriving in two files is a duplicate report, which
    analysis.quality settles as a whole (counted once if identical, held out if not).
    `candidates` is one file's rows as columns of Python values (sheet.py); the answer is
    the reason for each row, or None.
    """
    columns = ["source_file", "phase", "ward", "session", "cell", "person_key"]
    if VERSION_TAG in candidates:
        columns.append(VERSION_TAG)
    count = len(candidates["person_key"])
    found = np.full(count, None, dtype=object)
    open_rows = (candidates["shape"] == "roster") & ~pd.isna(candidates["person_key"]) \
        & pd.isna(candidates["reason"])
    positions = np.flatnonzero(open_rows)
    # Only a person seen twice in one party cell can be a repeat: the same name in two cells
    # is two people (or a quality flag, not a rejection). Counting the (key, cell) pairs
    # narrows the rows to those few before they are compared in full.
    cells = candidates["cell"][positions]
    pairs = list(zip(candidates["person_key"][positions].tolist(),
                     np.where(pd.isna(cells), "", cells).tolist(), strict=True))
    seen = Counter(pairs)
    positions = positions[[seen[pair] > 1 for pair in pairs]] if len(seen) < len(pairs) \
        else positions[:0]  # every pair once: nobody listed twice
    if len(positions):
        # A missing value is "" in the key, as a blank cell would be.
        values = [[value if isinstance(value, str) else ""
                   for value in candidates[name][positions].tolist()]
                  for name in columns]
        sheets = candidates["sheet"][positions].tolist()
        source_rows = candidates["source_row"][positions].tolist()
        marks = list(zip(*(candidates[name][positions].tolist() for name in COUNT_COLUMNS),
                         strict=True))
        first_seen: dict[tuple, int] = {}
        for number, key in enumerate(zip(*values, strict=True)):
            first = first_seen.setdefault(key, number)
            if first != number and (sheets[first], source_rows[first]) \
                    == (sheets[number], source_rows[number]):
                # Two columns of one row named for one session ("12/9 | 12/9"): the row is
                # no repeat of itself (QA round 48: "already listed at row 3" on row 3).
                found[positions[number]] = (
                    f"buổi '{key[3]}' có hai cột trong bảng: chỉ tính cột đầu; đề nghị đặt tên "
                    "khác nhau cho từng buổi (two columns of one session: only the first is "
                    "counted)")
            elif first != number:
                # The class or session too: a roll-call by session repeats a person per session.
                where = f"{key[0]}, {sheets[first]}, dòng {source_rows[first]}" + (
                    f", {key[3]}" if key[3] else "")
                # Listed again with the same mark, the row is a copy, left out as meant
                # (QA round 54: the ward was "counted in part", asked to fix nothing); with
                # another, the unit must say which stands (QA round 48).
                found[positions[number]] = (
                    f"{DUPLICATE_PERSON_REASON} ({where}); chỉ tính một lần "
                    "(duplicate person in the same roll-call)" if marks[number] == marks[first]
                    else f"người này có hai dòng với điểm danh khác nhau (dòng đầu ở {where}): "
                         "chỉ tính dòng đầu, đề nghị đơn vị cho biết dòng nào đúng (duplicate "
                         "person in the same roll-call, marked otherwise: the first row is "
                         "counted)")
    return found


def split_accepted(candidates: pd.DataFrame, rejected: pd.DataFrame
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(accepted records, rejects): every row lands in exactly one of them.

    The parse has rejected what it could (sheet.py, repeats of a person included): those rows
    come in `rejected`, the others in `candidates`. The count rules are checked here, on all
    files' rows at once. The million rows that pass are not copied: only a rejected row is
    ever taken out of a table.
    """
    failures = rule_failures(candidates[list(COUNT_COLUMNS)])
    failing = failures.notna()
    if failing.any():
        rejected = pd.concat([rejected, candidates[failing].assign(reason=failures[failing])])
        candidates = candidates[~failing]
    # Names only when the analyst asked for them (the parse left them out otherwise).
    named = "person" in candidates and candidates["person"].notna().any()
    columns = [*RECORD_COLUMNS, *(["person"] if named else [])]
    records = candidates[columns].reset_index(drop=True)
    for name in COUNT_COLUMNS:
        records[name] = records[name].astype("int64")
    records["source_row"] = records["source_row"].astype("int64")
    # Few distinct values, many rows: categories make grouping ten million rows fast.
    for name in CATEGORY_COLUMNS:
        records[name] = records[name].astype("str").astype("category")
    for name in ("person_key", "person"):
        if name in records:
            records[name] = records[name].astype("str")
    # The unit and phase a rejected row was read as, where the parse could tell, go along
    # for the follow-up (a unit whose every row was rejected did report); rejects.csv itself
    # is REJECT_COLUMNS.
    rejects = rejected[[*REJECT_COLUMNS, *REJECT_PLACE_COLUMNS, *REJECT_KEY_COLUMNS]] \
        .reset_index(drop=True)
    for name in ("source_file", "sheet", "reason", "raw", *REJECT_PLACE_COLUMNS,
                 *REJECT_KEY_COLUMNS):
        rejects[name] = rejects[name].astype("str")
    rejects["source_row"] = rejects["source_row"].astype("Int64")
    return records, rejects

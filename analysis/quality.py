"""Data quality: who has not reported, what looks wrong, and what to ask each unit to fix.

DHIS2's data-quality tools, for spreadsheets. Every finding is a named rule with a severity and
a plain message in Vietnamese and English, one line of quality_flags.csv:

| rule                  | severity | what                                                        |
|-----------------------|----------|-------------------------------------------------------------|
| `missing_report`      | error    | a unit listed for the phase sent nothing                    |
| `rejected_report`     | error    | a unit listed for the phase sent rows, every one rejected:  |
|                       |          | a report arrived, none of it is counted (see rejects.csv)   |
| `duplicate_conflict`  | error    | the same report in two files (or two sheets of one file)    |
|                       |          | with different figures: every copy is held out of the rates |
|                       |          | until the analyst chooses                                   |
| `duplicate_report`    | info     | the same report in two files (or two sheets of one file),   |
|                       |          | identical: counted once, from the earliest dated copy       |
| `unit_twice`          | warning  | a unit on several rows of one summary sheet (same class and |
|                       |          | cell) with different figures: all counted, the unit asked   |
|                       |          | whether one corrects another                                |
| `unit_in_sheets`      | warning  | a unit in two sheets or more of one file (same phase, class |
|                       |          | and cell) whose names say no class or session ("Sheet1",    |
|                       |          | "Sheet2"): all counted; another phase, session or version?  |
| `duplicate_row`       | warning  | identical rows (unit, class, cell, figures) in one summary  |
|                       |          | sheet: all counted, the unit asked whether one is a copy    |
| `person_in_two_cells` | warning  | a name in the roll-calls of two cells of one unit and phase |
|                       |          | (any class): all counted (namesakes?), the unit asked       |
| `late_report`         | warning  | dated after the phase's `deadline`                          |
| `dated_before_campaign` | warning | signed before the campaign began: another campaign's file? |
| `report_date_unknown` | info     | the phase has a deadline but the report carries no date     |
|                       |          | (or one over a year after it: a year typed wrong)           |
| `membership_change`   | warning  | expected members change by more than `membership_change`    |
|                       |          | (default 5%) from one phase to the next                     |
| `totals_row`          | warning  | a "Tổng cộng" row disagrees with the rows it totals         |
| `unit_row`            | warning  | a unit's own row beside its cells, under 9/10 of their sum: |
|                       |          | counted as a cell whose name was left out; if it is the     |
|                       |          | unit's total typed wrong, its members are counted twice     |
| `rate_column`         | warning  | a typed rate disagrees with the counts                      |
| `session_not_held`    | info     | a roll-call's session column with no mark on its sheet,     |
|                       |          | beside sessions marked: taken as not held, not read         |
| `unit_spelling`       | warning  | a unit column's name one slip off the unit the file is for  |
|                       |          | (its rule, name or folder): counted as that unit's          |
| `unread_column`       | warning  | a column under no heading holding attendance marks          |
|                       |          | (roll-call) or numbers (summary): not read                  |
| `phase_mismatch`      | warning  | the sheet's title, its name or its file's name names        |
|                       |          | another phase than its [[sources]] rule: counted in the     |
|                       |          | rule's phase; a file in the wrong folder?                   |
| `session_other_phase` | warning  | a roll-call's session dated within another phase's period   |
|                       |          | (start..end) and outside its own: counted in its own        |
|                       |          | phase; a file in the wrong folder, or a date typed wrong?   |
| `rate_outlier`        | warning  | |modified z-score| of the unit's rate among units of the     |
|                       |          | same kind in the phase above `outlier_z` (default 3.5), and |
|                       |          | no chance for its size (`OUTLIER_CHANCE`, binomial tail)    |
| `full_attendance`     | warning  | 100% attendance in a class or unit of at least              |
|                       |          | `full_attendance_min_size` (default 50) members             |
| `makeup_class`        | warning  | a make-up class ("Lớp học bù") counted as a class of its    |
|                       |          | own: its members may be counted twice in the unit's members |
| `zero_expected`       | warning  | a unit reported 0 members to study in a phase: it has no    |
|                       |          | rate, and is neither above nor below the target             |
| `unexpected_unit`     | info     | a unit reported in a phase campaign.toml does not list it   |

Expected units are campaign.toml's [[units]] (each for every phase, or for its `phases`);
without [[units]], Long Biên's 14 wards are expected in every phase: they are the only units
such a campaign can accept, and a rate over fewer of them must say so.

The duplicate step runs on the accepted records before anything is aggregated; every row read
stays accounted for: rows read = accepted + rejected + held out.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from analysis.campaign import Campaign, QualitySettings
from analysis.clean import class_met_on, is_phase_name, names_a_session, sheet_session
from analysis.export import (
    KIND_LABELS,
    CellStyles,
    neutral_text,
    neutralise,
    write_xlsx,
)
from analysis.formatting import (
    format_count,
    format_date,
    format_percent,
    format_score,
    in_language,
    in_sentence,
)
from analysis.ingest import HIDDEN_ROW_PREFIX, UNREADABLE_FILE, rows_by_sheet
from analysis.participation import GRASSROOTS_KINDS, rank
from analysis.privacy import name_key, person_word
from analysis.read import SPREADSHEET_SUFFIXES
from analysis.sheet import (
    BRACKETED_VERSION_WORDS,
    CLASS_HELD_FOR,
    EXEMPT_REASON,
    GUEST_REASON,
    MOVED_IN_REASON,
    NO_FIGURES_REASON,
    NON_MEMBER_REASON,
    NOT_EXPECTED_REASONS,
    NOT_REPORTED_REASON,
    PASTED_COPY_REASON,
    RATE_TOLERANCE,
    VERSION_WORDS,
    copy_name,
    sheet_base,
    units_together,
)
from analysis.text import clean_text, fold
from analysis.units import KINDS, core_name
from analysis.validate import DUPLICATE_PERSON_REASON

if TYPE_CHECKING:
    from analysis.ingest import Ingest

SEVERITIES = ("error", "warning", "info")
# rule -> (severity, Vietnamese label, English label), in the order a follow-up list shows them
RULES: dict[str, tuple[str, str, str]] = {
    "missing_report": ("error", "Chưa gửi báo cáo", "Report not received"),
    "rejected_report": ("error", "Có báo cáo nhưng bị loại, chưa tính",
                        "Report received but rejected, not counted"),
    "duplicate_conflict": ("error", "Báo cáo gửi nhiều lần, số liệu khác nhau",
                           "Report sent more than once with different figures"),
    "unit_twice": ("warning", "Một đơn vị có nhiều dòng khác số liệu trong một trang tính",
                   "A unit on several rows with different figures in one sheet"),
    "unit_in_sheets": ("warning", "Một đơn vị ở nhiều trang tính của một tệp, đều được tính",
                       "A unit in several sheets of one file, all counted"),
    "duplicate_row": ("warning", "Hai dòng giống hệt nhau trong một trang tính",
                      "Identical rows in one sheet"),
    "person_in_two_cells": ("warning", "Một tên có trong danh sách của hai chi bộ",
                            "A name listed under two party cells"),
    "totals_row": ("warning", "Dòng tổng cộng không khớp", "Totals row disagrees"),
    "unit_row": ("warning", "Dòng của đơn vị nhỏ hơn tổng các chi bộ, được tính như một chi bộ",
                 "A unit's row below its cells' sum, counted as one more cell"),
    "rate_column": ("warning", "Cột tỷ lệ không khớp số liệu", "Rate column disagrees"),
    "unread_column": ("warning", "Cột có số liệu không được đọc", "Column of figures not read"),
    "session_not_held": ("info", "Buổi học không có dấu điểm danh nào: coi như không học",
                         "A session with no roll-call mark: taken as not held"),
    "unit_spelling": ("warning", "Tên đơn vị viết sai, được tính cho đơn vị của tệp",
                      "A unit's name misspelt, counted as the file's unit"),
    "phase_mismatch": ("warning", "Tiêu đề hoặc tên tệp ghi giai đoạn khác quy tắc thư mục",
                       "Title or file name names another phase than the folder's rule"),
    "session_other_phase": ("warning", "Buổi học có ngày thuộc giai đoạn khác",
                            "A session dated in another phase's period"),
    "membership_change": ("warning", "Số đảng viên thay đổi giữa các giai đoạn",
                          "Membership changed between phases"),
    "rate_outlier": ("warning", "Tỷ lệ khác thường so với các đơn vị cùng loại",
                     "Rate is an outlier among its peers"),
    "full_attendance": ("warning", "100% có mặt ở đơn vị đông người",
                        "100% attendance in a large unit"),
    "makeup_class": ("warning", "Lớp học bù tính như một lớp riêng",
                     "Make-up class counted as a class of its own"),
    "zero_expected": ("warning", "Báo cáo 0 đảng viên phải học",
                      "Reported 0 members to study"),
    "late_report": ("warning", "Báo cáo muộn", "Late report"),
    "dated_before_campaign": ("warning", "Báo cáo đề ngày trước khi đợt học tập bắt đầu",
                              "Report dated before the campaign began"),
    "report_date_unknown": ("info", "Báo cáo không ghi ngày", "Report date unknown"),
    "duplicate_report": ("info", "Báo cáo gửi nhiều lần, giống hệt",
                         "Report sent more than once, identical"),
    "unexpected_unit": ("info", "Đơn vị không có trong danh sách của giai đoạn",
                        "Unit not listed for the phase"),
}
FLAG_COLUMNS = ("phase", "ward", "rule", "severity", "detail", "source_file", "sheet",
                "source_row", "column")
COMPLETENESS_COLUMNS = ("phase", "ward", "kind", "reported", "source_files", "status",
                        "expected_to_report", "rows_held_out", "report_date",
                        "report_date_source", "deadline", "timeliness", "days_late")
PHASE_COLUMNS = ("phase", "units_expected", "units_reported", "units_held_out",
                 "units_missing", "units_rejected", "units_unexpected", "completeness",
                 "missing", "held_out", "rejected", "unexpected", "late", "date_unknown")
# A rejected row whose unit and phase are known (its unit's follow-up sheet lists it): where
# it came from, why it was rejected, and the row as typed.
REJECTED_COLUMNS = ("phase", "ward", "source_file", "sheet", "source_row", "reason", "raw",
                    "copy_file")
# The follow-up list's line for such a row: (Vietnamese, English) problem.
REJECTED_ROW_LABELS = ("Dòng bị loại", "Rejected row")
# Completeness statuses of a unit that reported and is counted: in full, or in part because a
# class of it arrived twice with different figures and is held out (`partly_held_out`).
COUNTED_STATUSES = ("reported", "partly_held_out", "partly_rejected")
# The follow-up list's line for a unit counted in part: (Vietnamese, English) problem.
PARTLY_COUNTED_LABELS = ("Chỉ tính một phần", "Only partly counted")
KEY_COLUMNS = ("phase", "ward", "session", "cell")
COUNTS = ("expected", "attended", "absent_excused", "absent_unexcused", "absent_unspecified")
# Modified z-score (Iglewicz & Hoaglin): 0.6745 makes the MAD comparable with a standard
# deviation; when over half the peers share one rate the MAD is 0 and the mean absolute
# deviation stands in (scaled by 1.253314, as IBM SPSS and DHIS2-style tools do).
MAD_SCALE = 0.6745
MEAN_AD_SCALE = 1.253314
OUTLIER_MIN_PEERS = 5  # fewer units of a kind in a phase: no median worth comparing with
# A rate is unusual only if a unit of its size would be so far from its peers' median rate by
# chance at most once in a thousand (binomial tail): 2 absent of 34 beside a median of 95% is
# no finding, however tight the peers' rates (QA round 78 #3: "unusually low" for 94,1%).
OUTLIER_CHANCE = 0.001
NAMES_SHOWN = 6  # units named in one line before "and N more"


@dataclass
class Duplicates:
    """The duplicate-report step's outcome on the accepted records."""

    records: pd.DataFrame  # what the rates use
    repeats: pd.DataFrame  # identical extra copies: reject lines (REJECT_COLUMNS)
    held_out: pd.DataFrame  # every copy of a report that arrived with different figures
    flags: pd.DataFrame
    copies: pd.DataFrame  # the records of the identical extra copies (`repeats`)
    # A file none of whose records is counted, every one an identical copy of one other
    # file's: that file (`follow_up_rows` lists their rejected rows once).
    copy_files: dict[str, str] = field(default_factory=dict)


@dataclass
class Quality:
    settings: QualitySettings
    completeness: pd.DataFrame  # one row per (phase, unit) expected or heard from
    by_phase: pd.DataFrame  # "n of N units reported" per phase
    flags: pd.DataFrame
    held_out: pd.DataFrame
    expected_from: str  # "campaign.toml" or "built-in gazetteer"
    phase_labels: dict[str, str] = field(default_factory=dict)
    # The rejected rows of units whose every row in a phase was rejected (REJECTED_COLUMNS).
    rejected: pd.DataFrame = field(default_factory=lambda: _rejected_frame(None))
    # Every rejected row to follow up, whatever else its unit sent (REJECTED_COLUMNS,
    # `follow_up_rows`): the follow-up list sends each back to its unit, or lists it on its
    # last sheet when no unit is known.
    rejected_rows: pd.DataFrame = field(default_factory=lambda: _rejected_frame(None))

    def phase_summary(self, phase: str) -> dict:
        rows = self.by_phase[self.by_phase["phase"] == phase]
        return rows.iloc[0].to_dict() if len(rows) else {}

    @property
    def incomplete_phases(self) -> list[str]:
        table = self.by_phase
        return table.loc[table["units_reported"] < table["units_expected"], "phase"].tolist()


# --------------------------------------------------------------------------------------------
# Duplicate reports
# --------------------------------------------------------------------------------------------


def find_duplicates(records: pd.DataFrame, campaign: Campaign | None = None,
                    files: list[dict] | None = None,
                    non_members: pd.DataFrame | None = None) -> Duplicates:
    """The same (phase, unit, class, cell) in two or more copies (`copy_codes`): files, or
    sheets a workbook holds twice (Excel names the copy of sheet "X" "X (2)").

    Identical copies are counted once and the others become reject lines naming the kept
    copy; copies whose figures differ are all held out of the rates, since only the analyst
    can say which stands. The copy kept is the one with the earliest report date (`files`,
    the manifest entries, carry it per sheet; an undated copy comes after the dated ones),
    then the first in path order, a name before its copies ("X.xlsx" before "X (1).xlsx" and
    "X-gui-lai.xlsx", sheet "X" before "X (2)").

    Roll-calls of one cell are copies only if they share people: two halves of a long list
    are not a duplicate. A roll-call with no party-cell column takes its sheet's name as its
    cell, "(2)" aside; two roll-calls of one (phase, unit, class) listing exactly the same
    people are one report whatever their sheets are called, unless both name different cells
    in a column of their own.

    Identical rows within one summary sheet are not settled here (two classes can match, and
    the sheet cannot say which it is): both stay counted, with a `duplicate_row` warning.
    """
    labels = campaign.phase_labels if campaign else {}
    records = records.reset_index(drop=True)
    empty = records.iloc[0:0]
    if records.empty:
        return Duplicates(records, _repeat_lines(empty, {}), _held_out_frame(empty, {}),
                          _flags([]), empty)
    drop_identical: dict[int, str] = {}  # record index -> reason
    held: dict[int, str] = {}
    flags: list[dict] = []
    _same_file_in_two_phases(records, files or [], held, flags, labels)
    elsewhere = list(held)  # settled already: compared with nothing else
    cells = report_cells(records)
    copy_ids, copy_names = copy_codes(records, files, cells)
    # Only keys that span two copies or more can be duplicates: find them in one pass.
    chosen = copies_per_key(records, cells, copy_ids) > 1
    if elsewhere:
        chosen &= ~records.index.isin(elsewhere)
    candidates = records[chosen].assign(_copy=copy_ids[chosen])
    keys = [*_key_frame(candidates)[:2],
            *(pd.Series(codes[chosen], index=candidates.index)
              for codes in (report_sessions(records), cells))]
    dates = report_dates(files or [])
    copied_from: dict[str, set[str]] = {}  # file -> the files its identical copies are of
    for _, group in candidates.groupby(keys, sort=True, dropna=False):
        blocks = {copy_names[code]: group.take(positions)
                  for code, positions in group.groupby("_copy", sort=False).indices.items()}
        if len(blocks) < 2:
            continue
        order = sorted(blocks, key=lambda copy: _copy_order(copy, blocks[copy], dates))
        blocks = {copy: blocks[copy] for copy in order}
        for component in _copies(blocks):
            if len(component) < 2:
                continue
            _settle(component, blocks, drop_identical, held, flags, labels, dates,
                    copied_from)
    _settle_levels(_without(records, [*drop_identical, *elsewhere]), drop_identical, held,
                   flags, labels, non_members)
    _settle_forms(_without(records, [*drop_identical, *held]), drop_identical, held, flags,
                  labels)
    _tables_copied_below(_without(records, [*drop_identical, *held]), drop_identical, flags,
                         {(entry["file"], sheet["sheet"]): sheet.get("headers_below", [])
                          for entry in files or [] for sheet in entry.get("sheets", [])})
    flags = _one_line_per_copy(flags, labels)
    kept = _without(records, [*drop_identical, *held])
    flags += _repeated_rows(kept, labels)
    flags += _repeated_units(kept, labels)
    flags += _units_in_sheets(kept, labels)
    flags += _people_in_two_cells(kept, labels)
    repeats = _repeat_lines(records.loc[list(drop_identical)], drop_identical,
                            campaign.lang if campaign is not None else "vi")
    held_out = _held_out_frame(records.loc[list(held)], held)
    # The files' names once each, not a million rows' (a second on the city).
    counted = {str(name) for frame in (kept, held_out)
               for name in frame["source_file"].unique()} if copied_from else set()
    copy_files = {copy: next(iter(originals)) for copy, originals in copied_from.items()
                  if len(originals) == 1 and copy not in counted}
    return Duplicates(kept.reset_index(drop=True), repeats, held_out, _flags(flags),
                      records.loc[list(drop_identical)], copy_files)


def _same_file_in_two_phases(records: pd.DataFrame, files: list[dict], held: dict,
                             flags: list[dict], labels: dict[str, str]) -> None:
    """One file, byte for byte (the manifest's SHA-256), in two phases' folders: its rows
    are all held out, since only the analyst can say which phase it is (QA round 36: a copy
    dropped in gd2/ by mistake counted a ward's phase 1 figures in phase 2 too, without a
    word). Copies in one phase are the duplicate step's, as any others."""
    by_content: dict[str, list[str]] = {}
    for entry in files:
        if entry.get("sha256"):
            by_content.setdefault(entry["sha256"], []).append(entry["file"])
    same = [sorted(names) for names in by_content.values() if len(names) > 1]
    if not same:
        return
    rows_of = records.groupby("source_file", sort=False, observed=True).indices
    for names in same:
        phases = {name: frozenset(records["phase"].iloc[rows_of[name]].astype(str))
                  for name in names if name in rows_of}
        if len(set(phases.values())) < 2:
            continue
        listed = ", ".join(names)
        for name, named in phases.items():
            rows = records.iloc[rows_of[name]]
            others = ", ".join(other for other in names if other != name)
            in_phases = ", ".join(labels.get(phase, phase) for phase in sorted(named))
            held.update(dict.fromkeys(rows.index, (
                f"tệp giống hệt {others} nhưng được tính vào giai đoạn khác: chưa tính, chờ "
                f"bỏ bản để nhầm thư mục (the same file as {others}, counted in another "
                "phase: held out until the copy in the wrong folder is removed)")))
            first = rows.iloc[0]
            flags.append(_flag(
                first["phase"], first["ward"], "duplicate_conflict",
                f"cùng một tệp (giống hệt từng byte) có ở {listed}, được tính vào các giai "
                f"đoạn khác nhau; tệp {name} cho {in_phases}: chưa tính tệp nào vào tỷ lệ, đề "
                "nghị xóa bản để nhầm thư mục rồi chạy lại (one file, byte for byte, is at "
                f"{listed}, in different phases; {name} gives {in_phases}: neither is counted "
                "until the copy in the wrong folder is removed and the run repeated)",
                where={"source_file": name}))


def _without(records: pd.DataFrame, index: Iterable[int]) -> pd.DataFrame:
    """`records.drop(index=...)`, or `records` itself when nothing is dropped: dropping no
    label still copied every column of a million rows (a tenth of a second each time)."""
    index = list(index)
    return records.drop(index=index) if index else records


def settle_duplicates(ingest: Ingest) -> Duplicates:
    """`find_duplicates` applied to a run: records and rejects updated, the manifest's row
    accounting gains `rows_held_out` (rows read = accepted + rejected + held out)."""
    found = find_duplicates(ingest.records, ingest.campaign, ingest.files, ingest.non_members)
    ingest.rejects, copy_of = _superseded_rows(ingest.rejects, ingest.records, found.records)
    ingest.checks = _totals_given_in_copies(ingest.checks, ingest.rejects, ingest.records,
                                            copy_of)
    ingest.records = found.records
    if not found.repeats.empty:
        rejects = pd.concat([ingest.rejects, found.repeats.reindex(
            columns=ingest.rejects.columns)], ignore_index=True)
        ingest.rejects = rejects.sort_values(["source_file", "sheet", "source_row"],
                                             kind="stable", na_position="first"
                                             ).reset_index(drop=True)
    recount(ingest.files, ingest.records, ingest.rejects, found.held_out)
    return found


def recount(files: list[dict], records: pd.DataFrame, rejects: pd.DataFrame,
            held_out: pd.DataFrame) -> None:
    """Row accounting per sheet and file from the frames as they now are."""
    accepted = rows_by_sheet(records)
    rejected = rows_by_sheet(rejects[rejects["source_row"].notna()])
    held = rows_by_sheet(held_out)
    for entry in files:
        for sheet in entry.get("sheets", []):
            key = (entry["file"], sheet["sheet"])
            sheet["rows_accepted"] = accepted.get(key, 0)
            sheet["rows_rejected"] = rejected.get(key, 0)
            sheet["rows_held_out"] = held.get(key, 0)
        for name in ("rows_accepted", "rows_rejected", "rows_held_out"):
            entry[name] = sum(sheet[name] for sheet in entry.get("sheets", []))


def _key_frame(records: pd.DataFrame) -> list[pd.Series]:
    return [records[name].astype("string").fillna("") for name in KEY_COLUMNS]


def copies_per_key(records: pd.DataFrame, cells: np.ndarray, copies: np.ndarray
                   ) -> np.ndarray:
    """For each record, how many copies (`copy_codes`) its (phase, unit, class, cell) occurs
    in, `cells` (`report_cells`) standing for the cell column."""
    keys = _report_keys(records, cells)
    return pd.Series(copies, index=records.index).groupby(keys, sort=False).transform(
        "nunique").to_numpy()


def _combined_codes(codes: list[np.ndarray]) -> np.ndarray:
    """One integer per distinct combination of these integer codes (numbered as met).

    Pairs are folded in one at a time and renumbered, so the numbers never overflow; a
    MultiIndex of a million rows built a million tuples (a second on the city)."""
    combined = np.zeros(len(codes[0]) if codes else 0, dtype="int64")
    for part in codes:
        part = np.asarray(part, dtype="int64")
        part = part - part.min() if len(part) else part
        width = int(part.max()) + 1 if len(part) else 1
        combined = pd.factorize(combined * width + part)[0].astype("int64")
    return combined


def _report_keys(records: pd.DataFrame, cells: np.ndarray) -> list[np.ndarray]:
    """(phase, unit, class, cell) as integer codes, `cells` (`report_cells`) for the cell,
    a class by its `_group_key`."""
    return [text_codes(records["phase"]), text_codes(records["ward"]),
            report_sessions(records), cells]


# How the reason of a row refused in one copy of a report and given in another begins.
SUPERSEDED_PREFIX = "đã có số ở bản "


def _superseded_rows(rejects: pd.DataFrame, accepted: pd.DataFrame, counted: pd.DataFrame
                     ) -> tuple[pd.DataFrame, dict[int, str]]:
    """Rejects whose place in their report (phase, unit, class, cell, person) is counted from
    another copy of that report (a file sharing a place with theirs, or named as its
    correction: "X (sửa).ods" beside "X.ods") are left out as meant, naming the copy: the
    correction gives them (QA round 94 #1: a ward's re-sent file counted, its old file's
    refused row kept the ward "counted in part" and asked it to fix what it had fixed).
    `accepted`: the rows before the duplicate step, which tell the copies; `counted`: after
    it. Also: the copy that gives each such reject (by its index)."""
    keyed = ("session", "cell", "person_key")
    if rejects.empty or not set(keyed) <= set(rejects.columns) or counted.empty:
        return rejects, {}
    candidates = rejects[(rejects["source_row"].notna() & rejects["phase"].notna()
                          & rejects["ward"].notna()).to_numpy(dtype=bool) & _to_fix(rejects)]
    if candidates.empty:
        return rejects, {}
    group_key = functools.lru_cache(maxsize=None)(_group_key)

    def places(frame: pd.DataFrame, person: bool) -> list[tuple]:
        texts = frame[["phase", "ward", *keyed]].astype("string").fillna("")
        return [(phase, ward, group_key(session), group_key(cell), key if person else "")
                for phase, ward, session, cell, key in texts.itertuples(index=False)]

    wanted = {(place[0], place[1]) for place in places(candidates, False)}
    people = set(candidates["person_key"].dropna().astype(str))

    def of_wanted_units(frame: pd.DataFrame, person: bool) -> pd.DataFrame:
        """The distinct places of the rows of the wanted (phase, unit)s, with the people
        refused if `person`: filtered vectorised first (a city's million rows turned into
        tuples took seconds)."""
        chosen = frame["ward"].isin({ward for _, ward in wanted})
        if person:
            chosen &= frame["person_key"].isna() | frame["person_key"].isin(people)
        chosen = chosen.to_numpy(dtype=bool)
        columns = ["source_file", "phase", "ward", "session", "cell",
                   *(["person_key"] if person else [])]
        frame = frame.loc[chosen, columns].drop_duplicates()
        pairs = zip(frame["phase"].astype(str), frame["ward"].astype(str), strict=True)
        return frame[np.fromiter((pair in wanted for pair in pairs), dtype=bool,
                                 count=len(frame))].assign(
            **({} if person else {"person_key": pd.NA}))

    near = of_wanted_units(accepted, person=False)
    shared: dict[str, set[tuple]] = {}  # file -> the places of its accepted rows
    for name, place in zip(near["source_file"].astype(str), places(near, False), strict=True):
        shared.setdefault(name, set()).add(place)
    near = of_wanted_units(counted, person=True)
    given: dict[tuple, set[str]] = {}  # place, person -> the files it is counted from
    for name, place in zip(near["source_file"].astype(str), places(near, True), strict=True):
        given.setdefault(place, set()).add(name)
    rejects = rejects.copy()
    copy_of = {}
    for index, name, place in zip(candidates.index, candidates["source_file"].astype(str),
                                  places(candidates, True), strict=True):
        # Copies of one report: files sharing a place, or named as one and its correction.
        copies = sorted(other for other in given.get(place, ()) if other != name
                        and (shared.get(name, set()) & shared.get(other, set())
                             or correction_pairs([name, other])))
        if copies:
            copy_of[index] = copies[0]
            rejects.loc[index, "reason"] = (
                f"{SUPERSEDED_PREFIX}{copies[0]}, đã tính; dòng này không cần sửa (given in the "
                f"copy {copies[0]}, counted: nothing to fix): {rejects.loc[index, 'reason']}")
    return rejects, copy_of


GIVEN_IN_COPY = "given_in_copy"  # a totals row's status: see `_totals_given_in_copies`


def _totals_given_in_copies(checks: pd.DataFrame, rejects: pd.DataFrame,
                            accepted: pd.DataFrame, copy_of: Mapping[int, str]
                            ) -> pd.DataFrame:
    """A totals row that disagrees only by refused rows another copy of the report gives
    (`copy_of`, from `_superseded_rows`), where that copy's rows add up to the figure it
    states, is no mismatch: its status becomes GIVEN_IN_COPY (QA round 96 #3: a ward's old
    file, whose blank cell its re-send filled in, was still "đối chiếu lệch" and made
    --strict exit 1; round 99 #1: so was one whose re-send's own total was wrong)."""
    if not copy_of or checks.empty:
        return checks
    totals = checks["check"] == "totals_row"
    mismatches = checks[totals & (checks["status"] == "mismatch")]
    sums = checks[totals]  # each totals row's file, column and the sum of its rows
    agreed = set(zip(sums["source_file"].astype(str), sums["column"].astype(str),
                     sums["computed"], strict=True))
    checks = checks.copy()
    for index, check in zip(mismatches.index, mismatches.itertuples(index=False), strict=True):
        sheet_rejects = rejects[(rejects["source_file"] == check.source_file)
                                & (rejects["sheet"] == check.sheet)]
        if not any(reject in copy_of for reject in sheet_rejects.index):
            continue
        in_sheet = accepted[(accepted["source_file"] == check.source_file)
                            & (accepted["sheet"] == check.sheet)]
        refused = set(_refused_rows_totalled(check, checks, rejects, in_sheet))
        totalled = sheet_rejects[sheet_rejects["source_row"].isin(refused)]
        copies = {copy_of.get(reject) for reject in totalled.index}
        if refused and None not in copies and any(
                (copy, str(check.column), check.stated) in agreed for copy in copies):
            checks.loc[index, "status"] = GIVEN_IN_COPY
    return checks


def report_sessions(records: pd.DataFrame) -> np.ndarray:
    """Codes of the class each record is compared by, for the duplicate step: "Lớp 1" and
    "Lớp 01" are one class (`_group_key`)."""
    return _keyed(*_coded_text(records["session"]))


def copy_codes(records: pd.DataFrame, files: list[dict] | None = None,
               cells: np.ndarray | None = None
               ) -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """(a code per record, the (file, copy number, version) of each code): what one copy of a
    report is. A file, as a whole; but a sheet "X (2)" next to a sheet "X" in the same
    workbook is Excel's copy of it, so a file's sheets "X (2)", "Y (2)"... are its copy 2,
    apart from its sheets "X", "Y"... (copy 0).

    Other sheets of one file are parts of one report (a sheet per class, per cell; "Lớp
    sáng" and "Lớp chiều" with no class column). But a sheet repeating a (phase, unit, class,
    cell) key (`cells`, `report_cells`, stands for the cell) of an earlier sheet of the file
    that is a version of it (`_versions_of_one_sheet`: "Báo cáo" and "Báo cáo (sửa)", a
    hidden draft beside the sent sheet) is another version of that report: version 1, 2...
    of its copy, settled like a copy in another file, never added to it. `files` (the
    manifest) names sheets without accepted rows too, in workbook order, and which are
    hidden."""
    names, name_text = _coded_text(records["source_file"])
    sheets, sheet_text = _coded_text(records["sheet"])
    pairs = names.astype("int64") * max(len(sheet_text), 1) + sheets
    distinct, inverse = np.unique(pairs, return_inverse=True)
    found: dict[str, set[str]] = {}
    for entry in files or []:
        found.setdefault(entry["file"], set()).update(
            sheet["sheet"] for sheet in entry.get("sheets", []))
    couples = [divmod(int(pair), max(len(sheet_text), 1)) for pair in distinct]
    for name, sheet in couples:
        found.setdefault(name_text[name], set()).add(sheet_text[sheet])
    numbers: list[int] = []
    for name, sheet in couples:
        base, number = copy_name(sheet_text[sheet])
        in_file = found[name_text[name]]
        is_copy = number and any(copy_name(other)[0] == base and other != sheet_text[sheet]
                                 for other in in_file)
        numbers.append(number if is_copy else 0)
    versions = _sheet_versions(records, inverse.ravel(), couples, numbers, name_text,
                               sheet_text, files, cells)
    copies = [(name_text[name], number, version) for (name, _), number, version
              in zip(couples, numbers, versions, strict=True)]
    codes, uniques = pd.factorize(pd.Series(copies, dtype="object"))
    return codes[inverse.ravel()], list(uniques)


def _sheet_versions(records: pd.DataFrame, sheet_of: np.ndarray, couples: list[tuple],
                    numbers: list[int], name_text: list[str], sheet_text: list[str],
                    files: list[dict] | None, cells: np.ndarray | None) -> list[int]:
    """For each (file, sheet) of `couples`, 0, or the version it is of a report an earlier
    sheet of its file and copy number already holds (see `copy_codes`)."""
    versions = [0] * len(couples)
    per_file: dict[tuple[int, int], list[int]] = {}
    for position, ((name, _), number) in enumerate(zip(couples, numbers, strict=True)):
        per_file.setdefault((name, number), []).append(position)
    if cells is None or all(len(positions) < 2 for positions in per_file.values()):
        return versions
    keys = _combined_codes(_report_keys(records, cells))
    # Each sheet's distinct keys, from the distinct (sheet, key) pairs of a million records.
    width = int(keys.max()) + 1 if len(keys) else 1
    pairs = np.unique(np.asarray(sheet_of, dtype="int64") * width + keys)
    pair_sheets, pair_keys = np.divmod(pairs, width)
    starts = np.flatnonzero(np.r_[True, pair_sheets[1:] != pair_sheets[:-1]])
    sheet_keys: dict[int, set[int]] = {
        int(pair_sheets[start]): set(chunk.tolist())
        for start, chunk in zip(starts, np.split(pair_keys, starts[1:]), strict=True)}
    order = {(entry["file"], sheet["sheet"]): rank for entry in files or []
             for rank, sheet in enumerate(entry.get("sheets", []))}
    hidden = {(entry["file"], sheet["sheet"]) for entry in files or []
              for sheet in entry.get("sheets", []) if sheet.get("hidden")}
    # A sheet of nothing but zeros is the blank form kept beside the report ("Mẫu", often
    # hidden), not a version of it: it adds nothing, and must not hold the report out.
    figures = (records["expected"].to_numpy(dtype="int64", na_value=0) != 0) \
        | (records["attended"].to_numpy(dtype="int64", na_value=0) != 0)
    blank_forms = set(np.flatnonzero(np.bincount(np.asarray(sheet_of, dtype="int64"),
                                                 weights=figures, minlength=len(couples))
                                     == 0).tolist())
    counts = np.column_stack([records[name].to_numpy(dtype="int64", na_value=0)
                              for name in COUNTS])
    sheet_figures: dict[int, dict[int, tuple]] = {}

    def figures_of(position: int) -> dict[int, tuple]:
        """A sheet's figures by report key, worked out only for sheets that share keys."""
        if position not in sheet_figures:
            rows = np.flatnonzero(np.asarray(sheet_of) == position)
            found: dict[int, np.ndarray] = {}
            for key, row in zip(keys[rows].tolist(), rows.tolist(), strict=True):
                found[key] = found.get(key, 0) + counts[row]
            sheet_figures[position] = {key: tuple(total.tolist())
                                       for key, total in found.items()}
        return sheet_figures[position]

    def mostly_the_same(first: int, second: int) -> bool:
        """Two sheets agreeing on most of their units' figures, two units at least: the
        table pasted twice ("Sheet1", "Sheet2") or corrected in a copy ("Ngày 8-3", "Ngày
        12-3"), whatever their names say; two classes of the same units do not agree on
        most figures. Summed, every unit was counted twice (QA round 15 c06, c06b)."""
        mine, theirs = figures_of(first), figures_of(second)
        shared = mine.keys() & theirs.keys()
        same = sum(mine[key] == theirs[key] for key in shared)
        return len(shared) >= 2 and same * 2 > len(mine.keys() | theirs.keys())

    sheet_people: dict[int, frozenset] = {}

    def same_people(first: int, second: int) -> bool:
        """Two roll-calls of one report key listing exactly the same people: the list typed
        again, or corrected in a copy, whatever the sheets are called ("Sheet1", "Sheet2").
        Summed as two parts of the report, every person was counted twice (QA round 26)."""
        for position in (first, second):
            if position not in sheet_people:
                rows = np.flatnonzero(np.asarray(sheet_of) == position)
                keyed = records["person_key"].iloc[rows] if "person_key" in records \
                    else pd.Series(dtype="str")
                sheet_people[position] = frozenset(keyed.dropna().tolist())
        return bool(sheet_people[first]) and sheet_people[first] == sheet_people[second]

    sheet_facts: dict[int, tuple[set[str], bool]] = {}

    def facts_of(position: int) -> tuple[set[str], bool]:
        """(the units a sheet gives, by `core_name`; whether it is a table of counts)."""
        if position not in sheet_facts:
            rows = np.flatnonzero(np.asarray(sheet_of) == position)
            sheet_facts[position] = (
                {core_name(fold(str(ward))) for ward in records["ward"].iloc[rows].unique()},
                bool((records["shape"].iloc[rows] != "roster").all()))
        return sheet_facts[position]

    def named_for_its_unit(position: int, name: str) -> bool:
        """A sheet giving one unit's figures and named for it ("Phúc Lợi", "P. Phúc Lợi")."""
        wards = facts_of(position)[0]
        return len(wards) == 1 and core_name(sheet_base(name)) in wards

    def restates(first: int, second: int) -> bool:
        """One table of counts restating another's figures for the units both give: a
        summary sheet ("Tổng hợp") beside the sheets it sums up, or a sheet named for its
        unit ("Phúc Lợi") beside a table of units (QA round 41: a "Tổng hợp" over one-row
        sheets per ward, added to them, counted every ward twice). Sheets named for a class,
        session or cell are parts of the report, as `_units_in_sheets` takes them; a table
        beside roll-calls is `_settle_forms`' to settle."""
        names = [named[first][1], named[second][1]]
        if any(_PART_SHEET.match(fold(name)) or names_a_session(name) for name in names) \
                or not (facts_of(first)[1] and facts_of(second)[1]):
            return False
        return any(_SUMMARY_SHEET.match(sheet_base(name)) for name in names) \
            or any(named_for_its_unit(position, name)
                   for position, name in zip((first, second), names, strict=True))

    for positions in per_file.values():
        if len(positions) < 2:
            continue
        named = {position: (name_text[couples[position][0]], sheet_text[couples[position][1]])
                 for position in positions}
        positions = sorted(positions, key=lambda position: (
            order.get(named[position], len(order)), named[position][1]))
        # Only a sheet sharing a key with another sheet of the file can be a version: the
        # dozens of one-cell sheets of a roll-call workbook are not compared pairwise.
        seen = Counter(key for position in positions if position not in blank_forms
                       for key in sheet_keys.get(position, ()))
        held: list[list[int]] = []  # the sheets of each version of the file so far
        for position in positions:
            mine = sheet_keys.get(position, set())
            if position in blank_forms or all(seen[key] == 1 for key in mine):
                held = held or [[]]
                held[0].append(position)
                continue
            version = next((number for number, members in enumerate(held) if not any(
                member not in blank_forms
                and not sheet_keys.get(member, set()).isdisjoint(mine) and (_versions_of_one_sheet(
                    named[member][1], named[position][1], hidden & {named[member],
                                                                    named[position]})
                    or (not _two_sessions(named[member][1], named[position][1])
                        and (mostly_the_same(member, position)
                             or same_people(member, position)))
                    or restates(member, position))
                for member in members)), len(held))
            if version == len(held):
                held.append([])
            held[version].append(position)
            versions[position] = version
    return versions


def _two_sessions(first: str, second: str) -> bool:
    """Two sheets named for two sessions or classes in words ("Buổi 1", "Buổi 2"; "Ngày 1",
    "Ngày 2"; "Lớp sáng", "Lớp chiều"): the same people, or the same figures, are what two
    sessions of one unit's members give, not a copy typed again (QA round 29: held out, or
    counted once, 50/47 for 150/140). Sheets named by a date alone ("Ngày 8-3", "Ngày
    12-3") may be a copy dated on the day it was corrected: they are compared."""
    return names_a_session(first) and names_a_session(second) \
        and sheet_base(first) != sheet_base(second)


def _versions_of_one_sheet(first: str, second: str, hidden: set) -> bool:
    """Whether two sheets reporting the same unit are versions of one sheet rather than two
    classes: one of them hidden beside the other visible (a draft put away), or their names
    the same but for version words ("Báo cáo", "Báo cáo (sửa)"; "GĐ1", "Nháp"). "Lớp sáng"
    and "Lớp chiều", "Lớp 1" and "Lớp 2", "Chính thức" and "Dự bị" stay two groups."""
    return len(hidden) == 1 or sheet_base(first) == sheet_base(second) \
        or not sheet_base(first) or not sheet_base(second) \
        or (_phase_sheet(first) is not None and _phase_sheet(first) == _phase_sheet(second))


def _phase_sheet(name: str) -> str | None:
    """The phase a sheet is named for, with any version word after it, bracketed or not
    ("GĐ1 mới", "GĐ1 final": a phase has no class of new members), else None. Summed with
    "GĐ1", the new version doubled the phase (QA round 26: 240/210 for 120/110)."""
    words = [word for word in sheet_base(name).split() if word not in BRACKETED_VERSION_WORDS]
    base = " ".join(words)
    return base.replace(" ", "") if base and is_phase_name(base) else None




def text_codes(column: pd.Series) -> np.ndarray:
    """Integer codes that are equal exactly where the values, as text, are equal; a missing
    value counts as "". A categorical column is coded from its categories alone."""
    return _coded_text(column)[0]


def _coded_text(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(`text_codes`, the text of each code)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        labels = pd.Series([*column.cat.categories, ""], dtype="object").astype("string")
        label_codes, uniques = pd.factorize(labels.fillna(""))
        # code -1 (missing) takes the last label: ""
        return label_codes[column.cat.codes.to_numpy()], [str(text) for text in uniques]
    codes, uniques = pd.factorize(column.astype("string").fillna(""))
    return codes, [str(text) for text in uniques]


def report_cells(records: pd.DataFrame) -> np.ndarray:
    """Codes of the party cell each record is compared by, for the duplicate step.

    The cell by its `_group_key` ("CB1" is "Chi bộ 1"), except for roll-calls: with no
    cell column their cell is the
    sheet's name (sheet.py), and a copied sheet "Chi bộ 1 (2)" is still "Chi bộ 1"; and
    roll-calls of one (phase, unit, class) whose lists hold exactly the same people are
    one report under whatever sheet names, so they share one cell code (unless they name
    two different cells in a cell column: then they are two cells, never merged).
    """
    cells, cell_text = _coded_text(records["cell"])
    cells = cells.astype("int64")
    roster = np.asarray(records["shape"] == "roster", dtype=bool)
    if not roster.any():
        return _keyed(cells, cell_text)
    sheets, sheet_text = _coded_text(records["sheet"])
    number = {text: code for code, text in enumerate(cell_text)}
    pairs = cells[roster] * len(sheet_text) + sheets[roster]
    distinct, inverse = np.unique(pairs, return_inverse=True)
    mapped = np.empty(len(distinct), dtype="int64")
    from_sheet = np.zeros(len(distinct), dtype=bool)
    pairs_of = [divmod(pair, len(sheet_text)) for pair in distinct.tolist()]
    # "Chi bộ 1 cũ", "Chi bộ 1 (sửa)" beside a sheet "Chi bộ 1": versions of that list.
    plain_names = {sheet_base(cell_text[cell]): cell_text[cell] for cell, sheet in pairs_of
                   if cell_text[cell] == sheet_text[sheet]
                   and sheet_base(cell_text[cell]) == fold(cell_text[cell])}
    for position, (cell, sheet) in enumerate(pairs_of):
        text = cell_text[cell]
        if text == sheet_text[sheet]:  # no cell column: the sheet's name stands for it
            text, from_sheet[position] = copy_name(text)[0], True
            text = plain_names.get(sheet_base(text), text)
        mapped[position] = number.setdefault(text, len(number))
    cells = cells.copy()
    cells[roster] = mapped[inverse.ravel()]
    cells = _keyed(cells, sorted(number, key=number.get))
    if "person_key" in records:
        _same_people_same_cell(records, roster, cells, from_sheet[inverse.ravel()])
    return cells


def _same_people_same_cell(records: pd.DataFrame, roster: np.ndarray, cells: np.ndarray,
                           from_sheet: np.ndarray) -> None:
    """Give one cell code to the roll-calls (one sheet's rows of one key) of a (phase, unit,
    class) that list exactly the same people; `cells` is changed in place.

    Worked on integer codes, a list per roll-call numbered as met: a frame of the city's
    million roll-call rows and its group-bys took a third of a second, most of this step."""
    people = records["person_key"]
    positions = np.flatnonzero(roster)
    if not len(positions):
        return
    phase, ward, session = (text_codes(records[name])[roster]
                            for name in ("phase", "ward", "session"))
    cell = cells[roster]
    person = np.where(people.isna().to_numpy()[roster], -1, text_codes(people)[roster])
    unit = _combined_codes([phase, ward, session])  # the (phase, unit, class)
    numbers = _combined_codes([text_codes(records["source_file"])[roster],
                               text_codes(records["sheet"])[roster], unit, cell])
    count = int(numbers.max()) + 1
    first = np.unique(numbers, return_index=True)[1]  # each list's first row
    list_unit, list_cell = unit[first], cell[first]
    # Only the (phase, unit, class) with two cells or more can have one list under two names,
    # and only a list naming everyone (no person missing) is compared.
    unit_cells = np.unique(_combined_codes([list_unit, list_cell]), return_index=True)[1]
    cells_per_unit = np.bincount(list_unit[unit_cells], minlength=int(unit.max()) + 1)
    complete = np.ones(count, dtype=bool)
    complete[numbers[person < 0]] = False
    kept = (cells_per_unit[list_unit] > 1) & complete
    if not kept.any():
        return
    ids = np.flatnonzero(kept)
    rows = kept[numbers]
    numbers, persons, positions = numbers[rows], person[rows], positions[rows]
    named_rows = np.zeros(count, dtype=bool)  # lists with a row whose cell a column names
    named_rows[numbers[~from_sheet[rows]]] = True
    lists = pd.DataFrame({"phase": phase[first[ids]], "ward": ward[first[ids]],
                          "session": session[first[ids]], "cell": list_cell[ids],
                          "from_sheet": ~named_rows[ids]}, index=ids)
    # Lists of the same people have the same length and the same sum of person codes: only
    # lists that share those with another of their (phase, unit, class) are compared whole.
    lists["size"] = np.bincount(numbers)[lists.index]
    lists["total"] = np.bincount(numbers, weights=persons)[lists.index]
    lists = lists[lists.duplicated(["phase", "ward", "session", "size", "total"], keep=False)]
    if lists.empty:
        return
    # Each list's people as a sorted tuple, from one sort of its rows.
    compared = np.isin(numbers, lists.index.to_numpy())
    numbers_compared, persons = numbers[compared], persons[compared]
    order = np.lexsort((persons, numbers_compared))
    numbers_compared, persons = numbers_compared[order], persons[order]
    starts = np.flatnonzero(np.r_[True, numbers_compared[1:] != numbers_compared[:-1]])
    stops = [*starts[1:].tolist(), len(numbers_compared)]
    members = persons.tolist()
    people_of = {int(numbers_compared[start]): tuple(dict.fromkeys(members[start:stop]))
                 for start, stop in zip(starts.tolist(), stops, strict=True)}
    lists["people"] = [people_of[number] for number in lists.index.tolist()]
    key = ["phase", "ward", "session", "people"]
    lists = lists[lists.duplicated(key, keep=False)]  # only lists that have a twin
    relabel: dict[int, int] = {}
    for _, same in lists.groupby(key, sort=False):
        if same["cell"].nunique() < 2:
            continue
        named = set(same.loc[~same["from_sheet"], "cell"])
        if len(named) > 1:
            continue  # two cells named in a column: two cells, whatever their lists
        target = named.pop() if named else int(same["cell"].min())
        relabel.update(dict.fromkeys(same.index.tolist(), target))
    if relabel:
        chosen = np.isin(numbers, np.fromiter(relabel, dtype="int64"))
        cells[positions[chosen]] = [relabel[number] for number in numbers[chosen].tolist()]


def _copy_order(copy: tuple[str, int, int], block: pd.DataFrame, dates: dict) -> tuple:
    """Which copy of a report is kept: the earliest dated (undated ones after), then path
    order with a name before its copies ("X" before "X (1)" and "X-gui-lai"), then a
    workbook's sheets "X" before their copies "X (2)", then its first sheet of a report."""
    name, number, version = copy
    date = _copy_date(copy, block, dates)
    path = PurePosixPath(name)
    stem, copy_number = copy_name(path.stem)
    explorer = _EXPLORER_COPY.match(stem)
    if explorer:  # "Copy of X", "X - Copy", "X - Bản sao": a copy of "X" (QA round 36)
        stem, copy_number = next(part for part in explorer.groups() if part), copy_number + 1
    return (not date, date or "", path.parent.parts, stem, copy_number, path.suffix, name,
            number, version)


# How Windows names a file copied beside itself, in English and in Vietnamese; and an
# e-mail forwarded, its attachment saved under the mail's subject ("Fwd bao cao P Tan Tien
# GD1.xlsx": QA round 78 #4, kept before the original for sorting first).
_EXPLORER_COPY = re.compile(r"^(?:copy of |bản sao của |fwd?(?:\s*[:_-]\s*|\s+))(.+)$"
                            r"|^(.+?) - (?:copy|bản sao)$", re.IGNORECASE)


def _copy_date(copy: tuple[str, int, int], block: pd.DataFrame, dates: dict) -> str | None:
    """The earliest report date written on the copy's sheets, if any."""
    if not dates:
        return None
    known = [dates.get((copy[0], sheet), (None, None))[0] for sheet in _sheets(block)]
    known = [date for date in known if date]
    return min(known) if known else None


def _sheets(block: pd.DataFrame) -> list[str]:
    return sorted({str(sheet) for sheet in pd.unique(block["sheet"].to_numpy())})


def _copies(blocks: dict) -> list[list]:
    """Sheets whose blocks are copies of one report: all of them, except roll-calls with no
    person in common, which are parts of one list (linked when they share someone)."""
    names = list(blocks)
    rosters = all((block["shape"] == "roster").all() and "person_key" in block
                  and block["person_key"].notna().all() for block in blocks.values())
    if not rosters:
        return [names]
    # By the name: a list of namesakes told apart by births, sent again without them, is a
    # copy of it, whose figures differ (QA round 29 F10: summed as parts, 3/2 for 2/1).
    people = {name: {name_key(key) for key in blocks[name]["person_key"]} for name in names}
    parent = {name: name for name in names}

    def root(name):
        while parent[name] != name:
            name = parent[name]
        return name

    for position, first in enumerate(names):
        for second in names[position + 1:]:
            if people[first] & people[second]:
                parent[root(second)] = root(first)
    groups: dict = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    return list(groups.values())


def _fingerprint(block: pd.DataFrame) -> list[tuple]:
    """What a copy says, independent of where its rows sit."""
    person = block["person_key"].astype("string").fillna("") if "person_key" in block \
        else pd.Series("", index=block.index)
    rows = zip(person, block["shape"], *(block[name] for name in COUNTS), strict=True)
    return sorted(tuple(str(value) if position < 2 else int(value)
                        for position, value in enumerate(row)) for row in rows)


def _copy_labels(copies: list[tuple[str, int, int]], blocks: dict
                 ) -> dict[tuple[str, int, int], tuple[str, str, str]]:
    """copy -> how a message names it (Vietnamese, English, short): by its file, and by its
    sheets too where two copies are in one file."""
    files = [name for name, *_ in copies]
    labels = {}
    for copy in copies:
        name = copy[0]
        if files.count(name) == 1:
            labels[copy] = (f"tệp {name}", name, name)
            continue
        sheets = ", ".join(f"'{sheet}'" for sheet in _sheets(blocks[copy]))
        labels[copy] = (f"trang tính {sheets} của tệp {name}", f"sheet {sheets} of {name}",
                        f"{name} {sheets}")
    return labels


def _copies_text(copies: list[tuple[str, int, int]]) -> tuple[str, str]:
    """Where the copies are: "2 tệp" (2 files), "2 trang tính của tệp a.xlsx"..."""
    files = sorted({name for name, *_ in copies})
    if len(files) == len(copies):
        return f"{len(copies)} tệp", f"{len(copies)} files"
    if len(files) == 1:
        return (f"{len(copies)} trang tính của tệp {files[0]}",
                f"{len(copies)} sheets of {files[0]}")
    return (f"{len(copies)} trang tính ở {len(files)} tệp",
            f"{len(copies)} sheets in {len(files)} files")


def _settle(copies: list[tuple[str, int, int]], blocks: dict, drop: dict, held: dict,
            flags: list[dict], labels: dict[str, str], dates: dict,
            copied_from: dict[str, set[str]]) -> None:
    """`copies` in the order of `_copy_order`: the first is the one an identical set keeps.
    `copied_from` gains, for each file of a copy not counted, the kept copy's file."""
    first = blocks[copies[0]].iloc[0]
    what = _report_name(first, labels)
    named = _copy_labels(copies, blocks)
    where_vi, where_en = _copies_text(copies)
    # A cell's summary row in one file and its roll-call in another say the same thing when
    # their members and those present agree (`_counts`, as in one workbook, `_settle_forms`):
    # compared person by person they never could, and were held out.
    mixed = len({str(shape) for copy in copies for shape in blocks[copy]["shape"]}) > 1
    # A unit's one row (the district's table) beside its report in several rows with no class
    # or cell to tell them (a sheet per class) is one report at two levels, as README says:
    # the same totals are counted once, from the detail (QA round 37: held out, "174/180"
    # said to differ from "174/180").
    sizes = [len(blocks[copy]) for copy in copies]
    levels = not mixed and 1 in sizes and max(sizes) > 1
    prints = [_counts(blocks[copy]) if mixed or levels else _fingerprint(blocks[copy])
              for copy in copies]
    if all(fingerprint == prints[0] for fingerprint in prints[1:]):
        if mixed:  # the roll-call is kept, as beside its summary in one workbook
            copies = sorted(copies, key=lambda copy: bool((blocks[copy]["shape"] != "roster")
                                                          .any()))
        if levels:  # the detail is kept
            copies = sorted(copies, key=lambda copy: len(blocks[copy]) == 1)
        kept = copies[0]
        kept_vi, kept_en, _ = named[kept]
        kept_date = _copy_date(kept, blocks[kept], dates)
        for copy in copies[1:]:
            if copy[0] != kept[0]:
                copied_from.setdefault(copy[0], set()).add(kept[0])
            reason = (f"báo cáo trùng: {what} giống hệt {kept_vi}, chỉ tính một lần "
                      f"(duplicate report, identical to {kept_en}: counted once)") \
                if not levels else (
                f"báo cáo trùng: {what} bằng tổng các dòng của {kept_vi}, chỉ tính một lần "
                f"theo các dòng đó (duplicate report: the sum of {kept_en}'s rows, counted "
                "once from them)")
            drop.update(dict.fromkeys(blocks[copy].index, reason))
            why_vi = why_en = ""
            if kept_date and _copy_date(copy, blocks[copy], dates) != kept_date:
                why_vi = f", bản đề ngày sớm nhất ({format_date(kept_date)})"
                why_en = f", the earliest dated ({kept_date})"
            flag = _flag(
                first["phase"], first["ward"], "duplicate_report",
                f"{what} có trong {where_vi} với "
                f"{'cùng tổng số' if levels else 'số liệu giống hệt'}; tính một lần theo "
                f"{kept_vi}{why_vi}, không tính lại theo {named[copy][0]} "
                f"({_english_name(first)} arrived in {where_en} with "
                f"{'the same totals' if levels else 'identical figures'}; counted once, from "
                f"{kept_en}{why_en}, not again from {named[copy][1]})",
                where=_where(blocks[copy]))
            if not levels and len(copies) == 2:
                # One line per file or sheet sent twice, not per cell (`_one_line_per_copy`).
                flag[_COPY_OF] = _CopyOf(named[kept], named[copy], (where_vi, where_en),
                                         (why_vi, why_en), first, blocks[copy])
            flags.append(flag)
        return
    # A copy holding a cell both as a summary row and as its roll-call gives its figures
    # once, from the roll-call: summed, "8/12" was a figure no sheet says (QA round 13 h01).
    shown = {copy: blocks[copy][blocks[copy]["shape"] == "roster"]
             if mixed and (blocks[copy]["shape"] == "roster").any()
             and (blocks[copy]["shape"] != "roster").any() else blocks[copy]
             for copy in copies}
    # Each copy's report date where the copies have different ones: which is the later
    # helps the unit say which stands (QA round 81 #3).
    copy_dates = {copy: _copy_date(copy, blocks[copy], dates) for copy in copies}
    dated = len(set(copy_dates.values()) - {None}) > 1
    figures_vi = "; ".join(f"{named[copy][2]}: {_figures(shown[copy], 'vi')}"
                           + (f", đề ngày {format_date(copy_dates[copy])}"
                              if dated and copy_dates[copy] else "")
                           for copy in copies)
    figures_en = "; ".join(f"{named[copy][2]}: {_figures(shown[copy], 'en')}"
                           + (f", dated {copy_dates[copy]}" if dated and copy_dates[copy]
                              else "")
                           for copy in copies)
    # A file whose name says it corrects another ("X (sửa).xlsx" beside "X.xlsx") is named
    # so: only the analyst may drop the old one, and should know it (QA round 43 #5).
    said_vi = said_en = ""
    for correction, original in correction_pairs([copy[0] for copy in copies]):
        said_vi += f"; tên tệp cho thấy {correction} là bản sửa của {original}"
        said_en += f"; the names say {correction} corrects {original}"
    for copy in copies:
        others = ", ".join(named[other][0] for other in copies if other != copy)
        reason = (f"báo cáo trùng với {others} nhưng số liệu khác nhau: chưa tính, chờ xác "
                  f"nhận số đúng (duplicate report with different figures: held out)")
        held.update(dict.fromkeys(blocks[copy].index, reason))
        flags.append(_flag(
            first["phase"], first["ward"], "duplicate_conflict",
            f"{what} có trong {where_vi} với số liệu khác nhau ({figures_vi}); chưa tính "
            f"bản nào vào tỷ lệ: đề nghị đơn vị xác nhận số đúng{said_vi} "
            f"({_english_name(first)} arrived in {where_en} with different figures "
            f"({figures_en}); none is counted until the unit confirms which stands{said_en})",
            where=_where(blocks[copy])))


# Words of a file's name that make it the newer of two copies of a report ("bao-cao (sửa)",
# "bo-de-gui-lai", "… mới", "… v2", "… điều chỉnh") or the older ("… cũ", "nháp").
_NEWER_FILE_WORDS = frozenset({"sua", "lai", "moi", "final", "chot", "v2", "v3", "chinh",
                               "cuoi"})
_OLDER_FILE_WORDS = frozenset({"cu", "old", "nhap", "draft"})
_TIMES = re.compile(r"(?<=\bsua) lan \d+\b|(?<=\blai) lan \d+\b")


def correction_pairs(files: Iterable[str], dates: Mapping[str, str | None] | None = None
                     ) -> list[tuple[str, str]]:
    """(correction, original) among files sending one report with different figures, where
    the names tell them apart by such words alone: "X (sửa).xlsx" corrects "X.xlsx", "X.xlsx"
    corrects "X cũ.xlsx"; or where the names are one ("X.xls" sent again as "X.xlsx") and
    their report dates (`dates`, ISO, by file) differ: the later corrects the earlier (QA
    round 83 #4). Only a hint: the suite still counts neither copy. The names are compared
    without their spaces and marks: "PhuDien GD1 v2.xlsx" corrects "phu-dien-gd1.xlsx" (QA
    round 86 #5)."""
    # "(sửa lần 2)": the time it was corrected is a word of the correction's, as "sửa" is
    # (QA round 98 #4: no pair, the commune asked which figures stand).
    words = {name: _TIMES.sub(" ", re.sub(r"[\W_]+", " ", fold(PurePosixPath(name).stem))
                              ).split()
             for name in set(files)}
    marks = _NEWER_FILE_WORDS | _OLDER_FILE_WORDS | VERSION_WORDS | {"dieu", "nhat", "cung"}
    by_base: dict[str, list[str]] = {}
    for name in sorted(words):
        by_base.setdefault("".join(word for word in words[name] if word not in marks),
                           []).append(name)
    pairs = []
    for names in by_base.values():
        newer = [name for name in names if _NEWER_FILE_WORDS & set(words[name])
                 and not _OLDER_FILE_WORDS & set(words[name])]
        older = [name for name in names if _OLDER_FILE_WORDS & set(words[name])
                 and not _NEWER_FILE_WORDS & set(words[name])]
        plain = [name for name in names if name not in newer and name not in older]
        if len(plain) == 1 and len(newer) + len(older) == 1 and len(names) == 2:
            pairs.append((newer[0], plain[0]) if newer else (plain[0], older[0]))
        elif dates and len(names) == 2 == len(plain) \
                and "".join(words[plain[0]]) == "".join(words[plain[1]]):
            earlier, later = sorted(plain, key=lambda name: dates.get(name) or "")
            if dates.get(earlier) and dates[earlier] != dates.get(later):
                pairs.append((later, earlier))
    return pairs


def _settle_levels(records: pd.DataFrame, drop: dict, held: dict, flags: list[dict],
                   labels: dict[str, str], non_members: pd.DataFrame | None = None) -> None:
    """A unit reported in one place as a whole (no class, no cell: the district's summary,
    a "Tổng hợp" sheet, a summary beside its roll-call) and elsewhere by class or cell; and
    so a class, as a whole (no cell: the district's list of classes) and by cell (QA round
    70 #3: counted twice, 629/651 for 313/324, without a word).

    Their keys differ, so `find_duplicates` never compares them, and added up they counted
    the unit twice. The same figures are one report: the detail is kept and the whole is a
    reject line naming it. Different figures are all held out, for the unit to say which
    stands. One sheet holding both (a unit's row over its cells' rows) is its own layout.

    `records` includes the copies `held` already holds out: a class sent twice with different
    figures leaves the whole matching the detail with either copy, and the whole is then a
    duplicate of the detail, the other classes still counted.

    A make-up class ("Lớp học bù") is no part of the whole: the unit's total covers its
    classes, the make-up class comes on top (`makeup_class` flags it).

    A whole that counted the non-members the detail lists apart (`non_members`: the
    district's "Tổng hợp" giving a class 380/360, its sheet 301/284 members and a
    "Quần chúng" row of 79/76) is the same report: the members are counted, by the detail
    (QA round 92 #2: both held out as differing)."""
    records = records[~is_makeup_class(records["session"])]
    whole = (records["cell"].isna() & records["session"].isna()).to_numpy()
    is_held = records.index.isin(list(held))
    for group in _units_in_both(records, whole, _held=is_held):
        _settle_level(group, drop, held, flags, labels, "unit", non_members)
    # Counts both: a summary beside its roll-call is `_settle_forms`'s.
    classed = records[(records["session"].notna() & (records["shape"] == "summary")).to_numpy()]
    if classed.empty:
        return
    for group in _units_in_both(classed, classed["cell"].isna().to_numpy(),
                                by=_classes_of_units(classed),
                                _held=classed.index.isin(list(held))):
        _settle_level(group, drop, held, flags, labels, "class", non_members)


def _classes_of_units(records: pd.DataFrame) -> np.ndarray:
    """A code per record of its class, as `report_sessions`, a class named for its own unit
    by its number alone: the district's "LỚP 5 - ĐẢNG ỦY PHƯỜNG TÂN LẬP" is Tân Lập's sheet
    "Lớp 5. ĐU phường Tân Lập" (QA round 93 #4: both counted, 130/120 for 65/60)."""
    pairs = records[["session", "ward"]].astype("string").fillna("")
    keys = {}
    for session, ward in set(zip(pairs["session"], pairs["ward"], strict=True)):
        held_for = CLASS_HELD_FOR.match(session)
        unit = core_name(fold(ward))
        keys[session, ward] = _group_key(f"lop {held_for['number']}") \
            if held_for and unit and re.search(rf"\b{re.escape(unit)}\b",
                                               fold(held_for["unit"])) \
            else _group_key(session)
    return pd.factorize(pd.Series([keys[pair] for pair in zip(
        pairs["session"], pairs["ward"], strict=True)], dtype=object))[0]


# How a whole and its detail are named, by level: (whole, detail) in each language.
_LEVEL_WORDS = {"unit": (("cả đơn vị", "lớp, chi bộ"), ("the unit", "class or cell")),
                "class": (("cả lớp", "chi bộ"), ("the class", "cell"))}


def _settle_level(group: pd.DataFrame, drop: dict, held: dict, flags: list[dict],
                  labels: dict[str, str], level: str,
                  non_members: pd.DataFrame | None = None) -> None:
    """One unit's (or class's) whole and detail (`_settle_levels`)."""
    (whole_vi, detail_vi), (whole_en, detail_en) = _LEVEL_WORDS[level]
    total, detail = group[group["_side"]], group[~group["_side"]]
    parts, disputed = detail[~detail["_held"]], detail[detail["_held"]]
    if total["_held"].any() or parts.empty or _share_a_sheet(total, detail):
        return
    first = total.iloc[0]
    what = _report_name(first, labels)
    total_at, parts_at = _where_text(total), _where_text(parts)
    sums = _detail_sums(parts, disputed)
    # The whole may have counted the non-members, the guests, or both, beside the members.
    with_them = {(expected + more[0], attended + more[1]): more
                 for more in _non_members_beside(parts, non_members)
                 for expected, attended in sums}
    if _counts(total) in sums | set(with_them):
        parts_en = "classes or cells" if level == "unit" else "cells"
        also_vi = also_en = members_vi = members_en = ""
        if _counts(total) not in sums:
            beside = with_them[_counts(total)]
            also_vi = f" cộng {beside[1]}/{beside[0]} quần chúng, khách mời"
            also_en = f" plus {beside[1]}/{beside[0]} non-members"
            members_vi, members_en = ", chỉ tính đảng viên", ", party members only"
        reason = (f"báo cáo trùng: {what} {whole_vi} ({_figures(total, 'vi')}) bằng tổng các "
                  f"{detail_vi} ở {parts_at[0]}{also_vi}, chỉ tính một lần{members_vi} "
                  f"(duplicate report: {whole_en}'s total equals the sum of its {parts_en} in "
                  f"{parts_at[1]}{also_en}: counted once{members_en})")
        drop.update(dict.fromkeys(total.index, reason))
        flags.append(_flag(
            first["phase"], first["ward"], "duplicate_report",
            f"{what} có cả số của {whole_vi} ở {total_at[0]} và số từng {detail_vi} ở "
            f"{parts_at[0]}{also_vi}, giống nhau; tính một lần theo từng {detail_vi}"
            f"{members_vi} ({_english_name(first)} arrived as a whole in {total_at[1]} and by "
            f"{detail_en} in {parts_at[1]}{also_en} with the same figures; counted once, by "
            f"{detail_en}{members_en})", where=_where(total)))
        return
    figures_vi = (f"{whole_vi}: {_figures(total, 'vi')}; theo {detail_vi}: "
                  f"{_figures(parts, 'vi')}")
    figures_en = (f"as a whole: {_figures(total, 'en')}; by {detail_en}: "
                  f"{_figures(parts, 'en')}")
    reason = (f"báo cáo trùng: {what} có cả số của {whole_vi} và số từng {detail_vi}, khác "
              f"nhau ({figures_vi}): chưa tính, chờ xác nhận số đúng ({whole_en} is reported "
              f"as a whole and by {detail_en} with different figures: held out)")
    held.update(dict.fromkeys([*parts.index, *total.index], reason))
    flags.extend(_flag(
        first["phase"], first["ward"], "duplicate_conflict",
        f"{what} có ở {total_at[0]} ({whole_vi}) và ở {parts_at[0]} (theo {detail_vi}) với "
        f"số liệu khác nhau ({figures_vi}); chưa tính vào tỷ lệ: đề nghị đơn vị xác nhận "
        f"số đúng ({_english_name(first)} arrived as a whole in {total_at[1]} and by "
        f"{detail_en} in {parts_at[1]} with different figures ({figures_en}); not "
        "counted until the unit confirms which stands)", where=_where(rows))
        for rows in (parts, total))


def _settle_forms(records: pd.DataFrame, drop: dict, held: dict, flags: list[dict],
                  labels: dict[str, str]) -> None:
    """A unit's summary table ("Tổng hợp": counts per cell) beside its roll-calls (a sheet
    per cell), with the same totals: one report in two forms, counted from the roll-calls;
    the summary's rows become reject lines naming them. Added, they counted every member
    twice. With different totals, the cells both forms give are compared one by one
    (`_settle_cells`); cells only one form gives are its own (some cells by roll-call,
    others in the table)."""
    summary = (records["shape"] == "summary").to_numpy()
    for group in _units_in_both(records, summary):
        table, lists = group[group["_side"]], group[~group["_side"]]
        if _share_a_sheet(table, lists):
            continue
        if _counts(table) != _counts(lists):
            _settle_cells(table, lists, drop, held, flags, labels)
            continue
        # The unit's whole table, not its first row's cell or class: the reason stands on
        # every row, with the table's figures (QA round 37: "lớp '05/3' (4/6)" on the row of
        # '12/3', 4/6 being both sessions').
        first = table.iloc[0].copy()
        for name in ("cell", "session"):
            first[name] = pd.NA if table[name].nunique(dropna=False) > 1 else first[name]
        what = _report_name(first, labels)
        table_at, lists_at = _where_text(table), _where_text(lists)
        reason = (f"báo cáo trùng: bảng tổng hợp của {what} ({_figures(table, 'vi')}) bằng tổng "
                  f"các danh sách điểm danh ở {lists_at[0]}, chỉ tính một lần (duplicate "
                  f"report: the summary equals the roll-calls in {lists_at[1]}: counted once)")
        drop.update(dict.fromkeys(table.index, reason))
        flags.append(_flag(
            first["phase"], first["ward"], "duplicate_report",
            f"{what} có cả bảng tổng hợp ở {table_at[0]} và danh sách điểm danh ở "
            f"{lists_at[0]}, cùng số liệu; tính một lần theo danh sách ({_english_name(first)} "
            f"arrived as a summary in {table_at[1]} and as roll-calls in {lists_at[1]} with "
            "the same figures; counted once, from the roll-calls)", where=_where(table)))


def _settle_cells(table: pd.DataFrame, lists: pd.DataFrame, drop: dict, held: dict,
                  flags: list[dict], labels: dict[str, str]) -> None:
    """The cells a unit's summary table and its roll-calls both give, cell by cell: the same
    figures are counted once, from the roll-call (the table's row a reject line naming it);
    other figures are both held out, for the unit to say which stands. A summary of three
    cells beside roll-calls of two counted the two twice (QA round 13)."""
    table_cells = table["cell"].astype("string").map(_group_key, na_action="ignore")
    list_cells = lists["cell"].astype("string").map(_group_key, na_action="ignore")
    for key in sorted(set(table_cells.dropna()) & set(list_cells.dropna())):
        row, people = table[table_cells == key], lists[list_cells == key]
        first = row.iloc[0]
        what = _report_name(first, labels)  # the cell's name included
        row_at, people_at = _where_text(row), _where_text(people)
        if _counts(row) == _counts(people):
            drop.update(dict.fromkeys(row.index, (
                f"báo cáo trùng: {what} trong bảng tổng hợp ({_figures(row, 'vi')}) bằng danh "
                f"sách điểm danh ở {people_at[0]}, chỉ tính một lần (duplicate report: the "
                f"summary's row equals the roll-call in {people_at[1]}: counted once)")))
            flags.append(_flag(
                first["phase"], first["ward"], "duplicate_report",
                f"{what} có cả trong bảng tổng hợp ở {row_at[0]} và danh sách điểm danh ở "
                f"{people_at[0]}, cùng số liệu; tính một lần theo danh sách "
                f"({_english_name(first)} arrived in the summary in {row_at[1]} "
                f"and as a roll-call in {people_at[1]} with the same figures; counted once, "
                "from the roll-call)", where=_where(row)))
            continue
        figures_vi = f"bảng tổng hợp: {_figures(row, 'vi')}; danh sách: {_figures(people, 'vi')}"
        figures_en = (f"summary: {_figures(row, 'en')}; roll-call: "
                      f"{_figures(people, 'en')}")
        held.update(dict.fromkeys([*row.index, *people.index], (
            f"báo cáo trùng: {what} có trong bảng tổng hợp và danh sách điểm danh, số liệu khác "
            f"nhau ({figures_vi}): chưa tính, chờ xác nhận số đúng (the cell is in the summary "
            f"and in a roll-call with different figures ({figures_en}): held out)")))
        flags.extend(_flag(
            first["phase"], first["ward"], "duplicate_conflict",
            f"{what} có trong bảng tổng hợp ở {row_at[0]} và danh sách điểm danh ở "
            f"{people_at[0]} với số liệu khác nhau ({figures_vi}); chưa tính vào tỷ lệ: đề "
            f"nghị đơn vị xác nhận số đúng ({_english_name(first)} is in the "
            f"summary in {row_at[1]} and in a roll-call in {people_at[1]} with different "
            f"figures ({figures_en}); held out until the unit confirms which is right)",
            where=_where(rows)) for rows in (row, people))


def _group_key(name: str) -> str:
    """The key a party cell's or class's name is compared by, however it is written: "CB1",
    "CB 1", "Chi bộ số 01" and "chi bo 1" are "chi bo 1"; "TDP" is "tổ dân phố", "Lớp 01" is
    "lop 1" (QA round 36: a re-sent report writing "CB1" for "Chi bộ 1" was added to it)."""
    text = clean_text(name)
    date = _SESSION_DATE.match(text)
    if date:  # "05/3", "5/3/2026", "05-03", "Ngày 5/3": the day, whatever the year (QA
        # rounds 37, 51: a copy headed "Ngày 12/9" where the first said "12/9" was added)
        return f"{int(date.group(1))}/{int(date.group(2))}"
    iso = _ISO_SESSION_DATE.match(text)
    if iso:  # "2025-09-12", as a CSV writes a date
        return f"{int(iso.group(3))}/{int(iso.group(2))}"
    key = re.sub(r"[^\w]+", " ", fold(text))
    # "Lớp II", "Chi bộ IV": numbered in Roman figures, as in Arabic ones (QA round 37).
    key = _ROMAN_NUMBER.sub(lambda found: f"{found.group(1)} {_roman_value(found.group(2))}",
                            key)
    key = re.sub(r"\bcb(?=\s|\d|$)", "chi bo ", key)
    key = re.sub(r"\bc bo(?=\s|\d|$)", "chi bo ", key)  # "C.bộ 1"
    key = re.sub(r"\btdp(?=\s|\d|$)", "to dan pho ", key)
    key = re.sub(r"(?<!co )\bso (?=\d)", "", key)  # "số 1", not "cơ sở 1"
    key = re.sub(r"\b0+(?=\d)", "", key)
    return " ".join(key.split())


_SESSION_DATE = re.compile(r"^(?:ngày\s+)?0*(\d{1,2})[/.-]0*(\d{1,2})(?:[/.-](?:\d{4}|\d{2}))?$",
                           re.IGNORECASE)
_ISO_SESSION_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?: 00:00:00)?$")
# A Roman number after the word it numbers, last: "lop ii", "chi bo iv", "to xii" ("chi bo xi
# mang", a cement works' cell, is no number).
_ROMAN_NUMBER = re.compile(r"\b(lop|bo|to|pho|cum|khu|doi|nhom)\s+([ivx]{1,5})(?=$| \d)")


def _roman_value(numeral: str) -> str:
    """"iv" -> "4"; a text no Roman number is stays as it is."""
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for position, letter in enumerate(numeral):
        value = values[letter]
        following = values[numeral[position + 1]] if position + 1 < len(numeral) else 0
        total += -value if value < following else value
    return str(total) if total > 0 else numeral


def _keyed(codes: np.ndarray, texts: list[str]) -> np.ndarray:
    """Codes (`_coded_text`) renumbered so that texts of one `_group_key` share one."""
    if not texts:
        return codes
    keyed = pd.factorize(pd.Series([_group_key(text) for text in texts], dtype=object))[0]
    return keyed.astype("int64")[codes]


def _units_in_both(records: pd.DataFrame, side: np.ndarray, by: np.ndarray | None = None,
                   **columns: np.ndarray) -> Iterator[pd.DataFrame]:
    """The rows of each (phase, unit), or (phase, unit, `by`: a code per row), that has rows
    on both sides of `side` (a row mask), marked `_side`, with `columns` alongside. Such
    units are found in one pass over the rows: a city has a thousand units, and few of them
    report two ways."""
    if not side.any() or side.all():
        return
    unit = _combined_codes([text_codes(records[name]) for name in ("phase", "ward")]
                           + ([by] if by is not None else []))
    both = np.isin(unit, np.intersect1d(unit[side], unit[~side]))
    marked = records[both].assign(_side=side[both], _unit=unit[both],
                                  **{name: values[both] for name, values in columns.items()})
    for _, group in marked.groupby(["phase", "ward", "_unit"], observed=True, sort=True):
        yield group


def _share_a_sheet(rows: pd.DataFrame, others: pd.DataFrame) -> bool:
    """Whether some rows of each come from one sheet: one table's own layout, not two
    reports."""
    return bool(set(zip(rows["source_file"], rows["sheet"], strict=True))
                & set(zip(others["source_file"], others["sheet"], strict=True)))


def _non_members_beside(parts: pd.DataFrame, non_members: pd.DataFrame | None
                        ) -> list[tuple[int, int]]:
    """(expected, attended) of the non-members refused on the detail's own sheets, of its
    phase and unit (`_settle_levels`): the non-members, the guests and both, where there
    are any."""
    if non_members is None or non_members.empty:
        return []
    first = parts.iloc[0]
    sheets = set(zip(parts["source_file"].astype(str), parts["sheet"].astype(str), strict=True))
    mine = non_members[[(str(file), str(sheet)) in sheets for file, sheet in zip(
        non_members["source_file"], non_members["sheet"], strict=True)]
        & (non_members["phase"].astype(str) == str(first["phase"])).to_numpy()
        & (non_members["ward"].astype(str) == str(first["ward"])).to_numpy()]
    guests = mine["guest"].to_numpy(dtype=bool)
    found = {(int(rows["expected"].fillna(0).sum()), int(rows["attended"].fillna(0).sum()))
             for rows in (mine[~guests], mine[guests], mine) if not rows.empty}
    return sorted(found)


def _counts(rows: pd.DataFrame) -> tuple[int, int]:
    """(expected, attended) of some rows, summed."""
    return int(rows["expected"].sum()), int(rows["attended"].sum())


def _detail_sums(parts: pd.DataFrame, disputed: pd.DataFrame) -> set[tuple[int, int]]:
    """(expected, attended) of the detail: the counted parts plus, for each class or cell
    held out, any one of its copies (a few combinations at most)."""
    sums = {_counts(parts)}
    for _, versions in disputed.groupby(["session", "cell"], sort=True, dropna=False):
        copies = {_counts(rows)
                  for _, rows in versions.groupby(["source_file", "sheet"], sort=True)}
        sums = {(expected + more_expected, attended + more_attended)
                for expected, attended in sums for more_expected, more_attended in copies}
    return sums


def _where_text(rows: pd.DataFrame) -> tuple[str, str]:
    """The files (and sheets) some rows come from, for a message: "tệp a.xlsx › Tổng hợp"."""
    places = sorted(set(zip(rows["source_file"], rows["sheet"], strict=True)))
    names = [f"{name} › {sheet}" for name, sheet in places]
    return f"tệp {', '.join(names)}", f"{', '.join(names)}"


# A summary row's report within its sheet: unit, class and cell of a phase.
_SHEET_REPORT_KEY = ["source_file", "sheet", "phase", "ward", "session", "cell"]


def _repeated_in_sheet(records: pd.DataFrame, figures: bool) -> pd.DataFrame:
    """The summary rows whose unit, class and cell (with `figures`, and figures) another
    row of their sheet repeats."""
    summary = records[records["shape"] != "roster"]
    codes = {name: text_codes(summary[name]) for name in _SHEET_REPORT_KEY}
    if figures:
        codes.update({name: summary[name].to_numpy() for name in COUNTS})
    return summary[pd.DataFrame(codes, index=summary.index).duplicated(keep=False).to_numpy()]


def _tables_copied_below(records: pd.DataFrame, drop: dict, flags: list[dict],
                         headers_below: dict[tuple[str, str], list[int]]) -> None:
    """A summary sheet's table copied lower on the same sheet (sorted by rate for a meeting,
    under a heading and its own header, or an Excel pivot table of it; QA round 44: "BẢNG
    XẾP THỨ TỰ THEO TỶ LỆ" under the signature, every ward counted twice, 710/682 for
    355/341). Where two units or more are
    listed again, each once, each with its figures, all below the last row they repeat, the
    rows below are that copy: counted once, from the table above, each a reject line naming
    its row, and a `duplicate_report` line for the sheet; so long as a header starts their
    table (`headers_below`, by file and sheet): the rows of one table under headings "I |
    Buổi 1", "II | Buổi 2" are two sessions, both counted (QA round 47: 90/88 for 180/176).
    A unit listed again with other figures leaves the sheet to the warnings (`unit_twice`,
    `duplicate_row`)."""
    repeated = _repeated_in_sheet(records, figures=False)
    for (source_file, sheet), rows in repeated.groupby(["source_file", "sheet"], sort=False,
                                                       observed=True):
        rows = rows.sort_values("source_row")
        keys = list(zip(*(text_codes(rows[name]).tolist()
                          for name in ("phase", "ward", "session", "cell")), strict=True))
        figures = list(zip(*(rows[name].astype("float64").fillna(-1).tolist()
                             for name in COUNTS), strict=True))
        source_rows = rows["source_row"].astype("int64").tolist()
        first: dict[tuple, int] = {}
        again: list[int] = []
        for position, key in enumerate(keys):
            if key in first:
                again.append(position)
            else:
                first[key] = position
        table = [source_rows[position] for position in first.values()]  # the table above
        table_end = max(table)
        if len(again) < 2 or len(again) * 2 != len(keys) \
                or min(source_rows[position] for position in again) <= table_end \
                or any(figures[position] != figures[first[keys[position]]]
                       for position in again) \
                or not any(table_end < row <= source_rows[again[0]]
                           for row in headers_below.get((source_file, sheet), ())):
            continue
        for position in again:
            above = source_rows[first[keys[position]]]
            drop[rows.index[position]] = (
                f"báo cáo trùng: bảng chép lại phía dưới trang tính nhắc lại dòng {above}, cùng "
                f"số liệu; chỉ tính một lần (duplicate report: the table copied lower on the "
                f"sheet repeats row {above}: counted once)")
        start, end = source_rows[again[0]], source_rows[again[-1]]
        top = min(table)
        row = rows.iloc[again[0]]
        flags.append(_flag(
            row["phase"], row["ward"], "duplicate_report",
            f"trang tính '{sheet}' của tệp {source_file} chép lại ở dòng {start}–{end} bảng ở "
            f"dòng {top}–{table_end} ({len(again)} đơn vị, cùng số liệu); tính một lần theo "
            f"bảng ở trên (sheet '{sheet}' of {source_file} repeats in rows {start}–{end} the "
            f"table of rows {top}–{table_end}, {len(again)} units with the same figures; counted "
            "once, from the table above)",
            where={"source_file": source_file, "sheet": sheet, "source_row": start}))


def _repeated_rows(records: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """`duplicate_row` warnings: rows of one summary sheet with the same unit, class, cell
    and figures. Both stay counted: two classes or two cells can match when the sheet has no
    column telling them apart, and only the unit can say whether one is a pasted copy."""
    rows = _repeated_in_sheet(records, figures=True)
    flags = []
    for _, same in rows.groupby([*_SHEET_REPORT_KEY, *COUNTS], sort=True, dropna=False,
                                observed=True):
        same = same.sort_values("source_row")
        first = same.iloc[0]
        numbers = [int(row) for row in same["source_row"]]
        rows_vi = ", ".join(map(str, numbers[:-1])) + f" và {numbers[-1]}"
        rows_en = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
        all_vi = "cả hai dòng" if len(numbers) == 2 else f"cả {len(numbers)} dòng"
        all_en = "both are" if len(numbers) == 2 else f"all {len(numbers)} are"
        figures_vi, figures_en = _figures(same.iloc[:1], "vi"), _figures(same.iloc[:1], "en")
        flags.append(_flag(
            first["phase"], first["ward"], "duplicate_row",
            f"các dòng {rows_vi} của trang tính '{first['sheet']}' giống hệt nhau "
            f"({_report_name(first, labels)}: {figures_vi}); {all_vi} đều được "
            f"tính. Nếu là hai lớp khác nhau, đề nghị đơn vị ghi rõ lớp; nếu là dòng chép thừa, "
            f"đề nghị xóa bớt và gửi lại (rows {rows_en} of sheet '{first['sheet']}' are "
            f"identical ({_english_name(first)}: {figures_en}); {all_en} "
            "counted: if they are different classes, ask the unit to name them; if one is a "
            "pasted copy, ask the unit to delete it)",
            where={"source_file": first["source_file"], "sheet": first["sheet"],
                   "source_row": numbers[-1]}))
    return flags


def _people_in_two_cells(records: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """`person_in_two_cells` warnings, one per unit and phase: names in the
    roll-calls of two party cells or more of it. All rows stay counted, since two members
    may share a name; a member listed in both cells is counted twice, and was said nothing
    of (QA round 34: 4/4 for 3/3). Worked on integer codes, no frame of the city's million
    roll-call rows built."""
    if "person_key" not in records or records.empty:
        return []
    positions = np.flatnonzero(((records["shape"] == "roster")
                                & records["person_key"].notna()).to_numpy())
    if not len(positions):
        return []
    # Per unit and phase, whatever the class or session: a roll-call with a column per
    # session listed the same name under two cells in each, one warning a session (QA round
    # 58 #5).
    unit = _combined_codes([text_codes(records[name])[positions]
                            for name in ("phase", "ward")])
    person = _combined_codes([unit, text_codes(records["person_key"])[positions]])
    cell_codes, cell_names = _coded_text(records["cell"])
    cell = cell_codes[positions]
    width = int(cell.max()) + 1
    in_cells = np.bincount(pd.unique(person * width + cell) // width)
    repeated = np.flatnonzero(in_cells[person] > 1)
    if not len(repeated):
        return []
    unit_of_person = np.zeros(len(in_cells), dtype="int64")
    unit_of_person[person] = unit
    names_per_unit = np.bincount(unit_of_person[np.flatnonzero(in_cells > 1)])
    by_person = repeated[np.argsort(person[repeated], kind="stable")]
    sorted_people = person[by_person]
    where_codes = {name: _coded_text(records[name]) for name in ("source_file", "sheet")}
    rows_of = records["source_row"].to_numpy()
    _, firsts = np.unique(unit[repeated], return_index=True)
    firsts = sorted(repeated[firsts].tolist())
    # Each unit's report named from one row, a dict, not the record's pandas row (a
    # millisecond each, for hundreds of units in a city).
    named = records[["phase", "ward", "person_key"]].iloc[positions[firsts]]
    flags = []
    for first, (phase, ward, key) in zip(firsts, named.itertuples(index=False, name=None),
                                         strict=True):
        chosen = person[first]
        low, high = np.searchsorted(sorted_people, [chosen, chosen + 1])
        example = positions[np.sort(by_person[low:high])]
        places = sorted((where_codes["source_file"][1][where_codes["source_file"][0][row]],
                         where_codes["sheet"][1][where_codes["sheet"][0][row]],
                         int(rows_of[row])) for row in example.tolist())
        cells = ", ".join(f"'{name}'" for name in dict.fromkeys(
            cell_names[code] for code in cell_codes[example].tolist()))
        whole = {"phase": phase, "ward": ward, "session": "", "cell": ""}  # the unit's
        names = int(names_per_unit[unit[first]])
        flags.append(_flag(
            whole["phase"], whole["ward"], "person_in_two_cells",
            f"{names} tên có trong danh sách của hơn một chi bộ ({_report_name(whole, labels)}"
            f"), ví dụ [người {key}] ở {cells}: đều được tính. Nếu là một người, đề nghị đơn "
            "vị bỏ bớt dòng thừa; nếu là những người trùng tên, ghi thêm năm sinh "
            f"({names} name(s) listed under more than one cell of {_english_name(whole)}, "
            f"e.g. [person {key}] under {cells}: all counted; if one person, ask the unit to "
            "drop the extra rows; if namesakes, to add their years of birth)",
            where=dict(zip(("source_file", "sheet", "source_row"), places[-1], strict=True))))
    return flags


def _repeated_units(records: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """`unit_twice` warnings: a unit on two rows or more of one summary sheet, same class and
    cell, with different figures. All are counted (two classes may lack a column telling
    them apart), but a form answered again ("Câu trả lời biểu mẫu", a Google Forms export)
    or an old row hidden above its correction counts the unit twice: QA round 14 k49 and
    k25 put a ward at 148/160 for 78/80, without a word."""
    rows = _repeated_in_sheet(records, figures=False)
    flags = []
    for _, same in rows.groupby(_SHEET_REPORT_KEY, sort=True, dropna=False, observed=True):
        if len(same[list(COUNTS)].drop_duplicates()) < 2:
            continue  # identical rows: `duplicate_row`
        same = same.sort_values("source_row")
        first = same.iloc[0]
        each = {lang: "; ".join(f"{'dòng' if lang == 'vi' else 'row'} {int(row['source_row'])}: "
                                f"{_figures(same.loc[[index]], lang)}"
                                for index, row in same.iterrows()) for lang in ("vi", "en")}
        flags.append(_flag(
            first["phase"], first["ward"], "unit_twice",
            f"{_report_name(first, labels)} có {len(same)} dòng với số liệu khác nhau trong "
            f"trang tính '{first['sheet']}' ({each['vi']}); tất cả đều được tính. Nếu một dòng "
            "là bản sửa của dòng kia (biểu mẫu gửi lại, dòng cũ bị ẩn), hãy xóa dòng cũ rồi "
            "chạy lại; nếu là các lớp khác nhau, hãy ghi rõ lớp "
            f"({_english_name(first)} is on {len(same)} rows with different figures in sheet "
            f"'{first['sheet']}' ({each['en']}); all are counted: if one corrects another (a "
            "form sent again, an old row hidden), delete the old one and re-run; if they are "
            "different classes, name them)",
            where={"source_file": first["source_file"], "sheet": first["sheet"],
                   "source_row": int(same["source_row"].iloc[-1])}))
    return flags


# A sheet named for a part of a unit's report, folded: a class ("Lớp sáng"), a session
# ("Buổi 1", dates: `sheet_session`), a party cell or residential group ("Chi bộ 2", "TDP 3").
_PART_SHEET = re.compile(r"^(?:lop|class|buoi|session|chi bo|cb ?\d|to dan pho|tdp|to \d)")
# A sheet named as the file's summary of its other sheets (`sheet_base` of its name).
_SUMMARY_SHEET = re.compile(r"^(?:tong hop|bang tong hop|th|tong|tong cong|toan (?:quan|huyen|"
                            r"dang bo|phuong|xa)|summary|total)\b")


def _units_in_sheets(records: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """`unit_in_sheets` warnings: a unit in two summary sheets or more of one file, same
    phase, class and cell, the sheets named for no class, session or cell ("Sheet1",
    "Sheet2"). Sheets of one file are parts of one report and are summed ("Lớp sáng", "Lớp
    chiều"), but two sheets listing the same wards under names that say nothing are as often
    both phases, two sessions of the same members or an old version beside the new: Bồ Đề at
    145/160 for 75/80 and 70/80, without a word (QA note of the eleventh session)."""
    summary = records[records["shape"] != "roster"]
    if summary.empty:
        return []
    keys = ["source_file", "phase", "ward", "session", "cell"]
    codes = pd.DataFrame({name: text_codes(summary[name]) for name in keys},
                         index=summary.index)
    sheets = pd.Series(text_codes(summary["sheet"]), index=summary.index)
    spread = sheets.groupby([codes[name] for name in keys], sort=False).transform("nunique")
    rows = summary[(spread > 1).to_numpy()]
    flags = []
    for _, same in rows.groupby(keys, sort=True, dropna=False, observed=True):
        names = list(dict.fromkeys(same["sheet"].astype(str)))
        if all(_PART_SHEET.match(fold(name)) or names_a_session(name)
               or (sheet_session(name) and not fold(name).startswith("thang "))
               for name in names):
            continue
        first, last = same.iloc[0], same.iloc[-1]
        each = {lang: "; ".join(f"'{name}': {_figures(same[same['sheet'] == name], lang)}"
                                for name in names) for lang in ("vi", "en")}
        file_name = PurePosixPath(str(first["source_file"])).name
        flags.append(_flag(
            first["phase"], first["ward"], "unit_in_sheets",
            f"{_report_name(first, labels)} có ở {len(names)} trang tính của tệp {file_name} "
            f"({each['vi']}); tất cả đều được tính, {_figures(same, 'vi')}. Nếu các trang là "
            "các lớp khác nhau, hãy đặt tên trang theo lớp ('Lớp sáng'); nếu là các buổi của "
            "cùng đảng viên, 'Buổi 1', 'Buổi 2'; nếu là giai đoạn khác hoặc bản cũ, hãy tách "
            f"hoặc xóa trang đó rồi chạy lại ({_english_name(first)} is in {len(names)} sheets "
            f"of {file_name} ({each['en']}); all are counted, {_figures(same, 'en')}: if the "
            "sheets are different classes, name them so ('Lớp sáng'); if sessions of the same "
            "members, 'Buổi 1', 'Buổi 2'; if another phase or an old version, move or delete "
            "that sheet and re-run)",
            where={"source_file": last["source_file"], "sheet": last["sheet"],
                   "source_row": int(last["source_row"])}))
    return flags


# The key of a `duplicate_report` line for a whole file sent twice, of one of its parts.
_COPY_OF = "_copy_of"


class _CopyOf(NamedTuple):
    """What `_one_line_per_copy` needs of one part's `duplicate_report` line."""

    kept: tuple[str, str, str]  # how the kept copy is named (`_copy_labels`)
    copy: tuple[str, str, str]  # how the copy not counted is named
    where: tuple[str, str]  # where the copies are, Vietnamese and English (`_copies_text`)
    why: tuple[str, str]  # why the kept copy is kept ("", or its earlier date)
    first: pd.Series  # the part's first row
    rows: pd.DataFrame  # the copy's rows of the part


def _one_line_per_copy(flags: list[dict], labels: dict[str, str]) -> list[dict]:
    """A unit's file (or sheet) sent twice, word for word, is one `duplicate_report` line
    naming the parts it holds, not one line per party cell, class or session (QA round 78:
    eight lines, each sent back to the ward, for one file of eight cells forwarded twice;
    QA round 82 #6: a hidden draft sheet, a line per session)."""
    groups: dict[tuple, list[dict]] = {}
    for flag in flags:
        if _COPY_OF in flag:
            part = flag[_COPY_OF]
            groups.setdefault((flag["phase"], flag["ward"], part.kept, part.copy, part.why),
                              []).append(flag)
    merged = {}
    for group in groups.values():
        if len(group) == 1:
            continue
        parts = [flag[_COPY_OF] for flag in group]
        kept, copy, (where_vi, where_en), (why_vi, why_en), first, _ = parts[0]
        parts_vi = ", ".join(_part_name(part.first) for part in parts)
        parts_en = ", ".join(_part_name(part.first, "en") for part in parts)
        merged[id(group[0])] = _flag(
            first["phase"], first["ward"], "duplicate_report",
            f"{_unit_report_name(first, labels)} ({len(group)} phần: {parts_vi}) có trong "
            f"{where_vi} với số liệu giống hệt; tính một lần theo {kept[0]}{why_vi}, không "
            f"tính lại theo {copy[0]} ({_unit_report_name(first, labels, 'en')} "
            f"({len(group)} parts: {parts_en}) arrived in {where_en} with identical figures; "
            f"counted once, from {kept[1]}{why_en}, not again from {copy[1]})",
            where=_where(pd.concat([part.rows for part in parts])))
        for flag in group[1:]:
            merged[id(flag)] = None
    return [{name: value for name, value in merged.get(id(flag), flag).items()
             if name != _COPY_OF}
            for flag in flags if merged.get(id(flag), flag) is not None]


def _part_name(row: pd.Series, lang: str = "vi") -> str:
    """A report's class and cell, without its unit and phase: "lớp 'Lớp 1' 'Chi bộ 2'"."""
    return " ".join(_part_names(row, lang))


def _part_names(row: pd.Series, lang: str = "vi") -> list[str]:
    parts = []
    if _present(row["session"]):
        parts.append(f"{'lớp' if lang == 'vi' else 'class'} '{row['session']}'")
    if _present(row["cell"]):
        parts.append(f"'{row['cell']}'")
    return parts


def _unit_report_name(row: pd.Series, labels: dict[str, str], lang: str = "vi") -> str:
    """"báo cáo giai đoạn 1 của Bồ Đề" (by the phases' `labels`), "the phase 1 report of
    Bồ Đề": a report named by its phase and unit alone."""
    if lang != "vi":
        return f"the phase {row['phase']} report of {row['ward']}"
    phase = labels.get(row["phase"], f"giai đoạn {row['phase']}")
    return f"báo cáo {in_sentence(phase)} của {row['ward']}"


def _report_name(row: pd.Series, labels: dict[str, str]) -> str:
    return ", ".join([_unit_report_name(row, labels), *_part_names(row)])


def _english_name(row: pd.Series) -> str:
    return ", ".join([_unit_report_name(row, {}, "en"), *_part_names(row, "en")])


def _figures(block: pd.DataFrame, lang: str) -> str:
    expected, attended = int(block["expected"].sum()), int(block["attended"].sum())
    present = "có mặt" if lang == "vi" else "attended"
    return f"{format_count(attended, lang)}/{format_count(expected, lang)} {present}"


def _repeat_lines(rows: pd.DataFrame, reasons: dict[int, str], lang: str = "vi"
                  ) -> pd.DataFrame:
    """Reject lines for identical extra copies; `raw` spells out the counts of the record."""
    lines = pd.DataFrame({
        "source_file": rows["source_file"],
        "sheet": rows["sheet"],
        "source_row": rows["source_row"],
        "reason": [reasons[index] for index in rows.index],
        "raw": [_record_text(row, lang) for _, row in rows.iterrows()],
    })
    return lines.reset_index(drop=True)


def _record_text(row: pd.Series, lang: str = "vi") -> str:
    parts = [str(row["ward"])]
    parts += [str(row[name]) for name in ("session", "cell") if _present(row[name])]
    if "person_key" in row and _present(row["person_key"]):
        parts.append(f"[{person_word(lang)} {row['person_key']}]")
    parts += [f"{name}={int(row[name])}" for name in COUNTS]
    return " | ".join(parts)


def _held_out_frame(rows: pd.DataFrame, reasons: dict[int, str]) -> pd.DataFrame:
    frame = rows.assign(reason=[reasons[index] for index in rows.index])
    return frame.sort_values(["source_file", "sheet", "source_row"], kind="stable"
                             ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Completeness and timeliness
# --------------------------------------------------------------------------------------------


def completeness(campaign: Campaign, records: pd.DataFrame, held_out: pd.DataFrame,
                 files: list[dict], rejected: pd.DataFrame | None = None,
                 rows_to_fix: Iterable[tuple[str, str]] = (),
                 phase_unknown: Iterable[tuple[str, str, str, str]] = (),
                 refused: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (phase, unit) expected to report or heard from: who sent what, and when.

    `rejected` (`rejected_reports`) holds the rows of expected units that sent rows in a
    phase, every one rejected: such a unit is `rejected`, not `missing` (it did send a
    report), and not `reported` either (nothing of it is counted).

    A unit with rows counted and rows held out (one class sent twice with different figures)
    is `partly_held_out`: it reported (`reported` is True, it counts among the units that
    reported), but its rate leaves the held-out members out until the unit says which copy
    stands. With every row held out it is `held_out`.

    A unit with rows counted and rows rejected that it has to correct (`rows_to_fix`, by
    phase and unit) is `partly_rejected`: it reported, but its rate leaves those rows out
    (QA round 42: a cell's row refused, 50 ≠ 48 + 1, and the ward "reported" everywhere,
    its rate and the phase's off by that cell).

    A `rejected` unit's sheets whose refused rows have no phase (`phase_unknown`) are not
    judged late or on time: they are its rows in every phase, and were sent for one of them
    only.

    `refused`: the run's rejects and copies dropped; a unit's sheet whose rows of it were all
    refused or dropped as a copy still dates its file's undated sheets (`_dated_by_file`).
    """
    to_fix = set(rows_to_fix)
    guessed = set(phase_unknown)
    dates = report_dates(files)
    sent = sent_dates(files)
    kinds = {unit.name: unit.kind for unit in campaign.units}
    # One grouping of the rows, not a filter of a million rows per unit and phase.
    own_sheets = sheets_by_unit(records)
    held_sheets = sheets_by_unit(held_out)
    held_rows = _rows_by_unit(held_out)
    rejected_sheets = sheets_by_unit(rejected) if rejected is not None else {}
    refused_sheets = sheets_by_unit(refused) if refused is not None else {}
    rows = []
    for phase in campaign.phases:
        expected = [unit.name for unit in campaign.expected_units(phase.id)]
        listed_units = set(expected)
        heard = {unit for phase_id, unit in [*own_sheets, *held_sheets] if phase_id == phase.id}
        for unit in dict.fromkeys([*expected, *sorted(heard - listed_units)]):
            own = own_sheets.get((phase.id, unit), [])
            held = held_rows.get((phase.id, unit), 0)
            listed = unit in listed_units
            refused = rejected_sheets.get((phase.id, unit), []) if listed else []
            if own:
                status = ("partly_held_out" if held else "partly_rejected"
                          if (phase.id, unit) in to_fix else "reported") if listed \
                    else "unexpected"
            elif held:
                status = "held_out"
            elif refused:
                status = "rejected"
            else:
                status = "missing"
            sheets = own or held_sheets.get((phase.id, unit), []) or refused
            by_file = _dated_by_file(sheets, dates, refused_sheets.get((phase.id, unit), ()))
            timing = _timeliness([(day, "sent") if (day := sent.get(sheet, {}).get(
                phase.id, {}).get(unit)) else dated
                for sheet, dated in zip(sheets, by_file, strict=True)], phase.deadline)
            if status == "rejected":
                # A report of no phase, dated 1/11, was "late by 37 days" in phase 1 and on
                # time in phase 2 (QA round 51 #9), and decided a phase whose own report
                # was dated in time (QA round 53 #7).
                # Nor a file never read (a photo, a file refused whole): what date it bears
                # is not known, and "the report carries no date" would be untrue (QA round
                # 54 #5).
                judged = [sheet for sheet in sheets
                          if (phase.id, unit, *_sheet_key(sheet)) not in guessed
                          and _sheet_key(sheet)[1]]
                if judged:
                    timing = _timeliness([dates.get(sheet, (None, None)) for sheet in judged],
                                         phase.deadline)
                else:
                    timing.update(timeliness="", days_late=pd.NA)
            rows.append({
                "phase": phase.id,
                "ward": unit,
                "kind": kinds.get(unit) or (_first_kind(records, phase.id, unit) if own
                                            else pd.NA),
                "reported": status in (*COUNTED_STATUSES, "unexpected"),
                "source_files": "; ".join(sorted({name for name, _ in sheets})),
                "status": status,
                "expected_to_report": listed,
                "rows_held_out": held,
                "deadline": phase.deadline.isoformat() if phase.deadline else "",
                **timing,
            })
    table = pd.DataFrame(rows, columns=list(COMPLETENESS_COLUMNS))
    table["rows_held_out"] = table["rows_held_out"].astype("int64")
    table["days_late"] = table["days_late"].astype("Int64")
    return _ordered(table, campaign)


def rejected_reports(campaign: Campaign, records: pd.DataFrame, held_out: pd.DataFrame,
                     rejects: pd.DataFrame, files: list[dict] = ()) -> pd.DataFrame:
    """The rejected rows (REJECTED_COLUMNS) of each unit expected in a phase that has no row
    counted or held out there, but sent rows that were all rejected: "Ngọc Lâm 50 | 55"
    rejected (attended > expected) is Ngọc Lâm's report, refused, not a report never sent.

    A reject line knows its unit and phase when the parse could tell them: rows whose unit
    is unknown belong to no unit; a file refused whole ("no table", unreadable) belongs to
    the unit its [[sources]] rule or its name gives (sheet.file_report). Rows whose unit is
    known but not their phase ("không rõ giai đoạn") are the unit's in every phase it has
    nothing counted in: which phase they were sent for cannot be told, but they were sent,
    and the unit is not to be chased for a report it made (QA round 14 k08). A row that
    says the unit has not reported (NOT_REPORTED_REASON), or gives no figure
    (NO_FIGURES_REASON), is none of its reports. The rows of a table of phases side by side
    (`files`' sheets' `phases_side_by_side`) are their units' in the phases it names only
    (QA round 69 #3).
    """
    counted = {*_rows_by_unit(records), *_rows_by_unit(held_out)}
    wanted = {(phase.id, unit.name) for phase in campaign.phases
              for unit in campaign.expected_units(phase.id)} - counted
    if not wanted or rejects.empty:
        return _rejected_frame(None)
    # A row saying the unit has not reported is no report of it (QA round 68 #2).
    rejects = rejects[~rejects["reason"].astype("string").fillna("").str.startswith(
        (NOT_REPORTED_REASON, NO_FIGURES_REASON)).to_numpy(dtype=bool)]
    if rejects.empty:
        return _rejected_frame(None)
    # A row of several units together is each one's (`units_together`).
    together = [units_together(reason) for reason in rejects["reason"].tolist()]
    if any(together):
        rejects = pd.concat([rejects, *(rejects.iloc[[position]].assign(ward=unit)
                                        for position, units in enumerate(together)
                                        for unit in units[1:])], ignore_index=True)
    phases = rejects["phase"].astype("string").fillna("")
    wards = rejects["ward"].astype("string").fillna("")
    chosen = [rejects[[key in wanted for key in zip(phases, wards, strict=True)]]]
    no_phase = rejects[(phases == "").to_numpy() & (wards != "").to_numpy()]
    named = {(entry["file"], sheet["sheet"]): set(sheet["phases_side_by_side"])
             for entry in files for sheet in entry.get("sheets", ())
             if sheet.get("phases_side_by_side")}
    for phase in campaign.phases:
        mine = no_phase[[(phase.id, ward) in wanted and phase.id in named.get(
            (source_file, sheet), {phase.id}) for ward, source_file, sheet in zip(
                no_phase["ward"], no_phase["source_file"], no_phase["sheet"], strict=True)]]
        if not mine.empty:
            chosen.append(mine.assign(phase=phase.id))
    return _rejected_frame(pd.concat(chosen))


def phase_unknown(campaign: Campaign, rejects: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    """(phase, unit, file, sheet) of the sheets whose rejected rows `rejected_reports` gives
    a unit in a phase only as rows of no phase (in every phase it has nothing counted in)."""
    if rejects.empty:
        return set()
    phases, wards, names, sheets = (rejects[name].astype("string").fillna("")
                                    for name in ("phase", "ward", "source_file", "sheet"))
    placed = set(zip(phases, wards, names, sheets, strict=True))
    unplaced = {(ward, name, sheet) for phase, ward, name, sheet
                in zip(phases, wards, names, sheets, strict=True) if not phase and ward}
    return {(phase.id, ward, name, sheet) for phase in campaign.phases
            for ward, name, sheet in unplaced if (phase.id, ward, name, sheet) not in placed}


def _sheet_key(sheet: tuple[str, object]) -> tuple[str, str]:
    """A (file, sheet) pair as `phase_unknown` keys it: a file refused whole has no sheet."""
    name, sheet_name = sheet
    return str(name), "" if pd.isna(sheet_name) else str(sheet_name)


def rows_to_fix(rejects: pd.DataFrame) -> Counter:
    """How many rejected rows each (phase, unit) has to correct: not a guest, a non-member,
    an exempt member or a report's extra copy, which are left out as meant
    (`_LEFT_OUT_AS_MEANT`)."""
    if rejects.empty:
        return Counter()
    rows = rejects[(rejects["source_row"].notna() & rejects["phase"].notna()
                    & rejects["ward"].notna()).to_numpy(dtype=bool) & _to_fix(rejects)]
    return Counter(zip(rows["phase"].astype(str), rows["ward"].astype(str), strict=True))


def lines_to_fix(rejects: pd.DataFrame) -> int:
    """How many lines of rejects.csv a unit has to fix: not those left out as meant
    (`_LEFT_OUT_AS_MEANT`), files refused whole included."""
    return int(_to_fix(rejects).sum()) if not rejects.empty else 0


def _to_fix(rejects: pd.DataFrame) -> np.ndarray:
    """Whether each reject is one to fix: its reason none of `_LEFT_OUT_AS_MEANT`."""
    reasons = rejects["reason"].astype("string").fillna("")
    return ~reasons.str.startswith(_LEFT_OUT_AS_MEANT).to_numpy(dtype=bool)


def members_not_expected(rejects: pd.DataFrame,
                         reasons_given: tuple[str, ...] = (EXEMPT_REASON, *NOT_EXPECTED_REASONS)
                         ) -> Counter:
    """How many people each (phase, unit)'s lists say moved away, are exempt or died: rows
    left out as meant (`NOT_EXPECTED_REASONS`, `EXEMPT_REASON`), a person's row once however
    many sessions it was refused for. With (MOVED_IN_REASON,) those who moved in, known by
    a session before their arrival."""
    if rejects.empty:
        return Counter()
    reasons = rejects["reason"].astype("string").fillna("")
    rows = rejects[(reasons.str.startswith(reasons_given)
                    & rejects["source_row"].notna() & rejects["phase"].notna()
                    & rejects["ward"].notna()).to_numpy(dtype=bool)]
    people = rows.drop_duplicates(["source_file", "sheet", "source_row"])
    return Counter(zip(people["phase"].astype(str), people["ward"].astype(str), strict=True))


def follow_up_rows(rejects: pd.DataFrame, copy_files: Mapping[str, str] | None = None
                   ) -> pd.DataFrame:
    """Every rejected row to follow up (REJECTED_COLUMNS), whether or not its unit had other
    rows counted: "Bồ Đề, Lớp 2, 20 | x" is Bồ Đề's to correct even when its Lớp 1 was
    counted. A row of a known unit but no phase is the unit's too (with no phase), and so is
    a whole file refused that its name gives to the unit (QA round 34: its follow-up sheet
    said "every row rejected, reasons in rejects.csv" and gave none). A row of no known unit
    ("Phường Không Tồn Tại") is someone's to correct too, with no unit (QA round 38: it was
    on no sheet). The identical extra copies of a report (`duplicate_report`) are not: they
    are counted once, nothing to fix.

    A file that is a copy of another (`copy_files`: a Google Forms export as .xlsx and as
    .csv) has its rejected rows in both: a row of the copy refused where the other file's
    same row (same phase, unit and row number) is refused too is one line, the other
    file's, naming the copy (`copy_file`); QA round 85 #6: "2 to fix" for one answer."""
    if rejects.empty or not {"phase", "ward"} <= set(rejects.columns):
        return _rejected_frame(None)
    copies = rejects["ward"].isna() & rejects["reason"].astype("string").str.startswith(
        _IDENTICAL_COPY, na=False)
    rows = rejects[~copies].reset_index(drop=True)
    copy_file = pd.Series(pd.NA, index=rows.index, dtype="string")
    if copy_files:
        keys = list(zip(rows["source_file"].astype("string").fillna(""),
                        rows["phase"].astype("string").fillna(""),
                        rows["ward"].astype("string").fillna(""),
                        rows["source_row"].astype("Int64").fillna(-1), strict=True))
        position_of = {key: position for position, key in enumerate(keys)}
        merged = []
        for position, (file, *where) in enumerate(keys):
            original = position_of.get((copy_files.get(file), *where)) if where[2] >= 0 \
                else None
            if original is not None:
                merged.append(position)
                copy_file.iloc[original] = file
        rows = rows.assign(copy_file=copy_file).drop(index=merged)
    return _rejected_frame(rows)


def _rejected_frame(rows: pd.DataFrame | None) -> pd.DataFrame:
    """REJECTED_COLUMNS as text (source_row a nullable integer), in file and row order."""
    if rows is None:
        rows = pd.DataFrame({name: pd.Series(dtype="string") for name in REJECTED_COLUMNS})
    frame = pd.DataFrame({name: (rows[name] if name in rows.columns  # copy_file: its own
                                 else pd.Series(pd.NA, index=rows.index))
                          .astype("Int64" if name == "source_row" else "string")
                          for name in REJECTED_COLUMNS})
    return frame.sort_values(["source_file", "sheet", "source_row"], kind="stable"
                             ).reset_index(drop=True)


def sheets_by_unit(rows: pd.DataFrame) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(phase, unit) -> the sorted (source_file, sheet) pairs its rows come from, from one
    grouping of the rows; a (phase, unit) without rows has no key."""
    if rows.empty:
        return {}
    pairs = rows.groupby(["phase", "ward", "source_file", "sheet"], observed=True, sort=False,
                         dropna=False).size().index
    sheets: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for phase, unit, name, sheet in pairs:
        sheets.setdefault((phase, unit), []).append((name, sheet))
    return {key: sorted(found) for key, found in sheets.items()}


def _rows_by_unit(rows: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(phase, unit) -> how many rows it has."""
    if rows.empty:
        return {}
    counts = rows.groupby(["phase", "ward"], observed=True, sort=False).size()
    return {key: int(count) for key, count in counts.items()}


def _first_kind(records: pd.DataFrame, phase: str, unit: str):
    """The kind on a unit's first row: for units campaign.toml does not list (rare)."""
    return records.loc[(records["phase"] == phase) & (records["ward"] == unit), "kind"].iloc[0]


def report_dates(files: list[dict]) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(file, sheet) -> (ISO report date or None, where it was read)."""
    return {
        (entry["file"], sheet["sheet"]): (sheet.get("report_date"),
                                          sheet.get("report_date_source"))
        for entry in files for sheet in entry.get("sheets", [])
    }


def _dated_by_file(sheets: list[tuple[str, str]], dates: dict,
                   also: Iterable[tuple[str, str]] = ()) -> list[tuple]:
    """A unit's sheets' dates in a phase, an undated one taking the latest of its file's
    other sheets of that phase: a workbook is sent at once (QA round 65 #3: a signed report
    beside an undated draft sheet was "undated"; round 66 #5: not another phase's sheet).
    `also`: the unit's other sheets of the phase, whose rows were refused or dropped as a
    copy (QA round 96 #2: the Board's "Tổng hợp", signed, its rows the class sheets' copies,
    left them undated)."""
    found = [dates.get(sheet, (None, None)) for sheet in sheets]
    latest: dict[str, tuple] = {}
    for name, date in [*((name, date) for (name, _), date in zip(sheets, found, strict=True)),
                       *((name, dates.get((name, sheet), (None, None)))
                         for name, sheet in also)]:
        if date[0]:
            latest[name] = max(latest.get(name, date), date)
    return [date if date[0] else latest.get(name, date)
            for (name, _), date in zip(sheets, found, strict=True)]


def sent_dates(files: list[dict]) -> dict[tuple[str, str], dict[str, dict[str, str]]]:
    """(file, sheet) -> {phase: {unit: ISO date its rows were sent}}, for tables of answers
    sent one by one (`SheetResult.unit_dates`)."""
    return {(entry["file"], sheet["sheet"]): sheet["unit_dates"] for entry in files
            for sheet in entry.get("sheets", []) if sheet.get("unit_dates")}


# A report dated more than this after its deadline has its year typed wrong, most likely.
IMPLAUSIBLY_LATE_DAYS = 366


def _timeliness(dates: list[tuple[str | None, str | None]], deadline) -> dict:
    """Late if any of the unit's sheets is dated after the deadline; unknown if one is undated;
    on time otherwise. The latest date is the unit's report date."""
    if not dates:
        return {"report_date": "", "report_date_source": "", "timeliness": "",
                "days_late": pd.NA}
    known = [(date, source) for date, source in dates if date]
    report_date, source = max(known) if known else ("", "")
    if deadline is None:
        timeliness = "no_deadline"
    elif known and report_date > (deadline + timedelta(days=IMPLAUSIBLY_LATE_DAYS)
                                  ).isoformat():
        # "năm 2205" for 2025: a year typed wrong, not a report 180 years late (QA round
        # 51); the finding says so (`report_date_unknown`).
        timeliness = "unknown"
    elif known and report_date > deadline.isoformat():
        timeliness = "late"
    elif len(known) < len(dates):
        timeliness = "unknown"
    else:
        timeliness = "on_time"
    days_late = pd.NA
    if timeliness == "late":
        days_late = (pd.Timestamp(report_date) - pd.Timestamp(deadline)).days
    return {"report_date": report_date, "report_date_source": source, "timeliness": timeliness,
            "days_late": days_late}


def phase_completeness(campaign: Campaign, table: pd.DataFrame) -> pd.DataFrame:
    """Per phase: n of N expected units reported, and who is missing, held out, late; and
    the units not listed for the phase whose rows its rate counts too (`unexpected`: "14
    of 14 units" said nothing of 5 more in the rate, QA round 30 F4)."""
    rows = []
    for phase in campaign.phase_ids:
        units = table[(table["phase"] == phase) & table["expected_to_report"]]
        unexpected = table.loc[(table["phase"] == phase) & (table["status"] == "unexpected"),
                               "ward"]
        reported = units[units["status"].isin(COUNTED_STATUSES)]
        expected = len(units)
        rows.append({
            "phase": phase,
            "units_expected": expected,
            "units_reported": len(reported),
            "units_held_out": int((units["status"] == "held_out").sum()),
            "units_missing": int((units["status"] == "missing").sum()),
            "units_rejected": int((units["status"] == "rejected").sum()),
            "units_unexpected": len(unexpected),
            "completeness": len(reported) / expected if expected else float("nan"),
            "missing": "; ".join(units.loc[units["status"] == "missing", "ward"]),
            "held_out": "; ".join(units.loc[units["status"] == "held_out", "ward"]),
            "rejected": "; ".join(units.loc[units["status"] == "rejected", "ward"]),
            "unexpected": "; ".join(unexpected),
            "late": "; ".join(table.loc[(table["phase"] == phase)
                                        & (table["timeliness"] == "late"), "ward"]),
            "date_unknown": "; ".join(table.loc[(table["phase"] == phase)
                                                & (table["timeliness"] == "unknown"), "ward"]),
        })
    return pd.DataFrame(rows, columns=list(PHASE_COLUMNS))


def units_reported(quality: Quality, phase: str, kinds: Iterable[str] = KINDS) -> tuple:
    """(reported, expected, missing names, held-out names) for the units of some kinds.

    A unit counted in part (`partly_held_out`) reported; a unit whose rows were all rejected
    is neither reported nor missing: `units_rejected`."""
    units = _expected_units(quality, phase, kinds)
    return (int(units["status"].isin(COUNTED_STATUSES).sum()), len(units),
            units.loc[units["status"] == "missing", "ward"].tolist(),
            units.loc[units["status"] == "held_out", "ward"].tolist())


def units_counted_in_part(quality: Quality, phase: str,
                          kinds: Iterable[str] = KINDS) -> list[str]:
    """Units of some kinds expected in the phase counted in part: a class held out
    (`partly_held_out`) or rows rejected (`partly_rejected`)."""
    units = _expected_units(quality, phase, kinds)
    return units.loc[units["status"].isin(("partly_held_out", "partly_rejected")),
                     "ward"].tolist()


def units_rejected(quality: Quality, phase: str, kinds: Iterable[str] = KINDS) -> list[str]:
    """Units of some kinds expected in the phase that sent rows, every one rejected."""
    units = _expected_units(quality, phase, kinds)
    return units.loc[units["status"] == "rejected", "ward"].tolist()


def _expected_units(quality: Quality, phase: str, kinds: Iterable[str]) -> pd.DataFrame:
    table = quality.completeness
    return table[(table["phase"] == phase) & table["expected_to_report"]
                 & table["kind"].isin(list(kinds))]


# --------------------------------------------------------------------------------------------
# Consistency rules
# --------------------------------------------------------------------------------------------


def completeness_flags(campaign: Campaign, table: pd.DataFrame,
                       dates: dict[tuple[str, str], tuple],
                       rejected: pd.DataFrame | None = None,
                       sent: dict[tuple[str, str], dict[str, dict[str, str]]] | None = None
                       ) -> list[dict]:
    sent = sent or {}
    labels = campaign.phase_labels
    rows_of = unit_rows(rejected if rejected is not None else _rejected_frame(None))
    deadlines = {phase.id: phase.deadline for phase in campaign.phases}
    sheets_of_file: dict[str, list[tuple[str, str]]] = {}
    for name, sheet in dates:
        sheets_of_file.setdefault(name, []).append((name, sheet))
    flags = []
    for row in table.itertuples(index=False):
        label = labels[row.phase]
        if row.status == "missing":
            # What to ask, and by when (QA round 72 #9: told only that nothing was received).
            deadline = deadlines.get(row.phase)
            due_vi = f" (hạn nộp {format_date(deadline.isoformat())})" if deadline else ""
            due_en = f", due {deadline.isoformat()}" if deadline else ""
            flags.append(_flag(row.phase, row.ward, "missing_report",
                               f"chưa nhận được báo cáo {in_sentence(label)} của {row.ward}"
                               f"{due_vi}: đề nghị đơn vị gửi báo cáo (no {label} report "
                               f"received from {row.ward}{due_en}: ask the unit to send it)"))
        elif row.status == "rejected":
            refused = rows_of(row.phase, row.ward)
            count = len(refused)
            if count and refused["source_row"].isna().all():
                # Files refused whole (a PDF, a locked workbook): no row to correct, a file
                # to send again (QA round 46: the ward asked to correct "1 row" of a PDF); a
                # spreadsheet is sent again as its reason says, not "as an .xlsx" it may be
                # already (QA round 48).
                spreadsheets = all(Path(name).suffix.lower() in SPREADSHEET_SUFFIXES
                                   for name in refused["source_file"].dropna())
                ask = ("đề nghị đơn vị sửa theo lý do đó rồi gửi lại" if spreadsheets
                       else "đề nghị đơn vị gửi lại dạng bảng tính (.xlsx)")
                # The reason said here, on the one line the follow-up sends for the file
                # (QA round 82 #4: the finding, then the file's reject line, two "Cần xử
                # lý" for one file).
                reasons = list(dict.fromkeys(refused["reason"].dropna().astype(str)))
                file_vi, file_en = (f"{said}: " for said in UNREADABLE_FILE)
                why_vi = "; ".join(in_language(reason, "vi").removeprefix(file_vi)
                                   for reason in reasons)
                why_en = "; ".join(in_language(reason, "en").removeprefix(file_en)
                                   for reason in reasons)
                # Most reasons say already what to send ("đề nghị đơn vị gửi lại…").
                ask = "" if all(re.search(r"(gửi|lưu) lại", reason) for reason in reasons) \
                    else f", {ask}"
                flags.append(_flag(
                    row.phase, row.ward, "rejected_report",
                    f"có báo cáo {in_sentence(label)} của {row.ward} nhưng không đọc được tệp "
                    f"{row.source_files}: {why_vi}; chưa tính vào tỷ lệ{ask} "
                    f"({label} report received from {row.ward}, but the file "
                    f"{row.source_files} could not be read: {why_en}; not counted)",
                    where=_where(refused)))
            else:
                flags.append(_flag(
                    row.phase, row.ward, "rejected_report",
                    f"có báo cáo {in_sentence(label)} của {row.ward} nhưng mọi dòng bị loại "
                    f"({count} dòng, tệp {row.source_files}): chưa tính vào tỷ lệ; lý do từng "
                    f"dòng ở rejects.csv, đề nghị đơn vị sửa và gửi lại ({label} report "
                    f"received from {row.ward}, but every row was rejected ({count} row(s), "
                    f"file {row.source_files}): none is counted; each row's reason is in "
                    "rejects.csv)", where=_where(refused)))
        elif row.status == "unexpected":
            flags.append(_flag(row.phase, row.ward, "unexpected_unit",
                               f"{row.ward} gửi báo cáo {in_sentence(label)} nhưng "
                               f"campaign.toml không liệt kê đơn vị này ở giai đoạn đó; "
                               f"số liệu vẫn được tính "
                               f"({row.ward} reported for {label}, for which campaign.toml does "
                               "not list it; its figures are counted)"))
        deadline = deadlines[row.phase]
        sheets = [key for name in row.source_files.split("; ")
                  for key in sheets_of_file.get(name, [])] if row.source_files else []
        # The sheets whose date is the unit's report date: where a dating flag points.
        latest = [sheet for sheet in sheets if (dates[sheet][0] or "") == row.report_date
                  or sent.get(sheet, {}).get(row.phase, {}).get(row.ward) == row.report_date]
        if row.timeliness == "late":
            flags.append(_flag(
                row.phase, row.ward, "late_report",
                f"báo cáo {in_sentence(label)} đề ngày {format_date(row.report_date)}, sau hạn "
                f"{format_date(deadline.isoformat())} {row.days_late} ngày (the {label} report is "
                f"dated {row.report_date}, {row.days_late} day(s) after the deadline "
                f"{deadline.isoformat()})",
                where=_where_sheets(latest)))
        began = campaign.start
        if began is not None and row.report_date and row.report_date < began.isoformat() \
                and row.report_date_source in ("footer", "form", "date_column", "sent"):
            # Signed (or its last class held) before the campaign began: most likely an
            # earlier campaign's file left in the folder (QA round 16 f26). A title's date is
            # not asked about: it may be the resolution's own. A phase's report dated in an
            # earlier phase of the campaign is not either: one signature line copied with
            # the sheet is common, and said nothing new in twenty flags a campaign.
            flags.append(_flag(
                row.phase, row.ward, "dated_before_campaign",
                f"báo cáo {in_sentence(label)} đề ngày {format_date(row.report_date)}, trước khi "
                f"đợt học tập bắt đầu ({format_date(began.isoformat())}): có thể là tệp của đợt "
                f"khác, đề nghị kiểm tra (the {label} report is dated {row.report_date}, "
                f"before the campaign began on {began.isoformat()}: a file of another "
                "campaign?)",
                where=_where_sheets(latest)))
        if row.timeliness == "unknown" and row.report_date \
                and row.report_date > deadline.isoformat():
            flags.append(_flag(
                row.phase, row.ward, "report_date_unknown",
                f"báo cáo {in_sentence(label)} đề ngày {format_date(row.report_date)}, hơn một "
                f"năm sau hạn {format_date(deadline.isoformat())}: có lẽ gõ nhầm năm, không biết "
                f"có kịp hạn không, đề nghị kiểm tra (the {label} report is dated "
                f"{row.report_date}, over a year after the deadline {deadline.isoformat()}: "
                "a year typed wrong? whether it met the deadline is unknown)",
                where=_where_sheets(latest)))
        elif row.timeliness == "unknown":
            undated = [sheet for sheet in sheets if not dates[sheet][0]]
            flags.append(_flag(
                row.phase, row.ward, "report_date_unknown",
                f"báo cáo {in_sentence(label)} không ghi ngày (dòng 'ngày ... tháng ... năm ...'), "
                f"không biết có kịp hạn {format_date(deadline.isoformat())} không (the {label} "
                f"report carries no date, so whether it met the deadline "
                f"{deadline.isoformat()} is unknown)",
                where=_where_sheets(undated)))
    return flags


def reconciliation_flags(checks: pd.DataFrame, records: pd.DataFrame, held_out: pd.DataFrame,
                         rejects: pd.DataFrame | None = None) -> list[dict]:
    """Totals rows and rate columns that disagree (analysis.sheet found them): as flags. A
    totals row's flag names the rows among those it totals that were refused (`rejects`):
    the total may be right, short by them (QA rounds 71 #2, 72 #10)."""
    flags = []
    mismatches = checks[checks["status"] == "mismatch"]
    rows = pd.concat([records, held_out], ignore_index=True)
    for check in mismatches.itertuples(index=False):
        in_sheet = rows[(rows["source_file"] == check.source_file)
                        & (rows["sheet"] == check.sheet)]
        if check.check == "totals_row" and pd.notna(check.from_row):
            # The rows it totals: a district's subtotal is its ward's (QA round 75 #3).
            summed = in_sheet[in_sheet["source_row"].between(check.from_row, check.to_row)]
            owners = summed if len(summed) else in_sheet
        elif check.check == "totals_row":
            above = in_sheet[in_sheet["source_row"] < check.source_row]
            owners = above if len(above) else in_sheet  # a totals row typed above its table
        else:  # a rate column's or a unit's row: the row's own
            row = in_sheet[in_sheet["source_row"] == check.source_row]
            owners = row if len(row) else in_sheet
        if check.check == "rate_column":
            detail = (f"cột '{check.column}' ghi {format_percent(check.stated, 'vi')}, tính từ "
                      f"số có mặt / số phải học là {format_percent(check.computed, 'vi')} (the "
                      f"rate column says {format_percent(check.stated, 'en')}; the counts give "
                      f"{format_percent(check.computed, 'en')})")
        elif check.check == "unit_row":
            stated, computed = int(check.stated), int(check.computed)
            detail = (f"dòng của đơn vị ghi {format_count(stated, 'vi')} ở cột "
                      f"'{check.column}', các chi bộ dưới nó cộng được "
                      f"{format_count(computed, 'vi')}: đã tính dòng này như một chi bộ "
                      f"không ghi tên; nếu đó là dòng tổng của đơn vị thì số bị cộng hai lần, "
                      f"đề nghị đơn vị xác nhận (the unit's row says "
                      f"{format_count(stated, 'en')} in '{check.column}', its cells add up to "
                      f"{format_count(computed, 'en')}: counted as a cell whose name was left "
                      f"out; if it is the unit's total, its members are counted twice)")
        else:
            stated, computed = int(check.stated), int(check.computed)
            # A report's extra copy, dropped after the sum was taken, is in it: no cause.
            refused = _refused_rows_totalled(check, checks, _without_copies(rejects),
                                             in_sheet)
            # Rows left out as the README says (a person listed twice, a member who moved
            # away, a row its correction gives) apart from those to fix (QA round 98 #7:
            # three rows named, nothing to fix in two of them).
            meant = _left_out_as_meant(rejects, check, refused)
            to_fix = [row for row in refused if row not in meant]
            numbers, meant_numbers = ", ".join(map(str, to_fix)), ", ".join(map(str, meant))
            span = f"{int(check.from_row)}–{int(check.to_row)}" \
                if pd.notna(check.from_row) and check.from_row != check.to_row else ""
            detail = (f"dòng tổng cộng ghi {format_count(stated, 'vi')} ở cột "
                      f"'{check.column}', cộng các dòng nó tổng hợp"
                      + (f" (dòng {span})" if span else "") + " được "
                      f"{format_count(computed, 'vi')}"
                      + (f"; trong các dòng ấy, dòng {numbers} bị loại (xem lý do ở dòng đó)"
                         if to_fix else "")
                      + (f"; dòng {meant_numbers} không cần sửa (xem lý do ở dòng đó)"
                         if meant else "")
                      + f" (the totals row says {format_count(stated, 'en')} in "
                        f"'{check.column}'; the rows it totals"
                      + (f" (rows {span})" if span else "") + " add up to "
                        f"{format_count(computed, 'en')}"
                      + (f"; among them row{'s' if len(to_fix) > 1 else ''} {numbers} "
                         f"{'were' if len(to_fix) > 1 else 'was'} rejected" if to_fix else "")
                      + (f"; row{'s' if len(meant) > 1 else ''} {meant_numbers} "
                         f"need{'' if len(meant) > 1 else 's'} no fixing" if meant else "")
                      + ")")
        flags.append(_flag(
            *_shared_phase_and_unit(owners), check.check, detail,
            where={"source_file": check.source_file, "sheet": check.sheet,
                   "source_row": int(check.source_row), "column": check.column}))
    return flags


def _without_copies(rejects: pd.DataFrame | None) -> pd.DataFrame | None:
    """Rejects but a report's identical extra copies (`_IDENTICAL_COPY`)."""
    if rejects is None or rejects.empty:
        return rejects
    reasons = rejects["reason"].astype("string").fillna("")
    return rejects[~reasons.str.startswith(_IDENTICAL_COPY).to_numpy(dtype=bool)]


def _left_out_as_meant(rejects: pd.DataFrame | None, check, rows: list[int]) -> list[int]:
    """Those of a sheet's refused `rows` every reason of which is one of the rows left out
    as meant (`_LEFT_OUT_AS_MEANT`)."""
    if not rows or rejects is None:
        return []
    in_sheet = rejects[(rejects["source_file"] == check.source_file)
                       & (rejects["sheet"] == check.sheet) & rejects["source_row"].isin(rows)]
    fixed = {int(row) for row in in_sheet.loc[_to_fix(in_sheet), "source_row"]}
    return [row for row in rows if row not in fixed]


def _refused_rows_totalled(check, checks: pd.DataFrame, rejects: pd.DataFrame | None,
                           counted: pd.DataFrame) -> list[int]:
    """The refused rows of a totals row's sheet among those it totals: since the totals row
    above it (a subtotal's); below it, up to the next, for a total typed above its rows;
    every row above it when none was counted since (a grand total below subtotals).
    `counted`: the sheet's rows counted or held out. Whether a refused row's figure is in
    the sum depends on the column (a blank "Có mặt" is not, its "Tổng số" is): the message
    says only that the row is among them (QA round 74 #6)."""
    if rejects is None or rejects.empty:
        return []
    in_sheet = rejects[(rejects["source_file"] == check.source_file)
                       & (rejects["sheet"] == check.sheet) & rejects["source_row"].notna()]
    refused = sorted({int(row) for row in in_sheet["source_row"]})
    if not refused:
        return []
    if pd.notna(check.from_row):
        # The rows it was compared with, as the parser chose them (a grand total below a
        # group without its subtotal: QA round 74 #8 named none of them).
        return [row for row in refused if check.from_row <= row <= check.to_row]
    totals = sorted({int(row) for row in checks.loc[
        (checks["source_file"] == check.source_file) & (checks["sheet"] == check.sheet)
        & (checks["check"] == "totals_row"), "source_row"]})
    position = int(check.source_row)
    previous = max((row for row in totals if row < position), default=0)
    following = min((row for row in totals if row > position), default=None)
    end = following if following is not None else 1 << 30
    rows = counted["source_row"]
    # Totals typed above their rows, the sheet's first with none counted before it: each
    # sums the rows below it (QA round 74 #7: another table's row above was named).
    if totals and not (rows < totals[0]).any() and rows.between(position + 1, end - 1).any():
        return [row for row in refused if position < row < end]
    since = [row for row in refused if previous < row < position]
    if since or rows.between(previous + 1, position - 1).any():
        return since  # a subtotal's own rows
    return [row for row in refused if row < position]  # a grand total below subtotals


def _shared_phase_and_unit(rows: pd.DataFrame) -> tuple:
    """The phase and the unit some rows all have, each NA where they have several."""
    phases, wards = rows["phase"].unique().tolist(), rows["ward"].unique().tolist()
    return (phases[0] if len(phases) == 1 else pd.NA, wards[0] if len(wards) == 1 else pd.NA)


def unread_column_flags(files: list[dict], records: pd.DataFrame,
                        held_out: pd.DataFrame) -> list[dict]:
    """Columns of marks or figures under no heading (analysis.sheet found them): the rows
    were counted without them, so the analyst must look."""
    flags = []
    rows = None
    for entry in files:
        for sheet in entry.get("sheets", []):
            for unread in sheet.get("unread_columns") or []:
                if rows is None:
                    rows = pd.concat([records, held_out], ignore_index=True)
                owners = rows[(rows["source_file"] == entry["file"])
                              & (rows["sheet"] == sheet["sheet"])]
                what = (("ký hiệu điểm danh", "roll-call marks") if sheet["shape"] == "roster"
                        else ("số", "numbers"))
                detail = (f"cột {unread['column']} không có tên cột nhưng có {unread['cells']}"
                          f" ô {what[0]}, không được đọc: các dòng được tính không có cột này; "
                          "hãy đặt tên cột rõ nghĩa rồi chạy lại (column "
                          f"{unread['column']} has no heading but holds {unread['cells']} "
                          f"{what[1]}, not read: the rows were counted without it)")
                flags.append(_flag(
                    *_shared_phase_and_unit(owners), "unread_column", detail,
                    where={"source_file": entry["file"], "sheet": sheet["sheet"],
                           "column": unread["column"]}))
    return flags


def session_not_held_flags(files: list[dict], records: pd.DataFrame) -> list[dict]:
    """A roll-call's session columns left with no mark on a sheet whose other sessions are
    marked (analysis.sheet): a session not held yet, or one marked in a way not read (cells
    coloured); for information, the unit asked only if it was held."""
    flags = []
    for entry in files:
        for sheet in entry.get("sheets", []):
            for session in sheet.get("sessions_not_held") or []:
                owners = records[(records["source_file"] == entry["file"])
                                 & (records["sheet"] == sheet["sheet"])]
                flags.append(_flag(
                    *_shared_phase_and_unit(owners), "session_not_held",
                    f"cột '{session['session']}' (cột {session['column']}) của trang tính "
                    f"'{sheet['sheet']}' không có dấu điểm danh nào: coi như buổi đó chưa học, "
                    "không tính; nếu đã học (hoặc đánh dấu bằng tô màu ô), đề nghị đơn vị ghi "
                    f"x / v / P / KP rồi gửi lại (column '{session['session']}' (column "
                    f"{session['column']}) of sheet '{sheet['sheet']}' holds no mark: taken as "
                    "a session not held, not counted; if it was held, or marked by colouring "
                    "cells, ask the unit to type the marks)",
                    where={"source_file": entry["file"], "sheet": sheet["sheet"],
                           "column": session["column"]}))
    return flags


def unit_spelling_flags(files: list[dict], records: pd.DataFrame) -> list[dict]:
    """A unit column's name that is no unit's but one slip off the unit its file is for,
    counted as that unit's (analysis.sheet): the analyst confirms the spelling (an alias in
    campaign.toml quiets it) or has the file corrected."""
    flags = []
    for entry in files:
        for sheet in entry.get("sheets", []):
            for spelled in sheet.get("units_spelled") or []:
                owners = records[(records["source_file"] == entry["file"])
                                 & (records["sheet"] == sheet["sheet"])
                                 & (records["ward"] == spelled["unit"])]
                written, unit, rows = spelled["written"], spelled["unit"], spelled["rows"]
                flags.append(_flag(
                    *_shared_phase_and_unit(owners), "unit_spelling",
                    f"cột đơn vị của trang tính '{sheet['sheet']}' ghi '{written}' "
                    f"({format_count(rows, 'vi')} dòng), không có đơn vị nào tên như vậy: đã "
                    f"tính cho {unit}, đơn vị của tệp; nếu đúng, thêm '{written}' vào aliases "
                    f"của {unit} trong campaign.toml, nếu sai, sửa tệp rồi chạy lại (the unit "
                    f"column of sheet '{sheet['sheet']}' says '{written}' on "
                    f"{format_count(rows, 'en')} row(s), no unit's name: counted as {unit}, "
                    f"the file's unit; if right, add '{written}' to {unit}'s aliases in "
                    "campaign.toml, if not, correct the file and run again)",
                    where=_where(owners)))
    return flags


# Where a sheet named its phase (SheetResult.phase_named), in the flag's two languages.
_PHASE_NAMED_BY = {"title": ("tiêu đề trang tính", "the sheet's title"),
                   "sheet": ("tên trang tính", "the sheet's name"),
                   "file": ("tên tệp", "the file's name"),
                   "column": ("cột Giai đoạn", "the phase column")}


def session_phase_flags(records: pd.DataFrame, campaign: Campaign) -> list[dict]:
    """A roll-call's sessions dated within another phase's period (its `start`..`end`) and
    outside their own phase's: counted in their own phase (their folder, rule or title
    gives it), and the analyst is warned, one finding per unit, phase and file. A session
    on 10/10 in a phase 1 file, where phase 2 runs through October, left the ward counted
    in phase 1 and chased as missing in phase 2, without a word (QA round 51 #8). A day
    without its year is taken in whichever year of the campaign puts it in its own period,
    if any."""
    periods = {phase.id: (phase.start, phase.end) for phase in campaign.phases
               if phase.start and phase.end}
    if len(periods) < 2 or records.empty or "session" not in records:
        return []
    labels = campaign.phase_labels
    found: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    sessions = records.loc[records["session"].notna() & (records["shape"] == "roster"),
                           ["phase", "ward", "session", "source_file"]].drop_duplicates()
    for phase, ward, session, source_file in sessions.itertuples(index=False, name=None):
        within = campaign.phases_of_day(session)
        if str(phase) not in periods or not within or str(phase) in within:
            continue
        found.setdefault((str(phase), str(ward), str(source_file)), []).append(
            (str(session), within[0]))
    flags = []
    for (phase, ward, source_file), dated_sessions in found.items():
        named = ", ".join(f"'{session}'" for session, _ in dated_sessions)
        other = dated_sessions[0][1]
        start, end = periods[other]
        period = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
        flags.append(_flag(
            phase, ward, "session_other_phase",
            f"buổi {named} của {ward} có ngày trong thời gian {labels[other]} ({period}) nhưng "
            f"được tính vào {labels[phase]}: nếu tệp để nhầm thư mục hoặc ngày ghi nhầm, hãy "
            f"sửa rồi chạy lại (session(s) {named} of {ward} are dated within {labels[other]} "
            f"({period}) but counted in {labels[phase]}: if the file is in the wrong folder "
            "or a date is mistyped, correct it and run again)",
            where={"source_file": source_file}))
    return flags




def phase_mismatch_flags(files: list[dict], records: pd.DataFrame, held_out: pd.DataFrame,
                         campaign: Campaign, copies: pd.DataFrame | None = None) -> list[dict]:
    """Sheets counted in their [[sources]] rule's phase whose title, name or file's name
    names another (analysis.sheet found them): one flag per file and what named it, so that
    a workbook of forty sheets under one title is one finding. Also when the file is an
    identical copy of another (`copies`): a ward's phase 1 report sent again as its phase
    2 one is counted once, and phase 2 was not reported (QA round 54 #4: said nothing)."""
    found: dict[tuple[str, str, str], list[str]] = {}
    for entry in files:
        for sheet in entry.get("sheets", []):
            if sheet.get("phase_named"):
                named = sheet["phase_named"]
                found.setdefault((entry["file"], named["phase"], named["source"],
                                  named.get("counted")), []).append(sheet["sheet"])
    if not found:
        return []
    rows = pd.concat([records, held_out, *([copies] if copies is not None else [])],
                     ignore_index=True)
    labels = campaign.phase_labels
    flags = []
    for (source_file, phase, source, counted_in), sheets in found.items():
        rule = campaign.rule_for(source_file)
        owners = rows[(rows["source_file"] == source_file) & rows["sheet"].isin(sheets)
                      & (rows["phase"] == (counted_in or rule.phase))]
        if owners.empty:
            continue  # its rows were refused, or a heading above them named their phase
        counted = sorted(set(owners["sheet"].astype(str)), key=sheets.index)
        if source == "folder":
            folder = str(PurePosixPath(source_file).parent)
            detail = (f"thư mục '{folder}' ghi {labels[phase]} nhưng tiêu đề, tên trang tính "
                      f"hoặc tên tệp ghi {labels[counted_in]}: các dòng được tính vào "
                      f"{labels[counted_in]}; nếu tệp để nhầm thư mục, hãy chuyển tệp, nếu "
                      "tiêu đề là của mẫu cũ để nguyên, hãy sửa lại, rồi chạy lại (the folder "
                      f"'{folder}' names {labels[phase]} but the title, the sheet's or the "
                      f"file's name names {labels[counted_in]}: its rows were counted in "
                      f"{labels[counted_in]}; if the file is in the wrong folder, move it; if "
                      "the title is a template's left unchanged, correct it; and run again)")
        else:
            by_vi, by_en = _PHASE_NAMED_BY[source]
            detail = (f"{by_vi} ghi {labels[phase]} nhưng quy tắc [[sources]] '{rule.glob}' "
                      f"của campaign.toml cho tệp {labels[rule.phase]}: các dòng được tính vào "
                      f"{labels[rule.phase]}; nếu tệp để nhầm thư mục (báo cáo giai đoạn khác), "
                      f"hãy chuyển tệp, hoặc sửa {by_vi}, rồi chạy lại ({by_en} names "
                      f"{labels[phase]} but the [[sources]] rule '{rule.glob}' gives the file "
                      f"{labels[rule.phase]}: its rows were counted in {labels[rule.phase]}; if "
                      f"the file is in the wrong folder, move it, or correct {by_en}, and run "
                      "again)")
        if len(counted) > 1:
            detail += f"; {len(counted)} trang tính ({len(counted)} sheets)"
        flags.append(_flag(*_shared_phase_and_unit(owners), "phase_mismatch", detail,
                           where={"source_file": source_file,
                                  "sheet": counted[0] if len(counted) == 1 else pd.NA}))
    return flags


def phase_pairs(ward_phase: pd.DataFrame, phase_order: list[str]) -> pd.DataFrame:
    """Each unit's consecutive reported phases side by side, one row per pair: `ward`,
    `phase`, `expected` and the previous phase's `phase_before`, `expected_before`.

    Units in the order they first appear, phases in `phase_order`: one sort of the whole
    table where a loop over units would sort each one's rows.
    """
    units = pd.Series(pd.factorize(ward_phase["ward"])[0], index=ward_phase.index)
    ordered = (ward_phase.sort_values("phase", key=lambda phases: rank(phases, phase_order),
                                      kind="stable")
               .assign(unit_position=units)
               .sort_values("unit_position", kind="stable"))
    unit_positions = ordered["unit_position"].to_numpy()
    # A pair: two neighbouring rows of the same unit (a missing unit, code -1, has none).
    same_unit = (unit_positions[1:] == unit_positions[:-1]) & (unit_positions[1:] >= 0)
    columns = ["ward", "phase", "expected"]
    before = ordered[columns].iloc[:-1][same_unit].reset_index(drop=True)
    after = ordered[columns].iloc[1:][same_unit].reset_index(drop=True)
    return after.assign(phase_before=before["phase"], expected_before=before["expected"])


def unit_rows(records: pd.DataFrame) -> Callable[[str, str], pd.DataFrame]:
    """`rows_of(phase, unit)`: a unit's records in a phase. The records are grouped once, on
    the first call, rather than scanned in full for every finding."""
    positions: dict[tuple, object] = {}
    empty = records.iloc[0:0]

    def rows_of(phase: str, unit: str) -> pd.DataFrame:
        if not positions and not records.empty:
            positions.update(records.groupby(["phase", "ward"], observed=True,
                                             sort=False).indices)
        found = positions.get((phase, unit))
        return empty if found is None else records.iloc[found]

    return rows_of


def membership_flags(ward_phase: pd.DataFrame, records: pd.DataFrame, campaign: Campaign,
                     held_out: pd.DataFrame | None = None,
                     rows_to_fix: Counter | None = None,
                     not_expected: Counter | None = None,
                     moved_in: Counter | None = None) -> list[dict]:
    """A unit's expected members moving by more than the share from one reported phase to
    the next (a wrong membership typed, or a different list used). A unit counted in part in
    either phase (a class held out, `held_out`) is not compared: its count lacks that class.
    One with rows rejected (`rows_to_fix`, by phase and unit) is, its finding saying that
    the rows left out may be the cause (QA round 42: "−60,2%, check the membership" of a
    ward whose cell's row was refused); so is one whose lists name members who moved away,
    are exempt or died (`not_expected`: the people its own file says are no longer expected;
    QA round 77 #5: "check the membership" of a ward whose list said why), or moved in
    (`moved_in`, QA round 87 #5). The district's own classes are not compared: each phase's
    are other people, called to other classes (QA round 82 #6: "646 → 706 → 540, check the
    membership" of the district's classes)."""
    partial = set(_rows_by_unit(held_out)) if held_out is not None else set()
    refused = rows_to_fix or Counter()
    gone = not_expected or Counter()
    arrived = moved_in or Counter()
    share = campaign.quality.membership_change
    labels = campaign.phase_labels
    flags = []
    rows_of = unit_rows(records)
    pairs = phase_pairs(ward_phase[ward_phase["kind"] != "district"], campaign.phase_ids)
    before_expected = pairs["expected_before"]
    changes = (pairs["expected"] - before_expected).abs() \
        / before_expected.where(before_expected > 0)
    for pair in pairs[changes > share].itertuples(index=False):
        if (pair.phase, pair.ward) in partial or (pair.phase_before, pair.ward) in partial:
            continue
        before, after = int(pair.expected_before), int(pair.expected)
        members = (_members(rows_of(pair.phase_before, pair.ward)),
                   _members(rows_of(pair.phase, pair.ward)))
        what = "số phải học"
        if members != (before, after):
            # A roll-call with a column per session expects each member once per session:
            # the same 4 people at 2 sessions, then 3, were "8, then 12: +50%" (QA round 34).
            (before, after), what = members, "số đảng viên"
            if before <= 0 or abs(after - before) / before <= share:
                continue
        change = abs(after - before) / before
        sign = "+" if after > before else "−"
        left_out = [(phase, refused[(phase, pair.ward)]) for phase in (pair.phase_before,
                                                                       pair.phase)
                    if refused[(phase, pair.ward)]]
        check_vi = "; ".join(f"{count} dòng bị loại ở {in_sentence(labels[phase])}"
                             for phase, count in left_out)
        check_en = "; ".join(f"{count} rejected row(s) in {labels[phase]}"
                             for phase, count in left_out)
        check_vi = (f"có {check_vi}, chưa tính: sửa các dòng đó trước, rồi kiểm tra số đảng "
                    "viên") if left_out else "kiểm tra số đảng viên"
        check_en = (f"{check_en}, left out: correct them first, then check the membership"
                    if left_out else "check the membership")
        # What the unit's own lists say of its members in either phase: the change may be
        # theirs.
        for counts, vi, en, left_out_vi, left_out_en in (
                (gone, "chuyển đi, miễn học hoặc từ trần ở {phase}",
                 "moved away, exempt or deceased in {phase}", " (không tính vào số phải học)",
                 " (not expected)"),
                (arrived, "chuyển đến ở {phase}", "who moved in in {phase}", "", "")):
            said = [(phase, counts[(phase, pair.ward)]) for phase in (pair.phase_before,
                                                                      pair.phase)
                    if counts[(phase, pair.ward)]]
            if not said:
                continue
            check_vi += "; danh sách của đơn vị ghi " + ", ".join(
                f"{count} đảng viên " + vi.format(phase=in_sentence(labels[phase]))
                for phase, count in said) + left_out_vi + ": thay đổi có thể do đó"
            check_en += "; the unit's lists name " + ", ".join(
                f"{count} member(s) " + en.format(phase=labels[phase])
                for phase, count in said) + left_out_en + ": that may explain the change"
        flags.append(_flag(
            pair.phase, pair.ward, "membership_change",
            f"{what} {format_count(after, 'vi')} ở "
            f"{in_sentence(labels[pair.phase])}, {format_count(before, 'vi')} ở "
            f"{in_sentence(labels[pair.phase_before])}: {sign}{format_percent(change, 'vi')} "
            f"(ngưỡng {format_percent(share, 'vi')}); {check_vi} "
            f"({format_count(after, 'en')} "
            f"{'expected' if what == 'số phải học' else 'members'} in {labels[pair.phase]}, "
            f"{format_count(before, 'en')} in {labels[pair.phase_before]}: "
            f"{sign}{format_percent(change, 'en')}, more than "
            f"{format_percent(share, 'en')}; {check_en})",
            where=_where(rows_of(pair.phase, pair.ward))))
    return flags


def _members(rows: pd.DataFrame) -> int:
    """The members a unit's rows in a phase count: a summary's expected, and a roll-call's
    people once each in their party cell, however many sessions list them. A name in two
    cells is two members, as the rate counts it (`person_in_two_cells` asks the unit; QA
    round 43: "8 members" for a ward whose rate counted 9)."""
    if "person_key" not in rows:
        return int(rows["expected"].sum())
    listed = ((rows["shape"] == "roster") & rows["person_key"].notna()).to_numpy()
    # A summary's class met on several days counts its members once, its largest day's
    # (`clean.dated_class`; QA round 101 #1: "230 → 125" of a ward of 120 and 125).
    met = rows["session"].map(class_met_on) if "session" in rows else None
    days = (~listed & met.notna().to_numpy()) if met is not None else np.zeros(len(rows), bool)
    once = rows[days].assign(session=met[days]).groupby(
        ["cell", "session"], dropna=False)["expected"].max().sum() if days.any() else 0
    return int(rows["expected"].to_numpy()[~listed & ~days].sum()) + int(once) \
        + len(rows.loc[listed, ["cell", "person_key"]].drop_duplicates())


def binomial_tail(count: int, trials: int, share: float, *, lower: bool) -> float:
    """P(X <= count) (`lower`) or P(X >= count) for X ~ Binomial(trials, share): how often
    a unit of `trials` members attending at its peers' rate `share` would fall as far."""
    if share <= 0 or share >= 1:
        at_most = count >= trials if share >= 1 else True
        at_least = count <= 0 if share <= 0 else True
        return float(at_most if lower else at_least)
    terms = range(0, count + 1) if lower else range(count, trials + 1)
    constant = math.lgamma(trials + 1)
    logs = [constant - math.lgamma(k + 1) - math.lgamma(trials - k + 1) + k * math.log(share)
            + (trials - k) * math.log1p(-share) for k in terms]
    if not logs:
        return 0.0
    peak = max(logs)
    return min(1.0, math.exp(peak) * math.fsum(math.exp(value - peak) for value in logs))


def modified_z(rates: pd.Series) -> pd.Series:
    """0.6745 (x - median) / MAD; with a MAD of 0, (x - median) / (1.253314 mean AD)."""
    median = rates.median()
    deviations = (rates - median).abs()
    mad = deviations.median()
    if mad > 0:
        return MAD_SCALE * (rates - median) / mad
    mean_ad = deviations.mean()
    if mean_ad > 0:
        return (rates - median) / (MEAN_AD_SCALE * mean_ad)
    return pd.Series(0.0, index=rates.index)


def outlier_flags(ward_phase: pd.DataFrame, records: pd.DataFrame, campaign: Campaign,
                  held_out: pd.DataFrame | None = None,
                  rows_to_fix: Counter | None = None) -> list[dict]:
    """Units whose rate stands out among units of the same kind in the same phase.

    A unit counted in part for a class or cell held out (`held_out`: sent twice with
    different figures) is neither flagged nor a peer: its rate lacks that part (QA round 86
    #4: a correction beside the old file, 13/23 "unusually low, check the figures"). One
    with rows rejected (`rows_to_fix`) is, its finding saying that those rows come first,
    as `membership_flags`' does."""
    threshold = campaign.quality.outlier_z
    labels = campaign.phase_labels
    partial = set(_rows_by_unit(held_out)) if held_out is not None else set()
    refused = rows_to_fix or Counter()
    flags = []
    rows_of = unit_rows(records)
    usable = ward_phase[(ward_phase["expected"] > 0).to_numpy() & ~np.array(
        [key in partial for key in zip(ward_phase["phase"], ward_phase["ward"],
                                       strict=True)], dtype=bool)]
    for (phase, kind), peers in usable.groupby(["phase", "kind"], sort=False):
        if len(peers) < OUTLIER_MIN_PEERS:
            continue
        scores = modified_z(peers["rate"])
        median = peers["rate"].median()
        peer_vi = f"{len(peers)} {KIND_LABELS['vi'][kind].lower()}"
        peer_en = f"{len(peers)} {KIND_LABELS['en'][kind].lower()} units"
        for index in peers.index[scores.abs() > threshold]:
            row, score = peers.loc[index], float(scores[index])
            if binomial_tail(int(row["attended"]), int(row["expected"]), float(median),
                             lower=score < 0) > OUTLIER_CHANCE:
                continue
            side_vi, side_en = ("thấp", "low") if score < 0 else ("cao", "high")
            where = rows_of(phase, row["ward"])
            left_out = refused[(phase, row["ward"])]
            check_vi = (f"có {left_out} dòng bị loại, chưa tính: sửa các dòng đó trước, rồi "
                        "kiểm tra lại số liệu") if left_out else "kiểm tra lại số liệu"
            check_en = (f"{left_out} rejected row(s), left out: correct them first, then check "
                        "the figures") if left_out else "check the figures"
            flags.append(_flag(
                phase, row["ward"], "rate_outlier",
                f"tỷ lệ {format_percent(row['rate'], 'vi')} "
                f"({format_count(row['attended'], 'vi')}/{format_count(row['expected'], 'vi')}) "
                f"{side_vi} bất thường so với trung vị {format_percent(median, 'vi')} của "
                f"{peer_vi} ở {in_sentence(labels[phase])} (điểm z hiệu chỉnh "
                f"{format_score(score, 'vi', beyond=threshold)}, ngưỡng "
                f"{_plain(threshold, 'vi')}); {check_vi} "
                f"(rate {format_percent(row['rate'], 'en')} unusually {side_en} against "
                f"the median {format_percent(median, 'en')} of {peer_en} in {labels[phase]}: "
                f"modified z-score {format_score(score, 'en', beyond=threshold)}, threshold "
                f"{_plain(threshold, 'en')}; {check_en})",
                where=_where(where)))
    return flags


def full_attendance_flags(by_session: pd.DataFrame, records: pd.DataFrame,
                          campaign: Campaign) -> list[dict]:
    """Everybody present in a class of many: often a template's figures copied unchanged."""
    minimum = campaign.quality.full_attendance_min_size
    labels = campaign.phase_labels
    flags = []
    full = by_session[(by_session["expected"] >= minimum)
                      & (by_session["attended"] == by_session["expected"])]
    rows_of = unit_rows(records)
    for row in full.itertuples(index=False):
        in_unit = rows_of(row.phase, row.ward)
        # Records' text columns may be categorical: compare them as plain strings.
        sessions = in_unit["session"].astype("string").fillna(in_unit["ward"].astype("string"))
        in_class = in_unit[sessions == row.session]
        named = row.session != row.ward
        class_vi = f"lớp '{row.session}' của {row.ward}" if named else row.ward
        class_en = f"class '{row.session}' of {row.ward}" if named else row.ward
        flags.append(_flag(
            row.phase, row.ward, "full_attendance",
            f"{class_vi} báo cáo 100% có mặt ({format_count(row.attended, 'vi')}/"
            f"{format_count(row.expected, 'vi')}) ở {in_sentence(labels[row.phase])}; với từ "
            f"{minimum} người trở lên, kiểm tra có phải số liệu chép từ mẫu không ({class_en} "
            f"reports 100% attendance ({format_count(row.attended, 'en')}/"
            f"{format_count(row.expected, 'en')}) in {labels[row.phase]}; with {minimum} or "
            "more members, check it is not a template's figures copied)",
            where=_where(in_class)))
    return flags


# A make-up class's name, folded: "Lớp học bù", "Học bù đợt 2", "Lớp bù", "Make-up class".
_MAKEUP_CLASS = re.compile(r"\b(?:hoc bu|lop bu|bu lop|make ?up)\b")


def is_makeup_class(sessions: pd.Series) -> np.ndarray:
    """Whether each class's name says it is a make-up class ("Lớp học bù", "Make-up class")."""
    codes, names = _coded_text(sessions)
    return np.array([bool(_MAKEUP_CLASS.search(fold(name))) for name in names],
                    dtype=bool)[codes] if len(names) else np.zeros(len(sessions), dtype=bool)


def makeup_class_flags(by_session: pd.DataFrame, records: pd.DataFrame,
                       campaign: Campaign) -> list[dict]:
    """A make-up class reported as a class of its own: its members are those absent from the
    unit's other classes, counted a second time among the members who had to study, which
    lowers the unit's rate. Not corrected (nobody says whom it re-taught): said."""
    labels = campaign.phase_labels
    flags = []
    rows_of = unit_rows(records)
    # A unit without classes has its own name as its class in by_session.
    named = by_session["session"].astype("string") != by_session["ward"].astype("string")
    for row in by_session[is_makeup_class(by_session["session"]) & named.fillna(False)
                          .to_numpy(dtype=bool)].itertuples(index=False):
        in_unit = rows_of(row.phase, row.ward)
        in_class = in_unit[in_unit["session"].astype("string") == row.session]
        flags.append(_flag(
            row.phase, row.ward, "makeup_class",
            f"lớp '{row.session}' của {row.ward} ở {in_sentence(labels[row.phase])} được tính "
            f"như một lớp riêng ({format_count(row.attended, 'vi')}/"
            f"{format_count(row.expected, 'vi')}): nếu đó là những người đã vắng ở các lớp "
            "khác, họ bị tính hai lần trong số phải học; hãy ghi số học bù vào lớp họ đã vắng "
            f"(class '{row.session}' of {row.ward} in {labels[row.phase]} is counted as a "
            f"class of its own ({format_count(row.attended, 'en')}/"
            f"{format_count(row.expected, 'en')}): if its members were absent from the other "
            "classes, they are counted twice among those who had to study; report the make-up "
            "attendance on the classes they missed)",
            where=_where(in_class)))
    return flags


def zero_expected_flags(ward_phase: pd.DataFrame, records: pd.DataFrame, campaign: Campaign
                        ) -> list[dict]:
    """A unit that reports 0 members to study in a phase ("Cự Khối 0 | 0", class not held
    yet, or the counts left out): it has no rate, so it is neither above nor below the target
    in any count of units, and the analyst checks it."""
    labels = campaign.phase_labels
    flags = []
    rows_of = unit_rows(records)
    for row in ward_phase[ward_phase["expected"] == 0].itertuples(index=False):
        label = labels.get(row.phase, row.phase)
        flags.append(_flag(
            row.phase, row.ward, "zero_expected",
            f"{row.ward} báo cáo 0 đảng viên phải học ở {in_sentence(label)}: không có tỷ lệ, "
            f"không tính vào số đơn vị đạt hay chưa đạt chỉ tiêu; kiểm tra lại số liệu ({row.ward} "
            f"reported 0 members to study in {label}: it has no rate and is counted neither "
            "as meeting nor as missing the target; check the figures)",
            where=_where(rows_of(row.phase, row.ward))))
    return flags


# --------------------------------------------------------------------------------------------
# The whole assessment
# --------------------------------------------------------------------------------------------


def assess(campaign: Campaign, ingest: Ingest, duplicates: Duplicates,
           ward_phase: pd.DataFrame, by_session: pd.DataFrame) -> Quality:
    """Completeness, timeliness and every consistency rule, on the records the rates use."""
    records = ingest.records
    rejected = rejected_reports(campaign, records, duplicates.held_out, ingest.rejects,
                                ingest.files)
    to_fix = rows_to_fix(ingest.rejects)
    table = completeness(campaign, records, duplicates.held_out, ingest.files, rejected, to_fix,
                         phase_unknown=phase_unknown(campaign, ingest.rejects),
                         refused=pd.concat([frame[["phase", "ward", "source_file", "sheet"]]
                                            for frame in (ingest.rejects, duplicates.copies)
                                            if not frame.empty] or [records.iloc[:0]]))
    dates = report_dates(ingest.files)
    flags = [
        *completeness_flags(campaign, table, dates, rejected, sent_dates(ingest.files)),
        *reconciliation_flags(ingest.checks, records, duplicates.held_out, ingest.rejects),
        *unread_column_flags(ingest.files, records, duplicates.held_out),
        *session_not_held_flags(ingest.files, records),
        *unit_spelling_flags(ingest.files, records),
        *phase_mismatch_flags(ingest.files, records, duplicates.held_out, campaign,
                              duplicates.copies),
        *session_phase_flags(records, campaign),
        *membership_flags(ward_phase, records, campaign, duplicates.held_out, to_fix,
                          members_not_expected(ingest.rejects),
                          members_not_expected(ingest.rejects, (MOVED_IN_REASON,))),
        *outlier_flags(ward_phase, records, campaign, duplicates.held_out, to_fix),
        *full_attendance_flags(by_session, records, campaign),
        *makeup_class_flags(by_session, records, campaign),
        *zero_expected_flags(ward_phase, records, campaign),
    ]
    frame = pd.concat([duplicates.flags, _flags(flags)], ignore_index=True) \
        if not duplicates.flags.empty else _flags(flags)
    return Quality(
        settings=campaign.quality,
        completeness=table,
        by_phase=phase_completeness(campaign, table),
        flags=_ordered_flags(frame, campaign),
        held_out=duplicates.held_out,
        expected_from="campaign.toml" if campaign.units_from_config else "built-in gazetteer",
        phase_labels=campaign.phase_labels,
        rejected=rejected,
        rejected_rows=follow_up_rows(ingest.rejects, duplicates.copy_files),
    )


def with_units_reported(by_phase: pd.DataFrame, quality: Quality) -> pd.DataFrame:
    """participation_by_phase plus `units_reported`, `units_expected` and `units_unexpected`
    (units not listed for the phase, in its rate too): no rate over a partial or a wider set
    of units without saying so."""
    counts = quality.by_phase.set_index("phase")
    table = by_phase.copy()
    phases = table["phase"].astype("str")  # possibly categorical
    for name in ("units_reported", "units_expected", "units_unexpected"):
        table[name] = phases.map(counts[name]).fillna(0).astype("int64")
    return table


# --------------------------------------------------------------------------------------------
# Words for people
# --------------------------------------------------------------------------------------------


def names_text(names: list[str], lang: str) -> str:
    if len(names) <= NAMES_SHOWN:
        return ", ".join(names)
    rest = len(names) - NAMES_SHOWN + 1
    shown = ", ".join(names[:NAMES_SHOWN - 1])
    return f"{shown} và {rest} đơn vị khác" if lang == "vi" else f"{shown} and {rest} more"


def word_labels(campaign: Campaign) -> dict[str, dict[str, str]]:
    """`export.labelled`'s phase, rule and severity labels in the campaign's language."""
    lang = campaign.lang
    return {"phase_labels": campaign.phase_labels,
            "rule_labels": {rule: vi if lang == "vi" else en
                            for rule, (_, vi, en) in RULES.items()},
            "severity_labels": SEVERITY_LABELS[lang]}


def reporting_note(quality: Quality, phase: str, lang: str,
                   kinds: Iterable[str] = KINDS) -> str:
    """'Chưa báo cáo: A, B.' for a phase whose expected units did not all report, else ''."""
    reported, expected, missing, held = units_reported(quality, phase, kinds)
    units = _expected_units(quality, phase, kinds)
    # A unit counted for some of its rows while a class of it is held out (two copies whose
    # figures differ): its rate leaves those members out, and says so.
    partly = units.loc[units["status"] == "partly_held_out", "ward"].tolist()
    partly_rejected = units.loc[units["status"] == "partly_rejected", "ward"].tolist()
    if reported == expected and not partly and not partly_rejected:
        return ""
    refused = units_rejected(quality, phase, kinds)
    # (unit names, Vietnamese words, English words), in the order they are said.
    notes = (
        (missing, "Chưa báo cáo", "Not reported"),
        (held, "Chưa tính (báo cáo trùng, số liệu khác nhau)",
         "Not counted (sent twice with different figures)"),
        (partly, "Tính một phần, có lớp hoặc chi bộ gửi trùng với số liệu khác nhau chưa tính",
         "Partly counted, a class or party cell sent twice with different figures left "
         "out"),
        (partly_rejected, "Tính một phần, có dòng bị loại chưa tính",
         "Partly counted, rejected rows left out"),
        (refused, "Chưa tính (có báo cáo nhưng bị loại cả tệp hoặc mọi dòng)",
         "Not counted (report received, the whole file or every row rejected)"),
    )
    return " ".join(f"{vi if lang == 'vi' else en}: {names_text(names, lang)}."
                    for names, vi, en in notes if names)


def completeness_text(quality: Quality, lang: str) -> str:
    """One line per phase: n of N units reported, who is missing, late or undated."""
    lines = []
    for row in quality.by_phase.itertuples(index=False):
        label = quality.phase_labels.get(row.phase, row.phase)
        if lang == "vi":
            line = (f"{label}: {row.units_reported}/{row.units_expected} đơn vị đã báo cáo "
                    f"({format_percent(row.completeness, lang, decimals=0)})")
            parts = [("chưa báo cáo", row.missing),
                     ("báo cáo trùng khác nhau, chưa tính", row.held_out),
                     ("có báo cáo nhưng bị loại cả tệp hoặc mọi dòng, chưa tính", row.rejected),
                     ("báo cáo muộn", row.late), ("không rõ ngày báo cáo", row.date_unknown)]
        else:
            line = (f"{label}: {row.units_reported} of {row.units_expected} units reported "
                    f"({format_percent(row.completeness, lang, decimals=0)})")
            parts = [("not reported", row.missing),
                     ("sent twice with different figures, not counted", row.held_out),
                     ("report received but the whole file or every row rejected, not counted",
                      row.rejected),
                     ("late", row.late), ("report date unknown", row.date_unknown)]
        for words, names in parts:
            if names:
                line += f"; {words}: {names_text(names.split('; '), lang)}"
        lines.append(line)
    return "\n".join(lines)


def rules_table(settings: QualitySettings, lang: str) -> pd.DataFrame:
    """Each rule, its severity and the threshold this campaign uses ([quality] or default)."""
    vi = lang == "vi"
    share = format_percent(settings.membership_change, lang)
    chance = f"1/{round(1 / OUTLIER_CHANCE)}"
    thresholds = {
        "missing_report": "có trong [[units]] (và phases) của campaign.toml" if vi
                          else "listed in campaign.toml's [[units]] (and phases)",
        "rejected_report": "mọi dòng của đơn vị trong giai đoạn bị loại (rejects.csv)" if vi
                           else "every row of the unit in the phase rejected (rejects.csv)",
        "duplicate_conflict": "cùng đơn vị, lớp, chi bộ, giai đoạn ở 2 tệp hoặc 2 trang tính"
                              if vi else "same unit, class, cell and phase in 2 files or sheets",
        "unit_twice": "2 dòng cùng đơn vị, lớp, chi bộ, khác số liệu, trong một trang tính"
                      if vi else "2 rows with the same unit, class and cell, different "
                                 "figures, in a sheet",
        "unit_in_sheets": "cùng đơn vị, lớp, chi bộ ở 2 trang tính của một tệp, tên trang không "
                          "phải lớp hay buổi" if vi else "same unit, class and cell in 2 sheets "
                          "of a file whose names are no class or session",
        "duplicate_row": "2 dòng cùng đơn vị, lớp, chi bộ và số liệu trong một trang tính"
                         if vi else "2 rows with the same unit, class, cell and figures in a sheet",
        "person_in_two_cells": "cùng tên ở 2 chi bộ của một đơn vị, giai đoạn" if vi
                               else "one name under 2 cells of a unit and phase",
        "totals_row": "khớp đúng từng người" if vi else "exact",
        "unit_row": "dòng đơn vị < 9/10 tổng các chi bộ cạnh nó" if vi
                    else "unit's row < 9/10 of its cells' sum",
        "rate_column": f"lệch quá ±{_plain(RATE_TOLERANCE * 100, lang)} điểm %" if vi
                       else f"off by more than ±{_plain(RATE_TOLERANCE * 100, lang)} points",
        "session_not_held": ("cột buổi học không có dấu nào, các buổi khác có" if vi else
                             "a session's column with no mark, others marked"),
        "unit_spelling": ("tên trong cột đơn vị sai một chút so với đơn vị của tệp" if vi
                          else "a unit column's name a slip off the file's unit"),
        "unread_column": ("cột không tên, ≥ 2 ô và ít nhất nửa số dòng là ký hiệu điểm danh "
                          "(danh sách) hoặc số (tổng hợp)" if vi else
                          "no heading; ≥ 2 cells and half the rows hold roll-call marks "
                          "(roll-call) or numbers (summary)"),
        "phase_mismatch": ("tiêu đề, tên trang hoặc tên tệp ghi giai đoạn khác quy tắc "
                           "[[sources]]" if vi else "title, sheet or file name names another "
                           "phase than the [[sources]] rule"),
        "session_other_phase": ("ngày của buổi học nằm trong thời gian giai đoạn khác" if vi
                                else "a session's date falls in another phase's period"),
        "membership_change": f"thay đổi > {share}" if vi else f"change > {share}",
        "rate_outlier": (f"|z hiệu chỉnh| > {_plain(settings.outlier_z, lang)}, từ "
                         f"{OUTLIER_MIN_PEERS} đơn vị cùng loại, khả năng ngẫu nhiên ≤ {chance}"
                         if vi else f"|modified z| > {_plain(settings.outlier_z, lang)}, "
                                    f"{OUTLIER_MIN_PEERS}+ units of a kind, chance ≤ {chance}"),
        "full_attendance": (f"100% và ≥ {settings.full_attendance_min_size} người" if vi
                            else f"100% and ≥ {settings.full_attendance_min_size} members"),
        "makeup_class": "tên lớp có \"học bù\" hoặc \"lớp bù\"" if vi
                        else "class named \"học bù\" or \"lớp bù\" (make-up)",
        "zero_expected": "số phải học = 0" if vi else "expected = 0",
        "late_report": "sau hạn nộp của giai đoạn" if vi else "after the phase's deadline",
        "dated_before_campaign": "ngày ký trước ngày bắt đầu của đợt" if vi
                                 else "signed before the campaign's start",
        "report_date_unknown": "giai đoạn có hạn nộp" if vi else "phase has a deadline",
        "duplicate_report": "bản sao giống hệt" if vi else "identical copies",
        "unexpected_unit": "ngoài danh sách đơn vị của giai đoạn" if vi
                           else "not in the phase's [[units]]",
    }
    rows = [{
        ("Quy tắc" if vi else "Rule"): rule,
        ("Vấn đề" if vi else "Problem"): vi_label if vi else en_label,
        ("Mức độ" if vi else "Severity"): SEVERITY_LABELS[lang][severity],
        ("Ngưỡng" if vi else "Threshold"): thresholds[rule],
    } for rule, (severity, vi_label, en_label) in RULES.items()]
    return pd.DataFrame(rows)


def findings(flags: pd.DataFrame) -> pd.DataFrame:
    """The flags one line per finding: quality_flags.csv gives a finding about several places
    (two copies of one report that differ) a line per place, each naming its own. Counted as
    lines, one conflict was "2 × Báo cáo gửi nhiều lần" (QA round 38)."""
    return flags.drop_duplicates(["phase", "ward", "rule", "detail"])


def flag_counts_text(quality: Quality, lang: str) -> str:
    """How many findings per rule, most serious first, in words of the campaign's language:
    "  1 × Chưa gửi báo cáo (cần xử lý)". The rule's code, for quality_flags.csv, is in
    `rules_table`."""
    flags = findings(quality.flags)
    if flags.empty:
        return "Không có cảnh báo nào." if lang == "vi" else "No data-quality flags."
    lines = []
    for rule, (severity, vi_label, en_label) in RULES.items():
        count = int((flags["rule"] == rule).sum())
        if count:
            label = vi_label if lang == "vi" else en_label
            lines.append(f"{count:>3} × {label} ({SEVERITY_LABELS[lang][severity].lower()})")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The follow-up list
# --------------------------------------------------------------------------------------------

FOLLOW_UP_HEADERS = {
    "vi": ("Giai đoạn", "Vấn đề", "Mức độ", "Chi tiết", "Tệp", "Trang tính", "Dòng", "Cột"),
    "en": ("Phase", "Problem", "Severity", "Detail", "File", "Sheet", "Row", "Column"),
}
# Reasons of rows left out as the README says they are, which no unit has to fix.
_IDENTICAL_COPY = "báo cáo trùng: "  # how the reason of a report's extra copy begins
_LEFT_OUT_AS_MEANT = (NON_MEMBER_REASON, GUEST_REASON, EXEMPT_REASON, *NOT_EXPECTED_REASONS,
                      MOVED_IN_REASON, _IDENTICAL_COPY, DUPLICATE_PERSON_REASON,
                      NOT_REPORTED_REASON, NO_FIGURES_REASON, PASTED_COPY_REASON,
                      HIDDEN_ROW_PREFIX, SUPERSEDED_PREFIX)

# ", 12/9" after the row of a person's first listing in a roll-call by session
# (`validate.duplicate_persons`): the session of a line kept per session in rejects.csv.
_SESSION_OF_FIRST_LISTING = re.compile(r"(, dòng \d+), (?:[^()]|\([^()]*\))+\)")

SEVERITY_LABELS = {
    "vi": {"error": "Cần xử lý", "warning": "Cần kiểm tra", "info": "Để biết"},
    "en": {"error": "Must fix", "warning": "Please check", "info": "For information"},
}
GENERAL_SHEET = {"vi": "Chung (nhiều đơn vị)", "en": "General (several units)"}


def write_follow_up(quality: Quality, campaign: Campaign, path: Path) -> None:
    """follow_up.xlsx: an overview sheet, then one sheet per unit with its problems and the
    cells concerned, ready to send back; byte-identical from run to run.

    A unit's problems are its findings, that it is counted only in part (`partly_held_out`),
    and every row of it that was rejected, with the reason: all of them when nothing of the
    unit was counted, and also those of a unit whose other rows were counted."""
    lang = campaign.lang
    vi = lang == "vi"
    headers = FOLLOW_UP_HEADERS[lang]
    workbook = Workbook()
    overview = workbook.active
    overview.title = "Tổng hợp" if vi else "Overview"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {"error": PatternFill("solid", fgColor="F4C7C3"),
             "warning": PatternFill("solid", fgColor="FDE2C8")}
    styles = CellStyles()
    overview.append([_safe(campaign.title)])
    overview["A1"].font = Font(bold=True, size=13)
    overview.append(["Danh sách đề nghị các đơn vị kiểm tra, bổ sung số liệu" if vi
                     else "What to ask each unit to check or send"])
    overview.append([])
    overview.append(["Đơn vị" if vi else "Unit", SEVERITY_LABELS[lang]["error"],
                     SEVERITY_LABELS[lang]["warning"], SEVERITY_LABELS[lang]["info"],
                     "Trang tính" if vi else "Sheet"])
    for cell in overview[4]:
        cell.font = bold
    taken = {overview.title.casefold()}
    rejected = quality.rejected_rows
    table = quality.completeness.reindex(columns=list(COMPLETENESS_COLUMNS))
    partly = table[table["status"] == "partly_held_out"]
    # Each unit's rows as tuples, grouped once: frame filters per unit were a millisecond
    # each, three seconds for a city's six hundred units. Flags' text Excel would run as a
    # formula gets its apostrophe once for all units.
    refused = _rows_of(rejected)
    refused_by_unit = _unit_rows(refused)
    # Rows of no known unit go on the last sheet, with the findings of no one unit.
    refused_by_unit[""] = [row for row in refused if not _present(row.ward)]
    partly_by_unit = _unit_rows(_rows_of(partly))
    groups = _flag_groups(_rows_of(neutralise(quality.flags)), campaign,
                          [*refused_by_unit, *partly_by_unit],
                          general=bool(refused_by_unit[""]))
    for unit, rows in groups:
        name = unit or GENERAL_SHEET[lang]
        title = _sheet_title(name, taken)
        lines = _follow_up_lines(rows, refused_by_unit.get(unit, []), quality.phase_labels,
                                 lang, partly=partly_by_unit.get(unit, []),
                                 held_out=quality.held_out)
        overview.append([_safe(name), *(sum(severity == wanted for severity, _ in lines)
                                        for wanted in SEVERITIES), title])
        sheet = workbook.create_sheet(title)
        sheet.append([_safe(f"{name} — {campaign.title}")])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(["Đề nghị đơn vị kiểm tra và trả lời từng vấn đề dưới đây." if vi
                      else "Please check and answer each point below."])
        sheet.append([])
        sheet.append(list(headers))
        for cell in sheet[4]:
            styles.apply(cell, "header", font=bold, alignment=wrap)
        for severity, values in lines:
            sheet.append(values)
            for cell in sheet[sheet.max_row]:
                if severity in fills:
                    styles.apply(cell, severity, alignment=wrap, fill=fills[severity])
                else:
                    styles.apply(cell, "line", alignment=wrap)
        for letter, width in zip("ABCDEFGH", (13, 30, 13, 80, 34, 16, 7, 18), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A5"
    if not groups:
        overview.append(["Không có vấn đề nào." if vi else "Nothing to follow up."])
    for letter, width in zip("ABCDE", (40, 12, 12, 12, 32), strict=True):
        overview.column_dimensions[letter].width = width
    overview.freeze_panes = "A5"  # its header row stays in view, as each unit's sheet's
    write_xlsx(workbook, path)


def _follow_up_lines(flags: list, refused: list, phase_labels: dict[str, str], lang: str, *,
                     partly: list = (), held_out: pd.DataFrame | None = None
                     ) -> list[tuple[str, list]]:
    """(severity, cells) per line of a unit's sheet, phase by phase, most serious first: that
    the unit is counted only in part (`partly`, its completeness rows whose status is
    `partly_held_out`, with the `held_out` rows that explain it), then its findings, each
    "every row rejected" finding followed by the rows concerned with their reasons, and the
    phase's other rejected rows (rows refused while others of the unit were counted) after
    its other errors.

    `flags`, `refused` and `partly` are the unit's rows (`_rows_of`), its flags' text made
    safe for Excel (`neutralise`)."""
    vi = lang == "vi"
    order = {phase: position for position, phase in enumerate(phase_labels)}

    def phase_text(phase) -> str:
        return phase_labels.get(phase, phase) if _present(phase) else ""

    def phase_rank(phase) -> int:
        return order.get(phase, len(order)) if _present(phase) else len(order)

    refused_by_phase: dict[str | None, list] = {}
    for row in refused:
        refused_by_phase.setdefault(_cell(row.phase), []).append(row)

    def rejected_rows(phase: str | None, counted: bool = False) -> list[tuple[str, list]]:
        """(severity, cells) of the unit's rejected rows of `phase`, or with None those of
        no known phase. A row left out as meant (a non-member, a guest, an excused member, an
        identical copy) is for information: nothing for the unit to fix (QA round 34). So is
        a file refused whole where the unit is `counted` from another in the phase (QA round
        89 #6: a damaged file beside its intact copy, "to fix"), saying so."""
        lines = []
        # A roll-call's row refused for each of its sessions alike is one line, saying how
        # many times: its lines were word for word the same (QA rounds 67 #6, 71 #3).
        # So is a person listed twice, whose line per session names its session where the
        # first listing is (QA round 83 #1: three lines for one row, "dòng 10, 12/9", "dòng
        # 10, 19/9"...): merged, the line names the row alone.
        repeats: dict[tuple, int] = {}
        for row in refused_by_phase.get(phase, []):
            reason = _SESSION_OF_FIRST_LISTING.sub(r"\1)", str(row.reason))
            key = (row.source_file, _cell(row.sheet), _cell(row.source_row), reason, row.raw)
            if _present(row.source_row) and key in repeats:
                repeats[key] += 1
                continue
            repeats[key] = 1
            # In the campaign's language alone: the sheet goes back to the unit (QA round
            # 42: the English glosses of the CSVs' reasons and details were on it).
            reason = in_language(str(row.reason), lang)
            detail = reason if not _present(row.raw) else (
                f"{reason}; dòng ghi: {row.raw}" if vi else f"{reason}; the row reads: {row.raw}")
            if _present(row.copy_file):
                detail += (f" (cùng dòng trong bản sao {row.copy_file})" if vi
                           else f" (the same row in the copy {row.copy_file})")
            severity = "info" if str(row.reason).startswith(_LEFT_OUT_AS_MEANT) else "error"
            # Not on the sheet of no unit: nobody was counted (QA round 98 #5).
            if counted and not _present(row.source_row) and _present(row.ward):
                severity = "info"
                detail += (" (đơn vị đã được tính theo tệp khác của giai đoạn này; nếu tệp "
                           "này có thêm số liệu, đề nghị gửi lại)" if vi else
                           " (the unit is counted from another file of this phase; if this "
                           "file holds more figures, ask for it again)")
            lines.append((key, severity, [
                phase_text(row.phase), REJECTED_ROW_LABELS[0 if vi else 1],
                SEVERITY_LABELS[lang][severity], detail, _safe(_cell(row.source_file)),
                _safe(_cell(row.sheet)), _cell(row.source_row), None]))
        for key, _, values in lines:
            if repeats[key] > 1:
                values[3] = _SESSION_OF_FIRST_LISTING.sub(r"\1)", values[3])
                values[3] += (f" (dòng này bị loại {repeats[key]} lần, mỗi buổi một lần)" if vi
                              else f" (this row is rejected {repeats[key]} times, once per "
                                   "session)")
            values[3] = _safe(values[3])
        return [(severity, values) for _, severity, values in lines]

    # (phase, severity, position, offset) -> a line: the flags come in that order already
    # (`_ordered_flags`); the lines they do not carry are placed among them.
    keyed: list[tuple[tuple[int, int, int, int], str, list]] = []
    error = SEVERITIES.index("error")
    for row in partly:
        keyed.append(((phase_rank(row.phase), error, -1, 0), "error",
                      _partly_counted_line(row, held_out, phase_labels, lang)))
    listed: set[str] = set()
    # A finding about several places (`findings`) is one line, its places one under another.
    places: dict[tuple, list] = {}
    for row in flags:
        places.setdefault((row.phase, row.rule, row.detail), []).append(row)
    for position, row in enumerate(flags):
        at = places.pop((row.phase, row.rule, row.detail), None)
        if at is None:
            continue  # a later place of a finding already written
        severity, vi_label, en_label = RULES[row.rule]
        keyed.append(((phase_rank(row.phase), SEVERITIES.index(severity), position, 0),
                      severity, [
            phase_text(row.phase), vi_label if vi else en_label,
            SEVERITY_LABELS[lang][severity], in_language(row.detail, lang), *_places(at),
        ]))
        if row.rule == "rejected_report" and row.phase not in listed:
            listed.add(row.phase)
            # A file refused whole has its reason in the finding itself: no line of its own.
            whole = all(not _present(refusal.source_row)
                        for refusal in refused_by_phase.get(row.phase, []))
            keyed += [((phase_rank(row.phase), error, position, offset), severity, values)
                      for offset, (severity, values) in enumerate(
                          [] if whole else rejected_rows(row.phase), start=1)]
    # Rows of a phase with no "every row rejected" finding: the unit had other rows counted.
    for phase in sorted({phase for phase in refused_by_phase if phase is not None} - listed,
                        key=phase_rank):
        keyed += [((phase_rank(phase), SEVERITIES.index(severity), len(flags), offset),
                   severity, values)
                  for offset, (severity, values) in enumerate(rejected_rows(phase, True),
                                                              start=1)]
    # Rows whose phase could not be told ("không rõ giai đoạn"), once, after every phase.
    keyed += [((len(order), SEVERITIES.index(severity), len(flags), offset), severity, values)
              for offset, (severity, values) in enumerate(rejected_rows(None), start=1)]
    keyed.sort(key=lambda line: line[0])
    return [(severity, values) for _, severity, values in keyed]


def _places(flags: list) -> list:
    """The file, sheet, row and column cells of a finding's line (`_follow_up_lines`) from
    its flags' rows: its place, or what its places have in common, as `_where` tells it
    ("a.xlsx; b.xlsx" for two files)."""
    if len(flags) == 1:
        return [_cell(getattr(flags[0], name))
                for name in ("source_file", "sheet", "source_row", "column")]
    sheets = {(flag.source_file, _cell(flag.sheet)) for flag in flags
              if _present(flag.source_file)}
    where = _where_sheets(sorted(sheets, key=lambda place: (place[0], place[1] or "")),
                          [flag.source_row for flag in flags])
    columns = {_cell(flag.column) for flag in flags}
    return [where.get("source_file"), where.get("sheet"), where.get("source_row"),
            columns.pop() if len(columns) == 1 else None]


def _rows_of(frame: pd.DataFrame) -> list:
    """A frame's rows as named tuples, for work done a few rows at a time."""
    return list(frame.itertuples(index=False))


def _unit_rows(rows: Iterable) -> dict[str, list]:
    """Rows (`_rows_of`) per unit named in their `ward`, in their order."""
    by_unit: dict[str, list] = {}
    for row in rows:
        if _present(row.ward):
            by_unit.setdefault(row.ward, []).append(row)
    return by_unit


def _partly_counted_line(row, held_out: pd.DataFrame | None, phase_labels: dict[str, str],
                         lang: str) -> list:
    """The follow-up line of a unit counted in part (a completeness row): how many of its rows
    are held out, of which classes, and where they are; in Vietnamese, then English in
    brackets, as a finding's detail."""
    label = phase_labels.get(row.phase, row.phase)
    held = held_out.iloc[0:0] if held_out is None or held_out.empty else held_out[
        (held_out["phase"].astype("string") == row.phase)
        & (held_out["ward"].astype("string") == row.ward)]
    sessions = sorted({str(name) for name in held["session"] if _present(name)}) \
        if "session" in held else []
    named = ", ".join(f"'{name}'" for name in sessions)
    count = int(row.rows_held_out)
    detail = (f"báo cáo {in_sentence(label)} của {row.ward} mới được tính một phần: {count} dòng"
              + (f" của lớp {named}" if named else "")
              + " gửi trùng với số liệu khác nhau nên chưa tính vào tỷ lệ; đề nghị đơn vị xác "
              f"nhận số đúng (the {label} report of {row.ward} is only partly counted: "
              f"{count} row(s)" + (f" of class {named}" if named else "")
              + " sent twice with different figures are held out of the rates until the unit "
              "confirms which figures stand)")
    where = _where(held) if len(held) else {}
    return [label, PARTLY_COUNTED_LABELS[0 if lang == "vi" else 1],
            SEVERITY_LABELS[lang]["error"], _safe(in_language(detail, lang)),
            _safe(where.get("source_file")),
            _safe(where.get("sheet")), where.get("source_row"), None]


def _flag_groups(flags: list, campaign: Campaign, others: Iterable[str] = (), *,
                 general: bool = False) -> list[tuple[str, list]]:
    """Units in the campaign's order (others by name), then the findings of no one unit:
    (unit, its findings' rows), "" for the unit of the last.

    `flags`: the findings' rows (`_rows_of`). `others`: units with something to follow up
    that is no finding of theirs (rows rejected while other rows were counted): each gets its
    group, with or without findings; `general`: so has the last group (rows of no known
    unit)."""
    by_unit = _unit_rows(flags)
    nobodys = [row for row in flags if not _present(row.ward)]
    units = list(dict.fromkeys([*by_unit, *(unit for unit in others if _present(unit))]))
    order = {unit.name: position for position, unit in enumerate(campaign.units)}
    units.sort(key=lambda unit: (order.get(unit, len(order)), fold(unit)))
    groups = [(unit, by_unit.get(unit, [])) for unit in units]
    if nobodys or general:
        groups.append(("", nobodys))
    return groups


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel's rules: 31 characters, no []:*?/\\, unique in the workbook (case-insensitive).
    `taken`: the titles given so far, case-folded."""
    base = _SHEET_FORBIDDEN.sub("-", name).strip().strip("'")
    if len(base) > 31:
        # Cut at a word, and said so: "Chi bộ Phòng Tài chính - Kế hoạ" read as a name (QA
        # round 62 #6).
        cut = base[:30]
        base = (cut[:cut.rfind(" ")] if " " in cut[10:] else cut).rstrip(" -–,") + "…"
    base = base or "-"
    title, number = base, 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        kept = base
        if len(base) + len(suffix) > 31:  # cut at a word again (QA round 64 #13)
            cut = base.rstrip("…")[:30 - len(suffix)]
            kept = (cut[:cut.rfind(" ")] if " " in cut[10:] else cut).rstrip(" -–,…") + "…"
        title, number = kept + suffix, number + 1
    taken.add(title.casefold())
    return title


def _safe(text: str) -> str:
    return neutral_text(text)


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _flag(phase, ward, rule: str, detail: str, where: dict | None = None) -> dict:
    where = where or {}
    return {"phase": phase, "ward": ward, "rule": rule, "severity": RULES[rule][0],
            "detail": detail, "source_file": where.get("source_file", pd.NA),
            "sheet": where.get("sheet", pd.NA), "source_row": where.get("source_row", pd.NA),
            "column": where.get("column", pd.NA)}


def _flags(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(FLAG_COLUMNS))
    for name in FLAG_COLUMNS:
        frame[name] = frame[name].astype("Int64" if name == "source_row" else "string")
    return frame


def _where(rows: pd.DataFrame) -> dict:
    """The file, sheet and row a finding points at, as precisely as the rows allow."""
    return _where_sheets(sorted(set(zip(rows["source_file"], rows["sheet"], strict=True))),
                         rows["source_row"].tolist())


def _where_sheets(sheets: list[tuple[str, str]], source_rows: list | None = None) -> dict:
    if not sheets:
        return {}
    files = sorted({name for name, _ in sheets})
    if len(files) > 1:
        return {"source_file": "; ".join(files)}
    where = {"source_file": files[0]}
    if len(sheets) == 1:
        if not pd.isna(sheets[0][1]):  # a file refused whole names no sheet
            where["sheet"] = sheets[0][1]
        if source_rows is not None and len(source_rows) == 1 and not pd.isna(source_rows[0]):
            where["source_row"] = int(source_rows[0])
    return where


def _ordered(table: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    keys = pd.DataFrame({
        "phase": rank(table["phase"], campaign.phase_ids),
        "kind": rank(table["kind"], KINDS).fillna(len(KINDS)),
        "ward": table["ward"].map(fold),
    })
    order = keys.sort_values(["phase", "kind", "ward"], kind="stable").index
    return table.loc[order].reset_index(drop=True)


def _ordered_flags(flags: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Phase, then the most serious first, then rule, unit, file and row: a stable order."""
    rule_order = {rule: position for position, rule in enumerate(RULES)}
    keys = pd.DataFrame({
        "phase": rank(flags["phase"], campaign.phase_ids).astype("float").fillna(
            len(campaign.phase_ids)),
        "severity": flags["severity"].map(SEVERITIES.index),
        "rule": flags["rule"].map(rule_order),
        "ward": flags["ward"].fillna("").map(fold),
        "source_file": flags["source_file"].fillna(""),
        "sheet": flags["sheet"].fillna(""),
        "source_row": flags["source_row"].astype("float").fillna(-1),
    })
    order = keys.sort_values(list(keys.columns), kind="stable").index
    return flags.loc[order].reset_index(drop=True)


def _present(value: object) -> bool:
    return (isinstance(value, str) and value != "") or (
        value is not None and not isinstance(value, str) and not pd.isna(value))


def _plain(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "vi" else text


__all__ = [
    "FLAG_COLUMNS", "GRASSROOTS_KINDS", "RULES", "Duplicates", "Quality", "assess",
    "completeness", "completeness_text", "find_duplicates", "modified_z", "reporting_note",
    "settle_duplicates", "with_units_reported", "write_follow_up",
]

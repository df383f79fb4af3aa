"""One sheet's grid -> candidate attendance rows, totals rows and their reconciliation.

The body of a table is the rows below its header, up to where the data stops: the signature
block, the date line and pre-numbered empty template rows below the last figure are footer,
not data. Every row of the body is a row read: it ends as accepted or rejected, never
silently dropped.
"""

from __future__ import annotations

import datetime as dt
import itertools
import numbers
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, pairwise
from operator import itemgetter
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa
from openpyxl.utils import get_column_letter

from analysis.campaign import Campaign
from analysis.clean import (
    CHECK_IN_FIELDS,
    CHECK_IN_STAMPS,
    COUNT_FIELDS,
    DASHES,
    HEADER_SEARCH_ROWS,
    LABEL_FIELDS,
    MARKER_STATUSES,
    MARKERS,
    NO_TICK,
    NOT_EXPECTED_FIELDS,
    RIVAL_FIELDS,
    TICK_STATUS,
    TOTALS_LABELS,
    TOTALS_LABELS_WRITTEN,
    UNHEADED_UNITS,
    VALUE_FIELDS,
    Header,
    column_dates,
    count_series,
    dated_class,
    dates_in,
    dates_of_each,
    field_for_header,
    field_of_alias,
    find_header,
    is_blank_date_line,
    is_breakdown_label,
    is_date_only,
    is_dated_line,
    is_footer_text,
    is_phase_name,
    is_signature_date,
    is_totals_key,
    left_out,
    marker_status,
    must_attend,
    names_a_session,
    outside_the_total,
    parse_count,
    parse_rate,
    repeated_block,
    session_name,
    sheet_class,
    without_remarks,
)
from analysis.privacy import Privacy, person_key
from analysis.read import CSV_SHEET_NAME, SheetGrid
from analysis.text import clean_text, clean_texts, fold, fold_keep_marks, text_keys
from analysis.units import (
    UnitResolver,
    core_name,
    says_former,
    without_former_remark,
    without_list_number,
)
from analysis.validate import COUNT_COLUMNS, RULE_MESSAGES, VERSION_TAG, duplicate_persons

CANDIDATE_COLUMNS = (
    "source_file", "sheet", "source_row", "shape", "phase", "ward", "kind", "session", "cell",
    "person_key", "person", "expected", "attended", "absent_excused", "absent_unexcused",
    "absent_unspecified", "reason", "raw",
)
# One Arrow type per column whatever a file holds (a column of blanks included), so that the
# tables of six hundred files join without conversion.
CANDIDATE_SCHEMA = pa.schema([
    (name, pa.int64() if name in ("source_row", *COUNT_COLUMNS) else pa.large_string())
    for name in CANDIDATE_COLUMNS])
# Beside a group's candidate rows: the part of its sheet each row's text is found in
# (`RowTexts`), until the file's rows are settled.
_TEXT_PART = "_text_part"
RATE_TOLERANCE = 0.0051  # a rate typed with one decimal ("96,5%") is within half a point


@dataclass
class SheetResult:
    source_file: str
    sheet: str
    hidden: bool
    status: str  # "table", "empty", "no_table", "blank_form", "unreadable"
    error: str | None = None
    shape: str | None = None
    header_row: int | None = None  # 1-based
    rows_read: int = 0  # this sheet's rows below the header that are data
    totals_rows: list[int] = field(default_factory=list)
    footer_rows: list[int] = field(default_factory=list)
    ignored_rows: list[int] = field(default_factory=list)  # repeated headers, column numbers
    # Where a table's header is printed again lower on the sheet, or another table's starts
    # (a stacked part, an Excel pivot): a table below may be a copy of the one above.
    headers_below: list[int] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)  # totals and rate reconciliations
    report_date: str | None = None  # ISO date the report was signed or dated, if written
    report_date_source: str | None = None  # "footer", "form", "title" or "date_column"
    # Columns of figures or marks under no heading (`_unread_columns`): column letter and
    # how many cells it fills.
    unread_columns: list[dict] = field(default_factory=list)
    # Another phase than its [[sources]] rule's, named by the sheet's title, its name or its
    # file's name (`_phase_against_rule`): {"phase": id, "source": "title"/"sheet"/"file"}.
    phase_named: dict | None = None
    # The phases a table of phases side by side names (`_phases_side_by_side`): its refused
    # rows, of no one phase, are its units' in these phases only.
    phases_side_by_side: list[str] = field(default_factory=list)
    # A sheet with no table naming units side by side in one row, figures under them
    # (`_units_across`): the units, in the row's order.
    units_across: list[str] = field(default_factory=list)
    # A form's answers with questions not read (`_unread_form`): the questions, and the
    # units its answers name.
    form_questions: list[str] = field(default_factory=list)
    form_units: list[str] = field(default_factory=list)
    # Each unit's own report date in each phase where its rows say when they were sent
    # (`_units_sent`): {phase: {unit: ISO date}}.
    unit_dates: dict[str, dict[str, str]] = field(default_factory=dict)
    # A roll-call's session columns with no mark on the sheet, beside sessions marked: not
    # held, not read (`_per_session`): {"session": name, "column": letter}.
    sessions_not_held: list[dict] = field(default_factory=list)
    # Unit names written with a slip for the unit the file is for, counted as its
    # (`_spelled_as_the_files_unit`): {"written": text, "unit": name, "rows": count}.
    units_spelled: list[dict] = field(default_factory=list)


@dataclass
class ParsedFile:
    """One file's parse: what each sheet held, and the file's candidate rows as one table."""

    status: str  # "read" or "unreadable"
    error: str | None
    sheets: list[SheetResult]
    rows: pa.Table | None  # CANDIDATE_COLUMNS; None when no sheet has a table


def read_tables(grids: list[SheetGrid], campaign: Campaign, resolver: UnitResolver,
                privacy: Privacy, *, shown: Collection[tuple[str, int]] = ()
                ) -> tuple[list[SheetResult], pa.Table | None]:
    """Every sheet of a file, and the candidate rows of all of them (CANDIDATE_SCHEMA).

    Sheets with the same header (a roll-call's one sheet per party cell) are processed as one
    table: the work per sheet, not per row, is what costs. `shown`: (sheet, row)s whose text
    is wanted though they are accepted (`_settle_rows`)."""
    results: list[SheetResult] = []
    groups: dict[tuple, list[tuple[SheetResult, SheetGrid, Header]]] = {}
    for grid in grids:
        result = SheetResult(grid.source_file, grid.sheet, grid.hidden, status="empty")
        results.append(result)
        if grid.error:
            result.status = "unreadable"
            result.error = grid.error
            continue
        if not any(clean_text(value) for row in grid.rows for value in row):
            continue
        header = _unheaded_units_named(grid.rows, find_header(grid.rows), resolver)
        if header is not None:
            header = _cells_under_a_unit_heading(
                grid, _unheaded_cell_column(grid.rows, header), campaign, resolver)
        if header is None or ((grid.hidden or _names_a_form(grid.sheet))
                              and (not _has_attendance(header)
                                   or _blank_form(grid.rows, header))):
            # A hidden list of units and their members is a lookup behind the report's
            # formulas: its rows are not rejects to send back to every ward. A form nobody
            # filled in is said to be one, not a sheet without a table (QA round 67 #5).
            result.status = "blank_form" if header is not None and _has_attendance(header) \
                else "no_table"
            if header is None and not grid.hidden:
                result.units_across = _units_across(grid.rows, resolver)
                result.form_questions, result.form_units = _unread_form(grid.rows, resolver)
            continue
        result.status = "table"
        result.shape = header.shape
        result.header_row = header.first_row + 1
        for half, half_header in _side_by_side(grid, header, resolver):
            for part, part_header in _stacked_tables(half, half_header):
                layout = (tuple(part_header.columns.items()), tuple(part_header.labels.items()),
                          part_header.rivals, part_header.sessions, part_header.session_ticks,
                          part_header.parts, part_header.refusal)
                groups.setdefault(layout, []).append((result, part, part_header))
    # A sheet of stacked tables (or of halves side by side) is read in parts: a row's text is
    # the row as its part holds it.
    texts = RowTexts()
    parts = Counter(result.sheet for members in groups.values() for result, _, _ in members)
    part_sums: dict[str, list[dict[str, tuple[str, int, int, int, int]]]] = {
        sheet: [] for sheet, count in parts.items() if count > 1}
    sheet_phases = _phases_by_sheet_name(grids, campaign)
    frames = [_read_group(members, campaign, resolver, privacy, texts, part_sums, sheet_phases)
              for members in groups.values()]
    for result in results:
        if len(part_sums.get(result.sheet, ())) > 1:
            result.checks = _totals_across_parts(result.checks, part_sums[result.sheet])
    frames = [frame for frame in frames if len(frame["source_row"])]
    if not frames:
        return results, None
    rows = {name: np.concatenate([frame[name] for frame in frames])
            for name in (*CANDIDATE_COLUMNS, _TEXT_PART, VERSION_TAG)}
    return results, _settle_rows(rows, texts, privacy, shown)


def _unheaded_cell_column(rows: list[list], header: Header) -> Header:
    """A summary's unit column that goes on into the next one: "Đơn vị" merged across both,
    or the next one's heading left blank, the ward typed once in the first and its party
    cells listed in the second ("Bồ Đề | Chi bộ 1", " | Chi bộ 2"). That column is the cell
    column when its cells name cells ("Chi bộ ...", "Tổ dân phố ..."). Unread, every row of
    a ward but its first was refused and the ward counted from its first cell alone, 30/28
    of 75/72 (QA round 27)."""
    if header.shape != "summary" or "unit" not in header.columns or "cell" in header.columns:
        return header
    column = header.columns["unit"] + 1
    if column in header.columns.values():
        return header
    unit_label = fold(header.labels["unit"])
    for row in rows[header.first_row:header.body_start]:
        cell = row[column] if column < len(row) else ""
        if clean_text(cell) and fold(cell) != unit_label:
            return header
    named = [fold(row[column]) for row in rows[header.body_start:]
             if column < len(row) and isinstance(row[column], str) and clean_text(row[column])]
    cells = sum(bool(_CELL_HEADING.match(key)) for key in named)
    if cells < 2 or 2 * cells < len(named):
        return header
    return replace(header, columns={**header.columns, "cell": column},
                   labels={**header.labels, "cell": header.labels["unit"]})


# A party cell named by its number or its residential group, folded, however shortened: "chi
# bo 1", "chi bo so 2", "cb so 1", "cb1", "c bo 1" ("C.bộ 1"), "chi bo to dan pho 3", "chi bo
# tdp so 3", "chi bo kdc 2", "chi bo khu 1", "to dan pho 5", "khu pho 2", a ward's "to 4"
# (QA round 75 #1: each refused whole as unknown units); not an institution's ("Chi bộ Quân
# sự", "Chi bộ Công an"), which a district lists as units.
_NUMBERED_CELL = re.compile(
    r"^(?:(?:chi bo|cb|c bo) ?(?:so )?\d"
    r"|(?:chi bo|cb|c bo) (?:to dan pho|khu dan cu|khu pho|cum dan cu|thon|xom|ap)\b"
    r"|(?:chi bo|cb|c bo) (?:tdp|kdc|khu|cum|to) (?:so )?\d"
    r"|(?:to dan pho|tdp|khu dan cu|kdc|khu pho|cum dan cu|cum|thon|xom|ap|to) (?:so )?\d)")


# A title of the district's own document, folded: "QUẬN ỦY LONG BIÊN", "BAN TỔ CHỨC",
# "Đảng bộ quận".
_DISTRICT_DOCUMENT = re.compile(
    r"\b(?:quan uy|huyen uy|thi uy|ban to chuc|dang bo (?:quan|huyen|thi xa)\b)")
# Any party cell's name, folded: "chi bo van phong", "cb phong noi vu".
_PARTY_CELL = re.compile(r"^(?:chi bo|cb)\s")
# The parts an agency committee reports by, folded: its cells, offices, departments, a
# school's subject groups, a hospital's wards ("Văn phòng", "Phòng Nội vụ", "Tổ Văn", "Khoa
# Nội", "Ban Tuyên giáo", "Đội Kiểm tra", "Trạm Y tế", an enterprise's "Xí nghiệp 1").
_AGENCY_PART = re.compile(r"^(?:(?:chi bo|cb|phong|to|khoa|ban|bo phan|doi|tram|xi nghiep|xn"
                          r"|phan xuong|chi nhanh)\s|van phong\b)")


def _units_across(rows: list[list], resolver: UnitResolver) -> list[str]:
    """The units a sheet without a table names side by side in one row, with figures under
    two of them or more ("Chỉ tiêu | Bồ Đề | Gia Thụy" over "Tổng số đảng viên | 120 | 80"):
    a table turned on its side, which is not read (a unit per row is). Its units sent their
    figures: they are told why they were refused, not chased as missing (QA round 49 #8)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        named = {position: unit for position, value in enumerate(row)
                 if isinstance(value, str) and (unit := resolver.lookup(value)) is not None}
        if len(set(named.values())) < 2:
            continue
        for below in rows[index + 1:index + 4]:
            figures = sum(position < len(below) and parse_count(below[position])[0] is not None
                          and not isinstance(below[position], bool) for position in named)
            if figures >= 2:
                return list(dict.fromkeys(named.values()))
    return []


def _unread_form(rows: list[list], resolver: UnitResolver) -> tuple[list[str], list[str]]:
    """A form's answers ("Dấu thời gian | Họ và tên | … | Cảm nhận về buổi học?") that
    make no table, a question being one the loader cannot weigh (`clean.CHECK_IN_STAMPS`):
    the questions, and the units its answers name in a unit column. Its units are told why,
    not chased as not reported (QA round 99 #2: "no header row" of a header in plain view)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        labels = {position: clean_text(value) for position, value in enumerate(row)
                  if clean_text(value)}
        if not any(fold(label) in CHECK_IN_STAMPS for label in labels.values()):
            continue  # the stamp first: most sheets with no table are no form's answers
        fields = {position: field_for_header(label) for position, label in labels.items()}
        if "name" not in fields.values():
            continue
        questions = [labels[position] for position, field in fields.items()
                     if field not in CHECK_IN_FIELDS and "email" not in fold(labels[position])]
        units = [unit for position, field in fields.items() if field == "unit"
                 for value in rows[index + 1:]
                 if position < len(value) and isinstance(value[position], str)
                 and (unit := resolver.lookup(value[position]))]
        return questions, list(dict.fromkeys(units))
    return [], []


def _unheaded_units_named(rows: list[list], header: Header | None, resolver: UnitResolver
                          ) -> Header | None:
    """The header, unless its units' column is one left without a heading
    (`clean.UNHEADED_UNITS`) whose cells mostly name no unit nor part of one: people's names
    there were refused as unknown units, the names written to the rejects and the follow-up
    of a run that keeps none (QA round 74 #5), dates as units ("Ngày 12/9/2025"). Such a
    sheet is one without a table, as before the column was read."""
    if header is None or header.labels.get("unit") != UNHEADED_UNITS:
        return header
    column = header.columns["unit"]
    names = [clean_text(row[column]) for row in rows[header.body_start:] if column < len(row)]
    keys = {name: fold(name) for name in names if name}
    names = [name for name in names if name and not is_totals_key(keys[name])]
    named = sum(resolver.resolve(name)[0] is not None
                or any(pattern.match(keys[name]) for pattern in (
                    _AGENCY_PART, _NUMBERED_CELL, _CLASS_HEADING, _NAMES_A_UNIT))
                for name in names)
    return header if names and 2 * named > len(names) else None


def _cells_under_a_unit_heading(grid: SheetGrid, header: Header, campaign: Campaign,
                                resolver: UnitResolver) -> Header:
    """A ward's report listing its party cells under "Đơn vị" (or an Excel pivot table's
    "Nhãn Hàng" over them): the column is the cell column, the unit the one the file, its
    title, its sheet or a heading row in the column names, when the names on rows with
    figures are mostly numbered or residential cells' ("Chi bộ 1", "Tổ dân phố 3"), or
    all of them but totals are a ward's cells or a committee's offices (below), none is
    a unit's and something names the unit. Read as units, every row was refused as
    an unknown unit "Chi bộ 1" (QA round 46 check of round 36's pivot sheet). A district's
    table with nothing naming one unit keeps its unit column: its "Chi bộ Quân sự" may be
    a unit's name mistyped, refused with the closest named. A roll-call's "Đơn vị" column
    naming each person's cell ("CB1", "Chi bộ 2") is so too, its rows those with a person
    (QA round 76 #8: every person refused as of an unknown unit "CB1")."""
    if "unit" not in header.columns or "cell" in header.columns \
            or (header.shape != "summary" and "name" not in header.columns):
        return header
    column = header.columns["unit"]
    figures = [position for name, position in header.columns.items() if name in COUNT_FIELDS] \
        if header.shape == "summary" else [header.columns["name"]]
    named, headings = [], []  # the names on rows with a figure; rows without one's text
    summed = []  # of those, the names on a row the number column says is a sum ("Cộng")
    headed_groups = []  # ... or a group's heading ("I | Khối dân cư | 42"), its sum too
    counts = []  # of those, each row's members (else those present), as `_whole_and_parts`
    number = header.columns.get("row_number")
    compared = next((header.columns[name] for name in ("expected", "attended")
                     if name in header.columns), None)
    unit_label = fold(header.labels["unit"])
    for row in grid.rows[header.body_start:]:
        label = row[column] if column < len(row) else None
        if isinstance(label, str) and fold(label) == unit_label:
            continue  # the header printed again (a table per phase: QA round 76 #9)
        # A heading merged across the row fills the figures' cells with its own text.
        if any(position < len(row) and row[position] not in ("", None, label)
               for position in figures):
            if isinstance(label, str) and clean_text(label):
                named.append(label)
                counts.append(parse_count(row[compared])[0]
                              if compared is not None and compared < len(row) else None)
                if number is not None and number < len(row) \
                        and is_totals_key(_text_key(row[number])):
                    summed.append(label)
                elif number is not None and number < len(row) and isinstance(row[number], str) \
                        and _ROMAN_ORDINAL.match(row[number].strip()):
                    # A bloc's heading with its figures: its subtotal (`_bloc_headings`).
                    (summed if _GROUP_HEADING.match(fold(label)) else headed_groups).append(label)
        else:
            headings += [_HEADING_NUMBER.sub("", value) for value in row
                         if isinstance(value, str) and clean_text(value)]
    keys = [fold(name) for name in named]
    cells = sum(bool(_NUMBERED_CELL.match(key)) for key in keys)
    classes = sum(bool(_CLASS_HEADING.match(key)) for key in keys)
    # The units' own headings in the column, without figures ("I | Đảng bộ phường Bồ Đề"
    # over its cells, `_unit_headings`): QA round 49, every cell refused as an unknown unit,
    # the wards chased as missing.
    headed = any(resolver.resolve(name)[0] is not None for name in headings)
    if headed and any(says_former(name) for name in headings):
        # Its cells grouped under the former units a unit took in ("1 | Phường Ngọc Lâm
        # (cũ)"): read in the unit column, where such headings are read (`_cells_below_their_unit`).
        return header
    numbered = cells + classes >= 2 and 2 * (cells + classes) >= len(named)
    # Beyond mostly numbered cells, only a list of parts and nothing else, its totals, group
    # subtotals, rate and breakdown aside ("Tổng cộng", "Cộng khối cơ quan", "Cộng | Khối dân
    # cư", "Tỷ lệ", "Trong đó đảng viên dự bị"): a ward's numbered cells
    # beside its institutions' ("Chi bộ Trường Mầm non", "Chi bộ Công an phường": QA round 73
    # #2), or a committee's parts named for its offices ("Chi bộ Văn phòng", "Phòng Nội vụ",
    # a school's "Tổ Văn": rounds 71 #1, 73 #1). One row of another kind ("Đảng bộ phường",
    # "Toàn trường", "Tổng hợp chung", a "Trong đó" breakdown) may be the unit's own whole,
    # and counted as one more cell it doubled the unit (round 74 #1-#3): such a list stays
    # refused, row by row, as before.
    totals_in_cells = _totals_label("cell", resolver)  # as the rows will be read
    # Non-members who came ("Quần chúng (công chức, viên chức)", "Đại biểu, khách mời") are
    # refused as such where the rows are read (`_candidates`): no part and no unit.
    strays = [key for name, key in zip(named, keys, strict=True)
              if not (totals_in_cells(name, key) or _is_group_subtotal(name, key)
                      or name in summed or key.startswith(("ty le", "trong do"))
                      or _NON_MEMBERS.match(key))]

    # A district class's sheet lists the groups it called, whatever their names ("Thường
    # trực Quận ủy", "Bí thư các đảng ủy phường"): all its parts (QA rounds 92 #2, 93 #1:
    # each refused as an unknown unit, or the list refused for a row of "another kind").
    district_class = False
    if strays and "district" in resolver.kinds.values():
        _, title_unit, sheet_unit = _units_a_sheet_names(grid, header, resolver)
        district_class = resolver.kinds.get(sheet_unit or title_unit) == "district"

    def is_part(key: str) -> bool:
        return district_class or bool(_NUMBERED_CELL.match(key) or _CLASS_HEADING.match(key)
                                      or _AGENCY_PART.match(key))

    # A row of the committee's words for its whole ("Toàn trường", "Đảng bộ phường", one per
    # table) is its whole, read as their totals row (`_units_own_rows`), checked against them;
    # one that may be a part or the whole ("Tổng hợp") is the whole where its figure is within
    # a tenth of its parts' sum (as it is then read); else the list stays refused.
    strays = [key for key in strays if not _WHOLE_UNIT_NAMED.match(key) or is_part(key)]
    whole_rows = [key for key in strays if _MAY_BE_WHOLE_UNIT.match(key) and not is_part(key)]
    if len(whole_rows) == 1 and _within_a_tenth(
            counts[keys.index(whole_rows[0])],
            [count for key, count in zip(keys, counts, strict=True)
             if key in strays and is_part(key)]):
        strays.remove(whole_rows[0])
    # A row or two of another kind beside two parts or more: the list is the unit's, but
    # which that row is (one more part, or the whole mistyped) only the unit can say. Its
    # rows are refused as such, the unit's (it sent them), not as unknown units: each was
    # "unknown unit 'Chi bộ 1'", and the unit chased as having sent nothing (QA rounds 73
    # #5, 75 #2).
    others = [name for name, key in zip(named, keys, strict=True)
              if key in strays and not is_part(key)]
    if 1 <= len(others) <= 2 and len(strays) - len(others) >= 2 \
            and not set(others) & set(headed_groups):
        strays = [key for key in strays if is_part(key)]
    else:
        others = []
    only_parts = all(map(is_part, strays))
    listed = len(strays) >= 2 and all(
        _NUMBERED_CELL.match(key) or _CLASS_HEADING.match(key) or _PARTY_CELL.match(key)
        for key in strays)
    offices = (len(strays) >= 2 or district_class) and only_parts
    mixed = not headed and listed and sum(bool(_NUMBERED_CELL.match(key)) for key in strays) >= 2
    # Mostly numbered cells with rows of another kind beside them are no list of parts.
    numbered = numbered and (headed or only_parts)
    # A row naming a unit by its kind ("Xã Cự Khê") is a unit's, known or not: the table is
    # a district's (QA round 59 #3: taken for a cell of the ward above).
    # A unit's row or two among the parts of one unit its title names ("Phường Ngọc Thụy" in
    # Bồ Đề's list) make the list unreadable as it stands, Bồ Đề's to correct (QA round 76
    # #6: every cell refused as an unknown unit, Bồ Đề chased as missing).
    units_named = [name for name in named if resolver.resolve(name)[0] is not None
                   or _NAMES_A_UNIT.match(fold(_cell_name(name)))]
    if not (numbered or mixed or offices) \
            or (units_named and (headed or not set(units_named) <= set(others))):
        return header
    if not (headed and numbered):
        rule = campaign.rule_for(grid.source_file)
        title_cells, title_unit, sheet_unit = _units_a_sheet_names(grid, header, resolver)
        unit = ((rule.unit if rule is not None else None) or title_unit or sheet_unit
                or _unit_in_file_name(grid.source_file, resolver)
                or _unit_in_folder(grid.source_file, resolver))
        if unit is None or (units_named and (title_unit is None or title_unit in {
                resolver.resolve(name)[0] for name in units_named})):
            return header
        # Under a ward's name, offices may be a district's units ("Chi bộ Quân sự"), and
        # stay so; so do they under the district's own title, its list of its agencies
        # forwarded in a committee's folder (QA round 74 #4: taken for that committee's).
        # A sheet named for the committee is its own (QA round 92 #1: a class's sheet
        # under the district's title), and a district class's lists the groups it called.
        if not (numbered or mixed) and (
                resolver.kinds.get(unit) not in ("committee", "district")
                or (title_unit is None and sheet_unit is None and _DISTRICT_DOCUMENT.search(
                    fold(" ".join(str(cell) for cell in title_cells if cell))))):
            return header
    # Its classes ("Lớp 1", "Lớp ghép") make it the class column.
    parts = sum(bool(_AGENCY_PART.match(key)) for key in keys)
    field = "cell" if max(cells, parts) >= classes else "session"
    if field in header.columns:
        return header
    if not others or (headed and numbered):
        return _units_column_as(header, field)
    named_vi = ", ".join(f"'{clean_text(name)}'" for name in others)
    if units_named:
        return _units_column_as(header, field, refusal=(
            f"danh sách các bộ phận của {unit} có dòng {named_vi} của đơn vị khác: không "
            f"rõ dòng nào của đơn vị nào, nên cả danh sách chưa được tính; đề nghị đơn vị "
            f"tách báo cáo của đơn vị kia ra và gửi lại (the list of {unit}'s parts has a "
            f"row {named_vi} of another unit: the list is not counted until each unit's "
            "report is sent apart)"))
    return _units_column_as(header, field, refusal=(
        f"danh sách các bộ phận của {unit} có dòng {named_vi} không phải một bộ phận, cũng "
        f"không khớp tổng của chúng: không rõ là thêm một bộ phận hay toàn đơn vị, nên cả "
        f"danh sách chưa được tính; đề nghị đơn vị sửa và gửi lại (the list of {unit}'s "
        f"parts has a row {named_vi} that is neither a part nor their sum: one more part "
        "or the unit's whole, the unit must say; the list is not counted until it is "
        "corrected)"))


def _units_column_as(header: Header, field: str, refusal: str | None = None) -> Header:
    """The header with its units' column read as its parts' (`field`: "cell" or "session"),
    and why its table is refused, if it is."""
    columns, labels = dict(header.columns), dict(header.labels)
    columns[field], labels[field] = columns.pop("unit"), labels.pop("unit")
    return replace(header, columns=columns, labels=labels, refusal=refusal)


def _side_by_side(grid: SheetGrid, header: Header, resolver: UnitResolver
                  ) -> list[tuple[SheetGrid, Header]]:
    """A list printed in two halves side by side to fit the page ("TT | Đơn vị | Tổng số |
    Có mặt", or a roll-call's "STT | Họ và tên | Có mặt", twice across one header row): each
    half is read as a table of its own. Read as one table, its rows were refused for two
    columns of each figure and the right half's units called missing (QA round 11 k11).

    A half is the sheet with the other half's cells blanked from the header down (the titles
    above stay, for the report's date and phase); its cells keep their columns, so that a
    message names the column the analyst sees. Halves are found where every column the
    header reads, the units' or the people's among them, is named again the same distance to
    the right."""
    listed = "unit" if header.shape == "summary" else "name"
    distance = repeated_block(header)
    if distance is None or listed not in header.columns:
        return [(grid, header)]
    # A column per session: the marker's twins are the sessions repeated (`repeated_block`).
    named = {name for name, _, _ in header.rivals} | ({"marker"} if header.sessions else set())
    header_rows = grid.rows[header.first_row:header.body_start]
    # The columns that make a half; a notes column ("Ghi chú") in one half or both is none
    # of them, and no reason to refuse the list (QA round 25).
    blocks = {name: position for name, position in header.columns.items()
              if name in RIVAL_FIELDS or name in LABEL_FIELDS}
    for name, position in blocks.items():
        if name in named:
            continue
        twin = position + distance
        # A column of the left half whose twin is not a rival, the units' or the people's
        # and the list number's (no rivals by design), named again at the same distance.
        if name not in LABEL_FIELDS or not any(
                twin < len(row) and isinstance(row[twin], str)
                and field_for_header(clean_text(row[twin])) == name for row in header_rows):
            return [(grid, header)]
    second = min(blocks.values()) + distance
    if max(blocks.values()) >= second:
        return [(grid, header)]
    halves = []
    for keep in (range(0, second), range(second, max(map(len, grid.rows), default=0))):
        blanked = [[value if column in keep else "" for column, value in enumerate(row)]
                   for row in grid.rows]
        # The titles above stay whole in the half, but its header is looked for without the
        # other half's cells: a title merged across both, read with a half's header row,
        # made a two-row header of them (QA round 23).
        rows = [*grid.rows[:header.first_row], *blanked[header.first_row:]]
        half_header = find_header(blanked)
        if half_header is None or half_header.first_row != header.first_row \
                or half_header.shape != header.shape or listed not in half_header.columns:
            return [(grid, header)]
        halves.append((replace(grid, rows=rows), half_header))
    # Phase 1 and phase 2 side by side list the same units (a roll-call's two sessions, the
    # same people): which half is which, only the sender can say, so such a table stays
    # refused (README).
    if not _listed_in(*halves[0], listed, resolver).isdisjoint(
            _listed_in(*halves[1], listed, resolver)):
        return [(grid, header)]
    left, right = halves
    # Three halves and more: the right one split again.
    return [left, *_side_by_side(*right, resolver)]


def _listed_in(grid: SheetGrid, header: Header, listed: str, resolver: UnitResolver
               ) -> set[str]:
    """The units (or people) a table's rows name, as the rows are counted: a unit in any
    spelling ("Phường Long Biên" is Long Biên), a person by name less title ("Đ/c Nguyễn Văn
    An" is Nguyễn Văn An); totals rows' words left out. Compared by the text typed, halves
    listing the same units spelled otherwise were added up (QA round 24: 417/380 for a
    ward's two phases)."""
    column = header.columns[listed]
    keys = set()
    for row in grid.rows[header.body_start:]:
        text = clean_text(row[column]) if column < len(row) else ""
        if not text or is_totals_key(fold(text)):
            continue
        keys.add((resolver.lookup(text) or fold(text)) if listed == "unit"
                 else person_key(text, b"halves") or fold(text))
    return keys


def _stacked_tables(grid: SheetGrid, header: Header) -> list[tuple[SheetGrid, Header]]:
    """A summary sheet's tables one under another, each under its own header ("I | KHỐI
    PHƯỜNG" then "TT | Đơn vị | Tổng số | Có mặt | Vắng", "II | KHỐI CƠ QUAN" then "TT | Đơn
    vị | Tổng số | Vắng | Có mặt"): a later header that names the same figures in other
    columns starts a table of its own. Read as the first header's page repeated, the second
    block's "Vắng" was counted as present, without a word (QA round 14 k28b: 2/60 for 58/60).

    Each part is the sheet up to where the next begins, under its header; the same header
    printed again (a new page) stays with its table. Roll-calls are not split: their rows
    are the many, and a roll-call's blocks are cells under one header."""
    if header.shape != "summary":
        return [(grid, header)]
    rows = grid.rows
    # A table above the one the sheet's best header heads (that of the second phase merged
    # over "Số lượng | Tỷ lệ %", which names more): its rows were taken for title lines,
    # neither read nor refused (QA round 19).
    above = next((found for index in range(header.first_row)
                  if (found := _table_start(rows, index, header)) is not None
                  and found.body_start < header.first_row), None)
    parts = _stacked_tables(replace(grid, rows=rows[:header.first_row]), above) \
        if above is not None else []
    starts = []
    current = header
    # Not a header's rows nor the row right under them: the second row of a header merged
    # over two ("Có mặt" over "Giai đoạn 1 | Giai đoạn 2", "Số ĐV có mặt" over "Chính thức
    # | Dự bị") names fewer figures, and is no table's start (QA round 20: a later table's
    # second header row started one more, which had no count of those present).
    index = header.body_start + 1
    while index < len(rows):
        found = _table_start(rows, index, current)
        if found is None:
            index += 1
            continue
        current = found
        starts.append((index, current))
        index = found.body_start + 1
    if not starts and not parts:
        return [(grid, header)]
    ends = [index for index, _ in starts] + [len(rows)]
    for (part_header, end) in zip([header, *(found for _, found in starts)], ends,
                                  strict=True):
        parts.append((replace(grid, rows=rows[:end]), part_header))
    return parts


def _table_start(rows: list[list], index: int, current: Header) -> Header | None:
    """The header of a table of counts starting at row `index`, other than `current`'s (the
    same header printed again is a new page of its table), with a label column in common
    with it and two figures at least, one of them who came or not; None for any other
    row. A later table may give other figures than the first ("Vắng" where the first split
    it by reason): read with the first's columns, its rows were refused for figures from
    the wrong columns (QA round 19)."""
    labelled = [field_for_header(clean_text(value))
                for value in rows[index] if isinstance(value, str)]
    if sum(field is not None for field in labelled) < 2 \
            or not any(field in COUNT_FIELDS for field in labelled):
        return None
    found = find_header(rows[index:index + 3])
    if found is not None and "unit" in found.columns and "unit" not in current.columns:
        # The units' column read as the parts' (`_cells_under_a_unit_heading`) is so in each
        # table of the sheet (QA round 76 #9: phase 2's parts refused as unknown units).
        field = next((field for field in ("cell", "session")
                      if current.columns.get(field) == found.columns["unit"]), None)
        if field is not None:
            found = _units_column_as(found, field, current.refusal)
    if found is None or found.first_row != 0 or (
            found.columns == current.columns
            and _subpopulation(found) == _subpopulation(current)
            and _class_titled(rows, index) in (None, _class_titled(rows, current.first_row))) \
            or len(set(found.columns) & set(COUNT_FIELDS)) < 2 or not _has_attendance(found) \
            or not set(found.columns) & set(current.columns) & set(LABEL_FIELDS):
        return None
    return replace(found, first_row=index, body_start=index + found.body_start)


# A remark in brackets ending a unit's name: "Hòa Bình (Đông Sơn)".
_BRACKETED_TAIL = re.compile(r"\s*\([^()]*\)\s*$")


def _stacked_session(grid: SheetGrid, header: Header) -> str:
    """The session a stacked table's title names ("BUỔI SÁNG"), not a phase (a phase's
    heading gives the table its phase, `_phase_headings`); "" for none."""
    named = _class_titled(grid.rows, header.first_row) or ""
    return "" if is_phase_name(fold(named)) else named


def _class_titled(rows: list[list], header_row: int) -> str | None:
    """The class or session the line right above a header (0-based `header_row`) names
    ("KẾT QUẢ LỚP 2", "LỚP HỌC SỐ II", "Buổi chiều"), or None. The same header under the
    title of another class starts a table of its own: read as the first's page repeated,
    both tables were its class (QA round 55 #7: "Lớp 1" twice, a unit_twice warning)."""
    for above in rows[max(header_row - 2, 0):header_row][::-1]:
        text = " ".join(clean_text(value) for value in above if clean_text(value))
        if not text:
            continue
        numbers = {int(number) if number.isdigit() else _ROMAN.get(number, number)
                   for number in _NUMBERED_CLASS.findall(fold(text))}
        if len(numbers) == 1:
            return f"Lớp {numbers.pop()}"
        return sheet_class(text) or session_name(text)
    return None


# A count of some of the members, or of people who are not members yet, folded: "Tổng số cấp
# ủy viên", "Tổng số đối tượng (kết nạp Đảng)", "Số cảm tình Đảng".
# "Đối tượng" alone may be whom the campaign is for ("Tổng số đối tượng phải học"), and a
# label naming the members too ("Tổng số ĐV, kể cả cấp ủy viên") counts them.
_SUBPOPULATION = re.compile(r"\b(?:cap uy|uy vien|doi tuong (?:ket nap|phat trien|dang)|cam tinh"
                            r"|quan chung|ban chap hanh|ban thuong vu)\b")
_MEMBERS_WORDS = re.compile(r"\b(?:dang vien|dv)\b")


def _subpopulation(header: Header) -> str | None:
    """The heading of a table's count of members or of those present that names another
    group than the unit's members ("Tổng số cấp ủy viên"), or None."""
    # "Tổng số (kể cả cấp ủy)" counts the members, the committee's among them (QA round 29:
    # such a sheet was refused whole).
    return next((label for field, label in header.labels.items()
                 if field in ("expected", "attended")
                 and _SUBPOPULATION.search(without_remarks(label))
                 and not _MEMBERS_WORDS.search(fold(label))), None)


_SIDE_BY_SIDE = "các giai đoạn xếp cạnh nhau trong một bảng "  # how its reason begins


def _phases_side_by_side(header: Header, grids: list[SheetGrid], campaign: Campaign
                         ) -> tuple[str, list[str]] | None:
    """Two phases' figures side by side in one table ("Giai đoạn 1" over "Có mặt | Vắng",
    then "Giai đoạn 2" over the same): a layout not read, each row being a unit's in two
    phases. Its rows are refused saying so and what to do (the reason, and the phases it
    names); they were refused for want of a phase, or of a column of those present, which
    the header shows (QA round 49 #4). "Đợt 1 | Đợt 2" are two sittings, not phases, unless
    the campaign calls its phases so (QA round 69 #3)."""
    if header.shape != "summary":
        return None
    batches = not any(fold(phase.label).startswith("dot") for phase in campaign.phases)
    for grid in grids:
        # The phases over the header's own row, or over the row below it.
        rows = grid.rows[max(header.first_row - 1, 0):header.body_start + 1]
        for top, below in itertools.pairwise(rows):
            phases = {}
            for position, cell in enumerate(top):
                label = below[position] if position < len(below) else None
                if isinstance(cell, str) and isinstance(label, str) \
                        and field_for_header(label) in COUNT_FIELDS \
                        and not (batches and fold(cell).startswith("dot")) \
                        and (phase := campaign.phase_from_text(cell)) is not None:
                    phases.setdefault(phase, clean_text(cell))
            if len(phases) > 1:
                named = ", ".join(phases.values())
                return (f"{_SIDE_BY_SIDE}({named}): chưa đọc được "
                        "dạng này; đề nghị để mỗi giai đoạn một trang tính hoặc một tệp riêng "
                        f"(phases side by side in one table ({named}) are not read: put each "
                        "phase on a sheet or in a file of its own)", list(phases))
    return None


def _subpopulation_refusal(header: Header, grids: list[SheetGrid]) -> str | None:
    """A table of the committee's members, or of candidates for membership, below the
    members' own (QA round 27): read as more rows of it, every ward's committee was added to
    its members (109/104 for 100/95), with a unit_twice warning at most; a ward in that table
    only was reported from its committee alone. Its rows are refused, each naming why. A
    table with no count of members may name its group in a heading no figure is read from
    ("Tổng số đối tượng kết nạp", a part of a figure elsewhere)."""
    label = _subpopulation(header)
    if label is None and "expected" not in header.columns and "attended" in header.columns:
        # Left of those present, where the members' count stands: "Số đối tượng kết nạp dự
        # học" after the members' figures is one more figure of theirs.
        label = next((clean_text(cell) for grid in grids
                      for row in grid.rows[header.first_row:header.body_start]
                      for cell in row[:header.columns["attended"]] if isinstance(cell, str)
                      and _SUBPOPULATION.search(fold(cell))), None)
    if label is None:
        return None
    return (f"bảng '{label}' đếm một nhóm khác, không phải các đảng viên của đơn vị: không tính "
            f"vào tỷ lệ (a table of '{label}': another group than the unit's members, not "
            "counted)")


def _totals_across_parts(checks: list[dict],
                         part_sums: list[dict[str, tuple[str, int, int, int, int]]]
                         ) -> list[dict]:
    """A sheet read in parts (stacked tables, halves side by side): a totals row that adds up
    every part's rows is right, where its own part's rows alone disagreed with it ("Tổng
    cộng" under the right half of a list printed in two halves, or under the last of
    stacked tables). Parts are added up figure by figure, whatever each table calls it
    ("Số ĐV" and "Tổng số ĐV", QA round 23); the absences of a table that splits them
    ("Vắng" over "Có lý do | Không lý do") count in a total's "Vắng" (QA round 24).

    Where neither adds up, the check gives the sum nearer the figure stated: the whole's,
    over all the parts' rows, for a tally under both halves of a list (QA round 87 #3: "rows
    5–18 make 14", one half's, against the 30 typed for both)."""

    def part_total(sums: dict[str, tuple[str, int, int, int, int]], field: str | None,
                   kind: int) -> int:
        fields = [total[0] for total in sums.values()]
        wanted = (field,) if field in fields or field != "absent_total" \
            else ("absent_excused", "absent_unexcused")
        return sum(total[kind] for total in sums.values() if total[0] in wanted)

    settled = []
    for check in checks:
        if check["check"] == "totals_row" and check["status"] == "mismatch":
            field = next((sums[check["column"]][0] for sums in part_sums
                          if check["column"] in sums), None) or _tallied_field(
                check["column"], part_sums)
            wholes = {sum(part_total(sums, field, kind) for sums in part_sums)
                      for kind in (1, 2)}
            stated, computed = check["stated"], check["computed"]
            rows = [(total[3], total[4]) for sums in part_sums for total in sums.values()
                    if total[3]]
            spanned = {"from_row": min(first for first, _ in rows),
                       "to_row": max(last for _, last in rows)} if rows else {}
            if stated in wholes:
                check = {**check, "computed": stated, "status": "ok", **spanned}
            elif isinstance(stated, numbers.Real) and isinstance(computed, numbers.Real):
                nearest = min(wholes, key=lambda whole: abs(whole - stated))
                if abs(nearest - stated) < abs(computed - stated) and rows:
                    check = {**check, "computed": nearest, **spanned}
        settled.append(check)
    return settled


def _tallied_field(column: str, part_sums: list[dict[str, tuple[str, int, int, int, int]]]
                   ) -> str | None:
    """What a roll-call's tally counts, by what its label says in brackets ("(có mặt,
    present)"), whichever column it was typed under: "Cộng | 5" under the right half's
    "Có mặt" was checked against that half alone, where the parts' sums were kept under the
    name column's label (QA round 90 #2: a right tally called wrong)."""
    said = column[column.rfind(" ("):] if " (" in column else None
    return next((total[0] for sums in part_sums for label, total in sums.items()
                 if said and label.endswith(said)), None)


def _names_a_form(sheet: str) -> bool:
    """A sheet named for the blank form ("Mẫu", "Biểu mẫu", "Template"): left visible beside
    the report, its zeros were read as a report of 0/0, refused for want of a phase in a
    file of no phase folder and the ward called rejected there (QA round 37)."""
    return fold(copy_name(sheet)[0]) in _FORM_SHEET_NAMES


_FORM_SHEET_NAMES = frozenset({"mau", "bieu mau", "mau bao cao", "mau trong", "template",
                               "form", "blank"})


def _blank_form(rows: list[list], header: Header) -> bool:
    """Whether every figure and mark of the table is empty or 0, however typed ("0 người",
    " 0 "): the form itself ("Mẫu"), kept hidden beside the report, not a report. A form
    whose zeros were typed as text was read as every unit's report of 0/0, which put units
    that sent nothing among those reported and held real reports out as conflicting copies
    (QA round 22)."""
    columns = [position for field, position in header.columns.items()
               if field in COUNT_FIELDS or field in TICK_STATUS or field == "marker"]
    for row in rows[header.body_start:]:
        if any(is_footer_text(value) for value in row if isinstance(value, str)):
            # The signature block under the form ("Long Biên, ngày 25 tháng 9 năm 2015" in a
            # figure's column) is no figure: read as one, the form was every unit's 0/0
            # report, a unit that sent nothing "reported" (QA round 26).
            break
        if not all(_empty_figure(row[position]) if position < len(row) else True
                   for position in columns):
            return False
    return True


_EMPTY_FIGURES = frozenset({None, "", 0, "0", *DASHES})


def _empty_figure(value: object) -> bool:
    """A cell of the blank form: nothing, a dash, or a count of 0 as a count is typed."""
    if isinstance(value, str | int | float | type(None)) and value in _EMPTY_FIGURES:
        return True
    count, error = parse_count(value)
    return error is None and not count


def _has_attendance(header: Header) -> bool:
    """Whether the table says who came: a roll-call, or a count of those present or absent."""
    return header.shape == "roster" or any(
        name in header.columns for name in COUNT_FIELDS
        if name not in ("expected", *NOT_EXPECTED_FIELDS))


_DIGIT = re.compile(r"\d")  # what _PAGE_LINE and _PAGE_DASHES need, as they mean it


class RowTexts:
    """A row as the analyst typed it ("3 | Nguyễn Văn An | x"), unmapped cells included.

    Only the rows that need it get one (rejects, and the few rows the layout rules read
    whole): joining every cell of a million accepted rows is most of a parse's work. A row
    is found by the part of a sheet that reads it (`add`) and its row number.
    """

    def __init__(self):
        self._sheets: list[tuple[list[list], int]] = []
        self._widths: dict[int, int] = {}
        self._other_names: dict[int, list[int]] = {}

    def add(self, rows: list[list], body_start: int, other_names: Sequence[int] = ()) -> int:
        """A sheet, or a part of one (a table of a stacked sheet, a half of one printed
        side by side): the number its rows are found by. `other_names`: its columns of
        people's names besides the row's own person's (`shown`)."""
        self._sheets.append((rows, body_start))
        if other_names:
            self._other_names[len(self._sheets) - 1] = list(other_names)
        return len(self._sheets) - 1

    def shown(self, sheet: int, source_row: int, privacy: Privacy) -> str:
        """The row's text as an output shows it: a name in another name column of the row
        (another half of the list, a second "Họ và tên") by its key, as the row's own name
        is (`Privacy.mask`), unless names are kept."""
        columns = self._other_names.get(sheet)
        if not columns or privacy.keep_names:
            return self.text(sheet, source_row)
        cells = list(map(clean_text, self._cells(sheet, source_row)))
        for column in columns:
            if column < len(cells) and cells[column]:
                cells[column] = privacy.shown(privacy.key_list([cells[column]])[0])
        return " | ".join(cells).rstrip(" |")

    def text(self, sheet: int, source_row: int) -> str:
        return " | ".join(map(clean_text, self._cells(sheet, source_row))).rstrip(" |")

    def is_blank(self, sheet: int, source_row: int) -> bool:
        """Whether the row's text holds nothing but separators and spaces; a row of empty
        cells (most of those asked about) is told without any text made."""
        cells = self._cells(sheet, source_row)
        if cells.count("") + cells.count(None) == len(cells):
            return True
        return self.text(sheet, source_row).replace("|", "").strip() == ""

    def may_hold_digit(self, sheet: int, source_row: int) -> bool:
        """False when the row's text has no digit: a text cell shows one only if it holds
        one (cleaning and folding make none); a number, a date or any other cell may."""
        return any(not isinstance(value, str) or _DIGIT.search(value) is not None
                   for value in self._cells(sheet, source_row))

    def _cells(self, sheet: int, source_row: int) -> list:
        rows, body_start = self._sheets[sheet]
        if sheet not in self._widths:
            self._widths[sheet] = max(map(len, rows[body_start:]), default=0)
        return rows[source_row - 1][:self._widths[sheet]]


_NAME_FIELDS = ("name", "middle_name", "given_name")


def _other_name_columns(rows: list[list], header: Header) -> list[int]:
    """A roll-call's columns headed as people's names ("Họ và tên") that are not the ones its
    people are read from: a row's text must not show the names in them either."""
    if header.shape != "roster":
        return []
    own = set(header.columns.values())
    found = []
    for row in rows[header.first_row:header.body_start]:
        for column, value in enumerate(row):
            if column not in own and column not in found and isinstance(value, str) \
                    and value.strip() and field_for_header(clean_text(value)) in _NAME_FIELDS:
                found.append(column)
    return found


def _settle_rows(rows: dict[str, np.ndarray], texts: RowTexts, privacy: Privacy,
                 shown: Collection[tuple[str, int]] = ()) -> pa.Table:
    """The file's last word on each row: a person listed twice in one roll-call is rejected
    (the repeat), and every row that is rejected, or may still be rejected by the count
    rules (a summary's typed counts) or later (`shown`: a hidden row, `ingest`), carries its
    text with the name replaced by its key."""
    parts = rows.pop(_TEXT_PART)
    reasons = rows["reason"]
    rows["reason"] = np.where(pd.isna(reasons), duplicate_persons(rows), reasons)
    rows.pop(VERSION_TAG)
    wanted = ~pd.isna(rows["reason"]) | (rows["shape"] == "summary")
    if shown:
        wanted |= np.fromiter((place in shown for place in zip(
            rows["sheet"].tolist(), rows["source_row"].tolist(), strict=True)),
            dtype=bool, count=len(wanted))
    chosen = np.flatnonzero(wanted)
    raw = np.full(len(reasons), None, dtype=object)
    raw[chosen] = privacy.mask(
        [texts.shown(part, source_row, privacy) for part, source_row in
         zip(parts[chosen].tolist(), rows["source_row"][chosen].tolist(), strict=True)],
        rows["person"][chosen].tolist(), rows["person_key"][chosen].tolist())
    rows["raw"] = raw
    if not privacy.keep_names:
        rows["person"] = np.full(len(raw), None, dtype=object)
    # NaN is missing only among Python values; int64 columns have none, and asking Arrow to
    # look for it there costs more than the rest of the conversion.
    return pa.Table.from_arrays(
        [pa.array(rows[field.name], type=field.type,
                  from_pandas=rows[field.name].dtype == object)
         for field in CANDIDATE_SCHEMA], schema=CANDIDATE_SCHEMA)


def _phases_by_sheet_name(grids: list[SheetGrid], campaign: Campaign) -> dict[str, str]:
    """{sheet: phase} where a workbook's sheets are named for two phases or more of the
    campaign ("GĐ1", "GĐ2"), else {}: such a workbook holds each phase on its sheet, whatever
    folder it was dropped in (QA round 36: in gd2/, both sheets went to phase 2 and were
    added, 100/96 for a ward of 50)."""
    if len(campaign.phases) < 2:
        return {}
    named = {grid.sheet: _heading_phase([name], campaign, True) for grid in grids
             if _may_name_phase(name := copy_name(grid.sheet)[0])}
    named = {sheet: phase for sheet, phase in named.items() if phase is not None}
    return named if len(set(named.values())) > 1 else {}


def _read_group(members: list[tuple[SheetResult, SheetGrid, Header]], campaign: Campaign,
                resolver: UnitResolver, privacy: Privacy, texts: RowTexts,
                part_sums: dict[str, list[dict[str, tuple[str, int, int, int, int]]]],
                sheet_phases: dict[str, str]) -> dict[str, np.ndarray]:
    """A group's candidate rows (CANDIDATE_COLUMNS), and for each the part of its sheet that
    holds its text (`_TEXT_PART`). For each of its sheets read in parts (the keys of
    `part_sums`), a table of counts adds its figures' sums over its data rows and over those
    accepted (`_totals_across_parts`)."""
    header = members[0][2]
    source_file = members[0][1].source_file
    body = _body_frame([(grid.rows, member_header) for _, grid, member_header in members],
                       header, resolver)
    sheet_of = body["_sheet"]
    row_of = body["source_row"]
    bounds = _bounds(sheet_of)
    sheet_names = [grid.sheet for _, grid, _ in members]
    # A half of a list printed side by side is read blind to the other half (`_side_by_side`).
    parts = np.array([texts.add(grid.rows, member_header.body_start,
                                _other_name_columns(grid.rows, member_header))
                      for _, grid, member_header in members], dtype="int64")

    def row_text(position: int) -> str:
        return texts.text(parts[sheet_of[position]], int(row_of[position]))

    def row_blank(position: int) -> bool:
        return texts.is_blank(parts[sheet_of[position]], int(row_of[position]))

    def row_digits(position: int) -> bool:
        return texts.may_hold_digit(parts[sheet_of[position]], int(row_of[position]))

    rival_filled = None
    if header.rivals:
        # A column the header holds as a rival of a figure's (phase 2's "Tổng số" beside
        # phase 1's): its cells are something filled in, where the kept columns are blank.
        rivals = [column for _, column, _ in header.rivals]
        rival_filled = np.array([
            _fills_any(members[sheet][1].rows[source_row - 1], rivals)
            for sheet, source_row in zip(sheet_of.tolist(), row_of.tolist(), strict=True)],
            dtype=bool)
    repeated = _repeated_header(body, header)  # the header printed again, on a page or a copy
    kinds, has_value, has_content = _classify_rows(body, header, bounds, row_text, row_blank,
                                                   row_digits, rival_filled, repeated)
    classes = None if "unit" not in header.columns else _unit_column_headings(
        kinds, has_value, body["text:unit"], resolver, bounds, len(members),
        classes=header.shape == "summary" and "session" not in header.columns)
    if header.shape == "summary" and "cell" in header.columns:
        cell_classes = _cell_column_headings(
            kinds, has_value, body["text:cell"], bounds, len(members),
            classes="unit" not in header.columns and "session" not in header.columns)
        classes = classes if cell_classes is None else cell_classes
    rule = campaign.rule_for(source_file)
    if classes is None and header.shape == "summary" and "session" not in header.columns \
            and not (rule is not None and rule.session):
        # A stacked table under a session's title ("BUỔI SÁNG", "NGÀY 12/9/2025") is that
        # session's (QA round 61 #8: both tables one class, a unit_twice warning each).
        named = [_named_class(grid, member_header, source_file)
                 or (_stacked_session(grid, member_header) if grid.sheet in part_sums else "")
                 for _, grid, member_header in members]
        if any(named):
            classes = np.array(named, dtype=object)[sheet_of]
    headings = phase_doubts = None
    if "phase" not in header.columns and len(campaign.phases) > 1:
        # A title naming the phase ("GIAI ĐOẠN 1" above the header), else the sheet's name
        # ("GĐ1", "Giai đoạn 2"), else the file's or its folders' ("bao-cao-gd2.xlsx"),
        # where no rule gives one.
        path_phase = _phase_in_path(source_file, campaign)
        # A rule's phase gives way only to sheets named for different phases of one workbook
        # (`sheet_phases`) and to phase headings above the rows (below).
        titles, phase_doubts = (list(found) for found in zip(*(
            (sheet_phases.get(grid.sheet), None) if rule is not None and rule.phase is not None
            else _sheet_phase(grid, member_header, campaign, path_phase)
            for _, grid, member_header in members), strict=True))
        if rule is not None and rule.phase is not None:
            own_phase = _file_name_phase(source_file, campaign)
            named_by = {source_file: own_phase}  # what the file's name says, found once
            for position, (result, grid, member_header) in enumerate(members):
                if grid.sheet in sheet_phases:
                    continue
                named = _phase_against_rule(grid, member_header, campaign, rule.phase, named_by)
                if named is not None and named["source"] != "file" \
                        and named["phase"] == own_phase:
                    # The file's own name and its title (or sheet's name) both name another
                    # phase than its folder's rule: the report of that phase in the wrong
                    # folder, counted in its phase. Counted in the rule's, it was held out
                    # against the unit's real report, dated that phase late, and its own
                    # phase chased as not sent (QA round 43). A title alone (a form used
                    # again, unchanged) still gives way to the rule.
                    titles[position] = own_phase
                    result.phase_named = result.phase_named or {
                        "phase": rule.phase, "source": "folder", "counted": own_phase}
                else:
                    result.phase_named = result.phase_named or named
        headings = _phase_headings(kinds, has_value | ~has_content, bounds, row_text,
                                   campaign, titles, header.columns.get("note"),
                                   header.columns.get("row_number"), repeated)
        if (rule is None or rule.phase is None) \
                and (folder_phase := _phase_in_folders(source_file, campaign)) is not None:
            # No rule: the title, the sheet's or the file's name gives the phase before the
            # folder (README), but the analyst is told of the folder that says otherwise, as
            # of a rule (QA round 36: "Giai doan 1/" holding a phase 2 report, silently).
            for (result, _, _), title in zip(members, titles, strict=True):
                if title is not None and title != folder_phase:
                    result.phase_named = result.phase_named or {
                        "phase": folder_phase, "source": "folder", "counted": title}
    sheet_sessions, version_tags = _sheet_sessions(members, header, campaign, rule)
    # A roll-call's sheet is its party cell's ("Chi bộ 1"), unless it is named for a session;
    # its list number is no part of the name ("1. Chi bộ 1", QA round 18 h17).
    sheet_cells = [without_list_number(name) for name in sheet_names] \
        if sheet_sessions is None else [
            "" if session else without_list_number(name)
            for name, session in zip(sheet_names, sheet_sessions, strict=True)]
    cells = _cell_headings(body, header, kinds, bounds, sheet_cells)
    section_headings: list[int] = []  # set aside once the unit headings are read (below)
    non_members = _non_members(members, body, header, kinds, bounds) \
        if header.shape == "roster" else _other_group_sections(body, header, kinds, bounds,
                                                               section_headings)
    sheet_units = unit_doubts = None
    if "unit" not in header.columns:
        file_unit = _unit_in_file_name(source_file, resolver)
        folder_unit = None if file_unit else _unit_in_folder(source_file, resolver)
        sheet_units, unit_doubts = map(list, zip(*(
            _sheet_unit(grid, member_header, resolver, rule, file_unit, folder_unit)
            for _, grid, member_header in members), strict=True))
    units = None if sheet_units is None else _unit_headings(
        kinds, has_value | ~has_content, bounds, row_text, header, resolver, sheet_units)
    kinds[[position for position in section_headings if kinds[position] == "data"]] = \
        "ignored"
    _fill_down_units(body, header, kinds, bounds)
    row_units = (units if units is not None else np.array(sheet_units, dtype=object)[sheet_of]
                 ) if sheet_units is not None else body["text:unit"]
    # Each row's phase, where the table gives phases row by row: a unit's row of another
    # phase is no whole of its cells (QA round 19: Bồ Đề's phase 2 row, typed after its
    # phase 1 cells, was checked against them and its phase lost).
    row_phases = _map_distinct(body["text:phase"], [
        lambda text: campaign.phase_in_column(text) or text])[0] \
        if "phase" in header.columns else headings
    # A group's subtotal first: its span runs over its units before their wholes are
    # marked (QA round 53 #12: it stopped at the first unit with cells).
    wholes = _group_subtotals(body, header, kinds, has_value, bounds, resolver)
    refused: dict[int, str] = {}
    wholes.update(_cells_below_their_unit(body, header, kinds, has_value, bounds, resolver,
                                          row_phases, refused))
    if refused:
        non_members = np.full(len(kinds), None, dtype=object) if non_members is None \
            else non_members.copy()
        for position, reason in refused.items():
            non_members[position] = non_members[position] or reason
    if "text:cell" in body and "cell" not in header.columns:
        cells = body["text:cell"]
        row_units = body["text:unit"]
        named_classes = body.columns.pop("text:session")
        if (named_classes != "").any():
            classes = named_classes if classes is None \
                else np.where(named_classes != "", named_classes, classes)
    unit_wholes, counted_as_cells = _unit_wholes(body, header, kinds, has_value, row_units,
                                                 bounds, resolver, row_phases)
    wholes.update(unit_wholes)
    wholes.update(_named_subtotals(body, header, kinds, row_units, bounds, resolver,
                                   row_phases))
    wholes.update(_class_wholes(body, header, kinds))
    data = body.where(kinds == "data")
    if non_members is not None:
        data.columns["_non_member"] = non_members[kinds == "data"]
    if classes is not None:
        data.columns["text:session"] = classes[kinds == "data"]
    if cells is not None:
        data.columns["text:cell"] = cells[kinds == "data"]
    if units is not None:
        data.columns["text:unit"] = units[kinds == "data"]
    data_headings = None if headings is None else headings[kinds == "data"]
    if header.sessions:
        data, data_headings, not_held = _per_session(
            data, header, [grid for _, grid, _ in members], data_headings)
        for sheet, sessions in not_held.items():
            members[sheet][0].sessions_not_held = sessions
        # Sessions' days give their phases only where nothing else gives one: a file in a
        # phase's folder keeps its rows there, a session of another phase flagged
        # (`quality.session_phase_flags`).
        session_phases = _session_phases(
            header, campaign, by_day=data_headings is None
            and (rule is None or rule.phase is None)
            and _phase_in_folders(source_file, campaign) is None)
        if session_phases is not None:
            data_headings = np.array([session_phases[name] for name in
                                      data["text:session"].tolist()], dtype=object)
    side_by_side = _phases_side_by_side(header, [grid for _, grid, _ in members], campaign)
    if side_by_side is not None:
        for result, _, _ in members:
            result.phases_side_by_side = side_by_side[1]
    candidates = _candidates(data, header, source_file, sheet_names, sheet_units, campaign,
                             resolver, rule, privacy, sheet_sessions, sheet_cells,
                             (side_by_side[0] if side_by_side is not None else None)
                             or header.refusal
                             or _subpopulation_refusal(header, [grid for _, grid, _ in members])
                             or _rival_columns(header, data, [grid for _, grid, _ in members]),
                             data_headings,
                             _overflowing(data, [(grid, member_header)
                                                 for _, grid, member_header in members]),
                             _merged_figures(data, header, [grid for _, grid, _ in members]),
                             phase_doubts, unit_doubts,
                             [sheet_phases.get(grid.sheet) for _, grid, _ in members])
    if sheet_units is not None:
        _former_units_cells(candidates, data, members, sheet_units, resolver, source_file)
    spelled = candidates.pop("_spelled_as", None)
    if spelled is not None:
        for position, (result, _, _) in enumerate(members):
            on_sheet = (data["_sheet"] == position) & ~pd.isna(spelled)
            on_sheet = Counter(zip(spelled[on_sheet].tolist(),
                                   candidates["ward"][on_sheet].tolist(), strict=True))
            result.units_spelled = [{"written": written, "unit": unit, "rows": rows}
                                    for (written, unit), rows in sorted(on_sheet.items())]
    column_phases = candidates.pop("_column_phase", None)
    if column_phases is not None:
        for (result, _, _), named in zip(members, column_phases.tolist(), strict=True):
            if named is not None:
                result.phase_named = result.phase_named or named
    if "sent" in header.columns and _dates_units(header):
        _units_sent(members, data, candidates, campaign)
    rate_checks = _check_rates(data, candidates, header)
    rows_read = np.bincount(data["_sheet"], minlength=len(members))
    roll_call = header.shape == "roster"
    tally_kinds = kinds
    if roll_call:
        # A person listed twice is counted once, and the tallies are checked so: "4 đ/c, có
        # mặt 3" under five rows, one a repeat, is right (QA round 54 #2: a mismatch); "4
        # đ/c" over two namesakes taken for one person and two others is not (QA round 55
        # #2: both sums were asked, and it passed). The file's other tables are compared
        # with these in `_settle_rows`.
        repeats = duplicate_persons({**candidates, VERSION_TAG: version_tags[data["_sheet"]]})
        candidates["reason"] = np.where(pd.isna(candidates["reason"]), repeats,
                                        candidates["reason"])
        if not pd.isna(repeats).all():
            # A roll-call by session has a row per person and session: a row of the sheet
            # is a repeat where its person is.
            listed_again = set(zip(data["_sheet"][~pd.isna(repeats)].tolist(),
                                   data["source_row"][~pd.isna(repeats)].tolist(),
                                   strict=True))
            tally_kinds = kinds.copy()
            tally_kinds[[position for position in np.flatnonzero(kinds == "data").tolist()
                         if (int(sheet_of[position]), int(row_of[position])) in listed_again]] \
                = "repeat"
    # A roll-call's totals rows tally its people; a summary's add up its typed counts. A
    # roll-call read per session has a row per person and session, which no tally counts.
    sums_counts = not roll_call and any(name in header.columns for name in COUNT_FIELDS)
    tallies = roll_call and not header.sessions
    accepted = np.zeros(len(kinds), dtype=bool)
    if (sums_counts or tallies) and not header.sessions:
        accepted[kinds == "data"] = pd.isna(candidates["reason"])
    if sums_counts and not header.sessions:
        data_positions = np.flatnonzero(kinds == "data")
        for position, reason in _pasted_copies(body, header, kinds, accepted,
                                               bounds.values()).items():
            candidates["reason"][int(np.searchsorted(data_positions, position))] = reason
            accepted[position] = False
    people = {}
    if tallies:
        for name in {"attended", *header.tick_columns} & set(COUNT_COLUMNS):
            values = np.zeros(len(kinds), dtype="int64")
            values[kinds == "data"] = pd.to_numeric(candidates[name]).astype("int64")
            people[name] = values
    cell_like_checks = _cell_like_checks(body, header, counted_as_cells, source_file,
                                         sheet_names)
    checked_fields = _checked_fields(header, tallies)  # what each part's sums stand for
    # Found once for the whole table, not sheet by sheet: a file has dozens of sheets, and
    # each has a few such rows.
    totals_rows, footer_rows, ignored_rows = (
        _rows_by_sheet(kinds == kind, sheet_of, row_of, len(members))
        for kind in ("totals", "footer", "ignored"))
    headers_again = _rows_by_sheet((kinds == "ignored") & repeated, sheet_of, row_of,
                                   len(members))
    for position, (result, grid, member_header) in enumerate(members):
        # A sheet of stacked tables (`_stacked_tables`) is read part by part: each adds its
        # rows to the sheet's account.
        start, stop = bounds.get(position, (0, 0))
        sheet_totals = totals_rows[position]
        result.totals_rows = sorted(result.totals_rows + sheet_totals)
        result.footer_rows = sorted(result.footer_rows + footer_rows[position])
        result.ignored_rows = sorted(result.ignored_rows + ignored_rows[position])
        result.headers_below = sorted(
            row for row in {*result.headers_below, *headers_again[position]}
            | ({member_header.first_row + 1} if member_header.first_row + 1 != result.header_row
               else set())
            if not _titled_for_a_session(grid.rows, row))
        result.rows_read += int(rows_read[position])
        # A roll-call by session's counts, once for the part's sums and its totals' checks.
        by_session = _session_counts(body.where(slice(start, stop)), tally_kinds[start:stop],
                                     header, grid.rows) \
            if roll_call and header.sessions and (grid.sheet in part_sums or sheet_totals) \
            else None
        if grid.sheet in part_sums and (sums_counts or tallies or by_session is not None):
            if sums_counts:
                values = _summed_counts(body.where(slice(start, stop)), header)
            elif tallies:
                values = _tallied(header, {name: counts[start:stop]
                                           for name, counts in people.items()}, stop - start)
            else:  # by session: each figure stands for itself in every part (QA round 90 #2)
                values = by_session[1]
            part_data = kinds[start:stop] == "data"
            data_rows = row_of[start:stop][part_data]
            first, last = (int(data_rows.min()), int(data_rows.max())) if len(data_rows) \
                else (0, 0)
            part_sums[grid.sheet].append({
                label: (checked_fields.get(label, label), int(row_values[part_data].sum()),
                        int(row_values[accepted[start:stop]].sum()), first, last)
                for label, row_values in values.items()})
        checks = [check for check in cell_like_checks + rate_checks
                  if check["sheet"] == grid.sheet]
        if sums_counts and sheet_totals:
            groups = {position - start: [row - start for row in rows] if isinstance(rows, list)
                      else (rows[0] - start, rows[1] - start)
                      for position, rows in wholes.items() if start <= position < stop}
            checks = _reconcile_totals(body.where(slice(start, stop)), kinds[start:stop],
                                       header, source_file, grid.sheet,
                                       accepted[start:stop], groups,
                                       repeated[start:stop] & (kinds[start:stop] == "ignored")
                                       ) + checks
        elif tallies and sheet_totals:
            checks = _reconcile_tallies(
                body.where(slice(start, stop)), tally_kinds[start:stop], header, source_file,
                grid.sheet, accepted[start:stop],
                {name: values[start:stop] for name, values in people.items()})
        elif by_session is not None and sheet_totals:
            checks = _reconcile_sessions(by_session, body.where(slice(start, stop)),
                                         tally_kinds[start:stop], source_file,
                                         grid.sheet) + checks
        result.checks = result.checks + checks
        result.unread_columns += _unread_columns(
            grid.rows, member_header, row_of[start:stop][kinds[start:stop] == "data"])
        sheet_data = data.where(data["_sheet"] == position) if "date" in data else None
        report_date = _report_date(grid, member_header, sheet_data, result.footer_rows)
        if result.report_date is None:
            result.report_date, result.report_date_source = report_date
    candidates[_TEXT_PART] = parts[data["_sheet"]]
    candidates[VERSION_TAG] = version_tags[data["_sheet"]]
    return candidates


# Roll-call rows sampled before a column's every cell is looked at: a column of names or
# dates shows it is no column of marks within a few rows.
_UNREAD_SAMPLE = 40


def _unread_columns(rows: list[list], header: Header, data_rows: np.ndarray) -> list[dict]:
    """Columns under no heading that hold what the table counts: attendance marks in a
    roll-call ("Giai đoạn 1" merged over two columns, the second phase's marks beneath), or
    numbers in a summary. Their cells were dropped without a word; the analyst is told
    (quality rule `unread_column`)."""
    if len(data_rows) < 2:
        return []
    read = {*header.columns.values(), *(column for column, _ in header.sessions),
            *(column for ticks in header.session_ticks for _, column, _ in ticks),
            *(column for _, column, _ in header.rivals)}
    header_rows = rows[header.first_row:header.body_start]
    width = max(map(len, (rows[row - 1] for row in data_rows[:_UNREAD_SAMPLE].tolist())))
    roll_call = header.shape == "roster"
    found = []
    for column in range(width):
        if column in read:
            continue
        if any(clean_text(row[column]) for row in header_rows if column < len(row)):
            # A heading the table does not use ("Chính thức" ticked beside "Dự bị") says
            # what the column is; only a column without one is unaccounted for.
            continue

        readable = _is_mark if roll_call else _is_count
        sample = _filled_cells(rows, data_rows[:_UNREAD_SAMPLE], column)
        if not sample or not all(map(readable, sample)):
            continue
        filled = _filled_cells(rows, data_rows, column)
        if len(filled) >= max(2, len(data_rows) / 2) \
                and all(_map_distinct(np.array(filled, dtype=object), [readable])[0]) \
                and (roll_call or not _numbers_rows(filled)):
            found.append({"column": get_column_letter(column + 1), "cells": len(filled)})
    return found


def _filled_cells(rows: list[list], chosen: np.ndarray, column: int) -> list:
    """The non-blank cells of a column in the chosen spreadsheet rows (1-based)."""
    return [value for value in (rows[row - 1][column] if column < len(rows[row - 1]) else None
                                for row in chosen.tolist())
            if clean_text(value) != ""]


def _numbers_rows(values: list) -> bool:
    """1, 2, 3, ... (numbering restarting at 1 in each group allowed): a summary's row
    numbers under no heading, no figure left unread."""
    numbers = [parse_count(value)[0] for value in values]
    return all(number == before + 1 or number == 1
               for before, number in pairwise(numbers))


def _is_mark(value: object) -> bool:
    return marker_status(value) is not None or clean_text(value) in ("0", "1")


def _is_count(value: object) -> bool:
    count, error = parse_count(value)
    return count is not None and error is None


def _fill_down_units(body: Rows, header: Header, kinds: np.ndarray,
                     bounds: dict[int, tuple[int, int]]) -> None:
    """A unit typed once above its rows, its cell left blank below (not merged): "Bồ Đề |
    Chi bộ 1", " | Chi bộ 2", " | Chi bộ 3". The blank rows belong to the unit above, as a
    reader takes them; refused for a missing unit, they left Bồ Đề counted 38/40 for 115/120
    and called reported (QA round 14 k13). Only rows that name a cell, class, person, date
    ("Bồ Đề | 05/3", " | 12/3": QA round 21) or phase are filled, and never across a totals
    row ("Cộng P. Bồ Đề") or into another sheet."""
    if "unit" not in header.columns:
        return
    parts = [name for name in ("cell", "session", "name", "date", "phase")
             if name in header.columns]
    if not parts:
        return
    units = body["text:unit"]
    blank = (units == "") & (kinds == "data") \
        & np.logical_or.reduce([body[f"text:{name}"] != "" for name in parts])
    if not blank.any():
        return
    filled = units.copy()
    for start, stop in bounds.values():
        above = ""
        for position in range(start, stop):
            if kinds[position] == "totals":
                above = ""
            elif kinds[position] == "data":
                if units[position] != "":
                    above = units[position]
                elif blank[position]:
                    filled[position] = above
    body.columns["text:unit"] = filled


def _cells_below_their_unit(body: Rows, header: Header, kinds: np.ndarray,
                            has_value: np.ndarray, bounds: dict[int, tuple[int, int]],
                            resolver: UnitResolver, row_phases: np.ndarray | None,
                            refused: dict[int, str]
                            ) -> dict[int, tuple[int, int] | list[int]]:
    """A district's table of units, some listed with their party cells below them in the
    unit column ("II | Đảng bộ phường Ngọc Lâm" over "1 | Chi bộ 1 | 20 | 19"): the cells
    are the unit's, given as `text:cell` beside it (`text:unit`, both updated). Read as
    units, every cell was refused and its ward chased as missing (QA round 50 #8).

    A unit's row without figures is their heading (it becomes 'ignored'); its own row with
    figures elsewhere in the sheet is their whole when within a tenth of their sum (else
    they are left apart: which is the unit's report cannot be told). A unit's row with
    figures over two cells or more is their whole when within a tenth of their sum in each
    figure; one far from it, or over one cell, keeps its cells apart, refused as unknown
    units: "Chi bộ Công an quận" under a ward may be the district's own (QA round 53).
    Such a whole becomes a totals row, checked against them, returned with the rows it
    sums. A group's heading ("II | KHỐI CƠ QUAN QUẬN") ends a unit's cells; a former
    unit's heading among them ("Phường Ngọc Lâm (cũ)") does not: it is a part of the unit,
    with figures the subtotal of its own cells. Cells under a subtotal naming another unit
    ("Cộng P. Gia Thụy") are that unit's. A merged unit's former units' rows with figures
    ("Thổ Quan (cũ)"), below or above its own row, are its cells, that row their checked
    whole; two or more with no row of the unit's own are its cells too. Beside the unit's
    own row when they are one or do not add up to it, which is the unit's report cannot be
    told: they are refused (`refused`, a row's position -> its reason), the unit's row
    counted."""
    if header.shape != "summary" or "unit" not in header.columns \
            or "cell" in header.columns or not has_value.any():
        return {}
    texts = body["text:unit"]
    resolve = _memo(lambda text: resolver.resolve(text)[0])
    groups: dict[int, list[int]] = {}  # a unit's row -> the cells below it
    parts: dict[int, list[int]] = {}  # a unit's row -> its former units' headings
    adopted: dict[int, list[int]] = {}  # a subtotal naming a unit -> the cells it sums
    own_rows: dict[tuple[int, str], list[int]] = {}  # (sheet, unit) -> its rows with figures
    former_rows: set[int] = set()  # former units' rows not below the unit's own ("(cũ)")
    for sheet, (start, stop) in bounds.items():
        above, loose = None, []  # the unit's row the cells met belong to; cells of none
        for position in range(start, stop):
            text = texts[position]
            if kinds[position] == "totals":
                named = _SUBTOTAL_WORD.sub("", text, count=1)
                unit = resolve(named) if named != text else None
                if unit is not None and (above is None or unit != resolve(texts[above])):
                    adopted[position] = [*loose, *(groups.pop(above) if above is not None
                                                   else [])]
                above, loose = None, []
                continue
            # A unit's or a group's heading without figures is 'ignored' already.
            if kinds[position] not in ("data", "ignored") or not text:
                continue
            folded = fold(_cell_name(text))
            unit = resolve(text)
            above_unit = resolve(texts[above]) if above is not None else None
            # Asked only of a label with the word folded: most are no former unit's.
            former = says_former(text, [*_names_of(unit, resolver),
                                        *_names_of(above_unit, resolver)])
            if former and above is not None and above not in former_rows \
                    and (_NAMES_A_UNIT.match(folded)
                         or (unit is not None and unit == above_unit)) \
                    and (row_phases is None or not has_value[above] or not has_value[position]
                         or row_phases[position] == row_phases[above]):
                # "Phường Ngọc Lâm (cũ)" over its cells, "Thổ Quan (cũ) | 50 | 47" (an alias):
                # a former unit's heading or row below the unit's own, a part of it.
                parts[above].append(position)
                continue
            former = former and unit is not None
            if unit is not None:
                above, loose = position, []
                groups[above], parts[above] = [], []
                if former:
                    former_rows.add(position)
                if kinds[position] == "data" and has_value[position]:
                    own_rows.setdefault((sheet, unit), []).append(position)
                continue
            if kinds[position] == "data" and has_value[position] \
                    and (_CELL_HEADING.match(folded) or _CLASS_HEADING.match(folded)) \
                    and not _NAMES_A_UNIT.match(folded):
                if above is None:
                    loose.append(position)
                elif not has_value[above] or row_phases is None \
                        or row_phases[position] == row_phases[above]:
                    groups[above].append(position)
                else:
                    above, loose = None, [position]
                continue
            above, loose = None, []  # a group's heading, an unknown unit: not the unit's
    units, parts_named = texts.copy(), np.full(len(texts), "", dtype=object)
    wholes: dict[int, tuple[int, int] | list[int]] = {}
    former_of: dict[int, str | None] = {}  # a cell's row -> its former unit's name, if any
    unit_of: dict[int, str | None] = {}  # a cell's row -> its unit
    for position, group in groups.items():
        headings = parts[position]
        # A former unit's heading with figures and no cells of its own below it ("Phường Thổ
        # Quan (cũ) | 50 | 47"): a part of the unit, as a cell is.
        alone = [heading for number, heading in enumerate(headings)
                 if kinds[heading] == "data" and has_value[heading]
                 and not any(heading < row < (headings[number + 1] if number + 1 < len(headings)
                                              else len(kinds)) for row in group)]
        group = sorted([*group, *alone])
        if not group:
            continue
        sheet = int(body["_sheet"][position])
        # Another former unit's row is no rival whole of a former unit's cells.
        others = [row for row in own_rows.get((sheet, resolve(texts[position])), [])
                  if row != position and (row_phases is None
                                          or row_phases[row] == row_phases[group[0]])
                  and not (position in former_rows and row in former_rows)]
        if has_value[position]:
            if others or len(group) < 2 or not _near_in_each_figure(body, header, position,
                                                                    group):
                refused.update(dict.fromkeys(alone, FORMER_UNIT_REASON))
                continue
            kinds[position] = "totals"
            wholes[position] = group
        elif others:
            if len(others) > 1 or not _near_in_each_figure(body, header, others[0], group):
                refused.update(dict.fromkeys(alone, FORMER_UNIT_REASON))
                continue
            kinds[others[0]] = "totals"
            wholes[others[0]] = group
            kinds[position] = "ignored"
        else:
            kinds[position] = "ignored"
        unit = resolve(texts[position])
        # A former unit's cells carry its name when another's have theirs: the units merged
        # each numbered their cells from "Chi bộ 1" (as in `_former_units_cells`).
        former_of.update(dict.fromkeys(group, _former_name(texts[position], unit, resolver)
                                       if position in former_rows else None))
        for number, heading in enumerate(headings):
            if heading in alone:
                continue
            # A former unit's own cells: those up to the next one's heading.
            following = headings[number + 1] if number + 1 < len(headings) else len(kinds)
            own = [row for row in group if heading < row < following]
            former_of.update(dict.fromkeys(own, _former_name(texts[heading], unit, resolver)))
            if has_value[heading] and own:
                kinds[heading], wholes[heading] = "totals", own
            else:
                kinds[heading] = "ignored"
        units[group] = texts[position]
        parts_named[group] = [_cell_name(texts[row]) for row in group]
        unit_of.update(dict.fromkeys(group, unit))
    # Told apart only where they meet: "Chi bộ 1" of two former units of one unit.
    repeated = Counter((unit_of[row], parts_named[row]) for row in former_of)
    for row, former in former_of.items():
        if former is not None and repeated[unit_of[row], parts_named[row]] > 1:
            parts_named[row] = f"{parts_named[row]} ({former})"
    for position, group in adopted.items():
        units[group] = _SUBTOTAL_WORD.sub("", texts[position], count=1)
        parts_named[group] = [_cell_name(texts[row]) for row in group]
    for rows in own_rows.values():
        # A unit's former units' rows not below its own row: above it, or with no row of the
        # unit's own. Two or more alone are its parts, not the unit on two rows (QA round 57
        # #4: a unit_twice warning advising to delete one); above the unit's own row, their
        # checked whole (QA round 59 #1: counted beside it, 300/284 for 150/142).
        for phase in dict.fromkeys(row_phases[rows].tolist() if row_phases is not None
                                   else [None]):
            same = [row for row in rows if kinds[row] == "data" and not groups.get(row)
                    and (row_phases is None or row_phases[row] == phase)]
            formers = [row for row in same if row in former_rows]
            own = [row for row in same if row not in former_rows]
            if not formers or (not own and len(formers) < 2):
                continue
            if own and (len(own) > 1 or len(formers) < 2
                        or not _near_in_each_figure(body, header, own[0], formers)):
                refused.update(dict.fromkeys(formers, FORMER_UNIT_REASON))
                continue
            if own:
                kinds[own[0]], wholes[own[0]] = "totals", formers
            parts_named[formers] = [_cell_name(texts[row]) for row in formers]
    if (parts_named != "").any():
        # Classes ("Lớp 1") below a unit are its classes, as cells are its cells.
        is_class = np.array([bool(_CLASS_HEADING.match(fold(name))) for name in parts_named],
                            dtype=bool)
        body.columns["text:unit"] = units
        body.columns["text:cell"] = np.where(is_class, "", parts_named).astype(object)
        body.columns["text:session"] = np.where(is_class, parts_named, "").astype(object)
    return wholes


FORMER_UNIT_REASON = (
    "dòng của đơn vị cũ (trước sáp nhập) bên cạnh dòng của chính đơn vị mà không cộng lại "
    "bằng dòng đó: không rõ dòng nào là báo cáo của đơn vị, chỉ tính dòng của đơn vị; nếu "
    "dòng đơn vị chỉ là phần còn lại, hãy ghi mỗi đơn vị cũ một dòng hoặc sửa số rồi gửi lại "
    "(a former unit's row beside the unit's own row, which it does not add up to: only the "
    "unit's row is counted)")


def _names_of(unit: str | None, resolver: UnitResolver) -> tuple[str, ...]:
    """A unit's name and its aliases; none for no unit."""
    return (unit, *resolver.aliases.get(unit, ())) if unit else ()


def _former_name(text: str, unit: str | None, resolver: UnitResolver) -> str | None:
    """The name of the unit, or of one of its aliases, a former unit's heading gives
    ("Phường Thổ Quan (cũ)" -> "Thổ Quan"), else the heading without its remark."""
    folded = fold(text)
    names = sorted(_names_of(unit, resolver), key=len, reverse=True)
    return next((clean_text(name) for name in names
                 if (core := core_name(fold(name))) and re.search(rf"\b{re.escape(core)}\b",
                                                                  folded)),
                without_former_remark(_cell_name(text)) or None)


def _near_in_each_figure(body: Rows, header: Header, position: int, parts: list[int]) -> bool:
    """Whether a row's members and those present are each within a tenth of these rows'
    sums (`_near_their_sum` asks it of the members alone)."""
    for figure in ("expected", "attended"):
        if figure not in header.columns:
            continue
        texts = body[f"text:{figure}"]
        if not _within_a_tenth(parse_count(texts[position])[0],
                               [parse_count(texts[row])[0] for row in parts]):
            return False
    return True


def _cell_name(text: str) -> str:
    """A cell's name as listed under its unit: "- Chi bộ 1", "1. Chi bộ 1" are "Chi bộ 1"."""
    return _LIST_BULLET.sub("", without_list_number(text), count=1)


_LIST_BULLET = re.compile(r"^[-–+*•]\s*(?=\w)")


def _unit_wholes(body: Rows, header: Header, kinds: np.ndarray, has_value: np.ndarray,
                 row_units: np.ndarray, bounds: dict[int, tuple[int, int]],
                 resolver: UnitResolver, row_phases: np.ndarray | None = None
                 ) -> tuple[dict[int, tuple[int, int]], dict[int, list[int]]]:
    """A unit's own row in a summary listing its party cells: the whole of the cells' rows,
    not one more of them. Counted beside them it doubled the unit's members, with no flag
    (QA round 16: 386/400 for 193/200, 230/240 for 115/120). Such a row becomes a totals
    row (`kinds` is updated), checked against the cells' sum like any subtotal: a
    disagreement is reported, and the cells are counted.

    Two forms: the unit on a row whose cell is blank, its cells' rows right below it
    ("Bồ Đề | | 120", " | Chi bộ 1 | 40", ...: the unit left blank, as `_fill_down_units`
    reads it, merged down or typed again); and a row whose cell column names the unit itself
    ("Đảng ủy phường Bồ Đề", "Bồ Đề" in Bồ Đề's report), the whole of the unit's rows
    beneath it, else of those above it. A unit's row with no cell beside it is its report.
    Cells only: a class column's rows need not make up the unit ("Lớp học bù" comes on top).
    `row_units` is each row's unit as written (its unit column filled down, else its
    heading's or sheet's); `row_phases` each row's phase, where rows give their own (a
    phase column or heading rows): a whole and its cells share it. Returns each such row's
    position with the [first, last) positions it sums; and each unit's row beside its
    cells that is too small to be their whole (`_may_be_whole`), counted as one more cell,
    with its cells' positions: the analyst is asked about it (`_cell_like_checks`), since a
    ward total typed wrong by more than a tenth would be counted so too."""
    if header.shape != "summary" or "cell" not in header.columns \
            or not any(name in header.columns for name in COUNT_FIELDS):
        return {}, {}  # only a table of counts reconciles its totals rows
    candidates = (kinds == "data") & has_value
    cells = body["text:cell"]
    # Every spelling, as the cells' rows' own units are read: a ward's row "Ph. Gia Thụy"
    # above cells typed "Gia Thụy" was counted as one more cell, doubling the ward, silently.
    resolve = _memo(resolver.lookup)
    wholes: dict[int, tuple[int, int]] = {}
    counted_as_cells: dict[int, list[int]] = {}
    if "unit" in header.columns:
        for position in np.flatnonzero(candidates & (cells == "") & (row_units != "")
                                       ).tolist():
            unit = resolve(row_units[position]) or row_units[position]
            start, stop = bounds[int(body["_sheet"][position])]
            # Its cells follow it, else (a total typed last) they come before it: up to a
            # row of the unit without a cell (another whole).
            for walk in (range(position + 1, stop), range(position - 1, start - 1, -1)):
                group = _same_unit_rows(walk, kinds, row_units, unit, resolve, row_phases,
                                        position)
                cut = next((index for index, row in enumerate(group) if cells[row] == ""),
                           len(group))
                if cut:
                    break
            if cut and _may_be_whole(body, header, position, group[:cut]):
                wholes[position] = (min(group[:cut]), max(group[:cut]) + 1)
            elif cut:
                counted_as_cells[position] = group[:cut]
    for position in wholes:
        kinds[position] = "totals"
    named = {}
    for position in np.flatnonzero(candidates & (cells != "")).tolist():
        unit = resolve(row_units[position])
        if unit is None or resolve(cells[position]) != unit \
                or fold(cells[position]).startswith(("chi bo", "cb ")):
            continue  # "Chi bộ Bồ Đề" is a cell, whatever it is named after
        named[position] = unit
    # Marked before their cells are looked for: no such row is a cell of another.
    kinds[list(named)] = "totals"
    for position, unit in named.items():
        start, stop = bounds[int(body["_sheet"][position])]
        group = _same_unit_rows(range(position + 1, stop), kinds, row_units, unit, resolve,
                                row_phases, position) \
            or _same_unit_rows(range(position - 1, start - 1, -1), kinds, row_units, unit,
                               resolve, row_phases, position)
        if group and _may_be_whole(body, header, position, group):
            wholes[position] = (min(group), max(group) + 1)
            continue
        kinds[position] = "data"  # no cell beside it: the unit's report
        if group:
            counted_as_cells[position] = group
    return wholes, counted_as_cells


def _named_subtotals(body: Rows, header: Header, kinds: np.ndarray, row_units: np.ndarray,
                     bounds: dict[int, tuple[int, int]], resolver: UnitResolver,
                     row_phases: np.ndarray | None) -> dict[int, tuple[int, int]]:
    """A subtotal naming its unit ("Cộng P. Gia Thụy") sums that unit's rows right above
    it, not every row since the previous totals row: checked so, a right subtotal after a
    ward of one row was reported wrong, 80 against 200 (QA round 19). Returns each such
    row's position with the [first, last) positions it sums, as `_unit_wholes` does."""
    labels = [body[f"text:{name}"] for name in ("unit", "cell") if name in header.columns]
    if header.shape != "summary" or not labels:
        return {}
    # Every spelling a unit's row may have ("Ph. Giang Biên", "Thạch Bàn (mới)").
    resolve = _memo(resolver.lookup)
    named = {}
    for position in np.flatnonzero(kinds == "totals").tolist():
        unit = next((resolve(rest) for texts in labels
                     if (rest := _SUBTOTAL_WORD.sub("", texts[position], count=1))
                     != texts[position] and rest), None)
        if unit is None:
            continue
        start, _ = bounds[int(body["_sheet"][position])]
        group = _same_unit_rows(range(position - 1, start - 1, -1), kinds, row_units, unit,
                                resolve, row_phases, position)
        if group:
            named[position] = (min(group), max(group) + 1)
    return named


def _group_subtotals(body: Rows, header: Header, kinds: np.ndarray, has_value: np.ndarray,
                     bounds: dict[int, tuple[int, int]], resolver: UnitResolver
                     ) -> dict[int, tuple[int, int]]:
    """A group's heading with its figures ("I | KHỐI PHƯỜNG | 285 | 275") sums the units
    below it, up to the next group's heading or totals row: it becomes a totals row checked
    against them (`kinds` is updated). Refused as an unknown unit, it was sent back to the
    ward, and a wrong sum went unseen (QA round 49: 999 above units of 200). Returns each
    such row's position with the [first, last) positions it sums, as `_unit_wholes` does."""
    if header.shape != "summary" or "unit" not in header.columns:
        return {}
    texts = body["text:unit"]
    heads = [position for position in np.flatnonzero((kinds == "data") & has_value).tolist()
             if _GROUP_HEADING.match(fold(texts[position]))
             and resolver.resolve(texts[position])[0] is None]
    groups = {}
    for position in heads:
        _, stop = bounds[int(body["_sheet"][position])]
        last = position + 1
        while last < stop and kinds[last] != "totals" \
                and not _GROUP_HEADING.match(fold(texts[last])):
            last += 1
        if any(kinds[row] == "data" for row in range(position + 1, last)):
            groups[position] = (position + 1, last)
            kinds[position] = "totals"
    return groups


# The word a subtotal begins with, before the name of what it adds up: "Cộng", "Cộng:",
# "Tổng cộng -", "Cộng đảng bộ".
_SUBTOTAL_WORD = re.compile(r"^(?:tổng\s+)?cộng\b\s*[:.\-–]?\s*", re.IGNORECASE)


def _may_be_whole(body: Rows, header: Header, position: int, parts: list[int]) -> bool:
    """Whether a unit's row can be the whole of these cells' rows: at least the largest of
    them and near their sum (an addition slip is reported, as any totals row's). "Bồ Đề |
    (blank) | 40" over "Chi bộ 2 | 30" and "Chi bộ 3 | 50" is a cell whose name was left
    out, and counted: taken for their total it lost 40 members (QA round 18 h01)."""
    figures = _whole_and_parts(body, header, position, parts)
    if figures is None:
        return True
    _, whole, counts = figures
    return whole is None or None in counts or (
        whole >= max(counts) and whole >= WHOLE_SHARE * sum(counts))


def _near_their_sum(body: Rows, header: Header, position: int, parts: list[int]) -> bool:
    """Whether a row's figure is within a tenth of these rows' sum (`_whole_and_parts`)."""
    figures = _whole_and_parts(body, header, position, parts)
    return figures is not None and _within_a_tenth(*figures[1:])


def _within_a_tenth(whole: int | None, counts: list[int | None]) -> bool:
    """Whether a figure is within a tenth of the sum of these, all of them given."""
    return whole is not None and None not in counts \
        and abs(whole - sum(counts)) <= (1 - WHOLE_SHARE) * sum(counts)


def _whole_and_parts(body: Rows, header: Header, position: int, parts: list[int]
                     ) -> tuple[str, int | None, list[int | None]] | None:
    """The figure a unit's row and its cells' rows are compared by (the members, else
    those present): its column, the unit's row's count and the cells'."""
    field = next((name for name in ("expected", "attended") if name in header.columns), None)
    if field is None:
        return None
    texts = body[f"text:{field}"]
    return (field, parse_count(texts[position])[0],
            [parse_count(texts[row])[0] for row in parts])


def _cell_like_checks(body: Rows, header: Header, counted_as_cells: dict[int, list[int]],
                      source_file: str, sheets: list[str]) -> list[dict]:
    """A unit's row counted as one of its cells (`_unit_wholes`) as a check the analyst
    sees: "Bồ Đề | (blank) | 40" over cells of 30 and 50 is a cell whose name was left out,
    or the ward's total typed wrong; only the ward can say which."""
    checks = []
    for position, parts in counted_as_cells.items():
        field, whole, counts = _whole_and_parts(body, header, position, parts)
        checks.append({
            "source_file": source_file,
            "sheet": sheets[int(body["_sheet"][position])],
            "source_row": int(body["source_row"][position]),
            "check": "unit_row",
            "column": header.labels[field],
            "stated": whole,
            "computed": sum(count or 0 for count in counts),
            "status": "mismatch",
        })
    return checks


# How near the sum of its cells a unit's row must be to be their whole: 118 for 120 is an
# addition slip; 40 for 80 is one more cell.
WHOLE_SHARE = 0.9


def _same_unit_rows(positions: range, kinds: np.ndarray, row_units: np.ndarray, unit: str,
                    resolve: Callable[[object], str | None],
                    row_phases: np.ndarray | None, whole: int) -> list[int]:
    """The data rows of `unit` met walking `positions` from the unit's row `whole`, up to a
    totals row, another unit's row or another phase's."""
    found = []
    for position in positions:
        if kinds[position] == "totals":
            break
        if kinds[position] != "data":
            continue
        if (resolve(row_units[position]) or row_units[position]) != unit:
            break
        if row_phases is not None and not _same_value(row_phases[position], row_phases[whole]):
            break
        found.append(position)
    return found


def _same_value(first: object, second: object) -> bool:
    """Equal, a missing value (None, NaN) equal to another only."""
    return (pd.isna(first) and pd.isna(second)) or (
        not pd.isna(first) and not pd.isna(second) and first == second)


def _rows_by_sheet(chosen: np.ndarray, sheet_of: np.ndarray, row_of: np.ndarray,
                   sheets: int) -> list[list[int]]:
    """The spreadsheet rows (`row_of`) `chosen` picks, listed by sheet, in order."""
    found: list[list[int]] = [[] for _ in range(sheets)]
    positions = np.flatnonzero(chosen)
    for sheet, source_row in zip(sheet_of[positions].tolist(), row_of[positions].tolist(),
                                 strict=True):
        found[sheet].append(source_row)
    return found


def _bounds(sheets: np.ndarray) -> dict[int, tuple[int, int]]:
    """Each sheet's rows as a [start, stop) range of positions in the combined body."""
    starts = np.flatnonzero(np.diff(sheets, prepend=-1) != 0).tolist()
    stops = [*starts[1:], len(sheets)] if starts else []
    return {int(sheets[start]): (start, stop) for start, stop in zip(starts, stops, strict=True)}


# What a form's export calls the time each answer was sent, folded: a date per row whatever
# the table lists. Other names of a date per row ("Ngày báo cáo", "Ngày nộp") date units in
# a table of units only: in a roll-call, "Bài thu hoạch | Ngày nộp" is when each member
# handed in an essay; in a list of classes, "Báo cáo viên | Ngày báo cáo" the lecture's day
# (QA round 69 #2: a report signed 20/9 made late by an essay of 16/10).
_SENT_ANY_TABLE = frozenset({"dau thoi gian", "timestamp", "thoi gian gui"})


def _dates_units(header: Header) -> bool:
    """Whether a table's "sent" column dates its units' reports (`_units_sent`)."""
    return fold(header.labels["sent"]) in _SENT_ANY_TABLE or (
        "unit" in header.columns and "name" not in header.columns
        and "session" not in header.columns)


def _units_sent(members: list[tuple[SheetResult, SheetGrid, Header]], data: Rows,
                candidates: dict[str, np.ndarray], campaign: Campaign) -> None:
    """Each unit's own report date in each phase in a table of answers sent one by one (a
    Google Forms export's "Dấu thời gian"): the latest its rows were sent, in
    `SheetResult.unit_dates` ({phase: {unit: ISO date}}). The sheet's one date was every
    unit's: all "undated", a ward three days late not told (QA round 60 #2); the latest
    answer's would make every ward as late as the last; one date per unit, every phase's
    (QA round 61 #4: a phase 1 answer dated by the phase 2 one, 51 days late)."""
    # A reading is as likely as the answers it puts in their phase's weeks up to its
    # deadline, then near them (QA round 64 #2: "9/10/2025" for September's phase read as
    # 9 October, the whole phase late; round 61 #6: "10/1/2025" read as January).
    windows = {phase.id: (phase.start, phase.deadline or phase.end)
               for phase in campaign.phases}
    phases = candidates["phase"].tolist()

    def likely(days: list) -> tuple[int, int]:
        in_time = near = 0
        for day, phase in zip(days, phases, strict=True):
            start, end = windows.get(phase, (None, None))
            start, end = start or campaign.start, end or campaign.end
            if day is None or start is None or end is None:
                continue
            in_time += start - dt.timedelta(days=7) <= day <= end
            near += start - dt.timedelta(days=31) <= day <= end + dt.timedelta(days=92)
        return in_time, near

    sent = dates_of_each([_with_year(text, windows.get(phase, (None, None)))
                          for text, phase in zip(data["text:sent"].tolist(), phases,
                                                 strict=True)], likely)
    for day, sheet, phase, ward in zip(sent, data["_sheet"].tolist(),
                                       candidates["phase"].tolist(), candidates["ward"].tolist(),
                                       strict=True):
        if day is not None and isinstance(ward, str) and isinstance(phase, str):
            dates = members[sheet][0].unit_dates.setdefault(phase, {})
            dates[ward] = max(dates.get(ward, day.isoformat()), day.isoformat())


_DAY_AND_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*$")


def _with_year(text: object, window: tuple[dt.date | None, dt.date | None]) -> object:
    """"28/9" with the year that puts it nearest its phase's weeks ("28/9/2025"): a date
    typed without one was no date, the unit dated by the sheet's signature (QA round 69
    #7: four units all late by the compilation's date, two of them on time)."""
    typed = _DAY_AND_MONTH.match(text) if isinstance(text, str) else None
    bounds = [bound for bound in window if bound is not None]
    if typed is None or not bounds:
        return text
    day, month = int(typed.group(1)), int(typed.group(2))
    candidates = []
    for year in range(bounds[0].year - 1, bounds[-1].year + 2):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return text
    nearest = min(candidates, key=lambda found: min(abs((found - bound).days)
                                                    for bound in bounds))
    return f"{nearest.day}/{nearest.month}/{nearest.year}"


# The label of a form's report-date field, folded: "Ngày báo cáo:", "Ngày lập biểu".
# Nothing but the date after it: "Ngày lập danh sách: 15/08/2025" dates the list, not the
# report (QA round 64 #9).
_DATE_FIELD = re.compile(r"^(?:ngay (?:bao cao|lap(?: bieu| bao cao)?|gui(?: bao cao)?)|"
                         r"report date)(?:$|\s+\d)")


def _labelled_dates(rows: list[list]) -> list:
    """The values of a form's report-date field above a table: the cell after its label, or
    the label's own cell ("Ngày báo cáo: 01/12/2025"). A date there was taken for one in a
    title, never asked about (QA round 63 #1: dated three months before the campaign)."""
    found = []
    for row in rows:
        for position, value in enumerate(row):
            if not isinstance(value, str) or not _DATE_FIELD.match(fold(value)):
                continue
            if dates_in(value):  # "Ngày lập biểu: 08/10/2025", whatever follows it
                found.append(value)
                continue
            after = next((other for other in row[position + 1:]
                          if other not in ("", None)), None)
            if after is not None:
                found.append(_serial_date(after))
    return found


# Excel's day numbers of 2000-01-01 and 2099-12-31, and its day 0.
_SERIAL_DATES = (36526, 73050)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _serial_date(value: object) -> object:
    """A report-date field's value, a date typed in a cell not formatted as one (45927, Excel's
    day number of 27/9/2025) as that date: read as no date, a late report was "undated"
    (QA round 89 #4). Any other value as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool) \
            and float(value).is_integer() and _SERIAL_DATES[0] <= value <= _SERIAL_DATES[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return value


def _report_date(grid: SheetGrid, header: Header, data: Rows | None,
                 footer_rows: list[int]) -> tuple[str | None, str | None]:
    """When the report was made: the date line by the signature ("ngày 25 tháng 11 năm
    2015"), else a date in the title block, else the last date of a date column (the report
    cannot predate its last class). The latest date of the place that has one."""
    # Each distinct value once, and tested once: a merged title repeats its text in every
    # column, and most cells of a signature block are empty.
    footer = dict.fromkeys(chain.from_iterable(grid.rows[row - 1] for row in footer_rows))
    title = dict.fromkeys(chain.from_iterable(grid.rows[:header.first_row]))
    places = (
        # The dated line of the signature block ("Long Biên, ngày 12 tháng 9 năm 2015") says
        # more than a date in a note above it ("sẽ học bù ngày 20/9/2015"), and so does that
        # line typed at the top right, under the Party's name (QA round 51: a note's make-up
        # class, 30/9, made a report of 24/9 late).
        ("footer", [value for value in footer
                    if is_signature_date(value) or is_dated_line(value)]),
        # A form's own field: "Ngày báo cáo: | 01/12/2025" (the suite's templates ask it),
        # above the table, in its header's row or in the signature block ("Ngày lập biểu:
        # 08/10/2025" beside a date line left blank: QA round 64 #7-#8).
        ("form", _labelled_dates([*grid.rows[:header.first_row + 1],
                                  *(grid.rows[row - 1] for row in footer_rows)])),
        ("title", [value for value in title if is_dated_line(value)]),
        ("footer", footer),
        ("title", title),
        ("date_column", dict.fromkeys(data["date"].tolist()) if data is not None else ()),
    )
    for number, (source, values) in enumerate(places):
        dates = column_dates(list(values)) if source == "date_column" \
            else [date for value in values for date in dates_in(value)]
        if dates:
            return max(dates).isoformat(), source
        if number == 2 and any(map(is_blank_date_line, chain(footer, title))):
            # The date line left as the form has it ("ngày …… tháng …… năm 2025"): the
            # report is undated, whatever a note says of a class to come (QA round 51).
            return None, None
    return None, None


def _body_frame(sheets: list[tuple[list[list], Header]], header: Header,
                resolver: UnitResolver) -> Rows:
    """The rows below each sheet's header, one table for all of them, with `_sheet` (the
    sheet's position in the list), `source_row` (1-based), and for each mapped column
    `text:<field>` (the cell as display text), `filled:<field>` (that text is not empty)
    and `label:<field>` (the cell, folded, is the header's own label), and for label
    columns `totals:<field>` (the cell heads a totals row).

    Columns of Python objects, built in one go: a file's work is a few dozen array
    operations, not a few hundred pandas calls."""
    cells: dict[str, list] = {name: [] for name in header.columns}
    positions, source_rows = [], []
    picks = itemgetter(*header.columns.values())  # a header names two columns at least
    # A roll-call's marks beyond its marker column (the other sessions', the other tick
    # columns): a row marked there only is a person's row too (`_has_figure`).
    other_marks = sorted({*(column for column, _ in header.sessions),
                          *(column for ticks in header.session_ticks for _, column, _ in ticks)}
                         - {header.columns.get("marker")})
    marks: dict[int, list] = {column: [] for column in other_marks}
    for position, (rows, sheet_header) in enumerate(sheets):
        body_rows = rows[sheet_header.body_start:]
        for column, values in marks.items():
            values.extend(row[column] if column < len(row) else "" for row in body_rows)
        if body_rows and min(map(len, body_rows)) > max(header.columns.values()):
            picked = zip(*map(picks, body_rows), strict=True)  # calamine's rows are full width
            for field_name, values in zip(header.columns, picked, strict=True):
                cells[field_name].extend(values)
        else:
            for field_name, column in header.columns.items():
                cells[field_name].extend(row[column] if column < len(row) else ""
                                         for row in body_rows)
        for field_name, under in header.parts:
            # "Chính thức | Dự bị" under the head count (or those present): their sum.
            cells[field_name][len(cells[field_name]) - len(body_rows):] = [
                _sum_of_parts([row[column] if column < len(row) else ""
                               for column in under]) for row in body_rows]
        positions.extend([position] * len(body_rows))
        source_rows.extend(range(sheet_header.body_start + 1,
                                 sheet_header.body_start + 1 + len(body_rows)))
    parts = [cells[name] for name in ("middle_name", "given_name") if name in cells]
    if parts and "name" in cells:
        # "Họ và đệm | Tên", "Họ | Chữ đệm | Tên": one person's name in two or three cells,
        # read as one (QA round 34: without its middle, "Cao Trọng Nghĩa" and "Cao Văn
        # Nghĩa" were one person listed twice).
        # A heading merged across the list ("Chi bộ 1" over the name's cells and the marks)
        # fills each of them: one text, not "Chi bộ 1 Chi bộ 1", read as a person whose mark
        # was "Chi bộ 1" (QA round 87 #2).
        cells["name"] = [_joined_name([text for text in map(clean_text, name_cells) if text])
                         for name_cells in zip(cells["name"], *parts, strict=True)]
    columns: dict[str, np.ndarray] = {}
    for name, values in cells.items():
        array = np.empty(len(values), dtype=object)
        array[:] = values
        columns[name] = array
        # `_map_distinct` with each step taken for all of a column's distinct cells at once:
        # a roll-call's names are a thousand cells to clean, fold and test per file.
        codes, uniques, booleans = _distinct(array)
        distinct = uniques.tolist()
        keys = text_keys(distinct)
        cleaned = clean_texts(distinct)
        columns[f"text:{name}"] = _spread(cleaned, codes, booleans, array, clean_text)
        # Tested on the distinct cells too: comparing a column of Python strings costs a
        # call per row, and a table's rows are asked these for every column.
        columns[f"filled:{name}"] = _spread_flags(
            [text != "" for text in cleaned], codes, booleans, array,
            lambda value: clean_text(value) != "")
        if name in header.labels:
            # The header's own label in its column, or another name of its column word for
            # word ("Họ tên" under "Họ và tên", "TT" under "STT"): the header printed again
            # (a new page). Reworded, it was a person present, "Có mặt" read as the mark
            # (QA round 27).
            label_key = fold(header.labels[name])
            columns[f"label:{name}"] = _spread_flags(
                [key == label_key or field_of_alias(key) == name for key in keys], codes,
                booleans, array,
                lambda value, label_key=label_key, name=name: (
                    (key := _text_key(value)) == label_key or field_of_alias(key) == name))
        if name in LABEL_FIELDS:
            is_totals = _totals_label(name, resolver)
            # Only a key that starts like a totals label can head a totals row: the full
            # test runs on those few.
            totals = [key is not None and key.startswith(_TOTALS_STARTS)
                      and is_totals(value, key) for value, key in zip(distinct, keys, strict=True)]
            columns[f"totals:{name}"] = _spread(
                totals, codes, booleans, array,
                lambda value, is_totals=is_totals: is_totals(value, _text_key(value))
            ).astype(bool)
            if name in ("cell", "session"):
                columns[f"subtotal:{name}"] = _spread(
                    [_is_group_subtotal(value, key) for value, key in
                     zip(distinct, keys, strict=True)], codes, booleans, array,
                    lambda value: _is_group_subtotal(value, _text_key(value))).astype(bool)
            # "Trong đó:", "- Đảng viên nữ": in a unit's, cell's or class's column, never
            # in a person's name or a row number.
            columns[f"breakdown:{name}"] = _spread(
                [is_breakdown_label(text) for text in cleaned], codes, booleans, array,
                lambda value: is_breakdown_label(clean_text(value))).astype(bool) \
                if name not in ("row_number", "name") else np.zeros(len(array), dtype=bool)
    for column, values in marks.items():
        array = np.empty(len(values), dtype=object)
        array[:] = values
        columns[f"_mark:{column}"] = array
    columns["_sheet"] = np.array(positions, dtype="int64")
    columns["source_row"] = np.array(source_rows, dtype="int64")
    return Rows(columns)


def _joined_name(parts: list[str]) -> str:
    """A name typed in two or three cells, as one; the same text in each, once."""
    return parts[0] if len(parts) > 1 and len(set(parts)) == 1 else " ".join(parts)


def _sum_of_parts(values: list) -> object:
    """A head count given in parts (official and probationary members) as one cell: their
    sum, a blank part counting none (as a blank exempt cell does); a part that is no count
    is kept as typed, for the row's reason to quote; blank when every part is."""
    counts = [parse_count(value) for value in values]
    for value, (_, error) in zip(values, counts, strict=True):
        if error is not None:
            return value
    filled = [count for count, _ in counts if count is not None]
    return sum(filled) if filled else ""


def _text_key(value: object) -> str | None:
    return fold(value) if isinstance(value, str) else None


# How every key `_totals_label` may find true begins: a whole label ("tong cong") or one that
# goes on ("tong cong toan phuong", "cong p bo de").
_ENGLISH_TOTALS = ("subtotal ", "sub total ", "total ")
_TOTALS_STARTS = (*TOTALS_LABELS, "tong ", "cong ", "co mat ", "toan ", "ca ",
                  "quan", "huyen", "thi xa", "dang bo quan", "dang bo huyen", "dang bo thi xa",
                  *_ENGLISH_TOTALS)
_TOTAL_AND_FIGURE = re.compile(r"^tổng \d")  # with its marks: "tổng 8 đ/c có mặt 3"
# The district itself in the unit column, below its wards: its total (QA round 35: "Đảng bộ
# quận Long Biên" refused as an unknown unit, "the nearest is Long Biên", and no check).
# With its marks: "Quán Thánh" is a ward.
_DISTRICT_ITSELF = ("quận", "huyện", "thị xã", "đảng bộ quận", "đảng bộ huyện",
                    "đảng bộ thị xã")
# The district's committee, not its total: "Quận ủy", "Huyện ủy" (QA round 70 #2: its row
# checked as a wrong total, 30 against 90, not refused as a unit the list does not hold).
_DISTRICT_COMMITTEE = ("quận ủy", "huyện ủy", "thị ủy", "quận uỷ", "huyện uỷ", "thị uỷ")
# Names that begin as a total's label does, folded: "Tổng công ty Đường sông miền Bắc" (a
# party committee), a cell "Cộng đồng dân cư số 5". Read as totals rows, they were lost:
# neither counted nor refused (QA round 27).
_NAMES_LIKE_TOTALS = ("tong cong ty", "cong ty ", "cong dong ")
# "Toàn Đảng bộ", "Toàn đảng bộ phường (Bồ Đề)", "Toàn phường", "Toàn Đảng bộ quận" (folded): the
# whole committee under its cells' or units' rows. Counted as one more cell, it doubled Bồ Đề's
# members (QA round 16 f11). "Đảng bộ X" alone is a unit or a cell, never a sum.
_WHOLE_COMMITTEE = re.compile(
    r"^(?:cong |tong cong |tong so |chung )?(?:toan|ca) (?:dang bo|db|dang uy|phuong|xa"
    r"|thi tran|quan|huyen|don vi)\b")
# In a class's column, words that may stand for the unit's whole or name a class: "Tổng hợp",
# "Tổng hợp chung", "TC" (or "Trung cấp"), "Whole ward", "All classes", "Ward total"
# (folded). Such a row is the whole only where its figures are (`_units_own_rows`; QA rounds
# 49, 50: taken for one more class, the ward doubled; taken for the whole, a class "TC" of
# 30 members beside "SC" of 40 was dropped).
# So does a committee named by its kind ("Đảng ủy cơ quan", "Đảng bộ bệnh viện": a ward's
# hospital is one of its parts).
_MAY_BE_WHOLE_UNIT = re.compile(
    r"^(?:tong hop\b|tc$|(?:whole|all|entire)\b|(?:ward|unit|commune|committee) total$"
    r"|(?:dang bo|dang uy) (?:co quan|truong|nha truong|benh vien|cong ty)$)")
# A committee's words for its whole, in a list of its parts, folded: "Toàn trường", "Toàn bệnh
# viện", "Toàn cơ quan", "Toàn công ty", a bare "Đảng bộ", "Đảng bộ phường", "Đảng ủy xã":
# its whole, whatever its figures, as "Toàn đảng bộ" is (`_WHOLE_COMMITTEE`). Refused, the
# list was lost (QA round 75 #2); counted as one more part, the unit doubled without a word
# where its figure was not their sum (QA round 76 #1-#3: 145/140 for 65/63).
_WHOLE_UNIT_NAMED = re.compile(
    r"^(?:(?:cong |tong cong |tong so )?toan (?:truong|benh vien|co quan|cong ty|tong cong ty"
    r"|doanh nghiep|vien|trung tam|nganh)\b"
    r"|(?:dang bo|dang uy)(?: (?:phuong|xa|thi tran))?$)")


def _names_the_whole_unit(key: str) -> bool:
    """A cell's or class's label that stands for the unit's whole, or may
    (`_units_own_rows`)."""
    return _WHOLE_COMMITTEE.match(key) is not None or _MAY_BE_WHOLE_UNIT.match(key) is not None \
        or _WHOLE_UNIT_NAMED.match(key) is not None


def _totals_label(field_name: str, resolver: UnitResolver
                  ) -> Callable[[object, str | None], bool]:
    """Whether a label in this column heads a totals row: "Tổng cộng", "Cộng:", "Tổng cộng
    toàn phường", "Tổng số: 35 đ/c"; in the unit or STT column a subtotal that names its
    group ("Cộng P. Bồ Đề"; in the cell or class column see `_is_group_subtotal`); in a
    roll-call's name column a tally ("Có mặt: 33 đ/c"); outside it the whole committee ("Toàn
    Đảng bộ", "Toàn đảng bộ phường", "Cộng toàn Đảng bộ", `_WHOLE_COMMITTEE`).
    Labels that go on after those words are read with their diacritics where a name could
    look the same folded: "Tống Công Minh" is a person and "Công an phường" a party cell. A
    unit's own name (a commune called Cộng Hòa) is never a sum."""
    names_group = field_name in ("unit", "row_number")
    tallies = ("tổng cộng ", "tổng số ", "có mặt ") if field_name == "name" \
        else ("tổng cộng ", "tổng số ")

    def is_totals_label(value: object, key: str | None) -> bool:
        """`key` is `_text_key(value)`, worked out already for the key column."""
        if key is None or key.startswith(_NAMES_LIKE_TOTALS):
            return False
        if is_totals_key(key):
            # "Tổng Số" or "Công Chung" could be someone's whole name, typed with its marks.
            return field_name != "name" or fold_keep_marks(value) in TOTALS_LABELS_WRITTEN
        if field_name != "name" and _WHOLE_COMMITTEE.match(key):
            # Never a person's name ("Toàn" is one); a unit called so is no sum either.
            return resolver.resolve(value)[0] is None
        if field_name == "unit" and fold_keep_marks(value).startswith(_DISTRICT_ITSELF) \
                and not fold_keep_marks(value).startswith(_DISTRICT_COMMITTEE):
            return resolver.resolve(value)[0] is None
        if key.startswith(_ENGLISH_TOTALS):
            # An English campaign's "Subtotal wards", or a tally "Total: 6, present 4".
            if field_name == "name":
                return any(map(str.isdigit, key))
            return names_group and resolver.resolve(value)[0] is None
        if key.startswith("tong ") and _TOTAL_AND_FIGURE.match(fold_keep_marks(value)):
            # "Tổng: 8 đ/c, có mặt 3", "Tổng 25": a total with its figure, never a name
            # ("Tống" is a surname; no name has digits). QA round 43: read as a person with
            # a blank mark, the ward then counted in part.
            return True
        if not key.startswith(("tong cong ", "tong so ", "cong ", "co mat ")):
            return False
        marked = fold_keep_marks(value)
        if marked.startswith(tallies) or (field_name != "name" and key.startswith("tong cong ")):
            return True
        if field_name == "name":
            # "Cộng chi bộ 1: 4 đ/c, có mặt 3": a tally with its figures; no name has digits.
            return marked.startswith("cộng ") and any(map(str.isdigit, marked))
        return names_group and marked.startswith("cộng ") and resolver.resolve(value)[0] is None

    return is_totals_label


def _is_group_subtotal(value: object, key: str | None) -> bool:
    """"Cộng lớp 1", "Cộng khối dân cư" (with its diacritics: "Công an" is a cell) in the cell
    or class column: a subtotal (`_classify_rows`). What follows "Cộng" names a group
    ("lớp", "khối", "chi bộ", "tổ"...) or a number: "Cộng Hòa" is a party cell's name, and
    was taken for a subtotal (QA round 29: 25/24 for 45/43)."""
    if key is None:
        return False
    if _GROUP_SUBTOTAL.match(key) is not None and not key.startswith(_NAMES_LIKE_TOTALS) \
            and fold_keep_marks(value).startswith(("cộng", "tổng")):
        return True
    return _WHOLE_CAMPAIGN_KEY.match(key) is not None \
        and _WHOLE_CAMPAIGN.match(fold_keep_marks(value)) is not None


# A unit's row for the whole campaign in the class (or cell) column, with its marks: "Cả
# đợt", "Toàn đợt", "Cả 2 lớp", "Tổng cả đợt" sum the unit's classes above it; counted as
# one more class, the unit was doubled without a flag (QA round 35: 240/230 for 120/115).
# Not "Ca 1" (a shift), nor "Toàn đảng bộ" (`_units_own_rows`).
_WHOLE_CAMPAIGN_KEY = re.compile(r"^(?:(?:tong|cong) )?(?:ca|toan|tat ca) ")  # folded, first
_WHOLE_CAMPAIGN = re.compile(r"^(?:(?:tổng|cộng)\s+)?(?:cả|toàn|tất cả)\s+(?:đợt|khóa|khoá|"
                             r"(?:\d+|hai|ba|bốn|các)\s+(?:lớp|buổi|ca|chi bộ))\b")


# "Tổng khối dân cư", "Tổng các chi bộ dân cư", "Cộng II" too (QA round 75 #2: a ward's
# report refused whole for it).
_GROUP_SUBTOTAL = re.compile(
    r"^(?:cong\s*[:.]?\s*(?:\d|[ivx]{1,4}$|(?:cac |toan )?(?:lop|khoi|chi bo|cb|to|tdp|cum|khu"
    r"|kdc|dang bo|dang uy|phuong|xa|thi tran|don vi|nhom|doi|buoi|ca|dot|dia ban)\b)"
    r"|tong (?:cong )?(?:cac )?(?:khoi|cum|khu|kdc|chi bo)\b)")


class Rows:
    """Columns of equal length by name: the rows below a header, as numpy arrays.

    What a table's rows go through is a few dozen whole-column operations; a DataFrame
    would cost more to build and to filter than they do, table after table."""

    def __init__(self, columns: dict[str, np.ndarray]):
        self.columns = columns

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def __len__(self) -> int:
        return len(self.columns["source_row"])

    def where(self, rows: np.ndarray | slice) -> Rows:
        """The rows a mask (or a slice) picks, in order."""
        return Rows({name: values[rows] for name, values in self.columns.items()})

    def counts(self, name: str) -> tuple[pd.Series, pd.Series]:
        """`parse_counts` of a column. Each cell is parsed once: the counts and errors are
        kept as columns (`count:<name>`, `count_error:<name>`), which the rows picked by
        `where` carry along, for a table's figures, counts and totals checks alike."""
        if f"count:{name}" not in self.columns:
            parsed = [parse_count(value) for value in self.columns[name].tolist()]
            for key, values in ((f"count:{name}", [count for count, _ in parsed]),
                                (f"count_error:{name}", [error for _, error in parsed])):
                self.columns[key] = np.empty(len(values), dtype=object)
                self.columns[key][:] = values
        return count_series(self.columns[f"count:{name}"].tolist(),
                            self.columns[f"count_error:{name}"].tolist(),
                            pd.RangeIndex(len(self)))


def _classify_rows(body: Rows, header: Header, bounds: dict[int, tuple[int, int]],
                   row_text: Callable[[int], str], row_blank: Callable[[int], bool],
                   row_digits: Callable[[int], bool], rival_filled: np.ndarray | None,
                   repeated: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """'data', 'totals', 'footer', 'ignored' or 'blank' for every row below the header, and
    which rows hold a figure and which anything at all.

    `row_text(position)` is the whole row at that position of the body as text;
    `row_blank(position)` whether that text is only separators and spaces;
    `row_digits(position)` whether it may hold a digit; `repeated` the rows that print the
    header again (`_repeated_header`)."""
    texts = {name: body[f"text:{name}"] for name in header.columns}
    present = {name: body[f"filled:{name}"] for name in header.columns}
    has_value = _has_figure(body, header, texts)
    roll_call = header.shape == "roster"
    # A row with a mapped cell filled has content; any other is read whole (a signature or
    # a note can sit in a column the header does not name).
    has_content = np.logical_or.reduce(list(present.values()))
    for position in np.flatnonzero(~has_content).tolist():
        has_content[position] = not row_blank(position)
    has_entry = np.logical_or.reduce([present[name] for name in header.columns
                                      if name != "row_number"])
    is_totals = np.logical_or.reduce([body[f"totals:{name}"] for name in LABEL_FIELDS
                                      if name in header.columns and not (
                                          roll_call and name == "unit")]
                                     or [np.zeros(len(body), dtype=bool)])
    if roll_call and "unit" in header.columns:
        # A person's unit the district's own ("Quận ủy", "Quận đoàn"): a person's row, not
        # the district's total (QA round 70 #2: three people neither counted nor refused).
        is_totals = is_totals | (body["totals:unit"] & ~(
            present["name"] if "name" in present else np.zeros(len(body), dtype=bool)))
    _units_own_rows(body, header, is_totals)
    # "Cộng lớp 1" in the cell or class column: one more cell, it doubled the ward's counts,
    # also beside the unit's name ("Hồng Hà | Cộng 2 chi bộ", QA round 31: 40/36 for 20/18).
    for name in ("cell", "session"):
        if name in header.columns:
            is_totals = is_totals | body[f"subtotal:{name}"]
    if "cell" in header.columns and "row_number" in header.columns \
            and "unit" not in header.columns:
        # A bloc's heading with the bloc's figures above its cells ("II | Khối cơ quan | 23"
        # over "Chi bộ Trường Tiểu học"...): its subtotal typed above them; with no cell
        # below it, the bloc reported as one row (QA round 76 #10: the ward's list refused).
        sheets = body["_sheet"]
        blocs = _bloc_headings(texts["row_number"], texts["cell"])
        body.columns["bloc:cell"] = blocs  # where a bloc's rows end (`_totals_checks`)
        for position in np.flatnonzero(has_value & blocs).tolist():
            below = next((other for other in range(position + 1, len(body))
                          if sheets[other] != sheets[position] or has_content[other]), None)
            if below is not None and sheets[below] == sheets[position] \
                    and not is_totals[below] and texts["cell"][below] != "" \
                    and not blocs[below]:
                # A subtotal, checked against the cells below it as "Cộng …" typed above
                # them is (`_totals_checks`).
                is_totals[position] = body["subtotal:cell"][position] = True

    # Fixed-width text, not Python strings: a table's kinds are compared a dozen times over,
    # which numpy does in one C loop for these and one call per row for objects.
    kinds = np.full(len(body), "data", dtype="<U7")
    kinds[~has_content] = "blank"
    kinds[is_totals] = "totals"
    kinds[repeated | _column_numbering(has_content, bounds, row_text)] = \
        "ignored"
    # A page number printed with the table ("Trang 2", "- 3 -") is no row of it. A row
    # without a digit (a signature block's titles and names) is no page number.
    for position in np.flatnonzero((kinds == "data") & ~has_value).tolist():
        if not row_digits(position):
            continue
        text = row_text(position)
        if _PAGE_LINE.match(fold(text)) or _PAGE_DASHES.match(text):
            kinds[position] = "ignored"
    # "Trong đó:" and the parts it introduces ("- Đảng viên nữ", "- Đảng viên dự bị") break
    # down the row above; they are no unit's row.
    kinds[(kinds == "data") & np.logical_or.reduce(
        [body[f"breakdown:{name}"] for name in LABEL_FIELDS if name in header.columns]
        or [np.zeros(len(body), dtype=bool)])] = "ignored"
    # A note under the table whose first cell says so ("Ghi chú: ĐV chuyển đến | Ngọc Lâm |
    # 2"), whatever figures and names follow it: read as a row, a ward that sent nothing was
    # refused a report (QA round 56 #6).
    for name in LABEL_FIELDS:
        if name in header.columns:
            noted = _map_distinct(texts[name], [
                lambda text: isinstance(text, str) and bool(text) and _is_note_line(text)])[0]
            kinds[(kinds == "data") & noted.astype(bool)] = "footer"
    is_value = (kinds == "data") & has_value
    for start, stop in bounds.values():
        value_rows = is_value[start:stop].nonzero()[0]
        if len(value_rows) == 0:
            # Not one figure read in the sheet: its rows are still rows if they were filled
            # in, a unit or a person with something under a figure's heading ("'120", a mark
            # nobody knows), to be rejected each with its reason. Taken for notes under an
            # empty table, they were neither read nor rejected (QA round 17 g14c).
            # So are rows filled in under a rival of a figure's column only (a two-phase
            # template with phase 2 alone filled in): taken for notes, they were lost and the
            # units reported missing (QA round 35).
            # So are a roll-call's people with no mark anywhere (marked by colour only, QA
            # round 77 #1: read as the signature block, the cell's people lost).
            value_rows = np.flatnonzero([
                kinds[position] == "data" and (
                    _filled_in(position, texts, present)
                    or (rival_filled is not None and rival_filled[position]
                        and any(present[name][position] for name in LABEL_FIELDS
                                if name != "row_number" and name in present))
                    or (roll_call and "name" in present and present["name"][position]))
                and not _looks_like_footer(row_text(position))
                for position in range(start, stop)])
        if len(value_rows) == 0:
            end = start
        else:
            # The data ends at the first gap (or totals row) after the last row with a figure;
            # a roll-call's section of others ("II. Đảng viên được miễn học", "Quần chúng")
            # goes on, its people unmarked: taken for the footer, they were neither read nor
            # refused (QA round 29 F14a).
            end = start + value_rows[-1] + 1
            while end < stop and (has_entry[end] or (roll_call and _opens_others_section(
                    row_text(end)))) and not is_totals[end] \
                    and not _looks_like_footer(row_text(end)):
                end += 1
        tail = kinds[end:stop]
        tail[tail == "data"] = "footer"
    # Pre-numbered template rows with nothing but an STT are not rows anybody filled in.
    kinds[(kinds == "data") & ~has_entry] = "blank"
    return kinds, has_value, has_content


def _opens_others_section(text: str) -> bool:
    """A roll-call row heading the excused, the non-members or the guests listed below it
    (`_non_members` refuses them)."""
    folded = fold(text)
    return any(pattern.match(folded) for pattern in (_EXEMPT_SECTION, _NON_MEMBERS, _GUESTS))


def _units_own_rows(body: Rows, header: Header, is_totals: np.ndarray) -> None:
    """A unit's row whose cell (or class) says "Toàn đảng bộ", "Cả phường" (the whole
    committee, `_WHOLE_COMMITTEE`) is the unit's own row, no sum of the rows above it: its
    cell is read as blank (`_unit_wholes` then checks it against its cells' rows, if any
    follow). As a totals row the unit's only row went uncounted (explore13 h06: "Phúc Đồng |
    Toàn đảng bộ | 1.250 | 1.190"). In the class column, beside the unit's own classes, it
    stays their totals row (`_class_wholes` checks it against them): a unit's row with no
    class is counted as a class of its own (`_unit_wholes` checks cells only), which doubled
    the unit (QA round 49). So does a class's label that may stand for the whole ("Tổng
    hợp", "TC", `_MAY_BE_WHOLE_UNIT`), where its figures are their whole; else it is a
    class, or the unit's report alone. In one unit's list of its parts, without a unit
    column, such a row near its parts' sum is their totals row ("Toàn trường" under a
    school's "Tổ Văn", "Tổ Toán": QA round 75 #2, counted as one more part)."""
    has_unit = "unit" in header.columns
    for name in ("cell", "session"):
        if name not in header.columns:
            continue
        texts, filled = body[f"text:{name}"], body[f"filled:{name}"]
        rows = (body["filled:unit"] & ~body["totals:unit"] & filled) if has_unit else filled
        # Each distinct label tested once: a table's thousand rows name a few classes.
        wholes = _map_distinct(texts, [lambda text: _names_the_whole_unit(fold(text))])[0]
        for position in np.flatnonzero(rows & wholes.astype(bool)).tolist():
            key = fold(texts[position])
            whole = (key.startswith(("toan ", "ca ", "chung ")) and _WHOLE_COMMITTEE.match(key)) \
                or _WHOLE_UNIT_NAMED.match(key)
            if not whole and not _MAY_BE_WHOLE_UNIT.match(key):
                continue
            parts = _own_parts(body, name, position, is_totals)
            if not whole:
                # The figures decide: near the sum of its unit's other rows, their whole; else
                # one of them ("TC" of 40 beside "SC" of 30, QA round 52).
                whole = bool(parts) and _near_their_sum(body, header, position, parts)
                if not whole:
                    continue
            if not has_unit:
                is_totals[position] = True
                continue
            if name == "session" and (parts or _scattered_parts(body, name, position)):
                is_totals[position] = True
                continue
            is_totals[position] = False
            texts[position], filled[position] = "", False


def _own_parts(body: Rows, name: str, position: int, is_totals: np.ndarray) -> list[int]:
    """The rows next to this one, on its sheet, that are classes (`name` "session") or
    cells of its unit (`_part_of`): those right below it, else those right above it; in a
    table without a unit column (one unit's parts), every part on its sheet, either side (QA
    round 76 #2: "Toàn công ty" between its parts was weighed against those below it).
    Totals rows are none ("Tổng cộng" below the parts, QA round 76 #3)."""
    units, parts, sheets = body.columns.get("text:unit"), body[f"text:{name}"], body["_sheet"]
    if units is None:
        return [other for other in np.flatnonzero((sheets == sheets[position])
                                                  & (parts != "") & ~is_totals).tolist()
                if other != position and _part_of(body, name, position, other)]
    for step in (1, -1):
        found, other = [], position + step
        while 0 <= other < len(body) and sheets[other] == sheets[position]:
            if (units is None or units[other] == "") and parts[other] == "":
                other += step
                continue
            if is_totals[other] or not _part_of(body, name, position, other):
                break
            found.append(other)
            other += step
        if found:
            return found
    return []


def _scattered_parts(body: Rows, name: str, position: int) -> list[int]:
    """The rows of this row's unit and phase, on its sheet, with a class (`name` "session")
    or cell of their own, wherever they are, their unit and phase written (`_part_of`): a
    table ordered by class lists every unit's "Lớp 1", then every unit's "Lớp 2", then each
    unit's whole (QA round 52: each whole was counted as one more class, every ward
    doubled)."""
    units, sheets = body["text:unit"], body["_sheet"]
    phases = body.columns.get("text:phase")
    return [other for other in np.flatnonzero((sheets == sheets[position])
                                               & body[f"filled:{name}"]).tolist()
            if other != position and units[other] != ""
            and (phases is None or phases[other] == phases[position])
            and _part_of(body, name, position, other)]


def _part_of(body: Rows, name: str, position: int, other: int) -> bool:
    """Whether row `other` is a class (`name` "session") or cell of the unit and phase of
    row `position`: its class or cell named, and not a whole's; its unit the same however
    typed ("Phường Bồ Đề" and "Bồ Đề", QA round 52) or left blank (merged down); its phase
    the same or left blank (QA round 52: phase 1's "Tổng hợp" was weighed against phase 2's
    class below it)."""
    units, parts = body.columns.get("text:unit"), body[f"text:{name}"]
    phases = body.columns.get("text:phase")
    return parts[other] != "" and not _names_the_whole_unit(fold(parts[other])) \
        and (units is None or units[other] == ""
             or core_name(fold(units[other])) == core_name(fold(units[position]))) \
        and (phases is None or phases[other] in ("", phases[position]))


def _class_wholes(body: Rows, header: Header, kinds: np.ndarray
                  ) -> dict[int, tuple[int, int] | list[int]]:
    """Each unit's row for its whole in the class column that is a totals row
    (`_units_own_rows`), with the [first, last) positions of the classes it sums: checked
    against the rows since the last totals row, one typed above its classes was checked
    against the previous unit's (QA round 50)."""
    if header.shape != "summary" or "session" not in header.columns \
            or "unit" not in header.columns:
        return {}
    texts = body["text:session"]
    wholes = {}
    for position in np.flatnonzero((kinds == "totals") & body["filled:unit"]).tolist():
        if not texts[position] or not _names_the_whole_unit(fold(texts[position])):
            continue
        if classes := _own_parts(body, "session", position, kinds == "totals"):
            wholes[position] = (min(classes), max(classes) + 1)
        elif classes := _scattered_parts(body, "session", position):
            wholes[position] = classes  # the rows themselves, not a span
    return wholes


def _filled_in(position: int, texts: dict[str, np.ndarray], present: dict[str, np.ndarray]
               ) -> bool:
    """A row naming a unit, cell, class or person with something else under a figure's
    heading: not one text merged across the row (a note, a signature line)."""
    labels = {texts[name][position] for name in LABEL_FIELDS
              if name != "row_number" and name in present and present[name][position]}
    values = {texts[name][position] for name in VALUE_FIELDS
              if name in present and present[name][position]}
    return bool(labels) and bool(values - labels)


def _bloc_headings(numbers: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Rows numbered in Roman figures ("I", "II.") whose label names a group of cells
    ("Khối dân cư", "Các chi bộ cơ quan"): a bloc's heading."""
    return np.array([bool(_ROMAN_ORDINAL.match(str(number).strip()))
                     and bool(_GROUP_HEADING.match(fold(label)))
                     for number, label in zip(numbers.tolist(), labels.tolist(), strict=True)],
                    dtype=bool)


# "KHỐI PHƯỜNG", "Khối cơ quan, doanh nghiệp", "Các chi bộ trực thuộc", a district's cluster
# of wards "Cụm 1" (folded), in English "WARDS", "Agencies and enterprises": a heading over
# a group of units (QA round 85 scenario: "Cụm 1" refused as an unknown unit, sent back).
_GROUP_HEADING = re.compile(r"^(?:[ivx]+\.? |[a-d]\. )?"
                            r"(?:(?:khoi|cac|cum) \w|(?:wards|communes|agencies|enterprises)\b)")


_CLASS_HEADING = re.compile(r"^lop\b")


def _cell_column_headings(kinds: np.ndarray, has_value: np.ndarray, cell_texts: np.ndarray,
                          bounds: dict[int, tuple[int, int]], sheets: int, classes: bool
                          ) -> np.ndarray | None:
    """Heading rows in a summary's cell column, without a figure: a group of cells ("Các
    chi bộ trực thuộc", "I | Khối cơ quan") heads the cells below it; refused for its
    missing counts, it was a reject line for the ward to answer (QA round 19). With
    `classes` (a ward's table, no unit nor class column), a class ("LỚP 1", merged across
    the table or beside its number) gives its class to the rows below it, returned per row
    (None when there is none; QA round 32). Heading rows become 'ignored' (`kinds` is
    updated), as in the unit column."""
    named = {}
    for position in np.flatnonzero((kinds == "data") & ~has_value).tolist():
        label = cell_texts[position]
        if not label:
            continue
        folded = fold(label)
        if _CELL_GROUP_HEADING.match(folded) or _SESSION_HEADING.match(folded):
            # A session's heading over the cells that came to it ("A | Buổi sáng ngày
            # 14/10/2025"): no row of figures, refused as one it made the ward "counted in
            # part" (QA round 92 #4).
            kinds[position] = "ignored"
        elif classes and _CLASS_HEADING.match(folded):
            named[position] = _HEADING_NUMBER.sub("", label)
    if not named:
        return None
    return _spread_headings(named, kinds, bounds, [""] * sheets)


# A session or a day heading cells, folded, its letter or number before it: "Buổi sáng ngày
# 14/10/2025", "B. Ca chiều", "Ngày 15/10".
_SESSION_HEADING = re.compile(r"^(?:[a-d]\.? |[ivx]+\.? |\d\. )?(?:(?:buoi|ca) (?:sang|chieu|toi"
                              r"|\d{1,2})\b|ngay \d{1,2}/\d{1,2}\b)")


# A group of party cells, folded: "Các chi bộ trực thuộc", "II. Khối cơ quan", "Khối dân cư";
# not a cell named for its residential block ("Khối 5", "Khối Tân Lập", "Khối dân cư số 3"),
# which may have sent nothing.
_CELL_GROUP_HEADING = re.compile(
    r"^(?:[ivx]+\.? |[a-d]\. )?(?:cac \w|khoi (?:co quan|doanh nghiep|phuong|xa|truong|"
    r"su nghiep|dan chinh|dang|luc luong|dan cu(?! (?:so )?\d))\b)")


def _unit_column_headings(kinds: np.ndarray, has_value: np.ndarray, unit_texts: np.ndarray,
                          resolver: UnitResolver, bounds: dict[int, tuple[int, int]],
                          sheets: int, classes: bool) -> np.ndarray | None:
    """Heading rows in the unit column, without a figure and naming no unit: a group of units
    ("KHỐI PHƯỜNG", "Các chi bộ trực thuộc") heads the units below it, not refused as an
    unknown unit and sent back; with `classes` (a table without a class column), a class
    ("I | LỚP 1 (ngày 05/9/2015)") gives its class to the rows below it, returned per row
    (None when there is none). Heading rows become 'ignored' (`kinds` is updated)."""
    named = {}
    for position in np.flatnonzero((kinds == "data") & ~has_value).tolist():
        label = unit_texts[position]
        if not label:
            continue
        folded = fold(label)
        group = _GROUP_HEADING.match(folded)
        if not (group or (classes and _CLASS_HEADING.match(folded))) \
                or resolver.resolve(label)[0] is not None:
            continue
        if group:
            kinds[position] = "ignored"
        else:
            named[position] = _HEADING_NUMBER.sub("", label)
    if not named:
        return None
    return _spread_headings(named, kinds, bounds, [""] * sheets)


# "Chi bộ 1", and the residential group a ward's cell serves: "Tổ dân phố số 1", "Khu dân
# cư 2", "Cụm 3" (QA round 27: each was counted as one more person, absent).
_CELL_HEADING = re.compile(r"^(?:chi bo\b|cb ?(?:so )?\d|c bo \d|(?:party )?cell \w"
                           r"|(?:to dan pho|tdp|khu dan cu|kdc|khu pho|cum dan cu|cum|to|khoi"
                           r"|thon|xom|ap) (?:so )?\d)")
# An agency's or school's group heading its people, with its marks: "Tổ Văn", "Tổ Toán - Tin",
# "Phòng Nội vụ", "Khoa Nội", "Văn phòng" (QA round 73 #3: three unmarked people); "Tô Văn
# Hùng" is a person.
_AGENCY_GROUP = re.compile(r"^(?:tổ|phòng|khoa|văn phòng|ban|đội|trạm|bộ phận)(?:\s|$)")
# A village a commune's cell serves, by its name, with its marks: "THÔN ĐÔNG", "Bản Na Hang",
# "Xóm Chùa" (QA round 98 #2: read as a person with an unknown mark). "Bàn" is a surname.
_VILLAGE = re.compile(r"^(?:thôn|xóm|bản|ấp|làng|buôn|sóc|khu phố|tổ dân phố) \w")
_SECTION_HEADING = re.compile(r"^(?:[ivx]+ |[a-d] )?(?:dang vien|danh sach)\b")
# Any heading numbered in Roman figures, its mark after the number as typed ("II. ...",
# "III) ..."): folded, "Vi Văn Hùng" (Vi, Vì are surnames) read as one, and the person was
# lost, neither counted nor refused (QA round 28).
_ROMAN_HEADING = re.compile(r"^\s*[IVX]+\s*[.):/-]\s*\w", re.IGNORECASE)


def _is_section_heading(text: str) -> bool:
    """"I. Đảng viên chính thức", "Danh sách ...", "II. Tổ 3": a part of a list, no person."""
    return (_SECTION_HEADING.match(fold(text)) is not None and not _typed_as_a_name(text)) \
        or _ROMAN_HEADING.match(text) is not None


# How a section's heading begins, with its marks: a person's name folds the same way now and
# then ("Đặng Viên Hòa" as "đảng viên", "Quan Chung" as "quần chúng").
_HEADING_WORDS = ("quần chúng", "đối tượng", "cảm tình", "đại biểu", "khách mời", "đảng viên",
                  "danh sách")


def _typed_as_a_name(text: str) -> bool:
    """A person's name, not a heading folded alike: two to four words each capitalised as a
    name is ("Quan Chung", "Đặng Viên Hòa"), whose marks are not a heading's. Read as
    headings, the unticked person was lost and the next member refused (QA round 29)."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(word[:1].isupper() and word[1:].islower()
                                        and word.isalpha() for word in words) \
        and not fold_keep_marks(text).startswith(_HEADING_WORDS)
# Non-members who came too: "II. Quần chúng ưu tú", "Quần chúng", "B. Quần chúng tham dự".
# Candidates for membership are not members yet: "Đối tượng kết nạp Đảng", "Cảm tình Đảng".
# Guests are no members of the unit either: "Đại biểu, khách mời dự học tập" (QA round 27).
# A heading's own number before it, folded: "II Quần chúng", "b Khách mời", "2 ...".
_FOLDED_HEADING_NUMBER = r"^(?:[ivx]+ |[a-d] |\d+ )?"
_NON_MEMBERS = re.compile(_FOLDED_HEADING_NUMBER + r"(?:quan chung|doi tuong (?:ket nap|phat trien)"
                          r"|cam tinh dang|dai bieu|khach moi)\b")
# A heading's number alone in the STT column, folded: "II", "2", "b".
_BARE_NUMBER = re.compile(r"^(?:[ivx]+|\d{1,2}|[a-d])$")
# A column saying what each person is ("Đối tượng | Đảng viên / Quần chúng").
_STANDING_LABELS = frozenset({"doi tuong", "thanh phan", "phan loai", "loai", "la dang vien"})
# A note that says only that the person is no member ("Khách mời"): each part of such a note
# ("Đại biểu, khách mời", "Khách mời (quần chúng)") names one.
_NON_MEMBER_NOTE = re.compile(r"^(?:la )?(?:quan chung(?: uu tu)?|doi tuong(?: (?:ket nap|phat "
                              r"trien))?(?: dang)?|cam tinh dang|dai bieu|khach moi)$")
_NOTE_PARTS = re.compile(r"\s*[,;()/\[\]]\s*|\s+-\s+")


def _notes_no_member(note: str) -> bool:
    """A note that says only that the person is no member, in one part or several."""
    parts = [part for part in _NOTE_PARTS.split(note) if part.strip()]
    return bool(parts) and all(_NON_MEMBER_NOTE.match(fold(part)) for part in parts)
# Members the campaign excused, listed apart: "II. Đảng viên được miễn học (tuổi cao, sức yếu)".
_EXEMPT_SECTION = re.compile(_FOLDED_HEADING_NUMBER + r"(?:danh sach )?(?:dang vien |dv )?"
                             r"(?:duoc )?mien (?:hoc|sinh hoat)\b")
EXEMPT_REASON = ("đảng viên được miễn học, liệt kê riêng: không tính vào số phải học (a member "
                 "excused from the campaign, listed apart: not expected to attend)")
GUEST_REASON = ("đại biểu, khách mời: không tính vào tỷ lệ tham dự của đảng viên đơn vị (a "
                "guest: not counted in the unit's members' participation)")
# A guests' heading, folded: "Đại biểu, khách mời dự học tập", "II. Khách mời".
_GUESTS = re.compile(_FOLDED_HEADING_NUMBER + r"(?:dai bieu|khach moi)\b")
# A candidate for membership is no member yet: one reason for both (QA round 87 #4).
NON_MEMBER_REASON = ("quần chúng, đối tượng kết nạp Đảng: không phải đảng viên, không tính vào "
                     "tỷ lệ tham dự của đảng viên (a non-member or party candidate: not counted "
                     "in party members' participation)")
# A member no longer expected, said in the mark's place or in a note beside a blank mark,
# folded: moved to another cell ("Chuyển SH", "Đã chuyển sinh hoạt"), exempt ("Miễn SH",
# "Miễn sinh hoạt"), dead ("Từ trần", "Đã mất"). Refused as unknown marks, such members were
# sent back to the ward to be marked x / v / P / KP (QA round 48).
# Words may follow: "Chuyển SH đi", "Từ trần (15/8)", "Miễn SH (tuổi cao)"; "Miễn" alone is
# the exempt's short mark. Not a member who moved in ("Chuyển SH đến", "Chuyển đến"), who is
# expected.
NOT_EXPECTED = (
    (re.compile(r"^(?:da )?chuyen (?:sh|shd|sinh hoat|di|noi khac)\b"),
     "đảng viên đã chuyển sinh hoạt: không tính vào số phải học (a member who moved to "
     "another party cell: not expected to attend)"),
    (re.compile(r"^(?:duoc )?mien(?: (?:sh|shd|sinh hoat|hoc)\b|$)"),
     "đảng viên được miễn sinh hoạt, miễn học: không tính vào số phải học (a member exempt "
     "from party meetings: not expected to attend)"),
    # "Đã mất" alone or with its date: "Đã mất liên lạc", "Đã mất sức" are the living.
    (re.compile(r"^(?:da )?(?:tu tran|qua doi)\b|^da mat(?:$|\s*\(|\s+(?:ngay\s+)?\d)"),
     "đảng viên đã từ trần: không tính vào số phải học (a member who has died: not expected "
     "to attend)"),
)
MOVED_IN_REASON = ("đảng viên chuyển sinh hoạt đến: buổi để trống trước khi chuyển đến không tính "
                   "vào số phải học (a member who moved in: a session left blank before the "
                   "move is not expected)")
NOT_EXPECTED_REASONS = tuple(reason for _, reason in NOT_EXPECTED)
# "đến" with no place after it: moved in ("Chuyển SH đến", "chuyển đến từ ngày 15/9"); with
# another unit, moved there ("Chuyển SH đến Đảng bộ phường Gia Thụy": QA round 52, away). A
# party cell after it may be the list's own ("Chuyển sinh hoạt đến Chi bộ 1" in Chi bộ 1's
# roll-call, QA round 69 #5): read as moved in, its blank marks sent back, not left out.
_TO_A_PLACE = (r"(?! (?:dang bo|dang uy|phuong|xa|thi tran|don vi|co quan|noi khac|quan"
               r"|huyen|tinh|thanh pho|tp)\b)")
_MOVED_IN = re.compile(r"\bden\b" + _TO_A_PLACE)
# A note saying the member moved in, folded: "Chuyển sinh hoạt đến từ ngày 15/9/2025",
# "Chuyển SH đến", "Mới chuyển đến".
_MOVED_IN_NOTE = re.compile(r"\bchuyen (?:(?:sh|shd|sinh hoat) )?den\b" + _TO_A_PLACE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})\b")


def _blank_before_moving_in(note: str, session: str) -> bool:
    """Whether a blank mark beside this note is of a session before the member moved in:
    the note says they moved in, on a day after the session's ("12/9" beside "Chuyển sinh
    hoạt đến từ ngày 15/9/2025"). A session without a day, or on or after it, was theirs to
    attend; so was one beside a note without a day, which may be an absence (QA round 50)."""
    if not note or _MOVED_IN_NOTE.search(fold(note)) is None:
        return False
    arrived = dates_in(note)
    if not arrived:
        return False
    day = dates_in(session)
    if not day and (typed := _DAY_MONTH.search(session or "")):
        try:
            day = (dt.date(arrived[0].year, int(typed.group(2)), int(typed.group(1))),)
        except ValueError:
            day = ()
    return bool(day) and day[0] < arrived[0]


# "Chuyển sinh hoạt đến Chi bộ 2", folded: the party cell a member moved to, from "chi bo".
_TO_A_CELL = re.compile(r"\bchuyen (?:(?:sh|shd|sinh hoat) )?den (chi bo\b.*)")


def _cell_key(cell: object) -> str | None:
    """A party cell's name as `_cell_moved_to` gives it, "Chi bộ số 2" as "chi bo 2"; None
    for a name that is no "Chi bộ …"."""
    key = fold(cell) if isinstance(cell, str) else ""
    return key.replace("chi bo so ", "chi bo ") if key.startswith("chi bo") else None


def _cell_moved_to(note: str) -> str | None:
    """The party cell a note says its member moved to, its words after, folded."""
    found = _TO_A_CELL.search(fold(note)) if note else None
    return _cell_key(found.group(1)) if found else None


def not_expected_reason(text: str) -> str | None:
    """Why a roll-call's mark or note says the member is not expected (`NOT_EXPECTED`)."""
    key = fold(text) if text else ""
    if not key or _MOVED_IN.search(key):
        return None
    return next((reason for pattern, reason in NOT_EXPECTED if pattern.match(key)), None)


def _other_group_sections(body: Rows, header: Header, kinds: np.ndarray,
                          bounds: dict[int, tuple[int, int]], set_aside: list[int]
                          ) -> np.ndarray | None:
    """A summary's rows under a heading naming another group than the members ("II. KẾT QUẢ
    HỌC TẬP CỦA CẤP ỦY VIÊN", "II | BAN CHẤP HÀNH ĐẢNG BỘ", the header printed again below it
    or not), up to the next heading: each refused, naming the heading. Read as more rows of
    the members' table, the committee's figures were added to its cells' (QA round 29: 35/33
    for 30/28), with a unit_twice warning at most. A heading is a row of one text: alone,
    merged across the table, or beside its Roman number ("II"); one typed among the rows
    ("III | Đảng viên các chi bộ (tiếp)") is set aside, no row refused for its blank figures
    (QA round 31). None when a table has no heading naming another group.

    Every heading found goes to `set_aside`, for the caller to set aside once the unit
    headings are read ("II | Đảng bộ phường Gia Thụy" names the unit of the rows below it:
    set aside before, under a table signed "T/M BAN THƯỜNG VỤ", every ward's cells went to
    the first ward, QA round 35); so are the headings of the members' own sections ("I |
    KHỐI DÂN CƯ", "ĐẢNG VIÊN DỰ BỊ", a text merged across the table), where none names
    another group: each was refused for its blank figures (QA rounds 31, 32)."""
    texts = [body[f"text:{name}"] for name in header.columns if name != "row_number"]
    if not texts:
        return None
    numbers = body["text:row_number"] if "row_number" in header.columns else None
    merged = _one_text(texts)
    single = merged | (np.sum([text != "" for text in texts], axis=0) == 1)
    # A heading merged across the table fills its unit or cell column too: "abc" typed under
    # both figures of a row is two bad counts.
    merged &= np.logical_or.reduce([body[f"text:{name}"] != "" for name in
                                    ("unit", "cell", "session") if name in header.columns]
                                   or [np.zeros(len(kinds), dtype=bool)])
    headings: dict[int, str | None] = {}  # each heading's reason for the rows under it
    for position in np.flatnonzero(single | (kinds != "data")).tolist():
        filled = _heading_cells(texts, numbers, position)
        number = numbers[position] if numbers is not None else ""
        roman = bool(number) and _ROMAN_NUMBER.match(fold(number)) is not None
        if len(filled) != 1:
            continue  # a blank row, or the header printed again
        heading = filled.pop()
        named = _SUBPOPULATION.search(without_remarks(heading)) is not None \
            and not _MEMBERS_WORDS.search(fold(heading)) \
            and not _CELL_HEADING.match(fold(heading)) \
            and not (kinds[position] == "footer" and _looks_like_footer(heading))
        # "Chi bộ Cấp ủy cơ quan" is a cell; "T/M BAN THƯỜNG VỤ" under the table, a signature
        if kinds[position] == "data" and not (
                named or roman or _is_section_heading(heading)
                or (merged[position] and parse_count(heading)[0] is None)):
            continue  # a row of the table whose figures were left blank
        headings[position] = (
            f"bảng dưới dòng '{heading}' đếm một nhóm khác, không phải các đảng viên của đơn "
            f"vị: không tính vào tỷ lệ (a table under '{heading}': another group than the "
            "unit's members, not counted)") if named else None
    set_aside.extend(headings)
    if not any(headings.values()):
        return None
    reasons = np.full(len(kinds), None, dtype=object)
    _refuse_under_headings(reasons, headings, kinds, bounds)
    return reasons


def _heading_cells(texts: list[np.ndarray], numbers: np.ndarray | None, position: int
                   ) -> set[str]:
    """The distinct texts of a row that may head a section: its mapped cells', and the
    number column's unless that holds the heading's own number beside it ("II | Quần chúng
    ưu tú")."""
    filled = {text[position] for text in texts if text[position] != ""}
    number = numbers[position] if numbers is not None else ""
    if number and (not filled or not _BARE_NUMBER.match(fold(number))):
        filled.add(number)
    return filled


def _refuse_under_headings(reasons: np.ndarray, headings: dict[int, str | None],
                           kinds: np.ndarray, bounds: dict[int, tuple[int, int]]) -> None:
    """Each heading's reason (None: a heading that ends a section, refusing nothing) given
    to the data rows under it, up to the next heading, within its sheet."""
    starts = sorted(headings)
    for position in starts:
        if headings[position]:
            stop = min(next((start for start in starts if start > position), len(kinds)),
                       next(end for begin, end in bounds.values() if begin <= position < end))
            under = position + 1 + np.flatnonzero(kinds[position + 1:stop] == "data")
            reasons[under] = headings[position]


# A heading's Roman number alone in the STT column, folded: "i", "ii", "iv".
_ROMAN_NUMBER = re.compile(r"^[ivx]+$")


def _non_members(members: list[tuple[SheetResult, SheetGrid, Header]], body: Rows,
                 header: Header, kinds: np.ndarray, bounds: dict[int, tuple[int, int]]
                 ) -> np.ndarray | None:
    """The roll-call rows of non-members: below a section heading naming them ("II. Quần
    chúng ưu tú", up to the next section heading), or "Quần chúng" in a column saying what
    each person is ("Đối tượng"). They are people who came, not party members: counted, they
    raised a cell's 4/5 to 6/7 (QA round 16 f20). Members the campaign excused, listed under
    their own heading ("II. Đảng viên được miễn học"), are not expected either: counted as
    absent, they put a cell at 6/11 for 6/8 (QA round 27). Each row's reason, None for the
    rest; None when a file has no such rows."""
    reasons = np.full(len(kinds), None, dtype=object)
    texts = [body[f"text:{name}"] for name in header.columns if name != "row_number"]
    numbers = body["text:row_number"] if "row_number" in header.columns else None
    # Headings are among the rows not read as data (a row of one text, "blank" when that
    # stands in the number column): a few rows a sheet, looked at one by one. A number in
    # the STT column beside the text ("II | Quần chúng ưu tú") is the heading's own.
    headings: dict[int, str | None] = {}  # each heading's reason for the rows under it
    for position in np.flatnonzero(kinds != "data").tolist():
        filled = _heading_cells(texts, numbers, position)
        if len(filled) == 1:
            text = filled.pop()
            label = fold(text)
            # A party cell's or group's heading ("Chi bộ 2", "Tổ dân phố số 3") ends a
            # section as any heading does: the members after the guests were refused as
            # non-members (QA round 29).
            if _typed_as_a_name(text):
                continue
            if _GUESTS.match(label):
                headings[position] = GUEST_REASON
            elif _NON_MEMBERS.match(label):
                headings[position] = NON_MEMBER_REASON
            elif _EXEMPT_SECTION.match(label):
                headings[position] = EXEMPT_REASON
            elif _is_section_heading(text) or _CELL_HEADING.match(label):
                headings[position] = None
    _refuse_under_headings(reasons, headings, kinds, bounds)
    for sheet, (start, stop) in bounds.items():
        _, grid, sheet_header = members[sheet]
        # A column saying what each person is, or a note saying only that ("Ghi chú |
        # Khách mời"): QA round 48, guests and non-members marked x were counted as members
        # present, 6/5 for 2/1, without a word.
        standing = next((index for row in grid.rows[sheet_header.first_row:
                                                    sheet_header.body_start]
                         for index, cell in enumerate(row)
                         if isinstance(cell, str) and fold(cell) in _STANDING_LABELS), None)
        # Both note columns ("Lý do vắng", "Ghi chú": QA round 64 #3, "Quần chúng" under the
        # second was a member present).
        for column, says in ((standing, lambda text: _NON_MEMBERS.match(fold(text))),
                             (sheet_header.columns.get("note"), _notes_no_member),
                             (sheet_header.columns.get("remark"), _notes_no_member)):
            if column is None:
                continue
            cells = np.empty(stop - start, dtype=object)
            cells[:] = [row[column] if column < len(row) else None for row in map(
                grid.rows.__getitem__, (body["source_row"][start:stop] - 1).tolist())]
            # Each distinct note tested once: a thousand notes hold a few distinct ones.
            named = _map_distinct(cells, [lambda cell, says=says: isinstance(cell, str)
                                          and bool(cell) and bool(says(cell))])[0]
            for offset in np.flatnonzero(named.astype(bool)
                                         & (kinds[start:stop] == "data")).tolist():
                reasons[start + offset] = GUEST_REASON if _GUESTS.match(fold(cells[offset])) \
                    else NON_MEMBER_REASON
    return reasons if any(reason is not None for reason in reasons.tolist()) else None


_PAGE_LINE = re.compile(r"^(?:trang|page|to) \d+(?: ?/ ?\d+)?$")
_PAGE_DASHES = re.compile(r"^[-–] ?\d+ ?[-–]$")


# Words that make a sheet's name another version of a sheet, not another class: "Báo cáo
# (sửa)", "Nháp", "Bản cũ", "Copy of ..." (folded).
VERSION_WORDS = frozenset({
    "sua", "da", "lai", "nhap", "cu", "ban", "sao", "draft", "copy", "of", "old", "gui",
    "v1", "v2", "v3",
})
# In brackets only, a version: "Tháng 9 (mới)"; "Lớp đảng viên mới" is a class of new members.
BRACKETED_VERSION_WORDS = frozenset({"moi", "new", "final", "chot", "cuoi", "moi nhat"})
_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]")


def sheet_base(name: str) -> str:
    """A sheet's name folded, without the words that make it a version of another ("Báo cáo
    (sửa)", "Chi bộ 1 cũ", "Tháng 9 (mới)" are "bao cao", "chi bo 1", "thang 9")."""
    name = _BRACKETS.sub(lambda match: " " if fold(match.group(1)) in BRACKETED_VERSION_WORDS
                         else match.group(0), name)
    words = re.sub(r"[^\w]+", " ", fold(name)).split()
    return " ".join(word for word in words if word not in VERSION_WORDS)


def _sheet_sessions(members: list[tuple[SheetResult, SheetGrid, Header]], header: Header,
                    campaign: Campaign, rule) -> tuple[list[str | None] | None, np.ndarray]:
    """The session each sheet of a roll-call is named for ("Buổi 1", "Buổi 2": one sheet per
    session of the same people), else None; None when no sheet is so named, or the table
    says its sessions otherwise (a class column, a column per session, a [[sources]] rule).
    And each sheet's version tag ("" for most): its own name where it is a session's sheet
    sent again beside it (`VERSION_TAG`).

    QA round 14 k07: such sheets were read as party cells, doubling the unit's members
    ("7/10 đảng viên" for 5 people at two sessions). A sheet whose name gives its phase
    ("GĐ 1") keeps it as before."""
    tags = np.full(len(members), "", dtype=object)
    if header.shape != "roster" or "session" in header.columns or header.sessions \
            or (rule is not None and rule.session):
        return None, tags
    # "Đợt 1", "Đợt 2" name batches of sessions where the campaign's phases are no "Đợt"
    # (QA round 31: such sheets of the same people were held out as versions).
    batches = not any(fold(phase.label).startswith("dot") for phase in campaign.phases)

    def named_for(name: str) -> str | None:
        found = sheet_class(name)
        if found is None and batches and _BATCH_NAME.match(fold(name)):
            found = clean_text(name)
        return found

    names = [named_for(copy_name(grid.sheet)[0]) for _, grid, _ in members]
    if not any(names):
        return None, tags  # most roll-calls: a sheet per party cell
    # A session's sheet sent again beside it ("Ngày 1 (sửa)", Excel's copy "Sáng (2)"): all
    # its sheets are that session's, so that they are compared as versions of one list, here
    # and with the same list in another file (QA rounds 31, 32: summed, 6/5; or, as party
    # cells, not matched with a re-sent file's, 12/10 for 8/7). Each is tagged with its own
    # name: the same person on two of them is no person listed twice in one roll-call.
    bases = [named_for(_plain_sheet_name(copy_name(grid.sheet)[0])) for _, grid, _ in members]
    again = Counter(base for base in bases if base is not None)
    resent = {base for base, (_, grid, _) in zip(bases, members, strict=True)
              if base is not None and again[base] > 1
              and (copy_name(grid.sheet)[1] or _plain_sheet_name(grid.sheet) != grid.sheet)}
    for position, (base, (_, grid, _)) in enumerate(zip(bases, members, strict=True)):
        if base in resent:
            names[position], tags[position] = base, grid.sheet
    if len(campaign.phases) > 1:
        names = [None if name is not None and _heading_phase([copy_name(grid.sheet)[0]],
                                                             campaign, True) else name
                 for name, (_, grid, _) in zip(names, members, strict=True)]
    return (names if any(names) else None), tags


_BATCH_NAME = re.compile(r"^dot (?:\d+|[ivx]+)$")


def _plain_sheet_name(name: str) -> str:
    """A sheet's name as typed, without its version words ("Ngày 1 (sửa)", "Lớp 1 cũ",
    "Tháng 3 (mới)" are "Ngày 1", "Lớp 1", "Tháng 3"; see `sheet_base`)."""
    kept = _BRACKETS.sub(lambda match: "" if set(fold(match.group(1)).split())
                         <= VERSION_WORDS | BRACKETED_VERSION_WORDS else match.group(0), name)
    words = kept.split()
    while words and fold(words[-1]) in VERSION_WORDS:
        words.pop()
    return " ".join(words)


def _one_text(texts: list[np.ndarray]) -> np.ndarray:
    """Rows whose filled cells, two at least, all hold the same text: a heading merged
    across the table, its text copied into each cell (read.fill_merged)."""
    found = np.zeros(len(texts[0]) if texts else 0, dtype=bool)
    # Two of its cells side by side hold the text: a few rows a table, looked at one by one.
    for left, right in pairwise(texts):
        found |= (left == right) & (left != "")
    for position in np.flatnonzero(found).tolist():
        found[position] = len({text[position] for text in texts if text[position] != ""}) == 1
    return found


def _cell_headings(body: Rows, header: Header, kinds: np.ndarray,
                   bounds: dict[int, tuple[int, int]], sheet_names: list[str]
                   ) -> np.ndarray | None:
    """The party cell a heading row ("Chi bộ 1", alone in its row) names, for each row of a
    roll-call below it, else the sheet's name; None when no sheet has such a heading.

    A roll-call listing two cells one under the other, without a cell column: read as a
    person, the heading was counted absent (unticked) and its cell's people joined the
    sheet's. A heading row becomes 'ignored' (`kinds` is updated), also beside a cell
    column, where it only repeats what the column says."""
    if header.shape != "roster" or "name" not in header.columns:
        return None
    # Not the number column: "I | Chi bộ 1", "II | Chi bộ 2" number the cells.
    texts = [body[f"text:{name}"] for name in header.columns if name != "row_number"]
    value_fields = [name for name in header.columns if name in VALUE_FIELDS]
    unmarked = np.logical_and.reduce([~body[f"filled:{name}"] for name in value_fields]) \
        if value_fields else np.ones(len(kinds), dtype=bool)
    named = {}
    # A heading merged across the list has its text in the mark's cell too ("II. QUẦN CHÚNG
    # ƯU TÚ"): read as a person with an unknown mark, it opened no section (QA round 31).
    for position in np.flatnonzero((kinds == "data") & (unmarked | _one_text(texts))).tolist():
        filled = {text[position] for text in texts if text[position] != ""}
        if len(filled) == 1:
            label = filled.pop()
            folded, marked = fold(label), fold_keep_marks(label)
            # Its number typed with it, in a row merged across the list ("I. Chi bộ 2"): no
            # heading, its people were the cell's above, a namesake refused as a person
            # listed twice (QA round 90 #1).
            bare = _HEADING_NUMBER.sub("", label, count=1)
            if bare != label and _CELL_HEADING.match(fold(bare)) \
                    and "cell" not in header.columns:
                named[position] = _CONTINUED.sub("", bare)
            elif _is_section_heading(label) or (_NON_MEMBERS.match(folded)
                                                and not _typed_as_a_name(label)):
                # "I. Đảng viên chính thức", "II. Đảng viên dự bị": a part of the list.
                kinds[position] = "ignored"
            elif (_CELL_HEADING.match(folded) or _AGENCY_GROUP.match(marked)
                  or _VILLAGE.match(marked)) and "cell" not in header.columns:
                named[position] = _CONTINUED.sub("", label)
            elif _CELL_HEADING.match(fold(bare)):
                # The cell column says it already on every row: the heading is a title.
                kinds[position] = "ignored"
    if "row_number" in header.columns and "cell" not in header.columns:
        # Typed in the number column, the rest of its row blank ("Chi bộ 2 | | "): the row
        # was a blank one, and the cells' people one list (QA round 48: a namesake in the
        # next cell refused as a person listed twice, 1/1 for 2/1).
        numbers = body["text:row_number"]
        for position in np.flatnonzero((kinds == "blank") & (numbers != "")).tolist():
            # Its own number typed with it too ("II - Chi bộ 2", "III: Chi bộ 3": QA round 93
            # #2, the row passed over and its people put in the cell above).
            bare = _HEADING_NUMBER.sub("", numbers[position], count=1)
            if _CELL_HEADING.match(fold(bare)) and not any(text[position] for text in texts):
                named[position] = _CONTINUED.sub("", bare)
    if not named:
        return None
    return _spread_headings(named, kinds, bounds, sheet_names)


# A heading continued on the next page: "Chi bộ 1 (tiếp theo)", "Chi bộ 1 - tiếp", "(cont.)".
# The same cell, whose people are compared as one list (QA round 50: one listed on both
# pages was counted twice, as a namesake in another cell).
_CONTINUED = re.compile(r"\s*[-–,:]?\s*[(\[]?\s*(?:tiếp theo|tiếp|continued|cont\.?)\s*[)\]]?\s*$"
                        r"|\s*[(\[]\s*tt\.?\s*[)\]]\s*$", re.IGNORECASE)


def _unit_headings(kinds: np.ndarray, skip: np.ndarray, bounds: dict[int, tuple[int, int]],
                   row_text: Callable[[int], str], header: Header, resolver: UnitResolver,
                   sheet_units: list[str]) -> np.ndarray | None:
    """The unit a heading row ("I | Đảng bộ phường Bồ Đề", no figures) names, for each row
    below it, else the sheet's own unit; None when no sheet has such a heading.

    A table without a unit column listing each ward's party cells under the ward's heading:
    without this every cell's row was refused for a missing unit name. A heading row becomes
    'ignored' (`kinds` is updated). `skip` marks rows with a figure or with nothing at all.
    """
    numbering = header.columns.get("row_number")
    named = {}
    # A heading typed alone in the number column is a 'blank' row to `_classify_rows` (no
    # entry but its number): "ĐẢNG BỘ PHƯỜNG GIA THỤY" in column A (QA round 35).
    for position in np.flatnonzero(np.isin(kinds, ("data", "blank")) & ~skip).tolist():
        label = _heading_label(row_text(position).split(" | "), numbering)
        # A lookup, not `find_in_title`'s scan of every unit: in a roll-call ticked only for
        # those present, every absent person's row is a candidate.
        unit = resolver.resolve(label)[0] if label else None
        if unit is not None:
            named[position] = unit
        elif label and _NAMES_A_UNIT.match(fold(label)) and not says_former(label) \
                and not _right_under(named, position, kinds, skip):
            # A unit's heading the list does not hold ("II | Đảng bộ phường Long Biên"):
            # its rows are that name's, refused as an unknown unit; they were the unit's
            # above, added to it (QA round 50: Bồ Đề 140/130 for 70/65). Not a part of the
            # unit named right above it, with no row between ("I | Đảng bộ phường Bồ Đề",
            # " | Phường Ngọc Lâm (cũ)"), nor a former unit: QA round 52, Bồ Đề's cells
            # were refused and Bồ Đề chased as missing.
            named[position] = label
    if not named:
        return None
    return _spread_headings(named, kinds, bounds, sheet_units)


def _right_under(named: dict[int, object], position: int, kinds: np.ndarray,
                 skip: np.ndarray) -> bool:
    """Whether a heading comes right under the last one named, no row of figures between."""
    above = max((heading for heading in named if heading < position), default=None)
    return above is not None and not any(
        kinds[row] == "data" and skip[row] for row in range(above + 1, position))


# A heading naming a unit by its kind, folded: "Đảng bộ phường Long Biên", "Phường Bồ Đề",
# "Đảng ủy xã Kim Sơn", "Thị trấn Trâu Quỳ".
# Not a cell named for the ward's military unit ("Chi bộ Phường đội", QA round 52).
_NAMES_A_UNIT = re.compile(r"^(?:dang bo |dang uy )?(?:phuong|xa|thi tran) (?!doi\b)\w")


# A group's number in Roman figures alone in the number column: "I", "II.", "IV)".
_ROMAN_ORDINAL = re.compile(r"^[IVX]{1,4}[.)]?$")
# A heading's number alone in the number column: "I", "II.", "1", "A)".
_ORDINAL = re.compile(r"^(?:[IVXivx]+|\d{1,3}|[A-Da-d])[.)]?$")
# A heading's own number typed before it in its cell: "I. GIAI ĐOẠN 1", "II) Bồ Đề", "1. ",
# "III: Chi bộ 3", "II - Chi bộ 2" (a dash with a space beside it: "Xi-măng" is a name).
_HEADING_NUMBER = re.compile(
    r"^\s*(?:[IVXivx]{1,4}|\d{1,2})(?:\s*[.):]\s*|\s+[-–]\s*|\s*[-–]\s+)(?=[^\W\d_])")


def _heading_label(cells: list[str], numbering: int | None) -> str | None:
    """What a heading row says (`_only_cell`), its number aside: in the number column ("I",
    "II" above the rows numbered 1, 2...) or before it in its cell ("I. GIAI ĐOẠN 1")."""
    if numbering is not None and numbering < len(cells) \
            and _ORDINAL.match(cells[numbering].strip()):
        cells = [*cells[:numbering], "", *cells[numbering + 1:]]
    label = _only_cell(cells)
    return _HEADING_NUMBER.sub("", label) if label else label


def _spread_headings(named: dict[int, object], kinds: np.ndarray,
                     bounds: dict[int, tuple[int, int]], starts: list) -> np.ndarray:
    """For each row, what the last heading row above it in its sheet names (`named`, by
    position), else its sheet's `starts` value; the heading rows become 'ignored'."""
    values = np.empty(len(kinds), dtype=object)
    for sheet, (start, stop) in bounds.items():
        current = starts[sheet]
        for position in range(start, stop):
            if position in named:
                current = named[position]
                kinds[position] = "ignored"
            values[position] = current
    return values


def _per_session(data: Rows, header: Header, grids: list[SheetGrid],
                 headings: np.ndarray | None
                 ) -> tuple[Rows, np.ndarray | None, dict[int, list[dict]]]:
    """A roll-call with a marker column per session ("12/9 | 19/9 | 26/9") as one row per
    person and session, with `text:session` naming the session: each person is expected
    once per session held. A session column blank from top to bottom in a sheet was not
    held (a sheet prepared for four meetings after three): it is not read, and said so where
    another session of the sheet was marked (QA round 77 #2: a session marked by colouring
    its cells vanished without a word). Returns also each sheet's sessions not held."""
    count = len(data)
    sheets = data["_sheet"]
    cells = list(_grid_rows(data, grids))
    parts = []
    not_held: dict[int, list[dict]] = {}
    marked_in: set[int] = set()
    for number, (position, name) in enumerate(header.sessions):
        raw = np.empty(count, dtype=object)
        if header.session_ticks:
            raw[:] = [_tick_mark(row, header.session_ticks[number]) for _, _, _, row in cells]
        else:
            raw[:] = [row[position] if position < len(row) else "" for _, _, _, row in cells]
        text, = _map_distinct(raw, [clean_text])
        held_in = set(sheets[text != ""].tolist())
        marked_in |= held_in
        for sheet in set(sheets.tolist()) - held_in:
            not_held.setdefault(sheet, []).append(
                {"session": name, "column": get_column_letter(position + 1)})
        parts.append({**data.columns, "marker": raw, "text:marker": text,
                      "text:session": _filled(count, name),
                      "_order": np.arange(count) * len(header.sessions) + number,
                      "_held": np.isin(sheets, list(held_in))})
    joined = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    # Person by person, each person's sessions in the order of the columns.
    order = np.argsort(joined.pop("_order"), kind="stable")
    order = order[joined.pop("_held")[order]]
    expanded = Rows({name: values[order] for name, values in joined.items()})
    if headings is not None:
        headings = np.concatenate([headings] * len(header.sessions))[order]
    return expanded, headings, {sheet: sessions for sheet, sessions in not_held.items()
                                if sheet in marked_in}


# The mark a tick in a status column stands for, as a marker column would say it.
_TICK_MARK = {"present": "x", "absent_excused": "P", "absent_unexcused": "KP",
              "absent_unspecified": "v"}


def _tick_mark(row: list, ticks: tuple[tuple[str, int, str], ...]) -> str:
    """A session's tick columns ("Có mặt | Vắng CP | Vắng KP") as one mark: "x", "P", "KP"
    or "v" for the one ticked (a reason ticked in "Vắng", "Ốm", as written), "" for none, and
    every ticked column named ("Có mặt: x + Vắng CP: x") for several, which no mark means."""
    ticked = [(field, label, clean_text(row[position])) for field, position, label in ticks
              if position < len(row) and clean_text(row[position]) not in NO_TICK]
    if not ticked:
        return ""
    if len(ticked) > 1:
        return " + ".join(f"{label}: {cell}" for _, label, cell in ticked)
    field, _, cell = ticked[0]
    status = TICK_STATUS[field]
    if status == "absent_unspecified" and marker_status(cell) in ("absent_excused",
                                                                   "absent_unexcused"):
        return cell
    return _TICK_MARK[status]


def _session_phases(header: Header, campaign: Campaign, *, by_day: bool = False
                    ) -> dict[str, str] | None:
    """{column: phase} for a roll-call's marker columns that name phases ("GĐ 1 | GĐ 2"): each
    person is expected once in each phase, the column giving the phase, not a class; or
    whose days fall in two phases' periods or more ("12/9/2024 | 15/10/2024", each in one
    phase's `start`..`end`): each session is its phase's (QA round 62 #1: refused for want
    of a phase), when `by_day`. None for sessions of one phase ("12/9 | 19/9", "Buổi 1 |
    Buổi 2")."""
    if "phase" in header.columns:
        return None
    phases = {name: campaign.phase_from_text(name) for _, name in header.sessions}
    if phases and all(phases.values()) and len(set(phases.values())) == len(phases):
        return phases
    within = {name: campaign.phases_of_day(name) for _, name in header.sessions} \
        if by_day else {}
    if within and all(len(found) < 2 for found in within.values()) \
            and len({found[0] for found in within.values() if found}) > 1:
        # Two phases' days at least: a session in no period is the nearest phase's.
        nearest = {name: found or campaign.phases_of_day(name, nearest=True)
                   for name, found in within.items()}
        if all(len(found) == 1 for found in nearest.values()):
            return {name: found[0] for name, found in nearest.items()}
    return None


def _phase_headings(kinds: np.ndarray, skip: np.ndarray,
                    bounds: dict[int, tuple[int, int]], row_text: Callable[[int], str],
                    campaign: Campaign, titles: list[str | None], note_column: int | None,
                    numbering: int | None, headers_again: np.ndarray | None = None
                    ) -> np.ndarray | None:
    """The phase named by a heading row ("GIAI ĐOẠN 2") for each row below it, else the
    phase the sheet's title names (`titles`, one per sheet), else None.

    Two tables stacked in one sheet, each under its phase's heading, with the header printed
    again: without this the second table's rows were counted in the first table's phase. A
    heading row becomes 'ignored' (`kinds` is updated). None when no sheet has either.
    `skip` marks rows that cannot be headings: those with a figure, or with nothing at all.
    A text alone in the notes column ("Giai đoạn 2" beside a person) is a note, not a heading.
    A heading's own number ("I", "II" in the `numbering` column, or "II." before it) is
    read past, as a unit heading's is. A heading right above the header printed again
    (`headers_again`) is that table's title, and names its phase among other words as a
    sheet's title does ("KẾT QUẢ HỌC TẬP GIAI ĐOẠN 2", QA round 35: the second table's rows
    went to the first table's phase).
    """
    candidates = np.flatnonzero(np.isin(kinds, ("data", "blank")) & ~skip)
    named = {}
    for position in candidates.tolist():
        cells = row_text(position).split(" | ")
        if note_column is not None and note_column < len(cells) \
                and all(not cell.strip() for cell in cells[:note_column] + cells[note_column + 1:]):
            continue
        title = headers_again is not None and position + 1 < len(kinds) \
            and bool(headers_again[position + 1])
        phase = _heading_phase([_heading_label(cells, numbering)], campaign, title)
        if phase is not None:
            named[position] = phase
    if not named and not any(titles):
        return None
    return _spread_headings(named, kinds, bounds, titles)


def _sheet_phase(grid: SheetGrid, header: Header, campaign: Campaign,
                 path_phase: str | None) -> tuple[str | None, str | None]:
    """The phase a sheet gives its rows, and why it gives none when its title and its name
    disagree: a template's title copied into the next phase's sheet ("GĐ2" under "KẾT QUẢ
    HỌC TẬP GIAI ĐOẠN 1") put both sheets in phase 1, summed (QA round 16 f03). The file's
    path settles such a disagreement when it names one of the two; a name Excel gave a
    copied sheet ("GĐ1 (2)") is no word on the phase beside its title."""
    # A title's own number aside, as a heading's between tables: "I | GIAI ĐOẠN 1" above the
    # first of stacked tables named no phase, and its rows were refused (QA round 23).
    numbering = header.columns.get("row_number")
    title = _heading_phase((_heading_label(["" if cell is None else str(cell) for cell in row],
                                           numbering)
                            for row in grid.rows[:header.first_row]), campaign, True) \
        or _phase_over_figures(grid, header, campaign)
    name, copied = copy_name(grid.sheet)
    named = _heading_phase([name], campaign, True)
    if title is None or named is None or title == named or copied:
        return title or named or path_phase, None
    if path_phase in (title, named):
        return path_phase, None
    labels = campaign.phase_labels
    return None, (f"không rõ giai đoạn: tiêu đề trang ghi {labels[title]} nhưng tên trang "
                  f"'{grid.sheet}' ghi {labels[named]}; hãy sửa tiêu đề hoặc tên trang cho "
                  f"đúng rồi gửi lại (the title names {labels[title]} but the sheet's name "
                  f"names {labels[named]}: which phase is meant?)")


def _phase_over_figures(grid: SheetGrid, header: Header, campaign: Campaign) -> str | None:
    """The phase a two-row header's group names over every figure's column ("GIAI ĐOẠN 2"
    merged over "Tổng số | Có mặt | Vắng"), as a title above it would, unless another
    group's columns beside them hold figures too: named nowhere else, the rows were refused
    for their unknown phase (QA round 35)."""
    figures = [column for name, column in header.columns.items() if name in COUNT_FIELDS]
    rivals = [column for _, column, _ in header.rivals]
    if any(_fills_any(row, rivals) for row in grid.rows[header.body_start:]):
        return None  # another group's figures beside them: refused, no phase said
    # The header's top row, or the row right above a one-row header (the unit's and the
    # number's cells merged down over both read as the header's).
    for index in ([header.first_row] if header.body_start == header.first_row + 2 else []) \
            + ([header.first_row - 1] if header.first_row else []):
        top = grid.rows[index]
        groups = {clean_text(top[column]) if column < len(top) else "" for column in figures}
        if figures and "" not in groups and len(groups) == 1:
            return _heading_phase(groups, campaign, True)
    return None


def _phase_against_rule(grid: SheetGrid, header: Header, campaign: Campaign,
                        rule_phase: str, named_by: dict) -> dict | None:
    """Another phase than the [[sources]] rule gives the sheet, where its title, its name or
    its file's name names one: the rule gives the rows their phase (README), but a phase 1
    report dropped in phase 2's folder was counted in phase 2 without a word (QA round 26);
    the analyst is warned (quality rule `phase_mismatch`). `named_by` keeps what a file's
    name said, for its other sheets. Most titles and sheet names name no phase: a search for
    a phase's first word in their text spares the rest (a city's 22,748 sheets)."""
    title = grid.rows[:header.first_row]
    if not _may_name_phase("\n".join([cell for row in title for cell in row
                                       if isinstance(cell, str)])):
        title = []
    named = [("title", _heading_phase(
        [_heading_label(["" if cell is None else str(cell) for cell in row],
                        header.columns.get("row_number")) for row in title],
        campaign, True) if title else None)]
    sheet_name = copy_name(grid.sheet)[0]
    named.append(("sheet", _heading_phase([sheet_name], campaign, True)
                  if _may_name_phase(sheet_name) else None))
    if grid.source_file not in named_by:
        named_by[grid.source_file] = _file_name_phase(grid.source_file, campaign)
    named.append(("file", named_by[grid.source_file]))
    return next(({"phase": phase, "source": source} for source, phase in named
                 if phase is not None and phase != rule_phase), None)


def _phases_per_sheet(phases: np.ndarray, sheet_of: np.ndarray, sheets: int) -> list[set]:
    """The phases each sheet's phase column names (`_candidates`): the distinct pairs found
    in one pass, not a row at a time (a campaign filled in on the templates has a phase
    column in every table)."""
    found: list[set] = [set() for _ in range(sheets)]
    pairs = pd.DataFrame({"sheet": sheet_of, "phase": phases}).dropna().drop_duplicates()
    for sheet, phase in zip(pairs["sheet"].tolist(), pairs["phase"].tolist(), strict=True):
        found[sheet].add(phase)
    return found


def _may_name_phase(text: str) -> bool:
    """Whether a text holds a word a phase's name may begin with: a few substring tests of
    the lower-cased text, ten times faster than a case-blind pattern."""
    lowered = text.lower()
    return any(word in lowered for word in ("giai", "gđ", "gd", "phase", "doan"))


def _phase_in_path(source_file: str, campaign: Campaign) -> str | None:
    """The phase the file's name, else its folders' from the nearest, names:
    "gd1/bao-cao-gd2.xlsx" is phase 2, and so is its copy "bao-cao-gd2 (1).xlsx" (QA round
    23: the copy's rows were refused for want of a phase, and the old figures counted)."""
    return _name_phase(copy_name(PurePosixPath(source_file).stem)[0], campaign) \
        or _phase_in_folders(source_file, campaign)


def _file_name_phase(source_file: str, campaign: Campaign) -> str | None:
    """The phase the file's own name names ("bao-cao-gd2.xlsx"), not its folders'."""
    stem = copy_name(PurePosixPath(source_file).stem)[0]
    return _name_phase(stem, campaign) if _may_name_phase(stem) else None


def _phase_in_folders(source_file: str, campaign: Campaign) -> str | None:
    """The phase the file's folders name, the nearest first ("Giai doan 1/")."""
    return next(filter(None, (_name_phase(parent.name, campaign)
                              for parent in PurePosixPath(source_file).parents
                              if parent.name)), None)


def _name_phase(name: str, campaign: Campaign) -> str | None:
    """The phase a file's or folder's name names, its words set apart by "-", "_" or "."."""
    return _heading_phase([re.sub(r"[-_.]+", " ", name)], campaign, True)


def _only_cell(cells) -> str | None:
    """The text of a row whose filled cells all say one thing (a heading merged across)."""
    filled = {str(cell).strip() for cell in cells if cell is not None and str(cell).strip()}
    return filled.pop() if len(filled) == 1 else None


def _heading_phase(cells, campaign: Campaign, title: bool = False) -> str | None:
    """The phase the last of these heading cells names: "Giai đoạn 2", "GĐ II",
    "GIAI ĐOẠN 2 (từ 01/10 đến 15/10/2015)", never a bare "2" left in a column. A `title`
    (above the header, or the sheet's name) may name it among other words ("KẾT QUẢ HỌC TẬP
    GIAI ĐOẠN 1"); "GIAI ĐOẠN 1 VÀ 2" names no single phase."""
    found = None
    # "Đợt 1", "Đợt 2" head batches of classes as often as phases: not a phase heading,
    # unless the campaign calls its phases so.
    batches = not any(fold(phase.label).startswith("dot") for phase in campaign.phases)
    for cell in cells:
        if cell and any(character.isalpha() for character in cell) \
                and not (batches and fold(cell).startswith("dot")):
            found = campaign.phase_from_text(cell) \
                or _phase_in_words(cell, campaign, anywhere=title) or found
    return found


# What follows a phase's name in a heading: "(từ 01/10…)", ": tháng 10", " – năm 2015".
_HEADING_DETAIL = re.compile(r"\s*(?:[(:\u2013\u2014]|\s-\s).*$", re.DOTALL)
# A phase's name in folded text, and whether another number follows it ("1 và 2", "1, 2").
_PHASE_WORDS = re.compile(r"\b(?:giai doan|gd|phase) ?(\d+|[ivx]+)\b"
                          r"((?: (?:va|and|den|toi|hoac|or))? (?:\d+|[ivx]+)\b(?!/))?")
_HEADING_DATE_WORDS = frozenset({"tu", "nam", "thang", "ngay", "from"})


def _phase_in_words(cell: str, campaign: Campaign, anywhere: bool) -> str | None:
    """The one phase a heading names before its details, or (`anywhere`) among its words."""
    key = fold(cell if anywhere else _HEADING_DETAIL.sub("", cell))
    found = list(_PHASE_WORDS.finditer(key))
    if not found or any(match.group(2) for match in found):
        return None
    if not anywhere:
        rest = key[found[0].end():].split()
        if found[0].start() or (rest and rest[0] not in _HEADING_DATE_WORDS):
            return None
    phases = {campaign.phase_from_text(f"giai doan {match.group(1)}") for match in found}
    return phases.pop() if len(phases) == 1 else None


def _looks_like_footer(text: str) -> bool:
    """Signature words or a date line in any cell, a row holding nothing but dates, or a
    note ("Ghi chú: 2 đồng chí ốm") in its first cell: under a roll-call ticked only for
    those present, the note was one more person, absent (QA round 27)."""
    parts = [part for part in text.split(" | ") if part.strip()]
    return any(is_footer_text(part) for part in parts) or (
        bool(parts) and (all(is_date_only(part) for part in parts)
                         or _is_note_line(parts[0])))


# How a note under a table begins: "Ghi chú", or "Lưu ý:" with its colon ("Lưu Yến", "Chu
# Yến" are people; folded, "Lưu Ý" is "luu y").
_NOTE_WORDS = re.compile(r"^ghi chu\b")
# ... or a footnote's mark: "(*) Số liệu đến ngày 20/9", "* Tạm tính", "(a) gồm cả dự bị".
_NOTE_MARKED = re.compile(r"^\s*(?:(?:lưu ý|chú ý|chú thích|note|notes|nb)\s*:"
                          r"|(?:\(\*+\)|\*+|\([a-z]\))\s*[,:.]?\s*\S)", re.IGNORECASE)


def _is_note_line(text: str) -> bool:
    # Folded only when "gh" begins it: a roll-call's every name is asked this.
    return ("gh" in text[:20].lower() and _NOTE_WORDS.match(fold(text)) is not None) \
        or _NOTE_MARKED.match(text) is not None


def _titled_for_a_session(rows: list[list], header_row: int) -> bool:
    """Whether the line right above a table's header (1-based `header_row`) names a session,
    a class, a phase or a day ("BUỔI CHIỀU", "LỚP 2 (ngày 19/9)", "Ngày 19/9/2024", "ĐỢT 2",
    "CHUYÊN ĐỀ 2: …"): the table is that one's, no copy of the table above (QA round 47:
    two sessions' tables with the same figures, the second taken for a copy, 90/88 for
    180/176)."""
    for above in rows[max(header_row - 3, 0):header_row - 1][::-1]:
        text = " ".join(clean_text(value) for value in above if clean_text(value))
        if text:
            return any(sheet_class(name) is not None or session_name(name) is not None
                       for name in (text, text.split(":")[0].strip()))
    return False


def _repeated_header(body: Rows, header: Header) -> np.ndarray:
    """The header printed again on each page of a long list is not a row of data."""
    matches = [body[f"label:{name}"] for name in header.labels]
    return np.sum(matches, axis=0) >= min(2, len(matches))


# "(3)", "C", and the formula some forms add to a figure's number: "4=2/1", "(6)=(4)/(3)".
_NUMBERING = re.compile(r"^\(?([0-9]{1,2}(?:\.[1-9])?|[a-z])\)?(?: ?= ?[0-9a-z()/:*x+.% -]+)?$")


def _column_numbering(has_content: np.ndarray, bounds: dict[int, tuple[int, int]],
                      row_text: Callable[[int], str]) -> np.ndarray:
    """The "(1) (2) (3)" or "A B C" row some forms print under the header, in each sheet,
    and the row of each figure's unit ("người | người | %"): either, or both one under the
    other (QA round 19: the second of the two was refused as a row with no unit)."""
    numbering = np.zeros(len(has_content), dtype=bool)
    for start, stop in bounds.values():
        for position in has_content[start:stop].nonzero()[0][:2].tolist():
            if not _is_numbering(row_text(start + position)):
                break
            numbering[start + position] = True
    return numbering


# What a row under the header may say of each figure's unit: "người | người | %" (folded).
_MEASURE_WORDS = frozenset({"nguoi", "d/c", "dc", "dong chi", "luot", "dv", "%", "ty le %",
                            "so nguoi", "don vi tinh", "dvt"})


def _is_numbering(text: str) -> bool:
    """The "(1) (2) (3)" or "A B 1 2" row under a form's header, or the row saying each
    figure's unit ("người | người | %", QA round 17 g02: refused as a row with no unit)."""
    cells = [part.strip() for part in text.split(" | ") if part.strip()]
    if cells and all(fold(cell) in _MEASURE_WORDS or cell == "%" for cell in cells):
        return True  # "người" under one column only, too (QA round 19)
    # Folded, "(1)" is "1"; the formula after a number ("(6)=(4)/(3)") keeps its signs as typed.
    marks = [_NUMBERING.match(fold(cell)) or _NUMBERING.match(cell.lower()) for cell in cells]
    if len(cells) < 3 or not all(marks):
        return False
    values = [mark.group(1) for mark in marks]
    # Official forms letter the label columns and number the figures: "A B 1 2 3 4", the
    # note column after them lettered on, "A B 1 … 6 C" (QA round 44: refused as unit "B").
    letters = [ord(value) - ord("a") + 1 for value in values if not value[0].isdigit()]
    # "3.1 | 3.2" number the parts of column 3 (its merged group over "Chính thức | Dự
    # bị"): one number among the others.
    numbers = [value for value in values if value[0].isdigit()]
    majors = [int(value.partition(".")[0]) for value in numbers]
    digits = [major for position, major in enumerate(majors)
              if not (position and "." in numbers[position] and major == majors[position - 1])]
    kinds = "".join("1" if value[0].isdigit() else "a" for value in values)
    return re.fullmatch(r"a*1*a*", kinds) is not None and _consecutive(letters) \
        and _consecutive(digits)


def _consecutive(ordinals: list[int]) -> bool:
    return ordinals == list(range(ordinals[0], ordinals[0] + len(ordinals))) if ordinals \
        else True


def _has_figure(body: Rows, header: Header, texts: dict[str, np.ndarray]) -> np.ndarray:
    """A count that parses or a short roll-call mark: what a signature line never has
    ("BÍ THƯ" under a tick column is as short as a mark, and no mark)."""
    if header.shape == "roster":
        figures = [
            _map_distinct(texts[name], [_may_be_mark])[0].astype(bool)
            for name in ("marker", *header.tick_columns) if name in header.columns
        ] + [
            # Another session's mark: a cell's sheet where nobody came to the first session
            # was taken for a signature block, its people neither read nor refused (QA
            # round 20: 4/4 for 6/8).
            _map_distinct(body[name], [lambda cell: _may_be_mark(clean_text(cell))]
                          )[0].astype(bool)
            for name in body.columns if name.startswith("_mark:")
        ]
    else:
        figures = [body.counts(name)[0].notna().to_numpy()
                   for name in COUNT_FIELDS if name in header.columns]
    if not figures:
        return np.zeros(len(body), dtype=bool)
    return np.logical_or.reduce(figures)


def _may_be_mark(mark: str) -> bool:
    """A roll-call mark as cleaned: one that means something, or a short text no signature
    line is."""
    return mark != "" and (marker_status(mark) is not None
                           or (len(mark) <= 6 and not is_footer_text(mark)))


# How a reason names a figure whose column is in doubt.
FIGURE_NAMES = {
    "expected": "số phải học", "attended": "số có mặt", "absent_total": "số vắng",
    "absent_excused": "số vắng có lý do", "absent_unexcused": "số vắng không lý do",
    "marker": "điểm danh",
}


def _rival_columns(header: Header, data: Rows, grids: list[SheetGrid]) -> str | None:
    """Why the table is refused when two of its columns give the same figure, else None.

    Counting the first and dropping the other would be silently wrong: "Có mặt buổi sáng |
    Có mặt buổi chiều", or phase 1 and phase 2 side by side under one header. A second column
    with nothing in it (a header cell merged across two columns) is no rival.
    """
    reasons = []
    rows = [row for _, _, _, row in _grid_rows(data, grids)]
    for figure, position, label in header.rivals:
        if any(_fills_any(row, [position]) for row in rows) \
                and not _copied_beside(header, rows, grids[0].rows, figure, position):
            kept = header.columns[figure]
            names = _sub_labels(grids[0].rows, header, (kept, position),
                                (header.labels[figure], label))
            reasons.append(
                f"hai cột cùng là {FIGURE_NAMES[figure]}: cột {get_column_letter(kept + 1)} "
                f"'{names[0]}' và cột {get_column_letter(position + 1)} '{names[1]}'")
    if not reasons:
        return None
    return ("; ".join(reasons) + ": không biết tính cột nào (mỗi cột một buổi, hay một giai "
            "đoạn?); hãy tách thành các bảng riêng, mỗi bảng một cột cho mỗi số liệu (two "
            "columns give the same figure; the table is not counted)")


def _copied_beside(header: Header, rows: list[list], sheet_rows: list[list], figure: str,
                   position: int) -> bool:
    """Whether a rival of a figure's column is a copy of it in a block beside the table, kept
    for a chart: after a blank column, under its own unit column ("Đơn vị | Có mặt"), the
    same units and the same figures on every row (QA round 35: the whole table was refused).
    A block whose figures differ anywhere (a second phase beside the first, a pivot by
    group) stays a rival, and so does one that repeats every figure of the table: a second
    phase's table beside the first, its figures the same by chance, is not set aside."""
    kept = header.columns[figure]
    mapped = max(header.columns.values())
    repeated = {field for field, column, _ in header.rivals if column > mapped}
    if {field for field in COUNT_FIELDS if field in header.columns} <= repeated:
        return False
    header_rows = sheet_rows[header.first_row:header.body_start]

    def blank_column(column: int) -> bool:
        return not any(_fills_any(row, [column]) for row in (*header_rows, *rows))

    separators = [column for column in range(mapped + 1, position) if blank_column(column)]
    if kept >= position or not separators:
        return False

    def cell(row: list, column: int) -> str:
        return clean_text(row[column]) if column < len(row) else ""

    labels = [(name, header.columns[name]) for name in ("unit", "cell", "session")
              if name in header.columns]
    for column in range(separators[0] + 1, position):
        named = {field_for_header(cell(row, column)) for row in header_rows} - {None}
        for name, main in labels:
            if name in named and all(cell(row, column) == cell(row, main) for row in rows):
                return all(parse_count(cell(row, position))[0]
                           == parse_count(cell(row, kept))[0] for row in rows)
    return False


def _fills_any(row: list, columns: list[int]) -> bool:
    """Whether the row holds something in one of these columns (a rival of a figure's)."""
    return any(column < len(row) and clean_text(row[column]) != "" for column in columns)


def _sub_labels(rows: list[list], header: Header, columns: tuple[int, int],
                labels: tuple[str, str]) -> tuple[str, ...]:
    """Two rival columns' labels, each with the sub-label under it when both are one group's
    label ("Số đảng viên phải học" merged over "Sáng | Chiều", a row the header did not
    take): "Số đảng viên phải học › Sáng", not the group's label twice; and so, from a
    two-row header, a label joined from its group and sub-label."""
    if header.body_start == header.first_row + 2 and labels[0] != labels[1]:
        top, bottom = rows[header.first_row], rows[header.first_row + 1]
        pairs = [(clean_text(top[column]), clean_text(bottom[column]))
                 if column < min(len(top), len(bottom)) else ("", "") for column in columns]
        if all(group and sub and label == f"{group} {sub}"
               for (group, sub), label in zip(pairs, labels, strict=True)):
            return tuple(f"{group} › {sub}" for group, sub in pairs)
    below = rows[header.body_start] if labels[0] == labels[1] \
        and header.body_start == header.first_row + 1 and header.body_start < len(rows) else []
    subs = [clean_text(below[column]) if column < len(below)
            and isinstance(below[column], str) else "" for column in columns]
    if not all(subs) or subs[0] == subs[1] or any(
            parse_count(sub)[0] is not None or fold(sub) == fold(labels[0]) for sub in subs):
        return labels
    return tuple(f"{label} › {sub}" for label, sub in zip(labels, subs, strict=True))


def _overflowing(data: Rows, sheets: list[tuple[SheetGrid, Header]]) -> np.ndarray | None:
    """(cells, header width) of each CSV row with a filled cell beyond the header's last
    column, (0, 0) for the other rows; None when no row has one.

    A CSV has no cells of its own: "Giang Biên,2,001,1,990" under "Đơn vị,Tổng số,Có mặt"
    is 2/1 and three cells left over, where the unit wrote 2.001/1.990 with unquoted commas.
    (A workbook's cells right of its table are notes, and stay ignored.)
    """
    if not any(grid.sheet == CSV_SHEET_NAME for grid, _ in sheets):
        return None
    sizes = np.zeros((len(data), 2), dtype="int64")
    for row_position, sheet, _, row in _grid_rows(data, [grid for grid, _ in sheets]):
        grid, header = sheets[sheet]
        if grid.sheet != CSV_SHEET_NAME:
            continue
        width = max((position + 1 for row in grid.rows[header.first_row:header.body_start]
                     for position, cell in enumerate(row) if str(cell).strip()), default=0)
        filled = [position for position, cell in enumerate(row) if str(cell).strip()]
        if filled and filled[-1] >= width:
            sizes[row_position] = (filled[-1] + 1, width)
    return sizes if sizes[:, 0].any() else None


def _merged_figures(data: Rows, header: Header, grids: list[SheetGrid]
                    ) -> np.ndarray | None:
    """Why each row whose count cell is one merged over several rows is refused, else None.

    "Tổng số 100" merged down over "Lớp sáng" and "Lớp chiều" is the two classes' members
    together: copied into each row it made 200. Which share is whose, only the unit knows.
    """
    ranges = {position: grid.merged_figures for position, grid in enumerate(grids)
              if grid.merged_figures}
    if not ranges:
        return None
    columns = {header.columns[name]: name for name in COUNT_FIELDS if name in header.columns}
    reasons = np.full(len(data), None, dtype=object)
    for row_position, sheet, source_row, _ in _grid_rows(data, grids):
        for (first_row, first_column), (last_row, last_column) in ranges.get(sheet, ()):
            spanned = [columns[column] for column in range(first_column, last_column + 1)
                       if column in columns]
            if spanned and first_row <= source_row - 1 <= last_row:
                cells = (f"{get_column_letter(first_column + 1)}{first_row + 1}:"
                         f"{get_column_letter(last_column + 1)}{last_row + 1}")
                reasons[row_position] = (
                    f"ô '{header.labels[spanned[0]]}' gộp {last_row - first_row + 1} dòng "
                    f"({cells}): một số cho nhiều dòng, không biết chia cho từng dòng thế nào; "
                    "hãy ghi số riêng cho từng dòng (a count cell merged over several rows)")
                break
    return reasons if any(reason is not None for reason in reasons) else None


def _grid_rows(data: Rows, grids: list[SheetGrid]
               ) -> Iterator[tuple[int, int, int, list]]:
    """(position in `data`, sheet, spreadsheet row, the row as read) of each data row: the
    cells the header does not map, which the checks of a table's layout look at."""
    for position, (sheet, source_row) in enumerate(zip(
            data["_sheet"].tolist(), data["source_row"].tolist(), strict=True)):
        yield position, sheet, source_row, grids[sheet].rows[source_row - 1]


def _candidates(
    data: Rows,
    header: Header,
    source_file: str,
    sheet_names: list[str],
    sheet_units: list[str] | None,
    campaign: Campaign,
    resolver: UnitResolver,
    rule,
    privacy: Privacy,
    sheet_sessions: list[str | None] | None,
    sheet_cells: list[str],
    refusal: str | None = None,
    headings: np.ndarray | None = None,
    overflow: np.ndarray | None = None,  # `_overflowing`
    merged: np.ndarray | None = None,  # `_merged_figures`
    phase_doubts: tuple[str | None, ...] | None = None,  # per sheet, `_sheet_phase`
    unit_doubts: list[str | None] | None = None,  # per sheet, `_sheet_unit`
    named_sheets: list[str | None] | None = None,  # per sheet, `_phases_by_sheet_name`
) -> dict[str, np.ndarray]:
    columns = header.columns
    count = len(data)
    sheet_of = data["_sheet"]
    rows: dict[str, object] = {
        "source_file": _filled(count, source_file),
        "sheet": np.array(sheet_names, dtype=object)[sheet_of],
        "source_row": data["source_row"],
        "shape": _filled(count, header.shape),
    }
    reasons = np.full(count, None, dtype=object)
    rejected = np.zeros(count, dtype=bool)

    def reject(mask: np.ndarray, reason: Callable[[np.ndarray], object] | str) -> None:
        """The first reason found for a row stands; a reason that quotes the row's own
        values is a function of the rejected rows, worded only for them."""
        new = mask & ~rejected
        if not new.any():
            return
        reasons[new] = reason if isinstance(reason, str) else reason(new)
        rejected[new] = True

    if refusal:
        reject(np.ones(count, dtype=bool), refusal)
    if overflow is not None:
        reject(overflow[:, 0] > 0, lambda new: [
            f"dòng có {cells} ô, nhiều hơn {width} cột của dòng tiêu đề: có thể một số có "
            "dấu phẩy hàng nghìn không nằm trong ngoặc kép (như 2,001) đã làm lệch các cột; "
            "hãy sửa tệp CSV (the row has more cells than the header)"
            for cells, width in overflow[new].tolist()])
    if merged is not None:
        reject(~pd.isna(merged), lambda new: merged[new])
    if "_non_member" in data:
        outside = data["_non_member"]
        reject(~pd.isna(outside), lambda new: outside[new])

    # Phase: the row's own column first, then the campaign's [[sources]] rule for the file.
    if "phase" in columns:
        texts = data["text:phase"]
        phases = _map_distinct(texts, [campaign.phase_in_column])[0]
        rule_phase = rule.phase if rule is not None and rule.phase is not None else None
        # The phases each sheet's column names: several make a table of phases.
        named_phases = _phases_per_sheet(phases, sheet_of, len(sheet_names))
        if rule_phase is not None:
            # A sheet whose every filled phase cell names one other phase than its folder's
            # rule: last phase's form used again, its cell left unchanged. Counted in that
            # phase, it was held out against the unit's real report of it, and the rule's
            # phase chased as not sent (QA round 40). The rule stands, as against a title
            # (`phase_mismatch`); a column naming several phases is a table of phases, and a
            # sheet named for its phase ("GĐ1" beside "GĐ2", `named_sheets`) is not the rule's.
            # But a sheet of a file whose own name names that phase too ("bao-cao-gd2.xlsx"
            # in gd1/) is that phase's report in the wrong folder (QA round 43): counted in
            # its phase, blank cells too, and the folder named in the warning.
            own_phase = _file_name_phase(source_file, campaign)
            single = [next(iter(found)) if len(found) == 1 and rule_phase not in found
                      and not (named_sheets and named_sheets[position]) else None
                      for position, found in enumerate(named_phases)]
            named = np.array([phase if phase != own_phase else None for phase in single],
                             dtype=object)
            misplaced = np.array([phase if phase is not None and phase == own_phase else None
                                  for phase in single], dtype=object)
            phases = np.where(~pd.isna(named[sheet_of]) & ~pd.isna(phases), rule_phase, phases)
            rows["_column_phase"] = np.array([
                {"phase": phase, "source": "column"} if phase is not None
                else {"phase": rule_phase, "source": "folder", "counted": moved}
                if moved is not None else None
                for phase, moved in zip(named, misplaced, strict=True)], dtype=object)
        # A blank cell: the rule's phase, or the campaign's only one (QA round 40: refused
        # "thiếu giai đoạn" under a rule, the rule unsaid); in a table of phases it may be
        # the phase above it, typed once for its rows, and is refused, not guessed.
        fallback = rule_phase or (campaign.phases[0].id if len(campaign.phases) == 1 else None)
        several = np.array([len(found) > 1 for found in named_phases], dtype=bool)[sheet_of]
        if fallback is not None:
            if rule_phase is not None:
                fallback = np.where(pd.isna(misplaced[sheet_of]), fallback,
                                    misplaced[sheet_of])
            phases = np.where((texts == "") & ~several, fallback, phases)
        elif (path_phase := _phase_in_path(source_file, campaign)) is not None:
            # No rule: the file's name or folder ("bao-cao-kim-loc-gd1.xlsx"), as for a table
            # with no phase column, where the sheet's column names no other phase (QA round
            # 84 #1: the template's phase cell left blank, every row refused).
            agrees = np.array([found <= {path_phase} for found in named_phases],
                              dtype=bool)[sheet_of]
            phases = np.where((texts == "") & agrees, path_phase, phases)
        rows["phase"] = phases
        reject((texts == "") & several, "thiếu giai đoạn: ô Giai đoạn để trống trong bảng ghi "
               "nhiều giai đoạn, không đoán là giai đoạn nào (no phase in the row)")
        reject((texts == "") & pd.isna(phases), "thiếu giai đoạn: ô Giai đoạn để trống, và "
               "không quy tắc [[sources]] nào của campaign.toml cho tệp một giai đoạn (no "
               "phase in the row)")
        reject(pd.isna(rows["phase"]), lambda new: [
            f"giai đoạn '{text}' không có trong campaign.toml (unknown phase)"
            for text in texts[new]])
    else:
        # A heading row above the rows ("GIAI ĐOẠN 2") says more than the folder's rule; a
        # campaign of one phase needs neither.
        only_phase = campaign.phases[0].id if len(campaign.phases) == 1 else None
        rows["phase"] = _filled(count, rule.phase if rule is not None and rule.phase is not None
                                else only_phase)
        if headings is not None:
            rows["phase"] = np.where(pd.isna(headings), rows["phase"], headings)
        if phase_doubts is not None and any(phase_doubts):
            doubts = np.array(phase_doubts, dtype=object)[sheet_of]
            reject(pd.isna(rows["phase"]) & ~pd.isna(doubts), lambda new: doubts[new])
        reject(pd.isna(rows["phase"]), "không rõ giai đoạn: tệp không có cột Giai đoạn, không "
               "có dòng tiêu đề giai đoạn, tên trang không nêu giai đoạn và không khớp "
               "[[sources]] nào trong campaign.toml (no phase)")

    if refusal is not None and refusal.startswith(_SIDE_BY_SIDE):
        # Each row is its unit's in every phase the table names, whatever folder it is in:
        # of no one phase, as a row without its phase is. Kept in its folder's phase, the
        # district's row made a unit whose own report was counted there "counted in part",
        # and its other phases "missing" (QA round 68 #3).
        rows["phase"] = _filled(count, None)
    # Unit: the row's column, else the [[sources]] rule, else what the sheet says of itself.
    unit_text = data["text:unit"] if "unit" in columns or "text:unit" in data \
        else np.array(sheet_units, dtype=object)[sheet_of]  # "text:unit": `_unit_headings`
    if "unit" not in columns and "text:unit" not in data and "text:session" in data:
        # The district's list of classes, no unit column, each class named for its unit
        # ("Lớp Đảng bộ phường Bồ Đề", "Lớp ghép phường Ngọc Lâm"), as a title names one:
        # refused for a missing unit, and every ward chased as missing (QA round 44 #9).
        unknown = np.array([not isinstance(text, str) or not text for text in unit_text])
        if unknown.any():
            # The class's own name, not its venue after it ("Lớp cán bộ chủ chốt - Hội
            # trường phường Bồ Đề" is no class of Bồ Đề: QA round 47, 420/410 for 120/115).
            named = _map_distinct(data["text:session"][unknown], [
                lambda text: _class_held_for(text, resolver) or ""])[0]
            unit_text = unit_text.copy()
            unit_text[unknown] = named
    resolve = _memo(resolver.resolve)
    rows["ward"], why, rows["kind"], whole = _map_distinct(
        unit_text, [lambda text: resolve(text)[0], lambda text: resolve(text)[1],
                    lambda text: resolver.kinds.get(resolve(text)[0]),
                    lambda text: None if resolve(text)[0]
                    else resolver.part_of(text) or resolver.mistyped(text)])
    if rule is not None and rule.unit:
        # Two wards of one name told apart in campaign.toml ("Hòa Bình (Đông Sơn)", "Hòa Bình
        # (Tây Sơn)"), each folder's rule naming its own: the file's "Phường Hòa Bình" is
        # the rule's (QA round 65 #1: every row refused as an unknown unit).
        base = core_name(fold(_BRACKETED_TAIL.sub("", rule.unit)))
        namesake = _map_distinct(unit_text, [
            lambda text: bool(text) and isinstance(text, str)
            and core_name(fold(without_list_number(text))) == base])[0].astype(bool)
        # Also where the name is another unit's without its bracket ("Hòa Bình" beside
        # "Hòa Bình (Tây Sơn)": QA round 66 #1, counted for the other).
        found = (pd.isna(rows["ward"]) | (rows["ward"] != rule.unit)) & namesake \
            if _BRACKETED_TAIL.search(rule.unit) else pd.isna(rows["ward"]) & namesake
        rows["ward"] = np.where(found, rule.unit, rows["ward"])
        rows["kind"] = np.where(found, resolver.kinds.get(rule.unit), rows["kind"])
    # Several units on one row ("P. Cự Khối và P. Thạch Bàn": a class of both): refused,
    # each unit's (`units_together`), not nobody's (QA round 70 #5: both chased as missing).
    unknown = pd.isna(rows["ward"])
    together = _map_distinct(np.where(unknown, unit_text, ""), [
        lambda text: _several_units(text, resolver) if text else None])[0]
    several = unknown & ~pd.isna(together)
    if several.any():
        reject(several, lambda new: [TOGETHER_REASON.format(units=" + ".join(units))
                                     for units in together[new]])
        whole = np.where(several, [units[0] if units else None for units in
                                   np.where(several, together, None)], whole)
    spelled = _spelled_as_the_files_unit(unknown & pd.isna(together), unit_text, whole,
                                         source_file, resolver, rule)
    if spelled is not None:
        rows["ward"] = np.where(pd.isna(spelled), rows["ward"], whole)
        rows["kind"] = np.where(pd.isna(spelled), rows["kind"],
                                [resolver.kinds.get(unit) for unit in whole.tolist()])
        rows["_spelled_as"] = spelled
        unknown = pd.isna(rows["ward"])
    # A title's doubt first: one naming a unit not listed says so, where its rows had no
    # unit and were "missing a unit name" (QA round 89 #3).
    if unit_doubts is not None and any(unit_doubts) and "unit" not in columns \
            and "text:unit" not in data:
        doubts = np.array(unit_doubts, dtype=object)[sheet_of]
        reject(~pd.isna(doubts), lambda new: doubts[new])
    reject(unknown, lambda new: why[new])
    # A part of a unit ("Chi bộ 1 - Bồ Đề"), or a unit's name mistyped ("Thạch Bàng"), is
    # refused as its unit's row, not as nobody's.
    rows["ward"] = np.where(pd.isna(rows["ward"]), whole, rows["ward"])

    # Session (class) and party cell.
    if header.sessions and _session_phases(header, campaign) is not None:
        rows["session"] = np.full(count, None, dtype=object)  # the columns were phases
    elif "session" in columns or "text:session" in data:  # a column, or `_per_session`
        rows["session"] = _blank_as_none(data["text:session"])
    elif sheet_sessions is not None:
        rows["session"] = np.array(sheet_sessions, dtype=object)[sheet_of]
    else:
        rows["session"] = _filled(count, rule.session if rule is not None and rule.session
                                  else None)
    if "cell" in columns or "text:cell" in data:  # a column, or `_cell_headings`
        rows["cell"] = _blank_as_none(data["text:cell"])
    else:
        rows["cell"] = _blank_as_none(np.array(sheet_cells, dtype=object)[sheet_of]) \
            if header.shape == "roster" else np.full(count, None, dtype=object)

    if header.shape == "roster":
        rows.update(_roster_counts(data, header, reject, privacy, rows["cell"]))
    else:
        frame = pd.DataFrame(index=pd.RangeIndex(count))

        def reject_series(mask: pd.Series, reason) -> None:
            reject(mask.fillna(False).to_numpy(dtype=bool), reason if isinstance(reason, str)
                   else lambda new: reason(pd.Series(new)).to_numpy())

        # A party cell's or a class's row saying it has not reported leaves its unit counted
        # in part; the unit's own row, the unit not reported (QA round 69 #1).
        said = _says_not_reported(data, header)
        part = ~pd.isna(rows["cell"]) | ~pd.isna(rows["session"])
        reject(said & ~part, NOT_REPORTED_REASON)
        reject(said & part, PART_NOT_REPORTED_REASON)
        # A unit's own row with every figure blank, in a compilation beside a note such as
        # "Điểm danh qua Google Form", sends nothing: refused as a missing count, it made a
        # unit counted whole by its own report "counted in part" (QA round 85 #7).
        reject(_no_figures(data, header) & ~part, NO_FIGURES_REASON)
        # Non-members among the parts a class called ("Quần chúng (công chức, viên chức)" in
        # a district class's list): people who came, no party members (QA round 92 #2:
        # counted in the class's members and those present).
        non_members = _map_distinct(rows["cell"], [
            lambda text: (GUEST_REASON if _GUESTS.match(fold(text)) else NON_MEMBER_REASON)
            if isinstance(text, str) and _NON_MEMBERS.match(fold(text)) else None])[0]
        reject(~pd.isna(non_members), lambda new: non_members[new])
        _summary_counts(frame, data, header, reject_series)
        rows.update({name: frame[name].array for name in frame.columns})
    if "date" in columns and not header.sessions and pd.isna(rows["session"]).all():
        dated = _date_sessions(data["date"], rows, header.shape == "roster")
        if dated is not None:
            rows["session"] = dated
    elif "date" in columns and not header.sessions and header.shape == "summary":
        # A class held on several days, a row per day ("Lớp | Ngày học"): each day is a
        # session of it, "Lớp 2 (25/10/2025)" (QA round 100 #1: the days merged into one
        # "Lớp 2", each class "sent twice with different figures" in the findings).
        by = ("phase", "ward", "cell", "session")
        dated = _date_sessions(data["date"], rows, False, by)
        if dated is not None:
            keys = list(zip(*(_python_values(rows[column], count).tolist() for column in by),
                            strict=True))
            days: dict[tuple, set] = {}
            for key, day in zip(keys, dated.tolist(), strict=True):
                days.setdefault(key, set()).add(day)
            # Only a class held on two days or more: "Lớp 3", held once, keeps its name.
            rows["session"] = np.array(
                [dated_class(key[3], day) if isinstance(key[3], str) and day
                 and len(days[key] - {None}) > 1 else key[3]
                 for key, day in zip(keys, dated.tolist(), strict=True)], dtype=object)

    rows["reason"] = reasons
    candidates = {name: _python_values(rows.get(name), count) for name in CANDIDATE_COLUMNS}
    for name in ("_column_phase", "_spelled_as"):  # for `_read_group` to take
        if name in rows:
            candidates[name] = rows[name]
    return candidates


def _class_held_for(text: str, resolver: UnitResolver) -> str | None:
    """The unit a class in the district's list of classes is named for: in its own name
    ("Lớp Đảng bộ phường Bồ Đề"), not its venue after it ("Lớp cán bộ chủ chốt - Hội trường
    phường Bồ Đề"), or after its number ("Lớp 1 - Đảng ủy phường An Lạc", "Lớp 16 - Khối
    doanh nghiệp": QA round 92 #3, refused for a missing unit)."""
    own_name = _CLASS_VENUE.split(text)[0]
    return resolver.find_in_title([own_name]) or _district_class_of(own_name, resolver) \
        or _unit_held_for(text, resolver)


def _unit_held_for(name: str, resolver: UnitResolver) -> str | None:
    """The unit a class's name gives after its number ("Lớp 16 - Khối doanh nghiệp", "Lớp 5.
    ĐU phường Tân Lập"), not a venue there ("Lớp 1 - Hội trường phường Bồ Đề"); else None."""
    held_for = CLASS_HELD_FOR.match(name)
    if held_for is None or _VENUE_FIRST.match(fold(held_for["unit"])):
        return None
    return resolver.resolve(held_for["unit"])[0] or resolver.find_in_title([held_for["unit"]])


# A class's venue, folded, where a unit's name would be: "Hội trường phường Bồ Đề".
_VENUE_FIRST = re.compile(r"^(?:hoi truong|hoi quan|nha van hoa|tru so|phong hop|dia diem"
                          r"|tai)\b")
# Where a class's name ends and its venue or date begins: " - ", "(", ",", " tại ", "Hội
# trường".
_CLASS_VENUE = re.compile(r"\s+[-–]\s+|\(|,|\s+(?:tại|tai|hội trường|hoi truong)\s+",
                          re.IGNORECASE)


def _python_values(values, count: int) -> np.ndarray:
    """A column as Python values, None where missing: one shape for every column of every
    table of a file, joined and handed to Arrow once (`_settle_rows`). Whole numbers with no
    blank (row numbers, a roll-call's counts) stay int64, which Arrow takes without a look
    at each value; joined with a table's Python values they become Python values too."""
    if values is None:
        return np.full(count, None, dtype=object)
    if isinstance(values, np.ndarray):
        return values if values.dtype in (object, np.int64) else values.astype(object)
    return values.to_numpy(dtype=object, na_value=None)  # a summary's nullable counts


def _filled(count: int, value: str | None) -> np.ndarray:
    """`np.full(count, value, dtype=object)` holding `value` itself: np.full makes a copy of
    a string for every row, each then encoded again on its way to Arrow."""
    array = np.empty(count, dtype=object)
    array[:] = value
    return array


def _blank_as_none(texts: np.ndarray) -> np.ndarray:
    return np.where(texts == "", None, texts)


def file_report(source_file: str, campaign: Campaign, resolver: UnitResolver
                ) -> tuple[str | None, str | None]:
    """(phase, unit) a file that gave no table was meant to report, as far as its
    [[sources]] rule and its name tell ("gd2/gia-thuy.xlsx": phase 2, Gia Thụy). A ward
    whose only file was refused whole is a report refused, not a report never sent: it was
    told "chưa nhận được báo cáo" and asked for what it had sent (QA round 14 k53)."""
    rule = campaign.rule_for(source_file)
    unit = rule.unit if rule is not None and rule.unit \
        else _unit_in_file_name(source_file, resolver) or _unit_in_folder(source_file, resolver)
    if rule is not None and rule.phase is not None:
        phase = rule.phase
    elif len(campaign.phases) == 1:
        phase = campaign.phases[0].id
    else:
        phase = _phase_in_path(source_file, campaign)
    return phase, unit


def _former_units_cells(candidates: dict[str, np.ndarray], data: Rows,
                        members: list[tuple[SheetResult, SheetGrid, Header]],
                        sheet_units: list[str], resolver: UnitResolver,
                        source_file: str) -> None:
    """A merged unit's former unit reporting on its own ("ĐẢNG BỘ PHƯỜNG HÀNG BỘT (CŨ)", an
    alias of Ô Chợ Dừa): its cells are named after it ("Chi bộ 1 (Hàng Bột)"), and a report
    of it without cells is its part ("Hàng Bột"). Both units number their cells from "Chi bộ
    1": as one unit's, the two reports were taken for copies with different figures and held
    out (QA round 57: Ô Chợ Dừa 40/46 for 159/171). `candidates["cell"]` is updated."""
    named = [_former_unit_named(grid, header, resolver, unit, source_file)
             for (_, grid, header), unit in zip(members, sheet_units, strict=True)]
    if not any(named):
        return
    former = np.array(named, dtype=object)[data["_sheet"]]
    candidates["cell"] = np.array([
        cell if not name else name if cell is None or pd.isna(cell) else f"{cell} ({name})"
        for cell, name in zip(candidates["cell"].tolist(), former.tolist(), strict=True)],
        dtype=object)


def _former_unit_named(grid: SheetGrid, header: Header, resolver: UnitResolver, unit: str,
                       source_file: str) -> str | None:
    """The alias of `unit` its title, sheet or file names as a former unit ("HÀNG BỘT
    (CŨ)", "hang-bot-cu.xlsx"), or None: another name, not a spelling of the unit's."""
    aliases = resolver.aliases.get(unit, ())
    if not aliases:
        return None  # most units: no other name to look for
    own = core_name(fold(unit))
    texts = [value for row in grid.rows[:header.first_row] for value in row
             if isinstance(value, str)]
    texts += [grid.sheet, _file_words(source_file)]
    folded = " | ".join(fold(text) for text in texts)
    for alias in aliases:
        core = core_name(fold(alias))
        if core and core != own and re.search(rf"\b{re.escape(core)} cu\b", folded):
            return clean_text(alias)
    return None


def _sheet_unit(grid: SheetGrid, header: Header, resolver: UnitResolver, rule,
                file_unit: str | None, folder_unit: str | None) -> tuple[str, str | None]:
    """For tables without a unit column: (the unit, a doubt or None). The unit is the
    sources rule's, else the title block's, the sheet's or the file's name (`file_unit`),
    else its folder's (`folder_unit`);
    Excel's copy of a sheet named for its unit ("Bồ Đề (2)") is that unit's too, a copy
    compared with the sheet it copies (QA round 22: its rows were refused for a missing
    unit, and a corrected copy never compared). A title naming one unit in a sheet or file
    named for another is a doubt: a form copied from another ward with its title left
    unchanged was counted as that ward's, the ward that sent it missing (QA round 26)."""
    if rule is not None and rule.unit:
        return rule.unit, None
    title_cells, title_unit, sheet_unit = _units_a_sheet_names(grid, header, resolver)
    # The folder's unit last, and no ground for doubt: "Cu Khoi/bao-cao.xlsx" (QA round 36:
    # refused for a missing unit, the ward chased as missing).
    unit = title_unit or sheet_unit or file_unit or folder_unit or ""
    slip = resolver.mistyped_in_title(title_cells) if not unit else None
    if slip is not None:
        # Refused as that unit's: it is told of it, not chased for a report it sent.
        written, unit = slip
        return unit, (f"tiêu đề ghi '{written}', không có đơn vị nào tên như vậy; gần nhất: "
                      f"{unit}. Nếu đúng, hãy thêm bí danh trong campaign.toml (aliases) hoặc "
                      f"sửa tiêu đề rồi chạy lại (the title names no unit; closest: {unit})")
    unlisted = resolver.unlisted_in_title(title_cells) if not unit else None
    if unlisted is not None:
        return "", (f"tiêu đề ghi '{unlisted}', không có trong danh sách đơn vị của "
                    "campaign.toml: nếu đơn vị này phải báo cáo, hãy thêm vào [[units]] rồi "
                    "chạy lại (the title names a unit not listed in campaign.toml)")
    # A name the title's unit holds is no other unit's: "benh-vien-duc-giang.xlsx" under
    # "ĐẢNG BỘ BỆNH VIỆN ĐA KHOA ĐỨC GIANG" is the hospital's, not ward Đức Giang's (QA
    # round 76 #11: refused as the ward's, the hospital chased as missing).
    named = next(((where, other) for where, other in (("trang tính", sheet_unit),
                                                      ("tệp", file_unit))
                  if title_unit and other and other != title_unit
                  and not re.search(rf"\b{re.escape(core_name(fold(other)))}\b",
                                    fold(title_unit))), None)
    if named is None:
        return unit, None
    where, other = named
    english = "sheet" if where == "trang tính" else "file"
    # Refused as the unit its sheet or file is named for, which most likely sent it: the
    # title is a form's, left from another ward (QA round 37: that ward was sent the rows,
    # and the sender chased as missing).
    return other, (f"tiêu đề ghi '{title_unit}' nhưng tên {where} là '{other}': không rõ báo cáo "
                  f"của đơn vị nào; hãy sửa tiêu đề hoặc tên {where} rồi chạy lại (the title "
                  f"names {title_unit}, the {english}'s name {other}: whose report is it?)")


# A class numbered in a title or a file's name, folded: "BÁO CÁO KẾT QUẢ LỚP HỌC SỐ 1",
# "Lớp 2", "LỚP HỌC SỐ II", "LỚP THỨ 2", "nam-dong-lop-1.xlsx", "ngoc-lam-lop2.xlsx". Not the
# number of classes ("Tổng số lớp 3"), nor a date after the word ("sai-dong-lop-12-9.xlsx").
_NUMBERED_CLASS = re.compile(
    r"(?<!\bso )\blop ?(?:hoc )?(?:so |thu )?(\d{1,2}|[ivx]{1,4})\b(?! \d)")
# Several classes named together, folded: "CÁC LỚP 1, 2 VÀ 3", "Lớp 1 và 2" (with
# "LỚP 1 VÀ LỚP 2", two numbered classes, `_named_class` counts).
_SEVERAL_CLASSES = re.compile(r"\bcac lop\b|\blop (?:hoc )?(?:so )?\w{1,4} (?:va|and) "
                              r"(?:\d|[ivx]{1,4}\b)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}


def _named_class(grid: SheetGrid, header: Header, source_file: str) -> str:
    """The class a table of counts without a class column is named for: by its sheet ("Lớp
    1", "Lớp sáng"), else a numbered class in its title ("BÁO CÁO KẾT QUẢ LỚP HỌC SỐ 1") or in
    its file's name ("nam-dong-lop-2.xlsx"); "" if none. A ward sending a file per class
    had them taken for two versions of one report and held out, the ward uncounted (QA
    round 54 #1). A unit's whole beside its classes is `quality._settle_levels`' to settle."""
    sheet = copy_name(grid.sheet)[0]
    # Or a session in words: "Ca sáng", "Buổi 2" (QA round 70 #4: two shifts' sheets made one
    # class named for the ward, matched with nothing the district listed).
    if _CLASS_HEADING.match(fold(sheet)) or names_a_session(sheet):
        return clean_text(sheet)
    # The title nearest the header first: a sheet of stacked tables ("KẾT QUẢ LỚP 1", its
    # table, "KẾT QUẢ LỚP 2", its table) names each part's class above it (QA round 55 #7).
    texts = [value for row in reversed(grid.rows[:header.first_row]) for value in row
             if isinstance(value, str)]
    for text in (*texts, _file_words(source_file)):
        key = fold(text)
        numbers = {int(number) if number.isdigit() else _ROMAN.get(number, number)
                   for number in _NUMBERED_CLASS.findall(key)}
        if _SEVERAL_CLASSES.search(key) or len(numbers) > 1:
            return ""  # a report of several classes (QA round 55 #1: counted as class 1)
        if numbers:
            return f"Lớp {numbers.pop()}"
    return ""


def _units_a_sheet_names(grid: SheetGrid, header: Header, resolver: UnitResolver
                         ) -> tuple[list, str | None, str | None]:
    """The cells above the header, the unit they name as a title, and the unit the sheet's
    name is (Excel's copy "Bồ Đề (2)" too)."""
    title_cells = [value for row in grid.rows[:header.first_row] for value in row]
    sheet = copy_name(grid.sheet)[0]
    # A class's sheet named for the unit it was held for: "Lớp 16 - Khối doanh nghiệp",
    # "Lớp 3: Khối cơ quan" (QA round 92 #1: a committee's class sheets in the district's
    # monitoring workbook named no unit; its cells were refused as unknown units).
    sheet_unit = resolver.resolve(sheet)[0] or _unit_held_for(sheet, resolver) \
        or _district_class_of(sheet, resolver)
    return title_cells, resolver.find_in_title(title_cells), sheet_unit


def _district_class_of(name: str, resolver: UnitResolver) -> str | None:
    """The one district unit a class's name holds in its words ("Lớp cấp quận 1" of "Cấp
    quận"): its classes are named for it, not as it (QA round 93 #1: the README's own "Cấp
    quận", its class sheets refused row by row and the unit chased as missing)."""
    key = fold(name)
    if not _CLASS_HEADING.match(key):
        return None
    found = {unit for unit, kind in resolver.kinds.items() if kind == "district"
             and (core := core_name(fold(unit))) and re.search(rf"\b{re.escape(core)}\b", key)}
    return found.pop() if len(found) == 1 else None


# A class's number, then the unit it was held for after a dash, a colon or a full stop:
# "Lớp 16 - Khối doanh nghiệp", "LỚP 2: Đảng ủy phường Bồ Đề", "Lớp số III - Công an quận",
# "Lớp 5. ĐU phường Tân Lập".
CLASS_HELD_FOR = re.compile(r"^\s*l[ớo]p\s*(?:s[ốo]\s*)?(?P<number>\d{1,2}|[ivx]{1,4})\s*[-–:.]"
                            r"\s*(?P<unit>\S.*)$", re.IGNORECASE)


def _file_words(source_file: str) -> str:
    """A file's name without its folder and suffix, its dashes and underscores spaces:
    "gd1/nam-dong-lop-2.xlsx" is "nam dong lop 2"."""
    return PurePosixPath(source_file).stem.replace("-", " ").replace("_", " ")


TOGETHER_REASON = ("dòng ghi chung nhiều đơn vị ({units}): không tách được số của từng đơn vị; "
                   "đề nghị mỗi đơn vị một dòng (a row of several units together: their "
                   "figures cannot be split; ask for a row per unit)")
# Only words that join: "Bồ Đề, Long Biên" and "Bồ Đề - Long Biên" may be a ward and its
# district (README: the name stays unknown).
_TOGETHER_SPLIT = re.compile(r"\s+(?:và|va|and)\s+|\s*[+&]\s*", re.IGNORECASE)


def _several_units(text: str, resolver: UnitResolver) -> tuple[str, ...] | None:
    """The units a row's label names together ("P. Cự Khối và P. Thạch Bàn", "Bồ Đề + Gia
    Thụy"), two or more, each piece a unit; else None."""
    pieces = [piece for piece in _TOGETHER_SPLIT.split(text) if piece and piece.strip()]
    if len(pieces) < 2:
        return None
    units = [resolver.resolve(piece)[0] for piece in pieces]
    if any(unit is None for unit in units) or len(set(units)) < 2:
        return None
    return tuple(dict.fromkeys(units))


def units_together(reason: str) -> list[str]:
    """The units a TOGETHER_REASON names, in order; [] for any other reason."""
    head = TOGETHER_REASON.split("{units}")[0]
    if not isinstance(reason, str) or not reason.startswith(head):
        return []
    return reason[len(head):].split("): ")[0].split(" + ")


def _spelled_as_the_files_unit(unknown: np.ndarray, unit_text: np.ndarray, whole: np.ndarray,
                               source_file: str, resolver: UnitResolver, rule
                               ) -> np.ndarray | None:
    """Per row, the unit name as written where it is a slip of the keyboard for the unit the
    file is for (its [[sources]] rule, its name, its folder): "Tân Tiếng" on every row of
    "diem danh Tan Tien GD2.xls". Counted as that unit's, with a warning (`unit_spelling`),
    not refused: the file says whose it is (QA round 78 #1: 159 people refused, the ward
    "rejected" and sent a line per person for one letter). None where there is none.
    `whole`: the unit each unknown name is a part or a slip of (`UnitResolver.mistyped`)."""
    slipped = unknown & ~pd.isna(whole)
    if not slipped.any():
        return None
    owner = (rule.unit if rule is not None and rule.unit else None) \
        or _unit_in_file_name(source_file, resolver) or _unit_in_folder(source_file, resolver)
    if owner is None:
        return None
    found = slipped & (whole == owner) & _map_distinct(unit_text, [
        lambda text: isinstance(text, str) and resolver.part_of(text) is None
        and resolver.mistyped(text) == owner])[0].astype(bool)
    return np.where(found, unit_text, None) if found.any() else None


def _unit_in_file_name(source_file: str, resolver: UnitResolver) -> str | None:
    """The unit a file's name gives: "gia-thuy.xlsx", "diem-danh-phuong-gia-thuy.xlsx",
    "bao-cao-gia-thuy.xlsx", with its phase after it ("ngoc-lam-gd1.xlsx", "bao-cao-bo-de-
    giai-doan-2.xlsx") and a re-send of any ("bo-de-gui-lai.xlsx", "bo-de (sua).xlsx",
    "bo-de (1).xlsx"), its words run together ("BC_SaiDong_GD1.xlsx", QA round 36)."""
    stem = _words_apart(_file_words(source_file))
    name, _ = resolver.resolve(stem)
    if name:
        return name
    # The words of a re-send taken off one at a time, the name looked for after each: "thach
    # ban gui lai" is Thạch Bàn's, whose name ends with the "ban" of "bản sửa" (QA round 19).
    for words in _without_resend_words(stem):
        name = resolver.find_in_title([words]) or resolver.find_at_end(words)
        if name:
            return name
    name = resolver.resolve(words)[0]
    if name:
        return name
    # The unit's name, then what the file is and more: "Đông Hội - điểm danh lớp 1", "viet
    # hung bao cao ket qua hoc tap" (QA round 59 #7: refused for a missing unit).
    # Or its phase, or a part of it: "gia-thuy-gd1-chi-bo-4", "viet-hung-cb3" (QA round 67 #1:
    # every row refused for a missing unit, the ward counted without the cell unflagged).
    words = words.split()
    start = next((index for index in range(1, len(words))
                  if words[index] in _REPORT_WORDS or _AFTER_THE_UNIT.match(words[index])
                  or " ".join(words[index:index + 2]) in _REPORT_WORDS), None)
    return resolver.resolve(" ".join(words[:start]))[0] if start else None


def _unit_in_folder(source_file: str, resolver: UnitResolver) -> str | None:
    """The unit the file's nearest folder named for one is: "Cu Khoi/bao-cao.xlsx"."""
    return next(filter(None, (resolver.resolve(parent.name.replace("-", " ")
                                               .replace("_", " "))[0]
                              for parent in PurePosixPath(source_file).parents
                              if parent.name)), None)


def _words_apart(text: str) -> str:
    """Words run together, a capital starting each, set apart: "SaiDong" is "Sai Dong"."""
    text = unicodedata.normalize("NFC", text)
    return "".join(f" {letter}" if letter.isupper() and position and text[position - 1]
                   .islower() else letter for position, letter in enumerate(text))


# Words a re-sent file's name ends with, folded: "gửi lại", "(sửa)", "bản sửa", "mới", "v2".
_RESEND_WORDS = frozenset({"gui", "lai", "sua", "da", "ban", "moi", "nhap", "cu", "copy",
                           "final", "chot", "v1", "v2", "v3"})
# What a file is, folded, typed after the unit's name: "Đông Hội - điểm danh", "bo-de-bc".
_REPORT_WORDS = frozenset({"diem danh", "bao cao", "danh sach", "ket qua", "tong hop", "bc",
                           "ds", "kq", "th", "dd"})
# A phase's or a part's word typed after the unit's name in a file's name, folded: "gd1",
# "gd", "dot2", "giai" (doan 2), "chi" (bo 4), "cb4", "lop1", "tdp", "buoi2".
_AFTER_THE_UNIT = re.compile(r"^(?:gd|dot|giai|chi|cb|lop|tdp|buoi)\d*$")
_COPY_SUFFIX = re.compile(r"^(.*\S) \((\d+)\)$")  # "Chi bộ 1 (2)": Excel's copy of a sheet


def copy_name(name: str) -> tuple[str, int]:
    """"X (2)" -> ("X", 2): a sheet Excel copied, or a file saved twice from an e-mail;
    ("X", 0) for a name with no such number."""
    match = _COPY_SUFFIX.match(name)
    return (match.group(1), int(match.group(2))) if match else (name, 0)


def _without_resend_words(stem: str) -> Iterator[str]:
    """"bo de gui lai", "bo de gui", "bo de"; "bo de (sua)" -> "bo de", "bo de (1)" -> "bo
    de": the name folded, then with each word of a re-send at its end taken off, and each
    phase's name ("bo de gd2 gui lai", "bo de gd2", "bo de"; "viet hung giai doan 1"): a
    ward named before its phase was refused for a missing unit and called missing (QA
    round 22); so is what the file is ("dong hoi diem danh gd1")."""
    words = fold(copy_name(stem.strip())[0]).split()
    yield " ".join(words)
    while len(words) > 1:
        if words[-1] in _RESEND_WORDS:
            del words[-1]
        elif report := next((length for length in (2, 1) if length < len(words)
                             and " ".join(words[-length:]) in _REPORT_WORDS), None):
            # What the file is, after the unit's name: "Đông Hội - điểm danh GĐ1" (QA round
            # 58 #2: refused for a missing unit, the commune chased as missing).
            del words[-report:]
        else:
            phase = next((length for length in (1, 2, 3) if length < len(words)
                          and is_phase_name(" ".join(words[-length:]))), None)
            if phase is None:
                return
            del words[-phase:]
        yield " ".join(words)


def _key_namesakes_apart(keys: np.ndarray, names: np.ndarray, births: np.ndarray,
                         privacy: Privacy) -> None:
    """A name listed more than once with different births ("Nguyễn Văn Hùng", 1950 and 1978)
    is two people: each one's key (`keys`, changed in place) gets its birth's after the
    name's own (`privacy.NAMESAKE_MARK`). Taken for one person listed twice, the second was
    refused (QA round 27: 3/3 for 3/4). Every other name is keyed alone, as in a list
    without births, so that the same people still match across files and phases; a copy of
    the list without births still shares the namesakes' name key (QA round 29 F10)."""
    births_of: dict[object, set[str]] = {}
    for name, birth in zip(names.tolist(), births.tolist(), strict=True):
        if name is not None and birth:
            births_of.setdefault(name, set()).add(birth)
    namesakes = {name for name, seen in births_of.items() if len(seen) > 1}
    if not namesakes:
        return
    for position, (name, birth) in enumerate(zip(names.tolist(), births.tolist(),
                                                 strict=True)):
        if name in namesakes and birth:
            keys[position] = privacy.namesake_key(keys[position], name, birth)


def _roster_counts(data: Rows, header: Header, reject, privacy: Privacy,
                   cells: np.ndarray) -> dict[str, object]:
    # "Lý do vắng" and "Ghi chú" both: what either says (QA round 59 #10: "v" with "Miễn sinh
    # hoạt" under "Ghi chú" was counted absent; round 61 #2: the first filled was read, "Tuổi
    # cao" beside "Miễn sinh hoạt", "Đảng viên dự bị" beside "ốm").
    notes = [data[f"text:{name}"] for name in ("note", "remark") if name in header.columns]

    def from_notes(function) -> np.ndarray:
        found = [_map_distinct(texts, [function])[0] for texts in notes]
        return found[0] if len(found) == 1 else np.where(pd.isna(found[0]), found[1], found[0])

    def not_expected_notes() -> np.ndarray:
        """`not_expected_reason` of each row's note, and a move to a party cell other than
        the row's own ("Chuyển SH đến Chi bộ 2" in Chi bộ 1's roll-call) is a move away
        (QA round 86 #1: read as moved in, the member's blank marks were sent back)."""
        noted = from_notes(not_expected_reason)
        named = from_notes(_cell_moved_to)
        for position in np.flatnonzero(pd.isna(noted) & ~pd.isna(named)).tolist():
            own = _cell_key(cells[position])
            if own is not None and not re.match(re.escape(own) + r"\b", named[position]):
                noted[position] = NOT_EXPECTED_REASONS[0]
        return noted
    if "marker" in header.columns:
        markers = data["text:marker"]
        blank = markers == ""
        if fold(header.labels["marker"]) in CHECK_IN_STAMPS:
            markers = np.where(blank, "", "x")  # answered: came (`clean.CHECK_IN_STAMPS`)
        status = _map_distinct(markers, [marker_status])[0]
        ticks_column = header.sessions or field_for_header(header.labels["marker"]) == "attended"
        # "Có mặt" or "Điểm danh" filled with 1 and 0: 1 came, 0 did not.
        status = np.where(markers == "1", "present",
                          np.where(markers == "0", "absent_unspecified", status))
        dashes = np.isin(markers, list(DASHES))
        if dashes.any() and np.isin(markers[~blank & ~dashes], ["+"]).all():
            # "+" and "-" side by side: "-" is the absence, not a cell left empty.
            status = np.where(dashes, "absent_unspecified", status)
        if ticks_column and (~blank).any() and (status[~blank] == "present").all():
            # A lone "Có mặt" column, or a column per session, holding ticks only: a name
            # left unticked was absent.
            status = np.where(blank, "absent_unspecified", status)
        # A column per session: the reason names the session's column.
        marker_columns = data["text:session"] if header.sessions \
            else _filled(len(data), header.labels["marker"])
        gone = _map_distinct(markers, [not_expected_reason])[0]
        if "note" in header.columns:
            # Beside a blank mark; beside an absence only a death or an exemption ("v" with
            # "Từ trần", QA round 50; "v" with "Miễn sinh hoạt", QA round 55 #8: each counted
            # absent), the ward's "P" beside "chuyển sinh hoạt" being its word on a member
            # still listed. One marked present counts.
            noted = not_expected_notes()
            away = np.isin(status, ["absent_excused", "absent_unexcused",
                                    "absent_unspecified"]) \
                & np.isin(noted, NOT_EXPECTED_REASONS[1:])
            # A mark no roll-call uses, explained by the note ("?" or "M" beside "Miễn sinh
            # hoạt (tuổi cao)"): the note says why (QA round 54 #3).
            unknown = ~blank & pd.isna(status)
            gone = np.where((blank | away | unknown) & pd.isna(gone), noted, gone)
            # A session left blank before the member moved in was not theirs (QA round 67
            # #2: counted absent, or the row refused for its blank mark).
            before = np.zeros(len(data), dtype=bool)
            for texts in notes:
                for position in np.flatnonzero(blank & (texts != "")).tolist():
                    before[position] |= _blank_before_moving_in(
                        texts[position], str(marker_columns[position]))
            gone = np.where(before & pd.isna(gone), MOVED_IN_REASON, gone)
        reject(~pd.isna(gone), lambda new: gone[new].tolist())
        reject(blank & pd.isna(status) & _in_unmarked_sheets(data, ~blank), lambda new: [
            f"ô '{column}' để trống; {UNMARKED_LIST}" for column in marker_columns[new]])
        reject(blank & pd.isna(status), lambda new: [
            f"ô '{column}' để trống: không đoán có mặt hay vắng (blank roll-call marker)"
            for column in marker_columns[new]])
        reject(pd.isna(status), lambda new: [
            f"ký hiệu điểm danh '{marker}' không rõ nghĩa; dùng x / v / P / KP (unknown marker)"
            for marker in markers[new]])
    else:
        status = _ticked_status(data, header, reject,
                                not_expected_notes() if notes else None)
    if "note" in header.columns:
        # "v" with "ốm" in the "Lý do vắng" (or "Ghi chú") column: an absence with its
        # reason, as "Vắng - ốm" in the marker cell is (QA round 43: read as "reason not
        # recorded"). A note that says no kind of absence changes nothing.
        reasons = from_notes(_absence_reason)
        status = np.where((status == "absent_unspecified") & ~pd.isna(reasons), reasons, status)
        if header.sessions:
            status = _reasons_for_their_sessions(data, header, from_notes(_session_note),
                                                 status)
    if "marker" in header.columns:
        _short_no_unexcused(data, status)
    counts = {"expected": np.ones(len(data), dtype="int64")}
    for name in MARKER_STATUSES:
        counts["attended" if name == "present" else name] = (status == name).astype("int64")
    if "name" in header.columns:
        # The key folds case and spaces but keeps diacritics: "Lê Thị Hà" and "Lê Thị Hạ"
        # are two people. Names leave this function only as keys, unless asked for.
        names = _blank_as_none(data["text:name"])
        person_keys = np.empty(len(names), dtype=object)
        person_keys[:] = privacy.key_list(names.tolist())
        if "birth" in header.columns:
            _key_namesakes_apart(person_keys, names, data["text:birth"], privacy)
        counts["person_key"] = person_keys
        counts["person"] = names  # until the row's text is masked (_settle_rows)
    return counts


def _short_no_unexcused(data: Rows, status: np.ndarray) -> None:
    """"K" in a sheet with excused absences ("P", "P (ốm)"): "vắng không phép", unless its
    note gives another reason (`status` is updated). QA round 58 #3: "K" was refused as an
    unknown mark; round 59 #8-#9: "P (ốm)" beside it, "P" on another sheet; round 61 #1:
    "K" with "ốm" in the reasons column was unexcused."""
    short_no = _map_distinct(data["text:marker"], [
        lambda mark: fold(mark)[:2] in ("k", "k ")])[0].astype(bool)
    if short_no.any():
        sheet_of = data["_sheet"]
        excused = np.isin(sheet_of, np.unique(sheet_of[status == "absent_excused"]))
        status[short_no & excused & (status == "absent_unspecified")] = "absent_unexcused"


def _absence_reason(note: str) -> str | None:
    """The kind of absence a roll-call's note gives ("ốm", "đi công tác": excused; "không lý
    do": unexcused), else None; also after the member it names ("đ/c Khải ốm", "Đồng chí
    Hạnh đi công tác": QA round 90 #3, read as no reason given)."""
    status = marker_status(note) if note else None
    if status not in _ABSENCE_KINDS and note and _session_note(note) is None:
        # A note naming its session ("buổi 2 ốm") gives that session's kind only.
        key = fold(note)
        status = next((MARKERS[reason] for reason in _REASONS_ENDING_A_NOTE
                       if key.endswith(" " + reason)), None)
    return status if status in _ABSENCE_KINDS else None


_ABSENCE_KINDS = ("absent_excused", "absent_unexcused")
# The reasons a note may end with, longest first ("không có phép" before "có phép"): the
# kinds' words, not their short marks ("P", "KP", "CLD"), which end a name as well.
_REASONS_ENDING_A_NOTE = sorted(
    (reason for reason, status in MARKERS.items()
     if status in _ABSENCE_KINDS and (" " in reason or reason == "om")), key=len, reverse=True)


# A roll-call's note giving the reason of one session's absence, folded: "buổi 2 ốm", "B1:
# đi công tác", "vắng buổi 2 (ốm)", "buổi 1, 2 ốm", "19/9 ốm"; the session after the reason:
# "ốm buổi 2".
_SESSIONS_NAMED = r"(?:buoi|lan|tiet|b) ?(?P<numbers>\d{1,2}(?: (?:va )?\d{1,2})*)"
_SESSION_NOTE = re.compile(
    rf"^(?:vang )?(?:{_SESSIONS_NAMED}|(?:ngay )?(?P<day>\d{{1,2}}/\d{{1,2}})(?:/\d{{2,4}})?)"
    r" (?:vang )?(?:do |vi |ly do )?(?P<reason>.+)$")
_SESSION_NOTE_AFTER = re.compile(rf"^(?:vang )?(?P<reason>.+?) (?:o |tai )?{_SESSIONS_NAMED}$")
# A session column's own number: "Buổi 3", "Lần 2", "B1".
_SESSION_NUMBER = re.compile(r"^(?:buoi|lan|tuan|tiet|b|session|week) ?(\d{1,2})$")


def _session_note(note: str) -> str | None:
    """The sessions a note names and the kind of absence it gives them, as "keys|status" ("buổi
    2 ốm" -> "#2|absent_excused", "19/9: ốm" -> "@19/9|absent_excused"), else None."""
    key = fold(note) if note else ""
    match = _SESSION_NOTE.match(key) or _SESSION_NOTE_AFTER.match(key)
    status = _absence_reason(match["reason"]) if match else None
    if status is None:
        return None
    day = match.groupdict().get("day")
    keys = _day_key(day) if day else " ".join(
        f"#{int(number)}" for number in match["numbers"].split() if number != "va")
    return f"{keys}|{status}"


def _day_key(text: str) -> str | None:
    day = _DAY_MONTH.search(text)
    return f"@{int(day[1])}/{int(day[2])}" if day else None


def _reasons_for_their_sessions(data: Rows, header: Header, said: np.ndarray,
                                status: np.ndarray) -> np.ndarray:
    """An absence left without its kind takes the one a note gives its session ("buổi 2
    ốm" beside "v" in "Buổi 2"), and only that session's: the member's other sessions keep
    their own marks (QA round 77 #7: counted as no reason given, though "ốm" alone is
    excused). `said`: `_session_note` of each row's note. A session is named by its number
    ("Buổi 2", or the second session column) or its day ("19/9")."""
    rows = np.flatnonzero(~pd.isna(said) & (status == "absent_unspecified")).tolist()
    if not rows:
        return status
    position = {name: number for number, (_, name) in enumerate(sorted(header.sessions),
                                                                 start=1)}
    labels = data["text:session"]
    status = status.copy()
    for row in rows:
        keys, reason = said[row].split("|")
        label = str(labels[row])
        number = _SESSION_NUMBER.match(fold(label))
        own = {f"#{int(number[1])}" if number else f"#{position.get(label)}", _day_key(label)}
        if own & set(keys.split()):
            status[row] = reason
    return status


def _date_session(value: object) -> str | None:
    """A date column's cell as a session's name: a date as "05/09/2015", the way a session
    column headed with a date cell is named, whether typed ("05/9/2015") or a date cell;
    anything else ("12/9", "Sáng 12/9") as written."""
    dates = dates_in(value)
    if len(dates) == 1:
        return f"{dates[0]:%d/%m/%Y}"
    return clean_text(value) or None


def _date_sessions(dates: np.ndarray, rows: dict[str, object], people: bool,
                   by: tuple[str, ...] | None = None) -> np.ndarray | None:
    """A roll-call listing each person once per meeting, or a summary each unit once per
    class, the date column ("Ngày học") telling the meetings apart: each date is a session,
    so a person is expected once per date, and only a person listed twice on one date is a
    repeat; a unit's classes on two days are two classes, not one unit sent twice
    (`quality.unit_twice`). None, the dates no session, when no person (with `people`) or
    unit is listed under two dates: a date the whole list shares (the day it was signed, the
    report date) or each row's own. `by`: the columns that make a row the same unit's (the
    class too, for a summary of classes)."""
    names = _map_distinct(dates, [_date_session])[0]
    if len({name for name in names.tolist() if name is not None}) < 2:
        return None
    # A person is the same person only in one phase, unit and party cell (as for repeats,
    # validate.duplicate_persons); a missing one is "" in the key.
    columns = by or (("phase", "ward", "cell", "person_key") if people
                     else ("phase", "ward", "cell"))
    keys = zip(*([value if isinstance(value, str) else "" for value
                  in _python_values(rows[column], len(names)).tolist()]
                 for column in columns), strict=True)
    first_date: dict[tuple, str] = {}
    for key, name in zip(keys, names.tolist(), strict=True):
        # Only a row that names its person (or unit) can repeat one.
        if key[-1 if people else 1] and name is not None \
                and first_date.setdefault(key, name) != name:
            return names
    return None


# Why a roll-call's rows are refused when nothing in its whole list is marked: marks made by
# colouring cells are not read (QA round 77 #1: the list was taken for the signature block).
UNMARKED_LIST = ("cả danh sách không có ô nào được đánh dấu (đánh dấu bằng tô màu ô thì không "
                 "đọc được): đề nghị đơn vị ghi x / v / P / KP rồi gửi lại (nothing is marked "
                 "in the whole list; colours are not read) (blank roll-call marker)")


def _in_unmarked_sheets(data: Rows, marked: np.ndarray) -> np.ndarray:
    """Each row's sheet has no row marked."""
    sheets = data["_sheet"]
    return ~np.isin(sheets, np.unique(sheets[marked]))


def _ticked_status(data: Rows, header: Header, reject, noted: np.ndarray | None = None
                   ) -> np.ndarray:
    """One tick per person across the status columns; none or several is not guessed.
    `noted`: what each row's note says of a member no longer expected (`NOT_EXPECTED`)."""
    columns = header.tick_columns
    ticked = np.column_stack([~np.isin(data[f"text:{name}"], sorted(NO_TICK))
                              for name in columns])
    count = ticked.sum(axis=1)
    labels = ", ".join(f"'{header.labels[name]}'" for name in columns)
    if "exempt" in header.columns:
        # Ticked "Miễn học" alone: excused by the campaign, no mark missing to ask the unit
        # for (QA round 29).
        reject((count == 0) & ~np.isin(data["text:exempt"], sorted(NO_TICK)), EXEMPT_REASON)
    if noted is not None:
        # No tick, or an absence's, beside "Miễn sinh hoạt", "Đã chuyển sinh hoạt" in the
        # note: left out as meant, as beside a single mark column (QA round 77 #3: sent back
        # to be ticked, the ward counted in part). An absence beside "chuyển" is the ward's
        # word on a member still listed.
        absences = np.logical_or.reduce([ticked[:, index] for index, name in enumerate(columns)
                                         if TICK_STATUS[name] != "present"]
                                        or [np.zeros(len(count), dtype=bool)])
        gone = ~pd.isna(noted) & ((count == 0) | ((count == 1) & absences
                                                  & np.isin(noted, NOT_EXPECTED_REASONS[1:])))
        reject(gone, lambda new: noted[new].tolist())
    reject((count == 0) & _in_unmarked_sheets(data, count > 0),
           f"không đánh dấu ở cột nào ({labels}); {UNMARKED_LIST}")
    reject(count == 0, f"không đánh dấu ở cột nào ({labels}) (blank roll-call marker)")
    reject(count > 1, f"đánh dấu ở nhiều cột ({labels}) (ambiguous roll-call marks)")
    statuses = np.array([TICK_STATUS[name] for name in columns], dtype=object)
    status = np.where(count == 1, statuses[ticked.argmax(axis=1)], None)
    if "absent_total" in columns:
        # "Vắng (ghi rõ lý do)" ticked with the reason itself: "Ốm" is excused, "Không lý do"
        # unexcused, as the same words are in a marker column.
        said = _map_distinct(data["text:absent_total"], [marker_status])[0]
        reasoned = (status == "absent_unspecified") \
            & np.isin(said, ["absent_excused", "absent_unexcused"])
        status = np.where(reasoned, said, status)
    return status


_NOT_EXPECTED_WORDS = {"exempt": "exempt", "moved": "moved away"}
# How a remark names them, folded.
_GROUP_WORDS = {"exempt": ("mien", "exempt"), "moved": ("chuyen", "moved")}


def _not_expected(counts: dict[str, pd.Series | None], header: Header
                  ) -> tuple[list[str], pd.Series | None]:
    """The columns of members counted in the total who are not to study with the unit, and
    how many they are row by row: "Tổng số đảng viên | Miễn | Có mặt", who had to attend is
    the total less the exempt, and less those who moved away (they study in their new cell);
    a blank is nobody. None when the head count already says who must attend ("Số phải
    học"). The rows' figures and their totals row's check take them off alike."""
    if "expected" not in header.labels or must_attend(header.labels["expected"]):
        return [], None
    # A total that says it leaves them out ("Tổng số ĐV (trừ ĐV miễn học)"), or a column that
    # says it is outside the total ("Chuyển đi (không tính vào tổng)"): not taken off twice
    # (QA round 31: 47/45 for 50/45).
    total_leaves_out = f" {left_out(header.labels['expected'])} "
    taken_off = [name for name in NOT_EXPECTED_FIELDS if counts.get(name) is not None
                 and not any(f" {word}" in total_leaves_out for word in _GROUP_WORDS[name])
                 and not outside_the_total(header.labels[name])]
    if not taken_off:
        return [], None
    parts = [counts[name].fillna(0) for name in taken_off]
    return taken_off, sum(parts[1:], parts[0])


NOT_REPORTED_REASON = ("ghi 'chưa báo cáo' thay cho số liệu: đơn vị chưa gửi báo cáo, vẫn là chưa "
                       "báo cáo (the row says the unit has not reported: it is still missing)")
# Ends as `ingest.BLANK_CELL_REASONS` do: blank because its formulas were never calculated,
# the row is explained as that.
NO_FIGURES_REASON = ("dòng của đơn vị để trống mọi số liệu: không phải báo cáo của đơn vị, "
                     "đơn vị vẫn là chưa báo cáo nếu không có báo cáo khác (the unit's row has "
                     "no figures: no report of the unit)")
PART_NOT_REPORTED_REASON = (
    "ghi 'chưa báo cáo' thay cho số liệu của chi bộ, lớp này: đơn vị chỉ được tính một phần "
    "đến khi có số liệu (this part of the unit has not reported: the unit is counted in part)")
# What a compilation types for a unit that sent nothing yet, folded: "chưa báo cáo", "Chưa
# BC", "đơn vị chưa gửi", "không nộp", "chưa có số liệu".
_NOT_REPORTED = re.compile(r"\b(?:chua|khong|ko) (?:co )?(?:bao cao|bc|gui|nop|so lieu)\b|"
                           r"\bnot (?:yet )?(?:reported|sent)\b|\bno report\b")


def _no_figures(data: Rows, header: Header) -> np.ndarray:
    """The rows whose every figure (counts and rate) is blank."""
    figures = [name for name in (*COUNT_FIELDS, "rate") if name in header.columns]
    return _all_blank(data, figures) if figures else np.zeros(len(data), dtype=bool)


def _all_blank(data: Rows, names: list[str]) -> np.ndarray:
    """The rows whose cells of these columns (at least one) are all blank."""
    return np.logical_and.reduce([~data[f"filled:{name}"].astype(bool) for name in names])


def _says_not_reported(data: Rows, header: Header) -> np.ndarray:
    """The rows saying their unit has not reported: in a figure's cell, or in a note beside
    figures all blank. Refused as figures that are no numbers, the unit was "reported, every
    row rejected" and chased to correct the district's own row (QA round 68 #2)."""
    figures = [name for name in COUNT_FIELDS if name in header.columns]
    # "Chưa nộp" under "Ngày nộp" too (QA round 69 #7).
    notes = [name for name in ("note", "remark", "sent") if name in header.columns]
    says = np.zeros(len(data), dtype=bool)
    if not figures:
        return says

    def saying(name: str) -> np.ndarray:
        return _map_distinct(data[f"text:{name}"], [
            lambda text: isinstance(text, str) and bool(text)
            and _NOT_REPORTED.search(fold(text)) is not None])[0].astype(bool)

    for name in figures:
        says |= saying(name)
    if notes:
        blank = _all_blank(data, figures)
        for name in notes:
            says |= blank & saying(name)
    return says


# Those present out of the members, typed in one cell: "45/48".
_OUT_OF = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def _present_out_of_members(data: Rows, header: Header) -> None:
    """"45/48" under "Có mặt" on a row of 48 members: 45 present. Read where the figure after
    the slash is the row's own count of members, or of those who must attend (the total less
    the exempt: QA round 69 #6), else refused as no number (QA round 68 #4: refused, the
    unit counted without the cell, and its totals row blamed)."""
    if "attended" not in header.columns or "expected" not in header.columns:
        return
    data.counts("attended")
    errors = data.columns["count_error:attended"]
    if not any(error is not None for error in errors.tolist()):
        return
    counts = {name: data.counts(name)[0] if name in header.columns else None
              for name in COUNT_FIELDS}
    members = counts["expected"]
    _, off = _not_expected(counts, header)
    must = members - off if off is not None else members
    values = data.columns["attended"].tolist()
    for position in np.flatnonzero([error is not None for error in errors.tolist()]).tolist():
        typed = _OUT_OF.match(values[position]) if isinstance(values[position], str) else None
        if typed and int(typed.group(2)) in {int(figure) for figure in (
                members.iloc[position], must.iloc[position]) if not pd.isna(figure)}:
            data.columns["count:attended"][position] = int(typed.group(1))
            errors[position] = None


def _summary_counts(frame: pd.DataFrame, data: Rows, header: Header, reject) -> None:
    _present_out_of_members(data, header)
    counts = {}
    for name in COUNT_FIELDS:
        if name in header.columns:
            parsed, errors = data.counts(name)
            reject(errors.notna(), lambda rows, name=name, errors=errors:
                   f"cột '{header.labels[name]}': " + errors[rows])
            counts[name] = parsed
        else:
            counts[name] = None

    expected, attended = counts["expected"], counts["attended"]
    excused, unexcused, total = (
        counts["absent_excused"], counts["absent_unexcused"], counts["absent_total"]
    )
    index = pd.RangeIndex(len(data))
    zeros = pd.Series(0, index=index, dtype="Int64")
    has_split = excused is not None or unexcused is not None
    # A blank "Có lý do" or "Không lý do" cell next to a filled one means nobody, as people
    # fill them in; with both blank the row does not split its absences (not specified).
    split_given = pd.Series(False, index=index)
    for part in (excused, unexcused):
        if part is not None:
            split_given |= part.notna()
    excused_filled = excused.fillna(0) if excused is not None else zeros
    unexcused_filled = unexcused.fillna(0) if unexcused is not None else zeros
    split_sum = excused_filled + unexcused_filled
    split_absent = split_sum.where(split_given)
    absent = total.fillna(split_absent) if total is not None \
        else (split_absent if has_split else None)

    taken_off, off = _not_expected(counts, header)
    if expected is not None and off is not None:
        named = " + ".join(f"'{header.labels[name]}'" for name in taken_off)
        who = " and ".join(_NOT_EXPECTED_WORDS[name] for name in taken_off)
        reject(off > expected, f"cột {named} lớn hơn cột '{header.labels['expected']}' "
               f"(more {who} than members)")
        expected = expected - off
    if expected is None:
        expected = attended + absent if attended is not None and absent is not None else None
    elif attended is None and absent is not None:
        attended = expected - absent
    if expected is None or attended is None:
        missing = "số phải học (expected)" if expected is None else "số có mặt (attended)"
        reject(pd.Series(True, index=pd.RangeIndex(len(data))),
               f"bảng không có cột {missing} và không suy ra được (missing count column)")
        expected = expected if expected is not None else zeros
        attended = attended if attended is not None else zeros
    reject(expected.isna(), "thiếu số phải học (missing expected count)")
    reject(attended.isna(), "thiếu số có mặt (missing attended count)")
    # A blank "Vắng" beside the members and those present is the absent count not given, as
    # in a table with no "Vắng" column: the rate never reads it, and the absences are the
    # members less those present, reason not specified. Refused, Phúc Đồng's 50 of 50 (the 0
    # left out) went back to the ward (QA round 16 f13c). Where the members or those present
    # are worked out from it, they are blank too and refused above.

    frame["expected"] = expected
    frame["attended"] = attended
    frame["absent_excused"] = excused_filled
    frame["absent_unexcused"] = unexcused_filled
    # The plainest explanation first: these make every absence figure below look wrong too.
    reject(expected < 0, RULE_MESSAGES["expected_not_negative"])
    reject(attended < 0, RULE_MESSAGES["attended_not_negative"])
    reject(attended > expected, RULE_MESSAGES["attended_within_expected"])
    absent_all = expected - attended
    if total is not None:
        reject(total.notna() & (total != absent_all),
               lambda rows: "số vắng (" + total[rows].astype("str") + ") ≠ phải học − có mặt ("
               + absent_all[rows].astype("str") + ") (inconsistent counts)")
        if has_split:
            reject(split_sum > total.fillna(absent_all),
                   "vắng có lý do + không lý do vượt tổng số vắng (inconsistent counts)")
    elif excused is not None and unexcused is not None:
        # The figures in the reason: the ward corrects the row without doing the sum (QA
        # round 40: "60 ≠ 55 + 2 + 2 = 59").
        reject(split_given & (split_sum != absent_all), lambda rows: (
            "phải học ≠ có mặt + vắng có lý do + vắng không lý do: " + expected[rows].astype(
                "str") + " ≠ " + attended[rows].astype("str") + " + " + excused_filled[rows]
            .astype("str") + " + " + unexcused_filled[rows].astype("str") + " = "
            + (attended[rows] + split_sum[rows]).astype("str") + " (inconsistent counts)"))
    elif has_split:
        label = header.labels["absent_excused" if excused is not None else "absent_unexcused"]
        reject(split_sum > absent_all, lambda rows: f"cột '{label}' (" + split_sum[rows].astype(
            "str") + ") vượt số vắng = phải học − có mặt (" + absent_all[rows].astype("str")
            + ") (inconsistent counts)")
    frame["absent_unspecified"] = absent_all - split_sum


def _reconcile_totals(body: Rows, kinds: np.ndarray, header: Header, source_file: str,
                      sheet: str, accepted: np.ndarray,
                      groups: dict[int, tuple[int, int] | list[int]] | None = None,
                      restarts: np.ndarray | None = None) -> list[dict]:
    """Each totals row of a table of counts against the data rows it sums (`_totals_checks`;
    a unit's own row above its cells, `_unit_wholes`, sums the rows in `groups`; `restarts`
    are the header printed again)."""
    fields = [name for name in COUNT_FIELDS if name in header.columns]
    totals = np.flatnonzero(kinds == "totals").tolist()
    summed = _summed_counts(body, header)  # "200/232" read in a totals row too (round 69 #4)
    stated = {header.labels[name]: {position: None if pd.isna(count := body.counts(name)[0]
                                                              .iloc[position]) else int(count)
                                    for position in totals} for name in fields}
    return _totals_checks(stated, summed, kinds, accepted,
                          body["source_row"], source_file, sheet, groups,
                          body["text:unit"] if "unit" in header.columns else None,
                          np.logical_or.reduce([body[f"subtotal:{name}"] for name in
                                                ("cell", "session") if name in header.columns]
                                               or [np.zeros(len(kinds), dtype=bool)]),
                          restarts, body.columns.get("bloc:cell"))


def _summed_counts(body: Rows, header: Header) -> dict[str, np.ndarray]:
    """Each figure of the table by its label, a value per row, 0 where none: what a totals
    row adds up."""
    fields = [name for name in COUNT_FIELDS if name in header.columns]
    _present_out_of_members(body, header)
    parsed = {name: body.counts(name)[0] for name in fields}
    if {"absent_total", "expected", "attended"} <= set(fields):
        # A blank "Vắng" is the absences not given, read as members less those present: the
        # totals row adds them up so too (QA round 18 h08: "12 vs 7" for a right total).
        # Members less the exempt and those moved away, as the row's own figures take them
        # (QA round 20: "122 | Miễn 2 | 120 | (blank)" made the total's "Vắng 2" wrong, 4).
        _, off = _not_expected(parsed, header)
        members = parsed["expected"] - off if off is not None else parsed["expected"]
        parsed["absent_total"] = parsed["absent_total"].fillna(members - parsed["attended"])
    return {header.labels[name]: values.fillna(0).to_numpy() for name, values in parsed.items()}


# A roll-call's tally line, folded: "Tổng cộng: 6 đ/c, có mặt 4, vắng 2", "Có mặt: 33 đ/c",
# "Tổng số 35; có mặt 33", "Total: 6, present 4". The people listed are the number before
# "đ/c" (or "người", "đảng viên") or right after the totals words; "vắng có phép 1" is a
# part of the absences, not all of them.
_TALLY_PRESENT = re.compile(r"\b(?:co mat|present)\s*:?\s*(\d+)")
_TALLY_ABSENT = re.compile(r"\b(?:vang|absent)\s*:?\s*(\d+)")
_TALLY_LISTED = re.compile(
    r"(\d+)\s*(?:d/c|dc|dong chi|dang vien|nguoi|members|people)\b"
    r"|\b(?:tong so|tong cong|tong|total)\s*(?:dang vien|d/c|members)?\s*:?\s*(\d+)")


# How a tally's figures are named in reconciliation.csv: "Họ và tên (có mặt)".
_TALLY_WORDS = {"listed": "số đ/c, people", "present": "có mặt, present",
                "absent": "vắng, absent"}


def _tally_figures(text: str) -> dict[str, int]:
    """The figures a roll-call's tally line states: `listed`, `present`, `absent`."""
    key = fold(text)
    figures = {}
    for name, pattern in (("present", _TALLY_PRESENT), ("absent", _TALLY_ABSENT)):
        found = pattern.search(key)
        if found:
            figures[name] = int(found.group(1))
            key = key[:found.start()] + " " * (found.end() - found.start()) + key[found.end():]
    listed = _TALLY_LISTED.search(key)
    if listed:
        figures["listed"] = int(listed.group(1) or listed.group(2))
    return figures


def _reconcile_tallies(body: Rows, kinds: np.ndarray, header: Header, source_file: str,
                       sheet: str, accepted: np.ndarray, people: dict[str, np.ndarray]
                       ) -> list[dict]:
    """A roll-call's totals rows against the people listed above them: the tally typed in
    words ("Tổng cộng: 6 đ/c, có mặt 4") and the counts typed under tick columns ("Cộng |
    4 | 1 | 1"). A tally of 6 over 5 names means someone was left off the list, or counted
    twice; it was neither excluded nor reconciled, as README promises.

    `people` holds each data row's counts (`attended`, the absences) by candidate column."""
    totals = np.flatnonzero(kinds == "totals").tolist()
    columns = _tally_columns(header)
    values = _tallied(header, people, len(kinds))
    stated: dict[str, dict[int, int | None]] = {column: {} for column in columns.values()}
    for position, figures in _worded_tallies(body, header, totals).items():
        for figure, value in figures.items():
            stated[columns[figure]][position] = value
    for name in header.tick_columns:
        stated[header.labels[name]] = {position: parse_count(body[name][position])[0]
                                       for position in totals}
    if "marker" in header.columns:
        # A count typed under a lone marker column ("Cộng | 3" under "Điểm danh"): those
        # present, as under a session's column (QA round 48: checked against nothing); the
        # people listed where the row says it is their number ("Tổng số | 3").
        label = _marker_tally(header)
        values[label] = people["attended"]
        stated[label] = {}
        labels = [body[f"text:{name}"] for name in LABEL_FIELDS if name in header.columns]
        for position in totals:
            count = parse_count(body["marker"][position])[0]
            if count is None:
                continue
            words = fold(" ".join(str(texts[position]) for texts in labels))
            figure = columns["listed"] if words.startswith("tong so") else label
            stated[figure].setdefault(position, count)
    return _totals_checks(stated, values, kinds, accepted, body["source_row"], source_file,
                          sheet)


def _marker_tally(header: Header) -> str:
    """How reconciliation.csv names a count typed under a roll-call's marker column."""
    return f"{header.labels['marker']} ({_TALLY_WORDS['present']})"


def _worded_tallies(body: Rows, header: Header, totals: list[int]) -> dict[int, dict[str, int]]:
    """The figures each totals row states in words in its label cells (`_tally_figures`):
    the counts under tick or session columns are read as counts, not here."""
    labels = [body[f"text:{name}"] for name in LABEL_FIELDS if name in header.columns]
    return {position: _tally_figures(" ".join(str(texts[position]) for texts in labels))
            for position in totals}


def _reconcile_sessions(counts: tuple[dict[str, dict[int, int | None]], dict[str, np.ndarray]],
                        body: Rows, kinds: np.ndarray, source_file: str,
                        sheet: str) -> list[dict]:
    """A roll-call with a column per session ("05/3 | 12/3"): its totals rows' counts under
    each session ("Cộng | 3 | 3") against the people marked present there, or under each
    session's tick columns against their ticks, and a tally in words against the people
    listed (`counts`, `_session_counts`). Such a row was set aside and checked against
    nothing (QA round 34: "Cộng" said 3 present on 12/3, where 2 were ticked)."""
    stated, values = counts
    return _totals_checks(stated, values, kinds, np.zeros(len(kinds), dtype=bool),
                          body["source_row"], source_file, sheet)


def _session_counts(body: Rows, kinds: np.ndarray, header: Header, rows: list[list]
                    ) -> tuple[dict[str, dict[int, int | None]], dict[str, np.ndarray]]:
    """A roll-call by session's figures, by the name its checks go by ("Buổi 1 (có mặt,
    present)", the people listed): what its totals rows state, and each row's count."""
    totals = np.flatnonzero(kinds == "totals").tolist()
    lines = [rows[row - 1] for row in body["source_row"].tolist()]

    def cells(column: int) -> list:
        return [line[column] if column < len(line) else "" for line in lines]

    stated: dict[str, dict[int, int | None]] = {}
    values: dict[str, np.ndarray] = {}
    for number, (column, name) in enumerate(header.sessions):
        if header.session_ticks:
            counted = [(f"{name} › {label}", tick_column, lambda cell: clean_text(cell)
                        not in NO_TICK) for _, tick_column, label in header.session_ticks[number]]
        else:
            counted = [(f"{name} ({_TALLY_WORDS['present']})", column,
                        lambda cell: marker_status(cell) == "present")]
        for label, position, counts in counted:
            column_cells = cells(position)
            values[label] = np.array([int(counts(cell)) for cell in column_cells],
                                     dtype="int64")
            stated[label] = {row: parse_count(column_cells[row])[0] for row in totals}
    listed = _tally_columns(header)["listed"]
    values[listed] = np.ones(len(kinds), dtype="int64")
    stated[listed] = {row: figures["listed"] for row, figures
                      in _worded_tallies(body, header, totals).items() if "listed" in figures}
    return stated, values


def _checked_fields(header: Header, tallies: bool) -> dict[str, str]:
    """The figure each column of a table's totals checks stands for, by the name the check
    goes by: a count's field ("expected"), a roll-call tally's figure ("listed")."""
    ticks = {header.labels[name]: name for name in header.tick_columns}
    if tallies:
        marker = {_marker_tally(header): "present"} if "marker" in header.columns else {}
        return {label: figure for figure, label in _tally_columns(header).items()} | ticks \
            | marker
    return {header.labels[name]: name for name in COUNT_FIELDS if name in header.columns}


def _tally_columns(header: Header) -> dict[str, str]:
    """The name in reconciliation.csv of each figure a tally states."""
    # A name in parts ("Họ đệm | Tên"): the name's, not its first part's (QA round 77 #6).
    label = (None if "given_name" in header.columns else header.labels.get("name")) \
        or header.labels.get("row_number") or "Họ và tên"
    return {figure: f"{label} ({words})" for figure, words in _TALLY_WORDS.items()}


def _tallied(header: Header, people: dict[str, np.ndarray], count: int
             ) -> dict[str, np.ndarray]:
    """What a roll-call's totals rows count, by the name its check goes by, a value per row:
    the people listed, those present, those absent, and each tick column's ticks."""
    columns = _tally_columns(header)
    attended = people["attended"]
    worded = {columns["listed"]: np.ones(count, dtype="int64"),
              columns["present"]: attended, columns["absent"]: 1 - attended}
    return worded | {header.labels[name]: (1 - attended if name == "absent_total"
                                           else people[name])
                     for name in header.tick_columns}


def _totals_checks(stated: dict[str, dict[int, int | None]], values: dict[str, np.ndarray],
                   kinds: np.ndarray, accepted: np.ndarray, source_rows: np.ndarray,
                   source_file: str, sheet: str,
                   groups: dict[int, tuple[int, int] | list[int]] | None = None,
                   units: np.ndarray | None = None,
                   subtotals: np.ndarray | None = None,
                   restarts: np.ndarray | None = None,
                   blocs: np.ndarray | None = None) -> list[dict]:
    """Each figure a totals row states (`stated[column][position]`) against the data rows
    it sums (`values[column]`, a value per row).

    A subtotal ("Cộng") sums the rows since the previous totals row; one in the cell or
    class column (`subtotals`: "Cộng 2 chi bộ") may also sum the last unit's rows right
    above it (`units`, a unit's name per row: its own unit left blank, QA round 31), or the
    rows below it up to the next totals row (each ward's subtotal typed above its cells, QA
    round 32); a grand total sums every data row above it. A totals row with no data above
    it (typed right under the header) sums the rows below it, up to the next totals row or
    to the end. A totals row that matches one of its sums is right; otherwise the mismatch
    is reported against the nearest of them. The sums are taken over every data row, then
    over the `accepted` ones only: in an outline ("Đảng bộ phường Bồ Đề", then its "- Chi
    bộ 1", "- Chi bộ 2") the total adds up the wards, not the cells refused beneath them. A
    totals row in `groups` (a unit's own row, `_unit_wholes`) sums the [first, last) rows
    given there instead, or the rows listed there (a whole whose classes are not next to it,
    `_class_wholes`). Where the header is printed again (`restarts`), a table starts again:
    a totals row typed under it sums the rows below it, not the table above (QA round 74
    #7), and a mismatch is told against rows of its own table; a sum across the whole
    sheet (a list over two pages, its header on each) is right where it matches. A bloc's
    heading (`blocs`) ends the rows a total typed above them sums.
    """
    checks = []
    restart_rows = np.flatnonzero(restarts).tolist() if restarts is not None else []
    # A bloc's heading ends the rows of the bloc above it (`_bloc_headings`), a subtotal
    # typed above them or not: its own figures may be a row of data.
    bloc_rows = np.flatnonzero(blocs).tolist() if blocs is not None else []
    is_data = kinds == "data"
    parsed = {column: np.where(is_data, row_values, 0) for column, row_values in values.items()}
    parsed_accepted = {column: np.where(accepted, row_values, 0)
                       for column, row_values in values.items()}
    totals = np.flatnonzero(kinds == "totals").tolist()
    for number, position in enumerate(totals):
        table_start = max((row + 1 for row in restart_rows if row < position), default=0)
        table_end = min((row for row in restart_rows if row > position), default=len(kinds))
        previous = max(totals[number - 1] + 1 if number else 0, table_start)
        following = min(totals[number + 1] if number + 1 < len(totals) else len(kinds),
                        table_end, min((row for row in bloc_rows if row > position),
                                       default=len(kinds)))
        above = is_data[table_start:position].any()
        group = (groups or {}).get(position)
        subtotal = subtotals is not None and subtotals[position]
        below = [(position + 1, following)] \
            if subtotal and is_data[position + 1:following].any() else []
        unit_rows = _last_unit_rows(is_data, units, previous, position) if subtotal else []
        spans = [group] if group else [(previous, position), (table_start, position),
                                       *unit_rows, *below] if above \
            else [(position + 1, following), (position + 1, table_end)]
        # Across the header printed again: a list over pages, summed whole (matches only).
        whole_sheet = [] if group or not restart_rows \
            else [(0, position)] if above else [(position + 1, len(kinds))]
        for column in values:
            stated_value = stated[column].get(position)
            if stated_value is None:
                continue
            tried = spans + whole_sheet
            sums = [int(row_values[span].sum() if isinstance(span, list)
                        else row_values[span[0]:span[1]].sum())
                    for row_values in (parsed[column], parsed_accepted[column])
                    for span in tried]
            matched = stated_value in sums
            own = [index for index in range(len(sums)) if index % len(tried) < len(spans)]
            chosen = sums.index(stated_value) if matched \
                else min(own, key=lambda index: abs(sums[index] - stated_value))
            ends = _span_ends(tried[chosen % len(tried)], is_data, source_rows)
            checks.append({
                "source_file": source_file,
                "sheet": sheet,
                "source_row": int(source_rows[position]),
                "check": "totals_row",
                "column": column,
                "stated": stated_value,
                "computed": sums[chosen],
                "status": "ok" if matched else "mismatch",
                # The rows it was compared with: the rows a mismatch may lie in.
                "from_row": ends[0] if ends else None,
                "to_row": ends[1] if ends else None,
            })
    return checks


def _span_ends(span: tuple[int, int] | list[int], is_data: np.ndarray,
               source_rows: np.ndarray) -> tuple[int, int] | None:
    """The spreadsheet rows of the first and last data rows in a span (`_totals_checks`),
    None for none."""
    if isinstance(span, list):
        rows = [int(source_rows[position]) for position in span if is_data[position]]
        return (min(rows), max(rows)) if rows else None
    found = np.flatnonzero(is_data[span[0]:span[1]])
    if not len(found):
        return None
    return int(source_rows[span[0] + found[0]]), int(source_rows[span[0] + found[-1]])


# How the reason of a row pasted twice in a summary begins (`_pasted_copies`).
PASTED_COPY_REASON = "dòng chép thừa"


def _pasted_copies(body: Rows, header: Header, kinds: np.ndarray, accepted: np.ndarray,
                   parts: Iterable[tuple[int, int]]) -> dict[int, str]:
    """A row pasted twice in a summary ("Chi bộ 5" again, the same figures) under the table's
    one totals row whose every figure is the sum with that row counted once: the second is
    a copy, refused with the row it repeats. Counted twice, the ward's figures were its
    total's and the copy's (QA round 75 #5: 343/328 for 307/293), with two warnings. Only
    one such pair in the table, and only where the total says so: two cells alike stay
    counted (`duplicate_row`). `parts` are the [start, stop) rows of each sheet's table."""
    fields = [name for name in COUNT_FIELDS if name in header.columns]
    labels = [body[f"text:{name}"] for name in ("unit", "cell", "session", "phase")
              if name in header.columns]
    if not fields or not labels:
        return {}
    # Notes tell two rows apart too ("Lớp sáng 12/10", "Lớp chiều 12/10": QA round 76 #5).
    labels += [body[f"text:{name}"] for name in ("note", "remark") if name in header.columns]
    summed = _summed_counts(body, header)
    figures = [summed[header.labels[name]] for name in fields]
    stated = [body.counts(name)[0] for name in fields]
    source_rows = body["source_row"]
    copies = {}
    for start, stop in parts:
        totals = [position for position in range(start, stop) if kinds[position] == "totals"]
        rows = [position for position in range(start, stop) if accepted[position]]
        if len(totals) != 1 or len(rows) < 3:
            continue
        first_of, pairs = {}, []
        for position in rows:
            key = (tuple(texts[position] for texts in labels),
                   tuple(int(values[position]) for values in figures))
            if any(key[0]) and any(key[1]):
                if key in first_of:
                    pairs.append((first_of[key], position))
                else:
                    first_of[key] = position
        if len(pairs) != 1:
            continue
        first, copy = pairs[0]
        given = [(values, stated_values.iloc[totals[0]])
                 for values, stated_values in zip(figures, stated, strict=True)
                 if not pd.isna(stated_values.iloc[totals[0]])]
        if given and all(int(values[rows].sum() - values[copy]) == int(stated_value)
                         for values, stated_value in given):
            above, total = int(source_rows[first]), int(source_rows[totals[0]])
            copies[copy] = (
                f"{PASTED_COPY_REASON}: giống hệt dòng {above} (cùng tên, cùng số liệu) và "
                f"dòng tổng cộng (dòng {total}) chỉ tính nó một lần; tính một lần (a pasted "
                f"copy of row {above}, the same name and figures, which the totals row, row "
                f"{total}, counts once: counted once)")
    return copies


def _last_unit_rows(is_data: np.ndarray, units: np.ndarray | None, previous: int,
                    position: int) -> list[tuple[int, int]]:
    """The [first, last) span of the data rows of one unit right above `position` (since
    `previous`), the unit of the data row nearest above it; none without units, or when
    that unit's rows are all those since `previous`."""
    rows = [row for row in range(position - 1, previous - 1, -1) if is_data[row]]
    if units is None or not rows or not units[rows[0]]:
        return []
    first = rows[0]
    for row in rows[1:]:
        if units[row] != units[rows[0]]:
            return [(first, rows[0] + 1)]
        first = row
    return []


def _check_rates(data: Rows, candidates: dict[str, np.ndarray], header: Header) -> list[dict]:
    """A typed rate never overrides the counts; a disagreement is reported."""
    if "rate" not in header.columns or header.shape != "summary":
        return []
    checks = []
    for position, typed in enumerate(data["rate"].tolist()):
        expected = candidates["expected"][position]
        if candidates["reason"][position] is not None or expected is None or expected <= 0:
            continue
        stated = parse_rate(typed)
        if stated is None:
            continue
        computed = candidates["attended"][position] / expected
        if abs(stated - computed) > RATE_TOLERANCE:
            checks.append({
                "source_file": candidates["source_file"][position],
                "sheet": candidates["sheet"][position],
                "source_row": int(candidates["source_row"][position]),
                "check": "rate_column",
                "column": header.labels["rate"],
                "stated": round(stated, 4),
                "computed": round(float(computed), 4),
                "status": "mismatch",
            })
    return checks


def _map_distinct(values: np.ndarray, functions: list[Callable[[object], object]],
                  then: Callable[[object, object], object] | None = None) -> list[np.ndarray]:
    """`[[function(value) for value in values] for function in functions]`, each function
    called once per distinct value; with `then`, one more array: `then(value, result)` of
    the last function's result (a label's totals test, given the key folded already).

    A column of a thousand rows holds a few markers, units or classes: the functions run on
    those few and the results are spread back by position, which is what makes a city's
    million rows cheap. pandas counts True as 1 and False as 0 when it factorises, so a
    boolean cell (rare) is mapped on its own.
    """
    codes, uniques, booleans = _distinct(values)
    mapped_columns = []
    for function in functions:
        results = [function(value) for value in uniques]
        mapped_columns.append(_spread(results, codes, booleans, values, function))
    if then is not None:
        last = functions[-1]
        mapped_columns.append(_spread(
            [then(value, result) for value, result in zip(uniques, results, strict=True)],
            codes, booleans, values, lambda value: then(value, last(value))))
    return mapped_columns


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """(codes, distinct values, positions of boolean cells) for `_map_distinct`: pandas
    counts True as 1 and False as 0 when it factorises, so those cells are listed apart."""
    codes, uniques = _factorize(values)
    ambiguous = [code for code in np.flatnonzero((uniques == 0) | (uniques == 1)).tolist()
                 if isinstance(uniques[code], (int, float))]
    booleans = [position for position in np.flatnonzero(np.isin(codes, ambiguous))
                if isinstance(values[position], bool)] if ambiguous else []
    return codes, uniques, booleans


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`pd.factorize(values, use_na_sentinel=False)`, at half its cost on a column of
    Python objects: asked to keep missing values, pandas first looks for them in a pass of
    its own over the column, then rewrites them all to NaN. Here they are found as part of
    the factorising (code -1), and NaN is added to the distinct values when there are any,
    so that every function still meets a missing cell as NaN."""
    codes, uniques = pd.factorize(values)
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(uniques), codes)
        uniques = np.append(uniques, np.array([np.nan], dtype=object))
    return codes, uniques


def _spread(results: list, codes: np.ndarray, booleans: list[int], values: np.ndarray,
            function: Callable[[object], object]) -> np.ndarray:
    """The results for the distinct values at every position holding them; a boolean cell's
    own (see `_map_distinct`)."""
    lookup = np.empty(len(results), dtype=object)
    lookup[:] = results
    mapped = lookup[codes]
    for position in booleans:
        mapped[position] = function(values[position])
    return mapped


def _spread_flags(flags: list[bool], codes: np.ndarray, booleans: list[int],
                  values: np.ndarray, function: Callable[[object], bool]) -> np.ndarray:
    """`_spread` of true/false results, as a boolean array: no Python objects to compare."""
    mapped = np.array(flags, dtype=bool)[codes]
    for position in booleans:
        mapped[position] = function(values[position])
    return mapped


def _memo(function):
    """The function with its results kept, for two lookups that share one costly call (a
    unit's name and the reason it is unknown both come from one `resolve`)."""
    cache: dict = {}

    def wrapper(value):
        if value not in cache:
            cache[value] = function(value)
        return cache[value]

    return wrapper

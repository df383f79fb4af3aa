"""One sheet's grid -> candidate attendance rows, totals rows and their reconciliation.

The body of a table is the rows below its header, up to where the data stops: the signature
block, the date line and pre-numbered empty template rows below the last figure are footer,
not data. Every row of the body is a row read: it ends as accepted or rejected, never
silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.campaign import Campaign
from analysis.clean import (
    COUNT_FIELDS,
    LABEL_FIELDS,
    NO_TICK,
    TICK_STATUS,
    Header,
    dates_in,
    find_header,
    is_date_only,
    is_footer_text,
    is_totals_key,
    marker_status,
    parse_counts,
    parse_rate,
)
from analysis.privacy import Privacy
from analysis.read import SheetGrid
from analysis.text import clean_text, fold
from analysis.units import UnitResolver
from analysis.validate import RULE_MESSAGES, duplicate_persons

CANDIDATE_COLUMNS = (
    "source_file", "sheet", "source_row", "shape", "phase", "ward", "kind", "session", "cell",
    "person_key", "person", "expected", "attended", "absent_excused", "absent_unexcused",
    "absent_unspecified", "reason", "raw",
)
_INTEGER_COLUMNS = ("source_row", "expected", "attended", "absent_excused", "absent_unexcused",
                    "absent_unspecified")
# One Arrow type per column whatever a file holds (a column of blanks included), so that the
# tables of six hundred files join without conversion.
CANDIDATE_SCHEMA = pa.schema([(name, pa.int64() if name in _INTEGER_COLUMNS else pa.large_string())
                              for name in CANDIDATE_COLUMNS])
RATE_TOLERANCE = 0.0051  # a rate typed with one decimal ("96,5%") is within half a point


@dataclass
class SheetResult:
    source_file: str
    sheet: str
    hidden: bool
    status: str  # "table", "empty", "no_table", "unreadable"
    error: str | None = None
    shape: str | None = None
    header_row: int | None = None  # 1-based
    rows_read: int = 0  # this sheet's rows below the header that are data
    totals_rows: list[int] = field(default_factory=list)
    footer_rows: list[int] = field(default_factory=list)
    ignored_rows: list[int] = field(default_factory=list)  # repeated headers, column numbers
    checks: list[dict] = field(default_factory=list)  # totals and rate reconciliations
    report_date: str | None = None  # ISO date the report was signed or dated, if written
    report_date_source: str | None = None  # "footer", "title" or "date_column"


@dataclass
class ParsedFile:
    """One file's parse: what each sheet held, and the file's candidate rows as one table."""

    status: str  # "read" or "unreadable"
    error: str | None
    sheets: list[SheetResult]
    rows: pa.Table | None  # CANDIDATE_COLUMNS; None when no sheet has a table


def read_tables(grids: list[SheetGrid], campaign: Campaign, resolver: UnitResolver,
                privacy: Privacy) -> tuple[list[SheetResult], pd.DataFrame | None]:
    """Every sheet of a file, and the candidate rows of all of them.

    Sheets with the same header (a roll-call's one sheet per party cell) are processed as one
    table: the work per sheet, not per row, is what costs."""
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
        header = find_header(grid.rows)
        if header is None:
            result.status = "no_table"
            continue
        result.status = "table"
        result.shape = header.shape
        result.header_row = header.first_row + 1
        layout = (tuple(header.columns.items()), tuple(header.labels.items()))
        groups.setdefault(layout, []).append((result, grid, header))
    texts = RowTexts({grid.sheet: (grid.rows, header.body_start)
                      for members in groups.values() for _, grid, header in members})
    frames = [_read_group(members, campaign, resolver, privacy, texts)
              for members in groups.values()]
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return results, None
    return results, _settle_rows(pd.concat(frames, ignore_index=True), texts, privacy)


class RowTexts:
    """A row as the analyst typed it ("3 | Nguyễn Văn An | x"), unmapped cells included.

    Only the rows that need it get one (rejects, and the few rows the layout rules read
    whole): joining every cell of a million accepted rows is most of a parse's work.
    """

    def __init__(self, sheets: dict[str, tuple[list[list], int]]):
        self._sheets = sheets
        self._widths: dict[str, int] = {}

    def text(self, sheet: str, source_row: int) -> str:
        rows, body_start = self._sheets[sheet]
        if sheet not in self._widths:
            self._widths[sheet] = max((len(row) for row in rows[body_start:]), default=0)
        row = rows[source_row - 1]
        return " | ".join(clean_text(value) for value in row[:self._widths[sheet]]).rstrip(" |")


def _settle_rows(rows: pd.DataFrame, texts: RowTexts, privacy: Privacy) -> pd.DataFrame:
    """The file's last word on each row: a person listed twice in one roll-call is rejected
    (the repeat), and every row that is rejected, or may still be rejected by the count
    rules (a summary's typed counts), carries its text with the name replaced by its key."""
    rows["reason"] = rows["reason"].fillna(duplicate_persons(rows))
    needs_text = rows["reason"].notna() | (rows["shape"] == "summary")
    chosen = rows[needs_text]
    raw = pd.Series([texts.text(sheet, source_row) for sheet, source_row in
                     zip(chosen["sheet"], chosen["source_row"], strict=True)],
                    index=chosen.index, dtype="str")
    rows["raw"] = pd.Series(pd.NA, index=rows.index, dtype="str")
    rows.loc[needs_text, "raw"] = privacy.mask(raw, chosen["person"], chosen["person_key"])
    if not privacy.keep_names:
        rows["person"] = pd.NA
    return rows


def _read_group(members: list[tuple[SheetResult, SheetGrid, Header]], campaign: Campaign,
                resolver: UnitResolver, privacy: Privacy, texts: RowTexts) -> pd.DataFrame:
    header = members[0][2]
    source_file = members[0][1].source_file
    body = _body_frame([(grid.rows, member_header) for _, grid, member_header in members],
                       header)
    bounds = _bounds(body)
    sheet_names = {position: grid.sheet for position, (_, grid, _) in enumerate(members)}
    body_sheets, body_rows = body["_sheet"].tolist(), body["source_row"].tolist()
    kinds = _classify_rows(body, header, bounds, lambda position: texts.text(
        sheet_names[body_sheets[position]], body_rows[position]))
    data = body[kinds == "data"]
    rule = campaign.rule_for(source_file)
    sheet_units = None if "unit" in header.columns else {
        position: _sheet_unit(grid, member_header, resolver, rule) or ""
        for position, (_, grid, member_header) in enumerate(members)
    }
    candidates = _candidates(data, header, source_file, sheet_names, sheet_units, campaign,
                             resolver, rule, privacy)
    rate_checks = _check_rates(data, candidates, header)
    rows_read = data["_sheet"].value_counts().to_dict()
    kind_values = kinds.to_numpy()
    rows = body["source_row"].to_numpy()
    for position, (result, grid, member_header) in enumerate(members):
        start, stop = bounds.get(position, (0, 0))
        sheet_kinds, sheet_rows = kind_values[start:stop], rows[start:stop]
        result.totals_rows = sheet_rows[sheet_kinds == "totals"].tolist()
        result.footer_rows = sheet_rows[sheet_kinds == "footer"].tolist()
        result.ignored_rows = sheet_rows[sheet_kinds == "ignored"].tolist()
        result.rows_read = int(rows_read.get(position, 0))
        result.checks = _reconcile_totals(body.iloc[start:stop], kinds.iloc[start:stop],
                                          header, source_file, grid.sheet) + [
            check for check in rate_checks if check["sheet"] == grid.sheet]
        sheet_data = data[data["_sheet"] == position] if "date" in data else data.iloc[0:0]
        result.report_date, result.report_date_source = _report_date(
            grid, member_header, sheet_data, result.footer_rows)
    return candidates.reset_index(drop=True)


def _bounds(body: pd.DataFrame) -> dict[int, tuple[int, int]]:
    """Each sheet's rows as a [start, stop) range of positions in the combined body."""
    sheets = body["_sheet"].to_numpy()
    bounds: dict[int, tuple[int, int]] = {}
    start = 0
    for position in range(1, len(sheets) + 1):
        if position == len(sheets) or sheets[position] != sheets[start]:
            bounds[int(sheets[start])] = (start, position)
            start = position
    return bounds


def _report_date(grid: SheetGrid, header: Header, data: pd.DataFrame,
                 footer_rows: list[int]) -> tuple[str | None, str | None]:
    """When the report was made: the date line by the signature ("ngày 25 tháng 11 năm
    2015"), else a date in the title block, else the last date of a date column (the report
    cannot predate its last class). The latest date of the place that has one."""
    places = (
        ("footer", [value for row in footer_rows for value in grid.rows[row - 1]]),
        ("title", [value for row in grid.rows[:header.first_row] for value in row]),
        ("date_column", data["date"].tolist() if "date" in data else []),
    )
    for source, values in places:
        dates = [date for value in values for date in dates_in(value)]
        if dates:
            return max(dates).isoformat(), source
    return None, None


def _body_frame(sheets: list[tuple[list[list], Header]], header: Header) -> pd.DataFrame:
    """The rows below each sheet's header, one table for all of them, with `_sheet` (the
    sheet's position in the list) and `source_row` (1-based)."""
    columns: dict[str, list] = {name: [] for name in header.columns}
    positions, source_rows = [], []
    for position, (rows, sheet_header) in enumerate(sheets):
        body_rows = rows[sheet_header.body_start:]
        for field_name, column in header.columns.items():
            columns[field_name].extend(row[column] if column < len(row) else ""
                                       for row in body_rows)
        positions.extend([position] * len(body_rows))
        source_rows.extend(range(sheet_header.body_start + 1,
                                 sheet_header.body_start + 1 + len(body_rows)))
    body = pd.DataFrame(columns, dtype=object)
    body["_sheet"] = pd.Series(positions, index=body.index, dtype="int64")
    body["source_row"] = pd.Series(source_rows, index=body.index, dtype="int64")
    return body


def _classify_rows(body: pd.DataFrame, header: Header, bounds: dict[int, tuple[int, int]],
                   row_text: Callable[[int], str]) -> pd.Series:
    """'data', 'totals', 'footer', 'ignored' or 'blank' for every row below the header.

    `row_text(position)` is the whole row at that position of the body as text."""
    present = {name: _per_value(body[name], _is_filled) for name in header.columns}
    label_fields = [name for name in LABEL_FIELDS if name in header.columns]
    has_value = _has_figure(body, header)
    # A row with a mapped cell filled has content; any other is read whole (a signature or
    # a note can sit in a column the header does not name).
    has_content = pd.concat(list(present.values()), axis=1).any(axis=1).to_numpy(copy=True)
    for position in np.flatnonzero(~has_content):
        has_content[position] = row_text(position).replace("|", "").strip() != ""
    has_content = pd.Series(has_content, index=body.index)
    non_numbering = [name for name in header.columns if name != "row_number"]
    has_entry = pd.concat([present[name] for name in non_numbering], axis=1).any(axis=1)

    # Each column folded once: totals labels and a repeated header are both found in it.
    folded = {name: _per_value(body[name], _fold_words) for name in header.columns}
    is_totals = pd.Series(False, index=body.index)
    for name in label_fields:
        is_totals |= _per_value(folded[name], is_totals_key).astype(bool)

    kinds = pd.Series("data", index=body.index, dtype=object)
    kinds[~has_content] = "blank"
    kinds[is_totals] = "totals"
    kinds[_repeated_header(folded, header) | _column_numbering(has_content, bounds, row_text)] = \
        "ignored"
    is_value = ((kinds == "data") & has_value).to_numpy()
    entries, totals = has_entry.to_numpy(), is_totals.to_numpy()
    labels = kinds.to_numpy().copy()
    for start, stop in bounds.values():
        value_rows = is_value[start:stop].nonzero()[0]
        if len(value_rows) == 0:
            end = start
        else:
            # The data ends at the first gap (or totals row) after the last row with a figure.
            end = start + value_rows[-1] + 1
            while end < stop and entries[end] and not totals[end] \
                    and not _looks_like_footer(row_text(end)):
                end += 1
        tail = labels[end:stop]
        tail[tail == "data"] = "footer"
    kinds = pd.Series(labels, index=body.index, dtype=object)
    # Pre-numbered template rows with nothing but an STT are not rows anybody filled in.
    kinds[(kinds == "data") & ~has_entry] = "blank"
    return kinds


def _is_filled(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == value  # NaN is empty
    return clean_text(value) != ""


def _looks_like_footer(text: str) -> bool:
    """Signature words or a date line in any cell, or a row holding nothing but dates."""
    parts = [part for part in text.split(" | ") if part.strip()]
    return any(is_footer_text(part) for part in parts) or (
        bool(parts) and all(is_date_only(part) for part in parts))


def _fold_words(value: object) -> str | None:
    """The folded text of a cell typed as text; None for numbers, dates and blanks."""
    return fold(value) if isinstance(value, str) else None


def _repeated_header(folded: dict[str, pd.Series], header: Header) -> pd.Series:
    """The header printed again on each page of a long list is not a row of data."""
    matches = [(folded[name] == fold(label)).fillna(False).astype(bool)
               for name, label in header.labels.items()]
    return pd.concat(matches, axis=1).sum(axis=1) >= min(2, len(matches))


_NUMBERING = re.compile(r"^\(?([0-9]{1,2}|[a-z])\)?$")


def _column_numbering(has_content: pd.Series, bounds: dict[int, tuple[int, int]],
                      row_text: Callable[[int], str]) -> pd.Series:
    """The "(1) (2) (3)" or "A B C" row some forms print under the header, in each sheet."""
    numbering = np.zeros(len(has_content), dtype=bool)
    content = has_content.to_numpy()
    for start, stop in bounds.values():
        filled = content[start:stop].nonzero()[0]
        if len(filled) and _is_numbering(row_text(start + filled[0])):
            numbering[start + filled[0]] = True
    return pd.Series(numbering, index=has_content.index)


def _is_numbering(text: str) -> bool:
    cells = [fold(part) for part in text.split(" | ") if part.strip()]
    marks = [_NUMBERING.match(cell) for cell in cells]
    if len(cells) < 3 or not all(marks):
        return False
    values = [mark.group(1) for mark in marks]
    # Official forms letter the label columns and number the figures: "A B 1 2 3 4".
    letters = [ord(value) - ord("a") + 1 for value in values if not value.isdigit()]
    digits = [int(value) for value in values if value.isdigit()]
    return values == sorted(values, key=lambda value: (value.isdigit(), len(value), value)) \
        and _consecutive(letters) and _consecutive(digits)


def _consecutive(ordinals: list[int]) -> bool:
    return ordinals == list(range(ordinals[0], ordinals[0] + len(ordinals))) if ordinals \
        else True


def _has_figure(body: pd.DataFrame, header: Header) -> pd.Series:
    """A count that parses or a short roll-call mark: what a signature line never has."""
    if header.shape == "roster":
        figures = []
        for name in ("marker", *header.tick_columns):
            if name in header.columns:
                marks = _per_value(body[name], clean_text)
                figures.append((marks != "") & ((marks.str.len() <= 6)
                                                | _per_value(marks, marker_status).notna()))
    else:
        figures = [
            parse_counts(body[name])[0].notna()
            for name in COUNT_FIELDS if name in header.columns
        ]
    if not figures:
        return pd.Series(False, index=body.index)
    return pd.concat(figures, axis=1).any(axis=1)


def _candidates(
    data: pd.DataFrame,
    header: Header,
    source_file: str,
    sheet_names: dict[int, str],
    sheet_units: dict[int, str] | None,
    campaign: Campaign,
    resolver: UnitResolver,
    rule,
    privacy: Privacy,
) -> pd.DataFrame:
    columns = header.columns
    frame = pd.DataFrame(index=data.index)
    frame["source_file"] = source_file
    frame["sheet"] = data["_sheet"].map(sheet_names)
    frame["source_row"] = data["source_row"].astype("int64")
    frame["shape"] = header.shape
    reasons = pd.Series(pd.NA, index=data.index, dtype="str")

    def reject(mask: pd.Series, reason: Callable[[pd.Series], pd.Series] | str) -> None:
        """The first reason found for a row stands; a reason that quotes the row's own
        values is a function of the rejected rows, worded only for them."""
        new = mask.fillna(False) & reasons.isna()
        if not new.any():
            return
        reasons[new] = reason if isinstance(reason, str) else reason(new)

    # Phase: the row's own column first, then the campaign's [[sources]] rule for the file.
    if "phase" in columns:
        texts = _per_value(data["phase"], clean_text)
        frame["phase"] = _per_value(texts, campaign.phase_from_text)
        reject(texts == "", "thiếu giai đoạn (no phase in the row)")
        reject(frame["phase"].isna(), lambda rows: "giai đoạn '" + texts[rows]
               + "' không có trong campaign.toml (unknown phase)")
    elif rule is not None and rule.phase is not None:
        frame["phase"] = rule.phase
    else:
        frame["phase"] = pd.NA
        reject(frame["phase"].isna(), "không rõ giai đoạn: tệp không có cột Giai đoạn và không "
               "khớp [[sources]] nào trong campaign.toml (no phase)")

    # Unit: the row's column, else the [[sources]] rule, else what the sheet says of itself.
    if "unit" in columns:
        unit_text = _per_value(data["unit"], clean_text)
    else:
        unit_text = data["_sheet"].map(sheet_units)
    resolve = _memo(resolver.resolve)
    frame["ward"] = _per_value(unit_text, lambda text: resolve(text)[0])
    reject(frame["ward"].isna(),
           lambda rows: _per_value(unit_text[rows], lambda text: resolve(text)[1]))
    frame["kind"] = _per_value(frame["ward"], resolver.kinds.get)

    # Session (class) and party cell.
    if "session" in columns:
        frame["session"] = _per_value(data["session"], clean_text).replace("", pd.NA)
    else:
        frame["session"] = rule.session if rule is not None and rule.session else pd.NA
    if "cell" in columns:
        frame["cell"] = _per_value(data["cell"], clean_text).replace("", pd.NA)
    else:
        frame["cell"] = frame["sheet"] if header.shape == "roster" else pd.NA

    if header.shape == "roster":
        _roster_counts(frame, data, header, reject, privacy)
    else:
        _summary_counts(frame, data, header, reject)

    frame["reason"] = reasons
    for name in CANDIDATE_COLUMNS:
        if name not in frame:
            frame[name] = pd.NA
    return frame[list(CANDIDATE_COLUMNS)]


def _sheet_unit(grid: SheetGrid, header: Header, resolver: UnitResolver, rule) -> str | None:
    """For tables without a unit column: the sources rule, the title block, sheet or file name."""
    if rule is not None and rule.unit:
        return rule.unit
    title_cells = [value for row in grid.rows[:header.first_row] for value in row]
    named = resolver.find_in_title(title_cells)
    if named:
        return named
    stem = PurePosixPath(grid.source_file).stem.replace("-", " ").replace("_", " ")
    for candidate in (grid.sheet, stem):
        name, _ = resolver.resolve(candidate)
        if name:
            return name
    return None


def _roster_counts(frame: pd.DataFrame, data: pd.DataFrame, header: Header, reject,
                   privacy: Privacy) -> None:
    if "marker" in header.columns:
        markers = _per_value(data["marker"], clean_text)
        status = _per_value(markers, marker_status)
        reject(markers == "", f"ô '{header.labels['marker']}' để trống: không đoán có mặt hay "
               "vắng (blank roll-call marker)")
        reject(status.isna(), lambda rows: "ký hiệu điểm danh '" + markers[rows]
               + "' không rõ nghĩa; dùng x / v / P / KP (unknown marker)")
    else:
        status = _ticked_status(data, header, reject)
    frame["expected"] = pd.array([1] * len(frame), dtype="Int64")
    frame["attended"] = (status == "present").astype("Int64")
    frame["absent_excused"] = (status == "absent_excused").astype("Int64")
    frame["absent_unexcused"] = (status == "absent_unexcused").astype("Int64")
    frame["absent_unspecified"] = (status == "absent_unspecified").astype("Int64")
    if "name" in header.columns:
        # The key folds case and spaces but keeps diacritics: "Lê Thị Hà" and "Lê Thị Hạ"
        # are two people. Names leave this function only as keys, unless asked for.
        names = data["name"].map(clean_text).replace("", pd.NA)
        frame["person_key"] = privacy.keys(names)
        frame["person"] = names  # until the row's text is masked (_settle_rows)


def _ticked_status(data: pd.DataFrame, header: Header, reject) -> pd.Series:
    """One tick per person across the status columns; none or several is not guessed."""
    columns = header.tick_columns
    ticked = pd.concat(
        [~_per_value(data[name], clean_text).isin(NO_TICK) for name in columns], axis=1,
        keys=columns
    )
    count = ticked.sum(axis=1)
    labels = ", ".join(f"'{header.labels[name]}'" for name in columns)
    reject(count == 0, f"không đánh dấu ở cột nào ({labels}) (blank roll-call marker)")
    reject(count > 1, f"đánh dấu ở nhiều cột ({labels}) (ambiguous roll-call marks)")
    first = ticked.idxmax(axis=1).where(count == 1)
    return first.map(TICK_STATUS)


def _summary_counts(frame: pd.DataFrame, data: pd.DataFrame, header: Header, reject) -> None:
    counts = {}
    for name in COUNT_FIELDS:
        if name in header.columns:
            parsed, errors = parse_counts(data[name])
            reject(errors.notna(), lambda rows, name=name, errors=errors:
                   f"cột '{header.labels[name]}': " + errors[rows]
                   + " (count is not a whole number)")
            counts[name] = parsed
        else:
            counts[name] = None

    expected, attended = counts["expected"], counts["attended"]
    excused, unexcused, total = (
        counts["absent_excused"], counts["absent_unexcused"], counts["absent_total"]
    )
    zeros = pd.Series(0, index=data.index, dtype="Int64")
    has_split = excused is not None or unexcused is not None
    # Blank "Có lý do" / "Không lý do" cells mean nobody, as people fill them in.
    excused_filled = excused.fillna(0) if excused is not None else zeros
    unexcused_filled = unexcused.fillna(0) if unexcused is not None else zeros
    split_sum = excused_filled + unexcused_filled
    absent = total if total is not None else (split_sum if has_split else None)

    if expected is None:
        expected = attended + absent if attended is not None and absent is not None else None
    elif attended is None and absent is not None:
        attended = expected - absent
    if expected is None or attended is None:
        missing = "số phải học (expected)" if expected is None else "số có mặt (attended)"
        reject(pd.Series(True, index=data.index),
               f"bảng không có cột {missing} và không suy ra được (missing count column)")
        expected = expected if expected is not None else zeros
        attended = attended if attended is not None else zeros
    reject(expected.isna(), "thiếu số phải học (missing expected count)")
    reject(attended.isna(), "thiếu số có mặt (missing attended count)")
    if total is not None:
        reject(total.isna() & ~has_split, "thiếu số vắng (missing absent count)")

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
        reject(split_sum != absent_all,
               "phải học ≠ có mặt + vắng có lý do + vắng không lý do (inconsistent counts)")
    frame["absent_unspecified"] = absent_all - split_sum


def _reconcile_totals(body, kinds, header: Header, source_file: str,
                      sheet: str) -> list[dict]:
    """Each totals row against the data rows it sums.

    A subtotal ("Cộng") sums the rows since the previous totals row; a grand total sums every
    data row above it. A totals row that matches either is right; otherwise the mismatch is
    reported against the rows since the previous totals row.
    """
    checks = []
    fields = [name for name in COUNT_FIELDS if name in header.columns]
    if not fields:
        return checks
    is_data = (kinds == "data").to_numpy()
    parsed = {name: parse_counts(body[name])[0].fillna(0).to_numpy() for name in fields}
    segment_start = 0
    for position, kind in enumerate(kinds.tolist()):
        if kind != "totals":
            continue
        totals_row = body.iloc[position]
        for name in fields:
            stated, _ = parse_counts(pd.Series([totals_row[name]], dtype=object))
            if pd.isna(stated.iloc[0]):
                continue
            stated_value = int(stated.iloc[0])
            values = parsed[name]
            segment_sum = int(values[segment_start:position][is_data[segment_start:position]].sum())
            above_sum = int(values[:position][is_data[:position]].sum())
            matched = stated_value in (segment_sum, above_sum)
            checks.append({
                "source_file": source_file,
                "sheet": sheet,
                "source_row": int(totals_row["source_row"]),
                "check": "totals_row",
                "column": header.labels[name],
                "stated": stated_value,
                "computed": stated_value if matched else segment_sum,
                "status": "ok" if matched else "mismatch",
            })
        segment_start = position + 1
    return checks


def _check_rates(data, candidates, header: Header) -> list[dict]:
    """A typed rate never overrides the counts; a disagreement is reported."""
    if "rate" not in header.columns or header.shape != "summary":
        return []
    checks = []
    usable = candidates["reason"].isna() & (candidates["expected"] > 0)
    for index in candidates.index[usable.fillna(False)]:
        stated = parse_rate(data.at[index, "rate"])
        if stated is None:
            continue
        computed = candidates.at[index, "attended"] / candidates.at[index, "expected"]
        if abs(stated - computed) > RATE_TOLERANCE:
            checks.append({
                "source_file": candidates.at[index, "source_file"],
                "sheet": candidates.at[index, "sheet"],
                "source_row": int(candidates.at[index, "source_row"]),
                "check": "rate_column",
                "column": header.labels["rate"],
                "stated": round(stated, 4),
                "computed": round(float(computed), 4),
                "status": "mismatch",
            })
    return checks


def _per_value(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """`values.map(function)`, calling the function once per distinct value.

    A column of a thousand rows holds a few markers, units or classes: the function runs on
    those few and the results are spread back by position, which is what makes a city's
    million rows cheap. pandas counts True as 1 and False as 0 when it factorises, so a
    boolean cell (rare) is mapped on its own.
    """
    array = values.to_numpy(dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=False)
    lookup = pd.Series([function(value) for value in uniques])
    mapped = lookup.take(codes).set_axis(values.index)
    ambiguous = [code for code, value in enumerate(uniques)
                 if isinstance(value, (int, float)) and value in (0, 1)]
    if ambiguous:
        for position in np.flatnonzero(np.isin(codes, ambiguous)):
            if isinstance(array[position], bool):
                mapped.iloc[position] = function(array[position])
    return mapped


def _memo(function):
    """Apply a function once per distinct value: a column repeats the same few values."""
    cache: dict = {}

    def wrapper(value):
        if value not in cache:
            cache[value] = function(value)
        return cache[value]

    return wrapper

"""A campaign folder -> validated attendance records, rejects and the row accounting.

Rows read = rows accepted + rows rejected, per sheet, per file and in total; a file that
cannot be read at all is one reject line naming it, and the run goes on.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import CODE_VERSION
from analysis.cache import ParseCache, cache_key
from analysis.campaign import CONFIG_NAME, Campaign
from analysis.formatting import in_language
from analysis.inputs import (
    MAYBE_REPORT_SUFFIXES,
    UNREAD_SPREADSHEET_SUFFIXES,
    discover,
    other_campaigns,
    sha256_file,
)
from analysis.privacy import Privacy, load_or_create_salt, person_word
from analysis.read import BlankCells, ReadError, SheetGrid, blank_cells, hidden_rows, read_sheets
from analysis.sheet import (
    CANDIDATE_COLUMNS,
    GUEST_REASON,
    NO_FIGURES_REASON,
    NON_MEMBER_REASON,
    ParsedFile,
    SheetResult,
    file_report,
    read_tables,
)
from analysis.units import make_resolver
from analysis.validate import REJECT_COLUMNS, REJECT_PLACE_COLUMNS, split_accepted

CHECK_COLUMNS = ("source_file", "sheet", "source_row", "check", "column", "stated", "computed",
                 "status", "from_row", "to_row")


@dataclass
class Ingest:
    campaign: Campaign
    records: pd.DataFrame
    rejects: pd.DataFrame
    checks: pd.DataFrame  # totals-row and rate-column reconciliations
    files: list[dict] = field(default_factory=list)  # manifest entries, one per input file
    ignored_files: list[str] = field(default_factory=list)
    cache_hits: int = 0
    cache_misses: int = 0
    # A table's rows of people who came but are no members (`NON_MEMBER_COLUMNS`): what a
    # whole reported elsewhere may have counted with the members (`quality._settle_levels`).
    non_members: pd.DataFrame | None = None

    @property
    def rows_read(self) -> int:
        return sum(entry["rows_read"] for entry in self.files)

    @property
    def mismatches(self) -> pd.DataFrame:
        return self.checks[self.checks["status"] == "mismatch"]


def ingest_campaign(
    campaign: Campaign,
    progress: Callable[[int, int, str], None] | None = None,
    *,
    privacy: Privacy | None = None,
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> Ingest:
    """Parse every file (in parallel, from the cache when unchanged), then validate all rows.

    `progress(done, total, file)` is called as files finish, for a progress bar.
    """
    privacy = privacy or Privacy(salt=load_or_create_salt(), person=person_word(campaign.lang))
    paths, ignored = discover(campaign.raw_dir)
    relatives = [path.relative_to(campaign.raw_dir).as_posix() for path in paths]
    hashes = [sha256_file(path) for path in paths]
    sizes = [path.stat().st_size for path in paths]
    config_sha256 = sha256_file(campaign.raw_dir / CONFIG_NAME)
    # Names are kept in the outputs only when asked, never in the cache, which outlives the
    # run (QA round 95 #3: a --names run's entries kept the names in .cache/).
    cache = ParseCache(cache_dir) if cache_dir and not privacy.keep_names else None
    keys = [cache_key(file_sha256=digest, relative=relative, config_sha256=config_sha256,
                      version=CODE_VERSION, privacy=privacy.fingerprint)
            for relative, digest in zip(relatives, hashes, strict=True)]

    parsed: list[ParsedFile | None] = [None] * len(keys)
    if cache:
        # Reading parquet releases the GIL: a city's six hundred entries load side by side.
        with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            parsed = list(pool.map(cache.load, keys))
    todo = [index for index, result in enumerate(parsed) if result is None]
    cache_hits = len(keys) - len(todo)
    done = len(paths) - len(todo)
    if progress:
        progress(done, len(paths), "")
    # Largest first: the last files to finish are small ones, and no core waits long idle.
    todo.sort(key=lambda index: -sizes[index])
    jobs = [(paths[index], relatives[index], keys[index]) for index in todo]
    context = ParseContext(campaign, privacy, cache_dir if cache else None)
    for index, result in zip(todo, _parse_all(jobs, context, workers), strict=True):
        parsed[index] = result
        done += 1
        if progress:
            progress(done, len(paths), relatives[index])

    tables, file_rejects, files = [], [], []
    resolver = make_resolver(campaign.units)
    for relative, digest, size, result in zip(relatives, hashes, sizes, parsed, strict=True):
        refused = len(file_rejects)
        entry = {"file": relative, "sha256": digest, "bytes": size,
                 "status": result.status, "sheets": result.sheets}
        if result.status == "unreadable":
            entry["error"] = result.error
            file_rejects.append({"source_file": relative, "sheet": pd.NA, "source_row": pd.NA,
                                 "reason": _unreadable(*UNREADABLE_FILE, result.error),
                                 "raw": ""})
        file_rejects.extend(
            {"source_file": relative, "sheet": sheet.sheet, "source_row": pd.NA,
             "reason": _unreadable("không đọc được trang tính", "unreadable sheet",
                                   sheet.error), "raw": ""}
            for sheet in result.sheets if sheet.status == "unreadable"
        )
        statuses = {sheet.status for sheet in result.sheets}
        across = _units_across(result, relative, campaign, resolver)  # placed already
        if result.status == "read" and "blank_form" in statuses \
                and statuses <= {"empty", "no_table", "blank_form"} and not across:
            # A blank form: a template left in the folder adds nothing (README), but one its
            # name gives to a unit is that unit's report sent unfilled (QA round 67 #5: "no
            # header found" for a form whose header is there, sent back to nobody).
            if file_report(relative, campaign, resolver)[1] is not None:
                file_rejects.append({
                    "source_file": relative, "sheet": pd.NA, "source_row": pd.NA,
                    "reason": "tệp chỉ có biểu mẫu chưa điền số liệu: đề nghị đơn vị điền rồi "
                              "gửi lại (a blank form, nothing filled in)", "raw": ""})
        elif result.status == "read" and statuses <= {"empty", "no_table"} and not across:
            # A file that gave nothing is named, not passed over: it may be the wrong file.
            questions = [question for sheet in result.sheets
                         for question in sheet.form_questions]
            file_rejects.append({"source_file": relative, "sheet": pd.NA, "source_row": pd.NA,
                                 "reason": "tệp trống (empty file)" if statuses <= {"empty"}
                                 else FORM_REASON.format(questions="', '".join(questions))
                                 if questions
                                 else "tệp không có bảng điểm danh nào: không tìm thấy dòng "
                                      "tiêu đề cột (no attendance table in the file)",
                                 "raw": ""})
        if len(file_rejects) > refused:
            # Worked out only for the few files refused whole: a name is looked for among
            # every unit's, which a city of six hundred makes slow.
            phase, unit = file_report(relative, campaign, resolver)
            # Else the units a form's answers name, each told why (QA round 99 #2).
            named = list(dict.fromkeys(answered for sheet in result.sheets
                                       for answered in sheet.form_units))
            for line in file_rejects[refused:]:
                line.update(phase=phase, ward=unit or (named[0] if named else None))
            if unit is None and len(named) > 1 and len(file_rejects) == refused + 1:
                file_rejects += [{**file_rejects[refused], "ward": other}
                                 for other in named[1:]]
        file_rejects.extend(across)
        if result.rows is not None:
            tables.append(result.rows)
        files.append(entry)

    # Rows the parse rejected are split off file by file (a few); the rest join untouched.
    kept, rejected = [], []
    for table in tables:
        has_reason = pc.is_valid(table["reason"])
        if pc.any(has_reason).as_py():
            kept.append(table.filter(pc.invert(has_reason)))
            rejected.append(table.filter(has_reason))
        else:
            kept.append(table)
    refused_rows = candidate_frame(rejected)
    records, rejects = split_accepted(candidate_frame(kept), refused_rows)
    rejects = _rows_of_the_files_unit(rejects, records, campaign, resolver)
    file_rejects += _unread_reports(ignored, records, campaign, resolver)
    rejects = pd.concat([_concat([pd.DataFrame(file_rejects)],
                                 (*REJECT_COLUMNS, *REJECT_PLACE_COLUMNS)), rejects],
                        ignore_index=True) if file_rejects else rejects
    # Kept as Python values: a head count stays 409, not 409.0 beside a rate of 0.96.
    checks = _concat([pd.DataFrame([check for entry in files for sheet in entry["sheets"]
                                    for check in sheet.checks], dtype=object)], CHECK_COLUMNS)
    accepted = rows_by_sheet(records)
    rejected = rows_by_sheet(rejects[rejects["source_row"].notna()])
    manifest_files = [_file_manifest(entry, accepted, rejected) for entry in files]
    rejects = _sorted(rejects, ["source_file", "sheet", "source_row"])
    ingest = Ingest(campaign, records, rejects, checks, manifest_files, ignored,
                    non_members=_non_members(refused_rows))
    if cache:
        ingest.cache_hits, ingest.cache_misses = cache_hits, len(todo)
    return ingest


NON_MEMBER_COLUMNS = ("source_file", "sheet", "phase", "ward", "session", "cell", "expected",
                      "attended")


def _non_members(refused: pd.DataFrame) -> pd.DataFrame:
    """The rows of a table of counts refused as non-members or guests ("Quần chúng" among a
    district class's groups), with their figures: a compilation's figure for the class may
    count them with its members (QA round 92 #2)."""
    reasons = refused["reason"].astype("string").fillna("")
    chosen = (refused["shape"] == "summary").fillna(False).to_numpy(dtype=bool) \
        & reasons.str.startswith((NON_MEMBER_REASON, GUEST_REASON)).to_numpy(dtype=bool)
    # Guests apart: a compilation may count the non-members and not the guests (QA round 96
    # #1: 65/61 for 45/43 members, 20/18 non-members and 6/6 guests, held out).
    return refused.loc[chosen, list(NON_MEMBER_COLUMNS)].assign(
        guest=reasons[chosen].str.startswith(GUEST_REASON).to_numpy(dtype=bool)
    ).reset_index(drop=True)


# How a file that could not be read begins its reject line, in each language (`_unreadable`).
UNREADABLE_FILE = ("không đọc được tệp", "unreadable file")


def _unreadable(vietnamese: str, english: str, error: str | None) -> str:
    """"không đọc được tệp: <why> (unreadable file: <why>)": each language whole, so that a
    campaign's outputs keep their own (QA round 63 #4: "(unreadable file)" stayed in a
    Vietnamese follow-up sheet)."""
    error = error or ""
    return f"{vietnamese}: {in_language(error, 'vi')} ({english}: {in_language(error, 'en')})"


def _units_across(result: ParsedFile, relative: str, campaign: Campaign, resolver) -> list[dict]:
    """A reject line for each unit a sheet turned on its side names (`sheet._units_across`)
    that no table of the file counts: the unit sent its figures, and is told why they were
    not read, not chased as missing; beside a table of the same units (a chart's data), it
    is nothing to send back (QA round 56: such a sheet beside a table was passed over)."""
    sheets = [(sheet.sheet, sheet.units_across) for sheet in result.sheets
              if sheet.units_across]
    if not sheets:
        return []
    counted = set(result.rows.column("ward").to_pylist()) if result.rows is not None else set()
    phase, _ = file_report(relative, campaign, resolver)
    return [{"source_file": relative, "sheet": name, "source_row": pd.NA,
             "reason": ACROSS_REASON.format(units=", ".join(units)), "raw": unit,
             "phase": phase, "ward": unit}
            for name, units in sheets for unit in units if unit not in counted]


FORM_REASON = (
    "câu trả lời biểu mẫu có câu hỏi không đọc được ('{questions}'): không biết ai có mặt, ai "
    "vắng; hãy gửi bảng có cột Điểm danh (x / v), hoặc biểu mẫu chỉ hỏi họ tên, chi bộ, đơn "
    "vị (a form's answers with a question not read: who came is not known)")
ACROSS_REASON = (
    "bảng xoay ngang: tên đơn vị ({units}) nằm trên một hàng, số liệu ở các cột bên dưới; "
    "hãy lập lại bảng mỗi đơn vị một dòng (Đơn vị | Tổng số đảng viên | Có mặt | Vắng) rồi "
    "gửi lại (a table turned on its side, the units across one row: one row per unit is "
    "read)")


def _unread_reports(ignored: list[str], records: pd.DataFrame, campaign: Campaign,
                    resolver) -> list[dict]:
    """A reject line for each photo, PDF, Word file or archive (`MAYBE_REPORT_SUFFIXES`) its
    name gives to a unit ("viet-hung-gd1.jpg") that had no row counted in the file's phase:
    the unit sent its report, not readable, and is asked for it as a spreadsheet. Passed
    over, the ward was chased as not having sent one (QA round 40). Another campaign's folder
    is no report."""
    others = [PurePosixPath(folder) for folder in other_campaigns(ignored)]
    counted: set[tuple[str, str]] | None = None  # (phase, unit) with rows, found once if asked
    lines = []
    for relative in ignored:
        path = PurePosixPath(relative)
        if path.suffix.lower() not in MAYBE_REPORT_SUFFIXES \
                or any(folder in path.parents for folder in others):
            continue
        phase, unit = file_report(relative, campaign, resolver)
        if unit is None:
            continue
        if counted is None:
            pairs = records[["phase", "ward"]].astype("string").dropna().drop_duplicates()
            counted = set(zip(pairs["phase"], pairs["ward"], strict=True))
        if any(ward == unit and phase in (None, counted_phase)
               for counted_phase, ward in counted):
            continue
        kind = path.suffix.lower()
        # A spreadsheet of a format not read is one (QA round 46: a .fods "not a spreadsheet").
        reason = (f"tệp {kind} là bảng tính dạng chưa đọc được: hãy mở rồi lưu lại dạng .xlsx "
                  f"(a {kind} spreadsheet, a format not read: save it again as .xlsx)"
                  if kind in UNREAD_SPREADSHEET_SUFFIXES else
                  f"tệp {kind} không phải bảng tính, không đọc được số liệu: hãy xin đơn vị gửi "
                  f"lại dạng .xlsx theo mẫu (a {kind} file, not a spreadsheet)")
        lines.append({"source_file": relative, "sheet": pd.NA, "source_row": pd.NA,
                      "reason": reason, "raw": "", "phase": phase, "ward": unit})
    return lines


def _rows_of_the_files_unit(rejects: pd.DataFrame, records: pd.DataFrame, campaign: Campaign,
                           resolver) -> pd.DataFrame:
    """Rejected rows of no known unit ("Đức Giag") in a file its name gives to a unit
    ("duc-giang.xlsx") whose counted rows, if any, are all that unit's: the unit's rows, to
    be sent back to it. Left to no one, the ward was told it had sent nothing and its row
    went to nobody's sheet (QA round 40). A file of several units' rows keeps them no one's.
    Worked out only for the few files with such rows."""
    if rejects.empty or not {"ward", "phase"} <= set(rejects.columns):
        return rejects
    unplaced = rejects["ward"].isna() & rejects["source_row"].notna()
    if not unplaced.any():
        return rejects
    named = rejects.loc[unplaced, "source_file"].unique().tolist()
    theirs = records[records["source_file"].isin(named)] if len(records) else records
    counted = theirs.groupby("source_file", observed=True)["ward"].agg(
        lambda wards: set(wards.dropna().astype(str))) if len(theirs) else pd.Series()
    rejects = rejects.copy()
    for source_file in named:
        phase, unit = file_report(source_file, campaign, resolver)
        if unit is None or not counted.get(source_file, set()) <= {unit}:
            continue
        mine = unplaced & (rejects["source_file"] == source_file)
        rejects.loc[mine, "ward"] = unit
        if phase is not None:
            rejects.loc[mine & rejects["phase"].isna(), "phase"] = phase
    return rejects


def parse_file(path: Path, relative: str, campaign: Campaign, privacy: Privacy) -> ParsedFile:
    """One file -> its sheets' candidate rows; an unreadable file is a result, not an error."""
    resolver = make_resolver(campaign.units)
    try:
        grids = read_sheets(path, relative)
    except ReadError as error:
        return ParsedFile("unreadable", str(error), [], None)
    sheets, rows = read_tables(grids, campaign, resolver, privacy)
    sheets, rows = _hidden_rows_put_away(path, grids, sheets, rows, campaign, resolver, privacy)
    if (rows is None or rows.num_rows == 0) and (unsaved := _unsaved_formulas(path, sheets)):
        return ParsedFile("unreadable", unsaved, sheets, rows)
    return ParsedFile("read", None, sheets, _explain_blank_formulas(path, rows))


def _hidden_rows_put_away(path: Path, grids: list[SheetGrid], sheets: list[SheetResult],
                          rows: pa.Table | None, campaign: Campaign, resolver, privacy: Privacy
                          ) -> tuple[list[SheetResult], pa.Table | None]:
    """Rows hidden by hand in an .xlsx or .ods whose totals row adds up the rows shown
    without them are left out, each listed in rejects.csv as hidden (QA round 89 #2: an old
    "Chi bộ 2" line hidden above its correction was counted with it, 267/259 for the 203/196
    the sheet's "Tổng cộng" and the rows on screen say).

    Only where the totals do not add up with the hidden rows and do without them: a hidden
    row the totals count is data, and one of a filtered sheet is data filtered
    (`hidden_rows`). The sheet is read again with those rows blank, and that reading is kept
    only if it changes nothing but the totals' checks."""
    mismatched = {sheet.sheet for sheet in sheets for check in sheet.checks
                  if check["check"] == "totals_row" and check["status"] == "mismatch"}
    if not mismatched or rows is None or not zipfile.is_zipfile(path):
        return sheets, rows
    hidden = hidden_rows(path, mismatched)
    if not hidden:
        return sheets, rows
    sheet_names = rows.column("sheet").to_pylist()
    source_rows = rows.column("source_row").to_pylist()
    reasons = rows.column("reason").to_pylist()
    put_away = [position for position, (sheet, row, reason)
                in enumerate(zip(sheet_names, source_rows, reasons, strict=True))
                if reason is None and row in hidden.get(sheet, ())]
    if not put_away:
        return sheets, rows
    blanked = {(sheet_names[position], source_rows[position]) for position in put_away}
    regrids = [dataclasses.replace(grid, rows=[[None] * len(cells)
                                               if (grid.sheet, number) in blanked else cells
                                               for number, cells in enumerate(grid.rows, 1)])
               if grid.sheet in {sheet for sheet, _ in blanked} else grid for grid in grids]
    again, again_rows = read_tables(regrids, campaign, resolver, privacy)
    left_out = set(put_away)
    kept = pa.array([position not in left_out for position in range(rows.num_rows)])
    if again_rows is None or not again_rows.equals(rows.filter(kept)) or any(
            check["check"] == "totals_row" and check["status"] == "mismatch"
            for sheet in again if sheet.sheet in mismatched for check in sheet.checks):
        return sheets, rows
    raws = rows.column("raw").to_pylist()
    if any(raws[position] is None for position in put_away):
        # A roll-call's accepted rows carry no text (`sheet._settle_rows`): read once more
        # for theirs (QA round 96 #5: a hidden person's row listed with an empty `raw`).
        _, shown = read_tables(grids, campaign, resolver, privacy, shown=blanked)
        texts = shown.column("raw").to_pylist()
        for position in put_away:
            raws[position] = texts[position]
    totals_of = {sheet.sheet: sheet.totals_rows for sheet in sheets}
    for position in put_away:
        # The totals row below it, else the one above it (a total typed over its rows: QA
        # round 93 #5, "hàng ?").
        row = source_rows[position]
        reasons[position] = HIDDEN_ROW_REASON.format(row=min(
            totals_of[sheet_names[position]], key=lambda total: (total < row, abs(total - row)),
            default="?"))
    for sheet, read_again in zip(sheets, again, strict=True):
        sheet.checks = read_again.checks
    rows = rows.set_column(rows.schema.get_field_index("raw"), rows.schema.field("raw"),
                           pa.array(raws, type=rows.schema.field("raw").type))
    return sheets, rows.set_column(rows.schema.get_field_index("reason"), "reason",
                                   pa.array(reasons, type=pa.large_string()))


HIDDEN_ROW_REASON = (
    "hàng bị ẩn trong bảng tính, không tính: dòng tổng cộng (hàng {row}) khớp với các hàng "
    "đang hiện, không có hàng này; nếu phải tính hàng này, hãy bỏ ẩn, sửa dòng tổng cộng rồi "
    "gửi lại (a row hidden in the sheet, left out: the totals row {row} adds up the rows "
    "shown without it)")
HIDDEN_ROW_PREFIX = HIDDEN_ROW_REASON.partition("{")[0]


def _unsaved_formulas(path: Path, sheets: list[SheetResult]) -> str | None:
    """Why a workbook whose tables gave no row at all cannot be read, when the rows under
    their headers hold formulas with no saved result (`blank_cells`): every mark or count
    reads blank, and the rows were taken for the text below the table (QA round 48: a
    roll-call of =IF(...) marks written by a program that does not calculate gave nothing,
    and its ward was chased as not reported). Roll-calls only: their people are typed, their
    marks computed; a table of counts whose formulas add up figures nobody typed is a blank
    form, its unit not yet reported (QA round 50)."""
    below = {sheet.sheet: set(sheet.footer_rows) for sheet in sheets
             if sheet.status == "table" and sheet.shape == "roster" and sheet.footer_rows}
    found = blank_cells(path, below)
    cells = [cell for rows in found.values() for blank in rows.values()
             for cell in blank.unsaved]
    if not cells:
        return None
    shown = ", ".join(cells[:3]) + (f" (+{len(cells) - 3})" if len(cells) > 3 else "")
    return f"bảng không có dòng nào đọc được: {UNSAVED_FORMULA_REASON.format(cells=shown)}"


UNSAVED_FORMULA_REASON = (
    "ô {cells} là công thức chưa có kết quả lưu trong tệp (tệp do một chương trình không "
    "tính công thức tạo ra): hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại và gửi lại "
    "(a formula with no saved result: open the file in Excel or LibreOffice, save it and "
    "send it again)")


# Reasons a formula with no saved value causes: the cell reads blank.
BLANK_CELL_REASONS = ("(missing expected count)", "(missing attended count)",
                      "(blank roll-call marker)", NO_FIGURES_REASON)
# ... and an Excel error value ("#N/A" from a VLOOKUP), in a count or a unit's name.
ERROR_CELL_REASONS = (*BLANK_CELL_REASONS, "(missing unit name)")


def _explain_blank_formulas(path: Path, rows: pa.Table | None) -> pa.Table | None:
    """Rows refused for a blank count whose cell is a formula never calculated get the
    reason that helps: open the file in Excel and save it, not "the count is missing". Rows
    refused for a blank cell holding an Excel error ("#REF!") have the error named, in the
    reason and in the row's text."""
    if rows is None or path.suffix.lower() not in (".xlsx", ".xlsm") \
            or rows.column("reason").null_count == rows.num_rows:
        return rows  # most files: no row refused, no reason turned into Python
    reasons = rows.column("reason").to_pylist()
    blank = [position for position, reason in enumerate(reasons)
             if reason and reason.endswith(ERROR_CELL_REASONS)]
    if not blank:
        return rows
    sheets, source_rows = rows.column("sheet").to_pylist(), rows.column("source_row").to_pylist()
    by_sheet: dict[str, set[int]] = {}
    for position in blank:
        by_sheet.setdefault(sheets[position], set()).add(source_rows[position])
    causes = blank_cells(path, by_sheet)
    raws = rows.column("raw").to_pylist()
    for position in blank:
        cells = causes.get(sheets[position], {}).get(source_rows[position]) or BlankCells()
        if cells.errors:
            reasons[position], raws[position] = _error_reason(reasons[position], raws[position],
                                                              cells.errors)
        elif cells.unsaved and reasons[position].endswith(BLANK_CELL_REASONS):
            reasons[position] = UNSAVED_FORMULA_REASON.format(cells=", ".join(cells.unsaved))
    rows = rows.set_column(rows.schema.get_field_index("reason"), "reason",
                           pa.array(reasons, type=pa.large_string()))
    return rows.set_column(rows.schema.get_field_index("raw"), rows.schema.field("raw"),
                           pa.array(raws, type=rows.schema.field("raw").type))


def _error_reason(reason: str, raw: str | None, errors: list[tuple[int, str, str]]
                  ) -> tuple[str, str | None]:
    """The reason with the row's Excel errors named ("thiếu số có mặt: ô D7 có lỗi công
    thức #REF!"), and the row's text showing them where it showed blank cells."""
    vietnamese, _, english = reason.rpartition(" (")
    said = ", ".join(f"ô {cell} có lỗi công thức {error}" for _, cell, error in errors)
    told = ", ".join(f"a formula error {error} in cell {cell}" for _, cell, error in errors)
    reason = f"{vietnamese}: {said} ({english.removesuffix(')')}: {told})"
    if raw is None:
        return reason, raw
    shown = raw.split(" | ")
    for column, _, error in errors:
        shown += [""] * (column + 1 - len(shown))
        if shown[column] == "":
            shown[column] = error
    return reason, " | ".join(shown)


def candidate_frame(tables: list[pa.Table]) -> pd.DataFrame:
    """Every file's rows as one frame: joined as Arrow tables, converted to pandas once."""
    if not tables:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in CANDIDATE_COLUMNS})
    # Whole numbers stay nullable integers (a rejected row may have no count).
    return pa.concat_tables(tables).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 8


@dataclass(frozen=True)
class ParseContext:
    """What every file's parse shares: sent to each worker once, not with every file (a
    city's campaign, its six hundred units, pickles to some 30 KB)."""
    campaign: Campaign
    privacy: Privacy
    cache_dir: Path | None
    handoff: Path | None = None  # where workers leave their rows (`_parse_job`)


def _parse_all(jobs: list[tuple[Path, str, str]], context: ParseContext,
               workers: int | None) -> Iterator[ParsedFile]:
    """Results in job order; files are parsed in worker processes when there are enough.

    A worker hands its rows back through an Arrow file, and the result it pickles carries
    only the sheets: a city's rows are some 300 MB, which a pipe and a pickle copy several
    times over in the main process, on a CPU the workers need. Files go out one at a time,
    so that no worker sits idle at the end while the other finishes a batch."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(jobs) < PARALLEL_MIN_FILES:
        for job in jobs:
            yield _parse_job(job, context)[0]
        return
    with tempfile.TemporaryDirectory(prefix="analysis-rows-") as folder:
        shared = dataclasses.replace(context, handoff=Path(folder))
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_started,
                                 initargs=(shared,)) as pool:
            for parsed, rows_path in pool.map(_parse_in_worker, jobs):
                if rows_path is not None:
                    parsed.rows = _take_rows(rows_path)
                yield parsed


# A parse's garbage is mostly lists of cells and Python strings, freed by reference
# counting: looking for cycles among them every 700 allocations, as Python does by default,
# costs a parse some 5% of its CPU. The run sets the same (cli.run_garbage_collection).
GC_THRESHOLD = 10_000

_worker_context: ParseContext | None = None


def _worker_started(context: ParseContext) -> None:
    """Keeps the run's shared context for the worker's files. Objects inherited from the
    main process are left out of the worker's cycle collections, which are made rarer
    (`GC_THRESHOLD`): the process only parses, then ends. A forked worker has this from its
    run already; a spawned one (Windows, macOS) only from here."""
    global _worker_context
    _worker_context = context
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _parse_in_worker(job: tuple[Path, str, str]) -> tuple[ParsedFile, Path | None]:
    return _parse_job(job, _worker_context)


def _parse_job(job: tuple[Path, str, str], context: ParseContext
               ) -> tuple[ParsedFile, Path | None]:
    """Parse one file and, with a cache, store it there from the process that parsed it.

    With a hand-off folder the rows are written there as an Arrow file, and returned as
    its path instead of in the result (`_parse_all`)."""
    path, relative, key = job
    parsed = parse_file(path, relative, context.campaign, context.privacy)
    if context.cache_dir is not None:
        ParseCache(context.cache_dir).store(key, relative, parsed)
    if context.handoff is None or parsed.rows is None:
        return parsed, None
    rows_path = context.handoff / f"{key}.arrow"
    try:
        with pa.OSFile(str(rows_path), "wb") as sink, \
                pa.ipc.new_file(sink, parsed.rows.schema) as writer:
            writer.write_table(parsed.rows)
    except OSError:  # a full disk: the rows go back the slow way
        rows_path.unlink(missing_ok=True)
        return parsed, None
    return dataclasses.replace(parsed, rows=None), rows_path


def _take_rows(rows_path: Path) -> pa.Table:
    """A worker's rows (`_parse_job`), their file removed at once. On POSIX the file is
    mapped, not read: no copy of it is made here, and a mapping outlives its file's name;
    Windows removes no file in use, so there it is read into memory first."""
    if os.name == "posix":
        rows = pa.ipc.open_file(pa.memory_map(str(rows_path))).read_all()
    else:
        with pa.OSFile(str(rows_path)) as source:
            rows = pa.ipc.open_file(source).read_all()
    rows_path.unlink()
    return rows


def rows_by_sheet(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Rows per (source_file, sheet), counted once for the whole campaign.

    Plain string keys: looking a missing key up in a categorical index can overflow.
    """
    if frame.empty:
        return {}
    counts = frame.groupby(["source_file", "sheet"], observed=True).size()
    return {(str(file), str(sheet)): int(count) for (file, sheet), count in counts.items()}


def _file_manifest(entry: dict, accepted: dict, rejected: dict) -> dict:
    """Row accounting per file and sheet: read = accepted + rejected."""
    sheets = []
    for sheet in entry["sheets"]:
        sheet: SheetResult
        key = (entry["file"], sheet.sheet)
        n_accepted = accepted.get(key, 0)
        n_rejected = rejected.get(key, 0)
        sheets.append({
            "sheet": sheet.sheet,
            "hidden": sheet.hidden,
            "status": sheet.status,
            "shape": sheet.shape,
            "error": sheet.error,
            "header_row": sheet.header_row,
            "rows_read": sheet.rows_read,
            "rows_accepted": n_accepted,
            "rows_rejected": n_rejected,
            "totals_rows": sheet.totals_rows,
            "footer_rows": sheet.footer_rows,
            "ignored_rows": sheet.ignored_rows,
            "headers_below": sheet.headers_below,
            "report_date": sheet.report_date,
            "report_date_source": sheet.report_date_source,
            "unit_dates": sheet.unit_dates,
            "unread_columns": sheet.unread_columns,
            "sessions_not_held": sheet.sessions_not_held,
            "units_spelled": sheet.units_spelled,
            "phase_named": sheet.phase_named,
            "phases_side_by_side": sheet.phases_side_by_side,
            "reconciliation": [
                {key: check.get(key) for key in ("source_row", "check", "column", "stated",
                                                 "computed", "status", "from_row", "to_row")}
                for check in sheet.checks
            ],
        })
    manifest = {key: entry[key] for key in ("file", "sha256", "bytes", "status")}
    if entry["status"] == "unreadable":
        manifest.update(error=entry["error"], rows_read=0, rows_accepted=0, rows_rejected=0,
                        sheets=[])
        return manifest
    manifest.update(
        rows_read=sum(sheet["rows_read"] for sheet in sheets),
        rows_accepted=sum(sheet["rows_accepted"] for sheet in sheets),
        rows_rejected=sum(sheet["rows_rejected"] for sheet in sheets),
        sheets=sheets,
    )
    return manifest


def _concat(frames: list[pd.DataFrame], columns) -> pd.DataFrame:
    frames = [frame for frame in frames if frame is not None and not frame.empty]
    if not frames:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    return pd.concat(frames, ignore_index=True).reindex(columns=list(columns))


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)

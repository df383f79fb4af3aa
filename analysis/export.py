"""Writing outputs: byte-identical from run to run, never half-written, safe to open in Excel.

A run writes into a staging folder next to the final one and swaps it in at the end, so a run
killed half way leaves the previous outputs as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import multiprocessing
import os
import pickle
import re
import shutil
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import orjson
import pandas as pd
from filelock import FileLock, Timeout
from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from analysis.formatting import format_date, format_percent, in_language, rate_decimals

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_DOC_TIME = dt.datetime(2000, 1, 1)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RATE_DECIMALS = 6

HEADERS = {
    "vi": {
        "phase": "Giai đoạn", "ward": "Đơn vị", "kind": "Loại đơn vị", "session": "Lớp / buổi",
        "expected": "Số phải học", "attended": "Có mặt", "absent_excused": "Vắng có lý do",
        "absent_unexcused": "Vắng không lý do", "absent_unspecified": "Vắng (không rõ lý do)",
        "rate": "Tỷ lệ tham dự", "shortfall": "Số người (hoặc lượt) cần thêm để đạt chỉ tiêu",
        "source_file": "Tệp", "sheet": "Trang tính", "source_row": "Dòng", "reason": "Lý do",
        "raw": "Nội dung dòng", "check": "Kiểm tra", "column": "Cột", "stated": "Số ghi trong tệp",
        "computed": "Số tính lại", "status": "Kết quả", "from_row": "Cộng từ dòng",
        "to_row": "Đến dòng",
        # analysis.quality: completeness, flags, held-out copies
        "units_reported": "Đơn vị đã báo cáo", "units_expected": "Đơn vị phải báo cáo",
        "units_unexpected": "Đơn vị ngoài danh sách (có trong tỷ lệ)",
        "reported": "Đã báo cáo", "source_files": "Tệp đã gửi",
        "expected_to_report": "Phải báo cáo", "rows_held_out": "Dòng chưa tính (trùng)",
        "report_date": "Ngày báo cáo", "report_date_source": "Ngày đọc từ",
        "deadline": "Hạn nộp", "timeliness": "Đúng hạn", "days_late": "Số ngày muộn",
        "rule": "Quy tắc", "severity": "Mức độ", "detail": "Chi tiết",
        "cell": "Chi bộ", "shape": "Dạng bảng", "person_key": "Mã người",
        "note": "Ghi chú",
    },
    "en": {
        "phase": "Phase", "ward": "Unit", "kind": "Kind", "session": "Class / session",
        "expected": "Expected", "attended": "Attended", "absent_excused": "Absent, excused",
        "absent_unexcused": "Absent, unexcused", "absent_unspecified": "Absent, no reason given",
        "rate": "Participation rate", "shortfall": "Attendees (or attendances) short of target",
        "source_file": "File", "sheet": "Sheet", "source_row": "Row", "reason": "Reason",
        "raw": "Row as written", "check": "Check", "column": "Column", "stated": "Stated",
        "computed": "Recomputed", "status": "Result", "from_row": "Summed from row",
        "to_row": "To row",
        "units_reported": "Units reported", "units_expected": "Units expected",
        "units_unexpected": "Units not listed (in the rate)",
        "reported": "Reported", "source_files": "Files received",
        "expected_to_report": "Expected to report", "rows_held_out": "Rows held out",
        "report_date": "Report date", "report_date_source": "Date read from",
        "deadline": "Deadline", "timeliness": "Timeliness", "days_late": "Days late",
        "rule": "Rule", "severity": "Severity", "detail": "Detail",
        "cell": "Party cell", "shape": "Table shape", "person_key": "Person key",
        "note": "Note",
    },
}
KIND_LABELS = {
    # A grassroots unit is a ward, a commune or a township, a district a quận or a huyện.
    "vi": {"ward": "Phường, xã", "committee": "Đảng bộ khác", "district": "Cấp quận, huyện"},
    "en": {"ward": "Ward or commune", "committee": "Other committee", "district": "District"},
}
# Codes in a column, as a person reads them: a unit's completeness (`status`, `timeliness`,
# `report_date_source` of completeness.csv) and a reconciliation check's result (`status` of
# reconciliation.csv). The
# CSVs keep the codes (the machine contract); summary.xlsx and the report show these words.
VALUE_LABELS = {
    "vi": {
        "status": {"reported": "đã báo cáo", "missing": "CHƯA BÁO CÁO",
                   "held_out": "gửi trùng, số khác nhau: chưa tính",
                   "partly_held_out": "tính một phần: có lớp hoặc chi bộ gửi trùng, số khác nhau "
                                      "chưa tính",
                   "partly_rejected": "tính một phần: có dòng bị loại chưa tính",
                   "rejected": "CÓ BÁO CÁO NHƯNG BỊ LOẠI (CẢ TỆP HOẶC MỌI DÒNG): chưa tính",
                   "unexpected": "báo cáo (không có trong danh sách)",
                   "ok": "khớp", "mismatch": "KHÔNG KHỚP",
                   "given_in_copy": "lệch vì dòng bị loại, bản gửi lại đã sửa dòng ấy và khớp"},
        "timeliness": {"on_time": "đúng hạn", "late": "MUỘN", "unknown": "không rõ ngày",
                       "no_deadline": "không đặt hạn", "": ""},
        "report_date_source": {"footer": "dòng ngày tháng cuối báo cáo",
                               "form": "ô Ngày báo cáo", "title": "phần tiêu đề",
                               "date_column": "cột ngày (ngày cuối)",
                               "sent": "thời gian gửi của đơn vị", "": ""},
        # What a reconciliation checked, whether it agrees or not (QA round 44: every check
        # read "Dòng tổng cộng không khớp", its rule's words, beside "khớp").
        "check": {"totals_row": "Dòng tổng cộng", "rate_column": "Cột tỷ lệ",
                  "unit_row": "Dòng của đơn vị so với các chi bộ"},
    },
    "en": {
        "status": {"reported": "reported", "missing": "NOT REPORTED",
                   "held_out": "sent twice, figures differ: not counted",
                   "partly_held_out": "partly counted: a class or party cell sent twice with "
                                      "different figures left out",
                   "partly_rejected": "partly counted: rejected rows left out",
                   "rejected": "REPORT RECEIVED BUT REJECTED (WHOLE FILE OR EVERY ROW): "
                               "not counted",
                   "unexpected": "reported (not listed)",
                   "ok": "agrees", "mismatch": "DISAGREES",
                   "given_in_copy": "differs by refused rows the copy counted gives; that copy "
                                    "agrees"},
        "timeliness": {"on_time": "on time", "late": "LATE", "unknown": "date unknown",
                       "no_deadline": "no deadline", "": ""},
        "report_date_source": {"footer": "date line at the end", "form": "report date field",
                               "title": "title block", "date_column": "date column (last date)",
                               "sent": "when the unit sent it", "": ""},
        "check": {"totals_row": "Totals row", "rate_column": "Rate column",
                  "unit_row": "Unit's row against its cells"},
    },
}


BOOLEAN_LABELS = {"vi": {True: "có", False: "không"}, "en": {True: "yes", False: "no"}}
# Columns of ISO dates ("2015-11-23") in the CSVs: dates for people in the tables for them.
DATE_COLUMNS = ("report_date", "deadline")
DATE_FORMAT_XLSX = "dd/mm/yyyy"  # as `formatting.format_date` writes one


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text that Excel would run as a formula (=, +, -, @ ...) gets a leading apostrophe."""
    result = frame.copy()
    for name in result.columns:
        if result[name].dtype == object:
            # Value by value, kept as they are: `map` would infer a dtype and make 409 a 409.0.
            result[name] = pd.Series([neutral_text(value) for value in result[name].tolist()],
                                     index=result.index, dtype=object)
        elif pd.api.types.is_string_dtype(result[name]):
            result[name] = result[name].map(neutral_text)
    return result


def neutral_text(value: object) -> object:
    """One value as `neutralise` writes it: text Excel would run as a formula gets a leading
    apostrophe, anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary name in the same folder, renamed over `path` only if writing succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
        os.chmod(temporary_path, 0o644)  # mkstemp's 0600 would hide outputs from colleagues
        os.replace(temporary_path, path)
    finally:
        temporary_path.unlink(missing_ok=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so that Excel on Windows shows the diacritics; rates rounded stably."""
    frame = neutralise(frame)
    if "rate" in frame:
        frame = frame.assign(rate=frame["rate"].round(RATE_DECIMALS))
    with atomic_path(path) as temporary:
        frame.to_csv(temporary, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as temporary:
        frame.to_parquet(temporary, index=False, engine="pyarrow", compression="zstd")


def write_json(data: dict, path: Path) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text(json_text(data), encoding="utf-8")


def json_text(data: object) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)` and a
    newline, character for character, from orjson when that gives the same text.

    json's indented mode is pure Python: half a second for a city's 13 MB manifest. orjson
    writes the same text except in corners (NaN, floats under 1e-4, enums, non-text keys),
    so it is trusted only when its compact text equals json's (C-accelerated) compact text:
    both indent the same text the same way.
    """
    try:
        fast = orjson.dumps(data, default=str, option=orjson.OPT_SORT_KEYS)
        same = fast == json.dumps(data, ensure_ascii=False, sort_keys=True, default=str,
                                  separators=(",", ":")).encode("utf-8")
    except (orjson.JSONEncodeError, UnicodeEncodeError):
        same = False
    if same:
        indented = orjson.dumps(data, default=str,
                                option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
        return indented.decode("utf-8") + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


def write_summary_xlsx(
    sheets: dict[str, pd.DataFrame], notes: list[tuple[str, str]], path: Path, *,
    lang: str, target: float, labels: dict[str, dict[str, str]] | None = None,
) -> None:
    """The tables for humans: translated headers, percent formats, frozen header, highlights.
    `labels`: `labelled`'s phase, rule and severity labels."""
    headers = HEADERS[lang]
    workbook = Workbook()
    workbook.remove(workbook.active)
    highlight = PatternFill("solid", fgColor="FDE2C8")
    bold = Font(bold=True)
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        frame = neutralise(frame)
        frame = labelled(frame, lang, **(labels or {}))
        sheet.append([headers.get(name, name) for name in frame.columns])
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in frame.itertuples(index=False):
            sheet.append([_excel_value(value) for value in row])
        _format_columns(sheet, frame, headers, target)
        if "rate" in frame:
            rate_position = list(frame.columns).index("rate")
            below = [row_number for row_number, value in enumerate(frame["rate"], start=2)
                     if pd.notna(value) and value < target]
            # The row's cells by position: `sheet[row]` rescans every cell for the width.
            for column in range(1, len(frame.columns) + 1):
                _style_cells(sheet, column, below, "fill", highlight)
            _style_cells(sheet, rate_position + 1, below, "font", bold)
        sheet.freeze_panes = "A2"
    note_sheet = workbook.create_sheet("Ghi chú" if lang == "vi" else "Notes")
    for label, text in notes:
        note_sheet.append([label, text])
    note_sheet.column_dimensions["A"].width = 42
    note_sheet.column_dimensions["B"].width = 90
    for cell in note_sheet["A"]:
        cell.font = bold
    write_xlsx(workbook, path)


# Columns whose text the CSVs keep in both languages, "Vietnamese (English)": a table for
# people shows the campaign's language only.
BILINGUAL_COLUMNS = ("reason", "detail")


def labelled(frame: pd.DataFrame, lang: str, *, phase_labels: dict[str, str] | None = None,
             rule_labels: dict[str, str] | None = None,
             severity_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """`kind` and the codes of VALUE_LABELS in words of the language; a value without a label
    (a kind or code this table does not know) is shown as it is. Yes/no columns in words too
    ("có"/"không", not True/False), and the dates of DATE_COLUMNS as dates, not ISO text.
    Given them, phase ids as their labels ("Giai đoạn 1"), the quality rules' codes (`rule`)
    and severities in words, and the BILINGUAL_COLUMNS in the
    language alone: summary.xlsx and the report show one table the same way (QA round 42:
    summary.xlsx showed 'missing_report', 'error', '1' and the English in brackets)."""
    tables = {"kind": KIND_LABELS[lang], **VALUE_LABELS[lang],
              **({"phase": phase_labels} if phase_labels else {}),
              **({"rule": rule_labels} if rule_labels else {}),
              **({"severity": severity_labels} if severity_labels else {})}
    words = {name: frame[name].map(labels).fillna(frame[name])
             for name, labels in tables.items() if name in frame}
    for name in frame.columns:
        if name in BILINGUAL_COLUMNS:
            words[name] = frame[name].map(lambda text: in_language(text, lang))
        elif pd.api.types.is_bool_dtype(frame[name]):
            words[name] = frame[name].map(BOOLEAN_LABELS[lang]).astype(object)
        elif name in DATE_COLUMNS:
            words[name] = pd.Series([_as_date(value) for value in frame[name].tolist()],
                                    index=frame.index, dtype=object)
    return frame.assign(**words) if words else frame


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


def _excel_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _format_columns(sheet, frame: pd.DataFrame, headers: dict[str, str],
                    target: float) -> None:
    for position, name in enumerate(frame.columns, start=1):
        letter = get_column_letter(position)
        if name == "rate":
            # One decimal, more where one would show a rate under the target as the target
            # (94,96% as "95,0%", QA round 38), as every other output shows it.
            number_format = None
            by_format: dict[str, list[int]] = {}
            for row, rate in enumerate(frame[name].tolist(), start=2):
                decimals = rate_decimals(None if pd.isna(rate) else float(rate), target)
                by_format.setdefault(f"0.{'0' * decimals}%", []).append(row)
            for rate_format, rows in sorted(by_format.items()):
                _style_cells(sheet, position, rows, "number_format", rate_format)
        elif pd.api.types.is_integer_dtype(frame[name]) and name != "source_row":
            number_format = "#,##0"
        elif name in DATE_COLUMNS:
            number_format = DATE_FORMAT_XLSX
        else:
            number_format = None
        if number_format:
            _style_cells(sheet, position, range(2, len(frame) + 2), "number_format",
                         number_format)
        values = [headers.get(name, name)] + [
            format_percent(value) if name == "rate"
            else format_date(value.isoformat()) if isinstance(value, dt.date) else str(value)
            for value in frame[name].head(500).tolist()
        ]
        width = max((len(str(value)) for value in values), default=8)
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)


def _style_cells(sheet, column: int, rows: Iterable[int], attribute: str, value) -> None:
    """`sheet.cell(row, column).<attribute> = value` for each row (`CellStyles`)."""
    styles = CellStyles()
    for row in rows:
        styles.apply(sheet.cell(row, column), attribute, **{attribute: value})


class CellStyles:
    """Styles set on the cells of one workbook as openpyxl sets them, each worked out once.

    openpyxl looks a style up among the workbook's (hashing it) for every cell it is set on:
    a quarter of summary.xlsx's time for a city, and of follow_up.xlsx's. The lookup ends in
    the cell's array of style indexes, the same for every cell that had the same array and
    is given the same styles: it is worked out for the first such cell, and copied to the
    others. The same workbook, byte for byte."""

    def __init__(self) -> None:
        self._arrays: dict[tuple, StyleArray] = {}

    def apply(self, cell, name: str, **styles) -> None:
        """`cell.<attribute> = value` for each of `styles`, which `name` stands for."""
        key = (name, tuple(cell._style) if cell.has_style else None)
        array = self._arrays.get(key)
        if array is None:
            for attribute, value in styles.items():
                setattr(cell, attribute, value)
            array = self._arrays[key] = StyleArray(cell._style)
        cell._style = StyleArray(array)


def write_xlsx(workbook: Workbook, path: Path) -> None:
    """The workbook as an .xlsx, byte-identical for the same workbook (`deterministic_zip`).

    Its sheets are written in memory (`_InMemoryExcelWriter`), not by `Workbook.save`."""
    workbook.properties.creator = "participation-analytics"
    workbook.properties.created = FIXED_DOC_TIME
    workbook.properties.modified = FIXED_DOC_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _InMemoryExcelWriter(workbook, archive).write_data()
    with atomic_path(path) as temporary:
        temporary.write_bytes(deterministic_zip(buffer.getvalue()))


class _InMemoryExcelWriter(ExcelWriter):
    """openpyxl's writer, each sheet written to memory. openpyxl writes each to a temporary
    file, then removes it: a millisecond or more per sheet where removing a file is slow (an
    antivirus, an overlay file system), most of the time follow_up.xlsx took for a city of
    six hundred units, a sheet each."""

    def write_worksheet(self, ws) -> None:
        # As openpyxl.writer.excel.ExcelWriter.write_worksheet (openpyxl 3.1), for a
        # workbook that is not write-only, with `out` a buffer.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        out = io.BytesIO()
        writer = WorksheetWriter(ws, out=out)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], out.getvalue())
        self.manifest.append(ws)


def deterministic_zip(data: bytes) -> bytes:
    """Re-pack an OOXML zip with fixed entry times and creation dates, for byte-identical files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return output.getvalue()


@contextlib.contextmanager
def staged_directory(final: Path, waiting: Callable[[], None] = lambda: None, *,
                     keep: Callable[[str], bool] = lambda name: False) -> Iterator[Path]:
    """Write a whole run into a sibling folder, then swap it in; on failure the old one stays.

    One run at a time writes a folder: a second one started meanwhile calls `waiting`, then
    waits for the first to finish, rather than tidying away the first one's staging folder
    as a killed run's (which crashed one of two runs started at once). Entries of the old
    folder that `keep` names (by their name; files the analyst put there, no output of a
    run) are moved into the new one, not deleted with the old."""
    final.parent.mkdir(parents=True, exist_ok=True)
    with _only_writer(final, waiting):
        _recover_interrupted(final, keep)
        yield from _staged(final, keep)


@contextlib.contextmanager
def _only_writer(final: Path, waiting: Callable[[], None]) -> Iterator[None]:
    lock = FileLock(final.parent / f".{final.name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        waiting()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _staged(final: Path, keep: Callable[[str], bool]) -> Iterator[Path]:
    staging = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.staging-"))
    os.chmod(staging, 0o755)
    try:
        yield staging
        previous = None
        if final.exists():
            previous = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.old-"))
            previous.rmdir()
            os.replace(final, previous)
        os.replace(staging, final)
        if previous is not None:
            _move_kept(previous, final, keep)
            shutil.rmtree(previous, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _move_kept(previous: Path, final: Path, keep: Callable[[str], bool]) -> None:
    """The old folder's entries `keep` names, moved into the new folder unless it has one of
    the same name (a rename within one folder's parent: nothing is copied)."""
    for entry in sorted(previous.iterdir()):
        if keep(entry.name) and not (final / entry.name).exists():
            os.replace(entry, final / entry.name)


def _recover_interrupted(final: Path, keep: Callable[[str], bool]) -> None:
    """Tidy after a run that was killed: drop its staging folder, restore a swapped-out one
    (or, when the new one was swapped in already, move what it keeps into it)."""
    for stale in final.parent.glob(f".{final.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for previous in sorted(final.parent.glob(f".{final.name}.old-*")):
        if final.exists():
            _move_kept(previous, final, keep)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(previous, final)  # killed between the two renames of the swap


# Linux only: macOS's system libraries are not safe to use after fork, Windows has none.
FORKS = sys.platform.startswith("linux")


@contextlib.contextmanager
def running_aside(task: Callable[[], object], doing: str) -> Iterator[None]:
    """Run `task` in a forked child while the `with` body runs; the child's error is raised here.

    A forked child inherits what `task` needs (a campaign's results) without pickling them.
    The body's own error comes first and stops the child, as when the task ran after the body.
    Without fork (`FORKS`) the task runs after the body, in this process. `doing` names the
    task in errors ("drawing the charts").
    """
    if not FORKS:
        yield
        task()
        return
    receiver, sender = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_run_and_report,
                                                        args=(task, sender))
    child.start()
    sender.close()
    report = None
    try:
        yield
        with contextlib.suppress(EOFError):  # EOF: the child died without a word (killed)
            report = receiver.recv()
    except BaseException:
        child.terminate()
        raise
    finally:
        child.join()
        receiver.close()
    if report is None:
        raise RuntimeError(f"The process {doing} stopped (exit code {child.exitcode}) before "
                           "it finished.")
    error, details = report
    if error is not None:
        error.add_note(f"Raised in the process {doing}:\n{details}")
        raise error


def _run_and_report(task: Callable[[], object], sender: Connection) -> None:
    """The child's side of `running_aside`: sends (None, "") when done, else the error and its
    traceback; an error that would not survive the pipe is sent as its text."""
    try:
        task()
    except BaseException as error:
        details = traceback.format_exc()
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:
            error = RuntimeError(f"{type(error).__name__}: {error}")
        sender.send((error, details))
    else:
        sender.send((None, ""))
    finally:
        sender.close()

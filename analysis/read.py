"""Spreadsheet files -> grids of cell values, one per sheet, positions kept.

Every format goes through one shape, a `SheetGrid` whose row 0 is spreadsheet row 1, so that
every later message can name the file, the sheet and the row the analyst sees in Excel.
python-calamine reads .xlsx/.xlsm/.xlsb/.xls/.ods (fast, never runs macros, reads formulas as
their cached values); CSVs are decoded here because their encoding and separator vary.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import python_calamine

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
SPREADSHEET_SUFFIXES = WORKBOOK_SUFFIXES | {".csv"}
CSV_SHEET_NAME = "(csv)"


class ReadError(Exception):
    """A file that cannot be read as a spreadsheet; the message says why, in plain words."""


@dataclass(frozen=True)
class SheetGrid:
    source_file: str
    sheet: str
    rows: list[list]
    hidden: bool = False


def is_spreadsheet(path: Path) -> bool:
    """Office lock files (~$name.xlsx) and dot-files are not data even with the right suffix."""
    return path.suffix.lower() in SPREADSHEET_SUFFIXES and not path.name.startswith(("~$", "."))


def read_sheets(path: Path, source_file: str) -> list[SheetGrid]:
    if path.suffix.lower() == ".csv":
        return [SheetGrid(source_file, CSV_SHEET_NAME, read_csv_rows(path))]
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types per format
        raise ReadError(_describe_workbook_error(error)) from error
    grids = []
    try:
        for metadata in workbook.sheets_metadata:
            if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            hidden = metadata.visible != python_calamine.SheetVisibleEnum.Visible
            try:
                rows = workbook.get_sheet_by_name(metadata.name).to_python(skip_empty_area=False)
            except Exception as error:
                raise ReadError(
                    f"sheet '{metadata.name}' cannot be read ({_describe_workbook_error(error)})"
                ) from error
            grids.append(SheetGrid(source_file, metadata.name, rows, hidden))
    finally:
        workbook.close()
    return grids


def read_csv_rows(path: Path) -> list[list]:
    text = decode_csv_bytes(path.read_bytes())
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","  # a one-column file has no separator to find
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1258 is what Vietnamese Excel writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise ReadError(
            "the CSV is neither UTF-8 nor Windows-1258 text; save it again as 'CSV UTF-8'"
        ) from error


def _describe_workbook_error(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    lowered = text.lower()
    if "password" in lowered or "encrypt" in lowered:
        return "the workbook is password-protected; ask the unit for an unprotected copy"
    if "zip" in lowered or "invalid" in lowered or "cfb" in lowered:
        return f"the file is damaged or not a real spreadsheet ({text})"
    return text

"""Spreadsheet files -> grids of cell values, one per sheet, positions kept.

Every format goes through one shape, a `SheetGrid` whose row 0 is spreadsheet row 1, so that
every later message can name the file, the sheet and the row the analyst sees in Excel.
python-calamine reads .xlsx/.xlsm/.xlsb/.xls/.ods (fast, never runs macros, reads formulas as
their cached values); CSVs are decoded here because their encoding and separator vary.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedElementTree

from analysis import legacy

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".xltx", ".xltm"})
TEXT_SUFFIXES = frozenset({".csv", ".tsv"})
SPREADSHEET_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES
# What Excel saves under names of its own, read for what the content is: "Unicode Text" and
# "Text (Tab delimited)" (.txt), "XML Spreadsheet 2003" (.xml), "Web Page" (.htm, .html). A
# README.txt, or a page without a table, is no report and is passed over as before. Skipped,
# such a ward's report left it chased as missing without a word (QA round 36).
SNIFFED_SUFFIXES = frozenset({".txt", ".xml", ".htm", ".html"})
# Every suffix read, as a message lists them: the common ones first.
READ_SUFFIXES_SHOWN = (".xlsx", ".xls", ".ods", ".csv", ".xlsm", ".xlsb", ".xltx", ".xltm",
                       ".tsv", ".txt", ".xml", ".htm", ".html")
CSV_SHEET_NAME = "(csv)"


class ReadError(Exception):
    """A file that cannot be read as a spreadsheet; the message says why, in plain words.

    Vietnamese first, English after, like every reason in rejects.csv: "tệp rỗng (the file
    is empty)".
    """

    def __init__(self, vietnamese: str, english: str):
        super().__init__(bilingual(vietnamese, english))


def bilingual(vietnamese: str, english: str) -> str:
    return f"{vietnamese} ({english})"


@dataclass(frozen=True)
class SheetGrid:
    source_file: str
    sheet: str
    rows: list[list]
    hidden: bool = False
    error: str | None = None  # a sheet that cannot be read; the workbook's others still are
    legacy_encoding: str | None = None  # "tcvn3"/"vni": its text was converted (legacy.py)
    # Merged ranges spanning rows whose value is a number, ((first row, first column), (last
    # row, last column)), 0-based: one figure copied into rows it may not belong to.
    merged_figures: tuple = ()


def is_spreadsheet(path: Path) -> bool:
    """Office lock files (~$name.xlsx) and dot-files are not data even with the right suffix;
    a file of `SNIFFED_SUFFIXES` is one if its content is a table."""
    if path.name.startswith(("~$", ".")):
        return False
    suffix = path.suffix.lower()
    return suffix in SPREADSHEET_SUFFIXES or (suffix in SNIFFED_SUFFIXES and (
        is_web_page(path) or is_spreadsheet_xml(path) or is_delimited_text(path)))


def read_sheets(path: Path, source_file: str) -> list[SheetGrid]:
    text_named = path.suffix.lower() in TEXT_SUFFIXES
    if text_named and _is_workbook(path):
        # An .xlsx or .xls renamed .csv: read for what it is (QA round 36: refused with
        # advice to save it as a CSV).
        check_container(path)
        return _read_workbook(path, source_file, renamed=True)
    if text_named:
        rows, encoding = legacy.fix_grid(read_csv_rows(path))
        return [SheetGrid(source_file, CSV_SHEET_NAME, rows, legacy_encoding=encoding)]
    if is_web_page(path):
        grids = [SheetGrid(source_file, name, rows, merged_figures=merged_figures(rows, merges))
                 for name, rows, merges in read_html_tables(path)]
        if legacy.shows_legacy_text(grid.rows for grid in grids):
            grids = _legacy_converted(grids, None)
        return grids
    if is_spreadsheet_xml(path):
        grids = [SheetGrid(source_file, name, fill_merged(rows, merges), hidden,
                           merged_figures=merged_figures(rows, merges))
                 for name, rows, hidden, merges in read_spreadsheet_xml(path)]
        if legacy.shows_legacy_text(grid.rows for grid in grids):
            grids = _legacy_converted(grids, None)
        return grids
    if is_delimited_text(path):
        rows, encoding = legacy.fix_grid(read_csv_rows(path))
        return [SheetGrid(source_file, CSV_SHEET_NAME, rows, legacy_encoding=encoding)]
    return _read_workbook(path, source_file, renamed=check_container(path))


def _is_workbook(path: Path) -> bool:
    """Whether the file begins as an .xlsx, .ods (a zip) or an .xls (an OLE container) does."""
    with path.open("rb") as handle:
        return handle.read(8).startswith((_OLE_MAGIC, _ZIP_MAGIC))


def _read_workbook(path: Path, source_file: str, renamed: bool) -> list[SheetGrid]:
    """A workbook's sheets by python-calamine; `renamed`: of another format than its name
    says, read as its content is."""
    try:
        if renamed:  # the content decides the format, not the name
            with path.open("rb") as handle:
                workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
        else:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types per format
        raise ReadError(*_describe_workbook_error(error)) from error
    ods_merges = ods_merged_ranges(path) if path.suffix.lower() == ".ods" else {}
    grids = []
    fonts = legacy.WorkbookFonts.for_path(path)  # opened only if a sheet shows legacy text
    try:
        for metadata in workbook.sheets_metadata:
            if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            hidden = metadata.visible != python_calamine.SheetVisibleEnum.Visible
            try:
                sheet = workbook.get_sheet_by_name(metadata.name)
                merges = sheet.merged_cell_ranges or ods_merges.get(metadata.name, [])
                rows = fill_merged(sheet.to_python(skip_empty_area=False), merges)
            except Exception as error:  # any parser failure is reported, the rest still read
                grids.append(SheetGrid(source_file, metadata.name, [], hidden,
                                       error=bilingual(*_describe_workbook_error(error))))
                continue
            # Legacy text (below) changes text cells only, never a merged figure.
            grids.append(SheetGrid(source_file, metadata.name, rows, hidden,
                                   merged_figures=merged_figures(rows, merges)))
    finally:
        workbook.close()
    # Looked for once in the whole workbook, whose sheets repeat their titles and units;
    # a workbook that shows it (almost none) is converted sheet by sheet, as each sheet says.
    if legacy.shows_legacy_text(grid.rows for grid in grids):
        grids = _legacy_converted(grids, fonts)
    return grids


# How a web page begins, lower-cased, after any byte-order mark and white space.
_WEB_PAGE_STARTS = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")
WEB_SHEET_NAME = "(html)"


def is_web_page(path: Path) -> bool:
    """A web page saved with a workbook's name ("bao-cao.xls"): what the "Xuất Excel" button of
    many web systems gives, and what Excel itself writes as "Web Page". Excel opens it as a
    workbook; so is it read here, table by table (`read_html_tables`). Saved as .htm or
    .html, a page is one only with a table."""
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES | {".htm", ".html"}:
        return False
    if suffix in (".htm", ".html"):
        with path.open("rb") as handle:
            whole = handle.read(1 << 20).lower()
        if b"<table" not in whole and b"<\x00t\x00a\x00b\x00l\x00e" not in whole:
            return False
    with path.open("rb") as handle:
        head = handle.read(2048)
    if head.startswith((_OLE_MAGIC, _ZIP_MAGIC)):
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as Excel may write it
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
        head = head.lstrip().lower()
    if b"<workbook" in head:  # Excel 2003's XML ("<Workbook ...><Table>"), no web page
        return False
    return head.startswith(_WEB_PAGE_STARTS) or b"<html" in head or b"<table" in head


_SPREADSHEET_XML = "urn:schemas-microsoft-com:office:spreadsheet"
_EXCEL_XML = "urn:schemas-microsoft-com:office:excel"


def is_spreadsheet_xml(path: Path) -> bool:
    """Excel 2003's "XML Spreadsheet" (<Workbook xmlns="urn:schemas-microsoft-com:office:
    spreadsheet">), which many .NET reporting systems write with an .xls name, and Excel
    opens as a workbook; saved by Excel, it is named .xml."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES | {".xml"}:
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and _SPREADSHEET_XML.encode() in head


def read_spreadsheet_xml(path: Path) -> list[tuple[str, list[list], bool, list]]:
    """Each worksheet of an XML Spreadsheet as (name, rows of values as calamine gives them,
    hidden, merged ranges as calamine gives a workbook's). Numbers are floats, dates
    datetimes; a cell's ss:Index and a row's ss:Index skip blank positions; ss:MergeAcross
    and ss:MergeDown are merges. Parsed with defusedxml: no entity of the file is expanded."""
    try:
        root = DefusedElementTree.parse(path).getroot()
    except (DefusedElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise ReadError(*damaged_file_message(error)) from error

    def name(local: str, namespace: str = _SPREADSHEET_XML) -> str:
        return f"{{{namespace}}}{local}"

    sheets = []
    for worksheet in root.iter(name("Worksheet")):
        cells: dict[tuple[int, int], object] = {}
        merges = []
        row_index = -1
        for row in worksheet.iter(name("Row")):
            row_index = _xml_index(row, row_index)
            column = -1
            for cell in row.findall(name("Cell")):
                column = _xml_index(cell, column)
                data = cell.find(name("Data"))
                if data is not None:
                    cells[(row_index, column)] = _xml_value(
                        data.get(name("Type")), "".join(data.itertext()))
                across = _span(cell.get(name("MergeAcross"), "0"))
                down = _span(cell.get(name("MergeDown"), "0"))
                if across or down:
                    merges.append(((row_index, column), (row_index + down, column + across)))
                column += across
        height = max([row for row, _ in cells] + [last[0] for _, last in merges], default=-1) + 1
        width = max([column for _, column in cells] + [last[1] for _, last in merges],
                    default=-1) + 1
        rows = [[cells.get((row, column), "") for column in range(width)]
                for row in range(height)]
        visible = worksheet.find(f"{name('WorksheetOptions', _EXCEL_XML)}/"
                                 f"{name('Visible', _EXCEL_XML)}")
        hidden = visible is not None and (visible.text or "").strip() != "SheetVisible"
        sheets.append((worksheet.get(name("Name")) or f"Sheet{len(sheets) + 1}", rows, hidden,
                       merges))
    if not sheets:
        raise ReadError("tệp XML không có trang tính nào", "the XML file has no worksheet in it")
    return sheets


def _xml_index(element, previous: int) -> int:
    """A row's or cell's 0-based position: its ss:Index (1-based), else the next one."""
    index = element.get(f"{{{_SPREADSHEET_XML}}}Index")
    digits = re.match(r"\s*(\d+)", index) if index else None
    return int(digits.group(1)) - 1 if digits and int(digits.group(1)) > previous + 1 \
        else previous + 1


def _xml_value(kind: str | None, text: str) -> object:
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.strip().removesuffix("Z"))
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    return text


def is_delimited_text(path: Path) -> bool:
    """Text separated by tabs, semicolons or commas saved with an .xls name: what older web
    systems' "Xuất Excel" writes, and Excel's own "Unicode Text" (UTF-16, tabs) renamed.
    Excel opens it as a workbook after a warning; so is it read here, as a CSV is. Called
    after `is_web_page`; anything holding NUL bytes (but UTF-16 text) is no text. Named .txt
    (Excel's own names for both), it must be separated by tabs on most of its lines, or, as
    Excel's UTF-16 "Unicode Text", hold two lines in a row of three tab-separated columns or
    more: a README.txt is not."""
    suffix = path.suffix.lower()
    if suffix not in (".xls", ".txt"):
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith((_OLE_MAGIC, _ZIP_MAGIC)):
        return False
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16:
        text = head.decode("utf-16", errors="ignore")
    elif b"\x00" in head:
        return False
    else:
        text = head.decode("utf-8", errors="ignore")
    text = text.removeprefix("\ufeff").lstrip()
    if not text or text.startswith("<") or "\n" not in text:
        return False  # Excel 2003 XML, a web page, or one line of anything
    printable = sum(character.isprintable() or character in "\t\r\n" for character in text)
    if suffix == ".txt":
        lines = text.splitlines()[:-1 if len(head) == 4096 else None]  # a last line whole
        lines = [line for line in lines if line.strip()]
        # Or a table among lines of text, a header and a row of three columns or more, a
        # title and a signature typed in by hand (QA round 46: passed over in silence, the
        # ward chased as missing).
        table = "".join("t" if line.count("\t") >= 2 else "." for line in lines)
        # Excel's "Unicode Text" is UTF-16: a note typed in Notepad with a table pasted in
        # is not (QA round 47: read as a report, two wards' real reports held out).
        return printable >= 0.98 * len(text) and len(lines) >= 2 \
            and (sum("\t" in line for line in lines) * 2 >= len(lines)
                 or (utf16 and "tt" in table))
    return printable >= 0.98 * len(text) and any(mark in text for mark in "\t;,")


def read_html_tables(path: Path) -> list[tuple[str, list[list], list]]:
    """Each table of a web page as (sheet name, rows of cell texts, merged ranges as calamine
    gives a workbook's), a cell merged across rows or columns (colspan, rowspan) giving its
    text to each position it covers, as `fill_merged` does for a workbook. Its encoding is
    the one the page declares (a <meta> charset, a byte-order mark), else the one Beautiful
    Soup finds. A table inside a table's cell is read as a table of its own. The first table
    is sheet "(html)", the others "(html 2)", "(html 3)"..."""
    from bs4 import BeautifulSoup  # the web-page path only

    data = path.read_bytes()
    try:
        # lxml closes cells and rows whose optional end tags are left out (<td>80<td>75), as
        # a browser does; Python's own parser nested each such cell in the one before it.
        page = BeautifulSoup(data, "lxml")
    except Exception as error:  # a page bs4 cannot parse at all
        raise ReadError(*damaged_file_message(error)) from error
    tables = []
    for table in page.find_all("table"):
        taken: dict[tuple[int, int], str] = {}
        merges = []
        rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
        # A rowspan ends with its section (<thead>, <tbody>, <tfoot>), as a browser ends it;
        # "0" runs to the section's end. Carried on into the body, a header cell spanning two
        # rows made the first data row a header's and lost it (QA round 25).
        sections = [row.find_parent(("thead", "tbody", "tfoot", "table")) for row in rows]
        ends = list(range(len(rows)))
        for row_index in range(len(rows) - 2, -1, -1):
            if sections[row_index] is sections[row_index + 1]:
                ends[row_index] = ends[row_index + 1]
        row_cells = [row.find_all(("td", "th"), recursive=False) for row in rows]
        # A row's own width, its cells' colspans: the widest row is the table's width.
        own_widths = [sum(_span(cell.get("colspan")) or 1 for cell in cells)
                      for cells in row_cells]
        table_width = max(own_widths, default=0)
        started: dict[tuple[int, int], int] = {}  # position -> the row its value comes from
        carried = Counter()  # row -> positions a cell of a row above spans down into
        for row_index, cells in enumerate(row_cells):
            if carried[row_index] and carried[row_index] + own_widths[row_index] > table_width:
                # Cells spanning down into a row that fills the table's width by itself
                # would push its own cells past the table's edge: the page meant them to end
                # above it ("STT", "Phường" set to span two rows over the first data row,
                # with no <thead> to end them). Read so, the row is not lost in the header.
                for position in [position for position in taken
                                 if position[0] >= row_index
                                 and started[position] < row_index]:
                    del taken[position]
                    carried[position[0]] -= 1
                merges = [(first, last) for first, last in (
                    (first, (min(last[0], row_index - 1), last[1]) if first[0] < row_index
                     else last) for first, last in merges) if first != last]
            column = 0
            for cell in cells:
                while (row_index, column) in taken:
                    column += 1
                # A table inside the cell is a table of its own, not a part of the cell's text.
                value = " ".join(" ".join(text for text in cell.find_all(string=True)
                                          if text.find_parent("table") is table).split())
                left = ends[row_index] - row_index + 1
                across, down = _span(cell.get("colspan")) or 1, min(
                    _span(cell.get("rowspan")) or left, left)
                if across > 1 or down > 1:
                    merges.append(((row_index, column),
                                   (row_index + down - 1, column + across - 1)))
                for covered in range(row_index, row_index + down):
                    for position in range(column, column + across):
                        if covered > row_index and (covered, position) not in taken:
                            carried[covered] += 1
                        taken[(covered, position)] = value
                        started[(covered, position)] = row_index
                column += across
        height = max((row for row, _ in taken), default=-1) + 1
        width = max((column for _, column in taken), default=-1) + 1
        grid = [[taken.get((row, column), "") for column in range(width)]
                for row in range(height)]
        name = WEB_SHEET_NAME if not tables else f"(html {len(tables) + 1})"
        tables.append((name, grid, merges))
    if not tables:
        raise ReadError("tệp là một trang web không có bảng nào",
                        "the file is a web page with no table in it")
    return tables


def _span(value: object) -> int:
    """A colspan or rowspan as written ("2", "3;", junk): 1 to 1000, or 0 for "0" (a rowspan
    to its section's end; a colspan of 0 is read as 1)."""
    digits = re.match(r"\s*(\d+)", str(value)) if value is not None else None
    return min(int(digits.group(1)), 1000) if digits else 1


def _legacy_converted(grids: list[SheetGrid], fonts: legacy.WorkbookFonts | None
                      ) -> list[SheetGrid]:
    """A workbook's sheets with their TCVN3/VNI text converted to Unicode (legacy.fix_grid),
    and their names where typed so (`legacy.converted_name`, its text the evidence)."""
    converted = []
    for grid in grids:
        if grid.error:
            converted.append(grid)
            continue
        rows, encoding = legacy.fix_grid(grid.rows, fonts and fonts.sheet(grid.sheet))
        converted.append(dataclasses.replace(grid, rows=rows, legacy_encoding=encoding))
    texts = [value for grid in converted for row in grid.rows for value in row
             if isinstance(value, str) and value]
    return [dataclasses.replace(grid, sheet=legacy.converted_name(
                grid.sheet, grid.legacy_encoding, texts))
            if grid.legacy_encoding else grid for grid in converted]


@dataclass
class BlankCells:
    """What lies behind the cells of a row that read blank (calamine reads both as empty)."""

    unsaved: list[str] = dataclasses.field(default_factory=list)  # "D2 (=B2-C2)"
    # Excel error values ("#REF!", "#N/A", "#DIV/0!"): (0-based column, "D7", "#REF!").
    errors: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)


def blank_cells(path: Path, rows: dict[str, set[int]]) -> dict[str, dict[int, BlankCells]]:
    """By sheet and row (1-based; `rows` names them per sheet), the cells holding a formula
    with no saved result, and those holding an Excel error value. A workbook written by a
    program that does not calculate (openpyxl, many exports) stores formulas without their
    values, which every reader but Excel sees blank; calamine reads an error ("#REF!") as a
    blank too.

    Only asked about rows already refused for a blank cell: it opens the workbook twice
    (formulas, then saved values), once for all its sheets.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not rows or not _may_hold_formulas(path):
        return {}
    import openpyxl  # the error path only: calamine reads everything else

    found: dict[str, dict[int, BlankCells]] = {}
    try:
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet, wanted in rows.items():
            if sheet not in formulas.sheetnames or not wanted:
                continue
            bounds = {"min_row": min(wanted), "max_row": max(wanted)}
            for formula_row, value_row in zip(formulas[sheet].iter_rows(**bounds),
                                              values[sheet].iter_rows(**bounds), strict=False):
                for formula, value in zip(formula_row, value_row, strict=False):
                    if getattr(formula, "row", None) not in wanted:
                        continue
                    if formula.data_type == "f" and value.value is None:
                        found.setdefault(sheet, {}).setdefault(
                            formula.row, BlankCells()).unsaved.append(
                            f"{formula.coordinate} ({formula.value})")
                    elif value.data_type == "e" and isinstance(value.value, str):
                        found.setdefault(sheet, {}).setdefault(
                            formula.row, BlankCells()).errors.append(
                            (formula.column - 1, formula.coordinate, value.value))
        formulas.close()
        values.close()
    except Exception:  # a workbook openpyxl cannot read keeps the reasons it had
        return {}
    return found


# The start tag of a formula, <f> or <f t="shared" .../>, or with a prefix (<x:f>); or of a
# cell holding an Excel error value, <c r="D7" t="e"> (most come from a formula, not all).
_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]|<(?:[\w.-]+:)?c\s[^>]*\bt=\"e\"")


def _may_hold_formulas(path: Path) -> bool:
    """False only for a workbook with no formula nor error value in any of its parts, as
    most have.

    Such a workbook has no unsaved formula, and is not opened twice with openpyxl to find
    none, which reads every sheet in full each time when the sheets do not state their
    size. XML in an ASCII-based encoding is searched for a formula's tag; text in UTF-16 or
    UTF-32 (allowed, never seen) is not, and may hold one. Images are no XML at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                data = archive.read(member).removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
                if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
                    return True
                if data[:1] == b"<" and _FORMULA_TAG.search(data):
                    return True
    except Exception:  # a damaged workbook: openpyxl says what it finds, as before
        return True
    return False


def hidden_rows(path: Path, sheets: set[str]) -> dict[str, set[int]]:
    """By sheet, the rows (1-based) of an .xlsx or .ods hidden by hand, for the `sheets`
    asked about. calamine reads every row, shown or not; a row hidden above its correction
    (an old figure put away) is then counted with it. A sheet with a filter (an autofilter,
    an Excel Table) is left out: the rows a filter hides are data the analyst filtered, not
    put away. Read from the sheet's XML, only for the few sheets whose totals do not add up.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            if "xl/workbook.xml" in members:
                return _xlsx_hidden_rows(archive, members, sheets)
            if "content.xml" in members:
                return _ods_hidden_rows(archive, sheets)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, DefusedXmlException,
            DefusedElementTree.ParseError):
        pass  # a workbook calamine read but this cannot: its rows as calamine gave them
    return {}


def _xlsx_hidden_rows(archive: zipfile.ZipFile, members: set[str], sheets: set[str]
                      ) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for sheet, part in _worksheet_parts(archive).items():
        if sheet not in sheets or part not in members:
            continue
        rows, filtered, number = set(), False, 0
        with archive.open(part) as stream:
            for _, element in DefusedElementTree.iterparse(stream):
                tag = element.tag.rpartition("}")[2]
                if tag == "row":
                    number = int(element.get("r") or number + 1)
                    if (element.get("hidden") or "").lower() in ("1", "true"):
                        rows.add(number)
                    element.clear()
                elif tag in ("autoFilter", "tablePart"):
                    filtered = True
        if rows and not filtered:
            found[sheet] = rows
    return found


# A run of hidden rows longer than this is the empty sheet below a table, not rows put away.
_HIDDEN_RUN_READ = 1000


def _ods_hidden_rows(archive: zipfile.ZipFile, sheets: set[str]) -> dict[str, set[int]]:
    """As `_xlsx_hidden_rows`, from content.xml: a row `table:visibility="collapse"` is hidden
    by hand, "filter" by a filter, as is every row of a range given filter buttons."""
    found: dict[str, set[int]] = {}
    filtered: set[str] = set()
    table, row = None, 0
    with archive.open("content.xml") as content:
        for event, element in DefusedElementTree.iterparse(content, ("start", "end")):
            tag = element.tag
            if tag == f"{_TABLE_NS}table" and event == "start":
                table, row = element.get(f"{_TABLE_NS}name"), 0
            elif tag == f"{_TABLE_NS}table-row" and event == "end":
                repeated = int(element.get(f"{_TABLE_NS}number-rows-repeated", 1))
                visibility = element.get(f"{_TABLE_NS}visibility")
                if visibility == "filter":
                    filtered.add(table)
                elif visibility == "collapse" and table in sheets \
                        and repeated <= _HIDDEN_RUN_READ:
                    found.setdefault(table, set()).update(range(row + 1, row + repeated + 1))
                row += repeated
                element.clear()
            elif tag == f"{_TABLE_NS}database-range" and event == "end" \
                    and element.get(f"{_TABLE_NS}display-filter-buttons") == "true":
                # "'Báo cáo'.A4:'Báo cáo'.E9": the sheet the filter is on.
                address = element.get(f"{_TABLE_NS}target-range-address") or ""
                filtered.add(address.partition(":")[0].rpartition(".")[0].lstrip("$")
                             .strip("'"))
    return {sheet: rows for sheet, rows in found.items() if sheet not in filtered}


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """An .xlsx's sheet names and the zip members holding them (xl/worksheets/sheet1.xml)."""
    def local(tag: str) -> str:
        return tag.rpartition("}")[2]

    targets = {}
    with archive.open("xl/_rels/workbook.xml.rels") as stream:
        for element in DefusedElementTree.parse(stream).getroot():
            target = (element.get("Target") or "").lstrip("/")
            targets[element.get("Id")] = target if target.startswith("xl/") else f"xl/{target}"
    parts = {}
    with archive.open("xl/workbook.xml") as stream:
        for element in DefusedElementTree.parse(stream).getroot().iter():
            if local(element.tag) == "sheet":
                key = next((value for name, value in element.attrib.items()
                            if local(name) == "id"), None)
                if key in targets:
                    parts[element.get("name")] = targets[key]
    return parts


def fill_merged(rows: list[list], ranges: list) -> list[list]:
    """Give every cell of a merged range the value of its top-left cell.

    A ward name merged down over its party cells' rows, or "Vắng" merged across "Có lý do"
    and "Không lý do", belongs to each row and column it covers, not only to the first.
    (calamine reports merges for .xlsx and .xls; .ods merges are not reported.)
    """
    for (first_row, first_column), (last_row, last_column) in ranges:
        if first_row >= len(rows) or first_column >= len(rows[first_row]):
            continue
        value = rows[first_row][first_column]
        if value == "" or value is None:
            continue
        while len(rows) <= last_row:
            rows.append([])
        for row_index in range(first_row, last_row + 1):
            row = rows[row_index]
            if len(row) <= last_column:
                row.extend([""] * (last_column + 1 - len(row)))
            for column_index in range(first_column, last_column + 1):
                row[column_index] = value
    return rows


def merged_figures(rows: list[list], ranges: list) -> tuple:
    """The merged ranges over several rows whose value is a number, or a count typed as text
    ("80", "80 đ/c"; QA round 24: such a cell merged down two classes' rows was copied into
    both, 160 members for 80) (see SheetGrid)."""
    return tuple(
        ((first_row, first_column), (last_row, last_column))
        for (first_row, first_column), (last_row, last_column) in ranges
        if last_row > first_row and first_row < len(rows) and first_column < len(rows[first_row])
        and _is_figure(rows[first_row][first_column]))


def _is_figure(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    from analysis.clean import parse_count  # clean knows how counts are typed

    if not isinstance(value, str):
        return False
    count, error = parse_count(value)
    return count is not None and error is None


_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def ods_merged_ranges(path: Path) -> dict[str, list]:
    """Merged cells of each sheet of an .ods, which calamine does not report.

    Read from content.xml with defusedxml (no entity expansion); a file whose XML cannot be
    read this way simply gets no merges, and calamine reports the damage itself.
    """
    ranges: dict[str, list] = {}
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            table = None
            row = column = 0
            for event, element in DefusedElementTree.iterparse(content, ("start", "end")):
                tag = element.tag
                if tag == f"{_TABLE_NS}table":
                    if event == "start":
                        table = element.get(f"{_TABLE_NS}name")
                        ranges[table] = []
                        row = 0
                    else:
                        element.clear()
                elif tag == f"{_TABLE_NS}table-row":
                    if event == "start":
                        column = 0
                    else:
                        row += int(element.get(f"{_TABLE_NS}number-rows-repeated", 1))
                        element.clear()
                elif event == "start" and tag in (f"{_TABLE_NS}table-cell",
                                                  f"{_TABLE_NS}covered-table-cell"):
                    across = int(element.get(f"{_TABLE_NS}number-columns-spanned", 1))
                    down = int(element.get(f"{_TABLE_NS}number-rows-spanned", 1))
                    if table is not None and (across > 1 or down > 1):
                        ranges[table].append(((row, column),
                                              (row + down - 1, column + across - 1)))
                    column += int(element.get(f"{_TABLE_NS}number-columns-repeated", 1))
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, DefusedXmlException,
            DefusedElementTree.ParseError):
        return {}
    return ranges


CSV_DELIMITERS = (",", ";", "\t", "|")


def _line_ends(text: str) -> str:
    """The text with its rows ended by LF, as the csv module reads them: CR LF (Windows)
    and CR alone (old Mac OS) end rows; a CR alone in a file of more LF or CR LF rows is a
    stray character, a space. Either made the csv module raise, and the run end in a traceback,
    no outputs (QA round 46)."""
    if "\r" not in text:
        return text
    text = text.replace("\r\n", "\n")
    # CR alone ends the rows where it outnumbers LF: a Mac's CSV may hold an LF inside a
    # quoted cell ("Tổng số\nđảng viên"), QA round 47: read as one row, nothing counted.
    return text.replace("\r", "\n" if text.count("\r") >= text.count("\n") else " ")


def read_csv_rows(path: Path) -> list[list]:
    """The separator is the one under which the file has an attendance header.

    Vietnamese CSVs often use ";" with decimal commas ("96,5"), so counting characters is
    not enough: each candidate is parsed and the one whose header names the most known
    columns wins. Two candidates that both read as different tables are an error, not a guess.
    """
    from analysis.clean import find_header  # clean knows the column names

    text = _line_ends(decode_csv_bytes(path.read_bytes()))
    best_rows, best_score, tied = None, 0, []
    for delimiter in CSV_DELIMITERS:
        if delimiter not in text:
            continue
        try:
            rows = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        except csv.Error as error:  # never the whole run's end (QA round 46)
            raise ReadError(f"tệp CSV hỏng, không đọc được ({error}); hãy mở bằng Excel rồi "
                            "lưu lại dạng 'CSV UTF-8'",
                            f"a malformed CSV file ({error}); open it in Excel and save it "
                            "again as 'CSV UTF-8'") from error
        header = find_header(legacy.fix_grid(rows)[0])  # TCVN3/VNI headers read as Unicode
        score = len(header.columns) if header else 0
        if score > best_score:
            best_rows, best_score, tied = rows, score, [delimiter]
        elif score == best_score and score > 0:
            tied.append(delimiter)
    if len(tied) > 1:
        shown = " and ".join(repr(delimiter) for delimiter in tied)
        raise ReadError(
            f"tệp CSV đọc được thành bảng với dấu phân cách {shown.replace(' and ', ' hoặc ')}; "
            "hãy lưu lại với một loại dấu phân cách (Excel: 'CSV UTF-8')",
            f"the CSV reads as a table with either {shown} as separator; "
            "save it again with one separator (Excel: 'CSV UTF-8')",
        )
    if best_rows is None:  # no attendance header under any separator: one column, or notes
        best_rows = [list(row) for row in csv.reader(io.StringIO(text))]
    else:
        best_rows = _unswallowed(best_rows, tied[0])
    return [[_excel_text_cell(cell) for cell in row] for row in best_rows]


def _unswallowed(rows: list[list], delimiter: str) -> list[list]:
    """The rows with those a quote never closed took into its cell (a note typed '"đ/c
    Hùng ốm') given back: a cell holding a line break and, after it, the separator twice or
    more holds rows, not a note's lines. Read as one cell, those rows were lost without a
    word, the ward counted from the rows before it (QA round 89 #1). The cell keeps its
    first line; a note over two lines, quoted and closed, stays as it is."""
    result: list[list] = []
    for row in rows:
        for position, cell in enumerate(row):
            first, newline, rest = cell.partition("\n")
            if newline and rest.count(delimiter) >= 2:
                result.append([*row[:position], first])
                result.extend(_unswallowed(
                    [list(line) for line in csv.reader(io.StringIO(rest), delimiter=delimiter)],
                    delimiter))
                break
        else:
            result.append(row)
    return result


# How Excel users keep a number as text in a CSV: "'120" (the apostrophe Excel hides in a
# cell) and ="120" (a formula giving the text). Read, each is the number as typed.
_QUOTE_PREFIXED = re.compile(r"'([0-9][0-9.,/% ]*)")
_TEXT_FORMULA = re.compile(r'="(.*)"', re.DOTALL)


def _excel_text_cell(cell: str) -> str:
    """A CSV cell without Excel's marks for "keep this as text": every count of a file typed
    "'120" read as no figure, and its rows as the notes under a table (QA round 17 g14c)."""
    if cell[:1] not in ("'", "="):
        return cell
    match = _QUOTE_PREFIXED.fullmatch(cell) or _TEXT_FORMULA.fullmatch(cell)
    return match.group(1) if match else cell


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1258 is what Vietnamese Excel writes.

    TCVN3/VNI text saved as an 8-bit CSV is the font's own bytes, which only a one byte per
    character reading keeps intact (legacy.decode_legacy_bytes); read_sheets converts it.

    Excel's "Unicode text" is UTF-16 with a BOM. Windows-1258 writes tone marks as combining
    characters, so the text is normalised to NFC.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    legacy_text = legacy.decode_legacy_bytes(data)
    if legacy_text is not None:
        return legacy_text
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as error:
        raise ReadError(
            "tệp CSV không phải văn bản UTF-8 hay Windows-1258; hãy lưu lại thành 'CSV UTF-8'",
            "the CSV is neither UTF-8 nor Windows-1258 text; save it again as 'CSV UTF-8'",
        ) from error


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def check_container(path: Path) -> bool:
    """Name the common cases in words before a parser reports them in its own terms.

    Returns True when the file is a workbook of another format than its name says.
    """
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if not head:
        raise ReadError("tệp rỗng, 0 byte", "the file is empty, 0 bytes")
    if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods") and head.startswith(_OLE_MAGIC):
        # An encrypted Office file is an OLE container holding an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes()[:1 << 20] or \
                suffix != ".xlsx":
            raise ReadError(*PASSWORD_PROTECTED)
        # An old .xls saved under an .xlsx name is read for what it is, as an .xlsx named .xls
        # is (QA round 46: refused, its ward left out of the rate).
        return True
    if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods") and not head.startswith(_ZIP_MAGIC):
        raise ReadError(f"tệp không phải bảng tính {suffix}: bị hỏng, hoặc là loại tệp khác "
                        "bị đổi tên",
                        f"the file is not a {suffix} workbook: damaged, or another kind of "
                        "file renamed")
    if head.startswith(_ZIP_MAGIC):
        check_archive(path)
    if suffix == ".xls" and not head.startswith(_OLE_MAGIC):
        if head.startswith(_ZIP_MAGIC):
            return True  # an .xlsx named .xls
        raise ReadError("tệp không phải bảng tính Excel 97-2003: bị hỏng, hoặc là loại tệp "
                        "khác bị đổi tên, ví dụ trang web lưu thành .xls",
                        "the file is not an Excel 97-2003 workbook: damaged, or another kind "
                        "of file renamed, e.g. a web page saved as .xls")
    return False


# A workbook is a zip of XML files. Real ones unpack to at most tens of MB and compress
# their sheets 5-20 times; a "zip bomb" declares gigabytes at ratios in the hundreds and
# makes any parser spend minutes and gigabytes. The declared sizes are checked before any
# parser runs (the parser's zip reader stops at the declared size, so a lie only truncates).
MAX_UNPACKED_BYTES = 1 << 30
MAX_MEMBER_RATIO = 100
RATIO_FLOOR_BYTES = 8 << 20
MAX_MEMBERS = 10_000


def check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ReadError(*damaged_file_message(error)) from error
    if len(members) > MAX_MEMBERS:
        raise ReadError(f"bảng tính gồm {len(members)} phần; bị từ chối vì không an toàn, "
                        "bảng tính thật chỉ có vài chục phần",
                        f"the workbook holds {len(members)} parts; refused as unsafe, "
                        "a real workbook has a few dozen")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        size = f"{unpacked / (1 << 30):.1f}"
        raise ReadError(f"bảng tính giải nén ra {size.replace('.', ',')} GiB; bị từ chối vì "
                        "có thể là tệp độc hại (zip bomb); đề nghị đơn vị gửi lại tệp",
                        f"the workbook would unpack to {size} GiB; refused as a possible zip "
                        "bomb; ask the unit to send the file again")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_MEMBER_RATIO:
            size = f"{member.file_size / (1 << 20):.0f} MiB"
            raise ReadError(f"phần {member.filename} giải nén ra gấp {ratio:.0f} lần kích "
                            f"thước, {size}; bị từ chối vì có thể là tệp độc hại (zip bomb)",
                            f"part {member.filename} unpacks {ratio:.0f} times its size, "
                            f"{size}; refused as a possible zip bomb")


def damaged_file_message(error: object) -> tuple[str, str]:
    """A file no reader can open: what to do in Vietnamese, the reader's words in English."""
    return ("tệp bị hỏng hoặc không phải bảng tính thật (có thể bị cắt ngang khi gửi): hãy "
            "thử mở bằng Excel; nếu không mở được, đề nghị đơn vị gửi lại",
            f"the file is damaged or not a real workbook: {error}")


PASSWORD_PROTECTED = (
    "bảng tính có đặt mật khẩu; đề nghị đơn vị gửi lại bản không đặt mật khẩu",
    "the workbook is password-protected; ask the unit for a copy without a password",
)


def _describe_workbook_error(error: Exception) -> tuple[str, str]:
    """The parser's own words, inside a sentence an analyst can act on (Vietnamese, English)."""
    text = str(error).strip() or type(error).__name__
    lowered = text.lower()
    if "password" in lowered or "encrypt" in lowered:
        return PASSWORD_PROTECTED
    if "zip" in lowered or "invalid" in lowered or "cfb" in lowered:
        return damaged_file_message(text)
    return f"lỗi của trình đọc bảng tính: {text}", f"the reader's error: {text}"

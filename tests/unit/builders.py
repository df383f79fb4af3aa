"""Real input files for the loader tests: .xlsx (openpyxl), .ods (odf), .csv bytes, campaign.toml.

Nothing here is a stand-in for a parser: every helper writes a file to disk that the loader
then opens with the same code path an analyst's file goes through.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from analysis.campaign import load_campaign
from analysis.ingest import Ingest, ingest_campaign

Row = Sequence[object]

TWO_PHASES = (("1", "Giai đoạn 1"), ("2", "Giai đoạn 2"))


@dataclass(frozen=True)
class Sheet:
    """One worksheet: rows from spreadsheet row 1 down, None for an empty cell."""

    name: str
    rows: Sequence[Row] = ()
    merges: Sequence[str] = ()  # "A1:F1", ...
    hidden: bool = False
    hidden_rows: Sequence[int] = ()  # rows hidden by hand, 1-based
    autofilter: str | None = None  # "A4:E9": a filter over the table


def write_campaign(
    folder: Path,
    *,
    phases: Iterable[tuple[str, str]] = TWO_PHASES,
    sources: Iterable[dict[str, object]] = ({"glob": "gd1/*", "phase": "1"},),
    units: Iterable[dict[str, object]] = (),
    campaign_id: str = "t",
) -> Path:
    """campaign.toml with the given phases, [[sources]] rules and [[units]].

    Values are strings or lists of strings (for a unit's `aliases`).
    """
    lines = ["[campaign]", f'id = "{campaign_id}"', ""]
    for phase_id, label in phases:
        lines += ["[[phases]]", f'id = "{phase_id}"', f'label = "{label}"', ""]
    for table, entries in (("sources", sources), ("units", units)):
        for entry in entries:
            lines.append(f"[[{table}]]")
            lines += [f"{key} = {_toml_value(value)}" for key, value in entry.items()]
            lines.append("")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "campaign.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _toml_value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_xlsx(path: Path, *sheets: Sheet) -> Path:
    """A real workbook; merged ranges keep their value in the top-left cell only, as in Excel."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        worksheet = workbook.create_sheet(spec.name)
        for row in spec.rows:
            worksheet.append(list(row))
        for cell_range in spec.merges:
            worksheet.merge_cells(cell_range)
        if spec.hidden:
            worksheet.sheet_state = "hidden"
        for row in spec.hidden_rows:
            worksheet.row_dimensions[row].hidden = True
        if spec.autofilter:
            worksheet.auto_filter.ref = spec.autofilter
    workbook.save(path)
    return path


def write_ods(path: Path, rows: Sequence[Row], sheet_name: str = "Sheet1", *,
              hidden_rows: Sequence[int] = (), filter_range: str | None = None) -> Path:
    """A real OpenDocument spreadsheet written by pandas' odf engine, no header, no index;
    `hidden_rows` (1-based) hidden by hand and `filter_range` ("A2:C6") given filter buttons,
    as LibreOffice saves them, by odfpy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width = max(len(row) for row in rows)
    padded = [list(row) + [None] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(padded, dtype=object)
    frame.to_excel(path, engine="odf", header=False, index=False, sheet_name=sheet_name)
    if hidden_rows or filter_range:
        from odf.opendocument import load
        from odf.table import DatabaseRange, DatabaseRanges, Table, TableRow

        document = load(str(path))
        table = document.spreadsheet.getElementsByType(Table)[0]
        for number, row in enumerate(table.getElementsByType(TableRow), 1):
            if number in hidden_rows:
                row.setAttribute("visibility", "collapse")
        if filter_range:
            first, last = filter_range.split(":")
            ranges = DatabaseRanges()
            ranges.addElement(DatabaseRange(
                name="__Anonymous_Sheet_DB__0", displayfilterbuttons="true",
                targetrangeaddress=f"'{sheet_name}'.{first}:'{sheet_name}'.{last}"))
            document.spreadsheet.addElement(ranges)
        document.save(str(path))
    return path


def csv_text(rows: Sequence[Row], delimiter: str = ",") -> str:
    return "".join(
        delimiter.join("" if value is None else str(value) for value in row) + "\r\n"
        for row in rows
    )


# cp1258 has precomposed â ê ô ơ ư ă đ but writes the five tones as combining marks.
_CP1258_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Vietnamese text as Windows-1258 bytes, the way Vietnamese Excel saves a CSV."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in _CP1258_TONES)
        base = unicodedata.normalize(
            "NFC", "".join(mark for mark in decomposed if mark not in _CP1258_TONES)
        )
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def ingest(folder: Path) -> Ingest:
    """The loader's public path: campaign.toml -> Campaign -> Ingest."""
    return ingest_campaign(load_campaign(folder))


def file_entry(result: Ingest, relative: str) -> dict:
    matches = [entry for entry in result.files if entry["file"] == relative]
    assert len(matches) == 1, f"{relative} not exactly once in the manifest"
    return matches[0]


def sheet_entry(result: Ingest, relative: str, sheet: str) -> dict:
    matches = [entry for entry in file_entry(result, relative)["sheets"]
               if entry["sheet"] == sheet]
    assert len(matches) == 1, f"{relative}/{sheet} not exactly once in the manifest"
    return matches[0]


def reasons_by_row(result: Ingest, relative: str) -> dict[int, str]:
    rejects = result.rejects[result.rejects["source_file"] == relative]
    return {int(row): reason for row, reason in zip(rejects["source_row"], rejects["reason"],
                                                    strict=True)}


def record_tuples(records: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    """Records as plain Python tuples, in spreadsheet order, for exact comparisons."""
    ordered = records.sort_values(["source_file", "sheet", "source_row"], kind="stable")
    return [
        tuple(None if pd.isna(value) else value for value in row)
        for row in ordered[list(columns)].itertuples(index=False, name=None)
    ]


def ward_totals(records: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Each ward's (expected, attended), summed over its records."""
    sums = records.groupby("ward")[["expected", "attended"]].sum()
    return {ward: (int(row.expected), int(row.attended))
            for ward, row in sums.iterrows()}


def flag_tuples(flags: pd.DataFrame, rule: str, columns: Sequence[str]) -> list[tuple]:
    """One quality rule's flags as plain Python tuples of `columns`, missing values None."""
    return [tuple(None if pd.isna(value) else value for value in row)
            for row in flags.loc[flags["rule"] == rule, list(columns)]
            .itertuples(index=False, name=None)]


def assert_accounting(result: Ingest) -> None:
    """Rows read = accepted + rejected, per sheet and per file, and the manifest's numbers
    are the records and rejects actually returned (a file or sheet reject has no row)."""
    for entry in result.files:
        for sheet in entry["sheets"]:
            assert sheet["rows_read"] == sheet["rows_accepted"] + sheet["rows_rejected"], sheet
        assert entry["rows_read"] == entry["rows_accepted"] + entry["rows_rejected"], entry
        in_file = result.records["source_file"] == entry["file"]
        row_rejects = (result.rejects["source_file"] == entry["file"]) & \
            result.rejects["source_row"].notna()
        assert int(in_file.sum()) == entry["rows_accepted"], entry["file"]
        assert int(row_rejects.sum()) == entry["rows_rejected"], entry["file"]

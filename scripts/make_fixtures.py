"""Generate the loader's fixture suite: ``tests/fixtures/<kind>/`` and ``<kind>.expected.json``.

One folder per kind of mess that real attendance files arrive with. Each folder is a complete
campaign (``campaign.toml`` plus spreadsheets, sub-folders allowed) and, beside it,
``<kind>.expected.json`` holds what the loader must make of it: the participation table by
(phase, ward) with all five counts, the rows read and accepted, every reject (file, sheet, row,
reason tag), every totals/rate mismatch with both numbers, the status of every sheet.

Every figure in the expected files is typed here by hand, with its arithmetic in a comment
beside it; nothing is computed by the ``analysis`` package, which this script never imports.
The files are tiny and synthetic: invented counts, placeholder names ("Nguyễn Văn A").

Workbooks are built with openpyxl; the legacy .xls and the .ods are converted from them by
LibreOffice (``soffice``), so they are files a real office suite wrote. The password-protected
workbook is encrypted with msoffcrypto-tool (the project's ``dev`` extra). Without either
tool the script says so and stops.

Deterministic: no randomness except msoffcrypto's salts and keys, which are drawn from a fixed
seed; zip entry dates and document timestamps are pinned, so a re-run gives the same bytes.

Run: ``.venv/bin/python scripts/make_fixtures.py``
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXED_DATETIME = dt.datetime(2015, 11, 28)
FIXED_ZIP_DATE = (2015, 11, 28, 0, 0, 0)
ENCRYPTION_SEED = 1258
PASSWORD = "matkhau"

Row = Sequence[object]


# --------------------------------------------------------------------------------------------
# Writing files
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One worksheet: rows from spreadsheet row 1 down, None for an empty cell."""

    name: str
    rows: Sequence[Row] = ()
    merges: Sequence[str] = ()
    hidden: bool | str = False  # True, or "veryHidden"


def workbook(*sheets: Sheet) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for row in spec.rows:
            ws.append(list(row))
        for cell_range in spec.merges:
            ws.merge_cells(cell_range)
        if spec.hidden:
            ws.sheet_state = spec.hidden if isinstance(spec.hidden, str) else "hidden"
    wb.properties.created = FIXED_DATETIME
    wb.properties.modified = FIXED_DATETIME
    wb.properties.creator = "scripts/make_fixtures.py"
    wb.properties.lastModifiedBy = "scripts/make_fixtures.py"
    return wb


def write_xlsx(path: Path, *sheets: Sheet, macro_enabled: bool = False) -> Path:
    """A real .xlsx (or, with macro_enabled, an .xlsm: same parts, macro-enabled content type)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook(*sheets).save(path)
    patch = None
    if macro_enabled:
        def patch(name: str, data: bytes) -> bytes:
            if name != "[Content_Types].xml":
                return data
            return data.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
    normalise_zip(path, patch)
    return path


def normalise_zip(path: Path, patch: Callable[[str, bytes], bytes] | None = None) -> None:
    """Rewrite a zip (xlsx/xlsm/ods) with pinned entry dates and document timestamps."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    stamp = FIXED_DATETIME.strftime("%Y-%m-%dT%H:%M:%S")
    with zipfile.ZipFile(path, "w") as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + stamp.encode() + b"Z" + m.group(2), data)
            if info.filename == "meta.xml":  # OpenDocument
                data = re.sub(rb"(<(dc:date|meta:creation-date)>)[^<]*(</\2>)",
                              lambda m: m.group(1) + stamp.encode() + m.group(3), data)
            if info.filename == "styles.xml":  # LibreOffice writes page styles in hash order
                data = re.sub(rb"(<office:master-styles>)(.*?)(</office:master-styles>)",
                              lambda m: m.group(1) + _sorted_master_pages(m.group(2))
                              + m.group(3), data, flags=re.DOTALL)
            if patch:
                data = patch(info.filename, data)
            pinned = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            pinned.compress_type = info.compress_type
            pinned.create_system = 3
            pinned.external_attr = (0o40755 if info.filename.endswith("/") else 0o644) << 16
            dst.writestr(pinned, data)


def _sorted_master_pages(block: bytes) -> bytes:
    pages = re.findall(rb"<style:master-page\b.*?</style:master-page>", block, flags=re.DOTALL)
    if not pages or b"".join(pages) != block:
        return block  # anything else in the block: leave it exactly as written
    return b"".join(sorted(pages))


def corrupt_sheet_xml(path: Path, sheet_part: str) -> None:
    """Cut one worksheet's XML in half: the workbook opens, that sheet cannot be parsed."""
    normalise_zip(path, lambda name, data: data[: len(data) // 2] if name == sheet_part else data)


def encrypt_xlsx(source: Path, target: Path) -> None:
    """Password-protect a workbook the way Excel does (ECMA-376 agile encryption)."""
    try:
        import msoffcrypto
        from msoffcrypto.method import ecma376_agile
        from msoffcrypto.method.container import ecma376_encrypted
    except ImportError:
        sys.exit("make_fixtures: msoffcrypto-tool is needed for the password-protected "
                 "workbook; install the dev extra: .venv/bin/pip install -e '.[dev]'")

    class PinnedClock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED_DATETIME

    # Same bytes on every run: salts and keys from a fixed seed, the OLE directory's
    # creation/modification times pinned (msoffcrypto stamps datetime.now()).
    saved = ecma376_agile._random_buffer, ecma376_encrypted.datetime
    ecma376_agile._random_buffer = random.Random(ENCRYPTION_SEED).randbytes
    ecma376_encrypted.datetime = PinnedClock
    try:
        with source.open("rb") as plain, target.open("wb") as out:
            msoffcrypto.OfficeFile(plain).encrypt(PASSWORD, out)
    finally:
        ecma376_agile._random_buffer, ecma376_encrypted.datetime = saved


class LibreOffice:
    """`soffice --headless --convert-to` with a private profile, so that it runs anywhere."""

    def __init__(self, scratch: Path) -> None:
        self.binary = shutil.which("soffice") or shutil.which("libreoffice")
        if not self.binary:
            sys.exit("make_fixtures: LibreOffice (soffice) is needed to write the .xls and .ods "
                     "fixtures and was not found; install it (Debian: apt-get install "
                     "libreoffice-calc) and run again.")
        self.profile = (scratch / "lo-profile").resolve()
        self.scratch = scratch

    def convert(self, source: Path, target: Path) -> Path:
        """source.xlsx -> target (.xls or .ods, from target's suffix)."""
        fmt = target.suffix.lstrip(".")
        out_dir = self.scratch / f"out-{fmt}"
        out_dir.mkdir(parents=True, exist_ok=True)
        completed = subprocess.run(
            [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
             "--convert-to", fmt, "--outdir", str(out_dir), str(source)],
            capture_output=True, text=True, timeout=300, check=False,
        )
        produced = out_dir / f"{source.stem}.{fmt}"
        if completed.returncode != 0 or not produced.is_file():
            sys.exit(f"make_fixtures: soffice could not convert {source.name} to .{fmt}:\n"
                     f"{completed.stdout}{completed.stderr}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(produced, target)
        if fmt == "ods":
            normalise_zip(target)
        return target


# cp1258 has precomposed â ê ô ơ ư ă đ but writes the five tones as combining marks.
_CP1258_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Vietnamese text as Windows-1258 bytes, tone marks combining, as Vietnamese Excel saves."""
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
            "NFC", "".join(mark for mark in decomposed if mark not in _CP1258_TONES))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def write_csv(path: Path, rows: Sequence[Row], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    """CSV as Excel writes it (CRLF, minimal quoting) in utf-8, utf-8-sig, cp1258 or utf-16."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    text = buffer.getvalue()
    if encoding == "cp1258":
        data = encode_cp1258(text)
    elif encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")  # Excel's "Unicode text"
    else:
        data = text.encode(encoding)
    return write_bytes(path, data)


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def campaign_toml(kind: str, *, sources: Sequence[tuple[str, str]] = (("gd1/*", "1"),
                                                                        ("gd2/*", "2")),
                  units: Sequence[dict] = ()) -> str:
    """Phases 1 and 2; [[sources]] (glob, phase); optional [[units]]."""
    lines = ["[campaign]", f'id = "fixture-{kind}"', f'title = "Fixture: {kind}"', "",
             "[[phases]]", 'id = "1"', 'label = "Giai đoạn 1"', "",
             "[[phases]]", 'id = "2"', 'label = "Giai đoạn 2"', ""]
    for glob, phase in sources:
        lines += ["[[sources]]", f'glob = "{glob}"', f'phase = "{phase}"', ""]
    for unit in units:
        lines.append("[[units]]")
        for key, value in unit.items():
            shown = ("[" + ", ".join(f'"{v}"' for v in value) + "]"
                     if isinstance(value, list) else f'"{value}"')
            lines.append(f"{key} = {shown}")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Writing expectations (literal numbers; the only "computation" is a self-check of the sums)
# --------------------------------------------------------------------------------------------


def ward(phase: str, name: str, expected: int, attended: int, excused: int = 0,
         unexcused: int = 0, unspecified: int = 0, kind: str = "ward") -> dict:
    """One row of the hand-worked participation table."""
    if attended + excused + unexcused + unspecified != expected:
        raise SystemExit(f"make_fixtures: hand arithmetic wrong for {phase}/{name}: "
                         f"{attended}+{excused}+{unexcused}+{unspecified} != {expected}")
    return {"phase": phase, "ward": name, "kind": kind, "expected": expected,
            "attended": attended, "absent_excused": excused, "absent_unexcused": unexcused,
            "absent_unspecified": unspecified}


def reject(source_file: str, sheet: str | None, source_row: int | None, *contains: str) -> dict:
    return {"source_file": source_file, "sheet": sheet, "source_row": source_row,
            "reason_contains": list(contains)}


def mismatch(source_file: str, sheet: str, source_row: int, check: str, column: str,
             stated: float, computed: float) -> dict:
    return {"source_file": source_file, "sheet": sheet, "source_row": source_row,
            "check": check, "column": column, "stated": stated, "computed": computed}


def file_counts(read: int, accepted: int, rejected: int, status: str = "read") -> dict:
    if read != accepted + rejected:
        raise SystemExit(f"make_fixtures: hand accounting wrong: {read} != {accepted} + "
                         f"{rejected}")
    return {"status": status, "rows_read": read, "rows_accepted": accepted,
            "rows_rejected": rejected}


UNREADABLE = {"status": "unreadable", "rows_read": 0, "rows_accepted": 0, "rows_rejected": 0}


def expectation(kind: str, about: list[str], *, ward_phase: list[dict], rows_read: int,
                rows_accepted: int, files: dict, sheets: dict, hidden: Sequence[str] = (),
                rejects: Sequence[dict] = (), mismatches: Sequence[dict] = (),
                checks_ok: int = 0, layout: dict | None = None,
                ignored_files: Sequence[str] = (), fatal: dict | None = None) -> dict:
    return {
        "kind": kind,
        "about": about,
        "ward_phase": ward_phase,
        "rows_read": rows_read,
        "rows_accepted": rows_accepted,
        "rows_rejected": rows_read - rows_accepted,
        "files": files,
        "sheets": sheets,
        "hidden": list(hidden),
        "layout": layout or {},
        "rejects": list(rejects),
        "mismatches": list(mismatches),
        "checks_ok": checks_ok,
        "ignored_files": list(ignored_files),
        "fatal": fatal,
    }


# --------------------------------------------------------------------------------------------
# Shared pieces of layout
# --------------------------------------------------------------------------------------------

SIGNATURE = [
    [],
    [None, None, None, "Long Biên, ngày 15 tháng 9 năm 2015"],
    [None, "Người lập biểu", None, None, "BÍ THƯ"],
    [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
    [],
    [None, "Nguyễn Văn A", None, None, "Trần Thị B"],
]
SIMPLE_HEADER = ["Phường", "Tổng số đảng viên", "Có mặt"]

FIXTURE_BUILDERS: list[tuple[str, Callable[[Path, Path, LibreOffice], dict]]] = []


def fixture(kind: str):
    def register(function):
        FIXTURE_BUILDERS.append((kind, function))
        return function
    return register


# --------------------------------------------------------------------------------------------
# formats
# --------------------------------------------------------------------------------------------


@fixture("formats-xls")
def formats_xls(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """A legacy .xls written by LibreOffice, and an .xlsx that was renamed to .xls."""
    summary = Sheet(
        "Tổng hợp",
        [
            ["ĐẢNG BỘ QUẬN LONG BIÊN"],  # row 1, merged A1:F1
            ["BÁO CÁO KẾT QUẢ HỌC TẬP NGHỊ QUYẾT"],  # row 2, merged A2:F2
            [],  # row 3
            ["STT", "Phường", "Tổng số đảng viên", "Có mặt", "Vắng", None],  # row 4
            [None, None, None, None, "Có lý do", "Không lý do"],  # row 5
            [1, "P. Bồ Đề", 45, 40, 3, 2],  # row 6: 40 + 3 + 2 = 45
            [2, "Cự Khối", 30, 27, 1, 2],  # row 7: 27 + 1 + 2 = 30
            [3, "Đức Giang", 52, 50, 2, 0],  # row 8: 50 + 2 + 0 = 52
            # row 9: formulas; LibreOffice stores their values 127, 117, 6, 4 in the .xls
            [None, "Tổng cộng", "=SUM(C6:C8)", "=SUM(D6:D8)", "=SUM(E6:E8)", "=SUM(F6:F8)"],
            *SIGNATURE,  # rows 10-15: blank, date line, titles, "(Ký...)", blank, names
        ],
        merges=["A1:F1", "A2:F2", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:F4"],
    )
    hidden = Sheet("Ẩn", [SIMPLE_HEADER, ["Gia Thụy", 20, 18]], hidden=True)  # 20 - 18 = 2
    source = write_xlsx(scratch / "bao_cao_gd1.xlsx", summary, hidden, Sheet("Trống"))
    office.convert(source, folder / "gd1" / "bao_cao_gd1.xls")
    # An .xlsx saved with a .xls name: the content decides the format.
    write_xlsx(folder / "gd2" / "doi_ten.xls",
               Sheet("Sheet1", [["Phường", "Tổng số đảng viên", "Có mặt", "Vắng"],
                                ["Bồ Đề", 46, 44, 2]]))  # 44 + 2 = 46, reason not given
    xls, renamed = "gd1/bao_cao_gd1.xls", "gd2/doi_ten.xls"
    return expectation(
        "formats-xls",
        ["legacy .xls converted by LibreOffice: merged title rows, two-row header with 'Vắng' "
         "merged over 'Có lý do'/'Không lý do', totals row of =SUM formulas (cached values), "
         "signature block, a hidden sheet with a table, an empty sheet",
         "an .xlsx renamed to .xls (read by content)"],
        ward_phase=[
            ward("1", "Bồ Đề", 45, 40, 3, 2, 0),
            ward("1", "Cự Khối", 30, 27, 1, 2, 0),
            ward("1", "Đức Giang", 52, 50, 2, 0, 0),
            ward("1", "Gia Thụy", 20, 18, 0, 0, 2),  # hidden sheet: 20 - 18 = 2 unspecified
            ward("2", "Bồ Đề", 46, 44, 0, 0, 2),  # "Vắng" 2 without a reason split
        ],
        rows_read=5,  # xls: 3 + 1; renamed: 1
        rows_accepted=5,
        files={xls: file_counts(4, 4, 0), renamed: file_counts(1, 1, 0)},
        sheets={f"{xls}|Tổng hợp": "table", f"{xls}|Ẩn": "table", f"{xls}|Trống": "empty",
                f"{renamed}|Sheet1": "table"},
        hidden=[f"{xls}|Ẩn"],
        layout={f"{xls}|Tổng hợp": {"header_row": 4, "totals_rows": [9],
                                    "footer_rows": [11, 12, 13, 15]}},
        # Row 9: 45 + 30 + 52 = 127, 40 + 27 + 50 = 117, 3 + 1 + 2 = 6, 2 + 2 + 0 = 4: 4 ok.
        checks_ok=4,
    )


@fixture("formats-xlsm")
def formats_xlsm(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """A macro-enabled workbook (.xlsm): a table sheet and a notes sheet."""
    path = "gd1/bao_cao.xlsm"
    write_xlsx(
        folder / path,
        Sheet("Phường", [
            ["STT", "Đơn vị", "Số đảng viên", "Số có mặt", "Vắng có lý do",
             "Vắng không lý do"],  # row 1
            [1, "Ngọc Lâm", 25, 24, 1, 0],  # row 2: 24 + 1 + 0 = 25
            [2, "Việt Hưng", 40, 36, 2, 2],  # row 3: 36 + 2 + 2 = 40
            ["Cộng", None, 65, 60, 3, 2],  # row 4: 25+40 = 65, 24+36 = 60, 1+2 = 3, 0+2 = 2
        ]),
        Sheet("Ghi chú", [["Ghi chú"], ["Số liệu tính đến ngày 30/9/2015."],
                          ["Người lập: Nguyễn Văn A"]]),
        macro_enabled=True,
    )
    return expectation(
        "formats-xlsm",
        ["macro-enabled .xlsm (macroEnabled content type)", "'Cộng' totals label in the STT "
         "column", "a notes sheet without an attendance table (skipped, named)"],
        ward_phase=[
            ward("1", "Ngọc Lâm", 25, 24, 1, 0, 0),
            ward("1", "Việt Hưng", 40, 36, 2, 2, 0),
        ],
        rows_read=2,
        rows_accepted=2,
        files={path: file_counts(2, 2, 0)},
        sheets={f"{path}|Phường": "table", f"{path}|Ghi chú": "no_table"},
        layout={f"{path}|Phường": {"header_row": 1, "totals_rows": [4], "footer_rows": []}},
        checks_ok=4,  # row 4: all four count columns agree
    )


@fixture("formats-ods")
def formats_ods(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """An OpenDocument spreadsheet written by LibreOffice, with a phase column and a rate."""
    main = Sheet(
        "GĐ2",
        [
            ["BÁO CÁO KẾT QUẢ HỌC TẬP"],  # row 1, merged A1:F1
            ["Giai đoạn 2 - các phường"],  # row 2
            ["STT", "Tên phường", "Giai đoạn", "Tổng số", "Tham dự", "Tỷ lệ (%)"],  # row 3
            [1, "Phúc Đồng", "Giai đoạn 2", 12, 12, "100%"],  # row 4: 12/12 = 100%
            [2, "Phúc Lợi", "GĐ2", 28, 21, 0.75],  # row 5: 21/28 = 0.75
            [3, "Sài Đồng", 2, 40, 38, "95%"],  # row 6: phase typed as the number 2; 38/40
            # row 7: 12 + 28 + 40 = 80; 12 + 21 + 38 = 71 (formulas, values cached by LO)
            [None, "Tổng cộng", None, "=SUM(D4:D6)", "=SUM(E4:E6)", None],
        ],
        merges=["A1:F1", "A2:F2"],
    )
    hidden = Sheet("Ẩn GĐ1", [["Phường", "Giai đoạn", "Tổng số đảng viên", "Có mặt"],
                              ["Thạch Bàn", "Giai đoạn 1", 15, 14]], hidden=True)  # 15-14 = 1
    source = write_xlsx(scratch / "bao_cao.xlsx", main, hidden, Sheet("Trống"))
    path = "gd2/bao_cao.ods"
    office.convert(source, folder / path)
    return expectation(
        "formats-ods",
        ["OpenDocument .ods converted by LibreOffice: merged title rows, 'Giai đoạn' column "
         "('Giai đoạn 2', 'GĐ2', the number 2), typed rates that agree with the counts, "
         "=SUM totals row, a hidden sheet of another phase, an empty sheet"],
        ward_phase=[
            ward("1", "Thạch Bàn", 15, 14, 0, 0, 1),
            ward("2", "Phúc Đồng", 12, 12, 0, 0, 0),
            ward("2", "Phúc Lợi", 28, 21, 0, 0, 7),  # 28 - 21 = 7
            ward("2", "Sài Đồng", 40, 38, 0, 0, 2),  # 40 - 38 = 2
        ],
        rows_read=4,  # 3 + 1
        rows_accepted=4,
        files={path: file_counts(4, 4, 0)},
        sheets={f"{path}|GĐ2": "table", f"{path}|Ẩn GĐ1": "table", f"{path}|Trống": "empty"},
        hidden=[f"{path}|Ẩn GĐ1"],
        layout={f"{path}|GĐ2": {"header_row": 3, "totals_rows": [7], "footer_rows": []}},
        checks_ok=2,  # row 7: "Tổng số" 80 and "Tham dự" 71 agree; rates raise no mismatch
    )


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------


@fixture("csv-variants")
def csv_variants(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """The same kind of table in every encoding and separator Vietnamese offices produce."""
    split_header = ["Phường", "Tổng số đảng viên", "Có mặt", "Vắng có lý do",
                    "Vắng không lý do"]
    write_csv(folder / "gd1/utf8_bom_comma.csv",
              [split_header,
               ["Bồ Đề", 45, 40, 3, 2],  # 40 + 3 + 2 = 45
               ["Cự Khối", 30, 27, 1, 2]],  # 27 + 1 + 2 = 30
              delimiter=",", encoding="utf-8-sig")
    write_csv(folder / "gd1/utf8_semicolon.csv",
              [["Phường", "Tổng số đảng viên", "Có mặt", "Tỷ lệ (%)"],
               ["Đức Giang", "1.250", "1.200", "96,0%"],  # 1200/1250 = 0.96
               ["Gia Thụy", "52", "50", "96,2%"]],  # 50/52 = 0.9615, typed 0.962: agrees
              delimiter=";", encoding="utf-8")
    write_csv(folder / "gd1/utf8_comma_quoted.csv",
              [["Phường", "Tổng số đảng viên", "Có mặt", "Tỷ lệ"],
               ["Giang Biên", 40, 38, "95,0%"]],  # quoted "95,0%": 38/40 = 0.95
              delimiter=",", encoding="utf-8")
    write_csv(folder / "gd1/cp1258_semicolon.csv",
              [["BÁO CÁO SỐ LIỆU HỌC TẬP", None, None, None],  # row 1: title
               ["Phường", "Tổng số đảng viên", "Có mặt", "Vắng"],  # row 2
               ["Thượng Thanh", 33, 30, 3],  # row 3: 30 + 3 = 33
               ["Ngọc Thụy", 18, 18, 0],  # row 4
               ["Tổng cộng", 51, 48, 3]],  # row 5: 33 + 18 = 51; 30 + 18 = 48; 3 + 0 = 3
              delimiter=";", encoding="cp1258")
    write_csv(folder / "gd2/cp1258_comma.csv",
              [["Đơn vị", "Giai đoạn", "Số đảng viên", "Số có mặt"],
               ["Long Biên", "Giai đoạn 2", 22, 20]],  # 22 - 20 = 2
              delimiter=",", encoding="cp1258")
    write_csv(folder / "gd2/utf16_tab.csv",
              [SIMPLE_HEADER, ["Phúc Lợi", 10, 9]],  # 10 - 9 = 1
              delimiter="\t", encoding="utf-16")
    files = {
        "gd1/cp1258_semicolon.csv": file_counts(2, 2, 0),
        "gd1/utf8_bom_comma.csv": file_counts(2, 2, 0),
        "gd1/utf8_comma_quoted.csv": file_counts(1, 1, 0),
        "gd1/utf8_semicolon.csv": file_counts(2, 2, 0),
        "gd2/cp1258_comma.csv": file_counts(1, 1, 0),
        "gd2/utf16_tab.csv": file_counts(1, 1, 0),
    }
    return expectation(
        "csv-variants",
        ["UTF-8 with BOM, comma", "UTF-8 without BOM, semicolon, '1.250' thousands and '96,0%' "
         "decimal-comma rates", "UTF-8, comma, quoted '95,0%'", "Windows-1258 (combining tone "
         "marks), semicolon (title line and totals row) and comma",
         "UTF-16 with BOM, tab (Excel 'Unicode text')"],
        ward_phase=[
            ward("1", "Bồ Đề", 45, 40, 3, 2, 0),
            ward("1", "Cự Khối", 30, 27, 1, 2, 0),
            ward("1", "Đức Giang", 1250, 1200, 0, 0, 50),  # 1250 - 1200 = 50
            ward("1", "Gia Thụy", 52, 50, 0, 0, 2),
            ward("1", "Giang Biên", 40, 38, 0, 0, 2),
            ward("1", "Thượng Thanh", 33, 30, 0, 0, 3),
            ward("1", "Ngọc Thụy", 18, 18, 0, 0, 0),
            ward("2", "Long Biên", 22, 20, 0, 0, 2),
            ward("2", "Phúc Lợi", 10, 9, 0, 0, 1),
        ],
        rows_read=9,  # 2 + 2 + 1 + 2 + 1 + 1
        rows_accepted=9,
        files=files,
        sheets={f"{name}|(csv)": "table" for name in files},
        layout={"gd1/cp1258_semicolon.csv|(csv)": {"header_row": 2, "totals_rows": [5]}},
        checks_ok=3,  # cp1258 row 5: the three count columns agree; the typed rates agree too
    )


AMBIGUOUS_CSV = (
    # Two exports pasted one under the other, one saved with "," and one with ";": read with
    # either separator it is a table with three known columns, so no separator can be chosen.
    "Phường,Tổng số đảng viên,Có mặt\r\n"
    "Bồ Đề,45,40\r\n"
    "Phường;Tổng số đảng viên;Có mặt\r\n"
    "Cự Khối;30;27\r\n"
)


@fixture("csv-ambiguous")
def csv_ambiguous(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    write_text(folder / "gd1/hai_dau_phan_cach.csv", AMBIGUOUS_CSV)
    write_csv(folder / "gd1/tot.csv", [SIMPLE_HEADER, ["Việt Hưng", 40, 36]])  # 40 - 36 = 4
    bad = "gd1/hai_dau_phan_cach.csv"
    return expectation(
        "csv-ambiguous",
        ["a CSV that reads as a table with ',' and with ';' is one reject naming the file; the "
         "other CSV still counts"],
        ward_phase=[ward("1", "Việt Hưng", 40, 36, 0, 0, 4)],
        rows_read=1,
        rows_accepted=1,
        files={bad: UNREADABLE, "gd1/tot.csv": file_counts(1, 1, 0)},
        sheets={"gd1/tot.csv|(csv)": "table"},
        rejects=[reject(bad, None, None, "(unreadable file:", "separator")],
    )


@fixture("csv-ambiguous-only")
def csv_ambiguous_only(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    bad = "gd1/hai_dau_phan_cach.csv"
    write_text(folder / bad, AMBIGUOUS_CSV)
    return expectation(
        "csv-ambiguous-only",
        ["the only file is an ambiguous CSV: nothing readable, the run stops with exit 2 and "
         "one sentence naming the file"],
        ward_phase=[],
        rows_read=0,
        rows_accepted=0,
        files={bad: UNREADABLE},
        sheets={},
        rejects=[reject(bad, None, None, "(unreadable file:", "separator")],
        fatal={"exit_code": 2, "message_contains": ["Lỗi: Không đọc được tệp nào trong"],
               "names_file": "hai_dau_phan_cach.csv"},
    )


# --------------------------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------------------------


@fixture("layout-headers")
def layout_headers(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    merged = "gd1/tieu_de_gop_o.xlsx"
    write_xlsx(folder / merged, Sheet(
        "Báo cáo",
        [
            ["ĐẢNG BỘ QUẬN LONG BIÊN"],  # row 1, merged A1:G1
            ["BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT"],  # row 2, merged A2:G2
            ["(Giai đoạn 1)"],  # row 3, merged A3:G3
            [],  # row 4
            ["STT", "Tên phường", "Tổng số\nđảng viên\n(người)", "Số có  mặt", "Vắng", None,
             "Ghi chú"],  # row 5; "Vắng" merged over E5:F5
            [None, None, None, None, "Có lý do", "Không lý do", None],  # row 6
            [1, "Bồ Đề", 45, 40, 3, 2, None],  # row 7: 40 + 3 + 2 = 45
            [2, "Cự Khối", 30, 27, 1, 2, "ốm"],  # row 8: 27 + 1 + 2 = 30
        ],
        merges=["A1:G1", "A2:G2", "A3:G3", "A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:F5",
                "G5:G6"],
    ))
    english = "gd1/english.xlsx"
    write_xlsx(folder / english, Sheet("Report", [
        ["No.", "WARD", "Total Members", "present", "Absent Excused", "absent unexcused"],
        [1, "Duc Giang", 52, 50, 1, 1],  # row 2: 50 + 1 + 1 = 52
        [2, "Gia Thuy", 20, 17, 2, 1],  # row 3: 17 + 2 + 1 = 20
    ]))
    plain = "gd1/khong_dau.xlsx"
    write_xlsx(folder / plain, Sheet("Sheet1", [
        ["  STT ", "TEN  DON VI", "TONG SO DANG VIEN ", " CO MAT", "VANG"],
        [1, "Giang Biên", 40, 38, 2],  # row 2: 38 + 2 = 40, reason not given
        [2, "Long Biên", 22, 21, 1],  # row 3: 21 + 1 = 22
    ]))
    return expectation(
        "layout-headers",
        ["three title rows merged across the table, a blank row, two-row header with 'Vắng' "
         "merged over 'Có lý do'/'Không lý do', line breaks and '(người)' in header cells, "
         "double space in 'Số có  mặt', STT and 'Ghi chú' columns",
         "English headers in mixed case ('No.', 'WARD', 'present', 'Absent Excused')",
         "headers in capitals without diacritics, stray leading/trailing/double spaces"],
        ward_phase=[
            ward("1", "Bồ Đề", 45, 40, 3, 2, 0),
            ward("1", "Cự Khối", 30, 27, 1, 2, 0),
            ward("1", "Đức Giang", 52, 50, 1, 1, 0),
            ward("1", "Gia Thụy", 20, 17, 2, 1, 0),
            ward("1", "Giang Biên", 40, 38, 0, 0, 2),
            ward("1", "Long Biên", 22, 21, 0, 0, 1),
        ],
        rows_read=6,
        rows_accepted=6,
        files={english: file_counts(2, 2, 0), plain: file_counts(2, 2, 0),
               merged: file_counts(2, 2, 0)},
        sheets={f"{merged}|Báo cáo": "table", f"{english}|Report": "table",
                f"{plain}|Sheet1": "table"},
        layout={f"{merged}|Báo cáo": {"header_row": 5, "totals_rows": [], "footer_rows": []},
                f"{english}|Report": {"header_row": 1},
                f"{plain}|Sheet1": {"header_row": 1}},
    )


@fixture("layout-column-numbers")
def layout_column_numbers(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """Official forms print a row of column numbers under the header."""
    letters = "gd1/mau_bieu_chu_so.xlsx"
    write_xlsx(folder / letters, Sheet("Mẫu 01", [
        ["STT", "Đơn vị", "Tổng số ĐV", "Số ĐV tham gia học tập", "Số ĐV vắng", None, None,
         "Tỷ lệ %"],  # row 1; "Số ĐV vắng" merged over E1:G1
        [None, None, None, None, "Tổng số", "Có lý do", "Không lý do", None],  # row 2
        ["A", "B", "1", "2", "3", "4", "5", "6"],  # row 3: letters for text, numbers after
        [1, "Phúc Đồng", 12, 11, 1, 1, 0, "91,7%"],  # row 4: 11 + 1 = 12; 11/12 = 0.9167
        [2, "Phúc Lợi", 28, 26, 2, 1, 1, "92,9%"],  # row 5: 26 + 2 = 28; 26/28 = 0.9286
    ], merges=["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:G1", "H1:H2"]))
    numbers = "gd1/mau_bieu_so.xlsx"
    write_xlsx(folder / numbers, Sheet("Mẫu 02", [
        ["STT", "Đơn vị", "Tổng số đảng viên", "Có mặt"],  # row 1
        ["(1)", "(2)", "(3)", "(4)"],  # row 2: column numbers
        [1, "Sài Đồng", 40, 39],  # row 3: 40 - 39 = 1
    ]))
    return expectation(
        "layout-column-numbers",
        ["an official form: 'Số ĐV vắng' merged over 'Tổng số'/'Có lý do'/'Không lý do', "
         "abbreviated 'ĐV', and the form's column-number row 'A B 1 2 3 4 5 6' under the "
         "header (letters for the text columns, numbers for the figures)",
         "a column-number row '(1) (2) (3) (4)'"],
        ward_phase=[
            ward("1", "Phúc Đồng", 12, 11, 1, 0, 0),
            ward("1", "Phúc Lợi", 28, 26, 1, 1, 0),
            ward("1", "Sài Đồng", 40, 39, 0, 0, 1),
        ],
        rows_read=3,  # 2 + 1: a column-number row is not a row read
        rows_accepted=3,
        files={letters: file_counts(2, 2, 0), numbers: file_counts(1, 1, 0)},
        sheets={f"{letters}|Mẫu 01": "table", f"{numbers}|Mẫu 02": "table"},
    )


@fixture("layout-sheets")
def layout_sheets(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    cell_header = ["STT", "Chi bộ", "Tổng số đảng viên", "Có mặt", "Vắng có lý do",
                   "Vắng không lý do"]
    many = "gd1/nhieu_trang.xlsx"
    write_xlsx(
        folder / many,
        # No ward column: the sheet's name says which ward it is.
        Sheet("Bồ Đề", [cell_header,
                        [1, "Chi bộ 1", 12, 11, 1, 0],  # row 2: 11 + 1 + 0 = 12
                        [2, "Chi bộ 2", 15, 13, 0, 2]]),  # row 3: 13 + 0 + 2 = 15
        Sheet("Cự Khối", [cell_header,
                          [1, "Chi bộ 1", 10, 10, 0, 0],  # row 2
                          [2, "Chi bộ 5", 8, 6, 1, 1]]),  # row 3: 6 + 1 + 1 = 8
        Sheet("Trống"),
        Sheet("Ẩn", [SIMPLE_HEADER, ["Việt Hưng", 8, 7]], hidden=True),  # 8 - 7 = 1
        Sheet("Ẩn trống", hidden=True),
        Sheet("Rất ẩn", [SIMPLE_HEADER, ["Việt Hưng", 5, 5]], hidden="veryHidden"),
        Sheet("Danh sách phường", [["DANH SÁCH PHƯỜNG"], ["STT", "Tên phường"], [1, "Bồ Đề"],
                                   [2, "Cự Khối"], [3, "Việt Hưng"]]),
        Sheet("Ghi chú", [["Ghi chú"], ["Số liệu do các chi bộ tự báo cáo."],
                          ["Chi bộ 3 chưa gửi báo cáo."]]),
    )
    titled = "gd2/thach_ban.xlsx"
    write_xlsx(folder / titled, Sheet("Tổng hợp", [
        ["ĐẢNG ỦY PHƯỜNG THẠCH BÀN"],  # row 1: the title names the ward
        ["Chi bộ", "Tổng số đảng viên", "Có mặt"],  # row 2
        ["Chi bộ 1", 9, 9],  # row 3
        ["Chi bộ 2", 11, 10],  # row 4: 11 - 10 = 1
    ]))
    return expectation(
        "layout-sheets",
        ["one sheet per ward with the ward only in the sheet name", "an empty sheet, a hidden "
         "sheet with a table (read and flagged), a 'very hidden' one, a hidden empty sheet, "
         "a ward list and a notes sheet (skipped as 'no_table', not rejected row by row)",
         "a sheet whose title 'ĐẢNG ỦY PHƯỜNG THẠCH BÀN' names the ward"],
        ward_phase=[
            # Bồ Đề: 12 + 15 = 27; 11 + 13 = 24; 1 + 0 = 1; 0 + 2 = 2
            ward("1", "Bồ Đề", 27, 24, 1, 2, 0),
            # Cự Khối: 10 + 8 = 18; 10 + 6 = 16; 0 + 1 = 1; 0 + 1 = 1
            ward("1", "Cự Khối", 18, 16, 1, 1, 0),
            # Việt Hưng: hidden 8 + very hidden 5 = 13; 7 + 5 = 12; 13 - 12 = 1
            ward("1", "Việt Hưng", 13, 12, 0, 0, 1),
            # Thạch Bàn: 9 + 11 = 20; 9 + 10 = 19; 20 - 19 = 1
            ward("2", "Thạch Bàn", 20, 19, 0, 0, 1),
        ],
        rows_read=8,  # 2 + 2 + 1 + 1 + 2
        rows_accepted=8,
        files={many: file_counts(6, 6, 0), titled: file_counts(2, 2, 0)},
        sheets={f"{many}|Bồ Đề": "table", f"{many}|Cự Khối": "table", f"{many}|Trống": "empty",
                f"{many}|Ẩn": "table", f"{many}|Ẩn trống": "empty", f"{many}|Rất ẩn": "table",
                f"{many}|Danh sách phường": "no_table", f"{many}|Ghi chú": "no_table",
                f"{titled}|Tổng hợp": "table"},
        hidden=[f"{many}|Ẩn", f"{many}|Ẩn trống", f"{many}|Rất ẩn"],
        layout={f"{titled}|Tổng hợp": {"header_row": 2}},
    )


# --------------------------------------------------------------------------------------------
# footer
# --------------------------------------------------------------------------------------------


@fixture("footer-totals")
def footer_totals(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    header = ["STT", "Phường", "Tổng số đảng viên", "Có mặt", "Vắng có lý do",
              "Vắng không lý do"]
    good = "gd1/tong_cong_khop.xlsx"
    write_xlsx(folder / good, Sheet("S", [
        ["BÁO CÁO SỐ LIỆU THAM DỰ"],  # row 1
        header,  # row 2
        [1, "Ngọc Lâm", 25, 23, 1, 1],  # row 3: 23 + 1 + 1 = 25
        [2, "Ngọc Thụy", 18, 17, 0, 1],  # row 4: 17 + 0 + 1 = 18
        [3, "Phúc Đồng", 12, 12, 0, 0],  # row 5
        # row 6: 25 + 18 + 12 = 55; 23 + 17 + 12 = 52; 1 + 0 + 0 = 1; 1 + 1 + 0 = 2
        [None, "TỔNG CỘNG:", 55, 52, 1, 2],
        *SIGNATURE,  # rows 7-12: blank, date line, titles, "(Ký...)", blank, names
    ]))
    wrong = "gd1/tong_lech.xlsx"
    write_xlsx(folder / wrong, Sheet("S", [
        header,  # row 1
        [1, "Long Biên", 22, 20, 1, 1],  # row 2: 20 + 1 + 1 = 22
        [2, "Phúc Lợi", 28, 25, 2, 1],  # row 3: 25 + 2 + 1 = 28
        # row 4: 22 + 28 = 50, typed 52 (mismatch); 20 + 25 = 45; 1 + 2 = 3; 1 + 1 = 2
        [None, "Tổng", 52, 45, 3, 2],
        [None, None, None, None, "BÍ THƯ"],  # row 5: signature right under the totals
        [None, None, None, None, "Nguyễn Văn C"],  # row 6
    ]))
    return expectation(
        "footer-totals",
        ["'TỔNG CỘNG:' totals row that agrees, then a date line and a signature block "
         "('Người lập biểu', 'BÍ THƯ', '(Ký, ghi rõ họ tên)', names)",
         "'Tổng' totals row whose member count is wrong (52 typed, 50 summed), signature "
         "right below it"],
        ward_phase=[
            ward("1", "Ngọc Lâm", 25, 23, 1, 1, 0),
            ward("1", "Ngọc Thụy", 18, 17, 0, 1, 0),
            ward("1", "Phúc Đồng", 12, 12, 0, 0, 0),
            ward("1", "Long Biên", 22, 20, 1, 1, 0),
            ward("1", "Phúc Lợi", 28, 25, 2, 1, 0),
        ],
        rows_read=5,  # 3 + 2: totals and signature rows are not rows read
        rows_accepted=5,
        files={good: file_counts(3, 3, 0), wrong: file_counts(2, 2, 0)},
        sheets={f"{good}|S": "table", f"{wrong}|S": "table"},
        layout={f"{good}|S": {"header_row": 2, "totals_rows": [6],
                              "footer_rows": [8, 9, 10, 12]},
                f"{wrong}|S": {"header_row": 1, "totals_rows": [4], "footer_rows": [5, 6]}},
        mismatches=[mismatch(wrong, "S", 4, "totals_row", "Tổng số đảng viên", 52, 50)],
        checks_ok=7,  # good row 6: 4 columns ok; wrong row 4: 3 of 4 columns ok
    )


@fixture("footer-subtotals")
def footer_subtotals(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    path = "gd1/cong_tung_nhom.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        ["STT", "Đơn vị", "Tổng số đảng viên", "Có mặt"],  # row 1
        [1, "Sài Đồng", 40, 38],  # row 2
        [2, "Thạch Bàn", 15, 14],  # row 3
        [None, "Cộng", 55, 52],  # row 4: 40 + 15 = 55; 38 + 14 = 52 (both agree)
        [3, "Thượng Thanh", 33, 30],  # row 5
        [None, "Cộng", 33, 31],  # row 6: 33 agrees; 30 present, typed 31 (mismatch)
        # row 7: the grand total of the three wards: 40 + 15 + 33 = 88; 38 + 14 + 30 = 82,
        # equally 55 + 33 = 88 and 52 + 30 = 82 from the subtotals: both columns agree.
        [None, "Tổng cộng", 88, 82],
    ]))
    return expectation(
        "footer-subtotals",
        ["'Cộng' subtotals after each group and a 'Tổng cộng' grand total below them; one "
         "subtotal is wrong"],
        ward_phase=[
            ward("1", "Sài Đồng", 40, 38, 0, 0, 2),
            ward("1", "Thạch Bàn", 15, 14, 0, 0, 1),
            ward("1", "Thượng Thanh", 33, 30, 0, 0, 3),
        ],
        rows_read=3,
        rows_accepted=3,
        files={path: file_counts(3, 3, 0)},
        sheets={f"{path}|S": "table"},
        layout={f"{path}|S": {"header_row": 1, "totals_rows": [4, 6, 7], "footer_rows": []}},
        mismatches=[mismatch(path, "S", 6, "totals_row", "Có mặt", 31, 30)],
        checks_ok=5,  # row 4: 2 ok; row 6: 1 ok; row 7: 2 ok
    )


SIGNATURE_HEADER = ["STT", "Phường", "Tổng số đảng viên", "Có mặt", "Ghi chú"]


@fixture("footer-date-slashes")
def footer_date_slashes(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """A signature block right under the last data row, its date typed with slashes."""
    path = "gd1/ngay_gach_cheo.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        SIGNATURE_HEADER,  # row 1
        [1, "Việt Hưng", 40, 37, None],  # row 2: 40 - 37 = 3
        [2, "Thượng Thanh", 33, 33, None],  # row 3
        [None, "Long Biên, ngày 20/9/2015"],  # row 4: date line typed with slashes
        [None, "NGƯỜI LẬP BIỂU", None, "T/M ĐẢNG ỦY"],  # row 5
        [None, None, None, "BÍ THƯ"],  # row 6
        [None, "Nguyễn Văn A", None, "Trần Thị B"],  # row 7: names
    ]))
    return expectation(
        "footer-date-slashes",
        ["signature block right below the last data row (no blank row, no totals row), its "
         "date line typed 'Long Biên, ngày 20/9/2015'; 'NGƯỜI LẬP BIỂU', 'T/M ĐẢNG ỦY', "
         "'BÍ THƯ', names: all ignored, none a row read"],
        ward_phase=[
            ward("1", "Việt Hưng", 40, 37, 0, 0, 3),
            ward("1", "Thượng Thanh", 33, 33, 0, 0, 0),
        ],
        rows_read=2,
        rows_accepted=2,
        files={path: file_counts(2, 2, 0)},
        sheets={f"{path}|S": "table"},
        layout={f"{path}|S": {"totals_rows": [], "footer_rows": [4, 5, 6, 7]}},
    )


@fixture("footer-date-template")
def footer_date_template(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """A signature block right under the data, its date line left as the template's dots."""
    path = "gd1/ngay_bo_trong.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        SIGNATURE_HEADER,  # row 1
        [1, "Ngọc Lâm", 25, 24, None],  # row 2: 25 - 24 = 1
        [2, "Ngọc Thụy", 18, 16, None],  # row 3: 18 - 16 = 2
        [None, None, None, "Long Biên, ngày ... tháng ... năm 2015"],  # row 4
        [None, "Người lập biểu", None, "Thủ trưởng đơn vị"],  # row 5
        [None, "Nguyễn Văn C", None, "Trần Văn D"],  # row 6
    ]))
    return expectation(
        "footer-date-template",
        ["signature block right below the last data row, its date line the template's "
         "'Long Biên, ngày ... tháng ... năm 2015' (in the 'Có mặt' column); 'Người lập "
         "biểu', 'Thủ trưởng đơn vị', names: all ignored, none a row read"],
        ward_phase=[
            ward("1", "Ngọc Lâm", 25, 24, 0, 0, 1),
            ward("1", "Ngọc Thụy", 18, 16, 0, 0, 2),
        ],
        rows_read=2,
        rows_accepted=2,
        files={path: file_counts(2, 2, 0)},
        sheets={f"{path}|S": "table"},
        layout={f"{path}|S": {"totals_rows": [], "footer_rows": [4, 5, 6]}},
    )


@fixture("footer-date-cell")
def footer_date_cell(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """A signature block right under the data whose date is a date cell, not text."""
    path = "gd1/o_ngay_thang.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        SIGNATURE_HEADER,  # row 1
        [1, "Phúc Đồng", 12, 12, None],  # row 2
        [2, "Phúc Lợi", 28, 27, None],  # row 3: 28 - 27 = 1
        # row 4: "20/9/2015" typed into a cell, which Excel stores as a date
        [None, None, None, None, dt.datetime(2015, 9, 20)],
        [None, None, None, None, "BÍ THƯ"],  # row 5
        [None, None, None, None, "Nguyễn Văn E"],  # row 6
    ]))
    return expectation(
        "footer-date-cell",
        ["signature block right below the last data row whose date is a date cell "
         "(2015-09-20), then 'BÍ THƯ' and a name: all ignored, none a row read"],
        ward_phase=[
            ward("1", "Phúc Đồng", 12, 12, 0, 0, 0),
            ward("1", "Phúc Lợi", 28, 27, 0, 0, 1),
        ],
        rows_read=2,
        rows_accepted=2,
        files={path: file_counts(2, 2, 0)},
        sheets={f"{path}|S": "table"},
        layout={f"{path}|S": {"totals_rows": [], "footer_rows": [4, 5, 6]}},
    )


MERGED_ROWS = Sheet(
    "S",
    [
        ["STT", "Phường", "Chi bộ", "Tổng số đảng viên", "Có mặt"],  # row 1
        [1, "Bồ Đề", "Chi bộ 1", 12, 11],  # row 2: "Bồ Đề" merged down B2:B4
        [2, None, "Chi bộ 2", 15, 13],  # row 3
        [3, None, "Chi bộ 3", 9, 9],  # row 4
        [4, "Cự Khối", "Chi bộ 1", 10, 10],  # row 5: "Cự Khối" merged down B5:B6
        [5, None, "Chi bộ 2", 8, 6],  # row 6
        # row 7, merged A7:C7: 12 + 15 + 9 + 10 + 8 = 54; 11 + 13 + 9 + 10 + 6 = 49
        ["Tổng cộng", None, None, 54, 49],
    ],
    merges=["B2:B4", "B5:B6", "A7:C7"],
)
MERGED_ROWS_WARDS = (
    # Bồ Đề: 12 + 15 + 9 = 36; 11 + 13 + 9 = 33; 36 - 33 = 3
    ("Bồ Đề", 36, 33, 0, 0, 3),
    # Cự Khối: 10 + 8 = 18; 10 + 6 = 16; 18 - 16 = 2
    ("Cự Khối", 18, 16, 0, 0, 2),
)


@fixture("layout-merged-rows")
def layout_merged_rows(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """A ward name merged down over the rows of its party cells, in .xlsx and in .xls."""
    xlsx, xls = "gd1/gop_dong.xlsx", "gd2/gop_dong.xls"
    write_xlsx(folder / xlsx, MERGED_ROWS)
    office.convert(write_xlsx(scratch / "gop_dong.xlsx", MERGED_ROWS), folder / xls)
    return expectation(
        "layout-merged-rows",
        ["the ward merged down over its party cells' rows and 'Tổng cộng' merged across three "
         "columns: phase 1 as .xlsx, the same sheet as a LibreOffice .xls for phase 2"],
        ward_phase=[ward(phase, *counts) for phase in ("1", "2") for counts in MERGED_ROWS_WARDS],
        rows_read=10,  # 5 per file
        rows_accepted=10,
        files={xlsx: file_counts(5, 5, 0), xls: file_counts(5, 5, 0)},
        sheets={f"{xlsx}|S": "table", f"{xls}|S": "table"},
        layout={f"{xlsx}|S": {"totals_rows": [7]}, f"{xls}|S": {"totals_rows": [7]}},
        checks_ok=4,  # row 7 of each file: 54 and 49 agree
    )


@fixture("layout-merged-rows-ods")
def layout_merged_rows_ods(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    """The same sheet as an .ods written by LibreOffice."""
    ods = "gd1/gop_dong.ods"
    office.convert(write_xlsx(scratch / "gop_dong.xlsx", MERGED_ROWS), folder / ods)
    return expectation(
        "layout-merged-rows-ods",
        ["the ward merged down over its party cells' rows, as an .ods written by LibreOffice"],
        ward_phase=[ward("1", *counts) for counts in MERGED_ROWS_WARDS],
        rows_read=5,
        rows_accepted=5,
        files={ods: file_counts(5, 5, 0)},
        sheets={f"{ods}|S": "table"},
        layout={f"{ods}|S": {"totals_rows": [7]}},
        checks_ok=2,  # row 7: 54 and 49 agree
    )


# --------------------------------------------------------------------------------------------
# numbers and text
# --------------------------------------------------------------------------------------------


@fixture("numbers-text")
def numbers_text(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    path = "gd1/so_lieu.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt", "Vắng có lý do", "Vắng không lý do",
         "Tỷ lệ"],  # row 1
        ["Bồ Đề", "1.250", "1.200", "20", "30", "96%"],  # row 2: 1200 + 20 + 30 = 1250; 0.96
        ["Cự Khối", 45.0, 40, 3.0, 2, 0.8889],  # row 3: floats; 40 + 3 + 2 = 45; 40/45=0.8889
        # row 4: non-breaking spaces and a stray space; 50 + 1 + 1 = 52; 50/52 = 0.9615
        ["Đức Giang", "\u00a052\u00a0", " 50", "1", "1 ", "96,2%"],
        # row 5: blank excused = 0; 17 + 0 + 3 = 20; 17/20 = 0.85 but 96,5% typed: mismatch
        ["Gia Thụy", "20", "17", None, "3", "96,5%"],
        ["Giang Biên", "40", "38", "1", "1", "95,0 %"],  # row 6: 38 + 1 + 1 = 40; 0.95
        ["Long Biên", "22", "hai mươi", "1", "1", None],  # row 7: a count in words: rejected
        ["Ngọc Lâm", "25", "23,5", "1", "0", None],  # row 8: not a whole number: rejected
        # row 9: "1 250" with a space for thousands; 1240 + 5 + 5 = 1250; 1240/1250 = 0.992
        ["Ngọc Thụy", "1 250", "1 240", "5", "5", "99,2%"],
        ["Phúc Đồng", 12, 12, "-", "-", "100%"],  # row 10: "-" = nobody; 12/12 = 1.0
    ]))
    return expectation(
        "numbers-text",
        ["counts as ints, floats and text: '1.250', '1 250', non-breaking spaces, '-' for "
         "zero", "a rate column with '96%', 0.8889, '96,2%', '95,0 %', '100%' cross-checked; "
         "'96,5%' disagrees with 17/20 and is reported, the counts kept",
         "'hai mươi' and '23,5' as counts: rejected"],
        ward_phase=[
            ward("1", "Bồ Đề", 1250, 1200, 20, 30, 0),
            ward("1", "Cự Khối", 45, 40, 3, 2, 0),
            ward("1", "Đức Giang", 52, 50, 1, 1, 0),
            ward("1", "Gia Thụy", 20, 17, 0, 3, 0),
            ward("1", "Giang Biên", 40, 38, 1, 1, 0),
            ward("1", "Ngọc Thụy", 1250, 1240, 5, 5, 0),
            ward("1", "Phúc Đồng", 12, 12, 0, 0, 0),
        ],
        rows_read=9,  # rows 2-10
        rows_accepted=7,
        files={path: file_counts(9, 7, 2)},
        sheets={f"{path}|S": "table"},
        rejects=[
            reject(path, "S", 7, "'hai mươi' không phải là số", "(not a number)"),
            reject(path, "S", 8, "'23,5' không phải số nguyên", "(not a whole number)"),
        ],
        # 17 / 20 = 0.85 exactly; typed 96,5% = 0.965
        mismatches=[mismatch(path, "S", 5, "rate_column", "Tỷ lệ", 0.965, 0.85)],
    )


@fixture("text-ward-names")
def text_ward_names(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    path = "gd1/ten_phuong.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        [nfd("Phường"), nfd("Tổng số đảng viên"), "Có mặt"],  # row 1: header in NFD
        ["P. Bồ Đề", 10, 9],  # row 2
        ["Phường Bồ Đề", 11, 10],  # row 3
        ["BỒ ĐỀ", 12, 12],  # row 4
        ["Bo De", 13, 11],  # row 5
        [nfd("Bồ Đề"), 14, 14],  # row 6: decomposed Unicode
        ["Bồ  Đề ", 15, 13],  # row 7: double and trailing space
        ["Đảng bộ phường Bồ Đề", 16, 16],  # row 8
        [nfd("Thượng Thanh"), 20, 19],  # row 9
        ["Gia Thuỵ", 9, 8],  # row 10: old tone placement (dot under y)
        ["Ngoc Lam", 7, 7],  # row 11: no diacritics
        ["Hà Đông", 10, 9],  # row 12: not a Long Biên ward
        ["Hoàn Kiếm", 8, 8],  # row 13: not a Long Biên ward, nothing close
        ["Phúc", 6, 5],  # row 14: half a name
        ["P.Bồ Đề", 5, 4],  # row 15: no space after "P."
        ["phường  bồ đề", 4, 4],  # row 16: lower case, double space
    ]))
    return expectation(
        "text-ward-names",
        ["'P. Bồ Đề', 'P.Bồ Đề', 'Phường Bồ Đề', 'phường  bồ đề', 'BỒ ĐỀ', 'Bo De', NFD, "
         "double/trailing spaces and 'Đảng bộ phường Bồ Đề' all land on Bồ Đề; NFD header; "
         "'Gia Thuỵ', 'Ngoc Lam'",
         "unknown names rejected with the closest known names suggested"],
        ward_phase=[
            # Bồ Đề, rows 2-8, 15, 16: 10+11+12+13+14+15+16+5+4 = 100;
            # 9+10+12+11+14+13+16+4+4 = 93; 100 - 93 = 7
            ward("1", "Bồ Đề", 100, 93, 0, 0, 7),
            ward("1", "Thượng Thanh", 20, 19, 0, 0, 1),
            ward("1", "Gia Thụy", 9, 8, 0, 0, 1),
            ward("1", "Ngọc Lâm", 7, 7, 0, 0, 0),
        ],
        rows_read=15,  # rows 2-16
        rows_accepted=12,
        files={path: file_counts(15, 12, 3)},
        sheets={f"{path}|S": "table"},
        rejects=[
            # difflib on folded core names: "ha dong"~"sai dong" 2*6/15 = 0.80,
            # "ha dong"~"phuc dong" 2*6/16 = 0.75; every other ward is under the 0.6 cutoff.
            reject(path, "S", 12, "'Hà Đông'", "(unknown unit; closest:",
                   "gần nhất: Sài Đồng, Phúc Đồng"),
            reject(path, "S", 13, "'Hoàn Kiếm'", "(unknown unit)"),
            # "phuc"~"phuc loi" 2*4/12 = 0.67, "phuc"~"phuc dong" 2*4/13 = 0.62
            reject(path, "S", 14, "'Phúc'", "(unknown unit; closest:",
                   "gần nhất: Phúc Lợi, Phúc Đồng"),
        ],
    )


# --------------------------------------------------------------------------------------------
# rosters
# --------------------------------------------------------------------------------------------


@fixture("rosters")
def rosters(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    title = [
        ["ĐẢNG BỘ QUẬN LONG BIÊN", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],  # row 1
        ["ĐẢNG ỦY PHƯỜNG BỒ ĐỀ", None, None, "Long Biên, ngày 5 tháng 10 năm 2015"],  # row 2
        ["DANH SÁCH ĐIỂM DANH ĐẢNG VIÊN"],  # row 3
        ["STT", "Họ và tên", "Điểm danh", "Ghi chú"],  # row 4
    ]
    bo_de = "gd1/bo_de/diem_danh.xlsx"
    write_xlsx(
        folder / bo_de,
        Sheet("Chi bộ 1", [
            *title,
            [1, "Nguyễn Văn A", "x", None],  # row 5: present
            [2, "Trần Thị B", "X", None],  # row 6: present
            [3, "Lê Văn C", "có", None],  # row 7: present
            [4, "Phạm Thị D", "Có mặt", None],  # row 8: present
            [5, "Hoàng Văn E", "CÓ MẶT", None],  # row 9: present
            [6, "Vũ Thị G", "v", None],  # row 10: absent, no reason given
            [7, "Đỗ Văn H", "Vắng", None],  # row 11: absent, no reason given
            [8, "Bùi Thị K", "P", "ốm"],  # row 12: excused
            [9, "Ngô Văn L", "p", None],  # row 13: excused
            [10, "Đặng Thị M", "KP", None],  # row 14: unexcused
            [11, "Lý Văn N", "kp", None],  # row 15: unexcused
            [12, "Nguyễn Văn A", "x", None],  # row 16: row 5 again: counted once, reported
            [13, "Mai Thị O", None, None],  # row 17: blank marker: rejected
            [],  # row 18
            [None, "Người lập biểu", None, "BÍ THƯ"],  # row 19: signature
        ]),
        Sheet("Chi bộ 2", [
            *title,
            [1, "Trịnh Văn P", "Có", None],  # row 5: present
            [2, "Nguyễn Văn A", "x", None],  # row 6: present (another cell's roll-call)
            [3, "Phan Thị Q", "vắng mặt", None],  # row 7: absent, no reason given
            [4, "  nguyễn  văn  a ", "X", None],  # row 8: row 6 again: reported
            [5, "Hồ Văn R", "", None],  # row 9: blank marker: rejected
            [6, "Dương Thị S", "kP", None],  # row 10: unexcused
        ]),
    )
    cu_khoi = "gd1/cu_khoi/diem_danh.xlsx"
    write_xlsx(folder / cu_khoi, Sheet("Chi bộ 3", [
        ["STT", "Họ tên", "Phường", "Có mặt"],  # row 1: marker column headed "Có mặt"
        [1, "Nguyễn Văn T", "Cự Khối", "x"],  # row 2: present
        [2, "Lê Thị U", "Cự Khối", "v"],  # row 3: absent, no reason given
        [3, "Trần Văn V", "Cự Khối", "P"],  # row 4: excused
    ]))
    phase2 = "gd2/bo_de.xlsx"  # no ward column, no title: the file name says Bồ Đề
    write_xlsx(folder / phase2, Sheet("Chi bộ 1", [
        ["STT", "Họ và tên", "Điểm danh"],  # row 1
        [1, "Nguyễn Văn A", "x"],  # row 2: present (phase 2: not a repeat of phase 1)
        [2, "Trần Thị B", "KP"],  # row 3: unexcused
    ]))
    duplicate = "(duplicate person in the same roll-call)"
    blank = "(blank roll-call marker)"
    return expectation(
        "rosters",
        ["roll-calls, one sheet per party cell, ward from the title block ('ĐẢNG ỦY PHƯỜNG BỒ "
         "ĐỀ' under 'ĐẢNG BỘ QUẬN LONG BIÊN'), from a ward column, or from the file name",
         "markers x / X / có / Có mặt / CÓ MẶT / v / Vắng / vắng mặt / P / p / KP / kp / kP",
         "a person listed twice in one cell counted once and reported (also with other case "
         "and spaces); the same name in another cell or phase is another roll-call",
         "blank markers rejected; signature under the list ignored"],
        ward_phase=[
            # Chi bộ 1, rows 5-15 counted: present 5 (rows 5-9), unspecified 2 (10, 11),
            # excused 2 (12, 13), unexcused 2 (14, 15) = 11 people.
            # Chi bộ 2, rows 5, 6, 7, 10 counted: present 2, unspecified 1, unexcused 1 = 4.
            # Bồ Đề phase 1: 11 + 4 = 15; present 5 + 2 = 7; excused 2; unexcused 2 + 1 = 3;
            # unspecified 2 + 1 = 3; 7 + 2 + 3 + 3 = 15.
            ward("1", "Bồ Đề", 15, 7, 2, 3, 3),
            ward("1", "Cự Khối", 3, 1, 1, 0, 1),
            ward("2", "Bồ Đề", 2, 1, 0, 1, 0),
        ],
        rows_read=24,  # Chi bộ 1 rows 5-17: 13; Chi bộ 2 rows 5-10: 6; Cự Khối 3; phase 2: 2
        rows_accepted=20,  # 11 + 4 + 3 + 2
        files={bo_de: file_counts(19, 15, 4), cu_khoi: file_counts(3, 3, 0),
               phase2: file_counts(2, 2, 0)},
        sheets={f"{bo_de}|Chi bộ 1": "table", f"{bo_de}|Chi bộ 2": "table",
                f"{cu_khoi}|Chi bộ 3": "table", f"{phase2}|Chi bộ 1": "table"},
        layout={f"{bo_de}|Chi bộ 1": {"header_row": 4, "footer_rows": [19]}},
        rejects=[
            reject(bo_de, "Chi bộ 1", 16, duplicate, "Chi bộ 1, dòng 5"),
            reject(bo_de, "Chi bộ 1", 17, blank),
            reject(bo_de, "Chi bộ 2", 8, duplicate, "Chi bộ 2, dòng 6"),
            reject(bo_de, "Chi bộ 2", 9, blank),
        ],
    )


# --------------------------------------------------------------------------------------------
# bad rows and bad files
# --------------------------------------------------------------------------------------------


@fixture("bad-rows")
def bad_rows(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    path = "gd1/loi.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        ["STT", "Phường", "Tổng số đảng viên", "Có mặt", "Vắng có lý do",
         "Vắng không lý do"],  # row 1
        [1, "Bồ Đề", 20, 18, 1, 1],  # row 2: good, 18 + 1 + 1 = 20
        [2, "Cự Khối", 10, 12, 0, 0],  # row 3: 12 present of 10
        [3, "Đức Giang", -5, 0, 0, 0],  # row 4: negative members
        [4, "Gia Thụy", 10, -1, 11, 0],  # row 5: -1 + 11 + 0 = 10 adds up, -1 present
        [5, None, 10, 9, 1, 0],  # row 6: no ward
        [6, "Hà Đông", 10, 9, 1, 0],  # row 7: not a Long Biên ward
        [7, "Giang Biên", 20, 15, 2, 1],  # row 8: 15 + 2 + 1 = 18, not 20
        [8, "Long Biên", None, 9, 1, 0],  # row 9: members missing
        [9, "Ngọc Lâm", 12, 10, 1, 1],  # row 10: good, 10 + 1 + 1 = 12
        [10, "Ngọc Thụy", 10, 8, -1, 3],  # row 11: 8 - 1 + 3 = 10 adds up, -1 excused
        [11, "Phúc Đồng", 12, None, 0, 0],  # row 12: attended missing
    ]))
    total = "gd1/vang.xlsx"
    write_xlsx(folder / total, Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt", "Vắng"],  # row 1
        ["Sài Đồng", 40, 38, 2],  # row 2: 38 + 2 = 40
        ["Thạch Bàn", 15, 12, 2],  # row 3: 15 - 12 = 3 absent, typed 2
    ]))
    return expectation(
        "bad-rows",
        ["attended > expected, negative members, negative attended, negative absences, "
         "missing ward, unknown ward, counts that do not add up (split and total absence "
         "columns), missing members, missing attended; the good rows still count"],
        ward_phase=[
            ward("1", "Bồ Đề", 20, 18, 1, 1, 0),
            ward("1", "Ngọc Lâm", 12, 10, 1, 1, 0),
            ward("1", "Sài Đồng", 40, 38, 0, 0, 2),
        ],
        rows_read=13,  # loi: rows 2-12 = 11; vang: 2
        rows_accepted=3,
        files={path: file_counts(11, 2, 9), total: file_counts(2, 1, 1)},
        sheets={f"{path}|S": "table", f"{total}|S": "table"},
        rejects=[
            reject(path, "S", 3, "(attended > expected)"),
            reject(path, "S", 4, "(negative expected count)"),
            reject(path, "S", 5, "(negative attended count)"),
            reject(path, "S", 6, "(missing unit name)"),
            reject(path, "S", 7, "'Hà Đông'", "(unknown unit; closest:",
                   "gần nhất: Sài Đồng, Phúc Đồng"),
            reject(path, "S", 8, "(inconsistent counts)"),
            reject(path, "S", 9, "(missing expected count)"),
            reject(path, "S", 11, "(negative absence count)"),
            reject(path, "S", 12, "(missing attended count)"),
            reject(total, "S", 3, "số vắng (2)", "(3)", "(inconsistent counts)"),
        ],
    )


@fixture("bad-files")
def bad_files(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    write_xlsx(folder / "gd1/tot.xlsx",
               Sheet("S", [SIMPLE_HEADER, ["Việt Hưng", 40, 36]]))  # 40 - 36 = 4
    # A real workbook cut off after 700 bytes, as an interrupted download leaves it.
    whole = write_xlsx(scratch / "whole.xlsx", Sheet("S", [SIMPLE_HEADER, ["Bồ Đề", 9, 9]]))
    write_bytes(folder / "gd1/hong.xlsx", whole.read_bytes()[:700])
    # The same workbook with a password (Excel's "Encrypt with Password").
    encrypt_xlsx(whole, folder / "gd1/mat_khau.xlsx")
    write_bytes(folder / "gd1/khong_phai.xlsx",
                b"%PDF-1.4\n% Bao cao ket qua hoc tap (van ban, khong phai bang tinh)\n")
    # A web system's "Xuất Excel" that gave its log-in page instead of the table.
    write_bytes(folder / "gd1/trang_web.xls",
                "<html><body><p>Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.</p>"
                "</body></html>\n".encode())
    write_bytes(folder / "gd1/rong.ods", b"")
    # A workbook whose second sheet's XML is cut in half: the first sheet still counts.
    one_bad = write_xlsx(folder / "gd1/mot_trang_hong.xlsx",
                         Sheet("Tốt", [SIMPLE_HEADER, ["Sài Đồng", 20, 19]]),  # 20 - 19 = 1
                         Sheet("Hỏng", [SIMPLE_HEADER, ["Cự Khối", 5, 5]]))
    corrupt_sheet_xml(one_bad, "xl/worksheets/sheet2.xml")
    # Not data: an Office lock file and a note.
    write_bytes(folder / "gd1/~$tot.xlsx", b"\x0bNguyen Van A" + b" " * 40)
    write_text(folder / "gd1/ghi_chu.txt", "Phường Cự Khối gửi bổ sung sau.\n")
    file = "(unreadable file:"
    return expectation(
        "bad-files",
        ["a truncated .xlsx, a password-protected .xlsx, a PDF named .xlsx, a web page with no "
         "table named .xls, a 0-byte .ods: one reject each naming the file, the run goes on",
         "a workbook with one damaged sheet: that sheet rejected by name, the other read",
         "an Office lock file and a .txt note: not read, listed as ignored"],
        ward_phase=[
            ward("1", "Sài Đồng", 20, 19, 0, 0, 1),
            ward("1", "Việt Hưng", 40, 36, 0, 0, 4),
        ],
        rows_read=2,
        rows_accepted=2,
        files={
            "gd1/hong.xlsx": UNREADABLE,
            "gd1/khong_phai.xlsx": UNREADABLE,
            "gd1/mat_khau.xlsx": UNREADABLE,
            "gd1/mot_trang_hong.xlsx": file_counts(1, 1, 0),
            "gd1/rong.ods": UNREADABLE,
            "gd1/tot.xlsx": file_counts(1, 1, 0),
            "gd1/trang_web.xls": UNREADABLE,
        },
        sheets={"gd1/mot_trang_hong.xlsx|Tốt": "table",
                "gd1/mot_trang_hong.xlsx|Hỏng": "unreadable", "gd1/tot.xlsx|S": "table"},
        rejects=[
            reject("gd1/hong.xlsx", None, None, file, "damaged"),
            reject("gd1/khong_phai.xlsx", None, None, file, "not a .xlsx workbook"),
            reject("gd1/mat_khau.xlsx", None, None, file, "password"),
            reject("gd1/mot_trang_hong.xlsx", "Hỏng", None, "(unreadable sheet:"),
            reject("gd1/rong.ods", None, None, file, "empty"),
            reject("gd1/trang_web.xls", None, None, file, "a web page with no table"),
        ],
        ignored_files=["gd1/ghi_chu.txt", "gd1/~$tot.xlsx"],
    )


# --------------------------------------------------------------------------------------------
# phases and units
# --------------------------------------------------------------------------------------------


@fixture("phase-sources")
def phase_sources(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    write_xlsx(folder / "gd1/a.xlsx", Sheet("S", [SIMPLE_HEADER, ["Bồ Đề", 10, 9]]))
    write_xlsx(folder / "tong_hop_gd2.xlsx", Sheet("S", [SIMPLE_HEADER, ["Bồ Đề", 11, 11]]))
    write_xlsx(folder / "gd1/co_cot_gd.xlsx", Sheet("S", [
        ["Phường", "Giai đoạn", "Tổng số đảng viên", "Có mặt"],
        # A sheet whose column names one phase, another than its rule's: the gd1/* rule
        # stands (a form of last phase used again), with a phase_mismatch warning.
        ["Long Biên", "Giai đoạn 2", 22, 20],
    ]))
    column = "cot_giai_doan.xlsx"
    write_xlsx(folder / column, Sheet("S", [
        ["Phường", "Giai đoạn", "Tổng số đảng viên", "Có mặt"],  # row 1
        ["Cự Khối", "Giai đoạn 1", 10, 8],  # row 2 -> 1
        ["Cự Khối", "GĐ2", 10, 9],  # row 3 -> 2
        ["Đức Giang", 2, 5, 5],  # row 4: the number 2 -> 2
        ["Đức Giang", "GIAI ĐOẠN 1", 6, 5],  # row 5 -> 1
        ["Gia Thụy", "Giai đoạn 3", 4, 4],  # row 6: no phase 3 in campaign.toml
        ["Gia Thụy", None, 3, 3],  # row 7: no phase
        ["Gia Thụy", "gđ 1", 7, 6],  # row 8 -> 1
    ]))
    write_xlsx(folder / "khac/khong_ro.xlsx", Sheet("S", [
        SIMPLE_HEADER, ["Ngọc Lâm", 25, 24], ["Việt Hưng", 40, 38],  # no column, no rule
    ]))
    write_text(folder / "campaign.toml", campaign_toml(
        "phase-sources", sources=(("gd1/*", "1"), ("*_gd2.xlsx", "2"))))
    return expectation(
        "phase-sources",
        ["phase from [[sources]] globs ('gd1/*', '*_gd2.xlsx'), from a 'Giai đoạn' column "
         "('Giai đoạn 1', 'GĐ2', 2, 'GIAI ĐOẠN 1', 'gđ 1') which beats no glob but where a "
         "sheet's column names one other phase than its glob's; unknown phase, blank phase "
         "without a glob and a file with neither column nor rule rejected"],
        ward_phase=[
            ward("1", "Bồ Đề", 10, 9, 0, 0, 1),
            ward("1", "Cự Khối", 10, 8, 0, 0, 2),
            ward("1", "Đức Giang", 6, 5, 0, 0, 1),
            ward("1", "Gia Thụy", 7, 6, 0, 0, 1),
            ward("1", "Long Biên", 22, 20, 0, 0, 2),
            ward("2", "Bồ Đề", 11, 11, 0, 0, 0),
            ward("2", "Cự Khối", 10, 9, 0, 0, 1),
            ward("2", "Đức Giang", 5, 5, 0, 0, 0),
        ],
        rows_read=12,  # 1 + 1 + 1 + 7 + 2
        rows_accepted=8,  # 1 + 1 + 1 + 5 + 0
        files={"cot_giai_doan.xlsx": file_counts(7, 5, 2), "gd1/a.xlsx": file_counts(1, 1, 0),
               "gd1/co_cot_gd.xlsx": file_counts(1, 1, 0),
               "khac/khong_ro.xlsx": file_counts(2, 0, 2),
               "tong_hop_gd2.xlsx": file_counts(1, 1, 0)},
        sheets={f"{name}|S": "table" for name in (
            "cot_giai_doan.xlsx", "gd1/a.xlsx", "gd1/co_cot_gd.xlsx", "khac/khong_ro.xlsx",
            "tong_hop_gd2.xlsx")},
        rejects=[
            reject(column, "S", 6, "'Giai đoạn 3'", "(unknown phase)"),
            reject(column, "S", 7, "(no phase in the row)"),
            reject("khac/khong_ro.xlsx", "S", 2, "(no phase)"),
            reject("khac/khong_ro.xlsx", "S", 3, "(no phase)"),
        ],
    )


@fixture("units-config")
def units_config(folder: Path, scratch: Path, office: LibreOffice) -> dict:
    path = "gd1/don_vi.xlsx"
    write_xlsx(folder / path, Sheet("S", [
        ["Đơn vị", "Tổng số đảng viên", "Có mặt"],  # row 1
        ["Khối GD", 4, 3],  # row 2: alias of the education committee
        ["P. Bồ Đề", 10, 10],  # row 3
        ["ĐẢNG BỘ KHỐI GIÁO DỤC", 6, 6],  # row 4: the committee's name in capitals
        ["Cấp quận", 400, 390],  # row 5: district-level class
        ["Cự Khối", 6, 6],  # row 6: a Long Biên ward, but not one of this campaign's units
    ]))
    write_text(folder / "campaign.toml", campaign_toml("units-config", units=[
        {"name": "Bồ Đề", "kind": "ward"},
        {"name": "Đảng bộ Khối Giáo dục", "kind": "committee", "aliases": ["Khối GD"]},
        {"name": "Cấp quận", "kind": "district"},
    ]))
    return expectation(
        "units-config",
        ["campaign [[units]] replace the gazetteer: a committee reached by alias and by its "
         "name in capitals, a district-level unit; a gazetteer ward not listed is rejected"],
        ward_phase=[
            ward("1", "Bồ Đề", 10, 10, 0, 0, 0),
            # Khối GD + ĐẢNG BỘ KHỐI GIÁO DỤC: 4 + 6 = 10; 3 + 6 = 9; 10 - 9 = 1
            ward("1", "Đảng bộ Khối Giáo dục", 10, 9, 0, 0, 1, kind="committee"),
            ward("1", "Cấp quận", 400, 390, 0, 0, 10, kind="district"),
        ],
        rows_read=5,
        rows_accepted=4,
        files={path: file_counts(5, 4, 1)},
        sheets={f"{path}|S": "table"},
        rejects=[reject(path, "S", 6, "'Cự Khối'", "(unknown unit)")],
    )


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------


def build(kind: str, builder, target_root: Path, scratch_root: Path,
          office: LibreOffice) -> None:
    folder = target_root / kind
    scratch = scratch_root / kind
    folder.mkdir(parents=True)
    scratch.mkdir(parents=True)
    expected = builder(folder, scratch, office)
    if not (folder / "campaign.toml").exists():
        write_text(folder / "campaign.toml", campaign_toml(kind))
    text = json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    write_text(target_root / f"{kind}.expected.json", text)


def main() -> None:
    FIXTURES.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="make-fixtures-") as scratch_dir:
        scratch = Path(scratch_dir)
        office = LibreOffice(scratch)
        staging = Path(tempfile.mkdtemp(prefix=".fixtures-", dir=FIXTURES.parent))
        try:
            for kind, builder in FIXTURE_BUILDERS:
                build(kind, builder, staging, scratch, office)
                print(f"  {kind}")
            staging.chmod(0o755)
            if FIXTURES.exists():
                shutil.rmtree(FIXTURES)
            os.replace(staging, FIXTURES)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    print(f"wrote {len(FIXTURE_BUILDERS)} fixtures to {FIXTURES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

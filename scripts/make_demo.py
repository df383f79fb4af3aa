"""Generate the synthetic demo campaign ``data/raw/demo-2015-long-bien/`` and its ground truth.

Why this exists: the pipeline needs a realistic, messy campaign folder to run end to end, and
the tests need figures that were *not* computed by the pipeline itself. This script is that
independent oracle: it invents every number with a fixed seed (``random.Random(2015)``), writes
the spreadsheets the way district offices really send them (title blocks, merged two-row
headers, totals rows, signature blocks, ward names spelled many ways, counts typed as text,
roll-call markers in several spellings, one wrong totals row, two blank markers), and writes
``tests/data/demo_truth.json`` from its own numbers, never by reading the files back.

Everything is synthetic: counts and person names are random; no real person appears. The
figures are only kept consistent with the source article: 26 phase-2 classes (1 key-cadre
class, 6 district classes of 400, 19 grassroots classes at a pooled 96%).

It deliberately does not import the ``analysis`` package. Output is byte-identical on re-run:
xlsx/ods zip entry dates and document timestamps are pinned to 2015-11-28.

Run: ``.venv/bin/python scripts/make_demo.py``
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN_ID = "demo-2015-long-bien"
CAMPAIGN_DIR = ROOT / "data" / "raw" / CAMPAIGN_ID
TRUTH_PATH = ROOT / "tests" / "data" / "demo_truth.json"
SEED = 2015
TARGET = 0.95
FIXED_DATETIME = dt.datetime(2015, 11, 28)
FIXED_ZIP_DATE = (2015, 11, 28, 0, 0, 0)
SYNTHETIC_LINE = "DỮ LIỆU GIẢ LẬP – SYNTHETIC DEMO DATA"

WARDS = [
    "Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên", "Long Biên", "Ngọc Lâm",
    "Ngọc Thụy", "Phúc Đồng", "Phúc Lợi", "Sài Đồng", "Thạch Bàn", "Thượng Thanh", "Việt Hưng",
]
COMMITTEES = [
    "Đảng bộ Trung tâm Y tế quận",
    "Đảng bộ Khối Giáo dục",
    "Đảng bộ Ban Quản lý dự án quận",
    "Đảng bộ Doanh nghiệp số 1",
    "Đảng bộ Doanh nghiệp số 2",
]
DISTRICT = "Cấp quận"
KEY_CADRE_CLASS = "Lớp cán bộ chủ chốt"
DISTRICT_CLASS_SIZE = 400  # the article: 6 district classes of 400 attendees each

# Phase-2 layout: which wards arrive as per-person roll-calls, which as summaries.
ROSTER_WARDS = ["Bồ Đề", "Giang Biên", "Thượng Thanh", "Ngọc Lâm", "Phúc Lợi"]
_OTHER_WARDS = [w for w in WARDS if w not in ROSTER_WARDS]
SUMMARY_XLSX_WARDS = _OTHER_WARDS[:6]
SUMMARY_ODS_WARDS = _OTHER_WARDS[6:]

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh"]
MIDDLE_FEMALE = ["Thị", "Thu", "Thanh", "Minh"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Nam", "Quân", "Sơn", "Tuấn", "Tâm"]
GIVEN_FEMALE = [
    "An", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Ngọc", "Phương", "Tâm", "Thảo", "Trang",
    "Vân", "Yến",
]

PHASE1_HEADER_TOP = ["STT", "Phường", "Chi bộ", "Tổng số đảng viên", "Có mặt", "Vắng", None]
PHASE1_HEADER_SUB = [None, None, None, None, None, "Có lý do", "Không lý do"]
ROSTER_HEADER = ["STT", "Họ và tên", "Phường", "Chi bộ", "Điểm danh", "Ghi chú"]
DISTRICT_HEADER = [
    "STT", "Lớp", "Đơn vị", "Giai đoạn", "Ngày", "Số đảng viên phải học", "Có mặt",
    "Vắng có lý do", "Vắng không lý do", "Tỷ lệ (%)",
]
WARD_SUMMARY_HEADER = [
    "STT", "Đơn vị", "Tổng số đảng viên", "Số tham dự", "Vắng có lý do", "Vắng không lý do",
]
ODS_HEADER = ["Đơn vị", "Tổng số đảng viên", "Có mặt", "Vắng"]
CSV_HEADER = ["Đơn vị", "Tổng số đảng viên", "Có mặt", "Vắng có lý do", "Vắng không lý do"]

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# --------------------------------------------------------------------------------------------
# Generated figures
# --------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """Attendance of one cell, class or unit: expected = the four parts summed."""

    attended: int
    absent_excused: int
    absent_unexcused: int
    absent_unspecified: int = 0

    @property
    def expected(self) -> int:
        return (
            self.attended + self.absent_excused + self.absent_unexcused
            + self.absent_unspecified
        )

    @property
    def rate(self) -> float:
        return self.attended / self.expected

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.attended + other.attended,
            self.absent_excused + other.absent_excused,
            self.absent_unexcused + other.absent_unexcused,
            self.absent_unspecified + other.absent_unspecified,
        )


ZERO = Counts(0, 0, 0, 0)


@dataclass
class Cell:
    """A party cell (chi bộ) of a ward with its phase-1 attendance."""

    name: str
    size: int
    phase1: Counts


@dataclass
class Person:
    """One line of a phase-2 roll-call: status is present/excused/unexcused/unspecified/blank."""

    name: str
    status: str
    marker: str | None
    note: str | None


@dataclass
class DistrictClass:
    """One district-level class of phase 2."""

    name: str
    date: dt.date
    counts: Counts


@dataclass
class Demo:
    """Everything generated, before any file is written."""

    memberships: dict[str, int]
    cells: dict[str, list[Cell]]
    phase2: dict[str, Counts]  # generated figures of the 19 grassroots classes
    district_classes: list[DistrictClass]
    rosters: dict[str, list[list[Person]]] = field(default_factory=dict)
    text_count_wards: list[str] = field(default_factory=list)
    sheet2_wards: list[str] = field(default_factory=list)
    mismatch_ward: str = ""
    nfd_ward: str = ""


def slug(name: str) -> str:
    """ASCII lowercase hyphenated file name stem: 'Thượng Thanh' -> 'thuong-thanh'."""
    return "-".join(strip_diacritics(name).lower().split())


def strip_diacritics(text: str) -> str:
    """Vietnamese without tone marks, as typed on a keyboard without an IME ('Bo De')."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_absent(
    rng: random.Random, absent: int, excused_share: tuple[float, float]
) -> tuple[int, int]:
    """Split absentees into (excused, unexcused); most absentees give a reason."""
    excused = round(absent * rng.uniform(*excused_share))
    return excused, absent - excused


def partition(rng: random.Random, total: int, parts: int, low: int, high: int) -> list[int]:
    """Unequal party-cell sizes in [low, high] that sum exactly to the ward's membership."""
    assert low * parts <= total <= high * parts, (total, parts)
    sizes = [low] * parts
    spare = total - low * parts
    weights = [rng.uniform(0.2, 1.8) for _ in range(parts)]
    scale = sum(weights)
    for i, w in enumerate(weights):
        sizes[i] += min(high - low, math.floor(spare * w / scale))
    leftover = total - sum(sizes)
    while leftover:
        i = rng.randrange(parts)
        if sizes[i] < high:
            sizes[i] += 1
            leftover -= 1
    return sizes


def generate_phase1(rng: random.Random, memberships: dict[str, int]) -> dict[str, list[Cell]]:
    """Phase 1: each ward's members split into 12-40 cells, cell rates ~0.90-1.00."""
    cells: dict[str, list[Cell]] = {}
    for ward in WARDS:
        members = memberships[ward]
        n_cells = rng.randint(max(12, math.ceil(members / 55)), min(40, members // 14))
        sizes = partition(rng, members, n_cells, 8, 70)
        style = rng.choice(["Chi bộ TDP số {}", "Chi bộ khu dân cư số {}"])
        ward_rate = rng.uniform(0.935, 0.972)
        ward_cells = []
        for k, size in enumerate(sizes, start=1):
            rate = min(1.0, max(0.90, rng.gauss(ward_rate, 0.025)))
            attended = min(size, max(math.ceil(0.9 * size - 1e-9), round(rate * size)))
            excused, unexcused = split_absent(rng, size - attended, (0.4, 0.8))
            ward_cells.append(Cell(style.format(k), size, Counts(attended, excused, unexcused)))
        pooled = sum((c.phase1 for c in ward_cells), ZERO)
        assert pooled.expected == members
        assert 0.93 <= pooled.rate <= 0.98, (ward, pooled.rate)
        cells[ward] = ward_cells
    return cells


def generate_phase2(rng: random.Random, memberships: dict[str, int]) -> dict[str, Counts]:
    """Phase 2 grassroots classes: a few units under target, pooled rate rounding to 96%."""
    units = WARDS + COMMITTEES
    shuffled = rng.sample(units, len(units))
    n_low, n_high = rng.randint(2, 4), rng.randint(4, 6)
    low, high = shuffled[:n_low], shuffled[n_low:n_low + n_high]
    middle = shuffled[n_low + n_high:]

    def band(unit: str) -> tuple[float, float]:
        if unit in low:
            return 0.925, 0.9499
        if unit in high:
            return 0.9705, 0.99
        return 0.951, 0.969

    attended = {}
    for unit in units:
        lo, hi = band(unit)
        expected = memberships[unit]
        attended[unit] = min(math.floor(hi * expected), max(
            math.ceil(lo * expected), round(rng.uniform(lo, hi) * expected)))

    def pooled() -> float:
        return sum(attended.values()) / sum(memberships[u] for u in units)

    # Nudge the middle units one member at a time until the pooled rate sits near 96.0%.
    while not 0.958 <= pooled() <= 0.962:
        unit = rng.choice(middle)
        lo, hi = band(unit)
        step = 1 if pooled() < 0.958 else -1
        new_rate = (attended[unit] + step) / memberships[unit]
        if lo <= new_rate <= hi:
            attended[unit] += step

    phase2 = {}
    for unit in units:
        absent = memberships[unit] - attended[unit]
        if unit in SUMMARY_ODS_WARDS:
            # The supplementary .ods only has a "Vắng" total: the reason is not recorded.
            phase2[unit] = Counts(attended[unit], 0, 0, absent)
            continue
        unspecified = 0
        if unit in ROSTER_WARDS and absent:
            unspecified = min(absent, rng.randint(0, 3))  # a few bare "v"/"vắng" markers
        excused, unexcused = split_absent(rng, absent - unspecified, (0.45, 0.8))
        phase2[unit] = Counts(attended[unit], excused, unexcused, unspecified)
    rate = pooled()
    assert 0.955 <= rate < 0.965, rate
    below = [u for u in units if phase2[u].rate < TARGET]
    assert 2 <= len(below) <= 4, below
    assert any(phase2[u].rate > 0.97 for u in units)
    return phase2


def generate_district(rng: random.Random) -> list[DistrictClass]:
    """The key-cadre class and six district classes of exactly 400, rates 0.93-0.99."""
    weekdays = [
        dt.date(2015, 9, 21) + dt.timedelta(days=d)
        for d in range(60)
        if (dt.date(2015, 9, 21) + dt.timedelta(days=d)).weekday() < 5
    ]
    dates = [dt.date(2015, 9, 15), *sorted(rng.sample(weekdays, 6))]
    names = [KEY_CADRE_CLASS] + [f"Lớp tập trung số {k}" for k in range(1, 7)]
    sizes = [rng.randint(285, 315)] + [DISTRICT_CLASS_SIZE] * 6
    classes = []
    for name, date, size in zip(names, dates, sizes, strict=True):
        attended = round(rng.uniform(0.93, 0.99) * size)
        excused, unexcused = split_absent(rng, size - attended, (0.5, 0.85))
        classes.append(DistrictClass(name, date, Counts(attended, excused, unexcused)))
    return classes


def person_name(rng: random.Random) -> str:
    """A random, gender-consistent Vietnamese name (family, middle, given)."""
    if rng.random() < 0.5:
        return " ".join([rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_MALE),
                         rng.choice(GIVEN_MALE)])
    return " ".join([rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_FEMALE),
                     rng.choice(GIVEN_FEMALE)])


def marker_for(rng: random.Random, status: str) -> tuple[str, str | None]:
    """The roll-call marker (and note) a clerk would type for a status, in varied spellings."""
    if status == "present":
        return rng.choices(["x", "X", "có", "Có mặt"], weights=[85, 7, 5, 3])[0], None
    if status == "unexcused":
        return rng.choices(["KP", "kp"], weights=[80, 20])[0], None
    if status == "excused":
        note = rng.choices(["Ốm", "Đi công tác", "Việc gia đình", None], weights=[3, 3, 2, 2])[0]
        return "P", note
    return rng.choice(["v", "vắng"]), None


def generate_rosters(
    rng: random.Random, cells: dict[str, list[Cell]], phase2: dict[str, Counts]
) -> dict[str, list[list[Person]]]:
    """Per-person roll-calls whose marker counts equal the ward's generated phase-2 figures."""
    rosters: dict[str, list[list[Person]]] = {}
    for ward in ROSTER_WARDS:
        counts = phase2[ward]
        slots = [(i, j) for i, cell in enumerate(cells[ward]) for j in range(cell.size)]
        statuses = (
            ["unexcused"] * counts.absent_unexcused
            + ["excused"] * counts.absent_excused
            + ["unspecified"] * counts.absent_unspecified
        )
        statuses += ["present"] * (len(slots) - len(statuses))
        rng.shuffle(statuses)
        by_slot = dict(zip(slots, statuses, strict=True))
        sheets = []
        for i, cell in enumerate(cells[ward]):
            names: list[str] = []
            while len(names) < cell.size:  # unique within a cell, as on a real list
                candidate = person_name(rng)
                if candidate not in names:
                    names.append(candidate)
            people = []
            for j, name in enumerate(names):
                status = by_slot[(i, j)]
                marker, note = marker_for(rng, status)
                people.append(Person(name, status, marker, note))
            sheets.append(people)
        rosters[ward] = sheets
    # Two persons, in two different files, whose marker the clerk forgot to fill in.
    for ward in sorted(rng.sample(ROSTER_WARDS, 2), key=ROSTER_WARDS.index):
        present = [
            (i, j) for i, sheet in enumerate(rosters[ward])
            for j, p in enumerate(sheet) if p.status == "present"
        ]
        i, j = rng.choice(present)
        rosters[ward][i][j] = Person(rosters[ward][i][j].name, "blank", None, None)
    return rosters


def generate(rng: random.Random) -> Demo:
    """All figures, drawn in a fixed order from one seeded generator."""
    memberships = {w: rng.randint(350, 1300) for w in WARDS}
    memberships |= {c: rng.randint(60, 260) for c in COMMITTEES}
    cells = generate_phase1(rng, memberships)
    phase2 = generate_phase2(rng, memberships)
    district = generate_district(rng)
    demo = Demo(memberships, cells, phase2, district)
    demo.rosters = generate_rosters(rng, cells, phase2)
    demo.text_count_wards = sorted(rng.sample(WARDS, 3), key=WARDS.index)
    demo.sheet2_wards = sorted(rng.sample(WARDS, 3), key=WARDS.index)
    demo.mismatch_ward = rng.choice(WARDS)
    demo.nfd_ward = rng.choice(WARDS)
    return demo


# --------------------------------------------------------------------------------------------
# Byte-identical output
# --------------------------------------------------------------------------------------------


def normalise_zip(path: Path) -> None:
    """Rewrite a zip (xlsx/ods) with pinned entry dates, keeping entry order and compression.

    openpyxl stamps dcterms:modified with the current time on every save, so it is pinned here.
    """
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    stamp = FIXED_DATETIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w") as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + stamp.encode() + m.group(2),
                    data,
                )
            pinned = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            pinned.compress_type = info.compress_type
            pinned.create_system = 3
            pinned.external_attr = 0o644 << 16
            dst.writestr(pinned, data)


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with pinned document properties, then pin the zip entry dates."""
    wb.properties.created = FIXED_DATETIME
    wb.properties.modified = FIXED_DATETIME
    wb.properties.creator = "scripts/make_demo.py"
    wb.properties.lastModifiedBy = "scripts/make_demo.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    normalise_zip(path)


def write_text(path: Path, text: str) -> None:
    """UTF-8 text with LF line ends on every platform."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


# --------------------------------------------------------------------------------------------
# Sheet helpers
# --------------------------------------------------------------------------------------------


def put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False,
        italic: bool = False, center: bool = False, border: bool = False) -> None:
    """Write one cell with the light formatting real report templates use."""
    cell = ws.cell(row=row, column=col, value=value)
    if bold or italic:
        cell.font = Font(bold=bold, italic=italic)
    if center:
        cell.alignment = CENTER
    if border:
        cell.border = BORDER


def merged_line(ws: Worksheet, row: int, first: int, last: int, text: str, *,
                bold: bool = True, italic: bool = False) -> None:
    """A centred title line merged across columns first..last."""
    put(ws, row, first, text, bold=bold, italic=italic, center=True)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def vn_number(n: int) -> str:
    """A count typed as text with the Vietnamese thousands separator: 1250 -> '1.250'."""
    return f"{n:,}".replace(",", ".")


def vn_percent(part: int, whole: int) -> str:
    """A rate typed as text with the Vietnamese decimal comma: '96,5%'."""
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


# --------------------------------------------------------------------------------------------
# Phase 1: one workbook per ward
# --------------------------------------------------------------------------------------------


def ward_spellings(demo: Demo) -> dict[str, str]:
    """How each file writes its ward in the "Phường" column: cycle real-world variants."""
    variants: list[Callable[[str], str]] = [
        lambda w: f"P. {w}",
        lambda w: f"Phường {w}",
        lambda w: w.upper(),
        lambda w: w.replace(" ", "  ") + "  ",
        strip_diacritics,
    ]
    spellings = {}
    others = [w for w in WARDS if w != demo.nfd_ward]
    for k, ward in enumerate(others):
        spellings[ward] = variants[k % len(variants)](ward)
    spellings[demo.nfd_ward] = unicodedata.normalize("NFD", f"Phường {demo.nfd_ward}")
    return spellings


def write_phase1_ward(demo: Demo, ward: str, spelling: str, out: Path,
                      truth: dict[str, object]) -> None:
    """The ward's phase-1 report: title block, two-row merged header, cells, totals, signature."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    as_text = ward in demo.text_count_wards
    nfd = ward == demo.nfd_ward

    def count(n: int) -> int | str:
        return str(n) if as_text else n

    merged_line(ws, 1, 1, 3, "QUẬN ỦY LONG BIÊN", bold=False)
    merged_line(ws, 1, 5, 7, "ĐẢNG CỘNG SẢN VIỆT NAM")
    merged_line(ws, 2, 1, 3, f"ĐẢNG ỦY PHƯỜNG {ward.upper()}")
    merged_line(ws, 4, 1, 7,
                "BÁO CÁO KẾT QUẢ PHỔ BIẾN NGHỊ QUYẾT TẠI CHI BỘ - GIAI ĐOẠN 1 (THÁNG 9/2015)")
    merged_line(ws, 5, 1, 7, SYNTHETIC_LINE, bold=False, italic=True)
    for col, (top, sub) in enumerate(zip(PHASE1_HEADER_TOP, PHASE1_HEADER_SUB, strict=True), 1):
        put(ws, 7, col, top, bold=True, center=True, border=True)
        put(ws, 8, col, sub, bold=True, center=True, border=True)
    for col in range(1, 6):
        ws.merge_cells(start_row=7, start_column=col, end_row=8, end_column=col)
    ws.merge_cells(start_row=7, start_column=6, end_row=7, end_column=7)

    row = 9
    for stt, cell in enumerate(demo.cells[ward], start=1):
        c = cell.phase1
        name = unicodedata.normalize("NFD", cell.name) if nfd else cell.name
        values = [stt, spelling, name, count(c.expected), count(c.attended),
                  count(c.absent_excused), count(c.absent_unexcused)]
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, border=True, center=col in (1, 4, 5, 6, 7))
        row += 1

    total = sum((cell.phase1 for cell in demo.cells[ward]), ZERO)
    stated_attended = total.attended + (2 if ward == demo.mismatch_ward else 0)
    totals = [None, None, "Tổng cộng", count(total.expected), count(stated_attended),
              count(total.absent_excused), count(total.absent_unexcused)]
    for col, value in enumerate(totals, start=1):
        put(ws, row, col, value, bold=True, border=True, center=col != 3)
    if ward == demo.mismatch_ward:
        truth["totals_mismatch"] = {
            "file": f"giai-doan-1/{slug(ward)}.xlsx", "sheet": "Báo cáo", "row": row,
            "column": "Có mặt", "stated": stated_attended, "sum": total.attended,
            "ward": ward,
        }

    sign = row + 2
    merged_line(ws, sign, 5, 7, "Long Biên, ngày 10 tháng 9 năm 2015", bold=False, italic=True)
    merged_line(ws, sign + 1, 1, 3, "NGƯỜI LẬP BIỂU")
    merged_line(ws, sign + 1, 5, 7, "T/M ĐẢNG ỦY")
    merged_line(ws, sign + 2, 5, 7, "BÍ THƯ")
    merged_line(ws, sign + 6, 1, 3, "Nguyễn Thị B")
    merged_line(ws, sign + 6, 5, 7, "Nguyễn Văn A")
    set_widths(ws, [6, 18, 26, 12, 10, 10, 12])
    if ward in demo.sheet2_wards:
        wb.create_sheet("Sheet2")
    save_workbook(wb, out)


def write_phase1(demo: Demo, root: Path, truth: dict[str, object]) -> dict[str, int]:
    """All 14 phase-1 ward workbooks; returns data rows per file."""
    rows = {}
    for ward, spelling in ward_spellings(demo).items():
        rel = f"giai-doan-1/{slug(ward)}.xlsx"
        write_phase1_ward(demo, ward, spelling, root / rel, truth)
        rows[rel] = len(demo.cells[ward])
    return rows


# --------------------------------------------------------------------------------------------
# Phase 2
# --------------------------------------------------------------------------------------------


def write_district(demo: Demo, root: Path) -> dict[str, int]:
    """District classes: one summary row per class with a real date and a text rate."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    last = len(DISTRICT_HEADER)
    merged_line(ws, 1, 1, 4, "BAN TUYÊN GIÁO QUẬN ỦY LONG BIÊN", bold=False)
    merged_line(ws, 2, 1, last,
                "TỔNG HỢP ĐIỂM DANH CÁC LỚP QUÁN TRIỆT NGHỊ QUYẾT ĐẠI HỘI III - CẤP QUẬN")
    merged_line(ws, 3, 1, last, SYNTHETIC_LINE, bold=False, italic=True)
    for col, text in enumerate(DISTRICT_HEADER, start=1):
        put(ws, 5, col, text, bold=True, center=True, border=True)
    row = 6
    for stt, cls in enumerate(demo.district_classes, start=1):
        c = cls.counts
        values = [stt, cls.name, DISTRICT, "Giai đoạn 2", cls.date, c.expected, c.attended,
                  c.absent_excused, c.absent_unexcused, vn_percent(c.attended, c.expected)]
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, border=True, center=col != 2)
        ws.cell(row=row, column=5).number_format = "dd/mm/yyyy"
        row += 1
    t = sum((cls.counts for cls in demo.district_classes), ZERO)
    totals = [None, "Tổng cộng", None, None, None, t.expected, t.attended, t.absent_excused,
              t.absent_unexcused, vn_percent(t.attended, t.expected)]
    for col, value in enumerate(totals, start=1):
        put(ws, row, col, value, bold=True, border=True, center=col != 2)
    set_widths(ws, [6, 24, 12, 12, 12, 14, 10, 12, 12, 10])
    rel = "giai-doan-2/lop-cap-quan.xlsx"
    save_workbook(wb, root / rel)
    return {rel: len(demo.district_classes)}


def roster_sheet_name(cell_name: str, taken: list[str]) -> str:
    """Excel's 31-character sheet-name limit, kept unique within the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", "-", cell_name)[:31].rstrip()
    base, k = name, 2
    while name in taken:
        suffix = f" ({k})"
        name, k = base[: 31 - len(suffix)] + suffix, k + 1
    return name


def write_rosters(demo: Demo, root: Path, truth: dict[str, object]) -> dict[str, int]:
    """Per-person roll-calls, one sheet per party cell, for the five roster wards."""
    rows: dict[str, int] = {}
    per_sheet: dict[str, dict[str, int]] = {}
    blanks: list[dict[str, object]] = []
    for ward in ROSTER_WARDS:
        rel = f"giai-doan-2/diem-danh/{slug(ward)}.xlsx"
        wb = Workbook()
        wb.remove(wb.active)
        taken: list[str] = []
        per_sheet[rel] = {}
        for cell, people in zip(demo.cells[ward], demo.rosters[ward], strict=True):
            sheet = roster_sheet_name(cell.name, taken)
            taken.append(sheet)
            ws = wb.create_sheet(sheet)
            merged_line(ws, 1, 1, 6, "DANH SÁCH ĐIỂM DANH LỚP QUÁN TRIỆT NGHỊ QUYẾT ĐẠI HỘI III")
            merged_line(ws, 2, 1, 6, f"Đảng bộ phường {ward} – {cell.name}")
            merged_line(ws, 3, 1, 6, SYNTHETIC_LINE, bold=False, italic=True)
            for col, text in enumerate(ROSTER_HEADER, start=1):
                put(ws, 5, col, text, bold=True, center=True, border=True)
            for stt, person in enumerate(people, start=1):
                row = 5 + stt
                values = [stt, person.name, ward, cell.name, person.marker, person.note]
                for col, value in enumerate(values, start=1):
                    put(ws, row, col, value, border=True, center=col in (1, 5))
                if person.status == "blank":
                    blanks.append({"file": rel, "sheet": sheet, "row": row, "ward": ward,
                                   "name": person.name})
            set_widths(ws, [6, 24, 14, 24, 11, 16])
            per_sheet[rel][sheet] = len(people)
        save_workbook(wb, root / rel)
        rows[rel] = sum(per_sheet[rel].values())
    assert len(blanks) == 2
    truth["blank_markers"] = blanks
    truth["data_rows_per_sheet"] = per_sheet
    return rows


def write_ward_summary(demo: Demo, root: Path) -> dict[str, int]:
    """Six wards' phase-2 summary; member counts of 1,000+ typed as text ('1.250')."""
    wb = Workbook()
    ws = wb.active
    ws.title = "GĐ2"
    merged_line(ws, 1, 1, 3, "QUẬN ỦY LONG BIÊN", bold=False)
    merged_line(ws, 2, 1, 6,
                "TỔNG HỢP KẾT QUẢ HỌC TẬP NGHỊ QUYẾT ĐẠI HỘI III - GIAI ĐOẠN 2 (CÁC PHƯỜNG)")
    merged_line(ws, 3, 1, 6, SYNTHETIC_LINE, bold=False, italic=True)
    for col, text in enumerate(WARD_SUMMARY_HEADER, start=1):
        put(ws, 5, col, text, bold=True, center=True, border=True)

    def members(n: int) -> int | str:
        return vn_number(n) if n >= 1000 else n

    row = 6
    for stt, ward in enumerate(SUMMARY_XLSX_WARDS, start=1):
        c = demo.phase2[ward]
        label = f"P. {ward}" if stt % 3 == 0 else f"Phường {ward}"
        values = [stt, label, members(c.expected), c.attended, c.absent_excused,
                  c.absent_unexcused]
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, border=True, center=col != 2)
        row += 1
    t = sum((demo.phase2[w] for w in SUMMARY_XLSX_WARDS), ZERO)
    totals = [None, "Tổng cộng", members(t.expected), t.attended, t.absent_excused,
              t.absent_unexcused]
    for col, value in enumerate(totals, start=1):
        put(ws, row, col, value, bold=True, border=True, center=col != 2)
    set_widths(ws, [6, 22, 14, 12, 12, 14])
    rel = "giai-doan-2/tong-hop-phuong.xlsx"
    save_workbook(wb, root / rel)
    return {rel: len(SUMMARY_XLSX_WARDS)}


def ods_row(values: list[object]) -> TableRow:
    """One ODS row: numbers as float cells, text as string cells, None as an empty cell."""
    tr = TableRow()
    for value in values:
        if value is None:
            tr.addElement(TableCell())
        elif isinstance(value, int):
            tc = TableCell(valuetype="float", value=value)
            tc.addElement(P(text=str(value)))
            tr.addElement(tc)
        else:
            tc = TableCell(valuetype="string")
            tc.addElement(P(text=str(value)))
            tr.addElement(tc)
    return tr


def write_ward_summary_ods(demo: Demo, root: Path) -> dict[str, int]:
    """Three late wards in LibreOffice format, absentees as one total without reasons."""
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Bổ sung GĐ2")
    table.addElement(TableColumn(numbercolumnsrepeated=len(ODS_HEADER)))
    table.addElement(ods_row(["BỔ SUNG KẾT QUẢ HỌC TẬP NGHỊ QUYẾT - GIAI ĐOẠN 2"]))
    table.addElement(ods_row([SYNTHETIC_LINE]))
    table.addElement(ods_row([]))
    table.addElement(ods_row(list(ODS_HEADER)))
    for ward in SUMMARY_ODS_WARDS:
        c = demo.phase2[ward]
        table.addElement(ods_row([ward, c.expected, c.attended, c.expected - c.attended]))
    doc.spreadsheet.addElement(table)
    rel = "giai-doan-2/tong-hop-phuong-bo-sung.ods"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    normalise_zip(path)
    return {rel: len(SUMMARY_ODS_WARDS)}


def write_committees_csv(demo: Demo, root: Path) -> dict[str, int]:
    """The five other party committees as a plain UTF-8-with-BOM CSV, as Excel exports it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for unit in COMMITTEES:
        c = demo.phase2[unit]
        writer.writerow([unit, c.expected, c.attended, c.absent_excused, c.absent_unexcused])
    rel = "giai-doan-2/khoi-hcsn-doanh-nghiep.csv"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return {rel: len(COMMITTEES)}


# --------------------------------------------------------------------------------------------
# campaign.toml, README, truth
# --------------------------------------------------------------------------------------------


CAMPAIGN_TOML_HEAD = f'''\
# Synthetic demo campaign, generated by scripts/make_demo.py (do not edit by hand).
[campaign]
id = "{CAMPAIGN_ID}"
title = "Học tập, quán triệt Nghị quyết Đại hội III Đảng bộ quận Long Biên (dữ liệu giả lập)"
target = {TARGET}
lang = "vi"
place = "Quận Long Biên, Hà Nội"

[[phases]]
id = "1"
label = "Giai đoạn 1"   # sinh hoạt chi bộ tháng 9/2015
start = "2015-09-01"
end = "2015-09-10"

[[phases]]
id = "2"
label = "Giai đoạn 2"
start = "2015-09-11"
end = "2015-11-28"

[[sources]]
glob = "giai-doan-1/*"
phase = "1"

[[sources]]
glob = "giai-doan-2/*"
phase = "2"
'''

README = """\
# demo-2015-long-bien — DỮ LIỆU GIẢ LẬP / SYNTHETIC DEMO DATA

**Tiếng Việt.** Đây là dữ liệu giả lập để trình diễn và kiểm thử, được sinh tự động bởi
`scripts/make_demo.py` (hạt giống ngẫu nhiên cố định 2015; chạy lại cho ra các tệp giống hệt
từng byte). Mọi con số và họ tên đều là bịa đặt, ghép ngẫu nhiên; không có người thật nào.
Dữ liệu chỉ được giữ khớp với các số liệu của bài báo nguồn: giai đoạn 2 có 26 lớp
(1 lớp cán bộ chủ chốt, 6 lớp cấp quận mỗi lớp 400 người, 19 lớp ở cơ sở với tỷ lệ tham dự
chung 96%). Không sửa tay các tệp này: hãy sửa script rồi chạy lại.

**English.** This is synthetic demo data for demonstrations and tests, generated by
`scripts/make_demo.py` (fixed seed 2015; re-running gives byte-identical files). Every count
and every name is invented, composed at random; no real person appears. The data is only kept
consistent with the source article's figures: phase 2 has 26 classes (1 key-cadre class,
6 district classes of 400 each, 19 grassroots classes at a pooled 96% attendance). Do not edit
these files by hand: change the script and re-run it.

Files: `giai-doan-1/` (phase 1, one report per ward, party cells), `giai-doan-2/`
(phase 2: district classes, per-person roll-calls of 5 wards, summaries of the other 9 wards
in .xlsx and .ods, the 5 other party committees in .csv). The expected results, including the
deliberate data errors (one wrong totals row, two blank roll-call markers), are in
`tests/data/demo_truth.json`.
"""


def campaign_toml() -> str:
    """campaign.toml: campaign, phases, sources, and the 20 units with their kinds.

    Phase 1 was held in the wards' party cells only: the other committees and the district
    classes are expected to report in phase 2 (`phases`), so that both phases are complete.
    """
    units = [(w, "ward", "") for w in WARDS]
    units += [(c, "committee", 'phases = ["2"]\n') for c in COMMITTEES]
    units.append((DISTRICT, "district", 'phases = ["2"]\n'))
    blocks = [f'[[units]]\nname = "{name}"\nkind = "{kind}"\n{phases}'
              for name, kind, phases in units]
    return CAMPAIGN_TOML_HEAD + "\n" + "\n".join(blocks)


def record(phase: str, unit: str, kind: str, c: Counts) -> dict[str, object]:
    """One participation_by_ward_phase row as the pipeline must report it."""
    return {
        "phase": phase, "ward": unit, "kind": kind, "expected": c.expected,
        "attended": c.attended, "absent_excused": c.absent_excused,
        "absent_unexcused": c.absent_unexcused, "absent_unspecified": c.absent_unspecified,
        "rate": c.rate,
    }


def pipeline_phase2(demo: Demo) -> dict[str, Counts]:
    """Phase-2 figures the pipeline sees: persons with a blank marker are rejected, not counted."""
    seen = dict(demo.phase2)
    for ward, sheets in demo.rosters.items():
        blanks = sum(p.status == "blank" for sheet in sheets for p in sheet)
        c = seen[ward]
        seen[ward] = Counts(c.attended - blanks, c.absent_excused, c.absent_unexcused,
                            c.absent_unspecified)
    return seen


def build_truth(demo: Demo, truth: dict[str, object], rows: dict[str, int]) -> dict[str, object]:
    """The ground truth from the generated numbers (never from the written files)."""
    phase1 = {w: sum((c.phase1 for c in demo.cells[w]), ZERO) for w in WARDS}
    phase2 = pipeline_phase2(demo)
    district = sum((cls.counts for cls in demo.district_classes), ZERO)
    units = [record("1", w, "ward", phase1[w]) for w in WARDS]
    units += [record("2", w, "ward", phase2[w]) for w in WARDS]
    units += [record("2", c, "committee", phase2[c]) for c in COMMITTEES]
    units.append(record("2", DISTRICT, "district", district))
    units.sort(key=lambda r: (r["phase"], r["ward"]))

    grassroots = sum((phase2[u] for u in WARDS + COMMITTEES), ZERO)
    assert 0.955 <= grassroots.rate < 0.965, grassroots.rate
    generated = sum((demo.phase2[u] for u in WARDS + COMMITTEES), ZERO)

    def totals(c: Counts) -> dict[str, object]:
        return {"expected": c.expected, "attended": c.attended,
                "absent_excused": c.absent_excused, "absent_unexcused": c.absent_unexcused,
                "absent_unspecified": c.absent_unspecified, "rate": c.rate}

    return {
        "campaign": CAMPAIGN_ID,
        "generator": "scripts/make_demo.py",
        "seed": SEED,
        "synthetic": True,
        "target": TARGET,
        "note": (
            "Figures are what the pipeline must report. Rows with a blank roll-call marker are "
            "read and rejected, so they are excluded from expected and attended (they were "
            "generated as present). absent_unspecified = absentees without a recorded reason "
            "('v'/'vắng' markers; the .ods file's 'Vắng' column). data_rows_per_file counts "
            "every data row read, including the rejected ones; totals, header, title and "
            "signature rows are not data rows."
        ),
        "units": units,
        "district_classes": [
            {"phase": "2", "ward": DISTRICT, "kind": "district", "session": cls.name,
             "date": cls.date.isoformat(), "expected": cls.counts.expected,
             "attended": cls.counts.attended, "absent_excused": cls.counts.absent_excused,
             "absent_unexcused": cls.counts.absent_unexcused}
            for cls in demo.district_classes
        ],
        "phase_totals": {
            "1": totals(sum(phase1.values(), ZERO)),
            "2": totals(grassroots + district),
        },
        "grassroots_phase2": {
            "classes": len(WARDS) + len(COMMITTEES),
            "expected": grassroots.expected,
            "attended": grassroots.attended,
            "rate": grassroots.rate,
            "rate_before_rejects": generated.rate,
            "below_target": sorted(u for u in WARDS + COMMITTEES if phase2[u].rate < TARGET),
            "above_0_97": sorted(u for u in WARDS + COMMITTEES if phase2[u].rate > 0.97),
        },
        "blank_markers": truth["blank_markers"],
        "totals_mismatch": truth["totals_mismatch"],
        "data_rows_per_file": dict(sorted(rows.items())),
        "data_rows_per_sheet": truth["data_rows_per_sheet"],
        "rejected_rows_per_file": {
            f: sum(1 for b in truth["blank_markers"] if b["file"] == f)
            for f in sorted({b["file"] for b in truth["blank_markers"]})
        },
        "layout": {
            "phase1_ward_spelling": ward_spellings(demo),
            "phase1_nfd_file": f"giai-doan-1/{slug(demo.nfd_ward)}.xlsx",
            "phase1_text_count_files": [f"giai-doan-1/{slug(w)}.xlsx"
                                        for w in demo.text_count_wards],
            "phase1_files_with_empty_sheet2": [f"giai-doan-1/{slug(w)}.xlsx"
                                               for w in demo.sheet2_wards],
        },
    }


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def write_campaign(demo: Demo, root: Path) -> dict[str, object]:
    """Write every file of the campaign folder under root; return the truth."""
    truth: dict[str, object] = {}
    write_text(root / "README.md", README)
    write_text(root / "campaign.toml", campaign_toml())
    rows = write_phase1(demo, root, truth)
    rows |= write_district(demo, root)
    rows |= write_rosters(demo, root, truth)
    rows |= write_ward_summary(demo, root)
    rows |= write_ward_summary_ods(demo, root)
    rows |= write_committees_csv(demo, root)
    return build_truth(demo, truth, rows)


def write_folder(campaign_dir: Path, write):
    """Build beside the target and swap in: never a half-written folder, no stale files.

    Returns what `write(build_folder)` returns (the generator's truth, for instance).
    """
    campaign_dir.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{campaign_dir.name}-", dir=campaign_dir.parent))
    try:
        result = write(build)
        build.chmod(0o755)
        if campaign_dir.exists():
            shutil.rmtree(campaign_dir)
        os.replace(build, campaign_dir)
    finally:
        if build.exists():
            shutil.rmtree(build)
    return result


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    write_text(tmp, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def main() -> None:
    demo = generate(random.Random(SEED))
    truth = write_folder(CAMPAIGN_DIR, lambda build: write_campaign(demo, build))
    write_json(TRUTH_PATH, truth)

    g = truth["grassroots_phase2"]
    print(f"wrote {CAMPAIGN_DIR.relative_to(ROOT)} and {TRUTH_PATH.relative_to(ROOT)}")
    print(f"grassroots phase 2: {g['attended']}/{g['expected']} = {g['rate']:.4f}")
    for phase, t in truth["phase_totals"].items():
        print(f"phase {phase}: {t['attended']}/{t['expected']} = {t['rate']:.4f}")


if __name__ == "__main__":
    main()

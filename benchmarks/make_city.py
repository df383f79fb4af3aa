"""Generate a city-scale synthetic campaign for the benchmarks (benchmarks/run.py).

A city-wide study campaign: 30 districts x 20 wards, each ward with dozens of party cells.
Phase 1 arrives as one summary workbook per district (title block, two-row merged header with
"Vắng" over "Có lý do" / "Không lý do", ward names merged down over their cells' rows in some,
counts typed as text in others, a "Tổng cộng" row, a signature block); phase 2 as one
roll-call workbook per ward, one sheet per party cell (title rows, a header, one person a
row with an x / X / có / v / vắng / P / KP marker, a signature block). Ward names are written
several ways, a few markers are blank (those rows are rejected) and one totals row is wrong
(reported), as in scripts/make_demo.py but a thousand times bigger.

Default: 600 workbooks (30 summaries + 570 roll-calls), 1,000,000 roll-call rows.
Everything is synthetic: counts and names are drawn from a seeded generator; no real person
appears. The same arguments give byte-identical files (zip dates and document times pinned),
whatever --jobs is.

Run: .venv/bin/python benchmarks/make_city.py [--out DIR] [--workbooks 600] [--rows 1000000]
     [--seed 1] [--jobs N]
It writes DIR (default benchmarks/data/raw/city) with campaign.toml and city.json (what was
written: files, sheets, rows, the deliberate errors), replacing an older one.

It does not import the `analysis` package: the campaign is an independent input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
import unicodedata
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
# data/raw/<campaign> like a real campaign, so the suite keeps its parse cache beside it
# (benchmarks/data/processed/.cache/city) and its outputs in benchmarks/data/processed/city.
DEFAULT_OUT = HERE / "data" / "raw" / "city"
CAMPAIGN_ID = "city-2025-synthetic"
DISTRICTS = 30
WARDS_PER_DISTRICT = 20
TARGET = 0.95
FIXED_DATETIME = dt.datetime(2025, 10, 31)
FIXED_ZIP_DATE = (2025, 10, 31, 0, 0, 0)
SYNTHETIC_LINE = "DỮ LIỆU GIẢ LẬP – SYNTHETIC BENCHMARK DATA"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Quốc", "Tấn"]
MIDDLE_FEMALE = ["Thị", "Thu", "Thanh", "Minh", "Ngọc", "Kim", "Bích"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Nam", "Quân", "Sơn", "Tuấn",
              "Tâm", "Phúc", "Khoa", "Long", "Trung", "Thắng", "Vinh", "Hiếu"]
GIVEN_FEMALE = ["An", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Ngọc", "Phương", "Tâm",
                "Thảo", "Trang", "Vân", "Yến", "Hương", "Nhung", "Thủy", "Oanh"]

SUMMARY_TOP = ["STT", "Phường", "Chi bộ", "Tổng số đảng viên", "Có mặt", "Vắng", None]
SUMMARY_SUB = [None, None, None, None, None, "Có lý do", "Không lý do"]
ROSTER_HEADER = ["STT", "Họ và tên", "Phường", "Chi bộ", "Điểm danh", "Ghi chú"]
# Marker spellings a clerk types, by status, with weights.
MARKERS = {
    "present": (["x", "X", "có", "Có mặt"], [88, 6, 4, 2]),
    "absent_excused": (["P", "p"], [90, 10]),
    "absent_unexcused": (["KP", "kp"], [85, 15]),
    "absent_unspecified": (["v", "vắng"], [70, 30]),
}
EXCUSE_NOTES = ["Ốm", "Đi công tác", "Việc gia đình", None, None]
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# --------------------------------------------------------------------------------------------
# The plan: units, cells and sizes, decided in the parent from one seeded generator
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ward:
    district: int
    number: int

    @property
    def name(self) -> str:
        return f"Phường {self.number} Quận {self.district}"

    @property
    def slug(self) -> str:
        return f"quan-{self.district:02d}/phuong-{self.number:02d}"


def wards() -> list[Ward]:
    return [Ward(d, w) for d in range(1, DISTRICTS + 1) for w in range(1, WARDS_PER_DISTRICT + 1)]


def spelling(ward: Ward, variant: int) -> str:
    """How a clerk writes the ward: the name, 'P. 7 Quận 3', capitals, no diacritics, spaces."""
    name = ward.name
    forms = [
        name,
        f"P. {ward.number} Quận {ward.district}",
        name.upper(),
        strip_diacritics(name),
        f"  Phường  {ward.number}  Quận {ward.district} ",
        unicodedata.normalize("NFD", name),
    ]
    return forms[variant % len(forms)]


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_sizes(rng: random.Random, total: int, parts: int) -> list[int]:
    """`parts` positive sizes of uneven length (x0.5 .. x1.5 of the mean) summing to total."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(1, math.floor(w * scale)) for w in weights]
    leftover = total - sum(sizes)
    k = 0
    while leftover:
        i = k % parts
        if leftover > 0:
            sizes[i] += 1
            leftover -= 1
        elif sizes[i] > 1:
            sizes[i] -= 1
            leftover += 1
        k += 1
    return sizes


def cell_names(rng: random.Random, count: int) -> list[str]:
    style = rng.choice(["Chi bộ Khu phố {}", "Chi bộ khu dân cư số {}", "Chi bộ Tổ dân phố {}"])
    return [style.format(k) for k in range(1, count + 1)]


def plan(workbooks: int, rows: int, seed: int) -> dict:
    """Which workbook holds what: every size decided here, every file written from its task."""
    if workbooks < 2:
        raise SystemExit("--workbooks must be at least 2 (one summary, one roll-call)")
    rng = random.Random(f"city-plan-{seed}")
    all_wards = wards()
    n_summary = max(1, workbooks // 20)
    n_roster = workbooks - n_summary
    if rows < n_roster:
        raise SystemExit(f"--rows must be at least the number of roll-call workbooks ({n_roster})")
    roster_rows = split_sizes(rng, rows, n_roster)
    # Roll-call workbooks: one per ward in phase 2; past 600, a make-up phase 3 starts over.
    rosters = []
    for index, size in enumerate(roster_rows):
        ward = all_wards[index % len(all_wards)]
        phase = "2" if index < len(all_wards) else "3"
        n_cells = min(90, max(4, round(size / rng.uniform(35, 55))))
        n_cells = min(n_cells, size)
        rosters.append({"ward": ward, "phase": phase, "cells": cell_names(rng, n_cells),
                        "sizes": split_sizes(rng, size, n_cells)})
    # Phase-1 summaries list every ward's cells (the roll-call's cells where there is one).
    cells_of = {}
    for roster in rosters:
        cells_of.setdefault(roster["ward"], (roster["cells"], roster["sizes"]))
    mean = max(4, rows // n_roster)
    for ward in all_wards:
        if ward not in cells_of:
            n_cells = max(4, round(mean / 45))
            cells_of[ward] = (cell_names(rng, n_cells), split_sizes(rng, mean, n_cells))
    districts = list(range(1, DISTRICTS + 1))
    summaries = []
    for k in range(n_summary):
        mine = districts[k::n_summary]
        summaries.append({
            "index": k,
            "districts": mine,
            "wards": [(ward, *cells_of[ward]) for ward in all_wards if ward.district in mine],
        })
    phases = ["1", "2"] + (["3"] if n_roster > len(all_wards) else [])
    return {"summaries": summaries, "rosters": rosters, "phases": phases, "seed": seed}


# --------------------------------------------------------------------------------------------
# Writing one workbook (in a worker process)
# --------------------------------------------------------------------------------------------


class PinnedZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed date, so the same plan gives the same bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zinfo_or_arcname
            info.date_time = FIXED_ZIP_DATE
        else:
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_ZIP_DATE)
            info.compress_type = self.compression
            info.external_attr = 0o644 << 16
        super().writestr(info, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.path.basename(filename), handle.read())


def save(wb: Workbook, path: Path) -> None:
    wb.properties.created = FIXED_DATETIME
    wb.properties.modified = FIXED_DATETIME
    wb.properties.creator = "benchmarks/make_city.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    archive = PinnedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()


def styled(ws, value, *, bold: bool = False, center: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if bold:
        cell.font = BOLD
    if center:
        cell.alignment = CENTER
    return cell


def merge(ws, row: int, first: int, last: int) -> None:
    ws.merged_cells.add(f"{col(first)}{row}:{col(last)}{row}")


def col(number: int) -> str:
    return "ABCDEFGHIJ"[number - 1]


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def write_roster(task: dict) -> dict:
    """One ward's roll-call: one sheet per party cell. Returns what was written."""
    ward: Ward = task["ward"]
    rng = random.Random(f"city-roster-{task['seed']}-{task['index']}")
    ward_rate = rng.uniform(0.90, 0.99)
    written = spelling(ward, task["index"])
    blank_marker = task["index"] % 25 == 7  # every 25th workbook has one forgotten marker
    wb = Workbook(write_only=True)
    counts = dict.fromkeys(("rows", "present", "absent_excused", "absent_unexcused",
                            "absent_unspecified", "blank"), 0)
    sheets = 0
    for cell_index, (cell, size) in enumerate(zip(task["cells"], task["sizes"], strict=True)):
        ws = wb.create_sheet(cell[:31])
        sheets += 1
        for letter, width in zip("ABCDEF", (6, 26, 22, 24, 11, 16), strict=True):
            ws.column_dimensions[letter].width = width
        ws.append([styled(ws, f"ĐẢNG BỘ {ward.name.upper()}", bold=True, center=True), None,
                   None, None, styled(ws, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, center=True)])
        merge(ws, 1, 1, 3)
        merge(ws, 1, 5, 6)
        ws.append([styled(ws, "DANH SÁCH ĐIỂM DANH ĐẢNG VIÊN HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT",
                          bold=True, center=True)])
        merge(ws, 2, 1, 6)
        ws.append([styled(ws, f"{cell} – {ward.name}", center=True)])
        merge(ws, 3, 1, 6)
        ws.append([styled(ws, SYNTHETIC_LINE, center=True)])
        merge(ws, 4, 1, 6)
        ws.append([])
        ws.append([styled(ws, text, bold=True, center=True) for text in ROSTER_HEADER])
        names: set[str] = set()
        blank_at = rng.randrange(size) if blank_marker and cell_index == 0 else -1
        for stt in range(1, size + 1):
            name = person_name(rng)
            while name in names:  # unique within a cell, as on a real list
                name = f"{person_name(rng)}" if len(names) < 2000 else f"{name} ({stt})"
            names.add(name)
            roll = rng.random()
            if roll < ward_rate:
                status = "present"
            elif roll < ward_rate + (1 - ward_rate) * 0.6:
                status = "absent_excused"
            elif roll < ward_rate + (1 - ward_rate) * 0.9:
                status = "absent_unexcused"
            else:
                status = "absent_unspecified"
            spellings, weights = MARKERS[status]
            marker = rng.choices(spellings, weights)[0]
            note = rng.choice(EXCUSE_NOTES) if status == "absent_excused" else None
            if stt - 1 == blank_at:
                marker, note, status = None, None, "blank"
            counts["rows"] += 1
            counts[status] += 1
            ws.append([stt, name, written, cell, marker, note])
        ws.append([])
        ws.append([None, None, None, f"Quận {ward.district}, ngày 15 tháng 10 năm 2025"])
        ws.append([styled(ws, "NGƯỜI LẬP BIỂU", bold=True), None, None,
                   styled(ws, "T/M CHI ỦY - BÍ THƯ", bold=True)])
        ws.append([])
        ws.append([])
        ws.append([None, person_name(rng), None, person_name(rng)])
    if task["index"] % 10 == 3:  # an empty sheet left over from the template
        wb.create_sheet("Sheet1")
        sheets += 1
    save(wb, task["path"])
    return {"file": task["relative"], "kind": "roster", "sheets": sheets, **counts}


def write_summary(task: dict) -> dict:
    """Phase-1 cell meetings of some districts' wards: one sheet, two-row merged header."""
    rng = random.Random(f"city-summary-{task['seed']}-{task['index']}")
    as_text = task["index"] % 3 == 1  # counts typed as text ("45", "1.250")
    merged_wards = task["index"] % 3 == 2  # the ward's name merged down over its cells
    wrong_total = task["index"] == 0  # one totals row that does not add up
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Báo cáo")
    for letter, width in zip("ABCDEFG", (6, 22, 26, 12, 10, 10, 12), strict=True):
        ws.column_dimensions[letter].width = width

    def count(n: int) -> int | str:
        return (f"{n:,}".replace(",", ".") if n >= 1000 else str(n)) if as_text else n

    districts = ", ".join(f"Quận {d}" for d in task["districts"])
    ws.append([styled(ws, "THÀNH ỦY (GIẢ LẬP)", center=True), None, None, None,
               styled(ws, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, center=True)])
    merge(ws, 1, 1, 3)
    merge(ws, 1, 5, 7)
    ws.append([styled(ws, f"BAN TUYÊN GIÁO – {districts.upper()}", bold=True, center=True)])
    merge(ws, 2, 1, 3)
    ws.append([])
    ws.append([styled(ws, "BÁO CÁO KẾT QUẢ PHỔ BIẾN NGHỊ QUYẾT TẠI CHI BỘ - GIAI ĐOẠN 1",
                      bold=True, center=True)])
    merge(ws, 4, 1, 7)
    ws.append([styled(ws, SYNTHETIC_LINE, center=True)])
    merge(ws, 5, 1, 7)
    ws.append([])
    ws.append([styled(ws, text, bold=True, center=True) for text in SUMMARY_TOP])
    ws.append([styled(ws, text, bold=True, center=True) for text in SUMMARY_SUB])
    for column in range(1, 6):
        ws.merged_cells.add(f"{col(column)}7:{col(column)}8")
    merge(ws, 7, 6, 7)
    row, stt = 9, 0
    total = [0, 0, 0, 0]
    for ward_index, (ward, cells, sizes) in enumerate(task["wards"]):
        written = spelling(ward, ward_index + task["index"])
        first = row
        rate = rng.uniform(0.90, 0.99)
        for cell, size in zip(cells, sizes, strict=True):
            attended = min(size, max(0, round(rng.gauss(rate, 0.03) * size)))
            absent = size - attended
            excused = round(absent * rng.uniform(0.4, 0.8))
            unexcused = absent - excused
            stt += 1
            shown = written if not merged_wards or row == first else None
            ws.append([stt, shown, cell, count(size), count(attended), count(excused),
                       count(unexcused)])
            total = [a + b for a, b in zip(total, (size, attended, excused, unexcused),
                                           strict=True)]
            row += 1
        if merged_wards and row - 1 > first:
            ws.merged_cells.add(f"B{first}:B{row - 1}")
    stated = list(total)
    if wrong_total:
        stated[1] += 3
    ws.append([None, None, styled(ws, "Tổng cộng", bold=True),
               *(styled(ws, count(n), bold=True) for n in stated)])
    ws.append([])
    ws.append([None, None, None, None, "ngày 10 tháng 9 năm 2025"])
    ws.append([styled(ws, "NGƯỜI LẬP BIỂU", bold=True), None, None, None,
               styled(ws, "T/M BAN TUYÊN GIÁO", bold=True)])
    ws.append([])
    ws.append([])
    ws.append([person_name(rng), None, None, None, person_name(rng)])
    save(wb, task["path"])
    return {"file": task["relative"], "kind": "summary", "sheets": 1, "rows": stt,
            "expected": total[0], "attended": total[1],
            "totals_mismatch": {"row": row, "stated": stated[1], "sum": total[1]}
            if wrong_total else None}


def write_task(task: dict) -> dict:
    return write_roster(task) if task["kind"] == "roster" else write_summary(task)


# --------------------------------------------------------------------------------------------
# campaign.toml and the folder
# --------------------------------------------------------------------------------------------


def campaign_toml(phases: list[str]) -> str:
    labels = {"1": ("Giai đoạn 1", "2025-09-01", "2025-09-15"),
              "2": ("Giai đoạn 2", "2025-09-16", "2025-10-31"),
              "3": ("Học bù", "2025-11-01", "2025-11-30")}
    lines = [
        "# City-scale synthetic campaign, generated by benchmarks/make_city.py.",
        "[campaign]",
        f'id = "{CAMPAIGN_ID}"',
        'title = "Học tập, quán triệt Nghị quyết (thành phố, dữ liệu giả lập)"',
        f"target = {TARGET}",
        'lang = "vi"',
        'place = "Thành phố giả lập"',
        "",
    ]
    for phase in phases:
        label, start, end = labels[phase]
        lines += ["[[phases]]", f'id = "{phase}"', f'label = "{label}"', f'start = "{start}"',
                  f'end = "{end}"', ""]
    for phase in phases:
        lines += ["[[sources]]", f'glob = "giai-doan-{phase}/*"', f'phase = "{phase}"', ""]
    for ward in wards():
        lines += ["[[units]]", f'name = "{ward.name}"', 'kind = "ward"', ""]
    return "\n".join(lines)


def tasks_for(layout: dict, root: Path) -> list[dict]:
    tasks = []
    for summary in layout["summaries"]:
        relative = f"giai-doan-1/tong-hop-{summary['index'] + 1:02d}.xlsx"
        tasks.append({"kind": "summary", "index": summary["index"], "seed": layout["seed"],
                      "districts": summary["districts"], "wards": summary["wards"],
                      "relative": relative, "path": root / relative})
    for index, roster in enumerate(layout["rosters"]):
        relative = f"giai-doan-{roster['phase']}/{roster['ward'].slug}.xlsx"
        tasks.append({"kind": "roster", "index": index, "seed": layout["seed"], **roster,
                      "relative": relative, "path": root / relative})
    # Biggest first, so that the last worker is not left with one big file at the end.
    tasks.sort(key=lambda task: -_task_rows(task))
    return tasks


def _task_rows(task: dict) -> int:
    if task["kind"] == "roster":
        return sum(task["sizes"])
    return sum(len(cells) for _, cells, _ in task["wards"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"campaign folder to (re)write (default {DEFAULT_OUT})")
    parser.add_argument("--workbooks", type=int, default=600)
    parser.add_argument("--rows", type=int, default=1_000_000,
                        help="roll-call rows across all roll-call workbooks")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: every core)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    layout = plan(args.workbooks, args.rows, args.seed)
    out = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        tasks = tasks_for(layout, build)
        (build / "campaign.toml").write_text(campaign_toml(layout["phases"]), encoding="utf-8")
        results = []
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for done, result in enumerate(pool.map(write_task, tasks, chunksize=1), start=1):
                results.append(result)
                if done % max(1, len(tasks) // 20) == 0 or done == len(tasks):
                    elapsed = time.perf_counter() - started
                    print(f"  {done}/{len(tasks)} workbooks, "
                          f"{sum(r['rows'] for r in results):,} rows, {elapsed:.0f} s",
                          file=sys.stderr, flush=True)
        results.sort(key=lambda result: result["file"])
        rosters = [r for r in results if r["kind"] == "roster"]
        summaries = [r for r in results if r["kind"] == "summary"]
        info = {
            "campaign": CAMPAIGN_ID,
            "generator": "benchmarks/make_city.py",
            "arguments": {"workbooks": args.workbooks, "rows": args.rows, "seed": args.seed},
            "synthetic": True,
            "workbooks": len(results),
            "sheets": sum(r["sheets"] for r in results),
            "bytes": sum((build / r["file"]).stat().st_size for r in results),
            "roster_rows": sum(r["rows"] for r in rosters),
            "summary_rows": sum(r["rows"] for r in summaries),
            "blank_markers": sum(r["blank"] for r in rosters),
            "totals_mismatches": [{"file": r["file"], **r["totals_mismatch"]}
                                  for r in summaries if r["totals_mismatch"]],
            "files": results,
        }
        (build / "city.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
        build.chmod(0o755)
        if out.exists():
            shutil.rmtree(out)
        os.replace(build, out)
    finally:
        if build.exists():
            shutil.rmtree(build)
    elapsed = time.perf_counter() - started
    print(f"wrote {out}: {info['workbooks']} workbooks ({info['bytes'] / 2**20:.0f} MiB), "
          f"{info['sheets']:,} sheets, {info['roster_rows']:,} roll-call rows + "
          f"{info['summary_rows']:,} summary rows in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

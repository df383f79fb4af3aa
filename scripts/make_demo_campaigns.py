"""Generate the two later synthetic demo campaigns, for the cross-campaign trends.

* ``data/raw/demo-2020-long-bien/``: the next term (2020-2025) on the same 14 wards of
  Long Biên district and its 5 other party committees;
* ``data/raw/demo-2026-long-bien/``: a 2026 campaign on the wards that followed Hà Nội's
  2025 reorganisation (the district level is gone): the successor wards named in
  ``analysis/data/lineage_long_bien_2025.csv``, listed as ``[[units]]`` in its campaign.toml.

Like ``scripts/make_demo.py`` (whose building blocks it reuses), this script is the tests'
independent oracle: it invents every number with a fixed seed and writes the truth from its
own numbers, never by reading the spreadsheets back. It does not import ``analysis``; the
2015 figures it builds on are read from ``tests/data/demo_truth.json`` and the successors
from the lineage CSV, both data files. Each ward's rate moves from the previous campaign by a
change chosen here (``CHANGE_2020``, ``CHANGE_2026``), so the trend notebook has wards that
improved and wards that fell.

Outputs (byte-identical on re-run):
  data/raw/demo-2020-long-bien/, data/raw/demo-2026-long-bien/,
  tests/data/demo_2020_truth.json, tests/data/demo_2026_truth.json,
  tests/data/trends_truth.json (the trend table the suite must compute, both views).

Everything is synthetic: no real figure, no real person. Run:
``.venv/bin/python scripts/make_demo_campaigns.py``
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_demo as base  # the 2015 generator's building blocks
from make_demo import ZERO, Counts, merged_line, put, set_widths, vn_number

ROOT = base.ROOT
TESTS_DATA = ROOT / "tests" / "data"
LINEAGE_CSV = ROOT / "analysis" / "data" / "lineage_long_bien_2025.csv"
EFFECTIVE = dt.date(2025, 7, 1)  # the new wards of Hà Nội took effect
TARGET = 0.95

# Points of participation (pooled over the phases) gained or lost since the last campaign.
CHANGE_2020 = {
    "Bồ Đề": +1.0, "Cự Khối": -1.8, "Đức Giang": +0.8, "Gia Thụy": +1.6, "Giang Biên": +0.5,
    "Long Biên": -1.2, "Ngọc Lâm": +0.3, "Ngọc Thụy": +1.1, "Phúc Đồng": -2.2,
    "Phúc Lợi": +1.4, "Sài Đồng": +0.6, "Thạch Bàn": +2.5, "Thượng Thanh": +0.9,
    "Việt Hưng": -0.7,
}
CHANGE_2026 = {"Bồ Đề": +1.2, "Hồng Hà": -0.8, "Long Biên": +0.6, "Phúc Lợi": -2.4,
               "Việt Hưng": +1.5}
# Hồng Hà also took in wards of other districts (Hoàn Kiếm, Tây Hồ...): members from there.
HONG_HA_OTHER_MEMBERS = 2450


def load_lineage() -> dict[str, str]:
    with LINEAGE_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["old_ward"]: row["new_ward"] for row in csv.DictReader(handle)}


def lineage_approximate() -> dict[str, bool]:
    with LINEAGE_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["old_ward"]: row["approximate"] == "true" for row in csv.DictReader(handle)}


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def phase_counts(rng: random.Random, members: int, rate: float) -> Counts:
    attended = min(members, max(0, round(rate * members)))
    excused, unexcused = base.split_absent(rng, members - attended, (0.45, 0.8))
    return Counts(attended, excused, unexcused)


def two_phases(rng: random.Random, members: int, pooled_rate: float) -> dict[str, Counts]:
    """Phase 1 a little under the campaign's rate, phase 2 a little over (as in 2015)."""
    spread = rng.uniform(0.002, 0.006)
    return {
        "1": phase_counts(rng, members, min(0.995, pooled_rate - spread)),
        "2": phase_counts(rng, members, min(0.995, pooled_rate + spread)),
    }


def pooled(figures: dict[str, Counts]) -> Counts:
    return sum(figures.values(), ZERO)


def truth_2015() -> dict[tuple[str, str], Counts]:
    """The 2015 demo as the pipeline reports it (tests/data/demo_truth.json)."""
    truth = json.loads((TESTS_DATA / "demo_truth.json").read_text(encoding="utf-8"))
    return {(row["phase"], row["ward"]): Counts(row["attended"], row["absent_excused"],
                                               row["absent_unexcused"],
                                               row["absent_unspecified"])
            for row in truth["units"]}


def generate_2020(rng: random.Random, t2015: dict[tuple[str, str], Counts]
                  ) -> dict[str, dict[str, Counts]]:
    """14 wards in both phases, 5 committees in phase 2; memberships grew 3-12%."""
    figures: dict[str, dict[str, Counts]] = {}
    for ward in base.WARDS:
        before = t2015[("1", ward)] + t2015[("2", ward)]
        members = round(t2015[("1", ward)].expected * rng.uniform(1.03, 1.12))
        figures[ward] = two_phases(rng, members, before.rate + CHANGE_2020[ward] / 100)
    for committee in base.COMMITTEES:
        before = t2015[("2", committee)]
        members = round(before.expected * rng.uniform(0.95, 1.10))
        figures[committee] = {"2": phase_counts(rng, members, before.rate
                                                + rng.uniform(-0.01, 0.01))}
    return figures


def generate_2026(rng: random.Random, f2020: dict[str, dict[str, Counts]],
                  lineage: dict[str, str]) -> dict[str, dict[str, Counts]]:
    """The successor wards: their old wards' members (grown 2-6%), rate moved by CHANGE_2026."""
    figures: dict[str, dict[str, Counts]] = {}
    for new_ward in sorted(set(lineage.values()), key=base.strip_diacritics):
        olds = [old for old, new in lineage.items() if new == new_ward]
        before = sum((pooled(f2020[old]) for old in olds), ZERO)
        members = round(sum(f2020[old]["1"].expected for old in olds) * rng.uniform(1.02, 1.06))
        if new_ward == "Hồng Hà":
            members += HONG_HA_OTHER_MEMBERS
        figures[new_ward] = two_phases(rng, members, before.rate + CHANGE_2026[new_ward] / 100)
    return figures


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def save_workbook(wb: Workbook, path: Path, when: dt.datetime) -> None:
    """Save with pinned document properties and zip entry dates (byte-identical re-runs)."""
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "scripts/make_demo_campaigns.py"
    wb.properties.lastModifiedBy = "scripts/make_demo_campaigns.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + stamp + m.group(2), data)
            pinned = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            pinned.compress_type = info.compress_type
            pinned.create_system = 3
            pinned.external_attr = 0o644 << 16
            dst.writestr(pinned, data)


def write_2020_phase1(figures, root: Path, when: dt.datetime) -> dict[str, int]:
    """All wards in one workbook: title block, two-row header, totals row, signature."""
    wb = Workbook()
    ws = wb.active
    ws.title = "GĐ1"
    merged_line(ws, 1, 1, 3, "QUẬN ỦY LONG BIÊN", bold=False)
    merged_line(ws, 2, 1, 6, "TỔNG HỢP KẾT QUẢ PHỔ BIẾN NGHỊ QUYẾT ĐẠI HỘI IV TẠI CHI BỘ"
                " - GIAI ĐOẠN 1 (THÁNG 9/2020)")
    merged_line(ws, 3, 1, 6, base.SYNTHETIC_LINE, bold=False, italic=True)
    top = ["STT", "Phường", "Tổng số đảng viên", "Có mặt", "Vắng", None]
    sub = [None, None, None, None, "Có lý do", "Không lý do"]
    for col, (upper, lower) in enumerate(zip(top, sub, strict=True), start=1):
        put(ws, 5, col, upper, bold=True, center=True, border=True)
        put(ws, 6, col, lower, bold=True, center=True, border=True)
    for col in range(1, 5):
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    ws.merge_cells(start_row=5, start_column=5, end_row=5, end_column=6)
    row = 7
    for stt, ward in enumerate(base.WARDS, start=1):
        c = figures[ward]["1"]
        for col, value in enumerate([stt, f"Phường {ward}", c.expected, c.attended,
                                     c.absent_excused, c.absent_unexcused], start=1):
            put(ws, row, col, value, border=True, center=col != 2)
        row += 1
    total = sum((figures[ward]["1"] for ward in base.WARDS), ZERO)
    for col, value in enumerate([None, "Tổng cộng", total.expected, total.attended,
                                 total.absent_excused, total.absent_unexcused], start=1):
        put(ws, row, col, value, bold=True, border=True, center=col != 2)
    put(ws, row + 2, 5, "NGƯỜI LẬP BIỂU", bold=True, center=True)
    set_widths(ws, [6, 22, 14, 12, 12, 14])
    rel = "giai-doan-1/tong-hop-giai-doan-1.xlsx"
    save_workbook(wb, root / rel, when)
    return {rel: len(base.WARDS)}


def write_2020_phase2(figures, root: Path, when: dt.datetime) -> dict[str, int]:
    """Wards: 'P. X' / 'Phường X', counts of 1,000+ typed as text ('1.250'); a totals row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "GĐ2"
    merged_line(ws, 1, 1, 3, "QUẬN ỦY LONG BIÊN", bold=False)
    merged_line(ws, 2, 1, 6, "TỔNG HỢP KẾT QUẢ HỌC TẬP NGHỊ QUYẾT ĐẠI HỘI IV - GIAI ĐOẠN 2")
    merged_line(ws, 3, 1, 6, base.SYNTHETIC_LINE, bold=False, italic=True)
    for col, text in enumerate(base.WARD_SUMMARY_HEADER, start=1):
        put(ws, 5, col, text, bold=True, center=True, border=True)
    row = 6
    for stt, ward in enumerate(base.WARDS, start=1):
        c = figures[ward]["2"]
        members = vn_number(c.expected) if c.expected >= 1000 else c.expected
        label = f"P. {ward}" if stt % 2 else f"Phường {ward}"
        for col, value in enumerate([stt, label, members, c.attended, c.absent_excused,
                                     c.absent_unexcused], start=1):
            put(ws, row, col, value, border=True, center=col != 2)
        row += 1
    total = sum((figures[ward]["2"] for ward in base.WARDS), ZERO)
    for col, value in enumerate([None, "Tổng cộng", vn_number(total.expected), total.attended,
                                 total.absent_excused, total.absent_unexcused], start=1):
        put(ws, row, col, value, bold=True, border=True, center=col != 2)
    set_widths(ws, [6, 22, 14, 12, 12, 14])
    rel = "giai-doan-2/tong-hop-phuong.xlsx"
    save_workbook(wb, root / rel, when)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(base.CSV_HEADER)
    for committee in base.COMMITTEES:
        c = figures[committee]["2"]
        writer.writerow([committee, c.expected, c.attended, c.absent_excused,
                         c.absent_unexcused])
    csv_rel = "giai-doan-2/dang-bo-khac.csv"
    (root / csv_rel).write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return {rel: len(base.WARDS), csv_rel: len(base.COMMITTEES)}


def write_2026(figures, root: Path, when: dt.datetime) -> dict[str, int]:
    """One workbook, one row per (ward, phase), in the layout of `python -m analysis new`."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    merged_line(ws, 1, 1, 7, "TỔNG HỢP KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT ĐẠI HỘI XIV")
    merged_line(ws, 2, 1, 7, base.SYNTHETIC_LINE, bold=False, italic=True)
    header = ["STT", "Đơn vị", "Giai đoạn", "Tổng số đảng viên", "Có mặt", "Vắng có lý do",
              "Vắng không lý do"]
    for col, text in enumerate(header, start=1):
        put(ws, 4, col, text, bold=True, center=True, border=True)
    row, stt = 5, 1
    for phase in ("1", "2"):
        for ward, phases in figures.items():
            c = phases[phase]
            for col, value in enumerate([stt, f"Phường {ward}", f"Giai đoạn {phase}",
                                         c.expected, c.attended, c.absent_excused,
                                         c.absent_unexcused], start=1):
                put(ws, row, col, value, border=True, center=col not in (2, 3))
            row += 1
            stt += 1
    set_widths(ws, [6, 22, 14, 16, 10, 14, 16])
    rel = "tong-hop-cac-phuong.xlsx"
    save_workbook(wb, root / rel, when)
    return {rel: 2 * len(figures)}


TOML_2020 = '''\
# Synthetic demo campaign, generated by scripts/make_demo_campaigns.py (do not edit by hand).
[campaign]
id = "demo-2020-long-bien"
title = "Học tập, quán triệt Nghị quyết Đại hội IV Đảng bộ quận Long Biên (dữ liệu giả lập)"
target = 0.95
lang = "vi"
place = "Quận Long Biên, Hà Nội"

[[phases]]
id = "1"
label = "Giai đoạn 1"   # sinh hoạt chi bộ tháng 9/2020
start = "2020-09-01"
end = "2020-09-15"

[[phases]]
id = "2"
label = "Giai đoạn 2"
start = "2020-09-16"
end = "2020-11-30"

[[sources]]
glob = "giai-doan-1/*"
phase = "1"

[[sources]]
glob = "giai-doan-2/*"
phase = "2"
'''

TITLE_2026 = ("Học tập, quán triệt Nghị quyết Đại hội XIV của Đảng, các phường trên địa bàn"
              " quận Long Biên cũ (dữ liệu giả lập)")
TOML_2026 = '''\
# Synthetic demo campaign, generated by scripts/make_demo_campaigns.py (do not edit by hand).
# The wards are those of Hà Nội from 2025-07-01 that took over Long Biên's old wards
# (analysis/data/lineage_long_bien_2025.csv); the district level no longer exists.
[campaign]
id = "demo-2026-long-bien"
title = "{title}"
target = 0.95
lang = "vi"
place = "Hà Nội, các phường trên địa bàn quận Long Biên cũ"

[[phases]]
id = "1"
label = "Giai đoạn 1"
start = "2026-03-02"
end = "2026-03-15"

[[phases]]
id = "2"
label = "Giai đoạn 2"
start = "2026-03-16"
end = "2026-04-30"
'''

README = """\
# {id} — DỮ LIỆU GIẢ LẬP / SYNTHETIC DEMO DATA

**Tiếng Việt.** Dữ liệu giả lập để trình diễn xu hướng qua các đợt học tập, sinh tự động bởi
`scripts/make_demo_campaigns.py` (hạt giống cố định; chạy lại cho ra các tệp giống hệt từng
byte). Mọi con số đều bịa đặt. {vi}

**English.** Synthetic demo data for the cross-campaign trends, generated by
`scripts/make_demo_campaigns.py` (fixed seed; re-running gives byte-identical files). Every
number is invented. {en} The figures the suite must report are in `tests/data/{truth}`.
"""


def units_toml(units: list[tuple[str, str]], phase_2_only: tuple[str, ...] = ()) -> str:
    """[[units]]; those that report in phase 2 only say so (as in the 2015 demo)."""
    return "\n".join(f'[[units]]\nname = "{name}"\nkind = "{kind}"\n'
                     + ('phases = ["2"]\n' if name in phase_2_only else "")
                     for name, kind in units)


def record(phase: str, unit: str, kind: str, c: Counts) -> dict[str, object]:
    return {"phase": phase, "ward": unit, "kind": kind, "expected": c.expected,
            "attended": c.attended, "absent_excused": c.absent_excused,
            "absent_unexcused": c.absent_unexcused, "absent_unspecified": c.absent_unspecified,
            "rate": c.rate}


def campaign_truth(campaign_id: str, seed: int, figures, kinds: dict[str, str],
                   rows: dict[str, int], note: str) -> dict:
    units = [record(phase, unit, kinds[unit], counts)
             for unit, phases in figures.items() for phase, counts in phases.items()]
    units.sort(key=lambda r: (r["phase"], r["ward"]))
    totals = defaultdict(lambda: ZERO)
    for phases in figures.values():
        for phase, counts in phases.items():
            totals[phase] = totals[phase] + counts
    return {
        "campaign": campaign_id, "generator": "scripts/make_demo_campaigns.py", "seed": seed,
        "synthetic": True, "target": TARGET, "note": note, "units": units,
        "phase_totals": {phase: {"expected": c.expected, "attended": c.attended,
                                 "rate": c.rate} for phase, c in sorted(totals.items())},
        "data_rows_per_file": dict(sorted(rows.items())),
    }


def trends_truth(t2015, f2020, f2026, lineage: dict[str, str]) -> dict:
    """The trend table the suite must compute from the three demos, as recorded and on 2025 wards.

    Keys are "campaign|phase|ward|boundaries"; values the summed counts and flags.
    """
    approximate = lineage_approximate()
    campaigns = [("demo-2015-long-bien", "2015-09-01",
                  {(phase, ward): c for (phase, ward), c in t2015.items()}),
                 ("demo-2020-long-bien", "2020-09-01",
                  {(phase, unit): c for unit, ph in f2020.items() for phase, c in ph.items()}),
                 ("demo-2026-long-bien", "2026-03-02",
                  {(phase, unit): c for unit, ph in f2026.items() for phase, c in ph.items()})]
    kinds = {ward: "ward" for ward in base.WARDS} | {c: "committee" for c in base.COMMITTEES}
    kinds |= {ward: "ward" for ward in f2026} | {base.DISTRICT: "district"}
    views: dict[str, dict[str, dict]] = {"as_recorded": {}, "on_successors": {}}
    for campaign, start, figures in campaigns:
        era = "pre-2025" if dt.date.fromisoformat(start) < EFFECTIVE else "2025"
        for (phase, unit), c in figures.items():
            key = f"{campaign}|{phase}|{unit}|{era}"
            views["as_recorded"][key] = {"campaign_start": start, "kind": kinds[unit],
                                         "expected": c.expected, "attended": c.attended,
                                         "approximate": False, "from_wards": [unit]}
            mapped = lineage[unit] if era == "pre-2025" and kinds[unit] == "ward" else unit
            # Wards are all on the 2025 map now; other units keep their campaign's map.
            mapped_era = "2025" if kinds[unit] == "ward" else era
            key = f"{campaign}|{phase}|{mapped}|{mapped_era}"
            entry = views["on_successors"].setdefault(
                key, {"campaign_start": start, "kind": kinds[unit], "expected": 0,
                      "attended": 0, "approximate": False, "from_wards": []})
            entry["expected"] += c.expected
            entry["attended"] += c.attended
            entry["approximate"] |= era == "pre-2025" and approximate.get(unit, False) \
                and kinds[unit] == "ward"
            entry["from_wards"] = sorted({*entry["from_wards"], unit},
                                         key=base.strip_diacritics)
    return {
        "generator": "scripts/make_demo_campaigns.py",
        "note": "Rows of the trend table for the three demos: counts summed by the generator "
                "from its own figures (2015: tests/data/demo_truth.json) and, on successors, "
                "with the lineage CSV. Rates are attended/expected of the summed counts.",
        "as_recorded": dict(sorted(views["as_recorded"].items())),
        "on_successors": dict(sorted(views["on_successors"].items())),
    }


def main() -> None:
    lineage = load_lineage()
    assert set(lineage) == set(base.WARDS), "the lineage must cover the 14 wards of 2015"
    assert set(CHANGE_2026) == set(lineage.values())
    t2015 = truth_2015()
    f2020 = generate_2020(random.Random(2020), t2015)
    f2026 = generate_2026(random.Random(2026), f2020, lineage)
    rows: dict[str, dict[str, int]] = {}

    def build_2020(root: Path) -> None:
        when = dt.datetime(2020, 11, 30)
        base.write_text(root / "README.md", README.format(
            id="demo-2020-long-bien", truth="demo_2020_truth.json",
            vi="Đợt năm 2020 (nhiệm kỳ 2020-2025) trên 14 phường cũ của quận Long Biên và 5 "
               "đảng bộ khác.",
            en="The 2020 campaign (term 2020-2025) on Long Biên's 14 wards of the time and 5 "
               "other party committees: one phase-1 and one phase-2 workbook, and a CSV."))
        units = [(w, "ward") for w in base.WARDS] + [(c, "committee") for c in base.COMMITTEES]
        base.write_text(root / "campaign.toml",
                        TOML_2020 + "\n" + units_toml(units, tuple(base.COMMITTEES)))
        rows["2020"] = write_2020_phase1(f2020, root, when) | write_2020_phase2(f2020, root, when)

    def build_2026(root: Path) -> None:
        when = dt.datetime(2026, 4, 30)
        base.write_text(root / "README.md", README.format(
            id="demo-2026-long-bien", truth="demo_2026_truth.json",
            vi="Đợt năm 2026 trên các phường mới (từ 1/7/2025) kế thừa các phường cũ của quận "
               "Long Biên; phường Hồng Hà có thêm đảng viên từ các quận khác.",
            en="The 2026 campaign on the wards that, from 2025-07-01, took over Long Biên's "
               "old wards; Hồng Hà also has members from other former districts. One workbook "
               "in the layout of `python -m analysis new`."))
        units = [(ward, "ward") for ward in f2026]
        toml = TOML_2026.replace("{title}", TITLE_2026)
        base.write_text(root / "campaign.toml", toml + "\n" + units_toml(units))
        rows["2026"] = write_2026(f2026, root, when)

    base.write_folder(ROOT / "data" / "raw" / "demo-2020-long-bien", build_2020)
    base.write_folder(ROOT / "data" / "raw" / "demo-2026-long-bien", build_2026)
    kinds_2020 = {w: "ward" for w in base.WARDS} | {c: "committee" for c in base.COMMITTEES}
    note = "Figures the pipeline must report: every row is accepted (no deliberate errors)."
    base.write_json(TESTS_DATA / "demo_2020_truth.json",
               campaign_truth("demo-2020-long-bien", 2020, f2020, kinds_2020, rows["2020"], note))
    base.write_json(TESTS_DATA / "demo_2026_truth.json",
               campaign_truth("demo-2026-long-bien", 2026, f2026,
                              {ward: "ward" for ward in f2026}, rows["2026"], note))
    base.write_json(TESTS_DATA / "trends_truth.json", trends_truth(t2015, f2020, f2026, lineage))
    print("wrote data/raw/demo-2020-long-bien, data/raw/demo-2026-long-bien and "
          "tests/data/demo_2020_truth.json, demo_2026_truth.json, trends_truth.json")
    for label, figures in (("2020", f2020), ("2026", f2026)):
        for unit, phases in figures.items():
            c = pooled(phases)
            print(f"  {label} {unit:32} {c.attended:>5}/{c.expected:<5} = {c.rate:.4f}")


if __name__ == "__main__":
    main()

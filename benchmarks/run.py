"""Benchmark the suite on a city-scale campaign: every step side by side, on the same files.

    .venv/bin/python benchmarks/make_city.py          # once: benchmarks/data/raw/city
    .venv/bin/python benchmarks/run.py [--campaign DIR] [--agg-rows 10000000]
                                       [--naive-sample N] [--steps a,b,c,d,e]

Steps, each run as its own fresh process so that its wall time and peak memory are its own:

  (a) bare parser   python-calamine reads every sheet of every workbook to Python values,
                    nothing else (one process: the floor any reader of these files pays);
  (b) naive         pandas.read_excel(engine="openpyxl") on every sheet of every workbook
                    (--naive-sample N: time N workbooks spread over the set and extrapolate
                    by bytes; the table says so);
  (c) suite         `python -m analysis run <campaign> --no-notebooks --out <tmp>`: ingest,
                    validate, aggregate, charts and data outputs, from a cold parse cache;
  (d) again         the same command again, nothing changed;
  (d+) forced       the same command with --force: everything redone except parsing, which
                    comes from the parse cache (for information, no target);
  (e) aggregation   by_ward_phase + by_session + by_phase on a 10,000,000-row attendance
                    table with categorical keys, built in the process; only the three calls
                    are timed;
  (e+) DuckDB       the same three calls on a DuckDB relation over that table written as ten
                    parquet partitions (the past-one-machine path; for information).

Wall time is measured around the whole process for (a)-(d) (start-up included, as a user
waits for it) and around the three calls for (e) and (e+). Peak memory is the larger of the
highest sum of PSS over the process and its children (sampled every 50 ms with psutil) and
the kernel's peak RSS of the largest process (wait4's ru_maxrss). PSS, not RSS, is summed:
forked children share their parent's pages, which a sum of RSS would count once per process.
The table goes to stdout and to benchmarks/results.md.

Linux only (wait4, /proc). Timings here are measurements, never test assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CAMPAIGN = HERE / "data" / "raw" / "city"
RESULTS = HERE / "results.md"
LOGS = HERE / "data" / "logs"  # each step's stdout and stderr, for a look after the run
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TARGETS = {"c/a": ("<=", 1.3), "b/c": (">=", 5.0), "d/c": ("<=", 0.05)}
AGG_TARGET_S = 2.0
MEMORY_TARGET_MIB = 2048


# --------------------------------------------------------------------------------------------
# The measured steps (each runs in a fresh process: `run.py --step NAME ...`)
# --------------------------------------------------------------------------------------------


def workbooks(campaign: Path) -> list[Path]:
    return sorted(path for path in campaign.rglob("*")
                  if path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file())


def step_bare(campaign: Path) -> dict:
    import python_calamine

    started = time.perf_counter()
    sheets = rows = cells = 0
    for path in workbooks(campaign):
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            for name in workbook.sheet_names:
                values = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                sheets += 1
                rows += len(values)
                cells += sum(len(row) for row in values)
        finally:
            workbook.close()
    return {"seconds": time.perf_counter() - started, "sheets": sheets, "rows": rows,
            "cells": cells}


def step_naive(campaign: Path, sample: int) -> dict:
    import pandas as pd

    paths = workbooks(campaign)
    chosen = paths
    if 0 < sample < len(paths):
        # Spread over the sorted list, so summaries and roll-calls are both in it.
        chosen = [paths[round(k * (len(paths) - 1) / max(1, sample - 1))] for k in range(sample)]
        chosen = list(dict.fromkeys(chosen))
    started = time.perf_counter()
    sheets = rows = 0
    for path in chosen:
        frames = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        sheets += len(frames)
        rows += sum(len(frame) for frame in frames.values())
    return {"seconds": time.perf_counter() - started, "sheets": sheets, "rows": rows,
            "files": len(chosen), "files_total": len(paths),
            "bytes": sum(path.stat().st_size for path in chosen),
            "bytes_total": sum(path.stat().st_size for path in paths)}


def records_table(rows: int):
    """A records table shaped like analysis.validate's, with categorical keys."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2025)
    units = [f"Phường {w} Quận {d}" for d in range(1, 31) for w in range(1, 21)]
    kinds = ["ward"] * len(units)
    units += [f"Đảng bộ Khối {k}" for k in range(1, 21)] + ["Cấp quận"]
    kinds += ["committee"] * 20 + ["district"]
    # Each unit runs 0-3 named classes ("Lớp 1" ...); one row in ten belongs to one of its
    # unit's classes, the others to the unit's own meeting (no class name).
    classes = ["Lớp 1", "Lớp 2", "Lớp 3"]
    unit_classes = rng.integers(0, len(classes) + 1, len(units))
    unit_codes = rng.integers(0, len(units), rows)
    in_class = (rng.random(rows) < 0.1) & (unit_classes[unit_codes] > 0)
    session_codes = np.where(
        in_class, (rng.random(rows) * unit_classes[unit_codes]).astype("int64"), -1)
    status = rng.choice(4, rows, p=[0.94, 0.03, 0.02, 0.01])
    frame = pd.DataFrame({
        "phase": pd.Categorical.from_codes(rng.integers(0, 3, rows), ["1", "2", "3"]),
        "ward": pd.Categorical.from_codes(unit_codes, units),
        "kind": pd.Categorical.from_codes(
            np.array([("ward", "committee", "district").index(kind) for kind in kinds])[
                unit_codes], ["ward", "committee", "district"]),
        "session": pd.Categorical.from_codes(session_codes, classes),
        "expected": np.ones(rows, dtype="int64"),
        "attended": (status == 0).astype("int64"),
        "absent_excused": (status == 1).astype("int64"),
        "absent_unexcused": (status == 2).astype("int64"),
        "absent_unspecified": (status == 3).astype("int64"),
    })
    return frame


def timed_aggregations(records) -> dict:
    from analysis import participation

    order = ["1", "2", "3"]
    timings = {}
    started = time.perf_counter()
    for name in ("by_ward_phase", "by_session", "by_phase"):
        begun = time.perf_counter()
        table = getattr(participation, name)(records, order)
        timings[name] = {"seconds": time.perf_counter() - begun, "rows_out": len(table)}
    return {"seconds": time.perf_counter() - started, "calls": timings}


def step_aggregate(rows: int) -> dict:
    """(e): the table is built in the process, only the three calls are timed."""
    return {"rows": rows, **timed_aggregations(records_table(rows))}


PARTS = 10  # the (e) table as ten campaigns: history/campaign=c01/part.parquet ...


def step_write_parquet(rows: int, folder: Path) -> dict:
    """Not measured: the (e) table as a hive-partitioned parquet dataset for (e+)."""
    import numpy as np

    frame = records_table(rows)
    for part, index in enumerate(np.array_split(np.arange(rows), PARTS), start=1):
        path = folder / f"campaign=c{part:02d}" / "attendance.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.iloc[index].to_parquet(path, index=False, compression="zstd")
    return {"rows": rows}


def step_aggregate_duckdb(folder: Path) -> dict:
    """(e+): the same three calls on a DuckDB relation over the parquet dataset."""
    from analysis import participation

    relation = participation.campaigns_relation(folder)
    return timed_aggregations(relation)


# --------------------------------------------------------------------------------------------
# Running a step in its own process and measuring it
# --------------------------------------------------------------------------------------------


@dataclass
class Measure:
    name: str
    others_cpu: float  # % of the machine's CPU used by other processes during the step
    wall: float
    peak_mib: float
    largest_mib: float
    returncode: int
    stdout: str
    stderr: str
    result: dict = field(default_factory=dict)


def measure(name: str, command: list[str], *, cwd: Path = ROOT) -> Measure:
    """Run a command to completion; wall time, peak memory of its process tree, its output."""
    busy_before = cpu_busy_seconds()
    try:
        import psutil
    except ImportError:  # the kernel's ru_maxrss alone then
        psutil = None
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)
        peak = [0]
        finished = threading.Event()

        def sample() -> None:
            try:
                root = psutil.Process(process.pid)
            except psutil.Error:
                return
            while not finished.is_set():
                try:
                    total = _proportional(root)
                    for child in root.children(recursive=True):
                        with contextlib.suppress(psutil.Error):
                            total += _proportional(child)
                except psutil.Error:
                    return
                peak[0] = max(peak[0], total)
                finished.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True) if psutil else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        busy = cpu_busy_seconds() - busy_before
        finished.set()
        if sampler:
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    largest = usage.ru_maxrss / 1024  # KiB on Linux
    LOGS.mkdir(parents=True, exist_ok=True)
    (LOGS / f"{name}.out").write_text(stdout, encoding="utf-8")
    (LOGS / f"{name}.err").write_text(stderr, encoding="utf-8")
    own = usage.ru_utime + usage.ru_stime  # the step and its children
    others = 100 * max(0.0, busy - own) / (wall * (os.cpu_count() or 1)) if busy >= 0 else -1
    return Measure(name, others, wall, max(peak[0] / 2**20, largest), largest,
                   process.returncode, stdout, stderr)


def _proportional(process) -> int:
    """The process's proportional set size: its private pages plus its share of shared ones."""
    return process.memory_full_info().pss


def cpu_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot (Linux /proc/stat), or -inf."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return float("-inf")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_step(name: str, args: list[str]) -> Measure:
    result = measure(name, [sys.executable, str(Path(__file__).resolve()), "--step", name,
                            *args])
    if result.returncode != 0:
        raise SystemExit(f"step {name} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    result.result = json.loads(result.stdout.strip().splitlines()[-1])
    return result


def run_suite(name: str, campaign: Path, out: Path, *extra: str) -> Measure:
    command = [sys.executable, "-m", "analysis", "run", str(campaign), "--no-notebooks",
               "--out", str(out), *extra]
    return measure(name, command)


def suite_failure(result: Measure) -> str | None:
    """Why a suite run failed, or None. Exit 1 without a traceback is --strict's, not a crash."""
    crashed = "Traceback (most recent call last)" in result.stderr
    if result.returncode in (0, 1) and not crashed:
        return None
    last = next((line.strip() for line in reversed(result.stderr.splitlines()) if line.strip()),
                "no message")
    return f"**FAILED** (exit {result.returncode}): {last[:160]}"


def suite_note(result: Measure, text: str) -> str:
    return suite_failure(result) or text

def clear_parse_cache(campaign: Path) -> Path | None:
    """(c) starts cold: the suite's parse cache for this campaign is emptied first."""
    try:
        from analysis.pipeline import default_cache_dir
    except ImportError:
        return None
    folder = default_cache_dir(campaign)
    if folder is not None and folder.exists():
        shutil.rmtree(folder)
    return folder


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


def verdict(value: float | None, rule: tuple[str, float], kind: str = "exact") -> str:
    """Met or missed; a bound from a crashed run decides only when it is already past."""
    sign, bound = rule
    target = f"(target {sign} {bound:g})"
    if value is None:
        return f"not measured {target}"
    if kind == "exact":
        met = value <= bound if sign == "<=" else value >= bound
    elif (kind, sign) in (("at least", "<="), ("at most", ">=")):
        met = False if (value > bound if sign == "<=" else value < bound) else None
    else:
        met = True if (value >= bound if sign == ">=" else value <= bound) else None
    if met is None:
        return f"undecided: a step crashed {target}"
    return f"{'met' if met else '**MISSED**'} {target}"


BOUND_SIGN = {"exact": "", "at least": "≥ ", "at most": "≤ "}


# The suite's summary lines, in either language of the campaign (analysis.cli.WORDS).
SUMMARY_WORDS = ("rows read", "dòng đã đọc")
UP_TO_DATE_WORDS = ("Nothing changed", "Không có gì thay đổi")


def first_line(text: str, needles: tuple[str, ...]) -> str:
    return next((line.strip() for line in text.splitlines()
                 if any(needle in line for needle in needles)), "")


def report(rows: list[tuple], ratios: list[tuple], notes: list[str], header: list[str]) -> str:
    lines = [*header, "",
             "| step | what | wall s | peak memory MiB | others' CPU | notes |",
             "|---|---|---:|---:|---:|---|"]
    lines += [f"| {step} | {what} | {wall} | {mem} | {load} | {note.replace('|', '¦')} |"
              for step, what, wall, mem, load, note in rows]
    lines += ["", "| ratio | value | target |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in ratios]
    lines += ["", *notes]
    return "\n".join(lines) + "\n"


def machine() -> str:
    model = ""
    try:
        model = first_line(Path("/proc/cpuinfo").read_text(), ("model name",)).split(":", 1)[1]
    except (OSError, IndexError):
        model = platform.processor()
    memory = ""
    try:
        kib = int(first_line(Path("/proc/meminfo").read_text(), ("MemTotal",)).split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, IndexError, ValueError):
        pass
    return f"{os.cpu_count()} cores ({model.strip() or 'unknown CPU'}){memory}"


def versions() -> str:
    from importlib import metadata

    found = []
    for name in ("pandas", "pyarrow", "python-calamine", "openpyxl", "duckdb"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    return f"Python {platform.python_version()}, " + ", ".join(found)


def revision() -> str:
    """The commit the suite was measured at, and whether the work tree had changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "analysis"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown revision"
    return f"commit {commit}" + (" with uncommitted changes in analysis/" if dirty else "")


def pct(value: float) -> str:
    return "?" if value < 0 else f"{value:.0f}%"


def fmt(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--campaign", type=Path, default=DEFAULT_CAMPAIGN)
    parser.add_argument("--agg-rows", type=int, default=10_000_000)
    parser.add_argument("--naive-sample", type=int, default=0,
                        help="time openpyxl on N workbooks and extrapolate (default: all)")
    parser.add_argument("--steps", default="a,b,c,d,e",
                        help="comma-separated subset of a,b,c,d,e (d needs c)")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help=f"where to write the table (default {RESULTS})")
    parser.add_argument("--step", help=argparse.SUPPRESS)  # internal: run one measured step
    parser.add_argument("--parquet", type=Path, help=argparse.SUPPRESS)  # internal, for (e+)
    args = parser.parse_args(argv)
    campaign = args.campaign.resolve()

    if args.step:
        result = {"bare": lambda: step_bare(campaign),
                  "naive": lambda: step_naive(campaign, args.naive_sample),
                  "aggregate": lambda: step_aggregate(args.agg_rows),
                  "write-parquet": lambda: step_write_parquet(args.agg_rows, args.parquet),
                  "aggregate-duckdb": lambda: step_aggregate_duckdb(args.parquet),
                  }[args.step]()
        print(json.dumps(result))
        return 0

    if not (campaign / "campaign.toml").is_file():
        raise SystemExit(f"no campaign at {campaign}: run benchmarks/make_city.py first")
    steps = set(args.steps.split(","))
    city = {}
    if (campaign / "city.json").is_file():
        city = json.loads((campaign / "city.json").read_text(encoding="utf-8"))
    paths = workbooks(campaign)
    total_bytes = sum(path.stat().st_size for path in paths)
    print(f"Campaign {campaign}: {len(paths)} workbooks, {total_bytes / 2**20:.0f} MiB; "
          f"{machine()}", file=sys.stderr)

    rows, measured = [], {}
    kinds = {"a": "exact", "b": "exact", "e": "exact"}  # or "at least": the step crashed

    def progress(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    if "a" in steps:
        progress("(a) bare parser: python-calamine, every sheet to Python values …")
        a = run_step("bare", ["--campaign", str(campaign)])
        measured["a"] = a.wall
        rows.append(("(a)", "bare parser: python-calamine, every sheet to Python values",
                     fmt(a.wall), f"{a.peak_mib:.0f}", pct(a.others_cpu),
                     f"{a.result['sheets']:,} sheets, {a.result['cells']:,} cells; 1 process"))
    if "b" in steps:
        progress("(b) naive: pandas.read_excel(engine='openpyxl') on every sheet …")
        b = run_step("naive", ["--campaign", str(campaign), "--naive-sample",
                               str(args.naive_sample)])
        r = b.result
        if r["files"] < r["files_total"]:
            startup = b.wall - r["seconds"]
            wall = startup + r["seconds"] * r["bytes_total"] / r["bytes"]
            note = (f"**extrapolated from {r['files']} of {r['files_total']} workbooks** "
                    f"(by bytes; measured {fmt(b.wall)} s); memory is the sample's")
        else:
            wall = b.wall
            note = f"{r['sheets']:,} sheets; 1 process"
        measured["b"] = wall
        rows.append(("(b)", "naive: pandas.read_excel(engine=\"openpyxl\"), every sheet",
                     fmt(wall), f"{b.peak_mib:.0f}", pct(b.others_cpu), note))
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    try:
        if "c" in steps:
            cache = clear_parse_cache(campaign)
            progress("(c) suite: python -m analysis run --no-notebooks (cold parse cache) …")
            c = run_suite("suite", campaign, out / "city")
            # A run that crashed took at least this long and this much memory.
            kind = "at least" if suite_failure(c) else "exact"
            measured["c"], measured["c_mib"] = c.wall, c.peak_mib
            kinds["c"] = kinds["c_mib"] = kind
            summary = first_line(c.stdout, SUMMARY_WORDS) or "no summary printed (see log)"
            rows.append(("(c)", "suite: `python -m analysis run --no-notebooks`, cold",
                         BOUND_SIGN[kind] + fmt(c.wall), f"{BOUND_SIGN[kind]}{c.peak_mib:.0f}",
                         pct(c.others_cpu), suite_note(
                             c, f"{summary}; {os.cpu_count()} cores; parse cache "
                             f"{'emptied first' if cache else 'none for this layout'}")))
            if "d" in steps:
                progress("(d) suite again, nothing changed …")
                d = run_suite("suite-again", campaign, out / "city")
                measured["d"] = d.wall
                kinds["d"] = "at least" if suite_failure(d) else "exact"
                said = (first_line(d.stdout, UP_TO_DATE_WORDS)
                        or "ran again: " + first_line(d.stdout, SUMMARY_WORDS))
                rows.append(("(d)", "the same command again, no input changed",
                             BOUND_SIGN[kinds["d"]] + fmt(d.wall),
                             f"{BOUND_SIGN[kinds['d']]}{d.peak_mib:.0f}", pct(d.others_cpu),
                             suite_note(d, said[:90] + ("…" if len(said) > 90 else ""))))
                progress("(d+) suite again with --force (parse cache warm) …")
                forced = run_suite("suite-forced", campaign, out / "city", "--force")
                sign = BOUND_SIGN["at least" if suite_failure(forced) else "exact"]
                rows.append(("(d+)", "same with `--force`: all redone but parsing (cache)",
                             sign + fmt(forced.wall), f"{sign}{forced.peak_mib:.0f}",
                             pct(forced.others_cpu),
                             suite_note(forced, "for information, no target")))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if "e" in steps:
        progress(f"(e) aggregation alone on {args.agg_rows:,} rows …")
        e = run_step("aggregate", ["--agg-rows", str(args.agg_rows)])
        measured["e"] = e.result["seconds"]
        calls = ", ".join(f"{name} {fmt(call['seconds'])} s ({call['rows_out']:,} rows out)"
                          for name, call in e.result["calls"].items())
        rows.append(("(e)", f"aggregation alone, {args.agg_rows:,} rows (ward × phase, class, "
                     "phase)", fmt(e.result["seconds"]), f"{e.peak_mib:.0f}",
                     pct(e.others_cpu),
                     f"{calls}; memory includes building the table"))
        progress(f"(e+) the same through DuckDB over {PARTS} parquet partitions …")
        with tempfile.TemporaryDirectory(prefix="bench-parquet-") as folder:
            subprocess.run([sys.executable, str(Path(__file__).resolve()), "--step",
                            "write-parquet", "--agg-rows", str(args.agg_rows), "--parquet",
                            folder], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            duck = run_step("aggregate-duckdb", ["--parquet", folder])
        calls = ", ".join(f"{name} {fmt(call['seconds'])} s"
                          for name, call in duck.result["calls"].items())
        rows.append(("(e+)", f"the same, DuckDB over {PARTS} parquet partitions "
                     "(`campaigns_relation`)", fmt(duck.result["seconds"]),
                     f"{duck.peak_mib:.0f}", pct(duck.others_cpu),
                     f"{calls}; for information, no target; memory is DuckDB's alone"))

    def ratio(top: str, bottom: str) -> tuple[float | None, str]:
        """top / bottom, and whether it is exact or a bound (a crashed step's time is one)."""
        if top not in measured or bottom not in measured or measured[bottom] <= 0:
            return None, "exact"
        value = measured[top] / measured[bottom]
        kind = {("exact", "exact"): "exact", ("at least", "exact"): "at least",
                ("exact", "at least"): "at most"}.get((kinds[top], kinds[bottom]))
        return (value, kind) if kind else (None, "exact")

    ratios = []
    for name in ("c/a", "b/c", "d/c"):
        value, kind = ratio(*name.split("/"))
        both = all(step in measured for step in name.split("/"))
        ratios.append((name, "–" if value is None else f"{BOUND_SIGN[kind]}{value:.3f}",
                       verdict(value, TARGETS[name], kind) if value is not None or not both
                       else "undecided: both steps crashed"))
    if "c_mib" in measured:
        ratios.append(("peak memory of (c), MiB",
                       f"{BOUND_SIGN[kinds['c_mib']]}{measured['c_mib']:.0f}",
                       verdict(measured["c_mib"], ("<=", MEMORY_TARGET_MIB), kinds["c_mib"])))
    if "e" in measured:
        ratios.append(("aggregation (e), seconds", fmt(measured["e"]),
                       verdict(measured["e"], ("<=", AGG_TARGET_S))))

    shape = ""
    if city:
        shape = (f"{city['workbooks']} workbooks ({city['bytes'] / 2**20:.0f} MiB), "
                 f"{city['sheets']:,} sheets, {city['roster_rows']:,} roll-call rows + "
                 f"{city['summary_rows']:,} summary rows; seed {city['arguments']['seed']}")
    header = [
        f"Benchmark of {dt.date.today().isoformat()} on {machine()}",
        "",
        f"Campaign: `{campaign.relative_to(ROOT) if campaign.is_relative_to(ROOT) else campaign}`"
        + (f": {shape}" if shape else ""),
        f"Software: {versions()}; suite at {revision()}",
    ]
    notes = [
        "Wall time: the whole process for (a)–(d), start-up included; the three calls only "
        "for (e) and (e+). Peak memory: the highest total PSS over the process and its "
        "children (sampled every 50 ms; PSS shares a page among the processes that map it, so "
        "forked children are not counted twice) or the largest single process's peak RSS "
        "(ru_maxrss), whichever is higher.",
        "(a) and (b) read in one process; (c) parses files in parallel on every core. "
        "Others' CPU: the share of the machine's CPU time that processes other than the step "
        "used while it ran (other work slows a step down; 0% is a clean measurement). "
        f"Logs of each step: `{LOGS.relative_to(ROOT)}/`.",
        "Command: `" + " ".join([".venv/bin/python benchmarks/run.py",
                                 *(argv if argv is not None else sys.argv[1:])]) + "`",
    ]
    text = report(rows, ratios, notes, header)
    print(text)
    args.results.write_text(text, encoding="utf-8")
    print(f"written to {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

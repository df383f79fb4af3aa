"""What the suite's parallel parse costs without its cleaning: the floor the c/a target sits on.

    .venv/bin/python benchmarks/parse_floor.py [--campaign DIR] [--repeat 2]

Runs the suite's own parse (`analysis.ingest._parse_all`: worker processes, largest files
first, rows handed back as Arrow files) over the city campaign twice per round, alternated:
once as it is, once with each worker only reading its files with calamine
(`analysis.read.read_sheets`) and returning nothing. The difference is what the cleaning of
sheets and rows costs in wall time; neither run writes a parse cache nor the outputs.
Timings are measurements, never test assertions.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CAMPAIGN = HERE / "data" / "raw" / "city"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def measure(campaign: Path, read_only: bool) -> tuple[float, float]:
    """(start-up, parallel parse) seconds, in this process."""
    started = time.perf_counter()
    import analysis.ingest as ingest
    from analysis.campaign import load_campaign
    from analysis.privacy import Privacy
    from analysis.read import read_sheets
    from analysis.sheet import ParsedFile

    if read_only:
        def parse_file(path, relative, campaign, privacy):
            read_sheets(path, relative)
            return ParsedFile("read", None, [], None)

        ingest.parse_file = parse_file
    loaded = load_campaign(campaign)
    paths = sorted(path for path in campaign.rglob("*")
                   if path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file())
    jobs = sorted(((path, path.relative_to(campaign).as_posix(), f"job{number}")
                   for number, path in enumerate(paths)), key=lambda job: -job[0].stat().st_size)
    ready = time.perf_counter()
    context = ingest.ParseContext(loaded, Privacy(salt=b"parse-floor-salt"), None)
    for _ in ingest._parse_all(jobs, context, None):
        pass
    return ready - started, time.perf_counter() - ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaign", type=Path, default=DEFAULT_CAMPAIGN)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--mode", choices=("read_only", "full"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.mode:  # one measurement, in a fresh process
        startup, parse = measure(arguments.campaign, arguments.mode == "read_only")
        print(f"{arguments.mode}: start-up {startup:.2f} s, parallel parse {parse:.2f} s, "
              f"together {startup + parse:.2f} s", flush=True)
        return
    for _ in range(arguments.repeat):
        for mode in ("read_only", "full"):
            subprocess.run([sys.executable, __file__, "--campaign", str(arguments.campaign),
                            "--mode", mode], check=True)


if __name__ == "__main__":
    main()

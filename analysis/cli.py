"""`python -m analysis run data/raw/<campaign>`: ingest, validate, aggregate, chart, export.

Exit codes: 0 success (rejects are normal and summarised), 1 with --strict when anything was
rejected or a totals row disagrees, 2 on a fatal error explained in one sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from analysis import SUITE_VERSION
from analysis.campaign import CampaignError, load_campaign
from analysis.formatting import format_count
from analysis.inputs import run_fingerprint, sha256_file
from analysis.privacy import Privacy, load_or_create_salt

EXIT_OK, EXIT_STRICT, EXIT_FATAL = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="analyse one campaign folder")
    run.add_argument("raw_dir", type=Path, help="data/raw/<campaign> with campaign.toml")
    run.add_argument("--out", type=Path, help="output folder (default data/processed/<campaign>)")
    run.add_argument("--strict", action="store_true",
                     help="exit 1 if any row or file was rejected or a totals row disagrees")
    run.add_argument("--names", action="store_true",
                     help="keep people's names in the processed outputs (default: a salted "
                          "pseudonymous person_key instead)")
    run.add_argument("--force", action="store_true",
                     help="run even if nothing changed since the last run")
    run.add_argument("--no-notebooks", action="store_true",
                     help="skip executing the notebooks and rendering report.html")
    args = parser.parse_args(argv)
    try:
        return run_campaign(args.raw_dir, args.out, strict=args.strict,
                            notebooks=not args.no_notebooks, keep_names=args.names,
                            force=args.force)
    except FatalError as error:
        print(f"Error: {error}", file=sys.stderr)
        return EXIT_FATAL


class FatalError(Exception):
    pass


def default_out_dir(raw_dir: Path) -> Path:
    """data/raw/<campaign> -> data/processed/<campaign>, beside raw."""
    raw_dir = raw_dir.resolve()
    if raw_dir.parent.name == "raw":
        return raw_dir.parent.parent / "processed" / raw_dir.name
    return Path("data/processed").resolve() / raw_dir.name


def run_campaign(raw_dir: Path, out_dir: Path | None = None, *, strict: bool = False,
                 notebooks: bool = True, keep_names: bool = False, force: bool = False) -> int:
    out_dir = (out_dir or default_out_dir(raw_dir)).resolve()
    if out_dir == raw_dir.resolve() or raw_dir.resolve() in out_dir.parents:
        raise FatalError(f"the output folder {out_dir} is inside the raw folder {raw_dir}; "
                         "raw data is never written, choose another --out.")
    try:
        load_campaign(raw_dir)
    except CampaignError as error:
        raise FatalError(str(error)) from error
    privacy = Privacy(salt=load_or_create_salt(), keep_names=keep_names)
    fingerprint = run_fingerprint(raw_dir, version=SUITE_VERSION, options={
        "notebooks": notebooks, "privacy": privacy.fingerprint})
    previous = _previous_manifest(out_dir)
    if not force and previous.get("run_fingerprint") == fingerprint \
            and _outputs_intact(out_dir, previous):
        counts = previous["accounting"]
        print(f"Nothing changed since the last run of {previous['campaign']['id']}: same files, "
              f"settings and suite version. Outputs are up to date in {out_dir} "
              "(--force runs again).")
        print(f"  {previous.get('headline', '')}")
        problems = counts["rows_rejected"] + counts["files_unreadable"] \
            + counts["reconciliation_mismatches"]
        return EXIT_STRICT if strict and problems else EXIT_OK

    # Imported here so that `--help`, fatal errors and up-to-date runs answer at once.
    from analysis.pipeline import analyse, write_outputs
    bar = tqdm(total=0, unit=" files", desc="Reading", file=sys.stderr, leave=False,
               disable=None)

    def progress(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(name[-40:], refresh=True)

    try:
        results = analyse(raw_dir, progress=progress, keep_names=keep_names)
    except CampaignError as error:
        raise FatalError(str(error)) from error
    finally:
        bar.close()
    counts = results.ingest
    readable = [entry for entry in counts.files if entry["status"] == "read"]
    if not readable:
        found = len(counts.files)
        raise FatalError(
            f"nothing readable in {raw_dir}: {found} spreadsheet file(s) found, none could be read"
            " (supported: .xlsx .xlsm .xls .ods .csv)." if found else
            f"no spreadsheet in {raw_dir} (supported: .xlsx .xlsm .xls .ods .csv)."
        )
    write_outputs(results, out_dir, notebooks=notebooks, fingerprint=fingerprint,
                  log=lambda text: print(text, file=sys.stderr))
    print(summary_text(results, out_dir, notebooks))
    rejected = len(results.rejects) > 0 or len(results.ingest.mismatches) > 0
    return EXIT_STRICT if strict and rejected else EXIT_OK


def _outputs_intact(out_dir: Path, previous: dict) -> bool:
    """The data files the last run wrote are still there, unchanged."""
    outputs = previous.get("outputs") or {}
    return bool(outputs) and all(
        (out_dir / name).is_file() and sha256_file(out_dir / name) == digest
        for name, digest in outputs.items()
    )


def _previous_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def summary_text(results, out_dir: Path, notebooks: bool) -> str:
    from analysis.pipeline import accounting

    counts = accounting(results)
    lang = results.campaign.lang
    lines = [
        f"Campaign {results.campaign.id}: {counts['files']} files, "
        f"{format_count(counts['rows_read'], lang)} rows read = "
        f"{format_count(counts['rows_accepted'], lang)} accepted + "
        f"{format_count(counts['rows_rejected'], lang)} rejected"
        + (f"; {counts['files_unreadable']} unreadable file(s)" if counts["files_unreadable"]
           else ""),
    ]
    if counts["rows_rejected"] or counts["files_unreadable"]:
        lines.append(f"  Rejected rows and files, with reasons: {out_dir / 'rejects.csv'}")
    if counts["reconciliation_mismatches"]:
        lines.append(f"  {counts['reconciliation_mismatches']} totals/rate check(s) disagree: "
                     f"{out_dir / 'reconciliation.csv'}")
    lines.extend(_sheet_notes(results))
    lines.append(f"  {results.headline_text()}")
    lines.append(f"Outputs: {out_dir}")
    if notebooks:
        lines.append(f"  Report: {out_dir / 'report.html'}")
    lines.append(f"  Charts: {out_dir / 'figures'}")
    return "\n".join(lines)


def _sheet_notes(results) -> list[str]:
    """Hidden sheets that were read and sheets that were skipped, named: nothing unseen."""
    notes = []
    kinds = {
        "hidden": ("Hidden sheets read", lambda sheet: sheet["hidden"] and
                   sheet["status"] == "table"),
        "no_table": ("Sheets skipped, no attendance table", lambda sheet:
                     sheet["status"] == "no_table"),
        "unreadable": ("Sheets that could not be read", lambda sheet:
                       sheet["status"] == "unreadable"),
    }
    for label, wanted in kinds.values():
        names = [f"{entry['file']} › {sheet['sheet']}" for entry in results.ingest.files
                 for sheet in entry["sheets"] if wanted(sheet)]
        if names:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more (manifest.json)"
                                             if len(names) > 5 else "")
            notes.append(f"  {label}: {shown}")
    return notes


if __name__ == "__main__":
    sys.exit(main())

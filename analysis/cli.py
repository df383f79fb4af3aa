"""`python -m analysis run data/raw/<campaign>`: ingest, validate, aggregate, chart, export.

Also `python -m analysis trends` (every processed campaign side by side) and
`python -m analysis new <campaign-id>` (a new campaign folder with templates).

Exit codes: 0 success (rejects are normal and summarised), 1 with --strict when anything was
rejected or a totals row disagrees, 2 on a fatal error explained in one sentence (Vietnamese,
then English in brackets; in the campaign's language only once its campaign.toml is read).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from tqdm import tqdm

from analysis import CODE_VERSION
from analysis.campaign import CONFIG_NAME, CampaignError, glob_matches, load_campaign
from analysis.errors import BilingualError
from analysis.formatting import format_count, format_percent
from analysis.inputs import (
    MAYBE_REPORT_SUFFIXES,
    input_hashes,
    other_campaigns,
    run_fingerprint,
    sha256_file,
)
from analysis.privacy import Privacy, load_or_create_salt, person_word
from analysis.read import SPREADSHEET_SUFFIXES

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
    trends = commands.add_parser(
        "trends", help="compare every processed campaign: trends_by_ward.csv and charts")
    trends.add_argument("--processed", type=Path, default=Path("data/processed"),
                        help="folder of processed campaigns (default data/processed)")
    trends.add_argument("--on-successors", action="store_true",
                        help="show old wards on the 2025 wards they became part of")
    trends.add_argument("--lineage", type=Path,
                        help="ward lineage CSV (default: the one shipped for Long Biên)")
    trends.add_argument("--exclude", action="append", default=[], metavar="CAMPAIGN",
                        help="leave a processed campaign out, by id or folder name (a trial "
                             "run, one still coming in); may be given more than once")
    new = commands.add_parser(
        "new", help="start data/raw/<campaign-id>/ with campaign.toml and blank templates")
    new.add_argument("campaign_id", help="folder name and id, e.g. 2026-nghi-quyet-xiv")
    new.add_argument("--raw", type=Path, default=Path("data/raw"),
                     help="where campaign folders live (default data/raw)")
    new.add_argument("--units", choices=("2025", "2015"), default="2025",
                     help="wards to list: Hà Nội's from 2025 (default) or Long Biên's of 2015")
    new.add_argument("--refresh-templates", action="store_true",
                     help="rewrite the templates' lists from the folder's edited campaign.toml")
    args = parser.parse_args(argv)
    try:
        if args.command == "trends":
            return trends_command(args.processed, on_successors=args.on_successors,
                                  lineage=args.lineage, exclude=args.exclude)
        if args.command == "new":
            return new_command(args.campaign_id, args.raw, units=args.units,
                               refresh=args.refresh_templates)
        return run_campaign(args.raw_dir, args.out, strict=args.strict,
                            notebooks=not args.no_notebooks, keep_names=args.names,
                            force=args.force)
    except FatalError as error:
        print(f"{'Error' if error.lang == 'en' else 'Lỗi'}: {error}", file=sys.stderr)
        return EXIT_FATAL


class FatalError(BilingualError):
    """Stops the command, exit code 2: `FatalError(vietnamese, english)`, or `lang=` when the
    campaign's language is known; `FatalError.wrap(error)` for a CampaignError and the like."""


def trends_command(processed: Path, *, on_successors: bool = False,
                   lineage: Path | None = None, exclude: Sequence[str] = ()) -> int:
    """`python -m analysis trends`: every processed campaign side by side (analysis.trends)."""
    from analysis.lineage import LineageError
    from analysis.trends import TrendsError, run_trends

    try:
        result = run_trends(processed, on_successors=on_successors, lineage_path=lineage,
                            exclude=exclude)
    except (TrendsError, LineageError) as error:
        raise FatalError.wrap(error) from error
    print(result.summary())
    return EXIT_OK


def new_command(campaign_id: str, raw_root: Path, *, units: str = "2025",
                refresh: bool = False) -> int:
    """`python -m analysis new <id>`: campaign.toml and blank templates (analysis.scaffold)."""
    from analysis.scaffold import ScaffoldError, new_campaign, refresh_templates

    try:
        made = (refresh_templates(raw_root / campaign_id) if refresh
                else new_campaign(campaign_id, raw_root, units=units))
    except ScaffoldError as error:
        raise FatalError.wrap(error) from error
    # The campaign's language is not chosen yet: Vietnamese first, English in brackets, as
    # the fatal errors are.
    print(f"{'Đã viết lại' if refresh else 'Đã tạo'} {made.folder} "
          f"({'rewrote' if refresh else 'created'}):")
    for path in made.files:
        print(f"  {path.name}")
    if not refresh:
        print("Tiếp theo: điền campaign.toml (tên đợt, ngày các giai đoạn, đơn vị), gửi hai mẫu "
              f"mau-*.xlsx cho các phường, đặt các bản họ điền vào {made.folder}, rồi chạy "
              f"python -m analysis run {made.folder}")
        print("(Next: fill in campaign.toml (title, phase dates, units), send the two "
              "mau-*.xlsx templates to the wards, put their filled-in copies in "
              f"{made.folder}, then python -m analysis run {made.folder})")
    return EXIT_OK


def default_out_dir(raw_dir: Path) -> Path:
    """data/raw/<campaign> -> data/processed/<campaign>, beside raw."""
    raw_dir = raw_dir.resolve()
    if raw_dir.parent.name == "raw":
        return raw_dir.parent.parent / "processed" / raw_dir.name
    return Path("data/processed").resolve() / raw_dir.name


def check_out_dir(raw_dir: Path, out_dir: Path) -> None:
    """A run swaps its whole output folder for a new one (`staged_directory`): so the folder
    must be no campaign folder, hold none and lie in none, and be new, empty or an earlier
    run's output. `--out data/raw` deleted every campaign's spreadsheets, `--out notes` the
    analyst's notes, and `--out data/raw/<other campaign>/out` put CSVs in that campaign's
    folder that its next run read as ward reports (QA round 30)."""
    resolved = raw_dir.resolve()
    if out_dir == resolved or resolved in out_dir.parents:
        raise FatalError(f"Thư mục kết quả {out_dir} nằm trong thư mục dữ liệu gốc {raw_dir}; "
                         "không bao giờ ghi vào dữ liệu gốc, hãy chọn --out khác",
                         f"the output folder {out_dir} is inside the raw folder {raw_dir}; "
                         "raw data is never written, choose another --out")
    if out_dir in resolved.parents:
        raise FatalError(f"Thư mục kết quả {out_dir} chứa thư mục dữ liệu gốc {raw_dir}: mỗi "
                         "lần chạy thay cả thư mục kết quả, nên dữ liệu gốc sẽ bị xoá; hãy chọn "
                         "--out khác",
                         f"the output folder {out_dir} holds the raw folder {raw_dir}: a run "
                         "replaces its whole output folder, which would delete the raw data; "
                         "choose another --out")
    campaign_folder = next((folder for folder in (out_dir, *out_dir.parents)
                            if (folder / CONFIG_NAME).is_file()), None)
    if campaign_folder is not None:
        raise FatalError(f"Thư mục kết quả {out_dir} nằm trong thư mục đợt học tập "
                         f"{campaign_folder} (có {CONFIG_NAME}): lần chạy sau của đợt đó sẽ "
                         "đọc các tệp kết quả như báo cáo; hãy chọn --out khác",
                         f"the output folder {out_dir} is inside the campaign folder "
                         f"{campaign_folder} (it holds {CONFIG_NAME}): that campaign's next "
                         "run would read the outputs as reports; choose another --out")
    if out_dir.exists() and not out_dir.is_dir():
        raise FatalError(f"--out {out_dir} là một tệp, không phải thư mục: hãy chọn cho --out "
                         "một thư mục mới hoặc trống",
                         f"--out {out_dir} is a file, not a folder: choose a new or empty "
                         "folder for --out")
    _check_writable(out_dir)
    if out_dir.exists() and not (out_dir.is_dir() and (not any(out_dir.iterdir())
                                                       or _is_run_output(out_dir))):
        raise FatalError(f"Thư mục kết quả {out_dir} đã có các tệp khác, không phải kết quả "
                         "của một lần chạy trước (không có manifest.json, attendance.parquet…):"
                         " mỗi lần chạy thay cả thư mục kết quả, nên không ghi vào đó để không "
                         "xoá các tệp ấy; hãy chọn cho --out một thư mục mới hoặc trống",
                         f"the output folder {out_dir} holds other files, no earlier run's "
                         "outputs (no manifest.json, attendance.parquet...): a run replaces its "
                         "whole output folder, so it is not written, lest those files be "
                         "deleted; choose a new or empty folder for --out")


def _check_writable(out_dir: Path) -> None:
    """Whether a run can write its outputs: a file made and removed in the folder that will
    hold them (its parent, where they are staged) and in the folder itself if it is there.
    A read-only folder ended a run in a traceback after its parse and its charts (QA round
    95 #1)."""
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        for folder in (out_dir.parent, *([out_dir] if out_dir.is_dir() else [])):
            with tempfile.TemporaryFile(dir=folder):
                pass
    except OSError as error:
        why = error.strerror or str(error)
        raise FatalError(f"Không ghi được vào thư mục kết quả {out_dir} ({why}): hãy chọn "
                         "--out khác hoặc cho phép ghi vào thư mục đó",
                         f"cannot write the output folder {out_dir} ({why}): choose another "
                         "--out or make it writable") from error


def _check_same_campaign(out_dir: Path, campaign_id: str, last_run: dict) -> None:
    """An earlier run's output folder is replaced only by the same campaign's run: `--out`
    naming another campaign's folder replaced its results without a word, and trends then
    read them as that campaign's (QA round 95 #4)."""
    other = (last_run.get("campaign") or {}).get("id")
    if other and other != campaign_id:
        raise FatalError(f"Thư mục kết quả {out_dir} đang giữ kết quả của đợt '{other}', không "
                         f"phải đợt '{campaign_id}': chạy vào đó sẽ xoá chúng; hãy chọn --out "
                         "khác (hoặc xoá thư mục ấy nếu không cần nữa)",
                         f"the output folder {out_dir} holds the results of campaign "
                         f"'{other}', not '{campaign_id}': a run there would delete them; "
                         "choose another --out (or delete that folder if it is not needed)")


# Files every run writes (analysis.pipeline.DATA_OUTPUTS, not imported: the up-to-date
# check runs without pandas; and the manifest). Looked for by name: a city's manifest is
# 13 MB.
_RUN_OUTPUT_FILES = ("manifest.json", "attendance.parquet", "participation_by_ward_phase.csv",
                     "participation_by_phase.csv", "participation_by_session.csv",
                     "rejects.csv", "reconciliation.csv", "summary.xlsx", "completeness.csv",
                     "quality_flags.csv", "held_out.csv", "follow_up.xlsx")


def _is_run_output(folder: Path) -> bool:
    """Whether the folder is an earlier run's output: it holds two files or more named as a
    run's are. One deleted by hand (the manifest, the parquet) no longer makes it another
    folder, refused until deleted whole with any notes kept in it (QA round 81 #2); a folder
    of the analyst's holds none such, or one by chance."""
    return sum((folder / name).is_file() for name in _RUN_OUTPUT_FILES) >= 2


def run_campaign(raw_dir: Path, out_dir: Path | None = None, *, strict: bool = False,
                 notebooks: bool = True, keep_names: bool = False, force: bool = False) -> int:
    chosen = out_dir is not None  # by --out: maybe another campaign's folder
    out_dir = (out_dir or default_out_dir(raw_dir)).resolve()
    check_out_dir(raw_dir, out_dir)
    try:
        campaign = load_campaign(raw_dir)
    except CampaignError as error:
        raise FatalError.wrap(error) from error
    lang = campaign.lang
    privacy = Privacy(salt=load_or_create_salt(), keep_names=keep_names,
                      person=person_word(lang))
    hashes = input_hashes(raw_dir)
    fingerprint = run_fingerprint(raw_dir, version=CODE_VERSION, options={
        "notebooks": notebooks, "privacy": privacy.fingerprint}, hashes=hashes)
    # The last run's manifest (13 MB for a city), read once: for the up-to-date check, unless
    # --force runs whatever it wrote, and for the figures a run compares its own with.
    last_run = _previous_manifest(out_dir)
    if chosen:  # the default folder is the campaign folder's own, its id edited or not
        _check_same_campaign(out_dir, campaign.id, last_run)
    previous = {} if force else last_run
    # The last run's outputs now missing or changed, looked for (hashed) once, and only
    # where the run would otherwise be up to date; None: inputs, settings or options differ.
    touched = _outputs_touched(out_dir, previous) \
        if previous and previous.get("run_fingerprint") == fingerprint else None
    if touched == [] and previous.get("outputs") and "other_outputs" in previous:
        counts = previous["accounting"]
        print(say(previous["campaign"].get("lang", "vi"), "up_to_date",
                  id=previous["campaign"]["id"], path=out_dir))
        # The last run's whole summary, who has not reported, late, held out, as it said it
        # (QA round 45: only the headline, the missing wards of other phases unsaid).
        said = previous.get("summary")
        print(said.replace(OUT_PLACEHOLDER, str(out_dir)) if said
              else f"  {previous.get('headline', '')}")
        return _exit_code(strict, previous["campaign"].get("lang", "vi"), counts)
    changes = changes_since(previous, hashes[0], raw_dir, lang, touched,
                            options={"notebooks": notebooks, "names": keep_names})
    if changes:
        print(changes, flush=True)

    # Imported here so that `--help`, fatal errors and up-to-date runs answer at once (and
    # before the freeze: what they make lives to the end).
    import analysis.pipeline  # noqa: F401

    before = previous_figures(last_run)
    del last_run, previous  # not kept through the run
    with run_garbage_collection():
        return _analyse_and_write(raw_dir, out_dir, lang, fingerprint, before, strict=strict,
                                  notebooks=notebooks, keep_names=keep_names)


@contextlib.contextmanager
def run_garbage_collection() -> Iterator[None]:
    """The garbage collector as a run wants it while the `with` body runs: objects alive now,
    and any frozen meanwhile, left out of its full passes, and young collections run every
    GC_THRESHOLD allocations instead of 700. Forked processes (parse workers, the chart
    and summary.xlsx children) inherit both.

    A run holds what its imports made, then its results, to its end: the full passes over
    them found nothing to free. On a cold city run (busy machine) collection took 0.9 s of the
    main process's CPU and 1.2 s of each parse worker's; 0.2 s each so. Undone afterwards
    (objects frozen before stay frozen), so that a process that goes on, a test calling
    `run_campaign`, collects as before."""
    from analysis.ingest import GC_THRESHOLD  # a run imports it anyway; `--help` need not

    already = gc.get_freeze_count()
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not already:
            gc.unfreeze()


def _analyse_and_write(raw_dir: Path, out_dir: Path, lang: str, fingerprint: str,
                       before: dict | None, *, strict: bool, notebooks: bool,
                       keep_names: bool) -> int:
    """The run itself, once `run_campaign` has found something to do: analyse, check that
    anything was read, write every output, say what changed in the figures since `before`
    (`previous_figures`); the exit code."""
    from analysis.pipeline import analyse, write_outputs

    bar = tqdm(total=0, unit=say(lang, "files"), desc=say(lang, "reading"), file=sys.stderr,
               leave=False, disable=None)

    def progress(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(name[-40:], refresh=True)

    try:
        results = analyse(raw_dir, progress=progress, keep_names=keep_names)
    except CampaignError as error:
        raise FatalError.wrap(error) from error
    finally:
        bar.close()
    counts = results.ingest
    readable = [entry for entry in counts.files if entry["status"] == "read"]
    if not readable:
        found = len(counts.files)
        # campaign.toml was read: these say it in the campaign's language only.
        if not found:
            # The formats read, and the files there are (QA round 46: a folder of one .fods).
            from analysis.read import READ_SUFFIXES_SHOWN

            formats = " ".join(READ_SUFFIXES_SHOWN)
            there = ", ".join(counts.ignored_files[:5]) + (
                f" (+{len(counts.ignored_files) - 5})" if len(counts.ignored_files) > 5 else "")
            raise FatalError(f"Không có bảng tính nào trong {raw_dir} (định dạng đọc được: "
                             f"{formats})" + (f"; các tệp có ở đó: {there}" if there else ""),
                             f"No spreadsheet in {raw_dir} (supported: {formats})"
                             + (f"; the files there: {there}" if there else ""), lang=lang)
        why = "; ".join(f"{entry['file']}: {entry['error']}" for entry in counts.files[:3])
        more_vi = f"; và {found - 3} tệp khác" if found > 3 else ""
        more = f"; and {found - 3} more" if found > 3 else ""
        raise FatalError(f"Không đọc được tệp nào trong {raw_dir}: có {found} tệp bảng tính, "
                         f"không tệp nào đọc được ({why}{more_vi})",
                         f"Nothing readable in {raw_dir}: {found} spreadsheet file(s) found, "
                         f"none could be read ({why}{more})", lang=lang)
    from analysis.scaffold import is_instructions_sheet

    headerless = [f"{entry['file']} › {sheet['sheet']}" for entry in readable
                  for sheet in entry["sheets"] if sheet["status"] == "no_table"
                  and not is_instructions_sheet(sheet)]
    if counts.rows_read == 0 and headerless:
        # Sheets with something in them, but no header the loader knows: say which.
        named = ", ".join(headerless[:3]) + (f" (+{len(headerless) - 3})"
                                             if len(headerless) > 3 else "")
        raise FatalError(f"Không tìm thấy bảng điểm danh nào trong {raw_dir}: {len(headerless)} "
                         f"trang tính có nội dung nhưng không có dòng tiêu đề cột nào đọc được: "
                         "cần một cột số liệu (Tổng số, Có mặt, Vắng…) hoặc một cột điểm danh "
                         "(x, v, P, KP…), và cột tên đơn vị (Đơn vị, Phường, Xã…) nếu bảng kê "
                         f"nhiều đơn vị ({named}); xem README, mục các tên cột được nhận ra",
                         f"No attendance table found in {raw_dir}: {len(headerless)} sheet(s) "
                         f"hold something but no column header the loader knows: a table needs "
                         "a column of counts (expected, present, absent) or of attendance "
                         "marks, and one of unit names (Unit, Ward, Commune) if it lists "
                         f"several units ({named}); see README for the column names it "
                         "recognises", lang=lang)
    if counts.rows_read == 0:
        # e.g. a folder fresh from `python -m analysis new`: only its blank templates.
        raise FatalError(f"Chưa có dòng điểm danh nào trong {raw_dir}: đã đọc {len(readable)} "
                         "tệp, bảng nào cũng trống; hãy thêm các báo cáo đơn vị đã điền rồi "
                         "chạy lại",
                         f"No attendance rows in {raw_dir} yet: {len(readable)} file(s) read, "
                         "every table is empty; add the wards' filled-in reports and run again",
                         lang=lang)
    gc.freeze()  # the results too: they live until the run ends
    # Kept with the outputs, their folder a placeholder: a manifest names no folder.
    summary = summary_text(results, Path(OUT_PLACEHOLDER), notebooks)
    write_outputs(results, out_dir, notebooks=notebooks, fingerprint=fingerprint,
                  log=lambda text: print(text, file=sys.stderr), summary=summary)
    print(summary.replace(OUT_PLACEHOLDER, str(out_dir)))
    if before is not None:
        print(figure_changes(before, results))
    from analysis.pipeline import accounting

    return _exit_code(strict, lang, accounting(results))


# Where the summary kept in the manifest names the output folder.
OUT_PLACEHOLDER = "{out}"


def previous_figures(manifest: dict) -> dict | None:
    """The last run's counts by unit, as its manifest (`_previous_manifest`) keeps them, or
    None where there is none (no run yet, or one by a suite that did not keep them): then no
    comparison is made."""
    figures = manifest.get("figures") if isinstance(manifest, dict) else None
    if not isinstance(figures, list):
        return None
    try:
        return _counts_by_unit(figures)
    except (ValueError, TypeError):  # not as a run keeps them
        return None


def _counts_by_unit(rows: list) -> dict:
    """(phase, unit, kind) -> (expected, attended), from `pipeline.unit_counts` rows."""
    return {(str(phase), str(ward), str(kind)): (int(expected), int(attended))
            for phase, ward, kind, expected, attended in rows}


def figure_changes(before: dict, results) -> str:
    """The figures a re-run changed: each phase's rate over the headline's units (wards and
    grassroots committees, as the headline pools them), and the units' whose counts
    changed, "from -> to", or that none did (QA round 81 #4: a ward's corrected file re-run,
    and the terminal named the file, not what it changed: Hòa An 95,7% -> 96,4%). A rate is
    printed as the headline prints it: 94,975% against 95% is "94,98%", never "95,0%" (QA
    round 82 #2)."""
    from analysis.participation import GRASSROOTS_KINDS
    from analysis.pipeline import unit_counts

    campaign = results.campaign
    lang, labels = campaign.lang, campaign.phase_labels
    vi = lang == "vi"
    old_units, new_units = before, _counts_by_unit(unit_counts(results.ward_phase))
    headline_only = any(kind not in GRASSROOTS_KINDS for *_, kind in {*old_units, *new_units})

    def phases(by_unit: dict) -> dict:
        totals: dict = {}
        for (phase, _, kind), (expected, attended) in by_unit.items():
            if kind in GRASSROOTS_KINDS:
                counted = totals.get((phase,), (0, 0))
                totals[(phase,)] = (counted[0] + expected, counted[1] + attended)
        return totals

    def text(counts) -> str:
        if counts is None:
            return "–"
        expected, attended = counts
        rate = format_percent(attended / expected, lang, target=campaign.target) \
            if expected else "–"
        return f"{rate} ({format_count(attended, lang)}/{format_count(expected, lang)})"

    def order(key) -> tuple:
        return (list(labels).index(key[0]) if key[0] in labels else len(labels), key[1:])

    grassroots = (" (đơn vị cơ sở)" if vi else " (grassroots units)") if headline_only else ""
    parts = []
    for old, new, name in (
            (phases(old_units), phases(new_units),
             lambda key: labels.get(key[0], key[0]) + grassroots),
            (old_units, new_units, lambda key: f"{key[1]}, {labels.get(key[0], key[0])}")):
        changed = [key for key in sorted({*old, *new}, key=order) if old.get(key) != new.get(key)]
        parts += [f"{name(key)}: {text(old.get(key))} → {text(new.get(key))}"
                  for key in changed[:_NAMED_CHANGES]]
        if len(changed) > _NAMED_CHANGES:
            more = len(changed) - _NAMED_CHANGES
            parts.append(f"và {more} đơn vị khác" if vi else f"and {more} more units")
    if not parts:
        return ("  Số liệu không đổi so với lần chạy trước" if vi
                else "  The figures are those of the last run")
    return ("  Số liệu thay đổi so với lần chạy trước: " if vi
            else "  Figures changed since the last run: ") + "; ".join(parts)


def _exit_code(strict: bool, lang: str, counts: dict) -> int:
    """EXIT_STRICT, saying why on stderr, when --strict and any row or file was rejected, a
    check disagrees or rows are held out (the run's `accounting`, or the last run's from its
    manifest); else EXIT_OK. It exited 1 without a word, after "Kết quả vẫn đúng" on an
    up-to-date run (QA round 42)."""
    problems = {"rejected": counts["reject_lines"],
                "mismatches": counts["reconciliation_mismatches"],
                "held_out": counts["rows_held_out"]}
    if not strict or not any(problems.values()):
        return EXIT_OK
    words = {name: format_count(count, lang) for name, count in problems.items()}
    # How many of those lines a unit has to fix (QA round 99: "15 dòng bị loại", all of them
    # left out as meant); a manifest from before this count says nothing of it.
    to_fix = counts.get("reject_lines_to_fix")
    words["to_fix"] = say(lang, "to_fix", count=format_count(to_fix, lang)) \
        if to_fix is not None and problems["rejected"] else ""
    print(say(lang, "strict", **words), file=sys.stderr)
    return EXIT_STRICT


def _outputs_touched(out_dir: Path, previous: dict) -> list[str]:
    """The last run's outputs (by `previous`, its manifest) now missing or changed: its
    data files by their hashes, its charts, notebooks and report by their presence."""
    return [*(name for name, digest in (previous.get("outputs") or {}).items()
              if not (out_dir / name).is_file() or sha256_file(out_dir / name) != digest),
            *(name for name in previous.get("other_outputs", [])
              if not (out_dir / name).is_file())]


def changes_since(previous: dict, files: dict[str, str], raw_dir: Path, lang: str,
                  touched: list[str] | None = None, options: dict | None = None) -> str:
    """What changed since the run that wrote `previous` (its manifest): files new, changed
    and gone, campaign.toml, the suite's version, or else the outputs `touched` (deleted or
    changed, the run's fingerprint unchanged), or, the fingerprint changed (`touched`
    None), the run's options; "" when none of these did (or there was no run). An analyst
    re-running after a ward's correction sees it was read; one whose run is not answered "up
    to date" sees why (QA round 81 #4: a chart deleted, a run without a word)."""
    if not previous:
        return ""
    before = {entry.get("file"): entry.get("sha256") for entry in previous.get("inputs", [])}
    parts = []
    for key, names in (("new_files", [name for name in files if name not in before]),
                       ("changed_files", [name for name in files
                                          if name in before and before[name] != files[name]]),
                       ("gone_files", [name for name in before if name not in files])):
        if names:
            parts.append(say(lang, key, names=_first_named(names)))
    config = raw_dir / CONFIG_NAME
    if previous.get("campaign", {}).get("config_sha256") not in (
            None, sha256_file(config) if config.is_file() else None):
        parts.append(say(lang, "config_changed"))
    if previous.get("code_version") not in (None, CODE_VERSION):
        parts.append(say(lang, "version_changed"))
    if not parts and touched:
        parts.append(say(lang, "outputs_touched", names=_first_named(touched)))
    elif not parts and touched is None and previous.get("run_fingerprint"):
        # The options that changed, where the last run kept its own (QA round 95 #6: both
        # named whichever changed, "--names" when it was never used).
        before_options = previous.get("options") or {}
        changed = [flag for name, flag in (("notebooks", "--no-notebooks"), ("names", "--names"))
                   if options is not None and name in before_options
                   and before_options[name] != options.get(name)]
        if changed:
            parts.append(say(lang, "options_changed", options=", ".join(changed)))
        elif before_options and options is not None:
            parts.append(say(lang, "settings_changed"))
        else:  # a run of a suite that kept no options
            parts.append(say(lang, "options_changed", options="--no-notebooks, --names"))
    return say(lang, "changed", parts="; ".join(parts)) if parts else ""


def _first_named(names: list[str]) -> str:
    """The first `_NAMED_CHANGES` names, the rest counted: "a, b, c, d, e (+3)"."""
    return ", ".join(names[:_NAMED_CHANGES]) + (
        f" (+{len(names) - _NAMED_CHANGES})" if len(names) > _NAMED_CHANGES else "")


_NAMED_CHANGES = 5  # files named per kind of change; the rest counted


def _previous_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# What the terminal says after a run, in the campaign's language (campaign.toml `lang`).
WORDS = {
    "vi": {
        "campaign": "Đợt {id}: {files} tệp, {read} dòng đã đọc = {accepted} nhận + "
                    "{rejected} loại",
        "held_out": " + {count} chưa tính (gửi trùng)",
        "unreadable": "; {count} tệp không đọc được",
        "not_reported": "Chưa báo cáo, {label} ({reported}/{expected} đơn vị đã báo cáo): "
                        "{names} ({path})",
        "held": "Gửi hai lần với số liệu khác nhau, chưa tính, {label}: {names} ({path})",
        "partly_rejected": "Tính một phần (có dòng bị loại, chưa tính đến khi đơn vị sửa), "
                           "{label}: {names} ({path})",
        "partly": "Tính một phần (một phần gửi hai lần với số liệu khác nhau, chưa tính), "
                  "{label}: {names} ({path})",
        "rejected": "Đã nhận báo cáo nhưng bị loại (cả tệp hoặc mọi dòng), chưa tính, {label}: "
                    "{names} "
                    "({path})",
        "late": "Nộp muộn, {label}: {names}",
        "correction": "{correction} có vẻ là bản sửa của {original}: nếu đúng, hãy chuyển "
                      "{original} ra khỏi thư mục dữ liệu rồi chạy lại",
        "unreadable_hint": "; {count} tệp không đọc được có thể là báo cáo của đơn vị chưa có "
                           "tên ở trên (xem rejects.csv)",
        "flags": "{count} cảnh báo chất lượng ({errors} cần xử lý, {warnings} cần kiểm tra, "
                 "{infos} để biết): {path}; danh sách gửi lại từng đơn vị, kèm các dòng bị "
                 "loại: {follow_up}",
        "rejects": "Dòng và tệp bị loại, kèm lý do: {path}",
        "mismatches": "{count} phép đối chiếu (dòng tổng cộng, dòng đơn vị, cột tỷ lệ) bị lệch: "
                      "{path}",
        "hidden": "Trang tính ẩn đã đọc",
        "no_table": "Trang tính bỏ qua vì không có bảng điểm danh",
        "blank_form": "Biểu mẫu chưa điền, bỏ qua",
        "unreadable_sheets": "Trang tính không đọc được",
        "not_spreadsheets": "Tệp không phải bảng tính hoặc bảng tính dạng chưa đọc được "
                            "(.fods, .numbers…), không đọc (nếu là báo cáo của đơn vị, "
                            "hãy giải nén hoặc xin gửi lại dạng .xlsx)",
        "unmatched_rules": "Quy tắc [[sources]] trong campaign.toml không khớp tệp nào (kiểm "
                           "tra tên thư mục, tên tệp)",
        "other_campaigns": "Thư mục có campaign.toml riêng, là một đợt khác, không đọc (nếu "
                           "là báo cáo của đợt này, hãy chuyển tệp ra ngoài và xóa "
                           "campaign.toml của nó)",
        "more_sheets": " và {count} trang khác (manifest.json)",
        "holding": "chứa",
        "outputs": "Kết quả: {path}",
        "report": "Báo cáo: {path}",
        "charts": "Biểu đồ: {path}",
        "up_to_date": "Không có gì thay đổi kể từ lần chạy trước của {id}: cùng các tệp, thiết "
                      "lập và phiên bản. Kết quả vẫn đúng, ở {path} (--force để chạy lại).",
        "changed": "Thay đổi từ lần chạy trước: {parts}",
        "new_files": "tệp mới {names}",
        "changed_files": "tệp đã sửa {names}",
        "gone_files": "tệp không còn {names}",
        "config_changed": "campaign.toml đã sửa",
        "version_changed": "phiên bản bộ công cụ mới",
        "outputs_touched": "tệp kết quả đã bị xoá hoặc sửa: {names}",
        "options_changed": "chạy với tuỳ chọn khác lần trước ({options})",
        "settings_changed": "thiết lập khác lần trước (khoá ẩn danh, hoặc các tệp không phải "
                            "bảng tính trong thư mục)",
        "to_fix": " ({count} cần đơn vị sửa)",
        "strict": "--strict: mã thoát 1 vì có {rejected} dòng hoặc tệp bị loại{to_fix}, "
                  "{mismatches} đối chiếu lệch và {held_out} dòng chưa tính (báo cáo trùng, số "
                  "khác nhau); xem rejects.csv, reconciliation.csv, held_out.csv",
        "reading": "Đang đọc",
        "files": " tệp",
    },
    "en": {
        "campaign": "Campaign {id}: {files} files, {read} rows read = {accepted} accepted + "
                    "{rejected} rejected",
        "held_out": " + {count} held out",
        "unreadable": "; {count} unreadable file(s)",
        "not_reported": "Not reported, {label} ({reported} of {expected} units reported): "
                        "{names} ({path})",
        "held": "Sent twice with different figures, not counted, {label}: {names} ({path})",
        "partly_rejected": "Counted in part (rows rejected, not counted until corrected), "
                           "{label}: {names} ({path})",
        "partly": "Counted in part (a part sent twice with different figures, not counted), "
                  "{label}: {names} ({path})",
        "rejected": "Report received but rejected (the whole file or every row), not counted, "
                    "{label}: {names} "
                    "({path})",
        "late": "Late, {label}: {names}",
        "correction": "{correction} looks like the correction of {original}: if so, move "
                      "{original} out of the data folder and run again",
        "unreadable_hint": "; {count} unreadable file(s) may hold the report of a unit listed "
                           "above (see rejects.csv)",
        "flags": "{count} data-quality flag(s) ({errors} must fix, {warnings} please check, "
                 "{infos} for information): {path}; per unit, to send back, with the rejected "
                 "rows: {follow_up}",
        "rejects": "Rejected rows and files, with reasons: {path}",
        "mismatches": "{count} totals/unit-row/rate check(s) disagree: {path}",
        "hidden": "Hidden sheets read",
        "no_table": "Sheets skipped, no attendance table",
        "blank_form": "Blank forms skipped",
        "unreadable_sheets": "Sheets that could not be read",
        "not_spreadsheets": "Files that are not spreadsheets, or spreadsheets in a format not "
                            "read (.fods, .numbers…), not read (if one is a unit's "
                            "report, unpack it or ask for it as .xlsx)",
        "unmatched_rules": "[[sources]] rules of campaign.toml that match no file (check the "
                           "folder and file names)",
        "other_campaigns": "Folders with a campaign.toml of their own, another campaign, not "
                           "read (if they hold this campaign's reports, move the files out "
                           "and delete that campaign.toml)",
        "more_sheets": " and {count} more (manifest.json)",
        "holding": "holding",
        "outputs": "Outputs: {path}",
        "report": "Report: {path}",
        "charts": "Charts: {path}",
        "up_to_date": "Nothing changed since the last run of {id}: same files, settings and "
                      "suite version. Outputs are up to date in {path} (--force runs again).",
        "changed": "Changed since the last run: {parts}",
        "new_files": "new {names}",
        "changed_files": "changed {names}",
        "gone_files": "gone {names}",
        "config_changed": "campaign.toml edited",
        "version_changed": "new suite version",
        "outputs_touched": "outputs deleted or changed: {names}",
        "options_changed": "run with other options than the last time ({options})",
        "settings_changed": "other settings than the last time (the pseudonym salt, or the "
                            "files in the folder that are no spreadsheets)",
        "to_fix": " ({count} for the units to fix)",
        "strict": "--strict: exit code 1: {rejected} rejected row(s) or file(s){to_fix}, "
                  "{mismatches} check(s) that disagree and {held_out} row(s) held out (sent "
                  "twice with different figures); see rejects.csv, reconciliation.csv, "
                  "held_out.csv",
        "reading": "Reading",
        "files": " files",
    },
}


def say(lang: str, key: str, **values) -> str:
    return WORDS["vi" if lang == "vi" else "en"][key].format(**values)


def summary_text(results, out_dir: Path, notebooks: bool) -> str:
    from analysis.pipeline import accounting

    counts = accounting(results)
    lang = results.campaign.lang
    lines = [
        say(lang, "campaign", id=results.campaign.id, files=counts["files"],
            read=format_count(counts["rows_read"], lang),
            accepted=format_count(counts["rows_accepted"], lang),
            rejected=format_count(counts["rows_rejected"], lang))
        + (say(lang, "held_out", count=format_count(counts["rows_held_out"], lang))
           if counts["rows_held_out"] else "")
        + (say(lang, "unreadable", count=counts["files_unreadable"])
           if counts["files_unreadable"] else ""),
    ]
    lines.extend(_quality_notes(results, out_dir))
    if counts["rows_rejected"] or counts["files_unreadable"]:
        lines.append("  " + say(lang, "rejects", path=out_dir / "rejects.csv"))
    if counts["reconciliation_mismatches"]:
        lines.append("  " + say(lang, "mismatches", count=counts["reconciliation_mismatches"],
                                path=out_dir / "reconciliation.csv"))
    lines.extend(_sheet_notes(results))
    lines.append(f"  {results.headline_text()}")
    lines.append(say(lang, "outputs", path=out_dir))
    if notebooks:
        lines.append("  " + say(lang, "report", path=out_dir / "report.html"))
    lines.append("  " + say(lang, "charts", path=out_dir / "figures"))
    return "\n".join(lines)


def _quality_notes(results, out_dir: Path) -> list[str]:
    """Who has not reported comes first; then duplicates held out, late reports, the flags."""
    from analysis.quality import correction_pairs, findings, names_text

    quality = results.quality
    labels = results.campaign.phase_labels
    lang = results.campaign.lang

    def names(joined: str) -> str:
        # A few names on the terminal; the full list is in the file named after them.
        return names_text(joined.split("; "), lang)

    notes, missing = [], []  # every phase's units not reported first (QA round 63 #7)
    # A file that could not be read and whose name names no unit may be the report of one
    # of those not reported (one whose name does is that unit's, `rejected`: QA round 36).
    unreadable = {entry["file"] for entry in results.ingest.files
                  if entry["status"] == "unreadable"}
    rejects = results.rejects
    named = set(rejects.loc[rejects["source_file"].isin(unreadable) & rejects["ward"].notna(),
                            "source_file"]) if unreadable else set()
    unnamed = len(unreadable - named)
    hint = say(lang, "unreadable_hint", count=unnamed) if unnamed else ""
    completeness = quality.completeness
    for row in quality.by_phase.itertuples(index=False):
        label = labels[row.phase]
        if row.units_reported < row.units_expected:
            if row.missing:
                missing.append("  " + say(lang, "not_reported", label=label,
                                        reported=row.units_reported,
                                        expected=row.units_expected, names=names(row.missing),
                                        path=out_dir / "completeness.csv") + hint)
            if row.held_out:
                notes.append("  " + say(lang, "held", label=label, names=names(row.held_out),
                                        path=out_dir / "held_out.csv"))
            if row.rejected:
                notes.append("  " + say(lang, "rejected", label=label,
                                        names=names(row.rejected),
                                        path=out_dir / "rejects.csv"))
        # A unit counted in part reported: its figure lacks what it sent twice (QA round 38),
        # or rows rejected that it has to correct (QA round 42).
        for status, key, listed in (("partly_held_out", "partly", "held_out.csv"),
                                    ("partly_rejected", "partly_rejected", "rejects.csv")):
            partly = completeness.loc[(completeness["phase"] == row.phase)
                                      & (completeness["status"] == status), "ward"]
            if len(partly):
                notes.append("  " + say(lang, key, label=label, names=names("; ".join(partly)),
                                        path=out_dir / listed))
        if row.late:
            notes.append("  " + say(lang, "late", label=label, names=names(row.late)))
    # The analyst's way out of a hold-out whose files' names say which corrects which.
    held_out = results.held_out
    # Each file's report date, the earliest its sheets give, as the hold-out's flag says it.
    dates = {entry["file"]: min(days) for entry in results.ingest.files
             if (days := [sheet["report_date"] for sheet in entry.get("sheets", [])
                          if sheet.get("report_date")])}
    pairs = {pair for _, files in held_out.groupby(["phase", "ward"], observed=True,
                                                   sort=False)["source_file"]
             for pair in correction_pairs(files.astype(str).unique(), dates)
             } if len(held_out) else ()
    for correction, original in sorted(pairs):
        notes.append("  " + say(lang, "correction", correction=correction, original=original))
    flags = findings(quality.flags)
    if len(flags):
        severities = flags["severity"].value_counts()
        notes.append("  " + say(lang, "flags", count=len(flags),
                                errors=int(severities.get("error", 0)),
                                warnings=int(severities.get("warning", 0)),
                                infos=int(severities.get("info", 0)),
                                path=out_dir / "quality_flags.csv",
                                follow_up=out_dir / "follow_up.xlsx"))
    return missing + notes


def _sheet_notes(results) -> list[str]:
    """Hidden sheets that were read and sheets that were skipped, named: nothing unseen.

    A filled-in template's instructions sheet is skipped without a word: every one has it."""
    from analysis.scaffold import is_instructions_sheet

    lang = results.campaign.lang
    notes = []
    kinds = {
        "hidden": lambda sheet: sheet["hidden"] and sheet["status"] == "table",
        "no_table": lambda sheet: sheet["status"] == "no_table"
        and not is_instructions_sheet(sheet),
        # Also a table with not one row in it: `new`'s templates left in the folder (QA round
        # 84 #7: "4 tệp" for two reports and two templates, nothing said).
        "blank_form": lambda sheet: not sheet["hidden"] and (
            sheet["status"] == "blank_form"
            or (sheet["status"] == "table" and not sheet["rows_read"])),
        "unreadable_sheets": lambda sheet: sheet["status"] == "unreadable",
    }
    for key, wanted in kinds.items():
        names = [f"{entry['file']} › {sheet['sheet']}" for entry in results.ingest.files
                 for sheet in entry["sheets"] if wanted(sheet)]
        if names:
            shown = ", ".join(names[:5]) + (say(lang, "more_sheets", count=len(names) - 5)
                                             if len(names) > 5 else "")
            notes.append(f"  {say(lang, key)}: {shown}")
    read = [entry["file"] for entry in results.ingest.files]
    unmatched = [f"'{rule.glob}'" for rule in results.campaign.sources
                 if not any(glob_matches(rule.glob, name) for name in read)]
    if unmatched:
        notes.append(f"  {say(lang, 'unmatched_rules')}: {', '.join(unmatched)}")
    others = other_campaigns(results.ingest.ignored_files)
    if others:
        folders = ", ".join(f"{name}/" for name in others)
        notes.append(f"  {say(lang, 'other_campaigns')}: {folders}")
    # A ward's report zipped, or sent as a PDF or a photo, is not read: say so, by name.
    maybe_reports = [name for name in results.ingest.ignored_files
                     if PurePosixPath(name).suffix.lower() in MAYBE_REPORT_SUFFIXES]
    if maybe_reports:
        shown = ", ".join(
            name + (f" ({say(lang, 'holding')} {', '.join(held)})"
                    if (held := _spreadsheets_in(results.campaign.raw_dir / name)) else "")
            for name in maybe_reports[:5]) + (
            say(lang, "more_sheets", count=len(maybe_reports) - 5) if len(maybe_reports) > 5
            else "")
        notes.append(f"  {say(lang, 'not_spreadsheets')}: {shown}")
    return notes


def _spreadsheets_in(path: Path) -> list[str]:
    """The spreadsheets a .zip holds, by name (its directory only is read, nothing unpacked):
    the wards whose reports it holds were asked to send them again, the archive named
    without a word of what it held (QA round 89 #5)."""
    if path.suffix.lower() != ".zip":
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return []
    return [PurePosixPath(name).name for name in names
            if PurePosixPath(name).suffix.lower() in SPREADSHEET_SUFFIXES][:5]



if __name__ == "__main__":
    sys.exit(main())

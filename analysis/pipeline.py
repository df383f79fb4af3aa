"""The whole run as plain functions: analyse a campaign folder, then write every output.

Notebooks call `analyse`; the command line calls `analyse` then `write_outputs`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import CODE_VERSION, SUITE_VERSION, participation
from analysis.campaign import CONFIG_NAME, Campaign, load_campaign
from analysis.export import (
    VALUE_LABELS,
    running_aside,
    staged_directory,
    write_csv,
    write_json,
    write_parquet,
    write_summary_xlsx,
)
from analysis.formatting import format_count, format_percent, in_sentence, place_units
from analysis.ingest import Ingest, ingest_campaign
from analysis.inputs import sha256_file
from analysis.privacy import Privacy, load_or_create_salt, person_word
from analysis.quality import (
    GRASSROOTS_KINDS,
    Quality,
    assess,
    lines_to_fix,
    names_text,
    reporting_note,
    settle_duplicates,
    units_reported,
    with_units_reported,
    word_labels,
    write_follow_up,
)
from analysis.validate import REJECT_COLUMNS

DATA_OUTPUTS = (
    "attendance.parquet",
    "participation_by_ward_phase.csv",
    "participation_by_phase.csv",
    "participation_by_session.csv",
    "rejects.csv",
    "reconciliation.csv",
    "summary.xlsx",
    "completeness.csv",
    "quality_flags.csv",
    "held_out.csv",
    "follow_up.xlsx",
)
# Everything a run writes in its output folder: other entries there are the analyst's, kept
# from run to run (`staged_directory`).
RUN_OUTPUTS = frozenset({*DATA_OUTPUTS, "manifest.json", "figures", "notebooks", "report.html"})
PACKAGES = ("pandas", "pyarrow", "python-calamine", "openpyxl", "pandera", "matplotlib",
            "seaborn", "papermill", "nbconvert")


@dataclass
class Results:
    """Everything a notebook or an export needs, computed once."""

    campaign: Campaign
    ingest: Ingest
    ward_phase: pd.DataFrame
    by_phase: pd.DataFrame
    by_session: pd.DataFrame
    below_target: pd.DataFrame
    quality: Quality  # completeness, timeliness, flags, held-out duplicates (analysis.quality)
    keep_names: bool = False  # names kept in the outputs (`--names`)
    # The headline's figures per phase, worked out once: the summary, the manifest and the
    # notebooks each ask for them (a tenth of a second apiece for a city).
    _headlines: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def records(self) -> pd.DataFrame:
        return self.ingest.records

    @property
    def held_out(self) -> pd.DataFrame:
        return self.quality.held_out

    @property
    def rejects(self) -> pd.DataFrame:
        return self.ingest.rejects

    def headline(self, phase: str | None = None) -> dict:
        """Pooled rate of the grassroots units (wards and committees) in a phase, by default
        the last phase with figures: a phase nobody has reported yet has no rate to lead with
        ("–, 0/0"), while the one before it has."""
        phase = phase or self.headline_phase
        if phase not in self._headlines:
            self._headlines[phase] = participation.grassroots(self.records, phase)
        return dict(self._headlines[phase])

    @property
    def headline_phase(self) -> str:
        return (self.grassroots_phases or self.campaign.phase_ids)[-1]

    @property
    def grassroots_phases(self) -> list[str]:
        """The phases with grassroots units' figures, in the campaign's order."""
        records = self.records
        grassroots = records.loc[records["kind"].isin(participation.GRASSROOTS_KINDS), "phase"]
        # The distinct phases first: iterating a million Arrow strings took a second.
        with_figures = {str(phase) for phase in grassroots.unique()}
        return [phase for phase in self.campaign.phase_ids if phase in with_figures]

    def headline_text(self, phase: str | None = None) -> str:
        figures = self.headline(phase)
        lang = self.campaign.lang
        label = self.campaign.phase_labels[figures["phase"]]
        rate = format_percent(figures["rate"], lang, target=self.campaign.target)
        counts = (f"{format_count(figures['attended'], lang)}/"
                  f"{format_count(figures['expected'], lang)}")
        # A rate over a partial set of units says so: "17/19 đơn vị cơ sở đã báo cáo".
        reported, expected, _, _ = units_reported(self.quality, figures["phase"],
                                                  GRASSROOTS_KINDS)
        note = reporting_note(self.quality, figures["phase"], lang, GRASSROOTS_KINDS)
        # Counts of roll-calls per session are attendances ("lượt"); with units counted in
        # people beside them, the figure is both, and says which units are which: "4.364
        # đảng viên" of 3.596 members was quoted as a count of members (QA round 88 #2).
        by_session = figures.get("attendance_units", [])
        mixed = bool(by_session) and len(by_session) < figures["units"]
        if lang == "vi":
            units = (f"{reported}/{expected} đơn vị cơ sở đã báo cáo" if note
                     else f"{figures['units']} đơn vị cơ sở")
            counted = (f", tính theo lượt ở {names_text(by_session, lang)}, theo đảng viên ở "
                       "các đơn vị khác" if mixed
                       else " lượt đảng viên" if figures["attendances"] else " đảng viên")
            return (f"Tỷ lệ tham dự {in_sentence(label)} ({units}): {rate} ({counts}{counted})"
                    + (f". {note}" if note else ""))
        units = (f"{reported} of {expected} grassroots units reported" if note
                 else f"{figures['units']} grassroots units")
        counted = (f"; attendances in {names_text(by_session, lang)}, members elsewhere"
                   if mixed
                   else " attendances" if figures["attendances"] else "")
        return (f"Participation, {label} ({units}): {rate} ({counts}{counted})"
                + (f". {note}" if note else ""))


def analyse(
    raw_dir: Path | str, progress: Callable[[int, int, str], None] | None = None,
    keep_names: bool = False,
    cache_dir: Path | None = None,
) -> Results:
    """Read, validate and aggregate a campaign folder; names become `person_key` unless kept."""
    campaign = load_campaign(raw_dir)
    privacy = Privacy(salt=load_or_create_salt(), keep_names=keep_names,
                      person=person_word(campaign.lang))
    ingest = ingest_campaign(campaign, progress=progress, privacy=privacy,
                             cache_dir=cache_dir if cache_dir is not None
                             else default_cache_dir(campaign.raw_dir))
    # A report sent twice is counted once, or held out if its copies differ, before any sum.
    duplicates = settle_duplicates(ingest)
    order = campaign.phase_ids
    ward_phase = participation.by_ward_phase(ingest.records, order)
    by_session = participation.by_session(ingest.records, order)
    quality = assess(campaign, ingest, duplicates, ward_phase, by_session)
    return Results(
        campaign=campaign,
        ingest=ingest,
        keep_names=keep_names,
        ward_phase=ward_phase,
        by_phase=with_units_reported(participation.by_phase(ingest.records, order), quality),
        by_session=by_session,
        below_target=participation.below_target(ward_phase, campaign.target),
        quality=quality,
    )


def report_subtitle(results: Results) -> str:
    """Place, period and what the figures rest on, under the report's title."""
    campaign = results.campaign
    counts = accounting(results)
    period = " – ".join(day.strftime("%d/%m/%Y") for day in (campaign.start, campaign.end)
                        if day)
    if campaign.lang == "vi":
        parts = [campaign.place, f"thời gian: {period}" if period else "",
                 f"số liệu từ {report_files(results.ingest.files)} tệp báo cáo, "
                 f"{format_count(counts['rows_accepted'])} dòng hợp lệ"]
    else:
        parts = [campaign.place, f"period: {period}" if period else "",
                 f"figures from {report_files(results.ingest.files)} report files, "
                 f"{format_count(counts['rows_accepted'], 'en')} valid rows"]
    return " · ".join(part for part in parts if part)


def default_cache_dir(raw_dir: Path) -> Path | None:
    """data/raw/<campaign> -> data/processed/.cache/<campaign>; no cache for other layouts."""
    raw_dir = Path(raw_dir).resolve()
    if raw_dir.parent.name != "raw":
        return None
    return raw_dir.parent.parent / "processed" / ".cache" / raw_dir.name


def report_files(files: list[dict]) -> int:
    """The files that gave rows, or could not be read: a blank template left in the folder is
    no report received (QA round 40: "3 tệp báo cáo" for one ward's file and two templates;
    round 94 #5: the report's "16 tệp" beside the charts' 14)."""
    return sum(1 for entry in files
               if entry.get("rows_read", 0) > 0 or entry.get("status") == "unreadable")


def accounting(results: Results) -> dict:
    files = results.ingest.files
    return {
        "files": len(files),
        "files_unreadable": sum(entry["status"] == "unreadable" for entry in files),
        "rows_read": sum(entry["rows_read"] for entry in files),
        "rows_accepted": sum(entry["rows_accepted"] for entry in files),
        "rows_rejected": sum(entry["rows_rejected"] for entry in files),
        # Copies of a report that disagree: read, neither accepted nor rejected, held_out.csv.
        "rows_held_out": sum(entry.get("rows_held_out", 0) for entry in files),
        "reconciliation_mismatches": len(results.ingest.mismatches),
        # Lines of rejects.csv: rejected rows, and files (unreadable, or a unit's photo).
        "reject_lines": len(results.rejects),
        # Of which those a unit has to fix, not left out as meant (`quality.lines_to_fix`).
        "reject_lines_to_fix": lines_to_fix(results.rejects),
        "quality_flags": len(results.quality.flags),
        "units_missing": {row.phase: int(row.units_missing)
                          for row in results.quality.by_phase.itertuples(index=False)
                          if row.units_missing},
    }


def unit_counts(ward_phase: pd.DataFrame) -> list[list]:
    """[phase, unit, kind, expected, attended] per row of the table by unit: what a run keeps
    in its manifest and the next run compares its own with (`cli.figure_changes`)."""
    return [[str(phase), str(ward), str(kind), int(expected), int(attended)]
            for phase, ward, kind, expected, attended
            in ward_phase[["phase", "ward", "kind", "expected", "attended"]]
            .itertuples(index=False, name=None)]


def manifest(results: Results, output_hashes: dict[str, str]) -> dict:
    campaign = results.campaign
    return {
        "suite_version": SUITE_VERSION,
        "code_version": CODE_VERSION,  # the version and a hash of the package's source
        "campaign": {
            "id": campaign.id,
            "title": campaign.title,
            "target": campaign.target,
            "lang": campaign.lang,
            "phases": [{"id": phase.id, "label": phase.label,
                        "start": phase.start, "end": phase.end} for phase in campaign.phases],
            "units": len(campaign.units),
            "units_from": "campaign.toml" if campaign.units_from_config else "built-in gazetteer",
            # For `python -m analysis trends`, which reads processed runs, not campaign.toml.
            "place": campaign.place,
            "successors": {unit.name: unit.successor for unit in campaign.units
                           if unit.successor},
            "unit_phases": {unit.name: list(unit.phases) for unit in campaign.units
                            if unit.phases is not None},
            # Trends use a run only while campaign.toml is unchanged (`trends.is_up_to_date`).
            "config_sha256": sha256_file(campaign.raw_dir / CONFIG_NAME)
            if (campaign.raw_dir / CONFIG_NAME).is_file() else None,
        },
        "accounting": accounting(results),
        # What the next run compares its figures with (`cli.figure_changes`): kept here, not
        # read back from participation_by_ward_phase.csv, which an analyst may delete or
        # edit (QA round 82 #5: deleted, and the re-run said nothing of its figures).
        "figures": unit_counts(results.ward_phase),
        "inputs": results.ingest.files,
        "ignored_files": results.ingest.ignored_files,
        "outputs": output_hashes,
        "packages": {name: _version(name) for name in PACKAGES},
    }


def write_data_outputs(results: Results, out_dir: Path) -> None:
    """The data files: byte-identical for the same raw folder.

    summary.xlsx, a second of openpyxl for a city, is written by a child process meanwhile.
    """
    with running_aside(functools.partial(write_summary, results, out_dir / "summary.xlsx"),
                       "writing summary.xlsx"):
        write_parquet(results.records, out_dir / "attendance.parquet")
        write_csv(results.ward_phase, out_dir / "participation_by_ward_phase.csv")
        write_csv(results.by_phase, out_dir / "participation_by_phase.csv")
        write_csv(results.by_session, out_dir / "participation_by_session.csv")
        write_csv(results.rejects[list(REJECT_COLUMNS)], out_dir / "rejects.csv")
        write_csv(results.ingest.checks, out_dir / "reconciliation.csv")
        write_csv(results.quality.completeness, out_dir / "completeness.csv")
        write_csv(results.quality.flags, out_dir / "quality_flags.csv")
        write_csv(results.held_out, out_dir / "held_out.csv")
        write_follow_up(results.quality, results.campaign, out_dir / "follow_up.xlsx")
        # The manifest's headline figures (a quarter of a second for a city), worked out while
        # the child still writes summary.xlsx rather than after it.
        results.headline()


def write_summary(results: Results, path: Path) -> None:
    """summary.xlsx: each table for humans on its own sheet, then the notes."""
    lang = results.campaign.lang
    vi = lang == "vi"
    classes = participation.named_classes(results.by_session, lang)
    by_class = {} if classes is None else {("Theo lớp" if vi else "By class"): classes}
    sheets = {
        ("Theo giai đoạn" if vi else "By phase"): results.by_phase,
        # The rate last, after every count, as the report's table has it (QA round 81 #7).
        ("Theo đơn vị" if vi else "By unit"): with_counted_in_part(results.ward_phase[
            [name for name in results.ward_phase.columns if name != "rate"] + ["rate"]],
            results),
        **by_class,
        ("Dưới chỉ tiêu" if vi else "Below target"): with_counted_in_part(
            results.below_target, results),
        ("Báo cáo đã nhận" if vi else "Reports received"): results.quality.completeness,
        ("Cảnh báo chất lượng" if vi else "Quality flags"): results.quality.flags,
        ("Dòng bị loại" if vi else "Rejected rows"): results.rejects[list(REJECT_COLUMNS)],
        ("Đối chiếu" if vi else "Reconciliation"): results.ingest.checks,
    }
    if not results.held_out.empty:
        sheets["Chưa tính (trùng)" if vi else "Held out"] = results.held_out
    write_summary_xlsx(sheets, _notes(results), path, lang=lang, target=results.campaign.target,
                       labels=word_labels(results.campaign))


def with_counted_in_part(table: pd.DataFrame, results: Results) -> pd.DataFrame:
    """A table by unit and phase for people to read, with a `note` on each unit counted in
    part (rows rejected, a class or cell held out), as the charts mark it "†": summary.xlsx's
    and the report's tables showed such a unit as a whole one, and told it how many more it
    needed from a partial count (QA round 88 #3). Unchanged where no unit is."""
    completeness = results.quality.completeness
    partial = completeness["status"].isin(("partly_held_out", "partly_rejected")).to_numpy()
    if table.empty or not partial.any():
        return table
    words = VALUE_LABELS[results.campaign.lang]["status"]
    notes = {(str(phase), str(ward)): words[status] for phase, ward, status in zip(
        completeness["phase"][partial], completeness["ward"][partial],
        completeness["status"][partial], strict=True)}
    noted = [notes.get((str(phase), str(ward)), "") for phase, ward in zip(
        table["phase"], table["ward"], strict=True)]
    return table.assign(note=noted) if any(noted) else table


def _notes(results: Results) -> list[tuple[str, str]]:
    counts = accounting(results)
    campaign = results.campaign
    vi = campaign.lang == "vi"
    return [
        ("Đợt học tập" if vi else "Campaign", campaign.title),
        ("Chỉ tiêu" if vi else "Target", format_percent(campaign.target, campaign.lang)),
        ("Số tệp đã đọc" if vi else "Files read",
         f"{counts['files']} ({counts['files_unreadable']} không đọc được)" if vi
         else f"{counts['files']} ({counts['files_unreadable']} unreadable)"),
        ("Số dòng đọc = nhận + loại + chưa tính (trùng)" if vi
         else "Rows read = accepted + rejected + held out",
         " = ".join([format_count(counts["rows_read"], campaign.lang), " + ".join(
             format_count(counts[name], campaign.lang)
             for name in ("rows_accepted", "rows_rejected", "rows_held_out"))])),
        ("Đơn vị đã báo cáo" if vi else "Units reported",
         "; ".join(f"{campaign.phase_labels[row.phase]}: {row.units_reported}/"
                   f"{row.units_expected}"
                   for row in results.quality.by_phase.itertuples(index=False))),
        ("Đối chiếu lệch (dòng tổng cộng, cột tỷ lệ)" if vi
         else "Checks that disagree (totals rows, rate columns)",
         str(counts["reconciliation_mismatches"])),
        ("Cách tính tỷ lệ" if vi else "How rates are computed",
         "Tổng số có mặt / tổng số phải học (gộp, không lấy trung bình các tỷ lệ)" if vi
         else "Sum attended / sum expected (pooled, never a mean of rates)"),
        # The headline's figures, over the grassroots units: "Theo giai đoạn" pools every
        # unit, the district's classes too (QA round 92 #5: 95,6% there, 96,2% in the
        # headline, and nothing in the workbook said which the briefing quotes).
        *((("Tỷ lệ tham dự của đơn vị cơ sở (như dòng tóm tắt), " if vi
            else "Grassroots units' participation (as the headline), ")
           + campaign.phase_labels[phase], results.headline_text(phase))
          for phase in results.grassroots_phases),
        *([("Bảng 'Theo giai đoạn'", f"gộp mọi đơn vị, kể cả các lớp cấp "
            f"{place_units(campaign.place)[1]}; tỷ lệ của đơn vị cơ sở ở các dòng trên") if vi
           else
           ("Sheet 'By phase'", "pools every unit, the district's classes included; the "
            "grassroots units' rates are in the lines above")]
          if set(results.records["kind"].astype(str)) - set(GRASSROOTS_KINDS) else []),
    ]


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _write_charts(results: Results, directory: Path) -> None:
    """Every chart file, drawn in the process this runs in (a child of the run's).

    matplotlib is imported (half a second) and the figures built here once; with fork, a
    child of this process writes the SVGs and the PDF while this one writes the PNGs: each
    part takes seconds for some campaigns. Imported here, not at the top: the process that
    writes the tables never needs matplotlib."""
    from analysis.figures import build_figures, save_figures

    figures = build_figures(results)
    lang = results.campaign.lang
    with running_aside(functools.partial(save_figures, figures, directory, lang,
                                         ("svg", "pdf")), "drawing the charts"):
        save_figures(figures, directory, lang, ("png",))


def write_outputs(results: Results, out_dir: Path, *, notebooks: bool = True,
                  fingerprint: str | None = None, log: Callable[[str], None] = print,
                  summary: str = "") -> Path:
    """Every output of a run, swapped into `out_dir` only once all of them are written.
    `summary`: what the terminal says of the run, kept in the manifest for a re-run with
    nothing changed to say again."""
    vi = results.campaign.lang == "vi"
    waiting = ("Một lần chạy khác đang ghi vào {path}: chờ lần đó xong…" if vi
               else "Another run is writing to {path}: waiting for it to finish…")
    if not notebooks and (out_dir / "report.html").exists():
        # The last run's report no longer matches the data: removed with the run's other
        # outputs, and said so (QA round 42: gone without a word before a meeting).
        log("report.html và notebooks/ của lần chạy trước được bỏ vì không còn khớp số liệu; "
            "chạy lại không có --no-notebooks để có báo cáo mới" if vi
            else "The last run's report.html and notebooks/ are removed: they no longer match "
                 "the data; run without --no-notebooks for a new report")
    with staged_directory(out_dir, lambda: log(waiting.format(path=out_dir)),
                          keep=lambda name: name not in RUN_OUTPUTS) as staging:
        log("Đang vẽ biểu đồ…" if vi else "Drawing charts…")
        # A child process draws the charts (`_write_charts`) while this one writes the tables.
        # Without fork the charts are drawn after the tables.
        with running_aside(functools.partial(_write_charts, results, staging / "figures"),
                           "drawing the charts"):
            write_data_outputs(results, staging)
        if notebooks:
            # Imported only here: nbformat's schema validators take seconds to build.
            from analysis import report

            executed = []
            parameters = {"raw_dir": str(results.campaign.raw_dir.resolve())}
            for position, notebook in enumerate(report.notebooks(), start=1):
                log(f"{'Đang chạy notebook' if vi else 'Running notebook'} "
                    f"{position}/{len(report.notebooks())}: {notebook.name}")
                executed.append(report.execute_notebook(
                    notebook, staging / "notebooks" / notebook.name, parameters))
            report.render_report(executed, staging / "report.html", results.campaign.title,
                                 report_subtitle(results), lang=results.campaign.lang)
        hashes = {name: sha256_file(staging / name) for name in DATA_OUTPUTS}
        # The charts and the report are named too, so that a run with one of them deleted is
        # not taken for up to date (their bytes vary with the fonts, so no hashes).
        drawn = sorted(path.relative_to(staging).as_posix() for path in staging.rglob("*")
                       if path.is_file() and path.parent != staging)
        write_json({**manifest(results, hashes), "run_fingerprint": fingerprint,
                    # What the next run says changed when only these did (QA round 95 #6).
                    "options": {"notebooks": notebooks, "names": results.keep_names},
                    "other_outputs": [*(["report.html"] if notebooks else []), *drawn],
                    "headline": results.headline_text(), "summary": summary},
                   staging / "manifest.json")
    return out_dir

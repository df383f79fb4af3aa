"""The campaign's set of briefing charts: built once, shown in notebooks, written as files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from analysis import charts, participation
from analysis.formatting import place_units
from analysis.participation import GRASSROOTS_KINDS
from analysis.pipeline import Results, report_files
from analysis.quality import (
    Quality,
    names_text,
    units_counted_in_part,
    units_rejected,
    units_reported,
)
from analysis.text import clean_text, fold
from analysis.units import KINDS

# The whole set in one PDF, named in the campaign's language.
PDF_NAMES = {"vi": "bieu-do.pdf", "en": "charts.pdf"}
# Previews (the README's docs/figures/): small enough for a repository, sharp on screen.
PREVIEW_DPI = 110


def show(figure: Figure) -> None:
    """A chart in a notebook, its title its image's alternative text (`report` puts it in
    report.html, where nbconvert's English "No description has been provided for this
    image" stood in a Vietnamese briefing: QA round 42)."""
    from IPython.display import display

    display(figure, metadata={"image/png": {"alt": figure.get_label()}})


def chart_context(results: Results, phases: Sequence[str] | None = None,
                  kinds: Sequence[str] | None = None) -> charts.ChartContext:
    """Title, place, target and source line of the campaign's charts.

    The source line names the units that have not reported in `phases` only (default: every
    phase): a chart of one phase names that phase's missing units, never another phase's;
    and, given `kinds`, only units of those kinds (a chart of the grassroots units counts
    them alone: "18/19", not "19/20" with a district class).
    """
    campaign = results.campaign
    files = report_files(results.ingest.files)
    period = campaign.end.strftime("%d/%m/%Y") if campaign.end else ""
    if campaign.lang == "vi":
        note = f"Nguồn: {files} tệp báo cáo gửi về"
        note += f"; kỳ báo cáo đến {period}" if period else ""
    else:
        note = f"Source: {files} report files received"
        note += f"; reporting period to {period}" if period else ""
    # Never a rate over a partial set of units without saying so (complete phases: no words).
    quality = getattr(results, "quality", None)  # absent from hand-made stand-ins in tests
    incomplete = quality.incomplete_phases if quality is not None else []
    shown = [str(phase) for phase in phases] if phases is not None else None
    # Nor over units counted in part without naming them (QA round 42: a ward with a cell's
    # row refused, drawn as if it had reported in full).
    phases_said = campaign.phase_ids if quality is not None else []
    headline = getattr(results, "headline", None)  # absent from hand-made stand-ins
    for phase in phases_said:
        if shown is not None and str(phase) not in shown:
            continue
        in_part = units_counted_in_part(quality, phase, kinds or KINDS)
        # Nor over units counted in attendances (a roll-call of several sessions, a person
        # once per session) beside units counted in people without naming them, as the
        # headline does (QA round 81 #5: 136/146 drawn as if 146 members, 92 of them
        # attendances).
        by_session = headline(phase).get("attendance_units", []) if headline else []
        missing, uncounted = [], []
        if phase in incomplete:
            if kinds is None:
                summary = quality.phase_summary(phase)
                reported, expected = summary["units_reported"], summary["units_expected"]
                missing = summary["missing"].split("; ") if summary["missing"] else []
                # Sent, but not counted: copies that differ, or every row refused (QA round
                # 38: the line named only the units that sent nothing).
                uncounted = [name for key in ("held_out", "rejected") if summary[key]
                             for name in summary[key].split("; ")]
            else:
                reported, expected, missing, held = units_reported(quality, phase, kinds)
                uncounted = [*held, *units_rejected(quality, phase, kinds)]
        if not missing and not uncounted and not in_part and not by_session:
            continue  # every unit counted in full (of these kinds), in people
        label = campaign.phase_labels[phase]
        if campaign.lang == "vi":
            said = [f"{reported}/{expected} đơn vị đã báo cáo"] if missing or uncounted else []
            said += [f"chưa có {names_text(missing, 'vi')}"] if missing else []
            said += [f"chưa tính {names_text(uncounted, 'vi')}"] if uncounted else []
            said += [f"tính một phần {names_text(in_part, 'vi')}"] if in_part else []
            said += [f"tính theo lượt (mỗi buổi một lượt) ở {names_text(by_session, 'vi')}"
                     ] if by_session else []
        else:
            said = [f"{reported} of {expected} units reported"] if missing or uncounted else []
            said += [f"missing {names_text(missing, 'en')}"] if missing else []
            said += [f"not counted {names_text(uncounted, 'en')}"] if uncounted else []
            said += [f"counted in part {names_text(in_part, 'en')}"] if in_part else []
            said += [f"counted in attendances (one per session) at "
                     f"{names_text(by_session, 'en')}"] if by_session else []
        note += f". {label}: {', '.join(said)}"
    return charts.ChartContext(
        campaign_title=campaign.title,
        place=campaign.place,
        phase_labels=campaign.phase_labels,
        target=campaign.target,
        lang=campaign.lang,
        source_note=note,
        unit_status=unit_status(quality),
    )


def unit_status(quality: Quality | None) -> dict[tuple[str, str], str]:
    """(phase, unit) -> completeness status, the unit's name as the charts write it: the
    charts mark on the unit itself what the source line says of it (QA round 72 #1)."""
    table = getattr(quality, "completeness", None)
    if table is None:
        return {}
    return {(str(phase), clean_text(ward)): str(status) for phase, ward, status in
            zip(table["phase"], table["ward"], table["status"], strict=True)}


def headline_phases(results: Results) -> tuple[pd.DataFrame, charts.ChartContext]:
    """Each phase's rate over the headline's units, wards and grassroots committees, and the
    context saying so when district classes are left out: pooled with them, the chart said
    "đạt chỉ tiêu" of a phase the headline said fell short. Its source line counts the
    units reported among those alone."""
    units = results.ward_phase
    grassroots = units["kind"].isin(GRASSROOTS_KINDS)
    if grassroots.all():
        return results.by_phase, chart_context(results)
    context = chart_context(results, kinds=GRASSROOTS_KINDS)
    units = units[grassroots]
    # Sums of the units' sums: the same pooled rate as the records', a row per unit.
    table = participation.by_phase(units, results.campaign.phase_ids)
    counted = units.groupby(units["phase"].astype("str"))["ward"].nunique()
    table["units_reported"] = [int(counted.get(str(phase), 0)) for phase in table["phase"]]
    units, district = place_units(results.campaign.place)
    note = (f"Chỉ gồm các đơn vị cơ sở ({units}, đảng bộ cơ sở); lớp cấp {district} tính riêng"
            if results.campaign.lang == "vi"
            else "Grassroots units only (wards, committees); district classes counted apart")
    return table, replace(context, source_note=f"{context.source_note}. {note}")


def phase_units(results: Results, phase: str) -> tuple[pd.DataFrame, charts.ChartContext]:
    """The units a phase's charts by unit draw, and their context: the headline's, wards and
    grassroots committees, where the district's classes reported beside them, which the
    source line names as counted apart (QA round 92 #6: "18/26 đơn vị đạt chỉ tiêu", the
    district's classes ranked among the wards, where the headline counts 19 units). The
    classes are drawn by the heatmap and the chart of classes."""
    units = results.ward_phase
    in_phase = units[units["phase"].astype(str) == str(phase)]
    grassroots = in_phase["kind"].isin(GRASSROOTS_KINDS)
    if grassroots.all() or not grassroots.any():
        return units, chart_context(results, [phase])
    context = chart_context(results, [phase], kinds=GRASSROOTS_KINDS)
    apart = sorted(set(in_phase.loc[~grassroots, "ward"].astype(str)), key=fold)
    names = ", ".join(apart)
    # The units' classes, not the units counted (QA round 100 #2: "1 lớp cấp thị xã" of a
    # district unit that held two).
    district = place_units(results.campaign.place)[1]
    note = (f"Chỉ gồm các đơn vị cơ sở; các lớp cấp {district} tính riêng ({names}): xem "
            "biểu đồ theo lớp và bản đồ nhiệt" if results.campaign.lang == "vi" else
            f"Grassroots units only; the district's classes counted apart ({names}): see the "
            "charts of classes and the heatmap")
    return units[units["kind"].isin(GRASSROOTS_KINDS)], replace(
        context, source_note=f"{context.source_note}. {note}")


def same_units_rates(results: Results, phases_table: pd.DataFrame
                     ) -> tuple[int, float, float] | None:
    """(units, first rate, last rate) over the units counted in full (`reported`) in both the
    first and the last phase `phases_table` has a rate for, of the kinds it covers: the
    like-for-like change beside rates over different units. None without such a unit."""
    phases = phases_table.loc[phases_table["rate"].notna(), "phase"].astype(str).tolist()
    completeness = getattr(getattr(results, "quality", None), "completeness", None)
    if len(phases) < 2 or completeness is None or completeness.empty:
        return None
    units = results.ward_phase
    if not units["kind"].isin(GRASSROOTS_KINDS).all():
        units = units[units["kind"].isin(GRASSROOTS_KINDS)]
    first, last = phases[0], phases[-1]
    full = completeness[completeness["status"] == "reported"]
    both = set(full.loc[full["phase"].astype(str) == first, "ward"]) \
        & set(full.loc[full["phase"].astype(str) == last, "ward"])
    rates = []
    for phase in (first, last):
        rows = units[(units["phase"].astype(str) == phase) & units["ward"].isin(both)]
        expected = int(rows["expected"].sum())
        if expected <= 0:
            return None
        rates.append(int(rows["attended"].sum()) / expected)
    count = units.loc[units["ward"].isin(both), "ward"].nunique()
    return (count, rates[0], rates[1]) if count else None


# Above this many units (or classes in a phase) the per-unit charts are left out.
MAX_CHARTED_UNITS = 60


def build_figures(results: Results, trends: pd.DataFrame | None = None) -> dict[str, Figure]:
    """Stem -> figure, in briefing order. Figures are detached from pyplot (shown once).

    The campaign's phases, then each phase by unit (rate, then absence by reason), units
    across phases, the classes of the last phase that names its classes, and, given a
    `trends` table (`charts.campaign_trend`) of more than one campaign, the comparison with
    earlier campaigns. A chart of one phase names only that phase's missing units under it.

    A phase whose reports name no class (each unit one row) gets no class chart: its bars
    would be the units of `rate_by_ward` again, counted as "lớp" (classes) they are not.
    """
    context = chart_context(results)
    # A run with no row accepted still writes its rejects and tables: no chart to draw.
    phases_table, phases_context = headline_phases(results)
    figures: dict[str, Figure] = {
        "phase_comparison": charts.phase_comparison(phases_table, phases_context,
                                                    same_units_rates(results, phases_table)),
    } if len(phases_table) else {}
    phases = [phase for phase in results.campaign.phase_ids
              if (results.ward_phase["phase"] == phase).any()]
    if results.ward_phase["ward"].nunique() > MAX_CHARTED_UNITS:
        # A bar per unit stops being readable (and takes minutes to draw) for a city's
        # hundreds of wards: the tables in summary.xlsx and the report carry them instead.
        phases = []
    by_unit = {phase: phase_units(results, phase) for phase in phases}
    for phase, (units, context_of_phase) in by_unit.items():
        figures[f"rate_by_ward_phase_{phase}"] = charts.rate_by_ward(units, phase,
                                                                     context_of_phase)
    headline = getattr(results, "headline", None)  # absent from hand-made stand-ins in tests
    for phase, (units, context_of_phase) in by_unit.items():
        # Counts of a roll-call per session are attendances: "3 lượt vắng", not "3 người".
        attendances = bool(headline(phase)["attendances"]) if headline else False
        figures[f"absence_breakdown_phase_{phase}"] = charts.absence_breakdown(
            units, phase, replace(context_of_phase, attendances=attendances))
    if phases:
        quality = getattr(results, "quality", None)  # absent from hand-made stand-ins
        figures["ward_phase_heatmap"] = charts.ward_phase_heatmap(
            results.ward_phase, context,
            not_counted=quality.completeness if quality is not None else None)
    class_rows = participation.classes(results.by_session)
    class_phases = [phase for phase in results.campaign.phase_ids
                    if (class_rows["phase"] == phase).sum() <= MAX_CHARTED_UNITS
                    and participation.has_classes(class_rows, phase)]
    if class_phases:
        last = class_phases[-1]
        figures[f"class_view_phase_{last}"] = charts.class_view(
            results.by_session, last, chart_context(results, [last]))
    if trends is not None and trends["campaign"].nunique() > 1:
        figures["campaign_trend"] = charts.campaign_trend(trends, context)
    for figure in figures.values():
        plt.close(figure)
    return figures


def write_figures(results: Results, directory: Path, trends: pd.DataFrame | None = None,
                  formats: Sequence[str] = ("png", "svg", "pdf")) -> list[Path]:
    """Each chart as PNG (300 dpi) and SVG, and all of them in one PDF, one chart a page.

    The PDF is `bieu-do.pdf` for a Vietnamese campaign, `charts.pdf` for an English one.
    Every file is byte-identical from run to run on the same data, whichever `formats` a
    call writes: a run draws the PNGs and the rest in two processes at once.
    """
    return save_figures(build_figures(results, trends), directory, results.campaign.lang,
                        formats)


def save_figures(figures: dict[str, Figure], directory: Path, lang: str,
                 formats: Sequence[str] = ("png", "svg", "pdf")) -> list[Path]:
    """`write_figures` for figures already built (`build_figures`): the files of `formats`."""
    directory = Path(directory)
    paths: list[Path] = []
    per_chart = [fmt for fmt in formats if fmt != "pdf"]
    for stem, figure in figures.items():
        paths.extend(charts.save_figure(figure, directory, stem, formats=per_chart))
    if "pdf" in formats:
        paths.append(charts.save_pdf(list(figures.values()),
                                     directory / PDF_NAMES[lang]))
    return paths


def write_previews(results: Results, directory: Path, stems: list[str] | None = None,
                   dpi: int = PREVIEW_DPI) -> list[Path]:
    """Small PNGs of some charts (all by default), e.g. for the README's docs/figures/."""
    figures = build_figures(results)
    paths: list[Path] = []
    for stem in stems or list(figures):
        if stem not in figures:
            raise ValueError(f"No chart {stem!r}; the charts are: {', '.join(figures)}.")
        paths.extend(charts.save_figure(figures[stem], directory, stem, dpi=dpi,
                                        formats=("png",)))
    return paths

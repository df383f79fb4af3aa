"""The campaign's set of briefing charts: built once, shown in notebooks, written as files."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from analysis import charts
from analysis.pipeline import Results


def chart_context(results: Results) -> charts.ChartContext:
    campaign = results.campaign
    files = len(results.ingest.files)
    period = campaign.end.strftime("%d/%m/%Y") if campaign.end else ""
    if campaign.lang == "vi":
        note = f"Nguồn: {files} tệp báo cáo điểm danh gửi về"
        note += f"; số liệu đến {period}" if period else ""
    else:
        note = f"Source: {files} attendance files received"
        note += f"; data up to {period}" if period else ""
    return charts.ChartContext(
        campaign_title=campaign.title,
        place=campaign.place,
        phase_labels=campaign.phase_labels,
        target=campaign.target,
        lang=campaign.lang,
        source_note=note,
    )


def build_figures(results: Results) -> dict[str, Figure]:
    """Stem -> figure, in briefing order. Figures are detached from pyplot (shown once)."""
    context = chart_context(results)
    figures: dict[str, Figure] = {
        "phase_comparison": charts.phase_comparison(results.by_phase, context),
    }
    for phase in results.campaign.phase_ids:
        if (results.ward_phase["phase"] == phase).any():
            figures[f"rate_by_ward_phase_{phase}"] = charts.rate_by_ward(
                results.ward_phase, phase, context)
    if not results.ward_phase.empty:
        figures["ward_phase_heatmap"] = charts.ward_phase_heatmap(results.ward_phase, context)
    for figure in figures.values():
        plt.close(figure)
    return figures


def write_figures(results: Results, directory: Path) -> list[Path]:
    paths: list[Path] = []
    for stem, figure in build_figures(results).items():
        paths.extend(charts.save_figure(figure, directory, stem))
    return paths

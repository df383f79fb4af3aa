"""Briefing charts: participation by unit and phase, measured against the campaign's target.

Every chart follows one house style (`HOUSE_STYLE`, applied with `matplotlib.rc_context`
inside each function, so importing this module changes nothing globally):

* an active title that states the message, a subtitle with the measure, place and campaign,
  and the source note bottom-left;
* bars start at zero, are horizontal (unit names are long) and are labelled at their end
  with the rate and the counts behind it, so no legend is needed;
* what is below the target is marked three ways - a dark highlight colour, a hatch and a
  "▼" in its label - so it survives greyscale printing and colour-blind readers;
* DejaVu Sans (bundled with matplotlib) for every text, because it has every Vietnamese
  letter: no missing-glyph warnings and no dependence on the fonts of the office PC.

Figures are plain `matplotlib.figure.Figure` objects, not pyplot figures, so a notebook shows
each chart once (as the cell's value) and nothing leaks between charts. The layout is
computed in inches from measured text: the figure is 6.3 in (16 cm, A4 text width) wide and
grows in height with the number of bars, so long unit names and labels are never cut off.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from analysis.formatting import LANGS, format_count, format_percent
from analysis.text import clean_text, fold
from analysis.units import KINDS

# --- house style ---------------------------------------------------------------------------

FONT_FAMILY = "DejaVu Sans"
# Analysis Function "focus" pair: a dark blue for what needs attention, grey for the rest.
# Contrast 5.5:1 between them, and they stay far apart in greyscale.
HIGHLIGHT = "#12436D"
NEUTRAL = "#BFBFBF"
TEXT_COLOUR = "#1A1A1A"
MUTED_COLOUR = "#4D4D4D"  # subtitle and source: 8.5:1 on white, still readable when printed
TARGET_COLOUR = "#1A1A1A"
GRID_COLOUR = "#DDDDDD"
MISSING_COLOUR = "#F2F2F2"
HATCH = "///"
BELOW_MARK = "▼"
NO_DATA = "–"
HEATMAP_CMAP = "cividis"  # designed for colour-vision deficiency; lightness rises monotonically
PNG_DPI = 300
SVG_HASHSALT = "participation-analytics"

FIGURE_WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page; scales up cleanly to a slide
TITLE_SIZE = 12.5
SUBTITLE_SIZE = 9.5
BODY_SIZE = 9.0
CELL_SIZE = 8.5
NOTE_SIZE = 8.0

HOUSE_STYLE: dict[str, object] = {
    "font.family": [FONT_FAMILY],
    "font.size": BODY_SIZE,
    "text.color": TEXT_COLOUR,
    # Unit names and notes are data, never TeX: a "$" in a name must print as a dollar.
    "text.parse_math": False,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.labelsize": BODY_SIZE,
    "axes.edgecolor": MUTED_COLOUR,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "axes.facecolor": "white",
    "grid.color": GRID_COLOUR,
    "grid.linewidth": 0.6,
    "xtick.labelsize": BODY_SIZE,
    "ytick.labelsize": BODY_SIZE,
    "xtick.color": MUTED_COLOUR,
    "ytick.color": MUTED_COLOUR,
    "xtick.labelcolor": TEXT_COLOUR,
    "ytick.labelcolor": TEXT_COLOUR,
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    "xtick.major.pad": 4,
    "ytick.major.pad": 5,
    "hatch.linewidth": 0.9,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "legend.frameon": False,
    # Glyphs as paths: the SVG looks the same on a PC without DejaVu Sans.
    "svg.fonttype": "path",
    "svg.hashsalt": SVG_HASHSALT,
}

# Layout, in inches.
_PAD = 0.12
_TITLE_GAP = 0.07
_HEADER_GAP = 0.14
_FOOT_GAP = 0.12
_ROW_PITCH = 0.32  # room for a unit name wrapped on two lines
_BAR_HEIGHT = 0.66  # of the row pitch
_MAX_NAME_IN = 2.2
_LABEL_PAD_PT = 3.0
_MIN_AXIS_IN = 2.0
_LINE_SPACING = 1.2

# --- the words, in both languages ----------------------------------------------------------

_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "phase": "Giai đoạn {phase}",
        "target": "Chỉ tiêu {target}",
        "ward_title": "{phase}: {met}/{total} đơn vị đạt chỉ tiêu {target}",
        "ward_subtitle": "Tỷ lệ tham gia theo đơn vị (có mặt/phải tham gia), {place}",
        "heatmap_title": "Đơn vị đạt chỉ tiêu {target}: {first_met}/{first_total} ở {first},"
        " {last_met}/{last_total} ở {last}",
        "heatmap_subtitle": "Tỷ lệ tham gia theo đơn vị và giai đoạn, {place}",
        "heatmap_scale": "Màu: tỷ lệ tham gia; vạch đen: chỉ tiêu {target}",
        "phase_up": "Tỷ lệ tham gia tăng từ {first} lên {last}",
        "phase_down": "Tỷ lệ tham gia giảm từ {first} xuống {last}",
        "phase_flat": "Tỷ lệ tham gia giữ ở mức {last}",
        "phase_one": "Tỷ lệ tham gia chung {last}",
        "phase_met": ", đạt chỉ tiêu {target}",
        "phase_missed": ", chưa đạt chỉ tiêu {target}",
        "phase_subtitle": "Tỷ lệ tham gia chung theo giai đoạn (có mặt/phải tham gia), {place}",
        "below_key": "{mark} và gạch chéo: dưới chỉ tiêu {target}.",
        "cell_key": "{mark}: dưới chỉ tiêu {target}; {none}: không có số liệu.",
    },
    "en": {
        "phase": "Phase {phase}",
        "target": "Target {target}",
        "ward_title": "{phase}: {met} of {total} units met the {target} target",
        "ward_subtitle": "Participation rate by unit (attended/expected), {place}",
        "heatmap_title": "Units meeting the {target} target: {first_met} of {first_total}"
        " in {first}, {last_met} of {last_total} in {last}",
        "heatmap_subtitle": "Participation rate by unit and phase, {place}",
        "heatmap_scale": "Colour: participation rate; black line: {target} target",
        "phase_up": "Participation rose from {first} to {last}",
        "phase_down": "Participation fell from {first} to {last}",
        "phase_flat": "Participation held at {last}",
        "phase_one": "Overall participation {last}",
        "phase_met": ", meeting the {target} target",
        "phase_missed": ", below the {target} target",
        "phase_subtitle": "Overall participation rate by phase (attended/expected), {place}",
        "below_key": "{mark} and hatching: below the {target} target.",
        "cell_key": "{mark}: below the {target} target; {none}: no data.",
    },
}

_WARD_PHASE_COLUMNS = ("phase", "ward", "kind", "expected", "attended", "rate")
_BY_PHASE_COLUMNS = ("phase", "expected", "attended", "rate")


@dataclass(frozen=True)
class ChartContext:
    """What every chart states besides the data: whose campaign, where, against which target."""

    campaign_title: str
    place: str
    phase_labels: dict[str, str] = field(default_factory=dict)
    target: float = 0.95
    lang: str = "vi"
    source_note: str = ""

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"ChartContext.lang is {self.lang!r}; use one of {', '.join(LANGS)}.")
        if not 0 < self.target <= 1:
            raise ValueError(
                f"ChartContext.target is {self.target!r}; give a fraction in (0, 1], e.g. 0.95."
            )


# --- public charts -------------------------------------------------------------------------


def rate_by_ward(ward_phase: pd.DataFrame, phase: str, context: ChartContext) -> Figure:
    """One phase's units as horizontal bars, highest rate at the top, against the target.

    Answers "which units fell below target in this phase": those bars are dark, hatched and
    marked ▼; each bar reads "96,2% (481/500)" (rate, attended/expected). Ties are ordered by
    name; a unit nobody was expected at (no rate) comes last, labelled "–".
    """
    _require_columns(ward_phase, _WARD_PHASE_COLUMNS, "ward_phase")
    rows = ward_phase[ward_phase["phase"].astype(str) == str(phase)]
    if rows.empty:
        present = ", ".join(dict.fromkeys(ward_phase["phase"].astype(str)))
        raise ValueError(
            f"ward_phase has no rows for phase {phase!r} (phases present: {present or 'none'}); "
            "pass one of those phase ids."
        )
    records = sorted(
        rows.to_dict("records"),
        key=lambda row: (_is_missing(row["rate"]), -_rate_or_zero(row["rate"]), _name_key(row)),
    )
    words = _TEXT[context.lang]
    target = _target_text(context)
    met = sum(_meets(row["rate"], context.target) for row in records)
    title = words["ward_title"].format(
        phase=_phase_label(context, phase), met=met, total=len(records), target=target
    )
    subtitle = words["ward_subtitle"].format(place=context.place)
    with matplotlib.rc_context(HOUSE_STYLE):
        return _rate_bars(records, [clean_text(row["ward"]) for row in records], title=title,
                          subtitle=_join_lines(subtitle, context.campaign_title), context=context)


def phase_comparison(by_phase: pd.DataFrame, context: ChartContext) -> Figure:
    """Pooled rate of each phase against the target, phases in the order given (time order).

    Horizontal bars like `rate_by_ward` so the two charts read the same way in a briefing
    (and phase labels of any length fit); the title states the change from the first to the
    last phase and whether the last one met the target.
    """
    _require_columns(by_phase, _BY_PHASE_COLUMNS, "by_phase")
    if by_phase.empty:
        raise ValueError("by_phase has no rows; there is nothing to compare.")
    records = by_phase.to_dict("records")
    words = _TEXT[context.lang]
    target = _target_text(context)
    rates = [row["rate"] for row in records if not _is_missing(row["rate"])]
    if not rates:
        title = words["phase_one"].format(last=NO_DATA)
    else:
        first = format_percent(rates[0], context.lang)
        last = format_percent(rates[-1], context.lang)
        if len(rates) == 1:
            key = "phase_one"
        elif first == last:  # equal as printed: "rose from 95,0% to 95,0%" would read oddly
            key = "phase_flat"
        else:
            key = "phase_up" if rates[-1] > rates[0] else "phase_down"
        met_key = "phase_met" if _meets(rates[-1], context.target) else "phase_missed"
        title = words[key].format(first=first, last=last) + words[met_key].format(target=target)
    subtitle = words["phase_subtitle"].format(place=context.place)
    labels = [_phase_label(context, row["phase"]) for row in records]
    with matplotlib.rc_context(HOUSE_STYLE):
        return _rate_bars(records, labels, title=title,
                          subtitle=_join_lines(subtitle, context.campaign_title), context=context)


def ward_phase_heatmap(
    ward_phase: pd.DataFrame,
    context: ChartContext,
    order: Literal["kind", "latest_rate"] = "kind",
) -> Figure:
    """Units (rows) by phases (columns), each cell's rate written in it, to follow units over time.

    Rows are ordered by kind (wards, then other party committees, then district classes),
    then by name as in the tables, so a unit is easy to find; `order="latest_rate"` orders
    them by the last phase's rate instead, highest first. Columns follow
    `context.phase_labels` (the campaign's order), then any other phase in order of
    appearance. Colours run on cividis from the lower of (lowest rate, target - 10 points)
    rounded down to 5 points, up to 100%; cells under the target are bold and marked ▼,
    a unit with no data in a phase shows "–".
    """
    _require_columns(ward_phase, _WARD_PHASE_COLUMNS, "ward_phase")
    if ward_phase.empty:
        raise ValueError("ward_phase has no rows; there is nothing to draw.")
    if order not in ("kind", "latest_rate"):
        raise ValueError(f"order is {order!r}; use 'kind' or 'latest_rate'.")
    table = ward_phase.assign(phase=ward_phase["phase"].astype(str),
                              ward=ward_phase["ward"].map(clean_text))
    duplicated = table[table.duplicated(["phase", "ward"], keep=False)]
    if not duplicated.empty:
        pairs = ", ".join(sorted({f"{p}/{w}" for p, w in zip(duplicated["phase"],
                                                              duplicated["ward"], strict=True)}))
        raise ValueError(
            f"ward_phase has more than one row for (phase, ward): {pairs}; "
            "aggregate with analysis.participation.by_ward_phase first."
        )
    phases = _phase_order(table["phase"], context)
    rates = table.pivot(index="ward", columns="phase", values="rate").reindex(columns=phases)
    kinds = table.drop_duplicates("ward").set_index("ward")["kind"]
    units = _order_units(rates, kinds, phases, order)
    rates = rates.reindex(units)
    words = _TEXT[context.lang]
    target = _target_text(context)

    def met_in(phase: str) -> tuple[int, int]:
        column = table[table["phase"] == phase]["rate"]
        return sum(_meets(value, context.target) for value in column), len(column)

    if len(phases) == 1:
        met, total = met_in(phases[0])
        title = words["ward_title"].format(phase=_phase_label(context, phases[0]), met=met,
                                           total=total, target=target)
    else:
        (first_met, first_total), (last_met, last_total) = met_in(phases[0]), met_in(phases[-1])
        title = words["heatmap_title"].format(
            target=target, first=_phase_label(context, phases[0]),
            last=_phase_label(context, phases[-1]), first_met=first_met,
            first_total=first_total, last_met=last_met, last_total=last_total,
        )
    subtitle = _join_lines(words["heatmap_subtitle"].format(place=context.place),
                           context.campaign_title)
    footnote = _join_lines(
        words["cell_key"].format(mark=BELOW_MARK, target=target, none=NO_DATA),
        context.source_note,
    )
    group_breaks = []
    if order == "kind":
        ordered_kinds = list(kinds.reindex(units))
        group_breaks = [i for i in range(1, len(units)) if ordered_kinds[i] != ordered_kinds[i - 1]]
    with matplotlib.rc_context(HOUSE_STYLE):
        return _heatmap(rates, title=title, subtitle=subtitle, footnote=footnote,
                        group_breaks=group_breaks, context=context)


def save_figure(fig: Figure, directory: Path, stem: str) -> list[Path]:
    """Write `<stem>.png` (300 dpi) and `<stem>.svg`, byte-identical from run to run; close fig.

    Dates, software versions and random SVG ids are left out so that re-running a campaign
    changes a file only when its chart changes; each file is written to a temporary name in
    the same directory and renamed, so a reader never sees half a chart.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    try:
        with matplotlib.rc_context(HOUSE_STYLE):
            for fmt, metadata in (("png", {"Software": None}), ("svg", {"Date": None})):
                path = directory / f"{stem}.{fmt}"

                def write(handle: IO[bytes], fmt: str = fmt, metadata: dict = metadata) -> None:
                    fig.savefig(handle, format=fmt, dpi=PNG_DPI, metadata=metadata,
                                bbox_inches="tight", pad_inches=0.08)

                _write_atomically(path, write)
                paths.append(path)
    finally:
        plt.close(fig)
    return paths


# --- drawing -------------------------------------------------------------------------------


def _rate_bars(records: list[dict], names: list[str], *, title: str, subtitle: str,
               context: ChartContext) -> Figure:
    """Horizontal bars, first record at the top, labelled at their ends; the target as a line."""
    lang = context.lang
    words = _TEXT[lang]
    target = _target_text(context)
    rates = [float("nan") if _is_missing(row["rate"]) else float(row["rate"]) for row in records]
    below = [not _is_missing(rate) and not _meets(rate, context.target) for rate in rates]
    labels = [
        (f"{BELOW_MARK} " if is_below else "")
        + f"{format_percent(rate, lang)} "
        + f"({format_count(row['attended'], lang)}/{format_count(row['expected'], lang)})"
        for row, rate, is_below in zip(records, rates, below, strict=True)
    ]
    names = [_wrap(name, BODY_SIZE, _MAX_NAME_IN) for name in names]

    left_in = _PAD + max(_text_width(name, BODY_SIZE) for name in names) + 0.1
    # The axis as wide as the longest bar-plus-label allows: each label must end inside the
    # figure, and so must half of the "100%" tick label.
    room = FIGURE_WIDTH_IN - _PAD - left_in
    label_pad_in = (_LABEL_PAD_PT + 2) / 72
    widths = [room - _text_width("100%", BODY_SIZE) / 2]
    for rate, label in zip(rates, labels, strict=True):
        end = 0.0 if math.isnan(rate) else max(rate, 0.0)
        spare = room - label_pad_in - _text_width(label, BODY_SIZE)
        widths.append(spare / end if end > 0 else spare + 1)
    axis_in = max(min(widths), _MIN_AXIS_IN)

    footnote = _join_lines(
        words["below_key"].format(mark=BELOW_MARK, target=target) if any(below) else "",
        context.source_note,
    )
    fig, ax = _frame(
        title=title, subtitle=subtitle, footnote=footnote,
        body_in=len(records) * _ROW_PITCH, left_in=left_in, axis_in=axis_in,
        above_in=BODY_SIZE * 1.6 / 72, below_in=BODY_SIZE * 2.2 / 72,
    )
    positions = np.arange(len(records))
    bars = ax.barh(
        positions, [0.0 if math.isnan(rate) else rate for rate in rates], height=_BAR_HEIGHT,
        color=[HIGHLIGHT if is_below else NEUTRAL for is_below in below], linewidth=0, zorder=2,
    )
    for bar, is_below in zip(bars, below, strict=True):
        if is_below:
            bar.set_hatch(HATCH)
            bar.set_hatchcolor("white")
    annotations = ax.bar_label(
        bars, labels=labels, padding=_LABEL_PAD_PT, fontsize=BODY_SIZE, clip_on=False, zorder=4,
        # A white box knocks the target line out behind a label that crosses it.
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
    )
    for annotation, is_below in zip(annotations, below, strict=True):
        if is_below:
            annotation.set_color(HIGHLIGHT)
    ax.set_yticks(positions, names)
    ax.set_ylim(len(records) - 0.5, -0.5)  # first record at the top
    _percent_axis(ax, lang)
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_color(TEXT_COLOUR)  # the zero line all bars start from
    _target_line(ax, context)
    return _realised(fig)


def _heatmap(rates: pd.DataFrame, *, title: str, subtitle: str, footnote: str,
             group_breaks: list[int], context: ChartContext) -> Figure:
    lang = context.lang
    n_rows, n_cols = rates.shape
    values = np.ma.masked_invalid(rates.to_numpy(dtype="float64"))
    low = float(values.min()) if values.count() else context.target
    vmin = max(0.0, min(_floor_to(low, 0.05), _floor_to(context.target - 0.10, 0.05)))
    norm = Normalize(vmin=vmin, vmax=1.0)
    cmap = matplotlib.colormaps[HEATMAP_CMAP].with_extremes(bad=MISSING_COLOUR)

    names = [_wrap(name, BODY_SIZE, _MAX_NAME_IN) for name in rates.index]
    left_in = _PAD + max(_text_width(name, BODY_SIZE) for name in names) + 0.1
    # Cells can be shorter than bar rows, unless a name needs two lines.
    row_pitch = _ROW_PITCH if any("\n" in name for name in names) else 0.27
    column_in = min(1.1, (FIGURE_WIDTH_IN - _PAD - left_in) / n_cols)
    column_labels = [_wrap(_phase_label(context, phase), BODY_SIZE, column_in - 0.08)
                     for phase in rates.columns]
    header_lines = max(label.count("\n") + 1 for label in column_labels)
    scale_in = 0.12  # the colour bar's height
    below_in = 0.22 + scale_in + (BODY_SIZE * 1.3 + NOTE_SIZE * 1.6) / 72
    fig, ax = _frame(
        title=title, subtitle=subtitle, footnote=footnote, body_in=n_rows * row_pitch,
        left_in=left_in, axis_in=column_in * n_cols,
        above_in=header_lines * BODY_SIZE * _LINE_SPACING / 72 + 0.06, below_in=below_in,
    )
    mesh = ax.pcolormesh(values, cmap=cmap, norm=norm, edgecolors="white", linewidth=1.5)
    for row in range(n_rows):
        for col in range(n_cols):
            value = values[row, col]
            if value is np.ma.masked:
                ax.text(col + 0.5, row + 0.5, NO_DATA, ha="center", va="center",
                        fontsize=CELL_SIZE, color=MUTED_COLOUR)
                continue
            is_below = not _meets(float(value), context.target)
            text = format_percent(float(value), lang)
            ax.text(col + 0.5, row + 0.5, f"{BELOW_MARK} {text}" if is_below else text,
                    ha="center", va="center", fontsize=CELL_SIZE,
                    fontweight="bold" if is_below else "normal",
                    color=_text_colour_on(cmap(norm(float(value)))))
    for row in group_breaks:  # a wider gap between wards, committees and district classes
        ax.axhline(row, color="white", linewidth=5)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_xticks(np.arange(n_cols) + 0.5, column_labels)
    ax.set_yticks(np.arange(n_rows) + 0.5, names)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", pad=3)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)

    # The colour scale, under the grid, with the target marked on it.
    box = ax.get_position()
    height = fig.get_figheight()
    cax = fig.add_axes((box.x0, box.y0 - (0.22 + scale_in) / height,
                        min(box.width, 3.2 / FIGURE_WIDTH_IN), scale_in / height))
    bar = fig.colorbar(mesh, cax=cax, orientation="horizontal")
    step = 0.05 if 1 - vmin <= 0.3 else 0.1
    ticks = [t for t in np.arange(1.0, vmin - 1e-9, -step)][::-1]
    bar.set_ticks(ticks, labels=[format_percent(t, lang, decimals=0) for t in ticks])
    bar.outline.set_visible(False)
    cax.tick_params(length=0, labelsize=NOTE_SIZE)
    cax.axvline(context.target, color=TARGET_COLOUR, linewidth=2)
    cax.set_xlabel(_TEXT[lang]["heatmap_scale"].format(target=_target_text(context)),
                   fontsize=NOTE_SIZE, color=MUTED_COLOUR, loc="left")
    cax.grid(False)
    return _realised(fig)


def _frame(*, title: str, subtitle: str, footnote: str, body_in: float, left_in: float,
           axis_in: float, above_in: float, below_in: float) -> tuple[Figure, Axes]:
    """A figure sized to its content: title, subtitle, the axes, then the footnote.

    `above_in`/`below_in` are the room the axes need for what they draw outside themselves
    (the target label, tick labels); all texts start at the same left edge.
    """
    text_in = FIGURE_WIDTH_IN - 2 * _PAD
    title = _wrap(title, TITLE_SIZE, text_in, weight="bold")
    subtitle = _wrap(subtitle, SUBTITLE_SIZE, text_in)
    footnote = _wrap(footnote, NOTE_SIZE, text_in)
    title_in = _text_height(title, TITLE_SIZE)
    subtitle_in = _text_height(subtitle, SUBTITLE_SIZE)
    footnote_in = _text_height(footnote, NOTE_SIZE)
    header_in = _PAD + title_in + _TITLE_GAP + subtitle_in + _HEADER_GAP + above_in
    footer_in = below_in + (_FOOT_GAP + footnote_in if footnote else 0) + _PAD
    height = header_in + body_in + footer_in

    fig = Figure(figsize=(FIGURE_WIDTH_IN, height))
    FigureCanvasAgg(fig)  # a canvas of its own: no pyplot state, usable without a GUI
    x = _PAD / FIGURE_WIDTH_IN
    fig.text(x, 1 - _PAD / height, title, ha="left", va="top", fontsize=TITLE_SIZE,
             fontweight="bold", color=TEXT_COLOUR)
    fig.text(x, 1 - (_PAD + title_in + _TITLE_GAP) / height, subtitle, ha="left", va="top",
             fontsize=SUBTITLE_SIZE, color=MUTED_COLOUR)
    if footnote:
        fig.text(x, _PAD / height, footnote, ha="left", va="bottom", fontsize=NOTE_SIZE,
                 color=MUTED_COLOUR)
    ax = fig.add_axes((left_in / FIGURE_WIDTH_IN, footer_in / height,
                       axis_in / FIGURE_WIDTH_IN, body_in / height))
    return fig, ax


def _percent_axis(ax: Axes, lang: str) -> None:
    ticks = np.linspace(0, 1, 6)
    ax.set_xlim(0, 1)
    ax.set_xticks(ticks, [format_percent(t, lang, decimals=0) for t in ticks])


def _target_line(ax: Axes, context: ChartContext) -> None:
    ax.axvline(context.target, color=TARGET_COLOUR, linewidth=1.3, linestyle=(0, (4, 2)),
               zorder=3)
    ax.annotate(
        _TEXT[context.lang]["target"].format(target=_target_text(context)),
        xy=(context.target, 1), xycoords=ax.get_xaxis_transform(), xytext=(0, 3),
        textcoords="offset points", ha="center", va="bottom", fontsize=BODY_SIZE,
        fontweight="bold", color=TARGET_COLOUR, annotation_clip=False,
    )


def _realised(fig: Figure) -> Figure:
    """Lay out every text now, under the house style: a missing glyph warns here, not later."""
    fig.draw_without_rendering()
    return fig


def _write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            write(handle)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# --- helpers -------------------------------------------------------------------------------


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        present = ", ".join(map(str, frame.columns))
        raise ValueError(
            f"{name} lacks column(s) {', '.join(missing)}; it has {present}."
            " Build it with analysis.participation."
        )


def _is_missing(value: object) -> bool:
    return value is None or pd.isna(value)


def _rate_or_zero(value: object) -> float:
    return 0.0 if _is_missing(value) else float(value)


def _meets(rate: object, target: float) -> bool:
    """A rate equal to the target meets it (the tolerance absorbs float division, e.g. 19/20)."""
    return not _is_missing(rate) and float(rate) >= target - 1e-9


def _name_key(row: dict) -> tuple[str, str]:
    name = clean_text(row["ward"])
    return fold(name), name


def _order_units(rates: pd.DataFrame, kinds: pd.Series, phases: list[str],
                 order: str) -> list[str]:
    def by_kind(unit: str) -> tuple:
        kind = kinds.get(unit)
        rank = KINDS.index(kind) if kind in KINDS else len(KINDS)
        return rank, fold(unit), unit

    units = sorted(rates.index, key=by_kind)
    if order == "latest_rate":
        latest = rates[phases[-1]]
        units.sort(key=lambda unit: (_is_missing(latest[unit]), -_rate_or_zero(latest[unit])))
    return units


def _phase_order(phases: pd.Series, context: ChartContext) -> list[str]:
    present = list(dict.fromkeys(phases))
    known = [str(phase) for phase in context.phase_labels if str(phase) in present]
    return known + [phase for phase in present if phase not in known]


def _phase_label(context: ChartContext, phase: object) -> str:
    label = context.phase_labels.get(str(phase))
    return clean_text(label) if label else _TEXT[context.lang]["phase"].format(phase=phase)


def _target_text(context: ChartContext) -> str:
    """95% rather than 95,0%: targets are round numbers, unless they are not."""
    whole = abs(context.target * 100 - round(context.target * 100)) < 1e-9
    return format_percent(context.target, context.lang, decimals=0 if whole else 1)


def _join_lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _floor_to(value: float, step: float) -> float:
    return math.floor(value / step + 1e-9) * step


def _relative_luminance(colour: object) -> float:
    """WCAG 2 relative luminance of a colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(first: object, second: object) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21); the house style wants >= 3."""
    light, dark = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_colour_on(background: object) -> str:
    """White on dark cells, near-black on light ones, whichever contrasts more."""
    on_white = contrast_ratio("white", background)
    on_black = contrast_ratio(TEXT_COLOUR, background)
    return "white" if on_white >= on_black else TEXT_COLOUR


@functools.cache
def _measure(line: str, size: float, weight: str) -> float:
    """Width of one line in points, as Agg will draw it (at 72 dpi a pixel is a point)."""
    prop = FontProperties(family=[FONT_FAMILY], size=size, weight=weight)
    width, _, _ = RendererAgg(1, 1, 72).get_text_width_height_descent(line, prop, ismath=False)
    return width


def _text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of the longest line."""
    return max(_measure(line, size, weight) for line in text.split("\n")) / 72


def _text_height(text: str, size: float) -> float:
    """Height in inches of a block of lines, spaced as matplotlib spaces them."""
    if not text:
        return 0.0
    prop = FontProperties(family=[FONT_FAMILY], size=size)
    _, height, descent = RendererAgg(1, 1, 72).get_text_width_height_descent("lp", prop,
                                                                             ismath=False)
    return (height + text.count("\n") * (height - descent) * _LINE_SPACING) / 72


def _wrap(text: str, size: float, width_in: float, weight: str = "normal") -> str:
    """Break at spaces so that no line is wider than width_in (a single long word stays)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and _text_width(trial, size, weight) > width_in:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)

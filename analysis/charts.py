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
Past `MAX_HEIGHT_IN` (the text height of an A4 page) the rows get thinner instead, down to
what a line of text needs, so a chart of 20-30 units still prints on one page at 100%.

The charts: `rate_by_ward`, `class_view` (one phase, by unit or by class),
`absence_breakdown` (who was absent and why, by unit), `phase_comparison`,
`ward_phase_heatmap` (units over phases) and `campaign_trend` (one campaign against the
previous ones). `save_figure` writes PNG and SVG, `save_pdf` all charts in one PDF.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch

from analysis.export import atomic_path
from analysis.formatting import (
    LANGS,
    format_count,
    format_percent,
    in_place_words,
    in_sentence,
)
from analysis.participation import classes, own_class
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
# A heatmap cell of a unit whose report came but is not counted, by its completeness status.
NOT_COUNTED_MARKS = {"held_out": "≠", "rejected": "×"}
# A heatmap cell of a unit that owed the phase and sent nothing ("…", as a statistical
# yearbook's "có phát sinh nhưng chưa thu thập được"), and of one that did not have to report
# in it (left blank); "–" stays what it was, no data (QA round 72 #2: "–" was both).
MISSING_MARK = "…"
NOT_DUE_MARK = ""
_NO_RATE_MARKS = {**NOT_COUNTED_MARKS, "missing": MISSING_MARK}
# After a unit (or its heatmap cell) counted in part, as the trend charts mark a partial count:
# its rate leaves out rows rejected or a class sent twice, and must not be quoted as whole.
PARTIAL_MARK = "†"
IN_PART_STATUSES = ("partly_rejected", "partly_held_out")
HEATMAP_CMAP = "cividis"  # designed for colour-vision deficiency; lightness rises monotonically
PNG_DPI = 300
SVG_HASHSALT = "participation-analytics"
# No dates or versions in the PDF: the same charts give the same bytes on every run.
PDF_METADATA: dict[str, str | None] = {
    "CreationDate": None, "ModDate": None, "Producer": None, "Creator": None,
}
# Absence breakdown: four lightness levels (CIELAB L* about 87, 47, 28 and 62) so each
# segment stays distinct in greyscale; unexcused, the one that needs attention, is also
# hatched like a unit below target, and white edges separate neighbouring segments.
SEGMENT_COLOURS = {
    "attended": "#D9D9D9",
    "absent_excused": "#2073BC",
    "absent_unexcused": HIGHLIGHT,
    "absent_unspecified": "#F46A25",
}
SEGMENT_HATCHES = {"absent_unexcused": HATCH}
TREND_COLOUR = "#595959"  # dots and line of the campaign trend: 7:1 on white

FIGURE_WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page; scales up cleanly to a slide
MAX_HEIGHT_IN = 9.5  # the text height of an A4 page (29.7 cm less 2 x 2.5 cm margins)
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
_MIN_ROW_PITCH = 0.22  # the thinnest row, when a tall chart must fit MAX_HEIGHT_IN
_TREND_BODY_IN = 2.6
# The absence chart's legend, in ems of BODY_SIZE (matplotlib's legend units).
_LEGEND_HANDLE = 1.4
_LEGEND_TEXT_PAD = 0.5
_LEGEND_SPACING = 1.2
_LEGEND_ROW_GAP = 0.4
_LEGEND_GAP = 0.08  # inches between the legend and the target label under it
_BAR_HEIGHT = 0.66  # of the row pitch
_MAX_NAME_IN = 2.2
_MAX_NAME_LINES = 2  # what _ROW_PITCH has room for; a longer name is shortened with "…"
ELLIPSIS = "…"
_LABEL_PAD_PT = 3.0
# How far past the target line a bar's label starts when its bar ends just short of it, and
# how far short that is at most, for the axis to leave the label room.
_TARGET_CLEARANCE_PT = 5.0
_NEAR_TARGET = 0.06
_MIN_AXIS_IN = 2.0
_LINE_SPACING = 1.2

# --- the words, in both languages ----------------------------------------------------------

# Counted nouns: (one, many) in each language; `count_text` joins number and noun with no-break
# spaces (\u00a0), which _wrap never breaks at ("14 đơn vị" stays on one line).
_NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "vi": {"unit": ("đơn vị", "đơn vị"), "phase": ("giai đoạn", "giai đoạn")},
    "en": {"unit": ("unit", "units"), "phase": ("phase", "phases")},
}

_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "phase": "Giai đoạn {phase}",
        "target": "Chỉ tiêu {target}",
        "ward_title": "{phase}: {met}/{total} đơn vị đạt chỉ tiêu {target}",
        "ward_subtitle": "Tỷ lệ tham dự theo đơn vị (có mặt/phải học), {place}",
        "heatmap_title": "Đơn vị đạt chỉ tiêu {target}: {first_met}/{first_total} ở {first},"
        " {last_met}/{last_total} ở {last}",
        "heatmap_subtitle": "Tỷ lệ tham dự theo đơn vị và giai đoạn, {place}",
        "heatmap_scale": "Màu: tỷ lệ tham dự; vạch đen: chỉ tiêu {target}",
        "phase_up": "Tỷ lệ tham dự tăng từ {first} lên {last}",
        "phase_down": "Tỷ lệ tham dự giảm từ {first} xuống {last}",
        "phase_flat": "Tỷ lệ tham dự giữ ở mức {last}",
        "phase_one": "Tỷ lệ tham dự chung {last}",
        "phase_met": ", đạt chỉ tiêu {target}",
        "phase_missed": ", chưa đạt chỉ tiêu {target}",
        "phase_subtitle": "Tỷ lệ tham dự chung theo giai đoạn (có mặt/phải học), {place}",
        "below_key": "{mark} và gạch chéo: dưới chỉ tiêu {target}.",
        "no_rate_key": "{none}: không có ai phải học (0 người), không tính vào số đạt"
        " chỉ tiêu.",
        "cell_below_key": "{mark}: dưới chỉ tiêu {target}",
        "no_data_key": "{none}: không có số liệu",
        "missing_key": "{mark}: chưa báo cáo",
        "not_due_key": "ô để trống: đơn vị không phải báo cáo giai đoạn đó",
        "held_out_key": "báo cáo gửi trùng, số liệu khác nhau, chưa tính",
        "missing_bar": "chưa báo cáo",
        "held_out_bar": "chưa tính: gửi trùng, số liệu khác nhau",
        "rejected_bar": "chưa tính: báo cáo bị loại",
        "missing_title": ", {units} chưa báo cáo",
        "not_counted_title": ", {units} có báo cáo chưa tính",
        "rejected_key": "có báo cáo nhưng bị loại (cả tệp hoặc mọi dòng), chưa tính",
        "in_part_key": "{mark}: tính một phần, có {reasons} chưa tính.",
        "in_part_class_key": "{mark}: lớp của đơn vị tính một phần, có {reasons} chưa tính.",
        "own_class_key": "Tên đơn vị không kèm tên lớp: đơn vị báo cáo chung, không chia lớp, "
                         "cả đơn vị tính là một lớp.",
        "partly_rejected": "dòng bị loại",
        "partly_held_out": "lớp, chi bộ gửi trùng với số liệu khác nhau",
        "or": " hoặc ",
        "class_title": "{phase}: {met}/{total} lớp đạt chỉ tiêu {target}",
        "class_subtitle": "Tỷ lệ tham dự theo lớp (có mặt/phải học), {place}",
        "no_class_subtitle": "Tỷ lệ tham dự theo đơn vị (báo cáo không chia lớp, có mặt/phải"
        " học), {place}",
        "rate_units": "{rate} ({units})",
        "units_note": "Các giai đoạn tính trên số đơn vị khác nhau: {phases}.",
        "same_units_note": "Cùng {units} tính đủ ở {first} và {last}: {rate_first} → "
                           "{rate_last}.",
        "units_of_phase": "{phase}: {units}",
        "same_units_title": "Cùng {units} tính đủ ở {first} và {last}: ",
        "all_units_note": "Mọi đơn vị đã báo cáo: {first} ở {first_phase}, {last} ở "
                          "{last_phase}.",
        "trend_coverage": "Mỗi đợt gộp các giai đoạn có số liệu: {campaigns}.",
        "trend_campaign": "{campaign}: {phases}, {units}",
        "trend_same_units": "Cùng {units} có số liệu ở {first} và {last}: {rate_first} → "
                            "{rate_last}.",
        "absence_title": "{phase}: {absent} vắng, {unexcused} không có lý do",
        "absence_title_unrecorded": "{phase}: {absent} vắng, không ghi lý do",
        "absent_people": " người",
        "absent_times": " lượt",
        "absence_subtitle": "Có mặt và vắng theo lý do, % số phải học, {place}",
        "attended": "Có mặt",
        "absent_excused": "Vắng có lý do",
        "absent_unexcused": "Vắng không lý do",
        "absent_unspecified": "Vắng, chưa rõ lý do",
        "absence_key": "{mark}: có mặt dưới chỉ tiêu {target}.",
        "narrow_key": "Phần nhỏ không ghi số: xem bảng Theo đơn vị.",
        "trend_up": "Qua {n} đợt, tỷ lệ tham dự tăng từ {first} lên {last}",
        "trend_down": "Qua {n} đợt, tỷ lệ tham dự giảm từ {first} xuống {last}",
        "trend_flat": "Qua {n} đợt, tỷ lệ tham dự giữ ở mức {last}",
        "trend_one": "Tỷ lệ tham dự {last}",
        "trend_group": "{group}: {message}",
        "trend_subtitle": "Tỷ lệ tham dự theo đợt (có mặt/phải học, gộp các giai đoạn)",
        "trend_subtitle_wards": "Tỷ lệ tham dự theo đợt (có mặt/phải học, chỉ tính các "
        "phường, gộp các giai đoạn)",
        "trend_period": "{place}, các đợt bắt đầu từ {first} đến {last}",
        "trend_key": "{mark}: dưới chỉ tiêu {target}.",
        "trend_key_own": "{mark}: dưới chỉ tiêu của chính đợt đó ({targets}); đường gạch: "
        "chỉ tiêu {target} của đợt mới nhất.",
        "trend_targets": "Chỉ tiêu của từng đợt: {targets}; đường gạch: chỉ tiêu {target} của"
        " đợt mới nhất.",
        "trend_axis": "Trục dọc không bắt đầu từ 0%.",
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
        "no_rate_key": "{none}: nobody expected (0 members), counted neither as meeting nor"
        " as missing the target.",
        "cell_below_key": "{mark}: below the {target} target",
        "no_data_key": "{none}: no data",
        "missing_key": "{mark}: not reported",
        "not_due_key": "blank: the unit did not have to report in that phase",
        "held_out_key": "report sent twice with different figures, not counted",
        "missing_bar": "not reported",
        "held_out_bar": "not counted: sent twice, different figures",
        "rejected_bar": "not counted: report rejected",
        "missing_title": ", {units} not reported",
        "not_counted_title": ", {units} reported but not counted",
        "rejected_key": "report received but rejected (whole file or every row), not counted",
        "in_part_key": "{mark}: counted in part, {reasons} left out.",
        "in_part_class_key": "{mark}: class of a unit counted in part, {reasons} left out.",
        "own_class_key": "A unit's name with no class: the unit reported as a whole, not by "
                         "class, and counts as one class.",
        "partly_rejected": "rejected rows",
        "partly_held_out": "a class (or party cell) sent twice with different figures",
        "or": " or ",
        "class_title": "{phase}: {met} of {total} classes met the {target} target",
        "class_subtitle": "Participation rate by class (attended/expected), {place}",
        "no_class_subtitle": "Participation rate by unit (reports name no classes;"
        " attended/expected), {place}",
        "rate_units": "{rate} ({units})",
        "units_note": "The phases cover different numbers of units: {phases}.",
        "same_units_note": "The same {units} counted in full in {first} and {last}: "
                           "{rate_first} → {rate_last}.",
        "units_of_phase": "{phase}: {units}",
        "same_units_title": "The same {units}, counted in full in {first} and {last}: ",
        "all_units_note": "All units that reported: {first} in {first_phase}, {last} in "
                          "{last_phase}.",
        "trend_coverage": "Each campaign pools the phases that reported: {campaigns}.",
        "trend_campaign": "{campaign}: {phases}, {units}",
        "trend_same_units": "The same {units} with figures in {first} and {last}: "
                            "{rate_first} → {rate_last}.",
        "absence_title": "{phase}: {absent} absent, {unexcused} without an excuse",
        "absence_title_unrecorded": "{phase}: {absent} absent, no reasons recorded",
        "absent_people": "",
        "absent_times": " times",
        "absence_subtitle": "Attendance and absence by reason, % of expected, {place}",
        "attended": "Attended",
        "absent_excused": "Absent, excused",
        "absent_unexcused": "Absent, unexcused",
        "absent_unspecified": "Absent, reason not given",
        "absence_key": "{mark}: attendance below the {target} target.",
        "narrow_key": "Narrow segments are not labelled: see the By unit table.",
        "trend_up": "Participation rose from {first} to {last} over {n} campaigns",
        "trend_down": "Participation fell from {first} to {last} over {n} campaigns",
        "trend_flat": "Participation held at {last} over {n} campaigns",
        "trend_one": "Participation {last}",
        "trend_group": "{group}: {message}",
        "trend_subtitle": "Participation rate by campaign (attended/expected, phases pooled)",
        "trend_subtitle_wards": "Participation rate by campaign (attended/expected, wards "
        "only, phases pooled)",
        "trend_period": "{place}, campaigns starting from {first} to {last}",
        "trend_key": "{mark}: below the {target} target.",
        "trend_key_own": "{mark}: below the campaign's own target ({targets}); dashed: the "
        "latest campaign's {target} target.",
        "trend_targets": "Each campaign's target: {targets}; dashed: the latest campaign's"
        " {target} target.",
        "trend_axis": "The vertical axis does not start at 0%.",
    },
}

_WARD_PHASE_COLUMNS = ("phase", "ward", "kind", "expected", "attended", "rate")
_BY_PHASE_COLUMNS = ("phase", "expected", "attended", "rate")
_BY_SESSION_COLUMNS = ("phase", "ward", "session", "expected", "attended", "rate")
_ABSENCE_COLUMNS = ("phase", "ward", "expected", "attended", "absent_excused",
                    "absent_unexcused")
_TREND_COLUMNS = ("campaign", "campaign_start", "expected", "attended")
# The segments of an absence bar, in the data's (and the legend's) order.
SEGMENTS = ("attended", "absent_excused", "absent_unexcused", "absent_unspecified")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")


@dataclass(frozen=True)
class ChartContext:
    """What every chart states besides the data: whose campaign, where, against which target."""

    campaign_title: str
    place: str
    phase_labels: dict[str, str] = field(default_factory=dict)
    target: float = 0.95
    lang: str = "vi"
    source_note: str = ""
    # The counts are attendances ("lượt": a roll-call with a column per session lists each
    # person once per session), not people: "3 absences", not "3 people absent".
    attendances: bool = False
    # (phase, unit) -> its completeness status (quality.completeness), for the units the
    # campaign expected or heard from: a unit counted in part is marked on the unit charts,
    # not only named in the source line (QA round 72 #1). Empty: nothing known, nothing marked.
    unit_status: Mapping[tuple[str, str], str] = field(default_factory=dict)

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
    rows = _phase_rows(ward_phase, phase, "ward_phase")
    records = sorted(
        rows.to_dict("records"),
        key=lambda row: (_is_missing(row["rate"]), -_rate_or_zero(row["rate"]), _name_key(row)),
    )
    words = _TEXT[context.lang]
    target = _target_text(context)
    met, total = met_of([row["rate"] for row in records], context.target)
    title = words["ward_title"].format(
        phase=_phase_label(context, phase), met=met, total=total, target=target
    )
    # The units owed the phase whose figures are not counted, drawn as rows without a bar and
    # counted in the title: "8/10 đơn vị đạt" said nothing of an 11th (QA round 72 #2).
    shown = {clean_text(row["ward"]) for row in records}
    absent = sorted(((unit, status) for (at, unit), status in context.unit_status.items()
                     if at == str(phase) and status in _NO_RATE_MARKS and unit not in shown),
                    key=lambda pair: (fold(pair[0]), pair[0]))
    for unit, status in absent:
        records.append({"ward": unit, "rate": float("nan"),
                        "status_label": words[f"{status}_bar"]})
    for status in ("missing", "not_counted"):
        count = sum((kind == "missing") == (status == "missing") for _, kind in absent)
        if count:
            title += words[f"{status}_title"].format(
                units=count_text(count, "unit", context.lang))
    subtitle = with_place(words["ward_subtitle"], context.place)
    in_part = [_in_part(context, phase, row["ward"]) for row in records]
    with matplotlib.rc_context(HOUSE_STYLE):
        return _rate_bars(records, [clean_text(row["ward"]) for row in records], title=title,
                          subtitle=_join_lines(subtitle, context.campaign_title), context=context,
                          note=_in_part_key(in_part, context),
                          tails=[PARTIAL_MARK if status else "" for status in in_part])


def class_view(by_session: pd.DataFrame, phase: str, context: ChartContext) -> Figure:
    """One phase's classes (one bar each, `by_session`), highest rate at the top, with sizes.

    Answers "which classes fell short, and how big are they": each bar reads
    "96,2% (481/500)", the second number being the class size (expected); classes below
    the target are dark, hatched and marked ▼ as in `rate_by_ward`. A class is named by its
    session; a name that more than one unit uses gets the unit in brackets. Ties are ordered
    by name. A row without a class name is the unit's own class, named by the unit.

    A phase whose reports name no class at all (each unit one row, no "Lớp" column) has no
    classes to count: its title and subtitle speak of units ("14/14 đơn vị"), never "lớp";
    `participation.has_classes` tells such a phase (`figures.build_figures` draws no class
    chart for it). A unit's meetings ("Buổi 1", "12/3") are one class, its own
    (`participation.classes`).
    """
    _require_columns(by_session, _BY_SESSION_COLUMNS, "by_session")
    rows = classes(_phase_rows(by_session, phase, "by_session"))
    records = rows.to_dict("records")
    sessions = [clean_text(row["session"]) if not _is_missing(row["session"])
                else clean_text(row["ward"]) for row in records]
    units_per_session: dict[str, set[str]] = {}
    for session, row in zip(sessions, records, strict=True):
        units_per_session.setdefault(session, set()).add(clean_text(row["ward"]))
    several_units = len({clean_text(row["ward"]) for row in records}) > 1
    for session, row in zip(sessions, records, strict=True):
        unit = clean_text(row["ward"])
        shared = len(units_per_session[session]) > 1
        # A class named by its number alone ("Lớp 1") names no unit: beside other units'
        # bars, the unit is given (QA round 40: Long Biên's "Lớp 1", "Lớp 2" among units'
        # names). A class named by its date is the unit's meeting, pooled into the unit.
        numbered = several_units and session != unit and _NUMBERED_CLASS.match(fold(session))
        row["shown"], row["tail"] = session, f"({unit})" if shared or numbered else ""
        row["name"] = f"{session} {row['tail']}" if row["tail"] else session
    records.sort(key=lambda row: (_is_missing(row["rate"]), -_rate_or_zero(row["rate"]),
                                  fold(row["name"]), row["name"]))
    words = _TEXT[context.lang]
    met, total = met_of([row["rate"] for row in records], context.target)
    units_as_classes = own_class(rows)
    named = bool((~units_as_classes).any())
    title = words["class_title" if named else "ward_title"].format(
        phase=_phase_label(context, phase), met=met, total=total, target=_target_text(context))
    subtitle = with_place(words["class_subtitle" if named else "no_class_subtitle"],
                          context.place)
    # A class of a unit counted in part may be the one its rejected rows belong to.
    in_part = [_in_part(context, phase, row["ward"]) for row in records]
    tails = [f"{row['tail']} {PARTIAL_MARK}".strip() if status else row["tail"]
             for row, status in zip(records, in_part, strict=True)]
    # Units that name no class, among others' classes, are one class each: said so (QA
    # round 83 #2: "6/13 lớp" where 11 bars were wards' names).
    own = words["own_class_key"] if named and units_as_classes.any() else ""
    with matplotlib.rc_context(HOUSE_STYLE):
        return _rate_bars(records, [row["shown"] for row in records], title=title,
                          subtitle=_join_lines(subtitle, context.campaign_title), context=context,
                          note=_join_lines(own, _in_part_key(in_part, context,
                                                             "in_part_class_key")),
                          tails=tails)


# A class named by its number or letter alone, folded: "lớp 1", "lớp số 2", "lớp A", "class 3".
_NUMBERED_CLASS = re.compile(r"^(?:lop|class|nhom|to)(?: hoc)?(?: so)? ?[0-9a-z]{1,3}$")


def absence_breakdown(ward_phase: pd.DataFrame, phase: str, context: ChartContext) -> Figure:
    """One phase's units as 100% bars: attended, then absent by reason, as shares of expected.

    Answers "who was absent, and with what reason": segments in the order attended, absent
    excused, absent unexcused, absent with the reason not given (a segment only appears if
    some unit has it). Bars are sorted by attended share, highest at the top, against the
    target line; a share is written in its segment where it fits, so in a typical campaign
    (absences of a few percent) only the attended share is, and the small segments are read
    from their colour and the table. The legend sits above the plot in the same order.
    Unexcused absence is hatched and every segment has its own lightness, so the chart
    survives greyscale printing. Without an `absent_unspecified` column the reason-not-given
    share is what the other counts leave of `expected`.
    """
    _require_columns(ward_phase, _ABSENCE_COLUMNS, "ward_phase")
    rows = _phase_rows(ward_phase, phase, "ward_phase")
    records = []
    for row in rows.to_dict("records"):
        counts = {name: int(row[name]) for name in SEGMENTS[:3]}
        remainder = int(row["expected"]) - sum(counts.values())
        given = row.get("absent_unspecified")
        counts["absent_unspecified"] = remainder if _is_missing(given) else int(given)
        if any(count < 0 for count in counts.values()) or (
                counts["absent_unspecified"] != remainder):
            raise ValueError(
                f"ward_phase, phase {phase}, unit {clean_text(row['ward'])}: attended + absences"
                f" ({' + '.join(str(counts[name]) for name in SEGMENTS)}) do not add up to"
                f" expected ({int(row['expected'])}); rebuild the table with"
                " analysis.participation.by_ward_phase."
            )
        expected = int(row["expected"])
        records.append({
            "ward": row["ward"], "expected": expected, **counts,
            "rate": counts["attended"] / expected if expected > 0 else float("nan"),
        })
    records.sort(key=lambda row: (_is_missing(row["rate"]), -_rate_or_zero(row["rate"]),
                                  _name_key(row)))
    segments = [name for name in SEGMENTS
                if name == "attended" or sum(row[name] for row in records) > 0]
    words = _TEXT[context.lang]
    absent = sum(row["expected"] - row["attended"] for row in records)
    unrecorded = absent > 0 and sum(row["absent_unspecified"] for row in records) == absent
    # "0 không có lý do" of absences nobody gave a reason for read as "none unexcused".
    title = words["absence_title_unrecorded" if unrecorded else "absence_title"].format(
        phase=_phase_label(context, phase), absent=format_count(absent, context.lang)
        + (words["absent_times"] if context.attendances else words["absent_people"]),
        unexcused=format_count(sum(row["absent_unexcused"] for row in records), context.lang),
    )
    subtitle = _join_lines(with_place(words["absence_subtitle"], context.place),
                           context.campaign_title)
    in_part = [_in_part(context, phase, row["ward"]) for row in records]
    with matplotlib.rc_context(HOUSE_STYLE):
        return _share_bars(records, [clean_text(row["ward"]) for row in records], segments,
                           title=title, subtitle=subtitle, context=context,
                           note=_in_part_key(in_part, context),
                           tails=[PARTIAL_MARK if status else "" for status in in_part])


def phase_comparison(by_phase: pd.DataFrame, context: ChartContext,
                     same_units: tuple[int, float, float] | None = None) -> Figure:
    """Pooled rate of each phase against the target, phases in the order given (time order).

    Horizontal bars like `rate_by_ward` so the two charts read the same way in a briefing
    (and phase labels of any length fit); the title states the change from the first to the
    last phase and whether the last one met the target.

    Given `units_reported` (as in participation_by_phase.csv), phases that cover different
    numbers of units say so: the title gives each rate its units ("tăng từ 94,95% (14 đơn
    vị) lên 95,8% (20 đơn vị)") and, when that does not tell it all (three phases or more,
    or a rate that held), a note under the chart lists every phase's units; given
    `same_units` (how many units were counted in full in both the first and the last phase,
    and their pooled rates in each), the note gives the like-for-like change too (QA round
    78: a rise from 14 units to 12 said nothing of whether the same units rose), also over
    the same units where one is counted in part in either phase (QA round 84 #6).
    """
    _require_columns(by_phase, _BY_PHASE_COLUMNS, "by_phase")
    if by_phase.empty:
        raise ValueError("by_phase has no rows; there is nothing to compare.")
    records = by_phase.to_dict("records")
    words = _TEXT[context.lang]
    target = _target_text(context)
    known = [row for row in records if not _is_missing(row["rate"])]
    units = [_units_of(row) for row in known]
    units_differ = None not in units and len(set(units)) > 1
    note = ""
    if not known:
        title = words["phase_one"].format(last=NO_DATA)
    else:
        rates = [row["rate"] for row in known]
        first = _rate_text(rates[0], context)
        last = _rate_text(rates[-1], context)
        if len(rates) == 1:
            key = "phase_one"
        elif first == last:  # equal as printed: "rose from 95,0% to 95,0%" would read oddly
            key = "phase_flat"
        else:
            key = "phase_up" if rates[-1] > rates[0] else "phase_down"
        said = key in ("phase_up", "phase_down") and units_differ and units[0] != units[-1]
        if said:
            first = words["rate_units"].format(rate=first,
                                               units=count_text(units[0], "unit", context.lang))
            last = words["rate_units"].format(rate=last,
                                              units=count_text(units[-1], "unit", context.lang))
        met_key = "phase_met" if _meets(rates[-1], context.target) else "phase_missed"
        title = words[key].format(first=first, last=last) + words[met_key].format(target=target)
        if units_differ and (not said or len(known) > 2):
            note = words["units_note"].format(phases=", ".join(
                words["units_of_phase"].format(phase=_phase_label(context, row["phase"]),
                                               units=count_text(count, "unit", context.lang))
                for row, count in zip(known, units, strict=True)))
        # Also where a unit is counted in part in one of them (rows refused, a cell held out):
        # the rates are then over the same units, not the same members (QA round 84 #6).
        in_part = same_units is not None and None not in units \
            and same_units[0] < min(units[0], units[-1])
        if (units_differ or in_part) and same_units is not None and len(known) > 1:
            count, rate_first, rate_last = same_units
            same_first, same_last = (_rate_text(rate_first, context),
                                     _rate_text(rate_last, context))
            same_key = "phase_flat" if same_first == same_last else (
                "phase_up" if rate_last > rate_first else "phase_down")
            first_phase, last_phase = (_phase_label(context, known[0]["phase"]),
                                       _phase_label(context, known[-1]["phase"]))
            same = count_text(count, "unit", context.lang)
            if same_key != key and count:
                # The same units went the other way: the title says what they did, the
                # note what all the units did (QA rounds 86 #7, 88 #1: "rose from 93,9% (18
                # units) to 94,1% (17)" over a fall from 94,2% to 93,8% of the same 14).
                title = words["same_units_title"].format(
                    units=same, first=in_sentence(first_phase), last=in_sentence(last_phase)
                ) + in_sentence(words[same_key].format(first=same_first, last=same_last)) \
                    + words["phase_met" if _meets(rate_last, context.target)
                            else "phase_missed"].format(target=target)
                first_all, last_all = (
                    words["rate_units"].format(rate=_rate_text(rate, context),
                                               units=count_text(reported, "unit", context.lang))
                    for rate, reported in ((rates[0], units[0]), (rates[-1], units[-1])))
                note = _join_lines(note, words["all_units_note"].format(
                    first=first_all, last=last_all, first_phase=in_sentence(first_phase),
                    last_phase=in_sentence(last_phase)))
            else:
                note = _join_lines(note, words["same_units_note"].format(
                    units=same, first=first_phase, last=last_phase, rate_first=same_first,
                    rate_last=same_last))
    subtitle = with_place(words["phase_subtitle"], context.place)
    labels = [_phase_label(context, row["phase"]) for row in records]
    with matplotlib.rc_context(HOUSE_STYLE):
        return _rate_bars(records, labels, title=title,
                          subtitle=_join_lines(subtitle, context.campaign_title), context=context,
                          note=note)


def phases_text(count: int, owed: int | None, lang: str) -> str:
    """"2 giai đoạn", or "2/3 giai đoạn" when the campaign has `owed` phases: one half-way
    through is not read as the equal of a finished one (QA round 39: the charts said "2 giai
    đoạn" of a campaign of three, the terminal "2/3")."""
    if owed is None or count >= owed:
        return count_text(count, "phase", lang)
    return f"{format_count(count, lang)}/{count_text(owed, 'phase', lang)}"


def count_text(count: int, noun: str, lang: str) -> str:
    """"14 đơn vị", "1 unit", "2 phases", with no-break spaces so a line never splits them."""
    one, many = _NOUNS[lang][noun]
    return f"{format_count(count, lang)} {one if count == 1 else many}".replace(" ", "\u00a0")


def _units_of(row: dict) -> int | None:
    """The units a phase's rate covers (`units_reported`, and `units_unexpected` where the
    table has them), if the table says."""
    value = row.get("units_reported")
    unexpected = row.get("units_unexpected")
    return None if _is_missing(value) else int(value) + (
        0 if _is_missing(unexpected) else int(unexpected))


def ward_phase_heatmap(
    ward_phase: pd.DataFrame,
    context: ChartContext,
    order: Literal["kind", "latest_rate"] = "kind",
    not_counted: pd.DataFrame | None = None,
) -> Figure:
    """Units (rows) by phases (columns), each cell's rate written in it, to follow units over time.

    Rows are ordered by kind (wards, then other party committees, then district classes),
    then by name as in the tables, so a unit is easy to find; `order="latest_rate"` orders
    them by the last phase's rate instead, highest first. Columns follow
    `context.phase_labels` (the campaign's order), then any other phase in order of
    appearance. Colours run on cividis from the lower of (lowest rate, target - 10 points)
    rounded down to 5 points, up to 100%; cells under the target are bold and marked ▼,
    a unit with no data in a phase shows "–". `not_counted` (completeness rows: `phase`,
    `ward`, `kind`, `status`; else `context.unit_status`) gives the units whose report came
    but is not counted: their cell says why (`NOT_COUNTED_MARKS`: copies that differ, every
    row rejected), where "–" called them units that sent nothing (QA round 38); and tells a
    unit that owed the phase and sent nothing ("…", `MISSING_MARK`) from one that did not
    have to report in it (a blank cell: no status for the phase), which "–" both were (QA
    round 72 #2).
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
    marks: dict[tuple[str, str], str] = {}
    # (unit, phase) -> completeness status, with each unit's kind where it is known.
    statuses: dict[tuple[str, str], str] = {}
    if not_counted is not None:
        for phase, ward, kind, status in zip(
                not_counted["phase"].astype(str), not_counted["ward"].map(clean_text),
                not_counted["kind"], not_counted["status"], strict=True):
            statuses[(ward, phase)] = str(status)
            if ward not in kinds.index and status in _NO_RATE_MARKS:
                kinds.loc[ward] = kind
    else:
        statuses = {(ward, phase): status
                    for (phase, ward), status in context.unit_status.items()}
    for (ward, phase), status in statuses.items():
        if phase in phases and status in _NO_RATE_MARKS:
            marks[(ward, phase)] = _NO_RATE_MARKS[status]
            if ward not in kinds.index:
                kinds.loc[ward] = None
    if marks:
        rates = rates.reindex(list(dict.fromkeys([*rates.index, *kinds.index])))
    if statuses:
        # Owed nothing in that phase: no status for it, no row of the table either.
        reported = set(zip(table["ward"], table["phase"], strict=True))
        for ward in rates.index:
            for phase in phases:
                if (ward, phase) not in statuses and (ward, phase) not in reported:
                    marks[(ward, phase)] = NOT_DUE_MARK
    units = _order_units(rates, kinds, phases, order)
    rates = rates.reindex(units)
    words = _TEXT[context.lang]
    target = _target_text(context)

    def met_in(phase: str) -> tuple[int, int]:
        return met_of(table.loc[table["phase"] == phase, "rate"].tolist(), context.target)

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
    subtitle = _join_lines(with_place(words["heatmap_subtitle"], context.place),
                           context.campaign_title)
    keys = [f"{mark}: {words[f'{status}_key']}" for status, mark in NOT_COUNTED_MARKS.items()
            if mark in marks.values()]
    shown_marks = set(marks.values())
    # A cell of a unit counted in part in that phase: its rate, marked (QA round 72 #1).
    partial = {(unit, phase): status for unit in rates.index for phase in phases
               if not math.isnan(rates.at[unit, phase])
               and (status := _in_part(context, phase, unit))}
    in_part_key = _in_part_key(partial.values(), context)
    # "–" explained only where a cell shows it (QA round 63 #10).
    blank = any(math.isnan(rate) and (unit, phase) not in marks
                for unit, row in zip(rates.index, rates.to_numpy().tolist(), strict=True)
                for phase, rate in zip(rates.columns, row, strict=True))
    # "▼" keyed only when a cell is under the target (QA round 72 #3).
    below = any(not math.isnan(rate) and not _meets(rate, context.target)
                for rate in rates.to_numpy(dtype="float64").ravel().tolist())
    cell_keys = [words["cell_below_key"].format(mark=BELOW_MARK, target=target)] if below \
        else []
    cell_keys += [words["no_data_key"].format(none=NO_DATA)] if blank else []
    cell_keys += [words["missing_key"].format(mark=MISSING_MARK)] \
        if MISSING_MARK in shown_marks else []
    cell_keys += [words["not_due_key"]] if NOT_DUE_MARK in shown_marks else []
    footnote = _join_lines(
        " ".join([*(["; ".join(cell_keys) + "."] if cell_keys else []),
                  *(f"{key}." for key in keys)]),
        in_part_key,
        context.source_note,
    )
    group_breaks = []
    if order == "kind":
        ordered_kinds = list(kinds.reindex(units))
        group_breaks = [i for i in range(1, len(units)) if ordered_kinds[i] != ordered_kinds[i - 1]]
    with matplotlib.rc_context(HOUSE_STYLE):
        return _heatmap(rates, title=title, subtitle=subtitle, footnote=footnote,
                        group_breaks=group_breaks, context=context, marks=marks,
                        partial=set(partial))


def campaign_trend(trend_table: pd.DataFrame, context: ChartContext,
                   targets: Mapping[str, float] | None = None,
                   phases_owed: Mapping[str, int] | None = None,
                   labels: Mapping[str, str] | None = None,
                   groups: Mapping[str, str] | None = None, groups_note: str = "",
                   partial: Collection[tuple[str, str]] = ()) -> Figure:
    """Each campaign's pooled rate (all its phases and units), campaigns in order of start.

    Answers "how does this campaign compare with the last ones": one dot per campaign,
    joined by a line, labelled with its rate; the target as a dashed line. A campaign below
    the target has a ▼ dot and a ▼ label in the highlight colour. `trend_table` has one row
    per (campaign, phase, unit) with `campaign`, `campaign_start` (a date), `expected` and
    `attended`; a campaign's rate is sum(attended) / sum(expected), never a mean of rates.
    The vertical axis starts at the lower of (lowest rate - 2 points, target - 10 points),
    rounded down to 5 points, like the heatmap's scale, and the footnote says it does not
    start at zero. Given `phase` and `ward` columns, the footnote also says what each
    campaign's figure pools ("demo-2015: 2 giai đoạn, 14 đơn vị"): campaigns compared on
    different numbers of phases or units must say so. `targets` gives each campaign's own
    target (by name): a campaign is marked below its own, not the latest one's (QA round
    17: campaigns with a 95% target were marked ▼ against a later campaign's 97%).
    `labels` names each campaign (by name in the table) for the reader wherever the chart
    shows it ("2015" for "demo-2015-long-bien", `trends.campaign_labels`); by default the
    table's names. `groups` puts campaigns that must not be compared in named groups (by
    campaign; "phường cũ", "phường từ 7/2025": the old wards and the 2025 wards, QA round
    72): the line is broken between groups, a rule drawn at the break, each group's name
    written under its dots, the title speaks of one group only (the latest with two rated
    campaigns) and `groups_note` opens the footnote. Given a `kind` column of wards only,
    the subtitle says the rates count the wards only. `partial` (campaign, ward) counts are
    not like for like with the ward's others (`trends.partial_counts`): left out of the
    footnote's like-for-like change.
    """
    _require_columns(trend_table, _TREND_COLUMNS, "trend_table")
    if trend_table.empty:
        raise ValueError("trend_table has no rows; there is nothing to draw.")
    table = trend_table.assign(campaign=trend_table["campaign"].map(clean_text),
                               campaign_start=pd.to_datetime(trend_table["campaign_start"]))
    pooled = (table.groupby("campaign", sort=False)
              .agg(start=("campaign_start", "min"), expected=("expected", "sum"),
                   attended=("attended", "sum"))
              .reset_index())
    if pooled["start"].isna().any():
        missing = ", ".join(pooled.loc[pooled["start"].isna(), "campaign"])
        raise ValueError(f"trend_table has no campaign_start for campaign(s) {missing};"
                         " give each campaign its start date.")
    pooled["rate"] = [a / e if e > 0 else float("nan")
                      for a, e in zip(pooled["attended"], pooled["expected"], strict=True)]
    own = {clean_text(name): value for name, value in (targets or {}).items()}
    pooled["target"] = [own.get(name, context.target) for name in pooled["campaign"]]
    shown = {clean_text(name): label for name, label in (labels or {}).items()}
    pooled["name"] = [shown.get(name, name) for name in pooled["campaign"]]
    pooled = pooled.assign(key=pooled["campaign"].map(fold)).sort_values(
        ["start", "key"], kind="stable").reset_index(drop=True)
    named = {clean_text(name): group for name, group in (groups or {}).items()}
    pooled["group"] = [named.get(name, "") for name in pooled["campaign"]]
    lang = context.lang
    words = _TEXT[lang]
    # What each dot pools: a campaign half-way through, or on fewer units, must say so.
    coverage = ""
    if {"phase", "ward"} <= set(table.columns):
        counted = table[table["expected"] > 0].groupby("campaign", sort=False).agg(
            phases=("phase", "nunique"), units=("ward", "nunique"))
        coverage = words["trend_coverage"].format(campaigns="; ".join(
            words["trend_campaign"].format(
                campaign=name,
                phases=phases_text(int(counted["phases"].get(campaign, 0)),
                                   (phases_owed or {}).get(campaign), lang),
                units=count_text(int(counted["units"].get(campaign, 0)), "unit", lang))
            for campaign, name in zip(pooled["campaign"], pooled["name"], strict=True)))
    if groups:
        # One group's message: old and new wards are not one series (QA round 72).
        runs = _runs(pooled["group"].tolist())
        rated = [run for run in runs if pooled["rate"].iloc[run].notna().sum() >= 2]
        side = pooled.iloc[(rated or runs)[-1]]
    else:
        side = pooled
    same = _same_units_trend(table, side, {(clean_text(campaign), ward)
                                           for campaign, ward in partial}) \
        if "ward" in table.columns else None
    units = None if same is None else same[:2]
    if groups:
        message = _trend_title(side, words, lang, one=len(side) == 1, units=units)
        title = words["trend_group"].format(group=_upper_first(side["group"].iloc[0]),
                                            message=message[:1].lower() + message[1:])
    else:
        title = _trend_title(pooled, words, lang, units=units)
    if same is not None:
        first, last = (side.loc[side["rate"].notna(), "name"].iloc[index] for index in (0, -1))
        coverage = _join_lines(coverage, words["trend_same_units"].format(
            units=count_text(same[2], "unit", lang), first=first, last=last,
            rate_first=_rate_text(same[3], context), rate_last=_rate_text(same[4], context)))
    period = with_place(words["trend_period"], context.place,
                        first=month_text(pooled["start"].iloc[0], lang),
                        last=month_text(pooled["start"].iloc[-1], lang))
    wards_only = "kind" in table.columns and set(table["kind"]) == {"ward"}
    subtitle = _join_lines(words["trend_subtitle_wards" if wards_only else "trend_subtitle"],
                           period)
    if lang == "vi":
        subtitle = in_place_words(subtitle, context.place)
    with matplotlib.rc_context(HOUSE_STYLE):
        return _trend_dots(pooled, title=title, subtitle=subtitle, context=context,
                           note=coverage, groups_note=groups_note)


def _trend_title(pooled: pd.DataFrame, words: Mapping[str, str], lang: str,
                 one: bool = False, units: tuple[int, int] | None = None) -> str:
    """"Qua 3 đợt, tỷ lệ tham dự tăng từ 95,4% lên 96,1%": first and last rated campaign,
    each rate against its own target; `one` campaign alone: its rate. Given `units` (how
    many the first and the last rate cover) that differ, each rate gives its units, as the
    phase chart's title does: a rise from 3 wards to 13 is no rise of the same wards."""
    known = [(rate, own) for rate, own in zip(pooled["rate"], pooled["target"], strict=True)
             if not _is_missing(rate)]
    rates = [rate for rate, _ in known]
    if not rates:
        return words["trend_flat"].format(n=len(pooled), last=NO_DATA)
    first, last = (format_percent(rate, lang, target=own)
                   for rate, own in (known[0], known[-1]))
    if one:
        return words["trend_one"].format(last=last)
    if len(rates) == 1 or first == last:
        key = "trend_flat"
    else:
        key = "trend_up" if rates[-1] > rates[0] else "trend_down"
        if units is not None and units[0] != units[-1]:
            first, last = (words["rate_units"].format(rate=rate,
                                                      units=count_text(count, "unit", lang))
                           for rate, count in ((first, units[0]), (last, units[-1])))
    return words[key].format(n=len(pooled), first=first, last=last)


def _same_units_trend(table: pd.DataFrame, side: pd.DataFrame,
                      partial: Collection[tuple[str, str]] = ()
                      ) -> tuple[int, int, int, float, float] | None:
    """(units of the first rated campaign of `side`, of its last, units with figures in
    both, their pooled rate in the first, in the last) where the two campaigns' units differ
    and some are in both: the like-for-like change under a title over different units (QA
    round 81: "tăng từ 95,1% lên 95,6%" from 3 wards to 13, where the same 3 fell to
    95,0%). A unit whose count in either is `partial` is left out of both (QA round 82 #3:
    a ward the ward chart calls not comparable counted like for like). None when the units
    are the same or none is in both."""
    rated = side.loc[side["rate"].notna(), "campaign"].tolist()
    if len(rated) < 2:
        return None
    counted = table[table["expected"] > 0]
    first, last = (counted[counted["campaign"] == name] for name in (rated[0], rated[-1]))
    first_units, last_units = set(first["ward"]), set(last["ward"])
    both = {ward for ward in first_units & last_units
            if (rated[0], ward) not in partial and (rated[-1], ward) not in partial}
    if first_units == last_units or not both:
        return None
    rates = []
    for rows in (first, last):
        rows = rows[rows["ward"].isin(both)]
        rates.append(float(rows["attended"].sum()) / float(rows["expected"].sum()))
    return len(first_units), len(last_units), len(both), rates[0], rates[1]


def _runs(groups: list[str]) -> list[list[int]]:
    """Positions of consecutive equal groups: ["a", "a", "b"] -> [[0, 1], [2]]."""
    runs: list[list[int]] = []
    for position, group in enumerate(groups):
        if runs and groups[runs[-1][0]] == group:
            runs[-1].append(position)
        else:
            runs.append([position])
    return runs


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def save_figure(fig: Figure, directory: Path, stem: str, *, dpi: int = PNG_DPI,
                formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Write `<stem>.png` (300 dpi) and `<stem>.svg`, byte-identical from run to run; close fig.

    Dates, software versions and random SVG ids are left out so that re-running a campaign
    changes a file only when its chart changes; each file is written to a temporary name in
    the same directory and renamed, so a reader never sees half a chart. `dpi` and
    `formats` are for previews (the README's PNGs, the image tests' baselines).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    metadata_of = {"png": {"Software": None}, "svg": {"Date": None}}
    try:
        with matplotlib.rc_context(HOUSE_STYLE):
            for fmt in formats:
                path = directory / f"{stem}.{fmt}"

                def write(handle: IO[bytes], fmt: str = fmt) -> None:
                    fig.savefig(handle, format=fmt, dpi=dpi, metadata=metadata_of[fmt],
                                bbox_inches="tight", pad_inches=0.08)

                _write_atomically(path, write)
                paths.append(path)
    finally:
        plt.close(fig)
    return paths


def save_pdf(figures: Sequence[Figure], path: Path) -> Path:
    """Every chart in one PDF, one per page at its own size, byte-identical from run to run.

    For printing or mailing the whole set: pages are the charts' A4-text-width size, so
    they print at 100% on A4. No dates or software names in the file (`PDF_METADATA`);
    written to a temporary name and renamed, like `save_figure`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(handle: IO[bytes]) -> None:
        with matplotlib.rc_context(HOUSE_STYLE), PdfPages(handle,
                                                          metadata=PDF_METADATA) as pdf:
            for fig in figures:
                pdf.savefig(fig, bbox_inches="tight", pad_inches=0.08)

    _write_atomically(path, write)
    return path


# --- drawing -------------------------------------------------------------------------------


def _rate_bars(records: list[dict], names: list[str], *, title: str, subtitle: str,
               context: ChartContext, note: str = "", tails: Sequence[str] = ()) -> Figure:
    """Horizontal bars, first record at the top, labelled at their ends; the target as a line.

    `note` is a line of the footnote about the data, above the source line; `tails`, if
    given, what follows each name uncut (`_name_label`). A record with a `status_label` (a
    unit not counted, "chưa báo cáo") has no bar, that label in its place."""
    lang = context.lang
    words = _TEXT[lang]
    target = _target_text(context)
    rates = [float("nan") if _is_missing(row["rate"]) else float(row["rate"]) for row in records]
    below = [not _is_missing(rate) and not _meets(rate, context.target) for rate in rates]
    labels = [
        row.get("status_label") or (f"{BELOW_MARK} " if is_below else "")
        + f"{_rate_text(rate, context)} "
        + f"({format_count(row['attended'], lang)}/{format_count(row['expected'], lang)})"
        for row, rate, is_below in zip(records, rates, below, strict=True)
    ]
    no_rate = any(math.isnan(rate) and not row.get("status_label")
                  for row, rate in zip(records, rates, strict=True))
    names = [_name_label(name, tail) for name, tail in
             zip(names, tails or [""] * len(names), strict=True)]

    left_in = _PAD + max(_text_width(name, BODY_SIZE) for name in names) + 0.1
    # The axis as wide as the longest bar-plus-label allows: each label must end inside the
    # figure, and so must half of the "100%" tick label.
    room = FIGURE_WIDTH_IN - _PAD - left_in
    label_pad_in = (_LABEL_PAD_PT + 2) / 72
    widths = [room - _text_width("100%", BODY_SIZE) / 2]
    for rate, label in zip(rates, labels, strict=True):
        end = 0.0 if math.isnan(rate) else max(rate, 0.0)
        pad_in = label_pad_in
        if context.target - _NEAR_TARGET <= end < context.target:
            # Its label may start past the target line (below).
            end, pad_in = context.target, label_pad_in + _TARGET_CLEARANCE_PT / 72
        spare = room - pad_in - _text_width(label, BODY_SIZE)
        widths.append(spare / end if end > 0 else spare + 1)
    axis_in = max(min(widths), _MIN_AXIS_IN)

    footnote = _join_lines(
        words["below_key"].format(mark=BELOW_MARK, target=target) if any(below) else "",
        words["no_rate_key"].format(none=NO_DATA) if no_rate else "",
        note,
        context.source_note,
    )
    fig, ax = _frame(
        keep=_phase_phrases(context),
        title=title, subtitle=subtitle, footnote=footnote,
        body_in=len(records) * _ROW_PITCH, min_body_in=len(records) * _min_pitch(names),
        left_in=left_in, axis_in=axis_in,
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
    points_per_unit = ax.get_position().width * FIGURE_WIDTH_IN * 72
    lead_pt = _text_width(f"{BELOW_MARK} ", BODY_SIZE) * 72 + 2
    for annotation, is_below, row, rate in zip(annotations, below, records, rates,
                                               strict=True):
        if is_below:
            annotation.set_color(HIGHLIGHT)
        elif row.get("status_label"):
            annotation.set_color(MUTED_COLOUR)
        # A label the target line would run into at its start, or through its "▼", starts
        # clear past the line: a bar ending just short of it had its "▼" on the line (QA
        # rounds 86 #8, 88 #6). A label the line crosses further on hides it (its box).
        if not math.isnan(rate) and context.target - rate <= _NEAR_TARGET:
            into_label = (context.target - max(rate, 0.0)) * points_per_unit - _LABEL_PAD_PT
            if -_TARGET_CLEARANCE_PT < into_label <= lead_pt:
                annotation.xyann = (into_label + _LABEL_PAD_PT + _TARGET_CLEARANCE_PT, 0)
    ax.set_yticks(positions, names)
    ax.set_ylim(len(records) - 0.5, -0.5)  # first record at the top
    _percent_axis(ax, lang)
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_color(TEXT_COLOUR)  # the zero line all bars start from
    _target_line(ax, context)
    return _realised(fig)


def _share_bars(records: list[dict], names: list[str], segments: list[str], *, title: str,
                subtitle: str, context: ChartContext, note: str = "",
                tails: Sequence[str] = ()) -> Figure:
    """100% stacked horizontal bars, first record at the top; legend above; the target line.

    `note` and `tails` as `_rate_bars`'."""
    lang = context.lang
    words = _TEXT[lang]
    target = _target_text(context)
    names = [_name_label(name, tail) for name, tail in
             zip(names, tails or [""] * len(names), strict=True)]
    left_in = _PAD + max(_text_width(name, BODY_SIZE) for name in names) + 0.1
    axis_in = FIGURE_WIDTH_IN - _PAD - left_in - _text_width("100%", BODY_SIZE) / 2
    below = [not _is_missing(row["rate"]) and not _meets(row["rate"], context.target)
             for row in records]

    labels = [words[name] for name in segments]
    handles = [Patch(facecolor=SEGMENT_COLOURS[name], edgecolor="white", linewidth=0,
                     hatch=SEGMENT_HATCHES.get(name)) for name in segments]
    columns = _legend_columns(labels, FIGURE_WIDTH_IN - 2 * _PAD)
    legend_rows = math.ceil(len(labels) / columns)
    line_in = _text_height("Ag", BODY_SIZE)
    legend_in = legend_rows * line_in + (legend_rows - 1) * _LEGEND_ROW_GAP * BODY_SIZE / 72
    target_in = BODY_SIZE * 1.6 / 72

    def segment_text(name: str, share: float, is_below: bool) -> str:
        """What a segment says, "" where it does not fit inside with room to spare."""
        text = _rate_text(share, context) if name == "attended" else format_percent(
            share, lang)
        if name == "attended" and is_below:
            text = f"{BELOW_MARK} {text}"
        fits = _text_width(text, CELL_SIZE, "bold" if is_below else "normal") + 0.08 \
            <= share * axis_in
        return text if fits else ""

    shares_of = {name: [row[name] / row["expected"] if row["expected"] > 0 else 0.0
                        for row in records] for name in segments}
    unwritten = any(share > 0 and not segment_text(name, share, is_below)
                    for name in segments
                    for share, is_below in zip(shares_of[name], below, strict=True))
    # Each key only where its mark is drawn (QA round 72 #3: "▼" keyed with no unit under).
    footnote = _join_lines(
        " ".join(key for key in (
            words["absence_key"].format(mark=BELOW_MARK, target=target) if any(below) else "",
            words["narrow_key"] if unwritten else "") if key),
        note,
        context.source_note,
    )
    fig, ax = _frame(
        keep=_phase_phrases(context),
        title=title, subtitle=subtitle, footnote=footnote,
        body_in=len(records) * _ROW_PITCH, min_body_in=len(records) * _min_pitch(names),
        left_in=left_in, axis_in=axis_in,
        above_in=legend_in + _LEGEND_GAP + target_in, below_in=BODY_SIZE * 2.2 / 72,
    )
    positions = np.arange(len(records))
    lefts = np.zeros(len(records))
    for name in segments:
        shares = np.array(shares_of[name])
        colour = SEGMENT_COLOURS[name]
        bars = ax.barh(positions, shares, left=lefts, height=_BAR_HEIGHT, color=colour,
                       edgecolor="white", linewidth=0.6, zorder=2, label=words[name])
        if name in SEGMENT_HATCHES:
            for bar in bars:
                bar.set_hatch(SEGMENT_HATCHES[name])
                bar.set_hatchcolor("white")
        for position, left, share, is_below in zip(positions, lefts, shares, below,
                                                    strict=True):
            text = segment_text(name, share, is_below) if share > 0 else ""
            if not text:
                continue
            ax.text(left + share / 2, position, text, ha="center", va="center",
                    fontsize=CELL_SIZE, color=_text_colour_on(colour), zorder=4,
                    fontweight="bold" if name == "attended" and is_below else "normal",
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": colour,
                          "edgecolor": "none"} if name in SEGMENT_HATCHES else None)
        lefts = lefts + shares
    for position, row in zip(positions, records, strict=True):
        if _is_missing(row["rate"]):  # nobody expected: no bar to draw
            ax.text(0.01, position, NO_DATA, ha="left", va="center", color=MUTED_COLOUR)
    ax.set_yticks(positions, names)
    ax.set_ylim(len(records) - 0.5, -0.5)
    _percent_axis(ax, lang)
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_color(TEXT_COLOUR)
    _target_line(ax, context)

    # The legend in the data's order, left to right, above the target label.
    height = fig.get_figheight()
    top_of_axes = ax.get_position().y1 * height
    order = _row_major(len(labels), columns)
    fig.legend([handles[i] for i in order], [labels[i] for i in order], ncols=columns,
               loc="lower left", bbox_to_anchor=(_PAD / FIGURE_WIDTH_IN,
                                                 (top_of_axes + target_in + _LEGEND_GAP) / height),
               bbox_transform=fig.transFigure, borderpad=0, borderaxespad=0,
               handlelength=_LEGEND_HANDLE, handleheight=0.9, handletextpad=_LEGEND_TEXT_PAD,
               columnspacing=_LEGEND_SPACING, labelspacing=_LEGEND_ROW_GAP,
               fontsize=BODY_SIZE, labelcolor=TEXT_COLOUR)
    return _realised(fig)


def _legend_columns(labels: list[str], width_in: float) -> int:
    """As many columns as fit in width_in (matplotlib sizes each column to its widest entry)."""
    em = BODY_SIZE / 72
    for columns in range(len(labels), 0, -1):
        widths = [max(_text_width(labels[i], BODY_SIZE) for i in entries)
                  + (_LEGEND_HANDLE + _LEGEND_TEXT_PAD) * em
                  for entries in _legend_layout(len(labels), columns)]
        if sum(widths) + (columns - 1) * _LEGEND_SPACING * em <= width_in:
            return columns
    return 1


def _legend_layout(count: int, columns: int) -> list[list[int]]:
    """The entries of each legend column when entries are to read row by row.

    Matplotlib fills a legend column by column, the first columns taking one more entry
    when the count does not divide (numpy's array_split): entry i goes to column
    i % columns, so the first columns are the longer ones, as matplotlib expects.
    """
    return [list(range(column, count, columns)) for column in range(columns)]


def _row_major(count: int, columns: int) -> list[int]:
    """Entry order to hand to matplotlib's legend so that it reads row by row."""
    return [i for entries in _legend_layout(count, columns) for i in entries]


# How far a dot's label reaches from it, in inches: its offset and its height.
_LABEL_REACH_IN = (10 + BODY_SIZE * 1.2) / 72


def _trend_dots(pooled: pd.DataFrame, *, title: str, subtitle: str,
                context: ChartContext, note: str = "", groups_note: str = "") -> Figure:
    """Campaigns left to right, one labelled dot each joined by a line; the target dashed.
    Campaigns of different `group`s are not joined: a rule between them, each group named
    under its dots."""
    lang = context.lang
    words = _TEXT[lang]
    target = _target_text(context)
    count = len(pooled)
    rates = [float("nan") if _is_missing(rate) else float(rate) for rate in pooled["rate"]]
    targets = pooled["target"].tolist()
    below = [not math.isnan(rate) and not _meets(rate, own)
             for rate, own in zip(rates, targets, strict=True)]
    known = [rate for rate in rates if not math.isnan(rate)]
    # Room under the lowest dot for a label written below it.
    low = min([rate - 0.02 for rate in known] + [context.target - 0.10])
    bottom = max(0.0, _floor_to(low, 0.05))

    target_label = _TEXT[lang]["target"].format(target=target)
    tick_width = _text_width("100%", BODY_SIZE)
    left_in = _PAD + tick_width + 0.1
    right_in = _text_width(target_label, BODY_SIZE, "bold") + 0.1 + _PAD
    axis_in = FIGURE_WIDTH_IN - left_in - right_in
    column_in = axis_in / count
    # A campaign named by its start ("09/2015") does not get the month under it again.
    names = [
        _wrap_at_hyphens(_wrap(name, BODY_SIZE, column_in - 0.05), BODY_SIZE,
                         column_in - 0.05)
        + ("" if name == month_text(start, lang) else "\n" + month_text(start, lang))
        for name, start in zip(pooled["name"], pooled["start"], strict=True)
    ]
    name_lines = max(name.count("\n") + 1 for name in names)
    # "▼" keyed only when a campaign is under its target (QA round 72 #3).
    key = words["trend_key"].format(mark=BELOW_MARK, target=target) if any(below) else ""
    if len(set(targets)) > 1:
        key = words["trend_key_own" if any(below) else "trend_targets"].format(
            mark=BELOW_MARK, target=target, targets="; ".join(
                f"{name} {format_percent(own, lang, decimals=0)}"
                for name, own in zip(pooled["name"], targets, strict=True)))
    footnote = _join_lines(groups_note, " ".join(filter(None, (key, words["trend_axis"]))),
                           note, context.source_note)
    fig, ax = _frame(
        keep=_phase_phrases(context),
        title=title, subtitle=subtitle, footnote=footnote, body_in=_TREND_BODY_IN,
        left_in=left_in, axis_in=axis_in, above_in=BODY_SIZE * 2.6 / 72,  # a label at 100%
        below_in=name_lines * BODY_SIZE * _LINE_SPACING / 72 + 0.12,
    )
    positions = np.arange(count)
    runs = _runs(pooled["group"].tolist())
    run_of = {position: number for number, run in enumerate(runs) for position in run}
    for run in runs:
        ax.plot(positions[run], [rates[i] for i in run], color=TREND_COLOUR, linewidth=1.4,
                zorder=3)
    if len(runs) > 1:
        for run in runs[1:]:
            ax.axvline(run[0] - 0.5, color=MUTED_COLOUR, linewidth=1.0, zorder=2)
        for run in runs:
            # Under the dots, where the axis leaves at least 2 points below the lowest one.
            ax.annotate(pooled["group"].iloc[run[0]], xy=(sum(run) / len(run), bottom),
                        xytext=(0, 4), textcoords="offset points", ha="center",
                        va="bottom", fontsize=NOTE_SIZE, color=MUTED_COLOUR)
    for position, rate, is_below in zip(positions, rates, below, strict=True):
        if math.isnan(rate):
            ax.annotate(NO_DATA, xy=(position, bottom), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom",
                        color=MUTED_COLOUR)
            continue
        ax.plot([position], [rate], linestyle="none", zorder=4,
                marker="v" if is_below else "o", markersize=9 if is_below else 7,
                color=HIGHLIGHT if is_below else TREND_COLOUR,
                markeredgecolor="white", markeredgewidth=1)
        # Against the campaign's own target, as its mark is: "▼ 97,0%" under a 97% target
        # read as a contradiction (QA round 39).
        label = format_percent(rate, lang, target=targets[position])
        # Above the dot, unless the line runs above it (a dip): then below, clear of the line.
        # Neighbours on its own line: across a break no line runs to them.
        neighbours = [rates[i] for i in (position - 1, position + 1)
                      if 0 <= i < count and run_of[i] == run_of[position]
                      and not math.isnan(rates[i])]
        above = not neighbours or rate >= sum(neighbours) / len(neighbours)
        # Nor across the target line: a dot just under it has its label under it, one just
        # over it over it (QA round 84 #8: "▼ 94,6%" printed above the line its dot was under).
        if abs(rate - context.target) < _LABEL_REACH_IN / _TREND_BODY_IN * (1.0 - bottom):
            above = rate >= context.target
        ax.annotate(f"{BELOW_MARK} {label}" if is_below else label, xy=(position, rate),
                    xytext=(0, 8 if above else -10), textcoords="offset points",
                    ha="center", va="bottom" if above else "top",
                    fontsize=BODY_SIZE, fontweight="bold" if is_below else "normal",
                    color=HIGHLIGHT if is_below else TEXT_COLOUR, zorder=5,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                          "edgecolor": "none"})
    ax.axhline(context.target, color=TARGET_COLOUR, linewidth=1.3, linestyle=(0, (4, 2)),
               zorder=2)
    ax.annotate(target_label, xy=(1, context.target), xycoords=ax.get_yaxis_transform(),
                xytext=(5, 0), textcoords="offset points", ha="left", va="center",
                fontsize=BODY_SIZE, fontweight="bold", color=TARGET_COLOUR,
                annotation_clip=False)
    ax.set_xlim(-0.5, count - 0.5)
    ax.set_xticks(positions, names)
    step = 0.05 if 1 - bottom <= 0.3 else 0.1
    ticks = [t for t in np.arange(1.0, bottom - 1e-9, -step)][::-1]
    ax.set_ylim(bottom, 1.0)
    ax.set_yticks(ticks, [format_percent(t, lang, decimals=0) for t in ticks])
    ax.grid(False)
    ax.yaxis.grid(True)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_color(TEXT_COLOUR)
    return _realised(fig)


def _heatmap(rates: pd.DataFrame, *, title: str, subtitle: str, footnote: str,
             group_breaks: list[int], context: ChartContext,
             marks: dict[tuple[str, str], str],
             partial: Collection[tuple[str, str]] = ()) -> Figure:
    """`marks`: (unit, phase) -> what its cell without a rate shows instead of `NO_DATA`;
    `partial`: (unit, phase) of the cells whose rate gets `PARTIAL_MARK`."""
    lang = context.lang
    n_rows, n_cols = rates.shape
    values = np.ma.masked_invalid(rates.to_numpy(dtype="float64"))
    low = float(values.min()) if values.count() else context.target
    vmin = max(0.0, min(_floor_to(low, 0.05), _floor_to(context.target - 0.10, 0.05)))
    norm = Normalize(vmin=vmin, vmax=1.0)
    cmap = matplotlib.colormaps[HEATMAP_CMAP].with_extremes(bad=MISSING_COLOUR)

    names = [_name_label(name) for name in rates.index]
    left_in = _PAD + max(_text_width(name, BODY_SIZE) for name in names) + 0.1
    # Cells can be shorter than bar rows, unless a name needs two lines.
    row_pitch = _ROW_PITCH if any("\n" in name for name in names) else 0.27
    column_in = min(1.1, (FIGURE_WIDTH_IN - _PAD - left_in) / n_cols)
    column_labels = [_wrap(_phase_label(context, phase), BODY_SIZE, column_in - 0.08)
                     for phase in rates.columns]
    header_lines = max(label.count("\n") + 1 for label in column_labels)
    scale_in = 0.12  # the colour bar's height
    caption = _TEXT[lang]["heatmap_scale"].format(target=_target_text(context))
    # Under the grid: a gap, the colour bar, its tick labels and its caption, each as tall
    # as it is drawn (matplotlib's 3.5 pt tick pad and 4 pt label pad), so that a long
    # footnote never runs into the caption (QA round 82 #7).
    below_in = 0.22 + scale_in + (3.5 + 4) / 72 + _text_height("85%", NOTE_SIZE) \
        + _text_height(caption, NOTE_SIZE) + 0.02
    fig, ax = _frame(
        keep=_phase_phrases(context),
        title=title, subtitle=subtitle, footnote=footnote, body_in=n_rows * row_pitch,
        left_in=left_in, axis_in=column_in * n_cols,
        above_in=header_lines * BODY_SIZE * _LINE_SPACING / 72 + 0.06, below_in=below_in,
    )
    mesh = ax.pcolormesh(values, cmap=cmap, norm=norm, edgecolors="white", linewidth=1.5)
    for row in range(n_rows):
        for col in range(n_cols):
            value = values[row, col]
            if value is np.ma.masked:
                ax.text(col + 0.5, row + 0.5,
                        marks.get((rates.index[row], rates.columns[col]), NO_DATA),
                        ha="center", va="center", fontsize=CELL_SIZE, color=MUTED_COLOUR)
                continue
            is_below = not _meets(float(value), context.target)
            text = _rate_text(float(value), context)
            if (rates.index[row], rates.columns[col]) in partial:
                text += PARTIAL_MARK
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
    # As wide as the grid up to 3.2 in, and never narrower than 2.6 in: under the single
    # column of a campaign's first phase, 5-point steps ran together (QA round 86 #8).
    scale_width = max(min(box.width, 3.2 / FIGURE_WIDTH_IN),
                      min(2.6 / FIGURE_WIDTH_IN, 1 - box.x0 - _PAD / FIGURE_WIDTH_IN))
    cax = fig.add_axes((box.x0, box.y0 - (0.22 + scale_in) / height, scale_width,
                        scale_in / height))
    bar = fig.colorbar(mesh, cax=cax, orientation="horizontal")
    step = 0.05 if 1 - vmin <= 0.3 else 0.1
    ticks = [t for t in np.arange(1.0, vmin - 1e-9, -step)][::-1]
    bar.set_ticks(ticks, labels=[format_percent(t, lang, decimals=0) for t in ticks])
    bar.outline.set_visible(False)
    cax.tick_params(length=0, labelsize=NOTE_SIZE)
    cax.axvline(context.target, color=TARGET_COLOUR, linewidth=2)
    cax.set_xlabel(caption, fontsize=NOTE_SIZE, color=MUTED_COLOUR, loc="left")
    cax.grid(False)
    return _realised(fig)


def _frame(*, title: str, subtitle: str, footnote: str, body_in: float, left_in: float,
           axis_in: float, above_in: float, below_in: float,
           min_body_in: float | None = None, keep: Sequence[str] = ()) -> tuple[Figure, Axes]:
    """A figure sized to its content: title, subtitle, the axes, then the footnote.

    `above_in`/`below_in` are the room the axes need for what they draw outside themselves
    (the target label, tick labels); all texts start at the same left edge. A figure that
    would be taller than `MAX_HEIGHT_IN` gets a shorter body (thinner rows), but never
    shorter than `min_body_in`: text keeps its size, so a chart is never scaled down.
    """
    text_in = FIGURE_WIDTH_IN - 2 * _PAD
    title = _wrap(title, TITLE_SIZE, text_in, weight="bold", keep=keep)
    subtitle = _wrap(subtitle, SUBTITLE_SIZE, text_in, keep=keep)
    footnote = _wrap(footnote, NOTE_SIZE, text_in)
    title_in = _text_height(title, TITLE_SIZE)
    subtitle_in = _text_height(subtitle, SUBTITLE_SIZE)
    footnote_in = _text_height(footnote, NOTE_SIZE)
    header_in = _PAD + title_in + _TITLE_GAP + subtitle_in + _HEADER_GAP + above_in
    footer_in = below_in + (_FOOT_GAP + footnote_in if footnote else 0) + _PAD
    if header_in + body_in + footer_in > MAX_HEIGHT_IN and min_body_in is not None:
        body_in = max(min_body_in, MAX_HEIGHT_IN - header_in - footer_in)
    height = header_in + body_in + footer_in

    fig = Figure(figsize=(FIGURE_WIDTH_IN, height))
    FigureCanvasAgg(fig)  # a canvas of its own: no pyplot state, usable without a GUI
    fig.set_label(" ".join(title.split()))  # the chart's words for a reader who cannot see it
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
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        write(handle)


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


def met_of(rates: Iterable[object], target: float) -> tuple[int, int]:
    """(units meeting the target, units with a rate): the "N/M đơn vị đạt chỉ tiêu" of every
    chart. A unit nobody was expected at has no rate: it neither meets nor misses the target,
    so it is in neither number."""
    known = [rate for rate in rates if not _is_missing(rate)]
    return sum(_meets(rate, target) for rate in known), len(known)


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


def _in_part(context: ChartContext, phase: object, unit: object) -> str:
    """The unit's status in the phase if it is counted in part (`IN_PART_STATUSES`), else ""."""
    status = context.unit_status.get((str(phase), clean_text(unit)), "")
    return status if status in IN_PART_STATUSES else ""


def _in_part_key(statuses: Iterable[str], context: ChartContext, key: str = "in_part_key") -> str:
    """What `PARTIAL_MARK` means, naming only the reasons some marked unit has; "" when no
    unit is marked."""
    given = set(statuses)
    present = [status for status in IN_PART_STATUSES if status in given]
    if not present:
        return ""
    words = _TEXT[context.lang]
    return words[key].format(mark=PARTIAL_MARK,
                             reasons=words["or"].join(words[status] for status in present))


def _phase_order(phases: pd.Series, context: ChartContext) -> list[str]:
    present = list(dict.fromkeys(phases))
    known = [str(phase) for phase in context.phase_labels if str(phase) in present]
    return known + [phase for phase in present if phase not in known]


def _phase_label(context: ChartContext, phase: object) -> str:
    label = context.phase_labels.get(str(phase))
    return clean_text(label) if label else _TEXT[context.lang]["phase"].format(phase=phase)


def _phase_rows(frame: pd.DataFrame, phase: str, name: str) -> pd.DataFrame:
    rows = frame[frame["phase"].astype(str) == str(phase)]
    if rows.empty:
        present = ", ".join(dict.fromkeys(frame["phase"].astype(str)))
        raise ValueError(
            f"{name} has no rows for phase {phase!r} (phases present: {present or 'none'}); "
            "pass one of those phase ids."
        )
    return rows


def _rate_text(rate: float, context: ChartContext) -> str:
    """A rate to one decimal, or more where one would round a miss up to the target:
    "▼ 95,0%" under a 95% target reads as a contradiction; "▼ 94,95%" does not."""
    return format_percent(rate, context.lang, target=context.target)


def month_text(date: object, lang: str) -> str:
    """09/2015 in Vietnamese, Sep 2015 in English (no locale needed)."""
    stamp = pd.Timestamp(date)
    if lang == "vi":
        return f"{stamp.month:02d}/{stamp.year}"
    return f"{_MONTHS_EN[stamp.month - 1]} {stamp.year}"


def _min_pitch(names: list[str]) -> float:
    """The thinnest row a chart may shrink to: a line of text, or two for wrapped names."""
    return _ROW_PITCH if any("\n" in name for name in names) else _MIN_ROW_PITCH


def _phase_phrases(context: ChartContext) -> list[str]:
    """Phase labels, which a title must not break ("Giai đoạn / 2")."""
    return [_phase_label(context, phase) for phase in context.phase_labels]


def _target_text(context: ChartContext) -> str:
    """95% rather than 95,0%: targets are round numbers, unless they are not."""
    whole = abs(context.target * 100 - round(context.target * 100)) < 1e-9
    return format_percent(context.target, context.lang, decimals=0 if whole else 1)


def with_place(template: str, place: str, **values: str) -> str:
    """A subtitle `template` ("…, {place}" or "{place}, …") filled in; without a place (no
    `place` in campaign.toml) the comma that would join it goes too, never a stray ","."""
    if place.strip():
        return template.format(place=place.strip(), **values)
    text = re.sub(r"\s*,\s*\{place\}|\{place\}\s*,\s*", "", template).format(**values)
    # "{place}, các đợt…" without a place opens the line: "Các đợt…".
    return text[:1].upper() + text[1:] if template.startswith("{place}") else text


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
    """Height in inches of a block of lines, spaced as matplotlib spaces them
    (`matplotlib.text.Text._get_layout`): a line of capitals with their marks ("Ở", "Ấ") is
    taller than "lp", and a footnote of eight such lines, measured by "lp", grew up into
    the axis labels above it (QA round 82 #7)."""
    if not text:
        return 0.0
    prop = FontProperties(family=[FONT_FAMILY], size=size)
    renderer = RendererAgg(1, 1, 72)
    _, lp_height, lp_descent = renderer.get_text_width_height_descent("lp", prop, ismath=False)
    pitch = (lp_height - lp_descent) * _LINE_SPACING
    total = descent = 0.0
    for position, line in enumerate(text.split("\n")):
        _, height, descent = renderer.get_text_width_height_descent(line or "lp", prop,
                                                                    ismath=False)
        height, descent = max(height, lp_height), max(descent, lp_descent)
        total += height - descent if position == 0 else max(pitch, (height - descent)
                                                            * _LINE_SPACING)
    return (total + descent) / 72


def _wrap(text: str, size: float, width_in: float, weight: str = "normal",
          keep: Sequence[str] = ()) -> str:
    """Break at spaces so that no line is wider than width_in (a single long word stays).

    The phrases in `keep` (phase labels such as "Giai đoạn 2") are never broken, a number is
    never separated from the word before it, and a last line of one word takes the word
    before it along, so a title does not end on a lone "2".
    """
    lines = []
    for paragraph in text.split("\n"):
        rows: list[list[str]] = [[]]
        for word in _words(paragraph, keep):
            trial = " ".join([*rows[-1], word])
            if rows[-1] and _text_width(trial, size, weight) > width_in:
                rows.append([word])
            else:
                rows[-1].append(word)
        if len(rows) > 1 and len(rows[-1]) == 1 and len(rows[-2]) > 2:
            moved = [rows[-2][-1], *rows[-1]]
            if _text_width(" ".join(moved), size, weight) <= width_in:
                rows[-2:] = [rows[-2][:-1], moved]
        lines.extend(" ".join(row) for row in rows)
    return "\n".join(lines)


def _wrap_at_hyphens(text: str, size: float, width_in: float) -> str:
    """Lines still wider than width_in broken after their hyphens or underscores: a
    campaign's id, "demo-2015-long-bien", has no space to break at (QA round 45: four ids
    under a trend chart ran into each other)."""
    lines = []
    for line in text.split("\n"):
        if _text_width(line, size) <= width_in:
            lines.append(line)
            continue
        parts = re.split(r"(?<=[-_])", line)
        # Two lines as even as they can be ("demo-2015-" over "long-bien"), else greedy.
        halves = [("".join(parts[:cut]), "".join(parts[cut:])) for cut in range(1, len(parts))]
        fitting = [half for half in halves
                   if max(_text_width(text, size) for text in half) <= width_in]
        if fitting:
            lines.extend(min(fitting, key=lambda half: max(_text_width(text, size)
                                                           for text in half)))
            continue
        rows = [""]
        for part in parts:
            if rows[-1] and _text_width(rows[-1] + part, size) > width_in:
                rows.append(part)
            else:
                rows[-1] += part
        lines.extend(rows)
    return "\n".join(lines)


def _name_label(name: str, tail: str = "") -> str:
    """A unit's or class's name beside its row: wrapped to `_MAX_NAME_IN`, on at most
    `_MAX_NAME_LINES` lines, the rows' pitch having room for no more. A longer name is cut
    at a word and ends in "…", before an opening bracket it would leave unclosed: "Đảng bộ
    Cơ quan Ủy ban nhân dân quận Long Biên (Khối Dân chính Đảng)" is "Đảng bộ Cơ quan Ủy ban
    nhân / dân quận Long Biên…". The tables beside the chart keep the whole name.

    `tail` ("(Bồ Đề)", the unit that tells two classes of one name apart) follows the name
    and is never cut: the name before it is (QA round 34: two bars both read "Lớp 1 - Hội
    trường Ủy ban nhân / dân phường (sáng thứ Bảy)…", the units lost in the cut)."""
    lines = _wrap(f"{name} {tail}" if tail else name, BODY_SIZE, _MAX_NAME_IN).split("\n")
    if len(lines) <= _MAX_NAME_LINES:
        return "\n".join(lines)
    end = f" {tail}" if tail else ""
    if _text_width(ELLIPSIS + end, BODY_SIZE) > _MAX_NAME_IN / 2:
        end = ""  # a tail as long as a name is cut with it
    lines = _wrap(name, BODY_SIZE, _MAX_NAME_IN).split("\n")
    kept = lines[:_MAX_NAME_LINES - 1]
    words = " ".join(lines[_MAX_NAME_LINES - 1:]).split(" ")

    def unclosed(candidate: list[str]) -> bool:
        text = " ".join([*kept, *candidate])
        return text.count("(") > text.count(")") or text.count("[") > text.count("]")

    def fits(candidate: list[str]) -> bool:
        return _text_width(" ".join(candidate) + ELLIPSIS + end, BODY_SIZE) <= _MAX_NAME_IN

    last = words[:1]
    for count in range(len(words), 0, -1):
        if fits(words[:count]) and not unclosed(words[:count]):
            last = words[:count]
            break
    else:  # no word boundary fits: cut the first word by characters
        word = words[0]
        while len(word) > 1 and not fits([word]):
            word = word[:-1]
        last = [word]
    text = " ".join(last).rstrip(" ,;:-–(")
    return "\n".join([*kept, text + ELLIPSIS + end])


def _words(paragraph: str, keep: Sequence[str]) -> list[str]:
    """The units _wrap may break between: words, with kept phrases and numbers glued on."""
    glue = "\x00"
    for phrase in sorted({p for p in keep if " " in p}, key=len, reverse=True):
        paragraph = paragraph.replace(phrase, phrase.replace(" ", glue))
    words: list[str] = []
    for word in paragraph.split(" "):
        if words and word[:1].isdigit() and words[-1][-1:] not in ",;:":
            words[-1] = f"{words[-1]}{glue}{word}"
        else:
            words.append(word)
    return [word.replace(glue, " ") for word in words]

"""A unit renamed with a long name ("Đảng bộ Cơ quan Ủy ban nhân dân quận Long Biên (Khối Dân
chính Đảng)") keeps every chart's row labels legible and apart: two lines at most, the
second cut at a word with "…", never touching the next row's label."""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from analysis.charts import (
    ChartContext,
    _name_label,
    absence_breakdown,
    phase_comparison,
    rate_by_ward,
    ward_phase_heatmap,
)

LONG = "Đảng bộ Cơ quan Ủy ban nhân dân quận Long Biên (Khối Dân chính Đảng)"
ROWS = [  # phase, unit, kind, expected, attended
    ("1", LONG, "committee", 530, 521),
    ("1", "Ngọc Lâm", "ward", 318, 309),
    ("1", "Gia Thụy", "ward", 265, 257),
    ("2", LONG, "committee", 530, 523),
    ("2", "Ngọc Lâm", "ward", 318, 311),
]


def frame() -> pd.DataFrame:
    return pd.DataFrame([{
        "phase": phase, "ward": ward, "kind": kind, "expected": expected,
        "attended": attended, "absent_excused": expected - attended, "absent_unexcused": 0,
        "absent_unspecified": 0, "rate": attended / expected,
    } for phase, ward, kind, expected, attended in ROWS])


def context() -> ChartContext:
    return ChartContext(campaign_title="Học tập Nghị quyết", place="Quận Long Biên, Hà Nội",
                        phase_labels={"1": "Giai đoạn 1", "2": "Giai đoạn 2"}, target=0.95,
                        lang="vi", source_note="Nguồn: 2 tệp")


def test_a_long_name_is_cut_at_a_word_on_its_second_line():
    assert _name_label(LONG) == "Đảng bộ Cơ quan Ủy ban nhân\ndân quận Long Biên…"
    assert _name_label("Ngọc Lâm") == "Ngọc Lâm"
    # Two lines are kept whole.
    assert _name_label("Đảng bộ Khối các cơ quan quận") == "Đảng bộ Khối các cơ quan quận"


@pytest.mark.parametrize("draw", [
    lambda: rate_by_ward(frame(), "1", context()),
    lambda: absence_breakdown(frame(), "1", context()),
    lambda: ward_phase_heatmap(frame(), context()),
], ids=["rate_by_ward", "absence_breakdown", "ward_phase_heatmap"])
def test_row_labels_stay_apart(draw):
    fig = draw()
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [label for label in ax.get_yticklabels() if label.get_text()]
    texts = [label.get_text() for label in labels]
    assert "Đảng bộ Cơ quan Ủy ban nhân\ndân quận Long Biên…" in texts
    assert all(text.count("\n") <= 1 for text in texts)
    boxes = sorted((label.get_window_extent(renderer) for label in labels),
                   key=lambda box: box.y0)
    for lower, upper in itertools.pairwise(boxes):
        assert upper.y0 - lower.y1 >= 2, (lower, upper)  # at least 2 px between rows


TALL_NOTE = ". ".join(["Giai đoạn 1: tính một phần Ở Ấp Ấn, Ủy ban, Ở Ấp Đông"] * 12)


@pytest.mark.parametrize("draw", [
    lambda note: rate_by_ward(frame(), "1", note),
    lambda note: ward_phase_heatmap(frame(), note),
    lambda note: phase_comparison(frame().groupby("phase", as_index=False)[
        ["expected", "attended"]].sum().assign(rate=lambda table: table["attended"]
                                               / table["expected"]), note),
], ids=["rate_by_ward", "ward_phase_heatmap", "phase_comparison"])
def test_a_long_footnote_of_marked_capitals_stays_under_the_chart(draw):
    # QA round 82 #7: eight lines of a footnote, measured by "lp", ran up over the axis's
    # labels ("0%", "20%") and the colour bar's caption.
    fig = draw(dataclasses.replace(context(), source_note=TALL_NOTE))
    renderer = fig.canvas.get_renderer()
    footnote = min(fig.texts, key=lambda text: text.get_position()[1])
    top = footnote.get_window_extent(renderer).y1
    above = [artist.get_window_extent(renderer).y0 for axes in fig.axes
             for artist in (*axes.get_xticklabels(), axes.xaxis.label) if artist.get_text()]
    assert top < min(above), (top, min(above))

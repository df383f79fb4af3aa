"""Charts drawn for real with Agg, checked against numbers worked out by hand below."""

import datetime as dt
import itertools
import re
import warnings
from dataclasses import replace
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import pyplot as plt
from matplotlib.container import BarContainer
from matplotlib.text import Annotation
from PIL import Image

from analysis import charts, figures, participation
from analysis.charts import (
    ChartContext,
    absence_breakdown,
    campaign_trend,
    class_view,
    phase_comparison,
    rate_by_ward,
    save_figure,
    ward_phase_heatmap,
)

# Phase 1, by hand (target 95%):
#   Ngọc Thụy               8/8     = 100,0%  meets
#   Thượng Thanh          481/500   =  96,2%  meets
#   Cấp quận            1.200/1.250 =  96,0%  meets
#   Đảng bộ Khối Giáo dục   3/4     =  75,0%  below   -> 3 of 4 units meet the target
# Phase 2:
#   Thượng Thanh           19/20    =  95,0%  meets (equal to the target)
#   Ngọc Thụy               9/10    =  90,0%  below
#   Đảng bộ Khối Giáo dục   4/4     = 100,0%  meets
#   Cấp quận: no row                            -> 2 of 3 units meet the target
UNITS = [
    # phase, ward, kind, expected, attended
    ("1", "Thượng Thanh", "ward", 500, 481),
    ("1", "Ngọc Thụy", "ward", 8, 8),
    ("1", "Đảng bộ Khối Giáo dục", "committee", 4, 3),
    ("1", "Cấp quận", "district", 1250, 1200),
    ("2", "Thượng Thanh", "ward", 20, 19),
    ("2", "Ngọc Thụy", "ward", 10, 9),
    ("2", "Đảng bộ Khối Giáo dục", "committee", 4, 4),
]


def ward_phase_frame(rows=UNITS) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "phase": phase, "ward": ward, "kind": kind, "expected": expected,
                "attended": attended, "absent_excused": 0, "absent_unexcused": expected - attended,
                "absent_unspecified": 0, "rate": attended / expected,
            }
            for phase, ward, kind, expected, attended in rows
        ]
    )


def context(lang: str = "vi", **changes) -> ChartContext:
    values = {
        "campaign_title": "Học tập Nghị quyết Đại hội XII",
        "place": "Quận Long Biên, Hà Nội",
        "phase_labels": {"1": "Giai đoạn 1", "2": "Giai đoạn 2"} if lang == "vi"
        else {"1": "Phase 1", "2": "Phase 2"},
        "target": 0.95,
        "lang": lang,
        "source_note": "Nguồn: 4 tệp báo cáo điểm danh; dữ liệu đến 28/11/2015",
    }
    values.update(changes)
    return ChartContext(**values)


def bars_of(ax) -> BarContainer:
    return next(c for c in ax.containers if isinstance(c, BarContainer))


def top_to_bottom(ax) -> list[tuple[str, str, str | None]]:
    """(unit name, bar label, hatch) per bar, in the order a reader sees them, top first."""
    fig = ax.figure
    fig.draw_without_rendering()
    bars = list(bars_of(ax))
    names = {round(tick.get_position()[1]): tick.get_text() for tick in ax.get_yticklabels()}
    labels = [t for t in ax.texts if t.get_text() and t.xycoords == "data"]
    rows = []
    for bar in bars:
        centre = bar.get_y() + bar.get_height() / 2
        screen_y = ax.transData.transform((0, centre))[1]
        label = min(labels, key=lambda t: abs(t.get_window_extent().y0
                                              + t.get_window_extent().height / 2 - screen_y))
        rows.append((screen_y, names[round(centre)], label.get_text(), bar.get_hatch()))
    rows.sort(key=lambda row: -row[0])
    return [row[1:] for row in rows]


def figure_texts(fig) -> list[str]:
    """Every figure-level text (title, subtitle, footnote) with wrapped lines joined again."""
    return [t.get_text().replace("\n", " ") for t in fig.texts]


# --- rate_by_ward --------------------------------------------------------------------------


def test_rate_by_ward_orders_bars_by_rate_and_labels_them_with_rate_and_counts():
    fig = rate_by_ward(ward_phase_frame(), "1", context())

    rows = top_to_bottom(fig.axes[0])

    assert [name for name, _, _ in rows] == [
        "Ngọc Thụy", "Thượng Thanh", "Cấp quận", "Đảng bộ Khối Giáo dục",
    ]
    assert [label for _, label, _ in rows] == [
        "100,0% (8/8)", "96,2% (481/500)", "96,0% (1.200/1.250)", "▼ 75,0% (3/4)",
    ]


def test_rate_by_ward_marks_units_below_target_by_hatch_colour_and_marker():
    fig = rate_by_ward(ward_phase_frame(), "1", context())
    ax = fig.axes[0]

    rows = top_to_bottom(ax)
    bars = {bar.get_width(): bar for bar in bars_of(ax)}

    assert [hatch for _, _, hatch in rows] == [None, None, None, charts.HATCH]
    below = bars[3 / 4]
    above = bars[481 / 500]
    assert below.get_facecolor() != above.get_facecolor()
    assert charts.contrast_ratio(below.get_facecolor(), above.get_facecolor()) >= 3


def test_rate_by_ward_title_counts_units_meeting_target():
    fig = rate_by_ward(ward_phase_frame(), "1", context())

    assert "Giai đoạn 1: 3/4 đơn vị đạt chỉ tiêu 95%" in figure_texts(fig)


def test_rate_by_ward_counts_a_rate_equal_to_the_target_as_met():
    fig = rate_by_ward(ward_phase_frame(), "2", context())

    assert "Giai đoạn 2: 2/3 đơn vị đạt chỉ tiêu 95%" in figure_texts(fig)
    labels = [label for _, label, _ in top_to_bottom(fig.axes[0])]
    assert labels == ["100,0% (4/4)", "95,0% (19/20)", "▼ 90,0% (9/10)"]


def test_rate_by_ward_in_english_uses_decimal_point_and_english_words():
    fig = rate_by_ward(ward_phase_frame(), "1", context("en"))

    labels = [label for _, label, _ in top_to_bottom(fig.axes[0])]
    assert labels == ["100.0% (8/8)", "96.2% (481/500)", "96.0% (1,200/1,250)", "▼ 75.0% (3/4)"]
    assert "Phase 1: 3 of 4 units met the 95% target" in figure_texts(fig)
    ax = fig.axes[0]
    assert "Target 95%" in [t.get_text() for t in ax.texts]


def test_rate_by_ward_axis_runs_from_zero_to_100_percent_with_target_line():
    fig = rate_by_ward(ward_phase_frame(), "1", context())
    ax = fig.axes[0]

    assert ax.get_xlim() == (0.0, 1.0)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert all(bar.get_x() == 0 for bar in bars_of(ax))
    vertical_lines = [line for line in ax.get_lines() if list(line.get_xdata()) == [0.95, 0.95]]
    assert len(vertical_lines) == 1
    assert "Chỉ tiêu 95%" in [t.get_text() for t in ax.texts]


def test_rate_by_ward_has_subtitle_and_source_footnote():
    fig = rate_by_ward(ward_phase_frame(), "1", context())

    texts = figure_texts(fig)
    assert any("Quận Long Biên, Hà Nội" in t and "Học tập Nghị quyết Đại hội XII" in t
               for t in texts)
    footnote = min(fig.texts, key=lambda t: t.get_position()[1])
    assert footnote.get_text().endswith("Nguồn: 4 tệp báo cáo điểm danh; dữ liệu đến 28/11/2015")
    assert footnote.get_position()[0] < 0.05


def test_rate_by_ward_keeps_every_text_inside_the_figure_and_labels_clear_of_bars():
    long_name = "Đảng bộ Khối Doanh nghiệp quận Long Biên và các đơn vị sự nghiệp"
    rows = [*UNITS[:4], ("1", long_name, "committee", 1300, 1299)]
    fig = rate_by_ward(ward_phase_frame(rows), "1", context())
    ax = fig.axes[0]
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    texts = [*fig.texts, *ax.texts, *ax.get_yticklabels(), *ax.get_xticklabels()]

    for text in texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1, text.get_text()
        assert box.y0 >= 0 and box.y1 <= fig.bbox.y1, text.get_text()
    labels = [t for t in ax.texts if t.xycoords == "data"]
    for bar in bars_of(ax):
        bar_end = ax.transData.transform((bar.get_width(), 0))[0]
        centre = ax.transData.transform((0, bar.get_y() + bar.get_height() / 2))[1]
        label = min(labels, key=lambda t: abs((t.get_window_extent(renderer).y0
                                               + t.get_window_extent(renderer).y1) / 2 - centre))
        assert label.get_window_extent(renderer).x0 > bar_end


def test_rate_by_ward_grows_taller_with_more_units_at_a4_width():
    many = [("1", f"Đơn vị {i}", "ward", 10, 10) for i in range(12)]

    small = rate_by_ward(ward_phase_frame(), "1", context())
    large = rate_by_ward(ward_phase_frame(many), "1", context())

    assert small.get_figwidth() == large.get_figwidth() == pytest.approx(6.3)
    assert large.get_figheight() > small.get_figheight() + 8 * 0.3


def test_rate_by_ward_unknown_phase_says_which_phases_exist():
    with pytest.raises(ValueError, match=r"'9'.*1, 2"):
        rate_by_ward(ward_phase_frame(), "9", context())


# --- ward_phase_heatmap --------------------------------------------------------------------


def cells(ax) -> dict[tuple[int, int], object]:
    """(row, column) -> the text artist written in that cell."""
    return {
        (int(t.get_position()[1]), int(t.get_position()[0])): t
        for t in ax.texts
    }


def test_heatmap_orders_rows_by_kind_then_name_and_writes_rates():
    fig = ward_phase_heatmap(ward_phase_frame(), context())
    ax = fig.axes[0]

    rows = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: t.get_position()[1])]
    assert rows == ["Ngọc Thụy", "Thượng Thanh", "Đảng bộ Khối Giáo dục", "Cấp quận"]
    columns = [t.get_text() for t in sorted(ax.get_xticklabels(),
                                            key=lambda t: t.get_position()[0])]
    assert columns == ["Giai đoạn 1", "Giai đoạn 2"]
    grid = {cell: text.get_text() for cell, text in cells(ax).items()}
    assert grid == {
        (0, 0): "100,0%", (0, 1): "▼ 90,0%",
        (1, 0): "96,2%", (1, 1): "95,0%",
        (2, 0): "▼ 75,0%", (2, 1): "100,0%",
        (3, 0): "96,0%", (3, 1): "–",
    }


@pytest.mark.parametrize("attended", [897, 890, 901, 880, 865])
def test_a_bar_label_near_the_target_line_starts_clear_of_it(attended):
    # QA rounds 86 #8, 88 #6: 89,7% against a 90% target, its label's "▼" touching the
    # line; 88,0% and 86,5%, the line through the "▼". Each label starts at least 4 points
    # past the line, or the line crosses it past its "▼" (50%).
    rows = [("1", "Bình Minh", "ward", 1000, attended), ("1", "Kim Sơn", "ward", 100, 50)]
    fig = rate_by_ward(ward_phase_frame(rows), "1", context(target=0.9))
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    line_x = ax.transData.transform((0.9, 0))[0]
    label = next(text for text in ax.texts if text.get_text().startswith(
        ("▼ 8", "90,1%")))

    assert label.get_window_extent(renderer).x0 - line_x >= 4 * fig.dpi / 72
    assert label.get_window_extent(renderer).x1 < fig.bbox.x1  # still inside the figure
    half = next(text for text in ax.texts if text.get_text().startswith("▼ 50,0%"))
    assert half.get_window_extent(renderer).x0 < line_x


@pytest.mark.parametrize("phases", [("1",), ("1", "2")])
def test_heatmap_colour_scale_labels_never_run_together(phases):
    # QA round 86 #8: under a campaign's first phase alone, the scale was as narrow as its
    # one column, "75%80%85%90%95%100%" in one run. Phase 1's lowest rate, 75%, starts it.
    rows = [row for row in UNITS if row[0] in phases]
    fig = ward_phase_heatmap(ward_phase_frame(rows), context())
    renderer = fig.canvas.get_renderer()
    scale = fig.axes[-1]
    labels = sorted((label for label in scale.get_xticklabels() if label.get_text()),
                    key=lambda label: label.get_position()[0])

    assert [label.get_text() for label in labels] == ["75%", "80%", "85%", "90%", "95%",
                                                      "100%"]
    boxes = [label.get_window_extent(renderer) for label in labels]
    gaps = [right.x0 - left.x1 for left, right in itertools.pairwise(boxes)]
    assert min(gaps) > 4  # pixels at the figure's dpi: a space between any two


def test_heatmap_says_why_a_unit_that_reported_has_no_rate():
    # QA round 38: a unit whose two copies differ (held out) showed "–: không có số liệu", as
    # a unit that sent nothing. Phase 2: Cấp quận's copies differ; Phường Mới (in no row of
    # the table) had every row rejected in phase 1, and sent nothing in phase 2.
    not_counted = pd.DataFrame({
        "phase": ["2", "1", "2", "1"],
        "ward": ["Cấp quận", "Phường Mới", "Phường Mới", "Ngọc Thụy"],
        "kind": ["district", "ward", "ward", "ward"],
        "status": ["held_out", "rejected", "missing", "reported"]})
    fig = ward_phase_heatmap(ward_phase_frame(), context(), not_counted=not_counted)
    ax = fig.axes[0]
    rows = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: t.get_position()[1])]
    assert rows == ["Ngọc Thụy", "Phường Mới", "Thượng Thanh", "Đảng bộ Khối Giáo dục",
                    "Cấp quận"]
    grid = {cell: text.get_text() for cell, text in cells(ax).items()}
    # Phường Mới's phase 2, owed and not sent: "…", not "–" (QA round 72 #2).
    assert (grid[(1, 0)], grid[(1, 1)], grid[(4, 1)]) == ("×", "…", "≠")
    assert grid[(0, 0)] == "100,0%"
    shown = " ".join(figure_texts(fig))  # lines wrapped, joined again
    assert ("▼: dưới chỉ tiêu 95%; …: chưa báo cáo. ≠: báo cáo gửi trùng, số liệu khác "
            "nhau, chưa tính. ×: có báo cáo nhưng bị loại (cả tệp hoặc mọi dòng), "
            "chưa tính.") in shown
    # Without such units the key is as before.
    plain = " ".join(figure_texts(ward_phase_heatmap(ward_phase_frame(), context())))
    assert "≠" not in plain and "–: không có số liệu." in plain
    # QA round 63 #10: "–" is explained only where a cell shows it (Cấp quận's phase 2 here).
    whole = ward_phase_frame()
    whole = whole[whole["ward"] != "Cấp quận"]
    shown = " ".join(figure_texts(ward_phase_heatmap(whole, context())))
    assert "▼: dưới chỉ tiêu 95%." in shown and "không có số liệu" not in shown


def test_heatmap_marks_cells_below_target_in_bold_beyond_colour():
    fig = ward_phase_heatmap(ward_phase_frame(), context())
    grid = cells(fig.axes[0])

    assert grid[(2, 0)].get_fontweight() == "bold"
    assert grid[(0, 1)].get_fontweight() == "bold"
    assert grid[(1, 1)].get_fontweight() == "normal"  # 95,0% meets the 95% target


def test_heatmap_sorts_vietnamese_names_with_d_stroke_among_the_d():
    rows = [("1", name, "ward", 10, 10) for name in ("Gia Thụy", "Đức Giang", "Bồ Đề", "Cự Khối")]

    fig = ward_phase_heatmap(ward_phase_frame(rows), context())

    names = [t.get_text() for t in sorted(fig.axes[0].get_yticklabels(),
                                          key=lambda t: t.get_position()[1])]
    assert names == ["Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy"]


def test_heatmap_can_order_by_latest_phase_rate():
    fig = ward_phase_heatmap(ward_phase_frame(), context(), order="latest_rate")

    names = [t.get_text() for t in sorted(fig.axes[0].get_yticklabels(),
                                          key=lambda t: t.get_position()[1])]
    # Phase 2: Khối Giáo dục 100%, Thượng Thanh 95%, Ngọc Thụy 90%, Cấp quận no data.
    assert names == ["Đảng bộ Khối Giáo dục", "Thượng Thanh", "Ngọc Thụy", "Cấp quận"]


def test_heatmap_title_counts_units_meeting_target_in_first_and_last_phase():
    vi = ward_phase_heatmap(ward_phase_frame(), context())
    en = ward_phase_heatmap(ward_phase_frame(), context("en"))

    assert "Đơn vị đạt chỉ tiêu 95%: 3/4 ở Giai đoạn 1, 2/3 ở Giai đoạn 2" in figure_texts(vi)
    assert ("Units meeting the 95% target: 3 of 4 in Phase 1, 2 of 3 in Phase 2"
            in figure_texts(en))
    assert "96.2%" in [t.get_text() for t in en.axes[0].texts]


def test_heatmap_uses_a_colour_blind_safe_sequential_map():
    fig = ward_phase_heatmap(ward_phase_frame(), context())

    mesh = fig.axes[0].collections[0]
    assert mesh.get_cmap().name.startswith("cividis")


def test_heatmap_refuses_duplicate_unit_rows():
    doubled = [*UNITS, ("1", "Ngọc Thụy", "ward", 2, 2)]

    with pytest.raises(ValueError, match="1/Ngọc Thụy"):
        ward_phase_heatmap(ward_phase_frame(doubled), context())


# --- phase_comparison ----------------------------------------------------------------------


def by_phase_frame() -> pd.DataFrame:
    # 8.123/8.460 = 96,0%; 900/1.000 = 90,0% (below); 1.950/2.000 = 97,5%.
    rows = [("1", 8460, 8123), ("2", 1000, 900), ("3", 2000, 1950)]
    return pd.DataFrame(
        [{"phase": p, "expected": e, "attended": a, "rate": a / e} for p, e, a in rows]
    )


def test_phase_comparison_keeps_phase_order_and_labels_pooled_rates():
    labels = {"1": "Giai đoạn 1", "2": "Giai đoạn 2", "3": "Giai đoạn 3"}

    fig = phase_comparison(by_phase_frame(), context(phase_labels=labels))

    rows = top_to_bottom(fig.axes[0])
    assert rows == [
        ("Giai đoạn 1", "96,0% (8.123/8.460)", None),
        ("Giai đoạn 2", "▼ 90,0% (900/1.000)", charts.HATCH),
        ("Giai đoạn 3", "97,5% (1.950/2.000)", None),
    ]
    assert "Tỷ lệ tham dự tăng từ 96,0% lên 97,5%, đạt chỉ tiêu 95%" in figure_texts(fig)


def test_phase_comparison_in_english():
    fig = phase_comparison(by_phase_frame(), context("en"))

    rows = top_to_bottom(fig.axes[0])
    assert [label for _, label, _ in rows] == [
        "96.0% (8,123/8,460)", "▼ 90.0% (900/1,000)", "97.5% (1,950/2,000)",
    ]
    # Phase 3 has no label in the context: a default one in the chart's language.
    assert [name for name, _, _ in rows] == ["Phase 1", "Phase 2", "Phase 3"]
    assert "Participation rose from 96.0% to 97.5%, meeting the 95% target" in figure_texts(fig)


def test_phase_comparison_never_prints_a_miss_as_the_target():
    # 11.310/11.911 = 94,954...%: "95,0%" would contradict its ▼; two decimals do not.
    frame = pd.DataFrame([{"phase": "1", "expected": 11911, "attended": 11310,
                           "rate": 11310 / 11911}])

    fig = phase_comparison(frame, context())

    assert top_to_bottom(fig.axes[0]) == [
        ("Giai đoạn 1", "▼ 94,95% (11.310/11.911)", charts.HATCH),
    ]
    assert "Tỷ lệ tham dự chung 94,95%, chưa đạt chỉ tiêu 95%" in figure_texts(fig)


# --- class_view ----------------------------------------------------------------------------

# Phase 2's classes, by hand (target 95%):
#   Lớp 1 of Bồ Đề              10/10  = 100,0%
#   Thượng Thanh (its own)     481/500 =  96,2%
#   Lớp 1 of Ngọc Thụy          19/20  =  95,0%  meets (equal)
#   Lớp cán bộ chủ chốt        295/311 =  94,9%  below
#   Lớp tập trung số 1         376/400 =  94,0%  below   -> 3 of 5 classes meet the target
CLASSES = [
    # phase, ward, kind, session, expected, attended
    ("1", "Thượng Thanh", "ward", "Thượng Thanh", 10, 5),
    ("2", "Cấp quận", "district", "Lớp tập trung số 1", 400, 376),
    ("2", "Cấp quận", "district", "Lớp cán bộ chủ chốt", 311, 295),
    ("2", "Thượng Thanh", "ward", "Thượng Thanh", 500, 481),
    ("2", "Ngọc Thụy", "ward", "Lớp 1", 20, 19),
    ("2", "Bồ Đề", "ward", "Lớp 1", 10, 10),
]


def by_session_frame(rows=CLASSES) -> pd.DataFrame:
    return pd.DataFrame([
        {"phase": phase, "ward": ward, "kind": kind, "session": session,
         "expected": expected, "attended": attended, "rate": attended / expected}
        for phase, ward, kind, session, expected, attended in rows
    ])


def test_class_view_orders_classes_by_rate_with_rate_and_size_labels():
    fig = class_view(by_session_frame(), "2", context())

    assert top_to_bottom(fig.axes[0]) == [
        ("Lớp 1 (Bồ Đề)", "100,0% (10/10)", None),
        ("Thượng Thanh", "96,2% (481/500)", None),
        ("Lớp 1 (Ngọc Thụy)", "95,0% (19/20)", None),
        ("Lớp cán bộ chủ chốt", "▼ 94,9% (295/311)", charts.HATCH),
        ("Lớp tập trung số 1", "▼ 94,0% (376/400)", charts.HATCH),
    ]
    assert "Giai đoạn 2: 3/5 lớp đạt chỉ tiêu 95%" in figure_texts(fig)


def test_class_view_keeps_the_unit_of_a_long_class_name_it_cuts():
    # QA round 34: two wards' classes "Lớp 1 - Hội trường Ủy ban nhân dân phường (sáng thứ
    # Bảy)" were both cut to "Lớp 1 - Hội trường Ủy ban nhân / dân phường (sáng thứ Bảy)…",
    # the "(Bồ Đề)" and "(Cự Khối)" telling them apart lost in the cut.
    long_class = "Lớp 1 - Hội trường Ủy ban nhân dân phường (sáng thứ Bảy)"
    rows = [("1", "Bồ Đề", "ward", long_class, 40, 39),
            ("1", "Cự Khối", "ward", long_class, 40, 30)]

    names = [name for name, _, _ in top_to_bottom(class_view(by_session_frame(rows), "1",
                                                             context()).axes[0])]

    assert [name.endswith("… (Bồ Đề)") for name in names] == [True, False]
    assert names[1].endswith("… (Cự Khối)")
    assert all(name.count("\n") == 1 for name in names)  # two lines, as any long name
    assert charts._name_label(long_class, "(Bồ Đề)").startswith("Lớp 1 - Hội trường")


def test_class_view_pools_a_units_meetings_into_its_own_class():
    # QA round 34: Bồ Đề's plain roll-call beside Giang Biên's "05/3 | 12/3" columns gave bars
    # "Bồ Đề", "05/3", "12/3"; QA round 43: "19/23 lớp", Bắc Sơn's "Buổi 1", "Buổi 2" beside
    # 21 wards. Meetings are one class met twice: Giang Biên 19 + 15 of 20 + 20 = 34/40.
    rows = [("1", "Bồ Đề", "ward", None, 40, 39), ("1", "Giang Biên", "ward", "05/3", 20, 19),
            ("1", "Giang Biên", "ward", "12/3", 20, 15)]

    fig = class_view(by_session_frame(rows), "1", context())

    assert top_to_bottom(fig.axes[0]) == [("Bồ Đề", "97,5% (39/40)", None),
                                          ("Giang Biên", "▼ 85,0% (34/40)", charts.HATCH)]
    # No class is named: the bars are the units, and the title says so.
    assert "Giai đoạn 1: 1/2 đơn vị đạt chỉ tiêu 95%" in figure_texts(fig)
    assert not participation.has_classes(by_session_frame(rows), "1")
    sessions = [("1", "Bắc Sơn", "ward", "Buổi 1", 10, 9),
                ("1", "Bắc Sơn", "ward", "Buổi 2", 10, 8),
                ("1", "Long Biên", "ward", "Lớp cán bộ chủ chốt", 10, 10)]
    assert participation.has_classes(by_session_frame(sessions), "1")
    # The district's "Sáng 12/9" and "Chiều 12/9" are two classes, other people in two halls
    # (QA round 47: one "Cấp quận" bar): 390/400 and 380/400 stay two bars.
    district = [("1", "Cấp quận", "district", "Sáng 12/9", 400, 390),
                ("1", "Cấp quận", "district", "Chiều 12/9", 400, 380)]
    assert participation.classes(by_session_frame(district))["session"].tolist() == [
        "Sáng 12/9", "Chiều 12/9"]
    assert [name for name, _, _ in top_to_bottom(class_view(by_session_frame(sessions), "1",
                                                            context()).axes[0])] == [
        "Lớp cán bộ chủ chốt", "Bắc Sơn"]


def test_class_view_names_the_unit_of_a_class_named_by_its_number_alone():
    # QA round 40: Long Biên's "Lớp 1" and "Lớp 2" among bars named "Cự Khối", "Phúc Đồng":
    # whose classes they were, nothing said. A class with a name of its own needs no unit.
    rows = [("1", "Cự Khối", "ward", None, 40, 39), ("1", "Long Biên", "ward", "Lớp 1", 20, 19),
            ("1", "Long Biên", "ward", "Lớp số 2", 20, 15),
            ("1", "Long Biên", "ward", "Lớp cán bộ chủ chốt", 10, 10)]

    fig = class_view(by_session_frame(rows), "1", context())

    assert [name for name, _, _ in top_to_bottom(fig.axes[0])] == [
        "Lớp cán bộ chủ chốt", "Cự Khối", "Lớp 1 (Long Biên)", "Lớp số 2 (Long Biên)"]
    # QA round 83 #2: "3/4 lớp", one of them Cự Khối, a ward's name: the footnote says why.
    shown = " ".join(figure_texts(fig))
    assert ("Tên đơn vị không kèm tên lớp: đơn vị báo cáo chung, không chia lớp, cả đơn vị "
            "tính là một lớp.") in shown
    # Where every bar is a named class, nothing to say.
    named = [row for row in rows if row[3]]
    assert "không kèm tên lớp" not in " ".join(figure_texts(
        class_view(by_session_frame(named), "1", context())))


def test_class_view_in_english():
    fig = class_view(by_session_frame(), "2", context("en"))

    labels = [label for _, label, _ in top_to_bottom(fig.axes[0])]
    assert labels[-1] == "▼ 94.0% (376/400)"
    assert "Phase 2: 3 of 5 classes met the 95% target" in figure_texts(fig)
    assert any(t.startswith("Participation rate by class") for t in figure_texts(fig))


def test_class_view_unknown_phase_says_which_phases_exist():
    with pytest.raises(ValueError, match=r"by_session has no rows for phase '3'.*1, 2"):
        class_view(by_session_frame(), "3", context())


def test_a_chart_of_many_rows_stays_within_an_a4_page_with_thinner_bars():
    many = [("2", f"Đơn vị {i}", "ward", f"Lớp {i}", 100, 96) for i in range(30)]

    tall = class_view(by_session_frame(many), "2", context())

    assert tall.get_figheight() == pytest.approx(charts.MAX_HEIGHT_IN)
    ax = tall.axes[0]
    pitch = ax.get_position().height * tall.get_figheight() / 30
    assert charts._MIN_ROW_PITCH <= pitch < charts._ROW_PITCH
    bar = bars_of(ax)[0]
    assert bar.get_height() == pytest.approx(charts._BAR_HEIGHT)  # of the (thinner) row


# --- absence_breakdown ---------------------------------------------------------------------

# Phase 1, by hand (shares of expected; target 95%):
#   Gia Thụy   49/50   = 98,0% attended; excused 1 = 2,0%
#   Bồ Đề     190/200  = 95,0%; excused 6 = 3,0%; unexcused 4 = 2,0%
#   Cự Khối    80/100  = 80,0% (below); excused 10 = 10,0%; unexcused 5 = 5,0%; no reason 5 = 5,0%
#   -> 31 absent, 9 of them unexcused.
# Phase 2: Bồ Đề 97/100 attended, 3 with no reason given (the only absence segment).
ABSENCES = [
    # phase, ward, expected, attended, excused, unexcused, unspecified
    ("1", "Bồ Đề", 200, 190, 6, 4, 0),
    ("1", "Cự Khối", 100, 80, 10, 5, 5),
    ("1", "Gia Thụy", 50, 49, 1, 0, 0),
    ("2", "Bồ Đề", 100, 97, 0, 0, 3),
]


def absence_frame(rows=ABSENCES, unspecified_column: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame([
        {"phase": phase, "ward": ward, "kind": "ward", "expected": expected,
         "attended": attended, "absent_excused": excused, "absent_unexcused": unexcused,
         "rate": attended / expected, "absent_unspecified": unspecified}
        for phase, ward, expected, attended, excused, unexcused, unspecified in rows
    ])
    return frame if unspecified_column else frame.drop(columns="absent_unspecified")


def segments_by_row(ax) -> list[tuple[str, list[tuple[float, float]], list[str]]]:
    """Per bar, top first: (unit, [(left, width) per segment], labels written in the bar)."""
    names = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    rows = []
    for position in sorted(names):
        spans = [(round(c[position].get_x(), 9), round(c[position].get_width(), 9))
                 for c in containers]
        labels = sorted((t for t in ax.texts if not isinstance(t, Annotation)
                         and round(t.get_position()[1]) == position),
                        key=lambda t: t.get_position()[0])
        rows.append((names[position], spans, [t.get_text() for t in labels]))
    return rows


def legend_reading_order(fig) -> list[str]:
    fig.draw_without_rendering()
    texts = fig.legends[0].get_texts()
    boxes = {t.get_text(): t.get_window_extent() for t in texts}
    return sorted(boxes, key=lambda name: (-round(boxes[name].y0), boxes[name].x0))


def test_absence_breakdown_stacks_shares_of_expected_sorted_by_attended():
    fig = absence_breakdown(absence_frame(), "1", context())

    assert segments_by_row(fig.axes[0]) == [
        ("Gia Thụy", [(0, 0.98), (0.98, 0.02), (1.0, 0), (1.0, 0)], ["98,0%"]),
        ("Bồ Đề", [(0, 0.95), (0.95, 0.03), (0.98, 0.02), (1.0, 0)], ["95,0%"]),
        # Only the shares wide enough for their text are written in the bar.
        ("Cự Khối", [(0, 0.8), (0.8, 0.1), (0.9, 0.05), (0.95, 0.05)], ["▼ 80,0%", "10,0%"]),
    ]
    assert "Giai đoạn 1: 31 người vắng, 9 không có lý do" in figure_texts(fig)


def test_absence_breakdown_legend_is_in_data_order_above_the_plot():
    fig = absence_breakdown(absence_frame(), "1", context())
    ax = fig.axes[0]

    assert legend_reading_order(fig) == [
        "Có mặt", "Vắng có lý do", "Vắng không lý do", "Vắng, chưa rõ lý do",
    ]
    legend = fig.legends[0].get_window_extent()
    target_label = next(t for t in ax.texts if t.get_text() == "Chỉ tiêu 95%")
    subtitle = next(t for t in fig.texts if "Quận Long Biên" in t.get_text())
    assert legend.y0 > target_label.get_window_extent().y1 > ax.get_window_extent().y1
    assert legend.y1 < subtitle.get_window_extent().y0
    assert legend.x0 >= 0 and legend.x1 <= fig.bbox.x1


def test_absence_breakdown_shows_only_segments_present_in_the_phase():
    fig = absence_breakdown(absence_frame(), "2", context("en"))

    assert legend_reading_order(fig) == ["Attended", "Absent, reason not given"]
    assert segments_by_row(fig.axes[0]) == [("Bồ Đề", [(0, 0.97), (0.97, 0.03)], ["97.0%"])]
    # Nobody gave a reason: not "0 without an excuse", which reads as "all excused" (QA 12).
    assert "Phase 2: 3 absent, no reasons recorded" in figure_texts(fig)
    vietnamese = absence_breakdown(absence_frame(), "2", context("vi"))
    assert "Giai đoạn 2: 3 người vắng, không ghi lý do" in figure_texts(vietnamese)
    # QA round 34: a roll-call with a column per session counts attendances: one member
    # absent from 3 sessions was "3 người vắng".
    times = absence_breakdown(absence_frame(), "2", replace(context("vi"), attendances=True))
    assert "Giai đoạn 2: 3 lượt vắng, không ghi lý do" in figure_texts(times)
    times = absence_breakdown(absence_frame(), "2", replace(context("en"), attendances=True))
    assert "Phase 2: 3 times absent, no reasons recorded" in figure_texts(times)


def test_absence_breakdown_in_english_wraps_the_legend_into_rows_that_fit():
    fig = absence_breakdown(absence_frame(), "1", context("en"))

    assert legend_reading_order(fig) == [
        "Attended", "Absent, excused", "Absent, unexcused", "Absent, reason not given",
    ]
    assert fig.legends[0].get_window_extent().x1 <= fig.bbox.x1
    assert "Phase 1: 31 absent, 9 without an excuse" in figure_texts(fig)


def test_absence_breakdown_survives_greyscale_and_hatches_unexcused():
    fig = absence_breakdown(absence_frame(), "1", context())
    containers = [c for c in fig.axes[0].containers if isinstance(c, BarContainer)]

    hatches = [{bar.get_hatch() for bar in c} for c in containers]
    assert hatches == [{None}, {None}, {charts.HATCH}, {None}]

    def grey(colour) -> float:  # the luma PIL uses to convert to greyscale, 0..255
        r, g, b = matplotlib.colors.to_rgb(colour)
        return 255 * (0.299 * r + 0.587 * g + 0.114 * b)

    levels = sorted(grey(c[0].get_facecolor()) for c in containers)
    assert min(b - a for a, b in itertools.pairwise(levels)) >= 30


def test_absence_breakdown_derives_reason_not_given_when_the_column_is_missing():
    fig = absence_breakdown(absence_frame(unspecified_column=False), "1", context())

    rows = dict((name, spans) for name, spans, _ in segments_by_row(fig.axes[0]))
    assert rows["Cự Khối"][3] == (0.95, 0.05)  # 100 - 80 - 10 - 5 = 5 with no reason


def test_absence_breakdown_refuses_counts_that_do_not_add_up():
    wrong = [("1", "Cự Khối", 100, 80, 10, 5, 9)]

    with pytest.raises(ValueError, match=r"Cự Khối.*80 \+ 10 \+ 5 \+ 9.*100"):
        absence_breakdown(absence_frame(wrong), "1", context())


# --- campaign_trend ------------------------------------------------------------------------

# Three campaigns, given out of order, two units each; pooled by hand (target 95%):
#   Đợt 2011 (05/09/2011): (900 + 200)/(1000 + 200)   = 1100/1200 = 91,7%  below
#                          (a mean of the two rates, 90% and 100%, would say 95%)
#   Đợt 2016 (01/09/2016): (960 + 1200)/(1000 + 1250) = 2160/2250 = 96,0%
#   Đợt 2021 (16/08/2021): (1061 + 1250)/(1100 + 1300) = 2311/2400 = 96,3%
TREND = [
    # campaign, start, phase, ward, expected, attended
    ("Đợt 2016", "2016-09-01", "1", "Bồ Đề", 1000, 960),
    ("Đợt 2016", "2016-09-01", "2", "Cự Khối", 1250, 1200),
    ("Đợt 2011", "2011-09-05", "1", "Bồ Đề", 1000, 900),
    ("Đợt 2011", "2011-09-05", "1", "Cự Khối", 200, 200),
    ("Đợt 2021", "2021-08-16", "1", "Bồ Đề", 1100, 1061),
    ("Đợt 2021", "2021-08-16", "2", "Cự Khối", 1300, 1250),
]


def trend_frame(rows=TREND) -> pd.DataFrame:
    return pd.DataFrame([
        {"campaign": campaign, "campaign_start": dt.date.fromisoformat(start), "phase": phase,
         "ward": ward, "expected": expected, "attended": attended, "rate": attended / expected}
        for campaign, start, phase, ward, expected, attended in rows
    ])


def test_campaign_trend_pools_each_campaign_in_order_of_start():
    fig = campaign_trend(trend_frame(), context())
    ax = fig.axes[0]

    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [0, 1, 2]
    assert list(line.get_ydata()) == pytest.approx([1100 / 1200, 2160 / 2250, 2311 / 2400])
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["Đợt 2011\n09/2011", "Đợt 2016\n09/2016", "Đợt 2021\n08/2021"]
    labels = [t.get_text() for t in sorted(
        (t for t in ax.texts if t.get_text().endswith("%") and "Chỉ tiêu" not in t.get_text()),
        key=lambda t: t.xy[0])]
    assert labels == ["▼ 91,7%", "96,0%", "96,3%"]
    assert "Qua 3 đợt, tỷ lệ tham dự tăng từ 91,7% lên 96,3%" in figure_texts(fig)


def test_a_campaign_trend_label_never_crosses_the_target_line():
    # QA round 84 #8: 2026's dot at 94,6%, under the 95% line, its label "▼ 94,6%" printed
    # above the line (the line rose into it: a peak's label goes above). A dot just under
    # the line has its label under it, one just over it over it; a dot far from it keeps the
    # rule. 934/1000, 938/1000, 946/1000 here; then 952/1000 in the middle, a dip's label
    # going over, not under, the line it sits just above.
    def labels(rates: list[int]) -> dict[str, float]:
        rows = [(f"Đợt {year}", f"{year}-09-01", "1", "Bồ Đề", 1000, attended)
                for year, attended in zip((2011, 2016, 2021), rates, strict=True)]
        ax = campaign_trend(trend_frame(rows), context()).axes[0]
        return {text.get_text(): text.xyann[1] for text in ax.texts
                if text.get_text().endswith("%") and "Chỉ tiêu" not in text.get_text()}

    assert labels([934, 938, 946]) == {"▼ 93,4%": -10, "▼ 93,8%": -10, "▼ 94,6%": -10}
    assert labels([960, 952, 970])["95,2%"] == 8


def test_campaign_trend_draws_the_target_and_marks_the_miss_beyond_colour():
    fig = campaign_trend(trend_frame(), context())
    ax = fig.axes[0]

    target_lines = [line for line in ax.get_lines() if list(line.get_ydata()) == [0.95, 0.95]]
    assert len(target_lines) == 1
    assert "Chỉ tiêu 95%" in [t.get_text() for t in ax.texts]
    markers = {round(float(line.get_ydata()[0]), 4): line.get_marker()
               for line in ax.get_lines() if len(line.get_xdata()) == 1}
    assert markers == {0.9167: "v", 0.96: "o", 0.9629: "o"}
    assert ax.get_ylim() == pytest.approx((0.85, 1.0))
    footnote = min(fig.texts, key=lambda t: t.get_position()[1]).get_text()
    assert "Trục dọc không bắt đầu từ 0%" in footnote


def test_campaign_trend_in_english_with_place_and_period():
    fig = campaign_trend(trend_frame(), context("en"))

    assert "Participation rose from 91.7% to 96.3% over 3 campaigns" in figure_texts(fig)
    assert any("Quận Long Biên, Hà Nội, campaigns starting from Sep 2011 to Aug 2021" in t
               for t in figure_texts(fig))
    assert fig.axes[0].get_xticklabels()[0].get_text() == "Đợt 2011\nSep 2011"


def test_campaign_trend_needs_a_start_date_for_every_campaign():
    frame = trend_frame()
    frame.loc[frame["campaign"] == "Đợt 2016", "campaign_start"] = None

    with pytest.raises(ValueError, match="Đợt 2016"):
        campaign_trend(frame, context())


# --- build_figures and write_figures -------------------------------------------------------


def results_stub(lang: str = "vi") -> SimpleNamespace:
    """What build_figures reads from analysis.pipeline.Results, made by hand."""
    return SimpleNamespace(
        campaign=SimpleNamespace(
            phase_ids=["1", "2"], phase_labels={"1": "Giai đoạn 1", "2": "Giai đoạn 2"},
            title="Học tập Nghị quyết Đại hội XII", place="Quận Long Biên, Hà Nội",
            target=0.95, lang=lang, end=dt.date(2015, 11, 28),
        ),
        ingest=SimpleNamespace(files=[{"rows_read": 12}, {"rows_read": 7}, {"rows_read": 5}]),
        ward_phase=ward_phase_frame(),
        by_phase=by_phase_frame().iloc[:2],
        by_session=by_session_frame(),
    )


def test_build_figures_adds_absences_per_phase_and_the_last_phase_classes():
    built = figures.build_figures(results_stub())

    assert list(built) == [
        "phase_comparison", "rate_by_ward_phase_1", "rate_by_ward_phase_2",
        "absence_breakdown_phase_1", "absence_breakdown_phase_2", "ward_phase_heatmap",
        "class_view_phase_2",
    ]
    assert "Giai đoạn 2: 3/5 lớp đạt chỉ tiêu 95%" in figure_texts(built["class_view_phase_2"])
    footnote = figure_texts(built["phase_comparison"])[-1]
    # Cấp quận (district) is left out of the phase comparison, as of the headline.
    assert footnote.endswith("Nguồn: 3 tệp báo cáo gửi về; kỳ báo cáo đến 28/11/2015. "
                             "Chỉ gồm các đơn vị cơ sở (phường, đảng bộ cơ sở); lớp cấp quận "
                             "tính riêng")


def test_build_figures_adds_the_trend_only_for_more_than_one_campaign():
    one = trend_frame()[lambda t: t["campaign"] == "Đợt 2016"]

    assert "campaign_trend" not in figures.build_figures(results_stub(), trends=one)
    built = figures.build_figures(results_stub(), trends=trend_frame())
    assert list(built)[-1] == "campaign_trend"


@pytest.mark.parametrize(("lang", "name"), [("vi", "bieu-do.pdf"), ("en", "charts.pdf")])
def test_write_figures_adds_one_pdf_of_all_charts_identical_between_runs(tmp_path, lang, name):
    for run in ("a", "b"):
        figures.write_figures(results_stub(lang), tmp_path / run, trends=trend_frame())

    pdf = (tmp_path / "a" / name).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 8  # one page per chart
    assert b"CreationDate" not in pdf and b"Producer" not in pdf and b"Creator" not in pdf
    assert (tmp_path / "b" / name).read_bytes() == pdf
    assert len(list((tmp_path / "a").glob("*.png"))) == 8
    assert not list((tmp_path / "a").glob(".*"))  # no temporary files left behind


def test_write_figures_split_by_format_writes_the_same_bytes(tmp_path):
    """A run draws the PNGs and the SVGs with the PDF in two processes, each building the
    figures afresh: the files must be those of one call writing everything."""
    figures.write_figures(results_stub(), tmp_path / "whole", trends=trend_frame())
    figures.write_figures(results_stub(), tmp_path / "split", trends=trend_frame(),
                          formats=("png",))
    figures.write_figures(results_stub(), tmp_path / "split", trends=trend_frame(),
                          formats=("svg", "pdf"))

    whole = {path.name: path.read_bytes() for path in (tmp_path / "whole").iterdir()}
    split = {path.name: path.read_bytes() for path in (tmp_path / "split").iterdir()}
    assert sorted(whole) == sorted(split)
    assert whole == split


def test_write_previews_writes_small_pngs_of_the_charts_asked_for(tmp_path):
    paths = figures.write_previews(results_stub(), tmp_path, ["class_view_phase_2"], dpi=100)

    assert paths == [tmp_path / "class_view_phase_2.png"]
    with Image.open(paths[0]) as image:
        assert image.info["dpi"] == pytest.approx((100, 100), abs=0.01)
        assert image.width < 700
    with pytest.raises(ValueError, match=r"'missing'.*phase_comparison"):
        figures.write_previews(results_stub(), tmp_path, ["missing"])


# --- save_figure and the house style ------------------------------------------------------


def draw_all(lang: str = "vi") -> dict[str, object]:
    return {
        "ward": rate_by_ward(ward_phase_frame(), "1", context(lang)),
        "heatmap": ward_phase_heatmap(ward_phase_frame(), context(lang)),
        "phases": phase_comparison(by_phase_frame(), context(lang)),
        "absences": absence_breakdown(absence_frame(), "1", context(lang)),
        "classes": class_view(by_session_frame(), "2", context(lang)),
        "trend": campaign_trend(trend_frame(), context(lang)),
    }


def test_save_figure_writes_png_at_300_dpi_and_svg(tmp_path):
    fig = rate_by_ward(ward_phase_frame(), "1", context())

    paths = save_figure(fig, tmp_path / "figures", "01_rate_by_ward")

    assert paths == [tmp_path / "figures" / "01_rate_by_ward.png",
                     tmp_path / "figures" / "01_rate_by_ward.svg"]
    with Image.open(paths[0]) as image:
        assert image.format == "PNG"
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert "Software" not in image.info
    svg = paths[1].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<dc:date>" not in svg
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == [
        "01_rate_by_ward.png", "01_rate_by_ward.svg",
    ]  # no temporary files left behind


def test_save_figure_is_byte_identical_between_runs(tmp_path):
    for run in ("a", "b"):
        for stem, fig in draw_all().items():
            save_figure(fig, tmp_path / run, stem)

    for first in sorted((tmp_path / "a").iterdir()):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name


def test_save_figure_replaces_an_existing_file_and_closes_pyplot_figures(tmp_path):
    (tmp_path / "chart.png").write_bytes(b"old")
    fig = plt.figure()
    fig.text(0.5, 0.5, "Ngọc Thụy")

    save_figure(fig, tmp_path, "chart")

    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_vietnamese_names_draw_and_save_without_any_warning(tmp_path, lang):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for stem, fig in draw_all(lang).items():
            save_figure(fig, tmp_path, stem)

    assert len(list(tmp_path.glob("*.png"))) == 6


def test_charts_leave_global_matplotlib_settings_alone():
    before = dict(matplotlib.rcParams)

    draw_all()

    assert dict(matplotlib.rcParams) == before


def test_house_style_is_horizontal_text_without_top_or_right_spines():
    for fig in draw_all().values():
        ax = fig.axes[0]
        assert not ax.spines["top"].get_visible()
        assert not ax.spines["right"].get_visible()
        legend_texts = [t for legend in fig.legends for t in legend.get_texts()]
        for text in [*fig.texts, *ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels(),
                     *legend_texts]:
            assert text.get_rotation() == 0
            assert text.get_fontname() == "DejaVu Sans"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_chart_has_title_subtitle_and_source_and_keeps_its_text_inside(lang):
    for name, fig in draw_all(lang).items():
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        title, subtitle, footnote = sorted(fig.texts, key=lambda t: -t.get_position()[1])[:3]
        assert title.get_fontweight() == "bold", name
        assert "Quận Long Biên, Hà Nội" in subtitle.get_text(), name
        assert footnote.get_text().endswith(context().source_note), name
        texts = [*fig.texts, *[t for legend in fig.legends for t in legend.get_texts()]]
        for ax in fig.axes:
            texts += [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]
        for text in texts:
            box = text.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= fig.bbox.x1, (name, text.get_text())
            assert box.y0 >= 0 and box.y1 <= fig.bbox.y1, (name, text.get_text())


def test_contrast_ratio_matches_wcag_values():
    assert charts.contrast_ratio("white", "black") == pytest.approx(21)
    assert charts.contrast_ratio("#777777", "white") == pytest.approx(4.48, abs=0.01)
    assert charts.contrast_ratio(charts.HIGHLIGHT, charts.NEUTRAL) >= 3


def test_context_rejects_unknown_language_and_impossible_target():
    with pytest.raises(ValueError, match="'fr'"):
        context(lang="fr")
    with pytest.raises(ValueError, match="95"):
        context(target=95)

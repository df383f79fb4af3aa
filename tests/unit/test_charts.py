"""Charts drawn for real with Agg, checked against numbers worked out by hand below."""

import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import pyplot as plt
from matplotlib.container import BarContainer
from PIL import Image

from analysis import charts
from analysis.charts import (
    ChartContext,
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
    assert "Tỷ lệ tham gia tăng từ 96,0% lên 97,5%, đạt chỉ tiêu 95%" in figure_texts(fig)


def test_phase_comparison_in_english():
    fig = phase_comparison(by_phase_frame(), context("en"))

    rows = top_to_bottom(fig.axes[0])
    assert [label for _, label, _ in rows] == [
        "96.0% (8,123/8,460)", "▼ 90.0% (900/1,000)", "97.5% (1,950/2,000)",
    ]
    # Phase 3 has no label in the context: a default one in the chart's language.
    assert [name for name, _, _ in rows] == ["Phase 1", "Phase 2", "Phase 3"]
    assert "Participation rose from 96.0% to 97.5%, meeting the 95% target" in figure_texts(fig)


# --- save_figure and the house style ------------------------------------------------------


def draw_all(lang: str = "vi") -> dict[str, object]:
    return {
        "ward": rate_by_ward(ward_phase_frame(), "1", context(lang)),
        "heatmap": ward_phase_heatmap(ward_phase_frame(), context(lang)),
        "phases": phase_comparison(by_phase_frame(), context(lang)),
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

    assert len(list(tmp_path.glob("*.png"))) == 3


def test_charts_leave_global_matplotlib_settings_alone():
    before = dict(matplotlib.rcParams)

    draw_all()

    assert dict(matplotlib.rcParams) == before


def test_house_style_is_horizontal_text_without_top_or_right_spines():
    for fig in draw_all().values():
        ax = fig.axes[0]
        assert not ax.spines["top"].get_visible()
        assert not ax.spines["right"].get_visible()
        for text in [*fig.texts, *ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]:
            assert text.get_rotation() == 0
            assert text.get_fontname() == "DejaVu Sans"


def test_contrast_ratio_matches_wcag_values():
    assert charts.contrast_ratio("white", "black") == pytest.approx(21)
    assert charts.contrast_ratio("#777777", "white") == pytest.approx(4.48, abs=0.01)
    assert charts.contrast_ratio(charts.HIGHLIGHT, charts.NEUTRAL) >= 3


def test_context_rejects_unknown_language_and_impossible_target():
    with pytest.raises(ValueError, match="'fr'"):
        context(lang="fr")
    with pytest.raises(ValueError, match="95"):
        context(target=95)

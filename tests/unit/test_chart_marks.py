"""What a chart marks on a unit itself, and keys only the marks it draws (QA round 72).

Drawn for real with Agg from the hand-made tables of tests.unit.test_charts and from the
demo campaign; every expected figure is worked out in the comments.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from analysis import figures
from analysis.charts import absence_breakdown, class_view, rate_by_ward, ward_phase_heatmap
from analysis.pipeline import analyse
from tests.unit.test_charts import (
    by_session_frame,
    cells,
    context,
    figure_texts,
    top_to_bottom,
    ward_phase_frame,
)

RAW = "data/raw"


def shown(fig) -> str:
    """Every figure-level text, wrapped lines and no-break spaces read as one line."""
    return " ".join(figure_texts(fig)).replace("\u00a0", " ")


def row_names(ax) -> list[str]:
    """The unit names beside the rows, top first, wrapped names joined again."""
    return [t.get_text().replace("\n", " ")
            for t in sorted(ax.get_yticklabels(), key=lambda t: t.get_position()[1])]


# --- 1. a unit counted in part is marked on the unit charts, not only in the source line -----

# Phase 1 of tests.unit.test_charts.UNITS: Thượng Thanh 481/500 = 96,2% had rows rejected
# (partly_rejected), Cấp quận 1.200/1.250 = 96,0% a class sent twice and held out
# (partly_held_out); Ngọc Thụy 8/8 and Khối Giáo dục 3/4 counted in full. In phase 2 all
# were counted in full.
IN_PART = {("1", "Thượng Thanh"): "partly_rejected", ("1", "Cấp quận"): "partly_held_out",
           ("1", "Ngọc Thụy"): "reported", ("2", "Thượng Thanh"): "reported"}
BOTH_KEY = ("†: tính một phần, có dòng bị loại hoặc lớp gửi trùng với số liệu khác nhau chưa "
            "tính.")


def test_rate_by_ward_marks_the_units_counted_in_part_and_keys_the_mark():
    fig = rate_by_ward(ward_phase_frame(), "1", context(unit_status=IN_PART))

    assert [(name, label) for name, label, _ in top_to_bottom(fig.axes[0])] == [
        ("Ngọc Thụy", "100,0% (8/8)"), ("Thượng Thanh †", "96,2% (481/500)"),
        ("Cấp quận †", "96,0% (1.200/1.250)"), ("Đảng bộ Khối Giáo dục", "▼ 75,0% (3/4)")]
    assert BOTH_KEY in shown(fig)
    # Phase 2: nobody counted in part, no mark and no key.
    plain = rate_by_ward(ward_phase_frame(), "2", context(unit_status=IN_PART))
    assert "†" not in shown(plain) + " ".join(row_names(plain.axes[0]))


def test_the_in_part_key_names_only_the_reasons_of_the_units_marked():
    rejected_only = {("1", "Thượng Thanh"): "partly_rejected"}
    fig = rate_by_ward(ward_phase_frame(), "1", context(unit_status=rejected_only))
    assert "†: tính một phần, có dòng bị loại chưa tính." in shown(fig)
    english = rate_by_ward(ward_phase_frame(), "1",
                           context("en", unit_status={("1", "Cấp quận"): "partly_held_out"}))
    assert ("†: counted in part, a class sent twice with different figures left out."
            in shown(english))


def test_heatmap_marks_the_cell_of_the_phase_counted_in_part_only():
    fig = ward_phase_heatmap(ward_phase_frame(), context(unit_status=IN_PART))

    grid = {cell: text.get_text() for cell, text in cells(fig.axes[0]).items()}
    # Rows: Ngọc Thụy, Thượng Thanh, Đảng bộ Khối Giáo dục, Cấp quận.
    assert (grid[(1, 0)], grid[(1, 1)]) == ("96,2%†", "95,0%")
    assert grid[(3, 0)] == "96,0%†"
    assert (grid[(0, 0)], grid[(2, 0)]) == ("100,0%", "▼ 75,0%")
    assert BOTH_KEY in shown(fig)


def test_absence_breakdown_marks_the_units_counted_in_part():
    fig = absence_breakdown(ward_phase_frame(), "1", context(unit_status=IN_PART))

    # By attended share: Ngọc Thụy 100%, Thượng Thanh 96,2%, Cấp quận 96,0%, Khối GD 75%.
    assert row_names(fig.axes[0]) == ["Ngọc Thụy", "Thượng Thanh †", "Cấp quận †",
                                      "Đảng bộ Khối Giáo dục"]
    assert BOTH_KEY in shown(fig)


def test_class_view_marks_the_classes_of_a_unit_counted_in_part():
    # Phase 2 (tests.unit.test_charts.CLASSES): Cấp quận's two classes, 295/311 and 376/400.
    fig = class_view(by_session_frame(), "2",
                     context(unit_status={("2", "Cấp quận"): "partly_rejected"}))

    assert [name for name, _, _ in top_to_bottom(fig.axes[0])] == [
        "Lớp 1 (Bồ Đề)", "Thượng Thanh", "Lớp 1 (Ngọc Thụy)", "Lớp cán bộ chủ chốt †",
        "Lớp tập trung số 1 †"]
    assert "†: lớp của đơn vị tính một phần, có dòng bị loại chưa tính." in shown(fig)


@pytest.fixture(scope="module")
def demo_2015():
    return figures.build_figures(analyse(f"{RAW}/demo-2015-long-bien"))


def test_demo_2015_marks_giang_bien_and_phuc_loi_counted_in_part_in_phase_2(demo_2015):
    # The run says "Tính một phần (có dòng bị loại…), Giai đoạn 2: Giang Biên, Phúc Lợi":
    # Giang Biên 374/390 = 95,9%, Phúc Lợi 428/440 = 97,3%, each with a row rejected.
    bars = dict((name, label) for name, label, _ in
                top_to_bottom(demo_2015["rate_by_ward_phase_2"].axes[0]))
    assert bars["Giang Biên †"] == "95,9% (374/390)"
    assert bars["Phúc Lợi †"] == "97,3% (428/440)"
    assert sum("†" in name for name in bars) == 2
    key = "†: tính một phần, có dòng bị loại chưa tính."
    for stem in ("rate_by_ward_phase_2", "absence_breakdown_phase_2", "ward_phase_heatmap"):
        assert key in shown(demo_2015[stem]), stem
    for stem in ("rate_by_ward_phase_1", "absence_breakdown_phase_1"):
        assert "†" not in shown(demo_2015[stem]), stem
    heatmap = demo_2015["ward_phase_heatmap"].axes[0]
    names = row_names(heatmap)
    grid = {cell: text.get_text() for cell, text in cells(heatmap).items()}
    # Phase 1 counted in full: Giang Biên 95,4%, Phúc Lợi ▼ 94,8% unmarked.
    assert [grid[(names.index(name), col)] for name in ("Giang Biên", "Phúc Lợi")
            for col in (0, 1)] == ["95,4%", "95,9%†", "▼ 94,8%", "97,3%†"]

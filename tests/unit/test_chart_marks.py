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


# --- 2. a unit that owed the phase and sent nothing is not one that owed nothing --------------

# tests.unit.test_charts.UNITS: Cấp quận has no row in phase 2; "Phường Mới" has none at all.
OWED = {**{("1", unit): "reported" for unit in ("Thượng Thanh", "Ngọc Thụy",
                                               "Đảng bộ Khối Giáo dục", "Cấp quận")},
        **{("2", unit): "reported" for unit in ("Thượng Thanh", "Ngọc Thụy",
                                               "Đảng bộ Khối Giáo dục")},
        ("1", "Phường Mới"): "missing", ("2", "Phường Mới"): "missing"}


def test_heatmap_tells_a_unit_that_did_not_report_from_one_that_did_not_have_to():
    # Cấp quận is not listed for phase 2 (no status): a blank cell; Phường Mới owed both
    # phases and sent nothing: "…" in both, its row drawn last (the statuses alone do not
    # give its kind; figures passes the completeness table, which does).
    fig = ward_phase_heatmap(ward_phase_frame(), context(unit_status=OWED))

    ax = fig.axes[0]
    assert row_names(ax) == ["Ngọc Thụy", "Thượng Thanh", "Đảng bộ Khối Giáo dục",
                             "Cấp quận", "Phường Mới"]
    grid = {cell: text.get_text() for cell, text in cells(ax).items()}
    assert (grid[(4, 0)], grid[(4, 1)]) == ("…", "…")
    assert (grid[(3, 0)], grid[(3, 1)]) == ("96,0%", "")
    assert ("▼: dưới chỉ tiêu 95%; …: chưa báo cáo; ô để trống: đơn vị không phải báo cáo "
            "giai đoạn đó.") in shown(fig)
    assert "không có số liệu" not in shown(fig)
    # Cấp quận owed phase 2 too: "…", and no key for a blank cell none shows.
    owed_both = {**OWED, ("2", "Cấp quận"): "missing"}
    fig = ward_phase_heatmap(ward_phase_frame(), context(unit_status=owed_both))
    grid = {cell: text.get_text() for cell, text in cells(fig.axes[0]).items()}
    assert grid[(3, 1)] == "…"
    assert "▼: dưới chỉ tiêu 95%; …: chưa báo cáo." in shown(fig)
    assert "ô để trống" not in shown(fig)


def test_rate_by_ward_shows_and_counts_a_unit_that_did_not_report():
    # Phase 2: Khối Giáo dục 4/4, Thượng Thanh 19/20 = 95,0% (meets), Ngọc Thụy 9/10 below;
    # Cấp quận owed it and sent nothing: 2 of the 3 counted meet the target, 1 not reported.
    owed = {**OWED, ("2", "Cấp quận"): "missing"}
    fig = rate_by_ward(ward_phase_frame(), "2", context(unit_status=owed))

    assert [(name, label) for name, label, _ in top_to_bottom(fig.axes[0])] == [
        ("Đảng bộ Khối Giáo dục", "100,0% (4/4)"), ("Thượng Thanh", "95,0% (19/20)"),
        ("Ngọc Thụy", "▼ 90,0% (9/10)"), ("Cấp quận", "chưa báo cáo"),
        ("Phường Mới", "chưa báo cáo")]
    assert figure_texts(fig)[0] == ("Giai đoạn 2: 2/3 đơn vị đạt chỉ tiêu 95%, 2 đơn vị chưa"
                                    " báo cáo").replace(" vị chưa", "\u00a0vị chưa").replace(
        "2 đơn", "2\u00a0đơn")
    assert "không có ai phải tham gia" not in shown(fig)
    english = rate_by_ward(ward_phase_frame(), "2",
                           context("en", unit_status={("2", "Cấp quận"): "held_out"}))
    assert shown(english).startswith(
        "Phase 2: 2 of 3 units met the 95% target, 1 unit reported but not counted")
    assert top_to_bottom(english.axes[0])[-1][:2] == (
        "Cấp quận", "not counted: sent twice, different figures")


def test_demo_2015_heatmap_leaves_blank_what_committees_did_not_owe_in_phase_1(demo_2015):
    # The committees and Cấp quận list phases = ["2"]: their phase 1 cells are blank, keyed
    # as such; every unit owed reported, so no "…" and no "không có số liệu".
    fig = demo_2015["ward_phase_heatmap"]
    names = row_names(fig.axes[0])
    grid = {cell: text.get_text() for cell, text in cells(fig.axes[0]).items()}
    blank = [names[row] for (row, col), text in grid.items() if col == 0 and text == ""]
    assert blank == ["Đảng bộ Ban Quản lý dự án quận", "Đảng bộ Doanh nghiệp số 1",
                     "Đảng bộ Doanh nghiệp số 2", "Đảng bộ Khối Giáo dục",
                     "Đảng bộ Trung tâm Y tế quận", "Cấp quận"]
    text = shown(fig)
    assert "ô để trống: đơn vị không phải báo cáo giai đoạn đó." in text
    assert "…" not in text and "không có số liệu" not in text


def test_demo_mid_rate_by_ward_phase_2_shows_the_two_wards_that_did_not_report():
    # demo-2015-long-bien-mid, phase 2: 18 of 20 units reported, Cự Khối and Thạch Bàn not.
    built = figures.build_figures(analyse(f"{RAW}/demo-2015-long-bien-mid"))
    fig = built["rate_by_ward_phase_2"]

    rows = top_to_bottom(fig.axes[0])
    assert rows[-2:] == [("Cự Khối", "chưa báo cáo", None), ("Thạch Bàn", "chưa báo cáo", None)]
    assert len(rows) == 20
    # Of the 18 counted, Việt Hưng 624/780 = 80,0% and Ban Quản lý dự án 225/243 = 92,6%
    # fall short: 16/18.
    assert shown(fig).startswith("Giai đoạn 2: 16/18 đơn vị đạt chỉ tiêu 95%, 2 đơn vị chưa"
                                 " báo cáo")
    heatmap = built["ward_phase_heatmap"]
    names = row_names(heatmap.axes[0])
    grid = {cell: text.get_text() for cell, text in cells(heatmap.axes[0]).items()}
    assert [grid[(names.index(name), 1)] for name in ("Cự Khối", "Thạch Bàn")] == ["…", "…"]

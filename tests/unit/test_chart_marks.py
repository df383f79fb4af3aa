"""What a chart marks on a unit itself, and keys only the marks it draws (QA round 72).

Drawn for real with Agg from the hand-made tables of tests.unit.test_charts and from the
demo campaign; every expected figure is worked out in the comments.
"""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from analysis import figures, trends
from analysis.charts import (
    absence_breakdown,
    campaign_trend,
    class_view,
    rate_by_ward,
    ward_phase_heatmap,
)
from analysis.pipeline import analyse
from analysis.trends import CampaignData
from tests.unit.test_charts import (
    absence_frame,
    by_session_frame,
    cells,
    context,
    figure_texts,
    top_to_bottom,
    trend_frame,
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
BOTH_KEY = ("†: tính một phần, có dòng bị loại hoặc lớp, chi bộ gửi trùng với số liệu khác "
            "nhau chưa tính.")


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
    assert ("†: counted in part, a class (or party cell) sent twice with different figures "
            "left out." in shown(english))


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
    assert "không có ai phải học" not in shown(fig)
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
    # The chart draws the 19 grassroots units, the district's Cấp quận apart (QA round 92).
    built = figures.build_figures(analyse(f"{RAW}/demo-2015-long-bien-mid"))
    fig = built["rate_by_ward_phase_2"]

    rows = top_to_bottom(fig.axes[0])
    assert rows[-2:] == [("Cự Khối", "chưa báo cáo", None), ("Thạch Bàn", "chưa báo cáo", None)]
    assert len(rows) == 19 and "Cấp quận" not in [name for name, *_ in rows]
    # Of the 17 counted, Việt Hưng 624/780 = 80,0% and Ban Quản lý dự án 225/243 = 92,6%
    # fall short: 15/17.
    assert shown(fig).startswith("Giai đoạn 2: 15/17 đơn vị đạt chỉ tiêu 95%, 2 đơn vị chưa"
                                 " báo cáo")
    heatmap = built["ward_phase_heatmap"]
    names = row_names(heatmap.axes[0])
    grid = {cell: text.get_text() for cell, text in cells(heatmap.axes[0]).items()}
    assert [grid[(names.index(name), 1)] for name in ("Cự Khối", "Thạch Bàn")] == ["…", "…"]


# --- 3. a key entry only for a mark the chart draws -----------------------------------------


def test_absence_breakdown_keys_below_target_only_when_a_unit_is_under_it():
    # tests.unit.test_charts.ABSENCES phase 2: Bồ Đề 97/100 attended (meets 95%), 3 with no
    # reason = 3,0% of the bar, too narrow for "3,0%": that note stays, "▼" goes.
    fig = absence_breakdown(absence_frame(), "2", context())
    assert "▼" not in shown(fig)
    assert "Phần nhỏ không ghi số: xem bảng Theo đơn vị." in shown(fig)
    # Phase 1: Cự Khối 80/100 is under the target.
    assert "▼: có mặt dưới chỉ tiêu 95%. Phần nhỏ không ghi số" in shown(
        absence_breakdown(absence_frame(), "1", context()))
    # Every segment wide enough for its share (60% and 40%): no note of unwritten ones.
    wide = absence_breakdown(absence_frame([("1", "Bồ Đề", 100, 60, 40, 0, 0)]), "1",
                             context())
    assert "▼: có mặt dưới chỉ tiêu 95%." in shown(wide)
    assert "Phần nhỏ" not in shown(wide)


def test_heatmap_keys_below_target_only_when_a_cell_is_under_it():
    # Bồ Đề 96/100 = 96,0% and 98/100 = 98,0%: nothing under 95%, no key at all.
    fig = ward_phase_heatmap(ward_phase_frame([("1", "Bồ Đề", "ward", 100, 96),
                                               ("2", "Bồ Đề", "ward", 100, 98)]), context())
    assert "▼" not in shown(fig)
    assert figure_texts(fig)[-1] == context().source_note


def test_campaign_trend_keys_below_target_only_when_a_campaign_is_under_it():
    # tests.unit.test_charts.TREND without Đợt 2011 (91,7%): 96,0% and 96,3%, both met.
    above = trend_frame()[lambda table: table["campaign"] != "Đợt 2011"]
    fig = campaign_trend(above, context())
    assert "▼" not in shown(fig)
    assert "Trục dọc không bắt đầu từ 0%." in shown(fig)
    # Each campaign's own target, 95% and 96%: the targets are listed, no "▼" keyed.
    own = campaign_trend(above, context(), targets={"Đợt 2016": 0.95, "Đợt 2021": 0.96})
    assert ("Chỉ tiêu của từng đợt: Đợt 2016 95%; Đợt 2021 96%; đường gạch: chỉ tiêu 95% của "
            "đợt mới nhất. Trục dọc không bắt đầu từ 0%.") in shown(own)
    assert "▼" not in shown(own)
    # With Đợt 2011 under the target, "▼" is keyed as before.
    assert "▼: dưới chỉ tiêu 95%. Trục dọc không bắt đầu từ 0%." in shown(
        campaign_trend(trend_frame(), context()))


def test_ward_trend_keys_below_target_only_when_a_last_rate_is_under_it():
    def campaign(campaign_id: str, start: str, rows: list[tuple]) -> CampaignData:
        table = pd.DataFrame(rows, columns=["phase", "ward", "kind", "expected", "attended"])
        return CampaignData(id=campaign_id, title=campaign_id,
                            start=dt.date.fromisoformat(start),
                            phases=(("1", "Giai đoạn 1"),), ward_phase=table)

    # Bồ Đề 95/100 then 97/100, Gia Thụy 96/100 then 99/100: both last rates meet 95%.
    table = trends.trend_table([
        campaign("x", "2015-01-01", [("1", "Bồ Đề", "ward", 100, 95),
                                     ("1", "Gia Thụy", "ward", 100, 96)]),
        campaign("y", "2020-01-01", [("1", "Bồ Đề", "ward", 100, 97),
                                     ("1", "Gia Thụy", "ward", 100, 99)])])
    fig = trends.ward_trend(table, context())
    assert "Trục ngang không bắt đầu từ 0%." in shown(fig)
    assert "▼" not in shown(fig)

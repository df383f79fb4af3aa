"""The trend charts without a `place` in campaign.toml (no stray comma), and two campaigns
with almost the same rate for a ward (neither marker hidden under the other)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from analysis import charts, trends
from analysis.trends import CampaignData, build_charts, dodge, trend_table


def campaign(campaign_id: str, start: str, rows: list[tuple], place: str = "") -> CampaignData:
    table = pd.DataFrame(rows, columns=["phase", "ward", "kind", "expected", "attended"])
    return CampaignData(id=campaign_id, title=campaign_id, start=dt.date.fromisoformat(start),
                        phases=(("1", "Giai đoạn 1"),), ward_phase=table, place=place)


# Bồ Đề: 290/300 = 96,67% (2015) and 590/610 = 96,72% (2020): 0,05 points apart.
# Phúc Lợi: 48/50 = 96,0% and 370/400 = 92,5%: far apart.
CAMPAIGNS = [
    ("c2015", "2015-09-01", [("1", "Bồ Đề", "ward", 300, 290), ("1", "Phúc Lợi", "ward", 50, 48)]),
    ("c2020", "2020-09-01", [("1", "Bồ Đề", "ward", 610, 590),
                             ("1", "Phúc Lợi", "ward", 400, 370)]),
]


def figures(place: str = "") -> dict:
    campaigns = [campaign(*spec, place=place) for spec in CAMPAIGNS]
    return build_charts(trend_table(campaigns), campaigns)


def subtitle_of(fig) -> str:
    """The figure's second text from the top: the subtitle, its lines joined again."""
    texts = sorted((text for text in fig.texts if text.get_text()),
                   key=lambda text: -text.get_position()[1])
    return texts[1].get_text()


def test_without_a_place_no_subtitle_line_starts_or_ends_with_a_comma():
    drawn = figures()
    ward = subtitle_of(drawn["ward_trend"]).replace("\n", " ")
    assert ward == "Tỷ lệ tham dự theo phường (có mặt/phải học, gộp các giai đoạn)"
    lines = subtitle_of(drawn["campaign_trend"]).split("\n")
    assert lines[-1] == "Các đợt bắt đầu từ 09/2015 đến 09/2020"
    for text in (ward, *lines):
        assert not text.strip().endswith(",") and not text.strip().startswith(",")


def test_with_a_place_it_follows_the_comma():
    drawn = figures("Quận Long Biên, Hà Nội")
    ward = subtitle_of(drawn["ward_trend"]).replace("\n", " ")
    assert ward.endswith("gộp các giai đoạn), Quận Long Biên, Hà Nội")
    assert subtitle_of(drawn["campaign_trend"]).split("\n")[-1] == (
        "Quận Long Biên, Hà Nội, các đợt bắt đầu từ 09/2015 đến 09/2020")


def test_a_huyens_trend_charts_speak_of_its_communes():
    # QA round 97 #5: "7/7 phường tăng", "theo phường" under a huyện's campaigns.
    drawn = figures("Huyện Sơn Hòa, tỉnh Phú Xuân")
    texts = [text.get_text() for fig in drawn.values() for text in fig.texts]
    assert not any("phường" in text.lower() for text in texts), texts
    assert subtitle_of(drawn["ward_trend"]).replace("\n", " ").startswith(
        "Tỷ lệ tham dự theo xã (có mặt/phải học")


def test_campaigns_of_different_places_name_every_place():
    # QA round 45: three Long Biên campaigns and one of Sông Tích drawn under "Quận Sông
    # Tích", the latest's place, as if one district's rate had fallen.
    campaigns = [campaign(*CAMPAIGNS[0], place="Quận Long Biên"),
                 campaign(*CAMPAIGNS[1], place="Quận Sông Tích")]
    drawn = build_charts(trend_table(campaigns), campaigns)
    assert subtitle_of(drawn["campaign_trend"]).split("\n")[-1] == (
        "Quận Long Biên và Quận Sông Tích, các đợt bắt đầu từ 09/2015 đến 09/2020")


def test_places_sharing_a_part_name_it_once():
    # QA round 72 #4: the demos' "Quận Long Biên, Hà Nội" (2015, 2020) and "Hà Nội, các
    # phường trên địa bàn quận Long Biên cũ" (2026) read "Quận Long Biên, Hà Nội và Hà Nội,
    # các phường…": "Hà Nội", in both, is said once, at the end.
    campaigns = [campaign(*CAMPAIGNS[0], place="Quận Long Biên, Hà Nội"),
                 campaign(*CAMPAIGNS[1],
                          place="Hà Nội, các phường trên địa bàn quận Long Biên cũ")]
    drawn = build_charts(trend_table(campaigns), campaigns)
    assert subtitle_of(drawn["campaign_trend"]).replace("\n", " ").endswith(
        "Quận Long Biên và các phường trên địa bàn quận Long Biên cũ, Hà Nội, các đợt bắt "
        "đầu từ 09/2015 đến 09/2020")
    # A place that is only the shared part covers the other: "Hà Nội" alone.
    assert trends.places_text(["Hà Nội", "Quận Long Biên, Hà Nội"], "vi") == "Hà Nội"
    # A place beginning with a common word is not capitalised mid-sentence (QA round 91 #5).
    assert trends.places_text(["Quận Kim Sơn, tỉnh Hà Sơn",
                               "Các phường trên địa bàn quận Kim Sơn cũ, tỉnh Hà Sơn"], "vi") \
        == "Quận Kim Sơn và các phường trên địa bàn quận Kim Sơn cũ, tỉnh Hà Sơn"
    assert trends.places_text(["Quận Long Biên, Hà Nội", "Quận Sông Tích, Hà Nội",
                               "Quận Long Biên, Hà Nội"], "en") == (
        "Quận Long Biên and Quận Sông Tích, Hà Nội")


def test_long_campaign_ids_under_the_trend_chart_do_not_run_into_each_other():
    # QA round 45: "demo-2015-long-bien", "demo-2020-long-bien", ... under four dots, the
    # ids wider than their columns and nowhere to break: they ran into each other.
    ids = ["demo-2015-long-bien", "demo-2020-long-bien", "demo-2026-long-bien", "qa45-quan"]
    # The trends command names them by year (below); a table's own names are still wrapped.
    campaigns = [campaign(name, f"{year}-09-01", [("1", "Bồ Đề", "ward", 100, 96)])
                 for name, year in zip(ids, (2015, 2020, 2025, 2026), strict=True)]
    fig = charts.campaign_trend(trend_table(campaigns), trends.chart_context(campaigns))
    fig.draw_without_rendering()
    labels = fig.axes[0].get_xticklabels()
    assert [label.get_text().split("\n")[:-1] for label in labels] == [
        ["demo-2015-", "long-bien"], ["demo-2020-", "long-bien"], ["demo-2026-", "long-bien"],
        ["qa45-quan"]]
    boxes = [label.get_window_extent() for label in labels]
    assert all(left.x1 < right.x0 for left, right in itertools.pairwise(boxes))


def test_campaigns_are_named_by_their_start_year_then_month_then_id():
    # QA round 72: analysts know a campaign by its year, not its id. Two of 2020 go by month;
    # two of 03/2026 (and one with no start) by id.
    starts = {"a": "2015-09-01", "b": dt.date(2020, 9, 1), "c": "2020-03-02",
              "d": "2026-03-02", "e": "2026-03-20", "f": None}
    assert trends.campaign_labels(starts) == {"a": "2015", "b": "09/2020", "c": "03/2020",
                                              "d": "d", "e": "e", "f": "f"}
    assert trends.campaign_labels(starts, "en")["c"] == "Mar 2020"


def test_the_trend_charts_name_campaigns_by_year_not_id():
    # QA round 72: "demo-2015-long-bien → demo-2020-long-bien" in the ward chart's title and
    # legend, the ids under the campaign chart. By hand (CAMPAIGNS): Bồ Đề +0,05 points
    # (96,67% -> 96,72%), Phúc Lợi −3,5: 1 of 2 wards rose.
    campaigns = [campaign(f"demo-{start[:4]}-long-bien", start, rows)
                 for _, start, rows in CAMPAIGNS]
    drawn = build_charts(trend_table(campaigns), campaigns)
    ward = drawn["ward_trend"]
    assert ward.texts[0].get_text() == "2015 → 2020: 1/2 phường tăng tỷ lệ tham dự"
    assert [text.get_text() for text in ward.legends[0].get_texts()] == ["2015", "2020"]
    notes = " ".join(text.get_text().replace("\n", " ") for text in ward.texts)
    assert ("Mỗi đợt gộp các giai đoạn có số liệu: 2015: 1\xa0giai\xa0đoạn; "
            "2020: 1\xa0giai\xa0đoạn.") in notes
    trend = drawn["campaign_trend"]
    trend.draw_without_rendering()
    assert [label.get_text() for label in trend.axes[0].get_xticklabels()] == [
        "2015\n09/2015", "2020\n09/2020"]
    notes = " ".join(text.get_text().replace("\n", " ") for text in trend.texts)
    assert "2015: 1\xa0giai\xa0đoạn, 2\xa0đơn\xa0vị; 2020:" in notes
    assert "long-bien:" not in notes  # the ids stay in the source line only


# Bồ Đề, old ward: 950/1.000 = 95,0% (2015), 960/1.000 = 96,0% (2020); the 2025 ward Bồ Đề:
# 1.950/2.000 = 97,5% (2026).
ACROSS_MAPS = [("c2015", "2015-09-01", [("1", "Bồ Đề", "ward", 1000, 950)]),
               ("c2020", "2020-09-01", [("1", "Bồ Đề", "ward", 1000, 960)]),
               ("c2026", "2026-03-02", [("1", "Bồ Đề", "ward", 2000, 1950)])]


def trend_lines(fig) -> tuple[list[list[float]], list[float]]:
    """The campaign chart's line segments (x of their points) and its vertical rules."""
    ax = fig.axes[0]
    segments = [list(line.get_xdata()) for line in ax.lines
                if line.get_marker() in ("None", "") and line.get_color() == charts.TREND_COLOUR]
    rules = [line.get_xdata()[0] for line in ax.lines
             if line.get_marker() in ("None", "") and line.get_color() == charts.MUTED_COLOUR]
    return segments, rules


def test_old_and_new_wards_are_not_one_line_in_the_campaign_chart():
    # QA round 72: 2015 and 2020 (old wards) and 2026 (2025 wards) joined by one line under
    # "Qua 3 đợt, tỷ lệ tham dự tăng từ 95,0% lên 97,5%", where the terminal says old and
    # new wards are not compared directly. The line breaks at 7/2025, the title speaks of
    # the old wards (95,0% -> 96,0%) and the terminal's sentence is the footnote's first.
    campaigns = [campaign(*spec) for spec in ACROSS_MAPS]
    fig = build_charts(trend_table(campaigns), campaigns)["campaign_trend"]
    assert fig.texts[0].get_text().replace("\n", " ") == (
        "Phường cũ: qua 2 đợt, tỷ lệ tham dự tăng từ 95,0% lên 96,0%")
    assert subtitle_of(fig).split("\n")[0] == (
        "Tỷ lệ tham dự theo đợt (có mặt/phải học, chỉ tính các phường, gộp các giai đoạn)")
    assert trend_lines(fig) == ([[0, 1], [2]], [1.5])
    assert [text.get_text() for text in fig.axes[0].texts
            if text.get_text().startswith("phường")] == ["phường cũ", "phường từ 7/2025"]
    footnote = min(fig.texts, key=lambda text: text.get_position()[1]).get_text()
    assert footnote.replace("\n", " ").startswith(
        "Các đợt trước và từ 7/2025 tính trên hai bộ phường khác nhau: phường cũ và phường mới "
        "không so trực tiếp (mỗi bộ chỉ so khi có từ hai đợt). Trục dọc")

    # On the successors old Bồ Đề is counted in the 2025 Bồ Đề: one line, as before.
    fig = build_charts(trend_table(campaigns, on_successors=True), campaigns)["campaign_trend"]
    assert fig.texts[0].get_text() == "Qua 3 đợt, tỷ lệ tham dự tăng từ 95,0% lên 97,5%"
    assert trend_lines(fig) == ([[0, 1, 2]], [])
    assert "7/2025" not in " ".join(text.get_text() for text in fig.texts)

    # One campaign on each map: no change to tell, the latest one's rate.
    campaigns = [campaign(*spec) for spec in ACROSS_MAPS[1:]]
    fig = build_charts(trend_table(campaigns), campaigns)["campaign_trend"]
    assert fig.texts[0].get_text() == "Phường từ 7/2025: tỷ lệ tham dự 97,5%"


@pytest.mark.parametrize(("template", "place", "expected"), [
    ("Tỷ lệ theo đơn vị, {place}", "", "Tỷ lệ theo đơn vị"),
    ("{place}, các đợt từ {first}", "", "Các đợt từ 2015"),
    ("{place}, các đợt từ {first}", "Hà Nội", "Hà Nội, các đợt từ 2015"),
    ("Rate by unit, {place}", "  ", "Rate by unit"),
])
def test_with_place_drops_the_comma_of_a_missing_place(template, place, expected):
    assert charts.with_place(template, place, first="2015") == expected


def test_markers_closer_than_their_width_are_moved_apart_across_the_row():
    assert dodge([0.9667, 0.9672], 0.002) == [-trends.DODGE_STEP / 2, trends.DODGE_STEP / 2]
    assert dodge([0.96, 0.925], 0.002) == [0.0, 0.0]
    # A chain of three: spread evenly, the first campaign on top (smaller y).
    assert dodge([0.950, 0.951, 0.952, 0.90], 0.0015) == [
        -trends.DODGE_STEP, 0.0, trends.DODGE_STEP, 0.0]


def test_near_equal_rates_of_two_campaigns_both_show_in_the_ward_chart():
    fig = figures()["ward_trend"]
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    rows = {label.get_text().removeprefix("▼ ").removeprefix("≈ "): round(label.get_position()[1])
            for label in ax.get_yticklabels()}
    markers = [line for line in ax.lines if line.get_marker() not in (None, "None", "")
               and len(line.get_xdata()) == 1]

    def row_markers(ward: str) -> list:
        centre = rows[ward]
        return [line for line in markers if abs(line.get_ydata()[0] - centre) < 0.5]

    close = row_markers("Bồ Đề")
    assert len(close) == 2
    # Drawn at their rates, one above the other, their boxes apart.
    assert sorted(line.get_xdata()[0] for line in close) == pytest.approx([290 / 300, 590 / 610])
    boxes = sorted((line.get_window_extent(renderer) for line in close), key=lambda b: b.y0)
    assert boxes[1].y0 - boxes[0].y0 >= 0.9 * boxes[0].height
    # Markers far apart stay on the row's line.
    apart = row_markers("Phúc Lợi")
    assert [line.get_ydata()[0] for line in apart] == [rows["Phúc Lợi"]] * 2


def test_a_rise_over_different_wards_gives_each_rate_its_wards_and_the_same_wards_change():
    # QA round 81 #1: "Qua 2 đợt, tỷ lệ tham dự tăng từ 95,1% lên 95,6%" from 3 wards to 13,
    # where the same 3 wards fell. Here 2021: Bồ Đề 95/100, Phúc Lợi 95/100 = 190/200 = 95,0%;
    # 2023: the two at 94/100 each and Long Biên 790/800: 978/1.000 = 97,8%, the same two
    # wards 188/200 = 94,0%.
    campaigns = [campaign("c2021", "2021-09-01", [("1", "Bồ Đề", "ward", 100, 95),
                                                  ("1", "Phúc Lợi", "ward", 100, 95)]),
                 campaign("c2023", "2023-09-01", [("1", "Bồ Đề", "ward", 100, 94),
                                                  ("1", "Phúc Lợi", "ward", 100, 94),
                                                  ("1", "Long Biên", "ward", 800, 790)])]
    fig = build_charts(trend_table(campaigns), campaigns)["campaign_trend"]
    assert fig.texts[0].get_text().replace("\n", " ").replace("\u00a0", " ") == (
        "Qua 2 đợt, tỷ lệ tham dự tăng từ 95,0% (2 đơn vị) lên 97,8% (3 đơn vị)")
    footnote = min(fig.texts, key=lambda text: text.get_position()[1]).get_text()
    assert "Cùng 2 đơn vị có số liệu ở 2021 và 2023: 95,0% → 94,0%." in (
        footnote.replace("\n", " ").replace("\u00a0", " "))

    # The same wards in both: the title as before, no such line.
    campaigns[1] = campaign("c2023", "2023-09-01", [("1", "Bồ Đề", "ward", 100, 94),
                                                    ("1", "Phúc Lợi", "ward", 100, 99)])
    fig = build_charts(trend_table(campaigns), campaigns)["campaign_trend"]
    assert fig.texts[0].get_text() == "Qua 2 đợt, tỷ lệ tham dự tăng từ 95,0% lên 96,5%"
    assert not any("Cùng" in text.get_text() for text in fig.texts)


def test_the_same_wards_change_leaves_out_a_ward_counted_in_part():
    # QA round 82 #3: the like-for-like line counted a ward the ward chart marks † (rows
    # rejected in 2021), "không so ngang được". 2021: Bồ Đề 95/100, Phúc Lợi 95/100, Cự
    # Khối 50/100 counted in part; 2023: 94/100, 94/100, 99/100 and Long Biên 790/800. Like
    # for like: Bồ Đề and Phúc Lợi alone, 190/200 = 95,0% -> 188/200 = 94,0% (with Cự Khối
    # it would read 80,0% -> 95,7%).
    first = dataclasses.replace(
        campaign("c2021", "2021-09-01", [("1", "Bồ Đề", "ward", 100, 95),
                                         ("1", "Phúc Lợi", "ward", 100, 95),
                                         ("1", "Cự Khối", "ward", 100, 50)]),
        counted_in_part=frozenset({("1", "Cự Khối")}))
    last = campaign("c2023", "2023-09-01", [("1", "Bồ Đề", "ward", 100, 94),
                                            ("1", "Phúc Lợi", "ward", 100, 94),
                                            ("1", "Cự Khối", "ward", 100, 99),
                                            ("1", "Long Biên", "ward", 800, 790)])
    fig = build_charts(trend_table([first, last]), [first, last])["campaign_trend"]
    footnote = min(fig.texts, key=lambda text: text.get_position()[1]).get_text()
    assert "Cùng 2 đơn vị có số liệu ở 2021 và 2023: 95,0% → 94,0%." in (
        footnote.replace("\n", " ").replace("\u00a0", " "))

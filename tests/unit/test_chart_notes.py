"""What the charts say beside the bars: whose reports are missing, what a rate covers.

Drawn for real with Agg from hand-made tables (tests.unit.test_charts) and from the demo
campaigns; every expected figure is worked out in the comments.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import openpyxl
import pandas as pd
import pytest

from analysis import charts, figures, participation, pipeline, tables, trends
from analysis.charts import campaign_trend, class_view, phase_comparison
from analysis.pipeline import analyse, report_subtitle
from tests.unit.builders import Sheet, write_campaign, write_xlsx
from tests.unit.test_charts import by_session_frame, context, results_stub, top_to_bottom

RAW = "data/raw"


def texts(fig) -> list[str]:
    """Figure-level texts (title, subtitle, footnote), wrapped lines joined, no-break spaces
    read as spaces."""
    return [t.get_text().replace("\n", " ").replace("\u00a0", " ") for t in fig.texts]


def footnote(fig) -> str:
    return texts(fig)[-1]


# --- 1. a chart of one phase names only that phase's missing units --------------------------

# By hand: phase 1 expected 4 units, 3 reported, Ngọc Lâm missing; phase 2 expected 5, 3
# reported, Cự Khối and Thạch Bàn missing.
SUMMARIES = {
    "1": {"units_reported": 3, "units_expected": 4, "missing": "Ngọc Lâm", "held_out": "",
          "rejected": ""},
    "2": {"units_reported": 3, "units_expected": 5, "missing": "Cự Khối; Thạch Bàn",
          "held_out": "", "rejected": ""},
}
PHASE_1_NOTE = "Giai đoạn 1: 3/4 đơn vị đã báo cáo, chưa có Ngọc Lâm"
PHASE_2_NOTE = "Giai đoạn 2: 3/5 đơn vị đã báo cáo, chưa có Cự Khối, Thạch Bàn"
# Under the phase comparison when district classes are left out of it, as of the headline.
GRASSROOTS_NOTE = "Chỉ gồm các đơn vị cơ sở (phường, đảng bộ cơ sở); lớp cấp quận tính riêng"
# Under a phase's charts by unit when its district class is left out of them (QA round 92 #6).
APART_NOTE = ("Chỉ gồm các đơn vị cơ sở; các lớp cấp quận tính riêng (Cấp quận): xem biểu "
              "đồ theo lớp và bản đồ nhiệt")


def incomplete_stub(incomplete: list[str]) -> SimpleNamespace:
    stub = results_stub()
    # The same counts unit by unit, every unit a ward: the phase comparison counts its
    # grassroots units from these.
    completeness = pd.DataFrame(
        [{"phase": phase, "ward": ward, "kind": "ward", "expected_to_report": True,
          "status": "missing" if ward in summary["missing"].split("; ") else "reported"}
         for phase, summary in SUMMARIES.items()
         for ward in [*(f"Phường {number}" for number in range(summary["units_reported"])),
                      *summary["missing"].split("; ")]])
    stub.quality = SimpleNamespace(incomplete_phases=incomplete,
                                   phase_summary=lambda phase: SUMMARIES[phase],
                                   completeness=completeness)
    return stub


def test_a_chart_of_one_phase_names_only_that_phases_missing_units():
    built = figures.build_figures(incomplete_stub(["1", "2"]))

    # Reports, not "báo cáo điểm danh" (roll-calls): most files are summaries (QA round 83 #3).
    source = "Nguồn: 3 tệp báo cáo gửi về; kỳ báo cáo đến 28/11/2015"
    for stem in ("rate_by_ward_phase_1", "absence_breakdown_phase_1"):
        # Phase 1's district class is drawn apart from its units (QA round 92 #6).
        assert footnote(built[stem]).endswith(f"{source}. {PHASE_1_NOTE}. {APART_NOTE}"), stem
        assert "Cự Khối" not in footnote(built[stem]), stem
    for stem in ("rate_by_ward_phase_2", "absence_breakdown_phase_2", "class_view_phase_2"):
        assert footnote(built[stem]).endswith(f"{source}. {PHASE_2_NOTE}"), stem
        assert "Ngọc Lâm" not in footnote(built[stem]), stem
    # Charts of every phase name each phase's missing units, phase by phase.
    assert footnote(built["ward_phase_heatmap"]).endswith(
        f"{source}. {PHASE_1_NOTE}. {PHASE_2_NOTE}")
    assert footnote(built["phase_comparison"]).endswith(
        f"{source}. {PHASE_1_NOTE}. {PHASE_2_NOTE}. {GRASSROOTS_NOTE}")


def test_a_complete_phase_has_no_missing_units_under_its_charts():
    built = figures.build_figures(incomplete_stub(["2"]))

    assert footnote(built["rate_by_ward_phase_1"]).endswith(
        f"kỳ báo cáo đến 28/11/2015. {APART_NOTE}")
    assert footnote(built["rate_by_ward_phase_2"]).endswith(PHASE_2_NOTE)


def test_mid_campaign_demo_phase_1_charts_do_not_name_phase_2s_missing_wards():
    # The mid-campaign demo: phase 1 complete (14/14), phase 2 18/20, Cự Khối and Thạch Bàn
    # not reported (tests/data/demo_mid_truth.json). The phase comparison shows the 19
    # grassroots units only (the district classes apart): 17/19 of those reported, as the
    # headline says; it said 18/20, counting the district classes it leaves out (QA 11).
    results = analyse(f"{RAW}/demo-2015-long-bien-mid")
    built = figures.build_figures(results)

    # Cấp quận's phase 2 is counted in part: a class of it sent twice with different figures
    # is held out (its partly_held_out status); the charts of every kind of unit say so.
    missing = ("Giai đoạn 2: 18/20 đơn vị đã báo cáo, chưa có Cự Khối, Thạch Bàn, tính một "
               "phần Cấp quận")
    for stem in ("rate_by_ward_phase_1", "absence_breakdown_phase_1"):
        assert "Cự Khối" not in footnote(built[stem]), stem
        assert footnote(built[stem]).endswith("kỳ báo cáo đến 28/11/2015"), stem
    for stem in ("class_view_phase_2", "ward_phase_heatmap"):
        assert footnote(built[stem]).endswith(missing), stem
    grassroots = "Giai đoạn 2: 17/19 đơn vị đã báo cáo, chưa có Cự Khối, Thạch Bàn"
    # The charts by unit draw the grassroots units, as the headline counts them.
    for stem in ("rate_by_ward_phase_2", "absence_breakdown_phase_2"):
        assert footnote(built[stem]).endswith(f"{grassroots}. {APART_NOTE}"), stem
    assert footnote(built["phase_comparison"]).endswith(f"{grassroots}. {GRASSROOTS_NOTE}")
    assert "(17/19 đơn vị cơ sở đã báo cáo)" in results.headline_text()


# --- 2. no "lớp" (classes) where the reports name none -------------------------------------


def test_class_view_of_a_phase_without_class_names_speaks_of_units():
    # Phase 1 of tests.unit.test_charts.CLASSES: Thượng Thanh's one row, no class name
    # (session = the unit), 5/10 = 50,0%, below -> 0 of 1 unit meets the target.
    fig = class_view(by_session_frame(), "1", context())

    assert top_to_bottom(fig.axes[0]) == [("Thượng Thanh", "▼ 50,0% (5/10)", charts.HATCH)]
    assert "Giai đoạn 1: 0/1 đơn vị đạt chỉ tiêu 95%" in texts(fig)
    assert not any("lớp đạt" in text for text in texts(fig))
    assert any(text.startswith("Tỷ lệ tham dự theo đơn vị (báo cáo không chia lớp")
               for text in texts(fig))


def test_class_view_in_english_of_a_phase_without_class_names():
    fig = class_view(by_session_frame(), "1", context("en"))

    assert "Phase 1: 0 of 1 units met the 95% target" in texts(fig)
    assert any(text.startswith("Participation rate by unit (reports name no classes")
               for text in texts(fig))


def test_has_classes_tells_a_phase_that_names_a_class():
    frame = by_session_frame()

    assert participation.has_classes(frame, "2")  # Lớp 1, Lớp tập trung số 1, ...
    assert not participation.has_classes(frame, "1")  # Thượng Thanh's own row only
    missing = frame.assign(session=frame["session"].astype("object"))
    missing.loc[missing["phase"] == "1", "session"] = None
    assert not participation.has_classes(missing, "1")


def test_build_figures_draws_the_classes_of_the_last_phase_that_names_classes():
    # Phase 1: Bồ Đề's Lớp 1 97/100 = 97,0% meets, Lớp 2 45/50 = 90,0% below -> 1 of 2.
    # Phase 2: each unit one row, no class names: no class chart for it.
    stub = results_stub()
    stub.by_session = by_session_frame([
        ("1", "Bồ Đề", "ward", "Lớp 1", 100, 97),
        ("1", "Bồ Đề", "ward", "Lớp 2", 50, 45),
        ("2", "Bồ Đề", "ward", "Bồ Đề", 150, 144),
        ("2", "Ngọc Thụy", "ward", "Ngọc Thụy", 80, 76),
    ])

    built = figures.build_figures(stub)

    assert [stem for stem in built if stem.startswith("class_view")] == ["class_view_phase_1"]
    assert "Giai đoạn 1: 1/2 lớp đạt chỉ tiêu 95%" in texts(built["class_view_phase_1"])


def test_build_figures_draws_no_class_chart_when_no_report_names_a_class():
    stub = results_stub()
    stub.by_session = by_session_frame([
        ("1", "Bồ Đề", "ward", "Bồ Đề", 100, 97),
        ("2", "Bồ Đề", "ward", "Bồ Đề", 150, 144),
    ])

    assert not [stem for stem in figures.build_figures(stub) if stem.startswith("class_view")]


def test_demo_2026_reports_no_classes_and_gets_no_class_chart(tmp_path):
    # demo-2026-long-bien: one row per 2025 ward and phase, no "Lớp" column.
    results = analyse(f"{RAW}/demo-2026-long-bien")
    assert not participation.has_classes(results.by_session, "2")

    written = figures.write_figures(results, tmp_path, formats=("png",))

    stems = sorted(path.stem for path in written)
    assert "rate_by_ward_phase_2" in stems
    assert not [stem for stem in stems if stem.startswith("class_view")]
    # Nor a "Theo lớp" table, which would be "Theo đơn vị" again (QA round 42 #7): none in
    # the report (the section shows nothing and is left out), none in summary.xlsx.
    assert tables.session_table(results) is None
    pipeline.write_summary(results, tmp_path / "summary.xlsx")
    sheets = openpyxl.load_workbook(tmp_path / "summary.xlsx").sheetnames
    assert "Theo đơn vị" in sheets and "Theo lớp" not in sheets


# --- 4. phases on different numbers of units say so -----------------------------------------

# The demo's phases, by hand: phase 1 11.310/11.911 = 94,954% (below: two decimals) on 14
# wards; phase 2 14.935/15.595 = 95,768% on 20 units (14 wards, 5 committees, the district).


def phases_frame(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"phase": phase, "expected": expected, "attended": attended,
                          "rate": attended / expected, "units_reported": units,
                          "units_expected": units}
                         for phase, expected, attended, units in rows])


def test_phase_comparison_title_says_each_phase_covers_different_units():
    fig = phase_comparison(phases_frame([("1", 11911, 11310, 14), ("2", 15595, 14935, 20)]),
                           context())

    assert ("Tỷ lệ tham dự tăng từ 94,95% (14 đơn vị) lên 95,8% (20 đơn vị), đạt chỉ tiêu "
            "95%") in texts(fig)
    assert "số đơn vị khác nhau" not in footnote(fig)  # two phases: the title says it all
    # The same 14 units in both phases: nothing more to say.
    same = phase_comparison(phases_frame([("1", 11911, 11310, 14), ("2", 15595, 14935, 14)]),
                            context())
    assert "Tỷ lệ tham dự tăng từ 94,95% lên 95,8%, đạt chỉ tiêu 95%" in texts(same)
    assert "đơn vị" not in footnote(same)


def test_phase_comparison_of_different_units_gives_the_same_units_change():
    # QA round 78: "rose from 95,1% (14 units) to 96,2% (12 units)" said nothing of whether
    # the same units rose. Given the 10 units counted in full in both (95,2% then 96,1%),
    # the note says so; with the same units in both phases there is nothing to add.
    fig = phase_comparison(phases_frame([("1", 2948, 2805, 14), ("2", 2516, 2420, 12)]),
                           context(), same_units=(10, 0.952, 0.961))
    assert "Cùng 10 đơn vị tính đủ ở Giai đoạn 1 và Giai đoạn 2: 95,2% → 96,1%." \
        in footnote(fig)
    english = phase_comparison(phases_frame([("1", 2948, 2805, 14), ("2", 2516, 2420, 12)]),
                               context("en"), same_units=(10, 0.952, 0.961))
    assert ("The same 10 units counted in full in Phase 1 and Phase 2: 95.2% → 96.1%."
            in footnote(english))
    same = phase_comparison(phases_frame([("1", 2948, 2805, 14), ("2", 2516, 2420, 14)]),
                            context(), same_units=(14, 0.951, 0.962))
    assert "Cùng" not in footnote(same)
    # QA round 84 #6: the same 5 units in both phases, one counted in part in phase 1 (a
    # cell's row refused): "tăng từ 94,3% lên 94,8%" over fewer members in phase 1. The 4
    # counted in full in both, 95,06% then 95,65% (printed "95,1% → 95,7%"), are said.
    in_part = phase_comparison(phases_frame([("1", 3500, 3300, 5), ("2", 3600, 3413, 5)]),
                               context(), same_units=(4, 0.9506, 0.9565))
    assert "Cùng 4 đơn vị tính đủ ở Giai đoạn 1 và Giai đoạn 2: 95,1% → 95,7%." \
        in footnote(in_part)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_phase_comparison_title_follows_the_same_units_where_all_units_went_the_other_way(
        lang):
    # QA rounds 86 #7, 88 #1: "rose from 93,9% (18 units) to 94,1% (17 units)" in the title,
    # "the same 14 units: 94,2% → 93,8%" in the note. A briefing quotes the title: it says
    # what the same units did, the note what all of them did. 4.259/4.538 = 93,85%,
    # 4.107/4.364 = 94,11%.
    fig = phase_comparison(phases_frame([("1", 4538, 4259, 18), ("2", 4364, 4107, 17)]),
                           context(lang), same_units=(14, 0.9418, 0.9377))
    if lang == "vi":
        assert ("Cùng 14 đơn vị tính đủ ở giai đoạn 1 và giai đoạn 2: tỷ lệ tham dự giảm từ "
                "94,2% xuống 93,8%, chưa đạt chỉ tiêu 95%") in texts(fig)
        assert ("Mọi đơn vị đã báo cáo: 93,9% (18 đơn vị) ở giai đoạn 1, 94,1% (17 đơn vị) ở "
                "giai đoạn 2.") in footnote(fig)
    else:
        assert ("The same 14 units, counted in full in phase 1 and phase 2: participation "
                "fell from 94.2% to 93.8%, below the 95% target") in texts(fig)
        assert ("All units that reported: 93.9% (18 units) in phase 1, 94.1% (17 units) in "
                "phase 2.") in footnote(fig)
    assert not any(word in text for text in texts(fig) for word in ("tăng", "rose"))


def test_demo_phase_comparison_gives_the_twelve_wards_counted_in_full_in_both_phases():
    # Phase 1: 14 wards; phase 2: 19 units, Giang Biên and Phúc Lợi counted in part. The 12
    # other wards, by hand from participation_by_ward_phase.csv: phase 1 11.911 − 391 − 441
    # = 11.079 expected, 11.310 − 373 − 418 = 10.519 attended (94,945% → "94,9%"); phase 2
    # the same 11.079, 1.045 + 423 + 956 + 967 + 463 + 1.082 + 960 + 1.059 + 1.127 + 946 +
    # 842 + 743 = 10.613 attended (95,79% → "95,8%").
    results = analyse(f"{RAW}/demo-2015-long-bien")
    table, _ = figures.headline_phases(results)
    count, first, last = figures.same_units_rates(results, table)
    assert (count, first, last) == (12, pytest.approx(10519 / 11079),
                                    pytest.approx(10613 / 11079))
    assert "Cùng 12 đơn vị tính đủ ở Giai đoạn 1 và Giai đoạn 2: 94,9% → 95,8%." in footnote(
        figures.build_figures(results)["phase_comparison"])


def test_phase_comparison_title_in_english_with_different_units():
    fig = phase_comparison(phases_frame([("1", 11911, 11310, 14), ("2", 15595, 14935, 20)]),
                           context("en"))

    assert ("Participation rose from 94.95% (14 units) to 95.8% (20 units), meeting the 95% "
            "target") in texts(fig)


def test_phase_comparison_of_three_phases_lists_every_phases_units():
    # 8.123/8.460 = 96,0% (12 units), 900/1.000 = 90,0% (12), 1.950/2.000 = 97,5% (19).
    labels = {"1": "Giai đoạn 1", "2": "Giai đoạn 2", "3": "Giai đoạn 3"}
    fig = phase_comparison(phases_frame([("1", 8460, 8123, 12), ("2", 1000, 900, 12),
                                         ("3", 2000, 1950, 19)]),
                           context(phase_labels=labels))

    assert ("Tỷ lệ tham dự tăng từ 96,0% (12 đơn vị) lên 97,5% (19 đơn vị), đạt chỉ tiêu "
            "95%") in texts(fig)
    assert ("Các giai đoạn tính trên số đơn vị khác nhau: Giai đoạn 1: 12 đơn vị, Giai đoạn "
            "2: 12 đơn vị, Giai đoạn 3: 19 đơn vị.") in footnote(fig)


def test_phase_comparison_of_a_rate_that_held_on_other_units_says_so_in_the_note():
    # 950/1.000 = 95,0% on 10 units, 1.900/2.000 = 95,0% on 19: "held at 95,0%".
    fig = phase_comparison(phases_frame([("1", 1000, 950, 10), ("2", 2000, 1900, 19)]),
                           context())

    assert "Tỷ lệ tham dự giữ ở mức 95,0%, đạt chỉ tiêu 95%" in texts(fig)
    assert ("Các giai đoạn tính trên số đơn vị khác nhau: Giai đoạn 1: 10 đơn vị, Giai đoạn "
            "2: 19 đơn vị.") in footnote(fig)


def test_demo_phase_comparison_says_14_units_then_19_as_the_headline_does():
    # Phase 2 pooled with the district classes was 14.935/15.595 = 95,8% over 20 units; the
    # headline, grassroots units only, says 12.351/12.884 = 95,86%, 19 units. The chart now
    # says what the headline says, and that district classes are counted apart.
    results = analyse(f"{RAW}/demo-2015-long-bien")
    built = figures.build_figures(results)

    assert ("Tỷ lệ tham dự tăng từ 94,95% (14 đơn vị) lên 95,9% (19 đơn vị), đạt chỉ tiêu "
            "95%") in texts(built["phase_comparison"])
    assert footnote(built["phase_comparison"]).endswith(GRASSROOTS_NOTE)
    assert results.headline_text() == (
        "Tỷ lệ tham dự giai đoạn 2 (19/19 đơn vị cơ sở đã báo cáo): 95,9% (12.351/12.884 đảng "
        "viên). Tính một phần, có dòng bị loại chưa tính: Giang Biên, Phúc Lợi.")
    # So do the phase's charts by unit (QA round 92 #6: "18/26 đơn vị đạt chỉ tiêu", the
    # district's classes ranked among the wards): the 19 grassroots units, the district's
    # "Cấp quận" named as counted apart.
    units = results.ward_phase[(results.ward_phase["phase"] == "2")
                               & (results.ward_phase["kind"] != "district")]
    assert len(units) == 19
    met = int((units["rate"] >= 0.95).sum())
    assert texts(built["rate_by_ward_phase_2"])[0] == \
        f"Giai đoạn 2: {met}/19 đơn vị đạt chỉ tiêu 95%"
    for stem in ("rate_by_ward_phase_2", "absence_breakdown_phase_2"):
        assert footnote(built[stem]).replace("\n", " ").endswith(
            "Chỉ gồm các đơn vị cơ sở; các lớp cấp quận tính riêng (Cấp quận): xem biểu đồ "
            "theo lớp và bản đồ nhiệt"), stem
    drawn = [label.get_text() for label in built["rate_by_ward_phase_2"].axes[0]
             .get_yticklabels()]
    assert len(drawn) == 19 and "Cấp quận" not in drawn


# --- 5. what each campaign's trend figure pools ---------------------------------------------

# By hand: Đợt 2011 pools phases 1 and 2 of Bồ Đề and Thạch Bàn (2 phases, 2 units):
#   100/96 + 50/47 + 100/97 + 50/48 = 300/288 = 96,0%;
# Đợt 2016 only phase 1 has arrived, of Bồ Đề, Thạch Bàn and Cự Khối (1 phase, 3 units):
#   100/90 + 50/45 + 50/48 = 200/183 = 91,5% (below: ▼).
TREND_ROWS = [
    ("Đợt 2011", "2011-09-05", "1", "Bồ Đề", 100, 96),
    ("Đợt 2011", "2011-09-05", "1", "Thạch Bàn", 50, 47),
    ("Đợt 2011", "2011-09-05", "2", "Bồ Đề", 100, 97),
    ("Đợt 2011", "2011-09-05", "2", "Thạch Bàn", 50, 48),
    ("Đợt 2016", "2016-09-01", "1", "Bồ Đề", 100, 90),
    ("Đợt 2016", "2016-09-01", "1", "Thạch Bàn", 50, 45),
    ("Đợt 2016", "2016-09-01", "1", "Cự Khối", 50, 48),
]


def trend_rows() -> pd.DataFrame:
    return pd.DataFrame([{"campaign": c, "campaign_start": dt.date.fromisoformat(s), "phase": p,
                          "ward": w, "expected": e, "attended": a, "rate": a / e}
                         for c, s, p, w, e, a in TREND_ROWS])


def test_campaign_trend_says_how_many_phases_and_units_each_campaign_pools():
    fig = campaign_trend(trend_rows(), context())

    # 2011: 288/300 = 96,0% over Bồ Đề and Thạch Bàn; 2016: 183/200 = 91,5% over three
    # units, the same two 135/150 = 90,0% (QA round 81: a change over different units).
    assert ("Qua 2 đợt, tỷ lệ tham dự giảm từ 96,0% (2 đơn vị) xuống 91,5% "
            "(3 đơn vị)") in texts(fig)
    assert ("Mỗi đợt gộp các giai đoạn có số liệu: Đợt 2011: 2 giai đoạn, 2 đơn vị; Đợt 2016: "
            "1 giai đoạn, 3 đơn vị.") in footnote(fig)
    assert "Cùng 2 đơn vị có số liệu ở Đợt 2011 và Đợt 2016: 96,0% → 90,0%." in footnote(fig)


def test_campaign_trend_in_english_says_what_each_campaign_pools():
    fig = campaign_trend(trend_rows(), context("en"))

    assert ("Each campaign pools the phases that reported: Đợt 2011: 2 phases, 2 units; "
            "Đợt 2016: 1 phase, 3 units.") in footnote(fig)


def test_campaign_trend_marks_each_campaign_against_its_own_target():
    # QA round 17: one target (the latest campaign's) for all, so campaigns whose target was
    # lower were marked ▼. Đợt 2011 96,0% against its own 97% is below; Đợt 2016 91,5%
    # against its own 90% is not.
    fig = campaign_trend(trend_rows(), context(), {"Đợt 2011": 0.97, "Đợt 2016": 0.90})

    labels = [text.get_text() for text in fig.axes[0].texts]
    assert "▼ 96,0%" in labels and "91,5%" in labels
    assert footnote(fig).startswith("▼: dưới chỉ tiêu của chính đợt đó (Đợt 2011 97%; Đợt 2016 "
                                    "90%); đường gạch: chỉ tiêu")


@pytest.fixture
def half_way(tmp_path):
    """Two processed campaigns written by hand; the second has phase 1 of 2 only.

    a-2015: Bồ Đề 100/95 (ph1) + 100/97 (ph2), Thạch Bàn 50/45 (ph2): 2 phases, 2 wards,
      250/237 = 94,8%.
    b-2020: Bồ Đề 200/196, Thạch Bàn 60/57, Cự Khối 40/40 (all ph1): 1 phase, 3 wards,
      300/293 = 97,7%.
    """
    from tests.unit.test_trends import processed

    root = tmp_path / "processed"
    processed(root, "a-2015", [("1", "2015-09-01"), ("2", None)], [
        "1,Bồ Đề,ward,100,95", "2,Bồ Đề,ward,100,97", "2,Thạch Bàn,ward,50,45"])
    processed(root, "b-2020", [("1", "2020-09-01"), ("2", None)], [
        "1,Bồ Đề,ward,200,196", "1,Thạch Bàn,ward,60,57", "1,Cự Khối,ward,40,40"])
    return root


def test_trends_overview_table_says_how_many_phases_each_campaign_pools(half_way):
    table = trends.trend_table(trends.collect(half_way))

    shown = trends.overview_table(table)

    assert shown.columns.tolist() == ["Đợt", "Bắt đầu", "Số giai đoạn", "Số phường, xã",
                                      "Số phải học", "Có mặt", "Tỷ lệ tham dự"]
    assert shown.values.tolist() == [
        ["a-2015", "2015-09-01", 2, 2, "250", "237", "94,8%"],
        ["b-2020", "2020-09-01", 1, 3, "300", "293", "97,7%"],
    ]
    # Out of the campaign's phases, as the terminal says (QA round 39): b-2020 has two.
    owed = trends.phases_owed(trends.collect(half_way))
    assert trends.overview_table(table, phases_owed=owed)["Số giai đoạn"].tolist() == [
        "2", "1/2"]


def test_trends_chart_and_summary_say_what_each_campaign_pools(half_way):
    run = trends.run_trends(half_way)

    assert (half_way / "trends_figures" / "campaign_trend.png").is_file()
    chart = trends.build_charts(run.table, run.campaigns)["campaign_trend"]
    # b-2020 reported 1 of its 2 phases: "1/2", as the terminal says (QA round 39: the
    # charts said "1 giai đoạn").
    assert ("Mỗi đợt gộp các giai đoạn có số liệu: 2015: 2 giai đoạn, 2 đơn vị; 2020: "
            "1/2 giai đoạn, 3 đơn vị.") in footnote(chart)
    wards = trends.build_charts(run.table, run.campaigns)["ward_trend"]
    assert ("Mỗi đợt gộp các giai đoạn có số liệu: 2015: 2 giai đoạn; 2020: 1/2 giai "
            "đoạn.") in " ".join(texts(wards))
    summary = run.summary()
    assert "2015 (a-2015, 2015-09-01): 2/2 giai đoạn, 2 phường, 94,8% (237/250)" in summary
    assert "2020 (b-2020, 2020-09-01): 1/2 giai đoạn, 3 phường, 97,7% (293/300)" in summary


def test_the_source_line_names_units_that_sent_reports_not_counted(tmp_path):
    # QA round 38: Ngọc Lâm sent two copies with different figures (both held out) and Gia
    # Thụy a report whose every row was refused; the charts' source line said "1/3 đơn vị đã
    # báo cáo", naming neither, where the log and the report do.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": name, "kind": "ward"}
                          for name in ("Bồ Đề", "Gia Thụy", "Ngọc Lâm")])
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", [header, ["Bồ Đề", 40, 38]]))
    write_xlsx(tmp_path / "gd1/ngoc-lam.xlsx", Sheet("S", [header, ["Ngọc Lâm", 50, 49]]))
    write_xlsx(tmp_path / "gd1/ngoc-lam-2.xlsx", Sheet("S", [header, ["Ngọc Lâm", 50, 47]]))
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet("S", [header, ["Gia Thụy", 30, "x"]]))

    note = figures.chart_context(analyse(tmp_path)).source_note

    assert note.endswith(". Giai đoạn 1: 1/3 đơn vị đã báo cáo, chưa tính Ngọc Lâm, Gia Thụy")


def test_the_source_line_counts_no_blank_template_as_a_report(tmp_path):
    # QA round 40: one ward's file beside the two blank templates `new` made was "3 tệp báo
    # cáo điểm danh gửi về".
    from analysis.scaffold import new_campaign

    folder = new_campaign("t", tmp_path, units="2015").folder
    write_xlsx(folder / "bo-de.xlsx", Sheet("S", [
        ["Đơn vị", "Giai đoạn", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", "Giai đoạn 1", 40, 38]]))
    results = analyse(folder)
    assert len(results.ingest.files) == 3
    assert figures.chart_context(results).source_note.startswith(
        "Nguồn: 1 tệp báo cáo gửi về")
    # So does the report's subtitle (QA round 94 #5: "số liệu từ 3 tệp" over charts of 1).
    assert report_subtitle(results).endswith("số liệu từ 1 tệp báo cáo, 1 dòng hợp lệ")


def test_units_counted_in_attendances_beside_units_counted_in_people_are_named(tmp_path):
    # QA round 81 #5: a roll-call with a column per session counts a person once a session;
    # beside a ward's summary of people, the chart drew both as members without a word.
    # Bồ Đề: 3 people x 2 sessions = 6 attendances, 5 present; Gia Thụy: 10 members, 9.
    write_campaign(tmp_path)
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("Chi bộ 1", [
        ["STT", "Họ và tên", "Phường", "Buổi 1", "Buổi 2"],
        [1, "Nguyễn Văn An", "Bồ Đề", "x", "x"], [2, "Trần Thị Bình", "Bồ Đề", "x", "v"],
        [3, "Lê Văn Cường", "Bồ Đề", "x", "x"]]))
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Gia Thụy", 10, 9]]))
    results = analyse(tmp_path)
    assert results.headline("1")["attendance_units"] == ["Bồ Đề"]
    chart = figures.build_figures(results)["rate_by_ward_phase_1"]
    assert footnote(chart).endswith("Giai đoạn 1: 2/14 đơn vị đã báo cáo, chưa có Cự Khối, Đức "
                                    "Giang, Giang Biên, Long Biên, Ngọc Lâm và 7 đơn vị khác, "
                                    "tính theo lượt (mỗi buổi một lượt) ở Bồ Đề")

"""A unit that reports 0 members to study has no rate: it neither meets nor misses the target.

Real xlsx file through the whole analysis (`analyse`), figures worked out by hand:

gd1/a.xlsx, sheet "S" (phase 1 by [[sources]]), target 95% (the default):
  row 2  Bồ Đề      40 | 38   38/40 = 95,0%  meets (equal to the target)
  row 3  Cự Khối     0 |  0   no rate: nobody to study ("chưa tổ chức")
  row 4  Đức Giang  50 | 40   40/50 = 80,0%  below
Units with a rate: 2; meeting the target: 1 -> "Giai đoạn 1: 1/2 đơn vị đạt chỉ tiêu 95%"
(counting Cự Khối as a unit that missed would give 1/3). Below target: Đức Giang only.
Cự Khối did send its row: it is reported (3 of 3 units reported), with one warning.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import charts, quality
from analysis.figures import chart_context
from analysis.pipeline import analyse
from tests.unit.builders import Sheet, write_campaign, write_xlsx

UNITS = [{"name": name, "kind": "ward"} for name in ("Bồ Đề", "Cự Khối", "Đức Giang")]
HEADER = ["Phường", "Tổng số đảng viên", "Có mặt", "Ghi chú"]
CU_KHOI_FLAG = (
    "Cự Khối báo cáo 0 đảng viên phải học ở giai đoạn 1: không có tỷ lệ, không tính vào số "
    "đơn vị đạt hay chưa đạt chỉ tiêu; kiểm tra lại số liệu (Cự Khối reported 0 members to "
    "study in Giai đoạn 1: it has no rate and is counted neither as meeting nor as missing "
    "the target; check the figures)")


def figure_texts(fig) -> list[str]:
    return [text.get_text().replace("\n", " ") for text in fig.texts]


@pytest.fixture
def results(tmp_path):
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [
        HEADER, ["Bồ Đề", 40, 38, None], ["Cự Khối", 0, 0, "chưa tổ chức"],
        ["Đức Giang", 50, 40, None]]))
    return analyse(tmp_path)


def test_zero_expected_is_accepted_with_no_rate_and_counted_as_reported(results):
    table = results.ward_phase.set_index("ward")
    assert (table.loc["Cự Khối", "expected"], table.loc["Cự Khối", "attended"]) == (0, 0)
    assert math.isnan(table.loc["Cự Khối", "rate"])
    assert quality.units_reported(results.quality, "1") == (3, 3, [], [])


def test_zero_expected_is_not_below_target(results):
    assert results.below_target[["ward", "shortfall"]].values.tolist() == [["Đức Giang", 8]]


def test_zero_expected_gets_a_warning_pointing_at_its_row(results):
    flags = results.quality.flags
    chosen = flags[flags["rule"] == "zero_expected"]
    got = [tuple(None if pd.isna(value) else value for value in row)
           for row in chosen[["phase", "ward", "severity", "detail", "source_file", "sheet",
                              "source_row"]].itertuples(index=False, name=None)]
    assert got == [("1", "Cự Khối", "warning", CU_KHOI_FLAG, "gd1/a.xlsx", "S", 3)]
    assert quality.RULES["zero_expected"] == ("warning", "Báo cáo 0 đảng viên phải học",
                                              "Reported 0 members to study")
    assert len(flags) == 1  # nothing else is wrong in this file


def test_charts_count_only_units_with_a_rate(results):
    context = chart_context(results)
    fig = charts.rate_by_ward(results.ward_phase, "1", context)
    texts = figure_texts(fig)
    assert "Giai đoạn 1: 1/2 đơn vị đạt chỉ tiêu 95%" in texts
    assert ("▼ và gạch chéo: dưới chỉ tiêu 95%. –: không có ai phải học (0 người), không "
            "tính vào số đạt chỉ tiêu. Nguồn: 1 tệp báo cáo gửi về") in texts
    heatmap = charts.ward_phase_heatmap(results.ward_phase, context)
    assert "Giai đoạn 1: 1/2 đơn vị đạt chỉ tiêu 95%" in figure_texts(heatmap)
    classes = charts.class_view(results.by_session, "1", context)
    # No report names a class: the chart speaks of units, never "lớp" (classes).
    assert "Giai đoạn 1: 1/2 đơn vị đạt chỉ tiêu 95%" in figure_texts(classes)


def test_charts_in_english_count_only_units_with_a_rate(results):
    context = chart_context(results)
    context = charts.ChartContext(**{**context.__dict__, "lang": "en",
                                     "phase_labels": {"1": "Phase 1"}})
    texts = figure_texts(charts.rate_by_ward(results.ward_phase, "1", context))
    assert "Phase 1: 1 of 2 units met the 95% target" in texts
    assert ("▼ and hatching: below the 95% target. –: nobody expected (0 members), counted "
            "neither as meeting nor as missing the target. Nguồn: 1 tệp báo cáo gửi về"
            ) in texts  # the source note is the run's (figures.chart_context), in Vietnamese


@pytest.mark.parametrize(("rates", "want"), [
    ([0.95, float("nan"), 0.80], (1, 2)),
    ([None, pd.NA, float("nan")], (0, 0)),
    ([1.0, 0.9499, 19 / 20], (2, 3)),  # 19/20 in floats meets 95%, 94,99% does not
])
def test_met_of_counts_units_meeting_the_target_among_those_with_a_rate(rates, want):
    assert charts.met_of(rates, 0.95) == want


def test_without_a_zero_unit_no_key_is_added(tmp_path):
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),), units=UNITS[:1])
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", [HEADER, ["Bồ Đề", 40, 38, None]]))
    results = analyse(tmp_path)
    texts = figure_texts(charts.rate_by_ward(results.ward_phase, "1", chart_context(results)))
    assert "Giai đoạn 1: 1/1 đơn vị đạt chỉ tiêu 95%" in texts
    assert not any("không có ai phải học" in text for text in texts)
    assert not (results.quality.flags["rule"] == "zero_expected").any()

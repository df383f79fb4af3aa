"""Every chart, in both languages, compared pixel by pixel with a committed baseline PNG.

The tables are small and made by hand here (not the demo), so a baseline changes only when a
chart's drawing changes. Each chart is written by `save_figure` at 100 dpi and compared with
`tests/baseline_images/<chart>_<lang>.png` by matplotlib's own `compare_images` (RMS
difference, tolerance `TOLERANCE`); matplotlib ships DejaVu Sans and FreeType, so the same
versions draw the same pixels on any machine. On a failure, the actual image and a diff image
are left in pytest's temporary folder (the path is in the message).

After an intended change to a chart, regenerate the baselines and LOOK at each one before
committing it (a baseline is only as good as the eye that approved it):

    UPDATE_BASELINES=1 .venv/bin/pytest tests/unit/test_chart_images.py

With UPDATE_BASELINES=1 the tests write the baselines instead of comparing, and skip.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib.testing.compare import compare_images

from analysis import charts
from analysis.charts import ChartContext

BASELINES = Path(__file__).resolve().parent.parent / "baseline_images"
DPI = 100
TOLERANCE = 2  # RMS over 0..255 grey levels; a moved label or a changed colour is far more
UPDATE = os.environ.get("UPDATE_BASELINES") == "1"

# phase, ward, kind, expected, attended, excused, unexcused, unspecified (target 95%)
UNITS = [
    ("1", "Bồ Đề", "ward", 1094, 1047, 32, 15, 0),          # 95,7%
    ("1", "Ngọc Thụy", "ward", 480, 452, 20, 8, 0),         # 94,2% below
    ("1", "Thạch Bàn", "ward", 1019, 946, 0, 0, 73),        # 92,8% below, no reasons given
    ("1", "Đảng bộ Ban Quản lý dự án đầu tư xây dựng quận", "committee", 243, 240, 2, 1, 0),
    ("1", "Cấp quận", "district", 400, 350, 30, 20, 0),     # 87,5% below
    ("2", "Bồ Đề", "ward", 1094, 1050, 27, 17, 0),
    ("2", "Ngọc Thụy", "ward", 480, 470, 6, 4, 0),
    ("2", "Thạch Bàn", "ward", 1019, 980, 20, 10, 9),
    ("2", "Cấp quận", "district", 400, 390, 6, 4, 0),
]
# phase, ward, kind, completeness status: Ngọc Thụy had rows rejected in both phases (its
# bars, cells and classes get "†"), Phúc Lợi sent nothing in either ("chưa báo cáo"), the Ban
# Quản lý dự án's committee did not have to report in phase 2 (a blank cell).
COMPLETENESS = [
    *[("1", ward, kind, "reported") for _, ward, kind, *_ in UNITS[:5] if ward != "Ngọc Thụy"],
    *[("2", ward, kind, "reported") for _, ward, kind, *_ in UNITS[5:] if ward != "Ngọc Thụy"],
    ("1", "Ngọc Thụy", "ward", "partly_rejected"), ("2", "Ngọc Thụy", "ward", "partly_rejected"),
    ("1", "Phúc Lợi", "ward", "missing"), ("2", "Phúc Lợi", "ward", "missing"),
]
CLASSES = [
    # phase, ward, kind, session, expected, attended
    ("2", "Cấp quận", "district", "Lớp cán bộ chủ chốt", 311, 295),
    ("2", "Cấp quận", "district", "Lớp tập trung số 1", 400, 376),
    ("2", "Cấp quận", "district", "Lớp tập trung số 2", 400, 390),
    ("2", "Bồ Đề", "ward", "Bồ Đề", 1094, 1050),
    ("2", "Ngọc Thụy", "ward", "Lớp 1", 240, 236),
    ("2", "Thạch Bàn", "ward", "Lớp 1", 1019, 980),
]
CAMPAIGNS = [
    # campaign, start, expected, attended
    ("Nghị quyết Đại hội XI", "2011-09-05", 10200, 9590),  # 94,0% below
    ("Nghị quyết Đại hội XII", "2016-09-01", 11900, 11330),
    ("Nghị quyết Đại hội XIII", "2021-08-16", 12400, 11960),
]


def ward_phase() -> pd.DataFrame:
    return pd.DataFrame([
        {"phase": phase, "ward": ward, "kind": kind, "expected": expected, "attended": attended,
         "absent_excused": excused, "absent_unexcused": unexcused, "rate": attended / expected,
         "absent_unspecified": unspecified}
        for phase, ward, kind, expected, attended, excused, unexcused, unspecified in UNITS
    ])


def by_phase() -> pd.DataFrame:
    table = ward_phase().groupby("phase", as_index=False)[["expected", "attended"]].sum()
    return table.assign(rate=table["attended"] / table["expected"])


def by_session() -> pd.DataFrame:
    return pd.DataFrame([
        {"phase": phase, "ward": ward, "kind": kind, "session": session, "expected": expected,
         "attended": attended, "rate": attended / expected}
        for phase, ward, kind, session, expected, attended in CLASSES
    ])


def trends() -> pd.DataFrame:
    return pd.DataFrame([
        {"campaign": campaign, "campaign_start": dt.date.fromisoformat(start), "phase": "1",
         "ward": "Bồ Đề", "expected": expected, "attended": attended,
         "rate": attended / expected}
        for campaign, start, expected, attended in CAMPAIGNS
    ])


def trends_across_maps() -> pd.DataFrame:
    """The campaigns above, the last one on the 2025 wards: two groups, not one line."""
    return trends().assign(kind="ward")


def groups(lang: str) -> dict[str, str]:
    old, new = ("phường cũ", "phường từ 7/2025") if lang == "vi" else ("old wards",
                                                                      "wards from 7/2025")
    return {campaign: new if start.startswith("2021") else old
            for campaign, start, *_ in CAMPAIGNS}


def context(lang: str) -> ChartContext:
    vi = lang == "vi"
    return ChartContext(
        campaign_title="Học tập Nghị quyết Đại hội XII" if vi else "Resolution of the XII Congress",
        place="Quận Long Biên, Hà Nội",
        phase_labels={"1": "Giai đoạn 1", "2": "Giai đoạn 2"} if vi
        else {"1": "Phase 1", "2": "Phase 2"},
        target=0.95,
        lang=lang,
        source_note="Nguồn: 6 tệp báo cáo điểm danh; số liệu đến 28/11/2015" if vi
        else "Source: 6 attendance files; data up to 28/11/2015",
        unit_status={(phase, ward): status for phase, ward, _, status in COMPLETENESS},
    )


CHARTS = {
    "rate_by_ward": lambda ctx: charts.rate_by_ward(ward_phase(), "1", ctx),
    "class_view": lambda ctx: charts.class_view(by_session(), "2", ctx),
    "absence_breakdown": lambda ctx: charts.absence_breakdown(ward_phase(), "1", ctx),
    "phase_comparison": lambda ctx: charts.phase_comparison(by_phase(), ctx),
    "ward_phase_heatmap": lambda ctx: charts.ward_phase_heatmap(
        ward_phase(), ctx, not_counted=pd.DataFrame(
            COMPLETENESS, columns=["phase", "ward", "kind", "status"])),
    "campaign_trend": lambda ctx: charts.campaign_trend(trends(), ctx),
    "campaign_trend_maps": lambda ctx: charts.campaign_trend(
        trends_across_maps(), ctx, labels={"Nghị quyết Đại hội XI": "2011"},
        groups=groups(ctx.lang), groups_note="Phường cũ và phường mới không so trực tiếp."
        if ctx.lang == "vi" else "Old and new wards are not compared directly."),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("chart", list(CHARTS))
def test_chart_matches_its_baseline_image(tmp_path, chart, lang):
    name = f"{chart}_{lang}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph fails here, not just in the image
        figure = CHARTS[chart](context(lang))
        if UPDATE:
            charts.save_figure(figure, BASELINES, name, dpi=DPI, formats=("png",))
            pytest.skip(f"wrote {BASELINES / name}.png: look at it before committing it")
        [actual] = charts.save_figure(figure, tmp_path, name, dpi=DPI, formats=("png",))

    expected = BASELINES / f"{name}.png"
    assert expected.is_file(), (
        f"no baseline {expected}; create it with UPDATE_BASELINES=1 .venv/bin/pytest "
        f"{Path(__file__).relative_to(BASELINES.parent.parent)} and look at it"
    )
    difference = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert difference is None, (
        f"{difference}\nIf the change is intended, regenerate with UPDATE_BASELINES=1 and "
        "look at the new image before committing it."
    )


def test_baselines_stay_small_and_none_is_orphaned():
    images = sorted(BASELINES.glob("*.png"))
    expected = {f"{chart}_{lang}.png" for chart in CHARTS for lang in ("vi", "en")}

    assert {image.name for image in images} == expected
    assert sum(image.stat().st_size for image in images) < 1_500_000

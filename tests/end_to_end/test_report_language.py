"""report.html reads in the campaign's language only: the mid-campaign demo (missing, late and
undated reports, duplicates held out, outliers) run with its notebooks, as it is ("vi") and
with `lang = "en"`, through real kernels."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

MID_RAW = ROOT / "data" / "raw" / "demo-2015-long-bien-mid"


def report_text(out: Path) -> tuple[str, list[str]]:
    """The report's visible text, and its headings."""
    page = (out / "report.html").read_text(encoding="utf-8")
    body = re.sub(r"<style.*?</style>|<script.*?</script>", "", page, flags=re.S)
    headings = [html.unescape(re.sub(r"<[^>]+>", "", heading)).replace("¶", "").strip()
                for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", body, flags=re.S)]
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", text), headings


@pytest.fixture(scope="module", params=["vi", "en"])
def report(request, tmp_path_factory) -> tuple[str, str, list[str], Path]:
    lang = request.param
    base = tmp_path_factory.mktemp(f"report-{lang}")
    raw = base / "raw" / "mid"
    shutil.copytree(MID_RAW, raw)
    toml = raw / "campaign.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('lang = "vi"', f'lang = "{lang}"'),
                    encoding="utf-8")
    out = base / "out"
    completed = subprocess.run([sys.executable, "-m", "analysis", "run", str(raw), "--out",
                                str(out)], cwd=ROOT, capture_output=True, text=True,
                               timeout=900, check=False)
    assert completed.returncode == 0, completed.stderr
    text, headings = report_text(out)
    return lang, text, headings, out


def test_headings_are_in_one_language_without_order_numbers(report):
    lang, _, headings, _ = report
    # The first is the campaign's title, as campaign.toml writes it (here with a dash).
    title, *headings = headings
    assert title.startswith("Học tập, quán triệt Nghị quyết")
    assert not any(" — " in heading for heading in headings), headings
    assert not any(re.match(r"\d+ ·", heading) for heading in headings), headings
    expected = {
        "vi": ["Tỷ lệ tham dự", "Kết quả chính", "Chất lượng dữ liệu", "Cảnh báo",
               "Đọc và kiểm tra dữ liệu"],
        "en": ["Participation", "Headline", "Data quality", "What looks wrong",
               "Load and check"],
    }[lang]
    assert [heading for heading in headings if heading in expected] == expected


def test_sentences_and_findings_are_in_the_campaign_language(report):
    lang, text, _, _ = report
    # Cự Khối sent nothing for phase 2 (tests/data/demo_mid_truth.json).
    vietnamese = "chưa nhận được báo cáo giai đoạn 2 của Cự Khối"
    english = "no Giai đoạn 2 report received from Cự Khối"
    if lang == "vi":
        assert vietnamese in text and english not in text
        assert "2 × Chưa gửi báo cáo (cần xử lý)" in text
        for leak in ("Participation is pooled", "never a mean of rates", "During a campaign",
                     "report received from", "unusually low", "unusually high", "the rows",
                     "Each phase pools"):
            assert leak not in text, leak
    else:
        assert english in text and vietnamese not in text
        assert "2 × Report not received (must fix)" in text
        assert "Participation = members who attended / members expected" in text
        for leak in ("tổng số có mặt", "Trong lúc đợt học tập", "Chưa gửi báo cáo",
                     "Cần xử lý", "bất thường", "đề nghị đơn vị", "Mỗi giai đoạn gộp"):
            assert leak not in text, leak
    # Ngọc Thụy typed 98,5% in its rate column (scripts/make_demo_midcampaign.py, WRONG_RATE);
    # its counts give 95,52%. The check, figures and result in words, not codes or fractions.
    if lang == "vi":
        assert "Cột tỷ lệ Tỷ lệ (%) 98,50% 95,52% KHÔNG KHỚP" in text
    else:
        assert "Rate column Tỷ lệ (%) 98.50% 95.52% DISAGREES" in text
    assert "rate_column" not in text and "0.985000" not in text
    assert "[missing_report" not in text and ", error]" not in text
    assert "để biết ." not in text and "để biết." not in text


def test_no_section_is_left_empty(report):
    lang, _, headings, out = report
    class_charts = any((out / "figures").glob("class_view*.png"))
    each_class = "Từng lớp học" if lang == "vi" else "Each class"
    assert (each_class in headings) == class_charts


def test_each_chart_image_is_described_by_its_title(report):
    # QA round 42: every image's alternative text was nbconvert's English "No description
    # has been provided for this image", in a Vietnamese briefing too. Each chart's is now
    # its title, as the chart draws it: the mid-campaign demo's phase 1 charts are among
    # them, named by the phase's label as campaign.toml gives it ("Giai đoạn 1" in both).
    lang, _, _, out = report
    page = (out / "report.html").read_text(encoding="utf-8")
    alts = [html.unescape(alt) for alt in re.findall(r'<img[^>]* alt="([^"]*)"', page)]
    assert alts and "No description has been provided for this image" not in alts
    assert len(alts) == page.count("<img ")
    absences = {"vi": "Giai đoạn 1: 601 người vắng", "en": "Giai đoạn 1: 601 absent"}[lang]
    assert any(alt.startswith(absences) for alt in alts), alts
    assert all(alt for alt in alts)

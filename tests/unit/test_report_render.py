"""The briefing's renderer (analysis.report.render_report) and the one-language helpers it
relies on: hand-made notebooks in, the HTML's text out."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from analysis.formatting import in_language
from analysis.report import render_report
from analysis.tables import _report_table


def markdown(source: str, *tags: str):
    return nbformat.v4.new_markdown_cell(source, metadata={"tags": list(tags)})


def code(*texts: str):
    cell = nbformat.v4.new_code_cell("print('x')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)
                    for text in texts]
    return cell


def notebook_file(folder, stem: str, cells) -> object:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = list(cells)
    path = folder / f"{stem}.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def executed(tmp_path):
    charts = notebook_file(tmp_path, "03_briefing_charts", [
        markdown("# 03 · Biểu đồ cho báo cáo — Briefing charts"),
        markdown("Các biểu đồ được lưu trong figures/.", "lang-vi"),
        markdown("The charts are saved in figures/.", "lang-en"),
        markdown("## Cơ cấu vắng mặt — Absences by reason"),
        code("ABSENCE CHART"),
        markdown("## Từng lớp học — Each class"),
        markdown("Mỗi lớp một biểu đồ.", "lang-vi"),
        markdown("One chart per class.", "lang-en"),
        code(),  # no class charts drawn: nothing shown
    ])
    participation = notebook_file(tmp_path, "02_participation", [
        markdown("# 02 · Tỷ lệ tham dự — Participation"),
        markdown("Tỷ lệ gộp.", "lang-vi"),
        markdown("Pooled rates.", "lang-en"),
        code("HEADLINE 95,9%"),
    ])
    return [charts, participation]


def visible_text(path) -> str:
    page = path.read_text(encoding="utf-8")
    body = re.sub(r"<style.*?</style>|<script.*?</script>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_vietnamese_report_has_vietnamese_headings_and_text_only(executed, tmp_path):
    path = render_report(executed, tmp_path / "vi.html", "Đợt thử — Test", "Quận X", lang="vi")
    text = visible_text(path)
    # Results first (02 before 03), headings cut to Vietnamese, without "02 ·".
    assert re.findall(r"<h[12][^>]*>([^<¶]+)", path.read_text(encoding="utf-8")) == [
        "Đợt thử — Test", "Tỷ lệ tham dự", "Biểu đồ cho báo cáo", "Cơ cấu vắng mặt"]
    assert "Tỷ lệ gộp." in text and "Các biểu đồ được lưu trong figures/." in text
    assert "HEADLINE 95,9%" in text and "ABSENCE CHART" in text
    for english in ("Participation", "Pooled rates", "Briefing charts", "The charts are",
                    "Absences by reason"):
        assert english not in text
    # The class section showed nothing: its heading and its text are left out.
    assert "Từng lớp học" not in text and "Mỗi lớp một biểu đồ" not in text
    assert "02 ·" not in text and "03 ·" not in text


def test_english_report_has_english_headings_and_text_only(executed, tmp_path):
    path = render_report(executed, tmp_path / "en.html", "Test", lang="en")
    text = visible_text(path)
    assert re.findall(r"<h[12][^>]*>([^<¶]+)", path.read_text(encoding="utf-8")) == [
        "Test", "Participation", "Briefing charts", "Absences by reason"]
    assert "Pooled rates." in text and "The charts are saved in figures/." in text
    for vietnamese in ("Tỷ lệ", "Biểu đồ", "Các biểu đồ", "Cơ cấu", "Từng lớp", "Each class",
                       "One chart per class"):
        assert vietnamese not in text


def test_a_section_with_output_in_a_subsection_stays(tmp_path):
    path = notebook_file(tmp_path, "05_data_quality", [
        markdown("## Cảnh báo — What looks wrong"),
        markdown("### Chi tiết — Details"),
        code("FLAG"),
        markdown("### Trống — Empty"),
        code(),
        markdown("## Chỉ có chữ — Text only"),
        markdown("Ghi chú.", "lang-vi"),
    ])
    text = visible_text(render_report([path], tmp_path / "r.html", "T", lang="vi"))
    assert "Cảnh báo" in text and "Chi tiết" in text and "FLAG" in text
    assert "Trống" not in text
    assert "Chỉ có chữ" in text and "Ghi chú." in text


def test_unknown_language_is_refused(executed, tmp_path):
    with pytest.raises(ValueError, match="'fr'"):
        render_report(executed, tmp_path / "fr.html", "T", lang="fr")


@pytest.mark.parametrize(("text", "vi", "en"), [
    ("chưa nhận được báo cáo giai đoạn 2 của Giang Biên (no Giai đoạn 2 report received "
     "from Giang Biên)",
     "chưa nhận được báo cáo giai đoạn 2 của Giang Biên",
     "no Giai đoạn 2 report received from Giang Biên"),
    # Brackets inside either part stay where they are.
    ("tỷ lệ 89,9% (268/298) thấp bất thường (điểm z hiệu chỉnh −6,47, ngưỡng 3,5); kiểm tra "
     "lại số liệu (rate 89.9% unusually low: modified z-score −6.47, threshold 3.5; check "
     "the figures)",
     "tỷ lệ 89,9% (268/298) thấp bất thường (điểm z hiệu chỉnh −6,47, ngưỡng 3,5); kiểm tra "
     "lại số liệu",
     "rate 89.9% unusually low: modified z-score −6.47, threshold 3.5; check the figures"),
    ("có báo cáo nhưng mọi dòng bị loại (3 dòng) (report received (3 row(s)))",
     "có báo cáo nhưng mọi dòng bị loại (3 dòng)", "report received (3 row(s))"),
    # Not bilingual: as it is.
    ("đã đọc", "đã đọc", "đã đọc"),
    ("(chỉ một phần)", "(chỉ một phần)", "(chỉ một phần)"),
])
def test_in_language_keeps_one_side_of_a_bilingual_message(text, vi, en):
    assert in_language(text, "vi") == vi
    assert in_language(text, "en") == en


def test_an_empty_table_says_so_in_its_language():
    empty = pd.DataFrame({"Tệp": pd.Series([], dtype=object)})
    assert _report_table(empty, "vi")._repr_html_() == "<p><em>Không có dòng nào.</em></p>"
    assert _report_table(empty, "en")._repr_html_() == "<p><em>None.</em></p>"
    full = _report_table(pd.DataFrame({"Tệp": ["a.xlsx"]}), "en")
    assert "a.xlsx" in full._repr_html_()
    assert full.head(1).lang == "en"  # kept through pandas operations


def test_a_missing_value_shows_as_a_blank_cell_never_nan():
    # QA round 38: a held-out copy without a party cell showed "nan" in the report's table.
    table = _report_table(pd.DataFrame({"Tệp": ["a.xlsx"], "Chi bộ": [float("nan")],
                                        "Lớp": pd.Series([None], dtype="category")}), "vi")
    shown = table._repr_html_()
    assert "nan" not in shown.lower() and "none" not in shown.lower()
    assert "a.xlsx" in shown


def test_a_misspelt_notebook_parameter_is_an_error_in_the_notebook_itself(tmp_path, capsys):
    """QA round 95 #2: `papermill 02_participation.ipynb … -p raw_dri <campaign>` only
    warned, and the notebook analysed its default, the demo campaign, without a word."""
    from pathlib import Path

    import papermill

    from analysis.report import NOTEBOOK_DIR, NotebookParameterError, check_parameters

    with pytest.raises(NotebookParameterError, match="did you mean 'raw_dir'"):
        check_parameters({"raw_dir": "../data/raw/demo", "raw_dri": "/tmp/x"}, ["raw_dir"])
    check_parameters({"raw_dir": str(tmp_path), "results": "x", "In": []}, ["raw_dir"])
    assert capsys.readouterr().out == f"raw_dir: {tmp_path.resolve()}\n"
    # In a real kernel, as papermill runs the notebook by itself.
    with pytest.raises(papermill.PapermillExecutionError, match="did you mean 'raw_dir'"):
        papermill.execute_notebook(
            str(NOTEBOOK_DIR / "02_participation.ipynb"), str(tmp_path / "out.ipynb"),
            parameters={"raw_dri": str(Path(tmp_path))}, kernel_name="python3",
            cwd=str(NOTEBOOK_DIR), progress_bar=False)

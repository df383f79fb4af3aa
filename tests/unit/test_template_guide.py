"""A filled-in template's "Hướng dẫn" (instructions) sheet is skipped by design: it is not
counted or named among the sheets skipped, while any other sheet without a table still is."""

from __future__ import annotations

import openpyxl
import pytest

from analysis import tables
from analysis.pipeline import analyse
from analysis.scaffold import (
    FIRST_ROW,
    INSTRUCTIONS_SHEET,
    ROSTER_TEMPLATE,
    SUMMARY_TEMPLATE,
    is_instructions_sheet,
    new_campaign,
)
from tests.unit.builders import Sheet, write_xlsx

# A ward's filled-in copy of the summary template: Bồ Đề, phase 1, 40 members, 38 present.
# Beside it, another ward's own workbook: a table on "Phường" and a "Ghi chú" notes sheet.
FILLED = "giai-doan-1/bo-de.xlsx"
OWN = "giai-doan-1/long-bien.xlsx"


@pytest.fixture
def results(tmp_path):
    folder = new_campaign("2027-thu", tmp_path / "raw").folder
    workbook = openpyxl.load_workbook(folder / SUMMARY_TEMPLATE)
    for column, value in enumerate((1, "Bồ Đề", None, "Giai đoạn 1", "Lớp A", 40, 38, 2, 0),
                                   start=1):
        workbook.worksheets[0].cell(FIRST_ROW, column, value)
    (folder / "giai-doan-1").mkdir()
    workbook.save(folder / FILLED)
    write_xlsx(folder / OWN,
               Sheet("Phường", [["Phường", "Giai đoạn", "Tổng số đảng viên", "Có mặt"],
                                ["Long Biên", "1", 30, 29]]),
               Sheet("Ghi chú", [["Số liệu do văn phòng đảng ủy phường tổng hợp và gửi về."]]))
    return analyse(folder)


def test_the_instructions_sheet_is_recognised_in_the_manifest(results):
    sheets = {(entry["file"], sheet["sheet"]): sheet for entry in results.ingest.files
              for sheet in entry["sheets"]}
    for name in (FILLED, SUMMARY_TEMPLATE, ROSTER_TEMPLATE):
        assert sheets[(name, INSTRUCTIONS_SHEET)]["status"] == "no_table"
        assert is_instructions_sheet(sheets[(name, INSTRUCTIONS_SHEET)])
    assert sheets[(OWN, "Ghi chú")]["status"] == "no_table"
    assert not is_instructions_sheet(sheets[(OWN, "Ghi chú")])
    # A sheet so named that holds a table is read, never hidden from the accounting.
    assert not is_instructions_sheet({"sheet": INSTRUCTIONS_SHEET, "status": "table"})
    # The name as another program may store it: decomposed Unicode, other case.
    assert is_instructions_sheet({"sheet": "HƯỚNG DẪN".replace("Ư", "U\u031b"),
                                  "status": "no_table"})


def test_files_table_counts_only_the_other_skipped_sheets(results):
    table = tables.files_table(results)
    skipped = dict(zip(table["Tệp"], table["Trang bỏ qua"], strict=True))
    # The filled template and both blank ones: their guide only, nothing skipped; the ward's
    # own workbook: its notes sheet.
    assert skipped == {FILLED: 0, OWN: 1, ROSTER_TEMPLATE: 0, SUMMARY_TEMPLATE: 0}
    read = dict(zip(table["Tệp"], table["Nhận"], strict=True))
    assert (read[FILLED], read[OWN]) == (1, 1)

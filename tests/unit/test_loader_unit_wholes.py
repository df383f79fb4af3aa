"""A unit's own row beside its party cells' rows: the whole of them, reconciled, not one more
cell (QA round 16 f09, f09c, f11: each doubled the ward's members, with no flag).

Every figure below is worked out by hand from the rows written to the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import (
    Sheet,
    assert_accounting,
    ingest,
    reasons_by_row,
    record_tuples,
    sheet_entry,
    write_campaign,
    write_xlsx,
)

UNITS = [{"name": name, "kind": "ward"} for name in ("Bồ Đề", "Gia Thụy", "Ngọc Lâm")]
CELLS = [("Chi bộ Tổ dân phố 1", 40, 38, 2), ("Chi bộ Tổ dân phố 2", 45, 43, 2),
         ("Chi bộ Công an phường", 35, 34, 1)]  # 120 / 115 / 5
TITLE = [["ĐẢNG BỘ PHƯỜNG BỒ ĐỀ"], ["BÁO CÁO KẾT QUẢ HỌC TẬP NGHỊ QUYẾT"], []]
CELL_HEADER = ["TT", "Tên chi bộ", "Tổng số ĐV", "Có mặt", "Vắng"]
FIGURES = ("source_row", "ward", "cell", "expected", "attended", "absent_unspecified")


@pytest.fixture
def campaign_dir(tmp_path: Path) -> Path:
    write_campaign(tmp_path, units=UNITS)
    return tmp_path


def statuses(sheet: dict) -> list[tuple[int, str, int, int, str]]:
    return [(check["source_row"], check["column"], check["stated"], check["computed"],
             check["status"]) for check in sheet["reconciliation"]]


def cell_rows(first: int = 1) -> list[list]:
    return [[number, name, expected, attended, absent]
            for number, (name, expected, attended, absent) in enumerate(CELLS, first)]


# --- f11: "Toàn Đảng bộ" under the cells -----------------------------------------------------


@pytest.mark.parametrize("label", ["Toàn Đảng bộ", "Toàn đảng bộ phường", "TOÀN ĐẢNG BỘ",
                                   "Cộng toàn Đảng bộ", "Toàn Đảng bộ phường Bồ Đề",
                                   "Tổng cộng toàn đảng bộ"])
def test_the_whole_party_committee_under_its_cells_is_a_totals_row(campaign_dir, label):
    # Counted as a fourth cell: 230/240 for 115/120, and no check.
    rows = [*TITLE, CELL_HEADER, *cell_rows(), [None, label, 120, 115, 5]]
    write_xlsx(campaign_dir / "gd1/bo-de.xlsx", Sheet("Báo cáo", rows))

    result = ingest(campaign_dir)

    assert (result.records["expected"].sum(), result.records["attended"].sum()) == (120, 115)
    assert len(result.records) == 3
    assert reasons_by_row(result, "gd1/bo-de.xlsx") == {}
    sheet = sheet_entry(result, "gd1/bo-de.xlsx", "Báo cáo")
    assert sheet["totals_rows"] == [8]
    assert statuses(sheet) == [(8, "Tổng số ĐV", 120, 120, "ok"), (8, "Có mặt", 115, 115, "ok"),
                               (8, "Vắng", 5, 5, "ok")]
    assert_accounting(result)


def test_a_district_summary_total_of_the_whole_party_committee(tmp_path):
    # "Toàn Đảng bộ quận" under the wards of a district's summary: its grand total.
    write_campaign(tmp_path, units=UNITS)
    rows = [["TT", "Đơn vị", "Tổng số ĐV", "Có mặt"], [1, "Bồ Đề", 120, 115],
            [2, "Đảng bộ phường Gia Thụy", 80, 78], [None, "Toàn Đảng bộ quận", 200, 193]]
    write_xlsx(tmp_path / "gd1/tong-hop.xlsx", Sheet("S", rows))

    result = ingest(tmp_path)

    assert record_tuples(result.records, ("ward", "expected")) == [("Bồ Đề", 120),
                                                                   ("Gia Thụy", 80)]
    sheet = sheet_entry(result, "gd1/tong-hop.xlsx", "S")
    assert sheet["totals_rows"] == [4]
    assert {check["status"] for check in sheet["reconciliation"]} == {"ok"}

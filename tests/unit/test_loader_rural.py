"""A rural district's reports: its units are communes ("xã") and townships ("thị trấn"),
their columns and titles say so (QA round 97). Figures worked out by hand from the rows."""
from pathlib import Path

import pytest
from builders import Sheet, assert_accounting, ingest, ward_totals, write_campaign, write_xlsx

RURAL_UNITS = [{"name": "Tân Phú", "kind": "ward"}, {"name": "An Thịnh", "kind": "ward"},
               {"name": "Kỳ Sơn", "kind": "ward"}]


@pytest.fixture
def rural(tmp_path: Path) -> Path:
    write_campaign(tmp_path, phases=(("1", "Đợt 1"),), units=RURAL_UNITS)
    return tmp_path


@pytest.mark.parametrize("unit_heading", ["Tên xã, thị trấn", "Xã", "Tên xã", "Xã, thị trấn",
                                          "Xã/thị trấn", "Commune"])
def test_a_summary_headed_by_commune_reads_its_units_in_every_spelling(rural, unit_heading):
    """"Tên xã, thị trấn" was no column the loader knew: the district's summary was refused
    whole and the run stopped (exit 2). "Đảng bộ X. Tân Phú" was an unknown unit."""
    write_xlsx(rural / "gd1/tong-hop.xlsx", Sheet("Đợt 1", [
        ["ĐẢNG BỘ HUYỆN SƠN HÒA"],
        ["STT", unit_heading, "Tổng số ĐV", "Có mặt"],
        [1, "Đảng bộ X. Tân Phú", 15, 14],
        [2, "xã An Thịnh", 180, 175],
        [3, "TT. Kỳ Sơn", 1236, 1182],
        [None, "Tổng cộng", 1431, 1371]]))  # 15 + 180 + 1236; 14 + 175 + 1182

    result = ingest(rural)

    assert ward_totals(result.records) == {"Tân Phú": (15, 14), "An Thịnh": (180, 175),
                                           "Kỳ Sơn": (1236, 1182)}
    assert result.rejects.empty
    assert set(result.checks["status"]) == {"ok"}
    assert_accounting(result)


@pytest.mark.parametrize("title", ["ĐẢNG BỘ X. TÂN PHÚ", "Đảng bộ X.Tân Phú", "ĐU X. TÂN PHÚ"])
def test_a_roll_call_titled_with_x_dot_for_commune_is_that_communes(rural, title):
    """A roll-call in a file whose name names no unit, titled "ĐẢNG BỘ X. TÂN PHÚ": every
    row was refused as having no unit, and Tân Phú chased as not reported. Two present,
    one absent."""
    write_xlsx(rural / "gd1/danh sach dot 1.xlsx", Sheet("S", [
        [title], ["DANH SÁCH ĐẢNG VIÊN THAM GIA HỌC TẬP"],
        ["STT", "Họ và tên", "Chi bộ", "Điểm danh"],
        [1, "Nguyễn Văn An", "Chi bộ thôn 1", "x"],
        [2, "Trần Thị Bình", "Chi bộ thôn 1", "x"],
        [3, "Lê Văn Cường", "Chi bộ thôn 2", "v"]]))

    result = ingest(rural)

    assert ward_totals(result.records) == {"Tân Phú": (3, 2)}
    assert result.rejects.empty
    assert_accounting(result)

"""A rural district's reports: its units are communes ("xã") and townships ("thị trấn"),
their columns and titles say so (QA round 97). Figures worked out by hand from the rows."""
from pathlib import Path

import pytest
from builders import (
    Sheet,
    assert_accounting,
    ingest,
    reasons_by_row,
    record_tuples,
    ward_totals,
    write_campaign,
    write_xlsx,
)

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


def test_a_check_in_forms_answers_are_its_people_present(rural):
    """QA round 98 #1: a Google Forms check-in ("Dấu thời gian | Họ và tên | Chi bộ | Đơn
    vị", no question besides) was refused whole as having no header, the commune chased as
    not reported. Who answered came: 3 of 3. With a question the loader does not read
    ("Cảm nhận của đồng chí về buổi học?"), which may say otherwise, nobody is counted
    present for having answered."""
    header = ["Dấu thời gian", "Địa chỉ email", "Họ và tên", "Chi bộ", "Đơn vị"]
    answers = [["12/09/2026 08:01:02", "an@example.org", "Nguyễn Văn An", "Chi bộ thôn 1",
                "Tân Phú"],
               ["12/09/2026 08:03:10", "binh@example.org", "Trần Thị Bình", "Chi bộ thôn 1",
                "Tân Phú"],
               ["12/09/2026 08:05:00", "cuong@example.org", "Lê Văn Cường", "Chi bộ thôn 2",
                "Tân Phú"]]
    write_xlsx(rural / "gd1/Điểm danh (Câu trả lời).xlsx", Sheet("Câu trả lời biểu mẫu 1",
                                                               [header, *answers]))
    write_xlsx(rural / "gd1/Hỏi ý kiến (Câu trả lời).xlsx", Sheet("Câu trả lời biểu mẫu 1", [
        [*header, "Cảm nhận của đồng chí về buổi học?"],
        ["12/09/2026 09:00:00", "dung@example.org", "Phạm Văn Dũng", "Chi bộ 1", "An Thịnh",
         "Vắng, xin phép"]]))

    result = ingest(rural)

    assert ward_totals(result.records) == {"Tân Phú": (3, 3)}
    assert record_tuples(result.records, ("cell", "expected", "attended")) == [
        ("Chi bộ thôn 1", 1, 1), ("Chi bộ thôn 1", 1, 1), ("Chi bộ thôn 2", 1, 1)]
    assert not (result.rejects["source_file"] == "gd1/Điểm danh (Câu trả lời).xlsx").any()
    # The other form's commune, which its file's name does not give, is told why (QA round
    # 99 #2: "no header row found", the commune chased as not reported).
    [refused] = result.rejects.itertuples(index=False)
    assert (refused.source_file, refused.ward, refused.phase) == (
        "gd1/Hỏi ý kiến (Câu trả lời).xlsx", "An Thịnh", "1")
    assert refused.reason.startswith(
        "câu trả lời biểu mẫu có câu hỏi không đọc được ('Cảm nhận của đồng chí về buổi "
        "học?'): không biết ai có mặt, ai vắng")
    assert_accounting(result)


@pytest.mark.parametrize("merged", [False, True])
def test_a_village_heading_in_a_communes_roll_call_heads_its_cell(rural, merged):
    """QA round 98 #2, #3: "THÔN ĐÔNG" typed over its people (merged across the list, or
    alone in the name's cell) was refused as a person with an unknown mark, its text keyed
    as a name, and the commune counted in part; the village's people in no cell. "v" with
    "đi làm ăn xa" is an excused absence. By hand: thôn Đông 2 present, 1 excused; bản Na
    Hang 1 present, 1 absent for no reason given."""
    heading = ["THÔN ĐÔNG", "THÔN ĐÔNG", "THÔN ĐÔNG", "THÔN ĐÔNG"] if merged \
        else [None, "THÔN ĐÔNG", None, None]
    village = ["Bản Na Hang", "Bản Na Hang", "Bản Na Hang", "Bản Na Hang"] if merged \
        else [None, "Bản Na Hang", None, None]
    write_xlsx(rural / "gd1/tan-phu.xlsx", Sheet("Điểm danh", [
        ["ĐẢNG BỘ XÃ TÂN PHÚ"], ["STT", "Họ và tên", "Điểm danh", "Ghi chú"], heading,
        [1, "Nguyễn Văn An", "x", None], [2, "Trần Thị Bình", "x", None],
        [3, "Lê Văn Cường", "v", "đi làm ăn xa"], village,
        [4, "Bàn Thị Mai", "x", None], [5, "Lò Văn Sáng", "v", None]],
        merges=["A3:D3", "A7:D7"] if merged else ()))

    result = ingest(rural)

    assert result.rejects.empty, reasons_by_row(result, "gd1/tan-phu.xlsx")
    assert record_tuples(result.records, ("cell", "attended", "absent_excused",
                                          "absent_unspecified")) == [
        ("THÔN ĐÔNG", 1, 0, 0), ("THÔN ĐÔNG", 1, 0, 0), ("THÔN ĐÔNG", 0, 1, 0),
        ("Bản Na Hang", 1, 0, 0), ("Bản Na Hang", 0, 0, 1)]
    assert_accounting(result)


@pytest.mark.parametrize(("title", "unit"), [
    ("SAO MAI COMPANY PARTY COMMITTEE", "Công ty Sao Mai"),
    ("Tan Phu Commune Party Committee", "Tân Phú"),
    ("Ky Son District Party Committee", None)])  # the district's, not Kỳ Sơn's
def test_an_english_title_names_its_unit_before_the_units_word(tmp_path, title, unit):
    """QA round 102 #1: "SAO MAI COMPANY PARTY COMMITTEE" over an English roll-call in
    "sao-mai-roll-call-phase2.xlsx": every row refused for a missing unit, the committee
    chased as not reported. By hand: 2 listed, 1 present."""
    write_campaign(tmp_path, phases=(("1", "Phase 1"),),
                   units=[*RURAL_UNITS, {"name": "Công ty Sao Mai", "kind": "committee",
                                         "aliases": ["Sao Mai"]}])
    write_xlsx(tmp_path / "gd1/roll-call-phase1.xlsx", Sheet("S", [
        [title], ["No.", "Full name", "Party cell", "Attendance"],
        [1, "Nguyễn Văn An", "Cell 1", "x"], [2, "Trần Thị Bình", "Cell 1", "v"]]))

    result = ingest(tmp_path)

    if unit is None:
        assert result.records.empty
    else:
        assert ward_totals(result.records) == {unit: (2, 1)}
        assert result.rejects.empty
    assert_accounting(result)

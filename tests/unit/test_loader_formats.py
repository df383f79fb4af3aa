"""File formats and workbook structure: CSV encodings and separators, .ods, hidden, empty and
list-only sheets, files that cannot be read at all."""

import random
import unicodedata
from pathlib import Path

import pytest
from builders import (
    Sheet,
    assert_accounting,
    csv_text,
    encode_cp1258,
    file_entry,
    ingest,
    reasons_by_row,
    record_tuples,
    sheet_entry,
    ward_totals,
    write_bytes,
    write_campaign,
    write_ods,
    write_xlsx,
)

from analysis.read import decode_csv_bytes

VALUES = ("source_row", "phase", "ward", "kind", "expected", "attended", "absent_excused",
          "absent_unexcused", "absent_unspecified")

CSV_ROWS = [
    ["Phường", "Giai đoạn", "Tổng số đảng viên", "Có mặt", "Vắng có lý do", "Vắng không lý do"],
    ["Bồ Đề", "Giai đoạn 1", 45, 40, 3, 2],  # 40 + 3 + 2 = 45
    ["Thượng Thanh", "GĐ2", 30, 27, 1, 2],  # 27 + 1 + 2 = 30
    ["Phúc Đồng", "Giai đoạn 2", 12, 12, 0, 0],  # everyone present
]
CSV_EXPECTED = [
    (2, "1", "Bồ Đề", "ward", 45, 40, 3, 2, 0),
    (3, "2", "Thượng Thanh", "ward", 30, 27, 1, 2, 0),
    (4, "2", "Phúc Đồng", "ward", 12, 12, 0, 0, 0),
]


@pytest.fixture
def campaign_dir(tmp_path: Path) -> Path:
    write_campaign(tmp_path)
    return tmp_path


def test_cp1258_bytes_use_combining_tone_marks():
    # "Bồ" in Windows-1258: B, ô (0xF4), combining grave (0xCC); decoded and composed (NFC).
    data = encode_cp1258("Bồ")
    assert data == b"B\xf4\xcc"
    text = decode_csv_bytes(data)
    assert text == "Bồ"
    assert text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        pytest.param("bao_cao.csv",
                     lambda rows: b"\xef\xbb\xbf" + csv_text(rows, ",").encode("utf-8"),
                     id="utf8-bom-comma"),
        pytest.param("bao_cao.csv", lambda rows: csv_text(rows, ";").encode("utf-8"),
                     id="utf8-semicolon"),
        pytest.param("bao_cao.csv", lambda rows: encode_cp1258(csv_text(rows, ",")),
                     id="cp1258-comma"),
        pytest.param("bao_cao.csv", lambda rows: encode_cp1258(csv_text(rows, ";")),
                     id="cp1258-semicolon"),
        # Text saved with an .xls name: what older web systems' "Xuất Excel" writes, and
        # Excel's "Unicode Text" (UTF-16, tabs) renamed. Excel opens either as a workbook,
        # after a warning; it was refused as "not an Excel 97-2003 workbook".
        pytest.param("bao_cao.xls",
                     lambda rows: b"\xff\xfe" + csv_text(rows, "\t").encode("utf-16-le"),
                     id="xls-excel-unicode-text"),
        pytest.param("bao_cao.xls", lambda rows: csv_text(rows, "\t").encode("utf-8"),
                     id="xls-utf8-tabs"),
        pytest.param("bao_cao.xls", lambda rows: encode_cp1258(csv_text(rows, "\t")),
                     id="xls-cp1258-tabs"),
        pytest.param("bao_cao.xls", lambda rows: encode_cp1258(csv_text(rows, ";")),
                     id="xls-cp1258-semicolon"),
    ],
)
def test_csv_encodings_and_separators_give_the_same_records(campaign_dir, name, encode):
    write_bytes(campaign_dir / "csv" / name, encode(CSV_ROWS))

    result = ingest(campaign_dir)

    assert result.rejects.empty
    assert record_tuples(result.records, VALUES) == CSV_EXPECTED
    assert set(result.records["sheet"]) == {"(csv)"}
    assert file_entry(result, f"csv/{name}")["rows_read"] == 3


def test_semicolon_csv_with_decimal_comma_rates(campaign_dir):
    # Vietnamese Excel writes ";" because "," is the decimal mark: "88,9%" must not split.
    rows = [
        ["Phường", "Tổng số đảng viên", "Có mặt", "Tỷ lệ (%)"],
        ["Bồ Đề", 45, 40, "88,9%"],  # 40 / 45 = 88,9%
        ["Cự Khối", 30, 27, "90,0%"],  # 27 / 30 = 90,0%
    ]
    write_bytes(campaign_dir / "gd1/ty_le.csv", encode_cp1258(csv_text(rows, ";")))

    result = ingest(campaign_dir)

    assert result.rejects.empty
    assert result.checks.empty  # both typed rates agree with the counts
    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Bồ Đề", 45, 40),
        ("Cự Khối", 30, 27),
    ]


# Title, blank row, header, data, totals: the same cells written as .xlsx and as .ods.
SAME_ROWS = [
    ["BÁO CÁO KẾT QUẢ HỌC TẬP", None, None, None, None],
    [],
    ["STT", "Phường", "Tổng số đảng viên", "Có mặt", "Vắng"],
    [1, "Phường Ngọc Lâm", 25, 24, 1],  # 24 + 1 = 25
    [2, "Việt Hưng", 40, 36, 4],  # 36 + 4 = 40
    [None, "Tổng cộng", 65, 60, 5],  # 25 + 40 = 65; 24 + 36 = 60; 1 + 4 = 5
]


def test_ods_summary_reads_like_the_same_xlsx(campaign_dir):
    write_xlsx(campaign_dir / "gd1/a.xlsx", Sheet("Sheet1", SAME_ROWS, merges=["A1:E1"]))
    write_ods(campaign_dir / "gd1/b.ods", SAME_ROWS, sheet_name="Sheet1")

    result = ingest(campaign_dir)

    records = result.records
    from_xlsx = record_tuples(records[records["source_file"] == "gd1/a.xlsx"], VALUES)
    from_ods = record_tuples(records[records["source_file"] == "gd1/b.ods"], VALUES)
    # Excel rows 4 and 5; "Vắng" is the total absence, with no reason split.
    assert from_xlsx == [
        (4, "1", "Ngọc Lâm", "ward", 25, 24, 0, 0, 1),
        (5, "1", "Việt Hưng", "ward", 40, 36, 0, 0, 4),
    ]
    assert from_ods == from_xlsx
    assert result.rejects.empty
    checks = result.checks
    assert len(checks) == 6  # 3 count columns x 2 files, all on row 6
    assert set(checks["status"]) == {"ok"}
    assert set(checks["source_row"]) == {6}
    for name in ("gd1/a.xlsx", "gd1/b.ods"):
        assert sheet_entry(result, name, "Sheet1")["totals_rows"] == [6]


def test_empty_hidden_and_list_only_sheets(campaign_dir):
    hidden_table = [
        ["Phường", "Tổng số đảng viên", "Có mặt"],
        ["Việt Hưng", 8, 7],  # 8 - 7 = 1 absent, reason not given
    ]
    ward_list = [["Bồ Đề"], ["Cự Khối"], ["Việt Hưng"]]
    write_xlsx(
        campaign_dir / "gd1/nhieu_trang.xlsx",
        Sheet("Trống"),
        Sheet("Ẩn", hidden_table, hidden=True),
        Sheet("Danh sách phường", ward_list),
    )

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("sheet", *VALUES)) == [
        ("Ẩn", 2, "1", "Việt Hưng", "ward", 8, 7, 0, 0, 1),
    ]
    assert result.rejects.empty
    sheets = {entry["sheet"]: entry for entry in file_entry(result, "gd1/nhieu_trang.xlsx")
              ["sheets"]}
    assert list(sheets) == ["Trống", "Ẩn", "Danh sách phường"]
    assert (sheets["Trống"]["status"], sheets["Trống"]["hidden"]) == ("empty", False)
    assert (sheets["Ẩn"]["status"], sheets["Ẩn"]["hidden"]) == ("table", True)
    assert (sheets["Danh sách phường"]["status"], sheets["Danh sách phường"]["rows_read"]) == (
        "no_table", 0)
    assert_accounting(result)


# A ward's report of its cells with an old "Chi bộ 2" line (64/63) hidden by hand above its
# correction (58/55), as in QA round 89 #2. Shown: 50 + 58 + 45 = 153 members, 48 + 55 + 44 =
# 147 present; with the hidden line, 217 and 210.
HIDDEN_ROW_REPORT = [
    ["ĐẢNG BỘ PHƯỜNG BỒ ĐỀ"],
    ["Chi bộ", "Tổng số đảng viên", "Có mặt"],
    ["Chi bộ 1", 50, 48],
    ["Chi bộ 2", 64, 63],
    ["Chi bộ 2", 58, 55],
    ["Chi bộ 3", 45, 44],
]


@pytest.mark.parametrize(("totals", "autofilter", "counted"), [
    ((153, 147), None, (153, 147)),  # the totals add up the rows shown: row 4 left out
    ((217, 210), None, (217, 210)),  # the totals count the hidden row: it is data
    ((160, 150), None, (217, 210)),  # neither: all counted, the mismatch told as before
    ((153, 147), "A2:C6", (217, 210)),  # a filter hides data the analyst filtered
])
def test_a_row_hidden_by_hand_is_left_out_where_the_totals_add_up_without_it(
        campaign_dir, totals, autofilter, counted):
    write_xlsx(campaign_dir / "gd1/bo-de.xlsx",
               Sheet("S", [*HIDDEN_ROW_REPORT, ["Tổng cộng", *totals]], hidden_rows=[4],
                     autofilter=autofilter))

    result = ingest(campaign_dir)

    assert ward_totals(result.records) == {"Bồ Đề": counted}
    reasons = reasons_by_row(result, "gd1/bo-de.xlsx")
    if counted == (153, 147):
        assert reasons == {4: (
            "hàng bị ẩn trong bảng tính, không tính: dòng tổng cộng (hàng 7) khớp với các "
            "hàng đang hiện, không có hàng này; nếu phải tính hàng này, hãy bỏ ẩn, sửa dòng "
            "tổng cộng rồi gửi lại (a row hidden in the sheet, left out: the totals row 7 "
            "adds up the rows shown without it)")}
        assert set(result.checks["status"]) == {"ok"}
    else:
        assert reasons == {}
        assert set(result.checks["status"]) == ({"ok"} if counted == totals else {"mismatch"})
    assert_accounting(result)


def test_a_hidden_row_under_a_total_typed_above_its_rows_names_that_total(campaign_dir):
    # QA round 93 #5: the totals row over the rows it sums, the reason said "hàng ?".
    header, *rows = HIDDEN_ROW_REPORT[1:]
    write_xlsx(campaign_dir / "gd1/bo-de.xlsx",
               Sheet("S", [HIDDEN_ROW_REPORT[0], header, ["Tổng cộng", 153, 147], *rows],
                     hidden_rows=[5]))

    result = ingest(campaign_dir)

    assert ward_totals(result.records) == {"Bồ Đề": (153, 147)}
    assert reasons_by_row(result, "gd1/bo-de.xlsx")[5].startswith(
        "hàng bị ẩn trong bảng tính, không tính: dòng tổng cộng (hàng 3) khớp")


@pytest.mark.parametrize(("filter_range", "counted"), [
    (None, (153, 147)),  # hidden by hand, the totals add up the rows shown: row 4 left out
    ("A2:C6", (217, 210)),  # a filter hides data the analyst filtered
])
def test_a_row_hidden_by_hand_in_an_ods_is_left_out_as_in_an_xlsx(campaign_dir, filter_range,
                                                                    counted):
    write_ods(campaign_dir / "gd1/bo-de.ods", [*HIDDEN_ROW_REPORT, ["Tổng cộng", 153, 147]],
              "S", hidden_rows=[4], filter_range=filter_range)

    result = ingest(campaign_dir)

    assert ward_totals(result.records) == {"Bồ Đề": counted}
    assert sorted(reasons_by_row(result, "gd1/bo-de.ods")) == ([4] if filter_range is None
                                                                 else [])
    assert_accounting(result)


@pytest.mark.parametrize("suffix", [".ods", ".xlsx"])
def test_a_hidden_persons_row_is_listed_with_its_text_the_name_keyed(campaign_dir, suffix):
    """QA round 96 #5: a roll-call's row hidden by hand, left out as hidden, was listed with
    an empty `raw` (an accepted person's row carries no text until it is refused). Shown: An
    and Bình present, Dung absent: 3 members, 2 present, as the tally says."""
    rows = [["ĐẢNG BỘ PHƯỜNG BỒ ĐỀ"], ["STT", "Họ và tên", "Chi bộ", "Điểm danh"],
            [1, "Nguyễn Văn An", "Chi bộ 1", "x"], [2, "Trần Thị Bình", "Chi bộ 1", "x"],
            [3, "Lê Văn Cũ", "Chi bộ 1", "x"], [4, "Phạm Thị Dung", "Chi bộ 1", "v"],
            ["Tổng cộng: 3 đ/c, có mặt 2"]]
    path = campaign_dir / f"gd1/bo-de{suffix}"
    if suffix == ".ods":
        write_ods(path, rows, "S", hidden_rows=[5])
    else:
        write_xlsx(path, Sheet("S", rows, hidden_rows=[5]))

    result = ingest(campaign_dir)

    assert ward_totals(result.records) == {"Bồ Đề": (3, 2)}
    [hidden] = result.rejects.itertuples(index=False)
    assert (hidden.source_row, hidden.reason[:29]) == (5, "hàng bị ẩn trong bảng tính, k")
    assert hidden.raw == f"3 | [người {hidden.person_key}] | Chi bộ 1 | x"
    assert_accounting(result)


def test_a_visible_blank_form_named_mau_is_skipped_like_a_hidden_one(tmp_path):
    # QA round 37: "GĐ1" (Đức Giang 600/570) beside a visible "Mẫu" of zeros, in a file of no
    # phase folder: the zero row was refused for want of a phase, and Đức Giang called
    # rejected in phase 2, where it sent nothing. The form is skipped, said so in the
    # manifest; a sheet named "Mẫu" holding figures is read.
    write_campaign(tmp_path, sources=())
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "duc-giang.xlsx",
               Sheet("GĐ1", [["KẾT QUẢ GIAI ĐOẠN 1"], header, ["Đức Giang", 600, 570]]),
               Sheet("Mẫu", [header, ["", 0, 0]]))
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx",
               Sheet("Mẫu", [["KẾT QUẢ GIAI ĐOẠN 1"], header, ["Gia Thụy", 50, 47]]))

    result = ingest(tmp_path)

    assert result.rejects.empty
    assert record_tuples(result.records, ("phase", "ward", "expected", "attended")) == [
        ("1", "Đức Giang", 600, 570), ("1", "Gia Thụy", 50, 47)]
    assert sheet_entry(result, "duc-giang.xlsx", "Mẫu")["status"] == "blank_form"


def test_unreadable_files_are_one_reject_each_and_the_rest_still_counts(campaign_dir):
    write_bytes(campaign_dir / "gd1/hong.xlsx", random.Random(7).randbytes(1500))
    # An Excel 97-2003 container whose insides are damaged (text named .xls is read as a
    # CSV: `test_csv_encodings_and_separators_give_the_same_records`).
    write_bytes(campaign_dir / "gd1/hong_cu.xls",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(8).randbytes(1500))
    good = [["Phường", "Tổng số đảng viên", "Có mặt"], ["Sài Đồng", 20, 19]]
    write_xlsx(campaign_dir / "gd1/tot.xlsx", Sheet("S", good))

    result = ingest(campaign_dir)

    unreadable = result.rejects[result.rejects["reason"].str.startswith(
        "không đọc được tệp: ")]
    assert sorted(unreadable["source_file"]) == ["gd1/hong.xlsx", "gd1/hong_cu.xls"]
    assert unreadable["sheet"].isna().all()
    assert unreadable["source_row"].isna().all()
    assert len(result.rejects) == 2
    for name in ("gd1/hong.xlsx", "gd1/hong_cu.xls"):
        entry = file_entry(result, name)
        assert entry["status"] == "unreadable"
        assert (entry["rows_read"], entry["rows_accepted"], entry["rows_rejected"]) == (0, 0, 0)
        assert entry["error"]
    assert record_tuples(result.records, ("source_file", "ward", "expected", "attended")) == [
        ("gd1/tot.xlsx", "Sài Đồng", 20, 19),
    ]
    assert file_entry(result, "gd1/tot.xlsx")["status"] == "read"
    assert_accounting(result)


WEB_PAGE = """<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>
<table border="1">
<tr><td colspan="6">BÁO CÁO KẾT QUẢ HỌC TẬP GIAI ĐOẠN 1</td></tr>
<tr><th rowspan="2">TT</th><th rowspan="2">Đơn vị</th><th rowspan="2">Tổng số ĐV</th>
    <th rowspan="2">Có mặt</th><th colspan="2">Vắng</th></tr>
<tr><th>Có lý do</th><th>Không lý do</th></tr>
<tr><td>1</td><td>Bồ Đề</td><td>1.250</td><td>1.200</td><td>30</td><td>20</td></tr>
<tr><td>2</td><td>P.&nbsp;Cự Khối</td><td>80</td><td>78</td><td>2</td><td></td></tr>
<tr><td></td><td><b>Tổng cộng</b></td><td>1.330</td><td>1.278</td><td>32</td><td>20</td></tr>
</table></body></html>
"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1258"])
def test_a_web_page_saved_as_xls_is_read_as_its_table(campaign_dir, charset):
    # What a web system's "Xuất Excel" gives, and Excel opens as a workbook: an HTML table
    # named .xls, its title merged across (colspan), "Vắng" over its two reasons, the other
    # header cells merged down (rowspan). It was refused as "not an Excel 97-2003 workbook".
    # By hand: Bồ Đề 1.250 members (Vietnamese thousands), 1.200 present, 30 + 20 absent;
    # Cự Khối 80, 78, 2 excused (blank unexcused); the total row agrees: 1.330 / 1.278 / 32.
    page = WEB_PAGE.format(charset=charset)
    data = page.encode("utf-8") if charset == "utf-8" \
        else encode_cp1258(page)
    write_bytes(campaign_dir / "gd1/xuat-excel.xls", data)

    result = ingest(campaign_dir)

    assert result.rejects.empty
    assert record_tuples(result.records, VALUES) == [
        (4, "1", "Bồ Đề", "ward", 1250, 1200, 30, 20, 0),
        (5, "1", "Cự Khối", "ward", 80, 78, 2, 0, 0)]
    sheet = sheet_entry(result, "gd1/xuat-excel.xls", "(html)")
    assert (sheet["header_row"], sheet["totals_rows"]) == (2, [6])
    assert {check["status"] for check in sheet["reconciliation"]} == {"ok"}
    assert_accounting(result)


def test_a_count_merged_down_rows_of_a_web_page_is_refused_not_copied(campaign_dir):
    # QA round 24: "80" (rowspan 2) over Bồ Đề's two classes was copied into both rows,
    # 160 members for 77 present, silently; a workbook's merged count is refused so.
    page = ("<table><tr><th>Phường</th><th>Lớp</th><th>Tổng số ĐV</th><th>Có mặt</th></tr>"
            "<tr><td rowspan='2'>Bồ Đề</td><td>Lớp 1</td><td rowspan='2'>80</td><td>38</td></tr>"
            "<tr><td>Lớp 2</td><td>39</td></tr>"
            "<tr><td>Gia Thụy</td><td>Lớp 1</td><td>50</td><td>45</td></tr></table>")
    write_bytes(campaign_dir / "gd1/xuat-excel.xls", page.encode())
    result = ingest(campaign_dir)
    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Gia Thụy", 50, 45)]
    assert sorted(reasons_by_row(result, "gd1/xuat-excel.xls")) == [2, 3]
    assert "(C2:C3)" in result.rejects["reason"].iloc[0]
    assert_accounting(result)


def test_a_rowspan_ends_with_its_section_of_a_web_page(campaign_dir):
    # QA round 25: "STT" and "Phường" set to span two rows in a one-row <thead>. Carried into
    # <tbody>, the span made Bồ Đề's row the header's second row, and the row was lost:
    # neither counted nor refused. A browser ends a rowspan with its section; so does this.
    # rowspan="0" runs to the section's end: Gia Thụy's two classes, 50 + 40 members.
    page = ("<table><thead><tr><th rowspan='2'>STT</th><th rowspan='2'>Phường</th>"
            "<th>Lớp</th><th>Tổng số ĐV</th><th>Có mặt</th></tr></thead><tbody>"
            "<tr><td>1</td><td>Bồ Đề</td><td>Lớp 1</td><td>80</td><td>75</td></tr>"
            "<tr><td>2</td><td rowspan='0'>Gia Thụy</td><td>Lớp 1</td><td>50</td><td>45</td></tr>"
            "<tr><td>3</td><td>Lớp 2</td><td>40</td><td>38</td></tr></tbody></table>")
    write_bytes(campaign_dir / "gd1/xuat-excel.xls", page.encode())
    result = ingest(campaign_dir)
    assert result.rejects.empty
    assert record_tuples(result.records, ("source_row", "ward", "expected", "attended")) == [
        (2, "Bồ Đề", 80, 75), (3, "Gia Thụy", 50, 45), (4, "Gia Thụy", 40, 38)]
    assert_accounting(result)


def test_header_cells_spanning_down_over_a_full_row_end_above_it(campaign_dir):
    # QA round 25, left open: with no <thead> to end them, "STT" and "Phường" set to span
    # two rows pushed Bồ Đề's own four cells past the table's edge, the row was taken for
    # the header's second row and lost: neither counted nor refused. A row that fills the
    # table's width by itself ends the spans above it. Gia Thụy's name still spans its two
    # classes (its rows do not fill the width alone): 50 + 40 members.
    page = ("<table><tr><th rowspan='2'>STT</th><th rowspan='2'>Phường</th><th>Lớp</th>"
            "<th>Tổng số ĐV</th><th>Có mặt</th></tr>"
            "<tr><td>1</td><td>Bồ Đề</td><td>Lớp 1</td><td>80</td><td>75</td></tr>"
            "<tr><td>2</td><td rowspan='2'>Gia Thụy</td><td>Lớp 1</td><td>50</td><td>45</td></tr>"
            "<tr><td>3</td><td>Lớp 2</td><td>40</td><td>38</td></tr></table>")
    write_bytes(campaign_dir / "gd1/xuat-excel.xls", page.encode())
    result = ingest(campaign_dir)
    assert result.rejects.empty
    assert record_tuples(result.records, ("source_row", "ward", "expected", "attended")) == [
        (2, "Bồ Đề", 80, 75), (3, "Gia Thụy", 50, 45), (4, "Gia Thụy", 40, 38)]
    assert_accounting(result)


def test_a_web_page_without_optional_end_tags_or_with_a_table_in_a_cell_is_read(
        campaign_dir):
    # QA round 25: "<td>80<td>75" without </td> or </tr>, valid HTML, nested each cell in
    # the one before it: no table was found and the file was refused whole. A table inside
    # a cell added its text to the cell: "Bồ Đề Tổng số ĐV Có mặt 3 2" was an unknown unit.
    page = ("<table><tr><th>Phường<th>Tổng số ĐV<th>Có mặt"
            "<tr><td>Bồ Đề<table><tr><td>Ghi chú<td>nộp muộn</table><td>80<td>75"
            "<tr><td>Gia Thụy<td>50<td>45</table>")
    write_bytes(campaign_dir / "gd1/xuat-excel.xls", page.encode())
    result = ingest(campaign_dir)
    assert result.rejects.empty
    assert record_tuples(result.records, ("source_row", "ward", "expected", "attended")) == [
        (2, "Bồ Đề", 80, 75), (3, "Gia Thụy", 50, 45)]
    assert_accounting(result)


def test_a_web_page_with_no_table_is_one_reject_naming_it(campaign_dir):
    write_bytes(campaign_dir / "gd1/xuat-excel.xls",
                "<html><body><p>Phiên làm việc đã hết hạn</p></body></html>".encode())
    result = ingest(campaign_dir)
    assert result.rejects["reason"].tolist() == [
        "không đọc được tệp: tệp là một trang web không có bảng nào (unreadable file: the "
        "file is a web page with no table in it)"]
    assert file_entry(result, "gd1/xuat-excel.xls")["status"] == "unreadable"


SPREADSHEET_XML = """<?xml version="1.0" encoding="utf-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Worksheet ss:Name="GĐ1">
  <Table>
   <Row><Cell ss:MergeAcross="5"><Data ss:Type="String">BÁO CÁO KẾT QUẢ HỌC TẬP</Data></Cell></Row>
   <Row ss:Index="3">
    <Cell ss:MergeDown="1"><Data ss:Type="String">TT</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String">Đơn vị</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String">Tổng số ĐV</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String">Có mặt</Data></Cell>
    <Cell ss:MergeAcross="1"><Data ss:Type="String">Vắng</Data></Cell>
   </Row>
   <Row>
    <Cell ss:Index="5"><Data ss:Type="String">Có lý do</Data></Cell>
    <Cell><Data ss:Type="String">Không lý do</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="Number">1</Data></Cell>
    <Cell><Data ss:Type="String"><html:B>Bồ Đề</html:B></Data></Cell>
    <Cell><Data ss:Type="String">1.250</Data></Cell>
    <Cell><Data ss:Type="Number">1200</Data></Cell>
    <Cell><Data ss:Type="Number">30</Data></Cell>
    <Cell><Data ss:Type="Number">20</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="Number">2</Data></Cell>
    <Cell><Data ss:Type="String">P. Cự Khối</Data></Cell>
    <Cell><Data ss:Type="Number">80</Data></Cell>
    <Cell><Data ss:Type="Number">78</Data></Cell>
    <Cell><Data ss:Type="Number">2</Data></Cell>
   </Row>
   <Row>
    <Cell ss:Index="2"><Data ss:Type="String">Tổng cộng</Data></Cell>
    <Cell><Data ss:Type="Number">1330</Data></Cell>
    <Cell><Data ss:Type="Number">1278</Data></Cell>
    <Cell><Data ss:Type="Number">32</Data></Cell>
    <Cell><Data ss:Type="Number">20</Data></Cell>
   </Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Nháp">
  <Table>
   <Row><Cell><Data ss:Type="String">Đơn vị</Data></Cell>
    <Cell><Data ss:Type="String">Tổng số ĐV</Data></Cell>
    <Cell><Data ss:Type="String">Có mặt</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Gia Thụy</Data></Cell>
    <Cell><Data ss:Type="Number">50</Data></Cell><Cell><Data ss:Type="Number">45</Data></Cell></Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <Visible>SheetHidden</Visible>
  </WorksheetOptions>
 </Worksheet>
</Workbook>
"""


def test_an_excel_2003_xml_spreadsheet_named_xls_is_read_sheet_by_sheet(campaign_dir):
    # What many reporting systems write as "Excel" (Excel 2003's XML Spreadsheet), named
    # .xls; it was refused as "not an Excel 97-2003 workbook". The title merged across
    # (MergeAcross), the header merged down over "Vắng"'s two reasons (MergeDown), a row
    # and a cell placed by ss:Index, rich text in a name. By hand: Bồ Đề 1.250 members
    # (Vietnamese thousands, typed as text), 1.200 present, 30 + 20 absent; Cự Khối 80, 78,
    # 2 excused; the total row agrees. The hidden sheet is read and said hidden.
    write_bytes(campaign_dir / "gd1/bao-cao.xls", SPREADSHEET_XML.encode("utf-8"))

    result = ingest(campaign_dir)

    assert result.rejects.empty
    assert record_tuples(result.records, ("sheet", *VALUES)) == [
        ("GĐ1", 5, "1", "Bồ Đề", "ward", 1250, 1200, 30, 20, 0),
        ("GĐ1", 6, "1", "Cự Khối", "ward", 80, 78, 2, 0, 0),
        ("Nháp", 2, "1", "Gia Thụy", "ward", 50, 45, 0, 0, 5)]
    sheet = sheet_entry(result, "gd1/bao-cao.xls", "GĐ1")
    assert (sheet["header_row"], sheet["totals_rows"], sheet["hidden"]) == (3, [7], False)
    assert {check["status"] for check in sheet["reconciliation"]} == {"ok"}
    assert sheet_entry(result, "gd1/bao-cao.xls", "Nháp")["hidden"] is True
    assert_accounting(result)


def test_lock_files_and_other_files_are_not_read(campaign_dir):
    good = [["Phường", "Tổng số đảng viên", "Có mặt"], ["Sài Đồng", 20, 19]]
    write_xlsx(campaign_dir / "gd1/tot.xlsx", Sheet("S", good))
    write_bytes(campaign_dir / "gd1/~$tot.xlsx", b"lock")
    write_bytes(campaign_dir / "gd1/ghi_chu.txt", "ghi chú".encode())

    result = ingest(campaign_dir)

    assert [entry["file"] for entry in result.files] == ["gd1/tot.xlsx"]
    # Not read, but listed, so nothing in the folder goes unmentioned.
    assert sorted(result.ignored_files) == ["gd1/ghi_chu.txt", "gd1/~$tot.xlsx"]
    assert result.rejects.empty


def test_what_excel_saves_under_names_of_its_own_is_read_when_it_holds_a_table(
        campaign_dir):
    # QA round 36: Excel's "Unicode Text" (.txt, UTF-16, tabs), "XML Spreadsheet 2003" (.xml),
    # "Web Page" (.htm), a template (.xltx) and a .tsv were skipped without a word, their
    # wards chased as missing. By hand: Bồ Đề 40/38 (.txt), Gia Thụy 50/47 (.tsv), the
    # page's Bồ Đề 1.250/1.200 and Cự Khối 80/78 (.htm, WEB_PAGE), the XML's three rows
    # (.xml, SPREADSHEET_XML), Sài Đồng 20/19 (.xltx). A README.txt, a page without a table
    # and a notes .xml stay passed over, listed as before.
    tab_text = "Phường\tTổng số đảng viên\tCó mặt\r\nBồ Đề\t40\t38\r\n"
    write_bytes(campaign_dir / "gd1/unicode.txt", b"\xff\xfe" + tab_text.encode("utf-16-le"))
    write_bytes(campaign_dir / "gd1/tab.tsv",
                "Phường\tTổng số đảng viên\tCó mặt\nGia Thụy\t50\t47\n".encode())
    write_bytes(campaign_dir / "gd1/trang.htm", WEB_PAGE.format(charset="utf-8").encode())
    write_bytes(campaign_dir / "gd1/excel-2003.xml", SPREADSHEET_XML.encode("utf-8"))
    write_xlsx(campaign_dir / "gd1/mau.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"], ["Sài Đồng", 20, 19]]))
    (campaign_dir / "gd1/mau.xlsx").rename(campaign_dir / "gd1/mau.xltx")
    write_bytes(campaign_dir / "gd1/README.txt",
                "Gửi báo cáo trước ngày 20/9, ghi rõ số có mặt, vắng.\nCảm ơn.\n".encode())
    write_bytes(campaign_dir / "gd1/trang-chu.htm", b"<html><body><p>Xin chao</p></body></html>")
    write_bytes(campaign_dir / "gd1/ghi-chu.xml", b"<?xml version='1.0'?><note>x</note>")

    result = ingest(campaign_dir)

    assert sorted(entry["file"] for entry in result.files) == [
        "gd1/excel-2003.xml", "gd1/mau.xltx", "gd1/tab.tsv", "gd1/trang.htm",
        "gd1/unicode.txt"]
    assert sorted(result.ignored_files) == ["gd1/README.txt", "gd1/ghi-chu.xml",
                                            "gd1/trang-chu.htm"]
    assert result.rejects.empty
    assert sorted(record_tuples(result.records, ("source_file", "ward", "expected",
                                                 "attended"))) == [
        ("gd1/excel-2003.xml", "Bồ Đề", 1250, 1200),
        ("gd1/excel-2003.xml", "Cự Khối", 80, 78),
        ("gd1/excel-2003.xml", "Gia Thụy", 50, 45),
        ("gd1/mau.xltx", "Sài Đồng", 20, 19),
        ("gd1/tab.tsv", "Gia Thụy", 50, 47),
        ("gd1/trang.htm", "Bồ Đề", 1250, 1200),
        ("gd1/trang.htm", "Cự Khối", 80, 78),
        ("gd1/unicode.txt", "Bồ Đề", 40, 38)]
    assert_accounting(result)


def test_a_workbook_renamed_csv_is_read_as_the_workbook_it_is(campaign_dir):
    # QA round 36: an .xlsx named .csv was refused with advice to save it "as CSV UTF-8".
    write_xlsx(campaign_dir / "gd1/phuc-loi.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"], ["Phúc Lợi", 45, 44]]))
    (campaign_dir / "gd1/phuc-loi.xlsx").rename(campaign_dir / "gd1/phuc-loi.csv")

    result = ingest(campaign_dir)

    assert result.rejects.empty
    assert record_tuples(result.records, ("source_file", "sheet", "ward", "expected",
                                          "attended")) == [
        ("gd1/phuc-loi.csv", "S", "Phúc Lợi", 45, 44)]


def test_files_that_give_nothing_are_named_in_the_rejects(campaign_dir):
    write_bytes(campaign_dir / "gd1/trong.csv", b"")
    write_xlsx(campaign_dir / "gd1/trong.xlsx", Sheet("Sheet1", []), Sheet("Sheet2", []))
    write_xlsx(campaign_dir / "gd1/ghi_chu.xlsx",
               Sheet("Ghi chú", [["Số liệu gửi sau"], ["Người lập: Trần Thị Lan"]]))
    good = [["Phường", "Tổng số đảng viên", "Có mặt"], ["Sài Đồng", 20, 19]]
    write_xlsx(campaign_dir / "gd1/tot.xlsx", Sheet("S", good))

    result = ingest(campaign_dir)

    reasons = result.rejects.set_index("source_file")["reason"].to_dict()
    assert reasons == {
        "gd1/trong.csv": "tệp trống (empty file)",
        "gd1/trong.xlsx": "tệp trống (empty file)",
        "gd1/ghi_chu.xlsx": "tệp không có bảng điểm danh nào: không tìm thấy dòng tiêu đề cột "
                            "(no attendance table in the file)",
    }
    assert result.rejects["source_row"].isna().all()
    assert file_entry(result, "gd1/trong.xlsx")["rows_read"] == 0
    assert len(result.records) == 1
    assert_accounting(result)


def test_a_csv_row_with_more_cells_than_its_header_is_rejected(campaign_dir):
    # "2,001" and "1,990" typed without quotes split into five cells: read as 2/1 they would
    # count 2 members for a ward of 2,001. A trailing empty cell ("40,38,") is no extra cell.
    write_bytes(campaign_dir / "gd1/a.csv", "Đơn vị,Tổng số,Có mặt\nGiang Biên,2,001,1,990\n"
                "Bồ Đề,40,38,\nCự Khối,30,29\n".encode())

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Bồ Đề", 40, 38), ("Cự Khối", 30, 29)]
    assert reasons_by_row(result, "gd1/a.csv") == {2: (
        "dòng có 5 ô, nhiều hơn 3 cột của dòng tiêu đề: có thể một số có dấu phẩy hàng nghìn "
        "không nằm trong ngoặc kép (như 2,001) đã làm lệch các cột; hãy sửa tệp CSV (the row "
        "has more cells than the header)")}


def test_a_units_column_without_a_heading_beside_stt_is_the_units(campaign_dir):
    # QA round 73 #4: "STT,,Tổng số ĐV,Có mặt,Vắng", the names' heading left blank: "no
    # header found", the file refused whole and its units' figures lost. The column between
    # the row numbers and the figures is the units'. By hand: Bồ Đề 40/38, Cự Khối 30/29.
    write_bytes(campaign_dir / "gd1/a.csv", "STT,,Tổng số ĐV,Có mặt,Vắng\n1,Bồ Đề,40,38,2\n"
                "2,Cự Khối,30,29,1\n,Cộng,70,67,3\n".encode())

    result = ingest(campaign_dir)

    assert result.rejects.empty
    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Bồ Đề", 40, 38), ("Cự Khối", 30, 29)]
    assert set(result.checks["status"]) == {"ok"}


def test_peoples_names_under_a_blank_heading_are_no_units(campaign_dir):
    # QA round 74 #5: "STT | | Năm sinh | Phải học | Đã học" over people's names: read as
    # units, each refused as an unknown unit with the name in the rejects and the follow-up
    # of a run that keeps none. Names are no units: no table, as before the column was read.
    write_bytes(campaign_dir / "gd1/duc-giang.csv", "STT,,Năm sinh,Phải học,Đã học\n"
                "1,Nguyễn Văn Toàn,1960,1,1\n2,Lê Thị Hoa,1975,1,0\n".encode())

    result = ingest(campaign_dir)

    assert result.records.empty
    assert not result.rejects["raw"].astype(str).str.contains("Nguyễn|Hoa").any()
    assert not result.rejects["reason"].astype(str).str.contains("Nguyễn|Hoa").any()
    assert sheet_entry(result, "gd1/duc-giang.csv", "(csv)")["status"] == "no_table"


def test_numbers_a_csv_keeps_as_text_the_excel_way_are_read(campaign_dir):
    # QA round 17 g14c, g14k: every count typed "'120" (Excel's text apostrophe) or ="120"
    # (a formula giving the text) read as no figure, and every row as a note under the
    # table: nothing read, nothing rejected, the wards "not received".
    write_bytes(campaign_dir / "gd1/a.csv", "Đơn vị,Tổng số,Có mặt\nBồ Đề,'120,'115\n"
                'Gia Thụy,="80",="78"\n\'Cự Khối,30,29\n'.encode())

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Bồ Đề", 120, 115), ("Gia Thụy", 80, 78), ("Cự Khối", 30, 29)]
    assert result.rejects.empty
    assert_accounting(result)


def test_a_formula_never_calculated_is_explained_not_called_a_missing_count(campaign_dir):
    # openpyxl (like many exports) saves "=B2-C2" with no result: every reader but Excel sees
    # a blank "Có mặt". Bồ Đề's row is refused with the way to fix it; Cự Khối's typed 29
    # counts, and so does the same formula in a row whose figure is typed.
    rows = [["Phường", "Tổng số đảng viên", "Vắng", "Có mặt", "Ghi chú"],
            ["Bồ Đề", 40, 2, "=B2-C2", None],
            ["Cự Khối", 30, 1, 29, "=B3-C3"],
            ["Long Biên", 20, None, None, None]]
    write_xlsx(campaign_dir / "gd1/cong-thuc.xlsx", Sheet("S", rows))

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Cự Khối", 30, 29)]
    reasons = reasons_by_row(result, "gd1/cong-thuc.xlsx")
    assert reasons[2] == (
        "ô D2 (=B2-C2) là công thức chưa có kết quả lưu trong tệp (tệp do một chương trình "
        "không tính công thức tạo ra): hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại và "
        "gửi lại (a formula with no saved result: open the file in Excel or LibreOffice, save "
        "it and send it again)")
    # A blank typed by hand stays a missing count.
    assert reasons[4] == "thiếu số có mặt (missing attended count)"
    assert_accounting(result)


def test_a_row_of_formulas_never_calculated_is_explained_not_called_no_report(campaign_dir):
    # A unit's row with every figure blank is no report of it (QA round 85 #7), but blank
    # only because its formulas were never calculated, it holds figures: still explained so.
    write_xlsx(campaign_dir / "gd1/cong-thuc.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", "=10*4", "=B2-2"],
        ["Cự Khối", 30, 29]]))

    result = ingest(campaign_dir)

    assert reasons_by_row(result, "gd1/cong-thuc.xlsx") == {2: (
        "ô B2 (=10*4), C2 (=B2-2) là công thức chưa có kết quả lưu trong tệp (tệp do một "
        "chương trình không tính công thức tạo ra): hãy mở tệp bằng Excel hoặc LibreOffice "
        "rồi lưu lại và gửi lại (a formula with no saved result: open the file in Excel or "
        "LibreOffice, save it and send it again)")}
    assert_accounting(result)


def test_a_workbook_without_formulas_is_not_searched_for_unsaved_ones(campaign_dir,
                                                                      monkeypatch):
    # openpyxl reads every sheet in full, twice, to look for the formulas behind blank
    # counts: a workbook with no formula in it is not opened for that, and its blank count
    # stays a missing count.
    import openpyxl

    opened = []
    write_xlsx(campaign_dir / "gd1/a.xlsx", Sheet("S", [
        ["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 40, None]]))
    monkeypatch.setattr(openpyxl, "load_workbook", lambda path, **options: opened.append(path))

    result = ingest(campaign_dir)

    assert opened == []
    assert reasons_by_row(result, "gd1/a.xlsx") == {
        2: "thiếu số có mặt (missing attended count)"}


def test_an_excel_error_in_a_cell_is_named_not_called_a_blank(campaign_dir):
    # QA round 16 f14: calamine reads "#REF!" and "#N/A" as blank cells, so Ngọc Lâm was
    # told it left "Có mặt" blank and the "#N/A" row that its unit name is missing, the raw
    # text showing empty cells. A "#DIV/0!" rate beside good counts leaves the row counted
    # (a rate is only checked). By hand: 120 + 80 + 50 = 250 expected, 115 + 78 + 49 = 242.
    rows = [["TT", "Đơn vị", "Tổng số đảng viên", "Có mặt", "Vắng", "Tỷ lệ"],
            [1, "Bồ Đề", 120, 115, 5, "#DIV/0!"],
            [2, "Gia Thụy", 80, 78, 2, 0.975],
            [3, "Ngọc Lâm", 100, "#REF!", 4, "#REF!"],
            [4, "Phúc Đồng", 50, 49, 1, 0.98],
            [5, "#N/A", 30, 29, 1, 0.9667],
            [6, "Cự Khối", 10, None, 1, None]]
    write_xlsx(campaign_dir / "gd1/loi.xlsx", Sheet("S", rows))

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Bồ Đề", 120, 115), ("Gia Thụy", 80, 78), ("Phúc Đồng", 50, 49)]
    rejects = result.rejects.set_index("source_row")
    assert rejects.loc[4, "reason"] == (
        "thiếu số có mặt: ô D4 có lỗi công thức #REF!, ô F4 có lỗi công thức #REF! "
        "(missing attended count: a formula error #REF! in cell D4, a formula error #REF! "
        "in cell F4)")
    assert rejects.loc[4, "raw"] == "3 | Ngọc Lâm | 100 | #REF! | 4 | #REF!"
    assert rejects.loc[6, "reason"] == (
        "thiếu tên đơn vị: ô B6 có lỗi công thức #N/A (missing unit name: a formula error "
        "#N/A in cell B6)")
    assert rejects.loc[6, "raw"] == "5 | #N/A | 30 | 29 | 1 | 0.9667"
    # A blank typed by hand stays a missing count.
    assert rejects.loc[7, "reason"] == "thiếu số có mặt (missing attended count)"
    assert_accounting(result)


@pytest.mark.parametrize("line_end, stray", [("\r", ""), ("\r\n", "\r"), ("\n", "\r")])
def test_csv_rows_ended_by_cr_alone_or_with_a_stray_cr_are_read(campaign_dir, line_end,
                                                                stray):
    # QA round 46: a CSV saved on an old Mac (rows ended by CR alone), or one with a stray CR
    # typed in a cell, stopped the whole run with a traceback and no outputs.
    text = line_end.join(["Đơn vị,Tổng số,Có mặt", f"Bồ Đề{stray},40,38", "Cự Khối,30,29", ""])
    write_bytes(campaign_dir / "gd1/a.csv", text.encode())

    result = ingest(campaign_dir)

    assert result.rejects.empty
    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Bồ Đề", 40, 38), ("Cự Khối", 30, 29)]


def test_a_mac_csv_with_a_line_break_in_a_quoted_header_cell_keeps_its_rows(campaign_dir):
    # QA round 47: rows ended by CR, "Tổng số\nđảng viên" quoted in the header: the one LF
    # made every CR a space, the file one line, nothing counted and no word.
    write_bytes(campaign_dir / "gd1/a.csv", '\r'.join([
        'Đơn vị,"Tổng số\nđảng viên",Có mặt', "Bồ Đề,40,38", "Cự Khối,30,29", ""]).encode())

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Bồ Đề", 40, 38), ("Cự Khối", 30, 29)]


def test_a_csv_the_csv_module_cannot_read_is_refused_and_the_run_goes_on(campaign_dir):
    # A cell longer than the csv module's limit (131,072 characters) raised out of the run.
    write_bytes(campaign_dir / "gd1/a.csv",
                ("Đơn vị,Tổng số,Có mặt\nBồ Đề,40,38\nGhi chú: " + "x" * 200_000 + ",1,1\n")
                .encode())
    write_bytes(campaign_dir / "gd1/b.csv", "Đơn vị,Tổng số,Có mặt\nCự Khối,30,29\n".encode())

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Cự Khối", 30, 29)]
    assert file_entry(result, "gd1/a.csv")["status"] == "unreadable"
    assert file_entry(result, "gd1/a.csv")["error"].startswith("tệp CSV hỏng, không đọc được")


def test_a_unicode_text_report_with_title_and_signature_lines_typed_in_is_read(campaign_dir):
    # QA round 46: Excel's "Unicode Text" with the title and the signature typed in by hand
    # (no tabs on those lines, seven of nine): passed over without a word, Cự Khối chased
    # as missing. Its table, a header and one row of three columns or more, is 50/48. A
    # note with one tab in two lines is still no report.
    text = "\r\n".join(["ĐẢNG ỦY PHƯỜNG CỰ KHỐI", "BÁO CÁO KẾT QUẢ HỌC TẬP NGHỊ QUYẾT", "",
                        "STT\tTên đơn vị\tTổng số đảng viên\tCó mặt\tVắng",
                        "1\tCự Khối\t50\t48\t2", "", "Cự Khối, ngày 20 tháng 9 năm 2015",
                        "T/M ĐẢNG ỦY", "BÍ THƯ", "", "Nguyễn Văn A", ""])
    write_bytes(campaign_dir / "gd1/cu-khoi.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    write_bytes(campaign_dir / "gd1/ghi-chu.txt",
                "Hạn nộp:\t20/9\nGhi rõ số có mặt.\nLiên hệ văn phòng.\nCảm ơn.\n".encode())
    # Nor is a note typed in Notepad (UTF-8) with last campaign's table pasted under its
    # lines of text (QA round 47: read as a report, the wards' real reports held out).
    write_bytes(campaign_dir / "gd1/so-sanh.txt", "\n".join([
        "Ghi chú của chuyên viên tổng hợp", "Số liệu đợt trước để so sánh:", "",
        "Đơn vị\tTổng số ĐV\tCó mặt", "Bồ Đề\t28\t25", "Cự Khối\t22\t20", "",
        "Cần gọi điện nhắc các phường.", "Hạn nộp 20/9.", ""]).encode())

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("ward", "expected", "attended")) == [
        ("Cự Khối", 50, 48)]
    assert result.ignored_files == ["gd1/ghi-chu.txt", "gd1/so-sanh.txt"]


def test_an_old_xls_saved_under_an_xlsx_name_is_read_as_the_xls_it_is(tmp_path):
    # QA round 46: a real .xls (the LibreOffice-made fixture) named .xlsx was refused ("an
    # old-format .xls saved with a .xlsx name"), its ward left out of the rate, where an
    # .xlsx named .xls and a workbook named .csv are read for what they are. The same
    # records under either name.
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "formats-xls"
    columns = ("sheet", "source_row", "ward", "expected", "attended", "absent_excused",
               "absent_unexcused")
    found = []
    for name in ("bao_cao.xls", "bao_cao.xlsx"):
        campaign = tmp_path / name.replace(".", "_")
        (campaign / "gd1").mkdir(parents=True)
        (campaign / "campaign.toml").write_bytes((fixture / "campaign.toml").read_bytes())
        (campaign / "gd1" / name).write_bytes((fixture / "gd1/bao_cao_gd1.xls").read_bytes())
        result = ingest(campaign)
        assert file_entry(result, f"gd1/{name}")["status"] == "read"
        found.append(record_tuples(result.records, columns))
    assert found[0] and found[1] == found[0]


def test_a_quote_never_closed_in_a_csv_does_not_swallow_the_rows_after_it(campaign_dir):
    # QA round 89 #1: a note typed '"đ/c Hùng ốm' opened a quote never closed: the csv
    # module read the three rows after it into that note, and they were lost without a word
    # (Tân Lập 82/78 for 228/220). Each line is a row: 25 + 52 + 53 + 41 = 171 expected, 22
    # + 50 + 52 + 40 = 164 present, Chi bộ 2's note as typed. A note over two lines, quoted
    # and closed, stays one cell.
    text = ("Đơn vị,Chi bộ,Tổng số đảng viên,Có mặt,Ghi chú\n"
            "Bồ Đề,Chi bộ 1,25,22,\"ốm,\nxin phép\"\n"
            "Bồ Đề,Chi bộ 2,52,50,\"đ/c Hùng ốm\n"
            "Bồ Đề,Chi bộ 3,53,52,\n"
            "Bồ Đề,Chi bộ 4,41,40,\n")
    write_bytes(campaign_dir / "gd1/bo-de.csv", text.encode("utf-8"))

    result = ingest(campaign_dir)

    assert record_tuples(result.records, ("source_row", "cell", "expected", "attended")) == [
        (2, "Chi bộ 1", 25, 22), (3, "Chi bộ 2", 52, 50), (4, "Chi bộ 3", 53, 52),
        (5, "Chi bộ 4", 41, 40)]
    assert result.rejects.empty
    assert_accounting(result)

"""Fatal errors of `python -m analysis run`: exit code 2 and one line, Vietnamese first.

Before campaign.toml is read its language is unknown, so the line says it in Vietnamese, then
in English in brackets, after "Lỗi:". Once campaign.toml is read (no spreadsheet, nothing
readable, no rows) the line is in the campaign's language only, as the summary is. Real
folders and files under tmp_path, through cli.main.
"""

from __future__ import annotations

import tomllib

import pytest

from analysis import cli

MINIMAL = '[campaign]\nid = "c"\n\n[[phases]]\nid = "1"\nlabel = "Giai đoạn 1"\n'


def run(raw, out, capsys) -> tuple[int, str]:
    code = cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert not out.exists()  # nothing is written
    return code, captured.err


def campaign_folder(tmp_path, text: str = MINIMAL):
    raw = tmp_path / "raw" / "c"
    raw.mkdir(parents=True)
    (raw / "campaign.toml").write_text(text, encoding="utf-8")
    return raw


def test_missing_campaign_toml(tmp_path, capsys):
    raw = tmp_path / "raw" / "c"
    raw.mkdir(parents=True)
    (raw / "a.csv").write_text("Phường,Có mặt\n", encoding="utf-8")
    code, error = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert error == (f"Lỗi: Không có campaign.toml trong {raw}: hãy tạo một tệp (xem README, "
                     f"'Starting a new campaign') (No campaign.toml in {raw}: create one (see "
                     "README, 'Starting a new campaign'))\n")


def test_missing_campaign_folder(tmp_path, capsys):
    raw = tmp_path / "raw" / "nope"
    code, error = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert error == f"Lỗi: Không có thư mục đợt {raw} (Campaign folder {raw} does not exist)\n"


def test_invalid_toml(tmp_path, capsys):
    raw = campaign_folder(tmp_path, '[campaign]\nid = "c\n')
    try:
        tomllib.loads('[campaign]\nid = "c\n')
    except tomllib.TOMLDecodeError as error:
        detail = str(error)  # the parser's own words, e.g. "Unterminated string (at line 2...)"
    path = raw / "campaign.toml"
    code, message = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert "(at line 2, column 8)" in detail
    assert message == (f"Lỗi: {path} sai cú pháp ở dòng 2, cột 8: hãy xem lại dòng đó (dấu "
                       "ngoặc kép mở mà chưa đóng, thiếu dấu =, hay chữ viết ngoài ngoặc kép là "
                       f"lỗi thường gặp) ({path} is not valid TOML: {detail})\n")


@pytest.mark.parametrize(("change", "vietnamese", "english"), [
    ('id = "c"\ntarget = "cao"', "target phải là một tỷ lệ như 0.95 (hoặc \"95%\"), không "
     "phải 'cao'", "target must be a fraction such as 0.95 (or \"95%\"), got 'cao'"),
    ('id = "c"\ntarget = 1.5', "target phải là một tỷ lệ trong khoảng 0 đến 1, không phải 1.5",
     "target must be a fraction between 0 and 1, got 1.5"),
    ('id = "c"\nlang = "fr"', "lang phải là 'vi' hoặc 'en', không phải 'fr'",
     "lang must be 'vi' or 'en', got 'fr'"),
])
def test_a_bad_setting(tmp_path, capsys, change, vietnamese, english):
    raw = campaign_folder(tmp_path, MINIMAL.replace('id = "c"', change))
    path = raw / "campaign.toml"
    code, message = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert message == f"Lỗi: {path}: {vietnamese} ({path}: {english})\n"


def test_an_unknown_sources_phase(tmp_path, capsys):
    raw = campaign_folder(tmp_path, MINIMAL + '\n[[sources]]\nglob = "gd2/*"\nphase = "2"\n')
    path = raw / "campaign.toml"
    code, message = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert message == (f"Lỗi: {path}: [[sources]] glob 'gd2/*' ghi giai đoạn '2', không có "
                       f"trong [[phases]] (1) ({path}: [[sources]] glob 'gd2/*' names phase "
                       "'2', which is not one of the [[phases]] (1))\n")


def test_no_spreadsheet_in_a_vietnamese_campaign(tmp_path, capsys):
    raw = campaign_folder(tmp_path)
    (raw / "ghi-chu.txt").write_text("Các phường nộp báo cáo trước 30/9.", encoding="utf-8")
    code, error = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    # Every format read, and the files that are there (QA round 46: a folder of one .fods).
    assert error == (f"Lỗi: Không có bảng tính nào trong {raw} (định dạng đọc được: .xlsx "
                     ".xls .ods .csv .xlsm .xlsb .xltx .xltm .tsv .txt .xml .htm .html); các "
                     "tệp có ở đó: ghi-chu.txt\n")


def test_no_spreadsheet_in_an_english_campaign(tmp_path, capsys):
    raw = campaign_folder(tmp_path, MINIMAL.replace('id = "c"', 'id = "c"\nlang = "en"'))
    code, error = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert error == (f"Error: No spreadsheet in {raw} (supported: .xlsx .xls .ods .csv .xlsm "
                     ".xlsb .xltx .xltm .tsv .txt .xml .htm .html)\n")


def test_nothing_readable(tmp_path, capsys):
    raw = campaign_folder(tmp_path)
    for name in ("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"):
        (raw / name).write_bytes(b"")  # empty files: no spreadsheet can be read
    code, error = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert error.startswith(f"Lỗi: Không đọc được tệp nào trong {raw}: có 4 tệp bảng tính, "
                            "không tệp nào đọc được (a.xlsx: ")
    # The first three files are named with why (rejects.csv's reason), the others counted.
    assert "b.xlsx: " in error and "c.xlsx: " in error and "d.xlsx" not in error
    assert error.endswith("; và 1 tệp khác)\n")


def test_output_inside_the_raw_folder(tmp_path, capsys):
    raw = campaign_folder(tmp_path)
    out = raw / "out"
    code, error = run(raw, out, capsys)
    assert code == cli.EXIT_FATAL
    assert error == (f"Lỗi: Thư mục kết quả {out.resolve()} nằm trong thư mục dữ liệu gốc "
                     f"{raw}; không bao giờ ghi vào dữ liệu gốc, hãy chọn --out khác (the "
                     f"output folder {out.resolve()} is inside the raw folder {raw}; raw data "
                     "is never written, choose another --out)\n")


def test_sheets_without_a_known_header_are_named_not_called_empty(tmp_path, capsys):
    # The sheet has text, but no column the loader knows: "every table is empty" was wrong.
    from tests.unit.builders import Sheet, write_xlsx

    raw = campaign_folder(tmp_path)
    write_xlsx(raw / "a.xlsx", Sheet("S", [["Danh sách"], ["Tên người", "Ghi chú chung"],
                                           ["An", "ok"]]))
    code, error = run(raw, tmp_path / "out", capsys)
    assert code == cli.EXIT_FATAL
    assert error.splitlines()[-1] == (
        f"Lỗi: Không tìm thấy bảng điểm danh nào trong {raw}: 1 trang tính có nội dung nhưng "
        "không có dòng tiêu đề cột nào đọc được: cần một cột số liệu (Tổng số, Có mặt, Vắng…) "
        "hoặc một cột điểm danh (x, v, P, KP…), và cột tên đơn vị (Đơn vị, Phường, Xã…) nếu "
        "bảng kê nhiều đơn vị (a.xlsx › S); xem README, mục các tên cột được nhận ra")


# A run replaces its whole output folder (QA round 30): `--out data/raw` deleted every
# campaign's spreadsheets, `--out notes` the analyst's notes, and an --out inside another
# campaign's folder put CSVs there that its next run read as ward reports.

def test_output_folder_holding_the_raw_folder_is_refused_and_nothing_deleted(tmp_path, capsys):
    raw = campaign_folder(tmp_path)
    (raw / "bo-de.csv").write_text("Phường,Tổng số đảng viên,Có mặt\nBồ Đề,10,9\n",
                                   encoding="utf-8")
    out = tmp_path / "raw"
    code = cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"])
    error = capsys.readouterr().err
    assert code == cli.EXIT_FATAL
    assert error == (f"Lỗi: Thư mục kết quả {out.resolve()} chứa thư mục dữ liệu gốc {raw}: "
                     "mỗi lần chạy thay cả thư mục kết quả, nên dữ liệu gốc sẽ bị xoá; hãy chọn "
                     f"--out khác (the output folder {out.resolve()} holds the raw folder "
                     f"{raw}: a run replaces its whole output folder, which would delete the "
                     "raw data; choose another --out)\n")
    assert sorted(path.name for path in raw.iterdir()) == ["bo-de.csv", "campaign.toml"]
    assert sorted(path.name for path in out.iterdir()) == ["c"]


def test_output_inside_another_campaigns_folder_is_refused(tmp_path, capsys):
    raw = campaign_folder(tmp_path)
    other = tmp_path / "raw" / "other"
    other.mkdir()
    (other / "campaign.toml").write_text(MINIMAL.replace('"c"', '"other"'), encoding="utf-8")
    out = other / "out"
    code, error = run(raw, out, capsys)
    assert code == cli.EXIT_FATAL
    assert error.startswith(f"Lỗi: Thư mục kết quả {out.resolve()} nằm trong thư mục đợt học "
                            f"tập {other.resolve()} (có campaign.toml): lần chạy sau của đợt đó "
                            "sẽ đọc các tệp kết quả như báo cáo")
    assert sorted(path.name for path in other.iterdir()) == ["campaign.toml"]


@pytest.mark.parametrize("kind", ["folder of notes", "file"])
def test_output_folder_that_is_no_earlier_runs_output_is_refused(tmp_path, capsys, kind):
    raw = campaign_folder(tmp_path)
    out = tmp_path / "notes"
    if kind == "file":
        out.write_text("ghi chú", encoding="utf-8")
    else:
        out.mkdir()
        (out / "important.txt").write_text("ghi chú", encoding="utf-8")
    code = cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"])
    error = capsys.readouterr().err
    assert code == cli.EXIT_FATAL
    # A file is said to be one (QA round 95 #6: it was "a folder holding other files").
    assert error.startswith(f"Lỗi: --out {out.resolve()} là một tệp, không phải thư mục"
                            if kind == "file" else
                            f"Lỗi: Thư mục kết quả {out.resolve()} đã có các tệp khác, không "
                            "phải kết quả của một lần chạy trước")
    assert (out if kind == "file" else out / "important.txt").read_text(
        encoding="utf-8") == "ghi chú"


@pytest.mark.parametrize("deleted", ["manifest.json", "attendance.parquet"])
def test_an_earlier_runs_output_with_one_file_deleted_is_still_its_output(tmp_path, capsys,
                                                                          deleted):
    # QA round 81 #2: with manifest.json (or attendance.parquet) deleted by hand, every later
    # run was refused, --force too, until the whole folder was deleted with the notes in it.
    raw = campaign_folder(tmp_path)
    (raw / "bo-de.csv").write_text("Phường,Tổng số,Có mặt\nBồ Đề,10,9\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    (out / "ghi-chu.txt").write_text("ghi chú", encoding="utf-8")
    (out / deleted).unlink()
    capsys.readouterr()
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    assert (out / deleted).is_file()
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "ghi chú"


def test_the_clis_list_of_a_runs_files_is_the_pipelines():
    from analysis.pipeline import DATA_OUTPUTS

    assert sorted(cli._RUN_OUTPUT_FILES) == sorted(["manifest.json", *DATA_OUTPUTS])

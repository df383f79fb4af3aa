"""The terminal's summary after a run speaks the campaign's language (campaign.toml `lang`).

One real xlsx through `python -m analysis run` (in-process), three wards expected in phase 1:
  sheet "S":  Bồ Đề     40 | 38   accepted
              Ngọc Lâm  50 | 55   rejected (attended > expected): its only row
  sheet "Ghi chú": a note, no table -> named as skipped
  Đức Giang sends nothing -> not reported.
Rows read 2 = 1 accepted + 1 rejected; 1 of 3 units reported; rate 38/40 = 95%.
"""

from __future__ import annotations

import zipfile

import pytest

from analysis import cli
from tests.unit.builders import Sheet, write_campaign, write_ods, write_xlsx

UNITS = [{"name": name, "kind": "ward"} for name in ("Bồ Đề", "Ngọc Lâm", "Đức Giang")]


def run(tmp_path, capsys, lang: str) -> tuple[list[str], str]:
    raw = tmp_path / "raw" / "t"
    config = write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    config.write_text(config.read_text(encoding="utf-8").replace(
        'id = "t"', f'id = "t"\nlang = "{lang}"'), encoding="utf-8")
    write_xlsx(raw / "gd1/a.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"],
                           ["Bồ Đề", 40, 38], ["Ngọc Lâm", 50, 55]]),
               Sheet("Ghi chú", [["Báo cáo gửi chậm do mất điện."]]))
    out = tmp_path / "out"
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    return capsys.readouterr().out.splitlines(), str(out)


def rerun(tmp_path, capsys) -> list[str]:
    """The campaign `run` made, run again into the same folder: what the terminal said."""
    assert cli.main(["run", str(tmp_path / "raw" / "t"), "--out", str(tmp_path / "out"),
                     "--no-notebooks"]) == cli.EXIT_OK
    return capsys.readouterr().out.splitlines()


def test_a_vietnamese_campaign_is_summarised_in_vietnamese(tmp_path, capsys):
    lines, out = run(tmp_path, capsys, "vi")
    assert lines[0] == "Đợt t: 1 tệp, 2 dòng đã đọc = 1 nhận + 1 loại"
    assert lines[1] == (f"  Chưa báo cáo, Giai đoạn 1 (1/3 đơn vị đã báo cáo): Đức Giang "
                        f"({out}/completeness.csv)")
    assert lines[2] == (f"  Đã nhận báo cáo nhưng bị loại (cả tệp hoặc mọi dòng), chưa tính, "
                        f"Giai đoạn 1: Ngọc Lâm ({out}/rejects.csv)")
    assert f"  Dòng và tệp bị loại, kèm lý do: {out}/rejects.csv" in lines
    # Đức Giang missing and Ngọc Lâm's report refused: two flags to fix, every kind counted.
    # In follow_up.xlsx's words ("Cần xử lý"), which also lists the rejected rows.
    assert lines[3] == (f"  2 cảnh báo chất lượng (2 cần xử lý, 0 cần kiểm tra, 0 để biết): "
                        f"{out}/quality_flags.csv; danh sách gửi lại từng đơn vị, kèm các dòng "
                        f"bị loại: {out}/follow_up.xlsx")
    assert "  Trang tính bỏ qua vì không có bảng điểm danh: gd1/a.xlsx › Ghi chú" in lines
    assert lines[-2:] == [f"Kết quả: {out}", f"  Biểu đồ: {out}/figures"]
    assert not any("rows read" in line or "Outputs" in line for line in lines)


def test_an_english_campaign_is_summarised_in_english(tmp_path, capsys):
    lines, out = run(tmp_path, capsys, "en")
    assert lines[0] == "Campaign t: 1 files, 2 rows read = 1 accepted + 1 rejected"
    assert lines[1] == (f"  Not reported, Giai đoạn 1 (1 of 3 units reported): Đức Giang "
                        f"({out}/completeness.csv)")
    assert "  Sheets skipped, no attendance table: gd1/a.xlsx › Ghi chú" in lines
    assert lines[-2:] == [f"Outputs: {out}", f"  Charts: {out}/figures"]


def test_a_second_run_with_nothing_changed_says_so_in_the_campaigns_language(tmp_path,
                                                                             capsys):
    lines, _ = run(tmp_path, capsys, "vi")
    out = tmp_path / "out"
    said = rerun(tmp_path, capsys)
    assert said[0] == ("Không có gì thay đổi kể từ lần chạy trước của t: cùng các tệp, thiết "
                       f"lập và phiên bản. Kết quả vẫn đúng, ở {out} (--force để chạy lại).")
    # Then all the last run said, Đức Giang not reported and Ngọc Lâm's row rejected
    # included (QA round 45: only the headline, the wards to chase unsaid).
    assert said[1:] == lines
    # Into a copy of the folder, the copy's paths.
    (tmp_path / "out").rename(tmp_path / "moved")
    assert cli.main(["run", str(tmp_path / "raw" / "t"), "--out", str(tmp_path / "moved"),
                     "--no-notebooks"]) == cli.EXIT_OK
    moved = capsys.readouterr().out.splitlines()
    assert moved[1:] == [line.replace(str(out), str(tmp_path / "moved")) for line in lines]


def test_an_excel_lock_file_or_system_file_appearing_changes_nothing(tmp_path, capsys):
    # QA round 36: "~$a.xlsx" (a report open in Excel) or a "desktop.ini" made the next run
    # redo everything, saying no change: for a city twenty seconds instead of half of one.
    # A file that may be a report (a .pdf) still makes it run again.
    run(tmp_path, capsys, "vi")
    raw = tmp_path / "raw" / "t"
    (raw / "gd1/~$a.xlsx").write_bytes(b"lock")
    (raw / "desktop.ini").write_bytes(b"[.ShellClassInfo]")
    assert rerun(tmp_path, capsys)[0].startswith("Không có gì thay đổi")
    (raw / "gd1/cong-van.pdf").write_bytes(b"%PDF")
    assert not rerun(tmp_path, capsys)[0].startswith("Không có gì thay đổi")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_run_after_changes_names_them_first(tmp_path, capsys, lang):
    # QA round 33: a re-run after a file was corrected, one removed, one added and
    # campaign.toml edited printed the same lines as any run, naming nothing that changed.
    run(tmp_path, capsys, lang)
    raw = tmp_path / "raw" / "t"
    write_xlsx(raw / "gd1/a.xlsx", Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"],
                                               ["Bồ Đề", 40, 39]]))
    write_xlsx(raw / "gd1/b.xlsx", Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"],
                                               ["Đức Giang", 30, 29]]))
    said = rerun(tmp_path, capsys)
    assert said[0] == {"vi": "Thay đổi từ lần chạy trước: tệp mới gd1/b.xlsx; tệp đã sửa "
                             "gd1/a.xlsx",
                       "en": "Changed since the last run: new gd1/b.xlsx; changed "
                             "gd1/a.xlsx"}[lang]
    # QA round 81 #4: and, last, what that changed. Before: Bồ Đề 38/40 (Ngọc Lâm's 55 of 50
    # rejected); now Bồ Đề 39/40 and Đức Giang 29/30, the phase 68/70 = 97,1%.
    assert said[-1] == {
        "vi": "  Số liệu thay đổi so với lần chạy trước: Giai đoạn 1: 95,0% (38/40) → 97,1% "
              "(68/70); Bồ Đề, Giai đoạn 1: 95,0% (38/40) → 97,5% (39/40); Đức Giang, Giai "
              "đoạn 1: – → 96,7% (29/30)",
        "en": "  Figures changed since the last run: Giai đoạn 1: 95.0% (38/40) → 97.1% "
              "(68/70); Bồ Đề, Giai đoạn 1: 95.0% (38/40) → 97.5% (39/40); Đức Giang, Giai "
              "đoạn 1: – → 96.7% (29/30)"}[lang]
    (raw / "gd1/b.xlsx").unlink()
    config = raw / "campaign.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    said = rerun(tmp_path, capsys)
    assert said[0] == {"vi": "Thay đổi từ lần chạy trước: tệp không còn gd1/b.xlsx; "
                             "campaign.toml đã sửa",
                       "en": "Changed since the last run: gone gd1/b.xlsx; campaign.toml "
                             "edited"}[lang]
    assert said[-1].startswith({"vi": "  Số liệu thay đổi so với lần chạy trước: Giai đoạn 1: "
                                      "97,1% (68/70) → 97,5% (39/40); Đức Giang",
                                "en": "  Figures changed since the last run: Giai đoạn 1: "
                                      "97.1% (68/70) → 97.5% (39/40); Đức Giang"}[lang])
    # A file sent again unchanged in its figures: said so.
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rerun(tmp_path, capsys)[-1] == {
        "vi": "  Số liệu không đổi so với lần chạy trước",
        "en": "  The figures are those of the last run"}[lang]
    # QA round 82 #5: the last run's table edited by hand, or deleted, and a figure changed:
    # still compared, with the counts the last run kept in its manifest.
    (tmp_path / "out" / "participation_by_ward_phase.csv").write_text(
        "phase,ward,rate\n1,Bồ Đề,x\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rerun(tmp_path, capsys)[-1] == {
        "vi": "  Số liệu không đổi so với lần chạy trước",
        "en": "  The figures are those of the last run"}[lang]
    (tmp_path / "out" / "participation_by_ward_phase.csv").unlink()
    write_xlsx(raw / "gd1/a.xlsx", Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"],
                                               ["Bồ Đề", 40, 40]]))
    assert rerun(tmp_path, capsys)[-1] == {
        "vi": "  Số liệu thay đổi so với lần chạy trước: Giai đoạn 1: 97,5% (39/40) → 100,0% "
              "(40/40); Bồ Đề, Giai đoạn 1: 97,5% (39/40) → 100,0% (40/40)",
        "en": "  Figures changed since the last run: Giai đoạn 1: 97.5% (39/40) → 100.0% "
              "(40/40); Bồ Đề, Giai đoạn 1: 97.5% (39/40) → 100.0% (40/40)"}[lang]
    # A manifest kept by a suite that did not keep the counts: no comparison; the run goes on.
    manifest = tmp_path / "out" / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"figures"', '"old"'),
                        encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rerun(tmp_path, capsys)[-1].startswith({"vi": "  Biểu đồ:", "en": "  Charts:"}[lang])


def test_a_second_run_with_a_chart_deleted_draws_it_again(tmp_path, capsys):
    # QA round 11: with report.html or figures/ deleted, the next run said "nothing changed"
    # and left them missing. A data file deleted was already noticed; a chart is too now.
    run(tmp_path, capsys, "vi")
    out = tmp_path / "out"
    chart = next((out / "figures").glob("*.png"))
    chart.unlink()
    said = rerun(tmp_path, capsys)
    # QA round 81 #4: the run that follows says why it runs.
    assert said[0] == ("Thay đổi từ lần chạy trước: tệp kết quả đã bị xoá hoặc sửa: "
                       f"figures/{chart.name}")
    assert chart.is_file()
    (out / "rejects.csv").write_text("", encoding="utf-8")
    assert rerun(tmp_path, capsys)[0] == (
        "Thay đổi từ lần chạy trước: tệp kết quả đã bị xoá hoặc sửa: rejects.csv")
    # Nothing else changed, the run's options did: the one that did is named (QA round 95
    # #6: both were, whichever changed).
    assert cli.main(["run", str(tmp_path / "raw" / "t"), "--out", str(out), "--no-notebooks",
                     "--names"]) == cli.EXIT_OK
    assert capsys.readouterr().out.splitlines()[0] == (
        "Thay đổi từ lần chạy trước: chạy với tuỳ chọn khác lần trước (--names)")


@pytest.mark.parametrize("key", sorted(cli.WORDS["vi"]))
def test_both_languages_have_every_message_with_the_same_blanks(key):
    import string

    def blanks(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert set(cli.WORDS["vi"]) == set(cli.WORDS["en"])
    assert blanks(cli.WORDS["vi"][key]) == blanks(cli.WORDS["en"][key])


def test_a_filled_in_templates_instructions_sheet_is_not_listed_as_skipped(tmp_path, capsys):
    from analysis.scaffold import INSTRUCTIONS_SHEET

    raw = tmp_path / "raw" / "t"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(raw / "gd1/a.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 40, 38]]),
               Sheet(INSTRUCTIONS_SHEET, [["Điền số liệu vào trang đầu, mỗi dòng một lớp."]]),
               Sheet("Ghi chú", [["Báo cáo gửi chậm do mất điện."]]))
    assert cli.main(["run", str(raw), "--out", str(tmp_path / "out"), "--no-notebooks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "  Trang tính bỏ qua vì không có bảng điểm danh: gd1/a.xlsx › Ghi chú" in lines


def test_the_templates_left_in_the_folder_are_listed_as_blank_forms(tmp_path, capsys):
    # QA round 84 #7: `new`'s two templates beside the wards' reports: "3 tệp", and nothing
    # said of two of them, where README promises them listed as blank forms.
    from analysis.scaffold import new_campaign

    folder = new_campaign("t", tmp_path, units="2015").folder
    write_xlsx(folder / "bo-de.xlsx", Sheet("S", [
        ["Đơn vị", "Giai đoạn", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", "Giai đoạn 1", 40, 38]]))
    templates = sorted(path.name for path in folder.glob("*.xlsx") if path.name != "bo-de.xlsx")
    assert len(templates) == 2
    assert cli.main(["run", str(folder), "--out", str(tmp_path / "out"), "--no-notebooks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = [line for line in lines if line.startswith("  Biểu mẫu chưa điền, bỏ qua: ")]
    assert len(listed) == 1
    assert all(name in listed[0] for name in templates)
    assert "bo-de.xlsx" not in listed[0]


def test_a_run_whose_every_row_is_rejected_still_writes_its_rejects(tmp_path, capsys):
    # 130 present of 120 members: rejected; nothing to chart, but rejects.csv says why.
    raw = tmp_path / "raw" / "t"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(raw / "gd1/a.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 120, 130]]))
    out = tmp_path / "out"
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    assert "số có mặt lớn hơn số phải học" in (out / "rejects.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "not_reported", "rejected"), [
    # "hong.xlsx" names no unit: Đức Giang's and Ngọc Lâm's reports may be the damaged file.
    ("hong.xlsx", "Đức Giang, Ngọc Lâm ({out}/completeness.csv); 1 tệp không đọc được có thể "
     "là báo cáo của đơn vị chưa có tên ở trên (xem rejects.csv)", None),
    # QA round 36: a 0-byte "duc-giang.xlsx" is Đức Giang's, named on its own "rejected" line;
    # the not-reported line still said an unreadable file may be another unit's report.
    ("duc-giang.xlsx", "Ngọc Lâm ({out}/completeness.csv)", "Đức Giang"),
])
def test_an_unreadable_file_is_said_to_maybe_be_a_report_unless_its_name_gives_its_unit(
        tmp_path, capsys, name, not_reported, rejected):
    raw = tmp_path / "raw" / "t"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(raw / "gd1/a.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 40, 38]]))
    (raw / "gd1" / name).write_bytes(b"PK\x03\x04 not a whole workbook")
    out = tmp_path / "out"
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == ("  Chưa báo cáo, Giai đoạn 1 (1/3 đơn vị đã báo cáo): "
                        + not_reported.format(out=out))
    assert any(line.startswith("  Đã nhận báo cáo nhưng bị loại (cả tệp hoặc mọi dòng), "
                               f"chưa tính, Giai đoạn 1: {rejected}")
               for line in lines) == bool(rejected)


def test_a_unit_counted_in_part_is_named_on_the_terminal(tmp_path, capsys):
    # QA round 38: a unit with one class sent twice with different figures is counted
    # without it (status partly_held_out); the run said nothing of it. By hand: Bồ Đề's Lớp 1
    # 40/38 counted; its Lớp 2 as 30/29 and 30/27 held out.
    raw = tmp_path / "raw" / "t"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    header = ["Phường", "Lớp", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(raw / "gd1/a.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp 1", 40, 38],
                                               ["Bồ Đề", "Lớp 2", 30, 29]]))
    write_xlsx(raw / "gd1/b.xlsx", Sheet("S", [header, ["Bồ Đề", "Lớp 2", 30, 27]]))
    out = tmp_path / "out"
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert (f"  Tính một phần (một phần gửi hai lần với số liệu khác nhau, chưa tính), Giai "
            f"đoạn 1: Bồ Đề ({out}/held_out.csv)") in lines


def test_a_report_zipped_or_sent_as_a_pdf_is_named_and_junk_is_not(tmp_path, capsys):
    # Đức Giang's report arrived zipped (explore10 f19): the summary only said "not
    # reported". A .zip or a .pdf may hold a report; README.txt and Thumbs.db do not.
    raw = tmp_path / "raw" / "t"
    for name in ("duc-giang.zip", "cong-van.pdf", "README.txt", "Thumbs.db"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_bytes(b"not a spreadsheet")
    lines, _ = run(tmp_path, capsys, "vi")
    assert ("  Tệp không phải bảng tính hoặc bảng tính dạng chưa đọc được (.fods, .numbers…), "
            "không đọc (nếu là báo cáo của đơn vị, hãy giải nén hoặc xin gửi lại dạng .xlsx): "
            "cong-van.pdf, duc-giang.zip") in lines
    assert not any("README.txt" in line or "Thumbs.db" in line for line in lines)


def test_a_zip_of_reports_is_named_with_the_spreadsheets_it_holds(tmp_path, capsys):
    # QA round 89 #5: "bao-cao-2-phuong.zip" held the reports of the two wards the run then
    # said had sent nothing readable, without a word of what it held. Its directory is read
    # (nothing unpacked): its spreadsheets are named, not its other files.
    raw = tmp_path / "raw" / "t"
    raw.mkdir(parents=True)
    with zipfile.ZipFile(raw / "bao-cao-2-phuong.zip", "w") as archive:
        archive.writestr("gd2/kim-ngoc-gd2.xlsx", b"x")
        archive.writestr("bac-son-gd2.csv", b"x")
        archive.writestr("thu.docx", b"x")
    lines, _ = run(tmp_path, capsys, "vi")
    assert any(line.endswith("bao-cao-2-phuong.zip (chứa kim-ngoc-gd2.xlsx, bac-son-gd2.csv)")
               for line in lines)


def test_a_folder_with_its_own_campaign_toml_is_another_campaign_not_read(tmp_path, capsys):
    # QA round 36: a 2015 campaign copied into the 2020 one ("2015-cu/" with its campaign.toml
    # and gd1/, gd2/) was read as 2020's: its Đức Giang 30/25 gave phase 1 a ward that
    # sent nothing this time. Only this campaign's a.xlsx is read: 1 file, 2 rows.
    raw = tmp_path / "raw" / "t"
    old = raw / "2015-cu"
    write_campaign(old, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    write_xlsx(old / "gd1/duc-giang.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"], ["Đức Giang", 30, 25]]))
    lines, _ = run(tmp_path, capsys, "vi")
    assert lines[0] == "Đợt t: 1 tệp, 2 dòng đã đọc = 1 nhận + 1 loại"
    assert ("  Thư mục có campaign.toml riêng, là một đợt khác, không đọc (nếu là báo cáo của "
            "đợt này, hãy chuyển tệp ra ngoài và xóa campaign.toml của nó): 2015-cu/") in lines
    assert "Đức Giang" in lines[1]  # still not reported in this campaign


def test_a_sources_rule_that_matches_no_file_is_named(tmp_path, capsys):
    # QA round 36: a glob that matched nothing left its files' rows "không rõ giai đoạn"
    # and nothing said which rule was at fault.
    raw = tmp_path / "raw" / "t"
    config = write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    config.write_text(config.read_text(encoding="utf-8")
                      + '\n[[sources]]\nglob = "thang-9/*"\nphase = "1"\n', encoding="utf-8")
    write_xlsx(raw / "gd1/a.xlsx",
               Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 40, 38]]))
    assert cli.main(["run", str(raw), "--out", str(tmp_path / "out"), "--no-notebooks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert ("  Quy tắc [[sources]] trong campaign.toml không khớp tệp nào (kiểm tra tên thư "
            "mục, tên tệp): 'thang-9/*'") in lines
    assert not any("'gd1/*'" in line for line in lines)


def test_a_rerun_keeps_the_analysts_own_files_in_the_output_folder(tmp_path, capsys):
    # QA round 30: a run replaces its output folder whole; a note the analyst saved beside
    # the outputs was deleted by the next run. An earlier run's folder is written again.
    _, out = run(tmp_path, capsys, "vi")
    notes = tmp_path / "out" / "ghi-chu-gui-quan.txt"
    notes.write_text("Đã gọi Đức Giang ngày 12/9", encoding="utf-8")
    raw = tmp_path / "raw" / "t"
    assert cli.main(["run", str(raw), "--out", out, "--no-notebooks", "--force"]) == cli.EXIT_OK
    assert notes.read_text(encoding="utf-8") == "Đã gọi Đức Giang ngày 12/9"
    assert (tmp_path / "out" / "participation_by_ward_phase.csv").is_file()


def test_a_correction_beside_its_original_is_named_with_the_way_out(tmp_path, capsys):
    # QA round 43 #5: "diem-danh (sửa).xlsx" beside "diem-danh.xlsx", Bồ Đề 40/38 against
    # 40/39: both held out, and nothing told the analyst the simple fix.
    raw = tmp_path / "raw" / "t"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(raw / "gd1/diem-danh.xlsx", Sheet("S", [header, ["Bồ Đề", 40, 38]]))
    write_xlsx(raw / "gd1/diem-danh (sửa).xlsx", Sheet("S", [header, ["Bồ Đề", 40, 39]]))
    assert cli.main(["run", str(raw), "--out", str(tmp_path / "out"),
                     "--no-notebooks"]) == cli.EXIT_OK
    lines = capsys.readouterr().out.splitlines()

    assert "  gd1/diem-danh (sửa).xlsx có vẻ là bản sửa của gd1/diem-danh.xlsx: nếu đúng, hãy " \
           "chuyển gd1/diem-danh.xlsx ra khỏi thư mục dữ liệu rồi chạy lại" in lines


def test_a_report_sent_again_under_its_name_in_another_format_is_named_by_its_date(
        tmp_path, capsys):
    # QA round 83 #4: Bình Lạc's .xls, dated 14/11, sent again as .xlsx dated 17/11 with one
    # figure changed: both held out, and the terminal said nothing of the way out. Here an
    # .ods (a real one) and an .xlsx: Bồ Đề 40/38 on 14/11/2025, then 40/39 on 17/11/2025.
    raw = tmp_path / "raw" / "t"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),), units=UNITS)
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_ods(raw / "gd1/bo-de.ods", [header, ["Bồ Đề", 40, 38], [],
                                      ["Bồ Đề, ngày 14 tháng 11 năm 2025"]])
    write_xlsx(raw / "gd1/bo-de.xlsx", Sheet("S", [header, ["Bồ Đề", 40, 39], [],
                                                   ["Bồ Đề, ngày 17 tháng 11 năm 2025"]]))
    assert cli.main(["run", str(raw), "--out", str(tmp_path / "out"),
                     "--no-notebooks"]) == cli.EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert "  gd1/bo-de.xlsx có vẻ là bản sửa của gd1/bo-de.ods: nếu đúng, hãy chuyển " \
           "gd1/bo-de.ods ra khỏi thư mục dữ liệu rồi chạy lại" in lines
    # Undated, or dated alike, the names alone tell nothing: no hint.
    write_xlsx(raw / "gd1/bo-de.xlsx", Sheet("S", [header, ["Bồ Đề", 40, 39], [],
                                                   ["Bồ Đề, ngày 14 tháng 11 năm 2025"]]))
    assert cli.main(["run", str(raw), "--out", str(tmp_path / "out"),
                     "--no-notebooks"]) == cli.EXIT_OK
    assert not any("có vẻ là bản sửa" in line for line in capsys.readouterr().out.splitlines())


def test_units_not_reported_come_first_whatever_their_phase(tmp_path, capsys):
    """QA round 63 #7: Ngọc Lâm missing in phase 2 was named fourth, after phase 1's other
    lines (a row rejected); the README promises the units not reported right under the first
    line."""
    raw = tmp_path / "raw" / "t"
    write_campaign(raw, units=UNITS[:2],
                   sources=({"glob": "gd1/*", "phase": "1"}, {"glob": "gd2/*", "phase": "2"}))
    header = ["Phường", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(raw / "gd1/a.xlsx", Sheet("S", [header, ["Bồ Đề", 40, 38], ["Ngọc Lâm", 50, 47],
                                               ["Ngọc Lâm", 10, 12]]))
    write_xlsx(raw / "gd2/b.xlsx", Sheet("S", [header, ["Bồ Đề", 40, 39]]))
    out = tmp_path / "out"
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("  Chưa báo cáo, Giai đoạn 2 (1/2 đơn vị đã báo cáo): Ngọc Lâm")
    assert lines[2].startswith("  Tính một phần")


def test_a_reruns_phase_figure_is_the_headlines_and_never_rounded_onto_the_target(tmp_path,
                                                                                  capsys):
    # QA round 82 #2: "Giai đoạn 1: 94,9% (3.060/3.224) → 95,0% (3.062/3.224)", 94,975%
    # printed as the target met, and pooled with the district's class where the headline
    # pools the wards alone. Bồ Đề 1.898/2.000 = 94,9%, then 1.899/2.000 = 94,95%; the
    # district's class 50/50 is not in the phase's figure.
    raw = tmp_path / "raw" / "t"
    write_campaign(raw, phases=(("1", "Giai đoạn 1"),),
                   units=[{"name": "Bồ Đề", "kind": "ward"},
                          {"name": "Lớp cấp quận", "kind": "district"}])
    header = ["Đơn vị", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(raw / "gd1/a.xlsx", Sheet("S", [header, ["Bồ Đề", 2000, 1898],
                                               ["Lớp cấp quận", 50, 50]]))
    out = tmp_path / "out"
    assert cli.main(["run", str(raw), "--out", str(out), "--no-notebooks"]) == cli.EXIT_OK
    write_xlsx(raw / "gd1/a.xlsx", Sheet("S", [header, ["Bồ Đề", 2000, 1899],
                                               ["Lớp cấp quận", 50, 50]]))
    capsys.readouterr()
    assert rerun(tmp_path, capsys)[-1] == (
        "  Số liệu thay đổi so với lần chạy trước: Giai đoạn 1 (đơn vị cơ sở): 94,9% "
        "(1.898/2.000) → 94,95% (1.899/2.000); Bồ Đề, Giai đoạn 1: 94,9% (1.898/2.000) → "
        "94,95% (1.899/2.000)")


def test_an_output_folder_a_run_cannot_use_is_refused_before_the_run(tmp_path, capsys):
    """QA round 95: another campaign's output folder named by --out was replaced without a
    word (#4); a folder that cannot be written ended the run in a traceback after its parse
    (#1); --out naming a file was "a folder holding other files". Each is one sentence and
    exit 2, and nothing is written."""
    _, out = run(tmp_path, capsys, "vi")
    other = tmp_path / "raw" / "other"
    write_campaign(other, phases=(("1", "Giai đoạn 1"),), units=UNITS, campaign_id="other")
    write_xlsx(other / "gd1/a.xlsx", Sheet("S", [["Phường", "Tổng số đảng viên", "Có mặt"],
                                                 ["Bồ Đề", 10, 9]]))
    before = (tmp_path / "out" / "manifest.json").read_bytes()

    assert cli.main(["run", str(other), "--out", out, "--no-notebooks"]) == cli.EXIT_FATAL
    assert capsys.readouterr().err.startswith(
        f"Lỗi: Thư mục kết quả {out} đang giữ kết quả của đợt 't', không phải đợt 'other': "
        "chạy vào đó sẽ xoá chúng; hãy chọn --out khác")
    assert (tmp_path / "out" / "manifest.json").read_bytes() == before

    a_file = tmp_path / "ghi-chu.txt"
    a_file.write_text("x", encoding="utf-8")
    assert cli.main(["run", str(other), "--out", str(a_file), "--no-notebooks"]) \
        == cli.EXIT_FATAL
    assert capsys.readouterr().err.startswith(f"Lỗi: --out {a_file} là một tệp, không phải "
                                              "thư mục")
    # A folder under that file cannot be made: it cannot be written.
    assert cli.main(["run", str(other), "--out", str(a_file / "out"), "--no-notebooks"]) \
        == cli.EXIT_FATAL
    assert capsys.readouterr().err.startswith(
        f"Lỗi: Không ghi được vào thư mục kết quả {a_file / 'out'} (")
    assert a_file.read_text(encoding="utf-8") == "x"

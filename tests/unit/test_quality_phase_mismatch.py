"""A sheet counted in its [[sources]] rule's phase while its title, its name or its file's
name names another phase is counted as the rule says, and the analyst is warned.

QA round 26 (min_folder_vs_title_phase): a ward's phase 1 report, "KẾT QUẢ HỌC TẬP GIAI ĐOẠN
1" in its title, dropped in the folder of phase 2 was counted in phase 2 without a word.
"""

from __future__ import annotations

from builders import Sheet, flag_tuples, write_campaign, write_xlsx

from analysis.pipeline import analyse

SOURCE_RULES = ({"glob": "gd1/*", "phase": "1"}, {"glob": "gd2/*", "phase": "2"})
HEADER = ["STT", "Đơn vị", "Tổng số đảng viên", "Có mặt"]


def summary(title: str | None, *rows: list) -> list[list]:
    return [*([[title]] if title else []), HEADER, *rows]


def titled_report(path, phase: int, unit: str, expected: int, attended: int) -> None:
    """A one-unit report in sheet "Báo cáo" titled "KẾT QUẢ HỌC TẬP GIAI ĐOẠN <phase>"."""
    write_xlsx(path, Sheet("Báo cáo", summary(f"KẾT QUẢ HỌC TẬP GIAI ĐOẠN {phase}",
                                              [1, unit, expected, attended])))


def counted(results) -> list[list]:
    """[phase, unit, expected, attended] of each unit counted, in the table's order."""
    return results.ward_phase[["phase", "ward", "expected", "attended"]].values.tolist()


def flags_of(results, rule: str) -> list[tuple]:
    return flag_tuples(results.quality.flags, rule,
                       ("phase", "ward", "severity", "detail", "source_file", "sheet"))


def test_a_title_naming_phase_1_in_phase_2s_folder_is_counted_in_phase_2_and_flagged(tmp_path):
    write_campaign(tmp_path, sources=SOURCE_RULES)
    titled_report(tmp_path / "gd2/bo-de.xlsx", 1, "Bồ Đề", 50, 47)
    titled_report(tmp_path / "gd2/gia-thuy.xlsx", 2, "Gia Thụy", 40, 39)

    results = analyse(tmp_path)

    # The rule gives the phase (README): both in phase 2, 86/90.
    assert counted(results) == [
        ["2", "Bồ Đề", 50, 47], ["2", "Gia Thụy", 40, 39]]
    assert flags_of(results, "phase_mismatch") == [(
        "2", "Bồ Đề", "warning",
        "tiêu đề trang tính ghi Giai đoạn 1 nhưng quy tắc [[sources]] 'gd2/*' của "
        "campaign.toml cho tệp Giai đoạn 2: các dòng được tính vào Giai đoạn 2; nếu tệp để "
        "nhầm thư mục (báo cáo giai đoạn khác), hãy chuyển tệp, hoặc sửa tiêu đề trang tính, "
        "rồi chạy lại (the sheet's title names Giai đoạn 1 but the [[sources]] rule 'gd2/*' "
        "gives the file Giai đoạn 2: its rows were counted in Giai đoạn 2; if the file is in "
        "the wrong folder, move it, or correct the sheet's title, and run again)",
        "gd2/bo-de.xlsx", "Báo cáo")]


def test_a_sheet_or_file_name_naming_another_phase_is_flagged_once_per_file(tmp_path):
    write_campaign(tmp_path, sources=SOURCE_RULES)
    # Two sheets named for phase 2 in phase 1's folder: one finding for the file.
    write_xlsx(tmp_path / "gd1/bo-de.xlsx",
               Sheet("GĐ2 lớp 1", summary(None, [1, "Bồ Đề", 30, 29])),
               Sheet("GĐ2 lớp 2", summary(None, [1, "Bồ Đề", 20, 18])))
    write_xlsx(tmp_path / "gd1/gia-thuy-gd2.xlsx", Sheet("S", summary(
        None, [1, "Gia Thụy", 40, 39])))

    results = analyse(tmp_path)

    assert counted(results) == [
        ["1", "Bồ Đề", 50, 47], ["1", "Gia Thụy", 40, 39]]
    found = {(phase, ward, source_file, sheet, detail.split(" ghi ")[0],
              detail.rsplit("; ", 1)[-1] if detail.endswith("sheets)") else "")
             for phase, ward, _, detail, source_file, sheet in flags_of(results,
                                                                        "phase_mismatch")}
    assert found == {
        ("1", "Bồ Đề", "gd1/bo-de.xlsx", None, "tên trang tính", "2 trang tính (2 sheets)"),
        ("1", "Gia Thụy", "gd1/gia-thuy-gd2.xlsx", "S", "tên tệp", "")}


def test_no_flag_when_the_names_agree_with_the_rule_or_name_no_phase(tmp_path):
    write_campaign(tmp_path, sources=SOURCE_RULES)
    write_xlsx(tmp_path / "gd1/bo-de-gd1.xlsx", Sheet("GĐ1", summary(
        "GIAI ĐOẠN 1 (từ 01/9 đến 10/9/2015)", [1, "Bồ Đề", 50, 47])))
    # "GIAI ĐOẠN 1 VÀ 2" names no one phase; "Đợt 2" is a batch of classes.
    write_xlsx(tmp_path / "gd2/gia-thuy.xlsx", Sheet("Đợt 2", summary(
        "TỔNG HỢP GIAI ĐOẠN 1 VÀ 2", [1, "Gia Thụy", 40, 39])))

    results = analyse(tmp_path)

    assert len(results.records) == 2
    assert flags_of(results, "phase_mismatch") == []


def test_a_heading_row_above_the_rows_gives_their_phase_and_no_flag(tmp_path):
    # "GIAI ĐOẠN 1" heads the rows themselves: it gives them their phase before the rule
    # (README), so they are not counted in the rule's phase and nothing is to be warned of.
    write_campaign(tmp_path, sources=SOURCE_RULES)
    write_xlsx(tmp_path / "gd2/bo-de.xlsx", Sheet("S", [
        ["KẾT QUẢ HỌC TẬP GIAI ĐOẠN 1"], HEADER, ["GIAI ĐOẠN 1"], [1, "Bồ Đề", 50, 47]]))

    results = analyse(tmp_path)

    assert counted(results) == [
        ["1", "Bồ Đề", 50, 47]]
    assert flags_of(results, "phase_mismatch") == []


def test_a_workbook_with_a_sheet_per_phase_in_one_phases_folder_keeps_each_sheets_phase(
        tmp_path):
    # QA round 36: gd2/gia-thuy.xlsx holds "GĐ1" (50/47) and "GĐ2" (50/49): both went to
    # phase 2 by the rule and were added, 100/96 for a ward of 50, phase 1 missing. A
    # workbook whose sheets are named for two phases holds each on its sheet: 50/47 in phase
    # 1, 50/49 in phase 2, and nothing to warn of. A single sheet naming another phase still
    # follows the rule, with its warning (above).
    write_campaign(tmp_path, sources=SOURCE_RULES)
    write_xlsx(tmp_path / "gd2/gia-thuy.xlsx",
               Sheet("GĐ1", summary(None, [1, "Gia Thụy", 50, 47])),
               Sheet("GĐ2", summary(None, [1, "Gia Thụy", 50, 49])))

    results = analyse(tmp_path)

    assert counted(results) == [
        ["1", "Gia Thụy", 50, 47], ["2", "Gia Thụy", 50, 49]]
    assert flags_of(results, "phase_mismatch") == []
    assert flags_of(results, "unit_in_sheets") == []


def test_without_a_rule_a_folder_naming_another_phase_than_the_title_is_flagged(tmp_path):
    # QA round 36: no [[sources]]; "Giai doan 1/thach-ban.xlsx" titled "... GIAI ĐOẠN 2" goes
    # to phase 2 by its title (README), without a word of the folder that says phase 1.
    # Now counted the same (60/58 in phase 2) and flagged; a file whose folder and title
    # agree, or whose folder names no phase, is not.
    write_campaign(tmp_path, sources=())
    titled_report(tmp_path / "Giai doan 1/thach-ban.xlsx", 2, "Thạch Bàn", 60, 58)
    titled_report(tmp_path / "Giai doan 1/cu-khoi.xlsx", 1, "Cự Khối", 30, 29)
    titled_report(tmp_path / "nhan-qua-email/gia-thuy.xlsx", 2, "Gia Thụy", 40, 39)

    results = analyse(tmp_path)

    assert counted(results) == [
        ["1", "Cự Khối", 30, 29], ["2", "Gia Thụy", 40, 39], ["2", "Thạch Bàn", 60, 58]]
    found = flags_of(results, "phase_mismatch")
    assert [(phase, ward, severity, source_file, sheet)
            for phase, ward, severity, _, source_file, sheet in found] == [
        ("2", "Thạch Bàn", "warning", "Giai doan 1/thach-ban.xlsx", "Báo cáo")]
    assert found[0][3].startswith("thư mục 'Giai doan 1' ghi Giai đoạn 1 nhưng tiêu đề, tên "
                                  "trang tính hoặc tên tệp ghi Giai đoạn 2: các dòng được tính "
                                  "vào Giai đoạn 2")


PHASE_HEADER = ["STT", "Đơn vị", "Giai đoạn", "Tổng số đảng viên", "Có mặt"]


def test_a_phase_column_naming_one_other_phase_than_the_rule_gives_way_and_is_flagged(
        tmp_path):
    # QA round 40: Ngọc Thụy's phase 1 form (52/50) used again for phase 2 (52/51) in gd2/,
    # its "Giai đoạn" cell left at "Giai đoạn 1": counted in phase 1, both copies were held
    # out, phase 2 chased as not sent. The rule stands, as against a title. A sheet whose
    # column names both phases is a table of phases: its cells stand.
    write_campaign(tmp_path, sources=SOURCE_RULES)
    write_xlsx(tmp_path / "gd1/ngoc-thuy.xlsx", Sheet("S", [
        PHASE_HEADER, [1, "Ngọc Thụy", "Giai đoạn 1", 52, 50]]))
    write_xlsx(tmp_path / "gd2/ngoc-thuy.xlsx", Sheet("S", [
        PHASE_HEADER, [1, "Ngọc Thụy", "Giai đoạn 1", 52, 51]]))
    write_xlsx(tmp_path / "gd2/hai-giai-doan.xlsx", Sheet("S", [
        PHASE_HEADER, [1, "Bồ Đề", "Giai đoạn 1", 40, 38], [2, "Bồ Đề", "Giai đoạn 2", 40, 39]]))

    results = analyse(tmp_path)

    assert counted(results) == [["1", "Bồ Đề", 40, 38], ["1", "Ngọc Thụy", 52, 50],
                                ["2", "Bồ Đề", 40, 39], ["2", "Ngọc Thụy", 52, 51]]
    assert results.held_out.empty
    assert flags_of(results, "phase_mismatch") == [(
        "2", "Ngọc Thụy", "warning",
        "cột Giai đoạn ghi Giai đoạn 1 nhưng quy tắc [[sources]] 'gd2/*' của campaign.toml "
        "cho tệp Giai đoạn 2: các dòng được tính vào Giai đoạn 2; nếu tệp để nhầm thư mục "
        "(báo cáo giai đoạn khác), hãy chuyển tệp, hoặc sửa cột Giai đoạn, rồi chạy lại (the "
        "phase column names Giai đoạn 1 but the [[sources]] rule 'gd2/*' gives the file Giai "
        "đoạn 2: its rows were counted in Giai đoạn 2; if the file is in the wrong folder, "
        "move it, or correct the phase column, and run again)", "gd2/ngoc-thuy.xlsx", "S")]


def test_a_blank_phase_cell_takes_the_rules_phase(tmp_path):
    # QA round 40: refused "thiếu giai đoạn" under the gd2/* rule; the ward was then called
    # rejected in both phases. Without a rule the cell must say: refused, the reason naming
    # what is missing.
    write_campaign(tmp_path, sources=SOURCE_RULES)
    write_xlsx(tmp_path / "gd2/gia-thuy.xlsx", Sheet("S", [
        PHASE_HEADER, [1, "Gia Thụy", None, 74, 70]]))
    write_xlsx(tmp_path / "khac/bo-de.xlsx", Sheet("S", [
        PHASE_HEADER, [1, "Bồ Đề", None, 40, 38]]))

    results = analyse(tmp_path)

    assert counted(results) == [["2", "Gia Thụy", 74, 70]]
    assert results.rejects[["source_file", "source_row", "reason"]].values.tolist() == [[
        "khac/bo-de.xlsx", 2, "thiếu giai đoạn: ô Giai đoạn để trống, và không quy tắc "
        "[[sources]] nào của campaign.toml cho tệp một giai đoạn (no phase in the row)"]]
    assert flags_of(results, "phase_mismatch") == []


def test_a_blank_phase_cell_with_no_rule_takes_the_phase_the_files_name_gives(tmp_path):
    # QA round 84 #1: the template's "Giai đoạn" cell left blank in "bao-cao-kim-loc-gd1.xlsx",
    # no [[sources]] rule: both rows refused, and the ward rejected in both phases. The
    # file's name gives the phase, as it does to a table with no phase column: Bồ Đề 40/38
    # and Cự Khối 30/29 in phase 2. Where the column names another phase, the blank may be
    # that phase typed once: refused as before (Đức Giang's sheet says phase 1 above it).
    write_campaign(tmp_path, sources=())
    write_xlsx(tmp_path / "nhan/bao-cao-gd2.xlsx", Sheet("S", [
        PHASE_HEADER, [1, "Bồ Đề", None, 40, 38], [2, "Cự Khối", "", 30, 29]]))
    write_xlsx(tmp_path / "nhan/bao-cao-duc-giang-gd2.xlsx", Sheet("S", [
        PHASE_HEADER, [1, "Đức Giang", "Giai đoạn 1", 20, 19], [2, "Đức Giang", None, 10, 9]]))

    results = analyse(tmp_path)

    assert counted(results) == [["1", "Đức Giang", 20, 19], ["2", "Bồ Đề", 40, 38],
                                ["2", "Cự Khối", 30, 29]]
    assert results.rejects[["source_file", "source_row"]].values.tolist() == [
        ["nhan/bao-cao-duc-giang-gd2.xlsx", 3]]


def test_a_file_whose_name_and_title_name_another_phase_is_counted_in_that_phase(tmp_path):
    # QA round 43: "bao-cao-hung-dao-gd2.xlsx", titled "... GIAI ĐOẠN 2", dropped in gd1/
    # beside the ward's real phase 1 report: counted in phase 1, both phase 1 copies were
    # held out, phase 1 dated 30 days late from it, and phase 2 chased as not sent. Its own
    # name and its title agree: phase 2's report in the wrong folder. A title alone (Gia
    # Thụy's, a form used again) still gives way to the rule.
    write_campaign(tmp_path, sources=SOURCE_RULES)
    titled_report(tmp_path / "gd1/bo-de.xlsx", 1, "Bồ Đề", 50, 47)
    titled_report(tmp_path / "gd1/bo-de-gd2.xlsx", 2, "Bồ Đề", 50, 49)
    titled_report(tmp_path / "gd1/gia-thuy.xlsx", 2, "Gia Thụy", 40, 39)

    results = analyse(tmp_path)

    assert counted(results) == [["1", "Bồ Đề", 50, 47], ["1", "Gia Thụy", 40, 39],
                                ["2", "Bồ Đề", 50, 49]]
    assert results.held_out.empty
    assert [(phase, ward, source) for phase, ward, _, _, source, _ in flags_of(
        results, "phase_mismatch")] == [("1", "Gia Thụy", "gd1/gia-thuy.xlsx"),
                                        ("2", "Bồ Đề", "gd1/bo-de-gd2.xlsx")]
    moved = [detail for phase, _, _, detail, _, _ in flags_of(results, "phase_mismatch")
             if phase == "2"]
    assert moved[0].startswith(
        "thư mục 'gd1' ghi Giai đoạn 1 nhưng tiêu đề, tên trang tính hoặc tên tệp ghi Giai "
        "đoạn 2: các dòng được tính vào Giai đoạn 2; nếu tệp để nhầm thư mục, hãy chuyển tệp")


def test_a_phase_column_agreeing_with_its_files_name_against_the_rule_stands(tmp_path):
    # The same with a phase column, as the templates have: "bo-de-gd2.xlsx" in gd1/ whose
    # cells say "Giai đoạn 2" (one left blank) is phase 2's; "gia-thuy.xlsx" in gd2/ whose
    # cells say "Giai đoạn 1" is a phase 1 form used again (QA round 40): the rule's phase 2.
    write_campaign(tmp_path, sources=SOURCE_RULES)
    header = ["STT", "Đơn vị", "Giai đoạn", "Tổng số đảng viên", "Có mặt"]
    write_xlsx(tmp_path / "gd1/bo-de-gd2.xlsx", Sheet("S", [
        header, [1, "Bồ Đề", "Giai đoạn 2", 30, 29], [2, "Bồ Đề", None, 20, 20]]))
    write_xlsx(tmp_path / "gd2/gia-thuy.xlsx", Sheet("S", [
        header, [1, "Gia Thụy", "Giai đoạn 1", 40, 39]]))

    results = analyse(tmp_path)

    assert counted(results) == [["2", "Bồ Đề", 50, 49], ["2", "Gia Thụy", 40, 39]]
    assert [(phase, ward, source) for phase, ward, _, _, source, _ in flags_of(
        results, "phase_mismatch")] == [("2", "Bồ Đề", "gd1/bo-de-gd2.xlsx"),
                                        ("2", "Gia Thụy", "gd2/gia-thuy.xlsx")]


def test_a_phase_1_report_sent_again_in_phase_2s_folder_is_flagged_beside_its_copy(tmp_path):
    # QA round 54 #4: Thạch Bàn's phase 1 report ("GIAI ĐOẠN 1" in its title) in "Giai doan
    # 1/" and, the same file byte for byte, in "Giai doan 2/": counted once in phase 1
    # (30/29), and phase 2 not reported. Flagged when the copy stood alone; beside its
    # original the copy's rows were refused as identical, and nothing said the ward's phase
    # 2 report was its phase 1 one.
    write_campaign(tmp_path, sources=())
    titled_report(tmp_path / "Giai doan 1/thach-ban.xlsx", 1, "Thạch Bàn", 30, 29)
    titled_report(tmp_path / "Giai doan 2/thach-ban.xlsx", 1, "Thạch Bàn", 30, 29)

    results = analyse(tmp_path)

    assert counted(results) == [["1", "Thạch Bàn", 30, 29]]
    found = flags_of(results, "phase_mismatch")
    assert [(phase, ward, source_file) for phase, ward, _, _, source_file, _ in found] == [
        ("1", "Thạch Bàn", "Giai doan 2/thach-ban.xlsx")]
    assert found[0][3].startswith("thư mục 'Giai doan 2' ghi Giai đoạn 2 nhưng tiêu đề")


def test_a_roll_calls_session_dated_in_another_phases_period_is_flagged(tmp_path):
    # QA round 51 #8: gd1/gia-thuy.xlsx (phase 1, 1/9-30/9/2015 by its rule) holds the
    # sessions 12/9 and 10/10: 10/10 lies in phase 2 (1/10-31/10). Counted in phase 1 as its
    # rule says (2 people x 2 sessions, 3 present), and now flagged once; a session after
    # phase 1's end but in no phase's period (Bồ Đề's 25/10 of phase 2 is in it, its 5/11
    # in none) is no other phase's.
    (tmp_path / "campaign.toml").write_text(
        '[campaign]\nid = "t"\n\n'
        '[[phases]]\nid = "1"\nlabel = "Giai đoạn 1"\nstart = "2015-09-01"\nend = "2015-09-30"\n\n'
        '[[phases]]\nid = "2"\nlabel = "Giai đoạn 2"\nstart = "2015-10-01"\n'
        'end = "2015-10-31"\n\n'
        '[[sources]]\nglob = "gd1/*"\nphase = "1"\n\n[[sources]]\nglob = "gd2/*"\nphase = "2"\n',
        encoding="utf-8")
    header = ["STT", "Họ và tên", "12/9", "10/10"]
    write_xlsx(tmp_path / "gd1/gia-thuy.xlsx", Sheet("Chi bộ 1", [
        header, [1, "Nguyễn Văn An", "x", "x"], [2, "Trần Thị Bình", "x", "v"]]))
    write_xlsx(tmp_path / "gd2/bo-de.xlsx", Sheet("Chi bộ 1", [
        ["STT", "Họ và tên", "25/10", "5/11"], [1, "Lê Văn Cường", "x", "x"]]))

    results = analyse(tmp_path)

    assert counted(results) == [["1", "Gia Thụy", 4, 3], ["2", "Bồ Đề", 2, 2]]
    assert flags_of(results, "session_other_phase") == [(
        "1", "Gia Thụy", "warning",
        "buổi '10/10' của Gia Thụy có ngày trong thời gian Giai đoạn 2 (01/10/2015–31/10/2015) "
        "nhưng được tính vào Giai đoạn 1: nếu tệp để nhầm thư mục hoặc ngày ghi nhầm, hãy sửa "
        "rồi chạy lại (session(s) '10/10' of Gia Thụy are dated within Giai đoạn 2 "
        "(01/10/2015–31/10/2015) but counted in Giai đoạn 1: if the file is in the wrong "
        "folder or a date is mistyped, correct it and run again)",
        "gd1/gia-thuy.xlsx", None)]

"""A column under no heading that holds marks or figures is not read; the analyst is told.

QA round 13 h15: "Giai đoạn 1" merged over two marker columns left the second, filled with
the second phase's marks, without a heading: its six cells were ignored without a word.
"""

from __future__ import annotations

from builders import Sheet, flag_tuples, ingest, sheet_entry, write_campaign, write_xlsx

from analysis.pipeline import analyse

PEOPLE = [["Nguyễn Văn An", "x", "x"], ["Trần Thị Bích", "P", "x"], ["Lê Văn Cường", "x", "KP"],
          ["Phạm Thị Dung", "x", "x"]]


def flags_of(results, rule: str) -> list[tuple]:
    return flag_tuples(results.quality.flags, rule,
                       ("phase", "ward", "severity", "detail", "sheet", "column"))


def test_marks_under_no_heading_in_a_roll_call_are_flagged_not_read(tmp_path):
    # Column C "Điểm danh" is read (3 present of 4: An, Cường, Dung); column D holds four
    # marks under no heading.
    write_campaign(tmp_path, phases=(("1", "Giai đoạn 1"),))
    rows = [["STT", "Họ và tên", "Điểm danh", None, "Phường"],
            *([number, name, first, second, "Bồ Đề"]
              for number, (name, first, second) in enumerate(PEOPLE, 1))]
    write_xlsx(tmp_path / "gd1/bo-de.xlsx", Sheet("S", rows))

    results = analyse(tmp_path)

    assert results.ward_phase[["ward", "expected", "attended"]].values.tolist() == [
        ["Bồ Đề", 4, 3]]
    assert sheet_entry(results.ingest, "gd1/bo-de.xlsx", "S")["unread_columns"] == [
        {"column": "D", "cells": 4}]
    assert flags_of(results, "unread_column") == [(
        "1", "Bồ Đề", "warning",
        "cột D không có tên cột nhưng có 4 ô ký hiệu điểm danh, không được đọc: các dòng được "
        "tính không có cột này; hãy đặt tên cột rõ nghĩa rồi chạy lại (column D has no "
        "heading but holds 4 roll-call marks, not read: the rows were counted without it)",
        "S", "D")]


def test_numbers_under_no_heading_in_a_summary_are_flagged(tmp_path):
    write_campaign(tmp_path)
    rows = [["Phường", "Tổng số đảng viên", "Có mặt", None],
            ["Bồ Đề", 120, 115, 5], ["Cự Khối", 80, 78, 2]]
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", rows))
    assert sheet_entry(ingest(tmp_path), "gd1/a.xlsx", "S")["unread_columns"] == [
        {"column": "D", "cells": 2}]


def test_headed_unused_columns_and_notes_under_no_heading_are_not_flagged(tmp_path):
    # "Chính thức" ticks say what they are (membership, not attendance); a column of remarks
    # under no heading holds neither marks nor figures; a mark in one row of four is no
    # column of marks.
    write_campaign(tmp_path)
    rows = [["STT", "Họ và tên", "Chính thức", "Điểm danh", None, None, "Phường"],
            [1, "Nguyễn Văn An", "x", "x", "Bí thư", None, "Bồ Đề"],
            [2, "Trần Thị Bích", "x", "P", "ốm", None, "Bồ Đề"],
            [3, "Lê Văn Cường", "x", "x", "", "x", "Bồ Đề"],
            [4, "Phạm Thị Dung", None, "x", "chuyển đến", None, "Bồ Đề"]]
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", rows))
    assert sheet_entry(ingest(tmp_path), "gd1/a.xlsx", "S")["unread_columns"] == []


def test_row_numbers_under_no_heading_are_not_an_unread_figure(tmp_path):
    # The STT column left without its heading: 1, 2, 3 (and again from 1 in a second group)
    # number the rows; they are no figure.
    write_campaign(tmp_path)
    rows = [[None, "Phường", "Tổng số đảng viên", "Có mặt"], [1, "Bồ Đề", 120, 115],
            [2, "Gia Thụy", 80, 78], [1, "Ngọc Lâm", 100, 96], [2, "Đức Giang", 90, 88]]
    write_xlsx(tmp_path / "gd1/a.xlsx", Sheet("S", rows))
    assert sheet_entry(ingest(tmp_path), "gd1/a.xlsx", "S")["unread_columns"] == []

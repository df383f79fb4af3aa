"""Headers, counts, roll-call markers: from what people type to what the analysis counts."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from analysis.text import clean_text, fold, fold_keep_marks

# Every name a column goes by, folded (see analysis.text.fold). Matching is exact on the
# folded text, so "Tổng số  đảng viên\n(người)" and "TONG SO DANG VIEN" both land here.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "row_number": ("stt", "tt", "so tt", "so thu tu", "no", "#"),
    "unit": (
        "don vi", "ten don vi", "phuong", "ten phuong", "phuong xa", "dang bo", "ten dang bo",
        "dang bo phuong", "dang bo co so", "dang uy", "co so", "ward", "unit", "committee",
        "party committee", "don vi phuong",
        # A rural district's units: communes and townships (QA round 97 #2: "Tên xã, thị
        # trấn" unread, the district's whole summary refused as no table).
        "xa", "ten xa", "xa thi tran", "ten xa thi tran", "xa phuong", "phuong xa thi tran",
        "xa phuong thi tran", "thi tran", "ten thi tran", "dang bo xa", "commune",
        # The row labels of an Excel pivot table of the units, Vietnamese or English.
        "nhan hang", "row labels",
    ),
    # A ward's cells listed by the residential group each serves ("Tổ dân phố").
    "cell": ("chi bo", "ten chi bo", "chi bo sinh hoat", "party cell", "cell", "to dan pho",
             "ten to dan pho", "tdp", "khu dan cu", "khu pho",
             # The parts an agency, school, hospital or enterprise reports by (QA round 82
             # #1: a school's "Tổ chuyên môn | Tổng số ĐV | Có mặt" table refused whole as no
             # table, the school chased as not reported).
             "to", "to chuyen mon", "to cong tac", "khoa", "phong", "ban", "phong ban",
             "phong/ban", "khoa phong", "khoa/phong", "phong khoa", "bo phan", "ten bo phan",
             "phong ban don vi", "department", "departments"),
    # "Ca | Sáng", "Ca | Chiều": a roll-call's row per person and session (QA round 56).
    "session": ("lop", "lop hoc", "ten lop", "lop quan triet", "buoi", "buoi hoc", "ca",
                "ca hoc", "class", "session"),
    "phase": ("giai doan", "gd", "dot", "phase"),
    "date": ("ngay", "ngay hoc", "ngay to chuc", "thoi gian", "date"),
    # When a row was sent: a Google Forms export's first column (`sheet._units_sent`), or a
    # district compilation's report date per unit (QA round 68 #1: undated, five days late).
    "sent": ("dau thoi gian", "timestamp", "thoi gian gui", "ngay gui", "ngay gui bao cao",
             "ngay bao cao", "ngay lap bao cao", "ngay nop", "ngay nop bao cao",
             "thoi gian bao cao", "report date", "date sent", "date of report"),
    # Members excused from the campaign (sick, abroad, elderly): "phải học" = total − exempt.
    "exempt": ("mien", "duoc mien", "mien hoc", "so mien", "so duoc mien", "so dv duoc mien",
               "so dang vien duoc mien", "so dang vien mien hoc", "exempt"),
    # Members whose party activity moved to another cell: they study there, not here, so
    # they come off the total as the exempt do ("Số ĐV chuyển sinh hoạt đi").
    "moved": ("chuyen di", "so chuyen di", "so dv chuyen di", "so dang vien chuyen di",
              "chuyen sinh hoat di", "so dv chuyen sinh hoat di",
              "so dang vien chuyen sinh hoat di", "moved away", "transferred out"),
    "expected": (
        "tong so dang vien", "tong so", "so dang vien", "so dang vien phai hoc", "so phai hoc",
        "tong so phai hoc", "tong so dang vien phai hoc", "si so", "tong so hoc vien",
        "so hoc vien", "so dang vien trieu tap", "so trieu tap", "so luong dang vien",
        "tong so dv", "so dv", "dang vien", "expected", "members", "enrolled", "total members",
    ),
    "attended": (
        "co mat", "so co mat", "tham du", "so tham du", "so dang vien tham du",
        "so dang vien co mat", "so luong tham du", "so hoc vien co mat", "so dv co mat",
        "so dv tham du", "tham gia", "so tham gia", "attended", "present",
    ),
    "absent_total": ("vang", "so vang", "vang mat", "tong so vang", "so dang vien vang",
                     "absent", "absences"),
    # "Có LD", "CLD": có lý do as the forms abbreviate it.
    "absent_excused": ("vang co ly do", "co ly do", "co phep", "vang co phep", "co ld", "cld",
                       "vang co ld", "vang cld", "excused", "absent excused"),
    "absent_unexcused": ("vang khong ly do", "khong ly do", "khong phep", "vang khong phep",
                         "khong ld", "kld", "vang khong ld", "vang kld", "unexcused",
                         "absent unexcused"),
    "rate": ("ty le", "ti le", "ty le %", "ti le %", "ty le tham du", "ty le tham du %",
             "ti le tham du", "ti le tham du %", "ty le co mat", "ty le co mat %", "%", "rate",
             "attendance rate", "rate %"),
    "name": ("ho va ten", "ho ten", "ho va ten dang vien", "ten dang vien", "full name", "name",
             # A name in two columns: "Họ và đệm | Tên", "Họ | Tên" (given_name below).
             "ho va dem", "ho dem", "ho va ten dem", "ho va chu dem", "ho", "family name",
             "surname"),
    # "Họ | Chữ đệm | Tên": the middle of a name in three columns.
    "middle_name": ("chu dem", "ten dem", "dem", "ten lot", "chu lot", "lot", "middle name"),
    "given_name": ("ten", "given name", "first name"),
    # Tells namesakes apart: two "Nguyễn Văn Hùng" born in 1950 and 1978 are two people.
    "birth": ("nam sinh", "ngay sinh", "ngay thang nam sinh", "ngay/thang/nam sinh",
              "sinh ngay", "sinh nam", "year of birth", "date of birth", "birth year",
              "birth date", "born", "dob"),
    "marker": ("diem danh", "ket qua diem danh", "co mat/vang", "tinh trang", "trang thai",
               "roll call", "attendance", "status"),
    # "Lý do vắng" holds why someone was away, in words: a note, not an absence column.
    "note": ("ghi chu", "ly do", "ly do vang", "ly do vang mat", "note", "notes", "remarks",
             "reason", "reason for absence"),
}
_FIELD_BY_ALIAS = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}


def field_of_alias(key: str | None) -> str | None:
    """The column a folded label names word for word ("ho ten", "tt"), keywords aside."""
    return _FIELD_BY_ALIAS.get(key) if key else None

_PARENTHESES = re.compile(r"\((?:nguoi|d/c|dc|%|so nguoi)\)|\bnguoi\b|\bd/c\b")

COUNT_FIELDS = ("expected", "attended", "absent_total", "absent_excused", "absent_unexcused",
                "exempt", "moved")
# Members counted in the total who are not to study with the unit (sheet._summary_counts).
NOT_EXPECTED_FIELDS = ("exempt", "moved")
LABEL_FIELDS = ("row_number", "unit", "cell", "session", "name")
VALUE_FIELDS = (*COUNT_FIELDS, "marker")

# A totals row's whole label, as written (lower case) and folded.
TOTALS_LABELS_WRITTEN = frozenset({
    "tổng cộng", "tổng", "cộng", "tổng số", "cộng chung", "tổng cộng chung", "toàn quận",
    "total", "totals", "grand total", "sum", "subtotal", "sub-total",
    "tổng cuối",  # an Excel pivot table's grand total, in Vietnamese
})
FOOTER_WORDS = ("nguoi lap bieu", "nguoi lap", "bi thu", "t/m", "tm ", "xac nhan",
                "thu truong", "pho bi thu", "ky ten", "prepared by")
# "..., ngày 25 tháng 11 năm 2015", "ngày 20/9/2015", or a blank template "ngày ... tháng ...
# năm 2015" (folded: the dots are gone); a date written on its own line.
_DATE_LINE = re.compile(
    r"ngay (?:\d{1,2} )?thang (?:\d{1,2} )?nam \d{4}|ngay \d{1,2}/\d{1,2}/\d{2,4}")
_DATE_ONLY = re.compile(r"^(?:\d{4}-\d{2}-\d{2}(?: 00:00:00)?|\d{1,2}/\d{1,2}/\d{4})$")

# Roll-call markers, folded. "v" alone is vắng (absent, reason not given), "x" is present.
MARKERS: dict[str, str] = {
    # "C" beside "K": có, không.
    **dict.fromkeys(("x", "c", "co", "co mat", "cm", "di hoc", "co di", "present", "yes",
                     # Came late, left early: there, all the same.
                     "di muon", "den muon", "di tre", "ve som", "muon"), "present"),
    # "Không" beside "Có", "Nghỉ" beside "Đi học": nobody says which kind of absence.
    # "K" alone: "không" beside "C", or "không phép" beside "P" (`sheet._roster_counts`).
    **dict.fromkeys(("v", "vang", "vang mat", "khong", "khong di", "khong hoc", "nghi",
                     "nghi hoc", "absent", "a", "no", "k"), "absent_unspecified"),
    # A reason written in the marker's place ("ốm", "đi công tác") is an excused absence.
    **dict.fromkeys(("p", "vp", "cp", "vcp", "vang cp", "vang p", "vang co ly do", "co ly do",
                     "co phep", "vang co phep", "cld", "vang cld", "om", "om dau",
                     "di cong tac", "cong tac", "nghi co phep", "nghi phep", "nghi co ly do",
                     "nghi om", "nam vien", "di vien", "viec gia dinh", "ban viec gia dinh",
                     "co viec gia dinh", "co viec rieng", "viec rieng", "ban viec",
                     # Away to work elsewhere, as many rural members are (QA round 98 #3).
                     "di lam an xa", "lam an xa", "di lam xa", "di lam an", "di xuat khau lao dong",
                     "xuat khau lao dong", "di lao dong", "excused"), "absent_excused"),
    **dict.fromkeys(("kp", "vkp", "vang kp", "vang khong ly do", "khong ly do", "khong phep",
                     "vang khong phep", "kld", "vang kld", "nghi khong phep",
                     "nghi khong ly do", "vang khong co ly do", "khong co ly do",
                     "vang khong co phep", "khong co phep", "nghi khong co ly do",
                     "nghi khong co phep", "unexcused"), "absent_unexcused"),
}
MARKER_STATUSES = ("present", "absent_excused", "absent_unexcused", "absent_unspecified")

# Symbols that `fold` reduces to nothing, looked up as written.
NUMBERING_SYMBOLS = frozenset({"#", "№"})
# "ü" and "þ" are the tick and the ticked box typed in the Wingdings fonts.
TICK_MARKS = frozenset({"✓", "✔", "√", "☑", "+", "ü", "þ"})
# Crosses that say "not there" beside ticks that say "there" ("✓ ✗"), and the box left
# empty ("☐"); "û" and "ý" are Wingdings' cross and crossed box. Read as written.
CROSS_MARKS = frozenset({"✗", "✘", "☒", "☐", "û", "ý"})

# Roll-call columns that hold a tick, and the status a tick in each means.
TICK_STATUS = {
    "attended": "present",
    "absent_excused": "absent_excused",
    "absent_unexcused": "absent_unexcused",
    "absent_total": "absent_unspecified",
}
# A dash typed for zero or for nothing: hyphen, en dash, em dash (QA round 44: "—" refused
# as "not a number", its ward's row lost).
DASHES = frozenset({"-", "–", "—"})
NO_TICK = frozenset({"", "0", *DASHES})

HEADER_SEARCH_ROWS = 40
# A sheet with no header in its first rows is searched this far down: a report whose table
# comes after a page or two of text ("I. Tình hình chung ...") was a ward's report skipped
# as "no attendance table".
HEADER_DEEP_SEARCH_ROWS = 500


@functools.lru_cache(maxsize=1 << 15)
def field_for_header(label: str, keywords: bool = True) -> str | None:
    key = fold(label)
    if not key:
        return "row_number" if clean_text(label) in NUMBERING_SYMBOLS else None
    pivoted = _PIVOT_SUM.match(key)
    if pivoted:
        # An Excel pivot table's "Tổng của Có mặt" ("Sum of Có mặt") is the count it sums
        # (QA round 44: a pivot under the table read with the table's columns, each of its
        # rows refused naming a number as the unit).
        return field_for_header(" ".join(clean_text(label).split()[2:]), keywords)
    if key in _FIELD_BY_ALIAS:
        if key == "dem" and "đếm" in fold_keep_marks(label):
            # "Đếm" (count), folded as "Đệm" (middle name) is: a helper column of 1 and 0
            # joined to every name, and the totals row's count under it taken for the
            # people listed (QA round 67 #4).
            return None
        return _FIELD_BY_ALIAS[key]
    trimmed = _trimmed_key(key)
    if trimmed in _FIELD_BY_ALIAS:
        return _FIELD_BY_ALIAS[trimmed]
    if not keywords:
        return None
    remarked = _excluding_remark(label)
    if remarked is not None:
        return remarked
    if len(trimmed.split()) > _MAX_HEADER_WORDS and isinstance(label, str) \
            and _TRAILING_REMARK.search(label):
        # "Tên đơn vị (Đảng bộ, chi bộ cơ sở)": a remark after the name made the label too
        # long to be a column's (QA round 17 g18d). Read by its keywords, never as a listed
        # name: "Tổng số đảng viên (cũ)" is no rival of "Tổng số đảng viên".
        return _field_by_keywords(_trimmed_key(fold(_TRAILING_REMARK.sub("", label))))
    return _field_by_keywords(trimmed)


_PIVOT_SUM = re.compile(r"^(?:tong cua|sum of) (.+)$")


def _trimmed_key(key: str) -> str:
    """A folded label without the unit words that say nothing of what it counts ("(người)")."""
    return " ".join(_PARENTHESES.sub(" ", key).split())


_TRAILING_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
_BRACKETED = re.compile(r"\(([^()]*)\)")
# How a remark saying whom a count leaves out begins, folded: "(không tính miễn học)", "(trừ
# ĐV chuyển đi)", "(không vắng buổi nào)"; and one saying whom it takes in: "(kể cả cấp ủy)".
_LEAVES_OUT_STARTS = ("khong ", "tru ", "ngoai tru ", "chua ke ", "chua tinh ", "excluding ",
                      "except ", "not ", "without ")
_TAKES_IN_WORDS = ("ke ca", "bao gom", "gom ca", "tinh ca", "including")
_REMARK_STARTS = (*_LEAVES_OUT_STARTS, *(f"{words} " for words in _TAKES_IN_WORDS))


def left_out(label: str) -> str:
    """What a heading's bracketed remarks say it leaves out, folded ("" for none): "Tổng số
    ĐV (trừ ĐV miễn học)" -> "tru dv mien hoc"; "Chuyển đi (không tính vào tổng)" -> "khong
    tinh vao tong". "(không trừ ...)", "(không loại trừ ...)" leave nothing out (QA round
    32: the exempt were not taken off a total that says it holds them)."""
    if "(" not in label:
        return ""
    return " ".join(remark for remark in (fold(text) + " " for text in _BRACKETED.findall(label))
                    if remark.startswith(_LEAVES_OUT_STARTS)
                    and not remark.startswith(("khong tru ", "khong loai tru "))).strip()


# A column's remark saying its members are outside the total, folded.
_OUTSIDE_THE_TOTAL = ("khong tinh vao tong", "khong tinh trong tong", "khong nam trong tong",
                      "ngoai tong", "not in the total", "outside the total",
                      "not counted in the total")


def outside_the_total(label: str) -> bool:
    """Whether an exempt or moved column says it is no part of the total ("Chuyển đi (không
    tính vào tổng)"); "(trừ khỏi tổng)", "(trừ vào tổng số)" say it is to come off it."""
    said = left_out(label)
    return any(words in said for words in _OUTSIDE_THE_TOTAL)


_TAKES_IN = re.compile(rf" (?:{'|'.join(_TAKES_IN_WORDS)}) .*$")


def without_remarks(label: str) -> str:
    """A heading, folded, without what it says it leaves out or takes in: "Tổng số (kể cả
    cấp ủy)" and "Tổng số kể cả cấp ủy" are the members' count, "tong so"."""
    kept = _BRACKETED.sub(lambda remark: " " if (fold(remark.group(1)) + " ").startswith(
        _REMARK_STARTS) else remark.group(0), label)
    return " ".join(_TAKES_IN.sub("", f" {fold(kept)} ").split())


def _excluding_remark(label: object) -> str | None:
    """The head count or the count present a label names before its bracketed remark on
    whom it leaves out or takes in: "Có mặt (không tính miễn học)" is those present, not
    the exempt; "Tổng số ĐV (không kể ĐV chuyển đi)" the members, not those who moved. Read
    by the remark's keywords, the heading was the exempt's or the absent's column: 30/28
    came to 2/0 (QA round 29). A remark naming a kind of the figure ("Vắng (không lý do)",
    "Có mặt (%)") is no such remark: the label is read whole."""
    if not isinstance(label, str) or "(" not in label:
        return None
    remarks = [fold(remark) + " " for remark in _BRACKETED.findall(label)]
    named = _field_by_keywords(_trimmed_key(fold(_BRACKETED.sub(" ", label))))
    if named in ("exempt", "moved"):
        # "Miễn học (có lý do chính đáng)": the exempt, whatever the bracket says of them (QA
        # round 32: read as excused absences, 50/40 for 45/40).
        return named
    if not remarks or not all(remark.startswith(_REMARK_STARTS) for remark in remarks):
        return None
    return named if named in ("expected", "attended") else None


# Headers nobody listed ("Số ĐV dự học", "Vắng mặt có lý do", "Tỷ lệ ĐV tham gia (%)"):
# keywords, most specific first, so a rate beats the count it is a rate of. Only short
# labels qualify: a title row is not a column name.
_KEYWORD_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rate", ("ty le", "ti le", "rate", "%")),
    ("marker", ("diem danh", "roll call")),
    ("note", ("ly do vang",)),
    ("absent_unexcused", ("khong ly do", "khong co ly do", "khong phep", "khong co phep",
                          "khong ld", "khong co ld", "kld", "kp", "unexcused")),
    ("absent_excused", ("co ly do", "co phep", "co ld", "cld", "cp", "excused")),
    # "Số ĐV chưa tham gia", "Số ĐV không có mặt", "Did not attend": those who did not
    # come, never those who did (QA round 27: 100/5 for 100/95, without a word).
    ("absent_total", ("vang", "absent", "chua tham gia", "khong tham gia", "chua du",
                      "khong du", "chua hoc", "khong hoc", "khong co mat", "chua co mat",
                      "khong tham du", "chua tham du", "not attend", "not attended",
                      "did not", "not present", "chua nghe", "chua duoc nghe",
                      "khong duoc nghe", "chua quan triet", "chua duoc quan triet")),
    # "Số ĐV không phải học": members the campaign does not ask to study.
    ("exempt", ("mien", "exempt", "khong phai hoc", "khong phai du")),
    ("moved", ("chuyen di", "chuyen sinh hoat di", "chuyen sh di")),
    # "phải (dự) học", "triệu tập": who should come, even when "dự học" follows.
    ("expected", ("phai", "trieu tap", "expected")),
    # "Số ĐV đã học" beside "Số ĐV chưa học": those who studied, not the members (QA27).
    ("attended", ("co mat", "tham du", "tham gia", "du hoc", "thuc te du", "thuc te hoc",
                  "thuc du", "thuc hoc", "da hoc", "da duoc hoc", "attend", "attended",
                  "present", "da nghe", "da duoc nghe", "da quan triet",
                  "da duoc quan triet")),
    ("expected", ("tong so", "phai hoc", "si so", "trieu tap", "so dang vien", "so dv",
                  "so luong dang vien", "expected", "members", "enrolled")),
    ("name", ("ho va ten", "ho ten", "full name")),
    ("phase", ("giai doan", "phase")),
    ("session", ("lop", "class", "buoi")),
    # Not "xã" alone: "Đi làm ăn xa" (far away) is a reason for an absence.
    ("unit", ("don vi", "phuong", "ten xa", "thi tran", "dang bo", "dang uy", "co so", "ward",
              "commune", "unit")),
    ("cell", ("chi bo", "to dan pho", "khu dan cu")),
    ("note", ("ghi chu", "note")),
)
_MAX_HEADER_WORDS = 8


# A part of a figure ("Trong đó nữ", "Số ĐV nữ", "ĐV dự bị", "Số ĐV mới kết nạp") is never
# the figure itself, nor a rival of it (sheet.py refuses two columns for one figure); nor is
# a count of party cells, classes or sessions a head count.
_PART_OF_A_FIGURE = ("trong do", "nu", "female", "du bi", "ket nap", "dan toc", "ton giao",
                     "so chi bo", "so lop", "so buoi",
                     # Counts of things members did, not of members: "Số ý kiến tham gia".
                     "y kien", "tham luan", "bai thu hoach", "luot",
                     # Non-members who came too ("Quần chúng tham dự", "Quần chúng ưu tú").
                     "quan chung", "non members", "non member", "nonmembers", "guests")
# What a roll-call says of each person, folded: where they work ("Đơn vị công tác", "Nơi
# công tác", "Cơ quan công tác"), their post, their address. No column of the table's: a
# key cadres' class of the district, its people's "Đơn vị công tác" read as the reporting
# unit, counted them in their wards (QA round 70 #1).
_ABOUT_A_PERSON = ("cong tac", "chuc vu", "dia chi", "que quan", "noi o")


def is_breakdown_label(label: str) -> bool:
    """"Trong đó:", or a part it lists ("- Đảng viên nữ", "+ Dự bị"): a row breaking the row
    above down, not a unit's or a person's."""
    key = fold(label)
    if key == "trong do" or key.startswith("trong do ") or key in _BARE_PARTS:
        return True
    return label[:1] in ("-", "+", "•") \
        and any(f" {words} " in f" {key} " for words in _PART_OF_A_FIGURE)


# A part of the row above typed alone, with no dash nor "Trong đó", folded: "Cấp ủy viên 3 |
# 3" under a cell was counted as one more cell (QA round 32: 38/35 for 35/32).
# Not "Đảng viên dự bị" alone: below "Đảng viên chính thức" it is the rest of the members.
_BARE_PARTS = frozenset({"cap uy", "cap uy vien", "uy vien cap uy", "dang vien nu", "dv nu"})


# One phase's own name ("Giai đoạn 1", "GĐ II") heads that phase's figures, not the column
# saying which phase a row is in (that one is headed "Giai đoạn").
_PHASE_NAME = re.compile(r"^(?:giai doan|gd|phase|dot) ?(?:\d+|[ivx]+)$")


def is_phase_name(key: str) -> bool:
    """Whether folded words are one phase's own name: "giai doan 1", "gd2", "dot ii"."""
    return _PHASE_NAME.match(key) is not None


def _field_by_keywords(key: str) -> str | None:
    if not key or len(key.split()) > _MAX_HEADER_WORDS or len(key) > 60:
        return None
    padded = f" {key.replace('/', ' ')} "
    if any(f" {words} " in padded for words in (*_PART_OF_A_FIGURE, *_ABOUT_A_PERSON)) \
            or _PHASE_NAME.match(key):
        return None
    if any(f" co {reason} " in padded and f" khong {reason} " in padded
           for reason in ("ly do", "phep")):
        # "Vắng (có lý do và không lý do)": both kinds, the absences in all (QA round 18 h34:
        # every absence was read as unexcused).
        return "absent_total" if " vang " in padded or " absent " in padded else None
    for field, keywords in _KEYWORD_RULES:
        if any(f" {keyword} " in padded or (keyword == "%" and "%" in key)
               for keyword in keywords):
            return field
    return None


@dataclass(frozen=True)
class Header:
    """Where the table starts and which column holds what."""

    first_row: int  # 0-based index of the first header row
    body_start: int  # 0-based index of the first row below the header
    columns: dict[str, int]  # field -> 0-based column index
    labels: dict[str, str]  # field -> header text as written
    # Other columns naming a figure as well as the one in `columns` does: (field, column,
    # label). Two "Có mặt" columns (two sessions, two phases side by side) cannot both be
    # the count; the table is refused if such a column holds figures (sheet.py).
    rivals: tuple[tuple[str, int, str], ...] = ()
    # A roll-call with one marker column per session ("12/9 | 19/9 | 26/9", "Buổi 1 | Buổi 2"):
    # (column, session name) of each; `columns["marker"]` is the first of them.
    sessions: tuple[tuple[int, str], ...] = ()
    # Sessions each over its own tick columns ("Ngày 12/9" merged over "Có mặt | Vắng CP |
    # Vắng KP"): per session, (field, column, label) of each; `sessions` names their first.
    session_ticks: tuple[tuple[tuple[str, int, str], ...], ...] = ()
    # A count given in parts, "Số đảng viên phải học" (or "Số ĐV có mặt") over "Chính thức |
    # Dự bị": (field, the columns whose sum is the count), `columns[field]` the first of them.
    parts: tuple[tuple[str, tuple[int, ...]], ...] = ()
    # Why the whole table is refused, found while reading its header (a list of a unit's
    # parts with a row of another kind, `sheet._cells_under_a_unit_heading`).
    refusal: str | None = None

    @property
    def shape(self) -> str:
        """A roll-call lists people: a marker column, or names with no 'expected' column."""
        roster = "marker" in self.columns or (
            "name" in self.columns and "expected" not in self.columns
        )
        return "roster" if roster else "summary"

    @property
    def tick_columns(self) -> list[str]:
        """Roll-call columns ticked with an x: "Có mặt | Vắng có lý do | Vắng không lý do"."""
        return [name for name in TICK_STATUS if name in self.columns]


def find_header(rows: list[list]) -> Header | None:
    """The row (or pair of rows, for merged group headers) naming the most known columns,
    among the first `HEADER_SEARCH_ROWS` rows, or further down when none of those is one."""
    best: Header | None = None
    best_score = 0
    limit = min(len(rows), HEADER_DEEP_SEARCH_ROWS)
    # Each column a header names sits at a position with text, so a row (or pair of rows)
    # with no more filled cells than the best header so far cannot beat it: the rows of a
    # long list below its header are skipped without folding every name in them.
    # Nor can any header name more columns than the rows are wide: once one names them all
    # (calamine's rows are the sheet's full width), the rows below are not looked at.
    width = max(map(len, rows[:limit]), default=0)
    # The same few rows (the title block, the header) open every sheet of a workbook: what
    # the search asks of a row, or of a pair of rows, is worked out once (`_row_facts`).
    cells: list[tuple] = []
    filled: list[int] = []
    for index in range(limit):
        if best_score >= width or (best is not None and index >= HEADER_SEARCH_ROWS):
            break
        while len(filled) < min(index + 2, len(rows)):
            row = rows[len(filled)]
            cells.append(tuple(row))
            filled.append(len(row) - row.count("") - row.count(None))
        # A pair of rows reaches no further than the top row's width.
        pair_bound = min(len(cells[index]), filled[index] + filled[index + 1]) \
            if index + 1 < len(rows) else 0
        if filled[index] < 2 or max(filled[index], pair_bound) <= best_score:
            continue
        worded, varied = _row_facts(cells[index])
        # A header row names at least two columns in words: rows of figures cannot start one.
        # Nor can a line of labels each with its value ("Đơn vị: | Bồ Đề | Tổng số ĐV: | 52"):
        # taken for the header above the table's own, it had every row refused (QA27 C4).
        if not worded or _key_value_line(cells[index]):
            continue
        if filled[index] > best_score and varied:
            header = _header_from_rows(cells[index], None, index)
            if header is not None and (best is None or _score(header) > best_score):
                best, best_score = header, _score(header)
        if pair_bound > best_score:
            reach, pair_varied = _pair_facts(cells[index], cells[index + 1])
            if reach > best_score and pair_varied:
                header = _header_from_rows(cells[index], cells[index + 1], index)
                if header is not None and (best is None or _score(header) > best_score):
                    best, best_score = header, _score(header)
            # Three rows: "Số ĐV vắng" over "Tổng số | Trong đó", "Trong đó" over "Có lý
            # do | Không lý do" (QA round 44: the reasons' columns went unread, silently,
            # and the column numbers under the header were refused as a unit "B").
            middle = _through_connectives(cells[index + 1], tuple(rows[index + 2])) \
                if index + 2 < len(rows) else None
            if middle is not None:
                header = _header_from_rows(cells[index], middle, index)
                if header is not None and (best is None or _score(header) > best_score):
                    best = replace(header, body_start=header.body_start + 1)
                    best_score = _score(header)
    if best is not None and "name" not in best.columns and any(
            people_listed(tuple(row), index) > best_score
            for index, row in enumerate(rows[:best.first_row])):
        # A list of people with no column of marks or figures ("STT | Họ và tên | Chi bộ |
        # Lý do vắng": those absent only): no header of a table, nor is a person's row below
        # it ("2 | Trần Thị Bình | Chi bộ 2 | Không lý do", QA round 67 #3: its people
        # neither read nor rejected, one refused under a column "Không lý do").
        return None
    return best


def people_listed(row: tuple, index: int) -> int:
    """How many known columns a row names when one is of people's names, two others or more
    are named, and the row heads no table of its own (no marks, no figures); else 0."""
    named = {field_for_header(clean_text(value)) for value in row
             if isinstance(value, str) and clean_text(value)} - {None}
    if "name" not in named or len(named) < 3 or _header_from_rows(row, None, index) is not None:
        return 0
    return len(named)


# A header's middle row saying the columns below break down the one above: "Trong đó",
# "Chia ra", "Gồm", folded.
_CONNECTIVES = frozenset({"trong do", "chia ra", "gom", "bao gom", "trong so do", "cu the"})


@functools.lru_cache(maxsize=1 << 12)
def _through_connectives(middle: tuple, bottom: tuple) -> tuple | None:
    """A three-row header's last two rows as one: where the middle row says "Trong đó" (or
    "Chia ra"...) over labels, the labels below; None if it says so nowhere."""
    joined = list(middle)
    for position, value in enumerate(middle):
        below = bottom[position] if position < len(bottom) else None
        if isinstance(value, str) and fold(value) in _CONNECTIVES and isinstance(below, str) \
                and below.strip():
            joined[position] = below
    return tuple(joined) if joined != list(middle) else None


@functools.lru_cache(maxsize=1 << 12)
def _key_value_line(row: tuple) -> bool:
    """Two labels or more ending with a colon, each with a value after it."""
    labels = [position for position, value in enumerate(row)
              if isinstance(value, str) and value.rstrip().endswith(":")]
    return len(labels) >= 2 and all(
        position + 1 < len(row) and row[position + 1] not in ("", None) for position in labels)


@functools.lru_cache(maxsize=1 << 12)
def _row_facts(row: tuple) -> tuple[bool, bool]:
    """(`_worded`, `_varied`) of a row. Both depend on the cells' values only as far as
    they compare equal, as the cache's key does."""
    return _worded(row), _varied(row)


@functools.lru_cache(maxsize=1 << 12)
def _pair_facts(top: tuple, bottom: tuple) -> tuple[int, bool]:
    """(`_reach`, `_varied` of the `_pairs`) of a row and the row below it."""
    return _reach(top, bottom), _varied(_pairs(top, bottom))


def _score(header: Header) -> int:
    """Columns named, less those naming a figure twice: "Vắng" merged over "Ốm đau | Đi làm
    ăn xa" reads as three absence columns in one row, and as their breakdown with the row
    below, which is the reading to keep. A rival repeating its column's very label is a
    group cell merged across columns, read alone: it costs two, else "Vắng" merged over
    two reasons tied with their breakdown, and every row was refused (QA round 19). So does
    a session named twice: a day merged over "Sáng | Chiều", read alone (QA round 48)."""
    ticks = len(header.session_ticks[0]) - 1 if header.session_ticks else 0
    if repeated_block(header):
        return len(header.columns) + ticks  # a list printed in halves side by side
    repeated = sum(label == header.labels.get(field) for field, _, label in header.rivals)
    repeated += len(header.sessions) - len({name for _, name in header.sessions})
    return max(len(header.columns) - len(header.rivals) - repeated, 0) + ticks


def repeated_block(header: Header) -> int | None:
    """The width of the columns a header repeats whole across the page, or None: a list
    printed in halves side by side ("STT | Họ và tên | Có mặt" twice), each figure's rivals
    the same distance apart, or twice and three times that, all of them right of the first
    block. Scored as the first block alone: as two columns naming each figure twice, a title
    merged above it outscored it and every row was refused (QA round 23)."""
    if not header.columns:
        return None
    # A column per session in each half ("Buổi 1 | Buổi 2" twice): the sessions' columns
    # repeated are the marker's rivals (QA round 87 #1: the right half read as sessions of
    # the left, its people lost).
    half = len(header.sessions) // 2
    repeated = list(header.sessions[half:]) if half and [
        fold(label) for _, label in header.sessions[:half]] == [
        fold(label) for _, label in header.sessions[half:]] else []
    offsets = [position - header.columns[field] for field, position, _ in header.rivals] \
        + [position - first for (position, _), (first, _)
           in zip(repeated, header.sessions[:half], strict=False)]
    if not offsets:
        return None
    width = min(offsets)
    # The block is its figures and labels: a notes column in one half is no part of it.
    block = [position for field, position in header.columns.items()
             if field in RIVAL_FIELDS or field in LABEL_FIELDS]
    span = max(block) - min(block)
    if width <= span or any(offset % width for offset in offsets):
        return None
    return width


def _varied(cells: list) -> bool:
    """Two different filled cells at least. A title merged across the table repeats one value
    in every position: every position then offers the same label, which names one column at
    most, and a header names two. Such rows (a sheet's unit or party-cell title, different on
    each sheet) are passed over without being read as a header."""
    return len({cell for cell in cells if cell != "" and cell is not None
                and cell != ("", "")}) >= 2


def _pairs(top: list, bottom: list) -> list[tuple]:
    """Each position of the top row with the cell below it, for `_varied`."""
    return [(value, bottom[position] if position < len(bottom) else "")
            for position, value in enumerate(top)]


def _worded(row: list) -> bool:
    return sum(isinstance(value, str) and value.strip() != "" for value in row) >= 2


def _reach(top: list, bottom: list) -> int:
    """Positions of the top row that have a cell filled in it or in the row below."""
    def filled(value: object) -> bool:
        return value is not None and value != ""

    return sum(filled(value) or (position < len(bottom) and filled(bottom[position]))
               for position, value in enumerate(top))


@functools.lru_cache(maxsize=1 << 12)
def _header_from_rows(top_row: tuple, bottom_row: tuple | None, index: int) -> Header | None:
    """The header that row `index` (with the row below it, if given) would make.

    Cached: a roll-call workbook repeats the same header on each of its dozens of sheets.
    """
    height = 1 if bottom_row is None else 2
    top = [clean_text(value) for value in top_row]
    bottom = [clean_text(value) for value in bottom_row] if bottom_row is not None else None
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    ranks: dict[str, tuple[bool, bool]] = {}
    cells: dict[str, tuple[str, str]] = {}  # field -> the (group, label) cells that named it
    rivals: list[tuple[str, int, str, tuple[bool, bool]]] = []
    group = ""
    groups: list[str] = []  # the group label over each position, with a bottom row
    uses_top = False
    for position, top_label in enumerate(top):
        # (label to try, whether the top row contributes to it), most specific first.
        if bottom is None:
            options = [(top_label, True, True)]
        else:
            bottom_label = bottom[position] if position < len(bottom) else ""
            if top_label:
                group = top_label
            elif not bottom_label:
                group = ""
            groups.append(group)
            answered = _yes_or_no(group, bottom_label)
            if answered != bottom_label:  # the group's word makes the column's name
                bottom_label, uses_top = answered, True
            # A merged group cell ("Vắng") sits over its sub-columns ("Có lý do", "Không lý do").
            # A title above the header never names a column that has its own label.
            # A group label joined to its sub-label must be a known name as a whole: a title
            # joined to "Phường" is not a column called "... Phường".
            options = (
                [(f"{group} {bottom_label}", True, True)]
                if bottom_label and group and _splits_figure(group, bottom_label)
                else [(f"{group} {bottom_label}", True, False), (bottom_label, False, True)]
                if bottom_label and group and group != bottom_label
                else [(bottom_label, False, True)] if bottom_label
                else [(top_label, True, True)]
            )
        taken = None
        for label, from_top, keywords in options:
            field = field_for_header(label, keywords=keywords) if label else None
            if field in ("given_name", "middle_name") and "name" not in columns:
                field = None  # "Tên" alone is no part of a person's name ("Đơn vị" over it)
            if field == "session" and session_name(label) is not None:
                # "Buổi sáng", "Buổi 1" head one session's figures or marks, never the column
                # of class names: read so, a count of those present went in the class's
                # place and the next session's count was taken for the day's (QA round 19).
                field = None
            here = (group, bottom[position] if position < len(bottom) else "") \
                if bottom is not None else (top_label, "")
            if field and field not in columns:
                columns[field] = position
                labels[field] = label
                ranks[field] = _rank(field, label)
                cells[field] = here
                uses_top |= from_top
                break
            taken = taken or (field and (field, label))
        else:
            # A "Ghi chú" merged over two columns too: notes are typed in either (QA round
            # 61 #3).
            if taken and taken[0] == "note" and "remark" not in columns:
                # "Lý do vắng" and "Ghi chú" both: the second note is read too (QA round 59
                # #10: "v" with "Miễn sinh hoạt" under "Ghi chú" counted absent).
                columns["remark"], labels["remark"] = position, taken[1]
                ranks["remark"], cells["remark"] = _rank("note", taken[1]), here
                continue
            joined = f"{group} {bottom[position]}" if bottom is not None and group \
                and position < len(bottom) and bottom[position] else ""
            # Only where the cells differ from those that named the taken column: the same
            # cells repeated (a merged title) name one column, as find_header relies on.
            field = field_for_header(joined) if taken and joined \
                and cells[taken[0]] != here else None
            # Only a figure: "GIAI ĐOẠN 2" over a second block's "STT" is no phase column
            # (its numbers 1, 2, 3 were read as phases).
            if field in RIVAL_FIELDS and field not in columns:
                # "Tổng số" under "Số ĐV vắng", beside the members' "Tổng số ĐV": the group
                # says which total it is, where the sub-label alone would repeat a column.
                columns[field], labels[field] = position, joined
                ranks[field], cells[field] = _rank(field, joined), here
                uses_top = True
            elif taken and taken[0] in RIVAL_FIELDS:
                rivals.append((taken[0], position, taken[1], _rank(*taken)))
    # "Số đảng viên phải học" over "Chính thức | Dự bị" (`_parts_of_a_count`): the two parts
    # are the head count, unless a column says the total itself (the parts are then a
    # breakdown of it).
    # Not in a roll-call: there "Đảng viên" over "Chính thức | Dự bị" ticks each person's
    # standing, which is no count (explore9 r13).
    # Those present may be given so too (QA round 18 h25).
    parts = []
    for field in ("expected", "attended") if bottom is not None and "name" not in columns \
            else ():
        under, split = _parts_of_a_count(groups, bottom, field)
        # Beside a column of the figure itself, other parts outrank it only by naming who
        # must attend ("Số đảng viên phải học" over "Nam | Nữ" beside "Tổng số đảng viên",
        # QA round 52), not by their group's words being listed: "Tổng số ĐV có mặt" beside
        # "Có mặt" over "Nam | Nữ" is the count (QA round 50: the parts won, and rows whose
        # own figures agree were refused).
        rank = _rank(field, groups[under[0]]) if under else None
        if under and (field not in columns or columns[field] in under
                      or (rank > ranks[field] if split == "standing"
                          else rank[0] > ranks[field][0])):
            columns[field], ranks[field] = under[0], _rank(field, groups[under[0]])
            labels[field] = f"{groups[under[0]]} ({bottom[under[0]]} + {bottom[under[1]]})"
            rivals = [rival for rival in rivals if rival[1] not in under]
            uses_top = True
            parts.append((field, under))
    parts = tuple(parts)
    # Of two columns naming one figure, the more precise name wins ("Số phải học" over
    # "Tổng số đảng viên"; a listed name over a keyword); equally precise ones are rivals.
    kept_rivals = []
    for field, position, label, rank in rivals:
        if rank > ranks[field]:
            kept_rivals = [rival for rival in kept_rivals if rival[0] != field]
            columns[field], labels[field], ranks[field] = position, label, rank
        elif rank == ranks[field]:
            kept_rivals.append((field, position, label))
    # A roll-call's sessions each over tick columns of their own: the top row names them.
    session_ticks = _session_ticks(groups, bottom) if bottom is not None \
        and "name" in columns and "expected" not in columns else ()
    # Day numbers under their month ("Tháng 9" merged over "5 | 12 | 19 | 26"): sessions
    # named as the one-row form names them ("5/9"), the month coming from the top row.
    dated = {} if bottom is None or session_ticks else {
        position: name for position, (group, label) in enumerate(zip(groups, bottom,
                                                                     strict=False))
        if (name := month_day_session(group, label)) is not None}
    if len(dated) < 2:
        dated = {}
    if bottom is not None and not session_ticks and "name" in columns:
        # A roll-call's day ("Ngày 12/9", "Buổi 1") over "Sáng | Chiều": a session each, as
        # "Sáng 12/9 | Chiều 12/9" are. Read as one session, the afternoon's marks were
        # refused as the same people listed twice, its absences lost (QA round 48: 2/2 for
        # 4/3).
        dated.update({
            position: f"{name} {label.strip().lower()}"
            for position, (group, label) in enumerate(zip(groups, bottom, strict=False))
            if fold(label) in _PARTS_OF_DAY and (name := session_name(group)) is not None})
    uses_top |= bool(dated)
    session_of = roll_call_session if "name" in columns else session_name
    if bottom is not None and not session_ticks:
        extra = [position for position, label in enumerate(bottom) if label]
        # Sessions or phases under "Điểm danh" ("Buổi 1 | Buổi 2", "GĐ 1 | GĐ 2") add columns;
        # reasons under "Vắng" ("Ốm đau | Đi làm ăn xa") say it is a breakdown, no column.
        if not any(position in columns.values() or position in dated
                   or session_of(bottom[position]) is not None
                   or (position < len(groups)
                       and field_for_header(groups[position]) == "absent_total")
                   for position in extra) or not uses_top:
            # The second row adds nothing, or the first is only a title above the real
            # header: either way a one-row header is the honest reading.
            return None
    if session_ticks:
        # The first session's first tick column stands for the marker, as a column per
        # session does; sheet.py reads each session's ticks as that session's mark.
        ticked = {position for ticks in session_ticks for _, position, _ in ticks}
        columns = {field: position for field, position in columns.items()
                   if position not in ticked}
        labels = {field: label for field, label in labels.items() if field in columns}
        kept_rivals = [rival for rival in kept_rivals if rival[1] not in ticked]
        sessions = tuple((ticks[0][1], str(session_name(groups[ticks[0][1]])))
                         for ticks in session_ticks)
        columns["marker"], labels["marker"] = sessions[0]
        return _valid_header(index, index + height, columns, labels, tuple(kept_rivals),
                             sessions, session_ticks, parts)
    shown = [bottom[position] if bottom is not None and position < len(bottom)
             and bottom[position] else label for position, label in enumerate(top)]
    unheaded = columns.get("row_number", -2) + 1
    if "expected" in columns and unheaded > 0 and unheaded < len(shown) \
            and not shown[unheaded] \
            and not any(field in columns for field in ("unit", "cell", "session", "name")) \
            and all(at > unheaded for field, at in columns.items() if field != "row_number"):
        # "STT | | Tổng số ĐV | Có mặt": the names' heading left blank, between the row
        # numbers and the figures, is the units' column (QA round 73 #4: "no header found",
        # the file refused whole, its units' figures lost).
        columns["unit"], labels["unit"] = unheaded, UNHEADED_UNITS
    if "name" in columns and fold(labels.get("sent", "")) in CHECK_IN_STAMPS \
            and set(columns) <= CHECK_IN_FIELDS \
            and all(not label or position in columns.values() or "email" in fold(label)
                    for position, label in enumerate(shown)):
        # A check-in form's answers, asking who and where only ("Dấu thời gian | Họ và tên
        # | Chi bộ | Đơn vị", the form's own "Địa chỉ email"): who answered came, as a
        # form's respondents are its people (QA round 98 #1: refused whole as having no
        # header, the commune chased as not reported). Any other question ("Cảm nhận về buổi
        # học?") may say otherwise: no.
        columns["marker"], labels["marker"] = columns["sent"], labels["sent"]
    sessions = tuple((position, name) for position, label in enumerate(shown)
                     if (name := dated.get(position) or session_of(label)) is not None)
    # One session's column is a roll-call's marker column only where nothing else is:
    # "Họ và tên | 14/3" (QA round 18 h23: no header at all, the run stopped).
    alone = len(sessions) == 1 and "name" in columns \
        and not any(field in columns for field in VALUE_FIELDS)
    return _valid_header(index, index + height, columns, labels, tuple(kept_rivals),
                         sessions if len(sessions) > 1 or alone else (), parts=parts)


# A form export's first column, when each answer was sent, folded: in a check-in form's
# answers with no question besides the person's name and unit, it is the roll-call's mark.
CHECK_IN_STAMPS = frozenset({"dau thoi gian", "timestamp"})
CHECK_IN_FIELDS = frozenset({"sent", "name", "middle_name", "given_name", "cell", "unit",
                              "row_number"})


# The name given to a units' column whose heading was left blank (`_header_from_rows`).
UNHEADED_UNITS = "(cột tên đơn vị không có tiêu đề)"


def _session_ticks(groups: list[str], bottom: list[str]
                   ) -> tuple[tuple[tuple[str, int, str], ...], ...]:
    """Two sessions or more, each a group ("Ngày 12/9/2015") over tick columns of its own
    ("Có mặt | Vắng CP | Vắng KP"): (field, column, label) of each session's ticks."""
    found: dict[str, list[tuple[str, int, str]]] = {}
    for position, (group, label) in enumerate(zip(groups, bottom, strict=False)):
        field = field_for_header(label) if label and group else None
        if field in TICK_STATUS and session_name(group) is not None:
            found.setdefault(group, []).append((field, position, label))
    sessions = [tuple(ticks) for ticks in found.values()
                if len({field for field, _, _ in ticks}) == len(ticks)]
    return tuple(sessions) if len(sessions) > 1 and len(sessions) == len(found) else ()


_SESSION_WORDS = re.compile(
    r"^(?:buoi|lan|tuan|tiet|session|week) (?:\d+|[ivx]+|sang|chieu|toi)$")
_DAY_MONTH = re.compile(r"^(?:ngay )?\d{1,2}/\d{1,2}(?:/\d{2,4})?$")
# A date with its part of the day, folded: "Sáng 12/9", "Chiều ngày 12/9/2025", "12/9 sáng".
_DAY_PART_DATE = re.compile(
    r"^(?:buoi )?(?:sang|chieu|toi) (?:ngay )?\d{1,2}/\d{1,2}(?:/\d{2,4})?$"
    r"|^(?:ngay )?\d{1,2}/\d{1,2}(?:/\d{2,4})? \(?(?:sang|chieu|toi)\)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?$")
_DOTTED_DATE = re.compile(r"^(?:ngày\s+|ngay\s+)?(\d{1,2})[.-](\d{1,2})[.-](\d{4})$",
                          re.IGNORECASE)
# The date after its weekday, folded: "T7 (12/9)", "CN (20/9)", "Thứ bảy, 12/9", "Chủ nhật
# 20/9", "T7 (4-4-2026)", "T7 (4.4.2026)" (T2..T7 are Monday..Saturday, CN Sunday). A
# weekday alone names no session.
_WEEKDAY_DATE = re.compile(
    r"^(?:t[2-7]|thu (?:[2-7]|hai|ba|tu|nam|sau|bay)|cn|chu nhat) (?:ngay )?"
    r"(\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2} \d{1,2} \d{4})$")


def dated_class(name: str, day: str) -> str:
    """One day of a class met on several ("Lớp 2" on 25/10/2025): its session's name."""
    return f"{name} ({day})"


def class_met_on(session: object) -> str | None:
    """The class a session named by `dated_class` is one day of ("Lớp 2"), else None: its
    days count the same members again, as a roll-call's sessions do."""
    found = _DATED_CLASS.match(session) if isinstance(session, str) else None
    return found.group(1) if found else None


_DATED_CLASS = re.compile(r"^(.+) \(([^()]*\d{1,2}/\d{1,2}[^()]*)\)$")


def session_name(label: str) -> str | None:
    """The session a roll-call column is headed with: a date ("12/9", a date cell, "Sáng 12/9")
    or "Buổi 1", "Lần 2", "Tuần 3", or a phase ("GĐ 1", sheet.py reads such columns as phases); else
    None. A date after its weekday ("T7 (12/9)") is named by the date, as the date alone
    is."""
    iso = _ISO_DATE.match(label)
    if iso:
        return f"{iso.group(3)}/{iso.group(2)}/{iso.group(1)}"
    dotted = _DOTTED_DATE.match(label.strip())
    if dotted:  # "12.3.2026", "12-3-2026": the year makes it a date, not a decimal
        return "/".join(dotted.groups())
    key = fold(label)
    weekday = _WEEKDAY_DATE.match(key)
    if weekday:  # "T7 (4-4-2026)", folded "t7 4 4 2026", is "4/4/2026" as "4-4-2026" is
        return weekday.group(1).replace(" ", "/")
    return label if _DAY_MONTH.match(key) or _SESSION_WORDS.match(key) \
        or _DAY_PART_DATE.match(key) or _PHASE_NAME.match(key) else None


# A roll-call's day typed with a dot or a dash and no year ("12.9", "19-9"; Excel turns
# "12.9" into the number 12.9), or a date cell Excel shows as its serial number (45912 is
# 12/9/2025: a heading cell formatted "General").
_TYPED_DAY_MONTH = re.compile(r"^(0?[1-9]|[12]\d|3[01])[.-](0?[1-9]|1[0-2])\.?$")
_SERIAL_DATES = range(36_526, 73_051)  # 1/1/2000 .. 31/12/2099
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def roll_call_session(label: str) -> str | None:
    """A roll-call's session column, as `session_name` reads it, or headed by a part of
    the day alone ("Sáng", "Chiều"), or by a day typed as Excel keeps it ("12.9", "19-9",
    kept as typed: 19.10 typed is the number 19.1) or by a date's serial number (45912,
    named "12/09/2025"). Only beside a column of names: under
    a table of counts, "3.1 | 3.2" number sub-columns (QA round 51 #7: a roll-call headed
    "12.9 | 19.9" was no table at all, the ward's report lost)."""
    name = session_name(label)
    # "Sáng | Chiều" alone: the day's two sessions (QA round 48: no header at all).
    if name is not None or _TYPED_DAY_MONTH.match(label) or fold(label) in _PARTS_OF_DAY:
        return name or label
    if label.isdigit() and int(label) in _SERIAL_DATES:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(label))).strftime("%d/%m/%Y")
    return None


# A date in a sheet's name, which cannot hold "/": "12-9", "19.9", "05-9-2015".
_SHEET_DATE_SEPARATOR = re.compile(r"(?<=\d)[-.](?=\d)")


def sheet_session(name: str) -> str | None:
    """The session a roll-call's sheet is named for, as `session_name` reads a column's
    heading ("Buổi 1", "Lần 2"; "12-9" is the date "12/9"), or in the words only a sheet's
    name uses (`_SHEET_SESSION`: "Ngày 1", "Sáng", "Lớp chiều", "Tháng 3", "Chuyên đề 2");
    None for a phase's name ("GĐ 1", which gives the sheet's phase) and for anything else
    ("Chi bộ 1", "Sheet1")."""
    label = _SHEET_DATE_SEPARATOR.sub("/", clean_text(name))
    key = fold(label)
    if _PHASE_NAME.match(key):
        return None
    return session_name(label) or (label if _SHEET_SESSION.match(key) else None)


def names_a_session(name: str) -> bool:
    """Whether a sheet's name names a session or a class in words ("Buổi 1", "Lớp sáng",
    "Sáng 12-3"), not by a date alone ("12-3", "Ngày 8-3": a copy dated on the day it was
    corrected is named so too) nor by a month."""
    key = fold(_SHEET_DATE_SEPARATOR.sub("/", clean_text(name)))
    # "Tháng 9", "Tháng 10": as often a month's report of the same phase, cumulative, as a
    # month's sessions (QA round 31): compared as versions, warned of when summed.
    return _PHASE_NAME.match(key) is None and not key.startswith("thang ") and (
        _CLASS_SHEET.match(key) is not None or _SHEET_SESSION.match(key) is not None
        or _SESSION_WORDS.match(key) is not None)


# Sessions as only a sheet's name gives them, folded: one roll-call per day of a course, per
# half-day, per month or per topic, of the same people (QA round 29: "Ngày 1", "Lớp sáng",
# "Tháng 3" sheets were taken for party cells listing the same people, versions held out).
# A date may follow ("Sáng 12/3").
_SHEET_SESSION = re.compile(
    r"^(?:(?:buoi |ca )?(?:sang|chieu|toi)|ca (?:\d+|[ivx]+)"  # "Ca sáng", "Ca 2" (QA round 70)
    r"|ngay \d{1,2}(?: (?:buoi |ca )?(?:sang|chieu|toi))?"
    r"|thang \d{1,2}|chuyen de (?:\d+|[ivx]+))(?: \d{1,2}/\d{1,2}(?:/\d{2,4})?)?$")
# A sheet named for a class: "Lớp sáng", "Lớp 2", "Lớp đảng viên mới", "Class 2".
_CLASS_SHEET = re.compile(r"^(?:lop|class)\b")


def sheet_class(name: str) -> str | None:
    """The class or the session a roll-call's sheet is named for: `sheet_session`, or a
    class's name ("Lớp sáng", "Lớp 2"), as the sheet's name is typed."""
    session = sheet_session(name)
    if session is not None:
        return session
    return clean_text(name) if _CLASS_SHEET.match(fold(name)) else None


# A month heading a group of day columns, folded: "Tháng 9", "T9", "Tháng 10/2025",
# "Tháng 10 năm 2025".
_MONTH_GROUP = re.compile(r"^(?:thang|t) ?(\d{1,2})(?:(?: nam | |/|-)\d{4})?$")
_DAY_NUMBER = re.compile(r"^\d{1,2}$")


def month_day_session(group: str, label: str) -> str | None:
    """A day number ("5", "05") under its month's group ("Tháng 9"): the session "5/9", as
    the one-row form ("5/9 | 12/9") heads it, so the two forms read alike. None for anything
    else, or a day the month does not have."""
    month = _MONTH_GROUP.match(fold(group)) if group else None
    if month is None or not _DAY_NUMBER.match(label):
        return None
    day, number = int(label), int(month.group(1))
    try:
        dt.date(2000, number, day)  # a leap year: "29" under "Tháng 2" is a day
    except ValueError:
        return None
    return f"{day}/{number}"


# The two parts a count of members may be given in, each pair adding up to the whole,
# folded: official and probationary members ("Chính thức | Dự bị" under the head count);
# those who studied in the hall and online ("Trực tiếp | Trực tuyến" under those present);
# men and women ("Nam | Nữ").
_COUNT_PARTS = {
    f"{members}{part}": (split, kind)
    for members in ("", "dv ", "dang vien ", "so dv ", "so dang vien ", "hoc ")
    for split, pair in (("standing", (("chinh thuc", 0), ("du bi", 1))),
                        ("mode", (("truc tiep", 0), ("tap trung", 0), ("truc tuyen", 1),
                                  ("online", 1))),
                        ("sex", (("nam", 0), ("nu", 1))))
    for part, kind in pair
}


def _parts_of_a_count(groups: list[str], bottom: list[str], field: str
                      ) -> tuple[tuple[int, ...], str | None]:
    """The two columns of a count's group ("Số đảng viên phải học", `field` "expected"; "Số
    ĐV có mặt", "attended") when its only sub-columns are the two parts of one split of its
    members (`_COUNT_PARTS`: "Chính thức | Dự bị", "Trực tiếp | Trực tuyến", "Nam | Nữ"),
    and that split's name; else ((), None).

    The count is their sum (QA round 14 k01a: official and probationary members were
    refused as rival head counts; QA round 49: those present in the hall and online went
    unread, and those present were worked out from the absent, 97 for the 80 typed). Any
    other sub-column under the group (a "Tổng số", a third part) leaves the table as it
    was: the total read, or the columns refused."""
    for group, label in zip(groups, bottom, strict=False):
        if _part_key(label) not in _COUNT_PARTS or field_for_header(group) != field:
            continue
        under = [index for index, name in enumerate(groups)
                 if name == group and index < len(bottom) and bottom[index]]
        parts = {_COUNT_PARTS.get(_part_key(bottom[index])) for index in under}
        if len(under) == 2 and len(parts) == 2 and None not in parts \
                and len({split for split, _ in parts}) == 1 \
                and {kind for _, kind in parts} == {0, 1}:
            return tuple(under), next(iter(parts))[0]
        return (), None
    return (), None


def _part_key(label: str) -> str:
    """A part's label folded, its column's number aside ("4.1 Chính thức", "(4.2) Dự bị":
    QA round 53 #9, the parts went unread and the row was refused)."""
    return fold(_COLUMN_NUMBER.sub("", label, count=1))


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})?\)?[.):]?\s+(?=\D)")


# Sub-labels that say how a figure is given, not what it is: "Có mặt" over "Số lượng | %".
_QUANTITY_WORDS = frozenset({"so luong", "sl", "so nguoi", "so", "nguoi", "number"})
_PARTS_OF_DAY = frozenset({"sang", "chieu", "toi", "morning", "afternoon", "evening"})


def _yes_or_no(group: str, label: str) -> str:
    """A roll-call's "Có mặt" (or "Điểm danh") over "Có | Không": the first is those present,
    the second those who were not. Read as two columns of one mark, every row was refused
    (QA round 29)."""
    answer = fold(label)
    if answer not in ("co", "khong", "yes", "no") or field_for_header(group) not in (
            "attended", "marker"):
        return label
    return "Có mặt" if answer in ("co", "yes") else "Không có mặt"


def _splits_figure(group: str, label: str) -> bool:
    """A figure's group over sub-columns that split it by phase ("Có mặt" over "Giai đoạn 1 |
    Giai đoạn 2") or by session ("Buổi sáng | Buổi chiều", "Lần 1 | Lần 2", "12/3 | 19/3",
    "Sáng | Chiều"), or say it is the number ("Số lượng"): each sub-column is the group's
    figure (then phases or sessions side by side are rivals, and a roll-call's are its
    sessions), not a phase or class column nor a nameless one. "Buổi sáng" read as a class
    column put a count of those present in the class's place, and the afternoon's count
    was taken for the day's, silently (QA round 19)."""
    key = fold(label)
    return field_for_header(group) in COUNT_FIELDS and (
        key in _QUANTITY_WORDS or key in _PARTS_OF_DAY or _PHASE_NAME.match(key) is not None
        or session_name(label) is not None)


# Figures that must come from one column; labels (unit, class) may repeat harmlessly.
RIVAL_FIELDS = ("expected", "attended", "absent_total", "absent_excused", "absent_unexcused",
                "marker")


def must_attend(label: str) -> bool:
    """"Số phải học", "Số triệu tập": who had to attend, total members less the exempt."""
    padded = f" {fold(label).replace('/', ' ')} "
    return " phai " in padded or " trieu tap " in padded


def _rank(field: str, label: str) -> tuple[bool, bool]:
    """How precisely a header names its figure: (who must attend, a listed column name)."""
    listed = field_for_header(label, keywords=False) == field
    return (field == "expected" and must_attend(label), listed)


def _valid_header(first: int, body: int, columns: dict, labels: dict,
                  rivals: tuple = (), sessions: tuple = (),
                  session_ticks: tuple = (), parts: tuple = ()) -> Header | None:
    session_columns = {position for position, _ in sessions}
    if sessions and "name" in columns and "expected" not in columns \
            and all(position in session_columns for field, position in columns.items()
                    if field in ("marker", "attended")):
        # One marker column per session: the first stands for them all (sheet.py reads
        # each person once per session); "Buổi 1" is no class column, nor a rival marker.
        columns = {field: position for field, position in columns.items()
                   if position not in session_columns}
        labels = {field: label for field, label in labels.items() if field in columns}
        columns["marker"], labels["marker"] = sessions[0]
        rivals = tuple(rival for rival in rivals if rival[1] not in session_columns)
    else:
        sessions = session_ticks = ()
    has_label = any(field in columns for field in ("unit", "name", "session", "cell"))
    has_value = any(field in columns for field in VALUE_FIELDS)
    if not (has_label and has_value) or len(columns) < 2:
        return None
    statuses = [name for name in TICK_STATUS if name in columns]
    if "marker" not in columns and "name" in columns and statuses == ["attended"] \
            and "expected" not in columns:
        # A roll-call whose marker column is headed "Có mặt": x / v / P / KP under it.
        columns = dict(columns)
        labels = dict(labels)
        columns["marker"] = columns.pop("attended")
        labels["marker"] = labels.pop("attended")
        rivals = tuple(("marker" if field == "attended" else field, position, label)
                       for field, position, label in rivals)
    rivals = tuple(rival for rival in rivals if rival[0] in columns)
    parts = tuple((field, under) for field, under in parts if columns.get(field) == under[0])
    return Header(first_row=first, body_start=body, columns=columns, labels=labels,
                  rivals=rivals, sessions=sessions, session_ticks=session_ticks, parts=parts)


# --- numbers -------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# Thousands grouped with one mark and decimals after the other: "1.250,0", "1,250.00".
_GROUPED_DECIMAL = re.compile(r"^([+-]?\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*)([.,])(\d+)$")


# "120 đ/c", "3 đ.c", "80 người", "45 ĐV": the count with the word for what it counts (QA
# round 85 scenario: "2 đ.c" refused as no number beside "45 đ/c").
_COUNTED_WORD = re.compile(r"(?<=\d)\s*(?:đ/c|đ/ c|đ\.c|đ\. c|đc|đồng chí|người|ng|đv|đảng viên)"
                           r"\.?$", re.IGNORECASE)


# A footnote's mark after a count: "45*", "45 (a)", "45(*)" (QA round 35: refused as no
# number). Not "45 (2)": a figure in brackets may be a part of the count.
_FOOTNOTE_MARK = re.compile(r"(?<=\d)(?:\*+|\((?:\*+|[A-Za-z])\))$")


def parse_count(value: object) -> tuple[int | None, str | None]:
    """A head count as typed: 45, 45.0, "45", "1.250" (Vietnamese thousands), "1 250"."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        return None, f"'{value}' không phải là số (not a number)"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if value != value:
            return None, None
        if value.is_integer():
            return int(value), None
        if abs(value - round(value)) <= 1e-9 * max(1.0, abs(value)):
            # What a formula leaves behind (=B2*0.1*10 gives 4.000000000000001): the count
            # is 4. Refused as "'4' is no whole number" (QA round 26).
            return round(value), None
        return None, _not_whole(f"{value:.10g}", value)
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return None, f"'{value}' là ngày tháng, không phải số người (a date, not a head count)"
    text = clean_text(value)
    if text.rstrip(".")[-1:].isalpha():
        # "120 đ/c", "80 người", "7 đc.": the count with the word for what it counts.
        text = _COUNTED_WORD.sub("", text)
    text = _FOOTNOTE_MARK.sub("", text.replace(" ", ""))  # a mark only follows a digit
    if not text or text in DASHES:
        return None, None
    if _THOUSANDS.match(text):
        return int(re.sub(r"[.,]", "", text)), None
    grouped = _GROUPED_DECIMAL.match(text)
    if grouped and grouped.group(2) != grouped.group(3):
        # "1.250,0", as Excel's Vietnamese "#.##0,0" prints 1250, and "1,250.0" (QA round 36).
        if grouped.group(4).strip("0"):
            return None, f"'{clean_text(value)}' không phải số nguyên (not a whole number)"
        return int(re.sub(r"[.,]", "", grouped.group(1))), None
    if _NUMBER.match(text):
        number = float(text.replace(",", "."))
        if number.is_integer():
            return int(number), None
        return None, _not_whole(clean_text(value), number)
    if text.endswith("%") and _NUMBER.match(text[:-1]):
        return None, (f"'{clean_text(value)}' là tỷ lệ, không phải số người (a rate, not a "
                      "head count)")
    return None, f"'{clean_text(value)}' không phải là số (not a number)"


def _not_whole(shown: str, number: float) -> str:
    """Why a fraction is no head count: between 0 and 1, most likely a rate typed in the
    count's column (QA round 44: "0,95" under "Có mặt" said only "not a whole number")."""
    if 0 < number < 1:
        return f"'{shown}' trông như tỷ lệ, không phải số người (looks like a rate, not a " \
               "head count)"
    return f"'{shown}' không phải số nguyên (not a whole number)"


def parse_counts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised parse_count: (nullable Int64 counts, error text or NA) for a column."""
    parsed = [parse_count(value) for value in values.tolist()]
    return count_series([count for count, _ in parsed], [error for _, error in parsed],
                        values.index)


def count_series(counts: list[int | None], errors: list[str | None],
                 index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """`parse_counts`' answer from parse_count's counts and errors, worked out already."""
    return (pd.Series(pd.array(counts, dtype="Int64"), index=index, dtype="Int64"),
            pd.Series(pd.array(errors, dtype="str"), index=index, dtype="str"))


def parse_rate(value: object) -> float | None:
    """'96,5%', '96.5', 0.965 -> 0.965; values above 1 are percentages."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = clean_text(value).replace(" ", "").rstrip("%")
        if not _NUMBER.match(text):
            return None
        number = float(text.replace(",", "."))
    if number != number:
        return None
    return number / 100 if number > 1 else number


def marker_status(value: object) -> str | None:
    """present / absent_excused / absent_unexcused / absent_unspecified, or None if unknown."""
    text = clean_text(value)
    if text in TICK_MARKS:
        return "present"
    if text in CROSS_MARKS:
        return "absent_unspecified"
    status = MARKERS.get(fold(text))
    if status is None and (parts := _marker_and_reason(text)) is not None:
        # "P (ốm)", "Vắng - ốm", "Vắng: công tác": the marker, with its reason after it.
        marker, reason = (MARKERS.get(fold(part)) for part in parts)
        status = marker
        if None not in (marker, reason) and (marker == "present") != (reason == "present"):
            status = None  # "x, v", "Có - vắng": there and away, no one thing said
        elif marker == "absent_unspecified" and reason in ("absent_excused",
                                                           "absent_unexcused") \
                and fold(parts[0]) != "k":
            # "Vắng" says only that someone was away; the reason says which kind of absence,
            # as it does typed alone. A marker's own kind ("P", "KP") is never overruled, nor
            # is "K", which beside "P" is unexcused ("K (đi làm ăn xa)": QA round 59 #11).
            status = reason
    if status is None and "+" not in text:
        # A marker of two words or more with more said after it: "Đi muộn 30 phút", "Nằm
        # viện điều trị" (QA round 18 h18). One letter ("x", "v") never starts a longer text;
        # several ticked columns ("Có mặt: x + Vắng CP: x") say no one thing.
        key = fold(text)
        status = next((MARKERS[marker] for marker in _LONG_MARKERS
                       if key.startswith(marker + " ")), None)
    return status


# Markers of two words or more, longest first, for `marker_status`'s prefix reading.
_LONG_MARKERS = sorted((marker for marker in MARKERS if " " in marker), key=len, reverse=True)


# A marker, then its reason after a dash, a colon or a comma: "Vắng - ốm", "Vắng: công
# tác", a form's answer "Có, nhưng đến muộn" (QA round 85: a Google Forms roll-call's
# answer refused as an unknown marker). One reason only: "Có mặt: x + Vắng CP: x" (two tick
# columns of one session) is no marker.
_DASHED_REASON = re.compile(r"^(?P<marker>[^\-–:,]+?)\s*[-–:,]\s*(?P<reason>[^\-–:+]+)$")


def _marker_and_reason(text: str) -> tuple[str, str] | None:
    """(marker, reason) of a marker written with its reason, in brackets or after a dash, a
    colon or a comma."""
    if "(" in text:
        marker, _, reason = text.partition("(")
        return marker, reason.split(")", 1)[0]
    dashed = _DASHED_REASON.match(text)
    return (dashed["marker"], dashed["reason"]) if dashed else None


TOTALS_LABELS = frozenset(fold(label) for label in TOTALS_LABELS_WRITTEN)


def is_totals_key(key: object) -> bool:
    """A folded label ("Tổng cộng", "Cộng", "Tổng số") that is a totals row's whole label.

    Longer labels ("Tổng cộng toàn quận", "Cộng P. Bồ Đề") depend on the column they are in
    (sheet._totals_label)."""
    return isinstance(key, str) and key in TOTALS_LABELS


def is_footer_text(value: object) -> bool:
    key = fold(value)
    return bool(key) and (key.startswith(FOOTER_WORDS) or bool(_DATE_LINE.search(key)))


# A signature block's date line, folded: a place at most, then the date and nothing after.
_PLACE_BEFORE_DATE = r"^(?:([a-z ]{1,40}) )?ngay "
_DATE_WORDS = r"\d{1,2} thang \d{1,2} nam \d{4}"
_SIGNATURE_DATE = re.compile(_PLACE_BEFORE_DATE + _DATE_WORDS + "$")
# The place and date line, in words or in figures ("Hà Nội, ngày 26/9/2025"), folded, with
# the words before "ngày" apart.
_PLACE_DATE = re.compile(_PLACE_BEFORE_DATE + rf"(?:{_DATE_WORDS}|\d{{1,2}}([/.-])\d{{1,2}}\2"
                         r"\d{2,4})$")
# Words that make the words before a date no place: a class's day ("Điểm danh buổi học ngày
# 20/9"), another document's ("Căn cứ Kế hoạch ... ngày 28 tháng 8"), a period (QA round 52).
_NO_PLACE_WORDS = frozenset({"can", "cu", "ke", "hoach", "buoi", "hoc", "tap", "diem", "danh",
                             "bao", "cao", "so", "quyet", "dinh", "nghi", "thong", "tri", "tu",
                             "den", "lop", "ngay", "kem", "theo", "cong", "van"})
# The line left as the form has it: "Long Biên, ngày …… tháng …… năm 2025", folded.
_BLANK_DATE_LINE = re.compile(r"^(?:[a-z ]{1,40} )?ngay thang nam(?: \d{2,4})?$")


def is_signature_date(value: object) -> bool:
    """"Long Biên, ngày 12 tháng 9 năm 2015", or a date cell on its own."""
    if not isinstance(value, str):
        return isinstance(value, dt.date)
    return bool(_SIGNATURE_DATE.match(fold(value))) or is_date_only(value)


def is_dated_line(value: object) -> bool:
    """The place and date a report is signed on, in words or figures: "Long Biên, ngày 24
    tháng 9 năm 2025", "Hà Nội, ngày 26/9/2025"."""
    return isinstance(value, str) and _is_dated_line(value)


def is_blank_date_line(value: object) -> bool:
    """That line left blank, as the form gives it: "ngày …… tháng …… năm 2025"."""
    return isinstance(value, str) and _is_blank_date_line(value)


# Every sheet of a workbook repeats its title block and signature lines.
@functools.lru_cache(maxsize=1 << 12)
def _is_dated_line(text: str) -> bool:
    found = _PLACE_DATE.match(fold(text))
    if found is None:
        return False
    place = (found.group(1) or "").split()
    return len(place) <= 5 and not _NO_PLACE_WORDS.intersection(place)


@functools.lru_cache(maxsize=1 << 12)
def _is_blank_date_line(text: str) -> bool:
    return bool(_BLANK_DATE_LINE.match(fold(text)))


def is_date_only(text: str) -> bool:
    """A cell that is nothing but a date, as the signature block's date often is."""
    return bool(_DATE_ONLY.match(text.strip()))


# --- dates ---------------------------------------------------------------------------------

_DATE_IN_WORDS = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")
# The sentence may end after the year ("ngày 26/9/2025."; QA round 51: read as no date);
# another figure may not ("26/9/2025/1", "26.9.2025.1").
_DATE_IN_FIGURES = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d|[/.-]\d)")
# "2025-09-26", as a program writes a date (QA round 51: read as no date).
_ISO_DATE_TEXT = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?!\d|[/.-]\d)")
# "Ngày 26/11/15": a two-digit year only right after "ngày", where it cannot be anything else.
_DATE_SHORT_YEAR = re.compile(r"ngay (\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])")


def dates_in(value: object) -> tuple[dt.date, ...]:
    """Calendar dates in a cell, day first as written in Vietnam.

    A date cell; "Long Biên, ngày 25 tháng 11 năm 2015"; "25/11/2015", "25-11-2015",
    "25.11.2015", "2015-11-25". A month alone ("tháng 9/2015") or an impossible date is no date.
    """
    if isinstance(value, dt.datetime):
        return (value.date(),)
    if isinstance(value, dt.date):
        return (value,)
    if not isinstance(value, str):
        return ()
    return _dates_in_text(value)


def column_dates(values: list) -> list[dt.date]:
    """The dates of a column of dates, day first; month first where one of its texts can be
    read no other way ("09/19/2025", as an English-locale export writes them) and every one
    can be read so (QA round 51: "09/12/2025" then "09/19/2025" gave 9 December, a report
    75 days late, the second cell dropped)."""
    texts = [value for value in values if isinstance(value, str)]
    pairs = [match for text in texts for match in _DATE_IN_FIGURES.findall(clean_text(text))]
    if any(int(first) <= 12 < int(second) for first, _, second, _ in pairs):
        month_first = []
        for first, _, second, year in pairs:
            try:
                month_first.append(dt.date(int(year), int(first), int(second)))
            except ValueError:
                break
        else:
            return month_first + [date for value in values if not isinstance(value, str)
                                  for date in dates_in(value)]
    return [date for value in values for date in dates_in(value)]


def dates_of_each(values: list, likely: Callable[[list], object] | None = None
                  ) -> list[dt.date | None]:
    """Each value's first date, read as `column_dates` reads the column: day first, month
    first where one text can be read no other way and every one can be read so (QA round 61
    #5: "9/30/2025" beside "29/09/2025" made "02/10/2025" 10 February). Where every text can
    be read either way, the reading that puts more dates where they are `likely` (a
    campaign's weeks: `likely` scores a reading, the dates in the values' order), day first
    on a tie (QA round 61 #6: "10/1/2025", "10/2/2025" were January and February, months
    before the campaign). Year first too ("2025/09/12 9:47:31 AM GMT+7", Google Forms' CSV:
    QA round 64 #1). None where a value holds none."""
    texts = [clean_text(value) for value in values if isinstance(value, str)]
    pairs = [match for text in texts for match in _DATE_IN_FIGURES.findall(text)]
    readable = bool(pairs) and all(int(first) <= 12 for first, _, _, _ in pairs)
    forced = any(int(first) <= 12 < int(second) for first, _, second, _ in pairs)

    def read_as(pattern: re.Pattern, year: int, month: int, day: int, value: object
                ) -> dt.date | None:
        """The date `pattern` finds in a text, its groups numbered year, month, day."""
        match = pattern.search(clean_text(value)) if isinstance(value, str) else None
        try:
            return dt.date(int(match[year]), int(match[month]), int(match[day])) \
                if match else None
        except ValueError:
            return None

    def month_first_date(value: object) -> dt.date | None:
        return read_as(_DATE_IN_FIGURES, 4, 1, 3, value)

    def year_first_date(value: object) -> dt.date | None:
        return read_as(_YEAR_FIRST, 1, 2, 3, value)

    def read(month_first: bool) -> list[dt.date | None]:
        # A text that can be read only the other way is read so ("9/30/2025" among days
        # first).
        return [(month_first_date(value) if month_first else None)
                or next(iter(dates_in(value)), None) or month_first_date(value)
                or year_first_date(value) for value in values]

    day_first = read(False)
    if not readable:
        return day_first
    if forced:
        return read(True)
    if likely is None or all(int(first) == int(second) for first, _, second, _ in pairs):
        return day_first
    month_first = read(True)
    return month_first if likely(month_first) > likely(day_first) else day_first


# "2025/09/12", "2025.9.12": a date year first with another mark than ISO's dash.
_YEAR_FIRST = re.compile(r"(?<![\d/.-])(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?![\d/.])")


@functools.lru_cache(maxsize=1 << 12)
def _dates_in_text(value: str) -> tuple[dt.date, ...]:
    # Every sheet of a workbook repeats its title block and signature lines.
    folded = fold(value)
    found = [(day, month, year) for day, month, year in _DATE_IN_WORDS.findall(folded)]
    found += [(day, month, year)
              for day, _, month, year in _DATE_IN_FIGURES.findall(clean_text(value))]
    found += [(day, month, f"20{year}") for day, month, year in _DATE_SHORT_YEAR.findall(folded)]
    found += [(day, month, year) for year, month, day in _ISO_DATE_TEXT.findall(value)]
    dates = []
    for day, month, year in found:
        try:
            dates.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return tuple(dates)

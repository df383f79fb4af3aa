"""`python -m analysis new <campaign-id>`: a new campaign folder whose files arrive clean.

Creates `data/raw/<campaign-id>/` with a campaign.toml to fill in and two blank templates
that wards copy, fill in and send back:

* `mau-bao-cao-tong-hop.xlsx` (summary): one row per unit (or party cell, or class) and phase,
  with the counts;
* `mau-diem-danh.xlsx` (roll-call): one row per person with a roll-call marker.

Both carry a one-row header the loader recognises (analysis.clean), drop-down lists for the
units and phases of campaign.toml and for the markers (x, v, P, KP), whole-number >= 0
checks on every count, rows whose counts do not add up shaded, a frozen header, column
widths for A4 landscape, and a "Hướng dẫn" (instructions) sheet that the loader skips as a
sheet without a table (`is_instructions_sheet` tells it apart from other skipped sheets, so a
filled-in template is not reported with a sheet skipped). Files are byte-identical for the
same campaign.toml.

After editing the phases or units in campaign.toml, `--refresh-templates` rewrites the two
templates' lists (it refuses to overwrite a template somebody filled in).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analysis.campaign import CONFIG_NAME, Campaign, CampaignError, load_campaign
from analysis.errors import BilingualError
from analysis.export import write_xlsx
from analysis.lineage import load_lineage
from analysis.units import LONG_BIEN_WARDS_2015

SUMMARY_TEMPLATE = "mau-bao-cao-tong-hop.xlsx"
ROSTER_TEMPLATE = "mau-diem-danh.xlsx"
INSTRUCTIONS_SHEET = "Hướng dẫn"
HEADER_ROW = 4  # title, subtitle, the report's date, then the header
DATE_CELL = "B3"  # the loader reads a date in the title block as the report's date
FIRST_ROW = HEADER_ROW + 1
LAST_ROW = FIRST_ROW + 1999  # drop-downs and checks reach this far: 2,000 rows
MARKERS = ("x", "v", "P", "KP")
UNIT_SETS = ("2025", "2015")

# (header, width, what it holds): header names are those of analysis.clean.COLUMN_ALIASES.
SUMMARY_COLUMNS = (
    ("STT", 6, "row_number"), ("Đơn vị", 24, "unit"), ("Chi bộ", 22, "cell"),
    ("Giai đoạn", 14, "phase"), ("Lớp", 20, "session"), ("Tổng số đảng viên", 12, "count"),
    ("Có mặt", 10, "count"), ("Vắng có lý do", 10, "count"),
    ("Vắng không lý do", 11, "count"), ("Ghi chú", 24, "note"),
)
ROSTER_COLUMNS = (
    ("STT", 6, "row_number"), ("Họ và tên", 26, "name"), ("Đơn vị", 22, "unit"),
    ("Chi bộ", 22, "cell"), ("Giai đoạn", 14, "phase"), ("Lớp", 18, "session"),
    ("Điểm danh", 11, "marker"), ("Ghi chú", 24, "note"),
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_BAD_FILL = PatternFill("solid", fgColor="F8D0D0")


class ScaffoldError(BilingualError):
    """A campaign folder that cannot be created, in one sentence saying what and where
    (Vietnamese, then English in brackets)."""


@dataclass(frozen=True)
class Scaffold:
    folder: Path
    files: tuple[Path, ...]


# --- the folder ----------------------------------------------------------------------------


def new_campaign(campaign_id: str, raw_root: Path | str = "data/raw", *, units: str = "2025",
                 title: str | None = None) -> Scaffold:
    """Create raw_root/<campaign_id>/ with campaign.toml and the two templates; never overwrite."""
    if not _ID.match(campaign_id):
        raise ScaffoldError(
            f"'{campaign_id}' không dùng được làm mã đợt: hãy dùng chữ cái không dấu, chữ số, "
            "'-', '_' hoặc '.', bắt đầu bằng chữ cái hoặc chữ số (ví dụ 2026-nghi-quyet-xiv)",
            f"'{campaign_id}' cannot be a campaign id: use letters, digits, '-', '_' or '.', "
            "starting with a letter or digit (e.g. 2026-nghi-quyet-xiv)",
        )
    if units not in UNIT_SETS:
        raise ScaffoldError(f"units phải là một trong {', '.join(UNIT_SETS)}, không phải "
                            f"'{units}'",
                            f"units must be one of {', '.join(UNIT_SETS)}, got '{units}'")
    raw_root = Path(raw_root)
    folder = raw_root / campaign_id
    if folder.exists():
        raise ScaffoldError(f"{folder} đã có; hãy chọn mã đợt khác, hoặc dùng "
                            "--refresh-templates để viết lại các tệp mẫu trong đó",
                            f"{folder} already exists; choose another campaign id, or use "
                            "--refresh-templates to rewrite its templates")
    raw_root.mkdir(parents=True, exist_ok=True)
    # Built beside the target and renamed: an interrupted run leaves no half-made folder.
    build = Path(tempfile.mkdtemp(prefix=f".{campaign_id}.new-", dir=raw_root))
    try:
        os.chmod(build, 0o755)
        (build / CONFIG_NAME).write_text(campaign_toml(campaign_id, units=units, title=title),
                                         encoding="utf-8", newline="\n")
        campaign = load_campaign(build)
        write_templates(campaign, build)
        os.replace(build, folder)
    finally:
        if build.exists():
            shutil.rmtree(build, ignore_errors=True)
    return Scaffold(folder, tuple(sorted(folder.iterdir())))


def refresh_templates(folder: Path | str) -> Scaffold:
    """Rewrite the templates from the folder's (edited) campaign.toml, unless filled in."""
    folder = Path(folder)
    try:
        campaign = load_campaign(folder)
    except CampaignError as error:
        raise ScaffoldError.wrap(error) from error
    for name in (SUMMARY_TEMPLATE, ROSTER_TEMPLATE):
        if (folder / name).is_file() and has_entries(folder / name):
            raise ScaffoldError(
                f"{folder / name} đã được điền số liệu; hãy đổi tên tệp (giờ nó là dữ liệu) rồi "
                "chạy lại --refresh-templates",
                f"{folder / name} has been filled in; rename it (it is data now) and run "
                "--refresh-templates again",
            )
    return Scaffold(folder, tuple(write_templates(campaign, folder)))


def campaign_toml(campaign_id: str, *, units: str = "2025", title: str | None = None) -> str:
    """The campaign.toml to fill in: two phases without dates, the units of the chosen map."""
    if units == "2025":
        names = list(dict.fromkeys(entry.new_ward for entry in load_lineage().entries))
        names.sort(key=lambda name: name.casefold())
        place = "Hà Nội"
        units_note = ("# Units: the wards of Hà Nội from 2025-07-01 that took over Long Biên "
                      "district's wards\n# (analysis/data/lineage_long_bien_2025.csv). Add the "
                      "other party committees (kind =\n# \"committee\") and district-level "
                      "classes if any; `aliases` lists other spellings.")
    else:
        names = list(LONG_BIEN_WARDS_2015)
        place = "Quận Long Biên, Hà Nội"
        units_note = ("# Units: Long Biên district's 14 wards before 2025. For trends on the "
                      "new wards, a unit may\n# name the ward it became part of: "
                      "successor = \"Bồ Đề\" (else the shipped lineage is used).")
    title = title or f"{campaign_id} (điền tên đợt học tập / fill in the campaign's title)"
    blocks = "\n".join(f'[[units]]\nname = "{name}"\nkind = "ward"\n' for name in names)
    return f'''\
# campaign.toml of {campaign_id}, made by `python -m analysis new`. Fill in the title, the
# phases' dates (trends put campaigns in order by them) and the units, then put the wards'
# filled-in copies of {SUMMARY_TEMPLATE} / {ROSTER_TEMPLATE} in this folder
# (sub-folders are fine). After changing phases or units, refresh the templates' lists:
#   python -m analysis new {campaign_id} --refresh-templates
[campaign]
id = "{campaign_id}"
title = "{_toml_text(title)}"
target = 0.95            # participation target, a fraction
lang = "vi"              # "vi" or "en": language of charts and tables
place = "{place}"

[[phases]]
id = "1"
label = "Giai đoạn 1"
# start = "YYYY-MM-DD"
# end = "YYYY-MM-DD"

[[phases]]
id = "2"
label = "Giai đoạn 2"
# start = "YYYY-MM-DD"
# end = "YYYY-MM-DD"

# The templates have a "Giai đoạn" column. Files without one get their phase from a rule:
# [[sources]]
# glob = "giai-doan-1/*"
# phase = "1"

{units_note}
{blocks}'''


def _toml_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# --- the templates -------------------------------------------------------------------------


def write_templates(campaign: Campaign, folder: Path) -> list[Path]:
    """Both templates for this campaign's phases and units, byte-identical for the same toml."""
    written = []
    for name, columns, title in (
        (SUMMARY_TEMPLATE, SUMMARY_COLUMNS, "BÁO CÁO TỔNG HỢP KẾT QUẢ HỌC TẬP"),
        (ROSTER_TEMPLATE, ROSTER_COLUMNS, "DANH SÁCH ĐIỂM DANH"),
    ):
        path = folder / name
        write_xlsx(template_workbook(campaign, columns, title), path)
        written.append(path)
    return written


def template_workbook(campaign: Campaign, columns, title: str) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Điểm danh" if columns is ROSTER_COLUMNS else "Tổng hợp"
    guide = workbook.create_sheet(INSTRUCTIONS_SHEET)
    unit_range, phase_range = _instructions(guide, campaign, columns)

    width = len(columns)
    last_letter = get_column_letter(width)
    sheet["A1"] = f"{title} – {campaign.title}"
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = ("Điền từ dòng 5, mỗi dòng một " + ("người" if columns is ROSTER_COLUMNS
                                                       else "đơn vị (chi bộ, lớp) trong một "
                                                       "giai đoạn")
                   + f"; xem trang '{INSTRUCTIONS_SHEET}'. Không sửa dòng tiêu đề cột.")
    sheet["A2"].font = Font(italic=True, size=9)
    sheet.merge_cells(f"A1:{last_letter}1")
    sheet.merge_cells(f"A2:{last_letter}2")
    sheet["A3"] = "Ngày báo cáo:"
    sheet["A3"].font = Font(bold=True, size=9)
    date_cell = sheet[DATE_CELL]
    date_cell.number_format = "DD/MM/YYYY"
    date_cell.border = _BORDER
    date_rule = DataValidation(type="date", operator="greaterThan", formula1="36526",
                               allow_blank=True, showErrorMessage=True, errorStyle="stop",
                               errorTitle="Ngày không hợp lệ",
                               error="Nhập ngày lập báo cáo, dạng ngày/tháng/năm.",
                               showInputMessage=True, promptTitle="Ngày báo cáo",
                               prompt="Ngày lập báo cáo (ngày/tháng/năm): hạn nộp tính "
                               "theo ngày này")
    sheet.add_data_validation(date_rule)
    date_rule.add(DATE_CELL)
    for position, (header, column_width, _) in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, position, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(position)].width = column_width
    sheet.row_dimensions[HEADER_ROW].height = 30
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    letters = {kind: [get_column_letter(position) for position, (_, _, k) in
                      enumerate(columns, start=1) if k == kind]
               for kind in ("unit", "phase", "count", "marker")}
    rows = f"{FIRST_ROW}:{LAST_ROW}"
    for letter in letters["unit"]:
        _add(sheet, _list_rule(unit_range, "Đơn vị không có trong campaign.toml",
                               "Chọn đơn vị trong danh sách (hoặc báo người tổng hợp thêm vào "
                               "campaign.toml).", strict=False), letter, rows)
    for letter in letters["phase"]:
        _add(sheet, _list_rule(phase_range, "Giai đoạn không có trong campaign.toml",
                               "Chọn giai đoạn trong danh sách.", strict=False), letter, rows)
    for letter in letters["marker"]:
        _add(sheet, _list_rule('"' + ",".join(MARKERS) + '"', "Ký hiệu điểm danh không hợp lệ",
                               "Chỉ dùng x (có mặt), v (vắng), P (vắng có lý do), "
                               "KP (vắng không lý do).", strict=True), letter, rows)
    if letters["count"]:
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                              allow_blank=True, showErrorMessage=True, errorStyle="stop",
                              errorTitle="Số không hợp lệ",
                              error="Nhập số nguyên từ 0 trở lên (không nhập chữ, số lẻ, %).",
                              showInputMessage=True, promptTitle="Số người",
                              prompt="Số nguyên ≥ 0")
        sheet.add_data_validation(rule)
        for letter in letters["count"]:
            rule.add(f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}")
        expected, attended, excused, unexcused = letters["count"]
        # Shade a row whose counts do not add up: the loader would reject it.
        formula = (f"AND(COUNT(${expected}{FIRST_ROW}:${unexcused}{FIRST_ROW})>0,"
                   f"${expected}{FIRST_ROW}<>${attended}{FIRST_ROW}+${excused}{FIRST_ROW}"
                   f"+${unexcused}{FIRST_ROW})")
        sheet.conditional_formatting.add(
            f"A{FIRST_ROW}:{last_letter}{LAST_ROW}",
            FormulaRule(formula=[formula], fill=_BAD_FILL, stopIfTrue=False))
    workbook.active = 0
    workbook.properties.title = campaign.title
    return workbook


def _list_rule(source: str, title: str, message: str, *, strict: bool) -> DataValidation:
    return DataValidation(type="list", formula1=source, allow_blank=True,
                          showDropDown=False,  # False shows the arrow (OOXML's odd naming)
                          showErrorMessage=True, errorStyle="stop" if strict else "warning",
                          errorTitle=title, error=message)


def _add(sheet, rule: DataValidation, letter: str, rows: str) -> None:
    first, last = rows.split(":")
    sheet.add_data_validation(rule)
    rule.add(f"{letter}{first}:{letter}{last}")


def _instructions(guide, campaign: Campaign, columns) -> tuple[str, str]:
    """The instructions, and the lists the drop-downs use (columns F and G).

    Every line of text is a sentence of more than eight words, so the loader never takes it
    for a column header and skips the sheet as one without a table.
    """
    roster = columns is ROSTER_COLUMNS
    lines = [
        "HƯỚNG DẪN",
        f"Mẫu này dùng cho đợt: {campaign.title}.",
        "Điền từ dòng 5 của trang đầu tiên, không sửa, không xóa dòng tiêu đề cột.",
        "Cột Đơn vị và cột Giai đoạn: chọn trong danh sách thả xuống, không gõ tay.",
        "Có thể thêm trang tính hoặc lưu nhiều tệp, miễn là giữ nguyên tiêu đề cột.",
    ]
    if roster:
        lines += [
            "Mỗi dòng là một đảng viên; cột Điểm danh chỉ nhận một trong bốn ký hiệu sau:",
            "x là có mặt; v là vắng chưa rõ lý do; P là vắng có lý do; KP là vắng không lý "
            "do.",
            "Không để trống cột Điểm danh: dòng để trống sẽ bị loại khi tổng hợp số liệu.",
        ]
    else:
        lines += [
            "Mỗi dòng là một đơn vị, chi bộ hoặc lớp học trong một giai đoạn của đợt học.",
            "Các cột số chỉ nhận số nguyên từ 0 trở lên, không nhập chữ hay dấu phần trăm.",
            "Tổng số đảng viên phải bằng có mặt cộng vắng có lý do cộng vắng không lý do.",
            "Dòng có số không khớp sẽ được tô đỏ, cần sửa lại trước khi gửi báo cáo.",
            "Không thêm dòng Tổng cộng: số liệu tổng sẽ được tính lại từ các dòng chi tiết.",
        ]
    lines += [f"Ghi ngày lập báo cáo vào ô {DATE_CELL} của trang đầu: hạn nộp được tính theo "
              "ngày này.",
              "Người lập biểu ghi họ tên và số điện thoại ở cuối thư gửi kèm tệp này."]
    for row, text in enumerate(lines, start=1):
        guide.cell(row, 1, text).font = Font(bold=row == 1)
    guide.column_dimensions["A"].width = 90
    units = [unit.name for unit in campaign.units]
    phases = [phase.label for phase in campaign.phases]
    guide.cell(1, 6, "Danh sách chọn").font = Font(bold=True)
    for row, name in enumerate(units, start=2):
        guide.cell(row, 6, name)
    for row, label in enumerate(phases, start=2):
        guide.cell(row, 7, label)
    guide.column_dimensions["F"].width = 30
    guide.column_dimensions["G"].width = 16
    quoted = f"'{INSTRUCTIONS_SHEET}'"
    return (f"{quoted}!$F$2:$F${len(units) + 1}", f"{quoted}!$G$2:$G${len(phases) + 1}")


def is_instructions_sheet(sheet: Mapping[str, object]) -> bool:
    """Whether a sheet of the manifest (`Ingest.files[...]["sheets"]`) is a template's
    instructions: named INSTRUCTIONS_SHEET (any case or Unicode form) and skipped for having
    no attendance table. Every filled-in template carries one; listing it as a skipped sheet
    would be noise. A sheet of that name that holds a table is read like any other."""
    name = sheet.get("sheet")
    return (sheet.get("status") == "no_table" and isinstance(name, str)
            and _folded_name(name) == _folded_name(INSTRUCTIONS_SHEET))


def _folded_name(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def has_entries(path: Path) -> bool:
    """Whether anything was typed below the header of a template's first sheet."""
    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True):
            if any(value not in (None, "") for value in row):
                return True
        return False
    finally:
        workbook.close()

"""Tables for people: translated headers, phase labels, counts and rates in the campaign's language.

The numbers stay in the CSVs; these are for notebooks and the report.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import ClassVar

import pandas as pd

from analysis import quality
from analysis.export import DATE_COLUMNS, HEADERS, labelled
from analysis.formatting import format_count, format_date, format_percent
from analysis.participation import named_classes
from analysis.pipeline import Results, accounting, with_counted_in_part
from analysis.scaffold import is_instructions_sheet

REPORT_ROWS = 200  # a briefing shows this many rows of a table; the CSVs hold them all
EMPTY_TABLE = {"vi": "Không có dòng nào.", "en": "None."}


class ReportTable(pd.DataFrame):
    """A DataFrame that shows itself without the row index, the way a briefing table looks.

    It stays a DataFrame (sort it, filter it, export it); only its HTML view differs. A table
    without rows says so in a sentence of its language `lang`, never a bare header.
    """

    _metadata: ClassVar[list[str]] = ["lang"]
    lang = "vi"

    @property
    def _constructor(self):
        return ReportTable

    def _repr_html_(self) -> str:
        if self.empty:
            return f"<p><em>{html.escape(EMPTY_TABLE[self.lang])}</em></p>"
        shown = pd.DataFrame(self.head(REPORT_ROWS))
        # A cell with nothing in it is blank, never "nan" (QA round 38).
        style = (shown.style.format(na_rep="").hide(axis="index").set_uuid("report")
                 .set_table_attributes('class="dataframe"')
                 .set_table_styles([{"selector": "td, th", "props": "white-space: nowrap;"}]))
        text = style.to_html()
        if len(self) > REPORT_ROWS:
            text += f"<p><em>{REPORT_ROWS} / {len(self)} …</em></p>"
        return text


def _report_table(frame: pd.DataFrame, lang: str) -> ReportTable:
    table = ReportTable(frame)
    table.lang = lang
    return table


class Headline:
    """The headline figure: large in a notebook or the report, plain text for nbval."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return (f'<p style="font-size:1.6em;font-weight:bold;margin:0.6em 0">'
                f"{html.escape(self.text)}</p>")


def headline(results: Results, phase: str | None = None) -> Headline:
    return Headline(results.headline_text(phase))


def _humanise(frame: pd.DataFrame, results: Results) -> ReportTable:
    lang = results.campaign.lang
    # Kinds, codes, phases, rules and severities in words, as summary.xlsx shows them.
    shown = labelled(frame.copy(), lang, **quality.word_labels(results.campaign))
    for name in shown.columns:
        if name == "rate":
            # Never "95,0%" for 94,995% under a 95% target: the headline says 94,995%.
            shown[name] = shown[name].map(lambda value: format_percent(
                value, lang, target=results.campaign.target))
        elif pd.api.types.is_integer_dtype(shown[name]) and name != "source_row":
            shown[name] = shown[name].map(lambda value: format_count(value, lang))
        elif name in DATE_COLUMNS:
            shown[name] = shown[name].map(
                lambda day: format_date(day.isoformat()) if isinstance(day, dt.date) else "")
    return _report_table(shown.rename(columns=HEADERS[lang]), lang)


def phase_table(results: Results) -> pd.DataFrame:
    table = results.by_phase
    if "units_unexpected" in table and not table["units_unexpected"].any():
        # Shown where a phase's rate holds units not listed for it: zeros say nothing.
        table = table.drop(columns="units_unexpected")
    return _humanise(table, results)


def ward_table(results: Results, phase: str | None = None) -> pd.DataFrame:
    table = results.ward_phase
    if phase is not None:
        table = table[table["phase"] == phase]
    # The absences side by side, then the rate: the CSV keeps its contract's order, with the
    # absences whose reason was not given last.
    absences = [name for name in ("absent_excused", "absent_unexcused", "absent_unspecified")
                if name in table]
    order = [name for name in table.columns if name not in (*absences, "rate")]
    return _humanise(with_counted_in_part(
        table[[*order, *absences, *(["rate"] if "rate" in table else [])]], results), results)


def session_table(results: Results, phase: str | None = None) -> pd.DataFrame | None:
    """None where no report names a class or a meeting: each row would be its unit's own,
    the "Theo đơn vị" table again (QA round 42 #7), and the report leaves the section out."""
    table = results.by_session
    if phase is not None:
        table = table[table["phase"] == phase]
    table = named_classes(table, results.campaign.lang)
    return None if table is None else _humanise(table, results)


def below_target_table(results: Results) -> pd.DataFrame:
    return _humanise(with_counted_in_part(results.below_target, results), results)


def rejects_table(results: Results) -> pd.DataFrame:
    """Without the row's text: roll-call rows carry names, which stay out of the report."""
    return _humanise(results.rejects[["source_file", "sheet", "source_row", "reason"]], results)


def mismatches_table(results: Results) -> pd.DataFrame:
    """Totals rows and rate columns that disagree, their figures written as the check reads
    them: a rate column's as percents ("98,5%"), a totals row's as counts ("1.043")."""
    lang = results.campaign.lang
    table = results.ingest.mismatches.copy()
    for name in ("stated", "computed"):
        if name in table:
            table[name] = [
                format_percent(value, lang, decimals=2) if check == "rate_column"
                else format_count(value, lang) if pd.notna(value) else ""
                for check, value in zip(table["check"], table[name], strict=True)]
    return _humanise(table, results)


def files_table(results: Results) -> ReportTable:
    """Row accounting per file: read = accepted + rejected (+ held out), sheets read and skipped
    (a template's instructions sheet, `scaffold.is_instructions_sheet`, is not counted).

    The same per sheet is in manifest.json.
    """
    vi = results.campaign.lang == "vi"
    rows = []
    for entry in results.ingest.files:
        sheets = entry["sheets"]
        read = [sheet for sheet in sheets if sheet["status"] == "table"]
        # A filled-in template's instructions sheet is skipped by design, not worth a count.
        skipped = [sheet for sheet in sheets if sheet["status"] in ("empty", "no_table",
                                                                      "blank_form")
                   and not is_instructions_sheet(sheet)]
        hidden = [sheet for sheet in read if sheet["hidden"]]
        dates = [format_date(day) for day in sorted({str(sheet.get("report_date"))
                                                     for sheet in sheets
                                                     if sheet.get("report_date")})]
        rows.append({
            ("Tệp" if vi else "File"): entry["file"],
            ("Trạng thái" if vi else "Status"): _status_label(
                "unreadable" if entry["status"] == "unreadable" else "table", vi),
            ("Trang đã đọc" if vi else "Sheets read"): len(read)
            if not hidden else f"{len(read)} ({len(hidden)} {'ẩn' if vi else 'hidden'})",
            ("Trang bỏ qua" if vi else "Sheets skipped"): len(skipped),
            ("Dòng đọc" if vi else "Rows read"): entry["rows_read"],
            ("Nhận" if vi else "Accepted"): entry["rows_accepted"],
            ("Loại" if vi else "Rejected"): entry["rows_rejected"],
            ("Chưa tính (trùng)" if vi else "Held out"): entry.get("rows_held_out", 0),
            ("Dòng tổng cộng" if vi else "Totals rows"): sum(
                len(sheet["totals_rows"]) for sheet in sheets),
            ("Ngày báo cáo" if vi else "Report date"): ", ".join(dates),
        })
    return _report_table(pd.DataFrame(rows), results.campaign.lang)


def _status_label(status: str, vi: bool) -> str:
    labels = {
        "table": ("đã đọc", "read"),
        "empty": ("trống, bỏ qua", "empty, skipped"),
        "no_table": ("không có bảng điểm danh, bỏ qua", "no attendance table, skipped"),
        "blank_form": ("biểu mẫu chưa điền, bỏ qua", "blank form, skipped"),
        "unreadable": ("không đọc được", "unreadable"),
    }
    vi_label, en_label = labels.get(status, (status, status))
    return vi_label if vi else en_label


def accounting_text(results: Results) -> str:
    """Rows read = accepted + rejected (+ held out, when a report arrived twice and its copies
    differ); the phases whose units did not all report, named."""
    counts = accounting(results)
    lang = results.campaign.lang
    held = counts["rows_held_out"]
    incomplete = "\n" + quality.completeness_text(results.quality, lang) \
        if results.quality.incomplete_phases else ""
    if lang == "vi":
        return (
            f"Số tệp: {counts['files']} (không đọc được: {counts['files_unreadable']})\n"
            f"Số dòng đọc: {format_count(counts['rows_read'], lang)} = "
            f"{format_count(counts['rows_accepted'], lang)} dòng nhận + "
            f"{format_count(counts['rows_rejected'], lang)} dòng loại"
            + (f" + {format_count(held, lang)} dòng chưa tính (báo cáo trùng, số liệu khác "
               "nhau)" if held else "") + "\n"
            "Kiểm tra dòng tổng cộng / dòng đơn vị / tỷ lệ bị lệch: "
            f"{counts['reconciliation_mismatches']}"
            + incomplete
        )
    return (
        f"Files: {counts['files']} (unreadable: {counts['files_unreadable']})\n"
        f"Rows read: {format_count(counts['rows_read'], lang)} = "
        f"{format_count(counts['rows_accepted'], lang)} accepted + "
        f"{format_count(counts['rows_rejected'], lang)} rejected"
        + (f" + {format_count(held, lang)} held out (report sent twice with different "
           "figures)" if held else "") + "\n"
        "Totals-row / unit-row / rate checks that disagree: "
        f"{counts['reconciliation_mismatches']}"
        + incomplete
    )


# --- data quality (analysis.quality) --------------------------------------------------------

def completeness_summary(results: Results) -> str:
    """One line per phase: 'Giai đoạn 2: 17/19 đơn vị đã báo cáo (89%); chưa báo cáo: ...'."""
    return quality.completeness_text(results.quality, results.campaign.lang)


def completeness_table(results: Results, phase: str | None = None) -> pd.DataFrame:
    """Every unit expected (or heard from) per phase: reported or not, files, date, on time."""
    lang = results.campaign.lang
    table = results.quality.completeness
    if phase is not None:
        table = table[table["phase"] == phase]
    table = table[["phase", "ward", "kind", "status", "source_files", "report_date",
                   "timeliness", "days_late"]].reset_index(drop=True)
    table["days_late"] = table["days_late"].astype("object").where(table["days_late"].notna(), "")
    return _humanise(table, results).rename(columns={HEADERS[lang]["status"]: (
        "Tình trạng" if lang == "vi" else "Status")})


def flags_table(results: Results, severity: str | None = None) -> pd.DataFrame:
    """The data-quality flags, most serious first; names of people never appear in them."""
    flags = results.quality.flags
    if severity is not None:
        flags = flags[flags["severity"] == severity]
    shown = flags.copy()
    shown["source_row"] = shown["source_row"].astype("object")
    return _humanise(shown.fillna(""), results)


def flag_counts(results: Results) -> str:
    return quality.flag_counts_text(results.quality, results.campaign.lang)


def rules_table(results: Results) -> pd.DataFrame:
    """The rules behind the flags and the thresholds this campaign uses, in words: the rules'
    codes (`rule` in quality_flags.csv, the first column of `quality.rules_table`) are left
    out of a table for readers of the campaign's language."""
    lang = results.campaign.lang
    rules = quality.rules_table(results.quality.settings, lang)
    return _report_table(rules.iloc[:, 1:], lang)


def held_out_table(results: Results) -> pd.DataFrame:
    """Copies of a report that disagree: kept out of every rate until the analyst chooses."""
    columns = ["source_file", "sheet", "source_row", "phase", "ward", "session", "cell",
               "expected", "attended", "reason"]
    held = results.held_out
    return _humanise(held[[name for name in columns if name in held]], results)

"""Tables for people: translated headers, phase labels, counts and rates in the campaign's language.

The numbers stay in the CSVs; these are for notebooks and the report.
"""

from __future__ import annotations

import pandas as pd

from analysis.export import HEADERS, KIND_LABELS
from analysis.formatting import format_count, format_percent
from analysis.pipeline import Results, accounting


def _humanise(frame: pd.DataFrame, results: Results) -> pd.DataFrame:
    lang = results.campaign.lang
    shown = frame.copy()
    if "phase" in shown:
        shown["phase"] = shown["phase"].map(results.campaign.phase_labels).fillna(shown["phase"])
    if "kind" in shown:
        shown["kind"] = shown["kind"].map(KIND_LABELS[lang]).fillna(shown["kind"])
    for name in shown.columns:
        if name == "rate":
            shown[name] = shown[name].map(lambda value: format_percent(value, lang))
        elif pd.api.types.is_integer_dtype(shown[name]) and name != "source_row":
            shown[name] = shown[name].map(lambda value: format_count(value, lang))
    return shown.rename(columns=HEADERS[lang])


def phase_table(results: Results) -> pd.DataFrame:
    return _humanise(results.by_phase, results)


def ward_table(results: Results, phase: str | None = None) -> pd.DataFrame:
    table = results.ward_phase
    if phase is not None:
        table = table[table["phase"] == phase]
    return _humanise(table, results)


def session_table(results: Results, phase: str | None = None) -> pd.DataFrame:
    table = results.by_session
    if phase is not None:
        table = table[table["phase"] == phase]
    return _humanise(table, results)


def below_target_table(results: Results) -> pd.DataFrame:
    return _humanise(results.below_target, results)


def rejects_table(results: Results) -> pd.DataFrame:
    """Without the row's text: roll-call rows carry names, which stay out of the report."""
    return _humanise(results.rejects.drop(columns=["raw"]), results)


def mismatches_table(results: Results) -> pd.DataFrame:
    return _humanise(results.ingest.mismatches, results)


def files_table(results: Results) -> pd.DataFrame:
    """Row accounting per file and sheet: read = accepted + rejected, and what was skipped."""
    vi = results.campaign.lang == "vi"
    rows = []
    for entry in results.ingest.files:
        sheets = entry["sheets"] or [{"sheet": "", "status": entry["status"], "rows_read": 0,
                                      "rows_accepted": 0, "rows_rejected": 0, "hidden": False,
                                      "totals_rows": [], "footer_rows": []}]
        for sheet in sheets:
            rows.append({
                ("Tệp" if vi else "File"): entry["file"],
                ("Trang tính" if vi else "Sheet"): sheet["sheet"]
                + (" (ẩn)" if vi and sheet["hidden"] else " (hidden)" if sheet["hidden"] else ""),
                ("Trạng thái" if vi else "Status"): _status_label(sheet["status"], vi),
                ("Dòng đọc" if vi else "Rows read"): sheet["rows_read"],
                ("Nhận" if vi else "Accepted"): sheet["rows_accepted"],
                ("Loại" if vi else "Rejected"): sheet["rows_rejected"],
                ("Dòng tổng cộng" if vi else "Totals rows"): len(sheet["totals_rows"]),
            })
    return pd.DataFrame(rows)


def _status_label(status: str, vi: bool) -> str:
    labels = {
        "table": ("đã đọc", "read"),
        "empty": ("trống, bỏ qua", "empty, skipped"),
        "no_table": ("không có bảng điểm danh, bỏ qua", "no attendance table, skipped"),
        "unreadable": ("không đọc được", "unreadable"),
    }
    vi_label, en_label = labels.get(status, (status, status))
    return vi_label if vi else en_label


def accounting_text(results: Results) -> str:
    counts = accounting(results)
    lang = results.campaign.lang
    if lang == "vi":
        return (
            f"Số tệp: {counts['files']} (không đọc được: {counts['files_unreadable']})\n"
            f"Số dòng đọc: {format_count(counts['rows_read'], lang)} = "
            f"{format_count(counts['rows_accepted'], lang)} dòng nhận + "
            f"{format_count(counts['rows_rejected'], lang)} dòng loại\n"
            f"Kiểm tra dòng tổng cộng / tỷ lệ bị lệch: {counts['reconciliation_mismatches']}"
        )
    return (
        f"Files: {counts['files']} (unreadable: {counts['files_unreadable']})\n"
        f"Rows read: {format_count(counts['rows_read'], lang)} = "
        f"{format_count(counts['rows_accepted'], lang)} accepted + "
        f"{format_count(counts['rows_rejected'], lang)} rejected\n"
        f"Totals-row / rate checks that disagree: {counts['reconciliation_mismatches']}"
    )

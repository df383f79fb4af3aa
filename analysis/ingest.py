"""A campaign folder -> validated attendance records, rejects and the row accounting.

Rows read = rows accepted + rows rejected, per sheet, per file and in total; a file that
cannot be read at all is one reject line naming it, and the run goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.campaign import CONFIG_NAME, Campaign
from analysis.read import ReadError, is_spreadsheet, read_sheets
from analysis.sheet import CANDIDATE_COLUMNS, SheetResult, read_table
from analysis.units import make_resolver
from analysis.validate import REJECT_COLUMNS, split_accepted

CHECK_COLUMNS = ("source_file", "sheet", "source_row", "check", "column", "stated", "computed",
                 "status")


@dataclass
class Ingest:
    campaign: Campaign
    records: pd.DataFrame
    rejects: pd.DataFrame
    checks: pd.DataFrame  # totals-row and rate-column reconciliations
    files: list[dict] = field(default_factory=list)  # manifest entries, one per input file
    ignored_files: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(entry["rows_read"] for entry in self.files)

    @property
    def mismatches(self) -> pd.DataFrame:
        return self.checks[self.checks["status"] != "ok"]


def discover(raw_dir: Path) -> tuple[list[Path], list[str]]:
    """Spreadsheets under the folder (sub-folders too) in a stable order, and what else is there."""
    spreadsheets, ignored = [], []
    for path in sorted(raw_dir.rglob("*"), key=lambda p: p.relative_to(raw_dir).as_posix()):
        if not path.is_file():
            continue
        relative = path.relative_to(raw_dir).as_posix()
        if is_spreadsheet(path):
            spreadsheets.append(path)
        elif path.name != CONFIG_NAME:
            ignored.append(relative)
    return spreadsheets, ignored


def ingest_campaign(
    campaign: Campaign, progress: Callable[[int, int, str], None] | None = None
) -> Ingest:
    """`progress(done, total, file)` is called before each file, for a progress bar."""
    resolver = make_resolver(campaign.units)
    paths, ignored = discover(campaign.raw_dir)
    candidates, file_rejects, files = [], [], []
    for done, path in enumerate(paths):
        relative = path.relative_to(campaign.raw_dir).as_posix()
        if progress:
            progress(done, len(paths), relative)
        entry = {"file": relative, "sha256": _sha256(path), "bytes": path.stat().st_size}
        try:
            grids = read_sheets(path, relative)
        except ReadError as error:
            file_rejects.append({"source_file": relative, "sheet": pd.NA, "source_row": pd.NA,
                                 "reason": f"không đọc được tệp: {error} (unreadable file)",
                                 "raw": ""})
            entry.update(status="unreadable", error=str(error), sheets=[])
            files.append(entry)
            continue
        sheets = [read_table(grid, campaign, resolver) for grid in grids]
        file_rejects.extend(
            {"source_file": relative, "sheet": sheet.sheet, "source_row": pd.NA,
             "reason": f"không đọc được trang tính: {sheet.error} (unreadable sheet)", "raw": ""}
            for sheet in sheets if sheet.status == "unreadable"
        )
        candidates.extend(sheet.candidates for sheet in sheets if sheet.candidates is not None)
        entry.update(status="read", sheets=sheets)
        files.append(entry)

    frame = _concat(candidates, CANDIDATE_COLUMNS)
    records, rejects = split_accepted(frame)
    rejects = pd.concat([_concat([pd.DataFrame(file_rejects)], REJECT_COLUMNS), rejects],
                        ignore_index=True) if file_rejects else rejects
    checks = _concat([pd.DataFrame(sheet.checks) for entry in files
                      for sheet in entry["sheets"] if sheet.checks], CHECK_COLUMNS)
    manifest_files = [_file_manifest(entry, records, rejects) for entry in files]
    rejects = _sorted(rejects, ["source_file", "sheet", "source_row"])
    return Ingest(campaign, records, rejects, checks, manifest_files, ignored)


def _file_manifest(entry: dict, records: pd.DataFrame, rejects: pd.DataFrame) -> dict:
    """Row accounting per file and sheet: read = accepted + rejected."""
    accepted = records.groupby(["source_file", "sheet"]).size()
    rejected = rejects[rejects["source_row"].notna()].groupby(["source_file", "sheet"]).size()
    sheets = []
    for sheet in entry["sheets"]:
        sheet: SheetResult
        key = (entry["file"], sheet.sheet)
        n_accepted = int(accepted.get(key, 0))
        n_rejected = int(rejected.get(key, 0))
        sheets.append({
            "sheet": sheet.sheet,
            "hidden": sheet.hidden,
            "status": sheet.status,
            "shape": sheet.shape,
            "error": sheet.error,
            "header_row": sheet.header_row,
            "rows_read": 0 if sheet.candidates is None else len(sheet.candidates),
            "rows_accepted": n_accepted,
            "rows_rejected": n_rejected,
            "totals_rows": sheet.totals_rows,
            "footer_rows": sheet.footer_rows,
            "ignored_rows": sheet.ignored_rows,
            "reconciliation": [
                {key: check[key] for key in ("source_row", "check", "column", "stated",
                                             "computed", "status")}
                for check in sheet.checks
            ],
        })
    manifest = {key: entry[key] for key in ("file", "sha256", "bytes", "status")}
    if entry["status"] == "unreadable":
        manifest.update(error=entry["error"], rows_read=0, rows_accepted=0, rows_rejected=0,
                        sheets=[])
        return manifest
    manifest.update(
        rows_read=sum(sheet["rows_read"] for sheet in sheets),
        rows_accepted=sum(sheet["rows_accepted"] for sheet in sheets),
        rows_rejected=sum(sheet["rows_rejected"] for sheet in sheets),
        sheets=sheets,
    )
    return manifest


def _concat(frames: list[pd.DataFrame], columns) -> pd.DataFrame:
    frames = [frame for frame in frames if frame is not None and not frame.empty]
    if not frames:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    return pd.concat(frames, ignore_index=True).reindex(columns=list(columns))


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

"""Parsed files cached by content, so that a re-run after one ward's correction re-reads one file.

An entry is keyed by the file's SHA-256, its path in the campaign (sources rules match paths),
the campaign.toml's SHA-256, the suite's version and the privacy settings: change any of them
and the file is parsed again. Entries are plain parquet + JSON, never pickles, so a cache
folder copied from elsewhere cannot run code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pandas as pd

from analysis.export import atomic_path
from analysis.sheet import SheetResult

CACHE_FORMAT = 3
# Everything a SheetResult holds except its rows (stored as parquet) and its file (the key).
_SHEET_FIELDS = tuple(field.name for field in dataclasses.fields(SheetResult)
                      if field.name not in ("source_file", "candidates"))


def cache_key(*, file_sha256: str, relative: str, config_sha256: str, version: str,
              privacy: str) -> str:
    text = "|".join((str(CACHE_FORMAT), version, config_sha256, privacy, relative, file_sha256))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ParseCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def load(self, key: str) -> dict | None:
        meta_path = self.folder / f"{key}.json"
        if not meta_path.is_file():
            self.misses += 1
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            table = pd.read_parquet(self.folder / f"{key}.parquet") if meta["rows"] else None
        except (OSError, ValueError):
            self.misses += 1  # a damaged entry is parsed again, not trusted
            return None
        sheets = []
        for fields in meta["sheets"]:
            sheet = SheetResult(source_file=meta["file"], **fields)
            sheets.append(sheet)
        if table is not None:
            # The file's rows, on its first table sheet, as read_tables leaves them.
            first = next(sheet for sheet in sheets if sheet.status == "table")
            first.candidates = table
        self.hits += 1
        return {"status": meta["status"], "error": meta.get("error"), "sheets": sheets}

    def store(self, key: str, relative: str, parsed: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        frames = [sheet.candidates for sheet in parsed["sheets"]
                  if sheet.candidates is not None and not sheet.candidates.empty]
        meta = {
            "file": relative,
            "status": parsed["status"],
            "error": parsed.get("error"),
            "rows": sum(len(frame) for frame in frames),
            "sheets": [{name: getattr(sheet, name) for name in _SHEET_FIELDS}
                       for sheet in parsed["sheets"]],
        }
        if frames:
            with atomic_path(self.folder / f"{key}.parquet") as temporary:
                pd.concat(frames, ignore_index=True).to_parquet(temporary, index=False)
        # The JSON goes last: an entry without it is not an entry.
        with atomic_path(self.folder / f"{key}.json") as temporary:
            temporary.write_text(json.dumps(meta, ensure_ascii=False, default=str),
                                 encoding="utf-8")

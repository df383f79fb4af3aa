"""The campaign folder's inputs and their fingerprints, without loading pandas.

Kept light on purpose: `python -m analysis run` checks whether anything changed since the
last run before it imports the heavy libraries.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from analysis.campaign import CONFIG_NAME
from analysis.read import is_spreadsheet


def discover(raw_dir: Path) -> tuple[list[Path], list[str]]:
    """Spreadsheets under the folder (sub-folders too) in a stable order, and what else is there.

    A sub-folder with a campaign.toml of its own is another campaign (an earlier one copied
    in): none of its files are read, and all are listed with what else is there, its
    campaign.toml among them (`other_campaigns`). Read, an old campaign's reports went into
    this one's phases by their folders' names (QA round 36: a 2015 ward gave 2020's
    headline)."""
    spreadsheets, ignored = [], []
    others = {path.parent for path in raw_dir.rglob(CONFIG_NAME) if path.parent != raw_dir}
    for path in sorted(raw_dir.rglob("*"), key=lambda p: p.relative_to(raw_dir).as_posix()):
        if not path.is_file():
            continue
        relative = path.relative_to(raw_dir).as_posix()
        if others.intersection(path.parents):
            ignored.append(relative)
        elif is_spreadsheet(path):
            spreadsheets.append(path)
        elif path.name != CONFIG_NAME:
            ignored.append(relative)
    return spreadsheets, ignored


# Files other than spreadsheets that may still hold a unit's report: a photo, a scan, a Word
# file, an archive, a spreadsheet in a format not read. The run names them (cli) and gives one
# named for a unit to that unit (ingest); README.txt, Thumbs.db and Excel's "~$" lock files
# are passed over without a word.
# Spreadsheets in formats not read: LibreOffice's flat XML, Apple's Numbers, WPS Office's own.
UNREAD_SPREADSHEET_SUFFIXES = frozenset({".fods", ".numbers", ".et", ".ett"})
MAYBE_REPORT_SUFFIXES = frozenset({".zip", ".rar", ".7z", ".pdf", ".doc", ".docx", ".odt",
                                   ".jpg", ".jpeg", ".png", ".heic", ".xlsb",
                                   *UNREAD_SPREADSHEET_SUFFIXES})

# What Excel and the file systems leave beside the reports and take away again.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def _transient(name: str) -> bool:
    """An Excel lock file ("~$bo-de.xlsx", there while a report is open) or a system file:
    no input of a run, so none makes a re-run redo everything (QA round 36: twenty seconds
    for a city, where "nothing changed" takes half a second)."""
    base = PurePosixPath(name).name
    return base.startswith(("~$", "._")) or base.lower() in _SYSTEM_FILES


def other_campaigns(ignored: list[str]) -> list[str]:
    """The sub-folders `discover` passed over as other campaigns, from what it left out."""
    return [str(PurePosixPath(name).parent) for name in ignored
            if PurePosixPath(name).name == CONFIG_NAME]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(raw_dir: Path) -> tuple[dict[str, str], list[str]]:
    """Each spreadsheet's SHA-256 by its path in the folder (as `discover` orders them), and
    the files `discover` leaves out."""
    paths, ignored = discover(raw_dir)
    return {path.relative_to(raw_dir).as_posix(): sha256_file(path) for path in paths}, ignored


def run_fingerprint(raw_dir: Path, *, version: str, options: dict,
                    hashes: tuple[dict[str, str], list[str]] | None = None) -> str:
    """Same inputs, same settings, same suite version -> same fingerprint. `hashes` are
    `input_hashes(raw_dir)`, when the caller has them."""
    files, ignored = hashes or input_hashes(raw_dir)
    digest = hashlib.sha256()
    for part in (version, repr(sorted(options.items())), sha256_file(raw_dir / CONFIG_NAME),
                 *(name for name in ignored if not _transient(name))):
        digest.update(part.encode("utf-8") + b"\0")
    for relative, file_hash in files.items():
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(file_hash.encode("ascii"))
    return digest.hexdigest()

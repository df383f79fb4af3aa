"""Paths and small helpers shared by the tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_RAW = ROOT / "data" / "raw" / "demo-2015-long-bien"
DEMO_TRUTH = ROOT / "tests" / "data" / "demo_truth.json"


def tree_digest(folder: Path) -> dict[str, tuple[str, int]]:
    """Content hash and mtime of every file under a folder."""
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
        )
        for path in sorted(folder.rglob("*")) if path.is_file()
    }

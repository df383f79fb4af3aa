"""Participation analytics for study campaigns: spreadsheets in, validated figures out."""

import hashlib
from pathlib import Path

SUITE_VERSION = "0.8.0"


def code_fingerprint(package: Path) -> str:
    """The package's own source, hashed: a change to how files are read must re-read them
    even when nobody raised the version number (a cache never outlives the code that filled
    it; a few milliseconds for the whole package)."""
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# Part of every parse-cache key and run fingerprint: a new version, or any change to the
# code, re-reads every file.
CODE_VERSION = f"{SUITE_VERSION}+{code_fingerprint(Path(__file__).parent)}"

"""Names of people stay out of the outputs: a salted pseudonymous key stands in for them.

Roll-calls list real people. The processed folder is shared and copied around, so it keeps
`person_key` (a keyed BLAKE2b MAC of the name under a secret salt) instead of the name,
unless the analyst asks for names (`--names`). The salt lives in the analyst's home folder, outside
data/processed and outside the repository, so the keys cannot be reversed by hashing a list
of names, yet stay the same from run to run on the same machine (byte-identical outputs).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.text import fold_keep_marks

if TYPE_CHECKING:
    import pandas as pd

SALT_ENV = "PARTICIPATION_SALT_FILE"
KEY_LENGTH = 12


def salt_path() -> Path:
    configured = os.environ.get(SALT_ENV)
    if configured:
        return Path(configured)
    return Path.home() / ".participation-analytics" / "salt"


def load_or_create_salt(path: Path | None = None) -> bytes:
    path = path or salt_path()
    if path.is_file():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_hex(32).encode("ascii")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(salt)
    return salt


# Between a namesake's name key and its birth's (`Privacy.namesake_key`): no hex digit.
NAMESAKE_MARK = "~"


def name_key(key: str) -> str:
    """A person key without a namesake's birth: the key of the name alone."""
    return key.split(NAMESAKE_MARK, 1)[0]


@functools.lru_cache(maxsize=1 << 17)
def person_key(name: object, salt: bytes) -> str | None:
    """Same person, same key: the name is folded (case, spaces) but diacritics count.

    The key is keyed BLAKE2b (RFC 7693), a MAC like HMAC-SHA256 at a third of its cost: a
    city's million names are keyed in every cold run. Keys are kept for the names met last:
    the same people are listed in every phase and session.
    """
    if not isinstance(name, str) or not name:
        return None
    digest = _keyed_blake2b(salt).copy()  # a copy skips hashing the key again, name by name
    if name.endswith((")", "]")):
        # "Trần Văn Bình (Bí thư)" listed again as "Trần Văn Bình": the remark is no part of
        # the name.
        name = _REMARK.sub("", name) or name
    folded = fold_keep_marks(name)
    # "Đ/c Nguyễn Văn An" and "Nguyễn Văn An" are one person: the title is no part of a name.
    while folded.startswith(_TITLE_STARTS) and (untitled := _TITLE.sub("", folded, count=1)) \
            != folded:
        folded = untitled  # "Đ/c Thượng tá Lê Văn Bình": both titles
    digest.update(folded.encode("utf-8"))
    return digest.hexdigest()


# "Đ/c", "Đ/C.", "đc", "Đồng chí", a rank ("Thượng tá", "Đại úy") before a name, folded
# (fold_keep_marks) and followed by it.
_TITLE = re.compile(r"^(?:đ/ ?c|đc|đồng chí|(?:đại|thượng|trung|thiếu) (?:tá|úy|uý|tướng)) "
                    r"(?=\S)")
_TITLE_STARTS = ("đ/", "đc ", "đồng chí ", "đại ", "thượng ", "trung ", "thiếu ")
_REMARK = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


@functools.lru_cache(maxsize=8)
def _keyed_blake2b(salt: bytes):
    """BLAKE2b keyed with the salt (hashed first if longer than a key can be), nothing fed."""
    secret = salt if len(salt) <= hashlib.blake2b.MAX_KEY_SIZE else hashlib.sha256(salt).digest()
    return hashlib.blake2b(key=secret, digest_size=KEY_LENGTH // 2)


def person_keys(names: pd.Series, salt: bytes) -> pd.Series:
    # pandas is imported here, not above: `analysis run` finds that nothing changed without it.
    import pandas as pd

    return pd.Series([person_key(name, salt) for name in names.tolist()], index=names.index,
                     dtype="str")


@dataclass(frozen=True)
class Privacy:
    """How a run treats names: keyed under `salt`, kept in the outputs only if asked."""

    salt: bytes
    keep_names: bool = False
    # The word a row's text shows a name's key with, in the campaign's language
    # (`person_word`): "[người 1a2b…]", "[person 1a2b…]" (QA round 102: Vietnamese in an
    # English campaign's rejects).
    person: str = "người"

    @property
    def fingerprint(self) -> str:
        """Part of the parse cache's key: another salt or --names means another parse, and
        so does another word for a person (the same as before for Vietnamese)."""
        word = b"" if self.person == "người" else b"|" + self.person.encode()
        digest = hashlib.sha256(self.salt + (b"|names" if self.keep_names else b"|keys")
                                + word)
        return digest.hexdigest()[:16]

    def shown(self, key: object) -> str:
        """A name's key as a row's text shows it."""
        return f"[{self.person} {key}]"

    def key_list(self, names: Iterable) -> list[str | None]:
        """Each name's `person_key`, in one loop: a roll-call's names are mostly all
        different, and a city's million of them are keyed."""
        salt = self.salt
        return [person_key(name, salt) for name in names]

    def namesake_key(self, key: str, name: str, birth: str) -> str:
        """The key of one of two namesakes told apart by their births: the name's own key,
        then NAMESAKE_MARK and the key of the name with that birth."""
        return f"{key}{NAMESAKE_MARK}{person_key(f'{name} · {birth}', self.salt)[:12]}"

    def keys(self, names: pd.Series) -> pd.Series:
        return person_keys(names, self.salt)

    def mask(self, raw: Sequence[str], names: Sequence, keys: Sequence) -> list[str]:
        """The row's text with the name replaced by its key, unless names are kept."""
        if self.keep_names:
            return list(raw)
        return [_masked(text, name, self.shown(key)) if isinstance(name, str) and name else text
                for text, name, key in zip(raw, names, keys, strict=True)]


def _masked(text: str, name: str, key: str) -> str:
    """`text` with `name` replaced by `key`; a name typed in two or three cells ("Nguyễn Văn
    | An", `Họ | Chữ đệm | Tên`): its cells, each holding words of the name only, give way
    to one `key` (QA round 34: "Cao | Văn | Nghĩa" stayed in the rejects as typed)."""
    if name in text:
        return text.replace(name, key)
    words = set(name.split())
    cells = []
    for cell in text.split(" | "):
        if cell.strip() and set(cell.split()) <= words:
            if key in cells:
                continue
            cell = key
        cells.append(cell)
    return " | ".join(cells)


def person_word(lang: str) -> str:
    """How a campaign's outputs call a person whose name they key (`Privacy.person`)."""
    return "person" if lang == "en" else "người"

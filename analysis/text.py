"""Vietnamese text folding: one key per way of writing a name or a header.

Spreadsheets arrive in NFC and NFD, with and without diacritics, in capitals, with
non-breaking and doubled spaces and line breaks inside header cells. Everything that is
compared (unit names, column headers, markers, totals labels) goes through `fold` so that
the comparison ignores all of that.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w%/ ]+")


def clean_text(value: object) -> str:
    """The cell as display text: NFC, single spaces, trimmed; empty for missing cells."""
    if isinstance(value, str):
        # An empty cell (most cells of a title or signature row) is clean as it is.
        return value if not value or _is_clean(value) else _clean_str(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    return _clean_str(str(value))


def clean_texts(values: Sequence[object]) -> list[str]:
    """`[clean_text(value) for value in values]`. A column's cells are mostly clean text
    already (names, units, marks), which is checked in one go: joined by "|", a printable
    character that never combines with its neighbours (so the whole is NFC only if each cell
    is), and next to which a cell's leading or trailing space stays in view."""
    if set(map(type, values)) <= {str}:
        joined = "|".join(values)
        if _is_clean(joined) and " |" not in joined and "| " not in joined:
            return list(values)
    return [clean_text(value) for value in values]


def _is_clean(text: str) -> bool:
    """Already what `_clean_str` makes of it, as most names and labels are: checked without
    building anything. A printable string has no whitespace but the plain space (tabs, line
    breaks and no-break spaces are not printable), so single inner spaces are all there is."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " " \
        and unicodedata.is_normalized("NFC", text)


@functools.lru_cache(maxsize=1 << 17)
def _clean_str(value: str) -> str:
    text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


# Characters that show as nothing ("5\u200b0" looks like 50 in Excel): zero-width space,
# joiners, word joiner, byte-order mark. Not the soft hyphen: in TCVN3 text it is "ư".
_INVISIBLE = dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF))


def strip_diacritics(text: str) -> str:
    """Bồ Đề -> Bo De; đ/Đ are letters of their own in Unicode, so they are mapped by hand,
    and so is the eth Ð/ð, which looks the same and a keyboard may type for it (QA round
    44: "Bồ Ðề" refused, Bồ Đề chased as missing)."""
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return without_marks.translate(_D_LETTERS)


_D_LETTERS = str.maketrans("đĐðÐ", "dDdD")


def fold(value: object) -> str:
    """Comparison key: lower case, no diacritics, punctuation to spaces, single spaces."""
    if isinstance(value, str):
        return _fold_text(value)
    return _fold_uncached(value)


def text_keys(values: Sequence[object]) -> list[str | None]:
    """`fold` of each text, None for any other value (a number, a date): a column's keys."""
    return [_fold_text(value) if isinstance(value, str) else None for value in values]


@functools.lru_cache(maxsize=1 << 17)
def _fold_text(value: str) -> str:
    # Sheets repeat the same few strings (ward names, markers, headers) thousands of times.
    return _fold_words(clean_text(value))


class _WordByWord:
    """A clean text folded word by word, each distinct word folded once.

    Names are all different; their words (Nguyễn, Thị, Hà) are not. Every step of folding
    works letter by letter and leaves a space a space, so a text folds word by word."""

    KEPT = 1 << 16  # distinct words remembered; beyond them words are folded each time

    def __init__(self, fold_word: Callable[[str], str]):
        self._fold_word = fold_word
        self._known: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        known = self._known
        return " ".join([folded for word in text.split(" ")
                         if (folded := known.get(word) or self._new(word))])

    def _new(self, word: str) -> str:
        folded = self._fold_word(word)
        if len(self._known) < self.KEPT:
            self._known[word] = folded
        return folded


_fold_words = _WordByWord(lambda word: _words(_without_diacritics(word).casefold()))
_fold_words_keep_marks = _WordByWord(lambda word: _words(word.casefold()))


def _base_letters() -> dict[int, str]:
    """Each precomposed Latin letter (Vietnamese has 134 of them) -> strip_diacritics of it."""
    table = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code)
        if unicodedata.category(letter).startswith("L"):
            base = strip_diacritics(letter)
            if base != letter:
                table[code] = base
    return table


_BASE_LETTERS = _base_letters()


def _without_diacritics(text: str) -> str:
    # A names column is all distinct values, each folded once: a table lookup per letter
    # instead of a decomposition; text the table leaves with marks takes the long way.
    stripped = text.translate(_BASE_LETTERS)
    if stripped.isascii() or (
            unicodedata.is_normalized("NFD", stripped)
            and not any(unicodedata.combining(char) for char in stripped if not char.isascii())):
        return stripped  # what is left ("–", "“") has no marks to take off
    return strip_diacritics(text)


def _fold_uncached(value: object) -> str:
    """Comparison key: lower case, no diacritics, punctuation to spaces, single spaces."""
    return _words(_without_diacritics(clean_text(value)).casefold())


def fold_keep_marks(value: object) -> str:
    """Like `fold` but keeps diacritics, for names that differ only by them."""
    return _fold_words_keep_marks(clean_text(value))


def _words(text: str) -> str:
    """Punctuation to spaces, single spaces, trimmed. Most names have no punctuation and are
    already single-spaced (clean_text), so they are returned as they are."""
    if _PUNCTUATION.search(text) is None and "  " not in text and text[:1] != " " \
            and text[-1:] != " ":
        return text
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


# The five Vietnamese tone marks (huyền, sắc, hỏi, ngã, nặng) as combining characters.
_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")


def tone_placement_key(value: object) -> str:
    """One key for the old and new placements of a tone mark ("Thuỵ" and "Thụy", "Hoà" and
    "Hòa"), and nothing else: each word's letters with their other marks, in lower case,
    then its tone. Names that differ in a letter or a tone stay apart."""
    words = []
    for word in clean_text(value).casefold().split():
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(char for char in decomposed if char in _TONE_MARKS)
        letters = "".join(char for char in decomposed if char not in _TONE_MARKS)
        words.append(unicodedata.normalize("NFC", letters) + tones)
    return " ".join(words)

"""Legacy Vietnamese 8-bit text (TCVN3 / VNI) -> Unicode, decided per sheet and per cell.

Old office files typed Vietnamese through 8-bit fonts: TCVN3 (ABC; fonts .VnTime, .VnArial,
.VnTimeH for capitals) and VNI (fonts VNI-Times, VNI-Helve). Excel keeps such text as the
Latin-1 characters of its bytes, so a workbook read as Unicode says "Bå §Ò" (TCVN3) or
"Boà Ñeà" (VNI) where the analyst saw "Bồ Đề". This module finds such text and converts it.

Conversion uses viparse's TCVN3 and VNI tables (`viparse.normalize`); `viparse.fix` is not
used because it also collapses whitespace and drops control characters, which is
`analysis.text.clean_text`'s job, later. Detection is our own, because viparse's
content detector misreads short TCVN3 strings (e.g. as VISCII) and because a spreadsheet
needs a decision per sheet *and* per cell:

- The sheet: every word of every text cell is tried under each encoding. A word that is
  not a Vietnamese syllable as written but becomes one when converted ("Ngäc" -> "Ngọc")
  is a hit; a word that is a syllable and stops being one ("Biên" -> "Biờn") is a break.
  An encoding is chosen only with characters that real Vietnamese never uses as letters
  (TCVN3 "µ ¸ § ® ¬ å ...", VNI "ø û ï ñ ö ...") turning into syllables, most such words
  doing so, hits at least twice the breaks (those of the texts holding such characters:
  a Unicode cell beside them breaks as Unicode does), and twice the other encoding's
  score; or,
  without such characters, with two or more hits and nothing at all against ("Coù lyù do").
  Otherwise None.
- The cell: a cell with Unicode-only Vietnamese (ạ..ỹ, ă đ ĩ ũ ơ ư, combining marks) is
  never converted, nor one whose words conversion makes less valid. A cell with legacy-only
  characters, or whose words only read as Vietnamese when converted, is converted. A cell
  that reads as Vietnamese either way ("Cã lý do" = "Có lý do"; "Lâm" would become "Lõm")
  is converted only when legacy text dominates the sheet and its own row is not Unicode.
- Fonts, where the file has them (.xlsx/.xlsm, read with openpyxl only once the text shows
  legacy characters), decide their cell's encoding: a .Vn* font means TCVN3, VNI* means VNI,
  and a .Vn*H font ("H" for hoa, capitals) draws every letter upper case. The two guards
  above still hold. A cell filled from a merged range takes its top-left cell's result.

TCVN3 has no codes for upper-case toned letters: "BỒ ĐỀ" and "Bồ Đề" are the same bytes.
Without a font, a TCVN3 cell is put in capitals only when its bytes prove it (an upper-case
letter after the first of a word, "KHèI", "T£N", and no lower-case letter anywhere).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from itertools import chain
from pathlib import Path

from viparse.normalize.tables import Charmap, build_charmap, convert
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

ENCODINGS = ("tcvn3", "vni")
FONT_SUFFIXES = frozenset({".xlsx", ".xlsm"})  # where openpyxl can read cell fonts

# viparse leaves VNI's ẳ/Ẳ out because its corpus never showed them; the VNI chart has
# them as the base letter followed by 0xFA / 0xDA (the breve-and-hook mark).
_CHARMAPS: dict[str, Charmap] = {
    "tcvn3": TCVN3,
    "vni": build_charmap("vni", [*VNI.pairs, ("aú", "ẳ"), ("AÚ", "Ẳ")]),
}

# Letters Unicode Vietnamese writes that no legacy surface text contains.
_VIET_MARKS = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
_UNICODE_ONLY = re.compile(f"[\u1ea0-\u1ef9ĂăĐđĨĩŨũƠơƯư{_VIET_MARKS}]")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _vietnamese_letters() -> frozenset[str]:
    letters = set()
    for charmap in _CHARMAPS.values():
        for _, target in charmap.pairs:
            letters |= set(target) | set(target.upper()) | set(target.lower())
    return frozenset(letters)


def _legacy_chars(charmap: Charmap) -> frozenset[str]:
    return frozenset(ch for source, _ in charmap.pairs for ch in source if not ch.isascii())


_VIETNAMESE_LOWER = frozenset(
    ch.lower() for ch in _vietnamese_letters() | set("abcdefghijklmnopqrstuvwxyz")
)
_LEGACY_CHARS = {name: _legacy_chars(charmap) for name, charmap in _CHARMAPS.items()}
# Characters a legacy encoding uses for letters that are not Vietnamese letters in Unicode:
# TCVN3 "¡-®, µ-¹, »-¾, Æ Ç Ë ... þ", VNI "Ä Å Æ Ë Ï Ñ Ö Ø Û Ü ä å æ ë ï ñ ö ø û ü".
_TELLTALES = {name: frozenset(chars - _vietnamese_letters())
              for name, chars in _LEGACY_CHARS.items()}
_TELLTALE_RE = {name: re.compile("[" + re.escape("".join(sorted(chars))) + "]")
                for name, chars in _TELLTALES.items()}
_ANY_TELLTALE = re.compile(
    "[" + re.escape("".join(sorted(set().union(*_TELLTALES.values())))) + "]"
)
# A word: letters, legacy letter codes (some are symbols in Unicode: § ¸ ­ ¬ «) and marks.
_WORD = re.compile(
    r"(?:[^\W\d_]|["
    + re.escape("".join(sorted(set().union(*_LEGACY_CHARS.values()))))
    + _VIET_MARKS
    + "])+"
)

# A Vietnamese syllable without its tone, lower case: initial consonant, then a rhyme
# (medial o/u, vowel nucleus, final). Loose enough for every real syllable, strict enough
# that wrong conversions ("biờn", "khèi", "ngäc") fail.
_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_RHYME = r"""(?:
    [ou]?a(?:ch|ng|nh|[cmnptiyou])?
  | [ou]?ă(?:ng|[cmnpt])
  | u?â(?:ng|[cmnptyu])
  | o?e(?:ng|[cmnpto])?
  | u?ê(?:ch|nh|ng|[cmnptu])?
  | i(?:ch|nh|[mnptua])?
  | o(?:ng|[cmnpti])?
  | ô(?:ng|[cmnpti])?
  | u?ơ[mnpti]?
  | u(?:ng|[cmnptia])?
  | ư(?:ng|[cmntiua])?
  | u?y(?:ch|nh|[ntu])?
  | (?:iê|u?yê)(?:ng|[cmnptu])
  | u?ya
  | uô(?:ng|[cmnti])
  | ươ(?:ng|[cmnptiu])
)"""
_SYLLABLE = re.compile(f"({_INITIAL})({_RHYME})", re.VERBOSE)
_STOP_FINAL = re.compile(r"(?:[cpt]|ch)$")
_SHARP_OR_HEAVY = frozenset("\u0301\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")

# Sheet-level decision thresholds (see detect_encoding).
_MIN_TELLTALE_SHARE = 0.5  # of words with legacy-only characters, at least half convert well
_MARGIN = 2  # hits at least twice the breaks, and twice the other encoding's score

_TCVN3_UPPER_BASES = frozenset("¡¢£¤¥¦§")  # Ă Â Ê Ô Ơ Ư Đ
_TCVN3_LOWER_BASES = frozenset("¨©ª«¬\xad®")  # ă â ê ô ơ ư đ


def to_unicode(text: str, encoding: str) -> str:
    """`text` read as `encoding` ("tcvn3" or "vni"), converted with viparse's table, NFC.

    A minus sign (U+2212) is kept: viparse turns one next to a letter into TCVN3's ư
    because PDF extraction does that to .VnTime text, which never happens in a spreadsheet.
    """
    try:
        charmap = _CHARMAPS[encoding]
    except KeyError:
        raise ValueError(
            f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}"
        ) from None
    return "\u2212".join(convert(piece, charmap, "NFC") for piece in text.split("\u2212"))


_to_unicode_cached = lru_cache(maxsize=1 << 14)(to_unicode)  # sheets repeat their texts


def converted_name(name: str, encoding: str, texts: Iterable[str] = ()) -> str:
    """A sheet's name typed in the workbook's legacy encoding ("Chi bé 1" in TCVN3 is "Chi
    bộ 1"), converted; else as it is. Left as typed, a roll-call's sheet named its cell "Chi
    bé 1", no match for "Chi bộ 1" in the ward's summary sheet: both counted (QA round 60
    #1). A name typed in Unicode stays: one with a letter only Unicode writes ("Ngọc Lâm",
    QA round 61 #7: made "Ngọc Lõm"), or whose words are Vietnamese as they stand ("Tháng
    9", "Sáng") unless the workbook's converted text names it (`texts`: "Chi bộ 1" in the
    summary sheet or the sheet's title)."""
    if any(ord(char) > 0xFF for char in name):
        return name
    converted = to_unicode(name, encoding)
    if converted == name or len(converted.split()) != len(name.split()):
        return name
    words = [word.strip(".,;:()-") for word in name.split()]
    changed = [word.strip(".,;:()-") for word, before in
               zip(converted.split(), name.split(), strict=True) if word != before]
    if not all(is_syllable(word) for word in changed if word):
        return name
    if all(is_syllable(word) or word.isascii() for word in words if word):
        # Vietnamese either way: only the workbook's own text tells which it is.
        key = unicodedata.normalize("NFC", converted).casefold()
        if not any(key in unicodedata.normalize("NFC", text).casefold() for text in texts):
            return name
    return converted


def is_syllable(word: str) -> bool:
    """Whether `word` (any case, NFC or NFD) is spelt like a Vietnamese syllable."""
    word = unicodedata.normalize("NFC", word).lower()
    if not _VIETNAMESE_LOWER.issuperset(word):  # ñ is n + tilde, but not a Vietnamese letter
        return False
    decomposed = unicodedata.normalize("NFD", word)
    tones = [mark for mark in decomposed if mark in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed
                                                if ch not in _TONE_MARKS))
    match = _SYLLABLE.fullmatch(base)
    if not match:
        return False
    if tones and _tone_on_final_glide(decomposed, len(match.group(1))):
        return False
    # A syllable ending in p, t, c or ch only takes the sắc or nặng tone.
    return not (_STOP_FINAL.search(base) and not (tones and tones[0] in _SHARP_OR_HEAVY))


def _tone_on_final_glide(decomposed: str, initial: int) -> bool:
    """A tone on a closing i/y/o/u after another vowel ("vaỉ", "caó") is never written;
    "uy" is the exception, its y carries the tone ("thuỷ"). `initial`: letters before
    the rhyme (the i of "gió" and the u of "quý" belong to the consonant)."""
    letters = [ch for ch in decomposed if not unicodedata.combining(ch)]
    rhyme = unicodedata.normalize("NFC", "".join(ch for ch in decomposed
                                                 if ch not in _TONE_MARKS))[initial:]
    marked = next(i for i, ch in enumerate(decomposed) if ch in _TONE_MARKS)
    toned = sum(1 for ch in decomposed[:marked] if not unicodedata.combining(ch)) - 1
    if toned != len(letters) - 1 or len(rhyme) < 2:
        return False
    return rhyme[-1] in "iyou" and rhyme[-2] in _VOWELS and rhyme[-2:] != "uy"


@lru_cache(maxsize=1 << 16)
def _word_verdict(word: str, encoding: str) -> int:
    """+1 if converting makes `word` a syllable, -1 if it stops being one, else 0."""
    if len(word) < 2:  # "§" alone, "×" between digits: evidence of nothing
        return 0
    converted = to_unicode(word, encoding)
    if converted == word:
        return 0
    before, after = is_syllable(word), is_syllable(converted)
    return int(after) - int(before)


class _Evidence:
    """Counts over a set of strings: per encoding hits, breaks and words with telltales."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.hits = dict.fromkeys(ENCODINGS, 0)
        self.breaks = dict.fromkeys(ENCODINGS, 0)
        self.telltale_words = dict.fromkeys(ENCODINGS, 0)
        self.telltale_hits = dict.fromkeys(ENCODINGS, 0)
        self.telltale_text_breaks = dict.fromkeys(ENCODINGS, 0)
        self.unicode_words = 0
        for text in texts:
            telltale_text = {encoding: _TELLTALE_RE[encoding].search(text) is not None
                             for encoding in ENCODINGS}
            for word in _WORD.findall(text):
                if _UNICODE_ONLY.search(word):
                    self.unicode_words += 1
                    continue
                for encoding in ENCODINGS:
                    verdict = _word_verdict(word, encoding)
                    if verdict > 0:
                        self.hits[encoding] += 1
                    elif verdict < 0:
                        self.breaks[encoding] += 1
                        self.telltale_text_breaks[encoding] += telltale_text[encoding]
                    if _TELLTALE_RE[encoding].search(word):
                        self.telltale_words[encoding] += 1
                        self.telltale_hits[encoding] += verdict > 0

    def counted_breaks(self, encoding: str) -> int:
        """With legacy-only characters turning into syllables, only the breaks of the texts
        holding them: the other texts' words are Unicode cells beside them, which the cell
        rules (`_convert_cell`) leave as they are. A Unicode table with one ward typed in
        TCVN3 was undecided, its "Biên" and "viên" against the ward's two words (QA round
        33), and the ward's row refused as an unknown unit."""
        return self.telltale_text_breaks[encoding] if self.telltale_hits[encoding] \
            else self.breaks[encoding]

    def score(self, encoding: str) -> int:
        return self.hits[encoding] - self.counted_breaks(encoding)

    def verdict(self) -> str | None:
        best, other = sorted(ENCODINGS, key=self.score, reverse=True)
        hits, breaks = self.hits[best], self.counted_breaks(best)
        if not self.telltale_hits[best] and not (
            hits >= _MARGIN and not breaks and not self.unicode_words and self.score(other) <= 0
        ):
            # Without a legacy-only character turning into a Vietnamese letter, only several
            # words that read as Vietnamese one way and as nothing the other way will do
            # ("Coù lyù do", "Ghi chuù").
            return None
        if hits < _MARGIN * breaks or hits == breaks:
            return None
        if self.telltale_hits[best] < _MIN_TELLTALE_SHARE * self.telltale_words[best]:
            return None  # most "legacy" characters are something else (German, symbols)
        if self.score(other) > 0 and self.score(best) < _MARGIN * self.score(other):
            return None  # both encodings read plausibly: undecidable
        return best


def detect_encoding(texts: Iterable[str]) -> str | None:
    """"tcvn3", "vni", or None (Unicode, plain ASCII, too little or ambiguous evidence).

    Give it a whole sheet's strings, not one cell: the decision counts words over all of
    them (see the module docstring).
    """
    return _Evidence(text for text in texts if isinstance(text, str)).verdict()


# --- fonts ---------------------------------------------------------------------------

def font_encoding(font: str | None) -> str | None:
    """.VnTime / .VnArialH / ... -> "tcvn3"; VNI-Times / VNI-Helve -> "vni"; else None."""
    if not font:
        return None
    name = font.strip().upper()
    if name.startswith(".VN"):
        return "tcvn3"
    if name.startswith("VNI"):
        return "vni"
    return None


def is_capitals_font(font: str | None) -> bool:
    """TCVN3's capitals fonts end in "H": .VnTimeH, .VnArialH, .VnCentury SchoolbookH."""
    return font_encoding(font) == "tcvn3" and font.strip().endswith("H")


FontMap = Mapping[tuple[int, int], str]  # (row, column), 0-based like the grid -> font name
Fonts = FontMap | Callable[[], FontMap] | None


def read_cell_fonts(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Font name of every text cell, per sheet, of an .xlsx/.xlsm; {} if openpyxl cannot.

    Read-only mode is enough: its cells carry their style, font included.
    """
    import openpyxl  # only needed for legacy workbooks

    fonts: dict[str, dict[tuple[int, int], str]] = {}
    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # a file calamine reads but openpyxl does not: go on without fonts
        return fonts
    try:
        for worksheet in workbook.worksheets:
            sheet = fonts.setdefault(worksheet.title, {})
            for row in worksheet.iter_rows():
                for cell in row:
                    if isinstance(getattr(cell, "value", None), str) and cell.font is not None:
                        sheet[(cell.row - 1, cell.column - 1)] = cell.font.name
    except Exception:
        return {}
    finally:
        workbook.close()
    return fonts


class WorkbookFonts:
    """A workbook's cell fonts, read (once, all sheets) only when a sheet asks for them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fonts: dict[str, dict[tuple[int, int], str]] | None = None

    @classmethod
    def for_path(cls, path: Path) -> WorkbookFonts | None:
        return cls(path) if path.suffix.lower() in FONT_SUFFIXES else None

    def sheet(self, name: str) -> Callable[[], FontMap]:
        def load() -> FontMap:
            if self._fonts is None:
                self._fonts = read_cell_fonts(self.path)
            return self._fonts.get(name, {})
        return load


# --- grids ---------------------------------------------------------------------------

def shows_legacy_text(grids: Iterable[list[list]]) -> bool:
    """Whether any text cell of these grids holds a character only legacy text has.

    One search over all their distinct text: almost every sheet is plain Unicode. The set is
    built in C, and sheets repeat their merged titles, units and marks."""
    values: set = set()
    for rows in grids:
        values.update(chain.from_iterable(rows))
    return _ANY_TELLTALE.search(
        "\n".join([value for value in values if isinstance(value, str)])) is not None


def fix_grid(rows: list[list], fonts: Fonts = None) -> tuple[list[list], str | None]:
    """A sheet's grid with its legacy text converted, and the encoding ("tcvn3"/"vni").

    Unicode and ASCII grids come back as the same object with None; so does a grid whose
    legacy evidence is not clear. Only str cells change; numbers and dates are untouched.
    `fonts` maps (row, column) to a font name, or is a function returning that map, called
    only when the text shows legacy characters.
    """
    if not shows_legacy_text([rows]):
        return rows, None
    cells = [(r, c, value) for r, row in enumerate(rows) for c, value in enumerate(row)
             if isinstance(value, str) and value]
    evidence = _Evidence(value for _, _, value in cells)
    encoding = evidence.verdict()
    font_map = (fonts() if callable(fonts) else fonts) or {}
    dominant = encoding is not None and evidence.hits[encoding] > evidence.unicode_words
    row_unicode, row_legacy = _row_context(cells, encoding)

    # Cells with a font first: a merged range's copies (read.fill_merged) have no font of
    # their own and take the conversion their top-left cell got.
    cells.sort(key=lambda cell: (cell[0], cell[1]) not in font_map)
    by_value: dict[str, tuple[str, str]] = {}
    fixed = None
    used: Counter[str] = Counter()
    for r, c, value in cells:
        font = font_map.get((r, c))
        if font is None and value in by_value:
            converted, cell_encoding = by_value[value]
        else:
            cell_encoding = font_encoding(font) or encoding or _own_encoding(value)
            converted = _convert_cell(value, cell_encoding, font, dominant,
                                      row_unicode[r] and not row_legacy[r])
            if converted is None:
                continue
            if font is not None:
                by_value.setdefault(value, (converted, cell_encoding))
        if fixed is None:
            fixed = [list(row) for row in rows]
        fixed[r][c] = converted
        used[cell_encoding] += 1
    if fixed is None:
        return rows, None
    return fixed, used.most_common(1)[0][0]


def _convert_cell(value: str, encoding: str | None, font: str | None, dominant: bool,
                  unicode_row: bool) -> str | None:
    """The cell converted, or None when it stays as it is (see the module docstring)."""
    if encoding is None or _UNICODE_ONLY.search(value):
        return None
    converted = _to_unicode_cached(value, encoding)
    if is_capitals_font(font):  # what the analyst sees, "STT" typed as "stt" included
        converted = converted.upper()
    if converted == value:
        return None
    hits, breaks = _cell_counts(value, encoding)
    if breaks > hits:
        return None  # conversion would make good words bad: this cell is not legacy
    by_font = font_encoding(font) is not None
    ambiguous = not (by_font or hits or _TELLTALE_RE[encoding].search(value))
    if ambiguous and (not dominant or unicode_row):
        return None
    if encoding == "tcvn3" and not by_font and _tcvn3_proves_capitals(value):
        return converted.upper()
    return converted


def _own_encoding(value: str) -> str | None:
    """The one encoding a cell's own characters prove, in a sheet that mixes them (a TCVN3
    ward's name beside a VNI one, QA round 44: neither converted, the ward chased as
    missing): its legacy-only characters are that encoding's, its words become syllables
    under it and none stops being one; None if both encodings or neither would do."""
    proved = [encoding for encoding in ENCODINGS if _TELLTALE_RE[encoding].search(value)
              and (counts := _cell_counts(value, encoding))[0] and not counts[1]]
    return proved[0] if len(proved) == 1 else None


@lru_cache(maxsize=1 << 14)
def _cell_counts(value: str, encoding: str) -> tuple[int, int]:
    verdicts = [_word_verdict(word, encoding) for word in _WORD.findall(value)]
    return sum(v > 0 for v in verdicts), sum(v < 0 for v in verdicts)


def _row_context(cells, encoding: str | None) -> tuple[dict[int, bool], dict[int, bool]]:
    """Per row: holds Unicode-only Vietnamese; holds legacy evidence for `encoding`."""
    unicode_rows: dict[int, bool] = {}
    legacy_rows: dict[int, bool] = {}
    for r, _, value in cells:
        if _UNICODE_ONLY.search(value):
            unicode_rows[r] = True
        elif encoding and (_TELLTALE_RE[encoding].search(value)
                           or _cell_counts(value, encoding)[0]):
            legacy_rows[r] = True
    rows = {r for r, _, _ in cells}
    return ({r: unicode_rows.get(r, False) for r in rows},
            {r: legacy_rows.get(r, False) for r in rows})


def _tcvn3_proves_capitals(value: str) -> bool:
    """TCVN3 bytes that can only be capitals: "KHèI", "T£N", "§øC GIANG"; not "Bå §Ò".

    An upper-case letter (or TCVN3's capital Ă Â Ê Ô Ơ Ư Đ codes) after a word's first
    letter says capitals; any lower-case ASCII letter or lower-case base code says not.
    """
    capitals = lower = 0
    for word in _WORD.findall(value):
        for position, char in enumerate(word):
            if char.isascii() and char.isalpha():
                if char.islower():
                    lower += 1
                elif position:
                    capitals += 1
            elif char in _TCVN3_LOWER_BASES:
                lower += 1
            elif char in _TCVN3_UPPER_BASES and position:
                capitals += 1
    return capitals > 0 and lower == 0


# --- CSV bytes -----------------------------------------------------------------------

_CSV_FIELD_BREAK = re.compile(r'[,;\t\r\n"]+')


def decode_legacy_bytes(data: bytes) -> str | None:
    """The 8-bit reading of CSV bytes that hold TCVN3 or VNI text, else None.

    A TCVN3/VNI CSV holds the font's bytes: "Bồ Đề" is 42 E5 20 A7 D2 in TCVN3. Those must
    be read one byte to one character (Windows-1252, the code page Excel shows them in;
    Latin-1 for the few bytes 1252 leaves undefined) so that the legacy tables apply.
    Windows-1258 would turn 0xD2 into a combining hook and ruin the text. The bytes are
    taken as legacy only when that reading detects as TCVN3/VNI and clearly beats reading
    them as Windows-1258 Vietnamese.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    fields = _CSV_FIELD_BREAK.split(text)
    evidence = _Evidence(fields)
    encoding = evidence.verdict()
    if encoding is None:
        return None
    try:
        vietnamese = data.decode("cp1258")
    except UnicodeDecodeError:
        return text
    as_1258 = sum(1 for word in _WORD.findall(unicodedata.normalize("NFC", vietnamese))
                  if _UNICODE_ONLY.search(word) and is_syllable(word))
    return text if evidence.hits[encoding] > as_1258 else None

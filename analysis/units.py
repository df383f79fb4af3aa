"""Units that report (wards, party committees, district classes) and name matching.

A ward arrives as "P. Bồ Đề", "Phường Bồ Đề", "BỒ ĐỀ", "Bo De" or in decomposed Unicode;
all of them must land on the one canonical unit, and a name that matches nothing must be
rejected with the closest known names, never guessed.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from analysis.text import clean_text, fold, fold_keep_marks

KINDS = ("ward", "committee", "district")

# Long Biên's 14 wards in 2015 (source article / FACTS.md), the default when a campaign
# lists no units of its own.
LONG_BIEN_WARDS_2015 = (
    "Bồ Đề",
    "Cự Khối",
    "Đức Giang",
    "Gia Thụy",
    "Giang Biên",
    "Long Biên",
    "Ngọc Lâm",
    "Ngọc Thụy",
    "Phúc Đồng",
    "Phúc Lợi",
    "Sài Đồng",
    "Thạch Bàn",
    "Thượng Thanh",
    "Việt Hưng",
)

# A unit's kind before its name, folded, and its short forms: "phường", "P.", "xã", "X.",
# "thị trấn", "TT." (QA round 97 #3: "Đảng bộ X. Tân Phú" refused as an unknown unit).
_KIND_WORDS = "phuong|p|xa|x|thi tran|tt"
# Words that precede a unit's name without being part of it: "Đảng bộ phường", "P.", ...
_PREFIX = re.compile(
    r"^(?:(?:dang bo|dang uy|db|du|chi bo|cb)\s+)?"
    rf"(?:(?:{_KIND_WORDS}|ward|commune|town)\s+)?"
)
# ... or follow it, in English: "Tân An Ward".
_SUFFIX = re.compile(r"\s+(?:ward|commune|town)$")


def core_name(folded: str) -> str:
    """'dang bo phuong bo de' -> 'bo de', 'tan an ward' -> 'tan an'; leaves names that are
    only a prefix intact."""
    stripped = _SUFFIX.sub("", _PREFIX.sub("", folded, count=1)).strip()
    return stripped or folded


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str = "ward"
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    phases: tuple[str, ...] | None = None  # phases it must report in; None: every phase


# How alike (difflib's ratio of the folded names) an unknown name and a unit must be for the
# name to be taken as a slip for the unit: one letter in nine ("thach bang", "thach ban") is
# 0.95, two names of a district that share a word ("phuc loi", "phuc dong") 0.71.
MISTYPED_RATIO = 0.85
# A name offered as the closest to an unknown one from this likeness on: slips and near
# names score more ("Đức Giag", "Đức Giang" 0.94; "Xã Cự Khê", "Cự Khối" 0.77); names that
# only share letters less ("Chi bộ Trường Mầm non", "Trung tâm Y tế quận" 0.61: QA round
# 73 #6, the ward sent looking for a mistake it had not made; "Tân Hưng", "An Phú" 0.71: QA
# round 94 #2, a newcomer might have moved the row onto An Phú).
SUGGEST_RATIO = 0.75
# The words of an institution's kind, folded: "truong thcs", "benh vien", "cong ty tnhh".
_INSTITUTION_WORDS = re.compile(
    r"\b(?:chi bo|dang bo|dang uy|truong|thcs|thpt|th|mn|mam non|tieu hoc|trung hoc co so"
    r"|trung hoc pho thong|benh vien|cong ty|tnhh|co phan|co quan|trung tam|phong|ban|vien)\b")
# The same in a title's "ĐẢNG BỘ PHƯỜNG …" (`mistyped_in_title`): "yen xo" for "yen so" is
# 0.833; another district's "Phúc La" against "Phúc Lợi", "Ngọc Hà" against "Ngọc Lâm" 0.8.
TITLE_MISTYPED_RATIO = 0.83
# A title's unit name after its unit word, folded: "dang bo phuong yen xo" -> "yen xo".
_TITLE_NAME = re.compile(rf"^(?:dang bo|dang uy|chi bo)?\s*(?:{_KIND_WORDS})\s+(.+)$")


@dataclass
class UnitResolver:
    """Maps any spelling of a unit to its canonical name, or explains why it cannot."""

    units: tuple[Unit, ...]
    _by_key: dict[str, set[str]] = field(init=False, repr=False)
    _kind: dict[str, str] = field(init=False, repr=False)
    # Each unit's `core_name`, folded, with the units that have it: what an unknown name is
    # compared with (`suggest`, `mistyped`).
    _by_core: dict[str, list[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_key: dict[str, set[str]] = defaultdict(set)
        for unit in self.units:
            for spelling in (unit.name, *unit.aliases):
                for key in _keys(spelling):
                    by_key[key].add(unit.name)
        self._by_key = dict(by_key)
        self._kind = {unit.name: unit.kind for unit in self.units}
        by_core: dict[str, list[str]] = defaultdict(list)
        for unit in self.units:
            by_core[core_name(fold(unit.name))].append(unit.name)
        self._by_core = dict(by_core)

    @functools.cached_property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Canonical name -> its aliases, for units that have any."""
        return {unit.name: tuple(unit.aliases) for unit in self.units if unit.aliases}

    @property
    def kinds(self) -> dict[str, str]:
        """Canonical name -> kind, for Series.map."""
        return self._kind

    def resolve(self, raw_name: object) -> tuple[str | None, str | None]:
        """(canonical name, None) or (None, reason in plain words)."""
        text = clean_text(raw_name)
        if not text:
            return None, "thiếu tên đơn vị (missing unit name)"
        spellings = _spellings(text)
        names = self._names(spellings)
        if names and len(names) == 1:
            return next(iter(names)), None
        if names:
            listing = ", ".join(sorted(names))
            return None, (f"tên đơn vị '{text}' không rõ là đơn vị nào ({listing}) "
                          "(ambiguous unit)")
        name = self._before_remark(text)
        if name:
            return name, None
        whole = self.part_of(text)
        if whole:
            return None, (f"'{text}' là một phần của đơn vị {whole}, không phải một đơn vị: ghi "
                          "tên đơn vị ở cột đơn vị và tên chi bộ ở cột Chi bộ, hoặc số của cả "
                          f"đơn vị trên một dòng (a part of unit {whole}, not a unit)")
        suggestions = self.suggest(spellings[-1])
        if not suggestions:
            return None, f"không có đơn vị '{text}' trong danh sách (unknown unit)"
        # Each language whole, the names in both: a name ending in brackets ("Hòa Bình (Tây
        # Sơn)") was taken for the English (QA round 65 #6).
        names = ", ".join(suggestions)
        return None, (f"không có đơn vị '{text}' trong danh sách; gần nhất: {names} (unknown "
                      f"unit; closest: {names})")

    def lookup(self, raw_name: object) -> str | None:
        """The one unit a name gives in any spelling `resolve` reads ("Ph. Gia Thụy", "Phúc
        Đồng (cũ)"), or None: `resolve` without the reason, nor its closest names, a fuzzy
        match against every unit, for a question most texts answer no to (is this party
        cell's label the unit itself?)."""
        text = clean_text(raw_name)
        if not text:
            return None
        names = self._names(_spellings(text))
        if names:
            return next(iter(names)) if len(names) == 1 else None
        return self._before_remark(text)

    def _before_remark(self, text: str) -> str | None:
        """"Phúc Đồng (cũ)", "Bồ Đề (trước sáp nhập)", "Thổ Quan cũ": the name, with a remark
        after it. Not "Bồ Đề (Chi bộ 1)": that is a part of the unit, not the unit."""
        bracket = _BRACKETED.search(text) or _FOOTNOTE_STARS.search(text) \
            or _FORMER_AFTER.search(text) \
            or (_FORMER_AFTER_PLAIN.search(text.lower()) if text.isascii() else None)
        if bracket and bracket.start() > 0 and _REMARK.match(fold(bracket.group())):
            return self.lookup(text[:bracket.start()])
        return None

    def part_of(self, raw_name: object) -> str | None:
        """The one unit a name of a part of it gives ("Chi bộ 1 - Phường Bồ Đề", "Bồ Đề (Chi
        bộ 1)", "Tổ 3, Gia Thụy"), or None. Such a row is not counted as its unit's (the
        unit's own row may stand beside it), but it is the unit's report, refused: the unit
        is sent it back, not chased for a report it sent (QA round 17 g03)."""
        pieces = [piece for piece in (clean_text(piece) for piece in
                                      _PIECES.split(clean_text(raw_name))) if piece]
        found, parts = set(), 0
        for piece in pieces:
            names = self._names(_spellings(piece))
            if names and len(names) == 1:
                found |= names
            elif fold(piece).startswith(_PART_WORDS):
                parts += 1
        return found.pop() if len(found) == 1 and parts else None

    def _names(self, spellings: list[str]) -> set[str] | None:
        """The units the first key that names any gives, keys tried spelling by spelling,
        each from the most to the least specific (`_keys`)."""
        return next((self._by_key[key] for spelling in spellings for key in _keys(spelling)
                     if self._by_key.get(key)), None)

    def find_in_title(self, texts: Iterable[object]) -> str | None:
        """The one unit a title block names ("ĐẢNG ỦY PHƯỜNG BỒ ĐỀ"), or None.

        A name counts only after a unit word (phường, đảng bộ, đảng ủy) or alone in its cell,
        so "QUẬN ỦY LONG BIÊN" above a ward's report does not make it ward Long Biên's.
        """
        found = set()
        by_core, patterns = self._title_patterns
        for text in texts:
            key = fold(text)
            if not key:
                continue
            found.update(by_core.get(core_name(key), ()))
            key = _VENUE.sub(" ", key)
            found.update(name for name, pattern in patterns if pattern.search(key))
        return found.pop() if len(found) == 1 else None

    @functools.cached_property
    def _title_patterns(self) -> tuple[dict[str, set[str]], list[tuple[str, re.Pattern]]]:
        """Each unit's core name, and its pattern after a unit word, made on first use:
        compiled per call, six hundred units' patterns overflowed the regex cache and took
        0.2 s a text."""
        by_core: dict[str, set[str]] = defaultdict(set)
        patterns = []
        for unit in self.units:
            # Its aliases too: the analyst's answer to a title naming it with a slip.
            for name in (unit.name, *unit.aliases):
                core = core_name(fold(name))
                by_core[core].add(unit.name)
                # "Đảng bộ xã Đông Hội - Chi bộ thôn 1", "Chi bộ Khu 1 - Đảng bộ TT Đông Anh":
                # the kind between the party's word and the name (QA round 58 #1: a title
                # naming the unit, then its cell, named none; the rows were refused).
                # In English the unit's word follows its name: "SAO MAI COMPANY PARTY
                # COMMITTEE", "Tan An Ward Party Committee", not "Long Bien District Party
                # Committee" (QA round 102 #1: every row of an English roll-call refused for
                # a missing unit, the committee chased).
                patterns.append((unit.name, re.compile(
                    rf"\b(?:(?:dang bo|dang uy|db|du)\s+(?:(?:{_KIND_WORDS})\s+)?"
                    rf"|(?:{_KIND_WORDS})\s+){re.escape(core)}\b"
                    rf"|\b{re.escape(core)}(?:\s+(?!(?:district|city|province)\b)\w+)?"
                    rf"\s+(?:party committee|party cell|ward|commune|township)\b")))
        return dict(by_core), patterns

    def find_at_end(self, text: object) -> str | None:
        """The one unit whose name ends a file's name ("bao cao gia thuy"), or None. Names
        of figures only ("Phường 1") never count: "dot 1" is no ward."""
        key = fold(text)
        found = {unit.name for unit in self.units
                 if any(map(str.isalpha, core := core_name(fold(unit.name))))
                 and (key == core or key.endswith(f" {core}"))}
        return found.pop() if len(found) == 1 else None

    def mistyped(self, raw_name: object, cutoff: float = MISTYPED_RATIO) -> str | None:
        """The one unit an unknown name is a slip of the keyboard for ("Thạch Bàng" for
        Thạch Bàn): its refused row is that unit's, which is then told of it rather than
        chased for a report it sent (QA round 41). Closer than `suggest`'s names, and only
        one unit so close."""
        wanted = core_name(fold(clean_text(raw_name)))
        if len(wanted) < 4:
            return None
        close = [name for key in difflib.get_close_matches(wanted, list(self._by_core), n=2,
                                                          cutoff=cutoff)
                 for name in self._by_core[key]]
        return close[0] if len(close) == 1 else None

    def mistyped_in_title(self, texts: Iterable[object]) -> tuple[str, str] | None:
        """(the name as the title writes it, the unit) where a title names a unit after a
        unit word with a slip ("ĐẢNG BỘ PHƯỜNG YÊN XỞ" for Yên Sở: QA round 45, its rows
        refused for a missing unit, the ward chased as missing). A title is written once
        and read by the analyst: a name of six letters one slip off (0.833) is that unit's."""
        found = {}
        for text, name in self._unknown_in_titles(texts):
            unit = self.mistyped(name, cutoff=TITLE_MISTYPED_RATIO)
            if unit:
                found[unit] = clean_text(text)
        return next(((written, unit) for unit, written in found.items()), None) \
            if len(found) == 1 else None

    def unlisted_in_title(self, texts: Iterable[object]) -> str | None:
        """The title naming a ward, commune or town after its unit word that is no listed
        unit ("ĐẢNG BỘ PHƯỜNG PHÚ DIỄN" where Phú Diễn is not in campaign.toml), as written
        up to a comma; None where the titles name none, or known ones. Asked where
        `mistyped_in_title` finds no slip."""
        return next((clean_text(text.split(",")[0])
                     for text, _ in self._unknown_in_titles(texts)), None)

    def _unknown_in_titles(self, texts: Iterable[object]) -> Iterator[tuple[str, str]]:
        """(the title, the name folded) of each title naming, after a unit word, a name no
        unit has; the name up to a comma: "…PHƯỜNG THẠCH BÀNG, QUẬN LONG BIÊN" (QA 47)."""
        for text in texts:
            match = _TITLE_NAME.search(fold(text.split(",")[0])) if isinstance(text, str) \
                else None
            if match and self.resolve(match.group(1))[0] is None:
                yield text, match.group(1)

    def suggest(self, raw_name: str, limit: int = 3) -> list[str]:
        """Closest canonical names, for the reject message."""
        wanted = core_name(fold(raw_name))
        close = difflib.get_close_matches(wanted, list(self._by_core), n=limit,
                                          cutoff=SUGGEST_RATIO)
        # Institutions share their kind's words ("trường", "THCS"): close only if their own
        # names are too ("Chi bộ Trường THCS Gia Thụy" was offered "Trường THPT Nguyễn Gia
        # Thiều", QA round 75 #4).
        own = _INSTITUTION_WORDS.sub(" ", wanted).split()
        close = [key for key in close if not own or not (
            theirs := _INSTITUTION_WORDS.sub(" ", key).split())
            or difflib.SequenceMatcher(None, " ".join(own), " ".join(theirs)).ratio()
            >= SUGGEST_RATIO]
        if not close and wanted:
            # A name cut short ("Phúc" for Phúc Lợi, Phúc Đồng) is offered the names it begins.
            close = difflib.get_close_matches(
                wanted, [key for key in self._by_core if key.startswith(f"{wanted} ")],
                n=limit, cutoff=0)
        return [self._by_core[key][-1] for key in close]


# Where a unit's name and its part's meet: "Chi bộ 1 - Bồ Đề", "Bồ Đề (Chi bộ 1)", "Tổ 3, Gia
# Thụy"; a dash only between spaces, so "Phường 1-2" stays whole.
_PIECES = re.compile(r"\s+[-–—]\s+|[()\[\],;]")
# How the name of a part of a unit begins, folded: a party cell, a residential group or
# quarter, a class, a hamlet.
_PART_WORDS = ("chi bo", "cb ", "cb.", "to ", "tdp", "khu ", "lop ", "chi doan", "thon ", "xom ",
               "cum ", "dang bo bo phan", "ban ")
_BRACKETED = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
# What such a bracket says, folded (the brackets are gone): old, new, before the merger, or
# a footnote's mark ("Ngọc Lâm(1)", "(*)", "(a)"; QA round 35: refused as an unknown unit).
# Its kind said again ("Bồ Đề (phường)") is a remark too.
_REMARK = re.compile(r"^(?:(?:phuong |xa |thi tran )?(?:cu|moi)|truoc sap nhap|da sap nhap|"
                     r"sap nhap|old|new|\d|[a-z]|phuong|xa|thi tran|ward|commune|)$")
# Where a class met, folded, the place's unit named after it: "tại hội trường xã Đông Hội",
# "Nhà văn hóa phường Bồ Đề" (QA round 59 #6: the venue's commune taken for the report's).
_VENUE = re.compile(r"\b(?:hoi truong|nha van hoa|tru so|dia diem)(?: ubnd| dang uy| hdnd)?"
                    rf" (?:{_KIND_WORDS}) [^,;:()\-]*")
# "cũ" (former) typed after a name: "Thổ Quan (cũ)", "Thổ Quan cũ", "Thổ Quan - cũ" (QA
# round 59 #5: refused as an unknown unit). Only with its mark: "Cù", "Củ" begin names.
_FORMER_AFTER = re.compile(r"\s*(?:\(\s*cũ\s*\)|[-–,]?\s*\bcũ)\s*$", re.IGNORECASE)
# ... and typed without any mark, the whole name too: "Tho Quan cu" (QA round 61 #9),
# lower case; or in brackets anywhere, the unit's kind with it: "Tho Quan (phuong cu)".
_FORMER_AFTER_PLAIN = re.compile(r"\s*[-–,]?\s*\bcu\s*$")
_FORMER_BRACKETED_PLAIN = re.compile(r"\(\s*(?:(?:phuong|xa|thi tran)\s+)?cu\s*\)")
_FORMER_WORD = re.compile(r"\bcũ\b")
_FORMER_FOLDED = re.compile(r"\bcu\b")  # what either spelling of it folds to
_KIND_MARKED = re.compile(r"^(?:phường|xã|thị trấn)\s+")


def says_former(text: str, names: Iterable[str] = ()) -> bool:
    """Whether a label says "cũ" (former) besides these names' own words: "Thổ Quan (cũ)",
    "Khâm Thiên cũ", "(phường cũ)". The mark decides: "Cự Khê", "Cù Chính Lan" fold to
    "cu" too (QA round 59 #3: an unknown ward taken for a former one); a label typed
    without any mark says it in brackets or last ("Tho Quan (cu)")."""
    if _FORMER_FOLDED.search(fold(text)) is None:  # most labels: the word is not there
        return False
    if text.isascii():
        lowered = text.lower()
        return _FORMER_BRACKETED_PLAIN.search(lowered) is not None \
            or _FORMER_AFTER_PLAIN.search(lowered) is not None
    marked = fold_keep_marks(text)
    for name in names:
        own = fold_keep_marks(name)
        if "cũ" in own:  # a unit named with the word ("Chợ Cũ"), its kind or not
            marked = marked.replace(own, " ").replace(_KIND_MARKED.sub("", own), " ")
    return _FORMER_WORD.search(marked) is not None


def without_former_remark(text: str) -> str:
    """A name without the "cũ" (former) typed after it: "Thổ Quan (cũ)" -> "Thổ Quan"."""
    return _FORMER_AFTER.sub("", text)
# A footnote's asterisks after a name: "Ngọc Lâm*", "Bồ Đề **".
_FOOTNOTE_STARS = re.compile(r"\s*\*+$")


# A list number typed before a name, no part of it: "1. Phường Bồ Đề", "2- Gia Thụy",
# "3) Ngọc Lâm", "12/ Sài Đồng", "IV. Phúc Đồng" (a Roman figure only before "." or ")": "V"
# may be a word). Only before a letter, so "1.2", "10/2" and "Phường 10" keep their figures.
_LIST_NUMBER = re.compile(r"^(?:\d{1,3}\s*[.)/\-–]|[IVX]{1,5}\s*[.)])\s*(?=[^\W\d_])")
# "Ph.Bồ Đề", "F. Gia Thụy", "F.12": Phường as offices abbreviate it; "F" only with its dot.
_WARD_ABBREVIATION = re.compile(r"^(?:ph|f)\.\s*(?=\w)", re.IGNORECASE)


def without_list_number(text: str) -> str:
    """"1. Chi bộ 1" -> "Chi bộ 1", "IV. Phúc Đồng" -> "Phúc Đồng"; "Phường 10" as it is."""
    return _LIST_NUMBER.sub("", text, count=1)


# The district or city a unit's name is followed by: "Phường Bồ Đề - quận Long Biên", "Bồ
# Đề, Q. Long Biên, TP Hà Nội", "Bồ Đề (quận Long Biên)". Only after a word naming it: in
# "Bồ Đề, Long Biên" the second name may be a ward's.
_PLACE_AFTER = re.compile(r"(?:\s*,\s*|\s+[-–]\s+|\s*\(\s*)(?:quận|huyện|thị xã|thành phố|"
                          r"tỉnh|tp\.?|q\.|h\.)\s*[^,()\-–]*\)?\s*$", re.IGNORECASE)


def _spellings(text: str) -> list[str]:
    """The name as typed, then without a list number before it, then with "Ph."/"F." written
    out as "Phường", then without its district or city after it: each tried only if the one
    before names no unit, so an alias typed with its number still wins."""
    spellings = [text]
    unnumbered = without_list_number(text)
    if unnumbered != text:
        spellings.append(unnumbered)
    expanded = _WARD_ABBREVIATION.sub("Phường ", spellings[-1], count=1)
    if expanded != spellings[-1]:
        spellings.append(expanded)
    unplaced = spellings[-1]
    while (shorter := _PLACE_AFTER.sub("", unplaced, count=1)) not in (unplaced, ""):
        unplaced = shorter
    if unplaced != spellings[-1]:
        spellings.append(unplaced)
    return spellings


# A number's leading zeros: "Phường 02" is Phường 2.
_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")


def _keys(spelling: str) -> list[str]:
    """Keys from the most to the least specific; diacritics count before they are dropped."""
    marked = _LEADING_ZEROS.sub("", fold_keep_marks(spelling))
    plain = _LEADING_ZEROS.sub("", fold(spelling))
    keys = [marked, core_name(marked), plain, core_name(plain)]
    return list(dict.fromkeys(key for key in keys if key))


def default_units() -> tuple[Unit, ...]:
    return tuple(Unit(name=name, kind="ward") for name in LONG_BIEN_WARDS_2015)


def make_resolver(units: Iterable[Unit] | None = None) -> UnitResolver:
    return _resolver(tuple(units) if units else default_units())


@functools.lru_cache(maxsize=8)
def _resolver(units: tuple[Unit, ...]) -> UnitResolver:
    # Built once per process: a city campaign lists hundreds of units and parses thousands
    # of sheets. (Its lookups are memoised per value too, so it must not be mutated.)
    return UnitResolver(units)

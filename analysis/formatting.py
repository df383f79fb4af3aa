"""Number formats for humans: Vietnamese uses a decimal comma and a dot for thousands."""

from __future__ import annotations

import decimal
import math

LANGS = ("vi", "en")
# Every rate a reader sees side by side - the headline, the tables, the charts' labels - is
# printed to this many decimals of a percent, so that one figure never reads "98%" beside
# "97,5%" for the same people. Axis ticks and round targets ("95%") are the exceptions.
RATE_DECIMALS = 1
_MAX_RATE_DECIMALS = 6
# A score (the modified z-score of analysis.quality) is printed to at least two decimals.
SCORE_DECIMALS = 2
_MAX_SCORE_DECIMALS = 6


def format_percent(rate: float, lang: str = "vi", decimals: int = RATE_DECIMALS,
                   target: float | None = None) -> str:
    """96.2% in English, 96,2% in Vietnamese; an unknown rate is a dash, never 0%.

    Given the `target`, a rate on one side of it is never printed on the other: 94.96%
    against 95% prints "94,96%", not "95,0%" (met), and 95% itself stays "95,0%".
    """
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "–"
    text = f"{rounded_percent(rate, rate_decimals(rate, target, decimals))}%"
    return text.replace(".", ",") if lang == "vi" else text


def rate_decimals(rate: float, target: float | None, decimals: int = RATE_DECIMALS) -> int:
    """The decimals a rate is shown with (`format_percent`), also in a spreadsheet's number
    format: more than `decimals` where fewer would put it on the other side of the target."""
    if target is None or rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return decimals
    while decimals < _MAX_RATE_DECIMALS and (
            (rate < target) != (rounded_percent(rate, decimals) < rounded_percent(target, 9))):
        decimals += 1
    return decimals


def rounded_percent(rate: float, decimals: int) -> decimal.Decimal:
    """The rate in percent rounded half up, as Excel and a calculator round: 77/80 is
    96,25%, "96,3%" to one decimal (Python's own formatting rounds that tie to 96,2%). A
    difference of two rates is taken to 9 decimals first: 95% - 94,95% is 0.0004999...,
    a float's error, not under half a point's tenth (QA round 38: "±0,0 điểm")."""
    return (decimal.Decimal(repr(round(float(rate), 9))) * 100).quantize(
        decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)


def format_count(count: int, lang: str = "vi") -> str:
    """1.250 in Vietnamese, 1,250 in English."""
    text = f"{int(count):,}"
    return text.replace(",", ".") if lang == "vi" else text


def format_date(iso: str) -> str:
    """"2015-11-23" as "23/11/2015", as dates are written in Vietnam and in the suite's
    titles, charts and messages; a blank stays blank."""
    if not iso:
        return ""
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


def format_score(score: float, lang: str = "vi", beyond: float | None = None) -> str:
    """A signed score with a true minus sign: "+3,51", "−4,20" (Vietnamese), "+3.51" (English).

    Two decimals, or more where fewer would print a score that is beyond the threshold
    `beyond` (compared in absolute value, as |z| > 3.5 is) as equal to it: 3.504 prints
    "+3,504", never "+3,50" beside a threshold of 3,5. An unknown score is a dash.
    """
    if score is None or math.isnan(score):
        return "–"
    decimals = SCORE_DECIMALS
    if beyond is not None and abs(score) > beyond:
        while (decimals < _MAX_SCORE_DECIMALS
               and float(f"{abs(score):.{decimals}f}") <= abs(beyond)):
            decimals += 1
    text = f"{score:+.{decimals}f}".replace("-", "−")
    return text.replace(".", ",") if lang == "vi" else text


def in_sentence(label: str) -> str:
    """A label ("Giai đoạn II") inside a sentence: "giai đoạn II", its first word in lower
    case and the rest as written, so that Roman numerals and acronyms ("GĐ") keep theirs."""
    first, _, rest = label.partition(" ")
    if first[:1].isupper() and not any(letter.isupper() for letter in first[1:]):
        first = first.lower()
    return f"{first} {rest}" if rest else first


def in_language(text: str, lang: str) -> str:
    """One language of a bilingual message, "Vietnamese (English)" as the CSVs write a
    reason or a finding's detail: the Vietnamese before the last bracketed part for "vi",
    that part for "en". Text that does not end in a bracketed part is returned as it is.

    The brackets are matched, so that brackets inside either part ("(điểm z hiệu chỉnh −6,47)",
    "row(s)") stay where they are.
    """
    if not isinstance(text, str):
        return text
    stripped = text.rstrip()
    if not stripped.endswith(")"):
        return text
    depth = 0
    for position in range(len(stripped) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(stripped[position], 0)
        if depth == 0:
            break
    else:
        return text
    vietnamese, english = stripped[:position].rstrip(), stripped[position + 1:-1].strip()
    if not vietnamese or not english:
        return text
    return vietnamese if lang == "vi" else english


def place_units(*places: str) -> tuple[str, str]:
    """(the grassroots units' word, the district's) in the campaigns of `places`, in
    Vietnamese: a quận's wards ("phường", "quận"), a huyện's communes ("xã, thị trấn",
    "huyện"); else, or where the places differ in kind, both (QA rounds 97 #5, 98 #6: a
    huyện's briefing spoke of its "phường" and "lớp cấp quận")."""
    from analysis.text import fold

    kinds = {next((kind for kind in _DISTRICT_KINDS if fold(place).startswith(kind)), "")
             for place in places} or {""}
    return _DISTRICT_KINDS.get(kinds.pop(), _EITHER) if len(kinds) == 1 else _EITHER


_EITHER = ("phường, xã", "quận, huyện")
_DISTRICT_KINDS = {"quan": ("phường", "quận"), "huyen": ("xã, thị trấn", "huyện"),
                   "thi xa": ("phường, xã", "thị xã"), "thanh pho": ("phường, xã", "thành phố")}


def in_place_words(text: str, *places: str) -> str:
    """A Vietnamese text that speaks of a quận's wards ("phường", "cấp quận") in the words of
    `places` (`place_units`): "7/7 xã tăng" in a huyện's campaigns. The first word alone of
    several ("xã" of "xã, thị trấn"), where the text counts them."""
    units, district = place_units(*places)
    if units == "phường":
        return text
    unit = units.split(",")[0]
    return (text.replace("Phường", unit.capitalize()).replace("phường", unit)
            .replace("cấp quận", f"cấp {district}"))

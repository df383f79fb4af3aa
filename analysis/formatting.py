"""Number formats for humans: Vietnamese uses a decimal comma and a dot for thousands."""

from __future__ import annotations

import math

LANGS = ("vi", "en")


def format_percent(rate: float, lang: str = "vi", decimals: int = 1) -> str:
    """96.2% in English, 96,2% in Vietnamese; an unknown rate is a dash, never 0%."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "–"
    text = f"{rate * 100:.{decimals}f}%"
    return text.replace(".", ",") if lang == "vi" else text


def format_count(count: int, lang: str = "vi") -> str:
    """1.250 in Vietnamese, 1,250 in English."""
    text = f"{int(count):,}"
    return text.replace(",", ".") if lang == "vi" else text

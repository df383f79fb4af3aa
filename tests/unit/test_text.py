"""Folding text for comparison: the fast paths give what the plain definition gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text import clean_text, fold, fold_keep_marks, strip_diacritics

# Vietnamese letters in both normal forms, marks on their own, punctuation and spaces of
# several kinds, and a few letters from elsewhere.
_ALPHABET = st.sampled_from(list(
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ ỳýỷỹỵạảấầẩẫậếềểễệốồổỗộớờởỡợứừửữự"
    "-.,()/%_:;'\"\t\n\u00a0\u2009\u0301\u0300\u0309\u0303\u0323–“”中ßÆǅΩﬁ"))
_TEXT = st.lists(_ALPHABET, max_size=14).map("".join)
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w%/ ]+")


def _reference_fold(value: str) -> str:
    """fold as defined: no diacritics (by decomposition), lower case, punctuation to spaces."""
    text = strip_diacritics(clean_text(value)).casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def _reference_keep_marks(value: str) -> str:
    text = clean_text(value).casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from(["NFC", "NFD"]))
def test_fold_equals_its_definition(text, form):
    value = unicodedata.normalize(form, text)
    assert fold(value) == _reference_fold(value)
    assert fold_keep_marks(value) == _reference_keep_marks(value)


def test_fold_of_names_headers_and_punctuation():
    assert fold("  P. Bồ  Đề ") == "p bo de"
    assert fold("Tổng cộng") == fold("TONG CONG") == "tong cong"
    assert fold("Chi bộ Khu phố 1 – Phường 1") == "chi bo khu pho 1 phuong 1"
    assert fold_keep_marks("Lê Thị  Hạ") == "lê thị hạ"

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


# --- header search: the pruning in find_header never changes its answer ----------------------

_HEADER_CELLS = ["STT", "Họ và tên", "Điểm danh", "Phường", "Chi bộ", "Vắng", "Có lý do",
                 "Không lý do", "Số phải học", "Có mặt", "Ghi chú", "Phường 6", "x", "P", "",
                 "", 3.0, "ĐẢNG BỘ PHƯỜNG 6", "DANH SÁCH ĐIỂM DANH", "Tỷ lệ (%)", None]


def _header_by_every_row(rows: list[list]):
    """find_header's definition: every row and pair of rows tried, the first best kept; a
    header scores the columns it names less those naming a figure a second time, twice for
    one repeating its column's very label (a group cell merged across, read alone); a
    header repeating its columns whole across the page (halves side by side) scores the
    columns of its first block."""
    from analysis.clean import (
        HEADER_DEEP_SEARCH_ROWS,
        HEADER_SEARCH_ROWS,
        _header_from_rows,
        people_listed,
        repeated_block,
    )

    best, best_score = None, 0
    for index in range(min(len(rows), HEADER_DEEP_SEARCH_ROWS)):
        if best is not None and index >= HEADER_SEARCH_ROWS:
            break
        tries = [(tuple(rows[index]), None)]
        if index + 1 < len(rows):
            tries.append((tuple(rows[index]), tuple(rows[index + 1])))
        for top, bottom in tries:
            if sum(isinstance(value, str) and value.strip() != "" for value in top) < 2:
                continue
            header = _header_from_rows(top, bottom, index)
            repeated = header and sum(label == header.labels.get(field)
                                      for field, _, label in header.rivals)
            score = header and (len(header.columns) if repeated_block(header) else max(
                len(header.columns) - len(header.rivals) - repeated, 0))
            if header is not None and (best is None or score > best_score):
                best, best_score = header, score
    # A list of people with no column of marks or figures above it: no table (QA round 67).
    if best is not None and "name" not in best.columns and any(
            people_listed(tuple(row), index) > best_score
            for index, row in enumerate(rows[:best.first_row])):
        return None
    return best


_row = st.one_of(
    st.lists(st.sampled_from(_HEADER_CELLS), max_size=7),
    # A title merged across the table: one value in every position.
    st.tuples(st.sampled_from(_HEADER_CELLS), st.integers(1, 7)).map(lambda t: [t[0]] * t[1]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_row, max_size=8))
def test_find_header_equals_trying_every_row(rows):
    from analysis.clean import find_header

    assert find_header(rows) == _header_by_every_row(rows)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from(["NFC", "NFD"]))
def test_clean_text_equals_its_definition(text, form):
    value = unicodedata.normalize(form, text)
    expected = _SPACES.sub(" ", unicodedata.normalize("NFC", value).replace("\u00a0", " "))
    assert clean_text(value) == expected.strip()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TEXT, _TEXT.map(lambda text: unicodedata.normalize("NFD", text)),
                          st.sampled_from(["|", " | ", "a| b", 3.0, 2, True, None])),
                max_size=6))
def test_a_column_is_cleaned_as_each_of_its_cells(values):
    # clean_texts checks a column of clean cells in one go, joined by "|".
    from analysis.text import clean_texts, text_keys

    assert clean_texts(values) == [clean_text(value) for value in values]
    assert text_keys(values) == [fold(value) if isinstance(value, str) else None
                                 for value in values]

"""Number formats for people (analysis.formatting), values worked out by hand."""

from __future__ import annotations

import math

import pytest

from analysis.formatting import (
    RATE_DECIMALS,
    format_percent,
    format_score,
    in_place_words,
    in_sentence,
    place_units,
)


@pytest.mark.parametrize(("score", "lang", "want"), [
    # 3.51 beside the threshold 3.5: one decimal would print "3,5 > 3,5".
    (3.51, "vi", "+3,51"),
    (3.51, "en", "+3.51"),
    (-3.5074, "vi", "−3,51"),  # a true minus sign, as in the flags' text
    (4.2, "vi", "+4,20"),
    (0.0, "vi", "+0,00"),
])
def test_format_score_prints_two_decimals_with_a_decimal_comma(score, lang, want):
    assert format_score(score, lang, beyond=3.5) == want


@pytest.mark.parametrize(("score", "want"), [
    # Beyond the threshold but equal to it at two decimals: one more decimal each time,
    # until the printed score is beyond the threshold as well.
    (3.504, "+3,504"),      # two decimals: "3,50"
    (-3.5001, "−3,5001"),   # two and three decimals: "3,50", "3,500"
    (3.506, "+3,51"),       # two decimals already tell it
])
def test_format_score_never_prints_a_score_beyond_the_threshold_as_equal_to_it(score, want):
    assert format_score(score, "vi", beyond=3.5) == want


def test_format_score_of_an_unknown_score_is_a_dash():
    assert format_score(math.nan, "vi") == "–"


def test_rates_side_by_side_share_one_precision():
    # 78/80 = 97,5%: the tables' precision, and the default of format_percent.
    assert RATE_DECIMALS == 1
    assert format_percent(78 / 80, "vi") == "97,5%"
    assert format_percent(12351 / 12884, "vi") == "95,9%"  # 95,863...%


@pytest.mark.parametrize(("rate", "target", "text"), [
    (1899 / 2000, 0.95, "94,95%"),    # one decimal would print 95,0%: met, which it is not
    (0.94996, 0.95, "94,996%"),
    (0.95, 0.95, "95,0%"),            # on the target is meeting it
    (12351 / 12884, 0.95, "95,9%"),   # far from the target: one decimal
    (0.9999996, 1.0, "99,99996%"),
])
def test_a_rate_is_never_printed_on_the_other_side_of_its_target(rate, target, text):
    assert format_percent(rate, "vi", target=target) == text


@pytest.mark.parametrize("label, want", [
    ("Giai đoạn II", "giai đoạn II"), ("Giai đoạn 1", "giai đoạn 1"), ("GĐ1", "GĐ1"),
    ("Phase 2", "phase 2"), ("Đợt 1", "đợt 1"), ("giai đoạn 3", "giai đoạn 3")])
def test_a_label_in_a_sentence_lowers_only_its_first_word(label, want):
    assert in_sentence(label) == want


@pytest.mark.parametrize("rate, want", [
    (77 / 80, "96,3%"),  # 96,25%: half up, as Excel prints it (Python's format gave 96,2%)
    (3 / 8, "37,5%"), (1 / 16, "6,3%"), (0.95, "95,0%")])
def test_a_rate_on_a_tie_rounds_half_up(rate, want):
    assert format_percent(rate, "vi") == want


@pytest.mark.parametrize(("places", "words"), [
    (("Quận Long Biên, Hà Nội",), ("phường", "quận")),
    (("Huyện Sơn Hòa, tỉnh Phú Xuân",), ("xã, thị trấn", "huyện")),
    (("huyen Son Hoa", "Huyện Sơn Hòa"), ("xã, thị trấn", "huyện")),
    (("Thị xã Sơn Tây",), ("phường, xã", "thị xã")),
    (("",), ("phường, xã", "quận, huyện")),  # no place: both
    (("Quận Long Biên", "Huyện Gia Lâm"), ("phường, xã", "quận, huyện")),  # two kinds
])
def test_a_places_grassroots_units_and_district_are_named_in_its_words(places, words):
    assert place_units(*places) == words


def test_a_text_of_wards_speaks_of_a_huyens_communes():
    """QA rounds 97 #5, 98 #6: a huyện's charts and notes spoke of "phường", "cấp quận"."""
    text = "7/7 phường tăng; Phường cũ; lớp cấp quận tính riêng"
    assert in_place_words(text, "Huyện Sơn Hòa") == "7/7 xã tăng; Xã cũ; lớp cấp huyện tính riêng"
    assert in_place_words(text, "Quận Long Biên") == text

"""Pooled rates worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import participation


def records(rows: list[tuple]) -> pd.DataFrame:
    """(phase, ward, kind, session, expected, attended, excused, unexcused)."""
    frame = pd.DataFrame(rows, columns=["phase", "ward", "kind", "session", "expected",
                                        "attended", "absent_excused", "absent_unexcused"])
    frame["absent_unspecified"] = (frame["expected"] - frame["attended"]
                                   - frame["absent_excused"] - frame["absent_unexcused"])
    frame["shape"], frame["cell"], frame["person_key"] = "summary", None, None
    frame["source_file"], frame["sheet"] = "tong-hop.xlsx", "S"
    return frame


SAMPLE = records([
    ("1", "Bồ Đề", "ward", None, 10, 10, 0, 0),
    ("1", "Bồ Đề", "ward", None, 90, 72, 10, 5),
    ("1", "Đức Giang", "ward", None, 50, 40, 10, 0),
    ("2", "Bồ Đề", "ward", None, 100, 96, 2, 2),
    ("2", "Đảng bộ Khối Giáo dục", "committee", None, 20, 18, 1, 1),
    ("2", "Cấp quận", "district", "Lớp 1", 400, 380, 10, 10),
])


def test_rate_is_pooled_not_a_mean_of_rates():
    table = participation.by_ward_phase(SAMPLE, ["1", "2"])
    bo_de = table[(table["phase"] == "1") & (table["ward"] == "Bồ Đề")].iloc[0]
    # (10 + 72) / (10 + 90) = 0.82; the mean of rates would be (1.0 + 0.8) / 2 = 0.9.
    assert bo_de["expected"] == 100
    assert bo_de["attended"] == 82
    assert bo_de["absent_unspecified"] == 3  # 90 - 72 - 10 - 5
    assert bo_de["rate"] == pytest.approx(0.82)


def test_ward_phase_order_is_phase_then_kind_then_name():
    table = participation.by_ward_phase(SAMPLE, ["1", "2"])
    assert list(zip(table["phase"], table["ward"], strict=True)) == [
        ("1", "Bồ Đề"), ("1", "Đức Giang"),
        ("2", "Bồ Đề"), ("2", "Đảng bộ Khối Giáo dục"), ("2", "Cấp quận"),
    ]


def test_phase_order_follows_campaign_not_alphabet():
    table = participation.by_phase(SAMPLE, ["2", "1"])
    assert table["phase"].tolist() == ["2", "1"]
    phase_two = table.iloc[0]
    # 100 + 20 + 400 = 520 expected, 96 + 18 + 380 = 494 attended.
    assert (phase_two["expected"], phase_two["attended"]) == (520, 494)
    assert phase_two["rate"] == pytest.approx(494 / 520)


def test_grassroots_headline_leaves_out_district_classes():
    headline = participation.grassroots(SAMPLE, "2")
    # Bồ Đề 96/100 and the committee 18/20; the district class is not grassroots.
    assert headline == {"phase": "2", "units": 2, "expected": 120, "attended": 114,
                        "rate": pytest.approx(0.95), "attendances": False,
                        "attendance_units": []}


def test_a_roll_call_listing_people_once_per_session_counts_attendances():
    # Bồ Đề's cell 1 held two sessions: An and Bình listed twice, once a session.
    roll_call = records([("1", "Bồ Đề", "ward", session, 1, attended, 0, 0)
                         for session, attended in (("12/9", 1), ("12/9", 1), ("19/9", 1),
                                                   ("19/9", 0))])
    roll_call["shape"], roll_call["cell"] = "roster", "Chi bộ 1"
    roll_call["person_key"] = ["an", "binh", "an", "binh"]

    headline = participation.grassroots(roll_call, "1")

    assert (headline["expected"], headline["attended"], headline["attendances"]) == (4, 3, True)
    # The same two people in two cells are four people, listed once each.
    roll_call["cell"] = ["Chi bộ 1", "Chi bộ 1", "Chi bộ 2", "Chi bộ 2"]
    assert participation.grassroots(roll_call, "1")["attendances"] is False


def test_session_defaults_to_the_unit():
    table = participation.by_session(SAMPLE, ["1", "2"])
    assert table[table["phase"] == "2"]["session"].tolist() == [
        "Bồ Đề", "Đảng bộ Khối Giáo dục", "Lớp 1"]


def test_below_target_with_shortfall():
    table = participation.by_ward_phase(SAMPLE, ["1", "2"])
    below = participation.below_target(table, 0.95)
    # Cấp quận: 380 / 400 = 0.95 exactly meets the target, so it is not listed.
    assert below[["phase", "ward"]].values.tolist() == [
        ["1", "Đức Giang"], ["1", "Bồ Đề"], ["2", "Đảng bộ Khối Giáo dục"]]
    # Đức Giang: ceil(50 * 0.95) = 48 needed, 40 came: 8 short. Bồ Đề: 95 - 82 = 13.
    # The committee: ceil(20 * 0.95) = 19 needed, 18 came: 1 short.
    assert below["shortfall"].tolist() == [8, 13, 1]
    # The columns of the table by unit, the rate last as there, then the shortfall (QA round
    # 83 #5: the rate came before the absences).
    assert below.columns.tolist() == [
        *[name for name in table.columns if name != "rate"], "rate", "shortfall"]


def test_nobody_expected_gives_no_rate():
    empty_unit = records([("1", "Bồ Đề", "ward", None, 0, 0, 0, 0)])
    table = participation.by_phase(empty_unit, ["1"])
    assert math.isnan(table["rate"].iloc[0])


def test_phases_keep_the_campaigns_order_when_it_is_not_alphabetical():
    # "pre" before "main" in campaign.toml; as categories they sort "main" < "pre".
    records = pd.DataFrame({
        "phase": pd.Categorical(["main", "pre", "main", "pre"]),
        "ward": pd.Categorical(["Bồ Đề", "Bồ Đề", "Gia Thụy", "Gia Thụy"]),
        "kind": pd.Categorical(["ward"] * 4),
        "session": pd.Categorical(["Lớp 1"] * 4),
        "expected": [10, 10, 10, 10], "attended": [9, 5, 8, 10],
        "absent_excused": [0, 0, 0, 0], "absent_unexcused": [1, 5, 2, 0],
        "absent_unspecified": [0, 0, 0, 0],
    })
    order = ["pre", "main"]
    ward_phase = participation.by_ward_phase(records, order)
    assert list(zip(ward_phase["phase"].astype(str), ward_phase["ward"].astype(str),
                    strict=True)) == [("pre", "Bồ Đề"), ("pre", "Gia Thụy"),
                                      ("main", "Bồ Đề"), ("main", "Gia Thụy")]
    assert participation.by_phase(records, order)["phase"].astype(str).tolist() == order
    # Below 95%: pre Bồ Đề 5/10; main Gia Thụy 8/10 and Bồ Đề 9/10, lowest rate first.
    below = participation.below_target(ward_phase, 0.95)
    assert list(zip(below["phase"].astype(str), below["ward"].astype(str), strict=True)) == [
        ("pre", "Bồ Đề"), ("main", "Gia Thụy"), ("main", "Bồ Đề")]


def test_sessions_and_numbered_units_are_in_reading_order():
    # Letters alone put "10/10" before "12/9" before "5/9", and "Phường 10" before
    # "Phường 2" (QA round 14, the ten-session roll-call k15).
    table = participation.by_session(records([
        ("1", "Phường 10", "ward", "Buổi 1", 5, 5, 0, 0),
        ("1", "Phường 2", "ward", "10/10", 5, 4, 0, 0),
        ("1", "Phường 2", "ward", "12/9", 5, 5, 0, 0),
        ("1", "Phường 2", "ward", "5/9", 5, 3, 0, 0),
        ("1", "Phường 2", "ward", "3/10", 5, 5, 0, 0),
        ("1", "Phường 10", "ward", "Buổi 10", 5, 5, 0, 0),
        ("1", "Phường 10", "ward", "Buổi 2", 5, 5, 0, 0),
    ]), ["1"])
    assert list(zip(table["ward"], table["session"], strict=True)) == [
        ("Phường 2", "5/9"), ("Phường 2", "12/9"), ("Phường 2", "3/10"), ("Phường 2", "10/10"),
        ("Phường 10", "Buổi 1"), ("Phường 10", "Buổi 2"), ("Phường 10", "Buổi 10")]


def test_a_unit_without_classes_beside_others_is_said_to_be_whole():
    """QA round 58 #6: summary.xlsx's "Theo lớp" named a summary unit twice ("Xã Đông Hội |
    Xã Đông Hội") beside a roll-call's sessions. Without any class named there is no table."""
    by_session = pd.DataFrame({"phase": ["1", "1", "1"],
                               "ward": ["Xã Đông Hội", "Bến Đò", "Bến Đò"],
                               "session": ["Xã Đông Hội", "08/3", "15/3"]})
    assert participation.named_classes(by_session)["session"].tolist() == [
        "(cả đơn vị)", "08/3", "15/3"]
    assert participation.named_classes(by_session, "en")["session"].tolist()[0] == "(whole unit)"
    assert participation.named_classes(by_session.iloc[:1]) is None

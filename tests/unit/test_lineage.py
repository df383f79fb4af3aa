"""Ward lineage: the shipped file, and old wards shown on their 2025 successors.

Counts are summed into the successor (never rates averaged), a series with a split ward in it
is flagged approximate, and a successor nobody knows is an error, never a guess. All figures
below are small and worked out by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.lineage import LineageError, lineage_frame, load_lineage
from analysis.trends import CampaignData, build_charts, trend_table, ward_changes
from analysis.units import LONG_BIEN_WARDS_2015


def campaign(campaign_id: str, start: str, rows: list[tuple], *, successors=None,
             phases=(("1", "Giai đoạn 1"),)) -> CampaignData:
    """rows: (phase, ward, kind, expected, attended)."""
    table = pd.DataFrame(rows, columns=["phase", "ward", "kind", "expected", "attended"])
    return CampaignData(id=campaign_id, title=campaign_id, start=dt.date.fromisoformat(start),
                        phases=phases, ward_phase=table, successors=successors or {},
                        origin=f"test {campaign_id}")


def write_lineage(folder, rows: list[str], new_units: list[str] | None = None):
    header = "old_ward,old_district,new_ward,relation,approximate,also_to,source"
    path = folder / "lineage.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    if new_units is not None:
        sidecar = {"source_package": "hand", "source_version": "1",
                   "effective_date": "2025-07-01",
                   "new_units": [{"name": name} for name in new_units]}
        path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


# --- the shipped file ----------------------------------------------------------------------


def test_shipped_lineage_covers_the_14_wards_of_2015_and_names_its_source():
    lineage = load_lineage()
    assert [entry.old_ward for entry in lineage.entries] == list(LONG_BIEN_WARDS_2015)
    sidecar = json.loads(Path(lineage.path).with_suffix(".json").read_text(encoding="utf-8"))
    version = sidecar["source_version"]
    assert lineage.source == f"vietnamadminunits {version}"
    assert lineage.effective == dt.date(2025, 7, 1)
    for entry in lineage.entries:
        # Every row says where it came from: the package and its version, or why not.
        assert entry.source == f"vietnamadminunits {version}" or \
            entry.source.startswith("manual: "), entry
        assert entry.approximate == (entry.relation == "split" or
                                     entry.source.startswith("manual: ")), entry
    assert {entry.new_ward for entry in lineage.entries} == {
        "Bồ Đề", "Hồng Hà", "Long Biên", "Phúc Lợi", "Việt Hưng"}


def test_shipped_lineage_matches_what_the_issue_states():
    by_old = {entry.old_ward: entry for entry in load_lineage().entries}
    for old in ("Bồ Đề", "Gia Thụy", "Ngọc Lâm"):
        assert by_old[old].new_ward == "Bồ Đề"
    assert by_old["Ngọc Lâm"].relation == "merged" and not by_old["Ngọc Lâm"].approximate
    assert by_old["Ngọc Thụy"].new_ward == "Hồng Hà"
    assert by_old["Ngọc Thụy"].relation == "split" and by_old["Ngọc Thụy"].approximate
    # The package has no ward Sài Đồng of its own: the row says so.
    assert by_old["Sài Đồng"].source.startswith("manual: ")
    assert "Sài Đồng" in by_old["Sài Đồng"].source
    frame = lineage_frame(load_lineage())
    assert len(frame) == 14 and frame["approximate"].sum() == 13


# --- merges are summed ---------------------------------------------------------------------


def test_merged_wards_are_summed_into_the_successor_never_averaged():
    old = campaign("c2015", "2015-09-01", [
        ("1", "Bồ Đề", "ward", 1000, 950),
        ("1", "Gia Thụy", "ward", 500, 450),
        ("1", "Ngọc Lâm", "ward", 100, 99),
        ("1", "Ngọc Thụy", "ward", 300, 290),
    ])
    new = campaign("c2026", "2026-03-02", [("1", "Bồ Đề", "ward", 1700, 1650),
                                          ("1", "Hồng Hà", "ward", 2000, 1900)])
    table = trend_table([new, old], on_successors=True)
    row = table[(table["campaign"] == "c2015") & (table["ward"] == "Bồ Đề")].iloc[0]
    assert (row["expected"], row["attended"]) == (1600, 1499)
    # 1499/1600, not the mean of 0.95, 0.90 and 0.99 (0.9467).
    assert row["rate"] == pytest.approx(0.936875)
    assert row["boundaries"] == "2025"
    assert row["from_wards"] == "Bồ Đề; Gia Thụy; Ngọc Lâm"
    assert bool(row["approximate"])  # Bồ Đề and Gia Thụy were split
    # Campaigns in order of start, whatever order they were given in.
    assert table["campaign"].drop_duplicates().tolist() == ["c2015", "c2026"]
    # Both campaigns now line up on the new ward: 1499/1600 -> 1650/1700, +3.4 points.
    changes = ward_changes(table).set_index("ward")
    assert changes.loc["Bồ Đề", "change"] == pytest.approx(1650 / 1700 - 1499 / 1600)
    assert changes.loc["Bồ Đề", "direction"] == "improved"
    assert changes.loc["Hồng Hà", "base_expected"] == 300


def test_a_series_of_whole_merged_wards_is_exact(tmp_path):
    path = write_lineage(tmp_path, [
        "Ward A,District,Ward X,merged,false,,hand",
        "Ward B,District,Ward X,merged,false,,hand",
        "Ward C,District,Ward Y,split,true,Ward X,hand",
    ], new_units=["Ward X", "Ward Y"])
    old = campaign("old", "2020-01-01", [("1", "Ward A", "ward", 10, 9),
                                         ("1", "Ward B", "ward", 30, 27),
                                         ("1", "Ward C", "ward", 20, 19)])
    table = trend_table([old], on_successors=True, lineage=load_lineage(path))
    rows = table.set_index("ward")
    assert (rows.loc["Ward X", "expected"], rows.loc["Ward X", "attended"]) == (40, 36)
    assert not rows.loc["Ward X", "approximate"]
    assert rows.loc["Ward Y", "approximate"]  # split: flagged even though it is alone


def test_split_ward_goes_whole_to_the_named_successor_and_is_flagged():
    old = campaign("c2015", "2015-09-01", [("1", "Ngọc Thụy", "ward", 300, 290)])
    table = trend_table([old], on_successors=True)
    assert table[["ward", "expected", "attended", "approximate"]].values.tolist() == [
        ["Hồng Hà", 300, 290, True]]


def test_as_recorded_old_and_new_wards_of_the_same_name_stay_apart():
    old = campaign("c2015", "2015-09-01", [("1", "Bồ Đề", "ward", 100, 95)])
    new = campaign("c2026", "2026-03-02", [("1", "Bồ Đề", "ward", 400, 390)])
    table = trend_table([old, new])
    assert table["boundaries"].tolist() == ["pre-2025", "2025"]
    assert not table["approximate"].any()
    changes = ward_changes(table, "c2015", "c2026")
    assert sorted(changes["direction"]) == ["only_base", "only_latest"]


def test_successor_names_are_matched_like_unit_names():
    old = campaign("c2015", "2015-09-01", [("1", "Bồ Đề", "ward", 100, 95)],
                   successors={"P. Bồ Đề": "Hong Ha"})  # no diacritics, one candidate
    table = trend_table([old], on_successors=True)
    assert table["ward"].tolist() == ["Hồng Hà"]


def test_campaign_successor_overrides_the_lineage_and_committees_stay():
    old = campaign("c2015", "2015-09-01", [
        ("1", "Ngọc Thụy", "ward", 300, 290),
        ("1", "Đảng bộ Khối Giáo dục", "committee", 90, 88),
    ], successors={"Ngọc Thụy": "Phường Bồ Đề"})
    table = trend_table([old], on_successors=True).set_index("ward")
    assert table.loc["Bồ Đề", "expected"] == 300  # the toml's choice, spelled canonically
    assert table.loc["Bồ Đề", "approximate"]  # still a split ward
    assert table.loc["Đảng bộ Khối Giáo dục", "boundaries"] == "pre-2025"
    assert not table.loc["Đảng bộ Khối Giáo dục", "approximate"]


# --- errors, never guesses -----------------------------------------------------------------


def test_an_unknown_successor_in_campaign_toml_is_an_error():
    old = campaign("c2015", "2015-09-01", [("1", "Bồ Đề", "ward", 100, 95)],
                   successors={"Bồ Đề": "Phường Không Có"})
    with pytest.raises(LineageError) as raised:
        trend_table([old], on_successors=True)
    assert raised.value.vietnamese.startswith(
        "Phường kế thừa 'Phường Không Có' của 'Bồ Đề' (đợt c2015) không phải phường đã biết")
    assert "successor 'Phường Không Có' of 'Bồ Đề' (campaign c2015)" in raised.value.english


def test_a_successor_that_a_new_campaign_reports_is_known():
    old = campaign("c2015", "2015-09-01", [("1", "Phường Mới Lập", "ward", 100, 95)],
                   successors={"Phường Mới Lập": "Tân Phường"})
    new = campaign("c2026", "2026-03-02", [("1", "Tân Phường", "ward", 200, 190)])
    table = trend_table([old, new], on_successors=True)
    assert table["ward"].tolist() == ["Tân Phường", "Tân Phường"]
    assert table["expected"].tolist() == [100, 200]


def test_an_old_ward_without_any_successor_is_an_error():
    old = campaign("c2015", "2015-09-01", [("1", "Phường Lạ", "ward", 100, 95)])
    new = campaign("c2026", "2026-03-02", [("1", "Tân Phường", "ward", 200, 190)])
    with pytest.raises(LineageError) as raised:
        trend_table([old, new], on_successors=True)
    assert str(raised.value).startswith("Phường 'Phường Lạ' của đợt c2015 không có phường kế "
                                        "thừa: ")
    assert "'Phường Lạ' of campaign c2015 has no successor" in raised.value.english
    # As recorded, nothing needs a successor; nor on successors with no campaign after the
    # reorganisation, no successor named and no lineage of its wards (QA round 97 #1).
    assert trend_table([old, new])["ward"].tolist() == ["Phường Lạ", "Tân Phường"]
    assert trend_table([old], on_successors=True)["ward"].tolist() == ["Phường Lạ"]


# --- a merger on one side of the reorganisation ---------------------------------------------


@pytest.mark.parametrize("on_successors", [False, True])
def test_a_ward_merged_between_two_campaigns_counts_in_its_successor_before(on_successors):
    """QA round 97 #1: Minh Đức merged into Phú Lộc in 2024 (2023's campaign.toml names
    Phú Lộc its successor; 2024 lists Minh Đức no more). Phú Lộc was compared 257/268 →
    455/471, +0,7 points; like for like, 2023 is (127 + 130) + (91 + 93) = 441 of
    (134 + 134) + (98 + 97) = 463: +1,4 points. --on-successors asked every ward of 2023
    for a 2025 successor."""
    wards_2023 = [(phase, ward, "ward", expected, attended)
                  for phase, ward, expected, attended in (
                      ("1", "Phú Lộc", 134, 127), ("1", "Minh Đức", 98, 91),
                      ("1", "An Thịnh", 182, 170), ("2", "Phú Lộc", 134, 130),
                      ("2", "Minh Đức", 97, 93), ("2", "An Thịnh", 180, 175))]
    old = campaign("c2023", "2023-03-01", [*wards_2023,
                                           ("1", "Đảng ủy Quân sự", "committee", 64, 60)],
                   successors={"Minh Đức": "Phú Lộc"}, phases=(("1", "Đợt 1"), ("2", "Đợt 2")))
    new = campaign("c2024", "2024-03-01", [("1", "Phú Lộc", "ward", 236, 226),
                                           ("1", "An Thịnh", "ward", 184, 178),
                                           ("2", "Phú Lộc", "ward", 235, 229),
                                           ("2", "An Thịnh", "ward", 184, 180)],
                   phases=(("1", "Đợt 1"), ("2", "Đợt 2")))

    table = trend_table([old, new], on_successors=on_successors)

    rows = table[table["campaign"] == "c2023"].set_index(["phase", "ward"])
    assert rows.loc[("1", "Phú Lộc"), ["expected", "attended"]].tolist() == [232, 218]
    assert rows.loc[("2", "Phú Lộc"), ["expected", "attended"]].tolist() == [231, 223]
    assert rows.loc[("1", "Phú Lộc"), "from_wards"] == "Minh Đức; Phú Lộc"
    assert rows.loc[("1", "An Thịnh"), ["expected", "attended"]].tolist() == [182, 170]
    assert "Minh Đức" not in set(table["ward"])
    assert set(table["boundaries"]) == {"pre-2025"}
    change = ward_changes(table).set_index("ward").loc["Phú Lộc"]
    assert (change["base_expected"], change["base_attended"]) == (463, 441)
    assert (change["latest_expected"], change["latest_attended"]) == (471, 455)
    assert round(change["change"] * 100, 1) == 1.4  # 455/471 − 441/463 = 96,60 − 95,25 %
    # The ward chart says what it summed, by the campaigns' names.
    chart = build_charts(table, [old, new])["ward_trend"]
    footnote = " ".join(text.get_text().replace("\n", " ") for text in chart.texts)
    assert ("Sáp nhập (successor trong campaign.toml), số các đợt trước đã cộng vào phường "
            "nhận: Minh Đức → Phú Lộc (2023).") in footnote
    plt.close(chart)


def test_a_ward_whose_report_the_later_campaign_refused_is_not_merged():
    """The 2024 campaign refused Minh Đức's report (completeness "rejected"): no row of it
    in the table, but still one of its wards, not merged into Phú Lộc."""
    old = campaign("c2023", "2023-03-01", [("1", "Phú Lộc", "ward", 134, 127),
                                           ("1", "Minh Đức", "ward", 98, 91)],
                   successors={"Minh Đức": "Phú Lộc"})
    new = dataclasses.replace(
        campaign("c2024", "2024-03-01", [("1", "Phú Lộc", "ward", 136, 130)]),
        not_counted={"1": ("Minh Đức",)})

    table = trend_table([old, new])

    assert table["ward"].tolist() == ["Minh Đức", "Phú Lộc", "Phú Lộc"]
    assert table["expected"].tolist() == [98, 134, 136]


def test_a_successor_a_later_campaign_still_lists_as_a_ward_beside_it_is_no_merger():
    """Long Biên's 2015 campaign naming Sài Đồng's 2025 successor "Phúc Lợi": 2020 still
    lists Sài Đồng beside the old Phúc Lợi, so nothing is merged on the old map."""
    old = campaign("c2015", "2015-09-01", [("1", "Sài Đồng", "ward", 100, 95),
                                           ("1", "Phúc Lợi", "ward", 80, 78)],
                   successors={"Sài Đồng": "Phúc Lợi"})
    between = campaign("c2020", "2020-09-01", [("1", "Sài Đồng", "ward", 101, 99),
                                               ("1", "Phúc Lợi", "ward", 82, 80)])

    table = trend_table([old, between])

    assert table["ward"].tolist() == ["Phúc Lợi", "Sài Đồng", "Phúc Lợi", "Sài Đồng"]
    assert table["expected"].tolist() == [80, 100, 82, 101]


def test_an_unknown_successor_in_the_lineage_file_is_an_error(tmp_path):
    path = write_lineage(tmp_path, ["Ward A,District,Ward Z,merged,false,,hand"],
                         new_units=["Ward X"])
    with pytest.raises(LineageError) as raised:
        load_lineage(path)
    assert "dòng 2: phường kế thừa 'Ward Z' của 'Ward A'" in raised.value.vietnamese
    assert "line 2: successor 'Ward Z' of 'Ward A'" in raised.value.english


@pytest.mark.parametrize("row, vietnamese, english", [
    ("Ward A,District,Ward X,moved,false,,hand", "relation 'moved' của 'Ward A' không phải",
     "relation 'moved'"),
    ("Ward A,District,Ward X,split,false,,hand", "chỉ gần đúng; hãy đặt approximate là true",
     "can only be approximate"),
    ("Ward A,District,Ward X,merged,maybe,,hand", "approximate phải là true hoặc false",
     "approximate must be true or false"),
    (",District,Ward X,merged,false,,hand", "dòng 2: phải điền cả old_ward và new_ward",
     "must both be filled in"),
])
def test_lineage_mistakes_are_named(tmp_path, row, vietnamese, english):
    with pytest.raises(LineageError) as raised:
        load_lineage(write_lineage(tmp_path, [row]))
    assert vietnamese in raised.value.vietnamese and english in raised.value.english
    assert str(raised.value) == f"{raised.value.vietnamese} ({raised.value.english})"


def test_an_old_ward_listed_twice_is_an_error(tmp_path):
    path = write_lineage(tmp_path, ["Ward A,D,Ward X,merged,false,,hand",
                                    "ward a,D,Ward Y,merged,false,,hand"])
    with pytest.raises(LineageError) as raised:
        load_lineage(path)
    assert "phường 'ward a' đã có ở dòng 2" in raised.value.vietnamese
    assert "already on line 2" in raised.value.english


def test_a_missing_lineage_file_is_an_error(tmp_path):
    with pytest.raises(LineageError) as raised:
        load_lineage(tmp_path / "nope.csv")
    path = tmp_path / "nope.csv"
    assert str(raised.value) == (
        f"Không có tệp kế thừa (lineage) {path}; hãy chỉ ra một tệp CSV có thật (xem README, "
        f"'Ward lineage') (No lineage file {path}; give an existing CSV (see README, "
        "'Ward lineage'))")

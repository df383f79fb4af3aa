"""Campaign after campaign: each ward's participation over the years.

Reads what `python -m analysis run` wrote for each campaign (`data/processed/<campaign>/`
`participation_by_ward_phase.csv` and `manifest.json`), never the raw spreadsheets again, and
builds one table, `trends_by_ward.csv`: one row per (campaign, phase, unit), campaigns in
order of their start date.

Wards of campaigns that started before Hà Nội's 2025 reorganisation carry their old names;
`boundaries` says which map a row's ward belongs to ("pre-2025" or "2025"), so that the old
ward Bồ Đề is never taken for the new, larger ward of the same name. With
`on_successors=True` old wards are shown on the 2025 wards (analysis.lineage): their counts
are summed into the successor and the rate recomputed from the sums; a series that contains
a split ward is flagged `approximate`.

A notebook may also name raw campaign folders (`raw_dirs`): a folder whose processed outputs
are missing or older than its spreadsheets is analysed on the spot (analysis.pipeline), so
the trend notebook also runs on a fresh clone.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis import charts
from analysis.errors import BilingualError
from analysis.export import staged_directory, write_csv
from analysis.formatting import format_count, format_percent, in_place_words, rounded_percent
from analysis.lineage import Lineage, LineageError, find_name, lineage_frame, load_lineage
from analysis.participation import rate
from analysis.text import clean_text, fold, tone_placement_key
from analysis.units import KINDS, core_name

TRENDS_CSV = "trends_by_ward.csv"
FIGURES_DIR = "trends_figures"
WARD_PHASE_CSV = "participation_by_ward_phase.csv"
MANIFEST = "manifest.json"
TREND_COLUMNS = ("campaign", "campaign_start", "phase", "ward", "kind", "boundaries",
                 "expected", "attended", "rate", "approximate", "from_wards")
OLD_MAP, NEW_MAP = "pre-2025", "2025"
# Rates this close count as unchanged: they print the same to one decimal of a percent.
UNCHANGED = 0.0005


def rate_change(later: float | pd.Series, earlier: float | pd.Series) -> float | pd.Series:
    """later - earlier, to 9 decimals: 95% - 94,95% is 0.0004999... in floats, which fell
    under UNCHANGED and printed "±0,0" (QA round 38). Rates or Series of rates."""
    return np.round(later - earlier, 9)


class TrendsError(BilingualError):
    """A fatal problem with the campaigns to compare, in one sentence saying what and where
    (Vietnamese, then English in brackets)."""


@dataclass(frozen=True)
class CampaignData:
    """What trends need of one campaign, read from its processed outputs or analysed anew."""

    id: str
    title: str
    start: dt.date | None
    phases: tuple[tuple[str, str], ...]  # (id, label), in the campaign's order
    ward_phase: pd.DataFrame = field(repr=False)
    place: str = ""
    lang: str = "vi"
    target: float = 0.95
    successors: dict[str, str] = field(default_factory=dict)  # [[units]] successor
    origin: str = ""  # where it was read from, for messages
    # [[units]] phases: the phases a unit owes, where not every phase of the campaign.
    unit_phases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (phase, ward) counted in part: a class held out as sent twice, or rows rejected.
    counted_in_part: frozenset[tuple[str, str]] = frozenset()
    # phase -> the wards that had not reported it when the campaign was run.
    not_reported: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # phase -> the wards whose report was received and not counted (every row refused, or
    # sent twice with different figures): in no figure, as those not reported.
    not_counted: dict[str, tuple[str, ...]] = field(default_factory=dict)


# completeness.csv's statuses of a unit counted in part (`quality.COUNTED_STATUSES`).
IN_PART_STATUSES = ("partly_held_out", "partly_rejected")
NOT_COUNTED_STATUSES = ("rejected", "held_out")  # received, nothing of it counted
COMPLETENESS_CSV = "completeness.csv"


def _with_status(completeness: pd.DataFrame | None, statuses: Collection[str]) -> pd.DataFrame:
    """completeness.csv's rows of these statuses; none where there is no such table."""
    if completeness is None or completeness.empty or "status" not in completeness:
        return pd.DataFrame(columns=["phase", "ward", "kind", "status"])
    return completeness[completeness["status"].isin(statuses)]


def _not_reported(completeness: pd.DataFrame | None, statuses: Collection[str] = ("missing",)
                  ) -> dict[str, tuple[str, ...]]:
    rows = _with_status(completeness, statuses)
    rows = rows[rows["kind"].astype(str) == "ward"]
    return {str(phase): tuple(group["ward"].astype(str))
            for phase, group in rows.groupby("phase", sort=False)}


def _counted_in_part(completeness: pd.DataFrame | None) -> frozenset[tuple[str, str]]:
    rows = _with_status(completeness, IN_PART_STATUSES)
    return frozenset(zip(rows["phase"].astype(str), rows["ward"].astype(str), strict=True))


# --- reading campaigns ---------------------------------------------------------------------


def read_processed(folder: Path | str) -> CampaignData:
    """One campaign from its processed folder (manifest.json + participation_by_ward_phase)."""
    folder = Path(folder)
    manifest_path, table_path = folder / MANIFEST, folder / WARD_PHASE_CSV
    for path in (manifest_path, table_path):
        if not path.is_file():
            raise TrendsError(f"{folder} không có {path.name}: hãy chạy lại `python -m "
                              "analysis run` trên thư mục dữ liệu gốc của đợt này",
                              f"{folder} has no {path.name}: re-run `python -m analysis run` "
                              "on its raw folder")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        section = manifest["campaign"]
        phases = [(str(phase["id"]), str(phase.get("label", phase["id"])),
                   phase.get("start")) for phase in section["phases"]]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise TrendsError(f"{manifest_path} không phải manifest của bộ công cụ này ({error}); "
                          "hãy chạy lại `python -m analysis run` trên thư mục dữ liệu gốc của "
                          "đợt này",
                          f"{manifest_path} is not a manifest of this suite ({error}); "
                          "re-run `python -m analysis run` on its raw folder") from error
    table = pd.read_csv(table_path, encoding="utf-8-sig", keep_default_na=False,
                        na_values={"rate": [""]},
                        dtype={"phase": "str", "ward": "str", "kind": "str"})
    missing = [name for name in ("phase", "ward", "kind", "expected", "attended")
               if name not in table]
    if missing:
        raise TrendsError(f"{table_path} thiếu cột {', '.join(missing)}",
                          f"{table_path} lacks column(s) {', '.join(missing)}")
    starts = [dt.date.fromisoformat(str(start)) for _, _, start in phases if start]
    completeness_path = folder / COMPLETENESS_CSV
    completeness = pd.read_csv(completeness_path, encoding="utf-8-sig", keep_default_na=False,
                               dtype=str) if completeness_path.is_file() else None
    return CampaignData(
        id=str(section["id"]),
        title=str(section.get("title", section["id"])),
        start=min(starts) if starts else None,
        phases=tuple((phase_id, label) for phase_id, label, _ in phases),
        ward_phase=table,
        place=str(section.get("place", "")),
        lang=str(section.get("lang", "vi")),
        target=float(section.get("target", 0.95)),
        successors=dict(section.get("successors", {})),
        origin=str(folder),
        unit_phases={str(name): tuple(map(str, phases))
                     for name, phases in section.get("unit_phases", {}).items()},
        counted_in_part=_counted_in_part(completeness),
        not_reported=_not_reported(completeness),
        not_counted=_not_reported(completeness, NOT_COUNTED_STATUSES),
    )


def from_results(results) -> CampaignData:
    """One campaign from `analysis.pipeline.analyse` (a notebook that has no processed run)."""
    campaign = results.campaign
    return CampaignData(
        id=campaign.id,
        title=campaign.title,
        start=campaign.start,
        phases=tuple((phase.id, phase.label) for phase in campaign.phases),
        ward_phase=results.ward_phase,
        place=campaign.place,
        lang=campaign.lang,
        target=campaign.target,
        successors={unit.name: unit.successor for unit in campaign.units if unit.successor},
        origin=f"{campaign.raw_dir} (analysed from raw)",
        unit_phases={unit.name: unit.phases for unit in campaign.units
                     if unit.phases is not None},
        counted_in_part=_counted_in_part(results.quality.completeness),
        not_reported=_not_reported(results.quality.completeness),
        not_counted=_not_reported(results.quality.completeness, NOT_COUNTED_STATUSES),
    )


def processed_folders(processed_dir: Path | str) -> tuple[list[Path], list[Path]]:
    """(campaign folders, other folders) under data/processed; hidden folders are skipped."""
    processed_dir = Path(processed_dir)
    if not processed_dir.is_dir():
        return [], []
    campaigns, others = [], []
    for folder in sorted(processed_dir.iterdir(), key=lambda path: path.name):
        if not folder.is_dir() or folder.name.startswith(".") or folder.name == FIGURES_DIR:
            continue
        (campaigns if (folder / MANIFEST).is_file() else others).append(folder)
    return campaigns, others


def collect(processed_dir: Path | str, raw_dirs: Iterable[Path | str] = ()) -> list[CampaignData]:
    """Every processed campaign, plus raw folders whose processed outputs are missing or stale.

    A raw folder's outputs are looked for in `processed_dir/<folder name>`, where `run` puts
    them; they are used when they were made from the same spreadsheets, with the same id,
    phases and successors in campaign.toml (`is_up_to_date`).
    """
    folders, _ = processed_folders(processed_dir)
    campaigns = {}
    for folder in folders:
        campaign = read_processed(folder)
        if campaign.id in campaigns:
            raise TrendsError(f"Đợt {campaign.id} có ở cả {campaigns[campaign.id].origin} và "
                              f"{folder}; hãy bỏ một trong hai",
                              f"campaign {campaign.id} is in both {campaigns[campaign.id].origin}"
                              f" and {folder}; remove one of them")
        campaigns[campaign.id] = campaign
    for raw_dir in raw_dirs:
        raw_dir = Path(raw_dir)
        processed = Path(processed_dir) / raw_dir.name
        if (processed / MANIFEST).is_file() and is_up_to_date(processed, raw_dir):
            continue
        from analysis.campaign import CampaignError
        from analysis.pipeline import analyse

        try:
            campaign = from_results(analyse(raw_dir))
        except CampaignError as error:
            raise TrendsError.wrap(error) from error
        stale = [key for key, value in campaigns.items()
                 if value.id == campaign.id or Path(value.origin) == processed]
        for key in stale:
            del campaigns[key]
        campaigns[campaign.id] = campaign
    return sorted(campaigns.values(), key=lambda campaign: (campaign.start or dt.date.max,
                                                            fold(campaign.id)))


def is_up_to_date(processed: Path, raw_dir: Path) -> bool:
    """The processed run was made by this version of the suite from exactly these
    spreadsheets and this campaign.toml: a [[sources]] rule or a unit's alias changed since
    changes figures too, and the notebook showed the old ones (QA round 30, F3). The same
    campaign.toml and suite give the same id, phases and successors the run recorded."""
    from analysis import CODE_VERSION
    from analysis.campaign import CONFIG_NAME
    from analysis.inputs import discover, sha256_file

    try:
        manifest = json.loads((processed / MANIFEST).read_text(encoding="utf-8"))
        config_sha256 = sha256_file(raw_dir / CONFIG_NAME)
    except (OSError, json.JSONDecodeError):
        return False
    spreadsheets, _ = discover(raw_dir)
    now = {path.relative_to(raw_dir).as_posix(): sha256_file(path) for path in spreadsheets}
    then = {entry.get("file"): entry.get("sha256") for entry in manifest.get("inputs", [])}
    return (now == then and manifest.get("code_version") == CODE_VERSION
            and manifest.get("campaign", {}).get("config_sha256") == config_sha256)


# --- the trend table -----------------------------------------------------------------------


def trend_table(campaigns: Sequence[CampaignData], *, on_successors: bool = False,
                lineage: Lineage | None = None) -> pd.DataFrame:
    """One row per (campaign, phase, unit): counts, pooled rate, which map, approximate.

    Without `on_successors` every unit is shown as its campaign recorded it. With it, the
    wards of campaigns before the reorganisation are counted in their successor: the
    campaign's own [[units]] successor first, else the lineage; counts are summed, the rate
    recomputed, and `approximate` is true when a split ward is part of the sum.
    """
    lineage = lineage or load_lineage()
    if not campaigns:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in TREND_COLUMNS})
    undated = [campaign for campaign in campaigns if campaign.start is None]
    if undated:
        first = undated[0]
        raise TrendsError(f"Đợt {first.id} ({first.origin}) không có ngày bắt đầu nên không "
                          "xếp được thứ tự: hãy thêm start = \"YYYY-MM-DD\" vào mục [[phases]] "
                          "đầu tiên trong campaign.toml của đợt rồi chạy lại",
                          f"campaign {first.id} ({first.origin}) has no start date, so it "
                          "cannot be put in order: add start = \"YYYY-MM-DD\" to its first "
                          "[[phases]] in campaign.toml and run it again")
    campaigns = sorted(campaigns, key=lambda campaign: (campaign.start, fold(campaign.id)))
    known = _known_successors(campaigns, lineage)
    merged = merged_wards(campaigns, lineage)
    anything_after = any(campaign.start >= lineage.effective for campaign in campaigns)
    frames = []
    for campaign in campaigns:
        table = campaign.ward_phase
        era = _map_of(campaign, lineage)
        rows = pd.DataFrame({
            "campaign": campaign.id,
            "campaign_start": campaign.start.isoformat(),
            "phase": table["phase"].astype("str"),
            "ward": table["ward"].astype("str"),
            "kind": table["kind"].astype("str"),
            "boundaries": era,
            "expected": table["expected"].astype("int64"),
            "attended": table["attended"].astype("int64"),
            "approximate": False,
            "from_wards": table["ward"].astype("str"),
        })
        if campaign.id in merged:
            rows = _summed(rows.assign(ward=rows["ward"].map(
                lambda ward, into=merged[campaign.id]: into.get(ward, ward))))
        if on_successors and (anything_after or era == NEW_MAP
                              or set(campaign.successors) - set(merged.get(campaign.id, ()))
                              or lineage.speaks_of(campaign.place, _wards_of(campaign))):
            # No campaign after the reorganisation, no successor named but mergers', nor a
            # lineage of its wards: nothing to put them on but their own map (QA round 97
            # #1: every ward of 2023 asked for a 2025 successor, and none could be named).
            rows = _on_successors(rows, campaign, era, lineage, known)
        order = {phase_id: position for position, (phase_id, _) in enumerate(campaign.phases)}
        rows = rows.assign(_phase=rows["phase"].map(order).fillna(len(order)),
                           _kind=rows["kind"].map({k: i for i, k in enumerate(KINDS)})
                           .fillna(len(KINDS)),
                           _ward=rows["ward"].map(fold))
        frames.append(rows.sort_values(["_phase", "_kind", "_ward", "boundaries"],
                                       kind="stable").drop(columns=["_phase", "_kind",
                                                                    "_ward"]))
    table = pd.concat(frames, ignore_index=True)
    table["ward"] = _one_spelling(table["ward"], table["campaign"])
    table["rate"] = rate(table["attended"], table["expected"])
    return table[list(TREND_COLUMNS)].reset_index(drop=True)


def _one_spelling(wards: pd.Series, campaigns: pd.Series) -> pd.Series:
    """A ward spelt with the tone mark placed the old way in one campaign ("Gia Thuỵ") and
    the new way in another ("Gia Thụy") is one ward, under the latest campaign's spelling:
    it was two wards with one campaign each, and no change. So is a ward named with its
    kind in one campaign's [[units]] ("Phường Gia Thụy") and without it in another (QA
    round 33), unless one campaign lists both names ("Xã Tân An", "Phường Tân An")."""
    placement = wards.map(tone_placement_key)
    core = wards.map(_core_key)
    names_per_core = pd.DataFrame({"campaign": campaigns, "core": core,
                                   "placement": placement}).groupby(
        ["campaign", "core"])["placement"].nunique()
    shared = set(names_per_core[names_per_core > 1].index.get_level_values("core"))
    keys = core.where(~core.isin(shared), placement)
    latest = dict(zip(keys.tolist(), wards.tolist(), strict=True))  # the last one wins
    return keys.map(latest)


def _core_key(ward: str) -> str:
    """A unit's name without the words of its kind ("Phường", "P.", "Xã", "Đảng bộ
    phường"; `units.core_name`), as `tone_placement_key` gives it."""
    words = clean_text(ward).split()
    folded = [fold(word) for word in words]
    core = core_name(" ".join(folded)).split()
    start = next((first for first in range(len(words) - len(core) + 1)
                  if folded[first:first + len(core)] == core), 0)
    return tone_placement_key(" ".join(words[start:start + len(core)]))


def _map_of(campaign: CampaignData, lineage: Lineage) -> str:
    """The wards a campaign counts: those before the reorganisation or those after it."""
    return OLD_MAP if campaign.start < lineage.effective else NEW_MAP


def merged_wards(campaigns: Sequence[CampaignData], lineage: Lineage | None = None
                 ) -> dict[str, dict[str, str]]:
    """Campaign id -> {ward: the ward it was merged into}, for mergers on one map: a ward
    some campaign's [[units]] gives a `successor` that the latest campaign on the same side
    of the reorganisation lists as its unit while it no longer lists the ward. The earlier
    campaigns' figures of the ward count in its successor there, whatever `--on-successors`
    says: its successor's series is then like for like (QA round 97 #1: Minh Đức merged into
    Phú Lộc in 2024, "Phú Lộc +0,7 điểm (257/268 → 455/471)" where 441/463 → 455/471 is
    +1,4)."""
    lineage = lineage or load_lineage()
    dated = sorted((campaign for campaign in campaigns if campaign.start is not None),
                   key=lambda campaign: (campaign.start, fold(campaign.id)))
    by_map: dict[str, list[CampaignData]] = {}
    for campaign in dated:
        by_map.setdefault(_map_of(campaign, lineage), []).append(campaign)
    merged: dict[str, dict[str, str]] = {}
    for on_map in by_map.values():
        *earlier, latest = on_map
        units = _units_listed(latest)
        declared: dict[str, str] = {}
        for campaign in earlier:
            declared.update(campaign.successors)  # a later campaign's word wins
        for campaign in earlier:
            into = {}
            for ward in _wards_of(campaign):
                named = find_name(ward, declared)
                successor = find_name(declared[named], units) if named is not None else None
                if successor is not None and find_name(ward, units) is None:
                    into[ward] = successor
            if into:
                merged[campaign.id] = into
    return merged


def merged_text(merged: Mapping[str, Mapping[str, str]], labels: Mapping[str, str],
                lang: str = "vi") -> str:
    """The mergers `merged_wards` found, for a chart's footnote and the terminal: "Minh Đức
    → Phú Lộc (2023)"."""
    words = _CHART_WORDS[lang]
    campaigns: dict[tuple[str, str], list[str]] = {}
    for campaign, into in merged.items():
        for ward, successor in into.items():
            campaigns.setdefault((ward, successor), []).append(labels.get(campaign, campaign))
    return words["merged"].format(items="; ".join(
        words["merged_item"].format(ward=ward, into=successor, campaigns=", ".join(named))
        for (ward, successor), named in campaigns.items()))


def _units_listed(campaign: CampaignData) -> list[str]:
    """A campaign's wards, those it chased as not reported or did not count too (its
    completeness): a ward whose report was refused is still one of its wards."""
    owed = [ward for listed in (campaign.not_reported, campaign.not_counted)
            for wards in listed.values() for ward in wards]
    return list(dict.fromkeys([*_wards_of(campaign), *owed]))


def _known_successors(campaigns: Sequence[CampaignData], lineage: Lineage) -> list[str]:
    """Names a successor may take: the lineage's new units and the wards of new campaigns."""
    known = list(lineage.new_units)
    for campaign in campaigns:
        if campaign.start is not None and campaign.start >= lineage.effective:
            wards = campaign.ward_phase.loc[campaign.ward_phase["kind"] == "ward", "ward"]
            known += [ward for ward in wards.astype("str") if find_name(ward, known) is None]
    return known


def lineage_used(campaigns: Sequence[CampaignData], lineage: Lineage) -> pd.DataFrame:
    """The lineage's rows for the old wards of the campaigns compared (`lineage_frame`), in
    its order: none for campaigns of another district (`Lineage.speaks_of`), whose
    notebook showed Long Biên's table all the same (QA round 91 #1)."""
    used = {entry.old_ward for _, speaks, wards in _old_campaigns(campaigns, lineage)
            if speaks for ward in wards if (entry := lineage.successor(ward)) is not None}
    frame = lineage_frame(lineage)
    return frame[frame["old_ward"].isin(used)].reset_index(drop=True)


def _old_campaigns(campaigns: Sequence[CampaignData], lineage: Lineage
                   ) -> Iterator[tuple[CampaignData, bool, list[str]]]:
    """Each campaign before the reorganisation, whether the lineage speaks of it
    (`Lineage.speaks_of`), and its wards."""
    for campaign in campaigns:
        if campaign.start is None or campaign.start >= lineage.effective:
            continue
        wards = _wards_of(campaign)
        yield campaign, lineage.speaks_of(campaign.place, wards), wards


def _wards_of(campaign: CampaignData) -> list[str]:
    table = campaign.ward_phase
    return table.loc[table["kind"] == "ward", "ward"].astype("str").unique().tolist()


def _on_successors(rows: pd.DataFrame, campaign: CampaignData, era: str, lineage: Lineage,
                   known: list[str]) -> pd.DataFrame:
    declared = campaign.successors
    speaks = era == OLD_MAP and lineage.speaks_of(campaign.place, _wards_of(campaign))
    targets, flags, maps = [], [], []
    for ward, kind in zip(rows["ward"], rows["kind"], strict=True):
        entry = lineage.successor(ward) if speaks and kind == "ward" else None
        declared_name = find_name(ward, declared)
        named = declared[declared_name] if declared_name is not None else None
        if named is None and entry is not None:
            named = entry.new_ward
        if named is None:
            if era == OLD_MAP and kind == "ward":
                # The lineage is named only where it was asked (QA round 93 #6: "not in the
                # lineage" of a ward it lists, skipped as of another district).
                where_vi, where_en = (
                    (f"không có trong tệp kế thừa ({lineage.path}) và ",
                     f"it is not in the lineage ({lineage.path}) and ") if speaks else
                    (f"tệp kế thừa đi kèm chỉ nói về các phường của {', '.join(lineage.districts)}"
                     " (đợt ghi place là nơi khác, hoặc có phường không thuộc đó) và ",
                     f"the lineage shipped speaks of {', '.join(lineage.districts)}'s wards "
                     "only (the campaign's place is elsewhere, or a ward is not of it), and "))
                raise LineageError(
                    f"Phường '{ward}' của đợt {campaign.id} không có phường kế thừa: "
                    f"{where_vi}campaign.toml của đợt không ghi; hãy thêm successor = "
                    "\"<phường từ 2025>\" vào mục [[units]] của phường này rồi chạy lại",
                    f"ward '{ward}' of campaign {campaign.id} has no successor: {where_en}its "
                    "campaign.toml names none; add successor = \"<ward of 2025>\" to its "
                    "[[units]] entry and run it again",
                )
            targets.append(ward)
            flags.append(False)
            maps.append(era)
            continue
        successor = find_name(named, known)
        if successor is None:
            raise LineageError(
                f"Phường kế thừa '{named}' của '{ward}' (đợt {campaign.id}) không phải phường đã "
                f"biết: không có trong tệp kế thừa ({', '.join(lineage.new_units)}) và không "
                "phải phường của đợt nào sau khi sắp xếp đơn vị hành chính; hãy sửa tên",
                f"successor '{named}' of '{ward}' (campaign {campaign.id}) is not a known ward: "
                f"it is neither in the lineage ({', '.join(lineage.new_units)}) nor a ward of "
                "a campaign after the reorganisation; correct the name",
            )
        targets.append(successor)
        flags.append(bool(entry.approximate) if entry is not None else False)
        maps.append(NEW_MAP)
    return _summed(rows.assign(ward=targets, approximate=flags, boundaries=maps))


def _summed(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of one ward (several counted in it) summed into one, their wards in
    `from_wards`; the rate is recomputed from the sums later, never averaged."""
    keys = ["campaign", "campaign_start", "phase", "ward", "kind", "boundaries"]
    grouped = rows.groupby(keys, sort=False, dropna=False)
    summed = grouped[["expected", "attended"]].sum().reset_index()
    summed["approximate"] = grouped["approximate"].any().to_numpy()
    summed["from_wards"] = grouped["from_wards"].agg(
        lambda names: "; ".join(sorted(dict.fromkeys(
            name for joined in names for name in joined.split("; ")), key=fold))).to_numpy()
    return summed


# --- views for the story -------------------------------------------------------------------

_EMPTY_TABLE = ("Bảng xu hướng trống: không có gì để so sánh",
                "the trend table is empty: there is nothing to compare")


def campaign_labels(starts: Mapping[str, dt.date | str | None],
                    lang: str = "vi") -> dict[str, str]:
    """Each campaign's name for a reader, by id: its start year ("2015"). Analysts know
    campaigns by year, not by id ("demo-2015-long-bien"), and titles share a long prefix
    (QA round 72). Two campaigns of one year go by month ("09/2015"), two of one month (or
    one with no start) by id. `starts`: id -> start (date or ISO text), e.g.
    `campaign_starts`."""
    dates = {campaign: None if start is None or pd.isna(start) else pd.Timestamp(start)
             for campaign, start in starts.items()}
    years = Counter(date.year for date in dates.values() if date is not None)
    months = Counter((date.year, date.month) for date in dates.values() if date is not None)
    labels = {}
    for campaign, date in dates.items():
        if date is None or months[(date.year, date.month)] > 1:
            labels[campaign] = campaign
        elif years[date.year] > 1:
            labels[campaign] = charts.month_text(date, lang)
        else:
            labels[campaign] = str(date.year)
    return labels


def campaign_starts(table: pd.DataFrame) -> dict[str, str]:
    """Campaign id -> its start (ISO text), from a trend table, for `campaign_labels`."""
    firsts = table.drop_duplicates("campaign")
    return dict(zip(firsts["campaign"], firsts["campaign_start"], strict=True))


def campaign_order(table: pd.DataFrame) -> list[str]:
    """Campaign ids in order of start (then id)."""
    firsts = table.drop_duplicates("campaign")[["campaign", "campaign_start"]]
    firsts = firsts.assign(_key=firsts["campaign"].map(fold))
    return firsts.sort_values(["campaign_start", "_key"], kind="stable")["campaign"].tolist()


def campaign_overview(table: pd.DataFrame, kinds: Sequence[str] = ("ward",)) -> pd.DataFrame:
    """One row per campaign: its units of the given kinds, pooled over phases and units.

    Units and phases are counted where someone had to study, as the campaign_trend chart
    counts them: a ward that reported 0 members is in no rate (QA round 38: "3 phường" here,
    "2 đơn vị" under the chart)."""
    subset = table[table["kind"].isin(kinds)]
    studied = subset["expected"] > 0
    subset = subset.assign(counted_ward=subset["ward"].where(studied),
                           counted_phase=subset["phase"].where(studied))
    grouped = subset.groupby(["campaign", "campaign_start"], sort=False)
    overview = grouped.agg(units=("counted_ward", "nunique"),
                           phases=("counted_phase", "nunique"),
                           expected=("expected", "sum"), attended=("attended", "sum"))
    overview = overview.reset_index()
    overview["rate"] = rate(overview["attended"], overview["expected"])
    order = {campaign: position for position, campaign in enumerate(campaign_order(table))}
    overview = overview.sort_values("campaign", key=lambda ids: ids.map(order), kind="stable")
    return overview.reset_index(drop=True)


def ward_series(table: pd.DataFrame, kinds: Sequence[str] = ("ward",)) -> pd.DataFrame:
    """Each unit in each campaign, pooled over the campaign's phases (sum, then rate)."""
    subset = table[table["kind"].isin(kinds)]
    keys = ["ward", "kind", "boundaries", "campaign", "campaign_start"]
    grouped = subset.groupby(keys, sort=False)
    series = grouped[["expected", "attended"]].sum().reset_index()
    series["approximate"] = grouped["approximate"].any().to_numpy()
    series["rate"] = rate(series["attended"], series["expected"])
    order = {campaign: position for position, campaign in enumerate(campaign_order(table))}
    series = series.assign(_ward=series["ward"].map(fold),
                           _campaign=series["campaign"].map(order))
    series = series.sort_values(["_ward", "boundaries", "_campaign"], kind="stable")
    # A series is approximate as a whole if any of its campaigns is.
    whole = series.groupby(["ward", "boundaries"])["approximate"].transform("any")
    series = series.assign(approximate=whole)
    return series.drop(columns=["_ward", "_campaign"]).reset_index(drop=True)[
        ["ward", "kind", "boundaries", "campaign", "campaign_start", "expected", "attended",
         "rate", "approximate"]]


def maps_apart(table: pd.DataFrame, on_successors: bool = False) -> bool:
    """The campaigns lie on both sides of the 2025 reorganisation, each on its own wards (not
    counted in their successors): old and new wards are not compared directly. The terminal
    says so (QA round 60 #5) and the campaign chart breaks its line there (QA round 72). On
    the successors every ward is on the 2025 map, so a table of wards alone decides alike."""
    return not on_successors and {OLD_MAP, NEW_MAP} <= set(table["boundaries"])


def maps_compared(table: pd.DataFrame, kinds: Sequence[str] = ("ward",)) -> list[str]:
    """The maps (`OLD_MAP`, then `NEW_MAP`) on which a unit is in two campaigns or more:
    the old wards of 2015 and 2020 are compared among themselves, the 2025 wards of two
    campaigns after the reorganisation among themselves (QA round 42: with both, the old
    wards' comparison was left out for the new wards')."""
    subset = table[table["kind"].isin(kinds)]
    spread = subset.groupby(["boundaries", "ward"])["campaign"].nunique()
    found = set(spread[spread > 1].index.get_level_values("boundaries"))
    return [boundaries for boundaries in (OLD_MAP, NEW_MAP) if boundaries in found]


def comparable_span(table: pd.DataFrame, kinds: Sequence[str] = ("ward",)) -> tuple[str, str]:
    """(earliest, latest) campaigns that share units on the same map, as far apart as possible.

    The latest campaign that shares a unit (ward and boundaries) with an earlier one, and the
    earliest campaign it shares one with: as recorded, a 2026 campaign on the new wards shares
    nothing with 2015, so the span is 2015 -> 2020; on the successors it is 2015 -> 2026.
    """
    order = campaign_order(table)
    if not order:
        raise TrendsError(*_EMPTY_TABLE)
    subset = table[table["kind"].isin(kinds)]
    units = {campaign: set(zip(group["ward"], group["boundaries"], strict=True))
             for campaign, group in subset.groupby("campaign")}
    for position in range(len(order) - 1, 0, -1):
        latest = order[position]
        for earlier in order[:position]:
            if units.get(latest, set()) & units.get(earlier, set()):
                return earlier, latest
    return order[0], order[-1]


def ward_changes(table: pd.DataFrame, base: str | None = None, latest: str | None = None,
                 kinds: Sequence[str] = ("ward",),
                 partial: Collection[tuple[str, str]] = (),
                 boundaries: str | None = None) -> pd.DataFrame:
    """Which units improved and which fell between two campaigns, by how much, with counts.

    Defaults: `comparable_span`. A unit is the pair (ward, boundaries); one found in only one
    of the two campaigns is listed, not dropped, with `direction` "only_base" or
    "only_latest", and one with 0 members in either with "no_rate". Sorted from the largest
    rise to the largest fall, those without a change last. `base_partial`/`latest_partial`:
    the count is one of `partial` (`partial_counts`), not like for like. `boundaries`: the
    units of that map only (`maps_compared`), each map's campaigns compared among themselves.
    """
    if boundaries is not None:
        table = table[table["boundaries"] == boundaries]
    order = campaign_order(table)
    if not order:
        raise TrendsError(*_EMPTY_TABLE)
    default_base, default_latest = comparable_span(table, kinds)
    base = base or default_base
    latest = latest or default_latest
    for name in (base, latest):
        if name not in order:
            raise TrendsError(f"Đợt {name} không có trong bảng xu hướng ({', '.join(order)})",
                              f"campaign {name} is not in the trend table ({', '.join(order)})")
    series = ward_series(table, kinds)
    keys = ["ward", "kind", "boundaries"]
    flags = series.groupby(keys, sort=False)["approximate"].any().rename("approximate")
    columns = ["expected", "attended", "rate"]
    first = series[series["campaign"] == base].set_index(keys)[columns].add_prefix("base_")
    last = series[series["campaign"] == latest].set_index(keys)[columns].add_prefix("latest_")
    changes = first.join(last, how="outer").join(flags).reset_index()
    changes["change"] = rate_change(changes["latest_rate"], changes["base_rate"])
    # A ward in both campaigns with 0 members in one has no rate there: "no_rate", not
    # "only in" the other (QA round 39: "chỉ có ở qa-2015" of a ward 0/0 in qa-2020).
    changes["direction"] = [
        "only_latest" if pd.isna(b) else "only_base" if pd.isna(a)
        else "no_rate" if math.isnan(c)
        else "unchanged" if abs(c) < UNCHANGED else "improved" if c > 0 else "fell"
        for b, a, c in zip(changes["base_expected"], changes["latest_expected"],
                           changes["change"].fillna(math.nan), strict=True)
    ]
    for name in ("base_expected", "base_attended", "latest_expected", "latest_attended"):
        changes[name] = changes[name].astype("Int64")
    partial = set(partial)
    for prefix, campaign in (("base", base), ("latest", latest)):
        changes[f"{prefix}_partial"] = [
            (campaign, ward) in partial and not pd.isna(expected)
            for ward, expected in zip(changes["ward"], changes[f"{prefix}_expected"],
                                      strict=True)]
    changes.insert(0, "base", base)
    changes.insert(1, "latest", latest)
    changes = changes.assign(_missing=changes["change"].isna(),
                             _ward=changes["ward"].map(fold))
    changes = changes.sort_values(["_missing", "change", "_ward"], ascending=[True, False, True],
                                  kind="stable")
    return changes.drop(columns=["_missing", "_ward"]).reset_index(drop=True)


def partial_counts(table: pd.DataFrame, campaigns: Sequence[CampaignData] = ()
                   ) -> set[tuple[str, str]]:
    """(campaign, ward) whose pooled count is not like for like with the ward's others.

    A ward's count covers only part of what it owed where it (or one of the old wards summed
    into its successor) missed a phase it owed: its campaign's phases with figures, or those
    its [[units]] entry lists (`campaigns`' unit_phases; QA round 17: a ward's phase 1 alone
    drawn as "−2,0 điểm" beside wards pooled over two; QA round 39: Sài Đồng's phase 1 alone
    in new Phúc Lợi). So does a successor's where an old ward summed into it in another
    campaign gave nothing in this one (old Long Biên, which did not report in 2015: its
    successor's "−5,6 điểm" came from that alone). So does a ward counted in part in a
    phase (`CampaignData.counted_in_part`: a class held out, rows rejected)."""
    # Names are compared by their core ("Thổ Quan" in one campaign is "Phường Thổ Quan" in
    # another: QA round 57, its successor's count was marked partial in both).
    unit_phases = {campaign.id: {_core_key(name): phases
                                 for name, phases in campaign.unit_phases.items()}
                   for campaign in campaigns}
    in_part = {campaign.id: {(phase, _core_key(name)) for phase, name in campaign.counted_in_part}
               for campaign in campaigns}
    wards = table[table["kind"] == "ward"]
    held = wards.groupby("campaign")["phase"].agg(set)
    # Each ward's sources (itself, or the old wards summed into it) and the phases each gave.
    given: dict[tuple[str, str], dict[str, set[str]]] = {}
    for campaign, phase, ward, joined in zip(wards["campaign"], wards["phase"], wards["ward"],
                                             wards["from_wards"], strict=True):
        for name in str(joined).split("; "):
            given.setdefault((campaign, ward), {}).setdefault(_core_key(name), set()).add(phase)
    summed_from: dict[str, set[str]] = {}
    for (_, ward), names in given.items():
        if set(names) != {_core_key(ward)}:  # old wards summed into their successor
            summed_from.setdefault(ward, set()).update(names)

    def is_partial(campaign: str, ward: str, names: dict[str, set[str]]) -> bool:
        own = unit_phases.get(campaign, {})
        campaign_phases = held.get(campaign, set())
        if set(names) != {_core_key(ward)} and not summed_from.get(ward, set()) <= set(names):
            return True
        if any((phase, name) in in_part.get(campaign, ()) for name, phases_given in
               names.items() for phase in phases_given):
            return True  # a class held out or rows rejected (QA rounds 57 #3, 60 #4)
        return any(not campaign_phases & (set(own[name]) if name in own else campaign_phases)
                   <= phases_given for name, phases_given in names.items())

    return {key for key, names in given.items() if is_partial(*key, names)}


# --- tables for people ---------------------------------------------------------------------

_WORDS = {
    "vi": {
        "campaign": "Đợt", "campaign_start": "Bắt đầu", "units": "Số phường, xã",
        "phases": "Số giai đoạn", "expected": "Số phải học", "attended": "Có mặt",
        "rate": "Tỷ lệ tham dự", "counts": "Có mặt/phải học", "ward": "Phường, xã",
        "boundaries": "Địa giới",
        "approximate": "Gần đúng", "change": "Thay đổi", "direction": "Xu hướng",
        "points": "{sign}{value} điểm", "yes": "≈ có", "no": "",
        OLD_MAP: "trước 7/2025", NEW_MAP: "từ 7/2025",
        "improved": "tăng", "fell": "giảm", "unchanged": "giữ nguyên",
        "only_base": "chỉ có ở {base}", "only_latest": "chỉ có ở {latest}",
        "no_rate": "0 người phải học ở một đợt",
    },
    "en": {
        "campaign": "Campaign", "campaign_start": "Start", "units": "Wards",
        "phases": "Phases", "expected": "Expected", "attended": "Attended",
        "rate": "Participation rate", "counts": "Attended/expected", "ward": "Ward",
        "boundaries": "Boundaries",
        "approximate": "Approximate", "change": "Change", "direction": "Direction",
        "points": "{sign}{value} pts", "yes": "≈ yes", "no": "",
        OLD_MAP: "before 7/2025", NEW_MAP: "from 7/2025",
        "improved": "improved", "fell": "fell", "unchanged": "unchanged",
        "only_base": "only in {base}", "only_latest": "only in {latest}",
        "no_rate": "nobody expected in one campaign",
    },
}


def points_text(change: float, lang: str = "vi") -> str:
    """+1,2 điểm / -0.4 pts: a change of rate in percentage points, one decimal."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "–"
    value = rounded_percent(change, 1)
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    text = f"{abs(value):.1f}"
    return _WORDS[lang]["points"].format(sign=sign, value=text.replace(".", ",")
                                         if lang == "vi" else text)


def counts_text(attended: object, expected: object, lang: str = "vi",
                partial: bool = False) -> str:
    """"95/100", "47/50†" for a `partial` count."""
    if pd.isna(attended) or pd.isna(expected):
        return "–"
    mark = PARTIAL_MARK if partial else ""
    return f"{format_count(attended, lang)}/{format_count(expected, lang)}{mark}"


def partial_note(lang: str = "vi") -> str:
    """What "†" after a count means, as under the ward chart."""
    return _CHART_WORDS[lang]["partial"].format(mark=PARTIAL_MARK)


def story_text(changes: pd.DataFrame, lang: str = "vi",
               targets: Mapping[str, float] | None = None) -> str:
    """The change in a few sentences: how many rose and fell, the largest rise and fall.

    `targets` (`campaign_targets`): each campaign's own, so that no rate under it prints as
    it ("95,0%" for 94,96%, QA round 39)."""
    if changes.empty:
        return ""
    base, latest = changes["base"].iloc[0], changes["latest"].iloc[0]
    targets = targets or {}
    # Counted as the ward chart's title counts them: a partial count (†) is no like-for-like
    # change (QA round 91 #3: "7 phường tăng, 2 giảm trên 9" here, "6/8 phường tăng (không
    # kể 1 phường có số †)" on the chart, for one comparison).
    partial = changes["base_partial"] | changes["latest_partial"]
    compared = changes[changes["change"].notna() & ~partial]
    left_out = int((changes["change"].notna() & partial).sum())
    counts = compared["direction"].value_counts()

    def describe(row) -> str:
        name = ("≈ " if row["approximate"] else "") + row["ward"]
        first, last = (counts_text(row[f"{side}_attended"], row[f"{side}_expected"], lang,
                                   row[f"{side}_partial"]) for side in ("base", "latest"))
        return (f"{name} {points_text(row['change'], lang)} "
                f"({format_percent(row['base_rate'], lang, target=targets.get(base))} → "
                f"{format_percent(row['latest_rate'], lang, target=targets.get(latest))}, "
                f"{first} → {last})")

    if lang == "vi":
        lines = [f"{base} → {latest}: {counts.get('improved', 0)} phường tăng, "
                 f"{counts.get('fell', 0)} phường giảm, {counts.get('unchanged', 0)} giữ "
                 f"nguyên trên {len(compared)} phường có ở cả hai đợt"
                 + (f" (không kể {left_out} phường có số {PARTIAL_MARK})" if left_out else "")
                 + "."]
        up, down = "Tăng nhiều nhất", "Giảm nhiều nhất"
        approximate = "≈: số liệu gần đúng (phường cũ bị chia tách năm 2025)."
    else:
        lines = [f"{base} → {latest}: {counts.get('improved', 0)} wards improved, "
                 f"{counts.get('fell', 0)} fell, {counts.get('unchanged', 0)} unchanged, "
                 f"of {len(compared)} wards in both campaigns"
                 + (f" ({left_out} ward(s) with a count marked {PARTIAL_MARK} left out)"
                    if left_out else "") + "."]
        up, down = "Largest rise", "Largest fall"
        approximate = "≈: approximate (an old ward split in 2025)."
    if not compared.empty and compared["change"].iloc[0] >= UNCHANGED:
        lines.append(f"{up}: {describe(compared.iloc[0])}.")
    if not compared.empty and compared["change"].iloc[-1] <= -UNCHANGED:
        lines.append(f"{down}: {describe(compared.iloc[-1])}.")
    if changes["approximate"].any():
        lines.append(approximate)
    if partial.any():
        lines.append(partial_note(lang))
    return "\n".join(lines)


def changes_text(table: pd.DataFrame, lang: str = "vi",
                 targets: Mapping[str, float] | None = None,
                 partial: Collection[tuple[str, str]] = ()) -> str:
    """For each map compared (`maps_compared`: the old wards, then the 2025 wards), the
    story of its changes and their table, as notebook 04 prints them."""
    parts = []
    for boundaries in maps_compared(table):
        changes = ward_changes(table, partial=partial, boundaries=boundaries)
        parts.append(f"{story_text(changes, lang, targets)}\n\n"
                     f"{changes_table(changes, lang, targets).to_string(index=False)}")
    return "\n\n".join(parts)


def overview_table(table: pd.DataFrame, lang: str = "vi",
                   targets: Mapping[str, float] | None = None,
                   phases_owed: Mapping[str, int] | None = None) -> pd.DataFrame:
    """campaign_overview for people: counts and rates written out, with what each campaign's
    rate pools (its phases with figures, "2/3" of its `phases_owed`, and its wards), so that
    a campaign half-way through or on fewer wards is not read as the equal of a finished
    one. `targets`: as `story_text`'s."""
    words = _WORDS[lang]
    targets = targets or {}
    owed = phases_owed or {}
    overview = campaign_overview(table)
    return pd.DataFrame({
        words["campaign"]: overview["campaign"],
        words["campaign_start"]: overview["campaign_start"],
        words["phases"]: [f"{count}/{owed[campaign]}" if count < owed.get(campaign, 0)
                          else str(count) if owed else count
                          for count, campaign in zip(overview["phases"], overview["campaign"],
                                                     strict=True)],
        words["units"]: overview["units"],
        words["expected"]: overview["expected"].map(lambda n: format_count(n, lang)),
        words["attended"]: overview["attended"].map(lambda n: format_count(n, lang)),
        words["rate"]: [format_percent(rate, lang, target=targets.get(campaign))
                        for rate, campaign in zip(overview["rate"], overview["campaign"],
                                                  strict=True)],
    })


def changes_table(changes: pd.DataFrame, lang: str = "vi",
                  targets: Mapping[str, float] | None = None) -> pd.DataFrame:
    """ward_changes for people: 'có mặt/phải học' and the rate of each campaign, the change.
    `targets`: as `story_text`'s."""
    words = _WORDS[lang]
    if changes.empty:
        return pd.DataFrame()
    base, latest = changes["base"].iloc[0], changes["latest"].iloc[0]
    targets = targets or {}
    ward = [("≈ " if flag else "") + name
            for name, flag in zip(changes["ward"], changes["approximate"], strict=True)]
    direction = [words[value].format(base=base, latest=latest) for value in changes["direction"]]
    return pd.DataFrame({
        words["ward"]: ward,
        words["boundaries"]: changes["boundaries"].map(words),
        f"{words['counts']} ({base})": [
            counts_text(a, e, lang, mark)
            for a, e, mark in zip(changes["base_attended"], changes["base_expected"],
                                  changes["base_partial"], strict=True)],
        f"{words['rate']} ({base})": changes["base_rate"].map(
            lambda r: format_percent(r, lang, target=targets.get(base))),
        f"{words['counts']} ({latest})": [
            counts_text(a, e, lang, mark)
            for a, e, mark in zip(changes["latest_attended"], changes["latest_expected"],
                                  changes["latest_partial"], strict=True)],
        f"{words['rate']} ({latest})": changes["latest_rate"].map(
            lambda r: format_percent(r, lang, target=targets.get(latest))),
        words["change"]: changes["change"].map(lambda c: points_text(c, lang)),
        words["direction"]: direction,
    })


def series_table(table: pd.DataFrame, lang: str = "vi",
                 targets: Mapping[str, float] | None = None,
                 partial: Collection[tuple[str, str]] = ()) -> pd.DataFrame:
    """Ward × campaign: each cell 'rate (attended/expected)'; ≈ marks approximate series,
    † a count of `partial` (`partial_counts`). `targets`: as `story_text`'s."""
    series = ward_series(table)
    if series.empty:
        return pd.DataFrame()
    words = _WORDS[lang]
    targets = targets or {}
    partial = set(partial)
    cells = series.assign(
        text=[f"{format_percent(r, lang, target=targets.get(c))} "
              f"({counts_text(a, e, lang, (c, w) in partial)})"
              for r, a, e, c, w in zip(series["rate"], series["attended"], series["expected"],
                                       series["campaign"], series["ward"], strict=True)],
        label=[("≈ " if flag else "") + name
               for name, flag in zip(series["ward"], series["approximate"], strict=True)],
        map=series["boundaries"].map(words),
    )
    wide = cells.pivot(index=["label", "map", "boundaries"], columns="campaign", values="text")
    wide = wide.reindex(columns=[c for c in campaign_order(table) if c in wide.columns])
    wide = wide.fillna("").reset_index()
    wide = wide.assign(_map=wide["boundaries"].map({OLD_MAP: 0, NEW_MAP: 1}),
                       _key=wide["label"].str.lstrip("≈ ").map(fold))
    wide = wide.sort_values(["_map", "_key"], kind="stable").drop(
        columns=["_map", "_key", "boundaries"])
    wide.columns.name = None
    return wide.rename(columns={"label": words["ward"], "map": words["boundaries"]}
                       ).reset_index(drop=True)


# --- charts --------------------------------------------------------------------------------


def trends_lang(campaigns: Sequence[CampaignData]) -> str:
    """The language of the campaigns compared: theirs if they share one, else Vietnamese."""
    langs = {campaign.lang for campaign in campaigns}
    return "en" if langs == {"en"} else "vi"


def chart_context(campaigns: Sequence[CampaignData], *, processed_note: str = "",
                  lang: str | None = None) -> charts.ChartContext:
    """Target of the latest campaign, the campaigns' place (every one named where they
    differ: QA round 45, three Long Biên campaigns and one of Sông Tích drawn under "Quận
    Sông Tích"), the campaigns' language (`trends_lang` unless given); the source names
    the campaigns."""
    latest = campaigns[-1]
    lang = lang or trends_lang(campaigns)
    ids = ", ".join(campaign.id for campaign in campaigns)
    if lang == "vi":
        note = f"Nguồn: {len(campaigns)} đợt ({ids}), participation_by_ward_phase.csv"
    else:
        note = f"Source: {len(campaigns)} campaigns ({ids}), participation_by_ward_phase.csv"
    place = places_text([campaign.place for campaign in campaigns], lang)
    return charts.ChartContext(
        campaign_title=latest.title, place=place, target=latest.target,
        lang=lang, source_note=note + (f"; {processed_note}" if processed_note else ""),
    )


def places_text(places: Sequence[str], lang: str) -> str:
    """The campaigns' places, each named once: the parts every place shares ("Hà Nội") said
    once at the end, the others joined ("Quận Long Biên và các phường trên địa bàn quận Long
    Biên cũ, Hà Nội"; QA round 72 #4: "Quận Long Biên, Hà Nội và Hà Nội, các phường…"). A
    place that is only the shared parts covers the others: the shared parts alone."""
    places = list(dict.fromkeys(place.strip() for place in places if place.strip()))
    if len(places) < 2:
        return places[0] if places else ""
    parts = [[part.strip() for part in place.split(",") if part.strip()] for place in places]
    shared = [part for part in parts[0] if all(part in other for other in parts[1:])]
    rests = [", ".join(part for part in place if part not in shared) for place in parts]
    if not all(rests):
        return ", ".join(shared)
    # Mid-sentence, a place that begins with a common word is not capitalised ("Quận Kim
    # Sơn và các phường…"; QA round 91 #5: "… và Các phường…"); a name keeps its capital.
    rests = [rests[0], *(rest[:1].lower() + rest[1:]
                         if fold(rest.split()[0]) in _COMMON_FIRST_WORDS else rest
                         for rest in rests[1:])]
    joined = ", ".join(rests[:-1]) + (" và " if lang == "vi" else " and ") + rests[-1]
    return ", ".join([joined, *shared])


# Words a place may begin with that are no name: "Các phường trên địa bàn…", "The wards of…".
_COMMON_FIRST_WORDS = frozenset({"cac", "nhung", "toan", "moi", "the", "all"})


_CHART_WORDS = {
    "vi": {
        "title_up": "{first} → {last}: {up}/{total} phường tăng tỷ lệ tham dự",
        "title_up_maps": "{up}/{total} phường tăng tỷ lệ tham dự ({spans})",
        "title_partial": " (không kể {n} phường có số {mark})",
        "partial_between": "Đợt giữa có số chỉ tính một phần, không so ngang được với đợt "
                           "khác: {units}.",
        "span": "{map}: {first} → {last}",
        OLD_MAP: "phường cũ", NEW_MAP: "phường từ 7/2025",
        f"{OLD_MAP}_tag": " (cũ)", f"{NEW_MAP}_tag": " (mới)",
        "maps": "(cũ): phường trước 7/2025, so giữa các đợt trước 7/2025; (mới): phường từ "
                "7/2025, so giữa các đợt từ 7/2025. Phường cũ và phường mới cùng tên không "
                "phải một phường.",
        "subtitle": "Tỷ lệ tham dự theo phường (có mặt/phải học, gộp các giai đoạn), {place}",
        "approximate": "≈: phường cũ bị chia tách năm 2025, số liệu tính cả vào phường kế thừa"
                       " nên chỉ gần đúng.",
        "axis": "Trục ngang không bắt đầu từ 0%.",
        "below": "{mark} trước tên phường: đợt cuối dưới chỉ tiêu {target}.",
        "single": "{n} phường chỉ có ở một đợt, không vẽ: {names} (xem trends_by_ward.csv).",
        "single_map": "{n} {map} chỉ có ở đợt {campaigns}, chưa có đợt khác để so, không vẽ: "
                      "{names} (xem trends_by_ward.csv).",
        "more": " và {n} phường khác",
        "phases": "Mỗi đợt gộp các giai đoạn có số liệu: {campaigns}.",
        "partial": "{mark}: số của phường ở đợt đó chỉ gồm một phần các giai đoạn của đợt, "
                   "hoặc một phần các phường cũ gộp vào phường (chưa báo cáo đủ), hoặc chưa "
                   "tính dòng bị loại hay lớp, chi bộ gửi trùng, không so ngang được với đợt khác.",
        "target": "Chỉ tiêu {target}",
        "merged": "Sáp nhập (successor trong campaign.toml), số các đợt trước đã cộng vào "
                  "phường nhận: {items}.",
        "merged_item": "{ward} → {into} ({campaigns})",
    },
    "en": {
        "title_up": "{first} → {last}: {up} of {total} wards raised participation",
        "title_up_maps": "{up} of {total} wards raised participation ({spans})",
        "title_partial": " ({n} ward(s) with a count marked {mark} left out)",
        "partial_between": "Counted in part in a campaign between, not like for like: "
                           "{units}.",
        "span": "{map}: {first} → {last}",
        OLD_MAP: "old wards", NEW_MAP: "wards from 7/2025",
        f"{OLD_MAP}_tag": " (old)", f"{NEW_MAP}_tag": " (new)",
        "maps": "(old): a ward before 7/2025, compared across the campaigns before 7/2025; "
                "(new): a ward from 7/2025, compared across the campaigns since. An old and a "
                "new ward of one name are not one ward.",
        "subtitle": "Participation rate by ward (attended/expected, phases pooled), {place}",
        "approximate": "≈: old ward split in 2025; all of it is counted in the successor, so"
                       " the series is approximate.",
        "axis": "The horizontal axis does not start at 0%.",
        "below": "{mark} before a ward's name: its last campaign below the {target} target.",
        "single": "{n} ward(s) in one campaign only, not drawn: {names} (see "
                  "trends_by_ward.csv).",
        "single_map": "{n} {map} in campaign {campaigns} only, none other to compare with, "
                      "not drawn: {names} (see trends_by_ward.csv).",
        "more": " and {n} more",
        "phases": "Each campaign pools the phases that reported: {campaigns}.",
        "partial": "{mark}: the ward's figure in that campaign covers only some of the "
                   "campaign's phases, or of the old wards summed into it (not all reported), "
                   "or leaves out rejected rows or a class or cell sent twice: not like for like.",
        "target": "Target {target}",
        "merged": "Merged (successor in campaign.toml), the earlier campaigns' figures "
                  "counted in the ward that took it in: {items}.",
        "merged_item": "{ward} → {into} ({campaigns})",
    },
}
_MARKERS = ("o", "s", "D", "^", "v", "P")
_SINGLE_NAMED = 6  # wards in one campaign only named under the ward chart; the rest counted
PARTIAL_MARK = "†"


def ward_trend(table: pd.DataFrame, context: charts.ChartContext,
               partial: Collection[tuple[str, str]] | None = None,
               phases_owed: Mapping[str, int] | None = None,
               labels: Mapping[str, str] | None = None,
               merged: Mapping[str, Mapping[str, str]] | None = None) -> Figure:
    """Each ward's pooled rate in each campaign: one row per ward, a dot per campaign.

    Rows run from the largest rise (first to last campaign the ward is in) to the largest
    fall; each row is labelled with its change in points and the counts behind the first and
    last rate, "†" after a count that covers only part of what the ward owed (`partial`, by
    default `partial_counts` of the table alone). An approximate
    series (a split ward counted in its successor) has "≈" before its name and a dashed
    line. Wards found in one campaign only are left out and counted in the footnote.
    Campaigns are named by `labels` (by default `campaign_labels` of the table's campaigns:
    "2015 → 2020", not their ids). `merged` (`merged_wards`): the mergers the footnote names.
    """
    # TODO(charts): move next to charts.campaign_trend once that module's rework has landed;
    # it is kept here meanwhile so the two authors do not edit charts.py at the same time.
    series = ward_series(table)
    order = campaign_order(table)
    lang = context.lang
    words = _CHART_WORDS[lang]
    if labels is None:
        labels = campaign_labels(campaign_starts(table), lang)
    shown = {campaign: labels.get(campaign, campaign) for campaign in order}
    counted = series.groupby(["ward", "boundaries"])["campaign"].transform("nunique")
    single = series.loc[counted < 2].drop_duplicates(["ward", "boundaries"])
    series = series[counted >= 2]
    if series.empty:
        raise TrendsError("Không phường nào có trong hai đợt: không có xu hướng để vẽ",
                          "no ward appears in two campaigns: there is no trend to draw")
    rows = []
    for (ward, boundaries), group in series.groupby(["ward", "boundaries"], sort=False):
        group = group.sort_values("campaign", key=lambda ids: ids.map(order.index))
        first, last = group.iloc[0], group.iloc[-1]
        rows.append({"ward": ward, "boundaries": boundaries, "group": group,
                     "approximate": bool(group["approximate"].any()),
                     "change": rate_change(last["rate"], first["rate"]), "first": first,
                     "last": last})
    # A ward with no rate in one campaign (0 members) has no change: last, not counted in
    # the title (QA round 39: its NaN put the largest rise below a smaller one).
    # The old wards and the 2025 wards on one chart (campaigns before and after the
    # reorganisation, two of each) are two lists, each over its own campaigns: old Bồ Đề
    # and the new, larger Bồ Đề are not one ward (QA round 42: both rows said "Bồ Đề", and
    # the title "2015 → 2026" compared no ward over those campaigns).
    maps = maps_compared(table)
    rows.sort(key=lambda row: (maps.index(row["boundaries"]), math.isnan(row["change"]),
                               0 if math.isnan(row["change"]) else -row["change"],
                               fold(row["ward"])))
    # A ward's partial count (`partial_counts`) is not the equal of its others: its change is
    # drawn, marked, and left out of the title's count (QA round 84 #3: "6/10 phường tăng",
    # one of the six a rise the footnote called not like for like).
    partial = partial_counts(table) if partial is None else partial
    for row in rows:
        row["partial"] = [(entry["campaign"], row["ward"]) in partial
                          for entry in (row["first"], row["last"])]
    changed = [row for row in rows if not math.isnan(row["change"]) and not any(row["partial"])]
    up = sum(row["change"] >= UNCHANGED for row in changed)
    left_out = sum(not math.isnan(row["change"]) and any(row["partial"]) for row in rows)
    spans = []
    for boundaries in maps:
        drawn = set(series.loc[series["boundaries"] == boundaries, "campaign"])
        in_order = [campaign for campaign in order if campaign in drawn]
        spans.append((boundaries, shown[in_order[0]], shown[in_order[-1]]))
    if len(spans) == 1:
        title = words["title_up"].format(first=spans[0][1], last=spans[0][2], up=up,
                                         total=len(changed))
    else:
        title = words["title_up_maps"].format(up=up, total=len(changed), spans="; ".join(
            words["span"].format(map=words[boundaries], first=first, last=last)
            for boundaries, first, last in spans))
    if left_out:
        title += words["title_partial"].format(n=left_out, mark=PARTIAL_MARK)
    subtitle = charts.with_place(words["subtitle"], context.place)
    target_text = format_percent(context.target, lang, decimals=0)
    notes = [words["axis"]]
    # The mark of a last rate under the target goes before the ward's name, not before its
    # change: "▼ +1,1 điểm" read as a fall where the ward rose (QA round 82 #8). Keyed only
    # when a ward's last rate is under the target (QA round 72 #3).
    below = [not math.isnan(row["last"]["rate"]) and row["last"]["rate"] < context.target - 1e-12
             for row in rows]
    if any(below):
        notes[0] += " " + words["below"].format(mark=charts.BELOW_MARK, target=target_text)
    if any(row["approximate"] for row in rows):
        notes.insert(0, words["approximate"])
    for boundaries, group in single.groupby("boundaries", sort=False):
        # Named, the first few (QA round 84 #8: "5 phường… (xem bảng)", which, and where?).
        tag = words[f"{boundaries}_tag"] if len(maps) > 1 else ""
        alone = [ward + tag for ward in group["ward"].astype(str)]
        names = ", ".join(alone[:_SINGLE_NAMED]) + (
            words["more"].format(n=len(alone) - _SINGLE_NAMED)
            if len(alone) > _SINGLE_NAMED else "")
        if boundaries in maps:
            notes.append(words["single"].format(n=len(alone), names=names))
        else:
            # The wards of a map no two campaigns share (the 2026 campaign's, beside 2016 and
            # 2020 on the old wards) are said to be that map's: named as "only in one
            # campaign, not drawn", the old namesakes drawn above them, the note said the
            # chart wrong (QA round 91 #2).
            held = [shown[campaign] for campaign in order if campaign in set(group["campaign"])]
            notes.append(words["single_map"].format(n=len(alone), map=words[boundaries],
                                                    campaigns=", ".join(held), names=names))
    if merged:
        notes.append(merged_text(merged, labels, lang))
    if len(maps) > 1:
        notes.insert(0, words["maps"])
    # A campaign half-way through (one phase of two) is not the equal of a finished one; nor
    # is a ward's partial count (`partial_counts`) the equal of its others.
    wards = table[table["kind"] == "ward"]
    phases = wards.groupby("campaign")["phase"].nunique()
    if any(any(row["partial"]) for row in rows):
        notes.append(partial_note(lang))
    # A campaign between the first and the last has a dot and no label: its partial count
    # is named here (QA round 84 #2: a dip that was one old ward's missing phase, unmarked).
    between = [f"{row['ward']} ({shown[campaign]})" for row in rows
               for campaign in row["group"]["campaign"].iloc[1:-1]
               if (campaign, row["ward"]) in partial]
    if between:
        notes.append(words["partial_between"].format(units=", ".join(between)))
    owed = phases_owed or {}
    notes.append(words["phases"].format(campaigns="; ".join(
        f"{shown[campaign]}: "
        f"{charts.phases_text(int(phases.get(campaign, 0)), owed.get(campaign), lang)}"
        for campaign in order if campaign in set(series["campaign"]))))
    if context.source_note:
        notes.append(context.source_note)
    if lang == "vi":  # a huyện's communes are "xã" (`in_place_words`)
        title, subtitle = (in_place_words(text, context.place) for text in (title, subtitle))
        notes = [in_place_words(note, context.place) for note in notes]

    campaigns = [c for c in order if c in set(series["campaign"])]
    labels = [_row_label(row, context) for row in rows]
    names = [(f"{charts.BELOW_MARK} " if is_below else "")
             + ("≈ " if row["approximate"] else "") + row["ward"]
             + (words[f"{row['boundaries']}_tag"] if len(maps) > 1 else "")
             for row, is_below in zip(rows, below, strict=True)]
    with matplotlib.rc_context(charts.HOUSE_STYLE):
        name_in = max(_text_in(name, charts.BODY_SIZE, bold=is_below)
                      for name, is_below in zip(names, below, strict=True)) + 0.15
        label_in = max(_text_in(label, charts.CELL_SIZE) for label in labels) + 0.15
        pitch = 0.34
        body_in = pitch * len(rows) + 0.2
        # The legend on one row where it fits, else rows of three read left to right (QA
        # round 84 #8: four campaigns filled it column by column, 2024 last, alone below).
        shown_names = [shown[campaign] for campaign in campaigns]
        legend_width = sum(_text_in(name, charts.NOTE_SIZE) + 0.45 for name in shown_names)
        columns = len(campaigns) if legend_width <= charts.FIGURE_WIDTH_IN - name_in - 0.2 \
            else min(len(campaigns), 3)
        legend_rows = math.ceil(len(campaigns) / columns)
        legend_in = 0.35 + (legend_rows - 1) * charts.NOTE_SIZE * 1.6 / 72
        text_width = charts.FIGURE_WIDTH_IN - 0.24
        title_lines = _wrap_lines(title, charts.TITLE_SIZE, text_width, bold=True)
        subtitle_lines = _wrap_lines(subtitle, charts.SUBTITLE_SIZE, text_width)
        note_lines = [line for note in notes
                      for line in _wrap_lines(note, charts.NOTE_SIZE, text_width)]
        header_in = 0.12 + (len(title_lines) * charts.TITLE_SIZE
                            + len(subtitle_lines) * charts.SUBTITLE_SIZE) * 1.25 / 72 + 0.1
        footer_in = 0.35 + len(note_lines) * charts.NOTE_SIZE * 1.25 / 72 + 0.12
        height = header_in + legend_in + body_in + footer_in
        fig = Figure(figsize=(charts.FIGURE_WIDTH_IN, height))
        FigureCanvasAgg(fig)
        x0 = 0.12 / charts.FIGURE_WIDTH_IN
        fig.text(x0, 1 - 0.12 / height, "\n".join(title_lines), ha="left", va="top",
                 fontsize=charts.TITLE_SIZE, fontweight="bold", linespacing=1.25)
        fig.text(x0, 1 - (0.12 + len(title_lines) * charts.TITLE_SIZE * 1.25 / 72) / height,
                 "\n".join(subtitle_lines), ha="left", va="top", fontsize=charts.SUBTITLE_SIZE,
                 color=charts.MUTED_COLOUR, linespacing=1.25)
        fig.text(x0, 0.12 / height, "\n".join(note_lines), ha="left", va="bottom",
                 fontsize=charts.NOTE_SIZE, color=charts.MUTED_COLOUR, linespacing=1.25)
        axis_in = charts.FIGURE_WIDTH_IN - name_in - label_in - 0.12
        ax = fig.add_axes((name_in / charts.FIGURE_WIDTH_IN, footer_in / height,
                           axis_in / charts.FIGURE_WIDTH_IN, body_in / height))
        rates = series["rate"].dropna()
        low = min(float(rates.min()) - 0.01, context.target - 0.02)
        # Ticks two points apart, or four, five, ten...: no more than the axis has room for
        # ("98%100%" ran together on an axis from 84%, QA round 42).
        room = max(2, int(axis_in / TICK_ROOM_IN))
        step = next((step for step in TICK_STEPS if (1.0 - max(0.0, low)) / step <= room),
                    TICK_STEPS[-1])
        left = max(0.0, 1.0 - math.ceil((1.0 - low) / step - 1e-9) * step)
        ax.set_xlim(left, 1.0)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ticks = np.arange(1.0, left - 1e-9, -step)[::-1]  # down from 100%, which is one
        ax.set_xticks(ticks, [format_percent(t, lang, decimals=0) for t in ticks])
        ax.set_yticks(range(len(rows)), names)
        for tick, is_below in zip(ax.get_yticklabels(), below, strict=True):
            if is_below:
                tick.set(color=charts.HIGHLIGHT, fontweight="bold")
        ax.spines["left"].set_visible(False)
        ax.axvline(context.target, color=charts.TARGET_COLOUR, linewidth=1.2,
                   linestyle=(0, (4, 2)), zorder=2)
        ax.annotate(words["target"].format(target=target_text), xy=(context.target, 0),
                    xycoords=ax.get_xaxis_transform(), xytext=(0, -16),
                    textcoords="offset points", ha="center", va="top",
                    fontsize=charts.NOTE_SIZE, fontweight="bold", annotation_clip=False)
        styles = _campaign_styles(campaigns)
        # The widest marker, in the axis's units (rates), with a point to spare.
        marker_width = (max(style["markersize"] for style in styles.values()) + 1) / 72 \
            / axis_in * (1.0 - left)
        for position, row in enumerate(rows):
            group = row["group"]
            ax.plot(group["rate"], [position] * len(group), color=charts.TREND_COLOUR,
                    linewidth=1.2, linestyle=(0, (2, 1.5)) if row["approximate"] else "-",
                    zorder=3)
            # Campaigns whose rates are closer than a marker's width are moved apart across
            # the row, else one marker would hide the other (96,67% under 96,72%).
            offsets = dodge(group["rate"].tolist(), marker_width)
            for campaign, value, offset in zip(group["campaign"], group["rate"], offsets,
                                               strict=True):
                # Unclipped: a ward at 100% has its marker on the axis's edge, which cut it in
                # half (QA round 39).
                ax.plot([value], [position + offset], linestyle="none", zorder=4,
                        clip_on=False, **styles[campaign])
            ax.annotate(labels[position], xy=(1, position),
                        xycoords=ax.get_yaxis_transform(), xytext=(6, 0),
                        textcoords="offset points", ha="left", va="center",
                        fontsize=charts.CELL_SIZE, annotation_clip=False,
                        color=charts.TEXT_COLOUR)
        order = charts._row_major(len(campaigns), columns)
        handles = [Line2D([], [], linestyle="none", **styles[campaigns[i]]) for i in order]
        fig.legend(handles, [shown_names[i] for i in order], loc="lower left", ncols=columns,
                   bbox_to_anchor=(name_in / charts.FIGURE_WIDTH_IN,
                                   (footer_in + body_in + 0.02) / height),
                   fontsize=charts.NOTE_SIZE, handletextpad=0.3, columnspacing=1.2,
                   borderaxespad=0)
        fig.draw_without_rendering()
    return fig


# Width in inches an x tick label of the ward chart ("100%") needs, with space around it.
TICK_ROOM_IN = 0.55
TICK_STEPS = (0.02, 0.04, 0.05, 0.10, 0.20, 0.25)
DODGE_STEP = 0.32  # of a row: how far apart markers that would overlap are drawn


def dodge(values: list[float], width: float) -> list[float]:
    """Vertical offsets (in rows) for markers at `values` on one row: 0 for a marker clear of
    the others; markers whose values chain within `width` of each other are spread evenly
    around the row's line, in the order given (the first campaign on top)."""
    offsets = [0.0] * len(values)
    order = sorted((value, position) for position, value in enumerate(values)
                   if not math.isnan(value))
    clusters: list[list[int]] = []
    previous = None
    for value, position in order:
        if previous is not None and value - previous < width:
            clusters[-1].append(position)
        else:
            clusters.append([position])
        previous = value
    for cluster in clusters:
        if len(cluster) > 1:
            for rank, position in enumerate(sorted(cluster)):
                offsets[position] = (rank - (len(cluster) - 1) / 2) * DODGE_STEP
    return offsets


def _campaign_styles(campaigns: list[str]) -> dict[str, dict]:
    """First campaign hollow, last one dark and filled, the ones between grey: no colour needed."""
    styles = {}
    for position, campaign in enumerate(campaigns):
        last = position == len(campaigns) - 1
        styles[campaign] = {
            "marker": _MARKERS[position % len(_MARKERS)], "markersize": 7 if last else 6,
            "markerfacecolor": charts.HIGHLIGHT if last else
            ("white" if position == 0 else charts.NEUTRAL),
            "markeredgecolor": charts.HIGHLIGHT if last else charts.TREND_COLOUR,
            "markeredgewidth": 1.1,
        }
    return styles


def _row_label(row: dict, context: charts.ChartContext) -> str:
    """"+1,5 điểm (95/100 → 98/100)", a count over only some of its campaign's phases
    marked `PARTIAL_MARK`."""
    first, last = (counts_text(entry["attended"], entry["expected"], context.lang, partial)
                   for entry, partial in zip((row["first"], row["last"]),
                                             row.get("partial", (False, False)), strict=True))
    return f"{points_text(row['change'], context.lang)} ({first} → {last})"


def _text_in(text: str, size: float, bold: bool = False) -> float:
    """Width in inches of a line of text in the house font."""
    return charts._text_width(text, size, "bold" if bold else "normal")


def _wrap_lines(text: str, size: float, width_in: float, bold: bool = False) -> list[str]:
    """The charts' wrapping: a place ("Hà Nội") or a number never left alone on the last
    line (the ward chart's subtitle ended on "Nội")."""
    return charts._wrap(text, size, width_in, "bold" if bold else "normal").split("\n")


def campaign_targets(campaigns: Sequence[CampaignData]) -> dict[str, float]:
    """Each campaign's own target, by id: a campaign is judged against its own."""
    return {campaign.id: campaign.target for campaign in campaigns}


def phases_owed(campaigns: Sequence[CampaignData]) -> dict[str, int]:
    """Each campaign's number of phases, by id: what its figures are counted out of."""
    return {campaign.id: len(campaign.phases) for campaign in campaigns}


def build_charts(table: pd.DataFrame, campaigns: Sequence[CampaignData]) -> dict[str, Figure]:
    """The campaign comparison (charts.campaign_trend, wards pooled) and the ward chart."""
    figures: dict[str, Figure] = {}
    if not campaigns:
        return figures
    lang = trends_lang(campaigns)  # both charts in one language, that of the summary
    context = chart_context(campaigns, lang=lang)
    # Every campaign's, so that the charts and the summary name each one alike.
    labels = campaign_labels({campaign.id: campaign.start for campaign in campaigns}, lang)
    wards = table[table["kind"] == "ward"]
    if wards["campaign"].nunique() > 1:
        groups, groups_note = {}, ""
        if maps_apart(wards):
            # Old and 2025 wards: two series, not one line, with the terminal's sentence.
            chart_words = _CHART_WORDS[lang]
            groups = {campaign: chart_words[boundaries] for campaign, boundaries
                      in zip(wards["campaign"], wards["boundaries"], strict=True)}
            groups_note = _SUMMARY_WORDS[lang]["across_maps"] + "."
        figures["campaign_trend"] = charts.campaign_trend(
            wards, context, campaign_targets(campaigns), phases_owed(campaigns), labels,
            groups, groups_note, partial_counts(table, campaigns))
    series = ward_series(table)
    counted = series.groupby(["ward", "boundaries"])["campaign"].transform("nunique")
    drawn = set(series.loc[counted >= 2, "campaign"])
    if drawn:
        # Place and target of the campaigns the ward chart shows, not of one it leaves out.
        shown = [campaign for campaign in campaigns if campaign.id in drawn]
        figures["ward_trend"] = ward_trend(table, chart_context(shown, lang=lang),
                                           partial_counts(table, campaigns),
                                           phases_owed(campaigns), labels,
                                           merged_wards(campaigns))
    return figures


# --- the command ---------------------------------------------------------------------------


@dataclass
class TrendsRun:
    table: pd.DataFrame
    campaigns: list[CampaignData]
    csv_path: Path
    figures: list[Path]
    skipped: list[Path]
    lineage: Lineage
    on_successors: bool
    excluded: tuple[str, ...] = ()

    @property
    def lang(self) -> str:
        return trends_lang(self.campaigns)

    def successor_sources(self) -> list[str]:
        """Where the old wards' successors came from: "declared" (campaign.toml's [[units]]
        successor, which wins) and/or "lineage" (the lineage file); named so that a lineage
        file that played no part is not credited."""
        used = set()
        for campaign, speaks, wards in _old_campaigns(self.campaigns, self.lineage):
            for ward in wards:
                if find_name(ward, campaign.successors) is not None:
                    used.add("declared")
                elif speaks and self.lineage.successor(ward) is not None:
                    used.add("lineage")
        return [source for source in ("declared", "lineage") if source in used]

    def summary(self) -> str:
        """What the terminal says, in the language of the campaigns compared (`trends_lang`)."""
        lang = self.lang
        words = _SUMMARY_WORDS[lang]
        lines = [words["heading"].format(count=len(self.campaigns))]
        if self.excluded:
            lines.append("  " + words["excluded"].format(names=", ".join(self.excluded)))
        overview = campaign_overview(self.table).set_index("campaign")
        labels = campaign_labels({campaign.id: campaign.start for campaign in self.campaigns},
                                 lang)
        for campaign in self.campaigns:
            if campaign.id in overview.index:
                row = overview.loc[campaign.id]
                figures = words["figures"].format(
                    phases=row["phases"], total=len(campaign.phases),
                    units=format_count(row["units"], lang),
                    rate=format_percent(row["rate"], lang, target=campaign.target),
                    counts=counts_text(row["attended"], row["expected"], lang))
            else:
                figures = words["no_wards"]
            # The charts' name first, then the id and start that find its folder.
            # A campaign still coming in is no finished one's equal (QA round 84 #5: "2/2
            # giai đoạn, 95,0%" with 1 of 5 wards reported in phase 2).
            phase_labels = dict(campaign.phases)
            owed = [words["not_reported"].format(phase=phase_labels.get(phase, phase),
                                                 count=len(wards))
                    for phase, wards in campaign.not_reported.items() if wards]
            if owed:
                figures += "; " + words["still_owed"] + ", ".join(owed)
            # Nor is one whose ward's report was refused whole (QA round 99 #3: said
            # nowhere, the ward "in one campaign only" under the chart).
            refused = [words["not_reported"].format(phase=phase_labels.get(phase, phase),
                                                    count=len(wards))
                       for phase, wards in campaign.not_counted.items() if wards]
            if refused:
                figures += "; " + words["not_counted"] + ", ".join(refused)
            # Nor is a figure pooling a ward counted in part (a class held out, rows refused),
            # which the charts mark † (QA round 91 #4: said nowhere in the terminal).
            in_part = sorted({ward for _, ward in campaign.counted_in_part}, key=fold)
            if in_part:
                figures += "; " + words["in_part"].format(mark=PARTIAL_MARK,
                                                          names=", ".join(in_part))
            # The run's headline pools committees with the wards, trends the wards alone:
            # said, so that the two figures of one campaign are not taken to disagree (QA
            # round 97 #6: 95,4% here, 95,8% in the run, and nothing said why).
            others = self.table[(self.table["campaign"] == campaign.id)
                                & (self.table["kind"] == "committee")]["ward"].unique()
            if len(others):
                figures += "; " + words["without"].format(count=len(others))
            label = labels[campaign.id]
            known = f"{campaign.id}, {campaign.start}" if label != campaign.id \
                else str(campaign.start)
            lines.append(f"  {label} ({known}): {figures}")
        merged = merged_wards(self.campaigns, self.lineage)
        if merged:
            lines.append("  " + merged_text(merged, labels, lang))
        if self.on_successors and not self.table["boundaries"].eq(NEW_MAP).any():
            lines.append("  " + words["nothing_after"])
        elif self.on_successors:
            approximate = self.table.loc[self.table["approximate"], "ward"].nunique()
            sources = [words[source].format(source=self.lineage.source)
                       for source in self.successor_sources()]
            lines.append("  " + words["successors"].format(
                sources=words["and"].join(sources) or words["no_old_wards"])
                + (words["approximate"].format(count=approximate) if approximate else ""))
        if maps_apart(self.table, self.on_successors):
            # Campaigns on both sides of the 2025 reorganisation: their wards are not compared
            # one with another, which the charts alone left unsaid (QA round 60 #5).
            lines.append(f"  {words['across_maps']}. {words['across_maps_how']}")
        for folder in self.skipped:
            lines.append("  " + words["skipped"].format(folder=folder))
        lines.append(words["table"].format(path=self.csv_path))
        if self.figures:
            lines.append(words["charts"].format(path=self.figures[0].parent))
        else:
            lines.append(words["no_charts"])
        text = "\n".join(lines)
        return in_place_words(text, *(campaign.place for campaign in self.campaigns)) \
            if lang == "vi" else text


# What `python -m analysis trends` prints, in the language of the campaigns it compares.
_SUMMARY_WORDS = {
    "vi": {
        "heading": "Xu hướng qua {count} đợt, theo thứ tự ngày bắt đầu:",
        "figures": "{phases}/{total} giai đoạn, {units} phường, {rate} ({counts})",
        "no_wards": "không có phường nào",
        "successors": "Tính trên các phường từ 2025 (phường kế thừa theo {sources})",
        "approximate": "; {count} phường gần đúng (≈, phường cũ bị chia tách được tính cả vào "
                       "một phường)",
        "still_owed": "chưa báo cáo: ",
        "not_counted": "có báo cáo nhưng chưa tính (bị loại, hoặc gửi trùng khác số): ",
        "in_part": "tính một phần ({mark}): {names}",
        "without": "không gồm {count} đảng bộ khác (tỷ lệ khi chạy đợt có gộp)",
        "not_reported": "{phase} còn {count} phường",
        "excluded": "Bỏ qua theo --exclude: {names}",
        "declared": "campaign.toml của đợt", "lineage": "tệp kế thừa {source}", "and": " và ",
        "no_old_wards": "không có phường cũ nào",
        "nothing_after": "--on-successors không đổi gì: không có đợt nào từ 7/2025, và tệp kế "
                         "thừa không nói về các phường này; các phường giữ như từng đợt ghi",
        "skipped": "Bỏ qua {folder}: không có manifest.json (không phải đợt đã xử lý)",
        "table": "Bảng: {path}",
        "charts": "Biểu đồ: {path}",
        "no_charts": "Biểu đồ: không có (cần ít nhất hai đợt mới có xu hướng)",
        # The first sentence is also the campaign chart's footnote.
        "across_maps": "Các đợt trước và từ 7/2025 tính trên hai bộ phường khác nhau: phường cũ "
                       "và phường mới không so trực tiếp (mỗi bộ chỉ so khi có từ hai đợt)",
        "across_maps_how": "Để so từng phường mới với các phường cũ gộp vào nó, chạy lại với "
                           "--on-successors (phường kế thừa lấy từ `successor` trong "
                           "campaign.toml của đợt cũ, hoặc từ tệp kế thừa)",
    },
    "en": {
        "heading": "Trends over {count} campaign(s), in order of start:",
        "figures": "{phases} of {total} phases, {units} wards, {rate} ({counts})",
        "no_wards": "no wards",
        "successors": "On the 2025 wards (successors from {sources})",
        "approximate": "; {count} ward(s) approximate (≈, a split ward counted whole)",
        "still_owed": "not reported: ",
        "not_counted": "received, not counted (rejected, or sent twice with other figures): ",
        "in_part": "counted in part ({mark}): {names}",
        "without": "not counting {count} other committee(s) (the campaign's own headline "
                   "pools them)",
        "not_reported": "{phase}, {count} ward(s)",
        "excluded": "Left out by --exclude: {names}",
        "declared": "the campaigns' campaign.toml", "lineage": "lineage {source}",
        "and": " and ", "no_old_wards": "no old wards",
        "nothing_after": "--on-successors changed nothing: no campaign is from 7/2025 on, and "
                         "the lineage does not speak of these wards; they stay as each "
                         "campaign recorded them",
        "skipped": "Skipped {folder}: no manifest.json (not a processed campaign)",
        "table": "Table: {path}",
        "charts": "Charts: {path}",
        "no_charts": "Charts: none (a trend needs two campaigns)",
        "across_maps": "The campaigns before and from 7/2025 count two different sets of wards: "
                       "old and new wards are not compared directly (each set only with two "
                       "campaigns or more)",
        "across_maps_how": "To compare each new ward with the old wards summed into it, run "
                           "again with --on-successors (successors from `successor` in the "
                           "older campaign.toml, or from the lineage file)",
    },
}


def run_trends(processed_dir: Path | str = "data/processed", *, on_successors: bool = False,
               lineage_path: Path | str | None = None, exclude: Sequence[str] = ()
               ) -> TrendsRun:
    """`python -m analysis trends`: the table and the charts, written under processed_dir.

    `exclude`: campaigns left out, by id or folder name (a trial run, a campaign half-way
    through), without moving their folders (QA round 84 #5)."""
    processed_dir = Path(processed_dir)
    lineage = load_lineage(lineage_path)
    folders, skipped = processed_folders(processed_dir)
    if not folders:
        raise TrendsError(f"Không có đợt nào đã xử lý trong {processed_dir}: hãy chạy "
                          "`python -m analysis run data/raw/<campaign>` trước",
                          f"no processed campaign in {processed_dir}: run "
                          "`python -m analysis run data/raw/<campaign>` first")
    campaigns = collect(processed_dir)
    def named(campaign: CampaignData, names: Collection[str]) -> bool:
        return campaign.id in names or Path(campaign.origin).name in names

    unknown = [name for name in exclude if not any(named(campaign, (name,))
                                                   for campaign in campaigns)]
    if unknown:
        known = ", ".join(campaign.id for campaign in campaigns)
        raise TrendsError(f"--exclude: không có đợt {', '.join(unknown)} trong {processed_dir} "
                          f"(các đợt có: {known})",
                          f"--exclude: no campaign {', '.join(unknown)} in {processed_dir} "
                          f"(there are: {known})")
    campaigns = [campaign for campaign in campaigns if not named(campaign, exclude)]
    if not campaigns:
        raise TrendsError("--exclude bỏ hết các đợt: không còn gì để so",
                          "--exclude leaves no campaign to compare")
    table = trend_table(campaigns, on_successors=on_successors, lineage=lineage)
    csv_path = processed_dir / TRENDS_CSV
    write_csv(table, csv_path)
    figures = build_charts(table, campaigns)
    written: list[Path] = []
    final = processed_dir / FIGURES_DIR
    with staged_directory(final) as staging:
        for stem, figure in figures.items():
            written.extend(charts.save_figure(figure, staging, stem))
    written = [final / path.name for path in written]
    return TrendsRun(table, campaigns, csv_path, written, skipped, lineage, on_successors,
                     tuple(exclude))

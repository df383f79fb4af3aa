"""campaign.toml: what a campaign is, its phases, which files belong to which phase, its units."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import difflib
import fnmatch
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from analysis.errors import BilingualError
from analysis.text import fold
from analysis.units import KINDS, Unit, core_name, default_units, make_resolver

CONFIG_NAME = "campaign.toml"
DEFAULT_TARGET = 0.95


class CampaignError(BilingualError):
    """A fatal problem with the campaign folder, in one sentence saying what and where, in
    Vietnamese then English: campaign.toml cannot say its language before it is read."""


def glob_matches(glob: str, relative_path: str) -> bool:
    """Whether a [[sources]] glob matches a file's path in the campaign folder
    (`Campaign.rule_for`)."""
    path, pattern = _name_key(relative_path), _name_key(glob)
    return fnmatch.fnmatchcase(path, pattern) \
        or fnmatch.fnmatchcase(path, re.sub(r"([\[\]])", r"[\1]", pattern))


def _name_key(text: str) -> str:
    """A path or glob as a file system that ignores case and accent encoding compares it."""
    return unicodedata.normalize("NFC", text).casefold()


# A session's day as its name gives it, day first: "12/9", "12/9/2024", "12.9", "12-9-2024".
_SESSION_DAY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\d/.-])")


@dataclass(frozen=True)
class Phase:
    id: str
    label: str
    start: dt.date | None = None
    end: dt.date | None = None
    deadline: dt.date | None = None  # reports dated after it are late


@dataclass(frozen=True)
class QualitySettings:
    """Thresholds of the data-quality rules ([quality] in campaign.toml), see analysis.quality."""

    membership_change: float = 0.05  # a unit's expected count moving more than 5% between phases
    outlier_z: float = 3.5  # |modified z-score| of a unit's rate among its peers above this
    full_attendance_min_size: int = 50  # 100% attendance with at least this many expected


@dataclass(frozen=True)
class SourceRule:
    glob: str
    phase: str | None = None
    unit: str | None = None
    session: str | None = None


@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    raw_dir: Path
    phases: tuple[Phase, ...]
    target: float = DEFAULT_TARGET
    lang: str = "vi"
    place: str = ""
    sources: tuple[SourceRule, ...] = ()
    units: tuple[Unit, ...] = field(default_factory=default_units)
    units_from_config: bool = False
    quality: QualitySettings = field(default_factory=QualitySettings)

    def expected_units(self, phase: str) -> list[Unit]:
        """Units that must report in a phase: every unit, unless it lists its phases."""
        return [unit for unit in self.units if unit.phases is None or phase in unit.phases]

    @property
    def phase_ids(self) -> list[str]:
        return [phase.id for phase in self.phases]

    @property
    def phase_labels(self) -> dict[str, str]:
        return {phase.id: phase.label for phase in self.phases}

    @property
    def start(self) -> dt.date | None:
        starts = [phase.start for phase in self.phases if phase.start]
        return min(starts) if starts else None

    @property
    def end(self) -> dt.date | None:
        """The last day the campaign's phases cover: each phase's end, else its deadline,
        else its start (a phase 2 with no end still runs past phase 1's)."""
        ends = [phase.end or phase.deadline or phase.start for phase in self.phases]
        ends = [day for day in ends if day]
        return max(ends) if ends else None

    def phases_of_day(self, text: object, *, nearest: bool = False) -> list[str]:
        """The phases whose period (`start`..`end`, else its deadline) holds the day a
        session's name gives ("12/9", "12/9/2024", "Ngày 15/10"), in phase order; a day
        without its year in any year the periods span, or the next (a January session after
        a December phase). With `nearest`, a day in no period is the nearest phase's (a
        make-up session after the last phase, one in the gap between two: QA round 64 #4).
        None found for no day, or fewer than two periods."""
        periods = [(phase.id, phase.start, phase.end or phase.deadline)
                   for phase in self.phases if phase.start and (phase.end or phase.deadline)]
        dated = _SESSION_DAY.search(str(text)) if len(periods) > 1 else None
        if dated is None:
            return []
        day, month, year = dated.groups()
        spanned = {bound.year for _, start, end in periods for bound in (start, end)}
        years = [int(year)] if year else sorted(spanned | {max(spanned) + 1})

        def days_of(month: int) -> list[dt.date]:
            found = []
            for candidate in years:
                try:
                    found.append(dt.date(candidate, month, int(day)))
                except ValueError:
                    continue
            return found

        def within(days: list[dt.date]) -> list[str]:
            return [phase_id for phase_id, start, end in periods
                    if any(start <= found <= end for found in days)]

        def distance(days: list[dt.date], period: tuple) -> int:
            _, start, end = period
            return min((abs((bound - found).days) for found in days for bound in (start, end)),
                       default=10 ** 6)

        days = days_of(int(month))
        if found := within(days):
            return found
        closest = min(periods, key=lambda period: distance(days, period))
        # A day a month or less from a period is a late or early session of it; only then is
        # "15/1" tried as 15.10, the number Excel keeps for a typed "15.10" (QA round 64 #5,
        # round 66 #2: 15/1 five days after a phase ending 10/1 was read as October's).
        if distance(days, closest) > 31 and int(month) == 1 and (found := within(days_of(10))):
            return found
        return [closest[0]] if nearest and days else []

    def rule_for(self, relative_path: str) -> SourceRule | None:
        """The first [[sources]] rule whose glob matches; `*` also crosses folders.

        Names are matched as Windows and macOS match them: blind to case and to how the
        accents are encoded (a folder unzipped from a Mac holds "Tháng 10" in another Unicode
        form than the one typed); a folder named with brackets ("Dot [2]") matches its name
        as written too. Matched exactly, such files' rows were refused for want of a phase
        (QA round 36)."""
        return next((rule for rule in self.sources if glob_matches(rule.glob, relative_path)),
                    None)

    def phase_from_text(self, value: object) -> str | None:
        """'Giai đoạn 2', 'GĐ2', 'Phase 2', '2' or the phase's label -> phase id."""
        key = fold(value)
        if not key:
            return None
        for phase in self.phases:
            if key in (fold(phase.id), fold(phase.label)):
                return phase.id
        for prefix in ("giai doan", "gd", "phase", "dot"):
            if key.startswith(prefix):
                rest = key[len(prefix):].strip()
                numbers = {rest, _number_text(rest)}
                for phase in self.phases:
                    if fold(phase.id) in numbers:
                        return phase.id
        return None

    def phase_in_column(self, value: object) -> str | None:
        """A phase column's cell: what `phase_from_text` reads, and also a bare Roman figure
        ("II") or "Lần 2", which in a column of phases can mean nothing else."""
        found = self.phase_from_text(value)
        if found is not None:
            return found
        key = fold(value)
        key = key[len("lan"):].strip() if key.startswith("lan ") else key
        return self.phase_from_text(f"giai doan {key}") \
            if key in _ROMAN or key.isdigit() else None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}


def _number_text(text: str) -> str:
    """'II' (folded 'ii') -> '2', '02' -> '2': phases are often numbered in Roman figures."""
    if text in _ROMAN:
        return str(_ROMAN[text])
    return str(int(text)) if text.isdigit() else text


def load_campaign(raw_dir: Path | str) -> Campaign:
    raw_dir = Path(raw_dir)
    config_path = raw_dir / CONFIG_NAME
    if raw_dir.is_file():
        raise CampaignError(
            f"{raw_dir} là một tệp, không phải thư mục đợt: hãy chỉ thư mục chứa "
            f"{CONFIG_NAME} và các tệp báo cáo, ví dụ {raw_dir.parent}",
            f"{raw_dir} is a file, not a campaign folder: give the folder holding "
            f"{CONFIG_NAME} and the reports, e.g. {raw_dir.parent}")
    if not raw_dir.is_dir():
        raise CampaignError(f"Không có thư mục đợt {raw_dir}",
                            f"Campaign folder {raw_dir} does not exist")
    if not config_path.is_file():
        raise CampaignError(
            f"Không có {CONFIG_NAME} trong {raw_dir}: hãy tạo một tệp (xem README, 'Starting a "
            "new campaign')",
            f"No {CONFIG_NAME} in {raw_dir}: create one (see README, 'Starting a new campaign')",
        )
    try:
        config = tomllib.loads(_config_text(config_path))
    except tomllib.TOMLDecodeError as error:
        place = _LINE_COLUMN.search(str(error))
        where_vi = f" ở dòng {place[1]}, cột {place[2]}" if place else ""
        raise CampaignError(
            f"{config_path} sai cú pháp{where_vi}: hãy xem lại dòng đó (dấu ngoặc kép mở mà "
            "chưa đóng, thiếu dấu =, hay chữ viết ngoài ngoặc kép là lỗi thường gặp)",
            f"{config_path} is not valid TOML: {error}") from error
    return _campaign_from_config(config, raw_dir, config_path)


_LINE_COLUMN = re.compile(r"at line (\d+), column (\d+)")


def _config_text(config_path: Path) -> str:
    """campaign.toml as text: UTF-8, with or without the byte-order mark Notepad writes, or
    UTF-16 as Notepad's "Unicode" saves it; its accents in one form (NFC), whatever the
    editor wrote: the units' names go into every output (QA round 36: typed decomposed on a
    Mac, they were decomposed in the CSVs, no match for another campaign's)."""
    data = config_path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return unicodedata.normalize("NFC", data.decode("utf-16"))
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise CampaignError(
            f"{config_path} không lưu ở dạng UTF-8: hãy mở bằng Notepad, chọn Save As, "
            "Encoding: UTF-8, rồi lưu lại",
            f"{config_path} is not saved as UTF-8: open it in Notepad, Save As, Encoding: "
            f"UTF-8 ({error})") from error


# Every key campaign.toml may hold, per table: any other is a typo, and an error (a misspelt
# `deadline` silently ignored would make every late report look on time).
KNOWN_KEYS = {
    "": ("campaign", "phases", "sources", "units", "quality"),
    "[campaign]": ("id", "title", "target", "lang", "place"),
    "[[phases]]": ("id", "label", "start", "end", "deadline"),
    "[[sources]]": ("glob", "phase", "unit", "session"),
    "[[units]]": ("name", "kind", "aliases", "successor", "phases"),
}


def _target(value: object, where: str) -> float:
    """0.95, or "95%" as people also write it; anything else is named in the error."""
    text = str(value).strip().replace(",", ".")
    try:
        if isinstance(value, str) and text.endswith("%"):
            return float(text[:-1]) / 100
        if isinstance(value, bool):
            raise ValueError
        return float(value)
    except (TypeError, ValueError):
        raise CampaignError(f"{where}: target phải là một tỷ lệ như 0.95 (hoặc \"95%\"), "
                            f"không phải {value!r}",
                            f"{where}: target must be a fraction such as 0.95 (or \"95%\"), "
                            f"got {value!r}") from None


def _check_keys(entry: object, table: str, where: Path) -> None:
    if not isinstance(entry, dict):
        raise CampaignError(f"{where}: {table or 'tệp'} phải là một bảng thiết lập",
                            f"{where}: {table or 'the file'} must be a table of settings")
    known = KNOWN_KEYS[table]
    for key in entry:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint_vi = f" Có phải ý bạn là '{close[0]}'?" if close else ""
            hint = f" Did you mean '{close[0]}'?" if close else ""
            place_vi = f"{table} không có thiết lập" if table else "không có bảng"
            place = f"{table} has no setting" if table else "there is no table"
            line = _line_of(where, rf"\[*{re.escape(key)}\]*\s*=?" if not table
                            else rf"{re.escape(key)}\s*=")
            raise CampaignError(f"{where}{_line_vi(line)}: {place_vi} '{key}'.{hint_vi} Các "
                                f"thiết lập hợp lệ: {', '.join(known)}",
                                f"{where}{_line_en(line)}: {place} '{key}'.{hint} The settings "
                                f"are {', '.join(known)}")


def _line_of(where: Path, start: str, nth: int = 1) -> int | None:
    """The line (1-based) of campaign.toml where the `nth` line starting with the pattern
    `start` is, for an error to point at (QA round 63 #2: only TOML's own errors did)."""
    try:
        lines = where.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found = [number for number, text in enumerate(lines, start=1)
             if re.match(rf"\s*{start}", text)]
    return found[nth - 1] if len(found) >= nth else None


def _line_vi(line: int | None) -> str:
    return f", dòng {line}" if line else ""


def _line_en(line: int | None) -> str:
    return f", line {line}" if line else ""


def _campaign_from_config(config: dict, raw_dir: Path, where: Path) -> Campaign:
    _check_keys(config, "", where)
    section = config.get("campaign")
    if not isinstance(section, dict) or not section.get("id"):
        raise CampaignError(f"{where} cần có bảng [campaign] với id",
                            f"{where} needs a [campaign] table with an id")
    _check_keys(section, "[campaign]", where)
    for table in ("phases", "sources", "units"):
        entries = config.get(table, [])
        if not isinstance(entries, list):
            raise CampaignError(f"{where}: hãy viết [[{table}]] (một danh sách bảng), không "
                                f"phải [{table}]",
                                f"{where}: write [[{table}]] (a list of tables), not [{table}]")
        for entry in entries:
            _check_keys(entry, f"[[{table}]]", where)
    target = _target(section.get("target", DEFAULT_TARGET), where)
    if not 0 < target <= 1:
        # 95 for 95%: the fix said (QA round 40).
        hint = (50 <= target <= 100) and f"{target / 100:g}"
        raise CampaignError(f"{where}: target phải là một tỷ lệ trong khoảng 0 đến 1, không "
                            f"phải {target:g}"
                            + (f": hãy viết target = {hint} (hoặc \"{target:g}%\")" if hint
                               else ""),
                            f"{where}: target must be a fraction between 0 and 1, got {target:g}"
                            + (f": write target = {hint} (or \"{target:g}%\")" if hint else ""))
    lang = section.get("lang", "vi")
    if lang not in ("vi", "en"):
        raise CampaignError(f"{where}: lang phải là 'vi' hoặc 'en', không phải '{lang}'",
                            f"{where}: lang must be 'vi' or 'en', got '{lang}'")

    phases = tuple(_phase(entry, where, lang) for entry in config.get("phases", []))
    if not phases:
        raise CampaignError(f"{where} không có [[phases]] nào; hãy thêm ít nhất một giai đoạn "
                            "có id và label",
                            f"{where} lists no [[phases]]; add at least one with an id and label")
    phase_ids = [phase.id for phase in phases]
    if len(set(phase_ids)) != len(phase_ids):
        raise CampaignError(f"{where}: id của các [[phases]] phải khác nhau, đang là {phase_ids}",
                            f"{where}: phase ids must be unique, got {phase_ids}")

    sources = []
    for entry in config.get("sources", []):
        if "glob" not in entry:
            raise CampaignError(f"{where}: mỗi mục [[sources]] phải có glob",
                                f"{where}: every [[sources]] entry needs a glob")
        phase = str(entry["phase"]) if "phase" in entry else None
        if phase is not None and phase not in phase_ids:
            raise CampaignError(
                f"{where}: [[sources]] glob '{entry['glob']}' ghi giai đoạn '{phase}', không "
                f"có trong [[phases]] ({', '.join(phase_ids)})",
                f"{where}: [[sources]] glob '{entry['glob']}' names phase '{phase}', "
                f"which is not one of the [[phases]] ({', '.join(phase_ids)})",
            )
        sources.append(
            SourceRule(
                # "thang9\\*" as Windows writes paths: the files' paths here use "/".
                glob=str(PurePosixPath(str(entry["glob"]).replace("\\", "/"))),
                phase=phase,
                unit=entry.get("unit"),
                session=entry.get("session"),
            )
        )

    units = tuple(_unit(entry, where, phase_ids) for entry in config.get("units", []))
    _check_aliases(units, where)
    _check_source_units(sources, units or default_units(), where)
    return Campaign(
        id=str(section["id"]),
        title=str(section.get("title", section["id"])),
        raw_dir=raw_dir,
        phases=phases,
        target=target,
        lang=lang,
        place=str(section.get("place", "")),
        sources=tuple(sources),
        units=units or default_units(),
        units_from_config=bool(units),
        quality=_quality(config.get("quality", {}), where),
    )


def _phase(entry: dict, where: Path, lang: str) -> Phase:
    if "id" not in entry:
        raise CampaignError(f"{where}: mỗi mục [[phases]] phải có id",
                            f"{where}: every [[phases]] entry needs an id")
    phase_id = str(entry["id"])
    # Without a label a phase is still "Giai đoạn 2" in the headline and on the charts.
    default_label = f"{'Giai đoạn' if lang == 'vi' else 'Phase'} {phase_id}"
    phase = Phase(
        id=phase_id,
        label=str(entry.get("label", default_label)),
        start=_date(entry.get("start"), where, phase_id, "start"),
        end=_date(entry.get("end"), where, phase_id, "end"),
        deadline=_date(entry.get("deadline"), where, phase_id, "deadline"),
    )
    for name, day, name_vi in (("end", phase.end, "ngày kết thúc (end)"),
                               ("deadline", phase.deadline, "hạn nộp (deadline)")):
        if day and phase.start and day < phase.start:
            raise CampaignError(
                f"{where}: giai đoạn '{phase_id}' có {name_vi} {day:%d/%m/%Y} trước ngày bắt "
                f"đầu {phase.start:%d/%m/%Y}; hãy sửa một trong hai ngày",
                f"{where}: phase '{phase_id}' has {name} {day.isoformat()} before its start "
                f"{phase.start.isoformat()}; correct one of them")
    return phase


def _quality(section: object, where: Path) -> QualitySettings:
    """[quality] thresholds; an unknown key is an error, not a silently ignored typo."""
    defaults = QualitySettings()
    if not isinstance(section, dict):
        raise CampaignError(f"{where}: [quality] phải là một bảng các ngưỡng",
                            f"{where}: [quality] must be a table of thresholds")
    known = {name: getattr(defaults, name) for name in QualitySettings.__dataclass_fields__}
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise CampaignError(f"{where}: [quality] không có thiết lập {', '.join(unknown)}; "
                            f"các thiết lập hợp lệ: {', '.join(known)}",
                            f"{where}: [quality] has no setting {', '.join(unknown)}; "
                            f"the settings are {', '.join(known)}")
    values = {}
    for name, value in section.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CampaignError(f"{where}: [quality] {name} phải là một số, không phải '{value}'",
                                f"{where}: [quality] {name} must be a number, got '{value}'")
        values[name] = value
    settings = QualitySettings(**{**known, **values})
    if not 0 < settings.membership_change <= 1:
        raise CampaignError(f"{where}: [quality] membership_change phải là một tỷ lệ trong "
                            f"khoảng 0 đến 1 (0.05 = 5%), không phải {settings.membership_change}",
                            f"{where}: [quality] membership_change must be a fraction between 0 "
                            f"and 1 (0.05 = 5%), got {settings.membership_change}")
    if settings.outlier_z <= 0:
        raise CampaignError(f"{where}: [quality] outlier_z phải lớn hơn 0 (thường là 3.5), "
                            f"không phải {settings.outlier_z}",
                            f"{where}: [quality] outlier_z must be above 0 (3.5 is usual), got "
                            f"{settings.outlier_z}")
    if settings.full_attendance_min_size != int(settings.full_attendance_min_size) \
            or settings.full_attendance_min_size < 1:
        raise CampaignError(f"{where}: [quality] full_attendance_min_size phải là một số "
                            f"nguyên đảng viên (từ 1 trở lên), không phải "
                            f"{settings.full_attendance_min_size}",
                            f"{where}: [quality] full_attendance_min_size must be a whole number "
                            f"of members (1 or more), got {settings.full_attendance_min_size}")
    return dataclasses.replace(settings, membership_change=float(settings.membership_change),
                               outlier_z=float(settings.outlier_z),
                               full_attendance_min_size=int(settings.full_attendance_min_size))


def _check_source_units(sources: list[SourceRule], units: tuple[Unit, ...],
                        where: Path) -> None:
    """A [[sources]] rule's unit is one of the units, in any spelling they are read in: a
    misspelt one refused every row of its files, and the ward was asked for a report it
    had sent (QA round 34)."""
    resolver = make_resolver(units)
    for rule in sources:
        if rule.unit is None or resolver.resolve(rule.unit)[0] is not None:
            continue
        close = difflib.get_close_matches(str(rule.unit), [unit.name for unit in units], n=1)
        hint_vi, hint_en = (f"; gần nhất: {close[0]}", f"; closest: {close[0]}") if close \
            else ("", "")
        raise CampaignError(
            f"{where}: [[sources]] glob '{rule.glob}' ghi đơn vị '{rule.unit}', không có trong "
            f"[[units]]{hint_vi}",
            f"{where}: [[sources]] glob '{rule.glob}' names unit '{rule.unit}', which is not "
            f"one of the [[units]]{hint_en}")


def _unit(entry: dict, where: Path, phase_ids: list[str]) -> Unit:
    if "name" not in entry:
        raise CampaignError(f"{where}: mỗi mục [[units]] phải có name",
                            f"{where}: every [[units]] entry needs a name")
    kind = entry.get("kind", "ward")
    if kind not in KINDS:
        raise CampaignError(
            f"{where}: đơn vị '{entry['name']}' có kind '{kind}'; hãy dùng một trong "
            f"{', '.join(KINDS)}",
            f"{where}: unit '{entry['name']}' has kind '{kind}'; use one of {', '.join(KINDS)}",
        )
    phases = entry.get("phases")
    if phases is not None:
        if not isinstance(phases, list) or not phases:
            raise CampaignError(f"{where}: đơn vị '{entry['name']}' có phases = {phases!r}; "
                                "hãy ghi một danh sách id giai đoạn, ví dụ phases = [\"2\"]",
                                f"{where}: unit '{entry['name']}' has phases = {phases!r}; give "
                                "a list of phase ids, e.g. phases = [\"2\"]")
        phases = tuple(str(phase) for phase in phases)
        unknown = [phase for phase in phases if phase not in phase_ids]
        if unknown:
            raise CampaignError(
                f"{where}: đơn vị '{entry['name']}' ghi giai đoạn '{unknown[0]}', không có "
                f"trong [[phases]] ({', '.join(phase_ids)})",
                f"{where}: unit '{entry['name']}' names phase '{unknown[0]}', which is not one "
                f"of the [[phases]] ({', '.join(phase_ids)})",
            )
    aliases = entry.get("aliases", [])
    if isinstance(aliases, str):
        # aliases = "VH": one other spelling, written without the brackets of a list. Taken
        # letter by letter it made "V" and "H" aliases: a row "H" was counted as the unit
        # and "VH" refused (QA round 40).
        aliases = [aliases]
    elif not isinstance(aliases, list):
        raise CampaignError(
            f"{where}: đơn vị '{entry['name']}' có aliases = {aliases!r}; hãy ghi một danh "
            "sách các cách viết khác, ví dụ aliases = [\"VH\", \"P. Việt Hưng\"]",
            f"{where}: unit '{entry['name']}' has aliases = {aliases!r}; give a list of its "
            "other spellings, e.g. aliases = [\"VH\", \"P. Việt Hưng\"]")
    return Unit(
        name=str(entry["name"]),
        kind=kind,
        aliases=tuple(str(alias) for alias in aliases),
        successor=entry.get("successor"),
        phases=phases,
    )


def _check_aliases(units: tuple[Unit, ...], where: Path) -> None:
    """An alias that spells another unit's name would make both names ambiguous: every row
    of that unit refused, the unit then listed as not reporting. So would a unit listed
    twice ("Bồ Đề" and "Phường Bồ Đề"), whose second entry's kind was the one used (QA
    round 34: Bồ Đề counted as a committee)."""
    entries: dict[str, Unit] = {}
    for unit in units:
        first = entries.setdefault(core_name(fold(unit.name)), unit)
        if first is not unit:
            # The second entry's line: the second "name = ..." of either spelling.
            names = [number for number in (
                _line_of(where, rf"name\s*=\s*[\"']{re.escape(spelling)}[\"']", nth)
                for spelling in dict.fromkeys((first.name, unit.name)) for nth in (1, 2))
                if number]
            line = sorted(names)[1] if len(names) > 1 else None
            raise CampaignError(
                f"{where}{_line_vi(line)}: đơn vị '{first.name}' có hai mục [[units]] "
                f"('{first.name}', '{unit.name}'): hãy giữ một mục, ghi các cách viết khác vào "
                "aliases",
                f"{where}{_line_en(line)}: unit '{first.name}' has two [[units]] entries "
                f"('{first.name}', '{unit.name}'): keep one, with the other spellings in its "
                "aliases")
    owners = {}
    for unit in units:
        for key in {fold(unit.name), core_name(fold(unit.name))}:
            owners.setdefault(key, unit.name)
    for unit in units:
        for alias in unit.aliases:
            for key in (fold(alias), core_name(fold(alias))):
                other = owners.get(key)
                if other is not None and other != unit.name:
                    raise CampaignError(
                        f"{where}: bí danh '{alias}' của đơn vị '{unit.name}' trùng với tên "
                        f"đơn vị '{other}': hãy bỏ bí danh đó",
                        f"{where}: the alias '{alias}' of unit '{unit.name}' is unit "
                        f"'{other}''s name: remove that alias")


def _date(value: object, where: Path, phase_id: str, setting: str) -> dt.date | None:
    """A phase's date, written as TOML or ISO text. A date written the Vietnamese way
    ("25/11/2026") is refused, naming the phase and the setting, with its ISO form (QA
    round 40: the message named neither)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        text = str(value)
        day = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", text)
        # "2026-3-2": the ISO order with figures unpadded (QA round 63 #3: no hint given).
        iso_order = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
        parts = (day[3], day[2], day[1]) if day else \
            (iso_order[1], iso_order[2], iso_order[3]) if iso_order else None
        try:
            iso = dt.date(*map(int, parts)).isoformat() if parts else None
        except ValueError:
            # "2026-02-30": the day does not exist (QA round 63 #3: "not an ISO date").
            raise CampaignError(
                f"{where}: giai đoạn '{phase_id}', {setting} = '{value}': không có ngày này "
                "trong lịch; hãy sửa ngày",
                f"{where}: phase '{phase_id}', {setting} = '{value}': no such day in the "
                "calendar; correct the date") from error
        hint_vi = f": hãy viết {setting} = \"{iso}\"" if iso else ""
        hint_en = f": write {setting} = \"{iso}\"" if iso else ""
        raise CampaignError(
            f"{where}: giai đoạn '{phase_id}', {setting} = '{value}' không phải ngày dạng ISO "
            f"(YYYY-MM-DD){hint_vi}",
            f"{where}: phase '{phase_id}', {setting} = '{value}' is not an ISO date "
            f"(YYYY-MM-DD){hint_en}") from error

"""Write analysis/data/lineage_long_bien_2025.csv (+ .json) from the vietnamadminunits package.

Why a script: the package (PyPI, MIT) is the maintained source of Hà Nội's 2025 ward
reorganisation, but it pulls in shapely and geopy and is only needed once per data update,
so the suite ships the file this script writes and never imports the package at run time.

What it asks the package, for each of Long Biên's 14 wards of 2015 (analysis.units):
  * `parse_address(..., ParseMode.LEGACY)`: is the ward a ward of its own in its pre-2025
    data (its code), or only another name of some other ward?
  * `convert_address(...)` without a street: the new unit the package names for the whole
    old ward (its "default new ward");
  * its converter tables (`DICT_PROVINCE_WARD_NO_DIVIDED` / `_DIVIDED`): whether the old ward
    went whole into one new unit ("merged", or "renamed" / "unchanged" when it is that unit's
    only part) or was split across several ("split", with the other units in `also_to`).

A split ward's members are counted in the one successor the file names: the series is
approximate (`approximate = true`). Whatever the package does not answer is written as
`source = "manual: <why>"`: today that is Sài Đồng, which the package's pre-2025 data only
knows as another name of phường Phúc Lợi.

Run (the package is not a dependency of the suite; install it into the venv for this only):
    .venv/bin/pip install vietnamadminunits==1.0.4
    .venv/bin/python scripts/make_lineage.py
The output is deterministic: re-running with the same package version rewrites the same bytes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.units import LONG_BIEN_WARDS_2015  # noqa: E402

PACKAGE = "vietnamadminunits"
OUT_CSV = ROOT / "analysis" / "data" / "lineage_long_bien_2025.csv"
OUT_JSON = OUT_CSV.with_suffix(".json")
OLD_DISTRICT = "Long Biên"
PROVINCE = "Thành phố Hà Nội"
EFFECTIVE = "2025-07-01"
COLUMNS = ("old_ward", "old_district", "old_code", "new_ward", "new_code", "relation",
           "approximate", "also_to", "source")


def _quiet(function, *args, **kwargs):
    """The package prints while it parses; keep this script's output to what it found."""
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


def _key(text: str) -> str:
    from unidecode import unidecode  # a dependency of vietnamadminunits

    return "".join(ch for ch in unidecode(text).lower() if ch.isalnum())


def main() -> None:
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        sys.exit(f"{PACKAGE} is not installed: .venv/bin/pip install {PACKAGE} (see this "
                 "script's docstring); it is not a dependency of the suite.")
    from vietnamadminunits import ParseMode, convert_address, parse_address
    from vietnamadminunits.converter import converter_2025 as converter
    from vietnamadminunits.database import query

    source = f"{PACKAGE} {version}"
    province_key = "thanhphohanoi"
    whole = converter.DICT_PROVINCE_WARD_NO_DIVIDED[province_key]  # new key -> old keys
    divided = converter.DICT_PROVINCE_WARD_DIVIDED[province_key]  # old key -> new parts
    new_units = {
        row["wardKey"]: row for row in query(
            "SELECT ward, wardShort, wardType, wardCode, wardKey FROM admin_units "
            f"WHERE provinceKey = '{province_key}'")
    }

    def parts_of(new_key: str) -> int:
        """How many old wards (whole or in part) make up a new unit."""
        count = len(whole.get(new_key, []))
        count += sum(any(part["newWardKey"] == new_key for part in parts)
                     for parts in divided.values())
        return count

    rows, used_new = [], set()
    for ward in LONG_BIEN_WARDS_2015:
        address = f"Phường {ward}, Quận {OLD_DISTRICT}, {PROVINCE}"
        old = _quiet(parse_address, address, mode=ParseMode.LEGACY, level=3)
        new = _quiet(convert_address, address)
        own_ward = old.short_ward is not None and _key(old.short_ward) == _key(ward)
        old_key = f"{province_key}_quan{_key(OLD_DISTRICT)}_{old.ward_key}"
        parts = divided.get(old_key)
        if parts:
            relation = "split"
            others = sorted({part["newWardKey"] for part in parts} - {new.ward_key})
        else:
            others = []
            in_whole = any(old_key in olds for olds in whole.values())
            if not in_whole:
                sys.exit(f"{source} has no lineage for {address}; update this script.")
            alone = parts_of(new.ward_key) == 1
            if not alone:
                relation = "merged"
            else:
                relation = "unchanged" if _key(new.short_ward) == _key(ward) else "renamed"
        used_new.update([new.ward_key, *others])
        also_to = "; ".join(new_units[key]["ward"] for key in others)
        if own_ward:
            row_source, old_code = source, old.ward_code
        else:
            # The package folds this ward into another one: say so, and take that ward's fate.
            row_source = (
                f"manual: not a ward of its own in {source}, whose pre-2025 data lists "
                f"'{ward}' only as another name of phường {old.short_ward} "
                f"({old.ward_code}); successor and split taken from phường "
                f"{old.short_ward}; to be checked against the official reorganisation list"
            )
            old_code = ""
        rows.append({
            "old_ward": ward,
            "old_district": OLD_DISTRICT,
            "old_code": old_code,
            "new_ward": new.short_ward,
            "new_code": new.ward_code,
            "relation": relation,
            "approximate": "true" if relation == "split" or not own_ward else "false",
            "also_to": also_to,
            "source": row_source,
        })

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    sidecar = {
        "description": (
            "Long Biên district's 14 wards of 2015 and the ward each is counted in after Hà "
            "Nội's 2025 reorganisation (district level abolished), for cross-campaign trends. "
            "Counts of old wards are summed into the successor; a split ward's series is "
            "approximate."
        ),
        "source_package": PACKAGE,
        "source_version": version,
        "source_license": "MIT",
        "generated_by": "scripts/make_lineage.py",
        "effective_date": EFFECTIVE,
        "columns": {
            "old_ward": "ward of 2015 (as in analysis.units.LONG_BIEN_WARDS_2015)",
            "old_district": "its district before 2025",
            "old_code": "its code in the package's pre-2025 data (blank: not there)",
            "new_ward": "the unit its members are counted in from 2025-07-01",
            "new_code": "that unit's code in the package's 2025 data",
            "relation": "merged: whole into new_ward with other wards; split: its area went "
                        "to several units (also_to); renamed / unchanged: new_ward is it alone",
            "approximate": "true when the series on new_ward is an approximation (split)",
            "also_to": "other new units that received part of a split ward",
            "source": f"'{source}' or 'manual: <why>' where the package gives no answer",
        },
        "new_units": [
            {"name": new_units[key]["wardShort"], "type": new_units[key]["wardType"],
             "code": new_units[key]["wardCode"]}
            for key in sorted(used_new, key=lambda key: new_units[key]["wardCode"])
        ],
    }
    OUT_CSV.parent.mkdir(parents=True, exist_ok=True)
    for path, text in ((OUT_CSV, buffer.getvalue()),
                       (OUT_JSON, json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n")):
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    print(f"wrote {OUT_CSV.relative_to(ROOT)} and {OUT_JSON.name} from {source}")
    for row in rows:
        flag = " (approximate)" if row["approximate"] == "true" else ""
        manual = " [manual]" if row["source"].startswith("manual") else ""
        print(f"  {row['old_ward']:13} -> {row['new_ward']:10} {row['relation']}{flag}{manual}")


if __name__ == "__main__":
    main()

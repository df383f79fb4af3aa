"""Files from outside the office: refused quickly, in bounded memory, with the good ones counted;
and a run killed half way leaves the previous outputs as they were."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.helpers import DEMO_RAW, ROOT, tree_digest

GOOD_ROWS = [["Phường", "Tổng số đảng viên", "Có mặt"], ["Bồ Đề", 40, 38], ["Cự Khối", 20, 19]]
CAMPAIGN = '[campaign]\nid = "h"\n\n[[phases]]\nid = "1"\nlabel = "Giai đoạn 1"\n\n' \
           '[[sources]]\nglob = "*"\nphase = "1"\n'


def workbook(path: Path, rows=GOOD_ROWS) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def rewrite_member(source: Path, target: Path, member: str, write) -> Path:
    """Copy a workbook, replacing one part by what `write(handle)` streams into it."""
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name in original.namelist():
            if name == member:
                with out.open(name, "w", force_zip64=True) as handle:
                    write(handle)
            else:
                out.writestr(name, original.read(name))
    return target


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "raw" / "h"
    folder.mkdir(parents=True)
    (folder / "campaign.toml").write_text(CAMPAIGN, encoding="utf-8")
    base = workbook(folder.parent / "base.xlsx")
    workbook(folder / "good.xlsx")

    # 1. A zip bomb: a 5 MB file whose sheet unpacks to 1.5 GB.
    row = '<row><c t="inlineStr"><is><t>Bồ Đề</t></is></c><c><v>10</v></c></row>'.encode()

    def bomb(handle):
        handle.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                     b'2006/main"><sheetData>')
        chunk = row * 20_000
        for _ in range(1_500_000_000 // len(chunk)):
            handle.write(chunk)
        handle.write(b"</sheetData></worksheet>")

    rewrite_member(base, folder / "bomb.xlsx", "xl/worksheets/sheet1.xml", bomb)

    # 2. Billion laughs: nested XML entities that would expand to gigabytes.
    laughs = '<!DOCTYPE worksheet [<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{level} "{f"&l{level - 1};" * 10}">' for level in range(1, 10)) + "]>"
    sheet = zipfile.ZipFile(base).read("xl/worksheets/sheet1.xml").decode("utf-8")
    # Bồ Đề's cell, however openpyxl wrote its text ("Bồ Đề", or "B&#7891; &#272;&#7873;"
    # when it writes with lxml).
    sheet, replaced = re.subn(r'(<c r="A2"[^>]*><is><t>)[^<]*(</t>)', r"\g<1>&l9;\g<2>", sheet)
    assert replaced == 1
    sheet = laughs + sheet
    rewrite_member(base, folder / "laughs.xlsx", "xl/worksheets/sheet1.xml",
                   lambda handle: handle.write(sheet.encode("utf-8")))

    # 3. Twenty thousand parts in one archive.
    with zipfile.ZipFile(folder / "parts.xlsx", "w") as archive:
        for number in range(20_000):
            archive.writestr(f"xl/media/p{number}.bin", b"")

    # 4. A macro-enabled workbook (the macro part is never run, only values are read).
    with zipfile.ZipFile(base) as original, zipfile.ZipFile(folder / "macro.xlsm", "w") as out:
        for name in original.namelist():
            # Bồ Đề becomes Ngọc Lâm, as UTF-8 or as character references (openpyxl with lxml).
            out.writestr(name, original.read(name).replace(
                "Bồ Đề".encode(), "Ngọc Lâm".encode()).replace(
                b"B&#7891; &#272;&#7873;", b"Ng&#7885;c L&#226;m"))
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really vba")
    return folder


def run_measured(args: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run the CLI in a child; its wall time and peak memory (MiB) are reported, not asserted."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    completed = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT,
                               capture_output=True, text=True, timeout=600, check=False)
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return completed, elapsed, max(peak, before) / 1024


def test_hostile_files_are_refused_and_good_files_count(hostile_folder, tmp_path):
    raw_before = tree_digest(hostile_folder)
    completed, elapsed, peak_mib = run_measured(
        ["run", str(hostile_folder), "--out", str(tmp_path / "out"), "--no-notebooks"])
    print(f"hostile folder: {elapsed:.1f} s, peak RSS {peak_mib:.0f} MiB")
    assert completed.returncode == 0, completed.stderr
    assert peak_mib < 1024  # the 1.5 GB bomb was never unpacked
    rejects = pd.read_csv(tmp_path / "out" / "rejects.csv")
    reasons = dict(zip(rejects["source_file"], rejects["reason"], strict=True))
    assert "zip bomb" in reasons["bomb.xlsx"]
    assert "l9" in reasons["laughs.xlsx"] and "(unreadable sheet:" in reasons["laughs.xlsx"]
    assert "20000 parts" in reasons["parts.xlsx"]
    table = pd.read_csv(tmp_path / "out" / "participation_by_ward_phase.csv")
    # good.xlsx: Bồ Đề 38/40, Cự Khối 19/20; macro.xlsm: Ngọc Lâm 38/40 and Cự Khối 19/20
    # again, the same report sent twice: counted once.
    assert dict(zip(table["ward"], table["attended"], strict=True)) == {
        "Bồ Đề": 38, "Cự Khối": 19, "Ngọc Lâm": 38}
    assert tree_digest(hostile_folder) == raw_before


def test_killed_run_leaves_previous_outputs_intact(tmp_path):
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "analysis", "run", str(DEMO_RAW), "--out",
                            str(out), "--no-notebooks"], cwd=ROOT, capture_output=True,
                           text=True, timeout=600, check=False)
    assert first.returncode == 0, first.stderr
    before = tree_digest(out)
    # --force: a full run with notebooks, killed while it works.
    child = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(DEMO_RAW), "--out",
                              str(out), "--force"], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    for line in child.stderr:
        if "Đang chạy notebook" in line:  # data files already written to staging by now
            break
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert tree_digest(out) == before
    # The next run tidies the killed run's staging folder away.
    again = subprocess.run([sys.executable, "-m", "analysis", "run", str(DEMO_RAW), "--out",
                            str(out), "--no-notebooks", "--force"], cwd=ROOT,
                           capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    # The killed run's lock died with it (the lock file itself stays, empty).
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]

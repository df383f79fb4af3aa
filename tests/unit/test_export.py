"""Outputs: identical bytes for identical inputs, no formula injection, no half-written runs."""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import threading

import openpyxl
import pandas as pd
import pytest

from analysis import export
from analysis.export import (
    json_text,
    neutral_text,
    neutralise,
    running_aside,
    staged_directory,
    write_csv,
    write_summary_xlsx,
)

TABLE = pd.DataFrame({
    "phase": ["1", "1"], "ward": ["Bồ Đề", "=HYPERLINK(\"x\")"], "kind": ["ward", "ward"],
    "expected": [100, 50], "attended": [96, 40], "rate": [0.96, 0.8],
})


def test_neutralise_prefixes_formula_starts():
    frame = pd.DataFrame({"text": ["=1+1", "+1", "-2", "@x", "\tx", "ok", None],
                          "number": [1, 2, 3, 4, 5, 6, 7]})
    result = neutralise(frame)
    assert result["text"].tolist()[:6] == ["'=1+1", "'+1", "'-2", "'@x", "'\tx", "ok"]
    assert result["number"].tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_summary_xlsx_is_byte_identical_and_formula_free(tmp_path):
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for path in paths:
        write_summary_xlsx({"Theo đơn vị": TABLE}, [("Ghi chú", "x")], path, lang="vi",
                           target=0.95)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    sheet = openpyxl.load_workbook(paths[0])["Theo đơn vị"]
    assert [cell.value for cell in sheet[1]] == ["Giai đoạn", "Đơn vị", "Loại đơn vị",
                                                 "Số phải học", "Có mặt", "Tỷ lệ tham dự"]
    assert sheet["B3"].value == "'=HYPERLINK(\"x\")"
    assert sheet["B3"].data_type == "s"
    assert sheet["C2"].value == "Phường, xã"
    assert sheet["F2"].number_format == "0.0%"
    # 0.8 < 0.95: the row is highlighted; 0.96 is not.
    assert sheet["A3"].fill.fgColor.rgb.endswith("FDE2C8")
    assert sheet["A2"].fill.fill_type is None


def test_a_rate_just_under_the_target_is_not_shown_as_the_target_in_summary_xlsx(tmp_path):
    # QA round 38: 474/499 = 94.99% under a 95% target was formatted "0.0%", shown "95,0%",
    # in the "below target" sheet too; every other output says 94,99%. 96% and 95% keep one
    # decimal; 94.95% needs two, 94.995% three.
    rates = [474 / 499, 0.96, 0.95, 0.9495, 0.94995]
    table = pd.DataFrame({"ward": list("ABCDE"), "rate": rates})
    write_summary_xlsx({"S": table}, [], tmp_path / "s.xlsx", lang="vi", target=0.95)
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx")["S"]
    assert [sheet[f"B{row}"].number_format for row in range(2, 7)] == [
        "0.00%", "0.0%", "0.0%", "0.00%", "0.000%"]


def test_csv_has_bom_and_rounded_rates(tmp_path):
    path = tmp_path / "t.csv"
    write_csv(TABLE.assign(rate=[1 / 3, 0.8]), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "0.333333" in data.decode("utf-8-sig")


def test_failed_run_leaves_previous_outputs(tmp_path):
    final = tmp_path / "out"
    final.mkdir()
    (final / "old.csv").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_directory(final) as staging:
        (staging / "new.csv").write_text("new", encoding="utf-8")
        raise RuntimeError("killed half way")
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]
    assert (final / "old.csv").read_text(encoding="utf-8") == "old"
    assert not (final / "new.csv").exists()


def test_successful_run_replaces_outputs(tmp_path):
    final = tmp_path / "out"
    final.mkdir()
    (final / "old.csv").write_text("old", encoding="utf-8")
    with staged_directory(final) as staging:
        (staging / "new.csv").write_text("new", encoding="utf-8")
    assert sorted(path.name for path in final.iterdir()) == ["new.csv"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]


def test_entries_the_new_folder_keeps_are_moved_into_it_not_deleted(tmp_path):
    # The analyst's notes beside a run's outputs survive the next run (QA round 30); an old
    # output the run no longer writes goes, and a kept name the new run wrote is the new one.
    final = tmp_path / "out"
    (final / "figures").mkdir(parents=True)
    (final / "figures" / "old.png").write_bytes(b"old")
    for name, text in (("old.csv", "old"), ("ghi-chu.docx", "notes"), ("new.csv", "old")):
        (final / name).write_text(text, encoding="utf-8")
    with staged_directory(final, keep=lambda name: name not in {"old.csv", "figures"}
                          ) as staging:
        (staging / "new.csv").write_text("new", encoding="utf-8")
    assert sorted(path.name for path in final.iterdir()) == ["ghi-chu.docx", "new.csv"]
    assert (final / "ghi-chu.docx").read_text(encoding="utf-8") == "notes"
    assert (final / "new.csv").read_text(encoding="utf-8") == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]


def test_a_run_killed_after_its_swap_still_moves_what_is_kept(tmp_path):
    # Killed between swapping its folder in and moving the kept entries: the next run finds
    # the old folder beside the new one and moves them before tidying it away.
    final = tmp_path / "out"
    final.mkdir()
    (final / "new.csv").write_text("new", encoding="utf-8")
    old = tmp_path / ".out.old-x"
    old.mkdir()
    (old / "ghi-chu.docx").write_text("notes", encoding="utf-8")
    (old / "new.csv").write_text("old", encoding="utf-8")
    with staged_directory(final, keep=lambda name: name != "new.csv") as staging:
        (staging / "new.csv").write_text("newer", encoding="utf-8")
    assert sorted(path.name for path in final.iterdir()) == ["ghi-chu.docx", "new.csv"]
    assert (final / "new.csv").read_text(encoding="utf-8") == "newer"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]


def test_a_second_run_into_the_same_folder_waits_for_the_first(tmp_path):
    # QA round 11: two runs started at once into one folder; the second tidied away the
    # first one's staging folder as a killed run's, and the first crashed with a traceback.
    final = tmp_path / "out"
    entered, release, waited = threading.Event(), threading.Event(), []
    errors = []

    def first_run():
        try:
            with staged_directory(final) as staging:
                (staging / "a.csv").write_text("first", encoding="utf-8")
                entered.set()
                release.wait(30)
        except BaseException as error:  # the assertion below names it
            errors.append(error)

    thread = threading.Thread(target=first_run)
    thread.start()
    assert entered.wait(30)

    def waiting():
        waited.append(True)
        release.set()  # the first run may finish now; the second waits for it

    with staged_directory(final, waiting) as staging:
        (staging / "a.csv").write_text("second", encoding="utf-8")
    thread.join(30)
    assert errors == []
    assert waited == [True]
    assert (final / "a.csv").read_text(encoding="utf-8") == "second"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]


def test_neutral_text_is_neutralise_for_one_value():
    assert neutral_text("=SUM(A1)") == "'=SUM(A1)"
    assert neutral_text("Bồ Đề") == "Bồ Đề"
    assert neutral_text(5) == 5
    assert neutral_text(None) is None


class Colour(enum.Enum):
    RED = 1


@pytest.mark.parametrize("data", [
    {"é": "Bồ Đề", "a": [1, 2.5, None, True, {}, []], "day": dt.date(2015, 9, 1)},
    {"quote\n": "\"\\\x01\u2028😀", "nested": {"z": {"y": [[[]]]}}},
    # orjson writes these differently: json's text must come out all the same.
    {"nan": float("nan"), "small": 1e-05, "inf": float("inf")},
    {"keys": {2: "b", 1: "a"}, "enum": Colour.RED, "big": 2**70},
])
def test_json_text_is_json_dumps_byte_for_byte(data):
    expected = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    assert json_text(data) == expected + "\n"


def test_running_aside_runs_the_task_beside_the_body(tmp_path):
    with running_aside(lambda: (tmp_path / "task").write_text("done"), "writing"):
        (tmp_path / "body").write_text("done")
    assert (tmp_path / "task").read_text() == "done"
    assert (tmp_path / "body").read_text() == "done"


def _fail() -> None:
    raise ValueError("no chart for you")


def test_running_aside_raises_the_tasks_error_here():
    with pytest.raises(ValueError, match="no chart for you") as raised, \
            running_aside(_fail, "drawing the charts"):
        pass
    if export.FORKS:
        assert "Raised in the process drawing the charts" in raised.value.__notes__[0]
        assert "_fail" in raised.value.__notes__[0]


def test_running_aside_reports_the_bodys_error_first():
    with pytest.raises(OSError, match="disk full"), running_aside(_fail, "drawing"):
        raise OSError("disk full")


@pytest.mark.skipif(not export.FORKS, reason="without fork the task runs in this process")
def test_running_aside_says_when_the_child_died_without_a_word():
    with pytest.raises(RuntimeError, match=r"drawing the charts stopped \(exit code 3\)"), \
            running_aside(lambda: os._exit(3), "drawing the charts"):
        pass


def test_running_aside_without_fork_runs_the_task_after_the_body(monkeypatch):
    monkeypatch.setattr(export, "FORKS", False)
    order = []
    with running_aside(lambda: order.append("task"), "writing"):
        order.append("body")
    assert order == ["body", "task"]

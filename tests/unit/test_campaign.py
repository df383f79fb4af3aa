"""campaign.toml: settings read as written, mistakes named in one sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.campaign import CampaignError, load_campaign

MINIMAL = '[campaign]\nid = "c"\n\n[[phases]]\nid = "1"\nlabel = "Giai đoạn 1"\n'


def write(folder, text):
    (folder / "campaign.toml").write_text(text, encoding="utf-8")
    return folder


def test_defaults(tmp_path):
    campaign = load_campaign(write(tmp_path, MINIMAL))
    assert campaign.target == 0.95
    assert campaign.lang == "vi"
    assert len(campaign.units) == 14  # Long Biên's wards, 2015
    assert campaign.units_from_config is False


def test_full_config(tmp_path):
    text = MINIMAL.replace('id = "c"', 'id = "c"\ntarget = 0.9\nlang = "en"') + (
        'start = "2015-09-01"\nend = 2015-09-10\n\n[[phases]]\nid = "2"\nlabel = "Phase 2"\n'
        'end = "2015-11-28"\n\n[[sources]]\nglob = "gd2/*"\nphase = "2"\n\n'
        '[[units]]\nname = "Bồ Đề"\nkind = "ward"\naliases = ["BD"]\n\n'
        '[[units]]\nname = "Đảng bộ Khối Giáo dục"\nkind = "committee"\n'
    )
    campaign = load_campaign(write(tmp_path, text))
    assert (campaign.target, campaign.lang) == (0.9, "en")
    assert campaign.phase_ids == ["1", "2"]
    assert campaign.start == dt.date(2015, 9, 1)
    assert campaign.end == dt.date(2015, 11, 28)
    assert campaign.rule_for("gd2/sub/a.xlsx").phase == "2"
    assert campaign.rule_for("gd1/a.xlsx") is None
    assert [unit.name for unit in campaign.units] == ["Bồ Đề", "Đảng bộ Khối Giáo dục"]


@pytest.mark.parametrize(("text", "words"), [
    ('[campaign]\ntitle = "x"\n', "needs a [campaign] table with an id"),
    ('[campaign]\nid = "c"\n', "lists no [[phases]]"),
    (MINIMAL.replace('id = "c"', 'id = "c"\ntarget = 95'), "target must be a fraction"),
    (MINIMAL.replace('id = "c"', 'id = "c"\ntarget = "cao"'),
     "target must be a fraction such as 0.95 (or \"95%\"), got 'cao'"),
    (MINIMAL.replace('id = "c"', 'id = "c"\ntarget = "950%"'), "target must be a fraction"),
    (MINIMAL.replace('id = "c"', 'id = "c"\nlang = "fr"'), "lang must be 'vi' or 'en'"),
    (MINIMAL + '\n[[sources]]\nglob = "*"\nphase = "3"\n', "names phase '3'"),
    (MINIMAL + '\n[[units]]\nname = "X"\nkind = "city"\n', "has kind 'city'"),
    (MINIMAL + 'start = "15/9/2015"\n', "is not an ISO date"),
    ("[campaign\n", "is not valid TOML"),
])
def test_mistakes_are_named(tmp_path, text, words):
    with pytest.raises(CampaignError) as raised:
        load_campaign(write(tmp_path, text))
    assert words in str(raised.value)
    assert str(tmp_path / "campaign.toml") in str(raised.value)


def test_missing_config(tmp_path):
    with pytest.raises(CampaignError, match=r"No campaign\.toml in"):
        load_campaign(tmp_path)


@pytest.mark.parametrize(("written", "phase"), [
    ("Giai đoạn 2", "2"), ("GIAI ĐOẠN 2", "2"), ("GĐ2", "2"), ("gd 2", "2"), ("2", "2"),
    ("Phase 1", "1"), ("Giai đoạn 1", "1"), ("Giai đoạn 9", None), ("", None),
])
def test_phase_from_text(tmp_path, written, phase):
    text = MINIMAL + '\n[[phases]]\nid = "2"\nlabel = "Giai đoạn 2"\n'
    assert load_campaign(write(tmp_path, text)).phase_from_text(written) == phase


@pytest.mark.parametrize("text, message", [
    ('[campaign]\nid = "t"\n[[phases]]\nid = "1"\ndealine = 2015-09-30\n',
     "[[phases]] has no setting 'dealine'. Did you mean 'deadline'?"),
    ('[campaign]\nid = "t"\n[[phases]]\nid = "1"\n[[units]]\nname = "Bồ Đề"\nalias = ["BĐ"]\n',
     "[[units]] has no setting 'alias'. Did you mean 'aliases'?"),
    ('[campaign]\nid = "t"\ntitel = "x"\n[[phases]]\nid = "1"\n',
     "[campaign] has no setting 'titel'. Did you mean 'title'?"),
    ('[campaign]\nid = "t"\n[[phases]]\nid = "1"\n[[unit]]\nname = "Bồ Đề"\n',
     "there is no table 'unit'. Did you mean 'units'?"),
])
def test_a_misspelt_setting_is_an_error_that_names_it(tmp_path, text, message):
    (tmp_path / "campaign.toml").write_text(text, encoding="utf-8")

    with pytest.raises(CampaignError) as error:
        load_campaign(tmp_path)

    assert message in str(error.value)


@pytest.mark.parametrize(("written", "target"), [('"95%"', 0.95), ('"92,5%"', 0.925),
                                                 ("0.9", 0.9)])
def test_a_target_written_as_a_percent_is_read(tmp_path, written, target):
    text = MINIMAL.replace('id = "c"', f'id = "c"\ntarget = {written}')
    assert load_campaign(write(tmp_path, text)).target == pytest.approx(target)

"""The converted PETRARCH actor and agent dictionaries: names, aliases, codes over time, sectors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newskg.builder.dictionaries.petrarch_actors import ActorCode, PetrarchActors, normalise_name
from newskg.errors import ExtractionError

from ..scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "lexicons" / "petrarch2"


@pytest.fixture(scope="module")
def actors() -> PetrarchActors:
    return PetrarchActors.load()


def test_aliases_find_the_same_actor(actors):
    by_alias = actors.lookup("Russian Foreign Minister Sergey Lavrov")
    assert by_alias and by_alias == actors.lookup("lavrov")


def test_codes_follow_the_dates(actors):
    putin = actors.lookup("Putin")[0]
    assert putin.country_on("2015-03-01") == "RUS"
    assert [c.code for c in putin.codes_on("1985-01-01")] == ["RUSELI"]  # before office: elite
    assert {c.code for c in putin.codes_on("2015-03-01")} == {"RUSGOV"}
    assert actors.country_of("Vladimir Putin") == "RUS"


def test_international_and_non_state_actors_have_no_state(actors):
    un = actors.lookup("the United Nations")[0]
    assert un.file == "international" and un.country_on() is None and un.codes_on()[0].prefix == "IGO"
    hamas = actors.lookup("Hamas")[0]
    assert hamas.file == "nonstate" and hamas.country_on() == "PSE" and "REB" in hamas.codes_on()[0].roles


def test_agents_give_a_sector(actors):
    assert actors.agent("foreign minister").code == "GOV"
    assert actors.agent("Rebels").code == "REB"  # plurals were generated
    assert actors.agent("no such title here") is None


def test_unknown_names_find_nothing(actors):
    assert actors.lookup("Zorblax the Unheard") == ()
    assert actors.country_of("Zorblax the Unheard") is None


def test_codes_read_open_ranges():
    code = ActorCode("TURGOV", "2003-03-14", None, True)
    assert code.covers("2020-01-01") and not code.covers("2001-01-01")
    assert (code.country, code.roles) == ("TUR", ("GOV",))
    assert normalise_name("The  Kremlin\u2019s_men") == "kremlin's men"


def test_a_broken_file_names_itself(tmp_path):
    bad = tmp_path / "actors.json.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as handle:
        json.dump({"actors": []}, handle)
    with pytest.raises(ExtractionError, match="actors.json.gz"):
        PetrarchActors.load(bad)


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/lexicons")
def test_the_shipped_file_is_what_the_converter_makes_of_the_dictionaries():
    convert = load_script(ROOT / "tools" / "convert_petrarch_actors.py", "convert_petrarch_actors").convert
    data, _ = convert(SHARED)
    with gzip.open(ROOT / "newskg" / "builder" / "data" / "petrarch_actors.json.gz", "rt", encoding="utf-8") as f:
        assert json.load(f) == data

"""The shipped gazetteer: coverage of states and organisations, and the lookup rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.builder.facts import slug
from newskg.builder.linking.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    normalise_name,
    read_gazetteer,
    write_gazetteer,
)
from newskg.errors import InputError


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def test_every_un_member_and_observer_state_is_there(gazetteer: Gazetteer) -> None:
    states = [e for e in gazetteer if e.kind == "State" and e.note.startswith("UN member or observer")]
    # 193 members + the Holy See and Palestine (observers); Kosovo and Taiwan are listed apart.
    assert len(states) == 195
    assert all(e.qid and e.capital and e.note for e in states)
    assert len({e.qid for e in states}) == 195
    assert {"holy-see", "palestine", "south-sudan", "tuvalu"} <= {e.key for e in states}


def test_keys_are_slugs_and_references_resolve(gazetteer: Gazetteer) -> None:
    for entry in gazetteer:
        assert entry.key == slug(entry.label)
        for ref in (entry.country, *entry.members, *(s for _, s in entry.titles)):
            if ref is not None:
                assert gazetteer.get(ref) is not None, (entry.key, ref)
                assert gazetteer.get(ref).kind == "State"


@pytest.mark.parametrize(
    ("text", "key", "via"),
    [
        ("Russia", "russia", "name"),
        ("the Russian Federation", "russia", "alias"),
        ("The Kremlin", "russia", "metonym"),
        ("Kremlin", "russia", "metonym"),
        ("Ankara", "turkey", "capital"),
        ("Türkiye", "turkey", "alias"),
        ("U.S.", "united-states", "alias"),
        ("US", "united-states", "alias"),
        ("the White House", "united-states", "metonym"),
        ("Downing Street", "united-kingdom", "metonym"),
        ("the Elysee", "france", "metonym"),
        ("Élysée Palace", "france", "metonym"),
        ("Zhongnanhai", "china", "metonym"),
        ("Erdoğan", "recep-tayyip-erdogan", "alias"),
        ("Erdogan\u2019s", "recep-tayyip-erdogan", "alias"),
        ("Minsk Group", "osce-minsk-group", "alias"),
        ("U.N. Security Council", "united-nations-security-council", "alias"),
        ("Nato", "nato", "name"),
    ],
)
def test_lookup_finds_names_aliases_metonyms_and_capitals(
    gazetteer: Gazetteer, text: str, key: str, via: str
) -> None:
    match = gazetteer.lookup(text)
    assert match is not None, text
    assert (match.entry.key, match.via) == (key, via)
    assert 0 < match.confidence <= 1


@pytest.mark.parametrize("text", ["us", "Us", "Who", "male", "Brussels", "Victoria", "Congo", "Peace"])
def test_lookup_refuses_words_acronym_lookalikes_unsafe_capitals_and_ambiguous_names(
    gazetteer: Gazetteer, text: str
) -> None:
    assert gazetteer.lookup(text) is None


def test_kinds_filter_keeps_only_those_kinds(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Putin", kinds={"Person"}).entry.qid == "Q7747"
    assert gazetteer.lookup("Putin", kinds={"State", "Organization"}) is None


def test_name_beats_capital_of_the_same_spelling(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Singapore").via == "name"


@pytest.mark.parametrize(
    ("word", "key"),
    [("Russian", "russia"), ("Azeri", "azerbaijan"), ("Americans", "united-states"), ("Swiss", "switzerland"),
     ("U.S.", "united-states"), ("Israelis", "israel")],
)
def test_demonyms(gazetteer: Gazetteer, word: str, key: str) -> None:
    assert gazetteer.demonym(word).key == key


def test_demonym_shared_by_two_states_finds_neither(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym("Congolese") is None
    assert gazetteer.demonym("russian") is None  # not capitalised: not a nationality word here


def test_seed_qids_are_the_known_ones(gazetteer: Gazetteer) -> None:
    expected = {"russia": "Q159", "turkey": "Q43", "armenia": "Q399", "azerbaijan": "Q227", "united-states": "Q30",
                "france": "Q142", "syria": "Q858", "libya": "Q1016", "vladimir-putin": "Q7747",
                "recep-tayyip-erdogan": "Q39723", "middle-east": "Q7204"}
    assert {k: gazetteer.get(k).qid for k in expected} == expected


def test_normalise_name() -> None:
    assert normalise_name("  the  Côte d\u2019Ivoire ") == "cote d'ivoire"
    assert normalise_name("Washington, D.C.") == "washington dc"
    assert normalise_name("Israel\u2013Hamas war") == "israel-hamas war"


def test_round_trip_through_the_tsv_format(tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = tmp_path / "g.tsv"
    write_gazetteer(gazetteer, path, preamble="test copy\nsecond line")
    again = Gazetteer.from_path(path)
    assert list(again) == list(gazetteer)
    assert path.read_text(encoding="utf-8").startswith("# test copy\n# second line\n")


def test_bad_rows_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    header = "kind\tlabel\tqid\taliases\tcountry\tcapital\tdemonyms\tmetonyms\ttitles\tmembers\tnote\n"
    path.write_text(header + "State\tX\tQ12x\t\t\t\t\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:2: .*not a Wikidata item id"):
        read_gazetteer(path)
    path.write_text(header + "Planet\tX\t\t\t\t\t\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:2: unknown kind"):
        read_gazetteer(path)
    path.write_text(header + "State\tX\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:2: expected 11"):
        read_gazetteer(path)


def test_duplicate_keys_are_refused() -> None:
    entry = GazetteerEntry(key="x", label="X", kind="State", qid=None)
    with pytest.raises(InputError, match="two gazetteer entries"):
        Gazetteer([entry, entry])

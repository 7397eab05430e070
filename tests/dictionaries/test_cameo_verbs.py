"""The converted CAMEO verb dictionary: its loader, the pattern matcher on sentences written for
these tests, and the mapping of CAMEO codes to newskg classes through the ontology."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from newskg.builder.dictionaries.cameo_verbs import CameoVerbs, cameo_classes, class_of_code
from newskg.builder.pipeline import load_pipeline
from newskg.errors import ExtractionError

from ..scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "lexicons" / "petrarch2"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(with_components=False)


@pytest.fixture(scope="module")
def verbs() -> CameoVerbs:
    return CameoVerbs.load()


def code_of(nlp: Language, verbs: CameoVerbs, text: str, verb: str) -> tuple[str | None, str | None, str | None]:
    doc = nlp(text)
    token = next(t for t in doc if t.text == verb)
    match = verbs.match(token)
    assert match is not None, f"{verb!r} is not in the dictionary"
    return match.lemma, match.code, match.newskg_class


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        ("Norway accused Sweden of moving troops to the border.", "accused", ("accuse", "112", "Accusation")),
        ("The envoy said the talks had stalled.", "said", ("say", "010", "Statement")),
        # multi-word verbs are read through their particle, and their pattern codes the phrasing
        ("Chile ruled out talks with the rebels.", "ruled", ("rule out", "125", "Rejection")),
        ("Peru asked for humanitarian aid after the floods.", "asked", ("ask for", "0233", "Appeal")),
        ("The council called for a ceasefire on Monday.", "called", ("call", "020", "Appeal")),
        ("Ghana rejected the proposal.", "rejected", ("reject", "120", "Rejection")),
        ("Mali threatened its neighbour.", "threatened", ("threaten", "130", "Threat")),
        ("The minister met with her Kenyan counterpart.", "met", ("meet with", "040", "Consultation")),
    ],
)
def test_verbs_and_patterns_code_written_sentences(nlp, verbs, text, verb, expected):
    assert code_of(nlp, verbs, text, verb) == expected


def test_a_verb_whose_block_codes_nothing_stays_uncoded_without_a_pattern(nlp, verbs):
    # PETRARCH codes "rejected" only in context: the REFUSE block has no code of its own
    assert verbs.verb("reject").code is None
    assert code_of(nlp, verbs, "The court rejected it.", "rejected") == ("reject", None, None)


def test_unknown_verbs_are_none(nlp, verbs):
    doc = nlp("They zorbled the plan.")
    assert verbs.match(doc[1]) is None


def test_forms_and_patterns_are_looked_up(verbs):
    assert verbs.lemma_of("Accused") == "accuse"
    assert verbs.lemma_of("denied") == "deny"
    assert {"accuse", "accused", "accuses", "accusing"} <= set(verbs.verb("accuse").forms)
    patterns = verbs.patterns("condemn")
    assert patterns and all(p.code is None or p.code[:2].isdigit() for p in patterns)
    assert "dollars" in verbs.synsets["&CURRENCY"]  # plurals generated as PETRARCH does


def test_codes_map_to_classes_through_the_ontology():
    table = cameo_classes()
    assert table["112"] == ("Accusation",)
    assert table["040"][0] == "Consultation"  # the exact match before the close one (Meeting)
    assert class_of_code("1121") == "Accusation"  # a code without a mapping takes its parent's
    assert class_of_code("0256") == "Appeal"
    assert class_of_code("190") is None  # material conflict is no communication event


def test_coverage_counts_every_verb_and_pattern(verbs):
    coverage = verbs.coverage()
    assert sum(coverage["verbs"].values()) == len(verbs.verbs)
    assert sum(coverage["patterns"].values()) == sum(len(b) for b in verbs.blocks.values())
    assert coverage["verbs"]["Accusation"] >= 3


def test_a_malformed_dictionary_names_its_file(tmp_path):
    bad = tmp_path / "verbs.json"
    bad.write_text(json.dumps({"synsets": {}}), encoding="utf-8")
    with pytest.raises(ExtractionError, match="verbs.json"):
        CameoVerbs.load(bad)


def test_the_shipped_notice_is_the_mit_licence():
    notice = (ROOT / "newskg" / "builder" / "data" / "PETRARCH2_LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Open Event Data" in notice


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/lexicons")
def test_the_shipped_file_is_what_the_converter_makes_of_the_dictionary():
    convert = load_script(ROOT / "tools" / "convert_cameo_verbs.py", "convert_cameo_verbs").convert
    data, _ = convert(SHARED / "CAMEO.2.0.txt")
    shipped = json.loads((ROOT / "newskg" / "builder" / "data" / "cameo_verbs.json").read_text(encoding="utf-8"))
    assert data == shipped

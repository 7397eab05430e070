"""The cue lexicon's requirements: one named function each, in one table the loader checks (issue 15)."""

from __future__ import annotations

import pytest

from newskg.builder.components.cues import CueLexicon
from newskg.builder.components.speech.requirements import REQUIREMENTS
from newskg.errors import ExtractionError


def test_every_requirement_has_a_docstring_with_an_example_sentence() -> None:
    for name, entry in REQUIREMENTS.items():
        doc = entry.test.__doc__ or ""
        assert '"' in doc, f"requirement {name!r} has no quoted example"
        assert entry.pos in {"VERB", "NOUN"}


def test_the_shipped_lexicon_names_only_registered_requirements() -> None:
    lexicon = CueLexicon.default()
    used = {need for rule in [*lexicon.verbs.values(), *lexicon.nouns.values(), *lexicon.phrases]
            for need in rule.requires}
    assert used <= set(REQUIREMENTS)
    assert "owner" not in used  # had no handler: removed (every nominal act needs a speaker anyway)


def test_a_misspelt_requirement_is_rejected_when_the_lexicon_loads() -> None:
    with pytest.raises(ExtractionError, match="clasue"):
        CueLexicon({"verbs": {"say": {"kind": "Statement", "requires": ["clasue"]}}})


def test_a_requirement_of_the_other_part_of_speech_is_rejected() -> None:
    with pytest.raises(ExtractionError, match="plural"):
        CueLexicon({"verbs": {"say": {"kind": "Statement", "requires": ["plural"]}}})
    with pytest.raises(ExtractionError, match="clause"):
        CueLexicon({"nouns": {"talk": {"kind": "Negotiation", "requires": ["clause"]}}})


def test_a_phrase_cue_takes_verb_requirements() -> None:
    lexicon = CueLexicon({"phrases": [{"pattern": "rule out", "kind": "Rejection", "requires": ["not_passive"]}]})
    assert lexicon.phrases[0].requires == ("not_passive",)

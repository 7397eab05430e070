"""Shared fixtures for the builder tests (actors, conflicts, relations, speech acts)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from newskg.builder.facts import Document
from newskg.builder.pipeline import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The rules' pipeline on the real English model (loaded once per session): these tests pin what
    the rules read. The learned attribution model's part is tested in test_learned_acts.py and
    test_attribution_model.py, the default build as a whole by the output digests and the examples."""
    return load_pipeline(learned=False)


@pytest.fixture(scope="session")
def annotate(nlp: Language) -> Callable[..., Doc]:
    """``annotate(text, published=None)`` runs the pipeline the way the build does."""

    def run(text: str, *, published: str | None = None, doc_id: str = "test") -> Doc:
        doc = nlp.make_doc(text)
        doc._.newskg_document = Document(id=doc_id, text=text, published=published)
        return nlp(doc)

    return run

"""newskg's spaCy components. They only annotate: each reads and extends the
:class:`~newskg.builder.facts.DocumentFacts` on ``doc._.newskg_facts`` and never touches rdflib.

Their factories are all registered in :mod:`newskg.builder.factories`, in pipeline order:
``newskg_actors`` -> ``newskg_conflicts`` -> ``newskg_speech_acts`` -> ``newskg_relations``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..facts import Document, DocumentFacts

__all__ = ["facts_of", "ensure_extensions"]


def ensure_extensions() -> None:
    """Registers the Doc extensions newskg uses (idempotent)."""
    if not Doc.has_extension("newskg_document"):
        Doc.set_extension("newskg_document", default=None)
    if not Doc.has_extension("newskg_facts"):
        Doc.set_extension("newskg_facts", default=None)


def facts_of(doc: Doc) -> DocumentFacts:
    """The facts being built for ``doc``, created on first use from ``doc._.newskg_document``
    (or an anonymous document holding the Doc's text)."""
    ensure_extensions()
    facts = doc._.newskg_facts
    if facts is None:
        document = doc._.newskg_document or Document(id="", text=doc.text)
        facts = DocumentFacts(document=document)
        doc._.newskg_facts = facts
    return facts


ensure_extensions()

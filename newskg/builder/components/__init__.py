"""newskg's spaCy components. They only annotate: each reads and extends the
:class:`~newskg.builder.facts.DocumentFacts` on ``doc._.newskg_facts`` and never touches rdflib.

Their factories are all registered in :mod:`newskg.builder.factories`, in pipeline order:
(``newskg_attribution_model``, the learned model, on by default) -> ``newskg_actors`` ->
``newskg_conflicts`` -> ``newskg_speech_acts`` -> ``newskg_relations``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..facts import Document, DocumentFacts

__all__ = ["doc_extension", "facts_of", "ensure_extensions"]

# Whether ``doc._.NAME`` lives in ``doc.user_data[("._.", NAME, None, None)]`` (checked once):
# ``doc._`` builds an Underscore object on every access, and the components read their state
# thousands of times per document.
_DIRECT: bool | None = None


def _direct() -> bool:
    global _DIRECT
    if _DIRECT is None:
        from spacy.vocab import Vocab

        ensure_extensions()
        probe = Doc(Vocab(), words=["probe"])
        marker = object()
        probe._.newskg_facts = marker
        _DIRECT = probe.user_data == {("._.", "newskg_facts", None, None): marker}
    return _DIRECT


def doc_extension(doc: Doc, name: str) -> object:
    """``doc._.get(name)`` for an extension registered with ``default=None`` (no getter), read
    straight from ``doc.user_data`` where spaCy keeps it."""
    if _DIRECT or _direct():
        key: object = ("._.", name, None, None)  # user_data is typed dict[str, Any]; spaCy keys it by tuples
        return doc.user_data.get(key)  # type: ignore[call-overload]
    return doc._.get(name)


def ensure_extensions() -> None:
    """Registers the Doc extensions newskg uses (idempotent)."""
    if not Doc.has_extension("newskg_document"):
        Doc.set_extension("newskg_document", default=None)
    if not Doc.has_extension("newskg_facts"):
        Doc.set_extension("newskg_facts", default=None)
    if not Doc.has_extension("newskg_attributions"):
        Doc.set_extension("newskg_attributions", default=None)


def facts_of(doc: Doc) -> DocumentFacts:
    """The facts being built for ``doc``, created on first use from ``doc._.newskg_document``
    (or an anonymous document holding the Doc's text)."""
    facts = doc_extension(doc, "newskg_facts")
    if isinstance(facts, DocumentFacts):
        return facts
    if facts is None:
        ensure_extensions()
        document = doc._.newskg_document or Document(id="", text=doc.text)
        facts = DocumentFacts(document=document)
        doc._.newskg_facts = facts
        return facts
    raise TypeError(f"doc._.newskg_facts holds a {type(facts).__name__}, not DocumentFacts")


ensure_extensions()

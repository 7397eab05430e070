"""Entity parameters as a user writes them: a key, a label or a Wikidata id, resolved in the store.

An IRI parameter that names an entity (``# param ?accuser: IRI (actor)``) accepts, besides an IRI:

- a Wikidata id, ``wd:Q159``, ``Q159`` or its URL: every actor of the store linked to it with
  ``owl:sameAs`` (all of them are bound: they are one entity);
- a key, ``russia``: the entity's IRI when the store has it;
- a label, ``"Mao Ning"``, ``mao ning``, ``Erdogan``: matched case- and accent-insensitively
  against ``rdfs:label`` and ``skos:altLabel``, first as the whole label, then as words of it
  (``Erdogan`` finds ``Recep Tayyip Erdoğan``). More than one entity is an error listing them.

Explicit IRIs (``<...>``, a full IRI, ``actor:russia``) are bound as given, without a look-up.

Resolution needs a target that runs SELECT queries; the label scan reads every label once
(``DISTINCT``), so it grows with the number of distinct (entity, label) pairs, and runs only when
an exact label or key finds nothing.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping

from rdflib import Literal as RdfLiteral
from rdflib import URIRef
from rdflib.term import Node

from newskg.builder.mapping import DEFAULT_BASE
from newskg.errors import QueryError
from newskg.ontology.terms import NAMESPACE
from newskg.queries.binding import Binding, expand_iri, parse_term, raw_items
from newskg.queries.library import Query, QueryParam
from newskg.queries.targets import SparqlTarget

__all__ = ["normalise_label", "resolve_params"]

logger = logging.getLogger("newskg.queries")

_WIKIDATA = "http://www.wikidata.org/entity/"
_QID = re.compile(r"^(?:wd:|https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)$", re.IGNORECASE)
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EXPLICIT = re.compile(r"^(?:<.*>|[A-Za-z][A-Za-z0-9+.-]*:.*)$")
_CLASS_OF = {"actor": "Actor", "conflict": "Conflict"}
_PREFIXES = (
    f"PREFIX nk: <{NAMESPACE}>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
_LINKED = _PREFIXES + "SELECT DISTINCT ?entity WHERE { ?entity owl:sameAs ?item }"
_EXISTS = _PREFIXES + "SELECT ?entity WHERE { ?entity ?p ?o } LIMIT 1"
_EXACT = _PREFIXES + "SELECT DISTINCT ?entity WHERE { ?entity rdfs:label|skos:altLabel ?label }"
_ALL_LABELS = _PREFIXES + "SELECT DISTINCT ?entity ?label WHERE { ?entity rdfs:label|skos:altLabel ?label }"
# which of some IRIs are of the entity's class (a fixed class of the ontology: nk:Actor, nk:Conflict)
_OF_CLASS = {
    entity: _PREFIXES + f"SELECT DISTINCT ?entity WHERE {{ ?entity a/rdfs:subClassOf* nk:{cls} }}"
    for entity, cls in _CLASS_OF.items()
}
_LABELS = _PREFIXES + "SELECT ?entity (MIN(?l) AS ?label) WHERE { ?entity rdfs:label ?l } GROUP BY ?entity"
_MAX_LISTED = 8


def normalise_label(text: str) -> str:
    """A label for matching: accents and case folded, quotes unified, ``the`` and spaces dropped.

    >>> normalise_label("  The Recep Tayyip  ERDOĞAN ")
    'recep tayyip erdogan'
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = text.casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _select(target: SparqlTarget, sparql: str, bindings: Mapping[str, Binding]) -> list[tuple[Node | None, ...]]:
    _, rows = target.select(sparql, bindings)
    return [tuple(r) for r in rows]


def _of_class(target: SparqlTarget, candidates: Iterable[URIRef], entity: str) -> list[URIRef]:
    found = sorted(set(candidates))
    if not found or entity not in _OF_CLASS:
        return found
    rows = _select(target, _OF_CLASS[entity], {"entity": tuple(found)})
    return sorted({r[0] for r in rows if isinstance(r[0], URIRef)})


def _by_wikidata(target: SparqlTarget, qid: str, param: QueryParam, where: str) -> tuple[URIRef, ...]:
    item = URIRef(_WIKIDATA + qid.upper())
    rows = _select(target, _LINKED, {"item": item})
    found = _of_class(target, (r[0] for r in rows if isinstance(r[0], URIRef)), param.entity or "")
    if not found:
        raise QueryError(
            f"no {param.entity} in this store is linked to wd:{qid.upper()}",
            where=where,
            hint="link the store's actors with `newskg link --store DIR`, or give a label or key",
        )
    return tuple(found)


def _exists(target: SparqlTarget, iri: URIRef) -> bool:
    return bool(_select(target, _EXISTS, {"entity": iri}))


def _label_matches(target: SparqlTarget, text: str, entity: str) -> list[URIRef]:
    literals = (RdfLiteral(text), RdfLiteral(text, lang="en"))
    exact = [r[0] for r in _select(target, _EXACT, {"label": literals}) if isinstance(r[0], URIRef)]
    found = _of_class(target, exact, entity)
    if found:
        return found
    wanted = normalise_label(text)
    labels: dict[URIRef, set[str]] = {}
    for entity_iri, label in _select(target, _ALL_LABELS, {}):
        if isinstance(entity_iri, URIRef) and label is not None:
            labels.setdefault(entity_iri, set()).add(normalise_label(str(label)))
    whole = [e for e, names in labels.items() if wanted in names]
    found = _of_class(target, whole, entity)
    if found:
        return found
    words = wanted.split()
    partial = [e for e, names in labels.items() if any(_has_words(name.split(), words) for name in names)]
    return _of_class(target, partial, entity)


def _has_words(label: list[str], words: list[str]) -> bool:
    """Whether ``words`` occur in ``label`` as a run of whole words."""
    n = len(words)
    return any(label[i : i + n] == words for i in range(len(label) - n + 1)) if n else False


def _describe(target: SparqlTarget, iris: list[URIRef]) -> str:
    rows = _select(target, _LABELS, {"entity": tuple(iris[:_MAX_LISTED])})
    labels = {r[0]: str(r[1]) for r in rows if r[1] is not None}
    from newskg.queries.results import compact_iri

    shown = [f"{labels.get(i, '?')} ({compact_iri(str(i))})" for i in iris[:_MAX_LISTED]]
    more = f" and {len(iris) - _MAX_LISTED} more" if len(iris) > _MAX_LISTED else ""
    return "; ".join(shown) + more


def _resolve_entity(text: str, param: QueryParam, target: SparqlTarget, where: str, base: str) -> Binding:
    value = text.strip()
    if match := _QID.match(value):
        return _by_wikidata(target, match.group(1), param, where)
    if _EXPLICIT.match(value) and not value.lower().startswith("wd:"):
        return expand_iri(value, param=param, where=where, base=base)
    if _KEY.match(value):
        iri = expand_iri(value, param=param, where=where, base=base)
        if _exists(target, iri):
            return iri
    found = _label_matches(target, value, param.entity or "")
    if len(found) == 1:
        logger.info("%s: %r is %s", where, value, found[0])
        return found[0]
    if not found:
        raise QueryError(
            f"no {param.entity} labelled {value!r} (or with that key) in this store",
            where=where,
            hint=f"list them with `newskg query mentions` or give the IRI, e.g. {param.entity}:some-key",
        )
    raise QueryError(
        f"{value!r} matches {len(found)} {param.entity}s: {_describe(target, found)}",
        where=where,
        hint="give one of them by its IRI (as shown) or a longer label",
    )


def resolve_params(
    query: Query,
    raw: Mapping[str, str | Node] | Iterable[str],
    target: SparqlTarget | None,
    *,
    base: str = DEFAULT_BASE,
) -> dict[str, Binding]:
    """Parameters as bound terms: :func:`~newskg.queries.binding.bind_params`, except that an
    entity parameter given as a label, key or Wikidata id is looked up in ``target`` (see the
    module docstring). Without a target, only IRI forms are accepted for IRI parameters."""
    bindings: dict[str, Binding] = {}
    for name, value in raw_items(raw):
        param = query.param(name)
        where = f"query {query.name}, parameter {param.name}"
        if isinstance(value, Node):
            if param.kind == "IRI" and not isinstance(value, URIRef):
                raise QueryError(f"expects an IRI, got {value.n3()}", where=where)
            bindings[param.name] = value
        elif param.kind == "literal":
            bindings[param.name] = parse_term(str(value))
        elif param.entity and target is not None:
            bindings[param.name] = _resolve_entity(str(value), param, target, where, base)
        else:
            bindings[param.name] = expand_iri(str(value), param=param, where=where, base=base)
    return bindings

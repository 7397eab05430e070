"""Corpus-level actor identity: ``newskg identities --store DIR`` (issue 18).

Each document graph names its actors by keys read from that document alone, so one person can carry
several IRIs across a corpus: ``actor:pence`` in an article that never says "Mike",
``actor:mike-pence`` elsewhere. After a build, :func:`update_identities` reads every person and
organisation the document graphs describe and decides which IRIs name one actor:

* **wikidata**: the same Wikidata item (``owl:sameAs``);
* **same-name**: the same given name (or its usual short form: Joe for Joseph) and surname once
  middle names and initials are dropped ("James B. Comey" is "James Comey"), unless the corpus holds
  two middle names for that pair ("George H. W. Bush" and "George W. Bush": "George Bush" then joins
  neither);
* **headline**: a name with headline words around a person's full name ("Hillary Clinton Drops"), or
  an organisation label ending with one ("Green Party's Jill Stein", typed so by NER);
* **unique-surname**: a surname alone, when the corpus names exactly one person with that surname
  ("Pence" joins "Mike Pence"; "Clinton" stays apart while Bill and Hillary Clinton are both named),
  and is no given name of someone in the corpus ("James" does not join "LeBron James" while "James
  Comey" is named). Where the corpus has several people of that surname, it joins the one that every
  document naming the surname alone names in full, if there is one (confidence 0.7).
  NER often reads a lone surname as an organisation: a one-word organisation that
  is such a surname joins the person too, with a lower confidence (0.6 when one of its documents
  names that person in full, else 0.5);
* **acronym**: an organisation's capitals and the one organisation whose words they abbreviate
  ("FBI" and "Federal Bureau of Investigation").

Two IRIs linked to different Wikidata items are never merged, nor a person and a longer
organisation name. The decision is written to the store's identity graph ``<{base}/identities>``
(never into a document graph, so each document graph stays self-contained and a rebuilt document
loses nothing): ``owl:sameAs`` from each other IRI to the canonical one (a Wikidata link, the
fullest name, the most mentioned), and an ``nk:ActorIdentity`` node recording the rule, a
confidence, the names and the documents. Adding articles and running it again recomputes the graph
from the document graphs, which costs one read of the actor descriptions (linear in the corpus).

>>> people = [Actor("http://x/actor/pence", {"Person"}, {"Pence"}), Actor("http://x/actor/mike-pence", {"Person"},
...           {"Mike Pence"}), Actor("http://x/actor/clinton", {"Person"}, {"Clinton"}),
...           Actor("http://x/actor/bill-clinton", {"Person"}, {"Bill Clinton"}),
...           Actor("http://x/actor/hillary-clinton", {"Person"}, {"Hillary Clinton"})]
>>> [(c.canonical.rsplit("/", 1)[1], sorted(m.rsplit("/", 1)[1] for m in c.members), c.rule) for c in cluster(people)]
[('mike-pence', ['mike-pence', 'pence'], 'unique-surname')]
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newskg.ontology.terms import NAMESPACE

from ..facts import slug

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ...store.embedded import EmbeddedStore

__all__ = ["Actor", "Identity", "IdentityReport", "cluster", "identity_graph_iri", "update_identities"]

log = logging.getLogger(__name__)

NK = str(NAMESPACE)
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
WD = "http://www.wikidata.org/entity/"

#: How sure each rule makes the merge; a group's confidence is its weakest step's.
RULE_CONFIDENCE = {"wikidata": 0.98, "same-name": 0.9, "acronym": 0.85, "headline": 0.8, "unique-surname": 0.75}
#: A lone surname the corpus gives to several people, joined to the one every document naming it names.
SURNAME_IN_DOCUMENTS = 0.7
#: A lone surname read as an organisation by NER and joined to the one person bearing it, in a
#: document that names the person in full (0.5 otherwise).
SURNAME_AS_ORGANISATION = 0.6
# Words that are no part of a person's name when it is compared: initials are dropped separately.
_NOT_NAME = frozenset({"mr", "mrs", "ms", "dr", "jr", "sr", "ii", "iii", "iv", "s", "sen", "rep", "gov", "gen"})
# Short forms of given names that news text uses for the same person ("Joe Biden", "Joseph R. Biden Jr.").
_NICKNAMES = {
    "bill": "william", "will": "william", "mike": "michael", "joe": "joseph", "jim": "james", "jimmy": "james",
    "bob": "robert", "bobby": "robert", "rob": "robert", "len": "leonard", "tom": "thomas", "dick": "richard",
    "rick": "richard", "dan": "daniel", "dave": "david", "tony": "anthony", "chuck": "charles", "matt": "matthew",
}
_ACRONYM_SKIP = frozenset({"of", "for", "and", "the", "on", "in", "to", "de"})


@dataclass(slots=True)
class Actor:
    """One actor IRI as the document graphs describe it."""

    iri: str
    kinds: set[str]  # "Person" and/or "Organization": documents may type one IRI differently
    labels: set[str]
    items: set[str] = field(default_factory=set)  # Wikidata ids
    documents: set[str] = field(default_factory=set)  # graph IRIs describing it
    mentions: int = 0

    @property
    def kind(self) -> str:
        return "Person" if "Person" in self.kinds else "Organization"


@dataclass(slots=True)
class Identity:
    """Actor IRIs decided to name one actor."""

    canonical: str
    label: str  # the canonical IRI's name
    members: list[str]
    rule: str  # the weakest rule that joined them
    confidence: float
    labels: list[str]
    documents: list[str]


@dataclass(slots=True)
class IdentityReport:
    actors: int = 0
    identities: int = 0  # groups of two IRIs or more
    merged: int = 0  # IRIs that now point to another one
    triples: int = 0
    rules: dict[str, int] = field(default_factory=dict)
    kept: list[Identity] = field(default_factory=list)  # the decisions, when asked for (``keep=True``)

    def summary(self) -> str:
        by = ", ".join(f"{n} by {rule}" for rule, n in sorted(self.rules.items()))
        return (f"{self.identities} actors named by more than one IRI ({by or 'none'}); {self.merged} of "
                f"{self.actors} person and organisation IRIs point to another; {self.triples} triples")


def _words(label: str) -> list[str]:
    return [w for w in slug(label).split("-") if len(w) > 1 and w not in _NOT_NAME]


class _Groups:
    """Union-find over actor indices that keeps Wikidata items and kinds apart."""

    def __init__(self, actors: list[Actor]) -> None:
        self.actors = actors
        self.parent = list(range(len(actors)))
        self.items = [set(a.items) for a in actors]
        self.rule = ["" for _ in actors]
        self.confidence = [1.0 for _ in actors]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, rule: str, *, confidence: float | None = None, cross_kind: bool = False) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if self.items[a] and self.items[b] and self.items[a] != self.items[b]:
            return False  # two Wikidata items: never one actor
        if self.actors[a].kind != self.actors[b].kind and not cross_kind:
            return False  # a person and an organisation
        if self.actors[b].kind == "Person" and self.actors[a].kind != "Person":
            a, b = b, a  # the person's group absorbs a lone surname read as an organisation
        self.parent[b] = a
        self.items[a] |= self.items[b]
        steps = [(self.rule[a], self.confidence[a]), (self.rule[b], self.confidence[b]),
                 (rule, RULE_CONFIDENCE[rule] if confidence is None else confidence)]
        self.rule[a], self.confidence[a] = min((s for s in steps if s[0]), key=lambda s: s[1])
        return True


def _full_names(actors: list[Actor]) -> dict[int, tuple[str, tuple[str, ...], str]]:
    """(given name, middle names and initials, surname) of the first person label of two words or
    more, per actor."""
    out = {}
    for i, actor in enumerate(actors):
        if actor.kind != "Person":
            continue
        for label in sorted(actor.labels):
            every = [w for w in slug(label).split("-") if w not in _NOT_NAME]
            named = [n for n, w in enumerate(every) if len(w) > 1]
            if len(named) >= 2:
                first, last = named[0], named[-1]
                out[i] = (every[first], tuple(every[first + 1 : last]), every[last])
                break
    return out


def _join_wikidata(groups: _Groups, actors: list[Actor]) -> None:
    by_item: dict[str, list[int]] = defaultdict(list)
    for i, actor in enumerate(actors):
        for item in actor.items:
            by_item[item].append(i)
    for members in by_item.values():
        for j in members[1:]:
            groups.join(members[0], j, "wikidata")


def _join_same_names(groups: _Groups, full: dict[int, tuple[str, tuple[str, ...], str]]) -> None:
    """Given name (or its usual short form) + surname, unless two people of the corpus differ by their
    middle names."""
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (given, _middle, surname) in full.items():
        by_name[(_NICKNAMES.get(given, given), surname)].append(i)
    for members in by_name.values():
        middles = {full[i][1] for i in members} - {()}
        if len(middles) > 1:  # "George H. W. Bush" and "George W. Bush": join each middle name's own
            for middle in middles:
                same = [i for i in members if full[i][1] == middle]
                for j in same[1:]:
                    groups.join(same[0], j, "same-name")
            continue
        for j in members[1:]:
            groups.join(members[0], j, "same-name")


def _join_surnames(groups: _Groups, actors: list[Actor], full: dict[int, tuple[str, tuple[str, ...], str]]) -> None:
    """A lone surname joins the one person of the corpus bearing it, unless it is a given name too."""
    surnames: dict[str, set[int]] = defaultdict(set)
    bearers: dict[str, list[int]] = defaultdict(list)
    given = {name[0] for name in full.values()}
    for i, name in full.items():
        surnames[name[2]].add(groups.find(i))
        bearers[name[2]].append(i)
    for i, actor in enumerate(actors):
        if i in full or (actor.items and actor.kind != "Person"):  # a linked organisation is one
            continue
        single = {w[0] for w in (tuple(_words(label)) for label in actor.labels) if len(w) == 1}
        if len(single) != 1 or not single <= surnames.keys():
            continue
        (word,) = single
        people = {groups.find(p) for p in surnames[word]}
        if word in given:
            continue
        confidence = RULE_CONFIDENCE["unique-surname"]
        if len(people) > 1 and actor.kind == "Person":  # "Cruz" beside Ted and Heidi Cruz: read its documents
            people, confidence = _named_beside(groups, actor, bearers[word]), SURNAME_IN_DOCUMENTS
        if len(people) != 1:
            continue
        if actor.kind == "Person":
            groups.join(next(iter(people)), i, "unique-surname", confidence=confidence)
        elif not any(label.isupper() for label in actor.labels):  # "PENCE" may be an acronym
            confidence = SURNAME_AS_ORGANISATION if actor.documents & _documents(groups, people) else 0.5
            groups.join(next(iter(people)), i, "unique-surname", confidence=confidence, cross_kind=True)


def _named_beside(groups: _Groups, actor: Actor, bearers: list[int]) -> set[int]:
    """The one person every document of a lone surname also names in full, else nobody (empty)."""
    found: set[int] = set()
    for document in actor.documents:
        here = {groups.find(p) for p in bearers if document in groups.actors[p].documents}
        if len(here) != 1:
            return set()  # no one, or two people of that surname, named in full in this document
        found |= here
    return found if len(found) == 1 else set()


def _documents(groups: _Groups, roots: set[int]) -> set[str]:
    return {d for i, actor in enumerate(groups.actors) if groups.find(i) in roots for d in actor.documents}


def _join_headlines(groups: _Groups, actors: list[Actor], full: dict[int, tuple[str, tuple[str, ...], str]]) -> None:
    """ "Hillary Clinton Drops" holds the whole name of another person label: it is that person."""
    names: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i in full:
        for label in actors[i].labels:
            words = tuple(_words(label))
            if len(words) == 2:
                names[words].add(groups.find(i))
    for i in full:
        words = max((tuple(_words(label)) for label in actors[i].labels), key=len)
        if len(words) < 3:
            continue
        inner = {p for n in range(len(words) - 1) for p in names.get(words[n : n + 2], ()) if p != groups.find(i)}
        if len(inner) == 1:
            groups.join(next(iter(inner)), i, "headline")
    for i, actor in enumerate(actors):  # "Green Party's Jill Stein", typed an organisation by NER
        if actor.kind != "Organization" or actor.items:
            continue
        ends = {names_end for label in actor.labels if len(words := tuple(_words(label))) >= 3
                for names_end in names.get(words[-2:], ())}
        if len(ends) == 1:
            groups.join(next(iter(ends)), i, "headline", confidence=0.7, cross_kind=True)


def _join_acronyms(groups: _Groups, actors: list[Actor]) -> None:
    initials: dict[str, set[int]] = defaultdict(set)
    for i, actor in enumerate(actors):
        if actor.kind != "Organization":
            continue
        for label in actor.labels:
            words = [w for w in label.replace("-", " ").split() if w.lower() not in _ACRONYM_SKIP]
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                initials["".join(w[0] for w in words)].add(i)
    for i, actor in enumerate(actors):
        if actor.kind != "Organization":
            continue
        for label in actor.labels:
            letters = label.replace(".", "")
            if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
                found = {groups.find(j) for j in initials.get(letters, ())}
                if len(found) == 1:
                    groups.join(next(iter(found)), i, "acronym")


def _canonical(actors: list[Actor], members: list[int]) -> int:
    def rank(i: int) -> tuple[int, int, int, int, int, str]:
        longest = max((len(_words(label)) for label in actors[i].labels), default=0)
        return (-bool(actors[i].items), -(actors[i].kind == "Person"), -(longest >= 2), -actors[i].mentions,
                longest, actors[i].iri)

    return min(members, key=rank)


def cluster(actors: Iterable[Actor]) -> list[Identity]:
    """The groups of two actor IRIs or more that name one actor, canonical IRI first chosen by: a
    Wikidata link, a person, a full name, the most mentions, then the IRI."""
    listed = sorted(actors, key=lambda a: a.iri)
    groups = _Groups(listed)
    full = _full_names(listed)
    _join_wikidata(groups, listed)
    _join_same_names(groups, full)
    _join_headlines(groups, listed, full)
    _join_surnames(groups, listed, full)
    _join_acronyms(groups, listed)
    found: dict[int, list[int]] = defaultdict(list)
    for i in range(len(listed)):
        found[groups.find(i)].append(i)
    out = []
    for root, members in found.items():
        if len(members) < 2:
            continue
        best = _canonical(listed, members)
        out.append(Identity(
            canonical=listed[best].iri,
            label=max(sorted(listed[best].labels), key=lambda label: len(_words(label))),
            members=sorted(listed[i].iri for i in members),
            rule=groups.rule[root],
            confidence=groups.confidence[root],
            labels=sorted({label for i in members for label in listed[i].labels}),
            documents=sorted({d for i in members for d in listed[i].documents}),
        ))
    return sorted(out, key=lambda identity: identity.canonical)


# -- the store ------------------------------------------------------------------------------------

_ACTORS = f"""PREFIX nk: <{NK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?g ?actor ?class ?label ?same WHERE {{
  GRAPH ?g {{
    VALUES ?class {{ nk:Person nk:Organization }}
    ?actor a ?class ; rdfs:label ?label .
    OPTIONAL {{ ?actor owl:sameAs ?same }}
  }}
}}"""

_MENTIONS = f"""PREFIX nk: <{NK}>
SELECT ?actor (COUNT(?m) AS ?n) WHERE {{ GRAPH ?g {{ ?m nk:denotes ?actor }} }} GROUP BY ?actor"""


def identity_graph_iri(base: str) -> str:
    """The named graph holding a store's identity decisions (outside ``{base}/graph/``, where the
    document graphs are, so no document id can name it)."""
    return base.rstrip("/") + "/identities"


def _read_actors(store: ox.Store) -> list[Actor]:
    actors: dict[str, Actor] = {}
    for row in store.query(_ACTORS):  # type: ignore[union-attr]
        iri = row["actor"].value
        actor = actors.get(iri)
        if actor is None:
            actor = actors[iri] = Actor(iri, set(), set())
        actor.kinds.add(row["class"].value.removeprefix(NK))
        actor.labels.add(row["label"].value)
        actor.documents.add(row["g"].value)
        same = row["same"]
        if same is not None and same.value.startswith(WD):
            actor.items.add(same.value.removeprefix(WD))
    for row in store.query(_MENTIONS):  # type: ignore[union-attr]
        actor = actors.get(row["actor"].value)
        if actor is not None:
            actor.mentions = int(row["n"].value)
    return list(actors.values())


def _triples(identities: list[Identity], base: str) -> list[ox.Triple]:
    import pyoxigraph as ox

    def node(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    out = []
    decimal = node("http://www.w3.org/2001/XMLSchema#decimal")
    rdf_type = node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for identity in identities:
        subject = node(f"{base}/identity/{identity.canonical.rsplit('/actor/', 1)[-1]}")
        out.append(ox.Triple(subject, rdf_type, node(NK + "ActorIdentity")))
        out.append(ox.Triple(subject, node(NK + "canonicalActor"), node(identity.canonical)))
        out.append(ox.Triple(subject, node("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(identity.label)))
        out.append(ox.Triple(subject, node(NK + "identityRule"), ox.Literal(identity.rule)))
        out.append(ox.Triple(subject, node(NK + "confidence"), ox.Literal(f"{identity.confidence}", datatype=decimal)))
        for label in identity.labels:
            out.append(ox.Triple(subject, node("http://www.w3.org/2004/02/skos/core#altLabel"), ox.Literal(label)))
        for member in identity.members:
            out.append(ox.Triple(subject, node(NK + "identifies"), node(member)))
            if member != identity.canonical:
                out.append(ox.Triple(node(member), node(OWL_SAME_AS), node(identity.canonical)))
        for graph in identity.documents:
            document = graph.replace("/graph/", "/doc/", 1)
            out.append(ox.Triple(subject, node("http://www.w3.org/ns/prov#wasDerivedFrom"), node(document)))
    return out


def _base_of(actors: list[Actor]) -> str | None:
    bases: dict[str, int] = defaultdict(int)
    for actor in actors:
        if "/actor/" in actor.iri:
            bases[actor.iri.rsplit("/actor/", 1)[0]] += 1
    return max(sorted(bases), key=lambda b: bases[b]) if bases else None


def update_identities(store: str | Path | EmbeddedStore, *, keep: bool = False,
                      progress: Callable[[str], None] | None = None) -> IdentityReport:
    """Recomputes the identity graph of an embedded store (a directory or an
    :class:`~newskg.store.embedded.EmbeddedStore`) from its document graphs and replaces it in one
    update; ``keep`` puts the decisions on the report, ``progress`` hears what is being done. Raises
    :class:`~newskg.errors.StoreError` naming the store."""
    from ...store.embedded import EmbeddedStore
    from ...store.management import open_store

    say = progress or (lambda _message: None)
    opened = not isinstance(store, EmbeddedStore)
    target = open_store(store, read_only=False) if not isinstance(store, EmbeddedStore) else store
    try:
        say(f"reading the persons and organisations of {target.path}")
        actors = _read_actors(target.store)
        report = IdentityReport(actors=len(actors))
        base = _base_of(actors)
        if base is None:
            return report
        say(f"deciding which of {len(actors):,} actor IRIs name one actor")
        identities = cluster(actors)
        triples = _triples(identities, base)
        say(f"writing {len(triples):,} triples to <{identity_graph_iri(base)}>")
        target.put_graph(identity_graph_iri(base), triples)  # one update: old and new never coexist
    finally:
        if opened:
            target.close()
    report.identities = len(identities)
    report.kept = identities if keep else []
    report.merged = sum(len(i.members) - 1 for i in identities)
    report.triples = len(triples)
    for identity in identities:
        report.rules[identity.rule] = report.rules.get(identity.rule, 0) + 1
    log.info("%s: %s", target.path, report.summary())
    return report

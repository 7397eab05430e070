"""Linking a document's facts: the call the build makes after extraction, and the linker it uses.

Keys: an entity keeps its key (and so its IRI) when it is linked online; only a link to a
*gazetteer* entry whose key differs re-keys it, to that entry's key, throughout the facts. The
gazetteer is shipped with newskg and the same on every machine, so this re-keying is
deterministic and makes "Pashinyan" in one article and "Nikol Pashinyan" in another the same
IRI; an online link, which depends on the network and on Wikidata's state that day, only adds
``owl:sameAs`` (users merge on the QID), so the IRIs of a corpus never depend on connectivity.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import overload

from ..facts import ActorKind, Conflict, DocumentFacts, Entity, Mention
from .base import ChainLinker, EntityLinker, LinkDecision, LinkQuery
from .cache import LinkCache, default_cache_path
from .gazetteer import Gazetteer, GazetteerLinker
from .referents import mark_referents

__all__ = ["build_linker", "link_facts", "rekey_entity"]

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://www.wikidata.org/w/api.php"
DEFAULT_SPARQL_URL = "https://query.wikidata.org/sparql"

# Below this an online decision is kept in the cache (so it is not asked again) but not asserted.
MIN_CONFIDENCE = 0.5


def build_linker(
    *,
    offline: bool,
    cache_path: Path | None = None,
    api_url: str = DEFAULT_API_URL,
    sparql_url: str = DEFAULT_SPARQL_URL,
    gazetteer: Gazetteer | None = None,
    timeout: float = 10.0,
    min_interval: float = 0.2,
) -> ChainLinker:
    """The linker a build uses: cache -> gazetteer -> (unless ``offline``) Wikidata online.

    ``cache_path`` None means the user cache directory. Offline, the cache is only read (and not
    created). Online, the first failure to reach Wikidata logs one warning and the rest of the
    build links from cache and gazetteer.
    """
    gazetteer = gazetteer or Gazetteer.default()
    path = cache_path if cache_path is not None else default_cache_path()
    cache = LinkCache(path, read_only=offline)
    linkers: list[EntityLinker] = [GazetteerLinker(gazetteer)]
    if not offline:
        from .online import WikidataLinker

        linkers.append(WikidataLinker(api_url=api_url, sparql_url=sparql_url, timeout=timeout,
                                      min_interval=min_interval))
    return ChainLinker(linkers, cache=cache)


def _query_for(facts: DocumentFacts, entity: Entity, states: tuple[str, ...]) -> LinkQuery:
    titles = []
    for position in facts.positions:
        if position.holder == entity.key:
            state = facts.entities.get(position.of_state) if position.of_state else None
            titles.append((position.title, state.label if state else position.of_state))
    return LinkQuery(
        text=entity.label, kind=entity.kind.value, titles=tuple(titles), states=states,
        key=entity.key, document=facts.document.id,
    )


def link_facts(facts: DocumentFacts, linker: EntityLinker) -> None:
    """Sets ``qid``, ``link_confidence`` and ``source`` on the entities and conflicts without a QID,
    then each mention's literal referent and metonymy type (:func:`.referents.mark_referents`).

    A decision naming a gazetteer entry with another key re-keys the entity (see the module doc).
    Decisions below ``MIN_CONFIDENCE`` and considered "no link" decisions leave the entity as it was.
    """
    states = tuple(sorted(e.label for e in facts.entities.values() if e.kind is ActorKind.STATE))
    for entity in list(facts.entities.values()):
        if entity.qid or entity.key not in facts.entities:
            continue
        if entity.kind is ActorKind.GROUP and entity.members:
            continue  # "Russian officials", "the three powers": a group of actors, not one item
        if entity.source == "unnamed":
            continue  # "officials", "witnesses": this document's unnamed sources, nobody in Wikidata
        decision = linker.link(_query_for(facts, entity, states))
        if decision is None:
            continue
        target = entity
        if decision.key and decision.key != entity.key:  # only the gazetteer names keys
            target = rekey_entity(facts, entity.key, decision.key, label=decision.label)
        if decision.qid is None or decision.confidence < MIN_CONFIDENCE:
            continue
        if target.qid is None:
            target.qid = decision.qid
            target.link_confidence = round(decision.confidence, 3)
            target.source = decision.source
    for conflict in facts.conflicts.values():
        if conflict.qid:
            continue
        decision = linker.link(LinkQuery(conflict.label, "Conflict", states=states, key=conflict.key,
                                         document=facts.document.id))
        if decision is not None and decision.qid and decision.confidence >= MIN_CONFIDENCE:
            conflict.qid = decision.qid
    mark_referents(facts)  # literal referents follow the links: "Russia" names Q159 once Russia is linked


def rekey_entity(facts: DocumentFacts, old: str, new: str, *, label: str | None = None) -> Entity:
    """Renames entity ``old`` to ``new`` everywhere in ``facts``; merges into ``new`` if it exists.

    Returns the entity now under ``new``. Touches entities (and their country/members), every
    mention (also those held by speech acts, relations and conflicts), speech-act topics,
    conflicts' participant lists, relations and positions.
    """
    entity = facts.entities.pop(old)
    kept = facts.entities.get(new)
    if kept is None:
        entity.key = new
        if label and label != entity.label:
            entity.aliases = tuple(dict.fromkeys((*entity.aliases, entity.label)))
            entity.label = label
        facts.entities[new] = entity
        kept = entity
    else:
        kept.aliases = tuple(dict.fromkeys((*kept.aliases, entity.label, *entity.aliases)))
        if kept.qid is None and entity.qid:
            kept.qid, kept.link_confidence, kept.source = entity.qid, entity.link_confidence, entity.source
    _Rekey(old, new).apply(facts)
    log.debug("%s: re-keyed %s -> %s", facts.document.id, old, new)
    return kept


class _Rekey:
    """Key ``old`` replaced by ``new`` in every place of a document's facts that holds a key."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.seen: set[int] = set()

    @overload
    def one(self, key: str) -> str: ...
    @overload
    def one(self, key: None) -> None: ...
    def one(self, key: str | None) -> str | None:
        return self.new if key == self.old else key

    def all(self, keys):  # noqa: ANN001, ANN201 - tuple or list of keys, same type back
        swapped = list(dict.fromkeys(self.new if k == self.old else k for k in keys))
        return tuple(swapped) if isinstance(keys, tuple) else swapped

    def mention(self, mention: Mention | None) -> None:
        if mention is None or id(mention) in self.seen:
            return
        self.seen.add(id(mention))
        mention.denotes = self.all(mention.denotes)

    def apply(self, facts: DocumentFacts) -> None:
        for e in facts.entities.values():
            e.country = self.one(e.country)
            e.members = self.all(e.members)
        for mention in facts.mentions:
            self.mention(mention)
        for act in facts.speech_acts:
            for mention in (*act.speakers, *act.addressees, *act.targets):
                self.mention(mention)
            act.topics = self.all(act.topics)
        conflict: Conflict
        for conflict in facts.conflicts.values():
            for mention in conflict.mentions:
                self.mention(mention)
            conflict.participants = self.all(conflict.participants)
            conflict.supporters = self.all(conflict.supporters)
            conflict.mediators = self.all(conflict.mediators)
            conflict.locations = self.all(conflict.locations)
        for relation in facts.relations:
            relation.subject = self.one(relation.subject)
            relation.object = self.one(relation.object)
            self.mention(relation.subject_mention)
            self.mention(relation.object_mention)
        for position in facts.positions:
            position.holder = self.one(position.holder)
            position.of_state = self.one(position.of_state)


def decision_summary(decision: LinkDecision | None) -> str:
    """One line for a user: "Q7747 (0.98, gazetteer)" or "no link"."""
    if decision is None or decision.qid is None:
        return "no link"
    cached = ", cached" if decision.cached else ""
    return f"{decision.qid} ({decision.confidence:.2f}, {decision.source}{cached})"

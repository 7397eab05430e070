"""Relations the graph asserts: supports, mediates, memberOf, participantIn, opposes.

Cues come from ``data/relations_cues.tsv`` (verbs and nouns by lemma); subjects and objects are
read from the dependency parse and resolved with :func:`.resolution.resolve_phrase`, so pronouns,
metonyms and groups work as they do for speech acts. Passive voice swaps the roles ("Syria is
backed by Russia"); a relative clause takes its antecedent ("the peace process that has long been
mediated by the U.S., Russia and France"); a non-actor object stands for its possessor
("backed Azerbaijan's military operations" -> Azerbaijan).

Claims are not facts: a cue inside the content of a speech act ("accused X of supplying weapons",
"maintains that Turkey is involved in the war") belongs to that act and is skipped, as is one in
the complement of any reporting verb. The relations then fill the conflicts' participants,
supporters and mediators: a supporter of a party to a conflict supports in that conflict. With the
participants known, the component applies PLOVER's party rule to the speech acts
(:func:`.speech_acts.apply_party_rule`: a party's call for a ceasefire is an offer).

Holding a position is not repeated here: the actor component's Position facts carry it.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..facts import ActorKind, Mention, Relation, RelationKind, Span
from . import coreference, facts_of
from .actor_state import states_modifying
from .conflicts import conflict_at
from .doc_index import DocIndex, doc_index, sentence_of, sentence_span, text_span
from .lexicons import RelationCue, conflict_words, relation_cues
from .resolution import actor_state, mention_confidence, resolve_phrase
from .speech_acts import apply_party_rule

__all__ = ["RelationExtractor", "find_relations"]

log = logging.getLogger(__name__)

#: Object nouns of "mediate" that stand for the conflict being mediated.
_PEACE_NOUNS = frozenset(
    {"process", "talks", "talk", "negotiation", "negotiations", "peace", "settlement", "ceasefire", "truce", "dialogue"}
)
#: Dependencies under which a clause is reported, not asserted.
_REPORTED_DEPS = frozenset({"ccomp", "pcomp", "xcomp", "advcl", "prep", "acl", "relcl", "conj", "dobj", "pobj"})
_REPORTING_LEMMAS = frozenset(
    {
        "say", "claim", "allege", "accuse", "deny", "insist", "maintain", "argue", "suggest", "report",
        "believe", "think", "fear", "warn", "charge", "blame", "assert", "contend", "suspect", "tell", "add",
    }
)


class RelationExtractor:
    """The ``newskg_relations`` component: see the module docstring.

    with_cues: put the cue span ("backed", "mediated") on each Relation fact (the mapping writes it
    as evidence, not ``nk:cue``, which marks communication events). Off, relations carry only
    their sentence.
    """

    def __init__(self, nlp: Language, name: str, *, with_cues: bool = True) -> None:
        self.name = name
        self.with_cues = with_cues

    def __call__(self, doc: Doc) -> Doc:
        find_relations(doc, with_cues=self.with_cues)
        # PLOVER's party rule (a ceasefire call by a party is an offer) needs the conflicts'
        # participants, which only the relations just read fill; the rule is idempotent.
        changed = apply_party_rule(facts_of(doc))
        if changed:
            log.debug("document %r: %d appeals by parties to a conflict read as offers", facts_of(doc).document.id,
                      changed)
        return doc


def _sentence_span(token: Token) -> Span:
    return sentence_span(token.doc, token.i)


def _cue_span(doc: Doc, start: int, end: int) -> Span:
    return text_span(doc, start, end)


def _is_reported(doc: Doc, token: Token, content: list[tuple[int, int]]) -> bool:
    """True when ``token`` lies in a speech act's content or under a reporting verb's complement.

    A relative clause or participle on a noun ("the peace process that has long been mediated by
    ...") is the reporter's description of what the claim is about, not the claim: it is asserted.
    """
    for node in (token, *token.ancestors):
        if node.dep_ == "relcl" or (node.dep_ == "acl" and node.tag_ == "VBN"):
            return False
        if node.lemma_.lower() in _REPORTING_LEMMAS and node.pos_ == "VERB":
            break
    if any(start <= token.idx < end for start, end in content):
        return True
    child = token
    for ancestor in token.ancestors:
        if (
            ancestor.lemma_.lower() in _REPORTING_LEMMAS
            and ancestor.pos_ == "VERB"
            and child.dep_ in _REPORTED_DEPS
            and child.dep_ not in ("dobj", "conj")
        ):
            return True
        child = ancestor
    return False


def _phrase(doc: Doc, token: Token) -> list[Mention]:
    """Actors of the phrase headed by ``token``; a non-actor head stands for its possessor or the
    state modifying it ("backed Azerbaijan's operations", "backed the Turkish initiative")."""
    span = doc[token.left_edge.i : token.right_edge.i + 1]
    found = resolve_phrase(doc, span)
    if found:
        return found
    for child in token.children:
        if child.dep_ == "poss":
            return resolve_phrase(doc, doc[child.left_edge.i : child.right_edge.i + 1])
    if token.pos_ == "NOUN":
        state = actor_state(doc)
        return [
            state.mention(start, end, (key,), "demonym", 0.7)
            for start, end, key in states_modifying(state, token)
            if key in facts_of(doc).entities
        ]
    return []


_PUBLIC_RELATIONS = frozenset({"mediates", "memberOf"})
_SIDES_NOUNS = frozenset({"talk", "talks", "negotiation", "process", "mediation", "dialogue", "truce", "ceasefire"})
_NEUTRAL_REPORTING = frozenset({"say", "tell", "report", "announce", "confirm", "add", "note", "state"})


def _plainly_reported(doc: Doc, token: Token) -> bool:
    """True when the nearest reporting verb above ``token`` is a neutral one ("said", "told")."""
    for ancestor in token.ancestors:
        lemma = ancestor.lemma_.lower()
        if ancestor.pos_ == "VERB" and (lemma in _REPORTING_LEMMAS or lemma in _NEUTRAL_REPORTING):
            return lemma in _NEUTRAL_REPORTING
    return False


def _agent(doc: Doc, verb: Token) -> list[Mention]:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _phrase(doc, obj)
    return []


def _subject(doc: Doc, verb: Token) -> tuple[list[Mention], bool]:
    """(subject mentions, passive) of a verb; a relative clause's "that/which" is its antecedent,
    an "acl" participle's subject the noun it modifies ("the powers co-heading the group")."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ in ("WDT", "WP") or child.lower_ in ("that", "which", "who"):
                if verb.dep_ == "relcl":
                    # "that" is the noun itself, never its possessor; "Qatar and Egypt, which ..."
                    # hangs the clause on the last conjunct but means them all.
                    head = verb.head
                    while head.dep_ == "conj" and head.head.i != head.i:
                        head = head.head
                    return resolve_phrase(doc, doc[head.left_edge.i : head.right_edge.i + 1]), passive
                return [], passive
            return _phrase(doc, child), passive
    if verb.dep_ in ("acl", "relcl"):
        return _phrase(doc, verb.head), passive
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(doc, verb.head)
    return [], passive


def _object(doc: Doc, verb: Token) -> tuple[list[Mention], Token | None]:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr"):
            return _phrase(doc, child), child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "to", "against", "with"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _phrase(doc, obj), obj
    return [], None


_DASHES = ("-", "\u2010", "\u2011")
_CUE_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN"})


def _co_verb(index: DocIndex, i: int) -> tuple[int, str] | None:
    """"co-heading" split by the tokenizer into co / - / heading: (first token, lemma "co-head").
    Reads the doc index (:func:`doc_index`)."""
    if i >= 2 and index.texts[i - 1] in _DASHES and index.lower[i - 2] == "co":
        return i - 2, f"co-{index.lemma[i]}"
    return None


def find_relations(doc: Doc, *, with_cues: bool = True) -> None:
    """Adds the document's relations to ``facts_of(doc).relations`` and fills its conflicts' roles
    (``with_cues``: keep each relation's cue span on the fact)."""
    actor_state(doc)
    finder = _RelationFinder(doc, with_cues=with_cues)
    index = finder.index
    # the tokens a cue can be: verbs, nouns and the second half of a split "co-" verb
    texts, lower = index.texts, index.lower
    split = {i for i in range(2, len(texts)) if texts[i - 1] in _DASHES and lower[i - 2] == "co"}
    for i in [i for i, pos in enumerate(index.pos) if pos in _CUE_POS or i in split]:
        finder.read_cue(i, split=i in split)
    _sides(doc, finder.add)
    _fill_conflicts(doc)


class _RelationFinder:
    """What :func:`find_relations` keeps while it reads a document: its facts, the speech acts'
    content spans (what is only reported), the relations added so far."""

    def __init__(self, doc: Doc, *, with_cues: bool) -> None:
        self.doc = doc
        self.facts = facts_of(doc)
        self.with_cues = with_cues
        self.cues = relation_cues()
        self.index = doc_index(doc)
        self.content = [(a.content.start, a.content.end) for a in self.facts.speech_acts if a.content is not None]
        self.seen: set[tuple[str, str, str, int]] = set()

    def add(self, kind: RelationKind, subj: Mention, obj_key: str, obj: Mention | None, cue: Span, token: Token,
            confidence: float) -> None:
        doc = self.doc
        for subject_key in subj.denotes:
            if subject_key == obj_key:
                continue
            key = (kind.value, subject_key, obj_key, cue.start)
            if key in self.seen:
                continue
            self.seen.add(key)
            sure = confidence * min(mention_confidence(doc, subj), mention_confidence(doc, obj) if obj else 0.9)
            self.facts.relations.append(
                Relation(
                    kind=kind,
                    subject=subject_key,
                    object=obj_key,
                    evidence=_sentence_span(token),
                    cue=cue if self.with_cues else None,
                    subject_mention=subj,
                    object_mention=obj,
                    confidence=round(min(0.95, sure / 0.9), 3),
                )
            )

    def read_cue(self, i: int, *, split: bool) -> None:
        """Adds what the token ``i`` relates when it is a relation cue (``split``: the second half
        of a "co-" verb the tokenizer split)."""
        pos, lemma, first = self.index.pos[i], self.index.lemma[i], i
        co = _co_verb(self.index, i) if split else None
        if co is not None:
            first, lemma = co
        is_verb = pos in ("VERB", "AUX") or (co is not None)
        is_noun = pos in ("NOUN", "PROPN") and co is None
        if not (is_verb or is_noun):
            return
        cue = self.cues.get((lemma, is_noun))
        if cue is None:
            return
        token = self.doc[i]  # only for a cue: most tokens are ruled out from the index's lists
        confidence = self._asserted(token, cue, split=co is not None)
        if confidence is None:
            return
        cue_span = _cue_span(self.doc, first, token.i + 1)
        kind = RelationKind(cue.relation)
        if is_noun:
            _nominal(self.doc, token, cue, kind, cue_span, self.add)
        else:
            self._verbal(token, cue, kind, cue_span, confidence, co_first=first if co is not None else None)

    def _asserted(self, token: Token, cue: RelationCue, *, split: bool) -> float | None:
        """The cue's confidence, lowered when a speech act reports it; None when the relation is
        only someone's claim."""
        confidence = cue.confidence
        if split:
            # The split breaks the parse, so only the speech acts' content spans can tell.
            if any(start <= token.idx < end for start, end in self.content):
                return None
        elif _is_reported(self.doc, token, self.content):
            # Who mediates or belongs to what is public record, not a contested claim: reported
            # plainly ("Qatar and Egypt are mediating ..., officials said") it is still asserted.
            if cue.relation not in _PUBLIC_RELATIONS or not _plainly_reported(self.doc, token):
                return None
            confidence *= 0.85
        return confidence

    def _verbal(self, token: Token, cue: RelationCue, kind: RelationKind, cue_span: Span, confidence: float, *,
                co_first: int | None) -> None:
        doc = self.doc
        if co_first is not None:
            # The tokenizer's split breaks the parse: the subject is the noun right before "co-".
            objects, obj_token = _object(doc, token)
            subjects = _co_subject(doc, doc[co_first - 1], obj_token) if co_first > 0 else []
        else:
            subjects, passive = _subject(doc, token)
            objects, _obj_token = _object(doc, token)
            if passive:
                objects, subjects = subjects, _agent(doc, token)
        if cue.direction == "mediate":
            # What is mediated is a conflict or its peace process; an actor object ("mediated
            # Ankara's involvement") still points at the conflict under discussion.
            conflict_keys = _conflicts_for(doc, token, [])
            for subj in subjects:
                for conflict_key in conflict_keys:
                    self.add(kind, subj, conflict_key, None, cue_span, token, confidence)
        elif cue.direction == "fight":
            conflict_keys = _conflicts_for(doc, token, [])
            # Those who fight are parties; those fought (or bombed) are parties only when they are
            # states or organisations, not "civilians" or "towns".
            parties = [m for m in subjects if _is_actor(doc, m)] + [
                m for m in objects if _is_actor(doc, m) and _is_state_or_org(doc, m)
            ]
            for conflict_key in conflict_keys:
                for mention in parties:
                    self.add(kind, mention, conflict_key, None, cue_span, token, confidence)
        else:
            for subj in subjects:
                for obj in objects:
                    for obj_key in obj.denotes:
                        self.add(kind, subj, obj_key, obj, cue_span, token, confidence)


def _sides(doc: Doc, add) -> None:  # noqa: ANN001
    """The sides of a conflict named by its peace talks or the conflict noun itself:
    "Armenian-Azerbaijani peace talks", "the war between Armenia and Azerbaijan"."""
    state = actor_state(doc)
    facts = facts_of(doc)
    words = conflict_words()
    index = doc_index(doc)
    lemmas = index.lemma
    # only a talks noun or a conflict word can pass the tests below: no Token for the others
    for i in [i for i, lemma in enumerate(lemmas) if lemma in _SIDES_NOUNS or lemma in words]:
        lemma = lemmas[i]
        token = doc[i]
        # the children are walked only for the few talks nouns: the walk is most of this loop's cost
        is_talks = lemma in _SIDES_NOUNS and (
            any(c.lower_ == "peace" for c in token.lefts)
            or any(c.dep_ == "prep" and c.lower_ == "between" for c in token.rights)
        )
        if not (is_talks or lemma in words):
            continue
        sides: list[Mention] = []
        for start, end, key in states_modifying(state, token):
            if key in facts.entities:
                sides.append(state.mention(start, end, (key,), "demonym", 0.8))
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "between":
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    sides += resolve_phrase(doc, doc[obj.left_edge.i : obj.right_edge.i + 1])
        if len(sides) < 2:
            continue
        sent = sentence_of(doc, token.i)
        # The sides of the talks are how the reporter names the parties, even inside a reported
        # claim ("... restart Armenian-Azerbaijani peace talks"); trust it a little less there.
        confidence = 0.5 if any(start <= token.idx < end for start, end in _contents(doc)) else 0.6
        conflicts = _conflicts_for(doc, token, [])
        cue = _cue_span(doc, token.i, token.i + 1)
        for conflict_key in conflicts:
            for side in sides:
                if _is_actor(doc, side):
                    add(RelationKind.PARTICIPANT_IN, side, conflict_key, None, cue, sent.root, confidence)


def _contents(doc: Doc) -> list[tuple[int, int]]:
    return [(a.content.start, a.content.end) for a in facts_of(doc).speech_acts if a.content is not None]


def _co_subject(doc: Doc, noun: Token, obj: Token | None) -> list[Mention]:
    """The noun before "co-heading X": itself, or a description read together with X ("the three
    powers co-heading the Minsk Group" -> the group's members)."""
    found = _phrase(doc, noun)
    if found or obj is None:
        return found
    span = doc[noun.left_edge.i : obj.right_edge.i + 1]
    return coreference.resolve_description(actor_state(doc), noun, span)


def _is_state_or_org(doc: Doc, mention: Mention) -> bool:
    facts = facts_of(doc)
    return all(facts.entities[k].kind in (ActorKind.STATE, ActorKind.ORGANIZATION) for k in mention.denotes)


def _is_actor(doc: Doc, mention: Mention) -> bool:
    facts = facts_of(doc)
    return all(k in facts.entities for k in mention.denotes)


def _nominal(doc: Doc, token: Token, cue: RelationCue, kind: RelationKind, cue_span: Span, add) -> None:  # noqa: ANN001
    """"Turkey's support for Azerbaijan", "Turkish backing", "Azerbaijan's military operations",
    "X, a member of Y"."""
    if cue.direction == "ally":
        _ally(doc, token, cue, kind, cue_span, add)
        return
    holders: list[Mention] = []
    for child in token.lefts:
        if child.dep_ in ("poss", "amod", "compound"):
            holders += resolve_phrase(doc, doc[child.left_edge.i : child.right_edge.i + 1])
    if kind is RelationKind.MEMBER_OF:
        # "X is a member of Y" / "X, a member of Y"
        if token.dep_ == "attr":
            holders = _subject(doc, token.head)[0]
        elif token.dep_ == "appos":
            holders = _phrase(doc, token.head)
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    for member in holders:
                        for org in _phrase(doc, obj):
                            for key in org.denotes:
                                add(kind, member, key, org, cue_span, token, cue.confidence)
        return
    if kind is RelationKind.PARTICIPANT_IN:
        if not any(c.lower_ in ("military", "armed") for c in token.lefts) and token.lemma_.lower() == "operation":
            return
        for conflict_key in _conflicts_for(doc, token, []):
            for holder in holders:
                if _is_actor(doc, holder):
                    add(kind, holder, conflict_key, None, cue_span, token, cue.confidence)
        return
    if kind is RelationKind.MEDIATES:
        if not holders:
            # "X resumed mediation between ...", "mediation by X"
            for child in token.rights:
                if child.dep_ in ("prep", "agent") and child.lower_ == "by":
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        holders += _phrase(doc, obj)
            if not holders and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
                holders = _subject(doc, token.head)[0]
        for conflict_key in _conflicts_for(doc, token, []):
            for holder in holders:
                add(kind, holder, conflict_key, None, cue_span, token, cue.confidence)
        return
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "to"):
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                for target in _phrase(doc, obj):
                    for holder in holders:
                        for key in target.denotes:
                            add(kind, holder, key, target, cue_span, token, cue.confidence)


def _ally(doc: Doc, token: Token, cue: RelationCue, kind: RelationKind, cue_span: Span, add) -> None:  # noqa: ANN001
    """"Russia's ally Belarus", "Belarus, a close ally of Russia", "Belarus is Russia's ally":
    the ally supports its patron."""
    state = actor_state(doc)
    patrons: list[Mention] = []
    for child in token.children:
        if child.dep_ == "poss":
            patrons += resolve_phrase(doc, doc[child.left_edge.i : child.right_edge.i + 1])
        elif child.dep_ == "prep" and child.lower_ in ("of", "to"):
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                patrons += _phrase(doc, obj)
    allies: list[Mention] = []
    if token.dep_ == "appos":
        allies = _phrase(doc, token.head)
    elif token.dep_ == "attr":
        allies = _subject(doc, token.head)[0]
    elif token.i + 1 < len(doc) and (named := state.by_token.get(token.i + 1)) is not None:
        allies = [named]
    for ally in allies:
        for patron in patrons:
            for key in patron.denotes:
                add(kind, ally, key, patron, cue_span, token, cue.confidence)


def _conflicts_for(doc: Doc, token: Token, objects: list[Mention]) -> list[str]:
    """The conflict a mediation or fight is about: one named in the clause, else the document's
    salient conflict (the one with most mentions) when the object is a peace process or absent."""
    facts = facts_of(doc)
    clause = doc[token.left_edge.i : token.right_edge.i + 1]
    named = conflict_at(doc, clause.start_char, clause.end_char)
    head_clause = token.head if token.dep_ == "relcl" else None
    if not named and head_clause is not None:
        phrase = doc[head_clause.left_edge.i : head_clause.right_edge.i + 1]
        named = conflict_at(doc, phrase.start_char, phrase.end_char)
    if named:
        return named[:1]
    if objects and any(_is_actor(doc, m) for m in objects):
        return []
    if not facts.conflicts:
        return []
    # The conflict mentioned nearest, looking back further than ahead (a later mention counts
    # double its distance); a tie leaves it to salience, a tie there leaves it open.
    near = sorted(
        (token.idx - m.span.end if m.span.end <= token.idx else 2 * (m.span.start - token.idx), c.key)
        for c in facts.conflicts.values()
        for m in c.mentions
    )
    if near and (len(near) == 1 or near[0][0] < near[1][0] or near[0][1] == near[1][1]):
        return [near[0][1]]
    ranked = sorted(facts.conflicts.values(), key=lambda c: -len(c.mentions))
    if len(ranked) > 1 and len(ranked[0].mentions) == len(ranked[1].mentions):
        return []
    return [ranked[0].key]


def _fill_conflicts(doc: Doc) -> None:
    facts = facts_of(doc)
    for relation in facts.relations:
        conflict = facts.conflicts.get(relation.object)
        if conflict is None:
            continue
        if relation.kind is RelationKind.PARTICIPANT_IN and relation.subject not in conflict.participants:
            conflict.participants.append(relation.subject)
        elif relation.kind is RelationKind.MEDIATES and relation.subject not in conflict.mediators:
            conflict.mediators.append(relation.subject)
    for relation in facts.relations:
        if relation.kind is not RelationKind.SUPPORTS:
            continue
        for conflict in facts.conflicts.values():
            if (
                relation.object in conflict.participants
                and relation.subject not in conflict.participants
                and relation.subject not in conflict.supporters
            ):
                conflict.supporters.append(relation.subject)
    # A person is a party through their state, which the relation already names when it can.
    for conflict in facts.conflicts.values():
        for key in list(conflict.participants):
            entity = facts.entities.get(key)
            if entity is None or entity.kind is ActorKind.PERSON:
                conflict.participants.remove(key)

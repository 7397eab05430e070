"""Within-document coreference for pronouns and descriptions: the one pronoun policy.

The policy has two tiers, both here:

* :func:`resolve_pronoun`, for every pronoun the resolution API meets, is conservative by design:
  a wrong antecedent is worse than none. A pronoun looks back only at clause subjects (the usual
  antecedents in news prose) of its own and the two previous sentences, takes the nearest one that
  agrees in number, and gives up when that one is not an actor ("It added ..." after "the statement
  said" is left to the speech-act component, which knows whose statement it was).
* :func:`speaker_fallback`, only for the speaker of a speech act whose pronoun subject the first
  tier left unresolved, accepts a weaker guess, and the act says so (its speaker source is
  "fallback", which lowers its confidence): subjects stay topical in news prose, so the subject of
  the previous sentence, else the speakers of the latest act of the same number.

Descriptions resolve only when the text names who they are: "the ministers" -> the persons titled
minister here, "the three world powers co-heading the Minsk Group" -> the group's members in the
gazetteer (when there are three), or the last coordination of three states; "the mediators" -> the
members of a mediating group named in the document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..facts import ActorKind, Mention
from .actor_state import CONFIDENCE, ActorState, state_entity, states_modifying, title_ending_at
from .doc_index import doc_index
from .lexicons import BODY_KINDS, group_nouns, pronouns, titles

__all__ = ["HeadResolver", "SpokenAct", "holder_of_title", "resolve_description", "resolve_pronoun", "speaker_fallback"]

#: How the resolution API reads the head of a phrase (:func:`.resolution.resolve_head`): handed in by
#: the caller, so that coreference sits below the resolution it serves.
HeadResolver = Callable[[ActorState, Token, SpacySpan], list[Mention]]

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_SENTENCES_BACK = 2
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
_PERSON_NOUNS = frozenset({"leader", "minister", "president", "official", "diplomat", "envoy", "negotiator"})
_STATE_NOUNS = frozenset({"power", "country", "nation", "state", "side", "party", "co-chair", "mediator", "neighbour"})


def _subjects_before(state: ActorState, token: Token) -> list[Token]:
    """Clause subjects before ``token`` in its sentence and the two before, nearest first."""
    doc = token.doc
    index = doc_index(doc)
    first = index.sent_bounds[max(0, index.sent_of[token.i] - _SENTENCES_BACK)][0]
    deps = index.deps  # a Token only for the subjects
    out = [
        t
        for t in (doc[i] for i in range(first, token.i) if deps[i] in _SUBJECT_DEPS)
        if t.tag_ not in ("WDT", "WP", "EX") and t.lower_ not in ("that", "which", "who")
    ]
    # A coordination counts once, at its first conjunct.
    out = [t for t in out if t.dep_ != "conj"]
    return sorted(out, key=lambda t: -t.i)


_EXPLETIVE_HEADS = frozenset({"be", "seem", "appear", "take", "happen", "matter", "remain", "rain", "become"})


def _in_quote(doc: Doc, token: Token) -> bool:
    return any(start <= token.idx < end for start, end in doc_index(doc).quotes)


def _clause_of(token: Token) -> Token:
    """The verb (or sentence root) governing ``token``."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _is_plural(token: Token) -> bool:
    if token.lower_ in pronouns():
        return pronouns()[token.lower_][0] == "pl"
    if any(c.dep_ == "conj" for c in token.children):
        return True
    return token.tag_ in ("NNS", "NNPS")


def resolve_pronoun(state: ActorState, token: Token, resolve_head: HeadResolver) -> list[Mention]:
    """The pronoun ``token`` as a mention of its antecedent's actors, or [] when unsure."""
    number, kinds = pronouns()[token.lower_]
    plural = number == "pl"
    doc = token.doc
    if token.lower_ == "it" and token.head.lemma_.lower() in _EXPLETIVE_HEADS:
        return []  # "it is clear that", "as long as it takes": no referent
    quoted = _in_quote(doc, token)
    clause = _clause_of(token)
    if token.dep_ == "poss":
        return _resolve_possessive(state, token, kinds, plural, resolve_head)
    for subject in _subjects_before(state, token):
        if subject.i == token.i or _is_plural(subject) != plural:
            continue
        if token.dep_ not in _SUBJECT_DEPS and _clause_of(subject).i == clause.i:
            # "The governments deny them": a plain pronoun object never is its own clause's subject.
            continue
        if _in_quote(doc, subject) != quoted:
            # A pronoun in a quotation refers inside quotations; one in the narrative, to the narrative.
            continue
        subtree = doc[subject.left_edge.i : subject.right_edge.i + 1]
        if subject.i >= token.i or subtree.end > token.i and subtree.start <= token.i:
            continue
        resolved = []
        heads = [subject, *subject.conjuncts]
        for head in heads:
            resolved.extend(resolve_head(state, head, subtree))
        keys: list[str] = []
        for mention in resolved:
            for key in mention.denotes:
                if key not in keys:
                    keys.append(key)
        if not keys:
            return []  # the nearest agreeing subject is no actor: do not reach past it
        entities = [state.facts.entities.get(k) for k in keys]
        if any(e is None or e.kind.value not in kinds for e in entities):
            return []
        if not plural and len(keys) != 1:
            return []
        if plural and len(keys) < 2 and not _is_plural(subject):
            return []
        confidence = CONFIDENCE["coref"] * min(
            state.confidence.get((m.span.start, m.span.end, m.denotes), 1.0) for m in resolved
        )
        return [state.mention(token.i, token.i + 1, tuple(keys), "coref", confidence)]
    return []


def _resolve_possessive(
    state: ActorState, token: Token, kinds: frozenset[str], plural: bool, resolve_head: HeadResolver
) -> list[Mention]:
    """"Turkey and its allies", "Kabul said it would not allow its soil ...": a possessive
    refers to the subject of its own clause, unless another actor stands between them
    ("Pyongyang backed Russia in its war": Pyongyang's or Russia's? -> unresolved)."""
    doc = token.doc
    clause = _clause_of(token)
    subjects = [c for c in clause.children if c.dep_ in _SUBJECT_DEPS and c.i < token.i]
    for _ in range(2):
        # "it would not allow its soil to be used": the clause has no subject before the
        # possessive, its governing clause has.
        if subjects or clause.head.i == clause.i:
            break
        clause = _clause_of(clause)
        subjects = [c for c in clause.children if c.dep_ in _SUBJECT_DEPS and c.i < token.i]
    if not subjects:
        return []
    subject = subjects[0]
    if subject.tag_ in ("WDT", "WP") and clause.dep_ == "relcl":
        subject = clause.head
    subtree_end = subject.right_edge.i + 1
    between = [i for i in range(subtree_end, token.i) if i in state.by_token]
    if between or _is_plural(subject) != plural:
        return []
    heads = [subject, *subject.conjuncts]
    resolved = [m for head in heads for m in resolve_head(state, head, doc[subject.left_edge.i : subtree_end])]
    keys = list(dict.fromkeys(k for m in resolved for k in m.denotes))
    entities = [state.facts.entities.get(k) for k in keys]
    if not keys or any(e is None or e.kind.value not in kinds for e in entities):
        return []
    return [state.mention(token.i, token.i + 1, tuple(keys), "coref", CONFIDENCE["coref"])]


def holder_of_title(state: ActorState, head: Token) -> list[Mention]:
    """"the Russian foreign minister" -> the one person this document titles so, as a mention of
    the description."""
    found = title_ending_at(head)
    title = found[1] if found else None
    if title is None:
        entry = titles().get((head.lower_,)) or titles().get((head.lemma_.lower(),))
        title = entry.title if entry else None
    if title is None or head.tag_ in ("NNS", "NNPS"):
        return []
    states = {key for _s, _e, key in states_modifying(state, head)}
    holders = {
        p.holder
        for p in state.facts.positions
        if p.title.lower() == title.lower() and (not states or p.of_state in states)
        and p.evidence.start < head.idx
    }
    if len(holders) != 1:
        return []
    start = found[0] if found else head.i
    modifiers = [t.i for t in head.lefts if t.dep_ not in ("det", "predet")]
    start = min([start, *modifiers])
    return [state.mention(start, head.i + 1, (holders.pop(),), "coref", CONFIDENCE["description"])]


def _number_of(head: Token) -> int | None:
    for child in head.lefts:
        if child.dep_ in ("nummod", "det", "predet") and child.lower_ in _NUMBERS:
            return _NUMBERS[child.lower_]
        if child.dep_ == "nummod" and child.like_num and child.text.isdigit():
            return int(child.text)
    return None


def resolve_description(state: ActorState, head: Token, span: SpacySpan) -> list[Mention]:
    """Definite plural descriptions that refer to actors named elsewhere in the document."""
    lemma = head.lemma_.lower()
    if group_nouns().get(lemma) not in BODY_KINDS | {"collective"} or head.tag_ not in ("NNS", "NNPS"):
        return []
    if not any(c.lower_ in ("the", "both", "these", "those") or c.lower_ in _NUMBERS for c in head.lefts):
        return []
    facts = state.facts
    count = _number_of(head)
    keys: list[str] = []
    # 1. Persons this document titles with the noun: "the ministers", "the two presidents".
    if lemma in ("minister", "president"):
        keys = list(
            dict.fromkeys(
                p.holder for p in facts.positions if lemma in p.title.lower() and p.evidence.start < head.idx
            )
        )
    # 2. A group named in the phrase, or (for "the mediators") in the document, with known members.
    if not keys and lemma in _STATE_NOUNS:
        groups = [
            m
            for m in facts.mentions
            if len(m.denotes) == 1
            and (e := facts.entities.get(m.denotes[0])) is not None
            and e.members
            and (span.start_char <= m.span.start < span.end_char or lemma in ("mediator", "co-chair"))
        ]
        for mention in groups:
            members = facts.entities[mention.denotes[0]].members
            if count is None or len(members) == count:
                keys = list(members)
                break
    # 3. The last coordination of that many states (or persons) before the description.
    if not keys and count is not None:
        want = ActorKind.PERSON if lemma in _PERSON_NOUNS else ActorKind.STATE
        keys = _last_coordination(state, head, count, want)
    if len(keys) < 2 or (count is not None and len(keys) != count):
        return []
    for key in keys:
        if key not in facts.entities:
            state_entity(state, key)
    start = min([head.i, *(c.i for c in head.lefts if c.dep_ not in ("det", "predet"))])
    return [state.mention(start, head.i + 1, tuple(keys), "coref", CONFIDENCE["description"])]


def _last_coordination(state: ActorState, head: Token, count: int, kind: ActorKind) -> list[str]:
    doc = head.doc
    facts = state.facts
    index = doc_index(doc)
    first = index.sent_bounds[max(0, index.sent_of[head.i] - _SENTENCES_BACK - 1)][0]
    best: list[str] = []
    above = {a.i for a in head.ancestors}
    clause = _clause_of(head).i
    # only the heads of a coordination matter: visit those, not every token (and its children) of
    # the sentences before
    deps, conj_heads = index.deps, index.conj_heads
    for i in range(first, head.i):
        if deps[i] == "conj" or i not in conj_heads:
            continue
        token = doc[i]
        conjuncts = {token.i, *(c.i for c in token.conjuncts)}
        if conjuncts & above or _clause_of(token).i == clause:
            # "Qatar and Egypt, which mediated between the two sides": not the sides themselves.
            continue
        keys: list[str] = []
        for t in [token, *token.conjuncts]:
            mention = state.by_token.get(t.i)
            if mention is None:
                break
            for key in mention.denotes:
                entity = facts.entities.get(key)
                if entity is not None and entity.kind is kind and key not in keys:
                    keys.append(key)
        if len(keys) == count:
            best = keys
    return best


class SpokenAct(Protocol):
    """What the speaker fallback reads of an act read before (a speech-act draft)."""

    sent_index: int
    speaker_source: str
    speakers: list[Mention]

    def speaker_keys(self) -> set[str]: ...


def speaker_fallback(
    pronoun: Token,
    sent_index: int,
    previous: SpacySpan | None,
    acts: Sequence[SpokenAct],
    *,
    resolve: Callable[[Token], list[Mention]],
    skip: Callable[[Token], bool],
) -> list[Mention]:
    """The second tier of the policy, for a speech act's pronoun subject left unresolved: the
    subject of the ``previous`` sentence when it agrees in number (an unnamed source that subject was
    read as, for "Officials said ... They added"), else the speakers of the latest act in ``acts``
    of the same number. A subject for which ``skip`` is true (a document noun: "the statement")
    ends the look at the previous sentence."""
    plural = pronoun.lower_ in {"they", "them", "their"}
    if previous is not None:
        for child in previous.root.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ != "PRON":
                if skip(child):
                    break
                mentions = resolve(child)
                if mentions and (len(mentions) > 1) == plural:
                    return mentions
                if not mentions and (child.tag_ in {"NNS", "NNPS"}) == plural:
                    unnamed = [a for a in acts if a.sent_index == sent_index - 1
                               and a.speaker_source == "unnamed" and a.speakers
                               and child.left_edge.idx <= a.speakers[0].span.start <= child.idx]
                    if unnamed:
                        return list(unnamed[0].speakers)
    for earlier in reversed(acts):
        if earlier.speakers and (len(earlier.speakers) > 1 or len(earlier.speaker_keys()) > 1) == plural:
            return list(earlier.speakers)
    return []

"""Commitments and finishing: what an act turns out to be once its parts are read.

A statement whose clause commits someone is re-read: 'X said Y must ...' is a Demand on Y, 'X said
it would ...' a promise (Agreement), a Threat when the promised act coerces, a refusal when negated,
and 'X said Y attacked Z' an Accusation of Y (:func:`finish` runs these, then drops self-address,
finds the target named inside the content, and makes a mutual act address each party).
"""

from __future__ import annotations

from spacy.tokens import Token

from ...facts import ActKind, Mention
from .. import facts_of
from ..attribution import mentions_between, owner_mentions, resolve, resolve_token, subject_of
from ..doc_index import doc_index
from .context import DocumentState, Draft
from .requirements import coordinated_subject

__all__ = ["descriptive_clause", "finish"]

# Kinds aimed at someone: an actor named in their content is their target when none is found otherwise.
_TARGETED = frozenset({ActKind.ACCUSATION, ActKind.CRITICISM, ActKind.REJECTION, ActKind.DENIAL, ActKind.THREAT,
                       ActKind.AGREEMENT, ActKind.ENDORSEMENT, ActKind.APPEAL, ActKind.DEMAND})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "nsubjpass", "appos", "npadvmod"})
# Prepositions that frame an act rather than point it at someone.
_FRAMING_PREPOSITIONS = frozenset({"under", "within", "through", "via", "during", "without", "despite", "since",
                                   "after", "before", "until", "amid", "throughout"})
def descriptive_clause(token: Token) -> bool:
    """True for a clause that describes a noun ("the process that has long been mediated by X",
    "forces deployed in Y"), False for one that states what the noun says or asks ("demands that
    X grant ...", "a call for forces to be deployed in Y")."""
    if token.dep_ not in {"relcl", "acl"}:
        return False
    children = list(token.children)
    if any(c.dep_ == "mark" or (c.dep_ == "aux" and c.lower_ == "to") for c in children):
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lower_ in {"that", "which", "who", "whom"} for c in children):
        return True
    return token.dep_ == "acl" and token.tag_ in {"VBN", "VBG"}


def _frames(token: Token, begin: int, end: int) -> bool:
    """True when ``token`` sits in a phrase of the content that frames or describes rather than names
    whom the act is aimed at: "negotiations under the Minsk Group", "without returning to Kyrgyzstan",
    "the peace process that has long been mediated by X"."""
    for ancestor in token.ancestors:
        if not begin <= ancestor.idx < end:
            break
        if descriptive_clause(ancestor) or (ancestor.dep_ == "prep" and ancestor.lower_ in _FRAMING_PREPOSITIONS):
            return True
    return False


def finish(state: DocumentState, draft: Draft) -> None:
    refused_talks = draft.kind.is_consultation and draft.negated and draft.modality in {"will", "would"}
    refused = draft.kind is ActKind.AGREEMENT and draft.negated and draft.rule.name in {"accept", "agree"}
    if refused_talks or refused:
        # "We will not accept foreign troops", "Moscow would not resume talks": a refusal, asserted
        refusal = state.lexicon.commitment_rules.get("refusal")
        if refusal is not None:
            draft.kind, draft.rule, draft.negated = refusal.kind, refusal, False
    # the verb that carries the act: "lodged" for the nominal "lodged a protest"
    anchor = state.doc[draft.start] if draft.nominal and draft.start < draft.head.i else draft.head
    if draft.reported_by is None and anchor.dep_ in {"ccomp", "parataxis"}:
        # "Azerbaijan accused Armenia of ..., the ministry said": the report carries the act
        reporter = state.by_head.get(anchor.head.i)
        if reporter is not None and reporter is not draft and reporter.kind is ActKind.STATEMENT:
            draft.reported_by = reporter
    if draft.kind is ActKind.STATEMENT:
        _read_commitment(state, draft)
    if draft.kind is ActKind.AGREEMENT and draft.rule.pos == "PHRASE" and _coercive_content(state, draft):
        # "is prepared to impose martial law" is a threat, not an offer
        threat = state.lexicon.commitment_rules.get("threat")
        if threat is not None:
            draft.kind, draft.rule = threat.kind, threat
    # speakers never address or target themselves in one act
    keys = draft.speaker_keys()
    draft.targets = [m for m in draft.targets if not set(m.denotes) <= keys]
    draft.addressees = [m for m in draft.addressees if not set(m.denotes) <= keys]
    if draft.kind is ActKind.MEDIATION and not draft.addressees:
        # "undertook a mediation mission between Syria and the PLO": the parties are addressed
        for token in draft.head.subtree:
            if token.dep_ == "prep" and token.lower_ == "between":
                draft.addressees = [m for c in token.children if c.dep_ == "pobj" for m in resolve_token(c)]
                break
    if draft.rule.mutual and not draft.addressees and len(keys) > 1 and coordinated_subject(draft.head):
        # "Jordan and Britain agreed", "Israel and Lebanon renewed negotiations": a reciprocal act,
        # each party addresses the others (and no actor its content names is the
        # target: "agreed to a truce mediated by Qatar" is not aimed at Qatar)
        draft.addressees = list(draft.speakers)
    if (draft.kind in _TARGETED and draft.kind is not ActKind.DENIAL and not draft.targets and not draft.addressees
            and not _names_its_target(draft)):
        # "threatened to cut off electricity to Nakhichevan": the actor the act is aimed at is
        # named inside its content (or, without one, in the rest of the cue's phrase)
        entities = facts_of(state.doc).entities
        own = keys | {country for k in keys if k in entities and (country := entities[k].country)}
        draft.targets = _content_targets(state, draft, own)


def _reports_hostility(state: DocumentState, draft: Draft, clause: Token, subject: Token, negated: bool) -> bool:
    """'X said Y attacked Z' accuses Y (CAMEO 112); a news outlet reporting it accuses no one."""
    lexicon = state.lexicon
    if negated or clause.lemma_.lower() not in lexicon.hostile_lemmas or subject.dep_ != "nsubj":
        return False
    if clause.i < draft.head.i:
        return False  # "Rebels shelled Juba, officials said": a sourced report of the fighting itself
    if state.unnamed(draft.speakers):
        return False  # "Witnesses said soldiers fired on the crowd": unnamed sources report, as the media do
    reporter = subject_of(draft.head)
    if reporter is not None and reporter.lemma_.lower() in lexicon.media_nouns:
        return False
    entities = facts_of(state.doc).entities
    keys = draft.speaker_keys()
    own = keys | {entities[k].country for k in keys if k in entities and entities[k].country}
    # "Zelensky said Ukrainian forces had shot down drones": a side's report of its own deeds accuses no one
    accused = [m for m in resolve_token(subject) or owner_mentions(subject, source_from=False)
               if not set(m.denotes) & own]
    rule = lexicon.commitment_rules.get("accusation")
    if not accused or rule is None:
        return False
    draft.kind, draft.rule = rule.kind, rule
    draft.targets.extend(accused)
    return True


def _names_its_target(draft: Draft) -> bool:
    """The cue has the object its rule reads as the target, though it names no actor we know ("blamed
    army air strikes for the deaths of civilians"): the content holds no second one."""
    return bool(draft.role_objects({"target"}))


def _content_targets(state: DocumentState, draft: Draft, keys: set[str]) -> list[Mention]:
    """The first actor the content's objects name (with its coordinated partners)."""
    if draft.content is not None:
        begin, end = draft.content
    else:
        right = draft.head.right_edge
        begin, end = state.doc[draft.end - 1].idx, right.idx + len(right)
        if end <= begin:
            return []
    first, last = state.token_at(begin).i, state.token_at(max(begin, end - 1)).i
    index = doc_index(state.doc)  # a Token only for an object noun
    deps, pos = index.deps, index.pos
    for i in range(first, last + 1):
        if deps[i] not in _OBJECT_DEPS or pos[i] not in {"NOUN", "PROPN"}:
            continue
        token = state.doc[i]
        if _frames(token, begin, end):
            continue
        # the object with its modifiers only: "Serbian forces", not "... forces from Bosnia"
        found = resolve(state.doc, state.doc[token.left_edge.i : token.i + 1])
        if found:
            found += [m for c in token.children if c.dep_ == "conj" for m in resolve_token(c)]
        if not found and token.pos_ == "NOUN":
            found = owner_mentions(token, source_from=False)
        found = [m for m in found if not set(m.denotes) & keys]
        if found:
            return found[:5]
    # no object names an actor: the first actor named anywhere in it, outside framing phrases
    for mention in mentions_between(state.doc, begin, end):
        if set(mention.denotes) & keys:
            continue
        span = state.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is not None and not _frames(span.root, begin, end):
            return [mention]
    return []


def _read_commitment(state: DocumentState, draft: Draft) -> None:
    """'X said Y must ...' -> a Demand on Y; 'X said it would ...' -> a promise (Agreement), a
    Threat when the promised act coerces, a Rejection when it is refused ('would not')."""
    if draft.nominal:
        # "issued a stern reminder to Iraq that it must cooperate": the noun's that-clause
        clause = next((c for c in draft.head.children if c.dep_ in {"acl", "ccomp"}
                       and any(m.dep_ == "mark" for m in c.children)), None)
    else:
        clause = next((c for c in draft.head.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return
    if draft.content is None:
        draft.content = state.clause_chars(clause)
    if draft.rule.name == "warn":
        _read_warning(state, draft, clause)
        return
    auxes = [c for c in clause.children if c.dep_ == "aux"]
    modals = {a.lower_ for a in auxes}
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return
    negated = any(c.dep_ == "neg" for c in clause.children)
    lexicon = state.lexicon
    if _reports_hostility(state, draft, clause, subject, negated):
        return
    if modals & lexicon.demand_modals and not negated:
        others = [m for m in resolve_token(subject) if not set(m.denotes) & draft.speaker_keys()]
        if not others and subject.pos_ == "PRON" and draft.addressees:
            others = list(draft.addressees)  # "reminded Iraq that it must ...": it = the one addressed
        if others:
            draft.kind = ActKind.DEMAND
            draft.rule = lexicon.commitment_rules.get("demand", draft.rule)
            draft.addressees.extend(others)
        return
    if modals & lexicon.promise_modals:
        _read_promise(state, draft, clause, subject, negated)


def _read_warning(state: DocumentState, draft: Draft, clause: Token) -> None:
    """A warning threatens when it announces force: "warned that police will no longer tolerate
    rallies", "warned that China could take countermeasures"."""
    lemma = clause.lemma_.lower()
    objects = {c.lemma_.lower() for c in clause.children if c.dep_ == "dobj"}
    if (lemma in state.lexicon.coercive_lemmas or lemma in state.lexicon.warning_threat_lemmas
            or objects & state.lexicon.warning_threat_objects):
        threat = state.lexicon.commitment_rules.get("threat")
        if threat is not None:
            draft.kind, draft.rule = threat.kind, threat


def _read_promise(state: DocumentState, draft: Draft, clause: Token, subject: Token, negated: bool) -> None:
    """'X said it would ...': a promise by the speaker's side (Agreement), a Threat when the act
    coerces, a refusal when negated."""
    lexicon = state.lexicon
    if clause.i in state.by_head and state.by_head[clause.i] is not draft:
        return  # the promise is an act of its own ("said Ukraine would not accept ..."): it carries it
    subject_keys = {k for m in resolve_token(subject) for k in m.denotes}
    if state.quote_containing(subject.idx) is not None:
        # quoted words speak in the first person: '"He would look at me and say ...," X recalled'
        # is no promise by X
        pronoun = subject.lower_ in {"we", "i"}
    else:
        pronoun = subject.lower_ in {"it", "they", "he", "she", "we", "i"}
    entities = facts_of(state.doc).entities
    # "Portugal will support ..., Portuguese President Mario Soares said": a leader speaks for the state
    keys = draft.speaker_keys()
    own = keys | {entities[k].country for k in keys if k in entities and entities[k].country}
    same = pronoun or (subject_keys and subject_keys <= own)
    if not same:
        return
    if negated and clause.lemma_.lower() in lexicon.negated_threat_lemmas:
        name = "threat"
    elif negated:
        name = "refusal"
    elif clause.lemma_.lower() in lexicon.coercive_lemmas:
        name = "threat"
    else:
        name = "promise"
    rule = lexicon.commitment_rules.get(name)
    if rule is not None:
        draft.kind = rule.kind
        draft.rule = rule


def _coercive_content(state: DocumentState, draft: Draft) -> bool:
    for child in draft.head.subtree:
        if child.dep_ == "xcomp" and child.lemma_.lower() in state.lexicon.coercive_lemmas:
            return True
    return False

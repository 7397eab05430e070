"""The reader: matches the lexicon's cues in a Doc, gates them, drafts an act for each and runs the
passes, then turns the drafts into :class:`~newskg.builder.facts.SpeechAct` facts.

    cues (:mod:`..cues`) -> gates (:mod:`.gates`, :mod:`.requirements`) -> a Draft per cue: speakers
    (:mod:`.speakers`), roles and mode (:mod:`.roles`) -> across sentences (:mod:`.discourse`) ->
    commitments and finishing (:mod:`.commitments`) -> topics, confidence -> SpeechAct

With the learned model running, its proposals are read after the lexicon's cues (:mod:`.learned`),
and the acts it is the better judge of stand only where it proposed one (:func:`_drop_unproposed`,
:func:`_drop_unproposed_inside`).

The per-document state (:class:`.context.DocumentState`) is at the bottom: the passes read and
extend it, none calls back up here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ...dates import normalise_date
from ...facts import ActKind, AttributionProposal, SpeechAct
from ...facts import Span as TextSpan
from .. import facts_of
from ..attribution import (
    agent_tokens,
    is_passive,
    mentions_between,
    owner_mentions,
    owner_tokens,
    resolve_token,
    subject_of,
    unique,
)
from ..cues import CueLexicon, CueMatch
from ..doc_index import doc_index
from .commitments import finish
from .context import DocumentState, Draft
from .discourse import link_quotes, link_responses, read_colon_quotes
from .gates import noun_passes, verb_passes
from .layout import read_layout
from .learned import LEARNED_CONFIDENCE, extent, read_proposals
from .roles import according_content, assign, fill_role, read_clause, read_mode, reported_before
from .speakers import mark_unnamed, resolve_speaker_token, speak_as_subject

__all__ = ["read_speech_acts"]

# The kinds of a plain report (no act the rules typed).
_PLAIN = frozenset({ActKind.STATEMENT, ActKind.ATTITUDE})
# What ends a content before a coordinated act: "the strike[ and] demanded ...", "the plan[, but] ...".
_COORDINATION_TAIL = re.compile(r"[\s,;]*(?:\b(?:and|but|or|while)\b)?[\s,;]*$")
# The relations of the dependents :func:`.roles.fill_role` reads a role from.
_ROLE_DEPS = frozenset({"dobj", "nsubjpass", "oprd", "dative", "prep", "ccomp", "xcomp"})


def read_speech_acts(
    doc: Doc, lexicon: CueLexicon, proposals: Iterable[AttributionProposal] | None = None
) -> list[SpeechAct]:
    """The speech acts of a parsed ``doc``, in the order of their cues, speakerless drafts left out.
    ``proposals``: the learned attribution model's, read after the lexicon's cues (:mod:`.learned`);
    None when the model did not run (a rules-only build)."""
    return _read_acts(DocumentState(doc, lexicon), proposals)


def _read_acts(state: DocumentState, proposals: Iterable[AttributionProposal] | None = None) -> list[SpeechAct]:
    matches = state.lexicon.find(state.doc)
    state.matches = {m.head: m for m in matches}
    for match in matches:
        draft = _read_match(state, match)
        if draft is not None:
            state.add(draft)
    read_colon_quotes(state)
    read_layout(state)
    link_quotes(state)
    link_responses(state)
    if proposals is not None:
        read_proposals(state, proposals)
        _drop_unproposed(state)
    acts = []
    proposed = []
    for draft in sorted(state.drafts, key=lambda d: d.start):
        if not draft.speakers:
            continue
        finish(state, draft)
        pieces = _cut_at_coordinated_acts(state, draft, _content_pieces(draft))
        if pieces:
            draft.content = extent(pieces)
        acts.append(_speech_act(state, draft, pieces))
        proposed.append(draft.proposed)
    if proposals is not None:
        acts = _drop_unproposed_inside(acts, proposed)
    return acts


def _drop_unproposed(state: DocumentState) -> None:
    """Drops two kinds of act the rules read where the attribution model proposed none, the model,
    trained on how annotators read attributions, being the better judge of them:

    - an act inside another act's quoted words ("'He would look at me and say, uh huh,' she
      recalled", "'I want to ask you,' Wallace said"): speech within a quote is mostly hypothetical
      or generic (on PolNeAR dev 75 such acts, none an attribution);
    - a bare noun (:func:`_bare_noun`): "Trump's threats", "her proposals", "the anti-establishment
      appeal" say only that someone's act exists, and the word is often another sense.

    Acts they report lose them as their reporter."""
    for draft in state.drafts:
        quoted = draft.reported_by is not None and draft.is_quote
        if (quoted or _bare_noun(draft)) and not draft.proposed:
            draft.speakers = []  # skipped below; state.cue_span of it is None


def _drop_unproposed_inside(acts: list[SpeechAct], proposed: list[bool]) -> list[SpeechAct]:
    """Drops the plain statements and attitudes read inside another act's content where the model
    proposed no attribution ("Flynn said Trump was right when he [[said]] ...", "the system that he
    [[claims]] he'll change"): a report within a report the outer act already carries. A typed act
    there stays ("the ministry said Azerbaijan accused Armenia of ...": the accusation is the news).
    The content is read by its pieces: '"A," X said, adding that B' keeps "adding", which lies
    between the pieces of what "said" reports. Acts that named a dropped one as their reporter or
    what they respond to lose that link."""
    contents = [(i, piece.start, piece.end) for i, a in enumerate(acts)
                for piece in (a.content_pieces or ((a.content,) if a.content is not None else ()))]
    dropped: set[tuple[int, int]] = set()
    for j, (act, was_proposed) in enumerate(zip(acts, proposed, strict=True)):
        if was_proposed or act.kind not in _PLAIN:
            continue
        begin, end = act.cue.start, act.cue.end
        if any(cb <= begin and end <= ce for i, cb, ce in contents if i != j):
            dropped.add((begin, end))
    if not dropped:
        return acts
    kept = []
    for act in acts:
        if (act.cue.start, act.cue.end) in dropped:
            continue
        if act.reported_by is not None and (act.reported_by.start, act.reported_by.end) in dropped:
            act = dataclasses.replace(act, reported_by=None)
        if act.responds_to is not None and (act.responds_to.start, act.responds_to.end) in dropped:
            act = dataclasses.replace(act, responds_to=None)
        kept.append(act)
    return kept


def _bare_noun(draft: Draft) -> bool:
    """A nominal act (no consultation: a "visit" is an event) with no content, no target or
    addressee, no "by"/"from" phrase naming its source ("assurances from the government") and no
    clause saying what it asks or says ("a request to interrogate detainees")."""
    if not draft.nominal or draft.kind.is_consultation or draft.content is not None:
        return False
    if draft.targets or draft.addressees:
        return False
    return not any(
        (c.dep_ == "prep" and c.lower_ in {"by", "from"}) or c.dep_ in {"acl", "ccomp"} for c in draft.head.children
    )


def _content_pieces(draft: Draft) -> tuple[tuple[int, int], ...]:
    """The model's content pieces when they stand for the draft's content: the rules found none, or
    the model's pieces hold what the rules found (the rest of a quote its attribution broke, the
    "that" of a reported clause) and no target or addressee the rules read outside it. Empty when the
    rules' content stands."""
    pieces = draft.model_content
    quotes = draft.quote_pieces
    if quotes and not (pieces and pieces[0][0] <= quotes[0][0] and quotes[-1][1] <= pieces[-1][1]):
        return quotes  # '"A," he said. "B."': both quotes, as the rules read them, unless the model's hold them
    if not pieces or draft.content is None:
        return pieces
    begin, end = draft.content
    if not (pieces[0][0] <= begin and end <= pieces[-1][1]):
        return ()
    # "accused the Biden administration of interfering": the accused is the act's target, and the
    # content the rules read ("interfering") stays without it; so does an accused the rule reads
    # but no actor answers to ("blamed army air strikes for the deaths of civilians")
    roles = [(m.span.start, m.span.end) for m in draft.targets + draft.addressees] + _role_objects(draft)
    if any(pieces[0][0] <= r[0] and r[1] <= pieces[-1][1] and not (begin <= r[0] and r[1] <= end) for r in roles):
        return ()
    return pieces


def _cut_at_coordinated_acts(
    state: DocumentState, draft: Draft, pieces: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    """The pieces cut before the verb of a typed act coordinated with this one: the model's content
    of "condemned the strike and demanded an investigation" runs on into the demand, an act of its
    own. (A plain "... and added" is left to the model: cutting there lowered PolNeAR dev content.)"""
    if not pieces:
        return pieces
    cues = [other.cue_chars for other in state.drafts
            if other is not draft and other.speakers and other.kind not in _PLAIN
            and other.head.dep_ == "conj" and other.head.head == draft.head]
    if not cues:
        return pieces
    cut = []
    for begin, end in pieces:
        inside = [c[0] for c in cues if begin < c[0] < end]
        if inside:
            stop = begin + len(_COORDINATION_TAIL.sub("", state.text[begin : min(inside)]))
            if stop > begin:
                cut.append((begin, stop))
            break  # what follows belongs to the coordinated act
        cut.append((begin, end))
    return tuple(cut)


def _role_objects(draft: Draft) -> list[tuple[int, int]]:
    """The characters of the cue's direct object when its rule reads it as the target or addressee."""
    if draft.nominal:
        return []
    index = doc_index(draft.head.doc)
    return [(index.starts[t.left_edge.i], index.ends[t.i]) for t in draft.role_objects({"target", "addressee"})]


def _speech_act(state: DocumentState, draft: Draft, pieces: tuple[tuple[int, int], ...] = ()) -> SpeechAct:
    """The fact a finished draft states; ``pieces``: its content in more than one stretch."""
    b, e = draft.cue_chars
    ev = draft.evidence or state.sentence_chars(draft.sent_index)
    text = state.text
    return SpeechAct(
            kind=draft.kind,
            cue=TextSpan(b, e, text[b:e]),
            evidence=TextSpan(ev[0], ev[1], text[ev[0] : ev[1]]),
            speakers=unique(draft.speakers),
            addressees=unique(draft.addressees),
            targets=unique(draft.targets),
            topics=_topics(state, draft, ev),
            content=TextSpan(draft.content[0], draft.content[1], text[draft.content[0] : draft.content[1]])
            if draft.content
            else None,
            content_pieces=tuple(TextSpan(pb, pe, text[pb:pe]) for pb, pe in pieces) if len(pieces) > 1 else (),
            is_quote=draft.is_quote,
            negated=draft.negated,
            modality=draft.modality,
            responds_to=state.cue_span(draft.responds_to),
            reported_by=state.cue_span(draft.reported_by),
            date=normalise_date(draft.date_text, published=state.published) if draft.date_text else None,
            date_text=draft.date_text,
            confidence=_confidence(state, draft),
    )


def _read_match(state: DocumentState, match: CueMatch) -> Draft | None:
    if match.rule.pos == "NOUN":
        return _read_nominal(state, match)
    return _read_verbal(state, match)


def _read_verbal(state: DocumentState, match: CueMatch) -> Draft | None:
    doc = state.doc
    head = doc[match.head]
    rule = match.rule
    if not verb_passes(state, head, rule):
        return None
    draft = Draft(rule, rule.kind, match.start, match.end, head, state.sent_of[head.i])
    _verbal_speaker(state, draft, match)
    _verbal_roles(state, draft, match)
    read_clause(state, draft, head)
    if draft.content is None and rule.kind is ActKind.STATEMENT and head.dep_ in {"ccomp", "parataxis"}:
        # "North Korea fired two missiles, South Korea's military said": the clause the report follows
        draft.content = reported_before(state, head)
    if rule.roles.get("prep_of") == "content" and not any(
        c.dep_ == "prep" and c.lower_ == "of" for c in head.children
    ):
        # misattached "of" ("accused the powers co-heading the Group of supplying ...")
        for token in head.subtree:
            if token.dep_ == "prep" and token.lower_ == "of" and any(c.dep_ == "pcomp" for c in token.children):
                pcomp = next(c for c in token.children if c.dep_ == "pcomp")
                draft.content = state.phrase_chars(pcomp)
                break
    read_mode(state, draft, head)
    if draft.kind is ActKind.AGREEMENT and draft.modality in state.lexicon.demand_modals:
        return None  # "the US must be ready to mediate" is a demand on the US, read off the reporting verb
    return draft


def _verbal_speaker(state: DocumentState, draft: Draft, match: CueMatch) -> None:
    """Who speaks: the object of "according to", the subject, or a passive's agent."""
    doc = state.doc
    head = doc[match.head]
    rule = match.rule
    if rule.source == "pobj":
        preposition = doc[match.end - 1]
        objs = [c for c in preposition.children if c.dep_ == "pobj"]
        speak_as_subject(state, draft, objs[0] if objs else None)
        draft.content = according_content(state, head, preposition)
    elif rule.name.startswith("^be "):
        # "is opposed to", "is ready to": the grammatical subject speaks, whatever the voice
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        speak_as_subject(state, draft, subject if subject is not None else subject_of(head))
    elif is_passive(head) and head.dep_ not in {"xcomp"}:
        agents = agent_tokens(head)
        if not agents:
            # "X has been accused of misusing funds, ..., by government officials": a late "by"
            agents = [o for t in head.subtree if t.dep_ in {"prep", "agent"} and t.lower_ == "by"
                      and t.i > head.i for o in t.children if o.dep_ == "pobj" and o.pos_ in {"NOUN", "PROPN"}][:1]
        draft.speakers = unique(m for a in agents for m in resolve_speaker_token(state, a))
        draft.speaker_source = "agent"
        if not draft.speakers and agents:
            mark_unnamed(state, draft, agents[0])  # "was accused by officials"
        if not agents:
            # "X was quoted as saying" style passives without an agent keep the speaker unknown
            subject = subject_of(head)
            if subject is not None and rule.kind in {ActKind.STATEMENT, ActKind.AGREEMENT}:
                speak_as_subject(state, draft, subject)
    else:
        speak_as_subject(state, draft, subject_of(head))


def _verbal_roles(state: DocumentState, draft: Draft, match: CueMatch) -> None:
    """Roles from the dependents of every token of the cue."""
    doc = state.doc
    head = doc[match.head]
    rule = match.rule
    cue_tokens = [doc[i] for i in range(match.start, match.end)]
    index = doc_index(doc)
    deps = index.deps
    # the voice of the cue, read once rather than for each of its dependents
    passive = is_passive(head) and not rule.name.startswith("^be ")
    for token in cue_tokens:
        if token != head and token.dep_ in {"prep", "prt"} and token.head.i in range(match.start, match.end):
            # the particle of "called for" / "called on" is part of the cue: its object fills the role
            role = rule.roles.get("prep_" + token.lower_)
            for obj in token.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    assign(state, draft, role, obj)
        for child in index.kids(token.i):
            # a Token only for a dependent that can fill a role (fill_role ignores the others)
            if match.start <= child < match.end or deps[child] not in _ROLE_DEPS:
                continue
            fill_role(state, draft, doc[child], passive=passive)


def _read_nominal(state: DocumentState, match: CueMatch) -> Draft | None:
    doc = state.doc
    noun = doc[match.head]
    rule = match.rule
    if not noun_passes(state, noun, rule):
        return None
    draft = Draft(rule, rule.kind, match.start, match.end, noun, state.sent_of[noun.i], nominal=True)
    if not _nominal_speaker(state, draft, noun):
        return None
    for child in noun.children:
        fill_role(state, draft, child, passive=False)
    if not draft.speakers:
        return None
    if state.lexicon.is_document_noun(noun):
        draft.document = True
    return draft


def _nominal_speaker(state: DocumentState, draft: Draft, noun: Token) -> bool:
    """Who holds a nominal act: a traveller ("flew to Moscow for talks"), a light verb's subject
    ("held talks"), the parties "between" whom it is, or the noun's owner. False when the act is to
    be dropped ("Armenian-Azerbaijani peace talks" names parties, not who held them)."""
    rule, head = draft.rule, noun.head
    travelling = (
        rule.kind.is_consultation and noun.dep_ == "pobj" and head.lower_ in {"on", "for"}
        and head.head.lemma_.lower() in state.lexicon.motion_verbs
    )
    if travelling:
        # "arrived in Amman on a visit", "flew to Moscow for talks": the traveller visits the place
        verb = head.head
        subject = subject_of(verb)
        draft.speakers = resolve_token(subject) if subject is not None else []
        draft.speaker_source = "subject"
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in {"in", "to", "at"}:
                draft.addressees.extend(m for o in prep.children if o.dep_ == "pobj" for m in resolve_token(o))
        read_mode(state, draft, verb)
    elif noun.dep_ == "dobj" and head.lemma_.lower() in state.lexicon.light_verbs and head.i not in state.matches:
        # "held talks", "issued an ultimatum": the light verb's subject acts; the cue spans both
        draft.start = head.i
        draft.head = noun
        subject = subject_of(head)
        draft.speakers = resolve_token(subject) if subject is not None else []
        draft.speaker_source = "subject"
        read_mode(state, draft, head)
        for child in head.children:
            if child.dep_ in {"dative", "prep"} and child.lower_ == "to" and child.i > noun.i:
                # "issued an ultimatum / a reminder to Iraq"
                draft.addressees.extend(m for o in child.children if o.dep_ == "pobj" for m in resolve_token(o))
    else:
        between = [o for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"
                   for o in c.children if o.dep_ == "pobj"]
        if rule.kind.is_consultation and between:
            # "Negotiations between Serbia and Kosovo resumed": the parties hold them together
            draft.speakers = unique(m for o in between for m in resolve_token(o))
            draft.speaker_source = "owner"
        elif rule.kind.is_consultation and not any(t.dep_ not in {"compound", "amod"} for t in owner_tokens(noun)):
            # "Armenian-Azerbaijani peace talks" names the parties, not who held the talks
            return False
        else:
            draft.speakers = owner_mentions(noun)
            draft.speaker_source = "owner"
    return True


def _topics(state: DocumentState, draft: Draft, evidence: tuple[int, int]) -> list[str]:
    facts = facts_of(state.doc)
    window = draft.content or evidence
    sent = state.sentence_chars(draft.sent_index)
    out: list[str] = []
    for key, conflict in facts.conflicts.items():
        for mention in conflict.mentions:
            if (window[0] <= mention.span.start < window[1]) or (sent[0] <= mention.span.start < sent[1]):
                if key not in out:
                    out.append(key)
                break
    if draft.kind.is_consultation and draft.content is not None:
        # "discussed the situation in Libya": actors talked about, not taking part, are topics too
        taking_part = draft.speaker_keys() | {k for m in draft.addressees + draft.targets for k in m.denotes}
        for mention in mentions_between(state.doc, *draft.content):
            for key in mention.denotes:
                if key not in taking_part and key not in out and key in facts.entities:
                    out.append(key)
    return out


def _confidence(state: DocumentState, draft: Draft) -> float:
    confidence = draft.rule.confidence
    source_factor = {"subject": 1.0, "agent": 1.0, "owner": 0.95, "document": 0.95, "coref": 0.9,
                     "chain": 0.85, "quote": 0.8, "fallback": 0.75, "unnamed": 0.4}.get(draft.speaker_source, 0.7)
    confidence *= source_factor
    if draft.negated:
        confidence *= 0.9
    if draft.learned:
        confidence = min(confidence, LEARNED_CONFIDENCE) * draft.model_score
    return round(max(0.05, min(0.99, confidence)), 3)

"""Discourse: links between acts across sentences, once every cue is drafted.

- 'Putin: "We will respond."': a colon before a quote is a Statement's cue (:func:`read_colon_quotes`);
- a quote and its attribution ('"...," the statement said'): the attribution's content is the quote,
  acts inside it are quoted, reported by it, and take its speaker when theirs is unknown
  (:func:`link_quotes`);
- responses ("rejected Erdogan's allegations", "rebuffed calls ... made by X") point at the act they
  answer, creating the nominal act when it was not reported before (:func:`link_responses`).
"""

from __future__ import annotations

import re

from ...facts import ActKind, Mention
from ..attribution import PRONOUNS, owner_mentions, resolve, resolve_token
from .context import DocumentState, Draft
from .roles import fill_role
from .speakers import mark_unnamed

__all__ = ["link_quotes", "link_responses", "read_colon_quotes", "report_quoted"]

# What a noun names when it is asked or offered rather than claimed (its response nouns' first kind).
_ASKED = frozenset({ActKind.APPEAL, ActKind.DEMAND, ActKind.AGREEMENT})

# What may stand between a cue and the quote it introduces: 'said:', 'told reporters,', 'said in a statement:'
_INTRODUCES_QUOTE = re.compile(r"^(?:[^.;!?\n\u201c\u201d\"]{0,40}[,:])?\s*[\u201c\"`']*\s*$")

def read_colon_quotes(state: DocumentState) -> None:
    """'Putin: "We will respond."' - an actor, a colon and a quote, with no reporting verb: the
    colon is the cue of a Statement whose content is the quote."""
    text = state.text
    rule = state.lexicon.colon_rule
    for quote in state.quotes:
        before = text[: quote[0]].rstrip("\u201c\"`' \t")
        if not before.endswith(":"):
            continue
        colon = state.token_at(len(before) - 1)
        if colon.text != ":" or colon.i == 0 or any(d.start <= colon.i < d.end for d in state.drafts):
            continue
        if any(d.start < colon.i and d.sent_index == state.sent_of[colon.i] and not d.nominal for d in state.drafts
               if colon.i - d.end < 6):
            continue  # 'X said: "..."' - the verb is the cue
        name = state.doc[colon.i - 1]
        if name.pos_ not in {"PROPN", "NOUN"}:
            continue
        speakers = resolve(state.doc, state.doc[min(name.left_edge.i, name.i) : name.i + 1])
        draft = Draft(rule, rule.kind, colon.i, colon.i + 1, colon, state.sent_of[colon.i])
        if not speakers:
            if not mark_unnamed(state, draft, name):  # 'A spokeswoman: "..."'
                continue
        else:
            draft.speakers, draft.speaker_source = speakers, "subject"
        state.add(draft)


def link_quotes(state: DocumentState) -> None:
    """Quote + attribution: the attribution's content is the quote; acts inside the quote are
    quoted (``is_quote``), reported by the attribution, and take its speaker when theirs is unknown."""
    # where each cue begins, read once: linking changes no draft's cue, nor the list of drafts
    cue_starts = [(d, d.cue_chars[0]) for d in state.drafts]
    continued: dict[tuple[int, int], Draft] = {}
    for number, quote in enumerate(state.quotes):
        inside = [d for d, begin in cue_starts if quote[0] <= begin < quote[1]]
        attribution = continued.get(quote) or _attribution(state, quote)
        if attribution is None or attribution.laid_out:
            continue  # a turn's or a signed quote's words are its line, whatever quote marks run across it
        if quote in continued:
            attribution.quote_pieces += (state.trim(quote),)
        else:
            attribution.content = state.trim(quote)
            after = state.quotes[number + 1] if number + 1 < len(state.quotes) else None
            following = _continuation(state, attribution, quote, after)
            if following is not None:
                continued[following] = attribution
                attribution.quote_pieces = (attribution.content,)
        attribution.is_quote = True
        first = state.sent_of[state.token_at(quote[0]).i]
        span = (state.sentence_chars(min(first, attribution.sent_index))[0],
                state.sentence_chars(max(first, attribution.sent_index))[1])
        if first != attribution.sent_index:
            attribution.evidence = span
        report_quoted(inside, attribution, evidence=span if first != attribution.sent_index else None)


def report_quoted(inside: list[Draft], attribution: Draft, *, evidence: tuple[int, int] | None = None) -> None:
    """The acts ``inside`` an attribution's quoted words (a quote, a transcript's turn) are quoted,
    reported by it, and take its speaker when theirs is unknown; ``evidence``: the sentences quote and
    attribution span together, when they are not one."""
    for draft in inside:
        draft.is_quote = True
        draft.reported_by = attribution
        if evidence is not None:
            draft.evidence = evidence
        if (not draft.speakers or draft.speaker_source == "fallback") and attribution.speakers:
            draft.speakers = list(attribution.speakers)
            draft.speaker_source = "unnamed" if attribution.speaker_source == "unnamed" else "quote"


def _continuation(state: DocumentState, attribution: Draft, quote: tuple[int, int],
                  following: tuple[int, int] | None) -> tuple[int, int] | None:
    """The quote that goes on with ``quote`` after its attribution's sentence ('"A," he said. "B."'):
    ``following`` (the next quote) when it opens right after that sentence in the same paragraph and
    has no attribution of its own."""
    if following is None or attribution.cue_chars[0] < quote[1]:
        return None
    after = state.sentence_chars(attribution.sent_index)[1]
    gap = state.text[after : following[0]]
    if not after <= following[0] or "\n" in gap or gap.strip(" \t\u00a0\u201c\"`'"):
        return None
    return following if _attribution(state, following) is None else None


def _attribution(state: DocumentState, quote: tuple[int, int]) -> Draft | None:
    """The act that reports a quote: a say-type act in the sentence where the quote ends (after
    it) or begins (before it)."""
    end_sent = state.sent_of[state.token_at(quote[1] - 1).i]
    start_sent = state.sent_of[state.token_at(quote[0]).i]
    text = state.text
    inner = text[quote[0] : quote[1]].rstrip()
    if len(inner.split()) < 3:
        return None  # a scare-quoted phrase ("dangerous provocations") is not a reported utterance
    # After the quote: '"...," the statement said' (the quote ends open, with a comma)
    if inner[-1:] in {",", "?", "!", "-", "\u2014"}:
        after = [
            d for d in state.drafts
            if d.sent_index in {end_sent, end_sent + 1} and 0 <= d.cue_chars[0] - quote[1] < 60
            and "\n" not in text[quote[1] : d.cue_chars[0]] and (not d.nominal or d.document)
        ]
        if after:
            return min(after, key=lambda d: d.cue_chars[0])
    # Before the quote: 'X said: "..."', 'X said in a statement, "..."'
    before = [
        d for d in state.drafts
        if d.sent_index == start_sent and d.cue_chars[1] <= quote[0]
        and _INTRODUCES_QUOTE.match(text[d.cue_chars[1] : quote[0]])
    ]
    if before:
        return max(before, key=lambda d: d.cue_chars[0])
    return None


def link_responses(state: DocumentState) -> None:
    for draft in list(state.drafts):
        token = draft.responded
        if token is None:
            continue
        lemma = token.lemma_.lower()
        kinds = state.lexicon.response_nouns.get(lemma)
        nominal_rule = state.lexicon.nouns.get(lemma)
        owners = owner_mentions(token) if token.pos_ in {"NOUN", "PROPN"} else []
        if kinds is None and nominal_rule is not None:
            kinds = (nominal_rule.kind,)
        if kinds is None:
            # an ordinary object: "rejected the plan", "denied land allocation"; its owner is the target
            draft.targets.extend(owners or (resolve_token(token) if token.pos_ == "PROPN" else []))
            continue
        if draft.kind is ActKind.DENIAL and kinds[0] in _ASKED:
            # "denied Sweden's request", "denied the offer": a refusal of what was asked or offered,
            # not the denial of a claim
            refusal = state.lexicon.commitment_rules.get("refusal")
            if refusal is not None:
                draft.kind, draft.rule = refusal.kind, refusal
        earlier = _earlier_act(state, draft, kinds, owners, pronoun=token.pos_ == "PRON" or lemma in PRONOUNS)
        if (earlier is None and owners and nominal_rule is not None and token.i not in state.by_head
                and not nominal_rule.kind.is_consultation):
            made = Draft(nominal_rule, nominal_rule.kind, token.i, token.i + 1, token, state.sent_of[token.i],
                          nominal=True)
            made.speakers, made.speaker_source = owners, "owner"
            for child in token.children:
                fill_role(state, made, child, passive=False)
            state.add(made)
            earlier = made
        if earlier is not None and earlier is not draft:
            draft.responds_to = earlier
            draft.targets.extend(owners or earlier.speakers)
        else:
            draft.targets.extend(owners)


def _earlier_act(state: DocumentState, draft: Draft, kinds: tuple[ActKind, ...], owners: list[Mention], *, pronoun: bool
) -> Draft | None:
    """The act a response answers: the latest earlier act of a compatible kind by the owners of the
    answered noun ("Erdogan's allegations"); for an anaphor ("these claims", "them"), the latest
    compatible act within two sentences; for a bare noun ("the appeal"), the latest compatible act."""
    keys = {k for m in owners for k in m.denotes}
    candidates = [d for d in state.drafts if d is not draft and d.start < draft.start and d.speakers
                  and d.kind in kinds and d.responds_to is not draft]
    if keys:
        # "a U.S. request" answers a request by the U.S. or none reported before
        same = [d for d in candidates if d.speaker_keys() & keys]
        return same[-1] if same else None
    if pronoun:
        near = [d for d in candidates if draft.sent_index - d.sent_index <= 2]
        return near[-1] if near else None
    return candidates[-1] if candidates else None

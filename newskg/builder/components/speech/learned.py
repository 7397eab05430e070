"""The learned attribution model's proposals read by the rules (issue 16).

The model (:mod:`..attribution_model`) finds cue, source and content spans and groups them into
:class:`~newskg.builder.facts.AttributionProposal` on ``doc._.newskg_attributions``; it knows nothing
of act kinds or actors. The reader hands them to :func:`read_proposals` after its own cues, and the
rules do the rest:

- a proposal whose cue lies on a cue the lexicon already drafted adds what that draft lacks: its
  speaker (read from the model's source as a subject is read: names, titles, pronouns, unnamed
  sources; a noun no actor answers to, "polls", "the president", is an unnamed source of its own)
  and its content pieces. The model's pieces become the act's content when the rules found none or
  when they hold what the rules found (the rest of a quote its attribution broke: "“A,” he said,
  “B.”" has the content "“A,” “B.”", one ``nk:contentMention`` per piece); where the two readings
  disagree the rules' content stands. A draft that had no speaker, and would have been dropped, so becomes an act. The
  source span as written ("he", "who") joins the speaker mentions (:func:`_credit_source`).
- any other proposal becomes a draft of its own, typed by its cue's head word: the hand lexicon
  first (its kind, CAMEO code and roles), then CAMEO's verb dictionary (:mod:`...dictionaries.cameo_verbs`,
  the code's newskg class through the ontology) for verbs the lexicon lacks, then a belief or
  intention ("wants", "believes", "polls show": ``attitude_lemmas`` of the lexicon) as an
  ``nk:Attitude``, and otherwise a plain ``nk:Statement``. Its speaker comes from the model's source
  span (else, when the model tagged no source, the grammatical subject of an active verbal cue, as
  the rules read their own: "... and reported her presence"), its targets and addressees from the
  cue's dependents as the typing rule names them, its content from the model's content spans. A
  word the lexicon reads as another act than a statement, and whose gates turned this use away,
  becomes a plain statement ("Clinton called them deplorable" is no phone call, yet words reported,
  about its object), except support, where what the gates turn away is material ("Turkey has backed
  the offensive": a relation, not words), and talks ("met to discuss the proposal"): no act. A
  proposal on any cue the rules read, a consultation included ("resumed mediation"), makes no second
  act, nor does a document credited with an act the rules read ("Erdogan told Zelensky that ...,
  according to the statement"); a proposal whose source holds a nominal act the rules read ("read a
  statement released by the ministry") completes that act. The subject of a passive cue is never its
  speaker ("the minister was accused ... by prosecutors").

Every act the model brought (a new draft, or one the model gave its speaker) is marked ``learned``:
its confidence, as the rules reckon it (an untyped statement or attitude starts at 0.3), is capped
at :data:`LEARNED_CONFIDENCE` (0.39) and multiplied by the model's score for its cue, so it stays
below every named act the rules read alone (0.41 and up): ``min_confidence`` 0.4 gives the rules'
named acts only, a rules act always outranks a learned one, and among learned acts the threshold
follows the model's own confidence.

Where the rules are weakest the model is the judge: an act the rules read inside another's quoted
words, a bare noun act ("Trump's threats") and a plain statement inside another act's content stand
only where the model proposes an attribution (``Draft.proposed``; the reader drops the rest, see
``reader._drop_unproposed`` and ``reader._drop_unproposed_inside``). A rules-only build keeps them.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ...dictionaries.cameo_verbs import CameoVerbs
from ...facts import ActKind, AttributionProposal, Mention
from ...facts import Span as TextSpan
from ..attribution import is_passive, resolve, subject_of
from ..cues import CueRule
from ..doc_index import doc_index, sentence_span
from ..resolution import dateline_tokens, unnamed_group
from .context import DocumentState, Draft
from .roles import fill_role, read_mode
from .speakers import speak_as_subject

__all__ = ["LEARNED_CONFIDENCE", "content_pieces", "extent", "read_proposals"]

#: The highest confidence of an act the model brought.
LEARNED_CONFIDENCE = 0.39
#: The starting confidence of a learned act no rule could type (statement or attitude).
UNTYPED_CONFIDENCE = 0.3
#: The starting confidence of a learned act typed by CAMEO's verb dictionary.
CAMEO_CONFIDENCE = 0.45

# Which dependent of a CAMEO-typed verb is whom: "accused Russia", "urged Iran".
_CAMEO_ROLES: dict[ActKind, dict[str, str]] = {
    ActKind.ACCUSATION: {"dobj": "target", "prep_of": "content"},
    ActKind.CRITICISM: {"dobj": "target"},
    ActKind.THREAT: {"dobj": "target"},
    ActKind.ENDORSEMENT: {"dobj": "target"},
    ActKind.DENIAL: {"dobj": "content"},
    ActKind.REJECTION: {"dobj": "content"},
    ActKind.APPEAL: {"dobj": "addressee", "prep_on": "addressee"},
    ActKind.DEMAND: {"dobj": "addressee", "prep_from": "addressee"},
    ActKind.AGREEMENT: {"prep_with": "addressee"},
}
_KINDS = frozenset(k.value for k in ActKind)
_STATEMENT = CueRule(name="(learned)", kind=ActKind.STATEMENT, cameo="010", confidence=UNTYPED_CONFIDENCE,
                     pos="VERB", roles={"prep_to": "addressee", "dative": "addressee"})
# "Clinton called them deplorable", "Lavrov called the talks constructive": words about the object
_NAMING = CueRule(name="(learned naming)", kind=ActKind.STATEMENT, cameo="010", confidence=UNTYPED_CONFIDENCE,
                  pos="VERB", roles={"dobj": "target"})
_ATTITUDE = CueRule(name="(learned attitude)", kind=ActKind.ATTITUDE, cameo="", confidence=UNTYPED_CONFIDENCE,
                    pos="VERB")


def read_proposals(state: DocumentState, proposals: Iterable[AttributionProposal]) -> None:
    """Reads the model's ``proposals`` into ``state``'s drafts (see the module docstring)."""
    index = doc_index(state.doc)
    for proposal in proposals:
        cue = index.tokens_at(proposal.cue.start, proposal.cue.end) or _expand(state, proposal.cue)
        if cue is None:
            continue
        drafted = _drafted(state, cue) or _drafted_in_source(state, proposal)
        if drafted is not None:
            _complete(state, drafted, proposal)
            continue
        draft = _new_draft(state, proposal, cue)
        if draft is not None:
            state.add(draft)


def _expand(state: DocumentState, span: TextSpan) -> tuple[int, int] | None:
    piece = state.doc.char_span(span.start, span.end, alignment_mode="expand")
    return (piece.start, piece.end) if piece is not None and len(piece) else None


def _drafted(state: DocumentState, cue: tuple[int, int]) -> Draft | None:
    """The rules' draft whose cue shares a token with ``cue``."""
    for draft in state.drafts:
        if draft.start < cue[1] and cue[0] < draft.end:
            return draft
    return None


def _drafted_in_source(state: DocumentState, proposal: AttributionProposal) -> Draft | None:
    """The rules' nominal draft whose cue lies in the proposal's source ("read a statement released by
    the ministry": the statement the rules read is the attribution the model found at "read")."""
    index = doc_index(state.doc)
    for source in proposal.sources:
        tokens = index.tokens_at(source.start, source.end) or _expand(state, source)
        if tokens is None:
            continue
        for draft in state.drafts:
            if draft.nominal and tokens[0] <= draft.start and draft.end <= tokens[1]:
                return draft
    return None


def extent(pieces: tuple[tuple[int, int], ...]) -> tuple[int, int] | None:
    """The characters from the first content piece to the last (a quote broken by its attribution
    is one content), None without pieces."""
    return (pieces[0][0], pieces[-1][1]) if pieces else None


def content_pieces(text: str, proposal: AttributionProposal) -> tuple[tuple[int, int], ...]:
    """The model's content pieces in text order, neighbours joined when only spaces and punctuation
    lie between them: "“A,” Mr. X said. “B.”" gives two pieces, the cue and source left out.

    >>> from newskg.builder.facts import Span
    >>> t = '"We will win," he said, "and soon."'
    >>> quote = (Span(0, 14, t[0:14]), Span(24, 35, t[24:35]))
    >>> content_pieces(t, AttributionProposal(Span(18, 22, "said"), (Span(15, 17, "he"),), quote))
    ((0, 14), (24, 35))
    """
    pieces: list[tuple[int, int]] = []
    for piece in sorted(proposal.contents, key=lambda p: p.start):
        if pieces and not any(c.isalnum() for c in text[pieces[-1][1] : piece.start]):
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], piece.end))
        else:
            pieces.append((piece.start, piece.end))
    return tuple(pieces)


def _source_phrase(state: DocumentState, span: TextSpan) -> SpacySpan | None:
    """The words of a source span the model tagged, without a dateline at its start ("ATLANTIC CITY —
    Hillary Clinton") nor punctuation and a conjunction at its ends ("their attorneys, and", whose
    head would be the "and" the parser hangs on the main verb); None when nothing is left."""
    index = doc_index(state.doc)
    tokens = index.tokens_at(span.start, span.end) or _expand(state, span)
    if tokens is None:
        return None
    doc, dateline = state.doc, dateline_tokens(state.doc)
    start, end = tokens
    # by the parse, not the characters: spaCy calls the "%" of "42% say" punctuation, yet it heads it
    while start < end and (start in dateline or doc[start].dep_ == "punct" or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].dep_ in {"punct", "cc"} or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if start < end else None


def _source_heads(state: DocumentState, proposal: AttributionProposal) -> list[Token]:
    """The syntactic head of each source span (the token whose head lies outside it)."""
    phrases = (_source_phrase(state, span) for span in proposal.sources)
    return [phrase.root for phrase in phrases if phrase is not None]


def _speak(state: DocumentState, draft: Draft, proposal: AttributionProposal) -> None:
    """The draft's speaker from the model's source spans (read as a subject is), else the cue's own
    subject as the rules read it."""
    # "the minister was accused of ... by prosecutors": a passive cue's subject is not who speaks
    heads = [h for h in _source_heads(state, proposal) if not (h.dep_ == "nsubjpass" and h.head == draft.head)]
    for head in heads:
        speak_as_subject(state, draft, head)
        if not draft.speakers:
            found = resolve(state.doc, state.doc[head.left_edge.i : head.right_edge.i + 1])
            if found:
                draft.speakers, draft.speaker_source = found, "subject"
        if draft.speakers:
            return
    for head in heads:
        if head.pos_ in {"NOUN", "PROPN"}:
            # "polls show", "the president joked": whom the text credits, though no actor it knows
            draft.speakers, draft.speaker_source = [unnamed_group(state.doc, head)], "unnamed"
            return
    if not proposal.sources and draft.head.pos_ == "VERB" and not is_passive(draft.head):
        # the model found the cue but tagged no source ("... and reported her presence"): the cue's
        # grammatical subject, as the rules read it for their own cues
        speak_as_subject(state, draft, subject_of(draft.head))


def _complete(state: DocumentState, draft: Draft, proposal: AttributionProposal) -> None:
    draft.proposed = True
    if draft.kind.is_consultation:
        return  # "resumed mediation": an event the rules read, not an attribution to complete
    if not draft.model_content:
        draft.model_content = content_pieces(state.text, proposal)
    if not draft.speakers:
        if _sources_a_drafted_act(state, proposal):
            return
        _speak(state, draft, proposal)
        draft.learned = bool(draft.speakers)
        draft.model_score = proposal.score
        _credit_source(state, draft, proposal, read_from_source=True)
    else:
        _credit_source(state, draft, proposal, read_from_source=False)


def _credit_source(
    state: DocumentState, draft: Draft, proposal: AttributionProposal, *, read_from_source: bool
) -> None:
    """Adds the source span as written ("he", "the senator") to the draft's speaker mentions when its
    speakers were read elsewhere (a pronoun's antecedent, a title's holder, the last speaker): the
    mention says where the text credits the speaker. The speakers stay who they were: a named source
    span that resolves to someone else adds nothing; a pronoun stands for the speakers the rules read.
    ``read_from_source``: the speakers were read from this very span."""
    keys = draft.speaker_keys()
    if not keys:
        return
    for source in proposal.sources:
        if any(m.span.start < source.end and source.start < m.span.end for m in draft.speakers):
            continue
        phrase = _source_phrase(state, source)
        if phrase is None:
            continue
        if phrase.root.dep_ == "nsubjpass" and phrase.root.head == draft.head:
            continue  # "he was called out by doctors": the passive's subject is the target, not a speaker
        found = [m for m in resolve(state.doc, phrase) if set(m.denotes) <= keys]
        if not found and (read_from_source or phrase.root.pos_ == "PRON" or phrase.root.tag_ in {"WP", "WDT"}):
            # "he said", "..., who argued": the pronoun stands for whom the rules read as the speaker
            begin, end = phrase.start_char, phrase.end_char
            found = [Mention(TextSpan(begin, end, state.text[begin:end]), tuple(sorted(keys)), "coref",
                             sentence_span(state.doc, phrase.start))]
        draft.speakers.extend(found)


def _cue_head(state: DocumentState, cue: tuple[int, int]) -> Token:
    piece = state.doc[cue[0] : cue[1]]
    verbs = [t for t in piece if t.pos_ in {"VERB", "AUX"} and not (cue[0] <= t.head.i < cue[1] and t.head != t)]
    return verbs[0] if verbs else piece.root


def _typing_rule(state: DocumentState, head: Token) -> CueRule | None:
    """The rule a learned cue is read with: the hand lexicon's, CAMEO's, an attitude or a statement;
    None for a word the lexicon reads as another act and whose gates turned this use away."""
    lemma = head.lemma_.lower()
    lexicon = state.lexicon
    rule = lexicon.verbs.get(lemma) if head.pos_ in {"VERB", "AUX"} else lexicon.nouns.get(lemma)
    if rule is not None and rule.kind is ActKind.STATEMENT:
        return rule
    if lemma in lexicon.attitude_lemmas:
        return _ATTITUDE
    if rule is not None:
        # the lexicon knows the word and its gates turned this use away as its kind: "Clinton called
        # them deplorable" is no call, yet words reported, a plain statement. Support the gates
        # turn away is material ("Turkey backed the offensive"): a relation, not words; talks they
        # turn away ("met to discuss the proposal") are no words reported either
        if rule.otherwise is ActKind.STATEMENT:
            return _STATEMENT  # "spoke about the war": no consultation, words reported
        if rule.kind.is_consultation and _names_its_object(head):
            return _NAMING  # "called the charges fabricated" is no call, yet words reported
        if rule.kind is ActKind.ENDORSEMENT or rule.kind.is_consultation:
            return None
        return _STATEMENT
    if head.pos_ == "VERB":
        match = CameoVerbs.load().match(head)
        name = match.newskg_class if match is not None else None
        kind = ActKind(name) if name in _KINDS else None
        if match is not None and kind is not None and not kind.is_consultation and kind is not ActKind.STATEMENT:
            return CueRule(name=match.lemma, kind=kind, cameo=match.code or "", confidence=CAMEO_CONFIDENCE,
                           pos="VERB", roles=_CAMEO_ROLES.get(kind, {}))
    return _STATEMENT


def _names_its_object(head: Token) -> bool:
    """"called X Y": an object and a predicate on it (spaCy's ``oprd``)."""
    deps = {c.dep_ for c in head.children}
    return "dobj" in deps and "oprd" in deps


def _sources_a_drafted_act(state: DocumentState, proposal: AttributionProposal) -> bool:
    """True for "..., according to the statement" / "the report said" around an act the rules read
    inside the content (or, when the model tagged no content of its own, before the cue in its
    sentence): the document is the act's source, not a second act."""
    heads = _source_heads(state, proposal)
    if not heads or not all(state.lexicon.is_document_noun(h) for h in heads):
        return False
    content = extent(content_pieces(state.text, proposal))
    if content is None:
        # "Erdogan told Zelensky that ..., according to the statement", the words tagged as the content
        # of "told": the statement is the source of the act its sentence reads before the cue
        sentence = state.sent_of[state.token_at(proposal.cue.start).i]
        return any(d.sent_index == sentence and d.cue_chars[1] <= proposal.cue.start
                   for d in state.drafts if not d.learned)
    return any(content[0] <= d.cue_chars[0] and d.cue_chars[1] <= content[1] for d in state.drafts if not d.learned)


def _new_draft(state: DocumentState, proposal: AttributionProposal, cue: tuple[int, int]) -> Draft | None:
    head = _cue_head(state, cue)
    if head.i in state.by_head or _sources_a_drafted_act(state, proposal):
        return None
    rule = _typing_rule(state, head)
    if rule is None:
        return None
    draft = Draft(rule, rule.kind, cue[0], cue[1], head, state.sent_of[head.i], learned=True, proposed=True,
                  model_score=proposal.score)
    _speak(state, draft, proposal)
    if not draft.speakers:
        return None
    _credit_source(state, draft, proposal, read_from_source=True)
    draft.model_content = content_pieces(state.text, proposal)
    draft.content = extent(draft.model_content)
    if head.pos_ in {"VERB", "AUX"}:
        index = doc_index(state.doc)
        for child in index.kids(head.i):
            if not cue[0] <= child < cue[1]:
                fill_role(state, draft, state.doc[child], passive=False)
        read_mode(state, draft, head)
    return draft

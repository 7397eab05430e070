"""Speech acts and consultations: who said, accused, denied, called for, discussed what, with whom.

:class:`SpeechActExtractor` is the ``newskg_speech_acts`` component. For each cue of the lexicon
(:mod:`.cues`) it reads the act's kind, its speakers, addressees and targets (resolved to actors by
the actors component through :mod:`.attribution`), the reported content, negation, modality and
date, and then links acts across sentences (the stages live in :mod:`.speech`, one module each):

- a quote and its attribution (``"...," the statement said``), acts inside the quote carry
  ``is_quote`` and ``reported_by``, and take the attribution's speaker when their own is missing;
- "the statement said" / "It added" go back to the author of the last statement;
- responses ("rejected Erdogan's allegations", "These claims have been echoed by France",
  "rebuffed calls ... made by X") point at the act they answer (``responds_to``), creating the
  nominal act ("calls") when it was not reported before.

An act whose only speaker is an unnamed source ("officials said", "a senior diplomat told
reporters", "according to sources close to the talks", 'A spokeswoman: "..."') keeps it as a Group
of its own, scoped to the document (:func:`.resolution.unnamed_group`), with its confidence cut to 0.4
of the cue's (at most 0.34 with the shipped lexicon): ``min_confidence`` 0.4 drops them all, and a
named act (0.41 and up on the seed article and PLOVER dev) outranks them. "Russian officials", "a
Kremlin spokesman" and "officials in Doha" name their state and are read as it.

>>> import spacy
>>> from newskg.builder.components import facts_of
>>> nlp = spacy.blank("en")
>>> extractor = SpeechActExtractor(nlp, "newskg_speech_acts")
>>> doc = extractor(nlp("Nothing was said."))   # no parse, no acts
>>> facts_of(doc).speech_acts
[]
"""

from __future__ import annotations

import logging
import re

from spacy.language import Language
from spacy.tokens import Doc

from ..facts import ActKind, DocumentFacts
from . import doc_extension, facts_of
from .cues import CueLexicon
from .speech.reader import read_speech_acts

__all__ = ["SpeechActExtractor", "apply_party_rule"]

log = logging.getLogger(__name__)

# An appeal to stop fighting made by a party to that fighting is an offer (PLOVER AGREE), not a request.
_ENDING_WORDS = frozenset({"ceasefire", "cease-fire", "truce", "halt", "end", "armistice", "de-escalation"})


class SpeechActExtractor:
    """The ``newskg_speech_acts`` component: fills ``facts_of(doc).speech_acts``.

    Settings (keyword-only):
        lexicon: the cue lexicon (default: the one shipped in ``newskg/builder/data``).
        min_confidence: acts below this confidence are dropped (0 keeps all).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "newskg_speech_acts",
        *,
        lexicon: CueLexicon | None = None,
        min_confidence: float = 0.0,
    ) -> None:
        self.name = name
        self.lexicon = lexicon or CueLexicon.default()
        self.min_confidence = min_confidence

    # ------------------------------------------------------------------ the component
    def __call__(self, doc: Doc) -> Doc:
        facts = facts_of(doc)
        if not doc.has_annotation("DEP"):
            log.debug("document %r has no dependency parse; no speech acts read", facts.document.id)
            return doc
        proposals = doc_extension(doc, "newskg_attributions")  # None when the model did not run
        for act in read_speech_acts(doc, self.lexicon, proposals):  # type: ignore[arg-type]
            if act.confidence >= self.min_confidence:
                facts.speech_acts.append(act)
        apply_party_rule(facts)
        return doc


def apply_party_rule(facts: DocumentFacts) -> int:
    """PLOVER's rule: a call to stop a conflict made by a party to it is an offer (Agreement), not a
    request (Appeal). Re-types such Appeals in ``facts`` and returns how many changed.

    An Appeal whose topics include conflicts is judged by the parties to those; one without, by the
    parties to any conflict of the document. Conflict participants are filled by the relations
    component, which runs after the speech acts and applies the rule again (it is idempotent).

    >>> from newskg.builder.facts import Conflict, Document, Mention, Span, SpeechAct
    >>> facts = DocumentFacts(Document("d", "Armenia called for a ceasefire."))
    >>> facts.conflicts["war"] = Conflict("war", "war", participants=["armenia", "azerbaijan"])
    >>> armenia = Mention(Span(0, 7, "Armenia"), ("armenia",))
    >>> facts.speech_acts.append(SpeechAct(ActKind.APPEAL, Span(8, 18, "called for"), Span(0, 31, "..."),
    ...     speakers=[armenia], content=Span(19, 30, "a ceasefire")))
    >>> apply_party_rule(facts), facts.speech_acts[0].kind.value
    (1, 'Agreement')
    """
    everyone = {p for conflict in facts.conflicts.values() for p in conflict.participants}
    if not everyone:
        return 0
    changed = 0
    for act in facts.speech_acts:
        if act.kind is not ActKind.APPEAL or act.content is None:
            continue
        # a call about one conflict is judged by that conflict's parties: Russia at war in Ukraine
        # is still a third party when it calls for a truce in Karabakh
        topical = [facts.conflicts[k] for k in act.topics if k in facts.conflicts]
        parties = {p for conflict in topical for p in conflict.participants} if topical else everyone
        speakers = {k for m in act.speakers for k in m.denotes}
        words = set(re.findall(r"[a-z-]+", act.content.text.lower()))
        if speakers and speakers <= parties and words & _ENDING_WORDS:
            act.kind = ActKind.AGREEMENT
            act.confidence = round(act.confidence * 0.9, 3)
            changed += 1
    return changed

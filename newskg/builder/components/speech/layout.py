"""Attributions the page's layout makes, with no reporting verb: a speaker's turn and a signed quote.

- a turn: a line that starts with a name and a colon, the rest of the line being what was said, as
  transcripts print interviews and debates ('"PENCE: Well, look, ...') and headlines print a
  speaker's words ("Lavrov: West is playing with fire");
- a signed quote: a quote on its own line closed by a dash and a name, as vox pops, epigraphs and
  quoted posts sign them ('"He represents our greatest shame." ― Sonya Herridge').

The colon or the dash is the cue of a Statement whose content is the words. The name must resolve to
an actor of the document; a single word ("WALLACE", "Pence") is also read as the surname of a person
the article names. Labels that name nobody ("UPDATE:", "Note:", "Partial transcript as follows:"), rows of
a table ("Clinton: 2,316.") and an interview's "Q:" make no act. Acts reported inside a turn are
quoted, as inside a quote (:func:`.discourse.link_quotes`).
"""

from __future__ import annotations

import re

from ...facts import ActorKind, Mention
from ...facts import Span as TextSpan
from .. import facts_of
from ..attribution import resolve
from ..cues import CueRule
from ..doc_index import sentence_span
from .context import DocumentState, Draft
from .discourse import report_quoted

__all__ = ["read_layout"]

# A name: one to four capitalised words ("PENCE", "Pat Caddell", "Gov. Mike Pence", "Politifact").
_NAME = r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t\u00a0]+[A-Z][\w.'\u2019-]*){0,3})"
_SPACE = r"[ \t\u00a0]"
#: a line opening with a name and a colon, a transcript's quote mark allowed before the name
_TURN = re.compile(rf"^{_SPACE}*[\"\u201c\u201d]?{_SPACE}*{_NAME}{_SPACE}*(?P<colon>:){_SPACE}+(?=\S)", re.MULTILINE)
#: a closing quote mark, a dash and a name ending the line (a handle or a date may follow)
_SIGNED = re.compile(
    rf"[\u201d\"]{_SPACE}*(?P<dash>[\u2015\u2014\u2013]|--?){_SPACE}*{_NAME}"
    rf"(?={_SPACE}*(?:[.,]?{_SPACE}*$|\(|[.,]?{_SPACE}*[A-Z][a-z]+\.?{_SPACE}+\d))",
    re.MULTILINE,
)
_OPENING = "\u201c\u201d\""


def read_layout(state: DocumentState) -> None:
    """Drafts the document's turns and signed quotes (see the module)."""
    rule = state.lexicon.colon_rule
    text = state.text
    headline_end = text.find("\n")
    for match in _TURN.finditer(text):
        end = text.find("\n", match.end())
        # below the headline, a turn is a person's: "Correction:", "Editor's note:" are labels even when
        # the entity recogniser takes them for an organisation
        people = [ActorKind.PERSON] if 0 <= headline_end < match.start() else None
        _add(state, rule, match, "colon", (match.end(), len(text) if end < 0 else end), turn=True, kinds=people)
    for match in _SIGNED.finditer(text):
        close = match.start()
        line = text.rfind("\n", 0, close) + 1
        opening = next((i for i in range(line, close) if text[i] in _OPENING), None)
        if opening is None or len(text[opening + 1 : close].split()) < 3:
            continue  # no quote of its own on the line, or a scare-quoted phrase
        _add(state, rule, match, "dash", (opening + 1, close), turn=False, kinds=None)


def _add(state: DocumentState, rule: CueRule, match: re.Match[str], cue_group: str, content: tuple[int, int], *,
         turn: bool, kinds: list[ActorKind] | None) -> None:
    cue = state.token_at(match.start(cue_group))
    if any(d.start <= cue.i < d.end for d in state.drafts):
        return
    if len(state.text[content[0] : content[1]].split()) < 3 or match.end("name") - match.start("name") < 2:
        return  # a table's row ("Clinton: 2,316."), an interview's "Q:"
    speakers = _named(state, match.start("name"), match.end("name"))
    entities = facts_of(state.doc).entities
    if not speakers or (kinds and not all(k in entities and entities[k].kind in kinds
                                          for m in speakers for k in m.denotes)):
        return
    draft = Draft(rule, rule.kind, cue.i, cue.i + 1, cue, state.sent_of[cue.i])
    draft.speakers, draft.speaker_source = speakers, "subject"
    draft.content = state.trim(content)
    draft.is_quote = draft.laid_out = True
    state.add(draft)
    if turn:
        begin, end = draft.content
        report_quoted([d for d in state.drafts if d is not draft and begin <= d.cue_chars[0] < end], draft)


def _named(state: DocumentState, begin: int, end: int) -> list[Mention]:
    """The actors the name at ``[begin, end)`` denotes; a single word ("WALLACE", "Pence") that no
    reading resolves stands for the one person of the document whose name ends with it. When two do
    ("CLINTON:" in an article naming Hillary and Bill Clinton) it stands for neither, as a surname two
    people share resolves to neither in the text (``actors._resolve_person``)."""
    phrase = state.doc.char_span(begin, end, alignment_mode="expand")
    if phrase is None or not len(phrase):
        return []
    found = resolve(state.doc, phrase)
    name = state.text[begin:end]
    if found or " " in name:
        return found
    owners = {
        mention.denotes
        for mention in facts_of(state.doc).mentions
        if mention.via == "name" and len(words := mention.span.text.lower().split()) > 1 and words[-1] == name.lower()
    }
    if len(owners) != 1:
        return []
    sentence = sentence_span(state.doc, phrase.start)
    return [Mention(TextSpan(begin, end, name), owners.pop(), "coref", sentence)]

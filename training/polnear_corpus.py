"""The corpus reader ``spacy train`` uses for the attribution model (passed with ``--code``).

``polnear_to_spacy.py`` writes each split as two DocBins in the same order: the reference docs (gold
tags and entities) and the predicted docs (the same tokens as en_core_web_sm annotates them, which is
what the model sees at run time, where it runs after en_core_web_sm). This reader pairs them into
``Example``s, optionally cut into pieces of about ``max_tokens`` tokens at paragraph breaks that no
gold span crosses (more, smaller updates per epoch; a window encoder loses nothing at a paragraph
break).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.util import registry


@registry.readers("newskg.PolnearCorpus.v1")
def create_polnear_reader(
    path: Path,
    predicted: Path,
    max_tokens: int = 0,
    entities_without_spaces: bool = False,
    without_parse: bool = False,
) -> Callable[[Language], Iterator[Example]]:
    """``entities_without_spaces``: cut the gold entities at white-space tokens and punctuation;
    ``without_parse``: give the model the bare words (spaCy's entity recognizer cannot learn an entity
    that crosses a sentence boundary of the parse). Only the ``ner`` alternative needs them."""

    def read(nlp: Language) -> Iterator[Example]:
        refs = DocBin().from_disk(path).get_docs(nlp.vocab)
        preds = DocBin().from_disk(predicted).get_docs(nlp.vocab)
        for ref, pred in zip(refs, preds, strict=True):
            if entities_without_spaces:
                _cut_entities_at_spaces(ref)
            if without_parse:
                pred = Doc(pred.vocab, words=[t.text for t in pred], spaces=[bool(t.whitespace_) for t in pred])
            for start, end in _pieces(ref, max_tokens):
                if (start, end) == (0, len(ref)):
                    yield Example(pred, ref)
                else:
                    yield Example(pred[start:end].as_doc(), ref[start:end].as_doc())

    return read


def _cut_entities_at_spaces(doc: Doc) -> None:
    pieces = []
    for ent in doc.ents:
        start = None
        for i in range(ent.start, ent.end + 1):
            inside = i < ent.end and not doc[i].is_space and not doc[i].is_punct
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                pieces.append(Span(doc, start, i, label=ent.label_))
                start = None
    doc.set_ents(pieces, default="outside")


def _pieces(ref: Doc, max_tokens: int) -> list[tuple[int, int]]:
    if max_tokens <= 0 or len(ref) <= max_tokens:
        return [(0, len(ref))]
    out, start = [], 0
    for token in ref:
        i = token.i
        if (i - start >= max_tokens and token.is_space and "\n" in token.text
                and not (i + 1 < len(ref) and ref[i + 1].tag_.startswith("I-"))):
            out.append((start, i + 1))
            start = i + 1
    if start < len(ref):
        out.append((start, len(ref)))
    return out


# The model's encoder is newskg's own architecture: register it for the training run too.
import newskg.builder.components.attribution_architecture  # noqa: E402,F401

"""The learned attribution model as a spaCy component: cue, source and content spans, grouped into
attributions, on ``doc._.newskg_attributions``.

The model (``newskg/builder/models/attribution/``, see its ``MODEL_CARD.md``) is a small spaCy
pipeline of its own (its own tok2vec and a tagger whose tags are PolNeAR's roles in BIO, see
:mod:`.attribution_tags`), trained by ``make train``. It runs on a copy of the Doc's words made in its
own vocabulary, so the tags, parse and entities of the main pipeline stay as they are; it reads the
main pipeline's part-of-speech tags and dependency labels from the Doc when its embedding uses them.
Its role spans are grouped into attributions with the main pipeline's parse (:mod:`.attribution_grouping`).

The proposals are plain data (:class:`~newskg.builder.facts.AttributionProposal`); this component
does not make speech acts (the rules do that, phase 2 of issue 16), and it is not in the default
build pipeline: add it with ``nlp.add_pipe("newskg_attribution_model")``.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import numpy
import spacy
from spacy.attrs import DEP, HEAD, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ...errors import ExtractionError
from ..facts import AttributionProposal
from ..facts import Span as TextSpan
from . import (
    attribution_architecture,  # noqa: F401  (registers the encoder before the model loads)
    ensure_extensions,
)
from .attribution_grouping import ParseView, group_spans
from .attribution_tags import best_tags_batch, spans_from_tags
from .doc_index import DocIndex, doc_index

__all__ = ["AttributionModel", "default_model_path", "load_attribution_pipeline", "parse_view"]

log = logging.getLogger(__name__)

#: Token attributes of the main pipeline the model's embedding may read.
_COPIED_ATTRS = ("TAG", "POS", "DEP", "ENT_TYPE", "ENT_IOB", "LEMMA")


def default_model_path() -> Path:
    """The directory of the shipped model."""
    return Path(str(resources.files("newskg.builder") / "models" / "attribution"))


@functools.lru_cache(maxsize=2)
def load_attribution_pipeline(path: str) -> Language:
    """Loads the model's own pipeline from ``path`` (no network). Raises :class:`ExtractionError`
    naming the directory when it is missing or does not load."""
    try:
        return spacy.load(path)
    except (OSError, ValueError) as exc:
        raise ExtractionError(
            "cannot load the attribution model", where=path, hint="train it with `make train`, or pass model_path"
        ) from exc


def parse_view(doc: Doc) -> ParseView:
    """The Doc's parse as arrays (read in bulk, without a Token object per word); a flat view when it
    has none."""
    if not doc.has_annotation("DEP"):
        return ParseView.flat(len(doc))
    table = doc.to_array([HEAD, DEP, SENT_START]).astype(numpy.int64)
    heads = (numpy.arange(len(doc)) + table[:, 0]).tolist()  # HEAD is stored relative to the token
    strings = doc.vocab.strings
    labels: dict[int, str] = {}
    deps = [labels.get(h) or labels.setdefault(h, strings[h]) for h in table[:, 1].astype(numpy.uint64).tolist()]
    sentences = (numpy.cumsum(table[:, 2] == 1) - 1).tolist()
    return ParseView(heads, deps, sentences)


class AttributionModel:
    """The ``newskg_attribution_model`` component (see the module). The shipped model reads the main
    pipeline's tags and dependency labels beside the words: on a Doc without them it finds little.

    >>> from newskg.builder.pipeline import load_pipeline
    >>> nlp = load_pipeline(with_components=False)   # en_core_web_sm alone
    >>> component = AttributionModel(nlp, "newskg_attribution_model")
    >>> doc = component(nlp("The minister said talks would resume."))
    >>> [p.cue.text for p in doc._.newskg_attributions]
    ['said']
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        model_path: str | Path | None = None,
        batch_size: int = 8,
        min_score: float = 0.0,
    ) -> None:
        ensure_extensions()
        self.name = name
        self.model_path = Path(model_path) if model_path is not None else default_model_path()
        self.batch_size = batch_size
        self.min_score = min_score

    @property
    def version(self) -> str:
        """``name-version`` of the model, from its ``meta.json`` (without loading its weights)."""
        try:
            meta = json.loads((self.model_path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "unversioned"
        return f"{meta.get('name', 'model')}-{meta.get('version', '0')}"

    @property
    def inner(self) -> Language:
        """The model's own pipeline, loaded on first use."""
        return load_attribution_pipeline(str(self.model_path))

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            self._annotate(batch)
            yield from batch

    def _copy(self, doc: Doc, attrs: list[str]) -> Doc:
        table = doc.to_array([ORTH, SPACY])
        strings = doc.vocab.strings
        words = [strings[o] for o in table[:, 0].tolist()]
        copy = Doc(self.inner.vocab, words=words, spaces=table[:, 1].astype(bool).tolist())
        if attrs:
            columns: list[int | str] = list(attrs)
            copy.from_array(columns, doc.to_array(columns))  # type: ignore[arg-type]
        return copy

    def _embedding_attrs(self) -> list[str]:
        embed = self.inner.config["components"]["tok2vec"]["model"]["embed"]
        wanted = {str(a).upper() for a in embed.get("attrs", [])}
        return [a for a in _COPIED_ATTRS if a in wanted]

    def _annotate(self, docs: list[Doc]) -> None:
        if not docs:
            return
        inner = self.inner
        attrs = [a for a in self._embedding_attrs() if all(d.has_annotation(a) for d in docs)]
        copies = [self._copy(doc, attrs) for doc in docs]
        tagger_name = inner.pipe_names[-1]
        for name, component in inner.pipeline:
            if name != tagger_name:
                copies = list(component.pipe(copies))  # type: ignore[attr-defined]
        tagger = inner.get_pipe(tagger_name)
        labels = list(tagger.labels)  # type: ignore[attr-defined]
        scores = tagger.model.predict(copies)  # type: ignore[attr-defined]
        to_numpy = tagger.model.ops.to_numpy  # type: ignore[attr-defined]
        tables = [_probabilities(to_numpy(table)) for table in scores]
        for doc, probs, best in zip(docs, tables, best_tags_batch(tables, labels), strict=True):
            doc._.newskg_attributions = self._proposals(doc, probs, numpy.array(best, dtype=numpy.int64), labels)

    def _proposals(
        self, doc: Doc, probs: numpy.ndarray, best: numpy.ndarray, labels: list[str]
    ) -> list[AttributionProposal]:
        if len(doc) == 0:
            return []
        tags = [labels[k] for k in best]
        spans = spans_from_tags(tags)
        by_role: dict[str, list[tuple[int, int]]] = {"CUE": [], "SOURCE": [], "CONTENT": []}
        for start, end, role in spans:
            by_role[role].append((start, end))
        groups = group_spans(by_role["CUE"], by_role["SOURCE"], by_role["CONTENT"], parse_view(doc))
        index = doc_index(doc)
        out = []
        for group in groups:
            start, end = group.cue
            score = float(probs[numpy.arange(start, end), best[start:end]].mean())
            if score < self.min_score:
                continue
            out.append(
                AttributionProposal(
                    cue=_text_span(index, group.cue),
                    sources=tuple(_text_span(index, s) for s in group.sources),
                    contents=tuple(_text_span(index, c) for c in group.contents),
                    score=round(score, 4),
                )
            )
        return out


def _text_span(index: DocIndex, span: tuple[int, int]) -> TextSpan:
    begin, end = index.starts[span[0]], index.ends[span[1] - 1]
    return TextSpan(begin, end, index.text[begin:end])


def _probabilities(table: numpy.ndarray) -> numpy.ndarray:
    """Rows that sum to one: the tagger's scores are logits when it was trained with ``normalize =
    false``."""
    if table.size and numpy.allclose(table.sum(axis=1), 1.0, atol=1e-3) and (table >= 0).all():
        return table
    shifted = table - table.max(axis=1, keepdims=True)
    exp = numpy.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)

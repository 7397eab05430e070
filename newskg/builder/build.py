"""The one place that wires read -> annotate -> link -> map -> write. The CLI and the API call it.

A document whose graph in the sink already carries the content hash it would get (same text,
same newskg version and model) is skipped, so an interrupted build resumes where it stopped;
``force=True`` rebuilds everything. A document that fails is reported and skipped; the rest is
built. Nothing already in the sink is lost: each graph is replaced atomically.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..errors import ExtractionError, NewsKGError
from ..store.base import GraphSink
from .components import ensure_extensions, facts_of
from .corpus import DEFAULT_MAX_CHARS, Skipped, read_inputs
from .factories import COMPONENTS
from .facts import Document, DocumentFacts
from .mapping import DEFAULT_BASE, DocumentGraph, IriMinter, content_hash, map_document
from .pipeline import load_pipeline, model_id

__all__ = ["BuildReport", "Builder", "build"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, and every document it skipped with the reason."""

    built: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    speech_acts: int = 0
    triples: int = 0
    seconds: float = 0.0
    linking: str = ""

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        parts = [f"built {self.built} document{'s' if self.built != 1 else ''}"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged (already in the store)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        parts.append(f"{self.speech_acts} speech acts, {self.triples} triples in {self.seconds:.1f}s")
        return ", ".join(parts)


class Builder:
    """A loaded pipeline plus the linker: turns Documents into facts and graphs.

    >>> builder = Builder(offline=True)                      # doctest: +SKIP
    >>> graph = builder.graph(Document(id="d1", text="Russia accused Ukraine of shelling."))  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        base: str = DEFAULT_BASE,
        offline: bool = False,
        linker: object | None = None,
        link_cache: Path | None = None,
        nlp: Language | None = None,
    ) -> None:
        ensure_extensions()
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        self.model = model_id(self.nlp)
        self.base = base.rstrip("/")
        self.minter = IriMinter(self.base)
        self.pipeline_version = f"newskg-{__version__}/{self.model}"
        if linker is None:
            from .linking import build_linker

            linker = build_linker(offline=offline, cache_path=link_cache)
        self.linker = linker
        self._model_pipes = [name for name in self.nlp.pipe_names if name not in COMPONENTS]
        self._own_pipes = [(name, proc) for name, proc in self.nlp.pipeline if name in COMPONENTS]

    def hash_of(self, document: Document) -> str:
        return content_hash(document.text, self.pipeline_version)

    def _make_doc(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.newskg_document = document
        return doc

    def annotate(
        self, documents: Iterable[Document], *, batch_size: int = 16, on_skip: Callable[[Skipped], None] | None = None
    ) -> Iterator[DocumentFacts]:
        """Facts per document. The statistical model runs batched; newskg's components run per
        document so that one failing document is reported and skipped, not the batch."""
        docs = (self._make_doc(d) for d in documents)
        model_pipes = set(self._model_pipes)
        disabled = [name for name in self.nlp.pipe_names if name not in model_pipes]
        for doc in self.nlp.pipe(docs, batch_size=batch_size, disable=disabled):
            document: Document = doc._.newskg_document
            try:
                for _name, proc in self._own_pipes:
                    doc = proc(doc)
                facts = facts_of(doc)
                facts.model = self.model
                from .linking import link_facts

                link_facts(facts, self.linker)
            except NewsKGError as exc:
                self._skip(on_skip, Skipped(document.id, str(exc)))
                continue
            except Exception as exc:  # a bug on one odd document must not stop a corpus build
                log.debug("extraction failed on %s", document.id, exc_info=True)
                error = ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}", where=document.id)
                self._skip(on_skip, Skipped(document.id, error.message))
                continue
            yield facts

    @staticmethod
    def _skip(on_skip: Callable[[Skipped], None] | None, skipped: Skipped) -> None:
        if on_skip is None:
            raise ExtractionError(skipped.reason, where=skipped.where)
        on_skip(skipped)

    def facts(self, document: Document) -> DocumentFacts:
        """The facts of one document (raises ExtractionError when it fails)."""
        return next(iter(self.annotate([document])))

    def graph(self, document: Document) -> DocumentGraph:
        """The named graph of one document."""
        return map_document(self.facts(document), base=self.base, pipeline=self.pipeline_version)


def _progress(total: int | None, enabled: bool):  # -> tqdm or None
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="building", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def build(
    inputs: Iterable[str | Path] | Iterable[Document],
    *,
    sink: GraphSink,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    offline: bool = False,
    force: bool = False,
    batch_size: int = 16,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool | None = None,
    builder: Builder | None = None,
    link_cache: Path | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> BuildReport:
    """Builds ``inputs`` (paths, ``-`` for stdin, or Document objects) into ``sink``.

    Returns a :class:`BuildReport`; skipped documents are listed there (and passed to ``on_skip``
    as they happen). ``progress`` None means: a bar when stderr is a terminal.
    """
    started = time.perf_counter()
    report = BuildReport()

    def skip(item: Skipped) -> None:
        report.skipped.append(item)
        if on_skip is not None:
            on_skip(item)
        else:
            log.warning("skipped %s", item)

    builder = builder or Builder(model=model, base=base, offline=offline, link_cache=link_cache)
    report.linking = "offline (cache and gazetteer)" if offline else "online when reachable"
    items = list(inputs) if not isinstance(inputs, list) else inputs
    if items and all(isinstance(i, Document) for i in items):
        documents: Iterable[Document] = items  # type: ignore[assignment]
    else:
        paths = [i for i in items if not isinstance(i, Document)]
        documents = read_inputs(paths, encoding=encoding, max_chars=max_chars, on_skip=skip)

    bar = _progress(None, sys.stderr.isatty() if progress is None else progress)

    def pending() -> Iterator[Document]:
        for document in documents:
            if not force and sink.stored_hash(builder.minter.graph(document.id)) == builder.hash_of(document):
                report.unchanged += 1
                if bar is not None:
                    bar.update(1)
                continue
            yield document

    try:
        for facts in builder.annotate(pending(), batch_size=batch_size, on_skip=skip):
            try:
                graph = map_document(facts, base=builder.base, pipeline=builder.pipeline_version)
            except ValueError as exc:
                skip(Skipped(facts.document.id, f"cannot map: {exc}"))
                continue
            sink.put_graph(graph.graph_iri, graph.triples, content_hash=graph.content_hash)
            report.built += 1
            report.speech_acts += len(facts.speech_acts)
            report.triples += len(graph.triples)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(acts=report.speech_acts, refresh=False)
    finally:
        if bar is not None:
            bar.close()
        report.seconds = time.perf_counter() - started
    return report

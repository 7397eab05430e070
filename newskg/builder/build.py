"""The one place that wires read -> annotate -> link -> map -> write. The CLI and the API call it.

A document whose graph in the sink already carries the content hash it would get (same text,
same newskg version and model) is skipped, so an interrupted build resumes where it stopped;
``force=True`` rebuilds everything. A document that fails is reported and skipped; the rest is
built. Nothing already in the sink is lost: each graph is replaced atomically.

The input streams: readers are generators, documents go through ``nlp.pipe`` in batches and
each graph is written as soon as it is mapped, so memory stays flat however large the corpus.
Extraction runs in this process (``workers=1``), in a pool of worker processes
(``workers=N``, :mod:`newskg.builder.parallel`) or on a Dask cluster (``dask=ADDRESS``,
:mod:`newskg.builder.distributed`); the graphs are written in input order and are the same
whichever way they were built.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Triple
from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..errors import ExtractionError, NewsKGError, StoreError
from ..store.base import GraphSink
from .components import ensure_extensions, facts_of
from .corpus import DEFAULT_MAX_CHARS, Skipped, check_inputs, id_problem, read_path, shown_id
from .factories import COMPONENTS
from .facts import Document, DocumentFacts
from .hygiene import clean_for_model, restore_offsets, storable_document
from .mapping import DEFAULT_BASE, DocumentGraph, IriMinter, content_hash, map_document
from .pipeline import load_pipeline, model_id

__all__ = ["BuildReport", "BuiltGraph", "Builder", "BuilderConfig", "build", "iter_documents"]

log = logging.getLogger(__name__)

SkipHandler = Callable[[Skipped], None]

# where a Doc keeps the Document as stored and the view spaCy read (newskg.builder.hygiene)
_STORED = "newskg_stored"


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


@dataclass(frozen=True, slots=True)
class BuilderConfig:
    """Everything needed to make the same :class:`Builder` in another process (picklable).

    ``components=False`` runs the statistical model only (no newskg components): the graphs then
    hold the documents and nothing extracted; useful to measure the model's own cost.
    """

    model: str | None = None
    base: str = DEFAULT_BASE
    offline: bool = False
    link_cache: Path | None = None
    components: bool = True


@dataclass(slots=True)
class BuiltGraph:
    """One document's graph as a build writes it (whichever process built it)."""

    doc_id: str
    graph_iri: str
    triples: Sequence[Triple]
    content_hash: str | None
    speech_acts: int = 0


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
        components: bool = True,
    ) -> None:
        ensure_extensions()
        self.config = BuilderConfig(
            model=model, base=base, offline=offline, link_cache=link_cache, components=components
        )
        # a pool worker can only remake what the config describes; an injected pipeline or linker
        # is inherited by forking instead (see newskg.builder.parallel)
        self.custom_nlp = nlp is not None
        self.custom_linker = linker is not None
        self.nlp = nlp if nlp is not None else load_pipeline(model, with_components=components)
        self.model = model_id(self.nlp)
        self.base = base.rstrip("/")
        self.minter = IriMinter(self.base)
        self.pipeline_version = f"newskg-{__version__}/{self.model}"
        self.linker = linker if linker is not None else self.make_linker()
        self._model_pipes = [name for name in self.nlp.pipe_names if name not in COMPONENTS]
        self._own_pipes = [(name, proc) for name, proc in self.nlp.pipeline if name in COMPONENTS]

    @classmethod
    def from_config(cls, config: BuilderConfig, *, nlp: Language | None = None) -> Builder:
        """The builder ``config`` describes (``nlp``: an already loaded pipeline to reuse)."""
        return cls(
            model=config.model,
            base=config.base,
            offline=config.offline,
            link_cache=config.link_cache,
            components=config.components,
            nlp=nlp,
        )

    def make_linker(self) -> object:
        """A fresh linker from the config (each process opens its own link cache)."""
        from .linking import build_linker

        return build_linker(offline=self.config.offline, cache_path=self.config.link_cache)

    def hash_of(self, document: Document) -> str:
        return content_hash(document.text, self.pipeline_version)

    def _make_doc(self, document: Document) -> Doc:
        # spaCy reads the text in NFC without invisible characters; the facts are put back onto
        # the text as stored once the components have read it (newskg.builder.hygiene)
        view = clean_for_model(document.text)
        doc = self.nlp.make_doc(view.text)
        doc._.newskg_document = document if view.identity else dataclasses.replace(document, text=view.text)
        doc.user_data[_STORED] = (document, view)
        return doc

    def _make_docs(self, documents: Iterable[Document], on_skip: SkipHandler | None) -> Iterator[Doc]:
        for document in documents:
            try:
                yield self._make_doc(document)
            except UnicodeError:  # lone surrogates (e.g. "\ud800" escaped in JSON): not text spaCy can hash
                self._skip(on_skip, Skipped(document.id, "the text is not valid Unicode (unpaired surrogates)"))
            except Exception as exc:  # the tokenizer failing on one text must not stop a corpus build
                log.debug("tokenizer failed on %s", document.id, exc_info=True)
                self._skip(on_skip, Skipped(document.id, f"cannot tokenize: {type(exc).__name__}: {exc}"))

    def annotate(
        self, documents: Iterable[Document], *, batch_size: int = 16, on_skip: SkipHandler | None = None
    ) -> Iterator[DocumentFacts]:
        """Facts per document. The statistical model runs batched; newskg's components run per
        document so that one failing document is reported and skipped, not the batch."""
        from .linking import link_facts

        docs = self._make_docs(documents, on_skip)
        model_pipes = set(self._model_pipes)
        disabled = [name for name in self.nlp.pipe_names if name not in model_pipes]
        for doc in self.nlp.pipe(docs, batch_size=batch_size, disable=disabled):
            document, view = doc.user_data.pop(_STORED)
            try:
                for _name, proc in self._own_pipes:
                    doc = proc(doc)
                facts = facts_of(doc)
                restore_offsets(facts, document, view)
                facts.model = self.model
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

    def graphs(
        self, documents: Iterable[Document], *, batch_size: int = 16, on_skip: SkipHandler | None = None
    ) -> Iterator[BuiltGraph]:
        """The mapped graph of each document that could be built, in input order."""
        for facts in self.annotate(documents, batch_size=batch_size, on_skip=on_skip):
            try:
                graph = map_document(facts, base=self.base, pipeline=self.pipeline_version)
            except ValueError as exc:
                self._skip(on_skip, Skipped(facts.document.id, f"cannot map: {exc}"))
                continue
            yield BuiltGraph(
                doc_id=graph.doc_id,
                graph_iri=graph.graph_iri,
                triples=graph.triples,
                content_hash=graph.content_hash,
                speech_acts=len(facts.speech_acts),
            )

    @staticmethod
    def _skip(on_skip: SkipHandler | None, skipped: Skipped) -> None:
        if on_skip is None:
            raise ExtractionError(skipped.reason, where=skipped.where)
        on_skip(skipped)

    def facts(self, document: Document) -> DocumentFacts:
        """The facts of one document (raises ExtractionError when it fails)."""
        return next(iter(self.annotate([document])))

    def graph(self, document: Document) -> DocumentGraph:
        """The named graph of one document."""
        return map_document(self.facts(document), base=self.base, pipeline=self.pipeline_version)


def iter_documents(
    inputs: Iterable[str | Path | Document],
    *,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    on_skip: SkipHandler,
) -> Iterator[Document]:
    """Documents from a stream of paths (``-`` for stdin) and/or Document objects, read lazily.

    A second document with an id already seen is reported and skipped: it would replace the
    first one's graph.
    """
    seen: set[str] = set()
    for item in inputs:
        if isinstance(item, Document):
            documents: Iterable[Document] = (item,)
        else:
            documents = read_path(item, encoding=encoding, max_chars=max_chars, on_skip=on_skip)
        for document in documents:
            document = storable_document(document)  # (the readers did it already; a Document made in code)
            problem = id_problem(document.id)  # (read from a file, it was checked already)
            if problem is not None:
                on_skip(Skipped(shown_id(document.id), problem))
                continue
            if document.id in seen:
                on_skip(Skipped(shown_id(document.id), "duplicate document id (an earlier input has the same id)"))
                continue
            seen.add(document.id)
            yield document


def _count_documents(inputs: object, *, encoding: str, max_chars: int) -> int | None:
    """How many documents ``inputs`` will yield, for the progress bar's ETA, when that can be
    known without consuming them: a list of Documents, or paths read once more (stdin cannot)."""
    if not isinstance(inputs, list | tuple):
        return None
    if any(str(item) == "-" for item in inputs if not isinstance(item, Document)):
        return None
    if all(isinstance(item, Document) for item in inputs):
        return len(inputs)
    readers = logging.getLogger(read_path.__module__)
    readers.disabled = True  # what a reader warns about is said once, when the build reads it
    try:
        return sum(1 for _ in iter_documents(inputs, encoding=encoding, max_chars=max_chars, on_skip=lambda _: None))
    finally:
        readers.disabled = False


def _progress(total: int | None, enabled: bool):  # -> tqdm or None
    if not enabled:
        return None
    from tqdm import tqdm

    # tqdm shows documents/s and, once the total is known, the ETA
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
    on_skip: SkipHandler | None = None,
    workers: int = 1,
    chunk_size: int | None = None,
    dask: str | None = None,
    shard_dir: Path | None = None,
) -> BuildReport:
    """Builds ``inputs`` (paths, ``-`` for stdin, or Document objects; any iterable, consumed
    lazily) into ``sink``.

    Returns a :class:`BuildReport`; skipped documents are listed there (and passed to ``on_skip``
    as they happen). ``progress`` None means: a bar when stderr is a terminal.

    ``workers`` > 1 extracts in that many worker processes; ``dask`` (a scheduler address, or
    ``"local"`` for a LocalCluster of ``workers`` processes) extracts on a Dask cluster, writing
    N-Quads shards to ``shard_dir`` (a temporary directory when None) that are then loaded into
    ``sink``. ``chunk_size`` is the number of documents sent to a worker at a time.
    """
    started = time.perf_counter()
    report = BuildReport()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if isinstance(inputs, list | tuple):
        check_inputs(inputs)

    def skip(item: Skipped) -> None:
        report.skipped.append(item)
        if on_skip is not None:
            on_skip(item)
        else:
            log.warning("skipped %s", item)

    builder = builder or Builder(model=model, base=base, offline=offline, link_cache=link_cache)
    if max_chars > builder.nlp.max_length:
        raise ValueError(
            f"max_chars {max_chars:,} is more than the spaCy pipeline reads ({builder.nlp.max_length:,} characters)"
        )
    report.linking = "offline (cache and gazetteer)" if offline else "online when reachable"
    show = sys.stderr.isatty() if progress is None else progress
    total = _count_documents(inputs, encoding=encoding, max_chars=max_chars) if show else None
    documents = iter_documents(inputs, encoding=encoding, max_chars=max_chars, on_skip=skip)
    bar = _progress(total, show)

    def pending() -> Iterator[Document]:
        for document in documents:
            if not force and sink.stored_hash(builder.minter.graph(document.id)) == builder.hash_of(document):
                report.unchanged += 1
                if bar is not None:
                    bar.update(1)
                continue
            yield document

    graphs: Iterator[BuiltGraph]
    if dask is not None:
        from .distributed import dask_graphs

        graphs = dask_graphs(
            builder,
            pending(),
            address=dask,
            workers=workers,
            shard_dir=shard_dir,
            chunk_size=chunk_size,
            batch_size=batch_size,
            on_skip=skip,
        )
    elif workers > 1:
        from .parallel import parallel_graphs

        graphs = parallel_graphs(
            builder, pending(), workers=workers, chunk_size=chunk_size, batch_size=batch_size, on_skip=skip
        )
    else:
        graphs = builder.graphs(pending(), batch_size=batch_size, on_skip=skip)
    try:
        for graph in graphs:
            try:
                sink.put_graph(graph.graph_iri, graph.triples, content_hash=graph.content_hash)
            except StoreError as exc:
                if _store_is_gone(exc, sink):
                    raise  # every later document would fail the same way: stop, a rerun resumes
                skip(Skipped(graph.doc_id, f"not written: {exc}"))
                continue
            log.info("built %s (%d triples)", graph.doc_id, len(graph.triples))
            report.built += 1
            report.speech_acts += graph.speech_acts
            report.triples += len(graph.triples)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(acts=report.speech_acts, refresh=False)
    finally:
        close = getattr(graphs, "close", None)
        if close is not None:
            close()  # stops worker pools and clusters promptly, also on Ctrl-C
        if bar is not None:
            bar.close()
        report.seconds = time.perf_counter() - started
    return report


def _store_is_gone(error: StoreError, sink: GraphSink) -> bool:
    """True when the sink cannot take any more writes: a remote server that stays unreachable, or a
    local store that failed (a full disk fails every later document too). A remote server refusing
    one graph (after its retries) is that document's problem only."""
    from ..store.remote import RemoteStore, StoreUnreachable

    return isinstance(error, StoreUnreachable) or not isinstance(sink, RemoteStore)

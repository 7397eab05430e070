"""The per-document half of a build: a :class:`Builder` turns Documents into facts and mapped graphs.

A loaded pipeline plus the linker; :func:`newskg.builder.build.build` drives one in this process,
:mod:`newskg.builder.parallel` one per worker process and :mod:`newskg.builder.distributed` one per
Dask worker (each made again from its picklable :class:`BuilderConfig`). It lives apart from
``build`` so that the worker modules import it without importing the build that imports them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Triple
from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..errors import ExtractionError, NewsKGError
from .components import ensure_extensions, facts_of
from .corpus import Skipped
from .factories import COMPONENTS
from .facts import Document, DocumentFacts
from .hygiene import clean_for_model, restore_offsets
from .mapping import DEFAULT_BASE, DocumentGraph, IriMinter, content_hash, map_document
from .pipeline import LEARNED_COMPONENT, load_pipeline, model_id

if TYPE_CHECKING:  # the type only: linking is imported when a linker is made, as before
    from .linking.base import EntityLinker

__all__ = ["Builder", "BuilderConfig", "BuiltGraph", "SkipHandler"]

log = logging.getLogger(__name__)

SkipHandler = Callable[[Skipped], None]

# where a Doc keeps the Document as stored and the view spaCy read (newskg.builder.hygiene)
_STORED = "newskg_stored"


@dataclass(frozen=True, slots=True)
class BuilderConfig:
    """Everything needed to make the same :class:`Builder` in another process (picklable).

    ``components=False`` runs the statistical model only (no newskg components): the graphs then
    hold the documents and nothing extracted; useful to measure the model's own cost.
    ``learned=False`` leaves the learned attribution model out: the rules-only build.
    """

    model: str | None = None
    base: str = DEFAULT_BASE
    offline: bool = False
    link_cache: Path | None = None
    components: bool = True
    learned: bool = True


@dataclass(slots=True)
class BuiltGraph:
    """One document's graph as a build writes it (whichever process built it)."""

    doc_id: str
    graph_iri: str
    triples: Sequence[Triple]
    content_hash: str | None
    speech_acts: int = 0


#: A text that runs every component's lexicons once (see :meth:`Builder.warm_up`).
_WARM_UP_TEXT = (
    "Foreign Minister Dario Velkan of Ruritania accused Russia of violating the truce on Monday. "
    '"We reject the plan," the ministry said, and Velkan called the talks with Turkey constructive.'
)


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
        linker: EntityLinker | None = None,
        link_cache: Path | None = None,
        nlp: Language | None = None,
        components: bool = True,
        learned: bool = True,
    ) -> None:
        ensure_extensions()
        self.config = BuilderConfig(
            model=model, base=base, offline=offline, link_cache=link_cache, components=components, learned=learned
        )
        # a pool worker can only remake what the config describes; an injected pipeline or linker
        # is inherited by forking instead (see newskg.builder.parallel)
        self.custom_nlp = nlp is not None
        self.custom_linker = linker is not None
        self.nlp = nlp if nlp is not None else load_pipeline(model, with_components=components, learned=learned)
        self.model = model_id(self.nlp)
        self.base = base.rstrip("/")
        self.minter = IriMinter(self.base)
        self.pipeline_version = f"newskg-{__version__}/{self.model}"
        #: the learned attribution model that takes part ("name-version"), None in a rules-only build
        self.attribution_model: str | None = None
        if LEARNED_COMPONENT in self.nlp.pipe_names:
            # the graphs say the learned model took part (a rules-only build's stay as they were), and
            # which: a store rebuilds its documents when the model changes, as when spaCy's does
            self.attribution_model = getattr(self.nlp.get_pipe(LEARNED_COMPONENT), "version", "unversioned")
            self.pipeline_version += f"+{LEARNED_COMPONENT}:{self.attribution_model}"
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
            learned=config.learned,
            nlp=nlp,
        )

    def make_linker(self) -> EntityLinker:
        """A fresh linker from the config (each process opens its own link cache)."""
        from .linking import build_linker

        return build_linker(offline=self.config.offline, cache_path=self.config.link_cache)

    def hash_of(self, document: Document) -> str:
        return content_hash(document.text, self.pipeline_version)

    def warm_up(self) -> None:
        """Loads now what the pipeline otherwise loads at its first article: the learned model's
        weights, PETRARCH's actor and CAMEO's verb dictionaries, the lexicons (about a second). A
        benchmark calls it so that, as with spaCy's own model, loading is not counted as building."""
        from .dictionaries.cameo_verbs import CameoVerbs
        from .dictionaries.petrarch_actors import PetrarchActors

        if self.config.components:
            PetrarchActors.load()
            CameoVerbs.load()
        self.nlp(self._make_doc(Document(id="warm-up", text=_WARM_UP_TEXT)))  # no linking: no network

    def settle(self) -> bool:
        """For a process that builds from here on (``newskg build``, a pool worker): :meth:`warm_up`,
        then everything loaded so far (the pipeline, lexicons and dictionaries: about 260,000
        objects) hidden from the cyclic garbage collector (``gc.freeze``), which otherwise walks it at
        every full collection (5-7 % of a build's CPU on generated articles). A process that froze
        objects itself keeps its own settings: then nothing is frozen and this returns False."""
        self.warm_up()
        if gc.get_freeze_count():
            return False
        gc.collect()
        gc.freeze()
        return True

    @contextlib.contextmanager
    def settled(self) -> Iterator[Builder]:
        """:meth:`settle` for the length of a build: what it froze is given back to the collector
        (``gc.unfreeze``) when the block ends, so a long-lived process collects it again."""
        froze = self.settle()
        try:
            yield self
        finally:
            if froze:
                gc.unfreeze()

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
                facts.attribution_model = self.attribution_model
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

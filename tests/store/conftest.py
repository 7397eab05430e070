"""Fixtures for the remote-store tests: the real servers, synthetic document graphs, comparisons.

The servers come from ``.servers/env`` (written by ``make servers-up``) or, when that file is
missing, are started here for the session. A server that cannot start makes the tests error: they
never skip.
"""

from __future__ import annotations

import os
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.term import Node

from newskg.store import servers
from newskg.store.remote import CONTENT_HASH, RemoteStore, endpoints_for

ROOT = Path(__file__).resolve().parents[2]
NK = "https://w3id.org/newskg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"

Quad = tuple[Node, Node, Node, Node]


@pytest.fixture(scope="session")
def server_urls() -> Iterator[dict[str, str]]:
    """{"oxigraph": base URL, "virtuoso": base URL} of the shared servers for this session."""
    env_path = Path(os.environ.get("NEWSKG_SERVERS_ENV", ROOT / ".servers" / "env"))
    if env_path.exists():
        env = servers.read_env(env_path)
        urls = {"oxigraph": env["NEWSKG_OXIGRAPH_URL"], "virtuoso": env["NEWSKG_VIRTUOSO_URL"]}
        for kind, url in urls.items():
            probe = f"{url}/{'query' if kind == 'oxigraph' else 'sparql'}?query=ASK%7B%7D"
            try:
                urllib.request.urlopen(probe, timeout=5).close()
            except OSError as exc:
                pytest.fail(f"{kind} from {env_path} is not answering at {url} ({exc}): run make servers-up")
        yield urls
        return
    started = [servers.start_oxigraph()]
    try:
        started.append(servers.start_virtuoso())
        yield {s.kind: s.url for s in started}
    finally:
        for server in started:
            server.cleanup()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def remote(server_name: str, server_urls: dict[str, str]) -> Iterator[RemoteStore]:
    """An anonymous RemoteStore on one of the shared servers (GSP enabled)."""
    store = RemoteStore(endpoints_for(server_name, server_urls[server_name]), server=server_name)
    yield store
    store.close()


@pytest.fixture
def base() -> str:
    """A data base IRI unique to the test, so tests sharing a server never see each other's graphs."""
    return f"https://test.newskg.example/{uuid.uuid4().hex[:12]}"


def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


def document_quads(base: str, index: int, *, version: str = "1", padding: int = 0) -> list[ox.Quad]:
    """One document's named graph in the shape of docs/rdf-model.md (blank-node free).

    ``version`` changes the text and the content hash (a rebuilt document); ``padding`` adds that
    many extra mention nodes' worth of triples (to make a graph large).
    """
    graph = ox.NamedNode(f"{base}/graph/doc-{index}")
    doc = f"{base}/doc/doc-{index}"
    text = f'Turkey accused Armenia of "shelling {{civilians}}" in Ganja \\ report {index} v{version}.\nNext line'
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, graph))

    def offset(begin: int, end: int, *types: str) -> str:
        node = f"{doc}#char={begin},{end}"
        add(node, RDF_TYPE, ox.NamedNode(NIF + "OffsetBasedString"))
        for extra in types:
            add(node, RDF_TYPE, ox.NamedNode(extra))
        add(node, NIF + "beginIndex", _lit(str(begin), "nonNegativeInteger"))
        add(node, NIF + "endIndex", _lit(str(end), "nonNegativeInteger"))
        add(node, NIF + "anchorOf", _lit(text[begin:end]))
        add(node, NIF + "referenceContext", ox.NamedNode(doc))
        return node

    activity = f"{base}/activity/0.1.0/en_core_web_sm-3.8.0"
    add(doc, RDF_TYPE, ox.NamedNode(NK + "NewsArticle"))
    add(doc, RDF_TYPE, ox.NamedNode(NIF + "Context"))
    add(doc, NK + "documentId", _lit(f"doc-{index}"))
    add(doc, NIF + "isString", _lit(text))
    add(doc, DCTERMS + "title", ox.Literal(f"Ganja report {index}", language="en"))
    add(doc, DCTERMS + "date", _lit("2020-10-07", "date"))
    add(doc, DCTERMS + "source", ox.NamedNode(f"https://news.example/{index}?a=1&b=2"))
    add(doc, PROV + "wasGeneratedBy", ox.NamedNode(activity))
    add(doc, CONTENT_HASH, _lit(f"hash-{index}-{version}"))
    add(activity, RDF_TYPE, ox.NamedNode(PROV + "Activity"))
    add(activity, RDFS + "label", _lit("newskg 0.1.0 with en_core_web_sm-3.8.0"))

    actors = {"turkey": ("Turkey", "Q43", 0, 6), "armenia": ("Armenia", "Q399", 15, 22)}
    for key, (label, qid, begin, end) in actors.items():
        actor = f"{base}/actor/{key}"
        add(actor, RDF_TYPE, ox.NamedNode(NK + "State"))
        add(actor, RDFS + "label", _lit(label))
        add(actor, OWL_SAME_AS, ox.NamedNode(f"http://www.wikidata.org/entity/{qid}"))
        add(actor, NK + "linkConfidence", _lit("0.98", "decimal"))
        mention = offset(begin, end, NK + "Mention")
        add(mention, NK + "denotes", ox.NamedNode(actor))
        add(mention, NK + "resolvedVia", _lit("name"))

    act = f"{base}/act/doc-{index}/7-14"
    cue = offset(7, 14, NK + "Cue")
    sentence = offset(0, text.index("\n"), NIF + "Sentence")
    add(act, RDF_TYPE, ox.NamedNode(NK + "Accusation"))
    add(act, NK + "cue", ox.NamedNode(cue))
    add(act, NK + "evidence", ox.NamedNode(sentence))
    add(act, NK + "inDocument", ox.NamedNode(doc))
    add(act, NK + "speaker", ox.NamedNode(f"{base}/actor/turkey"))
    add(act, NK + "speakerMention", ox.NamedNode(f"{doc}#char=0,6"))
    add(act, NK + "target", ox.NamedNode(f"{base}/actor/armenia"))
    add(act, NK + "targetMention", ox.NamedNode(f"{doc}#char=15,22"))
    add(act, NK + "content", _lit('shelling {civilians}" } ; DROP ALL #'))
    add(act, NK + "isQuote", _lit("false", "boolean"))
    add(act, NK + "negated", _lit("false", "boolean"))
    add(act, NK + "confidence", _lit("0.85", "decimal"))
    add(act, NK + "date", _lit("2020-10-06", "date"))
    for extra in range(padding):
        offset(1000 + extra, 1001 + extra, NK + "Mention")
    return quads


def vocabulary_quads(base: str) -> list[ox.Quad]:
    """A few class triples in a graph of their own (not the shared ontology graph, which the
    packaged ontology fills), enough for a subClassOf walk."""
    graph = ox.NamedNode(f"{base}/vocabulary")
    pairs = [("Accusation", "SpeechAct"), ("Denial", "SpeechAct"), ("SpeechAct", "CommunicationEvent")]
    quads = [
        ox.Quad(ox.NamedNode(NK + sub), ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(NK + sup), graph)
        for sub, sup in pairs
    ]
    quads.append(ox.Quad(ox.NamedNode(NK + "Accusation"), ox.NamedNode(RDFS + "label"), _lit("accusation"), graph))
    return quads


@pytest.fixture
def make_dataset(tmp_path: Path) -> Callable[..., Path]:
    """Writes ``count`` documents (plus the ontology graph) to a TriG or N-Quads file and returns its path."""

    def make(base: str, count: int, *, fmt: str = "trig", version: str = "1", name: str | None = None) -> Path:
        quads = vocabulary_quads(base)
        for index in range(count):
            quads += document_quads(base, index, version=version)
        rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
        path = tmp_path / (name or f"corpus-{uuid.uuid4().hex[:6]}.{fmt}")
        ox.serialize(quads, str(path), rdf_format)
        return path

    return make


def to_rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
    """A pyoxigraph term as the rdflib term RemoteStore.select returns for it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value != XSD + "string":
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        return Literal(term.value)
    raise TypeError(f"test data must be blank-node free, got {term!r}")


# Stores compare literals by value, and some write them back canonically: Oxigraph 0.5 (server and
# embedded) stores "5"^^xsd:nonNegativeInteger as "5"^^xsd:integer; Virtuoso returns booleans as 0/1
# (rdflib canonicalises those). Round-trip comparisons therefore map the integer-derived types to
# xsd:integer on both sides; everything else must come back term for term.
_INTEGER_DERIVED = {
    XSD + name
    for name in (
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def canonical(term: Node) -> Node:
    """``term`` with an integer-derived datatype replaced by xsd:integer (see above)."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _INTEGER_DERIVED:
        return Literal(str(int(str(term))), datatype=URIRef(XSD + "integer"))
    return term


def file_quads(path: Path) -> set[Quad]:
    """The quads of a TriG/N-Quads file as rdflib terms (graph, s, p, o)."""
    return {
        (to_rdflib(q.graph_name), to_rdflib(q.subject), to_rdflib(q.predicate), canonical(to_rdflib(q.object)))
        for q in ox.parse(path=str(path))
    }


def server_quads(store: RemoteStore, graphs: set[Node]) -> set[Quad]:
    """The quads the server holds in ``graphs``, read back with SPARQL as rdflib terms."""
    result: set[Quad] = set()
    for graph in graphs:
        result |= {(graph, s, p, canonical(o)) for s, p, o in store.graph_triples(str(graph))}
    return result


@pytest.fixture
def synthetic() -> SimpleNamespace:
    """The data helpers of this module (tests import nothing from conftest under importlib mode)."""
    return SimpleNamespace(
        NK=NK,
        document_quads=document_quads,
        file_quads=file_quads,
        server_quads=server_quads,
        canonical=canonical,
    )

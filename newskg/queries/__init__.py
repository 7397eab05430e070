"""The SPARQL query library: one ``.rq`` file per analyst question, a loader and a runner.

Each ``.rq`` file is self-contained (its own ``PREFIX`` lines, so it runs in any SPARQL tool)
and opens with comment lines that declare its parameters and columns
(:mod:`newskg.queries.library`). The file stem is the query's name.

Parameters are bound as RDF terms in a ``VALUES`` block (:mod:`newskg.queries.binding`), never
pasted as text; an entity parameter also takes a label, key or Wikidata id, looked up in the store
(:mod:`newskg.queries.resolve`). :func:`stream_query` yields rows as the engine finds them, with a
limit, a time limit and a confidence threshold (:mod:`newskg.queries.runner`); the writers in
:mod:`newskg.queries.results` print them as a table, CSV, TSV or SPARQL JSON.

The queries read the union of all named graphs (each document's graph plus the ontology graph) as
their default graph, and stay linear in the size of the corpus: every document graph repeats the
descriptions of the actors it mentions, and the union default graph of a store such as Oxigraph is
a bag, so a query reads an actor's label in the graph of the fact that names it
(``GRAPH ?g { ?act nk:speaker ?s . ?s rdfs:label ?label }``), never across graphs
(docs/rdf-model.md, "Reading labels at scale").

Class walks (``?act a/rdfs:subClassOf* nk:SpeechAct``) are standard SPARQL, and the embedded
stores run them as written. A target with ``expand_class_paths`` set (a
:class:`~newskg.store.remote.RemoteStore` of the ``virtuoso`` preset, by default) gets each walk
replaced by a ``VALUES`` block of the classes it reaches in the newskg ontology
(:func:`~newskg.queries.class_paths.expand_class_paths`), since Virtuoso 7.2 loses rows joining
such paths.

>>> [q.name for q in list_queries()][:3]
['accusations', 'actor-identities', 'actor-profile']
>>> q = load_query("accusations")
>>> [(p.name, p.kind) for p in q.params]
[('accuser', 'IRI'), ('minConfidence', 'literal')]
>>> bind_params(q, {"accuser": "wd:Q7747"})
{'accuser': rdflib.term.URIRef('http://www.wikidata.org/entity/Q7747')}
"""

from __future__ import annotations

from newskg.builder.mapping import DEFAULT_BASE
from newskg.queries.binding import PREFIXES, Binding, bind_params, inject_values, parse_term
from newskg.queries.class_paths import ClassHierarchy, expand_class_paths, newskg_class_hierarchy
from newskg.queries.library import Query, QueryForm, QueryInfo, QueryParam, list_queries, load_query
from newskg.queries.resolve import normalise_label, resolve_params
from newskg.queries.results import (
    QueryResult,
    RowStream,
    compact_iri,
    write_csv,
    write_json,
    write_table,
    write_tsv,
)
from newskg.queries.runner import ask_query, graph_query, run_query, stream_query
from newskg.queries.targets import (
    OxigraphTarget,
    RdflibTarget,
    Row,
    SparqlTarget,
    StreamingTarget,
    from_oxigraph,
    to_oxigraph,
)

__all__ = [
    "DEFAULT_BASE",
    "PREFIXES",
    "Binding",
    "ClassHierarchy",
    "OxigraphTarget",
    "Query",
    "QueryForm",
    "QueryInfo",
    "QueryParam",
    "QueryResult",
    "RdflibTarget",
    "Row",
    "RowStream",
    "SparqlTarget",
    "StreamingTarget",
    "ask_query",
    "bind_params",
    "compact_iri",
    "expand_class_paths",
    "from_oxigraph",
    "graph_query",
    "inject_values",
    "list_queries",
    "load_query",
    "newskg_class_hierarchy",
    "normalise_label",
    "parse_term",
    "resolve_params",
    "run_query",
    "stream_query",
    "to_oxigraph",
    "write_csv",
    "write_json",
    "write_table",
    "write_tsv",
]

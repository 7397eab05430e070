"""Load named graphs into any SPARQL 1.1 store and query it there.

A :class:`RemoteStore` is a set of endpoints (query, update, Graph Store Protocol) plus credentials.
It is a :class:`~newskg.store.base.GraphSink` (a build can stream into it) and a query target
(:meth:`RemoteStore.select` binds parameters safely and returns rdflib terms). The package:

* :mod:`.presets`: the server presets (``endpoints_for``) and credentials in endpoint URLs;
* :mod:`.binding`: parameters bound as terms in a ``VALUES`` block, terms read from SPARQL JSON;
* :mod:`.store`: :class:`RemoteStore` (HTTP, retries, writing graphs, queries) and
  :func:`remote_from_options`, which makes one from the CLI's options;
* :mod:`.load`: :func:`load_file`, a file or embedded store into the server, resumable.

Presets derive the three endpoints from a base URL:

>>> endpoints_for("oxigraph", "http://127.0.0.1:7878").gsp
'http://127.0.0.1:7878/store'
"""

from __future__ import annotations

from ..loading import CONTENT_HASH, ONTOLOGY_GRAPH, LoadEvent, LoadSummary
from ..sources import GraphSurvey, iter_graphs, read_graphs, survey_graphs
from .binding import bind_values
from .load import load_file
from .presets import PASSWORD_ENV, SERVERS, Endpoints, endpoints_for, split_credentials
from .store import RemoteStore, StoreUnreachable, remote_from_options

__all__ = [
    "SERVERS",
    "PASSWORD_ENV",
    "ONTOLOGY_GRAPH",
    "CONTENT_HASH",
    "Endpoints",
    "RemoteStore",
    "StoreUnreachable",
    "LoadEvent",
    "LoadSummary",
    "endpoints_for",
    "remote_from_options",
    "split_credentials",
    "bind_values",
    "load_file",
    "read_graphs",
    "survey_graphs",
    "iter_graphs",
    "GraphSurvey",
]

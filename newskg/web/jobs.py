"""What each page reads from the store, as plain data (dicts, lists, strings) ready for a template.

Each job is a function ``job(context, **arguments)``: the web app runs it in a query worker
(:mod:`newskg.web.pool`), ``newskg show`` runs :func:`article` in its own process on an in-memory
store. Parameters reach SPARQL as RDF terms (``VALUES`` blocks), never as text.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.term import Node

from newskg.builder.mapping import DEFAULT_BASE
from newskg.errors import QueryError
from newskg.queries import OxigraphTarget, load_query, resolve_params, stream_query
from newskg.queries.binding import Binding
from newskg.queries.library import Query, QueryInfo, QueryParam
from newskg.queries.results import compact_iri
from newskg.web import queries as q
from newskg.web.index import Act, ActIndex, read_index
from newskg.web.vocabulary import NK, Vocabulary, vocabulary

__all__ = ["Context", "open_context", "context_for"]

logger = logging.getLogger("newskg.web")

ROLES = ("cue", "speaker", "addressee", "target", "content")
_ROLE_OF = {NK + "cue": "cue", NK + "speakerMention": "speaker", NK + "addresseeMention": "addressee",
            NK + "targetMention": "target", NK + "contentMention": "content"}
NETWORK_TYPES = ("Accusation", "Criticism", "Appeal", "Demand", "Threat", "Meeting", "PhoneCall", "Rejection",
                 "Denial", "Endorsement", "Mediation", "Negotiation", "Agreement", "ExpressionOfConcern")
DEFAULT_NETWORK_TYPES = ("Accusation", "Criticism", "Appeal", "Threat", "Meeting")
MAX_EDGES = 150
MAX_ACTOR_ACTS = 200


@dataclass
class Context:
    """A worker's view of the store: the pyoxigraph store, the query target on it, the vocabulary."""

    target: OxigraphTarget
    vocab: Vocabulary
    base: str = DEFAULT_BASE
    #: answers about the whole corpus, kept for the life of the context: a worker's store is a
    #: read-only snapshot, so they cannot go stale (the overview aggregates every act: ~2 s on 924 articles)
    memo: dict[tuple[object, ...], Any] = field(default_factory=dict)

    def remembered(self, key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


def context_for(store: Any, *, base: str = DEFAULT_BASE) -> Context:
    """A context over an open :class:`pyoxigraph.Store`."""
    return Context(OxigraphTarget(store), vocabulary(), base)


def open_context(store_path: str) -> Context:
    """The context of a query worker: the store at ``store_path`` opened read-only."""
    import pyoxigraph

    from newskg.errors import StoreError

    try:
        store = pyoxigraph.Store.read_only(store_path)
    except OSError as exc:
        raise StoreError(f"cannot open the store read-only: {exc}", where=store_path) from exc
    return context_for(store)


def act_index(ctx: Context) -> ActIndex:
    """The context's act index (read on first use; :mod:`newskg.web.index`)."""
    return ctx.remembered(("index",), lambda: read_index(ctx.target.store))


def warm(ctx: Context) -> None:
    """Reads the act index and computes the corpus-wide answers (overview, conflicts, the default
    network) before the first request needs them."""
    overview(ctx)
    conflicts_list(ctx)
    network(ctx)


# -- helpers ---------------------------------------------------------------------------------------
def _select(ctx: Context, sparql: str, **bindings: Binding) -> list[dict[str, Node | None]]:
    columns, rows = ctx.target.select(sparql, bindings)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _s(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _int(term: Node | None) -> int:
    return int(str(term)) if term is not None else 0


def short(iri: str) -> str:
    return compact_iri(iri)


def doc_id_of_act(iri: str, base: str = DEFAULT_BASE) -> str | None:
    """The document id in an act IRI (``{base}/act/{docid}/{b}-{e}``)."""
    prefix = f"{base}/act/"
    if not iri.startswith(prefix) or "/" not in iri[len(prefix):]:
        return None
    return unquote(iri[len(prefix):].rsplit("/", 1)[0])


def anchor_of(iri: str) -> str:
    """The HTML id of an act in its article's page: ``act-`` and its cue offsets."""
    return "act-" + iri.rsplit("/", 1)[-1]


def entity_link(iri: str, base: str = DEFAULT_BASE) -> str:
    """The app's page for an IRI: an actor, a conflict, an article, an act, else the resource page."""
    from urllib.parse import quote

    if iri.startswith(NK):
        return f"/ontology#{quote(iri[len(NK):], safe='')}"
    for kind in ("actor", "conflict"):
        prefix = f"{base}/{kind}/"
        if iri.startswith(prefix):
            return f"/{kind}/{quote(iri[len(prefix):], safe='')}"
    doc = doc_id_of_act(iri, base)
    if doc is not None:
        return f"/article/{quote(doc, safe='/')}#{anchor_of(iri)}"
    if iri.startswith(f"{base}/doc/") and "#" not in iri:
        return f"/article/{quote(unquote(iri[len(base) + 5:]), safe='/')}"
    return f"/resource?iri={quote(iri, safe='')}"


def _labels(ctx: Context, iris: Iterable[str]) -> dict[str, str]:
    wanted = tuple(URIRef(i) for i in sorted(set(iris)))
    if not wanted:
        return {}
    rows = _select(ctx, q.LABELS, entity=wanted)
    return {str(r["entity"]): str(r["label"]) for r in rows if r["label"] is not None}


def _day(term: Node | None) -> str | None:
    return None if term is None else str(term)[:10]


# -- overview ----------------------------------------------------------------------------------------
def overview(ctx: Context) -> dict[str, Any]:
    """Counts by act type and by month, the most active actors, the latest articles."""
    return ctx.remembered(("overview",), lambda: _overview(ctx))


def _overview(ctx: Context) -> dict[str, Any]:
    vocab = ctx.vocab
    index = act_index(ctx)
    types = Counter(act.type for act in index.acts.values())
    by_type = [{"type": t, "label": vocab.label(t), "count": n}
               for t, n in sorted(types.items(), key=lambda tn: (-tn[1], vocab.label(tn[0])))]
    months = Counter((act.date or "undated")[:7] for act in index.acts.values())
    by_month = [{"month": m, "count": n} for m, n in sorted(months.items())]
    top = sorted(index.by_actor.items(), key=lambda item: (-len(item[1]), item[0]))[:15]
    top_actors = [{"iri": iri, "label": index.labels.get(iri, short(iri)), "link": entity_link(iri, ctx.base),
                   "count": len(acts)} for iri, acts in top]
    latest = documents_list(ctx, limit=15, newest_first=True)["documents"]
    return {
        "documents": len(index.documents),
        "actors": _int(_select(ctx, q.COUNT_ACTORS)[0]["n"]),
        "acts": len(index.acts),
        "by_type": by_type,
        "by_month": by_month,
        "top_actors": top_actors,
        "latest": latest,
    }


def documents_list(ctx: Context, *, limit: int = 100, offset: int = 0, newest_first: bool = False) -> dict[str, Any]:
    """Articles, by date (newest first) or by id, one page of them, with the total."""
    docs = list(act_index(ctx).documents.values())
    if newest_first:
        docs.sort(key=lambda d: (d["date"] or "", d["id"]), reverse=True)
    else:
        docs.sort(key=lambda d: d["id"])
    return {"total": len(docs), "offset": offset, "limit": limit, "documents": docs[offset: offset + limit]}


def conflicts_list(ctx: Context) -> dict[str, Any]:
    """Every conflict with the number of articles that describe it."""
    return ctx.remembered(("conflicts",), lambda: _conflicts_list(ctx))


def _conflicts_list(ctx: Context) -> dict[str, Any]:
    rows = _select(ctx, q.CONFLICTS)
    return {"conflicts": [
        {"iri": str(r["conflict"]), "label": _s(r["label"]), "documents": _int(r["documents"]),
         "link": entity_link(str(r["conflict"]), ctx.base)} for r in rows
    ]}


# -- article -----------------------------------------------------------------------------------------
def article(ctx: Context, *, doc_id: str) -> dict[str, Any] | None:
    """An article: text, metadata, its acts (type, codes, participants, what they respond to) and
    the spans to mark (cue, speaker, addressee, target and content of every act, and every other
    resolved mention). None when no article has this id."""
    found = _select(ctx, q.ARTICLE, id=Literal(doc_id))
    if not found:
        return None
    head = found[0]
    graph = head["g"]
    assert graph is not None  # the query binds ?g in every row
    text = str(head["text"])
    labels: dict[str, str] = {}
    for row in _select(ctx, q.GRAPH_LABELS, g=graph):
        labels.setdefault(str(row["entity"]), str(row["label"]))
    acts = _article_acts(ctx, graph, labels, doc_id)
    spans = _article_spans(ctx, graph, acts, labels, text)
    mentions = _article_mentions(ctx, graph, {(s["begin"], s["end"]) for s in spans if s["role"] != "cue"}, labels)
    ordered = sorted(acts.values(), key=lambda a: (a["cue_begin"], a["cue_end"]))
    for act in ordered:
        for other in act["respondsTo"] + act["reportedBy"]:
            known = acts.get(other["iri"])
            other["label"] = f"{known['type_label']} {anchor_of(other['iri'])[4:]}" if known else short(other["iri"])
        act["spans"].sort(key=lambda s: (s["begin"], ROLES.index(s["role"])))
        cue = next((s for s in act["spans"] if s["role"] == "cue"), None)
        act["cue_text"] = cue["text"] if cue else ""
    return {
        "id": doc_id, "iri": str(head["doc"]), "graph": str(graph), "text": text, "title": _s(head["title"]),
        "date": _day(head["date"]), "source": _s(head["source"]),
        "acts": ordered, "spans": spans + mentions,
        "counts": Counter(s["role"] for s in spans + mentions),
    }


def _article_acts(ctx: Context, graph: Any, labels: dict[str, str], doc_id: str) -> dict[str, dict[str, Any]]:
    """The acts of an article's graph by IRI, each with its participants and properties."""
    acts: dict[str, dict[str, Any]] = {}
    for row in _select(ctx, q.ARTICLE_ACTS, g=graph):
        iri = str(row["act"])
        act = acts.setdefault(iri, _new_act(iri, str(row["type"]), ctx))
        prop = str(row["property"])[len(NK):]
        value = row["value"]
        if prop in ("speaker", "addressee", "target", "topic"):
            entity = str(value)
            item = {"iri": entity, "label": labels.get(entity, short(entity)), "link": entity_link(entity, ctx.base)}
            if item not in act[prop]:
                act[prop].append(item)
        elif prop in ("respondsTo", "reportedBy"):
            other = str(value)
            act[prop].append({"iri": other, "link": entity_link(other, ctx.base), "anchor": anchor_of(other),
                              "same_document": doc_id_of_act(other, ctx.base) == doc_id})
        elif prop in ("negated", "isQuote"):
            act[prop] = str(value) == "true"
        elif prop == "evidence":
            act["evidence"] = str(value)
        else:
            act[prop] = str(value)
    return acts


def _article_spans(
    ctx: Context, graph: Any, acts: dict[str, dict[str, Any]], labels: dict[str, str], text: str
) -> list[dict[str, Any]]:
    """The spans of the acts' roles to mark (each also added to its act's own ``spans``)."""
    spans: list[dict[str, Any]] = []
    covered: set[tuple[int, int, str]] = set()
    for row in _select(ctx, q.ARTICLE_SPANS, g=graph):
        act_iri = str(row["act"])
        role = _ROLE_OF[str(row["property"])]
        begin, end = _int(row["begin"]), _int(row["end"])
        entity = _s(row["entity"])
        key = (begin, end, act_iri + role)
        if key in covered:
            continue
        covered.add(key)
        act = acts.get(act_iri)
        spans.append({
            "role": role, "begin": begin, "end": end, "act": act_iri, "anchor": anchor_of(act_iri),
            "entity": entity, "entity_label": labels.get(entity) if entity else None,
            "title": f"{role} of {act['type_label'] if act else 'act'} {anchor_of(act_iri)[4:]}"
                     + (f": {labels.get(entity, short(entity))}" if entity else "") + _literal_note(row),
        })
        if act is not None:
            act["spans"].append({"role": role, "begin": begin, "end": end, "text": text[begin:end]})
    return spans


def _article_mentions(
    ctx: Context, graph: Any, role_offsets: set[tuple[int, int]], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """The resolved mentions to mark that no act's role marks already."""
    mentions = []
    seen: set[tuple[int, int]] = set()
    for row in _select(ctx, q.ARTICLE_MENTIONS, g=graph):
        begin, end = _int(row["begin"]), _int(row["end"])
        if (begin, end) in role_offsets or (begin, end) in seen:
            continue
        seen.add((begin, end))
        entity = str(row["entity"])
        mentions.append({
            "role": "mention", "begin": begin, "end": end, "act": None, "anchor": None, "entity": entity,
            "entity_label": labels.get(entity), "link": entity_link(entity, ctx.base),
            "title": f"mention of {labels.get(entity, short(entity))}" + _literal_note(row),
        })
    return mentions


def _literal_note(row: Any) -> str:
    """What the words themselves name, when that is not the actor: "; the words name Q61 (capital)"."""
    literal, metonymy = _s(row["literal"]), _s(row["metonymy"])
    if not literal and not metonymy:
        return ""
    kind = f" ({metonymy.rsplit('#', 1)[-1].removesuffix('Metonymy').lower()} metonymy)" if metonymy else ""
    return f"; the words name {literal.rsplit('/', 1)[-1] if literal else 'another item'}{kind}"


def _new_act(iri: str, type_iri: str, ctx: Context) -> dict[str, Any]:
    begin, _, end = iri.rsplit("/", 1)[-1].partition("-")
    codes = ctx.vocab.codes(type_iri)
    return {
        "iri": iri, "anchor": anchor_of(iri), "link": f"/resource?iri={_quote(iri)}", "type": type_iri,
        "type_label": ctx.vocab.label(type_iri),
        "cameo": [c for c in codes if c.scheme == "CAMEO"], "plover": [c for c in codes if c.scheme == "PLOVER"],
        "speaker": [], "addressee": [], "target": [], "topic": [], "respondsTo": [], "reportedBy": [],
        "content": None, "confidence": None, "negated": False, "isQuote": False, "modality": None,
        "date": None, "dateText": None, "spans": [],
        "cue_begin": int(begin) if begin.isdigit() else 0, "cue_end": int(end) if end.isdigit() else 0,
    }


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


# -- actor -------------------------------------------------------------------------------------------
def resolve_actor(ctx: Context, *, text: str, kind: str = "actor") -> list[str]:
    """The IRIs a user's text names (a key, label, Wikidata id or IRI), as the CLI resolves them."""
    query = Query(
        QueryInfo(name=f"{kind}-lookup", description="", params=(QueryParam(kind, "IRI", "", kind),), columns=(),
                  path=Path(f"{kind}-lookup.rq")),
        f"SELECT ?{kind} WHERE {{ ?{kind} ?p ?o }}",
    )
    bound = resolve_params(query, {kind: text}, ctx.target, base=ctx.base)[kind]
    items = bound if isinstance(bound, tuple) else (bound,)
    return [str(i) for i in items]


def _description(ctx: Context, iri: str) -> dict[str, Any]:
    rows = _select(ctx, q.DESCRIPTION, entity=URIRef(iri))
    labels = sorted({str(r["label"]) for r in rows})
    types = sorted({str(r["type"]) for r in rows if r["type"] is not None and str(r["type"]).startswith(NK)})
    wikidata = sorted({str(r["wikidata"]) for r in rows
                       if r["wikidata"] is not None and "wikidata.org/entity/" in str(r["wikidata"])})
    kind = ctx.vocab.most_specific(types) if types else None
    return {"iri": iri, "label": labels[0] if labels else short(iri), "labels": labels,
            "type": kind, "type_label": ctx.vocab.label(kind) if kind else None, "wikidata": wikidata}


def _contents(ctx: Context, acts: list[str]) -> dict[str, str]:
    if not acts:
        return {}
    rows = _select(ctx, q.CONTENTS, act=tuple(URIRef(a) for a in acts))
    return {str(r["act"]): str(r["content"]) for r in rows}


def actor(ctx: Context, *, iri: str) -> dict[str, Any] | None:
    """An actor: label, class, Wikidata link, positions, acts by and about it over time, its neighbours."""
    described = _description(ctx, iri)
    if not described["labels"]:
        return None
    index = act_index(ctx)
    bound = URIRef(iri)
    positions = sorted({str(r["label"]) for r in _select(ctx, q.POSITIONS, actor=bound)})
    same = [{"iri": str(r["other"]), "link": entity_link(str(r["other"]), ctx.base), "rule": str(r["rule"]),
             "confidence": str(r["confidence"]), "canonical": str(r["other"]) == str(r["canonical"])}
            for r in _select(ctx, q.IDENTITY, actor=bound)]
    mentions = _int(_select(ctx, q.MENTION_COUNT, actor=bound)[0]["n"])
    neighbours: dict[str, dict[str, Any]] = {}
    entries = []
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for act_iri in index.by_actor.get(iri, []):
        act = index.acts[act_iri]
        roles = act.roles_of(iri)
        spoke = "speaker" in roles
        others = [(other, role) for role, people in (("speaker", act.speakers), ("addressee", act.addressees),
                                                     ("target", act.targets)) for other in people if other != iri]
        for other, _ in others:
            n = neighbours.setdefault(other, {"iri": other, "label": index.labels.get(other, short(other)),
                                              "link": entity_link(other, ctx.base), "by": 0, "about": 0})
            n["by" if spoke else "about"] += 1
        months[(act.date or "undated")[:7]][0 if spoke else 1] += 1
        entries.append((act, roles, others))
    entries.sort(key=lambda e: (e[0].date or "", e[0].iri), reverse=True)
    by = [e for e in entries if "speaker" in e[1]]
    about = [e for e in entries if "speaker" not in e[1]]
    shown = by[:MAX_ACTOR_ACTS] + about[:MAX_ACTOR_ACTS]
    contents = _contents(ctx, [act.iri for act, _, _ in shown])

    def item(entry: tuple[Act, list[str], list[tuple[str, str]]]) -> dict[str, Any]:
        act, roles, others = entry
        return {
            "iri": act.iri, "link": entity_link(act.iri, ctx.base), "type": act.type,
            "type_label": ctx.vocab.label(act.type), "doc_id": index.doc_id(act), "date": act.date,
            "content": contents.get(act.iri), "confidence": act.confidence, "roles": roles,
            "others": [{"iri": o, "label": index.labels.get(o, short(o)), "role": r, "link": entity_link(o, ctx.base)}
                       for o, r in others],
        }

    return {
        **described, "positions": positions, "same": same, "mentions": mentions, "count_by": len(by),
        "count_about": len(about),
        "by": [item(e) for e in by[:MAX_ACTOR_ACTS]], "about": [item(e) for e in about[:MAX_ACTOR_ACTS]],
        "cut": MAX_ACTOR_ACTS,
        "months": [{"month": m, "by": v[0], "about": v[1]} for m, v in sorted(months.items())],
        "neighbours": sorted(neighbours.values(), key=lambda n: (-(n["by"] + n["about"]), n["label"]))[:40],
    }


# -- conflict ----------------------------------------------------------------------------------------
def conflict(ctx: Context, *, iri: str) -> dict[str, Any] | None:
    """A conflict: label, class, Wikidata link, its actors by role, what was said about it."""
    described = _description(ctx, iri)
    if not described["labels"]:
        return None
    actors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in stream_query("conflict-actors", ctx.target, {"conflict": URIRef(iri)}, base=ctx.base):
        values = dict(zip(("conflict", "conflictLabel", "actor", "actorLabel", "role", "documents"), row, strict=False))
        role = str(values["role"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        actor_iri = str(values["actor"])
        actors[role].append({"iri": actor_iri, "label": _s(values["actorLabel"]) or short(actor_iri),
                             "link": entity_link(actor_iri, ctx.base), "documents": _int(values["documents"])})
    said_query = load_query("said-about-conflict")
    stream = stream_query(said_query, ctx.target, {"conflict": URIRef(iri)}, base=ctx.base, limit=MAX_ACTOR_ACTS)
    said = []
    for row in stream:
        values = dict(zip(stream.columns, row, strict=True))
        act_iri = str(values["act"])
        said.append({
            "iri": act_iri, "link": entity_link(act_iri, ctx.base), "type_label": ctx.vocab.label(str(values["type"])),
            "speaker": _s(values["speakerLabel"]) or (short(str(values["speaker"])) if values["speaker"] else ""),
            "speaker_link": entity_link(str(values["speaker"]), ctx.base) if values["speaker"] else None,
            "content": _s(values["content"]), "sentence": _s(values["sentence"]), "date": _day(values["date"]),
            "doc_id": _s(values["documentId"]),
        })
    return {**described, "actors": {r: sorted(v, key=lambda a: (-a["documents"], a["label"]))
                                    for r, v in sorted(actors.items())}, "said": said, "cut": MAX_ACTOR_ACTS}


# -- network -----------------------------------------------------------------------------------------
def network_types(ctx: Context) -> list[dict[str, str]]:
    return [{"name": name, "label": ctx.vocab.label(NK + name)} for name in NETWORK_TYPES]


def _date_term(text: str | None, what: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise QueryError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def network(ctx: Context, *, types: list[str] | None = None, actor: str | None = None, since: str | None = None,
            until: str | None = None, max_edges: int = MAX_EDGES) -> dict[str, Any]:
    """Who accused, criticised, appealed to, threatened or met whom: nodes, edges weighted by the
    number of acts, each edge with its acts (article, sentence) as evidence."""
    key = ("network", tuple(types or ()), actor, since, until, max_edges)
    if not (types or actor or since or until):  # the default view: the first the page asks for
        return ctx.remembered(key, lambda: _network(ctx, types, actor, since, until, max_edges))
    return _network(ctx, types, actor, since, until, max_edges)


def _network(ctx: Context, types: list[str] | None, actor: str | None, since: str | None, until: str | None,
             max_edges: int) -> dict[str, Any]:
    chosen = [t for t in (types or DEFAULT_NETWORK_TYPES) if t in NETWORK_TYPES]
    if not chosen:
        raise QueryError("no act type chosen", hint=f"choose among {', '.join(NETWORK_TYPES)}")
    classes = {c for t in chosen for c in ctx.vocab.descendants(NK + t)}
    start, end = _date_term(since, "from"), _date_term(until, "to")
    index = act_index(ctx)
    focus: list[str] = resolve_actor(ctx, text=actor) if actor else []
    if focus:
        candidates = dict.fromkeys(a for f in focus for a in index.by_actor.get(f, []))
        acts = [index.acts[a] for a in candidates]
    else:
        acts = list(index.acts.values())
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for act in acts:
        if act.type not in classes:
            continue
        if (start and (act.date is None or act.date < start)) or (end and (act.date is None or act.date > end)):
            continue
        for source in act.speakers:
            for other in dict.fromkeys(act.targets + act.addressees):
                if source == other or (focus and source not in focus and other not in focus):
                    continue
                edge = edges.setdefault((source, other, act.type), {
                    "source": source, "target": other, "type": act.type.rsplit("#", 1)[-1],
                    "type_label": ctx.vocab.label(act.type), "acts": []})
                edge["acts"].append({"iri": act.iri, "doc_id": index.doc_id(act), "date": act.date,
                                     "link": entity_link(act.iri, ctx.base)})
    kept = sorted(edges.values(), key=lambda e: (-len(e["acts"]), e["source"], e["target"]))[:max_edges]
    weight: Counter[str] = Counter()
    for edge in kept:
        weight[edge["source"]] += len(edge["acts"])
        weight[edge["target"]] += len(edge["acts"])
        edge["count"] = len(edge["acts"])
        edge["acts"] = sorted(edge["acts"], key=lambda a: (a["date"] or "", a["iri"]), reverse=True)[:20]
        edge["href"] = edge["acts"][0]["link"]
    evidence_acts = tuple(URIRef(a["iri"]) for e in kept for a in e["acts"][:5])
    sentences: dict[str, str] = {}
    if evidence_acts:
        for row in _select(ctx, q.EVIDENCE, act=evidence_acts):
            sentences[str(row["act"])] = " ".join(str(row["sentence"]).split())
    for edge in kept:
        for act in edge["acts"]:
            act["sentence"] = sentences.get(act["iri"])
    nodes = [{"id": iri, "label": index.labels.get(iri, short(iri)), "weight": n, "link": entity_link(iri, ctx.base),
              "focus": iri in focus} for iri, n in weight.items()]
    return {"nodes": nodes, "edges": kept, "total_edges": len(edges), "types": chosen, "actor": actor or "",
            "focus": focus, "since": start or "", "until": end or ""}


# -- any resource, canned queries ------------------------------------------------------------------
def resource(ctx: Context, *, iri: str) -> dict[str, Any]:
    """Every statement about an IRI (distinct across the graphs that repeat it) and those that point to it."""
    out = _select(ctx, q.OUTGOING, resource=URIRef(iri))
    incoming = _select(ctx, q.INCOMING, resource=URIRef(iri))

    def term(node: Node | None) -> dict[str, Any]:
        if isinstance(node, URIRef):
            return {"iri": str(node), "short": short(str(node)), "link": entity_link(str(node), ctx.base),
                    "literal": None, "datatype": None, "lang": None}
        datatype = getattr(node, "datatype", None)
        return {"iri": None, "short": None, "link": None, "literal": str(node),
                "datatype": short(str(datatype)) if datatype else None, "lang": getattr(node, "language", None)}

    return {
        "iri": iri, "short": short(iri),
        "outgoing": sorted(({"property": term(r["property"]), "value": term(r["value"])} for r in out),
                           key=lambda r: (r["property"]["short"], str(r["value"]))),
        "incoming": [{"subject": term(r["subject"]), "property": term(r["property"])} for r in incoming],
        "page": entity_link(iri, ctx.base) if not entity_link(iri, ctx.base).startswith("/resource") else None,
    }


def canned(ctx: Context, *, name: str, params: Mapping[str, str], limit: int,
           min_confidence: float | None = None, ordered: bool = True) -> dict[str, Any]:
    """A canned query's rows (at most ``limit``) with each cell as text, short IRI and link;
    ``ordered=False`` gives the first rows the store finds, without waiting for the query's sort."""
    loaded = load_query(name)
    stream = stream_query(loaded, ctx.target, {k: v for k, v in params.items() if v}, limit=limit + 1,
                          min_confidence=min_confidence, base=ctx.base, ordered=ordered)
    rows = []
    for row in stream:
        cells: list[dict[str, str | None] | None] = []
        for cell in row:
            if cell is None:
                cells.append(None)
            elif isinstance(cell, URIRef):
                cells.append({"iri": str(cell), "text": short(str(cell)), "link": entity_link(str(cell), ctx.base)})
            else:
                cells.append({"iri": None, "text": str(cell), "link": None})
        rows.append(cells)
    return {"columns": list(stream.columns), "rows": rows[:limit], "cut": len(rows) > limit}


def canned_raw(ctx: Context, *, name: str, params: Mapping[str, str], limit: int, fmt: str,
               min_confidence: float | None = None, ordered: bool = True) -> str:
    """A canned query's rows written as ``csv``, ``tsv`` or ``json`` (SPARQL JSON)."""
    import io

    from newskg.queries import write_csv, write_json, write_tsv

    writer = {"csv": write_csv, "tsv": write_tsv, "json": write_json}[fmt]
    stream = stream_query(name, ctx.target, {k: v for k, v in params.items() if v}, limit=limit,
                          min_confidence=min_confidence, base=ctx.base, ordered=ordered)
    out = io.StringIO()
    writer(stream.columns, stream, out)
    return out.getvalue()


def find_entity(ctx: Context, *, text: str) -> list[str]:
    """An actor, else a conflict, named by ``text``; [] when none."""
    for kind in ("actor", "conflict"):
        try:
            return resolve_actor(ctx, text=text, kind=kind)
        except QueryError as exc:
            if " matches " in str(exc):
                raise
    return []


def sparql(ctx: Context, *, query: str, accept: str, default_graphs: list[str], named_graphs: list[str],
           max_bytes: int) -> tuple[str, bytes]:
    """Runs a user's SPARQL query (read-only: the store is opened so), serialised for ``accept``."""
    from newskg.web.protocol import run_protocol_query

    return run_protocol_query(ctx.target.store, query, accept=accept, default_graphs=default_graphs,
                              named_graphs=named_graphs, max_bytes=max_bytes)


"""Expand ``rdfs:subClassOf*`` / ``+`` property paths into ``VALUES`` blocks of known classes.

Virtuoso 7.2 loses solutions when a property path over the class hierarchy is joined with other
patterns (docs/stores.md). The hierarchy the canned queries walk is newskg's own ontology, known
here, so before a query goes to such a server the runner replaces each walk by the classes it can
reach, computed from ``newskg.ttl``:

==========================================  =============================================
written in the query                        sent to the server
==========================================  =============================================
``?t rdfs:subClassOf* nk:Actor .``          ``VALUES ?t { nk:Actor nk:Person ... } .``
``?n rdfs:subClassOf+ ?t .``                ``VALUES (?n ?t) { (nk:Person nk:Actor) ... } .``
``?x a/rdfs:subClassOf* nk:Conflict``       ``?x a ?_class1`` and, after the statement,
                                            ``VALUES ?_class1 { nk:Conflict nk:War ... }``
==========================================  =============================================

Only those forms are recognised (one walk with ``*`` or ``+`` between a variable and an IRI or
between two variables; or ``a/rdfs:subClassOf*`` / ``+`` to an IRI). A ``*`` between two variables
becomes the strict pairs plus each class of the hierarchy paired with itself, so its zero-length
step matches the hierarchy's classes only, not every term (the canned queries bind its upper end to
ontology classes). Any other path over ``rdfs:subClassOf`` (``^``, ``?``, alternatives, longer
sequences, a walk inside ``GRAPH`` or ``SERVICE``) raises :class:`QueryError` with its line and column, and the
rewritten text is parsed again and checked to hold no such path, so a walk is never sent unexpanded.

Virtuoso 7.2 cannot compile a ``VALUES`` block that shares a variable with the pattern around a
``FILTER NOT EXISTS`` (error SP031), so the canned queries find an act's most specific class with
``OPTIONAL { ?act a ?narrower . ?narrower rdfs:subClassOf+ ?type } FILTER (!BOUND(?narrower))``.

The limit: the expansion knows the classes of the newskg ontology (or of the hierarchy passed in),
not subclasses a user adds to the store: on a server that needs the expansion, those are not seen.

>>> text = "SELECT ?x WHERE { ?x a/rdfs:subClassOf* <https://w3id.org/newskg/ontology#War> . }"
>>> print(expand_class_paths("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\n" + text).splitlines()[1])
SELECT ?x WHERE { ?x a ?_class1 . VALUES ?_class1 { <https://w3id.org/newskg/ontology#War> } }
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from newskg.errors import QueryError

__all__ = ["ClassHierarchy", "expand_class_paths", "newskg_class_hierarchy", "sparql_tokens"]

logger = logging.getLogger(__name__)

_SUBCLASS_OF = str(RDFS.subClassOf)
_RDF_TYPE = str(RDF.type)

# One SPARQL token per match; the lexical rules follow the SPARQL 1.1 grammar closely enough to
# find terms, punctuation and keywords (strings, IRIs and comments are skipped as wholes).
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF_](?:[\w\-.\u00B7\u00C0-\uFFFF]*[\w\-\u00B7\u00C0-\uFFFF])?)?
                :(?:[\w\-.:%\u00B7\u00C0-\uFFFF]|\\.)*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<word>[A-Za-z_][\w\-]*)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;/|^*+?!=<>&\-])
    """,
    re.VERBOSE,
)
# Keywords that start a pattern other than a triple: a statement ends before them.
_PATTERN_KEYWORDS = {"filter", "optional", "bind", "values", "minus", "graph", "service", "union"}
_MODIFIERS = {"*", "+", "?"}
# Groups whose patterns are not matched against the default graph the expansion stands for.
_SCOPING = {"graph", "service"}
_PATH_PUNCT = {"/", "|", "^", "(", ")"} | _MODIFIERS
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True, slots=True)
class SparqlToken:
    kind: str
    text: str
    start: int
    end: int


def sparql_tokens(sparql: str) -> list[SparqlToken]:
    tokens: list[SparqlToken] = []
    position = 0
    while position < len(sparql):
        match = _TOKEN.match(sparql, position)
        if match is None:  # a character SPARQL does not have: leave it to the parsers to reject
            tokens.append(SparqlToken("other", sparql[position], position, position + 1))
            position += 1
            continue
        kind = match.lastgroup or "other"
        text = match.group()
        if kind == "pname" and text.endswith("."):  # a local name cannot end with a dot
            text = text.rstrip(".")
            tokens.append(SparqlToken(kind, text, position, position + len(text)))
            position += len(text)
            continue
        if kind not in ("ws", "comment"):
            tokens.append(SparqlToken(kind, text, position, match.end()))
        position = match.end()
    return tokens


def _prefixes(tokens: list[SparqlToken]) -> dict[str, str]:
    declared: dict[str, str] = {}
    for i, token in enumerate(tokens[:-2]):
        if token.kind == "word" and token.text.lower() == "prefix" and tokens[i + 2].kind == "iri":
            declared[tokens[i + 1].text.rstrip(":")] = tokens[i + 2].text[1:-1]
    return declared


@dataclass(frozen=True)
class ClassHierarchy:
    """The transitive closure of ``rdfs:subClassOf`` between IRIs: every strict (sub, super) pair.

    >>> from rdflib import Namespace
    >>> ex = Namespace("http://example.org/")
    >>> h = ClassHierarchy.from_pairs([(ex.B, ex.A), (ex.C, ex.B)])
    >>> [str(c) for c in h.subclasses(ex.A)]
    ['http://example.org/A', 'http://example.org/B', 'http://example.org/C']
    >>> len(h.pairs)
    3
    """

    pairs: frozenset[tuple[URIRef, URIRef]]

    @classmethod
    def from_pairs(cls, edges: Iterable[tuple[URIRef, URIRef]]) -> ClassHierarchy:
        """The closure of direct ``(subclass, superclass)`` edges."""
        supers: dict[URIRef, set[URIRef]] = {}
        for sub, sup in edges:
            supers.setdefault(sub, set()).add(sup)
        closure: set[tuple[URIRef, URIRef]] = set()
        for start in supers:
            stack, seen = list(supers[start]), set()
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                stack.extend(supers.get(current, ()))
            closure.update((start, reached) for reached in seen)
        return cls(frozenset(closure))

    @classmethod
    def from_graph(cls, graph: Graph) -> ClassHierarchy:
        """The hierarchy of the ``rdfs:subClassOf`` triples in ``graph`` (blank-node classes left out:
        a ``VALUES`` block cannot name them)."""
        edges = [
            (s, o) for s, o in graph.subject_objects(RDFS.subClassOf) if isinstance(s, URIRef) and isinstance(o, URIRef)
        ]
        return cls.from_pairs(edges)

    def identity(self) -> frozenset[tuple[URIRef, URIRef]]:
        """``(c, c)`` for every class of the hierarchy: the zero-length steps of a ``*`` walk."""
        classes = {c for pair in self.pairs for c in pair}
        return frozenset((c, c) for c in classes)

    def subclasses(self, cls: URIRef, *, reflexive: bool = True) -> list[URIRef]:
        """``cls``'s subclasses at any depth, sorted; with ``reflexive`` ``cls`` itself too (``*``)."""
        found = {sub for sub, sup in self.pairs if sup == cls}
        if reflexive:
            found.add(cls)
        return sorted(found)

    def superclasses(self, cls: URIRef, *, reflexive: bool = True) -> list[URIRef]:
        """``cls``'s superclasses at any depth, sorted; with ``reflexive`` ``cls`` itself too (``*``)."""
        found = {sup for sub, sup in self.pairs if sub == cls}
        if reflexive:
            found.add(cls)
        return sorted(found)


@functools.cache
def newskg_class_hierarchy() -> ClassHierarchy:
    """The class hierarchy of the packaged newskg ontology (read once per process)."""
    from newskg.ontology import ontology_graph

    return ClassHierarchy.from_graph(ontology_graph())


# --------------------------------------------------------------------------- the rewriter


class _Rewriter:
    def __init__(self, sparql: str, hierarchy: ClassHierarchy, where: str) -> None:
        self.sparql = sparql
        self.hierarchy = hierarchy
        self.where = where
        self.tokens = sparql_tokens(sparql)
        self.prefixes = _prefixes(self.tokens)
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
        self.fresh = 0
        self.used_names = {t.text[1:] for t in self.tokens if t.kind == "var"}

    # -- helpers ---------------------------------------------------------------------------------

    def _iri(self, token: SparqlToken) -> str | None:
        if token.kind == "iri":
            return token.text[1:-1]
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            namespace = self.prefixes.get(prefix)
            return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
        return None

    def _is_subclass_of(self, token: SparqlToken) -> bool:
        return self._iri(token) == _SUBCLASS_OF

    def _is_type(self, token: SparqlToken) -> bool:
        return (token.kind == "word" and token.text == "a") or self._iri(token) == _RDF_TYPE

    def _position(self, offset: int) -> str:
        line = self.sparql.count("\n", 0, offset) + 1
        column = offset - (self.sparql.rfind("\n", 0, offset) + 1) + 1
        return f"{self.where}:{line}:{column}"

    def _fail(self, first: int, last: int, why: str) -> QueryError:
        start, end = self.tokens[first].start, self.tokens[last].end
        snippet = " ".join(self.sparql[start:end].split())
        return QueryError(
            f"cannot expand the class walk `{snippet}` into known classes: {why}",
            where=self._position(start),
            hint="write it as `?x rdfs:subClassOf* <class>`, `?x a/rdfs:subClassOf* <class>` or "
            "`?sub rdfs:subClassOf+ ?super`, or run without expand_class_paths",
        )

    def _term(self, index: int) -> str | None:
        """``var``, ``iri`` or None for the token at ``index``."""
        if index < 0 or index >= len(self.tokens):
            return None
        token = self.tokens[index]
        if token.kind == "var":
            return "var"
        if self._iri(token) is not None and not self._is_type(token):
            return "iri"
        return None

    def _statement_end(self, index: int) -> int:
        """The index of the token that ends the statement whose object is at ``index``."""
        depth = 0
        for i in range(index + 1, len(self.tokens)):
            text = self.tokens[i].text
            if text in ("(", "["):
                depth += 1
            elif text in (")", "]"):
                depth -= 1
            elif depth == 0 and (
                text in (".", "}", "{") or (self.tokens[i].kind == "word" and text.lower() in _PATTERN_KEYWORDS)
            ):
                return i
        return len(self.tokens)

    def _inside_graph_or_service(self, index: int) -> bool:
        opened: list[int] = []
        for i in range(index):
            if self.tokens[i].text == "{":
                opened.append(i)
            elif self.tokens[i].text == "}" and opened:
                opened.pop()
        for brace in opened:
            for back in (brace - 2, brace - 3):  # GRAPH ?g {  /  SERVICE SILENT <x> {
                if back >= 0 and self.tokens[back].kind == "word" and self.tokens[back].text.lower() in _SCOPING:
                    return True
        return False

    def _values(self, variables: list[str], rows: Sequence[tuple[URIRef, ...]], first: int, last: int) -> str:
        if not rows:
            # An empty VALUES is correct SPARQL, but Virtuoso 7.2 answers a group it can prove empty
            # with "estimated execution time exceeds the limit" (HTTP 500) instead of no rows.
            raise self._fail(first, last, "it reaches no class of the hierarchy, so it can only match nothing")
        for row in rows:
            for term in row:
                if _IRI_FORBIDDEN.search(term):  # a class of a custom hierarchy must not break the text
                    raise QueryError(f"the class <{term}> is not a valid IRI", where=self.where)
        cells = [" ".join(f"<{term}>" for term in row) for row in rows]
        if len(variables) == 1:
            return f"VALUES {variables[0]} {{ {' '.join(cells)} }}"
        return f"VALUES ({' '.join(variables)}) {{ {' '.join(f'({cell})' for cell in cells)} }}"

    def _fresh_var(self) -> str:
        while True:
            self.fresh += 1
            name = f"_class{self.fresh}"
            if name not in self.used_names:
                self.used_names.add(name)
                return f"?{name}"

    def _selects_star(self) -> bool:
        """Whether some SELECT (the query's or a subquery's) projects ``*``."""
        tokens = self.tokens
        for i, token in enumerate(tokens[:-1]):
            if token.kind == "word" and token.text.lower() == "select":
                following = tokens[i + 1]
                if following.kind == "word" and following.text.lower() in ("distinct", "reduced"):
                    following = tokens[i + 2] if i + 2 < len(tokens) else following
                if following.text == "*":
                    return True
        return False

    # -- the forms -------------------------------------------------------------------------------

    def _unwrap_exists(self) -> None:
        """``FILTER EXISTS { ?a rdfs:subClassOf+ ?b }`` becomes the walk's VALUES block itself.

        Virtuoso 7.2 cannot compile a VALUES block inside FILTER (NOT) EXISTS (SP031). The canned
        queries use this EXISTS only inside an OPTIONAL whose group binds ``?a`` and whose outer
        pattern binds ``?b``, where joining the pairs is the same as testing for one of them.
        """
        tokens = self.tokens
        for i in range(len(tokens) - 7):
            words = [t.text.lower() for t in tokens[i : i + 3]]
            if words != ["filter", "exists", "{"]:
                continue
            subject, walk, modifier, obj = tokens[i + 3 : i + 7]
            end = i + 7 + (tokens[i + 7].text == "." if i + 7 < len(tokens) else 0)
            if (
                subject.kind == obj.kind == "var"
                and self._is_subclass_of(walk)
                and modifier.text in ("+", "*")
                and end < len(tokens)
                and tokens[end].text == "}"
            ):
                self.edits.append((tokens[i].start, tokens[i + 2].end, ""))
                self.edits.append((tokens[i + 7].start if end > i + 7 else tokens[end].start, tokens[end].end, ""))

    def run(self) -> str:
        tokens = self.tokens
        select_star = self._selects_star()
        self._unwrap_exists()
        for i, token in enumerate(tokens):
            if not self._is_subclass_of(token):
                continue
            modifier = tokens[i + 1].text if i + 1 < len(tokens) else ""
            before = tokens[i - 1].text if i > 0 else ""
            if modifier not in _MODIFIERS and before not in _PATH_PUNCT:
                continue  # a plain one-step triple pattern: nothing to expand
            if modifier not in ("*", "+"):
                why = "a zero-or-one `?` step" if modifier == "?" else "not one of the recognised forms"
                raise self._fail(max(i - 2, 0), min(i + 2, len(tokens) - 1), why)
            if self._inside_graph_or_service(i):
                raise self._fail(max(i - 1, 0), min(i + 2, len(tokens) - 1), "it is inside GRAPH or SERVICE")
            if before == "/" and i >= 2 and self._is_type(tokens[i - 2]):
                self._typed_walk(i, modifier, select_star)
            elif self._term(i - 1) is not None:
                self._plain_walk(i, modifier)
            else:
                raise self._fail(max(i - 3, 0), min(i + 2, len(tokens) - 1), "not one of the recognised forms")
        text = self.sparql
        if self.edits:
            logger.debug("%s: class walks expanded into VALUES blocks (%d edits)", self.where, len(self.edits))
        for start, end, replacement in sorted(self.edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text

    def _check_object(self, i: int, first: int) -> tuple[int, str]:
        """The object's index and kind after the walk's modifier at ``i + 1``, checking that the
        statement goes on with nothing but a new statement or pattern."""
        obj = i + 2
        if obj < len(self.tokens) and self.tokens[obj].text in _PATH_PUNCT:
            raise self._fail(first, obj, "the walk is part of a longer path")
        kind = self._term(obj)
        if kind is None:
            raise self._fail(first, min(obj, len(self.tokens) - 1), "the object is not a variable or an IRI")
        after = self.tokens[obj + 1].text if obj + 1 < len(self.tokens) else ""
        if after in (",", "/", "|", "*", "+", "?"):
            raise self._fail(first, obj + 1, "the walk is part of a longer path or an object list")
        return obj, kind

    def _plain_walk(self, i: int, modifier: str) -> None:
        """``S rdfs:subClassOf* O .`` as a statement of its own."""
        tokens = self.tokens
        subject = i - 1
        previous = tokens[subject - 1].text if subject > 0 else "{"
        if previous not in ("{", ".", "}", ")"):
            raise self._fail(max(subject - 1, 0), i + 1, "the walk does not start a statement")
        obj, obj_kind = self._check_object(i, subject)
        after = tokens[obj + 1].text if obj + 1 < len(tokens) else ""
        if after == ";":
            raise self._fail(subject, obj + 1, "the statement goes on with `;`")
        subject_kind = self._term(subject)
        reflexive = modifier == "*"
        if subject_kind == "var" and obj_kind == "iri":
            cls = URIRef(self._iri(tokens[obj]) or "")
            rows = [(c,) for c in self.hierarchy.subclasses(cls, reflexive=reflexive)]
            block = self._values([tokens[subject].text], rows, subject, obj)
        elif subject_kind == "iri" and obj_kind == "var":
            cls = URIRef(self._iri(tokens[subject]) or "")
            rows = [(c,) for c in self.hierarchy.superclasses(cls, reflexive=reflexive)]
            block = self._values([tokens[obj].text], rows, subject, obj)
        elif subject_kind == "var" and obj_kind == "var":
            if tokens[subject].text[1:] == tokens[obj].text[1:]:
                raise self._fail(subject, obj, "the same variable at both ends")
            # `*` also pairs each class with itself: every class of the hierarchy, not every term
            # (a zero-length path matches any term; the canned queries bind the super end to classes)
            pairs = sorted(self.hierarchy.pairs | self.hierarchy.identity() if reflexive else self.hierarchy.pairs)
            block = self._values([tokens[subject].text, tokens[obj].text], pairs, subject, obj)
        else:
            raise self._fail(subject, obj, "both ends are IRIs")
        self.edits.append((tokens[subject].start, tokens[obj].end, block))

    def _typed_walk(self, i: int, modifier: str, select_star: bool) -> None:
        """``S a/rdfs:subClassOf* C``, in a statement or a predicate-object list."""
        tokens = self.tokens
        verb = i - 2
        previous = tokens[verb - 1] if verb > 0 else None
        if previous is None or not (previous.text == ";" or self._term(verb - 1) is not None):
            raise self._fail(max(verb - 1, 0), i + 1, "the walk is part of a longer path")
        obj, obj_kind = self._check_object(i, verb)
        if select_star:
            raise self._fail(verb, obj, "the query selects `*`, which would show the class variable")
        variable = self._fresh_var()
        if obj_kind == "iri":
            cls = URIRef(self._iri(tokens[obj]) or "")
            rows = [(c,) for c in self.hierarchy.subclasses(cls, reflexive=modifier == "*")]
            block = self._values([variable], rows, verb, obj)
        elif modifier == "+":
            block = self._values([variable, tokens[obj].text], sorted(self.hierarchy.pairs), verb, obj)
        else:
            raise self._fail(verb, obj, "`*` to a variable also matches classes outside the hierarchy")
        self.edits.append((tokens[verb].start, tokens[obj].end, f"{tokens[verb].text} {variable}"))
        end = self._statement_end(obj)
        if end < len(tokens) and tokens[end].text == ".":
            self.edits.append((tokens[end].end, tokens[end].end, f" {block}"))
        else:
            at = tokens[end].start if end < len(tokens) else len(self.sparql)
            self.edits.append((at, at, f". {block} "))


def _walks_left(sparql: str) -> list[str]:
    """The ``rdfs:subClassOf`` walks (``*``, ``+``, ``?`` paths) still in the parsed query."""
    from rdflib.paths import MulPath, Path
    from rdflib.plugins.sparql import prepareQuery

    found: list[str] = []

    def visit(node: object, seen: set[int]) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, MulPath):
            if _mentions_subclass(node.path):
                found.append(node.n3())
            return
        if isinstance(node, Path):
            for part in getattr(node, "args", ()) or [getattr(node, "arg", None)]:
                visit(part, seen)
            return
        if isinstance(node, dict):
            for value in node.values():
                visit(value, seen)
        elif isinstance(node, list | tuple):
            for value in node:
                visit(value, seen)

    visit(prepareQuery(sparql).algebra, set())
    return found


def _mentions_subclass(path: object) -> bool:
    from rdflib.paths import Path

    if isinstance(path, URIRef):
        return str(path) == _SUBCLASS_OF
    if isinstance(path, Path):
        parts = getattr(path, "args", None) or [getattr(path, "arg", None), getattr(path, "path", None)]
        return any(_mentions_subclass(part) for part in parts if part is not None)
    return False


@functools.lru_cache(maxsize=64)
def _expand_cached(sparql: str, hierarchy: ClassHierarchy, where: str) -> str:
    rewritten = _Rewriter(sparql, hierarchy, where).run()
    try:
        left = _walks_left(rewritten)
    except Exception as exc:  # pyparsing's ParseException, and plain exceptions from rdflib
        raise QueryError(f"the query with its class walks expanded does not parse: {exc}", where=where) from exc
    if left:
        raise QueryError(
            f"class walks the expansion did not recognise: {', '.join(left)}",
            where=where,
            hint="spell rdfs:subClassOf with a declared prefix or as a full IRI, in a recognised form",
        )
    return rewritten


def expand_class_paths(sparql: str, *, hierarchy: ClassHierarchy | None = None, where: str = "query") -> str:
    """``sparql`` with every ``rdfs:subClassOf*`` / ``+`` walk replaced by a ``VALUES`` block of the
    classes of ``hierarchy`` (default: the newskg ontology) it reaches; see the module docstring.

    ``where`` names the query in error messages (``file.rq`` gives ``file.rq:LINE:COL``). Raises
    :class:`QueryError` for a walk in a form it cannot expand; a query without walks comes back as is.
    """
    return _expand_cached(sparql, hierarchy or newskg_class_hierarchy(), where)

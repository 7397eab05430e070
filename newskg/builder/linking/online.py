"""The online linker: Wikidata's ``wbsearchentities`` API for candidates, its SPARQL endpoint for
what decides between them.

For a name and a kind it asks the API for items whose label or alias is that name, then one SPARQL
query (through SPARQLWrapper) for each candidate's classes (``P31/P279*`` against the kind: human
Q5; sovereign state Q3624078 / country Q6256; organization Q43229; armed conflict Q350604 / war
Q198 / conflict Q180684; geographic region Q82794), positions held (``P39``, matched against the
titles the text gives), countries (``P27`` citizenship / ``P17`` country, matched against the
states the document mentions) and sitelink count (a popularity prior). A candidate of the wrong
kind is never chosen; a decision needs a clear margin over the runner-up, else it is "no link".

Etiquette (https://meta.wikimedia.org/wiki/User-Agent_policy, https://www.mediawiki.org/wiki/API:Etiquette):
a descriptive User-Agent with the project URL (``NEWSKG_CONTACT`` adds an e-mail address), one
request at a time at most every ``min_interval`` seconds, ``maxlag``, timeouts, and retries with
exponential backoff (honouring ``Retry-After``) on 429/5xx and dropped connections. When Wikidata
cannot be reached the linker says so once and stays silent (answering nothing) for the rest of the
run, so a build goes on with the cache and the gazetteer.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import threading
import time
import urllib.error
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import requests

from ... import __version__
from ...errors import LinkingError
from .base import LinkCandidate, LinkDecision, LinkQuery
from .gazetteer import Gazetteer, normalise_name

__all__ = [
    "KIND_CLASSES",
    "WikidataClient",
    "WikidataLinker",
    "WikidataUnreachable",
    "position_matches",
    "user_agent",
]

log = logging.getLogger(__name__)

WD = "http://www.wikidata.org/entity/"

# The Wikidata classes an item must be an instance of (through P31/P279*) to stand for each kind.
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "Person": ("Q5",),
    "State": ("Q3624078", "Q6256"),
    "Organization": ("Q43229",),
    "Group": ("Q43229",),
    "Conflict": ("Q350604", "Q198", "Q180684"),
    "Place": ("Q82794",),
}

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def user_agent() -> str:
    """The User-Agent Wikidata asks for: tool/version (project URL; contact) library/version."""
    contact = os.environ.get("NEWSKG_CONTACT", "").strip()
    about = "https://w3id.org/newskg" + (f"; {contact}" if contact else "")
    return f"newskg/{__version__} ({about}) python-requests/{requests.__version__}"


class WikidataUnreachable(LinkingError):
    """Wikidata did not answer (network down, timeouts, or still 429/5xx after the retries)."""


@dataclass(slots=True)
class _Throttle:
    min_interval: float
    _last: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self) -> None:
        with self._lock:
            delay = self._last + self.min_interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._last = time.monotonic()


class WikidataClient:
    """HTTP access to the Wikidata API and SPARQL endpoint, with the etiquette described above."""

    def __init__(
        self,
        *,
        api_url: str,
        sparql_url: str,
        timeout: float = 10.0,
        min_interval: float = 0.2,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        session: requests.Session | None = None,
    ) -> None:
        self.api_url = api_url
        self.sparql_url = sparql_url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.throttle = _Throttle(min_interval)
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self.requests_sent = 0

    def _pause(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2**attempt)
        if retry_after:
            with contextlib.suppress(ValueError):
                delay = max(delay, float(retry_after))
        time.sleep(min(delay, self.max_backoff))

    # -- the API ------------------------------------------------------------------------------------

    def search(self, text: str, *, limit: int = 7, language: str = "en") -> list[dict]:
        """``wbsearchentities`` results for ``text``: dicts with id, label, description, match."""
        params = {
            "action": "wbsearchentities", "search": text, "language": language, "uselang": language,
            "type": "item", "limit": str(limit), "format": "json", "maxlag": "5",
        }
        last = "no answer"
        for attempt in range(self.retries + 1):
            self.throttle.wait()
            self.requests_sent += 1
            try:
                response = self.session.get(self.api_url, params=params, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = f"{type(exc).__name__}: {exc}"
                if attempt < self.retries:
                    self._pause(attempt, None)
                continue
            with response:
                if response.status_code in _RETRY_STATUS:
                    last = f"HTTP {response.status_code}"
                    if attempt < self.retries:
                        self._pause(attempt, response.headers.get("Retry-After"))
                    continue
                if response.status_code != 200:
                    raise LinkingError(f"HTTP {response.status_code} for {text!r}", where=self.api_url)
                try:
                    body = response.json()
                except ValueError as exc:
                    raise LinkingError(f"the answer for {text!r} is not JSON", where=self.api_url) from exc
            error = body.get("error") if isinstance(body, dict) else None
            if error:
                if error.get("code") == "maxlag":  # the servers are lagging: come back later
                    last = "maxlag"
                    if attempt < self.retries:
                        self._pause(attempt, response.headers.get("Retry-After"))
                    continue
                raise LinkingError(f"API error {error.get('code')}: {error.get('info')}", where=self.api_url)
            return list(body.get("search", []))
        raise WikidataUnreachable(f"no answer after {self.retries + 1} tries ({last})", where=self.api_url)

    # -- SPARQL -------------------------------------------------------------------------------------

    def select(self, query: str) -> list[dict[str, str]]:
        """Rows of a SPARQL SELECT as {variable: value} (values as plain strings)."""
        from SPARQLWrapper import JSON, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

        last = "no answer"
        for attempt in range(self.retries + 1):
            self.throttle.wait()
            self.requests_sent += 1
            wrapper = SPARQLWrapper(self.sparql_url, agent=str(self.session.headers["User-Agent"]))
            wrapper.setQuery(query)
            wrapper.setReturnFormat(JSON)
            wrapper.setTimeout(max(1, int(math.ceil(self.timeout))))
            retry_after = None
            try:
                result = wrapper.query()
                try:
                    body = json.loads(result.response.read().decode("utf-8"))
                finally:
                    result.response.close()
            except urllib.error.HTTPError as exc:
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                exc.close()
                if exc.code not in _RETRY_STATUS:
                    raise LinkingError(f"HTTP {exc.code} for a SPARQL query", where=self.sparql_url) from exc
                last = f"HTTP {exc.code}"
            except EndPointInternalError:
                last = "HTTP 500"
            except SPARQLWrapperException as exc:
                raise LinkingError(f"SPARQL query refused: {exc}", where=self.sparql_url) from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last = f"{type(exc).__name__}: {exc}"
            except ValueError as exc:
                raise LinkingError("the SPARQL answer is not JSON", where=self.sparql_url) from exc
            else:
                return [
                    {name: cell["value"] for name, cell in row.items()}
                    for row in body.get("results", {}).get("bindings", [])
                ]
            if attempt < self.retries:
                self._pause(attempt, retry_after)
        raise WikidataUnreachable(f"no answer after {self.retries + 1} tries ({last})", where=self.sparql_url)

    def describe(self, qids: Sequence[str], classes: Iterable[str]) -> dict[str, LinkCandidate]:
        """Classes (among ``classes``), sitelinks, positions held and countries of each item."""
        if not qids:
            return {}
        values = " ".join(f"wd:{q}" for q in qids)
        class_values = " ".join(f"wd:{c}" for c in classes)
        query = f"""PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?item ?class ?sitelinks ?positionLabel ?country WHERE {{
  VALUES ?item {{ {values} }}
  {{ VALUES ?class {{ {class_values} }} ?item wdt:P31/wdt:P279* ?class . }}
  UNION {{ ?item wikibase:sitelinks ?sitelinks . }}
  UNION {{ ?item wdt:P39 ?position . ?position rdfs:label ?positionLabel .
           FILTER(LANGMATCHES(LANG(?positionLabel), "en")) }}
  UNION {{ ?item wdt:P27|wdt:P17 ?country . }}
}}"""
        found: dict[str, dict[str, set[str] | int]] = {
            q: {"types": set(), "positions": set(), "countries": set(), "sitelinks": 0} for q in qids
        }
        for row in self.select(query):
            qid = row.get("item", "").removeprefix(WD)
            info = found.get(qid)
            if info is None:
                continue
            if "class" in row:
                info["types"].add(row["class"].removeprefix(WD))  # type: ignore[union-attr]
            if "sitelinks" in row:
                with contextlib.suppress(ValueError):
                    info["sitelinks"] = int(float(row["sitelinks"]))
            if "positionLabel" in row:
                info["positions"].add(row["positionLabel"])  # type: ignore[union-attr]
            if "country" in row:
                info["countries"].add(row["country"].removeprefix(WD))  # type: ignore[union-attr]
        return {
            q: LinkCandidate(
                qid=q, label="", sitelinks=int(info["sitelinks"]),  # type: ignore[arg-type]
                types=tuple(sorted(info["types"])), positions=tuple(sorted(info["positions"])),  # type: ignore[arg-type]
                countries=tuple(sorted(info["countries"])),  # type: ignore[arg-type]
            )
            for q, info in found.items()
        }


# -- titles against positions held ---------------------------------------------------------------------

# Roles, most specific first ("vice president" before "president"); a title and a P39 label match
# when they name the same role and the position does not belong to another state.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("vice-president", r"\bvice[- ]president\b"),
        ("foreign", r"\bforeign (minister|secretary)\b|\bminister (of|for) (foreign|external) affairs\b"
                    r"|\bsecretary of state\b|\bexternal affairs minister\b|\bforeign affairs\b"),
        ("defence", r"\bdefen[cs]e (minister|secretary)\b|\bminister (of|for) (national )?defen[cs]e\b"
                    r"|\bsecretary of defen[cs]e\b"),
        ("spokesperson", r"\bspokes(man|woman|person)\b|\bpress secretary\b"),
        ("secretary-general", r"\bsecretary[- ]general\b"),
        ("head-of-government", r"\bprime minister\b|\bpremier\b|\bchancellor\b"),
        ("supreme-leader", r"\bsupreme leader\b"),
        ("monarch", r"\b(king|queen|emir|sultan|monarch)\b"),
        ("president", r"\bpresident\b"),
    )
)


def _role(text: str) -> str | None:
    text = normalise_name(text)
    for name, pattern in _ROLES:
        if pattern.search(text):
            return name
    return None


def position_matches(title: str, state: str | None, position_label: str, *, gazetteer: Gazetteer) -> bool:
    """Whether a title read in the text ("Foreign Minister", "Russia") is this P39 position.

    >>> g = Gazetteer.default()
    >>> position_matches("Foreign Minister", "Russia", "Minister of Foreign Affairs of Russia", gazetteer=g)
    True
    >>> position_matches("Foreign Minister", "Russia", "Minister of Foreign Affairs of Turkey", gazetteer=g)
    False
    >>> position_matches("President", None, "Vice President of the United States", gazetteer=g)
    False
    """
    role = _role(title)
    if role is None or role != _role(position_label):
        return False
    label = normalise_name(position_label)
    named = _states_named_in(label, gazetteer)
    if state is None or not named:
        return True
    match = gazetteer.lookup(state, kinds=("State",))
    return match is not None and match.entry.key in named


def _states_named_in(label: str, gazetteer: Gazetteer) -> set[str]:
    words = label.split()
    named: set[str] = set()
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            match = gazetteer.lookup(phrase.title(), kinds=("State",))
            if match is not None and match.via in ("name", "alias"):
                named.add(match.entry.key)
            entry = gazetteer.demonym(phrase.title())
            if entry is not None:
                named.add(entry.key)
    return named


# -- the linker ------------------------------------------------------------------------------------


class WikidataLinker:
    """Links a name of a given kind to a Wikidata item, or decides that it cannot (qid None).

    Answers None (no opinion, nothing cached) when Wikidata cannot be reached; the first time, it
    logs one warning.
    """

    name = "wikidata"

    # weights of the evidence; a decision needs MIN_SCORE and MARGIN over the runner-up
    W_NAME, W_POPULARITY, W_POSITION, W_COUNTRY = 0.45, 0.2, 0.25, 0.15
    MIN_SCORE, MARGIN = 0.5, 0.12

    def __init__(
        self,
        *,
        api_url: str,
        sparql_url: str,
        timeout: float = 10.0,
        min_interval: float = 0.2,
        retries: int = 3,
        backoff: float = 0.5,
        search_limit: int = 7,
        gazetteer: Gazetteer | None = None,
        client: WikidataClient | None = None,
    ) -> None:
        self.client = client or WikidataClient(
            api_url=api_url, sparql_url=sparql_url, timeout=timeout, min_interval=min_interval,
            retries=retries, backoff=backoff,
        )
        self.search_limit = search_limit
        self.gazetteer = gazetteer or Gazetteer.default()
        self.available = True
        self.warned = False

    def link(self, query: LinkQuery) -> LinkDecision | None:
        if not self.available or query.kind not in KIND_CLASSES:
            return None
        try:
            return self._link(query)
        except WikidataUnreachable as exc:
            self.available = False
            if not self.warned:
                self.warned = True
                log.warning("Wikidata is unreachable (%s); linking goes on with the cache and the gazetteer", exc)
            return None
        except LinkingError as exc:
            # One odd answer must not stop a build: no opinion on this name, say why.
            where = f" in {query.document}" if query.document else ""
            log.warning("cannot link %r%s online: %s", query.text, where, exc)
            return None

    def _link(self, query: LinkQuery) -> LinkDecision:
        wanted = normalise_name(query.text)
        hits = self.client.search(query.text, limit=self.search_limit)
        named: dict[str, tuple[float, dict]] = {}
        for hit in hits:
            qid = str(hit.get("id", ""))
            if not re.fullmatch(r"Q[1-9][0-9]*", qid) or qid in named:
                continue
            name_score = self._name_score(wanted, hit, query.kind)
            if name_score > 0:
                named[qid] = (name_score, hit)
        if not named:
            return LinkDecision(None, 0.0, self.name)
        facts = self.client.describe(list(named), KIND_CLASSES[query.kind])
        state_qids = self._state_qids(query.states)
        scored: list[LinkCandidate] = []
        for qid, (name_score, hit) in named.items():
            info = facts.get(qid)
            if info is None or not info.types:
                continue  # wrong kind (or unknown): never chosen
            popularity = min(1.0, math.log10(1 + info.sitelinks) / 2.5)
            position = any(
                position_matches(title, state, label, gazetteer=self.gazetteer)
                for title, state in query.titles
                for label in info.positions
            )
            country = bool(state_qids & set(info.countries)) or (query.kind == "State" and qid in state_qids)
            score = (self.W_NAME * name_score + self.W_POPULARITY * popularity
                     + self.W_POSITION * position + self.W_COUNTRY * country)
            scored.append(LinkCandidate(
                qid=qid, label=str(hit.get("label", "")), description=str(hit.get("description", "")),
                score=round(score, 4), sitelinks=info.sitelinks, types=info.types, positions=info.positions,
                countries=info.countries,
            ))
        scored.sort(key=lambda c: c.score, reverse=True)
        if not scored:
            return LinkDecision(None, 0.0, self.name, candidates=tuple(scored))
        best = scored[0]
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        if best.score < self.MIN_SCORE or best.score - runner_up < self.MARGIN:
            log.debug("%r: no clear winner among %s", query.text, [(c.qid, c.score) for c in scored])
            return LinkDecision(None, 0.0, self.name, candidates=tuple(scored))
        confidence = min(0.95, best.score)
        return LinkDecision(best.qid, round(confidence, 3), self.name, label=None, candidates=tuple(scored))

    @staticmethod
    def _name_score(wanted: str, hit: dict, kind: str) -> float:
        """1 for the label, 0.9 for an alias, 0.7 for a person's surname; 0 for a mere prefix match."""
        label = normalise_name(str(hit.get("label", "")))
        match = hit.get("match") or {}
        matched = normalise_name(str(match.get("text", "")))
        if wanted == label:
            return 1.0
        if wanted == matched and match.get("type") in ("label", "alias"):
            return 0.9
        if kind == "Person" and " " not in wanted and label.split()[-1:] == [wanted]:
            return 0.7
        return 0.0

    def _state_qids(self, states: Iterable[str]) -> set[str]:
        qids = set()
        for state in states:
            match = self.gazetteer.lookup(state, kinds=("State",))
            if match is not None and match.entry.qid:
                qids.add(match.entry.qid)
        return qids

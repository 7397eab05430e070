"""Hand-made graphs that follow docs/rdf-model.md, and gold files we write ourselves.

The texts here are invented for the tests; none comes from the evaluation data.
"""

from __future__ import annotations

import io
import json
import warnings
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..scripts import load_script

NK = Namespace("https://w3id.org/newskg/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")
BASE = "https://w3id.org/newskg/data"

REFEREE = Path("/work/shared/tools/score.py")
if not REFEREE.exists():  # CI lays shared/ beside the clone
    REFEREE = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score.py"

Role = tuple[URIRef, tuple[int, int]]


@dataclass
class DocumentWriter:
    """Writes one document's named graph the way the mapping does."""

    ds: Dataset
    docid: str
    text: str
    acts: list[URIRef] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.doc = URIRef(f"{BASE}/doc/{self.docid}")
        self.g = self.ds.graph(URIRef(f"{BASE}/graph/{self.docid}"))
        self.g.add((self.doc, RDF.type, NK.NewsArticle))
        self.g.add((self.doc, RDF.type, NIF.Context))
        self.g.add((self.doc, NK.documentId, Literal(self.docid)))
        self.g.add((self.doc, NIF.isString, Literal(self.text)))

    def offset(self, span: tuple[int, int], *kinds: URIRef) -> URIRef:
        b, e = span
        node = URIRef(f"{self.doc}#char={b},{e}")
        self.g.add((node, RDF.type, NIF.OffsetBasedString))
        for kind in kinds:
            self.g.add((node, RDF.type, kind))
        self.g.add((node, NIF.beginIndex, Literal(b, datatype=XSD.nonNegativeInteger)))
        self.g.add((node, NIF.endIndex, Literal(e, datatype=XSD.nonNegativeInteger)))
        self.g.add((node, NIF.anchorOf, Literal(self.text[b:e])))
        self.g.add((node, NIF.referenceContext, self.doc))
        return node

    def find(self, phrase: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(phrase, start + 1)
        return (start, start + len(phrase))

    def actor(
        self,
        label: str,
        kind: str = "State",
        *,
        qid: str | None = None,
        country: URIRef | None = None,
        members: tuple[URIRef, ...] = (),
    ) -> URIRef:
        iri = URIRef(f"{BASE}/actor/{label.lower().replace(' ', '-')}")
        self.g.add((iri, RDF.type, NK[kind]))
        self.g.add((iri, RDFS.label, Literal(label)))
        if qid:
            self.g.add((iri, OWL.sameAs, WD[qid]))
            self.g.add((iri, NK.linkConfidence, Literal("0.95", datatype=XSD.decimal)))
        if country is not None:
            self.g.add((iri, NK.country, country))
        for member in members:
            self.g.add((iri, NK.hasMember, member))
        return iri

    def act(
        self,
        kind: str,
        cue: tuple[int, int],
        *,
        speakers: list[Role] = (),  # type: ignore[assignment]
        addressees: list[Role] = (),  # type: ignore[assignment]
        targets: list[Role] = (),  # type: ignore[assignment]
        evidence: tuple[int, int] | None = None,
        confidence: str = "0.8",
        content: str | None = None,
    ) -> URIRef:
        iri = URIRef(f"{BASE}/act/{self.docid}/{cue[0]}-{cue[1]}")
        self.g.add((iri, RDF.type, NK[kind]))
        self.g.add((iri, NK.cue, self.offset(cue, NK.Cue)))
        self.g.add((iri, NK.inDocument, self.doc))
        if evidence:
            self.g.add((iri, NK.evidence, self.offset(evidence, NIF.Sentence)))
        for role, people in (("speaker", speakers), ("addressee", addressees), ("target", targets)):
            for actor, span in people:
                mention = self.offset(span, NK.Mention)
                self.g.add((mention, NK.denotes, actor))
                self.g.add((iri, NK[role], actor))
                self.g.add((iri, NK[role + "Mention"], mention))
        self.g.add((iri, NK.confidence, Literal(confidence, datatype=XSD.decimal)))
        if content:
            self.g.add((iri, NK.content, Literal(content)))
        self.acts.append(iri)
        return iri


class GraphWriter:
    """A dataset of document graphs, written as TriG."""

    def __init__(self) -> None:
        self.ds = Dataset()

    def document(self, docid: str, text: str) -> DocumentWriter:
        return DocumentWriter(self.ds, docid, text)

    def write(self, path: Path) -> Path:
        # rdflib's TriG serializer calls its own deprecated Dataset.contexts; the warning is rdflib's.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.ds.serialize(destination=str(path), format="trig")
        return path


def run_referee(mode: str, graph: Path, gold: Path) -> tuple[dict[str, Any], str]:
    """Runs the referee's scoring function in-process; returns its JSON figures and its last line."""
    module = load_script(REFEREE, "newskg_referee")
    out = io.StringIO()
    with redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own deprecations, as in load_graph
        warnings.simplefilter("ignore", ResourceWarning)  # the referee leaves its gold files to the GC
        getattr(module, f"score_{mode}")(str(graph), str(gold))
    text = out.getvalue().rstrip("\n")
    body, _, last = text.rpartition("\n")
    return json.loads(body), last


needs_referee = pytest.mark.skipif(not REFEREE.exists(), reason=f"the referee {REFEREE} is not on this machine")


@pytest.fixture
def graph_writer() -> GraphWriter:
    return GraphWriter()


SEED_TEXT = (
    "Norway accused Sweden on Monday of moving troops to the border, the Norwegian foreign ministry said. "
    "Stockholm denied the claims. "
    '"We call on both sides to show restraint," the statement said. '
    "Prime Minister Ola Nordmann and his Swedish counterpart spoke by phone."
)


@pytest.fixture
def seed_files(tmp_path: Path) -> tuple[Path, str]:
    """A seed-format gold file (and its article next to it) that we wrote for these tests."""
    text = SEED_TEXT
    (tmp_path / "nordic_article.txt").write_text(text, encoding="utf-8")

    def span(phrase: str) -> list[int]:
        start = text.index(phrase)
        return [start, start + len(phrase)]

    norway = ["Norway", "Q20", "Norwegian foreign ministry", "Oslo"]
    sweden = ["Sweden", "Q34", "Stockholm"]
    gold = {
        "document": "nordic_article.txt",
        "note": "written for the newskg tests",
        "speech_acts": [
            {"cue": "accused", "span": span("accused"), "types": ["Accusation"], "speaker": [norway],
             "target": [sweden]},
            {"cue": "said", "span": span("said"), "types": ["Statement"], "speaker": [norway]},
            {"cue": "denied", "span": span("denied"), "types": ["Denial", "Rejection"], "speaker": [sweden],
             "target": [norway]},
            {"cue": "call on", "span": span("call on"), "types": ["Appeal", "Statement"], "speaker": [norway],
             "target": [sweden]},
            {"cue": "spoke by phone", "span": span("spoke by phone"), "types": ["PhoneCall", "Consultation"],
             "speaker": [["Ola Nordmann", "Nordmann"], ["Sweden", "Swedish counterpart"]], "mutual": True},
        ],
    }
    path = tmp_path / "nordic_gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path, text

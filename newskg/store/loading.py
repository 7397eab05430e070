"""What every load reports (into a server or the embedded store), in a module light enough for the
bulk loader's child process to import without rdflib or requests."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CONTENT_HASH", "ONTOLOGY_GRAPH", "LoadEvent", "LoadSummary"]

ONTOLOGY_GRAPH = "https://w3id.org/newskg/ontology"
CONTENT_HASH = "https://w3id.org/newskg/ontology#contentHash"


@dataclass(frozen=True)
class LoadEvent:
    """Progress of a load: after each graph, what happened to it and how far the load is."""

    graph: str
    status: str  # "loaded" | "unchanged" | "failed"
    triples: int
    done: int
    total: int
    error: str | None = None


@dataclass
class LoadSummary:
    """What a load did: graphs loaded, skipped as unchanged, failed (with the reason)."""

    loaded: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    ignored_default_triples: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def __str__(self) -> str:
        text = (
            f"loaded {self.loaded} graphs ({self.triples:,} triples), {self.unchanged} unchanged, "
            f"{len(self.failed)} failed in {self.seconds:.1f} s"
        )
        if self.ignored_default_triples:
            text += f"; ignored {self.ignored_default_triples:,} default-graph triples"
        return text

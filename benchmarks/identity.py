"""Corpus-level actor identity on a real corpus: how many actor IRIs each person ends up with.

    python benchmarks/identity.py [--docs ../shared/data/train/polnear_dev_docs.jsonl] [--store DIR]

Builds the articles offline into a fresh embedded store (or reads ``--store``, already built), runs
``newskg identities`` (:func:`newskg.builder.linking.identity.update_identities`) and reads back every
person and organisation IRI with its labels and mentions. A *person* is an identity group (or a lone
IRI) with a full name (two words or more); for each person named more than ``--min`` times it reports:

* leftovers: IRIs outside the person's group that still name it: a lone surname, or a label holding
  its full name ("Rip Donald Trump"). A leftover lone surname the corpus gives to two people or more
  ("Clinton" beside Bill and Hillary Clinton) is *ambiguous*: leaving it apart is right;
* purity: the share of the mentions of the person's IRIs and leftovers that its group holds, before
  (its most mentioned IRI alone) and after the identity step (the issue's measure);
* shared surnames: surnames of two people or more, and whether any group joins two people (two
  given names, short forms such as Joe and Joseph counted as one, a headline's extra words ignored).

The JSONL may use ``doc_id`` (PolNeAR) or ``id``. Nothing is asserted: this prints measurements.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from collections import defaultdict
from pathlib import Path

from newskg.builder.build import build
from newskg.builder.facts import Document, slug
from newskg.builder.linking.identity import _NICKNAMES, _read_actors, cluster, update_identities
from newskg.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "data" / "train" / "polnear_dev_docs.jsonl"
_NOT_NAME = {"mr", "mrs", "ms", "dr", "jr", "sr", "s"}


def words(label: str) -> tuple[str, ...]:
    return tuple(w for w in slug(label).split("-") if len(w) > 1 and w not in _NOT_NAME)


def read_documents(path: Path) -> list[Document]:
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            documents.append(Document(id=str(row.get("id") or row["doc_id"]), text=row["text"],
                                      published=row.get("publication_date") or row.get("published")))
    return documents


def _people_in(actors: dict, members: list[str]) -> set[tuple[str, str]]:
    """The distinct (given name, surname) pairs of a group's person labels, short forms of given names
    made long and labels holding another label's name whole ("Rip Donald Trump") left out."""
    names = {words(label) for m in members if actors[m].kind == "Person" for label in actors[m].labels}
    names = {n for n in names if len(n) >= 2}
    core = {n for n in names if not any(o != n and any(n[i : i + len(o)] == o for i in range(len(n)))
                                        for o in names)}
    return {(_NICKNAMES.get(n[0], n[0]), n[-1]) for n in core}


def measure(store: EmbeddedStore, minimum: int) -> dict:
    actors = {a.iri: a for a in _read_actors(store.store)}
    group_of = {iri: iri for iri in actors}
    for identity in cluster(actors.values()):
        for member in identity.members:
            group_of[member] = identity.canonical
    groups: dict[str, list[str]] = defaultdict(list)
    for iri, canonical in group_of.items():
        groups[canonical].append(iri)
    people = {}
    for canonical, members in groups.items():
        full = [words(label) for m in members if actors[m].kind == "Person" for label in actors[m].labels
                if len(words(label)) >= 2]
        if full:
            people[canonical] = min(full, key=len)
    bearers: dict[str, set[str]] = defaultdict(set)
    for canonical, name in people.items():
        bearers[name[-1]].add(canonical)
    rows = []
    for canonical, name in sorted(people.items()):
        members = groups[canonical]
        mentions = sum(actors[m].mentions for m in members)
        if mentions <= minimum:
            continue
        leftovers = []
        for iri, actor in actors.items():
            if group_of[iri] == canonical:
                continue
            labels = [words(label) for label in actor.labels]
            lone = any(w == (name[-1],) for w in labels)
            holds = any(len(w) > len(name) and any(w[i : i + len(name)] == name for i in range(len(w)))
                        for w in labels)
            if lone or holds:
                leftovers.append((iri, actor.mentions, lone and len(bearers[name[-1]]) > 1))
        total = mentions + sum(n for _, n, _ in leftovers)
        best = max(actors[m].mentions for m in members)
        rows.append({"person": canonical.rsplit("/", 1)[-1], "mentions": mentions, "iris": len(members),
                     "leftovers": leftovers, "before": best / total, "after": mentions / total})
    wrong = [c for c, m in groups.items() if len(m) > 1 and len(_people_in(actors, m)) > 1]
    shared = {s: sorted(b) for s, b in bearers.items() if len(b) > 1}
    return {"rows": rows, "shared": shared, "wrong": wrong}


def report(result: dict, minimum: int) -> None:
    rows = result["rows"]
    split = [r for r in rows if any(not ambiguous for _, _, ambiguous in r["leftovers"])]
    ambiguous = [r for r in rows if r not in split and r["leftovers"]]
    print(f"people named more than {minimum} times: {len(rows)}; with one actor IRI (no leftover): "
          f"{len(rows) - len(split) - len(ambiguous)}; only an ambiguous lone surname left apart: {len(ambiguous)}; "
          f"still split: {len(split)}")
    if rows:
        print(f"purity (mean over those people): before {sum(r['before'] for r in rows) / len(rows):.3f}, "
              f"after {sum(r['after'] for r in rows) / len(rows):.3f}")
    for r in rows:
        left = ", ".join(f"{i.rsplit('/', 1)[-1]} ({n}{', ambiguous' if a else ''})" for i, n, a in r["leftovers"])
        print(f"  {r['person']}: {r['mentions']} mentions on {r['iris']} IRI(s); purity {r['before']:.2f} -> "
              f"{r['after']:.2f}" + (f"; apart: {left}" if left else ""))
    print(f"surnames shared by two people or more: {len(result['shared'])}; groups joining two given names "
          f"(wrong merges): {len(result['wrong'])}")
    for surname, people in sorted(result["shared"].items()):
        print(f"  {surname}: {', '.join(p.rsplit('/', 1)[-1] for p in people)}")
    for canonical in result["wrong"]:
        print(f"  WRONG MERGE {canonical}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--store", type=Path, help="an embedded store already built from the articles")
    parser.add_argument("--min", type=int, default=3, help="people named more than this many times")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "store"
        store = EmbeddedStore(path)
        if args.store is None:
            built = build(read_documents(args.docs), sink=store, offline=True, progress=False)
            print(f"built {built.built} articles offline")
        summary = update_identities(store)
        print(f"newskg identities: {summary.summary()}")
        report(measure(store, args.min), args.min)
        store.close()


if __name__ == "__main__":
    main()

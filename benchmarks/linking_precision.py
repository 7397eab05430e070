"""Link precision and recall on the project's examples (and the seed article), and what linking costs.

    python benchmarks/linking_precision.py [--examples examples] [--seed ../shared/data/eval] [--repeat 5]

Builds every ``examples/*.txt`` offline (cache and gazetteer only; the cache is a fresh temporary
file, so nothing learnt online elsewhere counts) and compares the linked actors with the actors its
``examples/expected/*.json`` lists with a QID:

* right: a linked actor whose QID an expected actor has;
* wrong: a linked actor whose label or an alias names an expected actor, with another QID, or whose
  QID is not expected at all while its name is (both are wrong links);
* unjudged: a linked actor the expected facts do not mention (listed, not counted);
* recall: expected actors whose QID some linked actor carries.

The seed article is scored the same way against the entities of ``seed_gold.json`` that have a QID
and are no metonymy notes (read from the shared folder, never copied into the project).

Timing: the same documents are annotated ``--repeat`` times with the real linker and with a linker
that does nothing, on one loaded pipeline, interleaved, best of each; the overhead of linking is
printed as a ratio of the annotate time, and ``link_facts`` is also timed alone on annotated facts.
Nothing here is asserted: this prints measurements.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from newskg.builder.build import Builder
from newskg.builder.facts import Document, DocumentFacts
from newskg.builder.linking import NullLinker, build_linker
from newskg.builder.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = ROOT.parent / "shared" / "data" / "eval"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()
    return text[4:] if text.startswith("the ") else text


@dataclass
class Tally:
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)
    expected: int = 0
    found: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        judged = self.right + len(self.wrong)
        return self.right / judged if judged else None


def score(facts: DocumentFacts, expected: list[dict], tally: Tally) -> None:
    want = [e for e in expected if e.get("qid")]
    qids = {e["qid"] for e in want}
    names = {norm(e["label"]): e["qid"] for e in want}
    for alias_list in (e.get("mentions", ()) for e in want):
        for e, alias in ((e, a) for e in want for a in alias_list):
            names.setdefault(norm(alias), e["qid"])
    linked = {}
    for entity in facts.entities.values():
        if entity.qid:
            linked[entity.key] = entity
    for conflict in facts.conflicts.values():
        if conflict.qid:
            linked[conflict.key] = conflict
    for key, item in linked.items():
        labels = {norm(item.label), *(norm(a) for a in getattr(item, "aliases", ()))}
        named = {names[n] for n in labels if n in names}
        if item.qid in qids:
            tally.right += 1
        elif named:
            tally.wrong.append(f"{facts.document.id}: {key} -> {item.qid} (expected {sorted(named)})")
        else:
            tally.unjudged.append(f"{facts.document.id}: {key} -> {item.qid}")
    got = {item.qid for item in linked.values()}
    tally.expected += len(want)
    for e in want:
        if e["qid"] in got:
            tally.found += 1
        else:
            tally.missing.append(f"{facts.document.id}: {e['label']} ({e['qid']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="folder with seed_article.txt/seed_gold.json")
    parser.add_argument("--repeat", type=int, default=5, help="timing repetitions")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    documents: list[tuple[Document, list[dict]]] = []
    for text_path in sorted(args.examples.glob("*.txt")):
        expected_path = args.examples / "expected" / f"{text_path.stem}.json"
        if expected_path.exists():
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            documents.append((Document(id=text_path.stem, text=text_path.read_text(encoding="utf-8")),
                              expected.get("actors", [])))
    seed_text, seed_gold = args.seed / "seed_article.txt", args.seed / "seed_gold.json"
    seed: tuple[Document, list[dict]] | None = None
    if seed_text.exists() and seed_gold.exists():
        gold = json.loads(seed_gold.read_text(encoding="utf-8"))
        seed = (Document(id="seed", text=seed_text.read_text(encoding="utf-8")),
                [e for e in gold["entities"] if e.get("qid") and not e.get("note")])

    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        linker = build_linker(offline=True, cache_path=Path(tmp) / "links.sqlite")
        builder = Builder(nlp=nlp, linker=linker)
        examples, seed_tally = Tally(), Tally()
        for document, expected in documents:
            score(builder.facts(document), expected, examples)
        if seed is not None:
            score(builder.facts(seed[0]), seed[1], seed_tally)

        all_docs = [d for d, _ in documents] + ([seed[0]] if seed else [])
        # Interleaved runs, best of each: the machine is shared, so a sequential A-then-B run mostly
        # measures whatever else was running at the time.
        runs = {"no linking": Builder(nlp=nlp, linker=NullLinker()), "offline linking": Builder(nlp=nlp, linker=linker)}
        timings = {name: float("inf") for name in runs}
        for run in runs.values():
            list(run.annotate(all_docs))  # warm up
        for _ in range(args.repeat):
            for name, run in runs.items():
                started = time.perf_counter()
                list(run.annotate(all_docs))
                timings[name] = min(timings[name], time.perf_counter() - started)
        # the linking step alone, timed directly on already annotated facts
        facts = list(Builder(nlp=nlp, linker=NullLinker()).annotate(all_docs))
        from newskg.builder.linking import link_facts

        started = time.perf_counter()
        for _ in range(args.repeat):
            for f in facts:
                for entity in f.entities.values():
                    entity.qid = None
                link_facts(f, linker)
        link_only = (time.perf_counter() - started) / args.repeat

    for name, tally in (("examples", examples), ("seed", seed_tally)):
        p = tally.precision
        print(f"{name}: precision {p:.3f}" if p is not None else f"{name}: precision n/a", end="")
        print(f" ({tally.right} right, {len(tally.wrong)} wrong, {len(tally.unjudged)} unjudged); "
              f"recall {tally.found}/{tally.expected}")
        for line in tally.wrong:
            print(f"  WRONG {line}")
        for line in tally.missing:
            print(f"  missing {line}")
        for line in tally.unjudged:
            print(f"  unjudged {line}")
    base, with_linking = timings["no linking"], timings["offline linking"]
    print(f"annotate {len(all_docs)} documents: {base * 1000:.1f} ms without linking, {with_linking * 1000:.1f} ms "
          f"with offline linking ({(with_linking / base - 1) * 100:+.1f}%); link_facts alone "
          f"{link_only * 1000:.2f} ms ({link_only / base * 100:.2f}% of annotate)")


if __name__ == "__main__":
    main()

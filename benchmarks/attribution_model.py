"""The learned attribution model alone on PolNeAR: the referee's figures, its speed and its size.

    python benchmarks/attribution_model.py [--data ../shared/data/train] [--splits dev train] [--limit N]
                                           [--model-path DIR]

For each split it runs en_core_web_sm over the articles (bare ``nlp.pipe``, the baseline), then the
same pipeline with ``newskg_attribution_model`` added, in the same run and on the same documents, and
scores the model's proposals the way ``score.py polnear`` scores a graph (no rules, no graph): each
proposal is an act whose cue is the proposal's cue, whose speaker mentions are its source spans and
whose content is its content text (see :mod:`newskg.evaluation.polnear`). Prints one table and one
JSON object. The model's settings were chosen on dev; train is shown for reference (the model was
trained on it, so it is not a measure of anything unseen).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def measure(split: str, data: Path, model_path: Path | None, limit: int | None, batch_size: int) -> dict:
    import spacy

    from newskg.builder import factories  # noqa: F401  (registers the component)
    from newskg.builder.pipeline import resolve_model
    from newskg.evaluation.polnear import PolnearAct, read_polnear, score_polnear

    corpus = read_polnear(data / f"polnear_{split}_attributions.jsonl")
    documents = corpus.documents[:limit] if limit else corpus.documents
    keep = {d.id for d in documents}
    gold = [a for a in corpus.attributions if a.doc_id in keep]
    texts = [d.text for d in documents]
    words = 0

    bare = spacy.load(resolve_model(None))
    with_model = spacy.load(resolve_model(None))
    config = {"model_path": str(model_path)} if model_path else {}
    component = with_model.add_pipe("newskg_attribution_model", config=config)
    component.inner  # noqa: B018  (load the model outside the timings)
    list(bare.pipe(texts[:2]))  # warm both pipelines
    list(with_model.pipe(texts[:2]))

    started = time.perf_counter()
    for doc in bare.pipe(texts, batch_size=batch_size):
        words += len(doc)
    bare_seconds = time.perf_counter() - started
    started = time.perf_counter()
    docs = list(with_model.pipe(texts, batch_size=batch_size))
    model_seconds = time.perf_counter() - started

    acts = []
    for document, doc in zip(documents, docs, strict=True):
        for proposal in doc._.newskg_attributions:
            acts.append(
                PolnearAct(
                    document.id,
                    (proposal.cue.start, proposal.cue.end),
                    [(s.start, s.end) for s in proposal.sources],
                    proposal.content_text,
                    proposal.cue.text,
                )
            )
    score = score_polnear(acts, gold)
    return {
        "split": split,
        "articles": len(documents),
        "words": words,
        **score.figures,
        "bare_docs_per_s": round(len(documents) / bare_seconds, 2),
        "with_model_docs_per_s": round(len(documents) / model_seconds, 2),
        "speed_ratio": round(bare_seconds / model_seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    parser.add_argument("--splits", nargs="+", default=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each split")
    parser.add_argument("--model-path", type=Path, default=None, help="a model directory (default: shipped)")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    if not (args.data / "polnear_dev_attributions.jsonl").exists():
        sys.exit(f"no PolNeAR data in {args.data}")
    from newskg.builder.components.attribution_model import default_model_path

    model_dir = args.model_path or default_model_path()
    rows = [measure(split, args.data, args.model_path, args.limit, args.batch_size) for split in args.splits]
    size = _directory_size(model_dir)
    print(f"attribution model {model_dir} ({size / 1e6:.1f} MB)")
    print(f"{'split':6} {'articles':>8} {'cue F1':>7} {'src F1':>7} {'content':>8} {'acts':>6} {'gold':>6} "
          f"{'bare d/s':>9} {'+model d/s':>10} {'ratio':>6}")
    for r in rows:
        print(f"{r['split']:6} {r['articles']:8d} {r['cue_f1']:7.3f} {r['source_f1']:7.3f} "
              f"{r['content_overlap_f1_on_matched']:8.3f} {r['system_acts']:6d} {r['gold_attributions']:6d} "
              f"{r['bare_docs_per_s']:9.2f} {r['with_model_docs_per_s']:10.2f} {r['speed_ratio']:6.2f}")
    print(json.dumps({"model": str(model_dir), "model_bytes": size, "results": rows}, indent=1))


if __name__ == "__main__":
    main()

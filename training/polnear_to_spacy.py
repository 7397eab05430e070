"""PolNeAR attributions -> spaCy training data for the attribution model (``make train`` runs it).

Reads ``polnear_{train,dev}_{docs,attributions}.jsonl`` from the shared training data (first
annotator of each article, as the referee counts) and writes, per split, two DocBins in the same order:

- ``{split}.spacy``: the reference docs, tokenised by en_core_web_sm's tokenizer, with one tag per token
  (``O``, ``B-CUE``, ``I-CUE``, ``B-SOURCE``, ``I-SOURCE``, ``B-CONTENT``, ``I-CONTENT``) and the same
  spans as entities (labels ``CUE``, ``SOURCE``, ``CONTENT``);
- ``{split}.predicted.spacy``: the same tokens as en_core_web_sm annotates them (tags, POS, dependency
  parse, sentences; no entities), the input the model sees at run time, where it runs after
  en_core_web_sm on the same Doc.

The texts stay outside the repository: the output directory is ``training/corpus/`` (ignored by git).

    python training/polnear_to_spacy.py --data ../shared/data/train --out training/corpus
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from newskg.builder.components.attribution_tags import ROLE_PRIORITY, bio_tags, role_token_spans
from newskg.builder.pipeline import resolve_model
from newskg.evaluation.polnear import read_polnear

log = logging.getLogger("polnear_to_spacy")

#: The attributes of en_core_web_sm's annotation kept in the predicted docs.
KEPT = ["TAG", "POS", "DEP", "HEAD", "SENT_START", "LEMMA", "ENT_IOB", "ENT_TYPE"]


def convert(data: Path, out: Path, split: str, model: str, n_process: int) -> None:
    corpus = read_polnear(data / f"polnear_{split}_attributions.jsonl")
    gold = corpus.by_doc()
    nlp = spacy.load(model, exclude=["ner"])
    texts = [d.text for d in corpus.documents]
    started = time.perf_counter()
    reference = DocBin(attrs=["ORTH", "TAG", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    predicted = DocBin(attrs=["ORTH", *KEPT], store_user_data=False)
    kept = 0
    for document, parsed in zip(corpus.documents, nlp.pipe(texts, batch_size=16, n_process=n_process), strict=True):
        spans = role_token_spans(parsed, gold.get(document.id, []))
        kept += len(spans)
        ref = Doc(nlp.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed])
        for token, tag in zip(ref, bio_tags(len(ref), spans), strict=True):
            token.tag_ = tag
        ref.set_ents([Span(ref, s, e, label=role) for s, e, role in spans], default="outside")
        reference.add(ref)
        pred = Doc(nlp.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed])
        pred.from_array(KEPT, parsed.to_array(KEPT))
        predicted.add(pred)
    out.mkdir(parents=True, exist_ok=True)
    reference.to_disk(out / f"{split}.spacy")
    predicted.to_disk(out / f"{split}.predicted.spacy")
    log.info("%s: %d articles, %d attributions, %d role spans (priority %s), parsed in %.0f s", split,
             len(corpus.documents), len(corpus.attributions), kept, "/".join(ROLE_PRIORITY),
             time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/train"))
    parser.add_argument("--out", type=Path, default=Path("training/corpus"))
    parser.add_argument("--model", default=None, help="the pipeline whose annotation the model reads")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for split in args.splits:
        convert(args.data, args.out, split, resolve_model(args.model), args.n_process)


if __name__ == "__main__":
    main()

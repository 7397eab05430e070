"""Copies a trained attribution model into the package (``make train`` runs it last).

    python training/package_model.py training/output/model-best newskg/builder/models/attribution

Keeps the spaCy pipeline files (config, weights, tokenizer) and the hand-written ``MODEL_CARD.md``
already in the destination, names the pipeline in ``meta.json``, and refuses a model larger than the
40 MB the package allows (counted without the strings replaced below). The vocabulary ``spacy train``
saves (``vocab/strings.json``: every word and word shape of the training articles and of the vectors'
table) is replaced by the tag labels alone: the model reads words through hashes (the static vectors'
table too: ``vocab/vectors`` and ``vocab/key2row`` stay) and needs none of those strings, and
PolNeAR's text is not ours to ship.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from thinc.api import Config

LIMIT = 40_000_000
KEEP = ("MODEL_CARD.md",)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("destination", type=Path)
    args = parser.parse_args()
    strings = args.source / "vocab" / "strings.json"  # replaced below by the tag labels
    size = sum(f.stat().st_size for f in args.source.rglob("*") if f.is_file() and f != strings)
    if size > LIMIT:
        sys.exit(f"{args.source} holds {size / 1e6:.1f} MB, more than the {LIMIT / 1e6:.0f} MB allowed")
    kept = {name: (args.destination / name).read_bytes() for name in KEEP if (args.destination / name).exists()}
    if args.destination.exists():
        shutil.rmtree(args.destination)
    shutil.copytree(args.source, args.destination)
    for name, content in kept.items():
        (args.destination / name).write_bytes(content)
    # where the training machine kept the static vectors: the packaged model carries them in vocab/
    config_path = args.destination / "config.cfg"
    config = Config().from_disk(config_path, interpolate=False)
    config["paths"]["vectors"] = None
    config.to_disk(config_path)
    labels = json.loads((args.destination / "tagger" / "cfg").read_text(encoding="utf-8"))["labels"]
    (args.destination / "vocab" / "strings.json").write_text(json.dumps(sorted(labels)) + "\n", encoding="utf-8")
    meta_path = args.destination / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        name="newskg_attribution",
        version="1.1.0",
        description="PolNeAR-style attribution roles (cue, source, content) as BIO tags; see MODEL_CARD.md",
        license="Apache-2.0 (weights); trained on PolNeAR, a research corpus without a stated licence",
        sources=[{"name": "PolNeAR", "url": "https://github.com/networkdynamics/PolNeAR"}],
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"packaged {args.source} into {args.destination} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

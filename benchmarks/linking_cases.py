"""Link precision and recall mention by mention, literal and actor links apart, on the project's own
linking cases, plus the actor links of the examples.

    python benchmarks/linking_cases.py [--cases tests/linking/cases] [--examples examples]

Each case (``tests/linking/cases/<name>/``: an article written for the project and the expected
links of its hard mentions, :mod:`newskg.evaluation.linking`) is built offline and scored three ways:

* literal: the mention's ``itsrdf:taIdentRef`` (what its words name) against the expected literal item;
* actor: the Wikidata items of the actors it denotes (``nk:denotes``) against the expected actor;
* referee: the literal referent first, else the actor's item, against the literal item (literal
  referents scored as literal, as ``score.py el`` reads a graph).

"no link on a piece of a longer name" counts the mentions the cases expect no link on at all (a
state inside an organisation's name, a national team, Cairo the band) that got one anyway.
The examples (``examples/*.txt`` with ``examples/expected/*.json``) have expected actors, not
mentions: their actor links are scored as ``benchmarks/linking_precision.py`` does. Nothing is
asserted: this prints measurements.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
import tempfile
from pathlib import Path

from newskg.builder.build import Builder
from newskg.builder.facts import Document
from newskg.builder.linking import build_linker
from newskg.builder.pipeline import load_pipeline
from newskg.evaluation.linking import KINDS, LinkScore, read_cases, score_case

ROOT = Path(__file__).resolve().parents[1]


def _precision_module():  # noqa: ANN202 - the sibling benchmark, loaded by path (benchmarks/ is no package)
    spec = importlib.util.spec_from_file_location("linking_precision", ROOT / "benchmarks" / "linking_precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["linking_precision"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "linking" / "cases")
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    cases = read_cases(args.cases)
    with tempfile.TemporaryDirectory() as tmp:
        builder = Builder(nlp=load_pipeline(), linker=build_linker(offline=True, cache_path=Path(tmp) / "l.sqlite"))
        score = LinkScore()
        pieces = pieces_linked = 0
        for case in cases:
            single = LinkScore()
            score_case(case, builder.facts(Document(id=case.name, text=case.text)), single)
            for kind in KINDS:
                score.counts[kind] = [a + b for a, b in zip(score.counts[kind], single.counts[kind], strict=True)]
            score.on_nil += single.on_nil
            score.mistakes += single.mistakes
            score.unlisted += single.unlisted
            nil = [m for m in case.mentions if m.literal is None and m.actor is None]
            pieces += len(nil)
            wrong = [m for m in single.mistakes if " referee:" not in m]
            pieces_linked += sum(1 for e in nil if any(m.startswith(f"{case.name}: {e.text!r}@{e.start} ")
                                                       for m in wrong))
        precision = _precision_module()
        tally = precision.Tally()
        for text_path in sorted(args.examples.glob("*.txt")):
            expected_path = args.examples / "expected" / f"{text_path.stem}.json"
            if expected_path.exists():
                expected = json.loads(expected_path.read_text(encoding="utf-8")).get("actors", [])
                document = Document(id=text_path.stem, text=text_path.read_text(encoding="utf-8"))
                precision.score(builder.facts(document), expected, tally)
    print(f"{len(cases)} linking cases, {sum(len(c.mentions) for c in cases)} listed mentions:")
    for kind in KINDS:
        f = score.figures(kind)
        print(f"  {kind}: precision {f['precision']} recall {f['recall']} ({f['right']} right, {f['wrong']} wrong, "
              f"{f['missed']} missed of {f['expected']})" + (f"; {score.on_nil} on words naming no item"
                                                            if kind == "referee" else ""))
    print(f"  mentions that must stay unlinked (pieces of longer names, other senses): {pieces}, linked anyway: "
          f"{pieces_linked}")
    for line in score.mistakes:
        print(f"    {line}")
    p = tally.precision
    print(f"examples, actor links: precision {p:.3f} ({tally.right} right, {len(tally.wrong)} wrong, "
          f"{len(tally.unjudged)} unjudged); recall {tally.found}/{tally.expected}" if p is not None else
          "examples: no links")
    for line in tally.wrong:
        print(f"    WRONG {line}")


if __name__ == "__main__":
    main()

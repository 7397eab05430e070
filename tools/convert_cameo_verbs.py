"""Converts PETRARCH2's CAMEO verb dictionary into the JSON newskg ships.

    python tools/convert_cameo_verbs.py [../shared/data/lexicons/petrarch2/CAMEO.2.0.txt]

Writes ``newskg/builder/data/cameo_verbs.json`` (read by :mod:`newskg.builder.dictionaries.cameo_verbs`)
and copies the dictionary's MIT licence to ``newskg/builder/data/PETRARCH2_LICENSE.txt``. The
dictionary (openeventdata/petrarch2, ``petrarch2/data/dictionaries/CAMEO.2.0.txt``, MIT, (c) 2014 Open
Event Data) is read as PETRARCH2's ``read_verb_dictionary`` reads it:

- ``&LABEL`` then ``+PHRASE`` lines: a synonym set; regular plurals are added unless the label or the
  phrase ends with ``_``;
- ``--- NAME [CODE] ---``: a block of synonymous verbs whose isolated verb codes CODE (``---``: no
  event); each following line is a verb (``SAY {SAYS SAID SAYING} [code]``: irregular forms in
  braces, else the regular ones are generated; an own code overrides the block's), a multi-word verb
  (``+RULE_OUT``, ``RE_+ARREST``: ``+`` marks the verb word), or a pattern (``- $ * (AS &NEGOTIATOR)
  (WITH +) [045]``) that applies to every verb of the block;
- pattern elements: ``*`` the verb, bare words nouns (phrase heads), ``{...}`` a noun phrase (head
  last), ``(PREP ...)`` a prepositional phrase, ``&SET`` a synonym set, ``$`` source, ``+`` target,
  ``%`` both, ``^`` any phrase skipped; codes ``[a:b]`` give the event for source -> target and for
  the reverse direction;
- ``~`` lines (transformations of nested events) are left out.

Output (all words lower case)::

    {"about": ..., "synsets": {"&CURRENCY": ["money", ...]},
     "blocks": {"BLAME": {"code": "112", "verbs": ["accuse", ...],
                          "patterns": [{"before": [...], "after": [...], "code": "111", "reverse": null,
                                        "line": 7512}]}},
     "verbs": {"accuse": {"block": "BLAME", "code": "112", "reverse": null, "verb_word": 0,
                          "forms": ["accuse", "accused", "accuses", "accusing"]}}}

A pattern element is ``{"noun": [words]}``, ``{"synset": "&LABEL"}``, ``{"prep": "to", "objects":
[elements]}`` or ``{"role": "source"|"target"|"both"|"skip"}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

log = logging.getLogger("convert_cameo_verbs")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "newskg" / "builder" / "data" / "cameo_verbs.json"
LICENSE_OUT = ROOT / "newskg" / "builder" / "data" / "PETRARCH2_LICENSE.txt"
DEFAULT_SOURCE = Path("../shared/data/lexicons/petrarch2/CAMEO.2.0.txt")
ORIGIN = "openeventdata/petrarch2 petrarch2/data/dictionaries/CAMEO.2.0.txt @ 676801c"

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]\s*$")
_PATTERN_TOKEN = re.compile(r"\{[^}]*\}|\(|\)|[^\s(){}]+")
_ROLES = {"$": "source", "+": "target", "%": "both", "^": "skip"}


def _plural(word: str) -> str:
    """PETRARCH's regular plural of a noun (of the last word of a phrase)."""
    if word.endswith("ss"):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _verb_forms(stem: str) -> list[str]:
    """PETRARCH2's regular forms of a verb: -s/-es/-ies, -ed/-d, -ing (a final e dropped)."""
    forms = [stem]
    if stem.endswith(("s", "x", "z")):
        forms.append(stem + "es")
    elif stem.endswith("y"):
        forms.append(stem[:-1] + "ies")
    else:
        forms.append(stem + "s")
    forms.append(stem + "d" if stem.endswith("e") else stem + "ed")
    if stem.endswith("e") and len(stem) > 1 and stem[-2] not in "aeiou":
        forms.append(stem[:-1] + "ing")
    else:
        forms.append(stem + "ing")
    return forms


def _codes(text: str) -> tuple[str | None, str | None]:
    """``"042:043"`` -> ("042", "043"); ``"---"`` and empty parts -> None."""
    first, _, second = text.strip().partition(":")

    def clean(code: str) -> str | None:
        code = code.strip()
        return code if code and code != "---" else None

    return clean(first), clean(second) if second else None


def _words(text: str) -> list[str]:
    """Lower-case words; a synonym set named inside a phrase (``{&CURRENCY CONTROL}``) keeps its label."""
    return [w.upper() if w.startswith("&") else w.lower() for w in text.replace("_", " ").split() if w]


def _compound(entry: str) -> tuple[str, int]:
    """``+RULE_OUT`` -> ("rule out", 0); ``RE_+ARREST`` -> ("re arrest", 1); ``SAY`` -> ("say", 0)."""
    parts = entry.strip("_").split("_")
    verb_word = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    return " ".join(p.lstrip("+").lower() for p in parts if p.lstrip("+")), verb_word


def _element(token: str) -> dict[str, Any]:
    if token in _ROLES:
        return {"role": _ROLES[token]}
    if token.startswith("&"):
        return {"synset": token.upper()}
    if token.startswith("{"):
        return {"noun": _words(token.strip("{}"))}
    return {"noun": _words(token)}


def parse_pattern(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """The elements before and after the verb of a pattern (without its code), or None when it has no
    ``*`` (a pattern PETRARCH2 cannot use either)."""
    tokens = _PATTERN_TOKEN.findall(text)
    if "*" not in tokens:
        return None
    sides: list[list[dict[str, Any]]] = [[], []]
    side = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "*":
            side = 1
        elif token == "(":
            close = tokens.index(")", i) if ")" in tokens[i:] else len(tokens)
            inner = tokens[i + 1 : close]
            if inner:
                sides[side].append({"prep": inner[0].lower(), "objects": [_element(t) for t in inner[1:]]})
            i = close
        elif token != ")":
            sides[side].append(_element(token))
        i += 1
    return sides[0], sides[1]


def convert(source: Path) -> tuple[dict[str, Any], Counter[str]]:
    stats: Counter[str] = Counter()
    synsets: dict[str, list[str]] = {}
    blocks: dict[str, dict[str, Any]] = {}
    verbs: dict[str, dict[str, Any]] = {}
    mode = "none"
    label = ""
    block: dict[str, Any] | None = None
    block_name = ""
    for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        header = _HEADER.match(line)
        if header:
            block_name = header.group(1)
            code, reverse = _codes(header.group(2))
            block = blocks.setdefault(block_name, {"code": code, "reverse": reverse, "verbs": [], "patterns": []})
            mode = "block"
            stats["blocks"] += 1
            continue
        stripped = line.strip()
        if stripped.startswith("~"):
            stats["transformations left out"] += 1
            continue
        if stripped.startswith("&"):
            label = stripped.split()[0].upper()
            mode = "synset"
            synsets.setdefault(label, [])
            continue
        if mode == "synset" and stripped.startswith("+"):
            phrase = stripped[1:].strip()
            words = _words(phrase)
            if not words:
                continue
            synsets[label].append(" ".join(words))
            if not (label.endswith("_") or phrase.endswith("_")):
                synsets[label].append(" ".join(words[:-1] + [_plural(words[-1])]))
            continue
        if mode != "block" or block is None:
            stats["lines outside any block"] += 1
            continue
        if stripped.startswith("-"):
            code_match = _CODE.search(stripped)
            if not code_match:
                stats["patterns without a code"] += 1
                continue
            parsed = parse_pattern(stripped[1 : code_match.start()])
            if parsed is None:
                stats["patterns without a verb"] += 1
                continue
            code, reverse = _codes(code_match.group(1))
            block["patterns"].append({"before": parsed[0], "after": parsed[1], "code": code, "reverse": reverse,
                                      "line": number})
            stats["patterns"] += 1
            continue
        # A verb: PRIMARY {FORMS} [code]
        code_match = _CODE.search(stripped)
        code, reverse = (block["code"], block["reverse"])
        body = stripped
        if code_match:
            code, reverse = _codes(code_match.group(1))
            body = stripped[: code_match.start()].strip()
        braces = re.search(r"\{([^}]*)\}", body)
        primary = body[: braces.start()].strip() if braces else body.strip()
        if not primary or " " in primary:
            stats["unreadable verb lines"] += 1
            continue
        lemma, verb_word = _compound(primary)
        if braces is not None:
            forms = [lemma] + [_compound(f)[0] for f in braces.group(1).split()]
        else:
            words = lemma.split()
            forms = [" ".join(words[:verb_word] + [form] + words[verb_word + 1 :])
                     for form in _verb_forms(words[verb_word])]
        if lemma in verbs:
            stats["verbs listed in two blocks (first kept)"] += 1
            continue
        verbs[lemma] = {"block": block_name, "code": code, "reverse": reverse, "verb_word": verb_word,
                        "forms": sorted(set(forms))}
        block["verbs"].append(lemma)
        stats["verbs"] += 1
        stats["multi-word verbs"] += " " in lemma
    data = {
        "about": f"Converted from PETRARCH2's CAMEO verb dictionary ({ORIGIN}; MIT licence, (c) 2014 Open Event "
                 "Data, see PETRARCH2_LICENSE.txt) by tools/convert_cameo_verbs.py.",
        "synsets": {k: sorted(set(v)) for k, v in sorted(synsets.items())},
        "blocks": blocks,
        "verbs": dict(sorted(verbs.items())),
    }
    return data, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data, stats = convert(args.source)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    shutil.copyfile(args.source.parent / "LICENSE", LICENSE_OUT)
    for key, value in sorted(stats.items()):
        log.info("%s: %d", key, value)
    log.info("wrote %s (%d bytes)", args.out, args.out.stat().st_size)


if __name__ == "__main__":
    main()

"""Converts PETRARCH2's actor and agent dictionaries into the compact data newskg ships.

    python tools/convert_petrarch_actors.py [../shared/data/lexicons/petrarch2]

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt`` and ``Phoenix.agents.txt`` (openeventdata/petrarch2
``petrarch2/data/dictionaries``, MIT, (c) 2014 Open Event Data Alliance) as PETRARCH2's
``read_actor_dictionary`` and ``read_agent_dictionary`` read them, and writes
``newskg/builder/data/petrarch_actors.json.gz`` (read by
:mod:`newskg.builder.dictionaries.petrarch_actors`):

- an actor entry is a primary name, its ``+`` aliases and its codes: ``[RUSGOV 991231-080507]`` (a
  CAMEO actor code, here Russia's government, between two dates), ``[RUSGOV >080508]`` (after),
  ``[X <date]`` (before), ``[RUSELI]`` (whenever no dated code applies); dates are YYMMDD (00-30 read
  as 20YY) or YYYYMMDD and become ISO dates; an entry without any code codes nothing and is left out
  (PETRARCH2 gives it no code either);
- an agent is a generic title or group noun with its sector code: ``PRESIDENT [~GOVPRS]`` (the code
  follows the actor's country: RUS + GOVPRS) or ``HUMAN_RIGHTS_BODY [NGO~]`` (it comes first); regular
  plurals are added (``{...}`` gives irregular ones, ``{}`` none) and ``!PERSON!``-style markers are
  expanded.

Output (names lower case, words joined by one space)::

    {"about": ..., "states": ["AFG", ...], "actors": [{"names": ["vladimir putin", "putin", ...], "file": "countries",
                               "codes": [["RUSGOV", "1999-12-31", "2008-05-07"], ["RUSELI", null, null]]}],
     "agents": {"president": "~GOVPRS", "human rights body": "NGO~", ...}}
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

log = logging.getLogger("convert_petrarch_actors")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "newskg" / "builder" / "data" / "petrarch_actors.json.gz"
DEFAULT_SOURCE = Path("../shared/data/lexicons/petrarch2")
ORIGIN = "openeventdata/petrarch2 petrarch2/data/dictionaries @ 676801c"
ACTOR_FILES = {
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "nonstate": "Phoenix.MilNonState.actors.txt",
}
AGENT_FILE = "Phoenix.agents.txt"
ISO3_TABLE = ROOT / "newskg" / "evaluation" / "data" / "iso3_countries.tsv"
#: CAMEO's codes for states that ISO 3166-1 no longer lists (East Germany, the Soviet Union, Yugoslavia,
#: Czechoslovakia, Serbia and Montenegro, Kosovo).
FORMER_STATES = ("DDR", "USR", "SUN", "YUG", "CSK", "SCG", "FRY", "KSV", "KOS")


def _lines(path: Path) -> list[str]:
    """PETRARCH2's read_FIN_line: ``#`` comments (at the start, or after a space), ``<!-- -->``
    comments and blank lines dropped; the leading tab of a date restriction kept."""
    out = []
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    for raw in text.splitlines():
        if raw.startswith("#"):
            continue
        line = raw.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line)
    return out


def _name(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).lower()


def _date(text: str) -> str | None:
    """YYYYMMDD or YYMMDD (00-30 -> 20YY) -> ISO; None when it is not a date."""
    digits = text.strip()
    try:
        if len(digits) > 7:
            year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
        else:
            year = int(digits[:2])
            year += 2000 if year <= 30 else 1900
            month, day = int(digits[2:4]), int(digits[4:6])
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _restriction(body: str, stats: Counter[str]) -> list[Any] | None:
    """``RUSGOV 991231-080507`` -> ["RUSGOV", "1999-12-31", "2008-05-07"]; ``>d`` and ``<d`` open ranges."""
    parts = body.split()
    if not parts:
        return None
    code = parts[0]
    if len(parts) == 1:
        return [code, None, None]
    span = parts[1]
    if span.startswith(">"):
        start, end = _date(span[1:]), None
        ok = start is not None
    elif span.startswith("<"):
        start, end = None, _date(span[1:])
        ok = end is not None
    elif "-" in span:
        first, _, second = span.partition("-")
        start, end = _date(first), _date(second)
        ok = start is not None and end is not None
    else:
        start = end = _date(span)
        ok = start is not None
    if not ok:
        stats["codes with an unreadable date (kept undated)"] += 1
        return [code, None, None]
    return [code, start, end]


def read_actors(path: Path, file_key: str, stats: Counter[str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    names: list[str] = []
    codes: list[list[Any]] = []

    def flush() -> None:
        if not names:
            return
        if codes:
            entries.append({"names": list(dict.fromkeys(names)), "file": file_key, "codes": codes})
        else:
            stats[f"{file_key}: entries without a code (left out)"] += 1

    for line in _lines(path):
        stripped = line.strip()
        if stripped.startswith("["):
            restriction = _restriction(stripped.strip("[]").split("]")[0], stats)
            if restriction:
                codes.append(restriction)
        elif stripped.startswith("+"):
            name = _name(stripped[1:].split("[")[0])
            if name:
                names.append(name)
        else:
            flush()
            names, codes = [], []
            inline = re.search(r"\[([^\]]*)\]\s*$", stripped)
            name = _name(stripped[: inline.start()] if inline else stripped)
            if inline:
                restriction = _restriction(inline.group(1), stats)
                if restriction:
                    codes.append(restriction)
            if name:
                names.append(name)
    flush()
    stats[f"{file_key}: actors"] = len(entries)
    stats[f"{file_key}: names"] = sum(len(e["names"]) for e in entries)
    return entries


def _agent_plural(agent: str) -> str:
    if agent.endswith("y"):
        return agent[:-1] + "ies"
    if agent.endswith("s"):
        return agent + "es"
    return agent + "s"


def read_agents(path: Path, stats: Counter[str]) -> dict[str, str]:
    markers: dict[str, list[str]] = {}
    agents: dict[str, str] = {}

    def store(phrase: str, code: str) -> None:
        name = _name(phrase)
        if name:
            agents[name] = code  # a later line overrides an earlier one, as in PETRARCH2

    for line in _lines(path):
        if "!" in line and "=" in line:
            marker = line[line.find("!") + 1 : line.find("!", line.find("!") + 1)]
            markers[marker] = [_name(x) for x in line.split("=", 1)[1].split(",")]
            continue
        if "[" not in line:
            stats["agent lines without a code (left out)"] += 1
            continue
        head, _, rest = line.partition("[")
        code = rest.partition("]")[0].strip()
        if "!" in head:
            before, _, after = head.partition("!")
            marker, _, tail = after.partition("!")
            for substitute in markers.get(marker, []):
                store(before + " " + substitute + " " + tail if before.strip() and before.endswith(" ")
                      else before + substitute + tail, code)
            continue
        if "{" in head:
            phrase = head[: head.find("{")]
            plural = head[head.find("{") + 1 : head.find("}")].strip()
        else:
            phrase = head
            plural = _agent_plural(_name(head)) if _name(head) else ""
        store(phrase, code)
        if plural:
            store(plural, code)
    stats["agents (with plurals)"] = len(agents)
    return agents


def convert(source: Path) -> tuple[dict[str, Any], Counter[str]]:
    stats: Counter[str] = Counter()
    actors: list[dict[str, Any]] = []
    for key, filename in ACTOR_FILES.items():
        actors.extend(read_actors(source / filename, key, stats))
    agents = read_agents(source / AGENT_FILE, stats)
    states = {line.split("\t", 1)[0] for line in ISO3_TABLE.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    used = {code[0][:3] for entry in actors for code in entry["codes"]}
    data = {
        "about": f"Converted from PETRARCH2's actor and agent dictionaries ({ORIGIN}: "
                 f"{', '.join(ACTOR_FILES.values())}, {AGENT_FILE}; MIT licence, (c) 2014 Open Event Data "
                 "Alliance, see PETRARCH2_LICENSE.txt) by tools/convert_petrarch_actors.py.",
        # the three-letter prefixes of the codes above that stand for a state (ISO 3166-1 alpha-3, plus
        # CAMEO's codes of former states); the others are IGO, NGO, MNC, IMG, regions and the like
        "states": sorted(used & (states | set(FORMER_STATES))),
        "actors": actors,
        "agents": dict(sorted(agents.items())),
    }
    return data, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data, stats = convert(args.source)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same input gives the same bytes
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as handle:
        handle.write(payload)
    for key, value in sorted(stats.items()):
        log.info("%s: %d", key, value)
    log.info("wrote %s (%d bytes, %d uncompressed)", args.out, args.out.stat().st_size, len(payload))


if __name__ == "__main__":
    main()

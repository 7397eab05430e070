"""PETRARCH2's actor and agent dictionaries (MIT) as newskg ships them: who an actor is, for which
state, in which role, when.

``newskg/builder/data/petrarch_actors.json.gz`` is converted by ``tools/convert_petrarch_actors.py``
from the Phoenix dictionaries (the notice is in ``PETRARCH2_LICENSE.txt`` beside it): about 27,000
actors (heads of state, ministers, parties, international organisations and their officials, armed
groups), each with its names and aliases and its CAMEO actor codes over time (``RUSGOV`` from
2008-05-08: Russia's government), and 5,000 agents (generic titles and group nouns, "foreign
minister" -> government, "rebels" -> rebels).

Nothing here resolves actors in a build yet; it answers questions about names.

>>> actors = PetrarchActors.load()
>>> lavrov = actors.lookup("Sergei Lavrov")[0]
>>> [(c.code, c.country, c.roles) for c in lavrov.codes_on("2015-06-01")]
[('RUSGOV', 'RUS', ('GOV',))]
>>> actors.agent("foreign ministers")
AgentCode(code='GOV', before=False)
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import ExtractionError

__all__ = ["ActorCode", "AgentCode", "PetrarchActor", "PetrarchActors", "normalise_name"]


def normalise_name(name: str) -> str:
    """How names are compared: lower case, words joined by one space, a leading "the " dropped,
    typographic apostrophes made ASCII.

    >>> normalise_name("  The   U.N.  Security_Council")
    'u.n. security council'
    """
    text = " ".join(name.replace("_", " ").replace("\u2019", "'").split()).lower()
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True, slots=True)
class ActorCode:
    """A CAMEO actor code that applies between two ISO dates (None: open)."""

    code: str  # "RUSGOV", "IGOUNOUNO", "PSEREBHMS"
    start: str | None
    end: str | None
    state: bool  # whether the first three letters are a state's ISO-3 code

    @property
    def country(self) -> str | None:
        """The state the actor acts for (ISO 3166-1 alpha-3), None for IGOs, NGOs, companies, regions."""
        return self.code[:3] if self.state else None

    @property
    def prefix(self) -> str:
        return self.code[:3]

    @property
    def roles(self) -> tuple[str, ...]:
        """The role codes after the first three letters: ``RUSGOVPRS`` -> ("GOV", "PRS")."""
        rest = self.code[3:]
        return tuple(rest[i : i + 3] for i in range(0, len(rest), 3))

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, date: str) -> bool:
        """Whether ISO ``date`` (YYYY-MM-DD) lies within the code's dates (inclusive)."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True)
class PetrarchActor:
    names: tuple[str, ...]  # normalised; the first is the primary name
    file: str  # countries | international | nonstate
    codes: tuple[ActorCode, ...]

    def codes_on(self, date: str | None = None) -> tuple[ActorCode, ...]:
        """The codes that apply on ISO ``date``: its dated codes covering the date, else its undated
        ones. Without a date: the undated codes, else the latest dated one."""
        if date:
            dated = tuple(c for c in self.codes if c.dated and c.covers(date[:10]))
            if dated:
                return dated
        undated = tuple(c for c in self.codes if not c.dated)
        if undated or date:
            return undated
        latest = max(self.codes, key=lambda c: (c.end or "9999", c.start or ""))
        return (latest,)

    def country_on(self, date: str | None = None) -> str | None:
        """The state it acts for on ``date`` (see :meth:`codes_on`), or None."""
        return next((c.country for c in self.codes_on(date) if c.country), None)


@dataclass(frozen=True, slots=True)
class AgentCode:
    """The sector code of a generic agent ("minister" -> GOV); ``before`` when it precedes the actor's
    code (``NGO~``: organisations) instead of following it (``~GOV``)."""

    code: str
    before: bool


def _data_path() -> Path:
    return Path(str(resources.files("newskg.builder") / "data" / "petrarch_actors.json.gz"))


class PetrarchActors:
    """The converted actor and agent dictionaries, indexed by normalised name."""

    def __init__(self, data: dict[str, Any], where: str = "petrarch_actors.json.gz") -> None:
        try:
            states = frozenset(data["states"])
            self.actors: tuple[PetrarchActor, ...] = tuple(
                PetrarchActor(
                    tuple(normalise_name(n) for n in entry["names"]),
                    entry["file"],
                    tuple(ActorCode(code, start, end, code[:3] in states) for code, start, end in entry["codes"]),
                )
                for entry in data["actors"]
            )
            self.agents: dict[str, AgentCode] = {
                normalise_name(name): AgentCode(code.strip("~"), code.endswith("~"))
                for name, code in data["agents"].items()
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise ExtractionError(f"malformed PETRARCH actor dictionary: {exc}", where=where) from exc
        index: dict[str, list[PetrarchActor]] = defaultdict(list)
        for actor in self.actors:
            for name in actor.names:
                index[name].append(actor)
        self._index = {name: tuple(found) for name, found in index.items()}

    @classmethod
    def load(cls, path: str | Path | None = None) -> PetrarchActors:
        """The shipped dictionaries (cached), or the file at ``path``. Raises
        :class:`ExtractionError` naming the file when it cannot be read."""
        return _load(str(path) if path is not None else str(_data_path()))

    def __len__(self) -> int:
        return len(self.actors)

    def lookup(self, name: str) -> tuple[PetrarchActor, ...]:
        """The actors a name (or alias) stands for, in dictionary order; empty when unknown."""
        return self._index.get(normalise_name(name), ())

    def agent(self, phrase: str) -> AgentCode | None:
        """The sector of a generic title or group noun ("foreign minister", "rebels")."""
        return self.agents.get(normalise_name(phrase))

    def country_of(self, name: str, date: str | None = None) -> str | None:
        """The state the first actor called ``name`` acts for on ``date`` (ISO-3), or None."""
        return next((c for actor in self.lookup(name) if (c := actor.country_on(date))), None)


@functools.lru_cache(maxsize=2)
def _load(path: str) -> PetrarchActors:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ExtractionError(f"cannot read the PETRARCH actor dictionary: {exc}", where=path) from exc
    return PetrarchActors(data, where=path)

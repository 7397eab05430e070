"""The state an actor acts for, read offline from PETRARCH's actor dictionaries (issue 18).

The gazetteer knows a few hundred actors with checked Wikidata ids; PETRARCH's Phoenix dictionaries
(:mod:`newskg.builder.dictionaries.petrarch_actors`, converted on main) know some 27,000 names of
ministers, parties, armed groups and international bodies with dated CAMEO codes (``RUSGOV`` from
2004: Russia's government). :class:`ActingFor` answers, for a person or organisation the gazetteer
does not know, which of the gazetteer's states it acts for on the document's date, so a speaker such
as "Jens Stoltenberg" or "Hezbollah" gets ``nk:country`` offline. No Wikidata id comes from here:
the dictionaries carry none, and a link needs a checked id.

A name counts only when every PETRARCH actor bearing it agrees on one state, its code names a role
(``GOV``, ``MIL``, ``REB``, ...: a bare ``RUS`` is the state itself), and, for a person, the name
has two words or more ("James" is nobody in particular). The dictionaries stop around 2015, so a
later office is not known ("Jens Stoltenberg", NATO's Secretary General from 2014, still acts for
Norway's government there): the state is recorded as evidence of allegiance, not as an office.

>>> acting = ActingFor.for_gazetteer(Gazetteer.default())
>>> acting.country("Sergei Lavrov", person=True, date="2015-06-01"), acting.country("Hezbollah", person=False)
('russia', 'lebanon')
>>> acting.country("James", person=True) is None
True
>>> acting.armed_group("al-Shabab"), acting.armed_group("al-Awlaki"), acting.armed_group("James")
(True, False, False)
"""

from __future__ import annotations

import difflib
import functools

from ..dictionaries.petrarch_actors import PetrarchActors, normalise_name
from .gazetteer import Gazetteer

__all__ = ["ActingFor"]


class ActingFor:
    """PETRARCH's names -> the gazetteer key of the state they act for."""

    def __init__(self, gazetteer: Gazetteer, actors: PetrarchActors) -> None:
        self.actors = actors
        self.states: dict[str, str] = {}  # ISO 3166-1 alpha-3 -> gazetteer state key
        for entry in gazetteer:
            if entry.kind != "State":
                continue
            codes = {c.code for name in (entry.label, *entry.aliases) for found in actors.lookup(name)
                     for c in found.codes if c.state and len(c.code) == 3}
            if len(codes) == 1:  # 194 of the gazetteer's 197 states (not Guinea-Bissau, Timor-Leste, Holy See)
                self.states.setdefault(codes.pop(), entry.key)

    @classmethod
    def for_gazetteer(cls, gazetteer: Gazetteer) -> ActingFor:
        """One per gazetteer (cached), over the shipped dictionaries."""
        return _acting_for(gazetteer)

    def country(self, name: str, *, person: bool, date: str | None = None) -> str | None:
        """The gazetteer key of the state ``name`` acts for on ISO ``date``, or None when PETRARCH
        does not know the name, its actors disagree, or it names a state itself."""
        if person and len(name.split()) < 2:
            return None
        found = self.actors.lookup(name)
        if not found:
            return None
        countries: set[str | None] = set()
        for actor in found:
            codes = actor.codes_on(date)
            if not codes or any(not c.roles for c in codes):
                return None  # undated now, or the state itself ("Russia" -> RUS)
            countries.update(c.country for c in codes)
        if len(countries) != 1:
            return None
        (iso,) = countries
        return self.states.get(iso) if iso else None

    def armed_group(self, name: str) -> bool:
        """Whether ``name`` is one word that only PETRARCH's non-state file knows, as an armed group
        or movement ("al-Shabab", "Hezbollah", "Taliban"): spaCy's NER often calls such a name a
        person, and a one-word name is no person's full name. The name must be the group's own, or
        a spelling of it ("Hizbullah"): the file also lists a group's leaders under it ("al-Awlaki"
        under al-Qaeda in the Arabian Peninsula)."""
        if len(name.split()) != 1:
            return False
        key = normalise_name(name)
        found = self.actors.lookup(name)
        return bool(found) and all(
            actor.file == "nonstate" and difflib.SequenceMatcher(None, key, actor.names[0]).ratio() >= 0.7
            for actor in found
        )


@functools.lru_cache(maxsize=4)
def _acting_for(gazetteer: Gazetteer) -> ActingFor:
    return ActingFor(gazetteer, PetrarchActors.load())

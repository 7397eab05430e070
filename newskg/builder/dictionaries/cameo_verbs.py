"""CAMEO's verb dictionary (PETRARCH2, MIT) as newskg ships it: verbs and patterns -> CAMEO codes ->
newskg classes.

``newskg/builder/data/cameo_verbs.json`` is converted from PETRARCH2's ``CAMEO.2.0.txt`` by
``tools/convert_cameo_verbs.py`` (the notice is in ``PETRARCH2_LICENSE.txt`` beside it). It holds
1,779 verbs (with their inflections) in 397 blocks of synonyms; each block codes its isolated verbs
with one CAMEO code (or none: "rejected" alone is no event to PETRARCH) and carries patterns, read
on the verb's dependents, that code particular phrasings ("rejected the proposal", "called for a
ceasefire").

:meth:`CameoVerbs.match` codes a verb token of a parsed Doc: the lemma (multi-word verbs such as
"rule out" through their particle), then the block's pattern with the most elements that all match,
else the verb's own code. :func:`cameo_classes` maps CAMEO codes to newskg classes through the
ontology's ``skos:exactMatch``/``skos:closeMatch`` (a code without a mapping of its own takes its
parent code's: 0234 -> 023 -> 02).

>>> verbs = CameoVerbs.load()
>>> verbs.verb("accuse").code
'112'
>>> verbs.lemma_of("ruled out")
'rule out'
>>> class_of_code("112"), class_of_code("0234"), class_of_code("190")
('Accusation', 'Appeal', None)
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF, SKOS

from ...errors import ExtractionError, OntologyError
from ...ontology.terms import NAMESPACE

__all__ = [
    "CameoMatch",
    "CameoVerb",
    "CameoVerbs",
    "PatternElement",
    "VerbPattern",
    "cameo_classes",
    "class_of_code",
]

NK = NAMESPACE
CAMEO = Namespace("https://w3id.org/newskg/cameo/")

#: Dependents of a verb read as the phrases after it (its objects and complements) and before it.
_AFTER_DEPS = frozenset({"dobj", "attr", "oprd", "dative", "xcomp", "ccomp", "acomp", "advmod", "npadvmod", "prt"})
_BEFORE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


@dataclass(frozen=True, slots=True)
class PatternElement:
    """One element of a pattern: a noun (``words``, head last), a synonym set (``words`` = its label),
    a prepositional phrase (``words`` = the preposition, ``objects`` what it governs) or a role marker
    (``words`` = source, target, both or skip; it matches anything)."""

    kind: str  # noun | synset | prep | role
    words: tuple[str, ...]
    objects: tuple[PatternElement, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PatternElement:
        if "noun" in data:
            return cls("noun", tuple(data["noun"]))
        if "synset" in data:
            return cls("synset", (data["synset"],))
        if "prep" in data:
            return cls("prep", (data["prep"],), tuple(cls.from_json(o) for o in data.get("objects", ())))
        return cls("role", (data.get("role", "skip"),))


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """A phrasing of the verbs of a block and its CAMEO code (None: no event)."""

    before: tuple[PatternElement, ...]
    after: tuple[PatternElement, ...]
    code: str | None
    reverse: str | None  # the code for the other direction ("visit" 042 / "host" 043)
    line: int  # where it is in CAMEO.2.0.txt

    @property
    def size(self) -> int:
        return sum(1 for e in self.before + self.after if e.kind != "role")


@dataclass(frozen=True, slots=True)
class CameoVerb:
    lemma: str  # "accuse", "rule out"
    block: str  # the synonym block: "BLAME"
    code: str | None  # the code of the verb alone
    reverse: str | None
    forms: tuple[str, ...]
    verb_word: int  # which word of a multi-word verb is the verb ("re arrest": 1)


@dataclass(frozen=True, slots=True)
class CameoMatch:
    """What a verb in a sentence codes as: its lemma, the code and the pattern that gave it (None when
    the verb's own code did)."""

    lemma: str
    code: str | None
    reverse: str | None
    pattern: VerbPattern | None

    @property
    def newskg_class(self) -> str | None:
        return class_of_code(self.code) if self.code else None


def _data_path() -> Path:
    return Path(str(resources.files("newskg.builder") / "data" / "cameo_verbs.json"))


class CameoVerbs:
    """The converted dictionary: verbs, their forms, the blocks' patterns and the synonym sets."""

    def __init__(self, data: dict[str, Any], where: str = "cameo_verbs.json") -> None:
        try:
            self.synsets: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data["synsets"].items()}
            self.verbs: dict[str, CameoVerb] = {
                lemma: CameoVerb(lemma, v["block"], v["code"], v.get("reverse"), tuple(v["forms"]), v["verb_word"])
                for lemma, v in data["verbs"].items()
            }
            self.blocks: dict[str, tuple[VerbPattern, ...]] = {
                name: tuple(
                    VerbPattern(
                        tuple(PatternElement.from_json(e) for e in p["before"]),
                        tuple(PatternElement.from_json(e) for e in p["after"]),
                        p["code"],
                        p.get("reverse"),
                        p.get("line", 0),
                    )
                    for p in block["patterns"]
                )
                for name, block in data["blocks"].items()
            }
        except (KeyError, TypeError) as exc:
            raise ExtractionError(f"malformed CAMEO verb dictionary: {exc}", where=where) from exc
        self._forms: dict[str, str] = {}
        self._multiword: dict[str, list[str]] = defaultdict(list)  # verb word -> multi-word lemmas
        for verb in self.verbs.values():
            for form in verb.forms:
                self._forms.setdefault(form, verb.lemma)
            if " " in verb.lemma:
                self._multiword[verb.lemma.split()[verb.verb_word]].append(verb.lemma)

    @classmethod
    def load(cls, path: str | Path | None = None) -> CameoVerbs:
        """The shipped dictionary (cached), or the one at ``path``. Raises :class:`ExtractionError`
        naming the file when it cannot be read."""
        return _load(str(path) if path is not None else str(_data_path()))

    def verb(self, lemma: str) -> CameoVerb | None:
        return self.verbs.get(lemma.lower())

    def lemma_of(self, form: str) -> str | None:
        """The lemma a written form belongs to ("accused" -> "accuse", "ruled out" -> "rule out")."""
        form = " ".join(form.lower().split())
        return self._forms.get(form) or (form if form in self.verbs else None)

    def patterns(self, lemma: str) -> tuple[VerbPattern, ...]:
        """The patterns that code ``lemma`` in context (its block's)."""
        verb = self.verb(lemma)
        return self.blocks.get(verb.block, ()) if verb else ()

    def match(self, token: Any) -> CameoMatch | None:
        """Codes the verb ``token`` (a spaCy Token of a parsed Doc); None when the dictionary does not
        know the verb."""
        lemma = self._token_lemma(token)
        if lemma is None:
            return None
        verb = self.verbs[lemma]
        before = [c for c in token.children if c.dep_ in _BEFORE_DEPS]
        after = [c for c in token.children if c.dep_ in _AFTER_DEPS]
        preps = [c for c in token.children if c.dep_ in {"prep", "agent"}]
        for obj in after:  # "called for a withdrawal of troops": the object's own prepositions count too
            preps.extend(c for c in obj.children if c.dep_ == "prep")
        best: VerbPattern | None = None
        for pattern in self.blocks.get(verb.block, ()):
            if pattern.size == 0 or (best is not None and pattern.size <= best.size):
                continue
            if self._fits(pattern.before, before, preps) and self._fits(pattern.after, after, preps):
                best = pattern
        if best is not None:
            return CameoMatch(lemma, best.code, best.reverse, best)
        return CameoMatch(lemma, verb.code, verb.reverse, None)

    def _token_lemma(self, token: Any) -> str | None:
        words = {token.lemma_.lower(), token.lower_}
        for word in words:
            for candidate in self._multiword.get(word, ()):
                parts = candidate.split()
                verb_word = self.verbs[candidate].verb_word
                rest_after = parts[verb_word + 1 :]
                rest_before = parts[:verb_word]
                following = [t.lower_ for t in token.doc[token.i + 1 : token.i + 1 + len(rest_after)]]
                particles = [c.lower_ for c in token.children if c.dep_ in {"prt", "prep"}]
                preceding = [t.lower_ for t in token.doc[max(0, token.i - len(rest_before)) : token.i]]
                after_ok = not rest_after or following == rest_after or rest_after == particles[: len(rest_after)]
                if after_ok and preceding == rest_before:
                    return candidate
        for word in (token.lemma_.lower(), token.lower_):
            if word in self.verbs:
                return word
            lemma = self._forms.get(word)
            if lemma is not None and " " not in lemma:
                return lemma
        return None

    def _words_match(self, words: Sequence[str], phrase: Any) -> bool:
        """A noun element matches a phrase whose head is its last word and whose words include the rest
        (each word may also be a synonym set)."""
        subtree = list(phrase.subtree)
        forms = [{t.lower_, t.lemma_.lower()} for t in subtree]
        head = {phrase.lower_, phrase.lemma_.lower()}
        *modifiers, last = words
        if not self._word_in(last, head):
            return False
        return all(any(self._word_in(w, f) for f in forms) for w in modifiers)

    def _word_in(self, word: str, forms: set[str]) -> bool:
        if word.startswith("&"):
            return any(f in self.synsets.get(word, ()) for f in forms)
        return word in forms or (word.endswith("s") and word[:-1] in forms)

    def _element_matches(self, element: PatternElement, phrases: Iterable[Any]) -> bool:
        if element.kind == "role":
            return True
        for phrase in phrases:
            if element.kind == "noun" and self._words_match(element.words, phrase):
                return True
            if element.kind == "synset":
                text = " ".join(t.lower_ for t in phrase.subtree)
                lemma = phrase.lemma_.lower()
                members = self.synsets.get(element.words[0], frozenset())
                if lemma in members or phrase.lower_ in members or any(m in text for m in members if " " in m):
                    return True
        return False

    def _fits(self, elements: Sequence[PatternElement], phrases: Sequence[Any], preps: Sequence[Any]) -> bool:
        for element in elements:
            if element.kind == "prep":
                matching = [p for p in preps if p.lower_ == element.words[0]]
                if not matching:
                    return False
                if element.objects and not any(
                    all(self._element_matches(o, [c for c in p.children if c.dep_ == "pobj"]) for o in element.objects)
                    for p in matching
                ):
                    return False
            elif not self._element_matches(element, phrases):
                return False
        return True

    def coverage(self) -> dict[str, Any]:
        """How many verbs and patterns code to each newskg class (None: a CAMEO code without one, such
        as material acts; "no event": the dictionary's own null code)."""
        verbs: Counter[str] = Counter()
        patterns: Counter[str] = Counter()
        for verb in self.verbs.values():
            verbs[_label(verb.code)] += 1
        for block in self.blocks.values():
            for pattern in block:
                patterns[_label(pattern.code)] += 1
        return {"verbs": dict(verbs.most_common()), "patterns": dict(patterns.most_common())}


def _label(code: str | None) -> str:
    if code is None:
        return "no event"
    return class_of_code(code) or f"no class (CAMEO {code[:2]})"


@functools.lru_cache(maxsize=4)
def _load(path: str) -> CameoVerbs:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExtractionError(f"cannot read the CAMEO verb dictionary: {exc}", where=path) from exc
    return CameoVerbs(data, where=path)


def _ontology_path() -> Path:
    return Path(str(resources.files("newskg.ontology") / "newskg.ttl"))


@functools.lru_cache(maxsize=4)
def cameo_classes(ontology: str | None = None) -> dict[str, tuple[str, ...]]:
    """CAMEO code -> the newskg classes the ontology maps to it, exact matches before close ones
    (``"112" -> ("Accusation",)``, ``"040" -> ("Consultation", "Meeting")``). Raises
    :class:`OntologyError` naming the file when it cannot be read."""
    path = ontology or str(_ontology_path())
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types for a bad file
        raise OntologyError(f"cannot read the ontology: {exc}", where=path) from exc
    exact: dict[str, set[str]] = defaultdict(set)
    close: dict[str, set[str]] = defaultdict(set)
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(NK):
            continue
        name = str(cls)[len(NK) :]
        for table, predicate in ((exact, SKOS.exactMatch), (close, SKOS.closeMatch)):
            for concept in graph.objects(cls, predicate):
                if str(concept).startswith(str(CAMEO)):
                    notation = graph.value(concept, SKOS.notation)
                    table[str(notation) if notation is not None else str(concept)[len(str(CAMEO)) :]].add(name)
    return {
        code: tuple(sorted(exact.get(code, ()))) + tuple(sorted(close.get(code, set()) - exact.get(code, set())))
        for code in set(exact) | set(close)
    }


@functools.lru_cache(maxsize=1024)
def class_of_code(code: str, ontology: str | None = None) -> str | None:
    """The newskg class a CAMEO code stands for: the first class mapped to the code itself, else to
    its parent codes (4 -> 3 -> 2 digits); None when no level maps (06-09, 14-20: material acts).

    >>> class_of_code("0256"), class_of_code("111"), class_of_code("046")
    ('Appeal', 'Criticism', 'Negotiation')
    """
    table = cameo_classes(ontology)
    for level in dict.fromkeys((code, code[:3], code[:2])):
        if level in table and table[level]:
            return table[level][0]
    return None

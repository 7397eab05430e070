"""Seed and PLOVER figures, computed exactly as the project's referee computes them.

The referee (``shared/tools/score.py``, outside the project) judges newskg; these functions compute
the same figures from the same RDF contract so that ``newskg eval`` can be run anywhere and agrees
with it to the digit (a test compares both on the same graph). What they add is the list of misses
in a form a developer can act on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .graph import Participant, SystemAct, local_name, norm

__all__ = ["Score", "PLOVER_OF", "UNTARGETED", "score_seed", "score_plover", "f1"]

#: newskg class -> PLOVER 0.5b1 event type (the classes PLOVER has a category for).
PLOVER_OF = {
    "Agreement": "AGREE",
    "Consultation": "CONSULT",
    "PhoneCall": "CONSULT",
    "Meeting": "CONSULT",
    "Mediation": "CONSULT",
    "Negotiation": "CONSULT",
    "Endorsement": "SUPPORT",
    "Appeal": "DEMAND",
    "Demand": "DEMAND",
    "Criticism": "DISAPPROVE",
    "Accusation": "DISAPPROVE",
    "Rejection": "REJECT",
    "Denial": "REJECT",
    "Threat": "THREATEN",
}

#: Classes whose acts need no target to count as right.
UNTARGETED = frozenset({"Statement", "ExpressionOfConcern", "Briefing"})


@dataclass(slots=True)
class Score:
    """The figures of one measurement, its one-line summary and the misses behind it."""

    format: str
    figures: dict[str, Any]
    summary: str
    misses: list[str] = field(default_factory=list)
    #: documents the build skipped (they have no acts, so they score as missed), one line each
    skipped: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """The figures as the referee prints them (one JSON object, one-space indent)."""
        return json.dumps(self.figures, indent=1)


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def _contains(outer: tuple[int, int] | None, inner: tuple[int, int] | None) -> bool:
    return bool(outer and inner and outer[0] <= inner[0] and inner[1] <= outer[1])


def fits(system: tuple[int, int], gold: tuple[int, int]) -> bool:
    """A participant mention fits a gold span when it overlaps it and is not much longer (at most twice
    its length plus 15 characters): a mention that swallows the clause does not find the actor.

    >>> fits((0, 6), (0, 6)), fits((0, 80), (0, 6))
    (True, False)
    """
    return _overlap(system, gold) and (system[1] - system[0]) <= 2 * (gold[1] - gold[0]) + 15


def f1(tp: int, fp: int, fn: int) -> float:
    """Harmonic mean of precision and recall; 0.0 when either is undefined or zero.

    >>> round(f1(2, 1, 1), 3)
    0.667
    """
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return (2 * precision * recall / (precision + recall)) if precision + recall else 0.0


def _matches_alt(person: Participant, alternatives: Iterable[str]) -> bool:
    alts = {norm(a) for a in alternatives}
    return bool(person.names & alts or person.texts & alts)


def _role_ok(people: Sequence[Participant], gold_participants: Sequence[Sequence[str]]) -> bool:
    """True when the participants cover at least one gold participant and none is foreign to them."""
    if not gold_participants:
        return not people
    if not people:
        return False
    covered = [any(_matches_alt(p, alt) for p in people) for alt in gold_participants]
    foreign = [p for p in people if not any(_matches_alt(p, alt) for alt in gold_participants)]
    return any(covered) and not foreign


def _describe(people: Sequence[Participant]) -> str:
    """``[label "mention", ...]`` for a miss line."""
    shown = []
    for p in people:
        labels = sorted(n for n in p.names if not (n[:1] == "q" and n[1:].isdigit()))
        name = labels[0] if labels else local_name(p.iri) if p.iri is not None else "?"
        texts = "/".join(sorted(p.texts))
        shown.append(f'{name} "{texts}"' if texts and texts != name else name)
    return "[" + ", ".join(shown) + "]"


def score_seed(acts: Sequence[SystemAct], gold: dict[str, Any]) -> Score:
    """Scores the acts of the seed article against its hand annotation.

    A system act aligns with a gold act when its cue overlaps the gold cue, or else when its type is
    accepted and its evidence sentence contains the gold cue. It counts when its type is accepted, its
    speakers cover a gold participant and none outside them, and (for targeted types) so do its targets.
    """
    system = sorted((a for a in acts if a.cue), key=lambda a: a.cue)  # type: ignore[arg-type, return-value]
    used: set[int] = set()
    typed = speaker = full = 0
    misses: list[str] = []
    details: list[str] = []
    for ga in gold["speech_acts"]:
        gspan, gtypes = tuple(ga["span"]), set(ga["types"])
        a = _aligned(system, used, gspan, gtypes)
        if a is None:
            misses.append(f"{ga['cue']}@{gspan[0]}: no act")
            details.append(f"{ga['cue']}@{gspan[0]}: no act (gold {sorted(gtypes)})")
            continue
        used.add(id(a))
        t_ok = bool(a.types & gtypes)
        s_ok = _role_ok(a.speaker, ga["speaker"]) or bool(
            ga.get("mutual") and _role_ok(a.speaker + a.addressee, ga["speaker"])
        )
        needs_target = ga.get("target") and not (a.types <= UNTARGETED)
        tg_ok = _role_ok(a.target, ga["target"]) if needs_target else True
        typed += t_ok
        speaker += t_ok and s_ok
        full += t_ok and s_ok and tg_ok
        if not (t_ok and s_ok and tg_ok):
            where = f"{ga['cue']}@{gspan[0]}"
            misses.append(f"{where}: type {sorted(a.types)} ok={t_ok} speaker ok={s_ok} target ok={tg_ok}")
            details.append(
                f"{ga['cue']}@{gspan[0]}: got {sorted(a.types)} (gold {sorted(gtypes)}), "
                f"speaker {_describe(a.speaker)}{'' if s_ok else ' WRONG'}, "
                f"target {_describe(a.target)}{'' if tg_ok else ' WRONG'}"
            )
    n = len(gold["speech_acts"])
    precision = len(used) / len(system) if system else 0.0
    unaligned = [f"{a.cue_text}@{a.cue[0]} {sorted(a.types)}" for a in system if id(a) not in used]  # type: ignore[index]
    figures = {
        "gold": n,
        "system_acts": len(system),
        "aligned": len(used),
        "typed": typed,
        "typed_speaker": speaker,
        "typed_speaker_target": full,
        "precision": round(precision, 3),
        "misses": misses,
        "unaligned_system_acts": unaligned,
    }
    summary = f"seed: type+speaker {speaker}/{n}, +target {full}/{n}, precision {precision:.2f}"
    return Score("seed", figures, summary, details + [f"spurious: {u}" for u in unaligned])


def _aligned(
    system: Sequence[SystemAct], used: set[int], gspan: tuple[int, int], gtypes: set[str]
) -> SystemAct | None:
    """The unused system act a gold act aligns with: its cue overlaps the gold cue, or else its type
    is accepted and its evidence sentence contains the gold cue; the best such, None when none."""
    cands = [a for a in system if id(a) not in used and _overlap(a.cue, gspan)]
    if not cands:
        cands = [
            a
            for a in system
            if id(a) not in used and a.types & gtypes and any(_contains(e, gspan) for e in a.evidence)
        ]
    cands.sort(key=lambda a: (not (a.types & gtypes), -a.confidence, a.cue))
    return cands[0] if cands else None


def _actor_hit(people: Sequence[Participant], gold_actors: Sequence[dict[str, Any]]) -> int:
    """Gold actors found by the participants, one to one: a participant finds a gold actor when one of
    its mentions fits the gold span, or its mention text or name equals the gold text."""
    used: set[int] = set()
    hits = 0
    for ga in gold_actors:
        gs = (ga["char_start"], ga["char_end"]) if ga.get("char_start") is not None else None
        gt = norm(ga["text"] or "")
        for i, p in enumerate(people):
            if i in used:
                continue
            if (gs and any(fits(s, gs) for s in p.spans)) or gt in p.texts or gt in p.names:
                used.add(i)
                hits += 1
                break
    return hits


def _plover_types(act: SystemAct) -> list[str]:
    return sorted(PLOVER_OF[t] for t in act.types if t in PLOVER_OF)


def score_plover(acts: Sequence[SystemAct], records: Sequence[dict[str, Any]]) -> Score:
    """Scores acts built from PLOVER gold records (document id = the record's ``seq``).

    On speech or diplomatic records: the share whose top act (highest confidence, then earliest cue)
    has the gold category, the share with any act of it, and source and target F1 over gold actors. On
    the other records: the share where any act with a PLOVER category was found (false alarms).
    """
    by_doc: dict[str | None, list[SystemAct]] = defaultdict(list)
    for a in acts:
        by_doc[a.doc].append(a)
    tally = _PloverTally()
    for r in records:
        docid = str(r["seq"])
        system = sorted(by_doc.get(docid, []), key=lambda a: a.cue)  # type: ignore[arg-type, return-value]
        if r["is_speech_or_diplomatic_act"]:
            tally.speech_record(docid, r, system)
        else:
            tally.nonspeech_record(docid, system)
    return tally.score()


@dataclass
class _PloverTally:
    """The counts :func:`score_plover` keeps over the records."""

    n: int = 0
    cat_any: int = 0
    cat_top: int = 0
    s_tp: int = 0
    s_fp: int = 0
    s_fn: int = 0
    t_tp: int = 0
    t_fp: int = 0
    t_fn: int = 0
    false_alarm: int = 0
    nonspeech: int = 0
    misses: list[str] = field(default_factory=list)

    def nonspeech_record(self, docid: str, system: list[SystemAct]) -> None:
        self.nonspeech += 1
        alarms = [a for a in system if any(PLOVER_OF.get(t) for t in a.types)]
        self.false_alarm += bool(alarms)
        if alarms:
            self.misses.append(
                f"seq {docid} (no speech act): false alarm "
                + ", ".join(f"{a.cue_text}@{(a.cue or (0,))[0]} {sorted(a.types)}" for a in alarms)
            )

    def speech_record(self, docid: str, r: dict[str, Any], system: list[SystemAct]) -> None:
        self.n += 1
        cat = r["plover_event"]
        mapped = [a for a in system if any(PLOVER_OF.get(t) == cat for t in a.types)]
        ranked = sorted(
            [a for a in system if any(PLOVER_OF.get(t) for t in a.types)],
            key=lambda a: (-a.confidence, a.cue),
        )
        top_ok = bool(ranked) and any(PLOVER_OF.get(t) == cat for t in ranked[0].types)
        self.cat_any += bool(mapped)
        self.cat_top += top_ok
        act = mapped[0] if mapped else (ranked[0] if ranked else None)
        src, tgt = r["source"], r["target"]
        if r.get("reciprocal"):
            src = tgt = src or tgt
        speakers = act.speaker if act else []
        targets = (act.target + act.addressee) if act else []
        hs = _actor_hit(speakers, src)
        self.s_tp += hs
        self.s_fn += len(src) - hs
        self.s_fp += max(0, len(speakers) - hs)
        ht = _actor_hit(targets, tgt)
        self.t_tp += ht
        self.t_fn += len(tgt) - ht
        self.t_fp += max(0, len(targets) - ht)
        problems = []
        if not top_ok:
            top = f"{ranked[0].cue_text} {_plover_types(ranked[0])}" if ranked else "no act"
            problems.append(f"category {cat}: top {top}")
        if hs < len(src) or len(speakers) > hs:
            problems.append(f"source {[g['text'] for g in src]} got {_describe(speakers)}")
        if ht < len(tgt) or len(targets) > ht:
            problems.append(f"target {[g['text'] for g in tgt]} got {_describe(targets)}")
        if problems:
            self.misses.append(f"seq {docid}: " + "; ".join(problems))

    def score(self) -> Score:
        n, nonspeech = self.n, self.nonspeech
        figures = {
            "speech_records": n,
            "category_any": round(self.cat_any / n, 3) if n else 0.0,
            "category_top": round(self.cat_top / n, 3) if n else 0.0,
            "source_f1": round(f1(self.s_tp, self.s_fp, self.s_fn), 3),
            "target_f1": round(f1(self.t_tp, self.t_fp, self.t_fn), 3),
            "nonspeech_records": nonspeech,
            "false_alarm_rate": round(self.false_alarm / nonspeech, 3) if nonspeech else None,
        }
        summary = (
            f"plover: category top {figures['category_top']:.2f} any {figures['category_any']:.2f}, "
            f"source F1 {figures['source_f1']:.2f}, target F1 {figures['target_f1']:.2f}, "
            f"false alarms {figures['false_alarm_rate']}"
        )
        return Score("plover", figures, summary, self.misses)

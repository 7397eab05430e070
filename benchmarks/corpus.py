"""A deterministic generator of full-length news articles about diplomacy and war, for benchmarks.

Every article (600-900 words) is composed from paragraph templates and actor lists written for
newskg: accusations, denials, appeals, phone calls, mediation offers, quotes, background and
humanitarian paragraphs, the vocabulary the builder's components look for. States and
international organisations are real; the people, places and conflicts are invented, so no
sentence attributes a real statement to a real person. The same seed gives the same corpus.

    python benchmarks/corpus.py --articles 50 --out /tmp/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Article", "generate", "write_jsonl", "write_text_files"]


@dataclass(frozen=True)
class _State:
    name: str
    capital: str
    demonym: str
    president: str
    minister: str  # foreign minister


STATES = [
    _State("Armenia", "Yerevan", "Armenian", "Aram Vartanian", "Lilit Hakobyan"),
    _State("Azerbaijan", "Baku", "Azerbaijani", "Farid Mammadli", "Rauf Aliyev-Sadikh"),
    _State("Turkey", "Ankara", "Turkish", "Kemal Ozdemir", "Selim Yavuzer"),
    _State("Russia", "Moscow", "Russian", "Dmitri Orlovsky", "Pavel Grekhov"),
    _State("Ukraine", "Kyiv", "Ukrainian", "Taras Melnychuk", "Oksana Bilenko"),
    _State("France", "Paris", "French", "Claire Dumontel", "Henri Lacasse"),
    _State("Germany", "Berlin", "German", "Jonas Weidemann", "Katrin Adler"),
    _State("Iran", "Tehran", "Iranian", "Hossein Karimabadi", "Dariush Nazeri"),
    _State("Israel", "Jerusalem", "Israeli", "Eitan Barzel", "Noa Shaked"),
    _State("Egypt", "Cairo", "Egyptian", "Tarek el-Masry", "Amr Fawzy"),
    _State("Qatar", "Doha", "Qatari", "Khalid bin Saif", "Nasser al-Kuwari"),
    _State("Serbia", "Belgrade", "Serbian", "Dragan Ilic", "Milica Stanojevic"),
    _State("China", "Beijing", "Chinese", "Li Wenhao", "Zhang Ruolan"),
    _State("India", "New Delhi", "Indian", "Arvind Mehra", "Sunita Rao"),
    _State("Pakistan", "Islamabad", "Pakistani", "Imtiaz Qureshi", "Faisal Durrani"),
    _State("Ethiopia", "Addis Ababa", "Ethiopian", "Dawit Alemu", "Hirut Bekele"),
    _State("Sudan", "Khartoum", "Sudanese", "Osman Babiker", "Hamid el-Tayeb"),
    _State("Kenya", "Nairobi", "Kenyan", "Joseph Kamau", "Grace Wanjiru"),
    _State("Brazil", "Brasilia", "Brazilian", "Rafael Moreira", "Lucia Andrade"),
    _State("Venezuela", "Caracas", "Venezuelan", "Ernesto Salcedo", "Marisol Ugarte"),
    _State("Colombia", "Bogota", "Colombian", "Andres Villamil", "Paula Restrepo"),
    _State("Japan", "Tokyo", "Japanese", "Hiroshi Tanabe", "Yuko Morishita"),
    _State("South Korea", "Seoul", "South Korean", "Park Jae-hoon", "Kim Seo-yeon"),
    _State("Poland", "Warsaw", "Polish", "Tomasz Wrobel", "Agnieszka Nowicka"),
    _State("Saudi Arabia", "Riyadh", "Saudi", "Faisal bin Turki", "Adel al-Harbi"),
    _State("the United States", "Washington", "American", "Robert Hallam", "Diane Whitcombe"),
    _State("the United Kingdom", "London", "British", "Edward Pryce", "Helen Ashworth"),
]

ORGANISATIONS = [
    ("the United Nations", "UN Secretary-General", "Maria Okonkwo"),
    ("the European Union", "EU foreign policy chief", "Lars Holmqvist"),
    ("the African Union", "African Union Commission chairperson", "Amadou Diallo"),
    ("NATO", "NATO Secretary General", "Gunnar Eriksen"),
    ("the OSCE", "OSCE chairperson", "Petra Novakova"),
    ("the International Committee of the Red Cross", "ICRC president", "Beatrice Morel"),
]

REGIONS = ["Verkhana", "the Tolvar valley", "Northern Sarat", "the Ostrel corridor", "Kessa province",
           "the Dunavi highlands", "Lake Merin", "the Barsk plateau"]
TOWNS = ["Ardenak", "Polesk", "Vashti", "Kerem", "Sulinovo", "Tamrat", "Irkova", "Belgash", "Ostrog", "Nivashen"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["the state news agency", "a government spokesperson", "the foreign ministry", "officials",
           "diplomats familiar with the talks", "the presidency"]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class Article:
    """One generated article: ``id``, ``title``, ``text``, ``published`` (ISO date)."""

    id: str
    title: str
    text: str
    published: str

    def as_record(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "text": self.text, "published": self.published,
                "source": "newskg-benchmark"}


class _Composer:
    """Writes one article about a conflict between ``a`` and ``b``, with a mediator ``m``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.a, self.b, self.m = rng.sample(STATES, 3)
        self.org = rng.choice(ORGANISATIONS)
        self.region = rng.choice(REGIONS)
        self.towns = rng.sample(TOWNS, 4)
        self.day = rng.choice(WEEKDAYS)

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def day_phrase(self) -> str:
        return self.pick(f"on {self.rng.choice(WEEKDAYS)}", "earlier this week", "late on Sunday", "on Tuesday")

    def lead(self) -> str:
        a, b, r = self.a, self.b, self.region
        return self.pick(
            f"{_cap(a.name)} accused {b.name} {self.day_phrase()} of shelling civilian areas in {r}, as fighting over "
            f"the disputed territory entered its third week and international efforts to broker a ceasefire "
            f"stalled. The {a.demonym} foreign ministry said at least {self.rng.randint(4, 40)} civilians had been "
            f"killed in {self.towns[0]} and {self.towns[1]} since the weekend.",
            f"{a.demonym} President {a.president} spoke by phone with his {self.m.demonym} counterpart "
            f"{self.m.president} {self.day_phrase()} about the escalating conflict in {r}, the presidency in "
            f"{a.capital} said, as {self.m.name} offered to host talks between the warring sides.",
            f"Foreign ministers of {a.name} and {b.name} will meet in {self.m.capital} for talks mediated by "
            f"{self.m.name}, officials said {self.day_phrase()}, the first direct contact between the two "
            f"governments since fighting broke out in {r} last month.",
        )

    def accusation(self) -> str:
        a, b = self.rng.sample([self.a, self.b], 2)
        return self.pick(
            f"{a.capital} accused {b.capital} of violating the humanitarian truce agreed last week and of "
            f"moving heavy artillery towards {self.towns[2]}. \"The other side has shown once again that its "
            f"signature is worthless,\" {a.demonym} Foreign Minister {a.minister} told reporters.",
            f"The {a.demonym} defence ministry said {b.demonym} forces had targeted a water station near "
            f"{self.towns[1]} with rockets, leaving tens of thousands of people without drinking water. It "
            f"accused {b.name} of deliberately attacking civilian infrastructure.",
            f"{a.demonym} officials accused {b.name} of recruiting foreign fighters and of supplying weapons "
            f"to militias operating in {self.region}, charges that independent observers have not been able to "
            f"verify.",
            f"In a statement, the {a.demonym} foreign ministry criticised {b.name} for blocking aid convoys "
            f"and said {b.capital} bore full responsibility for the humanitarian situation in {self.towns[3]}.",
        )

    def denial(self) -> str:
        a, b = self.rng.sample([self.a, self.b], 2)
        return self.pick(
            f"{_cap(a.name)} denied the accusation. A spokesperson for the {a.demonym} foreign ministry said the "
            f"claims were \"a fabrication designed to distract attention\" from {b.demonym} attacks on "
            f"villages along the front line.",
            f"{a.capital} rejected the allegations and said its forces were only responding to provocations. "
            f"\"We have never targeted civilians and we never will,\" {a.demonym} President {a.president} said in "
            f"a televised address.",
            f"The {a.demonym} government dismissed the report as propaganda and denied that its troops had "
            f"crossed the line of contact near {self.towns[0]}.",
        )

    def appeal(self) -> str:
        org, title, person = self.org
        return self.pick(
            f"{title} {person} called on both sides to stop the fighting immediately and to return to the "
            f"negotiating table, warning that the conflict risked drawing in neighbouring states.",
            f"{_cap(org)} urged {self.a.name} and {self.b.name} to respect international "
            f"humanitarian law and to allow aid agencies unhindered access to the wounded in {self.region}.",
            f"{self.m.demonym} Foreign Minister {self.m.minister} appealed for restraint and said {self.m.capital} "
            f"was ready to act as a mediator if both governments asked it to.",
            f"{title} {person} expressed deep concern over reports of civilian casualties and demanded an "
            f"independent investigation into the attack on {self.towns[1]}.",
        )

    def consultation(self) -> str:
        a, b, m = self.a, self.b, self.m
        return self.pick(
            f"{m.demonym} President {m.president} held separate phone calls with {a.president} and "
            f"{b.president} {self.day_phrase()}, according to a readout from {m.capital}. The two sides agreed "
            f"to keep channels of communication open, the statement said.",
            f"{a.minister} met {m.minister} in {m.capital} to discuss a possible exchange of prisoners and the "
            f"return of the bodies of soldiers killed in the fighting.",
            f"Diplomats said negotiations between {a.name} and {b.name} on a ceasefire monitoring mission had "
            f"made little progress, although both delegations agreed to meet again next week.",
            f"{self.org[2]} met {b.demonym} Foreign Minister {b.minister} {self.day_phrase()} and discussed the "
            f"humanitarian situation in {self.region}, her office said.",
        )

    def endorsement(self) -> str:
        s = self.rng.choice([s for s in STATES if s not in (self.a, self.b, self.m)])
        return self.pick(
            f"{_cap(s.name)} welcomed the {self.m.demonym} initiative and said it supported any effort that could "
            f"bring the warring parties to the table.",
            f"{s.demonym} President {s.president} endorsed the call for a ceasefire and offered humanitarian "
            f"assistance to people displaced by the fighting.",
            f"{_cap(s.name)} threatened to impose sanctions on any party that obstructed the delivery of aid, "
            f"{s.demonym} officials said.",
        )

    def quote(self) -> str:
        s = self.rng.choice([self.a, self.b, self.m])
        return self.pick(
            f"\"There can be no military solution to this conflict,\" {s.minister} said at a news conference "
            f"in {s.capital}. \"Every day of fighting makes a political settlement harder to reach.\"",
            f"\"We are ready for talks, but we will not negotiate under fire,\" {s.president} told "
            f"{self.pick(*OUTLETS)}.",
            f"\"Our patience is not unlimited,\" {s.demonym} Foreign Minister {s.minister} said, adding that "
            f"{s.capital} reserved the right to respond to any further attacks.",
        )

    def background(self) -> str:
        a, b = self.a, self.b
        return self.pick(
            f"The dispute over {self.region} dates back decades. A ceasefire brokered in the 1990s left the "
            f"region under the control of local authorities backed by {a.name}, while {b.name} has insisted "
            f"that the territory is part of its sovereign land. Several rounds of talks under international "
            f"auspices failed to produce a lasting settlement.",
            f"Tens of thousands of people have fled their homes since the fighting began, according to aid "
            f"agencies. Many have sought shelter in schools and mosques in {self.towns[3]}, where food and "
            f"medicine are running short and winter is approaching.",
            f"Analysts said the escalation reflected growing frustration in {b.capital} with a peace process "
            f"that had stalled for years, and warned that regional powers could be drawn into the conflict if "
            f"the fighting spread beyond {self.region}.",
            "Independent journalists have been unable to reach the front line, and casualty figures released "
            "by both governments could not be verified. Human rights groups have documented the use of "
            "cluster munitions in residential areas on both sides.",
        )

    def humanitarian(self) -> str:
        return self.pick(
            f"The International Committee of the Red Cross said its teams had evacuated {self.rng.randint(20, 300)} "
            f"wounded civilians from {self.towns[2]} and called for safe corridors for humanitarian workers.",
            f"The World Food Programme warned that stocks in {self.region} would run out within days unless "
            f"convoys were allowed through, and said it was negotiating with both sides for access.",
            f"Hospitals in {self.towns[0]} are overwhelmed, doctors said, with patients treated in corridors "
            f"and generators running out of fuel after repeated power cuts.",
        )

    def article(self, index: int, *, min_words: int, max_words: int) -> Article:
        builders = [self.accusation, self.denial, self.appeal, self.consultation, self.endorsement,
                    self.quote, self.background, self.humanitarian]
        paragraphs = [self.lead()]
        words = len(paragraphs[0].split())
        target = self.rng.randint(min_words, max_words)
        while words < target:
            paragraph = self.rng.choice(builders)()
            if paragraph in paragraphs:  # a real article does not repeat itself
                continue
            if words + len(paragraph.split()) > max_words:
                if words >= min_words:
                    break
                continue
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        month = self.rng.randint(1, 12)
        day = self.rng.randint(1, 28)
        title = f"{_cap(self.a.name)} and {self.b.name} trade accusations over {self.region}"
        return Article(
            id=f"bench/{index:05d}",
            title=title,
            text="\n\n".join(paragraphs) + "\n",
            published=f"2024-{month:02d}-{day:02d}",
        )


def generate(n: int, *, seed: int = 2024, min_words: int = 600, max_words: int = 900) -> Iterator[Article]:
    """``n`` articles of ``min_words``..``max_words`` words, the same for the same seed (a generator:
    a corpus of any size streams).

    >>> arts = list(generate(3, seed=1))
    >>> [a.id for a in arts]
    ['bench/00000', 'bench/00001', 'bench/00002']
    >>> all(600 <= len(a.text.split()) <= 900 for a in arts)
    True
    >>> arts == list(generate(3, seed=1))
    True
    """
    rng = random.Random(seed)
    for index in range(n):
        yield _Composer(random.Random(rng.getrandbits(64))).article(index, min_words=min_words, max_words=max_words)


def write_jsonl(path: str | Path, n: int, *, seed: int = 2024) -> Path:
    """Writes ``n`` articles as JSON Lines (the format ``newskg build`` reads); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for article in generate(n, seed=seed):
            out.write(json.dumps(article.as_record(), ensure_ascii=False) + "\n")
    return path


def write_text_files(directory: str | Path, n: int, *, seed: int = 2024) -> Path:
    """Writes ``n`` articles as ``.txt`` files under ``directory`` (ids become file paths)."""
    directory = Path(directory)
    for article in generate(n, seed=seed):
        target = directory / f"{article.id}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article.text, encoding="utf-8")
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50, help="number of articles")
    parser.add_argument("--seed", type=int, default=2024, help="random seed")
    parser.add_argument("--out", type=Path, required=True, help="a .jsonl file, or a directory for .txt files")
    args = parser.parse_args()
    if args.out.suffix == ".jsonl":
        write_jsonl(args.out, args.articles, seed=args.seed)
    else:
        write_text_files(args.out, args.articles, seed=args.seed)


if __name__ == "__main__":
    main()

"""An article's text with its facts marked, as HTML (the app's article page and ``newskg show``).

Spans may nest and overlap (a speaker inside a content span, two acts sharing a speaker), so the
text is cut at every span boundary and each piece is wrapped in one ``<span class="nk-mark nk-ROLE">``
per span covering it, outermost first: the HTML stays well-formed and the pieces of one span, read in
order, are exactly its characters (``data-span`` numbers them; a test reads them back). Each piece
links to the fact of its innermost act (``#act-B-E`` in the page), a mention to its entity. All text
is escaped.

>>> spans = [{"role": "cue", "begin": 5, "end": 12, "anchor": "act-5-12", "title": "cue"}]
>>> str(mark_text("Iran accused <b>them</b>", spans))  # doctest: +NORMALIZE_WHITESPACE
'Iran <span class="nk-mark nk-cue nk-first nk-last" data-span="0" data-role="cue" data-begin="5" data-end="12"
title="cue"><a href="#act-5-12">accused</a></span> &lt;b&gt;them&lt;/b&gt;'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

__all__ = ["ROLE_ORDER", "mark_text"]

ROLE_ORDER = ("content", "mention", "speaker", "addressee", "target", "cue")


def mark_text(text: str, spans: Sequence[Mapping[str, Any]], *, link_mentions: bool = True) -> Markup:
    """``text`` as HTML with every span of ``spans`` (``role``, ``begin``, ``end``, optional
    ``anchor``, ``link``, ``title``) marked. Spans outside the text are left out."""
    usable = [
        (index, span) for index, span in enumerate(spans)
        if 0 <= span["begin"] < span["end"] <= len(text)
    ]
    cuts = sorted({0, len(text)} | {s["begin"] for _, s in usable} | {s["end"] for _, s in usable})
    out: list[str] = []
    for start, stop in zip(cuts, cuts[1:], strict=False):
        covering = [(i, s) for i, s in usable if s["begin"] <= start and s["end"] >= stop]
        piece = str(escape(text[start:stop]))
        if not covering:
            out.append(piece)
            continue
        # outermost (longest) first; among equal spans, the order of ROLE_ORDER (cue innermost)
        covering.sort(key=lambda item: (-(item[1]["end"] - item[1]["begin"]), ROLE_ORDER.index(item[1]["role"])))
        href = None
        for _, span in reversed(covering):
            if span.get("anchor"):
                href = f"#{span['anchor']}"
                break
            if link_mentions and span.get("link"):
                href = span["link"]
                break
        inner = f'<a href="{escape(href)}">{piece}</a>' if href else piece
        opened = []
        for index, span in covering:
            classes = f"nk-mark nk-{span['role']}"
            if span["begin"] == start:
                classes += " nk-first"
            if span["end"] == stop:
                classes += " nk-last"
            title = f' title="{escape(span["title"])}"' if span.get("title") else ""
            opened.append(
                f'<span class="{classes}" data-span="{index}" data-role="{escape(span["role"])}" '
                f'data-begin="{span["begin"]}" data-end="{span["end"]}"{title}>'
            )
        out.append("".join(opened) + inner + "</span>" * len(opened))
    return Markup("".join(out))

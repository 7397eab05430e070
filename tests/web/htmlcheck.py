"""Reading the app's HTML back in tests: the marks of an article, and every place a page loads from."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = defaultdict(list)
        self.info: dict[str, dict[str, str | None]] = {}
        self.loads: list[tuple[str, str]] = []  # (tag, url) of what the page loads
        self.scripts: list[str] = []  # inline script bodies
        self.in_script = False
        self.text_parts: list[str] = []
        self.in_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("src"):
                self.loads.append((tag, values["src"] or ""))
            else:
                self.in_script = True
        if tag == "link" and values.get("href") and values.get("rel") in ("stylesheet", "icon", "preload"):
            self.loads.append((tag, values["href"] or ""))
        if tag in ("img", "iframe", "audio", "video", "source", "embed") and values.get("src"):
            self.loads.append((tag, values["src"] or ""))
        if tag in _VOID:
            return
        self.stack.append((tag, values))
        if values.get("id") == "nk-text":
            self.in_text = len(self.stack)
        if "data-span" in values:
            self.info[values["data-span"] or ""] = values

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if tag in _VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if self.in_text and len(self.stack) < self.in_text:
                self.in_text = 0
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts.append(data)
        if self.in_text:
            self.text_parts.append(data)
        for _, values in self.stack:
            if "data-span" in values:
                self.texts[values["data-span"] or ""].append(data)


def marks(html: str) -> tuple[str, list[dict[str, object]]]:
    """The article text as shown and each mark: role, begin, end and the text of its pieces."""
    parser = _Marks()
    parser.feed(html)
    found = []
    for key, values in parser.info.items():
        found.append({"role": values["data-role"], "begin": int(values["data-begin"] or 0),
                      "end": int(values["data-end"] or 0), "text": "".join(parser.texts[key])})
    return "".join(parser.text_parts), found


def loads(html: str) -> tuple[list[tuple[str, str]], list[str]]:
    """What a page loads (scripts, stylesheets, images) and its inline scripts."""
    parser = _Marks()
    parser.feed(html)
    return parser.loads, parser.scripts


def external_loads(html: str) -> list[str]:
    """Every URL of another host the page would load (scripts, stylesheets, images, CSS imports), not links."""
    found = [url for _, url in loads(html)[0] if re.match(r"(?:https?:)?//", url)]
    found += [m.group(0) for m in re.finditer(r"""(?:@import|url\()\s*["']?(?:https?:)?//[^"')\s]+""", html)]
    return found

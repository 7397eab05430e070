"""Issue 17: marks nest and overlap without breaking the HTML, and every text is escaped."""

from __future__ import annotations

from newskg.web.markup import mark_text

from .htmlcheck import marks


def _span(role: str, begin: int, end: int, anchor: str | None = "act-1-2", **extra: str) -> dict[str, object]:
    return {"role": role, "begin": begin, "end": end, "anchor": anchor, "title": f"{role} {begin}", **extra}


def _wrapped(html: str) -> str:
    return f'<div id="nk-text">{html}</div>'


def test_nested_and_overlapping_spans_read_back_exactly() -> None:
    text = "The Kremlin accused Kyiv of shelling the plant <again>."
    spans = [
        _span("content", 28, 54), _span("speaker", 4, 11), _span("cue", 12, 19, "act-12-19"),
        _span("target", 20, 24), _span("mention", 4, 11, None, link="/actor/russia"),
        _span("content", 20, 36, "act-99-100"),  # overlaps the first content span
    ]
    html = str(mark_text(text, spans))
    shown, found = marks(_wrapped(html))
    assert shown == text
    assert len(found) == len(spans)
    for mark in found:
        assert mark["text"] == text[mark["begin"]:mark["end"]]
    assert '<a href="#act-12-19">accused</a>' in html
    assert "&lt;again&gt;" in html and "<again>" not in html


def test_spans_outside_the_text_are_left_out_and_titles_escaped() -> None:
    html = str(mark_text("short", [_span("cue", 2, 50), _span("speaker", 0, 2, title='"><script>x</script>')]))
    assert "data-begin=\"2\"" not in html
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html


def test_mentions_link_to_their_entity_only_when_asked() -> None:
    spans = [_span("mention", 0, 6, None, link="/actor/russia")]
    assert 'href="/actor/russia"' in str(mark_text("Russia said", spans))
    assert "href" not in str(mark_text("Russia said", spans, link_mentions=False))

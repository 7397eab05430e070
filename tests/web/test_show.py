"""Issue 17: ``newskg show`` writes one self-contained HTML page of an article; ``newskg ontology --html``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newskg.cli import main

from .conftest import HOSTILE_ID, ROOT
from .htmlcheck import loads, marks


def _self_contained(html: str) -> None:
    loaded, scripts = loads(html)
    assert loaded == [("link", "data:,")], loaded  # only the empty favicon, inline
    assert scripts == [] and "<script" not in html
    assert "<style>" in html and ".nk-cue" in html
    assert 'href="/' not in html and "src=" not in html


def test_show_builds_an_article_file(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    article = ROOT / "examples" / "black-sea-grain-talks.txt"
    result = CliRunner().invoke(main, ["show", str(article), "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    _self_contained(html)
    shown, found = marks(html)
    assert shown == article.read_text(encoding="utf-8")
    assert all(m["text"] == shown[m["begin"]:m["end"]] for m in found)
    assert any(m["role"] == "cue" and m["text"] == "accused" for m in found)
    assert ">112</span>" in html and ">ACCUSE</span>" in html
    assert {m["role"] for m in found} >= {"cue", "speaker", "addressee", "target", "content"}


def test_show_reads_an_article_from_a_store(tmp_path: Path, web_store: Path, client) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kosovo.html"
    result = CliRunner().invoke(main, ["show", "--store", str(web_store), "--doc", "kosovo-serbia-dialogue",
                                       "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    _self_contained(html)
    # the same marks as the app's article page
    assert marks(html) == marks(client.get("/article/kosovo-serbia-dialogue").text)


def test_show_escapes_and_reports_missing_articles(tmp_path: Path, web_store: Path) -> None:
    out = tmp_path / "hostile.html"
    result = CliRunner().invoke(main, ["show", "--store", str(web_store), "--doc", HOSTILE_ID, "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html and "<b>" not in html
    missing = CliRunner().invoke(main, ["show", "--store", str(web_store), "--doc", "nope", "--html", str(out)])
    assert missing.exit_code == 2 and "no article with the id 'nope'" in missing.output
    unchosen = CliRunner().invoke(main, ["show", "--store", str(web_store), "--html", str(out)])
    assert unchosen.exit_code == 2 and "--doc" in unchosen.output
    neither = CliRunner().invoke(main, ["show", "--html", str(out)])
    assert neither.exit_code != 0


def test_ontology_html(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = CliRunner().invoke(main, ["ontology", "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "@prefix nk:" in (out / "newskg.ttl").read_text(encoding="utf-8")
    loaded, scripts = loads(html)
    assert loaded == [("link", "data:,")] and scripts == []
    from newskg.web.vocabulary import NK, vocabulary

    for cls in vocabulary().parents:
        if cls.startswith(NK):
            assert f'id="{cls[len(NK):]}"' in html, cls
    assert "CAMEO 112" in html and "PLOVER ACCUSE" in html and 'id="speaker"' in html
    plain = CliRunner().invoke(main, ["ontology"])
    assert plain.exit_code == 0 and "nk:Accusation" in plain.output

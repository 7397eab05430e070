"""Issue 17, end to end in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium):
pages render, marks sit on the right words, the network draws, YASGUI runs a query, and the browser
logs no error. Screenshots are saved in each test's tmp_path."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (make test installs them: make browser-deps)",
)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="newskg-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _errors(driver) -> list[str]:  # type: ignore[no-untyped-def]
    """The browser's console errors since the last call (a CSP violation or a failed load is one)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _wait(driver, script: str, timeout: float = 30) -> object:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: d.execute_script(script))


def _open(driver, url: str, shot: Path) -> None:  # type: ignore[no-untyped-def]
    driver.get_log("browser")  # forget what came before
    driver.get(url)
    _wait(driver, "return document.readyState === 'complete'")


MARKS_JS = """
const pieces = {};
for (const el of document.querySelectorAll('[data-span]')) {
  const key = el.dataset.span;
  pieces[key] = pieces[key] || {role: el.dataset.role, begin: +el.dataset.begin, end: +el.dataset.end, text: '',
                                boxes: 0};
  pieces[key].text += el.textContent;
  const box = el.getBoundingClientRect();
  if (box.width > 0 && box.height > 0) pieces[key].boxes += 1;
}
return {text: document.getElementById('nk-text').textContent, marks: Object.values(pieces),
        colours: Object.fromEntries(['cue', 'speaker', 'addressee', 'target', 'content'].map(
          r => [r, getComputedStyle(document.querySelector('.nk-' + r)).backgroundColor]))};
"""


def test_article_marks_sit_on_the_right_words(browser, live_server: str, graph_facts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for doc_id in ("black-sea-grain-talks", "seed") if "seed" in graph_facts["texts"] else ("black-sea-grain-talks",):
        _open(browser, f"{live_server}/article/{doc_id}", tmp_path)
        found = browser.execute_script(MARKS_JS)
        browser.save_screenshot(str(tmp_path / f"article-{doc_id}.png"))
        text = graph_facts["texts"][doc_id]
        assert found["text"] == text
        assert len(found["marks"]) > 20
        for mark in found["marks"]:
            assert mark["text"] == text[mark["begin"]:mark["end"]], mark
            assert mark["boxes"] > 0, f"mark {mark} is not drawn"
        shown = {(m["begin"], m["end"]) for m in found["marks"]}
        for begin, end, anchor in graph_facts["spans"][doc_id]:
            assert (begin, end) in shown, f"{doc_id}: {anchor!r} ({begin}-{end}) is not marked"
        assert len(set(found["colours"].values())) == 5, found["colours"]  # every role its own colour
        assert _errors(browser) == []
    # a mark's link leads to its act in the list
    link = browser.find_element("css selector", ".nk-cue a")
    target = link.get_attribute("href").rsplit("#", 1)[-1]
    link.click()
    _wait(browser, f"return location.hash === '#{target}'")
    assert browser.find_element("id", target).is_displayed()


def test_pages_render_without_errors(browser, live_server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = {"overview": "/", "articles": "/articles", "actor": "/actor/russia", "conflicts": "/conflicts",
             "conflict": "/conflict/israel-hamas-war", "ontology": "/ontology",
             "resource": "/resource?iri=" + quote("https://w3id.org/newskg/data/actor/russia", safe=""),
             "canned": "/query/accusations?accuser=Russia", "hostile": "/article/hostile/%3Cscript%3E-article"}
    for name, path in pages.items():
        _open(browser, live_server + path, tmp_path)
        browser.save_screenshot(str(tmp_path / f"{name}.png"))
        assert browser.find_element("css selector", "h1").text.strip(), name
        assert _errors(browser) == [], name
    # the hostile article's <script> is text on the page, and it did not run
    assert "<script>alert(\"pwned\")</script>" in browser.find_element("id", "nk-text").text
    assert browser.execute_script("return document.querySelectorAll('#nk-text script').length") == 0


def test_network_draws_and_edges_lead_to_evidence(browser, live_server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(browser, f"{live_server}/network", tmp_path)
    nodes = _wait(browser, "return window.newskgCy && window.newskgCy.nodes().length")
    edges = browser.execute_script("return window.newskgCy.edges().length")
    assert nodes > 5 and edges > 3
    browser.save_screenshot(str(tmp_path / "network.png"))
    browser.execute_script("window.newskgCy.edges().filter(e => e.data('type') === 'Accusation')[0].emit('tap')")
    _wait(browser, "return document.querySelectorAll('#nk-evidence li a').length > 0")
    link = browser.find_element("css selector", "#nk-evidence li a").get_attribute("href")
    assert "/article/" in link and "#act-" in link
    browser.save_screenshot(str(tmp_path / "network-evidence.png"))
    assert _errors(browser) == []
    # a filtered view: meetings only
    _open(browser, f"{live_server}/network?type=Meeting&type=PhoneCall", tmp_path)
    _wait(browser, "return window.newskgCy && window.newskgCy.nodes().length > 0")
    types = browser.execute_script("return [...new Set(window.newskgCy.edges().map(e => e.data('type')))]")
    assert set(types) <= {"Meeting", "PhoneCall"} and types
    browser.save_screenshot(str(tmp_path / "network-meetings.png"))
    assert _errors(browser) == []


def test_yasgui_runs_a_query_on_the_endpoint(browser, live_server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(browser, f"{live_server}/query", tmp_path)
    _wait(browser, "return window.newskgYasgui && document.querySelector('.yasqe .CodeMirror')")
    browser.execute_script("document.getElementById('yasgui').scrollIntoView()")
    browser.execute_script("window.newskgYasgui.getTab().getYasqe().query()")
    rows = _wait(browser, "const r = document.querySelectorAll('.yasr table tbody tr'); return r.length", 60)
    assert rows >= 5
    cells = browser.execute_script("return [...document.querySelectorAll('.yasr table tbody tr td')]"
                                   ".map(td => td.textContent).join(' ')")
    assert "Russia" in cells or "Kremlin" in cells or "Hamas" in cells
    browser.execute_script("document.querySelector('.yasr').scrollIntoView()")
    browser.save_screenshot(str(tmp_path / "yasgui.png"))
    assert _errors(browser) == []

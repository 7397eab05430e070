"""Issue 17: ``newskg serve`` binds 127.0.0.1 unless told otherwise, and its assets are pinned and shipped."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from importlib import resources
from pathlib import Path

from newskg.cli import main

from .conftest import ROOT, free_port

NEWSKG = Path(sys.executable).with_name("newskg")


def test_serve_defaults_to_the_loopback_address() -> None:
    serve = main.commands["serve"]
    options = {p.name: p for p in serve.params}
    assert options["host"].default == "127.0.0.1"
    assert options["port"].default == 8000


def test_serve_runs_and_stops(web_store: Path) -> None:
    port = free_port()
    process = subprocess.Popen([str(NEWSKG), "serve", "--store", str(web_store), "--port", str(port), "--workers", "1"],
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/query", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "newskg serve did not answer"
                time.sleep(0.2)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/query", headers={"Host": "evil.example"})
        try:
            urllib.request.urlopen(request, timeout=5)
            refused = False
        except urllib.error.HTTPError as exc:
            refused = exc.code == 400
            exc.close()
        assert refused, "a loopback server must refuse other Host names (DNS rebinding)"
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode in (0, -15)


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no store here" in result.output


def test_assets_are_pinned_and_shipped() -> None:
    source = ROOT / "newskg" / "web" / "assets-src"
    package = json.loads((source / "package.json").read_text())
    lock = json.loads((source / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert version[0].isdigit(), f"{name} is not pinned to an exact version: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    shipped = resources.files("newskg.web").joinpath("static/vendor")
    versions = json.loads(shipped.joinpath("VERSIONS.json").read_text())
    assert versions == package["dependencies"]
    for name in ("yasgui.min.js", "yasgui.min.css", "cytoscape.min.js"):
        text = shipped.joinpath(name).read_text(encoding="utf-8")
        assert len(text) > 50_000 and "sourceMappingURL" not in text


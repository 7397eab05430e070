"""Issue 14: a SPARQL server killed while ``newskg build --endpoint`` streams into it ends the build
with one line and exit 4, and the same command, once the server is back, completes the graph with
every document once. The server is an Oxigraph started for this test alone (the ``oxigraph``
package of the test extras)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newskg.cli.common import EXIT_STORE
from newskg.store import servers
from newskg.store.remote import remote_from_options

NEWSKG = str(Path(sys.executable).with_name("newskg"))


@pytest.fixture
def oxigraph(tmp_path: Path):
    try:
        server = servers.start_oxigraph(data_dir=tmp_path / "db")
    except Exception as exc:  # no oxigraph binary here
        pytest.skip(f"cannot start an Oxigraph server: {exc}")
    try:
        yield server
    finally:
        server.cleanup()


@pytest.mark.slow
def test_a_server_killed_mid_build_is_one_line_and_the_rerun_completes(oxigraph, news_corpus: Path):
    command = [NEWSKG, "-v", "build", str(news_corpus), "--offline", "--quiet", "--server", "oxigraph"]
    command += ["--url", oxigraph.url]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    lines: list[str] = []
    with subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env) as build:
        assert build.stderr is not None
        for line in build.stderr:
            lines.append(line)
            if len([x for x in lines if "INFO: built" in x]) == 5:
                oxigraph.kill()
                break
        lines.extend(build.stderr.readlines())
        assert build.wait(timeout=120) == EXIT_STORE
    errors = [line for line in lines if line.startswith("newskg: error") or "Traceback" in line]
    assert not [line for line in lines if "WARNING" in line or "ERROR" in line], lines
    assert len(errors) == 1 and errors[0].startswith("newskg: error: "), errors
    assert oxigraph.url.split("//")[1] in errors[0]

    oxigraph.restart()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    built = len(re.findall(r"INFO: built ", done.stderr))
    assert built <= 35  # the five stored before the kill are not built again
    with remote_from_options(server="oxigraph", url=oxigraph.url) as store:
        hashes = store.stored_hashes()
    assert len([g for g in hashes if "/graph/bench/" in g]) == 40

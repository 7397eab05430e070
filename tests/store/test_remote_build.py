"""``newskg build --server/--endpoint`` streams each document graph into a real server (issue 5,
deliverable 3): the server then holds exactly the quads ``newskg build --out`` writes, a rerun skips
the unchanged documents, and a store without the Graph Store Protocol gets the same graph through
SPARQL Update."""

from __future__ import annotations

import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from newskg.cli.build_commands import build_command
from newskg.store.remote import Endpoints, RemoteStore, endpoints_for

pytestmark = pytest.mark.servers

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kosovo-serbia-dialogue.txt"


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The example built to N-Quads once, under a base IRI of this module's own."""
    base = f"https://test.newskg.example/{uuid.uuid4().hex[:12]}"
    out = tmp_path_factory.mktemp("built") / "article.nq"
    result = CliRunner().invoke(build_command, [str(EXAMPLE), "--offline", "--base", base, "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return SimpleNamespace(base=base, path=out)


def _build(*args: str) -> str:
    result = CliRunner().invoke(build_command, [str(EXAMPLE), "--offline", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_build_streams_into_the_server_and_a_rerun_skips(
    server_name: str, server_urls: dict[str, str], expected: SimpleNamespace, synthetic: SimpleNamespace
) -> None:
    quads = synthetic.file_quads(expected.path)
    graphs = {q[0] for q in quads}
    assert len(quads) > 200, "the example should make a real graph"
    url = server_urls[server_name]
    args = ("--base", expected.base, "--server", server_name, "--url", url)
    assert "built 1" in _build(*args)
    with RemoteStore(endpoints_for(server_name, url), server=server_name) as store:
        assert synthetic.server_quads(store, graphs) == quads
        again = _build(*args)
        assert "built 0" in again and "1 unchanged" in again, again
        assert synthetic.server_quads(store, graphs) == quads


def test_build_through_sparql_update_alone_gives_the_same_graph(
    server_urls: dict[str, str], expected: SimpleNamespace, synthetic: SimpleNamespace
) -> None:
    """--endpoint without --gsp-endpoint: DROP + INSERT DATA batches, no Graph Store Protocol."""
    quads = synthetic.file_quads(expected.path)
    url = server_urls["oxigraph"]
    _build("--base", expected.base, "--endpoint", f"{url}/query", "--update-endpoint", f"{url}/update", "--force")
    graphs = {q[0] for q in quads}
    with RemoteStore(Endpoints(f"{url}/query", f"{url}/update", None)) as store:
        assert synthetic.server_quads(store, graphs) == quads

"""HTTP Basic credentials on every path (GSP PUT, SPARQL Update, queries), checked by a small
Basic-auth gateway in front of the real Oxigraph server (Oxigraph itself has no authentication)."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from newskg.errors import StoreError
from newskg.store.remote import load_file, remote_from_options

pytestmark = pytest.mark.servers

USER, PASSWORD = "analyst", "pa:ss w0rd é"
SKIP_HEADERS = {"host", "authorization", "content-length", "connection", "transfer-encoding", "content-encoding"}


@pytest.fixture
def gateway(server_urls: dict[str, str]) -> Iterator[SimpleNamespace]:
    """A Basic-auth gateway to the shared Oxigraph server; records (method, path, authorised) per request."""
    upstream = server_urls["oxigraph"]
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    seen: list[tuple[str, str, bool]] = []

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            authorised = self.headers.get("Authorization") == expected
            seen.append((self.command, self.path.split("?")[0], authorised))
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not authorised:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="newskg-test"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() not in SKIP_HEADERS}
            answer = requests.request(self.command, upstream + self.path, data=body, headers=headers, timeout=60)
            self.send_response(answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in SKIP_HEADERS:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_DELETE = _forward

        def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}", seen=seen)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize("use_gsp", [True, False], ids=["gsp", "update"])
def test_basic_credentials_reach_every_endpoint(
    synthetic: SimpleNamespace,
    gateway: SimpleNamespace,
    use_gsp: bool,
    base: str,
    make_dataset: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSKG_PASSWORD", PASSWORD)
    store = remote_from_options(server="oxigraph", url=gateway.url, user=USER, use_gsp=use_gsp)
    path = make_dataset(base, 2)
    summary = load_file(path, store)
    assert summary.loaded == 4 and not summary.failed
    expected = synthetic.file_quads(path)
    assert synthetic.server_quads(store, {q[0] for q in expected}) == expected
    written = {p for method, p, ok in gateway.seen if ok and method in ("PUT", "POST")}
    assert ("/store" if use_gsp else "/update") in written and "/query" in written
    store.close()


def test_wrong_basic_password_is_refused_before_anything_is_written(
    gateway: SimpleNamespace, base: str, make_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSKG_PASSWORD", "guess")
    store = remote_from_options(server="oxigraph", url=gateway.url, user=USER)
    with pytest.raises(StoreError, match=f"refused user '{USER}' \\(HTTP 401\\)") as caught:
        load_file(make_dataset(base, 1), store)
    assert gateway.url in str(caught.value) and "guess" not in str(caught.value)
    assert not any(method == "PUT" for method, _, _ in gateway.seen)

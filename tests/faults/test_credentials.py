"""Issue 14, item 4: credentials written into an endpoint URL (``http://user:pass@host/...``) are used
as HTTP authentication and never printed, logged (also with -vv) or written to any file; the
Virtuoso preset no longer looks the user name up as part of the host name."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from newskg.errors import StoreError
from newskg.store.remote import Endpoints, RemoteStore, remote_from_options, split_credentials

NEWSKG = str(Path(sys.executable).with_name("newskg"))
USER, SECRET = "analyst", "s3cret-Pa55"
ARTICLE = "Kenya accused Ethiopia of moving troops towards the border, a claim Addis Ababa denied."


@pytest.fixture
def endpoint() -> Iterator[SimpleNamespace]:
    """A minimal SPARQL 1.1 store behind HTTP Basic auth: answers queries with no rows, takes
    updates and Graph Store Protocol PUTs, and records whether each request was authorised."""
    expected = "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
    seen: list[tuple[str, str, bool]] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            authorised = self.headers.get("Authorization") == expected
            seen.append((self.command, self.path.split("?")[0], authorised))
            if not authorised:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="test"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("query", [""])[0]
            query = query or urllib.parse.parse_qs(body).get("query", [""])[0]
            if query.strip().upper().startswith("ASK"):
                payload = json.dumps({"head": {}, "boolean": True}).encode()
            elif query:
                payload = json.dumps({"head": {"vars": ["h"]}, "results": {"bindings": []}}).encode()
            else:  # an update or a PUT
                payload = b""
            self.send_response(200 if payload else 204)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(base=f"http://127.0.0.1:{server.server_port}", seen=seen)
    finally:
        server.shutdown()
        server.server_close()


def run(tmp_path: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    """``newskg -vv ARGS`` with its home, caches and working directory under ``tmp_path``, so
    every file it writes can be searched for the secret."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONWARNINGS="ignore")
    env.pop("NEWSKG_PASSWORD", None)
    if password is not None:
        env["NEWSKG_PASSWORD"] = password
    return subprocess.run(
        [NEWSKG, "-vv", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False
    )


def files_holding(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_a_build_into_an_endpoint_with_credentials_in_its_url_authenticates_and_shows_them_nowhere(
    tmp_path: Path, endpoint: SimpleNamespace
):
    article = tmp_path / "kenya.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    url = endpoint.base.replace("http://", f"http://{USER}:{SECRET}@")
    done = run(
        tmp_path, "build", str(article), "--offline", "--endpoint", f"{url}/sparql", "--gsp-endpoint", f"{url}/store"
    )
    assert done.returncode == 0, done.stderr
    assert ("PUT", "/store", True) in endpoint.seen  # the graph went in, authenticated
    assert all(authorised for method, _, authorised in endpoint.seen if method == "PUT")
    assert SECRET not in done.stdout + done.stderr and f"{USER}:" not in done.stderr
    assert "DEBUG" in done.stderr  # -vv did log
    assert files_holding(tmp_path, SECRET) == []


def test_errors_name_the_url_without_its_credentials(tmp_path: Path):
    article = tmp_path / "kenya.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = run(tmp_path, "build", str(article), "--offline", "--endpoint", f"http://{USER}:{SECRET}@127.0.0.1:9/sparql")
    assert done.returncode == 4
    assert "newskg: error: http://127.0.0.1:9/sparql: cannot connect: connection refused" in done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert files_holding(tmp_path, SECRET) == []


def test_the_virtuoso_preset_with_credentials_in_its_url_tries_the_right_host(tmp_path: Path):
    # the user name was taken for part of the host name: "Name or service not known"
    article = tmp_path / "kenya.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = run(
        tmp_path,
        "build",
        str(article),
        "--offline",
        "--server",
        "virtuoso",
        "--url",
        f"http://dba:{SECRET}@127.0.0.1:9",
    )
    assert done.returncode == 4
    assert "http://127.0.0.1:9/sparql-auth: cannot connect: connection refused" in done.stderr
    assert "not known" not in done.stderr and SECRET not in done.stderr


def test_a_wrong_password_in_the_url_is_refused_by_name_without_showing_it(tmp_path: Path, endpoint: SimpleNamespace):
    article = tmp_path / "kenya.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    url = endpoint.base.replace("http://", f"http://{USER}:wrong-{SECRET}@")
    done = run(tmp_path, "build", str(article), "--offline", "--endpoint", f"{url}/sparql")
    assert done.returncode == 4
    assert f"the server refused user '{USER}'" in done.stderr
    assert SECRET not in done.stderr


def test_the_library_takes_url_credentials_as_credentials():
    remote = remote_from_options(endpoint=f"http://{USER}:{SECRET}@127.0.0.1:9/sparql")
    assert remote.endpoints.query == "http://127.0.0.1:9/sparql"
    assert remote.user == USER and SECRET not in repr(remote)
    assert split_credentials("http://a%40b:c%3Ad@h:1/p?q=1") == ("http://h:1/p?q=1", "a@b", "c:d")
    with pytest.raises(StoreError, match="two users given") as error:
        remote_from_options(endpoint=f"http://{USER}:{SECRET}@127.0.0.1:9/sparql", user="someone-else")
    assert SECRET not in str(error.value)
    with pytest.raises(StoreError, match="different credentials"):
        remote_from_options(endpoint=f"http://{USER}:{SECRET}@h/sparql", gsp_endpoint=f"http://x:{SECRET}@h/store")
    direct = RemoteStore(Endpoints(f"http://{USER}:{SECRET}@h/sparql", f"http://{USER}:{SECRET}@h/sparql"))
    assert direct.endpoints.update == "http://h/sparql" and direct.user == USER
    assert (
        str(StoreError("cannot connect", where=f"http://{USER}:{SECRET}@h/sparql")) == "http://h/sparql: cannot connect"
    )


@pytest.mark.parametrize("how", ["user-with-password", "environment"])
def test_a_password_given_with_user_or_in_the_environment_is_shown_nowhere_either(
    tmp_path: Path, endpoint: SimpleNamespace, how: str
):
    article = tmp_path / "kenya.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = ["build", str(article), "--offline", "--endpoint", f"{endpoint.base}/sparql"]
    args += ["--gsp-endpoint", f"{endpoint.base}/store"]
    if how == "environment":
        done = run(tmp_path, *args, "--user", USER, password=SECRET)
    else:
        done = run(tmp_path, *args, "--user", f"{USER}:{SECRET}")
        assert "--user holds a password" in done.stderr
    assert done.returncode == 0, done.stderr
    assert ("PUT", "/store", True) in endpoint.seen
    assert SECRET not in done.stdout + done.stderr
    assert files_holding(tmp_path, SECRET) == []
    wrong = run(tmp_path, *args, "--user", f"{USER}:not-{SECRET}")
    assert wrong.returncode == 4 and f"refused user '{USER}'" in wrong.stderr and SECRET not in wrong.stderr

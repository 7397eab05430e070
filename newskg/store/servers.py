"""Start and stop local SPARQL servers (Oxigraph, Virtuoso) on 127.0.0.1 for tests and benchmarks.

Every server gets a free loopback port and its own data directory, so nothing touches a system
installation. ``python -m newskg.store.servers up --dir .servers`` starts both and writes their URLs
to ``.servers/env`` (``KEY=value`` lines, readable by ``make`` and by the test fixtures);
``python -m newskg.store.servers down --dir .servers`` stops them by the PIDs recorded there.

Why Virtuoso needs more than a start: a fresh database refuses anonymous SPARQL writes (error SR186
on INSERT DATA, 403 on the Graph Store Protocol) until ``GRANT SPARQL_UPDATE TO "SPARQL"`` is run
through ``isql-vt``; its default ``ResultSetMaxRows`` (10,000) would also truncate a full read-back.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError

__all__ = [
    "LocalServer",
    "free_port",
    "start_oxigraph",
    "start_virtuoso",
    "write_env",
    "read_env",
    "stop_pid",
]

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"

VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = {host}:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {dir}, /usr/share/virtuoso-opensource-7/vad
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxMemPoolSize           = 200000000
MaxQueryMem              = 1G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = 170000
MaxDirtyBuffers          = 130000

[HTTPServer]
ServerPort                  = {host}:{http_port}
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
MaxCachedProxyConnections   = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
MaintenancePage             = atomic.html
EnabledGzipContent          = 1

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 5000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 300
DefaultQuery               = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
DeferInferenceRulesInit    = 0
"""


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port that was free on ``host`` a moment ago (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _find_binary(name: str) -> str:
    """``name`` next to the running Python (a venv's bin) first, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise StoreError(f"{name} is not installed", hint=_INSTALL_HINTS.get(name, "install it"))
    return found


_INSTALL_HINTS = {
    "oxigraph": "pip install oxigraph",
    "virtuoso-t": "apt-get install -y virtuoso-opensource (or: make servers-install)",
    "isql-vt": "apt-get install -y virtuoso-opensource (or: make servers-install)",
}


def _poll(url: str, *, deadline: float, process: subprocess.Popen[bytes] | None, what: str, log_path: Path) -> None:
    """Waits until ``url`` answers 200, the process dies, or the deadline passes."""
    last: str = "no answer yet"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StoreError(
                f"{what} exited with code {process.returncode} while starting",
                where=url,
                hint=f"see {log_path}",
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last = str(exc)
        time.sleep(0.1)
    raise StoreError(f"{what} did not become ready in time ({last})", where=url, hint=f"see {log_path}")


@dataclass
class LocalServer:
    """One server process on 127.0.0.1 with its data directory.

    ``kind`` is ``"oxigraph"`` or ``"virtuoso"``; ``url`` its base URL (what ``--url`` takes).
    ``stop()`` ends it gracefully, ``kill()`` abruptly (to simulate a crash), ``restart()`` starts it
    again on the same directory and ports.
    """

    kind: str
    url: str
    port: int
    data_dir: Path
    log_path: Path
    pid: int
    sql_port: int | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    owns_dir: bool = False

    def stop(self, *, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL if the server has not exited within ``timeout`` seconds."""
        stop_pid(self.pid, timeout=timeout)
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=1)

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to flush, as in a crash or a pulled plug."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=10)

    def restart(self, *, timeout: float = 60.0) -> None:
        """Starts the server again on the same data directory and ports (after stop() or kill())."""
        if self.kind == "oxigraph":
            again = start_oxigraph(data_dir=self.data_dir, port=self.port, timeout=timeout)
        else:
            again = start_virtuoso(
                data_dir=self.data_dir,
                http_port=self.port,
                sql_port=self.sql_port,
                timeout=timeout,
                grant=False,
            )
        self.pid, self.process = again.pid, again.process

    def cleanup(self) -> None:
        """Stops the server and removes its data directory when this object created it."""
        self.stop()
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.log_path.unlink(missing_ok=True)


def stop_pid(pid: int, *, timeout: float = 15.0) -> None:
    """Stops one process we started: SIGTERM, wait, then SIGKILL. A process already gone is fine."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    log.warning("process %d ignored SIGTERM for %.0f s; killing it", pid, timeout)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _data_dir(data_dir: str | Path | None, prefix: str) -> tuple[Path, bool]:
    if data_dir is None:
        return Path(tempfile.mkdtemp(prefix=prefix)), True
    path = Path(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path, False


def start_oxigraph(
    *, data_dir: str | Path | None = None, port: int | None = None, timeout: float = 20.0
) -> LocalServer:
    """Starts ``oxigraph serve --location DIR --bind 127.0.0.1:PORT`` and waits until it answers.

    Endpoints: ``/query``, ``/update``, ``/store`` (Graph Store Protocol); no authentication.
    """
    directory, owns = _data_dir(data_dir, "newskg-oxigraph-")
    port = port or free_port()
    log_path = directory.parent / f"{directory.name}.oxigraph.log"
    binary = _find_binary("oxigraph")
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(directory), "--bind", f"{LOOPBACK}:{port}"],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://{LOOPBACK}:{port}"
    try:
        _poll(
            f"{url}/query?query=ASK%7B%7D",
            deadline=time.monotonic() + timeout,
            process=process,
            what="oxigraph serve",
            log_path=log_path,
        )
    except StoreError:
        stop_pid(process.pid)
        raise
    log.info("oxigraph serving %s on %s (pid %d)", directory, url, process.pid)
    return LocalServer("oxigraph", url, port, directory, log_path, process.pid, None, process, owns)


def start_virtuoso(
    *,
    data_dir: str | Path | None = None,
    http_port: int | None = None,
    sql_port: int | None = None,
    timeout: float = 90.0,
    grant: bool = True,
) -> LocalServer:
    """Starts ``virtuoso-t +foreground`` with a private ini in ``data_dir`` and waits until /sparql answers.

    With ``grant`` (a fresh database) it then runs ``GRANT SPARQL_UPDATE TO "SPARQL"`` through
    ``isql-vt`` so anonymous SPARQL Update and Graph Store Protocol writes work; the dba account
    keeps its default password ``dba`` (for the ``-auth`` endpoints).
    """
    directory, owns = _data_dir(data_dir, "newskg-virtuoso-")
    http_port = http_port or free_port()
    sql_port = sql_port or free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, host=LOOPBACK, sql_port=sql_port, http_port=http_port))
    log_path = directory / "virtuoso.stdout.log"
    binary = _find_binary("virtuoso-t")
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=directory,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url = f"http://{LOOPBACK}:{http_port}"
    try:
        _poll(
            f"{url}/sparql?query=ASK%7B%7D",
            deadline=time.monotonic() + timeout,
            process=process,
            what="virtuoso-t",
            log_path=directory / "virtuoso.log",
        )
        if grant:
            _isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";', where=str(ini))
    except StoreError:
        stop_pid(process.pid)
        raise
    log.info("virtuoso serving %s on %s, SQL port %d (pid %d)", directory, url, sql_port, process.pid)
    return LocalServer("virtuoso", url, http_port, directory, log_path, process.pid, sql_port, process, owns)


def _isql(sql_port: int, statement: str, *, where: str) -> None:
    """Runs one SQL statement as dba through isql-vt; a failure names the statement and the output."""
    binary = _find_binary("isql-vt")
    result = subprocess.run(
        [binary, f"{LOOPBACK}:{sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
        raise StoreError(
            f"isql-vt failed on {statement!r}: {(result.stdout + result.stderr).strip()[-300:]}", where=where
        )


def write_env(path: str | Path, servers: list[LocalServer]) -> None:
    """Writes ``NEWSKG_<KIND>_URL``/``_PID``/``_DIR``/``_PORT`` (and Virtuoso's ``_SQL_PORT``) lines."""
    lines = []
    for server in servers:
        key = f"NEWSKG_{server.kind.upper()}"
        lines += [
            f"{key}_URL={server.url}",
            f"{key}_PID={server.pid}",
            f"{key}_DIR={server.data_dir}",
            f"{key}_PORT={server.port}",
        ]
        if server.sql_port is not None:
            lines.append(f"{key}_SQL_PORT={server.sql_port}")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_env(path: str | Path) -> dict[str, str]:
    """The ``KEY=value`` pairs of an env file written by :func:`write_env`."""
    pairs: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def _up(directory: Path, kinds: list[str]) -> int:
    env_path = directory / "env"
    if env_path.exists():
        _down(directory)
    directory.mkdir(parents=True, exist_ok=True)
    started: list[LocalServer] = []
    try:
        for kind in kinds:
            data = directory / kind
            if data.exists():
                shutil.rmtree(data)
            if kind == "oxigraph":
                started.append(start_oxigraph(data_dir=data))
            else:
                started.append(start_virtuoso(data_dir=data))
    except StoreError as exc:
        for server in started:
            server.stop()
        sys.stderr.write(f"servers: error: {exc}\n")
        return 4
    write_env(env_path, started)
    for server in started:
        sys.stdout.write(f"{server.kind} {server.url} pid {server.pid}\n")
    return 0


def _down(directory: Path) -> int:
    env_path = directory / "env"
    if not env_path.exists():
        return 0
    env = read_env(env_path)
    for key, value in env.items():
        if key.endswith("_PID"):
            stop_pid(int(value))
    for key, value in env.items():
        if key.endswith("_DIR"):
            shutil.rmtree(value, ignore_errors=True)
            Path(f"{value}.oxigraph.log").unlink(missing_ok=True)
    env_path.unlink()
    return 0


def main(argv: list[str] | None = None) -> int:
    """``up`` / ``down`` for ``make servers-up`` and ``make servers-down``."""
    parser = argparse.ArgumentParser(prog="python -m newskg.store.servers", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["up", "down"], help="start the servers or stop them")
    parser.add_argument("--dir", default=".servers", help="where the env file and the data directories live")
    parser.add_argument(
        "--only", default="oxigraph,virtuoso", help="comma-separated servers to start (oxigraph, virtuoso)"
    )
    args = parser.parse_args(argv)
    directory = Path(args.dir).resolve()
    if args.action == "down":
        return _down(directory)
    kinds = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in ("oxigraph", "virtuoso")]
    if unknown:
        parser.error(f"unknown server(s): {', '.join(unknown)}")
    return _up(directory, kinds)


if __name__ == "__main__":
    sys.exit(main())

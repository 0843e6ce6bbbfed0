"""Start, stop, status and kill of the managed server (`java -cp LIB/* CommunityEntryPoint`), and the
connection details every command uses."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ontology.errors import GraphUnavailableError, SetupError

from ..settings import Settings
from .install import ensure_libs, find_java
from .layout import Layout, neo4j_env, write_conf
from .password import ensure_password
from .probe import bolt_answers, port_in_use

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
# servers started by this process, kept so that they are reaped (and never leak a Popen warning)
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]


@dataclass(frozen=True)
class Credentials:
    uri: str
    username: str
    password: str
    database: str


@dataclass(frozen=True)
class ServerStatus:
    managed: bool
    running: bool
    pid: int | None
    uri: str
    message: str


def credentials(settings: Settings) -> Credentials:
    """The connection details every command uses: NEO4J_URI when set, else the managed server's."""
    if not settings.managed:
        if settings.neo4j_password is None:
            raise SetupError("NEO4J_URI is set but NEO4J_PASSWORD is not: set both (and NEO4J_USERNAME).")
        return Credentials(
            uri=str(settings.neo4j_uri),
            username=settings.neo4j_username,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
        )
    layout = Layout(settings)
    if not layout.password_file.exists():
        raise GraphUnavailableError(
            "The local Neo4j has not been set up yet: run `policykg neo4j start` (or `make up`)."
        )
    return Credentials(
        uri=f"bolt://{_connect_host(settings)}:{settings.bolt_port}",
        username="neo4j",
        password=layout.password_file.read_text(encoding="utf-8").strip(),
        database="neo4j",
    )


def _connect_host(settings: Settings) -> str:
    wildcard = settings.neo4j_listen in ("0.0.0.0", "::", "")  # noqa: S104 (reached via loopback)
    return "127.0.0.1" if wildcard else settings.neo4j_listen


def read_pid(layout: Layout) -> int | None:
    try:
        pid = int(layout.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _is_our_server(pid) else None


def _is_our_server(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return MAIN_CLASS.encode() in cmdline


def status(settings: Settings) -> ServerStatus:
    if not settings.managed:
        return ServerStatus(
            False, False, None, str(settings.neo4j_uri), "external server (NEO4J_URI); not managed"
        )
    layout = Layout(settings)
    pid = read_pid(layout)
    host = _connect_host(settings)
    uri = f"bolt://{host}:{settings.bolt_port}"
    if pid is None:
        return ServerStatus(True, False, None, uri, "stopped")
    if bolt_answers(host, settings.bolt_port):
        return ServerStatus(True, True, pid, uri, f"running (pid {pid}) at {uri}")
    return ServerStatus(True, False, pid, uri, f"process {pid} is up but Bolt does not answer yet")


def start(settings: Settings) -> ServerStatus:
    """Start the managed server and wait until Bolt answers. Idempotent."""
    if not settings.managed:
        return status(settings)
    layout = Layout(settings)
    current = status(settings)
    if current.running:
        return current
    if current.pid is not None:  # started but not answering yet: wait for it
        return _wait_until_up(settings, layout, current.pid, None)
    java = find_java()
    for name, port in (("Bolt", settings.bolt_port), ("HTTP", settings.http_port)):
        if port_in_use(settings.neo4j_listen, port):
            raise SetupError(
                f"Port {port} on {settings.neo4j_listen} (Neo4j {name}) is already in use by another "
                f"program. Stop that program, or choose another port with POLICYKG_{name.upper()}_PORT."
            )
    lib = ensure_libs(settings)
    layout.make_dirs()
    write_conf(settings, layout)
    ensure_password(java, lib, layout)
    cmd = [java, f"-Xms{settings.neo4j_heap}", f"-Xmx{settings.neo4j_heap}", *JVM_FLAGS]
    cmd += ["-cp", f"{lib}/*", MAIN_CLASS, f"--home-dir={layout.root}", f"--config-dir={layout.conf_dir}"]
    with open(layout.console_log, "ab") as log:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=neo4j_env(layout),
            cwd=layout.root,
            start_new_session=True,
        )
    _CHILDREN[proc.pid] = proc
    layout.pid_file.write_text(f"{proc.pid}\n")
    return _wait_until_up(settings, layout, proc.pid, proc)


def _wait_until_up(
    settings: Settings, layout: Layout, pid: int, proc: subprocess.Popen[bytes] | None
) -> ServerStatus:
    host = _connect_host(settings)
    deadline = time.monotonic() + settings.neo4j_start_timeout
    while time.monotonic() < deadline:
        if bolt_answers(host, settings.bolt_port, timeout=1.0):
            return status(settings)
        exited = proc.poll() is not None if proc is not None else not _is_our_server(pid)
        if exited:
            _CHILDREN.pop(pid, None)
            layout.pid_file.unlink(missing_ok=True)
            raise SetupError("Neo4j exited during start-up. Last lines of its log:\n" + log_tail(layout))
        time.sleep(0.5)
    _terminate(pid, grace=15.0)
    layout.pid_file.unlink(missing_ok=True)
    raise SetupError(
        f"Neo4j did not answer on Bolt within {settings.neo4j_start_timeout:.0f}s and was stopped. "
        "Last lines of its log:\n" + log_tail(layout)
    )


def log_tail(layout: Layout, lines: int = 25) -> str:
    chunks = []
    for path in (layout.logs / "neo4j.log", layout.console_log):
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            chunks.append(f"--- {path} ---\n" + "\n".join(text))
    return "\n".join(chunks) or "(no log written)"


def stop(settings: Settings, grace: float = 60.0) -> ServerStatus:
    if not settings.managed:
        return status(settings)
    layout = Layout(settings)
    pid = read_pid(layout)
    if pid is not None:
        _terminate(pid, grace)
        _wait_ports_free(settings, 30.0)
    layout.pid_file.unlink(missing_ok=True)
    return status(settings)


def kill(settings: Settings) -> None:
    """SIGKILL the managed server (fault tests): no clean shutdown, as after a crash."""
    layout = Layout(settings)
    pid = read_pid(layout)
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 30.0)
        _wait_ports_free(settings, 30.0)
    layout.pid_file.unlink(missing_ok=True)


def _terminate(pid: int, grace: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    if not _wait_gone(pid, grace):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        _wait_gone(pid, 10.0)


def _wait_ports_free(settings: Settings, timeout: float) -> None:
    """Until the server's ports are closed. A server this process did not start (`policykg neo4j start`,
    an `ingest --bulk` restart) is not its child: its command line is gone from /proc as soon as its main
    thread exits, while its other threads (and its listening sockets) can outlive that by seconds."""
    deadline = time.monotonic() + timeout
    ports = (settings.bolt_port, settings.http_port)
    while any(port_in_use(settings.neo4j_listen, p) for p in ports) and time.monotonic() < deadline:
        time.sleep(0.2)


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    child = _CHILDREN.get(pid)
    while time.monotonic() < deadline:
        if child is not None:
            if child.poll() is not None:
                _CHILDREN.pop(pid, None)
                return True
        elif not _is_our_server(pid):
            return True
        time.sleep(0.2)
    return False

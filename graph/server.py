"""Lifecycle of the managed local Neo4j: install from Maven Central, configure, start, stop, status.

The server is Neo4j Community 5.26 LTS, assembled from Maven Central by `graph/neo4j/pom.xml` and
started as `java -cp LIB/* org.neo4j.server.CommunityEntryPoint`. Nothing here creates a driver:
"Bolt answers" is checked with a raw Bolt handshake.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template

from ontology.errors import GraphUnavailableError, SetupError

from .settings import Settings

NEO4J_DIR = Path(__file__).parent / "neo4j"
POM = NEO4J_DIR / "pom.xml"
CONF_TEMPLATE = NEO4J_DIR / "neo4j.conf.template"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
LIB_MARKER = ".policykg-complete"
# servers started by this process, kept so that they are reaped (and never leak a Popen warning)
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}
BOLT_MAGIC = b"\x60\x60\xb0\x17"
# propose Bolt 5.0-5.4 and 4.4; any non-zero answer means the server speaks Bolt
BOLT_VERSIONS = bytes([0, 4, 4, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0])
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


class Layout:
    """Where the managed server keeps its files, all under `POLICYKG_HOME/neo4j`."""

    def __init__(self, settings: Settings) -> None:
        self.root = settings.home.resolve() / "neo4j"
        self.conf_dir = self.root / "conf"
        self.conf = self.conf_dir / "neo4j.conf"
        self.data = self.root / "data"
        self.logs = self.root / "logs"
        self.run = self.root / "run"
        self.import_dir = self.root / "import"
        self.plugins = self.root / "plugins"
        self.licenses = self.root / "licenses"
        self.pid_file = self.run / "policykg-neo4j.pid"
        self.console_log = self.logs / "console.log"
        self.password_file = self.data / "policykg-password"

    def make_dirs(self) -> None:
        for d in (
            self.conf_dir,
            self.data,
            self.logs,
            self.run,
            self.import_dir,
            self.plugins,
            self.licenses,
        ):
            d.mkdir(parents=True, exist_ok=True)


# --- preconditions ---------------------------------------------------------------------------


def find_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise SetupError(
            "Java 17 or newer is needed to run Neo4j but `java` is not on PATH. "
            "Install it (Debian: apt-get install -y openjdk-17-jre-headless) and try again, "
            "or point NEO4J_URI at an existing Neo4j server."
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    text = out.stderr + out.stdout
    major = _java_major(text)
    if major is not None and major < 17:
        raise SetupError(f"Neo4j 5.26 needs Java 17 or newer; `{java}` is Java {major}. Install Java 17.")
    return java


def _java_major(version_text: str) -> int | None:
    import re

    m = re.search(r'version "(\d+)(?:\.(\d+))?', version_text)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def ensure_libs(settings: Settings) -> Path:
    """Fetch the server's jars from Maven Central once; later calls reuse the cached folder."""
    lib = settings.neo4j_lib.expanduser().resolve()
    if (lib / LIB_MARKER).exists():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise SetupError(
            "Maven is needed once to fetch Neo4j from Maven Central but `mvn` is not on PATH. "
            "Install it (Debian: apt-get install -y maven) and try again."
        )
    lib.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".lib-", dir=lib.parent))
    cmd = [mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={tmp}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not any(tmp.glob("neo4j-server-*.jar")):
        shutil.rmtree(tmp, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise SetupError(f"Maven could not fetch Neo4j from Maven Central (exit {proc.returncode}):\n{tail}")
    (tmp / LIB_MARKER).write_text("ok\n")
    if lib.exists():
        shutil.rmtree(lib)
    tmp.rename(lib)
    return lib


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def bolt_answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """True if a Bolt server answers the handshake at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(BOLT_MAGIC + BOLT_VERSIONS)
            reply = _recv_exact(s, 4)
    except OSError:
        return False
    return reply is not None and reply != b"\x00\x00\x00\x00"


def _recv_exact(s: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


# --- configuration and password --------------------------------------------------------------


def write_conf(settings: Settings, layout: Layout) -> None:
    template = Template(CONF_TEMPLATE.read_text(encoding="utf-8"))
    text = template.substitute(
        listen_address=settings.neo4j_listen,
        bolt_port=settings.bolt_port,
        http_port=settings.http_port,
        home=layout.root,
        tx_timeout=settings.neo4j_tx_timeout,
        tx_memory_max="512m",
        tx_memory_total="1g",
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
    )
    layout.conf.write_text(text, encoding="utf-8")


def _write_secret(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value + "\n")


def ensure_password(java: str, lib: Path, layout: Layout) -> str:
    """Generate the neo4j user's password on first start and store it with mode 0600."""
    if layout.password_file.exists():
        return layout.password_file.read_text(encoding="utf-8").strip()
    if (layout.data / "databases" / "system").exists():
        raise SetupError(
            f"The Neo4j data in {layout.data} was initialised but its password file "
            f"{layout.password_file} is gone. Restore the file, or remove {layout.root} to start afresh."
        )
    password = new_password()
    env = _neo4j_env(layout)
    proc = subprocess.run(
        [java, "-cp", f"{lib}/*", ADMIN_CLASS, "dbms", "set-initial-password", password],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SetupError("Could not set Neo4j's initial password:\n" + (proc.stdout + proc.stderr)[-2000:])
    _write_secret(layout.password_file, password)
    return password


def new_password() -> str:
    """48 hex characters: never starts with '-' (neo4j-admin would read such a password as an option,
    as it did for one token_urlsafe password in 64) and needs no quoting in a shell."""
    return secrets.token_hex(24)


def _neo4j_env(layout: Layout) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(layout.root)
    env["NEO4J_CONF"] = str(layout.conf_dir)
    return env


# --- lifecycle -------------------------------------------------------------------------------


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
            env=_neo4j_env(layout),
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
    layout.pid_file.unlink(missing_ok=True)
    return status(settings)


def kill(settings: Settings) -> None:
    """SIGKILL the managed server (fault tests): no clean shutdown, as after a crash."""
    layout = Layout(settings)
    pid = read_pid(layout)
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 30.0)
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

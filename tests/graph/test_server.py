"""The managed Neo4j: loopback only, authentication on, read-only sessions enforced, no file access."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from neo4j import READ_ACCESS, Driver, GraphDatabase
from neo4j.exceptions import AuthError, ClientError

from graph import localserver
from graph.settings import Settings
from tests.conftest import free_port, run_cli

pytestmark = pytest.mark.neo4j


def _listening_addresses(port: int) -> list[str]:
    """Local addresses in LISTEN state for `port`, read from /proc/net/tcp{,6}."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            addr_hex, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                assert len(addr_hex) == width
                found.append(addr_hex)
    return found


def _is_loopback(addr_hex: str) -> bool:
    if len(addr_hex) == 8:  # little-endian IPv4
        return addr_hex.endswith("7F")
    # IPv4-mapped ::ffff:127.x.x.x, or ::1
    return (
        addr_hex[:24] == "0000000000000000FFFF0000" and addr_hex[30:32] == "7F"
    ) or addr_hex == "0" * 24 + "01000000"


def test_bolt_and_http_listen_on_loopback_only(neo4j_server: Settings) -> None:
    if not neo4j_server.managed:
        pytest.skip("external NEO4J_URI")
    for port in (neo4j_server.bolt_port, neo4j_server.http_port):
        addrs = _listening_addresses(port)
        assert addrs, f"nothing listens on {port}"
        assert all(_is_loopback(a) for a in addrs), addrs


def test_bolt_not_reachable_on_other_interfaces(neo4j_server: Settings) -> None:
    if not neo4j_server.managed:
        pytest.skip("external NEO4J_URI")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent for a UDP connect
            own_ip = s.getsockname()[0]
        except OSError:
            pytest.skip("no non-loopback interface")
    if own_ip.startswith("127."):
        pytest.skip("no non-loopback interface")
    assert not localserver.bolt_answers(own_ip, neo4j_server.bolt_port, timeout=1.0)


def test_authentication_is_on(neo4j_server: Settings, driver: Driver) -> None:
    creds = localserver.credentials(neo4j_server)
    bad = GraphDatabase.driver(creds.uri, auth=("neo4j", "not-the-password-at-all"))
    try:
        with pytest.raises(AuthError):
            bad.verify_connectivity()
    finally:
        bad.close()
    noauth = GraphDatabase.driver(creds.uri, auth=None)
    try:
        with pytest.raises((AuthError, ClientError)):
            noauth.verify_connectivity()
    finally:
        noauth.close()
    driver.verify_connectivity()


def test_password_generated_and_private(neo4j_server: Settings) -> None:
    if not neo4j_server.managed:
        pytest.skip("external NEO4J_URI")
    pw_file = localserver.Layout(neo4j_server).password_file
    mode = stat.S_IMODE(os.stat(pw_file).st_mode)
    assert mode == 0o600
    password = pw_file.read_text().strip()
    assert len(password) >= 24 and password != "neo4j"


def test_write_in_read_session_is_rejected(driver: Driver, database: str) -> None:
    with driver.session(database=database, default_access_mode=READ_ACCESS) as s:
        with pytest.raises(ClientError) as info:
            s.run("CREATE (:ShouldNotExist {x: 1})").consume()
    assert info.value.code == "Neo.ClientError.Statement.AccessMode"
    records, _, _ = driver.execute_query("MATCH (n:ShouldNotExist) RETURN count(n) AS c", database_=database)
    assert records[0]["c"] == 0


def test_load_csv_from_file_is_refused(driver: Driver, database: str) -> None:
    with pytest.raises(ClientError) as info:
        driver.execute_query(
            "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1", database_=database
        )
    assert "file" in (info.value.message or "").lower()


def test_conf_is_hardened(neo4j_server: Settings) -> None:
    if not neo4j_server.managed:
        pytest.skip("external NEO4J_URI")
    conf = localserver.Layout(neo4j_server).conf.read_text()
    for line in (
        "dbms.security.allow_csv_import_from_file_urls=false",
        "dbms.security.auth_enabled=true",
        "server.default_listen_address=127.0.0.1",
        "server.directories.import=",
        "db.transaction.timeout=",
        "db.memory.transaction.max=",
        "dbms.memory.transaction.total.max=",
        "server.memory.pagecache.size=",
    ):
        assert line in conf, line


def test_start_is_idempotent_and_status_reports_running(neo4j_server: Settings) -> None:
    if not neo4j_server.managed:
        pytest.skip("external NEO4J_URI")
    before = localserver.status(neo4j_server)
    again = localserver.start(neo4j_server)
    assert before.running and again.running and again.pid == before.pid
    result = run_cli("neo4j", "status")
    assert result.returncode == 0 and "running" in result.stdout


# --- clear errors, nothing half-started ---------------------------------------------------------


def _bin_with(tmp_path: Path, *tools: str) -> str:
    """A PATH holding only the named tools (symlinked), to simulate missing Java or Maven."""
    import shutil

    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in tools:
        real = shutil.which(tool)
        assert real, tool
        (bindir / tool).symlink_to(real)
    return str(bindir)


def test_java_missing_gives_one_clear_message(tmp_path: Path) -> None:
    env = {
        "PATH": _bin_with(tmp_path),
        "POLICYKG_HOME": str(tmp_path / "home"),
        "POLICYKG_BOLT_PORT": str(free_port()),
    }
    result = run_cli("neo4j", "start", env=env)
    assert result.returncode == 1
    assert "Java 17" in result.stderr and "apt-get install" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "home" / "neo4j" / "run" / "policykg-neo4j.pid").exists()


def test_maven_missing_gives_one_clear_message(tmp_path: Path) -> None:
    env = {
        "PATH": _bin_with(tmp_path, "java"),
        "POLICYKG_HOME": str(tmp_path / "home"),
        "POLICYKG_NEO4J_LIB": str(tmp_path / "empty-lib"),
        "POLICYKG_BOLT_PORT": str(free_port()),
        "POLICYKG_HTTP_PORT": str(free_port()),
    }
    result = run_cli("neo4j", "start", env=env)
    assert result.returncode == 1
    assert "Maven" in result.stderr and "apt-get install -y maven" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "empty-lib").exists()


def test_port_taken_gives_one_clear_message(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        env = {
            "POLICYKG_HOME": str(tmp_path / "home"),
            "POLICYKG_BOLT_PORT": str(port),
            "POLICYKG_HTTP_PORT": str(free_port()),
        }
        result = run_cli("neo4j", "start", env=env)
    assert result.returncode == 1
    assert f"Port {port}" in result.stderr and "already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "home" / "neo4j" / "run" / "policykg-neo4j.pid").exists()


def test_external_uri_starts_nothing(tmp_path: Path) -> None:
    env = {
        "NEO4J_URI": "bolt://127.0.0.1:1",
        "NEO4J_PASSWORD": "whatever-password",
        "POLICYKG_HOME": str(tmp_path / "home"),
    }
    result = run_cli("neo4j", "start", env=env)
    assert result.returncode == 0 and "nothing to start" in result.stdout
    assert not (tmp_path / "home").exists()


def test_generated_passwords_are_safe_command_line_arguments() -> None:
    for _ in range(2000):
        password = localserver.new_password()
        assert len(password) == 48 and password.isalnum() and not password.startswith("-")

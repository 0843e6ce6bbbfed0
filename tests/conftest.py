"""Shared fixtures: a real Neo4j started for the test session, a driver, a real HTTP server.

The session's Neo4j lives under a temporary POLICYKG_HOME on ports 17687/17474 (override with
POLICYKG_TEST_BOLT_PORT / POLICYKG_TEST_HTTP_PORT), so it never touches a developer's `make up` server.
If NEO4J_URI is set, the tests use that server instead and start nothing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from api.drivers import open_driver
from graph import localserver
from graph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "shandong-2022-platform-economy-opinion.txt"
DEV = ROOT / "data" / "dev"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def neo4j_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment variables that point policykg at the test session's Neo4j."""
    if os.environ.get("NEO4J_URI"):
        return {k: v for k, v in os.environ.items() if k.startswith("NEO4J_")}
    home = tmp_path_factory.mktemp("policykg-home")
    return {
        "POLICYKG_HOME": str(home),
        "POLICYKG_BOLT_PORT": os.environ.get("POLICYKG_TEST_BOLT_PORT", "17687"),
        "POLICYKG_HTTP_PORT": os.environ.get("POLICYKG_TEST_HTTP_PORT", "17474"),
        "POLICYKG_NEO4J_HEAP": "1g",
        "POLICYKG_NEO4J_PAGECACHE": "256m",
    }


@pytest.fixture(scope="session")
def settings(neo4j_env: dict[str, str]) -> Iterator[Settings]:
    old = {k: os.environ.get(k) for k in neo4j_env}
    os.environ.update(neo4j_env)
    try:
        yield Settings()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[Settings]:
    localserver.start(settings)
    try:
        yield settings
    finally:
        localserver.stop(settings)


@pytest.fixture(scope="session")
def driver(neo4j_server: Settings) -> Iterator[Driver]:
    drv = open_driver(localserver.credentials(neo4j_server))
    try:
        yield drv
    finally:
        drv.close()


@pytest.fixture(scope="session")
def database(neo4j_server: Settings) -> str:
    return localserver.credentials(neo4j_server).database


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real `policykg` console script."""
    exe = Path(sys.executable).parent / "policykg"
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env=full_env, timeout=timeout, check=False
    )


class ApiServer:
    def __init__(self, base_url: str, proc: subprocess.Popen[bytes]) -> None:
        self.base_url = base_url
        self.proc = proc

    def client(self, **kw: object) -> httpx.Client:
        kw.setdefault("timeout", 30.0)
        return httpx.Client(base_url=self.base_url, **kw)  # type: ignore[arg-type]


def start_api(env: dict[str, str], log: Path) -> ApiServer:
    port = free_port()
    exe = Path(sys.executable).parent / "policykg"
    full_env = dict(os.environ)
    full_env.update(env)
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=full_env,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("API server exited:\n" + log.read_text(errors="replace"))
        try:
            httpx.get(base + "/openapi.json", timeout=1.0)
            return ApiServer(base, proc)
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("API server did not start:\n" + log.read_text(errors="replace"))


def stop_api(api: ApiServer) -> None:
    api.proc.terminate()
    try:
        api.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        api.proc.kill()


@pytest.fixture(scope="session")
def api_server(
    neo4j_server: Settings, neo4j_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    env = dict(neo4j_env)
    env["POLICYKG_API_TOKEN"] = "test-token-0123456789abcdef"
    env["POLICYKG_QUERY_TIMEOUT"] = "3"
    env["POLICYKG_RATE_LIMIT_PER_MINUTE"] = "600"
    api = start_api(env, tmp_path_factory.mktemp("api") / "api.log")
    try:
        yield api
    finally:
        stop_api(api)

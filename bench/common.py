"""Shared helpers for the benchmarks: machine facts, a throwaway Neo4j, result rows."""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS = sorted((ROOT / "data").rglob("*.txt"))


@dataclass
class Row:
    benchmark: str
    figure: str
    value: float
    unit: str
    baseline: str
    baseline_value: float
    ratio: float
    goal: str
    command: str
    note: str = ""


def machine() -> str:
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // (1024 * 1024)
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {mem} GiB, {platform.python_implementation()} {platform.python_version()}"
    )


def cpu_pressure() -> float | None:
    """Share of the last 5 minutes in which tasks here waited for a CPU (`/proc/pressure/cpu`, "some
    avg300"), in percent: how much other tenants of this shared machine were in the way."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0].split()
        return float(dict(f.split("=") for f in first[1:])["avg300"])
    except (OSError, IndexError, KeyError, ValueError):
        return None


def save(name: str, rows: list[Row]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(
        json.dumps({"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M"), "cpu_pressure": cpu_pressure(),
                    "rows": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )  # fmt: skip
    for r in rows:
        print(f"{r.benchmark}: {r.figure} = {r.value:,.1f} {r.unit}; {r.baseline} = {r.baseline_value:,.1f}; "
              f"ratio {r.ratio:.2f} (goal {r.goal})")  # fmt: skip


def best_of(n: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


@contextmanager
def throwaway_neo4j() -> Iterator[tuple[Any, str, dict[str, str]]]:
    """A managed Neo4j under a temporary POLICYKG_HOME on free ports; yields (driver, database, env)."""
    from api.drivers import open_driver
    from graph import localserver
    from graph.schema import ensure_schema
    from graph.settings import Settings

    home = tempfile.mkdtemp(prefix="policykg-bench-")
    env = {"POLICYKG_HOME": home, "POLICYKG_BOLT_PORT": str(free_port()), "POLICYKG_HTTP_PORT": str(free_port()),
           "POLICYKG_NEO4J_HEAP": "2g", "POLICYKG_NEO4J_PAGECACHE": "1g"}  # fmt: skip
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    settings = Settings()
    localserver.start(settings)
    driver = open_driver(localserver.credentials(settings))
    try:
        ensure_schema(driver, "neo4j")
        yield driver, "neo4j", env
    finally:
        driver.close()
        localserver.stop(settings)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        import shutil

        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def sample_api(
    *servers: dict[str, str], texts: tuple[tuple[str, str], ...] = ()
) -> Iterator[tuple[Any, str, str, list[str]]]:
    """A throwaway Neo4j holding the bundled sample (and `texts`: (name, text) pairs) and `policykg serve`
    on it: (driver, database, base URL, [base URL of one more server per extra environment in `servers`])."""
    import subprocess
    import sys

    from graph.load import load
    from ingest.extract import extract_file, extract_text

    sample = ROOT / "data" / "sample" / "shandong-2022-platform-economy-opinion.txt"
    with throwaway_neo4j() as (driver, database, env):
        load(driver, database, extract_file(sample), sample.read_text(encoding="utf-8"))
        for name, text in texts:
            load(driver, database, extract_text(text, name), text)
        exe = str(Path(sys.executable).parent / "policykg")
        procs, bases = [], []
        try:
            for extra in ({}, *servers):
                port = free_port()
                procs.append(subprocess.Popen([exe, "serve", "--port", str(port)], env={**os.environ, **env, **extra},
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
                bases.append(f"http://127.0.0.1:{port}")
            for base in bases:
                _wait_healthy(base)
            yield driver, database, bases[0], bases[1:]
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(10)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(base: str) -> None:
    import httpx

    for _ in range(150):
        try:
            httpx.get(base + "/health", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not become healthy")

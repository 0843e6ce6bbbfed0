"""`make up` from a fresh clone with warm caches (pip's wheel cache and the Neo4j jars under
~/.cache/policykg), until the API answers with the sample ingested; the baseline is a second
`make up` in the same clone (venv, Neo4j store and sample already there), same run.

    .venv/bin/python -m bench.make_up
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import ROOT, Row, free_port, save


def timed_up(clone: Path, env: dict[str, str], api: str) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(["make", "up"], cwd=clone, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"make up exited with {proc.returncode}")
            try:
                if len(httpx.get(api + "/api/policies", timeout=2).json()) == 1:
                    return time.perf_counter() - started
            except (httpx.HTTPError, ValueError):
                pass
            if time.perf_counter() - started > 1800:
                raise RuntimeError("make up did not answer within 30 minutes")
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        subprocess.run([str(clone / ".venv" / "bin" / "policykg"), "neo4j", "stop"], cwd=clone, env=env,
                       capture_output=True, check=False)  # fmt: skip


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="policykg-make-up-"))
    clone = work / "policykg"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    api_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYKG_", "NEO4J_", "VIRTUAL_ENV"))}
    env.update({"POLICYKG_BOLT_PORT": str(free_port()), "POLICYKG_HTTP_PORT": str(free_port()),
                "POLICYKG_API_PORT": str(api_port)})  # fmt: skip
    api = f"http://127.0.0.1:{api_port}"
    try:
        cold = timed_up(clone, env, api)
        warm = timed_up(clone, env, api)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    save("make_up", [
        Row("make up", "fresh clone → API answering with the sample (warm pip and Neo4j caches)", cold, "s",
            "second `make up` in the same clone", warm, cold / warm, "(reported)", ".venv/bin/python -m bench.make_up",
            "venv + pip install from the wheel cache, Neo4j store created, password generated, sample ingested"),
    ])  # fmt: skip


if __name__ == "__main__":
    main()

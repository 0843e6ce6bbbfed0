"""Why Dask: Ray against Dask on the same generated documents, the same pure function
(`graph.engines.prepare_bytes`), 2 worker processes each, start-up timed apart from throughput, same run.
Ray is not a dependency of policykg: install it in a separate environment and put policykg on its path:

    python3 -m venv /tmp/rayvenv && /tmp/rayvenv/bin/pip install ray
    PYTHONPATH=$PWD:$PWD/.venv/lib/python3.11/site-packages /tmp/rayvenv/bin/python -m bench.engine_choice 200
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    import ray

    from bench.corpus_gen import write
    from graph.engines import DaskEngine, prepare_bytes

    files, _ = write(Path(tempfile.mkdtemp()), n, seed=7)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    t = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", _node_ip_address="127.0.0.1")

    @ray.remote(num_cpus=1)
    class Worker:
        def __init__(self) -> None:
            from ingest.nlp import build_nlp

            build_nlp()

        def run(self, data: bytes, name: str) -> Any:
            return prepare_bytes(data, name)

    workers = [Worker.remote() for _ in range(2)]  # type: ignore[attr-defined]
    ray.get([w.run.remote(b"", "warm.txt") for w in workers])
    ray_start = time.perf_counter() - t
    t = time.perf_counter()
    ray_rows = ray.get([workers[i % 2].run.remote(f.read_bytes(), f.name) for i, f in enumerate(files)])
    ray_s = time.perf_counter() - t
    ray.shutdown()
    t = time.perf_counter()
    dask = DaskEngine(None, workers=2)
    dask_start = time.perf_counter() - t
    t = time.perf_counter()
    dask_rows = [got for _p, got in dask.prepared(files)]
    dask_s = time.perf_counter() - t
    dask.close()
    same = all(
        a == b if isinstance(a, str) else a.__dict__ == b.__dict__
        for a, b in zip(ray_rows, dask_rows, strict=True)
    )
    print(f"{n} documents, {chars:,} chars; ray: start {ray_start:.1f} s, {chars / ray_s:,.0f} chars/s; "
          f"dask: start {dask_start:.1f} s, {chars / dask_s:,.0f} chars/s; the same rows: {same}")  # fmt: skip


if __name__ == "__main__":
    main()

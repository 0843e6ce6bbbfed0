"""Extraction engines on the same generated documents, same run: plain jieba.lcut over the texts in 2
processes (the baseline), the local engine (2 worker processes) and Dask (a local cluster of 2 worker
processes, the same pure function), extraction only (no Neo4j). Start-up is timed apart from throughput.

    .venv/bin/python -m bench.engines [--count 400]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.common import Row, save
from bench.corpus_gen import write
from graph.engines import DaskEngine, LocalEngine


def _lcut_file(path: Path) -> int:
    import jieba

    text = path.read_text(encoding="utf-8")
    jieba.lcut(text)
    return len(text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=400)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files, _ = write(Path(tmp), args.count, seed=7)
        chars = sum(len(f.read_text(encoding="utf-8")) for f in files)

        with ProcessPoolExecutor(2) as pool:  # warm: jieba's dictionary loaded in both processes
            list(pool.map(_warm_jieba, range(2)))
            t = time.perf_counter()
            assert sum(pool.map(_lcut_file, files, chunksize=8)) == chars
            lcut_s = time.perf_counter() - t

        local = LocalEngine(2)
        t = time.perf_counter()
        out = list(local.prepared(files))
        local_s = time.perf_counter() - t  # includes the pool's start and each worker's pipeline

        t = time.perf_counter()
        dask = DaskEngine(None, workers=2)
        dask_start = time.perf_counter() - t  # cluster up, pipeline built in each worker (plugin)
        try:
            t = time.perf_counter()
            remote = list(dask.prepared(files))
            dask_s = time.perf_counter() - t
        finally:
            dask.close()
    failed = sum(isinstance(g, str) for _, g in out) + sum(isinstance(g, str) for _, g in remote)
    cmd = f".venv/bin/python -m bench.engines --count {args.count}"
    lcut_cps = chars / lcut_s
    note = f"{args.count} generated documents, {chars:,} chars; {failed} failed"
    rows = [
        Row("engines", "local engine (2 processes, start included)", chars / local_s, "chars/s",
            "jieba.lcut in 2 processes", lcut_cps, chars / local_s / lcut_cps, "report", cmd, note),
        Row("engines", "dask local cluster (2 workers, throughput)", chars / dask_s, "chars/s",
            "jieba.lcut in 2 processes", lcut_cps, chars / dask_s / lcut_cps, ">= 0.8 per core", cmd,
            f"{note}; cluster start with the pipeline built in each worker: {dask_start:.1f} s"),
        Row("engines", "dask against the local engine", chars / dask_s, "chars/s", "local engine",
            chars / local_s, local_s / dask_s, "report", cmd, note),
    ]  # fmt: skip
    save("engines", rows)


def _warm_jieba(_i: int) -> None:
    import jieba

    jieba.initialize()


if __name__ == "__main__":
    main()

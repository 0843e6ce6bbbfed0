"""National scale, end to end, same run: N generated documents (bench/corpus_gen.py) from files to a
queryable graph on this machine, against plain jieba.lcut over the same texts on the same cores; then
the reads the API makes, timed on that graph; memory peaks and the store's size on disk.

    .venv/bin/python -m bench.national --count 10000 [--corpus DIR] [--home DIR]

Stages: the baseline (jieba.lcut in 2 processes over every text), the ingest as `policykg ingest` runs it
(extraction in 2 worker processes, 4 loaders, one transaction per document), and extraction alone over
the first 1,000 files (its rate; the load's share is the rest). Reads, each repeated: a unit's detail and
tasks by key, a sector's units, a task, the policies page, the overview, the dossier of the unit with the
most tasks, the network's default view, explorer search, and questions. `--home` keeps the Neo4j store
(to rerun the reads with `--reads-only`).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.common import Row, free_port, save
from bench.corpus_gen import write

QUESTIONS = ["省发展改革委牵头哪些任务？", "哪个部门牵头的任务最多？", "市科技局牵头几项任务？",
             "2025年底前要完成哪些任务？", "哪些部门配合数字经济的工作？", "到2025年有哪些目标？"]  # fmt: skip


def _lcut(path: Path) -> int:
    import jieba

    text = path.read_text(encoding="utf-8")
    jieba.lcut(text)
    return len(text)


def _init_jieba(_i: int) -> None:
    import jieba

    jieba.initialize()


def _pct(xs: list[float], p: float) -> float:
    return sorted(xs)[max(0, min(len(xs) - 1, round(p * len(xs)) - 1))]


def _times(fn: Callable[[], Any], n: int) -> list[float]:
    fn()  # warm: plans cached, pages in memory
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def _rss_peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=False).stdout
    return int(out.split()[0]) / 1024 if out else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--corpus", type=Path, help="where the generated files are (written when missing)")
    ap.add_argument("--home", type=Path, help="POLICYKG_HOME for the Neo4j store (kept)")
    ap.add_argument("--reads-only", action="store_true", help="the store under --home is loaded already")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"policykg-national-{args.count}"
    manifest = corpus / "manifest.jsonl"
    if not manifest.exists() or sum(1 for _ in manifest.open()) != args.count:
        t = time.perf_counter()
        write(corpus, args.count, seed=1)
        print(f"generated {args.count:,} documents in {time.perf_counter() - t:.0f} s under {corpus}")
    files = sorted((corpus / "docs").rglob("*.txt"))
    chars = sum(p.stat().st_size for p in files) // 3  # UTF-8 Chinese: about 3 bytes a character
    home = args.home or Path(tempfile.mkdtemp(prefix="policykg-national-home-"))
    env = {"POLICYKG_HOME": str(home), "POLICYKG_BOLT_PORT": str(free_port()), "POLICYKG_HTTP_PORT": str(free_port()),
           "POLICYKG_NEO4J_HEAP": "4g", "POLICYKG_NEO4J_PAGECACHE": "4g"}  # fmt: skip
    os.environ.update(env)

    from api.drivers import open_driver
    from graph import localserver
    from graph.schema import ensure_schema
    from graph.settings import Settings

    settings = Settings()
    localserver.start(settings)
    driver = open_driver(localserver.credentials(settings))
    cmd = f".venv/bin/python -m bench.national --count {args.count}"
    rows: list[Row] = []
    try:
        ensure_schema(driver, "neo4j")
        if not args.reads_only:
            rows += ingest_rows(driver, files, chars, cmd)
            save(f"national-{args.count}-ingest", rows)  # printed and kept now: the reads may take long
        rows += read_rows(driver, args.repeat, cmd)
        status = localserver.status(settings)
        neo4j_peak = _rss_peak_mb(status.pid) if status.pid else float("nan")
    finally:
        driver.close()
        localserver.stop(settings)
    store = _du_mb(home / "neo4j" / "data")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    note = f"{args.count:,} documents"
    rows += [
        Row("national", "store size on disk", store, "MB", "documents", args.count, store / args.count, "report", cmd,
            f"{note}; MB per document in the ratio column; the data folder (stores, indexes, transaction logs)"),
        Row("national", "memory peak: ingest/reads process", own, "MB", "largest child process (Neo4j or a worker)",
            kids, own / kids, "report", cmd, f"{note}; Neo4j's peak RSS {neo4j_peak:,.0f} MB (heap 4g, page cache 4g)"),
    ]  # fmt: skip
    save(f"national-{args.count}", rows)


def ingest_rows(driver: Any, files: list[Path], chars: int, cmd: str) -> list[Row]:
    from graph.ingest_batch import ingest_files, prepared

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_init_jieba, range(2)))
        t = time.perf_counter()
        assert sum(pool.map(_lcut, files, chunksize=16)) > 0
        lcut_s = time.perf_counter() - t
    seen = [0]
    started = time.perf_counter()

    def progress(_o: Any) -> None:
        seen[0] += 1
        if seen[0] % 1000 == 0:
            el = time.perf_counter() - started
            print(f"  {seen[0]:,} documents in {el:.0f} s ({seen[0] / el:.1f}/s)", flush=True)

    t = time.perf_counter()
    outcomes = ingest_files(driver, "neo4j", files, jobs=2, loaders=4, progress=progress)
    total_s = time.perf_counter() - t
    failed = [o.error for o in outcomes if o.error]
    head = files[:1000]
    t = time.perf_counter()
    for _p, _got in prepared(head, jobs=2):
        pass
    extract_rate = len(head) / (time.perf_counter() - t)  # documents/s, 2 processes
    n = len(files)
    note = f"{n:,} documents, ≈{chars:,} chars, {len(failed)} failed"
    return [
        Row("national", "end to end: files to a queryable graph", total_s, "s", "jieba.lcut over the same texts "
            "(2 processes)", lcut_s, total_s / lcut_s, "≤ 1.5 × (and ≤ 30 min for 100,000)", cmd,
            f"{note}; {n / total_s:.1f} documents/s"),
        Row("national", "extraction alone (2 processes)", extract_rate, "documents/s", "end to end", n / total_s,
            extract_rate / (n / total_s), "report", cmd,
            f"on the first {len(head):,} files; extraction ≈ {n / extract_rate:,.0f} s of the {total_s:,.0f} s "
            "if it ran alone"),
    ]  # fmt: skip


def read_rows(driver: Any, repeat: int, cmd: str) -> list[Row]:
    from graph import co_governance, dossier, explore, lookups, overview
    from graph.ask import Asker

    db = "neo4j"
    top, _, _ = driver.execute_query(
        "MATCH (d:Department)-[r]->(:Task) WITH d, count(r) AS n ORDER BY n DESC LIMIT 1 RETURN d.key AS key, "
        "d.name AS name, n", database_=db)  # fmt: skip
    unit = top[0]
    some, _, _ = driver.execute_query(
        "MATCH (t:Task) WITH t LIMIT 1 RETURN t.id AS task", database_=db)  # fmt: skip
    task = some[0]["task"]
    checks: dict[str, Callable[[], Any]] = {
        "unit detail by key": lambda: lookups.department_detail(driver, db, unit["key"], None, unit["key"]),
        "unit tasks by key": lambda: lookups.department_tasks(
            driver, db, unit["key"], "any", key=unit["key"]
        ),
        "sector's leading units": lambda: lookups.sector_departments(driver, db, "数字经济", "lead"),
        "task detail": lambda: lookups.task_detail(driver, db, task),
        "policies list": lambda: lookups.policies(driver, db),
        "explorer search": lambda: explore.search(driver, db, "科技局", 30),
    }
    heavy: dict[str, Callable[[], Any]] = {
        "overview": lambda: overview.overview(driver, db),
        f"dossier of the unit in most tasks ({unit['n']:,})": lambda: dossier.dossier(
            driver, db, unit["name"], None, unit["key"]),
        "network default view": lambda: co_governance.co_governance(driver, db),
    }  # fmt: skip
    out: list[Row] = []
    lookup_all: list[float] = []
    for name, fn in checks.items():
        xs = _times(fn, repeat)
        lookup_all += xs
        out.append(Row("national reads", f"{name} p99", _pct(xs, 0.99) * 1000, "ms", "p50", statistics.median(xs) * 1000,
                       _pct(xs, 0.99) / statistics.median(xs), "lookups p99 ≤ 50 ms", cmd))  # fmt: skip
    for name, fn in heavy.items():
        xs = _times(fn, max(3, repeat // 10))
        out.append(Row("national reads", f"{name} p50", statistics.median(xs) * 1000, "ms", "max", max(xs) * 1000,
                       max(xs) / statistics.median(xs), "≤ 1 s", cmd))  # fmt: skip
    t = time.perf_counter()
    asker = Asker(driver, db)
    asker.ask(QUESTIONS[0])
    warm = time.perf_counter() - t
    ask_xs = [x for q in QUESTIONS for x in _times(lambda q=q: asker.ask(q), max(3, repeat // 5))]
    out.append(Row("national reads", "ask p95", _pct(ask_xs, 0.95) * 1000, "ms", "p50", statistics.median(ask_xs) * 1000,
                   _pct(ask_xs, 0.95) / statistics.median(ask_xs), "≤ 100 ms", cmd,
                   f"{len(QUESTIONS)} questions; the answerer's first load of the graph's names took {warm:.1f} s"))  # fmt: skip
    out.append(Row("national reads", "all lookups p99", _pct(lookup_all, 0.99) * 1000, "ms", "p50",
                   statistics.median(lookup_all) * 1000, _pct(lookup_all, 0.99) / statistics.median(lookup_all),
                   "≤ 50 ms", cmd))  # fmt: skip
    return out


if __name__ == "__main__":
    main()

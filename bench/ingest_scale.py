"""1,000 synthetic documents extracted (2 worker processes) and loaded; the batched loader (one statement,
one transaction per document) against a naive loader that sends one auto-commit statement per node or
relationship (`bench/naive_loader.py`), same run; both write the same graph, which the run checks.

    .venv/bin/python -m bench.ingest_scale [--docs 1000] [--naive-docs 40]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, Row, save, throwaway_neo4j
from bench.naive_loader import fingerprint, naive_load
from bench.synthetic import write_corpus
from graph.ingest_batch import ingest_files, prepared
from graph.load import Rows, load_rows, wait_for_search_indexes

ROUNDS = 3  # each comparison loads its documents this many times each way, alternating


def wipe(driver, database: str) -> None:  # type: ignore[no-untyped-def]
    with driver.session(database=database) as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def batched_vs_naive(driver, database: str, docs: list[Rows], rounds: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """Seconds to load `docs` with the batched loader and with the naive one, each `rounds` times into an
    emptied graph (emptying not timed; the batched time includes waiting for the search indexes), and
    the statements the naive loader sent per round. The first round checks both wrote the same graph."""
    fast = naive = 0.0
    statements = 0
    for round_ in range(rounds):
        wipe(driver, database)
        t = time.perf_counter()
        for rows in docs:
            load_rows(driver, database, rows, wait_for_search=False)
        wait_for_search_indexes(driver, database)
        fast += time.perf_counter() - t
        batched_graph = fingerprint(driver, database) if round_ == 0 else []
        wipe(driver, database)
        t = time.perf_counter()
        statements = sum(naive_load(driver, database, rows) for rows in docs)
        naive += time.perf_counter() - t
        if round_ == 0:
            naive_graph = fingerprint(driver, database)
            assert naive_graph == batched_graph, sorted(set(naive_graph) ^ set(batched_graph))[:5]
    return fast, naive, statements


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--naive-docs", type=int, default=40)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="policykg-synthetic-"))
    files = write_corpus(folder, args.docs)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    with throwaway_neo4j() as (driver, database, _env):
        t0 = time.perf_counter()
        outcomes = ingest_files(driver, database, files, jobs=2, loaders=4)  # what `policykg ingest` does
        total = time.perf_counter() - t0
        assert all(o.result for o in outcomes), [o.error for o in outcomes if o.error]
        t1 = time.perf_counter()
        docs: list[Rows] = []
        for _path, got in prepared(files, jobs=2):
            assert not isinstance(got, str), got
            docs.append(got)
        t_extract = time.perf_counter() - t1
        t_load = max(1e-9, total - t_extract)
        records, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=database)
        rel_total = records[0]["n"]
        sample = docs[: args.naive_docs]
        t_fast_sample, t_naive_sample, stm_sample = batched_vs_naive(driver, database, sample, rounds=ROUNDS)
        # the same comparison on the real documents (about twice the synthetic ones' size)
        real = [got for _p, got in prepared(CORPUS) if not isinstance(got, str)]
        t_fast_real, t_naive_real, stm_real = batched_vs_naive(driver, database, real, rounds=ROUNDS)
    cmd = f".venv/bin/python -m bench.ingest_scale --docs {args.docs} --naive-docs {args.naive_docs}"
    save("ingest_scale", [
        Row("ingest", f"{args.docs} documents extracted + loaded", total, "s", "goal", 60.0, 60.0 / total,
            "≤ 60 s", cmd, f"{chars:,} chars; extraction (with row building) alone {t_extract:.1f} s (2 processes), the rest ≈ {t_load:.1f} s; "
            f"{args.docs / total:.1f} docs/s, {rel_total / t_load:,.0f} relationships/s loaded"),
        Row("ingest", "batched loader, docs/s", ROUNDS * len(sample) / t_fast_sample, "docs/s",
            "naive loader (one statement per fact)", ROUNDS * len(sample) / t_naive_sample, t_naive_sample / t_fast_sample,
            "≥ 20×", cmd, f"the same {len(sample)} documents loaded {ROUNDS} times each way into an emptied graph; one statement per document against "
            f"{stm_sample / len(sample):.0f} (the naive loader's), the same graph written (checked)"),
        Row("ingest", "batched loader on the real corpus, docs/s", ROUNDS * len(real) / t_fast_real, "docs/s",
            "naive loader (one statement per fact)", ROUNDS * len(real) / t_naive_real, t_naive_real / t_fast_real,
            "(reported)", cmd, f"the {len(real)} real documents of data/ ({sum(len(r.tasks) for r in real)} tasks, "
            f"{sum(len(r.roles) for r in real)} attributions), loaded {ROUNDS} times each way into an emptied graph; "
            f"{stm_real / len(real):.0f} naive statements per document"),
    ])  # fmt: skip


if __name__ == "__main__":
    main()

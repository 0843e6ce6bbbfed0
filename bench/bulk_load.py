"""Bulk loading against the transactional loader, same run, same documents: N generated documents are
extracted once (2 worker processes), then loaded into an empty database with schema by `ingest_files`
(one transaction per document, 4 loaders: the baseline) and, after a wipe, by graph/bulk.py (the rows
applied to the in-memory graph, CSV, `neo4j-admin database import`, the server's restart, constraints,
indexes and full-text indexes online). Both end with every document searchable.

    .venv/bin/python -m bench.bulk_load [--count 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Generator
from pathlib import Path

from bench.common import Row, save, throwaway_neo4j
from bench.corpus_gen import write
from graph import bulk
from graph.engines import LocalEngine, Prepared
from graph.ingest_batch import ingest_files
from graph.load import stats
from graph.settings import Settings
from ingest.limits import DEFAULT_LIMITS, Limits


class _Extracted:
    """An engine that hands out rows extracted beforehand (the loaders alone are timed)."""

    def __init__(self, done: list[Prepared]) -> None:
        self.done = done

    def prepared(self, files: list[Path], limits: Limits = DEFAULT_LIMITS) -> Generator[Prepared, None, None]:
        yield from self.done

    def close(self) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files, _ = write(Path(tmp) / "gen", args.count, seed=11)
        t = time.perf_counter()
        done = list(LocalEngine(2).prepared(files))
        extract_s = time.perf_counter() - t
        n = sum(1 for _, got in done if not isinstance(got, str))
        with throwaway_neo4j() as (driver, database, _env):
            t = time.perf_counter()
            outcomes = ingest_files(driver, database, files, engine=_Extracted(done))
            tx_s = time.perf_counter() - t
            assert sum(1 for o in outcomes if o.result) == n
            tx_counts = stats(driver, database)
            with driver.session(database=database) as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()

            t = time.perf_counter()
            graph = bulk.BulkGraph()
            bulk.extract_into(graph, iter(done))
            apply_s = time.perf_counter() - t
            _nodes, _rels, stages = bulk.bulk_import(
                Settings(), driver, database, graph, Path(tmp) / "csv", lambda s, m: print(f"  {s}: {m}")
            )
            bulk_s = apply_s + sum(stages.values())
            assert stats(driver, database) == tx_counts, "the bulk load made other counts"
    cmd = f".venv/bin/python -m bench.bulk_load --count {args.count}"
    note = (
        f"{args.count} generated documents ({n} loaded); extraction (2 processes, not in either figure): "
        f"{extract_s:.1f} s, {args.count / extract_s:.1f} documents/s; bulk stages: rows applied "
        f"{apply_s:.1f} s, " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
    )
    rows = [
        Row("bulk_load", "bulk load (CSV + neo4j-admin import + restart + indexes)", n / bulk_s, "documents/s",
            "transactional ingest_files (4 loaders)", n / tx_s, tx_s / bulk_s, "report", cmd, note),
    ]  # fmt: skip
    for stage, seconds in [("rows applied", apply_s), *stages.items()]:
        rows.append(Row("bulk_load", f"bulk stage: {stage}", seconds, "s", "transactional load", tx_s,
                        tx_s / max(seconds, 1e-9), "report", cmd, note))  # fmt: skip
    save("bulk_load", rows)


if __name__ == "__main__":
    main()

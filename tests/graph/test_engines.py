"""Extraction on a real Dask cluster (graph/engines.py): a local cluster of 2 worker processes, never a mock.
The same rows as the local engine, each worker builds jieba/spaCy once, and `policykg ingest --engine dask
--scheduler ADDRESS` produces exactly the graph the local ingest produces."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from bench.corpus_gen import write
from graph.engines import DaskEngine, LocalEngine, engine_for
from ontology.errors import InputError
from tests.conftest import run_cli
from tests.graph.conftest import reset, snapshot

pytestmark = pytest.mark.neo4j
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twelve generated documents, an empty file and a binary one (each refused with its message)."""
    root = tmp_path_factory.mktemp("engines")
    paths, _ = write(root / "gen", 12, seed=21)
    (root / "gen" / "empty.txt").write_bytes(b"")
    (root / "gen" / "binary.txt").write_bytes(bytes(range(256)) * 40)
    return [*paths, root / "gen" / "empty.txt", root / "gen" / "binary.txt"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A real Dask scheduler with 2 worker processes on 127.0.0.1; its address."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        scheduler_kwargs={"dashboard": False},
    ) as local:  # fmt: skip
        yield local.scheduler_address


def test_dask_gives_the_rows_the_local_engine_gives_and_builds_the_pipeline_once(
    corpus: list[Path], cluster: str
) -> None:
    engine = DaskEngine(cluster)
    try:
        assert engine.threads() == 2
        remote = list(engine.prepared(corpus))
        built = engine.worker_pipelines()
    finally:
        engine.close()
    local = list(LocalEngine(1).prepared(corpus))
    assert [p for p, _ in remote] == corpus  # in the order of the files
    for (path, got), (_, want) in zip(remote, local, strict=True):
        if isinstance(want, str):
            assert got == want and path.name in got  # the same message for the empty and the binary file
        else:
            assert not isinstance(got, str) and got.__dict__ == want.__dict__, path
    assert sum(isinstance(g, str) for _, g in remote) == 2
    # each of the 2 workers built jieba/spaCy once, whatever number of documents it read
    assert sorted(built.values()) == [1, 1], built


def test_cli_ingest_on_the_cluster_makes_the_graph_the_local_ingest_makes(
    driver: Driver, database: str, corpus: list[Path], cluster: str
) -> None:
    folder = str(corpus[0].parent.parent.parent)
    reset(driver, database)
    local = run_cli("ingest", "--jobs", "1", folder)
    assert local.returncode == 1, local.stderr  # the empty and the binary file failed, the rest loaded
    assert "12 loaded, 2 failed" in local.stdout
    expected = snapshot(driver, database)
    assert len(expected[0]) > 12 * 20 and len(expected[1]) > 12 * 40

    reset(driver, database)
    remote = run_cli("ingest", "--engine", "dask", "--scheduler", cluster, folder)
    assert remote.returncode == 1, remote.stderr
    assert "12 loaded, 2 failed" in remote.stdout
    assert snapshot(driver, database) == expected


def test_engine_errors_are_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown engine"):
        engine_for("spark", 2)
    with pytest.raises(InputError, match="--scheduler is for --engine dask"):
        engine_for("local", 2, "tcp://127.0.0.1:8786")
    started = time.monotonic()
    result = run_cli(
        "ingest", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", str(tmp_path), timeout=120
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert time.monotonic() - started < 60

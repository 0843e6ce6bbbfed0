"""Graph fixtures: an empty graph, and the sample loaded once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import Driver

from graph.load import LoadResult, load
from graph.schema import ensure_schema
from ingest.extract import extract_file
from tests.conftest import ROOT, SAMPLE

CORPUS = ROOT / "tests" / "data" / "corpus"


def wipe(driver: Driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def reset(driver: Driver, database: str) -> None:
    """An empty graph with the schema in place."""
    wipe(driver, database)
    ensure_schema(driver, database)


@pytest.fixture
def empty_graph(driver: Driver, database: str) -> Iterator[tuple[Driver, str]]:
    reset(driver, database)
    yield driver, database


def load_sample(driver: Driver, database: str) -> LoadResult:
    ex = extract_file(SAMPLE)
    return load(driver, database, ex, SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_graph(driver: Driver, database: str) -> tuple[Driver, str]:
    """The sample loaded into an otherwise empty graph, once per module (tests only read it)."""
    reset(driver, database)
    load_sample(driver, database)
    return driver, database


def load_corpus(driver: Driver, database: str, names: list[str] | None = None) -> None:
    """The sample and the documents of tests/data/corpus (national, provincial, municipal, county)."""
    paths = [SAMPLE, *sorted(CORPUS.glob("*.txt"))]
    for path in paths if names is None else [p for n in names for p in paths if p.name == n]:
        load(driver, database, extract_file(path), path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_graph(driver: Driver, database: str) -> tuple[Driver, str]:
    """The sample and tests/data/corpus loaded into an otherwise empty graph (tests only read it)."""
    reset(driver, database)
    load_corpus(driver, database)
    return driver, database


# what differs between two loads of the same documents: when they were loaded
_VOLATILE = ("ingested_at", "superseded_at")


def snapshot(driver: Driver, database: str) -> tuple[list[str], list[str]]:
    """Every node (labels and properties) and every relationship (its ends, type and properties), each as
    a sorted JSON line, load times left out: two graphs are the same graph when their snapshots are equal."""
    import json

    def line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=database
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN labels(a) AS al, coalesce(a.id, a.key, a.name) AS a, type(r) AS type, "
        "properties(r) AS props, labels(b) AS bl, coalesce(b.id, b.key, b.name) AS b",
        database_=database,
    )

    def props(p: dict[str, object]) -> dict[str, object]:
        return {k: v for k, v in p.items() if k not in _VOLATILE}

    return (
        sorted(line([sorted(r["labels"]), props(r["props"])]) for r in nodes),
        sorted(
            line([sorted(r["al"]), r["a"], r["type"], props(r["props"]), sorted(r["bl"]), r["b"]])
            for r in rels
        ),
    )

"""Reads that do not scan (#21): every statement the API's reads send — lookups, the overview, a dossier,
the network, the explorer's search and chain, questions — is PROFILEd on a graph of several regions
(the corpus and generated documents of every level), and its plan must start from an index or a
constrained key: no AllNodesScan anywhere, and no NodeByLabelScan of Task (the label a national corpus
holds millions of). Each statement is recorded as the real code sends it (graph.db.read), then PROFILEd
through the same driver with the same parameters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from neo4j import Driver
from neo4j.exceptions import Neo4jError

from bench.corpus_gen import write
from graph import co_governance, db, dossier, explore, lookups, overview
from graph.ask import Asker
from graph.load import load
from ingest.extract import extract_file
from tests.graph.conftest import load_corpus, reset

pytestmark = pytest.mark.neo4j

QUESTIONS = [
    "省发展改革委牵头哪些任务？", "太仓市科技局牵头哪些任务？", "哪个部门牵头的任务最多？", "2025年底前要完成哪些任务？",
    "哪些部门配合数字经济的工作？", "到2025年有哪些目标？", "市科技局负责哪些指标？", "哪些任务没有牵头单位？",
    "现代物流由哪些部门负责？", "2023年有哪些政策？",
]  # fmt: skip


@pytest.fixture(scope="module")
def graph(driver: Driver, database: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Driver, str]:
    reset(driver, database)
    load_corpus(driver, database)
    folder = tmp_path_factory.mktemp("plans")
    paths, _ = write(folder, 40, seed=5)
    for p in paths:
        load(driver, database, extract_file(p), p.read_text(encoding="utf-8"))
    return driver, database


def _record(fn: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    sent: list[tuple[str, dict[str, Any]]] = []
    real = db.read

    def recording(driver: Driver, query: Any, database: str, params: Any = None) -> list[dict[str, Any]]:
        sent.append((query, dict(params or {})))
        return real(driver, query, database, params)

    with monkeypatch.context() as m:
        m.setattr(db, "read", recording)
        fn()
    return sent


# the labels a national corpus holds by the million (and Policy by the hundred thousand): never scanned
_GROWS = re.compile(r":(?:Task|Policy|Section|Target)\b")


def _operators(plan: Any) -> Iterator[tuple[str, str]]:
    yield plan.get("operatorType", ""), str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from _operators(child)


def _scans(driver: Driver, database: str, query: str, params: dict[str, Any]) -> list[str]:
    """The scans in the statement's plan: PROFILEd (the plan that ran), or EXPLAINed where Neo4j cannot
    profile it (a procedure that streams its rows)."""
    with driver.session(database=database, default_access_mode="READ") as session:
        try:
            summary = session.run("PROFILE " + query, params).consume()  # type: ignore[arg-type]
            plan = summary.profile
        except Neo4jError:
            summary = session.run("EXPLAIN " + query, params).consume()  # type: ignore[arg-type]
            plan = summary.plan
    assert plan is not None
    return [
        f"{op}({details})"
        for op, details in _operators(plan)
        if op.startswith("AllNodesScan") or (op.startswith("NodeByLabelScan") and _GROWS.search(details))
    ]


def _reads(d: Driver, n: str) -> dict[str, Callable[[], Any]]:
    top = d.execute_query(
        "MATCH (u:Department)-[r]->(:Task) WITH u, count(r) AS k ORDER BY k DESC, u.key LIMIT 1 RETURN u.key AS key",
        database_=n,
    ).records[0]["key"]
    task = d.execute_query("MATCH (t:Task) RETURN t.id AS id ORDER BY t.id LIMIT 1", database_=n).records[0][
        "id"
    ]
    policy = d.execute_query("MATCH (p:Policy) RETURN p.id AS id ORDER BY p.id LIMIT 1", database_=n).records[
        0
    ]["id"]
    asker = Asker(d, n)
    reads: dict[str, Callable[[], Any]] = {
        "unit detail": lambda: lookups.department_detail(d, n, top, None, top),
        "unit tasks": lambda: lookups.department_tasks(d, n, top, "any", key=top),
        "unit search": lambda: lookups.search_departments(d, n, "科技局", 20, 0),
        "sector units": lambda: lookups.sector_departments(d, n, "数字经济", "lead"),
        "sectors": lambda: lookups.sectors(d, n),
        "task": lambda: lookups.task_detail(d, n, task),
        "targets": lambda: lookups.targets(d, n, 2025, None),
        "policies": lambda: lookups.policies(d, n),
        "policy": lambda: lookups.policy_detail(d, n, policy),
        "policy tasks": lambda: lookups.policy_tasks(d, n, policy),
        "overview": lambda: overview.overview(d, n),
        "dossier": lambda: dossier.dossier(d, n, top, None, top),
        "network": lambda: co_governance.co_governance(d, n),
        "network of a region": lambda: co_governance.co_governance(d, n, region="浙江省"),
        "search": lambda: explore.search(d, n, "科技局"),
        "chain": lambda: explore.layered(d, n, "数字经济", ["LEADS", "SUPPORTS"], None),
        "question answerer's names": lambda: asker.linker(),
    }
    for q in QUESTIONS:
        reads[f"ask {q}"] = lambda q=q: asker.ask(q)
    return reads


READS = [
    "unit detail", "unit tasks", "unit search", "sector units", "sectors", "task", "targets", "policies", "policy",
    "policy tasks", "overview", "dossier", "network", "network of a region", "search", "chain",
    "question answerer's names", *(f"ask {q}" for q in QUESTIONS),
]  # fmt: skip


@pytest.fixture(scope="module")
def reads(graph: tuple[Driver, str]) -> dict[str, Callable[[], Any]]:
    return _reads(*graph)


@pytest.mark.parametrize("read", READS)
def test_no_read_scans_a_growing_label(
    read: str, graph: tuple[Driver, str], reads: dict[str, Callable[[], Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, database = graph
    sent = _record(reads[read], monkeypatch)
    assert sent, "the read sent no statement"
    found = []
    for query, params in sent:
        scans = _scans(driver, database, query, params)
        if scans:
            found.append(" ".join(query.split())[:100] + " -> " + ", ".join(scans))
    assert found == []


def test_every_read_is_checked(reads: dict[str, Callable[[], Any]]) -> None:
    assert sorted(reads) == sorted(READS)


def test_the_check_finds_a_scan(graph: tuple[Driver, str]) -> None:
    """The detector itself: a statement that reads every task is caught."""
    driver, database = graph
    assert _scans(driver, database, "MATCH (t:Task) RETURN count(t.title) AS n", {})
    assert not _scans(driver, database, "MATCH (t:Task {id: $id}) RETURN t.title", {"id": "x"})

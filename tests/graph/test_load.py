"""Loading: constraints, idempotency (3x in a row, 4x at once), versions, removal, atomicity."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from graph import load as loader
from graph import queries
from graph.schema import constraints, ensure_schema
from ingest.extract import extract_file, extract_text
from ontology.vocab import KEYS
from tests.conftest import DEV, SAMPLE, run_cli
from tests.graph.conftest import load_sample, wipe

pytestmark = pytest.mark.neo4j


def counts(driver: Driver, database: str) -> dict[str, Any]:
    return loader.stats(driver, database)


def test_constraints_cover_every_key(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    ensure_schema(driver, database)  # idempotent
    listed = {(tuple(c["labelsOrTypes"]), tuple(c["properties"])) for c in constraints(driver, database)}
    for label, key in KEYS.items():
        assert ((label.value,), (key,)) in listed


def test_ingest_three_times_changes_nothing(empty_graph: tuple[Driver, str]) -> None:
    first = load_sample(*empty_graph)
    once = counts(*empty_graph)
    assert first.status == "created" and first.tasks == 20
    for _ in range(2):
        assert load_sample(*empty_graph).status == "unchanged"
    assert counts(*empty_graph) == once
    assert once["nodes"]["Task"] == 20 and once["nodes"]["Policy"] == 1
    assert once["relationships"]["LEADS"] == 39


def test_four_concurrent_ingests_equal_one(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    load_sample(driver, database)
    expected = counts(driver, database)
    wipe(driver, database)
    ensure_schema(driver, database)
    ex = extract_file(SAMPLE)
    text = SAMPLE.read_text(encoding="utf-8")
    errors: list[BaseException] = []
    statuses: list[str] = []

    def worker() -> None:
        try:
            statuses.append(loader.load(driver, database, ex, text).status)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(statuses).count("created") == 1
    assert counts(driver, database) == expected


def test_two_documents_share_departments(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    load_sample(driver, database)
    other = "山东省人民政府办公厅关于推进物流发展的通知\n各市人民政府：\n一、任务\n（一）冷链物流。建设冷链基地。（省商务厅、省发改委负责）\n山东省人民政府办公厅\n2023年1月5日"
    loader.load(driver, database, extract_text(other), other)
    records, _, _ = driver.execute_query(
        "MATCH (d:Department {key: '山东省|省发展改革委'}) RETURN count(d) AS n, d.aliases AS aliases",
        database_=database,
    )
    assert records[0]["n"] == 1
    assert "省发改委" in records[0]["aliases"] and "山东省发展和改革委员会" in records[0]["aliases"]
    records, _, _ = driver.execute_query(
        "MATCH (d:Department {name: '省商务厅'})-[r]->(:Task) RETURN count(DISTINCT r.doc_id) AS docs",
        database_=database,
    )
    assert records[0]["docs"] == 2


def test_new_version_replaces_tasks_cleanly(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    v1 = "山东省人民政府关于甲的通知\n鲁政发〔2023〕1号\n各市：\n一、任务\n（一）甲。做好甲。（省商务厅负责）\n（二）乙。做好乙。（省科技厅负责）\n山东省人民政府\n2023年1月5日"
    v2 = v1.replace("（二）乙。做好乙。（省科技厅负责）", "（二）丙。做好丙。（省财政厅负责）")
    loader.load(driver, database, extract_text(v1), v1)
    result = loader.load(driver, database, extract_text(v2), v2)
    assert result.status == "replaced" and len(result.replaced) == 1
    records, _, _ = driver.execute_query(
        "MATCH (p:Policy)-[:HAS_TASK]->(t:Task) RETURN count(DISTINCT p) AS p, collect(t.title) AS titles",
        database_=database,
    )
    assert records[0]["p"] == 1 and sorted(records[0]["titles"]) == ["丙", "甲"]
    records, _, _ = driver.execute_query(
        "MATCH (d:Department {name: '省科技厅'}) RETURN count(d) AS n", database_=database
    )
    assert records[0]["n"] == 0  # no document refers to it any more
    replaced = counts(driver, database)
    # the earlier version is kept (its text, no tasks), linked by SUPERSEDES; the rest is exactly the
    # graph of the new version alone
    assert replaced["nodes"].pop("PolicyVersion") == 1 and replaced["relationships"].pop("SUPERSEDES") == 1
    wipe(driver, database)
    loader.load(driver, database, extract_text(v2), v2)
    assert counts(driver, database) == replaced


def test_remove_document(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    result = load_sample(driver, database)
    loader.remove(driver, database, result.doc_id[:12])
    assert counts(driver, database)["nodes"].get("Task", 0) == 0
    assert counts(driver, database)["nodes"].get("Department", 0) == 0


def test_fulltext_search_finds_topics(sample_graph: tuple[Driver, str]) -> None:
    driver, database = sample_graph
    for topic, expected in (("区块链", {"二.3", "三.1"}), ("冷链", {"二.7", "二.8"}), ("数据安全", {"三.4"})):
        records, _, _ = driver.execute_query(
            "CALL db.index.fulltext.queryNodes('task_text', $q) YIELD node WHERE node:Task RETURN node.path_text AS p",
            q=f'"{topic}"',
            database_=database,
        )
        assert expected <= {r["p"] for r in records}, topic


def test_cli_ingest_stats_and_remove(
    neo4j_server: object, empty_graph: tuple[Driver, str], tmp_path: Any
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 40)
    result = run_cli("ingest", str(SAMPLE), str(bad))
    assert result.returncode == 1  # one file failed, the other loaded
    assert "1 loaded, 1 failed" in result.stdout and "binary" in result.stdout
    stats = run_cli("stats", "--format", "json")
    assert stats.returncode == 0
    import json

    body = json.loads(stats.stdout)
    assert set(body) == {"nodes", "relationships"} and body["nodes"]["Task"] == 20


def test_documents_citing_the_same_number_are_not_versions(empty_graph: tuple[Driver, str]) -> None:
    """Two documents that cite one State Council opinion stay two documents (neither replaces the other)."""
    driver, database = empty_graph
    cite = "为贯彻落实《国务院办公厅关于推进电子商务的意见》（国办发〔2018〕126号），提出如下意见。\n"
    docs = [
        f"山东省人民政府关于{topic}的意见\n各市人民政府：\n{cite}一、任务\n（一）{topic}。做好{topic}。（省商务厅负责）\n"
        "山东省人民政府\n2023年1月5日"
        for topic in ("冷链物流", "跨境电商")
    ]
    statuses = [loader.load(driver, database, extract_text(d), d).status for d in docs]
    assert statuses == ["created", "created"]
    assert counts(driver, database)["nodes"]["Policy"] == 2


def test_different_documents_racing_on_shared_departments(empty_graph: tuple[Driver, str]) -> None:
    """Eight different documents naming the same departments, loaded four at a time: no duplicate
    department, no failed load, every document complete."""
    driver, database = empty_graph
    units = ["省发展改革委", "省商务厅", "省交通运输厅", "省财政厅", "省科技厅"]
    docs = []
    for i in range(8):
        lead, *support = units[i % 5 :] + units[: i % 5]
        docs.append(
            f"山东省人民政府关于任务{i}的通知\n各市人民政府：\n一、任务\n"
            + "".join(
                f"（{'一二三四五六'[k]}）事项{i}-{k}。做好事项{i}-{k}。（{lead}牵头，{'、'.join(support)}参与）\n"
                for k in range(6)
            )
            + "山东省人民政府\n2023年1月5日"
        )
    extractions = [(extract_text(d), d) for d in docs]
    errors: list[BaseException] = []
    statuses: list[str] = []

    def worker(part: list[tuple[Any, str]]) -> None:
        for ex, text in part:
            try:
                statuses.append(loader.load(driver, database, ex, text).status)
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(extractions[k::4],)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and statuses == ["created"] * 8
    got = counts(driver, database)
    assert got["nodes"]["Department"] == 6  # the five and the issuer
    assert got["nodes"]["Policy"] == 8 and got["nodes"]["Task"] == 48
    assert got["relationships"]["LEADS"] == 48 and got["relationships"]["SUPPORTS"] == 48 * 4
    records, _, _ = driver.execute_query(
        "MATCH (d:Department) RETURN d.name AS name ORDER BY name", database_=database
    )
    names = [r["name"] for r in records]
    assert len(names) == len(set(names)) == 6 and set(units) <= set(names)
    records, _, _ = driver.execute_query(
        "MATCH (p:Policy)-[:HAS_TASK]->(t:Task)<-[:LEADS]-(:Department) RETURN p.id AS p, count(t) AS n",
        database_=database,
    )
    assert [r["n"] for r in records] == [6] * 8


PLAN_SCANS = ("AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "DirectedAllRelationshipsScan")


def load_operators(driver: Driver, database: str, path: Path) -> list[tuple[str, int]]:
    """(operator, rows) of every step of the PROFILEd load statement for the document at `path`."""
    rows = loader.build_rows(extract_file(path), path.read_text(encoding="utf-8"))
    profiled = driver.execute_query(
        "PROFILE " + queries.LOAD_DOCUMENT, loader.load_parameters(rows), database_=database
    )
    assert profiled.records[0]["fresh"] is True
    operators: list[tuple[str, int]] = []
    todo = [profiled.summary.profile]
    while todo:
        op = todo.pop()
        operators.append((op["operatorType"].split("@")[0], op.get("rows", 0)))
        todo += op.get("children", [])
    return operators


def test_loading_a_document_scans_nothing(empty_graph: tuple[Driver, str]) -> None:
    """The load statement reaches every node through a constrained key: a document loads in the same
    time into a graph of any size. (The planner once scanned every shared node for the orphan clean-up
    that only a replacement needs, and checked the condition afterwards.)"""
    driver, database = empty_graph
    load_sample(driver, database)
    operators = load_operators(driver, database, sorted(DEV.glob("*.txt"))[0])
    assert len(operators) > 50 and any(name == "NodeUniqueIndexSeek(Locking)" and n for name, n in operators)
    assert [(name, n) for name, n in operators if name in PLAN_SCANS and n] == []

"""Researchers' Cypher bounded in bytes as well as rows and time (issue "no input costs gigabytes"):
a huge or deeply nested value never leaves Neo4j (a short marker stands in for it), rows stop at the byte
cap, Neo4j's memory limit and the timeout answer a prompt 400 that says so, every allow-listed procedure
runs, and ordinary queries keep their exact columns and rows through the wrapper."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import neo4j
import pytest
from neo4j import Driver

from graph.db import readable
from graph.readonly_cypher import ALLOWED_PROCEDURES, DEFAULT_MAX_BYTES, check_query, run_readonly, to_json
from ontology.errors import QueryRejectedError
from tests.conftest import ApiServer, run_cli, start_api, stop_api
from tests.graph.test_cookbook import cookbook

pytestmark = pytest.mark.neo4j

CAP = DEFAULT_MAX_BYTES  # the servers here run with the default POLICYKG_QUERY_MAX_BYTES
TOO_LARGE = f"…（值过大，已省略：超过 {CAP} 字节）"
TOO_DEEP = "…（嵌套超过 5 层，已省略）"


@pytest.fixture(scope="module")
def roomy_api(
    neo4j_env: dict[str, str], sample_graph: tuple[Driver, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """A server of this module's own: a 30 s query timeout, so that only Neo4j's memory limit can stop the
    memory hog below, and a process whose peak memory only these tests move."""
    env = {**neo4j_env, "POLICYKG_QUERY_TIMEOUT": "30", "POLICYKG_RATE_LIMIT_PER_MINUTE": "600"}
    api = start_api(env, tmp_path_factory.mktemp("roomy") / "api.log")
    try:
        yield api
    finally:
        stop_api(api)


def post(api: ApiServer, query: str, params: dict[str, Any] | None = None) -> tuple[httpx.Response, float]:
    with api.client() as c:
        start = time.monotonic()
        r = c.post("/api/cypher", json={"query": query, "params": params or {}})
        return r, time.monotonic() - start


def peak_rss(api: ApiServer) -> int:
    """The API process's peak resident memory so far (VmHWM), in bytes."""
    with open(f"/proc/{api.proc.pid}/status", encoding="ascii") as fh:
        line = next(li for li in fh if li.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


# --- huge values -------------------------------------------------------------------------------------


def test_huge_lists_come_back_as_a_marker_at_once_and_cost_the_api_nothing(roomy_api: ApiServer) -> None:
    # before: a 39 MB body for range(1,5000000); no answer in 90 s (and ~250 MB decoded) for 50000000
    assert post(roomy_api, "RETURN 1 AS warm")[0].status_code == 200
    before = peak_rss(roomy_api)
    for query in ("RETURN range(1,5000000) AS r", "RETURN range(1,50000000) AS r"):
        r, took = post(roomy_api, query)
        assert r.status_code == 200, r.text
        assert took < 5, (query, took)
        assert len(r.content) < CAP
        assert r.json() == {
            "columns": ["r"],
            "rows": [[TOO_LARGE]],
            "truncated": True,
            "truncated_reason": "values",
            "omitted_values": 1,
        }
    assert peak_rss(roomy_api) - before < 100 * 1024 * 1024


@pytest.mark.parametrize(
    ("query", "marker"),
    [
        ("RETURN [x IN range(1,100) | [y IN range(1,100) | range(1,10000)]] AS r", TOO_LARGE),  # 10^8 ints
        # 2.56 million strings four lists deep
        (
            "RETURN [a IN range(1,40) | [b IN range(1,40) | [c IN range(1,40) | [d IN range(1,40) | 'x']]]] AS r",
            TOO_LARGE,
        ),
        ("RETURN reduce(l = null, i IN range(1, 30) | [l, l]) AS r", TOO_DEEP),  # 2^30 nulls, 30 lists deep
        ("RETURN reduce(l = null, i IN range(1, 100) | [l]) AS r", TOO_DEEP),
        ("RETURN reduce(s = 'x', i IN range(1, 24) | s + s) AS r", TOO_LARGE),  # a 16 MB string
        ("RETURN {a: {b: [range(1, 5000000)]}} AS r", TOO_LARGE),
    ],
)
def test_nested_bombs_are_left_out_quickly(api: ApiServer, query: str, marker: str) -> None:
    r, took = post(api, query)
    assert r.status_code == 200, r.text
    assert took < 5, took
    assert r.json()["rows"] == [[marker]] and r.json()["truncated"] is True
    assert len(r.content) < 1000


def test_a_large_value_next_to_small_ones_keeps_the_small_ones(api: ApiServer) -> None:
    r, _ = post(api, "RETURN 1 AS a, range(1, 50000000) AS big, '省商务厅' AS name, [1, [2, 3]] AS small")
    body = r.json()
    assert body["columns"] == ["a", "big", "name", "small"]
    # the row as a whole is over the cap: its values over an equal share of it (a quarter) are left out
    assert body["rows"] == [[1, f"…（值过大，已省略：超过 {CAP // 4} 字节）", "省商务厅", [1, [2, 3]]]]
    assert body["truncated_reason"] == "values" and body["omitted_values"] == 1


def test_a_value_under_the_cap_comes_back_whole(api: ApiServer) -> None:
    r, _ = post(api, "RETURN range(1, 300000) AS r")
    body = r.json()
    assert body["truncated"] is False and body["rows"][0][0] == list(range(1, 300001))
    assert len(r.content) < CAP


# --- many rows ---------------------------------------------------------------------------------------


def test_many_medium_rows_stop_at_the_byte_cap(api: ApiServer) -> None:
    r, took = post(api, "UNWIND range(1, 1000) AS i RETURN i, range(1, 100000) AS r")
    assert r.status_code == 200, r.text
    assert took < 10, took
    body = r.json()
    assert body["truncated"] is True and body["truncated_reason"] == "bytes"
    assert 1 <= len(body["rows"]) < 1000
    assert [row[0] for row in body["rows"]] == list(range(1, len(body["rows"]) + 1))  # whole rows, in order
    assert all(row[1] == list(range(1, 100001)) for row in body["rows"])
    assert CAP - 700_000 < len(r.content) <= CAP  # as many rows as fit: one more (~690 KB) would not


def test_the_row_cap_says_rows(api: ApiServer) -> None:
    body = post(api, "UNWIND range(1, 5000) AS x RETURN x")[0].json()
    assert body["truncated"] is True and body["truncated_reason"] == "rows" and len(body["rows"]) == 1000


# --- Neo4j's limits ----------------------------------------------------------------------------------


def test_neo4js_memory_limit_is_a_prompt_readable_400_not_a_retried_503(roomy_api: ApiServer) -> None:
    # before: execute_read retried it for ~30 s, then 503 "busy or unavailable"
    r, took = post(roomy_api, "UNWIND range(1,30000000) AS i WITH collect(toString(i)) AS c RETURN size(c)")
    assert r.status_code == 400, r.text
    assert took < 10, took
    body = r.json()
    assert body["code"] == "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
    assert body["detail"].startswith("the query needs more memory than Neo4j allows one query")
    assert "db.memory.transaction.max" in body["detail"] and "narrow it" in body["detail"]


def test_a_string_over_javas_limit_is_a_readable_400(roomy_api: ApiServer) -> None:
    # 2^15 × 2^16 = 2^31 characters: Neo4j refuses it before allocating (a doubling to 2^30 characters
    # instead exhausts the JVM heap itself, which stops Neo4j: not a test to run)
    query = (
        "WITH reduce(s = 'x', i IN range(1, 15) | s + s) AS a, reduce(s = 'x', i IN range(1, 16) | s + s) AS b "
        "RETURN size(replace(a, 'x', b)) AS n"
    )
    r, took = post(roomy_api, query)
    assert r.status_code == 400, r.text
    assert took < 10
    assert r.json()["code"] == "Neo.TransientError.General.OutOfMemoryError"
    assert "builds a value larger than it can hold" in r.json()["detail"]


def test_the_timeout_names_its_limit(api: ApiServer) -> None:
    r, took = post(api, "MATCH (a), (b), (c), (d) WHERE id(a) + id(b) + id(c) + id(d) = -1 RETURN count(*)")
    assert r.status_code == 400  # the shared test server runs with POLICYKG_QUERY_TIMEOUT=3
    assert r.json()["code"].startswith("Neo.ClientError.Transaction.TransactionTimedOut")
    assert r.json()["detail"].startswith("the query ran past the query timeout of 3 s")
    assert took < 15


def test_unreadable_neo4j_messages_become_sentences() -> None:
    code = "Neo.DatabaseError.General.UnknownError"
    for said in ("-2147483648", "", "  ", None):
        text = readable(code, said)
        assert code in text and "2,147,483,647" in text and "narrow the query" in text
    assert "'-2147483648'" in readable(code, "-2147483648")
    assert readable(code, "Invalid input 'x'") == "Invalid input 'x'"


# --- procedures --------------------------------------------------------------------------------------

REL_INDEX = "policykg_test_role_sentence"
CALLS = {
    "db.index.fulltext.querynodes": "CALL db.index.fulltext.queryNodes('task_text', '区块链')",
    "db.index.fulltext.queryrelationships": f"CALL db.index.fulltext.queryRelationships('{REL_INDEX}', '商务厅')",
    "db.labels": "CALL db.labels()",
    "db.relationshiptypes": "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
    "db.propertykeys": "CALL db.propertyKeys",
    "db.schema.visualization": "CALL db.schema.visualization()",
    "db.schema.nodetypeproperties": "CALL db.schema.nodeTypeProperties() YIELD nodeType, propertyName",
    "db.schema.reltypeproperties": "CALL db.schema.relTypeProperties() YIELD *",
    "dbms.components": "CALL dbms.components()",  # EXPLAIN calls it "s" (DBMS mode), not "r"
}


def direct(
    graph: tuple[Driver, str], query: str, params: dict[str, Any]
) -> tuple[list[str], list[list[Any]]]:
    """The query as it is, unbounded, in a READ transaction: what run_readonly must reproduce."""
    driver, database = graph
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
        with s.begin_transaction() as tx:
            result = tx.run(check_query(query), params)
            return list(result.keys()), [[to_json(v) for v in rec.values()] for rec in result]


@pytest.fixture(scope="module")
def relationship_index(sample_graph: tuple[Driver, str]) -> Iterator[None]:
    """policykg has no full-text index on relationships; one for the test of queryRelationships."""
    driver, database = sample_graph
    driver.execute_query(
        f"CREATE FULLTEXT INDEX {REL_INDEX} IF NOT EXISTS FOR ()-[r:LEADS]-() ON EACH [r.sentence] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
        database_=database,
    )
    driver.execute_query("CALL db.awaitIndexes(120)", database_=database)
    try:
        yield
    finally:
        driver.execute_query(f"DROP INDEX {REL_INDEX} IF EXISTS", database_=database)


def test_every_allowed_procedure_is_tested() -> None:
    assert set(CALLS) == ALLOWED_PROCEDURES


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_allowed_procedure_runs(
    sample_graph: tuple[Driver, str], relationship_index: None, name: str
) -> None:
    result = run_readonly(*sample_graph, CALLS[name], {}, 10.0, 1000)
    assert result.rows, name
    assert result.truncated is False
    columns, rows = direct(sample_graph, CALLS[name], {})
    if name == "db.schema.visualization":  # its virtual nodes get new negative ids at each call
        assert result.columns == columns
        assert [[n["labels"] for n in r[0]] for r in result.rows] == [
            [n["labels"] for n in r[0]] for r in rows
        ]
    else:
        assert (result.columns, result.rows) == (columns, rows)


@pytest.mark.parametrize(
    "query",
    [
        "CALL db.info()",
        "CALL dbms.info()",
        "CALL db.ping()",
        "CALL dbms.listConnections()",
        "CALL dbms.queryJmx('*:*')",
        "CALL db.stats.retrieve('GRAPH COUNTS')",
        "CALL dbms.clientConfig()",
        "CALL dbms.components() YIELD name CALL db.info() YIELD id RETURN name, id",
    ],
)
def test_read_procedures_off_the_list_are_rejected(sample_graph: tuple[Driver, str], query: str) -> None:
    with pytest.raises(QueryRejectedError, match="is not allowed"):
        run_readonly(*sample_graph, query, {}, 10.0, 1000)


# --- ordinary queries: the same columns and rows through the wrapper ---------------------------------

ORDINARY = [
    "RETURN count(*)",
    "MATCH (d:Department)-[:LEADS]->(t:Task) RETURN d.name, count(t) ORDER BY count(t) DESC",  # README
    "MATCH (n:Department) RETURN n.name, n ORDER BY n.name LIMIT 3",
    "MATCH (d:Department) RETURN d.name UNION MATCH (s:Sector) RETURN s.name AS `d.name`",
    "MATCH (d:Department) RETURN d.name AS n UNION ALL MATCH (s:Sector) RETURN s.name AS n",
    "RETURN 1 AS a, 2 AS b UNION RETURN 4 AS b, 3 AS a",
    "MATCH (d:Department) WHERE EXISTS { MATCH (d)-[:LEADS]->() RETURN 1 } RETURN d.name ORDER BY d.name LIMIT 2",
    "MATCH (d:Department) RETURN d.name, COUNT { (d)-[:LEADS]->() } AS c, "
    "COLLECT { MATCH (d)-[:LEADS]->(t) RETURN t.path ORDER BY t.path } ORDER BY c DESC, d.name LIMIT 3",
    "CALL () { MATCH (d:Department) RETURN d ORDER BY d.name LIMIT 2 } RETURN d.name",
    "CALL { MATCH (d:Department) RETURN d ORDER BY d.name LIMIT 2 } RETURN d.name, 'RETURN x, y' AS s, \"a,b\"",
    "MATCH (n) // RETURN fake, x\n RETURN count(n) /* RETURN a, b */",
    "RETURN 1 /* c */ + 2, 'x' AS `a``b` // a comment at the end",
    "MATCH (d:Department) RETURN d.name ORDER BY d.name SKIP 2 LIMIT 3",
    "match (d:Department) return distinct d.level as level order by level",
    "MATCH (d:Department) RETURN DISTINCT d.level ORDER BY d.level",
    "CYPHER runtime=slotted MATCH (d:Department) RETURN d.name ORDER BY d.name LIMIT 2",
    "MATCH (n:Policy) WITH n.title AS t RETURN *, size(t)",
    "MATCH (d:Department) RETURN d {.name, .level} ORDER BY d.name LIMIT 2",
    "RETURN [x IN range(1,3) | x], coalesce(null, 1, 2), CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END",
    "MATCH (d:Department) RETURN d.name AS 部门 ORDER BY 部门 LIMIT 2",
    "RETURN $n AS n, $n + 1",
    "RETURN 1 AS x LIMIT 0",
    "OPTIONAL MATCH (n:Nope) RETURN n, count(*) AS c",
    "MATCH p = (:Policy)-[:HAS_SECTION]->(:Section) RETURN p ORDER BY elementId(last(nodes(p))) LIMIT 1",
    "MATCH (a)-[r:LEADS]->(b) RETURN r, type(r) ORDER BY elementId(r) LIMIT 2",
    "RETURN 1 AS `return`, 2 AS `order by`",
    "MATCH (d:Department) RETURN d.name, d.aliases ORDER BY d.name LIMIT 3;",
    "RETURN date('2024-01-02') AS d, duration('P1D') AS du, point({x: 1, y: 2}) AS p, 1.0 / 0 AS inf",
    "RETURN {a: [1, {b: 'x'}], c: null} AS m",
    "RETURN\n  1\n  +\n  2",
    "CALL db.index.fulltext.queryNodes('task_text', '区块链') YIELD node, score RETURN node.title, score ORDER BY score DESC",
    "CALL db.propertyKeys() YIELD propertyKey AS k RETURN k ORDER BY k LIMIT 3",
    "CALL db.labels() YIELD label AS l",
    "MATCH (p:Policy) RETURN collect(p) AS policies",
    "MATCH p = (:Policy)-[*1..2]->() WITH p ORDER BY [r IN relationships(p) | elementId(r)] RETURN collect(p) AS paths",
    *cookbook().values(),
]


@pytest.mark.parametrize("query", ORDINARY)
def test_ordinary_queries_keep_their_columns_and_rows(sample_graph: tuple[Driver, str], query: str) -> None:
    params = {"n": 5}
    result = run_readonly(*sample_graph, query, params, 10.0, 1000)
    assert (result.columns, result.rows) == direct(sample_graph, query, params)
    assert result.truncated is False and result.truncated_reason is None


def test_a_query_the_wrapper_cannot_bound_is_refused_with_what_to_change(
    sample_graph: tuple[Driver, str],
) -> None:
    # a procedure's arguments taken from parameters of the same name work only in a standalone call
    params = {"indexName": "task_text", "queryString": "区块链"}
    with pytest.raises(QueryRejectedError, match="write a procedure's arguments in its parentheses"):
        run_readonly(*sample_graph, "CALL db.index.fulltext.queryNodes", params, 10.0, 1000)


@pytest.mark.parametrize(
    ("query", "params"), [("RETURN 1 AS __pke", {}), ("RETURN $__pkmax AS x", {"__pkmax": 1})]
)
def test_the_wrappers_names_are_reserved(
    sample_graph: tuple[Driver, str], query: str, params: dict[str, Any]
) -> None:
    with pytest.raises(QueryRejectedError, match="reserved"):
        run_readonly(*sample_graph, query, params, 10.0, 1000)


def test_cli_cypher_is_bounded_too(api: ApiServer) -> None:
    start = time.monotonic()
    done = run_cli("cypher", "RETURN range(1,50000000) AS r", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 30
    assert json.loads(done.stdout) == {
        "columns": ["r"],
        "rows": [[TOO_LARGE]],
        "truncated": True,
        "truncated_reason": "values",
        "omitted_values": 1,
    }
    table = run_cli(
        "cypher",
        "UNWIND range(1, 1000) AS i RETURN i, '政策文本' AS t",
        env={"POLICYKG_QUERY_MAX_BYTES": "2048"},
    )
    assert table.returncode == 0 and "truncated at 2048 bytes" in table.stdout, table.stderr

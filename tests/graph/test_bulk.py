"""Bulk loading (graph/bulk.py): rows written as CSV and imported by Neo4j's own `neo4j-admin database import`
into a real server of this module's own (stopped and started again by the bulk path, so that the session's
server, and the API processes that hold its bookmarks, are never disturbed) give EXACTLY the graph the
transactional loader gives for the same files in the same order — every node, relationship and property,
versions, citations and shared nodes included; later ingests are transactional and idempotent; a database
that holds anything is refused and left as it was."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from api.drivers import open_driver
from bench.corpus_gen import write
from graph import bulk, localserver
from graph.ingest_batch import ingest_files, prepared
from graph.settings import Settings
from ontology.errors import InputError, SetupError
from tests.conftest import ROOT, SAMPLE, free_port, run_cli
from tests.graph.conftest import reset, snapshot, wipe

pytestmark = pytest.mark.neo4j

CITED = ROOT / "data" / "dev" / "01_guobanfa-2018-129-consumption-poverty-alleviation-ecommerce.txt"
TABLE = ROOT / "data" / "dev" / "08_guobanfa-2018-126-innovation-reforms-table.txt"
LATER = ROOT / "data" / "local" / "34_luohu-2026-ai-opc.txt"


# this module's own Neo4j: the fixtures of the same names in tests/conftest.py, for this module only
@pytest.fixture(scope="module")
def neo4j_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if os.environ.get("NEO4J_URI"):
        pytest.skip("bulk loading needs the local server (NEO4J_URI is set)")
    return {
        "POLICYKG_HOME": str(tmp_path_factory.mktemp("bulk-home")),
        "POLICYKG_BOLT_PORT": str(free_port()),
        "POLICYKG_HTTP_PORT": str(free_port()),
        "POLICYKG_NEO4J_HEAP": "1g",
        "POLICYKG_NEO4J_PAGECACHE": "256m",
    }


@pytest.fixture(scope="module")
def settings(neo4j_env: dict[str, str]) -> Iterator[Settings]:
    old = {k: os.environ.get(k) for k in neo4j_env}
    os.environ.update(neo4j_env)
    own = Settings()
    localserver.start(own)
    try:
        yield own
    finally:
        localserver.stop(own)
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def driver(settings: Settings) -> Iterator[Driver]:
    own = open_driver(localserver.credentials(settings))
    try:
        yield own
    finally:
        own.close()


@pytest.fixture(scope="module")
def database(settings: Settings) -> str:
    return localserver.credentials(settings).database


def implementing(city: str, number: int, lead: str = "商务局") -> str:
    """A city's notice implementing 国办发〔2018〕129号 (a citation), with its own 文号."""
    short = city[:-1]
    return (
        f"{city}人民政府办公室关于深入开展消费扶贫的实施意见\n{city[:2]}政办〔2019〕{number}号\n"
        "各区县人民政府，市政府各部门：\n为贯彻落实《国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的"
        "指导意见》（国办发〔2018〕129号）精神，现提出如下意见。\n一、重点任务\n"
        f"（一）组织消费扶贫专项行动。（{short}市{lead}牵头，{short}市农业农村局配合）\n"
        f"（二）推进电商平台对接，2020年底前实现销售额100亿元。（{short}市{lead}负责）\n"
        f"{city}人民政府办公室\n2019年3月1日"
    )


def county_notice() -> str:
    """A county implementing Hangzhou's notice (杭州政办〔2019〕3号), which is replaced later in the batch."""
    return (
        "桐庐县人民政府办公室关于落实消费扶贫工作的通知\n桐政办〔2019〕8号\n各乡镇人民政府，县政府各部门：\n"
        "为贯彻落实《杭州市人民政府办公室关于深入开展消费扶贫的实施意见》（杭州政办〔2019〕3号），"
        "现通知如下。\n一、工作任务\n（一）开展农产品进机关活动。（县商务局牵头）\n"
        "桐庐县人民政府办公室\n2019年4月1日"
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The files of one batch, in order: a notice citing a document loaded later, a county citing that
    notice, the sample, the cited document, 20 generated documents, a table document, a new version of
    the first notice (same 文号: it supersedes it), a notice citing a document already loaded, the sample
    again under another name (unchanged) and an empty file (refused)."""
    root = tmp_path_factory.mktemp("bulk")
    generated, _ = write(root / "gen", 20, seed=2121)
    own = root / "own"
    own.mkdir()
    texts = {
        "a-hangzhou-v1.txt": implementing("杭州市", 3),
        "b-tonglu.txt": county_notice(),
        "y-hangzhou-v2.txt": implementing("杭州市", 3, lead="发展改革委"),
        "z-wuhan.txt": implementing("武汉市", 12),
    }
    for name, text in texts.items():
        (own / name).write_text(text, encoding="utf-8")
    shutil.copy(SAMPLE, own / "sample-again.txt")
    (own / "empty.txt").write_bytes(b"")
    return [
        own / "a-hangzhou-v1.txt", own / "b-tonglu.txt", SAMPLE, CITED, *generated, TABLE,
        own / "y-hangzhou-v2.txt", own / "z-wuhan.txt", own / "sample-again.txt", own / "empty.txt",
    ]  # fmt: skip


def statuses(outcomes: list[bulk.FileOutcome]) -> list[str]:
    return [o.result.status if o.result else "failed" for o in outcomes]


def test_bulk_import_gives_the_graph_the_transactional_loader_gives(
    driver: Driver, database: str, settings: Settings, batch: list[Path], tmp_path: Path
) -> None:
    reset(driver, database)
    loaded = ingest_files(driver, database, batch, jobs=2, loaders=1)  # one after another, in file order
    expected = snapshot(driver, database)
    assert statuses(loaded)[-4:] == ["replaced", "created", "unchanged", "failed"]
    assert any('"IMPLEMENTS"' in line for line in expected[1]) and any(
        "PolicyVersion" in n for n in expected[0]
    )

    wipe(driver, database)
    steps: list[str] = []
    report = bulk.bulk_load(
        settings, driver, database, prepared(batch, 2), tmp_path / "csv", lambda s, _m: steps.append(s)
    )
    assert statuses(report.outcomes) == statuses(loaded)
    assert steps == ["extract", "csv", "import", "restart", "indexes"]
    assert localserver.status(settings).running and not (tmp_path / "csv").exists()
    got = snapshot(driver, database)
    for kind, mine, theirs in (("nodes", got[0], expected[0]), ("relationships", got[1], expected[1])):
        assert sorted(set(theirs) - set(mine))[:5] == [], f"{kind} only the transactional load has"
        assert sorted(set(mine) - set(theirs))[:5] == [], f"{kind} only the bulk load has"
    assert got == expected  # duplicates included
    # the load times are set (not compared): every document has its ingested_at, a version its superseded_at
    rows, _, _ = driver.execute_query(
        "MATCH (p:Policy|PolicyVersion) RETURN p.ingested_at IS NOT NULL AS i, "
        "p:Policy OR p.superseded_at IS NOT NULL AS s",
        database_=database,
    )
    assert all(r["i"] and r["s"] for r in rows)
    # the schema is in place: constraints, indexes and the full-text indexes answer
    found, _, _ = driver.execute_query(
        "CALL db.index.fulltext.queryNodes('task_text', '消费扶贫') YIELD node RETURN count(node) AS n",
        database_=database,
    )
    assert found[0]["n"] > 0

    # after the bulk load, ingest is transactional: a new document is created, a loaded one unchanged
    later = ingest_files(driver, database, [LATER, SAMPLE, batch[-3]], jobs=1, loaders=1)
    assert statuses(later) == ["created", "unchanged", "unchanged"]

    # a database that holds anything is refused, before anything is done, and stays as it was
    before = snapshot(driver, database)
    with pytest.raises(InputError, match="new or emptied database"):
        bulk.bulk_load(settings, driver, database, prepared([CITED], 1), tmp_path / "again")
    assert snapshot(driver, database) == before
    assert localserver.status(settings).running


def test_a_failed_import_leaves_the_empty_database_as_it_was(
    driver: Driver, database: str, settings: Settings, tmp_path: Path
) -> None:
    reset(driver, database)
    graph = bulk.BulkGraph()
    bulk.extract_into(graph, prepared([SAMPLE], 1))
    # a relationship to a node the CSV does not have: the importer stops on it (no bad entry tolerated)
    graph.rels[-1] = bulk._Rel("LEADS", next(iter(graph.nodes)), 10**9, {})
    with pytest.raises(SetupError, match="undone"):
        bulk.bulk_import(settings, driver, database, graph, tmp_path / "csv")
    assert localserver.status(settings).running
    assert bulk.is_empty(driver, database)


def test_cli_bulk_ingest(
    driver: Driver, database: str, settings: Settings, neo4j_env: dict[str, str], batch: list[Path]
) -> None:
    files = [str(p) for p in batch[2:6]]
    reset(driver, database)
    ingest_files(driver, database, [Path(f) for f in files], jobs=1, loaders=1)
    expected = snapshot(driver, database)
    # from here the CLI stops and starts the server: stopped here first, so that this process does not
    # keep a server it started and another process stopped (the CLI starts it again)
    localserver.stop(settings)
    refused = run_cli("ingest", "--bulk", *files, env=neo4j_env)
    assert refused.returncode == 1 and "new or emptied database" in refused.stderr
    assert snapshot(driver, database) == expected

    wipe(driver, database)
    done = run_cli("ingest", "--bulk", "--jobs", "1", *files, env=neo4j_env)
    assert done.returncode == 0, done.stderr
    for stage in ("extract:", "csv:", "import:", "restart:", "indexes:"):
        assert stage in done.stderr
    assert "4 loaded, 0 failed" in done.stdout
    # this process's driver still holds bookmarks of the store the import replaced (as would a running
    # `policykg serve`): they are let go, as the bulk path does for its own driver
    bulk.forget_bookmarks(driver, database)
    assert snapshot(driver, database) == expected
    assert localserver.status(settings).running

    remote = run_cli(
        "ingest", "--bulk", files[0], env={"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "x" * 16}
    )
    assert remote.returncode == 1 and "needs the local Neo4j" in remote.stderr

"""Document identity: a document replaces another only on evidence (the same 文号 or the same issuer and
title, in the same region, or an explicit `replaces`); a replaced document is kept as a PolicyVersion,
listed by `versions` and brought back by `restore`; generic titles repeated across places never merge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from graph import load as loader
from ingest.extract import extract_text
from ontology.errors import NotFoundError
from tests.conftest import run_cli

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
GENERIC = "关于加强数据安全工作的通知"


def places(n: int) -> list[str]:
    """n real cities (地级市) of many provinces, from the bundled region table."""
    found: list[str] = []
    for line in (ROOT / "ingest" / "data" / "regions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        found += [c + "市" for c in (cols[3] if len(cols) > 3 else "").split("、") if c]
    assert len(found) >= n
    return found[:n]


def local_notice(city: str, body: str = "做好数据安全工作") -> str:
    return (
        f"{city}人民政府办公室{GENERIC}\n各区县人民政府，市政府各部门：\n一、重点任务\n"
        f"（一）{body}。（{city[:-1]}市大数据局负责）\n{city}人民政府办公室\n2023年3月1日"
    )


def read(driver: Driver, database: str, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(query, params, database_=database)
    return [r.data() for r in records]


def current_tasks(driver: Driver, database: str) -> list[str]:
    """The titles of the current documents' tasks."""
    rows = read(driver, database, "MATCH (:Policy)-[:HAS_TASK]->(t:Task) RETURN t.title AS t ORDER BY t")
    return [r["t"] for r in rows]


def test_fifty_same_title_documents_from_fifty_places_are_fifty_documents(
    empty_graph: tuple[Driver, str],
) -> None:
    driver, database = empty_graph
    statuses = []
    for city in places(50):
        text = local_notice(city)
        statuses.append(loader.load(driver, database, extract_text(text, f"{city}.txt"), text).status)
    assert statuses == ["created"] * 50
    rows = read(
        driver, database, "MATCH (p:Policy) RETURN count(p) AS n, count(DISTINCT p.region) AS regions"
    )
    assert rows == [{"n": 50, "regions": 50}]
    assert read(driver, database, "MATCH (v:PolicyVersion) RETURN count(v) AS n") == [{"n": 0}]


def test_same_title_without_issuer_or_number_never_replaces(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    texts = [f"{GENERIC}\n一、重点任务\n（一）做好第{i}项数据安全工作。（市大数据局负责）" for i in range(5)]
    results = [loader.load(driver, database, extract_text(t, "通知.txt"), t) for t in texts]
    assert [r.status for r in results] == ["created"] * 5  # same title, same file name: still five
    assert len(current_tasks(driver, database)) == 5


NUMBERED = (
    "山东省人民政府关于甲的通知\n鲁政发〔2023〕1号\n各市：\n一、任务\n（一）甲。做好甲。（省商务厅负责）\n"
    "（二）乙。做好乙。（省科技厅负责）\n山东省人民政府\n2023年1月5日"
)


def test_a_new_version_keeps_the_old_one_and_restore_brings_it_back(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    v1 = NUMBERED
    v2 = v1.replace("（二）乙。做好乙。（省科技厅负责）", "（二）丙。做好丙。（省财政厅负责）")
    first = loader.load(driver, database, extract_text(v1), v1)
    second = loader.load(driver, database, extract_text(v2), v2)
    assert second.status == "replaced" and second.replaced == [first.doc_id]
    assert current_tasks(driver, database) == ["丙", "甲"]
    kept = read(
        driver, database,
        "MATCH (p:Policy)-[:SUPERSEDES]->(v:PolicyVersion) RETURN p.id AS p, v.id AS v, v.text AS text, "
        "COUNT { (v)--() } AS rels",
    )  # fmt: skip
    assert kept == [{"p": second.doc_id, "v": first.doc_id, "text": v1, "rels": 1}]
    assert [v["id"] for v in loader.versions(driver, database, second.doc_id[:10])] == [first.doc_id]

    restored = loader.restore(driver, database, first.doc_id[:10])
    assert restored.doc_id == first.doc_id and restored.replaced == [second.doc_id]
    assert current_tasks(driver, database) == ["乙", "甲"]
    assert read(driver, database, "MATCH (p:Policy) RETURN p.id AS id") == [{"id": first.doc_id}]
    assert [v["id"] for v in loader.versions(driver, database, first.doc_id)] == [second.doc_id]
    assert read(driver, database, "MATCH (v:PolicyVersion) RETURN count(v) AS n") == [{"n": 1}]

    # a third version: the chain keeps both earlier ones, newest first; remove takes the whole chain
    v3 = v1.replace("做好甲。", "做好甲和丁。")
    third = loader.load(driver, database, extract_text(v3), v3)
    assert [v["id"] for v in loader.versions(driver, database, third.doc_id)] == [first.doc_id, second.doc_id]
    loader.remove(driver, database, third.doc_id)
    assert read(driver, database, "MATCH (n) WHERE n:Policy OR n:PolicyVersion RETURN count(n) AS n") == [
        {"n": 0}
    ]


def test_the_same_number_in_another_region_is_another_document(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    a = "宁波市人民政府关于甲的通知\n〔2023〕1号\n一、任务\n（一）做好甲。（市商务局负责）\n宁波市人民政府\n2023年1月5日"
    b = a.replace("宁波", "南充")
    results = [loader.load(driver, database, extract_text(t), t) for t in (a, b)]
    assert [r.status for r in results] == ["created", "created"]


def test_explicit_replaces(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    old = f"{GENERIC}\n一、重点任务\n（一）做好旧的数据安全工作。（市大数据局负责）"
    new = "关于进一步加强数据安全工作的通知\n一、重点任务\n（一）做好新的数据安全工作。（市大数据局负责）"
    first = loader.load(driver, database, extract_text(old), old)
    with pytest.raises(NotFoundError):
        loader.load(driver, database, extract_text(new), new, replaces=["ffffffffff"])
    second = loader.load(driver, database, extract_text(new), new, replaces=[first.doc_id[:12]])
    assert second.status == "replaced" and second.replaced == [first.doc_id]
    titles = current_tasks(driver, database)
    assert len(titles) == 1 and "新的" in titles[0], titles


def test_cli_reports_both_ids_and_restores(
    neo4j_server: object, empty_graph: tuple[Driver, str], tmp_path: Path
) -> None:
    driver, database = empty_graph
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(NUMBERED, encoding="utf-8")
    v2.write_text(NUMBERED.replace("做好乙。", "做好乙和丙。"), encoding="utf-8")
    assert run_cli("ingest", str(v1)).returncode == 0
    done = run_cli("ingest", str(v2))
    assert done.returncode == 0, done.stderr
    old_id = extract_text(NUMBERED).document.id
    assert f"replaced: {old_id}" in done.stdout and "policykg restore" in done.stdout
    listed = run_cli("versions", extract_text(v2.read_text(encoding="utf-8")).document.id[:12])
    assert old_id[:16] in listed.stdout, listed.stdout
    back = run_cli("restore", old_id[:12])
    assert back.returncode == 0 and "restored" in back.stdout, back.stderr
    assert "乙" in current_tasks(driver, database)
    two = run_cli("ingest", str(v1), str(v2), "--replaces", old_id[:12])
    assert two.returncode == 2 and "exactly one file" in two.stderr

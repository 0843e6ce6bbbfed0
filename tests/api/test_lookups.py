"""REST lookups against the real server and the sample graph."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from neo4j import Driver

from graph import load as loader
from ingest.extract import extract_text
from tests.conftest import ApiServer

pytestmark = pytest.mark.neo4j


def get(api: ApiServer, path: str, **params: object) -> object:
    with api.client() as c:
        r = c.get(path, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


@pytest.mark.parametrize("name", ["现代物流", "物流", "现代物流平台"])
def test_which_departments_co_lead_logistics(api: ApiServer, name: str) -> None:
    body = get(api, f"/api/sectors/{quote(name)}/departments", role="lead")
    assert body["sector"] == "现代物流"  # type: ignore[index]
    assert [d["name"] for d in body["departments"]] == ["省发展改革委", "省商务厅", "省交通运输厅"]  # type: ignore[index]
    ev = body["departments"][0]["evidence"][0]  # type: ignore[index]
    assert ev["sentence"].startswith("(牵头部门:") and ev["policy_id"] and len(ev["span"]) == 2


def test_chinese_is_returned_as_is(api: ApiServer) -> None:
    with api.client() as c:
        r = c.get("/api/sectors")
    assert "现代物流" in r.content.decode("utf-8")  # not \\u escapes


@pytest.mark.parametrize("alias", ["省发展改革委", "省发改委", "山东省发展和改革委员会"])
def test_aliases_resolve_to_the_same_department(api: ApiServer, alias: str) -> None:
    body = get(api, f"/api/departments/{quote(alias)}")
    assert body["department"]["key"] == "山东省|省发展改革委"  # type: ignore[index]
    assert body["counts"] == {"lead": 6, "support": 4, "responsible": 1, "guide": 0}  # type: ignore[index]
    co = {c["name"]: c["tasks"] for c in body["co_leads"]}  # type: ignore[index]
    assert co["省商务厅"] == 4


def test_unknown_department_is_404_with_close_matches(api: ApiServer) -> None:
    with api.client() as c:
        r = c.get(f"/api/departments/{quote('省商务局')}")
    assert r.status_code == 404
    body = r.json()
    assert "省商务厅" in body["suggestions"]


def test_department_tasks_by_role_with_provenance(api: ApiServer) -> None:
    body = get(api, f"/api/departments/{quote('省商务厅')}/tasks", role="lead")
    titles = [t["title"] for t in body["tasks"]]  # type: ignore[index]
    assert titles == ["电子商务平台", "现代物流平台", "大宗商品交易平台", "民生服务平台", "健全统计监测制度"]
    t = body["tasks"][0]  # type: ignore[index]
    assert t["role_zh"] == "牵头" and t["provenance"]["sentence"] == "(牵头部门:省商务厅)"
    support = get(api, f"/api/departments/{quote('省商务厅')}/tasks", role="support")
    assert len(support["tasks"]) == 3  # type: ignore[index]


def test_invalid_role_is_422(api: ApiServer) -> None:
    with api.client() as c:
        r = c.get(f"/api/departments/{quote('省商务厅')}/tasks", params={"role": "boss"})
    assert r.status_code == 422


def test_search_departments(api: ApiServer) -> None:
    body = get(api, "/api/departments", q="商务")
    assert [d["department"]["name"] for d in body] == ["省商务厅"]  # type: ignore[union-attr]


def test_policies_and_task_detail(api: ApiServer) -> None:
    policies = get(api, "/api/policies")
    assert len(policies) == 1 and policies[0]["tasks"] == 20  # type: ignore[index,arg-type]
    pid = policies[0]["id"]  # type: ignore[index]
    detail = get(api, f"/api/policies/{pid[:12]}")
    assert detail["policy"]["date"] == "2022-10-25"  # type: ignore[index]
    task_id = f"{pid[:12]}-task-二.8"
    task = get(api, f"/api/tasks/{quote(task_id)}")
    assert task["task"]["title"] == "现代物流平台"  # type: ignore[index]
    assert {r["department"] for r in task["roles"]} == {"省发展改革委", "省商务厅", "省交通运输厅"}  # type: ignore[index]
    assert task["sectors"] == ["现代物流"]  # type: ignore[index]
    assert all(r["sentence"] and r["span"][0] < r["span"][1] for r in task["roles"])  # type: ignore[index]


def test_targets_by_deadline_and_sector(api: ApiServer) -> None:
    body = get(api, "/api/targets", deadline=2025)
    assert len(body) == 8  # type: ignore[arg-type]
    assert all(t["target"]["sentence"] for t in body)  # type: ignore[union-attr]
    industrial = get(api, "/api/targets", sector="工业互联网")
    assert [t["target"]["indicator"] for t in industrial] == ["工业互联网典型应用场景"]  # type: ignore[union-attr]


def test_health(api: ApiServer) -> None:
    assert get(api, "/health")["neo4j"] == "up"  # type: ignore[index]


def test_answers_follow_writes_by_other_processes(api: ApiServer, sample_graph: tuple[Driver, str]) -> None:
    """The API caches lookups; a document loaded by another process shows within POLICYKG_CACHE_SECONDS."""
    driver, database = sample_graph
    path = f"/api/departments/{quote('省商务厅')}"
    before = get(api, path)["counts"]["responsible"]  # type: ignore[index]
    text = "山东省人民政府关于冷链物流的通知\n各市人民政府：\n一、任务\n（一）冷链。建设冷链基地。（省商务厅负责）\n山东省人民政府\n2023年1月5日"
    result = loader.load(driver, database, extract_text(text), text)
    try:
        deadline = time.monotonic() + 5
        while get(api, path)["counts"]["responsible"] == before and time.monotonic() < deadline:  # type: ignore[index]
            time.sleep(0.1)
        assert get(api, path)["counts"]["responsible"] == before + 1  # type: ignore[index]
    finally:
        loader.remove(driver, database, result.doc_id)
    deadline = time.monotonic() + 5
    while get(api, path)["counts"]["responsible"] != before and time.monotonic() < deadline:  # type: ignore[index]
        time.sleep(0.1)
    assert get(api, path)["counts"]["responsible"] == before  # type: ignore[index]

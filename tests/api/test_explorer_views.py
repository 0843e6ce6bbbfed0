"""The explorer's data over HTTP: the overview, the layered chain (collapsing, expanding, its geometry) and the
department dossier, each checked against Cypher on the same graph."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from neo4j import Driver, RoutingControl

from tests.conftest import ApiServer

pytestmark = pytest.mark.neo4j
SAMPLE_LEADS = "山东省|省发展改革委"


def get(api: ApiServer, path: str, status: int = 200, **params: object) -> Any:
    with api.client() as c:
        r = c.get(path, params=params)
    assert r.status_code == status, r.text
    return r.json()


def cypher(graph: tuple[Driver, str], query: str, **params: object) -> list[dict[str, Any]]:
    driver, database = graph
    records, _, _ = driver.execute_query(query, params, database_=database, routing_=RoutingControl.READ)
    return [r.data() for r in records]


def crossings(body: dict[str, Any]) -> int:
    """Straight edges that cross (shared end points do not count), from the positions the API gives."""
    pos = {n["id"]: (n["x"], n["y"]) for n in body["nodes"]}
    segs = [(pos[e["from"]], pos[e["to"]]) for e in body["edges"]]

    def side(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    n = 0
    for (p1, p2), (p3, p4) in combinations(segs, 2):
        apart = len({p1, p2, p3, p4}) == 4
        if apart and side(p1, p2, p3) * side(p1, p2, p4) < 0 and side(p3, p4, p1) * side(p3, p4, p2) < 0:
            n += 1
    return n


def overlaps(body: dict[str, Any]) -> int:
    """Pairs of boxes that overlap, by the layout's own size estimates (the browser test measures vis-network's)."""
    boxes = [
        (n["x"] - n["widthConstraint"]["maximum"] / 2, n["y"] - n["height_estimate"] / 2,
         n["x"] + n["widthConstraint"]["maximum"] / 2, n["y"] + n["height_estimate"] / 2)
        for n in body["nodes"]
    ]  # fmt: skip
    return sum(
        1 for a, b in combinations(boxes, 2) if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    )


def test_overview_counts_are_the_graphs(api: ApiServer, sample_graph: tuple[Driver, str]) -> None:
    body = get(api, "/api/overview")
    tasks = cypher(sample_graph, "MATCH (t:Task) RETURN count(t) AS n")[0]["n"]
    assert body["totals"]["tasks"] == tasks == 20
    (policy,) = body["policies"]
    assert policy["tasks"] == 20 and policy["issuer"] == "山东省人民政府" and policy["targets"] == 9
    leads = cypher(
        sample_graph,
        "MATCH (d:Department)-[:LEADS]->(t:Task) WHERE NOT coalesce(d.collective, false) "
        "RETURN d.key AS key, count(DISTINCT t) AS n ORDER BY n DESC, key LIMIT 10",
    )
    assert [(u["key"], u["tasks"]) for u in body["top_units"]["lead"]] == [(r["key"], r["n"]) for r in leads]
    assert body["top_units"]["lead"][0]["key"] == SAMPLE_LEADS


def test_chain_of_a_sector_is_a_tree_without_crossings(api: ApiServer) -> None:
    body = get(api, "/api/graph/chain", focus="现代物流")
    assert body["layout"] == "layered" and body["focus_id"] == "Sector:现代物流"
    leads = [e for e in body["edges"] if e["type"] == "LEADS"]
    names = {n["id"]: n["full_name"] for n in body["nodes"]}
    assert sorted(names[e["to"]] for e in leads) == ["省交通运输厅", "省发展改革委", "省商务厅"]
    assert all(e["sentence"] for e in leads)  # provenance on every role edge
    assert crossings(body) == 0 and overlaps(body) == 0
    # columns left to right: focus, policy, section, task, units
    x = {n["kind"]: n["x"] for n in body["nodes"] if n["kind"] != "Department" or n["id"].count("@")}
    assert x["Sector"] < x["Policy"] < x["Section"] < x["Task"] < x["Department"]


def test_sections_collapse_into_groups_that_expand(api: ApiServer) -> None:
    folded = get(api, "/api/graph/chain", focus="省发展改革委", region="山东", per_section=1)
    groups = [n for n in folded["nodes"] if n["kind"] == "Group"]
    assert groups and folded["summary"]["shown"] < folded["summary"]["tasks"]
    assert all(n["label"].startswith(f"+{n['hidden_tasks']} 项任务") for n in groups)
    shown = folded["summary"]["shown"]
    first = groups[0]
    opened = get(
        api, "/api/graph/chain", focus="省发展改革委", region="山东", per_section=1, expand=first["section"]
    )
    assert opened["summary"]["shown"] == shown + first["hidden_tasks"]
    assert not any(n["id"] == first["id"] for n in opened["nodes"])
    everything = get(api, "/api/graph/chain", focus="省发展改革委", region="山东", per_section=500)
    assert everything["summary"]["shown"] == everything["summary"]["tasks"] == folded["summary"]["tasks"]
    assert crossings(everything) == 0 and overlaps(everything) == 0


def test_a_units_chain_marks_its_role_on_each_task_and_roles_filter(
    api: ApiServer, sample_graph: tuple[Driver, str]
) -> None:
    body = get(api, "/api/graph/chain", focus="省发展改革委", region="山东", per_section=500)
    roles = {n["key"]: n.get("role") for n in body["nodes"] if n["kind"] == "Task"}
    truth = cypher(
        sample_graph,
        "MATCH (:Department {key: $key})-[r]->(t:Task) RETURN t.id AS id, collect(type(r)) AS types",
        key=SAMPLE_LEADS,
    )
    assert set(roles) == {r["id"] for r in truth}
    assert all(roles[r["id"]] in r["types"] for r in truth)
    led = get(api, "/api/graph/chain", focus="省发展改革委", region="山东", per_section=500, roles="lead")
    assert {n["role"] for n in led["nodes"] if n["kind"] == "Task"} == {"LEADS"}
    assert led["summary"]["tasks"] == sum("LEADS" in r["types"] for r in truth)


def test_a_whole_policy_as_a_chain(api: ApiServer, sample_graph: tuple[Driver, str]) -> None:
    pid = cypher(sample_graph, "MATCH (p:Policy) RETURN p.id AS id")[0]["id"]
    body = get(api, "/api/graph/chain", policy=pid, per_section=500)
    assert body["focus_id"] == f"Policy:{pid}" and body["summary"]["shown"] == 20


def test_chain_errors_are_clear(api: ApiServer) -> None:
    assert "focus" in get(api, "/api/graph/chain", 422)["detail"]
    assert get(api, "/api/graph/chain", 404, focus="火星探测局")["detail"]
    get(api, "/api/graph/chain", 422, focus="现代物流", per_section=0)
    get(api, "/api/graph/chain", 422, focus="现代物流", roles="boss")
    # an unknown or hostile section id in expand is ignored, never an error
    body = get(api, "/api/graph/chain", focus="现代物流", expand="<script>,x'y")
    assert body == get(api, "/api/graph/chain", focus="现代物流")


def test_dossier_is_the_units_record_tasks_and_partners(
    api: ApiServer, sample_graph: tuple[Driver, str]
) -> None:
    body = get(api, "/api/dossier", unit="省发改委", region="山东")  # an alias
    assert body["unit"]["key"] == SAMPLE_LEADS
    tasks = [t for p in body["policies"] for rows in p["roles"].values() for t in rows]
    truth = cypher(
        sample_graph, "MATCH (:Department {key: $key})-[r]->(t:Task) RETURN t.id AS id, type(r) AS type",
        key=SAMPLE_LEADS,
    )  # fmt: skip
    assert sorted(t["task_id"] for t in tasks) == sorted(r["id"] for r in truth)
    assert (
        body["counts"]["lead"]
        == sum(r["type"] == "LEADS" for r in truth)
        == len(body["policies"][0]["roles"]["lead"])
    )
    assert all(t["sentence"] for t in tasks)
    partners = cypher(
        sample_graph,
        "MATCH (:Department {key: $key})-[]->(t:Task)<-[]-(o:Department) "
        "RETURN o.key AS key, count(DISTINCT t) AS n ORDER BY n DESC, key",
        key=SAMPLE_LEADS,
    )
    assert [(p["unit"]["key"], p["shared"]) for p in body["partners"]] == [
        (r["key"], r["n"]) for r in partners
    ][:30]
    with api.client() as c:
        xlsx = c.get(body["downloads"]["xlsx"])
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_dossier_of_an_unknown_unit_suggests_names(api: ApiServer) -> None:
    body = get(api, "/api/dossier", 404, unit="省发展改革")
    assert "省发展改革" in body["detail"]
    get(api, "/api/dossier", 422, unit="")

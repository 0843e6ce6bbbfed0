"""The co-governance network over HTTP (GET /api/network): units, shared-task weights, centralities."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from neo4j import Driver, RoutingControl

from tests.conftest import ApiServer

pytestmark = pytest.mark.neo4j


def network(api: ApiServer, **params: object) -> dict[str, Any]:
    with api.client() as c:
        r = c.get("/api/network", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_edges_are_shared_tasks_checked_against_cypher(
    api: ApiServer, sample_graph: tuple[Driver, str]
) -> None:
    body = network(api, roles="lead")
    weights = {(e["source"], e["target"]): e["weight"] for e in body["edges"]}
    driver, database = sample_graph
    records, _, _ = driver.execute_query(
        "MATCH (a:Department)-[:LEADS]->(t:Task)<-[:LEADS]-(b:Department) WHERE a.key < b.key "
        "RETURN a.key AS a, b.key AS b, count(DISTINCT t) AS n",
        database_=database, routing_=RoutingControl.READ,
    )  # fmt: skip
    assert weights == {(r["a"], r["b"]): r["n"] for r in records}
    assert weights[("山东省|省发展改革委", "山东省|省商务厅")] == 4


def test_centralities_are_networkx_figures_of_the_same_graph(api: ApiServer) -> None:
    body = network(api)
    g = nx.Graph()
    for e in body["edges"]:
        g.add_edge(e["source"], e["target"], weight=e["weight"], distance=1 / e["weight"])
    between = nx.betweenness_centrality(g, weight="distance")
    for n in body["nodes"]:
        assert n["degree"] == g.degree(n["key"])
        assert n["weighted_degree"] == g.degree(n["key"], weight="weight")
        assert n["betweenness"] == pytest.approx(between[n["key"]], abs=1e-5)
        assert n["community"] is not None
    assert body["nodes"][0]["name"] == "省发展改革委"  # the most connected unit first
    assert body["summary"]["units"] == len(body["nodes"]) and body["summary"]["communities"] >= 1


def test_filters_and_bad_roles(api: ApiServer) -> None:
    assert network(api, region="浙江省")["nodes"] == []
    assert len(network(api, roles="lead")["edges"]) < len(network(api)["edges"])
    with api.client() as c:
        assert c.get("/api/network", params={"roles": "boss"}).status_code == 422


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_network_as_a_file_for_gephi_is_the_same_graph(api: ApiServer, fmt: str, tmp_path: Any) -> None:
    body = network(api)
    with api.client() as c:
        r = c.get("/api/network", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-disposition"].endswith(f"co-governance.{fmt}")
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(r.content)
    g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert set(g.nodes) == {n["key"] for n in body["nodes"]}
    assert {frozenset((a, b)): d["weight"] for a, b, d in g.edges(data=True)} == {
        frozenset((e["source"], e["target"])): e["weight"] for e in body["edges"]
    }
    top = body["nodes"][0]
    assert g.nodes[top["key"]]["label"] == top["name"]
    assert float(g.nodes[top["key"]]["betweenness"]) == pytest.approx(top["betweenness"])

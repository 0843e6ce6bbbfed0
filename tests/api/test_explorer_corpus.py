"""The chain view over several documents: a sector across policies, policies folding into one group."""

from __future__ import annotations

import pytest
from neo4j import Driver

from tests.api.test_explorer_views import crossings, cypher, get, overlaps
from tests.conftest import ApiServer
from tests.graph.conftest import corpus_graph  # noqa: F401  (re-exported fixture)

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def api(api_server: ApiServer, corpus_graph: tuple[Driver, str]) -> ApiServer:  # noqa: F811
    return api_server


def test_policies_past_the_limit_fold_into_one_group(
    api: ApiServer,
    corpus_graph: tuple[Driver, str],  # noqa: F811
) -> None:
    sector, n = next(
        (r["name"], r["n"])
        for r in cypher(
            corpus_graph,
            "MATCH (p:Policy)-[:HAS_TASK]->(:Task)-[:CONCERNS]->(x:Sector) "
            "RETURN x.name AS name, count(DISTINCT p) AS n ORDER BY n DESC, name LIMIT 1",
        )
    )
    assert n >= 3, "the corpus should have a sector in three documents"
    full = get(api, "/api/graph/chain", focus=sector, per_section=500)
    assert full["summary"]["policies"] == n and not any(x["kind"] == "Group" for x in full["nodes"])
    folded = get(api, "/api/graph/chain", focus=sector, per_section=500, policies=1)
    (group,) = [x for x in folded["nodes"] if x["kind"] == "Group"]
    assert group["id"] == "Group:policies" and group["label"].startswith(f"+{n - 1} 份文件")
    drawn = [x for x in folded["nodes"] if x["kind"] == "Policy"]
    assert len(drawn) == 1 and folded["summary"]["shown"] + group["hidden_tasks"] == full["summary"]["shown"]
    assert crossings(folded) == 0 and overlaps(folded) == 0
    opened = get(api, "/api/graph/chain", focus=sector, per_section=500, policies=1, expand="policies")
    assert opened["summary"]["shown"] == full["summary"]["shown"]
    everything = get(api, "/api/graph/chain", focus=sector, policies=1, expand="*")
    assert everything["summary"]["shown"] == full["summary"]["shown"]
    # units of several regions in one drawing say their region
    regions = {u.get("region") for u in full["nodes"] if u["kind"] == "Department"}
    if len(regions) > 1:
        assert all("·" in u["label"] for u in full["nodes"] if u["kind"] == "Department" and u.get("region"))
    assert crossings(full) == 0 and overlaps(full) == 0


def test_search_lists_same_name_units_each_with_its_region_and_tasks(
    api: ApiServer,
    corpus_graph: tuple[Driver, str],  # noqa: F811
) -> None:
    name, regions = next(
        (r["name"], r["regions"])
        for r in cypher(
            corpus_graph,
            "MATCH (d:Department) WITH d.name AS name, collect(DISTINCT d.region) AS regions "
            "WHERE size(regions) > 1 RETURN name, regions ORDER BY size(regions) DESC, name LIMIT 1",
        )
    )
    rows = [r for r in get(api, "/api/graph/search", q=name, limit=100) if r["name"] == name]
    assert sorted(r["region"] for r in rows) == sorted(regions)
    expected = {
        r["key"]: r["n"]
        for r in cypher(
            corpus_graph,
            "MATCH (d:Department {name: $name}) "
            "RETURN d.key AS key, COUNT { (d)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]->(:Task) } AS n",
            name=name,
        )
    }
    assert {r["key"]: r["tasks"] for r in rows} == expected


def test_the_side_panel_reads_in_chinese_and_links_to_the_source(
    api: ApiServer,
    corpus_graph: tuple[Driver, str],  # noqa: F811
) -> None:
    (task,) = cypher(
        corpus_graph,
        "MATCH (p:Policy)-[:HAS_TASK]->(t:Task) RETURN t.id AS id, p.id AS policy, p.title AS title "
        "ORDER BY t.id LIMIT 1",
    )
    body = get(api, "/api/graph/node", label="Task", key=task["id"])
    labels = [label for label, _ in body["fields"]]
    assert "标题" in labels and "原文位置" in labels
    assert not any(k in labels for k in ("span_end", "doc_id", "known", "id"))
    assert body["source"]["id"] == task["policy"] and body["source"]["title"] == task["title"]
    assert body["source"]["tasklist"].startswith("/api/policies/")
    with api.client() as c:
        assert c.get(body["source"]["tasklist"]).status_code == 200

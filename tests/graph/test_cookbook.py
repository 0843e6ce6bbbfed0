"""Every query of docs/cypher.md runs against the sample graph and gives the documented answer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, RoutingControl

pytestmark = pytest.mark.neo4j
COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "cypher.md"


def cookbook() -> dict[str, str]:
    text = COOKBOOK.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"^## (?P<title>.+?)\n(?P<body>.*?)(?=^## |\Z)", text, re.S | re.M):
        block = re.search(r"```cypher\n(.*?)```", m.group("body"), re.S)
        if block:
            out[m.group("title").strip()] = block.group(1)
    return out


def run(graph: tuple[Driver, str], title: str) -> list[dict[str, Any]]:
    driver, database = graph
    records, _, _ = driver.execute_query(cookbook()[title], database_=database, routing_=RoutingControl.READ)
    return [r.data() for r in records]


def test_every_cookbook_query_is_tested() -> None:
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert len(cookbook()) == 12
    assert len([t for t in tested if t != "every_cookbook_query_is_tested"]) >= len(cookbook())


def test_co_lead_logistics(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "Which departments co-lead 现代物流?")
    assert [r["department"] for r in rows] == ["省发展改革委", "省商务厅", "省交通运输厅"]


def test_ranked_by_tasks_led(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "Departments ranked by number of tasks led")
    assert rows[0] == {
        "key": "山东省|省发展改革委",
        "department": "省发展改革委",
        "region": "山东省",
        "tasks_led": 6,
    }
    assert {"key": "山东省|省商务厅", "department": "省商务厅", "region": "山东省", "tasks_led": 5} in rows


def test_co_lead_pairs(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "Pairs of departments that co-lead most often")
    top = rows[0]
    assert {top["department_a"], top["department_b"]} == {"省发展改革委", "省商务厅"}
    assert top["co_led"] == 4


def test_tasks_without_lead(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "Tasks with no lead")
    assert [r["path"] for r in rows] == ["四.1", "四.2"]


def test_targets_by_2025(sample_graph: tuple[Driver, str]) -> None:
    rows = {r["sector"]: r["targets"] for r in run(sample_graph, "Targets due by 2025, by sector")}
    assert len(rows["总体目标"]) == 8
    assert "省级工业互联网平台 300.0个以上" in rows["总体目标"]


def test_responsibility_chain(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "The responsibility chain: Policy → Section → Task → Department → Sector")
    logistics = [r for r in rows if r["task"] == "现代物流平台"]
    assert {r["department"] for r in logistics} == {"省发展改革委", "省商务厅", "省交通运输厅"}
    assert all(r["section"] == "聚焦平台经济重点领域" and r["sectors"] == ["现代物流"] for r in logistics)
    assert all("牵头部门" in r["evidence"] for r in logistics)
    assert len(rows) == 60


def test_one_department_everywhere(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "Everything one department does, across all policies")
    roles = {(r["path"], r["role"]) for r in rows}
    assert ("二.2", "LEADS") in roles and ("二.7", "SUPPORTS") in roles and ("四.3", "SUPPORTS") in roles
    assert len(rows) == 8  # leads 5 (二.2, 二.8, 二.9, 二.10, 三.6), supports 3


def test_fulltext_topic(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "Topic search with the full-text index (cjk analyzer)")
    assert {r["path"] for r in rows} >= {"二.3", "三.1"}
    assert rows[0]["path"] in ("二.3", "三.1")


def test_provenance(sample_graph: tuple[Driver, str]) -> None:
    rows = run(sample_graph, "Where a fact comes from")
    assert [r["department"] for r in rows] == ["省发展改革委", "省商务厅", "省交通运输厅"]
    assert all(r["as_written"] == r["span_text"] for r in rows)


def test_same_name_in_different_regions(corpus_graph: tuple[Driver, str]) -> None:
    rows = {
        r["name"]: set(r["regions"]) for r in run(corpus_graph, "Units of the same name in different regions")
    }
    assert rows["省发展改革委"] == {"山东省", "浙江省"}
    assert rows["市财政局"] == {"广州市", "江山市"}  # a city and a county-level city, both kept apart
    assert not any("全国" in regions for regions in rows.values())  # no local unit made national


def test_tasks_due_by_2022(corpus_graph: tuple[Driver, str]) -> None:
    rows = run(corpus_graph, "Tasks due by the end of 2022 (完成时限)")
    assert [(r["region"], r["task"], r["deadline"]) for r in rows] == [
        ("桐庐县", "编制示范带建设规划，明确空间布局和建设时序", "2022年6月底前"),
        ("桐庐县", "实施农村人居环境整治提升行动", "2022年12月底前"),
        ("浙江省", "加快建设新型基础设施", "2022年底前"),
    ]


def test_national_task_taken_up_locally(corpus_graph: tuple[Driver, str]) -> None:
    rows = run(corpus_graph, "A national task and the local documents and units that took it up")
    assert [(r["region"], r["task"], r["role"], r["unit"]) for r in rows] == [
        ("浙江省", "强化数据要素保障", "LEADS", "省大数据局"),
        ("浙江省", "强化数据要素保障", "RESPONSIBLE_FOR", "省发展改革委"),
        ("浙江省", "强化数据要素保障", "RESPONSIBLE_FOR", "省经济和信息化厅"),
    ]

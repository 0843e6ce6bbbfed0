"""A corpus of several regions and levels in one graph: units kept apart by region, IMPLEMENTS links
whichever document comes first, renamed units with their history, deadlines, joint issuers."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver, RoutingControl

from graph import load as loader
from graph import lookups
from ingest.extract import extract_file, extract_text
from ontology.errors import AmbiguousNameError
from tests.graph.conftest import CORPUS, load_corpus
from tests.graph.test_load import PLAN_SCANS, load_operators

pytestmark = pytest.mark.neo4j
NATIONAL, ZHEJIANG = "national-digital-notice.txt", "zhejiang-provincial-lines.txt"


def read(graph: tuple[Driver, str], query: str, **params: Any) -> list[dict[str, Any]]:
    driver, database = graph
    records, _, _ = driver.execute_query(query, params, database_=database, routing_=RoutingControl.READ)
    return [r.data() for r in records]


def implements(graph: tuple[Driver, str]) -> list[tuple[str, str]]:
    rows = read(graph, "MATCH (a:Policy)-[:IMPLEMENTS]->(b:Policy) RETURN a.region AS a, b.doc_number AS b")
    return sorted((r["a"], r["b"]) for r in rows)


@pytest.mark.parametrize("order", [[NATIONAL, ZHEJIANG], [ZHEJIANG, NATIONAL]])
def test_implements_is_linked_whichever_document_comes_first(
    empty_graph: tuple[Driver, str], order: list[str]
) -> None:
    load_corpus(*empty_graph, order)
    assert implements(empty_graph) == [("浙江省", "国发〔2021〕29号")]
    cites = read(
        empty_graph, "MATCH (:Policy)-[c:CITES]->(x:Citation) RETURN x.key AS key, c.doc_number AS no"
    )
    assert cites == [{"key": "no:国发[2021]29号", "no": "国发〔2021〕29号"}]


def test_a_new_version_of_the_implemented_document_keeps_the_link(empty_graph: tuple[Driver, str]) -> None:
    load_corpus(*empty_graph, [ZHEJIANG, NATIONAL])
    text = (
        (CORPUS / NATIONAL).read_text(encoding="utf-8").replace("加快5G网络建设", "加快5G网络和千兆光网建设")
    )
    result = loader.load(*empty_graph, extract_text(text, NATIONAL), text)
    assert result.status == "replaced"
    assert implements(empty_graph) == [("浙江省", "国发〔2021〕29号")]


def test_removing_the_implementing_document_leaves_no_citation(empty_graph: tuple[Driver, str]) -> None:
    load_corpus(*empty_graph, [NATIONAL, ZHEJIANG])
    zj = extract_file(CORPUS / ZHEJIANG)
    loader.remove(*empty_graph, zj.document.id)
    assert read(empty_graph, "MATCH (x:Citation) RETURN count(x) AS n") == [{"n": 0}]
    assert implements(empty_graph) == []


@pytest.mark.parametrize(("first", "second"), [(NATIONAL, ZHEJIANG), (ZHEJIANG, NATIONAL)])
def test_linking_citing_and_cited_documents_scans_nothing(
    empty_graph: tuple[Driver, str], first: str, second: str
) -> None:
    driver, database = empty_graph
    load_corpus(driver, database, [first])
    operators = load_operators(driver, database, CORPUS / second)  # PROFILE runs (and commits) the load
    assert [(name, n) for name, n in operators if name in PLAN_SCANS and n] == []
    assert implements(empty_graph) == [("浙江省", "国发〔2021〕29号")]


def test_units_of_each_region_are_their_own(corpus_graph: tuple[Driver, str]) -> None:
    rows = read(
        corpus_graph, "MATCH (d:Department {name: '省发展改革委'}) RETURN d.key AS key, d.region AS region"
    )
    assert sorted((r["key"], r["region"]) for r in rows) == [
        ("山东省|省发展改革委", "山东省"),
        ("浙江省|省发展改革委", "浙江省"),
    ]
    local = read(
        corpus_graph,
        "MATCH (d:Department)-->(:Task)<-[:HAS_TASK]-(p:Policy) WHERE p.level <> '国家' AND d.region = '全国' "
        "RETURN DISTINCT d.key AS key",
    )
    assert local == []  # no unit of a local document is national
    regions = read(corpus_graph, "MATCH (d:Department)-[:LOCATED_IN]->(g:Region) RETURN DISTINCT g.key AS g")
    assert {"山东省", "浙江省", "广州市", "桐庐县", "江山市", "全国"} <= {r["g"] for r in regions}


def test_lookup_by_name_in_a_region(corpus_graph: tuple[Driver, str]) -> None:
    d = lookups.resolve_department(*corpus_graph, "省发改委", region="浙江")
    assert d["key"] == "浙江省|省发展改革委"
    with pytest.raises(AmbiguousNameError) as shared:  # two provinces' units: never a silent pick
        lookups.department_detail(*corpus_graph, "省发展改革委")
    assert [(c["region"], c["key"]) for c in shared.value.candidates] == [
        ("山东省", "山东省|省发展改革委"),  # most tasks first
        ("浙江省", "浙江省|省发展改革委"),
    ]
    with pytest.raises(AmbiguousNameError):
        lookups.resolve_department(*corpus_graph, "省发展改革委")
    detail = lookups.department_detail(*corpus_graph, "省发展改革委", region="山东省")
    assert {m["region"] for m in detail["matches"]} == {"山东省"}
    full = lookups.resolve_department(*corpus_graph, "浙江省发展和改革委员会")  # a full name is one unit
    assert full["key"] == "浙江省|省发展改革委"


def test_a_normalised_name_two_regions_share_is_never_picked(corpus_graph: tuple[Driver, str]) -> None:
    spaced = (
        "省发展 改革委"  # not held verbatim: found through the name index, where both provinces' units are
    )
    for lookup in (lookups.resolve_department, lookups.department_detail):
        with pytest.raises(AmbiguousNameError) as shared:
            lookup(*corpus_graph, spaced)
        assert {c["key"] for c in shared.value.candidates} == {"山东省|省发展改革委", "浙江省|省发展改革委"}
        assert all(isinstance(c["tasks"], int) and c["region"] for c in shared.value.candidates)
    with pytest.raises(AmbiguousNameError):
        lookups.department_tasks(*corpus_graph, spaced)
    assert lookups.resolve_department(*corpus_graph, spaced, region="浙江省")["key"] == "浙江省|省发展改革委"


def test_renamed_unit_found_by_its_old_name_with_its_history(corpus_graph: tuple[Driver, str]) -> None:
    d = lookups.resolve_department(*corpus_graph, "国家工商总局")
    assert (d["key"], d["predecessors"], d["renamed_years"]) == (
        "全国|市场监管总局",
        ["国家工商总局"],
        [2018],
    )
    rows = read(
        corpus_graph,
        "MATCH (:Department {key: '全国|市场监管总局'})-[r]->(t:Task) RETURN r.surface AS s, r.renamed_from AS old",
    )
    assert rows == [{"s": "国家工商总局", "old": "国家工商总局"}]


def test_joint_issuers_and_document_place(corpus_graph: tuple[Driver, str]) -> None:
    rows = read(
        corpus_graph,
        "MATCH (p:Policy {region: '广州市'})-[:ISSUED_BY]->(d:Department) "
        "RETURN p.level AS level, p.issued AS issued, d.key AS issuer ORDER BY issuer",
    )
    assert [(r["level"], r["issued"], r["issuer"]) for r in rows] == [
        ("市", "2021-12-28", "广州市|中共广州市委"),
        ("市", "2021-12-28", "广州市|市政府"),
    ]


def test_task_deadlines_on_the_graph(corpus_graph: tuple[Driver, str]) -> None:
    rows = read(
        corpus_graph,
        "MATCH (p:Policy {region: '浙江省'})-[:HAS_TASK]->(t:Task) WHERE t.deadline_text IS NOT NULL "
        "RETURN t.path_text AS path, t.deadline_year AS y, t.deadline_month AS m, t.deadline_text AS text "
        "ORDER BY t.span_start",
    )
    assert [(r["path"], r["y"], r["m"], r["text"]) for r in rows] == [
        ("二.(一)", 2022, None, "2022年底前"),
        ("二.(二)", 2025, None, "2025年"),
        ("二.(五)", 2023, 6, "2023年6月底前"),
    ]

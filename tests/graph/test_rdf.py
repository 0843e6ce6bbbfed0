"""RDF export: conforms to shapes.ttl (pyshacl), stable IRIs, every format parses back."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver
from pyshacl import validate
from rdflib import Graph, Namespace

from graph.rdf import build_graph, export
from ontology.vocab import NS, SHAPES

pytestmark = pytest.mark.neo4j
PKG = Namespace(NS)
BASE = "https://example.test/id/"


def test_sample_export_conforms_to_shapes(sample_graph: tuple[Driver, str]) -> None:
    g = build_graph(*sample_graph, BASE)
    conforms, _report, text = validate(g, shacl_graph=Graph().parse(SHAPES, format="turtle"))
    assert conforms, text
    assert len(set(g.subjects(predicate=None, object=PKG.Task))) == 20
    assert len(set(g.subjects(predicate=None, object=PKG.Attribution))) == 60


def test_a_broken_graph_does_not_conform(sample_graph: tuple[Driver, str]) -> None:
    g = build_graph(*sample_graph, BASE)
    att = next(iter(g.subjects(predicate=None, object=PKG.Attribution)))
    g.remove((att, PKG.sentence, None))
    conforms, _report, _text = validate(g, shacl_graph=Graph().parse(SHAPES, format="turtle"))
    assert not conforms


def test_iris_are_stable_and_under_the_base(sample_graph: tuple[Driver, str]) -> None:
    a = build_graph(*sample_graph, BASE)
    b = build_graph(*sample_graph, BASE)
    assert set(a) == set(b)
    assert all(str(s).startswith(BASE) for s in a.subjects() if not str(s).startswith("_"))
    dept = f"{BASE}department/%E5%B1%B1%E4%B8%9C%E7%9C%81%7C%E7%9C%81%E5%95%86%E5%8A%A1%E5%8E%85"
    assert (None, None, None) in a and any(str(s) == dept for s in a.subjects())


@pytest.mark.parametrize(("fmt", "parse_as"), [("turtle", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_formats_round_trip(
    sample_graph: tuple[Driver, str], tmp_path: Path, fmt: str, parse_as: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    n = export(*sample_graph, BASE, fmt, out)  # type: ignore[arg-type]
    assert n > 500 and len(Graph().parse(out, format=parse_as)) == n


def test_one_policy_and_unknown_policy(sample_graph: tuple[Driver, str], tmp_path: Path) -> None:
    driver, database = sample_graph
    records, _, _ = driver.execute_query("MATCH (p:Policy) RETURN p.id AS id", database_=database)
    pid = records[0]["id"]
    assert export(driver, database, BASE, "nt", tmp_path / "one.nt", policy=pid) > 500
    from ontology.errors import NotFoundError

    with pytest.raises(NotFoundError):
        export(driver, database, BASE, "nt", tmp_path / "none.nt", policy="nope")
    assert not (tmp_path / "none.nt").exists()

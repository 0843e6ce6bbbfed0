"""The ontology is the source of truth: enums, keys and every label/type used in Cypher match it."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

from ontology.vocab import KEYS, ONTOLOGY, SHAPES, Label, Rel, ontology_terms

ROOT = Path(__file__).resolve().parents[2]


def test_enums_equal_the_ontology() -> None:
    labels, rels, keys = ontology_terms()
    assert set(labels.values()) == {label.value for label in Label}
    assert set(rels.values()) == {r.value for r in Rel}
    assert keys == {label.value: key for label, key in KEYS.items()}


def test_cypher_uses_only_ontology_labels_and_types() -> None:
    known = {label.value for label in Label} | {r.value for r in Rel}
    for path in [ROOT / "graph" / "queries.py", ROOT / "docs" / "cypher.md"]:
        text = path.read_text(encoding="utf-8")
        used = set(re.findall(r"[(\[|]\s*\w*\s*:\s*([A-Z][A-Za-z_]+)", text))
        used |= set(re.findall(r"\|([A-Z][A-Za-z_]+)", text))
        assert {"Department", "Task", "LEADS", "SUPPORTS"} <= used  # the patterns do find labels and types
        unknown = {u for u in used if u not in known}
        assert not unknown, f"{path.name}: {unknown}"


def test_turtle_files_parse() -> None:
    assert len(Graph().parse(ONTOLOGY, format="turtle")) > 100
    assert len(Graph().parse(SHAPES, format="turtle")) > 20

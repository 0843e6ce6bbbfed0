"""graph/queries.py holds live statements only: every constant in it is used by the code (not by tests
alone), and every statement is a string with its values as $parameters."""

from __future__ import annotations

import ast
import re

from graph import queries
from tests.conftest import ROOT

PACKAGES = ("api", "graph", "ingest", "viz", "ontology")


def _constants() -> dict[str, str]:
    return {
        n: v for n, v in vars(queries).items() if re.fullmatch(r"[A-Z][A-Z0-9_]*", n) and isinstance(v, str)
    }


def _names_used() -> set[str]:
    used: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "graph" / "queries.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute):
                    used.add(node.attr)
                elif isinstance(node, ast.Name):
                    used.add(node.id)
                elif isinstance(node, ast.ImportFrom):
                    used.update(a.name for a in node.names)
    return used


def test_every_statement_is_used() -> None:
    constants = _constants()
    assert len(constants) > 50
    unused = sorted(set(constants) - _names_used())
    assert unused == []


# the only names a template may take by formatting: a label, a key or a relationship type, which the code
# takes from the ontology's enums (graph/bulk.py); every value is a $parameter
SCHEMA_NAMES = {"label", "key", "type", "a", "b", "a_key", "b_key"}


def test_statements_take_values_as_parameters() -> None:
    for name, text in _constants().items():
        assert not re.search(r"%[sdr]", text), name
        fields = set(re.findall(r"(?<!\{)\{([a-z_]+)\}(?!\})", text))
        assert fields <= SCHEMA_NAMES, (name, fields - SCHEMA_NAMES)

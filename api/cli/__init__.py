"""Entry point of the `policykg` command line: imports each command group, then runs Typer."""

from __future__ import annotations

from . import extract, graph, neo4j, query  # noqa: F401  (register their commands)
from .app import app


def main() -> None:
    app()

"""Entry point of the `policykg` command line: imports each command group, then runs Typer."""

from __future__ import annotations

from . import cli_extract, cli_graph, cli_neo4j, cli_query  # noqa: F401  (register their commands)
from .cli_app import app


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""The Typer app and helpers shared by the `policykg` commands (one module per command group)."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from neo4j import Driver
from rich.console import Console

from graph import localserver
from graph.settings import Settings
from ontology.errors import AmbiguousNameError, PolicyKGError

from ..drivers import open_driver

app = typer.Typer(
    name="policykg",
    help="Knowledge graph of Chinese policy documents: ingest, query, export, serve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(
    help="Manage the local Neo4j server (ignored when NEO4J_URI is set).", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j")

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)
T = TypeVar("T")


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def guarded(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except AmbiguousNameError as exc:  # the candidates, one per line, then exit 2: the name needs more
        err.print(
            f"[bold red]error:[/] {len(exc.candidates)} units are named {_escape(exc.name)}:", markup=True
        )
        for c in exc.candidates:
            where = c.get("region") or "地区未知"
            err.print(_escape(f"  {where}\t{c.get('name')}\t{c.get('tasks', 0)} tasks\t--key {c.get('key')}"))
        err.print("give --region or --key to pick one")
        raise typer.Exit(2) from None
    except PolicyKGError as exc:
        raise fail(_escape(str(exc))) from None


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@contextmanager
def driver_for(settings: Settings, retry_s: float = 15.0) -> Iterator[tuple[Driver, str]]:
    creds = guarded(lambda: localserver.credentials(settings))
    # the driver logs each transaction it retries ("Transaction failed and will be retried in 0.9s ...",
    # e.g. a deadlock between two of `ingest`'s concurrent loaders) and each connection it loses
    # ("Failed to read from defunct connection ...") on stderr; a retry that succeeds is not news to the
    # user, and one that fails ends in policykg's own one-line error message
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    driver = open_driver(creds, retry_s)
    try:
        yield driver, creds.database
    finally:
        driver.close()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

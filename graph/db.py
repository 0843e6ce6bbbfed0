"""Small helpers around a caller-owned driver: reads, writes, and the mapping of driver errors."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, LiteralString

from neo4j import Driver, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from ontology.errors import GraphUnavailableError, QueryFailedError

UNAVAILABLE = (ServiceUnavailable, SessionExpired, DatabaseUnavailable, AuthError, OSError)


_MEMORY = ("OutOfMemoryError", "MemoryLimit")  # Neo.TransientError.General.MemoryPoolOutOfMemoryError, ...
_NUMBER = re.compile(r"\s*-?\d*\s*")


@contextmanager
def graph_errors(timeout_s: float | None = None) -> Iterator[None]:
    """Turn driver exceptions into policykg's own: unavailable (503) only when Neo4j cannot be reached or is
    busy; a query Neo4j refused or stopped (syntax, over its time or memory limit) is the query's error.
    `timeout_s`, when known, is named in the timeout's message."""
    try:
        yield
    except AuthError as exc:
        raise GraphUnavailableError(f"Neo4j refused the credentials: {exc.message}") from exc
    except UNAVAILABLE as exc:
        raise GraphUnavailableError(f"Neo4j is not reachable: {exc}") from exc
    except Neo4jError as exc:
        code = exc.code or ""
        if "TransactionTimedOut" in code:
            limit = f"of {timeout_s:g} s " if timeout_s is not None else ""
            raise QueryFailedError(
                f"the query ran past the query timeout {limit}and was stopped; narrow it (anchor the MATCH "
                "on a label and property, LIMIT early, aggregate less)",
                code,
            ) from exc
        if code.startswith("Neo.TransientError.General.") and any(m in code for m in _MEMORY):
            raise QueryFailedError(
                "the query needs more memory than Neo4j allows one query, or builds a value larger than it "
                f"can hold ({_message(exc)}); narrow it: match fewer rows, LIMIT before collect(), build "
                "smaller lists and strings",
                code,
            ) from exc
        if code == "Neo.TransientError.General.StackOverFlowError":
            raise QueryFailedError(
                f"the query nests too deeply for Neo4j ({_message(exc)}); make it flatter", code
            ) from exc
        if isinstance(exc, ClientError) or "TransientError" not in code:
            raise QueryFailedError(_message(exc), code) from exc
        raise GraphUnavailableError(f"Neo4j is busy or unavailable: {_message(exc)}") from exc
    except DriverError as exc:
        raise GraphUnavailableError(f"Neo4j driver error: {exc}") from exc


def _message(exc: Neo4jError) -> str:
    return readable(exc.code, exc.message)


def readable(code: str | None, message: str | None) -> str:
    """Neo4j's message, or a sentence when it says nothing readable (a bare number such as -2147483648,
    which is what an internal size overflowing 32 bits looks like, or nothing at all)."""
    message = (message or "").strip()
    if not _NUMBER.fullmatch(message):
        return message
    said = f" (it said only {message!r})" if message else ""
    return (
        f"Neo4j stopped the query with {code or 'an error'}{said}: most likely a value grew past the "
        "size Neo4j can hold, such as a string or list of more than 2,147,483,647 elements; narrow the query"
    )


def read(
    driver: Driver, query: LiteralString, database: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run a read query (routed to readers) and return its records as dicts."""
    with graph_errors():
        records, _, _ = driver.execute_query(
            query, parameters_=dict(params or {}), routing_=RoutingControl.READ, database_=database
        )
    return [r.data() for r in records]


def write(
    driver: Driver, query: LiteralString, database: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    with graph_errors():
        records, _, _ = driver.execute_query(
            query, parameters_=dict(params or {}), routing_=RoutingControl.WRITE, database_=database
        )
    return [r.data() for r in records]


PING = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"


def ping(driver: Driver, database: str) -> dict[str, Any]:
    rows = read(driver, PING, database)
    return rows[0] if rows else {}

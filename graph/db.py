"""Small helpers around a caller-owned driver: reads, writes, and the mapping of driver errors."""

from __future__ import annotations

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


@contextmanager
def graph_errors() -> Iterator[None]:
    """Turn driver exceptions into policykg's own: unavailable vs. a query Neo4j refused."""
    try:
        yield
    except AuthError as exc:
        raise GraphUnavailableError(f"Neo4j refused the credentials: {exc.message}") from exc
    except UNAVAILABLE as exc:
        raise GraphUnavailableError(f"Neo4j is not reachable: {exc}") from exc
    except ClientError as exc:
        raise QueryFailedError(exc.message or str(exc), exc.code) from exc
    except Neo4jError as exc:
        if exc.code and "TransientError" in exc.code:
            raise GraphUnavailableError(f"Neo4j is busy or unavailable: {exc.message}") from exc
        raise QueryFailedError(exc.message or str(exc), exc.code) from exc
    except DriverError as exc:
        raise GraphUnavailableError(f"Neo4j driver error: {exc}") from exc


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

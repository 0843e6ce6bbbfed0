"""Read-only Cypher for researchers: checked, EXPLAINed, bounded.

1. Lexical checks on the query with comments, strings and `quoted identifiers` blanked out:
   one statement only; no LOAD CSV, no writes or admin clauses, no USE; CALL only for a short
   allow-list of read procedures (and plain read subqueries).
2. `EXPLAIN` in a READ transaction: the server must classify it as read-only ("r").
3. Run in a READ transaction with a timeout and a row cap (`truncated` says when rows were cut).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import Driver, RoutingControl
from neo4j.graph import Node, Path, Relationship

from ontology.errors import QueryRejectedError

from . import db

MAX_QUERY_CHARS = 10_000
ALLOWED_PROCEDURES = frozenset(
    {
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "dbms.components",
    }
)
_FORBIDDEN = re.compile(
    r"(?<![.$])\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|ALTER|GRANT|DENY|REVOKE|RENAME|FOREACH|START|STOP"
    r"|TERMINATE|SHOW|USE|ENABLE|DEALLOCATE|REALLOCATE|FINISH|INSERT)\b(?!\s*:(?!:))",
    re.IGNORECASE,
)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_PERIODIC = re.compile(
    r"\bPERIODIC\s+COMMIT\b|\bIN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE
)
_CALL = re.compile(r"\bCALL\s*(\{|\(|[A-Za-z_][\w.]*)", re.IGNORECASE)


@dataclass
class CypherResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def _blank(query: str) -> str:
    """The query with comments, string literals and backticked names replaced by spaces."""
    out = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        two = query[i : i + 2]
        if two == "//":
            j = query.find("\n", i)
            j = n if j == -1 else j
            out.append(" " * (j - i))
            i = j
        elif two == "/*":
            j = query.find("*/", i + 2)
            if j == -1:
                raise QueryRejectedError("unterminated /* comment")
            out.append(" " * (j + 2 - i))
            i = j + 2
        elif ch in ("'", '"', "`"):
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" and ch != "`" else 1
            if j >= n:
                raise QueryRejectedError("unterminated string or quoted name")
            out.append(ch + "_" * (j - i - 1) + ch)
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


_INT64 = (-(2**63), 2**63 - 1)


def check_params(value: Any, path: str = "params") -> None:
    """Parameters Neo4j can take: text that is valid Unicode, integers within 64 bits, finite depth."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise QueryRejectedError(f"{path}: not valid Unicode text (lone surrogate)") from exc
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        return
    elif isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise QueryRejectedError(f"{path}: integer {value} is outside Neo4j's 64-bit range")
    elif isinstance(value, list):
        if path.count("[") + path.count(".") > 20:
            raise QueryRejectedError(f"{path}: nested too deeply")
        for i, v in enumerate(value):
            check_params(v, f"{path}[{i}]")
    elif isinstance(value, dict):
        if path.count("[") + path.count(".") > 20:
            raise QueryRejectedError(f"{path}: nested too deeply")
        for k, v in value.items():
            check_params(k, f"{path} key")
            check_params(v, f"{path}.{k}")
    else:
        raise QueryRejectedError(f"{path}: unsupported value type {type(value).__name__}")


def check_query(query: str) -> str:
    """Lexical checks; returns the query without a trailing semicolon, or raises QueryRejectedError."""
    if not query or not query.strip():
        raise QueryRejectedError("the query is empty")
    check_params(query, "query")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryRejectedError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if "\x00" in query:
        raise QueryRejectedError("the query contains a NUL character")
    bare = _blank(query)
    body = bare.rstrip().rstrip(";")
    if ";" in body:
        raise QueryRejectedError("only one statement is allowed (found ';')")
    if _LOAD_CSV.search(bare):
        raise QueryRejectedError("LOAD CSV is not allowed")
    if _PERIODIC.search(bare):
        raise QueryRejectedError("batched write transactions are not allowed")
    m = _FORBIDDEN.search(bare)
    if m:
        raise QueryRejectedError(f"{m.group(1).upper()} is not allowed: queries are read-only")
    for call in _CALL.finditer(bare):
        target = call.group(1)
        if target in ("{", "("):
            continue  # a subquery: its clauses were checked above
        if target.lower() not in ALLOWED_PROCEDURES:
            allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
            raise QueryRejectedError(f"procedure {target} is not allowed (allowed: {allowed})")
    cut = len(query.rstrip()) - (1 if bare.rstrip().endswith(";") else 0)
    return query[:cut]


def run_readonly(
    driver: Driver,
    database: str,
    query: str,
    params: dict[str, Any] | None,
    timeout_s: float,
    row_cap: int,
) -> CypherResult:
    text = check_query(query)
    params = dict(params or {})
    check_params(params)
    with db.graph_errors():
        summary = driver.execute_query(
            "EXPLAIN " + text,
            parameters_=params,
            routing_=RoutingControl.READ,
            database_=database,
            result_transformer_=neo4j.Result.consume,
        )
    if summary.query_type != "r":
        raise QueryRejectedError(f"the server classifies this query as {summary.query_type!r}, not read-only")

    @neo4j.unit_of_work(timeout=timeout_s)
    def work(tx: neo4j.ManagedTransaction) -> CypherResult:
        result = tx.run(text, params)
        columns = list(result.keys())
        rows: list[list[Any]] = []
        truncated = False
        for record in result:
            if len(rows) >= row_cap:
                truncated = True
                break
            rows.append([to_json(v) for v in record.values()])
        return CypherResult(columns, rows, truncated)

    with db.graph_errors(), driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
        return s.execute_read(work)


def to_json(value: Any) -> Any:
    """Neo4j values -> JSON-able values (nodes, relationships and paths become dicts)."""
    if isinstance(value, Node):
        return {"id": value.element_id, "labels": sorted(value.labels), "properties": to_json(dict(value))}
    if isinstance(value, Relationship):
        return {
            "id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": to_json(dict(value)),
        }
    if isinstance(value, Path):
        return {
            "nodes": [to_json(n) for n in value.nodes],
            "relationships": [to_json(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, float) and value != value:  # NaN is not JSON
            return None
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)

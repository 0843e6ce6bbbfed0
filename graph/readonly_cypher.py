"""Read-only Cypher for researchers: checked, EXPLAINed, bounded in time, rows and bytes.

1. Lexical checks on the query with comments, strings and `quoted identifiers` blanked out:
   one statement only; no LOAD CSV, no writes or admin clauses, no USE; CALL only for a short
   allow-list of read procedures (and plain read subqueries).
2. `EXPLAIN` in a READ transaction: the server must classify it as read-only ("r"; "s" for the
   allow-listed DBMS procedure dbms.components, which Neo4j classifies so).
3. Run, wrapped (`bounded_query`), in an explicit READ transaction with a timeout (never retried):
   `CALL () { <the query> } WITH * LIMIT <row cap + 1>`, then each returned value's JSON size is
   estimated in Cypher and a value over the byte cap is sent as null (shown as a short marker), so
   that no huge value reaches the driver; rows are kept while their JSON fits in the byte cap.
   `truncated` says when rows were cut or values left out, `truncated_reason` why.
"""

from __future__ import annotations

import json
import math
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
DBMS_READ_PROCEDURES = frozenset({"dbms.components"})  # DBMS-mode: EXPLAIN says "s", not "r"
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
    truncated_reason: str | None = None  # "rows" (row cap), "bytes" (byte cap) or "values" (left out)
    omitted_values: int = 0  # values over the byte cap, replaced by a marker (`omitted`)


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


# --- the bound: the query inside CALL () { ... }, each value's size estimated in Cypher ---------------

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 5  # containers a value may nest: collect(path) is list → path → node → list property → string
FETCH_ROWS = 20  # records per Bolt PULL: at a stop, up to this many are still produced, read and dropped
_P = "__pk"  # the wrapper's own variables, parameters and hidden columns start with this
_M = f"${_P}max"
_DEEP = 2**62  # the estimate of a value nested deeper than MAX_DEPTH (any real estimate is far smaller)
_HIDDEN = [f"{_P}e", f"{_P}cut"]
_UNION = re.compile(r"(?<![\w.$])UNION(?:\s+(?:ALL|DISTINCT))?(?!\w)", re.IGNORECASE)
_RETURN = re.compile(r"(?<![\w.$])RETURN(?!\w)", re.IGNORECASE)
_DISTINCT = re.compile(r"\s*DISTINCT(?!\w)", re.IGNORECASE)
_ITEMS_END = re.compile(r"(?<![\w.$])(?:ORDER\s+BY|SKIP|OFFSET|LIMIT)(?!\w)", re.IGNORECASE)
_ALIAS = re.compile(r"(?<![\w.$])AS\s+(?:(?:`[^`]*`)+|[^\W\d]\w*)$", re.IGNORECASE)
_OPTIONS = re.compile(r"\s*CYPHER(?:\s+(?:\d+(?:\.\d+)?|\w+\s*=\s*\w+))*(?!\S)", re.IGNORECASE)
_PROCEDURE = re.compile(r"\s*CALL\s+[^\W\d][\w.]*", re.IGNORECASE)
_YIELD = re.compile(r"\s*YIELD(?!\w)(\s*\*)?", re.IGNORECASE)
_BOUND_HINT = (
    "give every item of the final RETURN a name (RETURN expression AS name), end the query with RETURN "
    "or a plain procedure call, and write a procedure's arguments in its parentheses"
)


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _weight(v: str) -> str:
    """About the JSON bytes of v itself (3 per character of text: UTF-8 of CJK; a list's brackets)."""
    return (
        f"CASE WHEN {v} IS NULL THEN 4 WHEN {v} IS :: STRING THEN 3 * size({v}) + 2 "
        f"WHEN {v} IS :: MAP THEN 2 WHEN {v} IS :: NODE | RELATIONSHIP THEN 160 WHEN {v} IS :: PATH THEN 30 "
        f"WHEN toStringOrNull({v}) IS NOT NULL THEN size(toStringOrNull({v})) + 2 "
        f"WHEN size({v}) * 2 > {_M} THEN {_M} + 1 ELSE 2 END"
    )


def _children(v: str, k: str) -> str:
    """What v contains: a list's elements (none when it is over the cap by length alone), a map's, node's
    or relationship's keys and values, a path's nodes and relationships. Lists are told apart by
    elimination: `IS :: LIST<ANY>` looks at every element, toStringOrNull() and size() do not."""
    return (
        f"CASE WHEN {v} IS NULL THEN [] "
        f"WHEN {v} IS :: MAP | NODE | RELATIONSHIP THEN keys({v}) + [{k} IN keys({v}) | {v}[{k}]] "
        f"WHEN {v} IS :: PATH THEN nodes({v}) + relationships({v}) "
        f"WHEN toStringOrNull({v}) IS NOT NULL OR size({v}) * 2 > {_M} THEN [] ELSE {v} END"
    )


def _estimate(v: str, depth: int) -> str:
    """Cypher for about the JSON bytes of v, stopping once over the cap; one copy of each part per level,
    so the text grows linearly with the depth. Below the depth limit only scalars are allowed."""
    if depth == 0:
        return (
            f"CASE WHEN {v} IS NULL THEN 4 WHEN toStringOrNull({v}) IS NOT NULL "
            f"THEN 3 * size(toStringOrNull({v})) + 2 ELSE {_DEEP} END"
        )
    s, c = f"{_P}s{depth}", f"{_P}c{depth}"
    return (
        f"reduce({s} = {_weight(v)}, {c} IN {_children(v, f'{_P}k{depth}')} | "
        f"CASE WHEN {s} > {_M} THEN {s} ELSE {s} + 1 + {_estimate(c, depth - 1)} END)"
    )


def _depths(bare: str) -> list[int]:
    """The bracket depth ((), [] and {}) at each character of the blanked query."""
    out, d = [], 0
    for ch in bare:
        if ch in ")]}":
            d -= 1
        out.append(d)
        if ch in "([{":
            d += 1
    return out


def _at_depth0(
    pattern: re.Pattern[str], bare: str, depth: list[int], start: int, end: int
) -> list[re.Match[str]]:
    return [m for m in pattern.finditer(bare, start, end) if depth[m.start()] == 0]


def _strip(bare: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace (and blanked comments) around it."""
    while start < end and bare[start].isspace():
        start += 1
    while end > start and bare[end - 1].isspace():
        end -= 1
    return start, end


Edit = tuple[int, int, str]  # text[start:end] becomes the string


def _alias_items(
    text: str, bare: str, depth: list[int], start: int, end: int, columns: list[str]
) -> list[Edit]:
    """Insertions naming the unaliased items of the RETURN clause text[start:end] (after RETURN)."""
    d = _DISTINCT.match(bare, start, end)
    if d:
        start = d.end()
    stop = _at_depth0(_ITEMS_END, bare, depth, start, end)
    end = stop[0].start() if stop else end
    cuts = [m.start() for m in re.finditer(",", bare[:end]) if m.start() >= start and depth[m.start()] == 0]
    spans = [
        _strip(bare, a + (i > 0), b)
        for i, (a, b) in enumerate(zip([start, *cuts], [*cuts, end], strict=True))
    ]
    star = any(bare[a:b] == "*" for a, b in spans)
    out = []
    for i, (a, b) in enumerate(spans):
        if bare[a:b] == "*" or _ALIAS.search(bare, a, b):
            continue
        name = text[a:b]
        if name not in columns and not star and len(spans) == len(columns):
            name = columns[i]  # Neo4j named the column otherwise (a comment at an end, say): keep its name
        out.append((b, b, " AS " + _quote(name)))
    return out


def _close_procedure(
    bare: str, depth: list[int], start: int, end: int, columns: list[str]
) -> list[Edit] | None:
    """Insertions making a standalone procedure call (`CALL db.labels()`, `... YIELD x WHERE ...`) a
    query part that returns its columns; None when text[start:end] is not one."""
    m = _PROCEDURE.match(bare, start, end)
    if not m:
        return None
    out: list[Edit] = []
    pos = m.end()
    while pos < end and bare[pos].isspace():
        pos += 1
    if pos < end and bare[pos] == "(":
        pos = (
            next((j for j in range(pos + 1, end) if bare[j] == ")" and depth[j] == depth[m.start()]), end) + 1
        )
    else:  # arguments taken implicitly from parameters are not possible inside CALL
        out.append((m.end(), m.end(), "()"))
    names = ", ".join(_quote(c) for c in columns)
    y = _YIELD.match(bare, pos, end)
    if y is None:
        if bare[pos:end].strip():
            return None
        out.append((pos, pos, f" YIELD {names}"))
    elif y.group(1):
        out.append((y.start(1), y.end(1), f" {names}"))  # YIELD * names them
    out.append((end, end, f"\nRETURN {names}"))
    return out


def bounded_query(text: str, columns: list[str]) -> str:
    """The query wrapped so that at most `$__pkrows` rows come back, each value's JSON size estimated in
    `__pke` and a value over `__pkcut` bytes sent as null; `columns` are the query's own (EXPLAIN's).

    Inside `CALL () { }` every returned item needs a name, so the final RETURN of each UNION part gets
    `AS <its column name>` for its unnamed items (inner RETURNs, in brackets, are left alone), and a
    standalone procedure call gets YIELD and RETURN of its columns."""
    bare = _blank(text)
    depth = _depths(bare)
    opts = _OPTIONS.match(bare)
    head = opts.end() if opts and opts.group(0).strip() else 0
    bounds = [
        head,
        *[p for m in _at_depth0(_UNION, bare, depth, head, len(bare)) for p in (m.start(), m.end())],
    ]
    bounds.append(len(bare))
    edits: list[Edit] = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        returns = _at_depth0(_RETURN, bare, depth, a, b)
        if returns:
            edits += _alias_items(text, bare, depth, returns[-1].end(), b, columns)
            continue
        closing = _close_procedure(bare, depth, a, b, columns) if len(bounds) == 2 else None
        if closing is None:
            raise QueryRejectedError(f"the query's results cannot be bounded: {_BOUND_HINT}")
        edits += closing
    inner, last = [], head
    for a, b, replacement in sorted(edits, key=lambda e: e[:2]):  # stable: inserts at one place keep order
        inner.append(text[last:a] + replacement)
        last = b
    inner.append(text[last:])
    cols = [_quote(c) for c in columns]
    picked = ", ".join(
        f"CASE WHEN {_P}e[{i}] > {_P}cut THEN null ELSE {c} END AS {c}" for i, c in enumerate(cols)
    )
    return (
        f"{text[:head]} CALL () {{\n{''.join(inner)}\n}}\nWITH * LIMIT ${_P}rows\n"
        # the extra 0 and '' make the list's static type LIST<ANY>, which the estimate needs
        # (a value of a kind the estimate does not know, whose estimate is null, counts as too large)
        f"WITH *, [{_P}v IN [{', '.join(cols)}, 0, ''] | "
        f"coalesce({_estimate(f'{_P}v', MAX_DEPTH)}, {_M} + 1)][0..{len(cols)}] AS {_P}e\n"
        # a row over the cap as a whole loses its values over an equal share of it
        f"WITH *, CASE WHEN reduce({_P}t = 0, {_P}x IN {_P}e | {_P}t + {_P}x) > {_M} "
        f"THEN {_M} / {len(cols)} ELSE {_M} END AS {_P}cut\n"
        f"RETURN {picked}, {_P}e, {_P}cut"
    )


def omitted(estimate: Any, cut: int) -> str:
    """The marker that stands in a row for a value left out."""
    if isinstance(estimate, int) and estimate >= _DEEP:
        return f"…（嵌套超过 {MAX_DEPTH} 层，已省略）"
    return f"…（值过大，已省略：超过 {cut} 字节）"


def _json_bytes(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def run_readonly(
    driver: Driver,
    database: str,
    query: str,
    params: dict[str, Any] | None,
    timeout_s: float,
    row_cap: int,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CypherResult:
    text = check_query(query)
    params = dict(params or {})
    check_params(params)
    if any(str(k).startswith(_P) for k in params):
        raise QueryRejectedError(f"parameter names starting with {_P} are reserved")
    with db.graph_errors(timeout_s):
        columns, summary = driver.execute_query(
            "EXPLAIN " + text,
            parameters_=params,
            routing_=RoutingControl.READ,
            database_=database,
            result_transformer_=_keys_and_summary,
        )
    if summary.query_type != "r" and not (summary.query_type == "s" and _calls_dbms_read(text)):
        raise QueryRejectedError(f"the server classifies this query as {summary.query_type!r}, not read-only")
    if any(c.startswith(_P) for c in columns):
        raise QueryRejectedError(f"column names starting with {_P} are reserved")
    wrapped = bounded_query(text, columns)
    params.update({f"{_P}max": max_bytes, f"{_P}rows": row_cap + 1})
    fetch = min(row_cap + 1, FETCH_ROWS)
    with (
        db.graph_errors(timeout_s),
        driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch) as session,
    ):
        # an explicit transaction: a query over the time or memory limit fails once, it is not retried
        tx = session.begin_transaction(timeout=timeout_s)
        try:
            return _collect(tx, wrapped, params, columns, row_cap, max_bytes)
        finally:
            tx.close()  # rolls back; records still in flight (at most one PULL's worth) are dropped


def _collect(
    tx: neo4j.Transaction,
    wrapped: str,
    params: dict[str, Any],
    columns: list[str],
    row_cap: int,
    max_bytes: int,
) -> CypherResult:
    try:
        result = tx.run(wrapped, params)
    except neo4j.exceptions.ClientError as exc:  # the query planned alone, so the wrapping did not
        if not (exc.code or "").startswith("Neo.ClientError.Statement."):
            raise
        raise QueryRejectedError(
            f"the query's results cannot be bounded ({exc.message}): {_BOUND_HINT}"
        ) from exc
    if list(result.keys()) != [*columns, *_HIDDEN]:
        raise QueryRejectedError(f"the query's results cannot be bounded: {_BOUND_HINT}")
    budget = max_bytes - _json_bytes(columns) - 100  # the rest of the body: its keys and `truncated`
    rows: list[list[Any]] = []
    reason: str | None = None
    left_out = used = 0
    n = len(columns)
    for record in result:
        if len(rows) >= row_cap:
            reason = "rows"
            break
        values = record.values()
        estimates, cut = values[n], values[n + 1]
        over = [not isinstance(e, int) or e > cut for e in estimates]  # sent as null: shown as a marker
        row = [omitted(estimates[i], cut) if over[i] else to_json(values[i]) for i in range(n)]
        size = _json_bytes(row) + 1
        if used + size > budget:
            reason = "bytes"
            break
        used += size
        rows.append(row)
        left_out += sum(over)
    if reason is None and left_out:
        reason = "values"
    return CypherResult(columns, rows, reason is not None, reason, left_out)


def _keys_and_summary(result: neo4j.Result) -> tuple[list[str], neo4j.ResultSummary]:
    return list(result.keys()), result.consume()


def _calls_dbms_read(text: str) -> bool:
    """Neo4j classifies a query that calls a DBMS-mode procedure as "s" (schema) rather than "r". The
    lexical checks forbid every schema command and let only allow-listed procedures through, so an "s"
    query that calls one of the DBMS-mode read procedures of the allow-list is read-only."""
    return any(m.group(1).lower() in DBMS_READ_PROCEDURES for m in _CALL.finditer(_blank(text)))


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
        if isinstance(value, float) and not math.isfinite(value):  # NaN and infinities are not JSON
            return None
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)

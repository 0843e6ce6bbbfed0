"""Neighbourhoods, responsibility chains and search for the web explorer (rows, no presentation)."""

from __future__ import annotations

import re
from typing import Any

from neo4j import Driver

from ontology.errors import NotFoundError
from ontology.vocab import Label

from . import db, lookups, queries

LABELS = {label.value for label in Label}


def search(driver: Driver, database: str, q: str, limit: int = 30) -> list[dict[str, Any]]:
    q = q.strip()
    if not q:
        return []
    rows = db.read(driver, queries.EXPLORE_SEARCH, database, search_params(q, limit))
    if not rows:  # abbreviations and near misses: the closest department / sector names
        for name in lookups.department_index(driver, database).close(q, 3):
            rows += db.read(driver, queries.EXPLORE_SEARCH, database, search_params(name, 3))
    return rows


def search_params(q: str, limit: int) -> dict[str, Any]:
    """The words as written, and for the full-text indexes their longest run of letters and digits as one
    Lucene phrase (punctuation is not indexed; the result is then checked against the words as written);
    none for a single character, which the CJK index holds only beside others."""
    run = max(re.findall(r"\w+", q), key=len, default="")
    return {"q": q, "limit": limit, "lucene": f'"{run}"' if len(run) >= 2 else None}


def node(driver: Driver, database: str, label: str, key: str) -> dict[str, Any]:
    if label not in LABELS:
        raise NotFoundError(f"unknown node kind {label!r}", sorted(LABELS))
    rows = db.read(driver, queries.EXPLORE_NODE, database, {"label": label, "key": key})
    if not rows:
        raise NotFoundError(f"no {label} {key!r}")
    return rows[0]


def neighbourhood(
    driver: Driver,
    database: str,
    label: str,
    key: str,
    types: list[str],
    policy: str | None,
    limit: int = 300,
) -> list[dict[str, Any]]:
    node(driver, database, label, key)
    params = {"label": label, "key": key, "types": types, "policy": policy, "limit": limit}
    return db.read(driver, queries.EXPLORE_NEIGHBOURHOOD, database, params)


def _focus_tasks(
    driver: Driver, database: str, focus: str | None, policy: str | None, region: str | None, limit: int
) -> tuple[dict[str, Any], list[str]]:
    """What `focus` names — a sector, else a department (in `region`), else task words — or, when it is None,
    the policy `policy`: (kind, key, name …) and the ids of its tasks."""
    params: dict[str, Any] = {
        "sector": None,
        "departments": [],
        "tasks": [],
        "policy_id": None,
        "limit": limit,
    }
    info: dict[str, Any]
    if focus is None:
        if policy is None:
            raise NotFoundError("name a unit, sector or task (focus) or a policy")
        p = lookups.policy_detail(driver, database, policy)["p"]
        params["policy_id"] = p["id"]
        info = {"kind": "Policy", "key": p["id"], "name": p["title"]}
    else:
        try:
            sector = lookups.resolve_sector(driver, database, focus)
            params["sector"] = sector
            info = {"kind": "Sector", "key": sector, "name": sector}
        except NotFoundError:
            try:
                d = lookups.resolve_department(driver, database, focus, region)
                params["departments"] = [d["key"]]
                info = {"kind": "Department", "key": d["key"], "name": d["name"], "region": d.get("region")}
            except NotFoundError:
                hits = [r["key"] for r in search(driver, database, focus, 10) if r["label"] == "Task"]
                params["tasks"] = hits
                info = {"kind": "Task", "key": hits[0] if hits else focus, "name": focus}
    ids = db.read(driver, queries.EXPLORE_FOCUS_TASKS, database, params)[0]["ids"]
    if not ids:
        raise NotFoundError(
            f"nothing in the graph matches {focus!r}",
            lookups.department_index(driver, database).close(focus or ""),
        )
    return info, ids


def chain(
    driver: Driver,
    database: str,
    focus: str,
    types: list[str],
    policy: str | None,
    limit: int = 200,
    region: str | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The responsibility chain around a sector, a unit (in `region`) or task words (`focus`): edge rows."""
    info, ids = _focus_tasks(driver, database, focus, None, region, limit)
    rows = db.read(
        driver, queries.EXPLORE_CHAIN, database, {"task_ids": ids, "types": types, "policy": policy}
    )
    return {"kind": info["kind"], "key": info["key"]}, rows


def layered(
    driver: Driver,
    database: str,
    focus: str | None,
    types: list[str],
    policy: str | None,
    region: str | None = None,
    limit: int = 3000,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The tasks of a unit, sector or task search (`focus`), or of a whole policy when `focus` is None:
    one row per task with its policy, section and units (the explorer lays them out in columns)."""
    info, ids = _focus_tasks(driver, database, focus, policy, region, limit)
    if info["kind"] == "Policy":
        policy = info["key"]  # a unique prefix was given: the full id
    rows = db.read(
        driver, queries.EXPLORE_LAYERED, database, {"task_ids": ids, "types": types, "policy": policy}
    )
    return info, rows


def whole_graph(driver: Driver, database: str, limit: int) -> list[dict[str, Any]]:
    return db.read(driver, queries.EXPLORE_ALL, database, {"limit": limit})


def policy_chain(driver: Driver, database: str, policy_id: str, types: list[str]) -> list[dict[str, Any]]:
    """The whole policy: every task with its section, departments, sectors and targets."""
    policy, rows = lookups.policy_tasks(driver, database, policy_id)
    ids = [r["task"]["id"] for r in rows]
    return db.read(
        driver, queries.EXPLORE_CHAIN, database, {"task_ids": ids, "types": types, "policy": policy["id"]}
    )

"""Responsibility lookups over the graph: departments, sectors, tasks, targets, policies.

Names resolve through canonical names, aliases and full names; an unknown name raises
`NotFoundError` carrying the closest names in the graph (abbreviations and near misses).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import Driver

from ingest.text import norm
from ontology.errors import AmbiguousNameError, NotFoundError
from ontology.vocab import ROLE_REL

from . import db, queries

ROLE_TYPES = {role: rel.value for role, rel in ROLE_REL.items()}
TYPE_ROLES = {v: k for k, v in ROLE_TYPES.items()}


def role_types(role: str) -> list[str]:
    """'lead' -> ['LEADS']; 'any' -> all four types."""
    if role == "any":
        return list(ROLE_TYPES.values())
    if role not in ROLE_TYPES:
        raise ValueError(f"unknown role {role!r}; use lead, support, responsible, guide or any")
    return [ROLE_TYPES[role]]


@dataclass
class NameIndex:
    """Names and aliases of departments (or sectors) -> keys, with near-miss matching."""

    by_name: dict[str, list[str]]
    weight: dict[str, int]
    display: dict[str, str]

    def match(self, name: str) -> list[str]:
        return self.by_name.get(norm(name), [])

    def close(self, name: str, n: int = 5) -> list[str]:
        key = norm(name)
        names = list(self.by_name)
        hits = [x for x in names if key and (key in x or (len(x) >= 2 and x in key))]
        hits.sort(key=lambda x: (-self._weight_of(x), len(x)))
        close = difflib.get_close_matches(key, names, n=n, cutoff=0.5)
        out: list[str] = []
        for x in [*hits, *close]:
            for k in self.by_name[x]:
                label = self.display[k]
                if label not in out:
                    out.append(label)
        return out[:n]

    def _weight_of(self, name: str) -> int:
        return max(self.weight.get(k, 0) for k in self.by_name[name])


def department_index(driver: Driver, database: str) -> NameIndex:
    by_name: dict[str, list[str]] = {}
    weight: dict[str, int] = {}
    display: dict[str, str] = {}
    for row in db.read(driver, queries.DEPARTMENT_NAMES, database):
        weight[row["key"]] = row["roles"]
        display[row["key"]] = row["name"]
        for name in {row["name"], row["key"], *[n for n in row["names"] if n]}:
            keys = by_name.setdefault(norm(name), [])
            if row["key"] not in keys:
                keys.append(row["key"])
    return NameIndex(by_name, weight, display)


def sector_index(driver: Driver, database: str) -> NameIndex:
    by_name: dict[str, list[str]] = {}
    display: dict[str, str] = {}
    for row in db.read(driver, queries.SECTOR_NAMES, database):
        display[row["name"]] = row["name"]
        for name in {row["name"], *row["aliases"]}:
            by_name.setdefault(norm(name), [])
            if row["name"] not in by_name[norm(name)]:
                by_name[norm(name)].append(row["name"])
    return NameIndex(by_name, {}, display)


def _by_name(
    driver: Driver, database: str, query: LiteralString, name: str, region: str | None = None
) -> list[dict[str, Any]]:
    """Rows of a by-name department query (in one region when `region` is given); a name the graph does
    not hold verbatim goes through the name index (normalised, abbreviations); nothing found ->
    NotFoundError with the closest names."""
    region = region.strip() if region and region.strip() else None
    rows = db.read(driver, query, database, {"name": name.strip(), "region": region})
    if rows:
        return rows
    index = department_index(driver, database)
    keys = [k for k in index.match(name) if region is None or k.startswith(region)]
    if len(keys) > 1:  # a normalised name or abbreviation several units share: never pick one
        raise AmbiguousNameError(name, _candidates(driver, database, keys))
    rows = db.read(driver, query, database, {"name": keys[0], "region": region}) if keys else []
    if not rows:
        where = f" in {region}" if region else ""
        raise NotFoundError(f"no department named {name!r}{where}", index.close(name))
    return rows


def _candidates(driver: Driver, database: str, keys: list[str]) -> list[dict[str, Any]]:
    """The units of these keys with region, level and task count, most tasks first."""
    out = []
    for k in keys:
        rows = db.read(driver, queries.FIND_DEPARTMENTS, database, {"name": k, "region": None})
        out += [{**r["d"], "tasks": r["roles"]} for r in rows if r["d"]["key"] == k]
    return sorted(out, key=lambda c: (-c["tasks"], c["key"]))


def only_one(name: str, candidates: list[dict[str, Any]]) -> dict[str, Any]:
    """The unit a name means: the only candidate, or the one whose key or full name it is; several
    otherwise (the same name in several regions) -> AmbiguousNameError listing them, never a silent pick."""
    if len(candidates) == 1:
        return candidates[0]
    exact = [c for c in candidates if name.strip() in (c["key"], c.get("full_name"))]
    if len(exact) == 1:
        return exact[0]
    raise AmbiguousNameError(name, candidates)


def resolve_department(driver: Driver, database: str, name: str, region: str | None = None) -> dict[str, Any]:
    rows = _by_name(driver, database, queries.FIND_DEPARTMENTS, name, region)
    chosen = only_one(name, [{**r["d"], "tasks": r["roles"]} for r in rows])
    found = {k: v for k, v in chosen.items() if k != "tasks"}
    found["other_keys"] = [r["d"]["key"] for r in rows if r["d"]["key"] != chosen["key"]]
    return found


def resolve_sector(driver: Driver, database: str, name: str) -> str:
    index = sector_index(driver, database)
    for candidate in (name, name.removesuffix("平台"), name.removesuffix("领域"), name.removesuffix("行业")):
        keys = index.match(candidate)
        if keys:
            return keys[0]
    raise NotFoundError(f"no sector named {name!r}", index.close(name))


def search_departments(
    driver: Driver, database: str, q: str | None, limit: int, skip: int
) -> list[dict[str, Any]]:
    params = {"q": q.strip() if q else None, "limit": limit, "skip": skip}
    return db.read(driver, queries.SEARCH_DEPARTMENTS, database, params)


def department_detail(
    driver: Driver, database: str, name: str, region: str | None = None, key: str | None = None
) -> dict[str, Any]:
    """A unit by name (the one with most tasks, or in `region`), or exactly by `key` when given."""
    if key is not None:
        rows = db.read(driver, queries.DEPARTMENT_DETAIL, database, {"name": key, "region": None})
        if not rows or rows[0]["d"]["key"] != key:
            raise NotFoundError(f"no department with key {key!r}")
    else:
        rows = _by_name(driver, database, queries.DEPARTMENT_DETAIL, name, region)
        chosen = only_one(name, rows[0]["matches"])
        if chosen["key"] != rows[0]["d"]["key"]:  # the name is one unit's key or full name
            return department_detail(driver, database, name, key=chosen["key"])
    row = rows[0]
    d = {**row["d"], "other_keys": row["other_keys"]}
    return {"department": d, "counts": row["counts"], "co_leads": row["co_leads"], "matches": row["matches"]}


def department_tasks(
    driver: Driver,
    database: str,
    name: str,
    role: str = "any",
    policy: str | None = None,
    region: str | None = None,
    key: str | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A unit's tasks of the role's types (in one policy when `policy`); `key` names the unit exactly."""
    d = resolve_department(driver, database, key if key else name, None if key else region)
    params = {"key": d["key"], "types": role_types(role), "policy": policy or None}
    return d, db.read(driver, queries.DEPARTMENT_TASKS, database, params)


def sectors(driver: Driver, database: str) -> list[dict[str, Any]]:
    return db.read(driver, queries.SECTORS, database)


def sector_departments(
    driver: Driver, database: str, name: str, role: str
) -> tuple[str, list[dict[str, Any]]]:
    sector = resolve_sector(driver, database, name)
    rows = db.read(driver, queries.SECTOR_DEPARTMENTS, database, {"name": sector, "types": role_types(role)})
    return sector, rows


def task_detail(driver: Driver, database: str, task_id: str) -> dict[str, Any]:
    rows = db.read(driver, queries.TASK_DETAIL, database, {"id": task_id})
    if not rows:
        raise NotFoundError(f"no task with id {task_id!r}")
    return rows[0]


def targets(
    driver: Driver,
    database: str,
    deadline: int | None,
    sector: str | None,
    limit: int = 500,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """A page of targets: due by `deadline` (a year; soonest first), of a sector, or the newest policies'
    first; each way starts from an index (deadline, sector name, the policies' `listed` order)."""
    sector_name = resolve_sector(driver, database, sector) if sector else None
    params = {"sector": sector_name, "skip": offset, "limit": limit, "before": None}
    if deadline is not None:  # a deadline is written 2025 or 2025-06: before "2026" is due by 2025
        params["before"] = str(deadline + 1)
        return db.read(driver, queries.TARGETS_DUE, database, params)
    if sector_name is not None:
        return db.read(driver, queries.TARGETS_OF_SECTOR, database, params)
    return db.read(driver, queries.TARGETS_NEWEST, database, params)


def policies(driver: Driver, database: str, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    """A page of the policies, newest first."""
    return db.read(driver, queries.LIST_POLICIES, database, {"skip": offset, "limit": limit})


def policy_detail(driver: Driver, database: str, policy_id: str) -> dict[str, Any]:
    rows = db.read(driver, queries.POLICY_DETAIL, database, {"id": policy_id}) if len(policy_id) >= 6 else []
    if len(rows) != 1:
        raise NotFoundError(
            f"no single policy with id {policy_id!r}" + (" (ambiguous prefix)" if len(rows) > 1 else ""),
            [r["p"]["id"] for r in rows[:5]],
        )
    return rows[0]


def policy_tasks(
    driver: Driver, database: str, policy_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    detail = policy_detail(driver, database, policy_id)
    return detail["p"], db.read(driver, queries.POLICY_TASKS, database, {"id": detail["p"]["id"]})

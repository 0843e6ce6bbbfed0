"""What the explorer's unit dossier shows (rows, no presentation): one unit's record, its tasks by policy and
role, and its partners."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from . import db, lookups, queries


def dossier(
    driver: Driver,
    database: str,
    name: str,
    region: str | None = None,
    key: str | None = None,
    partners: int = 30,
) -> dict[str, Any]:
    """One unit (by name and region, or by its key): its record, its tasks grouped by policy and role, and its
    partners ranked by shared tasks."""
    detail = lookups.department_detail(driver, database, name, region, key)
    unit = detail["department"]
    params = {"key": unit["key"], "types": lookups.role_types("any"), "policy": None}
    rows = db.read(driver, queries.DEPARTMENT_TASKS, database, params)
    found = db.read(driver, queries.DOSSIER_PARTNERS, database, {"key": unit["key"], "limit": partners})
    policies: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = r["policy"]
        entry = policies.setdefault(p["id"], {**p, "roles": {}})
        entry["roles"].setdefault(lookups.TYPE_ROLES[r["type"]], []).append(r)
    return {
        "unit": unit,
        "counts": detail["counts"],
        "matches": detail["matches"],
        "policies": list(policies.values()),
        "partners": found,
    }

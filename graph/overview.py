"""What the explorer's landing page and department dossier show (rows, no presentation)."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from . import db, lookups, queries

ROLE_ORDER = ("LEADS", "RESPONSIBLE_FOR", "SUPPORTS", "GUIDES")


def overview(driver: Driver, database: str, limit: int = 10) -> dict[str, Any]:
    """The policies loaded (with task, target and unit counts) and the most-involved units by role."""
    totals = db.read(driver, queries.OVERVIEW_TOTALS, database)[0]
    policies = db.read(driver, queries.OVERVIEW_POLICIES, database, {"limit": 500})
    top = db.read(driver, queries.OVERVIEW_TOP_UNITS, database, {"types": list(ROLE_ORDER), "limit": limit})
    by_role = {lookups.TYPE_ROLES[r["role_type"]]: r["units"] for r in top}
    return {
        "totals": dict(totals),
        "policies": [{**r["policy"], **{k: r[k] for k in ("tasks", "unassigned", "targets", "units")}}
                     for r in policies],
        "top_units": by_role,
    }  # fmt: skip


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

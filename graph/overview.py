"""What the explorer's landing page shows (rows, no presentation); a unit's dossier is in `dossier.py`."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from . import db, lookups, queries

ROLE_ORDER = ("LEADS", "RESPONSIBLE_FOR", "SUPPORTS", "GUIDES")


def overview(
    driver: Driver, database: str, limit: int = 10, offset: int = 0, page: int = 100
) -> dict[str, Any]:
    """A page of the policies loaded (newest first, with task, target and unit counts), the totals, and the
    most-involved units by role. Each part starts from an index or the count store: no task is scanned."""
    totals = db.read(driver, queries.OVERVIEW_TOTALS, database)[0]
    policies = db.read(driver, queries.OVERVIEW_POLICIES, database, {"skip": offset, "limit": page})
    top = db.read(driver, queries.OVERVIEW_TOP_UNITS, database, {"types": list(ROLE_ORDER), "limit": limit})
    by_role = {lookups.TYPE_ROLES[r["role_type"]]: r["units"] for r in top}
    return {
        "totals": dict(totals),
        "policies": [{**r["policy"], **{k: r[k] for k in ("tasks", "unassigned", "targets", "units")}}
                     for r in policies],
        "page": {"offset": offset, "limit": page, "total": totals["policies"]},
        "top_units": by_role,
    }  # fmt: skip

"""Plan, once, the read queries that a user's first clicks need, so that the first explorer view and the
first lookups after the API starts are as quick as the later ones.

A fresh Neo4j spends 0.1-0.5 s planning (and JIT-compiling) each statement the first time it sees it;
the explorer's whole-graph view measured 0.73 s on its first request and 0.3 s afterwards. The API runs
`warm_up` in the background when it starts; it only reads.
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import Driver

from . import db, queries
from .explore import search_params

# the explorer's first view and its policy list, the lookup cache's signature, a department page,
# a search; parameter values of the kinds the real requests send (plans are cached per parameter type)
WARM_READS: tuple[tuple[LiteralString, dict[str, Any]], ...] = (
    (queries.EXPLORE_ALL, {"limit": 3000}),
    (queries.LIST_POLICIES, {"skip": 0, "limit": 1000}),
    (queries.GRAPH_SIGNATURE, {}),
    (queries.DEPARTMENT_DETAIL, {"name": "省商务厅", "region": None}),
    (queries.EXPLORE_SEARCH, search_params("物流", 30)),
)


def warm_up(driver: Driver, database: str) -> int:
    """Run each warm-up read once; returns how many ran. Raises GraphUnavailableError if Neo4j is away."""
    for query, params in WARM_READS:
        db.read(driver, query, database, params)
    return len(WARM_READS)

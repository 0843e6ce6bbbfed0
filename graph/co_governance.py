"""The co-governance network: units as nodes, an edge where two units govern the same task together
(co-lead, lead and support, co-responsible), weighted by the tasks they share; degree, weighted degree and
betweenness centrality (igraph: exact, in C; networkx's pure-Python Brandes took 1.1 s for 1,000 units) and
Louvain communities (networkx, seeded)."""

from __future__ import annotations

from typing import Any

import igraph
import networkx as nx
from neo4j import Driver

from . import db, queries
from .lookups import role_types


def co_governance(
    driver: Driver,
    database: str,
    roles: list[str] | None = None,
    policy_ids: list[str] | None = None,
    region: str | None = None,
    collective: bool = False,
    limit: int = 20_000,
    units: int = 300,
) -> dict[str, Any]:
    """The network of the policies asked for, else of a region, else of the whole graph: never more than
    `units` units (the most involved in the asked roles; `summary.units_total` says how many there were)."""
    types = sorted({t for r in (roles or ["any"]) for t in role_types(r)})
    params = {"types": types, "policy_ids": policy_ids or [], "region": region or None,
              "collective": collective, "limit": limit, "units": units}  # fmt: skip
    chosen = db.read(driver, queries.NETWORK_UNITS, database, params)[0]
    rows = db.read(driver, queries.NETWORK_EDGES, database, {**params, "keys": chosen["keys"]})
    g = nx.Graph()
    for r in rows:
        for unit in (r["a"], r["b"]):
            g.add_node(unit["key"], **unit)
        g.add_edge(r["a"]["key"], r["b"]["key"], weight=r["weight"], co_led=r["co_led"],
                   distance=1.0 / r["weight"])  # fmt: skip
    betweenness = _betweenness(g)
    communities = nx.community.louvain_communities(g, weight="weight", seed=7) if len(g) else []
    community = {
        key: i for i, members in enumerate(sorted(communities, key=len, reverse=True)) for key in members
    }
    nodes = [
        {**g.nodes[k], "degree": g.degree(k), "weighted_degree": g.degree(k, weight="weight"),
         "betweenness": round(betweenness.get(k, 0.0), 6), "community": community.get(k)}
        for k in g.nodes
    ]  # fmt: skip
    nodes.sort(key=lambda n: (-n["weighted_degree"], n["key"]))
    edges = [
        {"source": min(a, b), "target": max(a, b), "weight": d["weight"], "co_led": d["co_led"]}
        for a, b, d in g.edges(data=True)
    ]
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    return {
        "nodes": nodes,
        "edges": edges,
        "summary": {"units": len(nodes), "links": len(edges), "communities": len(communities),
                    "roles": list(roles or ["any"]), "units_total": chosen["total"], "unit_limit": units,
                    "truncated": len(rows) >= limit or chosen["total"] > units},
    }  # fmt: skip


def _betweenness(g: nx.Graph) -> dict[str, float]:
    """Shortest paths by distance 1/shared tasks, normalised as networkx does for an undirected graph
    (by (n-1)(n-2)/2 pairs)."""
    n = len(g)
    if n <= 2:
        return {}
    keys = list(g.nodes)
    index = {k: i for i, k in enumerate(keys)}
    h = igraph.Graph(n=n, edges=[(index[a], index[b]) for a, b in g.edges()])
    h.es["distance"] = [d["distance"] for _, _, d in g.edges(data=True)]
    raw = h.betweenness(directed=False, weights="distance")
    scale = 2.0 / ((n - 1) * (n - 2))
    return {k: raw[i] * scale for i, k in enumerate(keys)}

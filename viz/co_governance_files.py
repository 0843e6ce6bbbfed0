"""The co-governance network as files for Gephi and other graph tools (GEXF, GraphML), with every figure the
API gives as node and edge attributes."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

MEDIA_TYPES = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}


def _graph(data: dict[str, Any]) -> nx.Graph:
    g = nx.Graph()
    for n in data["nodes"]:
        attrs = {k: ("" if v is None else v) for k, v in n.items() if k != "key"}
        attrs["label"] = n.get("name") or n["key"]
        g.add_node(n["key"], **attrs)
    for e in data["edges"]:
        g.add_edge(e["source"], e["target"], weight=e["weight"], co_led=e["co_led"])
    return g


def render(data: dict[str, Any], fmt: str) -> bytes:
    """`data` as returned by graph.co_governance.co_governance -> the file's bytes (UTF-8 XML)."""
    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(_graph(data), buf)
    elif fmt == "graphml":
        nx.write_graphml(_graph(data), buf)
    else:
        raise ValueError(f"unknown network file format {fmt!r}")
    return buf.getvalue()

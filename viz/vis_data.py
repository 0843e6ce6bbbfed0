"""Graph rows -> vis-network nodes and edges (plain data: labels are text, never HTML)."""

from __future__ import annotations

from typing import Any

from .style import EDGE_STYLE, NODE_STYLE

MAX_LABEL = 18


def node_id(label: str, key: str) -> str:
    return f"{label}:{key}"


def display_name(label: str, props: dict[str, Any]) -> str:
    name = props.get("name") or props.get("title") or props.get("indicator") or ""
    if label == "Task" and props.get("path_text"):
        return f"{props['path_text']} {name}"
    return str(name)


def vis_node(label: str, key: str, props: dict[str, Any]) -> dict[str, Any]:
    style = NODE_STYLE.get(label, {"shape": "dot", "color": "#888888", "zh": label})
    name = display_name(label, props)
    short = name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"
    node = {
        "id": node_id(label, key), "label": short, "full_name": name, "kind": label,
        "kind_zh": style["zh"], "key": key, "shape": style["shape"], "color": style["color"],
    }  # fmt: skip
    for extra in ("size", "font"):
        if extra in style:
            node[extra] = style[extra]
    return node


def vis_edge(a: str, b: str, rel_type: str, props: dict[str, Any]) -> dict[str, Any]:
    style = EDGE_STYLE.get(rel_type, {"label": rel_type, "color": "#999999", "width": 1, "dashes": False})
    edge = {
        "id": f"{a}|{rel_type}|{b}", "from": a, "to": b, "type": rel_type, "label": style["label"],
        "color": style["color"], "width": style["width"], "dashes": style["dashes"], "arrows": "to",
    }  # fmt: skip
    if props.get("sentence"):
        edge["sentence"] = props["sentence"]
    if props.get("surface"):
        edge["surface"] = props["surface"]
    return edge


def from_rows(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of (a_label, a_key, a_props, type, props, b_label, b_key, b_props) -> {nodes, edges}."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for r in rows:
        a = vis_node(r["a_label"], r["a_key"], r["a_props"] or {})
        b = vis_node(r["b_label"], r["b_key"], r["b_props"] or {})
        nodes.setdefault(a["id"], a)
        nodes.setdefault(b["id"], b)
        e = vis_edge(a["id"], b["id"], r["type"], r["props"] or {})
        edges.setdefault(e["id"], e)
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}

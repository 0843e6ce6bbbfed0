"""The chain view's layered drawing: focus → policy → section → task → units, in columns left to right.

Policies, sections, tasks and each task's units form a tree drawn in document order, so no two edges cross;
a section with more tasks than `per_section` shows the first ones and one "+N 项任务" group that the
explorer expands on request. Every box gets its own slot: sizes are estimated from the wrapped label (CJK
text is fixed-width), and the rows keep a gap wider than any estimate's error, so labels cannot overlap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ontology.vocab import REL_ROLE_ZH

from .style import EDGE_STYLE, NODE_STYLE
from .vis_data import node_id

FONT = 13
LINE = 18  # vis-network's line height for a 13 px CJK label, rounded up
PAD = 16  # a box's margins, top and bottom together
GAP = 14  # vertical space between two boxes of a column
COLUMNS = {"root": (130, 9), "Policy": (180, 13), "Section": (160, 11), "Task": (240, 17), "unit": (150, 10)}
COLUMN_GAP = 60
ROLE_ZH = REL_ROLE_ZH
ROLE_RANK = {"LEADS": 0, "RESPONSIBLE_FOR": 1, "SUPPORTS": 2, "GUIDES": 3}


def wrap(text: str, width: int, lines: int) -> str:
    """Hard-wrap at most `width` characters a line into even lines (CJK text has no spaces to break at), at
    most `lines` lines, the last cut with an ellipsis."""
    text = " ".join(text.split())
    count = min(lines, max(1, -(-len(text) // width)))
    size = min(width, max(1, -(-len(text) // count)))
    out = [text[i : i + size] for i in range(0, len(text), size)] or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: size - 1] + "…"
    return "\n".join(out)


@dataclass
class Box:
    id: str
    kind: str
    column: str
    label: str
    data: dict[str, Any] = field(default_factory=dict)
    y: float = 0.0

    @property
    def height(self) -> float:
        return self.label.count("\n") * LINE + LINE + PAD


def _box(id_: str, kind: str, column: str, text: str, **data: Any) -> Box:
    width = COLUMNS[column][1]
    return Box(id_, kind, column, wrap(text, width, 4 if column == "Policy" else 3), data)


def _place_tree(boxes: list[Box], children: dict[str, list[str]], by_id: dict[str, Box], top: float) -> float:
    """Stack `boxes` from `top`, each level with its first child (an indented tree read from the top: the
    chain's start stays in view however tall the drawing); returns the bottom. Siblings and their subtrees
    occupy disjoint bands in order, so no two edges of the tree can cross."""
    y = top
    for b in boxes:
        kids = [by_id[k] for k in children.get(b.id, [])]
        b.y = y + b.height / 2
        if kids:
            first = y + kids[0].height / 2
            if b.height > kids[0].height:  # a taller parent: its first child moves down to its centre line
                first = b.y
            bottom = _place_tree(kids, children, by_id, first - kids[0].height / 2)
            b.y = kids[0].y
            y = max(bottom, b.y + b.height / 2 + GAP)
        else:
            y += b.height + GAP
    return y


def layout(
    focus: dict[str, Any],
    rows: list[dict[str, Any]],
    expanded: set[str],
    per_section: int = 3,
    per_root: int = 8,
) -> dict[str, Any]:
    """Rows of EXPLORE_LAYERED -> vis-network nodes (with fixed x, y) and edges, plus a summary.

    Each task lists its own units (a unit named by several tasks is drawn beside each, every copy carrying
    `unit_id`): the drawing is a tree in document order and no edge crosses another. (Drawing each unit
    once cannot be made readable: on a 150-task unit the best barycentre ordering still crossed 214 times
    on 92 edges, more than a force layout; its other tasks are one click away, in its own chain.)
    More than `per_root` policies (a unit across a national corpus) fold the rest, newest first, into one
    "+N 份文件" group unless `expanded` holds "policies"; "*" in `expanded` opens everything."""
    focus_unit = focus["key"] if focus["kind"] == "Department" else None
    if focus_unit:  # the unit's own tasks in the roles asked for
        rows = [r for r in rows if any(u["key"] == focus_unit for u in r["units"])]
    by_id: dict[str, Box] = {}
    children: dict[str, list[str]] = defaultdict(list)
    policies: list[str] = []
    root = None
    if focus["kind"] in ("Department", "Sector"):
        root = node_id(focus["kind"], focus["key"])
        by_id[root] = _box(root, focus["kind"], "root", focus["name"], full_name=focus["name"])
    sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
    order = list(dict.fromkeys(r["policy"]["id"] for r in rows))  # newest first (EXPLORE_LAYERED's order)
    folded = order[per_root:] if len(order) > per_root + 1 and not {"policies", "*"} & expanded else []
    hidden = set(folded)
    for r in rows:
        if r["policy"]["id"] in hidden:
            continue
        p, s = r["policy"], r["section"]
        pid, sid = node_id("Policy", p["id"]), node_id("Section", s["id"])
        if pid not in by_id:
            by_id[pid] = _box(pid, "Policy", "Policy", p["title"] or p["id"], full_name=p["title"], tasks=0)
            policies.append(pid)
            if root:
                children[root].append(pid)
        by_id[pid].data["tasks"] += 1
        if sid not in by_id:
            title = " ".join(x for x in (s.get("label"), s.get("title")) if x) or "正文"
            by_id[sid] = _box(sid, "Section", "Section", title, full_name=title)
            children[pid].append(sid)
        sections[sid].append(r)
    if folded:
        gid = "Group:policies"
        count = sum(r["policy"]["id"] in hidden for r in rows)
        label = f"+{len(folded)} 份文件（{count} 项任务，点击展开）"
        text = wrap(label, COLUMNS["Policy"][1], 3)
        by_id[gid] = Box(gid, "Group", "Policy", text, {"hidden": count, "section": "policies"})
        if root:
            children[root].append(gid)
        else:
            policies.append(gid)
    shown = _tasks(sections, expanded, per_section, focus_unit, by_id, children)
    task_units: dict[str, list[str]] = defaultdict(list)
    unit_edges: list[tuple[str, str, dict[str, Any]]] = []
    # units of several regions in one drawing (a sector across provinces): each says its region
    regions = {u.get("region") for r in shown for u in r["units"]}
    for r in shown:
        tid = node_id("Task", r["task"]["id"])
        for u in sorted(r["units"], key=lambda u: (ROLE_RANK[u["type"]], u.get("order") or 0)):
            if u["key"] == focus_unit:
                continue
            unit = node_id("Department", u["key"])
            uid = f"{unit}@{r['task']['id']}"
            if uid not in by_id:
                text = f"{u['name']}·{u['region']}" if len(regions) > 1 and u.get("region") else u["name"]
                by_id[uid] = _box(uid, "Department", "unit", text, full_name=u["name"],
                                  region=u.get("region"), unit_id=unit, role=u["type"])  # fmt: skip
            if uid not in task_units[tid]:
                task_units[tid].append(uid)
            unit_edges.append((tid, uid, u))
    top = [root] if root else policies
    for tid, uids in task_units.items():
        children[tid] = uids
    _place_tree([by_id[t] for t in top], children, by_id, 0.0)
    edges = []
    for parent, kids in children.items():
        for k in kids:
            if by_id[k].column != "unit":
                rel = {"Task": "HAS_TASK", "Section": "HAS_SECTION"}.get(by_id[k].column, "INVOLVES")
                edges.append(_edge(parent, k, rel, {}))
    edges += [_edge(tid, uid, u["type"], u) for tid, uid, u in unit_edges]
    x_of = _columns(root is not None)
    nodes = [_vis(b, x_of[b.column]) for b in by_id.values()]
    groups = sum(b.kind == "Group" for b in by_id.values())
    summary = {"tasks": len(rows), "shown": len(shown), "groups": groups,
               "policies": len(order), "units": len({u["key"] for _, _, u in unit_edges}),
               "focus": focus}  # fmt: skip
    focus_id = root or (policies[0] if focus["kind"] == "Policy" and policies else None)
    return {"nodes": nodes, "edges": edges, "summary": summary, "layout": "layered", "focus_id": focus_id}


def _tasks(
    sections: dict[str, list[dict[str, Any]]],
    expanded: set[str],
    per_section: int,
    focus_unit: str | None,
    by_id: dict[str, Box],
    children: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """Each section's tasks in document order, the ones past `per_section` folded into a group."""
    shown = []
    for sid, items in sections.items():
        sec_key = sid.split(":", 1)[1]
        whole = sec_key in expanded or "*" in expanded or len(items) <= per_section + 1
        keep = items if whole else items[:per_section]
        for r in keep:
            t = r["task"]
            tid = node_id("Task", t["id"])
            mine = sorted(
                (u["type"] for u in r["units"] if u["key"] == focus_unit), key=ROLE_RANK.__getitem__
            )
            full = f"{t.get('path_text') or ''} {t.get('title') or ''}".strip()
            text = f"{ROLE_ZH[mine[0]]}｜{full}" if mine else full
            by_id[tid] = _box(tid, "Task", "Task", text, full_name=full, role=mine[0] if mine else None,
                              deadline=t.get("deadline_text"), targets=r["targets"])  # fmt: skip
            children[sid].append(tid)
            shown.append(r)
        if len(keep) < len(items):
            gid = f"Group:{sec_key}"
            hidden = len(items) - len(keep)
            label = f"+{hidden} 项任务（点击展开）"
            by_id[gid] = Box(gid, "Group", "Task", label, {"hidden": hidden, "section": sec_key})
            children[sid].append(gid)
    return shown


def _columns(with_root: bool) -> dict[str, float]:
    names = (["root"] if with_root else []) + ["Policy", "Section", "Task", "unit"]
    x, out = 0.0, {}
    for name in names:
        width = COLUMNS[name][0]
        out[name] = x + width / 2
        x += width + COLUMN_GAP
    return out


def _edge(a: str, b: str, rel: str, props: dict[str, Any]) -> dict[str, Any]:
    style = EDGE_STYLE.get(rel, {"label": "", "color": "#b0b0b0", "width": 1, "dashes": False})
    edge = {"id": f"{a}|{rel}|{b}", "from": a, "to": b, "type": rel, "label_zh": style["label"],
            "color": style["color"], "width": style["width"], "dashes": style["dashes"],
            "arrows": "to"}  # fmt: skip
    for k in ("surface", "sentence"):
        if props.get(k):
            edge[k] = props[k]
    return edge


def _vis(b: Box, x: float) -> dict[str, Any]:
    kind_style = NODE_STYLE.get(b.kind, {"color": "#eeeeee", "zh": "分组"})
    width = COLUMNS[b.column][0]
    node: dict[str, Any] = {
        "id": b.id, "label": b.label, "kind": b.kind, "kind_zh": kind_style["zh"], "x": x, "y": round(b.y, 1),
        "shape": "box", "widthConstraint": {"minimum": width, "maximum": width},
        "font": {"size": FONT, "color": "#ffffff" if b.kind == "Policy" else "#222222", "align": "left"},
        "color": {"background": kind_style["color"], "border": "#666666"}, "borderWidth": 1, "fixed": True,
        "key": b.id.split(":", 1)[1], "full_name": b.data.get("full_name", b.label),
        "height_estimate": b.height,
    }  # fmt: skip
    if b.kind == "Group":
        node.update(color={"background": "#ffffff", "border": "#888888"},
                    shapeProperties={"borderDashes": [4, 3]},
                    hidden_tasks=b.data["hidden"], section=b.data["section"])  # fmt: skip
    if b.kind == "Task" and b.data.get("role"):
        node["color"] = {"background": kind_style["color"], "border": EDGE_STYLE[b.data["role"]]["color"]}
        node["borderWidth"] = 3
    if b.kind == "Department" and b.column == "unit" and b.data.get("role"):
        node["color"] = {"background": kind_style["color"], "border": EDGE_STYLE[b.data["role"]]["color"]}
        node["font"] = {**node["font"], "color": "#ffffff"}
    for k in ("role", "deadline", "targets", "tasks", "region", "unit_id"):
        if b.data.get(k) is not None:
            node[k] = b.data[k]
    return node

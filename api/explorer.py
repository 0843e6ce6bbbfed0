"""`GET /explorer` and the JSON it draws from (`/api/graph/*`). The page loads only its own assets."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from graph import co_governance, dossier, explore, overview
from ontology.vocab import PROPERTY_ZH
from viz import assets, co_governance_files, layered, style, vis_data

from . import tasklists
from .deps import GraphDep

router = APIRouter(tags=["explorer"])
ROLES = {"lead", "support", "responsible", "guide"}
_SECURITY_HEADERS = {
    "Content-Security-Policy": assets.CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _types(roles: str | None) -> list[str]:
    chosen = [r for r in (roles or ",".join(sorted(ROLES))).split(",") if r]
    bad = [r for r in chosen if r not in ROLES]
    if bad:
        raise HTTPException(422, f"unknown role(s) {bad}; use lead, support, responsible, guide")
    return [style.ROLE_TYPES[r] for r in chosen]


@router.get("/explorer", include_in_schema=False)
def explorer_page() -> Response:
    return Response(
        assets.PAGE.read_bytes(), media_type="text/html; charset=utf-8", headers=_SECURITY_HEADERS
    )


@router.get("/explorer/assets/{name}", include_in_schema=False)
def explorer_asset(name: Annotated[str, Path(max_length=64)]) -> Response:
    found = assets.asset(name)
    if found is None:
        raise HTTPException(404, "no such asset")
    body, media = found
    return Response(body, media_type=media, headers={**_SECURITY_HEADERS, "Cache-Control": "max-age=3600"})


@router.get("/api/graph/legend")
def legend() -> dict[str, Any]:
    return style.legend()


@router.get("/api/graph/search")
def graph_search(
    graph: GraphDep,
    q: Annotated[str, Query(max_length=100)],
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> list[dict[str, Any]]:
    rows = explore.search(*graph, q, limit)
    out = []
    for r in rows:
        node_style = style.NODE_STYLE.get(r["label"], {"zh": r["label"]})
        out.append({"id": vis_data.node_id(r["label"], r["key"]), "label": r["label"], "key": r["key"],
                    "name": r["name"], "kind_zh": node_style["zh"], "region": r.get("region"),
                    "tasks": r.get("tasks")})  # fmt: skip
    return out


@router.get("/api/graph/node")
def graph_node(
    graph: GraphDep, label: Annotated[str, Query(max_length=20)], key: Annotated[str, Query(max_length=300)]
) -> dict[str, Any]:
    row = explore.node(*graph, label, key)
    hidden = ("version_key", "encoding", "number_key", "title_key", "deadline_year", "deadline_month")
    props = {k: v for k, v in row["props"].items() if v is not None and k not in hidden}
    if "deadline_text" in props:
        props["完成时限"] = props.pop("deadline_text")
    node_style = style.NODE_STYLE.get(row["label"], {"zh": row["label"]})
    evidence = props.pop("sentence", None) or (row["text"][:400] if row["text"] and label == "Task" else None)
    name = vis_data.display_name(row["label"], props)
    return {"id": vis_data.node_id(row["label"], row["key"]), "name": name, "kind": row["label"],
            "kind_zh": node_style["zh"], "properties": props, "fields": _fields(row["props"]),
            "evidence": evidence, "source": _source(row)}  # fmt: skip


def _fields(props: dict[str, Any]) -> list[tuple[str, Any]]:
    """The properties a person reads, in Chinese and in the table's order (PROPERTY_ZH); booleans as 是/否,
    lists joined; where the text sits in its document as 第 a–b 字."""
    out: list[tuple[str, Any]] = []
    for key, label in PROPERTY_ZH.items():
        value = props.get(key)
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, list):
            value = "、".join(str(v) for v in value)
        out.append((label, value))
    if props.get("span_start") is not None and props.get("span_end") is not None:
        out.append(("原文位置", f"第 {props['span_start']}–{props['span_end']} 字"))
    return out


def _source(row: dict[str, Any]) -> dict[str, Any] | None:
    """The document a task, section or target comes from, with links to its chain and task list."""
    src = row.get("source")
    if not src or not src.get("id"):
        return None
    pid = quote(src["id"], safe="")
    tasklist = f"/api/policies/{pid}/tasklist?format=xlsx"
    return {**src, "chain": f"/explorer?policy={pid}", "tasklist": tasklist}


@router.get("/api/graph/neighbourhood")
def graph_neighbourhood(
    graph: GraphDep,
    label: Annotated[str, Query(max_length=20)],
    key: Annotated[str, Query(max_length=300)],
    roles: Annotated[str | None, Query(max_length=60)] = None,
    policy: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
) -> dict[str, Any]:
    rows = explore.neighbourhood(*graph, label, key, _types(roles), policy or None, limit)
    data = vis_data.from_rows(rows)
    if not rows:  # an isolated node still shows
        row = explore.node(*graph, label, key)
        data["nodes"] = [vis_data.vis_node(row["label"], row["key"], row["props"])]
    return data


@router.get("/api/graph/chain")
def graph_chain(
    graph: GraphDep,
    focus: Annotated[str | None, Query(max_length=100, description="a unit, sector or task words")] = None,
    roles: Annotated[str | None, Query(max_length=60)] = None,
    policy: Annotated[
        str | None, Query(max_length=64, description="a policy id (alone: the whole policy)")
    ] = None,
    region: Annotated[
        str | None, Query(max_length=50, description="the unit's region, for a shared name")
    ] = None,
    expand: Annotated[
        str | None,
        Query(
            max_length=4000, description="section ids to show in full; policies: every policy; *: everything"
        ),
    ] = None,
    per_section: Annotated[
        int, Query(ge=1, le=500, description="tasks shown before a section collapses")
    ] = 3,
    policies: Annotated[int, Query(ge=1, le=500, description="policies shown before the rest fold")] = 8,
) -> dict[str, Any]:
    """Focus → policy → section → task → units as a layered drawing (fixed positions, left to right); a
    section with more than `per_section` tasks collapses into a "+N 项任务" group unless listed in
    `expand`."""
    if not (focus or "").strip() and not policy:
        raise HTTPException(422, "name a focus (unit, sector or task words) or a policy")
    info, rows = explore.layered(
        *graph, (focus or "").strip() or None, _types(roles), policy or None, region or None
    )
    expanded = {x for x in (expand or "").split(",") if x}
    return layered.layout(info, rows, expanded, per_section, policies)


@router.get("/api/overview")
def explorer_overview(
    graph: GraphDep,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="policies from this one")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="policies: this many")] = 100,
) -> dict[str, Any]:
    """The policies loaded (issuer, date, tasks, targets, units, tasks without a lead) and the units with
    the most tasks in each role."""
    return overview.overview(*graph, offset=offset, page=limit)


@router.get("/api/dossier")
def unit_dossier(
    graph: GraphDep,
    unit: Annotated[str, Query(min_length=1, max_length=200, description="a unit's name or alias")],
    region: Annotated[str | None, Query(max_length=50, description="its region, for a shared name")] = None,
    key: Annotated[
        str | None, Query(max_length=300, description="its key (region|name): exactly this unit")
    ] = None,
) -> dict[str, Any]:
    """One unit: its record, tasks by policy and role (deadlines, targets), partners ranked by shared tasks,
    and its 任务分工表 downloads."""
    found = dossier.dossier(*graph, unit, region or None, key or None)
    for p in found["policies"]:
        p["roles"] = {role: [_dossier_task(r) for r in rows] for role, rows in p["roles"].items()}
    u = found["unit"]
    base = f"/api/departments/{quote(u['name'], safe='')}/tasklist"
    where = f"&region={quote(u['region'], safe='')}" if u.get("region") else ""
    found["downloads"] = {fmt: f"{base}?format={fmt}{where}" for fmt in ("xlsx", "docx", "csv", "md")}
    return found


@router.get("/api/network")
def co_governance_network(
    graph: GraphDep,
    roles: Annotated[str | None, Query(max_length=60, description="lead,support,responsible,guide")] = None,
    policy: Annotated[str | None, Query(max_length=64, description="a policy id")] = None,
    region: Annotated[
        str | None, Query(max_length=50, description="units of this region (or its start)")
    ] = None,
    collective: Annotated[bool, Query(description="include collectives such as 各区、县级市")] = False,
    format: Annotated[
        Literal["json", "gexf", "graphml"], Query(description="json, or a file for Gephi (gexf) / graphml")
    ] = "json",
) -> Any:
    """Units that govern tasks together, weighted by shared tasks, with degree, weighted degree, betweenness
    centrality (igraph) and Louvain communities (networkx); as JSON, or as a GEXF / GraphML file."""
    chosen = [r for r in (roles or "").split(",") if r] or None
    _types(roles)  # unknown roles are a 422
    data = co_governance.co_governance(*graph, chosen, [policy] if policy else [], region, collective)
    if format == "json":
        return data
    headers = {"Content-Disposition": f"attachment; filename=co-governance.{format}"}
    return Response(
        co_governance_files.render(data, format),
        media_type=co_governance_files.MEDIA_TYPES[format],
        headers=headers,
    )


def _dossier_task(r: dict[str, Any]) -> dict[str, Any]:
    t = r["task"]
    return {"task_id": t["id"], "path": t.get("path_text"), "title": t.get("title"),
            "deadline": t.get("deadline_text"), "targets": tasklists.target_texts(r["targets"]),
            "sectors": r["sectors"],
            "lead": t.get("lead") or [], "support": t.get("support") or [],
            "responsible": t.get("responsible") or [], "as_written": r["role"].get("surface"),
            "sentence": r["role"].get("sentence")}  # fmt: skip


@router.get("/api/graph/all")
def graph_all(graph: GraphDep, limit: Annotated[int, Query(ge=1, le=20000)] = 3000) -> dict[str, Any]:
    return dict(vis_data.from_rows(explore.whole_graph(*graph, limit)))

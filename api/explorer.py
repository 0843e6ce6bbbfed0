"""`GET /explorer` and the JSON it draws from (`/api/graph/*`). The page loads only its own assets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import Response

from graph import explore
from graph import network as network_analysis
from viz import assets, network, style

router = APIRouter(tags=["explorer"])
ROLES = {"lead", "support", "responsible", "guide"}
_SECURITY_HEADERS = {
    "Content-Security-Policy": assets.CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _ctx(request: Request) -> tuple[Any, str]:
    state = request.app.state.pkg
    return state.require_driver(), state.database


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
    request: Request,
    q: Annotated[str, Query(max_length=100)],
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> list[dict[str, Any]]:
    rows = explore.search(*_ctx(request), q, limit)
    out = []
    for r in rows:
        node_style = style.NODE_STYLE.get(r["label"], {"zh": r["label"]})
        out.append({"id": network.node_id(r["label"], r["key"]), "label": r["label"], "key": r["key"],
                    "name": r["name"], "kind_zh": node_style["zh"]})  # fmt: skip
    return out


@router.get("/api/graph/node")
def graph_node(
    request: Request, label: Annotated[str, Query(max_length=20)], key: Annotated[str, Query(max_length=300)]
) -> dict[str, Any]:
    row = explore.node(*_ctx(request), label, key)
    hidden = ("version_key", "encoding", "number_key", "title_key", "deadline_year", "deadline_month")
    props = {k: v for k, v in row["props"].items() if v is not None and k not in hidden}
    if "deadline_text" in props:
        props["完成时限"] = props.pop("deadline_text")
    node_style = style.NODE_STYLE.get(row["label"], {"zh": row["label"]})
    evidence = props.pop("sentence", None) or (row["text"][:400] if row["text"] and label == "Task" else None)
    name = network.display_name(row["label"], props)
    return {"id": network.node_id(row["label"], row["key"]), "name": name, "kind": row["label"],
            "kind_zh": node_style["zh"], "properties": props, "evidence": evidence}  # fmt: skip


@router.get("/api/graph/neighbourhood")
def graph_neighbourhood(
    request: Request,
    label: Annotated[str, Query(max_length=20)],
    key: Annotated[str, Query(max_length=300)],
    roles: Annotated[str | None, Query(max_length=60)] = None,
    policy: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
) -> dict[str, Any]:
    rows = explore.neighbourhood(*_ctx(request), label, key, _types(roles), policy or None, limit)
    data = network.from_rows(rows)
    if not rows:  # an isolated node still shows
        row = explore.node(*_ctx(request), label, key)
        data["nodes"] = [network.vis_node(row["label"], row["key"], row["props"])]
    return data


@router.get("/api/graph/chain")
def graph_chain(
    request: Request,
    focus: Annotated[str, Query(min_length=1, max_length=100)],
    roles: Annotated[str | None, Query(max_length=60)] = None,
    policy: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """Policy → Section → Task → lead and supporting departments → sectors and targets."""
    focus_info, rows = explore.chain(*_ctx(request), focus, _types(roles), policy or None)
    data: dict[str, Any] = dict(network.from_rows(rows))
    data["focus_id"] = network.node_id(focus_info["kind"], focus_info["key"]) if focus_info["kind"] else None
    return data


@router.get("/api/network")
def co_governance_network(
    request: Request,
    roles: Annotated[str | None, Query(max_length=60, description="lead,support,responsible,guide")] = None,
    policy: Annotated[str | None, Query(max_length=64, description="a policy id")] = None,
    region: Annotated[
        str | None, Query(max_length=50, description="units of this region (or its start)")
    ] = None,
    collective: Annotated[bool, Query(description="include collectives such as 各区、县级市")] = False,
) -> dict[str, Any]:
    """Units that govern tasks together, weighted by shared tasks, with degree, weighted degree, betweenness
    centrality and Louvain communities (networkx)."""
    chosen = [r for r in (roles or "").split(",") if r] or None
    _types(roles)  # unknown roles are a 422
    return network_analysis.co_governance(
        *_ctx(request), chosen, [policy] if policy else [], region, collective
    )


@router.get("/api/graph/all")
def graph_all(request: Request, limit: Annotated[int, Query(ge=1, le=20000)] = 3000) -> dict[str, Any]:
    return dict(network.from_rows(explore.whole_graph(*_ctx(request), limit)))


def register(app: FastAPI) -> None:
    app.include_router(router)

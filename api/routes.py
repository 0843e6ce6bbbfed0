"""HTTP routes: lookups, questions, read-only Cypher, task lists, uploads. HTTP errors live here only."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from neo4j import Driver
from pydantic import TypeAdapter

from graph import lookups
from graph.load import load
from graph.readonly_cypher import run_readonly
from graph.schema import ensure_schema
from ingest.decode import decode_bytes
from ingest.extract import extract_decoded
from ingest.limits import Budget, Limits
from ontology.vocab import ROLE_ZH

from . import schemas, tasklists
from .deps import AskerDep, GraphDep, SettingsDep, State, upload_token
from .errors import MESSAGE_BY_STATUS
from .state import AppState

Role = Literal["lead", "support", "responsible", "guide", "any"]
TaskListFormat = Literal["md", "csv", "xlsx", "docx", "json"]
router = APIRouter(
    prefix="/api",
    tags=["lookups"],
    responses={
        status: {"model": schemas.ErrorBody, "description": MESSAGE_BY_STATUS[status]}
        for status in (400, 404, 409, 422, 429, 503)
    },
)
log = logging.getLogger("policykg.api")


async def _cached(
    state: AppState, key: Hashable, adapter: TypeAdapter[Any], compute: Callable[[Driver, str], Any]
) -> Response:
    """A read-only lookup answered from the graph cache (graph/cache.py) or computed in a worker thread.

    The answer is validated against its response schema once and kept as JSON bytes.
    """
    body = state.cache.peek(key)
    if body is None:

        def work() -> bytes:
            driver, database = state.require_driver(), state.database

            def fresh() -> bytes:
                return adapter.dump_json(adapter.validate_python(compute(driver, database)))

            return state.cache.get(driver, database, key, fresh)

        body = await run_in_threadpool(work)
    return Response(content=body, media_type="application/json")


def _department(d: dict[str, Any]) -> schemas.Department:
    fields = {k: d.get(k) for k in schemas.Department.model_fields if k in d}
    fields["aliases"] = d.get("aliases") or []
    names, years = d.get("predecessors") or [], d.get("renamed_years") or []
    fields["history"] = [{"name": n, "year": y} for n, y in zip(names, years, strict=False)]
    return schemas.Department(**fields)


# a page of a list (a national corpus has 100,000s of policies and millions of targets)
Limit = Annotated[int, Query(ge=1, le=10_000, description="at most this many")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="from this one on")]
Region = Annotated[
    str | None,
    Query(max_length=50, description="the unit's region (浙江省, 广州市, 全国), or its start (浙江)"),
]
UnitKey = Annotated[
    str | None,
    Query(
        max_length=300, description="the unit's key, as `candidates` and `matches` give it: picks exactly one"
    ),
]


POLICIES = TypeAdapter(list[schemas.PolicySummary])
POLICY = TypeAdapter(schemas.PolicyDetail)
DEPARTMENTS = TypeAdapter(list[schemas.DepartmentListItem])
DEPARTMENT = TypeAdapter(schemas.DepartmentDetail)
DEPARTMENT_TASKS = TypeAdapter(schemas.DepartmentTasks)
SECTORS = TypeAdapter(list[schemas.Sector])
SECTOR_DEPARTMENTS = TypeAdapter(schemas.SectorDepartments)
TASK = TypeAdapter(schemas.TaskDetail)
TARGETS = TypeAdapter(list[schemas.TargetItem])


@router.get("/policies", response_model=list[schemas.PolicySummary])
async def list_policies(state: State, limit: Limit = 1000, offset: Offset = 0) -> Any:
    """The ingested policies, newest first, a page at a time (`limit`, `offset`), with their numbers of
    tasks."""

    def compute(driver: Driver, database: str) -> list[dict[str, Any]]:
        return lookups.policies(driver, database, limit, offset)

    return await _cached(state, ("policies", limit, offset), POLICIES, compute)


@router.get("/policies/{policy_id}", response_model=schemas.PolicyDetail)
async def get_policy(state: State, policy_id: Annotated[str, Path(max_length=64)]) -> Any:
    """One policy (id or a unique prefix of at least 6 characters) with its sections."""

    def compute(driver: Driver, database: str) -> dict[str, Any]:
        row = lookups.policy_detail(driver, database, policy_id)
        return {
            "policy": row["p"],
            "tasks": row["tasks"],
            "sections": row["sections"],
            "implements": row["implements"],
            "implemented_by": row["implemented_by"],
            "cites": row["cites"],
            "versions": row["versions"],
        }

    return await _cached(state, ("policy", policy_id), POLICY, compute)


@router.get("/departments", response_model=list[schemas.DepartmentListItem])
async def list_departments(
    state: State,
    q: Annotated[str | None, Query(max_length=100, description="part of a name or alias")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Any:
    def compute(driver: Driver, database: str) -> list[dict[str, Any]]:
        rows = lookups.search_departments(driver, database, q, limit, offset)
        return [{"department": _department(r["d"]), "counts": r["counts"]} for r in rows]

    return await _cached(state, ("departments", q, limit, offset), DEPARTMENTS, compute)


@router.get("/departments/{name}", response_model=schemas.DepartmentDetail)
async def get_department(
    state: State, name: Annotated[str, Path(max_length=200)], region: Region = None, key: UnitKey = None
) -> Any:
    """Canonical name, aliases, level, counts by role and the units it co-leads with (aliases resolve).

    A name several units hold (省发展改革委 of Shandong and of Zhejiang) is never resolved silently: it
    answers 409 with every such unit in `candidates` (key, region, task count); `?region=` or `?key=`
    picks one. `matches` lists the units of that name."""

    def compute(driver: Driver, database: str) -> dict[str, Any]:
        detail = lookups.department_detail(driver, database, name, region, key)
        d = detail["department"]
        return {
            "department": _department(d),
            "counts": detail["counts"],
            "co_leads": detail["co_leads"],
            "other_keys": d.get("other_keys", []),
            "matches": detail["matches"],
        }

    return await _cached(state, ("department", name, region, key), DEPARTMENT, compute)


@router.get("/departments/{name}/tasks", response_model=schemas.DepartmentTasks)
async def department_tasks(
    state: State,
    name: Annotated[str, Path(max_length=200)],
    role: Role = "any",
    policy: Annotated[str | None, Query(max_length=64, description="policy id or prefix")] = None,
    region: Region = None,
    key: UnitKey = None,
) -> Any:
    """The unit's tasks by role, with provenance (a shared name: 409 with `candidates`, as above)."""

    def compute(driver: Driver, database: str) -> dict[str, Any]:
        found = lookups.department_tasks(driver, database, name, role, policy, region, key)
        return _department_tasks(*found, role)

    cache_key = ("department_tasks", name, role, policy, region, key)
    return await _cached(state, cache_key, DEPARTMENT_TASKS, compute)


def _department_tasks(d: dict[str, Any], rows: list[dict[str, Any]], role: str) -> dict[str, Any]:
    tasks = []
    for r in rows:
        t, role_type = r["task"], r["type"]
        zh_role = lookups.TYPE_ROLES[role_type]
        tasks.append({
            "task_id": t["id"], "title": t["title"], "path": t["path_text"], "role": zh_role,
            "deadline": _deadline(t),
            "role_zh": ROLE_ZH[zh_role], "as_written": r["role"].get("surface"),
            "lead": t.get("lead") or [], "support": t.get("support") or [],
            "responsible": t.get("responsible") or [], "guide": t.get("guide") or [],
            "sectors": r["sectors"], "targets": [g for g in r["targets"] if g],
            "provenance": {"policy_id": r["policy"]["id"], "policy": r["policy"]["title"],
                           "sentence": r["role"].get("sentence"),
                           "span": [r["role"].get("span_start"), r["role"].get("span_end")]},
        })  # fmt: skip
    return {"department": _department(d), "role": role, "tasks": tasks}


def _deadline(t: dict[str, Any]) -> dict[str, Any] | None:
    if not t.get("deadline_text"):
        return None
    return {"year": t.get("deadline_year"), "month": t.get("deadline_month"), "text": t["deadline_text"]}


@router.get("/departments/{name}/tasklist", tags=["task lists"])
def department_tasklist(
    graph: GraphDep,
    name: Annotated[str, Path(max_length=200)],
    format: TaskListFormat = "xlsx",
    role: Role = "any",
    region: Region = None,
    key: UnitKey = None,
    group: Annotated[
        Literal["policy", "role", "deadline"],
        Query(description="grouped by policy (document order), by the unit's role, or by deadline"),
    ] = "policy",
) -> Response:
    """The department's 任务分工表 across all policies (md, csv, xlsx, docx or json): titled and named by
    its region and unit, the documents' own task numbers, its role and the other units on each task."""
    d, rows = lookups.department_tasks(*graph, name, role, region=region, key=key)
    return _file(tasklists.department_list(d, rows, role=role, group=group), format)


@router.get("/policies/{policy_id}/tasklist", tags=["task lists"])
def policy_tasklist(
    graph: GraphDep,
    policy_id: Annotated[str, Path(max_length=64)],
    format: TaskListFormat = "xlsx",
    group: Annotated[
        Literal["policy", "deadline"], Query(description="in document order (policy), or by deadline")
    ] = "policy",
) -> Response:
    """The whole policy's 任务分工表, titled by the policy, with its region, issuer and 文号."""
    policy, rows = lookups.policy_tasks(*graph, policy_id)
    return _file(tasklists.policy_list(policy, rows, group=group), format)


def _file(tl: tasklists.TaskList, fmt: str) -> Response:
    body = tasklists.render(tl, fmt)
    headers = {"Content-Disposition": tasklists.content_disposition(tl, fmt)}
    return Response(content=body, media_type=tasklists.MEDIA_TYPES[fmt], headers=headers)


@router.get("/sectors", response_model=list[schemas.Sector])
async def list_sectors(state: State) -> Any:
    return await _cached(state, ("sectors",), SECTORS, lookups.sectors)


@router.get("/sectors/{name}/departments", response_model=schemas.SectorDepartments)
async def sector_departments(
    state: State, name: Annotated[str, Path(max_length=100)], role: Role = "lead"
) -> Any:
    """Which departments lead (support, …) tasks of a sector: 现代物流, 物流 and 现代物流平台 all work."""

    def compute(driver: Driver, database: str) -> dict[str, Any]:
        sector, rows = lookups.sector_departments(driver, database, name, role)
        return {"sector": sector, "role": role, "departments": rows}

    return await _cached(state, ("sector_departments", name, role), SECTOR_DEPARTMENTS, compute)


@router.get("/tasks/{task_id}", response_model=schemas.TaskDetail)
async def get_task(state: State, task_id: Annotated[str, Path(max_length=300)]) -> Any:
    """A task's text, roles, targets, entities and provenance."""

    def compute(driver: Driver, database: str) -> dict[str, Any]:
        return lookups.task_detail(driver, database, task_id)

    return await _cached(state, ("task", task_id), TASK, compute)


@router.get("/targets", response_model=list[schemas.TargetItem])
async def list_targets(
    state: State,
    deadline: Annotated[int | None, Query(ge=1949, le=2100, description="due by this year")] = None,
    sector: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> Any:
    """Targets a page at a time: due by a year (soonest first), of a sector, or the newest policies' first."""

    def compute(driver: Driver, database: str) -> list[dict[str, Any]]:
        return lookups.targets(driver, database, deadline, sector, limit, offset)

    return await _cached(state, ("targets", deadline, sector, limit, offset), TARGETS, compute)


@router.get("/ask", response_model=schemas.AskAnswer, tags=["questions"])
def ask(
    asker: AskerDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="a question in Chinese")],
) -> Any:
    """Answer a question in Chinese; the reply carries the Cypher and parameters used, and evidence."""
    return asker.ask(q).__dict__


@router.post(
    "/cypher", response_model=schemas.CypherResponse, response_model_exclude_unset=True, tags=["researchers"]
)
def cypher(graph: GraphDep, settings: SettingsDep, body: schemas.CypherRequest) -> Any:
    """Read-only Cypher: EXPLAINed first, run in a READ transaction with a timeout, a row cap and a byte
    cap (a value too large on its own is replaced by a marker); `truncated_reason` says which cut."""
    result = run_readonly(
        *graph,
        body.query,
        body.params,
        settings.query_timeout_s,
        settings.query_row_cap,
        settings.query_max_bytes,
    )
    answer: dict[str, Any] = {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
    if result.truncated:
        answer["truncated_reason"] = result.truncated_reason
        answer["omitted_values"] = result.omitted_values
    return answer


@router.post(
    "/documents",
    response_model=schemas.UploadResult,
    tags=["ingest"],
    status_code=201,
    dependencies=[Depends(upload_token)],
)
async def upload(
    request: Request,
    state: State,
    graph: GraphDep,
    file: Annotated[UploadFile, File(description="a .txt (UTF-8/GBK/GB18030/UTF-16), .docx or .html policy")],
    replaces: Annotated[
        list[str] | None,
        Query(max_length=64, description="id (or unique prefix) of a document this one is a new version of"),
    ] = None,
) -> Any:
    """Ingest one document (API token required; size limit enforced before the body is read).

    It replaces a document already loaded only on evidence — the same 文号 in the same region, the same
    issuer and title in the same region, or `replaces` — and the replaced one is kept as an earlier
    version (`replaced` lists its id). Reading it is bounded (`POLICYKG_DOC_MAX_*`: inflated size, text,
    pages, seconds) and stops when the client goes away; either way nothing of it is written."""
    settings = state.settings
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(413, f"file larger than {settings.max_upload_bytes} bytes")
    name = (file.filename or "upload.txt").replace("/", "_").replace("\\", "_")[:200]
    cancel = threading.Event()  # set when the client goes away: reading stops at its next check
    limits = settings.limits(settings.max_upload_bytes)
    budget = limits.budget(cancel)

    def work() -> dict[str, Any]:
        return _ingest_upload(state, graph, data, name, limits, budget, replaces or ())

    failure: Exception | None = None
    async with anyio.create_task_group() as group:  # the watcher lives as long as the work
        group.start_soon(_watch_disconnect, request, cancel, name)
        try:
            answer = await run_in_threadpool(work)
        except Exception as exc:  # raised below, outside the task group (not in an exception group)
            failure = exc
        group.cancel_scope.cancel()
    if failure is not None:
        raise failure
    return answer


async def _watch_disconnect(request: Request, cancel: threading.Event, name: str) -> None:
    while not await request.is_disconnected():
        await anyio.sleep(0.2)
    cancel.set()
    log.warning("upload of %r cancelled: the client went away; nothing of it is written", name)


def _ingest_upload(
    state: AppState,
    graph: GraphDep,
    data: bytes,
    name: str,
    limits: Limits,
    budget: Budget,
    replaces: Sequence[str],
) -> dict[str, Any]:
    decoded = decode_bytes(data, name, limits=limits, deadline=budget)
    extraction = extract_decoded(decoded, name, limits=limits, deadline=budget)
    budget.check(name)  # the client is still there: from here the document is loaded whole
    driver, database = graph
    if not state.schema_ready:  # once per process (IF NOT EXISTS, but it also waits for the indexes)
        ensure_schema(driver, database)
        state.schema_ready = True
    result = load(driver, database, extraction, decoded.text, replaces=replaces)
    state.graph_changed()
    return {
        "document_id": result.doc_id, "title": result.title, "status": result.status, "tasks": result.tasks,
        "attributions": result.attributions, "targets": result.targets, "entities": result.entities,
        "replaced": result.replaced, "warnings": extraction.warnings,
    }  # fmt: skip

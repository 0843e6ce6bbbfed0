"""The API's own response schemas (independent of ingest's and graph's models)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """Every error answer (api/errors.py)."""

    error: str = Field(description="the kind: an exception name, ValidationError, HTTPError or Limit")
    message: str = Field(description="one sentence in Chinese")
    detail: str = Field(description="the specifics: the name, file, limit or Neo4j's words")
    suggestions: list[Any] | None = Field(default=None, description="close matches of a name not found")
    candidates: list[dict[str, Any]] | None = Field(
        default=None, description="the units a shared name may mean: key, name, region, level, tasks"
    )
    code: str | None = Field(default=None, description="Neo4j's status code of a failed query")
    errors: list[dict[str, str]] | None = Field(default=None, description="each invalid parameter")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    neo4j: Literal["up", "down"]
    version: str
    neo4j_version: str | None = None
    detail: str | None = None


class Provenance(BaseModel):
    policy_id: str
    policy: str | None = None
    sentence: str | None = None
    span: list[int] | None = Field(default=None, description="[start, end) in the policy's text")


class PolicySummary(BaseModel):
    id: str
    title: str
    issuer: str | None = None
    date: str | None = None
    doc_number: str | None = None
    doc_type: str | None = None
    source_name: str | None = None
    region: str | None = None
    level: str | None = None
    issued: str | None = Field(default=None, description="the signature date, else the 文号 year")
    tasks: int


class PolicyDetail(BaseModel):
    policy: dict[str, Any]
    tasks: int
    sections: list[dict[str, Any]]
    implements: list[dict[str, Any]] = Field(
        default=[], description="policies this one implements (贯彻落实)"
    )
    implemented_by: list[dict[str, Any]] = Field(default=[], description="policies that implement this one")
    cites: list[dict[str, Any]] = Field(
        default=[], description="the documents it names as implemented, loaded or not"
    )
    versions: list[dict[str, Any]] = Field(
        default=[],
        description="earlier versions this document superseded, newest first "
        "(`policykg restore ID` makes one current again)",
    )


class Predecessor(BaseModel):
    name: str = Field(description="the name before an institutional reform (机构改革), e.g. 国家工商总局")
    year: int | None = None


class Department(BaseModel):
    key: str = Field(description="region|canonical name: 浙江省|省发展改革委, 全国|国家发展改革委")
    name: str
    full_name: str | None = None
    level: str | None = None
    region: str | None = None
    aliases: list[str] = []
    collective: bool | None = None
    known: bool | None = None
    history: list[Predecessor] = Field(default=[], description="earlier names, with the year of the change")


class DepartmentListItem(BaseModel):
    department: Department
    counts: dict[str, int]


class CoLead(BaseModel):
    name: str
    key: str
    tasks: int


class DepartmentMatch(BaseModel):
    key: str
    name: str
    region: str | None
    level: str | None
    tasks: int


class DepartmentDetail(BaseModel):
    department: Department
    counts: dict[str, int] = Field(description="tasks by role: lead, support, responsible, guide")
    co_leads: list[CoLead]
    other_keys: list[str] = Field(description="same name in other regions")
    matches: list[DepartmentMatch] = Field(
        default=[],
        description="every unit of that name, each with its region (most tasks first); ?region= picks one",
    )


class TaskDeadline(BaseModel):
    year: int | None
    month: int | None
    text: str


class DepartmentTask(BaseModel):
    task_id: str
    title: str
    path: str
    deadline: TaskDeadline | None = None
    role: str
    role_zh: str
    as_written: str | None
    lead: list[str]
    support: list[str]
    responsible: list[str]
    guide: list[str]
    sectors: list[str]
    targets: list[dict[str, Any]]
    provenance: Provenance


class DepartmentTasks(BaseModel):
    department: Department
    role: str
    tasks: list[DepartmentTask]


class Sector(BaseModel):
    name: str
    aliases: list[str]
    broader: str | None
    platform_field: bool | None
    tasks: int


class SectorDepartment(BaseModel):
    name: str
    key: str
    evidence: list[dict[str, Any]]


class SectorDepartments(BaseModel):
    sector: str
    role: str
    departments: list[SectorDepartment]


class TaskDetail(BaseModel):
    task: dict[str, Any]
    policy: dict[str, Any]
    section: dict[str, Any] | None
    roles: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    sectors: list[str]


class TargetItem(BaseModel):
    target: dict[str, Any]
    sectors: list[str]
    context: str | None
    task_or_section: str | None
    policy: dict[str, Any]


class AskAnswer(BaseModel):
    question: str
    intent: str
    answer: list[str]
    cypher: str | None
    params: dict[str, Any]
    evidence: list[dict[str, Any]]
    understood: dict[str, Any]
    suggestions: list[str]
    message: str | None
    count: int | None = Field(default=None, description="how many, when the question asks 几项 / 多少个")
    groups: list[dict[str, Any]] = Field(
        default_factory=list,
        description="one entry per region or unit when the answer is given apart (分别, a name that "
        "several regions' units hold, 哪些城市): region, name, key, count, answer",
    )


class CypherRequest(BaseModel):
    model_config = {"extra": "forbid"}
    query: str = Field(max_length=10_000)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherResponse(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    # only when truncated: "rows" (the row cap), "bytes" (the rows' JSON reached the byte cap) or "values"
    # (only values too large on their own were replaced by a marker, counted in omitted_values)
    truncated_reason: Literal["rows", "bytes", "values"] | None = None
    omitted_values: int | None = None


class UploadResult(BaseModel):
    document_id: str
    title: str
    status: str
    tasks: int
    attributions: int
    targets: int
    entities: int
    replaced: list[str]
    warnings: list[str]

"""The typed contract between `ingest/` and everything above it.

Spans are `[start, end)` character offsets into the decoded input text exactly as given (never
normalised); `sentence` is the source text those offsets delimit (or the sentence around them).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ontology.lexicon import ROLE_ZH

Role = Literal["lead", "support", "responsible", "guide"]
EntityType = Literal["sector", "enterprise", "zone", "platform", "region", "technology"]
Level = Literal["国家", "省", "市", "县", "未知"]

ROLE_LABELS_ZH: dict[str, str] = dict(ROLE_ZH)  # the lexicon's; `Role` above spells ontology.lexicon.Role


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class CitedDocument(Model):
    title: str | None
    doc_number: str | None


class Issuer(Model):
    """One issuer the document names (a joint signature names several), resolved like a unit."""

    surface: str = Field(description="the issuer as written, one of `issuer` split at 、")
    canonical: str = Field(description="canonical short name, e.g. 山东省人民政府")
    key: str = Field(description="canonical department key: region|canonical")
    full_name: str | None
    level: Level
    region: str | None
    collective: bool
    known: bool = Field(description="False when the issuer is not in the alias registry")
    aliases: list[str] = Field(
        default_factory=list, description="every alias the registry knows for it (empty when unknown)"
    )


class DocumentInfo(Model):
    id: str = Field(description="sha256 of the decoded text (hex), the document's stable id")
    title: str
    title_derived: bool = Field(description="True when the text has no title line and one was derived")
    issuer: str | None
    date: str | None = Field(description="ISO date from the signature, e.g. 2022-10-25")
    doc_number: str | None = Field(description="e.g. 国办发〔2018〕129号")
    doc_type: str | None = Field(description="意见, 实施意见, 通知, 方案, …")
    region: str | None = Field(
        description="the issuer's region: 全国, 山东省, 广州市, 桐庐县, 广州市天河区; None when unknown"
    )
    level: Level
    province: str | None = Field(default=None, description="the province the region lies in, when known")
    city: str | None = Field(default=None, description="the city (地级市) the region lies in, when known")
    scope: str = Field(
        default="全国",
        description="what a unit's key is prefixed with when its own region cannot be told: the region, "
        "else the issuer, else the document (never silently 全国)",
    )
    issued: str | None = Field(default=None, description="the signature date, else the 文号 year (2021)")
    implements: list[CitedDocument] = Field(
        default_factory=list, description="documents the text says it implements (贯彻落实《…》（…号）)"
    )
    published: str | None = Field(
        default=None, description="发布日期 of a gov-site page (ISO), when it states one"
    )
    index_number: str | None = Field(default=None, description="索引号 of a gov-site 信息公开 page")
    subject: str | None = Field(default=None, description="主题分类 of a gov-site 信息公开 page")
    page_starts: list[int] = Field(
        default_factory=list, description="for a PDF: the offset in the text where each page begins"
    )
    source_name: str | None = None
    encoding: str
    length: int
    issuers: list[Issuer] = Field(
        default_factory=list, description="`issuer` split at 、, each resolved against the registry, in order"
    )


class Unit(Model):
    """One unit named in an attribution, as written, with its role and its canonical department."""

    surface: str = Field(description="the unit as written in this attribution")
    role: Role
    order: int = Field(description="position in the attribution (0 = first named)")
    canonical: str = Field(description="canonical short name, e.g. 省发展改革委")
    key: str = Field(description="canonical department key: region|canonical")
    full_name: str | None
    level: Level
    region: str | None
    collective: bool = Field(description="a collective such as 各区、县级市 or 有关部门")
    known: bool = Field(description="False when the unit is not in the alias registry (kept, flagged)")
    span: tuple[int, int]
    sentence: str = Field(description="the attribution clause the unit is named in")
    sentence_span: tuple[int, int]
    inherited: bool = Field(default=False, description="from a heading or a carry-forward note")
    renamed_from: str | None = Field(
        default=None, description="the old name this unit was named by, before an institutional reform"
    )
    renamed_in: int | None = Field(default=None, description="the year of that reform (机构改革)")
    aliases: list[str] = Field(
        default_factory=list,
        description="every alias the registry knows for the unit (empty when it is not in the registry)",
    )


class Section(Model):
    id: str
    path: list[str]
    label: str
    title: str
    level: int
    span: tuple[int, int]
    parent_id: str | None = Field(description="the enclosing section (None for the document root)")


class Deadline(Model):
    """When a task is due: 2022年底前 -> year 2022; 2023年6月底前 -> 2023-06; 持续推进 -> no year."""

    year: int | None
    month: int | None = Field(default=None, description="only when the text names a month")
    text: str = Field(description="as written: 2022年12月底前, 持续推进")
    span: tuple[int, int] | None = Field(default=None, description="where it is written, when in the text")


class TaskColumn(Model):
    """A table row's column beyond number, task, units and deadline (责任处室, 备注, 工作目标 …)."""

    name: str = Field(description="the column's header as written, white space removed")
    value: str = Field(description="the cell's text, stripped (an empty cell is not listed)")
    span: tuple[int, int] = Field(description="where the cell is written")


class TaskSector(Model):
    """A sector a task concerns, why, and the sector as the taxonomy (`ingest/data/sectors.tsv`) has it."""

    name: str
    basis: Literal["title", "text"] = Field(
        description="title: the task's title names it; text: its text names it most (3+ times)"
    )
    aliases: list[str] = Field(description="the sector's name and its aliases")
    broader: str | None = Field(description="the broader sector, when the taxonomy gives one")
    platform_field: bool = Field(description="a field of the platform economy (the taxonomy's first ten)")


class Task(Model):
    id: str
    path: list[str]
    section_id: str | None = Field(description="the enclosing top-level section")
    parent_path: list[str]
    title: str
    text: str
    span: tuple[int, int]
    lead: list[str]
    support: list[str]
    responsible: list[str]
    guide: list[str]
    units: list[Unit]
    sectors: list[str]
    source: Literal["text", "table"] = "text"
    deadline: Deadline | None = None
    page: int | None = Field(default=None, description="for a PDF: the page (1-based) the task starts on")
    columns: list[TaskColumn] = Field(
        default_factory=list, description="a table row's other columns (备注, 责任处室 …), in header order"
    )
    sector_details: list[TaskSector] = Field(
        default_factory=list, description="`sectors`, each with its basis and its taxonomy entry, in order"
    )


class Target(Model):
    id: str
    indicator: str
    value: float | None
    value_text: str | None = Field(description="the number as written, e.g. 200亿")
    unit: str | None
    qualifier: str | None
    deadline: str | None = Field(description="year (2025) or year-month (2019-06)")
    task_id: str | None
    section_id: str | None
    span: tuple[int, int]
    sentence: str
    page: int | None = Field(default=None, description="for a PDF: the page (1-based)")


class Entity(Model):
    name: str
    type: EntityType
    canonical: str
    spans: list[tuple[int, int]]
    task_ids: list[str]


class UnknownUnit(Model):
    surface: str
    task_id: str
    span: tuple[int, int]
    rejected: bool = Field(
        default=False, description="True: not a unit name (clause text, a note, markup), left out of the task"
    )
    reason: str | None = Field(default=None, description="why it was left out")


class Extraction(Model):
    document: DocumentInfo
    sections: list[Section]
    tasks: list[Task]
    targets: list[Target]
    entities: list[Entity]
    unknown_units: list[UnknownUnit]
    warnings: list[str]

    def contract(self) -> dict[str, object]:
        """The JSON shape promised by `policykg extract --format json` (plus provenance details)."""
        return self.model_dump(mode="json")

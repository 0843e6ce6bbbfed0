"""Text -> `Extraction`: the document, its sections and tasks with typed roles, targets and entities.

Paragraphs go through the spaCy pipeline (`ingest.nlp`) with the document context in
`doc.user_data`; every offset is mapped back to the decoded input text, which is never altered.

Every entry point takes `limits` (`ingest.limits.Limits`) and `deadline` (a `Budget`): one budget
bounds decoding and extraction together (without one, each call gets `limits.max_seconds`). It is
checked between the stages, per paragraph of the spaCy pipeline and per line, item and table row of
the layout and task steps; running out raises InputError, a set cancel event InputCancelledError.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import tasks as task_builder
from . import vertical_table
from .attributions import declared_rules
from .decode import Decoded, decode_bytes, read_document
from .layout import normalize, remap
from .limits import DEFAULT_LIMITS, Budget, Limits, budget_for, refuse
from .meta import extract_meta
from .models import CitedDocument, DocumentInfo, Entity, Extraction, Issuer, Target, UnknownUnit
from .paragraphs import ParagraphResult, no_check, run_pipeline
from .registry import Registry, sector_by_alias
from .structure import build_items, parse_lines
from .text import norm


def extract_file(
    path: Path, *, limits: Limits = DEFAULT_LIMITS, deadline: Budget | None = None
) -> Extraction:
    budget = budget_for(limits, deadline)
    decoded = read_document(path, limits=limits, deadline=budget)
    return extract_decoded(decoded, path.name, limits=limits, deadline=budget)


def extract_bytes(
    data: bytes, name: str = "document", *, limits: Limits = DEFAULT_LIMITS, deadline: Budget | None = None
) -> Extraction:
    budget = budget_for(limits, deadline)
    decoded = decode_bytes(data, name=name, limits=limits, deadline=budget)
    return extract_decoded(decoded, name, limits=limits, deadline=budget)


def extract_decoded(
    decoded: Decoded, name: str, *, limits: Limits = DEFAULT_LIMITS, deadline: Budget | None = None
) -> Extraction:
    pages = list(decoded.page_starts)
    return extract_text(decoded.text, name, decoded.encoding, pages, limits=limits, deadline=deadline)


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_text(
    text: str,
    source_name: str | None = None,
    encoding: str = "utf-8",
    page_starts: list[int] | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    deadline: Budget | None = None,
) -> Extraction:
    name = source_name or "document"
    if len(text) > limits.max_text_chars:
        what = f"its text runs to {len(text):,} characters"
        raise refuse(name, what, "max_text_chars", limits.max_text_chars, "characters")
    budget = budget_for(limits, deadline)

    def check() -> None:
        budget.check(name)

    check()
    doc_id = document_id(text)
    layout = normalize(text, check)
    delivered, text = text, layout.text
    lines = parse_lines(text)
    meta = extract_meta(text, lines)
    check()
    scope = meta.region or meta.issuer or f"文档{doc_id[:12]}"
    registry = Registry(meta.place.province, meta.place.city, meta.region, scope)
    rebuilt = vertical_table.rebuild(text, lines, registry, check)
    lines = rebuilt.lines
    rules = declared_rules(text)
    ctx: dict[str, Any] = {
        "registry": registry,
        "rules": rules,
        "base_year": int(meta.date[:4]) if meta.date else None,
    }
    results = run_pipeline(text, lines, ctx, check)
    items = build_items(lines)
    check()
    built = task_builder.build(text, doc_id, lines, items, results, registry, meta.title, rules, check)
    targets = _targets(doc_id, text, results, built)
    check()
    entities = _entities(results, built, check)
    check()
    unknown = [
        UnknownUnit(surface=u.surface, task_id=t.id, span=u.span)
        for t in built.tasks
        for u in t.units
        if not u.known and not u.collective and not u.inherited
    ] + [
        UnknownUnit(surface=surface, task_id=task_id, span=span, rejected=True, reason=why)
        for surface, task_id, span, why in built.rejected
    ]
    warnings = list(rebuilt.warnings) + list(built.warnings)
    if "replaced" in encoding or "mixed" in encoding:
        warnings.append(f"decoded as {encoding}")
    if not built.tasks:
        warnings.append("no responsibility attributions found: the document yields no tasks")
    info = DocumentInfo(
        id=doc_id,
        title=meta.title,
        title_derived=meta.title_derived,
        issuer=meta.issuer,
        date=meta.date,
        doc_number=meta.doc_number,
        doc_type=meta.doc_type,
        region=meta.region,
        level=meta.level,
        province=meta.place.province,
        city=meta.place.city,
        scope=scope,
        issued=meta.issued,
        implements=[CitedDocument(title=t, doc_number=n) for t, n in meta.cited],
        published=meta.block.date("published") if meta.block else None,
        index_number=meta.block.fields.get("index_number") if meta.block else None,
        subject=meta.block.fields.get("subject") if meta.block else None,
        page_starts=page_starts or [],
        source_name=source_name,
        encoding=encoding,
        length=len(delivered),
        issuers=[_issuer(surface, registry) for surface in meta.issuer.split("、")] if meta.issuer else [],
    )
    extraction = Extraction(
        document=info,
        sections=built.sections,
        tasks=built.tasks,
        targets=targets,
        entities=entities,
        unknown_units=unknown,
        warnings=warnings,
    )
    if layout.changed:
        remap(extraction, layout)
    if page_starts:
        for task in extraction.tasks:
            task.page = bisect.bisect_right(page_starts, task.span[0])
        for target in extraction.targets:
            target.page = bisect.bisect_right(page_starts, target.span[0])
    return extraction


def _issuer(surface: str, registry: Registry) -> Issuer:
    r = registry.resolve(surface)
    return Issuer(surface=surface, **r.identity(), aliases=registry.aliases(surface))


def _targets(
    doc_id: str, text: str, results: dict[int, ParagraphResult], built: task_builder.Built
) -> list[Target]:
    out: list[Target] = []
    sentences = sorted(s for r in results.values() for s in r.sentences)
    for res in results.values():
        for raw in res.targets:
            task = next(
                (t for t in built.tasks if t.span[0] <= raw.span[0] and raw.span[1] <= t.span[1]), None
            )
            section = built.section_at(raw.span[0]) if task is None else None
            sent = next(((s, e) for s, e in sentences if s <= raw.span[0] < e), raw.span)
            out.append(
                Target(
                    id=f"{doc_id[:12]}-target-{raw.span[0]}",
                    indicator=raw.indicator,
                    value=raw.value,
                    value_text=raw.value_text,
                    unit=raw.unit,
                    qualifier=raw.qualifier,
                    deadline=raw.deadline,
                    task_id=task.id if task else None,
                    section_id=section,
                    span=raw.span,
                    sentence=text[sent[0] : sent[1]],
                )
            )
    out.sort(key=lambda t: t.span)
    return out


class _Intervals:
    """Indices of the [start, end) intervals that contain a span (intervals sorted by start)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        order = sorted(range(len(spans)), key=lambda i: spans[i])
        self.spans = [spans[i] for i in order]
        self.index = order
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in spans), default=0)

    def containing(self, s: int, e: int) -> list[int]:
        hi = bisect.bisect_right(self.starts, s)
        lo = bisect.bisect_left(self.starts, s - self.longest)
        return [self.index[i] for i in range(lo, hi) if self.spans[i][1] >= e]


_ENTITY_TYPES = {
    "SECTOR": "sector",
    "TECHNOLOGY": "technology",
    "REGION": "region",
    "ENTERPRISE": "enterprise",
    "ZONE": "zone",
    "PLATFORM": "platform",
}


def _entities(
    results: dict[int, ParagraphResult], built: task_builder.Built, check: Callable[[], None] = no_check
) -> list[Entity]:
    sectors = sector_by_alias()
    table: dict[tuple[str, str], Entity] = {}
    inside_unit = _Intervals([u.span for t in built.tasks for u in t.units])
    task_index = _Intervals([t.span for t in built.tasks])
    for res in results.values():
        check()
        for label, ident, s, e in res.ents:
            etype = _ENTITY_TYPES.get(label)
            if etype is None:
                continue
            if inside_unit.containing(s, e):
                continue  # 大数据 inside 省大数据局 is a department, not a technology
            name = ident
            canonical = (
                sectors.get(norm(ident), ident) if etype == "sector" else norm(re.sub(r"[“”\"]", "", ident))
            )
            if etype in ("enterprise", "zone", "platform"):
                canonical = norm(name).replace("“", "").replace("”", "")
            key = (etype, canonical)
            entity = table.get(key)
            if entity is None:
                entity = Entity(name=name, type=etype, canonical=canonical, spans=[], task_ids=[])
                table[key] = entity
            entity.spans.append((s, e))
            for i in task_index.containing(s, e):
                tid = built.tasks[i].id
                if tid not in entity.task_ids:
                    entity.task_ids.append(tid)
    return sorted(table.values(), key=lambda x: (x.type, x.spans[0]))

"""Items + attributions -> tasks and sections.

- An item (numbered paragraph, with its unnumbered follow-on paragraphs) whose text carries
  attributions yields one task per attribution: each covers the text since the previous one.
- A heading whose attribution stands alone (title + attribution) passes it to sub-items that carry
  none; a carry-forward note (以下均需…落实，不再列出) adds its units to the later tasks of its section.
- Rows of a table with a department column (指导部门, 牵头单位 …) yield tasks too.
- Numbered items that are not tasks are sections (Policy -> Section -> Task, nested by part-of).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from ontology.lexicon import LABEL, STOP_LABEL

from .attributions import Attribution, DeclaredRules, UnitMention
from .deadlines import find_deadline
from .models import Section, Task, TaskSector, Unit
from .paragraphs import ParagraphResult
from .registry import Registry, SectorDef, sector_by_alias, sectors
from .structure import Item, Line, heading_title, walk
from .tables import read_tables
from .text import norm


@dataclass
class Built:
    tasks: list[Task] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    section_spans: list[tuple[int, int, str]] = field(default_factory=list)
    rejected: list[tuple[str, str, tuple[int, int], str]] = field(
        default_factory=list
    )  # text, task, span, why

    def section_at(self, pos: int) -> str | None:
        best = None
        for s, e, sid in self.section_spans:
            if s <= pos < e and (best is None or s >= best[0]):
                best = (s, sid)
        return best[1] if best else None


def _id(doc_id: str, kind: str, path: list[str]) -> str:
    return f"{doc_id[:12]}-{kind}-{'.'.join(path) if path else 'root'}"


def _unit(m: UnitMention, text: str, att_span: tuple[int, int], registry: Registry, inherited: bool) -> Unit:
    r = registry.resolve(m.surface)
    return Unit(
        surface=m.surface,
        role=m.role,
        order=m.order,
        **{**r.identity(), "known": r.known or r.collective},
        span=m.span,
        sentence=text[att_span[0] : att_span[1]],
        sentence_span=att_span,
        inherited=inherited,
        renamed_from=r.renamed_from,
        renamed_in=r.renamed_in,
        aliases=registry.aliases(m.surface),
    )


_BETWEEN_LABELS = re.compile(r"^[\s。；;，,]*$")


def _merge_label_lines(text: str, atts: list[Attribution]) -> list[Attribution]:
    """牵头单位：A and 配合单位：B on consecutive lines are one attribution of one task, not two."""
    out: list[Attribution] = []
    for a in atts:
        prev = out[-1] if out else None
        if prev and prev.labeled and a.labeled and _BETWEEN_LABELS.match(text[prev.span[1] : a.span[0]]):
            order = len(prev.units)
            units = [UnitMention(u.surface, u.role, order + i, u.span) for i, u in enumerate(a.units)]
            out[-1] = Attribution(
                span=(prev.span[0], a.span[1]),
                text=text[prev.span[0] : a.span[1]],
                units=[*prev.units, *units],
                carry_forward=[*prev.carry_forward, *a.carry_forward],
                labeled=True,
            )
            continue
        out.append(a)
    return out


def _by_role(units: list[Unit], role: str) -> list[str]:
    out: list[str] = []
    for u in sorted(units, key=lambda x: (x.inherited, x.order)):
        if u.role == role and u.surface not in out:
            out.append(u.surface)
    return out


@lru_cache(maxsize=1)
def _aliases_longest_first() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(sector_by_alias().items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def _sector_terms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((s.name, tuple({norm(a) for a in (s.name, *s.aliases) if len(a) >= 2})) for s in sectors())


def task_sectors(title: str, text: str) -> list[TaskSector]:
    """Sectors a task concerns: named in its title (basis "title"); else the one its text names most, 3+
    times (basis "text"); each with its taxonomy entry."""
    aliases = _aliases_longest_first()
    t_title = norm(title)
    found: list[str] = []
    for alias, sector in aliases:
        if alias in t_title and sector not in found:
            found.append(sector)
            t_title = t_title.replace(alias, "\x00")
    if found:
        return [_task_sector(name, "title") for name in found]
    counts: dict[str, int] = {}
    t_text = norm(text)
    for name, terms in _sector_terms():
        n = sum(t_text.count(a) for a in terms)
        if n >= 3:
            counts[name] = n
    return [_task_sector(max(counts, key=lambda k: counts[k]), "text")] if counts else []


def _task_sector(name: str, basis: Literal["title", "text"]) -> TaskSector:
    sector = _taxonomy().get(name)
    return TaskSector(
        name=name,
        basis=basis,
        aliases=[name, *sector.aliases] if sector else [name],
        broader=sector.broader if sector else None,
        platform_field=bool(sector and sector.platform_field),
    )


@lru_cache(maxsize=1)
def _taxonomy() -> dict[str, SectorDef]:
    return {s.name: s for s in sectors()}


def _no_check() -> None:
    pass


class _Builder:
    def __init__(
        self,
        text: str,
        doc_id: str,
        registry: Registry,
        results: dict[int, ParagraphResult],
        rules: DeclaredRules | None = None,
        check: Callable[[], None] | None = None,
    ) -> None:
        self.check = check or _no_check
        self.rules = rules or DeclaredRules()
        self.task_ids: set[str] = set()
        self.text = text
        self.doc_id = doc_id
        self.registry = registry
        self.results = results
        self.out = Built()
        self.task_items: set[int] = set()
        self.carry: list[
            tuple[int, str, list[UnitMention], tuple[int, int]]
        ] = []  # (pos, L1 path, units, span)

    def attributions_in(self, lines: list[Line]) -> list[Attribution]:
        found = []
        for line in lines:
            res = self.results.get(line.start)
            if res:
                found.extend(res.attributions)
        return _merge_label_lines(self.text, sorted(found, key=lambda a: a.span))

    def make_task(
        self,
        path: list[str],
        parent_path: list[str],
        section_id: str | None,
        span: tuple[int, int],
        title: str,
        units: list[Unit],
        source: str = "text",
    ) -> Task:
        body = self.text[span[0] : span[1]]
        if _id(self.doc_id, "task", path) in self.task_ids:  # a table row numbered like an item
            n = 2
            while _id(self.doc_id, "task", [*path[:-1], f"{path[-1]}#{n}"]) in self.task_ids:
                n += 1
            path = [*path[:-1], f"{path[-1]}#{n}"]
        self.task_ids.add(_id(self.doc_id, "task", path))
        concerned = task_sectors(title, body)
        task = Task(
            id=_id(self.doc_id, "task", path),
            path=path,
            section_id=section_id,
            parent_path=parent_path,
            title=title,
            text=body,
            span=span,
            lead=_by_role(units, "lead"),
            support=_by_role(units, "support"),
            responsible=_by_role(units, "responsible"),
            guide=_by_role(units, "guide"),
            units=units,
            sectors=[s.name for s in concerned],
            sector_details=concerned,
            source=source,
            deadline=find_deadline(body, span[0]) if source == "text" else None,
        )
        self.out.tasks.append(task)
        return task


def build(
    text: str,
    doc_id: str,
    lines: list[Line],
    items: list[Item],
    results: dict[int, ParagraphResult],
    registry: Registry,
    title: str,
    rules: DeclaredRules | None = None,
    check: Callable[[], None] | None = None,
) -> Built:
    """The document's sections and tasks; `check` (a `Budget`'s) is called per item, line and row."""
    b = _Builder(text, doc_id, registry, results, rules, check)
    root_id = _id(doc_id, "section", [])
    b.out.sections.append(
        Section(id=root_id, path=[], label="", title=title, level=0, span=(0, len(text)), parent_id=None)
    )
    b.out.section_spans.append((0, len(text), root_id))
    for item in items:
        b.check()
        _item(b, item, inherited=[], section_id=root_id)
    _loose_paragraph_tasks(b, lines, items, root_id)
    _table_tasks(b, lines, items, root_id)
    _apply_carry_forward(b)
    b.out.tasks.sort(key=lambda t: t.span)
    return b.out


def _loose_paragraph_tasks(b: _Builder, lines: list[Line], items: list[Item], root_id: str) -> None:
    """Attributed paragraphs outside any numbered item (unnumbered documents, preambles) are tasks too."""
    attached = {id(it.line) for it in walk(items)} | {id(p) for it in walk(items) for p in it.paragraphs}
    n = 0
    for line in lines:
        if id(line) in attached or line.cells is not None:
            continue
        b.check()
        n += 1
        if not b.attributions_in([line]):
            continue
        item = Item(line=line, level=0, label=str(n), path=[f"¶{n}"])
        _item(b, item, inherited=[], section_id=root_id)


def _heading_only(b: _Builder, item: Item, atts: list[Attribution]) -> bool:
    """True when the item's own text is just its title and one attribution (a heading), the
    attribution standing in the heading line or on a line of its own under it (牵头单位：…)."""
    if not item.children or len(atts) != 1:
        return False
    paragraphs = [b.text[p.start : p.end] for p in item.paragraphs]
    if paragraphs and not (len(paragraphs) == 1 and atts[0].span[0] >= item.paragraphs[0].start):
        return False
    body = b.text[item.line.body_start : item.line.end] + "".join(paragraphs)
    rest = body.replace(atts[0].text, "")
    title = heading_title(rest)
    return len(rest.strip(" 。.").replace(title, "").strip(" 。.")) == 0


def _item(
    b: _Builder, item: Item, inherited: list[tuple[UnitMention, tuple[int, int]]], section_id: str
) -> None:
    own_lines = [item.line, *item.paragraphs]
    atts = b.attributions_in(own_lines)
    l1 = item.path[:1] if not item.path[0].startswith("附件") else item.path[:2]
    for a in atts:
        if a.carry_forward:
            b.carry.append((a.span[1], ".".join(l1), a.carry_forward, a.span))
    if atts and _heading_only(b, item, atts):
        passed = [(u, atts[0].span) for u in atts[0].units]
        sid = _section(b, item, section_id)
        for child in item.children:
            _item(b, child, passed, sid)
        return
    if atts:
        segments = _segments(b, item, atts)
        item_section = section_id
        if len(segments) > 1:
            item_section = _section(b, item, section_id)
        for k, (start, end, att) in enumerate(segments, 1):
            path = item.path if len(segments) == 1 else [*item.path, str(k)]
            title = item.title(b.text) if k == 1 else heading_title(b.text[start:end])
            units = [_unit(u, b.text, att.span, b.registry, False) for u in att.units]
            task = b.make_task(
                path,
                item.path if len(segments) > 1 else item.path[:-1],
                item_section,
                (start, end),
                title,
                units,
            )
            _extras(b, task, att)
        b.task_items.add(id(item))
        if item.children and len(segments) == 1:
            item_section = _section(b, item, section_id)
        for child in item.children:
            _item(b, child, [], item_section)
        return
    if inherited and not item.children:
        units = [_unit(u, b.text, span, b.registry, True) for u, span in inherited]
        start, end = item.span
        b.make_task(item.path, item.path[:-1], section_id, (start, end), item.title(b.text), units)
        b.task_items.add(id(item))
        return
    sid = _section(b, item, section_id)
    for child in item.children:
        _item(b, child, inherited, sid)


_TRAILING_FIELDS = re.compile(r"^[\s。；;，,]*(?:" + STOP_LABEL.pattern + r"[^\n]*[\s。；;]*)+$")


def _segments(b: _Builder, item: Item, atts: list[Attribution]) -> list[tuple[int, int, Attribution]]:
    segments = []
    start = item.line.start
    for a in atts:
        s = start
        while s < a.span[0] and b.text[s] in " \t\r\n\u3000":
            s += 1
        segments.append((s, a.span[1], a))
        start = a.span[1]
    # 完成时限：… after the last attribution (on its line or the next) is the last task's
    item_end = item.span[1]
    trailing = b.text[start:item_end]
    if segments and trailing.strip() and _TRAILING_FIELDS.match(trailing) and not LABEL.search(trailing):
        s, _e, a = segments[-1]
        segments[-1] = (s, item_end, a)
    return segments


def _extras(b: _Builder, task: Task, att: Attribution) -> None:
    """What an attribution says besides its units: a deadline, text that is not a unit, notes."""
    if att.deadline is not None and task.deadline is None:
        task.deadline = att.deadline
    for surface, span, why in att.rejected:
        b.out.rejected.append((surface, task.id, span, why))
        b.out.warnings.append(f"not a unit, left out of task {'.'.join(task.path)}: {surface!r} ({why})")
    for note in att.notes:
        b.out.warnings.append(f"task {'.'.join(task.path)}: {note}")


def _section(b: _Builder, item: Item, parent_id: str) -> str:
    sid = _id(b.doc_id, "section", item.path)
    if not any(s.id == sid for s in b.out.sections):
        span = _full_span(item)
        b.out.sections.append(
            Section(
                id=sid,
                path=item.path,
                label=item.label,
                title=item.title(b.text),
                level=item.level,
                span=span,
                parent_id=parent_id,
            )
        )
        b.out.section_spans.append((span[0], span[1], sid))
    return sid


def _full_span(item: Item) -> tuple[int, int]:
    end = item.span[1]
    for child in walk(item.children):
        end = max(end, child.span[1])
    return (item.line.start, end)


def _apply_carry_forward(b: _Builder) -> None:
    for pos, l1, mentions, span in b.carry:
        b.check()
        for task in b.out.tasks:
            if task.span[0] < pos or ".".join(task.path[: len(l1.split("."))]) != l1:
                continue
            present = {u.surface for u in task.units}
            extra = [_unit(m, b.text, span, b.registry, True) for m in mentions if m.surface not in present]
            if extra:
                task.units.extend(extra)
                task.responsible = _by_role(task.units, "responsible")


def _table_tasks(b: _Builder, lines: list[Line], items: list[Item], root_id: str) -> None:
    tables = read_tables(b.text, lines, b.registry, b.rules, b.check)
    b.out.warnings.extend(tables.warnings)
    by_line = {id(it.line): it for it in walk(items)}
    heading: Item | None = None
    part = ""
    rows = {id(r.line): r for r in tables.rows}
    for line in lines:
        if line.part != part:
            part, heading = line.part, None
        if line.cells is None:
            if id(line) in by_line and line.level == 1:
                heading = by_line[id(line)]
            continue
        row = rows.get(id(line))
        if row is None:
            continue
        number = row.number or str(len(b.out.tasks) + 1)
        prefix = heading.path if heading else ([part] if part else [])
        path = [*prefix, number]
        units = [_unit(m, b.text, cell, b.registry, False) for m, cell in row.units]
        section_id = _section(b, heading, root_id) if heading else root_id
        title = heading_title(row.title, limit=60)
        task = b.make_task(path, prefix, section_id, (line.start, line.end), title, units, source="table")
        task.columns = row.columns
        if row.deadline is not None:
            task.deadline = row.deadline

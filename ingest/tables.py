"""Task-division tables (重点任务分工表): a header row that names unit columns (牵头单位 / 配合单位 /
责任单位 / 指导部门 …), optionally a task column and a deadline column (完成时限), then one row a task.

Rows come from `.docx` and HTML tables (merged cells already repeated into every cell they cover),
PDF tables, TAB-separated text rows and tables flattened to text with wide gaps between cells.
What cannot be read safely is said in a warning, never guessed silently: a table without a unit
column, a row whose cells do not line up with its header, a row whose unit cells are empty
(a cell merged down from the row above: taken from that row, and said so).

Every other named column (备注, 工作目标, 进度要求, 责任领导 …) is kept with each row as it is written
(`TaskColumn`: the header, the cell's text and its span); an empty cell is left out, never taken from
the row above or from another column. A 处室 column beside the table's unit columns (牵头单位 | 责任处室)
names the divisions inside those units, not units of its own: it is such a column too; a table whose
only unit columns are 处室 columns (a department's own division of labour) reads them as units.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ontology.lexicon import UNIT_COLUMN, role_of_label

from .attributions import DeclaredRules, UnitMention, marked, parse_bracket, split_units
from .deadlines import parse_deadline
from .models import Deadline, TaskColumn
from .registry import Registry
from .structure import Line
from .units import EMPTY_CELL, valid_unit

_HEADER_TITLE = re.compile(
    r"(?:改革举措|举措|任务|工作任务|重点任务|主要任务|任务内容|任务名称|具体任务|目标任务|事项|工作事项|改革事项"
    r"|工作内容|主要内容|名称|内容|措施|具体措施|工作措施|政策措施|重点工作|工作举措|任务举措|工作要点)"
)
_HEADER_NUMBER = re.compile(r"(?:序号|编号|序|No\.?)")
_HEADER_DEADLINE = re.compile(r"(?:完成时限|完成时间|完成期限|时间安排|时限|时间节点|进度安排|时限要求)")
_CELL_VERB = re.compile(r"(牵头|配合|参与|协同|指导|会同)")
_DIVISION = re.compile(r"(?:处室|科室|处|科)$")  # 责任处室, 牵头科室: divisions inside a unit


def _header_key(cell: str) -> str:
    """牵头单位（部门） -> 牵头单位: no spaces, no bracketed qualifier."""
    return re.sub(r"[（(][^）)]*[）)]", "", re.sub(r"\s+", "", cell))


@dataclass
class Header:
    line: Line
    columns: int
    roles: dict[int, str]
    title: int | None
    number: int | None
    deadline: int | None
    extras: dict[int, str] = field(default_factory=dict)  # column -> its name (备注, 责任处室 …)


@dataclass
class TableRow:
    line: Line
    number: str | None
    title: str
    units: list[tuple[UnitMention, tuple[int, int]]]  # each unit with the cell it is named in
    deadline: Deadline | None
    filled_from_above: bool = False
    columns: list[TaskColumn] = field(default_factory=list)  # the row's other named columns, not empty


@dataclass
class Tables:
    rows: list[TableRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_header_cell(cell: str) -> bool:
    """A cell that names a column: 序号, 任务, 主要内容, 牵头单位, 推进单位, 完成时限 …"""
    k = _header_key(cell)
    return any(rx.fullmatch(k) for rx in (UNIT_COLUMN, _HEADER_TITLE, _HEADER_NUMBER, _HEADER_DEADLINE))


def header_of(line: Line, cells: list[str]) -> Header | None:
    keys = [_header_key(c) for c in cells]
    units = [i for i, k in enumerate(keys) if UNIT_COLUMN.fullmatch(k)]
    divisions = [i for i in units if _DIVISION.search(keys[i])]
    if len(divisions) < len(units):  # 牵头单位 | 责任处室: the units are the 单位 columns
        units = [i for i in units if i not in divisions]
    roles = {i: str(role_of_label(keys[i])) for i in units}
    title = next((i for i, k in enumerate(keys) if _HEADER_TITLE.fullmatch(k)), None)
    number = next((i for i, k in enumerate(keys) if _HEADER_NUMBER.fullmatch(k)), None)
    deadline = next((i for i, k in enumerate(keys) if _HEADER_DEADLINE.fullmatch(k)), None)
    if not roles and (title is None or (number is None and deadline is None)):
        return None
    task_col = title if title is not None else (1 if len(cells) > 1 else 0)  # as `_row` reads it
    taken = {*roles, task_col, number, deadline}
    extras = {
        i: name for i, cell in enumerate(cells) if i not in taken and (name := re.sub(r"\s+", "", cell))
    }
    return Header(line, len(cells), roles, title, number, deadline, extras)


def read_tables(
    text: str,
    lines: list[Line],
    registry: Registry,
    rules: DeclaredRules,
    check: Callable[[], None] | None = None,
) -> Tables:
    out = Tables()
    header: Header | None = None
    previous: TableRow | None = None
    part = ""
    for line in lines:
        if check is not None and line.cells is not None:
            check()
        if line.part != part:
            part, header, previous = line.part, None, None
        if line.cells is None:
            continue
        cells = [text[s:e] for s, e in line.cells]
        found = header_of(line, cells)
        if found is not None:
            header, previous = found, None
            if not found.roles:
                out.warnings.append(
                    f"a table without a unit column ({' | '.join(c.strip() for c in cells)}): "
                    "its rows name no responsible units and yield no tasks"
                )
            continue
        if header is None or not header.roles:
            continue
        if len(cells) < header.columns:
            spans = _with_empty_ends(text, line, header.columns) or _ends_at_deadline(text, line, header)
            if spans is not None:
                line.cells, cells = spans, [text[s:e] for s, e in spans]
        if len(cells) != header.columns:
            out.warnings.append(
                f"a table row does not line up with its header ({len(cells)} cells, the header has "
                f"{header.columns}; merged or missing cells?): {_clip(text[line.start : line.end])}"
            )
            continue
        row = _row(text, line, header, registry, rules, previous, out)
        if row is None:
            continue
        if row.filled_from_above:
            out.warnings.append(
                f"a table row with empty unit cells takes the units of the row above (merged cells): "
                f"{_clip(row.title)}"
            )
        out.rows.append(row)
        previous = row
    return out


def _with_empty_ends(text: str, line: Line, columns: int) -> list[tuple[int, int]] | None:
    """A TAB row whose first or last cells are empty (a 备注 left blank): the line was stripped of the
    TABs around it, which still say where its cells are. The cells with those empty ones, when that
    makes the header's count; else None."""
    assert line.cells is not None
    before, after = line.start, line.end
    while before > 0 and text[before - 1] in " \t\u3000\r":
        before -= 1
    while after < len(text) and text[after] in " \t\u3000\r":
        after += 1
    lead, trail = text[before : line.start].count("\t"), text[line.end : after].count("\t")
    if not (lead or trail) or len(line.cells) + lead + trail != columns:
        return None
    return [(line.start, line.start)] * lead + list(line.cells) + [(line.end, line.end)] * trail


def _ends_at_deadline(text: str, line: Line, header: Header) -> list[tuple[int, int]] | None:
    """A row whose last cell is a deadline under the 完成时限 column, and only other (备注 …) columns after
    it: those were empty and left no trace (an HTML row's empty last cells); they are added, empty."""
    assert line.cells is not None
    d = header.deadline
    if (
        d is None
        or len(line.cells) != d + 1
        or any(i not in header.extras for i in range(d + 1, header.columns))
    ):
        return None
    ds, de = line.cells[d]
    if parse_deadline(text[ds:de], (ds, de)) is None:
        return None
    return list(line.cells) + [(line.end, line.end)] * (header.columns - d - 1)


def _columns(text: str, line: Line, header: Header) -> list[TaskColumn]:
    """The row's cells under the header's other named columns, each with its span; empty ones left out."""
    assert line.cells is not None
    out = []
    for i, name in header.extras.items():
        cs, ce = line.cells[i]
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        if cs < ce and not EMPTY_CELL.match(text[cs:ce]):
            out.append(TaskColumn(name=name, value=text[cs:ce], span=(cs, ce)))
    return out


def _row(
    text: str,
    line: Line,
    header: Header,
    registry: Registry,
    rules: DeclaredRules,
    previous: TableRow | None,
    out: Tables,
) -> TableRow | None:
    assert line.cells is not None
    cells = [text[s:e] for s, e in line.cells]
    units: list[tuple[UnitMention, tuple[int, int]]] = []
    order = 0
    for i, role in header.roles.items():
        cs, ce = line.cells[i]
        stated = parse_bracket(text[cs:ce], cs, registry) if _CELL_VERB.search(text[cs:ce]) else None
        if stated is not None and stated.units and not stated.labeled:
            # 省发展改革委牵头，省财政厅配合 written in one 责任单位 cell: the cell's own words give the roles
            for m in stated.units:
                units.append((UnitMention(m.surface, m.role, order, m.span), (cs, ce)))
                order += 1
            continue
        for piece in split_units(text, cs, ce, registry):
            surface, e, unit_role = marked(text, piece.start, piece.end, role)
            why = valid_unit(surface, registry)
            if why is not None:
                if why != "empty":
                    out.warnings.append(f"not a unit, left out: {_clip(surface)} ({why}) at {piece.start}")
                continue
            units.append(
                (UnitMention(surface, unit_role, order, (piece.start, e), piece.marked, piece.sep), (cs, ce))
            )
            order += 1
    filled = False
    written_empty = all(EMPTY_CELL.match(cells[i]) and cells[i].strip() for i in header.roles)
    if not units:
        if previous is None or not any(c.strip() for c in cells) or written_empty:
            return None
        units = [(UnitMention(m.surface, m.role, m.order, m.span), cell) for m, cell in previous.units]
        filled = True
    else:
        out.warnings.extend(rules.apply([m for m, _cell in units], line.start))
    col = header.title if header.title is not None else (1 if len(cells) > 1 else 0)
    number = cells[header.number if header.number is not None else 0].strip()
    deadline = None
    if header.deadline is not None:
        ds, de = line.cells[header.deadline]
        deadline = parse_deadline(text[ds:de], (ds, de))
    return TableRow(
        line=line,
        number=number if number.isdigit() else None,
        title=cells[col],
        units=units,
        deadline=deadline,
        filled_from_above=filled,
        columns=_columns(text, line, header),
    )


def _clip(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n] + "…"

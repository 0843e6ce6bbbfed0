"""A task table that lost its grid: copied from a web page as text, one cell per line.

    序号
    任务
    主要内容
    推进单位
    1
    建设数据平台
    ……
    市大数据局
    2
    ……

`rebuild(text, lines, registry)` finds a header run (short lines that name columns, a unit column among
them), cuts what follows into rows at the 序号 cells (1, 2, 3 … in order), and gives each row as one
`Line` whose cells are the spans of its lines, so `ingest.tables` reads it like any other table. A row
one cell short is a merged cell written once: the missing column is found by what each cell holds
(a number, units, a deadline) and the merged cell of the row above is laid into it (its span points
at the text where it is written). A row that cannot be lined up that way is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ontology.lexicon import MARK

from .deadlines import parse_deadline
from .registry import Registry
from .structure import Line, starts_item
from .tables import Header, header_of, is_header_cell
from .units import EMPTY_CELL, valid_unit

_NUMBER = re.compile(r"^\d{1,3}$")
_SHORT_HEADER = re.compile(r"^[\u4e00-\u9fff（）()/、]{1,8}$")
_OTHER_HEADER = re.compile(
    r"^[\u4e00-\u9fff]{1,4}$"
)  # 备注, 处室, 责任领导: a column the table reader keeps aside


@dataclass
class Rebuilt:
    lines: list[Line]
    warnings: list[str] = field(default_factory=list)


def _header_run(lines: list[Line], i: int) -> tuple[int, Header] | None:
    """The header that starts at line i: (its length, the header read from it)."""
    best = None
    for n in range(3, 12):
        run = lines[i : i + n]
        last = run[-1].text.strip() if len(run) == n else ""
        if len(run) < n or run[-1].cells is not None or not _SHORT_HEADER.match(last):
            break
        if not (is_header_cell(last) or (_OTHER_HEADER.match(last) and not _NUMBER.match(last))):
            break
        if not is_header_cell(run[0].text.strip()):
            return None
        cells = [ln.text.strip() for ln in run]
        header = header_of(run[0], cells)
        if header is not None and header.roles and (header.number is not None or header.title is not None):
            best = (n, header)
    return best


def _kind_ok(header: Header, col: int, value: str, registry: Registry) -> bool:
    value = value.strip()
    if col == header.number:
        return bool(_NUMBER.match(value))
    if col in header.roles:
        pieces = [MARK.sub("", p.strip()) for p in re.split(r"[、，,；;]", value) if p.strip()]
        return bool(pieces) and (
            EMPTY_CELL.match(value) is not None or all(valid_unit(p, registry) is None for p in pieces)
        )
    if col == header.deadline:
        return parse_deadline(value) is not None or EMPTY_CELL.match(value) is not None
    return not _NUMBER.match(value)


def rebuild(
    text: str, lines: list[Line], registry: Registry, check: Callable[[], None] | None = None
) -> Rebuilt:
    out: list[Line] = []
    warnings: list[str] = []
    i = 0
    while i < len(lines):
        if check is not None:
            check()
        found = _header_run(lines, i) if lines[i].cells is None and lines[i].level == 0 else None
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        n, header = found
        head = lines[i : i + n]
        rows, end, notes = _rows(lines, i + n, header, registry)
        if not rows:
            out.append(lines[i])
            i += 1
            continue
        out.append(_as_row(text, head))
        out.extend(_as_row(text, cells) for cells in rows)
        warnings += notes
        i = end
    return Rebuilt(out, warnings)


def _rows(
    lines: list[Line], start: int, header: Header, registry: Registry
) -> tuple[list[list[Line]], int, list[str]]:
    """Rows after a header: each from a 序号 line (1, 2, 3 …) to the next; merged cells laid in."""
    columns = header.columns
    rows: list[list[Line]] = []
    notes: list[str] = []
    i = start
    expected = 1
    previous: list[Line] | None = None
    while i < len(lines) and lines[i].cells is None and lines[i].text.strip() == str(expected):
        j = i + 1
        while j < len(lines) and j - i < columns and lines[j].text.strip() != str(expected + 1):
            if lines[j].cells is not None or (
                starts_item(lines[j].text) and not _NUMBER.match(lines[j].text.strip())
            ):
                break
            j += 1
        cells = lines[i:j]
        if len(cells) == columns and previous is not None and not _fits(header, cells, registry):
            if _fill_merged(cells[:-1], previous, header, registry) is not None:
                cells, j = cells[:-1], j - 1  # a short last row: the line after it is not its cell
        if len(cells) == columns - 1 and previous is not None:
            filled = _fill_merged(cells, previous, header, registry)
            if filled is None:
                notes.append(
                    f"a table row written one cell per line does not line up with its header: row {expected}"
                )
            else:
                notes.append(
                    f"a table row one cell short takes the merged cell of the row above: row {expected}"
                )
                cells = filled
        if len(cells) == columns and _fits(header, cells, registry):
            rows.append(cells)
            previous = cells
        elif len(cells) == columns:
            notes.append(
                f"a table row written one cell per line has no units where its header says: row {expected}"
            )
        elif len(cells) != columns - 1 or previous is None:
            notes.append(
                f"a table row written one cell per line has {len(cells)} cells, "
                f"its header {columns}: row {expected}"
            )
        i = j
        expected += 1
    return rows, i, notes


def _fits(header: Header, cells: list[Line], registry: Registry) -> bool:
    return all(_kind_ok(header, c, cells[c].text, registry) for c in header.roles)


def _fill_merged(
    cells: list[Line], previous: list[Line], header: Header, registry: Registry
) -> list[Line] | None:
    """The row with the one missing (merged) cell taken from the row above, when exactly one column
    can be missing with every other cell holding what its column holds."""
    fits = []
    for k in range(header.columns):
        if k == header.number:
            continue
        trial = [*cells[:k], previous[k], *cells[k:]]
        if all(_kind_ok(header, c, trial[c].text, registry) for c in range(header.columns)):
            fits.append(trial)
    return fits[0] if len(fits) == 1 else None


def _as_row(text: str, cells: list[Line]) -> Line:
    """One row as a Line from its first cell to its last own cell (a merged cell laid in from the row
    above keeps its own span, where the text writes it)."""
    first = cells[0]
    start = first.start
    end = max(c.end for c in cells if c.start >= start)
    line = Line(start, end, text[start:end], part=first.part)
    line.body_start = start
    line.cells = [(c.start, c.end) for c in cells]
    return line

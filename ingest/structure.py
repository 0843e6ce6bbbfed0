"""The numbering hierarchy 一、 / （一） / 1. / （1） / ① (full- or half-width) and table rows.

`parse_lines(text)` returns one `Line` per paragraph with its exact span, its numbering (if any),
and — for TAB-separated table rows — its cells. `build_items` nests numbered lines into items; the
unnumbered paragraphs that follow an item belong to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CN_NUM = "一二三四五六七八九十百零〇两"
_ARTICLE = rf"第[{CN_NUM}\d]{{1,5}}"
_NUMBERING = [
    (-1, re.compile(rf"^\s*(?P<label>{_ARTICLE}[章编])(?:\s+|[、．.：:]\s*|(?=\S))")),
    (0, re.compile(rf"^\s*(?P<label>{_ARTICLE}节)(?:\s+|[、．.：:]\s*|(?=\S))")),
    (1, re.compile(rf"^\s*(?P<label>{_ARTICLE}条)(?:\s+|[、．.：:]\s*|(?=\S))")),
    (1, re.compile(rf"^\s*(?P<label>[{CN_NUM}]{{1,4}})\s*[、．.]\s*")),
    (2, re.compile(rf"^\s*[（(]\s*(?P<label>[{CN_NUM}]{{1,4}})\s*[）)]\s*[、．.]?\s*")),
    (3, re.compile(r"^\s*(?P<label>\d{1,3})\s*(?:[、．﹒]|\.(?!\d))\s*")),
    (4, re.compile(r"^\s*[（(]\s*(?P<label>\d{1,3})\s*[）)]\s*[、．.]?\s*")),
    (5, re.compile(r"^\s*(?P<label>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
]
_ATTACHMENT = re.compile(r"^\s*附\s*件\s*(?P<n>\d*)\s*$")
# a table flattened to text: cells apart by runs of 2+ spaces; a header row names a unit column
_WIDE_GAP = re.compile(r"[ \u3000]{2,}")
_ONE_GAP = re.compile(r"[ \u3000]{2,}|\u3000")


def _spaced_header(line: str) -> bool:
    """A table header whose cells stand one full-width space apart (序号　任务　牵头单位　配合单位)."""
    cells = [c for c in _ONE_GAP.split(line.strip()) if c]
    return len(cells) >= 3 and bool(_FLAT_HEADER.search(line)) and all(len(c) <= 8 for c in cells)


_FLAT_HEADER = re.compile(r"(牵头|责任|配合|负责|主责|协同|参与|指导)(单位|部门)")
_TITLE_END = re.compile(r"[。！？!?]")


@dataclass
class Line:
    start: int
    end: int
    text: str
    level: int = 0
    label: str = ""
    body_start: int = 0  # offset (in the document) where the text after the numbering starts
    cells: list[tuple[int, int]] | None = None
    part: str = ""


@dataclass
class Item:
    line: Line
    level: int
    label: str
    path: list[str]
    paragraphs: list[Line] = field(default_factory=list)  # the item's own unnumbered paragraphs
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None

    @property
    def span(self) -> tuple[int, int]:
        end = self.paragraphs[-1].end if self.paragraphs else self.line.end
        return (self.line.start, end)

    def title(self, text: str) -> str:
        return heading_title(text[self.line.body_start : self.line.end])


def starts_item(line: str) -> bool:
    """True when a line opens an item, a heading or an attachment (一、 （一） 1. 第一条 附件1 …)."""
    return any(rx.match(line) for _level, rx in _NUMBERING) or bool(_ATTACHMENT.match(line.strip()))


_CITED = re.compile(r"《(?P<t>[^《》\n]{4,80})》")


def title_key(s: str) -> str:
    """A title compared without its punctuation: (2021—2023年) and （2021-2023年） are one."""
    return re.sub(r"[\W_]", "", s)


def part_starts(text: str) -> dict[int, str]:
    """A notice that carries several documents one after another, each under its own title line
    (印发《A》《B》, then a line `A` … a line `B` …): the offset of each title line -> 附件1, 附件2 ….
    Empty when fewer than two such titles stand as lines; a 附件 line of the text's own still counts."""
    head = text[:4000]
    titles = [title_key(m.group("t")) for m in _CITED.finditer(head)]
    titles = [t for i, t in enumerate(titles) if t and t not in titles[:i]]
    if len(titles) < 2:
        return {}
    found: dict[int, str] = {}
    pos = 0
    seen: set[str] = set()
    for raw in text.split("\n"):
        key = title_key(raw)
        if key in titles and key not in seen and len(raw.strip()) <= 90 and "《" not in raw:
            seen.add(key)
            found[pos + len(raw) - len(raw.lstrip())] = key
        pos += len(raw) + 1
    if len(found) < 2:
        return {}
    return {start: f"附件{i}" for i, start in enumerate(sorted(found), 1)}


def path_label(level: int, label: str) -> str:
    return f"({label})" if level in (2, 4) else label


def parse_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    part = ""
    flat_columns = 0  # the column count of a flattened table whose header has been seen
    parts = part_starts(text)
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip().strip("\r\ufeff")
        if not stripped:
            continue
        s = start + (len(raw) - len(raw.lstrip()))
        e = start + len(raw.rstrip())
        line = Line(s, e, text[s:e])
        m_att = _ATTACHMENT.match(stripped)
        if m_att:
            part = "附件" + (m_att.group("n") or "")
        elif s in parts:
            part = parts[s]
        line.part = part
        gaps = len(_WIDE_GAP.findall(line.text))
        if "\t" in line.text:
            line.cells = _cells(text, s, e)
        elif gaps >= 2 and (flat_columns or _FLAT_HEADER.search(line.text)) and gaps + 1 >= flat_columns:
            line.cells = _cells(text, s, e, _WIDE_GAP)
            flat_columns = flat_columns or len(line.cells)
        elif not flat_columns and _spaced_header(line.text):
            line.cells = _cells(text, s, e, _ONE_GAP)  # 序号　工作任务　牵头单位: one full-width space apart
            flat_columns = len(line.cells)
        else:
            flat_columns = 0
            for level, rx in _NUMBERING:
                m = rx.match(line.text)
                if m:
                    line.level, line.label = level, m.group("label")
                    line.body_start = s + m.end()
                    break
        if not line.level:
            line.body_start = s
        lines.append(line)
    return lines


def _cells(text: str, s: int, e: int, sep: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Cell spans of a row: TAB-separated, or separated by `sep` (a flattened table's wide gaps)."""
    bounds = (
        [(m.start(), m.end()) for m in sep.finditer(text, s, e)]
        if sep is not None
        else [(i, i + 1) for i in range(s, e) if text[i] == "\t"]
    )
    cells = []
    pos = s
    for gs, ge in [*bounds, (e, e)]:
        cs, ce = pos, gs
        while cs < ce and text[cs] in " \u3000":
            cs += 1
        while ce > cs and text[ce - 1] in " \u3000":
            ce -= 1
        cells.append((cs, ce))
        pos = ge
    return cells


def build_items(lines: list[Line]) -> list[Item]:
    """Nest numbered lines; unnumbered lines attach to the innermost open item."""
    roots: list[Item] = []
    stack: list[Item] = []
    seen_paths: set[tuple[str, ...]] = set()
    current_part = ""
    for line in lines:
        if line.part != current_part:
            current_part = line.part
            stack = []
        if line.cells is not None:
            continue
        if not line.level:
            if stack:
                stack[-1].paragraphs.append(line)
            continue
        while stack and stack[-1].level >= line.level:
            stack.pop()
        parent = stack[-1] if stack else None
        prefix = parent.path if parent else ([line.part] if line.part else [])
        path = [*prefix, path_label(line.level, line.label)]
        if tuple(path) in seen_paths:  # numbering restarts (a second part without a heading)
            n = 2
            while tuple([*path[:-1], f"{path[-1]}#{n}"]) in seen_paths:
                n += 1
            path = [*path[:-1], f"{path[-1]}#{n}"]
        seen_paths.add(tuple(path))
        item = Item(line=line, level=line.level, label=line.label, path=path, parent=parent)
        if parent:
            parent.children.append(item)
        else:
            roots.append(item)
        stack.append(item)
    return roots


def walk(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        out.append(item)
        out.extend(walk(item.children))
    return out


def heading_title(body: str, limit: int = 40) -> str:
    """The short title of an item: its text before the first 。 (cut at a comma when long)."""
    body = body.strip()
    m = _TITLE_END.search(body)
    title = body[: m.start()] if m else body
    title = re.sub(r"[（(][^（）()]*[）)]\s*$", "", title).strip() or title
    if len(title) > limit:
        cut = max((title.rfind(c, 0, limit) for c in "，,；;："), default=-1)
        title = title[:cut] if cut >= 8 else title[:limit] + "…"
    return title.strip(" ：:，,")

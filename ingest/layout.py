"""Text as delivered -> text as written: hard-wrapped lines joined, page furniture dropped, CR removed.

Text pasted from a PDF or an e-mail, or HTML whose paragraphs are broken with `<br>`, arrives with
its paragraphs cut into lines of (nearly) one width, page numbers (`— 3 —`, `-3-`, `第 3 页 共 10 页`)
and running heads between them. `normalize(text)` gives the text the parser reads, built only by
*deleting* ranges of the input (a line break and the next line's indent, a footer line, a CR), so
every offset maps back into the input exactly (`Layout.span`): spans always point into the text as
delivered, never into the normalised copy.

When lines are joined:
- never across a blank line (unless it only surrounds a dropped footer), a table row (TAB or wide
  gaps), or into a line that starts an item, a heading, a label (责任单位：…) or a field (完成时限：…);
- inside an open bracket (a bracket never spans paragraphs), or after 、 ，: always;
- in a hard-wrapped document (most lines share one width): when the line reaches that width.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ontology.lexicon import LABEL, STOP_LABEL

from .govpage import is_header_line
from .meta import DOC_NUMBER, DOC_TYPES, bare_title, parse_date_line
from .models import Extraction
from .structure import starts_item

_FOOTER = re.compile(
    r"^(?:[-—–－~～_ ]+\d{1,4}[-—–－~～_ ]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_WIDE_GAP_INSIDE = re.compile(r"(?<=\S)[ \u3000]{2,}(?=\S)")
_OPEN = "（(【〔［[〈《"
_CLOSE = "）)】〕］]〉》"
_ALWAYS_CONTINUES = "，、,"
_SENTENCE_END = "。！？!?；;"
_TITLE_ENDS = (*DOC_TYPES, "政策")  # …的通知, …若干措施（试行）, …若干政策
_NEVER_STARTS = "、，,。；;：:）)】〕］」』”’》〉"
_INDENT = " \u3000\xa0"


@dataclass(frozen=True)
class Layout:
    text: str
    # kept runs: normalised [n, n + length) is input [o, o + length)
    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    @property
    def changed(self) -> bool:
        return len(self.norm_starts) != 1 or self.orig_starts[0] != 0

    def pos(self, i: int) -> int:
        """The input offset of normalised offset `i` (a start)."""
        k = max(0, bisect.bisect_right(self.norm_starts, i) - 1)
        return self.orig_starts[k] + (i - self.norm_starts[k])

    def span(self, s: int, e: int) -> tuple[int, int]:
        """A normalised [s, e) as the input [s', e') that holds the same characters (and what was cut)."""
        if e <= s:
            p = self.pos(s)
            return (p, p)
        return (self.pos(s), self.pos(e - 1) + 1)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@dataclass
class _Line:
    start: int  # content start (after the indent)
    end: int  # content end (trailing white space and CR excluded)
    line_start: int
    line_end: int  # the newline's offset (or len(text))
    text: str
    indent: int
    raw: str = ""  # the line with its indent, as measured for the wrap width
    footer: bool = False

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl == -1:
            nl = n
        raw = text[pos:nl]
        stripped_left = raw.lstrip(_INDENT + "\r\ufeff")
        content = stripped_left.rstrip(_INDENT + "\r")
        start = pos + (len(raw) - len(stripped_left))
        indent = len(raw) - len(stripped_left)
        out.append(_Line(start, start + len(content), pos, nl, content, indent, raw.rstrip(_INDENT + "\r")))
        pos = nl + 1
    return out


def _is_table_row(s: str) -> bool:
    """A row of its own: TAB cells, or 2+ wide gaps (a table flattened to text)."""
    return "\t" in s.strip(_INDENT) or len(_WIDE_GAP_INSIDE.findall(s)) >= 2


def _cells(s: str) -> int:
    return s.count("\t") + 1 if "\t" in s else len(_WIDE_GAP_INSIDE.findall(s)) + 1


def _starts_row(s: str) -> bool:
    """The first piece of a table row: TAB cells, or a 序号 then a wide gap."""
    return "\t" in s.strip(_INDENT) or bool(re.match(r"^\s*\d{1,3}[ \u3000]{2,}\S", s)) or _is_table_row(s)


def _mark_footers(lines: list[_Line]) -> None:
    for ln in lines:
        if ln.text and _FOOTER.match(ln.text):
            ln.footer = True
    # a running head or foot: a line of 4+ characters that stands next to two or more page numbers
    near: dict[str, set[int]] = {}
    for i, ln in enumerate(lines):
        if not ln.footer:
            continue
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(lines) and lines[j].text and not lines[j].footer:
                near.setdefault(lines[j].text, set()).add(i)
    total = Counter(ln.text for ln in lines if ln.text)
    heads = {  # … and stands nowhere else (a deadline cell repeated down a table is no running head)
        t for t, seen in near.items()
        if total[t] <= len(seen) + 1
        if len(seen) >= 2 and 4 <= len(t) <= 40
        and re.search(r"[\u4e00-\u9fffA-Za-z]", t) and not starts_item(t)
    }  # fmt: skip
    for ln in lines:
        if ln.text in heads:
            ln.footer = True


def _wrap_width(lines: list[_Line]) -> tuple[int, int, object] | None:
    """(width, tolerance, measure) when most lines share one width: the document is hard-wrapped."""
    body = [ln.raw for ln in lines if ln.text and not ln.footer]
    if len(body) < 6:
        return None
    best: tuple[int, int, int, object] | None = None
    for measure in (len, _width):
        widths = [measure(s) for s in body]
        counts = Counter(widths)
        for w in counts:
            if w < 24:
                continue
            tol = max(1, w // 30)
            near = sum(c for v, c in counts.items() if w - tol <= v <= w + tol)
            over = sum(c for v, c in counts.items() if v > w + tol)
            if near >= max(4, 0.2 * len(body)) and over <= 0.05 * len(body):
                if best is None or near > best[0] or (near == best[0] and w > best[1]):
                    best = (near, w, tol, measure)
    return None if best is None else (best[1], best[2], best[3])


def _own_line(s: str) -> bool:
    """A 文号 (bracketed or not) or a date standing alone on its line."""
    m = DOC_NUMBER.search(s)
    return parse_date_line(s) is not None or bool(
        m and not s[: m.start()].strip("（( ") and not s[m.end() :].strip("）) ")
    )


def _starts_structure(s: str) -> bool:
    return (
        starts_item(s)
        or bool(LABEL.match(s))
        or bool(STOP_LABEL.match(s))
        or _own_line(s)
        or is_header_line(s)
    )


def _depth(s: str, depth: int) -> int:
    for ch in s:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth


def normalize(text: str, check: Callable[[], None] | None = None) -> Layout:
    """The text as written (see the module's docstring); `check` is called every few hundred lines (a
    `Budget`'s: it raises when the document's time is up)."""
    lines = _lines(text)
    _mark_footers(lines)
    wrap = _wrap_width(lines)
    deletions: list[tuple[int, int]] = []
    prev: _Line | None = None  # the last kept content line
    content = [ln for ln in lines if ln.text and not ln.footer]
    # the line above a date line is a signature
    signed = {id(a) for a, b in itertools.pairwise(content) if parse_date_line(b.text)}
    gap_blank = False  # a blank line (not next to a footer) since `prev`
    gap_footer = False
    depth = 0
    para_len = 0
    row = False  # the paragraph so far is a table row (TAB cells or wide gaps)
    row_text = ""
    expected = 0  # the cell count of the last whole row (the header's, first)
    for i, ln in enumerate(lines):
        if check is not None and not i % 256:
            check()
        if ln.footer:
            deletions.append((ln.line_start, min(len(text), ln.line_end + 1)))
            gap_footer = True
            continue
        if ln.blank:
            gap_blank = True
            continue
        short_row = row and _cells(row_text) < expected
        if (
            prev is not None
            and id(ln) not in signed
            and _joins(
                prev, ln, wrap, depth, gap_blank and not gap_footer, para_len, row, short_row, expected
            )
        ):
            # a table row keeps the white space at the cut (it may be a cell's gap); prose loses it
            deletions.append((prev.line_end, ln.line_start) if row else (prev.end, ln.start))
            para_len += len(ln.text)
            row_text += ln.raw
        else:
            if row:
                expected = _cells(row_text) if not expected else max(expected, _cells(row_text))
            elif para_len > 60:
                expected = 0  # prose: the table is over (a short heading line inside it is not)
            depth = 0
            para_len = len(ln.text)
            row = _starts_row(ln.raw)
            row_text = ln.raw
        depth = _depth(ln.text, depth)
        prev, gap_blank, gap_footer = ln, False, False
    deletions += [(m.start(), m.end()) for m in re.finditer("\r(?=\n)", text)]
    deletions += _letter_spacing(lines)
    return _build(text, deletions)


def _joins(
    prev: _Line,
    ln: _Line,
    wrap: tuple[int, int, object] | None,
    depth: int,
    blank: bool,
    para_len: int,
    row: bool,
    short_row: bool = False,
    expected: int = 0,
) -> bool:
    if blank or para_len > 5000:
        return False
    if is_header_line(prev.text):  # an export header joins only its own cut link
        return ln.text.isascii() and " " not in ln.text and prev.text[-1].isascii()
    full = False
    if wrap is not None:
        width, tol, measure = wrap
        w = measure(prev.raw)  # type: ignore[operator]
        slack = tol + (6 if prev.text[-1].isascii() and prev.text[-1].isalnum() else 0)
        full = w >= width - slack
    if ln.text[0] in _NEVER_STARTS:
        return True  # no line of its own starts with 、，。 or a closing bracket: a cut line goes on
    if depth > 0 and not starts_item(ln.text):
        return True
    if _starts_structure(ln.text):
        return False
    if row or _is_table_row(ln.raw):
        # a table row cut at the width, or one still short of its header's cells, goes on
        new_row = (
            bool(re.match(r"^[ \u3000]*\d{1,3}(?:\t|[ \u3000]{2,})", ln.raw))
            or (expected > 0 and _cells(ln.raw) >= expected)
            or ("\t" in ln.raw and expected == 0)  # rows of a table whose header is not known yet
        )
        if new_row and not short_row:
            return False  # the row is whole and the next one begins
        stray = row and len(ln.text) <= 8 and not _is_table_row(ln.raw) and "\t" not in ln.raw
        return (full and row) or (short_row and not new_row) or stray  # stray: 2023 | 年底前
    if prev.text[-1] in _ALWAYS_CONTINUES:
        return True
    if wrap is None or (ln.indent > prev.indent and ln.indent >= 2):
        return False  # not wrapped; or an indented first line starts a paragraph
    if prev.text[-1] in _SENTENCE_END and not any(c in ln.text for c in "。，,；;！？：:、"):
        return False  # a full line that ends a sentence, then a title or heading of its own
    if prev.text.isascii() and " " not in prev.text and not ln.text.isascii():
        return False  # a cut link does not go on in Chinese
    if (
        para_len == len(prev.text)
        and not any(c in prev.text for c in "。，,；;！？：:")
        and any(c in ln.text for c in "。，,；;")
    ):
        return False  # a first line with no punctuation at all, then a sentence: a title or heading
    if bare_title(prev.text).endswith(_TITLE_ENDS) and not any(c in prev.text for c in "。，,；;！？"):
        return False  # the end of a title (…的通知, …若干措施（试行）)
    return full


_SPACED = re.compile(r"(?<=[\u4e00-\u9fff（）：，、。；]) (?=[\u4e00-\u9fff（）：，、。；])")


def _letter_spacing(lines: list[_Line]) -> list[tuple[int, int]]:
    """A PDF extraction that spaced out the characters of a line (责 任 单 位：市 财 政 局): those
    single spaces go, when they stand between most of the line's characters."""
    out: list[tuple[int, int]] = []
    for ln in lines:
        if "\t" in ln.text or len(ln.text) < 5:
            continue
        spaces = [m.start() for m in _SPACED.finditer(ln.text)]
        if len(spaces) >= 3 and len(spaces) * 2 >= len(ln.text.replace(" ", "")) * 0.6:
            out += [(ln.start + p, ln.start + p + 1) for p in spaces]
    return out


def _build(text: str, deletions: list[tuple[int, int]]) -> Layout:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(d for d in deletions if d[1] > d[0]):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    parts: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    pos = 0
    n = 0
    for s, e in [*merged, (len(text), len(text))]:
        if s > pos or not norm_starts:
            norm_starts.append(n)
            orig_starts.append(pos)
            parts.append(text[pos:s])
            n += s - pos
        pos = e
    return Layout("".join(parts), tuple(norm_starts), tuple(orig_starts))


def remap(ex: Extraction, layout: Layout) -> None:
    """Every span of an extraction made on `layout.text`, moved to the text as delivered (in place)."""
    sp = layout.span
    for section in ex.sections:
        section.span = sp(*section.span)
    for task in ex.tasks:
        task.span = sp(*task.span)
        if task.deadline is not None and task.deadline.span is not None:
            task.deadline.span = sp(*task.deadline.span)
        for unit in task.units:
            unit.span = sp(*unit.span)
            unit.sentence_span = sp(*unit.sentence_span)
        for column in task.columns:
            column.span = sp(*column.span)
    for target in ex.targets:
        target.span = sp(*target.span)
    for entity in ex.entities:
        entity.spans = [sp(*s) for s in entity.spans]
    for unknown in ex.unknown_units:
        unknown.span = sp(*unknown.span)

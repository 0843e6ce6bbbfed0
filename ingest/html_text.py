"""HTML saved from a government site -> plain text: one paragraph a line, table rows TAB-separated.

A cell merged across rows or columns (rowspan / colspan) is repeated into every cell it covers, so
each row has its header's columns: 牵头单位 merged over three tasks leads each of them.

The page is tokenised by libxml2's HTML parser (lxml, a python-docx dependency) feeding events to
`_TextParser`; no tree is built. It closes what a browser closes (an unclosed `<td>`, `<p>`, `<li>`)
and runs in linear time, where the standard library's `html.parser` (this Python, 3.11.7) takes
quadratic time on an unterminated tag or comment (80 kB of `<a` took ten seconds) and raises
AssertionError on `<![`. The page is fed 1 MiB at a time, the `Budget` checked between pieces; the
text is counted against `Limits.max_text_chars` as it comes (a merged cell in every cell it fills,
before a row is joined) and elements nested deeper than `Limits.max_html_depth` are refused.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from ontology.errors import InputError

from .govpage import is_header_line
from .limits import DEFAULT_LIMITS, Budget, Limits, budget_for, refuse

_BLOCK = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "blockquote", "pre", "ul", "ol", "table", "title",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head", "nav", "aside", "button", "select"}
# page chrome on government sites: navigation, breadcrumbs, share buttons, related links, footers
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|share|bdshare\w*|footer|foot|copyright|related|sidebar"
    r"|toolbar|position|location|dqwz|xgwz|xglj|topbar|header-nav)(?:$|[\s_-])"
)
_VOID = {"br", "img", "input", "meta", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}
_PIECE = 1024 * 1024


class _TooDeep(Exception):
    pass


class _TooLong(Exception):
    pass


class _TextParser:
    """An lxml parser target: `start`, `end`, `data` and `close` are called as the page is tokenised."""

    def __init__(
        self, max_depth: int = DEFAULT_LIMITS.max_html_depth, max_chars: int = DEFAULT_LIMITS.max_text_chars
    ) -> None:
        self.max_depth = max_depth
        self.max_chars = max_chars
        self.depth = 0  # open elements (libxml2 reports every element's end, implied ones too)
        self.chars = 0  # of the lines so far (a merged cell counted in every cell it fills)
        self.open_chars = 0  # of the text not yet in a line
        self.lines: list[str] = []
        self.current: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)  # (rowspan, colspan) of the open cell
        self.spans: list[tuple[int, int]] = []  # of the open row's cells
        self.pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
        self.skip = 0
        self.title: list[str] = []
        self.chrome_tag: str | None = None  # the element of page chrome being skipped
        self.chrome_depth = 0
        self.in_title = False

    def _flush(self) -> None:
        text = "".join(self.current).strip()
        self.open_chars = 0
        if text:
            self._line(" ".join(text.split()) if "\n" in text else text)
        self.current = []

    def _line(self, line: str, counted: bool = False) -> None:
        if not counted:
            self._count(len(line) + 1)
        self.lines.append(line)

    def _count(self, n: int) -> None:
        self.chars += n
        if self.chars > self.max_chars:
            raise _TooLong

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise _TooDeep
        self.handle_starttag(tag, list(attrib.items()))

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.handle_endtag(tag)

    def data(self, data: str) -> None:
        self.handle_data(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.chrome_tag is not None:
            if tag == self.chrome_tag:
                self.chrome_depth += 1
            return
        if tag not in _VOID and tag not in ("html", "body"):
            marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role")).lower()
            if marks and _CHROME.search(marks):
                self.chrome_tag, self.chrome_depth = tag, 1
                return
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            self.pending = {}
        if tag == "tr":
            self._flush()
            self.row, self.spans = [], []
        elif tag in ("td", "th"):
            self.cell = []
            a = dict(attrs)
            self.span = (_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag in _BLOCK and self.cell is None:
            self._flush()
        elif tag in ("br", "p", "div", "li") and self.cell is not None:
            self.cell.append(" ")  # lines inside a cell (units one per line): apart, not run together

    def handle_endtag(self, tag: str) -> None:
        if self.chrome_tag is not None:
            if tag == self.chrome_tag:
                self.chrome_depth -= 1
                if self.chrome_depth == 0:
                    self.chrome_tag = None
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.spans.append(self.span)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            row = self._grid_row()
            self.open_chars = 0  # the row's text is counted as its line, before the line is made
            if any(row):
                self._count(sum(map(len, row)) + len(row))
                self._line("\t".join(row), counted=True)
            self.row = None
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def _grid_row(self) -> list[str]:
        """The open row laid on the table's grid: cells merged from above filled in, colspans repeated
        (linear in the row's columns, which count against the text limit: each is at least a TAB)."""
        assert self.row is not None
        out: list[str] = []
        cells = list(zip(self.row, self.spans, strict=True))
        room = self.max_chars - self.chars
        last = max(self.pending, default=-1)  # cells merged from above reach no further than this
        col = 0
        next_cell = 0
        while next_cell < len(cells) or col <= last:
            if len(out) > room:
                raise _TooLong
            if col in self.pending:
                left, text = self.pending[col]
                out.append(text)
                if left <= 1:
                    del self.pending[col]
                else:
                    self.pending[col] = (left - 1, text)
                col += 1
                continue
            if next_cell == len(cells):
                break
            text, (rows, cols) = cells[next_cell]
            next_cell += 1
            for _ in range(cols):
                if rows > 1:
                    self.pending[col] = (rows - 1, text)
                out.append(text)
                col += 1
        return out

    def handle_data(self, data: str) -> None:
        if self.skip or self.chrome_tag is not None:
            return
        self.open_chars += len(data)
        if self.chars + self.open_chars > self.max_chars:
            raise _TooLong
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data.replace("\r", "").replace("\n", ""))

    def close(self) -> list[str]:
        self._flush()
        return self.lines


def _span(value: str | None) -> int:
    try:
        n = int(str(value).strip())
    except ValueError:
        return 1
    return n if 1 <= n <= 500 else 1


def html_to_text(
    source: str, name: str = "document", *, limits: Limits = DEFAULT_LIMITS, deadline: Budget | None = None
) -> str:
    from lxml import etree

    budget = budget_for(limits, deadline)
    target = _TextParser(limits.max_html_depth, limits.max_text_chars)
    parser = etree.HTMLParser(target=target, huge_tree=True, no_network=True)  # our own depth limit
    try:
        for at in range(0, len(source), _PIECE):
            budget.check(name)
            parser.feed(source[at : at + _PIECE])
        found = parser.close()
    except _TooLong:
        what = "its text is longer than allowed (merged table cells counted in every cell they fill)"
        raise refuse(name, what, "max_text_chars", limits.max_text_chars, "characters") from None
    except _TooDeep:
        what = "its elements are nested deeper than allowed"
        raise refuse(name, what, "max_html_depth", limits.max_html_depth, "levels") from None
    except etree.LxmlError as exc:
        raise InputError(f"{name}: not a readable HTML page ({str(exc)[:150]}).") from exc
    lines = (html.unescape(line).replace("\xa0", " ").strip() for line in found)
    return "\n".join(line for line in lines if line and not is_header_line(line))

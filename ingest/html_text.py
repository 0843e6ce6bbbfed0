"""HTML saved from a government site -> plain text: one paragraph a line, table rows TAB-separated.

A cell merged across rows or columns (rowspan / colspan) is repeated into every cell it covers, so
each row has its header's columns: 牵头单位 merged over three tasks leads each of them.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .govpage import is_header_line

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


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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
        if text:
            self.lines.append(" ".join(text.split()) if "\n" in text else text)
        self.current = []

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
            if any(row):
                self.lines.append("\t".join(row))
            self.row = None
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def _grid_row(self) -> list[str]:
        """The open row laid on the table's grid: cells merged from above filled in, colspans repeated."""
        assert self.row is not None
        out: list[str] = []
        cells = list(zip(self.row, self.spans, strict=True))
        col = 0
        while cells or any(c >= col for c in self.pending):
            if col in self.pending:
                left, text = self.pending[col]
                out.append(text)
                if left <= 1:
                    del self.pending[col]
                else:
                    self.pending[col] = (left - 1, text)
                col += 1
                continue
            if not cells:
                break
            text, (rows, cols) = cells.pop(0)
            for _ in range(cols):
                if rows > 1:
                    self.pending[col] = (rows - 1, text)
                out.append(text)
                col += 1
        return out

    def handle_data(self, data: str) -> None:
        if self.skip or self.chrome_tag is not None:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data.replace("\r", "").replace("\n", ""))

    def close(self) -> None:
        super().close()
        self._flush()


def _span(value: str | None) -> int:
    try:
        n = int(str(value).strip())
    except ValueError:
        return 1
    return n if 1 <= n <= 500 else 1


def html_to_text(source: str) -> str:
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    lines = (html.unescape(line).replace("\xa0", " ").strip() for line in parser.lines)
    return "\n".join(line for line in lines if line and not is_header_line(line))

"""HTML saved from a government site -> plain text: one paragraph a line, table rows TAB-separated."""

from __future__ import annotations

import html
from html.parser import HTMLParser

_BLOCK = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "blockquote", "pre", "ul", "ol", "table", "title",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def _flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.lines.append(" ".join(text.split()) if "\n" in text else text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("\t".join(self.row))
            self.row = None
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data.replace("\r", "").replace("\n", ""))

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(source: str) -> str:
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    return "\n".join(
        html.unescape(line).replace("\xa0", " ").strip() for line in parser.lines if line.strip()
    )

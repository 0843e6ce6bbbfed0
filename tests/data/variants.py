"""Documents as they are delivered: the same text hard-wrapped at a width (pasted from a PDF or an
e-mail), with page footers between lines, with CRLF, or as HTML whose paragraphs are broken with <br>."""

from __future__ import annotations

import html
import re


def wrap(text: str, width: int) -> str:
    """Every line cut into pieces of `width` characters (its indent kept on the first)."""
    out: list[str] = []
    for line in text.split("\n"):
        body = line.rstrip()
        while len(body) > width:
            out.append(body[:width])
            body = body[width:]
        out.append(body)
    return "\n".join(out)


def with_footers(text: str, every: int = 23, style: int = 0) -> str:
    """A page footer after every `every` lines: — 3 —, -3-, 第 3 页 共 N 页 (with blank lines around)."""
    lines = text.split("\n")
    pages = len(lines) // every + 1
    out: list[str] = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % every == 0:
            n = i // every
            footer = [f"— {n} —", f"-{n}-", f"第 {n} 页 共 {pages} 页"][style % 3]
            out += ["", footer, ""] if style % 2 else [footer]
    return "\n".join(out)


def as_br_html(text: str, width: int) -> str:
    """One <p> a paragraph, its wrapped lines broken with <br>; TAB rows as a <table>."""
    paras = []
    rows: list[str] = []
    for line in [*text.split("\n"), ""]:
        if "\t" in line or len(re.findall(r"\S {2,}\S", line)) >= 2:  # a TAB row, or one flattened with gaps
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in re.split(r"\t| {2,}", line.strip()))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            paras.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if not line.strip():
            continue
        pieces = wrap(line.strip(), width).split("\n")
        paras.append("<p>" + "<br>".join(html.escape(p) for p in pieces) + "</p>")
    return "<html><head><meta charset='utf-8'><title>t</title></head><body>" + "\n".join(paras) + "</body></html>"

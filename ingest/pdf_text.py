"""PDF -> text through pdfplumber (pdfminer.six): the text layer in reading order, one paragraph a line,
tables as TAB-separated rows, page headers, footers and page numbers removed.

Lines that a PDF wrapped are joined back into their paragraph (a line that reaches the right margin
continues on the next, unless that one is numbered or indented). A cell merged over rows or columns
is repeated into every cell it covers. A PDF without a text layer (scanned) and one that needs a
password get an `InputError` saying so; nothing here returns half a document.

Before either reader sees the file its streams are measured (`ingest.pdf_guard`); pages are read one
at a time, each page's layout freed after it, the `Budget` checked and the text counted against
`Limits.max_text_chars` page by page.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ontology.errors import InputError

from .limits import DEFAULT_LIMITS, Budget, Limits, budget_for, refuse
from .pdf_guard import check_pdf

MAX_PAGES = DEFAULT_LIMITS.max_pdf_pages  # kept for callers: the default of Limits.max_pdf_pages
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*)?[\d一二三四五六七八九十]{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4})?"
    r"(?:\s*共\s*\d{1,4}\s*页)?[\s\-—–－·•]*$"
)
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、．.]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,3}\s*[.、．]"
    r"|[①-⑳]|附件|附表)"
)


_CJK = "\u4e00-\u9fff、，,；;：:（）()“”《》。"
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])\\s*\\n\\s*(?=[{_CJK}])")  # a line a cell wrapped, rejoined
_GLYPH_ID = re.compile(r"\(cid:\d+\)")
_ENDS = ("。", "！", "？", "；", "：", ":", "）", ")")


@dataclass
class _Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    row: bool = False  # a table row (cells joined by TABs)


def pdf_to_text(
    data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS, deadline: Budget | None = None
) -> tuple[str, list[int]]:
    """(text, offset in it where each page begins)."""
    budget = budget_for(limits, deadline)
    check_pdf(data, name, limits, budget)
    pages = _read_pages(data, name, limits, budget)
    lines = _drop_running_heads(pages)
    if not any(line.text.strip() for line in lines):
        raise InputError(
            f"{name}: this PDF has no text layer (a scanned document?). policykg reads the text of a "
            "PDF and does no OCR: run it through OCR first, or supply the .docx/.txt version."
        )
    return _join(lines, len(pages))


def _read_pages(data: bytes, name: str, limits: Limits, budget: Budget) -> list[list[_Line]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    encrypted = (PDFPasswordIncorrect, PDFEncryptionError)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        with pdf:
            _check_pages(len(pdf.pages), name, limits)
            pages: list[list[_Line]] = []
            counter = _TextCounter(name, limits)
            for i, page in enumerate(pdf.pages):
                budget.check(name)
                pages.append(_page_lines(page, i + 1))
                page.close()  # its layout objects, a few kB a character, are not kept for the next page
                counter.add(pages[-1])
    except InputError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's errors; pdfminer raises assorted ones
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc.__context__
        if isinstance(exc, encrypted) or isinstance(cause, encrypted):
            raise InputError(
                f"{name}: the PDF is encrypted and needs a password to be opened; supply an unprotected copy."
            ) from exc
        known = (PDFSyntaxError, PSException, ValueError, KeyError, TypeError)
        what = type(cause).__name__ if isinstance(cause, known) else type(exc).__name__
        raise InputError(f"{name}: not a readable PDF ({what}).") from exc
    glyphs = sum(len(_GLYPH_ID.findall(ln.text)) for page in pages for ln in page)
    chars = sum(len(ln.text) for page in pages for ln in page)
    if glyphs and glyphs * 8 > chars * 0.2:  # pdfminer could not map the fonts' glyphs to Unicode
        return _pdfium_pages(data, name, limits, budget)
    return pages


def _check_pages(count: int, name: str, limits: Limits) -> None:
    if count > limits.max_pdf_pages:
        raise refuse(name, f"it has {count:,} pages", "max_pdf_pages", limits.max_pdf_pages, "pages")


class _TextCounter:
    """The characters of the pages read so far, against `Limits.max_text_chars`."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limit = limits.max_text_chars
        self.chars = 0

    def add(self, lines: list[_Line]) -> None:
        self.chars += sum(len(ln.text) + 1 for ln in lines)
        if self.chars > self.limit:
            raise refuse(
                self.name, "its text is longer than allowed", "max_text_chars", self.limit, "characters"
            )


def _pdfium_pages(data: bytes, name: str, limits: Limits, budget: Budget) -> list[list[_Line]]:
    """The text layer as PDFium reads it (its font handling maps glyphs pdfminer cannot); no tables."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: not a readable PDF ({exc}).") from exc
    pages: list[list[_Line]] = []
    counter = _TextCounter(name, limits)
    try:
        _check_pages(len(doc), name, limits)
        for number, page in enumerate(doc, 1):
            budget.check(name)
            height = page.get_height()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            lines: list[_Line] = []
            pos = 0
            for raw in text.split("\r\n"):
                boxes = [
                    textpage.get_charbox(i) for i in range(pos, pos + len(raw)) if not raw[i - pos].isspace()
                ]
                pos += len(raw) + 2
                if boxes:
                    top = height - max(b[3] for b in boxes)
                    lines.append(
                        _Line(number, top, min(b[0] for b in boxes), max(b[2] for b in boxes), raw.strip())
                    )
            pages.append(lines)
            counter.add(lines)
    finally:
        doc.close()
    return pages


def _page_lines(page: Any, number: int) -> list[_Line]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    out = [
        _Line(number, ln["top"], ln["x0"], ln["x1"], ln["text"])
        for ln in page.filter(outside).extract_text_lines(strip=True, return_chars=False)
        if ln["text"].strip()
    ]
    for table in tables:
        grid = _fill_merged(table.extract())
        for row, cells in zip(table.rows, grid, strict=False):
            if any(c.strip() for c in cells):
                out.append(_Line(number, row.bbox[1], row.bbox[0], row.bbox[2], "\t".join(cells), row=True))
    out.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return out


def _fill_merged(rows: list[list[str | None]]) -> list[list[str]]:
    """pdfplumber gives None for a cell that a merged cell covers: repeat the merged cell's text
    (from above for a row span, from the left for a column span)."""
    out: list[list[str]] = []
    for r, row in enumerate(rows):
        cells: list[str] = []
        for c, cell in enumerate(row):
            if cell is None:
                above = out[r - 1][c] if r and c < len(out[r - 1]) else None
                cell = above if above is not None else (cells[c - 1] if c else "")
            cells.append(" ".join(_CJK_WRAP.sub("", cell).split()))
        out.append(cells)
    return out


def _drop_running_heads(pages: list[list[_Line]]) -> list[_Line]:
    """Page numbers, and lines that open or close most pages (文件头, running titles), are not text."""

    def shape(line: _Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    edges: Counter[str] = Counter()
    for lines in pages:
        text_lines = [ln for ln in lines if not ln.row]
        for ln in {id(x): x for x in (text_lines[:1] + text_lines[-1:])}.values():
            edges[shape(ln)] += 1
    running = {s for s, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out: list[_Line] = []
    for lines in pages:
        text_lines = [ln for ln in lines if not ln.row]
        edge_ids = {id(x) for x in text_lines[:2] + text_lines[-2:]}
        for ln in lines:
            if not ln.row and id(ln) in edge_ids and (_PAGE_NUMBER.match(ln.text) or shape(ln) in running):
                continue
            out.append(ln)
    return out


def _join(lines: list[_Line], page_count: int) -> tuple[str, list[int]]:
    """Wrapped lines back into paragraphs; the offset where each page's text begins."""
    body = [ln for ln in lines if not ln.row]
    right = max((ln.x1 for ln in body), default=0.0)
    left = min((ln.x0 for ln in body), default=0.0)
    heights = sorted(b.top - a.top for a, b in itertools.pairwise(body) if 0 < b.top - a.top < 40)
    em = heights[len(heights) // 2] * 0.7 if heights else 12.0  # about one character wide
    parts: list[str] = []
    page_starts = [0] * page_count
    seen_pages: set[int] = set()
    offset = 0
    prev: _Line | None = None
    for ln in lines:
        text = ln.text.strip() if not ln.row else ln.text
        continues = (
            prev is not None
            and not prev.row
            and not ln.row
            and prev.x0 <= left + 3 * em  # a right-aligned line (signature, date) is no paragraph's
            and prev.x1 >= right - 3 * em  # CJK line breaking leaves up to two characters free
            and ln.x0 <= left + em
            and not _NUMBERED.match(text)
            # a short line after a sentence's end is a paragraph of its own (a signature, a date):
            # splitting a paragraph in two loses nothing, joining two would
            and not (prev.text.rstrip().endswith(_ENDS) and ln.x1 < right - 3 * em and text[:1] not in "（(")
        )
        if parts and not continues:
            parts.append("\n")
            offset += 1
        if ln.page not in seen_pages:
            seen_pages.add(ln.page)
            page_starts[ln.page - 1] = offset
        parts.append(text)
        offset += len(text)
        prev = ln
    for p in range(1, page_count):  # a page with nothing on it begins where the next one does
        if p + 1 not in seen_pages:
            page_starts[p] = page_starts[p - 1]
    return "".join(parts), page_starts

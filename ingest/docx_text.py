""".docx -> text (python-docx): one paragraph a line, table rows TAB-separated, a unit set in bold
among others marked ★.

The ZIP is checked against `Limits` first (`ingest.zip_guard`): python-docx only ever reads members
whose sizes were verified. Its XML parser resolves no entities (`resolve_entities=False`) and, without
`huge_tree`, libxml2 refuses elements nested more than 256 deep; both are refused here with the
parser's own words.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ontology.errors import InputError

from .limits import Budget, Limits, refuse
from .zip_guard import check_docx


def docx_to_text(data: bytes, name: str, limits: Limits, deadline: Budget) -> str:
    check_docx(data, name, limits, deadline)
    from lxml.etree import XMLSyntaxError

    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: a ZIP file that is not a readable .docx document ({exc}).") from exc
    except XMLSyntaxError as exc:  # too deep, an entity, or not XML
        why = str(exc)[:150]
        raise InputError(
            f"{name}: an XML part of the .docx cannot be read ({why}); not a readable .docx."
        ) from exc
    except Exception as exc:  # python-docx raises assorted errors on malformed packages
        raise InputError(f"{name}: not a readable .docx document ({type(exc).__name__}).") from exc
    lines: list[str] = []
    chars = 0
    longest = limits.max_text_chars

    def too_long() -> InputError:
        return refuse(name, "its text is longer than allowed", "max_text_chars", longest, "characters")

    try:
        for child in document.element.body.iterchildren():
            deadline.check(name)
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(_marked_text(Paragraph(child, document)))
                chars += len(lines[-1]) + 1
            elif tag == "tbl":
                for row, tr in zip(Table(child, document).rows, child.tr_lst, strict=True):
                    # every column a cell spans repeats its text (and a TAB): bounded before python-docx
                    # builds them (a gridSpan of a billion is a billion cells)
                    if sum(tc.grid_span for tc in tr.tc_lst) > longest - chars:
                        raise too_long()
                    cells = []
                    for cell in row.cells:
                        deadline.check(name)
                        cells.append(" ".join(_marked_text(p) for p in cell.paragraphs).strip())
                        chars += len(cells[-1]) + 1
                        if chars > longest:
                            raise too_long()
                    lines.append("\t".join(cells))
            if chars > longest:
                raise too_long()
    except RecursionError as exc:  # python-docx follows a cell merged down row by row recursively
        raise InputError(f"{name}: a table cell is merged over too many rows to be read.") from exc
    return "\n".join(lines)


def _marked_text(paragraph: Any) -> str:
    """A paragraph's text, a unit set in bold among others marked ★ (how many task tables mark the lead:
    ★ is a lead mark of the lexicon; a paragraph all in bold is a heading, not a mark)."""
    runs = list(paragraph.runs)
    bold = [bool(r.bold) for r in runs]
    if not any(bold) or all(b for r, b in zip(runs, bold, strict=True) if r.text.strip()):
        return str(paragraph.text)
    out: list[str] = []
    pending = ""
    for run, is_bold in zip(runs, bold, strict=True):
        if is_bold:
            pending += run.text
            continue
        out.append(_mark(pending))
        pending = ""
        out.append(run.text)
    out.append(_mark(pending))
    return "".join(out)


def _mark(bold_text: str) -> str:
    from .units import UNIT_SUFFIX

    core = bold_text.strip(" 、，,；;")
    if 3 <= len(core) <= 25 and "。" not in core and UNIT_SUFFIX.search(core):
        return bold_text.replace(core, "★" + core, 1)
    return bold_text

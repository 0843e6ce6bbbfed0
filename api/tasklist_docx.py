"""任务分工表 as .docx: A4 landscape, 宋体 body and 黑体 title (the East Asian font set in w:rFonts
w:eastAsia, not only the Latin name), a fixed-layout table whose columns are weighted (the task text wide,
numbers narrow), its header row repeated on every page, group headings as shaded rows across the table,
page numbers in the footer."""

from __future__ import annotations

import io
from typing import Any

from .tasklists import CENTERED, UNIT_WIDTH, WIDTHS, TaskList, printed

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"
HEADER_FILL = "D9D9D9"
GROUP_FILL = "F2F2F2"


def _fonts(target: Any, east_asia: str, size_pt: float | None = None, bold: bool = False) -> None:
    """Set the Latin and the East Asian font of a run or a style (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = LATIN_FONT
    if size_pt is not None:
        target.font.size = Pt(size_pt)
    if bold:
        target.font.bold = True
    rfonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for attr, value in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:eastAsia", east_asia)):
        rfonts.set(qn(attr), value)
    rfonts.set(qn("w:hint"), "eastAsia")


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell_text(cell: Any, text: str, size: float, bold: bool = False, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = cell.paragraphs[0]
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run(text), BODY_FONT, size, bold)


def _page_number_footer(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run("第 "), BODY_FONT, 9)
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    page.append(run)
    p._p.append(page)
    _fonts(p.add_run(" 页"), BODY_FONT, 9)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    repeat = OxmlElement("w:tblHeader")  # the header row again at the top of every page
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)


def docx_bytes(tl: TaskList) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    _fonts(d.styles["Normal"], BODY_FONT, 10.5)
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(18), Mm(15)
    section.header_distance = section.footer_distance = Mm(8)
    _page_number_footer(section)

    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(4)
    _fonts(title.add_run(tl.title), TITLE_FONT, 16, bold=True)
    if tl.subtitle:
        sub = d.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.paragraph_format.space_after = Pt(6)
        _fonts(sub.add_run(tl.subtitle), BODY_FONT, 10.5)

    columns, keep = printed(tl)
    weights = [tl.widths.get(c) or WIDTHS.get(c, UNIT_WIDTH) for c in columns]
    usable = section.page_width - section.left_margin - section.right_margin
    widths = [int(usable * w / sum(weights)) for w in weights]
    table = d.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    header = table.rows[0]
    _repeat_header(header)
    for cell, name, w in zip(header.cells, columns, widths, strict=True):
        cell.width = w
        _cell_text(cell, name, 10, bold=True, center=True)
        _shade(cell, HEADER_FILL)
    for s in tl.sections:
        if s.heading:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            _cell_text(merged, f"{s.heading}（{len(s.rows)} 项）", 10, bold=True)
            _shade(merged, GROUP_FILL)
        for r in s.rows:
            for cell, i, w in zip(table.add_row().cells, keep, widths, strict=True):
                cell.width = w
                _cell_text(cell, r[i], 9, center=tl.columns[i] in CENTERED)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()

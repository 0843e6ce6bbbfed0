"""任务分工表 as .xlsx: a merged bold title row and a subtitle row, the header row frozen, repeated on every
printed page and filtered (autofilter), wrapped text in rows tall enough for it (estimated from the text's
width, a Chinese character counting two), group headings as shaded rows, A4 landscape fitted to the page
width, 宋体 on every cell. Every value is typed as a string, never a formula."""

from __future__ import annotations

import io
import math
import unicodedata

from .tasklists import CENTERED, TaskList, _safe_cell

FONT = "宋体"
GB2312 = 134  # the font's charset, so that Excel picks a Chinese face
BODY_PT = 10
LINE_PT = 12.75  # the height of one line of 10pt text (Excel's default row for 10pt)
# in characters of the workbook's default font (宋体 10pt; a Chinese character is two): about 160 in all,
# so that "fit to width" prints a landscape A4 page near full size
XLSX_WIDTHS = {
    "序号": 8,
    "任务": 18,
    "本单位职责": 7,
    "完成时限": 10,
    "相关目标": 16,
    "政策文件": 18,
    "原文": 48,
}
XLSX_UNIT_WIDTH = 14
XLSX_TABLE_EXTRA = 2  # a source table's column (责任处室, 备注): its printed share (TaskList.widths) and this


def display_width(text: str) -> int:
    """The columns a text takes: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def line_count(text: str, width: float) -> int:
    """The lines `text` wraps to in a column `width` characters wide (each paragraph at least one)."""
    per_line = max(1.0, width - 1.0)
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in (text or "").split("\n"))


def xlsx_bytes(tl: TaskList) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    # the default font (column widths are counted in its characters) is the cells' font: 宋体
    wb._named_styles["Normal"].font = Font(name=FONT, size=BODY_PT, charset=GB2312)
    ws = wb.active
    assert ws is not None
    ws.title = "任务分工表"
    n, last = len(tl.columns), get_column_letter(len(tl.columns))
    widths = [
        float(tl.widths[c] + XLSX_TABLE_EXTRA if c in tl.widths else XLSX_WIDTHS.get(c, XLSX_UNIT_WIDTH))
        for c in tl.columns
    ]
    for col, (name, w) in enumerate(zip(tl.columns, widths, strict=True), 1):
        ws.column_dimensions[get_column_letter(col)].width = w
        # a column the group headings already say (the policy) stays for filtering but is not shown
        ws.column_dimensions[get_column_letter(col)].hidden = name in tl.print_hidden
    shown = [0.0 if c in tl.print_hidden else w for c, w in zip(tl.columns, widths, strict=True)]
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name=FONT, size=BODY_PT, charset=GB2312)
    bold = Font(name=FONT, size=BODY_PT, bold=True, charset=GB2312)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    group_fill = PatternFill("solid", fgColor="F2F2F2")

    def put(row: int, col: int, value: str) -> None:
        cell = ws.cell(row=row, column=col)
        cell.value = _safe_cell(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with

    put(1, 1, tl.title)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name=FONT, size=16, bold=True, charset=GB2312)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    put(2, 1, tl.subtitle)
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = body
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = LINE_PT * line_count(tl.subtitle, sum(shown)) + 6
    head = 3
    for col, name in enumerate(tl.columns, 1):
        put(head, col, name)
        cell = ws.cell(row=head, column=col)
        cell.font, cell.fill, cell.border = bold, header_fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[head].height = (
        LINE_PT * max(line_count(c, w) for c, w in zip(tl.columns, widths, strict=True)) + 6
    )

    row = head
    for s in tl.sections:
        if s.heading:
            row += 1
            put(row, 1, f"{s.heading}（{len(s.rows)} 项）")
            for col in range(1, n + 1):
                cell = ws.cell(row=row, column=col)
                cell.font, cell.fill, cell.border = bold, group_fill, border
            ws.cell(row=row, column=1).alignment = Alignment(vertical="center", wrap_text=False)
            ws.row_dimensions[row].height = LINE_PT + 6
        for r in s.rows:
            row += 1
            for col, value in enumerate(r, 1):
                put(row, col, value)
                cell = ws.cell(row=row, column=col)
                cell.font, cell.border = body, border
                horizontal = "center" if tl.columns[col - 1] in CENTERED else "left"
                cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
            lines = max(line_count(v, w) for v, w in zip(r, shown, strict=True) if w)
            ws.row_dimensions[row].height = min(409, LINE_PT * lines + 4)

    ws.freeze_panes = f"A{head + 1}"
    ws.auto_filter.ref = f"A{head}:{last}{max(row, head + 1)}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = FONT
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

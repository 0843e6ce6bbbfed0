"""Real PDFs for the tests, written with reportlab (its built-in STSong-Light CID font needs no font file)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BODY = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=18, wordWrap="CJK")
RIGHT = ParagraphStyle("right", parent=BODY, alignment=TA_RIGHT)
SIGNATURE = ("山东省人民政府", "2022年10月25日")


def _running_heads(c: canvas.Canvas, doc: SimpleDocTemplate) -> None:
    c.setFont(FONT, 10)
    c.drawString(72, A4[1] - 40, "山东省人民政府文件")
    c.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")


def policy_pdf(path: Path, text: str, table: list[list[str]] | None = None, spans: list[tuple] = (),
               encrypt: str | None = None) -> Path:
    """`text` one paragraph a line (signature lines right-aligned), then an optional table page."""
    story: list = []
    for line in text.split("\n"):
        if line.strip():
            story.append(Paragraph(escape(line), RIGHT if line.strip() in SIGNATURE else BODY))
    if table:
        story.append(PageBreak())
        story.append(Paragraph("附件", BODY))
        story.append(Paragraph("重点任务分工表", BODY))
        cells = [[Paragraph(escape(c), BODY) for c in row] for row in table]
        t = Table(cells, colWidths=[40, 200, 110, 110])
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), *spans]))
        story.append(t)
    doc = SimpleDocTemplate(str(path), pagesize=A4, encrypt=encrypt)
    doc.build(story, onFirstPage=_running_heads, onLaterPages=_running_heads)
    return path


def scanned_pdf(path: Path) -> Path:
    """Two pages with drawings and no text layer, as a scanner makes them."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.setFillColor(colors.lightgrey)
        c.rect(60, 60, 470, 700, fill=1)
        c.setFillColor(colors.black)
        for y in range(100, 740, 18):
            c.rect(80, y, 420, 6, fill=1)
        c.showPage()
    c.save()
    return path

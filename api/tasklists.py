"""任务分工表: a department's (or a policy's) tasks as md, csv, xlsx, docx or json.

Document text is data, never markup or formulas: CSV/XLSX cells that would start a formula are
prefixed with an apostrophe, XLSX cells are typed as strings, Markdown escapes | and <.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any, Literal

from ontology.vocab import REL_ROLE_ZH

Format = Literal["md", "csv", "xlsx", "docx", "json"]
FORMATS: tuple[str, ...] = ("md", "csv", "xlsx", "docx", "json")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}
DEPARTMENT_COLUMNS = [
    "序号",
    "任务",
    "角色",
    "共同牵头单位",
    "配合单位",
    "完成时限",
    "相关目标",
    "政策文件",
    "原文",
]
POLICY_COLUMNS = [
    "序号",
    "任务",
    "牵头单位",
    "配合单位",
    "负责单位",
    "指导单位",
    "完成时限",
    "相关目标",
    "原文",
]
ROLE_ZH = REL_ROLE_ZH
_WIDTHS = {"序号": 6, "任务": 28, "角色": 8, "原文": 80, "政策文件": 36, "相关目标": 30, "完成时限": 14}


@dataclass
class TaskList:
    title: str
    columns: list[str]
    rows: list[list[str]]


def target_texts(targets: list[dict[str, Any]]) -> list[str]:
    """Each target as a line of a task list: 指标 300个以上（2025年）."""
    parts = []
    for g in targets:
        if not g or not g.get("indicator"):
            continue
        value = f"{g.get('value_text') or ''}{g.get('unit') or ''}{g.get('qualifier') or ''}"
        deadline = f"（{g['deadline']}年）" if g.get("deadline") and len(str(g["deadline"])) == 4 else ""
        parts.append(f"{g['indicator']} {value}{deadline}".strip())
    return parts


def _targets_text(targets: list[dict[str, Any]]) -> str:
    return "；".join(target_texts(targets))


def department_list(department: str, rows: list[dict[str, Any]]) -> TaskList:
    out = []
    for i, r in enumerate(rows, 1):
        t, role = r["task"], r["type"]
        me = r["role"].get("surface")
        co_leads = [x for x in t.get("lead") or [] if x != me]
        policy = r["policy"]
        policy_name = policy["title"] + (f"（{policy['doc_number']}）" if policy.get("doc_number") else "")
        support = "、".join(t.get("support") or [])
        targets = _targets_text(r.get("targets") or [])
        out.append([str(i), t["title"], ROLE_ZH.get(role, role), "、".join(co_leads), support,
                    t.get("deadline_text") or "", targets, policy_name, t["text"]])  # fmt: skip
    return TaskList(f"{department}任务分工表", DEPARTMENT_COLUMNS, out)


def policy_list(policy: dict[str, Any], rows: list[dict[str, Any]]) -> TaskList:
    out = []
    for i, r in enumerate(rows, 1):
        t = r["task"]
        out.append([
            str(i), t["title"], "、".join(t.get("lead") or []), "、".join(t.get("support") or []),
            "、".join(t.get("responsible") or []), "、".join(t.get("guide") or []),
            t.get("deadline_text") or "", _targets_text(r.get("targets") or []), t["text"],
        ])  # fmt: skip
    return TaskList(f"{policy['title']}任务分工表", POLICY_COLUMNS, out)


def _safe_cell(value: str) -> str:
    """No spreadsheet formula from document text (CSV/formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render(tl: TaskList, fmt: str) -> bytes:
    if fmt == "json":
        body = {
            "title": tl.title,
            "columns": tl.columns,
            "rows": [dict(zip(tl.columns, r, strict=True)) for r in tl.rows],
        }
        return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(tl.columns)
        writer.writerows([[_safe_cell(c) for c in r] for r in tl.rows])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly
    if fmt == "md":
        return _markdown(tl).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(tl)
    if fmt == "docx":
        return _docx(tl)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _md_cell(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\n", "<br>")
    )


def _markdown(tl: TaskList) -> str:
    lines = [
        f"# {_md_cell(tl.title)}",
        "",
        "| " + " | ".join(tl.columns) + " |",
        "|" + "---|" * len(tl.columns),
    ]
    lines += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in tl.rows]
    return "\n".join(lines) + "\n"


def _xlsx(tl: TaskList) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务分工表"
    ws.append(tl.columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in tl.rows:
        ws.append([None] * len(r))
        row = ws.max_row
        for col, value in enumerate(r, 1):
            cell = ws.cell(row=row, column=col)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for col, name in enumerate(tl.columns, 1):
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 18)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx(tl: TaskList) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    d.add_heading(tl.title, level=1)
    table = d.add_table(rows=1, cols=len(tl.columns))
    table.style = "Table Grid"
    for i, name in enumerate(tl.columns):
        table.rows[0].cells[i].text = name
    for r in tl.rows:
        cells = table.add_row().cells
        for i, value in enumerate(r):
            cells[i].text = value
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()

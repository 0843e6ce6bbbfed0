"""任务分工表: a department's (or a policy's) tasks as md, csv, xlsx, docx or json.

A list a 督查室 sends as is: its title names the region, the unit and the documents (or the document, its
issuer and 文号); each task keeps the document's own number (二.8, 一.(三)) in document order; the columns
say who leads, supports and is responsible (a unit's own list never names the unit in its own cells); tasks
are grouped by policy (default), by the unit's role or by deadline. A column of the source table beyond
units and deadline (责任处室, 备注, 工作目标 …) is a column of the list too, after the units and before
完成时限, blank for a task without it. The .docx and .xlsx layouts are in tasklist_docx and tasklist_xlsx.

Document text is data, never markup or formulas: CSV/XLSX cells that would start a formula are
prefixed with an apostrophe, XLSX cells are typed as strings, Markdown escapes | and <.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from ontology.vocab import REL_ROLE_ZH

Format = Literal["md", "csv", "xlsx", "docx", "json"]
FORMATS: tuple[str, ...] = ("md", "csv", "xlsx", "docx", "json")
GROUPS: tuple[str, ...] = ("policy", "role", "deadline")
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
    "本单位职责",
    "其他牵头单位",
    "其他配合单位",
    "其他负责单位",
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
ROLE_ORDER = ["LEADS", "RESPONSIBLE_FOR", "SUPPORTS", "GUIDES"]
ROLE_FILTER_ZH = {"lead": "牵头", "support": "配合", "responsible": "负责", "guide": "指导"}
# relative widths of the printed columns (docx: shares of the page): the task text wide, numbers narrow
WIDTHS = {"序号": 6, "任务": 16, "本单位职责": 7, "完成时限": 9, "相关目标": 14, "政策文件": 16, "原文": 44}
UNIT_WIDTH = 12
# a source table's own column: as wide as its longest cell needs (in Chinese characters), within these
EXTRA_WIDTH = (6, 16)
NO_DEADLINE = "未明确完成时限"
CENTERED = {"序号", "本单位职责", "完成时限"}


@dataclass
class Section:
    """Rows under a heading (a policy, a role, a deadline); heading "" when the list is not grouped."""

    heading: str
    rows: list[list[str]]


@dataclass
class TaskList:
    title: str
    columns: list[str]
    sections: list[Section]
    subtitle: str = ""
    filename: str = "任务分工表"  # without the extension; may hold Chinese
    ascii_filename: str = "tasklist"
    group: str = "policy"
    # columns the printed layouts (md, docx; hidden in xlsx) leave out: the section heading says them
    print_hidden: set[str] = field(default_factory=set)
    # relative widths (as WIDTHS) of the columns taken from the source tables (责任处室, 备注 …)
    widths: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> list[list[str]]:
        return [r for s in self.sections for r in s.rows]


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


def _join(names: list[str] | None, exclude: set[str] | None = None) -> str:
    return "、".join(n for n in names or [] if n not in (exclude or set()))


def _number(t: dict[str, Any], fallback: int) -> str:
    """The document's own number of the task (二.8, 一.(三)), not a renumbering."""
    return str(t.get("path_text") or fallback)


def _policy_name(p: dict[str, Any]) -> str:
    return f"《{p['title']}》" + (f"（{p['doc_number']}）" if p.get("doc_number") else "")


def _deadline_key(t: dict[str, Any]) -> tuple[int, int, str]:
    if not t.get("deadline_text"):
        return (99999, 99, "")
    year, month = t.get("deadline_year"), t.get("deadline_month")
    return (int(year) if year else 99998, int(month) if month else 13, str(t["deadline_text"]))


def _deadline_heading(t: dict[str, Any]) -> str:
    if not t.get("deadline_text"):
        return NO_DEADLINE
    year, month = t.get("deadline_year"), t.get("deadline_month")
    if year and month:
        return f"{year}年{month}月底前"
    return f"{year}年底前" if year else str(t["deadline_text"])


def _sections(
    items: list[tuple[dict[str, Any], list[str]]],
    grouped: bool,
    heading: Callable[[dict[str, Any]], tuple[Any, str]],
) -> list[Section]:
    """Rows (kept in document order within a section) under `heading(item) -> (sort key, title)`."""
    if not grouped:
        return [Section("", [row for _, row in items])]
    keyed: dict[str, tuple[Any, list[list[str]]]] = {}
    for item, row in items:
        order, title = heading(item)
        keyed.setdefault(title, (order, []))[1].append(row)
    ordered = sorted(keyed.items(), key=lambda kv: kv[1][0])
    return [Section(title, rows) for title, (_, rows) in ordered]


def _merge_roles(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per task (a unit leading and responsible for a task is one row), in document order:
    the policies as the query orders them, then span_start."""
    policy_rank: dict[str, int] = {}
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        policy_rank.setdefault(r["policy"]["id"], len(policy_rank))
        item = merged.setdefault(r["task"]["id"], {**r, "types": []})
        if r["type"] not in item["types"]:
            item["types"].append(r["type"])
    items = list(merged.values())
    for item in items:
        item["types"].sort(key=lambda x: ROLE_ORDER.index(x) if x in ROLE_ORDER else 9)
    items.sort(key=lambda i: (policy_rank[i["policy"]["id"]], i["task"].get("span_start") or 0))
    return items


def _self_names(department: dict[str, Any], rows: list[dict[str, Any]]) -> set[str]:
    names = {department.get("name"), department.get("full_name"), *(department.get("aliases") or [])}
    names |= {r["role"].get("surface") for r in rows if r.get("role")}
    return {str(n) for n in names if n}


def _table_columns(
    base: list[str], tasks: Iterable[dict[str, Any]]
) -> tuple[list[str], list[dict[str, str]], int]:
    """The source tables' own columns (责任处室, 备注 …) of the tasks, each name once, in first-seen order,
    as named in the list (a name the list already has gets （原表）), and each task's cells by that name.
    With the index in `base` they go in at: after the units, before 完成时限."""
    names: list[str] = []
    cells: list[dict[str, str]] = []
    for t in tasks:
        values: dict[str, str] = {}
        for name, value in zip(t.get("column_names") or [], t.get("column_values") or [], strict=False):
            name = f"{name}（原表）" if name in base else name
            values[name] = f"{values[name]}；{value}" if name in values else str(value)
            if name not in names:
                names.append(name)
        cells.append(values)
    return names, cells, base.index("完成时限")


def _width(name: str, values: Iterable[str]) -> int:
    """A table column's share of the printed width: its longest cell (or name) in Chinese characters."""
    chars = max((_display_width(v) for v in [name, *values]), default=0) / 2
    low, high = EXTRA_WIDTH
    return max(low, min(high, math.ceil(chars)))


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _with_table_columns(
    base: list[str], items: list[tuple[dict[str, Any], list[str]]], tasks: list[dict[str, Any]]
) -> tuple[list[str], list[tuple[dict[str, Any], list[str]]], dict[str, int]]:
    """The list's columns and rows with the source tables' own columns laid in, and their widths."""
    names, cells, at = _table_columns(base, tasks)
    if not names:
        return base, items, {}
    rows = [(item, [*row[:at], *(c.get(n, "") for n in names), *row[at:]]) for (item, row), c in zip(
        items, cells, strict=True)]  # fmt: skip
    widths = {n: _width(n, (c[n] for c in cells if n in c)) for n in names}
    return [*base[:at], *names, *base[at:]], rows, widths


def department_list(
    department: dict[str, Any] | str, rows: list[dict[str, Any]], role: str = "any", group: str = "policy"
) -> TaskList:
    """A unit's list: its role on each task, and the other units leading, supporting, responsible."""
    d: dict[str, Any] = {"name": department} if isinstance(department, str) else department
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}; use one of {', '.join(GROUPS)}")
    me = _self_names(d, rows)
    items = _merge_roles(rows)
    out: list[tuple[dict[str, Any], list[str]]] = []
    for i, item in enumerate(items, 1):
        t = item["task"]
        roles = "、".join(ROLE_ZH.get(x, x) for x in item["types"])
        out.append((item, [
            _number(t, i), t.get("title") or "", roles, _join(t.get("lead"), me), _join(t.get("support"), me),
            _join(t.get("responsible"), me), t.get("deadline_text") or "",
            _targets_text(item.get("targets") or []), _policy_name(item["policy"]), t.get("text") or "",
        ]))  # fmt: skip
    columns, out, widths = _with_table_columns(DEPARTMENT_COLUMNS, out, [item["task"] for item in items])
    policies: dict[str, dict[str, Any]] = {}
    for item in items:
        policies.setdefault(item["policy"]["id"], item["policy"])

    def heading(item: dict[str, Any]) -> tuple[Any, str]:
        if group == "role":
            first = item["types"][0]
            return ROLE_ORDER.index(first) if first in ROLE_ORDER else 9, f"本单位{ROLE_ZH.get(first, first)}"
        if group == "deadline":
            return _deadline_key(item["task"]), _deadline_heading(item["task"])
        return list(policies).index(item["policy"]["id"]), _policy_name(item["policy"])

    region, name = str(d.get("region") or ""), str(d["name"])
    role_zh = ROLE_FILTER_ZH.get(role, "")
    title = " ".join(x for x in (region, name, f"{role_zh}任务分工表") if x)
    spans = f"（{len(policies)} 份文件）" if len(policies) > 1 else ""
    docs = "；".join(_policy_name(p) for p in policies.values())
    return TaskList(
        title=title + spans,
        columns=columns,
        sections=_sections(out, True, heading),
        subtitle="　".join(x for x in (docs, f"共 {len(items)} 项任务") if x),
        filename="_".join(x for x in (region, name, role_zh, "任务分工表") if x),
        ascii_filename="tasklist-"
        + (_ascii(str(d.get("key") or "")) or "unit")
        + (f"-{role}" if role_zh else ""),
        group=group,
        print_hidden={"政策文件"} if group == "policy" else set(),
        widths=widths,
    )


def policy_list(policy: dict[str, Any], rows: list[dict[str, Any]], group: str = "policy") -> TaskList:
    """A whole policy's list, in document order (or by deadline): who leads, supports, is responsible."""
    if group not in ("policy", "deadline"):
        raise ValueError("a policy's list is in document order (policy) or grouped by deadline")
    ordered = sorted(rows, key=lambda r: r["task"].get("span_start") or 0)
    out = []
    for i, r in enumerate(ordered, 1):
        t = r["task"]
        out.append((r, [
            _number(t, i), t.get("title") or "", _join(t.get("lead")), _join(t.get("support")),
            _join(t.get("responsible")), _join(t.get("guide")),
            t.get("deadline_text") or "", _targets_text(r.get("targets") or []), t.get("text") or "",
        ]))  # fmt: skip
    columns, out, widths = _with_table_columns(POLICY_COLUMNS, out, [r["task"] for r in ordered])
    sections = _sections(
        out, group == "deadline", lambda r: (_deadline_key(r["task"]), _deadline_heading(r["task"]))
    )
    parts = [policy.get("region"), policy.get("issuer"), policy.get("doc_number"), policy.get("date")]
    subtitle = "　".join([str(x) for x in parts if x] + [f"共 {len(out)} 项任务"])
    return TaskList(
        title=f"《{policy['title']}》任务分工表",
        columns=columns,
        sections=sections,
        subtitle=subtitle,
        filename=f"{policy['title']}_任务分工表",
        ascii_filename=f"tasklist-policy-{_ascii(str(policy.get('id') or ''))[:12] or 'policy'}",
        group=group,
        widths=widths,
    )


def _ascii(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", s).strip("-.")


def content_disposition(tl: TaskList, fmt: str) -> str:
    """attachment: an ASCII filename= for old clients, and RFC 5987 filename*= with the Chinese name."""
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", tl.filename).strip(" ._")[:120] or "任务分工表"
    fallback = (_ascii(tl.ascii_filename) or "tasklist") + f".{fmt}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(f'{name}.{fmt}', safe='')}"


def _safe_cell(value: str) -> str:
    """No spreadsheet formula from document text (CSV/formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def printed(tl: TaskList) -> tuple[list[str], list[int]]:
    """The columns the printed layouts show, and their indexes in a row."""
    keep = [i for i, c in enumerate(tl.columns) if c not in tl.print_hidden]
    return [tl.columns[i] for i in keep], keep


def render(tl: TaskList, fmt: str) -> bytes:
    if fmt == "json":
        body = {
            "title": tl.title,
            "subtitle": tl.subtitle,
            "group": tl.group,
            "columns": tl.columns,
            "groups": [{"heading": s.heading, "count": len(s.rows)} for s in tl.sections],
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
        from .tasklist_xlsx import xlsx_bytes

        return xlsx_bytes(tl)
    if fmt == "docx":
        from .tasklist_docx import docx_bytes

        return docx_bytes(tl)
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
    columns, keep = printed(tl)
    lines = [f"# {_md_cell(tl.title)}", ""]
    if tl.subtitle:
        lines += [_md_cell(tl.subtitle), ""]
    for s in tl.sections:
        if s.heading:
            lines += [f"## {_md_cell(s.heading)}", ""]
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(_md_cell(r[i]) for i in keep) + " |" for r in s.rows]
        lines.append("")
    return "\n".join(lines)

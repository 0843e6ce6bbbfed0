"""Quantitative targets: indicator, value (万/亿 resolved), unit, qualifier and deadline.

到2025年，……省级工业互联网平台达到300个以上 -> (省级工业互联网平台, 300, 个, 以上, 2025).
A deadline applies to the clauses after it in the same sentence; 5年内 / 通过3年的时间 count from
the document's base year (its signature date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import cn_to_int, to_value

_DEADLINES = [
    (re.compile(r"到\s*(?P<y>(?:19|20)\d{2})\s*年(?:\s*(?P<m>\d{1,2})\s*月)?(?:底|末|前|年底)?"), "abs"),
    (re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:底|末)?前"), "abs"),
    (re.compile(r"(?P<y>(?:19|20)\d{2})\s*年(?:底|末)?前"), "abs"),
    (re.compile(r"(?P<y>(?:19|20)\d{2})\s*年(?P<h>上半年|下半年|年底|底)"), "abs"),
    (re.compile(r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})\s*年(?:内|之内|左右时间)"), "rel"),
    (
        re.compile(r"(?:通过|用|经过)\s*(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})\s*年(?:的|左右的)?时间"),
        "rel",
    ),
]
_UNITS = (
    "个百分点|万人次|人次|万人|家|个|项|座|条|所|处|人|户|吨|千瓦|公里|千米|平方米|平方公里|亩|元|次|件|套|台|张|种|批|类|部|场|栋|辆|头"
    "|艘|架|亿元|万元|万吨|万亩|%|％"
)
_QUANT = re.compile(
    r"(?P<verb>达到|超过|突破|不少于|不低于|不超过|提高到|提升到|提升至|提高至|增加到|增长到|降低到|降至|控制在|保持在|达|为)?"
    r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?P<mult>千万|百万|万亿|万|亿)?"
    rf"(?P<unit>{_UNITS})(?P<qual>以上|左右|以内|以下|上下|及以上|多)?$"
)
_QUALITATIVE = re.compile(
    r"(?P<verb>达到|保持|位居|走在|进入)(?P<q>(?:全国|全省|全市|国际|国内|世界)(?:平均|领先|先进|一流)?(?:水平|前列))$"
)
_LEAD_VERBS = re.compile(
    r"^(?:其中|并|且|和|以及|同时|全省|全市|力争|争取|基本|累计|新|逐步|初步)*"
    r"(?:培育|建成|打造|建设|新增|创建|认定|形成|引进|实现|推动|发展|培养|完成|建立|布局|组建|孵化|带动|吸引|新建|改造|支持)?"
    r"(?:培育|建成|打造|建设|新增|创建|认定|形成)?"
)
_CLAUSE = re.compile(r"[，,；;、：:]")


@dataclass
class RawTarget:
    indicator: str
    value: float | None
    value_text: str | None
    unit: str | None
    qualifier: str | None
    deadline: str | None
    span: tuple[int, int]


def _deadline(m: re.Match[str], kind: str, base_year: int | None) -> str | None:
    if kind == "abs":
        y = m.group("y")
        month = m.groupdict().get("m")
        half = m.groupdict().get("h")
        if month:
            return f"{y}-{int(month):02d}"
        if half == "上半年":
            return f"{y}-06"
        return y
    if base_year is None:
        return None
    n_text = m.group("n")
    n = int(n_text) if n_text.isdigit() else cn_to_int(n_text)
    return str(base_year + n) if n else None


def find_targets(sentence: str, offset: int, base_year: int | None) -> list[RawTarget]:
    """Targets in one sentence; `offset` is the sentence's start in the document."""
    marks: list[tuple[int, str]] = []
    for rx, kind in _DEADLINES:
        for m in rx.finditer(sentence):
            d = _deadline(m, kind, base_year)
            if d:
                marks.append((m.start(), d))
    marks.sort()
    out: list[RawTarget] = []
    pos = 0
    bounds = [*_CLAUSE.finditer(sentence)]
    clauses = []
    for b in bounds:
        clauses.append((pos, b.start()))
        pos = b.end()
    clauses.append((pos, len(sentence.rstrip("。！？!?"))))
    for cs, ce in clauses:
        clause = sentence[cs:ce]
        deadline = None
        for mpos, d in marks:
            if mpos <= cs or cs <= mpos < ce:
                deadline = d
        target = _clause_target(clause, deadline)
        if target is None:
            continue
        start = cs + (len(clause) - len(clause.lstrip()))
        target.span = (offset + start, offset + ce)
        out.append(target)
    return out


def _clause_target(clause: str, deadline: str | None) -> RawTarget | None:
    text = clause.strip()
    if len(text) < 4:
        return None
    m = _QUANT.search(text)
    if m and not re.search(r"(19|20)\d{2}$", m.group("num")):
        indicator = _indicator(text[: m.start()])
        if not indicator or not (deadline or m.group("qual") or m.group("verb")):
            return None
        if re.search(r"\d{4}年|第$", indicator):
            return None
        value = to_value(m.group("num"), m.group("mult") or "")
        unit = m.group("unit").replace("％", "%")
        return RawTarget(
            indicator=indicator,
            value=value,
            value_text=m.group("num") + (m.group("mult") or ""),
            unit=unit,
            qualifier=m.group("qual")
            or (
                m.group("verb") if m.group("verb") in ("不少于", "不低于", "不超过", "超过", "突破") else None
            ),
            deadline=deadline,
            span=(0, 0),
        )
    q = _QUALITATIVE.search(text)
    if q and deadline:
        indicator = _indicator(text[: q.start()])
        if indicator:
            return RawTarget(indicator, None, None, None, q.group("verb") + q.group("q"), deadline, (0, 0))
    return None


def _indicator(text: str) -> str:
    t = re.sub(r"^(?:到\s*(?:19|20)\d{2}\s*年(?:底|末)?|(?:19|20)\d{2}\s*年(?:底|末)?前?)", "", text.strip())
    t = _LEAD_VERBS.sub("", t, count=1).strip(" ，,")
    t = re.sub(r"(?:数量|数)$", lambda mm: mm.group(0), t)
    if len(re.findall(r"[\u4e00-\u9fff]", t)) < 2 or len(t) > 60:
        return ""
    return t

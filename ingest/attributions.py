"""Responsibility attributions: bracketed clauses such as （牵头部门:A、B,配合部门:C） or （A牵头，B参与）.

`find_attributions(text)` returns every bracket group that parses as an attribution, with each unit's
surface form, role, order and exact span in `text`. Brackets may be full-width or ASCII, mixed; an
opening bracket that never closes is ignored (the text around it is still read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .registry import Registry, is_collective

OPEN = "（(【"
CLOSE = "）)】"
_UNIT_OPEN = OPEN + "〔［["  # 各县〔市、区〕政府: brackets inside a unit's name, never split
_UNIT_CLOSE = CLOSE + "〕］]"

_LABEL = re.compile(
    r"(?P<label>(?:主要)?(?:牵头|主责|主办|责任|负责|落实|承办|实施|配合|协同|协办|参与|指导)"
    r"(?:部门|单位|主体|处室)(?:[（(](?:部门|单位)[）)])?|责任主体|实施主体)\s*[:：]"
)
LABEL = _LABEL
_LABEL_ROLE = {
    "牵头": "lead", "主责": "lead", "主办": "lead",
    "责任": "responsible", "负责": "responsible", "实施": "responsible", "落实": "responsible",
    "承办": "responsible",
    "配合": "support", "协同": "support", "协办": "support", "参与": "support",
    "指导": "guide",
}  # fmt: skip
# a unit marked inside a list: 省商务厅（牵头）、杭州海关
_MARK = re.compile(r"[（(](?P<m>牵头|主责|配合|参与|协同|指导)[）)]$")
_MARK_ROLE = {"牵头": "lead", "主责": "lead", "配合": "support", "参与": "support", "协同": "support",
              "指导": "guide"}  # fmt: skip
_VERB = re.compile(
    r"(?P<verb>牵头负责|牵头落实|牵头|按职责分工负责|按职责负责|按职责分工落实|分工负责|共同负责|具体负责|负责落实|负责实施|负责"
    r"|配合|协助|参与|协同|指导)$"
)
_VERB_ROLE = {
    "牵头": "lead",
    "配合": "support",
    "协助": "support",
    "参与": "support",
    "协同": "support",
    "指导": "guide",
}
_WITH = re.compile(r"^(?P<a>.+?)会同(?P<b>.+?)(?:负责|落实|负责落实|实施)$")
_CARRY = re.compile(r"以下(?:均需|均由|各项均由|均)(?P<units>.+?)(?:负责落实|落实|负责)")
_FIRST_LEADS = re.compile(
    r"(?:列|排|排在|排列|位列|排名|列在)?(?:第一位|首位|第一个|第一)(?:者|的|的部门|的单位|单位|部门)?"
    r"(?:为|是)(?:牵头(?:单位|部门)|牵头)"
)
_IGNORABLE = re.compile(r"^(下同|不再列出|不再一一列出|以下不再列出|分别负责|按职责分工|各自负责)$")
_SEP = re.compile(r"[、，,；;]")
_CLAUSE_SEP = re.compile(r"[，,；;。、]")
_ADMIN_TAIL = re.compile(
    r"^(有关)?(县级市|县|市|区|市辖区|自治区|直辖市|自治州|州|盟|旗|乡镇|乡|镇|街道|开发区|功能区|新区|高新区"
    r"|县[（(〔\[［](?:市、区|市、区、旗)[）)〕\]］])"
    r"(人民政府|政府|党委和政府)?$"
)
_UNIT_SUFFIX = re.compile(
    r"(部|委|厅|局|办|署|会|行|院|社|中心|政府|公司|集团|办公室|工会|联|团中央|工委|小组|协|部门|单位|机构"
    r"|法院|检察院|银行|海关|总队|支队|大学|学校|医院|企业|城市|街道|乡镇|县级市|地区|市|县|区|所|站|队|党委|省委|团省委)$"
)
_NOT_UNIT_START = re.compile(
    r"^(鼓励|支持|引导|推动|推进|加强|组织|动员|积极|依法|按照|根据|通过|对|在|将|把|以)"
)


@dataclass
class UnitMention:
    surface: str
    role: str
    order: int
    span: tuple[int, int]


@dataclass
class Attribution:
    span: tuple[int, int]  # the whole bracket group, brackets included
    text: str
    units: list[UnitMention] = field(default_factory=list)
    carry_forward: list[UnitMention] = field(default_factory=list)
    labeled: bool = False


def bracket_groups(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Top-level balanced bracket groups [start, end) (brackets included), full-width or ASCII."""
    groups: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in OPEN:
            stack.append(i)
        elif ch in CLOSE and stack:
            start = stack.pop()
            if not stack:
                groups.append((start + offset, i + 1 + offset))
        elif ch == "\n":
            stack.clear()  # a bracket never spans paragraphs
    return groups


def find_attributions(
    text: str, registry: Registry, first_leads_from: int | None = None
) -> list[Attribution]:
    """All attributions in `text`: bracket groups, and label runs outside brackets (责任单位：A、B；
    牵头单位：A；配合单位：B). `first_leads_from` is where a 列第一位者为牵头单位 rule starts."""
    found = []
    groups = bracket_groups(text)
    for start, end in groups:
        inner = text[start + 1 : end - 1]
        if not 2 <= len(inner) <= 600:
            continue
        attribution = parse_bracket(inner, start + 1, registry)
        if attribution is None:
            continue
        attribution.span = (start, end)
        attribution.text = text[start:end]
        found.append(attribution)
    found += _label_runs(text, groups, registry)
    for attribution in found:
        if first_leads_from is not None and first_leads_from <= attribution.span[1]:
            _apply_first_leads(attribution)
    return sorted(found, key=lambda a: a.span)


# what ends a label run: a field that is not a unit list (完成时限：…), or a sentence end
STOP_LABEL = re.compile(
    r"(?:完成时限|完成时间|完成期限|时间安排|时限要求|时限|进度安排|时间节点|工作目标|预期成果|责任领导|牵头领导)\s*[:：]"
)
_CLAUSE_START = "。；;！!？?：:\n"


def _label_runs(text: str, groups: list[tuple[int, int]], registry: Registry) -> list[Attribution]:
    """`责任单位：A、B` standing as a clause of its own (a line after an item, or after its last 。)."""
    out: list[Attribution] = []
    pos = 0
    for m in _LABEL.finditer(text):
        start = m.start()
        if start < pos or any(s <= start < e for s, e in groups):
            continue
        before = text[:start].rstrip(" \t\u3000")
        if before and before[-1] not in _CLAUSE_START:
            continue  # 由责任单位：… inside a sentence is not a clause of its own
        end = _run_end(text, m.end(), groups)
        attribution = _parse_labeled(text[start:end], start, registry)
        if attribution is None or len(text[start:end]) > 600:
            continue
        attribution.span = (start, end)
        attribution.text = text[start:end]
        out.append(attribution)
        pos = end
    return out


def _run_end(text: str, pos: int, groups: list[tuple[int, int]]) -> int:
    """Where a label run that starts before `pos` ends (its trailing punctuation left out)."""
    end = len(text)
    stop = STOP_LABEL.search(text, pos)
    if stop:
        end = stop.start()
    i = pos
    while i < end:
        if text[i] in "。\n" and not any(s <= i < e for s, e in groups):
            nxt = text[i + 1 :].lstrip(" \t\u3000")
            if not _LABEL.match(nxt):
                end = i
                break
        i += 1
    while end > pos and text[end - 1] in " \t\u3000。；;，,、":
        end -= 1
    return end


def first_leads_rule(text: str) -> int | None:
    """Where a 列第一位者为牵头单位 rule takes effect: from the attribution that declares it (its 下同
    reaches the later ones), or from the start when a note outside any attribution declares it."""
    m = _FIRST_LEADS.search(text)
    if m is None:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    inside = any(s <= m.start() < e for s, e in bracket_groups(text[line_start : m.end() + 200], line_start))
    return m.start() if inside else 0


def _apply_first_leads(attribution: Attribution) -> None:
    apply_first_leads(attribution.units)


def apply_first_leads(units: list[UnitMention]) -> None:
    """Under 列第一位者为牵头单位: the first unit of each 负责 list leads, the rest stay responsible."""
    responsible = [u for u in units if u.role == "responsible"]
    if responsible and not any(u.role == "lead" for u in units):
        first = min(responsible, key=lambda u: u.order)
        if not is_collective(first.surface):
            first.role = "lead"


def parse_bracket(inner: str, offset: int, registry: Registry) -> Attribution | None:
    if _LABEL.search(inner):
        return _parse_labeled(inner, offset, registry)
    return _parse_verbs(inner, offset, registry)


def marked(text: str, s: int, e: int, role: str) -> tuple[str, int, str]:
    """A unit marked in a list (省商务厅（牵头）): (surface without the mark, its end, the mark's role)."""
    mark = _MARK.search(text, s, e)
    if mark and mark.end() == e and mark.start() - s >= 2:
        return text[s : mark.start()], mark.start(), _MARK_ROLE[mark.group("m")]
    return text[s:e], e, role


def _parse_labeled(inner: str, offset: int, registry: Registry) -> Attribution | None:
    labels = list(_LABEL.finditer(inner))
    if _strip(inner[: labels[0].start()]) and not _LABEL.match(inner.lstrip()):
        return None
    attribution = Attribution(span=(0, 0), text="", labeled=True)
    order = 0
    for i, m in enumerate(labels):
        value_end = labels[i + 1].start() if i + 1 < len(labels) else len(inner)
        role = _LABEL_ROLE[m.group("label").removeprefix("主要")[:2]]
        for surface, s, e in split_units(inner, m.end(), value_end, registry):
            surface, e, unit_role = marked(inner, s, e, role)
            attribution.units.append(UnitMention(surface, unit_role, order, (offset + s, offset + e)))
            order += 1
    return attribution if attribution.units else None


def _parse_verbs(inner: str, offset: int, registry: Registry) -> Attribution | None:
    attribution = Attribution(span=(0, 0), text="")
    order = 0
    parsed = 0
    pos = 0
    pending: list[tuple[int, int]] = []
    clauses = []
    for m in _CLAUSE_SEP.finditer(inner + "。"):
        if m.group(0) == "、" and not _VERB.search(inner[pos : m.start()].strip()):
            continue  # 、 separates units, except after a role verb: A牵头、B配合
        clauses.append((pos, m.start()))
        pos = m.end()
    for cs, ce in clauses:
        clause = inner[cs:ce].strip()
        if not clause:
            continue
        if _IGNORABLE.match(clause) or _FIRST_LEADS.search(clause):
            continue
        carry = _CARRY.search(clause)
        if carry:
            for surface, s, e in split_units(
                inner, cs + carry.start("units"), cs + carry.end("units"), registry
            ):
                attribution.carry_forward.append(
                    UnitMention(surface, "responsible", 0, (offset + s, offset + e))
                )
            parsed += 1
            continue
        lead_ws = len(inner[cs:ce]) - len(inner[cs:ce].lstrip())
        cs += lead_ws
        with_m = _WITH.match(inner[cs:ce])
        if with_m:
            for surface, s, e in split_units(inner, cs + with_m.start("a"), cs + with_m.end("a"), registry):
                attribution.units.append(UnitMention(surface, "responsible", order, (offset + s, offset + e)))
                order += 1
            b_start, b_end = cs + with_m.start("b"), cs + with_m.end("b")
            for surface, s, e in split_units(inner, b_start, b_end, registry, allow_generic=True):
                attribution.units.append(UnitMention(surface, "responsible", order, (offset + s, offset + e)))
                order += 1
            parsed += 1
            continue
        verb = _VERB.search(inner[cs:ce])
        if verb is None:
            pending.append((cs, ce))  # units listed before the clause that names their role
            continue
        role = _VERB_ROLE.get(verb.group("verb")[:2], "responsible")
        if verb.group("verb").startswith("牵头"):
            role = "lead"
        units = [u for ps, pe in pending for u in split_units(inner, ps, pe, registry)]
        units += split_units(inner, cs, cs + verb.start(), registry)
        pending = []
        if not units:
            return None
        for surface, s, e in units:
            attribution.units.append(UnitMention(surface, role, order, (offset + s, offset + e)))
            order += 1
        parsed += 1
    if pending or not parsed or not (attribution.units or attribution.carry_forward):
        return None  # a clause that is neither units+verb nor a known note: not an attribution
    plausible = sum(1 for u in attribution.units if looks_like_unit(u.surface, registry))
    if attribution.units and plausible * 2 < len(attribution.units):
        return None
    return attribution


def _strip(s: str) -> str:
    return s.strip(" \t，,、；;：:。")


def looks_like_unit(surface: str, registry: Registry) -> bool:
    s = surface.strip()
    if not 2 <= len(s) <= 40 or ("的" in s and not is_collective(s)) or "。" in s:
        return False
    if _NOT_UNIT_START.match(s):
        return False
    if registry.resolve(s).known or is_collective(s):
        return True
    return bool(_UNIT_SUFFIX.search(s))


def split_units(
    text: str, start: int, end: int, registry: Registry, allow_generic: bool = False
) -> list[tuple[str, int, int]]:
    """Split text[start:end] into unit surfaces with spans; collectives such as 各区、县级市 stay whole."""
    pieces: list[tuple[int, int]] = []
    depth = 0
    pos = start
    for i in range(start, end):
        ch = text[i]
        if ch in _UNIT_OPEN:
            depth += 1
        elif ch in _UNIT_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and _SEP.match(ch):
            pieces.append((pos, i))
            pos = i + 1
    pieces.append((pos, end))
    cleaned = [_trim(text, s, e) for s, e in pieces]
    spans = [p for p in cleaned if p[1] > p[0]]
    spans = _merge_collectives(text, spans)
    out: list[tuple[str, int, int]] = []
    for s, e in spans:
        for ps, pe in _split_deng(text, s, e):
            for qs, qe in _split_he(text, ps, pe, registry):
                surface = text[qs:qe]
                if surface and (allow_generic or surface not in ("等", "有关部门等")):
                    out.append((surface, qs, qe))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u3000:：":
        s += 1
    while e > s and text[e - 1] in " \t\u3000":
        e -= 1
    if text[s:e].startswith("由") and e - s > 3:
        s += 1
    if text[s:e].startswith("和") and e - s > 3:
        s += 1
    if text[s:e].endswith("等") and e - s > 2:
        e -= 1
    return s, e


def _merge_collectives(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and _ADMIN_TAIL.match(text[s:e]):
            ps, _pe = merged[-1]
            if text[ps:_pe].startswith("各") or is_collective(text[ps:_pe]):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


_DENG = re.compile(r"等(?:和|及|以及|与)?(?=(有关|相关|各|其他|其它))|等和|等及")


def _split_deng(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """`A等有关部门和单位` -> A + 有关部门和单位; `A等和各省级人民政府` -> A + 各省级人民政府."""
    m = _DENG.search(text, s, e)
    if not m or m.start() == s:
        return [(s, e)]
    return [(s, m.start()), (m.end(), e)] if m.end() < e else [(s, m.start())]


def _split_he(text: str, s: int, e: int, registry: Registry) -> list[tuple[int, int]]:
    """Split on 和/及 only between two units (never inside 文化和旅游厅 or 有关部门和单位)."""
    surface = text[s:e]
    if "和" not in surface and "及" not in surface:
        return [(s, e)]
    if registry.resolve(surface).known or is_collective(surface):
        return [(s, e)]
    for m in re.finditer(r"[和及]", surface):
        left, right = surface[: m.start()], surface[m.end() :]
        if len(left) >= 2 and len(right) >= 2:
            lk, rk = registry.resolve(left), registry.resolve(right)
            if (
                (lk.known or rk.known)
                and looks_like_unit(left, registry)
                and looks_like_unit(right, registry)
            ):
                return [(s, s + m.start()), (s + m.end(), e)]
    return [(s, e)]

"""Responsibility attributions: one grammar for brackets and lines of their own.

An attribution is a bracket group (any of （）()〔〕［］[]【】) or a clause of its own (责任单位：A、B) whose
content parses as: an optional time phrase (三季度前完成), then clauses, each one of
- a label and a unit list (牵头督查单位：市X局、市Y局), the label's role for every unit;
- a unit list and a role verb (A牵头，B、C按职责分工配合; A会同B负责);
- a declared rule (列第一位者为牵头单位, 加*号的为牵头单位, 逗号前为牵头单位 …) or a note (下同, 不再列出);
- a carry-forward note (以下均需各区、县（市）政府落实);
- a field that is not a unit list (完成时限：2023年底前), read as the deadline.
The words come from `ontology.lexicon`; every unit is checked by `ingest.units.valid_unit` and what is
not a unit name is kept aside (`Attribution.rejected`), never returned as a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ontology.lexicon import (
    LABEL,
    LEAD_MARKS,
    MARK,
    MARK_ROLE,
    RULES,
    SEPARATORS,
    STOP_LABEL,
    VERB,
    Role,
    RuleKind,
    declared_rule,
    role_of_label,
    role_of_verb,
)

from .deadlines import time_phrase
from .models import Deadline
from .registry import Registry, is_collective
from .units import looks_like_unit, valid_unit

OPEN = "（(【〔［["
CLOSE = "）)】〕］]"
_UNIT_OPEN = OPEN + "〈《<"  # 各县〔市、区〕政府, 各区人民政府〈含开发区,下同〉: never split inside
_UNIT_CLOSE = CLOSE + "〉》>"

_WITH = re.compile(r"^(?P<a>.+?)会同(?P<b>.+?)(?:负责|落实|负责落实|实施|推进)$")
_CARRY = re.compile(r"以下(?:均需|均由|各项均由|均)(?P<units>.+?)(?:负责落实|落实|负责)")
_ADMIN_TAIL = re.compile(
    r"^(有关)?(县级市|县|市|区|市辖区|自治区|直辖市|自治州|州|盟|旗|乡镇|乡|镇|街道|开发区|功能区|新区|高新区"
    r"|(?:县|区|市)[（(〔\[［][市区县旗、]{1,6}[）)〕\]］])"
    r"(人民政府|政府|党委和政府)?(?:[（(](?:管委会|街道|街道办事处|园区)[）)])?$"
    r"|^(街道办事处|街道办|办事处|管委会|园区管委会|开发区管委会|社区居委会|村委会|居委会)$"
)


@dataclass
class UnitMention:
    surface: str
    role: str
    order: int
    span: tuple[int, int]
    marked: bool = False  # written with a lead mark (*省商务厅, 省商务厅★)
    sep: str = ""  # the separator written before it in its list ("" for the first)


@dataclass
class Attribution:
    span: tuple[int, int]  # the whole bracket group, brackets included
    text: str
    units: list[UnitMention] = field(default_factory=list)
    carry_forward: list[UnitMention] = field(default_factory=list)
    labeled: bool = False
    deadline: Deadline | None = None
    rejected: list[tuple[str, tuple[int, int], str]] = field(default_factory=list)  # (text, span, why)
    notes: list[str] = field(default_factory=list)


@dataclass
class DeclaredRules:
    """Where each declared rule of a document takes effect (an offset), None when not declared."""

    first_leads_from: int | None = None
    marked_from: int | None = None
    group_from: int | None = None
    group_sep: str = "，,"
    group_rest: Role | None = None

    def shifted(self, offset: int) -> DeclaredRules:
        def sh(p: int | None) -> int | None:
            return None if p is None else p - offset

        return DeclaredRules(
            sh(self.first_leads_from),
            sh(self.marked_from),
            sh(self.group_from),
            self.group_sep,
            self.group_rest,
        )

    def apply(self, units: list[UnitMention], pos: int) -> list[str]:
        """Apply the rules in force at `pos` to one list; the notes it makes (an undeclared mark)."""
        notes: list[str] = []
        if any(u.marked for u in units):
            if self.marked_from is None or self.marked_from > pos:
                notes.append("a unit is marked (*, ★ …) with no rule declaring the mark: read as 牵头")
            for u in units:
                if u.marked and u.role == Role.RESPONSIBLE:
                    u.role = Role.LEAD
        if self.group_from is not None and self.group_from <= pos:
            group = True
            for u in sorted(units, key=lambda x: x.order):
                if u.sep and u.sep in self.group_sep:
                    group = False
                if u.role == Role.RESPONSIBLE:
                    u.role = Role.LEAD if group else (self.group_rest or Role.RESPONSIBLE)
        if self.first_leads_from is not None and self.first_leads_from <= pos:
            apply_first_leads(units)
        return notes


def declared_rules(text: str) -> DeclaredRules:
    """The rules a document declares: from the attribution that declares one (its 下同 reaches the later
    ones), or from the start when a note outside any attribution declares it."""
    rules = DeclaredRules()
    for rule in RULES:
        if rule.kind is RuleKind.IGNORE:
            continue
        m = rule.pattern.search(text)
        if m is None:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        inside = any(
            s <= m.start() < e for s, e in bracket_groups(text[line_start : m.end() + 200], line_start)
        )
        pos = m.start() if inside else 0
        if rule.kind is RuleKind.FIRST_LEADS:
            rules.first_leads_from = pos
        elif rule.kind is RuleKind.MARKED_LEAD:
            rules.marked_from = pos
        elif rule.kind is RuleKind.GROUP_LEADS:
            rules.group_from = pos
            rules.group_sep = SEPARATORS[m.group("sep")]
            rest = m.group("rest")
            rules.group_rest = Role.SUPPORT if rest and rest != "责任" else None
    return rules


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


def find_attributions(text: str, registry: Registry, rules: DeclaredRules | None = None) -> list[Attribution]:
    """All attributions in `text`: bracket groups, and label runs outside brackets (责任单位：A、B；
    牵头单位：A；配合单位：B), with the declared `rules` (offsets into `text`) applied."""
    rules = rules or DeclaredRules()
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
        attribution.notes += rules.apply(attribution.units, attribution.span[1])
    return sorted(found, key=lambda a: a.span)


_CLAUSE_START = "。；;！!？?：:\n）)】]"


def _label_runs(text: str, groups: list[tuple[int, int]], registry: Registry) -> list[Attribution]:
    """`责任单位：A、B` standing as a clause of its own (a line after an item, or after its last 。)."""
    out: list[Attribution] = []
    pos = 0
    for m in LABEL.finditer(text):
        start = m.start()
        if start < pos or any(s <= start < e for s, e in groups):
            continue
        before = text[:start].rstrip(" \t\u3000")
        line_head = text[text.rfind("\n", 0, start) + 1 : start]
        after_field = line_head != line_head.rstrip() and bool(STOP_LABEL.match(line_head.strip()))
        if before and before[-1] not in _CLAUSE_START and not after_field:
            continue  # 由责任单位：… in a sentence is no clause of its own (责任领导：张三　责任单位：… is)
        end = _run_end(text, m.end(), groups)
        if end - start > 600:
            continue
        attribution = _parse_labeled(text[start:end], start, registry)
        if attribution is None:
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
            if not LABEL.match(nxt):
                end = i
                break
        i += 1
    while end > pos and text[end - 1] in " \t\u3000。；;，,、":
        end -= 1
    return end


def apply_first_leads(units: list[UnitMention]) -> None:
    """Under 列第一位者为牵头单位: the first unit of each 负责 list leads, the rest stay responsible."""
    responsible = [u for u in units if u.role == Role.RESPONSIBLE]
    if responsible and not any(u.role == Role.LEAD for u in units):
        first = min(responsible, key=lambda u: u.order)
        if not is_collective(first.surface):
            first.role = Role.LEAD


def parse_bracket(inner: str, offset: int, registry: Registry) -> Attribution | None:
    if LABEL.search(inner):
        return _parse_labeled(inner, offset, registry)
    return _parse_verbs(inner, offset, registry)


def marked(text: str, s: int, e: int, role: str) -> tuple[str, int, str]:
    """A unit marked in a list (省商务厅（牵头）): (surface without the mark, its end, the mark's role)."""
    mark = MARK.search(text, s, e)
    if mark and mark.end() == e and mark.start() - s >= 2:
        return text[s : mark.start()], mark.start(), MARK_ROLE[mark.group("m")]
    return text[s:e], e, role


def _top_level(text: str, start: int, end: int, seps: str) -> list[tuple[int, int, str]]:
    """Pieces of text[start:end] cut at `seps` outside inner brackets: (start, end, the separator before)."""
    out: list[tuple[int, int, str]] = []
    depth = 0
    pos, sep = start, ""
    for i in range(start, end):
        ch = text[i]
        if ch in _UNIT_OPEN:
            depth += 1
        elif ch in _UNIT_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            out.append((pos, i, sep))
            pos, sep = i + 1, ch
    out.append((pos, end, sep))
    return out


def _note_or_time(attribution: Attribution, clause: str, span: tuple[int, int]) -> bool:
    """A clause that is a rule, a note or a time phrase (its deadline kept): True when it was one."""
    c = clause.strip(" \t\u3000，,；;。、")
    if not c:
        return True
    if declared_rule(c) is not None:
        return True
    deadline = time_phrase(c, span)
    if deadline is not None:
        attribution.deadline = attribution.deadline or deadline
        return True
    return False


def _field(clause: str) -> bool:
    """A field that is not a unit list (牵头领导：张三, 联系人：…): skipped where a list may follow."""
    return bool(STOP_LABEL.match(clause.strip(" \t\u3000，,；;。")))


def _value_end(inner: str, start: int, end: int) -> int:
    """A label's unit list ends at a field (完成时限：), a carry-forward note or a declared rule."""
    for rx in (STOP_LABEL, _CARRY):
        m = rx.search(inner, start, end)
        if m:
            end = m.start()
    for s, e, _sep in _top_level(inner, start, end, "，,；;。"):
        rule = declared_rule(inner[s:e].strip())
        if rule is not None and rule.kind != RuleKind.IGNORE:
            return s
    return end


def _parse_labeled(inner: str, offset: int, registry: Registry) -> Attribution | None:
    labels = [m for m in LABEL.finditer(inner) if _depth_at(inner, m.start()) == 0]
    if not labels:
        return None
    attribution = Attribution(span=(0, 0), text="", labeled=True)
    head = inner[: labels[0].start()]
    if _strip(head) and not all(
        _note_or_time(attribution, inner[s:e], (offset + s, offset + e)) or _field(inner[s:e])
        for s, e, _sep in _top_level(inner, 0, labels[0].start(), "，,；;。")
    ):
        return None
    order = 0
    for i, m in enumerate(labels):
        next_start = labels[i + 1].start() if i + 1 < len(labels) else len(inner)
        value_end = _value_end(inner, m.end(), next_start)
        role = role_of_label(m.group("label"))
        for piece in split_units(inner, m.end(), value_end, registry):
            surface, e, unit_role = marked(inner, piece.start, piece.end, role)
            if _note_or_time(attribution, surface, (offset + piece.start, offset + e)):
                continue
            span = (offset + piece.start, offset + e)
            order += _add_unit(attribution, surface, unit_role, order, span, piece, registry)
        _tail(attribution, inner, value_end, next_start, offset, registry)
    return attribution if attribution.units or attribution.carry_forward else None


def _tail(attribution: Attribution, inner: str, s: int, e: int, offset: int, registry: Registry) -> None:
    """What follows a label's unit list: a carry-forward note, rules, a field with a deadline."""
    carry = _CARRY.search(inner, s, e)
    if carry:
        _add_carry(attribution, inner, carry.start("units"), carry.end("units"), offset, registry)
    stop = STOP_LABEL.search(inner, s, e)
    if stop and attribution.deadline is None:
        value = re.split(r"[；;。]", inner[stop.end() : e], maxsplit=1)[0]
        attribution.deadline = time_phrase(value, (offset + stop.end(), offset + stop.end() + len(value)))


def _add_unit(
    attribution: Attribution,
    surface: str,
    role: str,
    order: int,
    span: tuple[int, int],
    piece: Piece,
    registry: Registry,
) -> int:
    """A unit of a list, or (not a unit name) the text kept aside with the reason; 1 when added."""
    why = valid_unit(surface, registry)
    if why is not None:
        attribution.rejected.append((surface, span, why))
        return 0
    attribution.units.append(UnitMention(surface, role, order, span, piece.marked, piece.sep))
    return 1


def _add_carry(attribution: Attribution, inner: str, s: int, e: int, offset: int, registry: Registry) -> None:
    """The units of a carry-forward note (以下均需…落实): responsible for the later tasks."""
    for piece in split_units(inner, s, e, registry):
        span = (offset + piece.start, offset + piece.end)
        attribution.carry_forward.append(UnitMention(piece.surface, Role.RESPONSIBLE, 0, span))


def _depth_at(text: str, pos: int) -> int:
    depth = 0
    for ch in text[:pos]:
        if ch in _UNIT_OPEN:
            depth += 1
        elif ch in _UNIT_CLOSE:
            depth = max(0, depth - 1)
    return depth


def _parse_verbs(inner: str, offset: int, registry: Registry) -> Attribution | None:
    attribution = Attribution(span=(0, 0), text="")
    order = 0
    parsed = 0
    pending: list[tuple[int, int]] = []
    clauses: list[tuple[int, int]] = []
    pos = 0
    for _s, e, _sep in _top_level(inner + "。", 0, len(inner) + 1, "，,；;。、"):
        if e < len(inner) and inner[e] == "、" and not VERB.search(inner[pos:e].strip()):
            continue  # 、 separates units, except after a role verb: A牵头、B配合
        clauses.append((pos, min(e, len(inner))))
        pos = e + 1
    for cs, ce in clauses:
        clause = inner[cs:ce].strip()
        if not clause:
            continue
        carry = _CARRY.search(clause)
        if carry:
            base = cs + (len(inner[cs:ce]) - len(inner[cs:ce].lstrip()))
            _add_carry(
                attribution, inner, base + carry.start("units"), base + carry.end("units"), offset, registry
            )
            parsed += 1
            continue
        if _note_or_time(attribution, clause, (offset + cs, offset + ce)):
            continue
        cs += len(inner[cs:ce]) - len(inner[cs:ce].lstrip())
        with_m = _WITH.match(inner[cs:ce])
        if with_m:
            for a, b, generic in (
                (with_m.start("a"), with_m.end("a"), False),
                (with_m.start("b"), with_m.end("b"), True),
            ):
                for piece in split_units(inner, cs + a, cs + b, registry, allow_generic=generic):
                    attribution.units.append(
                        UnitMention(
                            piece.surface, Role.RESPONSIBLE, order, (offset + piece.start, offset + piece.end)
                        )
                    )
                    order += 1
            parsed += 1
            continue
        verb = VERB.search(inner[cs:ce])
        if verb is None:
            pending.append((cs, ce))  # units listed before the clause that names their role
            continue
        role = role_of_verb(verb.group("verb"))
        units = [u for ps, pe in pending for u in split_units(inner, ps, pe, registry)]
        units += split_units(inner, cs, cs + verb.start(), registry)
        pending = []
        if not units:
            return None
        for piece in units:
            span = (offset + piece.start, offset + piece.end)
            order += _add_unit(attribution, piece.surface, role, order, span, piece, registry)
        parsed += 1
    if pending or not parsed or not (attribution.units or attribution.carry_forward):
        return None  # a clause that is neither units+verb nor a known note: not an attribution
    plausible = sum(1 for u in attribution.units if looks_like_unit(u.surface, registry))
    if attribution.units and plausible * 2 < len(attribution.units) + len(attribution.rejected):
        return None
    return attribution


def _strip(s: str) -> str:
    return s.strip(" \t，,、；;：:。")


@dataclass
class Piece:
    surface: str
    start: int
    end: int
    marked: bool = False
    sep: str = ""


def split_units(
    text: str, start: int, end: int, registry: Registry, allow_generic: bool = False
) -> list[Piece]:
    """Split text[start:end] into unit surfaces with spans; collectives such as 各区、县级市 stay whole,
    and so does a note inside a name (〈含开发区、长江新区,下同〉)."""
    cleaned = []
    for s, e, sep in _top_level(text, start, end, "、，,；;"):
        for s1, e1, sep1 in _space_separated(text, s, e, sep, registry):
            s2, e2, mark = _trim(text, s1, e1)
            if e2 > s2:
                cleaned.append((s2, e2, sep1, mark))
    cleaned = _merge_collectives(text, cleaned)
    out: list[Piece] = []
    for s, e, sep, mark in cleaned:
        for ps, pe in _split_deng(text, s, e):
            for qs, qe in _split_he(text, ps, pe, registry):
                surface = text[qs:qe]
                if surface and (allow_generic or surface not in ("等", "有关部门等")):
                    out.append(Piece(surface, qs, qe, mark, sep if qs == s else "和"))
    return out


def _space_separated(text: str, s: int, e: int, sep: str, registry: Registry) -> list[tuple[int, int, str]]:
    """`区发改局 区财政局 区商务局`: units apart by spaces, when every part is a unit name."""
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^ \t\u3000]+", text[s:e])]
    if len(parts) < 2 or not all(looks_like_unit(text[s + a : s + b], registry) for a, b in parts):
        return [(s, e, sep)]
    return [(s + a, s + b, sep if i == 0 else " ") for i, (a, b) in enumerate(parts)]


def _trim(text: str, s: int, e: int) -> tuple[int, int, bool]:
    mark = False
    while s < e and text[s] in " \t\u3000:：" + LEAD_MARKS:
        mark = mark or text[s] in LEAD_MARKS
        s += 1
    while e > s and text[e - 1] in " \t\u3000。．.；;" + LEAD_MARKS:
        mark = mark or text[e - 1] in LEAD_MARKS
        e -= 1
    if text[s:e].startswith("由") and e - s > 3:
        s += 1
    if text[s:e].startswith("和") and e - s > 3:
        s += 1
    if text[s:e].endswith("等") and e - s > 2:
        e -= 1
    # 各乡镇（街道）按属地负责 in a 责任单位 list: the verb is no part of the name
    verb = VERB.search(text, s, e)
    if (
        verb
        and verb.end() == e
        and verb.start() - s >= 2
        and role_of_verb(verb.group("verb")) == Role.RESPONSIBLE
    ):
        e = verb.start()
    return s, e, mark


def _merge_collectives(
    text: str, spans: list[tuple[int, int, str, bool]]
) -> list[tuple[int, int, str, bool]]:
    merged: list[tuple[int, int, str, bool]] = []
    for s, e, sep, mark in spans:
        if merged and _ADMIN_TAIL.match(text[s:e]):
            ps, pe, psep, pmark = merged[-1]
            if text[ps:pe].startswith("各") or is_collective(text[ps:pe]):
                merged[-1] = (ps, e, psep, pmark)
                continue
        merged.append((s, e, sep, mark))
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

"""Questions in Chinese -> a semantic parse -> one parameterised Cypher statement -> an honest answer.

`graph.ask_link` finds the graph's names in the question (Aho-Corasick, then near misses),
`graph.ask_parse` reads what is asked (tasks, units, targets, a ranking), the roles, how units combine,
the constraints and the aggregation, `graph.ask_compile` turns that into one statement of
`graph.queries`. The answer lists names or values as written in the documents, with `count` where one
was asked, the Cypher and parameters to rerun, and evidence. A role with no facts says which roles the
unit does have; a question with nothing recognised says which words were not understood.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from ingest.text import norm
from ontology.vocab import ROLE_ZH

from . import db, queries
from .ask_compile import Plan, compile_parse, types_of
from .ask_link import Gazetteer, Linker, Mention
from .ask_parse import Parse, parse
from .ask_place import NATIONAL, Places, short_forms
from .lookups import TYPE_ROLES

_CACHE_SECONDS = 30.0
_TEXT_HITS = 300  # the full-text hits a question's words are looked for among (task titles, indicators)
_ROLE_WORD = {"lead": "牵头", "support": "配合", "responsible": "按职责负责", "guide": "指导"}
SUGGESTIONS = [
    "哪些部门共同牵头现代物流？",
    "省商务厅牵头哪些任务？",
    "省工业和信息化厅和省商务厅共同牵头哪些任务？",
    "哪个部门牵头的任务最多？",
    "到2025年有哪些目标？",
    "哪些任务没有牵头单位？",
]


@dataclass
class Answer:
    question: str
    intent: str
    answer: list[str]
    cypher: str | None
    params: dict[str, Any]
    evidence: list[dict[str, Any]]
    understood: dict[str, Any]
    suggestions: list[str] = field(default_factory=list)
    message: str | None = None
    count: int | None = None
    # one entry per region or unit when the answer is given apart (分别, a name several regions' units hold,
    # 哪些城市): {"region", "name", "key", "count", "answer"}; the answer lines say the same in Chinese
    groups: list[dict[str, Any]] = field(default_factory=list)


# a name several regions' units hold is answered region by region up to this many regions; past it, the
# answer lists each region's unit with its number of tasks and asks for a place (Asker._too_many_regions)
MAX_GROUPS = 12
TOP_REGIONS = 20


class Asker:
    """Answers questions against one database; the name automaton is rebuilt every few seconds."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._linker: Linker | None = None
        self._loaded = 0.0
        self.places = Places()
        self.unit_region: dict[str, str] = {}
        self.shared_names: set[str] = set()  # the names several regions' units hold

    def linker(self) -> Linker:
        if self._linker is None or time.monotonic() - self._loaded > _CACHE_SECONDS:
            gaz = Gazetteer()
            places = Places.from_rows(db.read(self.driver, queries.ASK_PLACES, self.database))
            known = set(places.inside)
            unit_region: dict[str, str] = {}
            regions_of: dict[str, set[str]] = {}
            for row in db.read(self.driver, queries.ASK_GAZETTEER, self.database):
                names = row["names"]
                if row["kind"] == "department" and row["region"]:
                    unit_region[row["key"]] = row["region"]
                    regions_of.setdefault(row["names"][0], set()).add(row["region"])
                    if (
                        row["region"] != NATIONAL
                    ):  # 太仓市科技局, 太仓科技局, 山东省发改委, 罗湖区科技和工业信息化局
                        names = [*names, *_qualified(row["region"], names, known)]
                gaz.add(row["kind"], row["key"], names, row["weight"])
            for place, forms in places.names().items():
                gaz.add("region", place, forms, len(places.inside.get(place, ())))
            self.places, self.unit_region = places, unit_region
            self.shared_names = {n for n, rs in regions_of.items() if len(rs) > 1}
            self._linker = Linker(gaz)
            self._loaded = time.monotonic()
        return self._linker

    def ask(self, question: str) -> Answer:
        if not norm(question):
            return self._cannot(question, "问题是空的", None)
        linker = self.linker()
        p = parse(question, self._link(linker, question))
        policy_ids = self._policies(p)
        if p.policy_title and not policy_ids:
            return self._cannot(question, f"图谱中没有题为《{p.policy_title}》的文件", p)
        regions, unit_groups, groups = self._scope(p)
        if len(groups) > MAX_GROUPS:  # 市科技局 of hundreds of cities: their counts, and how to pick one
            return self._too_many_regions(question, p, groups)
        answer_groups = [g["units"] for g in groups] or None
        plan = compile_parse(p, policy_ids, self._sector_terms(p, linker), regions, unit_groups or None,
                             answer_groups)  # fmt: skip
        if plan is None:
            why = "没有认出图谱中的单位、领域、任务、目标、文件或主题"
            return self._cannot(question, why, p)
        rows = db.read(self.driver, plan.cypher, self.database, plan.params)
        if not rows and p.topic_guessed:
            p.unknown = [p.topic or "", *p.unknown]
            return self._cannot(question, "图谱中没有名称或文本提到它", p)
        answer = _render(p, plan, rows, self.shared_names, self.unit_region)
        if plan.intent == "policies":
            _policies_answer(answer, p, rows, self.places)
        elif "answer_groups" in plan.params and len(groups) > 1:
            _grouped(answer, p, plan, rows, groups)
        elif p.deadline and plan.intent == "tasks":
            _deadline_answer(answer, p, rows)
        if not answer.answer and p.units and p.role not in (None, "any") and plan.intent == "tasks":
            answer.message = self._other_roles(p, policy_ids)
        return answer

    def _scope(self, p: Parse) -> tuple[list[str], list[list[str]], list[dict[str, Any]]]:
        """The documents' regions the question's places allow; each named unit's keys narrowed by those
        places (太仓市 + 市科技局 -> 太仓市|市科技局); and the answers given apart, when the question asks
        about tasks, units or targets: one per region when a name several regions' units hold is left
        (省发展改革委 of 山东 and 浙江; with another unit, A和B共同, that unit stays in each), one per unit
        for 分别. Each answer group: region, name, key, units (the keys of each named unit)."""
        place_regions = set(self.places.regions([m.keys[0] for m in p.places]))
        narrowed = False
        unit_groups: list[list[str]] = []
        for m in p.units:
            keys = m.keys
            if place_regions:
                inside = [k for k in keys if self.unit_region.get(k) in place_regions]
                if inside and len(inside) < len(keys):
                    keys, narrowed = inside, True
            unit_groups.append(keys)
        regions = [] if narrowed else sorted(place_regions)
        if p.subject not in ("tasks", "units", "targets"):
            return regions, unit_groups, []
        by_region = [self._by_region(keys) for keys in unit_groups]
        groups: list[dict[str, Any]] = []
        shared_name = any(len(regs) > 1 for regs in by_region)
        either = shared_name and p.unit_mode == "any" and len(unit_groups) > 1  # A或B: each unit apart
        if either or (p.per_entity and (len(unit_groups) > 1 or any(len(keys) > 1 for keys in unit_groups))):
            for keys, regs in zip(unit_groups, by_region, strict=True):
                apart = len(regs) > 1 or (len(unit_groups) == 1 and len(keys) > 1)
                for ks in [[k] for k in keys] if apart else [keys]:
                    region = self.unit_region.get(ks[0], "")
                    groups.append(self._group(region, [ks], [_name(ks[0])] if len(regs) > 1 else []))
        elif shared_name:
            shared = [
                (keys, regs) for keys, regs in zip(unit_groups, by_region, strict=True) if len(regs) > 1
            ]
            names = list(dict.fromkeys(_name(keys[0]) for keys, _ in shared))
            every = list(dict.fromkeys(r for _, regs in shared for r in regs))
            # several shared names (市科技局和市财政局): the regions where each of them has a unit
            common = [r for r in every if all(r in regs for _, regs in shared)] or every
            for region in common:
                units = [regs.get(region) or keys if len(regs) > 1 else keys
                         for keys, regs in zip(unit_groups, by_region, strict=True)]  # fmt: skip
                groups.append(self._group(region, units, names))
        return regions, unit_groups, groups

    def _too_many_regions(self, question: str, p: Parse, groups: list[dict[str, Any]]) -> Answer:
        """A name more regions' units hold than one answer can list apart: each region's unit with its
        number of tasks in the asked role (its degree: every document), the most first, and the advice to
        name the place; answering each region in full would be a page per region."""
        keys = list(dict.fromkeys(g["key"] for g in groups))
        types = types_of(p.role)
        params = {"unit_keys": keys, "types": types}
        rows = db.read(self.driver, queries.ASK_UNIT_TASK_COUNTS, self.database, params)
        verb = _ROLE_WORD.get(p.role or "", "承担") if p.role not in (None, "any") else "承担"
        found = [{"region": r["region"] or "地区未知", "name": r["name"], "key": r["key"],
                  "count": r["tasks"], "answer": []} for r in rows]  # fmt: skip
        name = "、".join(dict.fromkeys(n for g in groups for n in g["shared"])) or found[0]["name"]
        shown = found[:TOP_REGIONS]
        message = (
            f"“{name}”是 {len(found)} 个地区的单位共有的名称，逐一回答太多：按任务数列出前 {len(shown)} 个"
            f"（全部文件中{verb}的任务）；在名称前写明地区（如“{shown[0]['region']}{name}”）可只问其中一个"
        )
        lines = [f"{g['region']}{g['name']}{verb} {g['count']} 项任务" for g in shown]
        cypher = queries.ASK_UNIT_TASK_COUNTS
        return Answer(question, "candidates", lines, cypher, params, [], p.understood(), [], message=message,
                      groups=found)  # fmt: skip

    def _by_region(self, keys: list[str]) -> dict[str, list[str]]:
        by_region: dict[str, list[str]] = {}
        for k in keys:
            by_region.setdefault(self.unit_region.get(k, ""), []).append(k)
        return by_region

    def _group(self, region: str, units: list[list[str]], shared: list[str]) -> dict[str, Any]:
        """One answer: its region, the named units' names (a unit of another region with its region), the
        first named unit's key, and the names of them several regions' units hold."""
        names = []
        for keys in units:
            own = self.unit_region.get(keys[0], "")
            names.append(
                _name(keys[0]) if own == region or len(keys) > 1 or not own else own + _name(keys[0])
            )
        return {"region": region or "地区未知", "name": "和".join(names), "key": units[0][0], "units": units,
                "shared": shared}  # fmt: skip

    def _link(self, linker: Linker, question: str) -> list[Mention]:
        """The question's mentions: the names held in memory (units, sectors, entities, places) and the task
        titles, target indicators and document titles of the graph that the question holds, found through
        the full-text indexes for its words (a task or target name then read whole: every node of it)."""
        words = re.findall(r"\w+", norm(question).lower())
        if not words:
            return linker.link(question)
        terms = " ".join(words)
        rows = db.read(self.driver, queries.ASK_TEXT_NAMES, self.database,
                       {"query": f"title:({terms}) OR indicator:({terms})", "titles": f"title:({terms})",
                        "limit": _TEXT_HITS})  # fmt: skip
        q = norm(question)
        extra = Gazetteer()
        held: set[tuple[str, str]] = set()  # (kind, name as written) of the names the question holds
        for row in rows:
            names = _text_forms(row["kind"], row["name"] or "")
            if row["kind"] != "policy" and any(len(norm(n)) >= 2 and norm(n) in q for n in names):
                held.add((row["kind"], row["name"]))
            extra.add(row["kind"], row["key"], names)
        if held:  # every node of each name the question holds, not only the hits of the full-text search
            field = {"task": "title:", "target": "indicator:"}
            found = db.read(self.driver, queries.ASK_TEXT_KEYS, self.database, {"names": [
                {"kind": kind, "name": name, "query": field[kind] + _phrase(name)}
                for kind, name in sorted(held) if _phrase(name) != '""']})  # fmt: skip
            for row in found:
                for key in row["keys"]:
                    extra.add(row["kind"], key, _text_forms(row["kind"], row["name"]))
        return linker.link(question, extra)

    def _policies(self, p: Parse) -> list[str]:
        """The documents a question names (《…》): those of that very title, else those whose title holds it
        or whose 文号 it is."""
        if not p.policy_title:
            return []
        title = p.policy_title.strip()
        key = norm(title).strip("《》").replace("“", '"').replace("”", '"')
        phrase = _phrase(title)
        rows = db.read(self.driver, queries.ASK_POLICY_IDS, self.database,
                       {"title": title, "title_key": "title:" + key, "number_key": "no:" + norm(title),
                        "phrase": None if phrase == '""' else "title:" + phrase})  # fmt: skip
        exact = [r["id"] for r in rows if norm(r["title"] or "") == norm(p.policy_title)]
        return exact or [r["id"] for r in rows if title in (r["title"] or "") or r["doc_number"] == title]

    def _sector_terms(self, p: Parse, linker: Linker) -> list[str]:
        """A sector's name and aliases (电子商务 -> 电子商务, 电商 …), to match target indicators; for
        documents, the word as the question writes it."""
        if not p.sectors:
            return []
        if p.subject == "policies":
            return [p.sectors[0].text]
        key = p.sectors[0].keys[0]
        names = [n for n, keys in linker.gaz.names.get("sector", {}).items() if key in keys]
        return sorted(set(names), key=len)

    def _other_roles(self, p: Parse, policy_ids: list[str]) -> str:
        keys = [k for m in p.units for k in m.keys]
        rows = db.read(self.driver, queries.ASK_UNIT_ROLE_COUNTS, self.database,
                       {"unit_keys": keys, "policy_ids": policy_ids})  # fmt: skip
        asked = _ROLE_WORD.get(p.role or "", "")
        parts = []
        for m in p.units:
            mine = [r for r in rows if r["key"] in m.keys]
            name = mine[0]["name"] if mine else m.text
            have = "，".join(f"{_ROLE_WORD[TYPE_ROLES[r['role']]]} {r['tasks']} 项" for r in mine)
            parts.append(f"{name} 没有{asked}任务" + (f"；{have}" if have else "；也没有其他任务"))
        if len(p.units) > 1:
            parts.insert(0, f"没有这些单位共同{asked}的任务")
        return "；".join(parts)

    def _cannot(self, question: str, why: str, p: Parse | None) -> Answer:
        understood: dict[str, Any] = p.understood() if p else {}
        words = (p.unknown if p else []) or [
            w for w in re.split(r"[，,。？?！!、\s]+", norm(question)) if len(w) >= 2
        ]
        if words:
            why += "；没有理解的词：" + "、".join(words[:8])
        near: list[str] = []
        linker = self.linker()
        for w in words[:5]:
            for kind in ("department", "sector"):
                best = linker.near(kind, w) if len(w) >= 2 else None
                if best:
                    near.append(best)
        understood["did_you_mean"] = near[:5]
        return Answer(question, "unknown", [], None, {}, [], understood, SUGGESTIONS, message=why)


def _render(
    p: Parse,
    plan: Plan,
    rows: list[dict[str, Any]],
    shared_names: set[str] | None = None,
    unit_region: dict[str, str] | None = None,
) -> Answer:
    """The answer's lines and evidence from the statement's rows; in a ranking a name several regions'
    units hold is written with its region (`shared_names`)."""
    answer: list[str] = []
    evidence: list[dict[str, Any]] = []
    count: int | None = None
    asked_keys = {k for g in plan.params.get("unit_groups") or [] for k in g} or {
        k for m in p.units for k in m.keys
    }
    types = set(plan.params.get("group_types") or plan.params.get("types") or [])
    if plan.intent == "tasks":
        for r in rows:
            if r["task"] not in answer:
                answer.append(r["task"])
            role = next((x for x in r["roles"] if x and x["key"] in asked_keys and x["role"] in types), None)
            role = role or next((x for x in r["roles"] if x), None)
            evidence.append(_task_evidence(r, role))
        count = len(rows) if p.aggregate == "count" else None
    elif plan.intent in ("units", "co_leads"):
        for r in rows:
            if r["name"] not in answer:
                answer.append(r["name"])
            for ev in r["evidence"]:
                evidence.append({**ev, "department": r["name"], "role_zh": ROLE_ZH[TYPE_ROLES[ev["role"]]]})
        count = len(answer) if p.aggregate == "count" else None
    elif plan.intent == "targets":
        for r in rows:
            text = _target_text(p, r)
            if text and text not in answer:
                answer.append(text)
            evidence.append(
                {k: r[k] for k in ("indicator", "deadline", "sentence", "span", "policy_id", "policy")}
            )
    elif plan.intent == "policies":
        pass  # _policies_answer
    else:  # rankings
        rows = list(rows)
        if plan.intent == "rank_compare":
            found = {r["key"] for r in rows}
            rows += [{"name": _name(k), "key": k, "region": (unit_region or {}).get(k), "tasks": 0}
                     for k in plan.params["unit_keys"] if k not in found]  # fmt: skip
            rows.sort(key=lambda r: -r["tasks"])
        if plan.intent == "rank_least":
            rows.sort(key=lambda r: r["tasks"])

        def label(r: dict[str, Any]) -> str:
            return (
                f"{r['region']}{r['name']}"
                if r["name"] in (shared_names or ()) and r["region"]
                else r["name"]
            )

        if rows:
            # the first (or the first n, 前5个), with every unit tied with the last of them
            last = rows[min(p.top or 1, len(rows)) - 1]["tasks"]
            kept = [r for i, r in enumerate(rows) if i < (p.top or 1) or r["tasks"] == last]
            answer = [label(r) for r in kept]
            evidence = [{"department": label(r), "name": r["name"], "key": r["key"], "region": r["region"],
                         "tasks": r["tasks"]} for r in rows[:max(20, len(kept))]]  # fmt: skip
            if p.top:
                role = _ROLE_WORD.get(p.role or "", "") if p.role not in (None, "any") else "承担"
                ties = f"（第 {p.top} 名有并列，共 {len(kept)} 个）" if len(kept) > p.top else ""
                fewer = f"（只有 {len(kept)} 个单位）" if len(kept) < p.top else ""
                order = "最少" if plan.intent == "rank_least" else "最多"
                answer_lines = "、".join(f"{label(r)} {r['tasks']} 项" for r in kept)
                top_message = f"{role}任务{order}的前 {p.top} 个单位{ties}{fewer}：{answer_lines}"
    message = None if answer else "问题读懂了，但图谱中没有符合条件的内容"
    if answer and p.top and plan.intent.startswith("rank_"):
        message = top_message
    if count == 0:
        message = "没有符合条件的" + ("任务" if plan.intent == "tasks" else "单位")
    return Answer(p.question, plan.intent, answer, plan.cypher.strip(), plan.params, evidence[:100],
                  p.understood(), message=message, count=count)  # fmt: skip


def _task_evidence(r: dict[str, Any], role: dict[str, Any] | None) -> dict[str, Any]:
    ev: dict[str, Any] = {"task_id": r["task_id"], "task": r["task"], "path": r["path"],
                          "policy_id": r["policy_id"], "policy": r["policy"]}  # fmt: skip
    if r.get("deadline"):
        ev["deadline"] = r["deadline"]
    if role:
        ev.update(department=role["name"], role=role["role"], role_zh=ROLE_ZH[TYPE_ROLES[role["role"]]],
                  surface=role["surface"], sentence=role["sentence"], span=role["span"])  # fmt: skip
    return ev


def _text_forms(kind: str, name: str) -> list[str]:
    """A task title as written; a target indicator also without its scope (全国农机化率 is asked about as
    农机化率)."""
    if kind == "target":
        return [name, re.sub(r"^(全国|全省|全市|全县|全区)", "", name)]
    return [name]


def _phrase(text: str) -> str:
    """A Lucene phrase of `text` (quotes and backslashes dropped)."""
    return '"' + text.replace('"', "").replace("\\", "") + '"'


def _name(key: str) -> str:
    """A unit's name as its key writes it (太仓市|市科技局 -> 市科技局)."""
    return key.split("|", 1)[-1]


def _qualified(region: str, names: list[str], known: set[str]) -> list[str]:
    """A unit's names with its region written before them: 市科技局 of 太仓市 -> 太仓市科技局, 太仓科技局."""
    out: list[str] = []
    for form in short_forms(region, known):
        for n in names:
            n = n or ""
            if not n or n.startswith(form):
                continue
            body = n[1:] if n[0] in "省市区县" else n
            out += [form + n, form + body] if form[-1] != n[0] else [form + body]
    return out


def _grouped(
    answer: Answer, p: Parse, plan: Plan, rows: list[dict[str, Any]], groups: list[dict[str, Any]]
) -> None:
    """One answer per group (a region's unit, or one of the units 分别 names): each line names the region,
    the unit and the count; the groups carry region, name, key, count and what was found."""
    role = _ROLE_WORD.get(p.role or "", "") if p.role not in (None, "any") else ""
    measure = {"tasks": "项", "targets": "项"}.get(plan.intent, "个")
    out = []
    for i, g in enumerate(groups):
        mine = [r for r in rows if r["group_index"] == i]
        if plan.intent == "tasks":
            found = [r["task"] for r in mine]
        elif plan.intent == "targets":
            found = [_target_text(p, r) for r in mine]
        else:
            found = [r["name"] for r in mine]
        found = list(dict.fromkeys(x for x in found if x))
        out.append({"region": g["region"], "name": g["name"], "key": g["key"], "count": len(found),
                    "answer": found})  # fmt: skip
    answer.groups = out
    several = len(groups[0]["units"]) > 1
    lines = []
    for g in out:
        unit = g["region"] + g["name"]
        if plan.intent == "tasks":
            verb = ("共同" if several else "") + (role or ("负责" if several else "承担"))
            line = f"{unit}{verb} {g['count']} 项任务"
        elif plan.intent == "targets":
            line = f"{unit}{role or '负责'}的任务设定的目标 {g['count']} 项"
        elif plan.intent == "co_leads":
            line = f"{unit}的共同{role or '牵头'}单位 {g['count']} 个"
        else:
            held = _ROLE_WORD.get(p.group_role or "", "承担")
            line = f"{unit}{held}的任务中，{role or '参与'}的单位 {g['count']} 个"
        if g["answer"] and p.aggregate != "count":
            line += "：" + "、".join(g["answer"])
        lines.append(line)
    answer.answer = lines
    answer.count = None
    names = list(dict.fromkeys(n for g in groups for n in g["shared"]))
    quoted = "".join(f"“{n}”" for n in names)
    if len(names) == 1:
        n = sum(1 for g in groups if g["shared"])
        head = f"{quoted}是 {n} 个地区的单位共有的名称，按地区分别回答"
    elif names:
        head = f"{quoted}都是多个地区的单位共有的名称，按这 {len(out)} 个地区分别回答"
    else:
        head = "分别回答"
    answer.message = head + "：" + "；".join(f"{g['region']} {g['count']} {measure}" for g in out)
    if names:
        first = next(g for g in groups if g["shared"])
        answer.message += f"（在名称前写明地区可只问其中一个，如“{first['region']}{first['shared'][0]}”）"


def _target_text(p: Parse, r: dict[str, Any]) -> str:
    value = f"{r['value_text'] or ''}{r['unit'] or ''}{r['qualifier'] or ''}"
    return value if p.aggregate == "value" else f"{r['indicator']} {value}".strip()


def _deadline_answer(answer: Answer, p: Parse, rows: list[dict[str, Any]]) -> None:
    """Each task with its deadline as written, and a sentence that says when nothing is due."""
    when = f"{p.year}年{p.month}月底前" if p.month else f"{p.year}年底前"
    lines = []
    for r in rows:
        line = f"{r['task']}（{r['region'] or '地区未知'}，完成时限：{(r['deadline'] or '').rstrip('）)')}）"
        if line not in lines:
            lines.append(line)
    answer.answer = lines
    answer.message = f"{when}要完成的任务共 {len(lines)} 项" if lines else f"没有要求在{when}完成的任务"
    if p.aggregate == "count":
        answer.count = len(lines)


def _policies_answer(answer: Answer, p: Parse, rows: list[dict[str, Any]], places: Places) -> None:
    """Documents with region and date; grouped by city / province / region when the question asks so."""
    answer.evidence = [dict(r) for r in rows[:100]]
    if p.group_by:
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            group = places.group_of(r["region"], p.group_by)
            if group:
                groups.setdefault(group, []).append(r)
        answer.groups = [
            {"region": g, "name": g, "key": g, "count": len(rs), "answer": [r["policy"] for r in rs]}
            for g, rs in groups.items()
        ]
        answer.answer = [f"{g['region']}：{g['count']} 份" for g in answer.groups]
        n = sum(len(rs) for rs in groups.values())
        answer.message = f"共 {len(groups)} 个地区、{n} 份文件" if groups else "没有符合条件的文件"
    else:
        answer.answer = [
            f"《{r['policy']}》（{r['region'] or '地区未知'}，{r['date'] or '日期未知'}）" for r in rows
        ]
        n_regions = len({r["region"] for r in rows})
        answer.message = f"共 {len(rows)} 份文件，来自 {n_regions} 个地区" if rows else "没有符合条件的文件"
    answer.count = len(rows) if p.aggregate == "count" else None

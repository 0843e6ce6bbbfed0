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

from ingest.registry import norm
from ontology.vocab import ROLE_ZH

from . import db, queries
from .ask_compile import Plan, compile_parse
from .ask_link import Gazetteer, Linker
from .ask_parse import Parse, parse
from .lookups import TYPE_ROLES

_CACHE_SECONDS = 30.0
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


class Asker:
    """Answers questions against one database; the name automaton is rebuilt every few seconds."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._linker: Linker | None = None
        self._loaded = 0.0

    def linker(self) -> Linker:
        if self._linker is None or time.monotonic() - self._loaded > _CACHE_SECONDS:
            gaz = Gazetteer()
            for row in db.read(self.driver, queries.ASK_GAZETTEER, self.database):
                names = row["names"]
                if row["kind"] == "target":  # 全国农机化率 is asked about as 农机化率
                    names = [*names, *(re.sub(r"^(全国|全省|全市|全县|全区)", "", n or "") for n in names)]
                gaz.add(row["kind"], row["key"], names, row["weight"])
            self._linker = Linker(gaz)
            self._loaded = time.monotonic()
        return self._linker

    def ask(self, question: str) -> Answer:
        if not norm(question):
            return self._cannot(question, "empty question", None)
        linker = self.linker()
        p = parse(question, linker.link(question))
        policy_ids = self._policies(p, linker)
        if p.policy_title and not policy_ids:
            return self._cannot(question, f"no policy titled 《{p.policy_title}》 is in the graph", p)
        plan = compile_parse(p, policy_ids, self._sector_terms(p, linker))
        if plan is None:
            why = "no department, sector, task, target or topic of the graph was recognised"
            return self._cannot(question, why, p)
        rows = db.read(self.driver, plan.cypher, self.database, plan.params)
        if not rows and p.topic_guessed:
            p.unknown = [p.topic or "", *p.unknown]
            return self._cannot(question, "nothing in the graph names or mentions it", p)
        answer = _render(p, plan, rows)
        if not answer.answer and p.units and p.role not in (None, "any") and plan.intent == "tasks":
            answer.message = self._other_roles(p, policy_ids)
        return answer

    def _policies(self, p: Parse, linker: Linker) -> list[str]:
        if not p.policy_title:
            return []
        table = linker.gaz.names.get("policy", {})
        ids = table.get(norm(p.policy_title), [])
        if ids:
            return ids
        return [r["id"] for r in db.read(self.driver, queries.ASK_POLICY_IDS, self.database,
                                         {"title": p.policy_title.strip()})]  # fmt: skip

    def _sector_terms(self, p: Parse, linker: Linker) -> list[str]:
        """A sector's name and aliases (电子商务 -> 电子商务, 电商 …), to match target indicators."""
        if not p.sectors:
            return []
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


def _render(p: Parse, plan: Plan, rows: list[dict[str, Any]]) -> Answer:
    answer: list[str] = []
    evidence: list[dict[str, Any]] = []
    count: int | None = None
    asked_keys = {k for m in p.units for k in m.keys}
    types = set(plan.params.get("types") or [])
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
            value = f"{r['value_text'] or ''}{r['unit'] or ''}{r['qualifier'] or ''}"
            text = value if p.aggregate == "value" else f"{r['indicator']} {value}".strip()
            if text and text not in answer:
                answer.append(text)
            evidence.append(
                {k: r[k] for k in ("indicator", "deadline", "sentence", "span", "policy_id", "policy")}
            )
    else:  # rankings
        rows = list(rows)
        if plan.intent == "rank_compare":
            found = {r["key"] for r in rows}
            rows += [
                {"name": m.text, "key": m.keys[0], "tasks": 0} for m in p.units if m.keys[0] not in found
            ]
            rows.sort(key=lambda r: -r["tasks"])
        if plan.intent == "rank_least":
            rows.sort(key=lambda r: r["tasks"])
        if rows:
            best = rows[0]["tasks"]
            answer = [r["name"] for r in rows if r["tasks"] == best]
            evidence = [{"department": r["name"], "key": r["key"], "tasks": r["tasks"]} for r in rows[:20]]
    message = None if answer else "the question was understood but the graph holds no matching facts"
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

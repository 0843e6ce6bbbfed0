"""Questions in Chinese -> an intent, linked entities, one parameterised Cypher template, an answer.

Entities are linked against the graph's own names and aliases (departments, sectors, task titles,
target indicators, named entities): exact substrings first (longest wins), then jieba words matched
to names by suffix (发改委 -> 省发改委) or by similarity (near misses). The answer lists names or
values as written in the documents; `cypher` and `params` let a researcher rerun the query.
"""

from __future__ import annotations

import difflib
import re
import time
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from ingest.registry import norm

from . import db, queries
from .lookups import ROLE_TYPES

ALL_TYPES = list(ROLE_TYPES.values())
_ROLE_WORDS = [
    (re.compile(r"牵头"), "lead"),
    (re.compile(r"配合|参与|协同|协助|支持部门"), "support"),
    (re.compile(r"按职责分工负责|责任单位|责任部门"), "responsible"),
    (re.compile(r"指导"), "guide"),
    (re.compile(r"负责|承担|落实|涉及|参加"), "any"),
]
_MOST = re.compile(r"最多|最多的|排名|第一|最重")
_HOW_MUCH = re.compile(r"多少|几个|几家|几项|什么水平|目标是|要达到|达到什么|指标")
_TOPIC = re.compile(
    r"(?:涉及|关于|有关|提到|提及|包括|包含|围绕|针对)(?P<topic>[^？?，,。的]{1,20}?)(?:的)?(?:任务|工作|措施|内容|有哪些|是哪些|[？?]|$)"
    r"|(?P<topic2>[^？?，,。]{1,12}?)(?:相关|方面)的?(?:任务|工作|措施)"
)
_CO = re.compile(r"共同|一起|联合|合作|和谁|与谁|还有谁|同时")
_WHO = re.compile(r"哪些部门|哪个部门|哪些单位|哪个单位|谁|什么部门|什么单位|部门有|单位有|部门是|单位是")
_TASKS = re.compile(r"任务|工作|事项|做什么|干什么|职责")
_CACHE_SECONDS = 30.0


@dataclass
class Mention:
    kind: str  # department, sector, task, target, entity
    keys: list[str]
    text: str
    start: int
    end: int
    fuzzy: bool = False


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


@dataclass
class _Gazetteer:
    names: dict[str, dict[str, list[str]]]  # kind -> normalised name -> keys
    weights: dict[tuple[str, str], int]
    loaded: float


class Asker:
    """Answers questions against one database; the name gazetteer is cached for a few seconds."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._gaz: _Gazetteer | None = None

    def gazetteer(self) -> _Gazetteer:
        if self._gaz is None or time.monotonic() - self._gaz.loaded > _CACHE_SECONDS:
            names: dict[str, dict[str, list[str]]] = {}
            weights: dict[tuple[str, str], int] = {}
            for row in db.read(self.driver, queries.ASK_GAZETTEER, self.database):
                table = names.setdefault(row["kind"], {})
                weights[(row["kind"], row["key"])] = row["weight"]
                for name in row["names"]:
                    n = norm(name or "")
                    if len(n) >= 2:
                        keys = table.setdefault(n, [])
                        if row["key"] not in keys:
                            keys.append(row["key"])
            self._gaz = _Gazetteer(names, weights, time.monotonic())
        return self._gaz

    # --- entity linking -------------------------------------------------------------------------

    def link(self, question: str) -> list[Mention]:
        gaz = self.gazetteer()
        q = norm(question)
        found: list[Mention] = []
        for kind, table in gaz.names.items():
            for name, keys in table.items():
                start = q.find(name)
                while start != -1:
                    found.append(Mention(kind, keys, name, start, start + len(name)))
                    start = q.find(name, start + 1)
        # longest first; on equal spans prefer task > target > department > sector > entity
        rank = {"task": 0, "target": 1, "department": 2, "sector": 3, "entity": 4}
        found.sort(key=lambda m: (-(m.end - m.start), rank[m.kind], m.start))
        chosen: list[Mention] = []
        for m in found:
            overlaps = [c for c in chosen if c.start < m.end and m.start < c.end]
            if not overlaps:
                chosen.append(m)
            elif all(c.start == m.start and c.end == m.end for c in overlaps) and m.kind not in {
                c.kind for c in overlaps
            }:
                chosen.append(m)  # the same words name a task and a sector, say: keep both readings
        chosen.extend(self._fuzzy(q, chosen))
        return sorted(chosen, key=lambda m: m.start)

    def _fuzzy(self, q: str, taken: list[Mention]) -> list[Mention]:
        import jieba

        from ingest.nlp import load_user_dictionary

        load_user_dictionary()  # the same segmentation as ingest (unit names and aliases are words)
        gaz = self.gazetteer()
        out: list[Mention] = []
        pos = 0
        for word in jieba.cut(q):
            start, end = pos, pos + len(word)
            pos = end
            if len(word) < 2 or any(c.start < end and start < c.end for c in [*taken, *out]):
                continue
            for kind in ("department", "sector"):
                table = gaz.names.get(kind, {})
                suffix = [n for n in table if len(word) >= 2 and n.endswith(word) and len(n) - len(word) <= 2]
                close = (
                    difflib.get_close_matches(word, list(table), n=3, cutoff=0.75) if len(word) >= 3 else []
                )
                candidates = suffix or close
                if candidates and (kind == "department" or word not in _STOP_SECTOR_WORDS):
                    best = max(candidates, key=lambda n: max(gaz.weights.get((kind, k), 0) for k in table[n]))
                    out.append(Mention(kind, table[best], word, start, end, fuzzy=True))
                    break
        return out

    # --- answering ------------------------------------------------------------------------------

    def ask(self, question: str) -> Answer:
        q = norm(question)
        if not q:
            return self._cannot(question, "empty question", [])
        mentions = self.link(question)
        kinds = {m.kind for m in mentions}
        role = _role(q)
        understood: dict[str, Any] = {
            "role": role,
            "entities": [
                {"kind": m.kind, "text": m.text, "keys": m.keys[:5], "fuzzy": m.fuzzy} for m in mentions
            ],
        }
        by_kind = {k: [m for m in mentions if m.kind == k] for k in kinds}
        if (_MOST.search(q) and _WHO.search(q)) or re.search(r"(牵头|配合|负责|参与|指导).{0,6}最多", q):
            types = ALL_TYPES if role in ("any", None) else [ROLE_TYPES[role]]
            return self._run(
                question, "most_tasks", queries.ASK_MOST_TASKS, {"types": types}, understood, top=True
            )
        if "target" in kinds and (_HOW_MUCH.search(q) or "department" not in kinds):
            ids = [k for m in by_kind["target"] for k in m.keys]
            return self._run(question, "target_value", queries.ASK_TARGETS, {"target_ids": ids}, understood)
        topic = _TOPIC.search(q)
        if topic and "department" not in kinds and not _WHO.search(q):
            term = (topic.group("topic") or topic.group("topic2") or "").strip()
            if term:
                lucene = '"' + term.replace('"', "").replace("\\", "") + '"'
                understood["topic"] = term
                return self._run(question, "topic", queries.ASK_TOPIC, {"lucene": lucene}, understood)
        if "department" in kinds and _CO.search(q) and (role in ("lead", None)) and "sector" not in kinds:
            keys = [k for m in by_kind["department"] for k in m.keys]
            return self._run(question, "co_leads", queries.ASK_CO_LEADS, {"keys": keys}, understood)
        types = ALL_TYPES if role in ("any", None) else [ROLE_TYPES[role]]
        if "department" in kinds and ("task" not in kinds or _TASKS.search(q)) and not _WHO.search(q):
            keys = [k for m in by_kind["department"] for k in m.keys[:1]]
            params: dict[str, Any] = {"keys": keys, "types": types}
            return self._run(question, "department_tasks", queries.ASK_DEPARTMENT_TASKS, params, understood)
        if "task" in kinds:
            ids = [k for m in by_kind["task"] for k in m.keys]
            params = {"task_ids": ids, "types": types}
            return self._run(question, "task_departments", queries.ASK_TASK_DEPARTMENTS, params, understood)
        if "sector" in kinds:
            sector = by_kind["sector"][0].keys[0]
            params = {"sector": sector, "types": types}
            return self._run(
                question, "sector_departments", queries.ASK_SECTOR_DEPARTMENTS, params, understood
            )
        if "entity" in kinds:
            keys = [k for m in by_kind["entity"] for k in m.keys]
            return self._run(question, "entity_tasks", queries.ASK_ENTITY_TASKS, {"keys": keys}, understood)
        if topic or _TASKS.search(q):
            term = (topic.group("topic") or topic.group("topic2")) if topic else None
            if term:
                lucene = '"' + term.replace('"', "").replace("\\", "") + '"'
                return self._run(question, "topic", queries.ASK_TOPIC, {"lucene": lucene}, understood)
        return self._cannot(
            question, "no department, sector, task or target of the graph was recognised", mentions
        )

    def _run(
        self, question: str, intent: str, cypher: str, params: dict[str, Any], understood: dict[str, Any],
        top: bool = False,
    ) -> Answer:  # fmt: skip
        rows = db.read(self.driver, cypher, self.database, params)
        if top and rows:
            best = rows[0]["tasks"]
            rows = [r for r in rows if r["tasks"] == best]
        answer: list[str] = []
        evidence: list[dict[str, Any]] = []
        for r in rows:
            value = _answer_value(intent, r)
            if value and value not in answer:
                answer.append(value)
            ev: dict[str, Any] = {
                k: r[k]
                for k in ("sentence", "policy_id", "policy", "task_id", "task", "span", "role", "tasks")
                if k in r
            }
            if ev:
                if "tasks" in ev:  # a count: say whose
                    ev["department"] = r.get("name")
                evidence.append(ev)
        message = None if answer else "the question was understood but the graph holds no matching facts"
        return Answer(
            question, intent, answer, cypher.strip(), params, evidence[:100], understood, message=message
        )

    def _cannot(self, question: str, why: str, mentions: list[Mention]) -> Answer:
        gaz = self.gazetteer()
        suggestions = [
            "哪些部门共同牵头现代物流？",
            "省商务厅牵头哪些任务？",
            "哪个部门牵头的任务最多？",
            "哪些任务涉及区块链？",
        ]
        words = [w for w in re.split(r"[，,。？?！!、\s]+", norm(question)) if len(w) >= 2]
        near: list[str] = []
        for kind in ("department", "sector"):
            table = gaz.names.get(kind, {})
            for w in words:
                near += difflib.get_close_matches(w, list(table), n=2, cutoff=0.4)
        understood = {
            "entities": [{"kind": m.kind, "text": m.text} for m in mentions],
            "did_you_mean": near[:5],
        }
        return Answer(question, "unknown", [], None, {}, [], understood, suggestions, message=why)


_STOP_SECTOR_WORDS = {"任务", "部门", "单位", "哪些", "工作", "平台"}


def _role(q: str) -> str | None:
    for rx, role in _ROLE_WORDS:
        if rx.search(q):
            return role
    return None


def _answer_value(intent: str, r: dict[str, Any]) -> str | None:
    if intent == "target_value":
        if r.get("value_text") is None:
            return r.get("qualifier")
        return f"{r['value_text']}{r.get('unit') or ''}{r.get('qualifier') or ''}"
    if intent in ("sector_departments", "task_departments", "co_leads"):
        return r.get("surface") or r.get("name")
    return r.get("name")

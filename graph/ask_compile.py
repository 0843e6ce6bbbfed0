"""A question's parse -> one parameterised Cypher statement (a named constant of `graph.queries`) and its
parameters; every constraint the question does not set is a null or empty parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any, LiteralString

from . import queries
from .ask_parse import Parse
from .lookups import ROLE_TYPES

ALL_TYPES = list(ROLE_TYPES.values())


@dataclass
class Plan:
    intent: str
    cypher: LiteralString
    params: dict[str, Any]


def types_of(role: str | None) -> list[str]:
    return ALL_TYPES if role in (None, "any") else [ROLE_TYPES[role]]


def _lucene(term: str) -> str:
    return '"' + term.replace('"', "").replace("\\", "") + '"'


def compile_parse(
    p: Parse,
    policy_ids: list[str],
    sector_terms: list[str],
    regions: list[str] | None = None,
    unit_groups: list[list[str]] | None = None,
    answer_groups: list[list[list[str]]] | None = None,
) -> Plan | None:
    """None when the parse names nothing to ask about. `regions`: the documents' regions a place of the
    question allows; `unit_groups`: the keys each named unit may be (narrowed by a place); `answer_groups`:
    when the answer is given apart (a name several regions' units hold, 分别), each answer's unit groups,
    and each row of the statement says its answer (`group_index`)."""
    if unit_groups is None:
        unit_groups = [m.keys for m in p.units]
    unit_keys = [g[0] for g in unit_groups]
    plan = _compile(p, policy_ids, sector_terms, regions, unit_groups, unit_keys, answer_groups)
    if plan is None or not answer_groups or plan.intent not in ("tasks", "units", "co_leads"):
        return plan
    per_group = (
        queries.ASK_FIND_TASKS_PER_GROUP if plan.intent == "tasks" else queries.ASK_FIND_UNITS_PER_GROUP
    )
    params = {k: v for k, v in plan.params.items() if k not in ("unit_groups", "unit_mode")}
    params["answer_groups"] = answer_groups
    if params["anchor"] == "units":  # each answer's tasks: those of its first named unit
        params["anchor_keys"] = _first_keys(answer_groups)
    return Plan(plan.intent, per_group, params)


def _compile(
    p: Parse,
    policy_ids: list[str],
    sector_terms: list[str],
    regions: list[str] | None,
    unit_groups: list[list[str]],
    unit_keys: list[str],
    answer_groups: list[list[list[str]]] | None,
) -> Plan | None:
    sector = p.sectors[0].keys[0] if p.sectors else None
    base: dict[str, Any] = {"policy_ids": policy_ids, "regions": regions or []}
    if p.subject == "policies":
        words = [p.topic] if p.topic else list(p.unknown)
        words += [m.text for m in [*p.entities, *p.targets, *p.tasks] if m.text not in words]
        groups = [[w] for word in words for w in _runs(word)]
        if sector_terms:  # a sector: one of its names in the title or the text
            groups.append(sector_terms)
        if not (groups or p.year or base["regions"] or unit_groups or p.group_by):
            return None
        params = {**base, "year": p.year, "issuer_keys": [k for g in unit_groups for k in g],
                  "term_groups": groups, "sector": None, "sector_terms": []}  # fmt: skip
        params.update(_policy_anchor(params))
        return Plan("policies", queries.ASK_FIND_POLICIES, params)
    if p.subject == "rank":  # a compared name: every unit it may be (省发展改革委 of each region)
        keys = [k for g in unit_groups for k in g] if p.aggregate == "compare" else []
        params = {**base, "types": types_of(p.role), "unit_keys": keys, "sector": sector}
        return Plan(f"rank_{p.aggregate}", queries.ASK_RANK_UNITS, params)
    if p.subject == "targets":
        terms = [*sector_terms, *([p.topic] if p.topic else [])]
        ids = [k for m in p.targets for k in m.keys]
        if unit_groups:  # 市科技局负责哪些指标: the targets of the tasks the unit holds, one answer per group
            params = {**base, "answer_groups": answer_groups or [unit_groups], "types": types_of(p.role),
                      "target_ids": ids, "terms": terms, "sector": sector, "year": p.year,
                      "year_mode": p.year_mode}  # fmt: skip
            params["anchor_keys"] = _first_keys(params["answer_groups"])
            return Plan("targets", queries.ASK_FIND_UNIT_TARGETS, params)
        if not (ids or terms or sector or p.year or policy_ids):
            return None
        params = {**base, "target_ids": ids, "terms": terms, "sector": sector, "year": p.year,
                  "year_mode": p.year_mode}  # fmt: skip
        params["anchor"] = _target_anchor(params)
        return Plan("targets", queries.ASK_FIND_TARGETS, params)
    tasks: dict[str, Any] = {
        **base,
        "lucene": _lucene(p.topic) if p.topic else None,
        "year": p.year,
        "month": p.month,
        "task_ids": [k for m in p.tasks for k in m.keys],
        "sector": sector,
        "entity_keys": [k for m in p.entities for k in m.keys],
        "without": ROLE_TYPES[p.without] if p.without else None,
        "unit_groups": [],
        "unit_mode": p.unit_mode,
        "types": types_of(p.role),
        "group_types": types_of(p.role),
        "exclude_keys": [],
        "without_held": _held_without(ROLE_TYPES[p.without]) if p.without else [],
    }
    if p.subject == "units":
        if p.aggregate == "co_leads":
            tasks.update(unit_groups=unit_groups, types=types_of(p.role or "lead"), task_ids=[], sector=None,
                         group_types=types_of(p.role or "lead"),
                         exclude_keys=[k for g in unit_groups for k in g])  # fmt: skip
            return Plan("co_leads", queries.ASK_FIND_UNITS, _anchored(tasks))
        if unit_groups:  # 哪些部门配合广州市卫生健康委牵头的任务
            tasks.update(unit_groups=unit_groups, group_types=types_of(p.group_role or "any"),
                         exclude_keys=[k for g in unit_groups for k in g])  # fmt: skip
            return Plan("units", queries.ASK_FIND_UNITS, _anchored(tasks))
        if tasks["task_ids"]:
            tasks["sector"] = None  # a task's title that also names a sector: the task is meant
        if not _selects(tasks):
            return None
        return Plan("units", queries.ASK_FIND_UNITS, _anchored(tasks))
    tasks["unit_groups"] = unit_groups
    if unit_groups:
        tasks["task_ids"] = []  # 省商务厅牵头哪些任务: a unit's tasks, not the tasks its name resembles
    if not (_selects(tasks) or unit_keys):
        return None
    return Plan("tasks", queries.ASK_FIND_TASKS, _anchored(tasks))


def _runs(word: str) -> list[str]:
    """人工智能OPC -> [人工智能, OPC]: a topic's Chinese and Latin parts are looked for apart."""
    return [r for r in re.findall(r"[A-Za-z0-9+]+|[^A-Za-z0-9+]+", word) if len(r) >= 2 or r.isascii()]


def _selects(params: dict[str, Any]) -> bool:
    keys = ("lucene", "year", "task_ids", "sector", "entity_keys", "without", "policy_ids", "regions")
    return any(params.get(k) for k in keys)


def _first_keys(answer_groups: list[list[list[str]]]) -> list[str]:
    """The keys of each answer's first named unit: a task of any answer is one such unit's."""
    return sorted({k for groups in answer_groups for k in (groups[0] if groups else [])})


def _anchored(params: dict[str, Any]) -> dict[str, Any]:
    """The tasks' statement starts from the most selective thing the question names (the statement's
    `$anchor`): the named units' roles (a task all named units hold is one of the first unit's; one any of
    them holds, one of any's), task ids, policy ids, entities, a sector, the topic's full-text hits, a
    deadline year, the documents' regions, and last the role types a task lacks (没有牵头单位)."""
    groups = params["unit_groups"]
    keys = groups[0] if groups and params["unit_mode"] == "all" else [k for g in groups for k in g]
    order = [("units", keys), ("tasks", params["task_ids"]), ("policies", params["policy_ids"]),
             ("entities", params["entity_keys"]), ("sector", params["sector"]),
             ("topic", params["lucene"]), ("year", params["year"]), ("regions", params["regions"]),
             ("without", params["without"])]  # fmt: skip
    anchor = next((name for name, value in order if value), None)
    return {**params, "anchor": anchor, "anchor_keys": sorted(set(keys)) if anchor == "units" else []}


def _target_anchor(params: dict[str, Any]) -> str | None:
    if params["target_ids"] or params["terms"] or params["sector"]:
        return "named"  # one of them: the union of the three
    if params["policy_ids"]:
        return "policies"
    if params["year"]:
        return "year_in" if params["year_mode"] == "in" else "year_by"
    return "regions" if params["regions"] else None


def _policy_anchor(params: dict[str, Any]) -> dict[str, Any]:
    if params["issuer_keys"]:
        return {"anchor": "issuers", "words": None}
    if params["regions"]:
        return {"anchor": "regions", "words": None}
    if params["year"]:
        return {"anchor": "year", "words": None}
    first = params["term_groups"][0] if params["term_groups"] else []
    words = [_lucene(w) for w in first if re.search(r"\w", w)]
    if words and len(words) == len(first):
        return {"anchor": "words", "words": " OR ".join(words)}
    return {"anchor": "all", "words": None}


def _held_without(role_type: str) -> list[str]:
    """The values of Task.roles_held (graph/load.py: the sorted role types a task has a unit for) that
    lack `role_type`."""
    others = sorted(t for t in ALL_TYPES if t != role_type)
    return [",".join(c) for n in range(len(others) + 1) for c in combinations(others, n)]

"""A question in Chinese -> a small semantic parse: what is asked about (tasks, units, targets), the
entities it names, the roles, how several units combine (A和B共同 / A或B), constraints (a policy, a
deadline year, a region, no lead) and the aggregation (list, count, most, least, compare).

Nothing here touches Neo4j: `parse` takes the linked mentions (`graph.ask_link`) and the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.text import norm
from ontology.lexicon import (
    DEADLINE_WORDS,
    GENERIC_WORDS,
    GROUP_WORDS,
    PER_ENTITY_WORDS,
    POLICY_WORDS,
    QUESTION_ROLES,
    ROLE_WORDS,
    TARGET_WORDS,
    TOGETHER_WORDS,
    TOP_WORDS,
)

from .ask_link import Mention

_ROLE_WORDS = [(re.compile(words), str(role)) for words, role in QUESTION_ROLES]
_GROUPS = [(re.compile(words), by) for words, by in GROUP_WORDS]
_PER_ENTITY = re.compile(PER_ENTITY_WORDS)
_POLICIES = re.compile(POLICY_WORDS)
_DEADLINE = re.compile(DEADLINE_WORDS)
_TARGET_WORDS = re.compile(TARGET_WORDS)
_TOP = re.compile(TOP_WORDS)
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TRAILING = re.compile(r"(?:政策文件|政策|文件)$")  # 人工智能OPC政策 -> 人工智能OPC
_WHO = re.compile(
    r"哪些部门|哪个部门|哪些单位|哪个单位|谁|什么部门|什么单位|部门有|单位有|部门是|单位是"
    r"|几个部门|多少个?部门|几个单位|多少个?单位|哪家"
)
_TASKS = re.compile(r"任务|工作|事项|做什么|干什么|职责|措施")
_TARGETS = re.compile(r"目标|指标")
_COUNT = re.compile(r"几项|几个|多少项|多少个|多少条|几条|多少家|几家|数量|多少任务|总共|一共|共有")
_VALUE = re.compile(r"多少|什么水平|目标是|要达到|达到什么|是几")
_MOST = re.compile(r"最多|最重|排名第一|排第一|首位")
_LEAST = re.compile(r"最少")
_COMPARE = re.compile(r"谁.{0,6}多|哪个.{0,6}多|比.{1,12}多|更多")
_CO = re.compile(r"和谁|与谁|还有谁|同谁|跟谁")
_TOGETHER = re.compile(TOGETHER_WORDS)
_OR = re.compile(r"或者|或是|或")
_WITHOUT = re.compile(r"(?:没有|无|缺少|未明确|未确定)(?P<what>牵头|配合|负责|指导|责任)(?:单位|部门)?")
_YEAR = re.compile(
    r"(?:到|至|截至)?\s*(?P<y>(?:19|20)\d{2})\s*年(?:(?P<m>\d{1,2})\s*月)?(?P<end>底|末)?(?P<before>前|以前|之前)?"
)
_POLICY = re.compile(r"《(?P<t>[^》]{2,80})》")
_TOPIC = re.compile(
    r"(?:涉及|关于|有关|提到|提及|包括|包含|围绕|针对)(?P<topic>[^？?，,。的]{1,20}?)(?:的)?(?:任务|工作|措施|内容|目标|政策|文件|有哪些|是哪些|[？?]|$)"
    r"|(?P<topic2>[^？?，,。]{1,12}?)(?:相关|方面)的?(?:任务|工作|措施|目标|指标)"
)
_FILLER = re.compile(
    r"哪些|哪个|什么|多少|几项|几个|部门|单位|任务|工作|目标|指标|牵头|配合|负责|参与|指导|共同|一起|都|"
    r"有|是|的|了|和|与|及|或|由|在|中|吗|呢|呀|请问|请|问|列出|告诉我|我想知道|查询|一下|方面|相关|到|年|底|前|"
    r"要|达到|最多|最少|谁|比|更|多|少|之|以|为|对|把|被|将|个|项|条|家|等|这|那|其|所|各|\d+|[？?，,。！!、\s《》“”\"'（）()]"
)

Role = str  # lead, support, responsible, guide, any


@dataclass
class Parse:
    question: str
    subject: str  # tasks, units, targets, rank, policies
    aggregate: str  # list, count, most, least, compare, value, co_leads
    role: Role | None
    units: list[Mention] = field(default_factory=list)
    unit_mode: str = "all"  # all: every named unit holds the role (A和B共同); any: one of them (A或B)
    sectors: list[Mention] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    tasks: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    policy_title: str | None = None
    year: int | None = None
    year_mode: str = "by"  # by: due by that year (底前 / 前); in: due in that year (到2025年)
    month: int | None = None  # 2025年6月底前
    deadline: bool = False  # a deadline question (哪些任务要求2025年底前完成): each task's date is shown
    places: list[Mention] = field(default_factory=list)  # 太仓市, 浙江, 罗湖
    group_by: str | None = None  # one answer per city / province / region (哪些城市, 各省)
    per_entity: bool = False  # 分别: one answer per named unit or place
    group_role: Role | None = None  # 哪些部门配合广州市卫生健康委牵头的任务: the role the named unit holds
    top: int | None = None  # a ranking's length (牵头任务最多的前5个单位, 前十名)
    without: Role | None = None  # 没有牵头单位的任务
    topic: str | None = None
    topic_guessed: bool = False  # the topic is a word the graph has no name for
    unknown: list[str] = field(default_factory=list)  # words nothing in the question's parse explains

    def understood(self) -> dict[str, object]:
        ents = [*self.units, *self.sectors, *self.entities, *self.tasks, *self.targets]
        return {
            "subject": self.subject,
            "aggregate": self.aggregate,
            "role": self.role,
            "unit_mode": self.unit_mode if len(self.units) > 1 else None,
            "entities": [
                {"kind": m.kind, "text": m.text, "keys": m.keys[:5], "fuzzy": m.fuzzy}
                for m in sorted(ents, key=lambda m: m.start)
            ],
            "policy": self.policy_title,
            "year": self.year,
            "year_mode": self.year_mode if self.year else None,
            "month": self.month,
            "places": [m.keys[0] for m in self.places],
            "group_by": self.group_by,
            "per_entity": self.per_entity or None,
            "top": self.top,
            "without": self.without,
            "topic": self.topic,
            "not_understood": self.unknown,
        }


def role_of(q: str) -> Role | None:
    for rx, role in _ROLE_WORDS:
        if rx.search(q):
            return role
    return None


def parse(question: str, mentions: list[Mention]) -> Parse:
    q = norm(question)
    by_kind: dict[str, list[Mention]] = {}
    for m in mentions:
        by_kind.setdefault(m.kind, []).append(m)
    units = _distinct(by_kind.get("department", []))
    targets = by_kind.get("target", [])
    role = role_of(q)
    without = None
    w = _WITHOUT.search(q)
    if w:
        without = str(ROLE_WORDS[w.group("what")])
        role = None
    year, year_mode, month = None, "by", None
    y = _YEAR.search(q)
    if y:
        year = int(y.group("y"))
        year_mode = "by" if (y.group("before") or y.group("end")) else "in"
        month = int(y.group("m")) if y.group("m") else None
    pol = _POLICY.search(question)
    policy_title = pol.group("t") if pol else None
    who = bool(_WHO.search(q))
    top = _top(q)
    subject, aggregate = _subject(q, who, units, targets, bool(by_kind.get("task")), role, top is not None)
    named_spans = [(m.start, m.end) for m in mentions if m.kind in ("task", "target", "department", "sector")]
    asks_policies = any(
        not any(s <= mt.start() < e for s, e in named_spans) for mt in _POLICIES.finditer(q)
    ) and not (who or _TARGETS.search(q) or _MOST.search(q))
    if asks_policies:
        subject, aggregate = (
            "policies",
            "count" if _COUNT.search(q) or re.search(r"几份|多少份", q) else "list",
        )
    group_role = None
    if subject == "units" and units and aggregate != "co_leads":
        # 哪些部门配合X牵头的任务: a role word right after a named unit is what that unit holds
        asked = None
        for rx, r in _ROLE_WORDS:
            for mt in rx.finditer(q):
                if any(mt.start() in (m.end, m.end + 1) for m in units):
                    group_role = group_role or r
                elif asked is None:
                    asked = r
        if group_role:
            role = asked
    mode = "any" if _OR.search(q) and len(units) > 1 else "all"
    p = Parse(
        question=question, subject=subject, aggregate=aggregate, role=role, units=units, unit_mode=mode,
        sectors=_distinct(by_kind.get("sector", [])), entities=by_kind.get("entity", []),
        tasks=by_kind.get("task", []), targets=targets, policy_title=policy_title, year=year,
        year_mode=year_mode, without=without, month=month, places=by_kind.get("region", []),
        group_by=next((by for rx, by in _GROUPS if rx.search(q)), None),
        per_entity=bool(_PER_ENTITY.search(q)),
        group_role=group_role, top=top if subject == "rank" else None,
    )  # fmt: skip
    p.deadline = bool(year and subject == "tasks" and _DEADLINE.search(q))
    topic = _TOPIC.search(q)
    if topic and not (p.sectors or p.entities or p.tasks or (p.targets and subject == "targets")):
        term = (topic.group("topic") or topic.group("topic2") or "").strip()
        if term and not _FILLER.fullmatch(term):
            p.topic = term
    p.unknown = _unknown(q, mentions, p)
    if subject == "targets" and not targets and p.unknown and not p.topic:
        # 社区综合服务设施的目标是多少: an indicator by a part of its name (建成城乡社区综合服务设施)
        term = _widen(q, max(p.unknown, key=len), [m for m in mentions if not m.fuzzy])
        i = q.find(term)
        p.sectors = [m for m in p.sectors if not (m.fuzzy and i <= m.start and m.end <= i + len(term))]
        p.topic, p.unknown = term, [w for w in p.unknown if w not in term]
    named = (
        p.sectors or p.entities or p.tasks or p.targets or p.topic or p.year or p.without or p.policy_title
    )
    asks = who or _TASKS.search(q) or _TARGETS.search(q)
    if not named and p.unknown and asks and not units and subject != "policies":
        # 哪些部门参与了综合保税区的工作: a term the graph has no name for is searched in the texts
        p.topic, p.topic_guessed = _widen(q, max(p.unknown, key=len), mentions), True
        p.unknown = [w for w in p.unknown if w not in p.topic]
    return p


def _top(q: str) -> int | None:
    """前5个 / 前十名 / 前二十位 -> 5, 10, 20: how many units a ranking lists."""
    m = _TOP.search(q)
    if not m:
        return None
    n = m.group("n")
    if n.isdigit():
        return int(n) or None
    tens, ten, ones = n.partition("十")  # 五, 十, 十五, 二十, 二十五
    value = (_NUMERALS.get(tens, 1 if not tens else 0) * 10 if ten else _NUMERALS.get(tens, 0)) + (
        _NUMERALS.get(ones, 0) if ten else 0
    )
    return value or None


def _subject(
    q: str,
    who: bool,
    units: list[Mention],
    targets: list[Mention],
    has_task: bool,
    role: Role | None,
    top: bool = False,
) -> tuple[str, str]:
    if _MOST.search(q) or _LEAST.search(q):
        return "rank", "most" if _MOST.search(q) else "least"
    if top:  # 牵头任务数前十名的单位, 前5个部门
        return "rank", "most"
    if len(units) >= 2 and _COMPARE.search(q):
        return "rank", "compare"
    if units and (_CO.search(q) or (who and _TOGETHER.search(q))):
        return "units", "co_leads"
    if who:
        return "units", "count" if re.search(r"几个|多少个?(?:部门|单位)", q) else "list"
    wants_targets = bool(_TARGETS.search(q)) or (targets and _VALUE.search(q) and not _TASKS.search(q))
    # a unit's tasks and then their targets (省发展改革委牵头的任务有哪些量化目标) ask for the targets
    asked_target, asked_task = _TARGETS.search(q), _TASKS.search(q)
    after_tasks = bool(asked_target and asked_task and asked_target.start() > asked_task.start())
    if wants_targets and not (units and asked_task and not after_tasks):
        return "targets", "value" if targets and _VALUE.search(q) else "list"
    return "tasks", "count" if _COUNT.search(q) else "list"


def _distinct(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if not any(o.keys[:1] == m.keys[:1] for o in out):
            out.append(m)
    return out


def _unknown(q: str, mentions: list[Mention], p: Parse) -> list[str]:
    """The words of the question that no mention, role, constraint or question word accounts for."""
    covered = [False] * len(q)
    for m in mentions:
        for i in range(m.start, min(m.end, len(q))):
            covered[i] = True
    spans = [
        mt.span() for rx in (_YEAR, _POLICY, _WITHOUT, _POLICIES, _DEADLINE, _TOP) for mt in rx.finditer(q)
    ]
    if p.subject == "targets":
        spans += [mt.span() for mt in _TARGET_WORDS.finditer(q)]
    spans += [mt.span() for rx, _by in _GROUPS for mt in rx.finditer(q)]
    spans += [mt.span() for mt in _PER_ENTITY.finditer(q)]
    if p.topic:
        i = q.find(p.topic)
        if i >= 0:
            spans.append((i, i + len(p.topic)))
    for s, e in spans:
        for i in range(s, e):
            covered[i] = True
    rest = "".join(c if not covered[i] else " " for i, c in enumerate(q))
    rest = _FILLER.sub(" ", rest)
    words = [_TRAILING.sub("", w) if len(_TRAILING.sub("", w)) >= 2 else w for w in rest.split()]
    return [w for w in words if len(w) >= 2 and w not in GENERIC_WORDS]


_MEASURE = set(
    "家个项条多少比更等各其所之以为对将"
)  # one character _FILLER drops that may begin or end a word


def _widen(q: str, word: str, mentions: list[Mention]) -> str:
    """A leftover word back to its run of the question (家庭医生签约服务, not 庭医生签约服务 once 家 was
    dropped as a measure word): one such character either side that no mention covers."""
    i = q.find(word)
    if i < 0:
        return word
    covered = {j for m in mentions for j in range(m.start, m.end)}
    s, e = i, i + len(word)
    if s > 0 and q[s - 1] in _MEASURE and s - 1 not in covered:
        s -= 1
    if e < len(q) and q[e] in _MEASURE and e not in covered:
        e += 1
    return q[s:e]

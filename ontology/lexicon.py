"""The one lexicon of responsibility wording: roles, role words, labels, markers and declared rules.

Brackets, label lines, tables and questions all read roles through these tables. A new wording is a
row here plus a test case, not a new branch of code:

- `ROLE_WORDS`: a word that names a role (牵头 → lead, 配合 → support, 负责 → responsible, 指导 → guide);
- `LABEL`: any short `…单位/部门/处室/主体` word with a role word in it, then a colon (牵头单位：,
  牵头督查单位：, 主责单位：, 责任处室：, 协办单位：, 市级配合单位：), its role the first role word in it;
- `VERB`: a role verb closing a unit list, with an optional manner word (A牵头，B、C按职责分工配合);
- `MARK`: a role written after a unit (省商务厅（牵头）); `LEAD_MARKS`: signs before or after a unit that
  mark a lead (*省商务厅, 省商务厅★);
- `RULES`: notes that declare how to read the lists (列第一位者为牵头单位, 加*号的为牵头单位,
  逗号前为牵头单位, 多个牵头的按职责分工负责, 下同) — each a pattern and what it does;
- `STOP_LABEL`: fields that end a unit list (完成时限：…, 责任领导：…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"
    RESPONSIBLE = "responsible"
    GUIDE = "guide"


ROLE_ZH: dict[str, str] = {
    Role.LEAD: "牵头",
    Role.SUPPORT: "配合",
    Role.RESPONSIBLE: "负责",
    Role.GUIDE: "指导",
}

# word -> role; longer words first where one contains another
ROLE_WORDS: dict[str, Role] = {
    "牵头": Role.LEAD, "主责": Role.LEAD, "主办": Role.LEAD, "主抓": Role.LEAD, "主导": Role.LEAD,
    "配合": Role.SUPPORT, "协同": Role.SUPPORT, "协办": Role.SUPPORT, "参与": Role.SUPPORT,
    "协助": Role.SUPPORT, "协作": Role.SUPPORT, "参加": Role.SUPPORT,
    "责任": Role.RESPONSIBLE, "负责": Role.RESPONSIBLE, "落实": Role.RESPONSIBLE, "实施": Role.RESPONSIBLE,
    "承办": Role.RESPONSIBLE, "推进": Role.RESPONSIBLE, "承担": Role.RESPONSIBLE, "执行": Role.RESPONSIBLE,
    "指导": Role.GUIDE,
}  # fmt: skip

_WORDS = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
_LEVEL = r"(?:主要|具体|总|直接|省级|市级|县级|区级|镇级|乡级|市直|省直|县直|区直)?"
_NOUN = r"(?:单位|部门|处室|科室|主体|机构|处|科)"
LABEL = re.compile(
    rf"(?P<label>{_LEVEL}(?:{_WORDS})[\u4e00-\u9fff]{{0,3}}?{_NOUN}(?:[（(](?:部门|单位)[）)])?"
    rf"|责任主体|实施主体|责任人单位)\s*[:：]"
)
# a table header that names a unit column: 牵头单位, 配合部门, 推进单位, 责任处室, 牵头 …
UNIT_COLUMN = re.compile(
    rf"{_LEVEL}(?:{_WORDS})(?:[\u4e00-\u9fff]{{0,3}}?{_NOUN})?(?:[（(](?:部门|单位)[）)])?|责任主体|实施主体"
)
STOP_LABEL = re.compile(
    r"(?:完成时限|完成时间|完成期限|时间安排|时限要求|时限|进度安排|时间节点|工作目标|预期成果|责任领导|牵头领导"
    r"|责任人|联系人|联系方式|联系电话|分管领导|督办领导)\s*[:：]"
)

# a role verb at the end of a clause, after the units: 牵头 / 按职责分工配合 / 会同…负责 (see VERB_ROLE)
_MANNER = (
    r"(?:按职责分工|按照职责分工|按职责|按照职责|根据职责|依职责|按属地|按照属地|属地"
    r"|分工|共同|具体|积极|分别|各自|协同)?"
)
VERB_WORDS: dict[str, Role] = {
    "牵头负责": Role.LEAD, "牵头落实": Role.LEAD, "牵头实施": Role.LEAD, "牵头推进": Role.LEAD,
    "牵头": Role.LEAD, "负总责": Role.LEAD,
    "负责落实": Role.RESPONSIBLE, "负责实施": Role.RESPONSIBLE, "负责推进": Role.RESPONSIBLE,
    "组织实施": Role.RESPONSIBLE, "负责": Role.RESPONSIBLE, "落实": Role.RESPONSIBLE,
    "实施": Role.RESPONSIBLE,
    "推进": Role.RESPONSIBLE, "承担": Role.RESPONSIBLE,
    "配合落实": Role.SUPPORT, "配合": Role.SUPPORT, "协助": Role.SUPPORT, "参与": Role.SUPPORT,
    "协同": Role.SUPPORT, "协办": Role.SUPPORT,
    "指导": Role.GUIDE,
}  # fmt: skip
VERB = re.compile(rf"(?P<manner>{_MANNER})(?P<verb>{'|'.join(sorted(VERB_WORDS, key=len, reverse=True))})$")

# a role written after a unit in a list: 省商务厅（牵头）、杭州海关
MARK = re.compile(r"[（(](?P<m>牵头|主责|配合|参与|协同|协办|指导|负责)(?:单位|部门)?[）)]$")
MARK_ROLE: dict[str, Role] = {
    "牵头": Role.LEAD, "主责": Role.LEAD, "配合": Role.SUPPORT, "参与": Role.SUPPORT, "协同": Role.SUPPORT,
    "协办": Role.SUPPORT, "指导": Role.GUIDE, "负责": Role.RESPONSIBLE,
}  # fmt: skip
LEAD_MARKS = "*＊★☆▲△※"


# how a question names a role (牵头哪些任务, 由哪些部门配合); 负责 / 承担 / 参与 there ask for any role
QUESTION_ROLES: tuple[tuple[str, str], ...] = (
    ("牵头", Role.LEAD),
    ("配合|协同|协助|支持部门|参与部门|参与单位", Role.SUPPORT),
    ("按职责分工负责|责任单位|责任部门", Role.RESPONSIBLE),
    ("指导", Role.GUIDE),
    ("负责|承担|落实|涉及|参加|参与", "any"),
)


class RuleKind(StrEnum):
    FIRST_LEADS = "first_leads"  # the first unit of each list leads
    MARKED_LEAD = "marked_lead"  # a unit with a lead mark (*, ★ …) leads
    GROUP_LEADS = "group_leads"  # the units before the first separator lead
    IGNORE = "ignore"  # a note about the lists that assigns nothing (下同, 多个牵头的按职责分工负责)


@dataclass(frozen=True)
class Rule:
    kind: RuleKind
    pattern: re.Pattern[str]


_IS_LEAD = r"(?:为|是|系|作为)(?:牵头(?:单位|部门)?|主责(?:单位|部门))"
_WHICH = r"(?:者|的|的部门|的单位|单位|部门|之单位)?"
RULES: tuple[Rule, ...] = (
    Rule(
        RuleKind.FIRST_LEADS,
        re.compile(
            rf"(?:列|排|排在|排列|位列|排名|列在|名列|列于|排于)?(?:第一位|首位|第一个|第一|最前|首个){_WHICH}{_IS_LEAD}"
        ),
    ),
    Rule(
        RuleKind.MARKED_LEAD,
        re.compile(
            rf"(?:(?:加|标|带|注|标注|标有|加注|有)?[{re.escape(LEAD_MARKS)}]号?|(?:字体)?加粗(?:显示)?){_WHICH}{_IS_LEAD}"
        ),
    ),
    Rule(
        RuleKind.GROUP_LEADS,
        re.compile(
            rf"(?:第一个)?(?P<sep>逗号|分号|顿号|冒号)(?:之)?前(?:面)?{_WHICH}{_IS_LEAD}"
            r"(?:[，,；;]?(?:第一个)?(?:逗号|分号|顿号)?(?:之)?后(?:面)?(?:的)?(?:单位|部门)?(?:为|是)"
            r"(?P<rest>配合|协办|参与|责任)(?:单位|部门)?)?"
        ),
    ),
    Rule(
        RuleKind.IGNORE,
        re.compile(
            r"^(?:下同|以下同|不再列出|不再一一列出|以下不再列出|分别负责|按职责分工|各自负责|排名不分先后|不分先后"
            r"|多个牵头(?:单位|部门)?的?(?:按职责分工|分别)?负责|按职责分工负责|按职责负责)$"
        ),
    ),
)
SEPARATORS: dict[str, str] = {"逗号": "，,", "分号": "；;", "顿号": "、", "冒号": "：:"}


def role_of_label(label: str) -> Role:
    """The role a label names: its first role word (牵头督查单位 → lead, 配合落实单位 → support)."""
    m = re.search(_WORDS, label)
    return ROLE_WORDS[m.group(0)] if m else Role.RESPONSIBLE


def role_of_verb(verb: str) -> Role:
    return VERB_WORDS.get(verb, Role.LEAD if verb.startswith("牵头") else Role.RESPONSIBLE)


def declared_rule(clause: str) -> Rule | None:
    """The rule a clause declares (searched anywhere in it, except IGNORE, which is the whole clause)."""
    for rule in RULES:
        found = rule.pattern.match(clause) if rule.kind is RuleKind.IGNORE else rule.pattern.search(clause)
        if found:
            return rule
    return None


# --- the question vocabulary (graph/ask_parse.py, graph/ask_link.py, graph/ask_place.py) -----------------
# words of a question that are never a name: no sector, unit or target is linked to them, not even by a
# near miss (城市 is not 智慧城市, 政策 is not 财税政策, 服务 is not 民生服务)
GENERIC_WORDS: frozenset[str] = frozenset(
    "政策 文件 政策文件 服务 城市 工作 部门 单位 任务 事项 措施 目标 指标 哪些 什么 多少"
    " 方面 领域 平台 地区 地方 省份 省市 区县 出台 印发 发布 要求 完成 有关 相关 分别 各自"
    " 哪里 全部 所有 情况 内容 文件里 通知 意见 方案 机构"
    " 负责 牵头 配合 哪个 几个 几项 关于 今年 明年 年底 月底 之前 以前 时限 期限 截止 到期".split()
)
# a place is written in full (太仓市, 浙江省, 深圳市罗湖区) or without its suffix (太仓, 浙江, 罗湖);
# longer suffixes first
PLACE_SUFFIXES: tuple[str, ...] = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "州",
)
# the whole country: a national unit's or document's region
NATIONAL_WORDS: tuple[str, ...] = ("全国", "国家级", "中央")
# how a question asks one answer per region: pattern -> grouping (a policy's city, province, or region)
GROUP_WORDS: tuple[tuple[str, str], ...] = (
    ("哪些城市|哪个城市|哪几个城市|各城市|各市|哪些市|每个城市", "city"),
    ("哪些省份?|哪个省份?|哪几个省|各省|每个省", "province"),
    ("哪些地区|哪个地区|哪些地方|各地区|各地|哪里|每个地区", "region"),
)
# one answer per named entity (南充和宁波的科技局分别牵头几项任务)
PER_ENTITY_WORDS = "分别|各自|各有|各牵头|各负责"
# a question about documents (哪些政策, 2026年有哪些文件, 省卫生健康委印发了哪些文件, 哪些城市出台了…政策)
POLICY_WORDS = (
    r"(?:哪些|哪份|哪几份|什么|几份|多少份?|有)(?:政策|文件|政策文件)|(?:政策|文件)(?:有哪些|有几份|有多少|是哪些)"
    r"|出台|印发|发布|发文"
)
# units asked about as partners of a named one (哪些单位与市科技局共同牵头): the co-leads
TOGETHER_WORDS = r"(?:与|和|同|跟).{1,30}?(?:共同|一起|一同|联合)"
# words that qualify a target question without naming an indicator (宁波市有哪些量化目标)
TARGET_WORDS = r"量化|定量|具体|主要|预期|约束性|考核"
# a ranking's length (牵头任务最多的前5个单位, 前十名, 前三位); 前三季度, 前5个月 are not rankings
TOP_WORDS = r"前\s*(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:名|位|(?:个|家)?(?=单位|部门))"
# a deadline question (哪些任务要求2025年底前完成): the tasks due in that year (by its month when written)
DEADLINE_WORDS = r"完成|到期|截止|时限|底前|月底|年底"

"""What a unit name looks like: the check every unit passes before it becomes a department.

A unit is a region prefix, a body and an organ suffix (厅/局/委/办/部/署/院/会/政府/管委会/中心/集团/
公司/分行/海关 …), a name the registry knows, or a collective (各区人民政府, 有关部门). A note inside the
name (〈含开发区、长江新区,下同〉, （市数据局）) stays with it. Clause text (下同, 以下均需…落实, 不再列出,
a rule, a time phrase), empty cells (/, —, 无), markup and quotes, telephone numbers and links are not
unit names: `valid_unit` says why, and the caller reports the text instead of storing it.
"""

from __future__ import annotations

import re

from .registry import Registry, is_collective

EMPTY_CELL = re.compile(r"^[\s/／\\—–\-－_、。.…无暂无空略]*$")
_BAD = re.compile(r"[\"'“”‘’<>{}=;|\\/@#$%^&~`：:？?！!]|://|www\.|\d{3,}\s*[-－—]\s*\d|\d{7,}")
# a short word in Chinese quotes inside a real name (省委“两新”工委, 市“放管服”改革办): not a quoting fragment
_QUOTED_WORD = re.compile(r"(?<=[\u4e00-\u9fff])“[\u4e00-\u9fff]{1,8}”(?=[\u4e00-\u9fff])")
# clause words: never in a unit's name; verbs and time words: only in a name with no organ suffix
_CLAUSE = re.compile(
    r"下同|以下|不再|列出|职责|分工|均需|均由|为牵头|第一位|首位|牵头|配合|协助|负责|落实|联系"
)
_CLAUSE_WEAK = re.compile(
    r"参与|完成|季度|年底|月底|之前|以前|加快|推动|推进|鼓励|支持|加强|实施|开展|建立|完善|提升|打造"
)
_NOTE = re.compile(r"〈[^〈〉]*〉|《[^《》]*》|[（(](?:含|包括|下同|不含)[^（）()]*[）)]")
_TRAILING_ALIAS = re.compile(r"[（(][^（）()、，,]{3,12}[）)]$")  # （市数据局）, （人才办）; not （街道）
_ALIAS_SUFFIX = re.compile(r"(办|局|委|厅|部|室|中心|院|会|署)$")
UNIT_SUFFIX = re.compile(  # an alternative a shorter one ends (法院: 院, 分局: 局) is not written again
    r"(部|委|厅|局|办|署|会|行|院|社|队|组|市|县|区|所|站|协|联|中心|政府|公司|集团|办公室|团中央|部门|单位|机构"
    r"|海关|大学|学校|企业|街道|乡镇|专班|办事处|基地|平台|联盟)$"
)
_NOT_UNIT_START = re.compile(
    r"^(鼓励|支持|引导|推动|推进|加强|组织|动员|积极|依法|按照|根据|通过|对|在|将|把|以)"
)


def name_without_notes(surface: str) -> str:
    """各区人民政府〈含开发区,下同〉 -> 各区人民政府; 市发展改革委（市数据局） -> 市发展改革委."""
    s = _NOTE.sub("", surface).strip()
    m = _TRAILING_ALIAS.search(s)
    if m and m.start() >= 2 and _ALIAS_SUFFIX.search(s[m.start() + 1 : m.end() - 1]):
        s = s[: m.start()]
    return s


def valid_unit(surface: str, registry: Registry) -> str | None:
    """None when `surface` is a unit name; else the reason it is not."""
    s = surface.strip()
    if EMPTY_CELL.match(s):
        return "empty"
    name = name_without_notes(s)
    if _BAD.search(_QUOTED_WORD.sub("", name)) or any(c in name for c in "\n\r\t\x00"):
        return "not a unit name (punctuation, markup, a number or a link)"
    known = registry.resolve(name).known or is_collective(name)
    if (_CLAUSE.search(name) or (_CLAUSE_WEAK.search(name) and not UNIT_SUFFIX.search(name))) and not known:
        return "clause text, not a unit"
    if not 2 <= len(name) <= 40 or not re.search(r"[\u4e00-\u9fff]", name):
        return "not a unit name (length or no Chinese)"
    if known or UNIT_SUFFIX.search(name):
        return None
    if (
        len(name) <= 10
        and not _NOT_UNIT_START.match(name)
        and "的" not in name
        and not re.search(r"\d", name)
    ):
        return None  # a short proper name in a list of units (杭州资本)
    return "no organ suffix and not a known unit"


def looks_like_unit(surface: str, registry: Registry) -> bool:
    """Stricter: a name with an organ suffix, known, or a collective (used to tell a bracket of units
    from a bracket of prose when no label says so)."""
    s = name_without_notes(surface.strip())
    if not 2 <= len(s) <= 40 or ("的" in s and not is_collective(s)) or "。" in s:
        return False
    if _NOT_UNIT_START.match(s) or valid_unit(surface, registry) is not None:
        return False
    if registry.resolve(s).known or is_collective(s):
        return True
    return bool(UNIT_SUFFIX.search(s))

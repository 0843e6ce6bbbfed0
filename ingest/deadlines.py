"""A task's deadline: 完成时限：2022年底前 / 时间安排：2023年6月底前 / （2025年底前完成） / a table's
完成时限 column / 持续推进 — normalised to a year and an optional month, with the text as written.

A target's horizon (到2025年，……达到300个) is not a task deadline: only a labelled field, a table
cell, or a phrase that says "by the end of / before" (底前, 前完成, 年底) counts.
"""

from __future__ import annotations

import re

from ontology.lexicon import LABEL, STOP_LABEL

from .models import Deadline
from .text import ASCII_DIGITS

_FIELD = re.compile(r"(?:完成时限|完成时间|完成期限|时间安排|时限要求|时限|进度安排|时间节点)\s*[:：]\s*")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年(?:\s*(?P<m>\d{1,2})\s*月)?(?:(?P<q>上半年|下半年|年底|年末|底|末|中))?"
)
# "by / before" phrases in running text: 2023年底前, 2024年6月底前, 2022年前完成, 于2023年底完成
_BEFORE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年(?:\s*(?P<m>\d{1,2})\s*月)?(?P<q>上半年|下半年|年底|年末|底|末)?"
    r"(?:前|以前|之前)(?:完成|实现|建成|出台|全面)?|"
    r"(?:于|在)(?P<y2>(?:19|20)\d{2})\s*年(?:\s*(?P<m2>\d{1,2})\s*月)?(?:底|末)?(?:前)?完成"
)
# a time phrase standing as a clause of an attribution: （三季度前完成，牵头督查单位：…）, （2023年底前）
_TIME_CLAUSE = re.compile(
    r"^(?:(?P<y>(?:19|20)\d{2})\s*年)?(?:(?P<m>\d{1,2})\s*月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?"
    r"|(?P<q>[一二三四1-4])季度(?:末|底)?|上半年|下半年|年底|年末|年内|当年|全年|(?:每|各)?季度)?"
    r"(?:前|以前|之前|底前|内)?(?:完成|实现|见效|建成|出台|启动|落实到位|到位|取得成效)?$"
)
_LOOSE_TIME = re.compile(
    r"^(?:(?P<y>(?:19|20)\d{2})\s*年(?:起|开始|以来)?)?(?:每年|每季度|每月|逐年|持续|长期|常态化|定期|分年度|年度)?"
    r"(?:开展|推进|实施|落实|坚持|完成|组织)?(?:推进|开展|实施)?$"
)
_ONGOING = re.compile(r"^(持续推进|长期坚持|持续开展|长期|持续|常态化推进|每年|逐年推进|年度|按年度)")


def parse_deadline(text: str, span: tuple[int, int] | None = None) -> Deadline | None:
    """A cell or field value -> Deadline; None when it says nothing about time."""
    value = text.strip(" \t\u3000。；;，,").translate(ASCII_DIGITS)
    if not value or len(value) > 60:
        return None
    m = _DATE.search(value)
    if m:
        month = int(m["m"]) if m["m"] else (6 if m["q"] == "上半年" else None)
        if month is not None and not 1 <= month <= 12:
            month = None
        return Deadline(year=int(m["y"]), month=month, text=value, span=span)
    if _ONGOING.match(value):
        return Deadline(year=None, month=None, text=value, span=span)
    return None


def time_phrase(clause: str, span: tuple[int, int] | None = None) -> Deadline | None:
    """A clause that is only a time (三季度前完成, 2023年6月底前, 持续推进) -> Deadline; else None."""
    value = clause.strip(" \t\u3000。；;，,").translate(ASCII_DIGITS)
    if not value or len(value) > 30:
        return None
    m = _TIME_CLAUSE.match(value)
    if m and len(value) >= 2 and re.search(r"\d|季度|半年|年底|年末|年内|当年|全年", value):
        year = int(m["y"]) if m["y"] else None
        month = int(m["m"]) if m["m"] and 1 <= int(m["m"]) <= 12 else None
        if m["q"]:
            month = 3 * ("一二三四".find(m["q"]) + 1 if m["q"] in "一二三四" else int(m["q"]))
        return Deadline(year=year, month=month, text=value, span=span)
    if _ONGOING.match(value) and len(value) <= 8:
        return Deadline(year=None, month=None, text=value, span=span)
    loose = _LOOSE_TIME.match(value)  # 2022年起每年开展, 每季度开展, 长期坚持推进
    if loose and len(value) <= 20:
        start_only = any(w in value for w in ("起", "开始", "以来"))  # 2022年起: a start, not a deadline
        year = int(loose["y"]) if loose["y"] and not start_only else None
        return Deadline(year=year, month=None, text=value, span=span)
    return None


def find_deadline(text: str, offset: int = 0) -> Deadline | None:
    """The deadline a task's text states: a labelled field first, else a "before …" phrase."""
    text = text.translate(ASCII_DIGITS)
    for m in _FIELD.finditer(text):
        end = len(text)
        for stop in (re.compile(r"[。；;\n]"), STOP_LABEL):
            s = stop.search(text, m.end())
            if s:
                end = min(end, s.start())
        label = LABEL.search(text, m.end(), end)
        if label:
            end = label.start()
        value = text[m.end() : end]
        found = parse_deadline(value, (offset + m.end(), offset + m.end() + len(value.rstrip())))
        if found:
            return found
    before = _BEFORE.search(text)
    if before:
        y = int(before["y"] or before["y2"])
        mo = before["m"] or before["m2"]
        month = int(mo) if mo and 1 <= int(mo) <= 12 else None
        span = (offset + before.start(), offset + before.end())
        return Deadline(year=y, month=month, text=before.group(0), span=span)
    return None

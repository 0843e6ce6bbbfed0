"""What a published file carries besides the document: a gov-site 信息公开 block and export headers.

A 政府信息公开 page states its metadata in a block of fields — 索引号, 发布机构, 成文日期, 文号, 名称,
主题分类, 发布日期 — as lines (`文号：浙政办发〔2021〕12号`), several on a line, or as a table row of
label and value cells. A legal-database export starts with header lines (【法宝引证码】, 原文链接：) that
are not the title. `info_block(lines)` reads the fields; `is_header_line` tells the lines that are
neither title nor text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .structure import Line

_FIELDS: dict[str, str] = {
    "索引号": "index_number", "信息索引号": "index_number",
    "发布机构": "issuer", "发文机关": "issuer", "发文单位": "issuer", "发布单位": "issuer",
    "制发机关": "issuer",
    "成文日期": "written", "发文日期": "written", "印发日期": "written",
    "文号": "doc_number", "发文字号": "doc_number",
    "名称": "title", "标题": "title", "文件名称": "title",
    "主题分类": "subject", "主题词": "subject", "信息分类": "subject", "分类": "subject",
    "发布日期": "published", "公开日期": "published", "发布时间": "published",
    "有效性": "validity", "生效日期": "effective",
}  # fmt: skip
# 索 引 号：, 名　称：: a label's characters may stand apart
_LABEL = "|".join(r"[ \u3000]?".join(k) for k in sorted(_FIELDS, key=len, reverse=True))
_PAIR = re.compile(
    rf"(?P<k>{_LABEL})\s*[:：]?\s*(?:\t+|[:：]\s*|\s+)(?P<v>.*?)"
    rf"(?=\s*(?:\t|[ \u3000]{{2,}}|\s)(?:{_LABEL})\s*[:：\t]|\s*$)"
)
_HEADER = re.compile(
    r"^\s*(?:【法宝引证码】|【引证码】|引证码[:：]|原文链接[:：]|原文地址[:：]|来源[:：]|来源网站[:：]|https?://"
    r"|当前位置[:：]|您现在的位置|首页\s*[>＞»]|【字体[:：]|字号[:：]|打印本页|关闭窗口|分享到|扫一扫在手机|【打印】|【关闭】"
    r"|浏览次数|访问量[:：]|阅读次数)"
)
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-年./]\s*(?P<m>\d{1,2})\s*[-月./]\s*(?P<d>\d{1,2})")


@dataclass
class InfoBlock:
    fields: dict[str, str]
    lines: set[int]  # the start offsets of the block's lines

    def date(self, key: str) -> str | None:
        m = _DATE.search(self.fields.get(key, ""))
        if not m or not (1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31):
            return None
        return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"


def is_header_line(text: str) -> bool:
    """A line of page chrome or an export header (【法宝引证码】, 原文链接：, 当前位置：首页 > …)."""
    return bool(_HEADER.match(text))


def info_block(lines: list[Line], limit: int = 40) -> InfoBlock:
    """The 信息公开 fields among the first `limit` lines (empty when there are fewer than two)."""
    fields: dict[str, str] = {}
    starts: set[int] = set()
    for line in lines[:limit]:
        found = False
        for m in _PAIR.finditer(line.text):
            key = _FIELDS[re.sub(r"[ \u3000]", "", m.group("k"))]
            value = m.group("v").strip(" \t\u3000：:").split("\t")[0].strip()  # a merged cell repeats
            if value and key not in fields and len(value) <= 200:
                fields[key] = value
                found = True
        if found:
            starts.add(line.start)
    if len(fields) < 2:
        return InfoBlock({}, set())
    return InfoBlock(fields, starts)

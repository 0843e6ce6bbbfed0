"""Document metadata: title (derived when missing), issuer, signature date, document number, type,
region and level (`ingest.place`), and the documents it says it implements."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import place as places
from .govpage import InfoBlock, info_block, is_header_line
from .numbers import cn_to_int
from .place import Place
from .registry import region_of
from .structure import Line, title_key
from .text import ASCII_DIGITS

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号"
)
_DATE = re.compile(
    r"^\s*(?P<y>(?:19|20)\d{2})\s*[年月]\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$"
)  # 2026月3月26日: a typo
# a signature on one line: 杭州市科学技术局2026年5月25日发布，征求意见截止…
_SIGN_LINE = re.compile(
    r"^\s*(?P<i>[\u4e00-\u9fff]{4,40}?(?:局|委|厅|办|政府|办公室|办公厅|委员会|中心|专班))(?:[（(][^（）()]{2,20}[）)])?"
    r"\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?:发布|印发|制定|公布)?(?:[，,。].*)?$"
)
_CN_DATE = re.compile(
    rf"^\s*(?P<y>[〇零一二三四五六七八九]{{4}})年(?P<m>[{'一二三四五六七八九十'}]{{1,3}})月(?P<d>[一二三四五六七八九十]{{1,3}})日\s*$"
)
_ISSUER = re.compile(r"(人民政府|办公厅|办公室|委员会|国务院|部|厅|局|委|署|中央|政府)$")
_ADDRESSEE = re.compile(r"[:：]\s*$")
DOC_TYPES = [
    "实施意见", "指导意见", "若干意见", "意见", "实施方案", "工作方案", "行动方案", "方案",
    "行动计划", "计划", "规划", "实施细则", "细则", "管理办法", "办法", "若干措施", "措施",
    "决定", "规定", "纲要", "通知", "通告", "公告", "批复",
]  # fmt: skip
_TYPE_IN_PREAMBLE = re.compile(r"(?:制定|提出|印发)(?:如下|以下|本)?(?P<t>" + "|".join(DOC_TYPES) + ")")
_TOPIC = re.compile(
    r"(?P<t>(?:促进|推动|推进|加快|深化|支持|加强|做好|进一步|全面|持续)[^，,。；;]{2,30}?)(?=[，,。；;])"
)


@dataclass
class Meta:
    title: str
    title_derived: bool
    issuer: str | None
    date: str | None
    doc_number: str | None
    doc_type: str | None
    region: str | None
    level: str
    place: Place
    issued: str | None  # the signature date, else the 文号 year
    cited: list[tuple[str | None, str | None]]  # (title, document number) of what it implements
    block: InfoBlock | None = None  # a gov-site 信息公开 block: published, index number, subject


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def parse_date_line(text: str) -> str | None:
    text = text.translate(ASCII_DIGITS)
    m = _DATE.match(text)
    if m:
        return _iso(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _CN_DATE.match(text)
    if m:
        digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
        digits["零"] = 0
        y = int("".join(str(digits[c]) for c in m["y"]))
        return _iso(y, cn_to_int(m["m"]) or 0, cn_to_int(m["d"]) or 0)
    return None


def extract_meta(text: str, lines: list[Line]) -> Meta:
    block = info_block(lines)
    body = [ln for ln in lines if ln.start not in block.lines and not is_header_line(ln.text)]
    issuer, date = _signature(body)
    doc_number, number_pos = _doc_number(body)
    doc_number = doc_number or _block_number(block)
    title_lines = _title_lines(body)
    title = block.fields.get("title") or _join_title(title_lines)
    derived = False
    issuer = issuer or block.fields.get("issuer")
    date = date or block.date("written")
    if not issuer and title:
        m = re.match(r"^(?P<i>.+?)关于", title)
        issuer = _joint(m.group("i")) if m and _ISSUER.search(m.group("i")) else None
    if not issuer:
        issuer = _header_issuer(lines, number_pos)
    place, number_issuer = _place(text, issuer, doc_number, title)
    issuer = issuer or number_issuer
    doc_type = next((t for t in DOC_TYPES if bare_title(title).endswith(t)), None) if title else None
    if not doc_type:
        m = _TYPE_IN_PREAMBLE.search(text[:4000])
        doc_type = m.group("t") if m else None
    if not title:
        title = _derive_title(text, issuer, doc_type)
        derived = True
    issued = date or _number_year(doc_number)
    return Meta(
        title,
        derived,
        issuer,
        date,
        doc_number,
        doc_type,
        place.region,
        place.level,
        place,
        issued,
        cited_documents(text),
        block if block.fields else None,
    )


def _block_number(block: InfoBlock) -> str | None:
    m = DOC_NUMBER.search(block.fields.get("doc_number", ""))
    return re.sub(r"\s+", "", m.group(0)) if m else None


def _join_title(title_lines: list[Line]) -> str:
    """The title lines, one line written twice (ASCII and full-width brackets) kept once."""
    out: list[str] = []
    for line in title_lines:
        t = line.text.strip()
        if out and title_key(out[-1]) == title_key(t):
            out[-1] = t  # the later copy (full-width brackets, as printed)
            continue
        out.append(t)
    return "".join(out)


def _number_year(doc_number: str | None) -> str | None:
    m = re.search(r"(?:19|20)\d{2}", doc_number or "")
    return m.group(0) if m else None


def _joint(issuers: str) -> str:
    """中共广州市委 广州市人民政府 -> 中共广州市委、广州市人民政府 (joint issuers, one separator);
    成都市经济和信息化局成都市科学技术局 (written together) -> the two, split where the place recurs."""
    parts = [p for p in re.split(r"[\s　、，,]+", issuers.strip()) if p]
    out: list[str] = []
    for p in parts:
        m = re.match(r"^(?:中共)?([\u4e00-\u9fff]{2,4}?[省市区县])", p)
        if m and len(p) > 8:
            prefix = m.group(1)
            cuts = [i for i in range(4, len(p)) if p.startswith(prefix, i) and _ISSUER.search(p[:i])]
            pos = 0
            for c in cuts:
                out.append(p[pos:c])
                pos = c
            out.append(p[pos:])
        else:
            out.append(p)
    return "、".join(out)


_HEADER = re.compile(
    r"^(?:(?:中共)?[\u4e00-\u9fff]{2,16}?(?:委员会|委|人民政府|政府|办公厅|办公室)[\s　、，,]*){1,3}$"
)


def _header_issuer(lines: list[Line], number_pos: int | None) -> str | None:
    """A joint-issuer line above the title (中共广州市委 广州市人民政府)."""
    for line in lines[:3]:
        if line.level or (number_pos is not None and line.start >= number_pos):
            break
        t = line.text.strip()
        if "关于" not in t and _HEADER.match(t) and places.place_of_name(t).known:
            return _joint(t)
    return None


def _place(
    text: str, issuer: str | None, doc_number: str | None, title: str = ""
) -> tuple[Place, str | None]:
    """The document's place, and an issuer read from its 文号 when the text names none."""
    for name in _joint(issuer).split("、") if issuer else []:
        place = _named_place(name)
        if place.known:
            return places.with_parent(place, text), None
    national, hint = places.number_hint(doc_number)
    if national:
        return places.NATIONAL_PLACE, national
    head = text[:1500]
    kind = places.we_kind(text)
    if hint:
        chosen = places.place_from_text(text, kind, hint.candidates)
        if chosen and chosen.region:
            return chosen, places.issuer_from_hint(chosen.region, hint)
    for m in places.JOINT.finditer(head):
        found = places.place_of_name(m.group(0))
        if found.known and found.region != places.NATIONAL and m.group("a"):
            return places.with_parent(found, text), None
    place = _named_place(title.removeprefix("关于"))  # 某县关于… / 某区支持…的若干措施 (a draft too)
    if place.known and place.region != places.NATIONAL:
        return places.with_parent(place, text), None
    if kind:
        chosen = places.place_from_text(text, kind)
        if chosen is not None and chosen.known:
            return chosen, None
    return places.UNKNOWN, None


def _named_place(name: str) -> Place:
    """The place a name starts with: a table place or one before 人民政府 / 委, else a county or
    district it begins with (罗湖区科技和工业信息化局, 罗湖区支持…)."""
    place = places.place_of_name(name)
    return place if place.known else places.place_of_prefix(name)


_CITED = re.compile(
    r"(?:贯彻落实|贯彻|落实|根据|按照|依据|执行)(?:好|党中央、国务院|国务院|省委、省政府|市委、市政府)?[^。；《]{0,12}"
    r"《(?P<title>[^《》]{6,80})》(?:\s*[（(](?P<no>[^（）()]{2,24}?号)[）)])?"
)


def cited_documents(text: str) -> list[tuple[str | None, str | None]]:
    """The documents the preamble says this one implements: (title, 文号), in order, once each."""
    out: list[tuple[str | None, str | None]] = []
    for m in _CITED.finditer(text[:3000]):
        no = m.group("no")
        number = re.sub(r"\s+", "", no) if no and DOC_NUMBER.search(no) else None
        item = (m.group("title").strip(), number)
        if item not in out:
            out.append(item)
    return out


# what may stand beside the document number on its own header line (文号：, a 签发人 field, spaces)
_NUMBER_LINE_REST = re.compile(r"^[\s:：　]*(?:文号|发文字号|签发人[:：]?\s*\S{2,4})?[\s:：　]*$")


def _doc_number(lines: list[Line]) -> tuple[str | None, int | None]:
    """This document's number: a header line (before the first heading) holding the number alone.

    A number cited in a sentence (根据《……》（国办发〔2018〕126号）) is another document's: taking it
    would make every document that cites it a "version" of the others.
    """
    for line in lines[:15]:
        if line.level:
            break
        m = DOC_NUMBER.search(line.text)
        rest = (line.text[: m.start()] + " " + line.text[m.end() :]).strip().strip("（()）") if m else ""
        if m and _NUMBER_LINE_REST.match(rest):
            return re.sub(r"\s+", "", m.group(0)), line.start + m.start()
    return None, None


def _signature(lines: list[Line]) -> tuple[str | None, str | None]:
    """The first signature: issuer lines (one, or up to three joint issuers) above a standalone date."""
    for i, line in enumerate(lines):
        date = parse_date_line(line.text)
        if date and i > 0:
            names: list[str] = []
            for prev_line in reversed(lines[max(0, i - 3) : i]):
                prev = prev_line.text.strip()
                if len(prev) <= 40 and _ISSUER.search(prev) and "。" not in prev and not prev_line.level:
                    names.insert(0, prev)
                else:
                    break
            if names:
                return _joint("、".join(names)), date
    for line in reversed(lines):
        m = _SIGN_LINE.match(line.text)
        if m and _ISSUER.search(m.group("i")):
            return _joint(m.group("i")), _iso(int(m["y"]), int(m["m"]), int(m["d"]))
    for line in lines:
        date = parse_date_line(line.text)
        if date:
            return None, date
    return None, None


_RED_HEAD = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}文件$")  # 广州市人民政府文件: the letterhead
_NOT_TITLE = re.compile(r"^(?:签发人|密级|紧急程度|特急|加急|\(此件|（此件|[★☆]|\d+$)")


def _title_lines(lines: list[Line]) -> list[Line]:
    """The title: the first run of title-like lines in the header (above or below the document number,
    the letterhead left out) that reads like one (关于…, or ending with 意见 / 通知 / 方案 …)."""
    runs: list[list[Line]] = [[]]
    for line in lines[:8]:
        t = line.text.strip()
        if _ADDRESSEE.search(t) or line.level or "。" in t or len(t) > 120:
            break
        if DOC_NUMBER.search(t) or _RED_HEAD.match(t) or _NOT_TITLE.match(t) or parse_date_line(t):
            runs.append([])
            continue
        runs[-1].append(line)
    for run in runs:
        if run and any(("关于" in ln.text or bare_title(ln.text).endswith(tuple(DOC_TYPES))) for ln in run):
            return run
    return []


def bare_title(title: str) -> str:
    """A title without its trailing note: …若干措施（试行） / （征求意见稿） / （2021-2023年）."""
    return re.sub(r"\s*[（(][^（）()]{1,16}[）)]\s*$", "", title.strip())


def _derive_title(text: str, issuer: str | None, doc_type: str | None) -> str:
    """The sample has no title line: build one from the issuer and the preamble's purpose clause."""
    head = text[:3000]
    purpose = re.search(r"(?:制定|提出|印发)(?:如下|以下|本)?(?:" + "|".join(DOC_TYPES) + ")", head)
    scope = head[: purpose.start()] if purpose else head[:600]
    topic = None
    for m in _TOPIC.finditer(scope):
        candidate = m.group("t")
        if "贯彻" in candidate or "落实" in candidate or "指示" in candidate:
            continue
        topic = candidate
        break
    if topic and issuer:
        region = region_of(issuer)
        if region:
            topic = topic.replace(region.province, "").replace(region.short + "省", "")
        return f"{issuer}关于{topic}的{doc_type or '文件'}"
    first = next((ln.strip() for ln in text.splitlines() if ln.strip() and not is_header_line(ln)), "")
    if len(first) > 60:  # never cut a word: at the last punctuation before 60 characters, else whole
        cut = max(first.rfind(c, 0, 60) for c in "，,；;。：:")
        first = first[:cut] if cut >= 10 else first
    return (issuer + "：" if issuer else "") + first

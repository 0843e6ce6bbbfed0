"""`policykg_named_entities`: named enterprises, zones and platforms -> `doc.spans["named"]`.

A candidate ends in a suffix (交易中心, 示范区, 信息平台, …); its left boundary is found by tagging a
short window with jieba's POS tagger and keeping name-like words (stopping at verbs, particles and
punctuation other than quotes). Generic phrases (技术创新中心) are dropped: a name must hold a place
or proper noun, a quotation, or a 省/国家 prefix (platforms).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .doctext import doc_text

ENTERPRISE = "交易中心|交易所|有限公司|股份有限公司|公司|集团|银行|研究院|大数据中心|数据中心"
ZONE = "自由贸易试验区|综合试验区|示范区|综试区|试验区|开发区|高新区|自贸区|新区|产业园|集聚区|示范基地"
PLATFORM = "信息平台|云平台|服务平台|平台|公示系统|系统|数据库"
_SUFFIX = re.compile(rf"(?P<enterprise>{ENTERPRISE})|(?P<zone>{ZONE})|(?P<platform>{PLATFORM})")
_CONTINUES = re.compile(r"企业|经济|公司|型|化|性|内|外|上|间|等平台|类")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、！？!?\n\t]")
_KEEP_FLAGS = {
    "n",
    "ns",
    "nt",
    "nz",
    "nr",
    "vn",
    "an",
    "a",
    "j",
    "l",
    "b",
    "f",
    "s",
    "eng",
    "m",
    "q",
    "x",
    "ng",
    "nrt",
    "i",
}
_PROPER = {"ns", "nt", "nz", "nr", "nrt"}
_STOP_WORDS = {
    "建设", "加快", "推进", "推动", "依托", "打造", "支持", "完善", "升级", "对接", "发挥", "实施", "深化",
    "建成", "做大做强", "做强", "做大", "提升", "探索", "构建", "开展", "鼓励", "引导", "通过", "利用",
    "推广", "应用", "发展", "加强", "培育", "建立", "形成", "积极", "全面", "面向", "基于", "围绕",
    "统筹", "重点", "高水平", "持续", "健全", "强化", "优化", "促进", "保障", "落实", "研究", "制定",
    "申报", "争创", "创建", "运营", "参与", "引进", "联合", "组织", "开设", "设立", "提供", "汇集",
}  # fmt: skip
_GENERIC_START = re.compile(r"^(省|国家|全国|中国|全省|省级|国家级)")
Span.set_extension("entity_type", default=None, force=True)


@Language.factory("policykg_named_entities")
def make_named_entities(nlp: Language, name: str) -> NamedEntityFinder:
    return NamedEntityFinder()


class NamedEntityFinder:
    def __init__(self) -> None:
        import jieba.posseg

        self.posseg = jieba.posseg

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        spans: list[Span] = []
        taken_until = -1
        for m in _SUFFIX.finditer(text):
            end = m.end()
            if end <= taken_until or _CONTINUES.match(text, end):
                continue  # the suffix continues into a longer word (平台企业, 平台经济, 系统性 …)
            etype = m.lastgroup or "platform"
            start = self._left_boundary(text, m.start(), end, etype)
            if start is None:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            span = Span(doc, span.start, span.end, label=etype)
            span._.entity_type = etype
            spans.append(span)
            taken_until = end
        doc.spans["named"] = spans
        return doc

    def _left_boundary(self, text: str, suffix_start: int, end: int, etype: str) -> int | None:
        window_start = max(0, suffix_start - 24)
        brk = [b.end() for b in _CLAUSE_BREAK.finditer(text, window_start, suffix_start)]
        if brk:
            window_start = brk[-1]
        window = text[window_start:end]
        if len(window) < 4:
            return None
        words = list(self.posseg.cut(window, HMM=False))  # the dictionary's tags; no HMM for speed
        kept: list[tuple[str, str]] = []
        for w in reversed(words):
            word, flag = w.word, w.flag
            if word in _STOP_WORDS or (
                flag.startswith(("v", "p", "c", "u", "d", "r", "y", "e", "o")) and flag != "vn"
            ):
                break
            if flag == "x" and word.strip() and word not in '“”"‘’《》（）() ·':
                break
            if flag not in _KEEP_FLAGS and not flag.startswith("n"):
                break
            kept.append((word, flag))
        kept.reverse()
        # no leading numbering, quantities (一批, 三级) or stray single characters (做大做强 -> 强)
        while kept and (
            kept[0][0] in ("）", ")", " ", "”", ".", "．")
            or kept[0][1] in ("m", "q", "mq")
            or (len(kept[0][0]) == 1 and kept[0][1] not in _PROPER and kept[0][0] not in '“"')
        ):
            kept.pop(0)
        name = "".join(w for w, _ in kept)
        if len(name) < 5 or len(name) - len(text[suffix_start:end]) < 2:
            return None
        proper = any(f in _PROPER for _, f in kept) or "“" in name or '"' in name
        if not proper and not (etype == "platform" and _GENERIC_START.match(name)):
            return None
        return end - len(name)

"""Where a document comes from: its region and administrative level (国家 / 省 / 市 / 县).

Read, in this order, from the issuer's name (signature, title, header line), the 文号 prefix
(鲁政发 → 山东省, 穗府 → 广州市, 浙政办发 → 浙江省人民政府办公厅), a joint-issuer header or preamble
(中共广州市委、广州市人民政府), and 我省 / 我市 / 我县 together with the place the text names most.
A place the regions table does not hold (a county, a county-level city, a district) is kept by its
own name, with the city or province the text names when there is one; never guessed as national.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .registry import Region, regions
from .text import norm

NATIONAL = "全国"


@dataclass(frozen=True)
class Place:
    region: str | None  # 全国 / 山东省 / 广州市 / 杭州市桐庐县 / 江山市
    level: str  # 国家 / 省 / 市 / 县 / 未知
    province: str | None = None
    city: str | None = None  # a city of the regions table, with 市 (广州市)
    local: str | None = None  # a place outside the table: 桐庐县, 天河区, 江山市

    @property
    def known(self) -> bool:
        return self.region is not None


UNKNOWN = Place(None, "未知")
NATIONAL_PLACE = Place(NATIONAL, "国家")

_NATIONAL_START = ("国务院", "中共中央", "中央", "国家", "全国", "中华人民共和国")
# a place name that is not in the regions table, at the start of a unit's or issuer's name
_LOCAL = re.compile(
    r"^(?:中共)?(?P<name>[\u4e00-\u9fff]{1,7}?(?:自治县|自治旗|特区|林区|新区|县|区|旗|市|州|盟))"
    r"(?=委员会|委|人民政府|政府|人大|政协|办公室|办公厅|纪委|党委|$)"
)


def _city_names(r: Region) -> list[str]:
    return [c for c in (r.capital, *r.cities) if c]


def place_of_name(name: str) -> Place:
    """The place a unit's or issuer's name starts with (山东省人民政府, 广州市天河区人民政府, 国务院 …)."""
    n = norm(name).removeprefix("中共")
    if not n:
        return UNKNOWN
    if n.startswith(_NATIONAL_START):
        return NATIONAL_PLACE
    for r in regions():
        for form in (r.province, r.short):
            if form and n.startswith(form) and not _is_city_prefix(n, r):
                rest = n[len(form) :]
                sub = _city_in(rest, r)
                if sub:
                    return sub
                return Place(r.province, "省", r.province)
    for r in regions():
        for c in _city_names(r):
            if c + "市" == r.province:
                continue  # 北京 / 上海 …: the municipality itself
            if n.startswith(c + "市") or (n.startswith(c) and len(c) >= 2 and not n.startswith(c + "省")):
                return _in_city(c, r, n[len(c) :])
    m = _LOCAL.match(n)
    if m:
        local = m.group("name")
        level = "市" if local.endswith(("市", "州", "盟")) else "县"
        return Place(local, level, local=local)
    return UNKNOWN


_PREFIX = re.compile(
    r"^(?:中共)?(?P<name>[\u4e00-\u9fff]{2,5}?(?:自治县|自治旗|新区|县|区|旗))(?=[\u4e00-\u9fff])"
)


def place_of_prefix(name: str) -> Place:
    """A county or district that a title or an organ's name starts with (罗湖区支持…的若干措施,
    罗湖区科技和工业信息化局), which `place_of_name` only takes before 人民政府 / 委 / 办公室."""
    n = norm(name).removeprefix("中共")
    m = _PREFIX.match(n)
    if (
        not m
        or m.group("name")[0] in "全我本各该辖某每"
        or m.group("name").startswith(("地区", "园区", "社区"))
    ):
        return UNKNOWN
    local = m.group("name")
    return Place(local, "县", local=local)


def _is_city_prefix(n: str, r: Region) -> bool:
    """吉林市… is a city of 吉林省, not the province (same for any city named like its province)."""
    return any(c == r.short and n.startswith(c + "市") and r.province != c + "市" for c in _city_names(r))


def _city_in(rest: str, r: Region) -> Place | None:
    for c in _city_names(r):
        if c + "市" != r.province and rest.startswith(c):
            return _in_city(c, r, rest[len(c) :])
    local = _county_in(rest)
    if local:  # 浙江省江山市 / 重庆市万州区: a place below the province that the table does not list
        level = "县" if not local.endswith("市") or r.province.endswith("市") else "市"
        return local_place(local, level, r.province, None)
    return None


def local_place(local: str, level: str, province: str | None, city: str | None) -> Place:
    """A place outside the regions table. A district (区) is named with its city (or province) when
    known, since district names repeat across cities (鼓楼区, 朝阳区 …); a county, banner or county-level
    city keeps its own name, so every document of it gets the same region whatever else it names."""
    parent = city or province
    region = parent + local if local.endswith("区") and parent and parent != local else local
    return Place(region, level, province, city, local)


def _in_city(c: str, r: Region, after: str) -> Place:
    """The city `c` of `r`, or the county or district of it that `after` (the rest of a name) names."""
    city = c + "市"
    local = _county_in(after.removeprefix("市"))
    if local:
        return local_place(local, "县", r.province, city)
    return Place(city, "市", r.province, city)


def _county_in(rest: str) -> str | None:
    m = _LOCAL.match(rest)
    if m and len(m.group("name")) >= 2:
        return m.group("name")
    return None


# 文号 prefixes: the first character(s) name a province or city; the rest says which body issued it
_ABBR: dict[str, tuple[str, ...]] = {
    "京": ("北京市",), "津": ("天津市",), "冀": ("河北省",), "晋": ("山西省",), "蒙": ("内蒙古自治区",),
    "内": ("内蒙古自治区",), "辽": ("辽宁省",), "吉": ("吉林省",), "黑": ("黑龙江省",), "沪": ("上海市",),
    "苏": ("江苏省", "苏州市"), "浙": ("浙江省",), "皖": ("安徽省",), "闽": ("福建省",), "赣": ("江西省",),
    "鲁": ("山东省",), "豫": ("河南省",), "鄂": ("湖北省",), "湘": ("湖南省",), "粤": ("广东省",),
    "桂": ("广西壮族自治区",), "琼": ("海南省",), "渝": ("重庆市",), "川": ("四川省",), "黔": ("贵州省",),
    "贵": ("贵州省",), "云": ("云南省",), "滇": ("云南省",), "藏": ("西藏自治区",), "陕": ("陕西省",),
    "甘": ("甘肃省",), "青": ("青海省", "青岛市"), "宁": ("宁夏回族自治区", "南京市"),
    "新": ("新疆维吾尔自治区",), "穗": ("广州市",), "深": ("深圳市",), "杭": ("杭州市",),
    "甬": ("宁波市",), "榕": ("福州市",), "厦": ("厦门市",), "蓉": ("成都市",), "成": ("成都市",),
    "筑": ("贵阳市",), "昆": ("昆明市",), "邕": ("南宁市",), "武": ("武汉市",), "济": ("济南市",),
    "沈": ("沈阳市",), "哈": ("哈尔滨市",), "石": ("石家庄市",), "郑": ("郑州市",), "兰": ("兰州市",),
    "并": ("太原市",), "合": ("合肥市",), "洪": ("南昌市",), "长": ("长沙市", "长春市"),
    "西": ("西安市",), "银": ("银川市",), "拉": ("拉萨市",), "呼": ("呼和浩特市",), "乌": ("乌鲁木齐市",),
    "海": ("海口市",), "大": ("大连市",), "连": ("大连市",),
}  # fmt: skip
_NUMBER_PREFIX = re.compile(
    r"^(?P<abbr>[\u4e00-\u9fff]{1,2}?)(?P<body>政办发|政办函|政办字|政办|府办发|府办函|府办|政发|政字|政函|政规|府发|府函|府规|府|政)$"
)
_NATIONAL_NUMBERS = {"国发": "国务院", "国函": "国务院", "国办发": "国务院办公厅", "国办函": "国务院办公厅"}


@dataclass(frozen=True)
class NumberHint:
    candidates: tuple[str, ...]  # regions the prefix may name
    office: bool  # 办: the government's general office


def number_hint(doc_number: str | None) -> tuple[str | None, NumberHint | None]:
    """(national issuer, or None; the regions a local 文号 prefix may name)."""
    if not doc_number:
        return None, None
    prefix = re.split(r"[〔\[［【(（]", norm(doc_number))[0]
    if prefix in _NATIONAL_NUMBERS:
        return _NATIONAL_NUMBERS[prefix], None
    m = _NUMBER_PREFIX.match(prefix)
    if not m or m.group("abbr") not in _ABBR:
        return None, None
    return None, NumberHint(_ABBR[m.group("abbr")], "办" in m.group("body"))


def issuer_from_hint(region: str, hint: NumberHint) -> str:
    if not hint.office:
        return region + "人民政府"
    provincial = region.endswith(("省", "自治区")) or _is_municipality(region)
    return region + ("人民政府办公厅" if provincial else "人民政府办公室")


def _is_municipality(region: str) -> bool:
    return any(r.province == region and r.province.endswith("市") for r in regions())


# a joint-issuer header or the preamble's first sentence: 中共广州市委、广州市人民政府
JOINT = re.compile(
    r"(?:中共(?P<a>[\u4e00-\u9fff]{2,12}?)(?:委员会|委)[\s、 　]*)?"
    r"(?P<b>[\u4e00-\u9fff]{2,12}?)人民政府(?:办公厅|办公室)?"
)
_WE = re.compile(r"(?:我|全)(?P<k>省|市|县|区|旗|州)")


@lru_cache(maxsize=1)  # one document asks several times (its 文号 hint, 我市, its county's city)
def mentioned_places(text: str) -> Counter[str]:
    """How often each province (X省 / 自治区 / 直辖市) and table city (X市) is named in the text
    (callers only read the counter)."""
    counts: Counter[str] = Counter()
    for r in regions():
        counts[r.province] += text.count(r.province)
        for c in _city_names(r):
            if c + "市" != r.province:
                counts[c + "市"] += text.count(c + "市")
    return +counts


def city_place(city: str) -> Place | None:
    for r in regions():
        if city.removesuffix("市") in _city_names(r) and city != r.province:
            return Place(city, "市", r.province, city)
        if r.province == city:
            return Place(r.province, "省", r.province)
    return None


def we_kind(text: str) -> str | None:
    """The kind of place the text calls its own: 我省 → 省, 我市 → 市 (the most frequent of them)."""
    kinds = Counter(m.group("k") for m in _WE.finditer(text) if m.group(0).startswith("我"))
    if not kinds:
        return None
    return kinds.most_common(1)[0][0]


def place_from_text(text: str, kind: str | None, candidates: tuple[str, ...] = ()) -> Place | None:
    """The place the text names most of the kind it calls its own (我省 → a province …)."""
    counts = mentioned_places(text)
    options = list(candidates) or list(counts)
    if kind == "省":
        options = [o for o in options if not o.endswith("市") or _is_municipality(o)]
    elif kind == "市":
        options = [o for o in options if o.endswith("市")]
    elif kind == "区":  # 我区: an autonomous region, or a district the table cannot name (then: unknown)
        options = [o for o in options if o.endswith("自治区")]
    elif kind is not None:
        return None  # 我县 / 我旗 / 我州: a place below the table's cities
    if not options:
        return None
    best = max(options, key=lambda o: (counts.get(o, 0), -options.index(o)))
    if not candidates and counts.get(best, 0) == 0:
        return None
    return city_place(best) if best.endswith("市") and not _is_municipality(best) else place_of_name(best)


def with_parent(place: Place, text: str) -> Place:
    """A place outside the regions table, with the city (or province) the text names most."""
    if place.local is None or place.city is not None:
        return place
    counts = mentioned_places(text)
    if place.province:
        prov = next(r for r in regions() if r.province == place.province)
        cities = [c + "市" for c in _city_names(prov) if c + "市" != prov.province]
        best = max(cities, key=lambda c: counts.get(c, 0), default=None)
        if best and counts.get(best, 0) and place.level == "县":
            return local_place(place.local, place.level, place.province, best)
        return place
    named_cities = [c for c in counts if c.endswith("市") and not _is_municipality(c)]
    if named_cities and place.level == "县":
        top_city = max(named_cities, key=lambda c: counts[c])
        parent = city_place(top_city)
        if parent:
            return local_place(place.local, "县", parent.province, top_city)
    named_provinces = [c for c in counts if not c.endswith("市") or _is_municipality(c)]
    if named_provinces:
        top = max(named_provinces, key=lambda c: counts[c])
        return local_place(place.local, place.level, top, None)
    return place

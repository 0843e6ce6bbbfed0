"""The alias registry: surface forms of units -> canonical departments, with level and region.

Built from `ingest/data/*.tsv`: national ministries and agencies, a provincial template (instantiated
for the issuer's province: 省发改委 = 省发展改革委 = 山东省发展和改革委员会), a municipal variant of it,
and the regions table. Units that are not in the registry are kept (known=False), never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .text import norm

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Region:
    province: str
    short: str
    capital: str
    cities: tuple[str, ...]


@dataclass(frozen=True)
class Resolved:
    canonical: str
    key: str
    full_name: str | None
    level: str
    region: str | None
    collective: bool
    known: bool
    renamed_from: str | None = None  # the old name the document used (机构改革)
    renamed_in: int | None = None

    def identity(self) -> dict[str, Any]:
        """The fields a task's Unit and a document's Issuer both carry."""
        return {"canonical": self.canonical, "key": self.key, "full_name": self.full_name,
                "level": self.level, "region": self.region, "collective": self.collective,
                "known": self.known}  # fmt: skip


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("、") if a.strip()]


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    out = []
    for row in _rows("regions.tsv"):
        row += [""] * (4 - len(row))
        out.append(Region(row[0], row[1], row[2], tuple(_split(row[3]))))
    return tuple(out)


def region_of(text: str) -> Region | None:
    """The province named at the start of `text` (山东省人民政府 -> 山东省), or that a city belongs to."""
    t = norm(text)
    for r in regions():
        if t.startswith(r.province) or t.startswith(r.short):
            return r
    for r in regions():
        for city in (r.capital, *r.cities):
            if city and t.startswith(city):
                return r
    return None


def city_of(text: str) -> str | None:
    t = norm(text)
    for r in regions():
        for city in (r.capital, *r.cities):
            if city and t.startswith(city) and not t.startswith(r.province) and city != r.short:
                return city + "市"
    return None


@dataclass(frozen=True)
class _Entry:
    canonical: str
    full_name: str
    level: str
    region: str | None


@lru_cache(maxsize=1)
def _national() -> dict[str, _Entry]:
    table: dict[str, _Entry] = {}
    for row in _rows("national_units.tsv"):
        row += [""] * (4 - len(row))
        entry = _Entry(row[0], row[1] or row[0], "国家", "全国")
        for alias in [row[0], row[1], *_split(row[2])]:
            if alias:
                table.setdefault(norm(alias), entry)
    return table


def _provincial_templates() -> list[tuple[str, str, list[str]]]:
    return [
        (r[0], r[1] if len(r) > 1 else r[0], _split(r[2]) if len(r) > 2 else [])
        for r in _rows("provincial_units.tsv")
    ]


_MUNICIPAL_SUFFIX = [("厅", "局")]


@lru_cache(maxsize=64)
def _local(province: str, city: str | None) -> dict[str, _Entry]:
    """Units of one province (and, when given, one of its cities), keyed by normalised alias."""
    region = next((r for r in regions() if r.province == province), None)
    if region is None and not city:
        return {}
    subst = (
        {"{province}": region.province, "{province_short}": region.short, "{capital}": region.capital}
        if region
        else {}
    )

    def fill(text: str) -> str:
        for k, v in subst.items():
            text = text.replace(k, v)
        return text

    table: dict[str, _Entry] = {}
    for canonical, full, aliases in _provincial_templates():
        if region is None:  # a city the regions table does not list: its municipal units only
            _municipal(table, canonical, full, aliases, city or "")
            continue
        canon = fill(canonical)
        full_name = fill(full) if "{" in full else region.province + full.removeprefix("委")
        if full.startswith("委"):
            full_name = f"中共{region.province}{full}"
        entry = _Entry(canon, full_name, "省", region.province)
        for alias in [canon, full_name, *map(fill, aliases)]:
            table.setdefault(norm(alias), entry)
            if alias.startswith("省"):
                table.setdefault(norm(region.province + alias[1:]), entry)
                table.setdefault(norm(region.short + "省" + alias[1:]), entry)
        if city:
            _municipal(table, canonical, full, aliases, city)
    return table


def _municipal(table: dict[str, _Entry], canonical: str, full: str, aliases: list[str], city: str) -> None:
    """The city's counterpart of a provincial unit (省发展改革委 -> 市发展改革委 = 市发改委, 省人社厅 ->
    市人社局 = 市人力资源和社会保障局), whether or not the regions table lists the city."""
    if not canonical.startswith("省") or "{" in canonical:
        return

    def municipal(name: str) -> str:
        name = "市" + name[1:]
        for old, new in _MUNICIPAL_SUFFIX:
            if name.endswith(old):
                name = name[: -len(old)] + new
        return name

    m_canon = municipal(canonical)
    m_full = city + (full[:-1] + "局" if full.endswith("厅") else full.removeprefix("委"))
    m_entry = _Entry(m_canon, m_full, "市", city)
    for alias in [m_canon, m_full, *(municipal(a) for a in aliases if a.startswith("省"))]:
        table.setdefault(norm(alias), m_entry)
    table.setdefault(norm(city + m_canon[1:]), m_entry)


def _alias_forms(table: dict[str, _Entry]) -> dict[_Entry, list[str]]:
    """Each entry's aliases: the table's keys that name it (bracketed forms left out), in table order."""
    out: dict[_Entry, list[str]] = {}
    for alias, entry in table.items():
        if not alias.startswith(("[", "(")):
            out.setdefault(entry, []).append(alias)
    return out


_COLLECTIVE = re.compile(
    r"^(各|有关|相关|其他|其它|具有|负有|承担|属地|试点|所在地|地方|省级有关|市级有关|县级有关|省直有关|市直有关)"
    r"|(有关部门|相关部门|有关单位|相关单位|各部门|成员单位|人民政府|政府)(和单位|等)?$"
)
_COLLECTIVE_EXCEPT = re.compile(r"^(国务院|省人民政府|省政府|市人民政府|市政府)$")


@lru_cache(maxsize=20_000)
def is_collective(surface: str) -> bool:
    s = norm(surface)
    if _COLLECTIVE_EXCEPT.match(s):
        return False
    if region_of(s) and s.endswith(("人民政府", "政府")) and not s.startswith("各"):
        return False  # a named government (山东省人民政府) is one unit
    return bool(_COLLECTIVE.search(s))


@dataclass(frozen=True)
class Rename:
    old: str
    successor: str
    year: int


@lru_cache(maxsize=1)
def _renames() -> tuple[dict[str, Rename], list[tuple[list[str], str, int, dict[str, str]]]]:
    """(national renames by normalised old name, provincial rename rows)."""
    national: dict[str, Rename] = {}
    provincial = []
    for row in _rows("renamed_units.tsv"):
        row += [""] * (5 - len(row))
        scope, olds, successor, year = row[0], _split(row[1]), row[2], int(row[3])
        if scope == "national":
            for old in olds:
                national[norm(old)] = Rename(old, successor, year)
        else:
            overrides = dict(x.split("=", 1) for x in _split(row[4]) if "=" in x)
            provincial.append((olds, successor, year, overrides))
    return national, provincial


@lru_cache(maxsize=64)
def _local_renames(province: str, city: str | None) -> dict[str, Rename]:
    region = next((r for r in regions() if r.province == province), None)
    if region is None:
        return {}
    out: dict[str, Rename] = {}
    for olds, successor, year, overrides in _renames()[1]:
        new = overrides.get(province, successor)
        for old in olds:
            for form in (old, region.province + old[1:], region.short + "省" + old[1:]):
                out.setdefault(norm(form), Rename(old, new, year))
            if city:
                m_new = "市" + new[1:].removesuffix("厅") + ("局" if new.endswith("厅") else "")
                m_old = "市" + old[1:]
                for form in (m_old, city + old[1:]):
                    out.setdefault(norm(form), Rename(m_old, m_new, year))
    return out


class Registry:
    """Resolves surface forms for one document context: its province, city and own region, if any.

    `region` is the document's own region (全国, 山东省, 广州市, 桐庐县 …); a unit whose region cannot be
    told from its name belongs to the level of the document it is named in. `scope` stands in for the
    region of a document whose place is unknown (its issuer, or its id): such units are never national.
    """

    def __init__(
        self,
        province: str | None = None,
        city: str | None = None,
        region: str | None = None,
        scope: str | None = None,
    ) -> None:
        self.province = province
        self.city = city
        # a city the regions table does not list (江山市, 太仓市) still has its municipal units
        own_city = city or (region if region and region.endswith("市") and region != province else None)
        self.local = _local(province, own_city) if province or own_city else {}
        self._alias_index: list[dict[_Entry, list[str]] | None] = [None, None]
        self.renames = {**_renames()[0], **(_local_renames(province, city) if province else {})}
        self.context_region = region or city or province or scope or "全国"
        self._cache: dict[str, Resolved] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}

    def resolve(self, surface: str) -> Resolved:
        cached = self._cache.get(surface)
        if cached is None:
            cached = self._resolve(surface)
            if len(self._cache) < 50_000:
                self._cache[surface] = cached
        return cached

    def _resolve(self, surface: str) -> Resolved:
        from .units import (
            name_without_notes,
        )  # a note inside the name (〈含…〉, （市数据局）) is not the unit

        key = norm(name_without_notes(surface) or surface)
        key = re.sub(r"^(由|请|各级)", "", key) if len(key) > 3 and not key.startswith("各级") else key
        rename = self.renames.get(key)
        if rename is not None:
            new = self._resolve(rename.successor)
            if new.known:
                return replace(new, renamed_from=surface, renamed_in=rename.year)
        if key in self.local:
            return self._known(self.local[key])
        if key in _national():
            return self._known(_national()[key])
        if key.startswith("国家") and key[2:] in _national():
            return self._known(_national()[key[2:]])
        other = region_of(key)
        if other and other.province != self.province:
            table = _local(other.province, None)
            if key in table:
                return self._known(table[key])
        collective = is_collective(key)
        level = self._guess_level(key)
        region = self._guess_region(key, level)
        return Resolved(key, f"{region or '?'}|{key}", None, level, region, collective, False)

    def aliases(self, surface: str) -> list[str]:
        """Every alias the registry knows for the unit `surface` resolves to (empty when unknown)."""
        found = self._aliases.get(surface)
        if found is None:
            found = tuple(self._aliases_of(surface))
            if len(self._aliases) < 50_000:
                self._aliases[surface] = found
        return list(found)

    def _aliases_of(self, surface: str) -> list[str]:
        key = norm(surface)
        rename = self.renames.get(key)
        if rename is not None:
            key = norm(rename.successor)
        out: list[str] = []
        for i, table in enumerate((self.local, _national())):
            entry = table.get(key)
            if entry is not None:
                index = self._alias_index[i]
                if index is None:  # built once per table and document, not once per name
                    index = self._alias_index[i] = _alias_forms(table)
                out += index.get(entry, [])
                break
        return out

    def _known(self, entry: _Entry) -> Resolved:
        return Resolved(
            entry.canonical,
            f"{entry.region}|{entry.canonical}",
            entry.full_name,
            entry.level,
            entry.region,
            False,
            True,
        )

    def _guess_level(self, key: str) -> str:
        if key.startswith(("省", "团省委")) or (region_of(key) and key.startswith(self._province_names())):
            return "省"
        if key.startswith(("市", "各市")):
            return "市"
        if key.startswith(("县", "区", "各县", "各区")):
            return "县"
        if key.startswith(("国家", "国务院", "中央", "全国", "中国")):
            return "国家"
        return "未知"

    def _province_names(self) -> tuple[str, ...]:
        return tuple(r.province for r in regions())

    def _guess_region(self, key: str, level: str) -> str | None:
        if level == "国家":
            return "全国"
        r = region_of(key)
        if r is not None:
            return city_of(key) or r.province
        if level == "省" and self.province:
            return self.province
        if level == "市" and self.city and self.context_region != self.city:
            # 市财政局 in a county's document is its city's, when the county's city is known
            return self.city if not key.startswith("各") else self.context_region
        return self.context_region


def dictionary_words() -> list[tuple[str, str]]:
    """(word, POS tag) for jieba's user dictionary: units (nt), sectors and technologies (n)."""
    words: set[str] = set()
    for row in _rows("national_units.tsv"):
        words.update(w for w in [row[0], *(row[1:2]), *(_split(row[2]) if len(row) > 2 else [])] if w)
    for canonical, _full, aliases in _provincial_templates():
        for w in [canonical, *aliases]:
            if "{" not in w:
                words.add(w)
                if w.startswith("省"):
                    words.add("市" + w[1:].removesuffix("厅") + ("局" if w.endswith("厅") else ""))
    terms: set[str] = set()
    for row in _rows("sectors.tsv"):
        terms.add(row[0])
        terms.update(_split(row[2]) if len(row) > 2 else [])
    terms.update(technologies())
    out = [(w, "nt") for w in sorted(words) if len(w) >= 2]
    out += [(w, "n") for w in sorted(terms - words) if len(w) >= 2]
    return out


@lru_cache(maxsize=1)
def technologies() -> tuple[str, ...]:
    lines = (DATA / "technologies.txt").read_text(encoding="utf-8").splitlines()
    return tuple(x.strip() for x in lines if x.strip() and not x.startswith("#"))


@dataclass(frozen=True)
class SectorDef:
    name: str
    broader: str | None
    aliases: tuple[str, ...]
    platform_field: bool


@lru_cache(maxsize=1)
def sectors() -> tuple[SectorDef, ...]:
    out = []
    for i, row in enumerate(_rows("sectors.tsv")):
        row += [""] * (3 - len(row))
        out.append(SectorDef(row[0], row[1] or None, tuple(_split(row[2])), i < 10))
    return tuple(out)


def sector_by_alias() -> dict[str, str]:
    table: dict[str, str] = {}
    for s in sectors():
        table.setdefault(norm(s.name), s.name)
        for a in s.aliases:
            table.setdefault(norm(a), s.name)
    return table

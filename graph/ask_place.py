"""Places in questions: the provinces, cities, counties and districts the graph holds (Department.region,
Policy.region / city / province and Region nodes), each with the regions inside it, and the ways a
question writes it (太仓市 or 太仓, 深圳市罗湖区, 罗湖区 or 罗湖)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ontology.lexicon import NATIONAL_WORDS, PLACE_SUFFIXES

NATIONAL = "全国"


def short_forms(place: str, known: set[str]) -> list[str]:
    """太仓市 -> [太仓市, 太仓]; 深圳市罗湖区 -> [深圳市罗湖区, 罗湖区, 罗湖]; each form is at least two
    characters."""
    forms = [place]
    for parent in known:
        if parent != place and place.startswith(parent) and len(place) - len(parent) >= 2:
            forms.append(place[len(parent) :])
    for f in list(forms):
        for sfx in PLACE_SUFFIXES:
            if f.endswith(sfx) and len(f) - len(sfx) >= 2:
                forms.append(f[: -len(sfx)])
                break
    return list(dict.fromkeys(forms))


@dataclass
class Places:
    """place -> the regions inside it (itself included); region -> its city and province when known."""

    inside: dict[str, set[str]] = field(default_factory=dict)
    city: dict[str, str] = field(default_factory=dict)
    province: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]]) -> Places:
        places = cls()
        regions = {r["region"] for r in rows if r.get("region")}
        for r in rows:
            for k in ("city", "province"):
                if r.get(k):
                    regions.add(r[k])
        for region in regions:
            places.inside.setdefault(region, set()).add(region)
        for r in rows:
            region = r.get("region")
            if not region:
                continue
            for k, table in (("city", places.city), ("province", places.province)):
                if r.get(k):
                    table[region] = r[k]
                    places.inside.setdefault(r[k], set()).add(region)
        for region in regions:  # 深圳市罗湖区 lies in 深圳市 even where no document says so
            for parent in regions:
                if parent != region and region.startswith(parent):
                    places.inside[parent].add(region)
                    if parent.endswith("市"):
                        places.city.setdefault(region, parent)
        for region, prov in list(places.province.items()):  # a district of a city of a province
            for child in list(places.inside.get(region, ())):
                places.inside.setdefault(prov, set()).add(child)
        for region in regions:
            if region.endswith("市") and region not in places.city and region != NATIONAL:
                places.city[region] = region
            if region.endswith("省") or region.endswith("自治区"):
                places.province.setdefault(region, region)
        return places

    def names(self) -> dict[str, list[str]]:
        """place -> the ways a question writes it."""
        known = set(self.inside)
        out = {p: short_forms(p, known) for p in known if p != NATIONAL}
        if NATIONAL in known:
            out[NATIONAL] = [NATIONAL, *NATIONAL_WORDS]
        return out

    def regions(self, places: list[str]) -> list[str]:
        return sorted({r for p in places for r in self.inside.get(p, {p})})

    def group_of(self, region: str | None, by: str) -> str:
        """The city, province or region a document's region counts for; empty when it has none."""
        if not region:
            return ""
        if by == "city":  # a province's or the country's document has no city
            return self.city.get(region, "")
        if by == "province":
            return self.province.get(region, "")
        return region

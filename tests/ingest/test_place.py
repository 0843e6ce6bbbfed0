"""A document's place from issuer names, 文号 prefixes and the text (ingest/place.py)."""

from __future__ import annotations

import pytest

from ingest.place import number_hint, place_from_text, place_of_name, with_parent


@pytest.mark.parametrize(
    ("name", "region", "level", "province", "city"),
    [
        ("山东省人民政府", "山东省", "省", "山东省", None),
        ("国务院办公厅", "全国", "国家", None, None),
        ("中共广州市委", "广州市", "市", "广东省", "广州市"),
        ("广州市天河区人民政府", "广州市天河区", "县", "广东省", "广州市"),
        ("浙江省杭州市桐庐县人民政府", "桐庐县", "县", "浙江省", "杭州市"),
        ("吉林市人民政府", "吉林市", "市", "吉林省", "吉林市"),
        ("吉林省人民政府", "吉林省", "省", "吉林省", None),
        ("北京市人民政府", "北京市", "省", "北京市", None),
        ("北京市朝阳区人民政府", "北京市朝阳区", "县", "北京市", None),
        ("江山市人民政府办公室", "江山市", "市", None, None),  # a county-level city the table does not list
        ("鼓楼区人民政府", "鼓楼区", "县", None, None),
        ("某某有限公司", None, "未知", None, None),
    ],
)
def test_place_of_name(
    name: str, region: str | None, level: str, province: str | None, city: str | None
) -> None:
    p = place_of_name(name)
    assert (p.region, p.level, p.province, p.city) == (region, level, province, city)


def test_a_district_is_named_with_the_city_the_text_names() -> None:
    p = with_parent(place_of_name("鼓楼区人民政府"), "为贯彻落实南京市委、市政府部署，结合我区实际……南京市")
    assert (p.region, p.city, p.province) == ("南京市鼓楼区", "南京市", "江苏省")
    county = with_parent(place_of_name("桐庐县人民政府"), "按照杭州市的部署")
    assert (county.region, county.city) == ("桐庐县", "杭州市")  # a county keeps its own name


@pytest.mark.parametrize(
    ("number", "national", "candidates", "office"),
    [
        ("国办发〔2018〕129号", "国务院办公厅", None, None),
        ("国发〔2021〕29号", "国务院", None, None),
        ("鲁政发〔2022〕1号", None, ("山东省",), False),
        ("浙政办发〔2021〕12号", None, ("浙江省",), True),
        ("穗府〔2019〕3号", None, ("广州市",), False),
        ("粤府办〔2020〕5号", None, ("广东省",), True),
        ("宁政发〔2020〕8号", None, ("宁夏回族自治区", "南京市"), False),
        ("桐政办发〔2022〕15号", None, None, None),  # a county's prefix says nothing sure
    ],
)
def test_number_hints(
    number: str, national: str | None, candidates: tuple[str, ...] | None, office: bool | None
) -> None:
    got_national, hint = number_hint(number)
    assert got_national == national
    assert (hint.candidates if hint else None) == candidates
    assert (hint.office if hint else None) == office


def test_an_ambiguous_prefix_is_settled_by_the_text() -> None:
    _n, hint = number_hint("宁政发〔2020〕8号")
    assert hint is not None
    city = place_from_text("结合我市实际，南京市各区……南京市", "市", hint.candidates)
    assert city is not None and city.region == "南京市"
    region = place_from_text("结合我区实际，宁夏回族自治区各市", "省", hint.candidates)
    assert region is not None and region.region == "宁夏回族自治区"


def test_a_district_or_county_is_never_taken_for_the_city_it_names() -> None:
    assert place_from_text("结合我区实际。南京市要求……南京市", "区") is None
    assert place_from_text("结合我县实际。杭州市要求", "县") is None

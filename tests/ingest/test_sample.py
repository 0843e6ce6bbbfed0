"""The primary sample: all 20 tasks with exact roles, the 8 goals targets + task 二.1's, the ten sectors."""

from __future__ import annotations

import pytest

from ingest.extract import extract_file
from ingest.models import Extraction
from ingest.registry import sector_by_alias
from ingest.text import norm
from tests.conftest import SAMPLE

LEAD, SUPPORT, RESP = "lead", "support", "responsible"
GOLD: dict[str, dict[str, list[str]]] = {
    "二.1": {LEAD: ["省工业和信息化厅", "省通信管理局"]},
    "二.2": {LEAD: ["省商务厅"]},
    "二.3": {LEAD: ["人民银行济南分行", "省地方金融监管局", "省大数据局"]},
    "二.4": {LEAD: ["省卫生健康委", "省医保局"]},
    "二.5": {LEAD: ["省文化和旅游厅"], SUPPORT: ["省发展改革委"]},
    "二.6": {LEAD: ["省体育局"], SUPPORT: ["省工业和信息化厅", "省卫生健康委", "省发展改革委"]},
    "二.7": {LEAD: ["省农业农村厅"], SUPPORT: ["省商务厅", "省工业和信息化厅", "省发展改革委"]},
    "二.8": {LEAD: ["省发展改革委", "省商务厅", "省交通运输厅"]},
    "二.9": {LEAD: ["省地方金融监管局", "省商务厅", "省工业和信息化厅", "省发展改革委"]},
    "二.10": {LEAD: ["省发展改革委", "省商务厅", "省交通运输厅", "省大数据局"]},
    "三.1": {LEAD: ["省科技厅", "省发展改革委", "省工业和信息化厅"]},
    "三.2": {LEAD: ["省大数据局"], SUPPORT: ["省工业和信息化厅", "省商务厅"]},
    "三.3": {LEAD: ["省通信管理局", "省工业和信息化厅", "省互联网信息办公室"]},
    "三.4": {LEAD: ["省互联网信息办公室", "省公安厅"]},
    "三.5": {
        LEAD: ["省财政厅", "省科技厅", "省税务局"],
        SUPPORT: ["省发展改革委", "省地方金融监管局", "省大数据局"],
    },
    "三.6": {LEAD: ["省统计局", "省发展改革委", "省商务厅"]},
    "四.1": {RESP: ["具有监管职能的相关部门", "省发展改革委", "省通信管理局"]},
    "四.2": {RESP: ["省大数据局", "省税务局", "具有监管职能的相关部门"]},
    "四.3": {LEAD: ["省发展改革委"], SUPPORT: ["省市场监管局", "省商务厅"]},
    "四.4": {LEAD: ["省人力资源社会保障厅"], SUPPORT: ["省总工会"]},
}
TEN_SECTORS = {
    "二.1": "工业互联网", "二.2": "电子商务", "二.3": "金融科技", "二.4": "智慧医疗健康", "二.5": "数字文旅",
    "二.6": "智能体育", "二.7": "数字农业", "二.8": "现代物流", "二.9": "大宗商品交易", "二.10": "民生服务",
}  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> Extraction:
    return extract_file(SAMPLE)


def test_document_metadata(sample: Extraction) -> None:
    d = sample.document
    assert d.issuer == "山东省人民政府"
    assert d.date == "2022-10-25"
    assert d.doc_type == "实施意见"
    assert d.title_derived and d.title.startswith("山东省人民政府关于") and "平台经济" in d.title
    assert d.region == "山东省" and d.level == "省"
    assert d.doc_number is None
    assert len(d.id) == 64


def test_all_twenty_tasks_with_exact_roles(sample: Extraction) -> None:
    got = {".".join(t.path): t for t in sample.tasks}
    assert set(got) == set(GOLD)
    for path, roles in GOLD.items():
        task = got[path]
        assert task.lead == roles.get(LEAD, []), path
        assert task.support == roles.get(SUPPORT, []), path
        assert task.responsible == roles.get(RESP, []), path
        assert task.guide == [], path


def test_task_titles_and_spans(sample: Extraction) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    task = next(t for t in sample.tasks if t.path == ["二", "8"])
    assert task.title == "现代物流平台"
    assert text[task.span[0] : task.span[1]] == task.text
    assert task.text.startswith("8.现代物流平台。") and task.text.endswith("省交通运输厅)")
    for t in sample.tasks:
        assert text[t.span[0] : t.span[1]] == t.text
        for u in t.units:
            assert text[u.span[0] : u.span[1]] == u.surface
            assert text[u.sentence_span[0] : u.sentence_span[1]] == u.sentence


def test_aliases_resolve_to_canonical_departments(sample: Extraction) -> None:
    units = {u.surface: u for t in sample.tasks for u in t.units}
    assert units["省发展改革委"].full_name == "山东省发展和改革委员会"
    assert units["省发展改革委"].key == "山东省|省发展改革委"
    assert units["人民银行济南分行"].canonical == "人民银行济南分行"
    assert units["人民银行济南分行"].known
    assert units["具有监管职能的相关部门"].collective
    assert all(u.known for u in units.values())
    assert sample.unknown_units == []
    # what the loader needs, from the registry the extraction used: each unit's aliases, the issuers
    assert {"省发改委", "山东省发展和改革委员会"} <= set(units["省发展改革委"].aliases)
    assert units["具有监管职能的相关部门"].aliases == []
    (issuer,) = sample.document.issuers
    assert (issuer.surface, issuer.key, issuer.level, issuer.known) == (
        "山东省人民政府",
        "山东省|省政府",
        "省",
        True,
    )


def test_goal_targets(sample: Extraction) -> None:
    goals = [t for t in sample.targets if t.task_id is None]
    assert len(goals) == 8
    assert all(t.deadline == "2025" for t in goals)
    by_indicator = {t.indicator: t for t in goals}
    assert by_indicator["省级工业互联网平台"].value == 300
    assert by_indicator["省级工业互联网平台"].unit == "个"
    assert by_indicator["省级工业互联网平台"].qualifier == "以上"
    assert by_indicator["工业互联网标识注册量"].value == 20_000_000_000
    assert by_indicator["国家级“双跨”工业互联网平台"].qualifier == "左右"
    assert by_indicator["国家级“双跨”工业互联网平台"].value == 5
    quali = by_indicator["实物商品网络零售额占社会消费品零售总额比重"]
    assert quali.value is None and quali.qualifier == "达到全国平均水平"
    assert {t.section_id for t in goals} == {f"{sample.document.id[:12]}-section-一.(三)"}
    scenes = [t for t in sample.targets if t.task_id and t.task_id.endswith("二.1")]
    assert [(t.indicator, t.value, t.unit, t.qualifier) for t in scenes] == [
        ("工业互联网典型应用场景", 300, "个", "以上")
    ]


def test_ten_sectors_linked_to_their_tasks(sample: Extraction) -> None:
    got = {".".join(t.path): t.sectors for t in sample.tasks}
    sector_of = {".".join(t.path): s for t in sample.tasks for s in t.sector_details}
    for path, sector in TEN_SECTORS.items():
        assert got[path] == [sector], path
    logistics = [p for p, s in got.items() if "现代物流" in s]
    assert logistics == ["二.8"]
    for t in sample.tasks:  # each with why: the title names it, else the text names it most
        assert [s.name for s in t.sector_details] == t.sectors
        for s in t.sector_details:
            assert s.aliases[0] == s.name
            assert (s.basis == "title") == any(norm(a) in norm(t.title) for a in s.aliases), t.path
    assert {s.basis for t in sample.tasks for s in t.sector_details} == {"title", "text"}
    assert all(s.platform_field for p, s in sector_of.items() if p in TEN_SECTORS)


def test_entities(sample: Extraction) -> None:
    names = {(e.type, e.name) for e in sample.entities}
    assert ("enterprise", "山东大宗商品交易中心") in names
    assert ("zone", "山东半岛工业互联网示范区") in names
    assert ("platform", "山东省医疗保障信息平台") in names
    assert ("technology", "区块链") in names
    chain = next(e for e in sample.entities if e.name == "区块链")
    assert len(chain.task_ids) == 2  # 二.3 and 三.1
    # 大数据 inside 省大数据局 is a department, not a technology mention
    text = SAMPLE.read_text(encoding="utf-8")
    bigdata = next(e for e in sample.entities if e.name == "大数据")
    assert all(text[s - 1 : e + 1] != "省大数据局"[: e - s + 2] for s, e in bigdata.spans)
    sectors = sector_by_alias()
    for e in sample.entities:
        for s, end in e.spans:
            surface = text[s:end]
            if e.type == "sector":
                assert sectors[norm(surface)] == e.canonical
            elif e.type != "region":
                assert surface == e.name

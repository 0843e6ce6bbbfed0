"""Attribution styles beyond brackets, on documents of several regions and levels (tests/data/corpus):
label lines, task-division tables (TAB rows and flattened text), first-is-lead rules, （牵头） marks,
deadlines, renamed units, and every unit scoped to its own region."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.extract import extract_file, extract_text
from ingest.models import Extraction

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
L, S, R = "lead", "support", "responsible"

GOLD: dict[str, dict[str, dict[str, list[str]]]] = {
    "guangzhou-municipal-opinion.txt": {
        "二.(一)": {L: ["市委组织部"], S: ["市民政局", "市财政局", "各区、县级市"]},
        "二.(二)": {L: ["市委组织部", "市委社会工作部"], S: ["市民政局", "各区"]},
        "二.(三)": {L: ["市委编办"], R: ["市司法局", "市民政局"]},  # 列第一位者为牵头单位，下同
        "三.(四)": {L: ["市民政局"], R: ["市委组织部"]},
        "三.(五)": {L: ["市民政局"], R: ["团市委", "市妇联"]},
        "三.(六)": {L: ["市政务服务数据管理局"], R: ["市民政局"]},
        "四.(七)": {L: ["市司法局"], R: ["市委政法委"]},
        "四.(八)": {L: ["市委宣传部"], R: ["市文明办", "市民政局"]},
        "五.(九)": {L: ["市政务服务数据管理局"], R: ["市发展改革委", "市工业和信息化局"]},
        "五.(十)": {L: ["市政务服务数据管理局"]},
        "六.(十二)": {L: ["市财政局"], R: ["各区、县级市"]},
    },
    "zhejiang-provincial-lines.txt": {
        "二.(一)": {R: ["省经信厅", "省发展改革委", "省通信管理局"]},
        "二.(二)": {L: ["省经信厅"], S: ["省科技厅", "省财政厅"]},
        "二.(三)": {L: ["省商务厅"], R: ["杭州海关", "省市场监管局"]},
        "二.(四)": {L: ["省大数据局"], R: ["省发展改革委", "省经信厅"]},
        "二.(五)": {R: ["省人力社保厅", "省教育厅"]},
        "二.(六)": {R: ["省地方金融监管局", "人民银行杭州中心支行", "浙江银保监局"]},
    },
    "tonglu-county-table.txt": {
        "二.1": {L: ["县农业农村局"], S: ["县自然资源和规划局", "县发改局"]},
        "二.2": {L: ["县农业农村局"], S: ["县建设局", "县生态环境分局", "各乡镇（街道）"]},
        "二.3": {L: ["县农业农村局", "县发改局"], S: ["县财政局", "县文广旅体局"]},
        "二.4": {L: ["县交通运输局"], S: ["县财政局", "县自然资源和规划局"]},
        "二.5": {L: ["县财政局"], S: ["县农业农村局", "县金融办"]},
        "三.(一)": {R: ["县农业农村局"]},
        "三.(二)": {R: ["县委办", "县政府办"]},
    },
    "jiangshan-city-flattened.txt": {
        "1": {L: ["市市场监管局"], S: ["市政务服务中心", "市税务局"]},
        "2": {L: ["市建设局"], S: ["市自然资源和规划局", "市发改局"]},
        "3": {L: ["市发改局"], S: ["国网江山市供电公司", "市水务集团"]},
        "4": {L: ["市金融办"], S: ["人行江山市支行", "市财政局"]},
    },
    "national-digital-notice.txt": {
        "一.(一)": {R: ["工业和信息化部", "国家发展改革委"]},
        "一.(二)": {L: ["工业和信息化部"], S: ["科技部", "财政部"]},
        "一.(三)": {R: ["商务部"]},
        "一.(四)": {R: ["国家发展改革委"]},
        "一.(五)": {R: ["国家工商总局"]},
    },
}
META = {  # issuer, region, level, issued, doc_number
    "guangzhou-municipal-opinion.txt": ("中共广州市委、广州市人民政府", "广州市", "市", "2021-12-28", None),
    "zhejiang-provincial-lines.txt": (
        "浙江省人民政府办公厅",
        "浙江省",
        "省",
        "2021-03-18",
        "浙政办发〔2021〕12号",
    ),
    "tonglu-county-table.txt": ("桐庐县人民政府办公室", "桐庐县", "县", "2022-04-20", "桐政办发〔2022〕15号"),
    "jiangshan-city-flattened.txt": (
        "江山市人民政府办公室",
        "江山市",
        "市",
        "2023-02-10",
        "江政办发〔2023〕8号",
    ),
    "national-digital-notice.txt": ("国务院", "全国", "国家", "2021-12-12", "国发〔2021〕29号"),
}


@cache
def doc(name: str) -> Extraction:
    return extract_file(CORPUS / name)


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    return {(".".join(t.path), u.surface, u.role) for t in ex.tasks for u in t.units if not u.inherited}


def gold_triples(name: str) -> set[tuple[str, str, str]]:
    return {
        (p, unit, role) for p, roles in GOLD[name].items() for role, units in roles.items() for unit in units
    }


@pytest.mark.parametrize("name", sorted(GOLD))
def test_roles_exact(name: str) -> None:
    ex = doc(name)
    got = {".".join(t.path): t for t in ex.tasks}
    assert set(got) == set(GOLD[name])  # no task missed, none invented (六.(十一) has no attribution)
    for path, roles in GOLD[name].items():
        for role in (L, S, R):
            assert getattr(got[path], role) == roles.get(role, []), (name, path, role)


def test_role_f1_over_the_corpus() -> None:
    gold = {(n, *t) for n in GOLD for t in gold_triples(n)}
    got = {(n, *t) for n in GOLD for t in triples(doc(n))}
    tp = len(gold & got)
    f1 = 2 * tp / (len(gold) + len(got))
    assert f1 >= 0.95, (f1, sorted(gold - got)[:5], sorted(got - gold)[:5])


@pytest.mark.parametrize("name", sorted(META))
def test_document_metadata(name: str) -> None:
    d = doc(name).document
    assert (d.issuer, d.region, d.level, d.issued, d.doc_number) == META[name]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_unit_is_scoped_to_its_own_region(name: str) -> None:
    ex = doc(name)
    region = ex.document.region
    for t in ex.tasks:
        for u in t.units:
            if ex.document.level == "国家":
                assert u.key.startswith("全国|")
            elif u.surface.startswith(("省", "市", "县", "各")):
                assert not u.key.startswith("全国|"), u
                assert u.key.split("|")[0] in {region, ex.document.province, ex.document.city}, u


def test_county_units_belong_to_the_county_and_its_city_is_read_from_the_text() -> None:
    d = doc("tonglu-county-table.txt").document
    assert (d.province, d.city) == ("浙江省", "杭州市")
    keys = {u.key for t in doc("tonglu-county-table.txt").tasks for u in t.units}
    assert "桐庐县|县农业农村局" in keys and "桐庐县|各乡镇(街道)" in keys


def test_place_from_the_preamble_when_the_signature_is_missing() -> None:
    text = (CORPUS / "guangzhou-municipal-opinion.txt").read_text(encoding="utf-8")
    unsigned = text.split("中共广州市委\n广州市人民政府\n2021")[0]
    ex = extract_text(unsigned)
    assert (ex.document.region, ex.document.level) == ("广州市", "市")
    assert ex.document.issued is None
    assert all(u.key.startswith("广州市|") for t in ex.tasks for u in t.units)


def test_a_document_whose_place_cannot_be_told_keeps_its_units_to_itself() -> None:
    text = "关于做好统计工作的通知\n各有关单位：\n一、工作任务\n（一）做好统计。（市财政局、市统计局负责）\n"
    ex = extract_text(text)
    assert ex.document.region is None and ex.document.level == "未知"
    keys = {u.key for t in ex.tasks for u in t.units}
    assert keys and not any(k.startswith("全国|") for k in keys)
    assert all(k.startswith(ex.document.scope + "|") for k in keys)
    other = extract_text(text.replace("统计工作", "统计报表工作"))
    assert not keys & {u.key for t in other.tasks for u in t.units}  # two unknown cities, never merged


def test_region_from_the_document_number_alone() -> None:
    text = (CORPUS / "zhejiang-provincial-lines.txt").read_text(encoding="utf-8")
    ex = extract_text(text.replace("浙江省人民政府办公厅\n", ""))
    assert (ex.document.issuer, ex.document.region, ex.document.level) == (
        "浙江省人民政府办公厅",
        "浙江省",
        "省",
    )
    ex = extract_text("关于促进消费的通知\n鲁政发〔2020〕3号\n一、任务\n（一）促进消费。（省商务厅负责）\n")
    assert (ex.document.region, ex.document.issued) == ("山东省", "2020")
    assert ex.tasks[0].units[0].key == "山东省|省商务厅"


DEADLINES = {
    ("zhejiang-provincial-lines.txt", "二.(一)"): (2022, None, "2022年底前"),
    ("zhejiang-provincial-lines.txt", "二.(二)"): (2025, None, "2025年"),
    ("zhejiang-provincial-lines.txt", "二.(五)"): (2023, 6, "2023年6月底前"),
    ("zhejiang-provincial-lines.txt", "二.(三)"): None,
    ("guangzhou-municipal-opinion.txt", "五.(十)"): (2024, 6, "2024年6月底前实现"),
    ("tonglu-county-table.txt", "二.1"): (2022, 6, "2022年6月底前"),
    ("tonglu-county-table.txt", "二.4"): (None, None, "持续推进"),
    ("jiangshan-city-flattened.txt", "4"): (None, None, "长期坚持"),
}


@pytest.mark.parametrize(("key", "want"), list(DEADLINES.items()))
def test_task_deadlines(key: tuple[str, str], want: tuple[int | None, int | None, str] | None) -> None:
    name, path = key
    ex = doc(name)
    task = next(t for t in ex.tasks if ".".join(t.path) == path)
    got = task.deadline
    assert (None if got is None else (got.year, got.month, got.text)) == want
    text = (CORPUS / name).read_text(encoding="utf-8")
    if got is not None and got.span is not None:
        assert text[got.span[0] : got.span[1]] == got.text


def test_a_target_horizon_is_not_a_task_deadline() -> None:
    ex = extract_text("一、任务\n（一）培育平台。到2025年，培育平台300个以上。（省工业和信息化厅负责）\n")
    assert ex.tasks[0].deadline is None and ex.targets[0].deadline == "2025"


def test_renamed_units_resolve_to_their_successor_and_keep_the_surface() -> None:
    unit = next(
        u for t in doc("national-digital-notice.txt").tasks for u in t.units if u.surface == "国家工商总局"
    )
    assert (unit.canonical, unit.key, unit.known) == ("市场监管总局", "全国|市场监管总局", True)
    assert (unit.renamed_from, unit.renamed_in) == ("国家工商总局", 2018)
    ex = extract_text("山东省人民政府\n一、任务\n（一）做好工作。（省经信委、省工商局负责）\n")
    units = {u.surface: u for t in ex.tasks for u in t.units}
    assert units["省经信委"].canonical == "省工业和信息化厅" and units["省经信委"].renamed_in == 2018
    assert units["省工商局"].key == "山东省|省市场监管局"


def test_a_first_is_lead_note_anywhere_applies_to_the_whole_document() -> None:
    text = (
        "山东省人民政府\n一、任务\n（一）甲。（省商务厅、省财政厅负责）\n（二）乙。责任单位：省科技厅、省教育厅\n"
        "注：各项任务中列第一位者为牵头单位。\n"
    )
    ex = extract_text(text)
    assert [(t.lead, t.responsible) for t in ex.tasks] == [
        (["省商务厅"], ["省财政厅"]),
        (["省科技厅"], ["省教育厅"]),
    ]


def test_precision_no_attribution_from_ordinary_brackets_and_sentences() -> None:
    text = (
        "山东省人民政府\n一、任务\n（一）推进“三网融合”（以下简称融合）试点（2021—2025年）。\n"
        "（二）明确责任单位：各地要落实责任。原省经信委牵头制定的政策继续执行。\n"
        "（三）完成时限：2022年底前。\n"
    )
    ex = extract_text(text)
    assert ex.tasks == []


def test_label_lines_under_an_item_a_heading_and_marks_in_a_table() -> None:
    text = (
        "山东省人民政府办公厅关于做好工作的通知\n一、重点任务\n（一）推进平台建设。加快建设数据平台。\n"
        "牵头单位：省大数据局\n配合单位：省发展改革委、省财政厅\n完成时限：2023年底前\n"
        "（二）加强组织领导\n牵头单位：省商务厅\n1.建立工作机制。\n2.加强督促检查。\n（三）强化保障。\n"
        "序号\t任务\t责任单位\t完成时限\n1\t制定方案\t省科技厅（牵头）、省教育厅\t2023年\n"
    )
    ex = extract_text(text)
    got = [(".".join(t.path), t.lead, t.support, t.responsible, t.deadline.text if t.deadline else None)
           for t in ex.tasks]  # fmt: skip
    assert got == [
        ("一.(一)", ["省大数据局"], ["省发展改革委", "省财政厅"], [], "2023年底前"),  # two lines, one task
        ("一.(二).1", ["省商务厅"], [], [], None),  # the heading's line reaches its items
        ("一.(二).2", ["省商务厅"], [], [], None),
        ("一.1", ["省科技厅"], [], ["省教育厅"], "2023年"),  # （牵头） in a 责任单位 cell
    ]
    first = ex.tasks[0]
    assert first.text.endswith("完成时限：2023年底前") and text[first.span[0] : first.span[1]] == first.text


def test_more_bracket_forms() -> None:
    text = (
        "浙江省人民政府办公厅关于印发工作方案的通知\n一、重点任务\n"
        "（一）甲任务。（责任单位：省发展改革委、省经信厅，各市、县〔市、区〕政府）\n"
        "（二）乙任务。（省商务厅牵头、省财政厅配合）\n"
        "（三）丙任务。（由省民政厅牵头，省财政厅、各市政府配合）\n"
        "（四）丁任务。（各市政府负责，省发展改革委指导）\n"
        "（五）戊任务。\n牵头单位：省科技厅  配合单位：省教育厅、省财政厅\n"
        "（六）己任务。【牵头单位：省交通运输厅；配合单位：省公安厅】\n"
    )
    got = [(t.lead, t.support, t.responsible, t.guide) for t in extract_text(text).tasks]
    assert got == [
        ([], [], ["省发展改革委", "省经信厅", "各市、县〔市、区〕政府"], []),
        (["省商务厅"], ["省财政厅"], [], []),
        (["省民政厅"], ["省财政厅", "各市政府"], [], []),
        ([], [], ["各市政府"], ["省发展改革委"]),
        (["省科技厅"], ["省教育厅", "省财政厅"], [], []),
        (["省交通运输厅"], ["省公安厅"], [], []),
    ]

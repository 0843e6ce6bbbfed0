"""One attribution grammar, validated units, text as delivered: a synthetic case for each way real
documents were lost (the real-documents issue), each in the wording a local government uses."""

from __future__ import annotations

import pytest

from ingest.extract import extract_bytes, extract_text
from ingest.models import Extraction, Task
from ingest.registry import Registry
from ingest.units import valid_unit

HEAD = "某市人民政府办公室关于印发某市数字经济工作方案的通知\n各区人民政府，市政府各部门：\n"
SIGN = "\n某市人民政府办公室\n2024年3月1日\n"


def doc(body: str, head: str = HEAD) -> Extraction:
    return extract_text(head + body + SIGN)


def task(ex: Extraction, path: str) -> Task:
    return next(t for t in ex.tasks if ".".join(t.path) == path)


def all_units(ex: Extraction) -> set[str]:
    return {u.surface for t in ex.tasks for u in t.units}


def test_time_phrase_then_a_label_of_its_own() -> None:
    ex = doc(
        "一、重点任务\n（一）建设数据平台。加快建设。（三季度前完成，牵头督查单位：市大数据局）\n"
        "（二）培育企业。（2024年底前，主责单位：市经信局；协办单位：市财政局、市商务局）\n"
        "（三）推进试点。（责任处室：市科技局科技处）\n"
    )
    assert len(ex.tasks) == 3
    t1 = task(ex, "一.(一)")
    assert t1.lead == ["市大数据局"] and t1.deadline is not None
    assert t1.deadline.text == "三季度前完成" and t1.deadline.month == 9
    t2 = task(ex, "一.(二)")
    assert t2.lead == ["市经信局"] and t2.support == ["市财政局", "市商务局"]
    assert t2.deadline is not None and t2.deadline.year == 2024
    assert task(ex, "一.(三)").responsible == ["市科技局科技处"]


@pytest.mark.parametrize("pair", ["〔〕", "［］", "[]", "【】", "（）", "()"])
def test_every_bracket_around_an_attribution(pair: str) -> None:
    o, c = pair
    ex = doc(
        f"一、重点任务\n1.建设数据平台。{o}责任单位：市大数据局、市财政局{c}\n"
        f"2.培育企业{o}市经信局牵头，市财政局配合{c}。继续推进。\n"
        f"3.推进试点。推进改革。{o}责任单位：市科技局{c}推动落实。{o}责任单位：市教育局{c}\n"
    )
    assert task(ex, "一.1").responsible == ["市大数据局", "市财政局"]
    assert task(ex, "一.2").lead == ["市经信局"] and task(ex, "一.2").support == ["市财政局"]
    assert task(ex, "一.3.1").responsible == ["市科技局"] and task(ex, "一.3.2").responsible == ["市教育局"]


def test_manner_words_before_a_role_verb_are_not_part_of_a_unit() -> None:
    ex = doc(
        "一、重点任务\n1.建设平台。（市发展改革委牵头，市财政局、市商务局按职责分工配合）\n"
        "2.培育企业。（市经信局牵头，市科技局按职责协同）\n"
    )
    assert task(ex, "一.1").support == ["市财政局", "市商务局"]
    assert task(ex, "一.2").support == ["市科技局"]
    assert not any("按职责" in u for u in all_units(ex))


def test_an_undeclared_lead_mark_leads_and_is_said() -> None:
    ex = doc("一、重点任务\n1.改造县城。\n责任单位：*市建设局、市财政局\n")
    t = task(ex, "一.1")
    assert t.lead == ["市建设局"] and t.responsible == ["市财政局"]
    assert any("no rule declaring the mark" in w for w in ex.warnings)


def test_a_declared_mark_leads_without_a_warning() -> None:
    ex = doc("（注：加*号的为牵头单位）\n一、重点任务\n1.改造县城。（责任单位：市建设局、★市财政局）\n")
    assert task(ex, "一.1").lead == ["市财政局"] and task(ex, "一.1").responsible == ["市建设局"]
    assert not any("no rule declaring" in w for w in ex.warnings)


@pytest.mark.parametrize(
    "rule",
    ["列第一位者为牵头单位", "排在第一位的为牵头单位", "排在首位的单位为牵头单位", "第一个单位为牵头单位"],
)
def test_first_is_lead_in_its_wordings(rule: str) -> None:
    ex = doc(
        f"一、重点任务\n1.建设平台。（责任单位：市发展改革委、市财政局，{rule}，下同）\n2.培育企业。（责任单位：市经信局、市科技局）\n"
    )
    assert task(ex, "一.1").lead == ["市发展改革委"] and task(ex, "一.1").responsible == ["市财政局"]
    assert task(ex, "一.2").lead == ["市经信局"]
    assert not any(("第一" in u or "下同" in u) for u in all_units(ex))


def test_a_group_of_units_before_the_first_comma_leads() -> None:
    ex = doc(
        "（逗号前为牵头单位，逗号后为配合单位）\n一、重点任务\n"
        "1.建设平台。（责任单位：市发展改革委、市财政局，市商务局、市科技局）\n"
    )
    t = task(ex, "一.1")
    assert t.lead == ["市发展改革委", "市财政局"] and t.support == ["市商务局", "市科技局"]


def test_notes_and_rules_are_never_units() -> None:
    ex = doc(
        "一、重点任务\n1.建设平台。（市发展改革委、市财政局负责，多个牵头的按职责分工负责）\n"
        "2.培育企业。[责任单位：市经信局，各区人民政府。以下均需各区人民政府落实，不再列出]\n"
        "3.推进试点。（责任单位：各区人民政府〈含开发区、长江新区,下同〉、市科技局）\n"
    )
    units = all_units(ex)
    assert "各区人民政府〈含开发区、长江新区,下同〉" in units and "市科技局" in units
    for clause in (
        "下同",
        "下同〉",
        "不再列出",
        "以下均需各区人民政府落实",
        "多个牵头的按职责分工负责",
        "长江新区",
    ):
        assert clause not in units
    assert task(ex, "一.1").responsible == ["市发展改革委", "市财政局"]
    assert "各区人民政府" in task(ex, "一.3").responsible or any(u.inherited for u in task(ex, "一.3").units)


@pytest.mark.parametrize(
    "text",
    ["/", "—", "无", "下同", "不再列出", "以下均需各县区落实", "联系方式:020-83339999", "'}",
     '"onmouseover="alert(3)局', "<b>市局</b>", "http://x.gov.cn", "2025年", "按职责分工负责"],
)  # fmt: skip
def test_what_is_not_a_unit_name(text: str) -> None:
    assert valid_unit(text, Registry()) is not None


@pytest.mark.parametrize(
    "text",
    ["市发展改革委（市数据局）", "各区人民政府〈含开发区,下同〉", "武汉投控集团", "杭州资本", "各OPC社区",
     "县自然资源和规划局", "人民银行济南分行", "省推进工业互联网创新发展专项工作组", "各乡镇（街道）"],
)  # fmt: skip
def test_what_is_a_unit_name(text: str) -> None:
    assert valid_unit(text, Registry()) is None


def test_a_page_footer_or_markup_in_an_attribution_is_reported_not_stored() -> None:
    ex = doc("一、重点任务\n1.建设平台。（责任单位：市发展改革委、联系方式:020-83339999）\n")
    assert task(ex, "一.1").responsible == ["市发展改革委"]  # a field (联系方式：) ends the list
    ex = doc('一、重点任务\n1.建设平台。\n责任单位：市发展改革委、"onmouseover="alert(3)局、020-83339999\n')
    assert task(ex, "一.1").responsible == ["市发展改革委"]
    rejected = {u.surface: u for u in ex.unknown_units if u.rejected}
    assert set(rejected) == {'"onmouseover="alert(3)局', "020-83339999"}
    assert all(u.reason and u.task_id == task(ex, "一.1").id for u in rejected.values())
    assert any("not a unit, left out" in w for w in ex.warnings)


def test_empty_table_cells_are_empty() -> None:
    ex = doc(
        "重点任务分工表\n序号\t任务\t牵头单位\t配合单位\n1\t建设平台\t市发展改革委\t/\n2\t培育企业\t市经信局\t—\n"
    )
    assert [t.lead for t in ex.tasks] == [["市发展改革委"], ["市经信局"]]
    assert all(not t.support for t in ex.tasks) and "/" not in all_units(ex)


def test_a_table_flattened_one_cell_per_line() -> None:
    rows = []
    for i in range(1, 28):
        unit = "" if i % 3 == 0 else ("市经信局\n" if i % 2 else "市科技局、市财政局\n")  # every 3rd: merged
        rows.append(f"{i}\n任务{i}\n推进第{i}项工作。\n{unit}2025年底前\n")
    ex = doc("重点任务清单\n序号\n任务\n主要内容\n推进单位\n完成时限\n" + "".join(rows))
    assert len(ex.tasks) == 27
    by = {t.path[-1]: t for t in ex.tasks}
    assert by["1"].responsible == ["市经信局"] and by["2"].responsible == ["市科技局", "市财政局"]
    assert by["3"].responsible == by["2"].responsible  # merged cell: written once, spans the row below
    assert by["1"].deadline is not None and by["1"].deadline.year == 2025
    assert any("merged cell" in w for w in ex.warnings)


def test_a_flattened_table_that_cannot_be_lined_up_is_reported() -> None:
    ex = doc(
        "重点任务清单\n序号\n任务\n推进单位\n完成时限\n1\n任务一\n市经信局\n2025年\n2\n任务二\n"
        "3\n任务三\n市财政局\n2025年\n"
    )
    assert [t.path[-1] for t in ex.tasks] == ["1", "3"]  # row 2 (two cells of four) is not guessed
    assert any("does not line up" in w or "cells, its header" in w for w in ex.warnings)


GOV_PAGE = """<html><head><title>某县人民政府</title><script>var x = 1;</script></head><body>
<div class="top-nav"><a href="/">首页</a> <a>政务公开</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<table class="xxgk"><tr><td>索引号：</td><td>001122-2023-0045</td><td>主题分类：</td><td>城乡建设</td></tr>
<tr><td>发布机构：</td><td>桐庐县人民政府办公室</td><td>成文日期：</td><td>2023-05-10</td></tr>
<tr><td>文号：</td><td>桐政办发〔2023〕21号</td><td>发布日期：</td><td>2023-05-12</td></tr>
<tr><td>名称：</td><td colspan="3">桐庐县人民政府办公室关于推进城乡风貌整治提升的实施意见</td></tr></table>
<div class="article"><p>各乡镇人民政府、街道办事处，县政府各部门：</p>
<p>一、重点任务</p>
<p>（一）开展县城风貌整治。（牵头督查单位：县建设局；配合单位：县财政局）</p>
<p>（二）推进乡村风貌提升。<br>实施村庄整治。（责任单位：县农业农村<br>局）</p></div>
<div class="bdsharebuttonbox">分享到：微信 微博</div>
<div class="xgwz"><ul><li>相关文章：关于印发某某的通知</li></ul></div>
<div id="footer">主办单位：桐庐县人民政府办公室 联系方式：0571-12345678</div>
</body></html>"""


def test_a_gov_site_page_gives_its_metadata_and_no_chrome() -> None:
    ex = extract_bytes(GOV_PAGE.encode(), "page.html")
    d = ex.document
    assert d.title == "桐庐县人民政府办公室关于推进城乡风貌整治提升的实施意见"
    assert (d.issuer, d.doc_number, d.date, d.published) == (
        "桐庐县人民政府办公室",
        "桐政办发〔2023〕21号",
        "2023-05-10",
        "2023-05-12",
    )
    assert (d.index_number, d.subject, d.region, d.level) == ("001122-2023-0045", "城乡建设", "桐庐县", "县")
    assert [t.lead for t in ex.tasks] == [["县建设局"], []]
    assert ex.tasks[1].responsible == ["县农业农村局"]
    texts = " ".join(t.text for t in ex.tasks)
    assert "分享" not in texts and "相关文章" not in texts and "0571" not in texts


@pytest.mark.parametrize(
    ("title", "region", "level"),
    [
        ("罗湖区支持人工智能OPC发展若干措施（试行）", "深圳市罗湖区", "县"),
        ("桐庐县关于推进共同富裕的实施意见（征求意见稿）", "桐庐县", "县"),
        ("杭州市打造创业新高地若干政策措施（征求意见稿）", "杭州市", "市"),
    ],
)
def test_a_title_that_begins_with_a_place(title: str, region: str, level: str) -> None:
    ex = extract_text(
        f"{title}\n为承接《深圳市行动计划》，制定本措施。\n一、支持企业\n1.给予补贴。（责任单位：区科技局）\n"
    )
    assert ex.document.title == title and not ex.document.title_derived
    assert (ex.document.region, ex.document.level) == (region, level)


def test_a_legal_database_export_header_is_not_the_title() -> None:
    ex = extract_text(
        "【法宝引证码】 CLI.12.1234567\n原文链接：https://example.org/x.html\n"
        "某省人民政府关于加快数字经济发展的意见\n（某政发〔2021〕3号）\n一、重点任务\n1.建设平台。（责任单位：省大数据局）\n"
    )
    assert ex.document.title == "某省人民政府关于加快数字经济发展的意见"
    assert ex.document.doc_number == "某政发〔2021〕3号"


def test_articles_and_several_documents_in_one_notice() -> None:
    ex = extract_text(
        "某省人民政府办公厅关于印发甲政策和乙计划的通知\n《甲若干政策》《乙行动计划》已经省政府同意，现印发给你们。\n"
        "某省人民政府办公厅\n2021年9月2日\n甲若干政策\n一、支持平台\n建设平台。（责任单位：省经信厅）\n"
        "乙行动计划\n一、总体要求\n（一）建设网络。（责任单位：省通信管理局）\n"
    )
    assert [".".join(t.path) for t in ex.tasks] == ["附件1.一", "附件2.一.(一)"]
    art = extract_text(
        "某区支持企业若干措施\n第一条 办公空间支持\n提供空间。（责任单位：区科技局）\n第二条 人才支持\n（一）引才。（责任单位：区人才局）\n"
    )
    assert [".".join(t.path) for t in art.tasks] == ["第一条", "第二条.(一)"]


@pytest.mark.parametrize("city", ["江山市", "太仓市", "南充市"])
def test_short_and_full_forms_of_a_local_unit_are_one(city: str) -> None:
    ex = extract_text(
        f"{city}人民政府关于推进数字经济的意见\n一、重点任务\n1.建平台。（责任单位：市发改委、市人社局）\n"
        f"2.育企业。（责任单位：市发展改革委、市人力资源和社会保障局）\n{city}人民政府\n2024年1月2日\n"
    )
    keys = [sorted(u.key for u in t.units) for t in ex.tasks]
    assert keys[0] == keys[1] == sorted([f"{city}|市发展改革委", f"{city}|市人力资源社会保障局"])


def test_units_apart_by_spaces() -> None:
    ex = doc(
        "一、重点任务\n1.建设平台。\n责任单位：市发改局 市财政局　市商务局\n2.培育企业。（牵头单位：市经信局；配合单位：市科技局 市财政局）\n"
    )
    assert task(ex, "一.1").responsible == ["市发改局", "市财政局", "市商务局"]
    assert task(ex, "一.2").support == ["市科技局", "市财政局"]
    prose = doc("一、重点任务\n1.建设平台。（责任单位：市发展 改革委）\n")
    assert task(prose, "一.1").responsible == ["市发展 改革委"]  # not two units: 市发展 is no unit name

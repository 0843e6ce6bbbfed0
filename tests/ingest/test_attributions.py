"""Every attribution style named in the ingest issue, on small realistic documents."""

from __future__ import annotations

from ingest.extract import extract_text
from ingest.models import Extraction, Task

HEAD = "济南市人民政府关于加快数字经济发展的实施意见\n各区县人民政府，市政府各部门：\n为加快数字经济发展，提出如下实施意见。\n"
TAIL = "\n济南市人民政府\n2023年3月1日\n"


def tasks(body: str, head: str = HEAD) -> list[Task]:
    return extract_text(head + body + TAIL).tasks


def roles(t: Task) -> tuple[list[str], list[str], list[str], list[str]]:
    return t.lead, t.support, t.responsible, t.guide


def test_labeled_full_width_with_collective_kept_whole() -> None:
    (t,) = tasks(
        "一、重点任务\n（一）建设数据中心。加快建设算力设施。（牵头单位：市发展改革委，配合单位：市工业和信息化局、市大数据局，各区、县级市）"
    )
    assert t.lead == ["市发展改革委"]
    assert t.support == ["市工业和信息化局", "市大数据局", "各区、县级市"]
    collective = next(u for u in t.units if u.surface == "各区、县级市")
    assert collective.collective


def test_labeled_ascii_mixed_colons() -> None:
    (t,) = tasks(
        "一、重点任务\n1.物流平台。推进物流数字化。(牵头部门:市商务局、市交通运输局,配合部门：市发展改革委)"
    )
    assert roles(t) == (["市商务局", "市交通运输局"], ["市发展改革委"], [], [])


def test_responsible_forms() -> None:
    ts = tasks(
        "一、任务\n（一）甲。做好甲工作。（市财政局、市税务局按职责分工负责）\n（二）乙。做好乙工作。（市科技局、市教育局负责）\n"
        "（三）丙。做好丙工作。（市民政局、市卫生健康委牵头负责）"
    )
    assert roles(ts[0]) == ([], [], ["市财政局", "市税务局"], [])
    assert roles(ts[1]) == ([], [], ["市科技局", "市教育局"], [])
    assert roles(ts[2]) == (["市民政局", "市卫生健康委"], [], [], [])


def test_lead_participate_and_guide() -> None:
    ts = tasks(
        "一、任务\n（一）甲。做好甲工作。（市生态环境局牵头，市发展改革委、市统计局参与）\n（二）乙。做好乙工作。（市生态环境局指导，市商务局参与）"
    )
    assert roles(ts[0]) == (["市生态环境局"], ["市发展改革委", "市统计局"], [], [])
    assert roles(ts[1]) == ([], ["市商务局"], [], ["市生态环境局"])


def test_first_listed_leads_rule_from_its_position_on() -> None:
    ts = tasks(
        "一、任务\n（一）甲。做好甲工作。（市财政局、市税务局负责）\n"
        "（二）乙。做好乙工作。（市科技局、市教育局负责，列第一位者为牵头单位，下同）\n"
        "（三）丙。做好丙工作。（市民政局、市卫生健康委、各区县人民政府负责）"
    )
    assert roles(ts[0]) == ([], [], ["市财政局", "市税务局"], [])
    assert roles(ts[1]) == (["市科技局"], [], ["市教育局"], [])
    assert roles(ts[2]) == (["市民政局"], [], ["市卫生健康委", "各区县人民政府"], [])


def test_first_listed_rule_variant_wording() -> None:
    body = "排在第一位的部门为牵头部门，下同。\n一、任务\n（一）甲。做好甲工作。（市商务局、市财政局负责）"
    (t,) = tasks(body)
    assert roles(t) == (["市商务局"], [], ["市财政局"], [])


def test_deng_and_hui_tong_add_the_collective() -> None:
    ts = tasks(
        "一、任务\n（一）甲。做好甲工作。（市发展改革委、市商务局等有关部门和单位负责）\n"
        "（二）乙。做好乙工作。（市教育局会同有关部门负责）\n"
        "（三）丙。做好丙工作。（扶贫办、发展改革委等和各有关省级人民政府负责）"
    )
    assert ts[0].responsible == ["市发展改革委", "市商务局", "有关部门和单位"]
    assert ts[1].responsible == ["市教育局", "有关部门"]
    assert ts[2].responsible == ["扶贫办", "发展改革委", "各有关省级人民政府"]
    assert all(u.collective for u in ts[1].units if u.surface == "有关部门")


def test_collectives_never_split() -> None:
    (t,) = tasks("一、任务\n（一）甲。做好甲工作。（各省、自治区、直辖市人民政府，各有关区、县级市负责）")
    assert t.responsible == ["各省、自治区、直辖市人民政府", "各有关区、县级市"]


def test_heading_attribution_applies_to_sub_items_without_one() -> None:
    ts = tasks(
        "一、任务\n（一）建设数字政府（牵头单位：市大数据局）\n1.推进一网通办。优化服务。\n"
        "2.推进一网统管。加强治理。（市城管局负责）\n3.推进数据共享。打通系统。"
    )
    by_path = {".".join(t.path): t for t in ts}
    assert set(by_path) == {"一.(一).1", "一.(一).2", "一.(一).3"}
    assert by_path["一.(一).1"].lead == ["市大数据局"]
    assert by_path["一.(一).3"].lead == ["市大数据局"]
    assert roles(by_path["一.(一).2"]) == ([], [], ["市城管局"], [])
    assert all(u.inherited for u in by_path["一.(一).1"].units)


def test_several_attributions_in_one_paragraph_become_measures() -> None:
    text = (
        HEAD
        + "一、任务\n（一）绿色发展。推行绿色设计。（市工业和信息化局指导）推进回收体系建设。（市商务局、市生态环境局指导）"
        "完善标准。（市市场监管局负责）" + TAIL
    )
    ex = extract_text(text)
    paths = [".".join(t.path) for t in ex.tasks]
    assert paths == ["一.(一).1", "一.(一).2", "一.(一).3"]
    assert ex.tasks[1].guide == ["市商务局", "市生态环境局"]
    assert ex.tasks[1].text == "推进回收体系建设。（市商务局、市生态环境局指导）"
    assert ex.tasks[2].responsible == ["市市场监管局"]
    for t in ex.tasks:
        assert text[t.span[0] : t.span[1]] == t.text


def test_carry_forward_note_applies_to_later_tasks() -> None:
    ts = tasks(
        "一、任务\n（一）甲。做好甲工作。（市生态环境局指导，试点区县政府负责落实。以下均需试点区县政府落实，不再列出）\n"
        "（二）乙。做好乙工作。（市住房城乡建设局指导）\n二、保障\n（一）丙。做好丙工作。（市财政局负责）"
    )
    assert ts[0].responsible == ["试点区县政府"]
    assert ts[1].guide == ["市住房城乡建设局"] and ts[1].responsible == ["试点区县政府"]
    assert ts[2].responsible == ["市财政局"]  # another section: the note does not reach it


def test_table_with_department_column() -> None:
    body = (
        "附件\n改革举措清单\n序号\t改革举措\t主要内容\t指导部门\t推广范围\n一、知识产权方面（共2项）\n"
        "1\t专利快审\t加快审查。\t国家知识产权局、最高人民法院\t全国\n2\t商标质押\t质押融资。\t中国人民银行\t全国"
    )
    ex = extract_text(
        "国务院办公厅关于推广改革举措的通知\n国办发〔2018〕1号\n各省：\n现通知如下。\n国务院办公厅\n2018年1月2日\n"
        + body
    )
    assert [".".join(t.path) for t in ex.tasks] == ["附件.一.1", "附件.一.2"]
    assert ex.tasks[0].guide == ["国家知识产权局", "最高人民法院"]
    assert ex.tasks[0].title == "专利快审" and ex.tasks[0].source == "table"
    assert ex.document.doc_number == "国办发〔2018〕1号"


def test_unknown_units_are_kept_and_reported() -> None:
    ex = extract_text(HEAD + "一、任务\n（一）甲。做好甲工作。（市未来产业促进中心、市商务局负责）" + TAIL)
    (t,) = ex.tasks
    assert t.responsible == ["市未来产业促进中心", "市商务局"]
    assert [u.surface for u in ex.unknown_units] == ["市未来产业促进中心"]


def test_parentheses_that_are_not_attributions() -> None:
    ex = extract_text(
        HEAD + "一、任务\n（一）甲。以国家健康医疗大数据中心（北方）为基础，推广“互联网+”（试点）模式。"
        "（企业直接向国家发展改革委申报，不需省级发展改革部门转报）" + TAIL
    )
    assert ex.tasks == []
    assert ex.warnings


def test_municipal_aliases_resolve() -> None:
    (t,) = tasks("一、任务\n（一）甲。做好甲工作。（市发改委、济南市商务局负责）")
    keys = [u.key for u in t.units]
    assert keys[0] == "济南市|市发展改革委"
    assert keys[1] == "济南市|市商务局"


def _ex(text: str) -> Extraction:
    return extract_text(text)

"""A task table's other columns (责任处室, 备注, 工作目标 …) kept with each table row's task, as written:
in TAB text, .docx, HTML and a table written one cell per line; an empty cell is left out, never taken
from the row above or from another column; a table without such columns gives none."""

from __future__ import annotations

import io

import docx

from ingest.decode import decode_bytes
from ingest.extract import extract_bytes
from ingest.models import Extraction

HEAD = "山东省人民政府办公厅关于印发数据工作方案的通知\n一、重点任务\n"
TAB_TEXT = (
    HEAD + "序号\t重点任务\t牵头单位\t配合单位\t责任处室\t完成时限\t备注\n"
    "1\t建设数据平台\t省大数据局\t省财政厅\t数据资源处\t2023年底前\t纳入年度考核\n"
    "2\t推进数据开放\t省大数据局\t省工业和信息化厅\t\t持续推进\t\n"
    "3\t完善数据安全制度\t省委网信办\t省公安厅\t网络安全处\t2024年6月底前\t每季度报送进展\n"
    "二、保障措施\n（一）加强组织领导。各地各部门要高度重视。\n"
)
EXPECTED = [
    [("责任处室", "数据资源处"), ("备注", "纳入年度考核")],
    [],
    [("责任处室", "网络安全处"), ("备注", "每季度报送进展")],
]


def columns(ex: Extraction) -> list[list[tuple[str, str]]]:
    return [[(c.name, c.value) for c in t.columns] for t in ex.tasks]


def assert_spans(ex: Extraction, text: str) -> None:
    for t in ex.tasks:
        for c in t.columns:
            assert text[c.span[0] : c.span[1]] == c.value
            assert t.span[0] <= c.span[0] and c.span[1] <= t.span[1]  # in the task's own row


def test_tab_text_keeps_the_other_columns_with_their_spans() -> None:
    ex = extract_bytes(TAB_TEXT.encode("utf-8"), "plan.txt")
    assert [(t.title, t.lead, t.support, t.responsible) for t in ex.tasks] == [
        ("建设数据平台", ["省大数据局"], ["省财政厅"], []),  # 责任处室 beside 牵头单位: divisions, not units
        ("推进数据开放", ["省大数据局"], ["省工业和信息化厅"], []),  # empty last cell: lines up
        ("完善数据安全制度", ["省委网信办"], ["省公安厅"], []),
    ]
    assert [t.deadline.text if t.deadline else None for t in ex.tasks] == [
        "2023年底前",
        "持续推进",
        "2024年6月底前",
    ]
    assert columns(ex) == EXPECTED
    assert_spans(ex, TAB_TEXT)
    assert not any("line up" in w for w in ex.warnings)
    assert all(t.columns == [] for t in ex.tasks if t.source == "text")


def test_column_spans_point_into_the_text_as_delivered() -> None:
    """CRLF and a running page footer change the offsets; every column's span is moved back with them."""
    delivered = TAB_TEXT.replace("\n", "\r\n").replace("二、保障措施", "- 1 -\r\n二、保障措施", 1)
    ex = extract_bytes(delivered.encode("utf-8"), "plan.txt")
    assert columns(ex) == EXPECTED
    for t in ex.tasks:
        for c in t.columns:
            assert delivered[c.span[0] : c.span[1]] == c.value


def test_the_json_contract_only_gains_the_columns_field() -> None:
    ex = extract_bytes(TAB_TEXT.encode("utf-8"), "plan.txt")
    tasks = ex.contract()["tasks"]
    assert isinstance(tasks, list)
    first = tasks[0]
    assert first["columns"] == [
        {"name": "责任处室", "value": "数据资源处", "span": list(ex.tasks[0].columns[0].span)},
        {"name": "备注", "value": "纳入年度考核", "span": list(ex.tasks[0].columns[1].span)},
    ]


def test_a_merged_down_row_takes_units_from_above_but_no_other_column() -> None:
    text = (
        HEAD + "序号\t重点任务\t牵头单位\t配合单位\t备注\t责任处室\n"
        "1\t建设数据平台\t省大数据局\t省财政厅\t纳入年度考核\t数据资源处\n"
        "2\t推进数据开放\t\t\t\t\n"  # every cell after the task merged down from row 1
        "3\t完善数据安全制度\t省委网信办\t省公安厅\t\t网络安全处\n"
    )
    ex = extract_bytes(text.encode("utf-8"), "plan.txt")
    assert [(t.title, t.lead, t.support) for t in ex.tasks] == [
        ("建设数据平台", ["省大数据局"], ["省财政厅"]),
        ("推进数据开放", ["省大数据局"], ["省财政厅"]),
        ("完善数据安全制度", ["省委网信办"], ["省公安厅"]),
    ]
    assert columns(ex) == [
        [("备注", "纳入年度考核"), ("责任处室", "数据资源处")],
        [],
        [("责任处室", "网络安全处")],
    ]
    assert_spans(ex, text)


def _docx(rows: list[list[str]], merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> bytes:
    d = docx.Document()
    for line in ["浙江省人民政府办公厅关于印发数据工作方案的通知", "一、重点任务"]:
        d.add_paragraph(line)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for (r1, c1), (r2, c2) in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


DOCX_ROWS = [
    ["序号", "重点任务", "牵头单位", "配合单位", "责任处室", "完成时限", "备注"],
    ["1", "建设数据平台", "省大数据局", "省财政厅", "数据资源处", "2023年底前", ""],
    ["2", "推进数据开放", "", "省经济和信息化厅", "数据应用处", "持续推进", ""],
    ["3", "完善数据安全制度", "省委网信办", "省公安厅", "", "2024年底前", "每季度报送进展"],
]


def test_docx_table_keeps_the_other_columns_and_a_merged_empty_cell_stays_empty() -> None:
    # 牵头单位 merged down over rows 1-2; 备注 merged down over rows 1-2 and empty
    data = _docx(DOCX_ROWS, [((1, 2), (2, 2)), ((1, 6), (2, 6))])
    text = decode_bytes(data, "plan.docx").text
    ex = extract_bytes(data, "plan.docx")
    assert [(t.lead, t.support) for t in ex.tasks] == [
        (["省大数据局"], ["省财政厅"]),
        (["省大数据局"], ["省经济和信息化厅"]),
        (["省委网信办"], ["省公安厅"]),
    ]
    assert columns(ex) == [
        [("责任处室", "数据资源处")],
        [("责任处室", "数据应用处")],
        [("备注", "每季度报送进展")],
    ]
    assert_spans(ex, text)


def test_docx_merged_cell_in_an_extra_column_is_its_own_text_in_each_row() -> None:
    rows = [list(r) for r in DOCX_ROWS]
    rows[1][6] = "纳入年度考核"
    ex = extract_bytes(_docx(rows, [((1, 6), (2, 6))]), "plan.docx")
    text = decode_bytes(_docx(rows, [((1, 6), (2, 6))]), "plan.docx").text
    assert columns(ex) == [
        [("责任处室", "数据资源处"), ("备注", "纳入年度考核")],
        [("责任处室", "数据应用处"), ("备注", "纳入年度考核")],  # the merged cell: the same column's text
        [("备注", "每季度报送进展")],
    ]
    assert_spans(ex, text)


HTML = """<html><head><title>x</title></head><body><p>广州市人民政府办公厅关于印发工作方案的通知</p>
<p>一、重点任务</p><table>
<tr><th>序号</th><th>重点任务</th><th>工作目标</th><th>牵头单位</th><th>配合单位</th><th>责任 处室</th>
<th>完成时限</th><th>备注</th></tr>
<tr><td>1</td><td>建设城市大脑</td><td>建成全市统一平台</td><td rowspan="2">市政务服务数据管理局</td>
<td>市发展改革委</td><td rowspan="2">数据资源处</td><td>2023年底前</td><td>纳入年度考核</td></tr>
<tr><td>2</td><td>推进数据开放</td><td></td><td>市工业和信息化局</td><td>持续推进</td><td></td></tr>
<tr><td>3</td><td>加强数据安全</td><td>零重大安全事件</td><td>市委网信办</td><td>市公安局</td><td></td>
<td>2024年底前</td><td></td></tr>
</table></body></html>"""


def test_html_table_keeps_the_other_columns_with_rowspans_in_their_own_column() -> None:
    data = HTML.encode("utf-8")
    text = decode_bytes(data, "plan.html").text
    ex = extract_bytes(data, "plan.html")
    assert [(t.lead, t.support, t.deadline.text if t.deadline else None) for t in ex.tasks] == [
        (["市政务服务数据管理局"], ["市发展改革委"], "2023年底前"),
        (["市政务服务数据管理局"], ["市工业和信息化局"], "持续推进"),
        (["市委网信办"], ["市公安局"], "2024年底前"),
    ]
    assert columns(ex) == [
        [("工作目标", "建成全市统一平台"), ("责任处室", "数据资源处"), ("备注", "纳入年度考核")],
        [("责任处室", "数据资源处")],  # the rowspan: this column's own text, 备注 left empty
        [("工作目标", "零重大安全事件")],
    ]
    assert_spans(ex, text)


def test_a_table_written_one_cell_per_line_keeps_its_other_columns() -> None:
    text = (
        "广州市人民政府办公厅关于印发工作方案的通知\n一、重点任务\n序号\n重点任务\n牵头单位\n备注\n"
        "1\n建设城市大脑\n市政务服务数据管理局\n纳入年度考核\n"
        "2\n推进数据开放\n市工业和信息化局\n按季度调度\n"
        "二、保障措施\n（一）加强组织领导。\n"
    )
    ex = extract_bytes(text.encode("utf-8"), "plan.txt")
    table = [t for t in ex.tasks if t.source == "table"]
    assert [(t.title, t.lead) for t in table] == [
        ("建设城市大脑", ["市政务服务数据管理局"]),
        ("推进数据开放", ["市工业和信息化局"]),
    ]
    assert [[(c.name, c.value) for c in t.columns] for t in table] == [
        [("备注", "纳入年度考核")],
        [("备注", "按季度调度")],
    ]
    assert_spans(ex, text)


def test_a_table_without_other_columns_has_none_and_unit_columns_never_are_one() -> None:
    text = (
        HEAD + "序号\t任务\t牵头单位\t配合单位\t完成时限\n1\t编制规划\t省发展改革委\t省财政厅\t2023年底前\n"
        "2\t开展评估\t省统计局\t省财政厅\t2024年\n"
    )
    ex = extract_bytes(text.encode("utf-8"), "plan.txt")
    assert len(ex.tasks) == 2 and all(t.columns == [] for t in ex.tasks)
    # a department's own table, whose only unit column is its 处室: they are its units, not a column
    own = HEAD + "序号\t任务\t责任处室\t备注\n1\t编制规划\t规划处\t会同综合处\n"
    ex = extract_bytes(own.encode("utf-8"), "plan.txt")
    assert [(t.responsible, columns(ex)[0]) for t in ex.tasks] == [(["规划处"], [("备注", "会同综合处")])]

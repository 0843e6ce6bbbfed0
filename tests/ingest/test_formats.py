"""PDF, .docx and HTML input: the same tasks as the text, tables read as tables, bad files refused."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from ingest.decode import decode_bytes, read_document
from ingest.extract import extract_bytes, extract_file
from ontology.errors import InputError
from tests.conftest import SAMPLE
from tests.data.make_pdf import policy_pdf, scanned_pdf

TABLE = [
    ["序号", "任务", "牵头单位", "配合单位"],
    ["1", "建设省级数据共享交换平台", "省大数据局", "省发展改革委、省财政厅"],
    ["2", "推进政务数据开放", "", "省工业和信息化厅"],  # 牵头单位 merged down from row 1
    ["3", "完善数据安全制度", "省委网信办", "省公安厅"],
]
MERGED = [("SPAN", (2, 1), (2, 2))]


def roles(ex: object) -> list[tuple[str, list[str], list[str], list[str]]]:
    return [(".".join(t.path), t.lead, t.support, t.responsible) for t in ex.tasks]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    return policy_pdf(path, SAMPLE.read_text(encoding="utf-8"), TABLE, MERGED)


def test_a_multi_page_pdf_extracts_to_the_tasks_and_roles_of_the_text(sample_pdf: Path) -> None:
    text_ex = extract_file(SAMPLE)
    pdf_ex = extract_file(sample_pdf)
    text_tasks = roles(text_ex)
    pdf_text_tasks = [r for r, t in zip(roles(pdf_ex), pdf_ex.tasks, strict=True) if t.source == "text"]
    assert pdf_text_tasks == text_tasks
    assert [(g.indicator, g.value, g.deadline) for g in pdf_ex.targets] == [
        (g.indicator, g.value, g.deadline) for g in text_ex.targets
    ]
    d = pdf_ex.document
    assert (d.issuer, d.date, d.region, d.level, d.encoding) == (
        "山东省人民政府",
        "2022-10-25",
        "山东省",
        "省",
        "pdf",
    )
    assert len(d.page_starts) >= 5


def test_pdf_running_heads_and_page_numbers_are_not_text(sample_pdf: Path) -> None:
    text = read_document(sample_pdf).text
    assert "山东省人民政府文件" not in text and "— 1 —" not in text and "— 2 —" not in text
    # the paragraphs are the text's own: every line of the source is one line of the PDF's text
    source = [ln for ln in SAMPLE.read_text(encoding="utf-8").split("\n") if ln.strip()]
    assert text.split("\n")[: len(source)] == source


def test_pdf_table_page_is_read_as_a_table_with_its_merged_cell(sample_pdf: Path) -> None:
    ex = extract_file(sample_pdf)
    table = [t for t in ex.tasks if t.source == "table"]
    assert [(t.title, t.lead, t.support) for t in table] == [
        ("建设省级数据共享交换平台", ["省大数据局"], ["省发展改革委", "省财政厅"]),
        ("推进政务数据开放", ["省大数据局"], ["省工业和信息化厅"]),
        ("完善数据安全制度", ["省委网信办"], ["省公安厅"]),
    ]
    last_page = len(ex.document.page_starts)
    assert all(t.page == last_page for t in table)


def test_pdf_provenance_spans_point_into_the_extracted_text_and_record_the_page(sample_pdf: Path) -> None:
    decoded = read_document(sample_pdf)
    ex = extract_file(sample_pdf)
    starts = ex.document.page_starts
    for t in ex.tasks:
        assert decoded.text[t.span[0] : t.span[1]] == t.text
        assert t.page is not None and starts[t.page - 1] <= t.span[0]
        assert t.page == len(starts) or t.span[0] < starts[t.page]
        for u in t.units:
            assert decoded.text[u.span[0] : u.span[1]] == u.surface
    pages = [t.page for t in ex.tasks if t.source == "text"]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] > 2


def test_a_scanned_pdf_gets_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text layer"):
        extract_file(scanned_pdf(tmp_path / "scan.pdf"))


def test_an_encrypted_pdf_gets_a_clear_message(tmp_path: Path) -> None:
    enc = StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    path = policy_pdf(
        tmp_path / "locked.pdf", "山东省人民政府\n一、任务\n（一）甲。（省商务厅负责）", encrypt=enc
    )
    with pytest.raises(InputError, match="encrypted"):
        extract_file(path)


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    enc = StandardEncryption("", ownerPassword="owner", canPrint=0)
    path = policy_pdf(
        tmp_path / "owner.pdf", "山东省人民政府\n一、任务\n（一）甲。（省商务厅负责）", encrypt=enc
    )
    assert extract_file(path).tasks[0].responsible == ["省商务厅"]


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n%\xe2\xe3\n1 0 obj garbage", b"%PDF-1.4\n" + bytes(range(256)) * 40]
)
def test_a_damaged_pdf_gets_a_clear_message(data: bytes) -> None:
    with pytest.raises(InputError, match="PDF"):
        decode_bytes(data, "broken.pdf")


def _docx(rows: list[list[str]], merge: tuple[tuple[int, int], tuple[int, int]] | None = None) -> bytes:
    d = docx.Document()
    for line in ["浙江省人民政府办公厅关于印发数据工作方案的通知", "一、重点任务"]:
        d.add_paragraph(line)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    if merge:
        (r1, c1), (r2, c2) = merge
        table.cell(r1, c1).merge(table.cell(r2, c2))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_docx_task_table_with_a_merged_unit_cell() -> None:
    ex = extract_bytes(_docx(TABLE, merge=((1, 2), (2, 2))), "plan.docx")
    assert ex.document.region == "浙江省"
    assert [(t.path, t.lead, t.support) for t in ex.tasks] == [
        (["一", "1"], ["省大数据局"], ["省发展改革委", "省财政厅"]),
        (["一", "2"], ["省大数据局"], ["省工业和信息化厅"]),
        (["一", "3"], ["省委网信办"], ["省公安厅"]),
    ]
    assert all(u.key.startswith("浙江省|") for t in ex.tasks for u in t.units)


def test_html_task_table_with_rowspan_and_deadline_column() -> None:
    html = """<html><head><title>x</title></head><body><p>广州市人民政府办公厅关于印发工作方案的通知</p>
    <p>一、重点任务</p><table>
    <tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
    <tr><td>1</td><td>建设城市大脑</td><td rowspan="2">市政务服务数据管理局</td><td>市发展改革委</td><td>2023年底前</td></tr>
    <tr><td>2</td><td>推进数据开放</td><td>市工业和信息化局</td><td rowspan="2">持续推进</td></tr>
    <tr><td>3</td><td>加强数据安全</td><td>市委网信办</td><td>市公安局</td></tr>
    </table></body></html>"""
    ex = extract_bytes(html.encode("utf-8"), "plan.html")
    assert [(t.lead, t.support, t.deadline.text if t.deadline else None) for t in ex.tasks] == [
        (["市政务服务数据管理局"], ["市发展改革委"], "2023年底前"),
        (["市政务服务数据管理局"], ["市工业和信息化局"], "持续推进"),
        (["市委网信办"], ["市公安局"], "持续推进"),
    ]
    assert ex.tasks[0].deadline is not None and ex.tasks[0].deadline.year == 2023
    assert {u.key.split("|")[0] for t in ex.tasks for u in t.units} == {"广州市"}


def test_a_table_without_a_unit_column_says_so_and_yields_no_task() -> None:
    text = "山东省人民政府办公厅关于工作安排的通知\n一、安排\n序号\t任务\t完成时限\n1\t编制规划\t2023年底前\n2\t开展评估\t2024年\n"
    ex = extract_bytes(text.encode("utf-8"), "plan.txt")
    assert ex.tasks == []
    assert any("without a unit column" in w for w in ex.warnings)


def test_a_table_row_that_does_not_line_up_with_its_header_is_reported_not_guessed() -> None:
    text = "山东省人民政府办公厅关于工作安排的通知\n一、安排\n序号\t任务\t牵头单位\t配合单位\n1\t编制规划\t省发展改革委\t省财政厅\n2\t省科技厅\n"
    ex = extract_bytes(text.encode("utf-8"), "plan.txt")
    assert [t.lead for t in ex.tasks] == [["省发展改革委"]]
    assert any("does not line up" in w for w in ex.warnings)


def test_a_unit_cell_that_states_the_roles_in_words() -> None:
    text = (
        "山东省人民政府办公厅关于工作安排的通知\n一、安排\n序号\t任务\t责任单位\t完成时限\n"
        "1\t编制规划\t省发展改革委牵头，省财政厅、省自然资源厅配合\t2023年底前\n2\t开展评估\t省统计局\t2024年\n"
    )
    ex = extract_bytes(text.encode("utf-8"), "plan.txt")
    assert [(t.lead, t.support, t.responsible) for t in ex.tasks] == [
        (["省发展改革委"], ["省财政厅", "省自然资源厅"], []),
        ([], [], ["省统计局"]),
    ]
    for t in ex.tasks:
        for u in t.units:
            assert text[u.span[0] : u.span[1]] == u.surface


def _bold_docx(rule: str) -> bytes:
    d = docx.Document()
    d.add_paragraph("某市人民政府办公室关于印发某市数字经济工作方案的通知")
    if rule:
        d.add_paragraph(rule)
    d.add_paragraph("一、重点任务").runs[0].bold = True  # a heading all in bold is no mark
    p = d.add_paragraph("1.建设数据平台。（责任单位：")
    p.add_run("市大数据局").bold = True
    p.add_run("、市财政局）")
    table = d.add_table(rows=2, cols=3)
    for i, text in enumerate(("序号", "任务", "责任单位")):
        table.rows[0].cells[i].text = text
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "2", "培育企业"
    cell = table.rows[1].cells[2].paragraphs[0]
    cell.add_run("市科技局、")
    cell.add_run("市经信局").bold = True
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("rule", ["（注：加粗的为牵头单位）", ""])
def test_docx_a_unit_in_bold_leads(rule: str) -> None:
    ex = extract_bytes(_bold_docx(rule), "plan.docx")
    by = {".".join(t.path): t for t in ex.tasks}
    assert by["一.1"].lead == ["市大数据局"] and by["一.1"].responsible == ["市财政局"]
    table_task = next(t for t in ex.tasks if t.source == "table")
    assert table_task.lead == ["市经信局"] and table_task.responsible == ["市科技局"]
    assert not any("★" in u.surface for t in ex.tasks for u in t.units)
    undeclared = any("no rule declaring the mark" in w for w in ex.warnings)
    assert undeclared == (not rule)

"""Encodings and bad input: a clear InputError or a valid result, never a traceback."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from ingest.decode import decode_bytes, read_document
from ingest.extract import extract_bytes, extract_text
from ontology.errors import InputError
from tests.conftest import SAMPLE, run_cli

TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le-bom"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be-bom"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "sample")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_gbk_document_extracts_the_same_tasks() -> None:
    a = extract_bytes(TEXT.encode("gbk"), "gbk.txt")
    b = extract_text(TEXT)
    assert [t.model_dump() for t in a.tasks] == [t.model_dump() for t in b.tasks]
    assert a.document.id == b.document.id  # the id hashes the decoded text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"PK\x03\x04" + bytes(200), ".docx"),
        (b"hello world, no Chinese here", "no Chinese"),
    ],
)
def test_bad_input_is_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_bytes(data, "bad.txt")


def test_truncated_gbk_is_decoded_or_refused() -> None:
    data = TEXT.encode("gbk")[:1001]  # cuts a two-byte character in half
    try:
        decoded = decode_bytes(data, "cut.txt")
    except InputError as exc:
        assert "cut.txt" in str(exc)
    else:
        assert decoded.text.startswith(TEXT[:100])


def test_mixed_utf8_and_gbk_is_decoded_or_refused() -> None:
    data = TEXT[:2000].encode("utf-8") + TEXT[2000:4000].encode("gbk")
    try:
        decoded = decode_bytes(data, "mixed.txt")
    except InputError as exc:
        assert "mixed.txt" in str(exc)
    else:
        assert "平台经济" in decoded.text


def test_unbalanced_brackets_still_parse() -> None:
    broken = TEXT.replace("(牵头部门:省商务厅)", "(牵头部门:省商务厅", 1).replace("(北方)", "(北方", 1)
    ex = extract_text(broken)
    assert 18 <= len(ex.tasks) <= 20
    assert all(broken[t.span[0] : t.span[1]] == t.text for t in ex.tasks)


def test_document_without_attributions_gives_an_empty_valid_result() -> None:
    ex = extract_text("关于做好某项工作的通知\n各单位：\n请认真做好有关工作。\n某某办公室\n2020年1月1日")
    assert ex.tasks == [] and ex.warnings
    assert ex.document.date == "2020-01-01"


@pytest.mark.slow
def test_ten_megabyte_single_line(tmp_path: Path) -> None:
    line = ("推进平台经济发展，加强数据共享" * 40 + "。（省商务厅负责）") * 5_500
    path = tmp_path / "huge.txt"
    path.write_bytes(line.encode("utf-8"))
    assert path.stat().st_size > 10_000_000
    result = run_cli("extract", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    import json

    body = json.loads(result.stdout)
    assert body["document"]["length"] == len(line)
    # one unnumbered paragraph: each attribution closes a measure of it
    assert len(body["tasks"]) == 5_500
    assert body["tasks"][-1]["responsible"] == ["省商务厅"] and body["tasks"][-1]["path"] == ["¶1", "5500"]


def test_docx_with_a_table(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("某省人民政府关于推进数字政府建设的实施意见")
    d.add_paragraph("一、重点任务")
    d.add_paragraph("（一）建设一网通办。优化政务服务。（牵头单位：省大数据局，配合单位：省发展改革委）")
    table = d.add_table(rows=2, cols=3)
    for i, cell in enumerate(["序号", "任务", "责任单位"]):
        table.rows[0].cells[i].text = cell
    for i, cell in enumerate(["1", "建设数据平台", "省大数据局、省财政厅"]):
        table.rows[1].cells[i].text = cell
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "doc.docx"
    path.write_bytes(buf.getvalue())
    decoded = read_document(path)
    assert decoded.encoding == "docx" and "1\t建设数据平台\t省大数据局、省财政厅" in decoded.text
    ex = extract_bytes(buf.getvalue(), "doc.docx")
    assert [t.lead for t in ex.tasks][:1] == [["省大数据局"]]
    assert ex.tasks[-1].responsible == ["省大数据局", "省财政厅"]


def test_html_from_a_government_site() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>x</title><script>var a='（省商务厅负责）';</script></head><body>"
        "<p>一、重点任务</p><p>（一）发展电商。扩大网络零售。（牵头部门：省商务厅）</p>"
        "<table><tr><td>1</td><td>建设平台</td></tr></table></body></html>"
    )
    ex = extract_bytes(page.encode("utf-8"), "page.html")
    assert [t.lead for t in ex.tasks] == [["省商务厅"]]
    assert "script" not in ex.tasks[0].text


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "missing.txt"])
def test_cli_extract_gives_one_clear_message(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name == "empty.txt":
        path.write_bytes(b"")
    elif name == "binary.txt":
        path.write_bytes(bytes(range(256)) * 10)
    result = run_cli("extract", str(path), "--format", "json")
    assert result.returncode == 1
    assert result.stderr.startswith("error:") and name in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""

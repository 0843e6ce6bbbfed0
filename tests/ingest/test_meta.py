"""Document metadata: the document number is this document's own, never one it cites."""

from __future__ import annotations

from ingest.extract import extract_text

BODY = "一、任务\n（一）甲。做好甲工作。（省商务厅负责）\n山东省人民政府\n2023年1月5日"


def test_number_on_its_own_header_line() -> None:
    ex = extract_text("山东省人民政府关于甲的通知\n鲁政发〔2023〕7号\n各市人民政府：\n" + BODY)
    assert ex.document.doc_number == "鲁政发〔2023〕7号"
    assert ex.document.title == "山东省人民政府关于甲的通知"


def test_number_with_a_label_and_ascii_brackets() -> None:
    ex = extract_text("山东省人民政府关于甲的通知\n文号：鲁政发 [2023] 7 号\n各市人民政府：\n" + BODY)
    assert ex.document.doc_number == "鲁政发[2023]7号"


def test_a_cited_number_is_not_the_documents() -> None:
    preamble = "为贯彻落实《国务院办公厅关于推进电子商务的意见》（国办发〔2018〕126号），提出如下意见。\n"
    ex = extract_text("山东省人民政府关于甲的通知\n各市人民政府：\n" + preamble + BODY)
    assert ex.document.doc_number is None
    assert ex.document.title == "山东省人民政府关于甲的通知"


def test_a_number_in_the_body_is_not_the_documents() -> None:
    ex = extract_text(
        "山东省人民政府关于甲的通知\n各市人民政府：\n" + BODY.replace("做好甲工作", "落实国办发〔2018〕1号")
    )
    assert ex.document.doc_number is None


def test_title_below_the_letterhead_and_the_document_number() -> None:
    from ingest.extract import extract_text

    text = (
        "广州市人民政府文件\n穗府〔2021〕12号\n广州市人民政府关于印发广州市数字经济发展规划的通知\n"
        "各区人民政府，市政府各部门、各直属机构：\n一、重点任务\n（一）建设数字基础设施。（市工业和信息化局牵头，各区政府配合）\n"
    )
    d = extract_text(text).document
    assert (d.title, d.issuer, d.region, d.issued) == (
        "广州市人民政府关于印发广州市数字经济发展规划的通知",
        "广州市人民政府",
        "广州市",
        "2021",
    )

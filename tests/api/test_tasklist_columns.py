"""A task table's other columns (责任处室, 备注 …) end to end: on the Task node as two parallel lists,
and in the 任务分工表 (csv, xlsx, docx, md, json) as columns after the units and before 完成时限; a list
whose tasks have none has exactly the columns it always had."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from neo4j import Driver

from api.tasklists import DEPARTMENT_COLUMNS, POLICY_COLUMNS
from graph.load import load
from ingest.decode import decode_bytes
from ingest.extract import extract_bytes, extract_file
from tests.conftest import SAMPLE, ApiServer
from tests.graph.conftest import load_sample, reset
from tests.ingest.test_table_columns import DOCX_ROWS, TAB_TEXT, _docx

pytestmark = pytest.mark.neo4j
WITH_COLUMNS = [*POLICY_COLUMNS[:6], "责任处室", "备注", *POLICY_COLUMNS[6:]]


@pytest.fixture(scope="module")
def graph(driver: Driver, database: str) -> Iterator[dict[str, str]]:
    """The sample, the TAB-text table and the .docx table loaded; their policy ids."""
    reset(driver, database)
    load_sample(driver, database)
    ids = {"sample": extract_file(SAMPLE).document.id}
    data = _docx(DOCX_ROWS, [((1, 2), (2, 2)), ((1, 6), (2, 6))])
    for name, raw, fname in (("tab", TAB_TEXT.encode("utf-8"), "plan.txt"), ("docx", data, "plan.docx")):
        ex = extract_bytes(raw, fname)
        load(driver, database, ex, decode_bytes(raw, fname).text)
        ids[name] = ex.document.id
    yield ids


def fetch(api: ApiServer, path: str, fmt: str, **params: str) -> bytes:
    with api.client() as c:
        r = c.get(path, params={"format": fmt, **params})
    assert r.status_code == 200, r.text
    return r.content


def read_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_task_nodes_hold_the_columns_as_two_lists(
    driver: Driver, database: str, graph: dict[str, str]
) -> None:
    rows, _, _ = driver.execute_query(
        "MATCH (p:Policy {id: $id})-[:HAS_TASK]->(t:Task) RETURN t.title AS title, t.column_names AS names, "
        "t.column_values AS values, 'column_names' IN keys(t) AS has ORDER BY t.span_start",
        id=graph["tab"],
        database_=database,
    )
    table = [(r["title"], r["names"], r["values"], r["has"]) for r in rows if r["title"] != "加强组织领导"]
    assert table[:3] == [
        ("建设数据平台", ["责任处室", "备注"], ["数据资源处", "纳入年度考核"], True),
        ("推进数据开放", None, None, False),  # none: no property at all
        ("完善数据安全制度", ["责任处室", "备注"], ["网络安全处", "每季度报送进展"], True),
    ]
    sample, _, _ = driver.execute_query(
        "MATCH (p:Policy {id: $id})-[:HAS_TASK]->(t:Task) WHERE t.column_names IS NOT NULL RETURN count(t) AS n",
        id=graph["sample"],
        database_=database,
    )
    assert sample[0]["n"] == 0


def test_policy_tasklist_csv_and_xlsx_show_the_columns(api_server: ApiServer, graph: dict[str, str]) -> None:
    from openpyxl import load_workbook

    path = f"/api/policies/{graph['tab']}/tasklist"
    header, *rows = read_csv(fetch(api_server, path, "csv"))
    assert header == WITH_COLUMNS
    by_title = {r[1]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_title["建设数据平台"]["责任处室"] == "数据资源处"
    assert by_title["建设数据平台"]["备注"] == "纳入年度考核"
    assert by_title["推进数据开放"]["责任处室"] == by_title["推进数据开放"]["备注"] == ""
    assert by_title["完善数据安全制度"]["备注"] == "每季度报送进展"
    assert by_title["完善数据安全制度"]["完成时限"] == "2024年6月底前"

    ws = load_workbook(io.BytesIO(fetch(api_server, path, "xlsx"))).active
    assert ws is not None
    assert [c.value for c in ws[3]] == WITH_COLUMNS
    values = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    at = WITH_COLUMNS.index("责任处室")
    assert values["建设数据平台"][at : at + 2] == ("数据资源处", "纳入年度考核")
    assert values["完善数据安全制度"][at : at + 2] == ("网络安全处", "每季度报送进展")
    remark = ws.column_dimensions["H"].width  # 备注: as wide as its cells need, within bounds
    assert 8 <= remark <= 18


def test_docx_md_and_json_show_the_columns(api_server: ApiServer, graph: dict[str, str]) -> None:
    import docx

    path = f"/api/policies/{graph['docx']}/tasklist"
    d = docx.Document(io.BytesIO(fetch(api_server, path, "docx")))
    head = [c.text for c in d.tables[0].rows[0].cells]
    assert head == WITH_COLUMNS
    texts = [[c.text for c in row.cells] for row in d.tables[0].rows[1:]]
    assert ["数据资源处", ""] in [r[6:8] for r in texts] and ["", "每季度报送进展"] in [r[6:8] for r in texts]
    md = fetch(api_server, path, "md").decode("utf-8")
    assert "| 序号 | 任务 | 牵头单位 | 配合单位 | 负责单位 | 指导单位 | 责任处室 | 备注 | 完成时限 |" in md
    assert "每季度报送进展" in md


def test_a_department_list_gets_the_columns_blank_for_tasks_without(
    api_server: ApiServer, graph: dict[str, str]
) -> None:
    body = fetch(api_server, f"/api/departments/{quote('省大数据局')}/tasklist", "csv", region="山东省")
    header, *rows = read_csv(body)
    assert header == [*DEPARTMENT_COLUMNS[:6], "责任处室", "备注", *DEPARTMENT_COLUMNS[6:]]
    mine = {r[1]: r for r in rows if "数据工作方案" in r[header.index("政策文件")]}
    assert mine["建设数据平台"][6:8] == ["数据资源处", "纳入年度考核"]
    others = [r for r in rows if "数据工作方案" not in r[header.index("政策文件")]]
    assert all(r[6:8] == ["", ""] for r in others)


def test_a_list_without_table_columns_has_exactly_the_old_columns(
    api_server: ApiServer, graph: dict[str, str]
) -> None:
    header, *_ = read_csv(fetch(api_server, f"/api/policies/{graph['sample']}/tasklist", "csv"))
    assert header == POLICY_COLUMNS
    header, *_ = read_csv(fetch(api_server, f"/api/departments/{quote('省商务厅')}/tasklist", "csv"))
    assert header == DEPARTMENT_COLUMNS

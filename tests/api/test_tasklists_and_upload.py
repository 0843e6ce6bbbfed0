"""任务分工表 in every format (HTTP and CLI), and ingest over HTTP (token, size limit, bad files)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import SAMPLE, ApiServer, run_cli

pytestmark = pytest.mark.neo4j
TOKEN = {"X-API-Token": "test-token-0123456789abcdef"}


def fetch(api: ApiServer, path: str, fmt: str, **params: str) -> bytes:
    return fetch_response(api, path, fmt, **params).content


def fetch_response(api: ApiServer, path: str, fmt: str, **params: str) -> httpx.Response:
    with api.client() as c:
        r = c.get(path, params={"format": fmt, **params})
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    return r


def test_department_tasklist_xlsx(api: ApiServer) -> None:
    from openpyxl import load_workbook

    r = fetch_response(api, f"/api/departments/{quote('省商务厅')}/tasklist", "xlsx")
    disposition = r.headers["content-disposition"]
    assert 'filename="tasklist-' in disposition  # an ASCII fallback for old clients
    assert "filename*=UTF-8''" + quote("山东省_省商务厅_任务分工表.xlsx", safe="") in disposition
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None
    assert ws["A1"].value == "山东省 省商务厅 任务分工表" and "A1:J1" in ws.merged_cells
    assert "山东省人民政府关于促进平台经济高质量发展的实施意见" in str(ws["A2"].value)
    header = [c.value for c in ws[3]]
    assert header == [
        "序号",
        "任务",
        "本单位职责",
        "其他牵头单位",
        "其他配合单位",
        "其他负责单位",
        "完成时限",
        "相关目标",
        "政策文件",
        "原文",
    ]
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3" and ws.auto_filter.ref
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws["B5"].font.name == "宋体" and ws["B5"].alignment.wrap_text
    group, *rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert str(group[0]).startswith("《山东省人民政府关于促进平台经济高质量发展的实施意见》")
    assert len(rows) == 8
    logistics = next(r for r in rows if r[1] == "现代物流平台")
    assert logistics[2] == "牵头" and logistics[3] == "省发展改革委、省交通运输厅"
    for row in rows:  # the unit is never in its own cells
        assert all("省商务厅" not in str(v or "") for v in row[3:6])
    numbers = [str(r[0]) for r in rows]  # the document's own numbers, in document order
    assert all(not n.isdigit() for n in numbers) and len(set(numbers)) == len(numbers)


def test_department_tasklist_docx_csv_md_json(api: ApiServer) -> None:
    import docx

    path = f"/api/departments/{quote('省发改委')}/tasklist"
    d = docx.Document(io.BytesIO(fetch(api, path, "docx")))
    assert d.paragraphs[0].text == "山东省 省发展改革委 任务分工表"
    section = d.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width > section.page_height
    assert len(d.tables[0].rows) == 13  # header, the policy's heading, 11 tasks
    rpr = d.paragraphs[0].runs[0].element.rPr
    assert rpr is not None and rpr.rFonts is not None
    assert rpr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "黑体"
    text = fetch(api, path, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "序号" and len(rows) == 12
    md = fetch(api, path, "md").decode("utf-8")
    assert md.startswith("# 山东省 省发展改革委 任务分工表") and "| 现代物流平台 | 牵头 |" in md
    body = json.loads(fetch(api, path, "json"))
    assert len(body["rows"]) == 11 and body["rows"][0]["序号"] != "1"
    starts = [r["序号"] for r in body["rows"]]
    assert starts == [r[0] for r in rows[1:]]


def test_department_tasklist_groups(api: ApiServer) -> None:
    path = f"/api/departments/{quote('省商务厅')}/tasklist"
    by_role = json.loads(fetch(api, path, "json", group="role"))
    assert by_role["groups"][0]["heading"] == "本单位牵头"
    assert sum(g["count"] for g in by_role["groups"]) == 8
    by_deadline = json.loads(fetch(api, path, "json", group="deadline"))
    assert by_deadline["group"] == "deadline" and by_deadline["groups"]
    with api.client() as c:
        assert c.get(path, params={"group": "nonsense"}).status_code == 422


def test_policy_tasklist(api: ApiServer) -> None:
    with api.client() as c:
        pid = c.get("/api/policies").json()[0]["id"]
    r = fetch_response(api, f"/api/policies/{pid}/tasklist", "json")
    body = json.loads(r.content)
    assert body["title"] == "《山东省人民政府关于促进平台经济高质量发展的实施意见》任务分工表"
    assert "山东省" in body["subtitle"]
    assert (
        quote("山东省人民政府关于促进平台经济高质量发展的实施意见_任务分工表", safe="")
        in (r.headers["content-disposition"])
    )
    assert len(body["rows"]) == 20
    row = next(r for r in body["rows"] if r["任务"] == "现代物流平台")
    assert row["牵头单位"] == "省发展改革委、省商务厅、省交通运输厅"
    goals = next(r for r in body["rows"] if r["任务"] == "工业互联网平台")
    assert "工业互联网典型应用场景 300个以上" in goals["相关目标"]


def test_cli_tasks_files(api: ApiServer, tmp_path: Path) -> None:
    out = tmp_path / "shangwu.xlsx"
    result = run_cli("tasks", "省商务厅", "--role", "lead", "--format", "xlsx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws is not None and ws.max_row == 9  # title, subtitle, header, the policy's heading, 5 tasks
    assert ws["A1"].value == "山东省 省商务厅 牵头任务分工表"
    result = run_cli("tasks", "省商务厅", "--group", "role", "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "## 本单位牵头" in result.stdout
    result = run_cli("tasks", "--format", "csv", "--group", "nonsense", "省商务厅")
    assert result.returncode == 2
    result = run_cli("tasks", "--format", "csv", "省不存在厅")
    assert result.returncode == 1 and "no department" in result.stderr


def test_upload_requires_the_token(api: ApiServer) -> None:
    files = {"file": ("a.txt", SAMPLE.read_bytes(), "text/plain")}
    with api.client() as c:
        assert c.post("/api/documents", files=files).status_code == 401
        assert c.post("/api/documents", files=files, headers={"X-API-Token": "wrong"}).status_code == 401


def test_upload_ingests_and_is_idempotent(api: ApiServer) -> None:
    files = {"file": ("shandong.txt", SAMPLE.read_bytes(), "text/plain")}
    with api.client() as c:
        r = c.post("/api/documents", files=files, headers=TOKEN)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "unchanged" and r.json()["tasks"] == 20


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02" * 50, "binary"),
        (b"%PDF-1.4 fake", "PDF"),
        (b"plain ascii only", "Chinese"),
    ],
)
def test_upload_refuses_bad_files_clearly(api: ApiServer, content: bytes, message: str) -> None:
    with api.client() as c:
        before = c.get("/api/policies").json()
        r = c.post("/api/documents", files={"file": ("bad.txt", content, "text/plain")}, headers=TOKEN)
        assert r.status_code == 422 and message in r.json()["detail"]
        assert c.get("/api/policies").json() == before


def test_upload_size_limit_before_the_body_is_read(api: ApiServer) -> None:
    import socket
    from urllib.parse import urlparse

    u = urlparse(api.base_url)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(
            b"POST /api/documents HTTP/1.1\r\nHost: x\r\nX-API-Token: test-token-0123456789abcdef\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 999999999\r\n\r\n"
        )
        reply = s.recv(4096).decode("latin-1")  # answered without sending the body
    assert reply.startswith("HTTP/1.1 413")


def test_a_chunked_upload_over_the_limit_gets_413(api: ApiServer) -> None:
    """No Content-Length (chunked): refused with 413 once the limit is passed, not a 400 from the form
    parser, and nothing is loaded."""
    limit = 20 * 1024 * 1024 + 64 * 1024
    chunk = b"--b\r\n" + b"x" * (1024 * 1024 - 5)

    def body() -> Iterator[bytes]:
        for _ in range(limit // len(chunk) + 3):
            yield chunk

    headers = {**TOKEN, "Content-Type": "multipart/form-data; boundary=b"}
    with api.client() as c:
        before = c.get("/api/policies").json()
        try:
            r = c.post("/api/documents", content=body(), headers=headers)
        except httpx.HTTPError:  # the server may answer and close before the client has sent it all
            pytest.fail("the server closed the connection without a 413")
        assert r.status_code == 413, r.text
        assert "larger than" in r.json()["detail"]
        assert c.get("/api/policies").json() == before

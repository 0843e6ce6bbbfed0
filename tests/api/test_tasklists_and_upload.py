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


def fetch(api: ApiServer, path: str, fmt: str) -> bytes:
    with api.client() as c:
        r = c.get(path, params={"format": fmt})
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    return r.content


def test_department_tasklist_xlsx(api: ApiServer) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(fetch(api, f"/api/departments/{quote('省商务厅')}/tasklist", "xlsx")))
    ws = wb.active
    assert ws is not None
    header = [c.value for c in ws[1]]
    assert header == [
        "序号",
        "任务",
        "角色",
        "共同牵头单位",
        "配合单位",
        "完成时限",
        "相关目标",
        "政策文件",
        "原文",
    ]
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8
    logistics = next(r for r in rows if r[1] == "现代物流平台")
    assert logistics[2] == "牵头" and logistics[3] == "省发展改革委、省交通运输厅"
    assert ws["H2"].alignment.wrap_text


def test_department_tasklist_docx_csv_md_json(api: ApiServer) -> None:
    import docx

    path = f"/api/departments/{quote('省发改委')}/tasklist"
    d = docx.Document(io.BytesIO(fetch(api, path, "docx")))
    assert d.paragraphs[0].text == "省发展改革委任务分工表"
    assert len(d.tables[0].rows) == 12
    text = fetch(api, path, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "序号" and len(rows) == 12
    md = fetch(api, path, "md").decode("utf-8")
    assert md.startswith("# 省发展改革委任务分工表") and "| 现代物流平台 | 牵头 |" in md
    body = json.loads(fetch(api, path, "json"))
    assert len(body["rows"]) == 11 and body["rows"][0]["序号"] == "1"


def test_policy_tasklist(api: ApiServer) -> None:
    with api.client() as c:
        pid = c.get("/api/policies").json()[0]["id"]
    body = json.loads(fetch(api, f"/api/policies/{pid}/tasklist", "json"))
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
    assert ws is not None and ws.max_row == 6
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

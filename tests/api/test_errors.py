"""Every error answer has one shape — error, a Chinese message, detail — whichever layer refuses the
request: policykg's own errors, FastAPI's parameter validation, HTTP errors, the size limit."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import ApiServer

pytestmark = pytest.mark.neo4j
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def shaped(r: httpx.Response, status: int, kind: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] == kind, body
    assert isinstance(body["message"], str) and CHINESE.search(body["message"]), body
    assert isinstance(body["detail"], str) and body["detail"], body
    return body


def test_every_kind_of_error_has_one_shape_with_a_chinese_message(api: ApiServer) -> None:
    with api.client() as c:
        body = shaped(c.get(f"/api/departments/{quote('省商务局厅')}"), 404, "NotFoundError")
        assert body["message"] == "未找到该名称或编号" and isinstance(body["suggestions"], list)
        body = shaped(c.get("/api/departments/x/tasks", params={"role": "boss"}), 422, "ValidationError")
        assert body["errors"] and "role" in str(body["detail"])
        shaped(c.post("/api/cypher", json={"query": "CREATE (n) RETURN n"}), 400, "QueryRejectedError")
        body = shaped(c.post("/api/cypher", json={"query": "RETURN 1 +"}), 400, "QueryFailedError")
        assert body["code"]
        shaped(c.post("/api/cypher", json={"nothing": 1}), 422, "ValidationError")
        shaped(c.post("/api/documents", files={"file": ("a.txt", b"x")}), 401, "HTTPError")
        shaped(c.get("/api/no-such-endpoint"), 404, "HTTPError")
        shaped(c.delete("/api/cypher"), 405, "HTTPError")
        big = b"x" * (21 * 1024 * 1024)
        shaped(c.post("/api/documents", content=big, headers={"content-type": "text/plain"}), 413, "Limit")
        r = c.post(
            "/api/documents",
            files={"file": ("empty.txt", b"   ")},
            headers={"X-API-Token": "test-token-0123456789abcdef"},
        )
        assert shaped(r, 422, "InputError")["message"] == "文件无法读取，未写入任何内容"


def test_the_openapi_spec_declares_the_error_shape(api: ApiServer) -> None:
    with api.client() as c:
        spec = c.get("/openapi.json").json()
    assert set(spec["components"]["schemas"]["ErrorBody"]["required"]) == {"error", "message", "detail"}
    lookup = spec["paths"]["/api/departments/{name}"]["get"]["responses"]
    assert lookup["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert lookup["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")

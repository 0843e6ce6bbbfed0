"""GET /health against a real uvicorn server and the real Neo4j."""

from __future__ import annotations

import pytest

from tests.conftest import ApiServer

pytestmark = pytest.mark.neo4j


def test_health_reports_neo4j_up(api_server: ApiServer) -> None:
    with api_server.client() as c:
        r = c.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["neo4j"] == "up"
    assert body["neo4j_version"].startswith("5.26")

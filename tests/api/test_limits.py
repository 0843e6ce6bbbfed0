"""Per-client rate limit on the expensive endpoints: 429 with Retry-After; lookups are not limited."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from neo4j import Driver

from tests.conftest import ApiServer, start_api, stop_api

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def strict_api(
    neo4j_env: dict[str, str], sample_graph: tuple[Driver, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    env = {**neo4j_env, "POLICYKG_RATE_LIMIT_PER_MINUTE": "5"}
    api = start_api(env, tmp_path_factory.mktemp("strict") / "api.log")
    try:
        yield api
    finally:
        stop_api(api)


def test_rate_limit_answers_429_with_retry_after(strict_api: ApiServer) -> None:
    with strict_api.client() as c:
        codes = [c.get("/api/ask", params={"q": "省商务厅牵头哪些任务"}).status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3
        r = c.get("/api/ask", params={"q": "省商务厅牵头哪些任务"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert "too many requests" in r.json()["detail"]
        # cypher has its own bucket; lookups are not limited
        assert c.post("/api/cypher", json={"query": "RETURN 1 AS x"}).status_code == 200
        for _ in range(20):
            assert c.get(f"/api/departments/{quote('省商务厅')}").status_code == 200

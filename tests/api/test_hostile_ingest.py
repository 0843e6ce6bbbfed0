"""The hostile corpus through `ingest_files` (what `policykg ingest` runs) and `POST /api/documents`:
no crash, no partial document, a clear message for each refusal."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from graph.ingest_batch import find_files, ingest_files
from graph.schema import ensure_schema
from tests.conftest import ApiServer
from tests.graph.conftest import wipe
from tests.ingest.test_hostile import hostile_dir  # noqa: F401  (re-exported fixture)

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
TOKEN = {"X-API-Token": "test-token-0123456789abcdef"}
COMPLETE = """
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
RETURN p.id AS id, count(t) AS tasks
"""


def test_batch_ingest_of_the_hostile_corpus(driver: Driver, database: str, hostile_dir: Path) -> None:  # noqa: F811
    wipe(driver, database)
    ensure_schema(driver, database)
    files = find_files([hostile_dir])
    assert len(files) >= 200
    outcomes = ingest_files(driver, database, files, jobs=2)
    assert len(outcomes) == len(files)
    failed = [o for o in outcomes if o.error]
    loaded = {o.result.doc_id: o.result for o in outcomes if o.result}
    assert failed and loaded
    assert all(o.error and o.path.name in o.error and "Traceback" not in o.error for o in failed)
    records, _, _ = driver.execute_query(COMPLETE, database_=database)
    in_graph = {r["id"]: r["tasks"] for r in records}
    assert set(in_graph) == set(loaded)  # nothing from a refused file
    for doc_id, result in loaded.items():
        assert in_graph[doc_id] == result.tasks  # every loaded document is complete


def test_uploads_of_hostile_files(api: ApiServer, hostile_dir: Path) -> None:  # noqa: F811
    names = sorted(p.name for p in hostile_dir.iterdir() if not p.name.startswith(("mutated", "punctuation")))
    with httpx.Client(base_url=api.base_url, timeout=120) as c:
        for name in names:
            data = (hostile_dir / name).read_bytes()
            r = c.post(
                "/api/documents", files={"file": (name, data, "application/octet-stream")}, headers=TOKEN
            )
            if r.status_code == 429:
                import time

                time.sleep(float(r.headers["retry-after"]))
                r = c.post(
                    "/api/documents", files={"file": (name, data, "application/octet-stream")}, headers=TOKEN
                )
            assert r.status_code in (201, 413, 422), (name, r.status_code, r.text[:300])
            if r.status_code != 201:
                assert r.json()["detail"], name

"""Uploads bounded before anything is expanded (issue "no input costs gigabytes"): every bomb of the hostile
corpus is refused with a message naming its limit while the API's peak memory stays under its bound; a
document over its time is refused; an upload whose client goes away stops at once; nothing of any of
them is written."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from tests.conftest import ApiServer, start_api, stop_api
from tests.data.make_hostile import bombs

pytestmark = pytest.mark.neo4j
TOKEN = {"X-API-Token": "test-token-0123456789abcdef"}
MIB = 1024 * 1024
PEAK_BOUND = 300 * MIB  # the bound is 1 GB of extra memory per request; these stay far below
TITLE = "某某市人民政府关于推进平台建设的实施意见（上传界限测试）"


def slow_document(tasks: int) -> bytes:
    """A plain policy text whose extraction takes about 5 ms per task on this machine."""
    para = (
        "（{n}）推进平台建设。加快建设数据平台，完善数据共享机制，到2025年建成示范平台30个以上。"
        "（牵头单位：市大数据局、市发展改革委；配合单位：市工业和信息化局）\n"
    )
    head = f"{TITLE}\n某政发〔2026〕9号\n一、重点任务\n"
    return (head + "".join(para.format(n=i) for i in range(tasks))).encode("utf-8")


@pytest.fixture(scope="module")
def bounded_api(
    neo4j_env: dict[str, str], sample_graph: tuple[Driver, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ApiServer, Path]]:
    """A server of this module's own (its peak memory is moved only by these tests), allowing a
    document 3 s."""
    env = {
        **neo4j_env,
        "POLICYKG_API_TOKEN": TOKEN["X-API-Token"],
        "POLICYKG_RATE_LIMIT_PER_MINUTE": "600",
        "POLICYKG_DOC_MAX_SECONDS": "3",
    }
    log = tmp_path_factory.mktemp("bounded") / "api.log"
    api = start_api(env, log)
    try:
        yield api, log
    finally:
        stop_api(api)


def _status(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        line = next(li for li in fh if li.startswith(field + ":"))
    return int(line.split()[1]) * 1024


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


def _titles(driver: Driver, database: str) -> list[str]:
    records, _, _ = driver.execute_query(
        "MATCH (p:Policy|PolicyVersion) WHERE p.title CONTAINS '上传界限测试' RETURN p.title AS t",
        database_=database,
    )
    return [r["t"] for r in records]


def _upload(c: httpx.Client, name: str, data: bytes) -> httpx.Response:
    return c.post("/api/documents", files={"file": (name, data, "application/octet-stream")}, headers=TOKEN)


def test_every_bomb_is_refused_and_the_api_peak_memory_stays_bounded(
    bounded_api: tuple[ApiServer, Path], sample_graph: tuple[Driver, str]
) -> None:
    api, _ = bounded_api
    files = bombs()
    assert len(files) >= 15
    with api.client(timeout=60) as c:
        assert _upload(c, "warm.txt", b"\xff\xfe").status_code == 422  # the upload path is loaded once
        before = _status(api.proc.pid, "VmHWM")
        for name, data in files.items():
            assert len(data) <= 20 * MIB, name
            start = time.monotonic()
            r = _upload(c, name, data)
            took = time.monotonic() - start
            assert r.status_code == 422, (name, r.status_code, r.text[:300])
            detail = r.json()["detail"]
            assert name in detail and "Traceback" not in detail, detail
            assert took < 10, (name, took)
    grown = _status(api.proc.pid, "VmHWM") - before
    assert grown < PEAK_BOUND, f"peak memory grew by {grown / MIB:.0f} MiB"
    driver, database = sample_graph
    records, _, _ = driver.execute_query(
        "MATCH (p:Policy) WHERE p.source_name STARTS WITH 'bomb-' RETURN count(p) AS n", database_=database
    )
    assert records[0]["n"] == 0


def test_a_document_over_its_time_is_refused_and_nothing_is_written(
    bounded_api: tuple[ApiServer, Path], sample_graph: tuple[Driver, str]
) -> None:
    api, _ = bounded_api
    with api.client(timeout=60) as c:
        start = time.monotonic()
        r = _upload(c, "slow.txt", slow_document(3000))  # about 15 s of work; the limit is 3 s
        took = time.monotonic() - start
    assert r.status_code == 422, r.text[:300]
    assert "took longer than 3 s" in r.json()["detail"] and "slow.txt" in r.json()["detail"]
    assert took < 8, took
    assert _titles(*sample_graph) == []


def test_an_upload_stops_when_its_client_goes_away(
    neo4j_env: dict[str, str], sample_graph: tuple[Driver, str], tmp_path: Path
) -> None:
    env = {**neo4j_env, "POLICYKG_API_TOKEN": TOKEN["X-API-Token"], "POLICYKG_RATE_LIMIT_PER_MINUTE": "600"}
    log = tmp_path / "api.log"
    api = start_api(env, log)  # the default time limit (120 s): only the client's leaving can stop it
    try:
        with api.client(timeout=1.5) as c, pytest.raises(httpx.ReadTimeout):
            _upload(c, "leaving.txt", slow_document(3000))  # about 15 s of work
        gone = time.monotonic()
        while "cancelled: the client went away" not in log.read_text(errors="replace"):
            assert time.monotonic() - gone < 5, log.read_text(errors="replace")[-2000:]
            time.sleep(0.1)
        assert "leaving.txt" in log.read_text(errors="replace")
        time.sleep(0.5)  # the worker thread stops at its next check (a paragraph)
        cpu = _cpu_seconds(api.proc.pid)
        time.sleep(2)
        assert _cpu_seconds(api.proc.pid) - cpu < 0.5  # idle again: the extraction has stopped
        assert _titles(*sample_graph) == []
        with api.client() as c:  # and the server serves on
            assert c.get("/health").status_code == 200
    finally:
        stop_api(api)

"""SIGKILL of the loader in the middle of a large document: afterwards it is fully present or absent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import Driver

from ingest.extract import extract_text

pytestmark = [pytest.mark.neo4j, pytest.mark.fault, pytest.mark.slow]


def big_document(n_items: int) -> str:
    lines = [
        "山东省人民政府关于推进大规模测试工作的实施意见",
        "各市人民政府：",
        "为推进工作，提出如下实施意见。",
        "一、重点任务",
    ]
    for i in range(1, n_items + 1):
        lines.append(
            f"{i}.任务{i}。推进第{i}项工作，完善第{i}项机制。（牵头部门：省商务厅、省发展改革委，配合部门：省财政厅）"
        )
    lines += ["山东省人民政府", "2023年5月1日"]
    return "\n".join(lines)


def test_killed_loader_leaves_all_or_nothing(empty_graph: tuple[Driver, str], tmp_path: Path) -> None:
    driver, database = empty_graph
    text = big_document(1500)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    expected_tasks = len(extract_text(text).tasks)
    assert expected_tasks == 1500
    exe = str(Path(sys.executable).parent / "policykg")
    started = time.monotonic()  # one full ingest, to aim the kills at its loading phase
    subprocess.run([exe, "ingest", "--jobs", "1", str(path)], capture_output=True, timeout=600, check=True)
    full = time.monotonic() - started
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    outcomes = []
    for fraction in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1):
        delay = fraction * full
        proc = subprocess.Popen([exe, "ingest", "--jobs", "1", str(path)], env=dict(os.environ),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        records, _, _ = driver.execute_query(
            "OPTIONAL MATCH (p:Policy) WITH count(p) AS policies "
            "OPTIONAL MATCH (t:Task) WITH policies, count(t) AS tasks "
            "OPTIONAL MATCH (:Department)-[r:LEADS]->(:Task) RETURN policies, tasks, count(r) AS leads",
            database_=database,
        )
        row = records[0].data()
        outcomes.append(row)
        assert row in ({"policies": 0, "tasks": 0, "leads": 0},
                       {"policies": 1, "tasks": expected_tasks, "leads": 2 * expected_tasks}), json.dumps(outcomes)  # fmt: skip
        if row["policies"]:
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    # re-ingest converges to the complete document
    result = subprocess.run(
        [exe, "ingest", str(path)], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    records, _, _ = driver.execute_query("MATCH (t:Task) RETURN count(t) AS n", database_=database)
    assert records[0]["n"] == expected_tasks

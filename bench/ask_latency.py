"""Questions in Chinese: answer time over HTTP (`GET /api/ask`) on a warm server against the compiled
Cypher alone through the driver, same run, on the graph of data/; and entity linking with 1,000 and
10,000 names against scanning every name per question (the old linker's way), same run.

    .venv/bin/python -m bench.ask_latency [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.common import ROOT, Row, _wait_healthy, free_port, save, throwaway_neo4j
from graph.ask_link import Gazetteer, Linker
from graph.load import load
from ingest.extract import extract_file
from ingest.text import norm

QUESTIONS = [
    "省工业和信息化厅和省商务厅共同牵头哪些任务？", "国家发展改革委和财政部共同牵头的任务有哪些？",
    "到2025年有哪些目标？", "农机化率的目标是多少？", "电子商务方面有哪些目标？", "哪些部门参与了综合保税区的工作？",
    "体育总局牵头几项任务？", "哪些部门共同牵头现代物流？", "省商务厅牵头哪些任务？", "智能体育平台的配合部门有哪些",
    "哪个部门牵头的任务最多？", "哪些任务没有牵头单位？", "省发改委负责哪些任务", "2023年底前要完成哪些任务？",
]  # fmt: skip
DOCS = [
    *sorted((ROOT / "data").rglob("*.txt")),
    ROOT / "tests" / "data" / "ask" / "guobanfa-2019-43-sports-industry.txt",
]


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    rows = [*answer_rows(args.rounds), *linking_rows()]
    save("ask_latency", rows)


def answer_rows(rounds: int) -> list[Row]:
    with throwaway_neo4j() as (driver, database, env):
        for path in DOCS:
            load(driver, database, extract_file(path), path.read_text(encoding="utf-8"))
        port = free_port()
        exe = str(Path(sys.executable).parent / "policykg")
        proc = subprocess.Popen([exe, "serve", "--port", str(port)], env={**os.environ, **env,
                                "POLICYKG_RATE_LIMIT_PER_MINUTE": "100000"},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base)
            http: list[float] = []
            cypher: list[float] = []
            with httpx.Client(base_url=base, timeout=30) as client:
                plans = {}
                for q in QUESTIONS:  # warm: the server's automaton, Neo4j's plans
                    body = client.get("/api/ask", params={"q": q}).json()
                    plans[q] = (body["cypher"], body["params"])
                for _ in range(rounds):
                    for q in QUESTIONS:
                        t = time.perf_counter()
                        client.get("/api/ask", params={"q": q}).raise_for_status()
                        http.append(time.perf_counter() - t)
                        query, params = plans[q]
                        if query:
                            t = time.perf_counter()
                            driver.execute_query(query, params, database_=database, routing_="r")
                            cypher.append(time.perf_counter() - t)
        finally:
            proc.terminate()
            proc.wait(10)
    ms = 1000.0
    return [Row(
        benchmark="ask", figure="answer time over HTTP, p95 (warm server)", value=p95(http) * ms, unit="ms",
        baseline="the compiled Cypher alone through the driver, p95", baseline_value=p95(cypher) * ms,
        ratio=p95(http) / p95(cypher), goal="p95 ≤ 50 ms", command=".venv/bin/python -m bench.ask_latency",
        note=f"{len(QUESTIONS)} questions × {rounds} rounds, one at a time, on data/ + one more State Council "
        f"document; HTTP p50 {statistics.median(http) * ms:.1f} ms, Cypher p50 {statistics.median(cypher) * ms:.1f} ms",
    )]  # fmt: skip


def _names(n: int) -> list[str]:
    """`n` unit-like names: real shapes (省X厅, 市X局, X县X办) from a pool of characters."""
    pool = "发展改革财政商务科技教育民政司法交通水利农业文化旅游卫生健康审计统计体育金融数据应急林业能源"
    suffixes = ["厅", "局", "委", "办", "中心", "管理局"]
    out = []
    i = 0
    while len(out) < n:
        a, b = pool[i % len(pool)], pool[(i * 7 + 3) % len(pool)]
        c = pool[(i * 13 + 5) % len(pool)]
        out.append(f"{['省', '市', '县', '区'][i % 4]}{a}{b}{c}{suffixes[i % len(suffixes)]}{i}")
        i += 1
    return out


def linking_rows() -> list[Row]:
    real = [
        "省商务厅",
        "省工业和信息化厅",
        "现代物流",
        "体育总局",
        "国家发展改革委",
        "财政部",
        "省级工业互联网平台",
    ]
    times: dict[int, float] = {}
    scan: dict[int, float] = {}
    for n in (1000, 10_000):
        gaz = Gazetteer()
        for i, name in enumerate([*real, *_names(n - len(real))]):
            gaz.add("department", f"k{i}", [name])
        linker = Linker(gaz)
        linker.link(QUESTIONS[0])  # warm: jieba
        names = list(gaz.names["department"])
        t = time.perf_counter()
        for _ in range(5):
            for q in QUESTIONS:
                linker.link(q)
        times[n] = (time.perf_counter() - t) / (5 * len(QUESTIONS))
        t = time.perf_counter()
        for _ in range(5):
            for q in QUESTIONS:
                nq = norm(q)
                [x for x in names if x in nq]
        scan[n] = (time.perf_counter() - t) / (5 * len(QUESTIONS))
    ms = 1000.0
    return [
        Row(benchmark="ask", figure="entity linking per question, 10,000 names", value=times[10_000] * ms, unit="ms",
            baseline="the same with 1,000 names", baseline_value=times[1000] * ms, ratio=times[10_000] / times[1000],
            goal="does not grow with the names (ratio ≈ 1)", command=".venv/bin/python -m bench.ask_latency",
            note="Aho-Corasick over every name + near misses through suffix/bigram indexes (jieba included)"),
        Row(benchmark="ask", figure="scanning every name per question, 10,000 names", value=scan[10_000] * ms,
            unit="ms", baseline="the same with 1,000 names", baseline_value=scan[1000] * ms,
            ratio=scan[10_000] / scan[1000], goal="(the old way: for comparison)",
            command=".venv/bin/python -m bench.ask_latency", note="substring test of every name, no near misses"),
    ]  # fmt: skip


if __name__ == "__main__":
    main()

"""Lookup throughput and latency over HTTP (a load generator process on loopback) against the same
Cypher sent straight through the driver, in the same run, on the sample graph.

    .venv/bin/python -m bench.lookups_load [--seconds 10] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from urllib.parse import quote

import httpx

from bench.common import Row, sample_api, save
from graph import queries

PATHS = [f"/api/departments/{quote('省商务厅')}", f"/api/sectors/{quote('现代物流')}/departments?role=lead"]


def hammer(call, seconds: float, concurrency: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        mine = []
        while time.monotonic() < stop:
            t = time.perf_counter()
            call(i)
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.perf_counter() - t0), latencies


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] * 1000 if len(values) > 100 else max(values) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args()
    with sample_api() as (driver, database, base):
        clients = [httpx.Client(base_url=base, timeout=10) for _ in range(args.concurrency)]

        def http_call(i: int) -> None:
            r = clients[i].get(PATHS[i % 2])
            assert r.status_code == 200

        def driver_call(i: int) -> None:
            if i % 2:
                driver.execute_query(queries.SECTOR_DEPARTMENTS, name="现代物流", types=["LEADS"],
                                     database_=database, routing_="r")  # fmt: skip
            else:
                driver.execute_query(
                    queries.FIND_DEPARTMENTS, name="省商务厅", database_=database, routing_="r"
                )

        hammer(http_call, 2, args.concurrency)  # warm up
        rps, lat = hammer(http_call, args.seconds, args.concurrency)
        base_rps, base_lat = hammer(driver_call, args.seconds, args.concurrency)
    cmd = (
        f".venv/bin/python -m bench.lookups_load --seconds {args.seconds:g} --concurrency {args.concurrency}"
    )
    save("lookups_load", [
        Row("lookups", "HTTP requests/s (2 endpoints, 1 uvicorn worker)", rps, "req/s", "same Cypher via the driver",
            base_rps, rps / base_rps, "≥ 1,000 req/s", cmd,
            f"p50 {pct(lat, 50):.1f} ms, p99 {pct(lat, 99):.1f} ms over HTTP (goal p99 ≤ 25 ms); driver p50 "
            f"{pct(base_lat, 50):.1f} ms, p99 {pct(base_lat, 99):.1f} ms; {args.concurrency} client threads"),
    ])  # fmt: skip


if __name__ == "__main__":
    main()

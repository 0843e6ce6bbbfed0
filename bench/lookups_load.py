"""Lookup throughput and latency over HTTP against the same Cypher sent straight through the driver,
in the same run, on the sample graph.

The load generator is a small asyncio HTTP/1.1 client (keep-alive connections, one request in
flight on each, uvloop when installed) so that on a 2-core machine the client, the API and Neo4j
can share the cores without the client being the bottleneck. Three figures:
  * HTTP with the API's default configuration (lookups cached while the graph is unchanged);
  * HTTP with the cache off (POLICYKG_CACHE_SECONDS=0): every request queries Neo4j;
  * the same Cypher through the Python driver (as many threads as connections): the baseline.

    .venv/bin/python -m bench.lookups_load [--seconds 10] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import threading
import time
from urllib.parse import quote, urlsplit

from bench.common import Row, sample_api, save
from graph import queries

PATHS = [f"/api/departments/{quote('省商务厅')}", f"/api/sectors/{quote('现代物流')}/departments?role=lead"]
_LENGTH = re.compile(rb"content-length:\s*(\d+)", re.IGNORECASE)


async def _connection(host: str, port: int, stop: float, first: int, out: list[float]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    requests = [f"GET {p} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode() for p in PATHS]
    i = first
    try:
        while time.monotonic() < stop:
            t = time.perf_counter()
            writer.write(requests[i % len(requests)])
            head = await reader.readuntil(b"\r\n\r\n")
            length = _LENGTH.search(head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            if head[9:12] != b"200":
                raise RuntimeError(head.decode("latin-1"))
            out.append(time.perf_counter() - t)
            i += 1
    finally:
        writer.close()


def http_load(base: str, seconds: float, concurrency: int) -> tuple[float, list[float]]:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    url = urlsplit(base)
    latencies: list[float] = []

    async def run() -> float:
        stop = time.monotonic() + seconds
        t0 = time.perf_counter()
        await asyncio.gather(
            *(
                _connection(url.hostname or "127.0.0.1", url.port or 80, stop, k, latencies)
                for k in range(concurrency)
            )
        )
        return time.perf_counter() - t0

    elapsed = asyncio.run(run())
    return len(latencies) / elapsed, latencies


def driver_load(call, seconds: float, concurrency: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        mine = []
        while time.monotonic() < stop:
            t = time.perf_counter()
            call(i)
            mine.append(time.perf_counter() - t)
            i += 1
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
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    with sample_api({"POLICYKG_CACHE_SECONDS": "0"}) as (driver, database, base, (uncached,)):

        def driver_call(i: int) -> None:
            if i % 2:
                driver.execute_query(queries.SECTOR_DEPARTMENTS, name="现代物流", types=["LEADS"],
                                     database_=database, routing_="r")  # fmt: skip
            else:
                driver.execute_query(
                    queries.DEPARTMENT_DETAIL, name="省商务厅", region=None, database_=database, routing_="r"
                )

        http_load(base, 2, args.concurrency)  # warm up both servers and Neo4j's plan cache
        http_load(uncached, 2, args.concurrency)
        rps, lat = http_load(base, args.seconds, args.concurrency)
        raw_rps, raw_lat = http_load(uncached, args.seconds, args.concurrency)
        base_rps, base_lat = driver_load(driver_call, args.seconds, args.concurrency)
    cmd = (
        f".venv/bin/python -m bench.lookups_load --seconds {args.seconds:g} --concurrency {args.concurrency}"
    )
    driver_note = f"driver p50 {pct(base_lat, 50):.1f} ms, p99 {pct(base_lat, 99):.1f} ms"
    save("lookups_load", [
        Row("lookups", "HTTP requests/s (2 endpoints, default: cached while the graph is unchanged)", rps, "req/s",
            "same Cypher via the driver", base_rps, rps / base_rps, "≥ 1,000 req/s, p99 ≤ 25 ms", cmd,
            f"p50 {pct(lat, 50):.1f} ms, p99 {pct(lat, 99):.1f} ms over HTTP; {driver_note}; "
            f"{args.concurrency} keep-alive connections, 1 uvicorn worker"),
        Row("lookups", "HTTP requests/s with the cache off (POLICYKG_CACHE_SECONDS=0)", raw_rps, "req/s",
            "same Cypher via the driver", base_rps, raw_rps / base_rps, "(no goal: every request queries Neo4j)", cmd,
            f"p50 {pct(raw_lat, 50):.1f} ms, p99 {pct(raw_lat, 99):.1f} ms over HTTP; {driver_note}"),
    ])  # fmt: skip


if __name__ == "__main__":
    main()

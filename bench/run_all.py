"""`make bench`: run every benchmark, then write docs/benchmarks.md from their results.

.venv/bin/python -m bench.run_all [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import OUT, ROOT, machine

STEPS = [
    ("role_f1", []),
    ("extract_speed", []),
    ("ingest_scale", ["--docs", "1000", "--naive-docs", "40"]),
    ("bulk_load", ["--count", "1000"]),
    ("engines", ["--count", "400"]),
    ("lookups_load", ["--seconds", "10"]),
    ("ask_latency", []),
    ("explorer_render", []),
    ("make_up", []),
    ("bombs", []),
]
QUICK = {
    "ingest_scale": ["--docs", "100", "--naive-docs", "10"],
    "bulk_load": ["--count", "100"],
    "engines": ["--count", "40"],
    "lookups_load": ["--seconds", "3"],
    "ask_latency": ["--rounds", "5"],
    "make_up": None,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller runs (for a smoke test)")
    args = ap.parse_args()
    for name, extra in STEPS:
        extra = QUICK.get(name, extra) if args.quick else extra
        if extra is None:
            continue
        print(f"== {name}", flush=True)
        subprocess.run([sys.executable, "-m", f"bench.{name}", *extra], cwd=ROOT, check=True)
    write_markdown()


def write_markdown() -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written on {time.strftime('%Y-%m-%d')} from the runs of the commands below (`make bench` runs them all, then",
        f"writes this page) on this machine: {machine()}.",
        "Every figure is measured next to its baseline **in the same run** (the machines are shared and noisy);",
        "the ratio is figure ÷ baseline (for the ingest time, goal ÷ figure: above 1 meets the goal).",
        "",
        "| benchmark | figure | value | baseline | baseline value | ratio | goal | command | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    pressures = []
    for name, _ in STEPS:
        path = OUT / f"{name}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("cpu_pressure") is not None:
            pressures.append(f"{name} {data['cpu_pressure']:.0f} %")
        for r in data["rows"]:
            lines.append(
                f"| {r['benchmark']} | {r['figure']} | {r['value']:,.1f} {r['unit']} | {r['baseline']} | "
                f"{r['baseline_value']:,.1f} | {r['ratio']:.2f} | {r['goal']} | `{r['command']}` | {r['note']} |"
            )
    lines += [
        "",
        "How to read them:",
        "",
        "- The machine is shared: `/proc/pressure/cpu` shows other tenants stalling it 10–50 % of the time, and",
        "  the same command varies by ±20 % between runs. Compare the ratios, not the absolute figures. CPU",
        "  pressure (share of the last 5 minutes spent waiting for a CPU) when each benchmark ended: "
        + (", ".join(pressures) or "not available")
        + ".",
        "- **Ingest.** The loader writes a document with one Cypher statement in one transaction (its BEGIN",
        "  pipelined: two round trips); the naive baseline (`bench/naive_loader.py`) sends one auto-commit",
        "  statement per node and per relationship, with the same properties, and the run checks that both",
        "  write the very same graph (every node, relationship and property compared). Where the batched time",
        "  goes (JFR and per-thread CPU of the Neo4j process, loading pre-extracted documents): a fresh Neo4j's",
        "  JIT compilers take ~10 s of CPU in the first hundred documents and keep compiling for a while; its",
        "  Lucene full-text indexes took a third of its CPU until their merge factor went from 2 to 20",
        "  (`graph/localserver/neo4j.conf.template`); loader statements used to be replanned whenever a document's",
        "  lists fell into new size buckets, until they got their values as one map parameter",
        "  (`graph/queries.py`). Extraction (jieba + spaCy) is ≈ 24 ms of CPU per synthetic document and shares",
        "  the 2 cores with Neo4j. The synthetic documents (≈ 2,700 characters, 15 tasks, 55 attributions) are",
        "  about half the size of the real ones in `data/` (3,700–8,200 characters, 17–39 tasks, 43–145",
        "  attributions): the ratio to the naive loader (2–3 ms per one-fact statement) grows with document",
        "  size, which is why the real-corpus row is also reported.",
        "- **Lookups.** The default configuration answers repeated lookups from memory while the graph is unchanged",
        "  (see `POLICYKG_CACHE_SECONDS` in the README); the second row is every request going to Neo4j.",
        "- **Explorer.** Over the sample, a 150-task provincial plan and 50 cities' plans (1,042 units): the",
        "  overview, the dossier and the chain view are timed from the call to the view drawn, API included;",
        "  the network until its physics has settled and frozen. The crossing rows count edge crossings on",
        "  vis-network's own positions: the layered chain (a tree in document order, each task with its own",
        "  units) has none; a force layout of the same unit drawing each unit once — the explorer's former",
        "  view — crossed ~150 times on 92 edges.",
        "",
        "Raw results: `bench/out/*.json` (not committed).",
        "",
    ]
    page = ROOT / "docs" / "benchmarks.md"
    # the sections written by hand below the table (## …: bulk loading, national scale) are kept
    old = page.read_text(encoding="utf-8").split("\n") if page.exists() else []
    kept = next((i for i, line in enumerate(old) if line.startswith("## ")), None)
    if kept is not None:
        lines += [line for line in old[kept:] if not line.startswith("Raw results: `bench/out")]
    page.write_text("\n".join(lines), encoding="utf-8")
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()

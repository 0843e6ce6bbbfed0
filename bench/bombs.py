"""What a hostile file costs to read: peak memory and time of each bomb of the hostile corpus, each in a
fresh process, against the same process reading the bundled sample document (same run).

.venv/bin/python -m bench.bombs

Each file goes through `ingest.extract.extract_bytes` with the default `ingest.limits.Limits` (what
`policykg ingest` and an upload do before anything is written); the figure is the child's peak resident
memory (ru_maxrss) and wall time, the outcome its refusal message (or the tasks read).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, Row, save
from tests.data.make_hostile import big_html, bombs

CHILD = """
import json, resource, sys, time
from pathlib import Path
from ingest.extract import extract_bytes
from ontology.errors import InputError
path = Path(sys.argv[1])
data = path.read_bytes()
start = time.perf_counter()
try:
    outcome = f"read: {len(extract_bytes(data, path.name).tasks)} tasks"
except InputError as exc:
    outcome = str(exc)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": took, "peak": peak, "outcome": outcome}, ensure_ascii=False))
"""
# measured on 2026-12-02 with the code before the bounds (f9902a8), each file read alone: peak MB, seconds
BEFORE = {
    "bomb-docx-1gib-member.docx": "2,860 MB, 21.4 s",
    "bomb-docx-lying-size.docx": "2,052 MB",
    "bomb-docx-grid-span.docx": "2,730 MB",
    "bomb-pdf-flate-1gib.pdf": "2,049 MB, > 120 s",
    "bomb-html-merged-cell.html": "1,147 MB",
    "big-page-45mb.html": "> 5 min (the issue's report)",
}


def run(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        return {"seconds": 0.0, "peak": 0, "outcome": f"crashed: {done.stderr.strip()[-300:]}"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    sample = next((ROOT / "data" / "sample").glob("*.txt"))
    base = run(sample)
    base_mb = float(base["peak"]) / 1e6  # type: ignore[arg-type]
    print(f"baseline: {sample.name}: {base_mb:,.0f} MB, {base['seconds']:.2f} s, {base['outcome']}")
    rows = []
    files = {**bombs(), "big-page-45mb.html": big_html()}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            got = run(path)
            mb = float(got["peak"]) / 1e6  # type: ignore[arg-type]
            outcome = str(got["outcome"]).replace(name + ": ", "").replace("|", "/")
            before = BEFORE.get(name)
            note = f"{len(data):,} bytes; {got['seconds']:.2f} s; {outcome[:160]}"
            if before:
                note += f"; before the bounds: {before}"
            rows.append(Row(
                benchmark="hostile input", figure=f"peak memory reading {name}", value=mb, unit="MB",
                baseline="reading the sample document", baseline_value=base_mb, ratio=mb / base_mb,
                goal="< 1 GB above the process; refused with its limit named", command=".venv/bin/python -m bench.bombs",
                note=note,
            ))  # fmt: skip
            print(f"{name}: {mb:,.0f} MB, {got['seconds']:.2f} s, {outcome[:120]}", flush=True)
    save("bombs", rows)


if __name__ == "__main__":
    main()

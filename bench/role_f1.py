"""Role-F1 of extraction against expected attribution tables written by reading the documents.

A table (`*.gold.tsv`) has one row per (task path, role, unit as written): `path<TAB>role<TAB>unit`, an
optional 4th column `inherited` for a unit a carry-forward note adds; `#` starts a comment. The
extraction's triples are (".".join(task.path), role, unit surface) of every unit not inherited.

.venv/bin/python -m bench.role_f1            # every document with a table: before/after figures
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ingest.models import Extraction

Triple = tuple[str, str, str]
LOCAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "local"


def _clean(unit: str) -> str:
    return "".join(unit.split())


def load_gold(path: Path) -> set[Triple]:
    out: set[Triple] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) >= 4 and cols[3].strip() == "inherited":
            continue
        out.add((cols[0].strip(), cols[1].strip(), _clean(cols[2])))
    return out


def triples(ex: Extraction) -> set[Triple]:
    return {
        (".".join(t.path), u.role, _clean(u.surface)) for t in ex.tasks for u in t.units if not u.inherited
    }


@dataclass
class Score:
    gold: int
    got: int
    tp: int
    missed: list[Triple]
    extra: list[Triple]

    @property
    def f1(self) -> float:
        return 2 * self.tp / (self.gold + self.got) if self.gold + self.got else 1.0


def score(gold: set[Triple], got: set[Triple]) -> Score:
    return Score(len(gold), len(got), len(gold & got), sorted(gold - got), sorted(got - gold))


def gold_documents() -> list[tuple[Path, Path]]:
    return [(p.with_suffix("").with_suffix(".txt"), p) for p in sorted(LOCAL.glob("*.gold.tsv"))]


def main(argv: list[str]) -> None:
    from ingest.extract import extract_file

    verbose = "-v" in argv
    total = []
    for doc, gold_path in gold_documents():
        s = score(load_gold(gold_path), triples(extract_file(doc)))
        total.append(s.f1)
        print(f"{doc.name:55s} gold {s.gold:4d} got {s.got:4d} tp {s.tp:4d}  F1 {s.f1:.3f}")
        if verbose:
            for t in s.missed[:40]:
                print("   missed", t)
            for t in s.extra[:40]:
                print("   extra ", t)
    if total:
        print(f"mean F1 {sum(total) / len(total):.3f}  min {min(total):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])

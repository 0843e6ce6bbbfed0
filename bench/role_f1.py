"""Role-F1 of extraction against expected attribution tables written by reading the documents.

A table (`*.gold.tsv`) has one row per (task path, role, unit as written): `path<TAB>role<TAB>unit`, an
optional 4th column `inherited` for a unit a carry-forward note adds; `#` starts a comment. The
extraction's triples are (".".join(task.path), role, unit surface) of every unit not inherited.

.venv/bin/python -m bench.role_f1            # every document with a table, as written and as delivered
.venv/bin/python -m bench.role_f1 -v         # and what was missed or added
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


def delivered(text: str) -> list[tuple[str, str, str]]:
    """(name, kind, content) of the text as it is delivered: wrapped, with footers, as <br> HTML."""
    from tests.data.variants import as_br_html, with_footers, wrap

    out = [(f"wrapped at {w} with footers", "txt", with_footers(wrap(text, w), 23, w)) for w in (30, 37, 45)]
    return out + [(f"<br> HTML at {w}", "html", as_br_html(text, w)) for w in (32, 44)]


def main(argv: list[str]) -> None:
    from bench.common import Row, save
    from ingest.extract import extract_bytes, extract_text

    verbose = "-v" in argv
    clean, as_delivered = [], []
    for doc, gold_path in gold_documents():
        gold = load_gold(gold_path)
        text = doc.read_text(encoding="utf-8")
        s = score(gold, triples(extract_text(text, doc.name)))
        clean.append(s.f1)
        variants = []
        for _name, kind, content in delivered(text):
            ex = extract_text(content) if kind == "txt" else extract_bytes(content.encode(), "page.html")
            variants.append(score(gold, triples(ex)).f1)
        as_delivered += variants
        print(f"{doc.name:50s} gold {s.gold:4d} got {s.got:4d} tp {s.tp:4d}  F1 {s.f1:.3f}  "
              f"delivered min {min(variants):.3f}")  # fmt: skip
        if verbose:
            for t in s.missed[:40]:
                print("   missed", t)
            for t in s.extra[:40]:
                print("   extra ", t)
    if not clean:
        return
    mean, low = sum(clean) / len(clean), min(clean)
    d_mean, d_low = sum(as_delivered) / len(as_delivered), min(as_delivered)
    print(f"mean F1 {mean:.3f}  min {low:.3f}; as delivered: mean {d_mean:.3f}  min {d_low:.3f}")
    cmd = ".venv/bin/python -m bench.role_f1"
    note = f"{len(clean)} real local documents (tests/data/local), tables written by reading them"
    save("role_f1", [
        Row("role-F1", "local documents, mean", mean, "F1", "goal", 0.97, mean / 0.97, "≥ 0.97", cmd, note),
        Row("role-F1", "local documents, worst", low, "F1", "goal", 0.90, low / 0.90, "≥ 0.90", cmd, note),
        Row("role-F1", "as delivered (wrapped 30/37/45 + footers, <br> HTML), worst", d_low, "F1",
            "the same documents as written", low, d_low / low if low else 0.0, "the same", cmd,
            f"{len(as_delivered)} variants, mean {d_mean:.3f}"),
    ])  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])

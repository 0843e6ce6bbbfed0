"""Extraction throughput (chars/s, one core) against plain jieba.lcut over the same text, same run.

.venv/bin/python -m bench.extract_speed
"""

from __future__ import annotations

import jieba

from bench.common import CORPUS, Row, best_of, save
from ingest.extract import extract_text
from ingest.nlp import load_user_dictionary


def main() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS) * 4
    load_user_dictionary()
    extract_text(text[:5000])  # warm: pipeline built, caches filled
    jieba.lcut(text[:5000])
    t_jieba = best_of(3, lambda: jieba.lcut(text))
    t_extract = best_of(3, lambda: extract_text(text))
    jieba_cps = len(text) / t_jieba
    extract_cps = len(text) / t_extract
    save("extract_speed", [Row(
        benchmark="extraction", figure="whole extraction", value=extract_cps, unit="chars/s",
        baseline="plain jieba.lcut", baseline_value=jieba_cps, ratio=extract_cps / jieba_cps,
        goal="≥ 250,000 chars/s (≈ 0.5 × jieba)", command=".venv/bin/python -m bench.extract_speed",
        note=f"{len(text):,} chars (the bundled corpus ×4), best of 3",
    )])  # fmt: skip


if __name__ == "__main__":
    main()

"""Extraction throughput (chars/s, one core) against plain jieba.lcut over the same text, same run; and
PDF reading (pages/s) against pdfplumber's own extract_text over the same pages, same run.

.venv/bin/python -m bench.extract_speed
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import jieba
import pdfplumber

from bench.common import CORPUS, ROOT, Row, best_of, save
from ingest.extract import extract_text
from ingest.nlp import load_user_dictionary
from ingest.pdf_text import pdf_to_text
from tests.data.make_pdf import policy_pdf

TABLE = [["序号", "任务", "牵头单位", "配合单位"]] + [
    [str(i), f"第{i}项重点任务的具体内容", "省发展改革委", "省财政厅、省商务厅"] for i in range(1, 25)
]


def main() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS) * 4
    load_user_dictionary()
    extract_text(text[:5000])  # warm: pipeline built, caches filled
    jieba.lcut(text[:5000])
    t_jieba = best_of(3, lambda: jieba.lcut(text))
    t_extract = best_of(3, lambda: extract_text(text))
    jieba_cps = len(text) / t_jieba
    extract_cps = len(text) / t_extract
    rows = [Row(
        benchmark="extraction", figure="whole extraction", value=extract_cps, unit="chars/s",
        baseline="plain jieba.lcut", baseline_value=jieba_cps, ratio=extract_cps / jieba_cps,
        goal="≥ 250,000 chars/s (≈ 0.5 × jieba)", command=".venv/bin/python -m bench.extract_speed",
        note=f"{len(text):,} chars (the bundled corpus ×4), best of 3",
    )]  # fmt: skip
    rows.append(pdf_row())
    save("extract_speed", rows)


def pdf_row() -> Row:
    """The sample written as a PDF (with running heads and a 24-row table page), read as policykg reads it
    (lines rejoined, running heads dropped, tables as rows) vs pdfplumber's page.extract_text alone."""
    sample = (ROOT / "data" / "sample" / "shandong-2022-platform-economy-opinion.txt").read_text(
        encoding="utf-8"
    )
    with tempfile.TemporaryDirectory() as tmp:
        data = policy_pdf(Path(tmp) / "sample.pdf", sample, TABLE).read_bytes()

    def plain() -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    pdf_to_text(data, "sample.pdf")  # warm
    t_ours = best_of(3, lambda: pdf_to_text(data, "sample.pdf"))
    t_plain = best_of(3, plain)
    return Row(
        benchmark="extraction", figure="PDF reading", value=pages / t_ours, unit="pages/s",
        baseline="pdfplumber page.extract_text", baseline_value=pages / t_plain, ratio=t_plain / t_ours,
        goal="reported (no goal)", command=".venv/bin/python -m bench.extract_speed",
        note=f"the sample as a {pages}-page PDF (A4, 12 pt, a table page), text layer + tables, best of 3",
    )  # fmt: skip


if __name__ == "__main__":
    main()

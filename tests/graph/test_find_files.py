"""`policykg ingest FOLDER`: every format the reader takes, PDF included; what it skips, said."""

from __future__ import annotations

from pathlib import Path

from graph.ingest_batch import find_files


def test_ingest_folder_lists_pdf_and_reports_what_it_skips(tmp_path: Path) -> None:
    for name in ("a.txt", "b.pdf", "c.docx", "d.html", "e.xls", ".hidden.txt"):
        (tmp_path / name).write_bytes(b"x")
    skipped: list[tuple[Path, str]] = []
    found = {p.name for p in find_files([tmp_path], skipped)}
    assert found == {"a.txt", "b.pdf", "c.docx", "d.html"}
    assert {p.name for p, _why in skipped} == {"e.xls", ".hidden.txt"}

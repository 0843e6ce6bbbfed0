"""Text as delivered: every document of data/, the local corpus and the styles corpus, hard-wrapped at
several widths, with page footers, and as HTML whose paragraphs are broken with <br>, yields the
same tasks and roles as its clean text, and every span still points into the text as delivered."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from bench.role_f1 import triples
from ingest.extract import extract_bytes, extract_text
from ingest.models import Extraction
from tests.conftest import ROOT
from tests.data.variants import as_br_html, with_footers, wrap

DOCS = sorted((ROOT / "data").rglob("*.txt")) + sorted((ROOT / "tests" / "data" / "local").glob("*.txt"))
DOCS += sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))


@cache
def clean(path: Path) -> Extraction:
    return extract_text(path.read_text(encoding="utf-8"))


def _squash(s: str) -> str:
    return "".join(s.split())


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def _variants(text: str) -> list[tuple[str, str]]:
    return [
        ("wrapped at 30", wrap(text, 30)),
        ("wrapped at 37 with — n — footers", with_footers(wrap(text, 37), 23, 0)),
        ("wrapped at 41 with 第 n 页 共 N 页 between blank lines", with_footers(wrap(text, 41), 19, 5)),
        ("wrapped at 45 with -n- footers, CRLF", with_footers(wrap(text, 45), 29, 1).replace("\n", "\r\n")),
    ]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:24])
def test_wrapped_and_footed_text_yields_the_same_roles(path: Path) -> None:
    base = clean(path)
    expected = triples(base)
    assert expected, path.name
    for name, text in _variants(path.read_text(encoding="utf-8")):
        ex = extract_text(text)
        assert triples(ex) == expected, (path.name, name, sorted(triples(ex) ^ expected)[:6])
        for t in ex.tasks:  # the spans point into the text as delivered: its characters, breaks aside
            for u in t.units:
                written = text[u.span[0] : u.span[1]]
                assert written[0] == u.surface[0] and written[-1] == u.surface[-1], (name, u.surface)
                assert _subsequence(_squash(u.surface), _squash(written)), (name, u.surface, written)
        assert ex.document.title == base.document.title, name


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:24])
def test_br_html_yields_the_same_roles(path: Path) -> None:
    expected = triples(clean(path))
    for width in (32, 44):
        ex = extract_bytes(as_br_html(path.read_text(encoding="utf-8"), width).encode(), "page.html")
        assert triples(ex) == expected, (path.name, width, sorted(triples(ex) ^ expected)[:6])


def test_a_joined_line_maps_back_to_both_lines() -> None:
    text = "一、重点任务\n1.建设平台。（责任单位：市发展改\n革委、市财政局）\n"
    ex = extract_text(text)
    unit = ex.tasks[0].units[0]
    assert unit.surface == "市发展改革委" and text[unit.span[0] : unit.span[1]] == "市发展改\n革委"

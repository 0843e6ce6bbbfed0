"""`policykg viz`: one standalone offline HTML file; hostile names stay text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from tests.conftest import run_cli
from viz.export import standalone_html

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def test_export_renders_offline_and_escapes(
    browser: Any, sample_graph: tuple[Driver, str], tmp_path: Path, neo4j_server: object
) -> None:
    driver, database = sample_graph
    driver.execute_query(
        "MATCH (t:Task {path_text: '二.8'}) CREATE (d:Department {key: 'x|' + $name, name: $name, aliases: [$name]})"
        "-[:LEADS {surface: $name, sentence: $name, order: 9, doc_id: t.doc_id}]->(t)",
        name=HOSTILE,
        database_=database,
    )
    try:
        out = tmp_path / "chain.html"
        result = run_cli("viz", "--sector", "现代物流", "-o", str(out))
        assert result.returncode == 0, result.stderr
    finally:
        driver.execute_query(
            "MATCH (d:Department {name: $name}) DETACH DELETE d", name=HOSTILE, database_=database
        )
    page_text = out.read_text(encoding="utf-8")
    assert HOSTILE not in page_text and "\\u003cimg src=x" in page_text
    assert not re.search(
        r"""<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=\s*["']?(?:https?:)?//""", page_text
    )
    assert "cdn.jsdelivr" not in page_text and "bootstrap" not in page_text.lower()
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script("window.__alerts = 0; window.alert = () => { window.__alerts += 1; };")
    page.goto(out.as_uri())
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__alerts") == 0
    assert page.evaluate("document.querySelectorAll('#net canvas').length") == 1
    assert requests == [out.as_uri()]  # nothing else was fetched
    page.close()


def test_needs_exactly_one_focus(neo4j_server: object, tmp_path: Path) -> None:
    result = run_cli("viz", "-o", str(tmp_path / "x.html"))
    assert result.returncode == 2 and "exactly one" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_template_escapes_the_title() -> None:
    page = standalone_html("<b>x</b>", {"nodes": [], "edges": []})
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page

"""The explorer over several regions, in a real headless Chromium: a name several units hold opens a
chooser (never one city's dossier), search says each unit's region, an unknown name says so in Chinese."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from neo4j import Driver

from tests.conftest import ApiServer
from tests.graph.conftest import corpus_graph  # noqa: F401  (re-exported fixture)
from tests.viz.test_explorer_browser import open_page

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


@pytest.fixture(scope="module")
def api(api_server: ApiServer, corpus_graph: tuple[Driver, str]) -> ApiServer:  # noqa: F811
    import time

    time.sleep(1.0)  # the lookup cache sees the new graph
    return api_server


def test_a_shared_name_opens_a_chooser_and_each_choice_its_dossier(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(browser, api, "/explorer?focus=" + quote("省发展改革委"))
    try:
        assert page.locator("#dossier h2").inner_text() == "“省发展改革委”对应 2 个单位"
        rows = page.locator("#dossier table tbody tr").all_inner_texts()
        assert len(rows) == 2 and "山东省" in rows[0] and "浙江省" in rows[1], rows
        page.locator("#dossier table tbody tr").nth(1).locator("a").click()
        page.wait_for_function("document.querySelector('#dossier p.muted')?.textContent.includes('浙江省')")
        assert page.locator("#dossier h2").inner_text() == "省发展改革委"
        assert "key=" in page.url and "region=" in page.url
    finally:
        page.close()


def test_search_results_say_where_each_unit_is(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(browser, api, "/explorer")
    try:
        page.fill("#search", "省发展改革委")
        page.press("#search", "Enter")
        page.wait_for_selector("#results li .where")
        items = [t for t in page.locator("#results li").all_inner_texts() if t.startswith("省发展改革委")]
        assert any("山东省" in t for t in items) and any("浙江省" in t for t in items), items
        assert all("项任务" in t for t in items), items
    finally:
        page.close()


def test_an_unknown_name_gets_a_page_that_says_so(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(browser, api, "/explorer?focus=" + quote("省不存在委"))
    try:
        assert page.locator("#dossier h2").inner_text() == "没有找到“省不存在委”"
        assert "没有找到" in page.locator("#status").inner_text()
    finally:
        page.close()


def test_find_in_the_drawing_selects_the_nodes_and_says_how_many(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(browser, api, "/explorer?view=chain&focus=" + quote("现代物流"))
    try:
        page.fill("#find", "省商务厅")
        selected = page.evaluate("window.policykg.network().getSelectedNodes()")
        labels = page.evaluate("(ids) => ids.map((id) => window.policykg.nodes.get(id).label)", selected)
        assert selected and all("省商务厅" in label.replace("\n", "") for label in labels), labels
        assert f"找到 {len(selected)} 个节点" in page.locator("#status").inner_text()
        page.fill("#find", "没有这个单位")
        assert page.evaluate("window.policykg.network().getSelectedNodes()") == []
        assert "图中没有" in page.locator("#status").inner_text()
    finally:
        page.close()


def test_any_canvas_view_exports_a_png(browser: Any, api: ApiServer, tmp_path: Any) -> None:
    page, _, _ = open_page(browser, api, "/explorer?view=chain&focus=" + quote("现代物流"))
    try:
        with page.expect_download() as info:
            page.click("#png")
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        data = path.read_bytes()
        assert info.value.suggested_filename.endswith(".png") and data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > 10_000  # a drawing, not an empty canvas
    finally:
        page.close()


def test_search_and_selection_are_in_the_url(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(browser, api, "/explorer?q=" + quote("省发展改革委"))
    try:
        page.wait_for_selector("#results li .where")
        assert page.locator("#search").input_value() == "省发展改革委"
        page.fill("#search", "现代物流")
        page.press("#search", "Enter")
        page.wait_for_function("location.search.includes('q=')")
        assert "q=" + quote("现代物流") in page.url
    finally:
        page.close()
    chain = "/explorer?view=chain&focus=" + quote("现代物流")
    page, _, _ = open_page(browser, api, chain)
    try:
        unit = next(i for i in page.evaluate("window.policykg.nodes.getIds()") if "Department" in i)
    finally:
        page.close()
    page, _, _ = open_page(browser, api, chain + "&sel=" + quote(unit))
    try:
        page.wait_for_function("window.__policykgStable >= 1")
        assert page.evaluate("window.policykg.network().getSelectedNodes()") == [unit]
    finally:
        page.close()

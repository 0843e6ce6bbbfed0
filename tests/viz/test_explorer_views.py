"""The explorer's views in a real headless Chromium over a corpus with a unit in 120 tasks: the landing
overview, the layered chain (readability measured on vis-network's own positions and boxes), the dossier
and the co-governance network, each with its state in the URL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from neo4j import Driver

from bench.geometry import GEOMETRY
from bench.synthetic import unit_heavy_plan
from graph.load import load
from ingest.extract import extract_text
from tests.conftest import ApiServer
from tests.graph.conftest import load_sample, reset
from tests.viz.test_explorer_browser import open_page

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]
HEAVY = "/explorer?view=chain&focus=" + quote("省发展改革委") + "&region=" + quote("河北省")


@pytest.fixture(scope="module")
def api(api_server: ApiServer, driver: Driver, database: str) -> Iterator[ApiServer]:
    """The sample and a provincial plan in which 河北 省发展改革委 holds 120 tasks."""
    reset(driver, database)
    load_sample(driver, database)
    text = unit_heavy_plan()
    load(driver, database, extract_text(text, "hebei-plan.txt"), text)
    yield api_server


def stable_after(page: Any, before: int) -> None:
    page.wait_for_function(f"window.__policykgStable > {before}", timeout=20_000)


def test_the_landing_page_is_an_overview_with_entries(browser: Any, api: ApiServer) -> None:
    page, requests, _ = open_page(browser, api, "/explorer")
    assert page.evaluate("document.body.dataset.view") == "overview"
    rows = page.locator("#overview table").first.locator("tbody tr")
    assert rows.count() == 2
    assert "河北省人民政府办公厅" in rows.nth(0).inner_text() and "120" in rows.nth(0).inner_text()
    assert "省发展改革委" in page.locator("#overview .column").first.inner_text()
    before = page.evaluate("window.__policykgStable || 0")
    rows.nth(0).get_by_text("职责链").click()
    stable_after(page, before)
    assert "view=chain" in page.url and "policy=" in page.url
    assert page.evaluate("document.body.dataset.view") == "chain"
    assert all(u.startswith(api.base_url) for u in requests)
    page.close()


def test_the_nav_opens_each_view_or_says_what_to_choose_first(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(browser, api, "/explorer")
    nav = page.locator("#views button")
    assert nav.all_inner_texts() == ["概览", "职责链", "部门档案", "协同网络"]
    assert nav.locator("xpath=.").evaluate_all("bs => bs.map(b => b.dataset.view)") == [
        "overview", "chain", "dossier", "network"]  # fmt: skip
    assert page.locator("#views button.active").inner_text() == "概览"
    page.click("#views button[data-view=chain]")  # nothing chosen yet: the view says what it needs
    assert page.inner_text("#status") == "先选一个单位、领域或文件"
    page.click("#views button[data-view=dossier]")
    assert page.inner_text("#status") == "先搜索并选择一个单位"
    assert page.evaluate("document.body.dataset.view") == "overview"
    before = page.evaluate("window.__policykgStable || 0")
    page.click("#views button[data-view=network]")
    stable_after(page, before)
    assert page.evaluate("document.body.dataset.view") == "network" and "view=network" in page.url
    assert page.locator("#views button.active").inner_text() == "协同网络"
    page.click("#views button[data-view=overview]")
    page.wait_for_function("document.body.dataset.view === 'overview'", timeout=10_000)
    page.close()


def test_chain_of_a_unit_in_120_tasks_stays_readable(browser: Any, api: ApiServer) -> None:
    """The bound is zero crossings and zero overlapping boxes: the chain is drawn as a tree in document order
    (each task lists its own units), so any crossing or overlap is a layout defect, not a trade-off. A
    force layout of a 150-task unit with each unit drawn once crossed 156 times on 92 edges
    (bench.explorer_render, docs/benchmarks.md)."""
    page, _, _ = open_page(browser, api, HEAVY)
    folded = page.evaluate(GEOMETRY)
    assert folded["kinds"]["Group"] == 8 and folded["kinds"]["Task"] == 24, folded
    assert folded["crossings"] == 0 and folded["overlaps"] == 0, folded
    assert "120" in page.inner_text("#panel-props")  # 120 tasks, 24 shown
    # a real click on a "+N 项任务" group opens that section
    group = page.evaluate("window.policykg.nodes.get().find((n) => n.kind === 'Group')")
    x, y = page.evaluate(
        "(id) => { const n = window.policykg.network(); const p = n.canvasToDOM(n.getPosition(id));"
        " const r = document.getElementById('network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
        group["id"],
    )
    before = page.evaluate("window.__policykgStable")
    page.mouse.click(x, y)
    stable_after(page, before)
    opened = page.evaluate(GEOMETRY)
    assert opened["kinds"]["Task"] == 24 + group["hidden_tasks"] and opened["kinds"]["Group"] == 7
    assert "expand=" in page.url
    # everything open: 120 tasks and every unit beside them
    before = page.evaluate("window.__policykgStable")
    page.get_by_text("全部展开").click()
    stable_after(page, before)
    full = page.evaluate(GEOMETRY)
    assert full["kinds"]["Task"] == 120 and "Group" not in full["kinds"]
    assert full["crossings"] == 0 and full["overlaps"] == 0, full
    # labels stay legible: the first view is drawn at 0.8 or more (the rest by panning)
    page.goto(api.base_url + HEAVY)
    page.wait_for_function("window.__policykgStable >= 1", timeout=20_000)
    assert page.evaluate("window.policykg.network().getScale()") >= 0.79
    page.close()


def test_the_dossier_lists_tasks_partners_and_downloads(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(
        browser, api, "/explorer?focus=" + quote("省发展改革委") + "&region=" + quote("河北省")
    )
    assert page.evaluate("document.body.dataset.view") == "dossier"
    assert page.inner_text("#dossier h2") == "省发展改革委"
    with httpx.Client(base_url=api.base_url) as c:
        body = c.get("/api/dossier", params={"unit": "省发展改革委", "region": "河北省"}).json()
    task_rows = page.locator("#dossier details tbody tr").count()
    assert task_rows == sum(len(v) for p in body["policies"] for v in p["roles"].values()) == 120
    partner_rows = page.locator("#dossier > table tbody tr")
    assert partner_rows.count() == len(body["partners"]) > 5
    assert (
        page.evaluate(
            "(() => { const c = document.querySelector('#dossier-graph canvas');"
            " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()"
        )
        > 1000
    )
    href = page.locator("#dossier a[download]").first.get_attribute("href")
    with httpx.Client(base_url=api.base_url) as c:
        assert c.get(href).content[:2] == b"PK"  # the xlsx task list
    top = body["partners"][0]["unit"]["name"]
    partner_rows.first.locator("a").click()
    page.wait_for_function(
        "(t) => (document.querySelector('#dossier h2') || {}).textContent === t", arg=top, timeout=10_000
    )
    assert "focus=" + quote(top) in page.url
    page.close()


def test_the_network_view_sizes_by_centrality_and_filters(browser: Any, api: ApiServer) -> None:
    page, _, _ = open_page(browser, api, "/explorer?view=network")
    with httpx.Client(base_url=api.base_url) as c:
        body = c.get("/api/network").json()
    drawn = page.evaluate("window.policykg.nodes.get().map((n) => [n.key, n.value])")
    assert dict(drawn) == {n["key"]: n["degree"] for n in body["nodes"]}
    before = page.evaluate("window.__policykgStable")
    page.select_option("#net-size", "betweenness")
    stable_after(page, before)
    drawn = dict(page.evaluate("window.policykg.nodes.get().map((n) => [n.key, n.value])"))
    assert drawn == {n["key"]: n["betweenness"] for n in body["nodes"]}
    assert "size=betweenness" in page.url
    before = page.evaluate("window.__policykgStable")
    page.fill("#net-region", "河北")
    page.press("#net-region", "Enter")
    stable_after(page, before)
    regions = set(page.evaluate("window.policykg.nodes.get().map((n) => n.region)"))
    assert regions == {"河北省"} and "region=" in page.url
    page.reload()  # the URL brings the same view back
    page.wait_for_function("window.__policykgStable >= 1", timeout=20_000)
    assert set(page.evaluate("window.policykg.nodes.get().map((n) => n.region)")) == {"河北省"}
    assert page.input_value("#net-size") == "betweenness"
    page.close()

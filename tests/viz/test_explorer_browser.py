"""The explorer in a real headless Chromium: renders, searches, expands, stays offline, stays safe."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlparse

import pytest
from neo4j import Driver

from tests.conftest import ApiServer

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]
HOSTILE = "<img src=x onerror=alert(1)>"


def open_page(browser: Any, api: ApiServer, path: str) -> tuple[Any, list[str], list[str]]:
    # bypass_csp: Playwright's own probes need eval; it also means a markup injection *would* run here,
    # so the hostile-name test proves the escaping itself, not just the CSP (tested separately below)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script("window.__alerts = 0; window.alert = () => { window.__alerts += 1; };")
    page.goto(api.base_url + path)
    page.wait_for_function("window.__policykgReady >= 1", timeout=20_000)  # a drawing or a page is ready
    return page, requests, dialogs


def labels(page: Any) -> list[str]:
    return page.evaluate("window.policykg.nodes.get().map(n => n.full_name)")  # type: ignore[no-any-return]


def test_focus_shows_the_sector_with_its_three_lead_departments(browser: Any, api: ApiServer) -> None:
    page, requests, _ = open_page(browser, api, "/explorer?focus=" + quote("现代物流"))
    names = labels(page)
    assert {"现代物流", "省发展改革委", "省商务厅", "省交通运输厅"} <= set(names)
    lead_edges = page.evaluate("window.policykg.edges.get().filter(e => e.type === 'LEADS').length")
    assert lead_edges == 3
    canvas_pixels = page.evaluate(
        "(() => { const c = document.querySelector('#network canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()"
    )
    assert canvas_pixels > 1000  # something was drawn
    own = urlparse(api.base_url).netloc
    assert requests and all(urlparse(u).netloc == own for u in requests), requests
    page.close()


def test_search_opens_a_dossier_and_a_click_expands_a_neighbourhood(browser: Any, api: ApiServer) -> None:
    page, requests, _ = open_page(browser, api, "/explorer?focus=" + quote("现代物流"))
    page.fill("#search", "省商务厅")
    page.click("#search-form button")
    page.wait_for_selector("#results li[data-id]")
    assert "省商务厅" in page.inner_text("#results")
    page.click("#results li[data-id]")
    page.wait_for_function("document.body.dataset.view === 'dossier'", timeout=10_000)
    page.wait_for_function(
        "(document.querySelector('#dossier h2') || {}).textContent === '省商务厅'", timeout=10_000
    )
    assert "view=dossier" in page.url
    # the neighbourhood view: a real click on a node of the canvas adds its neighbours
    node_id = "Department:山东省|省商务厅"
    page.goto(api.base_url + "/explorer?node=" + quote(node_id))
    page.wait_for_function("window.__policykgStable >= 1", timeout=20_000)
    page.wait_for_function(
        "document.getElementById('panel-title').textContent === '省商务厅'", timeout=10_000
    )
    before = page.evaluate("window.policykg.nodes.length")
    task = page.evaluate(
        "(id) => window.policykg.network().getConnectedNodes(id).find(n => n.startsWith('Task:'))", node_id
    )
    x, y = page.evaluate(
        "(id) => { const n = window.policykg.network(); const p = n.canvasToDOM(n.getPosition(id));"
        " const r = document.getElementById('network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
        task,
    )
    page.mouse.click(x, y)  # a real click on the canvas
    page.wait_for_function(f"window.policykg.nodes.length > {before}", timeout=10_000)
    assert "node=" in page.url  # the view is in the URL
    own = urlparse(api.base_url).netloc
    assert all(urlparse(u).netloc == own for u in requests), requests
    page.close()


def test_hostile_names_are_text_never_markup(
    browser: Any, api: ApiServer, sample_graph: tuple[Driver, str]
) -> None:
    driver, database = sample_graph
    driver.execute_query(
        "MATCH (t:Task {path_text: '二.8'}) "
        "CREATE (d:Department {key: 'x|' + $name, name: $name, aliases: [$name], level: '未知'})"
        "-[:LEADS {surface: $name, sentence: $name, order: 9, span_start: 0, span_end: 1, doc_id: t.doc_id}]->(t)",
        name=HOSTILE,
        database_=database,
    )
    try:
        page, _, dialogs = open_page(browser, api, "/explorer?focus=" + quote("现代物流"))
        assert HOSTILE in labels(page)
        page.fill("#search", "onerror")
        page.click("#search-form button")
        page.wait_for_selector("#results li[data-id]")
        assert HOSTILE in page.inner_text("#results")  # shown literally
        page.click("#results li[data-id]")
        page.wait_for_function("document.getElementById('panel-title').textContent.includes('onerror')")
        assert page.inner_text("#panel-title") == HOSTILE
        assert page.inner_text("#dossier h2") == HOSTILE  # the dossier shows it as text too
        assert page.evaluate("document.querySelectorAll('img[src=x], #results img, aside img').length") == 0
        assert page.evaluate("window.__alerts") == 0 and dialogs == []
        page.close()
        for path in ("/explorer", "/explorer?view=network&collective=1"):  # the overview and the network too
            page, _, dialogs = open_page(browser, api, path)
            page.wait_for_timeout(300)
            assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
            assert page.evaluate("window.__alerts") == 0 and dialogs == []
            page.close()
    finally:
        driver.execute_query(
            "MATCH (d:Department {name: $name}) DETACH DELETE d", name=HOSTILE, database_=database
        )


def test_page_and_assets_reference_nothing_outside(api: ApiServer) -> None:
    import re

    import httpx

    page = httpx.get(api.base_url + "/explorer").text
    assert "default-src 'none'" in httpx.get(api.base_url + "/explorer").headers["content-security-policy"]
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page)
    loads = re.findall(r"""(?:src|rel="stylesheet" href)\s*=\s*["']([^"']+)""", page)
    assert loads and all(r.startswith("/explorer/assets/") for r in loads), loads  # scripts and styles: ours
    assert all(r.startswith("/explorer") for r in refs), refs  # links: this page
    for name in (
        "explorer.js",
        "pages.js",
        "netview.js",
        "boot.js",
        "explorer.css",
        "vis-network.min.js",
        "vis-network.min.css",
    ):
        body = httpx.get(f"{api.base_url}/explorer/assets/{name}").text
        # no loading of anything remote: no remote url(), import or fetch target in our assets
        assert not re.search(r"""url\(\s*["']?https?:""", body), name
        assert not re.search(r"""(?:import|fetch)\s*\(\s*["']https?:""", body), name
        if name.startswith("explorer"):
            assert "http://" not in body and "https://" not in body, name

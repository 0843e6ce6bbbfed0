"""`/docs` works without internet: Swagger UI from the bundled files, every request to this server."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.conftest import ApiServer

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def test_the_api_page_renders_offline_with_every_endpoint(browser: Any, api: ApiServer) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # no internet: anything not to this server fails, as it would on an offline machine
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(api.base_url) else route.abort(),
    )
    try:
        page.goto(api.base_url + "/docs")
        page.wait_for_selector(".opblock", timeout=20_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/cypher" in " ".join(paths) and len(paths) >= 10, paths
        assert page.locator(".btn.authorize").count() == 1  # the upload token (X-API-Token) can be given
    finally:
        page.close()
    hosts = {urlparse(u).netloc for u in requests}
    assert hosts == {urlparse(api.base_url).netloc}, requests
    for removed in ("/redoc",):
        import httpx

        assert httpx.get(api.base_url + removed).status_code == 404

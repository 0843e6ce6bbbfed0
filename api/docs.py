"""`/docs`: the OpenAPI page served offline, from the Swagger UI 5 files that the `swagger-ui-py` wheel
ships (no CDN: a local instance often has no internet; Swagger UI 4 cannot read OpenAPI 3.1)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"


def static_dir() -> Path:
    """The wheel's static files, found without importing the package (its web-framework adapters)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed (make install)")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def register(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=str(static_dir())), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

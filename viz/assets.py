"""The explorer's static files: ours (viz/static) and the vis-network copy that pyvis ships."""

from __future__ import annotations

from pathlib import Path

import pyvis

STATIC = Path(__file__).parent / "static"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
ASSETS: dict[str, tuple[Path, str]] = {
    **{
        name: (STATIC / name, "application/javascript; charset=utf-8")
        for name in ("explorer.js", "pages.js", "netview.js", "boot.js")
    },
    "explorer.css": (STATIC / "explorer.css", "text/css; charset=utf-8"),
    "vis-network.min.js": (VIS_DIR / "vis-network.min.js", "application/javascript; charset=utf-8"),
    "vis-network.min.css": (VIS_DIR / "vis-network.css", "text/css; charset=utf-8"),
}
PAGE = STATIC / "explorer.html"
# the page may load and connect to nothing but this server
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def asset(name: str) -> tuple[bytes, str] | None:
    entry = ASSETS.get(name)
    if entry is None:
        return None
    path, media = entry
    return path.read_bytes(), media


def vis_network_js() -> str:
    return (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")


def vis_network_css() -> str:
    return (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")

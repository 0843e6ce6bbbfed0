"""Screenshots of the explorer's views (`make screenshot`): a throwaway Neo4j and API holding the sample, the
real documents of data/dev and a 120-task provincial plan, rendered by Debian's headless Chromium into
docs/explorer-*.png.

python -m bench.screenshot [docs]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

from bench.common import ROOT, sample_api
from bench.synthetic import unit_heavy_plan

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
UNIT = "focus=" + quote("省发展改革委") + "&region=" + quote("河北省")
VIEWS = {
    "explorer-overview.png": "/explorer",
    "explorer-chain.png": "/explorer?view=chain&" + UNIT,
    "explorer-dossier.png": "/explorer?view=dossier&" + UNIT,
    "explorer-network.png": "/explorer?view=network&color=level&size=betweenness",
    "explorer.png": "/explorer?focus=" + quote("现代物流"),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default="docs")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print(
            "error: Debian's chromium is needed: apt-get install -y chromium fonts-wqy-zenhei",
            file=sys.stderr,
        )
        return 1
    from playwright.sync_api import sync_playwright

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "dev").glob("*.txt"))]
    texts.append(("hebei-plan.txt", unit_heavy_plan()))
    out = Path(args.folder)
    out.mkdir(parents=True, exist_ok=True)
    with sample_api(texts=tuple(texts)) as (_driver, _database, base, _):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
            for name, path in VIEWS.items():
                page = browser.new_page(viewport={"width": 1400, "height": 860}, bypass_csp=True)
                page.goto(base + path)
                page.wait_for_function("window.__policykgReady >= 1", timeout=30_000)
                page.wait_for_timeout(400)
                page.screenshot(path=str(out / name))
                page.close()
                print(f"wrote {out / name}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

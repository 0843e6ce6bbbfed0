"""Screenshot of the explorer (`make screenshot`, with `make up` serving on 127.0.0.1:8000).

python -m bench.screenshot docs/explorer.png [--url http://127.0.0.1:8000] [--focus 现代物流]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from urllib.parse import quote

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--focus", default="现代物流")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print(
            "error: Debian's chromium is needed: apt-get install -y chromium fonts-wqy-zenhei",
            file=sys.stderr,
        )
        return 1
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860}, bypass_csp=True)
        try:
            page.goto(f"{args.url}/explorer?focus={quote(args.focus)}")
            page.wait_for_function("window.__policykgStable >= 1", timeout=30_000)
            page.evaluate("window.policykg.network().fit()")
            page.wait_for_timeout(300)
            page.screenshot(path=args.output)
        except Error as exc:
            print(
                f"error: could not render {args.url}/explorer (is `make up` running?): {exc.message}",
                file=sys.stderr,
            )
            return 1
        finally:
            browser.close()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

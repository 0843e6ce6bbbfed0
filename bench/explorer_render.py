"""Explorer render times in Debian's headless Chromium: the whole sample graph, and a synthetic
2,000-node graph, each until physics has stabilised and frozen; baseline: a 10-node graph, same run.

    .venv/bin/python -m bench.explorer_render
"""

from __future__ import annotations

import shutil
import sys

from bench.common import Row, sample_api, save

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
RENDER = """async ([n, fromApi]) => {
  const t0 = performance.now();
  let data;
  if (fromApi) { data = await (await fetch('/api/graph/all?limit=20000')).json(); }
  else {
    data = {nodes: [], edges: []};
    for (let i = 0; i < n; i++) data.nodes.push({id: 'n' + i, label: '节点' + i, shape: 'dot', color: '#59a14f'});
    for (let i = 1; i < n; i++) data.edges.push({from: 'n' + i, to: 'n' + Math.floor(Math.random() * i)});
  }
  const before = window.__policykgStable || 0;
  const nodes = window.policykg.nodes, edges = window.policykg.edges;
  nodes.clear(); edges.clear(); nodes.add(data.nodes); edges.add(data.edges);
  const net = window.policykg.network();
  net.setOptions({physics: {enabled: true}});
  net.stabilize(stabilizeIterations(nodes.length));
  while ((window.__policykgStable || 0) === before) await new Promise(r => setTimeout(r, 10));
  return [performance.now() - t0, data.nodes.length];
}"""


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("error: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sample_api() as (_driver, _database, base, _):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
            page.goto(base + "/explorer")
            page.wait_for_function("window.policykg && window.policykg.network()")
            tiny_ms, _ = page.evaluate(RENDER, [10, False])
            sample_ms, sample_nodes = page.evaluate(RENDER, [0, True])
            big_ms, big_nodes = page.evaluate(RENDER, [2000, False])
            browser.close()
    cmd = ".venv/bin/python -m bench.explorer_render"
    save("explorer_render", [
        Row("explorer", f"whole sample graph ({sample_nodes} nodes) fetched, drawn, frozen", sample_ms, "ms",
            "10-node graph", tiny_ms, sample_ms / tiny_ms, "< 1,000 ms", cmd),
        Row("explorer", f"synthetic graph ({big_nodes} nodes) drawn and frozen", big_ms, "ms",
            "10-node graph", tiny_ms, big_ms / tiny_ms, "< 5,000 ms", cmd),
    ])  # fmt: skip


if __name__ == "__main__":
    main()

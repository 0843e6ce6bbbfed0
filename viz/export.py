"""Standalone, offline HTML exports built with pyvis (`policykg viz … -o chain.html`).

pyvis holds the network (nodes, edges, options); the page is written by our own template, not
pyvis's: its 0.3.2 template inserts labels unescaped, loads Bootstrap and vis from a CDN by default,
and switches every tooltip to HTML when any title contains "href". Here the vis-network code pyvis
ships is inlined, the data goes in as JSON inside a <script type="application/json"> block with
<, > and & escaped, and a Content-Security-Policy forbids every network request.
"""

from __future__ import annotations

import html
import json
from typing import Any

from pyvis.network import Network

from .assets import vis_network_css, vis_network_js

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{vis_css}</style>
<style>
body {{ margin: 0; font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }}
h1 {{ font-size: 18px; margin: 8px 12px; }} #net {{ height: calc(100vh - 90px); border-top: 1px solid #ddd; }}
#info {{ margin: 4px 12px; font-size: 13px; color: #444; min-height: 1.4em; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div id="info">点击节点或关系查看原文</div>
<div id="net"></div>
<script type="application/json" id="graph-data">{data}</script>
<script>{vis_js}</script>
<script>
"use strict";
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var net = new vis.Network(document.getElementById("net"), {{nodes: nodes, edges: edges}}, data.options);
  net.on("stabilizationIterationsDone", function () {{ net.setOptions({{physics: {{enabled: false}}}}); }});
  net.on("click", function (p) {{
    var info = document.getElementById("info");
    if (p.nodes.length) {{ var n = nodes.get(p.nodes[0]); info.textContent = n.kind_zh + "：" + n.full_name; }}
    else if (p.edges.length) {{ var e = edges.get(p.edges[0]); info.textContent = e.label + "：" + (e.sentence || ""); }}
  }});
}})();
</script>
</body>
</html>
"""

OPTIONS: dict[str, Any] = {
    "layout": {"improvedLayout": False},
    "edges": {"smooth": False, "font": {"size": 11, "strokeWidth": 3}, "arrows": {"to": {"enabled": True}}},
    "nodes": {"font": {"size": 14}},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300}},
    "interaction": {"hover": True},
}


def build_network(data: dict[str, list[dict[str, Any]]]) -> Network:
    """The explorer's nodes and edges as a pyvis Network (titles left out: no HTML tooltips)."""
    net = Network(directed=True, cdn_resources="remote")
    for n in data["nodes"]:
        extra = {k: n[k] for k in ("size", "font") if k in n}
        net.add_node(n["id"], label=n["label"], shape=n["shape"], color=n["color"], full_name=n["full_name"],
                     kind_zh=n["kind_zh"], **extra)  # fmt: skip
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], label=e["label"], color=e["color"], width=e["width"], dashes=e["dashes"],
                     sentence=e.get("sentence", ""))  # fmt: skip
    return net


def _json_for_html(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def standalone_html(title: str, data: dict[str, list[dict[str, Any]]]) -> str:
    net = build_network(data)
    payload = {"nodes": net.nodes, "edges": net.edges, "options": OPTIONS}
    vis_js = vis_network_js()
    if "</script" in vis_js.lower():
        raise RuntimeError("the bundled vis-network cannot be inlined safely")
    return _PAGE.format(
        title=html.escape(title), vis_css=vis_network_css(), data=_json_for_html(payload), vis_js=vis_js
    )

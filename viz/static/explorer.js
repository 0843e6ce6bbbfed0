/* policykg explorer, core: the API, the URL state, the side panel and the main canvas.
 * Views: overview (landing), chain (layered drawing), dossier (one unit), network (co-governance),
 * node (a neighbourhood, force layout). Every text from documents goes into the page through
 * textContent or vis-network's canvas labels: never innerHTML. The page loads nothing but its own
 * assets (Content-Security-Policy: 'self'). */
"use strict";

const PK = (() => {
  const $ = (id) => document.getElementById(id);
  const api = (path, params) => {
    const url = new URL(path, window.location.href);
    Object.entries(params || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined && v !== "" && v !== false) url.searchParams.set(k, v);
    });
    return fetch(url.toString(), { headers: { Accept: "application/json" } }).then(async (r) => {
      const body = await r.json().catch(() => ({}));
      if (!r.ok) {
        // every error answer: {error, message (Chinese), detail, suggestions?} (api/errors.py)
        const said = typeof body.message === "string" ? body.message : r.statusText;
        const err = new Error(typeof body.detail === "string" && body.detail ? `${said}：${body.detail}` : said);
        err.status = r.status;
        err.suggestions = body.suggestions || [];
        err.candidates = body.candidates || [];  // a name several units hold (409): each with its region
        throw err;
      }
      return body;
    });
  };
  const text = (node, value) => { node.textContent = value == null ? "" : String(value); return node; };
  const el = (tag, value, cls) => { const e = document.createElement(tag); if (cls) e.className = cls; return text(e, value); };
  const status = (msg) => text($("status"), msg);
  const ALL_ROLES = ["lead", "support", "responsible", "guide"];
  const state = {
    view: null, focus: null, key: null, node: null, policy: "", region: "", roles: ALL_ROLES.slice(),
    expand: [], size: "degree", color: "community", collective: false,
  };
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  let network = null;

  function readUrl() {
    const p = new URLSearchParams(window.location.search);
    state.view = p.get("view");
    state.focus = p.get("focus");
    state.key = p.get("key");
    state.node = p.get("node");
    state.q = p.get("q") || "";
    state.sel = p.get("sel") || "";
    state.policy = p.get("policy") || "";
    state.region = p.get("region") || "";
    state.expand = (p.get("expand") || "").split(",").filter(Boolean);
    state.size = p.get("size") || "degree";
    state.color = p.get("color") || "community";
    state.collective = p.get("collective") === "1";
    state.roles = p.get("roles") ? p.get("roles").split(",").filter((r) => ALL_ROLES.includes(r)) : ALL_ROLES.slice();
    document.querySelectorAll("#roles input").forEach((i) => { i.checked = state.roles.includes(i.value); });
  }

  // the URL says what is on screen: reload or share it and the same view comes back
  function writeUrl() {
    const p = new URLSearchParams();
    if (state.view) p.set("view", state.view);
    if (state.focus) p.set("focus", state.focus);
    if (state.view === "dossier" && state.key) p.set("key", state.key);
    if (state.node) p.set("node", state.node);
    if (state.q) p.set("q", state.q);
    if (state.sel && !page(state.view)) p.set("sel", state.sel);
    if (state.policy) p.set("policy", state.policy);
    if (state.region) p.set("region", state.region);
    if (state.roles.length !== 4) p.set("roles", state.roles.join(","));
    if (state.view === "chain" && state.expand.length) p.set("expand", state.expand.join(","));
    if (state.view === "network") {
      if (state.size !== "degree") p.set("size", state.size);
      if (state.color !== "community") p.set("color", state.color);
      if (state.collective) p.set("collective", "1");
    }
    const qs = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
  }

  const page = (view) => view === "overview" || view === "dossier";

  function setView(view) {
    if (state.view !== view) state.sel = "";  // a selection belongs to its view
    state.view = view;
    const isPage = page(view);
    $("overview").hidden = view !== "overview";
    $("dossier").hidden = view !== "dossier";
    $("network").hidden = isPage;
    $("canvas-tools").hidden = isPage;
    $("network-tools").hidden = view !== "network";
    $("legend").hidden = view === "network";
    $("net-legend").hidden = view !== "network";
    document.querySelectorAll("#views button").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
    document.body.dataset.view = view;
    if (!isPage && network) { network.setSize("100%", "100%"); network.redraw(); }
  }

  // tests and the render bench wait on these counters
  function ready() { window.__policykgReady = (window.__policykgReady || 0) + 1; }
  function stable() {
    document.body.dataset.stable = "1";
    window.__policykgStable = (window.__policykgStable || 0) + 1;
    if (typeof PK.reselect === "function") PK.reselect();
    ready();
  }

  function showPanel(title, kind, props, evidence, links) {
    text($("panel-title"), title);
    text($("panel-kind"), kind);
    const dl = $("panel-props");
    dl.replaceChildren();
    Object.entries(props || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return;
      dl.append(el("dt", k), el("dd", Array.isArray(v) ? v.join("、") : v));
    });
    const box = $("panel-links");
    box.replaceChildren();
    (links || []).forEach(([label, href, onClick]) => {
      const a = el("a", label, "button-link");
      a.href = href;
      if (onClick) a.addEventListener("click", (ev) => { ev.preventDefault(); onClick(); });
      box.append(a);
    });
    text($("panel-evidence"), evidence || "—");
  }

  // a link inside the explorer: a real href (open in a new tab works) that switches view in place
  function viewLink(label, params, go) {
    const a = el("a", label);
    a.href = "/explorer?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
    a.addEventListener("click", (ev) => { if (!ev.ctrlKey && !ev.metaKey) { ev.preventDefault(); go(); } });
    return a;
  }

  function fixedLayout(data) {  // chain view: positions come from the server's layered layout
    network.setOptions({ physics: { enabled: false }, interaction: { dragNodes: false }, edges: { smooth: false } });
    nodes.clear(); edges.clear();
    nodes.add(data.nodes.map((n) => ({ ...n, title: undefined })));
    edges.add(data.edges.map((e) => ({ ...e, title: undefined, label: undefined })));
    readable();
    network.once("afterDrawing", stable);
    network.redraw();
  }

  // the whole drawing when it fits at a readable scale, else its top at that scale (pan and zoom for the rest)
  function readable() {
    network.fit({ animation: false });
    const min = 0.8;
    if (network.getScale() >= min) return;
    const ids = nodes.getIds();
    if (!ids.length) return;
    const boxes = ids.map((id) => network.getBoundingBox(id));
    const left = Math.min(...boxes.map((b) => b.left)), right = Math.max(...boxes.map((b) => b.right));
    const top = Math.min(...boxes.map((b) => b.top));
    const r = $("network").getBoundingClientRect();
    const scale = Math.max(min, Math.min(1, (r.width - 20) / (right - left)));
    network.moveTo({ position: { x: (left + right) / 2, y: top - 10 + r.height / 2 / scale }, scale, animation: false });
  }

  function forceLayout(data, options) {  // neighbourhoods, the whole graph and the co-governance network
    nodes.clear(); edges.clear();
    network.setOptions({ interaction: { dragNodes: true }, ...(options || {}) });
    nodes.add(data.nodes.map((n) => ({ ...n, title: undefined })));
    edges.add(data.edges.map((e) => ({ ...e, title: undefined })));
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(stabilizeIterations(nodes.length));
  }

  // fewer iterations for bigger views: the layout settles enough, then freezes and stays responsive
  function stabilizeIterations(n) { return n > 1000 ? 60 : n > 300 ? 100 : 150; }

  function createNetwork() {
    network = new vis.Network($("network"), { nodes, edges }, {
      layout: { improvedLayout: false },
      nodes: { font: { size: 14, face: "WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif" } },
      edges: { smooth: false, font: { size: 11, strokeWidth: 3 } },
      interaction: { hover: true, tooltipDelay: 200 },
      physics: { solver: "forceAtlas2Based", stabilization: { iterations: 200, updateInterval: 50 },
                 forceAtlas2Based: { gravitationalConstant: -60, springLength: 120 } },
    });
    network.on("stabilizationIterationsDone", () => {  // physics settles, then freezes
      network.setOptions({ physics: { enabled: false } });
      stable();
    });
    return network;
  }

  return {
    $, api, text, el, status, state, nodes, edges, readUrl, writeUrl, setView, showPanel, viewLink,
    fixedLayout, forceLayout, stabilizeIterations, ready, stable, createNetwork, network: () => network,
    roleParam: () => state.roles.join(","),
  };
})();

/* policykg explorer: search, expand, filter, side panel, responsibility chain; state in the URL.
 * Every text from documents goes into the page through textContent or vis-network's canvas labels:
 * never innerHTML. The page loads nothing but its own assets (Content-Security-Policy: 'self'). */
"use strict";

const api = (path, params) => {
  const url = new URL(path, window.location.href);
  Object.entries(params || {}).forEach(([k, v]) => {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  });
  return fetch(url.toString(), { headers: { Accept: "application/json" } }).then(async (r) => {
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.detail || r.statusText);
    return body;
  });
};

const $ = (id) => document.getElementById(id);
const nodes = new vis.DataSet();
const edges = new vis.DataSet();
const state = { focus: null, node: null, roles: ["lead", "support", "responsible", "guide"], policy: "" };
let network = null;

function text(el, value) { el.textContent = value == null ? "" : String(value); return el; }
function el(tag, value, cls) { const e = document.createElement(tag); if (cls) e.className = cls; return text(e, value); }
function status(msg) { text($("status"), msg); }

function readUrl() {
  const p = new URLSearchParams(window.location.search);
  state.focus = p.get("focus");
  state.node = p.get("node");
  state.policy = p.get("policy") || "";
  if (p.get("roles")) state.roles = p.get("roles").split(",").filter(Boolean);
  document.querySelectorAll("#roles input").forEach((i) => { i.checked = state.roles.includes(i.value); });
}

function writeUrl() {
  const p = new URLSearchParams();
  if (state.focus) p.set("focus", state.focus);
  if (state.node) p.set("node", state.node);
  if (state.policy) p.set("policy", state.policy);
  if (state.roles.length !== 4) p.set("roles", state.roles.join(","));
  const qs = p.toString();
  window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
}

function addGraph(data, replace) {
  if (replace) { nodes.clear(); edges.clear(); }
  nodes.update(data.nodes.map((n) => ({ ...n, title: undefined })));
  edges.update(data.edges.map((e) => ({ ...e, title: undefined, font: { align: "middle", size: 11 } })));
  status(`${nodes.length} 个节点，${edges.length} 条关系`);
  if (network) {
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(stabilizeIterations(nodes.length));
  }
}

// fewer iterations for bigger views: the layout settles enough, then freezes and stays responsive
function stabilizeIterations(n) { return n > 1000 ? 60 : n > 300 ? 100 : 150; }

function showPanel(title, kind, props, evidence) {
  text($("panel-title"), title);
  text($("panel-kind"), kind);
  const dl = $("panel-props");
  dl.replaceChildren();
  Object.entries(props || {}).forEach(([k, v]) => {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return;
    dl.append(el("dt", k), el("dd", Array.isArray(v) ? v.join("、") : v));
  });
  text($("panel-evidence"), evidence || "—");
}

function roleParam() { return state.roles.join(","); }

async function expand(id, replace) {
  const [label, ...rest] = id.split(":");
  const key = rest.join(":");
  status("载入…");
  const data = await api("/api/graph/neighbourhood", { label, key, roles: roleParam(), policy: state.policy });
  addGraph(data, replace);
  state.node = id;
  writeUrl();
  const info = await api("/api/graph/node", { label, key });
  showPanel(info.name, `${info.kind_zh}（${info.kind}）`, info.properties, info.evidence);
}

async function showChain(focus) {
  status("载入职责链…");
  const data = await api("/api/graph/chain", { focus, roles: roleParam(), policy: state.policy });
  state.focus = focus;
  state.node = null;
  writeUrl();
  addGraph(data, true);
  const centre = data.focus_id;
  if (centre && network) network.selectNodes([centre]);
  const n = nodes.get(centre);
  if (n) showPanel(n.full_name, `${n.kind_zh}（职责链）`, { 节点: data.nodes.length, 关系: data.edges.length }, "");
}

async function search(q) {
  const list = $("results");
  list.replaceChildren();
  if (!q.trim()) return;
  const rows = await api("/api/graph/search", { q });
  if (!rows.length) list.append(el("li", "没有找到"));
  rows.forEach((r) => {
    const li = el("li", r.name);
    li.dataset.id = r.id;
    li.append(el("span", r.kind_zh, "kind"));
    li.addEventListener("click", () => { state.focus = null; expand(r.id, true).catch((e) => status(e.message)); });
    list.append(li);
  });
}

async function loadPolicies() {
  const select = $("policy");
  const rows = await api("/api/policies");
  rows.forEach((p) => {
    const o = el("option", p.title);
    o.value = p.id;
    select.append(o);
  });
  select.value = state.policy;
}

async function loadLegend() {
  const legend = await api("/api/graph/legend");
  const ul = $("legend");
  legend.nodes.forEach((n) => {
    const li = document.createElement("li");
    const sw = el("span", "", "swatch");
    sw.style.background = n.color;
    li.append(sw, el("span", n.zh));
    ul.append(li);
  });
  legend.edges.filter((e) => ["LEADS", "SUPPORTS", "RESPONSIBLE_FOR", "GUIDES"].includes(e.type)).forEach((e) => {
    const li = document.createElement("li");
    const line = el("span", "", "line");
    line.style.borderTopColor = e.color;
    line.style.borderTopStyle = e.dashes ? "dashed" : "solid";
    line.style.borderTopWidth = Math.max(1, Math.round(e.width)) + "px";
    li.append(line, el("span", e.label));
    ul.append(li);
  });
}

function init() {
  readUrl();
  network = new vis.Network($("network"), { nodes, edges }, {
    layout: { improvedLayout: false },
    nodes: { font: { size: 14, face: "WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif" } },
    edges: { smooth: false, font: { size: 11, strokeWidth: 3 } },
    interaction: { hover: true, tooltipDelay: 200 },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 200, updateInterval: 50 },
               forceAtlas2Based: { gravitationalConstant: -60, springLength: 120 } },
  });
  // physics settles, then freezes: large views stay responsive
  network.on("stabilizationIterationsDone", () => {
    network.setOptions({ physics: { enabled: false } });
    document.body.dataset.stable = "1";
    window.__policykgStable = (window.__policykgStable || 0) + 1;
  });
  network.on("click", (params) => {
    if (params.nodes.length) {
      expand(params.nodes[0], false).catch((e) => status(e.message));
    } else if (params.edges.length) {
      const e = edges.get(params.edges[0]);
      if (e) showPanel(e.label, e.type, { 原文写法: e.surface }, e.sentence);
    }
  });
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("search").value).catch((e) => status(e.message)); });
  $("roles").addEventListener("change", () => {
    state.roles = [...document.querySelectorAll("#roles input:checked")].map((i) => i.value);
    refresh();
  });
  $("policy").addEventListener("change", () => { state.policy = $("policy").value; refresh(); });
  $("chain").addEventListener("click", () => {
    const sel = network.getSelectedNodes()[0] || state.node;
    const target = sel ? (nodes.get(sel) || {}).full_name : ($("search").value || state.focus);
    if (target) showChain(target).catch((e) => status(e.message));
  });
  $("whole").addEventListener("click", () => {
    api("/api/graph/all", { limit: 3000 }).then((d) => { state.focus = null; state.node = null; writeUrl(); addGraph(d, true); })
      .catch((e) => status(e.message));
  });
  loadLegend().catch((e) => status(e.message));
  loadPolicies().catch((e) => status(e.message));
  refresh();
}

function refresh() {
  writeUrl();
  if (state.focus) showChain(state.focus).catch((e) => status(e.message));
  else if (state.node) expand(state.node, true).catch((e) => status(e.message));
  else status("搜索一个部门、领域或任务，或打开 ?focus=现代物流");
}

window.policykg = { nodes, edges, expand, search, showChain, network: () => network };
init();

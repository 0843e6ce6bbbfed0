/* policykg explorer, the canvas views and the wiring: chain view, neighbourhoods, search, routing. */
"use strict";

(() => {
  const { $, api, el, state, nodes, edges, readUrl, writeUrl, setView, showPanel, status } = PK;
  const dossierHref = (name, region) =>
    `/explorer?view=dossier&focus=${encodeURIComponent(name)}${region ? "&region=" + encodeURIComponent(region) : ""}`;

  async function showChain(focus) {
    setView("chain");
    state.focus = focus || null; state.node = null;
    writeUrl();
    status("载入职责链…");
    const data = await api("/api/graph/chain", {
      focus, policy: state.policy, region: state.region, roles: state.roles.length === 4 ? null : PK.roleParam(),
      expand: state.expand.join(","),
    });
    PK.fixedLayout(data);
    const s = data.summary;
    const f = s.focus;
    const links = [
      [s.groups ? "全部展开" : "收起", "#", () => {
        state.expand = s.groups ? ["*"] : [];
        showChain(state.focus).catch((e) => status(e.message));
      }],
    ];
    if (f.kind === "Department") links.unshift(["部门档案", dossierHref(f.name, f.region), () => PK.showDossier(f.name, f.region || "", f.key)]);
    showPanel(f.name, { Department: "部门单位", Sector: "领域", Policy: "政策文件", Task: "任务检索" }[f.kind] + "（职责链）",
      { 任务: s.tasks, 显示: s.shown, 折叠组: s.groups, 文件: s.policies, 单位: s.units }, "", links);
    status(`${s.shown}/${s.tasks} 项任务 · ${s.policies} 份文件 · ${s.units} 个单位` +
      (s.groups ? ` · ${s.groups} 组已折叠，点击“+N 项任务”展开` : ""));
  }

  async function expand(id, replace) {
    setView("node");
    const [label, ...rest] = id.split(":");
    const key = rest.join(":");
    status("载入…");
    const data = await api("/api/graph/neighbourhood", { label, key, roles: PK.roleParam(), policy: state.policy });
    if (replace) PK.forceLayout(data);
    else {
      nodes.update(data.nodes.map((n) => ({ ...n, title: undefined })));
      edges.update(data.edges.map((e) => ({ ...e, title: undefined, font: { align: "middle", size: 11 } })));
      PK.network().setOptions({ physics: { enabled: true } });
      PK.network().stabilize(PK.stabilizeIterations(nodes.length));
    }
    state.node = id; state.focus = null;
    writeUrl();
    await nodePanel(label, key);
    status(`${nodes.length} 个节点，${edges.length} 条关系`);
  }

  async function nodePanel(label, key) {
    const info = await api("/api/graph/node", { label, key });
    const links = [];
    if (label === "Department") {
      const region = info.properties.region;
      links.push(["部门档案", dossierHref(info.name, region), () => PK.showDossier(info.name, region || "", key)]);
    }
    if (label === "Department" || label === "Sector") {
      links.push(["职责链", "#", () => { state.region = info.properties.region || ""; showChain(info.name).catch((e) => status(e.message)); }]);
    }
    if (info.source) {
      links.push([`原文：${info.source.title || "政策文件"}`, info.source.chain, () => { state.policy = info.source.id; showChain(null).catch((e) => status(e.message)); }]);
      links.push(["任务分工表", info.source.tasklist, null]);
    }
    showPanel(info.name, info.kind_zh, Object.fromEntries(info.fields || []), info.evidence, links);
  }

  function showWhole() {
    setView("node");
    state.focus = null; state.node = null;
    writeUrl();
    return api("/api/graph/all", { limit: 3000 }).then((d) => PK.forceLayout(d));
  }

  function onClick(params) {
    const n = params.nodes.length ? nodes.get(params.nodes[0]) : null;
    if (state.view === "network") { if (n) PK.onNetworkNode(n); return; }
    if (n && state.view === "chain") {
      if (n.kind === "Group") {
        state.expand = [...state.expand, n.section];
        showChain(state.focus).catch((e) => status(e.message));
      } else {
        const [label, ...rest] = (n.unit_id || n.id).split(":");
        state.sel = n.id;
        writeUrl();
        nodePanel(label, rest.join(":")).catch((e) => status(e.message));
      }
      return;
    }
    state.sel = n ? n.id : "";
    writeUrl();
    if (n) expand(n.id, false).catch((e) => status(e.message));
    else if (params.edges.length) {
      const e = edges.get(params.edges[0]);
      if (e) showPanel(e.label || e.label_zh, e.type, { 原文写法: e.surface }, e.sentence);
    }
  }

  async function search(q) {
    const list = $("results");
    list.replaceChildren();
    state.q = q.trim();
    writeUrl();
    if (!q.trim()) return;
    const rows = await api("/api/graph/search", { q });
    if (!rows.length) list.append(el("li", "没有找到"));
    rows.forEach((r) => {
      const li = el("li", r.name);
      li.dataset.id = r.id;
      li.append(el("span", r.kind_zh, "kind"));
      // units of the same name in several places: each says where, and how many tasks it has
      const where = [r.region, r.tasks != null ? `${r.tasks} 项任务` : ""].filter(Boolean).join(" · ");
      if (where) li.append(el("span", where, "where"));
      li.addEventListener("click", () => {
        const go = r.label === "Department" ? PK.showDossier(r.name, r.region || "", r.key)
          : r.label === "Sector" ? showChain(r.name)
          : r.label === "Policy" ? (state.policy = r.key, showChain(null))
          : expand(r.id, true);
        go.catch((e) => status(e.message));
      });
      list.append(li);
    });
  }

  async function loadPolicies() {
    const select = $("policy");
    const rows = await api("/api/policies");
    rows.forEach((p) => { const o = el("option", p.title); o.value = p.id; select.append(o); });
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

  // the explorer's views, one row each, read by the nav (its buttons, built from `label`) and by the router
  // (?view=): `needs` is what the view must have chosen before it opens (else `hint` says what to choose),
  // `show` draws it from the state; a view without a label (node: a neighbourhood or the whole graph) has
  // no button and is opened from the drawing, a link or the URL
  const VIEWS = {
    overview: { label: "概览", show: () => PK.showOverview() },
    chain: {
      label: "职责链", needs: () => state.focus || state.policy, hint: "先选一个单位、领域或文件",
      show: () => showChain(state.focus),
    },
    dossier: {
      label: "部门档案", needs: () => state.focus, hint: "先搜索并选择一个单位",
      show: () => PK.showDossier(state.focus, state.region, state.key),
    },
    network: { label: "协同网络", show: () => PK.showNetwork() },
    node: { show: () => (state.node ? expand(state.node, true) : showWhole()) },
  };
  const LANDING = "overview";  // where the router ends: a node or a focus in the URL opens before it

  const canOpen = (view) => !view.needs || Boolean(view.needs());

  // what the URL asks for; ?focus=<name> alone is the unit's dossier, or the chain of a sector or task words
  function route() {
    // a name several units hold: the dossier's chooser; a name nothing holds: a page that says so
    const fail = (e) => (e.status === 409 && state.focus ? PK.showDossier(state.focus, "", null)
      : e.status === 404 && state.focus ? PK.showNotFound(state.focus, e.suggestions) : status(e.message));
    const view = state.view !== LANDING && Object.hasOwn(VIEWS, state.view || "") ? VIEWS[state.view] : null;
    if (view && canOpen(view)) return view.show().catch(fail);
    if (state.node) return expand(state.node, true).catch(fail);
    if (state.focus) {
      return PK.showDossier(state.focus, state.region)
        .catch((e) => (e.status === 404 ? showChain(state.focus) : Promise.reject(e))).catch(fail);
    }
    return VIEWS[LANDING].show().catch(fail);
  }

  // the nav: a button per view with a label, in the table's order
  function buildNav() {
    const buttons = Object.entries(VIEWS).filter(([, view]) => view.label).map(([name, view]) => {
      const b = el("button", view.label);
      b.type = "button";
      b.dataset.view = name;
      b.addEventListener("click", () => {
        state.expand = [];
        if (canOpen(view)) view.show().catch((e) => status(e.message));
        else status(view.hint);
      });
      return b;
    });
    $("views").replaceChildren(...buttons);
  }

  // find in the drawing: the nodes whose label holds the words are selected and brought into view
  function find(q) {
    const words = q.trim();
    const net = PK.network();
    if (!words) { net.unselectAll(); return; }
    const hits = nodes.get().filter((n) => String(n.label || "").replace(/\s/g, "").includes(words)).map((n) => n.id);
    net.selectNodes(hits);
    if (hits.length) net.fit({ nodes: hits, animation: false, maxZoomLevel: 1.2 });
    status(hits.length ? `找到 ${hits.length} 个节点（已选中）` : `图中没有“${words}”`);
  }

  // the canvas as it is on screen, on white, as a PNG download
  function exportPng() {
    const canvas = $("network").querySelector("canvas");
    if (!canvas) return;
    const out = document.createElement("canvas");
    out.width = canvas.width; out.height = canvas.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    const a = document.createElement("a");
    a.href = out.toDataURL("image/png");
    a.download = `policykg-${state.view || "graph"}${state.focus ? "-" + state.focus : ""}.png`;
    document.body.append(a);
    a.click();
    a.remove();
  }

  // after a canvas view is drawn: the selection the URL names, selected again
  function reselect() {
    if (state.sel && nodes.get(state.sel)) PK.network().selectNodes([state.sel]);
  }

  function init() {
    readUrl();
    buildNav();
    $("find").addEventListener("input", () => find($("find").value));
    $("png").addEventListener("click", exportPng);
    if (state.q) { $("search").value = state.q; search(state.q).catch((e) => status(e.message)); }
    const network = PK.createNetwork();
    network.on("click", onClick);
    $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("search").value).catch((e) => status(e.message)); });
    $("roles").addEventListener("change", () => {
      state.roles = [...document.querySelectorAll("#roles input:checked")].map((i) => i.value);
      route();
    });
    $("policy").addEventListener("change", () => { state.policy = $("policy").value; state.expand = []; route(); });
    $("chain").addEventListener("click", () => {
      const sel = network.getSelectedNodes()[0];
      const n = sel ? nodes.get(sel) : null;
      const target = n ? n.full_name : ($("search").value || state.focus);
      if (target || state.policy) { state.expand = []; showChain(target).catch((e) => status(e.message)); }
    });
    $("whole").addEventListener("click", () => showWhole().catch((e) => status(e.message)));
    $("home").addEventListener("click", (ev) => { ev.preventDefault(); state.policy = ""; $("policy").value = ""; PK.showOverview().catch((e) => status(e.message)); });
    PK.bindNetwork();
    loadLegend().catch((e) => status(e.message));
    loadPolicies().catch((e) => status(e.message));
    route();
  }

  Object.assign(PK, { showChain, expand, search, showWhole, reselect, find });
  window.policykg = { nodes, edges, expand, search, showChain, network: PK.network, state, PK };
  init();
})();

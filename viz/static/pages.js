/* policykg explorer, the HTML views: the landing overview and the department dossier. */
"use strict";

(() => {
  const { $, api, el, state, setView, writeUrl, showPanel, viewLink, status, ready } = PK;
  const ROLE_ZH = { lead: "牵头", responsible: "负责", support: "配合", guide: "指导" };
  const ROLE_ORDER = ["lead", "responsible", "support", "guide"];

  function table(headers, rows) {
    const t = document.createElement("table");
    const head = document.createElement("tr");
    headers.forEach((h) => head.append(el("th", h)));
    t.append(document.createElement("thead"), document.createElement("tbody"));
    t.tHead.append(head);
    rows.forEach((cells) => {
      const tr = document.createElement("tr");
      cells.forEach((c) => { const td = document.createElement("td"); td.append(c instanceof Node ? c : el("span", c)); tr.append(td); });
      t.tBodies[0].append(tr);
    });
    return t;
  }

  function links(...items) {
    const span = el("span", "", "links");
    items.forEach((a) => span.append(a));
    return span;
  }

  function download(label, href) { const a = el("a", label, "button-link"); a.href = href; a.setAttribute("download", ""); return a; }

  async function showOverview(offset = 0) {
    setView("overview");
    state.focus = null; state.node = null;
    writeUrl();
    status("载入概览…");
    const d = await api(`/api/overview?offset=${offset}`);
    const root = $("overview");
    root.replaceChildren();
    const t = d.totals;
    root.append(el("h2", "已载入的政策文件"),
      el("p", `${t.policies} 份文件 · ${t.tasks} 项任务 · ${t.units} 个责任单位 · ${t.targets} 项目标指标 · ${t.sectors} 个领域`, "totals"));
    if (!d.policies.length) {
      root.append(el("p", "图谱是空的：先用 policykg ingest <文件或目录> 载入文件。", "empty"));
    }
    const entries = el("p", "", "entries");
    entries.append(
      viewLink("协同网络：单位之间的共同任务", { view: "network" }, () => PK.showNetwork()),
      viewLink("全图", { view: "node" }, () => PK.showWhole()),
    );
    root.append(entries);
    root.append(table(["文件", "发文单位", "地区", "日期", "任务", "无牵头单位", "目标", "单位", "查看"],
      d.policies.map((p) => [
        viewLink(p.title, { view: "chain", policy: p.id }, () => { state.policy = p.id; PK.showChain(null); }),
        p.issuer || "—", p.region || "—", p.issued || p.date || "—", String(p.tasks), String(p.unassigned),
        String(p.targets), String(p.units),
        links(viewLink("职责链", { view: "chain", policy: p.id }, () => { state.policy = p.id; PK.showChain(null); }),
              viewLink("网络", { view: "network", policy: p.id }, () => { state.policy = p.id; PK.showNetwork(); }),
              download("任务分工表", `/api/policies/${encodeURIComponent(p.id)}/tasklist?format=xlsx`)),
      ])));
    const pg = d.page;
    if (pg.total > pg.limit) {  // a national corpus: the policies a page at a time, newest first
      const nav = el("p", `第 ${pg.offset + 1}–${Math.min(pg.total, pg.offset + pg.limit)} 份，共 ${pg.total} 份 `, "pager");
      const step = (label, to) => { const b = el("button", label); b.type = "button"; b.onclick = () => showOverview(to); nav.append(b); };
      if (pg.offset > 0) step("上一页", Math.max(0, pg.offset - pg.limit));
      if (pg.offset + pg.limit < pg.total) step("下一页", pg.offset + pg.limit);
      root.append(nav);
    }
    root.append(el("h2", "参与最多的单位"));
    const cols = el("div", "", "columns");
    [["lead", "牵头任务最多"], ["responsible", "负责任务最多"], ["support", "配合任务最多"]].forEach(([role, title]) => {
      const box = el("div", "", "column");
      const ol = document.createElement("ol");
      (d.top_units[role] || []).forEach((u) => {
        const li = document.createElement("li");
        li.append(viewLink(u.name, { view: "dossier", focus: u.name, region: u.region, key: u.key },
                           () => showDossier(u.name, u.region || "", u.key)),
                  el("span", ` ${u.region || ""} · ${u.tasks} 项`, "muted"));
        ol.append(li);
      });
      if (!ol.children.length) ol.append(el("li", "—"));
      box.append(el("h3", title), ol);
      cols.append(box);
    });
    root.append(cols);
    showPanel("概览", "已载入的文件与单位", { 文件: t.policies, 任务: t.tasks, 单位: t.units, 目标: t.targets }, "", []);
    status(`${t.policies} 份文件，${t.tasks} 项任务`);
    ready();
  }

  function dossierGraph(container, unit, partners) {  // the unit and its closest partners on an ellipse
    const top = partners.slice(0, 10);
    const nodes = [{ id: unit.key, label: unit.name, x: 0, y: 0, shape: "box", color: "#59a14f", font: { color: "#fff", size: 15 } }];
    const edges = [];
    const max = Math.max(1, ...top.map((p) => p.shared));
    top.forEach((p, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, top.length);
      nodes.push({ id: p.unit.key, label: p.unit.name, x: Math.round(330 * Math.cos(a)), y: Math.round(150 * Math.sin(a)),
                   shape: "box", color: "#d9ead3", full_name: p.unit.name, region: p.unit.region });
      edges.push({ from: unit.key, to: p.unit.key, label: `${p.shared} 项`, width: 1 + (5 * p.shared) / max,
                   color: p.co_lead ? "#c0392b" : "#2471a3", font: { size: 11, strokeWidth: 3 } });
    });
    const net = new vis.Network(container, { nodes, edges }, {
      physics: { enabled: false }, interaction: { dragNodes: false, zoomView: false },
      edges: { smooth: false }, nodes: { font: { face: "WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif" } },
    });
    net.on("click", (params) => {
      const p = top.find((x) => x.unit.key === params.nodes[0]);
      if (p) showDossier(p.unit.name, p.unit.region || "", p.unit.key);
    });
    net.fit();
    return net;
  }

  // a name several units hold: say so and let the reader choose, never pick one silently
  function chooser(root, unit, candidates) {
    root.replaceChildren(el("h2", `“${unit}”对应 ${candidates.length} 个单位`),
      el("p", "这些单位同名，分属不同地区。请选择要查看的单位：", "muted"));
    root.append(table(["单位", "地区", "层级", "任务数"], candidates.map((c) => [
      viewLink(c.name, { view: "dossier", focus: c.name, region: c.region, key: c.key }, () => showDossier(c.name, c.region || "", c.key)),
      c.region || "地区未知", c.level || "", String(c.tasks ?? ""),
    ])));
    status(`“${unit}”对应 ${candidates.length} 个单位，请选择`);
    ready();
  }

  function showNotFound(unit, suggestions) {
    setView("dossier");
    const root = $("dossier");
    root.replaceChildren(el("h2", `没有找到“${unit}”`));
    if ((suggestions || []).length) {
      const p = el("p", "相近的名称：", "muted");
      suggestions.forEach((s) => p.append(viewLink(String(s), { view: "dossier", focus: String(s) }, () => showDossier(String(s), "", null)), " "));
      root.append(p);
    }
    status(`没有找到“${unit}”`);
    ready();
  }

  async function showDossier(unit, region, key) {
    setView("dossier");
    state.focus = unit; state.region = region || ""; state.key = key || null; state.node = null;
    writeUrl();
    status("载入部门档案…");
    const root = $("dossier");
    let d;
    try {
      d = await api("/api/dossier", { unit, region, key });
    } catch (e) {
      if (e.status === 409 && e.candidates.length) return chooser(root, unit, e.candidates);
      throw e;
    }
    const u = d.unit;
    root.replaceChildren();
    root.append(el("h2", u.name), el("p", [u.full_name, u.region, u.level && `${u.level}级`].filter(Boolean).join(" · "), "muted"));
    const c = d.counts;
    root.append(el("p", ROLE_ORDER.map((r) => `${ROLE_ZH[r]} ${c[r] || 0} 项`).join(" · "), "totals"));
    if ((u.aliases || []).length) root.append(el("p", "别名：" + u.aliases.join("、"), "muted"));
    if ((u.predecessors || []).length) root.append(el("p", "曾用名：" + u.predecessors.join("、"), "muted"));
    if (d.matches.length > 1) {
      const p = el("p", "同名单位：", "muted");
      d.matches.forEach((m) => p.append(viewLink(`${m.name}（${m.region || "?"}，${m.tasks} 项）`,
        { view: "dossier", focus: m.name, region: m.region, key: m.key }, () => showDossier(m.name, m.region || "", m.key))));
      root.append(p);
    }
    const acts = el("p", "", "entries");
    acts.append(
      viewLink("职责链", { view: "chain", focus: u.name, region: u.region }, () => { state.region = u.region || ""; PK.showChain(u.name); }),
      viewLink("所在地区的协同网络", { view: "network", region: u.region }, () => { state.region = u.region || ""; PK.showNetwork(); }),
      ...["xlsx", "docx", "csv", "md"].map((f) => download(`任务分工表 ${f}`, d.downloads[f])),
    );
    root.append(acts);
    const graph = el("div", "", "dossier-graph");
    graph.id = "dossier-graph";
    root.append(el("h3", d.partners.length >= 30 ? "合作最多的单位（前 30 个；图中前 10 个）" : "合作最多的单位"), graph);
    root.append(table(["单位", "地区", "共同任务", "共同牵头", "配合本单位牵头", "本单位配合其牵头", "共同负责"],
      d.partners.map((p) => [
        viewLink(p.unit.name, { view: "dossier", focus: p.unit.name, region: p.unit.region, key: p.unit.key },
                 () => showDossier(p.unit.name, p.unit.region || "", p.unit.key)),
        p.unit.region || "—", String(p.shared), String(p.co_lead), String(p.supports_it), String(p.led_by), String(p.co_responsible),
      ])));
    root.append(el("h3", "任务（按文件和角色）"));
    d.policies.forEach((p, i) => {
      const det = document.createElement("details");
      det.open = i < 3;
      const n = Object.values(p.roles).reduce((a, rows) => a + rows.length, 0);
      det.append(el("summary", `${p.title} · ${p.date || ""} · ${n} 项`));
      ROLE_ORDER.filter((r) => p.roles[r]).forEach((r) => {
        det.append(el("h4", `${ROLE_ZH[r]}（${p.roles[r].length}）`));
        det.append(table(["编号", "任务", "完成时限", "目标", "牵头单位", "配合单位"], p.roles[r].map((t) => [
          t.path || "", t.title || "", t.deadline || "—", t.targets.join("；") || "—",
          (t.lead.length ? t.lead : t.responsible).join("、") || "—", t.support.join("、") || "—",
        ])));
      });
      root.append(det);
    });
    if (!d.policies.length) root.append(el("p", "这个单位在所选角色中没有任务。", "empty"));
    dossierGraph(graph, u, d.partners);
    showPanel(u.name, "部门单位（档案）", { 地区: u.region, 层级: u.level, 全称: u.full_name, 合作单位: d.partners.length }, "", []);
    status(`${u.name}：${d.policies.length} 份文件`);
    ready();
  }

  Object.assign(PK, { showOverview, showDossier, showNotFound });
})();

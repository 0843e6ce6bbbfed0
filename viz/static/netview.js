/* policykg explorer, the co-governance network: units as nodes, linked by the tasks they share
 * (GET /api/network: degree, weighted degree, betweenness and Louvain communities from networkx). */
"use strict";

(() => {
  const { $, api, state, setView, writeUrl, showPanel, status, forceLayout } = PK;
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                   "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"];
  const LEVEL_COLOUR = { 国家: "#c0392b", 省: "#2471a3", 市: "#27ae60", 县: "#d68910", 未知: "#999999" };
  const SIZE_ZH = { degree: "度", weighted_degree: "加权度", betweenness: "中介中心性" };

  function colour(n) {
    if (state.color === "level") return LEVEL_COLOUR[n.level] || "#999999";
    return n.community == null ? "#999999" : PALETTE[n.community % PALETTE.length];
  }

  async function showNetwork() {
    setView("network");
    state.focus = null; state.node = null;
    $("net-region").value = state.region;
    $("net-size").value = state.size;
    $("net-color").value = state.color;
    $("net-collective").checked = state.collective;
    writeUrl();
    status("载入协同网络…");
    const roles = state.roles.length === 4 ? null : PK.roleParam();
    const d = await api("/api/network", { roles, policy: state.policy, region: state.region, collective: state.collective ? "true" : null });
    const names = {};
    d.nodes.forEach((n) => { names[n.name] = (names[n.name] || 0) + 1; });
    const nodes = d.nodes.map((n) => ({
      id: "Unit:" + n.key, key: n.key, kind: "Unit", kind_zh: "部门单位", full_name: n.name,
      label: names[n.name] > 1 && n.region ? `${n.name}\n${n.region}` : n.name,
      value: n[state.size] || 0, shape: "dot", color: colour(n),
      scaling: { min: 6, max: 42, label: { enabled: true, min: 12, max: 26, drawThreshold: 4, maxVisible: 40 } },
      region: n.region, level: n.level, degree: n.degree, weighted_degree: n.weighted_degree,
      betweenness: n.betweenness, community: n.community,
    }));
    const edges = d.edges.map((e) => ({
      id: `${e.source}|${e.target}`, from: "Unit:" + e.source, to: "Unit:" + e.target, value: e.weight,
      weight: e.weight, co_led: e.co_led, scaling: { min: 1, max: 8 },
      color: { color: e.co_led ? "#c0392b" : "#8a9aa8", opacity: 0.55 },
    }));
    forceLayout({ nodes, edges }, {
      physics: { solver: "barnesHut", barnesHut: { gravitationalConstant: -6000, springLength: 120, springConstant: 0.03, avoidOverlap: 0.2 },
                 stabilization: { iterations: 150, updateInterval: 50 } },
    });
    const s = d.summary;
    const named = (n) => (names[n.name] > 1 && n.region ? `${n.name}（${n.region}）` : n.name);
    const brokers = [...d.nodes].sort((a, b) => b.betweenness - a.betweenness).slice(0, 5).map(named);
    legend(d.nodes, named);
    showPanel("协同网络", `节点大小：${SIZE_ZH[state.size]}；颜色：${state.color === "level" ? "层级" : "社区"}`,
      { 单位: s.units, 联系: s.links, 社区: s.communities, 中介中心性最高: brokers, 截断: s.truncated ? `是（共 ${s.units_total} 个单位，只画参与最多的 ${s.unit_limit} 个；按地区或文件筛选可看全部）` : "" }, "",
      ["gexf", "graphml"].map((f) => [`导出 ${f.toUpperCase()}（Gephi）`, fileHref(f, roles)]));
    status(`${s.units} 个单位，${s.links} 条联系，${s.communities} 个社区`);
    if (!nodes.length) { status("没有符合条件的单位联系"); PK.stable(); }
  }

  function legend(units, named) {  // what the colours mean: levels, or each community by its most-linked unit
    const ul = $("net-legend");
    ul.replaceChildren();
    const items = state.color === "level"
      ? Object.entries(LEVEL_COLOUR).map(([level, c]) => [c, `${level}级`])
      : [...new Set(units.map((n) => n.community))].filter((c) => c != null).sort((a, b) => a - b).slice(0, 12)
        .map((c) => [PALETTE[c % PALETTE.length], `社区 ${c + 1}：${named(units.find((n) => n.community === c))} 等`]);
    items.forEach(([c, label]) => {
      const li = document.createElement("li");
      const sw = PK.el("span", "", "swatch");
      sw.style.background = c;
      li.append(sw, PK.el("span", label));
      ul.append(li);
    });
    const li = document.createElement("li");
    const line = PK.el("span", "", "line");
    line.style.borderTopColor = "#c0392b";
    li.append(line, PK.el("span", "红线：共同牵头；线宽：共同任务数"));
    ul.append(li);
  }

  function fileHref(format, roles) {  // the same network, as a file
    const p = new URLSearchParams({ format });
    if (roles) p.set("roles", roles);
    if (state.policy) p.set("policy", state.policy);
    if (state.region) p.set("region", state.region);
    if (state.collective) p.set("collective", "true");
    return "/api/network?" + p.toString();
  }

  function onNode(n) {
    const links = [
      ["部门档案", `/explorer?view=dossier&focus=${encodeURIComponent(n.full_name)}&region=${encodeURIComponent(n.region || "")}`,
       () => PK.showDossier(n.full_name, n.region || "", n.key)],
      ["职责链", `/explorer?view=chain&focus=${encodeURIComponent(n.full_name)}&region=${encodeURIComponent(n.region || "")}`,
       () => { state.region = n.region || ""; PK.showChain(n.full_name); }],
    ];
    showPanel(n.full_name, "部门单位（协同网络）", { 地区: n.region, 层级: n.level, 度: n.degree, 加权度: n.weighted_degree,
      中介中心性: n.betweenness, 社区: n.community }, "", links);
  }

  function bind() {
    const refresh = () => showNetwork().catch((e) => status(e.message));
    $("net-region").addEventListener("change", () => { state.region = $("net-region").value.trim(); refresh(); });
    $("net-size").addEventListener("change", () => { state.size = $("net-size").value; refresh(); });
    $("net-color").addEventListener("change", () => { state.color = $("net-color").value; refresh(); });
    $("net-collective").addEventListener("change", () => { state.collective = $("net-collective").checked; refresh(); });
  }

  Object.assign(PK, { showNetwork, onNetworkNode: onNode, bindNetwork: bind });
})();

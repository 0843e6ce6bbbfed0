"""What a drawing in the explorer looks like, measured in the page (used by bench.explorer_render and the
browser tests)."""

# Every edge crossing and every overlapping pair of boxes, measured on what vis-network drew: its node
# positions, straight edges (smooth: false) and each node's bounding box (label included).
GEOMETRY = """() => {
  const P = window.policykg, net = P.network(), pos = net.getPositions();
  const segs = P.edges.get().map((e) => [pos[e.from], pos[e.to]]);
  const side = (a, b, c) => (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  const same = (a, b) => a.x === b.x && a.y === b.y;
  let crossings = 0;
  for (let i = 0; i < segs.length; i++) for (let j = i + 1; j < segs.length; j++) {
    const [p1, p2] = segs[i], [p3, p4] = segs[j];
    if (same(p1, p3) || same(p1, p4) || same(p2, p3) || same(p2, p4)) continue;
    if (side(p1, p2, p3) * side(p1, p2, p4) < 0 && side(p3, p4, p1) * side(p3, p4, p2) < 0) crossings++;
  }
  const boxes = P.nodes.getIds().map((id) => net.getBoundingBox(id));
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps++;
  }
  const kinds = {};
  P.nodes.get().forEach((n) => { kinds[n.kind] = (kinds[n.kind] || 0) + 1; });
  return { crossings, overlaps, edges: segs.length, kinds };
}"""

"""Ordering the chain view's shared units column: Sugiyama-style barycentre sweeps that cut edge crossings."""

from __future__ import annotations

import bisect
from collections import defaultdict


def leaves(top: list[str], children: dict[str, list[str]]) -> list[str]:
    """The task column top to bottom: the tree's leaves in drawing order."""
    out: list[str] = []
    for n in top:
        kids = children.get(n)
        out += leaves(kids, children) if kids else [n]
    return out


def _unit_order(ranks: dict[str, int], task_units: dict[str, list[str]]) -> list[str]:
    tasks_of: dict[str, list[int]] = defaultdict(list)
    for tid, uids in task_units.items():
        for uid in uids:
            tasks_of[uid].append(ranks[tid])
    order = sorted(tasks_of, key=lambda u: (sum(tasks_of[u]) / len(tasks_of[u]), u))

    def cost(u: str, v: str) -> int:  # crossings between u's and v's edges when u is drawn above v
        return sum(1 for a in tasks_of[u] for b in tasks_of[v] if a > b)

    for _ in range(8):  # adjacent exchange while it removes crossings
        changed = False
        for i in range(len(order) - 1):
            u, v = order[i], order[i + 1]
            if cost(v, u) < cost(u, v):
                order[i], order[i + 1] = v, u
                changed = True
        if not changed:
            break
    return order


def edge_crossings(ranks: dict[str, int], unit_rank: dict[str, int], task_units: dict[str, list[str]]) -> int:
    pairs = sorted((ranks[t], unit_rank[u]) for t, uids in task_units.items() for u in uids)
    seen: list[int] = []
    n, i = 0, 0
    while i < len(pairs):  # edges of one task share an end: compare with earlier tasks only
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            n += len(seen) - bisect.bisect_right(seen, pairs[j][1])
            j += 1
        for k in range(i, j):
            bisect.insort(seen, pairs[k][1])
        i = j
    return n


def _centre(
    node: str,
    children: dict[str, list[str]],
    task_units: dict[str, list[str]],
    ranks: dict[str, int],
    unit_rank: dict[str, int],
) -> float:
    """The mean rank of the units below `node`; a node without units keeps its place, scaled to units."""
    below = leaves([node], children)
    linked = [unit_rank[u] for t in below for u in task_units.get(t, [])]
    if linked:
        return sum(linked) / len(linked)
    return ranks[below[-1]] * len(unit_rank) / max(1, len(ranks))


def order(top: list[str], children: dict[str, list[str]], task_units: dict[str, list[str]]) -> list[str]:
    """Sugiyama-style sweeps: units by the barycentre of their tasks, then each section's tasks (and each
    policy's sections) by the barycentre of their units, keeping the best of a few rounds. Reorders
    `children` in place (a root's policies keep theirs; a section's "+N" group stays last); returns the
    units column top to bottom."""
    best: tuple[int, dict[str, list[str]], list[str]] | None = None
    for _ in range(6):
        ranks = {t: i for i, t in enumerate(leaves(top, children))}
        units = _unit_order(ranks, task_units)
        unit_rank = {u: i for i, u in enumerate(units)}
        n = edge_crossings(ranks, unit_rank, task_units)
        if best is None or n < best[0]:
            best = (n, {k: list(v) for k, v in children.items()}, units)
        if n == 0:
            break
        for kids in children.values():
            if not kids or kids[0].startswith("Policy:"):
                continue
            groups = [k for k in kids if k.startswith("Group:")]
            rest = [k for k in kids if not k.startswith("Group:")]
            kids[:] = sorted(rest, key=lambda k: _centre(k, children, task_units, ranks, unit_rank)) + groups
    assert best is not None
    children.clear()
    children.update(best[1])
    return best[2]

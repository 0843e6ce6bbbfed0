"""Bulk loading of a new or emptied database: rows → CSV → `neo4j-admin database import full`.

The graph is EXACTLY the one the transactional loader (`queries.LOAD_DOCUMENT`, one document per
transaction) builds when it loads the same documents one after another in the same order: `BulkGraph`
applies each document's rows to an in-memory graph with the statement's semantics, step by step —
the claim on the document id (a second copy is "unchanged"), earlier versions superseded (their
sections, tasks and targets deleted, the Policy node kept as a PolicyVersion), shared nodes MERGEd on
their keys with ON CREATE values from the first document that names them and the later additions the
statement makes (department aliases, full names, `known`, predecessors), sectors merged before their
broader sectors (the statement's plan has an Eager between the two), citations and IMPLEMENTS in both
directions, and the orphan sweep after a replacement. `write_csv` writes that graph as node and
relationship CSV files (one header file and one data file per label or type and property layout), and
`bulk_load` runs Neo4j's own importer into the stopped, empty database, starts the server again and
creates the schema (`schema.ensure_schema`).

What CSV cannot say is set right after the import, in Cypher: an empty list (the importer reads an empty
array field as no property at all), a list holding one empty string, a string with a NUL or a carriage
return, a float that is not finite. Nodes with such a value get it by their key (`SET n += …`);
relationships with one are created in Cypher instead of the CSV (their ends found by key).

Times: `ingested_at` is the moment each document's rows were applied (UTC), as `datetime()` is the
moment of its transaction in the transactional loader; `superseded_at` likewise.

Safety: the database must be empty (no node) or the load is refused with an `InputError` before anything
is touched. The empty database's files are moved aside before the import and put back, and the server
started again on them, if the import, the start or the schema fails: the database is then as it was.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from neo4j import Driver

from ontology.errors import InputError, PolicyKGError, SetupError
from ontology.vocab import KEYS, ROLE_REL, Label, Rel

from . import db, localserver, queries
from .ingest_batch import FileOutcome
from .load import LoadResult, Rows, Status, wait_for_search_indexes
from .localserver.layout import Layout, neo4j_env
from .localserver.password import ADMIN_CLASS
from .localserver.process import JVM_FLAGS
from .schema import ensure_schema
from .settings import Settings

# labels the orphan sweep (queries.DELETE_ORPHANS) looks at
_SWEPT = (Label.DEPARTMENT, Label.ENTERPRISE, Label.ZONE, Label.PLATFORM, Label.TECHNOLOGY, Label.CITATION)
# entity labels in the order LOAD_DOCUMENT merges them (one FOREACH per label, an Eager between them)
_ENTITY_ORDER = ("Enterprise", "Zone", "Platform", "Technology", "Region")
# array delimiters tried in turn: control characters no policy text is expected to hold
_DELIMITERS = ("\x1f", "\x1e", "\x1d", "\x1c", "\x1b", "\x1a", "\x19", "\x18")
FIX_BATCH = 2000  # rows per post-import Cypher statement


# --- the graph the transactional loader would build ---------------------------------------------------


@dataclass
class _Node:
    labels: list[str]
    props: dict[str, Any]
    out: dict[int, None] = field(default_factory=dict)  # relationship ids, in creation order
    inc: dict[int, None] = field(default_factory=dict)


@dataclass
class _Rel:
    type: str
    start: int
    end: int
    props: dict[str, Any]


class _DocumentRefused(PolicyKGError):
    """A document the transactional loader would have failed (and written nothing of)."""


class BulkGraph:
    """An in-memory graph that documents' rows are applied to with `LOAD_DOCUMENT`'s semantics."""

    # secondary lookups the statement makes by a property other than the key
    _LOOKUPS = (
        ("Policy", "version_key"),
        ("Policy", "number_key"),
        ("Policy", "title_key"),
        ("Target", "doc_id"),
    )

    def __init__(self) -> None:
        self.nodes: dict[int, _Node] = {}
        self.rels: dict[int, _Rel] = {}
        self._keys: dict[tuple[str, Any], int] = {}  # (label, key value) -> node
        self._by: dict[tuple[str, str, Any], dict[int, None]] = {}  # (label, property, value) -> nodes
        self._next = 0

    # ----- primitives (what Cypher's CREATE, MERGE, SET, DELETE do to one node or relationship)

    def _id(self) -> int:
        self._next += 1
        return self._next

    def find(self, label: str, key: Any) -> int | None:
        return None if key is None else self._keys.get((label, key))

    def _index(self, nid: int, label: str, on: bool) -> None:
        props = self.nodes[nid].props
        key = props.get(KEYS[Label(label)])
        if key is not None:
            if on:
                self._keys[(label, key)] = nid
            else:
                self._keys.pop((label, key), None)
        for lab, prop in self._LOOKUPS:
            if lab == label and props.get(prop) is not None:
                bucket = self._by.setdefault((lab, prop, props[prop]), {})
                if on:
                    bucket[nid] = None
                else:
                    bucket.pop(nid, None)

    def nodes_by(self, label: str, prop: str, value: Any) -> list[int]:
        return [] if value is None else list(self._by.get((label, prop, value), {}))

    def create(self, label: str, props: dict[str, Any]) -> int:
        nid = self._id()
        self.nodes[nid] = _Node([label], {})
        self.set(nid, props)
        self._index(nid, label, True)
        return nid

    def merge(self, label: str, key: Any) -> tuple[int, bool]:
        nid = self.find(label, key)
        if nid is not None:
            return nid, False
        return self.create(label, {KEYS[Label(label)]: key}), True

    def set(self, nid: int, props: dict[str, Any]) -> None:
        node = self.nodes[nid]
        for label in node.labels:
            self._index(nid, label, False)
        for k, v in props.items():
            if v is None:
                node.props.pop(k, None)
            else:
                node.props[k] = list(v) if isinstance(v, list) else v
        for label in node.labels:
            self._index(nid, label, True)

    def relabel(self, nid: int, remove: str, add: str) -> None:
        node = self.nodes[nid]
        self._index(nid, remove, False)
        node.labels = [lab for lab in node.labels if lab != remove] + [add]
        self._index(nid, add, True)

    def relate(self, type_: str, a: int, b: int, props: dict[str, Any] | None = None) -> int:
        rid = self._id()
        self.rels[rid] = _Rel(type_, a, b, {k: v for k, v in (props or {}).items() if v is not None})
        self.nodes[a].out[rid] = None
        self.nodes[b].inc[rid] = None
        return rid

    def merge_rel(self, type_: str, a: int, b: int) -> None:
        if not any(self.rels[r].type == type_ and self.rels[r].end == b for r in self.nodes[a].out):
            self.relate(type_, a, b)

    def unrelate(self, rid: int) -> None:
        rel = self.rels.pop(rid)
        self.nodes[rel.start].out.pop(rid, None)
        self.nodes[rel.end].inc.pop(rid, None)

    def detach_delete(self, nid: int) -> None:
        node = self.nodes.get(nid)
        if node is None:
            return
        for rid in [*node.out, *node.inc]:
            if rid in self.rels:
                self.unrelate(rid)
        for label in node.labels:
            self._index(nid, label, False)
        del self.nodes[nid]

    def _neighbours(self, nid: int, type_: str, outgoing: bool) -> list[int]:
        node = self.nodes[nid]
        rids = node.out if outgoing else node.inc
        return [
            self.rels[r].end if outgoing else self.rels[r].start for r in rids if self.rels[r].type == type_
        ]

    def _has(self, nid: int, label: str) -> bool:
        return label in self.nodes[nid].labels

    # ----- one document: LOAD_DOCUMENT, step by step

    def add(self, rows: Rows, now: datetime | None = None) -> tuple[Status, list[str]]:
        """Apply one document's rows; (its status, the ids of the documents it replaced)."""
        doc = rows.policy
        if self.find("Policy", doc["id"]) is not None:
            return "unchanged", []
        self._check_new_keys(rows)
        now = now or datetime.now(UTC)
        p = self.create("Policy", {"id": doc["id"]})
        older = [
            self.nodes[o].props["id"]
            for o in self.nodes_by("Policy", "version_key", doc["version_key"])
            if self.nodes[o].props["id"] != doc["id"]
        ]
        self.set(p, {
            "title": doc["title"], "title_derived": doc["title_derived"], "issuer": doc["issuer"],
            "date": doc["date"], "doc_number": doc["doc_number"], "doc_type": doc["doc_type"],
            "region": doc["region"], "level": doc["level"], "source_name": doc["source_name"],
            "encoding": doc["encoding"], "length": doc["length"], "text": doc["text"],
            "version_key": doc["version_key"], "name": doc["title"], "ingested_at": now,
            "issued": doc["issued"], "listed": doc["issued"] or doc["date"] or "",
            "province": doc["province"], "city": doc["city"], "scope": doc["scope"],
            "number_key": doc["number_key"], "title_key": doc["title_key"], "page_starts": doc["page_starts"],
        })  # fmt: skip
        kept = self.find("PolicyVersion", doc["id"])  # this document kept as an earlier version: it goes
        if kept is not None:
            self.detach_delete(kept)
        self._supersede(p, [o for o in (self.find("Policy", i) for i in older) if o is not None], now)
        self._departments(rows)
        for key in rows.issuer_keys:
            d = self.find("Department", key)
            if d is not None:
                self.relate(Rel.ISSUED_BY, p, d)
        self._citations(p, doc)
        self._entities(rows)
        self._own(p, rows)
        if older:
            self._sweep_orphans()
        return ("replaced" if older else "created"), older

    def _check_new_keys(self, rows: Rows) -> None:
        """CREATE on a taken key fails the transactional load (constraint): so the document fails here."""
        for label, items in (("Section", rows.sections), ("Task", rows.tasks), ("Target", rows.targets)):
            ids = [r["id"] for r in items]
            if len(set(ids)) != len(ids) or any(self.find(label, i) is not None for i in ids):
                raise _DocumentRefused(
                    f"a {label} id of this document is already in the graph (the transactional loader "
                    "refuses the document on the uniqueness constraint)"
                )

    def _supersede(self, p: int, older: list[int], now: datetime) -> None:
        doc_id = self.nodes[p].props["id"]
        owned: list[int] = []
        for o in older:
            oid = self.nodes[o].props["id"]
            owned += self._neighbours(o, Rel.HAS_SECTION, True) + self._neighbours(o, Rel.HAS_TASK, True)
            owned += self.nodes_by("Target", "doc_id", oid)
        for n in dict.fromkeys(owned):
            self.detach_delete(n)
        for o in older:  # documents implementing an old version now implement the new one
            for c in self._neighbours(o, Rel.IMPLEMENTS, False):
                if c != p and self._has(c, "Policy"):
                    self.merge_rel(Rel.IMPLEMENTS, c, p)
        for o in older:
            node = self.nodes[o]
            for rid in [*node.out, *node.inc]:
                rel = self.rels[rid]
                if not (rel.type == Rel.SUPERSEDES and rel.start == o):
                    self.unrelate(rid)
        for o in older:
            self.relabel(o, "Policy", "PolicyVersion")
            self.set(o, {"superseded_by": doc_id, "superseded_at": now})
            self.relate(Rel.SUPERSEDES, p, o)

    def _departments(self, rows: Rows) -> None:
        fresh = {r["key"]: self.find("Department", r["key"]) is None for r in rows.departments}
        for r in rows.departments:
            d, created = self.merge("Department", r["key"])
            if created:
                self.set(d, {
                    "name": r["name"], "full_name": r["full_name"], "level": r["level"],
                    "region": r["region"], "collective": r["collective"], "known": r["known"],
                    "aliases": r["aliases"],
                    "aliases_text": "".join(" " + a for a in r["aliases"]),
                    "predecessors": r["predecessors"], "renamed_years": r["renamed_years"],
                })  # fmt: skip
            props = self.nodes[d].props  # an existing one is written only when this document adds to it
            new = [a for a in r["aliases"] if a not in props["aliases"]]
            had = props.get("predecessors") or []
            new_pred = [i for i, x in enumerate(r["predecessors"]) if x not in had]
            if (
                new
                or (props.get("full_name") is None and r["full_name"] is not None)
                or (r["known"] and not props["known"])
                or new_pred
            ):
                aliases = props["aliases"] + new
                self.set(d, {
                    "aliases": aliases,
                    "full_name": props["full_name"] if props.get("full_name") is not None else r["full_name"],
                    "known": bool(props["known"] or r["known"]),
                    "predecessors": had + [r["predecessors"][i] for i in new_pred],
                    "renamed_years": (props.get("renamed_years") or [])
                    + [r["renamed_years"][i] for i in new_pred],
                    "aliases_text": "".join(" " + a for a in aliases),
                })  # fmt: skip
        for r in rows.departments:  # only a department new to the graph is linked to its region
            if fresh[r["key"]] and r["region"] is not None:
                g, created = self.merge("Region", r["region"])
                if created:
                    self.set(g, {"name": r["region"], "aliases": [r["region"]], "aliases_text": r["region"]})
                dep = self.find("Department", r["key"])
                if dep is not None:
                    self.merge_rel(Rel.LOCATED_IN, dep, g)

    def _citations(self, p: int, doc: dict[str, Any]) -> None:
        cited = []
        for c in doc["citations"]:
            x, created = self.merge("Citation", c["key"])
            if created:
                name = c["title"] if c["title"] is not None else c["doc_number"]
                self.set(x, {"title": c["title"], "doc_number": c["doc_number"], "name": name})
            self.relate(Rel.CITES, p, x, {"title": c["title"], "doc_number": c["doc_number"]})
            cited.append(x)
        for x in cited:
            key = self.nodes[x].props["key"]
            found = self.nodes_by("Policy", "number_key", key) + self.nodes_by("Policy", "title_key", key)
            for q in dict.fromkeys(found):
                if self.nodes[q].props["id"] != doc["id"]:
                    self.merge_rel(Rel.IMPLEMENTS, p, q)
        for key in dict.fromkeys(k for k in (doc["number_key"], doc["title_key"]) if k is not None):
            x_ = self.find("Citation", key)
            if x_ is None:
                continue
            for q in self._neighbours(x_, Rel.CITES, False):
                if self._has(q, "Policy") and self.nodes[q].props["id"] != doc["id"]:
                    self.merge_rel(Rel.IMPLEMENTS, q, p)

    def _entities(self, rows: Rows) -> None:
        for label in _ENTITY_ORDER:
            for r in rows.entities:
                if r["label"] == label:
                    e, created = self.merge(label, r["key"])
                    if created:
                        self.set(
                            e, {"name": r["name"], "aliases": r["aliases"], "aliases_text": r["aliases_text"]}
                        )

    def _own(self, p: int, rows: Rows) -> None:
        doc_id = rows.policy["id"]
        for r in rows.sections:
            s = self.create("Section", {
                "id": r["id"], "doc_id": doc_id, "path": r["path"], "label": r["label"], "title": r["title"],
                "name": r["title"], "level": r["level"], "span_start": r["span_start"],
                "span_end": r["span_end"],
            })  # fmt: skip
            self.relate(Rel.HAS_SECTION, p, s)
        for pr in rows.section_parents:
            child, parent = self.find("Section", pr["id"]), self.find("Section", pr["parent_id"])
            if child is not None and parent is not None:
                self.relate(Rel.PART_OF, child, parent)
        for r in rows.tasks:
            home = self.find("Section", r["section_id"])
            if home is None:
                continue
            t = self.create("Task", {
                "id": r["id"], "doc_id": doc_id, "path": r["path"], "path_text": r["path_text"],
                "title": r["title"], "name": r["title"], "text": r["text"], "span_start": r["span_start"],
                "span_end": r["span_end"], "source": r["source"], "lead": r["lead"], "support": r["support"],
                "responsible": r["responsible"], "guide": r["guide"], "deadline_year": r["deadline_year"],
                "deadline_month": r["deadline_month"], "deadline_text": r["deadline_text"], "page": r["page"],
                "column_names": r["column_names"], "column_values": r["column_values"],
                "roles_held": r["roles_held"],
            })  # fmt: skip
            self.relate(Rel.HAS_TASK, home, t)
            self.relate(Rel.HAS_TASK, p, t)
        for r in rows.roles:
            d, t_ = self.find("Department", r["key"]), self.find("Task", r["task_id"])
            rel = ROLE_REL.get(r["role"])
            if d is not None and t_ is not None and rel is not None:
                self.relate(rel, d, t_, {
                    "doc_id": doc_id, "surface": r["surface"], "order": r["order"],
                    "span_start": r["span_start"], "span_end": r["span_end"], "sentence": r["sentence"],
                    "inherited": r["inherited"], "renamed_from": r["renamed_from"],
                })  # fmt: skip
        broader: list[tuple[int, str]] = []
        for r in rows.concerns:  # every task's sector first, then the broader ones (an Eager between)
            t_ = self.find("Task", r["task_id"])
            if t_ is None:
                continue
            s, created = self.merge("Sector", r["sector"])
            if created:
                self.set(s, {"aliases": r["aliases"], "platform_field": r["platform_field"],
                             "aliases_text": "".join(" " + a for a in r["aliases"])})  # fmt: skip
            self.relate(Rel.CONCERNS, t_, s, {"doc_id": doc_id, "basis": r["basis"]})
            if r["broader"] is not None:
                broader.append((s, r["broader"]))
        for s, b in broader:
            parent, created = self.merge("Sector", b)
            if created:
                self.set(parent, {"aliases": [b], "aliases_text": b, "platform_field": False})
            self.merge_rel(Rel.BROADER, s, parent)
        for r in rows.targets:
            g = self.create("Target", {
                "id": r["id"], "doc_id": doc_id, "indicator": r["indicator"], "name": r["indicator"],
                "value": r["value"], "value_text": r["value_text"], "unit": r["unit"],
                "qualifier": r["qualifier"],
                "deadline": r["deadline"], "span_start": r["span_start"], "span_end": r["span_end"],
                "sentence": r["sentence"], "text": r["sentence"], "page": r["page"],
            })  # fmt: skip
            t_, s_ = self.find("Task", r["task_id"]), self.find("Section", r["section_id"])
            if t_ is not None:
                self.relate(Rel.SETS, t_, g)
            elif s_ is not None:
                self.relate(Rel.SETS, s_, g)
        for r in rows.mentions:
            t_ = self.find("Task", r["task_id"])
            e = self.find(r["label"], r["key"]) if r["label"] in _ENTITY_ORDER else None
            if t_ is not None and e is not None:
                self.relate(Rel.MENTIONS, t_, e, {
                    "doc_id": doc_id, "surface": r["surface"], "span_starts": r["span_starts"],
                    "span_ends": r["span_ends"], "sentence": r["sentence"],
                })  # fmt: skip

    def _sweep_orphans(self) -> None:
        """queries.DELETE_ORPHANS: shared nodes no task, issuing policy or citing policy refers to."""
        swept = {str(label) for label in _SWEPT}
        for nid in [n for n, node in self.nodes.items() if swept.intersection(node.labels)]:
            node = self.nodes[nid]
            rels = [self.rels[r] for r in (*node.out, *node.inc)]
            if any(self._has(r.end if r.start == nid else r.start, "Task") for r in rels):
                continue
            if any(r.type in (Rel.ISSUED_BY, Rel.CITES) and r.end == nid and self._has(r.start, "Policy")
                   for r in rels):  # fmt: skip
                continue
            self.detach_delete(nid)


# --- CSV ----------------------------------------------------------------------------------------------


def _scalar_type(v: Any) -> str | None:
    """The importer's type for a value, or None when a CSV field cannot carry it."""
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long" if -(2**63) <= v < 2**63 else None
    if isinstance(v, float):
        return "double" if math.isfinite(v) else None
    if isinstance(v, str):
        return None if ("\x00" in v or "\r" in v) else "string"
    if isinstance(v, datetime):
        return "datetime"
    return None


def _csv_type(v: Any, delimiter: str) -> str | None:
    if not isinstance(v, list):
        return _scalar_type(v)
    if not v or v == [""]:  # the importer reads an empty field as no property
        return None
    kinds = {_scalar_type(x) for x in v}
    if len(kinds) != 1 or None in kinds or "datetime" in kinds:
        return None
    kind = kinds.pop()
    if kind == "string" and any(delimiter in x for x in v):
        return None
    return f"{kind}[]"


def _field(v: Any, delimiter: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, datetime):
        return v.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(v, list):
        if isinstance(v[0], str):
            return '"' + delimiter.join(v).replace('"', '""') + '"'
        return delimiter.join(_field(x, delimiter) for x in v)
    return '"' + str(v).replace('"', '""') + '"'


@dataclass
class CsvFiles:
    folder: Path
    delimiter: str
    nodes: list[tuple[str, Path, Path, int]] = field(default_factory=list)  # label, header, data, count
    relationships: list[tuple[str, Path, Path, int]] = field(default_factory=list)
    node_fixes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # label -> {key, props}
    rel_fixes: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return sum(n for *_, n in self.nodes)

    @property
    def relationship_count(self) -> int:
        return sum(n for *_, n in self.relationships) + sum(len(v) for v in self.rel_fixes.values())


def _choose_delimiter(graph: BulkGraph) -> str:
    used: set[str] = set()
    for props in [n.props for n in graph.nodes.values()] + [r.props for r in graph.rels.values()]:
        for v in props.values():
            if isinstance(v, list) and v and isinstance(v[0], str):
                used.update(c for c in _DELIMITERS if any(c in x for x in v))
    return next((c for c in _DELIMITERS if c not in used), _DELIMITERS[0])


def write_csv(graph: BulkGraph, folder: Path) -> CsvFiles:
    """The graph as the importer's CSV: per label (or type) and property layout a header file and a data
    file; values a CSV field cannot carry are kept aside for Cypher after the import."""
    folder.mkdir(parents=True, exist_ok=True)
    delimiter = _choose_delimiter(graph)
    files = CsvFiles(folder, delimiter)
    groups: dict[tuple[str, ...], list[str]] = {}
    handles: dict[tuple[str, ...], tuple[Any, list[int]]] = {}

    def emit(kind: str, name: str, head: list[str], layout: tuple[str, ...], fields: list[str]) -> None:
        group = (kind, name, *layout)
        if group not in handles:
            n = len(handles) + 1
            header, data = folder / f"{kind}-{n:04d}-header.csv", folder / f"{kind}-{n:04d}.csv"
            header.write_text(",".join(head) + "\n", encoding="utf-8")
            handles[group] = (data.open("w", encoding="utf-8", newline=""), [0])
            groups[group] = [name, str(header), str(data)]
        fh, count = handles[group]
        fh.write(",".join(fields) + "\n")
        count[0] += 1

    try:
        for nid, node in graph.nodes.items():
            (label,) = node.labels
            ok: list[tuple[str, str, Any]] = []
            fix: dict[str, Any] = {}
            for k in sorted(node.props):
                v = node.props[k]
                t = _csv_type(v, delimiter)
                if t is None:
                    fix[k] = v
                else:
                    ok.append((k, t, v))
            if fix:
                key = KEYS[Label(label)]
                files.node_fixes.setdefault(label, []).append({"key": node.props[key], "props": fix})
            layout = tuple(f"{k}:{t}" for k, t, _ in ok)
            emit(
                "nodes", label, [":ID", *layout], layout, [str(nid)] + [_field(v, delimiter) for *_, v in ok]
            )
        for rel in graph.rels.values():
            items = sorted(rel.props.items())
            types = {k: _csv_type(v, delimiter) for k, v in items}
            if None in types.values():  # created in Cypher after the import, with every property
                a, b = graph.nodes[rel.start], graph.nodes[rel.end]
                (la,), (lb,) = a.labels, b.labels
                files.rel_fixes.setdefault((la, rel.type, lb), []).append({
                    "a": a.props[KEYS[Label(la)]], "b": b.props[KEYS[Label(lb)]], "props": rel.props,
                })  # fmt: skip
                continue
            layout = tuple(f"{k}:{t}" for k, t in types.items())
            emit("rels", rel.type, [":START_ID", ":END_ID", *layout], layout,
                 [str(rel.start), str(rel.end)] + [_field(v, delimiter) for _, v in items])  # fmt: skip
    finally:
        for fh, _ in handles.values():
            fh.close()
    for group, (name, header, data) in groups.items():
        entry = (name, Path(header), Path(data), handles[group][1][0])
        (files.nodes if group[0] == "nodes" else files.relationships).append(entry)
    return files


# --- the import ---------------------------------------------------------------------------------------


@dataclass
class BulkReport:
    outcomes: list[FileOutcome]
    nodes: int = 0
    relationships: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds


Progress = Callable[[str, str], None]  # (stage, message)


def is_empty(driver: Driver, database: str) -> bool:
    return not db.read(driver, queries.ANY_NODE, database)


def check_target(settings: Settings, driver: Driver, database: str) -> None:
    """Bulk loading needs the managed local server and an empty database: else an InputError, before
    anything is done."""
    if not settings.managed:
        raise InputError(
            "bulk import needs the local Neo4j that policykg manages (it stops the server and runs Neo4j's "
            "importer on its files); NEO4J_URI points at another server: unset it, or ingest without --bulk"
        )
    if not is_empty(driver, database):
        raise InputError(
            f"bulk import is for a new or emptied database, and database {database!r} holds nodes: "
            "ingest without --bulk (documents already loaded are recognised), or empty it first; "
            "nothing was changed"
        )


def import_command(settings: Settings, files: CsvFiles, database: str) -> list[str]:
    java = localserver.find_java()
    lib = localserver.ensure_libs(settings)
    cmd = [java, f"-Xmx{settings.neo4j_heap}", *JVM_FLAGS, "-cp", f"{lib}/*", ADMIN_CLASS]
    # the database first: --nodes and --relationships take any number of values
    cmd += ["database", "import", "full", database, "--overwrite-destination=true", "--id-type=integer",
            "--multiline-fields=true", f"--array-delimiter=U+{ord(files.delimiter):04X}", "--bad-tolerance=0",
            "--strict=true", "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
            f"--report-file={files.folder / 'import.report'}"]  # fmt: skip
    cmd += [f"--nodes={label}={header},{data}" for label, header, data, _ in files.nodes]
    cmd += [f"--relationships={type_}={header},{data}" for type_, header, data, _ in files.relationships]
    return cmd


def forget_bookmarks(driver: Driver, database: str) -> None:
    """After the store was replaced: the driver's bookmarks name transactions of the old store (162), which
    the new one (2) never reaches, and every `execute_query` would wait for them; they are replaced by the
    new store's own bookmark."""
    with db.graph_errors(), driver.session(database=database, bookmark_manager=None) as session:
        session.execute_read(lambda tx: tx.run(queries.ANY_NODE).consume())
        fresh = session.last_bookmarks().raw_values
    manager = driver.execute_query_bookmark_manager
    manager.update_bookmarks(manager.get_bookmarks(), fresh)


def _store_dirs(layout: Layout, database: str) -> list[Path]:
    return [layout.data / "databases" / database, layout.data / "transactions" / database]


def _rollback(settings: Settings, driver: Driver, layout: Layout, database: str, backup: Path) -> None:
    """Put the empty database's files back and start the server on them."""
    localserver.stop(settings)
    for d in _store_dirs(layout, database):
        shutil.rmtree(d, ignore_errors=True)
        saved = backup / d.parent.name
        if saved.exists():
            saved.rename(d)
    shutil.rmtree(backup, ignore_errors=True)
    localserver.start(settings)
    forget_bookmarks(driver, database)


def apply_fixes(driver: Driver, database: str, files: CsvFiles) -> None:
    """What CSV cannot carry, in Cypher: node properties by key, relationships created whole."""
    for label, rows in files.node_fixes.items():
        statement = queries.BULK_SET_NODE_PROPS.format(label=Label(label).value, key=KEYS[Label(label)])
        for i in range(0, len(rows), FIX_BATCH):
            db.write(driver, statement, database, {"rows": rows[i : i + FIX_BATCH]})
    for (la, type_, lb), rows in files.rel_fixes.items():
        statement = queries.BULK_CREATE_RELS.format(
            a=Label(la).value, a_key=KEYS[Label(la)], type=Rel(type_).value, b=Label(lb).value,
            b_key=KEYS[Label(lb)],
        )  # fmt: skip
        for i in range(0, len(rows), FIX_BATCH):
            db.write(driver, statement, database, {"rows": rows[i : i + FIX_BATCH]})


def extract_into(
    graph: BulkGraph,
    stream: Iterable[tuple[Path, Rows | str]],
    progress: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Apply each file's rows to `graph` in order; a file's error (or a document the transactional
    loader would refuse) is its outcome and nothing of it is in the graph."""
    outcomes = []
    for path, got in stream:
        outcome = FileOutcome(path)
        if isinstance(got, str):
            outcome.error = got
        else:
            try:
                status, older = graph.add(got)
            except _DocumentRefused as exc:
                outcome.error = f"{path}: {exc}"
            else:
                outcome.result = LoadResult(
                    doc_id=got.policy["id"], title=got.policy["title"], status=status, tasks=len(got.tasks),
                    attributions=len(got.roles), targets=len(got.targets), entities=len(got.entities),
                    replaced=older,
                )  # fmt: skip
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes


def bulk_import(
    settings: Settings,
    driver: Driver,
    database: str,
    graph: BulkGraph,
    folder: Path,
    progress: Progress | None = None,
) -> tuple[int, int, dict[str, float]]:
    """Write `graph` as CSV into `folder`, import it into the (empty) database with the server stopped,
    start the server, create the schema and set what CSV cannot carry. (nodes, relationships, seconds
    per stage). On any failure the empty database is put back and the server started on it."""
    say = progress or (lambda _stage, _msg: None)
    check_target(settings, driver, database)
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    files = write_csv(graph, folder)
    seconds["csv"] = time.perf_counter() - t
    say("csv", f"{files.node_count:,} nodes, {files.relationship_count:,} relationships written as CSV "
               f"to {folder} in {seconds['csv']:.1f} s")  # fmt: skip
    if not is_empty(driver, database):  # written to since the first look
        raise InputError(f"database {database!r} was written to during the bulk load; nothing was imported")
    layout = Layout(settings)
    backup = layout.data / f"bulk-backup-{time.strftime('%Y%m%d-%H%M%S')}"
    t = time.perf_counter()
    localserver.stop(settings)
    if localserver.status(settings).pid is not None:
        raise SetupError("Neo4j did not stop; nothing was imported")
    try:
        backup.mkdir(parents=True)
        for d in _store_dirs(layout, database):
            if d.exists():
                d.rename(backup / d.parent.name)
        proc = subprocess.run(
            import_command(settings, files, database), capture_output=True, text=True, check=False,
            env=neo4j_env(layout), cwd=folder,
        )  # fmt: skip
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
            raise SetupError(f"Neo4j's importer failed (exit {proc.returncode}):\n{tail}")
        seconds["import"] = time.perf_counter() - t
        say("import", f"imported by neo4j-admin in {seconds['import']:.1f} s (server stopped meanwhile)")
        t = time.perf_counter()
        localserver.start(settings)
        forget_bookmarks(driver, database)
        seconds["restart"] = time.perf_counter() - t
        say("restart", f"Neo4j started again in {seconds['restart']:.1f} s")
        t = time.perf_counter()
        # the keys' constraints first (the lookups of the values set in Cypher use them), the full-text
        # indexes after those values: populated once, not updated node by node
        ensure_schema(driver, database, fulltext=False)
        apply_fixes(driver, database, files)
        ensure_schema(driver, database)
        wait_for_search_indexes(driver, database)
        seconds["indexes"] = time.perf_counter() - t
        fixes = sum(len(v) for v in files.node_fixes.values()) + sum(len(v) for v in files.rel_fixes.values())
        say("indexes", f"constraints, indexes and full-text indexes online, {fixes:,} values set in Cypher, "
                       f"in {seconds['indexes']:.1f} s")  # fmt: skip
    except BaseException as exc:
        _rollback(settings, driver, layout, database, backup)
        if isinstance(exc, PolicyKGError):
            raise SetupError(f"{exc}\nThe bulk import was undone: the database is empty, as it was.") from exc
        raise
    shutil.rmtree(backup, ignore_errors=True)
    return files.node_count, files.relationship_count, seconds


def bulk_load(
    settings: Settings,
    driver: Driver,
    database: str,
    stream: Iterable[tuple[Path, Rows | str]],
    folder: Path,
    progress: Progress | None = None,
    per_file: Callable[[FileOutcome], None] | None = None,
    keep_csv: bool = False,
) -> BulkReport:
    """Extract (from `stream`, e.g. `batch.prepared`) and bulk-import a batch into an empty database."""
    say = progress or (lambda _stage, _msg: None)
    check_target(settings, driver, database)  # refused before the extraction's work
    graph = BulkGraph()
    t = time.perf_counter()
    outcomes = extract_into(graph, stream, per_file)
    spent = time.perf_counter() - t
    loaded = sum(1 for o in outcomes if o.result)
    rate = len(outcomes) / max(spent, 1e-9)
    say("extract", f"{len(outcomes):,} documents extracted ({loaded:,} to load, {len(outcomes) - loaded:,} "
                   f"failed) in {spent:.1f} s, {rate:,.1f} documents/s")  # fmt: skip
    report = BulkReport(outcomes, seconds={"extract": spent})
    if loaded == 0:
        return report
    try:
        report.nodes, report.relationships, seconds = bulk_import(
            settings, driver, database, graph, folder, say
        )
    finally:
        if not keep_csv:
            shutil.rmtree(folder, ignore_errors=True)
    report.seconds.update(seconds)
    return report


def csv_folder(settings: Settings) -> Path:
    """Where `policykg ingest --bulk` writes its CSV: a new folder under the server's import folder."""
    return Layout(settings).import_dir / f"bulk-{time.strftime('%Y%m%d-%H%M%S')}"

"""Loading `Extraction`s into Neo4j: one document = one write transaction, all of it or nothing.

Re-loading the same document (same content hash) changes nothing. A document is a new version of
another only on evidence (`version_key`): the same 文号 in the same region, the same issuer and title in
the same region, or the caller's explicit `replaces`. A new version takes the old one's place in the
same transaction: the old one's sections, tasks and targets go, the old Policy node stays as a
`PolicyVersion` (its text kept) behind `(:Policy)-[:SUPERSEDES]->`, and `restore` brings it back.
Everything else is a new document, whatever its title. Departments, sectors and named entities are
shared nodes, merged on their constrained keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from neo4j import Driver, ManagedTransaction

from ingest.decode import Decoded
from ingest.extract import extract_decoded
from ingest.models import Extraction
from ingest.text import norm
from ontology.errors import NotFoundError
from ontology.vocab import ENTITY_LABEL, ROLE_REL, Label

from . import db, queries

Status = Literal["created", "unchanged", "replaced"]


@dataclass
class LoadResult:
    doc_id: str
    title: str
    status: Status
    tasks: int
    attributions: int
    targets: int
    entities: int
    replaced: list[str] = field(default_factory=list)


# a 文号 with its issuing organ's prefix (鲁政发〔2022〕5号), not a bare 〔2022〕5号 or 第5号
_ORGAN_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,}\s*[〔\[［(（【]?\s*(?:19|20)\d\d")


def version_key(ex: Extraction) -> str | None:
    """What makes two documents versions of one, or None (then only an explicit `replaces` does).

    Always scoped by the region (else the issuer): generic titles (关于加强数据安全工作的通知) repeat
    across hundreds of localities, and a version is never taken across regions.
    """
    d = ex.document
    where = d.region or d.issuer
    if d.doc_number and (where or _ORGAN_NUMBER.match(d.doc_number)):
        return f"no:{norm(where or '')}|{norm(d.doc_number)}"
    if d.issuer and not d.title_derived:
        return f"title:{norm(d.region or '')}|{norm(d.issuer)}|{norm(d.title)}"
    return None


@dataclass
class Rows:
    """Everything one document writes, as parameter rows (built without touching the database)."""

    policy: dict[str, Any]
    issuer_keys: list[str]
    departments: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    section_parents: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    concerns: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    mentions: list[dict[str, Any]]


def build_rows(ex: Extraction, text: str) -> Rows:
    d = ex.document
    doc_id = d.id
    departments: dict[str, dict[str, Any]] = {}
    regions: dict[str, dict[str, Any]] = {}

    def add_region(name: str | None) -> None:
        if name and name not in regions:
            regions[name] = {"key": name, "name": name, "aliases": [name]}

    def add_department(key: str, name: str, full_name: str | None, level: str, region: str | None,
                       collective: bool, known: bool, surface: str, known_aliases: list[str],
                       renamed: tuple[str, int] | None = None) -> None:  # fmt: skip
        row = departments.get(key)
        if row is None:
            aliases = [a for a in dict.fromkeys([name, surface, full_name or "", *known_aliases]) if a]
            row = departments[key] = {
                "key": key, "name": name, "full_name": full_name, "level": level, "region": region,
                "collective": collective, "known": known, "aliases": aliases, "predecessors": [],
                "renamed_years": [],
            }  # fmt: skip
            add_region(region)
        elif surface not in row["aliases"]:
            row["aliases"].append(surface)
        if renamed and renamed[0] not in row["predecessors"]:
            row["predecessors"].append(renamed[0])
            row["renamed_years"].append(renamed[1])

    issuer_keys: list[str] = []
    for r in d.issuers:
        add_department(
            r.key, r.canonical, r.full_name, r.level, r.region, r.collective, r.known, r.surface, r.aliases
        )
        if r.key not in issuer_keys:
            issuer_keys.append(r.key)

    tasks, roles, concerns = [], [], []
    seen_roles: set[tuple[str, str, str]] = set()
    for t in ex.tasks:
        tasks.append({
            "id": t.id, "path": t.path, "path_text": ".".join(t.path), "title": t.title, "text": t.text,
            "span_start": t.span[0], "span_end": t.span[1], "source": t.source,
            "section_id": t.section_id or f"{doc_id[:12]}-section-root",
            "lead": t.lead, "support": t.support, "responsible": t.responsible, "guide": t.guide,
            "deadline_year": t.deadline.year if t.deadline else None,
            "deadline_month": t.deadline.month if t.deadline else None,
            "deadline_text": t.deadline.text if t.deadline else None, "page": t.page,
            # a table row's other columns as two parallel lists (a property cannot hold a map); null:
            # no property at all
            "column_names": [c.name for c in t.columns] or None,
            "column_values": [c.value for c in t.columns] or None,
        })  # fmt: skip
        for u in t.units:
            renamed = (u.renamed_from, u.renamed_in) if u.renamed_from and u.renamed_in else None
            add_department(u.key, u.canonical, u.full_name, u.level, u.region, u.collective, u.known,
                           u.surface, u.aliases, renamed)  # fmt: skip
            ident = (u.key, t.id, u.role)
            if ident in seen_roles:
                continue
            seen_roles.add(ident)
            roles.append({
                "key": u.key, "task_id": t.id, "role": u.role, "surface": u.surface,
                "order": u.order, "span_start": u.span[0], "span_end": u.span[1], "sentence": u.sentence,
                "inherited": u.inherited, "renamed_from": u.renamed_from,
            })  # fmt: skip
        for s in t.sector_details:
            concerns.append({
                "task_id": t.id, "sector": s.name, "basis": s.basis, "aliases": s.aliases,
                "platform_field": s.platform_field, "broader": s.broader,
            })  # fmt: skip

    section_rows = [
        {"id": s.id, "path": s.path, "label": s.label, "title": s.title, "level": s.level,
         "span_start": s.span[0], "span_end": s.span[1]}
        for s in ex.sections
    ]  # fmt: skip
    parents = [{"id": s.id, "parent_id": s.parent_id} for s in ex.sections if s.parent_id]
    target_rows = [
        {"id": g.id, "indicator": g.indicator, "value": g.value, "value_text": g.value_text,
         "unit": g.unit, "qualifier": g.qualifier, "deadline": g.deadline, "task_id": g.task_id,
         "section_id": g.section_id, "span_start": g.span[0], "span_end": g.span[1], "sentence": g.sentence,
         "page": g.page}
        for g in ex.targets
    ]  # fmt: skip
    entities: dict[tuple[Label, str], dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    task_by_id = {t.id: t for t in ex.tasks}
    for e in ex.entities:
        label = ENTITY_LABEL.get(e.type)
        if label is None:
            continue  # sectors are linked through CONCERNS
        key = e.canonical
        row = entities.setdefault(
            (label, key), {"label": label.value, "key": key, "name": e.name, "aliases": []}
        )
        if e.name not in row["aliases"]:
            row["aliases"].append(e.name)
        for tid in e.task_ids:
            spans = [sp for sp in e.spans if task_by_id[tid].span[0] <= sp[0] < task_by_id[tid].span[1]]
            first = spans[0] if spans else e.spans[0]
            mentions.append({
                "label": label.value, "task_id": tid, "key": key,
                "surface": text[first[0]:first[1]],
                "span_starts": [sp[0] for sp in spans], "span_ends": [sp[1] for sp in spans],
                "sentence": _sentence_around(text, first),
            })  # fmt: skip
    for row in entities.values():
        row["aliases_text"] = " ".join(row["aliases"])
    policy = {
        "id": doc_id, "title": d.title, "title_derived": d.title_derived, "issuer": d.issuer, "date": d.date,
        "doc_number": d.doc_number, "doc_type": d.doc_type, "region": d.region, "level": d.level,
        "source_name": d.source_name, "encoding": d.encoding, "length": d.length, "text": text,
        "page_starts": list(d.page_starts),
        "version_key": version_key(ex), "issued": d.issued, "province": d.province, "city": d.city,
        "scope": d.scope, "number_key": _number_key(d.doc_number),
        "title_key": None if d.title_derived else _title_key(d.title),
    }  # fmt: skip
    citations: dict[str, dict[str, Any]] = {}
    for c in d.implements:
        cited = _number_key(c.doc_number) or _title_key(c.title)
        if cited and cited not in (policy["number_key"], policy["title_key"]):
            citations.setdefault(cited, {"key": cited, "title": c.title, "doc_number": c.doc_number})
    policy["citations"] = sorted(citations.values(), key=lambda c: c["key"])
    # shared nodes in one global order (department key, sector, entity key): concurrent loads of
    # different documents then take their locks in the same order and do not deadlock
    roles.sort(key=lambda r: (r["key"], r["task_id"], r["role"]))
    # the role types each task has a unit for, as one sorted string ("" none, "GUIDES,LEADS"): an indexed
    # property, so that 哪些任务没有牵头单位 starts from an index seek (graph/ask_compile.py)
    held: dict[str, set[str]] = {}
    for role in roles:
        held.setdefault(str(role["task_id"]), set()).add(ROLE_REL[str(role["role"])].value)
    for task in tasks:
        task["roles_held"] = ",".join(sorted(held.get(str(task["id"]), set())))
    concerns.sort(key=lambda c: (c["sector"], c["task_id"]))
    mentions.sort(key=lambda m: (m["label"], m["key"], m["task_id"]))
    return Rows(
        policy=policy,
        issuer_keys=issuer_keys,
        departments=sorted(departments.values(), key=lambda d: d["key"]),
        sections=section_rows,
        section_parents=parents,
        tasks=tasks,
        roles=roles,
        concerns=concerns,
        targets=target_rows,
        entities=sorted(entities.values(), key=lambda e: (e["label"], e["key"])),
        mentions=mentions,
    )


def _number_key(doc_number: str | None) -> str | None:
    return "no:" + norm(doc_number) if doc_number else None


def _title_key(title: str | None) -> str | None:
    """A title as other documents cite it: without 《》, quotes folded, no white space."""
    if not title:
        return None
    t = norm(title).strip("《》")
    return "title:" + t.replace("“", '"').replace("”", '"')


def _sentence_around(text: str, span: tuple[int, int]) -> str:
    start = max(text.rfind(c, 0, span[0]) for c in "。！？；\n") + 1
    ends = [i for i in (text.find(c, span[1]) for c in "。！？；\n") if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def load_parameters(rows: Rows, replaces: Sequence[str] = ()) -> dict[str, Any]:
    """The parameters of `queries.LOAD_DOCUMENT`: the whole document as one map, `$doc`."""
    doc = {**rows.policy, "replaces": list(replaces), "issuer_keys": rows.issuer_keys,
           "departments": rows.departments, "entities": rows.entities, "sections": rows.sections,
           "section_parents": rows.section_parents,
           "tasks": rows.tasks, "roles": rows.roles, "concerns": rows.concerns, "targets": rows.targets,
           "mentions": rows.mentions}  # fmt: skip
    return {"doc": doc}


def load(
    driver: Driver,
    database: str,
    ex: Extraction,
    text: str,
    wait_for_search: bool = True,
    replaces: Sequence[str] = (),
) -> LoadResult:
    """Write one document in one transaction (retried by the driver on transient errors).

    With `wait_for_search` the call returns once the full-text indexes show the document; a batch
    loader passes False and calls `wait_for_search_indexes` once at its end. `replaces`: ids (or unique
    prefixes) of documents this one is a new version of, beyond what its `version_key` says.
    """
    return load_rows(driver, database, build_rows(ex, text), wait_for_search, replaces)


def load_rows(
    driver: Driver,
    database: str,
    rows: Rows,
    wait_for_search: bool = True,
    replaces: Sequence[str] = (),
) -> LoadResult:
    """`load` for rows already built (a batch builds them in its extraction worker processes)."""
    ids = [resolve_policy_id(driver, database, r) for r in replaces]
    # one statement in one managed (retried) transaction, its BEGIN pipelined: see graph/queries.py
    record = db.write(driver, queries.LOAD_DOCUMENT, database, load_parameters(rows, ids))[0]
    fresh = bool(record["fresh"])
    replaced = [str(i) for i in record["older"]] if fresh else []
    status: Status = "unchanged" if not fresh else "replaced" if replaced else "created"
    if wait_for_search and status != "unchanged":
        wait_for_search_indexes(driver, database)
    return LoadResult(
        doc_id=rows.policy["id"],
        title=rows.policy["title"],
        status=status,
        tasks=len(rows.tasks),
        attributions=len(rows.roles),
        targets=len(rows.targets),
        entities=len(rows.entities),
        replaced=replaced,
    )


def wait_for_search_indexes(driver: Driver, database: str) -> None:
    """Block until the (eventually consistent) full-text indexes have applied every committed write."""
    db.write(driver, queries.AWAIT_SEARCH, database)


def resolve_policy_id(driver: Driver, database: str, doc_id: str, label: Label = Label.POLICY) -> str:
    """The full id of the one current document (or, with `Label.POLICY_VERSION`, the one earlier
    version) whose id is `doc_id` or starts with it."""
    query = queries.FIND_POLICY_IDS if label is Label.POLICY else queries.FIND_VERSION_IDS
    matches = [r["id"] for r in db.read(driver, query, database, {"id": doc_id})] if len(doc_id) >= 6 else []
    if len(matches) != 1:
        what = "document" if label is Label.POLICY else "earlier version"
        raise NotFoundError(
            f"no single {what} with id {doc_id!r}" + (f" ({len(matches)} match)" if matches else ""),
            suggestions=[str(m) for m in matches[:5]],
        )
    return str(matches[0])


def remove(driver: Driver, database: str, doc_id: str) -> int:
    """Remove a document (id or unique id prefix) and the shared nodes only it referred to; its earlier
    versions stay (`versions`, `restore`)."""
    full_id = resolve_policy_id(driver, database, doc_id)

    def work(tx: ManagedTransaction) -> int:
        record = tx.run(queries.DELETE_DOCUMENT, id=full_id).single()
        tx.run(queries.DELETE_ORPHANS).consume()
        return int(record["removed"]) if record else 0

    with db.graph_errors(), driver.session(database=database) as session:
        return session.execute_write(work)


def list_policies(driver: Driver, database: str, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    return db.read(driver, queries.LIST_POLICIES, database, {"skip": offset, "limit": limit})


def stats(driver: Driver, database: str) -> dict[str, dict[str, int]]:
    nodes = {r["label"]: r["n"] for r in db.read(driver, queries.NODE_COUNTS, database)}
    rels = {r["type"]: r["n"] for r in db.read(driver, queries.REL_COUNTS, database)}
    return {"nodes": nodes, "relationships": rels}


def versions(driver: Driver, database: str, doc_id: str) -> list[dict[str, Any]]:
    """The earlier versions a current document superseded (newest first), with when and by what."""
    return db.read(
        driver, queries.LIST_VERSIONS, database, {"id": resolve_policy_id(driver, database, doc_id)}
    )


def restore(driver: Driver, database: str, version_id: str) -> LoadResult:
    """Make an earlier version current again: its stored text is extracted anew and loaded as a new
    version of the document that superseded it (which becomes an earlier version in turn)."""
    full_id = resolve_policy_id(driver, database, version_id, Label.POLICY_VERSION)
    row = db.read(driver, queries.VERSION_SOURCE, database, {"id": full_id})[0]
    decoded = Decoded(row["text"], row["encoding"] or "utf-8", tuple(row["page_starts"] or ()))
    extraction = extract_decoded(decoded, row["source_name"])
    return load(driver, database, extraction, decoded.text, replaces=[str(i) for i in row["current"]])

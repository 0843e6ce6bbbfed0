"""The baseline for the ingest benchmark: the loader one writes first, one auto-commit statement per fact.

Every node and every relationship of a document is one `session.run` (its properties set in the same
statement), so it writes the very graph `graph.load.load_rows` writes; `fingerprint` is how the
benchmark checks that (a baseline that writes less would flatter nobody but the baseline).
"""

from __future__ import annotations

import json
from typing import Any

from neo4j import Driver

from graph.load import Rows

POLICY = """MERGE (p:Policy {id: $r.id})
SET p.title = $r.title, p.title_derived = $r.title_derived, p.issuer = $r.issuer, p.date = $r.date,
    p.doc_number = $r.doc_number, p.doc_type = $r.doc_type, p.region = $r.region, p.level = $r.level,
    p.source_name = $r.source_name, p.encoding = $r.encoding, p.length = $r.length, p.text = $r.text,
    p.version_key = $r.version_key, p.name = $r.title, p.ingested_at = datetime(),
    p.issued = $r.issued, p.province = $r.province, p.city = $r.city, p.scope = $r.scope,
    p.number_key = $r.number_key, p.title_key = $r.title_key"""
DEPARTMENT = """MERGE (d:Department {key: $r.key})
ON CREATE SET d.name = $r.name, d.full_name = $r.full_name, d.level = $r.level, d.region = $r.region,
              d.collective = $r.collective, d.known = $r.known, d.aliases = $r.aliases,
              d.predecessors = $r.predecessors, d.renamed_years = $r.renamed_years
ON MATCH SET d.aliases = d.aliases + [a IN $r.aliases WHERE NOT a IN d.aliases],
             d.full_name = coalesce(d.full_name, $r.full_name), d.known = d.known OR $r.known,
             d.renamed_years = coalesce(d.renamed_years, []) + [i IN range(0, size($r.predecessors) - 1)
                 WHERE NOT $r.predecessors[i] IN coalesce(d.predecessors, []) | $r.renamed_years[i]],
             d.predecessors = coalesce(d.predecessors, []) + [x IN $r.predecessors
                 WHERE NOT x IN coalesce(d.predecessors, [])]
SET d.aliases_text = reduce(s = '', a IN d.aliases | s + ' ' + a)"""
REGION = """MERGE (g:Region {key: $key})
ON CREATE SET g.name = $key, g.aliases = [$key], g.aliases_text = $key"""
LOCATED_IN = "MATCH (d:Department {key: $d}), (g:Region {key: $g}) MERGE (d)-[:LOCATED_IN]->(g)"
ISSUED_BY = "MATCH (p:Policy {id: $p}), (d:Department {key: $d}) CREATE (p)-[:ISSUED_BY]->(d)"
CITATION = """MERGE (x:Citation {key: $r.key})
ON CREATE SET x.title = $r.title, x.doc_number = $r.doc_number, x.name = coalesce($r.title, $r.doc_number)"""
CITES = """MATCH (p:Policy {id: $p}), (x:Citation {key: $r.key})
CREATE (p)-[:CITES {title: $r.title, doc_number: $r.doc_number}]->(x)"""
IMPLEMENTS_CITED = """MATCH (p:Policy {id: $p}), (q:Policy) WHERE q.id <> $p AND (q.number_key = $key OR q.title_key = $key)
MERGE (p)-[:IMPLEMENTS]->(q)"""
IMPLEMENTED_BY = """MATCH (p:Policy {id: $p}), (q:Policy)-[:CITES]->(x:Citation) WHERE q.id <> $p AND x.key IN $keys
MERGE (q)-[:IMPLEMENTS]->(p)"""
ENTITY = {  # one statement per label: a label cannot be a parameter
    label: f"MERGE (e:{label} {{key: $r.key}}) "
    "ON CREATE SET e.name = $r.name, e.aliases = $r.aliases, e.aliases_text = $r.aliases_text"
    for label in ("Enterprise", "Zone", "Platform", "Technology", "Region")
}
SECTION = """CREATE (s:Section {id: $r.id})
SET s.doc_id = $doc, s.path = $r.path, s.label = $r.label, s.title = $r.title, s.name = $r.title,
    s.level = $r.level, s.span_start = $r.span_start, s.span_end = $r.span_end"""
HAS_SECTION = "MATCH (p:Policy {id: $p}), (s:Section {id: $s}) CREATE (p)-[:HAS_SECTION]->(s)"
PART_OF = "MATCH (s:Section {id: $s}), (p:Section {id: $p}) CREATE (s)-[:PART_OF]->(p)"
TASK = """CREATE (t:Task {id: $r.id})
SET t.doc_id = $doc, t.path = $r.path, t.path_text = $r.path_text, t.title = $r.title, t.name = $r.title,
    t.text = $r.text, t.span_start = $r.span_start, t.span_end = $r.span_end, t.source = $r.source,
    t.lead = $r.lead, t.support = $r.support, t.responsible = $r.responsible, t.guide = $r.guide,
    t.deadline_year = $r.deadline_year, t.deadline_month = $r.deadline_month, t.deadline_text = $r.deadline_text,
    t.page = $r.page"""
SECTION_TASK = "MATCH (s:Section {id: $s}), (t:Task {id: $t}) CREATE (s)-[:HAS_TASK]->(t)"
POLICY_TASK = "MATCH (p:Policy {id: $p}), (t:Task {id: $t}) CREATE (p)-[:HAS_TASK]->(t)"
ROLE = {
    role: f"MATCH (d:Department {{key: $r.key}}), (t:Task {{id: $r.task_id}}) CREATE (d)-[:{rel} "
    "{doc_id: $doc, surface: $r.surface, order: $r.order, span_start: $r.span_start, span_end: $r.span_end, "
    "sentence: $r.sentence, inherited: $r.inherited, renamed_from: $r.renamed_from}]->(t)"
    for role, rel in (("lead", "LEADS"), ("support", "SUPPORTS"), ("responsible", "RESPONSIBLE_FOR"),
                      ("guide", "GUIDES"))
}  # fmt: skip
SECTOR = """MERGE (s:Sector {name: $r.sector})
ON CREATE SET s.aliases = $r.aliases, s.platform_field = $r.platform_field,
              s.aliases_text = reduce(acc = '', a IN $r.aliases | acc + ' ' + a)"""
CONCERNS = """MATCH (t:Task {id: $r.task_id}), (s:Sector {name: $r.sector})
CREATE (t)-[:CONCERNS {doc_id: $doc, basis: $r.basis}]->(s)"""
BROADER_SECTOR = """MERGE (s:Sector {name: $b})
ON CREATE SET s.aliases = [$b], s.aliases_text = $b, s.platform_field = false"""
BROADER = "MATCH (s:Sector {name: $s}), (b:Sector {name: $b}) MERGE (s)-[:BROADER]->(b)"
TARGET = """CREATE (g:Target {id: $r.id})
SET g.doc_id = $doc, g.indicator = $r.indicator, g.name = $r.indicator, g.value = $r.value,
    g.value_text = $r.value_text, g.unit = $r.unit, g.qualifier = $r.qualifier, g.deadline = $r.deadline,
    g.span_start = $r.span_start, g.span_end = $r.span_end, g.sentence = $r.sentence, g.text = $r.sentence,
    g.page = $r.page"""
TASK_SETS = "MATCH (t:Task {id: $t}), (g:Target {id: $g}) CREATE (t)-[:SETS]->(g)"
SECTION_SETS = "MATCH (s:Section {id: $s}), (g:Target {id: $g}) CREATE (s)-[:SETS]->(g)"
MENTIONS = {
    label: f"MATCH (t:Task {{id: $r.task_id}}), (e:{label} {{key: $r.key}}) CREATE (t)-[:MENTIONS "
    "{doc_id: $doc, surface: $r.surface, span_starts: $r.span_starts, span_ends: $r.span_ends, "
    "sentence: $r.sentence}]->(e)"
    for label in ENTITY
}


def naive_load(driver: Driver, database: str, rows: Rows) -> int:
    """Write one document into a graph that does not hold it yet; returns the statements sent."""
    doc = rows.policy["id"]
    sent = 0

    def run(query: str, **params: Any) -> None:
        nonlocal sent
        session.run(query, params).consume()  # type: ignore[arg-type]  # the baseline's Cypher is built above
        sent += 1

    with driver.session(database=database) as session:
        run(POLICY, r=rows.policy)
        for d in rows.departments:
            run(DEPARTMENT, r=d)
            if d["region"]:
                run(REGION, key=d["region"])
                run(LOCATED_IN, d=d["key"], g=d["region"])
        for key in rows.issuer_keys:
            run(ISSUED_BY, p=doc, d=key)
        for c in rows.policy["citations"]:
            run(CITATION, r=c)
            run(CITES, p=doc, r=c)
            run(IMPLEMENTS_CITED, p=doc, key=c["key"])
        run(IMPLEMENTED_BY, p=doc, keys=[rows.policy["number_key"], rows.policy["title_key"]])
        for e in rows.entities:
            run(ENTITY[e["label"]], r=e)
        for sec in rows.sections:
            run(SECTION, r=sec, doc=doc)
            run(HAS_SECTION, p=doc, s=sec["id"])
        for pr in rows.section_parents:
            run(PART_OF, s=pr["id"], p=pr["parent_id"])
        for t in rows.tasks:
            run(TASK, r=t, doc=doc)
            run(SECTION_TASK, s=t["section_id"], t=t["id"])
            run(POLICY_TASK, p=doc, t=t["id"])
        for r in rows.roles:
            run(ROLE[r["role"]], r=r, doc=doc)
        for c in rows.concerns:
            run(SECTOR, r=c)
            run(CONCERNS, r=c, doc=doc)
            if c["broader"]:
                run(BROADER_SECTOR, b=c["broader"])
                run(BROADER, s=c["sector"], b=c["broader"])
        task_ids = {t["id"] for t in rows.tasks}
        section_ids = {x["id"] for x in rows.sections}
        for g in rows.targets:
            run(TARGET, r=g, doc=doc)
            if g["task_id"] in task_ids:
                run(TASK_SETS, t=g["task_id"], g=g["id"])
            elif g["section_id"] in section_ids:
                run(SECTION_SETS, s=g["section_id"], g=g["id"])
        for m in rows.mentions:
            run(MENTIONS[m["label"]], r=m, doc=doc)
    return sent


NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELATIONSHIPS = """MATCH (a)-[r]->(b)
RETURN labels(a) AS a, coalesce(a.id, a.key, a.name) AS a_key, type(r) AS type, properties(r) AS props,
       labels(b) AS b, coalesce(b.id, b.key, b.name) AS b_key"""


def fingerprint(driver: Driver, database: str) -> list[str]:
    """The whole graph as a sorted list of lines (nodes by labels and properties, relationships by type,
    properties and their ends' keys), leaving out the load time; two loaders that write the same graph
    give the same list."""
    lines = []
    for rec in driver.execute_query(NODES, database_=database).records:
        props = {k: v for k, v in rec["props"].items() if k != "ingested_at"}
        lines.append(json.dumps([sorted(rec["labels"]), props], ensure_ascii=False, sort_keys=True))
    for rec in driver.execute_query(RELATIONSHIPS, database_=database).records:
        lines.append(json.dumps([sorted(rec["a"]), rec["a_key"], rec["type"], rec["props"], sorted(rec["b"]),
                                 rec["b_key"]], ensure_ascii=False, sort_keys=True))  # fmt: skip
    return sorted(lines)

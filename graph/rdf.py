"""RDF export with rdflib: the whole graph or one policy, stable IRIs under a configurable base.

Classes and properties are the ontology's (ontology/policykg.ttl), reusing W3C ORG, SKOS, PROV-O and
Dublin Core. Each role edge becomes a qualified `pkg:Attribution` (agent, role, span, sentence) as
well as the direct `pkg:leads`/… triple. The output conforms to ontology/shapes.ttl.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from neo4j import Driver
from rdflib import RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib import Literal as Lit
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from ontology.errors import NotFoundError
from ontology.vocab import NS, ROLE_PROPERTY, Rel

from . import db, queries
from .files import write_atomic

PKG = Namespace(NS)
Format = Literal["turtle", "jsonld", "nt"]
_RDFLIB_FORMAT = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}
_TYPE_ROLE = {Rel.LEADS.value: "lead", Rel.SUPPORTS.value: "support",
              Rel.RESPONSIBLE_FOR.value: "responsible", Rel.GUIDES.value: "guide"}  # fmt: skip


class Iris:
    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.base}{kind}/{quote(key, safe='')}")


def build_graph(driver: Driver, database: str, base: str, policy: str | None = None) -> Graph:
    iri = Iris(base)
    g = Graph()
    for prefix, ns in (("pkg", PKG), ("org", ORG), ("skos", SKOS), ("prov", PROV), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    params = {"policy": policy}
    policies = db.read(driver, queries.EXPORT_POLICIES, database, params)
    if policy is not None and not policies:
        raise NotFoundError(f"no policy with id {policy!r}")
    for row in policies:
        p = row["p"]
        node = iri("policy", p["id"])
        g.add((node, RDF.type, PKG.Policy))
        g.add((node, DCTERMS.identifier, Lit(p["id"])))
        g.add((node, DCTERMS.title, Lit(p["title"])))
        for field, pred in (("date", DCTERMS.date), ("doc_type", DCTERMS.type), ("doc_number", PKG.docNumber),
                            ("source_name", DCTERMS.source), ("level", PKG.level)):  # fmt: skip
            if p.get(field):
                g.add((node, pred, Lit(p[field])))
        for key in row["issuer_keys"]:
            g.add((node, PKG.issuedBy, iri("department", key)))
        for other in row["implements"]:
            g.add((node, PKG.implements, iri("policy", other)))
    for row in db.read(driver, queries.EXPORT_SECTIONS, database, params):
        s = row["s"]
        node = iri("section", s["id"])
        g.add((node, RDF.type, PKG.Section))
        g.add((node, RDFS.label, Lit(s["title"])))
        g.add((node, PKG.inPolicy, iri("policy", row["policy"])))
        g.add((iri("policy", row["policy"]), PKG.hasSection, node))
        if row["parent"]:
            g.add((node, PKG.partOf, iri("section", row["parent"])))
    for row in db.read(driver, queries.EXPORT_TASKS, database, params):
        t = row["t"]
        node = iri("task", t["id"])
        g.add((node, RDF.type, PKG.Task))
        g.add((node, RDFS.label, Lit(t["title"])))
        g.add((node, PKG.text, Lit(t["text"])))
        g.add((node, PKG.path, Lit(t["path_text"])))
        g.add((node, PKG.spanStart, Lit(t["span_start"], datatype=XSD.integer)))
        g.add((node, PKG.spanEnd, Lit(t["span_end"], datatype=XSD.integer)))
        g.add((node, PKG.inPolicy, iri("policy", row["policy"])))
        if row["section"]:
            g.add((iri("section", row["section"]), PKG.hasTask, node))
    for row in db.read(driver, queries.EXPORT_DEPARTMENTS, database, params):
        d = row["d"]
        node = iri("department", d["key"])
        g.add((node, RDF.type, PKG.Department))
        g.add((node, SKOS.prefLabel, Lit(d["name"], lang="zh")))
        if d.get("full_name"):
            g.add((node, PKG.fullName, Lit(d["full_name"], lang="zh")))
        for alias in d.get("aliases") or []:
            if alias != d["name"]:
                g.add((node, PKG.alias, Lit(alias, lang="zh")))
        if d.get("level"):
            g.add((node, PKG.level, Lit(d["level"])))
        if row["region"]:
            region = iri("region", row["region"])
            g.add((node, PKG.locatedIn, region))
            g.add((region, RDF.type, PKG.Region))
            g.add((region, RDFS.label, Lit(row["region"], lang="zh")))
    for row in db.read(driver, queries.EXPORT_ROLES, database, params):
        role = _TYPE_ROLE[row["type"]]
        task, dept, r = iri("task", row["task"]), iri("department", row["department"]), row["r"]
        g.add((dept, PKG[ROLE_PROPERTY[role]], task))
        digest = hashlib.sha256(f"{row['task']}|{role}|{row['department']}".encode()).hexdigest()[:20]
        att = iri("attribution", digest)
        g.add((att, RDF.type, PKG.Attribution))
        g.add((task, PKG.qualifiedAttribution, att))
        g.add((att, PKG.agent, dept))
        g.add((att, PKG.roleType, PKG[ROLE_PROPERTY[role]]))
        g.add((att, PKG.surface, Lit(r["surface"], lang="zh")))
        g.add((att, PKG.order, Lit(r["order"], datatype=XSD.integer)))
        g.add((att, PKG.spanStart, Lit(r["span_start"], datatype=XSD.integer)))
        g.add((att, PKG.spanEnd, Lit(r["span_end"], datatype=XSD.integer)))
        g.add((att, PKG.sentence, Lit(r["sentence"])))
    for row in db.read(driver, queries.EXPORT_SECTORS, database, params):
        node = iri("sector", row["s"]["name"])
        g.add((node, RDF.type, PKG.Sector))
        g.add((node, SKOS.prefLabel, Lit(row["s"]["name"], lang="zh")))
        for alias in row["s"].get("aliases") or []:
            if alias != row["s"]["name"]:
                g.add((node, SKOS.altLabel, Lit(alias, lang="zh")))
        if row["broader"]:
            g.add((node, SKOS.broader, iri("sector", row["broader"])))
    for row in db.read(driver, queries.EXPORT_CONCERNS, database, params):
        g.add((iri("task", row["task"]), PKG.concerns, iri("sector", row["sector"])))
    for row in db.read(driver, queries.EXPORT_TARGETS, database, params):
        t = row["g"]
        node = iri("target", t["id"])
        g.add((node, RDF.type, PKG.Target))
        g.add((node, PKG.indicator, Lit(t["indicator"], lang="zh")))
        g.add((node, PKG.inPolicy, iri("policy", t["doc_id"])))
        g.add((node, PKG.sentence, Lit(t["sentence"])))
        g.add((node, PKG.spanStart, Lit(t["span_start"], datatype=XSD.integer)))
        g.add((node, PKG.spanEnd, Lit(t["span_end"], datatype=XSD.integer)))
        if t.get("value") is not None:
            g.add((node, PKG.value, Lit(str(t["value"]), datatype=XSD.decimal)))
        for field in ("unit", "qualifier", "deadline"):
            if t.get(field):
                g.add((node, PKG[field], Lit(t[field])))
        if row["setter"]:
            kind = "task" if "-task-" in row["setter"] else "section"
            g.add((iri(kind, row["setter"]), PKG.sets, node))
    for row in db.read(driver, queries.EXPORT_MENTIONS, database, params):
        node = iri(row["label"].lower(), row["key"])
        g.add((node, RDF.type, PKG[row["label"]]))
        g.add((node, RDFS.label, Lit(row["name"], lang="zh")))
        g.add((iri("task", row["task"]), PKG.mentions, node))
    return g


def export(
    driver: Driver, database: str, base: str, fmt: Format, out: Path, policy: str | None = None
) -> int:
    """Serialise to `out` atomically (a temporary file renamed into place); returns the triple count."""
    if fmt not in _RDFLIB_FORMAT:
        raise ValueError(f"unknown format {fmt}")
    g = build_graph(driver, database, base, policy)
    write_atomic(
        out, lambda fh: g.serialize(destination=fh, format=_RDFLIB_FORMAT[fmt], encoding="utf-8") and None
    )
    return len(g)

"""The vocabulary as Python enums, and the reader that checks them against `policykg.ttl`.

Labels and relationship types are written here once; `ontology_terms()` reads the Turtle ontology
(pkg:neo4jLabel / pkg:neo4jType / pkg:neo4jKey) and a test asserts the two are identical, so the
Neo4j schema and the RDF mapping cannot drift from the ontology.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from .lexicon import ROLE_ZH as LEXICON_ROLE_ZH

ONTOLOGY = Path(__file__).parent / "policykg.ttl"
SHAPES = Path(__file__).parent / "shapes.ttl"
NS = "https://policykg.example.org/ontology#"


class Label(StrEnum):
    POLICY = "Policy"
    POLICY_VERSION = "PolicyVersion"
    SECTION = "Section"
    TASK = "Task"
    DEPARTMENT = "Department"
    SECTOR = "Sector"
    TARGET = "Target"
    ENTERPRISE = "Enterprise"
    ZONE = "Zone"
    PLATFORM = "Platform"
    REGION = "Region"
    TECHNOLOGY = "Technology"
    CITATION = "Citation"


class Rel(StrEnum):
    LEADS = "LEADS"
    SUPPORTS = "SUPPORTS"
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
    GUIDES = "GUIDES"
    HAS_SECTION = "HAS_SECTION"
    HAS_TASK = "HAS_TASK"
    PART_OF = "PART_OF"
    CONCERNS = "CONCERNS"
    SETS = "SETS"
    MENTIONS = "MENTIONS"
    LOCATED_IN = "LOCATED_IN"
    ISSUED_BY = "ISSUED_BY"
    BROADER = "BROADER"
    CITES = "CITES"
    IMPLEMENTS = "IMPLEMENTS"
    SUPERSEDES = "SUPERSEDES"


# the uniqueness key of each label (pkg:neo4jKey)
KEYS: dict[Label, str] = {
    Label.POLICY: "id",
    Label.POLICY_VERSION: "id",
    Label.SECTION: "id",
    Label.TASK: "id",
    Label.DEPARTMENT: "key",
    Label.SECTOR: "name",
    Label.TARGET: "id",
    Label.ENTERPRISE: "key",
    Label.ZONE: "key",
    Label.PLATFORM: "key",
    Label.REGION: "key",
    Label.TECHNOLOGY: "key",
    Label.CITATION: "key",
}

# responsibility roles: ingest's role names -> relationship type, ontology property, Chinese label
ROLE_REL: dict[str, Rel] = {
    "lead": Rel.LEADS,
    "support": Rel.SUPPORTS,
    "responsible": Rel.RESPONSIBLE_FOR,
    "guide": Rel.GUIDES,
}
ROLE_PROPERTY: dict[str, str] = {
    "lead": "leads",
    "support": "supports",
    "responsible": "responsibleFor",
    "guide": "guides",
}
ROLE_ZH: dict[str, str] = dict(LEXICON_ROLE_ZH)
# the same by relationship type: LEADS -> 牵头
REL_ROLE_ZH: dict[str, str] = {str(rel): ROLE_ZH[role] for role, rel in ROLE_REL.items()}
# entity types of ingest -> node labels
ENTITY_LABEL: dict[str, Label] = {
    "enterprise": Label.ENTERPRISE,
    "zone": Label.ZONE,
    "platform": Label.PLATFORM,
    "region": Label.REGION,
    "technology": Label.TECHNOLOGY,
}


@lru_cache(maxsize=1)
def ontology_terms() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(class local name -> label, property local name -> rel type, label -> key) from the Turtle."""
    from rdflib import Graph, Namespace

    pkg = Namespace(NS)
    g = Graph().parse(ONTOLOGY, format="turtle")
    labels: dict[str, str] = {}
    rels: dict[str, str] = {}
    keys: dict[str, str] = {}
    for s, _p, o in g.triples((None, pkg.neo4jLabel, None)):
        labels[str(s).removeprefix(NS)] = str(o)
        key = g.value(s, pkg.neo4jKey)
        if key is not None:
            keys[str(o)] = str(key)
    for s, _p, o in g.triples((None, pkg.neo4jType, None)):
        rels[str(s).removeprefix(NS)] = str(o)
    return labels, rels, keys


# what a node's properties are called where a person reads them (the explorer's side panel); a property
# not listed here is internal (keys, offsets, normalised forms) and not shown
PROPERTY_ZH: dict[str, str] = {
    "name": "名称",
    "full_name": "全称",
    "title": "标题",
    "region": "地区",
    "level": "层级",
    "province": "省份",
    "city": "城市",
    "aliases": "简称/别名",
    "predecessors": "曾用名",
    "renamed_from": "由…更名",
    "renamed_years": "更名年份",
    "issuer": "发文机关",
    "doc_number": "文号",
    "doc_type": "文种",
    "issued": "成文日期",
    "date": "日期",
    "source_name": "来源文件",
    "length": "字数",
    "number": "序号",
    "path_text": "条目",
    "deadline_text": "完成时限",
    "indicator": "指标",
    "value_text": "目标值",
    "unit": "单位",
    "qualifier": "限定",
    "scope": "范围",
    "broader": "上位领域",
    "basis": "依据",
    "platform_field": "平台领域",
    "collective": "统称",
    "page": "页码",
}

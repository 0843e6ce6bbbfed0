"""Every Cypher statement policykg sends, as a named constant. Values only as $parameters.

Labels and relationship types are those of `ontology.vocab` (a test checks every one used here).
Writes are batched with UNWIND $rows; MERGE is used only on keys with a uniqueness constraint.
"""

from __future__ import annotations

# --- schema --------------------------------------------------------------------------------------
# (constraint statements are generated from ontology.vocab.KEYS in graph/schema.py; their names
# and labels come from the enum, no value is ever interpolated)

FULLTEXT_TASKS = (
    "CREATE FULLTEXT INDEX task_text IF NOT EXISTS FOR (n:Task|Section|Target) "
    "ON EACH [n.title, n.text, n.indicator] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
)
FULLTEXT_NAMES = (
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS "
    "FOR (n:Department|Sector|Enterprise|Zone|Platform|Technology|Region|Policy) "
    "ON EACH [n.name, n.aliases_text, n.title] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
)
INDEX_TASK_DOC = "CREATE INDEX task_doc IF NOT EXISTS FOR (n:Task) ON (n.doc_id)"
INDEX_SECTION_DOC = "CREATE INDEX section_doc IF NOT EXISTS FOR (n:Section) ON (n.doc_id)"
INDEX_TARGET_DOC = "CREATE INDEX target_doc IF NOT EXISTS FOR (n:Target) ON (n.doc_id)"
INDEX_POLICY_VERSION = "CREATE INDEX policy_version IF NOT EXISTS FOR (n:Policy) ON (n.version_key)"
INDEX_DEPARTMENT_NAME = "CREATE INDEX department_name IF NOT EXISTS FOR (n:Department) ON (n.name)"
# a policy is found by the number or title other documents cite it by (IMPLEMENTS, graph/load.py)
INDEX_POLICY_NUMBER = "CREATE INDEX policy_number_key IF NOT EXISTS FOR (n:Policy) ON (n.number_key)"
INDEX_POLICY_TITLE = "CREATE INDEX policy_title_key IF NOT EXISTS FOR (n:Policy) ON (n.title_key)"
# what lists of policies are ordered by (the signature date, else the 成文日期): each page read in index order
INDEX_POLICY_LISTED = "CREATE INDEX policy_listed IF NOT EXISTS FOR (n:Policy) ON (n.listed)"
# a store loaded before `listed` existed gets it once, when the schema is ensured
BACKFILL_POLICY_LISTED = """
MATCH (p:Policy) WHERE p.listed IS NULL SET p.listed = coalesce(p.issued, p.date, '') RETURN count(p) AS n
"""
INDEX_DEPARTMENT_REGION = "CREATE INDEX department_region IF NOT EXISTS FOR (n:Department) ON (n.region)"
INDEX_TARGET_DEADLINE = "CREATE INDEX target_deadline IF NOT EXISTS FOR (n:Target) ON (n.deadline)"
# questions (graph/ask_compile.py) start from one of these: a deadline year, the role types a task has a
# unit for (哪些任务没有牵头单位), a document's region or date, a target's deadline or indicator words
INDEX_TASK_DEADLINE_YEAR = "CREATE INDEX task_deadline_year IF NOT EXISTS FOR (n:Task) ON (n.deadline_year)"
INDEX_TASK_ROLES_HELD = "CREATE INDEX task_roles_held IF NOT EXISTS FOR (n:Task) ON (n.roles_held)"
# a store loaded before `roles_held` existed gets it once, when the schema is ensured (as graph/load.py sets it)
BACKFILL_TASK_ROLES_HELD = """
MATCH (t:Task) WHERE t.roles_held IS NULL
CALL (t) {
  OPTIONAL MATCH (t)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(:Department)
  WITH DISTINCT type(r) AS held WHERE held IS NOT NULL
  WITH held ORDER BY held
  RETURN reduce(s = '', x IN collect(held) | s + CASE s WHEN '' THEN '' ELSE ',' END + x) AS held
}
SET t.roles_held = held
RETURN count(t) AS n
"""
INDEX_POLICY_REGION = "CREATE INDEX policy_region IF NOT EXISTS FOR (n:Policy) ON (n.region)"
INDEX_POLICY_DATE = "CREATE INDEX policy_date IF NOT EXISTS FOR (n:Policy) ON (n.date)"
INDEX_TARGET_INDICATOR = "CREATE TEXT INDEX target_indicator IF NOT EXISTS FOR (n:Target) ON (n.indicator)"
FULLTEXT_POLICY_TEXT = (
    "CREATE FULLTEXT INDEX policy_text IF NOT EXISTS FOR (n:Policy) ON EACH [n.title, n.text] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
)
SHOW_CONSTRAINTS = (
    "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN name, labelsOrTypes, properties"
)
AWAIT_INDEXES = "CALL db.awaitIndexes(120)"
# the full-text indexes are eventually consistent (Lucene work leaves the committing transaction and is
# applied in batches, half the loader's CPU); callers that search right after writing wait for them
AWAIT_SEARCH = "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"

# --- loading one document: one statement, one write transaction ------------------------------------
# A document is written by ONE statement (`LOAD_DOCUMENT`), sent with `driver.execute_query`, which
# pipelines BEGIN with it: two round trips per document (run, commit), where a statement per part took
# six (begin, four statements, commit); 15-25 % faster per document (docs/benchmarks.md).
# Plans are what a fresh server spends its time on (0.5-2 s each), so it is made once:
# - it takes its values as ONE map parameter, `$doc`: Neo4j keys its plan cache on each parameter's
#   type *and size bucket*, so separate list parameters (`$roles`, `$tasks` ...) got a new plan whenever
#   one document's lists fell into other size buckets than the last one's (100 cold loads: 26 s -> 15 s);
# - `replan=skip`: these plans are index seeks on constrained keys whatever the statistics say, and a
#   graph that grows from empty would otherwise have them replanned over and over.
#
# The claim: MERGE on the constrained id takes the key's lock, so a concurrent load of the same document
# waits there and then finds it present (`fresh` false: nothing else is written). Everything after it
# runs only for a fresh claim, as a chain of unit subqueries run once, in order (later ones see earlier
# writes): the earlier versions of the document (same version key) deleted, shared nodes merged in the
# caller's sorted order (department key, then entity label and key, so that concurrent loads of
# different documents lock them in one global order), the document's own sections and tasks, its
# roles (with provenance), sectors, targets and entity mentions, and, when versions were replaced, the
# shared nodes nothing refers to any more. Every list is sent, even when empty.

# what one policy owns (its sections, tasks, targets and earlier versions) and the policy itself; the
# caller binds `id`
_DELETE_POLICY = """
  MATCH (p:Policy {id: id})
  OPTIONAL MATCH (p)-[:HAS_SECTION]->(s:Section)
  OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
  OPTIONAL MATCH (g:Target {doc_id: id})
  WITH p, collect(DISTINCT s) + collect(DISTINCT t) + collect(DISTINCT g) AS owned
  FOREACH (n IN owned | DETACH DELETE n)
  WITH p, size(owned) AS removed
  CALL (p) {
    OPTIONAL MATCH (p)-[:SUPERSEDES*1..]->(v:PolicyVersion)
    DETACH DELETE v
  }
  DETACH DELETE p
  RETURN removed
"""
# the documents `older` (ids) superseded by `p`: what they own goes, each Policy node stays as a
# PolicyVersion with its text and no other relationship than (p)-[:SUPERSEDES]->(it); documents that
# implemented an old version now implement `p`
_SUPERSEDE_POLICIES = """
  CALL (p, older) {
    UNWIND older AS id
    MATCH (o:Policy {id: id})
    OPTIONAL MATCH (o)-[:HAS_SECTION]->(s:Section)
    OPTIONAL MATCH (o)-[:HAS_TASK]->(t:Task)
    OPTIONAL MATCH (g:Target {doc_id: id})
    WITH p, o, collect(DISTINCT s) + collect(DISTINCT t) + collect(DISTINCT g) AS owned
    FOREACH (n IN owned | DETACH DELETE n)
    WITH p, o, size(owned) AS removed
    CALL (p, o) {
      MATCH (c:Policy)-[:IMPLEMENTS]->(o) WHERE c <> p
      MERGE (c)-[:IMPLEMENTS]->(p)
    }
    CALL (o) {
      MATCH (o)-[r]-() WHERE NOT (type(r) = 'SUPERSEDES' AND startNode(r) = o)
      DELETE r
    }
    REMOVE o:Policy
    SET o:PolicyVersion, o.superseded_by = $doc.id, o.superseded_at = datetime()
    CREATE (p)-[:SUPERSEDES]->(o)
    RETURN sum(removed) AS replaced_nodes
  }"""
# shared nodes that no document refers to any more (after a removal or a replaced version)
DELETE_ORPHANS = """
MATCH (n)
WHERE (n:Department OR n:Enterprise OR n:Zone OR n:Platform OR n:Technology OR n:Citation)
  AND NOT (n)--(:Task) AND NOT (n)<-[:ISSUED_BY]-(:Policy) AND NOT (n)<-[:CITES]-(:Policy)
DETACH DELETE n
"""
DELETE_DOCUMENT = "WITH $id AS id\nCALL (id) {" + _DELETE_POLICY + "}\nRETURN removed"

LOAD_DOCUMENT = (
    """CYPHER replan=skip
MERGE (p:Policy {id: $doc.id})
ON CREATE SET p.loading = true
WITH p, coalesce(p.loading, false) AS fresh
REMOVE p.loading
WITH p, fresh,
     COLLECT { MATCH (o:Policy {version_key: $doc.version_key}) WHERE o.id <> $doc.id RETURN o.id AS id
               UNION
               MATCH (o:Policy) WHERE o.id IN $doc.replaces AND o.id <> $doc.id RETURN o.id AS id } AS older
CALL (p, fresh, older) {
  WITH p, older WHERE fresh
  SET p.title = $doc.title, p.title_derived = $doc.title_derived, p.issuer = $doc.issuer,
      p.date = $doc.date, p.doc_number = $doc.doc_number, p.doc_type = $doc.doc_type,
      p.region = $doc.region, p.level = $doc.level, p.source_name = $doc.source_name,
      p.encoding = $doc.encoding, p.length = $doc.length, p.text = $doc.text,
      p.version_key = $doc.version_key, p.name = $doc.title, p.ingested_at = datetime(),
      p.issued = $doc.issued, p.listed = coalesce($doc.issued, $doc.date, ''), p.province = $doc.province, p.city = $doc.city, p.scope = $doc.scope,
      p.number_key = $doc.number_key, p.title_key = $doc.title_key, p.page_starts = $doc.page_starts
  WITH p, older
  // this document kept as an earlier version (it is current again): that copy goes
  CALL () {
    OPTIONAL MATCH (v:PolicyVersion {id: $doc.id})
    DETACH DELETE v
  }
  // the earlier versions go first"""
    + _SUPERSEDE_POLICIES
    + """
  // shared nodes
  CALL () {
    UNWIND $doc.departments AS r
    OPTIONAL MATCH (known:Department {key: r.key})
    WITH r, known IS NULL AS fresh
    MERGE (d:Department {key: r.key})
    ON CREATE SET d.name = r.name, d.full_name = r.full_name, d.level = r.level, d.region = r.region,
                  d.collective = r.collective, d.known = r.known, d.aliases = r.aliases,
                  d.aliases_text = reduce(s = '', a IN r.aliases | s + ' ' + a),
                  d.predecessors = r.predecessors, d.renamed_years = r.renamed_years
    WITH d, r, fresh, [a IN r.aliases WHERE NOT a IN d.aliases] AS new,
         [i IN range(0, size(r.predecessors) - 1)
          WHERE NOT r.predecessors[i] IN coalesce(d.predecessors, [])] AS new_predecessors
    // a department already present is written (and locked, and re-indexed) only when this document adds to it
    FOREACH (_ IN CASE WHEN size(new) > 0 OR (d.full_name IS NULL AND r.full_name IS NOT NULL)
                            OR (r.known AND NOT d.known) OR size(new_predecessors) > 0 THEN [1] ELSE [] END |
      SET d.aliases = d.aliases + new, d.full_name = coalesce(d.full_name, r.full_name),
          d.known = d.known OR r.known,
          d.predecessors = coalesce(d.predecessors, []) + [i IN new_predecessors | r.predecessors[i]],
          d.renamed_years = coalesce(d.renamed_years, []) + [i IN new_predecessors | r.renamed_years[i]]
      SET d.aliases_text = reduce(s = '', a IN d.aliases | s + ' ' + a))
    // only a department new to the graph is linked to its region: re-merging the link on every load would
    // lock each department and its region in turn, out of the key order the rows are sorted in
    WITH d, r, fresh
    CALL (d, r, fresh) {
      WITH d, r WHERE fresh AND r.region IS NOT NULL
      MERGE (g:Region {key: r.region})
      ON CREATE SET g.name = r.region, g.aliases = [r.region], g.aliases_text = r.region
      MERGE (d)-[:LOCATED_IN]->(g)
    }
  }
  CALL (p) {
    UNWIND $doc.issuer_keys AS issuer_key
    MATCH (issuer:Department {key: issuer_key})
    CREATE (p)-[:ISSUED_BY]->(issuer)
  }
  // the documents this one implements (贯彻落实《…》（…号）), and those that implement it: linked
  // whichever of the two is loaded first
  CALL (p) {
    UNWIND $doc.citations AS c
    MERGE (x:Citation {key: c.key})
    ON CREATE SET x.title = c.title, x.doc_number = c.doc_number, x.name = coalesce(c.title, c.doc_number)
    CREATE (p)-[:CITES {title: c.title, doc_number: c.doc_number}]->(x)
    WITH p, x
    CALL (x) {
      MATCH (q:Policy {number_key: x.key}) RETURN q
      UNION
      MATCH (q:Policy {title_key: x.key}) RETURN q
    }
    WITH p, q WHERE q.id <> $doc.id
    MERGE (p)-[:IMPLEMENTS]->(q)
  }
  CALL (p) {
    MATCH (x:Citation) WHERE x.key IN [$doc.number_key, $doc.title_key]
    MATCH (q:Policy)-[:CITES]->(x) WHERE q.id <> $doc.id
    MERGE (q)-[:IMPLEMENTS]->(p)
  }
  CALL () {
    UNWIND $doc.entities AS r
    FOREACH (_ IN CASE WHEN r.label = 'Enterprise' THEN [1] ELSE [] END |
      MERGE (e:Enterprise {key: r.key}) ON CREATE SET e.name = r.name, e.aliases = r.aliases, e.aliases_text = r.aliases_text)
    FOREACH (_ IN CASE WHEN r.label = 'Zone' THEN [1] ELSE [] END |
      MERGE (e:Zone {key: r.key}) ON CREATE SET e.name = r.name, e.aliases = r.aliases, e.aliases_text = r.aliases_text)
    FOREACH (_ IN CASE WHEN r.label = 'Platform' THEN [1] ELSE [] END |
      MERGE (e:Platform {key: r.key}) ON CREATE SET e.name = r.name, e.aliases = r.aliases, e.aliases_text = r.aliases_text)
    FOREACH (_ IN CASE WHEN r.label = 'Technology' THEN [1] ELSE [] END |
      MERGE (e:Technology {key: r.key}) ON CREATE SET e.name = r.name, e.aliases = r.aliases, e.aliases_text = r.aliases_text)
    FOREACH (_ IN CASE WHEN r.label = 'Region' THEN [1] ELSE [] END |
      MERGE (e:Region {key: r.key}) ON CREATE SET e.name = r.name, e.aliases = r.aliases, e.aliases_text = r.aliases_text)
  }
  // the document's own sections (with their parents) and tasks
  CALL (p) {
    UNWIND $doc.sections AS r
    CREATE (s:Section {id: r.id})
    SET s.doc_id = $doc.id, s.path = r.path, s.label = r.label, s.title = r.title, s.name = r.title,
        s.level = r.level, s.span_start = r.span_start, s.span_end = r.span_end
    CREATE (p)-[:HAS_SECTION]->(s)
  }
  CALL () {
    UNWIND $doc.section_parents AS pr
    MATCH (s:Section {id: pr.id}), (parent:Section {id: pr.parent_id})
    CREATE (s)-[:PART_OF]->(parent)
  }
  CALL (p) {
    UNWIND $doc.tasks AS r
    MATCH (s:Section {id: r.section_id})
    CREATE (t:Task {id: r.id})
    SET t.doc_id = $doc.id, t.path = r.path, t.path_text = r.path_text, t.title = r.title, t.name = r.title,
        t.text = r.text, t.span_start = r.span_start, t.span_end = r.span_end, t.source = r.source,
        t.lead = r.lead, t.support = r.support, t.responsible = r.responsible, t.guide = r.guide,
        t.deadline_year = r.deadline_year, t.deadline_month = r.deadline_month, t.deadline_text = r.deadline_text,
        t.page = r.page, t.column_names = r.column_names, t.column_values = r.column_values,
        t.roles_held = r.roles_held
    CREATE (s)-[:HAS_TASK]->(t)
    CREATE (p)-[:HAS_TASK]->(t)
  }
  // roles, with their provenance
  CALL () {
    UNWIND $doc.roles AS r
    MATCH (d:Department {key: r.key}), (t:Task {id: r.task_id})
    FOREACH (_ IN CASE WHEN r.role = 'lead' THEN [1] ELSE [] END |
      CREATE (d)-[:LEADS {doc_id: $doc.id, surface: r.surface, order: r.order, span_start: r.span_start,
                          span_end: r.span_end, sentence: r.sentence, inherited: r.inherited,
                          renamed_from: r.renamed_from}]->(t))
    FOREACH (_ IN CASE WHEN r.role = 'support' THEN [1] ELSE [] END |
      CREATE (d)-[:SUPPORTS {doc_id: $doc.id, surface: r.surface, order: r.order, span_start: r.span_start,
                             span_end: r.span_end, sentence: r.sentence, inherited: r.inherited,
                          renamed_from: r.renamed_from}]->(t))
    FOREACH (_ IN CASE WHEN r.role = 'responsible' THEN [1] ELSE [] END |
      CREATE (d)-[:RESPONSIBLE_FOR {doc_id: $doc.id, surface: r.surface, order: r.order,
                                    span_start: r.span_start, span_end: r.span_end, sentence: r.sentence,
                                    inherited: r.inherited, renamed_from: r.renamed_from}]->(t))
    FOREACH (_ IN CASE WHEN r.role = 'guide' THEN [1] ELSE [] END |
      CREATE (d)-[:GUIDES {doc_id: $doc.id, surface: r.surface, order: r.order, span_start: r.span_start,
                           span_end: r.span_end, sentence: r.sentence, inherited: r.inherited,
                          renamed_from: r.renamed_from}]->(t))
  }
  // sectors, merged as tasks are linked to them, with their broader sector
  CALL () {
    UNWIND $doc.concerns AS r
    MATCH (t:Task {id: r.task_id})
    MERGE (s:Sector {name: r.sector})
    ON CREATE SET s.aliases = r.aliases, s.platform_field = r.platform_field,
                  s.aliases_text = reduce(acc = '', a IN r.aliases | acc + ' ' + a)
    CREATE (t)-[:CONCERNS {doc_id: $doc.id, basis: r.basis}]->(s)
    FOREACH (b IN CASE WHEN r.broader IS NULL THEN [] ELSE [r.broader] END |
      MERGE (parent:Sector {name: b})
      ON CREATE SET parent.aliases = [b], parent.aliases_text = b, parent.platform_field = false
      MERGE (s)-[:BROADER]->(parent))
  }
  CALL () {
    UNWIND $doc.targets AS r
    CREATE (g:Target {id: r.id})
    SET g.doc_id = $doc.id, g.indicator = r.indicator, g.name = r.indicator, g.value = r.value,
        g.value_text = r.value_text, g.unit = r.unit, g.qualifier = r.qualifier, g.deadline = r.deadline,
        g.span_start = r.span_start, g.span_end = r.span_end, g.sentence = r.sentence, g.text = r.sentence,
        g.page = r.page
    WITH g, r
    OPTIONAL MATCH (t:Task {id: r.task_id})
    OPTIONAL MATCH (s:Section {id: r.section_id})
    FOREACH (x IN CASE WHEN t IS NULL THEN [] ELSE [t] END | CREATE (x)-[:SETS]->(g))
    FOREACH (x IN CASE WHEN t IS NULL AND s IS NOT NULL THEN [s] ELSE [] END | CREATE (x)-[:SETS]->(g))
  }
  CALL () {
    UNWIND $doc.mentions AS r
    MATCH (t:Task {id: r.task_id})
    OPTIONAL MATCH (e1:Enterprise {key: r.key}) WHERE r.label = 'Enterprise'
    OPTIONAL MATCH (e2:Zone {key: r.key}) WHERE r.label = 'Zone'
    OPTIONAL MATCH (e3:Platform {key: r.key}) WHERE r.label = 'Platform'
    OPTIONAL MATCH (e4:Technology {key: r.key}) WHERE r.label = 'Technology'
    OPTIONAL MATCH (e5:Region {key: r.key}) WHERE r.label = 'Region'
    WITH t, r, coalesce(e1, e2, e3, e4, e5) AS e WHERE e IS NOT NULL
    CREATE (t)-[:MENTIONS {doc_id: $doc.id, surface: r.surface, span_starts: r.span_starts,
                           span_ends: r.span_ends, sentence: r.sentence}]->(e)
  }
  // after a replacement, what only the earlier versions referred to (the scan in a subquery of its own:
  // the planner would otherwise scan every shared node and only then look at the condition)
  CALL (older) {
    WITH older WHERE size(older) > 0
    CALL () {"""
    + DELETE_ORPHANS
    + """    }
  }
}
RETURN fresh, older
"""
)

# --- bulk loading (graph/bulk.py) ------------------------------------------------------------------
# is there anything at all (bulk import is for an empty database)
ANY_NODE = "MATCH (n) RETURN 1 AS found LIMIT 1"
# after the import, what a CSV field cannot carry (empty lists, ...): templates whose {label}, {key},
# {type} ... graph/bulk.py fills from the ontology's enums (Label, Rel, KEYS), values as $rows
BULK_SET_NODE_PROPS = "UNWIND $rows AS r MATCH (n:{label} {{{key}: r.key}}) SET n += r.props"
BULK_CREATE_RELS = (
    "UNWIND $rows AS r MATCH (a:{a} {{{a_key}: r.a}}) MATCH (b:{b} {{{b_key}: r.b}}) "
    "CREATE (a)-[x:{type}]->(b) SET x = r.props"
)

# changes with every ingest, replacement and removal (graph/cache.py); count(p) comes from the count store
GRAPH_SIGNATURE = "MATCH (p:Policy) RETURN count(p) AS policies, max(p.ingested_at) AS newest"

# --- statistics ------------------------------------------------------------------------------------
NODE_COUNTS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
REL_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"
# a page of policies, newest first, read in the order of the `listed` index
LIST_POLICIES = """
MATCH (p:Policy) WHERE p.listed >= ''
WITH p ORDER BY p.listed DESC, p.title SKIP $skip LIMIT $limit
RETURN p.id AS id, p.title AS title, p.issuer AS issuer, p.date AS date, p.doc_number AS doc_number,
       p.doc_type AS doc_type, p.source_name AS source_name, p.region AS region, p.level AS level,
       p.issued AS issued, COUNT { (p)-[:HAS_TASK]->() } AS tasks
"""

# --- identity and versions --------------------------------------------------------------------------
FIND_POLICY_IDS = "MATCH (p:Policy) WHERE p.id STARTS WITH $id RETURN p.id AS id LIMIT 6"
FIND_VERSION_IDS = "MATCH (v:PolicyVersion) WHERE v.id STARTS WITH $id RETURN v.id AS id LIMIT 6"
LIST_VERSIONS = """
MATCH (p:Policy {id: $id})-[:SUPERSEDES*1..]->(v:PolicyVersion)
RETURN v.id AS id, v.title AS title, v.doc_number AS doc_number, v.issuer AS issuer, v.region AS region,
       v.source_name AS source_name, toString(v.ingested_at) AS ingested_at,
       toString(v.superseded_at) AS superseded_at, v.superseded_by AS superseded_by
ORDER BY v.superseded_at DESC
"""
# an earlier version's stored text, and the current document(s) that superseded it
VERSION_SOURCE = """
MATCH (v:PolicyVersion {id: $id})
RETURN v.text AS text, v.encoding AS encoding, v.page_starts AS page_starts, v.source_name AS source_name,
       [(p:Policy)-[:SUPERSEDES*1..]->(v) | p.id] AS current
"""

# --- RDF export (a whole graph, or one policy when $policy is not null) ----------------------------
EXPORT_POLICIES = """
MATCH (p:Policy) WHERE $policy IS NULL OR p.id = $policy
RETURN p {.id, .title, .issuer, .date, .issued, .doc_number, .doc_type, .region, .level, .source_name} AS p,
       [(p)-[:ISSUED_BY]->(d:Department) | d.key] AS issuer_keys,
       [(p)-[:IMPLEMENTS]->(q:Policy) | q.id] AS implements
"""
EXPORT_SECTIONS = """
MATCH (p:Policy)-[:HAS_SECTION]->(s:Section) WHERE $policy IS NULL OR p.id = $policy
OPTIONAL MATCH (s)-[:PART_OF]->(parent:Section)
RETURN p.id AS policy, s {.id, .title, .label, .level, .span_start, .span_end} AS s, parent.id AS parent
"""
EXPORT_TASKS = """
MATCH (p:Policy)-[:HAS_TASK]->(t:Task) WHERE $policy IS NULL OR p.id = $policy
OPTIONAL MATCH (s:Section)-[:HAS_TASK]->(t)
RETURN p.id AS policy, s.id AS section,
       t {.id, .title, .text, .path_text, .span_start, .span_end, .source} AS t
"""
EXPORT_ROLES = """
MATCH (p:Policy)-[:HAS_TASK]->(t:Task)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(d:Department)
WHERE $policy IS NULL OR p.id = $policy
RETURN t.id AS task, type(r) AS type, d.key AS department,
       r {.surface, .order, .span_start, .span_end, .sentence, .inherited} AS r
"""
EXPORT_DEPARTMENTS = """
MATCH (d:Department)
WHERE $policy IS NULL OR EXISTS { (d)-[]->(:Task)<-[:HAS_TASK]-(:Policy {id: $policy}) }
   OR EXISTS { (d)<-[:ISSUED_BY]-(:Policy {id: $policy}) }
OPTIONAL MATCH (d)-[:LOCATED_IN]->(g:Region)
RETURN d {.key, .name, .full_name, .level, .region, .aliases, .collective, .known} AS d, g.key AS region
"""
EXPORT_SECTORS = """
MATCH (s:Sector)
OPTIONAL MATCH (s)-[:BROADER]->(b:Sector)
RETURN s {.name, .aliases} AS s, b.name AS broader
"""
EXPORT_CONCERNS = """
MATCH (p:Policy)-[:HAS_TASK]->(t:Task)-[c:CONCERNS]->(s:Sector) WHERE $policy IS NULL OR p.id = $policy
RETURN t.id AS task, s.name AS sector
"""
EXPORT_TARGETS = """
MATCH (g:Target) WHERE $policy IS NULL OR g.doc_id = $policy
OPTIONAL MATCH (x)-[:SETS]->(g)
RETURN g {.id, .doc_id, .indicator, .value, .value_text, .unit, .qualifier, .deadline, .span_start, .span_end,
          .sentence} AS g, x.id AS setter
"""
EXPORT_MENTIONS = """
MATCH (p:Policy)-[:HAS_TASK]->(t:Task)-[m:MENTIONS]->(e) WHERE $policy IS NULL OR p.id = $policy
RETURN t.id AS task, labels(e)[0] AS label, e.key AS key, e.name AS name, m.surface AS surface
"""

# --- lookups (REST) ------------------------------------------------------------------------------------
# by name in every region, or in the regions whose name starts with $region (浙江 -> 浙江省)
FIND_DEPARTMENTS = """
MATCH (d:Department)
WHERE (d.key = $name OR d.name = $name OR d.full_name = $name OR $name IN d.aliases)
  AND ($region IS NULL OR d.region STARTS WITH $region)
RETURN d {.key, .name, .full_name, .level, .region, .aliases, .collective, .known, .predecessors,
          .renamed_years} AS d,
       COUNT { (d)-->(:Task) } AS roles
ORDER BY roles DESC, d.key
"""
DEPARTMENT_NAMES = """
MATCH (d:Department)
RETURN d.key AS key, d.name AS name, coalesce(d.aliases, []) + [coalesce(d.full_name, d.name)] AS names,
       COUNT { (d)-->(:Task) } AS roles
"""
SEARCH_DEPARTMENTS = """
MATCH (d:Department)
WHERE $q IS NULL OR d.name CONTAINS $q OR d.key CONTAINS $q OR any(a IN d.aliases WHERE a CONTAINS $q)
   OR coalesce(d.full_name, '') CONTAINS $q
WITH d, COUNT { (d)-[:LEADS]->(:Task) } AS lead, COUNT { (d)-[:SUPPORTS]->(:Task) } AS support,
     COUNT { (d)-[:RESPONSIBLE_FOR]->(:Task) } AS responsible, COUNT { (d)-[:GUIDES]->(:Task) } AS guide
RETURN d {.key, .name, .full_name, .level, .region, .aliases, .collective, .known} AS d,
       {lead: lead, support: support, responsible: responsible, guide: guide} AS counts
ORDER BY lead + support + responsible + guide DESC, d.key
SKIP $skip LIMIT $limit
"""
# a department's page in one query: the best match by name, key, full name or alias (most roles first),
# its counts by role and the units it co-leads with
DEPARTMENT_DETAIL = """
MATCH (d:Department)
WHERE (d.key = $name OR d.name = $name OR d.full_name = $name OR $name IN d.aliases)
  AND ($region IS NULL OR d.region STARTS WITH $region)
WITH d, COUNT { (d)-->(:Task) } AS roles
ORDER BY roles DESC, d.key
WITH collect({d: d, roles: roles}) AS found
WHERE size(found) > 0
WITH found[0].d AS d, found
RETURN d {.key, .name, .full_name, .level, .region, .aliases, .collective, .known, .predecessors,
          .renamed_years} AS d,
       [x IN tail(found) | x.d.key] AS other_keys,
       [x IN found | {key: x.d.key, name: x.d.name, full_name: x.d.full_name, region: x.d.region, level: x.d.level,
                      tasks: x.roles}] AS matches,
       {lead: COUNT { (d)-[:LEADS]->(:Task) }, support: COUNT { (d)-[:SUPPORTS]->(:Task) },
        responsible: COUNT { (d)-[:RESPONSIBLE_FOR]->(:Task) }, guide: COUNT { (d)-[:GUIDES]->(:Task) }} AS counts,
       COLLECT { MATCH (d)-[:LEADS]->(t:Task)<-[:LEADS]-(o:Department)
                 WITH o, count(DISTINCT t) AS tasks ORDER BY tasks DESC, o.name
                 RETURN {name: o.name, key: o.key, tasks: tasks} } AS co_leads
"""
DEPARTMENT_TASKS = """
MATCH (d:Department {key: $key})-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]->(t:Task)<-[:HAS_TASK]-(p:Policy)
WHERE type(r) IN $types AND ($policy IS NULL OR p.id STARTS WITH $policy)
OPTIONAL MATCH (t)-[:CONCERNS]->(s:Sector)
OPTIONAL MATCH (t)-[:SETS]->(g:Target)
WITH d, r, t, p, collect(DISTINCT s.name) AS sectors, collect(DISTINCT g {.indicator, .value, .value_text, .unit,
     .qualifier, .deadline}) AS targets
ORDER BY p.date DESC, p.id, t.span_start
RETURN t {.id, .title, .text, .path_text, .span_start, .span_end, .lead, .support, .responsible, .guide,
          .deadline_year, .deadline_month, .deadline_text, .page, .column_names, .column_values} AS task,
       type(r) AS type, r {.surface, .sentence, .span_start, .span_end, .inherited} AS role,
       p {.id, .title, .date, .doc_number} AS policy, sectors, targets
"""
POLICY_DETAIL = """
MATCH (p:Policy) WHERE p.id STARTS WITH $id
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
WITH p, count(t) AS tasks
RETURN p {.id, .title, .title_derived, .issuer, .date, .issued, .doc_number, .doc_type, .region, .level,
          .province, .city, .source_name, .length} AS p, tasks,
       [(p)-[:IMPLEMENTS]->(q:Policy) | q {.id, .title, .doc_number}] AS implements,
       [(q:Policy)-[:IMPLEMENTS]->(p) | q {.id, .title, .doc_number, .region}] AS implemented_by,
       [(p)-[c:CITES]->(:Citation) | c {.title, .doc_number}] AS cites,
       [(p)-[:HAS_SECTION]->(s:Section) | s {.id, .title, .path, .level}] AS sections,
       [(p)-[:SUPERSEDES*1..]->(v:PolicyVersion) | v {.id, .title, .doc_number, .source_name,
        superseded_at: toString(v.superseded_at), superseded_by: v.superseded_by}] AS versions
"""
POLICY_TASKS = """
MATCH (p:Policy)-[:HAS_TASK]->(t:Task) WHERE p.id STARTS WITH $id
OPTIONAL MATCH (t)-[:SETS]->(g:Target)
WITH p, t, collect(g {.indicator, .value, .value_text, .unit, .qualifier, .deadline}) AS targets
ORDER BY t.span_start
RETURN t {.id, .title, .text, .path_text, .span_start, .span_end, .lead, .support, .responsible, .guide,
          .deadline_year, .deadline_month, .deadline_text, .page, .column_names, .column_values} AS task,
       p {.id, .title, .date, .doc_number} AS policy, targets
"""
SECTORS = """
MATCH (s:Sector)
OPTIONAL MATCH (s)<-[:CONCERNS]-(t:Task)
OPTIONAL MATCH (s)-[:BROADER]->(b:Sector)
RETURN s.name AS name, coalesce(s.aliases, [s.name]) AS aliases, coalesce(s.platform_field, false) AS platform_field,
       b.name AS broader,
       count(DISTINCT t) AS tasks
ORDER BY tasks DESC, name
"""
SECTOR_NAMES = "MATCH (s:Sector) RETURN s.name AS name, coalesce(s.aliases, []) AS aliases"
SECTOR_DEPARTMENTS = """
MATCH (:Sector {name: $name})<-[:CONCERNS]-(t:Task)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(d:Department)
WHERE type(r) IN $types
MATCH (p:Policy)-[:HAS_TASK]->(t)
WITH d, min(r.order) AS first_order, min(t.span_start) AS first_task,
     collect({task_id: t.id, task: t.title, role: type(r), surface: r.surface, sentence: r.sentence,
              span: [r.span_start, r.span_end], policy_id: p.id, policy: p.title}) AS evidence
RETURN d.name AS name, d.key AS key, evidence
ORDER BY first_task, first_order
"""
TASK_DETAIL = """
MATCH (p:Policy)-[:HAS_TASK]->(t:Task {id: $id})
OPTIONAL MATCH (s:Section)-[:HAS_TASK]->(t)
RETURN t {.id, .title, .text, .path_text, .path, .span_start, .span_end, .source, .lead, .support, .responsible,
          .guide, .deadline_year, .deadline_month, .deadline_text, .page} AS task,
       p {.id, .title, .date, .doc_number, .issuer} AS policy, s {.id, .title} AS section,
       [(t)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(d:Department) | {role: type(r), department: d.name,
         key: d.key, surface: r.surface, order: r.order, sentence: r.sentence, span: [r.span_start, r.span_end],
         inherited: r.inherited, renamed_from: r.renamed_from}] AS roles,
       [(t)-[:SETS]->(g:Target) | g {.id, .indicator, .value, .value_text, .unit, .qualifier, .deadline, .sentence,
         .span_start, .span_end}] AS targets,
       [(t)-[m:MENTIONS]->(e) | {type: labels(e)[0], name: e.name, surface: m.surface, sentence: m.sentence}] AS entities,
       [(t)-[:CONCERNS]->(c:Sector) | c.name] AS sectors
"""
# targets, a page at a time: due by a year (read in the order of the deadline index), of a sector (from
# its tasks), or the newest policies' first (in the order of the `listed` index)
_TARGET_ROWS = """
OPTIONAL MATCH (x)-[:SETS]->(g)
OPTIONAL MATCH (x)-[:CONCERNS]->(s:Sector)
WITH g, x, p, collect(DISTINCT s.name) AS sectors
WHERE $sector IS NULL OR $sector IN sectors
RETURN g {.id, .indicator, .value, .value_text, .unit, .qualifier, .deadline, .sentence, .span_start,
          .span_end} AS target, sectors, x.id AS task_or_section, x.title AS context,
       p {.id, .title} AS policy
"""
TARGETS_DUE = (
    """
MATCH (g:Target) WHERE g.deadline < $before
WITH g ORDER BY g.deadline, g.doc_id, g.span_start
MATCH (p:Policy {id: g.doc_id})
"""
    + _TARGET_ROWS
    + "SKIP $skip LIMIT $limit\n"
)
TARGETS_OF_SECTOR = (
    """
MATCH (:Sector {name: $sector})<-[:CONCERNS]-(x)-[:SETS]->(g:Target)
WITH DISTINCT g ORDER BY g.deadline, g.doc_id, g.span_start
MATCH (p:Policy {id: g.doc_id})
"""
    + _TARGET_ROWS
    + "SKIP $skip LIMIT $limit\n"
)
TARGETS_NEWEST = (
    """
MATCH (p:Policy) WHERE p.listed >= ''
WITH p ORDER BY p.listed DESC, p.id
MATCH (g:Target {doc_id: p.id})
WITH p, g ORDER BY p.listed DESC, p.id, g.deadline, g.span_start
"""
    + _TARGET_ROWS
    + "SKIP $skip LIMIT $limit\n"
)

# --- questions in Chinese (graph/ask.py, ask_compile.py): names to link, places, composed statements ---
ASK_GAZETTEER = """
CALL () {
  MATCH (d:Department) RETURN 'department' AS kind, d.key AS key,
        [d.name] + coalesce(d.aliases, []) + [coalesce(d.full_name, d.name)] AS names,
        COUNT { (d)-->(:Task) } AS weight, d.region AS region
  UNION ALL
  MATCH (s:Sector) RETURN 'sector' AS kind, s.name AS key, [s.name] + coalesce(s.aliases, []) AS names,
        COUNT { (s)<-[:CONCERNS]-(:Task) } AS weight, null AS region
  UNION ALL
  MATCH (e) WHERE e:Enterprise OR e:Zone OR e:Platform OR e:Technology
  RETURN 'entity' AS kind, e.key AS key, [e.name] + coalesce(e.aliases, []) AS names, 1 AS weight,
         null AS region
}
RETURN kind, key, names, weight, region
"""
# task titles, target indicators and document titles are not held in memory (millions of them): the ones
# that may occur in a question are those the full-text indexes find for its words ($query: the title and
# indicator fields, $titles: the documents' titles; at most $limit hits each), and a task or target name the
# question does hold is then read whole (ASK_TEXT_KEYS: every node of that name)
ASK_TEXT_NAMES = """
CALL () {
  CALL db.index.fulltext.queryNodes('task_text', $query, {limit: $limit}) YIELD node
  WITH node WHERE node:Task OR node:Target
  RETURN CASE WHEN node:Task THEN 'task' ELSE 'target' END AS kind, node.id AS key,
         CASE WHEN node:Task THEN node.title ELSE node.indicator END AS name
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_names', $titles, {limit: $limit}) YIELD node
  WITH node WHERE node:Policy
  RETURN 'policy' AS kind, node.id AS key, node.title AS name
}
RETURN kind, key, name
"""
ASK_TEXT_KEYS = """
UNWIND $names AS n
CALL db.index.fulltext.queryNodes('task_text', n.query) YIELD node
WITH n, node
WHERE (n.kind = 'task' AND node:Task AND node.title = n.name)
   OR (n.kind = 'target' AND node:Target AND node.indicator = n.name)
RETURN n.kind AS kind, n.name AS name, collect(node.id) AS keys
"""
# the places a question may name: every region of a unit or a document (through the index on
# Policy.region), with the city and province a document records, and the Region nodes
ASK_PLACES = """
CALL () {
  MATCH (p:Policy) WHERE p.region IS NOT NULL RETURN p.region AS region, p.city AS city, p.province AS province
  UNION
  MATCH (d:Department) WHERE d.region IS NOT NULL RETURN d.region AS region, null AS city, null AS province
  UNION
  MATCH (r:Region) RETURN r.name AS region, null AS city, null AS province
}
RETURN region, city, province
"""
# the composed questions (graph/ask_compile.py): every constraint is a parameter that is null or empty
# when the question does not set it, so one statement serves each kind of question. Each starts from
# one anchor (`$anchor`, the most selective the question gives, chosen by ask_compile) through an index or
# a constrained key: the named units' roles ($anchor_keys), task ids, policy ids, entity keys, a sector,
# the full-text topic, a deadline year, the documents' regions, or the role types a task lacks
# ($without_held: the values of Task.roles_held without $without); the filter then applies every constraint
_ASK_TASKS_FILTER = """
OPTIONAL CALL () {
  WITH 1 AS one WHERE $lucene IS NOT NULL
  CALL db.index.fulltext.queryNodes('task_text', $lucene) YIELD node
  WITH node WHERE node:Task
  RETURN node.id AS topic_id
}
WITH collect(topic_id) AS topic_ids
CALL (topic_ids) {
  MATCH (d:Department)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]->(t:Task) USING INDEX d:Department(key)
  WHERE d.key IN CASE $anchor WHEN 'units' THEN $anchor_keys ELSE [] END
  RETURN t
  UNION
  MATCH (t:Task) WHERE t.id IN CASE $anchor WHEN 'tasks' THEN $task_ids ELSE [] END RETURN t
  UNION
  MATCH (p:Policy)-[:HAS_TASK]->(t:Task) USING INDEX p:Policy(id)
  WHERE p.id IN CASE $anchor WHEN 'policies' THEN $policy_ids ELSE [] END
  RETURN t
  UNION
  MATCH (e:Enterprise)<-[:MENTIONS]-(t:Task) USING INDEX e:Enterprise(key)
  WHERE e.key IN CASE $anchor WHEN 'entities' THEN $entity_keys ELSE [] END
  RETURN t
  UNION
  MATCH (e:Zone)<-[:MENTIONS]-(t:Task) USING INDEX e:Zone(key)
  WHERE e.key IN CASE $anchor WHEN 'entities' THEN $entity_keys ELSE [] END
  RETURN t
  UNION
  MATCH (e:Platform)<-[:MENTIONS]-(t:Task) USING INDEX e:Platform(key)
  WHERE e.key IN CASE $anchor WHEN 'entities' THEN $entity_keys ELSE [] END
  RETURN t
  UNION
  MATCH (e:Technology)<-[:MENTIONS]-(t:Task) USING INDEX e:Technology(key)
  WHERE e.key IN CASE $anchor WHEN 'entities' THEN $entity_keys ELSE [] END
  RETURN t
  UNION
  MATCH (s:Sector)<-[:CONCERNS]-(t:Task) USING INDEX s:Sector(name)
  WHERE s.name = CASE $anchor WHEN 'sector' THEN $sector END
  RETURN t
  UNION
  MATCH (t:Task) WHERE t.id IN CASE $anchor WHEN 'topic' THEN topic_ids ELSE [] END RETURN t
  UNION
  MATCH (t:Task) WHERE t.deadline_year = CASE $anchor WHEN 'year' THEN $year END RETURN t
  UNION
  MATCH (p:Policy)-[:HAS_TASK]->(t:Task) USING INDEX p:Policy(region)
  WHERE p.region IN CASE $anchor WHEN 'regions' THEN $regions ELSE [] END
  RETURN t
  UNION
  MATCH (t:Task) WHERE t.roles_held IN CASE $anchor WHEN 'without' THEN $without_held ELSE [] END RETURN t
}
MATCH (p:Policy)-[:HAS_TASK]->(t)
WHERE ($lucene IS NULL OR t.id IN topic_ids)
  AND (size($policy_ids) = 0 OR p.id IN $policy_ids)
  AND (size($regions) = 0 OR p.region IN $regions)
  // a deadline: due in that year (2025年底前, 到2025年), by its month when one is written (2025年6月底前)
  AND ($year IS NULL OR (t.deadline_year = $year AND ($month IS NULL OR coalesce(t.deadline_month, 12) <= $month)))
  AND (size($task_ids) = 0 OR t.id IN $task_ids)
  AND ($sector IS NULL OR EXISTS { (t)-[:CONCERNS]->(:Sector {name: $sector}) })
  AND (size($entity_keys) = 0 OR EXISTS { MATCH (t)-[:MENTIONS]->(e) WHERE e.key IN $entity_keys })
  AND ($without IS NULL OR NOT EXISTS { MATCH (t)<-[w]-(:Department) WHERE type(w) = $without })
"""
_ASK_UNIT_GROUPS = """  // each named unit is a group of keys (省发改委 of every region the graph holds, unless one is named)
  AND (size($unit_groups) = 0
       OR ($unit_mode = 'all' AND all(g IN $unit_groups WHERE EXISTS {
             MATCH (t)<-[r]-(d:Department) WHERE d.key IN g AND type(r) IN $group_types }))
       OR ($unit_mode = 'any' AND any(g IN $unit_groups WHERE EXISTS {
             MATCH (t)<-[r]-(d:Department) WHERE d.key IN g AND type(r) IN $group_types })))
"""
_ASK_TASKS_WHERE = _ASK_TASKS_FILTER + _ASK_UNIT_GROUPS
ASK_FIND_TASKS = (
    _ASK_TASKS_WHERE
    # the first 500 tasks chosen before their units are read (a year of a national corpus: 100,000s)
    + """WITH p, t ORDER BY p.date DESC, p.id, t.span_start LIMIT 500
CALL (t) {
  OPTIONAL MATCH (t)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(d:Department)
  WITH r, d ORDER BY r.order
  RETURN collect(CASE WHEN d IS NULL THEN null ELSE {key: d.key, name: d.name, role: type(r), surface: r.surface,
         sentence: r.sentence, span: [r.span_start, r.span_end], collective: coalesce(d.collective, false)} END)
         AS roles
}
RETURN t.id AS task_id, t.title AS task, t.path_text AS path, t.deadline_text AS deadline,
       t.deadline_year AS deadline_year, t.deadline_month AS deadline_month,
       p.id AS policy_id, p.title AS policy, p.region AS region, roles
ORDER BY p.date DESC, p.id, t.span_start
"""
)
# the units that hold the asked roles in the tasks the question selects (first named first)
ASK_FIND_UNITS = (
    _ASK_TASKS_WHERE
    + """MATCH (t)<-[r]-(d:Department)
WHERE type(r) IN $types AND NOT d.key IN $exclude_keys
WITH d, r, t, p ORDER BY p.date DESC, p.id, t.span_start, r.order
WITH d, min(t.span_start) AS first, min(r.order) AS first_order,
     collect({task_id: t.id, task: t.title, path: t.path_text, role: type(r), surface: r.surface,
              sentence: r.sentence, span: [r.span_start, r.span_end], policy_id: p.id, policy: p.title}) AS evidence
RETURN d.name AS name, d.key AS key, d.region AS region, size(evidence) AS tasks, evidence[..20] AS evidence
ORDER BY first, first_order, name
LIMIT 500
"""
)
# the same questions answered apart (a name several regions' units hold, 分别): each entry of $answer_groups is
# one answer's units, a list of keys per named unit, each of which holds a role of $group_types in the task;
# every row says its answer (group_index)
_ASK_GROUPS_WHERE = (
    _ASK_TASKS_FILTER
    + """UNWIND range(0, size($answer_groups) - 1) AS gi
WITH p, t, gi, $answer_groups[gi] AS ug
WHERE all(g IN ug WHERE EXISTS { MATCH (t)<-[r]-(d:Department) WHERE d.key IN g AND type(r) IN $group_types })
"""
)
ASK_FIND_TASKS_PER_GROUP = (
    _ASK_GROUPS_WHERE
    + """WITH gi, p, t ORDER BY gi, p.date DESC, p.id, t.span_start LIMIT 500
CALL (t) {
  OPTIONAL MATCH (t)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(d:Department)
  WITH r, d ORDER BY r.order
  RETURN collect(CASE WHEN d IS NULL THEN null ELSE {key: d.key, name: d.name, role: type(r), surface: r.surface,
         sentence: r.sentence, span: [r.span_start, r.span_end], collective: coalesce(d.collective, false)} END)
         AS roles
}
RETURN gi AS group_index, t.id AS task_id, t.title AS task, t.path_text AS path, t.deadline_text AS deadline,
       t.deadline_year AS deadline_year, t.deadline_month AS deadline_month,
       p.id AS policy_id, p.title AS policy, p.region AS region, roles
ORDER BY group_index, p.date DESC, p.id, t.span_start
"""
)
ASK_FIND_UNITS_PER_GROUP = (
    _ASK_GROUPS_WHERE
    + """MATCH (t)<-[r]-(d:Department)
WHERE type(r) IN $types AND NOT d.key IN $exclude_keys
WITH gi, d, r, t, p ORDER BY p.date DESC, p.id, t.span_start, r.order
WITH gi, d, min(t.span_start) AS first, min(r.order) AS first_order,
     collect({task_id: t.id, task: t.title, path: t.path_text, role: type(r), surface: r.surface,
              sentence: r.sentence, span: [r.span_start, r.span_end], policy_id: p.id, policy: p.title}) AS evidence
RETURN gi AS group_index, d.name AS name, d.key AS key, d.region AS region, size(evidence) AS tasks,
       evidence[..20] AS evidence
ORDER BY group_index, first, first_order, name
LIMIT 500
"""
)
# the targets set by the tasks the named units hold in the asked roles (市科技局负责哪些指标; 省发展改革委牵头的
# 任务有哪些量化目标): one group of $answer_groups per answer (a region's unit), each a list of keys per unit;
# it starts from the units ($anchor_keys: the first unit of each answer)
ASK_FIND_UNIT_TARGETS = """
MATCH (d:Department) WHERE d.key IN $anchor_keys
CALL (d) {
  MATCH (d)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]->(t:Task)-[:SETS]->(g:Target)
  RETURN t, g
}
WITH DISTINCT t, g
MATCH (p:Policy)-[:HAS_TASK]->(t)
WHERE ((size($target_ids) = 0 AND size($terms) = 0 AND $sector IS NULL)
       OR g.id IN $target_ids
       OR any(a IN $terms WHERE g.indicator CONTAINS a)
       OR ($sector IS NOT NULL AND EXISTS { (t)-[:CONCERNS]->(:Sector {name: $sector}) }))
  AND (size($policy_ids) = 0 OR p.id IN $policy_ids)
  AND (size($regions) = 0 OR p.region IN $regions)
  AND ($year IS NULL OR (g.deadline IS NULL AND g.id IN $target_ids) OR (g.deadline IS NOT NULL AND
       CASE $year_mode WHEN 'in' THEN toInteger(left(g.deadline, 4)) = $year
                       ELSE toInteger(left(g.deadline, 4)) <= $year END))
UNWIND range(0, size($answer_groups) - 1) AS gi
WITH p, t, g, gi, $answer_groups[gi] AS ug
WHERE all(u IN ug WHERE EXISTS { MATCH (t)<-[r]-(d:Department) WHERE d.key IN u AND type(r) IN $types })
WITH DISTINCT gi, g, p
RETURN gi AS group_index, g.id AS target_id, g.indicator AS indicator, g.value AS value,
       g.value_text AS value_text, g.unit AS unit, g.qualifier AS qualifier, g.deadline AS deadline,
       g.sentence AS sentence, [g.span_start, g.span_end] AS span, p.id AS policy_id, p.title AS policy,
       p.region AS region
ORDER BY group_index, g.deadline, p.id, g.span_start
LIMIT 500
"""
ASK_RANK_UNITS = """
MATCH (d:Department)-[r]->(t:Task)<-[:HAS_TASK]-(p:Policy)
WHERE type(r) IN $types AND NOT coalesce(d.collective, false)
  AND (size($unit_keys) = 0 OR d.key IN $unit_keys)
  AND (size($policy_ids) = 0 OR p.id IN $policy_ids)
  AND (size($regions) = 0 OR p.region IN $regions)
  AND ($sector IS NULL OR EXISTS { (t)-[:CONCERNS]->(:Sector {name: $sector}) })
WITH d, count(DISTINCT t) AS tasks
RETURN d.name AS name, d.key AS key, d.region AS region, tasks
ORDER BY tasks DESC, name
LIMIT 200
"""
# each unit's number of tasks in the asked roles, from its degrees (counts the store keeps: no task read)
ASK_UNIT_TASK_COUNTS = """
MATCH (d:Department) WHERE d.key IN $unit_keys
WITH d, CASE WHEN 'LEADS' IN $types THEN COUNT { (d)-[:LEADS]->() } ELSE 0 END
        + CASE WHEN 'SUPPORTS' IN $types THEN COUNT { (d)-[:SUPPORTS]->() } ELSE 0 END
        + CASE WHEN 'RESPONSIBLE_FOR' IN $types THEN COUNT { (d)-[:RESPONSIBLE_FOR]->() } ELSE 0 END
        + CASE WHEN 'GUIDES' IN $types THEN COUNT { (d)-[:GUIDES]->() } ELSE 0 END AS tasks
RETURN d.key AS key, d.name AS name, d.region AS region, tasks
ORDER BY tasks DESC, d.key
"""
ASK_UNIT_ROLE_COUNTS = """
MATCH (d:Department)-[r]->(t:Task)<-[:HAS_TASK]-(p:Policy)
WHERE d.key IN $unit_keys AND type(r) IN ['LEADS', 'SUPPORTS', 'RESPONSIBLE_FOR', 'GUIDES']
  AND (size($policy_ids) = 0 OR p.id IN $policy_ids)
RETURN d.name AS name, d.key AS key, type(r) AS role, count(DISTINCT t) AS tasks
ORDER BY name, role
"""
# targets by name, indicator words or sector ($anchor 'named'), document, deadline year (a range of the
# index on Target.deadline: 'year_in' 2025…, 'year_by' before 2026) or the documents' regions
ASK_FIND_TARGETS = """
CALL () {
  MATCH (g:Target) WHERE g.id IN CASE $anchor WHEN 'named' THEN $target_ids ELSE [] END RETURN g
  UNION
  UNWIND CASE $anchor WHEN 'named' THEN $terms ELSE [] END AS a
  MATCH (g:Target) WHERE g.indicator CONTAINS a RETURN g
  UNION
  MATCH (s:Sector)<-[:CONCERNS]-(:Task)-[:SETS]->(g:Target) USING INDEX s:Sector(name)
  WHERE s.name = CASE $anchor WHEN 'named' THEN $sector END
  RETURN g
  UNION
  MATCH (p:Policy) WHERE p.id IN CASE $anchor WHEN 'policies' THEN $policy_ids ELSE [] END
  MATCH (g:Target {doc_id: p.id}) RETURN g
  UNION
  MATCH (g:Target) WHERE g.deadline STARTS WITH CASE $anchor WHEN 'year_in' THEN toString($year) END RETURN g
  UNION
  MATCH (g:Target) WHERE g.deadline < CASE $anchor WHEN 'year_by' THEN toString($year + 1) END RETURN g
  UNION
  MATCH (p:Policy) WHERE p.region IN CASE $anchor WHEN 'regions' THEN $regions ELSE [] END
  MATCH (g:Target {doc_id: p.id}) RETURN g
}
MATCH (p:Policy {id: g.doc_id})
WHERE ((size($target_ids) = 0 AND size($terms) = 0 AND $sector IS NULL)
       OR g.id IN $target_ids
       OR any(a IN $terms WHERE g.indicator CONTAINS a)
       OR ($sector IS NOT NULL AND EXISTS { (g)<-[:SETS]-(:Task)-[:CONCERNS]->(:Sector {name: $sector}) }))
  AND (size($policy_ids) = 0 OR p.id IN $policy_ids)
  AND (size($regions) = 0 OR p.region IN $regions)
  // a year narrows the targets; a target the question names keeps when it states no year of its own
  AND ($year IS NULL OR (g.deadline IS NULL AND g.id IN $target_ids) OR (g.deadline IS NOT NULL AND
       CASE $year_mode WHEN 'in' THEN toInteger(left(g.deadline, 4)) = $year
                       ELSE toInteger(left(g.deadline, 4)) <= $year END))
RETURN g.id AS target_id, g.indicator AS indicator, g.value AS value, g.value_text AS value_text,
       g.unit AS unit, g.qualifier AS qualifier, g.deadline AS deadline, g.sentence AS sentence,
       [g.span_start, g.span_end] AS span, p.id AS policy_id, p.title AS policy, p.region AS region
ORDER BY g.deadline, p.id, g.span_start
LIMIT 500
"""
# documents (哪些政策 / 文件): by year, issuer (a unit that issued it), region and topic words (each group
# of words: one of them in the title or the text). It starts from the issuers, the index on Policy.region,
# the index on Policy.date (a prefix), the full-text index of the documents ($words: the first group's
# words as phrases), or, for a question that names none of these (哪些城市出台了政策), the constrained ids
ASK_FIND_POLICIES = """
CALL () {
  MATCH (d:Department)<-[:ISSUED_BY]-(p:Policy) USING INDEX d:Department(key)
  WHERE d.key IN CASE $anchor WHEN 'issuers' THEN $issuer_keys ELSE [] END
  RETURN p
  UNION
  MATCH (p:Policy) WHERE p.region IN CASE $anchor WHEN 'regions' THEN $regions ELSE [] END RETURN p
  UNION
  MATCH (p:Policy) WHERE p.date STARTS WITH CASE $anchor WHEN 'year' THEN toString($year) END RETURN p
  UNION
  WITH 1 AS one WHERE $anchor = 'words'
  CALL db.index.fulltext.queryNodes('policy_text', $words) YIELD node
  WITH node WHERE node:Policy
  RETURN node AS p
  UNION
  WITH 1 AS one WHERE $anchor = 'all'
  MATCH (p:Policy) WHERE p.id IS NOT NULL RETURN p
}
WITH p
WHERE ($year IS NULL OR p.date STARTS WITH toString($year))
  AND (size($regions) = 0 OR p.region IN $regions)
  AND (size($issuer_keys) = 0 OR EXISTS { MATCH (p)-[:ISSUED_BY]->(d:Department) WHERE d.key IN $issuer_keys })
  AND all(g IN $term_groups WHERE any(w IN g WHERE p.title CONTAINS w OR p.text CONTAINS w))
  AND ($sector IS NULL OR EXISTS { (p)-[:HAS_TASK]->(:Task)-[:CONCERNS]->(:Sector {name: $sector}) }
       OR any(w IN $sector_terms WHERE p.title CONTAINS w))
RETURN p.id AS policy_id, p.title AS policy, p.region AS region, p.city AS city, p.province AS province,
       p.date AS date, p.issuer AS issuer, p.doc_number AS doc_number
ORDER BY p.date DESC, p.id
LIMIT 500
"""
# a document named in a question (《…》): by its title as other documents cite it ($title_key, indexed), a
# title that holds the words ($phrase: the full-text index of names, then CONTAINS), or its 文号
# ($number_key, indexed)
ASK_POLICY_IDS = """
CALL () {
  MATCH (p:Policy) WHERE p.title_key = $title_key RETURN p
  UNION
  WITH 1 AS one WHERE $phrase IS NOT NULL
  CALL db.index.fulltext.queryNodes('entity_names', $phrase) YIELD node
  WITH node WHERE node:Policy AND node.title CONTAINS $title
  RETURN node AS p
  UNION
  MATCH (p:Policy) WHERE p.number_key = $number_key AND p.doc_number = $title RETURN p
}
RETURN p.id AS id, p.title AS title, p.doc_number AS doc_number
"""

# --- the co-governance network (graph/co_governance.py) ---------------------------------------------
# two units are linked when they hold roles of $types in the same task, at least one of them leading or both
# responsible (two supporters of a task are not co-governing it); weighted by the tasks they share
# the units drawn: those of the policies asked for, else of the region (its index), else every unit; the
# most involved first (by their degrees in the asked roles, counts the store keeps), at most $units
NETWORK_UNITS = """
CALL () {
  WITH 1 AS one WHERE size($policy_ids) > 0
  MATCH (p:Policy) WHERE p.id IN $policy_ids
  MATCH (p)-[:HAS_TASK]->(:Task)<-[r]-(d:Department) WHERE type(r) IN $types
  RETURN DISTINCT d
  UNION
  WITH 1 AS one WHERE size($policy_ids) = 0 AND $region IS NOT NULL
  MATCH (d:Department) WHERE d.region STARTS WITH $region RETURN d
  UNION
  WITH 1 AS one WHERE size($policy_ids) = 0 AND $region IS NULL
  MATCH (d:Department) RETURN d
}
WITH d WHERE ($collective OR NOT coalesce(d.collective, false))
  AND ($region IS NULL OR d.region STARTS WITH $region)
WITH d, CASE WHEN 'LEADS' IN $types THEN COUNT { (d)-[:LEADS]->() } ELSE 0 END
        + CASE WHEN 'SUPPORTS' IN $types THEN COUNT { (d)-[:SUPPORTS]->() } ELSE 0 END
        + CASE WHEN 'RESPONSIBLE_FOR' IN $types THEN COUNT { (d)-[:RESPONSIBLE_FOR]->() } ELSE 0 END
        + CASE WHEN 'GUIDES' IN $types THEN COUNT { (d)-[:GUIDES]->() } ELSE 0 END AS roles
WHERE roles > 0
WITH d ORDER BY roles DESC, d.key
WITH collect(d.key) AS keys
RETURN keys[..$units] AS keys, size(keys) AS total
"""
# who governs tasks together among those units, with how many shared tasks and how many co-led
NETWORK_EDGES = """
MATCH (a:Department) WHERE a.key IN $keys
MATCH (a)-[ra]->(t:Task)<-[rb]-(b:Department)
WHERE b.key IN $keys AND a.key < b.key AND type(ra) IN $types AND type(rb) IN $types
  AND NOT (type(ra) IN ['SUPPORTS', 'GUIDES'] AND type(rb) IN ['SUPPORTS', 'GUIDES'])
MATCH (p:Policy)-[:HAS_TASK]->(t)
WHERE size($policy_ids) = 0 OR p.id IN $policy_ids
WITH a, b, count(DISTINCT t) AS weight,
     count(DISTINCT CASE WHEN type(ra) = 'LEADS' AND type(rb) = 'LEADS' THEN t END) AS co_led
RETURN a {.key, .name, .level, .region} AS a, b {.key, .name, .level, .region} AS b, weight, co_led
ORDER BY weight DESC, a.key, b.key
LIMIT $limit
"""

# --- the web explorer -----------------------------------------------------------------------------------
# the rows every explorer query ends with: (a, rel, b) -> (a_label, a_key, a_props, type, props, b_label, …)
_EDGE_ROWS = """
RETURN labels(a)[0] AS a_label, coalesce(a.id, a.key, a.name) AS a_key,
       a {.name, .title, .indicator, .path_text, .collective, .doc_id} AS a_props,
       type(rel) AS type, rel {.surface, .sentence, .order, .doc_id} AS props,
       labels(b)[0] AS b_label, coalesce(b.id, b.key, b.name) AS b_key,
       b {.name, .title, .indicator, .path_text, .collective, .doc_id} AS b_props
"""
EXPLORE_SEARCH = """
CALL () {
  MATCH (n:Department) WHERE n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q)
  RETURN n, 0 AS rank
  UNION
  MATCH (n:Sector) WHERE n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q)
  RETURN n, 1 AS rank
  UNION
  // tasks, targets and policies through their full-text indexes ($lucene: the words as one phrase; null
  // for a single character, which the CJK bigram index does not hold), then by the words as written
  WITH 1 AS one WHERE $lucene IS NOT NULL
  CALL db.index.fulltext.queryNodes('task_text', $lucene, {limit: 300}) YIELD node AS n
  WITH n WHERE (n:Task AND n.title CONTAINS $q) OR (n:Target AND n.indicator CONTAINS $q)
  RETURN n, CASE WHEN n:Task THEN 2 ELSE 3 END AS rank
  UNION
  MATCH (n) WHERE (n:Enterprise OR n:Zone OR n:Platform OR n:Technology OR n:Region)
    AND (n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q))
  RETURN n, 4 AS rank
  UNION
  WITH 1 AS one WHERE $lucene IS NOT NULL
  CALL db.index.fulltext.queryNodes('entity_names', $lucene, {limit: 300}) YIELD node AS n
  WITH n WHERE n:Policy AND n.title CONTAINS $q
  RETURN n, 5 AS rank
}
WITH n, rank, coalesce(n.name, n.title, n.indicator) AS name
ORDER BY rank, size(name), name, n.region
LIMIT $limit
RETURN labels(n)[0] AS label, coalesce(n.id, n.key, n.name) AS key, name, rank, n.region AS region,
       CASE WHEN n:Department THEN COUNT { (n)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]->(:Task) } END AS tasks
"""
# one node by its kind ($label) and key; each branch is an index seek on a constrained key
_NODE_BY_LABEL = """
CALL () {
  MATCH (n:Department {key: $key}) WHERE $label = 'Department' RETURN n
  UNION MATCH (n:Sector {name: $key}) WHERE $label = 'Sector' RETURN n
  UNION MATCH (n:Task {id: $key}) WHERE $label = 'Task' RETURN n
  UNION MATCH (n:Policy {id: $key}) WHERE $label = 'Policy' RETURN n
  UNION MATCH (n:Section {id: $key}) WHERE $label = 'Section' RETURN n
  UNION MATCH (n:Target {id: $key}) WHERE $label = 'Target' RETURN n
  UNION MATCH (n:Enterprise {key: $key}) WHERE $label = 'Enterprise' RETURN n
  UNION MATCH (n:Zone {key: $key}) WHERE $label = 'Zone' RETURN n
  UNION MATCH (n:Platform {key: $key}) WHERE $label = 'Platform' RETURN n
  UNION MATCH (n:Technology {key: $key}) WHERE $label = 'Technology' RETURN n
  UNION MATCH (n:Region {key: $key}) WHERE $label = 'Region' RETURN n
  UNION MATCH (n:Citation {key: $key}) WHERE $label = 'Citation' RETURN n
}
"""
EXPLORE_NODE = (
    _NODE_BY_LABEL
    + """OPTIONAL MATCH (src:Policy)-[:HAS_TASK|HAS_SECTION]->(n)
WITH n, coalesce(src, CASE WHEN n.doc_id IS NULL THEN null ELSE head(COLLECT { MATCH (p:Policy {id: n.doc_id}) RETURN p }) END) AS src
RETURN labels(n)[0] AS label, coalesce(n.id, n.key, n.name) AS key, n {.*, text: null, aliases_text: null} AS props,
       n.text AS text, src {.id, .title, .region} AS source
"""
)
EXPLORE_NEIGHBOURHOOD = (
    _NODE_BY_LABEL
    + """MATCH (n)-[r]-(m)
WHERE (NOT type(r) IN ['LEADS', 'SUPPORTS', 'RESPONSIBLE_FOR', 'GUIDES'] OR type(r) IN $types)
  AND ($policy IS NULL OR coalesce(r.doc_id, m.doc_id, m.id) = $policy OR m:Department OR m:Sector
       OR m:Region OR m:Enterprise OR m:Zone OR m:Platform OR m:Technology)
WITH r AS rel, startNode(r) AS a, endNode(r) AS b
LIMIT $limit
"""
    + _EDGE_ROWS
)
EXPLORE_FOCUS_TASKS = """
CALL () {
  MATCH (:Sector {name: $sector})<-[:CONCERNS]-(t:Task) RETURN t
  UNION MATCH (d:Department)-[]->(t:Task) WHERE d.key IN $departments RETURN t
  UNION MATCH (t:Task) WHERE t.id IN $tasks RETURN t
  UNION MATCH (:Policy {id: $policy_id})-[:HAS_TASK]->(t:Task) RETURN t
}
RETURN collect(DISTINCT t.id)[..$limit] AS ids
"""
EXPLORE_CHAIN = (
    """
MATCH (p:Policy)-[hs:HAS_SECTION]->(s:Section)-[ht:HAS_TASK]->(t:Task)
WHERE t.id IN $task_ids AND ($policy IS NULL OR p.id = $policy)
OPTIONAL MATCH (t)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(:Department) WHERE type(r) IN $types
OPTIONAL MATCH (t)-[c:CONCERNS]->(:Sector)
OPTIONAL MATCH (t)-[st:SETS]->(:Target)
WITH collect(DISTINCT hs) + collect(DISTINCT ht) + collect(DISTINCT r) + collect(DISTINCT c) + collect(DISTINCT st) AS rels
UNWIND rels AS rel
WITH rel, startNode(rel) AS a, endNode(rel) AS b
"""
    + _EDGE_ROWS
)
EXPLORE_ALL = (
    """
MATCH (a)-[rel]->(b)
WHERE NOT type(rel) IN ['LOCATED_IN', 'BROADER']
WITH a, rel, b LIMIT $limit
"""
    + _EDGE_ROWS
)

# --- the explorer's overview (graph/overview.py) and a unit's dossier (graph/dossier.py) -------------------
OVERVIEW_POLICIES = """
MATCH (p:Policy) WHERE p.listed >= ''
WITH p ORDER BY p.listed DESC, p.title SKIP $skip LIMIT $limit
RETURN p {.id, .title, .issuer, .date, .issued, .doc_number, .doc_type, .region, .level} AS policy,
       COUNT { (p)-[:HAS_TASK]->() } AS tasks,
       COUNT { MATCH (p)-[:HAS_TASK]->(t:Task) WHERE NOT (t)<-[:LEADS|RESPONSIBLE_FOR]-(:Department) } AS unassigned,
       COUNT { MATCH (g:Target {doc_id: p.id}) } AS targets,
       COUNT { MATCH (p)-[:HAS_TASK]->(:Task)<-[:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(d:Department)
               RETURN DISTINCT d } AS units
"""
# the units holding the most tasks in each role (collectives such as 各市政府 left out), by their degree
# (a count the store keeps per node: no task is read)
OVERVIEW_TOP_UNITS = """
MATCH (d:Department) WHERE NOT coalesce(d.collective, false)
WITH d, {LEADS: COUNT { (d)-[:LEADS]->() }, SUPPORTS: COUNT { (d)-[:SUPPORTS]->() },
         RESPONSIBLE_FOR: COUNT { (d)-[:RESPONSIBLE_FOR]->() }, GUIDES: COUNT { (d)-[:GUIDES]->() }} AS n
UNWIND $types AS role_type
WITH role_type, d, n[role_type] AS tasks WHERE tasks > 0
ORDER BY role_type, tasks DESC, d.key
WITH role_type, collect(d {.key, .name, .region, .level, tasks: tasks})[..$limit] AS units
RETURN role_type, units
"""
OVERVIEW_TOTALS = """
RETURN COUNT { (:Policy) } AS policies, COUNT { (:Task) } AS tasks, COUNT { (:Target) } AS targets,
       COUNT { MATCH (d:Department) WHERE COUNT { (d)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]->() } > 0 } AS units,
       COUNT { (:Sector) } AS sectors
"""
# who governs the unit's tasks with it, ranked by shared tasks, with what the sharing is
DOSSIER_PARTNERS = """
MATCH (d:Department {key: $key})-[r1:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]->(t:Task)
      <-[r2:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(o:Department)
WHERE o <> d
WITH o, count(DISTINCT t) AS shared,
     count(DISTINCT CASE WHEN type(r1) = 'LEADS' AND type(r2) = 'LEADS' THEN t END) AS co_lead,
     count(DISTINCT CASE WHEN type(r1) = 'LEADS' AND type(r2) IN ['SUPPORTS', 'GUIDES'] THEN t END) AS supports_it,
     count(DISTINCT CASE WHEN type(r1) IN ['SUPPORTS', 'GUIDES'] AND type(r2) = 'LEADS' THEN t END) AS led_by,
     count(DISTINCT CASE WHEN type(r1) = 'RESPONSIBLE_FOR' AND type(r2) = 'RESPONSIBLE_FOR' THEN t END)
       AS co_responsible
ORDER BY shared DESC, o.key
LIMIT $limit
RETURN o {.key, .name, .region, .level, .collective} AS unit, shared, co_lead, supports_it, led_by, co_responsible
"""

# the rows of the explorer's layered chain view: one per task, with its policy, section and units
EXPLORE_LAYERED = """
MATCH (p:Policy)-[:HAS_SECTION]->(s:Section)-[:HAS_TASK]->(t:Task)
WHERE t.id IN $task_ids AND ($policy IS NULL OR p.id = $policy)
RETURN p {.id, .title, .issuer, .issued, .date} AS policy, s {.id, .label, .title, .span_start} AS section,
       t {.id, .title, .path_text, .span_start, .deadline_text} AS task,
       [(t)<-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR|GUIDES]-(d:Department) WHERE type(r) IN $types |
        {key: d.key, name: d.name, region: d.region, collective: coalesce(d.collective, false), type: type(r),
         order: r.order, surface: r.surface, sentence: r.sentence}] AS units,
       COUNT { (t)-[:SETS]->(:Target) } AS targets
ORDER BY coalesce(p.issued, p.date, '') DESC, p.id, s.span_start, t.span_start
"""

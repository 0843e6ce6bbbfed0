"""Constraints and indexes, created idempotently (IF NOT EXISTS) from the ontology's keys."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from ontology.vocab import KEYS, Label

from . import db, queries


def constraint_statement(label: Label, key: str) -> LiteralString:
    """`CREATE CONSTRAINT … IF NOT EXISTS` for one label's key (both come from ontology.vocab)."""
    if not (label.value.isidentifier() and key.isidentifier()):
        raise ValueError(f"not an identifier: {label}.{key}")
    name = f"{label.value.lower()}_{key}_unique"
    return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label.value}) REQUIRE n.{key} IS UNIQUE"


SCHEMA_STATEMENTS: list[LiteralString] = [
    *(constraint_statement(label, key) for label, key in KEYS.items()),
    queries.INDEX_TASK_DOC,
    queries.INDEX_SECTION_DOC,
    queries.INDEX_TARGET_DOC,
    queries.INDEX_POLICY_VERSION,
    queries.INDEX_DEPARTMENT_NAME,
    queries.INDEX_POLICY_NUMBER,
    queries.INDEX_POLICY_TITLE,
    queries.INDEX_POLICY_LISTED,
    queries.INDEX_DEPARTMENT_REGION,
    queries.INDEX_TARGET_DEADLINE,
    queries.FULLTEXT_TASKS,
    queries.FULLTEXT_NAMES,
    queries.INDEX_TASK_DEADLINE_YEAR,
    queries.INDEX_TASK_ROLES_HELD,
    queries.INDEX_POLICY_REGION,
    queries.INDEX_POLICY_DATE,
    queries.INDEX_TARGET_INDICATOR,
    queries.FULLTEXT_POLICY_TEXT,
]


FULLTEXT_STATEMENTS = (queries.FULLTEXT_TASKS, queries.FULLTEXT_NAMES, queries.FULLTEXT_POLICY_TEXT)
# values a store loaded by an earlier version lacks, set once (each finds nothing to do afterwards)
BACKFILLS = (queries.BACKFILL_POLICY_LISTED, queries.BACKFILL_TASK_ROLES_HELD)


def ensure_schema(driver: Driver, database: str, fulltext: bool = True) -> None:
    """Create every constraint and index if missing (without `fulltext`: all but the full-text indexes),
    then wait until they are online."""
    for statement in SCHEMA_STATEMENTS:
        if fulltext or statement not in FULLTEXT_STATEMENTS:
            db.write(driver, statement, database)
    db.write(driver, queries.AWAIT_INDEXES, database)
    for statement in BACKFILLS:
        db.write(driver, statement, database)


def constraints(driver: Driver, database: str) -> list[dict[str, object]]:
    return db.read(driver, queries.SHOW_CONSTRAINTS, database)

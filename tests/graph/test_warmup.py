"""The API's start-up warm-up: its reads run on a real graph and leave their plans in Neo4j's cache."""

from __future__ import annotations

import re

from neo4j import Driver

from graph.warmup import WARM_READS, warm_up


def _clear_plan_cache(driver: Driver, database: str) -> int:
    """Empty Neo4j's query caches; returns how many entries they held."""
    records, _, _ = driver.execute_query("CALL db.clearQueryCaches()", database_=database)
    message = str(records[0][0])
    found = re.search(r"(\d+)", message)
    return int(found.group(1)) if found else 0


def test_warm_up_plans_every_read(sample_graph: tuple[Driver, str]) -> None:
    driver, database = sample_graph
    _clear_plan_cache(driver, database)
    assert warm_up(driver, database) == len(WARM_READS)
    # every warm-up read is now a cached plan (the clearing call itself is not cached before it runs)
    assert _clear_plan_cache(driver, database) >= len(WARM_READS)


def test_warm_up_on_an_empty_graph(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    assert warm_up(driver, database) == len(WARM_READS)

"""The explorer's search (graph/explore.search): units and sectors by part of a name, tasks, targets and
policies through their full-text indexes and then by the words as written; Lucene's syntax in a query is
only text."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph import explore

pytestmark = pytest.mark.neo4j


def test_finds_each_kind_by_part_of_its_words(corpus_graph: tuple[Driver, str]) -> None:
    driver, database = corpus_graph
    task = driver.execute_query("MATCH (t:Task) WHERE size(t.title) >= 8 RETURN t.title AS s ORDER BY t.id LIMIT 1",
                                database_=database).records[0]["s"]  # fmt: skip
    target = driver.execute_query(
        "MATCH (g:Target) WHERE size(g.indicator) >= 4 RETURN g.indicator AS s ORDER BY g.id LIMIT 1",
        database_=database,
    ).records[0]["s"]
    policy = driver.execute_query("MATCH (p:Policy) RETURN p.title AS s ORDER BY p.id LIMIT 1",
                                  database_=database).records[0]["s"]  # fmt: skip
    for label, words in (("Task", task[1:7]), ("Target", target[:4]), ("Policy", policy[2:10])):
        rows = explore.search(driver, database, words, 100)
        found = [r for r in rows if r["label"] == label]
        assert found and all(words in r["name"] for r in found), (label, words, rows[:3])
    units = explore.search(driver, database, "科技局", 100)
    assert units[0]["label"] == "Department"  # units first (by name or alias), then sectors, tasks …
    assert all("科技局" in r["name"] for r in units if r["label"] in ("Task", "Policy"))


def test_query_syntax_is_text(corpus_graph: tuple[Driver, str]) -> None:
    driver, database = corpus_graph
    for q in ('"', "\\", "a OR b", "*", "局", "title:x", "(发展", "[]{}~^", "!!", "AND"):
        assert isinstance(explore.search(driver, database, q, 10), list)
    assert explore.search(driver, database, "没有这样的词语组合", 10) == []

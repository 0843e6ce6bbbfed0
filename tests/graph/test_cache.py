"""The lookup cache: hits while the graph is unchanged, forgets everything once any write shows."""

from __future__ import annotations

import time

import pytest
from neo4j import Driver

from graph import load as loader
from graph.cache import ReadCache
from ingest.extract import extract_text
from tests.graph.conftest import load_sample

pytestmark = pytest.mark.neo4j

OTHER = (
    "山东省人民政府关于冷链物流的通知\n各市人民政府：\n一、任务\n（一）冷链。建设冷链基地。（省商务厅负责）\n"
    "山东省人民政府\n2023年1月5日"
)


def test_hits_until_the_graph_changes(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    load_sample(driver, database)
    cache: ReadCache[int] = ReadCache(max_age=1.0)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(loader.list_policies(driver, database))

    assert cache.get(driver, database, "n", compute) == 1
    assert cache.peek("n") == 1 and cache.get(driver, database, "n", compute) == 1
    time.sleep(1.1)  # due for a check: the graph is unchanged, so the entry stays
    assert cache.get(driver, database, "n", compute) == 1 and len(calls) == 1

    loader.load(driver, database, extract_text(OTHER), OTHER)  # another writer
    time.sleep(1.1)
    assert cache.peek("n") is None  # not confirmed within max_age: never served blind
    assert cache.get(driver, database, "n", compute) == 2 and len(calls) == 2

    doc_id = loader.list_policies(driver, database)[0]["id"]
    loader.remove(driver, database, doc_id)
    time.sleep(1.1)
    assert cache.get(driver, database, "n", compute) == 1 and len(calls) == 3


def test_clear_and_disabled(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    cache: ReadCache[str] = ReadCache(max_age=60)
    assert cache.get(driver, database, "k", lambda: "a") == "a"
    assert cache.get(driver, database, "k", lambda: "b") == "a"
    cache.clear()
    assert cache.peek("k") is None and cache.get(driver, database, "k", lambda: "c") == "c"
    off: ReadCache[str] = ReadCache(max_age=0)
    assert (
        off.get(driver, database, "k", lambda: "x") == "x"
        and off.get(driver, database, "k", lambda: "y") == "y"
    )


def test_bounded_size(empty_graph: tuple[Driver, str]) -> None:
    driver, database = empty_graph
    cache: ReadCache[int] = ReadCache(max_age=60, size=3)
    for i in range(5):
        cache.get(driver, database, i, lambda i=i: i)  # type: ignore[misc]
    assert [cache.peek(i) for i in range(5)] == [None, None, 2, 3, 4]

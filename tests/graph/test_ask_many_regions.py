"""A name the units of more regions hold than one answer can list apart (市发展改革委 of 14 cities): the
answer lists each region's unit with its number of tasks, most first, and says to name the place; a place
in the question still picks one unit. Never a merged answer, never one page per region."""

from __future__ import annotations

import pytest
from neo4j import Driver

from bench.synthetic import city_plans
from graph.ask import MAX_GROUPS, Asker
from graph.load import load
from ingest.extract import extract_text
from tests.graph.conftest import reset

pytestmark = pytest.mark.neo4j
CITIES = MAX_GROUPS + 2


@pytest.fixture(scope="module")
def asker(driver: Driver, database: str) -> Asker:
    reset(driver, database)
    for text in city_plans(cities=CITIES, units=20):
        load(driver, database, extract_text(text), text)
    return Asker(driver, database)


def test_a_name_of_many_regions_lists_each_with_its_count(
    asker: Asker, driver: Driver, database: str
) -> None:
    answer = asker.ask("市发展改革委牵头哪些任务？")
    assert answer.intent == "candidates"
    assert len(answer.groups) == CITIES and len({g["region"] for g in answer.groups}) == CITIES
    counts = [g["count"] for g in answer.groups]
    assert counts == sorted(counts, reverse=True) and all(c > 0 for c in counts)
    rows, _, _ = driver.execute_query(answer.cypher, answer.params, database_=database)  # its own Cypher
    assert [r["tasks"] for r in rows] == counts
    first = answer.groups[0]
    assert answer.answer[0] == f"{first['region']}{first['name']}牵头 {first['count']} 项任务"
    assert f"{CITIES} 个地区" in (answer.message or "") and "写明地区" in (answer.message or "")


def test_a_place_still_picks_one(asker: Asker) -> None:
    region = asker.ask("市发展改革委牵头哪些任务？").groups[-1]["region"]
    one = asker.ask(f"{region}发展改革委牵头哪些任务？")
    assert one.intent == "tasks" and not one.groups and one.answer
    assert one.params["unit_groups"] == [[f"{region}|市发展改革委"]]

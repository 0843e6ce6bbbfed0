"""The dev corpus (State Council documents): styles seen in real documents beyond the sample."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.extract import extract_file
from ingest.models import Extraction
from tests.conftest import DEV


@cache
def doc(prefix: str) -> Extraction:
    (path,) = [p for p in DEV.glob("*.txt") if p.name.startswith(prefix)]
    return extract_file(Path(path))


def by_path(ex: Extraction) -> dict[str, object]:
    return {".".join(t.path): t for t in ex.tasks}


def test_129_consumption_poverty_alleviation() -> None:
    ex = doc("01_")
    assert ex.document.doc_number == "国办发〔2018〕129号"
    assert ex.document.title == "国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见"
    assert ex.document.date == "2018-12-30" and ex.document.level == "国家"
    assert len(ex.tasks) == 17
    first = ex.tasks[0]
    assert first.path == ["二", "(一)"]
    assert first.responsible[0] == "扶贫办" and first.responsible[-1] == "各省级人民政府"
    assert len(first.responsible) == 11
    units = {u.surface: u for t in ex.tasks for u in t.units}
    assert units["发展改革委"].canonical == "国家发展改革委"
    assert units["各有关省级人民政府"].collective
    assert ex.unknown_units == []


def test_128_zero_waste_city_measures_guides_and_carry_forward() -> None:
    ex = doc("04_")
    assert ex.document.doc_type == "通知"
    tasks = by_path(ex)
    assert len(ex.tasks) == 39
    t1 = tasks["二.(一).1"]
    assert t1.lead == ["生态环境部"]  # type: ignore[attr-defined]
    assert t1.support == ["国家发展改革委", "工业和信息化部", "住房城乡建设部", "农业农村部", "国家统计局"]  # type: ignore[attr-defined]
    t2 = tasks["二.(一).2"]
    assert t2.guide == ["生态环境部"] and t2.responsible == ["试点城市政府"]  # type: ignore[attr-defined]
    # the carry-forward note (以下均需试点城市政府落实) reaches every later task of 二、主要任务
    assert all("试点城市政府" in t.responsible for t in ex.tasks[1:])
    assert "试点城市政府" not in ex.tasks[0].responsible  # before the note
    t_last = tasks["二.(六).8"]
    assert t_last.guide == ["商务部"] and t_last.support == ["供销合作总社"]  # type: ignore[attr-defined]
    rates = {(t.indicator, t.value, t.unit, t.deadline) for t in ex.targets}
    assert ("秸秆综合利用率", 85, "%", "2020") in rates


def test_117_incentives_top_level_items_are_tasks() -> None:
    ex = doc("07_")
    assert len(ex.tasks) == 30
    tasks = by_path(ex)
    assert tasks["一"].responsible == ["市场监管总局"]  # type: ignore[attr-defined]
    assert tasks["十六"].responsible == ["国家发展改革委", "有关部门"]  # type: ignore[attr-defined]
    assert tasks["三十"].responsible == ["国务院办公厅"]  # type: ignore[attr-defined]


def test_126_table_with_guiding_departments() -> None:
    ex = doc("08_")
    table_tasks = [t for t in ex.tasks if t.source == "table"]
    assert len(table_tasks) == 17  # the source omits items 15-20
    first = by_path(ex)["附件.一.1"]
    assert first.guide == ["最高人民法院", "最高人民检察院", "国家知识产权局"]  # type: ignore[attr-defined]
    assert all(t.guide and not t.lead for t in table_tasks)


@pytest.mark.parametrize("prefix", ["01_", "04_", "07_", "08_"])
def test_spans_are_exact(prefix: str) -> None:
    ex = doc(prefix)
    (path,) = [p for p in DEV.glob("*.txt") if p.name.startswith(prefix)]
    text = path.read_text(encoding="utf-8")
    for t in ex.tasks:
        assert text[t.span[0] : t.span[1]] == t.text
        for u in t.units:
            assert text[u.span[0] : u.span[1]] == u.surface
    for tg in ex.targets:
        assert tg.sentence and text.find(tg.sentence) >= 0

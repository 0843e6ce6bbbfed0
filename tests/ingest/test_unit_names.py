"""Fragments of markup, code or quoting are never units, in brackets, label lines or table cells:
they are kept aside (unknown_units, rejected) with a reason, and the real units around them stay."""

from __future__ import annotations

import pytest

from ingest.extract import extract_text
from ingest.registry import Registry
from ingest.units import valid_unit

HOSTILE = ["'}", '"onmouseover="alert(3)局', "<script>alert(1)</script>局", "{}局", "x=y局", "省商务厅'"]


@pytest.mark.parametrize("name", HOSTILE)
def test_fragments_are_not_unit_names(name: str) -> None:
    assert valid_unit(name, Registry("山东省", None, "山东省", "山东省")) is not None


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize(
    "style",
    ["（{a}牵头，省财政厅配合）", "（牵头单位：{a}；配合单位：省财政厅）", "\n责任单位：{a}、省财政厅"],
)
def test_a_fragment_in_an_attribution_is_kept_aside(name: str, style: str) -> None:
    text = (
        "山东省人民政府关于甲的通知\n各市人民政府：\n一、重点任务\n"
        f"（一）做好甲。加快建设数据平台。{style.format(a=name)}\n（二）做好乙。（省商务厅负责）\n"
        "山东省人民政府\n2023年1月5日"
    )
    ex = extract_text(text)
    units = {u.surface for t in ex.tasks for u in t.units}
    assert "省财政厅" in units and "省商务厅" in units
    assert not any(name in u or u in name for u in units if u not in ("省财政厅", "省商务厅")), units
    assert name in {u.surface for u in ex.unknown_units if u.rejected}


@pytest.mark.parametrize("name", ["省委“两新”工委", "市“放管服”改革领导小组办公室"])
def test_a_short_quoted_word_inside_a_real_name_is_kept(name: str) -> None:
    registry = Registry("山东省", None, "山东省", "山东省")
    assert valid_unit(name, registry) is None
    for fragment in (f"“{name}", f"{name}”", "“两新”", "“两新”局'"):
        assert valid_unit(fragment, registry) is not None, fragment

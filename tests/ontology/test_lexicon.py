"""The one lexicon: every role spelled once, label and rule wordings read as the table says."""

from __future__ import annotations

from typing import get_args

import pytest

from ingest.models import ROLE_LABELS_ZH
from ingest.models import Role as ModelRole
from ontology.lexicon import LABEL, ROLE_ZH, UNIT_COLUMN, Role, RuleKind, declared_rule, role_of_label
from ontology.vocab import REL_ROLE_ZH, ROLE_REL


def test_one_role_type() -> None:
    assert set(get_args(ModelRole)) == {r.value for r in Role} == set(ROLE_REL) == set(ROLE_ZH)
    assert ROLE_LABELS_ZH == ROLE_ZH and REL_ROLE_ZH["LEADS"] == "牵头"


@pytest.mark.parametrize(
    ("label", "role"),
    [("牵头督查单位：", Role.LEAD), ("主责单位：", Role.LEAD), ("责任处室：", Role.RESPONSIBLE),
     ("协办单位：", Role.SUPPORT), ("市级配合单位：", Role.SUPPORT), ("牵头部门（单位）：", Role.LEAD),
     ("推进单位：", Role.RESPONSIBLE), ("指导部门:", Role.GUIDE), ("配合落实单位：", Role.SUPPORT)],
)  # fmt: skip
def test_labels(label: str, role: Role) -> None:
    m = LABEL.fullmatch(label)
    assert m is not None and role_of_label(m.group("label")) == role


@pytest.mark.parametrize("cell", ["牵头单位", "配合部门", "推进单位", "责任处室", "牵头", "实施主体"])
def test_unit_columns(cell: str) -> None:
    assert UNIT_COLUMN.fullmatch(cell)


@pytest.mark.parametrize("cell", ["落实措施", "推进措施", "负责人", "主要内容", "完成时限"])
def test_not_unit_columns(cell: str) -> None:
    assert not UNIT_COLUMN.fullmatch(cell)


@pytest.mark.parametrize(
    ("clause", "kind"),
    [("列第一位者为牵头单位", RuleKind.FIRST_LEADS), ("排在首位的单位为牵头单位", RuleKind.FIRST_LEADS),
     ("加*号的为牵头单位", RuleKind.MARKED_LEAD), ("标★的单位为牵头单位", RuleKind.MARKED_LEAD),
     ("逗号前为牵头单位，逗号后为配合单位", RuleKind.GROUP_LEADS), ("下同", RuleKind.IGNORE),
     ("多个牵头的按职责分工负责", RuleKind.IGNORE), ("排名不分先后", RuleKind.IGNORE)],
)  # fmt: skip
def test_rules(clause: str, kind: RuleKind) -> None:
    rule = declared_rule(clause)
    assert rule is not None and rule.kind == kind

"""Questions in Chinese: the issue's examples, near misses, and unanswerable questions."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ApiServer, run_cli

pytestmark = pytest.mark.neo4j

EXAMPLES = [
    ("哪些部门共同牵头现代物流？", ["省发展改革委", "省商务厅", "省交通运输厅"]),
    (
        "省商务厅牵头哪些任务？",
        ["电子商务平台", "现代物流平台", "大宗商品交易平台", "民生服务平台", "健全统计监测制度"],
    ),
    ("智能体育平台的配合部门有哪些", ["省工业和信息化厅", "省卫生健康委", "省发展改革委"]),
    ("哪个部门牵头的任务最多？", ["省发展改革委"]),
    ("到2025年省级工业互联网平台要达到多少个？", ["300个以上"]),
    ("哪些任务涉及区块链？", ["金融科技平台", "加强技术创新"]),
    ("物流由哪些部门牵头", ["省发展改革委", "省商务厅", "省交通运输厅"]),
    (
        "发改委和谁共同牵头",
        [
            "省商务厅",
            "省交通运输厅",
            "省大数据局",
            "省科技厅",
            "省工业和信息化厅",
            "省统计局",
            "省地方金融监管局",
        ],
    ),
]


def ask(api: ApiServer, q: str) -> dict[str, object]:
    with api.client() as c:
        r = c.get("/api/ask", params={"q": q})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(("question", "expected"), EXAMPLES)
def test_examples(api: ApiServer, question: str, expected: list[str]) -> None:
    body = ask(api, question)
    assert sorted(body["answer"]) == sorted(expected), body  # type: ignore[arg-type]
    assert body["cypher"] and isinstance(body["params"], dict)
    assert body["evidence"]


def test_responsible_question_lists_every_task_of_the_unit(api: ApiServer) -> None:
    body = ask(api, "省发改委负责哪些任务")
    assert len(body["answer"]) == 11  # type: ignore[arg-type]  # 6 led, 4 supported, 1 按职责分工负责
    assert "健全包容审慎监管机制" in body["answer"]  # type: ignore[operator]


def test_cypher_of_an_answer_can_be_rerun(api: ApiServer) -> None:
    body = ask(api, "哪些部门共同牵头现代物流？")
    with api.client() as c:
        r = c.post("/api/cypher", json={"query": body["cypher"], "params": body["params"]})
    assert r.status_code == 200, r.text
    names = {row[0] for row in r.json()["rows"]}
    assert names == {"省发展改革委", "省商务厅", "省交通运输厅"}


@pytest.mark.parametrize(
    "question", ["今天天气怎么样", "？？？", "<script>alert(1)</script>", "'}) DETACH DELETE n //"]
)
def test_unanswerable_questions_get_a_helpful_reply(api: ApiServer, question: str) -> None:
    body = ask(api, question)
    assert body["answer"] == [] and body["intent"] == "unknown"
    assert body["suggestions"] and body["message"]


def test_cli_ask_json(api: ApiServer) -> None:
    result = run_cli("ask", "哪些部门共同牵头现代物流？", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answer"] == ["省发展改革委", "省商务厅", "省交通运输厅"]

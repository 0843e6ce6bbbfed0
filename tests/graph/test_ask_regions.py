"""Questions with places, documents and deadlines over a corpus of many regions: data/ (Shandong and the
State Council), tests/data/corpus (广州, 浙江, 江山, 桐庐, a national notice), the six real local documents
(tests/data/local: 杭州, 罗湖, 武汉, 成都, 重庆, 安徽) and tests/data/ask (太仓, 南充 and 宁波's 市科技局, 广州,
广东 and the national 家庭医生签约服务). Every expected answer is a Cypher query of the test's own."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from neo4j import Driver, RoutingControl

from graph.ask import Answer, Asker
from graph.load import load
from ingest.extract import extract_file
from tests.conftest import DEV, ROOT, SAMPLE
from tests.graph.conftest import CORPUS, reset

pytestmark = pytest.mark.neo4j
ASK = ROOT / "tests" / "data" / "ask"
LOCAL = ROOT / "tests" / "data" / "local"
G = tuple[Driver, str]


@pytest.fixture(scope="module")
def graph(driver: Driver, database: str) -> G:
    reset(driver, database)
    paths = [SAMPLE, *sorted(DEV.glob("*.txt")), *sorted(ASK.glob("*.txt")), *sorted(CORPUS.glob("*.txt")),
             *sorted(LOCAL.glob("*.txt"))]  # fmt: skip
    for path in paths:
        load(driver, database, extract_file(path), path.read_text(encoding="utf-8"))
    return driver, database


@pytest.fixture(scope="module")
def asker(graph: G) -> Asker:
    return Asker(*graph)


def cy(graph: G, query: str, **params: Any) -> list[dict[str, Any]]:
    driver, database = graph
    records, _, _ = driver.execute_query(query, params, database_=database, routing_=RoutingControl.READ)
    return [r.data() for r in records]


# --- the expected answers, each its own Cypher ------------------------------------------------------------
ROLE_Q = "MATCH (d:Department {key: $k})-[r]->(t:Task) WHERE type(r) IN $types RETURN DISTINCT t.title AS x"
ALL = ["LEADS", "SUPPORTS", "RESPONSIBLE_FOR", "GUIDES"]
NAMED = "MATCH (d:Department {name: $n}) WHERE d.region <> '全国' RETURN d.key AS key, d.region AS region"
IN_PLACE = "(p.region = $place OR p.province = $place OR p.city = $place OR p.region STARTS WITH $place)"
POLICIES_IN = f"MATCH (p:Policy) WHERE {IN_PLACE} RETURN p.title AS x"
POLICIES_OF_YEAR = "MATCH (p:Policy) WHERE p.date STARTS WITH $y RETURN p.title AS x"
POLICIES_ABOUT = "MATCH (p:Policy) WHERE p.title CONTAINS $w OR p.text CONTAINS $w RETURN p.title AS x"
POLICIES_BY = "MATCH (p:Policy)-[:ISSUED_BY]->(d:Department {key: $k}) RETURN p.title AS x"
DUE = """MATCH (p:Policy)-[:HAS_TASK]->(t:Task) WHERE t.deadline_year = $y
  AND ($m IS NULL OR coalesce(t.deadline_month, 12) <= $m) AND ($place IS NULL OR p.region = $place)
RETURN DISTINCT t.title AS x"""
SUPPORT_OF = """MATCH (:Department {key: $k})-[:LEADS]->(t:Task)<-[:SUPPORTS]-(d:Department)
RETURN DISTINCT d.name AS x"""
UNITS_ON = """MATCH (p:Policy)-[:HAS_TASK]->(t:Task)<-[r]-(d:Department)
WHERE (p.region = $place OR p.province = $place) AND (t.text CONTAINS $w OR t.title CONTAINS $w)
  AND type(r) IN $types
RETURN DISTINCT d.name AS x"""
INDICATOR = "MATCH (g:Target) WHERE g.indicator CONTAINS $w RETURN DISTINCT g.indicator AS x"
CO_LEAD_OF = """MATCH (:Department {key: $k})-[:LEADS]->(t:Task)<-[:LEADS]-(d:Department) WHERE d.key <> $k
RETURN DISTINCT d.name AS x"""
TARGETS_OF = """MATCH (:Department {key: $k})-[r]->(:Task)-[:SETS]->(g:Target) WHERE type(r) IN $types
RETURN DISTINCT trim(g.indicator + ' ' + coalesce(g.value_text, '') + coalesce(g.unit, '') + coalesce(g.qualifier, ''))
       AS x"""
LED_BY_BOTH = """MATCH (:Department {key: $a})-[:LEADS]->(t:Task)<-[:LEADS]-(:Department {key: $b})
RETURN DISTINCT t.title AS x"""
RANK_IN = f"""MATCH (d:Department)-[:LEADS]->(t:Task)<-[:HAS_TASK]-(p:Policy)
WHERE NOT coalesce(d.collective, false) AND ($place IS NULL OR {IN_PLACE})
RETURN d.name AS name, d.region AS region, count(DISTINCT t) AS n ORDER BY n DESC"""
SHARED_NAMES = """MATCH (d:Department) WHERE d.region IS NOT NULL
WITH d.name AS n, count(DISTINCT d.region) AS regions WHERE regions > 1 RETURN n AS x"""
CITIES_ABOUT = """MATCH (p:Policy) WHERE all(w IN $ws WHERE p.title CONTAINS w OR p.text CONTAINS w)
WITH coalesce(p.city, CASE WHEN p.region ENDS WITH '市' THEN p.region END) AS city WHERE city IS NOT NULL
RETURN DISTINCT city AS x"""

Check = Callable[[Answer, G], tuple[bool, str]]
Case = tuple[str, Check]


def _same(got: list[str], want: list[str]) -> tuple[bool, str]:
    return sorted(set(got)) == sorted(set(want)), f"got {sorted(set(got))[:6]} want {sorted(set(want))[:6]}"


def titles(query: str, **params: Any) -> Check:
    """The answer's task titles (or, for deadlines, the evidence's) are the query's."""

    def check(body: Answer, g: G) -> tuple[bool, str]:
        want = [r["x"] for r in cy(g, query, **params)]
        got = [e["task"] for e in body.evidence] if body.intent == "tasks" else body.answer
        ok, msg = _same(got, want)
        if not want:  # nothing: a sentence says so
            ok = ok and bool(body.message) and "没有" in (body.message or "")
        return ok and body.cypher is not None, msg

    return check


def count_of(query: str, **params: Any) -> Check:
    def check(body: Answer, g: G) -> tuple[bool, str]:
        want = len(cy(g, query, **params))
        return body.count == want and not body.groups, f"got {body.count} want {want}"

    return check


def per_region(name: str, keys: list[str] | None, types: list[str]) -> Check:
    """One group per region (never one merged count): each group's count is the unit's own."""

    def check(body: Answer, g: G) -> tuple[bool, str]:
        units = [u for u in cy(g, NAMED, n=name) if keys is None or u["key"] in keys]
        want = {u["region"]: len(cy(g, ROLE_Q, k=u["key"], types=types)) for u in units}
        got = {x["region"]: x["count"] for x in body.groups}
        lines_ok = all(
            x["region"] in line and f"{x['count']} 项" in line
            for x, line in zip(body.groups, body.answer, strict=False)
        )
        return got == want and lines_ok and len(body.answer) == len(want), f"got {got} want {want}"

    return check


def apart(name: str, query: str, with_key: str | None = None, **params: Any) -> Check:
    """One answer per region of the shared `name` (never merged): each group's findings are the query's
    for that region's unit (`$k`; with another named unit, `$a` the shared one and `$b` the other)."""

    def check(body: Answer, g: G) -> tuple[bool, str]:
        want: dict[str, list[str]] = {}
        for u in cy(g, NAMED, n=name):
            keys = {"a": u["key"], "b": with_key.format(region=u["region"])} if with_key else {"k": u["key"]}
            want[u["region"]] = sorted({r["x"] for r in cy(g, query, **keys, **params)})
        got = {x["region"]: sorted(set(x["answer"])) for x in body.groups}
        lines_ok = len(body.answer) == len(body.groups) and all(
            line.startswith(x["region"]) and f" {x['count']} " in line and x["count"] == len(x["answer"])
            for x, line in zip(body.groups, body.answer, strict=False)
        )
        shared_ok = f"“{name}”" in (body.message or "") and "共有的名称" in (body.message or "")
        ok = got == want and lines_ok and shared_ok and body.count is None and body.cypher is not None
        return ok, f"got {got} want {want} ({body.message})"

    return check


def one_unit(query: str, **params: Any) -> Check:
    """A place picks one unit: one answer, no groups, the query's findings (targets as 'indicator value');
    nothing found is said in a sentence."""

    def check(body: Answer, g: G) -> tuple[bool, str]:
        want = [r["x"] for r in cy(g, query, **params)]
        ok, msg = _same(body.answer, want)
        said = bool(want) or "没有" in (body.message or "")
        return ok and said and not body.groups and body.cypher is not None, msg

    return check


def ranked(place: str | None, top: int) -> Check:
    """The first `top` units by tasks led in the place's documents, with every unit tied with the last; a
    name several regions' units hold written with its region."""

    def check(body: Answer, g: G) -> tuple[bool, str]:
        rows = cy(g, RANK_IN, place=place)
        shared = {r["x"] for r in cy(g, SHARED_NAMES)}
        last = rows[min(top, len(rows)) - 1]["n"]
        want = [
            (r["region"] + r["name"]) if r["name"] in shared else r["name"]
            for i, r in enumerate(rows)
            if i < top or r["n"] == last
        ]
        ok = sorted(body.answer) == sorted(want) and not body.groups and body.intent == "rank_most"
        return ok and len(want) >= min(top, len(rows)), f"got {body.answer} want {want}"

    return check


def policies(query: str, **params: Any) -> Check:
    """The documents listed (title, region and date in each line) are the query's."""

    def check(body: Answer, g: G) -> tuple[bool, str]:
        want = [r["x"] for r in cy(g, query, **params)]
        got = [e["policy"] for e in body.evidence]
        ok, msg = _same(got, want)
        lines = all(
            f"《{e['policy']}》" in a and (e["region"] or "") in a
            for e, a in zip(body.evidence, body.answer, strict=False)
        )
        return ok and lines and body.intent == "policies", msg

    return check


def groups_are(query: str, **params: Any) -> Check:
    def check(body: Answer, g: G) -> tuple[bool, str]:
        return _same([x["region"] for x in body.groups], [r["x"] for r in cy(g, query, **params)])

    return check


def names(query: str, **params: Any) -> Check:
    def check(body: Answer, g: G) -> tuple[bool, str]:
        want = [r["x"] for r in cy(g, query, **params)]
        return _same(body.answer, want)

    return check


def indicators(word: str) -> Check:
    def check(body: Answer, g: G) -> tuple[bool, str]:
        want = [r["x"] for r in cy(g, INDICATOR, w=word)]
        got = [e["indicator"] for e in body.evidence]
        return _same(got, want)[0] and bool(want), f"got {got} want {want}"

    return check


SHARED = ["市科技局", "省发展改革委", "市发展改革委", "省卫生健康委"]
SHORT = {"太仓市": "太仓", "南充市": "南充", "宁波市": "宁波", "杭州市": "杭州", "成都市": "成都", "重庆市": "重庆",
         "山东省": "山东", "浙江省": "浙江", "安徽省": "安徽", "广东省": "广东", "广州市": "广州", "武汉市": "武汉"}  # fmt: skip


def cases(graph: G) -> list[Case]:
    out: list[Case] = []
    for name in SHARED:
        units = cy(graph, NAMED, n=name)
        assert len(units) >= 2, name
        for u in units:
            region, key, body = u["region"], u["key"], name[1:]
            short = SHORT.get(region, region)
            out += [
                (f"{region}{body}牵头哪些任务？", titles(ROLE_Q, k=key, types=["LEADS"])),
                (f"{short}{body}牵头的任务有哪些", titles(ROLE_Q, k=key, types=["LEADS"])),
                (f"{region}{body}负责哪些任务", titles(ROLE_Q, k=key, types=ALL)),
                (f"{region}{body}牵头几项任务？", count_of(ROLE_Q, k=key, types=["LEADS"])),
                (f"{short}的{name}配合哪些任务？", titles(ROLE_Q, k=key, types=["SUPPORTS"])),
            ]
        out += [
            (f"{name}牵头哪些任务？", per_region(name, None, ["LEADS"])),
            (f"{name}牵头几项任务？", per_region(name, None, ["LEADS"])),
            (f"{name}负责哪些任务？", per_region(name, None, ALL)),
        ]
    for a, b in [("南充市", "宁波市"), ("太仓市", "南充市"), ("宁波市", "杭州市"), ("成都市", "太仓市")]:
        keys = [f"{a}|市科技局", f"{b}|市科技局"]
        out.append(
            (f"{SHORT[a]}和{SHORT[b]}的科技局分别牵头几项任务？", per_region("市科技局", keys, ["LEADS"]))
        )
        out.append((f"{a}和{b}的市科技局分别负责几项任务？", per_region("市科技局", keys, ALL)))
    out.append(("山东省和浙江省的省发展改革委分别牵头几项任务？",
                per_region("省发展改革委", ["山东省|省发展改革委", "浙江省|省发展改革委"], ["LEADS"])))  # fmt: skip
    # documents: by year, region, topic word, issuer; grouped by city
    for y in ["2018", "2021", "2022", "2023", "2024", "2025", "2026"]:
        out.append((f"{y}年有哪些政策？", policies(POLICIES_OF_YEAR, y=y)))
        out.append((f"{y}年出台了哪些文件？", policies(POLICIES_OF_YEAR, y=y)))
    for place in [
        "广州市",
        "浙江省",
        "广东省",
        "四川省",
        "杭州市",
        "深圳市",
        "山东省",
        "安徽省",
        "全国",
        "宁波",
    ]:
        full = {"宁波": "宁波市"}.get(place, place)
        out.append((f"{place}有哪些政策？", policies(POLICIES_IN, place=full)))
        out.append((f"{place}出台了哪些文件？", policies(POLICIES_IN, place=full)))
    for w in ["家庭医生签约服务", "OPC", "乡村振兴", "工业互联网", "营商环境"]:
        out.append((f"关于{w}的政策有哪些？", policies(POLICIES_ABOUT, w=w)))
    for k, q in [("广州市|市卫生健康委", "广州市卫生健康委印发了哪些文件？"), ("杭州市|市科技局", "杭州市科技局发布了哪些政策？"),
                 ("广东省|省卫生健康委", "广东省卫生健康委发布了哪些文件？")]:  # fmt: skip
        out.append((q, policies(POLICIES_BY, k=k)))
    out.append(("哪些城市出台了人工智能OPC政策？", groups_are(CITIES_ABOUT, ws=["人工智能", "OPC"])))
    out.append(("哪些城市出台了家庭医生签约服务的政策？", groups_are(CITIES_ABOUT, ws=["家庭医生签约服务"])))
    # deadlines
    for year in [2022, 2023, 2024, 2025, 2026, 2030]:
        out.append((f"哪些任务要求{year}年底前完成？", titles(DUE, y=year, m=None, place=None)))
    for year, month in [(2025, 6), (2024, 6), (2023, 6)]:
        out.append((f"{year}年{month}月底前要完成哪些任务？", titles(DUE, y=year, m=month, place=None)))
    for place in ["广州市", "太仓市", "南充市"]:
        out.append((f"{place}有哪些任务要求2025年底前完成？", titles(DUE, y=2025, m=None, place=place)))
    # a place constrains the units; the units that support a unit's tasks
    for place in ["广州市", "广东省"]:
        out.append(
            (
                f"{place}家庭医生签约服务由哪些部门负责？",
                names(UNITS_ON, place=place, w="家庭医生签约服务", types=ALL),
            )
        )
    for k, n in [("广州市|市卫生健康委", "广州市卫生健康委"), ("太仓市|市科技局", "太仓市科技局"),
                 ("南充市|市科技局", "南充市科技局"), ("宁波市|市科技局", "宁波市科技局"), ("山东省|省商务厅", "山东省商务厅")]:  # fmt: skip
        out.append((f"哪些部门配合{n}牵头的任务？", names(SUPPORT_OF, k=k)))
    # a shared name in a question about units or targets: one answer per region; a place picks one unit
    for name in [*SHARED, "省商务厅"]:
        out += [
            (f"哪些部门配合{name}牵头的任务？", apart(name, SUPPORT_OF)),
            (f"哪些单位与{name}共同牵头？", apart(name, CO_LEAD_OF)),
            (f"{name}负责哪些指标？", apart(name, TARGETS_OF, types=ALL)),
            (f"{name}牵头的任务有哪些量化目标？", apart(name, TARGETS_OF, types=["LEADS"])),
        ]
    for k, n in [("太仓市|市科技局", "太仓市科技局"), ("成都市|市科技局", "成都市科技局"), ("宁波市|市科技局", "宁波科技局"),
                 ("山东省|省发展改革委", "山东省发展改革委")]:  # fmt: skip
        out += [
            (f"哪些单位与{n}共同牵头？", one_unit(CO_LEAD_OF, k=k)),
            (f"{n}负责哪些指标？", one_unit(TARGETS_OF, k=k, types=ALL)),
        ]
    out.append(
        ("太仓市科技局牵头的任务有哪些目标？", one_unit(TARGETS_OF, k="太仓市|市科技局", types=["LEADS"]))
    )
    # A和B共同牵头 with a shared A: one answer per region of A, B the same unit in each
    for a, b in [("省发展改革委", "山东省|省工业和信息化厅"), ("市科技局", "成都市|市经信局市新经济委"),
                 ("省发展改革委", "{region}|省商务厅")]:  # fmt: skip
        body = b.split("|")[1]
        out.append((f"{a}和{body}共同牵头哪些任务？", apart(a, LED_BY_BOTH, with_key=b)))
    # rankings: the first n (with ties), narrowed by a place
    for place, q in [("浙江省", "浙江省牵头任务最多的前5个单位"), ("山东省", "山东牵头任务最多的前3个部门是哪些？"),
                     (None, "牵头任务数前十名的单位有哪些？"), (None, "牵头任务最多的前5个单位")]:  # fmt: skip
        out.append(
            (q, ranked(place, int({"前5": 5, "前3": 3, "前十": 10}[q[q.index("前") : q.index("前") + 2]])))
        )
    out.append(("哪个部门牵头的任务最多？", ranked(None, 1)))
    # an indicator by its usual short name
    for w in ["高新技术企业", "研发机构覆盖率", "社区综合服务设施", "签约率"]:
        out.append((f"{w}的目标是多少？", indicators(w)))
    return out


def test_questions_over_many_regions_at_least_95_percent_exact(asker: Asker, graph: G) -> None:
    all_cases = cases(graph)
    assert len(all_cases) >= 120
    for q, _ in all_cases:  # warm: the automaton, Neo4j's plan of each statement and parameter types
        asker.ask(q)
    wrong: list[str] = []
    took: list[float] = []
    for question, check in all_cases:
        t = time.perf_counter()
        body = asker.ask(question)
        took.append(time.perf_counter() - t)
        ok, msg = check(body, graph)
        english = any(c.isascii() and c.isalpha() for c in (body.message or "").replace("OPC", ""))
        if not ok or english:
            wrong.append(f"{question}: {msg} {'(English in the message)' if english else ''}")
    p95 = sorted(took)[max(0, round(0.95 * len(took)) - 1)]
    print(
        f"{len(all_cases) - len(wrong)} of {len(all_cases)} exact; p95 {p95 * 1000:.1f} ms", *wrong, sep="\n"
    )
    assert len(wrong) <= 0.05 * len(all_cases), "\n".join(wrong)
    # the time is printed, not asserted (the machines are shared): bench.ask_latency measures it against
    # the same Cypher sent alone, in the same run (docs/benchmarks.md)


def test_the_issues_questions(asker: Asker, graph: G) -> None:
    taicang = asker.ask("太仓市科技局牵头哪些任务？")
    assert {e["department"] for e in taicang.evidence} == {"市科技局"} and taicang.params["unit_groups"] == [
        ["太仓市|市科技局"]
    ]
    apart = asker.ask("南充和宁波的科技局分别牵头几项任务？")
    assert [g["region"] for g in apart.groups] == ["南充市", "宁波市"] and apart.count is None
    shared = asker.ask("省发展改革委牵头哪些任务？")
    assert len(shared.groups) == 3 and "共有的名称" in (shared.message or "")
    none_due = asker.ask("哪些任务要求2030年底前完成？")
    assert none_due.answer == [] and none_due.message == "没有要求在2030年底前完成的任务"
    due = asker.ask("哪些任务要求2025年底前完成？")
    assert due.answer and all("完成时限：2025" in a for a in due.answer)


def test_shared_names_in_unit_target_and_ranking_questions(asker: Asker, graph: G) -> None:
    support = asker.ask("哪些部门配合省发展改革委牵头的任务？")
    by_region = {g["region"]: g for g in support.groups}
    assert set(by_region) == {"山东省", "浙江省", "安徽省"} and support.intent == "units"
    assert (
        set(by_region["山东省"]["answer"]) == {"省市场监管局", "省商务厅"}
        and by_region["浙江省"]["count"] == 0
    )
    assert support.message and support.message.startswith("“省发展改革委”是 3 个地区的单位共有的名称")
    # the answer's statement reruns: one row per unit found, each with its answer's index
    rows = cy(graph, support.cypher or "", **support.params)
    assert {(support.groups[r["group_index"]]["region"], r["name"]) for r in rows} == {
        ("山东省", "省市场监管局"),
        ("山东省", "省商务厅"),
    }
    co = asker.ask("哪些单位与市科技局共同牵头？")
    assert co.intent == "co_leads" and len(co.groups) == 6
    assert next(g for g in co.groups if g["region"] == "成都市")["count"] == 7
    targets = asker.ask("市科技局负责哪些指标？")
    counts = {g["region"]: g["count"] for g in targets.groups}
    assert counts["太仓市"] == 2 and counts["宁波市"] == 1 and counts["南充市"] == 0
    one = asker.ask("太仓市科技局负责哪些指标？")
    assert not one.groups and "规上工业企业研发机构覆盖率 60%" in one.answer and len(one.answer) == 2
    both = asker.ask("省发展改革委和省商务厅共同牵头哪些任务？")
    assert (both.groups[0]["region"], both.groups[0]["count"]) == ("山东省", 4)
    assert "大宗商品交易平台" in both.groups[0]["answer"] and both.answer[0].startswith(
        "山东省省发展改革委和省商务厅共同牵头 4 项"
    )
    either = asker.ask("省发展改革委或省商务厅牵头哪些任务？")  # A或B: each unit of each name apart
    assert len(either.groups) == 6 and {(g["region"], g["name"]) for g in either.groups} >= {
        ("山东省", "省发展改革委"),
        ("山东省", "省商务厅"),
    }
    assert {g["name"]: g["count"] for g in either.groups if g["region"] == "山东省"} == {
        "省发展改革委": 6,
        "省商务厅": 5,
    }
    top = asker.ask("浙江省牵头任务最多的前5个单位")
    assert top.intent == "rank_most" and len(top.answer) >= 5 and top.understood["top"] == 5
    assert top.answer[:2] == ["县农业农村局", "宁波市市科技局"] and "前 5 个单位" in (top.message or "")
    assert asker.ask("2025年前5个月要完成哪些任务？").intent != "rank_most"


@pytest.mark.parametrize("question", ["哪些城市出台了人工智能OPC政策？", "2026年有哪些政策？", "有哪些服务？",
                                      "城市工作有哪些？", "哪些部门的政策文件？"])  # fmt: skip
def test_generic_words_are_never_a_sector_or_a_unit(asker: Asker, question: str) -> None:
    body = asker.ask(question)
    fuzzy = [
        e for e in body.understood.get("entities", []) if e["fuzzy"] and e["kind"] in ("sector", "department")
    ]
    assert not fuzzy, fuzzy

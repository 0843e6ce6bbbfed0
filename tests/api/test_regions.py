"""Over HTTP, on a graph of several regions: same-name units with their regions, ?region=, deadlines,
implementing documents, and PDF uploads (a real one ingested, scanned and encrypted ones refused)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from neo4j import Driver
from reportlab.lib.pdfencrypt import StandardEncryption

from tests.conftest import SAMPLE, ApiServer
from tests.data.make_pdf import policy_pdf, scanned_pdf
from tests.graph.conftest import corpus_graph  # noqa: F401  (re-exported fixture)

pytestmark = pytest.mark.neo4j
TOKEN = {"X-API-Token": "test-token-0123456789abcdef"}


@pytest.fixture(scope="module")
def api(api_server: ApiServer, corpus_graph: tuple[Driver, str]) -> ApiServer:  # noqa: F811
    time.sleep(1.0)  # the server's lookup cache sees the new graph within POLICYKG_CACHE_SECONDS
    return api_server


def get(api: ApiServer, path: str, **params: object) -> dict:  # type: ignore[type-arg]
    with api.client() as c:
        r = c.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_a_name_used_in_two_provinces_is_never_picked_silently(api: ApiServer) -> None:
    """Every way in that takes a unit name: a name two provinces' units hold answers 409 with both, each
    with its region, key and task count; a region or the key picks one."""
    name = quote("省发展改革委")
    with api.client() as c:
        for path in (f"/api/departments/{name}", f"/api/departments/{name}/tasks",
                     f"/api/departments/{name}/tasklist", "/api/dossier", "/api/graph/chain"):  # fmt: skip
            r = c.get(path, params={"unit": "省发展改革委", "focus": "省发展改革委"})
            assert r.status_code == 409, (path, r.text)
            body = r.json()
            assert body["error"] == "AmbiguousNameError" and "地区" in body["message"]
            candidates = body["candidates"]
            assert sorted(x["region"] for x in candidates) == ["山东省", "浙江省"], path
            assert {x["key"] for x in candidates} == {"山东省|省发展改革委", "浙江省|省发展改革委"}
            assert all(isinstance(x["tasks"], int) and x["tasks"] > 0 for x in candidates)
    by_key = get(api, f"/api/departments/{name}", key="浙江省|省发展改革委")
    assert by_key["department"]["region"] == "浙江省"
    shandong = get(api, f"/api/departments/{name}", region="山东")
    assert shandong["department"]["key"] == "山东省|省发展改革委"
    tasks = get(api, f"/api/departments/{name}/tasks", key="山东省|省发展改革委")["tasks"]
    assert tasks and all(
        t["provenance"]["policy"] != "关于加快推进数字经济高质量发展的实施意见" for t in tasks
    )


@pytest.mark.parametrize("region", ["浙江省", "浙江"])
def test_region_chooses_the_unit(api: ApiServer, region: str) -> None:
    body = get(api, f"/api/departments/{quote('省发改委')}", region=region)
    assert body["department"]["key"] == "浙江省|省发展改革委" and len(body["matches"]) == 1
    tasks = get(api, f"/api/departments/{quote('省发展改革委')}/tasks", region=region)
    assert {t["provenance"]["policy"] for t in tasks["tasks"]} == {"关于加快推进数字经济高质量发展的实施意见"}


def test_unknown_region_is_a_404_with_suggestions(api: ApiServer) -> None:
    with api.client() as c:
        r = c.get(f"/api/departments/{quote('省发展改革委')}", params={"region": "西藏自治区"})
    assert r.status_code == 404 and "西藏自治区" in r.text


def test_deadlines_in_the_api_and_the_task_list(api: ApiServer) -> None:
    tasks = get(api, f"/api/departments/{quote('县农业农村局')}/tasks", role="lead")["tasks"]
    assert [t["deadline"] for t in tasks][:2] == [
        {"year": 2022, "month": 6, "text": "2022年6月底前"},
        {"year": 2022, "month": 12, "text": "2022年12月底前"},
    ]
    with api.client() as c:
        r = c.get(
            f"/api/departments/{quote('县农业农村局')}/tasklist", params={"format": "csv", "role": "lead"}
        )
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["完成时限"] for row in rows] == ["2022年6月底前", "2022年12月底前", "2025年"]


def test_renamed_unit_has_its_history(api: ApiServer) -> None:
    body = get(api, f"/api/departments/{quote('国家工商总局')}")
    assert body["department"]["key"] == "全国|市场监管总局"
    assert body["department"]["history"] == [{"name": "国家工商总局", "year": 2018}]


def test_policy_detail_says_what_it_implements_and_who_implements_it(api: ApiServer) -> None:
    policies = {p["title"]: p for p in get(api, "/api/policies")}  # type: ignore[union-attr]
    zj = policies["关于加快推进数字经济高质量发展的实施意见"]
    assert (zj["region"], zj["level"], zj["issued"]) == ("浙江省", "省", "2021-03-18")
    body = get(api, f"/api/policies/{zj['id']}")
    assert [p["doc_number"] for p in body["implements"]] == ["国发〔2021〕29号"]
    national = next(p for p in policies.values() if p["doc_number"] == "国发〔2021〕29号")
    body = get(api, f"/api/policies/{national['id']}")
    assert [(p["region"], p["title"]) for p in body["implemented_by"]] == [
        ("浙江省", "关于加快推进数字经济高质量发展的实施意见")
    ]


def test_upload_a_pdf(api: ApiServer, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("平台经济", "平台经济（PDF版）", 1)
    pdf = policy_pdf(tmp_path / "sample.pdf", text)
    with api.client() as c:
        r = c.post(
            "/api/documents",
            files={"file": ("sample.pdf", pdf.read_bytes(), "application/pdf")},
            headers=TOKEN,
        )
    assert r.status_code == 201, r.text
    assert r.json()["tasks"] == 20
    doc_id = r.json()["document_id"]
    task = get(api, f"/api/tasks/{quote(doc_id[:12] + '-task-二.8')}")
    assert task["task"]["page"] >= 2 and task["task"]["title"] == "现代物流平台"


def _encrypted(path: Path) -> Path:
    enc = StandardEncryption("secret", ownerPassword="owner")
    return policy_pdf(path, "山东省人民政府\n一、任务\n（一）甲。（省商务厅负责）", encrypt=enc)


@pytest.mark.parametrize(("make", "message"), [(scanned_pdf, "no text layer"), (_encrypted, "encrypted")])
def test_upload_refuses_scanned_and_encrypted_pdfs_and_writes_nothing(
    api: ApiServer, tmp_path: Path, make: object, message: str
) -> None:
    pdf = make(tmp_path / "bad.pdf")  # type: ignore[operator]
    with api.client() as c:
        before = c.get("/api/policies").json()
        r = c.post(
            "/api/documents", files={"file": ("bad.pdf", pdf.read_bytes(), "application/pdf")}, headers=TOKEN
        )
        assert r.status_code == 422 and message in r.json()["detail"]
        assert c.get("/api/policies").json() == before


def test_the_cli_lists_the_units_of_a_shared_name_and_exits_2(api: ApiServer) -> None:
    from tests.conftest import run_cli

    result = run_cli("tasks", "省发展改革委", "--format", "csv")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""  # no task list of one of them
    lines = result.stderr.splitlines()
    assert "2 units are named 省发展改革委" in lines[0]
    assert any("山东省" in li and "--key 山东省|省发展改革委" in li for li in lines)
    assert any("浙江省" in li and "--key 浙江省|省发展改革委" in li for li in lines)
    for pick in (["--region", "浙江省"], ["--key", "浙江省|省发展改革委"]):
        result = run_cli("tasks", "省发展改革委", "--format", "csv", *pick)
        assert result.returncode == 0, result.stderr
        assert "关于加快推进数字经济高质量发展的实施意见" in result.stdout

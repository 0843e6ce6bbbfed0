"""A seeded corpus of realistic policy documents at national scale, with the answer key.

Every document is a 通知 with its plan (意见 / 实施方案 / 行动方案 …) from a national, provincial, municipal or
county government (real provinces, cities and counties), 3,000–12,000 characters, 10–60 tasks under 一、/（一）/1.
numbering, each attributed in one of the forms real documents use: brackets (（A牵头，B配合）, （A负责）,
（牵头单位：A；配合单位：B）…), lines under the task (责任单位：A、B / 牵头单位：A；配合单位：B, with 完成时限：2025年底前)
and TAB-separated 任务分工表 rows; with quantitative targets (到2025年，……300个以上) and deadlines. The units
are the issuing level's (国家X委/X部, 省X厅, 市X局 or 杭州市X局, 县X局 or 桐庐县X局), plus collectives.

    .venv/bin/python -m bench.corpus_gen --count 10000 --out /tmp/corpus --seed 1

writes DIR/docs/NNNNN/gen-NNNNNNN.txt (1,000 a folder) and DIR/manifest.jsonl: one line per file with what
the parser must find — each task's path, title, its units by role as written, and (for the line and table
forms, which state one) its deadline; and the targets stated in words. The same seed writes the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.synthetic import (
    CITY_UNITS,
    CN,
    COUNTIES,
    COUNTY_UNITS,
    INDICATORS,
    NATIONAL_UNITS,
    OBJECTS,
    PROVINCE_UNITS,
    SECTION_TITLES,
    TOPICS,
    VERBS,
    plain_sentences,
)
from ingest.registry import regions

MIN_CHARS, MAX_CHARS = 3000, 12000
MIN_TASKS, MAX_TASKS = 10, 60
# one-character 简称 for 文号 (浙政办发〔2023〕12号)
ABBREV = dict(zip("北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 福建省 江西省 山东省 河南省 "
                  "湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 云南省 西藏自治区 陕西省 甘肃省 青海省 "
                  "宁夏回族自治区 新疆维吾尔自治区".split(), "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新", strict=True))  # fmt: skip
TAILS = ["形成一批可复制可推广的经验做法", "推动相关工作取得实质性进展", "切实提升服务效能和群众满意度",
         "为高质量发展提供有力支撑", "打造一批具有示范带动作用的标杆项目", "持续优化政策供给和要素保障",
         "构建协同高效的推进机制", "提升产业链供应链韧性和安全水平"]  # fmt: skip
GUARANTEES = ["加强组织领导", "强化要素保障", "加强督促考核", "营造良好氛围", "强化人才支撑", "加强统计监测"]
DEADLINES = [
    "2024年底前",
    "2025年底前",
    "2025年6月底前",
    "2026年底前",
    "2027年底前",
    "持续推进",
    "长期坚持",
    "每年",
]


@dataclass
class Level:
    """The issuing government and the units its documents name."""

    kind: str  # 国家 / 省 / 市 / 县
    place: str  # 全国 / 浙江省 / 杭州市 / 桐庐县
    issuer: str
    number_prefix: str
    addressees: str
    units: list[str]
    collectives: list[str]
    we: str  # 全国 / 全省 / 全市 / 全县


@dataclass
class Doc:
    lines: list[str] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)


def levels() -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str, str]]]:
    provinces = [r.province for r in regions() if r.province in ABBREV]
    cities = [
        (f"{c}市", r.province)
        for r in regions()
        for c in (r.capital, *r.cities)
        if not r.province.endswith("市")
    ]
    return provinces, cities, COUNTIES


def pick_level(rng: random.Random) -> Level:
    provinces, cities, counties = levels()
    kind = rng.choices(["国家", "省", "市", "县"], weights=[1, 3, 4, 2])[0]
    office = rng.random() < 0.6
    if kind == "国家":
        return Level("国家", "全国", "国务院办公厅" if office else "国务院", "国办发" if office else "国发",
                     "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", NATIONAL_UNITS,
                     ["各省级人民政府", "有关部门"], "全国")  # fmt: skip
    if kind == "省":
        p = rng.choice(provinces)
        head = "市" if p.endswith("市") else "省"
        units = [u.replace("省", head, 1) for u in PROVINCE_UNITS] if head == "市" else PROVINCE_UNITS
        lower = "各区人民政府" if head == "市" else "各市人民政府"
        return Level("省", p, f"{p}人民政府" + ("办公厅" if office else ""), ABBREV[p] + ("政办发" if office else "政发"),
                     f"{lower}，{head}政府各部门、各直属机构：", units, [lower, "有关部门"], f"全{head}")  # fmt: skip
    if kind == "市":
        city, _prov = rng.choice(cities)
        units = list(CITY_UNITS)
        if rng.random() < 0.3:  # some cities write their own name into the unit: 杭州市商务局
            units = [city + u[1:] if i % 3 == 0 else u for i, u in enumerate(units)]
        return Level("市", city, f"{city}人民政府" + ("办公室" if office else ""), city[0] + ("政办" if office else "政"),
                     "各区、县（市）人民政府，市政府各部门、各直属单位：", units, ["各区、县（市）人民政府", "有关部门"], "全市")  # fmt: skip
    county, _city, _prov = rng.choice(counties)
    units = list(COUNTY_UNITS)
    if rng.random() < 0.3:
        units = [county + u[1:] if i % 3 == 0 else u for i, u in enumerate(units)]
    return Level("县", county, f"{county}人民政府" + ("办公室" if office else ""), county[0] + ("政办发" if office else "政发"),
                 "各乡镇人民政府、街道办事处，县政府各部门、各直属单位：", units, ["各乡镇（街道）", "有关部门"], "全县")  # fmt: skip


class Generator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        rng = random.Random(seed)
        made = {f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(TAILS)}。"
                for _ in range(800)}  # fmt: skip
        self.pool = plain_sentences() + sorted(made)

    def document(self, i: int) -> tuple[str, dict[str, Any]]:
        rng = random.Random(self.seed * 1_000_003 + i)  # each file from its own seed: any one can be remade
        for _attempt in range(20):
            text, meta = self._document(rng, i)
            if MIN_CHARS <= len(text) <= MAX_CHARS:
                return text, meta
        raise RuntimeError(f"document {i}: could not meet the size bounds")  # not reached in practice

    def _document(self, rng: random.Random, i: int) -> tuple[str, dict[str, Any]]:
        lv = pick_level(rng)
        topic = rng.choice(TOPICS)
        kind = rng.choice(["实施方案", "行动方案", "实施意见", "若干措施", "工作方案"])
        plan = f"{'' if lv.kind == '国家' else lv.place}推进{topic}高质量发展{kind}"
        year = rng.randint(2021, 2025)
        style = rng.choices(["bracket", "line", "table", "mixed"], weights=[5, 3, 2, 2])[0]
        n_tasks = rng.randint(MIN_TASKS, MAX_TASKS)
        low = max(MIN_CHARS + 400, 130 * n_tasks)
        budget = rng.randint(low, max(low + 400, min(MAX_CHARS - 1000, 340 * n_tasks)))
        per_task = max(30, (budget - 900) // n_tasks - (40 if style == "table" else 60))
        d = Doc()
        d.lines += [f"{lv.issuer}关于印发{plan}的通知", f"{lv.number_prefix}〔{year}〕{rng.randint(1, 150)}号",
                    lv.addressees, f"《{plan}》已经研究同意，现印发给你们，请认真贯彻执行。", lv.issuer,
                    f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", plan,
                    f"为加快推进{topic}高质量发展，结合实际，制定本{kind[-2:]}。"]  # fmt: skip
        d.lines += ["一、总体要求", f"（一）指导思想。{self._body(rng, 120)}"]
        goals = [self._target(rng, d, lv, year) for _ in range(rng.randint(1, 3))]
        d.lines.append(f"（二）主要目标。{'，'.join(goals)}。{self._body(rng, 60)}")
        # the tasks: 2–5 sections of 重点任务, then 保障措施 (whose items are attributed too)
        n_guarantee = min(rng.randint(2, 4), n_tasks - 8)
        n_main = n_tasks - n_guarantee
        n_sections = rng.randint(2, min(5, max(2, n_main // 4)))
        cuts = sorted(rng.sample(range(1, n_main), n_sections - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n_main], strict=True)]
        titles = rng.sample(SECTION_TITLES[:-1], n_sections)
        for s, (size, title) in enumerate(zip(sizes, titles, strict=True)):
            label = CN[s + 1]
            d.lines.append(f"{label}、{title}")
            if style == "table" or (style == "mixed" and s == n_sections - 1):
                self._table(rng, d, lv, [label], size, per_task)
            elif rng.random() < 0.3 and size >= 4:  # two levels: （一） headings with 1. tasks under them
                k = 0
                for h, part in enumerate(_split(rng, size)):
                    d.lines.append(f"（{_cn(h + 1)}）{rng.choice(VERBS)}{rng.choice(OBJECTS)}")
                    for _ in range(part):
                        k += 1
                        self._task(rng, d, lv, [label, f"({_cn(h + 1)})", str(k)], f"{k}.", style, per_task)
            else:
                numbered = rng.random() < 0.5
                for k in range(size):
                    mark = f"{k + 1}." if numbered else f"（{_cn(k + 1)}）"
                    path = [label, str(k + 1) if numbered else f"({_cn(k + 1)})"]
                    self._task(rng, d, lv, path, mark, style, per_task)
        label = CN[n_sections + 1]
        d.lines.append(f"{label}、保障措施")
        for k, title in enumerate(rng.sample(GUARANTEES, n_guarantee)):
            units = self._units(rng, lv, 1, 2)
            form = rng.choice(["（{}负责）", "（{}按职责分工负责）", "（责任单位：{}）"])
            if "按职责" in form and len(units) < 2:
                form = "（{}负责）"
            d.lines.append(
                f"（{_cn(k + 1)}）{title}。{self._body(rng, per_task)}{form.format('、'.join(units))}"
            )
            d.tasks.append({"path": [label, f"({_cn(k + 1)})"], "title": title, "lead": [], "support": [],
                            "responsible": units})  # fmt: skip
        text = "\n".join(d.lines) + "\n"
        meta = {"level": lv.kind, "region": lv.place, "style": style, "chars": len(text),
                "tasks": d.tasks, "targets": d.targets}  # fmt: skip
        return text, meta

    def _body(self, rng: random.Random, chars: int) -> str:
        out: list[str] = []
        n = 0
        while n < chars:
            s = rng.choice(self.pool)
            out.append(s)
            n += len(s)
        return "".join(out)

    def _units(self, rng: random.Random, lv: Level, lo: int, hi: int) -> list[str]:
        return rng.sample(lv.units, rng.randint(lo, hi))

    def _target(self, rng: random.Random, d: Doc, lv: Level, year: int) -> str:
        by = rng.randint(max(year + 1, 2025), 2030)
        what = rng.choice(INDICATORS)
        value = rng.choice([rng.randint(2, 99) * 10, rng.randint(101, 999), rng.randint(2, 60)])
        unit = "个" if what not in ("高新技术企业", "科技型中小企业", "省级以上专精特新企业") else "家"
        d.targets.append({"deadline": str(by), "value_text": str(value), "unit": unit, "qualifier": "以上"})
        return f"到{by}年，{lv.we}培育{what}{value}{unit}以上"

    def _task(
        self, rng: random.Random, d: Doc, lv: Level, path: list[str], mark: str, style: str, per: int
    ) -> None:
        title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
        body = self._body(rng, per)
        form = style if style in ("bracket", "line") else rng.choice(["bracket", "bracket", "line"])
        task: dict[str, Any] = {"path": path, "title": title, "lead": [], "support": [], "responsible": []}
        chosen = self._units(rng, lv, 1, 4)
        if rng.random() < 0.15:  # a collective among the supporting units
            chosen.append(lv.collectives[0])
        lead, rest = chosen[: 1 + (len(chosen) > 3)], chosen[1 + (len(chosen) > 3) :]
        j = "、".join
        if form == "bracket":
            shape = rng.choice(
                ["lead_support", "lead_support_labels", "responsible", "shared", "lead_take_part"]
            )
            if not rest and shape != "responsible":
                shape = "responsible"
            if shape == "lead_support":
                attribution = f"（{j(lead)}牵头，{j(rest)}配合）"
            elif shape == "lead_take_part":
                attribution = f"（{j(lead)}牵头，{j(rest)}参与）"
            elif shape == "lead_support_labels":
                attribution = rng.choice(
                    ["（牵头单位：{}；配合单位：{}）", "（牵头部门：{}，配合部门：{}）"]
                ).format(j(lead), j(rest))
            elif shape == "shared":
                attribution = f"（{j(chosen)}按职责分工负责）"
            else:
                attribution = f"（{j(chosen)}负责）"
            if shape in ("responsible", "shared"):
                task["responsible"] = chosen
            else:
                task["lead"], task["support"] = lead, rest
            d.lines.append(f"{mark}{title}。{body}{attribution}")
        else:
            d.lines.append(f"{mark}{title}。{body}")
            if rest and rng.random() < 0.5:
                d.lines.append(f"牵头单位：{j(lead)}；配合单位：{j(rest)}")
                task["lead"], task["support"] = lead, rest
            else:
                d.lines.append(f"{rng.choice(['责任单位', '责任部门'])}：{j(chosen)}")
                task["responsible"] = chosen
            if rng.random() < 0.7:
                task["deadline"] = rng.choice(DEADLINES[:5])
                d.lines.append(f"完成时限：{task['deadline']}")
        d.tasks.append(task)

    def _table(self, rng: random.Random, d: Doc, lv: Level, path: list[str], size: int, per: int) -> None:
        d.lines += ["重点任务分工表", "序号\t重点任务\t牵头单位\t配合单位\t完成时限"]
        for k in range(size):
            title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
            cell = title + "，" + self._body(rng, max(10, per - 30))[:-1]
            lead = self._units(rng, lv, 1, 2)
            rest = [u for u in self._units(rng, lv, 1, 3) if u not in lead]
            due = rng.choice(DEADLINES)
            d.lines.append(f"{k + 1}\t{cell}\t{'、'.join(lead)}\t{'、'.join(rest)}\t{due}")
            d.tasks.append({"path": [*path, str(k + 1)], "title": title, "lead": lead, "support": rest,
                            "responsible": [], "deadline": due, "table": True})  # fmt: skip


def _cn(n: int) -> str:
    """1 → 一, 12 → 十二, 30 → 三十, 47 → 四十七."""
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def _split(rng: random.Random, size: int) -> list[int]:
    parts = rng.randint(2, min(4, size // 2))
    cuts = sorted(rng.sample(range(1, size), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, size], strict=True)]


def generate(count: int, seed: int = 1, start: int = 0) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(relative path, text, manifest entry) for documents start … start+count-1."""
    gen = Generator(seed)
    for i in range(start, start + count):
        text, meta = gen.document(i)
        name = f"docs/{i // 1000:05d}/gen-{i:07d}.txt"
        yield name, text, {"file": name, **meta}


def write(out: Path, count: int, seed: int = 1) -> tuple[list[Path], Path]:
    """Write `count` documents and manifest.jsonl under `out`; (the files, the manifest)."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    manifest = out / "manifest.jsonl"
    with manifest.open("w", encoding="utf-8") as fh:
        for name, text, entry in generate(count, seed):
            path = out / name
            if not paths or path.parent != paths[-1].parent:
                path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return paths, manifest


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    return {e["file"]: e for e in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def expected(entry: dict[str, Any]) -> dict[str, Any]:
    """The manifest entry in the parser's terms: {path: (title, lead, support, responsible)}, and the
    attributions as (path, role, unit as written) triples."""
    tasks = {
        tuple(t["path"]): (t["title"], t["lead"], t["support"], t["responsible"]) for t in entry["tasks"]
    }
    roles = {(tuple(t["path"]), role, u) for t in entry["tasks"] for role in ("lead", "support", "responsible")
             for u in t[role]}  # fmt: skip
    return {"tasks": tasks, "attributions": roles}


def differences(extraction: Any, entry: dict[str, Any]) -> list[str]:
    """What the parser found (an `ingest.models.Extraction`) against what the manifest says: an empty list
    when the tasks (path, title, units by role), the stated deadlines and the targets agree."""
    want = expected(entry)
    got_tasks = {
        tuple(t.path): (t.title.split("，")[0] if t.source == "table" else t.title, t.lead, t.support, t.responsible)
        for t in extraction.tasks
    }  # fmt: skip
    out = [f"task {'.'.join(p)}: manifest {want['tasks'].get(p)} parser {got_tasks.get(p)}"
           for p in sorted(set(want["tasks"]) | set(got_tasks)) if want["tasks"].get(p) != got_tasks.get(p)]  # fmt: skip
    if any(t.guide for t in extraction.tasks):
        out.append("the parser found 指导 roles; the manifest has none")
    deadlines = {tuple(t.path): t.deadline.text if t.deadline else None for t in extraction.tasks}
    for t in entry["tasks"]:
        if "deadline" in t and deadlines.get(tuple(t["path"])) != t["deadline"]:
            out.append(
                f"deadline {'.'.join(t['path'])}: manifest {t['deadline']} parser {deadlines.get(tuple(t['path']))}"
            )
    found = {(g.deadline, g.value_text, g.unit, g.qualifier) for g in extraction.targets}
    for g in entry["targets"]:
        if (g["deadline"], g["value_text"], g["unit"], g["qualifier"]) not in found:
            out.append(f"target {g} not found")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t = time.perf_counter()
    paths, manifest = write(args.out, args.count, args.seed)
    chars = sum(e["chars"] for e in read_manifest(manifest).values())
    tasks = sum(len(e["tasks"]) for e in read_manifest(manifest).values())
    print(f"wrote {len(paths):,} documents ({chars:,} chars, {tasks:,} tasks) and {manifest} "
          f"in {time.perf_counter() - t:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()

"""A synthetic corpus built from the real one: its numbering structure, attribution styles, departments
and sentences, recombined with a seeded random generator (so runs are comparable)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from bench.common import CORPUS
from ingest.registry import regions

CN = "一二三四五六七八九十"
PROVINCE_UNITS = ["省发展改革委", "省商务厅", "省工业和信息化厅", "省财政厅", "省科技厅", "省交通运输厅", "省农业农村厅",
                  "省大数据局", "省市场监管局", "省卫生健康委", "省文化和旅游厅", "省生态环境厅", "省教育厅", "省人力资源社会保障厅",
                  "省地方金融监管局", "省统计局", "省体育局", "省医保局", "省通信管理局", "省公安厅"]  # fmt: skip
STYLES = [
    "（牵头部门：{a}，配合部门：{b}）",
    "(牵头部门:{a},配合部门:{b})",
    "（{a}牵头，{b}参与）",
    "（{a}、{b}按职责分工负责）",
    "（{a}负责）",
    "（牵头单位：{a}，配合单位：{b}，各市、县（市、区）人民政府）",
]


def sentences() -> list[str]:
    out = []
    for path in CORPUS:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"[（(][^（）()]*(?:负责|牵头|参与|指导|配合)[^（）()]*[）)]", "", line)
            out += [s + "。" for s in line.split("。") if 12 <= len(s) <= 120 and "\t" not in s]
    return out


def document(rng: random.Random, pool: list[str], n: int) -> str:
    province = rng.choice(regions()[:31])
    topic = rng.choice(["数字经济", "现代物流", "平台经济", "绿色低碳", "乡村振兴", "科技创新", "营商环境"])
    lines = [f"{province.province}人民政府关于推进{topic}高质量发展的实施意见（第{n}号）", "各市人民政府，省政府各部门：",
             f"为推进{topic}高质量发展，提出如下实施意见。"]  # fmt: skip
    for s in range(rng.randint(2, 4)):
        lines.append(f"{CN[s]}、{rng.choice(pool)[:12]}")
        for k in range(rng.randint(3, 6)):
            units = rng.sample(PROVINCE_UNITS, rng.randint(2, 4))
            style = rng.choice(STYLES)
            attribution = style.format(
                a="、".join(units[: 1 + (len(units) > 2)]), b="、".join(units[1 + (len(units) > 2) :])
            )
            body = "".join(rng.sample(pool, rng.randint(2, 4)))
            lines.append(f"{k + 1}.{rng.choice(pool)[:8]}。{body}{attribution}")
    lines += [f"到2025年，培育{topic}重点企业{rng.randint(10, 500)}家以上。", f"{province.province}人民政府",
              f"2023年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]  # fmt: skip
    return "\n".join(lines)


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    pool = sentences()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"synthetic-{i:04d}.txt"
        path.write_text(document(rng, pool, i), encoding="utf-8")
        paths.append(path)
    return paths


# --- explorer-sized inputs: one unit in very many tasks; a corpus of many cities' units ---------------
VERBS = ["推进", "加快", "完善", "健全", "深化", "实施", "支持", "强化", "优化", "培育", "建设", "开展"]
OBJECTS = ["数字基础设施", "工业互联网平台", "跨境电商综合试验区", "智慧物流体系", "数据要素市场", "中小企业数字化转型",
           "农村电商服务网络", "公共数据开放共享", "算力中心布局", "网络安全保障体系", "平台企业合规经营", "科技成果转化",
           "人才引进培养机制", "融资担保服务", "重点项目调度", "营商环境评价", "产业链协同", "标准体系建设"]  # fmt: skip
SECTION_TITLES = ["夯实数字基础", "壮大数字产业", "推进产业数字化", "提升治理效能", "优化发展环境", "强化要素保障",
                  "扩大开放合作", "加强组织实施"]  # fmt: skip


def unit_heavy_plan(tasks: int = 120, unit: str = "省发展改革委", seed: int = 11) -> str:
    """A provincial 任务分工方案 (河北省) in which `unit` leads or supports nearly every task: the size at which a
    force-directed drawing of its responsibility chain becomes a hairball."""
    rng = random.Random(seed)
    others = [u for u in PROVINCE_UNITS if u != unit]
    lines = ["河北省人民政府办公厅关于印发河北省数字经济发展重点任务分工方案的通知", "冀政办字〔2023〕12号",
             "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府各部门：",
             "现将重点任务分工方案印发给你们，请认真贯彻落实。"]  # fmt: skip
    per = -(-tasks // len(SECTION_TITLES))
    n = 0
    for s, title in enumerate(SECTION_TITLES):
        lines.append(f"{CN[s]}、{title}")
        for k in range(per):
            if n == tasks:
                break
            n += 1
            partners = rng.sample(others[: 8 + 2 * s], rng.randint(1, 3))
            if rng.random() < 0.55:
                attribution = f"（牵头单位：{unit}、{partners[0]}；配合单位：{'、'.join(partners[1:]) or others[n % len(others)]}）"
            else:
                attribution = f"（牵头单位：{partners[0]}；配合单位：{'、'.join([unit, *partners[1:]])}）"
            subject = f"{rng.choice(VERBS)}{OBJECTS[(n * 7 + s) % len(OBJECTS)]}"
            lines.append(f"{k + 1}.{subject}。围绕{title}，{rng.choice(VERBS)}相关工作，形成一批可复制推广的经验。"
                         f"{attribution}")  # fmt: skip
    lines += ["河北省人民政府办公厅", "2023年3月6日"]
    return "\n".join(lines)


def city_plans(cities: int = 50, units: int = 20, seed: int = 5) -> list[str]:
    """One municipal implementation plan for each of `cities` cities, each naming `units` of its own 市X局 in
    2 to 4 per task: `cities` × `units` distinct units for the co-governance network."""
    rng = random.Random(seed)
    names = [f"{r.cities[i]}市" for r in regions() for i in range(len(r.cities))][:cities]
    city_units = [
        u.replace("省", "市", 1).removesuffix("厅") + ("局" if u.endswith("厅") else "")
        for u in PROVINCE_UNITS
    ]
    city_units += ["市城市管理局", "市住房城乡建设局", "市水利局", "市应急局", "市林业局", "市民政局"][
        : max(0, units - 20)
    ]
    docs = []
    for c, city in enumerate(names):
        lines = [f"{city}人民政府关于推进数字经济高质量发展的实施意见", "各区县人民政府，市政府各部门：",
                 f"为推进{city}数字经济高质量发展，提出如下实施意见。"]  # fmt: skip
        used = city_units[:units]
        k = 0
        for s in range(4):
            lines.append(f"{CN[s]}、{SECTION_TITLES[(s + c) % len(SECTION_TITLES)]}")
            for _ in range(6):
                k += 1
                chosen = rng.sample(used, rng.randint(2, 4))
                lead = chosen[: 1 + (len(chosen) > 3)]
                subject = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
                lines.append(
                    f"{k}.{subject}。（牵头单位：{'、'.join(lead)}；配合单位：{'、'.join(chosen[len(lead) :])}）"
                )
        for u in used:  # every unit appears at least once
            k += 1
            lines.append(
                f"{k}.{rng.choice(VERBS)}{rng.choice(OBJECTS)}。（牵头单位：{u}；配合单位：市发展改革委）"
            )
        lines += [f"{city}人民政府", f"2023年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
        docs.append("\n".join(lines))
    return docs

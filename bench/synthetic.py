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

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


# --- national-scale vocabulary (bench/corpus_gen.py): units of every level, regions below the province ---
NATIONAL_UNITS = ["国家发展改革委", "工业和信息化部", "科技部", "财政部", "商务部", "自然资源部", "生态环境部", "交通运输部",
                  "农业农村部", "人力资源社会保障部", "国家卫生健康委", "市场监管总局", "国家数据局", "人民银行", "教育部",
                  "住房城乡建设部", "水利部", "文化和旅游部", "应急管理部", "国家知识产权局", "海关总署", "税务总局",
                  "国务院国资委", "金融监管总局", "证监会", "国家能源局", "国家统计局", "国家医保局", "国家网信办", "民政部"]  # fmt: skip
# 市X局 as the cities' own documents write them; a county's are the same with 县 (县发展改革局 …)
CITY_UNITS = ["市发展改革委", "市经信局", "市商务局", "市财政局", "市科技局", "市交通运输局", "市农业农村局", "市数据局",
              "市市场监管局", "市卫生健康委", "市文化广电旅游局", "市生态环境局", "市教育局", "市人力资源社会保障局",
              "市自然资源和规划局", "市住房城乡建设局", "市城市管理局", "市应急管理局", "市统计局", "市医保局", "市司法局",
              "市民政局", "市水利局", "市税务局"]  # fmt: skip
COUNTY_UNITS = ["县发展改革局", "县经信局", "县商务局", "县财政局", "县科技局", "县交通运输局", "县农业农村局", "县数据局",
                "县市场监管局", "县卫生健康局", "县文广旅体局", "县生态环境分局", "县教育局", "县人力社保局",
                "县自然资源和规划局", "县住房城乡建设局", "县应急管理局", "县统计局", "县医保局", "县民政局", "县水利局"]  # fmt: skip
# real counties with their city (杭州市桐庐县: the region the parser derives from the title)
COUNTIES = [("桐庐县", "杭州", "浙江省"), ("淳安县", "杭州", "浙江省"), ("长兴县", "湖州", "浙江省"), ("德清县", "湖州", "浙江省"),
            ("安吉县", "湖州", "浙江省"), ("嘉善县", "嘉兴", "浙江省"), ("沛县", "徐州", "江苏省"), ("丰县", "徐州", "江苏省"),
            ("沭阳县", "宿迁", "江苏省"), ("肥西县", "合肥", "安徽省"), ("长丰县", "合肥", "安徽省"), ("寿县", "淮南", "安徽省"),
            ("闽侯县", "福州", "福建省"), ("安溪县", "泉州", "福建省"), ("婺源县", "上饶", "江西省"), ("曹县", "菏泽", "山东省"),
            ("沂水县", "临沂", "山东省"), ("兰考县", "开封", "河南省"), ("中牟县", "郑州", "河南省"), ("秭归县", "宜昌", "湖北省"),
            ("浏阳县", "长沙", "湖南省"), ("宁乡县", "长沙", "湖南省"), ("博罗县", "惠州", "广东省"), ("阳朔县", "桂林", "广西壮族自治区"),
            ("郫县", "成都", "四川省"), ("大邑县", "成都", "四川省"), ("凤庆县", "临沧", "云南省"), ("岐山县", "宝鸡", "陕西省"),
            ("榆中县", "兰州", "甘肃省"), ("正定县", "石家庄", "河北省"), ("平遥县", "晋中", "山西省"), ("抚松县", "白山", "吉林省")]  # fmt: skip
TOPICS = ["数字经济", "现代物流", "平台经济", "绿色低碳", "乡村振兴", "科技创新", "营商环境", "先进制造业", "文化旅游",
          "现代农业", "人工智能", "生物医药", "新能源汽车", "低空经济", "养老服务", "职业教育"]  # fmt: skip
INDICATORS = ["省级以上专精特新企业", "工业互联网平台", "数字化车间", "智能工厂", "高新技术企业", "重点项目", "示范基地",
              "公共服务平台", "科技型中小企业", "5G基站", "充电桩", "未来社区", "特色产业集群", "孵化载体"]  # fmt: skip
_ATTRIBUTION_WORDS = re.compile(
    r"负责|牵头|参与|指导|配合|会同|责任|单位|部门|时限|分工|下同|政府|厅|局|委|办|部|\d|[０-９]|[〇一二三四五六七八九十百千万]+[个家项条年]"
)


def plain_sentences() -> list[str]:
    """Sentences of the real corpus that name no unit, no number and no role word, with no brackets or
    colons: body text that cannot add an attribution, a target or a numbered item of its own."""
    out = []
    for s in sentences():
        core = s[:-1]
        if (
            16 <= len(core) <= 90
            and not re.search(r"[（）()：:；;“”\"《》〔〕\[\]【】\t]", core)
            and not _ATTRIBUTION_WORDS.search(core)
            and not re.match(r"^[一二三四五六七八九十]+、|^\d|^第", core)
        ):
            out.append(s)
    return sorted(set(out))

"""How each node kind and relationship type looks (shared by the explorer and the pyvis exports)."""

from __future__ import annotations

from typing import Any

NODE_STYLE: dict[str, dict[str, Any]] = {
    "Policy": {"shape": "box", "color": "#4e79a7", "font": {"color": "#ffffff"}, "zh": "政策文件"},
    "Section": {"shape": "box", "color": "#a0cbe8", "zh": "章节"},
    "Task": {"shape": "ellipse", "color": "#f28e2b", "zh": "任务"},
    "Department": {"shape": "dot", "color": "#59a14f", "size": 16, "zh": "部门单位"},
    "Sector": {"shape": "diamond", "color": "#e15759", "size": 18, "zh": "领域"},
    "Target": {"shape": "triangle", "color": "#b07aa1", "size": 14, "zh": "目标指标"},
    "Enterprise": {"shape": "square", "color": "#9c755f", "size": 12, "zh": "企业机构"},
    "Zone": {"shape": "hexagon", "color": "#edc948", "size": 12, "zh": "园区"},
    "Platform": {"shape": "star", "color": "#76b7b2", "size": 14, "zh": "平台系统"},
    "Region": {"shape": "triangleDown", "color": "#bab0ac", "size": 12, "zh": "地区"},
    "Technology": {"shape": "diamond", "color": "#ff9da7", "size": 12, "zh": "技术"},
    "Citation": {"shape": "box", "color": "#d4e2f0", "zh": "引用文件"},
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "LEADS": {"label": "牵头", "color": "#c0392b", "width": 3.5, "dashes": False},
    "SUPPORTS": {"label": "配合", "color": "#2471a3", "width": 1.5, "dashes": [6, 4]},
    "RESPONSIBLE_FOR": {"label": "负责", "color": "#d68910", "width": 2.5, "dashes": False},
    "GUIDES": {"label": "指导", "color": "#7d3c98", "width": 2, "dashes": [2, 3]},
    "HAS_SECTION": {"label": "章节", "color": "#b0b0b0", "width": 1, "dashes": False},
    "HAS_TASK": {"label": "任务", "color": "#b0b0b0", "width": 1, "dashes": False},
    "PART_OF": {"label": "属于", "color": "#c8c8c8", "width": 1, "dashes": [1, 3]},
    "CONCERNS": {"label": "领域", "color": "#e15759", "width": 1.2, "dashes": False},
    "SETS": {"label": "目标", "color": "#b07aa1", "width": 1.2, "dashes": False},
    "MENTIONS": {"label": "提及", "color": "#999999", "width": 1, "dashes": [3, 3]},
    "ISSUED_BY": {"label": "发文", "color": "#4e79a7", "width": 1, "dashes": False},
    "LOCATED_IN": {"label": "位于", "color": "#bab0ac", "width": 1, "dashes": [1, 2]},
    "BROADER": {"label": "上位", "color": "#e15759", "width": 1, "dashes": [1, 2]},
    "CITES": {"label": "引用", "color": "#9fb7cf", "width": 1, "dashes": [2, 2]},
    "IMPLEMENTS": {"label": "贯彻落实", "color": "#4e79a7", "width": 2.5, "dashes": False},
}
ROLE_TYPES = {"lead": "LEADS", "support": "SUPPORTS", "responsible": "RESPONSIBLE_FOR", "guide": "GUIDES"}


def legend() -> dict[str, Any]:
    return {
        "nodes": [
            {"label": k, "zh": v["zh"], "shape": v["shape"], "color": v["color"]}
            for k, v in NODE_STYLE.items()
        ],
        "edges": [{"type": k, **v} for k, v in EDGE_STYLE.items()],
    }

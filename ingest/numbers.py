"""Chinese and Arabic numerals with 万/亿 multipliers: 200亿 -> 20000000000, 三百 -> 300."""

from __future__ import annotations

import re

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
NUMBER = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(?P<mult>(?:千万|百万|十万|万亿|万|亿)?)"
)


def cn_to_int(text: str) -> int | None:
    """三百二十 -> 320; 十五 -> 15; 二〇二二 is not handled here (digit strings are years)."""
    if not text or any(c not in _DIGITS and c not in _SMALL and c not in _BIG for c in text):
        return None
    total, section, digit = 0, 0, 0
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _SMALL:
            section += (digit or 1) * _SMALL[c]
            digit = 0
        else:
            total += (section + digit) * _BIG[c]
            section, digit = 0, 0
    return total + section + digit


def to_value(num: str, mult: str = "") -> float | None:
    """The numeric value of a number as written: ('200', '亿') -> 2e10."""
    if re.fullmatch(r"\d+(?:\.\d+)?", num):
        value = float(num)
    else:
        parsed = cn_to_int(num)
        if parsed is None:
            return None
        value = float(parsed)
    factor = 1
    for ch, f in (("十", 10), ("百", 100), ("千", 1000), ("万", 10_000), ("亿", 100_000_000)):
        factor *= f ** mult.count(ch)
    return value * factor

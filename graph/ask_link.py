"""Entity linking for questions: every name, alias and indicator of the graph in one Aho-Corasick automaton
(ahocorasick-rs, leftmost-longest), so a question is scanned once whatever the number of names; words
left over are matched as near misses through a suffix index (发改委 -> 省发改委) and a character-bigram
index (difflib only on the few names that share bigrams with the word), never by scanning every name.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

import ahocorasick_rs

from ingest.text import norm
from ontology.lexicon import GENERIC_WORDS

# on equal spans: a task title before an indicator, before a unit, a sector, a named entity, a policy
KIND_RANK = {"task": 0, "target": 1, "department": 2, "sector": 3, "entity": 4, "policy": 5, "region": 6}
_FUZZY_KINDS = ("department", "sector", "target")
_NAME_KINDS = ("department", "sector", "target")  # a generic word (政策, 城市, 服务) is never one of these


@dataclass
class Mention:
    kind: str  # department, sector, task, target, entity, policy, region
    keys: list[str]
    text: str
    start: int
    end: int
    fuzzy: bool = False


@dataclass
class Gazetteer:
    """kind -> normalised name -> keys; weights rank keys (a unit with more tasks first)."""

    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    weights: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, kind: str, key: str, names: list[str], weight: int = 1) -> None:
        table = self.names.setdefault(kind, {})
        self.weights[(kind, key)] = weight
        for name in names:
            n = norm(name or "")
            if len(n) >= 2:
                keys = table.setdefault(n, [])
                if key not in keys:
                    keys.append(key)

    def sorted_keys(self, kind: str, keys: list[str]) -> list[str]:
        return sorted(keys, key=lambda k: -self.weights.get((kind, k), 0))


class Linker:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.patterns: list[str] = sorted({n for table in gaz.names.values() for n in table})
        self.readings: list[list[tuple[str, list[str]]]] = [
            [(kind, table[p]) for kind, table in gaz.names.items() if p in table] for p in self.patterns
        ]
        self.automaton = (
            ahocorasick_rs.AhoCorasick(self.patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if self.patterns
            else None
        )
        self.longest = max((len(p) for p in self.patterns), default=0)
        self.suffixes: dict[str, dict[str, list[str]]] = {}
        self.bigrams: dict[str, dict[str, list[str]]] = {}
        for kind in _FUZZY_KINDS:
            sfx: dict[str, list[str]] = {}
            grams: dict[str, list[str]] = {}
            for name in gaz.names.get(kind, {}):
                for cut in (1, 2):  # 省发改委 is found from 发改委; 市商务局 from 商务局
                    if len(name) - cut >= 2:
                        sfx.setdefault(name[cut:], []).append(name)
                for g in {name[i : i + 2] for i in range(len(name) - 1)}:
                    grams.setdefault(g, []).append(name)
            self.suffixes[kind] = sfx
            self.bigrams[kind] = grams

    def link(self, question: str, extra: Gazetteer | None = None) -> list[Mention]:
        """The names of the question, leftmost-longest; `extra`: names read for this question alone (the
        task titles and target indicators the full-text index finds for its words), matched together with
        the automaton's names as if they were among them."""
        q = norm(question)
        found: list[Mention] = []
        more = Linker(extra) if extra is not None and extra.names else None
        for start, end, readings in self._matches(q, more):
            for kind, keys, gaz in readings:
                if kind in _NAME_KINDS and q[start:end] in GENERIC_WORDS:
                    continue
                found.append(Mention(kind, gaz.sorted_keys(kind, keys), q[start:end], start, end))
        found.sort(key=lambda m: (m.start, KIND_RANK.get(m.kind, 9)))
        found += self._near_misses(q, found, more)
        return sorted(found, key=lambda m: (m.start, KIND_RANK.get(m.kind, 9)))

    def _matches(
        self, q: str, more: Linker | None
    ) -> list[tuple[int, int, list[tuple[str, list[str], Gazetteer]]]]:
        if more is None:  # the automaton alone
            if self.automaton is None:
                return []
            return [
                (start, end, [(kind, keys, self.gaz) for kind, keys in self.readings[index]])
                for index, start, end in self.automaton.find_matches_as_indexes(q, overlapping=False)
            ]
        # with the question's own names: leftmost-longest over both (the automaton's semantics), by looking
        # up each of the question's substrings (a question is short, the names' lengths bounded)
        longest = max(self.longest, more.longest)
        out = []
        i = 0
        while i < len(q):
            for j in range(min(len(q), i + longest), i + 1, -1):
                readings = [(kind, table[q[i:j]], gaz) for gaz in (self.gaz, more.gaz)
                            for kind, table in gaz.names.items() if q[i:j] in table]  # fmt: skip
                if readings:
                    out.append((i, j, readings))
                    i = j
                    break
            else:
                i += 1
        return out

    def _near_misses(self, q: str, taken: list[Mention], more: Linker | None = None) -> list[Mention]:
        import jieba

        from ingest.nlp import load_user_dictionary

        load_user_dictionary()  # the segmentation ingest uses: unit names and aliases are words
        out: list[Mention] = []
        pos = 0
        for word in jieba.cut(q):
            start, end = pos, pos + len(word)
            pos = end
            if len(word) < 2 or _generic(word) or any(c.start < end and start < c.end for c in taken):
                continue
            for kind in _FUZZY_KINDS:
                # a kind the question's own names hold (target indicators) is looked for among them
                linker = more if more is not None and kind in more.gaz.names else self
                best = linker.near(kind, word)
                if best is not None:
                    keys = linker.gaz.sorted_keys(kind, linker.gaz.names[kind][best])
                    out.append(Mention(kind, keys, word, start, end, fuzzy=True))
                    break
        return out

    def near(self, kind: str, word: str) -> str | None:
        if _generic(word):
            return None
        """The name of `kind` closest to `word` (suffix, then bigram candidates), most-used first."""
        table = self.gaz.names.get(kind, {})
        candidates = self.suffixes[kind].get(word, [])
        if not candidates and len(word) >= 3:
            shared: Counter[str] = Counter()
            for g in {word[i : i + 2] for i in range(len(word) - 1)}:
                shared.update(self.bigrams[kind].get(g, [])[:500])
            pool = [n for n, c in shared.most_common(40) if c >= max(1, len(word) - 2)]
            candidates = difflib.get_close_matches(word, pool, n=3, cutoff=0.75)
        if not candidates:
            return None
        return max(candidates, key=lambda n: max(self.gaz.weights.get((kind, k), 0) for k in table[n]))


def _generic(word: str) -> bool:
    """政策, 城市, 服务 …, and such a word with only Latin letters, digits or another generic word before or
    after it (OPC政策, 政策文件)."""
    if word in GENERIC_WORDS:
        return True
    for g in GENERIC_WORDS:
        if len(g) >= 2 and (word.endswith(g) or word.startswith(g)):
            rest = word[: -len(g)] if word.endswith(g) else word[len(g) :]
            if rest.isascii() or rest in GENERIC_WORDS:
                return True
    return False

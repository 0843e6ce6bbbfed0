"""The spaCy pipeline: `spacy.blank("zh")` with jieba, the user dictionary, and policykg's components.

jieba is process-global in spaCy, so the user dictionary (unit names and aliases, sectors,
technologies) is loaded into it *before* the entity ruler's phrase patterns are built: the patterns
are then tokenised exactly as the same names are in running text.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the component factories)
from .registry import dictionary_words, regions, sectors, technologies

_LOCK = threading.Lock()
_DICT_LOADED = False


def load_user_dictionary() -> None:
    global _DICT_LOADED
    with _LOCK:
        if _DICT_LOADED:
            return
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        for word, tag in dictionary_words():
            jieba.add_word(word, freq=None, tag=tag)
        _DICT_LOADED = True


def _ruler_patterns() -> list[dict[str, str]]:
    patterns: list[dict[str, str]] = []
    for s in sectors():
        for name in (s.name, *s.aliases):
            patterns.append({"label": "SECTOR", "pattern": name, "id": s.name})
    for tech in technologies():
        patterns.append({"label": "TECHNOLOGY", "pattern": tech, "id": tech})
    for r in regions():
        patterns.append({"label": "REGION", "pattern": r.province, "id": r.province})
        if len(r.short) >= 2:
            patterns.append({"label": "REGION", "pattern": r.short, "id": r.province})
        for city in (r.capital, *r.cities):
            if city and city != r.short:
                patterns.append({"label": "REGION", "pattern": city + "市", "id": city + "市"})
                patterns.append({"label": "REGION", "pattern": city, "id": city + "市"})
    return patterns


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    load_user_dictionary()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policykg_sentences")
    gazetteer = nlp.add_pipe("policykg_gazetteer")
    for p in _ruler_patterns():
        gazetteer.add(p["label"], p["pattern"], p["id"], nlp)  # type: ignore[attr-defined]
    nlp.add_pipe("policykg_named_entities")
    nlp.add_pipe("policykg_attributions")
    nlp.add_pipe("policykg_targets")
    nlp.max_length = 2_000_000
    return nlp

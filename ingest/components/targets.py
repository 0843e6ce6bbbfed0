"""`policykg_targets`: quantitative targets per sentence -> `doc._.targets` (offsets local to the doc)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..targets import find_targets
from .doctext import doc_text

_MAYBE_TARGET = re.compile(r"\d|年|水平|[一二两三四五六七八九十百千]+[个家项座条所处]")

if not Doc.has_extension("targets"):
    Doc.set_extension("targets", default=None)


def full_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentences joined across ；: a deadline (到2025年，…；…) governs the clauses after it."""
    out: list[tuple[int, int]] = []
    joining = False
    text = doc_text(doc)
    spans = doc.user_data.get("sentence_spans") or [(0, len(text))]
    for start, end in spans:
        if joining and out:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
        joining = text[start:end].rstrip().endswith(("；", ";"))
    return out


@Language.factory("policykg_targets")
def make_targets(nlp: Language, name: str) -> TargetFinder:
    return TargetFinder()


class TargetFinder:
    def __call__(self, doc: Doc) -> Doc:
        base_year = doc.user_data.get("policykg", {}).get("base_year")
        found = []
        whole = doc_text(doc)
        for start, end in full_sentences(doc):
            text = whole[start:end]
            if _MAYBE_TARGET.search(text):
                found.extend(find_targets(text, start, base_year))
        doc._.targets = found
        return doc

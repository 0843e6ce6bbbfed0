"""`policykg_sentences`: sentence boundaries after 。！？； and at line breaks (Chinese official style).

Boundaries are found with one regex over the text and mapped to tokens through the IDX array, so
the cost does not grow with a Python loop over every token. The boundaries are also kept as
character spans in `doc.user_data["sentence_spans"]` for the other components.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .doctext import doc_text

BOUNDARY = re.compile(r"[。！？!?；;][”’」』）)]*|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in BOUNDARY.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@Language.factory("policykg_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSegmenter:
    return SentenceSegmenter()


class SentenceSegmenter:
    def __call__(self, doc: Doc) -> Doc:
        spans = sentence_spans(doc_text(doc))
        doc.user_data["sentence_spans"] = spans
        if len(doc) == 0:
            return doc
        idx = doc.to_array([IDX]).reshape(-1)
        flags = numpy.full(len(doc), -1, dtype="int32")  # -1: not a sentence start
        flags[numpy.searchsorted(idx, [s for s, _ in spans])] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc

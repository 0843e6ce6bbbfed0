"""`policykg_gazetteer`: sectors, technologies and regions from the registries -> `doc.ents`.

A PhraseMatcher over the jieba tokens (the names are in jieba's user dictionary, so they are single
tokens in running text); longest matches win; the canonical name is kept in `kb_id_`.
(spaCy's entity_ruler does the same but recounts all its patterns on every document.)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans


@Language.factory("policykg_gazetteer")
def make_entity_matcher(nlp: Language, name: str) -> EntityPhraseMatcher:
    return EntityPhraseMatcher(nlp)


class EntityPhraseMatcher:
    """Known names (sectors, technologies, regions) -> `doc.ents`, the canonical name in `kb_id_`."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.ids: dict[int, tuple[str, str]] = {}

    def add(self, label: str, pattern: str, ident: str, nlp: Language) -> None:
        key = f"{label}|{ident}"
        match_id = nlp.vocab.strings.add(key)
        self.ids[match_id] = (label, ident)
        self.matcher.add(key, [nlp.make_doc(pattern)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            label, ident = self.ids[match_id]
            spans.append(Span(doc, start, end, label=label, kb_id=ident))
        doc.ents = filter_spans(spans)
        return doc

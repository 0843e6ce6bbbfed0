"""`policykg_attributions`: responsibility clauses of a paragraph -> `doc._.attributions`.

The document context (the alias registry and where a 列第一位者为牵头单位 rule starts) comes in
`doc.user_data["policykg"]`, set by the extractor before the pipeline runs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..attributions import find_attributions
from ..registry import Registry
from .doctext import doc_text

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


@Language.factory("policykg_attributions")
def make_attributions(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder()


class AttributionFinder:
    def __call__(self, doc: Doc) -> Doc:
        ctx = doc.user_data.get("policykg", {})
        registry: Registry = ctx.get("registry") or Registry()
        first_leads_from = ctx.get("first_leads_from")
        offset = ctx.get("offset", 0)
        local_rule = None if first_leads_from is None else first_leads_from - offset
        doc._.attributions = find_attributions(doc_text(doc), registry, local_rule)
        return doc

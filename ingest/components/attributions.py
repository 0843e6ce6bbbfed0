"""`policykg_attributions`: responsibility clauses of a paragraph -> `doc._.attributions`.

The document context (the alias registry and the rules the document declares, 列第一位者为牵头单位 …) comes in
`doc.user_data["policykg"]`, set by the extractor before the pipeline runs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..attributions import DeclaredRules, find_attributions
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
        rules: DeclaredRules = ctx.get("rules") or DeclaredRules()
        offset = ctx.get("offset", 0)
        doc._.attributions = find_attributions(doc_text(doc), registry, rules.shifted(offset))
        return doc

"""`Doc.text` re-joins every token on each access; the extractor stores the text once per doc."""

from __future__ import annotations

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get("text")
    if text is None:
        text = doc.text
        doc.user_data["text"] = text
    return str(text)

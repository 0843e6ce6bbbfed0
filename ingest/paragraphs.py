"""The spaCy stage: every paragraph through the pipeline (`ingest.nlp`) by `nlp.pipe`, with the
document's context (registry, declared rules, base year) in each Doc's user data, collected into one
`ParagraphResult` per paragraph: attributions, targets, entities and sentences at document offsets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from .attributions import Attribution
from .nlp import build_nlp
from .structure import Line
from .targets import RawTarget

CHUNK = 100_000  # paragraphs longer than this are processed in pieces (a 10 MB single line …)


@dataclass
class ParagraphResult:
    attributions: list[Attribution] = field(default_factory=list)
    targets: list[RawTarget] = field(default_factory=list)
    ents: list[tuple[str, str, int, int]] = field(default_factory=list)  # (label, id, start, end)
    sentences: list[tuple[int, int]] = field(default_factory=list)


def _chunks(text: str, line: Line) -> list[tuple[int, int]]:
    """A paragraph's processing pieces: itself, or CHUNK-sized pieces cut after a 。 where possible."""
    if line.end - line.start <= CHUNK:
        return [(line.start, line.end)]
    pieces = []
    pos = line.start
    while pos < line.end:
        end = min(line.end, pos + CHUNK)
        if end < line.end:
            cut = text.rfind("。", pos + CHUNK // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append((pos, end))
        pos = end
    return pieces


def run_pipeline(
    text: str, lines: list[Line], ctx: dict[str, Any], check: Callable[[], None] | None = None
) -> dict[int, ParagraphResult]:
    """Run the spaCy pipeline over every paragraph; results keyed by the paragraph's start offset
    (`check`, a `Budget`'s, called per paragraph as it enters the pipeline and as it leaves)."""
    tick = check or no_check
    nlp = build_nlp()
    pieces: list[tuple[int, int, int]] = []  # (line start, piece start, piece end)
    for line in lines:
        for s, e in _chunks(text, line):
            pieces.append((line.start, s, e))

    def docs() -> Iterator[tuple[Doc, tuple[int, int]]]:
        for line_start, s, e in pieces:
            tick()
            piece = text[s:e]
            doc = nlp.make_doc(piece)  # made here so that the components see the document's context
            doc.user_data["text"] = piece
            doc.user_data["policykg"] = {**ctx, "offset": s}
            yield doc, (line_start, s)

    results: dict[int, ParagraphResult] = {}
    for doc, (line_start, s) in nlp.pipe(docs(), as_tuples=True):
        tick()
        _collect(doc, s, results.setdefault(line_start, ParagraphResult()))
    return results


def no_check() -> None:
    pass


def _collect(doc: Doc, offset: int, res: ParagraphResult) -> None:
    for a in doc._.attributions or []:
        a.span = (a.span[0] + offset, a.span[1] + offset)
        for u in [*a.units, *a.carry_forward]:
            u.span = (u.span[0] + offset, u.span[1] + offset)
        if a.deadline is not None and a.deadline.span is not None:
            a.deadline.span = (a.deadline.span[0] + offset, a.deadline.span[1] + offset)
        a.rejected = [(t, (sp[0] + offset, sp[1] + offset), why) for t, sp, why in a.rejected]
        res.attributions.append(a)
    for t in doc._.targets or []:
        t.span = (t.span[0] + offset, t.span[1] + offset)
        res.targets.append(t)
    for ent in doc.ents:
        res.ents.append((ent.label_, ent.kb_id_ or ent.text, ent.start_char + offset, ent.end_char + offset))
    for span in doc.spans.get("named", []):
        res.ents.append((span.label_.upper(), span.text, span.start_char + offset, span.end_char + offset))
    for s, e in doc.user_data.get("sentence_spans", []):
        res.sentences.append((s + offset, e + offset))

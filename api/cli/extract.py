"""`policykg extract FILE`: parse one document without Neo4j and print the result."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph.settings import Settings
from ingest.extract import extract_file
from ingest.models import ROLE_LABELS_ZH

from .app import app, guarded, out, print_json


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="a .txt (UTF-8/GBK/GB18030/UTF-16), .docx, .html or .pdf")],
    fmt: Annotated[str, typer.Option("--format", help="json or table")] = "table",
) -> None:
    """Parse a policy document into tasks, roles, targets and entities (no database needed)."""
    if fmt not in ("json", "table"):
        raise typer.BadParameter("--format must be json or table")
    limits = Settings().limits()
    result = guarded(lambda: extract_file(file, limits=limits))
    if fmt == "json":
        print_json(result.contract())
        return
    d = result.document
    # document text is never rich markup: every name goes through escape()
    out.print(f"[bold]{escape(d.title)}[/]" + (" (title derived)" if d.title_derived else ""))
    place = f"{d.region or '地区未知'}（{d.level}）"
    facts = [d.issuer or "?", place, d.issued or "?", d.doc_number or "—", d.doc_type or "?"]
    facts.append(f"id {d.id[:12]}")
    out.print(escape(" · ".join(facts)))
    for c in d.implements:
        out.print(escape(f"贯彻落实《{c.title}》" + (f"（{c.doc_number}）" if c.doc_number else "")))
    roles = [ROLE_LABELS_ZH[r] for r in ("lead", "support", "responsible", "guide")]
    table = Table("path", "task", *roles, "完成时限")
    for t in result.tasks:
        cells = [
            ".".join(t.path),
            t.title,
            *("、".join(getattr(t, r)) for r in ("lead", "support", "responsible", "guide")),
            t.deadline.text if t.deadline else "",
        ]
        table.add_row(*(escape(c) for c in cells))
    out.print(table)
    out.print(f"{len(result.tasks)} tasks, {len(result.targets)} targets, {len(result.entities)} entities")
    for w in result.warnings:
        out.print(f"[yellow]warning:[/] {escape(w)}")

"""`policykg ask`, `policykg cypher` and `policykg tasks`: questions, researchers' Cypher, task lists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph import lookups
from graph.ask import Asker
from graph.files import write_bytes_atomic
from graph.readonly_cypher import run_readonly
from graph.settings import Settings

from .. import tasklists
from .app import app, driver_for, fail, guarded, out, print_json


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="a question in Chinese, e.g. 哪些部门共同牵头现代物流？")],
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Answer a question in Chinese from the graph (with the Cypher used and the evidence)."""
    with driver_for(Settings()) as (driver, database):
        answer = guarded(lambda: Asker(driver, database).ask(question))
    if fmt == "json":
        print_json(answer.__dict__)
        return
    if answer.count is not None:
        out.print(f"共 {answer.count} 项")
    if answer.answer:
        out.print(escape("、".join(answer.answer)))
        shown: set[str] = set()
        for ev in answer.evidence:
            sentence = str(ev.get("sentence") or "")
            if sentence and sentence not in shown and len(shown) < 10:
                shown.add(sentence)
                out.print(f"  [dim]{escape(sentence)}[/]")
    if not answer.answer or answer.intent == "unknown":
        out.print(escape(answer.message or "no answer"))
        for s in answer.suggestions:
            out.print(f"  try: {escape(s)}")


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="a read-only Cypher query")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Run read-only Cypher (EXPLAINed first; READ transaction, timeout, row cap and byte cap)."""
    settings = Settings()
    with driver_for(settings) as (driver, database):
        result = guarded(
            lambda: run_readonly(
                driver,
                database,
                query,
                {},
                settings.query_timeout_s,
                settings.query_row_cap,
                settings.query_max_bytes,
            )
        )
    if fmt == "json":
        body = {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
        if result.truncated:
            body.update(truncated_reason=result.truncated_reason, omitted_values=result.omitted_values)
        print_json(body)
        return
    table = Table(*[escape(c) for c in result.columns])
    for row in result.rows:
        table.add_row(*[escape(str(v)) for v in row])
    out.print(table)
    if result.truncated_reason == "rows":
        out.print(f"[yellow]truncated at {settings.query_row_cap} rows[/]")
    elif result.truncated_reason == "bytes":
        out.print(f"[yellow]truncated at {settings.query_max_bytes} bytes (POLICYKG_QUERY_MAX_BYTES)[/]")
    if result.omitted_values:
        out.print(f"[yellow]{result.omitted_values} values too large to show were left out[/]")


@app.command()
def tasks(
    department: Annotated[str | None, typer.Argument(help="department name or alias")] = None,
    policy: Annotated[str | None, typer.Option(help="a policy id (prefix): its whole 任务分工表")] = None,
    role: Annotated[str, typer.Option(help="lead, support, responsible, guide or any")] = "any",
    region: Annotated[str | None, typer.Option(help="the unit's region when several share its name")] = None,
    key: Annotated[
        str | None, typer.Option(help="the unit's key (as a name shared by several lists it)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, csv, xlsx, docx or json")] = "md",
    group: Annotated[
        str, typer.Option(help="policy (document order), role (the unit's) or deadline")
    ] = "policy",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file (default: stdout for md/csv/json)")
    ] = None,
) -> None:
    """A department's 任务分工表 across all policies, or a whole policy's (grouped with --group).

    A name several units hold (市科技局 of four cities) is never picked silently: the command lists
    them, with region, key and task count, and exits 2; --region or --key picks one."""
    if fmt not in tasklists.FORMATS:
        raise fail(f"--format must be one of {', '.join(tasklists.FORMATS)}", 2)
    if group not in tasklists.GROUPS or (policy is not None and group == "role"):
        raise fail("--group must be policy, role or deadline (a policy's list: policy or deadline)", 2)
    if (department is None) == (policy is None):
        raise fail("name a department, or give --policy ID", 2)
    if fmt in ("xlsx", "docx") and output is None:
        raise fail(f"{fmt} is a binary format: give -o FILE", 2)
    with driver_for(Settings()) as (driver, database):
        if policy is not None:
            p, rows = guarded(lambda: lookups.policy_tasks(driver, database, policy))
            tl = tasklists.policy_list(p, rows, group=group)
        else:
            assert department is not None
            d, rows = guarded(
                lambda: lookups.department_tasks(driver, database, department, role, region=region, key=key)
            )
            tl = tasklists.department_list(d, rows, role=role, group=group)
    body = tasklists.render(tl, fmt)
    if output is None:
        typer.echo(body.decode("utf-8"), nl=False)
        return
    write_bytes_atomic(output, body)
    out.print(f"wrote {len(tl.rows)} tasks to {escape(str(output))}")

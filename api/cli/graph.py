"""`policykg ingest`, `remove` and `stats`: the graph's content from the command line."""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from graph import load as loader
from graph.engines import Engine, engine_for
from graph.ingest_batch import FileOutcome, find_files, ingest_files
from graph.schema import ensure_schema
from graph.settings import Settings

from .app import app, driver_for, err, fail, guarded, out, print_json


@contextmanager
def progress(what: str, total: int) -> Iterator[Callable[[FileOutcome], None]]:
    """A progress bar on stderr (done/total, %, documents/s, elapsed, time left); yields the function
    that advances it by one file."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
        console=err, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task(what, total=total, rate="")

        def advance(outcome: FileOutcome) -> None:
            speed = bar.tasks[0].speed
            rate = f"{speed:,.1f} documents/s" if speed else ""
            bar.update(task, advance=1, description=escape(outcome.path.name[:40]), rate=rate)

        yield advance


SUMMARY_OVER = 200  # more documents than this: the table lists the failures only


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (.txt, .docx, .html, .pdf)")],
    jobs: Annotated[int, typer.Option(help="extraction worker processes")] = min(2, os.cpu_count() or 1),
    replaces: Annotated[
        list[str] | None,
        typer.Option(help="id (or unique prefix) of a document the ONE file given is a new version of"),
    ] = None,
    follow_symlinks: Annotated[
        bool, typer.Option("--follow-symlinks", help="read what symbolic links point to (default: skip them)")
    ] = False,
    engine: Annotated[
        str | None,
        typer.Option(
            help="where extraction runs: local (processes here) or dask [env POLICYKG_INGEST_ENGINE]"
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="--engine dask: the scheduler (tcp://host:8786); none starts a local cluster of --jobs "
            "workers [env POLICYKG_DASK_SCHEDULER]"
        ),
    ] = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="a new or emptied database: write the rows as CSV and load them with Neo4j's own importer "
            "(the local server is stopped meanwhile); the same graph, for large batches (docs/benchmarks.md)",
        ),
    ] = False,
) -> None:
    """Extract documents and load them into Neo4j, one atomic transaction per document.

    A document is a new version of one already loaded only on evidence (the same 文号 in the same region,
    the same issuer and title in the same region, or --replaces); the earlier version is kept
    (`policykg versions`, `policykg restore`). With --bulk (an empty database on the local server only) the
    batch is imported by `neo4j-admin database import` instead; later ingests are transactional again."""
    skipped: list[tuple[Path, str]] = []
    files = find_files(paths, skipped, follow_symlinks)
    for path, reason in skipped:
        err.print(f"skipped: {escape(str(path))} ({escape(reason)})", soft_wrap=True)
    if not files:
        raise fail("no documents found (looked for .txt, .docx, .html, .pdf)")
    if replaces and len(files) != 1:
        raise fail("--replaces names the document that ONE file replaces; give exactly one file", 2)
    settings = Settings()
    if bulk and replaces:
        raise fail("--replaces is for one file loaded transactionally, not --bulk", 2)
    if bulk and not settings.managed:
        raise fail(
            "--bulk needs the local Neo4j that policykg manages (the server is stopped and Neo4j's importer "
            "writes its files); NEO4J_URI is set: unset it to bulk-load the local server, or ingest without "
            "--bulk"
        )
    chosen = guarded(
        lambda: engine_for(
            engine or settings.ingest_engine, max(1, jobs), scheduler or settings.dask_scheduler
        )
    )
    if bulk:
        try:
            outcomes = _bulk(settings, files, max(1, jobs), chosen)
        finally:
            chosen.close()
        _print_outcomes(outcomes)
        return
    # a short retry window: when Neo4j goes away the batch stops within seconds, with one message
    try:
        with driver_for(settings, retry_s=5.0) as (driver, database):
            guarded(lambda: ensure_schema(driver, database))
            with progress("ingesting", len(files)) as advance:
                limits = settings.limits()
                outcomes = guarded(
                    lambda: ingest_files(
                        driver, database, files, max(1, jobs), advance, replaces=replaces or (),
                        limits=limits, engine=chosen,
                    )
                )  # fmt: skip
    finally:
        chosen.close()
    _print_outcomes(outcomes)


def _bulk(settings: Settings, files: list[Path], jobs: int, engine: Engine) -> list[FileOutcome]:
    """`ingest --bulk`: extraction as usual, then CSV, import, restart and schema, a line per stage."""
    from graph import bulk, localserver
    from graph.ingest_batch import prepared

    guarded(lambda: localserver.start(settings))
    started = time.perf_counter()

    def stage(name: str, message: str) -> None:
        err.print(f"[{time.perf_counter() - started:6.1f} s] {name}: {escape(message)}", soft_wrap=True)

    with driver_for(settings) as (driver, database):
        guarded(lambda: bulk.check_target(settings, driver, database))
        with progress("extracting", len(files)) as advance:
            graph = bulk.BulkGraph()
            t = time.perf_counter()
            outcomes = bulk.extract_into(graph, prepared(files, jobs, settings.limits(), engine), advance)
        spent = time.perf_counter() - t
        rate = len(outcomes) / max(spent, 1e-9)
        stage("extract", f"{len(outcomes):,} documents in {spent:.1f} s, {rate:,.1f} documents/s")
        if not any(o.result for o in outcomes):
            return outcomes
        folder = bulk.csv_folder(settings)
        try:
            guarded(lambda: bulk.bulk_import(settings, driver, database, graph, folder, stage))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    stage("done", "bulk load complete; later `policykg ingest` runs load transactionally")
    return outcomes


def _print_outcomes(outcomes: list[FileOutcome]) -> None:
    table = Table("file", "status", "tasks", "roles", "targets", "document id / error")
    failed = 0
    many = len(outcomes) > SUMMARY_OVER  # a national batch: the failures only, then the counts
    for o in outcomes:
        if many and not o.error:
            continue
        if o.result:
            r = o.result
            table.add_row(escape(o.path.name), r.status, str(r.tasks), str(r.attributions), str(r.targets),
                          r.doc_id[:16])  # fmt: skip
        else:
            failed += 1
            table.add_row(escape(o.path.name), "[red]failed[/]", "", "", "", escape(o.error or ""))
    if table.rows:
        out.print(table)
    for o in outcomes:  # the full messages, which the table may have wrapped or cut
        if o.error:
            out.print(f"[red]failed:[/] {escape(o.error)}", soft_wrap=True)
        elif o.result and o.result.replaced:
            for old in o.result.replaced:
                out.print(
                    f"replaced: {old} by {o.result.doc_id} ({escape(o.path.name)}); the earlier version is "
                    f"kept: policykg restore {old[:16]}",
                    soft_wrap=True,
                )
    failed = sum(1 for o in outcomes if o.error)
    status = Counter(o.result.status for o in outcomes if o.result)
    detail = ", ".join(f"{n} {s}" for s, n in sorted(status.items()))
    out.print(f"{len(outcomes) - failed} loaded, {failed} failed" + (f" ({detail})" if many else ""))
    if failed:
        raise typer.Exit(1)


@app.command()
def remove(doc_id: Annotated[str, typer.Argument(help="document id (or a unique prefix of it)")]) -> None:
    """Remove one document and the shared nodes that only it referred to."""
    with driver_for(Settings()) as (driver, database):
        n = guarded(lambda: loader.remove(driver, database, doc_id))
    out.print(f"removed document {escape(doc_id)} ({n} sections, tasks and targets)")


@app.command()
def versions(
    doc_id: Annotated[str, typer.Argument(help="a current document's id (or unique prefix)")],
) -> None:
    """The earlier versions a document superseded, newest first (restore one with `policykg restore`)."""
    with driver_for(Settings()) as (driver, database):
        rows = guarded(lambda: loader.versions(driver, database, doc_id))
    if not rows:
        out.print(f"{escape(doc_id)}: no earlier versions")
        return
    for r in rows:  # one line each, the full id first (to copy into `policykg restore`)
        number = f" {r['doc_number']}" if r["doc_number"] else ""
        when, by = (r["superseded_at"] or "")[:19], (r["superseded_by"] or "")[:16]
        title = escape((r["title"] or "") + number)
        out.print(f"{r['id']}  superseded {when} by {by}  {title}", soft_wrap=True)


@app.command()
def restore(
    version_id: Annotated[str, typer.Argument(help="an earlier version's id (or unique prefix)")],
) -> None:
    """Make an earlier version current again (the document that superseded it is kept as a version)."""
    with driver_for(Settings()) as (driver, database):
        guarded(lambda: ensure_schema(driver, database))
        result = guarded(lambda: loader.restore(driver, database, version_id))
    replaced = ", ".join(r[:16] for r in result.replaced) or "nothing"
    out.print(f"restored {result.doc_id[:16]} ({escape(result.title)}, {result.tasks} tasks); "
              f"kept as an earlier version: {replaced}")  # fmt: skip


@app.command()
def stats(fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table") -> None:
    """Node counts by label and relationship counts by type."""
    with driver_for(Settings()) as (driver, database):
        counts = guarded(lambda: loader.stats(driver, database))
    if fmt == "json":
        print_json(counts)
        return
    for kind in ("nodes", "relationships"):
        table = Table(kind, "count")
        for name, n in counts[kind].items():
            table.add_row(name, str(n))
        out.print(table)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    fmt: Annotated[str, typer.Option("--format", help="turtle, jsonld or nt")] = "turtle",
    policy: Annotated[str | None, typer.Option(help="one policy's id (default: the whole graph)")] = None,
) -> None:
    """Export the graph (or one policy) as RDF with stable IRIs (base: POLICYKG_RDF_BASE)."""
    from graph.rdf import export as rdf_export

    if fmt not in ("turtle", "jsonld", "nt"):
        raise fail("--format must be turtle, jsonld or nt", 2)
    settings = Settings()
    with driver_for(settings) as (driver, database):
        n = guarded(lambda: rdf_export(driver, database, settings.rdf_base, fmt, output, policy))  # type: ignore[arg-type]
    out.print(f"wrote {n} triples to {escape(str(output))}")


@app.command()
def viz(
    output: Annotated[Path, typer.Option("-o", "--output", help="the HTML file to write")],
    department: Annotated[str | None, typer.Option(help="a department's responsibility chain")] = None,
    sector: Annotated[str | None, typer.Option(help="a sector's responsibility chain")] = None,
    policy: Annotated[str | None, typer.Option(help="a whole policy (id or prefix)")] = None,
    region: Annotated[
        str | None, typer.Option(help="the department's region when several share its name")
    ] = None,
) -> None:
    """Write one standalone, offline HTML graph (pyvis) that a coordinator can email."""
    from graph import explore
    from graph.files import write_bytes_atomic
    from viz.export import standalone_html
    from viz.style import ROLE_TYPES
    from viz.vis_data import from_rows

    chosen = [x for x in (department, sector, policy) if x]
    if len(chosen) != 1:
        raise fail("give exactly one of --department, --sector or --policy", 2)
    types = list(ROLE_TYPES.values())
    with driver_for(Settings()) as (driver, database):
        if policy:
            rows = guarded(lambda: explore.policy_chain(driver, database, policy, types))
            title = f"政策文件 {policy} 职责链"
        else:
            focus = department or sector or ""
            _info, rows = guarded(lambda: explore.chain(driver, database, focus, types, None, region=region))
            title = f"{focus} 职责链"
    page = standalone_html(title, from_rows(rows))
    write_bytes_atomic(output, page.encode("utf-8"))
    out.print(f"wrote {escape(str(output))} ({len(rows)} relationships)")

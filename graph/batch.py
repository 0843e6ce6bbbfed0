"""Ingest many files: find them, extract them and build their rows (in worker processes when asked),
load each atomically.

A file that cannot be read or parsed is reported with its message and does not stop the others;
nothing of it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from ingest.decode import SUFFIXES, read_document
from ingest.extract import extract_decoded
from ontology.errors import GraphUnavailableError, PolicyKGError

from .load import LoadResult, Rows, build_rows, load_rows, wait_for_search_indexes


@dataclass
class FileOutcome:
    path: Path
    result: LoadResult | None = None
    error: str | None = None


def find_files(paths: Iterable[Path], skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Files named directly (any suffix) and supported files found in folders (every format
    `ingest.decode` reads, PDF included), sorted, no duplicates; what a folder holds but is not read
    goes to `skipped` with the reason."""
    found: dict[Path, None] = {}
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file():
                    continue
                if f.name.startswith("."):
                    reason = "a hidden file"
                elif f.suffix.lower() in SUFFIXES:
                    found[f] = None
                    continue
                else:
                    kinds = ", ".join(sorted(SUFFIXES))
                    reason = f"not a supported format ({f.suffix or 'no suffix'}; reads {kinds})"
                if skipped is not None:
                    skipped.append((f, reason))
        else:
            found[p] = None
    return list(found)


def _prepare(path: Path) -> Rows | str:
    """Worker: read and parse one file and build its rows; a PolicyKGError becomes its message.

    Rows (plain dicts) are what crosses the process boundary: cheaper to unpickle than the pydantic
    models, and the loading process, which also drives every transaction, is spared building them.
    """
    try:
        decoded = read_document(path)
        extraction = extract_decoded(decoded, path.name)
        return build_rows(extraction, decoded.text)
    except PolicyKGError as exc:
        return str(exc)
    except RecursionError:
        return f"{path}: the document is too deeply nested to parse"


def prepared(files: list[Path], jobs: int = 1) -> Iterator[tuple[Path, Rows | str]]:
    """(file, its rows or its error message), in order; `jobs` > 1 prepares them in that many processes."""
    if jobs <= 1 or len(files) < 4:
        for f in files:
            yield f, _prepare(f)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(files, pool.map(_prepare, files, chunksize=4), strict=True)


def ingest_files(
    driver: Driver,
    database: str,
    files: list[Path],
    jobs: int = 1,
    progress: Callable[[FileOutcome], None] | None = None,
    loaders: int = 4,
) -> list[FileOutcome]:
    """Extract (in `jobs` processes) and load (`loaders` documents in flight, each its own transaction)."""

    def load_one(path: Path, got: Rows | str) -> FileOutcome:
        outcome = FileOutcome(path)
        if isinstance(got, str):
            outcome.error = got
            return outcome
        try:
            outcome.result = load_rows(driver, database, got, wait_for_search=False)
        except GraphUnavailableError:
            raise  # nothing more can be loaded: stop with one clear message
        except PolicyKGError as exc:  # InputError included
            outcome.error = f"{path}: {exc}"
        return outcome

    outcomes: list[FileOutcome] = []
    with ThreadPoolExecutor(max_workers=max(1, loaders)) as pool:
        pending: list[Future[FileOutcome]] = []
        for path, got in prepared(files, jobs):
            pending.append(pool.submit(load_one, path, got))
            while len(pending) > 2 * loaders:  # bounded: extraction never runs far ahead of loading
                outcomes.append(_finish(pending.pop(0), progress))
        for fut in pending:
            outcomes.append(_finish(fut, progress))
    if any(o.result and o.result.status != "unchanged" for o in outcomes):
        wait_for_search_indexes(driver, database)  # once the command returns, search sees every document
    return outcomes


def _finish(fut: Future[FileOutcome], progress: Callable[[FileOutcome], None] | None) -> FileOutcome:
    outcome = fut.result()
    if progress:
        progress(outcome)
    return outcome

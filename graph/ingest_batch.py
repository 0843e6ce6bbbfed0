"""Ingest many files: find them, extract them and build their rows (in worker processes when asked),
load each atomically.

A file that cannot be read or parsed is reported with its message and does not stop the others;
nothing of it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from ingest.decode import SUFFIXES
from ingest.limits import DEFAULT_LIMITS, Limits
from ontology.errors import GraphUnavailableError, InputError, PolicyKGError

from .engines import Engine, LocalEngine
from .load import LoadResult, Rows, load_rows, wait_for_search_indexes


@dataclass
class FileOutcome:
    path: Path
    result: LoadResult | None = None
    error: str | None = None


SYMLINK = "a symbolic link (not followed: pass --follow-symlinks to read what links point to)"


def find_files(
    paths: Iterable[Path], skipped: list[tuple[Path, str]] | None = None, follow_symlinks: bool = False
) -> list[Path]:
    """Files named directly (any suffix) and supported files found in folders (every format
    `ingest.decode` reads, PDF included), sorted, no duplicates; what a folder holds but is not read
    goes to `skipped` with the reason. A symbolic link (named directly or met in a folder) is skipped
    unless `follow_symlinks`: a link into /etc is never opened, let alone read."""
    found: dict[Path, None] = {}
    for p in paths:
        if p.is_symlink() and not follow_symlinks:
            if skipped is not None:
                skipped.append((p, SYMLINK))
            continue
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_symlink() and not follow_symlinks:
                    reason = SYMLINK
                elif not f.is_file():
                    continue
                elif f.name.startswith("."):
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


def prepared(
    files: list[Path], jobs: int = 1, limits: Limits = DEFAULT_LIMITS, engine: Engine | None = None
) -> Generator[tuple[Path, Rows | str], None, None]:
    """(file, its rows or its error message), in order: by `engine` (graph/engines.py), else by `jobs`
    worker processes on this machine. Each file is read within `limits` (a file over one, or over its
    time, is an error message)."""
    return (engine or LocalEngine(jobs)).prepared(files, limits)


class IngestInterrupted(GraphUnavailableError):
    """Neo4j went away in the middle of a batch: what was loaded is complete, the rest was not tried."""

    def __init__(self, cause: GraphUnavailableError, outcomes: list[FileOutcome], total: int) -> None:
        loaded = sum(1 for o in outcomes if o.result)
        super().__init__(
            f"Neo4j went away during the ingest ({cause}); {loaded} of {total} documents were loaded, "
            "each complete, and nothing of the others was written: start Neo4j and run the same command "
            "again (documents already loaded are recognised and left unchanged)."
        )
        self.outcomes = outcomes


def ingest_files(
    driver: Driver,
    database: str,
    files: list[Path],
    jobs: int = 1,
    progress: Callable[[FileOutcome], None] | None = None,
    loaders: int = 4,
    replaces: Sequence[str] = (),
    limits: Limits = DEFAULT_LIMITS,
    engine: Engine | None = None,
) -> list[FileOutcome]:
    """Extract (by `engine`, else in `jobs` processes here) and load (`loaders` documents in flight, each
    its own transaction).

    `replaces` (ids of documents the one file is a new version of) needs exactly one file. When Neo4j
    goes away, the documents in flight finish or fail, no new one is started, and `IngestInterrupted`
    says how far the batch got.
    """
    if replaces and len(files) != 1:
        raise InputError("--replaces names the document that ONE file replaces; give exactly one file")
    gone: list[GraphUnavailableError] = []

    def load_one(path: Path, got: Rows | str) -> FileOutcome:
        outcome = FileOutcome(path)
        if isinstance(got, str):
            outcome.error = got
            return outcome
        if gone:
            outcome.error = f"{path}: not loaded (Neo4j went away)"
            return outcome
        try:
            outcome.result = load_rows(driver, database, got, wait_for_search=False, replaces=replaces)
        except GraphUnavailableError as exc:  # nothing more can be loaded: stop with one clear message
            gone.append(exc)
            outcome.error = f"{path}: not loaded (Neo4j went away)"
        except PolicyKGError as exc:  # InputError included
            outcome.error = f"{path}: {exc}"
        return outcome

    outcomes: list[FileOutcome] = []
    with ThreadPoolExecutor(max_workers=max(1, loaders)) as pool:
        pending: list[Future[FileOutcome]] = []
        stream = prepared(files, jobs, limits, engine)
        try:
            for path, got in stream:
                if gone:
                    break
                pending.append(pool.submit(load_one, path, got))
                while len(pending) > 2 * loaders:  # bounded: extraction never runs far ahead of loading
                    outcomes.append(_finish(pending.pop(0), progress))
        finally:
            stream.close()
        for fut in pending:
            outcomes.append(_finish(fut, progress))
    if gone:
        raise IngestInterrupted(gone[0], outcomes, len(files))
    if any(o.result and o.result.status != "unchanged" for o in outcomes):
        wait_for_search_indexes(driver, database)  # once the command returns, search sees every document
    return outcomes


def _finish(fut: Future[FileOutcome], progress: Callable[[FileOutcome], None] | None) -> FileOutcome:
    outcome = fut.result()
    if progress:
        progress(outcome)
    return outcome

"""Where a batch's extraction runs: worker processes on this machine (the default, nothing to install) or
a Dask cluster (`policykg ingest --engine dask [--scheduler ADDRESS]`; `pip install 'policykg[dist]'`).

Both run the same pure function, `prepare_bytes`: a file's bytes and name in, its rows (`graph.load.Rows`,
what the loader writes) or its error message out. The client reads each file and sends its bytes, so a
cluster needs no shared file system. Each worker process builds the jieba/spaCy pipeline once
(`ingest.nlp.build_nlp` is cached per process; on Dask a worker plugin builds it when the worker starts).

Results come back in the order of the files, with a bounded number in flight: a batch of 100,000 files
never holds more than a window of them in memory.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Generator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from ingest.decode import decode_bytes, read_bytes
from ingest.extract import extract_decoded
from ingest.limits import DEFAULT_LIMITS, Limits
from ontology.errors import InputError, PolicyKGError

from .load import Rows, build_rows

Prepared = tuple[Path, Rows | str]
DIST_EXTRA = "pip install 'policykg[dist]'"


def prepare_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Rows | str:
    """Worker: decode and parse one document and build its rows; a PolicyKGError becomes its message.

    Rows (plain dicts) are what crosses the process boundary: cheaper to pickle than the pydantic models,
    and the loading process, which also drives every transaction, is spared building them.
    """
    try:
        budget = limits.budget()  # decoding and extraction together, within limits.max_seconds
        decoded = decode_bytes(data, name=name, limits=limits, deadline=budget)
        extraction = extract_decoded(decoded, name, limits=limits, deadline=budget)
        return build_rows(extraction, decoded.text)
    except PolicyKGError as exc:
        return str(exc)
    except RecursionError:
        return f"{name}: the document is too deeply nested to parse"


def prepare_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Rows | str:
    """`prepare_bytes` of a file (its size checked before it is read)."""
    try:
        data = read_bytes(path, limits)
    except InputError as exc:
        return str(exc)
    return prepare_bytes(data, path.name, limits)


class Engine(Protocol):
    def prepared(self, files: list[Path], limits: Limits) -> Generator[Prepared, None, None]: ...

    def close(self) -> None: ...


class LocalEngine:
    """`jobs` worker processes on this machine (one: in this process)."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = max(1, jobs)

    def prepared(self, files: list[Path], limits: Limits = DEFAULT_LIMITS) -> Generator[Prepared, None, None]:
        if self.jobs <= 1 or len(files) < 4:
            for f in files:
                yield f, prepare_file(f, limits)
            return
        pool = ProcessPoolExecutor(max_workers=self.jobs)
        try:
            work = functools.partial(prepare_file, limits=limits)
            yield from zip(files, pool.map(work, files, chunksize=4), strict=True)
        finally:  # a batch stopped early (Neo4j went away) does not wait for the files not started yet
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        pass


class DaskEngine:
    """Extraction on a Dask cluster: the scheduler at `scheduler` (tcp://host:8786), or, without one, a
    local cluster of `workers` processes on this machine (bound to 127.0.0.1, no dashboard)."""

    def __init__(self, scheduler: str | None = None, workers: int = 2, timeout_s: float = 10.0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise InputError(f"the dask engine needs the optional extra: {DIST_EXTRA}") from exc
        self.cluster: Any = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=timeout_s)
            else:
                self.cluster = LocalCluster(
                    n_workers=max(1, workers), threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None, scheduler_kwargs={"dashboard": False},
                )  # fmt: skip
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            where = scheduler or "a local cluster"
            raise InputError(f"cannot reach the Dask scheduler at {where} ({exc})") from exc
        self.client.register_plugin(_warm_up_plugin(), name="policykg-warm-up")

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def prepared(self, files: list[Path], limits: Limits = DEFAULT_LIMITS) -> Generator[Prepared, None, None]:
        window = 4 * self.threads()
        flight: deque[tuple[Path, Any]] = deque()  # (file, a future or its error message), in file order
        try:
            for f in files:
                try:
                    data = read_bytes(f, limits)
                    flight.append((f, self.client.submit(prepare_bytes, data, f.name, limits, pure=False)))
                except InputError as exc:
                    flight.append((f, str(exc)))
                while len(flight) > window:
                    yield _result(*flight.popleft())
            while flight:
                yield _result(*flight.popleft())
        finally:  # stopped early: the documents not yet extracted are cancelled, not waited for
            self.client.cancel([fut for _f, fut in flight if not isinstance(fut, str)])

    def worker_pipelines(self) -> dict[str, int]:
        """How many times each worker process built the jieba/spaCy pipeline (1 each, whatever it read)."""
        return dict(self.client.run(_pipelines_built))

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()


def _result(path: Path, fut: Any) -> Prepared:
    if isinstance(fut, str):
        return path, fut
    try:
        return path, fut.result()
    except Exception as exc:  # a worker that died or was lost: this file's error, the batch goes on
        return path, f"{path}: extraction failed on the cluster ({type(exc).__name__}: {exc})"


def _pipelines_built() -> int:
    from ingest.nlp import build_nlp

    return int(build_nlp.cache_info().misses)


def _warm_up_plugin() -> Any:
    """A Dask worker plugin that builds the jieba dictionary and the spaCy pipeline when a worker starts."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmUp(WorkerPlugin):
        def setup(self, worker: Any) -> None:
            from ingest.nlp import build_nlp

            build_nlp()

    return WarmUp()


def engine_for(name: str, jobs: int, scheduler: str | None = None) -> Engine:
    """The engine a command names: local (default) or dask."""
    if name == "local":
        if scheduler:
            raise InputError("--scheduler is for --engine dask")
        return LocalEngine(jobs)
    if name == "dask":
        return DaskEngine(scheduler, workers=jobs)
    raise InputError(f"unknown engine {name!r}: local or dask")

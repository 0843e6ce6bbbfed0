"""A read cache for lookups, valid while the graph has not changed.

Every write policykg makes adds or removes a Policy node or stamps a new `ingested_at`, so
(number of policies, newest `ingested_at`) changes with every ingest, replacement or removal.
The cache checks that signature at most every `max_age` seconds (one cheap count-store query)
and forgets everything when it changed: an answer is at most `max_age` seconds older than the
graph, and exact once the check ran. A process that writes (an upload through the API) clears
the cache itself, so its own writes show at once.

Only the blocking `get` talks to Neo4j; `peek` is a dictionary lookup an event loop may call.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from neo4j import Driver

from . import db, queries

V = TypeVar("V")


class ReadCache(Generic[V]):
    def __init__(self, max_age: float = 0.5, size: int = 4096) -> None:
        self.max_age = max_age
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._signature: Any = None
        self._checked = -1e18
        self._epoch = 0  # bumped whenever entries are dropped: a value computed before is not stored
        self._lock = threading.Lock()
        self._check_lock = threading.Lock()  # one signature query at a time; the others wait for its answer
        self.used = -1e18

    def peek(self, key: Hashable) -> V | None:
        """The cached value if the graph was confirmed unchanged within `max_age`; never blocks on I/O."""
        self.used = now = time.monotonic()
        if now - self._checked > self.max_age:
            return None
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def get(self, driver: Driver, database: str, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value, or `compute()` stored; checks the graph's signature when it is due."""
        if self.max_age <= 0:
            return compute()
        if time.monotonic() - self._checked > self.max_age:
            self.refresh(driver, database)
        value = self.peek(key)
        if value is not None:
            return value
        epoch = self._epoch
        value = compute()
        with self._lock:
            if epoch != self._epoch:
                return value
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def refresh(self, driver: Driver, database: str) -> None:
        """Check the graph's signature now (unless another thread just did); forget all if it changed.

        The API calls this in the background while it is busy, so requests rarely wait for it.
        """
        with self._check_lock:
            if time.monotonic() - self._checked <= self.max_age / 4:
                return
            signature = db.read(driver, queries.GRAPH_SIGNATURE, database)[0]
            with self._lock:
                if signature != self._signature:
                    self._entries.clear()
                    self._epoch += 1
                    self._signature = signature
                self._checked = time.monotonic()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._epoch += 1
            self._checked = -1e18

"""The application's state for one process: settings, the one driver (opened in the lifespan), the
question answerer and the read cache. Routes reach it through `api/deps.py`, never through app.state."""

from __future__ import annotations

from neo4j import Driver

from graph.ask import Asker
from graph.cache import ReadCache
from graph.settings import Settings
from ontology.errors import GraphUnavailableError


class AppState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.driver: Driver | None = None
        self.database = settings.neo4j_database
        self.setup_error: str | None = None
        self._asker: Asker | None = None
        self.schema_ready = False
        self.cache: ReadCache[bytes] = ReadCache(max_age=settings.cache_seconds)

    def asker(self, driver: Driver, database: str) -> Asker:
        if self._asker is None:
            self._asker = Asker(driver, database)
        return self._asker

    def graph_changed(self) -> None:
        """After a write through this API: the question answerer reloads the graph's names and cached
        lookup answers go."""
        self._asker = None
        self.cache.clear()

    def require_driver(self) -> Driver:
        if self.driver is None:
            raise GraphUnavailableError(self.setup_error or "Neo4j is not configured")
        return self.driver

"""API fixtures: the sample graph behind the real HTTP server."""

from __future__ import annotations

import pytest
from neo4j import Driver

from tests.conftest import ApiServer
from tests.graph.conftest import sample_graph  # noqa: F401  (re-exported fixture)


@pytest.fixture(scope="module")
def api(api_server: ApiServer, sample_graph: tuple[Driver, str]) -> ApiServer:  # noqa: F811
    return api_server

"""The one place that creates a Neo4j driver (one per process: CLI command, API lifespan)."""

from __future__ import annotations

from neo4j import Driver, GraphDatabase

from graph.server import Credentials


def open_driver(creds: Credentials) -> Driver:
    return GraphDatabase.driver(
        creds.uri,
        auth=(creds.username, creds.password),
        connection_timeout=5.0,
        connection_acquisition_timeout=5.0,
        max_transaction_retry_time=15.0,
        liveness_check_timeout=30.0,
        user_agent="policykg/0.1",
    )

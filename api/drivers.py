"""The one place that creates a Neo4j driver (one per process: CLI command, API lifespan)."""

from __future__ import annotations

from neo4j import Driver, GraphDatabase

from graph.localserver import Credentials


def open_driver(creds: Credentials, retry_s: float = 15.0) -> Driver:
    """A driver for one process. The API passes a short `retry_s` so that requests fail fast (503)
    while Neo4j is away; batch commands keep the longer default and ride out restarts."""
    return GraphDatabase.driver(
        creds.uri,
        auth=(creds.username, creds.password),
        connection_timeout=5.0,
        connection_acquisition_timeout=5.0,
        max_transaction_retry_time=retry_s,
        liveness_check_timeout=30.0,
        user_agent="policykg/0.1",
        # the server's hints (e.g. "relationship type GUIDES not in the database yet") are noise for
        # policykg's own queries and cost a log line per query; researchers see Neo4j's errors in full
        notifications_min_severity="OFF",
    )

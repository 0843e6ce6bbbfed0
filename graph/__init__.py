"""Neo4j: the managed server's lifecycle, schema, loading, queries and RDF export.

Nothing in here creates a driver: the caller (CLI command, FastAPI lifespan, test fixture) does,
and passes it in.
"""

"""The ways in: the FastAPI app and the `policykg` command line."""

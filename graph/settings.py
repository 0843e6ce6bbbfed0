"""policykg's settings: one pydantic-settings class, read from the environment (and `.env`).

`NEO4J_URI` set  -> every command talks to that server (a cluster, Aura, ...) and starts nothing.
`NEO4J_URI` unset -> policykg manages a local Neo4j under `POLICYKG_HOME` and generates its password.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.limits import DEFAULT_LIMITS, Limits


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # an external Neo4j (cluster, Aura, ...): when set, nothing is started locally
    neo4j_uri: str | None = Field(default=None, validation_alias=_env("NEO4J_URI"))
    neo4j_username: str = Field(default="neo4j", validation_alias=_env("NEO4J_USERNAME"))
    neo4j_password: SecretStr | None = Field(default=None, validation_alias=_env("NEO4J_PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=_env("NEO4J_DATABASE"))

    # the managed local server
    home: Path = Field(default=Path(".policykg"), validation_alias=_env("POLICYKG_HOME"))
    neo4j_lib: Path = Field(
        default=Path.home() / ".cache" / "policykg" / "neo4j-5.26.30" / "lib",
        validation_alias=_env("POLICYKG_NEO4J_LIB"),
    )
    neo4j_listen: str = Field(default="127.0.0.1", validation_alias=_env("POLICYKG_NEO4J_LISTEN"))
    bolt_port: int = Field(default=7687, ge=1, le=65535, validation_alias=_env("POLICYKG_BOLT_PORT"))
    http_port: int = Field(default=7474, ge=1, le=65535, validation_alias=_env("POLICYKG_HTTP_PORT"))
    neo4j_heap: str = Field(default="2g", validation_alias=_env("POLICYKG_NEO4J_HEAP"))
    neo4j_pagecache: str = Field(default="1g", validation_alias=_env("POLICYKG_NEO4J_PAGECACHE"))
    neo4j_tx_timeout: str = Field(default="120s", validation_alias=_env("POLICYKG_NEO4J_TX_TIMEOUT"))
    neo4j_start_timeout: float = Field(
        default=180.0, gt=0, validation_alias=_env("POLICYKG_NEO4J_START_TIMEOUT")
    )

    # the API
    api_host: str = Field(default="127.0.0.1", validation_alias=_env("POLICYKG_API_HOST"))
    api_port: int = Field(default=8000, ge=1, le=65535, validation_alias=_env("POLICYKG_API_PORT"))
    api_token: SecretStr | None = Field(default=None, validation_alias=_env("POLICYKG_API_TOKEN"))
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024, gt=0, validation_alias=_env("POLICYKG_MAX_UPLOAD_BYTES")
    )

    # what one document may cost to read (`ingest.limits.Limits`; uploads: max_upload_bytes as well)
    doc_max_bytes: int = Field(
        default=DEFAULT_LIMITS.max_bytes, gt=0, validation_alias=_env("POLICYKG_DOC_MAX_BYTES")
    )
    doc_max_seconds: float = Field(
        default=DEFAULT_LIMITS.max_seconds, gt=0, validation_alias=_env("POLICYKG_DOC_MAX_SECONDS")
    )
    doc_max_inflated_bytes: int = Field(
        default=DEFAULT_LIMITS.max_inflated_bytes,
        gt=0,
        validation_alias=_env("POLICYKG_DOC_MAX_INFLATED_BYTES"),
    )
    doc_max_text_chars: int = Field(
        default=DEFAULT_LIMITS.max_text_chars, gt=0, validation_alias=_env("POLICYKG_DOC_MAX_TEXT_CHARS")
    )
    doc_max_pdf_pages: int = Field(
        default=DEFAULT_LIMITS.max_pdf_pages, gt=0, validation_alias=_env("POLICYKG_DOC_MAX_PDF_PAGES")
    )
    query_timeout_s: float = Field(default=10.0, gt=0, validation_alias=_env("POLICYKG_QUERY_TIMEOUT"))
    query_row_cap: int = Field(default=1000, gt=0, validation_alias=_env("POLICYKG_QUERY_ROW_CAP"))
    # researchers' Cypher: the rows' JSON (UTF-8) is cut at this many bytes, and a single value estimated
    # larger is left out (a marker in its place) before it leaves Neo4j
    query_max_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024, le=2**40, validation_alias=_env("POLICYKG_QUERY_MAX_BYTES")
    )
    rate_limit_per_minute: int = Field(
        default=120, gt=0, validation_alias=_env("POLICYKG_RATE_LIMIT_PER_MINUTE")
    )
    # lookup answers are cached while the graph is unchanged, re-checked at most this often (0: no cache)
    cache_seconds: float = Field(default=0.5, ge=0, le=60, validation_alias=_env("POLICYKG_CACHE_SECONDS"))

    # where `policykg ingest` extracts: worker processes here (local) or a Dask cluster (dask; the
    # scheduler's address, or none for a local cluster of --jobs workers)
    ingest_engine: Literal["local", "dask"] = Field(
        default="local", validation_alias=_env("POLICYKG_INGEST_ENGINE")
    )
    dask_scheduler: str | None = Field(default=None, validation_alias=_env("POLICYKG_DASK_SCHEDULER"))

    # RDF
    rdf_base: str = Field(
        default="https://policykg.example.org/id/", validation_alias=_env("POLICYKG_RDF_BASE")
    )

    @property
    def managed(self) -> bool:
        """True when policykg runs its own Neo4j (no NEO4J_URI given)."""
        return not self.neo4j_uri

    def limits(self, max_bytes: int | None = None) -> Limits:
        """The bounds on one document (`max_bytes`: a smaller file limit, such as an upload's)."""
        size = self.doc_max_bytes if max_bytes is None else min(max_bytes, self.doc_max_bytes)
        return dataclasses.replace(
            DEFAULT_LIMITS,
            max_bytes=size,
            max_seconds=self.doc_max_seconds,
            max_inflated_bytes=self.doc_max_inflated_bytes,
            max_pdf_inflated_bytes=self.doc_max_inflated_bytes,
            max_text_chars=self.doc_max_text_chars,
            max_pdf_pages=self.doc_max_pdf_pages,
        )

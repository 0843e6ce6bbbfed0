"""The API's own response schemas (independent of ingest's and graph's models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    neo4j: Literal["up", "down"]
    version: str
    neo4j_version: str | None = None
    detail: str | None = None

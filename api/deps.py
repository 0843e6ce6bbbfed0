"""What a route needs, declared as FastAPI dependencies: the process's state, its settings, the graph
(driver and database), the question answerer and the upload token check. Routes name these in their
signatures (so a reader, mypy and /docs can follow them); nothing else reads `app.state`."""

from __future__ import annotations

import secrets
from typing import Annotated, NamedTuple

from fastapi import Depends, Header, HTTPException, Request, Security
from fastapi.security import APIKeyHeader
from neo4j import Driver

from graph.ask import Asker
from graph.settings import Settings

from .state import AppState

# the upload token, declared as a security scheme so that /docs shows it (its Authorize button)
API_TOKEN = APIKeyHeader(name="X-API-Token", auto_error=False, description="POLICYKG_API_TOKEN of the server")


class Graph(NamedTuple):
    """The process's one driver and the database it reads: `lookups.f(*graph, …)`."""

    driver: Driver
    database: str


async def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.pkg
    return state


State = Annotated[AppState, Depends(app_state)]


async def app_settings(state: State) -> Settings:
    return state.settings


async def graph(state: State) -> Graph:
    """503 (GraphUnavailableError) when the process has no driver: Neo4j was not reachable at start."""
    return Graph(state.require_driver(), state.database)


SettingsDep = Annotated[Settings, Depends(app_settings)]
GraphDep = Annotated[Graph, Depends(graph)]


def asker(state: State, g: GraphDep) -> Asker:
    """The question answerer (built on first use from the graph's names; run in the threadpool)."""
    return state.asker(*g)


AskerDep = Annotated[Asker, Depends(asker)]


async def upload_token(
    settings: SettingsDep,
    x_api_token: Annotated[str | None, Security(API_TOKEN)] = None,
    authorization: Annotated[str | None, Header(description="or `Bearer <token>`")] = None,
) -> None:
    """Writes need POLICYKG_API_TOKEN (X-API-Token or a Bearer header): 403 when the server has none."""
    if settings.api_token is None:
        raise HTTPException(403, "uploads are disabled: set POLICYKG_API_TOKEN on the server")
    given = x_api_token or (authorization or "").removeprefix("Bearer ").strip()
    expected = settings.api_token.get_secret_value().encode()
    if not given or not secrets.compare_digest(given.encode(), expected):
        raise HTTPException(401, "missing or wrong API token", headers={"WWW-Authenticate": "Bearer"})

"""`policykg neo4j start|stop|status` and `policykg serve`."""

from __future__ import annotations

from typing import Annotated

import typer

from graph import localserver
from graph.settings import Settings

from .app import app, err, fail, guarded, neo4j_app, out, print_json

# --- neo4j -----------------------------------------------------------------------------------


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch Neo4j from Maven Central (first run only), start it on 127.0.0.1 and wait for Bolt."""
    settings = Settings()
    if not settings.managed:
        out.print(f"NEO4J_URI is set ({settings.neo4j_uri}): using that server, nothing to start.")
        return
    err.print("starting Neo4j (the first run downloads it from Maven Central) …")
    st = guarded(lambda: localserver.start(settings))
    out.print(f"Neo4j {st.message}")
    out.print(f"Neo4j Browser: http://{settings.neo4j_listen}:{settings.http_port}/browser/")
    out.print(f"password file: {localserver.Layout(settings).password_file}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j server."""
    settings = Settings()
    st = guarded(lambda: localserver.stop(settings))
    out.print(f"Neo4j {st.message}")


@neo4j_app.command("status")
def neo4j_status(
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Say whether the local Neo4j is running (exit 3 when it is not)."""
    settings = Settings()
    st = localserver.status(settings)
    if fmt == "json":
        print_json({"managed": st.managed, "running": st.running, "pid": st.pid, "uri": st.uri})
    else:
        out.print(f"Neo4j {st.message}")
    if st.managed and not st.running:
        raise typer.Exit(3)


# --- serve -----------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 8000)")] = None,
) -> None:
    """Run the HTTP API (and the web explorer)."""
    import uvicorn

    from ..app import create_app

    settings = Settings()
    bind_host = host or settings.api_host
    bind_port = port or settings.api_port
    if localserver.port_in_use(bind_host, bind_port):
        raise fail(f"port {bind_port} on {bind_host} is already in use; choose another with --port.")
    uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="info", proxy_headers=False)

"""Request-size limit (413 before the body is read) and a per-client rate limit (429 + Retry-After)."""

from __future__ import annotations

import json
import math
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body

RATE_LIMITED_PREFIXES = ("/api/ask", "/api/cypher", "/api/documents")


async def _reply(
    send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps(error_body("Limit", status, detail), ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()), *(headers or [])],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuses bodies over `max_bytes` with 413: by Content-Length before the body is read, and a body
    without one (chunked) by reading it here first, never more than `max_bytes` + one chunk, before the
    app sees any of it (so the app's own parsers cannot turn the overflow into a 400)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = f"request body larger than {self.max_bytes} bytes"
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _reply(send, 400, "invalid Content-Length")
                return
            if declared > self.max_bytes:
                await _reply(send, 413, too_big)
                return
            await self.app(scope, receive, send)  # the server holds the body to its declared length
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body = message.get("body", b"")
            seen += len(body)
            if seen > self.max_bytes:
                await _reply(send, 413, too_big)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class RateLimit:
    """A token bucket per (client address, endpoint group) for the expensive endpoints."""

    def __init__(
        self, app: ASGIApp, per_minute: int, prefixes: tuple[str, ...] = RATE_LIMITED_PREFIXES
    ) -> None:
        self.app = app
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self.prefixes = prefixes
        self.buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self.lock = threading.Lock()

    def _take(self, key: tuple[str, str]) -> float:
        """0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self.buckets[key] = (tokens - 1, now)
                return 0.0
            self.buckets[key] = (tokens, now)
            if len(self.buckets) > 100_000:
                self.buckets.clear()
            return (1 - tokens) / self.rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        group = next((p for p in self.prefixes if path.startswith(p)), None)
        if group is None:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        wait = self._take((client, group))
        if wait > 0:
            retry = str(max(1, math.ceil(wait)))
            await _reply(
                send, 429, f"too many requests; retry after {retry}s", [(b"retry-after", retry.encode())]
            )
            return
        await self.app(scope, receive, send)

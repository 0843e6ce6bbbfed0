"""The one exception root of policykg and its small hierarchy.

    PolicyKGError                 every error policykg raises on purpose; its message is for the user
    ├── InputError                a document that cannot be read (encoding, empty, binary, too large,
    │   │                         over a limit of `ingest.limits`, out of time)
    │   └── InputCancelledError   reading a document was cancelled (its cancel event was set)
    ├── SetupError                the local Neo4j cannot be installed or started (Java, Maven, port, ...)
    ├── GraphUnavailableError     Neo4j does not answer (stopped, unreachable, wrong password)
    ├── QueryRejectedError        a researcher's Cypher is not allowed (writes, LOAD CSV, procedures)
    ├── QueryFailedError          Neo4j rejected a query (syntax, timeout, memory); carries its message
    ├── NotFoundError             a name or id that is not in the graph; carries close matches
    └── AmbiguousNameError        a name that several units hold (in different regions); carries them

Only `api/` turns these into HTTP statuses or exit codes.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Root of every error that policykg raises on purpose."""


class InputError(PolicyKGError):
    """A document cannot be read or is not a policy text."""


class InputCancelledError(InputError):
    """Reading a document stopped because its caller cancelled it (nothing of it was written)."""


class SetupError(PolicyKGError):
    """The managed Neo4j server cannot be installed, configured or started."""


class GraphUnavailableError(PolicyKGError):
    """Neo4j is not reachable or refuses the credentials."""


class QueryRejectedError(PolicyKGError):
    """A user-supplied Cypher query is not read-only or uses something forbidden."""


class QueryFailedError(PolicyKGError):
    """Neo4j refused or aborted a query; the message carries Neo4j's own words."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class NotFoundError(PolicyKGError):
    """A name or identifier is not in the graph."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class AmbiguousNameError(PolicyKGError):
    """A unit name that several units hold (宁波's, 南充's and 太仓's 市科技局): never resolved silently.
    `candidates` are each one's key, name, region, level and task count, most tasks first; a region
    or a key picks one."""

    def __init__(self, name: str, candidates: list[dict[str, object]]) -> None:
        listed = "; ".join(
            f"{c.get('region') or '地区未知'} {c.get('name')} ({c.get('tasks', 0)} tasks, key {c.get('key')})"
            for c in candidates[:20]
        )
        more = f"; and {len(candidates) - 20} more" if len(candidates) > 20 else ""
        super().__init__(
            f"{len(candidates)} units are named {name!r}: {listed}{more}. "
            "Give the region (region=, --region) or the key (key=, --key) of the one you mean."
        )
        self.name = name
        self.candidates = candidates

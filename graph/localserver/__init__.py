"""The managed local Neo4j: install from Maven Central, configure, set the password, start, stop.

The server is Neo4j Community 5.26 LTS, assembled from Maven Central by `pom.xml` in this folder and
started as `java -cp LIB/* org.neo4j.server.CommunityEntryPoint`. Nothing here creates a driver:
"Bolt answers" is checked with a raw Bolt handshake. Modules: `install` (jars, Java), `layout`
(folders, neo4j.conf), `password`, `probe` (ports, Bolt), `process` (lifecycle, credentials).
"""

from .install import ensure_libs, find_java
from .layout import Layout
from .password import new_password
from .probe import bolt_answers, port_in_use
from .process import Credentials, ServerStatus, credentials, kill, log_tail, start, status, stop

__all__ = [
    "Credentials",
    "Layout",
    "ServerStatus",
    "bolt_answers",
    "credentials",
    "ensure_libs",
    "find_java",
    "kill",
    "log_tail",
    "new_password",
    "port_in_use",
    "start",
    "status",
    "stop",
]

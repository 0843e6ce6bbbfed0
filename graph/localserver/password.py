"""The neo4j user's password: generated on first start, set with neo4j-admin, kept with mode 0600.
No default password exists anywhere."""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

from ontology.errors import SetupError

from .layout import Layout, neo4j_env

ADMIN_CLASS = "org.neo4j.cli.AdminTool"


def _write_secret(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value + "\n")


def ensure_password(java: str, lib: Path, layout: Layout) -> str:
    """Generate the neo4j user's password on first start and store it with mode 0600."""
    if layout.password_file.exists():
        return layout.password_file.read_text(encoding="utf-8").strip()
    if (layout.data / "databases" / "system").exists():
        raise SetupError(
            f"The Neo4j data in {layout.data} was initialised but its password file "
            f"{layout.password_file} is gone. Restore the file, or remove {layout.root} to start afresh."
        )
    password = new_password()
    env = neo4j_env(layout)
    proc = subprocess.run(
        [java, "-cp", f"{lib}/*", ADMIN_CLASS, "dbms", "set-initial-password", password],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SetupError("Could not set Neo4j's initial password:\n" + (proc.stdout + proc.stderr)[-2000:])
    _write_secret(layout.password_file, password)
    return password


def new_password() -> str:
    """48 hex characters: never starts with '-' (neo4j-admin would read such a password as an option,
    as it did for one token_urlsafe password in 64) and needs no quoting in a shell."""
    return secrets.token_hex(24)

"""Neo4j Community 5.26 LTS from Maven Central: the jars `pom.xml` beside this module names, fetched
once into POLICYKG_NEO4J_LIB, and the Java that runs them."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ontology.errors import SetupError

from ..settings import Settings

POM = Path(__file__).parent / "pom.xml"
LIB_MARKER = ".policykg-complete"


def find_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise SetupError(
            "Java 17 or newer is needed to run Neo4j but `java` is not on PATH. "
            "Install it (Debian: apt-get install -y openjdk-17-jre-headless) and try again, "
            "or point NEO4J_URI at an existing Neo4j server."
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    text = out.stderr + out.stdout
    major = _java_major(text)
    if major is not None and major < 17:
        raise SetupError(f"Neo4j 5.26 needs Java 17 or newer; `{java}` is Java {major}. Install Java 17.")
    return java


def _java_major(version_text: str) -> int | None:
    m = re.search(r'version "(\d+)(?:\.(\d+))?', version_text)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def ensure_libs(settings: Settings) -> Path:
    """Fetch the server's jars from Maven Central once; later calls reuse the cached folder."""
    lib = settings.neo4j_lib.expanduser().resolve()
    if (lib / LIB_MARKER).exists():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise SetupError(
            "Maven is needed once to fetch Neo4j from Maven Central but `mvn` is not on PATH. "
            "Install it (Debian: apt-get install -y maven) and try again."
        )
    lib.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".lib-", dir=lib.parent))
    cmd = [mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={tmp}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not any(tmp.glob("neo4j-server-*.jar")):
        shutil.rmtree(tmp, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise SetupError(f"Maven could not fetch Neo4j from Maven Central (exit {proc.returncode}):\n{tail}")
    (tmp / LIB_MARKER).write_text("ok\n")
    if lib.exists():
        shutil.rmtree(lib)
    tmp.rename(lib)
    return lib

"""Where the managed server keeps its files (all under POLICYKG_HOME/neo4j), its hardened
`neo4j.conf` (from `neo4j.conf.template` beside this module) and the environment it runs in."""

from __future__ import annotations

import os
from pathlib import Path
from string import Template

from ..settings import Settings

CONF_TEMPLATE = Path(__file__).parent / "neo4j.conf.template"


class Layout:
    """Where the managed server keeps its files, all under `POLICYKG_HOME/neo4j`."""

    def __init__(self, settings: Settings) -> None:
        self.root = settings.home.resolve() / "neo4j"
        self.conf_dir = self.root / "conf"
        self.conf = self.conf_dir / "neo4j.conf"
        self.data = self.root / "data"
        self.logs = self.root / "logs"
        self.run = self.root / "run"
        self.import_dir = self.root / "import"
        self.plugins = self.root / "plugins"
        self.licenses = self.root / "licenses"
        self.pid_file = self.run / "policykg-neo4j.pid"
        self.console_log = self.logs / "console.log"
        self.password_file = self.data / "policykg-password"

    def make_dirs(self) -> None:
        for d in (
            self.conf_dir,
            self.data,
            self.logs,
            self.run,
            self.import_dir,
            self.plugins,
            self.licenses,
        ):
            d.mkdir(parents=True, exist_ok=True)


def write_conf(settings: Settings, layout: Layout) -> None:
    template = Template(CONF_TEMPLATE.read_text(encoding="utf-8"))
    text = template.substitute(
        listen_address=settings.neo4j_listen,
        bolt_port=settings.bolt_port,
        http_port=settings.http_port,
        home=layout.root,
        tx_timeout=settings.neo4j_tx_timeout,
        tx_memory_max="512m",
        tx_memory_total="1g",
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
    )
    layout.conf.write_text(text, encoding="utf-8")


def neo4j_env(layout: Layout) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(layout.root)
    env["NEO4J_CONF"] = str(layout.conf_dir)
    return env

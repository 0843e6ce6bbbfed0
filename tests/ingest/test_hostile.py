"""The hostile-input corpus (tests/data/make_hostile.py) through `extract_file`, every file:
a clear InputError or a valid result whose spans index the text; never another exception."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ingest.decode import read_document
from ingest.extract import extract_file
from ontology.errors import InputError

HERE = Path(__file__).resolve().parents[1] / "data" / "make_hostile.py"


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_hostile", HERE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    for name, data in load_generator().corpus().items():
        (out / name).write_bytes(data)
    return out


def test_corpus_has_at_least_200_inputs(hostile_dir: Path) -> None:
    assert len(list(hostile_dir.iterdir())) >= 200


def _squash(s: str) -> str:
    return "".join(s.split())


@pytest.mark.slow
def test_every_hostile_input_is_refused_clearly_or_parsed(hostile_dir: Path) -> None:
    refused: dict[str, str] = {}
    parsed = 0
    for path in sorted(hostile_dir.iterdir()):
        try:
            ex = extract_file(path)
        except InputError as exc:
            message = str(exc)
            assert path.name in message and len(message) < 400, message
            refused[path.name] = message
            continue
        text = read_document(path).text
        for t in ex.tasks:  # spans point into the text as delivered (a joined line break aside)
            assert _squash(text[t.span[0] : t.span[1]]) == _squash(t.text), path.name
            for u in t.units:
                assert _squash(text[u.span[0] : u.span[1]]) == _squash(u.surface), path.name
        parsed += 1
    for must_refuse in (
        "empty.txt",
        "spaces.txt",
        "pdf-renamed.txt",
        "png-renamed.txt",
        "elf.txt",
        "binary-0.txt",
    ):
        assert must_refuse in refused, must_refuse
    for must_parse in ("utf16-le.txt", "utf16-be-bom.txt", "crlf.txt", "html-script.html", "many-tasks.txt"):
        assert must_parse not in refused, refused.get(must_parse)
    assert parsed > 100

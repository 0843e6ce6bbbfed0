"""A PDF's streams inflated before pdfplumber (pdfminer) or PDFium reads it, the output discarded.

pdfminer inflates a stream whole (`zlib.decompress`), so a 1 MB file whose page content inflates to
1 GiB costs gigabytes there. Here every stream of the file is found in its raw bytes (whatever the
cross-reference table says: a damaged one makes pdfminer scan for objects and expand object streams)
and decoded in 1 MiB steps through its filter chain (Flate, LZW, RunLength; ASCIIHex/85 shrink), the
bytes each expanding stage yields summed against `Limits.max_pdf_inflated_bytes`. Image filters (DCT,
JPX, JBIG2, CCITT) end a chain: no reader expands those to read text. A stream whose filter is
given indirectly is inflated if its bytes start as zlib data.

An encrypted PDF that opens without a password (an owner password only) has ciphertext in its
streams: each stream object the cross-reference table lists is decrypted with pdfminer's security
handler and measured the same way (its cross-reference streams, never encrypted, were measured in the
raw pass before pdfminer reads them). One whose cross-reference table is damaged is refused: pdfminer
would rebuild it by expanding object streams that cannot be measured first.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator

from ontology.errors import InputError

from .limits import Budget, Limits, refuse

_STEP = 1024 * 1024
_STREAM = re.compile(rb"(?<![A-Za-z])stream[ \t\f\0]*(?:\r\n|\n|\r)")
_OBJ_BEFORE = re.compile(rb"(?<![0-9])\d+[ \t\r\n\f\0]+\d+[ \t\r\n\f\0]*obj$")
_ESCAPED_ENCRYPT = re.compile(rb"/(?:[A-Za-z]|#[0-9A-Fa-f]{2}){7}(?![A-Za-z0-9#])")
_DELIMITERS = b"()<>[]{}/%"
_WHITE = b" \t\r\n\f\0"
_ALIASES = {
    "Fl": "FlateDecode",
    "LZW": "LZWDecode",
    "RL": "RunLengthDecode",
    "AHx": "ASCIIHexDecode",
    "A85": "ASCII85Decode",
}
_EXPANDING = {"FlateDecode", "LZWDecode", "RunLengthDecode"}
_SHRINKING = {"ASCIIHexDecode", "ASCII85Decode"}


class _Over(Exception):
    """The inflated total went over the limit."""


class _Meter:
    def __init__(self, limit: int, deadline: Budget, name: str) -> None:
        self.total = 0
        self.limit = limit
        self.deadline = deadline
        self.name = name

    def add(self, n: int) -> None:
        self.total += n
        if self.total > self.limit:
            raise _Over
        self.deadline.check(self.name)


def check_pdf(data: bytes, name: str, limits: Limits, deadline: Budget) -> int:
    """Refuse (InputError) a PDF whose streams inflate to more than `limits` allows; else the total."""
    meter = _Meter(limits.max_pdf_inflated_bytes, deadline, name)
    try:
        _raw_pass(data, meter)
        if _encrypted(data) and not _encrypted_pass(data, meter):
            raise InputError(
                f"{name}: an encrypted PDF whose cross-reference table is damaged: its streams cannot be "
                "checked before they are read. Supply an unprotected or repaired copy."
            )
    except _Over:
        what = "its streams inflate to more than allowed (a PDF bomb?)"
        raise refuse(name, what, "max_pdf_inflated_bytes", limits.max_pdf_inflated_bytes, "bytes") from None
    return meter.total


def _raw_pass(data: bytes, meter: _Meter) -> None:
    view = memoryview(data)
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return
        meter.deadline.check(meter.name)
        entries = _stream_dictionary(data, pos, m.start())
        start = m.end()
        end = _extent(data, start, entries.get("Length"))
        used = _measure(view, start, end, _chain_of(entries, data[start : start + 2]), meter)
        pos = max(start + used, m.end())


def _stream_dictionary(data: bytes, lo: int, hi: int) -> dict[str, object]:
    """The dictionary of the stream whose `stream` keyword is at `hi`: from its `N G obj` (searched back
    to `lo`, the end of the stream before) to `hi`; `{"Filter": ...}` (unknown) when there is none."""
    at = hi
    while True:
        at = data.rfind(b"obj", lo, at)
        if at < 0:
            return {"Filter": ...}
        m = _OBJ_BEFORE.search(data[max(lo, at - 24) : at + 3])
        if m is not None:
            return _dictionary(data[at + 3 : hi])
        if at <= lo:
            return {"Filter": ...}


def _chain_of(entries: dict[str, object], head: bytes) -> list[str]:
    chain = _chain(entries.get("Filter"))
    if chain is None:  # given indirectly, or no dictionary found: inflated when it starts as zlib data
        return ["FlateDecode"] if _is_zlib(head) else []
    return chain


def _extent(data: bytes, start: int, length: object) -> int:
    """Where the stream's data ends: its /Length when `endstream` follows it, else the next `endstream`."""
    if isinstance(length, int) and 0 <= length <= len(data) - start:
        if data[start + length : start + length + 32].lstrip(_WHITE).startswith(b"endstream"):
            return start + length
    found = data.find(b"endstream", start)
    return len(data) if found < 0 else found


def _measure(view: memoryview, start: int, end: int, chain: list[str], meter: _Meter) -> int:
    """Decode one stream through `chain`, counting every expanding stage's output; how many raw bytes
    it used (a Flate stream is read to its own end mark, whatever its /Length says)."""
    first_flate = bool(chain) and chain[0] == "FlateDecode"
    source: Iterator[bytes | memoryview]
    used = [end - start]
    if first_flate:
        pieces = itertools.chain(_pieces(view, start, end), _pieces(view, end, len(view)))
        source = _inflate(pieces, meter, used)
        chain = chain[1:]
    else:
        source = iter([view[start:end]])
    for f in chain:
        if f == "FlateDecode":
            source = _inflate(source, meter, None)
        elif f == "LZWDecode":
            source = _lzw(source, meter)
        elif f == "RunLengthDecode":
            source = _runlength(source, meter)
        elif f in _SHRINKING:
            source = _shrink(source, f)
        else:  # an image filter (or one no reader supports): nothing after it is expanded
            break
    for _ in source:
        pass
    return used[0]


def _pieces(view: memoryview, start: int, end: int) -> Iterator[memoryview]:
    for pos in range(start, end, _STEP):
        yield view[pos : min(end, pos + _STEP)]


def _inflate(source: Iterable[bytes | memoryview], meter: _Meter, used: list[int] | None) -> Iterator[bytes]:
    """Inflate in 1 MiB steps until the zlib stream's end (or damage: pdfminer keeps what came before);
    `used`, when given, gets how many input bytes the stream took."""
    import zlib

    inflater = zlib.decompressobj()
    taken = 0
    try:
        for piece in source:
            pending: bytes | memoryview = piece
            while not inflater.eof:
                out = inflater.decompress(pending, _STEP)
                pending = inflater.unconsumed_tail
                if out:
                    meter.add(len(out))
                    yield out
                elif not pending:
                    break
            taken += len(piece) - len(pending) - len(inflater.unused_data)
            if inflater.eof:
                break
    except zlib.error:
        pass
    if used is not None:
        used[0] = max(taken, 0)


def _lzw(source: Iterable[bytes | memoryview], meter: _Meter) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    size = 0
    for piece in LZWDecoder(io.BytesIO(b"".join(source))).run():
        meter.add(len(piece))
        out.append(piece)
        size += len(piece)
        if size >= _STEP:
            yield b"".join(out)
            out, size = [], 0
    yield b"".join(out)


def _runlength(source: Iterable[bytes | memoryview], meter: _Meter) -> Iterator[bytes]:
    data = b"".join(source)
    out = bytearray()
    i = 0
    while i < len(data):
        n = data[i]
        if n == 128:
            break
        if n < 128:
            out += data[i + 1 : i + 2 + n]
            i += n + 2
        else:
            out += data[i + 1 : i + 2] * (257 - n)
            i += 2
        if len(out) >= _STEP:
            meter.add(len(out))
            yield bytes(out)
            out.clear()
    meter.add(len(out))
    yield bytes(out)


def _shrink(source: Iterable[bytes | memoryview], f: str) -> Iterator[bytes]:
    """ASCIIHex/ASCII85: the output is smaller than the input, which was counted (or is the file's)."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    decode: Callable[[bytes], bytes] = ascii85decode if f == "ASCII85Decode" else asciihexdecode
    try:
        yield decode(b"".join(source))
    except ValueError:
        return


def _is_zlib(head: bytes) -> bool:
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _chain(value: object) -> list[str] | None:
    """A /Filter value as filter names (aliases resolved); None when it is given indirectly."""
    if value is None:
        return []
    if isinstance(value, str):
        return [_ALIASES.get(value, value)]
    if isinstance(value, list):
        return [_ALIASES.get(v, v) for v in value if isinstance(v, str)]
    return None


def _dictionary(text: bytes) -> dict[str, object]:
    """The top-level /Filter, /Length and /Type of the stream dictionary `text` (`<< … >>`): a name, a
    list of names, an int, or `...` for anything else (an indirect reference); nested dictionaries are
    skipped. `{"Filter": ...}` (unknown) when `text` is not one whole dictionary."""
    tokens = list(_tokens(text))
    if not tokens or tokens[0] != b"<<":
        return {"Filter": ...}
    found: dict[str, object] = {}
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok == b"<<":
            depth += 1
        elif tok == b">>":
            depth -= 1
            if depth == 0:
                return found if i == len(tokens) else {"Filter": ...}
        elif depth == 1 and tok.startswith(b"/") and i < len(tokens):
            key = _name(tok)
            value, i = _value(tokens, i)
            if key in ("Filter", "Length", "Type") and key not in found:
                found[key] = value
    return {"Filter": ...}


def _value(tokens: list[bytes], i: int) -> tuple[object, int]:
    """The value that starts at tokens[i], and the index after it (a nested dictionary: nothing taken)."""
    tok = tokens[i]
    if tok == b"<<":
        return ..., i
    if tok.startswith(b"/"):
        return _name(tok), i + 1
    if tok == b"[":
        names: list[object] = []
        i += 1
        while i < len(tokens) and tokens[i] != b"]":
            names.append(_name(tokens[i]) if tokens[i].startswith(b"/") else ...)
            i += 1
        return names, i + 1
    if tok.isdigit():
        if i + 2 < len(tokens) and tokens[i + 1].isdigit() and tokens[i + 2] == b"R":
            return ..., i + 3  # an indirect reference
        return int(tok), i + 1
    return ..., i + 1


def _name(tok: bytes) -> str:
    raw = tok[1:]
    if b"#" in raw:
        raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return raw.decode("latin-1")


def _tokens(text: bytes) -> Iterator[bytes]:
    """PDF tokens of a dictionary: `<<`, `>>`, `[`, `]`, names, numbers and words; a string is `()`, a
    hex string `<>`; comments are skipped."""
    i, n = 0, len(text)
    while i < n:
        c = text[i : i + 1]
        if c in (b" ", b"\t", b"\r", b"\n", b"\f", b"\0"):
            i += 1
        elif text.startswith((b"<<", b">>"), i):
            yield text[i : i + 2]
            i += 2
        elif c in (b"[", b"]"):
            yield c
            i += 1
        elif c == b"(":
            yield b"()"
            i = _skip_string(text, i)
        elif c == b"<":
            yield b"<>"
            close = text.find(b">", i)
            i = n if close < 0 else close + 1
        elif c == b"%":
            eol = re.compile(rb"[\r\n]").search(text, i)
            i = n if eol is None else eol.end()
        else:
            j = i + 1
            while j < n and text[j] not in _DELIMITERS and text[j] not in _WHITE:
                j += 1
            yield text[i:j]
            i = j


def _skip_string(text: bytes, i: int) -> int:
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _encrypted(data: bytes) -> bool:
    if b"/Encrypt" in data:
        return True
    return any(_name(m.group(0)) == "Encrypt" for m in _ESCAPED_ENCRYPT.finditer(data) if b"#" in m.group(0))


def _encrypted_pass(data: bytes, meter: _Meter) -> bool:
    """The stream objects of an encrypted PDF that opens without a password, decrypted and measured;
    False when its cross-reference table cannot be read without rebuilding it."""
    from pdfminer.pdfdocument import PDFDocument, PDFNoValidXRef
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="", fallback=False)
    except PDFNoValidXRef:
        return False
    except Exception:  # a password is needed, or the file is damaged: pdfplumber says which
        return True
    decipher = document.decipher
    if decipher is None:
        return True
    view = memoryview(data)
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                in_stream, offset, genno = xref.get_pos(objid)
            except KeyError:
                continue
            if in_stream is not None or not 0 <= offset < len(data):  # no stream lives in an object stream
                continue
            found = _stream_at(data, offset)
            if found is None:
                continue
            entries, start, end = found
            if entries.get("Type") == "XRef":  # never encrypted: measured in the raw pass
                continue
            chain = _chain(entries.get("Filter"))
            if chain is not None and chain and chain[0] not in _EXPANDING | _SHRINKING:
                continue  # an image (DCT, JPX, ...): no reader expands it to read text
            try:
                plain = decipher(objid, genno, _aligned(view[start:end]), {})
            except Exception:  # noqa: S112 - undecryptable: pdfminer cannot read it either
                continue
            meter.deadline.check(meter.name)
            _measure(memoryview(plain), 0, len(plain), _chain_of(entries, plain[:2]), meter)
    return True


def _stream_at(data: bytes, offset: int) -> tuple[dict[str, object], int, int] | None:
    """(dictionary, data start, data end) of the stream object at `offset`; None if it is no stream."""
    close = data.find(b"endobj", offset)
    m = _STREAM.search(data, offset, len(data) if close < 0 else close)
    if m is None:
        return None
    opened = data.find(b"obj", offset, m.start())
    if opened < 0:
        return None
    entries = _dictionary(data[opened + 3 : m.start()])
    end = data.find(b"endstream", m.end())
    return entries, m.end(), len(data) if end < 0 else end


def _aligned(raw: memoryview) -> bytes:
    """Ciphertext without the end-of-line before `endstream` (AES needs whole 16-byte blocks)."""
    data = bytes(raw)
    if data.endswith(b"\r\n"):
        data = data[:-2]
    elif data.endswith((b"\n", b"\r")):
        data = data[:-1]
    return data

"""A .docx's ZIP checked against `Limits` before python-docx opens it: nothing is inflated unbounded.

In order, each step bounded by the ones before it:
1. the end record: how many members the central directory holds and how large it is (zipfile would
   build a `ZipInfo` for each, so a million-member directory is refused before it is read);
2. the directory: member count, the sum of the sizes the members declare, encrypted members and
   compression methods other than stored/deflate;
3. every member inflated in 1 MiB steps with its output discarded: it must inflate to exactly the size
   it declares (its CRC matching) and no further. `zipfile` stops *returning* data at the declared size,
   but `ZipFile.read` asks zlib for up to 1 GiB in one call, so a member that lies about its size
   still costs a gigabyte there: verified here, python-docx's later reads cost what was declared;
4. the XML parts (sniffed by their first bytes, whatever their names): none larger than
   `max_xml_bytes`, none with a DOCTYPE (a .docx has none; entities are where XML bombs live).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from ontology.errors import InputError

from .limits import Budget, Limits, refuse

_STEP = 1024 * 1024
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_LOCAL = b"PK\x03\x04"
_DIRECTORY_ENTRY = 1024  # bytes of central directory allowed per member (an entry is 46 + its name)


def check_docx(data: bytes, name: str, limits: Limits, deadline: Budget) -> None:
    """Refuse (InputError) a .docx that would cost more than `limits` to open; return if it is safe."""
    entries, directory = _end_record(data, name)
    if entries > limits.max_zip_members or directory > limits.max_zip_members * _DIRECTORY_ENTRY:
        what = f"its ZIP directory lists {entries:,} members in {directory:,} bytes, more than allowed"
        raise refuse(name, what, "max_zip_members", limits.max_zip_members, "members")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise InputError(f"{name}: a ZIP file that is not a readable .docx document ({exc}).") from exc
    if len(members) > limits.max_zip_members:
        what = f"its ZIP holds {len(members):,} members"
        raise refuse(name, what, "max_zip_members", limits.max_zip_members, "members")
    declared = sum(m.file_size for m in members)
    if declared > limits.max_inflated_bytes:
        what = f"its members declare {declared:,} bytes uncompressed"
        raise refuse(name, what, "max_inflated_bytes", limits.max_inflated_bytes, "bytes")
    for member in members:
        if member.flag_bits & 0x1:
            raise InputError(
                f"{name}: the .docx member {member.filename!r} is encrypted; supply an unprotected copy."
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(
                f"{name}: the .docx member {member.filename!r} uses ZIP compression method "
                f"{member.compress_type}, which Word never writes; not a readable .docx document."
            )
    for member in members:
        deadline.check(name)
        _check_member(data, member, name, limits, deadline)


def _end_record(data: bytes, name: str) -> tuple[int, int]:
    """(members, central directory bytes) as the end record (or its ZIP64 version) declares them."""
    at = data.rfind(_END, max(0, len(data) - 22 - 0xFFFF))
    if at < 0 or len(data) < at + 22:
        raise InputError(f"{name}: a ZIP file that is not a readable .docx document (no ZIP directory).")
    entries, directory = struct.unpack("<HI", data[at + 10 : at + 16])
    locator = at - 20
    if locator >= 56 and data[locator : locator + 4] == _END64_LOCATOR:
        record = data[locator - 56 : locator]
        if record[:4] == b"PK\x06\x06":
            entries64, directory64 = struct.unpack("<QQ", record[32:48])
            entries, directory = max(entries, entries64), max(directory, directory64)
    return entries, directory


def _check_member(data: bytes, member: zipfile.ZipInfo, name: str, limits: Limits, deadline: Budget) -> None:
    what = f"the .docx member {member.filename!r}"
    size = crc = 0
    try:
        for out in _inflated(_raw(data, member, name), member.compress_type == zipfile.ZIP_DEFLATED):
            if not size:
                _check_head(out[:4096], member, name, limits)
            size += len(out)
            if size > member.file_size:
                raise InputError(
                    f"{name}: {what} inflates to more than the {member.file_size:,} bytes it declares "
                    "(a ZIP bomb?); not read."
                )
            crc = zlib.crc32(out, crc)
            deadline.check(name)
    except zlib.error as exc:
        raise InputError(f"{name}: {what} is damaged ({exc}); not a readable .docx document.") from exc
    if size != member.file_size or crc != member.CRC:
        raise InputError(
            f"{name}: {what} does not inflate to the {member.file_size:,} bytes (and CRC) its header "
            f"declares (got {size:,} bytes); a damaged .docx document."
        )


def _inflated(raw: memoryview, deflated: bool) -> Iterator[bytes]:
    """The member's bytes in pieces of at most 1 MiB; zlib.error when its deflate stream is cut short."""
    if not deflated:
        for pos in range(0, len(raw), _STEP):
            yield bytes(raw[pos : pos + _STEP])
        return
    inflater = zlib.decompressobj(-15)
    for pos in range(0, len(raw), _STEP):
        pending: bytes | memoryview = raw[pos : pos + _STEP]
        while not inflater.eof:
            out = inflater.decompress(pending, _STEP)
            pending = inflater.unconsumed_tail
            if out:
                yield out
            elif not pending:
                break  # this piece is used up: the next one
        if inflater.eof:
            return
    raise zlib.error("the deflate stream ends before its end mark")


def _check_head(head: bytes, member: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    """An XML part (whatever its name: python-docx goes by content type): its size, and no DOCTYPE."""
    text = _xml_head(head)
    if text is None:
        return
    if member.file_size > limits.max_xml_bytes:
        what = f"the XML part {member.filename!r} is {member.file_size:,} bytes uncompressed"
        raise refuse(name, what, "max_xml_bytes", limits.max_xml_bytes, "bytes")
    if "<!doctype" in text.lower() or "<!entity" in text.lower():
        raise InputError(
            f"{name}: the XML part {member.filename!r} declares a DOCTYPE (entities), which a .docx never "
            "has; not read."
        )


def _xml_head(head: bytes) -> str | None:
    """The start of an XML part as text (UTF-8, UTF-16 or UTF-32, with or without a BOM); None if not XML."""
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):  # fmt: skip
        if head.startswith(bom):
            return _xml_text(head[len(bom) :], enc)
    if head.startswith(b"<\x00\x00\x00"):
        return _xml_text(head, "utf-32-le")
    if head.startswith(b"\x00\x00\x00<"):
        return _xml_text(head, "utf-32-be")
    if head.startswith(b"<\x00"):
        return _xml_text(head, "utf-16-le")
    if head.startswith(b"\x00<"):
        return _xml_text(head, "utf-16-be")
    return _xml_text(head.removeprefix(b"\xef\xbb\xbf"), "latin-1")


def _xml_text(head: bytes, encoding: str) -> str | None:
    text = head[: len(head) - len(head) % 4].decode(encoding, errors="replace").lstrip()
    return text if text.startswith("<") else None


def _raw(data: bytes, member: zipfile.ZipInfo, name: str) -> memoryview:
    """The member's compressed bytes, where `zipfile` reads them (after its local header)."""
    at = member.header_offset
    local = data[at : at + 30]
    if len(local) < 30 or local[:4] != _LOCAL:
        raise InputError(f"{name}: a ZIP file that is not a readable .docx document (bad local header).")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    start = at + 30 + name_len + extra_len
    raw = memoryview(data)[start : start + member.compress_size]
    if len(raw) < member.compress_size:
        raise InputError(f"{name}: a ZIP file that is not a readable .docx document (truncated).")
    return raw


def _is_xml(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<") or head.startswith((b"\xff\xfe<", b"\xfe\xff\x00<"))

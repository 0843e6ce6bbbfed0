"""Generate the hostile-input corpus (tests/data/hostile/): 200+ files that must be refused clearly or
parsed correctly, never crash, never half-write. Deterministic (seeded), so the corpus is reproducible:

    .venv/bin/python tests/data/make_hostile.py [OUT_DIR]
"""

from __future__ import annotations

import codecs
import hashlib
import random
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "data" / "sample" / "shandong-2022-platform-economy-opinion.txt").read_text(encoding="utf-8")
PARA = "一、重点任务\n（一）推进平台建设。加快建设数据平台。（牵头单位：省大数据局，配合单位：省财政厅）\n"


def corpus() -> dict[str, bytes]:
    rng = random.Random(20261127)
    files: dict[str, bytes] = {}
    files["empty.txt"] = b""
    files["spaces.txt"] = b"   \n\t \r\n"
    files["bom-only.txt"] = codecs.BOM_UTF8
    for i in range(10):
        files[f"binary-{i}.txt"] = bytes(rng.randrange(256) for _ in range(rng.randint(10, 5000)))
    files["pdf-renamed.txt"] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256))
    files["png-renamed.txt"] = b"\x89PNG\r\n\x1a\n" + bytes(300)
    files["zip-not-docx.docx"] = b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(500))
    files["elf.txt"] = b"\x7fELF\x02\x01\x01" + bytes(200)
    gbk = SAMPLE.encode("gbk")
    for i, cut in enumerate([1, 2, 3, 101, 1001, 5001, len(gbk) - 1]):
        files[f"truncated-gbk-{i}.txt"] = gbk[:cut]
    for i in range(5):
        a = rng.randrange(100, 3000)
        files[f"mixed-utf8-gbk-{i}.txt"] = SAMPLE[:a].encode("utf-8") + SAMPLE[a : a + 2000].encode("gbk")
    files["utf16-le-bom.txt"] = codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le")
    files["utf16-be-bom.txt"] = codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be")
    files["utf16-le.txt"] = SAMPLE.encode("utf-16-le")
    files["utf16-be.txt"] = SAMPLE.encode("utf-16-be")
    files["utf16-odd-length.txt"] = SAMPLE.encode("utf-16-le")[:-1]
    files["utf32-bom.txt"] = codecs.BOM_UTF32_LE + SAMPLE[:500].encode("utf-32-le")
    files["nul-in-text.txt"] = (PARA[:20] + "\x00" + PARA[20:]).encode("utf-8")
    files["controls.txt"] = ("".join(chr(c) for c in range(1, 32)) * 3 + PARA).encode("utf-8")
    files["zero-width.txt"] = PARA.replace("省", "省\u200b").replace("牵头", "牵\u200d头").encode("utf-8")
    files["bidi.txt"] = ("\u202e" + PARA + "\u202c" + "\u2066省财政厅\u2069").encode("utf-8")
    files["ten-mb-line.txt"] = ("推进平台经济发展，加强数据共享" * 40 + "。（省商务厅负责）").encode("utf-8") * 3000
    files["html-script.html"] = (
        "<html><body><script>alert(1)</script><p>一、任务</p><p>（一）甲。做好甲。（<b>省商务厅</b>负责）</p>"
        "<img src=x onerror=alert(1)></body></html>"
    ).encode("utf-8")
    files["html-payload-in-name.txt"] = (PARA.replace("省大数据局", "<img src=x onerror=alert(1)>局")).encode("utf-8")
    files["script-in-title.txt"] = ("<script>alert(1)</script>关于测试的通知\n" + PARA).encode("utf-8")
    files["cypher-looking.txt"] = (PARA.replace("省财政厅", "省财政厅'}) DETACH DELETE n //")).encode("utf-8")
    files["cypher-in-title.txt"] = ("'}) MATCH (n) DETACH DELETE n //关于的通知\n" + PARA).encode("utf-8")
    files["brackets-never-close.txt"] = ("（" * 500 + PARA + "(" * 500).encode("utf-8")
    files["brackets-never-open.txt"] = ("）" * 500 + PARA + ")" * 500).encode("utf-8")
    files["deep-nesting.txt"] = ("（" * 5000 + "省商务厅负责" + "）" * 5000 + "\n" + PARA).encode("utf-8")
    files["only-numbering.txt"] = "\n".join(f"{i}." for i in range(1, 2000)).encode("utf-8") + "一、".encode()
    files["huge-attribution.txt"] = ("一、任务\n（一）甲。（" + "、".join(f"省部门{i}局" for i in range(3000)) + "负责）").encode()
    files["many-tasks.txt"] = ("一、任务\n" + "".join(f"{i}.任务{i}。做好。（省商务厅负责）\n" for i in range(1, 3001))).encode()
    files["latin1.txt"] = "Ministère des Finances - politique d'été".encode("latin-1")
    files["emoji.txt"] = ("🚀" * 100 + PARA + "🔥").encode("utf-8")
    files["surrogates.txt"] = b"\xed\xa0\x80\xed\xb0\x80" + PARA.encode("utf-8")
    files["crlf.txt"] = PARA.replace("\n", "\r\n").encode("utf-8")
    files["cr-only.txt"] = PARA.replace("\n", "\r").encode("utf-8")
    files["fullwidth-digits.txt"] = PARA.replace("（一）", "１．").encode("utf-8")
    # random mutations of the real sample: deleted, duplicated and swapped bytes
    base = SAMPLE.encode("utf-8")
    for i in range(120):
        data = bytearray(base)
        for _ in range(rng.randint(1, 40)):
            op = rng.randrange(4)
            pos = rng.randrange(len(data))
            if op == 0:
                del data[pos : pos + rng.randint(1, 50)]
            elif op == 1:
                data[pos:pos] = data[pos : pos + rng.randint(1, 50)]
            elif op == 2:
                data[pos] = rng.randrange(256)
            else:
                data[pos:pos] = rng.choice(["（", "）", "(", ")", "、", "：", "牵头", "负责", "\n", "一、", "1."]).encode()
        files[f"mutated-{i:03d}.txt"] = bytes(data)
    for i in range(30):
        text = "".join(rng.choice("（）()、，,：:。牵头配合负责省市局厅委\n一二三1.") for _ in range(rng.randint(1, 3000)))
        files[f"punctuation-soup-{i:02d}.txt"] = text.encode("utf-8")
    files["nul-in-title.txt"] = ("关于\x00推进\x01平台\x7f经济\x9f的通知\n" + PARA).encode("utf-8")
    files.update(bombs())
    return files


# ---- inputs that expand: each must be refused before it is expanded (tests/ingest/test_limits.py) ----

MIB = 1 << 20
GIB = 1 << 30
_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="' + _W + b'"><w:body>'
_DOC_TAIL = b"</w:body></w:document>"
_DOC_PARA = "<w:p><w:r><w:t>推进平台建设，加快建设数据平台。</w:t></w:r></w:p>".encode()


def _deflate(pieces: list[tuple[bytes, int]], zlib_header: bool = False) -> tuple[bytes, int, int]:
    """`piece * times` for each (piece, times) deflated without ever holding the inflated data: after a
    full flush a piece compresses to the same bytes every time. -> (compressed, inflated size, crc32);
    `zlib_header`: the zlib format (a PDF's /FlateDecode) instead of raw deflate (a ZIP member)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    out: list[bytes] = []
    size, crc, adler = 0, 0, 1
    for piece, times in pieces:
        out.append((co.compress(piece) + co.flush(zlib.Z_FULL_FLUSH)) * times)
        size += len(piece) * times
        if zlib_header:
            once = zlib.adler32(piece)
            for _ in range(times):
                adler = _adler32_combine(adler, once, len(piece))
        else:
            for _ in range(times):
                crc = zlib.crc32(piece, crc)
    out.append(co.flush())
    data = b"".join(out)
    if zlib_header:
        data = b"\x78\xda" + data + struct.pack(">I", adler)
    return data, size, crc


def _adler32_combine(adler1: int, adler2: int, len2: int) -> int:
    """zlib's adler32_combine: the Adler-32 of A + B from those of A and B (B `len2` bytes long)."""
    base = 65521
    rem = len2 % base
    a = ((adler1 & 0xFFFF) + (adler2 & 0xFFFF) + base - 1) % base
    b = (rem * (adler1 & 0xFFFF) + (adler1 >> 16) + (adler2 >> 16) + base - rem) % base
    return a | (b << 16)


def _stored(data: bytes) -> tuple[bytes, int, int]:
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush(), len(data), zlib.crc32(data)


def _zip(members: list[tuple[str, tuple[bytes, int, int]]], flags: int = 0) -> bytes:
    """A ZIP archive written by hand from (name, (deflated data, declared size, crc)), so that a header
    can lie; `flags` go on the last member (bit 0: encrypted)."""
    out = bytearray()
    central = bytearray()
    for i, (name, (data, size, crc)) in enumerate(members):
        n = name.encode()
        f = flags if i == len(members) - 1 else 0
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, f, 8, 0, 0x21, crc, len(data), size, len(n), 0)
        out += n + data
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, f, 8, 0, 0x21, crc, len(data), size, len(n), 0, 0, 0, 0, 0,
            offset,
        )
        central += n
    n = len(members)
    return bytes(out + central + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, n, n, len(central), len(out), 0))


def _docx(document: tuple[bytes, int, int], *extra: tuple[str, tuple[bytes, int, int]], flags: int = 0) -> bytes:
    parts = [("[Content_Types].xml", _stored(_CONTENT_TYPES)), ("_rels/.rels", _stored(_RELS)), *extra]
    return _zip([*parts, ("word/document.xml", document)], flags)


def _pdf(stream_dict: bytes, data: bytes, xref: bool = True, trailer: bytes = b"") -> bytes:
    """A one-page PDF whose page content is `data` under `stream_dict` (the /Length is added)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< " + stream_dict + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    at = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, trailer, at)
    return bytes(out)


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for k, byte in enumerate(data):
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out[k] = byte ^ s[(s[i] + s[j]) % 256]
    return bytes(out)


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _encrypted_pdf(content: bytes) -> bytes:
    """`content` (a Flate stream) in a PDF encrypted with an owner password only (RC4 40-bit, R2): it
    opens without a password, but the stream's bytes on disk are ciphertext."""
    doc_id = b"0123456789abcdef"
    owner = _rc4(hashlib.md5(_PAD).digest()[:5], _PAD)  # owner password "" too: any reader opens it
    key = hashlib.md5(_PAD + owner + struct.pack("<i", -4) + doc_id).digest()[:5]
    user = _rc4(key, _PAD)
    obj_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\0\0").digest()[:10]
    encrypt = b"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <%s> /U <%s> >> /ID [<%s> <%s>] " % (
        owner.hex().encode(), user.hex().encode(), doc_id.hex().encode(), doc_id.hex().encode(),
    )
    return _pdf(b"/Filter /FlateDecode", _rc4(obj_key, content), trailer=encrypt)


def bombs() -> dict[str, bytes]:
    """Small files that expand to gigabytes (or are otherwise built to cost memory or time)."""
    paras = _DOC_PARA * (MIB // len(_DOC_PARA))
    big_xml = _deflate([(_DOC_HEAD, 1), (paras, 1100), (_DOC_TAIL, 1)])  # ~1.1 GiB declared, honestly
    zeros = bytes(MIB)
    files: dict[str, bytes] = {}
    files["bomb-docx-1gib-member.docx"] = _docx(big_xml)
    lying = (big_xml[0], 64 * 1024, big_xml[2])  # declares 64 KiB, inflates to 1.1 GiB; CRC of all of it
    files["bomb-docx-lying-size.docx"] = _docx(lying)
    prefix = _DOC_HEAD + paras
    lying_prefix = (big_xml[0], 64 * 1024, zlib.crc32(prefix[: 64 * 1024]))  # CRC of the declared prefix
    files["bomb-docx-lying-size-crc.docx"] = _docx(lying_prefix)
    ok_doc = _stored(_DOC_HEAD + _DOC_PARA + _DOC_TAIL)
    tiny = _stored(b"x")
    files["bomb-docx-many-members.docx"] = _docx(ok_doc, *((f"word/media/m{i}.bin", tiny) for i in range(5000)))
    forty = _deflate([(zeros, 40)])  # 40 members of 40 MiB each: none large, 1.6 GiB together
    files["bomb-docx-many-parts.docx"] = _docx(ok_doc, *((f"word/media/p{i}.bin", forty) for i in range(40)))
    entities = b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(9))
    laughs = b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "' + "啊".encode() * 10 + b'">' + entities + b"]>"
    files["bomb-docx-entities.docx"] = _docx(
        _stored(laughs + b'<w:document xmlns:w="' + _W + b'"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p>' + _DOC_TAIL)
    )
    deep = _deflate(
        [(_DOC_HEAD, 1), (b"<w:sdt><w:sdtContent>" * 1000, 100), (_DOC_PARA, 1),
         (b"</w:sdtContent></w:sdt>" * 1000, 100), (_DOC_TAIL, 1)]
    )  # fmt: skip
    files["bomb-docx-deep-nesting.docx"] = _docx(deep)
    files["bomb-docx-encrypted-member.docx"] = _docx(ok_doc, flags=1)
    content = _deflate([(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n", 1), (zeros, 1024)], zlib_header=True)[0]
    files["bomb-pdf-flate-1gib.pdf"] = _pdf(b"/Filter /FlateDecode", content)
    twice = zlib.compress(content, 9)
    files["bomb-pdf-flate-twice.pdf"] = _pdf(b"/Filter [/FlateDecode /FlateDecode]", twice)
    objstm = _deflate([(b"5 0 ", 1), (zeros, 1024)], zlib_header=True)[0]  # found by a reader's xref repair
    files["bomb-pdf-object-stream.pdf"] = _pdf(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", objstm, xref=False)
    small = _deflate([(b"BT ET\n", 1), (zeros, 300)], zlib_header=True)[0]  # 300 MiB: over the limit
    files["bomb-pdf-encrypted.pdf"] = _encrypted_pdf(small)
    cell = "推进平台建设" * 200  # 1,200 characters, repeated into every cell the merged cell covers
    files["bomb-html-merged-cell.html"] = (
        "<html><body><table><tr><td rowspan=500 colspan=500>" + cell + "</td></tr>" + "<tr></tr>" * 499
        + "</table></body></html>"
    ).encode("utf-8")  # 250,000 cells of 1,200 characters from 10 kB
    span_row = '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>'
    files["bomb-docx-grid-span.docx"] = _docx(
        _stored(_DOC_HEAD + _DOC_PARA + b"<w:tbl>" + span_row.encode() + b"</w:tbl>" + _DOC_TAIL)
    )  # a cell spanning a billion columns: python-docx would yield it a billion times
    files["bomb-html-deep-nesting.html"] = (
        "<html><body>" + "<div>" * 200_000 + "<p>关于推进平台建设的通知</p>" + "</div>" * 200_000 + "</body></html>"
    ).encode("utf-8")
    return files


def big_html(size: int = 45 * MIB) -> bytes:
    """A government-looking page of about `size` bytes (paragraphs and table rows)."""
    row = "<tr><td>1</td><td>推进平台建设，加快建设数据平台</td><td>省大数据局</td></tr>".encode()
    para = "<p>（一）推进平台建设。加快建设数据平台，完善数据共享机制。（牵头单位：省大数据局）</p>".encode()
    block = para * 20 + b"<table>" + row * 20 + b"</table>"
    head = "<!DOCTYPE html><html><head><title>关于推进平台经济发展的实施意见</title></head><body>".encode()
    return head + block * (size // len(block)) + b"</body></html>"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "hostile"
    out.mkdir(parents=True, exist_ok=True)
    files = corpus()
    for name, data in files.items():
        (out / name).write_bytes(data)
    print(f"wrote {len(files)} files to {out}")


if __name__ == "__main__":
    main()

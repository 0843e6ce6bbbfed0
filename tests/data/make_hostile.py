"""Generate the hostile-input corpus (tests/data/hostile/): 200+ files that must be refused clearly or
parsed correctly, never crash, never half-write. Deterministic (seeded), so the corpus is reproducible:

    .venv/bin/python tests/data/make_hostile.py [OUT_DIR]
"""

from __future__ import annotations

import codecs
import random
import sys
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
    return files


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "hostile"
    out.mkdir(parents=True, exist_ok=True)
    files = corpus()
    for name, data in files.items():
        (out / name).write_bytes(data)
    print(f"wrote {len(files)} files to {out}")


if __name__ == "__main__":
    main()

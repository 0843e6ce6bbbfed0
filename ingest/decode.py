"""Bytes -> text, in a fixed order: BOM -> strict UTF-8 -> strict GB18030 -> detector.

Also reads `.docx` (`ingest.docx_text`), `.html` saved from a government site and PDF (`ingest.pdf_text`),
each bounded by `ingest.limits.Limits` before anything in it is expanded, and checking its `Budget`.
Control characters (C0 and C1, except TAB, LF, CR and FF) are removed from every format's text here,
after the refusal of text that is mostly control characters (binary): `Decoded.text` is the text that
every span of the extraction indexes. Every refusal is an `InputError` with a message a person can act
on; nothing here returns half a document.
"""

from __future__ import annotations

import bisect
import codecs
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ontology.errors import InputError

from .limits import DEFAULT_LIMITS, Budget, Limits, budget_for, refuse

MAX_BYTES = DEFAULT_LIMITS.max_bytes  # kept for callers: the default of Limits.max_bytes
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# frequent characters and punctuation of Chinese prose: ASCII bytes misread as UTF-16 seldom give them
_COMMON = frozenset(
    "，。、；：的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# C0 controls other than TAB, LF, CR, FF; DEL; C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "a legacy Office (.doc/.xls) file; save it as .docx or .txt",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    page_starts: tuple[int, ...] = ()  # a PDF's: where each page begins in `text`


# what a folder scan reads (a file named directly is read whatever its name)
SUFFIXES = frozenset({".txt", ".text", ".md", ".docx", ".html", ".htm", ".xhtml", ".shtml", ".pdf"})


def read_document(
    path: Path,
    max_bytes: int | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    deadline: Budget | None = None,
) -> Decoded:
    """Read a .txt/.docx/.html/.pdf file into text (refusing what is not a policy text or is over `limits`;
    `deadline`: the document's time budget, shared with its extraction; default: `limits.max_seconds`)."""
    limits = _with_max_bytes(limits, max_bytes)
    return decode_bytes(read_bytes(path, limits), name=path.name, limits=limits, deadline=deadline)


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A regular file's bytes, its size checked against `limits.max_bytes` before it is read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc}).") from exc
    if not path.is_file():
        raise InputError(f"{path}: not a regular file.")
    if size > limits.max_bytes:
        raise InputError(
            f"{path}: {size:,} bytes is larger than the limit of {limits.max_bytes:,} bytes "
            "(Limits.max_bytes)."
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc}).") from exc


def decode_bytes(
    data: bytes,
    name: str = "document",
    max_bytes: int | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    deadline: Budget | None = None,
) -> Decoded:
    """`data` (a file's bytes) as text; `name` is the file name the messages use."""
    limits = _with_max_bytes(limits, max_bytes)
    budget = budget_for(limits, deadline)
    if len(data) > limits.max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is larger than the limit of {limits.max_bytes:,} bytes "
            "(Limits.max_bytes)."
        )
    if not data.strip():
        raise InputError(f"{name}: the file is empty.")
    budget.check(name)
    decoded = _decode(data, name, limits, budget)
    _check_text(decoded.text, name)
    if len(decoded.text) > limits.max_text_chars:
        what = f"its text runs to {len(decoded.text):,} characters"
        raise refuse(name, what, "max_text_chars", limits.max_text_chars, "characters")
    budget.check(name)
    return strip_controls(decoded)


def _with_max_bytes(limits: Limits, max_bytes: int | None) -> Limits:
    return limits if max_bytes is None else dataclasses.replace(limits, max_bytes=max_bytes)


def _decode(data: bytes, name: str, limits: Limits, budget: Budget) -> Decoded:
    if data.startswith(b"PK\x03\x04"):
        from .docx_text import docx_to_text

        return Decoded(docx_to_text(data, name, limits, budget), "docx")
    if data[:1024].lstrip().startswith(b"%PDF"):
        from .pdf_text import pdf_to_text

        text, pages = pdf_to_text(data, name, limits=limits, deadline=budget)
        return Decoded(text, "pdf", tuple(pages))
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not a text or .docx policy document.")
    decoded = _decode_text(data, name)
    if _looks_like_html(decoded.text, name):
        from .html_text import html_to_text

        text = html_to_text(decoded.text, name, limits=limits, deadline=budget)
        decoded = Decoded(text, decoded.encoding + "+html")
    return decoded


def strip_controls(decoded: Decoded) -> Decoded:
    """`decoded` without its control characters (TAB, LF, CR and FF kept), its page starts moved with
    the text; the same object when there are none."""
    removed = [m.start() for m in _CONTROL.finditer(decoded.text)]
    if not removed:
        return decoded
    pages = tuple(start - bisect.bisect_left(removed, start) for start in decoded.page_starts)
    return Decoded(_CONTROL.sub("", decoded.text), decoded.encoding, pages)


def _decode_text(data: bytes, name: str) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(enc), enc + "-bom")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc}."
                ) from exc
    utf16 = _guess_utf16(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if data.count(0) > max(8, len(data) // 1000):
        raise InputError(f"{name}: binary data (NUL bytes); expected a UTF-8/GBK text or a .docx file.")
    for enc in ("utf-8", "gb18030"):
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeDecodeError:
            pass
    # a few damaged bytes in an otherwise valid UTF-8 text: keep the text, mark the damage visibly
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if damaged <= max(3, len(data) // 100):
        return Decoded(text, f"utf-8 ({damaged} undecodable bytes replaced by U+FFFD)")
    # GB18030 with damage, or UTF-8 and GBK parts pasted together: line by line (GB18030 is never
    # decoded "with replacement" as a whole: UTF-8 bytes would silently turn into wrong characters)
    mixed = _decode_lines(data)
    if mixed is not None:
        return mixed
    return _detect(data, name)


def _decode_lines(data: bytes) -> Decoded | None:
    """Files pasted together from UTF-8 and GBK parts: each line in the encoding that reads it."""
    lines = []
    damaged = 0
    raws = data.split(b"\n")
    for i, raw in enumerate(raws):
        tail = ""
        if i == len(raws) - 1:  # a file cut in the middle of its last character
            for cut in range(1, 4):
                if _decodes(raw) is None and _decodes(raw[:-cut]) is not None:
                    raw, tail = raw[:-cut], "\ufffd"
                    damaged += 1
                    break
        for enc in ("utf-8", "gb18030"):
            try:
                lines.append(raw.decode(enc) + tail)
                break
            except UnicodeDecodeError:
                continue
        else:  # a line of both: the visible U+FFFD of UTF-8, never silent GB18030 mojibake
            line = raw.decode("utf-8", errors="replace")
            damaged += line.count("\ufffd")
            lines.append(line)
    if damaged > max(3, len(data) // 100):
        return None
    suffix = f", {damaged} undecodable bytes replaced by U+FFFD" if damaged else ""
    return Decoded("\n".join(lines), f"utf-8/gb18030 mixed, per line{suffix}")


def _decodes(raw: bytes) -> str | None:
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs only in the high bytes (ASCII) and a decode that reads as text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:8000]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if even_nuls or odd_nuls:
        # ASCII characters put NULs in the high byte; CJK characters only rarely have a NUL byte
        candidates = ["utf-16-le", "utf-16-be"] if odd_nuls >= even_nuls else ["utf-16-be", "utf-16-le"]
    else:
        for other in ("utf-8", "gb18030"):  # those are read first when they are valid
            try:
                data.decode(other)
                return None
            except UnicodeDecodeError:
                continue
        candidates = ["utf-16-le", "utf-16-be"]
    for enc in candidates:
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        visible = [c for c in text if not c.isspace()]
        han = len(_HAN.findall(text))
        common = sum(1 for c in text if c in _COMMON)
        plausible = han >= 8 and han > 0.3 * len(visible) and common >= max(2, 0.1 * han)
        if plausible and not _CONTROL.search(text):
            return enc
    return None


def _detect(data: bytes, name: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(
            f"{name}: the text is neither UTF-8 nor GBK/GB18030 and its encoding could not be detected "
            "(a truncated or mixed-encoding file?). Re-save it as UTF-8."
        )
    text = str(best)
    if len(_HAN.findall(text)) < 0.05 * max(1, len(text.strip())):
        raise InputError(
            f"{name}: decoded as {best.encoding} it holds almost no Chinese text; "
            "is it the right file? Re-save it as UTF-8."
        )
    return Decoded(text, f"{best.encoding} (detected)")


def _check_text(text: str, name: str) -> None:
    stripped = text.strip().replace("\ufeff", "")
    if not stripped:
        raise InputError(f"{name}: the file holds no text.")
    controls = len(_CONTROL.findall(text))
    if controls > max(16, 0.01 * len(text)):
        raise InputError(f"{name}: binary data ({controls} control characters); expected a policy text.")
    if not _HAN.search(text):
        raise InputError(f"{name}: no Chinese text found; policykg reads Chinese policy documents.")


def _looks_like_html(text: str, name: str) -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)

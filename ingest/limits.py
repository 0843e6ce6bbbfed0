"""What one document may cost, checked before anything in it is expanded.

`Limits` bounds the input (file size, ZIP members and their declared sizes, PDF streams inflated,
HTML nesting, text length); with the defaults one document costs well under 1 GB of memory on top of
the process's own. `Budget` bounds its wall time: decode and extraction call `check` between stages
and inside their long loops, and it raises when the document's time is up or its cancel event is set.
Every refusal is an `InputError` (`InputCancelledError` for a cancel) whose message names the file and
the limit, so a caller that catches `InputError` writes nothing of a document that was refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from ontology.errors import InputCancelledError, InputError

MIB = 1024 * 1024


class CancelEvent(Protocol):
    """What a `Budget` asks of its cancel event: `threading.Event`, or `multiprocessing.Event` for a
    document read in a worker process."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class Limits:
    """Bounds on one document. Sizes are bytes unless the name says otherwise."""

    max_bytes: int = 50 * MIB
    """The file as read (any format)."""
    max_zip_members: int = 2000
    """Members of a .docx (a long report with images has a few hundred)."""
    max_inflated_bytes: int = 256 * MIB
    """Sum of the sizes a .docx's members declare uncompressed (each is verified to inflate to exactly
    its declared size before python-docx reads it)."""
    max_xml_bytes: int = 24 * MIB
    """The largest XML part of a .docx, uncompressed: libxml2's tree of it costs 10-17 times that
    (23 MiB of one-character paragraphs: 385 MB)."""
    max_pdf_inflated_bytes: int = 256 * MIB
    """Sum of what every stream of a PDF inflates to (contents, fonts, images, object streams)."""
    max_pdf_pages: int = 2000
    """Pages of a PDF."""
    max_html_depth: int = 1000
    """Open elements nested in an HTML page (unclosed `<p>`, `<li>`, `<td>` … are closed as browsers
    close them); real pages nest below 100."""
    max_text_chars: int = 4_000_000
    """Characters of the decoded text (a policy document has 3,000-200,000)."""
    max_seconds: float = 120.0
    """Wall time to decode and extract one document (a `Budget` started from these limits)."""

    def budget(self, cancel: CancelEvent | None = None) -> Budget:
        """A `Budget` of `max_seconds` from now."""
        return Budget(self.max_seconds, cancel)


DEFAULT_LIMITS = Limits()


class Budget:
    """A document's time budget (and an optional cancel event), checked cooperatively.

    `check(name)` costs a clock read and an event test (well under a microsecond): cheap enough per
    paragraph, page or table row. One budget shared by decode and extraction bounds both together.
    """

    __slots__ = ("_end", "cancel", "seconds")

    def __init__(
        self, seconds: float = DEFAULT_LIMITS.max_seconds, cancel: CancelEvent | None = None
    ) -> None:
        self.seconds = seconds
        self.cancel = cancel
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def check(self, name: str) -> None:
        """Raise if the document `name` was cancelled or has used up its time."""
        if self.cancel is not None and self.cancel.is_set():
            raise InputCancelledError(f"{name}: reading the document was cancelled; nothing was written.")
        if time.monotonic() > self._end:
            raise InputError(
                f"{name}: reading the document took longer than {self.seconds:g} s "
                "(limit Limits.max_seconds); nothing was written. Split the document, or raise the limit."
            )


def budget_for(limits: Limits, deadline: Budget | None) -> Budget:
    """The budget a call works under: the caller's, else a fresh one of `limits.max_seconds`."""
    return deadline if deadline is not None else limits.budget()


def refuse(name: str, what: str, limit: str, value: float, unit: str) -> InputError:
    """The InputError for a document over a limit: the file, what was found, which limit and its value."""
    amount = f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return InputError(f"{name}: {what} (limit Limits.{limit} = {amount} {unit}); the document was not read.")

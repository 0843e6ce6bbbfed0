"""Text helpers shared by ingest and the layers above it (no registry, no data files): the matching key
`norm`, and full-width digits to ASCII."""

from __future__ import annotations

import re
import unicodedata

ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # ２０２４年: same length, offsets hold


def norm(text: str) -> str:
    """A matching key: NFKC (full-width -> ASCII), no white space, one kind of bracket."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")
    return re.sub(r"\s+", "", t)

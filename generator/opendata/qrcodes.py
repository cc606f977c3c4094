"""QR codes of the permanent addresses, for printed certificates and slides, drawn once and kept.

Imports nothing of the registry's.
"""

from __future__ import annotations

import hashlib
import io
import os
from functools import cache
from pathlib import Path

import segno


@cache
def qr_svg(url: str, title: str) -> str:
    """A QR code of the permanent address, as SVG, for printed certificates and slides.

    Drawn once per address and title in a process (``mkdocs serve`` rebuilds reuse it); see
    :func:`qr_svg_cached` for a cache that outlives the process."""
    buffer = io.BytesIO()
    # A fixed mask pattern: choosing the best of eight costs three times as long,
    # and readers decode any of them.
    segno.make(url, error="m", micro=False, mask=0).save(
        buffer, kind="svg", scale=4, border=4, title=title, svgclass=None, lineclass=None, xmldecl=True
    )
    return buffer.getvalue().decode("utf-8")


QR_CACHE_VERSION = "segno-m-mask0-scale4-border4-v1"
"""Part of every cache key: a change to how codes are drawn must not reuse codes drawn the old way."""


def qr_svg_cached(url: str, title: str, folder: Path | None) -> str:
    """The QR code from a folder of codes drawn by earlier builds, keyed by what it encodes and shows.

    The same address and title always give the same bytes, so a cached code is the code the build
    would draw; only the cost (about 1 ms a code, 40% of generating 10,000 label pages) goes.
    """
    if folder is None:
        return qr_svg(url, title)
    key = hashlib.sha256(f"{QR_CACHE_VERSION}\0{url}\0{title}".encode()).hexdigest()
    path = folder / key[:2] / f"{key}.svg"
    try:
        return path.read_text("utf-8")
    except OSError:
        pass
    svg = qr_svg(url, title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(svg, "utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written is no cache, not a failed build
    return svg

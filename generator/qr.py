"""QR codes on printed sheets, made only when a sheet is actually printed.

A sheet's HTML carries a placeholder naming the URL; the QR code (segno, inline
SVG) replaces it just before WeasyPrint renders. A sheet taken from the cache
therefore costs no QR encoding, which at district scale is most of the time
spent on unchanged sheets.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_PLACEHOLDER = re.compile(r"<!--qr:([^\s<>]+)-->")


def placeholder(url: str) -> Markup:
    return Markup(f"<!--qr:{escape(url)}-->")


def svg(url: str) -> str:
    """Without a fixed size: the stylesheet sets it."""
    import segno  # here, only when printing: with what it imports (urllib.request, ssl) some 25 ms at start

    return segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True)


def fill(html: str) -> str:
    return _PLACEHOLDER.sub(lambda match: svg(match.group(1)), html)

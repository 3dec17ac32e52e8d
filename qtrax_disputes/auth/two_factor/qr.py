"""The enrolment QR code as inline SVG, drawn here: no image service, no script, no CDN."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(uri: str, *, label: str) -> Markup:
    """An ``<svg>`` element for ``uri``: black on white whatever the page's colours, with a
    title a screen reader announces. Its content is path data made from the URI, never text
    from it, so it is safe to put in the page as markup."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=label, svgclass="qr-code", lineclass=None)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 (our SVG)

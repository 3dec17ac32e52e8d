"""Both parts of an email from one template name: templates/email/<name>.txt and .html.

Rendered when the message is queued, so what is stored is what leaves (apart from the sealed
links, which sealed.filled puts in at delivery). The HTML part is autoescaped like every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template


@dataclass(frozen=True)
class Rendered:
    text: str
    html: str


def render(name: str, **context) -> Rendered:
    return Rendered(text=render_template(f"email/{name}.txt", **context),
                    html=render_template(f"email/{name}.html", **context))


def html_of_text(text: str) -> str:
    """The HTML part of a message queued as plain text only: its paragraphs, escaped."""
    return render_template("email/plain.html",
                           paragraphs=[p for p in text.split("\n\n") if p.strip()])

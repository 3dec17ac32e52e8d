"""Read a page's table as a person reads it: rows of cell texts, by the table's caption."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False
        self._part = "tbody"

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append({"caption": "", "rows": [], "parts": []})
        elif not self._stack:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag in ("thead", "tbody", "tfoot"):
            self._part = tag
        elif tag == "tr":
            self._stack[-1]["rows"].append([])
            self._stack[-1]["parts"].append(self._part)
        elif tag in ("td", "th"):
            self._cell = []
        elif self._cell is not None and tag in ("div", "p", "br", "li", "details", "summary"):
            self._cell.append(" ")  # a block inside a cell starts a new line, read as a space

    def handle_endtag(self, tag):
        if not self._stack:
            return
        if tag == "table":
            self.tables.append(self._stack.pop())
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).replace("\xad", "")  # a soft hyphen is not read
            self._stack[-1]["rows"][-1].append(re.sub(r"\s+", " ", text).strip())
            self._cell = None
        elif self._cell is not None and tag == "summary":
            self._cell.append(" ")
        elif tag in ("thead", "tfoot"):
            self._part = "tbody"

    def handle_data(self, data):
        if self._in_caption:
            self._stack[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def table(html: str, caption: str) -> dict[str, list[list[str]]]:
    """The table whose caption starts with ``caption``: {"thead": rows, "tbody": …, "tfoot": …}."""
    parser = _Tables()
    parser.feed(html)
    for found in parser.tables:
        if found["caption"].strip().startswith(caption):
            parts: dict[str, list[list[str]]] = {"thead": [], "tbody": [], "tfoot": []}
            for part, row in zip(found["parts"], found["rows"], strict=True):
                parts[part].append(row)
            return parts
    raise AssertionError(f"No table captioned {caption!r} on the page.")

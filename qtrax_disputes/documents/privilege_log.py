"""The privilege log of a case: one set of rows, read as a page, a CSV and a PDF.

CPLR 3122(b): a party withholding a document as privileged states, for each one, the legal
ground for withholding it, the type of document, its general subject matter and its date, and
such other information as is sufficient to identify it (here: author, recipients, the file's
name and SHA-256). The page, the CSV and the PDF are all built from ``entries``, so what is
shown in the app is what is produced.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..costs.export import safe
from .models import TAGS, Document

TAG_LABELS = dict(TAGS)

# The CSV's columns, in the order of the page's and the PDF's.
HEADER = ["number", "date", "type", "subject_matter", "author", "recipients",
          "basis_of_privilege", "document", "sha256"]


@dataclass(frozen=True)
class Entry:
    """One document withheld, as the log states it."""

    number: int
    document_id: int
    doc_date: date | None
    type: str
    subject_matter: str
    author: str
    recipients: str
    ground: str
    name: str
    sha256: str
    # A later version or a withdrawn paper stays on the log: it was withheld all the same.
    supersedes_number: int | None
    deleted: bool


def entries(documents: Iterable[Document]) -> list[Entry]:
    """The log's rows, numbered in order; a version says which entry it revises."""
    listed = list(documents)
    number_of = {d.id: i for i, d in enumerate(listed, start=1)}
    return [Entry(number=number_of[d.id], document_id=d.id, doc_date=d.doc_date,
                  type=TAG_LABELS.get(d.tag, "Other"), subject_matter=d.description,
                  author=d.author, recipients=d.recipients, ground=d.privilege_basis,
                  name=d.original_name, sha256=d.sha256,
                  supersedes_number=number_of.get(d.supersedes_id) if d.supersedes_id else None,
                  deleted=d.deleted_at is not None)
            for d in listed]


def rows(log: Iterable[Entry]) -> list[list[str]]:
    return [[str(e.number), e.doc_date.isoformat() if e.doc_date else "", e.type,
             e.subject_matter, e.author, e.recipients, e.ground, e.name, e.sha256]
            for e in log]


def as_csv(log: Iterable[Entry]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(log):
        writer.writerow([safe(cell) for cell in row])
    return out.getvalue()


def as_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: only this export needs it

    return HTML(string=html).write_pdf()

"""The privilege log of a case, for production in the arbitration: CSV and PDF."""

from __future__ import annotations

import csv
import io

from ..costs.export import safe

HEADER = ["number", "date", "author", "recipients", "type", "basis_of_privilege",
          "document", "sha256"]


def rows(documents) -> list[list[str]]:
    return [[str(i), d.doc_date.isoformat() if d.doc_date else "", d.author, d.recipients,
             d.tag, d.privilege_basis, d.original_name, d.sha256]
            for i, d in enumerate(documents, start=1)]


def as_csv(documents) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(documents):
        writer.writerow([safe(cell) for cell in row])
    return out.getvalue()


def as_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: only this export needs it

    return HTML(string=html).write_pdf()

"""The weekly report as CSV (every table, one after another) and as PDF."""

from __future__ import annotations

import csv
import io

from ..costs.export import safe
from .present import tables


def as_csv(figures: dict) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Qtrax Disputes weekly report", figures["week"], figures["start"],
                     figures["end"]])
    for table in tables(figures, limit=None):
        writer.writerow([])
        writer.writerow([safe(table.title)])
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([safe(cell) for cell in row])
    return out.getvalue()


def as_pdf(html: str, stylesheet: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])

"""Every case the list's filters match, as CSV written row by row while it is sent."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from ..costs.export import safe
from .categories import label as category_label
from .workflow import STAGE_LABELS

HEADER = ["number", "filed_on", "complainant", "complainant_email", "category", "stage",
          "assigned_to", "next_deadline", "closed_on", "child_data", "possible_duplicate"]


def case_rows_csv(rows: Iterable) -> Iterator[str]:
    """Lines of CSV, the header first; each cell a spreadsheet will not read as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def line(cells) -> str:
        writer.writerow(cells)
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    yield "\ufeff" + line(HEADER)  # a BOM so spreadsheet programs read the text as UTF-8
    for case, assignee, next_due in rows:
        yield line([
            safe(case.number), case.filed_on.isoformat(), safe(case.complainant_name),
            safe(case.complainant_email), safe(category_label(case.category)),
            safe(STAGE_LABELS.get(case.stage, case.stage)),
            safe(assignee.display_name) if assignee else "",
            next_due.isoformat() if next_due else "",
            case.closed_on.isoformat() if case.closed_on else "",
            "yes" if case.is_child_data else "no",
            "yes" if case.possible_duplicate_of_id else "no",
        ])

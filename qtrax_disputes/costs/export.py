"""The ledger as CSV that opens cleanly in a spreadsheet, with no cell read as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .models import CostItem
from .queries import item_paid
from .schedules import COST_KIND_LABELS, STAGE_LABELS

HEADER = [
    "case", "incurred_on", "stage", "kind", "description", "currency", "amount",
    "claimant_share_pct", "claimant_amount", "claimant_paid", "claimant_outstanding",
    "respondent_amount", "respondent_paid", "respondent_outstanding", "rule", "source",
    "override_reason", "amount_mark", "amount_source",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value) -> str:
    """Text a spreadsheet will not run: a leading formula character gets a quote before it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def dollars(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def ledger_csv(items: Iterable[CostItem]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # a BOM so spreadsheet programs read the text as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for item in items:
        claimant, respondent = item.shares
        paid = item_paid(item)
        numbers = [dollars(item.amount_cents), item.percents[0],
                   dollars(claimant), dollars(paid["claimant"]),
                   dollars(claimant - paid["claimant"]), dollars(respondent),
                   dollars(paid["respondent"]), dollars(respondent - paid["respondent"])]
        writer.writerow([
            safe(item.case.number), item.incurred_on.isoformat(),
            safe(STAGE_LABELS.get(item.stage, item.stage)),
            safe(COST_KIND_LABELS.get(item.kind, item.kind)), safe(item.description),
            item.currency, *numbers, safe(item.rule_code), safe(item.rule_source),
            safe(item.override_reason),
            # Where a schedule priced the item, how sure its figure is (V, S, U) and its source.
            item.amount_mark, safe(item.amount_source),
        ])
    return out.getvalue()

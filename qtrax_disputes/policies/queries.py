"""The versions of the policy: the shipped ones with what the database adds to them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from qtrax_disputes.web.extensions import db

from .models import PolicyVersionRecord
from .shipped import SHIPPED
from .versions import ClauseRisk, DisputeClause, PolicyVersion, Promise, ordered


def _promises(data: list) -> tuple[Promise, ...]:
    return tuple(Promise(p["code"], p["title"], p["words"], tuple(p.get("categories", ())))
                 for p in data)


def _risks(data: list) -> tuple[ClauseRisk, ...]:
    return tuple(ClauseRisk(r["title"], r["words"], r["why"], r["mark"]) for r in data)


def _merged(record: PolicyVersionRecord, shipped: PolicyVersion | None) -> PolicyVersion:
    if shipped is not None:
        version = shipped.with_text(record.text or shipped.text)
        if record.clause is not None:
            version = replace(version, clause=DisputeClause.from_data(record.clause))
        return version
    return PolicyVersion(
        effective_on=record.effective_on, posted_on=record.posted_on, title=record.title,
        source=record.source, clause=DisputeClause.from_data(record.clause or {}),
        promises=_promises(record.promises or []), archived_on=record.archived_on,
        text=record.text, note=record.note, risks=_risks(record.risks or []))


def all_versions() -> list[PolicyVersion]:
    """Every version, oldest first (one query)."""
    shipped = {v.effective_on: v for v in SHIPPED}
    records = {r.effective_on: r for r in db.session.scalars(select(PolicyVersionRecord))}
    versions = [_merged(records[day], shipped.get(day)) if day in records else shipped[day]
                for day in set(shipped) | set(records)]
    return ordered(versions)


def record_for(effective_on: date) -> PolicyVersionRecord | None:
    return db.session.scalar(select(PolicyVersionRecord)
                             .where(PolicyVersionRecord.effective_on == effective_on))


def version_and_previous(effective_on: date) -> tuple[PolicyVersion | None, PolicyVersion | None]:
    versions = all_versions()
    for i, version in enumerate(versions):
        if version.effective_on == effective_on:
            return version, versions[i - 1] if i else None
    return None, None


def is_shipped(effective_on: date) -> bool:
    return any(v.effective_on == effective_on for v in SHIPPED)


def promises_data(promises: tuple[Promise, ...]) -> list[dict]:
    return [{"code": p.code, "title": p.title, "words": p.words,
             "categories": list(p.categories)} for p in promises]


def risks_data(risks: tuple[ClauseRisk, ...]) -> list[dict]:
    return [{"title": r.title, "words": r.words, "why": r.why, "mark": r.mark} for r in risks]

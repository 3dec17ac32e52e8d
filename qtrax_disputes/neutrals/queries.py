"""Reads of the roster: the admin list, and the choices offered when proposing a neutral."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select

from qtrax_disputes.web.extensions import db

from .models import BOTH, KIND_LABELS, Neutral


def _kind_condition(kind: str):
    """A mediator search also finds those who serve as both; "both" finds only those."""
    if kind == BOTH:
        return Neutral.kind == BOTH
    return Neutral.kind.in_((kind, BOTH))


def search(q: str = "", kind: str = "",
           active_only: bool = True) -> Sequence[Neutral]:
    conditions = []
    if active_only:
        conditions.append(Neutral.active.is_(True))
    if kind in KIND_LABELS:
        conditions.append(_kind_condition(kind))
    term = (q or "").strip().lower().replace("%", "").replace("_", "")[:200]
    if term:
        like = f"%{term}%"
        conditions.append(or_(
            func.lower(Neutral.name).like(like),
            func.lower(Neutral.organisation).like(like),
            func.lower(Neutral.email).like(like),
            func.lower(Neutral.location).like(like),
        ))
    return db.session.scalars(
        select(Neutral).where(*conditions).order_by(Neutral.name, Neutral.id)
    ).all()


def choice_label(neutral: Neutral) -> str:
    label = neutral.name
    if neutral.organisation:
        label += f" — {neutral.organisation}"
    if neutral.location:
        label += f" ({neutral.location})"
    return label


def neutral_choices(kind: str) -> list[tuple[str, str]]:
    """(id, "Name — Organisation (location)") for a select field, active neutrals only."""
    return [(str(n.id), choice_label(n)) for n in search(kind=kind, active_only=True)]


def neutral(neutral_id: int) -> Neutral | None:
    return db.session.get(Neutral, neutral_id)

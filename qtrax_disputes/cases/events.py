"""Adding to a case's timeline. Every step of every feature goes through ``add_event``."""

from __future__ import annotations

from datetime import date

from qtrax_disputes.web.extensions import db

from ..audit.log import current_actor
from .models import Case, CaseEvent

__all__ = ["add_event", "current_actor", "new_event"]


def add_event(case: Case, kind: str, occurred_on: date, *, actor: str | None = None,
              from_stage: str | None = None, to_stage: str | None = None, note: str = "",
              data: dict | None = None, visible_to_claimant: bool = False) -> CaseEvent:
    event = new_event(case, kind, occurred_on, actor=actor, from_stage=from_stage,
                      to_stage=to_stage, note=note, data=data,
                      visible_to_claimant=visible_to_claimant)
    db.session.add(event)
    db.session.flush()
    return event


def new_event(case: Case, kind: str, occurred_on: date, *, actor: str | None = None,
              from_stage: str | None = None, to_stage: str | None = None, note: str = "",
              data: dict | None = None, visible_to_claimant: bool = False) -> CaseEvent:
    """The event ``add_event`` writes, not yet added: a chunk of new cases adds its events
    together (mass/importing.py)."""
    actor_name, actor_id = current_actor()
    if actor is not None:
        actor_name = actor
        actor_id = int(actor.split(":", 1)[1]) if actor.startswith("user:") else None
    return CaseEvent(
        case_id=case.id, kind=kind, occurred_on=occurred_on, actor=actor_name,
        actor_user_id=actor_id, from_stage=from_stage, to_stage=to_stage, note=note,
        data=data or {}, visible_to_claimant=visible_to_claimant,
    )

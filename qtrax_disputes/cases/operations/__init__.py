"""Every write on a case, one function per use case, each owning its transaction."""

from .details import EDITABLE, StaleCase, add_note, assign, update_details
from .listing import ViewRefused, bulk_assign, bulk_note, delete_view, pin_view, save_view
from .neutrals import (
    ProposalRefused,
    add_party,
    answer_proposal,
    propose_neutral,
    record_conflict_check,
)
from .policy import confirm_clause
from .road import StepInput, StepRefused, correct_event_date, move_case, record_side_step

__all__ = [
    "EDITABLE", "ProposalRefused", "StaleCase", "StepInput", "StepRefused", "ViewRefused",
    "add_note", "add_party", "answer_proposal", "assign", "bulk_assign", "bulk_note",
    "confirm_clause", "correct_event_date", "delete_view", "move_case", "pin_view",
    "propose_neutral", "record_conflict_check", "record_side_step", "save_view",
    "update_details",
]

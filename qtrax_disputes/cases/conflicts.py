"""The conflict search shown before a neutral is accepted: where else does this person appear?"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.web.extensions import db

from .models import Case, NeutralProposal, Party


def find_conflicts(case: Case, *, name: str, email: str = "",
                   neutral_id: int | None = None) -> list[dict]:
    """Other cases (past and present) in which the same person appears in any role, and any
    role this person already holds in this case. Respondent is always Qtrax, so a neutral's
    every earlier Qtrax case is a repeat-player fact counsel must see."""
    name_key = " ".join(name.split()).lower()
    email_key = normalise_email(email)
    party_match = [func.lower(Party.name) == name_key]
    proposal_match = [func.lower(NeutralProposal.name) == name_key]
    if email_key:
        party_match.append(func.lower(Party.email) == email_key)
        proposal_match.append(func.lower(NeutralProposal.email) == email_key)
    if neutral_id:
        proposal_match.append(NeutralProposal.neutral_id == neutral_id)

    hits: dict[tuple[str, str], dict] = {}
    for number, role, closed_on, same_case in db.session.execute(
        select(Case.number, Party.role, Case.closed_on, Case.id == case.id)
        .join(Party, Party.case_id == Case.id).where(or_(*party_match))
    ):
        hits[(number, role)] = {"case": number, "role": role, "open": closed_on is None,
                                "this_case": bool(same_case)}
    for number, kind, status, closed_on in db.session.execute(
        select(Case.number, NeutralProposal.kind, NeutralProposal.status, Case.closed_on)
        .join(NeutralProposal, NeutralProposal.case_id == Case.id)
        .where(or_(*proposal_match), Case.id != case.id)
    ):
        role = f"proposed {kind} ({status})"
        hits.setdefault((number, role), {"case": number, "role": role,
                                         "open": closed_on is None, "this_case": False})
    complainant = normalise_email(case.complainant_email)
    if email_key and email_key == complainant:
        hits[(case.number, "complainant")] = {"case": case.number, "role": "complainant",
                                              "open": True, "this_case": True}
    return sorted(hits.values(), key=lambda h: (not h["this_case"], h["case"], h["role"]))

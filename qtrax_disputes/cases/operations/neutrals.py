"""Parties and neutrals of a case: proposals, the conflict check, each side's answer."""

from __future__ import annotations

from datetime import date

from qtrax_disputes.core.clock import now_utc, today
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.core.refusals import Refused, Stale
from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ...audit.log import record
from ...auth.roles import COUNSEL, at_least
from .. import event_kinds as ek
from ..conflicts import find_conflicts
from ..events import add_event
from ..models import Case, NeutralProposal, Party

PARTY_ROLES = {
    "claimant": "Claimant", "respondent": "Respondent", "claimant_counsel": "Claimant's counsel",
    "respondent_counsel": "Respondent's counsel", "mediator": "Mediator",
    "arbitrator": "Arbitrator",
}
SIDES = ("claimant", "respondent")


def conflict_role(role: str) -> str:
    """How a conflict hit names the person's role: a party role in its words, or a proposal
    as find_conflicts wrote it ("proposed mediator (open)"), never a snake_case code."""
    if role in PARTY_ROLES:
        return PARTY_ROLES[role]
    if role == "complainant":
        return "Complainant"
    return role.replace("_", " ")


class ProposalRefused(Refused):
    """An answer to a proposal not recorded, and why."""


class StaleProposal(Stale):
    """Someone answered the proposal after this person opened it."""

    message = ("This proposal was answered or changed while you were looking at it. Nothing "
               "was saved: read it as it is now, then answer again.")


# How the complainant's answer to a proposal reached us.
VIA_STATUS_PAGE = "status_page"
VIA_LETTER = "letter"


def add_party(case: Case, values: dict) -> Party:
    party = Party(case_id=case.id, **values)
    db.session.add(party)
    add_event(case, ek.PARTY_ADDED, today(),
              note=f"{PARTY_ROLES.get(party.role, party.role)}: {party.name}")
    record("party.added", party, {"case": case.number, "role": party.role,
                                  "name": party.name})
    db.session.commit()
    return party


def propose_neutral(case: Case, *, kind: str, proposed_by: str, proposed_on: date,
                    name: str, organisation: str = "", email: str = "",
                    neutral_id: int | None = None) -> NeutralProposal:
    proposal = add_proposal(case, kind=kind, proposed_by=proposed_by, proposed_on=proposed_on,
                            name=name, organisation=organisation, email=email,
                            neutral_id=neutral_id)
    db.session.commit()
    return proposal


def add_proposal(case: Case, *, kind: str, proposed_by: str, proposed_on: date, name: str,
                 organisation: str = "", email: str = "", neutral_id: int | None = None,
                 actor: str | None = None, via: str = "", reason: str = "") -> NeutralProposal:
    """A proposal added to the caller's transaction (the staff form's, or the complainant's
    own proposal from the status page, then ``actor`` is theirs and ``via`` says so)."""
    proposal = NeutralProposal(
        case_id=case.id, kind=kind, neutral_id=neutral_id, name=" ".join(name.split()),
        organisation=organisation.strip(), email=normalise_email(email),
        proposed_by=proposed_by, proposed_on=proposed_on,
    )
    # Whoever proposes a neutral accepts them by proposing.
    if proposed_by in SIDES:
        setattr(proposal, f"{proposed_by}_answer", "accepted")
        setattr(proposal, f"{proposed_by}_answered_on", proposed_on)
    if proposed_by == "claimant" and via:
        proposal.claimant_answer_via = via
    db.session.add(proposal)
    who = {"claimant": "the complainant", "respondent": "Qtrax", "aaa": "the AAA"}[proposed_by]
    note = f"{proposal.name} proposed as {kind} by {who}"
    note += " on the status page." if via == VIA_STATUS_PAGE else "."
    if reason.strip():
        note += f" Reason given: {reason.strip()}"
    add_event(case, ek.neutral_proposed(kind), proposed_on, note=note, actor=actor)
    if kind == "mediator" and proposed_by != "claimant":
        from ...outbox.complainant_updates import mediator_proposed

        mediator_proposed(case, proposal.name, proposed_on)  # theirs to accept or decline
    record("neutral.proposed", proposal, {"case": case.number, "kind": kind,
                                          "name": proposal.name, "by": proposed_by,
                                          "via": via, "reason": reason.strip()},
           actor=actor)
    return proposal


def record_conflict_check(proposal: NeutralProposal, disclosures: str, user) -> list[dict]:
    """Store the neutral's disclosures and the search's hits as they were when checked."""
    hits = find_conflicts(proposal.case, name=proposal.name, email=proposal.email,
                          neutral_id=proposal.neutral_id)
    proposal.disclosures = disclosures.strip()
    proposal.conflict_hits = hits
    proposal.conflict_checked_at = now_utc()
    proposal.conflict_checked_by_id = user.id
    add_event(proposal.case, ek.CONFLICT_CHECKED, today(),
              note=f"Conflict check for {proposal.name}: "
                   + (f"{len(hits)} hit(s)." if hits else "no other case found."))
    record("neutral.conflict_checked", proposal, {"case": proposal.case.number,
                                                  "hits": hits})
    db.session.commit()
    return hits


@operation(StaleProposal)
def answer_proposal(proposal: NeutralProposal, *, side: str, answer: str, answered_on: date,
                    reason: str, user) -> None:
    """Staff record one side's acceptance or rejection. The complainant's, recorded by staff,
    came outside the status page: by letter, and the proposal says who recorded it."""
    if proposal.status != "open":
        raise ProposalRefused("This proposal is already decided.")
    if answer == "accepted":
        if not proposal.conflict_checked:
            raise ProposalRefused("Record the neutral's disclosures and run the conflict "
                                  "check before an acceptance is recorded.")
        if proposal.conflict_hits and not proposal.conflict_cleared_reason:
            if not at_least(user.role, COUNSEL):
                raise ProposalRefused("The conflict check found other cases: only counsel "
                                      "may accept this neutral.")
            if not reason.strip():
                raise ProposalRefused.at("reason", "Give the reason for accepting despite the "
                                         "conflict check's hits.")
            proposal.conflict_cleared_reason = reason.strip()
    if side == "claimant":
        proposal.claimant_answer_via = VIA_LETTER
        proposal.claimant_answer_recorded_by_id = user.id
    settle_answer(proposal, side=side, answer=answer, answered_on=answered_on,
                  how=f" by letter, recorded by {user.display_name}"
                  if side == "claimant" else "")
    db.session.commit()


def settle_answer(proposal: NeutralProposal, *, side: str, answer: str, answered_on: date,
                  how: str = "", actor: str | None = None, reason: str = "") -> None:
    """One side's answer, in the caller's transaction: the one rule of who becomes the neutral
    (both sides accept the same proposal), whoever gave the answer and however."""
    setattr(proposal, f"{side}_answer", answer)
    setattr(proposal, f"{side}_answered_on", answered_on)
    who = "The complainant" if side == "claimant" else "Qtrax"
    note = f"{who} {answer} {proposal.name} as {proposal.kind}{how}."
    if reason.strip():
        note += f" Reason given: {reason.strip()}"
    if answer == "rejected":
        proposal.status = "rejected"
    elif proposal.claimant_answer == "accepted" and proposal.respondent_answer == "accepted":
        proposal.status = "agreed"
        db.session.add(Party(case_id=proposal.case_id, role=proposal.kind, name=proposal.name,
                             email=proposal.email, organisation=proposal.organisation))
        note += f" Both sides have accepted: {proposal.name} is the case's {proposal.kind}."
    add_event(proposal.case, ek.neutral_answered(proposal.kind, answer), answered_on, note=note,
              data={"proposal": proposal.id, "side": side,
                    "via": proposal.claimant_answer_via if side == "claimant" else ""},
              actor=actor)
    record("neutral.answered", proposal, {"case": proposal.case.number, "side": side,
                                          "answer": answer, "status": proposal.status,
                                          "via": proposal.claimant_answer_via
                                          if side == "claimant" else "",
                                          "reason": reason.strip(),
                                          "override_reason": proposal.conflict_cleared_reason},
           actor=actor)

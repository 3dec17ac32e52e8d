"""The stage machine, read as rules (docs/road.md § The stages, § Mediation)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import replace
from datetime import date

import pytest

from qtrax_disputes.cases import stages_public, steps
from qtrax_disputes.cases import workflow as w
from qtrax_disputes.cases.venues import is_nyc_venue

NOTHING = w.CaseFacts()
# Facts under which every requirement of every step is met (resume aside).
EVERYTHING = w.CaseFacts(
    mediator_accepted_by_both=True, confidentiality_signed=True, session_date=date(2026, 3, 2),
    venue="250 Broadway, New York, NY 10007", impasse_in_writing=True,
    impasse_on=date(2026, 3, 9), mediation_waived=True, settlement_signed=True,
    arbitrator_named=True, hearing_date=date(2026, 6, 1), award_document=True,
    award_received_on=date(2026, 7, 1), aaa_notice_sent_on=date(2026, 4, 1),
    court="Supreme Court, New York County",
    index_number="654321/2026",
)


def message(code: str) -> str:
    return w.REQUIREMENT_MESSAGES[code]


def refusal(stage, target, role="admin", facts=NOTHING) -> str:
    with pytest.raises(w.IllegalTransition) as caught:
        w.check(stage, target, role, facts)
    return caught.value.message


# --- The table's shape ----------------------------------------------------------------------


def test_stages_are_the_agreed_list_in_order():
    assert w.STAGES[0] == w.FILED and w.STAGES[-1] == w.CLOSED
    assert len(w.STAGES) == len(set(w.STAGES)) == 28
    for stage in w.STAGES:
        assert w.STAGE_LABELS[stage]
        assert w.PHASE[stage] in (*w.PHASES, w.SUSPENDED_PHASE)
    assert set(w.STAGE_LABELS) == set(w.STAGES) == set(w.PHASE)
    assert w.STAGE_LABELS[w.MEDIATION_REQUESTED] == "Mediation requested"


def test_every_transition_names_known_stages_roles_and_requirements():
    for row in w.TRANSITIONS:
        assert row.source in w.STAGES and row.target in w.STAGES, row
        assert row.min_role in ("staff", "counsel", "admin"), row  # never a viewer
        assert row.label and row.needs_date_label and row.event_kind, row
        for code in row.requires:
            assert code in w.REQUIREMENT_MESSAGES, code
    moves = [(row.source, row.target) for row in w.TRANSITIONS]
    assert len(moves) == len(set(moves)), "one row per move"


def test_event_kind_is_the_target_except_resuming():
    for row in w.TRANSITIONS:
        expected = "resumed" if row.is_resume else row.target
        assert row.event_kind == expected, row


def test_every_stage_is_reachable_from_filed():
    seen, todo = {w.FILED}, deque([w.FILED])
    while todo:
        for row in w.transitions_from(todo.popleft()):
            if row.target not in seen:
                seen.add(row.target)
                todo.append(row.target)
    assert seen == set(w.STAGES)


@pytest.mark.parametrize("stage", [s for s in w.STAGES if s != w.CLOSED])
def test_every_stage_but_closed_has_a_way_out(stage):
    assert w.transitions_from(stage)


def test_closed_has_no_way_out():
    assert w.transitions_from(w.CLOSED) == []
    assert not w.is_open(w.CLOSED)


@pytest.mark.parametrize("stage", sorted(w.TERMINAL - {w.CLOSED}))
def test_ended_cases_can_only_be_filed_away(stage):
    assert [row.target for row in w.transitions_from(stage)] == [w.CLOSED]


def test_open_and_terminal_stages():
    assert w.TERMINAL >= {w.CLOSED, w.DISMISSED, w.WITHDRAWN, w.SMALL_CLAIMS}
    assert w.CLOSED_STAGES == w.TERMINAL
    for stage in w.STAGES:
        assert w.is_open(stage) == (stage not in w.TERMINAL)
    assert w.is_open(w.SUSPENDED) and w.is_open(w.AWARD_RECEIVED)
    assert not w.is_open("no_such_stage")


def test_phases_group_the_road():
    assert w.PHASE[w.FILED] == "intake"
    assert w.PHASE[w.MEDIATION_SCHEDULED] == "mediation"
    assert w.PHASE[w.HEARING_HELD] == "arbitration"
    assert w.PHASE[w.CONFIRMED] == "post-award"
    assert w.PHASE[w.CLOSED] == "closed"
    assert w.phase_of(w.SUSPENDED, w.HEARING_SCHEDULED) == "arbitration"


# --- Every legal step of the road ------------------------------------------------------------

ROAD = [
    # (from, to, least role)
    (w.FILED, w.TRIAGE, "staff"),
    (w.TRIAGE, w.MEDIATION_REQUESTED, "staff"),
    (w.TRIAGE, w.DISMISSED, "counsel"),
    (w.TRIAGE, w.SMALL_CLAIMS, "staff"),
    (w.TRIAGE, w.WITHDRAWN, "staff"),
    (w.MEDIATION_REQUESTED, w.MEDIATOR_SELECTION, "staff"),
    (w.MEDIATOR_SELECTION, w.MEDIATION_AGREED, "staff"),
    (w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED, "staff"),
    (w.MEDIATION_SCHEDULED, w.MEDIATION_HELD, "staff"),
    (w.MEDIATION_HELD, w.SETTLED, "counsel"),
    (w.MEDIATION_HELD, w.IMPASSE, "staff"),
    (w.MEDIATION_HELD, w.MEDIATION_SCHEDULED, "staff"),
    (w.IMPASSE, w.ARBITRATION_DEMANDED, "counsel"),
    (w.TRIAGE, w.ARBITRATION_DEMANDED, "counsel"),
    (w.MEDIATOR_SELECTION, w.ARBITRATION_DEMANDED, "counsel"),
    (w.ARBITRATION_DEMANDED, w.AAA_NOTICED, "staff"),
    (w.AAA_NOTICED, w.ARBITRATOR_APPOINTED, "staff"),
    (w.ARBITRATOR_APPOINTED, w.DESK_SUBMISSIONS, "staff"),
    (w.ARBITRATOR_APPOINTED, w.HEARING_SCHEDULED, "staff"),
    (w.HEARING_SCHEDULED, w.HEARING_HELD, "staff"),
    (w.DESK_SUBMISSIONS, w.RECORD_CLOSED, "staff"),
    (w.HEARING_HELD, w.RECORD_CLOSED, "staff"),
    (w.RECORD_CLOSED, w.AWARD_ISSUED, "counsel"),
    (w.AWARD_ISSUED, w.AWARD_RECEIVED, "counsel"),
    (w.AWARD_RECEIVED, w.MODIFICATION_REQUESTED, "counsel"),
    (w.MODIFICATION_REQUESTED, w.AWARD_RECEIVED, "counsel"),
    (w.AWARD_RECEIVED, w.CONFIRMED, "counsel"),
    (w.CONFIRMED, w.PAID, "staff"),
    (w.AWARD_RECEIVED, w.PAID, "counsel"),
    (w.PAID, w.CLOSED, "staff"),
    (w.AWARD_RECEIVED, w.VACATED, "counsel"),
    (w.VACATED, w.ARBITRATION_DEMANDED, "counsel"),
    (w.VACATED, w.CLOSED, "counsel"),
    (w.AWARD_RECEIVED, w.NO_ACTION, "counsel"),
    (w.NO_ACTION, w.CLOSED, "staff"),
    (w.SETTLED, w.CLOSED, "staff"),
    (w.WITHDRAWN, w.CLOSED, "staff"),
    (w.DISMISSED, w.CLOSED, "staff"),
    (w.SMALL_CLAIMS, w.CLOSED, "staff"),
    (w.AAA_NOTICED, w.SETTLED, "counsel"),
    (w.AWARD_RECEIVED, w.SETTLED, "counsel"),
    (w.HEARING_SCHEDULED, w.WITHDRAWN, "staff"),
    (w.HEARING_SCHEDULED, w.SUSPENDED, "staff"),
    (w.MEDIATION_AGREED, w.SUSPENDED, "staff"),
]


@pytest.mark.parametrize(("source", "target", "role"), ROAD)
def test_legal_step(source, target, role):
    row = w.check(source, target, role, EVERYTHING)
    assert (row.source, row.target, row.min_role) == (source, target, role)
    assert w.check(source, target, "admin", EVERYTHING) == row


@pytest.mark.parametrize(("source", "target", "role"), ROAD)
def test_nobody_below_the_least_role_may_take_the_step(source, target, role):
    below = {"staff": ["viewer"], "counsel": ["viewer", "staff"]}[role]
    for lower in below:
        text = refusal(source, target, lower, EVERYTHING)
        assert text.startswith(f"Only {role} may ")


def test_every_row_is_legal_for_admin_with_every_fact():
    for row in w.TRANSITIONS:
        facts = replace(EVERYTHING, suspended_from=row.target)
        assert w.check(row.source, row.target, "admin", facts) is row


def test_a_viewer_can_move_nothing():
    for stage in w.STAGES:
        assert w.available(stage, "viewer", EVERYTHING) == []


# --- Requirements, with the exact message ----------------------------------------------------


REFUSALS = [
    # (from, to, facts, the requirement that is named)
    (w.MEDIATOR_SELECTION, w.MEDIATION_AGREED, NOTHING, w.MEDIATOR_ACCEPTED_BY_BOTH),
    (w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED,
     replace(EVERYTHING, confidentiality_signed=False), w.CONFIDENTIALITY_SIGNED),
    (w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED,
     replace(EVERYTHING, session_date=None), w.SESSION_DATE),
    (w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED,
     replace(EVERYTHING, venue="100 State St, Albany, NY 12207"), w.NYC_OR_AGREED_VIRTUAL_VENUE),
    (w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED,
     replace(EVERYTHING, venue="Newark, NJ"), w.NYC_OR_AGREED_VIRTUAL_VENUE),
    (w.MEDIATION_HELD, w.MEDIATION_SCHEDULED,
     replace(EVERYTHING, confidentiality_signed=False), w.CONFIDENTIALITY_SIGNED),
    (w.MEDIATION_HELD, w.IMPASSE, NOTHING, w.IMPASSE_IN_WRITING),
    (w.IMPASSE, w.ARBITRATION_DEMANDED, NOTHING, w.IMPASSE_RECORDED_OR_MEDIATION_WAIVED),
    (w.TRIAGE, w.ARBITRATION_DEMANDED, replace(EVERYTHING, mediation_waived=False),
     w.MEDIATION_WAIVED),
    (w.MEDIATION_HELD, w.ARBITRATION_DEMANDED, replace(EVERYTHING, mediation_waived=False),
     w.MEDIATION_WAIVED),
    (w.MEDIATION_HELD, w.SETTLED, NOTHING, w.SETTLEMENT_SIGNED),
    (w.ARBITRATION_DEMANDED, w.AAA_NOTICED, NOTHING, w.AAA_NOTICE_SENT_ON),
    # Sent on the 6th, received on the 3rd: the notice cannot reach us before it was sent.
    (w.ARBITRATION_DEMANDED, w.AAA_NOTICED,
     replace(EVERYTHING, aaa_notice_sent_on=date(2026, 4, 6),
             aaa_notice_received_on=date(2026, 4, 3)), w.AAA_NOTICE_SENT_ON),
    (w.AAA_NOTICED, w.ARBITRATOR_APPOINTED, NOTHING, w.ARBITRATOR_NAMED),
    (w.ARBITRATOR_APPOINTED, w.HEARING_SCHEDULED, NOTHING, w.HEARING_DATE),
    (w.AWARD_ISSUED, w.AWARD_RECEIVED, replace(EVERYTHING, award_document=False),
     w.AWARD_DOCUMENT),
    (w.AWARD_ISSUED, w.AWARD_RECEIVED, replace(EVERYTHING, award_received_on=None),
     w.AWARD_RECEIVED_ON),
    (w.MODIFICATION_REQUESTED, w.AWARD_RECEIVED, replace(EVERYTHING, award_received_on=None),
     w.AWARD_RECEIVED_ON),
    (w.AWARD_RECEIVED, w.CONFIRMED, replace(EVERYTHING, index_number=" "),
     w.COURT_AND_INDEX_NUMBER),
]


@pytest.mark.parametrize(("source", "target", "facts", "code"), REFUSALS)
def test_refused_with_the_missing_requirement_named(source, target, facts, code):
    with pytest.raises(w.IllegalTransition) as caught:
        w.check(source, target, "admin", facts)
    assert caught.value.missing == [message(code)]
    assert caught.value.message == message(code)
    row = w.find(source, target)
    assert w.missing(row, facts) == [message(code)]
    assert w.missing_codes(row, facts) == [code]


def test_mediation_agreed_needs_a_mediator_both_sides_accepted():
    assert refusal(w.MEDIATOR_SELECTION, w.MEDIATION_AGREED, "staff") == (
        "A mediator both sides have accepted is needed before mediation can be agreed."
    )
    facts = w.CaseFacts(mediator_accepted_by_both=True)
    assert w.check(w.MEDIATOR_SELECTION, w.MEDIATION_AGREED, "staff", facts).target == (
        w.MEDIATION_AGREED
    )


def test_scheduling_names_everything_missing_at_once():
    text = refusal(w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED, "staff", NOTHING)
    for code in (w.CONFIDENTIALITY_SIGNED, w.SESSION_DATE, w.NYC_OR_AGREED_VIRTUAL_VENUE):
        assert message(code) in text
    assert "New York City" in text and "confidentiality" in text


def test_an_agreed_virtual_session_is_accepted_wherever_the_venue_text_says():
    facts = replace(EVERYTHING, venue="", virtual_agreed=True)
    assert w.check(w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED, "staff", facts)
    facts = replace(EVERYTHING, venue="Zoom", virtual_agreed=False)
    assert "New York City" in refusal(w.MEDIATION_AGREED, w.MEDIATION_SCHEDULED, "staff", facts)


def test_arbitration_needs_an_impasse_or_a_waiver():
    text = refusal(w.IMPASSE, w.ARBITRATION_DEMANDED, "counsel")
    assert "impasse" in text and "waiver" in text
    assert w.check(w.IMPASSE, w.ARBITRATION_DEMANDED, "counsel",
                   w.CaseFacts(impasse_on=date(2026, 3, 9)))
    assert w.check(w.IMPASSE, w.ARBITRATION_DEMANDED, "counsel",
                   w.CaseFacts(mediation_waived=True))
    for stage in (w.TRIAGE, *w.MEDIATION_STAGES):
        assert w.check(stage, w.ARBITRATION_DEMANDED, "counsel",
                       w.CaseFacts(mediation_waived=True))
        assert "waiver" in refusal(stage, w.ARBITRATION_DEMANDED, "counsel")


def test_award_received_needs_the_document_and_the_date_of_receipt():
    text = refusal(w.AWARD_ISSUED, w.AWARD_RECEIVED, "counsel")
    assert message(w.AWARD_DOCUMENT) in text and message(w.AWARD_RECEIVED_ON) in text
    facts = w.CaseFacts(award_document=True, award_received_on=date(2026, 7, 1))
    assert w.check(w.AWARD_ISSUED, w.AWARD_RECEIVED, "counsel", facts).event_kind == (
        "award_received"
    )


# --- Roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", w.SETTLEABLE)
def test_only_counsel_records_a_settlement(stage):
    facts = replace(EVERYTHING, settlement_signed=True)
    assert refusal(stage, w.SETTLED, "staff", facts) == "Only counsel may record a settlement."
    assert w.check(stage, w.SETTLED, "counsel", facts).target == w.SETTLED


@pytest.mark.parametrize(("source", "target"), [
    (w.RECORD_CLOSED, w.AWARD_ISSUED),
    (w.AWARD_ISSUED, w.AWARD_RECEIVED),
    (w.MODIFICATION_REQUESTED, w.AWARD_RECEIVED),
    (w.AWARD_RECEIVED, w.CONFIRMED),
    (w.AWARD_RECEIVED, w.VACATED),
    (w.AWARD_RECEIVED, w.NO_ACTION),
])
def test_only_counsel_records_award_decisions(source, target):
    assert refusal(source, target, "staff", EVERYTHING).startswith("Only counsel may ")
    assert w.check(source, target, "counsel", EVERYTHING)


def test_staff_are_not_offered_counsel_steps():
    offered = {row.target for row, _ in w.available(w.MEDIATION_HELD, "staff", EVERYTHING)}
    assert w.SETTLED not in offered and w.ARBITRATION_DEMANDED not in offered
    assert {w.IMPASSE, w.WITHDRAWN, w.SUSPENDED} <= offered
    offered = {row.target for row, _ in w.available(w.MEDIATION_HELD, "counsel", EVERYTHING)}
    assert {w.SETTLED, w.ARBITRATION_DEMANDED, w.IMPASSE} <= offered


def test_an_unknown_role_can_do_nothing():
    assert refusal(w.FILED, w.TRIAGE, "janitor").startswith("Only staff may ")


# --- Loops and side tracks --------------------------------------------------------------------


def test_modification_request_loops_back_to_award_received_and_restarts_the_clocks():
    out = w.check(w.AWARD_RECEIVED, w.MODIFICATION_REQUESTED, "counsel", EVERYTHING)
    back = w.check(w.MODIFICATION_REQUESTED, w.AWARD_RECEIVED, "counsel", EVERYTHING)
    assert out.event_kind == "modification_requested"
    assert back.event_kind == "award_received"  # the post-award rules start again on it


def test_a_vacated_award_can_go_back_to_arbitration_or_close():
    targets = {row.target for row in w.transitions_from(w.VACATED)}
    assert targets == {w.ARBITRATION_DEMANDED, w.CLOSED, w.SETTLED}


@pytest.mark.parametrize("stage", w.SUSPENDABLE)
def test_a_suspended_case_resumes_where_it_stopped(stage):
    assert w.check(stage, w.SUSPENDED, "staff", EVERYTHING).note_required
    facts = w.CaseFacts(suspended_from=stage)
    resume = [row for row, gaps in w.available(w.SUSPENDED, "staff", facts) if row.is_resume]
    assert [row.target for row in resume] == [stage]
    assert w.check(w.SUSPENDED, stage, "staff", facts).event_kind == "resumed"
    other = w.TRIAGE if stage != w.TRIAGE else w.IMPASSE
    assert refusal(w.SUSPENDED, other, "staff", facts) == message(w.RESUMES_WHERE_SUSPENDED)


def test_a_suspended_case_can_also_settle_or_be_withdrawn():
    targets = {row.target for row in w.transitions_from(w.SUSPENDED)}
    assert {w.SETTLED, w.WITHDRAWN} <= targets


@pytest.mark.parametrize("target", [w.WITHDRAWN, w.DISMISSED, w.SMALL_CLAIMS, w.SUSPENDED])
def test_side_exits_need_a_reason(target):
    assert w.find(w.TRIAGE, target).note_required


def test_available_explains_blocked_steps():
    offered = dict((row.target, gaps) for row, gaps in
                   w.available(w.MEDIATOR_SELECTION, "staff", NOTHING))
    assert offered[w.MEDIATION_AGREED] == [message(w.MEDIATOR_ACCEPTED_BY_BOTH)]
    assert offered[w.WITHDRAWN] == []


# --- Illegal jumps ----------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), [
    (w.FILED, w.AWARD_ISSUED),
    (w.FILED, w.MEDIATION_SCHEDULED),
    (w.TRIAGE, w.AWARD_RECEIVED),
    (w.MEDIATION_REQUESTED, w.MEDIATION_HELD),
    (w.AAA_NOTICED, w.HEARING_HELD),
    (w.HEARING_SCHEDULED, w.AWARD_ISSUED),
    (w.CLOSED, w.TRIAGE),
    (w.WITHDRAWN, w.TRIAGE),
    (w.SETTLED, w.IMPASSE),
    (w.PAID, w.VACATED),
])
def test_illegal_jumps_are_refused(source, target):
    text = refusal(source, target, "admin", EVERYTHING)
    assert text == (
        f"A case at “{w.STAGE_LABELS[source]}” cannot move to “{w.STAGE_LABELS[target]}”."
    )


def test_unknown_stages_are_refused():
    assert "Unknown stage" in refusal("nowhere", w.TRIAGE)
    assert "Unknown stage" in refusal(w.FILED, "nowhere")


def test_transitions_are_frozen():
    row = w.TRANSITIONS[0]
    with pytest.raises(AttributeError):
        row.target = w.CLOSED  # type: ignore[misc]


# --- Venues ---------------------------------------------------------------------------------


@pytest.mark.parametrize("venue", [
    "New York, NY",
    "250 Broadway, New York, NY 10007",
    "New York, New York",
    "JAMS, 620 Eighth Avenue, New York, NY 10018",
    "New York City",
    "NYC",
    "Brooklyn, NY 11201",
    "Manhattan",
    "The Bronx",
    "Staten Island, NY",
    "Queens",
    "Long Island City, NY 11101",
    "Flushing, NY",
    "1 Main St, NY 11201",
])
def test_venues_in_new_york_city(venue):
    assert is_nyc_venue(venue)


@pytest.mark.parametrize("venue", [
    "",
    "   ",
    "New York",  # could be the state
    "Albany, NY",
    "Buffalo, New York 14202",
    "Bronxville, NY",
    "Queensbury, NY",
    "Manhattan, KS",
    "Manhattan Beach, CA",
    "Brooklyn Park, MN",
    "Newark, NJ",
    "West New York, NJ",
    "Mineola, NY 11501",
    "Jamaica",
    "Zoom",
])
def test_venues_outside_new_york_city(venue):
    assert not is_nyc_venue(venue)


# --- What the complainant reads ---------------------------------------------------------------

JARGON = re.compile(
    r"\b(?:impasse|vacat\w*|tribunal|CPLR|FAA|adjudicat\w*|heretofore|pursuant|"
    r"respondent|claimant|desk)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("stage", w.STAGES)
def test_every_stage_has_plain_public_text(stage):
    text = stages_public.describe(stage)
    assert isinstance(text, stages_public.PublicStage)
    assert text.title and text.meaning and text.next
    for part in (text.title, text.meaning, text.next):
        assert not JARGON.search(part), (stage, part)
        assert "_" not in part


def test_public_titles_differ():
    titles = [stages_public.describe(stage).title for stage in w.STAGES]
    assert len(titles) == len(set(titles))


def test_an_unknown_stage_gets_a_neutral_public_text():
    text = stages_public.describe("nowhere")
    assert text.title and text.next


def test_public_text_is_frozen():
    with pytest.raises(AttributeError):
        stages_public.describe(w.FILED).title = "x"  # type: ignore[misc]


def test_the_progress_road_follows_the_stage_order():
    positions = [w.STAGES.index(stage) for stage in w.ROAD]
    assert positions == sorted(positions)
    for before, after in zip(w.ROAD, w.ROAD[1:], strict=False):
        assert w.find(before, after), (before, after)


@pytest.mark.parametrize("kind, from_stage, to_stage, needed", [
    ("triage", w.FILED, w.TRIAGE, w.STAFF),
    ("arbitration_demanded", w.IMPASSE, w.ARBITRATION_DEMANDED, w.COUNSEL),
    ("award_received", w.AWARD_ISSUED, w.AWARD_RECEIVED, w.COUNSEL),
    ("answer_filed", None, None, w.STAFF),
    ("vacatur_filed", None, None, w.COUNSEL),
    ("filed", None, w.FILED, None),
    ("note", None, None, None),
    ("date_corrected", None, None, None),
])
def test_correcting_a_steps_date_needs_the_role_that_may_take_the_step(
        kind, from_stage, to_stage, needed):
    assert steps.role_to_correct(kind, from_stage, to_stage) == needed


def test_a_clause_without_mediation_first_lets_the_demand_go_without_impasse_or_waiver():
    free = replace(NOTHING, mediation_required=False)
    assert w.check(w.TRIAGE, w.ARBITRATION_DEMANDED, "counsel", free).target == \
        w.ARBITRATION_DEMANDED
    assert w.check(w.IMPASSE, w.ARBITRATION_DEMANDED, "counsel", free).target == \
        w.ARBITRATION_DEMANDED
    with pytest.raises(w.IllegalTransition):
        w.check(w.TRIAGE, w.ARBITRATION_DEMANDED, "counsel", NOTHING)

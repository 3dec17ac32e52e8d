"""The transition table of cases/workflow.py, one row per transition: from where to where, the
least role that may take it, what it requires, the timeline event it writes and whether a
reason must be given. The table must be exactly these rows."""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.cases import workflow as w

S, C = "staff", "counsel"
CONF, DATE, VENUE = "confidentiality_signed", "session_date", "nyc_or_agreed_virtual_venue"
DOC, RECEIVED = "award_document", "award_received_on"

# (source, target, least role, requirements, note required)
MAIN_ROAD = [
    ("filed", "triage", S, (), False),
    ("triage", "mediation_requested", S, (), False),
    ("triage", "dismissed", C, (), True),
    ("mediation_requested", "mediator_selection", S, (), False),
    ("mediator_selection", "mediation_agreed", S, ("mediator_accepted_by_both",), False),
    ("mediation_agreed", "mediation_scheduled", S, (CONF, DATE, VENUE), False),
    ("mediation_scheduled", "mediation_held", S, (), False),
    # A repeat session is held under the same terms as the first: in New York City (or
    # virtually by agreement), confidentiality signed, with a date.
    ("mediation_held", "mediation_scheduled", S, (CONF, DATE, VENUE), False),
    ("mediation_held", "impasse", S, ("impasse_in_writing",), False),
    ("impasse", "arbitration_demanded", C, ("impasse_recorded_or_mediation_waived",), False),
    ("triage", "arbitration_demanded", C, ("mediation_waived",), False),
    ("mediation_requested", "arbitration_demanded", C, ("mediation_waived",), False),
    ("mediator_selection", "arbitration_demanded", C, ("mediation_waived",), False),
    ("mediation_agreed", "arbitration_demanded", C, ("mediation_waived",), False),
    ("mediation_scheduled", "arbitration_demanded", C, ("mediation_waived",), False),
    ("mediation_held", "arbitration_demanded", C, ("mediation_waived",), False),
    ("arbitration_demanded", "aaa_noticed", S, ("aaa_notice_sent_on",), False),
    ("aaa_noticed", "arbitrator_appointed", S, ("arbitrator_named",), False),
    ("arbitrator_appointed", "desk_submissions", S, (), False),
    ("arbitrator_appointed", "hearing_scheduled", S, ("hearing_date",), False),
    ("hearing_scheduled", "hearing_held", S, (), False),
    ("desk_submissions", "record_closed", S, (), False),
    ("hearing_held", "record_closed", S, (), False),
    ("record_closed", "award_issued", C, (), False),
    ("award_issued", "award_received", C, (DOC, RECEIVED), False),
    ("award_received", "modification_requested", C, (), False),
    # The modified award is recorded like the first: with its document and day of receipt.
    ("modification_requested", "award_received", C, (DOC, RECEIVED), False),
    ("award_received", "confirmed", C, ("court_and_index_number",), False),
    ("award_received", "paid", C, (), False),
    ("confirmed", "paid", S, (), False),
    ("award_received", "vacated", C, (), True),
    ("vacated", "arbitration_demanded", C, (), False),
    ("award_received", "no_action", C, (), True),
    ("settled", "closed", S, (), False),
    ("paid", "closed", S, (), False),
    ("vacated", "closed", C, (), True),
    ("no_action", "closed", S, (), False),
    ("withdrawn", "closed", S, (), False),
    ("dismissed", "closed", S, (), False),
    ("small_claims", "closed", S, (), False),
]

SUSPENDABLE = [
    "triage", "mediation_requested", "mediator_selection", "mediation_agreed",
    "mediation_scheduled", "mediation_held", "impasse", "arbitration_demanded", "aaa_noticed",
    "arbitrator_appointed", "desk_submissions", "hearing_scheduled", "hearing_held",
    "record_closed",
]
SETTLEABLE = [*SUSPENDABLE, "award_issued", "award_received", "modification_requested",
              "confirmed", "vacated", "suspended"]
WITHDRAWABLE = ["filed", *SUSPENDABLE, "suspended"]
SMALL_CLAIMS_FROM = ["triage", "impasse", "arbitration_demanded", "aaa_noticed"]

SIDE_EXITS = [
    *[(s, "settled", C, ("settlement_signed",), False) for s in SETTLEABLE],
    *[(s, "withdrawn", S, (), True) for s in WITHDRAWABLE],
    *[(s, "small_claims", S, (), True) for s in SMALL_CLAIMS_FROM],
    *[(s, "suspended", S, (), True) for s in SUSPENDABLE],
    *[("suspended", s, S, ("resumes_where_suspended",), False) for s in SUSPENDABLE],
]

ROWS = MAIN_ROAD + SIDE_EXITS


def as_row(t: w.Transition):
    return (t.source, t.target, t.min_role, t.requires, t.note_required)


def test_the_table_is_exactly_these_rows():
    assert sorted(as_row(t) for t in w.TRANSITIONS) == sorted(ROWS)
    assert len(w.TRANSITIONS) == len(ROWS)


@pytest.mark.parametrize(("source", "target", "role", "requires", "note"), ROWS,
                         ids=[f"{r[0]}->{r[1]}" for r in ROWS])
def test_row(source, target, role, requires, note):
    row = w.find(source, target)
    assert row is not None
    assert as_row(row) == (source, target, role, requires, note)
    assert row.event_kind == ("resumed" if "resumes_where_suspended" in requires else target)
    assert row.needs_date_label  # every step asks for the legal date it happened
    below = {"staff": "viewer", "counsel": "staff"}[role]
    assert not w.role_allows(below, row.min_role)
    assert w.role_allows(role, row.min_role)


NYC_SESSION = w.CaseFacts(confidentiality_signed=True, session_date=date(2027, 3, 1),
                          venue="New York, NY")


@pytest.mark.parametrize("source", ["mediation_agreed", "mediation_held"])
def test_a_session_outside_new_york_city_is_refused_first_or_repeat(source):
    outside = w.CaseFacts(confidentiality_signed=True, session_date=date(2027, 3, 1),
                          venue="Albany, NY")
    with pytest.raises(w.IllegalTransition) as refused:
        w.check(source, "mediation_scheduled", "staff", outside)
    assert refused.value.missing == [w.REQUIREMENT_MESSAGES[VENUE]]
    assert refused.value.transition is w.find(source, "mediation_scheduled")
    assert w.check(source, "mediation_scheduled", "staff", NYC_SESSION).target == (
        "mediation_scheduled")
    virtual = w.CaseFacts(confidentiality_signed=True, session_date=date(2027, 3, 1),
                          venue="Albany, NY", virtual_agreed=True)
    assert w.check(source, "mediation_scheduled", "staff", virtual).source == source


@pytest.mark.parametrize("source", ["award_issued", "modification_requested"])
def test_an_award_is_recorded_as_received_only_with_its_document(source):
    without = w.CaseFacts(award_received_on=date(2027, 5, 4))
    with pytest.raises(w.IllegalTransition) as refused:
        w.check(source, "award_received", "counsel", without)
    assert str(refused.value) == (
        "The award document must be uploaded to record the award as received.")
    both_missing = w.CaseFacts()
    with pytest.raises(w.IllegalTransition) as refused:
        w.check(source, "award_received", "counsel", both_missing)
    assert refused.value.message == " ".join(
        [w.REQUIREMENT_MESSAGES[DOC], w.REQUIREMENT_MESSAGES[RECEIVED]])
    ok = w.CaseFacts(award_document=True, award_received_on=date(2027, 5, 4))
    assert w.check(source, "award_received", "counsel", ok).event_kind == "award_received"


def test_a_step_above_the_role_names_who_may_take_it():
    with pytest.raises(w.IllegalTransition) as refused:
        w.check("record_closed", "award_issued", "staff", w.CaseFacts())
    assert refused.value.message == "Only counsel may record the award as issued."
    assert refused.value.transition is w.find("record_closed", "award_issued")
    assert refused.value.missing == []


def test_role_names_as_the_refusals_say_them():
    assert [w.role_name(r) for r in ("staff", "counsel", "admin", "auditor")] == [
        "staff", "counsel", "an administrator", "auditor"]


def test_the_row_helper_puts_each_argument_in_its_field():
    row = w._t("a", "b", "Go", "counsel", "Date it went", "x", "y", note=True, event="went")
    assert row == w.Transition(source="a", target="b", label="Go", min_role="counsel",
                               requires=("x", "y"), event_kind="went",
                               needs_date_label="Date it went", note_required=True)
    plain = w._t("a", "b", "Go", "staff", "Date")
    assert (plain.requires, plain.event_kind, plain.note_required) == ((), "b", False)


def test_a_transition_writes_its_targets_event_unless_told_otherwise():
    assert w.Transition("a", "b", "Go", "staff").event_kind == "b"
    assert w.Transition("a", "b", "Go", "staff", event_kind="resumed").event_kind == "resumed"


def test_a_suspended_case_shows_the_phase_it_left():
    assert w.phase_of("suspended", "hearing_held") == "arbitration"
    assert w.phase_of("suspended", None) == "suspended"
    assert w.phase_of("suspended", "suspended") == "suspended"
    assert w.phase_of("suspended", "nowhere") == "suspended"
    assert w.phase_of("hearing_held", "triage") == "arbitration"
    assert w.phase_of("nowhere") == "intake"


def test_stage_labels():
    assert w.stage_label("aaa_noticed") == "AAA notice received (answer period)"
    # A stage no longer on the road is named as such, never guessed from its code.
    assert w.stage_label("some_old_stage") == "Stage not on the road"


def test_a_refusal_is_an_exception_carrying_its_sentence():
    refusal = w.IllegalTransition("Not now.")
    assert str(refusal) == "Not now."
    assert (refusal.message, refusal.missing, refusal.transition) == ("Not now.", [], None)

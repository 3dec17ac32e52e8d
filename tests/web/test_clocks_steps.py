"""Issue #16 items 11-13 through the step forms: a court application stops the AAA clocks, the
2025 rules read as themselves, and the clerical correction, the court order and each breach
notice are deadlines of their own. Dates are worked by hand in the comments."""

from __future__ import annotations

from datetime import date

import pytest

from qtrax_disputes.core.clock import frozen

from ..conftest import page_text
from .helpers import PDF_BYTES, file
from .test_clock_starts import counsel_case  # noqa: F401 - a fixture
from .test_deadlines import NOW, file_at, open_deadlines, statuses, to_award_received
from .test_road import move, side_step


def noticed(client, app, n, **demand_fields):
    """Demand filed Mon 2026-03-02; the AAA sent its notice the same day (received 03-04):
    the answer is due 14 days after 03-02, Mon 2026-03-16."""
    move(client, app, n, "triage", "2026-01-06")
    response = move(client, app, n, "arbitration_demanded", "2026-03-02", mediation_waived="y",
                    claim_amount="900", **demand_fields)
    assert response.status_code == 302, page_text(response)
    response = move(client, app, n, "aaa_noticed", "2026-03-04", notice_sent_on="2026-03-02")
    assert response.status_code == 302, page_text(response)
    assert open_deadlines(app, n)["AAA_ANSWER"].due_on == date(2026, 3, 16)


# --- 11. Suspension by a court application ----------------------------------------------------


def test_a_court_application_under_the_2025_rules_stops_the_answer_clock_90_days(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    noticed(client, app, n)  # filed 2026-03-02: the 2025 rules
    stay_before = open_deadlines(app, n)["CPLR7503_STAY"].due_on

    response = side_step(client, n, "court_application_filed", "2026-03-06")
    assert response.status_code == 302, page_text(response)

    deadlines = open_deadlines(app, n)
    answer = deadlines["AAA_ANSWER"]
    # Suspended Fri 03-06 for 90 days, to Thu 2026-06-04. On 03-06 the answer had 10 days left
    # (03-07..03-16); 10 days after 06-04 is Sun 2026-06-14 (no roll for AAA periods).
    assert answer.due_on == date(2026, 6, 14)
    assert ("suspended from 2026-03-06 to 2026-06-04 (90 days); the period resumed with 10 "
            "days left") in answer.explanation
    # CPLR 7503(c) is a statute: its clock does not stop.
    assert deadlines["CPLR7503_STAY"].due_on == stay_before

    text = page_text(client.get(f"/cases/{n}"))
    assert "AAA suspension (days) 90" in text
    assert "Suspended until (unless ended early) 2026-06-04" in text

    # The AAA lifts the suspension early, on Mon 03-23: 10 days after it is Thu 2026-04-02.
    response = side_step(client, n, "suspension_lifted", "2026-03-23")
    assert response.status_code == 302, page_text(response)
    answer = open_deadlines(app, n)["AAA_ANSWER"]
    assert answer.due_on == date(2026, 4, 2)
    assert "suspended from 2026-03-06 to 2026-03-23 (17 days)" in answer.explanation


def test_a_court_application_under_the_2014_rules_stops_it_30_days(app, client,
                                                                     counsel_case):  # noqa: F811
    n, _ = counsel_case
    noticed(client, app, n, aaa_rules="2014")
    side_step(client, n, "court_application_filed", "2026-03-06")
    # 30 days from Fri 03-06 is Sun 04-05; 10 days left: Wed 2026-04-15.
    answer = open_deadlines(app, n)["AAA_ANSWER"]
    assert answer.due_on == date(2026, 4, 15)
    assert "(30 days)" in answer.explanation


def test_the_court_application_is_counsels_step(app, client, auth):
    n, _ = file_at(client)
    with frozen(NOW):
        auth.login("counsel")
        noticed(client, app, n)
        auth.logout()
        auth.login("staff")
        assert "court application" not in page_text(client.get(f"/cases/{n}")).lower()
        response = side_step(client, n, "court_application_filed", "2026-03-06")
        assert response.status_code == 400
        assert open_deadlines(app, n)["AAA_ANSWER"].due_on == date(2026, 3, 16)


# --- 12. The 2025 AAA rules ---------------------------------------------------------------------


def test_a_2025_case_reads_its_aaa_rules_as_the_2025_version_marked_unverified(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    noticed(client, app, n)
    answer = open_deadlines(app, n)["AAA_ANSWER"]
    assert answer.rule_version == "2025-05-01"
    assert not answer.verified
    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    assert ("Source: AAA Consumer Arbitration Rules and Mediation Procedures (2025-05-01), "
            "unverified") in text
    assert "2014-09-01" not in text
    assert "AAA_ANSWER" not in text and "v2026.1" not in text and "2026.1" not in text


def test_the_case_page_says_why_a_deadline_is_a_window_or_a_duty_with_its_mark(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    noticed(client, app, n)
    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    assert "Window: A side may apply within the period; unused, it lapses [verified]" in text
    assert "docs/" not in text  # staff read the law's reason, not this repository's files
    assert "Duty: Not classified by the sources" in text


def test_a_viewer_is_not_shown_why(app, client, auth):
    n, _ = file_at(client)
    with frozen(NOW):
        auth.login("counsel")
        noticed(client, app, n)
        auth.logout()
        auth.login("viewer")
        text = page_text(client.get(f"/cases/{n}"))
    assert "File the answer" in text
    assert "Window: A side may apply" not in text and "Duty: Not classified" not in text


# --- 13. The missing rules ----------------------------------------------------------------------


def test_the_clerical_correction_runs_20_days_from_the_awards_transmittal(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    to_award_received(client, app, n, received_on="2026-04-02")
    # Signed Mon 03-30, transmittal not recorded with receipt: counted from the signing,
    # 20 days → Sun 2026-04-19, and it says it assumed so.
    correction = open_deadlines(app, n)["AAA_CORRECTION"]
    assert correction.due_on == date(2026, 4, 19)
    assert "ASSUMED starting day" in correction.explanation
    assert not correction.verified and correction.obligation == "window"

    text = page_text(client.get(f"/cases/{n}?section=deadlines"))
    assert ("Source: AAA Commercial Arbitration Rules (2022-09-01), by analogy (commercial "
            "analog), unverified") in text

    response = side_step(client, n, "correction_requested", "2026-04-06")
    assert response.status_code == 302, page_text(response)
    assert statuses(app, n)["AAA_CORRECTION"] == "done"


def test_the_transmittal_recorded_with_receipt_is_the_day_the_correction_counts_from(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    move(client, app, n, "triage", "2026-01-06")
    move(client, app, n, "arbitration_demanded", "2026-01-20", mediation_waived="y",
         claim_amount="900")
    from .test_road import agree_on_neutral

    move(client, app, n, "aaa_noticed", "2026-01-26", notice_sent_on="2026-01-23")
    agree_on_neutral(client, app, n, "arbitrator", "2026-02-02", proposed_by="aaa")
    move(client, app, n, "arbitrator_appointed", "2026-02-02")
    move(client, app, n, "desk_submissions", "2026-02-03")
    move(client, app, n, "record_closed", "2026-03-02")
    move(client, app, n, "award_issued", "2026-03-30")
    response = move(client, app, n, "award_received", "2026-04-02", transmitted_on="2026-03-31",
                    files={"document": file(PDF_BYTES, "award.pdf")})
    assert response.status_code == 302, page_text(response)
    # Sent to the parties Tue 03-31: 20 days → Mon 2026-04-20.
    correction = open_deadlines(app, n)["AAA_CORRECTION"]
    assert (correction.trigger_on, correction.due_on) == (date(2026, 3, 31), date(2026, 4, 20))
    assert "ASSUMED" not in correction.explanation
    assert "the AAA sent the award to the parties on 2026-03-31" in correction.explanation


def test_a_court_order_is_due_on_its_return_date_and_records_the_notify_decision(
        app, client, counsel_case):  # noqa: F811
    n, token = counsel_case
    response = side_step(client, n, "court_order_received", "2026-04-08",
                         return_on="2026-04-30", notify_user="no")
    assert response.status_code == 302, page_text(response)
    order = open_deadlines(app, n)["COURT_ORDER_RETURN"]
    assert (order.due_on, order.obligation) == (date(2026, 4, 30), "duty")
    text = page_text(client.get(f"/cases/{n}"))
    assert "Return date of the order or subpoena 2026-04-30" in text
    assert "Notify the user No (say why in the note)" in text
    assert "Answer the court order or subpoena" not in page_text(client.get(f"/status/{token}"))

    response = side_step(client, n, "court_order_answered", "2026-04-09")
    assert response.status_code == 302, page_text(response)
    assert statuses(app, n)["COURT_ORDER_RETURN"] == "done"


def test_a_court_order_without_its_return_date_is_refused_next_to_the_field(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    response = side_step(client, n, "court_order_received", "2026-04-08", notify_user="yes")
    assert response.status_code == 400
    assert "Enter the return date the order or subpoena sets." in page_text(response)
    assert "COURT_ORDER_RETURN" not in open_deadlines(app, n)


BREACH_AGENCIES = {"GBL899AA_AG", "GBL899AA_DOS", "GBL899AA_POLICE"}


@pytest.mark.parametrize(("affected", "agencies_too"), [("5000", False), ("5001", True)])
def test_a_breach_opens_a_duty_per_recipient_and_the_agencies_only_above_5000(
        app, client, counsel_case, affected, agencies_too):  # noqa: F811
    n, token = counsel_case
    response = side_step(client, n, "breach_discovered", "2026-04-06",
                         ny_residents_affected=affected)
    assert response.status_code == 302, page_text(response)
    deadlines = open_deadlines(app, n)
    expected = {"GBL899AA_NOTICE", *BREACH_AGENCIES} | ({"GBL899AA_CRA"} if agencies_too
                                                        else set())
    assert {code for code in deadlines if code.startswith("GBL")} == expected
    # 30 days after Mon 04-06 is Wed 2026-05-06, for every recipient.
    assert {deadlines[code].due_on for code in expected} == {date(2026, 5, 6)}
    assert deadlines["GBL899AA_NOTICE"].verified and not deadlines["GBL899AA_AG"].verified
    assert f"New York residents affected {affected}" in page_text(client.get(f"/cases/{n}"))
    assert "Notify" not in page_text(client.get(f"/status/{token}"))

    # Each notice ends its own duty, and only its own.
    response = side_step(client, n, "breach_notice_ag_sent", "2026-04-08")
    assert response.status_code == 302, page_text(response)
    after = statuses(app, n)
    assert after["GBL899AA_AG"] == "done"
    assert {after[code] for code in expected - {"GBL899AA_AG"}} == {"open"}
    # The step is no longer offered once its duty is done (the timeline still says it was).
    html = client.get(f"/cases/{n}").get_data(as_text=True)
    assert f"/cases/{n}/steps/breach_notice_ag_sent" not in html
    assert f"/cases/{n}/steps/breach_notice_dos_sent" in html
    assert (f"/cases/{n}/steps/breach_notice_cra_sent" in html) is agencies_too


def test_the_breach_step_asks_how_many_residents(app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    response = side_step(client, n, "breach_discovered", "2026-04-06")
    assert response.status_code == 400
    assert "Enter how many New York residents are affected (0 if none)." in page_text(response)
    response = side_step(client, n, "breach_discovered", "2026-04-06",
                         ny_residents_affected="-3")
    assert response.status_code == 400
    assert "Enter a number of people, 0 or more." in page_text(response)
    assert not any(code.startswith("GBL") for code in open_deadlines(app, n))


def test_correcting_the_applications_date_moves_the_suspension_and_the_clock(
        app, client, counsel_case):  # noqa: F811
    from .test_deadlines import correct_date, event_of

    n, _ = counsel_case
    noticed(client, app, n)
    side_step(client, n, "court_application_filed", "2026-03-06")
    response = correct_date(client, n, event_of(app, "court_application_filed").id,
                            "2026-03-09")
    assert response.status_code == 302, page_text(response)
    # Suspended from Mon 03-09 for 90 days, to Sun 2026-06-07; the answer (due 03-16) had 7
    # days left on 03-09: 7 days after 06-07 is Sun 2026-06-14.
    answer = open_deadlines(app, n)["AAA_ANSWER"]
    assert answer.due_on == date(2026, 6, 14)
    assert ("suspended from 2026-03-09 to 2026-06-07 (90 days); the period resumed with 7 days "
            "left") in answer.explanation
    assert "Suspended until (unless ended early) 2026-06-07" in page_text(
        client.get(f"/cases/{n}"))


def test_recompute_re_versions_a_2025_case_stored_as_the_2014_rules(
        app, client, counsel_case, runner):  # noqa: F811
    from sqlalchemy import update

    from qtrax_disputes.deadlines.models import Deadline
    from qtrax_disputes.web.extensions import db

    n, _ = counsel_case
    noticed(client, app, n)
    with app.app_context():  # as an earlier version stored it
        db.session.execute(update(Deadline).where(Deadline.rule_code == "AAA_ANSWER").values(
            rule_version="2014-09-01", source="AAA Consumer Arbitration Rules",
            explanation="(AAA Consumer Arbitration Rules; rule AAA_ANSWER, version 2014-09-01)"))
        db.session.commit()
    # The page reads the source by the case's rule set even before the recompute.
    assert "Source: AAA Consumer Arbitration Rules and Mediation Procedures (2025-05-01), " \
           "unverified" in page_text(client.get(f"/cases/{n}?section=deadlines"))

    applied = runner.invoke(args=["deadlines", "recompute", "--apply"])
    assert "applied 1 change(s)" in applied.output
    answer = open_deadlines(app, n)["AAA_ANSWER"]
    assert (answer.rule_version, answer.due_on) == ("2025-05-01", date(2026, 3, 16))
    assert answer.source == ("AAA Consumer Arbitration Rules and Mediation Procedures "
                             "(2025-05-01), unverified")
    assert "2014-09-01" not in answer.explanation


def test_no_resident_affected_is_recorded_as_0_and_owes_no_agency_notice(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    response = side_step(client, n, "breach_discovered", "2026-04-06", ny_residents_affected="0")
    assert response.status_code == 302, page_text(response)
    assert "New York residents affected 0" in page_text(client.get(f"/cases/{n}"))
    assert "GBL899AA_CRA" not in open_deadlines(app, n)


def test_the_notices_and_the_court_order_outlive_the_case(app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    side_step(client, n, "breach_discovered", "2026-04-06", ny_residents_affected="9000")
    side_step(client, n, "court_order_received", "2026-04-07", return_on="2026-04-30")
    response = move(client, app, n, "withdrawn", "2026-04-08", note="The complainant withdrew.")
    assert response.status_code == 302, page_text(response)
    # Owed to residents, agencies and the court whatever becomes of the dispute.
    assert {"GBL899AA_NOTICE", "GBL899AA_AG", "GBL899AA_DOS", "GBL899AA_POLICE", "GBL899AA_CRA",
            "COURT_ORDER_RETURN"} <= set(open_deadlines(app, n))


def test_a_suspension_cannot_be_ended_on_a_day_it_was_not_running(
        app, client, counsel_case):  # noqa: F811
    n, _ = counsel_case
    noticed(client, app, n, aaa_rules="2014")
    side_step(client, n, "court_application_filed", "2026-03-06")  # suspended to 04-05
    response = side_step(client, n, "suspension_lifted", "2026-04-06")
    assert response.status_code == 400
    assert "Enter a day while the arbitration was suspended." in page_text(response)
    assert open_deadlines(app, n)["AAA_ANSWER"].due_on == date(2026, 4, 15)

"""No part of a case's page, nor the complainant's status page, shows a code where a word
belongs: every label comes from its one table (stages, event kinds, cost kinds and stages,
document tags, party roles, categories), so "aaa_noticed" can never read "Aaa noticed" nor
"aaa_consumer_filing_fee" read "Aaa consumer filing fee"."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from qtrax_disputes.cases import event_labels
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.categories import CATEGORIES
from qtrax_disputes.cases.operations.neutrals import PARTY_ROLES, conflict_role
from qtrax_disputes.cases.sections import TAB_NAMES
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.costs import schedules
from qtrax_disputes.documents.models import TAGS
from qtrax_disputes.web.formatting import email_breaks

from ..conftest import page_text
from ..factories import make_case, make_cost, make_document
from .helpers import PDF_BYTES, file

LABELLED: dict[str, str] = {
    **wf.STAGE_LABELS, **event_labels.STAGE_CHANGE_LABELS, **event_labels.SIDE_STEP_LABELS,
    **event_labels.RECORD_LABELS, **event_labels.NEUTRAL_LABELS,
    **schedules.COST_KIND_LABELS, **schedules.STAGE_LABELS, **dict(TAGS), **PARTY_ROLES,
    **dict(CATEGORIES),
}
WORDS = set(LABELLED.values())
# A code of several words as `|capitalize` of it would read, where that is not already its
# label's words ("Filed" or "Triage" alone is an ordinary word; "Aaa" is checked on its own).
CAPITALIZED = sorted({code.replace("_", " ").capitalize() for code in LABELLED if "_" in code}
                     - WORDS,
                     key=len, reverse=True)
SNAKE_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def codes_in(text: str) -> list[str]:
    # A label may begin with what a code reads as ("Mediator accepted by a side"): take the
    # labels out first, longest first, so only a code's own rendering is left to find.
    for words in sorted(WORDS, key=len, reverse=True):
        text = text.replace(words, " ")
    found = [c for c in CAPITALIZED if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
    found += SNAKE_CODE.findall(text)
    found += re.findall(r"\bAaa\b", text)
    return found


def test_the_check_catches_what_capitalize_and_replace_make_of_a_code():
    assert codes_in("Aaa noticed on Mon") and codes_in("an aaa_consumer_filing_fee item")
    assert codes_in("Aaa consumer filing fee")
    assert not codes_in("Mediator fee · AAA filing fee: the consumer's · Claimant's counsel")


def test_no_part_of_a_case_nor_its_status_page_shows_a_code(app, client, auth):
    with app.app_context():
        made = make_case(wf.AWARD_RECEIVED, parties=[
            {"role": "claimant_counsel", "name": "Lee Advocate", "email": "lee@law.example"}])
        make_cost(made, stage="arbitration", kind="aaa_consumer_filing_fee",
                  amount_cents=225_00)
        make_cost(made, stage="mediation", kind="mediator_fee", amount_cents=300_00)
        make_document(made, tag="correspondence")
    with frozen(datetime(2026, 2, 20, 15, 0, tzinfo=UTC)):
        # The complainant adds papers without a note: the page lists them in words.
        assert client.post(made.status_path + "/documents",
                           data={"attachments": [file(PDF_BYTES, "receipt.pdf")]},
                           content_type="multipart/form-data").status_code == 302
        status = page_text(client.get(made.status_path))
        assert "receipt.pdf" in status and "Decision received" in status, status
        assert codes_in(status) == [], status
        auth.login("counsel")
        for section in TAB_NAMES:
            text = page_text(client.get(f"/cases/{made.number}", query_string={
                "section": section}))
            assert codes_in(text) == [], (section, codes_in(text))


def test_an_email_address_may_wrap_only_after_its_at_sign_or_a_dot():
    assert str(email_breaks("pat.o-neil@adr.example")) == "pat.<wbr>o-neil@<wbr>adr.<wbr>example"
    assert "<b>" not in str(email_breaks("<b>@x.example"))  # the address itself is escaped


def test_a_conflict_hit_names_the_role_in_words():
    assert conflict_role("claimant_counsel") == "Claimant's counsel"
    assert conflict_role("complainant") == "Complainant"
    assert conflict_role("proposed mediator (open)") == "proposed mediator (open)"
    assert codes_in(" ".join(conflict_role(role) for role in PARTY_ROLES)) == []

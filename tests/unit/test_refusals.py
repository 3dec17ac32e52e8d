"""A refusal says why in words and where: its message for the page, its fields for the form."""

from __future__ import annotations

import subprocess
import sys

import pytest

from qtrax_disputes.cases.operations import ProposalRefused, StaleCase, StepRefused
from qtrax_disputes.core.refusals import Refused, Stale
from qtrax_disputes.costs.operations import CostRefused, StaleItem
from qtrax_disputes.deadlines.operations import DeadlineRefused
from qtrax_disputes.documents.operations import UploadRefused
from qtrax_disputes.policies.operations import VersionRefused


def test_a_refusal_keeps_its_message_and_the_fields_it_concerns():
    refused = Refused("The date is too early.", {"occurred_on": "Enter 2026-01-02 or later."})
    assert refused.message == str(refused) == "The date is too early."
    assert refused.field_errors == {"occurred_on": "Enter 2026-01-02 or later."}
    assert refused.field == "occurred_on"


def test_a_refusal_of_one_field_is_told_next_to_that_field():
    refused = CostRefused.at("reason", "Say why the cost is deleted.")
    assert isinstance(refused, CostRefused)
    assert refused.field_errors == {"reason": "Say why the cost is deleted."}
    assert CostRefused.at(None, "No field.").field_errors == {}


def test_a_refusal_that_names_no_field_points_nowhere():
    refused = DeadlineRefused("This deadline is no longer open.")
    assert refused.field_errors == {} and refused.field is None


def test_a_stale_refusal_says_its_own_words_without_being_told_them():
    assert "Someone else saved this case" in StaleCase().message
    assert "Someone else changed this cost" in StaleItem().message
    assert isinstance(StaleItem(), CostRefused)  # a view catching the ledger's refusals sees it


def test_the_callers_field_errors_are_not_shared_with_the_refusal():
    given = {"text": "The text is empty."}
    refused = VersionRefused("The text is empty.", given)
    given["other"] = "changed later"
    assert refused.field_errors == {"text": "The text is empty."}


@pytest.mark.parametrize("refusal", [StepRefused, ProposalRefused, StaleCase, CostRefused,
                                     StaleItem, UploadRefused, DeadlineRefused, VersionRefused])
def test_every_operation_refuses_the_same_way(refusal):
    assert issubclass(refusal, Refused)


def test_a_file_refused_is_still_a_value_error_for_code_that_catches_those():
    assert issubclass(UploadRefused, ValueError)
    assert issubclass(StaleCase, Stale)


@pytest.mark.repository
def test_refusals_import_without_flask_or_a_database():
    probe = ("import sys, qtrax_disputes.core.refusals; "
             "print([m for m in ('flask', 'sqlalchemy') if m in sys.modules])")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"

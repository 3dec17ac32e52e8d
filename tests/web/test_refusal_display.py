"""A page shows a refusal one way: next to the fields it concerns, or else as a flash."""

from __future__ import annotations

from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.web.refusals import show_refusal


class _Form(FlaskForm):
    class Meta:
        csrf = False

    amount = StringField()
    reason = StringField()


def _shown(app, refused, **options):
    with app.test_request_context("/", method="POST"):
        form = _Form()
        told = show_refusal(refused, form, **options)
        return told, list(form.amount.errors), list(form.reason.errors), get_flashed_messages()


def test_a_refusal_with_its_fields_goes_next_to_them_and_its_message_on_top(app):
    refused = Refused("The step was not taken.", {"reason": "Give the reason."})
    assert _shown(app, refused) == (True, [], ["Give the reason."], ["The step was not taken."])


def test_a_refusal_told_next_to_its_field_is_not_told_again_on_top(app):
    refused = Refused.at("reason", "Give the reason.")
    assert _shown(app, refused) == (False, [], ["Give the reason."], [])


def test_a_refusal_naming_no_field_of_the_form_goes_where_the_view_says(app):
    refused = Refused("The shares do not make the whole.", {"not_on_this_form": "…"})
    assert _shown(app, refused, field="amount") == (
        False, ["The shares do not make the whole."], [], [])


def test_without_a_form_a_refusal_is_a_flash_saying_what_was_not_done(app):
    with app.test_request_context("/"):
        assert show_refusal(Refused("The file is empty."), lead="The version was not saved.")
        assert get_flashed_messages() == ["The version was not saved. The file is empty."]

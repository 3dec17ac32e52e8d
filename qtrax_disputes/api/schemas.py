"""What the API sends and accepts, described once: the OpenAPI document is generated from
these, and requests are checked against them before any operation sees them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..cases.categories import CATEGORIES
from ..cases.workflow import STAGES

CATEGORY_CODES = [code for code, _ in CATEGORIES]
NUMBER = r"^QD-\d{4}-\d{6}$"
NO_CONTROL = validate.Regexp(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
                             error="Remove the control characters.")


class Strict(Schema):
    class Meta:
        # A misspelt field is refused by name rather than silently ignored.
        unknown = "raise"


class CaseListArgs(Strict):
    q = fields.String(validate=[validate.Length(max=200), NO_CONTROL],
                      metadata={"description": "Words or a case number, as the list's search."})
    stage = fields.String(validate=validate.OneOf(list(STAGES)))
    category = fields.String(validate=validate.OneOf(CATEGORY_CODES))
    assignee = fields.String(validate=validate.Regexp(r"^(me|none|[1-9][0-9]{0,9})$"),
                             metadata={"description": "A user id, me or none."})
    state = fields.String(load_default="open", validate=validate.OneOf(["open", "closed",
                                                                          "all"]))
    filed_from = fields.Date()
    filed_to = fields.Date()
    mass = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    cursor = fields.String(validate=validate.Regexp(r"^[1-9][0-9]{0,9}$"),
                           metadata={"description": "next_cursor of the previous page."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class Person(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)


class CaseSummary(Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True, metadata={"pattern": NUMBER})
    stage = fields.String(required=True)
    stage_label = fields.String(required=True)
    category = fields.String(required=True)
    complainant_name = fields.String(required=True)
    summary = fields.String(required=True)
    filed_on = fields.Date(required=True)
    closed_on = fields.Date(allow_none=True, required=True)
    assignee = fields.Nested(Person, allow_none=True, required=True)
    next_deadline_on = fields.Date(allow_none=True, required=True)
    version = fields.Integer(required=True, metadata={
        "description": "Send it back with a change: a change made meanwhile answers 409."})


class CasePage(Schema):
    items = fields.List(fields.Nested(CaseSummary), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "Pass as cursor for the next page; null on the last."})


class CaseDetail(CaseSummary):
    complainant_email = fields.String(required=True)
    complainant_phone = fields.String(required=True)
    account_identifier = fields.String(required=True)
    description = fields.String(required=True)
    desired_resolution = fields.String(required=True)
    incident_on = fields.Date(allow_none=True, required=True)
    is_child_data = fields.Boolean(required=True)
    amount_claimed_cents = fields.Integer(allow_none=True, required=True)
    source = fields.String(required=True)
    aaa_rules = fields.String(allow_none=True, required=True)


class ComplaintIn(Strict):
    name = fields.String(required=True)
    email = fields.String(required=True)
    phone = fields.String(load_default="")
    account = fields.String(required=True)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORY_CODES))
    incident_on = fields.Date(required=True)
    information_given_on = fields.Date(allow_none=True, load_default=None)
    description = fields.String(required=True)
    resolution = fields.String(required=True)
    amount_cents = fields.Integer(allow_none=True, load_default=None,
                                  validate=validate.Range(min=1, max=10**13))
    is_child_data = fields.Boolean(load_default=False)
    acknowledged = fields.Boolean(required=True, metadata={
        "description": "The complainant read how disputes are handled (the form's box)."})


class Filed(Schema):
    number = fields.String(required=True, metadata={"pattern": NUMBER})
    status_url = fields.String(required=True, metadata={
        "description": "The complainant's private status page (also in their receipt)."})

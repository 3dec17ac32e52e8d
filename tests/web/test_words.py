"""The words the database and the pages share are defined once: who may be assigned a case,
what is overdue, and the AAA's dates and amounts the case page states."""

from __future__ import annotations

from sqlalchemy import select

from qtrax_disputes.auth import operations as accounts
from qtrax_disputes.auth.models import User
from qtrax_disputes.cases import queries
from qtrax_disputes.web.extensions import db


def test_a_case_is_assigned_to_active_staff_counsel_or_admins_never_to_a_viewer(app, make_user):
    ids = {role: make_user(role)[0] for role in ("viewer", "staff", "counsel", "admin")}
    gone, _ = make_user("staff")
    with app.app_context():
        accounts.deactivate(db.session.get(User, gone))
        offered = {u.id for u in queries.assignable_users()}
        # The list's query and the check of a posted assignee read the same definition.
        checked = {u.id for u in db.session.scalars(select(User)) if u.assignable}
    assert offered == checked == {ids["staff"], ids["counsel"], ids["admin"]}

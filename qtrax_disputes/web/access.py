"""Who may reach which route: the one table, and the check that enforces it.

Every endpoint is either public (reachable without an account) or names the least role it
needs. An endpoint missing from both is refused to everybody, so a new route cannot be
reachable by accident; tests walk the URL map and fail on any such route.
"""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from qtrax_disputes.auth.roles import ADMIN, COUNSEL, STAFF, VIEWER, at_least
from qtrax_disputes.web.extensions import login_manager

PUBLIC: frozenset[str] = frozenset(
    {
        "static",
        "health.healthz",
        "health.livez",
        "favicon.favicon",
        "auth.login",
        "setup.first_admin",  # a signed, dated link printed on the console while no account exists
        "sso.start",  # single sign-on: off to the provider and back (404 unless configured)
        "sso.callback",
        # the second step of a sign-in: it reads only the pending sign-in in the session
        "two_factor.code",
        # a forgotten password: the same answer for any address; the emailed link's token
        # (reset or invitation) is the credential
        "auth.forgot_password",
        "auth.forgot_password_sent",
        "auth.reset_password",
        "auth.accept_invite",
        "intake.complaint",
        "intake.filed",
        "intake.status",
        "intake.status_upload",
        "intake.status_document",
        "intake.answer_mediator",
        "intake.propose_mediator",
        # the claimant's own acceptance of a settlement offered to their mass
        "intake.settlement_offer",
        "intake.accept_settlement",
        "intake.lost_link",
        "intake.lost_link_sent",
        "intake.status_message",  # the complainant writes to staff through their link
        "deadlines.user_feed",  # the secret token in its address is the credential
        "updates.off",  # a signed token for one case: it only turns its update emails off
        # the API's description and its reference page: no data of any case
        "api-docs.openapi_json",
        "api_reference.reference",
        "api_complaints.Complaints",  # the public form's way in, for Qtrax's own website
    }
)

ROUTE_ROLES: dict[str, str] = {
    # the JSON API: a token acts with its person's role (api/signing_in.py)
    "api_cases.Cases": VIEWER,
    "api_cases.OneCase": VIEWER,
    "auth.logout": VIEWER,
    "auth.settings": VIEWER,
    # a person's own two-factor sign-in
    "two_factor.manage": VIEWER,
    "two_factor.regenerate": VIEWER,
    "two_factor.disable": VIEWER,
    "auth.change_password": VIEWER,
    # a person's own API tokens (they act with the person's role)
    "auth.create_token": VIEWER,
    "auth.revoke_token": VIEWER,
    "home.home": VIEWER,
    # cases
    "cases.index": VIEWER,
    "cases.export_csv": VIEWER,
    # a person's own saved views of the list
    "cases.save_view": VIEWER,
    "cases.pin_view": VIEWER,
    "cases.delete_view": VIEWER,
    "cases.bulk": STAFF,
    "cases.show": VIEWER,
    "cases.document": VIEWER,
    "cases.edit": STAFF,
    # a complaint that came by letter, email, phone or AAA notice (the road decides the steps)
    "opening.new_case": STAFF,
    "cases.add_note": STAFF,
    # staff write to the complainant (who is emailed a fresh link to read it)
    "messages.write": STAFF,
    "cases.assign": STAFF,
    # which clause governs the procedure is a legal judgement: counsel's
    "cases.confirm_clause": COUNSEL,
    # the road: the route needs staff; workflow.py decides which steps need counsel
    "cases.transition": STAFF,
    "cases.record_step": STAFF,
    "cases.add_party": STAFF,
    "cases.propose_neutral": STAFF,
    "cases.check_conflicts": STAFF,
    "cases.answer_proposal": STAFF,
    "cases.edit_event_date": STAFF,
    # staff ask counsel for a step only counsel may take (the operation checks the step)
    "tasks.ask": STAFF,
    # deadlines
    "deadlines.index": VIEWER,
    "deadlines.add": STAFF,
    "deadlines.complete": STAFF,
    "deadlines.waive": STAFF,
    # turning a window into a duty is a decision about the case: counsel's
    "deadlines.will_act": COUNSEL,
    "deadlines.will_not_act": COUNSEL,
    "deadlines.case_feed": VIEWER,
    "deadlines.my_feed": VIEWER,
    # roster of neutrals
    "neutrals.index": VIEWER,
    "neutrals.new": ADMIN,
    "neutrals.edit": ADMIN,
    # documents
    "documents.upload": STAFF,
    "documents.new_version": STAFF,
    "documents.delete": COUNSEL,
    "documents.privilege_log_page": STAFF,
    "documents.privilege_log_csv": STAFF,
    "documents.privilege_log_pdf": STAFF,
    # costs
    "costs.add": COUNSEL,
    "costs.edit": COUNSEL,
    "costs.delete": COUNSEL,
    "costs.override": COUNSEL,
    "costs.pay": STAFF,
    "costs.confirm": STAFF,
    "costs.case_csv": VIEWER,
    "costs.index": VIEWER,
    "costs.ledger_csv": VIEWER,
    "costs.schedules": ADMIN,
    # reports
    "reports.index": VIEWER,
    "reports.weekly": VIEWER,
    "reports.weekly_csv": VIEWER,
    "reports.weekly_pdf": VIEWER,
    "reports.regenerate": COUNSEL,
    # versions of the privacy policy: staff read them, admins add them
    "policies.index": VIEWER,
    "policies.show": VIEWER,
    "policies.new": ADMIN,
    "policies.edit_clause": ADMIN,
    # mass arbitrations: staff read them; whether cases are a mass, and importing a wave of
    # demands, are counsel's; fee amounts nobody has verified are an administrator's to enter
    "mass.index": VIEWER,
    "mass.show": VIEWER,
    "mass.filings": VIEWER,
    "mass.create": COUNSEL,
    "mass.edit": COUNSEL,
    "mass.add_cases": COUNSEL,
    "mass.add_batch": STAFF,
    "mass.record_affirmations": STAFF,
    "mass.update_member": STAFF,
    "mass.deficiencies_csv": STAFF,
    "mass.import_preview": COUNSEL,
    "mass.import_confirm": COUNSEL,
    # the route needs staff; workflow.py decides, per case, which steps need counsel
    "mass.step": STAFF,
    "mass.step_progress": VIEWER,
    "mass.step_continue": STAFF,
    "mass.enter_fee": ADMIN,
    # a global settlement is counsel's to offer and to settle on; staff record acceptances
    "mass.make_offer": COUNSEL,
    "mass.record_acceptances": STAFF,
    "mass.record_release": COUNSEL,
    # administration
    "admin.audit": ADMIN,
    "admin.users": ADMIN,
    "two_factor.admin_reset": ADMIN,
    "admin.invite": ADMIN,
    "admin.change_role": ADMIN,
    "admin.send_reset": ADMIN,
    "admin.deactivate": ADMIN,
    "admin.reactivate": ADMIN,
}


def check_access():
    """A ``before_request`` hook: log in first, then the role the route needs."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC:
        return None
    needed = ROUTE_ROLES.get(endpoint)
    if needed is None:
        abort(403)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.can(needed):
        abort(403)
    return None


def role_reaches(role: str, endpoint: str) -> bool:
    """Whether an account of ``role`` may use a staff route (the navigation asks per role)."""
    needed = ROUTE_ROLES.get(endpoint)
    return bool(needed and at_least(role, needed))


def can_reach(user, endpoint: str) -> bool:
    """For templates: show a link or button only to those who may use it."""
    if endpoint in PUBLIC:
        return True
    return bool(user.is_authenticated and role_reaches(user.role, endpoint))

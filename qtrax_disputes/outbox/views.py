"""The public page that turns a case's update emails off: the link in every update, and its
List-Unsubscribe address (RFC 8058: a mail client POSTs to it with no page and no cookie,
so the signed token in the address is the only credential, and CSRF does not apply)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from qtrax_disputes.web.extensions import csrf

from . import complainant_updates

bp = Blueprint("updates", __name__)


@bp.route("/updates/off/<token>", methods=["GET", "POST"])
@csrf.exempt
def off(token: str):
    case = complainant_updates.case_for_updates_off_token(token)
    if case is None or case.purged_on is not None:
        abort(404)
    if request.method == "POST":
        complainant_updates.turn_updates_off(case)
        return render_template("updates/off.html", case=case, done=True)
    return render_template("updates/off.html", case=case, token=token,
                           done=case.updates_off_at is not None)

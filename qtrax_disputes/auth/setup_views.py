"""The first administrator's form, reached only through the setup link printed on the console."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for

from qtrax_disputes.web.refusals import show_refusal

from .first_run import SetupDone, accounts_exist, create_first_admin, setup_token_valid
from .forms import FirstAdminForm
from .operations import AccountError
from .signing_in import finish_sign_in

bp = Blueprint("setup", __name__)


@bp.route("/setup/<token>", methods=["GET", "POST"])
def first_admin(token: str):
    if accounts_exist():
        flash("This installation already has accounts: sign in, or ask an administrator.",
              "info")
        return redirect(url_for("auth.login"))
    if not setup_token_valid(current_app.config["SECRET_KEY"], token):
        return render_template("auth/setup_link_invalid.html"), 404
    form = FirstAdminForm()
    if form.validate_on_submit():
        try:
            user = create_first_admin(form.email.data or "", form.password.data or "",
                                      name=form.name.data or "")
        except SetupDone as refused:
            flash(refused.message, "error")
            return redirect(url_for("auth.login"))
        except AccountError as refused:
            show_refusal(refused, form)
        else:
            flash("Your administrator account is ready. Invite your colleagues from Users.",
                  "success")
            return finish_sign_in(user, method="setup link", next_url=url_for("admin.users"))
    return render_template("auth/first_admin.html", form=form), 400 if form.errors else 200

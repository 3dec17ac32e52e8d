"""The start page after sign-in: the person's own work first."""

from flask import Blueprint, redirect, url_for

bp = Blueprint("home", __name__)


@bp.route("/")
def home():
    return redirect(url_for("cases.index"))

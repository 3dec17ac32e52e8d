"""The start page after sign-in: the person's own work first."""

from flask import Blueprint, render_template
from flask_login import current_user

from qtrax_disputes.cases.workflow import STAGE_LABELS
from qtrax_disputes.costs.schedules import COST_KIND_LABELS
from qtrax_disputes.work.next_step import expected_step
from qtrax_disputes.work.queries import SHOWN, my_work

bp = Blueprint("home", __name__)


@bp.route("/")
def home():
    return render_template("home/my_work.html", **my_work(current_user), shown=SHOWN,
                           stage_labels=STAGE_LABELS, cost_kinds=COST_KIND_LABELS,
                           expected_step=expected_step)

"""/favicon.ico: browsers ask for it at the root whatever the page links, so it must not 404."""

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("favicon", __name__)


@bp.route("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/x-icon", max_age=7 * 24 * 3600)

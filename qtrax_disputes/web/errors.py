"""Friendly error pages: what went wrong in words, never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from qtrax_disputes.web.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Not found"), _l("There is nothing at this address. Check the link or go back.")),
    405: (_l("Not allowed"), _l("That action is not available here.")),
    413: (
        _l("Too large"),
        _l("The files sent were larger than the limit. Nothing was saved. Choose smaller files "
        "(or fewer at once) and try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("You have sent this form too many times in a short while. Please wait a little and "
        "try again."),
    ),
    500: (_l("Something went wrong"),
          _l("The error was logged and nothing was half-saved. Try again.")),
    409: (
        _l("Saved by someone else meanwhile"),
        _l("Someone else saved this record while you were working on it. Nothing of yours was "
        "saved: go back, reload the page to see the current version, and try again."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The service cannot reach its database right now. Nothing was saved. Try again "
           "shortly."),
    ),
}


def render_error(code: int, message: str | None = None):
    from qtrax_disputes.api.problems import is_api_request, problem

    if is_api_request():  # a program reads the same refusal as a problem, not a page
        return problem(code if code in MESSAGES else 500, message)
    title, default = MESSAGES.get(code, MESSAGES[500])
    context = {"code": code, "title": title, "message": message or default}
    if code < 500:
        return render_template("errors/error.html", **context), code
    # The database may be why we are here: render from the template alone, as to someone
    # signed out, so no context processor reads the signed-in user or their overdue count.
    page = current_app.jinja_env.get_template("errors/error.html").render(
        **context, current_user=current_app.login_manager.anonymous_user(),
        nav_endpoints=frozenset(current_app.view_functions))
    return page, code


# SQLite's primary result codes for a database that is busy, locked, out of memory, failing
# its disk, full, cannot be opened or lost its lock: the statement was sound.
_SQLITE_UNAVAILABLE = {5, 6, 7, 10, 13, 14, 15}
# PostgreSQL's SQLSTATE classes for a connection lost or refused, resources exhausted, the
# server shutting down or the statement cancelled by an operator or a timeout.
_POSTGRES_UNAVAILABLE = ("08", "53", "57")


def database_unavailable(error: OperationalError) -> bool:
    """Whether the database could not be reached just now, as opposed to a statement it
    refused (on SQLite a bad statement is an OperationalError too): only the first is a 503."""
    if error.connection_invalidated:
        return True
    original = error.orig
    sqlite_code = getattr(original, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in _SQLITE_UNAVAILABLE
    if hasattr(original, "sqlstate"):  # psycopg: no SQLSTATE means libpq lost the server
        return original.sqlstate is None or original.sqlstate.startswith(_POSTGRES_UNAVAILABLE)
    return False


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            "The form's security token was missing or had expired, so nothing was saved. "
            "Reload the page and send the form again.",
        )

    # Any other exception is left to Flask, which logs its traceback and answers with the 500
    # page below, or, under TESTING, raises it in the test that caused it.
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        from qtrax_disputes.api.problems import api_problem_for, is_api_request

        if is_api_request():
            return api_problem_for(error)
        if error.code in MESSAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(StaleDataError)
    def saved_meanwhile(error: StaleDataError):
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(OperationalError)
    def database_down(error: OperationalError):
        if not database_unavailable(error):
            raise error
        db.session.rollback()
        app.logger.error("database unavailable: %s", type(error.orig).__name__)
        return render_error(503)

"""Friendly error pages: what went wrong in words, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Not found", "There is nothing at this address. Check the link or go back."),
    405: ("Not allowed", "That action is not available here."),
    413: (
        "Too large",
        "The files sent were larger than the limit. Nothing was saved. Choose smaller files "
        "(or fewer at once) and try again.",
    ),
    429: (
        "Too many attempts",
        "You have sent this form too many times in a short while. Please wait a little and "
        "try again.",
    ),
    500: ("Something went wrong", "The error was logged and nothing was half-saved. Try again."),
    409: (
        "Saved by someone else meanwhile",
        "Someone else saved this record while you were working on it. Nothing of yours was "
        "saved: go back, reload the page to see the current version, and try again.",
    ),
    503: (
        "Temporarily unavailable",
        "The service cannot reach its database right now. Nothing was saved. Try again shortly.",
    ),
}


def render_error(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default), code


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            "The form's security token was missing or had expired, so nothing was saved. "
            "Reload the page and send the form again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in MESSAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(StaleDataError)
    def saved_meanwhile(error: StaleDataError):
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(OperationalError)
    def database_down(error: OperationalError):
        db.session.rollback()
        app.logger.error("database unavailable: %s", error.__class__.__name__)
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_error(500)

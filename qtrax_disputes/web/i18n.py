"""Which language a page speaks: English or Spanish for the complainant's pages, English for staff.

The complainant's pages (the public intake and status pages, and the page that turns update
emails off) follow the language chosen by the "Español / English" link (``?lang=es``,
remembered in the session) or else the browser's Accept-Language. Every other page — staff
pages, the sign-in page, a page seen by someone signed in — is English. Emails to the
complainant are rendered in the language stored on their case (``Case.language``) with
``flask_babel.force_locale``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session

LANGUAGES = ("en", "es")
DEFAULT = "en"
SESSION_KEY = "lang"

# The public endpoints a complainant reads (web/access.py PUBLIC holds others too: the
# sign-in page, health checks, calendar feeds, which stay English).
COMPLAINANT_BLUEPRINTS = frozenset({"intake", "updates"})


def is_complainant_page() -> bool:
    from qtrax_disputes.web.access import PUBLIC

    # Signed in = a staff member (the session says so without asking the database, which may
    # be why an error page is being drawn): staff read every page, public ones too, in English.
    if session.get("_user_id"):
        return False
    endpoint = request.endpoint
    if endpoint is None:
        return True  # a page that matched no route (404), seen by the public
    return endpoint in PUBLIC and endpoint.partition(".")[0] in COMPLAINANT_BLUEPRINTS


def chosen_language() -> str:
    """The complainant's choice: the link's, then the session's, then the browser's."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = session.get(SESSION_KEY)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def select_locale() -> str:
    if not request:
        return DEFAULT
    return chosen_language() if is_complainant_page() else DEFAULT


def remember_choice() -> None:
    """A ``?lang=`` link on a complainant page is remembered for the pages that follow."""
    asked = request.args.get("lang")
    if asked in LANGUAGES and is_complainant_page():
        session[SESSION_KEY] = asked


def current_language() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else DEFAULT


def in_their_language(case):
    """Render what is queued for this case's complainant in the language they filed in."""
    from flask_babel import force_locale

    language = getattr(case, "language", None)
    return force_locale(language if language in LANGUAGES else DEFAULT)


def register_languages(app: Flask, translations: Path) -> None:
    from qtrax_disputes.web.extensions import babel

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(translations))
    app.before_request(remember_choice)
    from markupsafe import Markup

    # A translated sentence may hold markup (a bold name, a link): Markup("<b>%s</b>")|format(x)
    app.jinja_env.globals["Markup"] = Markup

    @app.context_processor
    def language():
        if not request:
            return {"page_language": DEFAULT, "language_switch": False}
        return {"page_language": current_language(),
                "language_switch": is_complainant_page()}

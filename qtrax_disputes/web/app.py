"""The application factory: builds the Flask app, binds the extensions, registers every feature.

It lives here, not in the package's ``__init__``, so importing the law (``cases.workflow``,
``deadlines.rules``…) loads no Flask and no database.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from flask import logging as flask_logging

from qtrax_disputes.web import config as config_module
from qtrax_disputes.web import log_format
from qtrax_disputes.web.extensions import csrf, db, limiter, login_manager, migrate
from qtrax_disputes.web.request_log import register_request_log
from qtrax_disputes.web.resources import default_instance_path, resource_dir


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        "qtrax_disputes",  # the app is the package: root path and logger name as before
        instance_path=str((config or {}).get("INSTANCE_PATH") or default_instance_path()),
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.from_environment(instance))
    if config:
        app.config.update(config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config_module.engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.secret_key_for(instance)
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)

    if app.config.get("TRUST_PROXY_HEADERS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUST_PROXY_HEADERS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from qtrax_disputes.web.security import register_row_ids

    register_extensions(app)
    from qtrax_disputes.web.i18n import register_languages

    # The complainant's languages: catalogues in translations/ at the project root.
    register_languages(app, resource_dir("translations"))
    register_row_ids(app)
    register_blueprints(app)
    from qtrax_disputes.api.setup import register_api

    register_api(app)
    register_commands(app)
    register_template_helpers(app)

    from qtrax_disputes.web.errors import register_error_pages
    from qtrax_disputes.web.security import (
        hide_status_links_in_request_log,
        register_input_guard,
        register_security_headers,
    )

    register_error_pages(app)
    register_security_headers(app)
    register_input_guard(app)
    hide_status_links_in_request_log()
    register_request_log(app)
    # Every line as JSON (log_format.py), the app's own included: Flask's plain handler goes.
    log_format.configure(logging.DEBUG if app.debug else logging.INFO)
    app.logger.removeHandler(flask_logging.default_handler)
    return app


def register_extensions(app: Flask) -> None:
    from qtrax_disputes.db import (
        all_models,  # noqa: F401  (every model registered before migrations look)
        sqlite_tuning,  # noqa: F401  (its listener sets up each SQLite connection)
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from qtrax_disputes.auth import oidc

    oidc.init_app(app)  # single sign-on, when OIDC_* are set
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    from qtrax_disputes.auth.models import User
    from qtrax_disputes.web.query_args import record_id

    @login_manager.user_loader
    def load_user(user_id: str):
        ident, _, version = user_id.partition(":")
        if (found := record_id(ident)) is None:
            return None
        user = db.session.get(User, found)
        if user is None or str(user.session_version) != version or not user.active:
            return None
        return user

    from qtrax_disputes.web.access import check_access

    app.before_request(check_access)


def register_blueprints(app: Flask) -> None:
    from qtrax_disputes.admin.views import bp as admin_bp
    from qtrax_disputes.auth.setup_views import bp as setup_bp
    from qtrax_disputes.auth.sso_views import bp as sso_bp
    from qtrax_disputes.auth.two_factor.views import bp as two_factor_bp
    from qtrax_disputes.auth.views import bp as auth_bp
    from qtrax_disputes.cases.views import bp as cases_bp
    from qtrax_disputes.costs.views import bp as costs_bp
    from qtrax_disputes.deadlines.views import bp as deadlines_bp
    from qtrax_disputes.documents.views import bp as documents_bp
    from qtrax_disputes.intake.staff_views import bp as opening_bp
    from qtrax_disputes.intake.views import bp as intake_bp
    from qtrax_disputes.mass.views import bp as mass_bp
    from qtrax_disputes.messages.views import bp as messages_bp
    from qtrax_disputes.neutrals.views import bp as neutrals_bp
    from qtrax_disputes.outbox.views import bp as updates_bp
    from qtrax_disputes.policies.views import bp as policies_bp
    from qtrax_disputes.reports.views import bp as reports_bp
    from qtrax_disputes.tasks.views import bp as tasks_bp
    from qtrax_disputes.web.favicon import bp as favicon_bp
    from qtrax_disputes.web.health import bp as health_bp
    from qtrax_disputes.web.home import bp as home_bp

    for blueprint in (auth_bp, setup_bp, health_bp, admin_bp, home_bp, intake_bp, cases_bp,
                      neutrals_bp, deadlines_bp, costs_bp, documents_bp, reports_bp, policies_bp,
                      tasks_bp, opening_bp, messages_bp, updates_bp, mass_bp,
                      favicon_bp, sso_bp, two_factor_bp):
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    from qtrax_disputes.auth.cli import users_cli
    from qtrax_disputes.auth.tokens_cli import tokens_cli
    from qtrax_disputes.backup.cli import backup_cli
    from qtrax_disputes.deadlines.cli import deadlines_cli
    from qtrax_disputes.demo.cli import demo_cli
    from qtrax_disputes.documents.cli import documents_cli
    from qtrax_disputes.mass.cli import mass_cli
    from qtrax_disputes.outbox.cli import outbox_cli
    from qtrax_disputes.policies.cli import policy_cli
    from qtrax_disputes.reports.cli import report_cli
    from qtrax_disputes.retention.cli import retention_cli

    for group in (users_cli, outbox_cli, deadlines_cli, documents_cli, report_cli,
                  demo_cli, backup_cli, retention_cli, policy_cli, mass_cli, tokens_cli):
        app.cli.add_command(group)


def register_template_helpers(app: Flask) -> None:
    from flask import has_request_context
    from flask_login import current_user

    from qtrax_disputes.cases import aaa
    from qtrax_disputes.cases.categories import label as category_label
    from qtrax_disputes.web import formatting
    from qtrax_disputes.web.access import can_reach

    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals["category_label"] = category_label
    # The AAA's dates and amounts a page states are read from cases/aaa.py, never restated.
    app.jinja_env.globals["aaa"] = aaa
    from qtrax_disputes.reports import present

    app.jinja_env.globals["chart_svgs_for"] = present.chart_svgs
    app.jinja_env.globals["tables_for"] = present.tables

    @app.context_processor
    def helpers():
        endpoints = app.extensions.setdefault(
            "qtrax_endpoints", frozenset(rule.endpoint for rule in app.url_map.iter_rules())
        )
        overdue, sections = 0, ()
        if not has_request_context():  # a command rendering a template (e.g. a report)
            return {"can": lambda endpoint: False, "nav_endpoints": endpoints,
                    "nav_sections": sections, "overdue_count": 0}
        if current_user.is_authenticated:
            from qtrax_disputes.web.navigation import sections_for

            user = current_user._get_current_object()
            sections = sections_for(user.role, endpoints)
            if "deadlines.index" in endpoints:
                from qtrax_disputes.deadlines.queries import overdue_count_for
                from qtrax_disputes.web.read_cache import cached

                overdue = cached(("overdue", user.id), lambda: overdue_count_for(user))
        return {
            "can": lambda endpoint: can_reach(current_user, endpoint),
            "nav_endpoints": endpoints,
            "nav_sections": sections,
            "overdue_count": overdue,
        }

"""The law is importable on its own: the pure modules load no web framework and no database.

Each is imported in a fresh interpreter, because this test process has Flask loaded already.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.repository  # starts interpreters: not run by make mutants

PURE_MODULES = [
    "qtrax_disputes.auth.roles",
    "qtrax_disputes.auth.two_factor.codes",
    "qtrax_disputes.auth.two_factor.policy",
    "qtrax_disputes.cases.workflow",
    "qtrax_disputes.cases.event_kinds",
    "qtrax_disputes.cases.event_labels",
    "qtrax_disputes.cases.steps",
    "qtrax_disputes.cases.venues",
    "qtrax_disputes.cases.aaa",
    "qtrax_disputes.cases.categories",
    "qtrax_disputes.cases.stages_public",
    "qtrax_disputes.deadlines.calendar",
    "qtrax_disputes.deadlines.rules",
    "qtrax_disputes.deadlines.holidays_ny",
    "qtrax_disputes.costs.allocation",
    "qtrax_disputes.costs.schedules",
    "qtrax_disputes.costs.charges",
    "qtrax_disputes.policies.versions",
    "qtrax_disputes.policies.shipped",
    "qtrax_disputes.policies.diff",
    "qtrax_disputes.policies.protocol",
    "qtrax_disputes.policies.plain",
    "qtrax_disputes.reports.weeks",
    "qtrax_disputes.core.clock",
    "qtrax_disputes.core.money",
    "qtrax_disputes.core.email_address",
]

WEB_AND_DATABASE = ("flask", "flask_sqlalchemy", "sqlalchemy", "wtforms", "werkzeug", "jinja2")

PROBE = f"""
import importlib, sys
importlib.import_module(sys.argv[1])
print(" ".join(sorted(m for m in {WEB_AND_DATABASE!r} if m in sys.modules)))
"""


@pytest.mark.parametrize("module", PURE_MODULES)
def test_a_pure_module_imports_without_flask_or_a_database(module):
    loaded = subprocess.run([sys.executable, "-c", PROBE, module], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == [], f"importing {module} loads {', '.join(loaded)}"


def test_the_probe_sees_a_module_that_does_load_the_web():
    loaded = subprocess.run([sys.executable, "-c", PROBE, "qtrax_disputes.web.app"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert "flask" in loaded

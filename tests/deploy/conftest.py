"""Helpers for the tests of what a deployment installs: the package, the crontab, the units."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Where deploy/ says the package is installed, and its settings file.
INSTALLED_COMMAND = "/opt/qtrax-disputes/venv/bin/qtrax-disputes"
SETTINGS_FILE = "/etc/qtrax-disputes/env"


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without what would point a child at the tests' database or
    at the source tree."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "TEST_DATABASE_URL", "DATABASE_URL", "INSTANCE_PATH",
                        "UPLOAD_DIR", "REPORT_DIR", "MAIL_SERVER"} and not k.startswith("FLASK_")}
    env.update(extra)
    return env


def write_settings(folder: Path) -> Path:
    """A settings file like deploy/env.example's, pointing at a fresh SQLite database."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / "env"
    settings.write_text(
        f"INSTANCE_PATH={folder / 'instance'}\n"
        f"DATABASE_URL=sqlite:///{folder / 'qtrax.db'}\n"
        "SECRET_KEY=deploy-test-secret\n")
    return settings


def source_command(settings: Path) -> list[str]:
    """The entry point's code run from the source tree (``python -m qtrax_disputes``)."""
    return [sys.executable, "-m", "qtrax_disputes", "--env-file", str(settings)]


# The PostgreSQL pass would repeat these: their databases are their own SQLite files.
sqlite_pass_only = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="runs its own SQLite database: the SQLite pass has run it already")

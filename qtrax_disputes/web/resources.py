"""Where the app finds its templates, static files, migrations and instance folder.

In the source tree they sit beside the package (templates/, static/, migrations/ at the root).
An installed package (``pip install .``) carries them inside it instead: pyproject.toml maps
the root folders into ``qtrax_disputes/`` as package data, so nothing was moved and both work.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SOURCE_ROOT = PACKAGE_DIR.parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (templates, static, migrations): the installed copy, else the tree's."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else SOURCE_ROOT / name


def is_installed() -> bool:
    return (PACKAGE_DIR / "templates").is_dir()


def default_instance_path() -> Path:
    """INSTANCE_PATH when set; else instance/ in the source tree, or in the working folder.

    An installed package has no tree of its own to write into (site-packages is not the place
    for the database, the secret key or the uploads), so a deployment sets INSTANCE_PATH.
    """
    if os.environ.get("INSTANCE_PATH"):
        return Path(os.environ["INSTANCE_PATH"])
    return (Path.cwd() if is_installed() else SOURCE_ROOT) / "instance"

"""A claimants' spreadsheet kept between its preview and counsel's confirmation.

The preview reads the uploaded file and saves nothing of it in the database; the file itself
waits in the upload folder under an unguessable name the confirmation form carries. The
confirmation claims it by renaming it (atomic: of two confirmations sent at once, one gets
it), imports from it, and removes it.
"""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from flask import current_app

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,40}\.(csv|xlsx)")


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(stream: BinaryIO, filename: str) -> str:
    """Save the upload; the name (token) to confirm it with."""
    suffix = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
    name = f"{secrets.token_urlsafe(18)}.{suffix}"
    with (_folder() / name).open("xb") as out:
        shutil.copyfileobj(stream, out, 1 << 20)
    return name


def path_of(token: str) -> Path | None:
    if not _TOKEN.fullmatch(token or ""):
        return None
    path = _folder() / token
    return path if path.is_file() else None


def claim(token: str) -> Path | None:
    """Take the kept file for one import; None when another confirmation took it first."""
    path = path_of(token)
    if path is None:
        return None
    claimed = path.with_name(path.name + ".importing")
    try:
        path.rename(claimed)
    except FileNotFoundError:
        return None
    return claimed


def release(path: Path) -> None:
    path.unlink(missing_ok=True)

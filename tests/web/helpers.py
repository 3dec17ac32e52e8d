"""Building blocks for web tests: valid complaints and small real files."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x90" * 200


def file(data: bytes, name: str):
    return (io.BytesIO(data), name)


def complaint_data(**overrides):
    data = {
        "name": "Jane Roe",
        "email": "jane.roe@example.com",
        "phone": "+1 212 555 0100",
        "account": "janeroe",
        "category": "email_sold",
        "incident_on": "2026-10-01",
        "description": "I started receiving spam at an address I only ever gave to Qtrax.",
        "resolution": "Tell me who received my address and stop sharing it.",
        "amount": "",
        "acknowledge": "y",
    }
    data.update(overrides)
    return data


def file_complaint(client, files=(), headers=None, **overrides):
    data = complaint_data(**overrides)
    if files:
        data["attachments"] = list(files)
    return client.post("/complaint", data=data, content_type="multipart/form-data",
                       headers=headers)


def filed_number_and_token(client):
    page = client.get("/complaint/filed").get_data(as_text=True)
    number = re.search(r"QD-\d{4}-\d{6}", page).group(0)
    token = re.search(r"/status/([A-Za-z0-9_\-]+)", page).group(1)
    return number, token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def age_stored_files(app, minutes: float | None = None) -> None:
    """Make every file in the upload folder look untouched for ``minutes`` (by default just
    past the grace period `documents gc` keeps files for), as if stored that long ago."""
    minutes = app.config["UPLOAD_GRACE_MINUTES"] + 1 if minutes is None else minutes
    then = time.time() - 60 * minutes
    root = Path(app.config["UPLOAD_DIR"])
    for path in root.rglob("*") if root.exists() else []:
        if path.is_file():
            os.utime(path, (then, then))


def gc_after_the_grace_period(app):
    """`documents gc` run once the files stored so far are past their grace period."""
    age_stored_files(app)
    return app.test_cli_runner().invoke(args=["documents", "gc"])


def email_parts(message) -> tuple[str, str]:
    """The plain-text and HTML parts of an email as it arrived (an email.message.Message)."""
    text = html = None
    for part in message.walk():
        if part.get_content_type() == "text/plain" and text is None:
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        elif part.get_content_type() == "text/html" and html is None:
            html = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    assert text is not None and html is not None, "an email has both a text and an HTML part"
    return text, html


def kept_files(response) -> list[tuple[str, str]]:
    """The files a re-rendered complaint form shows as kept: (token, name) for each, in order."""
    html = response.get_data(as_text=True)
    tokens = re.findall(r'<input type="hidden" name="held" value="([^"]+)">', html)
    names = [unescape(n) for n in re.findall(r'<span class="kept-name">([^<]*)</span>', html)]
    return list(zip(tokens, names, strict=True))


def upgraded_instance(tmp_path: Path, secret: str) -> dict:
    """The environment of an instance of its own (SQLite in ``tmp_path``), upgraded, for a
    command or server run as a separate process."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'instance.db'}",
           "UPLOAD_DIR": str(tmp_path / "uploads"), "REPORT_DIR": str(tmp_path / "reports"),
           "SECRET_KEY": secret, "FLASK_DEBUG": "0"}
    env.pop("TEST_DATABASE_URL", None)
    subprocess.run([str(Path(sys.executable).with_name("flask")), "--app", "app", "db",
                    "upgrade"], cwd=Path(__file__).resolve().parents[2], env=env, check=True,
                   capture_output=True, timeout=120)
    return env


class Inbox:
    """What a real SMTP server on loopback (aiosmtpd) received: (recipients, parsed email)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        from email import message_from_bytes

        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

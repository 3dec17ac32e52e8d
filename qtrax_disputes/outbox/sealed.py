"""Secrets an email carries that the database never holds.

A complainant's status link opens their case to whoever has it, so it must exist in clear
only in the email that leaves and in the complainant's hands. The queued message holds, in
its place, a marker with a random seed; the secret is the HMAC of that seed under the
server's SECRET_KEY, worked out only while the email is handed to SMTP, and the marker is
struck from the row once the message is delivered. A reader of the database, of a backup or
of the session cookie (signed, not encrypted) finds seeds at most, which open nothing
without the key, and after delivery not even those.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app

# '~' and the seed's alphabet pass through url_for unquoted, so a marker may sit in a URL.
_MARK = re.compile(r"~sealed~([A-Za-z0-9_-]{43})~")
STRUCK = "[private link: sent by email, not kept]"


def new_seed() -> str:
    return secrets.token_urlsafe(32)


def unseal(seed: str) -> str:
    """The secret a seed stands for: 256 bits, in the same alphabet as the seed."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"qtrax-sealed:" + seed.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def marker(seed: str) -> str:
    return f"~sealed~{seed}~"


def filled(body: str) -> str:
    """The body as it leaves: every marker replaced by its secret."""
    return _MARK.sub(lambda match: unseal(match.group(1)), body)


def struck(body: str) -> str:
    """The body as it is kept after delivery: nothing left that leads to a secret."""
    return _MARK.sub(STRUCK, body)

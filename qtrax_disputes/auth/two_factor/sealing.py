"""TOTP secrets encrypted at rest: a copy of the database alone does not give anyone codes.

Fernet (AES-128-CBC with HMAC-SHA256) with a key derived by HKDF from TOTP_KEY when it is set,
else from SECRET_KEY. Changing that key makes every stored secret unreadable: people then need
an administrator to reset their two-factor (README § Two-factor sign-in).
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

# Another purpose deriving from SECRET_KEY gets another key: sessions never share this one.
_PURPOSE = b"qtrax-disputes two-factor secrets v1"


class Unreadable(Exception):
    """A sealed secret this key cannot open (the key changed, or the value was altered)."""


def fernet_for(key_material: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=_PURPOSE).derive(key_material.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> Fernet:
    config = current_app.config
    return fernet_for(config.get("TOTP_KEY") or config["SECRET_KEY"])


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise Unreadable from exc

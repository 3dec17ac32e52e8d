"""Which one-time code is right when, and what a recovery code is. No Flask, no database.

A TOTP code is the HMAC of the 30-second step since 1970 (RFC 6238). A phone's clock drifts,
so a code of the step before or after is accepted too (pyotp's ``valid_window=1``), and the
step a code was accepted for is remembered so that the same code, overheard or replayed, is
refused: a later code must belong to a later step.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

import pyotp
from pyotp.utils import strings_equal

ISSUER = "Qtrax Disputes"
DIGITS = 6
STEP_SECONDS = 30
VALID_WINDOW = 1  # steps either side of now, for a phone's clock a little off
RECOVERY_CODE_COUNT = 10

# Recovery codes are read off paper and typed: no 0/O, 1/I/L, 5/S, 2/Z, 8/B to confuse.
_RECOVERY_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
_RECOVERY_HALF = 5  # two halves of five: 25**10 is about 2**46, beyond guessing at our limits

_TOTP_CODE = re.compile(r"[0-9]{6}")


def new_secret() -> str:
    """A fresh TOTP secret: 32 base32 characters (160 bits, RFC 4226's recommendation)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing by hand (apps ignore the spaces)."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def cleaned(typed: str) -> str:
    """What a person typed, without the spaces and dashes they may put in a code."""
    return re.sub(r"[\s-]+", "", typed or "").upper()


def looks_like_totp(typed: str) -> bool:
    return bool(_TOTP_CODE.fullmatch(cleaned(typed)))


def step_at(moment: datetime) -> int:
    """The 30-second step ``moment`` falls in (seconds since 1970 // 30)."""
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(secret: str, typed: str, moment: datetime,
                  last_used_step: int | None = None) -> int | None:
    """The step whose code ``typed`` is, within one step of ``moment`` and later than
    ``last_used_step``; None when it is no such code. The one accepted step is returned so
    the caller can store it and refuse the same code the next time."""
    code = cleaned(typed)
    if not _TOTP_CODE.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = step_at(moment)
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        # Compared in constant time, like pyotp's own verify.
        if strings_equal(code, totp.generate_otp(step)):
            return step
    return None


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Fresh recovery codes as shown to the person: two groups of five letters or digits
    joined by a dash."""
    def half() -> str:
        return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_HALF))
    return [f"{half()}-{half()}" for _ in range(count)]


def recovery_code_hash(typed: str) -> str:
    """What is stored of a recovery code. SHA-256 is enough here, unlike for passwords: the
    codes are random (46 bits), not chosen by people, so there is no dictionary to try, and
    guesses at the form are rate-limited; a slow hash would only slow every sign-in."""
    return hashlib.sha256(cleaned(typed).encode()).hexdigest()

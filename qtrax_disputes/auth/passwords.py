"""What a staff password must be: long enough and not one everybody tries first."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12

# Named rather than left to werkzeug's default so that the stand-in below costs exactly what
# checking a real stored hash costs (scrypt, N=2**15, r=8, p=1: about 32 MiB and 0.2 s).
METHOD = "scrypt:32768:8:1"

# No password hashes to this (its digest is zeros), but checking against it runs the same
# scrypt as a real account's hash: a sign-in with an unknown email takes as long as one with
# a wrong password, so the time of the answer does not tell whether an account exists.
_NO_ACCOUNT_HASH = f"{METHOD}${'0' * 16}${'0' * 128}"

# The most common choices in public breach corpora that reach 12 characters or are a
# trivial variation of the product's name; a short list is enough because length does the rest.
COMMON = frozenset(
    {
        "123456789012", "1234567890123", "password1234", "password12345", "passwordpassword",
        "qwertyuiop12", "qwertyuiopas", "123qweasdzxc", "iloveyou1234", "administrator",
        "letmein12345", "welcome12345", "changeme1234", "qtraxdisputes", "qtrax1234567",
        "aaaaaaaaaaaa", "111111111111", "000000000000", "abcdefghijkl", "abc123abc123",
        "trustno1trustno1", "football1234", "baseball1234", "monkey123456", "dragon123456",
        "sunshine1234", "princess1234", "superman1234", "starwars1234", "whatever1234",
    }
)


def password_problem(password: str, email: str = "") -> str | None:
    """None when acceptable, otherwise the reason in words for the person choosing it."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) <= 2:
        return "That password is too common; choose another."
    local = email.split("@", 1)[0].lower()
    if local and len(local) >= 4 and local in lowered:
        return "The password must not contain your email name."
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=METHOD)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored_hash`` was made from; None (no such account)
    does the same work and never matches."""
    matched = check_password_hash(stored_hash or _NO_ACCOUNT_HASH, password)
    return matched and stored_hash is not None

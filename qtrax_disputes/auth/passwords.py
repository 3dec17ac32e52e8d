"""What a staff password must be: long enough and not one everybody tries first."""

from __future__ import annotations

MIN_LENGTH = 12

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

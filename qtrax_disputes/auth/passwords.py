"""What a staff password must be: long enough, and hard to guess by zxcvbn's estimate.

zxcvbn scores a password 0-4 by how many guesses an attacker working through common
passwords, names, dictionary words, keyboard patterns and dates would need; 3 is "safely
unguessable" against an online attack and well beyond a throttled sign-in form. A list of
common passwords cannot do this: `Password123!` is on no short list and scores 1.
"""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn  # type: ignore[import-untyped]

MIN_LENGTH = 12
MIN_SCORE = 3

# zxcvbn's work grows faster than the length; past this many characters a password is
# judged by its start, which only ever makes the estimate stricter.
_JUDGED_LENGTH = 72  # zxcvbn refuses longer input

# Words that a guesser aiming at this firm would try first.
_PRODUCT_WORDS = ("qtrax", "disputes", "qtraxdisputes", "privacy", "arbitration")

# Named rather than left to werkzeug's default so that the stand-in below costs exactly what
# checking a real stored hash costs (scrypt, N=2**15, r=8, p=1: about 32 MiB and 0.2 s).
METHOD = "scrypt:32768:8:1"

# No password hashes to this (its digest is zeros), but checking against it runs the same
# scrypt as a real account's hash: a sign-in with an unknown email takes as long as one with
# a wrong password, so the time of the answer does not tell whether an account exists.
_NO_ACCOUNT_HASH = f"{METHOD}${'0' * 16}${'0' * 128}"


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """None when acceptable, otherwise the reason in words for the person choosing it."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    personal = [email, *email.split("@"), *name.split()]
    judged = zxcvbn(password[:_JUDGED_LENGTH],
                    user_inputs=[w.lower() for w in personal if w] + list(_PRODUCT_WORDS))
    if judged["score"] >= MIN_SCORE:
        return None
    feedback = judged["feedback"]
    words = [feedback.get("warning") or "This password is too easy to guess."]
    words += feedback.get("suggestions") or ["Add another word or two; uncommon words are better."]
    return " ".join(w.rstrip(".") + "." for w in words if w)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=METHOD)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored_hash`` was made from; None (no such account)
    does the same work and never matches."""
    matched = check_password_hash(stored_hash or _NO_ACCOUNT_HASH, password)
    return matched and stored_hash is not None

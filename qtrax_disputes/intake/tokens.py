"""The complainant's private status link: a random token of which only the hash is kept."""

from __future__ import annotations

import hashlib
import secrets

from ..outbox import sealed

TOKEN_BYTES = 32  # 256 bits: unguessable, and the database never holds the link itself


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_status_link() -> tuple[str, str, str]:
    """A seed, the token it stands for, and the token's hash.

    Only the hash is stored with the case; the seed goes where the link must be shown later
    (the receipt queued in the outbox, the confirmation page's session), because it opens
    nothing without the server's key.
    """
    seed = sealed.new_seed()
    token = sealed.unseal(seed)
    return seed, token, hash_token(token)

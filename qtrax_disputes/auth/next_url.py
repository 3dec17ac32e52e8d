"""Where a person may be sent after signing in: only a path on this site.

An open redirect after sign-in would let a phishing mail show our real login page and then
hand the person to a look-alike site. Parsing a URL the way a browser does is hard to get
right (``////host``, ``/\\host``, a tab inside ``//``, ``%2F%2F`` are all another host to some
browser or proxy), so instead of recognising bad forms this admits one narrow good form and
refuses everything else. No Flask here: the rule is read and tested on its own.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 500

# Printable ASCII without backslash or whitespace, beginning with exactly one slash. Browsers
# drop tabs and newlines and read a backslash as a slash, so none of those may appear at all.
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x5b\x5d-\x7e]*")

# What a decoded form must still look like: one leading slash, no backslash, no control
# character. Decoded spaces are fine (a search for two words), a second slash is not.
_DECODED = re.compile(r"/(?![/\\])[^\\\x00-\x1f\x7f]*")

# Enough rounds to undo any encoding a person could mean; more only helps an attacker.
_DECODE_ROUNDS = 3


def is_local_path(target: str | None) -> bool:
    """Whether ``target`` is a path on this site, safe to put in a Location header."""
    if not target or len(target) > MAX_LENGTH or not _LOCAL_PATH.fullmatch(target):
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return False
    # A proxy or a later redirect may decode the path once more: what it then reads must
    # still be a local path.
    decoded = target
    for _ in range(_DECODE_ROUNDS):
        decoded = unquote(decoded)
        if not _DECODED.fullmatch(decoded):
            return False
    return True

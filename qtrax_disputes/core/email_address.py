"""How an email address is kept: one form, so that the same person is found however they typed it.

Accounts are looked up, complainants matched to earlier filings and neutrals to conflicts by
their address; each compares the stored form, so every address is stored in it. Only the case
and the surrounding spaces are dropped: the local part is the recipient's server's to read.
"""

from __future__ import annotations


def normalise_email(address: str | None) -> str:
    return (address or "").strip().lower()

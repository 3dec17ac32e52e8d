"""What a complaint can be about: the promises of the privacy policy a user can say were broken."""

from __future__ import annotations

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("email_sold", "My email address was sold, rented or shared"),
    ("third_party_disclosure", "My information was disclosed to a third party"),
    ("cookies_tracking", "Cookies and tracking"),
    ("child_under_13", "Information about a child under 13"),
    ("security_breach", "A security incident or data breach"),
    ("access_correction_deletion", "A request to see, correct or delete my information"),
    ("unwanted_marketing", "Unwanted marketing"),
    ("disclosure_to_authorities", "Disclosure to the authorities"),
    ("other", "Something else"),
)

CATEGORY_LABELS = dict(CATEGORIES)


def label(code: str) -> str:
    return CATEGORY_LABELS.get(code, code)

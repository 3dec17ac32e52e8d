"""How a complaint reached Qtrax: the one list of sources and their words. Pure data."""

from __future__ import annotations

WEB = "web"
LETTER = "letter"
EMAIL = "email"
PHONE = "phone"
AAA_NOTICE = "aaa_notice"
MASS_IMPORT = "mass_import"

SOURCE_LABELS: dict[str, str] = {
    WEB: "The public complaint form",
    LETTER: "A letter",
    EMAIL: "An email",
    PHONE: "A phone call",
    AAA_NOTICE: "An AAA notice of a demand",
    MASS_IMPORT: "A mass arbitration's list of claimants",
}
# What staff enter by hand: the public form files its own.
STAFF_SOURCES: tuple[str, ...] = (LETTER, EMAIL, PHONE, AAA_NOTICE)


def label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)

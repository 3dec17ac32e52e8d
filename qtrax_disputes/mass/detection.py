"""Noticing a wave: many open cases brought by the same claimants' counsel with similar claims.

Pure module: no Flask, no database. The AAA's Mass Arbitration Supplementary Rules apply to 25
or more similar demands against the same party where the representation is consistent or
coordinated (docs/mass_arbitration.md § When the supplementary rules apply, [V]). Here "the
same counsel" is the same firm name, or failing that the same email domain (a personal mailbox
such as gmail.com counts only as itself), and "similar" is the same category with descriptions
whose words mostly overlap: coordinated filings are written from one template with the
claimant's details changed (docs/mass_arbitration.md § Noticing a wave).

Only a flag for counsel: whether the cases are a mass is counsel's decision, confirmed by hand.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from qtrax_disputes.core.email_address import normalise_email

# AAA Mass Arbitration Supplementary Rules (amended 2024-01-15), definition [V].
MASS_THRESHOLD = 25
MASS_THRESHOLD_SOURCE = ("AAA Mass Arbitration Supplementary Rules (amended 2024-01-15): 25 or "
                         "more similar demands by the same or coordinated counsel [V]")

# How much of two descriptions' vocabulary must be shared (Jaccard index of their word sets)
# for them to count as one template. A choice of this app, not law: templated demands share
# most words; unrelated complaints of one category share far fewer.
SIMILARITY = 0.5

_PERSONAL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com",
    "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "msn.com",
})
_FIRM_SUFFIXES = re.compile(r"\b(llp|llc|pllc|pc|p\.c\.|ltd|inc|law firm|law group|law)\b")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class OpenCase:
    case_id: int
    category: str
    description: str
    counsel_firm: str = ""
    counsel_email: str = ""


@dataclass(frozen=True)
class Wave:
    counsel: str  # the firm or domain the cases share, as shown to counsel
    category: str
    case_ids: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.case_ids)


def counsel_key(firm: str, email: str) -> str:
    """Who stands behind a filing: the firm's name without its legal form, else the domain of
    counsel's email (a personal mailbox as the whole address). '' when neither is known."""
    name = _FIRM_SUFFIXES.sub(" ", firm.lower())
    name = " ".join(_WORD.findall(name))
    if name:
        return name
    email = normalise_email(email)
    if "@" not in email:
        return ""
    domain = email.rsplit("@", 1)[1]
    return email if domain in _PERSONAL_DOMAINS else domain


def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SIMILARITY


def waves(cases: Iterable[OpenCase], threshold: int = MASS_THRESHOLD) -> list[Wave]:
    """The groups of at least ``threshold`` open cases with the same counsel, the same
    category and descriptions from one template; largest first."""
    groups: dict[tuple[str, str], list[OpenCase]] = defaultdict(list)
    labels: dict[tuple[str, str], str] = {}
    for case in cases:
        key = counsel_key(case.counsel_firm, case.counsel_email)
        if key:
            groups[(key, case.category)].append(case)
            labels.setdefault((key, case.category), case.counsel_firm.strip() or key)
    found = []
    for (key, category), members in groups.items():
        if len(members) < threshold:
            continue
        # Greedy: each case joins the first cluster whose first description it resembles.
        clusters: list[tuple[frozenset[str], list[int]]] = []
        for case in sorted(members, key=lambda c: c.case_id):
            vocabulary = words(case.description)
            for template, ids in clusters:
                if similar(template, vocabulary):
                    ids.append(case.case_id)
                    break
            else:
                clusters.append((vocabulary, [case.case_id]))
        found += [Wave(labels[(key, category)], category, tuple(ids))
                  for _, ids in clusters if len(ids) >= threshold]
    return sorted(found, key=lambda w: (-w.size, w.counsel, w.category))

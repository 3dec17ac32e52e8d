"""Importing a wave: one case per claimant of a spreadsheet, after a preview that saves nothing.

The file is read twice, row by row (spreadsheet.py): once to check every row and show the
problems, and again, after counsel confirms, to create the cases of the rows without problems.
Rows are checked in chunks, so the duplicate look-ups are one query per chunk, and the cases
of each chunk are committed together: memory stays flat however long the file is, and an
import stopped halfway is finished by running it again (the rows already imported are then
duplicates of existing cases, and skipped).

Claimants of a mass are represented: no receipt or update is emailed to them (their counsel
is spoken to instead), and their counsel is recorded as a party of each case.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from qtrax_disputes.core.clock import today
from qtrax_disputes.core.email_address import normalise_email
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.statistics import refresh_statistics
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases import workflow as wf
from ..cases.categories import CATEGORIES
from ..cases.events import current_actor, new_event
from ..cases.models import Case, CaseEvent, Party
from ..cases.numbering import next_numbers
from ..cases.operations.road import StepInput, walk_new_case
from ..deadlines.engine import deadlines_of_new_case
from ..intake import sources
from ..intake.operations import (
    Complaint,
    filed_detail,
    filing_note,
    mark_possible_duplicates,
    new_case,
)
from ..policies.queries import all_versions
from ..policies.versions import in_force_for
from .models import Mass, MassMember
from .spreadsheet import REQUIRED, SpreadsheetError, read_rows

CHUNK = 500
ANALYZE_AFTER = 1000
# Where a wave's cases may start: as the staff's "New case" form allows.
START_STAGES: dict[str, str] = {
    wf.FILED: "Filed",
    wf.TRIAGE: "Triage",
    wf.ARBITRATION_DEMANDED: "Arbitration demanded",
}
_CATEGORY_CODES = {code for code, _ in CATEGORIES}
_CATEGORY_BY_WORDS = {str(label).lower(): code for code, label in CATEGORIES}


class ImportRefused(Refused):
    """The import as a whole cannot go ahead (not one row's problem)."""


@dataclass
class Row:
    line: int
    values: dict
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Preview:
    rows: int = 0
    good: int = 0
    problem_counts: Counter = field(default_factory=Counter)
    # The rows with problems, up to ``SHOWN`` of them, for the page; the count is of all.
    bad_rows: list[Row] = field(default_factory=list)
    bad: int = 0

    SHOWN = 500


def _parse_day(value) -> date | None | str:
    """A date from a cell, None for an empty one, or the text when it is not a date."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d %B %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return text


def _category(value: str, default: str) -> str | None:
    text = str(value or "").strip()
    if not text:
        return default
    if text in _CATEGORY_CODES:
        return text
    return _CATEGORY_BY_WORDS.get(text.lower())


def _policy_began() -> date | None:
    versions = all_versions()
    return min((v.effective_on for v in versions), default=None)


def _check(line: int, raw: dict, *, category: str, policy_began: date | None,
           accounts: set[str] | None) -> Row:
    row = Row(line, {})
    v = row.values
    for name in REQUIRED:
        if not str(raw.get(name) or "").strip():
            row.problems.append(f"no {name}")
    v["name"] = " ".join(str(raw.get("name") or "").split())[:200]
    v["account"] = str(raw.get("account") or "").strip()[:200]
    v["claim"] = str(raw.get("claim") or "").strip()
    v["counsel"] = str(raw.get("counsel") or "").strip()[:200]
    v["aaa_case_number"] = str(raw.get("aaa_case_number") or "").strip()[:40]
    email = normalise_email(str(raw.get("email") or ""))
    if email:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            row.problems.append(f"the email {email!r} is not a valid address")
    v["email"] = email
    counsel_email = normalise_email(str(raw.get("counsel_email") or ""))
    v["counsel_email"] = counsel_email if "@" in counsel_email else ""
    chosen = _category(str(raw.get("category") or ""), category)
    if chosen is None:
        row.problems.append(f"unknown category {raw.get('category')!r}")
    v["category"] = chosen or category
    for name, words in (("incident_on", "incident date"), ("demand_filed_on", "demand date")):
        day = _parse_day(raw.get(name))
        if isinstance(day, str):
            row.problems.append(f"the {words} {day!r} is not a date (use YYYY-MM-DD)")
            day = None
        v[name] = day
    incident, demand = v["incident_on"], v["demand_filed_on"]
    if incident and incident > today():
        row.problems.append("the claim is dated in the future")
    elif incident and policy_began and incident < policy_began:
        row.problems.append(f"the claim is dated before the privacy policy existed "
                            f"({policy_began.isoformat()})")
    if demand and demand > today():
        row.problems.append("the demand is dated in the future")
    if incident and demand and demand < incident:
        row.problems.append("the demand is dated before the claim")
    if accounts is not None and v["account"] and v["account"].lower() not in accounts:
        row.problems.append(f"no Qtrax account {v['account']!r}")
    elif accounts is not None and not v["account"]:
        row.problems.append("no Qtrax account given")
    return row


def _key(values: dict) -> tuple[str, str]:
    return values["email"], values["account"].lower()


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def checked_rows(stream: BinaryIO, filename: str, *, category: str,
                 accounts: set[str] | None = None) -> Iterator[Row]:
    """Every row of the file with its problems, duplicates included (of an earlier row, or
    of an existing case of the same claimant: same email and Qtrax account)."""
    policy_began = _policy_began()
    seen: dict[tuple[str, str], int] = {}
    seen_aaa: dict[str, int] = {}
    try:
        for chunk in _chunks(read_rows(stream, filename), CHUNK):
            rows = [_check(line, raw, category=category, policy_began=policy_began,
                           accounts=accounts) for line, raw in chunk]
            existing = _existing_cases({_key(r.values) for r in rows if r.values["email"]})
            for row in rows:
                key = _key(row.values)
                if row.values["email"] and key in existing:
                    row.problems.append(f"already a case: {existing[key]}")
                elif row.values["email"] and key in seen:
                    row.problems.append(f"the same claimant as row {seen[key]}")
                else:
                    seen.setdefault(key, row.line)
                aaa = row.values["aaa_case_number"]
                if aaa and aaa in seen_aaa:
                    row.problems.append(f"AAA case {aaa} is also on row {seen_aaa[aaa]}")
                elif aaa:
                    seen_aaa[aaa] = row.line
                yield row
    except SpreadsheetError as exc:
        raise ImportRefused.at("file", str(exc)) from exc
    except UnicodeError as exc:
        raise ImportRefused.at("file", "The file is not UTF-8 text.") from exc
    except csv.Error as exc:
        raise ImportRefused.at("file", f"The CSV file cannot be read: {exc}.") from exc


def _existing_cases(keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    if not keys:
        return {}
    emails = sorted({email for email, _ in keys})
    found: dict[tuple[str, str], str] = {}
    for email, account, number in db.session.execute(
            select(Case.complainant_email, Case.account_identifier, Case.number)
            .where(Case.complainant_email.in_(emails))):
        key = (email, (account or "").lower())
        if key in keys:
            found.setdefault(key, number)
    return found


def preview(rows: Iterable[Row]) -> Preview:
    result = Preview()
    for row in rows:
        result.rows += 1
        if row.ok:
            result.good += 1
            continue
        result.bad += 1
        for problem in row.problems:
            result.problem_counts[re.sub(r"['“].*", "", problem).strip() or problem] += 1
        if len(result.bad_rows) < Preview.SHOWN:
            result.bad_rows.append(row)
    return result


@dataclass(frozen=True)
class Imported:
    created: int
    skipped: int


def import_rows(mass: Mass, rows: Iterable[Row], *, stage: str, role: str,
                mediation_waived: bool = False,
                progress: Callable[[int], None] | None = None) -> Imported:
    """Create a case for every row without problems, at ``stage``, each with its own clocks
    from its own dates; a chunk of cases per transaction (see the module's docstring)."""
    if stage not in START_STAGES:
        raise ImportRefused.at("stage", "Choose filed, triage or arbitration demanded.")
    if stage == wf.ARBITRATION_DEMANDED and not mediation_waived:
        raise ImportRefused.at("mediation_waived", (
            "The policy requires mediation before arbitration: import at arbitration demanded "
            "only when mediation was waived for these demands (say so), or import at triage."))
    versions = all_versions()
    created = skipped = 0
    for chunk in _chunks(iter(rows), CHUNK):
        good = [row for row in chunk if row.ok]
        skipped += len(chunk) - len(good)
        if good:
            _create_chunk(mass, [row.values for row in good], stage=stage, role=role,
                          mediation_waived=mediation_waived, versions=versions)
            record("mass.imported", mass, {"name": mass.name, "cases": len(good),
                                           "stage": stage,
                                           "lines": [good[0].line, good[-1].line]})
            db.session.commit()
            db.session.expunge_all()  # what was written is not needed again: memory stays flat
            mass = db.session.merge(mass, load=False)
        created += len(good)
        if progress:
            progress(len(chunk))
    if created >= ANALYZE_AFTER:
        refresh_statistics()  # thousands of new rows: the mass's pages plan for them at once
    return Imported(created, skipped)


def _create_chunk(mass: Mass, chunk: list[dict], *, stage: str, role: str,
                  mediation_waived: bool, versions) -> None:
    """The chunk's cases, each as filing it (``file_within``) and walking it to ``stage``
    (``take_step_within``) one by one would write it, written together: one statement per
    table and chunk instead of a dozen per case (tests/web/test_mass_import_batched.py
    compares the two). The rows were checked already; none has a file."""
    received = today()
    dates = []
    for v in chunk:
        demand_on = v["demand_filed_on"] or received
        dates.append((min(received, demand_on) if stage == wf.ARBITRATION_DEMANDED
                      else received, demand_on))
    numbers: dict[int, list[str]] = {}
    for year, count in sorted(Counter(filed_on.year for filed_on, _ in dates).items()):
        numbers[year] = next_numbers(year, count)[::-1]
    # A claimant's row gives no day the information was given: one answer for the chunk.
    in_force = in_force_for(versions, None)
    cases = []
    for v, (filed_on, _) in zip(chunk, dates, strict=True):
        case, _seed = new_case(_complaint(v), number=numbers[filed_on.year].pop(),
                               filed_on=filed_on, source=sources.MASS_IMPORT,
                               in_force=in_force)
        cases.append(case)
    db.session.add_all(cases)
    db.session.flush()
    mark_possible_duplicates(cases)
    actor = current_actor()[0]
    note = filing_note(sources.MASS_IMPORT, f" Imported into the mass “{mass.name}”.")
    walked: list[tuple[Case, list[CaseEvent]]] = []
    for case, v, (filed_on, demand_on) in zip(cases, chunk, dates, strict=True):
        filed = new_event(case, wf.FILED, filed_on, actor=actor, to_stage=wf.FILED,
                          visible_to_claimant=True, note=note)
        record("case.filed", case, filed_detail(
            case, sources.MASS_IMPORT, in_force), actor=actor)
        events = [filed, *walk_new_case(case, _walk(v, stage, filed_on, demand_on,
                                                    mediation_waived),
                                        role=role, versions=versions, filed=filed)]
        walked.append((case, events))
        if v["counsel"] or v["counsel_email"]:
            db.session.add(Party(case_id=case.id, role="claimant_counsel",
                                 name=v["counsel"] or v["counsel_email"],
                                 organisation=v["counsel"], email=v["counsel_email"]))
        db.session.add(MassMember(case_id=case.id, mass_id=mass.id))
    db.session.add_all([event for _, events in walked for event in events])
    db.session.flush()  # the events' ids: their deadlines name them
    for case, events in walked:
        db.session.add_all(deadlines_of_new_case(case, events))


def _complaint(v: dict) -> Complaint:
    return Complaint(name=v["name"], email=v["email"], phone="", account=v["account"],
                     category=v["category"], incident_on=v["incident_on"],
                     description=v["claim"], resolution="", amount_cents=None,
                     is_child_data=False)


def _walk(v: dict, stage: str, filed_on: date, demand_on: date,
          mediation_waived: bool) -> list[tuple[str, StepInput]]:
    """The steps a case imported at ``stage`` walks past from its filing."""
    walk = []
    if stage in (wf.TRIAGE, wf.ARBITRATION_DEMANDED):
        walk.append((wf.TRIAGE, StepInput(
            filed_on, note="Triage started as the case was imported.")))
    if stage == wf.ARBITRATION_DEMANDED:
        values = {"filed_by": "claimant", "mediation_waived": mediation_waived}
        if v["aaa_case_number"]:
            values["aaa_case_number"] = v["aaa_case_number"]
        walk.append((wf.ARBITRATION_DEMANDED, StepInput(
            demand_on, values=values, note="Recorded as the case was imported.",
            propose_fees=False)))
    return walk

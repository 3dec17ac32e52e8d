"""Reads of cases shared by the list, the case page and others. No writes here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    column,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.orm import aliased, selectinload

from qtrax_disputes.web.extensions import db
from qtrax_disputes.web.query_args import day, record_id

from ..auth.models import User
from ..deadlines.models import OPEN, Deadline
from ..documents.models import Document
from ..outbox.models import OutboxMessage
from . import event_kinds as ek
from .models import Case, CaseEvent, NeutralProposal, Party, SavedView

PAGE_SIZE = 50
EXPORT_BATCH = 500
SEARCH_COUNT_CAP = 1000

SORTS = {
    "number": Case.id,  # numbers are issued in id order, and the id is indexed
    "filed": Case.filed_on,
    "complainant": Case.complainant_name,
    "category": Case.category,
    "stage": Case.stage,
}


@dataclass
class CaseFilters:
    q: str = ""
    stage: str = ""
    category: str = ""
    assignee: str = ""  # a user id, "me" or "none"
    child: bool = False
    state: str = "open"  # open | closed | all
    filed_from: date | None = None
    filed_to: date | None = None
    mass: str = ""  # a mass's id: only its cases
    sort: str = "number"
    direction: str = "desc"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> CaseFilters:
        sort = args.get("sort", "number")
        return cls(
            q=args.get("q", "").strip()[:200],
            stage=args.get("stage", "")[:40],
            category=args.get("category", "")[:40],
            assignee=args.get("assignee", "")[:20],
            child=args.get("child") in {"1", "y", "on"},
            state=args.get("state", "open") if args.get("state") in {"open", "closed", "all"}
            else "open",
            filed_from=day(args.get("filed_from")),
            filed_to=day(args.get("filed_to")),
            mass=args.get("mass", "")[:20],
            sort=sort if sort in SORTS or sort == "deadline" else "number",
            direction="asc" if args.get("dir") == "asc" else "desc",
            page=max(1, min(args.get("page", 1, type=int) or 1, 100_000)),
        )


def next_deadline_subquery():
    return (
        select(func.min(Deadline.due_on))
        .where(Deadline.case_id == Case.id, Deadline.status == OPEN)
        .correlate(Case)
        .scalar_subquery()
    )


# SQLite's full-text index of cases (migration 0012). Not a model: only what the search reads.
_cases_fts = table("cases_fts", column("rowid"), column("cases_fts"))
# Joins the searched columns into one text. The forms refuse it in every field, so a match can
# never straddle two columns.
SEPARATOR = "\x01"


def _searched_text():
    """The expression PostgreSQL's trigram index is on (migration 0012), to the letter: any
    difference and the planner no longer sees the index."""
    separator = literal_column(f"'{SEPARATOR}'")
    return func.lower(Case.complainant_name + separator + Case.complainant_email + separator
                      + Case.summary + separator + Case.number)


def _like_pattern(term: str) -> str:
    """LIKE's pattern for the term anywhere in a lower-cased text. The term's own % and _ are
    not wildcards. Lower-cased here because SQLite's lower() folds only ASCII letters."""
    escaped = term.lower().replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _has(column_, pattern: str):
    return func.lower(column_).like(pattern, escape="/")


# What the wider search may read around a case, row by row: the parties (counsel among
# them), the notes and the documents' names. Privileged and deleted documents are left out:
# the list is shared by everyone who asks, and a viewer must not learn what a withheld paper
# is called. SQLite's case_surroundings_fts (migration 0022) holds exactly these rows.
def _party_matches(pattern: str):
    return or_(_has(Party.name, pattern), _has(Party.organisation, pattern),
               _has(Party.email, pattern))


def _note_matches(pattern: str):
    return (CaseEvent.kind == ek.NOTE) & _has(CaseEvent.note, pattern)


def _document_matches(pattern: str):
    return (Document.deleted_at.is_(None) & Document.privileged.is_(False)
            & _has(Document.original_name, pattern))


def _row_by_row(term: str):
    """Cases the term finds, asked row by row: a term under three characters has no trigram
    to look up in any index. Column by column, a row stops at its first match; emails are
    stored lower-case and numbers upper-case."""
    pattern = _like_pattern(term)
    return or_(
        func.lower(Case.complainant_name).like(pattern, escape="/"),
        Case.complainant_email.like(pattern, escape="/"),
        func.lower(Case.summary).like(pattern, escape="/"),
        Case.number.like(pattern.upper(), escape="/"),
        exists().where(Party.case_id == Case.id, _party_matches(pattern)),
        exists().where(CaseEvent.case_id == Case.id, _note_matches(pattern)),
        exists().where(Document.case_id == Case.id, _document_matches(pattern)),
    )


# SQLite's index of what surrounds a case (migration 0022). Not a model: only what the
# search reads.
_surroundings_fts = table("case_surroundings_fts", column("case_id"),
                          column("case_surroundings_fts"))


def _matching_case_ids(term: str):
    """The ids of the cases whose complainant's name or email, summary or number, parties,
    notes or documents' names contain the term, in any case.

    LIKE '%term%' reads every row, so each source is read from an index of trigrams:
    PostgreSQL's pg_trgm indexes serve LIKE on the very expressions they are built on (the
    case's columns joined into one text, so the planner estimates the matches well);
    SQLite's LIKE cannot use an index, so it asks its FTS5 tables, whose trigram tokenizer
    matches a quoted phrase anywhere in a column. The sources are joined by UNION: an OR of
    them makes the database test every case against each in turn (about 100 ms to count
    the matches at 100,000 cases).
    """
    pattern = _like_pattern(term)
    if db.engine.dialect.name == "sqlite":
        phrase = '"' + term.replace('"', '""') + '"'
        return union(
            select(_cases_fts.c.rowid).where(_cases_fts.c.cases_fts.match(phrase)),
            select(_surroundings_fts.c.case_id)
            .where(_surroundings_fts.c.case_surroundings_fts.match(phrase)),
        )
    return union(
        select(Case.id).where(_searched_text().like(pattern, escape="/")),
        select(Party.case_id).where(_party_matches(pattern)),
        select(CaseEvent.case_id).where(_note_matches(pattern)),
        select(Document.case_id).where(_document_matches(pattern)),
    )


def _search(term: str):
    if SEPARATOR in term:
        return false()  # no field holds it; in the joined text it would match across fields
    if len(term) < 3:
        return _row_by_row(term)
    # A CTE: the page and its count (one statement, case_list) read the same matches, and
    # the databases compute a CTE named twice once.
    matches = _matching_case_ids(term).cte("matches")
    return Case.id.in_(select(matches.c[0]))


def _conditions(filters: CaseFilters, user_id: int | None) -> list:
    conditions: list[ColumnElement[bool]] = []
    if filters.state == "open":
        conditions.append(Case.closed_on.is_(None))
    elif filters.state == "closed":
        conditions.append(Case.closed_on.is_not(None))
    if filters.stage:
        conditions.append(Case.stage == filters.stage)
    if filters.category:
        conditions.append(Case.category == filters.category)
    if filters.child:
        conditions.append(Case.is_child_data.is_(True))
    if filters.assignee == "none":
        conditions.append(Case.assigned_to_id.is_(None))
    elif filters.assignee == "me" and user_id:
        conditions.append(Case.assigned_to_id == user_id)
    elif (assignee := record_id(filters.assignee)) is not None:
        conditions.append(Case.assigned_to_id == assignee)
    if (mass_id := record_id(filters.mass)) is not None:
        from ..mass.models import MassMember

        # By the member row of each case (its key): no list of the mass's ids is built.
        conditions.append(exists().where(MassMember.case_id == Case.id,
                                         MassMember.mass_id == mass_id))
    if filters.filed_from:
        conditions.append(Case.filed_on >= filters.filed_from)
    if filters.filed_to:
        conditions.append(Case.filed_on <= filters.filed_to)
    if filters.q:
        term = filters.q
        if term.upper().startswith("QD-"):
            conditions.append(Case.number == term.upper())
        else:
            conditions.append(_search(term))
    return conditions


def case_list(filters: CaseFilters, user_id: int | None = None):
    """One page of cases as rows (case, assignee, next deadline) and the total count."""
    conditions = _conditions(filters, user_id)
    if filters.q:
        # A broad term matches thousands of cases, and a term under three characters has no
        # index to count them from; counting them all would cost more than showing the page,
        # so the count stops past SEARCH_COUNT_CAP ("1000+").
        matches = select(Case.id).where(*conditions).limit(SEARCH_COUNT_CAP + 1).subquery()
        count = select(func.count()).select_from(matches)
    else:
        count = select(func.count(Case.id)).where(*conditions)
    # Not the page's own cases: the count is of every case the filters match.
    total_column = count.correlate(None).scalar_subquery().label("total")
    next_due, assignee, order = _list_order(filters)
    # Find the page's ids first, reading only what the filter and the order need; then load
    # those few rows whole. A deep page then skips index entries, not whole rows.
    page = (
        select(Case.id).where(*conditions).order_by(order, Case.id.desc())
        .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE).subquery()
    )
    # The count rides on the page's rows: one statement, and a search's matches are found
    # once for both.
    found = db.session.execute(
        select(Case, assignee, next_due, total_column)
        .join(page, page.c.id == Case.id)
        .outerjoin(assignee, Case.assigned_to_id == assignee.id)
        .order_by(order, Case.id.desc())
    ).all()
    if not found:  # no match, or a page past the last: the count still says how many
        return [], db.session.scalar(count)
    return [row[:3] for row in found], found[0].total


def _list_order(filters: CaseFilters):
    """The list's next-deadline column, its assignee alias and the order the filters ask for:
    the same for a page of the list and for its CSV."""
    next_due = next_deadline_subquery().label("next_due")
    assignee = aliased(User)
    order_column = next_due if filters.sort == "deadline" else SORTS[filters.sort]
    order = order_column.asc() if filters.direction == "asc" else order_column.desc()
    if filters.sort == "deadline":
        order = order.nulls_last()
    return next_due, assignee, order


def all_matching(filters: CaseFilters, user_id: int | None = None):
    """Every case the filters match, in the list's order, as (case, assignee, next deadline):
    read in batches, so an export of 100,000 cases holds a few hundred rows at a time."""
    next_due, assignee, order = _list_order(filters)
    result = db.session.execute(
        select(Case, assignee, next_due).where(*_conditions(filters, user_id))
        .outerjoin(assignee, Case.assigned_to_id == assignee.id)
        .order_by(order, Case.id.desc())
        .execution_options(yield_per=EXPORT_BATCH))
    yield from result


def cases_after(filters: CaseFilters, user_id: int | None, after_id: int | None,
                limit: int) -> list[tuple]:
    """Up to ``limit`` cases the filters match, newest first, after the case ``after_id``
    (the API's cursor: a page stays the same however many cases are filed meanwhile), as
    (case, assignee, next deadline)."""
    next_due, assignee, _ = _list_order(filters)
    conditions = _conditions(filters, user_id)
    if after_id is not None:
        conditions.append(Case.id < after_id)
    return [tuple(row) for row in db.session.execute(
        select(Case, assignee, next_due).where(*conditions)
        .outerjoin(assignee, Case.assigned_to_id == assignee.id)
        .order_by(Case.id.desc()).limit(limit))]


def cases_numbered(numbers: list[str]) -> list[Case]:
    """The cases of these numbers that exist, in number order; unknown numbers are left out."""
    if not numbers:
        return []
    return list(db.session.scalars(select(Case).where(Case.number.in_(numbers))
                                   .order_by(Case.id)))


def saved_views(user_id: int) -> list[SavedView]:
    """A person's own saved views of the list, pinned first, then by name."""
    return list(db.session.scalars(
        select(SavedView).where(SavedView.user_id == user_id)
        .order_by(SavedView.pinned.desc(), SavedView.name)))


def saved_view_of(user_id: int, view_id: int) -> SavedView | None:
    """The person's own saved view; None for someone else's."""
    found = db.session.get(SavedView, view_id)
    return found if found is not None and found.user_id == user_id else None


def saved_view_named(user_id: int, name: str) -> SavedView | None:
    return db.session.scalar(select(SavedView).where(SavedView.user_id == user_id,
                                                     SavedView.name == name))


def _case_by_number(number: str):
    return select(Case).where(Case.number == number).options(selectinload(Case.parties))


def case_by_number(number: str) -> Case | None:
    return db.session.scalar(_case_by_number(number.upper()))


def case_or_404(number: str) -> Case:
    """The case a staff URL names, or the 404 page: every feature's views share this."""
    return db.first_or_404(_case_by_number(number))


def timeline(case: Case) -> list[CaseEvent]:
    return db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id)
        .options(selectinload(CaseEvent.actor_user))
        .order_by(CaseEvent.occurred_on.desc(), CaseEvent.id.desc())
    ).all()


def assignable_users() -> list[User]:
    return db.session.scalars(
        select(User).where(User.assignable).order_by(User.name, User.email)
    ).all()


def event_of(case: Case, event_id: int) -> CaseEvent | None:
    """The case's own timeline entry; None for another case's."""
    found = db.session.get(CaseEvent, event_id)
    return found if found is not None and found.case_id == case.id else None


def proposal_of(case: Case, proposal_id: int) -> NeutralProposal | None:
    """The case's own proposal of a neutral; None for another case's."""
    found = db.session.get(NeutralProposal, proposal_id)
    return found if found is not None and found.case_id == case.id else None


def next_deadline(case: Case, on: date) -> Deadline | None:
    """The deadline the case's header names: the earliest open one that still binds (an
    overdue duty first of all; a window that passed unused binds nobody)."""
    for deadline in db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.status == OPEN)
        .order_by(Deadline.due_on, Deadline.id).limit(20)
    ):
        if not deadline.lapsed(on):
            return deadline
    return None


def case_emails(case: Case) -> list[OutboxMessage]:
    """The emails the app wrote about the case, for its timeline."""
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.case_id == case.id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    ))

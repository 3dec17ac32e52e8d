"""A file a person was told is saved is never removed: not by a failed request that stored the
same bytes, not by `documents gc`, not by the retention purge, whichever runs alongside.

Identical files are stored once, so requests share files without knowing it. Each race below
runs many times on real threads against the real database and upload folder; a hold (an Event,
always with a timeout) keeps one side at the worst moment while the other runs, so the overlap
is certain rather than hoped for.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.documents import operations as documents
from qtrax_disputes.documents.storage import Storage, StorageTransaction
from qtrax_disputes.intake import operations as intake
from qtrax_disputes.retention.operations import purge
from qtrax_disputes.web.extensions import db

from ..conftest import TEST_PASSWORD, page_text
from .helpers import (
    ELF_BYTES,
    PDF_BYTES,
    age_stored_files,
    file,
    file_complaint,
    filed_number_and_token,
)

# Requests race in threads, each on its own connection: their writes are committed.
pytestmark = pytest.mark.commits

RUNS = 50
TIMEOUT = 10  # seconds; a side that waits longer fails the test instead of hanging it


class Hold:
    """Stops the thread named ``thread`` right after ``owner.name`` returns (when ``when`` says
    so of the result) until ``release`` is set. The real function runs; only its caller waits."""

    def __init__(self, monkeypatch, owner, name: str, *, thread: str, when=lambda result: True):
        self.reached, self.release = threading.Event(), threading.Event()
        real = getattr(owner, name)

        def held(*args, **kwargs):
            result = real(*args, **kwargs)
            if threading.current_thread().name == thread and when(result):
                self.reached.set()
                if not self.release.wait(TIMEOUT):
                    raise TimeoutError(f"{thread} was never released")
            return result

        monkeypatch.setattr(owner, name, held)

    def reset(self) -> None:
        self.reached.clear()
        self.release.clear()


def run_together(**sides) -> dict:
    """Run each side in its own thread named after it; their results (or errors) by name."""
    results: dict = {}

    def run(name, side):
        try:
            results[name] = side()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            results[name] = exc

    threads = [threading.Thread(target=run, args=item, name=item[0]) for item in sides.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    assert not any(t.is_alive() for t in threads), "a side of the race never finished"
    for name, result in results.items():
        assert not isinstance(result, BaseException), f"{name} failed: {result!r}"
    return results


def waiting_for(event: threading.Event, then):
    def side():
        assert event.wait(TIMEOUT), "the other side never reached its hold"
        return then()
    return side


def in_app(app, operation, *args):
    def side():
        with app.app_context():
            return operation(*args)
    return side


def releasing(hold: Hold, then):
    def side():
        try:
            return then()
        finally:
            hold.release.set()
    return side


def unique_pdf() -> bytes:
    return PDF_BYTES + os.urandom(8).hex().encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored(app, data: bytes) -> bool:
    return Storage(app.config["UPLOAD_DIR"]).exists(sha(data))


def store_orphan(app, data: bytes) -> None:
    """The bytes on disk with no row, untouched past the grace period: what a request that
    failed an hour ago leaves behind."""
    with app.app_context(), documents.storage().transaction() as tx:
        tx.put(io.BytesIO(data), max_bytes=1 << 20)
    age_stored_files(app)


def orphans(app, hold: Hold):
    """A fresh orphan for each run of a race, with the hold made ready again."""
    for n in range(RUNS):
        hold.reset()
        x = unique_pdf()
        store_orphan(app, x)
        yield n, x


def staff_client(app, make_user):
    _, email = make_user("staff")
    staff = app.test_client()
    assert staff.post("/login", data={"email": email, "password": TEST_PASSWORD}) \
        .status_code == 302
    return staff


def upload(client, number, data: bytes):
    return client.post(f"/cases/{number}/documents", data={
        "tag": "evidence", "files": [file(data, "evidence.pdf")]},
        content_type="multipart/form-data")


def file_with(client, data: bytes, n: int, **overrides):
    return file_complaint(client, files=[file(data, "evidence.pdf")],
                          email=f"filer{n}@example.com",
                          description=f"Complaint {n} about a shared document.", **overrides)


def assert_every_document_has_its_file(app, runner):
    result = runner.invoke(args=["documents", "verify"])
    assert result.exit_code == 0, result.output
    assert "0 missing" in result.output


def test_a_failed_filing_never_removes_a_file_another_request_saved(
        app, client, make_user, runner, monkeypatch):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    staff = staff_client(app, make_user)
    # The complainant's request stores X, then stops before its executable is refused.
    hold = Hold(monkeypatch, StorageTransaction, "put", thread="complainant")
    for _ in range(RUNS):
        hold.reset()
        x = unique_pdf()
        results = run_together(
            complainant=lambda: file_complaint(client, files=[
                file(x, "x.pdf"), file(ELF_BYTES, "setup.pdf")]),
            staff=releasing(hold, waiting_for(hold.reached, lambda: upload(staff, number, x))),
        )
        assert "not an accepted type" in page_text(results["complainant"])
        assert results["staff"].status_code == 302  # "1 document(s) added"
        assert stored(app, x), "the staff's document lost its file"
    assert_every_document_has_its_file(app, runner)


def test_gc_keeps_a_file_a_filing_in_flight_is_reusing(app, client, runner, monkeypatch):
    # The filing has stored its files (reusing an orphan gc would otherwise take) and waits,
    # its rows not yet committed, while gc runs to the end.
    hold = Hold(monkeypatch, intake, "put_files", thread="filing")

    for n, x in orphans(app, hold):
        results = run_together(
            filing=lambda: file_with(client, x, n),
            gc=releasing(hold, waiting_for(hold.reached, in_app(app, documents.collect_garbage))),
        )
        assert results["filing"].status_code == 302
        assert sha(x) not in results["gc"]
        assert stored(app, x), "gc removed the file of a filing in flight"
    assert_every_document_has_its_file(app, runner)


def test_gc_keeps_a_file_reused_between_its_check_and_its_removal(
        app, client, runner, monkeypatch):
    # gc has judged the orphan unused and old, and stops; a filing reuses it and commits;
    # only then does gc go on to remove it.
    hold = Hold(monkeypatch, Storage, "untouched_since", thread="gc", when=lambda old: old)

    for n, x in orphans(app, hold):
        results = run_together(
            gc=in_app(app, documents.collect_garbage),
            filing=releasing(hold, waiting_for(hold.reached, lambda: file_with(client, x, n))),
        )
        assert results["filing"].status_code == 302
        assert stored(app, x), "gc removed a file a filing had just reused"
    assert_every_document_has_its_file(app, runner)


def test_the_retention_purge_keeps_a_file_a_new_filing_is_reusing(
        app, client, runner, monkeypatch):
    hold = Hold(monkeypatch, intake, "put_files", thread="filing")

    for n in range(RUNS):
        hold.reset()
        x = unique_pdf()
        with frozen(datetime(2018, 3, 1, 15, tzinfo=UTC)):
            file_with(client, x, n, incident_on="2018-01-02")
        with app.app_context():
            case = db.session.scalars(select(Case).order_by(Case.id.desc()).limit(1)).one()
            case.stage, case.closed_on = "closed", date(2018, 6, 1)
            db.session.commit()
        age_stored_files(app)  # stored in 2018
        results = run_together(
            filing=lambda: file_with(client, x, n + RUNS),
            purge=releasing(hold, waiting_for(hold.reached,
                                              in_app(app, purge, date(2026, 11, 25), 7))),
        )
        assert results["filing"].status_code == 302
        assert results["purge"].cases == 1
        assert stored(app, x), "the purge removed the file of a filing in flight"
    assert_every_document_has_its_file(app, runner)


def test_gc_removes_the_temporary_file_of_a_killed_upload(app, runner):
    partial = Path(app.config["UPLOAD_DIR"]) / "tmp" / "upload-killed"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"the first half of an upload")
    runner.invoke(args=["documents", "gc"])
    assert partial.exists()  # it may be an upload still streaming
    age_stored_files(app)
    runner.invoke(args=["documents", "gc"])
    assert not partial.exists()


def test_gc_puts_back_a_file_a_killed_gc_had_set_aside(app, client, runner):
    x = unique_pdf()
    file_with(client, x, 1)
    root = Path(app.config["UPLOAD_DIR"])
    final = root / sha(x)[:2] / sha(x)[2:]
    final.rename(root / "tmp" / f"gc-{sha(x)}-killed")  # set aside, not yet judged
    age_stored_files(app)
    runner.invoke(args=["documents", "gc"])
    assert stored(app, x)
    assert_every_document_has_its_file(app, runner)

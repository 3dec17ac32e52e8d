"""What every download says about itself: one charset for text, and no cache keeps an export."""

from __future__ import annotations

import pytest

from .helpers import file, file_complaint, filed_number_and_token
from .test_documents import TEXT_BYTES, documents


@pytest.fixture
def number(client, auth):
    file_complaint(client, files=[file(TEXT_BYTES, "letter.txt")])
    number, _ = filed_number_and_token(client)
    auth.login("counsel")
    return number


def test_a_text_document_shown_inline_names_its_charset_once(app, client, number):
    (letter,) = documents(app)
    response = client.get(f"/cases/{number}/documents/{letter.id}?inline=1")
    assert response.status_code == 200 and response.data == TEXT_BYTES
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("path", [
    "/reports/weekly.csv?week=2026-W10",
    "/reports/weekly.pdf?week=2026-W10",
    "/cases/{number}/privilege-log.csv",
    "/cases/{number}/privilege-log.pdf",
    "/cases/{number}/costs.csv",
])
def test_exports_are_attachments_that_no_cache_keeps(client, number, path):
    response = client.get(path.format(number=number))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "private, no-store"

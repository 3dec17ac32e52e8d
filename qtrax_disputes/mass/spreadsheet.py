"""Rows of a claimants' spreadsheet (CSV or XLSX), read one at a time.

Claimants' counsel and the AAA send lists of thousands of claimants; each row is read, checked
and dropped before the next, so memory does not grow with the file. Column names are matched
loosely (case, spaces and a few usual synonyms), since every firm names them its own way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO

# The columns a row may have, each with the headings firms use for it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "claimant", "claimant name", "full name"),
    "email": ("email", "claimant email", "email address", "e-mail"),
    "account": ("account", "qtrax account", "account id", "username", "user id"),
    "claim": ("claim", "description", "claim description", "allegations", "complaint"),
    "category": ("category", "claim type"),
    "incident_on": ("incident date", "incident_on", "date of claim", "claim date", "date"),
    "demand_filed_on": ("demand filed", "demand_filed_on", "filed on", "filing date",
                        "demand date"),
    "aaa_case_number": ("aaa case number", "aaa case", "aaa number", "case number"),
    "counsel": ("counsel", "law firm", "firm", "claimant counsel"),
    "counsel_email": ("counsel email", "attorney email", "counsel e-mail"),
}
REQUIRED = ("name", "email", "claim")
_HEADINGS = {re.sub(r"[^a-z0-9]+", " ", h).strip(): key
             for key, names in COLUMNS.items() for h in names}


class SpreadsheetError(ValueError):
    """The file cannot be read as a claimants' list at all (not one row's problem)."""


def column_for(heading: object) -> str | None:
    text = re.sub(r"[^a-z0-9]+", " ", str(heading or "").lower()).strip()
    return _HEADINGS.get(text)


def _cell(value: object) -> str | date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _columns(header: list[object]) -> list[str | None]:
    columns = [column_for(h) for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise SpreadsheetError(
            "The first row must name the columns; missing: " + ", ".join(missing)
            + ". Expected headings such as: name, email, account, claim, incident date, "
              "demand filed, counsel.")
    return columns


def _rows(lines: Iterator[list[object]]) -> Iterator[tuple[int, dict[str, str | date]]]:
    try:
        header = next(lines)
    except StopIteration:
        raise SpreadsheetError("The file is empty.") from None
    columns = _columns(list(header))
    for number, values in enumerate(lines, start=2):
        row = {col: _cell(v) for col, v in zip(columns, values, strict=False) if col}
        if any(v for v in row.values()):  # a blank line is no claimant
            yield number, row


def read_rows(stream: BinaryIO, filename: str) -> Iterator[tuple[int, dict[str, str | date]]]:
    """(spreadsheet line number, values by column) for each row, streamed."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(stream)
    if filename.lower().endswith((".csv", ".txt")):
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
        return _rows(iter(list(r) for r in csv.reader(text)))
    raise SpreadsheetError("Send a CSV file (.csv) or an Excel workbook (.xlsx).")


def _xlsx_rows(stream: BinaryIO) -> Iterator[tuple[int, dict[str, str | date]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        # read_only streams the sheet's XML instead of building the whole workbook.
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError("This is not an Excel workbook that can be read.") from exc
    try:
        sheet = workbook.worksheets[0]
        yield from _rows(iter(list(r) for r in sheet.iter_rows(values_only=True)))
    finally:
        workbook.close()

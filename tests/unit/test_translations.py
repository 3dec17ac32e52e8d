"""The Spanish catalogue: every sentence the complainant can read has its Spanish, with the same
placeholders, and the compiled catalogue the app loads is the one its source says."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

pytestmark = pytest.mark.repository  # reads the repository's files: not run by make mutants

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# As babel.cfg and docs/translations.md say: the templates, and the Python that marks words.
METHODS = [("qtrax_disputes/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2")]
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="es")


def used_msgids() -> set[str | tuple[str, ...]]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, METHODS, keywords=KEYWORDS,
            options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"},
                         "templates/**.txt": {"extensions": "jinja2.ext.i18n"}}):
        found.add(message if isinstance(message, str) else tuple(m for m in message if m))
    return found


def test_the_code_marks_the_complainants_words():
    used = used_msgids()
    assert "File a privacy complaint" in used and "Complaint received" in used  # a template, N_
    assert "Your full name" in used  # lazy_gettext in a form
    assert len(used) > 250


def test_every_sentence_used_has_a_spanish_translation_without_fuzz_or_blanks():
    translated = {m.id: m for m in catalogue() if m.id}
    for msgid in used_msgids():
        message = translated.get(msgid)
        assert message is not None, f"not in the Spanish catalogue: {msgid!r}"
        assert not message.fuzzy, f"fuzzy: {msgid!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert strings and all(s.strip() for s in strings), f"no Spanish for {msgid!r}"
        said = msgid if isinstance(msgid, tuple) else (msgid,)
        wanted = {p for text in said for p in PLACEHOLDER.findall(text)}
        for text in strings:
            # A plural's "one" form may say the number in words ("el archivo"), not as %(num)d.
            found = set(PLACEHOLDER.findall(text))
            assert found <= wanted if isinstance(msgid, tuple) else found == wanted, (msgid,
                                                                                       text)
        assert {p for text in strings for p in PLACEHOLDER.findall(text)} == wanted, msgid


def test_the_compiled_catalogue_is_the_one_its_source_says():
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    assert MO.read_bytes() == compiled.getvalue(), (
        "translations/es/LC_MESSAGES/messages.mo is stale: run "
        "`pybabel compile -d translations` (docs/translations.md)")


def test_the_cores_messages_are_the_catalogues_words():
    from qtrax_disputes.core.clock import OUT_OF_RANGE
    from qtrax_disputes.core.money import TOO_MUCH
    from qtrax_disputes.web.forms_common import CORE_MESSAGES

    assert CORE_MESSAGES == (OUT_OF_RANGE, TOO_MUCH)

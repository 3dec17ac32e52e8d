"""The legal reference lives in docs/, and the code's citations of it hold.

A deadline rule changed in code shows in docs/rules.md (its table is generated and must be
regenerated); no file cites the design notes outside the repository; every "docs/page.md
§ Section" the code cites names a page and a heading that exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools import rules_table

pytestmark = pytest.mark.repository  # reads the repository's files: not run by make mutants

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCANNED = ("qtrax_disputes", "tests", "migrations", "templates", "tools", "docs", "bench")
SUFFIXES = {".py", ".html", ".md", ".txt", ".toml", ".js", ".css", ".j2"}
# The notes the code used to cite, which live outside the repository (built so that this file
# does not match itself).
OUTSIDE_NOTES = re.compile(r"\b(?:DOMAIN|DESIGN)" + re.escape(".md"))
CITATION = re.compile(r"docs/(\w+)\.md")
SECTION = re.compile(r"\s*,?\s*§\s*")


def _files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "pyproject.toml"]
    for top in SCANNED:
        found += [p for p in (ROOT / top).rglob("*") if p.suffix in SUFFIXES and p.is_file()]
    return found


def _flat(text: str) -> str:
    """The text with comment markers and split string literals joined, so a citation wrapped
    over two lines reads as one."""
    text = re.sub(r"\"\s*\n\s*(?:f)?\"", "", text)
    text = re.sub(r"\n\s*#\s*", " ", text)
    return re.sub(r"\s+", " ", text)


def _headings(page: Path) -> list[str]:
    return sorted((line.lstrip("#").strip() for line in page.read_text(encoding="utf8")
                   .splitlines() if line.startswith("#")), key=len, reverse=True)


def test_docs_rules_md_shows_the_rule_table_the_code_has():
    doc = rules_table.DOC.read_text(encoding="utf8")
    assert rules_table.rendered(doc) == doc, (
        "docs/rules.md is out of date with deadlines/rules.py: run `python -m tools.rules_table`")


def test_every_rule_is_in_the_docs_with_its_source_and_mark():
    doc = rules_table.DOC.read_text(encoding="utf8")
    for rule in rules_table.RULES:
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{rule.code}` |"))
        assert rule.source in row and rules_table.mark_of(rule) in row


def test_no_file_cites_the_design_notes_outside_the_repository():
    citing = [f"{p.relative_to(ROOT)}:{n}" for p in _files()
              for n, line in enumerate(p.read_text(encoding="utf8").splitlines(), 1)
              if OUTSIDE_NOTES.search(line)]
    assert citing == [], f"cite docs/ instead: {citing}"


def broken_citations(text: str, headings: dict[str, list[str]]) -> list[str]:
    """Each "docs/page.md" whose page, or "§ Section" whose heading, does not exist."""
    broken = []
    text = _flat(text)
    for match in CITATION.finditer(text):
        page, at = match.group(1), match.end()
        if page not in headings:
            broken.append(f"docs/{page}.md")
            continue
        while (sep := SECTION.match(text, at)) is not None:
            rest = text[sep.end():]
            found = next((h for h in headings[page] if rest.startswith(h)), None)
            if found is None:
                broken.append(f"docs/{page}.md § {rest[:40]}")
                break
            at = sep.end() + len(found)
    return broken


def test_every_docs_citation_names_a_page_and_a_heading_that_exist():
    headings = {p.stem: _headings(p) for p in DOCS.glob("*.md")}
    # This file's own examples are made up on purpose.
    broken = [f"{p.relative_to(ROOT)}: {b}" for p in _files() if p != Path(__file__).resolve()
              for b in broken_citations(p.read_text(encoding="utf8"), headings)]
    assert broken == []


def test_a_citation_of_a_missing_page_or_heading_is_caught():
    headings = {"rules": ["Windows and duties", "Rule by rule"]}
    assert broken_citations("(docs/rules.md § Windows and duties)", headings) == []
    # Wrapped over a comment's two lines, and a second section of the same page.
    assert broken_citations("# (docs/rules.md\n# § Rule by rule, § Windows and duties)",
                            headings) == []
    assert broken_citations("(docs/rules.md § Leap seconds)", headings) == [
        "docs/rules.md § Leap seconds)"]
    assert broken_citations("(docs/costs.md)", headings) == ["docs/costs.md"]


def test_what_staff_read_about_a_rule_cites_the_law_not_these_docs():
    from qtrax_disputes.deadlines import rules

    for rule in rules.RULES:
        shown = " ".join(filter(None, (rule.source, rule.note, rule.obligation_reason())))
        assert "docs/" not in shown and ".md" not in shown, rule.code

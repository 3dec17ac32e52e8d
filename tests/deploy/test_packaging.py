"""The package's metadata and the lock file say the same as requirements.txt.

`pip install .` installs pyproject.toml's dependencies and `make run` installs requirements.lock:
both must be the versions requirements.txt pins, which the tests run on.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.deploy.conftest import ROOT

pytestmark = pytest.mark.repository

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        if m := PIN.match(line.strip()):
            found[_name(m.group(1))] = m.group(3)
    return found


def _requirements() -> dict[str, str]:
    return _pins((ROOT / "requirements.txt").read_text().splitlines())


def test_the_package_depends_on_exactly_what_requirements_txt_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert _pins(project["dependencies"]) == _requirements()
    assert project["requires-python"] == ">=3.11"
    assert project["scripts"]["qtrax-disputes"] == "qtrax_disputes.web.console:main"


def test_the_lock_holds_every_pin_of_requirements_txt_at_its_version():
    locked = _pins((ROOT / "requirements.lock").read_text().splitlines())
    for name, version in _requirements().items():
        assert locked.get(name) == version, f"requirements.lock has {name} {locked.get(name)}"


def test_every_locked_package_carries_a_hash():
    text = (ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[1])
    assert len(entries) > len(_requirements())  # the dependencies' dependencies too
    for entry in entries:
        assert PIN.match(entry), entry[:60]
        assert "--hash=sha256:" in entry, f"no hash for {entry.split()[0]}"


def test_make_run_installs_the_lock_with_its_hashes_checked():
    makefile = (ROOT / "Makefile").read_text()
    runtime = makefile.split("$(VENV)/.runtime:", 1)[1].split("\n\n", 1)[0]
    assert "requirements.lock" in runtime.splitlines()[0]
    assert "--require-hashes -r requirements.lock" in runtime


def test_the_readme_names_the_system_packages_weasyprint_needs():
    readme = (ROOT / "README.md").read_text()
    line = next((ln for ln in readme.splitlines() if "apt-get install" in ln and "pango" in ln),
                "")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b"):
        assert package in line, f"the README's apt line lacks {package}"


def test_make_run_prints_the_first_run_setup_link_before_serving():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "users setup-link --if-needed" in recipe
    assert recipe.index("db upgrade") < recipe.index("setup-link") < recipe.index(" run ")

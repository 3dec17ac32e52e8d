"""A fresh machine gets what `make test` needs from the repository's own files.

Chromium: tools/ensure-chromium.sh (run by `make test` and .ci/run) passes when it is there,
and otherwise installs it as root or stops with the one command to run. axe-core: installed by
`npm ci` from package-lock.json, so node_modules/ is not committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT

pytestmark = pytest.mark.repository

SCRIPT = ROOT / "tools" / "ensure-chromium.sh"


def _ensure(env_chromium: str, tmp_path, as_nobody: bool) -> subprocess.CompletedProcess:
    script = tmp_path / "ensure-chromium.sh"
    shutil.copy(SCRIPT, script)
    script.chmod(0o755)
    command = ["env", f"CHROMIUM={env_chromium}", "sh", str(script)]
    if as_nobody:
        if not shutil.which("runuser"):
            pytest.skip("runuser is needed to run the script as another user")
        command = ["runuser", "-u", "nobody", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)


def test_chromium_present_is_enough(tmp_path):
    done = _ensure("/bin/sh", tmp_path, as_nobody=False)
    assert done.returncode == 0 and not done.stdout and not done.stderr


def test_without_chromium_and_root_it_stops_with_the_command_to_run():
    if os.geteuid() != 0:
        pytest.skip("needs root to run the script as an unprivileged user")
    # A folder the unprivileged user can reach (pytest's tmp_path is root's alone).
    with tempfile.TemporaryDirectory() as folder:
        Path(folder).chmod(0o755)
        done = _ensure(f"{folder}/no-chromium", Path(folder), as_nobody=True)
    assert done.returncode == 1
    assert "sudo apt-get install chromium chromium-driver" in done.stderr
    assert "installing" not in done.stdout  # it did not try


def test_make_test_and_ci_both_run_it():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "tools/ensure-chromium.sh" in recipe
    assert "npm ci" in recipe
    assert "tools/ensure-chromium.sh" in (ROOT / ".ci" / "run").read_text()


def test_node_modules_is_installed_from_the_lock_not_committed():
    assert "node_modules/" in (ROOT / ".gitignore").read_text().splitlines()
    assert '"node_modules/axe-core"' in (ROOT / "package-lock.json").read_text()
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "node_modules"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert tracked == ""

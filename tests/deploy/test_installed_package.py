"""`pip install .` makes a package that serves the app without the source tree.

The package is built from a copy of the tree and installed into a new virtualenv; its
dependencies are borrowed from the test's own environment through a .pth file (installing them
anew would take minutes and need the network), so what is tested is the package itself: its
entry point, the templates, static files and migrations it carries. It runs in a folder of its
own, migrates a new database with the installed migrations and serves /livez and /complaint
under gunicorn, and the code answering is the installed copy's.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT, clean_environment, sqlite_pass_only, write_settings

pytestmark = [pytest.mark.repository, sqlite_pass_only]

LEFT_OUT = shutil.ignore_patterns(".venv", ".venv-lock", "node_modules", ".git", "instance",
                                  "tests", "bench", "mutants", "build", "*.egg-info",
                                  "__pycache__", ".*_cache", ".hypothesis", "test-results")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback)
        return answer.status, answer.read().decode()


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=LEFT_OUT, symlinks=False)
    target = base / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], capture_output=True, text=True, check=True).stdout
    (Path(site.strip()) / "borrowed.pth").write_text(
        sysconfig.get_path("purelib") + "\n")
    started = time.monotonic()
    build = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-build-isolation", "--no-index", str(source)],
        cwd=base, env=clean_environment(), capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    print(f"pip install . took {time.monotonic() - started:.1f} s")
    shutil.rmtree(source)  # nothing of the tree is left to serve from
    return base, target


def test_the_installed_entry_point_serves_the_app_from_the_package(installed):
    base, target = installed
    work = base / "work"
    settings = write_settings(work)
    command = [str(target / "bin" / "qtrax-disputes"), "--env-file", str(settings)]
    env = clean_environment()
    where = subprocess.run([str(target / "bin" / "python"), "-c",
                            "import qtrax_disputes; print(qtrax_disputes.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target)), where.stdout

    upgrade = subprocess.run([*command, "db", "upgrade"], cwd=work, env=env,
                             capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    assert (work / "qtrax.db").exists()  # the settings file was read: its database was made

    port = _free_port()
    log = open(work / "server.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen([*command, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                              cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                status, _body = _get(f"{url}/livez")
                break
            except OSError:
                assert server.poll() is None, (work / "server.log").read_text()
                time.sleep(0.1)
        else:
            pytest.fail("the installed server did not answer /livez in 30 s")
        assert status == 200
        status, page = _get(f"{url}/complaint")
        assert status == 200 and "<form" in page
        status, css = _get(f"{url}/static/css/app.css")
        assert status == 200 and css.strip()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

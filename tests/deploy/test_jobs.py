"""deploy/crontab and deploy/systemd/ run commands that exist, and each job runs.

Every line of the crontab is run once, as written, through sh (as cron runs it) against a fresh
database; only the crontab's variables are pointed at the test (the command, its settings file
and the backup folder). The systemd units' ExecStart commands are the installed entry point's
and each names a command the app has.
"""

from __future__ import annotations

import datetime
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.deploy.conftest import (
    DEPLOY,
    INSTALLED_COMMAND,
    ROOT,
    SETTINGS_FILE,
    clean_environment,
    source_command,
    sqlite_pass_only,
    write_settings,
)

pytestmark = pytest.mark.repository

# The jobs issue 21 asks for, as the app's commands.
JOBS = {"outbox send", "deadlines remind", "report weekly", "retention purge", "backup create",
        "documents gc", "documents purge-held"}
ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def parse_crontab(text: str) -> tuple[dict[str, str], list[tuple[list[str], str, str]]]:
    """A cron.d file's variables and its lines as (time fields, user, command)."""
    variables, jobs = {}, []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if (m := ASSIGNMENT.match(line)) and not line[0].isdigit():
            variables[m.group(1)] = m.group(2)
            continue
        fields = line.split(None, 6)
        assert len(fields) == 7, f"not a cron.d line (five times, a user, a command): {line}"
        jobs.append((fields[:5], fields[5], fields[6]))
    return variables, jobs


def _valid_time(field: str, low: int, high: int) -> bool:
    if not FIELD.match(field):
        return False
    numbers = [int(n) for n in re.findall(r"\d+", re.sub(r"/\d+", "", field))]
    return all(low <= n <= high for n in numbers)


def cron_command(command: str) -> str:
    """What cron hands sh: an unescaped % would end the command (the rest is standard input)."""
    assert not re.search(r"(?<!\\)%", command), f"unescaped % in {command}"
    return command.replace("\\%", "%")


def job_name(command: str) -> str:
    words = shlex.split(command.replace("$QTRAX", "QTRAX"))
    assert words[0] == "QTRAX", f"a job that does not run the app's command: {command}"
    return " ".join(words[1:3])


def test_the_crontab_runs_every_job_through_the_installed_command_and_its_settings():
    variables, jobs = parse_crontab((DEPLOY / "crontab").read_text())
    assert variables["QTRAX"].split() == [INSTALLED_COMMAND, "--env-file", SETTINGS_FILE]
    assert {job_name(command) for _, _, command in jobs} == JOBS
    for times, user, command in jobs:
        assert all(_valid_time(f, *r) for f, r in zip(times, RANGES, strict=True)), times
        assert user == "qtrax"
        cron_command(command)


@sqlite_pass_only
def test_each_line_of_the_crontab_runs_once_and_succeeds(tmp_path):
    variables, jobs = parse_crontab((DEPLOY / "crontab").read_text())
    settings = write_settings(tmp_path / "site")
    # The crontab's variables, with the command, its settings and the backups pointed here.
    env = clean_environment(**{**variables, "PYTHONPATH": str(ROOT),
                               "QTRAX": shlex.join(source_command(settings)),
                               "BACKUP_DIR": str(tmp_path / "backups")})
    upgrade = subprocess.run([*source_command(settings), "db", "upgrade"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    for _, _, command in jobs:
        done = subprocess.run([variables.get("SHELL", "/bin/sh"), "-c", cron_command(command)],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    # The backup went where the line says, into a folder named for the day.
    today = datetime.date.today().isoformat()
    assert (tmp_path / "backups" / today).is_dir()
    assert any((tmp_path / "backups" / today).iterdir())


def _unit(path: Path) -> dict[str, list[str]]:
    """A unit file's keys (a key may repeat, so each maps to its values)."""
    keys: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def _app_command(exec_line: str) -> list[str]:
    """The app command an ExecStart runs: itself, or what it hands ``/bin/sh -c``."""
    words = shlex.split(exec_line)
    if words[0] == "/bin/sh":
        assert words[1] == "-c" and Path("/bin/sh").exists()
        inner = words[2].replace("$$", "$").replace("%%", "%")
        words = [w for w in shlex.split(inner) if w != "exec"]
        words = words[: next((i for i, w in enumerate(words) if w.startswith(">")), len(words))]
    return words


def _units() -> list[Path]:
    return sorted((DEPLOY / "systemd").glob("*.service"))


def test_every_unit_runs_the_installed_entry_point_with_the_shared_settings():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert Path(INSTALLED_COMMAND).name in scripts
    services = _units()
    assert services
    for unit in services:
        keys = _unit(unit)
        assert keys["EnvironmentFile"] == [SETTINGS_FILE], unit.name
        for line in keys.get("ExecStartPre", []) + keys["ExecStart"]:
            assert _app_command(line)[0] == INSTALLED_COMMAND, f"{unit.name}: {line}"


def test_every_job_has_a_timer_and_the_timers_run_the_crontabs_jobs():
    jobs = set()
    for unit in _units():
        keys = _unit(unit)
        if keys.get("Type") != ["oneshot"]:
            continue
        timer = unit.with_suffix(".timer")
        assert timer.exists(), f"{unit.name} has no timer"
        calendar = _unit(timer)["OnCalendar"]
        if shutil.which("systemd-analyze"):
            for spec in calendar:
                check = subprocess.run(["systemd-analyze", "calendar", spec],
                                       capture_output=True, text=True)
                assert check.returncode == 0, f"{timer.name}: {spec}: {check.stderr}"
        jobs.add(" ".join(_app_command(keys["ExecStart"][0])[1:3]))
    assert jobs == JOBS


@pytest.mark.parametrize("unit", _units(), ids=lambda p: p.stem)
def test_each_units_command_is_one_the_app_has(unit, tmp_path):
    settings = write_settings(tmp_path)
    keys = _unit(unit)
    for line in keys.get("ExecStartPre", []) + keys["ExecStart"]:
        words = _app_command(line)[1:]
        path = words[: next((i for i, w in enumerate(words) if w.startswith("-")), len(words))]
        asked = subprocess.run([*source_command(settings), *path, "--help"], cwd=tmp_path,
                               env=clean_environment(PYTHONPATH=str(ROOT)),
                               capture_output=True, text=True, timeout=120)
        assert asked.returncode == 0, f"{unit.name}: {' '.join(path)}: {asked.stderr}"
        # Flask's CLI answers an unknown command with "No such command" and exit 2; a group
        # answers --help with its subcommands: the last word must be a command itself.
        assert "Commands:" not in asked.stdout or path == [], f"{path} is a group"

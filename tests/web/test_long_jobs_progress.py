"""Long commands draw their progress on a terminal and are quiet in cron: off a terminal they
write their one-line summary and their errors only, and the weekly report's PDF renderer
writes nothing at all."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import PDF_BYTES, file, file_complaint, upgraded_instance
from .test_backup import wipe_instance

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).with_name("flask")
FULL_BAR = "[" + "#" * 36 + "]"
PROGRESS_MARKS = ("\r", "[#", "%", "seeding", "tables", "verifying", "checking", "purging")


def quiet(output: str) -> bool:
    return not any(mark in output for mark in PROGRESS_MARKS)


@pytest.mark.commits
def test_off_a_terminal_each_long_job_writes_one_line(app, runner, client, tmp_path):
    try:
        seeded = runner.invoke(args=["demo", "seed", "--cases", "5", "--weeks", "4"])
        assert seeded.exit_code == 0, seeded.output
        assert quiet(seeded.output)
        assert file_complaint(client, files=[file(PDF_BYTES, "a.pdf")]).status_code == 302
        backup = tmp_path / "b.tar.gz"
        for args in (["documents", "verify"], ["documents", "gc"],
                     ["retention", "purge", "--yes"], ["deadlines", "recompute"],
                     ["backup", "create", str(backup)]):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, (args, result.output)
            assert quiet(result.output), (args, result.output)
            assert len(result.output.splitlines()) == 1, (args, result.output)
        wipe_instance(app)
        restored = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
        assert restored.exit_code == 0, restored.output
        assert quiet(restored.output) and len(restored.output.splitlines()) == 1
    finally:
        wipe_instance(app)


def test_the_weekly_reports_pdf_renderer_writes_nothing_to_crons_mail(runner, tmp_path,
                                                                       capfd):
    result = runner.invoke(args=["report", "weekly", "--format", "pdf",
                                 "--output", str(tmp_path / "week.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "week.pdf").read_bytes().startswith(b"%PDF")
    captured = capfd.readouterr()
    everything = result.output + captured.out + captured.err
    assert "weasyprint" not in everything.lower() and "Step " not in everything
    assert result.output.strip().splitlines() == [result.output.strip().splitlines()[-1]]


def in_a_terminal(args: list[str], env: dict) -> str:
    """Run ``flask ARGS`` with its output on a pseudo-terminal, as a person would."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([str(FLASK), "--app", "app", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode(errors="replace")


@pytest.fixture
def instance_env(tmp_path):
    return upgraded_instance(tmp_path, "tty-test")


def test_on_a_terminal_the_long_jobs_draw_their_progress(instance_env, tmp_path):
    seeded = in_a_terminal(["demo", "seed", "--cases", "5", "--weeks", "4"], instance_env)
    assert "seeding" in seeded and FULL_BAR in seeded and "5/5" in seeded
    verified = in_a_terminal(["documents", "verify"], instance_env)
    assert "verifying" in verified and FULL_BAR in verified
    backed_up = in_a_terminal(["backup", "create", str(tmp_path / "b.tar.gz")], instance_env)
    assert "tables" in backed_up and "packing" in backed_up
    assert "  cases " in backed_up  # each table's rows, for the person watching


def test_every_long_job_steps_through_its_work_with_a_bar_when_watched(
        runner, new_case, monkeypatch):
    """In process (no terminal to draw on, so click writes each bar's label once): each job
    hands its loop to the progress bar."""
    monkeypatch.setattr("qtrax_disputes.core.progress.on_terminal", lambda: True)
    new_case("arbitration_demanded")
    for args, label in ((["deadlines", "recompute"], "checking"),
                        (["documents", "gc"], "checking"),
                        (["demo", "seed", "--cases", "2", "--weeks", "2"], "seeding"),
                        (["documents", "verify"], "verifying")):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (args, result.output)
        assert label in result.output, (args, result.output)

"""mypy at the baseline: the strict modules must pass, the rest may not gain an error.

``python tools/typecheck.py`` fails on any error not in ``mypy-baseline.txt`` and on any
baseline line that no longer occurs (so a fix shrinks the baseline in the same commit).
``python tools/typecheck.py --baseline`` rewrites the baseline from mypy's errors, and refuses
when that would add a line: the baseline only shrinks.

mypy-baseline keeps each error as its file and message without the line number, so code that
moves (another branch merging above it) does not change the baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"


def run_mypy() -> str:
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    # 0: no error, 1: errors found; anything else is mypy failing to run, which must not pass.
    if done.returncode > 1:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        raise SystemExit(f"mypy did not run (exit {done.returncode})")
    return done.stdout


def baseline_tool(command: str, mypy_output: str) -> int:
    done = subprocess.run([sys.executable, "-m", "mypy_baseline", command, "--no-colors"],
                          cwd=ROOT, input=mypy_output, text=True, check=False)
    return done.returncode


def _lines() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    return Counter(line for line in BASELINE.read_text(encoding="utf8").splitlines() if line)


def refresh_baseline() -> int:
    before_text = BASELINE.read_text(encoding="utf8") if BASELINE.exists() else ""
    before = _lines()
    baseline_tool("sync", run_mypy())
    added = _lines() - before
    # The first baseline is the one time it may be written from nothing.
    if added and before:
        BASELINE.write_text(before_text, encoding="utf8")
        print("The baseline only shrinks; fix these errors instead of adding them:")
        for line in sorted(added.elements()):
            print(f"  {line}")
        return 1
    print(f"mypy-baseline.txt: {sum(before.values())} -> {sum(_lines().values())} errors")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="mypy at the baseline")
    parser.add_argument("--baseline", action="store_true",
                        help="shrink mypy-baseline.txt to the errors that remain")
    args = parser.parse_args(argv)
    if args.baseline:
        return refresh_baseline()
    return baseline_tool("filter", run_mypy())


if __name__ == "__main__":
    sys.exit(main())

"""Print the share of mutants killed in each mutated module, from mutmut's results.

`make mutants` runs mutmut, then this. It reads the `.meta` files mutmut 3 leaves beside each
mutated module under mutants/ (its exit code per mutant) rather than parsing `mutmut results`,
whose text is meant for people. A mutant counts as killed when a test failed (or timed out:
the mutant made the code loop) under it; "no tests" mutants count as not killed, because no
unit test reaches their line. With --min PERCENT the exit status is 1 when a module is below.

Usage: python tools/mutation_report.py [--min 90] [--survivors] [mutants/]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# mutmut 3.8's exit codes (mutmut/stats.py), grouped for this report.
KILLED = {1, 3, 24, -24, 36, 152, 255}
NOT_KILLED = {0, 5, 33}


def module_results(meta: Path) -> dict[str, int | None]:
    return json.loads(meta.read_text("utf-8"))["exit_code_by_key"]


def summarise(root: Path) -> list[tuple[str, int, int, list[str]]]:
    rows = []
    for meta in sorted(root.rglob("*.py.meta")):
        codes = module_results(meta)
        checked = {k: v for k, v in codes.items() if v in KILLED or v in NOT_KILLED}
        killed = sum(1 for v in checked.values() if v in KILLED)
        survivors = sorted(k for k, v in checked.items() if v in NOT_KILLED)
        module = meta.relative_to(root).as_posix().removesuffix(".meta")
        rows.append((module, killed, len(checked), survivors))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="mutants", type=Path)
    parser.add_argument("--min", type=float, default=None, help="fail below this percentage")
    parser.add_argument("--survivors", action="store_true", help="list the mutants not killed")
    args = parser.parse_args(argv)

    rows = summarise(args.root)
    if not rows:
        print(f"No mutmut results under {args.root}/: run `make mutants` first.")
        return 1
    below = []
    width = max(len(module) for module, *_ in rows)
    for module, killed, total, survivors in rows:
        share = 100.0 * killed / total if total else 100.0
        print(f"{module:<{width}}  {killed:>4}/{total:<4} killed  {share:5.1f}%")
        if args.min is not None and share < args.min:
            below.append(module)
        if args.survivors:
            for name in survivors:
                print(f"    {name}")
    if below:
        print(f"Below {args.min}%: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The case page's HTML at the award stage, part by part (issue 19's size acceptance).

Issue 19 measured the old single case page at about 89 KB of HTML at the award (the issue's
figure, from walking one dispute from filing to award; that page is gone, so it is not
re-measured here). The target: at most half of it, 44.5 KB. The page is now a workspace whose
address renders one part (``?section=...``), so this measures the Overview (what opening a
case costs) and, for comparison with the old page that held everything, the sum of all parts.

The case is made as tests/factories.py makes one: filed, walked along the road to "award
received" (mediation, impasse, the AAA, an appointed arbitrator, a hearing, the award), with
two parties, three documents, three costs and a deadline set by hand. Each part is fetched
signed in as staff and as counsel (counsel sees more forms), on a throw-away SQLite database.

    .venv/bin/python bench/case_page_size.py

Prints a table and writes bench/results/case_page_size-<timestamp>.json. Exit status 0 when
the Overview is at most half of 89 KB for every role, 1 otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

OLD_PAGE_BYTES = 89 * 1024  # issue 19: "89 KB of HTML at the award", the old single page
TARGET_BYTES = OLD_PAGE_BYTES // 2
ROLES = ("staff", "counsel")


def log_in(client, email: str, password: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page)
    token = re.search(r'value="([^"]*)"', tag.group(0)).group(1) if tag else ""
    answer = client.post("/login", data={"csrf_token": token, "email": email,
                                         "password": password, "next": ""})
    if answer.status_code not in (302, 303):
        raise SystemExit(f"login as {email} failed: {answer.status_code}")


def main() -> int:
    import loadlib as L
    from flask_migrate import upgrade

    from qtrax_disputes.cases import workflow as wf
    from qtrax_disputes.cases.sections import TAB_NAMES
    from qtrax_disputes.web.app import create_app
    from qtrax_disputes.web.extensions import db
    from tests import factories as f

    tmp = Path(tempfile.mkdtemp(prefix="qtrax-size-"))
    try:
        app = create_app({
            "INSTANCE_PATH": str(tmp), "SECRET_KEY": "bench-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'size.db'}",
            "UPLOAD_DIR": str(tmp / "uploads"), "REPORT_DIR": str(tmp / "reports"),
            "MAIL_SERVER": None, "LOGIN_RATE_LIMIT": "1000 per minute",
        })
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            made = f.make_case(wf.AWARD_RECEIVED, parties=(
                {"role": "claimant_counsel", "name": "Alex Advocate"},
                {"role": "respondent_counsel", "name": "Sam Counsel"}),
                deadlines=(("File the petition to confirm", dt.date(2026, 3, 20)),))
            for name in ("evidence.pdf", "letter.pdf", "exhibit-a.pdf"):
                f.make_document(made, name=name)
            for stage, kind in (("mediation", "room"), ("arbitration", "aaa_business_filing_fee"),
                                ("arbitration", "arbitrator_compensation")):
                f.make_cost(made, stage=stage, kind=kind)
            users = {role: f.make_user(role).email for role in ROLES}
            db.session.commit()
        sizes: dict[str, dict[str, int]] = {}
        for role in ROLES:
            client = app.test_client()
            log_in(client, users[role], f.PASSWORD)
            sizes[role] = {}
            for part in TAB_NAMES:
                answer = client.get(f"/cases/{made.number}?section={part}")
                if answer.status_code != 200:
                    raise SystemExit(f"{part} as {role} answered {answer.status_code}")
                sizes[role][part] = len(answer.get_data())
        rows, ok = [], True
        for role in ROLES:
            overview, total = sizes[role]["overview"], sum(sizes[role].values())
            ok = ok and overview <= TARGET_BYTES
            rows.append([role, *(f"{sizes[role][p] / 1024:.1f}" for p in TAB_NAMES),
                         f"{total / 1024:.1f}", f"{overview / OLD_PAGE_BYTES:.0%}",
                         "PASS" if overview <= TARGET_BYTES else "FAIL"])
        print(f"case {made.number} at 'award received'; KiB of HTML per part "
              f"(old single page: 89 KB, issue 19's figure; target <= {TARGET_BYTES / 1024:.1f})")
        L.print_table(["role", *TAB_NAMES, "all parts", "overview / 89 KB", "result"], rows)
        L.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = L.write_results("case_page_size", {
            "benchmark": "case_page_size", "issue": "19", "stage": wf.AWARD_RECEIVED,
            "old_page_bytes_per_issue": OLD_PAGE_BYTES, "target_bytes": TARGET_BYTES,
            "bytes": sizes, "result": "PASS" if ok else "FAIL"})
        print(f"result: {'PASS' if ok else 'FAIL'}; results: {path.relative_to(ROOT)}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

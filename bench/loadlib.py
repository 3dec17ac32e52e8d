"""Shared pieces of the load benchmarks (intake_load.py, mixed_load.py).

Reuses the browser-like client and the set-up helpers of upload_memory.py (cookie jar, CSRF
token, ``flask --app app ...`` runner, free port) and adds what a load test needs: a
throw-away instance on SQLite or on a dedicated PostgreSQL database, gunicorn with two
workers, a complaint filing with an in-memory multipart body, latency statistics, the
database check run through ``create_app`` in a subprocess, and the results JSON.

Standard library only; the project's venv provides flask and gunicorn.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from upload_memory import (  # noqa: E402  (reused as they are)
    BIN_DIR,
    PDF_HEADER,
    PROJECT_ROOT,
    BenchError,
    Client,
    csrf_token,
    free_port,
    run_cli,
)

__all__ = ["BIN_DIR", "PROJECT_ROOT", "BenchError", "Client", "csrf_token", "free_port",
           "run_cli"]

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
REFUSED_DATABASES = {"test", "postgres", "template0", "template1"}
STAFF_PASSWORD = "load test password 2026"  # >= 12 chars, not the email's name part
RATE_LIMIT = "100000 per minute"
LOAD_AT_START = os.getloadavg()  # other processes on the machine skew the figures


# --------------------------------------------------------------------------- instance

def bench_env(tmp: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "INSTANCE_PATH": str(tmp),
        "DATABASE_URL": database_url or f"sqlite:///{tmp}/bench.db",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "REPORT_DIR": str(tmp / "reports"),
        "SECRET_KEY": "bench-" + secrets.token_hex(8),
        "MAX_UPLOAD_MB": "50",
        "MAX_FILE_MB": "25",
        "COMPLAINT_RATE_LIMIT": RATE_LIMIT,
        "LOGIN_RATE_LIMIT": RATE_LIMIT,
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("FLASK_DEBUG", None)
    return env


def _pg_admin(url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database
    if not parsed.get_backend_name().startswith("postgresql"):
        raise BenchError("--database-url must be a PostgreSQL URL (SQLite is the default)")
    if not name or name in REFUSED_DATABASES:
        raise BenchError(f"refusing to use the PostgreSQL database {name!r}: give a dedicated "
                         "one, e.g. .../qtrax_bench_intake")
    return name, create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")


def prepare_postgres(url: str) -> None:
    """Drops and creates the named database (never `test` or a maintenance database)."""
    from sqlalchemy import text

    name, admin = _pg_admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_postgres(url: str) -> None:
    from sqlalchemy import text

    name, admin = _pg_admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def create_user(env: dict[str, str], email: str, role: str) -> None:
    run_cli(["users", "create", email, "--role", role, "--name", "Load Bench"], env,
            stdin=STAFF_PASSWORD + "\n")


class Server:
    """gunicorn on loopback with N workers; stopped (SIGTERM to the master) in stop()."""

    def __init__(self, env: dict[str, str], tmp: Path, workers: int = 2,
                 worker_class: str = "sync", threads: int = 1, name: str = "gunicorn"):
        self.port = free_port()
        self.log_path = tmp / f"{name}.log"
        self.workers, self.worker_class, self.threads = workers, worker_class, threads
        cmd = [str(BIN_DIR / "gunicorn"), "-w", str(workers), "-k", worker_class,
               "-b", f"127.0.0.1:{self.port}", "--timeout", "120", "--backlog", "2048"]
        if worker_class == "gthread":
            cmd += ["--threads", str(threads)]
        cmd.append("app:app")
        self.cmd = cmd
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def description(self) -> str:
        extra = f", {self.threads} threads each" if self.worker_class == "gthread" else ""
        return f"gunicorn -w {self.workers} -k {self.worker_class}{extra}"

    def wait_ready(self, timeout: float = 60) -> None:
        client = Client("127.0.0.1", self.port, timeout=5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.proc.returncode}):\n"
                                 f"{self.log_path.read_text()}")
            try:
                if client.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"server not ready after {timeout:.0f}s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group this script started
                self.proc.wait(5)
        self._log.close()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def count_in_log(self, pattern: str) -> int:
        try:
            return len(re.findall(pattern, self.log_path.read_text(errors="replace")))
        except OSError:
            return 0


# --------------------------------------------------------------------------- filing

def pdf_bytes(size: int) -> bytes:
    """A "valid PDF" as the app sniffs it: `%PDF-1.4\\n` and random bytes (unique content)."""
    return PDF_HEADER + os.urandom(size - len(PDF_HEADER))


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]):
    boundary = "----qtraxload" + secrets.token_hex(12)
    b = boundary.encode()
    parts = []
    for name, value in fields:
        parts.append(b"--" + b + b"\r\n"
                     + f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
    for field, filename, data in files:
        parts.append(b"--" + b + b"\r\n"
                     + f'Content-Disposition: form-data; name="{field}"; '
                       f'filename="{filename}"\r\n'.encode()
                     + b"Content-Type: application/pdf\r\n\r\n" + data + b"\r\n")
    parts.append(b"--" + b + b"--\r\n")
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def flask_session(client: Client) -> dict:
    """The Flask session cookie's payload (signed, not encrypted), decoded without the key."""
    raw = client.cookies.get("session", "")
    compressed = raw.startswith(".")
    payload = raw.lstrip(".").split(".")[0]
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        if compressed:
            data = zlib.decompress(data)
        return json.loads(data)
    except (ValueError, zlib.error):
        return {}


def complaint_fields(marker: str, token: str) -> list[tuple[str, str]]:
    incident = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    return [
        ("csrf_token", token),
        ("name", "Load Bench Complainant"),
        ("email", f"{marker}@example.com"),
        ("phone", ""),
        ("account", marker),
        ("category", "email_sold"),
        ("incident_on", incident),
        ("description", f"Benchmark filing {marker}: spam arrived at an address I only ever "
                        "gave to Qtrax."),
        ("resolution", "None: this is a load benchmark."),
        ("amount", "125.00"),
        ("acknowledge", "y"),
        ("website", ""),
    ]


class Filing:
    """One complaint filed through the public form: GET /complaint, then POST multipart."""

    def __init__(self, marker: str, attachment: bytes):
        self.marker = marker
        self.sha256 = hashlib.sha256(attachment).hexdigest()
        self.size = len(attachment)
        self.attachment = attachment
        self.status: int | None = None
        self.error: str | None = None
        self.number: str | None = None
        self.get_s = self.post_s = self.total_s = 0.0

    def run(self, host: str, port: int) -> Filing:
        client = Client(host, port, timeout=120)
        started = time.perf_counter()
        try:
            status, _, page = client.get("/complaint")
            self.get_s = time.perf_counter() - started
            if status != 200:
                self.status, self.error = status, f"GET /complaint answered {status}"
                return self
            body, ctype = multipart(complaint_fields(self.marker, csrf_token(page)),
                                    [("attachments", f"{self.marker}.pdf", self.attachment)])
            post_started = time.perf_counter()
            status, headers, page = client.request("POST", "/complaint", body=body, headers={
                "Content-Type": ctype, "Content-Length": str(len(body))})
            self.post_s = time.perf_counter() - post_started
            self.status = status
            if status in (302, 303) and "/complaint/filed" in (headers.get("Location") or ""):
                self.number = (flask_session(client).get("filed") or {}).get("number")
            else:
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page)
                self.error = f"POST /complaint answered {status}: {errors[:3]}"
        except Exception as exc:  # noqa: BLE001 - counted as an error of this filing
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.total_s = time.perf_counter() - started
            self.attachment = b""  # free the memory once sent
        return self

    @property
    def ok(self) -> bool:
        return self.status in (302, 303) and self.error is None


def log_in(client: Client, email: str, password: str = STAFF_PASSWORD) -> None:
    status, _, page = client.get("/login")
    if status != 200:
        raise BenchError(f"GET /login answered {status}")
    status, headers, _ = client.post_form("/login", {
        "csrf_token": csrf_token(page), "email": email, "password": password,
        "next": ""})
    if status not in (302, 303) or "/login" in (headers.get("Location") or ""):
        raise BenchError(f"login failed for {email} (status {status})")


# --------------------------------------------------------------------------- database check

_INSPECT = r"""
import json, sys
from pathlib import Path
from sqlalchemy import func, select
from qtrax_disputes.web.app import create_app
from qtrax_disputes.web.extensions import db
from qtrax_disputes.cases.models import Case
from qtrax_disputes.documents.models import Document

prefix = sys.argv[1]
app = create_app()
with app.app_context():
    root = Path(app.config["UPLOAD_DIR"])
    rows = db.session.execute(
        select(Case.number, Case.account_identifier, Document.sha256, Document.size)
        .outerjoin(Document, Document.case_id == Case.id)
        .where(Case.account_identifier.like(prefix + "%"))).all()
    cases = {}
    for number, account, sha, size in rows:
        entry = cases.setdefault(account, {"numbers": [], "documents": []})
        if number not in entry["numbers"]:
            entry["numbers"].append(number)
        if sha is not None:
            path = root / sha[:2] / sha[2:]
            entry["documents"].append({
                "sha256": sha, "size": size,
                "file_size": path.stat().st_size if path.is_file() else None})
    print(json.dumps({
        "total_cases": db.session.scalar(select(func.count(Case.id))),
        "total_documents": db.session.scalar(select(func.count(Document.id))),
        "files_on_disk": sum(1 for p in root.rglob("*") if p.is_file()
                             and len(p.parent.name) == 2),
        "cases": cases,
    }))
"""


def inspect_database(env: dict[str, str], marker_prefix: str) -> dict:
    """Reads the cases/documents filed by this run, through the app's own models."""
    result = subprocess.run([sys.executable, "-c", _INSPECT, marker_prefix], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise BenchError(f"database check failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def verify_filings(filings: list[Filing], found: dict) -> dict:
    """Every filing answered 302 must have its case, its document and its file (same size)."""
    lost, missing_document, missing_file, wrong_number = [], [], [], []
    for f in filings:
        if not f.ok:
            continue
        entry = found["cases"].get(f.marker)
        if entry is None:
            lost.append(f.marker)
            continue
        if f.number and f.number not in entry["numbers"]:
            wrong_number.append(f.marker)
        docs = [d for d in entry["documents"] if d["sha256"] == f.sha256]
        if not docs:
            missing_document.append(f.marker)
        elif any(d["file_size"] != f.size for d in docs):
            missing_file.append(f.marker)
    accepted = sum(1 for f in filings if f.ok)
    return {
        "accepted_filings": accepted,
        "cases_found": sum(1 for f in filings if f.ok and f.marker in found["cases"]),
        "lost_filings": len(lost),
        "documents_missing": len(missing_document),
        "files_missing_or_wrong_size": len(missing_file),
        "case_number_mismatch": len(wrong_number),
        "examples": (lost + missing_document + missing_file + wrong_number)[:5],
    }


# --------------------------------------------------------------------------- figures

def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latency_summary(seconds: list[float]) -> dict:
    return {
        "count": len(seconds),
        "median_ms": round(percentile(seconds, 50) * 1000, 1) if seconds else None,
        "p95_ms": round(percentile(seconds, 95) * 1000, 1) if seconds else None,
        "max_ms": round(max(seconds) * 1000, 1) if seconds else None,
    }


def print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                        enumerate(zip(row, widths, strict=True))))


def machine_info() -> dict:
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_at_start": LOAD_AT_START,
            "loadavg_at_end": load}


def write_results(name: str, data: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"{name}-{stamp}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path


def new_tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="qtrax-load-"))


def redact_url(url: str | None) -> str:
    if not url:
        return "sqlite (temp file)"
    return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)

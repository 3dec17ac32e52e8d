#!/usr/bin/env python3
"""Upload one large file to a real gunicorn worker and report the worker's peak memory growth.

Target (from the project's issue): a 200 MB upload must grow the server's peak memory by
less than 30 MB, i.e. uploads are streamed to disk and never held in memory.

Run from the project root with the project's virtualenv:

    .venv/bin/python bench/upload_memory.py                    # 200 MB, staff case upload
    .venv/bin/python bench/upload_memory.py --target status    # complainant status-page upload
    .venv/bin/python bench/upload_memory.py --size-mb 50 --target-mb 30

What it does, all against a throw-away instance in a temporary directory:

1. ``flask --app app db upgrade`` and ``flask --app app users create`` (a counsel user);
2. starts ``gunicorn -w 1`` (one sync worker) on a free port and waits for ``/healthz``;
3. files a complaint through the public form (CSRF token + session cookie, as a browser does),
   which gives the case number and the complainant's private status link;
4. for ``--target case`` logs in as the counsel user;
5. reads the worker's VmRSS/VmHWM from /proc, resets VmHWM where the kernel allows it, then
   streams a multipart upload whose body is generated chunk by chunk (explicit Content-Length,
   never the whole file in client memory): ``%PDF-1.4`` followed by random bytes;
6. reads VmHWM again and reports peak growth = VmHWM(after) - VmRSS(before).

Exit status: 0 on PASS; 1 on FAIL (growth at or over the target), a non-2xx/3xx response or a
document that was not stored; 2 when the benchmark itself could not be set up.

Standard library only (plus the project's own venv, which provides flask and gunicorn).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import html.parser
import http.client
import http.cookies
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BIN_DIR = Path(sys.executable).parent  # .venv/bin when run as .venv/bin/python (not resolved)
MIB = 1024 * 1024
CHUNK = MIB
PDF_HEADER = b"%PDF-1.4\n"
STAFF_EMAIL = "bench@example.com"
STAFF_PASSWORD = "streamed upload 12345"
FILE_NAME = "bench-upload.pdf"


class BenchError(Exception):
    """The benchmark could not be set up (not a measurement failure)."""


# --------------------------------------------------------------------------- /proc helpers

def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (and friends) of a process, in kB."""
    values = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key.startswith("Vm"):
                values[key] = int(rest.split()[0])
    return values


def children_of(pid: int) -> list[int]:
    kids: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        for task in task_dir.iterdir():
            try:
                kids += [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                pass
    except OSError:
        pass
    if kids:
        return kids
    # Fallback when /proc/<pid>/task/*/children is unavailable: scan every process's ppid.
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                kids.append(int(entry.name))
    return kids


def reset_hwm(pid: int) -> bool:
    """Reset the peak-RSS counter (Linux >= 4.0: write 5 to clear_refs). True if it worked."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


class RssSampler(threading.Thread):
    """Polls VmRSS while the upload runs: a cross-check for VmHWM."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.peak_kb = max(self.peak_kb, proc_status(self.pid)["VmRSS"])
                self.samples += 1
            except (OSError, KeyError):
                return
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(2)


# --------------------------------------------------------------------------- tiny HTTP client

class _InputCollector(html.parser.HTMLParser):
    """Every form on a page with the controls a browser would submit (files left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inputs: list[dict[str, str]] = []
        self.forms: list[dict] = []  # {"action": ..., "fields": [(name, value)], "files": [...]}
        self._form: dict | None = None
        self._select: dict | None = None  # {"name", "first", "chosen"}
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": [], "files": []}
            self.forms.append(self._form)
        elif tag == "input":
            self.inputs.append(a)
            if self._form is None or not a.get("name") or "disabled" in a:
                return
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form["files"].append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((a["name"], a.get("value") or "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                self._form["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select" and self._form is not None and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and self._form is not None and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def _close_option(self):
        o, sel = self._option, self._select
        if o is None or sel is None:
            return
        value = o["value"] if o["value"] is not None else o["text"].strip()
        if sel["first"] is None:
            sel["first"] = value
        if o["selected"] and sel["chosen"] is None:
            sel["chosen"] = value
        self._option = None

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            sel = self._select
            value = sel["chosen"] if sel["chosen"] is not None else sel["first"]
            if value is not None and self._form is not None:
                self._form["fields"].append((sel["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            if text.startswith("\n"):
                text = text[1:]
            self._form["fields"].append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def csrf_token(page: str) -> str:
    parser = _InputCollector()
    parser.feed(page)
    for attrs in parser.inputs:
        if attrs.get("name") == "csrf_token" and attrs.get("value"):
            return attrs["value"]
    raise BenchError("no csrf_token input on the page")


def form_posting_to(page: str, path: str) -> dict | None:
    """The form on the page whose action is `path`, as a browser would fill it by default."""
    parser = _InputCollector()
    parser.feed(page)
    for form in parser.forms:
        if urllib.parse.urlsplit(html.unescape(form["action"])).path == path:
            return form
    return None


class Client:
    """http.client with a cookie jar of one site and no automatic redirects."""

    def __init__(self, host: str, port: int, timeout: float = 600):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "qtrax-bench/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for raw in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel.get("max-age") == "0" or (morsel.value == "" and morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(self, method: str, path: str, body=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            send_error = None
            try:
                conn.request(method, path, body=body, headers=self._headers(headers))
            except (BrokenPipeError, ConnectionResetError) as exc:
                # The server may answer (413, 400) and close before the body is all sent.
                send_error = exc
            try:
                response = conn.getresponse()
            except (http.client.HTTPException, OSError):
                if send_error:
                    raise send_error from None
                raise
            data = response.read()
            self._keep_cookies(response)
            return response.status, response.headers, data.decode("utf-8", "replace")
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body))})


def local_path(location: str) -> str:
    parts = urllib.parse.urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --------------------------------------------------------------------------- streamed multipart

class StreamedMultipart:
    """A multipart/form-data body generated on the fly, with its length known in advance."""

    def __init__(self, fields: list[tuple[str, str]], file_field: str, file_name: str,
                 file_size: int, chunk: int = CHUNK):
        self.boundary = "----qtraxbench" + secrets.token_hex(16)
        b = self.boundary.encode()
        head = b""
        for name, value in fields:
            head += (b"--" + b + b"\r\n"
                     + f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
        head += (b"--" + b + b"\r\n"
                 + f'Content-Disposition: form-data; name="{file_field}"; '
                   f'filename="{file_name}"\r\n'.encode()
                 + b"Content-Type: application/pdf\r\n\r\n")
        self.head = head
        self.tail = b"\r\n--" + b + b"--\r\n"
        if file_size < len(PDF_HEADER):
            raise BenchError("file size too small for a PDF header")
        self.file_size = file_size
        self.chunk = chunk
        self.sent = 0

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self.head) + self.file_size + len(self.tail)

    def __iter__(self):
        yield self.head
        self.sent += len(self.head)
        remaining = self.file_size
        first = True
        while remaining:
            n = min(self.chunk, remaining)
            if first:
                block = PDF_HEADER + os.urandom(n - len(PDF_HEADER))
                first = False
            else:
                block = os.urandom(n)
            remaining -= n
            self.sent += n
            yield block
        yield self.tail
        self.sent += len(self.tail)


# --------------------------------------------------------------------------- app set-up

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "INSTANCE_PATH": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "REPORT_DIR": str(tmp / "reports"),
        "MAX_UPLOAD_MB": "400",
        "MAX_FILE_MB": "300",
        "SECRET_KEY": "bench",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "COMPLAINT_RATE_LIMIT": "1000 per minute",
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("FLASK_DEBUG", None)
    return env


def run_cli(args: list[str], env: dict[str, str], stdin: str | None = None) -> None:
    cmd = [str(BIN_DIR / "flask"), "--app", "app", *args]
    result = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, input=stdin, text=True,
                            capture_output=True, timeout=300)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(cmd[1:])} failed ({result.returncode}):\n"
                         f"{result.stdout}{result.stderr}")


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")
    cmd = [str(BIN_DIR / "gunicorn"), "-w", "1", "-k", "sync", "-b", f"127.0.0.1:{port}",
           "--timeout", "600", "app:app"]
    return subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_ready(client: Client, server: subprocess.Popen, log_path: Path,
               timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited ({server.returncode}):\n{log_path.read_text()}")
        try:
            status, _, _ = client.get("/healthz")
            if status == 200:
                kids = children_of(server.pid)
                if len(kids) == 1:
                    return kids[0]
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"server not ready after {timeout:.0f}s:\n{log_path.read_text()}")


def stop_server(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # gunicorn master: graceful stop of its worker
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(5)


def file_complaint(client: Client) -> tuple[str, str]:
    """Files a complaint through the public form. Returns (case number, status-page path)."""
    status, _, page = client.get("/complaint")
    if status != 200:
        raise BenchError(f"GET /complaint answered {status}")
    fields = {
        "csrf_token": csrf_token(page),
        "name": "Bench Complainant",
        "email": "complainant@example.com",
        "phone": "",
        "account": "bench-account",
        "category": "other",
        "incident_on": (dt.date.today() - dt.timedelta(days=30)).isoformat(),
        "description": "A benchmark complaint, filed to measure memory use during uploads.",
        "resolution": "None: this is a benchmark.",
        "amount": "",
        "acknowledge": "y",
        "website": "",
    }
    status, headers, page = client.post_form("/complaint", fields)
    if status not in (302, 303) or "/complaint/filed" not in (headers.get("Location") or ""):
        errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page)
        raise BenchError(f"POST /complaint answered {status}; errors: {errors[:5]}")
    status, _, page = client.get("/complaint/filed")
    number = re.search(r"QD-\d{4}-\d{6}", page)
    link = re.search(r'class="status-link" href="([^"]+)"', page)
    if status != 200 or not number or not link:
        raise BenchError(f"confirmation page did not show a case number/link (status {status})")
    return number.group(0), local_path(html.unescape(link.group(1)))


def log_in(client: Client) -> None:
    status, _, page = client.get("/login")
    if status != 200:
        raise BenchError(f"GET /login answered {status}")
    status, headers, _ = client.post_form("/login", {
        "csrf_token": csrf_token(page), "email": STAFF_EMAIL, "password": STAFF_PASSWORD,
        "next": ""})
    if status not in (302, 303) or "/login" in (headers.get("Location") or ""):
        raise BenchError(f"login failed (status {status})")


# --------------------------------------------------------------------------- the benchmark

def upload_target(client: Client, target: str, number: str, status_path: str):
    """(upload path, form fields, file field) for the chosen target.

    The fields are those of the upload form on the page, as a browser submits them untouched
    (empty text fields included, unchecked boxes left out), with a few values set on top.
    Without such a form on the page the documented field names are used.
    """
    if target == "case":
        page_path = f"/cases/{number}"
        upload_path = f"/cases/{number}/documents"
        overrides = {"tag": "evidence"}
        unchecked = ("privileged", "visible_to_claimant")
        file_field = "files"
    else:
        page_path = status_path
        upload_path = status_path.rstrip("/") + "/documents"
        overrides = {"note": "benchmark upload"}
        unchecked = ()
        file_field = "attachments"
    status, _, page = client.get(page_path)
    if status != 200:
        raise BenchError(f"GET {page_path} answered {status}")
    form = form_posting_to(page, upload_path)
    if form is None:
        shown = "/status/<token>" if target == "status" else page_path
        print(f"warning: no form posting to the upload URL on {shown}; "
              f"sending csrf_token + {sorted(overrides)} only", file=sys.stderr)
        fields = [("csrf_token", csrf_token(page))]
    else:
        fields = [(k, v) for k, v in form["fields"] if k not in overrides and k not in unchecked]
        if form["files"]:
            file_field = form["files"][0]
    fields += list(overrides.items())
    return upload_path, fields, file_field


def stored_sizes(upload_dir: Path) -> list[int]:
    return sorted(p.stat().st_size for p in upload_dir.rglob("*") if p.is_file())


def mb(kb: int) -> float:
    return kb / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=200, help="upload size in MiB (200)")
    parser.add_argument("--target", choices=("case", "status"), default="case",
                        help="case: staff POST /cases/<number>/documents (default); "
                             "status: complainant POST /status/<token>/documents")
    parser.add_argument("--target-mb", type=float, default=30,
                        help="pass if peak growth is under this many MiB (30)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary instance directory (printed) for inspection")
    args = parser.parse_args(argv)

    for tool in ("flask", "gunicorn"):
        if not (BIN_DIR / tool).exists():
            print(f"error: {BIN_DIR / tool} not found; run with the project's "
                  f".venv/bin/python", file=sys.stderr)
            return 2

    size = int(args.size_mb * MIB)
    tmp = Path(tempfile.mkdtemp(prefix="qtrax-bench-"))
    server = None
    try:
        env = bench_env(tmp)
        print(f"instance: {tmp}")
        run_cli(["db", "upgrade"], env)
        run_cli(["users", "create", STAFF_EMAIL, "--role", "counsel", "--name", "Bench"], env,
                stdin=STAFF_PASSWORD + "\n")

        port = free_port()
        log_path = tmp / "gunicorn.log"
        server = start_server(env, port, log_path)
        client = Client("127.0.0.1", port)
        worker = wait_ready(client, server, log_path)
        print(f"gunicorn master {server.pid}, worker {worker}, port {port}")

        number, status_path = file_complaint(client)
        print(f"case {number}")
        if args.target == "case":
            log_in(client)
        upload_path, fields, file_field = upload_target(client, args.target, number,
                                                        status_path)
        print("form fields sent: " + ", ".join(
            f"{k}={'…' if k == 'csrf_token' else repr(v)}" for k, v in fields)
            + f"; file field: {file_field}")
        shown_path = upload_path if args.target == "case" else "/status/<token>/documents"

        body = StreamedMultipart(fields, file_field, FILE_NAME, size)
        before = proc_status(worker)
        hwm_was_reset = reset_hwm(worker)
        if hwm_was_reset:
            before = proc_status(worker)
        sampler = RssSampler(worker)
        sampler.start()
        started = time.monotonic()
        try:
            status, headers, page = client.request("POST", upload_path, body=body, headers={
                "Content-Type": body.content_type, "Content-Length": str(len(body))})
        except OSError as exc:
            status, headers, page = None, {}, f"{type(exc).__name__}: {exc}"
        elapsed = time.monotonic() - started
        sampler.stop()
        after = proc_status(worker)

        growth_kb = after["VmHWM"] - before["VmRSS"]
        sampled_growth_kb = sampler.peak_kb - before["VmRSS"]
        stored = stored_sizes(tmp / "uploads")
        file_stored = size in stored
        ok_status = status is not None and 200 <= status < 400
        passed = growth_kb < args.target_mb * 1024 and ok_status and file_stored

        location = re.sub(r"/status/[^/?#]+", "/status/<token>", headers.get("Location") or "")
        print()
        print(f"target:            {args.target}  POST {shown_path}")
        print(f"upload size:       {size / MIB:.1f} MiB file, {len(body) / MIB:.1f} MiB "
              f"request body ({body.sent / MIB:.1f} MiB sent)")
        print(f"HTTP status:       {status if status is not None else page}"
              + (f" -> {location}" if status in (301, 302, 303) else ""))
        print(f"seconds:           {elapsed:.2f}")
        print(f"throughput:        {size / MIB / elapsed:.1f} MiB/s")
        print(f"stored on disk:    {'yes' if file_stored else 'NO'}"
              f" ({len(stored)} file(s) in UPLOAD_DIR)")
        print(f"worker RSS before: {mb(before['VmRSS']):.1f} MiB"
              f"  (VmHWM {mb(before['VmHWM']):.1f} MiB"
              f"{', reset before upload' if hwm_was_reset else ', could not reset'})")
        print(f"worker peak after: {mb(after['VmHWM']):.1f} MiB VmHWM"
              f"  (RSS now {mb(after['VmRSS']):.1f} MiB;"
              f" polled peak {mb(sampler.peak_kb):.1f} MiB over {sampler.samples} samples)")
        print(f"peak growth:       {mb(growth_kb):.1f} MiB"
              f"  (polled: {mb(sampled_growth_kb):.1f} MiB)")
        if not ok_status or not file_stored:
            verdict = "FAIL (the upload did not succeed, so the figure above says little)"
        else:
            verdict = "PASS" if passed else "FAIL"
        print(f"result:            {verdict} (target: under {args.target_mb:g} MiB)")
        from loadlib import machine_info, write_results  # imports this module: not at the top

        results = write_results(f"upload_memory-{args.target}", {
            "benchmark": "upload_memory", "issue": "10 item 4", "target": args.target,
            "path": shown_path, "file_bytes": size, "request_bytes": len(body),
            "http_status": status, "seconds": round(elapsed, 3),
            "mib_per_s": round(size / MIB / elapsed, 1),
            "stored": file_stored, "rss_before_kib": before["VmRSS"],
            "hwm_after_kib": after["VmHWM"], "peak_growth_kib": growth_kb,
            "polled_peak_growth_kib": sampled_growth_kb, "hwm_was_reset": hwm_was_reset,
            "target_mib": args.target_mb, "result": verdict.split()[0],
            "machine": machine_info(),
        })
        print(f"results:           {results.relative_to(PROJECT_ROOT)}")

        if not ok_status:
            if status in (404, 405):
                print(f"note: {shown_path} answered {status}; the route may not exist yet.",
                      file=sys.stderr)
            snippet = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page)
            if snippet:
                print(f"server said: {snippet[:3]}", file=sys.stderr)
            return 1
        if not file_stored:
            print("error: the response was a success but no stored file has the upload's size",
                  file=sys.stderr)
            return 1
        return 0 if passed else 1
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        stop_server(server)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

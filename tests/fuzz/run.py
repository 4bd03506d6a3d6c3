#!/usr/bin/env python3
"""The API fuzzer: Schemathesis, a property-based fuzzer driven by our OpenAPI document
(/api/openapi.json, every /api and seed path), against a running instance for a bounded
time, signed in as a new member who verified their email (a member's writes need it).
Fails on any server error (5xx) and on any response whose body breaks the schema the
document gives for its status.

  BASE_URL=… MAIL_DIR=… [FUZZ_SEED=…] python3 tests/fuzz/run.py ST REPORT_DIR SECONDS

Operations that would end the fuzzer's own session or account (logout, withdrawal, ending
sessions, changing the password) are left out: they are tested in tests/it, and after them
every other request would only test the 401.
"""
import base64
import json
import os
import pathlib
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request

BASE = os.environ["BASE_URL"].rstrip("/")
MAIL_DIR = pathlib.Path(os.environ["MAIL_DIR"])
PASSWORD = "Fuzz-Member-Pass-1"
# Operation names ("METHOD /path") left out. The voice clip upload too: its body is
# audio/webm, which the fuzzer cannot generate (tests/it/chat.rs and the chat spec send real
# recordings).
EXCLUDE = (
    r"^(POST .*/logout|DELETE /(api/)?(users|accounts)/\{[A-Za-z]+\}|DELETE /api/me/sessions/.*|POST /api/me/password"
    r"|POST /api/chat/rooms/\{room\}/voice)$"
)


def call(method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, json.loads(res.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def mailed_code(to: str) -> str:
    """The 6-digit code in the newest mail the sink stored for `to`."""
    for _ in range(100):
        for eml in sorted(MAIL_DIR.glob("*.eml"), reverse=True):
            text = eml.read_text(encoding="utf-8").replace("\r\n", "\n")
            if to not in text.split("\n", 1)[0]:
                continue
            body = "".join(text.split("\n\n", 1)[1].split())
            match = re.search(r"^\d{6}$", base64.b64decode(body).decode("utf-8").replace("\r\n", "\n"), re.M)
            if match:
                return match.group(0)
        time.sleep(0.1)
    raise SystemExit(f"no signup code mailed to {to} in {MAIL_DIR}")


def main() -> int:
    st, report_dir, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
    email = f"fuzz-{secrets.token_hex(6)}@example.test"
    status, body = call("POST", "/api/users/signup", {"email": email, "password": PASSWORD, "name": "퍼저", "nickname": "퍼저"})
    assert status == 201, body
    status, body = call("POST", "/api/users/verify-email", {"email": email, "code": mailed_code(email)})
    assert status == 200, body
    status, body = call("POST", "/api/users/login", {"email": email, "password": PASSWORD})
    assert status == 200, body
    token = body["accessToken"]
    cmd = [
        st, "--no-color", "run", f"{BASE}/api/openapi.json",
        "--checks", "not_a_server_error,response_schema_conformance",
        "--max-time", seconds,
        "--header", f"Authorization: Bearer {token}",
        "--exclude-name-regex", EXCLUDE,
        "--request-timeout", "15",
        "--workers", "2",
        "--report", "junit", "--report-dir", report_dir,
    ]
    # FUZZ_SEED repeats a run's choices (the seed every run prints at its end).
    if os.environ.get("FUZZ_SEED"):
        cmd += ["--seed", os.environ["FUZZ_SEED"]]
    print("schemathesis:", " ".join(c if not c.startswith("Authorization") else "Authorization: Bearer …" for c in cmd[1:]), flush=True)
    # Schemathesis keeps a cache in its working directory: the report's, not the checkout.
    pathlib.Path(report_dir).mkdir(parents=True, exist_ok=True)
    return subprocess.call(cmd, cwd=report_dir)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""What a retention sweep costs requests: get_conversation and create_message latency under
wrk while `serve --retain-conversations-days` removes old closed conversations, against
the same database where nothing is due. A measurement, not a test; docs/operating.md quotes it.

    cargo build --release --bin fin-helpdesk
    python3 benches/retention_latency.py       # 50,000 old conversations, 2 rounds

Knobs (environment): RETENTION_CONVERSATIONS (default 50000), RETENTION_ROUNDS (default 2),
RETENTION_SECS (seconds of wrk per operation, default 8), RETENTION_CONNECTIONS (default
16), FIN_HELPDESK_BIN (default target/release/fin-helpdesk).

SQLite only. Each variant's database is seeded once by direct SQL (one end user, the old
conversations with two messages each, last changed 30 days ago, and a recent open one the
requests use), then copied for every round. Variant `sweep`: the old ones are closed, so
the server's first sweep (at start) removes them while wrk runs; variant `idle`: they are
open, so the sweep finds nothing. Rounds alternate idle and sweep, as the machine may be
shared. The server's log says how long the sweep took, to show it covered the windows.
Everything it starts is stopped and removed at the end.
"""

import datetime
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("FIN_HELPDESK_BIN", os.path.join(ROOT, "target", "release", "fin-helpdesk"))
CONVERSATIONS = int(os.environ.get("RETENTION_CONVERSATIONS", "50000"))
ROUNDS = int(os.environ.get("RETENTION_ROUNDS", "2"))
SECS = int(os.environ.get("RETENTION_SECS", "8"))
CONNECTIONS = int(os.environ.get("RETENTION_CONNECTIONS", "16"))
TOKEN = "fhd_api_retention-bench-token-0123456789abcdef"
HOT = "conv_hot"
USER = "user_bench"

DONE_LUA = """
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"rps": %.1f, "p50_us": %d, "p99_us": %d, "max_us": %d, "errors": %d}\\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency.max, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""

CREATE_LUA = """
local counter = 0
local prefix = ""
init = function(args) prefix = tostring(math.random(1, 1e9)) end
request = function()
  counter = counter + 1
  local body = string.format('{"conversation_id": "%s", "object_id": "m-%s-%d", '
    .. '"author": {"id": "%s", "user_type": "end_user"}, "body": "<p>hi</p>"}', "{hot}", prefix, counter, "{user}")
  return wrk.format("POST", "/messages", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer {token}"}, body)
end
""".replace("{hot}", HOT).replace("{user}", USER).replace("{token}", TOKEN)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def seed(path, status):
    """A migrated database with the old conversations in `status` and the hot one."""
    subprocess.run([BIN, "agents", "--database-url", f"sqlite://{path}", "add", "--id", "agent_fin",
                    "--name", "Fin", "--email", "fin@bench.invalid"], check=True,
                   stdout=subprocess.DEVNULL)
    now = datetime.datetime.now(datetime.timezone.utc)
    old = ts(now - datetime.timedelta(days=30))
    db = sqlite3.connect(path)
    db.execute("INSERT INTO users (id, name, attributes, created_at, updated_at) "
               "VALUES (?, 'Bench', '{}', ?, ?)", (USER, old, old))
    rows, messages = [], []
    for i in range(CONVERSATIONS):
        cid = f"conv_old_{i:06d}"
        rows.append((cid, USER, status, 2, old, old))
        for p in (1, 2):
            messages.append((f"msg_old_{i:06d}_{p}", cid, p, "comment", "<p>old</p>", USER,
                             "public", "[]", old))
    rows.append((HOT, USER, "open", 1, ts(now), ts(now)))
    messages.append(("msg_hot_1", HOT, 1, "comment", "<p>hot</p>", USER, "public", "[]", ts(now)))
    db.executemany("INSERT INTO conversations (id, user_id, status, last_position, created_at, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO messages (id, conversation_id, position, message_type, body, "
                   "author_user_id, visibility, attachments, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", messages)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def wrk(port, script, path):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script + DONE_LUA)
        name = f.name
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECS}s", "-s", name,
                              "-H", f"Authorization: Bearer {TOKEN}",
                              f"http://127.0.0.1:{port}{path}"],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(name)
    line = next(l for l in out.splitlines() if l.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def run(template, variant, workdir):
    db = os.path.join(workdir, f"{variant}.db")
    shutil.copy(template, db)
    port = free_port()
    log_path = os.path.join(workdir, f"{variant}.log")
    with open(log_path, "w") as log:
        server = subprocess.Popen([BIN, "serve", "--bind", f"127.0.0.1:{port}", "--database-url",
                                   f"sqlite://{db}", "--api-token", TOKEN, "--log-format", "json",
                                   "--retain-conversations-days", "7"],
                                  stdout=subprocess.DEVNULL, stderr=log)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        started = time.monotonic()
        # The write first: it is the one that waits for the SQLite writer the sweep uses.
        create = wrk(port, CREATE_LUA, "/messages")
        get = wrk(port, "", f"/conversation?conversation_id={HOT}")
        measured = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    sweep_ms = None
    with open(log_path) as log:
        for line in log:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("msg") == "retention: removed closed conversations":
                sweep_ms = record.get("took_ms")
    os.unlink(db)
    return {"variant": variant, "get_conversation": get, "create_message": create,
            "windows_s": round(measured, 1), "sweep_ms": sweep_ms}


def main():
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} not found: cargo build --release --bin fin-helpdesk")
    with open("/proc/loadavg") as f:
        load_before = f.read().split()[:3]
    with tempfile.TemporaryDirectory() as workdir:
        templates = {}
        for variant, status in (("idle", "open"), ("sweep", "closed")):
            templates[variant] = os.path.join(workdir, f"template-{variant}.db")
            seed(templates[variant], status)
        results = []
        for _ in range(ROUNDS):
            for variant in ("idle", "sweep"):
                result = run(templates[variant], variant, workdir)
                results.append(result)
                print(json.dumps(result), flush=True)
    with open("/proc/loadavg") as f:
        load_after = f.read().split()[:3]
    print(f"{CONVERSATIONS} old conversations, wrk -t2 -c{CONNECTIONS} {SECS} s per operation, "
          f"load average {' '.join(load_before)} before, {' '.join(load_after)} after")


if __name__ == "__main__":
    main()

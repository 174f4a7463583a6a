#!/usr/bin/env python3
"""Outbox backlog measurement: how the worker behaves with Fin hanging, and how fast a
large backlog drains once Fin answers again. A measurement, not a test; docs/inbox.md
quotes its figures.

    cargo build --release --bin fin-helpdesk
    python3 benches/outbox_drain.py            # 100,000 events, 60 s of Fin hanging

Knobs (environment): OUTBOX_DRAIN_EVENTS (default 100000), OUTBOX_DRAIN_HANG_SECS
(default 60), FIN_HELPDESK_BIN (default target/release/fin-helpdesk).

It creates a fresh SQLite database in a temporary directory, queues the events directly
(one sync event per conversation, as a burst of agents' changes would), starts the real
`serve` with a fake Fin on 127.0.0.1 that reads each request and never answers, samples the
server's resident memory and the requests open at Fin, then lets Fin answer 200 at once
and times the drain. Everything it starts is stopped and removed at the end.
"""

import asyncio
import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("FIN_HELPDESK_BIN", os.path.join(ROOT, "target", "release", "fin-helpdesk"))
EVENTS = int(os.environ.get("OUTBOX_DRAIN_EVENTS", "100000"))
HANG_SECS = float(os.environ.get("OUTBOX_DRAIN_HANG_SECS", "60"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class FakeFin:
    """Reads HTTP/1.1 requests; hangs until `answering` is set, then answers 200."""

    def __init__(self):
        self.answering = asyncio.Event()
        self.open = 0
        self.most_open = 0
        self.requests = 0
        self.answered = 0

    async def connection(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.decode("latin-1").lower().split("\r\n"):
                    if line.startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                await reader.readexactly(length)
                self.requests += 1
                self.open += 1
                self.most_open = max(self.most_open, self.open)
                try:
                    if not self.answering.is_set():
                        # Hang until the client gives up (EOF) or Fin comes back.
                        eof = asyncio.ensure_future(reader.read(1))
                        back = asyncio.ensure_future(self.answering.wait())
                        done, _ = await asyncio.wait({eof, back}, return_when=asyncio.FIRST_COMPLETED)
                        if eof in done:
                            back.cancel()
                            return
                        # Waited for, not only cancelled: a read still pending on the
                        # stream would make the next readuntil fail.
                        eof.cancel()
                        await asyncio.gather(eof, return_exceptions=True)
                    writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                                 b"content-length: 2\r\n\r\n{}")
                    await writer.drain()
                    self.answered += 1
                finally:
                    self.open -= 1
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except asyncio.CancelledError:
            # Connections still open when the measurement ends are cancelled with the
            # event loop; nothing is left to report about them.
            pass
        finally:
            writer.close()


def now_ms():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def seed(db_path):
    out = subprocess.run([BIN, "agents", "add", "--database-url", f"sqlite://{db_path}",
                          "--id", "agent_bench", "--name", "Bench", "--email", "b@example.com"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    c = sqlite3.connect(db_path)
    at = now_ms()
    c.executemany(
        "INSERT INTO outbox (conversation_id, kind, payload, state, attempts, next_attempt_at, "
        "created_at) VALUES (?, 'sync', ?, 'pending', 0, ?, ?)",
        ((f"conv_{i}", f'{{"conversation_id":"conv_{i}"}}', at, at) for i in range(EVENTS)))
    c.commit()
    c.close()


def count(db_path, state):
    c = sqlite3.connect(db_path, timeout=30)
    try:
        return c.execute("SELECT count(*) FROM outbox WHERE state = ?", (state,)).fetchone()[0]
    finally:
        c.close()


async def main():
    with tempfile.TemporaryDirectory() as work:
        db = os.path.join(work, "drain.db")
        t = time.monotonic()
        seed(db)
        print(f"queued {EVENTS} sync events in {time.monotonic() - t:.1f} s")
        fin = FakeFin()
        fin_server = await asyncio.start_server(fin.connection, "127.0.0.1", 0)
        fin_port = fin_server.sockets[0].getsockname()[1]
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FIN_HELPDESK_")}
        env["FIN_HELPDESK_WEBHOOK_KEY"] = "whk_bench"
        env["FIN_HELPDESK_API_TOKENS"] = "fhd_api_bench"
        log = open(os.path.join(work, "serve.log"), "w")
        server = subprocess.Popen(
            [BIN, "serve", "--bind", f"127.0.0.1:{port}", "--database-url", f"sqlite://{db}",
             "--fin-webhook-base-url", f"http://127.0.0.1:{fin_port}/hooks/standalone",
             "--integration-id", "int_bench", "--log-level", "warn"],
            env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            samples = []
            started = time.monotonic()
            while time.monotonic() - started < HANG_SECS:
                await asyncio.sleep(1)
                if server.poll() is not None:
                    sys.exit(f"serve exited: {server.returncode}")
                samples.append(rss_kib(server.pid))
            print(f"Fin hanging for {HANG_SECS:.0f} s: {fin.requests} requests, at most "
                  f"{fin.most_open} open at once; server RSS {min(samples) / 1024:.1f} to "
                  f"{max(samples) / 1024:.1f} MiB (first {samples[0] / 1024:.1f}, last "
                  f"{samples[-1] / 1024:.1f}); pending {count(db, 'pending')}")
            fin.answering.set()
            t = time.monotonic()
            drain_rss = []
            while count(db, "pending") > 0:
                await asyncio.sleep(0.5)
                drain_rss.append(rss_kib(server.pid))
                if time.monotonic() - t > 3600:
                    sys.exit("not drained within an hour")
            took = time.monotonic() - t
            print(f"drained {EVENTS} events in {took:.1f} s ({EVENTS / took:.0f} events/s); "
                  f"{fin.answered} answered by Fin; delivered {count(db, 'delivered')}, dead "
                  f"{count(db, 'dead')}; server RSS during the drain at most "
                  f"{max(drain_rss) / 1024:.1f} MiB")
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            fin_server.close()
            log.close()


if __name__ == "__main__":
    asyncio.run(main())

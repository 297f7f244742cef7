"""`portevoix serve` (what `make run` ends with) serves the login page with a live worker, and
Ctrl-C stops every process it started."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children_of(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [int(p) for p in out.split()]


def test_it_serves_the_app_with_its_worker_and_stops_everything_on_ctrl_c(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PORTEVOIX_", "DATABASE_URL", "CELERY_"))
    }
    env.update(PORTEVOIX_VAR_DIR=str(tmp_path), PORTEVOIX_DEBUG="1")
    cli = [sys.executable, "-m", "portevoix.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True)
    port = free_port()
    server = subprocess.Popen([*cli, "serve", "--addr", f"127.0.0.1:{port}"], env=env)
    try:
        deadline = time.monotonic() + 60
        health: dict[str, str] = {}
        while time.monotonic() < deadline and health.get("worker") != "ok":
            with contextlib.suppress(httpx.TransportError):
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()
            time.sleep(0.5)
        assert health == {"database": "ok", "worker": "ok"}
        login = httpx.get(f"http://127.0.0.1:{port}/login/", timeout=5)
        assert login.status_code == 200
        started = children_of(server.pid)
        assert len(started) == 2  # the web server and the worker
        started += [grandchild for pid in started for grandchild in children_of(pid)]
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
        time.sleep(0.5)
        alive = [
            pid
            for pid in started
            if Path(f"/proc/{pid}").exists()
            and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
        ]
        assert alive == []
    finally:
        if server.poll() is None:
            server.kill()

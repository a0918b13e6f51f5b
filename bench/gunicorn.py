"""gunicorn for the measurements (``bench.load``, ``bench.lighthouse``): started on loopback with
production settings, waited for until ``/healthz`` answers, stopped with its workers. Standard
library only, so it can be imported before Django is set up."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


def start(port, *, env, cwd, log_path, workers=2, threads=2, extra=()):
    """gunicorn serving the portal on ``HOST:port``, once ``/healthz`` answers (30 s at most)."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "spbe_portal.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        *extra,
        "--log-level",
        "warning",
    ]
    log = open(log_path, "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"gunicorn on port {port} did not answer /healthz within 30 s; see {log.name}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the master stops its own workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()

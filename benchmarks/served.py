"""The app served for a benchmark: `python -m dashboards.server --mode local` on a free loopback
port, from the store `db` (a file or a lake's address), its log in a file, stopped afterwards."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served_app(db, log_path: Path, processes: int = 1, wait_s: float = 120):
    """Yields (the app's URL, the server process) once the app answers; stops the server after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/app"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "dashboards.server", "--mode", "local", "--port", str(port),
                                   "--processes", str(processes)],
                                  env=dict(os.environ, BIGCATS_DB=str(db)), cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            until = time.monotonic() + wait_s
            while True:
                try:
                    urllib.request.urlopen(url, timeout=5)
                    break
                except OSError:
                    if time.monotonic() > until or server.poll() is not None:
                        raise RuntimeError(f"the app did not start; see {log_path}") from None
                    time.sleep(0.5)
            yield url, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

"""A throwaway PostgreSQL cluster for the lake tests: initdb in a temporary folder, started on a free
loopback port with fsync off (3-4 s), one database per test, removed at the end of the run.

PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` account Debian's
package makes (or `nobody`), in a folder that account owns."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, or the PATH's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def missing_reason() -> str | None:
    """Why no cluster can be started here, or None."""
    if binaries() is None:
        return "PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)"
    if os.geteuid() == 0 and not _account():
        return "running as root with neither a postgres nor a nobody account to run PostgreSQL as"
    return None


def _account() -> str | None:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, folder: Path | None = None, port: int = 0):
        """A new cluster's folder (start() makes and starts it), or, given `folder` and `port`, one
        already running (started by another process of the same test run: `info()`)."""
        self.bin = binaries()
        self.folder = folder or Path(tempfile.mkdtemp(prefix="bigcats-pg-"))  # under /tmp: reachable by the account
        self.data = self.folder / "data"
        self.port = port
        self._as = []
        if os.geteuid() == 0:
            account = _account()
            if folder is None:
                shutil.chown(self.folder, account)
            self._as = ["runuser", "-u", account, "--"]

    def info(self) -> dict:
        return {"folder": str(self.folder), "port": self.port}

    @classmethod
    def running(cls, info: dict) -> "Cluster":
        return cls(Path(info["folder"]), int(info["port"]))

    def _run(self, *cmd: str) -> None:
        subprocess.run([*self._as, *cmd], check=True, capture_output=True, text=True, cwd=self.folder)

    def start(self) -> "Cluster":
        self._run(str(self.bin / "initdb"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "-D", str(self.data))
        for _ in range(5):  # a port taken between choosing and binding: choose another
            self.port = _free_port()
            try:
                # -w: pg_ctl returns when the server accepts connections
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"),
                          "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                                "-c full_page_writes=off -c synchronous_commit=off", "start")
                return self
            except subprocess.CalledProcessError:
                continue
        raise RuntimeError(f"PostgreSQL did not start: {(self.folder / 'log').read_text()[-2000:]}")

    def create_database(self, name: str, template: str | None = None) -> None:
        """A new database, empty or a copy of `template` (PostgreSQL copies its files: fractions of
        a second, where importing a store into a lake again takes seconds)."""
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        *(["-T", template] if template else []), name], check=True, capture_output=True, text=True)

    def psql(self, database: str, statement: str, *values: str) -> str:
        """Run one statement in `database` (values bound as psql variables :'v1', :'v2', ...)."""
        variables = [a for i, v in enumerate(values, 1) for a in ("-v", f"v{i}={v}")]
        return subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                               "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", *variables, "-d", database],
                              input=statement, check=True, capture_output=True, text=True).stdout

    def address(self, database: str) -> str:
        return f"ducklake:postgres:dbname={database} host=127.0.0.1 port={self.port} user=postgres"

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

"""The `bigcats` command in tests: `bigcats(...)` runs it in this process (what `main` does is
what the console script does; a fresh interpreter costs about two seconds a call), and
`bigcats_process(...)` in a new interpreter, for the tests about the process itself and for
`bigcats report`, which execs the page-drawing module in its place."""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from unittest import mock

from bigcats.cli import main


def _no_exec(*args, **kw):
    raise AssertionError("this command execs another program: run it with bigcats_process")


def bigcats(*args: str) -> subprocess.CompletedProcess:
    """Exit code, standard output and standard error of `bigcats ARGS`, run in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), mock.patch("os.execv", _no_exec):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors and --version
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["bigcats", *args], code, out.getvalue(), err.getvalue())


def bigcats_process(*args: str, **kw) -> subprocess.CompletedProcess:
    """`bigcats ARGS` in a new interpreter, as a user's shell runs it."""
    return subprocess.run([sys.executable, "-m", "bigcats.cli", *args], capture_output=True, text=True, **kw)

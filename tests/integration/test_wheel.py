"""Installed as a wheel, from any folder, bigcats works: the seed facts, geometry, queries,
migrations and the app entry ship inside the package."""
import os
import socket
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pytest

from tests.conftest import ROOT
from tests.waiting import http_answers


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv holding only the wheel; its dependencies are read from this interpreter's
    site-packages (a .pth line, which does not run the editable install's finder)."""
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    wheel, = out.glob("bigcats-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("bigcats/shipped/seed/facts.csv", "bigcats/shipped/geo/protected_areas.geojson",
                   "bigcats/shipped/queries/transboundary_shares.sql", "bigcats/migrations/001_core.sql",
                   "bigcats/i18n/messages.csv", "dashboards/entry.py", "dashboards/templates/login.html"):
        assert needed in names, needed
    env_dir = out / "venv"
    venv.create(env_dir, with_pip=False)
    site = next((env_dir / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    with zipfile.ZipFile(wheel) as z:  # installing a pure wheel is unpacking it into site-packages
        z.extractall(site)
    python = env_dir / "bin" / "python"
    work = tmp_path_factory.mktemp("elsewhere")
    return python, work


def run(python, work, *args, **kw):
    env = dict(os.environ, **kw.pop("env", {}))
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(python), "-m", "bigcats.cli", *args], capture_output=True, text=True, cwd=work,
                          env=env, **kw)


def test_the_wheel_initialises_queries_and_serves_from_another_folder(installed):
    python, work = installed
    where = subprocess.run([str(python), "-c", "import bigcats.paths as p; print(p.IN_CLONE, p.QUERIES)"],
                           capture_output=True, text=True, cwd=work, env={k: v for k, v in os.environ.items()
                                                                           if k != "PYTHONPATH"})
    assert where.stdout.startswith("False") and "site-packages/bigcats/shipped/queries" in where.stdout, where
    r = run(python, work, "init", "--demo", "--db", "store.duckdb")
    assert r.returncode == 0 and "store ready" in r.stdout, r.stderr
    r = run(python, work, "sql", "SELECT count(*) AS facts FROM facts", "--db", "store.duckdb")
    assert r.returncode == 0 and "facts" in r.stdout, r.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(python), "-m", "bigcats.cli", "serve", "--port", str(port), "--lang", "ru"], cwd=work,
                            env={**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
                                 "BIGCATS_DB": str(work / "store.duckdb")},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        html = http_answers(f"http://127.0.0.1:{port}/app?page=overview", 120, proc)
        assert "<title>Большие кошки без границ · Обзор</title>" in html
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_version_is_the_packages(installed):
    python, work = installed
    r = run(python, work, "--version")
    assert r.returncode == 0 and r.stdout.strip().startswith("bigcats 0.")

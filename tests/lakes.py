"""Lakes for the tests, made from a file store once per worker and copied for each test.

Importing a store into a new lake takes seconds (the demo: 249k rows of 60 tables); a copy of a
lake made once is a PostgreSQL database made from it as a template (PostgreSQL copies the files)
and its data folder hard-linked, in a fraction of a second. Hard links are safe because DuckLake
never rewrites a Parquet file it wrote: a write adds files, a delete adds a deletion file, and
cleanup unlinks only the copy's own names."""
from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from pathlib import Path

from tests.postgres import Cluster


class LakeTemplates:
    def __init__(self, cluster: Cluster, folder: Path):
        self.cluster, self.folder = cluster, folder
        self.made: dict[str, Path] = {}

    def _template(self, name: str, source: Path) -> Path:
        """The lake `name`, made once per test run from the file store `source` (the first worker
        to ask makes it, under a lock; the others wait and use it); returns its data folder."""
        if name in self.made:
            return self.made[name]
        with open(self.folder / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if (self.folder / f"{name}.ready").exists():
                self.made[name] = self.folder / f"{name}-data"
            else:
                self._make(name, source)
                (self.folder / f"{name}.ready").write_text("")
        return self.made[name]

    def _make(self, name: str, source: Path) -> None:
        from bigcats import lake_admin

        data = self.folder / f"{name}-data"
        # a copy of its own: the worker may hold `source` open read-only (demo_reader), and
        # DuckDB refuses to open one file twice with other settings in one process
        file = self.folder / f"{name}.duckdb"
        shutil.copy(source, file)
        database = f"template_{name}"
        self.cluster.create_database(database)
        before = os.environ.get("BIGCATS_LAKE_DATA")
        os.environ["BIGCATS_LAKE_DATA"] = str(data)
        try:
            lake_admin.import_file(str(file), self.cluster.address(database))
        except BaseException:
            self.cluster.psql("postgres", f'DROP DATABASE "{database}";')  # the next test tries again
            shutil.rmtree(data, ignore_errors=True)
            raise
        finally:
            file.unlink()
            if before is None:
                os.environ.pop("BIGCATS_LAKE_DATA")
            else:
                os.environ["BIGCATS_LAKE_DATA"] = before
        self.made[name] = data

    def copy(self, name: str, source: Path, data: Path) -> str:
        """A new lake holding what the file store `source` holds, its data files in `data`;
        returns its address (BIGCATS_LAKE_DATA must name `data` when it is opened)."""
        template_data = self._template(name, source)
        database = f"lake_{name}_{uuid.uuid4().hex[:12]}"
        self.cluster.create_database(database, template=f"template_{name}")
        shutil.copytree(template_data, data, copy_function=os.link)
        # the catalogue names its data folder; the copy's is `data` (file paths in it are relative)
        self.cluster.psql(database, "UPDATE ducklake_metadata SET value = :'v1' WHERE key = 'data_path';",
                          f"{data}/")
        return self.cluster.address(database)

"""Lakes for the tests, made from a file store once per worker and copied for each test.

Importing a store into a new lake takes seconds (the demo: 249k rows of 60 tables); a copy of a
lake made once is a PostgreSQL database made from it as a template (PostgreSQL copies the files)
and its data folder hard-linked, in a fraction of a second. Hard links are safe because DuckLake
never rewrites a Parquet file it wrote: a write adds files, a delete adds a deletion file, and
cleanup unlinks only the copy's own names."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.postgres import Cluster


class LakeTemplates:
    def __init__(self, cluster: Cluster, folder: Path):
        self.cluster, self.folder = cluster, folder
        self.made: dict[str, Path] = {}
        self.copies = 0

    def _template(self, name: str, source: Path) -> Path:
        """The lake `name`, made once from the file store `source`; returns its data folder."""
        if name not in self.made:
            from bigcats import lake_admin

            data = self.folder / f"{name}-data"
            # a copy of its own: the worker may hold `source` open read-only (demo_reader), and
            # DuckDB refuses to open one file twice with other settings in one process
            file = self.folder / f"{name}.duckdb"
            shutil.copy(source, file)
            database = f"template_{name}_{os.getpid()}"
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
        return self.made[name]

    def copy(self, name: str, source: Path, data: Path) -> str:
        """A new lake holding what the file store `source` holds, its data files in `data`;
        returns its address (BIGCATS_LAKE_DATA must name `data` when it is opened)."""
        template_data = self._template(name, source)
        self.copies += 1
        database = f"lake_{name}_{os.getpid()}_{self.copies}"
        self.cluster.create_database(database, template=f"template_{name}_{os.getpid()}")
        shutil.copytree(template_data, data, copy_function=os.link)
        # the catalogue names its data folder; the copy's is `data` (file paths in it are relative)
        self.cluster.psql(database, "UPDATE ducklake_metadata SET value = :'v1' WHERE key = 'data_path';",
                          f"{data}/")
        return self.cluster.address(database)

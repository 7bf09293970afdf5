"""The one upload component: whatever name the browser sends, the server writes only a file it
names itself in a fresh temporary folder, shows the client's name as a plain base name, refuses
extensions it does not accept and zips that would escape or explode."""
import io
import tempfile
import uuid
import zipfile
from pathlib import Path

import dataclasses

import pytest

from bigcats.ingest import registry
from dashboards.upload import Upload, display_name


@pytest.fixture
def recorder(monkeypatch):
    """Every importer of the registry replaced by one that records the path it is given."""
    seen = []

    def run(store, path: Path, imported_by="", **options):
        seen.append((path, path.read_bytes() if path.is_file() else sorted(p.name for p in path.rglob("*"))))
        return 1

    for kind, imp in list(registry.IMPORTERS.items()):
        monkeypatch.setitem(registry.IMPORTERS, kind, dataclasses.replace(imp, run=run, report=lambda r, f: f"{f}"))
    return seen


@pytest.mark.parametrize("template", ["/tmp/{n}.csv", "../../../../tmp/{n}.csv", "..\\..\\{n}.csv",
                                      "C:\\Windows\\{n}.csv", "/etc/cron.d/{n}.csv"])
def test_the_clients_file_name_never_becomes_a_path(template, recorder):
    n = f"bigcats-attack-{uuid.uuid4().hex}"
    client_name = template.format(n=n)
    seen = recorder
    text, kind = Upload("census", None).import_bytes(client_name, b"a,b\n1,2\n")
    assert kind == "success"
    (path, data), = seen
    assert data == b"a,b\n1,2\n"
    assert path.name == "upload.csv" and path.parent.name.startswith("bigcats-upload-")
    assert Path(tempfile.gettempdir()) in path.parents
    assert not path.exists()  # the temporary folder is removed after the import
    assert not list(Path("/tmp").glob(f"{n}*")) and not Path(f"/etc/cron.d/{n}.csv").exists()
    assert text == f"Imported: {n}.csv"  # the client's name is shown, as a base name only


def test_display_names_are_plain():
    assert display_name("../../x<script>.csv", "d") == "xscript.csv"
    assert display_name("", "default.csv") == "default.csv"
    assert display_name("a" * 500 + ".csv", "d").__len__() <= 120


@pytest.mark.parametrize("name, data, why", [("run.py", b"print(1)", "only these kinds of file"),
                                             ("x.csv", b"", "empty"),
                                             ("noextension", b"a", "only these kinds of file")])
def test_refused_before_anything_is_written(name, data, why, recorder):
    seen = recorder
    text, kind = Upload("census", None).import_bytes(name, data)
    assert kind == "danger" and why in text and not seen


def test_a_zip_is_unpacked_under_limits_and_an_escaping_one_refused(recorder):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("pkg/datapackage.json", "{}")
        z.writestr("pkg/deployments.csv", "x")
    seen = recorder
    text, kind = Upload("camtrap-dp", None, options=lambda: {"park": "LLNP"}).import_bytes("/abs/pkg.zip", buf.getvalue())
    assert kind == "success" and seen[0][0].name == "pkg" and seen[0][1] == ["datapackage.json", "deployments.csv"]
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../../tmp/escaped.txt", "x")
    seen.clear()
    text, kind = Upload("camtrap-dp", None, options=lambda: {"park": "LLNP"}).import_bytes("pkg.zip", evil.getvalue())
    assert kind == "danger" and "'..'" in text and not seen


def test_an_unexpected_error_is_shown_not_swallowed(monkeypatch, caplog):
    """A bug in an importer (not a refusal) still ends in a message beside the button, and the
    traceback goes to the server's log: a person is never left waiting for nothing."""
    def broken(store, path, imported_by="", **options):
        raise KeyError("a column the importer forgot")
    imp = registry.IMPORTERS["census"]
    monkeypatch.setitem(registry.IMPORTERS, "census", dataclasses.replace(imp, run=broken))
    upload = Upload("census", None, lang="ru")
    upload.file_input.param.update(value=b"a,b\n1,2\n", filename="routes.csv")
    upload._clicked()
    assert upload.result.visible and upload.result.alert_type == "danger"
    assert "routes.csv" in upload.result.object and "журнал сервера" in upload.result.object
    assert not upload.busy and not upload.button.loading
    assert "a column the importer forgot" in caplog.text

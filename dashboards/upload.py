"""The one upload component of every page (expenditures, census, publications, Camtrap DP).

Why one: the four hand-written upload handlers each built a path from the name the browser
sent with the file, so a client that set it to `/etc/x` or `../../x.csv` wrote that file as the
server's user. Here the server chooses every name it writes: the uploaded bytes go to a fresh
temporary file (or, for a zip, a fresh temporary folder unpacked under limits), named by the server
with the extension the component accepts. The client's file name is only *shown*, reduced to a
plain base name; its extension must be one the component accepts.

The importer runs off the server's event loop (a worker thread), so a large file does not stall
every other session; the store serialises writes on its own lock.
"""
from __future__ import annotations

import logging
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable

import panel as pn
from panel.io.state import set_curdoc
import param

from bigcats.access import AccessDenied
from bigcats.i18n import t
from bigcats.ingest import registry
from bigcats.ingest.problems import ImportRefused
from bigcats.ingest.archive import ArchiveRefused, unpack_zip

# An upload bigger than this is refused before anything is written (the websocket limit of the
# server is set from it too, see dashboards/server.py).
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


LOG = logging.getLogger(__name__)
# Imports run on threads of their own, named so that a stack dump (kill -USR1, docs/operations.md)
# shows them, and never queued behind whatever else uses the event loop's default executor.
IMPORTS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="bigcats-import")


def display_name(client_name: str | None, default: str) -> str:
    """The client's file name as it may be shown: its last component only, printable, short."""
    name = PurePosixPath(PureWindowsPath(client_name or "").name).name
    name = re.sub(r"[\x00-\x1f\x7f<>`*_\[\]|\\]", "", name).strip()[:120]
    return name or default


class Upload(pn.viewable.Viewer):
    """A file input, an import button and a message, for one importer of the registry
    (`bigcats.ingest.registry`: the same dispatch as `bigcats import KIND`).

    options: called at import time for the importer's options (e.g. the park chosen on the page).
    after: called on the server's event loop after a successful import (pages re-read the store).
    """

    kind = param.String(doc="The importer: a key of bigcats.ingest.registry.IMPORTERS.")
    css_prefix = param.String(default="upload", doc="CSS class prefix: <prefix>-upload, -import, -result.")
    lang = param.String(default="en")
    busy = param.Boolean(default=False, doc="True while an import runs.")

    def __init__(self, kind: str, store, options: Callable[[], dict] | None = None, extra: list | None = None,
                 after: Callable[[], None] | None = None, **params):
        super().__init__(kind=kind, **params)
        self._importer = registry.importer(kind)
        self._store = store
        self._options = options or dict
        self._extra = extra or []
        self._after = after
        self.accept = list(self._importer.extensions)
        self.unpack = self._importer.folder
        p = self.css_prefix
        self.file_input = pn.widgets.FileInput(accept=",".join(self.accept), css_classes=[f"{p}-upload"])
        # Import waits for a file the server holds; the server says which (its shown base name), so
        # a person (and a test) sees what will be imported before pressing Import
        self.button = pn.widgets.Button(name=t("import", self.lang), button_type="warning", css_classes=[f"{p}-import"],
                                        disabled=True)
        self.chosen = pn.pane.Str("", css_classes=[f"{p}-chosen"], margin=(12, 10))
        self.result = pn.pane.Alert("", visible=False, css_classes=[f"{p}-result"])
        self.button.on_click(self._clicked)
        self.file_input.param.watch(self._file_chosen, ["filename", "value"])

    def shown_name(self) -> str:
        """The client's file name as shown: the one place it is read; nothing but this display
        string goes further (the server names every file it writes)."""
        return display_name(self.file_input.filename, "upload")

    def _file_chosen(self, *_):
        has = bool(self.file_input.value)
        self.button.disabled = not has or self.busy
        self.chosen.object = f"{t('upload_chosen', self.lang)}: {self.shown_name()}" if has else ""

    def _run(self, path: Path) -> str:
        _, line = registry.run(self.kind, self._store, path, imported_by="dashboard upload", **self._options())
        return f"{t('imported', self.lang)}: {line}"

    def _show(self, text: str, kind: str) -> None:
        self.result.object, self.result.alert_type, self.result.visible = text, kind, True

    def check(self, client_name: str | None, data: bytes | None) -> str | None:
        """Why this upload is refused before anything is written (None: it may proceed)."""
        shown = display_name(client_name, "upload")
        if not data:
            return f"{shown}: {t('upload_empty', self.lang)}"
        if len(data) > MAX_UPLOAD_BYTES:
            return f"{shown}: {t('upload_too_large', self.lang, mb=MAX_UPLOAD_BYTES // 2**20)}"
        suffix = PurePosixPath(shown).suffix.lower()
        if suffix not in self.accept:
            return f"{shown}: {t('upload_wrong_type', self.lang, types=', '.join(self.accept))}"
        return None

    def import_bytes(self, client_name: str | None, data: bytes | None) -> tuple[str, str]:
        """Write the bytes where the server chooses, run the importer; (message, alert type).
        Runs in a worker thread; touches no widget."""
        refused = self.check(client_name, data)
        if refused:
            return refused, "danger"
        shown = display_name(client_name, "upload")
        suffix = PurePosixPath(shown).suffix.lower()
        workdir = Path(tempfile.mkdtemp(prefix="bigcats-upload-"))
        try:
            if self.unpack and suffix == ".zip":  # a package arrives zipped
                target = workdir / "package"
                unpack_zip(data, target)
                found = sorted(target.rglob("datapackage.json"))
                path = found[0].parent if found else target
            else:
                path = workdir / f"upload{suffix}"  # the server's name, never the client's
                path.write_bytes(data)
            try:
                message = self._run(path)
            except (ImportRefused, ArchiveRefused, AccessDenied) as exc:
                text = str(exc).replace(str(path), shown).replace(str(workdir), shown)
                return f"**{t('refused', self.lang)}**\n\n" + "\n".join(f"- {line}" for line in text.splitlines()), \
                    ("warning" if getattr(exc, "over_budget", False) else "danger")
            return message.replace(str(path), shown), "success"
        except ArchiveRefused as exc:
            return f"**{t('refused', self.lang)}**\n\n- {shown}: {exc}", "danger"
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _import_reported(self, client_name: str, data: bytes) -> tuple[str, str]:
        """import_bytes, with a bug (not a refusal) turned into a message: the person must still be
        told (the store is unchanged: the importer's transaction rolled back), and the server's log
        keeps the traceback. Runs in a worker thread."""
        try:
            return self.import_bytes(client_name, data)
        except Exception:
            LOG.exception("import of an uploaded %s file failed", self.kind)
            return f"**{t('refused', self.lang)}**\n\n- {display_name(client_name, 'upload')}: " \
                   f"{t('upload_failed', self.lang)}", "danger"

    def _clicked(self, _event=None) -> None:
        """Start the import on a worker thread and return at once; the result is shown by `_finish`.

        Why not an async callback: Panel sends what an async callback changes outside the
        document's lock, and under load (the browser suite on two cores) those changes were
        sometimes never sent: a click whose button never showed it was busy, or one that stayed
        busy after the import had ended. Here the click is an ordinary (locked) callback, and the
        result comes back as a locked next-tick callback of the session's document, the one
        thread-safe way into a Bokeh document (Bokeh's documentation, "Updating from threads")."""
        if self.busy or not self.file_input.value:
            return
        self.busy = True
        self.button.loading = True
        doc = pn.state.curdoc
        job = IMPORTS.submit(self._import_reported, self.shown_name(), self.file_input.value)
        if doc is None or doc.session_context is None:  # a notebook or a test: no server loop to return to
            self._finish(*job.result())
            return

        def back_on_the_loop(done):
            text, kind = done.result()

            def finish():
                with set_curdoc(doc):
                    self._finish(text, kind)
            try:
                doc.add_next_tick_callback(finish)
            except Exception:  # the session closed while the import ran: nobody is left to tell
                LOG.info("an import of %s ended after its session closed: %s", self.kind, text.splitlines()[0])
        job.add_done_callback(back_on_the_loop)

    def _finish(self, text: str, kind: str) -> None:
        """Show the import's result and free the button (on the server's event loop)."""
        self.busy = False
        self.button.loading = False
        self._file_chosen()
        self._show(text, kind)
        if kind == "success" and self._after is not None:
            self._after()

    def __panel__(self):
        return pn.Column(pn.Row(self.file_input, *self._extra, self.button, self.chosen), self.result,
                         sizing_mode="stretch_width")

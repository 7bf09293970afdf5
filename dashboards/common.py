"""What every page shares: the page base class, formatting, and the demo-data badge."""
from __future__ import annotations

import panel as pn
import param

from bigcats import access
from bigcats.i18n import LANGUAGES, t
from dashboards.tables import number
from bigcats.store import Store


class Page(pn.viewable.Viewer):
    """A page of the dashboard: a Store, a language, and whether it shows synthetic rows."""

    store = param.ClassSelector(class_=Store, doc="The bigcats store the page reads.")
    lang = param.Selector(default="en", objects=list(LANGUAGES), doc="Language of every label.")
    shows_synthetic = param.Boolean(default=False, doc="True when the page shows demo (simulated) rows.")
    drawn = param.Integer(default=0, precedence=-1, doc="Counts redraws: bumped once the choices have settled.")

    slug: str = ""
    title_key: str = ""

    # -- one redraw per change ------------------------------------------------------------------------
    def draw_once_settled(self, names: list[str]) -> None:
        """Bump `drawn` once per change of the params `names`, after the watchers that settle the
        choices a change implies (a species decides the scopes offered, a scope the years): a view
        that depends on `drawn` alone is computed once, with every choice in its final state,
        instead of once per intermediate state (each maybe an estimate or a map)."""
        self._draw_names, self._drawn_state = list(names), None
        # precedence 10: after param's own dependency watchers (-1) and widgets' (0)
        self.param.watch(self._bump_drawn, self._draw_names, precedence=10)

    def _bump_drawn(self, *_):
        state = tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(self, n) for n in self._draw_names))
        if state != self._drawn_state:
            self._drawn_state = state
            self.drawn += 1

    def title(self) -> str:
        return t(self.title_key, self.lang)

    def t(self, key: str) -> str:
        return t(key, self.lang)

    # -- who may write: the library enforces it; the page only leaves out what would be refused ------
    def may(self, action: str, park: str | None = None, proposal: int | None = None) -> bool:
        return access.allowed(self.store, self.store.actor, action, park, proposal)

    def writable(self, action: str, options: dict) -> dict:
        """The choices of a form (label -> park or proposal) this session may write to."""
        key = "proposal" if action in access.PROPOSAL_SCOPED else "park"
        return {label: v for label, v in options.items() if self.may(action, **{key: v})}

    def read_only_note(self) -> pn.pane.Alert:
        return pn.pane.Alert(t("read_only_note", self.lang), alert_type="secondary", css_classes=["read-only-note"])

    def monitoring_is_synthetic(self) -> bool:
        """Whether the camera-trap data the page reads holds demo rows (then the badge shows)."""
        share = self.store.query("synthetic_share")
        rows = share.filter(share["table_name"].is_in(["observations", "deployments"]))
        return bool(rows["synthetic_rows"].sum() > 0)


def once_the_browser_has_the_page(start) -> None:
    """Call `start` (which starts a periodic callback or a listener that may redraw the page) now
    if the browser has loaded this session's page, else once it has (Panel's `onload`).

    Why: Panel 1.9 drops the model changes made between the browser's pull of the document and its
    'document_ready' message (`panel.io.document.hold` discards them as if the document were still
    to be serialised, but the browser already has it). A redraw in that window (a worker's result
    arriving a second after the page was built) never reached the browser: the population page kept
    its "being computed" note for good. Before the page is loaded nothing of it can change anyway."""
    doc = pn.state.curdoc
    if doc is None or doc.session_context is None or pn.state.loaded:
        start()
    else:
        pn.state.onload(start)


def form_outcome(message: pn.pane.Alert, write, refused: tuple, saved, lang: str):
    """Run a form's `write`; show its refusal's problems (one a line) in `message` and return None,
    or "Saved: `saved(result)`" and return the result."""
    try:
        result = write()
    except refused as exc:
        message.object = "\n".join(f"- {line}" for line in str(exc).splitlines())
        message.alert_type, message.visible = "danger", True
        return None
    message.object = f"{t('saved', lang)}: {saved(result)}"
    message.alert_type, message.visible = "success", True
    return result


class Figure(pn.pane.Bokeh):
    """A page's Bokeh figure: Panel's Bokeh pane, sending the browser only the glyphs the figure
    shows (`dashboards.figures.common.drop_unshown_glyphs`), whenever it is drawn, first or again."""

    def _get_model(self, doc, root=None, parent=None, comm=None):
        if root is not None and self.object is not None:
            from dashboards.figures.common import drop_unshown_glyphs
            drop_unshown_glyphs(self.object)
        return super()._get_model(doc, root, parent, comm)


def demo_badge(lang: str) -> pn.pane.HTML:
    """The visible 'demo data' badge, shown wherever synthetic rows are shown."""
    return pn.pane.HTML(
        f'<span class="bigcats-demo-badge" title="{t("demo_badge_title", lang)}">{t("demo_badge", lang)}</span>',
        stylesheets=[""".bigcats-demo-badge { background: #d9480f; color: white; font-weight: 700;
            padding: 4px 12px; border-radius: 4px; font-size: 16px; letter-spacing: 0.05em; }"""],
        margin=(5, 10), css_classes=["demo-badge"])


def money(value: float, lang: str) -> str:
    return f"{value:,.0f} {t('usd', lang)}".replace(",", "\u202f" if lang in ("ru", "mn") else ",")


def scope_name(kind: str, scope: str, lang: str, area_names: dict[str, str], region_name: str = "") -> str:
    """Where a population figure applies, in words: the world, a country, the region, or its areas
    (`scope` holds area ids joined by ';')."""
    if kind == "world":
        return t("scope_world", lang)
    if kind == "country":
        return t(f"country_{scope}", lang)
    if kind == "region":
        return region_name or scope
    return " + ".join(area_names.get(a, a) for a in scope.split(";"))


def period_text(start, end) -> str:
    """'2019', or '2013–2015' for a figure that spans several years (dates or years)."""
    a, b = getattr(start, "year", start), getattr(end, "year", end)
    return str(a) if a == b else f"{a}–{b}"


def figure_text(row: dict, lang: str, species_name: str) -> str:
    """'about 90 Amur leopard individuals' in the chosen language, from a population_estimates row."""
    q = row["qualifier"]
    value = number(row["estimate"], lang)
    if q == "range" and row.get("estimate_high") is not None:
        value = f"{number(row['estimate'], lang)}–{number(row['estimate_high'], lang)}"
    # qualifiers are templates: word order differs ("fewer than 100" / "100-аас цөөн")
    unit = t(f"quantity_{row['quantity']}", lang)
    return f"{t(f'q_{q}', lang).replace('{n}', value)} {unit} — {species_name}"

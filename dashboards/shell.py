"""The app shell: the template, the navigation between pages, the language links and the
demo-data badge. Every page has its own link, ?page=NAME&lang=xx, so a secretary can send a
director the page in their language."""
from __future__ import annotations

import html

import io
from datetime import date
from functools import lru_cache

import panel as pn
import polars as pl

from bigcats import feasibility
from bigcats.demo import ensure_store
from bigcats.i18n import LANGUAGES, normalise, t
from bigcats.store import Store
from dashboards.alerts import AlertsPage
from dashboards.audit import AuditTrail
from dashboards.budget import BudgetBurn
from dashboards.corridors import CorridorMaps
from dashboards.feasibility import Feasibility
from dashboards.individuals import SharedIndividuals
from dashboards.overview import Overview
from dashboards.patrols import PatrolsPage
from dashboards.population import PopulationTrends
from dashboards.publications import PublicationRegister
from dashboards.signs import SignSurveys
from dashboards.sources import Sources

PAGES = {cls.slug: cls for cls in (Overview, PopulationTrends, SharedIndividuals, CorridorMaps, AlertsPage, PatrolsPage,
                                   SignSurveys, Feasibility,
                                   BudgetBurn, PublicationRegister, Sources, AuditTrail)}
DEFAULT_PAGE = "overview"

CSS = """
.bigcats-nav a { display: block; font-size: 18px; padding: 6px 4px; text-decoration: none; }
.bigcats-nav a.current { font-weight: 700; text-decoration: underline; }
.bigcats-langs a { color: white; margin: 0 6px; font-size: 16px; text-decoration: none; }
.bigcats-langs a.current { font-weight: 700; text-decoration: underline; }
"""


@lru_cache(maxsize=1)
def process_store() -> Store:
    """The one read-write connection of this server process; sessions read on their own cursors.
    Opening it sets the estimate worker on the Population page's first views."""
    store = Store.open(ensure_store())
    PopulationTrends.warm_up(store)
    return store


def link(page: str, lang: str) -> str:
    return f"?page={page}&lang={lang}"


def pages_for(actor) -> dict:
    """The pages this actor may open (the audit trail is for programme admins)."""
    return {slug: cls for slug, cls in PAGES.items() if actor.is_admin or not getattr(cls, "admin_only", False)}


def navigation(current: str, lang: str, pages: dict = PAGES) -> pn.pane.HTML:
    items = "".join(
        f'<a class="{"current" if slug == current else ""}" href="{link(slug, lang)}">{t(cls.title_key, lang)}</a>'
        for slug, cls in pages.items())
    return pn.pane.HTML(f'<nav class="bigcats-nav">{items}</nav>', stylesheets=[CSS])


def language_links(page: str, lang: str) -> pn.pane.HTML:
    items = "".join(
        f'<a class="{"current" if code == lang else ""}" href="{link(page, code)}" hreflang="{code}" '
        f'id="lang-{code}">{name}</a>' for code, name in LANGUAGES.items())
    return pn.pane.HTML(f'<div class="bigcats-langs" title="{t("language", lang)}">{items}</div>',
                        stylesheets=[CSS], margin=(12, 10))


# Page state a link may carry, applied in this order (a region decides the species offered, ...).
LINKABLE = ("region", "species", "scope", "years", "animal")


def apply_link_args(view, args: dict[str, str]) -> None:
    """Set the page's params named in the link (?region=tumen&years=2013-2015&animal=...);
    values the page does not offer are ignored, so an old link still opens."""
    for name in LINKABLE:
        if name not in args or name not in view.param:
            continue
        value = args[name]
        try:
            if name == "years":
                a, b = (int(v) for v in value.split("-"))
                lo, hi = view.param.years.bounds
                if lo <= a <= b <= hi:
                    view.years = (a, b)
            elif value in view.param[name].objects:
                setattr(view, name, value)
        except (ValueError, TypeError):
            continue


def who(actor, lang: str, mode: str) -> pn.pane.HTML:
    """The signed-in user and their role (and a sign-out link), or the public-view mark."""
    if mode == "public":
        text = f'<b class="bigcats-user" id="public-view">{t("public_view", lang)}</b> · {t("role_viewer", lang)}'
    else:
        parks = f' ({", ".join(sorted(actor.parks))})' if actor.parks else ""
        local = f' ({t("local_session", lang)})' if actor.local else ""
        text = (f'<span class="bigcats-user" id="signed-in">{t("signed_in_as", lang)} <b>{html.escape(actor.name)}</b>'
                f'{local}<br>{t("role_" + actor.role, lang)}{parks}</span>')
        if mode == "auth":
            text += f' <a class="bigcats-signout" id="sign-out" href="./logout">{t("sign_out", lang)}</a>'
    return pn.pane.HTML(f'<div class="bigcats-who">{text}</div>', stylesheets=[
        ".bigcats-who { font-size: 15px; padding: 6px 4px; border-bottom: 1px solid #dee2e6; }"
        ".bigcats-signout { display: block; margin-top: 4px; }"], css_classes=["who"])


def proposal_of(view) -> int:
    """The proposal a page is showing: its own choice, the feasibility study's, or the first one
    serving the region it shows (the proposals' regions are seed facts)."""
    if getattr(view, "proposal", 0):
        return view.proposal
    if view.slug == "feasibility":
        return feasibility.PROPOSAL
    place = getattr(view, "region", None) or str(getattr(view, "scope", "") or "").split(":")[0]
    proposals = view.store.query("proposal_overview", lang="en").sort("proposal_id")
    serving = proposals.filter(pl.col("region_id") == place)["proposal_id"]
    return int(serving[0]) if serving.len() else int(proposals["proposal_id"][0])


def report_download(view, store: Store, lang: str) -> pn.Column:
    """The steering report of a proposal (the one the page shows, by default) as a download."""
    from dashboards.report import SteeringReport  # imported here: only a download needs it

    proposals = store.query("proposal_overview", lang=lang)
    options = {f"{t('proposal', lang)} {r['proposal_id']}: {r['short_title']}": r["proposal_id"]
               for r in proposals.iter_rows(named=True)}
    choice = pn.widgets.Select(name=t("report_for", lang), options=options, value=proposal_of(view),
                               css_classes=["report-proposal"], sizing_mode="stretch_width")

    def as_html():
        return io.BytesIO(SteeringReport(store, choice.value, lang).html().encode("utf-8"))

    def filename(value):
        return f"bigcats_report_proposal{value}_{lang}_{date.today().isoformat()}.html"

    download = pn.widgets.FileDownload(callback=as_html, filename=filename(choice.value), label=t("report_button", lang),
                                       button_type="success", sizing_mode="stretch_width", css_classes=["report-download"])

    def meeting(value) -> str:
        return (f'<a class="present-open" href="{present_link(value, lang)}">{t("present_open", lang)}</a>')
    present = pn.pane.HTML(meeting(choice.value), stylesheets=[PRESENT_LINK_CSS], sizing_mode="stretch_width")

    def follow(e):
        download.filename, present.object = filename(e.new), meeting(e.new)
    choice.param.watch(follow, "value")
    return pn.Column(choice, download, present, css_classes=["report-box"], sizing_mode="stretch_width")


PRESENT_LINK_CSS = """.present-open { display: block; text-align: center; padding: 6px 8px; border-radius: 4px;
  background: #2b4d3f; color: white; text-decoration: none; font-size: 15px; }"""


def present_link(proposal: int, lang: str) -> str:
    return f"?present=1&proposal={int(proposal)}&lang={lang}"


class Template(pn.template.BootstrapTemplate):
    """Panel's Bootstrap template, whose document collects its models once when the page is added
    rather than again after each of its roots (Bokeh walks every model of the document on each
    `add_root`; a page's ten roots made that 0.3-0.5 s of each page request, measured)."""

    def server_doc(self, doc=None, title=None, location=True):
        from panel.io.document import create_doc_if_none_exists
        doc = create_doc_if_none_exists(doc)
        with doc.models.freeze():
            return super().server_doc(doc, title, location)


def presentation(store: Store, lang: str, args: dict[str, str]):
    """Meeting mode: the proposal's report as slides, full width, no sidebar; the language links
    keep the proposal and the mode."""
    from dashboards.present import Presentation
    from dashboards.report import SteeringReport

    proposals = store.query("proposal_overview", lang="en")["proposal_id"].to_list()
    try:
        proposal = int(args.get("proposal", proposals[0]))
    except ValueError:
        proposal = proposals[0]
    if proposal not in proposals:  # an old or mistyped link still opens
        proposal = proposals[0]
    report = SteeringReport(store, proposal, lang)
    deck = Presentation(report=report)
    header = [pn.pane.HTML('<div class="bigcats-langs">' + "".join(
        f'<a class="{"current" if code == lang else ""}" href="{present_link(proposal, code)}" hreflang="{code}" '
        f'id="lang-{code}">{name}</a>' for code, name in LANGUAGES.items()) + "</div>", stylesheets=[CSS],
        margin=(12, 10))]
    if report.monitoring_synthetic or bool(report.proposal["spending_synthetic"]):
        from dashboards.common import demo_badge
        header.insert(0, demo_badge(lang))
    return Template(
        title=f"{deck.title()}: {report.proposal['short_title']}", site="NEASPEC", main=[deck], header=header,
        raw_css=[HEADER_CSS], header_background="#2b4d3f", collapsed_sidebar=True)


# The header keeps the demo badge and the four language links whole on a 1366-pixel projector;
# a long page title (Mongolian is the longest) gives way, shortened with an ellipsis, and its full
# text stays in the page's own heading and the browser's tab.
HEADER_CSS = """
/* Text a projector's audience reads from the back of the room: BokehJS sizes every pane's and
   widget's text from this variable (12 px unless told), which reaches into their shadow roots. */
:root { --bokeh-font-size: 15px; }
#header .app-header { flex: 1 1 auto; min-width: 0; overflow: hidden; white-space: nowrap; display: flex; }
#header .app-header .title { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#header .app-header .title:last-child { min-width: 0; flex: 0 1 auto; }
#header .app-header .title:not(:last-child) { flex: 0 0 auto; }
#header #header-items { flex: 0 0 auto; }
/* On a phone (an editor raising an alert in the field) the navigation starts folded away and the
   menu button opens it over the page: Bootstrap's collapse keeps the class "show" on the open
   state, so below 700 pixels the two states are read the other way round. */
@media (max-width: 700px) {
  #sidebar.show { display: none !important; }
  #sidebar:not(.show):not(.collapsing) { display: block !important; position: absolute; z-index: 1050;
    background: white; width: 85vw !important; max-width: 85vw !important; box-shadow: 0 0 12px rgba(0,0,0,0.3); }
}
"""


def build(page: str | None, lang: str | None, store: Store | None = None, args: dict[str, str] | None = None,
          actor=None, mode: str = "local"):
    """The whole app for one session: the page asked for, in the language asked for, for `actor`
    (default: whoever the store was opened for). Every write the page makes goes through a store
    handle acting as that actor, so the library checks and audits it as theirs."""
    lang = normalise(lang)
    store = store or process_store()
    actor = actor or store.actor
    store = store.as_actor(actor)
    if (args or {}).get("present") == "1":
        return presentation(store, lang, args)
    pages = pages_for(actor)
    page = page if page in pages else DEFAULT_PAGE
    view = pages[page](store=store, lang=lang)
    apply_link_args(view, args or {})
    header = [language_links(page, lang)]
    body = view.__panel__()  # built first: it tells whether synthetic rows are shown
    if view.shows_synthetic:
        from dashboards.common import demo_badge
        header.insert(0, demo_badge(lang))
    template = Template(
        title=f"{t('app_title', lang)} · {view.title()}", site="NEASPEC",
        sidebar=[who(actor, lang, mode), navigation(page, lang, pages), report_download(view, store, lang)],
        header=header, main=[body], raw_css=[HEADER_CSS],
        header_background="#2b4d3f", sidebar_width=230)
    return template


def refusal(lang: str) -> Template:
    """What a signed-in session whose account no longer exists sees: nothing of the store."""
    return Template(
        title=t("app_title", lang), site="NEASPEC", header_background="#2b4d3f",
        main=[pn.pane.Alert(t("unknown_account", lang), alert_type="danger", css_classes=["unknown-account"]),
              pn.pane.HTML(f'<a href="./logout">{t("sign_out", lang)}</a>')])

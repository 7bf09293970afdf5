"""The app shell: the template, the navigation between pages, the language links and the
demo-data badge. Every page has its own link, ?page=NAME&lang=xx, so a secretary can send a
director the page in their language."""
from __future__ import annotations

from functools import lru_cache

import panel as pn

from bigcats.demo import ensure_store
from bigcats.i18n import LANGUAGES, normalise, t
from bigcats.store import Store
from dashboards.budget import BudgetBurn
from dashboards.corridors import CorridorMaps
from dashboards.feasibility import Feasibility
from dashboards.individuals import SharedIndividuals
from dashboards.overview import Overview
from dashboards.population import PopulationTrends
from dashboards.publications import PublicationRegister
from dashboards.sources import Sources

PAGES = {cls.slug: cls for cls in (Overview, PopulationTrends, SharedIndividuals, CorridorMaps, Feasibility, BudgetBurn, PublicationRegister, Sources)}
DEFAULT_PAGE = "overview"

CSS = """
.bigcats-nav a { display: block; font-size: 18px; padding: 6px 4px; text-decoration: none; }
.bigcats-nav a.current { font-weight: 700; text-decoration: underline; }
.bigcats-langs a { color: white; margin: 0 6px; font-size: 16px; text-decoration: none; }
.bigcats-langs a.current { font-weight: 700; text-decoration: underline; }
"""


@lru_cache(maxsize=1)
def process_store() -> Store:
    """The one read-write connection of this server process; sessions read on their own cursors."""
    return Store.open(ensure_store())


def link(page: str, lang: str) -> str:
    return f"?page={page}&lang={lang}"


def navigation(current: str, lang: str) -> pn.pane.HTML:
    items = "".join(
        f'<a class="{"current" if slug == current else ""}" href="{link(slug, lang)}">{t(cls.title_key, lang)}</a>'
        for slug, cls in PAGES.items())
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


def build(page: str | None, lang: str | None, store: Store | None = None, args: dict[str, str] | None = None):
    """The whole app for one session: the page asked for, in the language asked for."""
    lang = normalise(lang)
    page = page if page in PAGES else DEFAULT_PAGE
    view = PAGES[page](store=store or process_store(), lang=lang)
    apply_link_args(view, args or {})
    header = [language_links(page, lang)]
    body = view.__panel__()  # built first: it tells whether synthetic rows are shown
    if view.shows_synthetic:
        from dashboards.common import demo_badge
        header.insert(0, demo_badge(lang))
    template = pn.template.BootstrapTemplate(
        title=f"{t('app_title', lang)} · {view.title()}", site="NEASPEC",
        sidebar=[navigation(page, lang)], header=header, main=[body],
        header_background="#2b4d3f", sidebar_width=230)
    return template

"""Every page builds in every language, its title and navigation from the catalogue (the browser
walk in tests/browser/test_pages.py shows each page in one language; this covers the rest)."""
import pytest

from bigcats.i18n import LANGUAGES, t


@pytest.fixture(scope="module")
def shell():
    pytest.importorskip("panel")
    from dashboards import shell
    return shell


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_builds_in_the_language(shell, demo_reader, lang):
    for slug, page in shell.PAGES.items():
        template = shell.build(slug, lang, store=demo_reader)
        assert template.title == f"{t('app_title', lang)} · {t(page.title_key, lang)}", slug
        nav = template.sidebar[1].object
        for other in shell.pages_for(demo_reader.actor).values():
            assert f">{t(other.title_key, lang)}</a>" in nav, (slug, other.slug)
        if lang != "en":  # a translated page: its title is not the English one
            assert t(page.title_key, lang) != t(page.title_key, "en"), slug

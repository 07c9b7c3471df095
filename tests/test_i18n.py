"""Spanish beside English: the catalogues are complete and compiled, and each request speaks its language."""

from __future__ import annotations

import json

import pytest

from network import i18n
from network.catalogues import DOMAINS, clashes, domain_of, extract, problems
from network.ui.app import create_app


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_marked_string_has_a_spanish_translation(domain: str) -> None:
    """A string marked in the code with no Spanish (or fuzzy, or with other {placeholders}), or a compiled file
    older than its catalogue, is named with where it is: `make messages`, then translate what it added."""
    assert problems("es", [domain]) == []


def test_one_english_message_has_one_translation() -> None:
    """The catalogues are one translator at run time: two translations of one message would mean one of them
    is shown where the other was meant."""
    assert clashes("es") == []


def test_every_catalogue_has_words() -> None:
    """Each part of the tool marks its sentences (an empty catalogue means a part was left in English)."""
    assert {d: len([m for m in extract(d) if m.id]) > 0 for d in DOMAINS} == dict.fromkeys(DOMAINS, True)


def test_each_source_file_belongs_to_one_catalogue() -> None:
    assert domain_of("ui/page.py") == "explorer"
    assert domain_of("ui/routes.py") == "pages"
    assert domain_of("io/edgecolumns.py") == "io"
    assert domain_of("locale/GLOSSARY.md") is None


def test_a_request_speaks_its_language() -> None:
    client = create_app().server.test_client()
    own = client.get("/?lang=es")
    assert own.headers["Content-Language"] == "es" and b'<html lang="es">' in own.data
    assert "Accept-Language" in own.headers["Vary"]
    by_page = client.get("/_dash-layout", headers={"Referer": "http://localhost/?from=ebhs&lang=es"})
    assert by_page.headers["Content-Language"] == "es"
    other_site = client.get("/_dash-layout", headers={"Referer": "http://elsewhere.example/?lang=es"})
    assert other_site.headers["Content-Language"] == "en"
    browser = client.get("/_dash-layout", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert browser.headers["Content-Language"] == "es"
    chosen_over_browser = client.get("/?lang=en", headers={"Accept-Language": "es"})
    assert chosen_over_browser.headers["Content-Language"] == "en"
    assert i18n.language() == "en"  # nothing leaks out of a request


def _dash_config(page: bytes) -> dict:
    return json.loads(page.split(b'id="_dash-config" type="application/json">', 1)[1].split(b"</script>", 1)[0])


def test_the_tab_says_it_is_working_in_the_page_language() -> None:
    """Dash's update title (the tab's title while a callback runs) is one text for the app; each page is given
    its own language's, and the English one is left where it was."""
    client = create_app().server.test_client()
    assert _dash_config(client.get("/?lang=es").data)["update_title"] == "Trazando…"
    assert _dash_config(client.get("/").data)["update_title"] == "Tracing…"


def test_a_forged_language_is_english() -> None:
    client = create_app().server.test_client()
    for forged in ("xx", "es" * 500, "<script>", ""):
        answer = client.get("/", query_string={"lang": forged}, headers={"Accept-Language": "q=;;,," * 100})
        assert answer.status_code == 200 and answer.headers["Content-Language"] == "en"

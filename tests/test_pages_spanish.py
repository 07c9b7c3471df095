"""The hearing pages in Spanish without a browser: the slides (title, a route, a hop, fitted), the handout (its
heading, its links, the sources marked as English), the PDF read back (accents, ñ, ¿ and ¡, its metadata) and the
pages served at ?lang=es."""

from __future__ import annotations

import datetime as dt
import io
import re
from types import MappingProxyType

import pytest
from pypdf import PdfReader
from test_hearing import VIEW, pages_client, state_of

from network import i18n
from network.handout import build_handout
from network.handout_pdf import handout_pdf
from network.model import Dataset, Edge, Node, Source, text
from network.pages import handout_html, presentation_html, standalone_html
from network.presentation import story_slides, view_slides
from network.slidefit import Slide, fit
from network.story import bundled_story

TODAY = dt.date(2026, 1, 2)
ROUTE = "&route=ebhs>bsp>bric>gang_db>ice_ero"


def spanish_data() -> Dataset:
    """Two links whose institutions are named in Spanish with every letter Latin-1 adds to English."""
    es = MappingProxyType
    nodes = [Node("s", "A school", "school", attrs=es({"label_es": "Escuela Peña ¿Año? ¡Sí! (ÁÉÍÓÚ ü)"})),
             Node("p", "Police", "city_police", attrs=es({"label_es": "Policía municipal"})),
             Node("i", "ICE", "immigration_enforcement")]
    edges = [Edge("a", "s", "p", status="documented", sources=("S1",)),
             Edge("b", "p", "i", status="disputed", sources=("S2",))]
    return Dataset.build(nodes, edges, [Source("S1", "A record", url="https://example.org/1"),
                                        Source("S2", "A report", url="https://example.org/2")])


def test_the_title_slide_and_a_route_slide_speak_spanish(boston):
    with i18n.speaking("es"):
        slides = view_slides(boston, state_of(boston, VIEW + ROUTE + "&lang=es"), TODAY)
        html = presentation_html(slides, "Presentación", exit_url="/?lang=es")
    title = " ".join(slides[0].lines)
    assert "Estas diapositivas muestran la ruta elegida en el explorador" in title
    assert "Presentado el 2 de enero de 2026" in title
    route = next(s for s in slides if s.kind == "route")
    assert route.section.startswith("La ruta")
    hop = next(s for s in slides if s.kind == "hop")
    assert hop.section.startswith("La ruta, paso 1 de 4") and hop.lines[0].startswith("Qué se transmite: ")
    assert any(line.startswith("Evidencia: ") for line in hop.lines)
    assert any(line.startswith("¿Se transmite a ") for s in slides if s.kind == "hop" for line in s.lines)
    assert {s.title for s in slides if s.kind == "levers"} == {"Qué cortaría todas las rutas"}
    assert '<html lang="es">' in html and "pantalla completa" in html and 'data-exit="/?lang=es"' in html
    assert ">documentado</span>" in html  # the status boxes in words
    for title_ in re.findall(r'<ol class="slide-sources">(.*?)</ol>', html, re.S):  # as published, marked
        assert all(li.startswith('<li><span lang="en">') or "más" in li for li in re.findall(r"<li>.*?</li>", title_))


def test_english_slides_mark_nothing(boston):
    html = presentation_html(view_slides(boston, state_of(boston, VIEW), TODAY), "P")
    assert '<html lang="en">' in html and 'lang="en">' not in html.split("<head>", 1)[1]


def test_spanish_slides_fit_and_lose_nothing(boston):
    """Spanish runs about a fifth longer: a long caption goes on over continued slides ("continuación"), word for
    word; every caption of the bundled story in Spanish (its own, where it gives one) is shown whole."""
    with i18n.speaking("es"):
        caption = " ".join(f"información{i}." if i % 17 == 16 else f"expediente{i}" for i in range(700))
        parts = fit(Slide("step", "Un paso largo", [caption], figure={"data": []}, section="Paso 2 de 5"))
        assert [p.section for p in parts][1:] == [f"Paso 2 de 5 · continuación ({i} de {len(parts)})"
                                                  for i in range(2, len(parts) + 1)]
        assert [w for p in parts for line in p.lines for w in line.split() if w != "…"] == caption.split()
        story = bundled_story(boston)
        slides = story_slides(boston, story, TODAY)
        for step in story.steps:
            shown = [s for s in slides if s.kind == "step" and s.title == text(step, "title")]
            words = [w for p in shown for line in p.lines for w in line.split() if w != "…"]
            assert words == text(step, "caption").split()
        assert slides[1].section.startswith("Paso 1 de ") and "a fecha de 1 de diciembre de 2015" in slides[1].section


@pytest.mark.parametrize("query", ["?from=ebhs", VIEW])
def test_spanish_decks_fit_the_screen_estimate(boston, query):
    """Every Spanish slide of the Boston decks at most as tall as the estimate allows: fitting again changes
    nothing (the browser test measures them in Chromium)."""
    with i18n.speaking("es"):
        for s in view_slides(boston, state_of(boston, query + "&lang=es"), TODAY):
            again = fit(Slide(s.kind, s.title, s.lines, s.status, s.sources, s.figure if s.part == 1 else None,
                              s.section, s.tags))
            assert len(again) == 1, (s.title, s.section)


def test_the_handout_speaks_spanish_and_keeps_the_language_in_its_links(boston):
    with i18n.speaking("es"):
        state = state_of(boston, VIEW + "&lang=es")
        page = handout_html(boston, state, today=TODAY)
        h = build_handout(boston, state, TODAY)
    assert '<html lang="es">' in page and 'aria-label="Hoja informativa"' in page
    assert "Imprimir o guardar como PDF" in page and "impreso el 2 de enero de 2026" in page
    assert "<h2>Rutas</h2>" in page and "<h2>Fuentes</h2>" in page and "Qué cortaría todas las rutas" in page
    assert re.search(r'href="/\?from=ebhs&amp;asof=2016-06-01&amp;lang=es">Volver al explorador</a>', page)
    assert 'lang=es&amp;paper=letter">carta de EE. UU.</a>' in page
    sources = re.findall(r'<li value="\d+">(.*?)</li>', page.split('class="sources"', 1)[1], re.S)
    assert sources and all(s.startswith('<span lang="en">') for s in sources)  # titles as published
    assert h.title == "Hoja informativa de Entanglement Map" and h.date == "2 de enero de 2026"
    with i18n.speaking("es"):
        standalone = standalone_html(boston, state, TODAY)
    assert '<html lang="es">' in standalone and "exportado el 2 de enero de 2026 con Entanglement Map" in standalone


def test_the_pdf_in_spanish_has_its_accents_and_metadata():
    ds = spanish_data()
    with i18n.speaking("es"):
        state = state_of(ds, "?from=s&to=i&lang=es")
        h = build_handout(ds, state, TODAY)
        pdf = handout_pdf(ds, h)
    reader = PdfReader(io.BytesIO(pdf))
    words = re.sub(r"\s+", " ", "".join(p.extract_text() for p in reader.pages))
    for spanish in ("Escuela Peña ¿Año? ¡Sí! (ÁÉÍÓÚ ü)", "Policía municipal", "licencia:", "impreso el 2 de enero",
                    "Rutas", "Qué cortaría todas las rutas", "Fuentes", "Tipos de línea:", "en disputa"):
        assert spanish in words, spanish
    assert reader.metadata is not None and reader.metadata.title == h.question
    assert str(reader.trailer["/Root"].get("/Lang")) == "es"


def test_the_pages_served_at_lang_es_are_spanish(boston):
    client = pages_client(boston)
    slides = client.get("/present" + VIEW + "&lang=es").get_data(as_text=True)
    assert '<html lang="es">' in slides and "Presentación — Entanglement Map" in slides
    assert 'data-exit="/?from=ebhs&amp;asof=2016-06-01&amp;lang=es"' in slides
    story = client.get("/present/story?lang=es")
    assert story.headers["Content-Language"] == "es" and 'data-exit="/?lang=es"' in story.get_data(as_text=True)
    assert "Paso 1 de" in story.get_data(as_text=True)
    assert 'data-exit="/"' in client.get("/present/story").get_data(as_text=True)  # English: as it was
    by_browser = client.get("/present/story", headers={"Accept-Language": "es-MX"}).get_data(as_text=True)
    assert "Paso 1 de" in by_browser and 'data-exit="/"' in by_browser  # the browser's own language: no lang
    assert "Volver al explorador" in client.get("/handout" + VIEW + "&lang=es").get_data(as_text=True)
    pdf = PdfReader(io.BytesIO(client.get("/handout.pdf" + VIEW + "&lang=es").data))
    assert "Lagunas conocidas en los datos" in "".join(p.extract_text() for p in pdf.pages)
    export = client.get("/export.html" + VIEW + "&lang=es").get_data(as_text=True)
    assert '<html lang="es">' in export and "<h2>Fuentes</h2>" in export
    broken = client.post("/present/story?lang=es", data={"story": "{not json"})
    assert broken.status_code == 400 and "No se puede mostrar este relato" in broken.get_data(as_text=True)

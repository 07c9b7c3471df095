"""Route sentences in Spanish: the exact words a journalist would quote for Boston's routes, and no English word of
ours left in any of them (the data set's own names and the sources' titles stay as they are)."""

from __future__ import annotations

import re

import pytest

import network
from network import i18n
from network.narrative import no_route_reason, outcome_sentence, question, route_outcomes, strength_line, time_line
from network.viewstate import ViewState

NOW = "2026-12-01"
#: English words of ours that a Spanish sentence must not hold (data set names and source titles taken out first).
ENGLISH = ("the", "and", "of", "to", "from", "with", "for", "is", "are", "by", "on", "at", "or", "any", "route",
           "routes", "link", "links", "evidence", "documented", "reported", "alleged", "disputed", "unknown",
           "open", "closed", "today", "since", "until", "between", "can", "could", "then", "possible", "strength",
           "weakest", "handoff", "records", "not", "established", "source", "sources", "cited", "more")
_ENGLISH = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def ebhs_to_ero(boston):
    """The default view's routes from East Boston High School: found once, read in either language."""
    rs = network.trace(boston, origins=["ebhs"], targets=["ice_ero"], today=NOW)
    return boston, rs, {r.nodes: r for r in rs.routes}


def test_a_route_sentence_in_spanish(ebhs_to_ero):
    ds, rs, by_nodes = ebhs_to_ero
    with i18n.speaking("es"):
        assert by_nodes[("ebhs", "bsp", "bric", "ice_ero")].sentence == (
            "Entre noviembre de 2015 y el 19 de diciembre de 2019 (Se firman las enmiendas de la Trust Act), podían "
            "pasar informes de incidentes desde la Escuela Secundaria de East Boston (EBHS) a la Policía Escolar de "
            "Boston / Oficina de Servicios de Seguridad (“informa de incidentes”; documentado; [Complaint in the "
            "2018 public-records suit by the Center for Law and Education and others against the City of Boston and "
            "BPS, Suffolk Superior Court] (Plaintiffs' complaint, Suffolk Superior Court (republished by "
            "docslib.org), 2018-06-21); y 4 más), luego al Centro Regional de Inteligencia de Boston (BRIC) "
            "(“comparte informes”; documentado; [Complaint in the 2018 public-records suit by the Center for Law and "
            "Education and others against the City of Boston and BPS, Suffolk Superior Court] (Plaintiffs' "
            "complaint, Suffolk Superior Court (republished by docslib.org), 2018-06-21); y 8 más), luego podían "
            "seguir informes de incidentes o inteligencia del BRIC hasta Operaciones de Control y Expulsión (ERO) "
            "del ICE (“accesible para”; en disputa: afirmado, y negado por la institución; “Citing New Documents, "
            "Advocates Call On Boston Public Schools To Stop Sharing Info With ICE” (WBUR, 2020-01-06); y 12 más).")
        gang = by_nodes[("ebhs", "bsp", "bric", "gang_db", "ice_ero")].sentence
    assert gang.startswith("Ruta posible. Entre noviembre de 2015 y el 19 de diciembre de 2019 ")
    assert ("Cada vínculo está documentado, pero ninguna fuente muestra que el Centro Regional de Inteligencia de "
            "Boston (BRIC) pasara a la Base de Datos de Evaluación de Pandillas del BPD informes de incidentes que "
            "recibía ([ACLU of Massachusetts complaint") in gang


def test_the_question_with_and_without_a_date(ebhs_to_ero):
    ds = ebhs_to_ero[0]
    with i18n.speaking("es"):
        assert question(ds, ViewState()) == ("¿Por qué rutas puede llegar el expediente de un estudiante de "
                                             "cualquier escuela a cualquier autoridad de control migratorio?")
        assert question(ds, ViewState(origins=("ebhs",), targets=("ice_ero",), as_of="2016-06-01")) == (
            "¿Por qué rutas puede llegar el expediente de un estudiante de la Escuela Secundaria de East Boston "
            "(EBHS) a Operaciones de Control y Expulsión (ERO) del ICE, a fecha de 2016-06-01?")
        assert question(ds, ViewState(origins=("bpd",))) == (
            "¿Por qué rutas puede llegar el expediente de un estudiante del Departamento de Policía de Boston (BPD) "
            "a cualquier autoridad de control migratorio?")


def test_strength_and_time_lines(ebhs_to_ero):
    ds, rs, by_nodes = ebhs_to_ero
    with i18n.speaking("es"):
        bric = by_nodes[("ebhs", "bsp", "bric", "ice_ero")]
        gang = by_nodes[("ebhs", "bsp", "bric", "gang_db", "ice_ero")]
        assert strength_line(ds, bric) == ("Solidez: en disputa (afirmado, y negado por la institución); vínculo "
                                           "más débil: en disputa.")
        assert strength_line(ds, gang) == (
            "Solidez: desconocida (no está establecido el traspaso); vínculo más débil: documentado (lo muestran "
            "expedientes judiciales, registros públicos o páginas oficiales); ruta posible: no está establecido que "
            "en el Centro Regional de Inteligencia de Boston (BRIC) se transmitan los expedientes.")
        assert time_line(bric, rs) == ("Cerrada hoy: podía seguirse entre noviembre de 2015 y el 19 de diciembre de "
                                       "2019.")
        assert rs.describe() == "4 rutas desde 2014; 0 abiertas hoy"
        today = network.trace(ds, origins=["bpd"], today=NOW)
        [open_route] = [r for r in today.routes if r.open_today]
        assert time_line(open_route, today) == "Abierta hoy."
        assert network.trace(ds, origins=["ebhs"], today=NOW).routes[2].sentence.startswith(
            "Ruta posible. Desde el 19 de agosto de 2020, pueden pasar informes de incidentes o información de "
            "estudiantes desde la Escuela Secundaria de East Boston (EBHS) a las Escuelas Públicas de Boston (BPS)")


def test_no_route_reason(ebhs_to_ero):
    ds = ebhs_to_ero[0]
    with i18n.speaking("es"):
        assert no_route_reason(ds, network.trace(ds, origins="ice_ero", targets="ice_ero")) == (
            "Operaciones de Control y Expulsión (ERO) del ICE es a la vez donde empiezan los expedientes y donde "
            "terminan: elija otro destino.")


def test_english_is_unchanged_beside_spanish(ebhs_to_ero):
    """A route set is shared by readers of both languages: each reads its own sentence."""
    _ds, _rs, by_nodes = ebhs_to_ero
    route = by_nodes[("ebhs", "bsp", "bric", "ice_ero")]
    assert route.sentence.startswith("Between November 2015 and 19 December 2019 (Trust Act amendments signed), "
                                     "incident reports could go from East Boston High School to Boston School Police")
    with i18n.speaking("es"):
        assert route.sentence.startswith("Entre noviembre de 2015")


def _data_words(ds: network.Dataset) -> list[str]:
    """The data set's own names and the sources' titles and publishers, in both languages: not our words."""
    words = set()
    for lang in ("en", "es"):
        with i18n.speaking(lang):
            words |= {ds.label(n) for n in ds.nodes} | {n.label for n in ds.nodes.values()}
    for s in ds.sources.values():
        words |= {s.title, s.publisher}
    return sorted((w for w in words if w), key=len, reverse=True)


def test_no_english_word_of_ours_in_any_boston_sentence(boston):
    with i18n.speaking("es"):
        ds = network.load()
        texts = []
        for as_of in (None, "2016-06-01", "2021-01-01"):
            rs = network.trace(ds, origins=list(ds.nodes), max_routes=None, time_budget=None, as_of=as_of,
                               today=NOW)
            assert rs.complete and rs.count
            for r in rs.routes:
                texts += [r.sentence, strength_line(ds, r), time_line(r, rs)]
            texts += [outcome_sentence(ds, ev) for ev in route_outcomes(ds, rs)] + [rs.describe()]
    names = _data_words(ds)
    assert len(texts) > 60
    for text in texts:
        stripped = text
        for name in names:
            stripped = stripped.replace(name, " ")
        found = _ENGLISH.findall(stripped)
        assert not found, (found, text)

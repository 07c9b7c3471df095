"""A data set's own words in a route's sentence, in the reader's language: the word a link's relation is written
with, what its links carry, and the title of the event that closed it.

The data set's own translation comes first (a ``carries_es`` or ``title_es`` column: ``model.text``); else the
catalogue's, for the words of the data sets the tool is served with (Boston's, below); else the words stay as the
data set wrote them. A relation has no column of its own in other languages, so only the catalogue translates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .i18n import N_, gettext, language
from .model import Dataset, Event, text

__all__ = ["relation_words", "relation_things", "thing_words", "things_of", "things_phrase", "grammatical_number",
           "event_title", "institution", "contract"]

#: Relations the tool knows, as a sentence names them (in quotation marks: the data set's own word for a link).
_RELATIONS = frozenset({
    N_("reports incidents"), N_("school records"), N_("shares reports"), N_("hands over reports"),
    N_("released with legal approval or court process"), N_("enters records"), N_("accessible to"),
    N_("used in removal"), N_("used as evidence"), N_("answers requests"), N_("criminal cooperation permitted"),
    N_("shares personal data"), N_("criminal cooperation"),
    # context relations, which the map names
    N_("funds"), N_("operates"), N_("part of"), N_("oversees"), N_("liaison"), N_("regulates"), N_("governs"),
    N_("sues"), N_("administers"),
})

#: What moves on a link of a known relation, when the link does not say what it carries.
_RELATION_THINGS = {
    "reports_incidents": N_("incident reports"),
    "shares_reports": N_("reports"),
    "hands_over_reports": N_("reports"),
    "school_records": N_("school records"),
    "enters_records": N_("records"),
    "shares_personal_data": N_("personal data"),
    "answers_requests": N_("answers to requests"),
    "criminal_cooperation": N_("information shared in criminal investigations"),
    "used_in_removal": N_("records used in removal cases"),
    "used_as_evidence": N_("evidence"),
}

#: What the links of the served data sets carry (the ``carries`` column), for when a link gives no translation.
_THINGS = frozenset({
    *_RELATION_THINGS.values(), N_("information"), N_("student information"), N_("gang-database entries"),
    N_("BRIC intelligence"), N_("police reports"), N_("personal details"), N_("criminal-investigation information"),
})

#: Titles of the served data sets' events that appear in route sentences (those that close a route, and the
#: outcomes), for when an event gives no ``title_es``.
_TITLES = frozenset({
    N_("Trust Act amendments signed"),
    N_("Ordinance 16-63 on surveillance and information sharing passed by the City Council"),
    N_("BPD's ICE task-force liaison removed"),
    N_("BPS information-sharing policy presented"),
    N_("The 2015 report is used in the student's removal case after ICE arrests him"),
    N_("Lawyers say school reports were used in at least two deportation cases"),
})


def relation_words(relation: str) -> str:
    """A relation as a sentence names it: its words, in the reader's language when the tool knows it.

    Examples
    --------
    >>> from network import i18n
    >>> relation_words("shares_reports"), relation_words("Collaboration  2019")
    ('shares reports', 'Collaboration 2019')
    >>> with i18n.speaking("es"):
    ...     relation_words("shares_reports")
    'comparte informes'
    """
    words = " ".join(relation.replace("_", " ").split())
    return gettext(words) if words in _RELATIONS else words


def relation_things(relation: str) -> str:
    """What moves on a link of a relation that does not say what it carries ('information' when unknown)."""
    return gettext(_RELATION_THINGS.get(relation.strip().lower(), N_("information")))


def thing_words(name: str) -> str:
    """One thing a link carries, translated when the catalogue knows it (else as the data set wrote it)."""
    return gettext(name) if name in _THINGS else name


def things_of(ds: Dataset, edge_ids: Iterable[str]) -> list[tuple[str, bool]]:
    """What some parallel links carry, each thing once, in the reader's language (a link's own translation,
    ``carries_es``, when it gives one, else the catalogue's), each with whether it was translated."""
    names: dict[str, bool] = {}
    for eid in edge_ids:
        edge = ds.edge_by_id.get(eid)
        if edge is None or not edge.carries:
            continue
        own = text(edge, "carries")
        for part in own.split(", or "):
            for value in part.split(";"):
                value = value.strip()
                if value:
                    shown = value if own != edge.carries else thing_words(value)
                    names.setdefault(shown, own != edge.carries or shown != value)
    return list(names.items())


def things_phrase(ds: Dataset, edge_ids: Iterable[str], relation: str) -> tuple[str, int]:
    """What moves on a hop, as a noun phrase ('incident reports or student information'), and its grammatical
    number (``grammatical_number``): what its links carry, else what its relation moves."""
    found = things_of(ds, edge_ids)
    if not found:
        words = relation_things(relation)
        return words, grammatical_number([words], words != _RELATION_THINGS.get(relation.strip().lower(),
                                                                                  "information"))
    names = [name for name, _translated in found]
    # Translators: joins things a link may carry: "incident reports or student information".
    either = gettext("or")
    joined = f" {either} ".join(names)
    return joined, grammatical_number(names, found[0][1])


def grammatical_number(phrases: list[str], translated: bool) -> int:
    """1 when the things named are one singular noun phrase, else 2: the count for ``ngettext`` that makes a verb
    agree with them in the reader's language ('puede pasar información', 'pueden pasar informes').

    More than one thing joined by 'or' is plural. One thing is plural when its head noun ends in s: the first
    word of a phrase in the reader's language (``translated``: Spanish puts the noun first), the last of one in
    English, as a data set wrote it.

    Examples
    --------
    >>> grammatical_number(["información estudiantil"], True), grammatical_number(["informes de incidentes"], True)
    (1, 2)
    >>> grammatical_number(["student information"], False), grammatical_number(["a", "b"], False)
    (1, 2)
    """
    if len(phrases) != 1:
        return 2
    words = phrases[0].split()
    head = (words[0] if translated else words[-1]).lower() if words else ""
    return 2 if head.endswith("s") and not head.endswith("ss") else 1


def event_title(event: Event) -> str:
    """An event's title in the reader's language: its own ``title_es``, else the catalogue's, else as written."""
    own = text(event, "title")
    if own != event.title:
        return own
    return gettext(own) if own in _TITLES else own


# An institution named in a Spanish sentence takes its article ("el Departamento de Policía de Boston", "de la
# Escuela Secundaria"), which English does not: the article is chosen from the first word of its Spanish name
# and marked, so that only the articles put here contract with the word before them ("de el" is "del").
_ARTICLE = "\x1f"
_FEMININE = frozenset({"base", "red", "parte", "sede", "fuente", "clase", "ley", "cárcel", "gente", "llave"})
_MASCULINE = frozenset({"sistema", "programa", "problema", "día", "mapa", "esquema"})
_CONTRACTIONS = re.compile(r"\b(de|De|a|A) \x1fel ")


def _spanish_article(name: str) -> str:
    words = name.split()
    head = words[0] if words else ""
    word = head.lower()
    if not head[:1].isupper() or head.isupper() or not word.isalpha() or name[:1] != head[:1]:
        return ""  # an acronym (ACLU), a name in English or in quotation marks: named as it is
    if word.endswith("iones"):
        return ""  # agencies named for what they do (Operaciones, Investigaciones) are named bare, as proper names
    plural = word.endswith("s") and not word.endswith(("is", "us"))
    singular = word[:-2] if word.endswith("es") and plural else word[:-1] if plural else word
    feminine = singular not in _MASCULINE and (singular in _FEMININE or singular.endswith(
        ("a", "ión", "dad", "tad", "tud", "umbre")) or (plural and word.endswith("as")))
    if plural:
        return "las" if feminine else "los"
    return "la" if feminine else "el"


def institution(ds: Dataset, node_id: str) -> str:
    """An institution's name as a sentence in the reader's language places it: in Spanish, with its article
    when the data set gives its name in Spanish and that begins with a noun (marked for ``contract``); else its
    name as it is (a name left in English is a proper name).

    Examples
    --------
    >>> from types import MappingProxyType
    >>> from network import i18n
    >>> from network.model import Node
    >>> ds = Dataset.build([Node("bpd", "Boston Police Department", attrs=MappingProxyType(
    ...     {"label_es": "Departamento de Policía de Boston"})), Node("lcr", "Lawyers for Civil Rights")], [])
    >>> with i18n.speaking("es"):
    ...     contract(f"de {institution(ds, 'bpd')}"), contract(f"a {institution(ds, 'lcr')}")
    ('del Departamento de Policía de Boston', 'a Lawyers for Civil Rights')
    >>> institution(ds, "bpd")
    'Boston Police Department'
    """
    name = ds.label(node_id)
    node = ds.nodes.get(node_id)
    if language() != "es" or node is None or name == node.label:
        return name
    article = _spanish_article(name)
    return f"{_ARTICLE}{article} {name}" if article else name


def contract(sentence: str) -> str:
    """A sentence made with ``institution``'s names, the articles contracted with the word before them ('de el'
    is 'del', 'a el' is 'al') and unmarked."""
    if _ARTICLE not in sentence:
        return sentence
    sentence = _CONTRACTIONS.sub(lambda m: {"de": "del ", "De": "Del ", "a": "al ", "A": "Al "}[m.group(1)], sentence)
    return sentence.replace(_ARTICLE, "")

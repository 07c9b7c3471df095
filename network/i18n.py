"""The languages the tool speaks (English and Spanish), and the words of the current one.

Every sentence a person reads is written in English in the code, marked with ``_()`` (or ``N_()`` where it is
stored and translated later, ``ngettext()`` where it depends on a count), and translated through the standard
gettext catalogues in ``network/locale/<lang>/LC_MESSAGES/<domain>.mo``. Babel extracts the marked strings and
compiles the catalogues (``make messages``: see ``network/catalogues.py``); the compiled files are committed, so a
clone or a wheel needs nothing built. A string with no translation falls back to its English (and a test fails).

The language is per request, not per process: the web server sets it for each request (network/ui/language.py),
the command line once for its run (``entangle --lang es``), a notebook with ``speaking("es")``. The words are
looked up when a sentence is made, so nothing built in English at import time is shown to a Spanish reader.

Examples
--------
>>> with speaking("es"):
...     language(), day_month_year(dt.date(2020, 8, 19))
('es', '19 de agosto de 2020')
>>> language(), day_month_year(dt.date(2020, 8, 19)), month_year(dt.date(2019, 10, 1))
('en', '19 August 2020', 'October 2019')
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path

from babel.core import Locale, negotiate_locale
from babel.dates import format_date
from babel.numbers import format_decimal

__all__ = ["LANGUAGES", "DEFAULT", "DOMAINS", "LOCALE_DIR", "language", "speaking", "use", "reset", "choose",
           "negotiate", "gettext", "_", "N_", "ngettext", "pgettext", "translations", "month_year", "day_month_year",
           "number", "join_words", "localized"]

#: The languages, each named in itself (the header's switch shows these names).
LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
#: The catalogues, one per part of the tool, so each part's words are kept (and reviewed) together. Which source
#: files each one is extracted from is in network/catalogues.py.
DOMAINS = ("words", "explorer", "map", "upload", "pages", "cli", "io")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def language() -> str:
    """The language being spoken now: ``"en"`` unless a request, the command line or ``speaking`` chose another."""
    return _current.get()


def choose(value: object) -> str:
    """A language code from a link, a flag or a form, or ``""`` when it names none we speak ('ES' and 'es-MX'
    are Spanish).

    Examples
    --------
    >>> choose("es"), choose("ES-mx"), choose("fr"), choose(None)
    ('es', 'es', '', '')
    """
    if not isinstance(value, str):
        return ""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else ""


def negotiate(accept_language: str | None) -> str:
    """The language a browser asks for first, among ours (an ``Accept-Language`` header), else English.

    Examples
    --------
    >>> negotiate("es-US,es;q=0.9,en;q=0.8"), negotiate("fr-FR,en;q=0.5"), negotiate("de"), negotiate(None)
    ('es', 'en', 'en', 'en')
    """
    wanted: list[tuple[float, str]] = []
    for i, part in enumerate((accept_language or "").split(",")[:32]):  # a forged header is cut, not parsed whole
        code, _sep, rest = part.strip().partition(";")
        q = 1.0
        if rest.strip().startswith("q="):
            try:
                q = float(rest.strip()[2:])
            except ValueError:
                q = 0.0
        if code and q > 0:
            wanted.append((-q, f"{i:03d}{code}"))
    ordered = [code[3:].replace("-", "_") for _q, code in sorted(wanted)]
    found = negotiate_locale(ordered, list(LANGUAGES), sep="_") if ordered else None
    return choose(found) or DEFAULT


def use(lang: str) -> Token[str]:
    """Speak ``lang`` from now on in this context (a request's thread); ``reset`` with the token returned."""
    return _current.set(choose(lang) or DEFAULT)


def reset(token: Token[str]) -> None:
    _current.reset(token)


@contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Speak ``lang`` inside the block (a notebook, a test, a job run for a Spanish page)."""
    token = use(lang)
    try:
        yield language()
    finally:
        reset(token)


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """Every catalogue of a language, as one gettext translator (English: none, the code's own words)."""
    chain: _gettext.NullTranslations = _gettext.NullTranslations()
    if lang == DEFAULT:
        return chain
    for domain in DOMAINS:
        found = _gettext.translation(domain, str(LOCALE_DIR), [lang], fallback=True)
        if isinstance(found, _gettext.GNUTranslations):
            found.add_fallback(chain)
            chain = found
    return chain


def gettext(message: str) -> str:
    """``message`` in the current language (its English when the catalogue has no translation)."""
    return translations(language()).gettext(message)


_ = gettext


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, as meant in ``context``: one English word that two translations
    need ('none' of the columns is "ninguna", of the statuses "ninguno"). Every catalogue translates a message
    and its context the same way (the check says where two differ), so the catalogues can be one translator."""
    return translations(language()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a string for the catalogues where it is defined (a table of words at module level) without
    translating it there: it is translated with ``_()`` where it is shown, in the reader's language."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a sentence for a count, in the current language."""
    return translations(language()).ngettext(singular, plural, n)


def _locale() -> Locale:
    return Locale.parse(language())


def month_year(day: dt.date) -> str:
    """'October 2019', 'octubre de 2019'."""
    return format_date(day, "LLLL y" if language() == DEFAULT else "LLLL 'de' y", locale=_locale())


def day_month_year(day: dt.date) -> str:
    """'19 August 2020', '19 de agosto de 2020'."""
    return format_date(day, "d MMMM y" if language() == DEFAULT else "d 'de' MMMM 'de' y", locale=_locale())


def number(n: int | float) -> str:
    """A count as the reader writes it: '1,234' in English, '1234' or '12 345' in Spanish (CLDR's rules)."""
    return format_decimal(n, locale=_locale())


def join_words(words: list[str], last: str) -> str:
    """'a, b or c' and 'a, b o c' with ``last`` the translated 'or' or 'and' ('y' becomes 'e' before 'i' is left
    to the translator: institutions' names rarely begin so)."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def localized(english: str, translated: dict[str, str]) -> str:
    """A text a data set gives in several languages (``label`` and ``label_es``): the current language's, else
    the English one.

    Examples
    --------
    >>> with speaking("es"):
    ...     localized("Boston Police Department", {"es": "Departamento de Policía de Boston"})
    'Departamento de Policía de Boston'
    >>> localized("Boston Police Department", {"es": "Departamento de Policía de Boston"})
    'Boston Police Department'
    """
    return translated.get(language()) or english

"""The translation catalogues: which source files each one's words come from, and Babel's three steps on them.

``python -m network.catalogues`` (``make messages``) extracts every marked string (``_()``, ``N_()``,
``ngettext()`` in Python; ``{% trans %}`` and ``_()`` in the page templates) into ``network/locale/<domain>.pot``,
merges new strings into each language's ``<domain>.po`` (kept translations stay; a new string arrives empty for a
translator to fill), and compiles the ``.mo`` files the tool reads. ``problems()`` is what the tests ask: a
string in the code that no catalogue has, an empty or fuzzy translation, a translation whose ``{placeholders}``
differ from the English, or a compiled file older than its catalogue.
"""

from __future__ import annotations

import fnmatch
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from .i18n import DEFAULT, DOMAINS, LANGUAGES, LOCALE_DIR

__all__ = ["SOURCES", "domain_of", "extract", "update", "compile_all", "problems", "clashes", "main"]

_PACKAGE = Path(__file__).resolve().parent
#: Each source file's catalogue, the first pattern that matches it (paths inside the package).
SOURCES: list[tuple[str, str]] = [
    ("upload", "ui/upload*.py"),
    ("upload", "ui/story_panel.py"),
    ("upload", "ui/jobs.py"),
    ("upload", "ui/datasets.py"),
    ("pages", "ui/routes.py"),
    ("explorer", "ui/*.py"),
    ("map", "figure*.py"),
    ("map", "aggregate*.py"),
    ("pages", "presentation.py"),
    ("pages", "handout*.py"),
    ("pages", "slidefit.py"),
    ("pages", "story.py"),
    ("pages", "export.py"),
    ("pages", "pages.py"),
    ("pages", "templates/*.html"),
    ("cli", "cli*.py"),
    ("cli", "serving.py"),
    ("cli", "errors.py"),
    ("io", "io/*.py"),
    ("words", "*.py"),
]
_KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
_JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def domain_of(relative: str) -> str | None:
    """The catalogue a package file's strings belong to (``None``: a file with no words for readers).

    Examples
    --------
    >>> domain_of("narrative.py"), domain_of("ui/upload_panel.py"), domain_of("templates/handout.html")
    ('words', 'upload', 'pages')
    """
    if relative.startswith("locale/") or relative == "catalogues.py":
        return None
    for domain, pattern in SOURCES:
        if fnmatch.fnmatch(relative, pattern):
            return domain
    return None


def _files(domain: str) -> Iterator[Path]:
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html") and domain_of(path.relative_to(_PACKAGE).as_posix()) == domain:
            yield path


def extract(domain: str) -> Catalog:
    """Every marked string of a catalogue's files, with where each one is."""
    catalog = Catalog(domain=domain, project="Entanglement Map", charset="utf-8")
    for path in _files(domain):
        method = "jinja2.ext.babel_extract" if path.suffix == ".html" else "python"
        options = _JINJA_OPTIONS if path.suffix == ".html" else {}
        for lineno, message, comments, context in extract_from_file(
                method, str(path), keywords=_KEYWORDS, comment_tags=("Translators:",), options=options):
            where = (path.relative_to(_PACKAGE.parent).as_posix(), lineno)
            catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


def _po(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _read(path: Path, lang: str, domain: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, domain=domain, charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=domain)


def update(domain: str, known: dict[str, dict[Any, Any]] | None = None) -> None:
    """Write the template and merge it into each language's catalogue (no fuzzy guesses: a new string is empty,
    unless a catalogue translates it already: ``known``, every language's translations read before any update)."""
    template = extract(domain)
    LOCALE_DIR.mkdir(exist_ok=True)
    with (LOCALE_DIR / f"{domain}.pot").open("wb") as f:
        write_po(f, template, width=120, omit_header=True)
    for lang in LANGUAGES:
        if lang == DEFAULT:
            continue
        path = _po(lang, domain)
        # what another catalogue already translates is filled in from there (a string moved from one part of the
        # tool to another keeps its words, and one message keeps one translation: see clashes)
        have = (known or {}).get(lang) or _translated(lang)
        catalog = _read(path, lang, domain)
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            if message.id and not message.string and _key(message) in have:
                message.string = have[_key(message)]
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=120, ignore_obsolete=True)


def _key(message: Message) -> tuple[str | tuple[str, ...], str | None]:
    return (message.id if isinstance(message.id, str) else tuple(message.id), message.context)


def _translated_in(path: Path, lang: str, domain: str) -> dict[tuple[str | tuple[str, ...], str | None], Any]:
    return {_key(m): m.string for m in _read(path, lang, domain) if m.id and m.string and not m.fuzzy}


def _translated(lang: str) -> dict[tuple[str | tuple[str, ...], str | None], Any]:
    found: dict[tuple[str | tuple[str, ...], str | None], Any] = {}
    for domain in DOMAINS:
        found |= _translated_in(_po(lang, domain), lang, domain)
    return found


def _compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_all(domains: tuple[str, ...] | list[str] = DOMAINS) -> None:
    """Compile each language's catalogues to the ``.mo`` files the tool reads."""
    for lang in LANGUAGES:
        for domain in domains:
            path = _po(lang, domain)
            if lang != DEFAULT and path.exists():
                path.with_suffix(".mo").write_bytes(_compiled(_read(path, lang, domain)))


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def clashes(lang: str = "es") -> list[str]:
    """English said the same way (and in the same context) but translated differently by two catalogues: the
    catalogues are chained into one translator at run time, so one translation would win everywhere. Give the
    message a context (``pgettext``) where the two meanings differ, or make the translations agree."""
    seen: dict[tuple[str, str | None], dict[str, str]] = {}
    for domain in DOMAINS:
        for message in _read(_po(lang, domain), lang, domain):
            if message.id and message.string:
                key = (str(message.id if isinstance(message.id, str) else message.id[0]), message.context)
                seen.setdefault(key, {})[domain] = str(message.string)
    return [f"{' and '.join(found)} translate {english!r}{f' ({context})' if context else ''} differently: "
            + "; ".join(f"{d}: {t!r}" for d, t in found.items())
            for (english, context), found in seen.items() if len(set(found.values())) > 1]


def problems(lang: str = "es", domains: tuple[str, ...] | list[str] = DOMAINS) -> list[str]:
    """What stops a language from being complete, one line each naming the string and where it is."""
    found: list[str] = []
    for domain in domains:
        template = extract(domain)
        path = _po(lang, domain)
        catalog = _read(path, lang, domain)
        for message in template:
            if not message.id:
                continue
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
            have = catalog.get(message.id, message.context)
            strings = have.string if have is not None else None
            english = [message.id] if isinstance(message.id, str) else [str(i) for i in message.id]
            texts = [strings] if strings is None or isinstance(strings, str) else [str(t) for t in strings]
            allowed: set[str] = set().union(*map(_placeholders, english))
            if have is None or not all(texts):
                found.append(f"{domain}: no {lang} translation of {english[0]!r} ({where})")
            elif have.fuzzy:
                found.append(f"{domain}: the {lang} translation of {english[0]!r} is marked fuzzy ({where})")
            elif any(not _placeholders(str(t)) <= allowed for t in texts) or (
                    len(english) == 1 and _placeholders(str(texts[0])) != allowed):
                found.append(f"{domain}: the {lang} translation of {english[0]!r} has other {{placeholders}}"
                             f" ({where})")
        mo = path.with_suffix(".mo")
        if path.exists():
            if not mo.exists():
                found.append(f"{domain}: {mo.name} is not compiled: run make messages")
            else:
                with mo.open("rb") as f:
                    # a plural's ids and strings come back from a .mo as lists, from a .po as tuples
                    compiled = {_hashable(m.id): _hashable(m.string) for m in read_mo(f) if m.id}
                wanted = {_hashable(m.id): _hashable(m.string) for m in catalog if m.id and m.string and not m.fuzzy}
                if compiled != wanted:
                    found.append(f"{domain}: {mo.name} is older than {path.name}: run make messages")
    return found


def main(argv: list[str] | None = None) -> int:
    """``python -m network.catalogues [update|compile|check|all] [DOMAIN ...]`` (no argument: update, then
    compile, every catalogue)."""
    args = sys.argv[1:] if argv is None else argv
    step = args[0] if args else "all"
    domains = [d for d in args[1:] if d in DOMAINS] or list(DOMAINS)
    if step in ("update", "all"):
        known = {lang: _translated(lang) for lang in LANGUAGES if lang != DEFAULT}  # before any catalogue changes
        for domain in domains:
            update(domain, known)
    if step in ("compile", "all"):
        compile_all(domains)
    if step == "check":
        for lang in LANGUAGES:
            if lang != DEFAULT:
                for line in problems(lang, domains) + clashes(lang):
                    print(line)
                    step = "failed"
    return 1 if step == "failed" else 0


if __name__ == "__main__":
    sys.exit(main())

"""Citations: a source id in words, the same everywhere it is shown, and the one rule for which addresses
become links.

A real title is quoted, so that a headline is never read as our own words; a [bracketed] title is our own
description of a source and is shown as it is. Only http(s) addresses are ever links: anything else a data set
holds (``javascript:``, ``file:``) is shown as text, or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .i18n import _, ngettext, number
from .model import Dataset

__all__ = ["Citation", "citation", "citation_text", "cited_text", "safe_url"]


def safe_url(url: str) -> str:
    """The address when it may be a link (http or https), else ''.

    Examples
    --------
    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)")
    ('https://example.org/a', '')
    """
    return url if url.strip().lower().startswith(("http://", "https://")) else ""


@dataclass(frozen=True)
class Citation:
    """A source as a reader sees it: its title (quoted, or a [description]), publisher and date, and its
    address when it may be a link."""

    id: str
    title: str
    detail: str = ""  # publisher and date
    url: str = ""  # an http(s) address, or ''


def _title(title: str, sid: str) -> str:
    if not title:
        return sid
    return title if title.startswith("[") and title.endswith("]") else f"“{title}”"


def citation(ds: Dataset, source_id: str) -> Citation:
    """The citation of a source id; a source the data set lacks is cited by its id alone."""
    src = ds.sources.get(source_id)
    if src is None:
        return Citation(source_id, source_id)
    detail = ", ".join(x for x in (src.publisher, src.date) if x)
    return Citation(source_id, _title(src.title, src.id), detail, safe_url(src.url))


def citation_text(ds: Dataset, source_id: str) -> str:
    """'“Title” (Publisher, date)', or the id itself when the data set has no such source.

    Examples
    --------
    >>> from network.model import Source
    >>> ds = Dataset.build([], [], sources=[Source("S1", "Documents Show X", "AP", "2020"), Source("S2", "[A memo]")])
    >>> citation_text(ds, "S1"), citation_text(ds, "S2"), citation_text(ds, "S9")
    ('“Documents Show X” (AP, 2020)', '[A memo]', 'S9')
    """
    c = citation(ds, source_id)
    return f"{c.title} ({c.detail})" if c.detail else c.title


def cited_text(ds: Dataset, source_ids: Iterable[str], named: int = 1) -> str:
    """The first ``named`` sources in words and how many more: '“T” (P, 2020); and 3 more'."""
    ids = list(dict.fromkeys(source_ids))
    if not ids:
        return _("no source cited")
    parts = [citation_text(ds, s) for s in ids[:named]]
    if len(ids) > named:
        more = len(ids) - named
        parts.append(ngettext("and {n} more", "and {n} more", more).format(n=number(more)))
    return "; ".join(parts)

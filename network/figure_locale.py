"""plotly.js's own words in the reader's language: the map toolbar's titles, the camera's notices, and the month
and day names of a date axis, as the graph ``config``'s locale (the explorer, the handout and the export use it).

plotly.js ships its locales as scripts (``plotly-locale-es``), which neither the plotly nor the dash package
bundles; the config's ``locales`` takes the same dictionary inline, so nothing is fetched (and no CDN is needed
under the pages' ``script-src 'self'``). Only what our pages show is translated. Made when a page is built, in the
request's language (never at import time).
"""

from __future__ import annotations

from typing import Any

from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from . import i18n
from .i18n import N_, _

__all__ = ["plotly_locale"]


#: What the map's toolbar and the camera say (plotly.js's own English: its dictionary's keys).
_PLOTLY_WORDS = (
    N_("Download plot as a PNG"), N_("Download plot"), N_("Zoom in"), N_("Zoom out"), N_("Reset axes"),
    N_("Autoscale"), N_("Preparing image - this may take a few seconds"), N_("Image download succeeded"),
    N_("Sorry, there was a problem downloading your image!"), N_("Double-click to zoom back out"),
)


def plotly_locale() -> dict[str, Any]:
    """The graph config's locale for the current language: none in English (plotly.js's own words), else its
    name and, inline, its dictionary and the names of months and days of a date axis."""
    lang = i18n.language()
    if lang == i18n.DEFAULT:
        return {}
    months = get_month_names("wide", "format", locale=lang)
    short_months = get_month_names("abbreviated", "format", locale=lang)
    days = get_day_names("wide", "format", locale=lang)
    short_days = get_day_names("abbreviated", "format", locale=lang)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, plotly.js (as d3) from Sunday
    return {"locale": lang, "locales": {lang: {
        "dictionary": {english: _(english) for english in _PLOTLY_WORDS},
        "format": {
            "months": [str(months[m]) for m in range(1, 13)],
            "shortMonths": [str(short_months[m]).rstrip(".") for m in range(1, 13)],
            "days": [str(days[d]) for d in sunday_first],
            "shortDays": [str(short_days[d]).rstrip(".") for d in sunday_first],
            "date": "%d/%m/%Y",
            "decimal": get_decimal_symbol(lang), "thousands": get_group_symbol(lang),
        },
    }}}

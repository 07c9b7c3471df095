"""The words the page's parts say that no Python component draws, in the reader's language: the page's scripts
(assets/*.js, given them as one JSON ``data-words`` attribute of the page: no script holds English), the routes
table's own (AG Grid's pager, overlays and screen-reader texts: its ``localeText``). The map's toolbar speaks
through ``network.figure_locale`` (the hearing pages draw the map too).

Everything here is made when the page is built, in the request's language (never at import time).
"""

from __future__ import annotations

import datetime as dt
import json

from babel.dates import get_month_names

from .. import i18n
from ..i18n import N_, _

__all__ = ["script_words", "grid_locale", "SVG_TITLE", "UPDATE_TITLE", "month_names"]

#: The SVG button's title (assets/explorer.js puts it back after a download: the callback's output).
SVG_TITLE = N_("Download the map as an SVG picture")
#: The tab's title while any callback is pending: Dash shows it from the first callback of a change to the last.
#: It is one text for the app (its ``update_title``); network/ui/page.py puts each page's translation in its place.
UPDATE_TITLE = N_("Tracing…")


def month_names() -> list[str]:
    """The months as the current language names them on their own: 'June', 'junio'."""
    names = get_month_names("wide", "stand-alone", locale=i18n.language())
    return [str(names[m]) for m in range(1, 13)]


def _pattern(text: str, month: str) -> str:
    """A date said by ``network.i18n`` in January 2000 as a pattern for a script: '{month} {year}'."""
    return text.replace(month, "{month}", 1).replace("2000", "{year}", 1)


def script_words() -> str:
    """Every word the page's scripts say, as JSON for the page's ``data-words`` attribute."""
    january = dt.date(2000, 1, 1)
    formed = str(get_month_names("wide", "format", locale=i18n.language())[1])
    words = {
        # assets/trouble.js
        "trouble": _("The server did not answer (timeout or error); the view on screen is from before your last "
                     "change. Try again."),
        # assets/date_slider.js: the slider's tooltip ('June 2016') and what a screen reader hears ('1 June 2016')
        "months": month_names(),
        "monthYear": _pattern(i18n.month_year(january), month_names()[0]),
        "firstOfMonth": _pattern(i18n.day_month_year(january), formed),
        # assets/explorer.js: a picture of the map
        "mapTitle": "Entanglement Map",  # the tool's name, in every language
        # Translators: the last words under a downloaded picture of the map; {day} is 2026-12-02
        "pictureMade": _("picture made {day}"),
        "svgTitle": _(SVG_TITLE),
        # assets/map_keys.js: where the keyboard is on the map ('East Boston High School, school: 2 links in, 1 out')
        # Translators: {links_in} is '2 links in', {links_out} is '1 out'
        "mapNode": _("{label}, {kind}: {links_in}, {links_out}"),
        # Translators: links that arrive at an institution on the map (one link)
        "linkIn": _("{n} link in"),
        # Translators: links that arrive at an institution on the map (several, or none)
        "linksIn": _("{n} links in"),
        # Translators: links that leave an institution on the map, after '2 links in, '
        "linksOut": _("{n} out"),
        # Translators: the keyboard went along a link out of {label}: the institution it is on is the {i}th of {n}
        "reachedFrom": _("{i} of {n} reached from {label}"),
        # Translators: the keyboard went along a link into {label}: the institution it is on is the {i}th of {n}
        "sendingTo": _("{i} of {n} sending to {label}"),
        "mapDrawing": _("The map is still being drawn, or has no institution."),
        "noLinkOut": _("No link out of {label}."),
        "noLinkIn": _("No link into {label}."),
        # Translators: the Enter key was pressed on the map; {mode} is what a click does ('makes it the origin')
        "enterMode": _("Enter {mode}: {label}."),
        "enter": _("Enter: {label}."),
        # Translators: the Enter key was pressed on a group of the map of a big data set (its institutions by kind)
        "enterGroup": _("Enter opens or closes the group: {label}."),
        # what the map's figure says of an origin, among the words of an institution's part in the view
        "originPart": _("where records start"),
    }
    return json.dumps(words, ensure_ascii=False, separators=(",", ":"))


def grid_locale() -> dict[str, str]:
    """AG Grid's own words on the routes table (its pager, its overlays, what a screen reader hears of a header
    or a row), its English ones but 'No route' for an empty table."""
    return {
        "noRowsToShow": _("No route"),
        "loadingOoo": _("Loading..."),
        # Translators: the routes table's pager: 'Page 1 of 3', '1 to 20 of 45'
        "page": _("Page"),
        "of": _("of"),
        "to": _("to"),
        # Translators: the routes table's pager, when the number of rows is not known yet ('1 to 20 of more')
        "more": _("more"),
        "firstPage": _("First Page"),
        "previousPage": _("Previous Page"),
        "nextPage": _("Next Page"),
        "lastPage": _("Last Page"),
        "pageSizeSelectorLabel": _("Page Size:"),
        "ariaPageSizeSelectorLabel": _("Page Size"),
        "ariaSortableColumn": _("Press ENTER to sort"),
        "ariaMenuColumn": _("Press ALT DOWN to open column menu"),
        "ariaRowSelect": _("Press SPACE to select this row"),
        "ariaRowDeselect": _("Press SPACE to deselect this row"),
        "ariaChecked": _("checked"),
        "ariaUnchecked": _("unchecked"),
    }

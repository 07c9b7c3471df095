"""When a route could be taken, in words: the phrase that opens its sentence, its line on today, and since when a
set of routes runs.

A date keeps the precision the data set wrote it with ('2014', 'October 2019', '19 August 2020'). Each phrase has
one message for a date that names a day and one for a year or a month ({first_day} or {first}), which read the same
in English: a language may say them differently (Spanish puts an article before a day: 'desde el 19 de agosto de
2020', 'desde 2014').
"""

from __future__ import annotations

from collections.abc import Mapping

from .i18n import N_, gettext
from .timing import date_words

__all__ = ["is_day", "say", "since_opening", "on_opening", "between_opening", "held_opening", "until_opening",
           "earlier_line", "open_line", "closed_line", "routes_since"]

Flags = tuple[bool, ...]


def is_day(text: str) -> bool:
    """Whether a date as written names a day (YYYY-MM-DD), not only a month or a year."""
    return len(text.strip().split("-")) == 3


def say(messages: Mapping[Flags, str], dates: Mapping[str, str], **shown: str) -> str:
    """The message for the precision of ``dates`` (each slot's name and the date as written), in the reader's
    language, with each date in words under its name and its name + ``_day``; ``shown`` gives a slot's words
    where they are more than the date (a date with the event that closed the route)."""
    flags = tuple(is_day(raw) for raw in dates.values())
    values: dict[str, str] = {}
    for name, raw in dates.items():
        words = shown.get(name, date_words(raw))
        values[name] = values[f"{name}_day"] = words
    return gettext(messages[flags]).format(**values)


_SINCE: dict[Flags, str] = {(False,): N_("Since {date}, "), (True,): N_("Since {date_day}, ")}
_BETWEEN: dict[Flags, str] = {
    (False, False): N_("Between {first} and {last}, "),
    (False, True): N_("Between {first} and {last_day}, "),
    (True, False): N_("Between {first_day} and {last}, "),
    (True, True): N_("Between {first_day} and {last_day}, "),
}
# the links were never open at once: only a record held somewhere in between could take the route
_HELD: dict[Flags, str] = {
    (False, False): N_("For a record sent before {last} and passed on from {first}, "),
    (False, True): N_("For a record sent before {last_day} and passed on from {first}, "),
    (True, False): N_("For a record sent before {last} and passed on from {first_day}, "),
    (True, True): N_("For a record sent before {last_day} and passed on from {first_day}, "),
}
_UNTIL: dict[Flags, str] = {(False,): N_("Until {last}, "), (True,): N_("Until {last_day}, ")}
_EARLIER: dict[Flags, str] = {
    (False,): N_("Before {date}, it could be taken over other links; pick an earlier date to see them."),
    (True,): N_("Before {date_day}, it could be taken over other links; pick an earlier date to see them."),
}
_OPEN_SINCE: dict[Flags, str] = {(False,): N_("Open today (since {first})."),
                                 (True,): N_("Open today (since {first_day}).")}
_CLOSED_BETWEEN: dict[Flags, str] = {
    (False, False): N_("Closed today: could be taken between {first} and {last}."),
    (False, True): N_("Closed today: could be taken between {first} and {last_day}."),
    (True, False): N_("Closed today: could be taken between {first_day} and {last}."),
    (True, True): N_("Closed today: could be taken between {first_day} and {last_day}."),
}
_CLOSED_UNTIL: dict[Flags, str] = {(False,): N_("Closed today: could be taken until {last}."),
                 (True,): N_("Closed today: could be taken until {last_day}.")}
_ROUTES_SINCE: dict[Flags, str] = {(False,): N_("since {date}"), (True,): N_("since {date_day}")}
_ROUTES_SINCE_OR_EARLIER: dict[Flags, str] = {(False,): N_("since {date} or earlier"),
                                              (True,): N_("since {date_day} or earlier")}


def since_opening(since: str) -> str:
    """'Since 19 August 2020, ' (a route open today, told as it stands today)."""
    return say(_SINCE, {"date": since})


def on_opening(day: str) -> str:
    """'On 1 June 2016, ' (a view of one date: ``day`` is YYYY-MM-DD)."""
    # Translators: opens the sentence of a route on the date a view is set to: "On 1 June 2016, ".
    return gettext("On {day}, ").format(day=date_words(day))


def between_opening(first: str, last: str, last_shown: str) -> str:
    """'Between 2014 and 19 December 2019 (Trust Act amendments signed), '."""
    return say(_BETWEEN, {"first": first, "last": last}, last=last_shown)


def held_opening(first: str, last: str, last_shown: str) -> str:
    """'For a record sent before October 2019 and passed on from 2020, ' (links never open at once)."""
    return say(_HELD, {"first": first, "last": last}, last=last_shown)


def until_opening(last: str, last_shown: str) -> str:
    """'Until 20 October 2021 (Ordinance 16-63 ...), '."""
    return say(_UNTIL, {"last": last}, last=last_shown)


def earlier_line(since: str) -> str:
    """'Before 19 August 2020, it could be taken over other links; pick an earlier date to see them.'"""
    return say(_EARLIER, {"date": since})


def open_line(first: str) -> str:
    """'Open today (since 2014).', or 'Open today.' when its start is not dated."""
    return say(_OPEN_SINCE, {"first": first}) if first else gettext("Open today.")


def closed_line(first: str, last: str) -> str:
    """'Closed today: could be taken between 2014 and 20 October 2021.' (or until, or neither when undated)."""
    if first and last:
        return say(_CLOSED_BETWEEN, {"first": first, "last": last})
    if last:
        return say(_CLOSED_UNTIL, {"last": last})
    return gettext("Closed today.")


def routes_since(first: str, or_earlier: bool) -> str:
    """'since 2014', or 'since 2014 or earlier' when some route's start is not dated."""
    return say(_ROUTES_SINCE_OR_EARLIER if or_earlier else _ROUTES_SINCE, {"date": first})

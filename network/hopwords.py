"""The phrases a route's sentence is made of, one hop or one handoff at a time, in the reader's language.

English says "can go" whatever moves; Spanish makes the verb agree with it ("puede pasar información", "pueden
pasar informes"), so each phrase is an ``ngettext`` whose count is the grammatical number of what moves (1 or 2,
from ``lexicon.grammatical_number``), with the same English for both.
"""

from __future__ import annotations

from .i18n import _, ngettext

__all__ = ["first_hop", "next_hop", "gap", "some_of"]


def gap(at: str, to: str, things: str, present: bool) -> str:
    """That no source shows a handoff at ``at``."""
    if present:
        return _("no source shows that {at} passes the {things} it receives on to {to}").format(
            at=at, things=things, to=to)
    return _("no source shows that {at} passed the {things} it received on to {to}").format(
        at=at, things=things, to=to)


def some_of(at: str, to: str, things: str, present: bool) -> str:
    """A recorded handoff's claim, when the data set does not word it."""
    if present:
        return _("{at} passes some of the {things} it receives on to {to}").format(at=at, things=things, to=to)
    return _("{at} passed some of the {things} it received on to {to}").format(at=at, things=things, to=to)


def first_hop(things: str, n: int, source: str, target: str, evidence: str, go: str) -> str:
    """The first hop of a route, its verb in agreement with what moves (``n``: 1 singular, 2 plural)."""
    if go == "can":
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("{things} can go from {source} to {target} {evidence}",
                         "{things} can go from {source} to {target} {evidence}", n)
    elif go == "could":
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("{things} could go from {source} to {target} {evidence}",
                         "{things} could go from {source} to {target} {evidence}", n)
    elif go == "may":
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("{things} may go from {source} to {target} {evidence}",
                         "{things} may go from {source} to {target} {evidence}", n)
    else:
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("{things} was permitted to go from {source} to {target} {evidence}",
                         "{things} was permitted to go from {source} to {target} {evidence}", n)
    return text_.format(things=things, source=source, target=target, evidence=evidence)


def next_hop(things: str, n: int, target: str, evidence: str, go: str) -> str:
    """A later hop, what moves on it named (it differs from the hop before); the verb agrees as in first_hop."""
    if go == "can":
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("then {things} can go on to {target} {evidence}",
                         "then {things} can go on to {target} {evidence}", n)
    elif go == "could":
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("then {things} could go on to {target} {evidence}",
                         "then {things} could go on to {target} {evidence}", n)
    elif go == "may":
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("then {things} may go on to {target} {evidence}",
                         "then {things} may go on to {target} {evidence}", n)
    else:
        # Translators: singular form: {things} is one singular noun ("información"); plural: plural ("informes").
        text_ = ngettext("then {things} was permitted to go on to {target} {evidence}",
                         "then {things} was permitted to go on to {target} {evidence}", n)
    return text_.format(things=things, target=target, evidence=evidence)

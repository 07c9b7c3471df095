"""Entanglement Map: every route by which a student's school record can reach immigration enforcement.

>>> import network
>>> ds = network.load()
>>> ds.summary()["nodes"] > 0
True
"""

from .errors import (
    DataFileError,
    NetworkDataError,
    Problem,
    QueryError,
    UnknownNodeError,
    ValidationError,
)
from .io import load
from .levers import Chokepoint, Levers, levers
from .model import Dataset, Edge, Event, Handoff, Node, Source
from .paths import trace
from .routes import Route, RouteSet
from .timeline import Diff, diff
from .vocabulary import STATUSES

__all__ = [
    "load",
    "trace",
    "levers",
    "diff",
    "Route",
    "RouteSet",
    "Levers",
    "Chokepoint",
    "Diff",
    "Dataset",
    "Node",
    "Edge",
    "Source",
    "Event",
    "Handoff",
    "STATUSES",
    "Problem",
    "NetworkDataError",
    "DataFileError",
    "ValidationError",
    "UnknownNodeError",
    "QueryError",
]

__version__ = "0.1.0"

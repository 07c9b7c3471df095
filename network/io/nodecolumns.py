"""The nodes table checked a column at a time: what ``validate.parse_nodes`` does row by row, for a table read by
column (``csvcolumns.ColumnTable``), in C but for one Python call per distinct kind.

``read_nodes`` gives the nodes ``parse_nodes`` makes, or None when a row holds a problem (a blank id, an id given
twice): ``parse_nodes`` then reads the rows and reports it, as it always has.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..model import NO_ATTRS, Node, nodes_from_columns
from .csvcolumns import CellColumns, encode, extra_values, stripped
from .fields import Columns, normalised

__all__ = ["read_nodes"]


def _field(columns: CellColumns, cols: Columns, name: str) -> pa.Array | None:
    index = cols.found.get(name)
    return None if index is None else stripped(columns.cells[index])


def _text(columns: CellColumns, cols: Columns, name: str) -> Any:
    cells = _field(columns, cols, name)
    return repeat("") if cells is None else cells.to_pylist()


def read_nodes(columns: CellColumns, cols: Columns) -> dict[str, Node] | None:
    """Nodes by id from a nodes table read by column (``cols`` says which column holds which field, the id among
    them); None when an id is blank or given twice.

    Examples
    --------
    >>> from network.io.csvcolumns import parse_columns
    >>> table, _ = parse_columns(b"id,label,kind\\nbpd,,City Police\\n", "nodes.csv")
    >>> read_nodes(table.columns, Columns(table.header, "nodes.csv", "nodes"))["bpd"]
    Node(id='bpd', label='bpd', kind='city_police', jurisdiction='', description='', url='', attrs=mappingproxy({}))
    """
    ids = _field(columns, cols, "id")
    if ids is None:
        return None
    empty = pc.equal(pc.utf8_length(ids), 0)
    if pc.any(empty).as_py() or pc.count_distinct(ids).as_py() != len(columns):
        return None  # parse_nodes reports it
    id_list = ids.to_pylist()
    label = _field(columns, cols, "label")
    labels = id_list if label is None else pc.if_else(pc.equal(pc.utf8_length(label), 0), ids, label).to_pylist()
    kinds: Any = repeat("unknown")
    if "kind" in cols.found:
        codes, values = encode(stripped(columns.cells[cols.found["kind"]]))
        named = [normalised(v) or "unknown" for v in values.to_pylist()]
        kinds = [named[i] for i in codes.tolist()]
    attrs = extra_values(columns, cols.extras)
    nodes = nodes_from_columns(id_list, labels, kinds, _text(columns, cols, "jurisdiction"),
                               _text(columns, cols, "description"), _text(columns, cols, "url"),
                               repeat(NO_ATTRS) if attrs is None else attrs.tolist())
    return dict(zip(id_list, nodes, strict=True))

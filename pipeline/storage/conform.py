"""Rows written under an older schema, brought to today's (files are never rewritten in place)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` in ``schema``: missing columns null, extra ones dropped, types cast."""
    if table.schema.equals(schema, check_metadata=False):
        return table.replace_schema_metadata(schema.metadata)
    columns = [_cast(table.column(f.name), f.type) if f.name in table.column_names
               else pa.nulls(table.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def _cast(column: pa.ChunkedArray, to: pa.DataType) -> pa.ChunkedArray:
    """A column in its new type; floats that are not whole become null in an integer column
    (the checks' sides were floats before they were exact integers)."""
    if pa.types.is_floating(column.type) and pa.types.is_integer(to):
        whole = pc.and_(pc.equal(pc.floor(column), column), pc.less(pc.abs(column), 2.0**63))
        column = pc.if_else(whole, column, pa.scalar(None, column.type))
    return column.cast(to)

"""Fast inserts for the ingestion hot path, with `ON CONFLICT DO NOTHING`.

Django's `bulk_create` prepares every field of every row in Python (JSON fields are the slowest), which
made persisting the largest cost of an import. Here rows arrive as plain tuples already in database form
(JSON already serialised, empty JSON as a constant), and:

* on PostgreSQL they are streamed with `COPY` into a temporary staging table and moved with one
  `INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING ...` (conflicts on any unique constraint are
  skipped, so two workers racing on the same item still produce one row);
* elsewhere (SQLite) they go through `executemany` of `INSERT ... ON CONFLICT DO NOTHING`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_ignore(table: str, columns: Sequence[str], rows: Sequence[tuple], *,
                  returning: Sequence[str] = ()) -> list[tuple]:
    """Insert `rows` into `table`, skipping rows that conflict. Table and column names come from model
    `_meta` (never from input) and are quoted; values are always parameters or COPY data. With `returning` (PostgreSQL only) returns
    those columns of the inserted rows; elsewhere returns []: callers select what they need."""
    if not rows:
        return []
    cols = ", ".join(_quote(c) for c in columns)
    if connection.vendor == "postgresql":
        stage = _quote(f"stage_{table}")
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor: COPY is not part of the DB-API
            source = f"SELECT {cols} FROM {_quote(table)} WITH NO DATA"  # noqa: S608 - names from model meta
            create = f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS {source}"
            raw.execute(create)
            raw.execute(f"TRUNCATE {stage}")
            with raw.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            tail = f" RETURNING {', '.join(_quote(c) for c in returning)}" if returning else ""
            raw.execute(f"INSERT INTO {_quote(table)} ({cols}) SELECT {cols} FROM {stage} "  # noqa: S608
                        f"ON CONFLICT DO NOTHING{tail}")
            return list(raw.fetchall()) if returning else []
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {_quote(table)} ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
        cursor.executemany(sql, rows)
    return []


def datetime_value(value):
    """A datetime as this database's driver wants it in a raw insert."""
    if value is None or connection.vendor == "postgresql":
        return value
    return connection.ops.adapt_datetimefield_value(value)

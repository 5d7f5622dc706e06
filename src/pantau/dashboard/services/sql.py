"""The few SQL expressions that differ between PostgreSQL and SQLite, behind one small interface.

Only the aggregate refresh uses them; every dashboard query goes through the ORM.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection


def local_offset_hours() -> int:
    """Indonesian time zones have no daylight saving, so one offset holds all year (WIB = +7)."""
    offset = dt.datetime(2024, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE)).utcoffset() or dt.timedelta(0)
    return int(offset.total_seconds() // 3600)


class Dialect:
    vendor = "sqlite"

    def day(self, column: str) -> str:
        """The local calendar day of a stored (UTC) timestamp."""
        return f"date({column}, '{local_offset_hours():+d} hours')"

    def days_between(self, start: str, end: str) -> str:
        return f"CAST(julianday({self.day(end)}) - julianday({self.day(start)}) AS INTEGER)"

    def labels_join(self, column: str, alias: str) -> str:
        """FROM-clause fragment expanding a JSON list of labels into rows; the label is `{alias}.value`."""
        return f", json_each(CASE WHEN json_type({column}) = 'array' THEN {column} ELSE '[]' END) AS {alias}"

    def first_label(self, column: str) -> str:
        return f"(CASE WHEN json_type({column}) = 'array' THEN json_extract({column}, '$[0]') END)"

    def has_labels(self, column: str) -> str:
        return f"(json_type({column}) = 'array' AND json_array_length({column}) > 0)"

    def ref_id(self, column: str, prefix: str) -> str:
        """The integer id in a reference such as 'reports.Report:12' (NULL when it does not match)."""
        return f"(CASE WHEN {column} LIKE '{prefix}%' THEN CAST(substr({column}, {len(prefix) + 1}) AS INTEGER) END)"


class PostgresDialect(Dialect):
    vendor = "postgresql"

    def day(self, column: str) -> str:
        return f"(({column}) AT TIME ZONE '{settings.TIME_ZONE}')::date"

    def days_between(self, start: str, end: str) -> str:
        return f"({self.day(end)} - {self.day(start)})"

    def labels_join(self, column: str, alias: str) -> str:
        return (f" CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof({column}) = 'array' "
                f"THEN {column} ELSE '[]'::jsonb END) AS {alias}(value)")

    def first_label(self, column: str) -> str:
        return f"(CASE WHEN jsonb_typeof({column}) = 'array' THEN ({column}) ->> 0 END)"

    def has_labels(self, column: str) -> str:
        return f"(jsonb_typeof({column}) = 'array' AND jsonb_array_length({column}) > 0)"

    def ref_id(self, column: str, prefix: str) -> str:
        pattern = "^" + prefix.replace(".", "\\.") + "[0-9]{1,18}$"
        return f"(CASE WHEN {column} ~ '{pattern}' THEN CAST(substr({column}, {len(prefix) + 1}) AS BIGINT) END)"


def dialect() -> Dialect:
    return PostgresDialect() if connection.vendor == "postgresql" else Dialect()


def kecamatan_of(column: str) -> str:
    """Cut a region code to kecamatan (15.71.01); coarser codes stay as they are."""
    return f"(CASE WHEN length({column}) > 8 THEN substr({column}, 1, 8) ELSE {column} END)"


def kabupaten_of(column: str) -> str:
    return f"(CASE WHEN length({column}) > 5 THEN substr({column}, 1, 5) ELSE {column} END)"


def adapt_datetime(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)

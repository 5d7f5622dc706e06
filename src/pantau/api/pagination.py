"""List pagination for the API."""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """``?limit=`` / ``?offset=`` with a ceiling: a client asking for 10^20 rows gets ``max_limit`` of them instead
    of a database error (SQLite and PostgreSQL reject a LIMIT beyond 64 bits)."""

    max_limit = 1000

"""Demo: the other apps load their records first (reports, monitoring, cases); the dashboard then computes
its aggregates once so the first page view shows every chart filled."""

from __future__ import annotations


def load(ctx) -> None:
    from .services.refresh import refresh

    refresh(full=True)

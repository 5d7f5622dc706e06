"""Who is acting, and from where: set per request by middleware, per command or task by `acting_as`."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user: object | None = None
    label: str = "sistem"
    ip: str | None = None


_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("pantau_actor", default=Actor())  # noqa: B039 - Actor is frozen


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(user=None, label: str | None = None, ip: str | None = None):
    actor = Actor(user=user, label=label or (user.get_username() if user is not None else "sistem"), ip=ip)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)

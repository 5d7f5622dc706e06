"""Automatic audit of every create, update and delete of domain data (models in pantau.* apps).

A model opts out with `AUDIT = False` (the log itself, bulk-ingested content that is covered by its own
custody log). Sensitive fields are recorded as changed without their values (`AUDIT_REDACT`).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from .services import record

_SNAPSHOT_ATTR = "_audit_before"


def _audited(sender) -> bool:
    return sender.__module__.startswith("pantau.") and getattr(sender, "AUDIT", True)


def _snapshot(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        if isinstance(value, (bytes, memoryview)):
            value = f"<{len(value)} bytes>"
        elif not isinstance(value, (str, int, float, bool, type(None), list, dict)):
            value = str(value)
        values[field.attname] = value
    return values


def _redacted(instance, changes: dict) -> dict:
    """Keep the fact that a sensitive field changed, never its value."""
    redact = {instance._meta.get_field(name).attname for name in getattr(instance, "AUDIT_REDACT", ())}
    return {k: (["***" if v[0] else "", "***" if v[1] else ""] if k in redact else v) for k, v in changes.items()}


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not _audited(sender) or instance._state.adding or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    setattr(instance, _SNAPSHOT_ATTR, _snapshot(previous) if previous else None)


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _audited(sender):
        return
    after = _snapshot(instance)
    if created:
        created_values = {k: [None, v] for k, v in after.items() if v not in (None, "", [], {})}
        record("create", instance, changes=_redacted(instance, created_values))
        return
    before = getattr(instance, _SNAPSHOT_ATTR, None) or {}
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if diff:
        record("update", instance, changes=_redacted(instance, diff))


def _after_delete(sender, instance, **kwargs):
    if _audited(sender):
        record("delete", instance, changes=_redacted(instance, {k: [v, None] for k, v in _snapshot(instance).items()}))


def connect():
    pre_save.connect(_before_save, dispatch_uid="pantau-audit-pre")
    post_save.connect(_after_save, dispatch_uid="pantau-audit-post")
    post_delete.connect(_after_delete, dispatch_uid="pantau-audit-delete")

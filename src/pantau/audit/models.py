"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class ChainHead(models.Model):
    """One row per chain; locked while appending so concurrent writers cannot fork the chain."""

    name = models.CharField(max_length=40, primary_key=True)
    last_hash = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)

    AUDIT = False


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    model = models.CharField(max_length=80, db_index=True)
    object_pk = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    region_code = models.CharField(max_length=13, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("log audit")

    AUDIT = False  # the log does not audit itself

    def chain_content(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "ip": self.ip,
            "action": self.action,
            "model": self.model,
            "object_pk": self.object_pk,
            "object_repr": self.object_repr,
            "region_code": self.region_code,
            "changes": self.changes,
            "reason": self.reason,
        }

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Log audit hanya bisa ditambah, tidak bisa diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Log audit hanya bisa ditambah, tidak bisa dihapus.")

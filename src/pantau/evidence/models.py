"""Evidence: content-addressed blobs and a hash-chained chain-of-custody log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceBlob(models.Model):
    """One stored file, named by its SHA-256. The same bytes are stored once and never overwritten."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.BigIntegerField()
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    AUDIT = False  # covered by the custody log, which records every capture

    class Meta:
        verbose_name = _("berkas bukti")
        verbose_name_plural = _("berkas bukti")

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.content_type}, {self.size} B)"


class CustodyEntry(models.Model):
    class Action(models.TextChoices):
        CAPTURED = "captured", _("diterima/ditangkap")
        DERIVED = "derived", _("turunan dibuat")
        VIEWED = "viewed", _("dilihat")
        EXPORTED = "exported", _("diekspor")
        VERIFIED = "verified", _("diverifikasi")

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    blob = models.ForeignKey(EvidenceBlob, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)
    subject = models.CharField(max_length=120, blank=True, db_index=True, help_text="mis. reports.Report:12")
    note = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    AUDIT = False  # the custody log is its own hash chain

    class Meta:
        ordering = ["seq"]
        verbose_name = _("catatan lacak bukti")
        verbose_name_plural = _("catatan lacak bukti")

    def chain_content(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "blob": self.blob_id,
            "action": self.action,
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "ip": self.ip,
            "subject": self.subject,
            "note": self.note,
        }

    def save(self, *args, **kwargs):
        if self.pk is not None:
            from pantau.audit.models import AppendOnlyError

            raise AppendOnlyError("Catatan lacak bukti tidak bisa diubah.")
        super().save(*args, **kwargs)

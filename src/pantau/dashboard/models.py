"""Pre-computed daily aggregates behind every dashboard figure.

The dashboards never count raw rows: one million content items become a few tens of thousands of rows here,
refreshed by `services.refresh` (Celery task `pantau.dashboard.tasks.refresh_stats`, command
`pantau refresh-stats`). Two grains are kept:

* ``kec``: the record's region cut to kecamatan (or its kab/kota/province when it is not placed that finely);
* ``kab``: the same figures summed to kab/kota (province-wide records stay on the province code);
* ``prv``: summed to the province, for the province dashboard's breakdowns (its map reads ``kab``).

The province dashboard reads ``prv`` (and ``kab`` for its map), kab/kota dashboards ``kab``; kecamatan maps and
Panwascam dashboards read ``kec``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    PROVINCE = "prv", _("Provinsi")
    KABUPATEN = "kab", _("Kabupaten/kota")
    KECAMATAN = "kec", _("Kecamatan")


class Metric(models.TextChoices):
    CONTENT = "content", _("Butir konten (setiap butir sekali)")
    CONTENT_LABEL = "content_label", _("Butir konten per jenis pelanggaran")
    REPORT = "report", _("Laporan")
    TIP = "tip", _("Informasi awal")
    FINDING = "finding", _("Temuan")
    CASE = "case", _("Kasus")
    DECISION_DEADLINE = "decision_deadline", _("Putusan terhadap tenggat")
    DECISION_DAYS = "decision_days", _("Lama penanganan sampai putusan (hari)")
    REFERRAL = "referral", _("Penerusan")


class DailyStat(models.Model):
    day = models.DateField()
    grain = models.CharField(max_length=3, choices=Grain.choices)
    # A plain index, no database constraint: rows are rebuilt in bulk and regions are reference data.
    region = models.ForeignKey("regions.Region", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    metric = models.CharField(max_length=20, choices=Metric.choices)
    label = models.CharField(max_length=24, blank=True, default="")  # violation type
    platform = models.CharField(max_length=20, blank=True, default="")
    source = models.CharField(max_length=24, blank=True, default="")  # channel, finding source, institution
    partner = models.BigIntegerField(default=0)  # partner organisation id, 0 = none
    outcome = models.CharField(max_length=24, blank=True, default="")
    days = models.IntegerField(default=0)  # only for decision_days
    count = models.PositiveIntegerField(default=0)

    AUDIT = False  # derived data, rebuilt from audited records

    class Meta:
        verbose_name = _("statistik harian")
        verbose_name_plural = _("statistik harian")
        indexes = [
            models.Index(fields=["grain", "metric", "day"], name="dailystat_metric_day_idx"),
            models.Index(fields=["grain", "region", "metric", "day"], name="dailystat_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.grain} {self.region_id} {self.metric} {self.label}: {self.count}"


class ActorStat(models.Model):
    """Per day and kecamatan: accounts posting flagged content, villages (desa) named in records, and the members
    of near-duplicate groups (actor = the group's id) by the day they were posted. The same rows summed per day
    and province (grain ``prv``) serve the province dashboard, which would otherwise read every kecamatan's."""

    class Kind(models.TextChoices):
        ACCOUNT = "akun", _("Akun")
        VILLAGE = "desa", _("Desa/kelurahan")
        GROUP = "kelompok", _("Kelompok")

    day = models.DateField()
    region = models.ForeignKey("regions.Region", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # kec or prv (Grain); the refresh writes kecamatan rows without naming the grain, then rolls them up
    grain = models.CharField(max_length=3, default=Grain.KECAMATAN, db_default=Grain.KECAMATAN)
    actor = models.CharField(max_length=240)
    count = models.PositiveIntegerField(default=0)

    AUDIT = False

    class Meta:
        verbose_name = _("statistik aktor")
        verbose_name_plural = _("statistik aktor")
        indexes = [models.Index(fields=["kind", "grain", "day"], name="actorstat_kind_grain_day_idx"),
                   # the narratives panel looks up where its few top groups were posted
                   models.Index(fields=["kind", "grain", "actor", "day"], name="actorstat_actor_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.actor}: {self.count}"


class RefreshState(models.Model):
    """One row per source table: up to when its changes are reflected in the aggregates."""

    source = models.CharField(max_length=30, primary_key=True)
    watermark = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    # when this source's aggregates last changed (a refresh that found nothing new leaves it): cached boards are
    # keyed by it, so they live until the figures really change
    changed_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)

    AUDIT = False

    class Meta:
        verbose_name = _("status pembaruan statistik")
        verbose_name_plural = _("status pembaruan statistik")

    def __str__(self) -> str:
        return f"{self.source} @ {self.watermark}"

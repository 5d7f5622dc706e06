"""Administrative regions: provinsi → kabupaten/kota → kecamatan → desa/kelurahan.

The primary key is the dotted Kemendagri code ("15.71.01.1001"). Because codes nest, "is this record inside
my jurisdiction" is a prefix test on the code, which needs no join and uses the primary-key index.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten/Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa/Kelurahan")


LEVEL_BY_DEPTH = {1: Level.PROVINSI, 2: Level.KABUPATEN, 3: Level.KECAMATAN, 4: Level.DESA}


class Region(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    bps_code = models.CharField(_("kode BPS"), max_length=10, blank=True, db_index=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices, db_index=True)
    # kabupaten | kota | kecamatan | desa | kelurahan | provinsi: "Kota Jambi" and "Kab. Kerinci" share a level.
    kind = models.CharField(_("jenis"), max_length=12, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("induk")
    )
    aliases = models.JSONField(_("alias"), default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # GeoJSON geometry (Polygon or MultiPolygon), loaded by `pantau load-boundaries`. Empty = draw a point.
    boundary = models.JSONField(null=True, blank=True)
    voters = models.PositiveIntegerField(_("jumlah pemilih (DPT)"), null=True, blank=True)

    # Reference data loaded in bulk: each load is one audit entry (see loading.py), not 1,700.
    AUDIT = False

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        for prefix in ("Kabupaten ", "Kab. "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name

    @property
    def kabupaten_code(self) -> str | None:
        parts = self.code.split(".")
        return ".".join(parts[:2]) if len(parts) >= 2 else None

    def contains(self, code: str | None) -> bool:
        return bool(code) and (code == self.code or code.startswith(self.code + "."))


def within(code: str, field: str = "region") -> Q:
    """Q object matching rows whose `field` (a Region FK) lies in the region `code` or below it."""
    # `{field}__code` is the FK column itself (code is the primary key), so Django adds no join.
    return Q(**{f"{field}_id": code}) | Q(**{f"{field}__code__startswith": code + "."})


def code_within(code: str | None, ancestor: str) -> bool:
    return bool(code) and (code == ancestor or code.startswith(ancestor + "."))

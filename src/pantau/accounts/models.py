"""Users, roles and jurisdictions.

A user's reach is the pair (role, jurisdiction): the role says what they may do, the jurisdiction says where.
Bawaslu staff are scoped by region (province, kabupaten/kota, or kecamatan for Panwascam), partner accounts by
their organisation, and liaison officers of receiving institutions by what was referred to their institution.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADERSHIP = "pimpinan", _("Pimpinan Bawaslu")
    ANALYST = "analis", _("Analis")
    HANDLER = "penanganan", _("Penanganan pelanggaran")
    PANWASCAM = "panwascam", _("Panwascam")
    PARTNER_COORDINATOR = "mitra_koordinator", _("Koordinator mitra")
    PARTNER_MONITOR = "mitra_pemantau", _("Pemantau mitra")
    LIAISON = "penghubung", _("Penghubung lembaga penerima")


BAWASLU_ROLES = {Role.LEADERSHIP, Role.ANALYST, Role.HANDLER, Role.PANWASCAM}
PARTNER_ROLES = {Role.PARTNER_COORDINATOR, Role.PARTNER_MONITOR}


class Institution(models.TextChoices):
    """Institutions that receive referrals (DOMAIN.md §1.5–1.7)."""

    POLRI = "polri", _("Gakkumdu – Kepolisian")
    KEJAKSAAN = "kejaksaan", _("Gakkumdu – Kejaksaan")
    KPU = "kpu", _("KPU")
    BKN = "bkn", _("BKN (netralitas ASN)")
    PEMDA = "pemda", _("Bupati/Wali Kota (kepala desa, perangkat desa)")
    DKPP = "dkpp", _("DKPP")
    KOMDIGI = "komdigi", _("Komdigi / Diskominfo")
    KPID = "kpid", _("KPID")
    DEWAN_PERS = "dewan_pers", _("Dewan Pers")


class User(AbstractUser):
    AUDIT_REDACT = ("password",)

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    jurisdiction = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah kerja"),
        help_text=_("Provinsi, kabupaten/kota, atau kecamatan (Panwascam)."),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name=_("organisasi mitra"),
    )
    institution = models.CharField(_("lembaga"), max_length=20, choices=Institution.choices, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    preferred_language = models.CharField(_("bahasa"), max_length=5, default="id", choices=[("id", "Indonesia"), ("en", "English")])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def is_bawaslu(self) -> bool:
        return self.role in BAWASLU_ROLES

    @property
    def is_partner(self) -> bool:
        return self.role in PARTNER_ROLES

    @property
    def is_liaison(self) -> bool:
        return self.role == Role.LIAISON

    @property
    def jurisdiction_code(self) -> str | None:
        return self.jurisdiction_id

    @property
    def office_name(self) -> str:
        if self.is_superuser and not self.jurisdiction_id:
            return "Administrator"
        if self.is_liaison:
            return self.get_institution_display()
        if self.is_partner and self.organisation_id:
            return str(self.organisation)
        if self.jurisdiction_id:
            prefix = "Panwascam" if self.role == Role.PANWASCAM else "Bawaslu"
            return f"{prefix} {self.jurisdiction.name}"
        return ""

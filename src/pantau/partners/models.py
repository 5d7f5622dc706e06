"""Partner organisations that signed cooperation agreements with Bawaslu, their monitors and trainings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    STUDENT = "mahasiswa", _("Organisasi mahasiswa")
    COMMUNITY = "masyarakat", _("Organisasi masyarakat")
    YOUTH = "pemuda", _("Organisasi kepemudaan")
    CYBER_MEDIA = "media_siber", _("Media siber")
    GOVERNMENT = "instansi", _("Instansi pemerintah")
    ACADEMIC = "akademisi", _("Perguruan tinggi / akademisi")


class AgreementScope(models.TextChoices):
    PARTICIPATORY = "partisipatif", _("Pengawasan partisipatif")
    CYBER = "siber", _("Pengawasan siber")
    EDUCATION = "pendidikan", _("Pendidikan pemilih")
    RESEARCH = "riset", _("Kajian dan riset")


class Organisation(models.Model):
    name = models.CharField(_("nama"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=OrganisationKind.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    contact_name = models.CharField(_("narahubung"), max_length=120, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("telepon"), max_length=30, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasi mitra")
        verbose_name_plural = _("organisasi mitra")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="agreements")
    number = models.CharField(_("nomor perjanjian"), max_length=120)
    signed_on = models.DateField(_("tanggal penandatanganan"))
    scopes = models.JSONField(_("ruang lingkup"), default=list)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = _("perjanjian kerja sama")
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")), name="agreement_valid_range"),
            models.UniqueConstraint(fields=["organisation", "number"], name="agreement_number_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.organisation})"

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until


class Member(models.Model):
    """A monitor of a partner organisation. Has an account only if they submit through Pantau."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="membership")
    name = models.CharField(_("nama"), max_length=120)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    joined_on = models.DateField(_("bergabung"), null=True, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("anggota pemantau")
        verbose_name_plural = _("anggota pemantau")

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "pelatihan", _("Pelatihan")
        SOCIALISATION = "sosialisasi", _("Sosialisasi")

    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.TRAINING)
    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    attendees = models.ManyToManyField(Member, blank=True, related_name="trainings", verbose_name=_("peserta"))
    other_attendees = models.PositiveIntegerField(_("peserta lain"), default=0)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("pelatihan/sosialisasi")
        verbose_name_plural = _("pelatihan/sosialisasi")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"

    @property
    def attendance(self) -> int:
        return self.attendees.count() + self.other_attendees

"""Elections are data: type, races, schedule, candidate pairs and their registered accounts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionType(models.TextChoices):
    PILKADA = "pilkada", _("Pemilihan (Pilkada)")
    PEMILU = "pemilu", _("Pemilu")


class Election(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=200)
    type = models.CharField(_("jenis"), max_length=10, choices=ElectionType.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    voting_day = models.DateField(_("hari pemungutan suara"))
    legal_basis = models.CharField(_("dasar hukum tahapan"), max_length=200, blank=True)
    # Which deadline rule set applies (pantau.cases.deadlines); defaults to the election type.
    deadline_rules = models.CharField(_("aturan tenggat"), max_length=40, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["-voting_day"]
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")

    def __str__(self) -> str:
        return self.name

    def stage(self, key: str):
        return self.stages.filter(key=key).first()

    def stage_on(self, day):
        return self.stages.filter(start__lte=day, end__gte=day).order_by("start").first()

    @property
    def quiet_period(self):
        stage = self.stage("masa_tenang")
        return (stage.start, stage.end) if stage else None


class Race(models.Model):
    class Office(models.TextChoices):
        GOVERNOR = "gubernur", _("Gubernur dan Wakil Gubernur")
        REGENT = "bupati", _("Bupati dan Wakil Bupati")
        MAYOR = "wali_kota", _("Wali Kota dan Wakil Wali Kota")
        PRESIDENT = "presiden", _("Presiden dan Wakil Presiden")
        LEGISLATIVE = "legislatif", _("Legislatif")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="races")
    office = models.CharField(_("jabatan"), max_length=12, choices=Office.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))

    class Meta:
        ordering = ["region_id"]
        constraints = [models.UniqueConstraint(fields=["election", "office", "region"], name="race_unique")]
        verbose_name = _("kontestasi")
        verbose_name_plural = _("kontestasi")

    def __str__(self) -> str:
        return f"{self.get_office_display()} – {self.region.name}"


class ScheduleStage(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(max_length=40)
    name = models.CharField(_("tahapan"), max_length=200)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["start", "end"]
        constraints = [models.UniqueConstraint(fields=["election", "key"], name="stage_key_unique")]
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%d-%m-%Y} – {self.end:%d-%m-%Y})"


class CandidatePair(models.Model):
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="pairs")
    ballot_number = models.PositiveSmallIntegerField(_("nomor urut"))
    head_name = models.CharField(_("calon kepala daerah"), max_length=120)
    deputy_name = models.CharField(_("calon wakil"), max_length=120)
    nickname = models.CharField(_("sebutan"), max_length=80, blank=True, help_text=_("mis. gabungan nama panggilan"))
    parties = models.JSONField(_("partai pengusung"), default=list, blank=True)

    class Meta:
        ordering = ["race_id", "ballot_number"]
        constraints = [models.UniqueConstraint(fields=["race", "ballot_number"], name="pair_ballot_unique")]
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("pasangan calon")

    def __str__(self) -> str:
        return f"{self.ballot_number}. {self.head_name} – {self.deputy_name}"


class CandidateAccount(models.Model):
    """Social-media accounts registered with KPU (at most 20 per platform per pair; PKPU 13/2024)."""

    MAX_PER_PLATFORM = 20

    pair = models.ForeignKey(CandidatePair, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=20)
    handle = models.CharField(_("akun"), max_length=120)
    url = models.URLField(blank=True)
    registered_on = models.DateField(_("didaftarkan"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "handle"], name="account_unique")]
        verbose_name = _("akun kampanye terdaftar")
        verbose_name_plural = _("akun kampanye terdaftar")

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}"

    def clean(self):
        from django.core.exceptions import ValidationError

        others = CandidateAccount.objects.filter(pair=self.pair_id, platform=self.platform).exclude(pk=self.pk)
        if others.count() >= self.MAX_PER_PLATFORM:
            raise ValidationError(_("Paslon sudah mendaftarkan 20 akun di platform ini (batas PKPU 13/2024)."))

"""Findings (temuan), cases, their timeline, deadlines, decisions and referrals.

State changes go through `pantau.cases.services` (one function per action): nothing here changes a case's state
by itself. The transition table lives in `workflow.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Institution

from . import violations


class State(models.TextChoices):
    RECEIVED = "diterima", _("Diterima (pemeriksaan syarat formil/materiil)")
    INCOMPLETE = "perlu_dilengkapi", _("Perlu dilengkapi pelapor")
    NOT_REGISTERED = "tidak_diregistrasi", _("Tidak diregistrasi")
    REGISTERED = "diregistrasi", _("Diregistrasi")
    CLARIFICATION = "klarifikasi", _("Klarifikasi")
    REVIEW = "kajian", _("Kajian")
    DECIDED = "diputus", _("Diputus")
    REFERRED = "diteruskan", _("Diteruskan")
    CLOSED = "selesai", _("Selesai")


TERMINAL_STATES = {State.NOT_REGISTERED, State.CLOSED}


class DecisionType(models.TextChoices):
    ADMINISTRATIVE = "administrasi", _("Pelanggaran administrasi pemilihan")
    ETHICS = "kode_etik", _("Pelanggaran kode etik penyelenggara")
    CRIME = "pidana", _("Tindak pidana pemilihan")
    OTHER_LAW = "hukum_lainnya", _("Pelanggaran hukum lainnya (ASN, kepala desa, dll.)")
    NOT_VIOLATION = "bukan_pelanggaran", _("Bukan pelanggaran")
    DISPUTE = "sengketa", _("Sengketa pemilihan")


class Finding(models.Model):
    """A temuan: a supervision result declared a finding in a plenary meeting (Form Model A.2)."""

    class Source(models.TextChoices):
        MONITORING = "pengawasan_siber", _("Antrean pengawasan siber")
        SUPERVISION = "laporan_pengawasan", _("Laporan hasil pengawasan")
        TIP = "informasi_awal", _("Informasi awal (laporan publik yang tidak memenuhi syarat laporan)")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    race = models.ForeignKey("elections.Race", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                             verbose_name=_("kontestasi"))
    source = models.CharField(_("asal"), max_length=24, choices=Source.choices, default=Source.SUPERVISION)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian peristiwa"))
    # A key of `violations.keys()`; set on the form, or taken from the report or content item it came from.
    violation_type = models.CharField(_("Jenis pelanggaran"), max_length=24, blank=True, default="",
                                      choices=violations.choices)
    reported_party = models.CharField(_("terlapor / pelaku"), max_length=200, blank=True)
    source_reference = models.TextField(_("rujukan sumber (teks/URL)"), blank=True)
    # A monitoring item or a tip that produced this finding, as "app.Model:pk" (no hard dependency).
    origin_ref = models.CharField(_("rujukan asal"), max_length=80, blank=True, db_index=True)
    known_on = models.DateField(_("tanggal pelanggaran diketahui"))
    plenary_on = models.DateField(_("tanggal rapat pleno"), null=True, blank=True)
    evidence = models.ManyToManyField("evidence.EvidenceBlob", blank=True, related_name="+", verbose_name=_("bukti"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by every service that changes a finding, so the dashboard refresh sees the change.
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")

    def __str__(self) -> str:
        return f"Temuan #{self.pk}: {self.title}"

    @property
    def violation_type_name(self) -> str:
        return violations.name(self.violation_type)


class Case(models.Model):
    class Origin(models.TextChoices):
        REPORT = "laporan", _("Laporan")
        FINDING = "temuan", _("Temuan")

    origin = models.CharField(_("asal"), max_length=10, choices=Origin.choices)
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(_("perihal"), max_length=200)
    summary = models.TextField(_("ringkasan"), blank=True)
    reported_party = models.CharField(_("terlapor"), max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("tempat kejadian"))
    office_region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("kantor penanganan"))
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="+")
    race = models.ForeignKey("elections.Race", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("kontestasi"))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True)
    known_on = models.DateField(_("pelanggaran diketahui"))
    received_at = models.DateTimeField(_("diterima"))
    registered_at = models.DateTimeField(_("diregistrasi"), null=True, blank=True)
    register_number = models.CharField(_("nomor registrasi"), max_length=80, blank=True, db_index=True)
    registration_override = models.TextField(_("alasan registrasi melewati tenggat"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("penangan"))
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    locked_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: every service call bumps it; a stale form is refused, its input kept.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(origin="laporan", report__isnull=False, finding__isnull=True)
                           | models.Q(origin="temuan", finding__isnull=False, report__isnull=True)),
                name="case_one_origin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register_number or f'Kasus #{self.pk}'}: {self.title}"[:200]

    @property
    def audit_region_code(self) -> str:
        return self.office_region_id

    @property
    def office_display(self) -> str:
        from .services import office_name

        return office_name(self.office_region)

    @property
    def is_open(self) -> bool:
        return self.state not in TERMINAL_STATES

    def open_deadlines(self):
        return self.deadlines.filter(met_at__isnull=True, superseded=False)

    @property
    def current_deadline(self):
        """The earliest open deadline (those without a computable date come first: they need attention)."""
        rows = [d for d in self.deadlines.all() if d.met_at is None and not d.superseded]
        if not rows:
            return None
        return sorted(rows, key=lambda d: (d.due is not None, d.due or timezone.now()))[0]


class CaseEvent(models.Model):
    """One line of the case timeline: every successful action (refused attempts are in the audit log as
    "cases.refused" and listed separately on the case page)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    evidence = models.ManyToManyField("evidence.EvidenceBlob", blank=True, related_name="+")

    AUDIT = False  # each event is written by a service that records its own audit entry

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("peristiwa kasus")
        verbose_name_plural = _("kronologi kasus")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        from .workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)

    @property
    def to_state_label(self) -> str:
        return State(self.to_state).label if self.to_state in State.values else self.to_state


class CaseDocument(models.Model):
    """A generated letter or an attached file, stored in the evidence store (the hash is the blob's key)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")
    referral = models.ForeignKey("Referral", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="documents")
    kind = models.CharField(_("jenis"), max_length=40)
    title = models.CharField(_("judul"), max_length=200)
    blob = models.ForeignKey("evidence.EvidenceBlob", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dokumen kasus")
        verbose_name_plural = _("dokumen kasus")

    def __str__(self) -> str:
        return self.title


class Deadline(models.Model):
    """A deadline computed by the rules engine (`pantau.cases.deadlines`). `due` is empty only when it could not
    be computed (e.g. a holiday calendar year is missing); `warning` then says why."""

    class Kind(models.TextChoices):
        FILING = "pengajuan", _("Batas pengajuan laporan/penetapan temuan")
        COMPLETION = "kelengkapan", _("Kelengkapan laporan")
        DECISION = "putusan", _("Kajian dan putusan status")
        POLICE_REFERRAL = "penerusan_polri", _("Penerusan ke Kepolisian")
        REFERRAL = "tindak_lanjut", _("Tindak lanjut instansi penerima")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    referral = models.ForeignKey("Referral", null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    rule_id = models.CharField(_("aturan"), max_length=60)
    source = models.TextField(_("dasar"), blank=True)
    start = models.DateTimeField(_("mulai dihitung"))
    due = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    extended = models.BooleanField(_("diperpanjang"), default=False)
    met_at = models.DateTimeField(_("dipenuhi"), null=True, blank=True)
    superseded = models.BooleanField(default=False, help_text=_("diganti hitungan baru (mis. perpanjangan)"))
    explanation = models.TextField(blank=True)
    warning = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_level = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("tenggat")
        verbose_name_plural = _("tenggat")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.rule_id})"

    @property
    def audit_region_code(self) -> str:
        return self.case.office_region_id

    @property
    def missed(self) -> bool:
        """Met after its due moment (or still open and past due)."""
        if self.due is None:
            return False
        return (self.met_at or timezone.now()) > self.due


class Decision(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    type = models.CharField(_("jenis putusan"), max_length=20, choices=DecisionType.choices)
    reasoning = models.TextField(_("pertimbangan"))
    articles = models.CharField(_("pasal"), max_length=300, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("putusan")
        verbose_name_plural = _("putusan")

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.case_id})"

    @property
    def audit_region_code(self) -> str:
        return self.case.office_region_id


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "dikirim", _("Dikirim")
        ACKNOWLEDGED = "diterima", _("Diterima instansi")
        OUTCOME = "ada_hasil", _("Hasil tindak lanjut diterima")
        CLOSED = "ditutup", _("Ditutup dengan alasan")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    institution = models.CharField(_("instansi"), max_length=20, choices=Institution.choices, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    letter_number = models.CharField(_("nomor surat"), max_length=80, blank=True)
    note = models.TextField(_("catatan penerusan"), blank=True)
    letter = models.ForeignKey("evidence.EvidenceBlob", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("surat penerusan"))
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    outcome = models.TextField(_("hasil tindak lanjut"), blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    closed_reason = models.TextField(_("alasan ditutup"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("penerusan")
        verbose_name_plural = _("penerusan")

    def __str__(self) -> str:
        return f"Penerusan ke {self.get_institution_display()} ({self.case_id})"

    @property
    def audit_region_code(self) -> str:
        return self.case.office_region_id

    @property
    def resolved(self) -> bool:
        return self.status in (self.Status.OUTCOME, self.Status.CLOSED)


class RegisterCounter(models.Model):
    """Per office, year and kind (LP/TM): the last register number handed out (row-locked while numbering)."""

    office_region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=4)
    last = models.PositiveIntegerField(default=0)

    AUDIT = False  # the registration that uses a number is audited

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office_region", "year", "kind"], name="register_counter_unique")]


class Notification(models.Model):
    """An in-app notice (escalations, assignments, referrals); `key` makes repeated escalations idempotent."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30)
    message = models.TextField()
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    AUDIT = False  # derived from audited transitions and deadlines

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")]

    def __str__(self) -> str:
        return self.message[:80]

"""Participatory reports: laporan (identified, can be registered) and informasi awal (tips, no identity needed).

A report is placed by ``region`` (down to desa) and queued at ``office_region`` (the kabupaten/kota office, or
the province for governor-race matters and reports without a kabupaten/kota). The reporter's identity is
encrypted at rest (``crypto.py``) and only shown, audited, to handlers of the receiving jurisdiction.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import crypto, texts

TRACKING_PREFIX = "PTU-"
# No 0/O, 1/I/L, U: codes are read aloud and typed from paper.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 10  # 30**10 ≈ 5.9e14 (≈49 bits)


def new_tracking_code() -> str:
    return TRACKING_PREFIX + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalise_tracking_code(raw: str) -> str:
    """Accept what people type: lower case, spaces, dashes, with or without the prefix."""
    text = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if text.startswith("PTU"):
        text = text[3:]
    return TRACKING_PREFIX + text


class EncryptedTextField(models.TextField):
    """Text encrypted with Fernet (AES-128-CBC + HMAC-SHA256) before it reaches the database.

    Values cannot be searched or filtered in SQL; that is the point.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if value.startswith(crypto.TOKEN_PREFIX):
            return value
        return crypto.encrypt(value)


class Kind(models.TextChoices):
    # One submission's kind ("Laporan" alone is also the plural navigation entry "Reports").
    REPORT = "laporan", pgettext_lazy("kind of submission", "Laporan")
    TIP = "informasi", pgettext_lazy("kind of submission", "Informasi awal")


class Channel(models.TextChoices):
    PUBLIC = "publik", _("Formulir publik")
    PARTNER = "mitra", _("Pemantau mitra")
    API = "api", _("API")
    STAFF = "petugas", _("Dicatat petugas")


class ReporterType(models.TextChoices):
    VOTER = "pemilih", _("Pemilih (WNI yang punya hak pilih di wilayah ini)")
    MONITOR = "pemantau", _("Pemantau pemilihan terakreditasi")
    PARTICIPANT = "peserta", _("Peserta pemilihan / tim kampanye")


class Category(models.TextChoices):
    """The reporter's own guess; detection adds its suggestion beside it."""

    MONEY = "politik_uang", _("Politik uang (amplop, sembako, transfer, dll.)")
    NEUTRALITY = "netralitas", _("Netralitas ASN, kepala desa/perangkat desa, TNI/Polri")
    SARA = "sara", _("Isu SARA (suku, agama, ras, antargolongan)")
    BLACK = "kampanye_hitam", _("Kampanye hitam, fitnah, hoaks")
    INCITEMENT = "hasutan", _("Hasutan, provokasi, ancaman kekerasan")
    OUTSIDE_SCHEDULE = "di_luar_jadwal", _("Kampanye di luar jadwal / masa tenang")
    FACILITIES = "fasilitas", _("Penggunaan fasilitas negara, tempat ibadah, sekolah")
    APK = "apk", _("Alat peraga kampanye (APK)")
    ORGANISER = "penyelenggara", _("Pelanggaran oleh penyelenggara (KPU, PPK, PPS, KPPS)")
    VOTING = "pemungutan", _("Pemungutan/penghitungan suara di TPS")
    OTHER = "lainnya", _("Lainnya / tidak tahu")


class Status(models.TextChoices):
    RECEIVED = "diterima", _("Diterima")
    IN_REVIEW = "kajian_awal", _("Dalam kajian awal")
    NEEDS_INFO = "perlu_dilengkapi", _("Perlu dilengkapi")
    REGISTERED = "diregistrasi", _("Diregistrasi")
    NOT_REGISTERED = "tidak_diregistrasi", _("Tidak diregistrasi")
    FINDING = "jadi_temuan", _("Ditindaklanjuti sebagai temuan")
    DECIDED = "diputus", _("Sudah diputus")
    REFERRED = "diteruskan", _("Diteruskan ke instansi berwenang")
    CLOSED = "selesai", _("Selesai")
    MERGED = "digabung", _("Digabung dengan laporan lain")
    REJECTED = "tidak_ditindaklanjuti", _("Tidak ditindaklanjuti")


# What the reporter reads on the tracking page for each status (Indonesian first; gettext for English).
STATUS_EXPLANATION = {
    Status.RECEIVED: _("Kiriman Anda sudah masuk ke sistem dan menunggu kajian awal oleh petugas Bawaslu."),
    Status.IN_REVIEW: _("Petugas sedang memeriksa syarat formal dan materiel (identitas, waktu, tempat, uraian, bukti)."),
    Status.NEEDS_INFO: _("Petugas meminta Anda melengkapi keterangan atau bukti. Lihat catatan di bawah; biasanya "
                         "harus dilengkapi dalam 2 × 24 jam."),
    Status.REGISTERED: _("Laporan memenuhi syarat dan sudah dicatat di buku register. Setelah diregistrasi, laporan "
                         "tidak dapat dicabut. Bawaslu mengkaji dan memutus dalam 3 hari (dapat ditambah 2 hari)."),
    Status.NOT_REGISTERED: _("Laporan tidak memenuhi syarat untuk diregistrasi. Alasannya ada di catatan di bawah. "
                             "Informasinya tetap dapat dipakai Bawaslu sebagai bahan pengawasan."),
    Status.FINDING: _("Informasi Anda ditindaklanjuti oleh pengawas dan dijadikan temuan Bawaslu."),
    Status.DECIDED: _("Bawaslu sudah memutus status laporan. Keputusannya ada di bawah."),
    Status.REFERRED: _("Hasil kajian sudah diteruskan ke instansi yang berwenang menindaklanjuti."),
    Status.CLOSED: _("Penanganan sudah selesai."),
    Status.MERGED: _("Kiriman Anda menyangkut kejadian yang sama dengan laporan lain dan ditangani bersama."),
    Status.REJECTED: _("Kiriman tidak ditindaklanjuti. Alasannya ada di catatan di bawah."),
}

OPEN_STATUSES = (Status.RECEIVED, Status.IN_REVIEW, Status.NEEDS_INFO)
# Statuses that mean the report "became" a case or a finding (shown to partners).
CASE_STATUSES = (Status.REGISTERED, Status.DECIDED, Status.REFERRED, Status.CLOSED)
FINDING_STATUSES = (Status.FINDING,)


class Report(models.Model):
    tracking_code = models.CharField(_("kode lacak"), max_length=20, unique=True, default=new_tracking_code, editable=False)
    kind = models.CharField(_("jenis kiriman"), max_length=10, choices=Kind.choices, default=Kind.REPORT, db_index=True)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices, default=Channel.PUBLIC)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    status_changed_at = models.DateTimeField(_("status berubah"), default=timezone.now)
    public_note = models.TextField(_("catatan untuk pelapor"), blank=True)
    decision = models.TextField(_("keputusan"), blank=True)
    case_reference = models.CharField(_("nomor register / rujukan kasus"), max_length=120, blank=True)

    # Where and when.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("lokasi kejadian"))
    place_detail = models.CharField(_("detail lokasi"), max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    event_date = models.DateField(_("tanggal kejadian"))
    event_time = models.TimeField(_("jam kejadian"), null=True, blank=True)
    known_date = models.DateField(_("tanggal diketahui"))

    # What happened and who did it.
    description = models.TextField(_("uraian kejadian"))
    category_hint = models.CharField(_("jenis dugaan (menurut pelapor)"), max_length=20, choices=Category.choices, default=Category.OTHER)
    reported_name = models.CharField(_("nama terlapor"), max_length=200, blank=True)
    reported_role = models.CharField(_("jabatan/peran terlapor"), max_length=200, blank=True)
    reported_address = models.CharField(_("alamat terlapor"), max_length=300, blank=True)
    witnesses = EncryptedTextField(_("saksi"), blank=True)

    # Reporter (encrypted at rest, masked in lists, revealed only to handlers and audited).
    reporter_type = models.CharField(_("kedudukan pelapor"), max_length=10, choices=ReporterType.choices, blank=True)
    reporter_name = EncryptedTextField(_("nama pelapor"), blank=True)
    reporter_nik = EncryptedTextField(_("NIK pelapor"), blank=True)
    reporter_address = EncryptedTextField(_("alamat pelapor"), blank=True)
    reporter_phone = EncryptedTextField(_("telepon pelapor"), blank=True)
    reporter_email = EncryptedTextField(_("email pelapor"), blank=True)
    has_identity = models.BooleanField(_("identitas lengkap"), default=False)
    # The language the reporter used the form in (settings.LANGUAGES): status e-mails are written in it.
    language = models.CharField(_("bahasa pelapor"), max_length=8, blank=True, default="")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submitted_reports",
        verbose_name=_("dikirim oleh"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
        verbose_name=_("organisasi mitra"),
    )

    # Routing and analysis.
    office_region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kantor penerima"),
    )
    routing_reason = models.CharField(_("alasan penerusan"), max_length=300, blank=True)
    category = models.CharField(_("kategori (saran sistem)"), max_length=20, blank=True, db_index=True)
    detection = models.JSONField(_("hasil deteksi"), default=dict, blank=True)
    registrable = models.BooleanField(_("dapat diregistrasi"), default=True)
    registrable_reason = models.TextField(_("alasan tidak dapat diregistrasi"), blank=True)
    requirements = models.JSONField(_("syarat formal/materiel"), default=dict, blank=True)

    # Duplicates and spam.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("duplikat dari"),
    )
    spam_suspected = models.BooleanField(_("dugaan spam"), default=False)
    spam_reason = models.CharField(max_length=200, blank=True)

    # Double-submit protection: a client key, and a fingerprint of the content from one address.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    content_fingerprint = models.CharField(max_length=64, db_index=True, blank=True)
    text_fingerprint = models.CharField(max_length=64, db_index=True, blank=True)
    source_ip_hash = models.CharField(max_length=32, blank=True, db_index=True)

    created_at = models.DateTimeField(_("diterima sistem"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    AUDIT_REDACT = (
        "reporter_name", "reporter_nik", "reporter_address", "reporter_phone", "reporter_email", "witnesses",
        "source_ip_hash",
    )
    IDENTITY_FIELDS = ("reporter_name", "reporter_nik", "reporter_address", "reporter_phone", "reporter_email")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        indexes = [
            models.Index(fields=["office_region", "status", "-created_at"], name="report_queue_idx"),
            models.Index(fields=["region", "event_date"], name="report_place_day_idx"),
        ]
        permissions = [("reveal_identity", "Dapat membuka identitas pelapor")]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def audit_region_code(self) -> str:
        return self.region_id

    @property
    def is_tip(self) -> bool:
        return self.kind == Kind.TIP

    @property
    def status_explanation(self) -> str:
        return STATUS_EXPLANATION.get(self.status, "")

    # Stored reasons are Indonesian (the record); these read them in the active language (texts.localise).
    @property
    def registrable_reason_text(self) -> str:
        return texts.localise(self.registrable_reason)

    @property
    def routing_reason_text(self) -> str:
        return texts.localise(self.routing_reason)

    @property
    def spam_reason_text(self) -> str:
        return texts.localise(self.spam_reason)

    @property
    def public_note_text(self) -> str:
        return texts.localise(self.public_note)

    @property
    def to_complete(self) -> list[str]:
        return [texts.localise(item) for item in (self.requirements or {}).get("perlu_dilengkapi", [])]

    @property
    def masked_reporter(self) -> str:
        if self.submitted_by_id and not self.reporter_name:
            return str(_("Pemantau mitra"))
        return crypto.mask_name(self.reporter_name) or str(_("(tanpa identitas)"))

    def masked_identity(self) -> dict:
        return {
            "name": crypto.mask_name(self.reporter_name),
            "nik": crypto.mask_digits(self.reporter_nik),
            "phone": crypto.mask_digits(self.reporter_phone, keep=3),
            "email": crypto.mask_email(self.reporter_email),
            "address": "•••" if self.reporter_address else "",
        }

    @property
    def outcome(self) -> str:
        """What the report became, in the words partners use: 'kasus', 'temuan' or ''."""
        if self.status in CASE_STATUSES:
            return "kasus"
        if self.status in FINDING_STATUSES:
            return "temuan"
        return ""

    def days_to_file(self) -> int:
        return (timezone.localtime(self.created_at).date() - self.known_date).days


class StatusChange(models.Model):
    """One row per status change: the reporter's timeline (public fields only) and the staff history."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=24, choices=Status.choices)
    public_note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # A projection of audited events: the report's creation (automatic audit) and each change, recorded
    # explicitly as "report_status" by services.update_status in the same transaction.
    AUDIT = False

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.status}"

    @property
    def audit_region_code(self) -> str:
        return self.report.region_id if self.report_id else ""

    @property
    def status_label(self) -> str:
        return Status(self.status).label if self.status in Status.values else self.status

    @property
    def public_note_text(self) -> str:
        return texts.localise(self.public_note)


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Foto / tangkapan layar")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Rekaman suara")
    DOCUMENT = "document", pgettext_lazy("kind of attachment", "Dokumen")
    URL = "url", _("Tautan")


class CaptureStatus(models.TextChoices):
    NOT_NEEDED = "", _("—")
    PENDING = "menunggu", _("Menunggu diarsipkan")
    CAPTURED = "diarsipkan", _("Sudah diarsipkan")
    FAILED = "gagal", _("Gagal diarsipkan")


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    original = models.ForeignKey(
        "evidence.EvidenceBlob", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("berkas asli (bukti)"),
    )
    public_copy = models.ForeignKey(
        "evidence.EvidenceBlob", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("salinan publik (tanpa EXIF)"),
    )
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(default=0)
    original_name = models.CharField(max_length=255, blank=True)
    had_location = models.BooleanField(_("berisi lokasi GPS"), default=False)
    image_hash = models.CharField(max_length=16, blank=True, db_index=True)
    url = models.URLField(max_length=1000, blank=True)
    capture_status = models.CharField(max_length=12, choices=CaptureStatus.choices, blank=True, default="")
    capture = models.ForeignKey(
        "evidence.EvidenceBlob", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("arsip tautan"),
    )
    capture_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Each file's capture is in the custody log (hash-chained); the set of attachments of a submission is
    # recorded once as "report_attachments", and URL captures as "report_url_capture" (services.py).
    AUDIT = False

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lampiran laporan")
        verbose_name_plural = _("lampiran laporan")

    def __str__(self) -> str:
        return self.original_name or self.url or f"lampiran {self.pk}"

    @property
    def audit_region_code(self) -> str:
        return self.report.region_id if self.report_id else ""

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.PHOTO


class DuplicateSuggestion(models.Model):
    class State(models.TextChoices):
        SUGGESTED = "saran", _("Disarankan")
        LINKED = "ditautkan", _("Ditautkan otomatis")
        MERGED = "digabung", _("Digabung")
        DISMISSED = "ditolak", _("Bukan duplikat")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="duplicate_suggestions")
    candidate = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Machine suggestions are many and carry no personal data; every decision on them is audited explicitly
    # (duplicate_linked / duplicate_merged / duplicate_dismissed).
    AUDIT = False

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["report", "candidate"], name="duplicate_pair_unique")]
        verbose_name = _("saran duplikat")
        verbose_name_plural = _("saran duplikat")

    def __str__(self) -> str:
        return f"{self.report_id} ~ {self.candidate_id} ({self.score:.2f})"

    @property
    def reasons_text(self) -> list[str]:
        return [texts.localise(reason) for reason in self.reasons or []]

    @property
    def audit_region_code(self) -> str:
        return self.report.region_id if self.report_id else ""

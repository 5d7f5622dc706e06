"""Cyber monitoring: sources, imports, content items, near-duplicate groups, sightings, takedown requests.

Content items are bulk data (`AUDIT = False`): thousands arrive per minute and each import is covered by
the custody log of its evidence file. What analysts do to an item is logged explicitly in `services.py`.

Identity (what makes ingestion idempotent) is `ContentItem.dedup_key`, derived from the platform's own id,
else the canonical URL, else the normalised-text hash (`services.dedup_key`). A second arrival of the same
item adds a `Sighting`, never a second item.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    TWITTER = "twitter", "X/Twitter"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    TELEGRAM = "telegram", "Telegram"
    WHATSAPP = "whatsapp", "WhatsApp"
    YOUTUBE = "youtube", "YouTube"
    WEB = "web", _("Halaman web")
    RSS = "rss", _("Media daring (RSS)")
    OTHER = "other", _("Lainnya")


class ImportFormat(models.TextChoices):
    TWITTER = "twitter-v2", "X/Twitter API v2 JSON"
    META = "meta-csv", "Meta Content Library / CrowdTangle CSV"
    TIKTOK = "tiktok", "TikTok Research API JSON"
    TELEGRAM = "telegram", "Telegram Desktop JSON"
    WHATSAPP = "whatsapp", _("Ekspor obrolan WhatsApp (.txt)")
    YOUTUBE = "youtube", "YouTube commentThreads JSON"
    CSV = "csv", _("CSV umum")
    JSONL = "jsonl", _("JSON Lines umum")
    RSS = "rss", _("Berkas RSS/Atom")


class Source(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", _("Umpan RSS/Atom")
        PAGE = "web", _("Halaman web")
        UPLOAD = "upload", _("Unggahan ekspor platform")

    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    interval_minutes = models.PositiveIntegerField(_("jadwal (menit)"), default=60)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    active = models.BooleanField(_("aktif"), default=True)
    last_fetched_at = models.DateTimeField(_("terakhir diambil"), null=True, blank=True)
    last_status = models.CharField(_("status terakhir"), max_length=300, blank=True)
    failures = models.PositiveIntegerField(_("kegagalan berturut-turut"), default=0)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # Every scheduled fetch touches last_fetched_at: registration and edits are logged by services.py.
    AUDIT = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("sumber")
        verbose_name_plural = _("sumber")

    def __str__(self) -> str:
        return self.name

    def is_due(self, now) -> bool:
        if not self.active or self.kind == self.Kind.UPLOAD:
            return False
        if self.last_fetched_at is None:
            return True
        return (now - self.last_fetched_at).total_seconds() >= self.interval_minutes * 60


class WatchlistEntry(models.Model):
    class Kind(models.TextChoices):
        KEYWORD = "keyword", _("Kata kunci")
        ACCOUNT = "account", _("Akun")
        REGION = "region", _("Wilayah")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("nilai"), max_length=200, help_text=_("kata kunci (boleh slang lokal) atau @akun"))
    variants = models.JSONField(_("varian/slang"), default=list, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    candidate_account = models.ForeignKey("elections.CandidateAccount", null=True, blank=True,
                                          on_delete=models.CASCADE, related_name="+",
                                          verbose_name=_("akun kampanye terdaftar"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    watched_region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("wilayah dipantau"))
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("daftar pantau")
        verbose_name_plural = _("daftar pantau")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def terms(self) -> list[str]:
        return [t for t in [self.value, *self.variants] if t and t.strip()]


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("antre")
        RUNNING = "running", _("diproses")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="batches")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)
    file = models.ForeignKey("evidence.EvidenceBlob", on_delete=models.PROTECT, related_name="+")
    # the same bytes wrapped in a WARC resource record (pantau.ingest.warc.warc_for_file), stored at upload:
    # what an item's evidence package carries
    warc = models.ForeignKey("evidence.EvidenceBlob", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    options = models.JSONField(default=dict, blank=True, help_text="mis. pemetaan kolom CSV")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.CharField(max_length=500, blank=True)
    total = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(_("baru"), default=0)
    duplicates = models.PositiveIntegerField(_("duplikat"), default=0)
    errors = models.PositiveIntegerField(_("galat"), default=0)
    error_rows = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    AUDIT = False  # progress counters change per chunk; the upload itself is logged by services.py

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    def __str__(self) -> str:
        return f"{self.get_format_display()} · {self.original_name or self.pk}"

    @property
    def chunks_done(self) -> int:
        return self.chunks.count()

    @property
    def progress(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.chunks_total:
            return 0
        return min(99, int(100 * self.chunks_done / self.chunks_total))


class ImportChunk(models.Model):
    """A chunk of a batch that has been persisted. Written in the same transaction as its items, so a chunk
    retried after a crash either finds its marker (and does nothing) or finds nothing of its own."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(auto_now_add=True)

    AUDIT = False

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_chunk_unique")]


class NearDupGroup(models.Model):
    """Copies and near-copies of one text (MinHash LSH): 200 forwards of one hoax are one group.

    A row exists once a group has two members; `key` is the dedup key of the item that started it (the
    group id of `pantau.ingest.neardup.NearDupIndex`)."""

    key = models.CharField(max_length=300, unique=True)
    first_seen_at = models.DateTimeField(_("pertama terlihat"))
    last_seen_at = models.DateTimeField(_("terakhir terlihat"))
    item_count = models.PositiveIntegerField(_("jumlah"), default=0)
    representative = models.ForeignKey("ContentItem", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField(max_length=64, db_index=True)
    signature = models.BinaryField(null=True, blank=True, help_text="MinHash pendiri: 128 × uint32 little-endian")
    labels = models.JSONField(default=list, blank=True)

    AUDIT = False

    class Meta:
        ordering = ["-item_count", "-last_seen_at"]
        verbose_name = _("kelompok mirip")
        verbose_name_plural = _("kelompok mirip")

    def __str__(self) -> str:
        return f"Kelompok #{self.pk} ({self.item_count} butir)"


class ContentItem(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("baru")
        FLAGGED = "flagged", _("ditandai")
        DISMISSED = "dismissed", _("diabaikan")
        CONFIRMED = "confirmed", _("dikonfirmasi")
        PROMOTED = "promoted", _("dijadikan temuan")

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    external_id = models.CharField(max_length=200, blank=True)
    dedup_key = models.CharField(max_length=300, unique=True)
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.CharField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=12, default="post")
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    author_handle = models.CharField(_("akun"), max_length=200, blank=True, db_index=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_followers = models.PositiveBigIntegerField(null=True, blank=True)
    likes = models.PositiveBigIntegerField(null=True, blank=True)
    shares = models.PositiveBigIntegerField(null=True, blank=True)
    comments = models.PositiveBigIntegerField(null=True, blank=True)
    views = models.PositiveBigIntegerField(null=True, blank=True)
    reach = models.PositiveBigIntegerField(_("jangkauan"), default=0)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True, db_index=True)
    first_seen_at = models.DateTimeField(_("pertama terlihat"), db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    region_attributed_by = models.CharField(max_length=10, blank=True, help_text="text | source")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    # detection output
    labels = models.JSONField(default=list, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=dict, blank=True)
    election_related = models.BooleanField(default=False)
    watch_hits = models.JSONField(default=list, blank=True)
    # no index of its own: the queue filters by status and sorts by priority (item_queue_idx)
    priority = models.FloatField(_("prioritas"), default=0.0)
    priority_parts = models.JSONField(default=dict, blank=True)
    group = models.ForeignKey(NearDupGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    # MinHash signature (128 × uint32 LE) of an item that started a near-duplicate group, so that any process
    # can rebuild the index; empty for items that joined a group
    signature = models.BinaryField(null=True, blank=True)
    # analyst
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)  # item_queue_idx
    dismiss_reason = models.CharField(_("alasan diabaikan"), max_length=500, blank=True)
    corrected_labels = models.JSONField(null=True, blank=True)
    # Every index costs each of the thousands of inserts per minute: none for columns nobody filters on.
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    finding_ref = models.CharField(max_length=100, blank=True)
    report_ref = models.CharField(max_length=100, blank=True)
    warc_blob = models.ForeignKey("evidence.EvidenceBlob", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", db_index=False)  # evidence blobs are never deleted
    raw = models.JSONField(default=dict, blank=True)

    AUDIT = False  # bulk data; analysts' actions are recorded explicitly by services.py

    class Meta:
        ordering = ["-priority", "-first_seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "external_id"], condition=~Q(external_id=""),
                                    name="item_platform_external_id_unique"),
            models.UniqueConstraint(fields=["canonical_url"], condition=Q(external_id="") & ~Q(canonical_url=""),
                                    name="item_canonical_url_unique"),
            models.UniqueConstraint(fields=["platform", "content_hash"],
                                    condition=Q(external_id="") & Q(canonical_url=""),
                                    name="item_content_hash_unique"),
        ]
        indexes = [models.Index(fields=["status", "-priority"], name="item_queue_idx")]
        verbose_name = _("butir konten")
        verbose_name_plural = _("butir konten")

    def __str__(self) -> str:
        head = (self.title or self.text or "").strip().replace("\n", " ")
        return f"{self.get_platform_display()} · {head[:60]}"

    @property
    def effective_labels(self) -> list[str]:
        return list(self.corrected_labels) if self.corrected_labels is not None else list(self.labels)


class Sighting(models.Model):
    """One arrival of an item: which import/fetch brought it, when, with which counters at that moment."""

    # indexed by sighting_unique (item, origin)
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="sightings", db_index=False)
    origin = models.CharField(max_length=200, help_text="batch:<id>:<baris> atau source:<id>:<waktu>")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seen_at = models.DateTimeField()
    metrics = models.JSONField(default=dict, blank=True)

    AUDIT = False

    class Meta:
        ordering = ["seen_at"]
        constraints = [models.UniqueConstraint(fields=["item", "origin"], name="sighting_unique")]


class LabelFeedback(models.Model):
    """An analyst's verdict on an item's labels: the training data `pantau train --extra-labels` reads."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="feedback")
    labels = models.JSONField(help_text="label akhir menurut analis")
    predicted = models.JSONField(default=list)
    verdict = models.CharField(max_length=12, help_text="confirmed | corrected | dismissed")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    AUDIT = False  # each verdict is recorded with the item action

    class Meta:
        ordering = ["at"]


class TakedownRequest(models.Model):
    class Addressee(models.TextChoices):
        KOMDIGI = "komdigi", _("Kementerian Komunikasi dan Digital (Komdigi)")
        PLATFORM = "platform", _("Platform")

    number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    addressee = models.CharField(_("ditujukan kepada"), max_length=10, choices=Addressee.choices)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    items = models.ManyToManyField(ContentItem, related_name="takedowns", blank=True)
    urls = models.JSONField(default=list)
    reason = models.TextField(_("alasan"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    letter = models.ForeignKey("evidence.EvidenceBlob", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_checked_at = models.DateTimeField(_("terakhir diperiksa"), null=True, blank=True)
    recheck_results = models.JSONField(default=list, blank=True)
    still_online = models.PositiveIntegerField(_("masih daring"), null=True, blank=True)

    AUDIT = False  # re-checks update it on a schedule; drafting and sending are logged by services.py

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permintaan penurunan konten")
        verbose_name_plural = _("permintaan penurunan konten")

    def __str__(self) -> str:
        return f"Takedown #{self.pk} → {self.get_addressee_display()}"

    @property
    def latest_results(self) -> list[dict]:
        return self.recheck_results[-len(self.urls):] if self.recheck_results and self.urls else []

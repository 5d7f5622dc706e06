"""One validation path for the public form, partner submissions and the API: clear messages in Indonesian, or in
English when the reader chose it (the messages are evaluated in the request's active language)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pantau.regions.models import Level, Region

from . import images, sniff, spam
from .models import Category, Kind, ReporterType

NIK_RE = re.compile(r"^\d{16}$")
PHONE_RE = re.compile(r"^(?:\+?62|0)8\d{7,11}$")
MIN_DESCRIPTION = 30
MAX_URLS = 10


def max_upload_bytes() -> int:
    return int(getattr(settings, "PANTAU_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))


def max_upload_files() -> int:
    return int(getattr(settings, "PANTAU_MAX_UPLOAD_FILES", 10))


def home_province() -> str:
    return getattr(settings, "PANTAU_PROVINCE", "15")


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB" if n % (1024 * 1024) == 0 else f"{n / (1024 * 1024):.1f} MB"
    return f"{max(n // 1024, 1)} KB"


def validate_nik(value: str) -> str:
    nik = re.sub(r"[\s.-]", "", value or "")
    if not NIK_RE.match(nik):
        raise ValidationError(_("NIK harus 16 digit angka, sesuai KTP elektronik."), code="nik")
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:  # women: day + 40
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12) or nik[:2] < "11":
        raise ValidationError(_("NIK tidak sesuai format KTP (periksa kembali angkanya)."), code="nik")
    return nik


def normalise_phone(value: str) -> str:
    phone = re.sub(r"[\s().-]", "", value or "")
    if not PHONE_RE.match(phone):
        raise ValidationError(_("Nomor HP tidak valid. Contoh: 0812 3456 7890."), code="phone")
    if phone.startswith("+62"):
        phone = "0" + phone[3:]
    elif phone.startswith("62"):
        phone = "0" + phone[2:]
    return phone


def kabupaten_choices() -> list[tuple[str, str]]:
    """The province's kabupaten/kota for the first select (cached: reference data)."""
    from django.core.cache import cache

    key = f"reports:kabupaten:{home_province()}"
    choices = cache.get(key)
    if choices is None:
        choices = list(Region.objects.filter(parent_id=home_province(), level=Level.KABUPATEN)
                       .order_by("name").values_list("code", "name"))
        if choices:
            cache.set(key, choices, 3600)
    return choices


@dataclass
class PreparedFile:
    name: str
    data: bytes
    kind: sniff.FileKind
    image: images.ImageInfo | None


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis kiriman"), choices=Kind.choices, initial=Kind.REPORT, widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis kiriman: laporan atau informasi awal."),
                        "invalid_choice": _("Jenis kiriman tidak dikenal.")},
    )
    # Place: the HTML form sends kabupaten/kecamatan/desa; the API may send `region` (any level) instead.
    region = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    kabupaten = forms.CharField(label=_("Kabupaten/kota"), required=False, max_length=13)
    kecamatan = forms.CharField(label=_("Kecamatan"), required=False, max_length=13)
    desa = forms.CharField(label=pgettext_lazy("one region", "Desa/kelurahan"), required=False, max_length=13)
    place_detail = forms.CharField(
        label=_("Detail lokasi"), required=False, max_length=300,
        help_text=_("Mis. nama jalan, RT/RW, nomor TPS, nama tempat."),
    )
    latitude = forms.FloatField(label=_("Lintang"), required=False, error_messages={"invalid": _("Titik lokasi tidak valid.")})
    longitude = forms.FloatField(label=_("Bujur"), required=False, error_messages={"invalid": _("Titik lokasi tidak valid.")})

    event_date = forms.DateField(
        label=_("Tanggal kejadian"),
        error_messages={"required": _("Isi tanggal kejadian."), "invalid": _("Tanggal kejadian tidak valid (format: tahun-bulan-tanggal).")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    event_time = forms.TimeField(
        label=_("Jam kejadian (jika tahu)"), required=False,
        error_messages={"invalid": _("Jam tidak valid (format: 14:30).")}, widget=forms.TimeInput(attrs={"type": "time"}),
    )
    known_date = forms.DateField(
        label=_("Tanggal Anda mengetahui kejadian"), required=False,
        error_messages={"invalid": _("Tanggal diketahui tidak valid (format: tahun-bulan-tanggal).")},
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Batas 7 hari dihitung dari tanggal ini. Kosongkan jika sama dengan tanggal kejadian."),
    )
    description = forms.CharField(
        label=_("Apa yang terjadi?"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Ceritakan apa yang terjadi."),
                        "max_length": _("Uraian terlalu panjang (maksimal 10.000 karakter).")},
        help_text=_("Siapa berbuat apa, kapan, di mana, dan bagaimana Anda mengetahuinya."),
    )
    category_hint = forms.ChoiceField(
        label=_("Jenis dugaan pelanggaran"), choices=Category.choices, initial=Category.OTHER, required=False,
        error_messages={"invalid_choice": _("Jenis dugaan tidak dikenal.")},
    )
    reported_name = forms.CharField(label=_("Nama terlapor"), required=False, max_length=200,
                                    help_text=_("Orang, tim atau akun yang diduga melanggar."))
    reported_role = forms.CharField(label=_("Jabatan/peran terlapor"), required=False, max_length=200,
                                    help_text=_("Mis. kepala desa, ASN Dinas X, tim kampanye paslon 2, akun TikTok."))
    reported_address = forms.CharField(label=_("Alamat terlapor (jika tahu)"), required=False, max_length=300)
    witnesses = forms.CharField(
        label=pgettext_lazy("form field", "Saksi"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nama dan cara menghubungi saksi, satu per baris."),
    )
    urls = forms.CharField(
        label=_("Tautan (postingan, video, berita)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu tautan per baris. Kami mengarsipkan isinya sebagai bukti."),
    )

    reporter_type = forms.ChoiceField(
        label=_("Anda melapor sebagai"), choices=[("", "—")] + list(ReporterType.choices), required=False,
        error_messages={"invalid_choice": _("Pilihan kedudukan pelapor tidak dikenal.")},
    )
    reporter_name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), required=False, max_length=200)
    reporter_nik = forms.CharField(label=_("NIK"), required=False, max_length=24,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    reporter_address = forms.CharField(label=_("Alamat"), required=False, max_length=300)
    reporter_phone = forms.CharField(label=_("Nomor HP/WhatsApp"), required=False, max_length=24,
                                     widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    reporter_email = forms.EmailField(label=_("Email"), required=False, max_length=200,
                                      error_messages={"invalid": _("Alamat email tidak valid. Contoh: nama@contoh.id")},
                                      help_text=_("Kami mengirim kabar setiap kali status berubah."))
    declaration = forms.BooleanField(
        label=_("Saya menyatakan keterangan ini benar dan bersedia dimintai keterangan oleh Bawaslu."), required=False,
    )

    website = forms.CharField(required=False, label=_("Jangan diisi"))  # honeypot
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, files_list=None, oversize=(), user=None, require_token=False, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.files_list = list(files_list or [])
        self.oversize = list(oversize)
        self.user = user
        self.require_token = require_token
        self.today = today or timezone.localdate()
        self.prepared_files: list[PreparedFile] = []
        self.url_list: list[str] = []
        self.region_obj: Region | None = None
        self.partner = bool(user and getattr(user, "is_authenticated", False) and getattr(user, "is_partner", False))
        self.fields["kabupaten"].widget = forms.Select(choices=[("", _("— pilih kabupaten/kota —"))] + kabupaten_choices())
        self.fields["category_hint"].widget.attrs["class"] = "full"

    # --- field cleaners ---------------------------------------------------------------------------------

    def clean_reporter_nik(self):
        value = self.cleaned_data.get("reporter_nik", "").strip()
        return validate_nik(value) if value else ""

    def clean_reporter_phone(self):
        value = self.cleaned_data.get("reporter_phone", "").strip()
        return normalise_phone(value) if value else ""

    def clean_reporter_name(self):
        value = " ".join(self.cleaned_data.get("reporter_name", "").split())
        if value and len(value) < 3:
            raise ValidationError(_("Nama terlalu pendek."))
        return value

    def clean_description(self):
        value = self.cleaned_data.get("description", "").strip()
        if len(value) < MIN_DESCRIPTION:
            raise ValidationError(
                _("Uraian terlalu singkat (minimal %(n)d karakter). Ceritakan apa, siapa, kapan dan di mana."),
                params={"n": MIN_DESCRIPTION},
            )
        return value

    def clean_event_date(self):
        value = self.cleaned_data.get("event_date")
        if value and value > self.today:
            raise ValidationError(_("Tanggal kejadian tidak boleh setelah hari ini."))
        if value and value < self.today - timedelta(days=730):
            raise ValidationError(_("Tanggal kejadian terlalu jauh di masa lalu (lebih dari 2 tahun)."))
        return value

    def clean_known_date(self):
        value = self.cleaned_data.get("known_date")
        if value and value > self.today:
            raise ValidationError(_("Tanggal diketahui tidak boleh setelah hari ini."))
        return value

    def clean_category_hint(self):
        return self.cleaned_data.get("category_hint") or Category.OTHER

    def clean_urls(self):
        raw = self.cleaned_data.get("urls", "")
        lines = [line.strip() for line in re.split(r"[\r\n]+", raw or "") if line.strip()]
        if len(lines) > MAX_URLS:
            raise ValidationError(_("Terlalu banyak tautan (maksimal %(n)d)."), params={"n": MAX_URLS})
        validator = URLValidator(schemes=["http", "https"])
        bad = []
        for line in lines:
            try:
                if len(line) > 1000:
                    raise ValidationError("too long")
                validator(line)
            except ValidationError:
                bad.append(line[:60])
        if bad:
            raise ValidationError(
                _("Tautan tidak valid: %(urls)s. Tautan harus diawali http:// atau https://."),
                params={"urls": ", ".join(bad)},
            )
        self.url_list = list(dict.fromkeys(lines))
        return "\n".join(self.url_list)

    # --- whole-form checks ------------------------------------------------------------------------------

    def _clean_region(self, data):
        province = home_province()
        chain = [data.get("kabupaten"), data.get("kecamatan"), data.get("desa")]
        code = (data.get("region") or "").strip() or next((c for c in reversed(chain) if c), "")
        if not code:
            self.add_error("kabupaten", _("Pilih kabupaten/kota tempat kejadian."))
            return
        region = Region.objects.filter(pk=code).first()
        if region is None or not (code == province or code.startswith(province + ".")):
            self.add_error("kabupaten" if not data.get("region") else "region",
                           _("Wilayah tidak dikenal atau di luar Provinsi Jambi."))
            return
        # The chosen levels must nest: a desa of another kecamatan is a typo, not a place.
        levels = (
            (chain[0], chain[1], "kecamatan", _("kecamatan")),
            (chain[1], chain[2], "desa", _("desa")),
        )
        for parent, child, field, level_name in levels:
            if parent and child and not child.startswith(parent + "."):
                self.add_error(field, _("Pilihan %(f)s tidak cocok dengan wilayah di atasnya.") % {"f": level_name})
                return
        self.region_obj = region

    def _clean_identity(self, data):
        if data.get("kind") != Kind.REPORT or self.partner:
            return
        missing = []
        if not data.get("reporter_name") and "reporter_name" not in self.errors:
            self.add_error("reporter_name", _("Untuk laporan, isi nama lengkap Anda."))
            missing.append("nama")
        if not data.get("reporter_nik") and "reporter_nik" not in self.errors:
            self.add_error("reporter_nik", _("Untuk laporan, isi NIK Anda (16 digit)."))
            missing.append("NIK")
        if not data.get("reporter_address"):
            self.add_error("reporter_address", _("Untuk laporan, isi alamat Anda."))
            missing.append("alamat")
        if not data.get("reporter_phone") and not data.get("reporter_email") and not (
            "reporter_phone" in self.errors or "reporter_email" in self.errors
        ):
            self.add_error("reporter_phone", _("Isi nomor HP atau email agar Bawaslu bisa menghubungi Anda."))
            missing.append("kontak")
        if not data.get("reporter_type"):
            self.add_error("reporter_type", _("Pilih kedudukan Anda sebagai pelapor."))
        if not data.get("declaration"):
            self.add_error("declaration", _("Centang pernyataan kebenaran laporan."))
        if missing:
            self.add_error(None, _("Laporan memerlukan identitas pelapor (syarat formal). Jika tidak ingin "
                                   "mencantumkan identitas, pilih \"Informasi awal\"."))

    def _clean_point(self, data):
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            self.add_error("latitude", _("Isi lintang dan bujur sekaligus, atau kosongkan keduanya."))
        elif lat is not None and not (-11.5 <= lat <= 6.5 and 94.5 <= lng <= 141.5):
            self.add_error("latitude", _("Titik lokasi berada di luar wilayah Indonesia."))

    def _clean_files(self):
        limit = max_upload_bytes()
        for name in self.oversize:
            self.add_error(None, _("Berkas \"%(name)s\" terlalu besar (maksimal %(max)s per berkas).")
                           % {"name": name, "max": human_size(limit)})
        if len(self.files_list) + len(self.oversize) > max_upload_files():
            self.add_error(None, _("Terlalu banyak berkas (maksimal %(n)d).") % {"n": max_upload_files()})
            return
        for upload in self.files_list:
            name = (getattr(upload, "name", "") or str(_("berkas")))[-255:]
            if upload.size is not None and upload.size > limit:
                self.add_error(None, _("Berkas \"%(name)s\" terlalu besar (%(size)s; maksimal %(max)s per berkas).")
                               % {"name": name, "size": human_size(upload.size), "max": human_size(limit)})
                continue
            upload.seek(0)
            data = upload.read(limit + 1)
            if len(data) > limit:
                self.add_error(None, _("Berkas \"%(name)s\" terlalu besar (maksimal %(max)s per berkas).")
                               % {"name": name, "max": human_size(limit)})
                continue
            kind = sniff.sniff(data)
            if kind is None:
                self.add_error(None, _("Berkas \"%(name)s\" ditolak: isinya %(what)s, bukan jenis yang diterima "
                                       "(%(allowed)s). Jenis berkas diperiksa dari isinya, bukan dari namanya.")
                               % {"name": name, "what": sniff.describe_unknown(data), "allowed": sniff.ALLOWED_LABELS})
                continue
            processed = None
            if kind.category == "photo":
                try:
                    processed = images.inspect(data, kind.name)
                except images.ImageError as exc:
                    self.add_error(None, _("Berkas \"%(name)s\": %(reason)s") % {"name": name, "reason": exc})
                    continue
            self.prepared_files.append(PreparedFile(name, data, kind, processed))

    def clean(self):
        data = super().clean()
        if spam.honeypot_tripped(self.data):
            raise ValidationError(_("Pengiriman ditolak oleh pemeriksaan antispam."), code="spam")
        problem = spam.check_form_token(self.data.get("form_token"), required=self.require_token)
        if problem:
            raise ValidationError(problem, code="too_fast")
        self._clean_region(data)
        event, known = data.get("event_date"), data.get("known_date")
        if event and not known:
            data["known_date"] = event
        elif event and known and known < event:
            self.add_error("known_date", _("Tanggal diketahui tidak boleh sebelum tanggal kejadian."))
        self._clean_identity(data)
        self._clean_point(data)
        self._clean_files()
        return data

    # --- helpers for templates -------------------------------------------------------------------------

    def chosen(self, field: str) -> str:
        return (self.data.get(field) if self.is_bound else self.initial.get(field)) or ""

    @property
    def today_iso(self) -> str:
        return self.today.isoformat()


def filing_limit_days() -> int:
    """UU Pilkada Ps 134(4): a report is filed within 7 (calendar) days of the violation becoming known."""
    return int(getattr(settings, "PANTAU_REPORT_FILING_DAYS", 7))


def filing_deadline(known: date) -> date:
    return known + timedelta(days=filing_limit_days())


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Kode lacak"), max_length=40,
        error_messages={"required": _("Masukkan kode lacak, mis. PTU-7K3M9QX2AB.")},
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "placeholder": "PTU-…"}),
    )

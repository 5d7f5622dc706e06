"""Forms of the analyst pages. Region choices are limited to the user's jurisdiction."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pantau.regions.models import Level, Region

from . import services
from .models import ContentItem, ImportFormat, Platform, Source, TakedownRequest, WatchlistEntry


def region_choices(user, *, blank: bool = False) -> list[tuple[str, str]]:
    qs = Region.objects.filter(level__in=[Level.PROVINSI, Level.KABUPATEN])
    if not user.is_superuser:
        code = user.jurisdiction_id or "-"
        qs = qs.filter(Q(code=code) | Q(code__startswith=code + "."))
    choices = [(r.code, f"{r.code} {r.name}") for r in qs.order_by("code")]
    return ([("", _("Semua wilayah"))] if blank else []) + choices


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ContentItem.Status.choices)
    label = forms.ChoiceField(label=_("Label"), required=False)
    region = forms.ChoiceField(label=_("Wilayah"), required=False)
    platform = forms.ChoiceField(label=_("Platform"), required=False,
                                 choices=[("", _("Semua platform")), *Platform.choices])
    source = forms.TypedChoiceField(label=_("Sumber"), required=False, coerce=int, empty_value=None)
    group = forms.IntegerField(label=_("Kelompok"), required=False, min_value=1)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = ContentItem.Status.FLAGGED
        from pantau.cases.violations import QUIET_PERIOD, name

        self.fields["label"].choices = [("", _("Semua label")),
                                        *[(x, name(x) or x) for x in [*services.known_labels(), QUIET_PERIOD]]]
        self.fields["region"].choices = region_choices(user, blank=True)
        self.fields["source"].choices = [("", _("Semua sumber")),
                                         *[(s.pk, s.name) for s in services.sources_for(user)]]


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=[c for c in Source.Kind.choices if c[0] != "upload"])
    url = forms.URLField(label=_("URL"), max_length=1000, assume_scheme="https")
    interval_minutes = forms.IntegerField(label=_("Ambil setiap (menit)"), min_value=5, initial=60)
    region = forms.ChoiceField(label=_("Wilayah"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(user)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"], "kind": d["kind"], "url": d["url"], "region_code": d["region"],
                "interval_minutes": d["interval_minutes"]}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas ekspor"))
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices)
    region = forms.ChoiceField(label=_("Wilayah asal (bila teks tidak menyebut wilayah)"))
    source = forms.ModelChoiceField(label=_("Sumber"), queryset=Source.objects.none(), required=False)
    platform = forms.ChoiceField(label=_("Platform (CSV/JSONL umum)"), required=False,
                                 choices=[("", "-"), *Platform.choices])
    mapping = forms.CharField(label=_("Pemetaan kolom (CSV/JSONL umum)"), required=False,
                              help_text=_("mis. text=isi, published_at=tanggal, author_handle=akun"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(user)
        self.fields["source"].queryset = services.sources_for(user)

    def clean_mapping(self) -> dict:
        mapping = {}
        for part in (self.cleaned_data.get("mapping") or "").split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise forms.ValidationError(_("Gunakan bentuk kolom=nama, dipisah koma."))
            key, value = (x.strip() for x in part.split("=", 1))
            mapping[key] = value
        return mapping

    def options(self) -> dict:
        options = {}
        if self.cleaned_data["format"] in ("csv", "jsonl"):
            if self.cleaned_data.get("mapping"):
                options["mapping"] = self.cleaned_data["mapping"]
            if self.cleaned_data.get("platform"):
                options["platform"] = self.cleaned_data["platform"]
        return options


class WatchlistForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=WatchlistEntry.Kind.choices)
    value = forms.CharField(label=_("Kata kunci / akun"), max_length=200)
    variants = forms.CharField(label=_("Varian dan slang lokal (pisahkan dengan koma)"), required=False)
    platform = forms.ChoiceField(label=_("Platform (akun)"), required=False, choices=[("", "-"), *Platform.choices])
    region = forms.ChoiceField(label=_("Wilayah"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(user)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"kind": d["kind"], "value": d["value"], "variants": (d.get("variants") or "").split(","),
                "platform": d.get("platform") or "", "region_code": d["region"]}


class TakedownForm(forms.Form):
    addressee = forms.ChoiceField(label=_("Ditujukan kepada"), choices=TakedownRequest.Addressee.choices)
    platform = forms.ChoiceField(label=_("Platform"), required=False, choices=[("", "-"), *Platform.choices])
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 4}))
    number = forms.CharField(label=_("Nomor surat (kosongkan untuk nomor otomatis)"), required=False, max_length=100)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"addressee": d["addressee"], "platform": d.get("platform") or "", "reason": d["reason"],
                "number": d.get("number") or ""}

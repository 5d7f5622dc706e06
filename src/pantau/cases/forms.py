"""Forms for findings and for opening a case from a report (case actions use `actions.action_specs`)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.accounts.scoping import sees_everything
from pantau.elections.models import Race
from pantau.regions.models import Level, Region

from . import violations
from .models import Finding


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


RACE_CHOICES = [("", _("Tidak terkait kontestasi tertentu / tentukan dari wilayah")),
                (Race.Office.GOVERNOR, _("Pemilihan Gubernur (ditangani Bawaslu Provinsi)")),
                (Race.Office.REGENT, _("Pemilihan Bupati")), (Race.Office.MAYOR, _("Pemilihan Wali Kota"))]


def violation_type_choices() -> list[tuple[str, object]]:
    return [("", "—"), *violations.choices()]


def violation_type_field() -> forms.ChoiceField:
    """Required on the forms: a finding without a type shows up as "no type" on every dashboard."""
    return forms.ChoiceField(label=_("Jenis pelanggaran"), choices=violation_type_choices)


class FindingForm(forms.Form):
    region = forms.ModelChoiceField(Region.objects.none(), label=_("Wilayah kejadian"))
    title = forms.CharField(label=_("Judul"), max_length=200)
    violation_type = violation_type_field()
    description = forms.CharField(label=_("Uraian peristiwa"), widget=forms.Textarea(attrs={"rows": 5}))
    reported_party = forms.CharField(label=_("Terlapor / pelaku"), max_length=200, required=False)
    source = forms.ChoiceField(label=_("Asal temuan"), choices=Finding.Source.choices, initial=Finding.Source.SUPERVISION)
    source_reference = forms.CharField(label=_("Rujukan sumber (teks atau URL)"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    known_on = forms.DateField(label=_("Tanggal pelanggaran diketahui"), widget=forms.DateInput(attrs={"type": "date"}))
    plenary_on = forms.DateField(label=_("Tanggal rapat pleno penetapan temuan"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    race_office = forms.ChoiceField(label=_("Kontestasi"), choices=RACE_CHOICES, required=False)
    evidence = MultipleFileField(label=_("Bukti (boleh lebih dari satu)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(level__in=[Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN])
        if user is not None and not sees_everything(user):
            regions = regions.filter(within_code(user.jurisdiction_id or "-"))
        self.fields["region"].queryset = regions.order_by("code")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"

    def clean_known_on(self):
        value = self.cleaned_data["known_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal diketahui tidak boleh di masa depan."))
        return value


class FindingTypeForm(forms.Form):
    violation_type = violation_type_field()


def within_code(code: str) -> Q:
    return Q(code=code) | Q(code__startswith=code + ".")


class OpenCaseForm(forms.Form):
    tracking_code = forms.CharField(label=_("Kode lacak laporan (mis. PTU-…)"), max_length=30)
    known_on = forms.DateField(label=_("Tanggal pelanggaran diketahui (kosongkan: dari laporan)"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    race_office = forms.ChoiceField(label=_("Kontestasi"), choices=RACE_CHOICES, required=False)

    def clean(self):
        data = super().clean()
        data["report"] = None
        code = data.get("tracking_code")
        if code:
            try:
                from pantau.reports.models import Report, normalise_tracking_code
            except ImportError:
                raise forms.ValidationError(_("Modul laporan belum tersedia.")) from None
            data["report"] = Report.objects.filter(tracking_code=normalise_tracking_code(code)).first()
        return data

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agreement, AgreementScope, Member, Organisation, Training


class RegionLimitedForm(forms.ModelForm):
    """Offer only regions inside the editor's jurisdiction."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from pantau.regions.models import Level, Region

        if "region" in self.fields:
            regions = Region.objects.filter(level__in=[Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN])
            if user is not None and not user.is_superuser and user.jurisdiction_id:
                code = user.jurisdiction_id
                regions = regions.filter(Q(pk=code) | Q(pk__startswith=code + "."))
            self.fields["region"].queryset = regions


class OrganisationForm(RegionLimitedForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "contact_name", "contact_email", "contact_phone", "active"]


class AgreementForm(RegionLimitedForm):
    scopes = forms.MultipleChoiceField(choices=AgreementScope.choices, widget=forms.CheckboxSelectMultiple, label=_("Ruang lingkup"))

    class Meta:
        model = Agreement
        fields = ["number", "signed_on", "scopes", "valid_from", "valid_until", "region", "notes"]
        widgets = {f: forms.DateInput(attrs={"type": "date"}) for f in ("signed_on", "valid_from", "valid_until")}

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai."))
        return data


class MemberForm(RegionLimitedForm):
    class Meta:
        model = Member
        fields = ["name", "region", "joined_on", "active"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"})}


class TrainingForm(RegionLimitedForm):
    class Meta:
        model = Training
        fields = ["kind", "title", "held_on", "region", "attendees", "other_attendees"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}), "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["attendees"].queryset = organisation.members.filter(active=True)

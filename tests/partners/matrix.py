from datetime import date

from pantau.partners.models import Organisation, Training


def make_organisation(region_code, marker):
    return Organisation.objects.create(name=f"Organisasi {marker}", kind="masyarakat", region_id=region_code)


def make_training(region_code, marker):
    org = make_organisation(region_code, marker + "-org")
    return Training.objects.create(organisation=org, title=f"Pelatihan {marker}", held_on=date(2024, 10, 1), region_id=region_code)


FACTORIES = {
    "partners:detail": make_organisation,
    "partners:edit": make_organisation,
    "partners:agreement_create": make_organisation,
    "partners:member_create": make_organisation,
    "partners:training_create": make_organisation,
    "partner-detail": make_organisation,
    "training-detail": make_training,
}

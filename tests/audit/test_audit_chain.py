import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pantau.audit.context import acting_as
from pantau.audit.models import AppendOnlyError, AuditEntry
from pantau.audit.services import verify
from pantau.partners.models import Organisation

pytestmark = pytest.mark.django_db


def _org(name="Forum Uji", code="15.71"):
    return Organisation.objects.create(name=name, kind="mahasiswa", region_id=code)


def test_create_update_delete_are_recorded_with_actor_and_diff(demo_users):
    user = demo_users["provinsi.analis"]
    with acting_as(user, ip="10.1.2.3"):
        org = _org()
        org.contact_name = "Budi"
        org.save()
        org_pk = org.pk
        org.delete()
    entries = list(AuditEntry.objects.filter(model="partners.Organisation", object_pk=str(org_pk)))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor_id == user.pk and e.ip == "10.1.2.3" for e in entries)
    assert entries[1].changes == {"contact_name": ["", "Budi"]}
    assert entries[0].region_code == "15.71"


def test_entries_cannot_be_edited_or_deleted_through_the_orm(demo_users):
    _org()
    entry = AuditEntry.objects.last()
    entry.reason = "ubah"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_verify_passes_then_names_first_broken_link(demo_users, capsys):
    for i in range(5):
        _org(name=f"Org {i}")
    call_command("audit", "verify")
    assert "utuh" in capsys.readouterr().out
    checked, broken, _ = verify()
    assert broken is None and checked == AuditEntry.objects.count()

    victim = AuditEntry.objects.order_by("seq")[3]
    with connection.cursor() as cursor:  # tamper below the ORM, as an attacker with DB access would
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET reason = %s WHERE id = %s", ["dipalsukan", victim.pk])
    with pytest.raises(CommandError, match=rf"PUTUS pada entri #{victim.seq} .*diubah"):
        call_command("audit", "verify")


def test_verify_detects_a_deleted_entry(demo_users):
    for i in range(4):
        _org(name=f"Org {i}")
    victim = AuditEntry.objects.order_by("seq")[2]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [victim.pk])
    checked, broken, reason = verify()
    assert broken is not None and broken.seq == victim.seq + 1 and "hilang" in reason


def test_sensitive_fields_are_redacted(demo_users):
    user = demo_users["kotajambi.penanganan"]
    user.set_password("kata-sandi-baru-123")
    user.save()
    entry = AuditEntry.objects.filter(model="accounts.User", object_pk=str(user.pk), action="update").last()
    assert entry is not None
    assert "kata-sandi-baru-123" not in str(entry.changes)
    assert entry.changes["password"][1] == "***"


def test_audit_page_is_for_leadership_and_scoped(client_for):
    _org(name="Org Kota", code="15.71")
    _org(name="Org Kerinci", code="15.01")
    assert client_for("kotajambi.penanganan").get("/audit/").status_code == 403
    leader = client_for("provinsi.pimpinan").get("/audit/?model=partners.Organisation").content.decode()
    assert "Org Kota" in leader and "Org Kerinci" in leader
    admin = client_for("admin").get("/audit/?verify=1").content.decode()
    assert "Rantai utuh" in admin

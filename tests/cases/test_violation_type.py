"""A finding's violation type: chosen on the form, taken from the tip or content item it came from, corrected on
its page, shown in the list, the page and the API, and named in the reader's language."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone, translation

from pantau.audit.models import AuditEntry
from pantau.cases import services, violations
from pantau.cases.models import Finding

pytestmark = pytest.mark.django_db

_ITEMS = itertools.count(1)


def _content_item(region_code: str, labels: list[str], corrected: list[str] | None = None):
    from pantau.monitoring.models import ContentItem

    n = next(_ITEMS)
    return ContentItem.objects.create(
        platform="facebook", external_id=f"jenis-{n}", dedup_key=f"facebook:id:jenis-{n}", content_hash=f"{n:064d}",
        text="Besok kumpul di posko, ada uang transport 50rb asal coblos nomor 2", first_seen_at=timezone.now(),
        region_id=region_code, labels=labels, corrected_labels=corrected, status="flagged",
        url=f"https://facebook.com/demo.fiktif/posts/{n}")


# --- the list of types ------------------------------------------------------------------------------------------

def test_types_are_detection_labels_quiet_period_and_report_categories():
    from pantau.detection import LABELS
    from pantau.reports.models import Category

    keys = violations.keys()
    assert keys[:len(LABELS)] == list(LABELS)
    assert "masa_tenang" in keys and "lainnya" in keys
    assert set(Category.values) <= set(keys)
    assert len(keys) == len(set(keys))
    # Model choices are the same list, not a copy that can drift.
    assert [key for key, _name in Finding._meta.get_field("violation_type").choices] == keys


def test_names_follow_the_language_and_never_show_the_key():
    with translation.override("id"):
        indonesian = violations.names()
    with translation.override("en"):
        english = violations.names()
    for key in violations.keys():
        assert indonesian[key] and indonesian[key] != key, key
        assert english[key] and english[key] != key, key
    assert indonesian["masa_tenang"] == "Kampanye di masa tenang"
    assert indonesian["politik_uang"] == "Politik uang"
    assert english["politik_uang"] == "Money politics / vote buying"
    assert english["apk"] == "Campaign props"  # the report form's label, its bracketed examples cut
    assert violations.name("") == ""
    assert violations.name("label_lama") == "Label lama"  # unknown keys still read as words


# --- set on creation, or from the origin -------------------------------------------------------------------------

def test_create_finding_keeps_the_chosen_type_and_refuses_an_unknown_one(users, election):
    handler = users["kotajambi.penanganan"]
    finding = services.create_finding(handler, region="15.71", title="APK di pagar sekolah", description="Baliho.",
                                      known_on=timezone.localdate(), violation_type="apk")
    assert finding.violation_type == "apk"
    with pytest.raises(services.InvalidInput):
        services.create_finding(handler, region="15.71", title="x", description="y", known_on=timezone.localdate(),
                                violation_type="bukan_jenis")
    refused = AuditEntry.objects.filter(action="cases.refused").latest("pk")
    assert "Jenis pelanggaran tidak dikenal" in refused.reason


def test_finding_from_tip_takes_the_tips_category(users, report_factory):
    tip = report_factory("15.71.01", kind="informasi")
    assert tip.category_hint == "politik_uang"
    finding = services.finding_from_tip(tip, users["kotajambi.penanganan"])
    assert finding.violation_type == (tip.category or tip.category_hint)
    assert finding.violation_type in violations.keys()


def test_tip_with_other_category_still_gets_a_type(users, report_factory):
    from pantau.reports.models import Report

    tip = report_factory("15.71.01", kind="informasi", description="Ada kejadian aneh di dekat TPS 05 semalam, "
                                                                   "banyak orang berkumpul.")
    Report.objects.filter(pk=tip.pk).update(category="", category_hint="lainnya")
    tip.refresh_from_db()
    finding = services.finding_from_tip(tip, users["kotajambi.penanganan"])
    assert finding.violation_type == "lainnya"


def test_promoted_content_item_gives_its_label_analyst_correction_first(users, election):
    from pantau.monitoring import services as monitoring

    analyst = users["provinsi.analis"]
    detected = _content_item("15.71.01", ["politik_uang"])
    corrected = _content_item("15.71.01", ["politik_uang"], corrected=["masa_tenang"])
    assert monitoring.promote_to_finding(analyst, detected).violation_type == "politik_uang"
    assert monitoring.promote_to_finding(analyst, corrected).violation_type == "masa_tenang"


def test_origin_without_a_known_type_leaves_it_empty(users, election):
    item = _content_item("15.71.01", ["label_yang_tidak_ada"])
    assert services.violation_type_from_origin(f"monitoring.ContentItem:{item.pk}") == ""
    assert services.violation_type_from_origin("monitoring.ContentItem:999999") == ""
    assert services.violation_type_from_origin("bukan-rujukan") == ""
    finding = services.create_finding(users["provinsi.analis"], region="15.71", title="t", description="d",
                                      known_on=timezone.localdate(), origin_ref=f"monitoring.ContentItem:{item.pk}")
    assert finding.violation_type == ""


def test_a_chosen_type_wins_over_the_origin(users, election):
    item = _content_item("15.71.01", ["politik_uang"])
    finding = services.create_finding(users["provinsi.analis"], region="15.71", title="t", description="d",
                                      known_on=timezone.localdate(), origin_ref=f"monitoring.ContentItem:{item.pk}",
                                      violation_type="netralitas")
    assert finding.violation_type == "netralitas"


# --- correcting it ----------------------------------------------------------------------------------------------

def test_set_violation_type_is_audited_and_bumps_updated_at(users, finding_factory):
    finding = finding_factory("15.71")
    before = finding.updated_at
    services.set_finding_violation_type(finding, users["kotajambi.analis"], "kampanye_hitam")
    finding.refresh_from_db()
    assert finding.violation_type == "kampanye_hitam" and finding.updated_at > before
    entry = AuditEntry.objects.filter(action="cases.set_finding_violation_type").latest("pk")
    assert entry.changes["violation_type"] == ["", "kampanye_hitam"]
    with pytest.raises(services.OutOfJurisdiction):
        services.set_finding_violation_type(finding, users["kerinci.penanganan"], "sara")
    with pytest.raises(services.InvalidInput):
        services.set_finding_violation_type(finding, users["kotajambi.analis"], "bukan_jenis")
    finding.refresh_from_db()
    assert finding.violation_type == "kampanye_hitam"


# --- pages and API -----------------------------------------------------------------------------------------------

def test_form_requires_a_type_and_pages_show_its_name(client_for, users, election):
    page = client_for("kotajambi.penanganan")
    data = {"region": "15.71", "title": "Orasi di rumah ibadah", "description": "Orasi paslon di masjid.",
            "source": "laporan_pengawasan", "known_on": timezone.localdate().isoformat()}
    missing = page.post("/temuan/baru/", data)
    assert missing.status_code == 200 and not Finding.objects.exists()
    response = page.post("/temuan/baru/", {**data, "violation_type": "fasilitas"})
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.violation_type == "fasilitas"
    name = "Penggunaan fasilitas negara, tempat ibadah, sekolah"
    detail = page.get(response["Location"]).content.decode()
    assert name in detail
    assert name in page.get("/temuan/").content.decode()

    # Corrected on the finding's page; another jurisdiction gets 404, a partner 403.
    url = f"/temuan/{finding.pk}/jenis/"
    assert page.post(url, {"violation_type": "masa_tenang"}).status_code == 302
    finding.refresh_from_db()
    assert finding.violation_type == "masa_tenang"
    detail = page.get(f"/temuan/{finding.pk}/").content.decode()
    assert "Kampanye di masa tenang" in detail
    assert client_for("kerinci.penanganan").post(url, {"violation_type": "sara"}).status_code == 404
    assert client_for("mitra.pemantau").post(url, {"violation_type": "sara"}).status_code == 403
    assert page.post(url, {"violation_type": "bukan_jenis"}).status_code == 302
    finding.refresh_from_db()
    assert finding.violation_type == "masa_tenang"

    api = page.get(f"/api/v1/findings/{finding.pk}/").json()
    assert api["violation_type"] == "masa_tenang" and api["violation_type_name"] == "Kampanye di masa tenang"


def test_finding_without_type_reads_no_type(client_for, finding_factory):
    finding = finding_factory("15.71")
    assert finding.violation_type == ""
    assert "Tanpa jenis" in client_for("kotajambi.penanganan").get(f"/temuan/{finding.pk}/").content.decode()


def test_panwascam_outside_its_kecamatan_cannot_change_the_type(client_for, users, election):
    finding = services.create_finding(users["kotajambi.penanganan"], region="15.71.02", title="t", description="d",
                                      known_on=timezone.localdate(), violation_type="apk")
    # The finding is visible to Panwascam 15.71.01 only if scoping says so; either way it must not change.
    response = client_for("panwascam.telanaipura").post(f"/temuan/{finding.pk}/jenis/", {"violation_type": "sara"})
    assert response.status_code in (403, 404)
    finding.refresh_from_db()
    assert finding.violation_type == "apk"

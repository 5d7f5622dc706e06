"""Permission-matrix factories: a report placed in the given region, carrying the marker in its text."""

from __future__ import annotations

import io

from django.utils import timezone
from PIL import Image


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 40, 40)).save(out, format="JPEG")
    return out.getvalue()


def make_report(region_code: str, marker: str, with_photo: bool = False):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pantau.regions.models import Region
    from pantau.reports import services

    today = timezone.localdate().isoformat()
    place = Region.objects.filter(code__startswith=region_code + ".", level="desa").order_by("-code").first()  # not in kecamatan .01 (Panwascam)
    data = {
        "kind": "laporan", "event_date": today, "known_date": today, "kabupaten": region_code[:5],
        "kecamatan": place.code[:8], "desa": place.code, "category_hint": "politik_uang",
        "description": f"Amplop Rp50.000 dibagikan dengan syarat memilih paslon nomor 2. {marker}",
        "reported_name": "Terlapor fiktif", "reported_role": "tim sukses", "reporter_type": "pemilih",
        "reporter_name": "Pelapor Fiktif", "reporter_nik": "1571010101900009", "reporter_address": "Alamat fiktif",
        "reporter_phone": "080000000001", "declaration": "on",
    }
    files = [SimpleUploadedFile("bukti.jpg", _photo(), content_type="image/jpeg")] if with_photo else []
    report = services.submit_report(data, files, notify=False, ip=f"10.9.{len(marker)}.1",
                                    idempotency_key=marker)
    services.make_public_copies(report)
    return report


def make_attachment_route(region_code: str, marker: str):
    report = make_report(region_code, marker, with_photo=True)
    return {"pk": report.attachments.first().pk, "variant": "publik"}


def make_duplicate_route(region_code: str, marker: str):
    from pantau.reports.models import DuplicateSuggestion

    first = make_report(region_code, marker + "-a")
    second = make_report(region_code, marker + "-b")
    suggestion = DuplicateSuggestion.objects.create(report=second, candidate=first, score=0.9)
    return {"pk": second.pk, "suggestion_id": suggestion.pk}


FACTORIES = {
    "report-detail": make_report,
    "report-reveal-identity": make_report,
    "reports:detail": make_report,
    "reports:reveal": make_report,
    "reports:status": make_report,
    "reports:duplicate": make_duplicate_route,
    "reports:attachment": make_attachment_route,
}

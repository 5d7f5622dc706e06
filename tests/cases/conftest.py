"""Fixtures for the cases tests: the Pilkada 2024 election, reports (through the reports service) and findings."""

from __future__ import annotations

import datetime as dt
import itertools
from importlib.resources import files

import pytest
from django.utils import timezone

_SEQUENCE = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_letters(settings):
    # Letters are real PDFs (WeasyPrint, ~0.3 s each); tests that check them turn this back on.
    settings.PANTAU_CASE_LETTERS = False


@pytest.fixture
def election(jambi_regions):
    from pantau.elections.loading import load_election

    return load_election(files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))


@pytest.fixture
def users(demo_users, election):
    from pantau.accounts.models import Role, User

    extra = {
        "kotajambi.pimpinan": (Role.LEADERSHIP, "15.71"),
        "kotajambi.penanganan2": (Role.HANDLER, "15.71"),
    }
    out = dict(demo_users)
    for username, (role, code) in extra.items():
        user, _ = User.objects.get_or_create(username=username, defaults={"role": role, "jurisdiction_id": code,
                                                                          "email": f"{username}@example.org"})
        out[username] = user
    return out


def make_report(region_code: str, *, kind: str = "laporan", known: dt.date | None = None,
                received_at: dt.datetime | None = None, description: str = "") -> object:
    """A report through `pantau.reports.services.submit_report` (the way the public form creates one)."""
    from pantau.reports.services import ReportInvalid, submit_report

    received_at = received_at or timezone.now()
    known = known or timezone.localtime(received_at).date()
    data = {
        "kind": kind,
        "region": region_code,
        "kabupaten": region_code[:5],
        "event_date": known.isoformat(),
        "known_date": known.isoformat(),
        "description": description or "Tim sukses membagikan amplop berisi uang Rp100.000 kepada warga RT "
                                      f"{next(_SEQUENCE)} agar memilih pasangan nomor urut 2 pada hari pemungutan "
                                      "suara.",
        "category_hint": "politik_uang",
        "reported_name": "Tim sukses fiktif",
        "reported_role": "koordinator kecamatan",
        "reporter_type": "pemilih",
        "reporter_name": "Pelapor Fiktif Satu",
        "reporter_nik": "1571010101900001",
        "reporter_address": "Jl. Contoh No. 1, Jambi",
        "reporter_phone": "081234567890",
        "declaration": "on",
        "witnesses": "Saksi Fiktif (tetangga)",
    }
    try:
        return submit_report(data, received_at=received_at, notify=False)
    except ReportInvalid as exc:  # pragma: no cover - shows the form errors when the reports form changes
        raise AssertionError(f"laporan uji ditolak: {getattr(exc, 'errors', exc)}") from exc


@pytest.fixture
def report_factory(election):
    return make_report


@pytest.fixture
def finding_factory(users, election):
    from pantau.cases import services

    def make(region_code="15.71", *, known=None, actor="kotajambi.penanganan", title="Baliho di sekolah"):
        known = known or timezone.localdate()
        return services.create_finding(
            users[actor], region=region_code, title=title, description="APK paslon terpasang di pagar sekolah.",
            known_on=known, plenary_on=known, reported_party="Tim kampanye fiktif",
        )

    return make

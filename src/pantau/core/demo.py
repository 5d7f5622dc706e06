"""The demo data set: Jambi regions, Pilkada 2024 (fictional candidates), users, partners, and each feature
app's own demo records (`pantau.<app>.demo.load(ctx)`), seeded so every run builds the same data."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from importlib.resources import files

from django.conf import settings
from django.db import transaction

from pantau.accounts.models import Institution, Role, User
from pantau.audit.context import acting_as
from pantau.elections.loading import load_election
from pantau.elections.models import Election
from pantau.partners.models import Agreement, AgreementScope, Member, Organisation, OrganisationKind, Training
from pantau.regions.loading import load_boundaries, load_regions
from pantau.regions.models import Region

DEMO_PASSWORD = "pantau-demo"  # noqa: S105 - documented demo credential, refused outside demo mode
FEATURE_APPS = ("reports", "monitoring", "cases", "dashboard")

# username, role, jurisdiction, extra, description
DEMO_USERS = [
    ("admin", None, None, {"is_superuser": True, "is_staff": True}, "Administrator sistem"),
    ("provinsi.pimpinan", Role.LEADERSHIP, "15", {}, "Pimpinan Bawaslu Provinsi Jambi"),
    ("provinsi.analis", Role.ANALYST, "15", {}, "Analis siber Bawaslu Provinsi"),
    ("provinsi.penanganan", Role.HANDLER, "15", {}, "Penanganan pelanggaran, Bawaslu Provinsi"),
    ("kotajambi.penanganan", Role.HANDLER, "15.71", {}, "Penanganan pelanggaran, Bawaslu Kota Jambi"),
    ("kotajambi.analis", Role.ANALYST, "15.71", {}, "Analis, Bawaslu Kota Jambi"),
    ("kerinci.penanganan", Role.HANDLER, "15.01", {}, "Penanganan pelanggaran, Bawaslu Kabupaten Kerinci"),
    ("panwascam.telanaipura", Role.PANWASCAM, "15.71.01", {}, "Panwascam (Kota Jambi, kecamatan 15.71.01)"),
    ("mitra.koordinator", Role.PARTNER_COORDINATOR, "15", {"org": 0}, "Koordinator mitra (organisasi mahasiswa)"),
    ("mitra.pemantau", Role.PARTNER_MONITOR, "15.71", {"org": 0}, "Pemantau mitra di Kota Jambi"),
    ("gakkumdu.polda", Role.LIAISON, "15", {"institution": Institution.POLRI}, "Penghubung Gakkumdu Polda Jambi"),
]

FIRST_NAMES = ["Andi", "Budi", "Citra", "Dian", "Eka", "Fajar", "Gita", "Hadi", "Intan", "Joni", "Kiki", "Lia",
               "Mira", "Nanda", "Oki", "Putri", "Rudi", "Sari", "Tono", "Uli", "Vina", "Wawan", "Yogi", "Zahra"]
LAST_NAMES = ["Pratama", "Saputri", "Hidayat", "Lestari", "Nugroho", "Wulandari", "Syahputra", "Anggraini", "Siregar",
              "Harahap", "Sembiring", "Rahmawati", "Kusuma", "Firmansyah"]

DEMO_ORGANISATIONS = [
    ("Forum Mahasiswa Pengawas Pemilu Jambi", OrganisationKind.STUDENT, "15"),
    ("Pemuda Peduli Demokrasi Kerinci", OrganisationKind.YOUTH, "15.01"),
    ("Jaringan Media Siber Jambi", OrganisationKind.CYBER_MEDIA, "15"),
    ("Lingkar Perempuan Pemantau Muaro Jambi", OrganisationKind.COMMUNITY, "15.05"),
    ("Pusat Kajian Demokrasi Universitas Fiktif Jambi", OrganisationKind.ACADEMIC, "15.71"),
]


@dataclass
class DemoContext:
    election: Election
    users: dict[str, User]
    organisations: list[Organisation]
    rng: random.Random = field(default_factory=lambda: random.Random(2024))  # noqa: S311 - demo data, not security

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"


def _shared_geo_files() -> list[str]:
    geo = settings.SHARED_DIR / "geo"
    return [str(p) for p in (geo / "jambi_kabkota.geojson", geo / "jambi_kecamatan.geojson") if p.exists()]


def _users(organisations) -> dict[str, User]:
    users = {}
    for username, role, code, extra, description in DEMO_USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name = description.split(",")[0][:150]
        user.role = role or ""
        user.jurisdiction_id = code
        user.is_superuser = extra.get("is_superuser", False)
        user.is_staff = extra.get("is_staff", False)
        user.institution = extra.get("institution", "")
        user.organisation = organisations[extra["org"]] if "org" in extra else None
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    return users


def _partners(ctx_rng: random.Random) -> list[Organisation]:
    orgs = []
    for index, (name, kind, code) in enumerate(DEMO_ORGANISATIONS):
        org, created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "region_id": code, "contact_name": "Sekretariat"}
        )
        orgs.append(org)
        if not created:
            continue
        Agreement.objects.create(
            organisation=org,
            number=f"{index + 1:03d}/PKS/BAWASLU-JMB/VIII/2024",
            signed_on=date(2024, 8, 20 + index),
            scopes=[AgreementScope.PARTICIPATORY] + ([AgreementScope.CYBER] if kind == OrganisationKind.CYBER_MEDIA else []),
            valid_from=date(2024, 8, 20 + index),
            valid_until=date(2025, 3, 31),
            region_id=code,
        )
        kab_codes = [code] if code.count(".") else ["15.71", "15.05", "15.01", "15.04", "15.03"]
        members = [
            Member.objects.create(
                organisation=org,
                name=f"{ctx_rng.choice(FIRST_NAMES)} {ctx_rng.choice(LAST_NAMES)}",
                region_id=ctx_rng.choice(kab_codes),
                joined_on=date(2024, 9, 1),
                active=ctx_rng.random() > 0.15,
            )
            for _ in range(ctx_rng.randint(6, 14))
        ]
        for n, held_on in enumerate((date(2024, 9, 10), date(2024, 10, 15))):
            training = Training.objects.create(
                organisation=org,
                kind=Training.Kind.TRAINING if n == 0 else Training.Kind.SOCIALISATION,
                title="Pelatihan pengawasan partisipatif" if n == 0 else "Sosialisasi tolak politik uang",
                held_on=held_on,
                region_id=code,
                other_attendees=ctx_rng.randint(5, 40),
            )
            training.attendees.set(ctx_rng.sample(members, k=min(len(members), ctx_rng.randint(3, 8))))
    return orgs


def build_demo(stdout=None) -> DemoContext:
    if not settings.DEMO_MODE:
        raise RuntimeError("Data demo hanya dibuat dalam mode demo (PANTAU_DEMO=1).")
    say = stdout.write if stdout else (lambda _msg: None)
    with acting_as(label="demo"):
        if not Region.objects.filter(pk="15").exists():
            say("Memuat wilayah Provinsi Jambi…")
            load_regions("15")
        for geo in _shared_geo_files():  # optional: without them the map draws points at centroids
            load_boundaries(geo)
        election = load_election(files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))
        rng = random.Random(2024)  # noqa: S311
        with transaction.atomic():
            organisations = _partners(rng)
            users = _users(organisations)
            member = Member.objects.filter(organisation=organisations[0], region_id="15.71").first()
            if member and not member.user_id:
                member.user = users["mitra.pemantau"]
                member.save()
        ctx = DemoContext(election=election, users=users, organisations=organisations, rng=rng)
        for app in FEATURE_APPS:
            try:
                module = import_module(f"pantau.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"pantau.{app}.demo":
                    raise
                continue
            say(f"Data demo: {app}…")
            module.load(ctx)
    return ctx

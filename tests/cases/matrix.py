"""Permission-matrix factories: one record per route in the given region (15.71 for the matrix)."""

from __future__ import annotations

from importlib.resources import files

from django.utils import timezone


def _election():
    from pantau.elections.loading import load_election
    from pantau.elections.models import Election

    return Election.objects.filter(slug="pilkada-2024-jambi").first() or load_election(
        files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))


def _actor(region_code):
    from pantau.accounts.models import Role, User

    user, _ = User.objects.get_or_create(username=f"matrix.penanganan.{region_code}",
                                         defaults={"role": Role.HANDLER, "jurisdiction_id": region_code})
    return user


def make_finding(region_code, marker):
    from pantau.cases import services

    _election()
    return services.create_finding(_actor(region_code), region=region_code, title=f"Temuan {marker}",
                                   description=f"Uraian {marker}", known_on=timezone.localdate(),
                                   evidence_files=[(f"bukti {marker}".encode(), "text/plain", f"{marker}.txt")])


def make_case(region_code, marker):
    from pantau.cases import services

    return services.open_case_from_finding(make_finding(region_code, marker), _actor(region_code),
                                           title=f"Kasus {marker}")


def make_referral(region_code, marker):
    """A referral to KPU (not to the police: the police liaison must not see it)."""
    from pantau.cases import services

    actor = _actor(region_code)
    case = make_case(region_code, marker)
    services.register(case, actor)
    services.start_review(case, actor)
    services.decide(case, actor, decision_type="administrasi", reason=f"Putusan {marker}")
    services.refer(case, actor, institution="kpu", reason=f"Penerusan {marker}")
    return case.referrals.get()


def make_document(region_code, marker):
    from pantau.cases import services

    case = make_case(region_code, marker)
    services.add_document(case, _actor(region_code), content=f"berita acara {marker}".encode(),
                          content_type="text/plain", name=f"ba-{marker}.txt", title=f"Berita acara {marker}")
    return case.documents.get()


def make_evidence(region_code, marker):
    return make_finding(region_code, marker).evidence.get()


FACTORIES = {
    "cases:detail": make_case,
    "cases:action": make_case,
    "cases:bundle": make_case,
    "cases:referral_action": make_referral,
    "cases:document": make_document,
    "cases:evidence": make_evidence,
    "cases:finding_detail": make_finding,
    "cases:finding_open_case": make_finding,
    "cases:finding_set_type": make_finding,
    "case-detail": make_case,
    "case-transitions": make_case,
    "finding-detail": make_finding,
    "referral-detail": make_referral,
}



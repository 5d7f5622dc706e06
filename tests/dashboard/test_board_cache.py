"""Built boards are cached per scope and data version, and the refresh builds the offices' default boards."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.http import QueryDict

from pantau.dashboard.services import report
from pantau.dashboard.services.filters import parse
from pantau.dashboard.services.metrics import data_version
from pantau.dashboard.services.refresh import refresh


@pytest.fixture
def counting_builds(monkeypatch):
    calls = []
    real = report.build

    def build(f, user, **kwargs):
        calls.append((user.username, f.area.code))
        return real(f, user, **kwargs)

    monkeypatch.setattr(report, "build", build)
    return calls


@pytest.mark.django_db
def test_refresh_task_builds_default_boards_then_pages_are_served_from_them(synthetic, demo_users, counting_builds,
                                                                             client_for):
    from pantau.dashboard.tasks import refresh_stats

    cache.clear()
    _new_item()
    result = refresh_stats.delay().get()
    assert result["rows"]["content"] > 0
    # province and kab/kota staff: one board per role and jurisdiction; Panwascam (kecamatan) and partners: none
    staff = [u for u in demo_users.values() if u.is_active and u.jurisdiction_id and u.jurisdiction_id.count(".") < 2
             and u.is_bawaslu]
    assert result["boards"] == len({(u.role, u.jurisdiction_id) for u in staff})
    assert {area for _user, area in counting_builds} == {u.jurisdiction_id for u in staff}
    counting_builds.clear()
    page = client_for("kotajambi.analis").get("/dasbor/")
    assert page.status_code == 200
    assert counting_builds == []  # served from the board built by the refresh


@pytest.mark.django_db
def test_a_board_is_shared_only_within_the_same_role_and_jurisdiction(synthetic, demo_users, counting_builds):
    cache.clear()
    kota, kerinci = demo_users["kotajambi.penanganan"], demo_users["kerinci.penanganan"]
    province = demo_users["provinsi.penanganan"]
    report.cached_board(parse(QueryDict(""), kota), kota)
    report.cached_board(parse(QueryDict(""), kerinci), kerinci)
    # the province handler looking at Kota Jambi: same area and filter, other jurisdiction → its own board
    report.cached_board(parse(QueryDict("region=15.71"), province), province)
    assert [area for _user, area in counting_builds] == ["15.71", "15.01", "15.71"]


@pytest.mark.django_db
def test_data_version_moves_only_when_a_refresh_changes_figures(synthetic):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    # later than the refresh's safety margin, so rows written by the fixture are not "changed" any more
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=True):
        refresh()
        before = data_version()
        assert not any(refresh().rows.values())
        assert data_version() == before
        _new_item()
        assert refresh().rows["content"] > 0
        assert data_version() != before


def _new_item():
    from django.utils import timezone

    from pantau.monitoring.models import ContentItem

    return ContentItem.objects.create(platform="twitter", external_id="baru-1", dedup_key="twitter:id:baru-1",
                                      content_hash="b" * 64, text="amplop 50rb", region_id="15.71", author_handle="akun_baru",
                                      first_seen_at=timezone.now(), published_at=timezone.now(), labels=["politik_uang"])


@pytest.mark.django_db
def test_province_rows_sum_the_kecamatan_rows_after_full_and_incremental_refresh(synthetic):
    from datetime import timedelta

    import time_machine
    from django.db.models import Sum
    from django.utils import timezone

    from pantau.dashboard.models import ActorStat, DailyStat, Grain

    def totals():
        actors = {(kind, grain): ActorStat.objects.filter(kind=kind, grain=grain).aggregate(n=Sum("count"))["n"]
                  for kind in ActorStat.Kind.values for grain in (Grain.KECAMATAN, Grain.PROVINCE)}
        stats = {grain: DailyStat.objects.filter(grain=grain).aggregate(n=Sum("count"))["n"]
                 for grain in (Grain.KECAMATAN, Grain.KABUPATEN, Grain.PROVINCE)}
        return actors, stats

    def assert_consistent():
        actors, stats = totals()
        for kind in ActorStat.Kind.values:
            assert actors[(kind, Grain.PROVINCE)] == actors[(kind, Grain.KECAMATAN)], kind
        assert stats[Grain.PROVINCE] == stats[Grain.KABUPATEN] == stats[Grain.KECAMATAN]
        return actors

    before = assert_consistent()
    assert before[(ActorStat.Kind.ACCOUNT, Grain.KECAMATAN)]  # the data set has flagged accounts
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=True):
        _new_item()
        refresh()
    after = assert_consistent()
    assert after[(ActorStat.Kind.ACCOUNT, Grain.KECAMATAN)] == before[(ActorStat.Kind.ACCOUNT, Grain.KECAMATAN)] + 1

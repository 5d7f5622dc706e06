"""The "largest near-duplicate narratives" panel counts group members by the day they were posted, so an archive
imported today fills the 2024 panel (the groups' own timestamps are the import time); incremental refreshes follow
groups that grow, also when a founder stored earlier joins; areas see only their own members and excerpts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from pantau.dashboard.models import ActorStat, RefreshState
from pantau.dashboard.services import filters, metrics
from pantau.dashboard.services.refresh import refresh

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))
HOAX = "INFO A1!! Paslon nomor 2 ketahuan pakai ijazah palsu, KPU tutup mata saja. Sebarkan sebelum dihapus!"
OTHER = "Kopi pagi di {place} sambil bahas visi misi calon nomor {n}, warga antusias menunggu debat"


def _export(rows: list[tuple[str, str, dt.datetime, str]]) -> bytes:
    return "\n".join(json.dumps({"id": key, "platform": "facebook", "username": f"akun_{key}", "text": text,
                                 "url": f"https://facebook.com/akun_{key}/posts/{i}", "created_at": at.isoformat(),
                                 "wilayah": code}, ensure_ascii=False)
                     for i, (key, text, at, code) in enumerate(rows)).encode()


def _import(user, rows) -> None:
    from pantau.monitoring import services
    from pantau.monitoring.tasks import extract_import_batch

    batch = services.submit_import(user, data=_export(rows), filename="arsip-2024.jsonl", fmt="jsonl",
                                   region_code="15", enqueue=False,
                                   options={"mapping": {"text": "text", "external_id": "id", "author_handle": "username",
                                                        "published_at": "created_at", "url": "url",
                                                        "region_code": "wilayah", "platform": "platform"}})
    extract_import_batch.delay(batch.pk)


def _panel(user, code="15", start="2024-09-25", end="2024-11-27"):
    f = filters.parse({"region": code, "from": start, "to": end}, user)
    return metrics.narratives(f, user)


@pytest.fixture
def archive(demo_users, election):
    """A 2024 archive imported today: one hoax copied 4× in Kota Jambi and 2× in Kerinci, a pair of posts about
    coffee in Kerinci, and one lone post."""
    from pantau.monitoring.models import NearDupGroup

    rows = [(f"h{i}", HOAX, dt.datetime(2024, 11, 10 + i, 9, tzinfo=WIB), "15.71")
            for i in range(4)]
    rows += [(f"k{i}", HOAX, dt.datetime(2024, 11, 20, 9 + i, tzinfo=WIB), "15.01")
             for i in range(2)]
    rows += [(f"c{i}", OTHER.format(place="Kerinci", n=1), dt.datetime(2024, 10, 1, 8 + i, tzinfo=WIB), "15.01")
             for i in range(2)]
    rows += [("x0", "Jalan ke Sungai Penuh rusak lagi setelah hujan deras semalam", dt.datetime(2024, 10, 2, tzinfo=WIB),
              "15.72")]
    _import(demo_users["provinsi.analis"], rows)
    groups = list(NearDupGroup.objects.order_by("-item_count"))
    assert [g.item_count for g in groups] == [6, 2]
    # What hid the panel: a group's own timestamps are when Pantau saw it, not when it was posted.
    assert all(g.first_seen_at.date() >= timezone.localdate() - dt.timedelta(days=1) for g in groups)
    refresh(full=True)
    return groups


def test_archive_imported_today_fills_the_2024_panel(demo_users, archive):
    admin = demo_users["admin"]
    panel = _panel(admin)
    assert [row["items"] for row in panel] == [6, 2]
    hoax = panel[0]
    assert hoax["id"] == archive[0].pk and "ijazah palsu" in hoax["excerpt"]
    assert hoax["first_seen"] == dt.date(2024, 11, 10) and hoax["last_seen"] == dt.date(2024, 11, 20)
    assert hoax["region"].startswith("Kota Jambi") and "Kerinci" in hoax["region"]
    # A window holding part of the posts counts that part; today's window (the import day) holds none.
    assert [row["items"] for row in _panel(admin, start="2024-11-10", end="2024-11-11")] == [2]
    today = timezone.localdate().isoformat()
    assert _panel(admin, start=today, end=today) == []
    # The province dashboard shows it.
    html = _client(admin).get("/dasbor/?from=2024-09-25&to=2024-11-27").content.decode()
    assert "ijazah palsu" in html and "Tidak ada kelompok narasi pada periode ini." not in html


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_each_area_counts_and_quotes_its_own_members(demo_users, archive):
    kerinci = _panel(demo_users["kerinci.penanganan"], code="15.01")
    assert sorted(row["items"] for row in kerinci) == [2, 2]
    hoax = next(row for row in kerinci if row["id"] == archive[0].pk)
    assert "Kota Jambi" not in hoax["region"]
    kota = _panel(demo_users["kotajambi.penanganan"], code="15.71")
    assert [(row["id"], row["items"]) for row in kota] == [(archive[0].pk, 4)]
    # The excerpt is one of the area's own members (same text here; the platform is the member's).
    assert "ijazah palsu" in kota[0]["excerpt"]


def test_incremental_refresh_follows_groups_that_grow(demo_users, archive):
    from pantau.monitoring.models import ContentItem, NearDupGroup

    admin = demo_users["admin"]
    group = archive[1]
    RefreshState.objects.update(watermark=timezone.now() - dt.timedelta(minutes=1))
    # A founder stored long ago (its day is not among the days that changed) joins the group now, as the
    # pipeline does when a later chunk brings its copy: item row unchanged but for `group`, group's
    # last_seen_at moved.
    old = ContentItem.objects.create(
        platform="facebook", external_id="lama", dedup_key="facebook:id:lama", content_hash="9" * 64,
        text=OTHER.format(place="Kerinci", n=1), published_at=dt.datetime(2024, 9, 30, 7, tzinfo=WIB),
        first_seen_at=timezone.now() - dt.timedelta(days=30), region_id="15.01.01", labels=[])
    refresh()  # the founder's own arrival is older than the watermark: not counted yet
    assert next(r["items"] for r in _panel(admin) if r["id"] == group.pk) == 2
    ContentItem.objects.filter(pk=old.pk).update(group=group)
    NearDupGroup.objects.filter(pk=group.pk).update(item_count=3, last_seen_at=timezone.now())
    refresh()
    assert next(r["items"] for r in _panel(admin) if r["id"] == group.pk) == 3
    # Rebuilding everything gives the same rows (each member counted once).
    incremental = sorted(ActorStat.objects.filter(kind=ActorStat.Kind.GROUP).values_list("day", "region_id",
                                                                                          "actor", "count"))
    refresh(full=True)
    assert sorted(ActorStat.objects.filter(kind=ActorStat.Kind.GROUP).values_list("day", "region_id", "actor",
                                                                                     "count")) == incremental

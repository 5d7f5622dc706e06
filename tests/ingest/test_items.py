from datetime import UTC, datetime, timedelta, timezone

import pytest

from pantau.ingest.items import RawItem, canonical_url, content_hash, normalize_text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://twitter.com/BudiJambi/status/123?s=20&t=abc", "https://x.com/BudiJambi/status/123"),
        ("http://mobile.twitter.com/BudiJambi/status/123", "https://x.com/BudiJambi/status/123"),
        ("https://X.COM/BudiJambi/status/123/", "https://x.com/BudiJambi/status/123"),
        (
            "https://m.facebook.com/story.php?story_fbid=99&id=12&fbclid=IwAR0x",
            "https://facebook.com/story.php?id=12&story_fbid=99",
        ),
        (
            "https://www.Jambi-Ekspres.co.id/berita/paslon-2?utm_source=wa&utm_medium=share&b=2&a=1#komentar",
            "https://jambi-ekspres.co.id/berita/paslon-2?a=1&b=2",
        ),
        ("https://youtu.be/dQw4w9WgXcQ?si=XYZ", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=abc&feature=shared", "https://youtube.com/watch?v=abc"),
        ("https://www.instagram.com/p/Cx1/?igshid=MzRlODBiNWFlZA==", "https://instagram.com/p/Cx1"),
        ("https://example.id:443/a/./b/../c", "https://example.id/a/c"),
        ("https://example.id:8080/a?gclid=1&ref=home", "https://example.id:8080/a"),
        ("example.id/berita", "https://example.id/berita"),
        ("https://m.detik.com/pilkada/d-1", "https://detik.com/pilkada/d-1"),
        ("https://example.id/a%7eb?q=serangan%20fajar", "https://example.id/a~b?q=serangan%20fajar"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent():
    u = canonical_url("https://mobile.twitter.com/a/status/1?utm_campaign=x&z=1&a=2#f")
    assert canonical_url(u) == u


@pytest.mark.parametrize("bad", ["", "   ", "ftp://example.id/x", "javascript:alert(1)", "https://:80/"])
def test_canonical_url_rejects(bad):
    with pytest.raises(ValueError):
        canonical_url(bad)


def test_content_hash_normalises_case_whitespace_and_zero_width():
    a = content_hash("Serangan  FAJAR\n besok pagi,\u200b paslon nomor 2")
    b = content_hash("serangan fajar besok pagi, paslon nomor 2 ")
    assert a == b
    assert len(a) == 64
    assert content_hash("serangan fajar") != content_hash("serangan siang")
    # NFKC: full-width digits and ligatures fold
    assert normalize_text("ｎｏｍｏｒ ２") == "nomor 2"


def test_raw_item_defaults_and_identity():
    item = RawItem(
        platform="twitter",
        external_id=None,
        text="Amplop 50rb",
        url="https://twitter.com/a/status/1?s=19",
        published_at=datetime(2024, 11, 20, 8, 0, tzinfo=timezone(timedelta(hours=7))),
    )
    assert item.canonical_url == "https://x.com/a/status/1"
    assert item.published_at == datetime(2024, 11, 20, 1, 0, tzinfo=UTC)
    assert item.published_at.tzinfo is UTC
    assert item.dedup_key == "twitter:url:https://x.com/a/status/1"
    assert item.to_dict()["published_at"] == "2024-11-20T01:00:00+00:00"
    assert item.reach == 0


def test_raw_item_refuses_naive_datetime():
    with pytest.raises(ValueError):
        RawItem(platform="web", external_id="1", text="x", published_at=datetime(2024, 11, 20))

import time
from datetime import UTC, datetime

import pytest

from pantau.ingest.extract import MAX_HTML_BYTES, decode_html, extract, html_to_text
from pantau.ingest.feeds import import_feed
from pantau.ingest.importers import detect_format, import_file


def test_rss_sample(sample):
    r = import_feed(sample("rss_media_lokal.xml"))
    assert not r.fatal
    assert len(r.items) == 3 and r.error_count == 1 and r.errors[0].row == 4
    first = r.items[0]
    assert first.platform == "rss" and first.kind == "article"
    assert first.external_id == "wartajambi-118201"
    assert first.title.startswith("Bawaslu Kota Jambi Telusuri")
    assert first.author_name == "Rina Wati"
    assert first.published_at == datetime(2024, 11, 26, 0, 15, tzinfo=UTC)
    assert "amplop 50rb" in first.text and "Paal Merah" in first.text  # content:encoded wins over description
    assert "alert" not in first.text  # scripts never reach the text
    assert first.canonical_url == "https://wartajambi.example.id/pilkada/2024/11/26/bawaslu-telusuri-amplop"
    assert first.media == ["https://wartajambi.example.id/img/amplop.jpg"]
    assert first.lang == "id"
    assert r.items[2].published_at is None  # unparsable pubDate: kept, without a date


def test_atom_sample_resolves_relative_links(sample):
    r = import_feed(sample("atom_media_lokal.xml"), feed_url="https://kabarspn.example.id/feed.xml")
    assert len(r.items) == 2
    first = r.items[0]
    assert first.url == "https://kabarspn.example.id/berita/asn-twibbon-paslon"
    assert first.title == "ASN Pakai Twibbon Paslon, Bawaslu Sungai Penuh Panggil Klarifikasi"
    assert first.text == "Seorang ASN di Kota Sungai Penuh memasang twibbon paslon di media sosial."
    assert first.published_at == datetime(2024, 11, 22, 2, 30, tzinfo=UTC)
    assert r.items[1].published_at == datetime(2024, 11, 21, 20, 0, tzinfo=UTC)  # only <updated>


@pytest.mark.parametrize("blob", [b"", b"<html><body>bukan feed</body></html>", b"\x00\x01\x02", b'{"a": 1}'])
def test_feed_refuses_non_feeds(blob):
    r = import_feed(blob)
    assert r.fatal and r.errors[0].message


def test_feed_never_fetches_a_url(monkeypatch):
    import urllib.request

    def boom(*a, **k):
        raise AssertionError("feedparser tried the network")

    monkeypatch.setattr(urllib.request, "urlopen", boom)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", boom)
    r = import_feed(b"http://169.254.169.254/latest/meta-data/")
    assert r.fatal


def test_feed_billion_laughs_is_harmless():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title><link>https://a.id/1</link></item></channel></rss>"""
    t = time.monotonic()
    r = import_feed(bomb)
    assert time.monotonic() - t < 10
    for item in r.items:
        assert len(item.title or "") < 1_000_000


def test_rss_is_registered_and_detected(sample):
    assert detect_format("feed.xml", sample("rss_media_lokal.xml")[:2048]) == "rss"
    assert detect_format(None, sample("atom_media_lokal.xml")[:2048]) == "rss"
    assert len(import_file("rss", sample("rss_media_lokal.xml")).items) == 3


# --------------------------------------------------------------------------------------------------- extract


def test_extract_news_article(sample):
    e = extract(sample("artikel_berita.html"), "https://suaramerangin.example.id/berita/kades-tabir")
    assert e.method == "trafilatura"
    assert e.title == "Kades di Tabir Diduga Arahkan Warga Pilih Calon Tertentu"
    assert e.author == "Dewi Lestari"
    assert e.published_at == datetime(2024, 11, 24, 1, 30, tzinfo=UTC)
    assert "kepala desa di Kecamatan Tabir" in e.text
    assert "Pasal 71" in e.text
    for junk in ("Promo pulsa", "Harga karet", "Hak cipta", "tracking", "display:block"):
        assert junk not in e.text
    assert e.sitename == "Suara Merangin" and e.lang == "id"
    item = e.to_raw_item()
    assert item.platform == "web" and item.kind == "article"
    assert item.canonical_url == "https://suaramerangin.example.id/berita/kades-tabir"


def test_extract_falls_back_when_trafilatura_finds_nothing():
    e = extract(b"<html><head><title>Judul</title></head><body><div>Amplop 50rb</div></body></html>")
    assert e.title == "Judul"
    assert "Amplop 50rb" in e.text


def test_extract_survives_trafilatura_crash(monkeypatch):
    import trafilatura

    def crash(*a, **k):
        raise RecursionError("boom")

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    e = extract("<p>Serangan fajar di Telanaipura</p>")
    assert e.method == "fallback" and "Serangan fajar" in e.text
    assert any("trafilatura gagal" in w for w in e.warnings)


@pytest.mark.parametrize(
    "bomb",
    [
        "<div>" * 200_000 + "teks" + "</div>" * 200_000,  # deep nesting
        "<p>a</p>" * 300_000,  # very many elements
        "<script>" + "x" * 2_000_000,  # unterminated script
        "&amp;" * 1_000_000,  # entity flood
        "\x00\xff<<<>>>&&&;;" * 100_000,  # binary garbage
    ],
)
def test_extract_hostile_html_is_bounded(bomb):
    t = time.monotonic()
    e = extract(bomb.encode("utf-8", "ignore"))
    assert time.monotonic() - t < 20
    assert len(e.text) <= 200_000


def test_extract_truncates_huge_input():
    big = b"<html><body><p>" + b"kata " * (MAX_HTML_BYTES // 4) + b"</p></body></html>"
    e = extract(big)
    assert e.truncated and any("dipotong" in w for w in e.warnings)


def test_html_to_text_and_decode():
    assert html_to_text("<p>a<br>b</p><script>x()</script><style>p{}</style>&amp; c") == "a\nb\n& c"
    assert html_to_text("plain") == "plain"
    assert decode_html(b"<meta charset='windows-1252'>caf\xe9").endswith("café")
    assert decode_html("café".encode(), "text/html; charset=utf-8").endswith("café")
    assert decode_html(b"\xe9t\xe9").endswith("été")  # invalid UTF-8 -> cp1252

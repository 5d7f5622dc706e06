"""A source fetched for real: a local HTTP server on 127.0.0.1 serves an RSS feed and article pages, and the
eager task path (fetch_source → extract_capture → classify → persist) stores WARC evidence and fills the
analyst queue. The fetcher's SSRF guard is relaxed for private addresses only through the test setting."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest

from pantau.evidence.models import CustodyEntry
from pantau.evidence.store import open_blob
from pantau.ingest.package import verify_package
from pantau.ingest.warc import verify_warc
from pantau.monitoring import adapters, services
from pantau.monitoring.models import ContentItem, Source
from pantau.monitoring.tasks import fetch_source

ARTICLE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Warga Kota Jambi resah soal amplop | Media Lokal</title>
<meta property="og:title" content="Warga Kota Jambi resah soal amplop 50rb menjelang pencoblosan">
<meta property="article:published_time" content="2024-11-25T09:00:00+07:00">
<meta name="author" content="Redaksi Media Lokal"></head>
<body><nav>Beranda | Politik | Daerah</nav><article><h1>Warga Kota Jambi resah soal amplop 50rb</h1>
<p>Sejumlah warga di Kecamatan Telanaipura, Kota Jambi, mengaku didatangi orang tak dikenal yang membagikan
amplop 50rb per kepala keluarga sambil meminta mereka memilih pasangan calon tertentu pada hari pencoblosan.</p>
<p>Ketua RT setempat mengatakan pembagian dilakukan malam hari dan warga diminta membawa fotokopi KTP.
Bawaslu Kota Jambi menyatakan akan menelusuri laporan tersebut bersama Panwascam.</p>
</article><footer>Hak cipta Media Lokal</footer></body></html>"""


def _feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Media Lokal Jambi</title><link>{base}/</link>
<description>Berita daerah</description><language>id</language>
<item><title>Warga resah soal amplop 50rb</title><link>{base}/berita/1</link><guid>{base}/berita/1</guid>
<pubDate>Mon, 25 Nov 2024 02:00:00 GMT</pubDate>
<description>Warga Kota Jambi mengaku menerima amplop 50rb per kepala menjelang pencoblosan.</description></item>
<item><title>Jembatan baru diresmikan</title><link>{base}/berita/2</link><guid>{base}/berita/2</guid>
<pubDate>Mon, 25 Nov 2024 03:00:00 GMT</pubDate>
<description>Jembatan penghubung dua kecamatan diresmikan pagi ini.</description></item>
</channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str | None]] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        base = f"http://127.0.0.1:{self.server.server_port}"
        type(self).requests.append((self.path, self.headers.get("If-None-Match")))
        if self.path == "/feed.xml":
            etag = '"feed-v1"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self._send(_feed(base).encode(), "application/rss+xml; charset=utf-8", etag)
        elif self.path.startswith("/berita/"):
            self._send(ARTICLE.encode(), "text/html; charset=utf-8")
        else:
            self.send_error(404)

    def _send(self, body: bytes, content_type: str, etag: str | None = None):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _responses(warc: bytes) -> dict[str, bytes]:
    import io

    from warcio.archiveiterator import ArchiveIterator

    return {rec.rec_headers.get_header("WARC-Target-URI"): rec.content_stream().read()
            for rec in ArchiveIterator(io.BytesIO(warc)) if rec.rec_type == "response"}


@pytest.fixture
def local_site(serve_http):
    _Handler.requests = []
    return serve_http(_Handler)


@pytest.mark.django_db
def test_rss_and_page_sources_fetched_from_a_real_server(local_site, demo_users, client_for):
    analyst = demo_users["provinsi.analis"]
    feed = services.register_source(analyst, name="Media Lokal", kind=Source.Kind.RSS,
                                    url=f"{local_site}/feed.xml", region_code="15.71")
    page = services.register_source(analyst, name="Artikel", kind=Source.Kind.PAGE,
                                    url=f"{local_site}/berita/1", region_code="15.71")

    result = fetch_source.delay(feed.pk).get()
    feed.refresh_from_db()
    assert feed.failures == 0 and feed.etag == '"feed-v1"', feed.last_status
    warc = open_blob(result["warc"])
    assert verify_warc(warc).ok
    responses = _responses(warc)
    assert list(responses) == [f"{local_site}/feed.xml"] and b"amplop 50rb" in responses[f"{local_site}/feed.xml"]
    assert CustodyEntry.objects.filter(blob_id=result["warc"], action="captured",
                                       subject=f"monitoring.Source:{feed.pk}").exists()

    items = {i.canonical_url: i for i in ContentItem.objects.filter(source=feed)}
    assert len(items) == 2
    flagged = next(i for i in items.values() if "amplop" in i.text)
    assert flagged.status == ContentItem.Status.FLAGGED and flagged.warc_blob_id == result["warc"]
    assert "politik_uang" in flagged.labels and flagged.priority > 0

    # the page source: one article item, text extracted from the HTML without the navigation
    fetch_source.delay(page.pk).get()
    article = ContentItem.objects.get(source=page)
    assert "Telanaipura" in article.text and "Beranda" not in article.text
    assert article.title.startswith("Warga Kota Jambi resah")

    queue = client_for("kotajambi.analis").get("/pengawasan/").content.decode()
    assert "amplop" in queue and "Jembatan" not in queue  # only flagged items are queued

    package = client_for("provinsi.analis").get(f"/pengawasan/butir/{flagged.pk}/bukti/")
    assert package.status_code == 200 and verify_package(package.content).ok

    # a second fetch is conditional: the server answers 304 and nothing new is stored
    blobs_before = CustodyEntry.objects.filter(action="captured").count()
    assert fetch_source.delay(feed.pk).get()["status"] == 304
    assert ("/feed.xml", '"feed-v1"') in _Handler.requests
    assert CustodyEntry.objects.filter(action="captured").count() == blobs_before
    assert ContentItem.objects.filter(source=feed).count() == 2


@pytest.mark.django_db
def test_private_address_source_is_refused_and_recorded_not_raised(settings, demo_users):
    settings.PANTAU_FETCH_ALLOW_PRIVATE = False
    adapters.reset_fetcher()
    analyst = demo_users["provinsi.analis"]
    source = services.register_source(analyst, name="Lokal", kind=Source.Kind.RSS, url="http://127.0.0.1:9/feed",
                                      region_code="15")
    try:
        result = fetch_source.delay(source.pk).get()
    finally:
        adapters.reset_fetcher()
    source.refresh_from_db()
    assert "error" in result and source.failures == 1 and source.last_status
    assert not ContentItem.objects.filter(source=source).exists()

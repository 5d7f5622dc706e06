import socket

import httpx
import pytest
import respx

from pantau.ingest.capture import capture
from pantau.ingest.fetch import Fetcher, FetchRefused, FetchSettings
from pantau.ingest.warc import verify_warc

PUBLIC_IP = "93.184.215.14"


@pytest.fixture
def fetcher():
    f = Fetcher(FetchSettings(respect_robots=False, min_host_delay=0), resolver=lambda h, p: [PUBLIC_IP])
    yield f
    f.close()


def test_capture_feed(fetcher, sample):
    with respx.mock:
        respx.get("https://wartajambi.example.id/feed").mock(
            return_value=httpx.Response(
                200,
                content=sample("rss_media_lokal.xml"),
                headers={"Content-Type": "application/rss+xml; charset=utf-8", "ETag": '"f1"'},
            )
        )
        cap = capture(fetcher, "https://wartajambi.example.id/feed")
    assert cap.kind == "feed" and len(cap.items) == 3 and len(cap.feed_errors) == 1
    assert cap.result.etag == '"f1"'
    assert verify_warc(cap.warc.data).ok


def test_capture_page(fetcher, sample):
    with respx.mock:
        respx.get("https://suaramerangin.example.id/berita/1").mock(
            return_value=httpx.Response(
                200, content=sample("artikel_berita.html"), headers={"Content-Type": "text/html"}
            )
        )
        cap = capture(fetcher, "https://suaramerangin.example.id/berita/1")
    assert cap.kind == "page" and cap.extracted.title.startswith("Kades di Tabir")
    (item,) = cap.items
    assert item.platform == "web" and item.raw["warc_sha256"] == cap.warc.sha256


def test_capture_not_modified_and_error(fetcher):
    with respx.mock:
        respx.get("https://a.example.id/feed").mock(return_value=httpx.Response(304))
        respx.get("https://a.example.id/hilang").mock(return_value=httpx.Response(404, text="tidak ada"))
        nm = capture(fetcher, "https://a.example.id/feed", etag='"f1"')
        err = capture(fetcher, "https://a.example.id/hilang")
    assert nm.kind == "not_modified" and nm.warc is None and not nm.items
    assert err.kind == "error" and err.result.status == 404 and verify_warc(err.warc.data).ok


def test_default_resolver_private_answer_is_refused(monkeypatch):
    """The real resolver path (socket.getaddrinfo monkeypatched): a public-looking name pointing inside."""

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.10.5", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with Fetcher(FetchSettings(respect_robots=False)) as f, pytest.raises(FetchRefused, match="192.168.10.5"):
        capture(f, "https://berita-jambi.example.id/")

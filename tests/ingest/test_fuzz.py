"""Property tests: importers and parsers never raise on arbitrary input; canonical URLs are stable."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantau.ingest.extract import extract, html_to_text
from pantau.ingest.importers import FORMATS, ImportResult, detect_format, import_file
from pantau.ingest.items import canonical_url, content_hash
from pantau.ingest.neardup import NearDupIndex

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)

# shapes close to the real formats, so the fuzzer reaches the per-record code
shaped = st.one_of(
    st.builds(
        lambda d, u: {"data": d, "includes": {"users": u}},
        st.lists(json_values, max_size=4),
        st.lists(json_values, max_size=3),
    ),
    st.builds(lambda v: {"data": {"videos": v}}, st.lists(json_values, max_size=4)),
    st.builds(lambda m: {"name": "x", "id": 1, "messages": m}, st.lists(json_values, max_size=4)),
    st.builds(
        lambda i: {"kind": "youtube#commentThreadListResponse", "items": i}, st.lists(json_values, max_size=4)
    ),
    json_values,
)


@FUZZ
@given(st.binary(max_size=2000))
def test_every_importer_survives_random_bytes(blob):
    for fmt, importer in FORMATS.items():
        result = importer(blob)
        assert isinstance(result, ImportResult), fmt
        assert result.error_count >= len(result.errors)
    detect_format("x.bin", blob)


@FUZZ
@given(shaped)
def test_every_importer_survives_shaped_json(doc):
    blob = json.dumps(doc).encode()
    for fmt in ("twitter-v2", "tiktok", "telegram", "youtube", "jsonl"):
        result = import_file(fmt, blob)
        assert isinstance(result, ImportResult)
        for item in result.items:
            assert item.published_at is None or item.published_at.utcoffset().total_seconds() == 0


@FUZZ
@given(st.lists(st.text(max_size=40), max_size=20))
def test_whatsapp_and_csv_survive_text_lines(lines):
    blob = "\n".join(["27/11/24 07.15 - Nama: awal", *lines]).encode()
    r = import_file("whatsapp", blob)
    assert r.items and r.items[0].author_name == "Nama"
    import_file("csv", ("text,date\n" + "\n".join(lines)).encode())
    import_file("meta-csv", ("Page Name,Post Created,Message,URL\n" + "\n".join(lines)).encode())


@FUZZ
@given(
    st.sampled_from(["http", "https", "HTTP"]),
    st.sampled_from(["twitter.com", "www.Example.id", "m.facebook.com", "x.com", "berita.co.id", "youtu.be"]),
    st.lists(st.text(alphabet="abc-_.~%20/", max_size=8), max_size=4),
    st.lists(
        st.tuples(st.sampled_from(["utm_source", "a", "b", "fbclid", "si", "q"]), st.text(max_size=6)),
        max_size=4,
    ),
    st.text(max_size=6),
)
def test_canonical_url_is_idempotent(scheme, host, segments, query, fragment):
    from urllib.parse import urlencode

    url = f"{scheme}://{host}/{'/'.join(segments)}?{urlencode(query)}#{fragment}"
    once = canonical_url(url)
    assert canonical_url(once) == once
    from urllib.parse import parse_qsl, urlsplit

    keys = {k for k, _ in parse_qsl(urlsplit(once).query, keep_blank_values=True)}
    assert not keys & {"utm_source", "fbclid", "si"} and not urlsplit(once).fragment


@FUZZ
@given(st.text(max_size=300))
def test_text_functions_never_raise(text):
    content_hash(text)
    html_to_text(text)
    e = extract(text)
    assert isinstance(e.text, str)
    idx = NearDupIndex()
    idx.add("a", text)
    assert idx.add("b", text) == "a" or not idx.signature(text)

import io
import json
from datetime import UTC, datetime

import pytest

from pantau.ingest.importers import (
    FORMATS,
    ImportResult,
    decode_text,
    detect_format,
    import_csv,
    import_file,
    import_jsonl,
    import_meta_csv,
    import_telegram,
    import_tiktok,
    import_twitter_v2,
    import_whatsapp,
    import_youtube,
    parse_count,
    parse_datetime,
)

from .conftest import SAMPLES


def by_id(result: ImportResult):
    return {i.external_id: i for i in result.items}


# --------------------------------------------------------------------------------------------------- X/Twitter


def test_twitter_v2_sample(sample):
    r = import_twitter_v2(sample("twitter_v2_search_recent.json"))
    assert not r.fatal
    assert len(r.items) == 5 and r.error_count == 3 and r.total == 8
    assert [e.row for e in r.errors] == [6, 7, 8]
    assert "id tweet tidak sah" in r.errors[0].message
    assert "tanggal" in r.errors[1].message
    t = by_id(r)["1859123456789012481"]
    assert t.platform == "twitter"
    assert t.author_handle == "warga_awas_jambi" and t.author_name == "Warga Awas Jambi"
    assert t.author_followers == 15230
    assert t.published_at == datetime(2024, 11, 25, 22, 41, 7, tzinfo=UTC)
    assert (t.likes, t.shares, t.comments, t.views) == (88, 41, 12, 5210)
    assert t.url == "https://x.com/warga_awas_jambi/status/1859123456789012481"
    assert t.media == ["https://pbs.twimg.com/media/Gdummy1.jpg"]
    assert t.lang == "in"
    assert t.raw["tweet"]["id"] == "1859123456789012481"
    # long post: note_tweet wins over the truncated text
    assert by_id(r)["1858900000000000777"].text.endswith("sebelum menyebarkan informasi.")
    reply = by_id(r)["1858811111111111112"]
    assert reply.kind == "reply" and reply.parent_id == "1858800000000000001"
    assert by_id(r)["1859130011223344556"].kind == "repost"


def test_twitter_v2_jsonl_pages_and_bad_line():
    page1 = {
        "data": [{"id": "1", "text": "amplop 50rb", "author_id": "9", "created_at": "2024-11-25T01:00:00Z"}],
        "includes": {"users": [{"id": "9", "username": "a", "name": "A"}]},
    }
    page2 = {"data": [{"id": "2", "text": "serangan fajar", "author_id": "9"}]}
    blob = (json.dumps(page1) + "\n" + json.dumps(page2) + "\n{rusak\n").encode()
    r = import_twitter_v2(io.BytesIO(blob))
    assert [i.external_id for i in r.items] == ["1", "2"]
    assert r.items[1].author_handle == "a"  # users from another page
    assert r.items[1].published_at is None
    assert r.error_count == 1 and r.errors[0].line == 3


@pytest.mark.parametrize(
    "blob",
    [b"", b"   ", b"bukan json", b'{"foo": 1}', b"[1, 2, 3]", b'{"statuses": []}', b"[" * 100_000],
)
def test_twitter_v2_wholly_malformed(blob):
    r = import_twitter_v2(blob)
    assert r.fatal and not r.items and r.error_count == 1
    assert r.errors[0].row is None
    if blob.strip():
        assert "X/Twitter API v2" in r.errors[0].message


# --------------------------------------------------------------------------------------------------- Meta


def test_crowdtangle_sample(sample):
    r = import_meta_csv(sample("crowdtangle_facebook_pages.csv"))
    assert len(r.items) == 5 and r.error_count == 3
    assert [e.line for e in r.errors] == [7, 8, 9]
    assert "jumlah kolom" in r.errors[1].message
    assert "negatif" in r.errors[2].message
    post = r.items[0]
    assert post.platform == "facebook"
    assert post.external_id == "104523998877665_987650001112223"
    assert post.author_name == "Info Jambi Terkini" and post.author_handle == "infojambiterkini"
    assert post.author_followers == 131022
    # "2024-11-25 19:45:03 WIB" is 12:45:03 UTC
    assert post.published_at == datetime(2024, 11, 25, 12, 45, 3, tzinfo=UTC)
    assert post.likes == 1120 + 61 + 12 + 20 + 5 + 2 + 2
    assert (post.comments, post.shares) == (233, 88)
    assert post.source_line == 2
    video = r.items[3]
    assert video.views == 35210 and video.media == ["Video"]
    link_post = r.items[2]
    assert link_post.title.startswith("Kades di Tabir")


def test_meta_content_library_sample(sample):
    data = sample("meta_content_library_facebook.csv")
    assert data.startswith(b"\xef\xbb\xbf")  # written with a BOM, as Excel likes
    r = import_meta_csv(data)
    assert len(r.items) == 3 and r.error_count == 2 and r.encoding == "utf-8-sig"
    first = r.items[0]
    assert first.external_id == "1098765432109876_987654321012345"
    assert first.author_name == "Muaro Jambi Hari Ini" and first.author_handle == "muarojambihariini"
    assert (first.likes, first.comments, first.shares) == (233, 67, 40)
    assert first.published_at == datetime(2024, 11, 25, 12, 45, 3, tzinfo=UTC)
    assert r.items[1].views == 10400


def test_meta_csv_refuses_other_csv(sample):
    r = import_meta_csv(sample("generic_rekap_patroli.csv"))
    assert r.fatal and "CrowdTangle" in r.errors[0].message


def test_meta_csv_cp1252_fallback():
    header = '"Page Name","User Name","Facebook Id","Post Created","Type","Likes","Comments","Shares","URL","Message"\r\n'
    row = '"Café Jambi","cafejambi","1","2024-11-25 10:00:00 WIB","Status","1","2","3","https://www.facebook.com/1/posts/2","Kopi “gratis” untuk pemilih nomor 2"\r\n'
    r = import_meta_csv((header + row).encode("cp1252"))
    assert r.encoding == "cp1252"
    assert r.items[0].author_name == "Café Jambi"
    assert "“gratis”" in r.items[0].text


# --------------------------------------------------------------------------------------------------- TikTok


def test_tiktok_sample(sample):
    r = import_tiktok(sample("tiktok_research_video_query.json"))
    assert len(r.items) == 3 and r.error_count == 2
    v = r.items[0]
    assert v.external_id == "7441234567890123456"
    assert v.url == "https://www.tiktok.com/@jambi.update24/video/7441234567890123456"
    assert v.published_at == datetime.fromtimestamp(1732512300, UTC)
    assert (v.likes, v.comments, v.shares, v.views) == (15320, 842, 3310, 402113)
    assert v.region_code == "ID" and v.author_handle == "jambi.update24"
    assert "serangan_fajar" in v.raw["hashtag_names"]


def test_tiktok_api_error_is_reported():
    blob = json.dumps(
        {"data": {}, "error": {"code": "access_token_invalid", "message": "token expired"}}
    ).encode()
    r = import_tiktok(blob)
    assert r.fatal and "access_token_invalid" in r.errors[0].message


# --------------------------------------------------------------------------------------------------- Telegram


def test_telegram_sample(sample):
    r = import_telegram(sample("telegram_channel_result.json"), channel_username="kabarpilkadajambi")
    assert len(r.items) == 4 and r.skipped == 2 and r.error_count == 2
    first = r.items[0]
    assert first.external_id == "1987654321/412"
    assert first.url == "https://t.me/kabarpilkadajambi/412"
    assert first.likes == 69
    assert first.published_at == datetime.fromtimestamp(1732572760, UTC)
    entities = r.items[1]
    assert entities.text.startswith("HOAKS! Beredar surat KPU")
    assert "https://jdih.kpu.go.id" in entities.text and "Rabu, 27 November 2024." in entities.text
    assert entities.media == ["photos/photo_413@26-11-2024_05-20-02.jpg"]
    # no date_unixtime: local time of the exporting computer, taken as WIB
    reply = r.items[3]
    assert reply.published_at == datetime(2024, 11, 25, 23, 30, tzinfo=UTC)
    assert reply.parent_id == "412"
    assert {e.row for e in r.errors} == {6, 7}


def test_telegram_full_account_export():
    doc = {
        "chats": {
            "list": [
                {
                    "name": "Grup A",
                    "type": "private_group",
                    "id": 5,
                    "messages": [
                        {
                            "id": 1,
                            "type": "message",
                            "date": "2024-11-25T10:00:00",
                            "from": "Budi",
                            "from_id": "user7",
                            "text": ["Amplop ", {"type": "bold", "text": "50rb"}],
                        }
                    ],
                }
            ]
        }
    }
    r = import_telegram(json.dumps(doc).encode())
    assert r.items[0].text == "Amplop 50rb" and r.items[0].author_name == "Budi"


def test_telegram_wrong_shape():
    r = import_telegram(b'{"data": []}')
    assert r.fatal and "Telegram" in r.errors[0].message


# --------------------------------------------------------------------------------------------------- WhatsApp


def test_whatsapp_android_indonesian(sample):
    r = import_whatsapp(sample("whatsapp_android_id.txt"), filename="Chat WhatsApp dengan Warga RT 05.txt")
    assert len(r.items) == 7
    assert r.error_count == 2 and [e.line for e in r.errors] == [14, 15]
    assert r.skipped == 5  # encryption notice, group created, added, deleted message, removed
    multi = r.items[1]
    assert multi.text.splitlines() == [
        "Bapak ibu yg blm terima amplop 50rb dari tim paslon nomor 2 silakan ke rumah pak RT malam ini",
        "bawa KTP & KK ya",
        "jangan sampai ketinggalan 🙏",
    ]
    assert multi.author_handle == "+6281273451102" and multi.author_name == "+62 812-7345-1102"
    # "25/11/24 21.14" WIB
    assert multi.published_at == datetime(2024, 11, 25, 14, 14, tzinfo=UTC)
    media = r.items[2]
    assert media.media == ["<Media tidak disertakan>"] and media.text == ""
    edited = r.items[4]
    assert edited.text.endswith("tadi siang") and edited.raw["edited"] is True
    caption = r.items[5]
    assert caption.media == ["IMG-20241125-WA0012.jpg"] and caption.text == "ini fotonya"
    assert all(i.platform == "whatsapp" and i.kind == "message" for i in r.items)


def test_whatsapp_iphone(sample):
    r = import_whatsapp(sample("whatsapp_iphone_id.txt"))
    assert len(r.items) == 8 and r.error_count == 0
    assert r.skipped == 2  # encryption notice (iPhone layout), deleted message
    assert r.items[0].published_at == datetime(2024, 11, 25, 14, 14, 7, tzinfo=UTC)
    assert r.items[2].text == "Di posko dekat simpang Rimbo\nbawa undangan C6 juga katanya"
    assert r.items[3].media == ["image omitted"]
    assert r.items[4].media == ["00000031-PHOTO-2024-11-25-21-17-05.jpg"]
    assert r.items[6].text == "Calon X terlibat judi online, sebarkan!"
    assert r.items[7].media == ["audio omitted"]


def test_whatsapp_english_us_12_hour(sample):
    r = import_whatsapp(sample("whatsapp_android_en_us.txt"))
    assert len(r.items) == 4 and r.skipped == 3 and r.error_count == 1
    assert "12 jam" in r.errors[0].message
    assert r.items[0].published_at == datetime(2024, 11, 25, 14, 20, tzinfo=UTC)  # 9:20 PM WIB
    assert r.items[1].media == ["<Media omitted>"]
    assert r.items[3].published_at == datetime(2024, 11, 25, 17, 5, tzinfo=UTC)  # 12:05 AM on the 26th


def test_whatsapp_ids_are_stable_and_unique(sample):
    a = import_whatsapp(sample("whatsapp_android_id.txt"))
    b = import_whatsapp(io.BytesIO(sample("whatsapp_android_id.txt")))
    assert [i.external_id for i in a.items] == [i.external_id for i in b.items]
    same = b"25/11/24 21.14 - Budi: amplop\n25/11/24 21.14 - Budi: amplop\n"
    ids = [i.external_id for i in import_whatsapp(same).items]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_whatsapp_dayfirst_ambiguity():
    blob = b"01/02/24 10.00 - Budi: halo\n"
    assert import_whatsapp(blob).items[0].published_at.month == 2  # Indonesian default: day first
    assert import_whatsapp(blob, dayfirst=False).items[0].published_at.month == 1
    us = b"01/13/24, 10:00 AM - Budi: hi\n01/02/24, 10:00 AM - Budi: hi again\n"
    r = import_whatsapp(us)
    assert [i.published_at.month for i in r.items] == [1, 1]


def test_whatsapp_utf16_and_preamble():
    text = "Ekspor obrolan\n27/11/24 07.15 - Nama: pesan\n"
    r = import_whatsapp(text.encode("utf-16"))
    assert r.encoding == "utf-16" and r.items[0].text == "pesan"
    assert r.error_count == 1 and r.errors[0].line == 1


@pytest.mark.parametrize("blob", [b"halo apa kabar\nini bukan ekspor", b'{"messages": []}', b"\x00\x01\x02"])
def test_whatsapp_wholly_malformed(blob):
    r = import_whatsapp(blob)
    assert r.fatal and "WhatsApp" in r.errors[0].message


# --------------------------------------------------------------------------------------------------- YouTube


def test_youtube_sample(sample):
    r = import_youtube(sample("youtube_comment_threads.json"))
    assert len(r.items) == 4 and r.error_count == 2
    top = r.items[0]
    assert top.kind == "comment" and top.comments == 2 and top.likes == 214
    assert top.author_handle == "@wargamuarobungo" and top.author_id == "UCwarga0000000000000001"
    assert (
        top.text
        == "Di kampung saya juga ada serangan fajar, amplop 50rb dari paslon nomor 2.\nBawaslu kemana?"
    )
    assert top.url == "https://www.youtube.com/watch?v=Jb7pKd2024x&lc=UgzQ1v3k9bX7aJ2wYc54AaABAg"
    reply = r.items[1]
    assert reply.kind == "reply" and reply.parent_id == top.external_id
    html_only = r.items[3]
    assert html_only.text == "Camat ikut kampanye di Sungai Penuh?\nASN harus netral"
    assert html_only.author_handle == "UCrina000000000000000004"


def test_youtube_wrong_shape(sample):
    r = import_youtube(sample("tiktok_research_video_query.json"))
    assert r.fatal and "YouTube" in r.errors[0].message


# --------------------------------------------------------------------------------------------------- generic


PATROL_MAPPING = {
    "text": "Isi Unggahan",
    "published_at": "Tanggal",
    "author_handle": "Akun",
    "url": "Tautan",
    "likes": "Suka",
    "shares": "Dibagikan",
}


def test_generic_csv_with_mapping(sample):
    r = import_csv(sample("generic_rekap_patroli.csv"), mapping=PATROL_MAPPING, platform="web")
    assert len(r.items) == 2 and r.error_count == 3
    assert r.items[0].published_at == datetime(2024, 11, 25, 14, 14, tzinfo=UTC)
    assert r.items[0].canonical_url == "https://x.com/relawan2_jbi/status/1859000000000000001"
    assert r.items[1].text == "Kades ajak pilih paslon nomor 1; warga resah"  # quoted delimiter
    assert [e.line for e in r.errors] == [4, 5, 6]


def test_generic_csv_without_mapping_guesses_columns():
    blob = b"id,text,created_at,username,likes\n1,amplop 50rb,2024-11-25T10:00:00+07:00,budi,3\n"
    r = import_csv(blob)
    assert r.items[0].external_id == "1" and r.items[0].author_handle == "budi" and r.items[0].likes == 3
    assert r.items[0].published_at == datetime(2024, 11, 25, 3, tzinfo=UTC)


def test_generic_csv_bad_mapping(sample):
    r = import_csv(sample("generic_rekap_patroli.csv"), mapping={"text": "tidak_ada"})
    assert r.fatal and "tidak_ada" in r.errors[0].message
    r = import_csv(sample("generic_rekap_patroli.csv"), mapping={"teks": "Isi Unggahan"})
    assert r.fatal and "teks" in r.errors[0].message


def test_generic_jsonl_with_dotted_mapping(sample):
    mapping = {
        "external_id": "post_id",
        "text": "caption",
        "url": "link",
        "author_handle": "owner.username",
        "author_followers": "owner.followers",
        "published_at": "taken_at",
        "likes": "like_count",
        "comments": "comment_count",
    }
    r = import_jsonl(sample("generic_posts.jsonl"), mapping=mapping, platform="instagram")
    assert len(r.items) == 2 and r.error_count == 3 and [e.line for e in r.errors] == [3, 4, 5]
    first = r.items[0]
    assert first.platform == "instagram" and first.author_handle == "relawan2.jambi"
    assert first.author_followers == 3400 and first.canonical_url == "https://instagram.com/p/DCx0001"
    assert first.published_at == datetime.fromtimestamp(1732600000, UTC)


def test_generic_jsonl_accepts_json_array():
    r = import_jsonl(b'[{"text": "a"}, {"text": "b"}, 5]')
    assert [i.text for i in r.items] == ["a", "b"] and r.error_count == 1


# --------------------------------------------------------------------------------------------------- common


def test_size_cap_is_one_clear_error(sample):
    r = import_whatsapp(io.BytesIO(sample("whatsapp_android_id.txt")), max_bytes=100)
    assert r.fatal and "batas ukuran" in r.errors[0].message


def test_text_is_rejected_not_bytes():
    with pytest.raises(TypeError):
        import_whatsapp("27/11/24 07.15 - Nama: pesan")


def test_error_list_is_capped_but_counted():
    lines = "".join(f"{i}\n" for i in range(3000))
    r = import_jsonl(('{"text": "ok"}\n' + lines).encode())
    assert r.error_count == 3000 and len(r.errors) == 1000 and len(r.items) == 1


def test_decode_text():
    assert decode_text("é".encode())[1] == "utf-8"
    assert decode_text(b"\xef\xbb\xbfa")[0] == "a"
    assert decode_text(b"caf\xe9")[0] == "café"
    assert decode_text(b"\x81\x8d")[1] == "cp1252"  # undefined in cp1252: replaced, never raises


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-25T10:00:00Z", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("2024-11-25T10:00:00.000Z", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("2024-11-25T17:00:00+0700", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("2024-11-25 17:00:00 WIB", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("2024-11-25 05:00:00 EST", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("2024-11-25 17:00", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("25/11/2024 17:00", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        (1732528800, datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("1732528800000", datetime(2024, 11, 25, 10, tzinfo=UTC)),
        ("Mon Nov 25 10:00:00 +0000 2024", datetime(2024, 11, 25, 10, tzinfo=UTC)),
    ],
)
def test_parse_datetime(value, expected):
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("value", ["", "kemarin", "31/02/2024", 5, "1800-01-01T00:00:00Z", True])
def test_parse_datetime_rejects(value):
    with pytest.raises(ValueError):
        parse_datetime(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (5, 5),
        ("1,234", 1234),
        ("1.234.567", 1234567),
        ("1.2K", 1200),
        ("3rb", 3000),
        ("1,5jt", 1500000),
        (7.0, 7),
    ],
)
def test_parse_count(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", ["-1", "banyak", float("nan"), True, -3])
def test_parse_count_rejects(value):
    with pytest.raises(ValueError):
        parse_count(value)


# --------------------------------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("twitter_v2_search_recent.json", "twitter-v2"),
        ("crowdtangle_facebook_pages.csv", "meta-csv"),
        ("meta_content_library_facebook.csv", "meta-csv"),
        ("tiktok_research_video_query.json", "tiktok"),
        ("telegram_channel_result.json", "telegram"),
        ("whatsapp_android_id.txt", "whatsapp"),
        ("whatsapp_iphone_id.txt", "whatsapp"),
        ("whatsapp_android_en_us.txt", "whatsapp"),
        ("youtube_comment_threads.json", "youtube"),
        ("generic_rekap_patroli.csv", "csv"),
        ("generic_posts.jsonl", "jsonl"),
    ],
)
def test_detect_format_on_samples(name, fmt):
    head = (SAMPLES / name).read_bytes()[:4096]
    assert detect_format(name, head) == fmt
    assert detect_format(None, head) == fmt or fmt in ("csv", "jsonl")


def test_detect_format_unknown():
    assert detect_format("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF") is None
    assert detect_format("catatan.txt", b"hanya catatan biasa") is None


def test_every_format_is_registered_and_refuses_garbage():
    for fmt in FORMATS:
        r = import_file(fmt, b"\x00garbage\x00")
        assert r.fatal, fmt
        assert r.errors[0].message
    with pytest.raises(ValueError):
        import_file("myspace", b"")

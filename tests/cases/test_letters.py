"""Standard letters as HTML and PDF: content, escaping of hostile values, validation. Fictional people only."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess

import pytest

from pantau.cases.letters import (
    INSTITUTIONS,
    LETTER_KINDS,
    LetterDataError,
    render_html,
    render_letter,
    sha256_hex,
    timeline_fingerprint,
)

KANTOR = {
    "nama": "Badan Pengawas Pemilihan Umum Provinsi Jambi",
    "alamat": "Jl. Contoh Pengawasan No. 1, Kota Jambi",
    "telepon": "(0741) 000000",
    "kota": "Jambi",
}
TTD = {"jabatan": "Ketua Badan Pengawas Pemilihan Umum Provinsi Jambi", "nama": "Rahmat Fiktif Santoso"}
REG = "003/Reg/LP/PG/Prov/05.00/XI/2024"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def sample(kind: str) -> dict:
    base = {"kantor": KANTOR, "tanggal": dt.date(2024, 11, 29), "penandatangan": TTD, "tembusan": ["Arsip"]}
    if kind == "pemberitahuan_status":
        return {
            **base,
            "nomor": "012/PP.01.02/K.JA/11/2024",
            "pelapor": {"nama": "Sari Contohwati", "alamat": "Jl. Fiktif No. 7, Kota Jambi"},
            "nomor_laporan": "005/LP/PG/Prov/05.00/XI/2024",
            "tanggal_laporan": "2024-11-28",
            "status": "diregistrasi",
            "nomor_registrasi": REG,
            "tanggal_registrasi": "2024-11-28",
            "tenggat": "2024-12-01T23:59",
        }
    if kind == "undangan_klarifikasi":
        return {
            **base,
            "nomor": "013/PP.01.02/K.JA/11/2024",
            "penerima": {"nama": "Budi Rekaan", "tempat": "Kota Jambi"},
            "peran": "saksi",
            "nomor_registrasi": REG,
            "waktu": "2024-12-02T10:00",
            "tempat_klarifikasi": "Kantor Bawaslu Provinsi Jambi",
            "membawa": ["KTP asli"],
        }
    if kind == "surat_penerusan":
        return {
            **base,
            "nomor": "014/PP.01.02/K.JA/11/2024",
            "instansi": "gakkumdu_polri",
            "nomor_registrasi": REG,
            "terlapor": "Andi Fiktif",
            "pasal": ["Pasal 187A ayat (1) UU 10/2016"],
            "uraian": "Terlapor diduga membagikan uang.\nDua saksi.",
        }
    if kind == "permintaan_takedown":
        return {
            **base,
            "nomor": "015/PM.00/K.JA/11/2024",
            "nomor_perkara": "T-007/2024",
            "konten": [
                {
                    "url": "https://www.facebook.com/akun.fiktif/posts/123",
                    "platform": "Facebook",
                    "akun": "akun.fiktif",
                    "ditemukan": "2024-11-24T21:15",
                    "alasan": "Kampanye masa tenang",
                },
                "https://www.tiktok.com/@akunrekaan/video/7300000000000000000",
            ],
        }
    if kind == "kronologi":
        return {
            **base,
            "nomor_perkara": REG,
            "status_perkara": "Diteruskan ke penyidik",
            "peristiwa": [
                {
                    "waktu": "2024-11-29T15:30",
                    "peristiwa": "Putusan: tindak pidana pemilihan",
                    "oleh": "Pleno",
                    "bukti": [{"nama": "kajian.pdf", "sha256": "b" * 64}],
                },
                {
                    "waktu": "2024-11-28T09:12",
                    "peristiwa": "Laporan diterima dari Sari Contohwati",
                    "oleh": "Petugas",
                    "bukti": [{"nama": "formulir.pdf", "sha256": "A" * 64}],
                },
            ],
        }
    raise AssertionError(kind)


def pdf_text(pdf: bytes, tmp_path) -> str | None:
    """Text of a PDF via pdftotext (poppler-utils) or pypdf, whichever the machine has; None if neither."""
    if shutil.which("pdftotext"):
        path = tmp_path / "surat.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    try:
        import pypdf
    except ImportError:
        return None
    import io

    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_letter_kinds_are_listed():
    assert set(LETTER_KINDS) == {
        "pemberitahuan_status",
        "undangan_klarifikasi",
        "surat_penerusan",
        "permintaan_takedown",
        "kronologi",
    }
    for kind in LETTER_KINDS.values():
        assert kind.title and kind.required


@pytest.mark.parametrize("kind", sorted(LETTER_KINDS))
def test_every_kind_renders_a_pdf_with_letterhead_number_date_and_legal_basis(kind, tmp_path):
    data = sample(kind)
    html = render_html(kind, data)
    assert "Badan Pengawas Pemilihan Umum Provinsi Jambi" in html
    assert "29 November 2024" in html or kind == "kronologi"
    assert "Dasar hukum:" in html
    pdf = render_letter(kind, data)
    assert pdf.startswith(b"%PDF")
    assert len(sha256_hex(pdf)) == 64 and sha256_hex(pdf) == hashlib.sha256(pdf).hexdigest()
    text = pdf_text(pdf, tmp_path)
    if text is None:
        pytest.skip("neither pdftotext nor pypdf on this machine; the HTML checks above ran")
    flat = " ".join(text.split())
    assert "BADAN PENGAWAS PEMILIHAN UMUM PROVINSI JAMBI" in flat  # letterhead (upper-cased by CSS)
    number = data.get("nomor") or data["nomor_perkara"]
    assert number in flat.replace(" ", "") or number in flat
    assert "Dasar hukum:" in flat


def test_notice_to_the_reporter_names_the_reporter_and_the_register_number(tmp_path):
    data = sample("pemberitahuan_status")
    html = render_html("pemberitahuan_status", data)
    assert "Sari Contohwati" in html and REG in html
    assert "Jumat, 29 November 2024" not in html  # the letter date has no day name
    assert "Jambi, 29 November 2024" in html
    assert "Kamis, 28 November 2024" in html  # report and registration dates with the day
    assert "Diregistrasi" in html
    text = pdf_text(render_letter("pemberitahuan_status", data), tmp_path)
    if text is not None:
        flat = " ".join(text.split())
        assert "Sari Contohwati" in flat
        assert REG in flat


def test_notice_not_registered_needs_a_reason():
    data = {**sample("pemberitahuan_status"), "status": "tidak_diregistrasi"}
    with pytest.raises(LetterDataError, match="alasan"):
        render_html("pemberitahuan_status", data)
    data["alasan"] = "laporan disampaikan melewati batas 7 hari sejak diketahui"
    data["kekurangan"] = ["Syarat formal: waktu penyampaian laporan"]
    html = render_html("pemberitahuan_status", data)
    assert "tidak dapat diregistrasi" in html and "melewati batas 7 hari" in html
    assert "<li>Syarat formal: waktu penyampaian laporan</li>" in html


def test_request_to_complete_a_report_shows_the_deadline():
    data = {
        **sample("pemberitahuan_status"),
        "status": "perlu_dilengkapi",
        "kekurangan": ["Bukti video atau saksi"],
        "batas_waktu": "2024-11-30T09:12",
    }
    html = render_html("pemberitahuan_status", data)
    assert "Sabtu, 30 November 2024 pukul 09.12 WIB" in html


def test_hostile_values_are_escaped_everywhere():
    for kind in LETTER_KINDS:
        data = sample(kind)
        data["kantor"] = {**KANTOR, "alamat": HOSTILE}
        data["tembusan"] = [HOSTILE]
        data["penandatangan"] = {"jabatan": HOSTILE, "nama": HOSTILE}
        if kind == "pemberitahuan_status":
            data["pelapor"] = {"nama": HOSTILE, "alamat": '" onmouseover="alert(1)'}
        elif kind == "surat_penerusan":
            data["uraian"] = HOSTILE + "\n\n" + HOSTILE
        elif kind == "permintaan_takedown":
            data["konten"][0]["alasan"] = HOSTILE
        elif kind == "kronologi":
            data["peristiwa"][0]["peristiwa"] = HOSTILE
        else:
            data["penerima"] = {"nama": HOSTILE, "jabatan": HOSTILE}
        html = render_html(kind, data)
        assert "<script>" not in html and "<img src=x" not in html, kind
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, kind
    html = render_html(
        "pemberitahuan_status",
        {**sample("pemberitahuan_status"), "pelapor": {"nama": "A", "alamat": '" onmouseover="alert(1)'}},
    )
    assert 'onmouseover="' not in html and "&quot; onmouseover=&quot;alert(1)" in html


def test_hostile_value_renders_as_text_in_the_pdf(tmp_path):
    data = {**sample("pemberitahuan_status"), "pelapor": {"nama": "<script>alert(1)</script> Sari"}}
    text = pdf_text(render_letter("pemberitahuan_status", data), tmp_path)
    if text is None:
        pytest.skip("no PDF text extractor")
    assert "<script>alert(1)</script> Sari" in text


@pytest.mark.parametrize("institution", sorted(INSTITUTIONS))
def test_referral_letter_for_each_institution(institution):
    data = {**sample("surat_penerusan"), "instansi": institution}
    html = render_html("surat_penerusan", data)
    assert INSTITUTIONS[institution]["hal"] in html
    assert INSTITUTIONS[institution]["nama"] in html  # default addressee
    assert REG in html and "Dasar hukum:" in html


def test_referral_to_an_unknown_institution_needs_addressee_and_legal_basis():
    data = {**sample("surat_penerusan"), "instansi": "ombudsman"}
    with pytest.raises(LetterDataError, match="tidak dikenal"):
        render_html("surat_penerusan", data)
    data.update(penerima="Kepala Perwakilan Ombudsman RI Provinsi Jambi", dasar_hukum=["UU 37/2008"])
    html = render_html("surat_penerusan", data)
    assert "Ombudsman" in html and "UU 37/2008" in html


def test_pemilu_letters_cite_uu_7_2017():
    html = render_html(
        "undangan_klarifikasi", {**sample("undangan_klarifikasi"), "jenis_pemilihan": "pemilu"}
    )
    assert "Nomor 7 Tahun 2017" in html and "Nomor 7 Tahun 2022" in html
    html = render_html("undangan_klarifikasi", sample("undangan_klarifikasi"))
    assert "Nomor 9 Tahun 2024" in html  # Perbawaslu 8/2020 as amended by 9/2024
    with pytest.raises(LetterDataError, match="jenis_pemilihan"):
        render_html("undangan_klarifikasi", {**sample("undangan_klarifikasi"), "jenis_pemilihan": "pilkades"})


def test_invitation_shows_day_date_and_time():
    html = render_html("undangan_klarifikasi", sample("undangan_klarifikasi"))
    assert "Senin, 2 Desember 2024" in html and "10.00 WIB" in html and "Saksi" in html


def test_takedown_lists_urls_and_refuses_other_schemes():
    html = render_html("permintaan_takedown", sample("permintaan_takedown"))
    assert "https://www.facebook.com/akun.fiktif/posts/123" in html
    assert "https://www.tiktok.com/@akunrekaan/video/7300000000000000000" in html
    assert "<a " not in html  # URLs are shown as text, never as links
    bad = sample("permintaan_takedown")
    bad["konten"] = ["javascript:alert(1)"]
    with pytest.raises(LetterDataError, match="http"):
        render_html("permintaan_takedown", bad)


def test_timeline_bundle_sorts_events_and_lists_evidence_hashes():
    data = sample("kronologi")
    html = render_html("kronologi", data)
    assert html.index("Laporan diterima") < html.index("Putusan: tindak pidana")  # chronological
    assert "a" * 64 in html and "b" * 64 in html  # hashes lower-cased and listed
    assert timeline_fingerprint(data["peristiwa"]) in html
    changed = [dict(e) for e in data["peristiwa"]]
    changed[0]["peristiwa"] = "Putusan: bukan pelanggaran"
    assert timeline_fingerprint(changed) != timeline_fingerprint(data["peristiwa"])


def test_timeline_rejects_a_bad_hash():
    data = sample("kronologi")
    data["peristiwa"][0]["bukti"] = [{"nama": "x", "sha256": "bukan-hash"}]
    with pytest.raises(LetterDataError, match="SHA-256"):
        render_html("kronologi", data)


def test_missing_required_data_gives_an_indonesian_message():
    with pytest.raises(LetterDataError, match="wajib diisi") as err:
        render_html("pemberitahuan_status", {"kantor": KANTOR})
    assert "nomor" in str(err.value) and "pelapor" in str(err.value)
    with pytest.raises(LetterDataError, match="tidak dikenal"):
        render_html("surat_cinta", {})
    with pytest.raises(LetterDataError, match="status"):
        render_html("pemberitahuan_status", {**sample("pemberitahuan_status"), "status": "entah"})
    with pytest.raises(LetterDataError, match="tanggal"):
        render_html("undangan_klarifikasi", {**sample("undangan_klarifikasi"), "waktu": "besok pagi"})


def test_pdf_is_deterministic_for_the_same_data():
    data = sample("undangan_klarifikasi")
    assert render_letter("undangan_klarifikasi", data) == render_letter("undangan_klarifikasi", data)


def test_renderer_fetches_no_external_resource():
    from pantau.cases.letters._engine import _blocking_fetcher, html_to_pdf

    fetcher = _blocking_fetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://contoh.invalid/a.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    pdf = html_to_pdf('<p>uji</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">')
    assert pdf.startswith(b"%PDF")


def test_module_has_no_django_dependency():
    import pantau.cases.deadlines as deadlines
    import pantau.cases.letters as letters

    for module in (deadlines, letters):
        source = open(module.__file__, encoding="utf-8").read()
        assert "import django" not in source and "from django" not in source

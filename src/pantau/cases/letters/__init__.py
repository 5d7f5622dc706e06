"""Standard Indonesian letters of case handling, as HTML and PDF (WeasyPrint). Pure Python, no Django.

API::

    render_html(kind, data) -> str      # the letter as a self-contained HTML document
    render_letter(kind, data) -> bytes  # the same letter as PDF bytes (the caller stores it and its SHA-256)
    LETTER_KINDS                        # kind -> LetterKind(title, description, required, optional)
    INSTITUTIONS                        # referral targets -> addressee, legal basis, request text

Kinds: ``pemberitahuan_status`` (notice to the reporter), ``undangan_klarifikasi`` (invitation to a
clarification), ``surat_penerusan`` (referral to an institution), ``permintaan_takedown`` (takedown request to
Komdigi or a platform), ``kronologi`` (a case-timeline bundle with evidence hashes).

Common data keys (all kinds):

* ``kantor``: the office, a string (its name) or a dict ``{"nama", "alamat", "telepon", "email", "laman",
  "kota", "logo_png"}``; ``nama`` is required (e.g. "Badan Pengawas Pemilihan Umum Provinsi Jambi").
* ``nomor``: the letter number (required except for ``kronologi``).
* ``tanggal``: the letter date (``date``, ``datetime`` or ISO string; default: today in WIB).
* ``tempat``: the place of signing (default: ``kantor["kota"]``).
* ``penerima``: the addressee, a string or ``{"nama", "jabatan", "tempat"}``.
* ``penandatangan``: ``{"jabatan", "nama"}`` (default jabatan "Ketua").
* ``tembusan``: a list of copy recipients. ``sifat`` and ``lampiran``: header lines (default "Biasa", "-").
* ``hal``: the subject line (each kind has a default).
* ``jenis_pemilihan``: ``"pilkada"`` (default) or ``"pemilu"``: picks the default legal basis and wording.
* ``dasar_hukum``: a string or list overriding the kind's default legal-basis line.

Every value is HTML-escaped; missing required data raises :class:`LetterDataError` with an Indonesian message.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pantau.cases.deadlines import WIB, format_tanggal, format_waktu

from ._engine import Markup, escape, fill, html_to_pdf, join, template_parts, template_text

__all__ = [
    "LETTER_KINDS",
    "INSTITUTIONS",
    "LetterKind",
    "LetterDataError",
    "render_html",
    "render_letter",
    "sha256_hex",
    "timeline_fingerprint",
    "Markup",
    "escape",
]


class LetterDataError(ValueError):
    """The data for a letter is missing or invalid (Indonesian message, safe to show to the user)."""


@dataclass(frozen=True)
class LetterKind:
    id: str
    title: str
    description: str
    required: tuple[str, ...]
    optional: tuple[str, ...]


_SHA256_RE = re.compile(r"^[0-9a-fA-F]{64}$")
_URL_RE = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------------------------
# Legal bases and institutions
# ---------------------------------------------------------------------------------------------------------------

UU_PILKADA = (
    "Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 "
    "Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan Wali Kota menjadi Undang-Undang sebagaimana telah "
    "beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2020"
)
PERBAWASLU_PILKADA = (
    "Peraturan Bawaslu Nomor 8 Tahun 2020 tentang Penanganan Pelanggaran Pemilihan Gubernur dan Wakil Gubernur, "
    "Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota sebagaimana telah diubah dengan Peraturan "
    "Bawaslu Nomor 9 Tahun 2024"
)
UU_PEMILU = "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum"
PERBAWASLU_PEMILU = (
    "Peraturan Bawaslu Nomor 7 Tahun 2022 tentang Penanganan Temuan dan Laporan Pelanggaran Pemilu"
)
UU_ITE = (
    "Undang-Undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik sebagaimana telah diubah "
    "terakhir dengan Undang-Undang Nomor 1 Tahun 2024"
)
PP_PSTE = "Peraturan Pemerintah Nomor 71 Tahun 2019 tentang Penyelenggaraan Sistem dan Transaksi Elektronik"

_ELECTION = {
    "pilkada": {
        "nama": "Pemilihan Gubernur, Bupati, dan Wali Kota",
        "singkat": "Pemilihan",
        "uu": UU_PILKADA,
        "perbawaslu": PERBAWASLU_PILKADA,
        "laporan": "Pasal 134",
        "penerusan": "Pasal 135",
        "kampanye": "Peraturan KPU Nomor 13 Tahun 2024 tentang Kampanye Pemilihan Gubernur dan Wakil Gubernur, "
        "Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota",
        "asn": "Pasal 70 dan Pasal 71",
    },
    "pemilu": {
        "nama": "Pemilihan Umum",
        "singkat": "Pemilu",
        "uu": UU_PEMILU,
        "perbawaslu": PERBAWASLU_PEMILU,
        "laporan": "Pasal 454",
        "penerusan": "Pasal 455",
        "kampanye": "Peraturan KPU Nomor 15 Tahun 2023 tentang Kampanye Pemilihan Umum",
        "asn": "Pasal 280 dan Pasal 282",
    },
}

#: Referral targets. ``dasar`` is a function of the election info dict (see ``_ELECTION``).
INSTITUTIONS: dict[str, dict[str, Any]] = {
    "gakkumdu_polri": {
        "nama": "Penyidik Kepolisian Negara Republik Indonesia pada Sentra Penegakan Hukum Terpadu",
        "singkat": "Penyidik Kepolisian pada Sentra Gakkumdu",
        "jenis": "tindak pidana pemilihan",
        "hal": "Penerusan Dugaan Tindak Pidana",
        "permintaan": "Kami mohon perkara ini ditindaklanjuti dengan penyidikan sesuai ketentuan peraturan "
        "perundang-undangan.",
        "dasar": lambda e: [
            f"{e['uu']}, {e['penerusan']}",
            e["perbawaslu"],
            "Peraturan Bersama tentang Sentra Penegakan Hukum Terpadu",
        ],
    },
    "kejaksaan": {
        "nama": "Kepala Kejaksaan Tinggi/Kejaksaan Negeri (Jaksa pada Sentra Penegakan Hukum Terpadu)",
        "singkat": "Kejaksaan",
        "jenis": "tindak pidana pemilihan",
        "hal": "Penyampaian Perkara Dugaan Tindak Pidana",
        "permintaan": "Kami mohon perkara ini dikawal dan ditindaklanjuti sesuai kewenangan penuntutan.",
        "dasar": lambda e: [e["uu"], "Peraturan Bersama tentang Sentra Penegakan Hukum Terpadu"],
    },
    "kpu": {
        "nama": "Ketua Komisi Pemilihan Umum",
        "singkat": "KPU",
        "jenis": "pelanggaran administrasi",
        "hal": "Penerusan Rekomendasi Pelanggaran Administrasi",
        "permintaan": "Kami mohon rekomendasi ini diperiksa dan diputus, serta hasilnya disampaikan kepada kami, "
        "sesuai ketentuan peraturan perundang-undangan.",
        "dasar": lambda e: [f"{e['uu']}, {e['penerusan']}", e["perbawaslu"]],
    },
    "bkn": {
        "nama": "Kepala Badan Kepegawaian Negara",
        "singkat": "Badan Kepegawaian Negara",
        "jenis": "pelanggaran netralitas Aparatur Sipil Negara",
        "hal": "Penerusan Dugaan Pelanggaran Netralitas ASN",
        "permintaan": "Kami mohon dugaan pelanggaran netralitas ASN ini ditindaklanjuti dan penjatuhan sanksinya "
        "disampaikan kepada kami.",
        "dasar": lambda e: [
            f"{e['uu']}, {e['asn']}",
            "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
            "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil",
            "Keputusan Bersama tentang Pedoman Pembinaan dan Pengawasan Netralitas Pegawai ASN Tahun 2022",
            "Surat Edaran Menteri PANRB Nomor 4 Tahun 2024",
        ],
    },
    "bupati": {
        "nama": "Bupati",
        "singkat": "Bupati",
        "jenis": "pelanggaran netralitas kepala desa/perangkat desa",
        "hal": "Penerusan Dugaan Pelanggaran Netralitas Kepala Desa/Perangkat Desa",
        "permintaan": "Kami mohon Saudara selaku pejabat yang mengangkat menjatuhkan sanksi sesuai ketentuan "
        "peraturan perundang-undangan dan menyampaikan hasilnya kepada kami.",
        "dasar": lambda e: [
            f"{e['uu']}, {e['asn']}",
            "Undang-Undang Nomor 6 Tahun 2014 tentang Desa sebagaimana telah diubah terakhir "
            "dengan Undang-Undang Nomor 3 Tahun 2024, Pasal 29, Pasal 30, Pasal 51, dan Pasal 52",
        ],
    },
    "wali_kota": {
        "nama": "Wali Kota",
        "singkat": "Wali Kota",
        "jenis": "pelanggaran netralitas lurah/perangkat kelurahan",
        "hal": "Penerusan Dugaan Pelanggaran Netralitas Pejabat Kelurahan",
        "permintaan": "Kami mohon Saudara selaku pejabat pembina menjatuhkan sanksi sesuai ketentuan peraturan "
        "perundang-undangan dan menyampaikan hasilnya kepada kami.",
        "dasar": lambda e: [
            f"{e['uu']}, {e['asn']}",
            "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
        ],
    },
    "dkpp": {
        "nama": "Ketua Dewan Kehormatan Penyelenggara Pemilu",
        "singkat": "DKPP",
        "jenis": "pelanggaran kode etik penyelenggara",
        "hal": "Penerusan Dugaan Pelanggaran Kode Etik Penyelenggara",
        "permintaan": "Kami mohon dugaan pelanggaran kode etik ini diperiksa dan diputus sesuai kewenangan DKPP.",
        "dasar": lambda e: [f"{e['uu']}, {e['penerusan']}", UU_PEMILU],
    },
    "komdigi": {
        "nama": "Menteri Komunikasi dan Digital Republik Indonesia",
        "singkat": "Kementerian Komunikasi dan Digital",
        "jenis": "pelanggaran konten digital",
        "hal": "Penerusan Dugaan Pelanggaran Konten Digital",
        "permintaan": "Kami mohon konten tersebut ditindaklanjuti sesuai kewenangan Kementerian Komunikasi dan "
        "Digital, termasuk pemutusan akses.",
        "dasar": lambda e: [e["uu"], UU_ITE, PP_PSTE, e["kampanye"]],
    },
    "kpid": {
        "nama": "Ketua Komisi Penyiaran Indonesia Daerah",
        "singkat": "KPID",
        "jenis": "pelanggaran kampanye melalui lembaga penyiaran",
        "hal": "Penerusan Dugaan Pelanggaran Penyiaran Kampanye",
        "permintaan": "Kami mohon dugaan pelanggaran penyiaran ini ditindaklanjuti sesuai kewenangan KPID.",
        "dasar": lambda e: [e["uu"], "Undang-Undang Nomor 32 Tahun 2002 tentang Penyiaran", e["kampanye"]],
    },
    "dewan_pers": {
        "nama": "Ketua Dewan Pers",
        "singkat": "Dewan Pers",
        "jenis": "dugaan pelanggaran pemberitaan/iklan kampanye oleh media massa",
        "hal": "Penerusan Dugaan Pelanggaran Pemberitaan Kampanye",
        "permintaan": "Kami mohon dugaan pelanggaran ini dinilai dan ditindaklanjuti sesuai kewenangan Dewan Pers.",
        "dasar": lambda e: [e["uu"], "Undang-Undang Nomor 40 Tahun 1999 tentang Pers", e["kampanye"]],
    },
}

STATUS_LAPORAN = {
    "diregistrasi": "Diregistrasi",
    "tidak_diregistrasi": "Tidak diregistrasi",
    "perlu_dilengkapi": "Perlu dilengkapi",
    "ditindaklanjuti": "Ditindaklanjuti",
    "tidak_ditindaklanjuti": "Tidak ditindaklanjuti",
}

PERAN_KLARIFIKASI = {
    "pelapor": "Pelapor",
    "terlapor": "Terlapor",
    "saksi": "Saksi",
    "ahli": "Ahli",
    "pihak_terkait": "Pihak terkait",
}

_COMMON = (
    "kantor",
    "tanggal",
    "tempat",
    "penerima",
    "penandatangan",
    "tembusan",
    "sifat",
    "lampiran",
    "hal",
    "jenis_pemilihan",
    "dasar_hukum",
)

LETTER_KINDS: dict[str, LetterKind] = {
    "pemberitahuan_status": LetterKind(
        "pemberitahuan_status",
        "Pemberitahuan Status Laporan",
        "Pemberitahuan kepada pelapor: diregistrasi, tidak diregistrasi (dengan alasan), perlu dilengkapi, "
        "ditindaklanjuti atau tidak ditindaklanjuti.",
        ("kantor", "nomor", "pelapor", "nomor_laporan", "status"),
        _COMMON
        + (
            "tanggal_laporan",
            "perihal_laporan",
            "terlapor",
            "nomor_registrasi",
            "tanggal_registrasi",
            "alasan",
            "kekurangan",
            "batas_waktu",
            "hasil",
            "diteruskan_kepada",
            "tenggat",
        ),
    ),
    "undangan_klarifikasi": LetterKind(
        "undangan_klarifikasi",
        "Undangan Klarifikasi",
        "Undangan kepada pelapor, terlapor, saksi atau ahli untuk memberikan keterangan.",
        ("kantor", "nomor", "penerima", "nomor_registrasi", "waktu", "tempat_klarifikasi"),
        _COMMON + ("peran", "perkara", "agenda", "membawa", "narahubung"),
    ),
    "surat_penerusan": LetterKind(
        "surat_penerusan",
        "Surat Penerusan",
        "Penerusan perkara atau rekomendasi kepada instansi yang berwenang (Gakkumdu/Polri, Kejaksaan, KPU, BKN, "
        "Bupati/Wali Kota, DKPP, Komdigi, KPID, Dewan Pers).",
        ("kantor", "nomor", "instansi", "nomor_registrasi", "uraian"),
        _COMMON
        + (
            "asal",
            "tanggal_putusan",
            "jenis_pelanggaran",
            "terlapor",
            "waktu_kejadian",
            "tempat_kejadian",
            "pasal",
            "permintaan",
            "tenggat",
            "lampiran_daftar",
        ),
    ),
    "permintaan_takedown": LetterKind(
        "permintaan_takedown",
        "Permintaan Pemutusan Akses Konten",
        "Permintaan takedown kepada Komdigi atau platform, dengan daftar tautan.",
        ("kantor", "nomor", "konten"),
        _COMMON + ("nomor_perkara", "alasan_umum", "narahubung"),
    ),
    "kronologi": LetterKind(
        "kronologi",
        "Kronologi Penanganan Perkara",
        "Bundel kronologi perkara: daftar peristiwa bertanggal dengan hash SHA-256 bukti, untuk Gakkumdu atau "
        "pengadilan.",
        ("kantor", "nomor_perkara", "peristiwa"),
        _COMMON + ("nomor", "judul", "status_perkara", "ringkasan", "disusun_pada"),
    ),
}


# ---------------------------------------------------------------------------------------------------------------
# Data helpers
# ---------------------------------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list | tuple | dict) and not value)
    )


def _require(kind: str, data: Mapping[str, Any]) -> None:
    missing = [k for k in LETTER_KINDS[kind].required if _blank(data.get(k))]
    if missing:
        raise LetterDataError(
            f"Data surat '{LETTER_KINDS[kind].title}' belum lengkap: {', '.join(missing)} wajib diisi."
        )


def _date(value: Any, field: str) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        try:
            if "T" in value or " " in value.strip():
                return dt.datetime.fromisoformat(value.strip())
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise LetterDataError(f"Kolom {field} harus berupa tanggal (YYYY-MM-DD), bukan {value!r}.")


def _datetime(value: Any, field: str) -> dt.datetime:
    d = _date(value, field)
    if not isinstance(d, dt.datetime):
        raise LetterDataError(f"Kolom {field} harus berupa tanggal dan jam (YYYY-MM-DDTHH:MM).")
    return d.replace(tzinfo=WIB) if d.tzinfo is None else d.astimezone(WIB)


def _tgl(value: Any, field: str, *, hari: bool = False) -> str:
    return format_tanggal(_date(value, field), hari=hari)


def _tgl_or_waktu(value: Any, field: str) -> str:
    d = _date(value, field)
    if isinstance(d, dt.datetime):
        return format_waktu(d.replace(tzinfo=WIB) if d.tzinfo is None else d.astimezone(WIB))
    return format_tanggal(d, hari=True)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _as_list(value: Any) -> list[Any]:
    if _blank(value):
        return []
    if isinstance(value, list | tuple):
        return [v for v in value if not _blank(v)]
    return [value]


def _paragraphs(value: Any) -> Markup:
    """Free text -> escaped ``<p>`` per blank-line paragraph, ``<br>`` per line break."""
    text = _text(value)
    if not text:
        return Markup("")
    paras = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return join(Markup("<p>") + join(p.strip().split("\n"), "<br>") + Markup("</p>") for p in paras)


def _list_html(items: list[Any], *, ordered: bool = True, cls: str = "") -> Markup:
    if not items:
        return Markup("")
    tag = "ol" if ordered else "ul"
    attr = f' class="{cls}"' if cls else ""
    return (
        Markup(f"<{tag}{attr}>")
        + join(Markup("<li>") + escape(i) + Markup("</li>") for i in items)
        + Markup(f"</{tag}>")
    )


def _kantor(data: Mapping[str, Any]) -> dict[str, Any]:
    raw = data.get("kantor")
    k = {"nama": raw} if isinstance(raw, str) else dict(raw or {})
    if _blank(k.get("nama")):
        raise LetterDataError(
            "Nama kantor (kantor.nama) wajib diisi, mis. 'Badan Pengawas Pemilihan Umum Provinsi Jambi'."
        )
    return k


def _election(data: Mapping[str, Any]) -> dict[str, Any]:
    key = _text(data.get("jenis_pemilihan") or "pilkada").lower()
    if key not in _ELECTION:
        raise LetterDataError(f"jenis_pemilihan harus 'pilkada' atau 'pemilu', bukan {key!r}.")
    return _ELECTION[key]


def _dasar(data: Mapping[str, Any], default: list[str]) -> Markup:
    items = _as_list(data.get("dasar_hukum")) or default
    return join(items, "; ")


def _person(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {k: _text(v) for k, v in value.items()}
    return {"nama": _text(value)}


def _sha256(value: Any, field: str) -> str:
    text = _text(value)
    if not _SHA256_RE.match(text):
        raise LetterDataError(f"{field} harus berupa hash SHA-256 (64 karakter heksadesimal).")
    return text.lower()


def _logo(k: Mapping[str, Any]) -> Markup:
    png = k.get("logo_png")
    if not png:
        return Markup("")
    if not isinstance(png, bytes | bytearray) or not bytes(png).startswith(b"\x89PNG"):
        raise LetterDataError("kantor.logo_png harus berupa isi berkas PNG (bytes).")
    b64 = base64.b64encode(bytes(png)).decode("ascii")
    return Markup(f'<img class="logo" alt="Logo" src="data:image/png;base64,{b64}">')


def sha256_hex(content: bytes) -> str:
    """Helper for callers: the SHA-256 of a rendered PDF."""
    return hashlib.sha256(content).hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# Shared blocks
# ---------------------------------------------------------------------------------------------------------------


def _letter_date(data: Mapping[str, Any]) -> dt.date:
    raw = data.get("tanggal")
    if _blank(raw):
        return dt.datetime.now(WIB).date()
    d = _date(raw, "tanggal")
    return d.date() if isinstance(d, dt.datetime) else d


def _kepala(data: Mapping[str, Any], k: Mapping[str, Any], *, hal: str, penerima: dict[str, str]) -> Markup:
    tempat = _text(data.get("tempat") or k.get("kota"))
    tanggal = format_tanggal(_letter_date(data))
    jabatan = penerima.get("jabatan", "")
    return fill(
        template_parts("_kepala.html")["main"],
        {
            "nomor": _text(data.get("nomor")) or "-",
            "tempat_tanggal": f"{tempat}, {tanggal}" if tempat else tanggal,
            "sifat": _text(data.get("sifat")) or "Biasa",
            "lampiran": _text(data.get("lampiran")) or "-",
            "hal": _text(data.get("hal")) or hal,
            "penerima_nama": penerima.get("nama") or "-",
            "penerima_jabatan": (Markup("<br>") + jabatan) if jabatan else "",
            "penerima_tempat": penerima.get("tempat") or "Tempat",
        },
    )


def _penutup(data: Mapping[str, Any], k: Mapping[str, Any]) -> Markup:
    ttd = _person(data.get("penandatangan") or {})
    tembusan = _as_list(data.get("tembusan"))
    tembusan_html = (
        Markup('<div class="tembusan">Tembusan:') + _list_html(tembusan) + Markup("</div>")
        if tembusan
        else ""
    )
    return fill(
        template_parts("_penutup.html")["main"],
        {
            "ttd_jabatan": ttd.get("jabatan") or f"Ketua {k['nama']}",
            "ttd_nama": ttd.get("nama") or "",
            "tembusan": tembusan_html,
        },
    )


def _document(kind: str, data: Mapping[str, Any], k: Mapping[str, Any], isi: Markup, *, judul: str) -> str:
    kontak = [
        _text(k.get("telepon")) and f"Telepon {_text(k.get('telepon'))}",
        _text(k.get("email")) and f"Surel {_text(k.get('email'))}",
        _text(k.get("laman")),
    ]
    nomor = _text(data.get("nomor") or data.get("nomor_perkara"))
    return str(
        fill(
            template_parts("_base.html")["main"],
            {
                "judul_dokumen": f"{judul} {nomor}".strip(),
                "css": Markup(template_text("style.css")),
                "kind": kind,
                "logo": _logo(k),
                "kantor_nama": k["nama"],
                "kantor_alamat": _text(k.get("alamat")),
                "kantor_kontak": " · ".join(c for c in kontak if c),
                "isi": isi,
            },
        )
    )


# ---------------------------------------------------------------------------------------------------------------
# Kinds
# ---------------------------------------------------------------------------------------------------------------


def _pemberitahuan_status(data: Mapping[str, Any]) -> str:
    k = _kantor(data)
    e = _election(data)
    parts = template_parts("pemberitahuan_status.html")
    status = _text(data.get("status")).lower()
    if status not in STATUS_LAPORAN:
        raise LetterDataError(f"status harus salah satu dari: {', '.join(STATUS_LAPORAN)}.")
    pelapor = _person(data["pelapor"])
    if not pelapor.get("nama"):
        raise LetterDataError("Nama pelapor (pelapor.nama) wajib diisi.")

    def need(*keys: str) -> None:
        missing = [key for key in keys if _blank(data.get(key))]
        if missing:
            raise LetterDataError(
                f"Pemberitahuan berstatus '{STATUS_LAPORAN[status]}' memerlukan: {', '.join(missing)}."
            )

    kekurangan = _list_html(_as_list(data.get("kekurangan")))
    values: dict[str, Any] = {}
    if status == "diregistrasi":
        need("nomor_registrasi", "tanggal_registrasi")
        tenggat = data.get("tenggat")
        values = {
            "nomor_registrasi": _text(data["nomor_registrasi"]),
            "tanggal_registrasi": _tgl(data["tanggal_registrasi"], "tanggal_registrasi", hari=True),
            "tenggat": f" Batas waktu penanganan: {_tgl_or_waktu(tenggat, 'tenggat')}." if tenggat else "",
        }
    elif status == "tidak_diregistrasi":
        need("alasan")
        values = {"alasan": _text(data["alasan"]).rstrip("."), "kekurangan": kekurangan}
    elif status == "perlu_dilengkapi":
        need("kekurangan", "batas_waktu")
        values = {"kekurangan": kekurangan, "batas_waktu": _tgl_or_waktu(data["batas_waktu"], "batas_waktu")}
    elif status == "ditindaklanjuti":
        need("nomor_registrasi", "hasil")
        diteruskan = _as_list(data.get("diteruskan_kepada"))
        values = {
            "nomor_registrasi": _text(data["nomor_registrasi"]),
            "hasil": _text(data["hasil"]),
            "diteruskan": (Markup("<p>Perkara diteruskan kepada:</p>") + _list_html(diteruskan))
            if diteruskan
            else "",
        }
    else:  # tidak_ditindaklanjuti
        need("nomor_registrasi", "alasan")
        values = {
            "nomor_registrasi": _text(data["nomor_registrasi"]),
            "alasan": _text(data["alasan"]).rstrip("."),
        }
    isi_status = fill(parts[status], values)

    penerima = _person(data.get("penerima") or pelapor)
    if not penerima.get("tempat") and pelapor.get("alamat"):
        penerima["tempat"] = pelapor["alamat"]
    tanggal_laporan = data.get("tanggal_laporan")
    isi = fill(
        parts["main"],
        {
            "kepala": _kepala(data, k, hal="Pemberitahuan Status Laporan", penerima=penerima),
            "jenis_pemilihan": e["singkat"],
            "kantor_nama": k["nama"],
            "tanggal_laporan": _tgl(tanggal_laporan, "tanggal_laporan", hari=True)
            if tanggal_laporan
            else "-",
            "nomor_laporan": _text(data["nomor_laporan"]),
            "perihal_laporan": _text(data.get("perihal_laporan")) or "dugaan pelanggaran",
            "pelapor_nama": pelapor["nama"],
            "pelapor_alamat": pelapor.get("alamat") or "-",
            "terlapor": _text(data.get("terlapor")) or "-",
            "status_label": STATUS_LAPORAN[status],
            "isi_status": isi_status,
            "dasar_hukum": _dasar(data, [f"{e['uu']}, {e['laporan']}", e["perbawaslu"]]),
            "penutup": _penutup(data, k),
        },
    )
    return _document("pemberitahuan_status", data, k, isi, judul="Pemberitahuan Status Laporan")


def _undangan_klarifikasi(data: Mapping[str, Any]) -> str:
    k = _kantor(data)
    e = _election(data)
    waktu = _datetime(data["waktu"], "waktu")
    peran_key = _text(data.get("peran") or "saksi").lower()
    peran = PERAN_KLARIFIKASI.get(peran_key, _text(data.get("peran")))
    membawa = _as_list(data.get("membawa"))
    membawa_html = Markup("<p>Saudara diminta membawa:</p>") + _list_html(membawa) if membawa else ""
    narahubung = _person(data.get("narahubung") or {})
    narahubung_text = (
        " ".join(
            x
            for x in (narahubung.get("nama"), narahubung.get("telepon") and f"({narahubung['telepon']})")
            if x
        )
        or "kami"
    )
    perkara = _text(data.get("perkara"))
    isi = fill(
        template_parts("undangan_klarifikasi.html")["main"],
        {
            "kepala": _kepala(data, k, hal="Undangan Klarifikasi", penerima=_person(data["penerima"])),
            "jenis_pemilihan": e["singkat"],
            "nomor_registrasi": _text(data["nomor_registrasi"]),
            "perkara_ringkas": f" perihal {perkara}" if perkara else "",
            "kantor_nama": k["nama"],
            "peran": peran,
            "hari_tanggal": format_tanggal(waktu, hari=True),
            "pukul": f"{waktu.hour:02d}.{waktu.minute:02d} WIB s.d. selesai",
            "tempat_klarifikasi": _text(data["tempat_klarifikasi"]),
            "agenda": _text(data.get("agenda")) or "Klarifikasi dugaan pelanggaran",
            "membawa": membawa_html,
            "narahubung": narahubung_text,
            "dasar_hukum": _dasar(data, [f"{e['uu']}, {e['laporan']}", e["perbawaslu"]]),
            "penutup": _penutup(data, k),
        },
    )
    return _document("undangan_klarifikasi", data, k, isi, judul="Undangan Klarifikasi")


def _surat_penerusan(data: Mapping[str, Any]) -> str:
    k = _kantor(data)
    e = _election(data)
    key = _text(data["instansi"]).lower()
    inst = INSTITUTIONS.get(key)
    if inst is None:
        if _blank(data.get("penerima")) or _blank(data.get("dasar_hukum")):
            raise LetterDataError(
                f"instansi {key!r} tidak dikenal ({', '.join(INSTITUTIONS)}); untuk instansi lain isi penerima "
                "dan dasar_hukum."
            )
        inst = {
            "nama": "",
            "singkat": _person(data["penerima"]).get("nama", key),
            "jenis": "pelanggaran",
            "hal": "Penerusan Dugaan Pelanggaran",
            "permintaan": "Kami mohon perkara ini ditindaklanjuti sesuai kewenangan Saudara.",
            "dasar": lambda _e: [],
        }
    penerima = _person(data.get("penerima") or inst["nama"])
    asal = _text(data.get("asal") or "laporan").lower()
    asal_text = {"laporan": "laporan", "temuan": "temuan"}.get(asal, asal)
    waktu_tempat = (
        ", ".join(
            x
            for x in (
                _tgl_or_waktu(data["waktu_kejadian"], "waktu_kejadian") if data.get("waktu_kejadian") else "",
                _text(data.get("tempat_kejadian")),
            )
            if x
        )
        or "-"
    )
    tenggat = data.get("tenggat")
    lampiran = _as_list(data.get("lampiran_daftar"))
    isi = fill(
        template_parts("surat_penerusan.html")["main"],
        {
            "kepala": _kepala(data, k, hal=inst["hal"], penerima=penerima),
            "kantor_nama": k["nama"],
            "asal_perkara": asal_text,
            "nomor_registrasi": _text(data["nomor_registrasi"]),
            "tanggal_putusan": _tgl(data["tanggal_putusan"], "tanggal_putusan", hari=True)
            if data.get("tanggal_putusan")
            else format_tanggal(_letter_date(data), hari=True),
            "jenis_pelanggaran": _text(data.get("jenis_pelanggaran")) or inst["jenis"],
            "instansi_singkat": inst["singkat"],
            "terlapor": _text(data.get("terlapor")) or "-",
            "waktu_tempat": waktu_tempat,
            "pasal": join(_as_list(data.get("pasal")), "; ") or "-",
            "uraian": _paragraphs(data["uraian"]),
            "permintaan": _text(data.get("permintaan")) or inst["permintaan"],
            "tenggat": (
                f" Sesuai ketentuan, tindak lanjut diharapkan paling lambat "
                f"{_tgl_or_waktu(tenggat, 'tenggat')}."
            )
            if tenggat
            else "",
            "lampiran_daftar": (Markup("<p>Bersama ini kami lampirkan:</p>") + _list_html(lampiran))
            if lampiran
            else "",
            "dasar_hukum": _dasar(data, inst["dasar"](e)),
            "penutup": _penutup(data, k),
        },
    )
    return _document("surat_penerusan", data, k, isi, judul="Surat Penerusan")


def _permintaan_takedown(data: Mapping[str, Any]) -> str:
    k = _kantor(data)
    e = _election(data)
    parts = template_parts("permintaan_takedown.html")
    items = _as_list(data["konten"])
    rows = []
    for i, item in enumerate(items, 1):
        item = {"url": item} if isinstance(item, str) else dict(item)
        url = _text(item.get("url"))
        if not _URL_RE.match(url):
            raise LetterDataError(
                f"Konten nomor {i}: url harus diawali http:// atau https:// ({url[:80]!r})."
            )
        akun = _text(item.get("akun"))
        rows.append(
            fill(
                parts["baris"],
                {
                    "no": i,
                    "url": url,
                    "platform": _text(item.get("platform")) or "-",
                    "akun": (Markup("<br>") + akun) if akun else "",
                    "ditemukan": _tgl_or_waktu(item["ditemukan"], "ditemukan")
                    if item.get("ditemukan")
                    else "-",
                    "alasan": _text(item.get("alasan")) or "-",
                },
            )
        )
    penerima = _person(data.get("penerima") or INSTITUTIONS["komdigi"]["nama"])
    nomor_perkara = _text(data.get("nomor_perkara"))
    narahubung = _person(data.get("narahubung") or {})
    nh = " ".join(
        x for x in (narahubung.get("nama"), narahubung.get("telepon"), narahubung.get("email")) if x
    )
    isi = fill(
        parts["main"],
        {
            "kepala": _kepala(data, k, hal="Permintaan Pemutusan Akses Konten", penerima=penerima),
            "jenis_pemilihan": e["singkat"],
            "kantor_nama": k["nama"],
            "nomor_perkara_teks": f" (nomor perkara {nomor_perkara})" if nomor_perkara else "",
            "penerima_singkat": penerima.get("singkat") or "Saudara",
            "jumlah": f"{len(items)}",
            "baris": join(rows, "\n"),
            "alasan_umum": _text(data.get("alasan_umum"))
            or "Konten tersebut diduga memuat ujaran kebencian, "
            "hasutan, fitnah, atau kampanye di luar ketentuan, yang dapat mengganggu penyelenggaraan "
            f"{e['singkat']} yang jujur dan adil.",
            "narahubung_teks": f" melalui narahubung {nh}" if nh else "",
            "dasar_hukum": _dasar(data, [e["uu"], UU_ITE, PP_PSTE, e["kampanye"]]),
            "penutup": _penutup(data, k),
        },
    )
    return _document("permintaan_takedown", data, k, isi, judul="Permintaan Pemutusan Akses Konten")


def _normalise_events(events: list[Any]) -> list[dict[str, Any]]:
    out = []
    for i, ev in enumerate(events, 1):
        if not isinstance(ev, Mapping):
            raise LetterDataError(f"Peristiwa nomor {i} harus berupa objek dengan waktu dan peristiwa.")
        if _blank(ev.get("waktu")) or _blank(ev.get("peristiwa")):
            raise LetterDataError(f"Peristiwa nomor {i}: waktu dan peristiwa wajib diisi.")
        waktu = _date(ev["waktu"], f"peristiwa[{i}].waktu")
        if isinstance(waktu, dt.datetime):
            waktu = waktu.replace(tzinfo=WIB) if waktu.tzinfo is None else waktu.astimezone(WIB)
        else:
            waktu = dt.datetime.combine(waktu, dt.time(0), tzinfo=WIB)
        bukti = []
        for j, b in enumerate(_as_list(ev.get("bukti")), 1):
            b = dict(b) if isinstance(b, Mapping) else {"sha256": b}
            bukti.append(
                {
                    "nama": _text(b.get("nama")) or f"Bukti {i}.{j}",
                    "sha256": _sha256(b.get("sha256"), f"Bukti {j} pada peristiwa {i}"),
                }
            )
        out.append(
            {
                "waktu": waktu,
                "peristiwa": _text(ev["peristiwa"]),
                "oleh": _text(ev.get("oleh")),
                "bukti": bukti,
            }
        )
    out.sort(key=lambda e: e["waktu"])
    return out


def timeline_fingerprint(events: list[Any]) -> str:
    """SHA-256 over the canonical JSON of a timeline's events and evidence hashes (printed in the bundle, so a
    reader can check the list was not altered; independent of the PDF's own hash)."""
    norm = _normalise_events(list(events))
    canonical = [
        {
            "waktu": e["waktu"].isoformat(),
            "peristiwa": e["peristiwa"],
            "oleh": e["oleh"],
            "bukti": [{"nama": b["nama"], "sha256": b["sha256"]} for b in e["bukti"]],
        }
        for e in norm
    ]
    payload = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _kronologi(data: Mapping[str, Any]) -> str:
    k = _kantor(data)
    e = _election(data)
    parts = template_parts("kronologi.html")
    events = _normalise_events(_as_list(data["peristiwa"]))
    rows, bukti_rows = [], []
    n_bukti = 0
    for i, ev in enumerate(events, 1):
        bukti_cells = []
        for b in ev["bukti"]:
            n_bukti += 1
            bukti_cells.append(
                escape(b["nama"])
                + Markup('<br><span class="hash">')
                + escape(b["sha256"])
                + Markup("</span>")
            )
            bukti_rows.append(fill(parts["bukti"], {"no": n_bukti, "nama": b["nama"], "sha256": b["sha256"]}))
        rows.append(
            fill(
                parts["baris"],
                {
                    "no": i,
                    "waktu": format_waktu(ev["waktu"]),
                    "peristiwa": ev["peristiwa"],
                    "oleh": ev["oleh"] or "-",
                    "bukti": join(bukti_cells, "<br>") or "-",
                },
            )
        )
    if not bukti_rows:
        bukti_rows.append(Markup('<tr><td colspan="3">Tidak ada bukti terlampir.</td></tr>'))
    nomor = _text(data.get("nomor"))
    disusun = data.get("disusun_pada")
    isi = fill(
        parts["main"],
        {
            "judul": _text(data.get("judul")) or "Kronologi Penanganan Perkara",
            "nomor_perkara": _text(data["nomor_perkara"]),
            "nomor_dokumen": (Markup("<br>Nomor dokumen: ") + nomor) if nomor else "",
            "kantor_nama": k["nama"],
            "jenis_pemilihan": e["nama"],
            "status_perkara": _text(data.get("status_perkara")) or "-",
            "disusun_pada": _tgl_or_waktu(disusun, "disusun_pada")
            if disusun
            else format_tanggal(_letter_date(data), hari=True),
            "jumlah_peristiwa": len(events),
            "jumlah_bukti": n_bukti,
            "ringkasan": (
                Markup("<p><strong>Ringkasan perkara:</strong></p>") + _paragraphs(data["ringkasan"])
            )
            if data.get("ringkasan")
            else "",
            "baris": join(rows, "\n"),
            "daftar_bukti": join(bukti_rows, "\n"),
            "sidik_jari": timeline_fingerprint(_as_list(data["peristiwa"])),
            "dasar_hukum": _dasar(data, [e["uu"], e["perbawaslu"]]),
            "penutup": _penutup(data, k),
        },
    )
    return _document(
        "kronologi", data, k, isi, judul=_text(data.get("judul")) or "Kronologi Penanganan Perkara"
    )


_RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "pemberitahuan_status": _pemberitahuan_status,
    "undangan_klarifikasi": _undangan_klarifikasi,
    "surat_penerusan": _surat_penerusan,
    "permintaan_takedown": _permintaan_takedown,
    "kronologi": _kronologi,
}


# ---------------------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------------------


def render_html(kind: str, data: Mapping[str, Any]) -> str:
    """The letter ``kind`` filled with ``data``, as a complete HTML document (all values escaped)."""
    if kind not in _RENDERERS:
        raise LetterDataError(
            f"Jenis surat {kind!r} tidak dikenal; pilih salah satu dari: {', '.join(LETTER_KINDS)}."
        )
    if not isinstance(data, Mapping):
        raise LetterDataError("Data surat harus berupa dict.")
    _require(kind, data)
    return _RENDERERS[kind](data)


def render_letter(kind: str, data: Mapping[str, Any]) -> bytes:
    """The letter as PDF bytes (WeasyPrint). The caller stores the file and its SHA-256 (:func:`sha256_hex`)."""
    return html_to_pdf(render_html(kind, data))

"""Texts the system stores on a report (reasons, notes): written in Indonesian, read in the reader's language.

A stored reason is part of the record (the audit log, the case file and the office e-mail quote it), so it is
always written from the Indonesian templates below, whatever language the submitter or handler reads. Pages
and API answers show it through ``localise()``, which recognises the templates in the stored text and rewrites
it with the translated template and the same values. Text that matches no template (a handler's own note, a
note from the cases app) is shown as written, or through the catalogue when it is itself a catalogue entry.
"""

from __future__ import annotations

import functools
import re

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

# --- requirements (services.assess) -------------------------------------------------------------------------
MISSING_REPORTED = gettext_noop("nama/alamat terlapor")
MISSING_EVIDENCE = gettext_noop("bukti (foto, video, dokumen, tautan) atau saksi")
TIP_NOT_REGISTRABLE = gettext_noop(
    "Informasi awal (tanpa identitas pelapor) tidak dapat diregistrasi sebagai laporan; pengawas dapat "
    "menindaklanjutinya sebagai temuan.")
IDENTITY_INCOMPLETE = gettext_noop("Identitas pelapor belum lengkap.")
LATE = gettext_noop(
    "Dikirim %(days)d hari setelah kejadian diketahui (%(known)s); batasnya %(limit)d hari "
    "(sampai %(deadline)s, UU Pilkada Ps 134 ayat 4). Kiriman diterima sebagai informasi dan "
    "tetap dipelajari, tetapi tidak dapat diregistrasi sebagai laporan.")

# --- notes on the reporter's timeline ---------------------------------------------------------------------
RECEIVED_NOTE = gettext_noop("Kiriman diterima sistem.")
MERGED_NOTE = gettext_noop(
    "Laporan Anda menyangkut kejadian yang sama dengan laporan lain dan ditangani bersama. Halaman ini "
    "menampilkan perkembangan penanganannya.")

# --- spam -------------------------------------------------------------------------------------------------
SPAM_SAME_TEXT = gettext_noop("Teks yang sama dikirim dari %(n)d alamat berbeda dalam 1 jam.")

# --- routing (routing.route) ------------------------------------------------------------------------------
ROUTE_PROVINCE_WORD = gettext_noop(
    "Menyangkut pemilihan gubernur / tingkat provinsi (\"%(word)s\") → Bawaslu Provinsi.")
ROUTE_GOVERNOR_NAME = gettext_noop("Menyebut calon gubernur (%(name)s) → Bawaslu Provinsi.")
ROUTE_ONLINE = gettext_noop(
    "Konten daring tanpa lokasi kabupaten/kota → tim pengawasan siber Bawaslu Provinsi.")
ROUTE_PROVINCE_ONLY = gettext_noop("Lokasi hanya disebut tingkat provinsi → Bawaslu Provinsi.")
ROUTE_LOCAL = gettext_noop("Lokasi kejadian di wilayah kabupaten/kota ini.")

# --- duplicate suggestions (duplicates.find_matches) --------------------------------------------------------
DUP_SAME_PLACE = gettext_noop("lokasi sama")
DUP_SAME_DATE = gettext_noop("tanggal kejadian sama")
DUP_SAME_PARTY = gettext_noop("terlapor sama")
DUP_TEXT = gettext_noop("uraian mirip %(pct)s")
DUP_TEXT_WITH = gettext_noop("uraian mirip %(pct)s (%(why)s)")
DUP_SAME_URL = gettext_noop("tautan sama")
DUP_SAME_FILE = gettext_noop("berkas bukti identik (SHA-256 sama)")
DUP_PHOTO = gettext_noop("foto mirip %(pct)s")
DUP_BY_STAFF = gettext_noop("ditautkan petugas")

TEMPLATES = (
    MISSING_REPORTED, MISSING_EVIDENCE, TIP_NOT_REGISTRABLE, IDENTITY_INCOMPLETE, LATE,
    RECEIVED_NOTE, MERGED_NOTE, SPAM_SAME_TEXT,
    ROUTE_PROVINCE_WORD, ROUTE_GOVERNOR_NAME, ROUTE_ONLINE, ROUTE_PROVINCE_ONLY, ROUTE_LOCAL,
    DUP_SAME_PLACE, DUP_SAME_DATE, DUP_SAME_PARTY, DUP_TEXT_WITH, DUP_TEXT, DUP_SAME_URL, DUP_SAME_FILE,
    DUP_PHOTO, DUP_BY_STAFF,
)

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
# Stored texts join several templates with one of these (sentences, list items).
_SEPARATOR = re.compile(r"(?:; |, | )")


@functools.cache
def _compiled() -> tuple[tuple[str, str, re.Pattern, dict[str, str]], ...]:
    compiled = []
    # Longer templates first, so "uraian mirip X (Y)" is tried before "uraian mirip X".
    for template in sorted(TEMPLATES, key=len, reverse=True):
        parts, kinds, pos = [], {}, 0
        for match in _PLACEHOLDER.finditer(template):
            parts.append(re.escape(template[pos:match.start()]))
            name, kind = match.groups()
            kinds[name] = kind
            parts.append(rf"(?P<{name}>-?\d+)" if kind == "d" else rf"(?P<{name}>.+?)")
            pos = match.end()
        parts.append(re.escape(template[pos:]))
        literal_start = template.split("%(", 1)[0]
        compiled.append((template, literal_start, re.compile("".join(parts), re.DOTALL), kinds))
    return tuple(compiled)


def _parse(text: str) -> list[str] | None:
    """The text rewritten piece by piece in the active language, or None when some piece is not a template."""
    if not text:
        return []
    for template, literal_start, pattern, kinds in _compiled():
        if not text.startswith(literal_start):
            continue
        for match in _matches(pattern, text):
            end = match.end()
            if end == len(text):
                tail: list[str] | None = []
            else:
                separator = _SEPARATOR.match(text, end)
                if separator is None:
                    continue
                rest = _parse(text[separator.end():])
                tail = None if rest is None else [separator.group(0), *rest]
            if tail is None:
                continue
            values = {}
            for name, kind in kinds.items():
                raw = match.group(name)
                values[name] = int(raw) if kind == "d" else _localise_value(raw)
            return [gettext(template) % values if kinds else gettext(template), *tail]
    return None


def _matches(pattern: re.Pattern, text: str):
    """Every way ``pattern`` matches a prefix of ``text``, shortest first (values may contain a separator)."""
    for end in range(1, len(text) + 1):
        match = pattern.fullmatch(text, 0, end)
        if match is not None:
            yield match


def _localise_value(value: str) -> str:
    pieces = _parse(value)
    return "".join(pieces) if pieces else value


def localise(text: str) -> str:
    """``text`` (stored in Indonesian) in the active language; unchanged when Indonesian is active."""
    if not text:
        return text or ""
    language = translation.get_language() or "id"
    if language.split("-")[0] == "id":
        return text
    pieces = _parse(text)
    if pieces is not None:
        return "".join(pieces)
    return gettext(text)

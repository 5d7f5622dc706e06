"""English through Django's i18n: the language switcher, the pages of the covered apps, and the catalogue itself.

The source language is Indonesian (the msgids); `locale/en/LC_MESSAGES/django.po` holds the English and the
compiled `django.mo` is what runs. Indonesian stays the default when nobody chose a language.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

LOCALE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"

# Source paths (relative to src/pantau) whose strings must all be translated.
COVERED = ("templates/", "accounts/", "partners/", "audit/", "core/", "dashboard/", "cases/templates/",
           "cases/views.py", "cases/forms.py", "cases/workflow.py", "cases/services.py", "cases/actions.py",
           "cases/timing.py", "cases/models.py", "cases/api.py", "reports/")


@pytest.fixture(autouse=True)
def _restore_default_language():
    """LocaleMiddleware leaves the last request's language active in the thread: do not leak English."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client: Client) -> Client:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_english(page: str, present: list[str], absent: list[str]) -> None:
    for phrase in present:
        assert phrase in page, f"missing English phrase {phrase!r}"
    for phrase in absent:
        assert phrase not in page, f"Indonesian phrase {phrase!r} still shown in English"


# --- pages ------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_indonesian_is_the_default_without_a_choice():
    page = text_of(Client().get("/accounts/login/"))
    assert '<html lang="id">' in page
    assert "Masuk ke Pantau" in page and "Kata sandi" in page
    assert "Sign in to Pantau" not in page


@pytest.mark.django_db
def test_login_page_in_english_after_switching():
    client = english(Client())
    page = text_of(client.get("/accounts/login/"))
    assert '<html lang="en">' in page
    assert_english(page, ["Sign in to Pantau", "Username", "Password", "Two-step verification code (if enabled)",
                          "Report a violation", "Transparency"],
                   ["Masuk ke Pantau", "Nama pengguna", "Kata sandi", "Lapor pelanggaran"])
    # Switching back restores Indonesian.
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Masuk ke Pantau" in text_of(client.get("/accounts/login/"))


@pytest.mark.django_db
def test_navigation_and_partner_list_in_english(client_for):
    client = english(client_for("provinsi.analis"))
    page = text_of(client.get("/mitra/"))
    # Base navigation and footer.
    assert_english(page, [">Dashboard</a>", ">Cyber queue</a>", ">Cases</a>", ">Reports</a>", ">Partners</a>",
                          "Sign out", "Participatory and cyber supervision system for Bawaslu"],
                   ["Antrean siber", ">Keluar<", "Sistem pengawasan partisipatif"])
    # The partner list itself, including a model choice label (organisation kind).
    assert_english(page, ["Partner organisations", "Active monitors", "Student organisation"],
                   ["Organisasi mitra", "Pemantau aktif", "Organisasi mahasiswa"])


@pytest.mark.django_db
def test_partner_detail_in_english(client_for, demo_users):
    organisation = demo_users["mitra.koordinator"].organisation
    client = english(client_for("provinsi.analis"))
    page = text_of(client.get(f"/mitra/{organisation.pk}/"))
    assert_english(page, ["Cooperation agreements", "Monitoring members", "Trainings and outreach"],
                   ["Perjanjian kerja sama", "Anggota pemantau", "Pelatihan dan sosialisasi"])


@pytest.mark.django_db
def test_audit_page_in_english(client_for):
    client = english(client_for("provinsi.pimpinan"))
    page = text_of(client.get("/audit/"))
    assert_english(page, ["Audit log", ">Filter<", "Record type", "Actor"],
                   ["Log audit", ">Saring<", "Jenis data", "Pelaku"])


@pytest.mark.django_db
def test_dashboard_in_english(client_for):
    client = english(client_for("provinsi.analis"))
    page = text_of(client.get("/dasbor/"))
    assert_english(page, ["Dashboard, Province of", "Filter the dashboard", "Violation type", "Key figures",
                          "online content", "Deadline compliance", "Largest similar narratives",
                          "Coordination meeting report (PDF)", "Data table:", "By sub-district"],
                   ["Saring dasbor", "Jenis pelanggaran", "Angka ringkas", "konten daring", "Kepatuhan tenggat",
                    "Narasi mirip terbesar", "Tabel data:", "Per kecamatan"])


@pytest.mark.django_db
def test_dashboard_filter_errors_follow_the_language(client_for):
    client = client_for("provinsi.analis")
    assert "Kode wilayah tidak dikenal: 15.99." in client.get("/dasbor/?region=15.99").content.decode()
    english(client)
    page = client.get("/dasbor/?region=15.99").content.decode()
    assert "Unknown region code: 15.99." in page
    assert "Kode wilayah tidak dikenal" not in page


@pytest.mark.django_db
def test_board_cache_is_kept_per_language(client_for):
    """The dashboard caches a built board: an English visit must not be served the Indonesian copy."""
    client = client_for("provinsi.analis")
    assert "Per kecamatan" in text_of(client.get("/dasbor/"))
    english(client)
    page = text_of(client.get("/dasbor/"))
    assert "By sub-district" in page and "Peta Jambi per kecamatan" not in page


@pytest.mark.django_db
def test_case_list_in_english(client_for):
    client = english(client_for("kotajambi.penanganan"))
    page = text_of(client.get("/kasus/"))
    assert_english(page, ["Open a case from a report", "All open", "My cases", "Next deadline", "No cases.",
                          "Overdue", "On track"],
                   ["Buka kasus dari laporan", "Semua yang berjalan", "Kasus saya", "Tenggat berikutnya",
                    "Tidak ada kasus."])


@pytest.mark.django_db
def test_liaison_list_in_english(client_for):
    client = english(client_for("gakkumdu.polda"))
    page = text_of(client.get("/kasus/"))
    assert_english(page, ["Referrals to", "No referrals yet."], ["Penerusan kepada", "Belum ada penerusan."])


@pytest.mark.django_db
def test_refusal_messages_read_in_english_but_audited_in_indonesian(demo_users):
    import datetime as dt

    from django.utils import translation

    from pantau.audit.models import AuditEntry
    from pantau.cases import services

    with translation.override("en"):
        with pytest.raises(services.CaseError) as caught:
            services.create_finding(demo_users["provinsi.analis"], region="15.71", title="", description="",
                                    known_on=dt.date(2024, 9, 1))
        assert caught.value.message == "The finding’s title and description are required."
    with translation.override("id"):
        assert caught.value.message == "Judul dan uraian temuan wajib diisi."
    entry = AuditEntry.objects.filter(action="cases.refused").order_by("-seq").first()
    assert entry.reason == "Judul dan uraian temuan wajib diisi."


@pytest.mark.django_db
def test_login_applies_the_preferred_language_unless_the_browser_chose(demo_users):
    user = demo_users["provinsi.analis"]
    user.set_password("rahasia-uji-123")
    user.preferred_language = "en"
    user.save()
    response = Client().post("/accounts/login/", {"username": user.username, "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    chosen = Client()
    chosen.post("/i18n/setlang/", {"language": "id", "next": "/"})
    response = chosen.post("/accounts/login/", {"username": user.username, "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies  # the explicit choice (id) stays
    assert "Saring dasbor" in text_of(chosen.get("/dasbor/"))


# --- the catalogue ------------------------------------------------------------------------------------------------

def _po_entries(path: Path) -> list[dict]:
    """A small .po reader: references, flags, msgid, msgid_plural, msgstr[n]; obsolete (#~) entries counted."""
    entries, current, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"refs": [], "flags": set(), "msgid": None, "plural": None, "msgstr": {}, "obsolete": False}
        if line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#:"):
            current["refs"] += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
        elif line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
            if match:
                word, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
                if word.startswith("msgstr"):
                    key = ("msgstr", int(index or 0))
                    current["msgstr"][key[1]] = value
                else:
                    key = ({"msgid_plural": "plural"}.get(word, word), None)
                    current[key[0]] = value
            else:
                value = ast.literal_eval(line)
                if key[0] == "msgstr":
                    current["msgstr"][key[1]] += value
                else:
                    current[key[0]] += value
    return entries


def _covered(entry: dict) -> bool:
    return any(ref.startswith(COVERED) for ref in entry["refs"])


def test_catalogue_has_every_covered_string_translated():
    entries = _po_entries(LOCALE / "django.po")
    header = next(e for e in entries if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"][0] and "charset=UTF-8" in header["msgstr"][0]
    covered = [e for e in entries if e["msgid"] and _covered(e)]
    assert len(covered) > 600, len(covered)  # the covered apps really are in the catalogue
    untranslated = [e["msgid"] for e in covered if not all(e["msgstr"].values()) or not e["msgstr"]]
    assert not untranslated, untranslated[:10]
    fuzzy = [e["msgid"] for e in covered if "fuzzy" in e["flags"]]
    assert not fuzzy, fuzzy[:10]
    assert not [e for e in entries if e["obsolete"]], "obsolete (#~) entries left in the catalogue"
    # Placeholders survive translation (a lost %(name)s would raise at run time).
    for e in covered:
        wanted = set(re.findall(r"%\(\w+\)[sdr]", e["msgid"]))
        for text in e["msgstr"].values():
            assert set(re.findall(r"%\(\w+\)[sdr]", text)) == wanted, e["msgid"]


def test_compiled_catalogue_matches_the_po():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for e in _po_entries(LOCALE / "django.po"):
        if not e["msgid"] or not _covered(e):
            continue
        if e.get("msgctxt") is not None:  # pgettext / {% translate ... context ... %}
            assert compiled.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"][0], f"stale {e['msgid']!r}"
        elif e["plural"] is not None:
            assert compiled.ngettext(e["msgid"], e["plural"], 1) == e["msgstr"][0], e["msgid"]
            assert compiled.ngettext(e["msgid"], e["plural"], 5) == e["msgstr"][1], e["msgid"]
        else:
            assert compiled.gettext(e["msgid"]) == e["msgstr"][0], f"django.mo is stale for {e['msgid']!r}"

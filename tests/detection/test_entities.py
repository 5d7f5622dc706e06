"""Regions (with aliases), protected actors, candidates and parties from a registry, election relatedness."""

from __future__ import annotations

import pytest

from pantau.detection import Registry, analyse, normalise
from pantau.detection.entities import DEFAULT_REGIONS, default_registry


def _kinds(reg: Registry, text: str, kind: str) -> list[str]:
    return [m.id for m in reg.match(normalise(text)).matches if m.kind == kind]


@pytest.mark.parametrize(("text", "code"), [
    ("Warga Tanjabbar resah", "15.06"),
    ("di Tanjab Barat", "15.06"),
    ("Kuala Tungkal", "15.06"),
    ("Tanjab Timur", "15.07"),
    ("tanjabtim", "15.07"),
    ("Muarojambi", "15.05"),
    ("Muaro Jambi", "15.05"),
    ("Ma. Jambi", "15.05"),
    ("Sei Penuh", "15.72"),
    ("SPN", "15.72"),
    ("Sungai Penuh", "15.72"),
    ("Kota Jambi", "15.71"),
    ("Batanghari", "15.04"),
    ("Kab. Bungo", "15.08"),
    ("Muara Tebo", "15.09"),
    ("Bangko", "15.02"),
    ("Kerinci", "15.01"),
    ("Sarolangun", "15.03"),
    ("Provinsi Jambi", "15"),
])
def test_default_region_aliases(text, code):
    assert _kinds(default_registry(), text, "region") == [code]


def test_kemendagri_not_bps_codes():
    by_code = {r.code: r.name for r in DEFAULT_REGIONS}
    assert by_code["15.06"].endswith("Tanjung Jabung Barat")
    assert by_code["15.07"].endswith("Tanjung Jabung Timur")
    assert by_code["15.08"].endswith("Bungo")
    assert by_code["15.09"].endswith("Tebo")


def test_longest_alias_wins():
    assert _kinds(default_registry(), "Kota Jambi dan Muaro Jambi", "region") == ["15.71", "15.05"]


def test_caller_region_list_via_context():
    regions = [("15.05.01", "Jambi Luar Kota", ["jaluko"]), ("15.05.02", "Sekernan", ())]
    a = analyse("Kades di Jaluko ajak pilih paslon 1", {"regions": regions})
    assert a.regions == ["15.05.01"]
    b = analyse("Kades di Sekernan dan Kota Jambi", {"regions": regions})
    assert b.regions == ["15.05.02"]  # the caller's list replaces the default table


@pytest.mark.parametrize(("text", "actor"), [
    ("seorang ASN", "asn"), ("oknum PNS", "asn"), ("guru honorer", "guru"), ("Pak Camat", "camat"),
    ("lurah setempat", "lurah"), ("Kades", "kepala_desa"), ("kepala desa", "kepala_desa"), ("kpl desa", "kepala_desa"),
    ("perangkat desa", "perangkat_desa"), ("Sekdes", "perangkat_desa"), ("anggota TNI", "tni"),
    ("Babinsa", "tni"), ("polisi", "polri"), ("Bhabinkamtibmas", "polri"), ("Kadis", "pejabat"),
])
def test_actors(text, actor):
    got = _kinds(default_registry(), text, "actor")
    assert actor in got, got


def test_registry_candidates_numbers_parties(fictional_registry):
    e = fictional_registry.match(normalise("Pilih paslon 02 Rizal Hakim, didukung PDIP dan Golkar"))
    cands = {m.id for m in e.matches if m.kind == "candidate"}
    parties = {m.id for m in e.matches if m.kind == "party"}
    assert cands == {"pilgub-2"}
    assert parties == {"pdip", "golkar"}
    assert e.election_related


def test_registry_from_mapping_and_context():
    reg = {"candidates": [{"id": "x1", "name": "Fulan Bin Fiktif", "aliases": ["fulan"], "number": 4}]}
    a = analyse("Ayo coblos Fulan nomor 4", {"registry": reg})
    assert {m.id for m in a.entities if m.kind == "candidate"} == {"x1"}


def test_election_related():
    assert analyse("Besok ke TPS, jangan golput di Pilkada").election_related
    assert not analyse("Harga sawit turun lagi di Tebo").election_related


def test_entity_spans_point_into_original(fictional_registry):
    text = "Camat Sei Penuh hadir di kampanye Yusnita"
    e = fictional_registry.match(normalise(text))
    for m in e.matches:
        if m.start >= 0:
            assert text[m.start:m.end] == m.text
    assert {m.text for m in e.matches if m.kind != "election"} >= {"Camat", "Sei Penuh", "Yusnita"}


def test_registry_in_elections_pair_form_and_handles():
    reg = Registry(candidates=[{"ballot_number": 2, "names": ["Rizal Hakim", "Nurlela"], "parties": ["pdip"],
                                "region": "15", "accounts": ["@rizal_nurlela_2024"]}])
    text = "Mantap @Rizal_Nurlela_2024, Nurlela juga hadir"
    e = reg.match(normalise(text))
    cands = [m for m in e.matches if m.kind == "candidate"]
    assert {m.text for m in cands} == {"@Rizal_Nurlela_2024", "Nurlela"}
    assert all(text[m.start:m.end] == m.text for m in cands)
    assert reg.candidates[0].number == 2 and reg.candidates[0].id == "15-2"


def test_single_letter_is_not_a_party():
    """'P' (a chat ping) must not match PPP once elongation is collapsed; PPP itself still does."""
    assert not [m for m in analyse("P").entities if m.kind == "party"]
    assert {m.id for m in analyse("Kader PPP turun ke pasar").entities if m.kind == "party"} == {"ppp"}

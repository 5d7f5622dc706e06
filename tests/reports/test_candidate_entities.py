"""Report detection knows the active election's candidate pairs (`pantau.elections.registry`): a report naming
a fictional demo pair stores that pair as a candidate entity, and a pair added later is recognised too."""

from __future__ import annotations

import pytest

from pantau.elections import registry as election_registry
from pantau.elections.models import CandidatePair, Race
from pantau.reports import services

from .conftest import report_data

pytest.importorskip("pantau.detection")


@pytest.fixture(autouse=True)
def _fresh_registry():
    election_registry.reset_registry_cache()
    yield
    election_registry.reset_registry_cache()


def _candidates(report) -> set[str]:
    return {e["id"] for e in report.detection.get("entities") or [] if e.get("kind") == "candidate"}


@pytest.mark.django_db
def test_report_naming_a_candidate_has_it_among_the_detected_entities(jambi):
    report = services.submit_report(report_data(
        description="Tim pemenangan Arif Budiman membagikan sembako kepada warga RT 12 dan meminta warga memilih "
                    "Arif-Vivi pada hari pencoblosan.",
        reported_name="Tim pemenangan", reported_role="relawan"), ip="203.0.113.20")
    assert report.detection["available"] is True
    assert "pilkada-2024-jambi/15.71/1" in _candidates(report)  # Arif Budiman – Vivi Oktavia, Kota Jambi no. 1


@pytest.mark.django_db
def test_pair_added_after_start_is_recognised_in_the_next_report(jambi):
    text = ("Relawan pasangan Bonifasius Tambunan membagikan kaos dan uang transport kepada warga sambil mengajak "
            "memilih mereka pada pemungutan suara.")
    before = services.submit_report(report_data(description=text), ip="203.0.113.21")
    assert "pilkada-2024-jambi/15.71/4" not in _candidates(before)

    race = Race.objects.get(election__slug="pilkada-2024-jambi", office=Race.Office.MAYOR, region_id="15.71")
    CandidatePair.objects.create(race=race, ballot_number=4, head_name="Bonifasius Tambunan",
                                 deputy_name="Tiara Safitri")
    after = services.submit_report(report_data(description=text + " Kejadian kedua di RT sebelah."),
                                   ip="203.0.113.22")
    assert "pilkada-2024-jambi/15.71/4" in _candidates(after)


@pytest.mark.django_db
def test_a_ballot_number_names_the_pairs_of_the_races_where_the_report_happened(jambi):
    # the default form data is a Kota Jambi report about "paslon wali kota nomor 2"
    report = services.submit_report(report_data(), ip="203.0.113.23")
    assert _candidates(report) == {"pilkada-2024-jambi/15/2", "pilkada-2024-jambi/15.71/2"}
    kerinci = services.submit_report(report_data(kabupaten="15.01", kecamatan="15.01.01", desa="15.01.01.2001",
                                                 place_detail="Balai desa"), ip="203.0.113.24")
    assert _candidates(kerinci) == {"pilkada-2024-jambi/15/2", "pilkada-2024-jambi/15.01/2"}


@pytest.mark.django_db
def test_an_explicit_registry_in_the_context_is_kept(jambi):
    from pantau.detection import Registry

    own = Registry(candidates=[{"id": "lain", "name": "Arif Budiman"}])
    result = services.run_detection("Arif Budiman bagi amplop", {"registry": own})
    assert {e["id"] for e in result["entities"] if e["kind"] == "candidate"} == {"lain"}

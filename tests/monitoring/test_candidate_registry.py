"""The active election's candidate pairs reach the detection engine (`context["registry"]`): posts naming a
registered (fictional) pair are stored with that pair as a candidate entity, and a pair added to the database
is recognised by the next analysis without a restart."""

from __future__ import annotations

import pytest

from pantau.elections import registry as election_registry
from pantau.elections.models import CandidateAccount, CandidatePair, Election, Race
from pantau.monitoring import adapters, pipeline, services
from pantau.monitoring.models import ContentItem
from pantau.monitoring.tasks import extract_import_batch

from .conftest import jsonl

detection = pytest.importorskip("pantau.detection")

GOVERNOR_2 = "pilkada-2024-jambi/15/2"  # Dedi Kurniawan – Nurul Hasanah in the demo election file


@pytest.fixture
def election(db):
    from importlib.resources import files

    from pantau.elections.loading import load_election

    election_registry.reset_registry_cache()
    yield load_election(files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))
    election_registry.reset_registry_cache()


@pytest.fixture
def real_engine():
    adapters.set_analyser(None)
    yield
    adapters.set_analyser(None)


def _import(user, rows, name="posts.jsonl"):
    batch = services.submit_import(user, data=jsonl(rows), filename=name, fmt="jsonl", region_code="15",
                                   enqueue=False)
    extract_import_batch.delay(batch.pk)


def _candidates(item: ContentItem) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for entity in item.entities.get("items", []):
        if entity["kind"] == "candidate":
            found.setdefault(entity["id"], set()).add(entity["text"])
    return found


# ---------------------------------------------------------------------------------------------------------
# the registry built from the elections tables


@pytest.mark.django_db
def test_registry_holds_every_pair_of_the_active_election_with_names_numbers_parties_and_accounts(election):
    registry = election_registry.detection_registry()
    pairs = CandidatePair.objects.filter(race__election=election)
    assert len(registry.candidates) == pairs.count() > 20

    dedi = next(c for c in registry.candidates if c.id == GOVERNOR_2)
    assert dedi.name == "Dedi Kurniawan – Nurul Hasanah"
    assert set(dedi.aliases) >= {"Dedi Kurniawan", "Nurul Hasanah", "Dedi-Nurul"}
    assert dedi.region == "15" and dedi.role == Race.Office.GOVERNOR
    assert set(dedi.accounts) == {"dedinurulofficial", "dedi_nurul"}
    assert set(dedi.party_ids) == {"partai-amanah-bangsa", "partai-karya-desa"}
    # the election's own (fictional) parties are added to the national ones the engine knows
    party_ids = {p.id for p in registry.parties}
    assert {"partai-amanah-bangsa", "partai-hijau-jambi", "golkar", "pkb"} <= party_ids

    # unchanged data: the same object (the engine is handed one prebuilt registry, no rebuilding per item)
    assert election_registry.detection_registry() is registry


@pytest.mark.django_db
def test_ballot_numbers_name_only_the_pairs_of_the_races_covering_the_region(election):
    def numbered(registry):
        return {c.id: c.number for c in registry.candidates if c.number is not None}

    # twelve races each have a no. 1: without a region a bare number names no pair
    assert numbered(election_registry.detection_registry()) == {}
    # a desa in Kota Jambi: the governor race and the Kota Jambi race
    kota = numbered(election_registry.detection_registry("15.71.01.1001"))
    assert kota == {"pilkada-2024-jambi/15/1": 1, GOVERNOR_2: 2, "pilkada-2024-jambi/15.71/1": 1,
                    "pilkada-2024-jambi/15.71/2": 2, "pilkada-2024-jambi/15.71/3": 3}
    assert set(numbered(election_registry.detection_registry("15"))) == {"pilkada-2024-jambi/15/1", GOVERNOR_2}
    # the number resolves in the engine: "nomor 2" in a Kota Jambi text is one of two pairs, not twelve
    found = detection.analyse("Ayo coblos nomor 2!", {"registry": election_registry.detection_registry("15.71")})
    assert {e.id for e in found.entities if e.kind == "candidate"} == {GOVERNOR_2, "pilkada-2024-jambi/15.71/2"}

    # a single configured race: its numbers are unambiguous without a region
    Race.objects.filter(election=election).exclude(region_id="15").delete()
    assert numbered(election_registry.detection_registry()) == {"pilkada-2024-jambi/15/1": 1, GOVERNOR_2: 2}


@pytest.mark.django_db
def test_known_party_short_forms_join_the_national_party_and_nicknames_split(election):
    race = Race.objects.get(election=election, office=Race.Office.GOVERNOR)
    CandidatePair.objects.create(race=race, ballot_number=3, head_name="Yohanes Siregar", deputy_name="Lia Amelia",
                                 nickname="Yoli, Pasangan YL", parties=["PAN", "Partai NasDem", "Partai Baru Jambi"])
    registry = election_registry.detection_registry()
    pair = next(c for c in registry.candidates if c.id == "pilkada-2024-jambi/15/3")
    assert pair.party_ids == ("pan", "nasdem", "partai-baru-jambi")
    assert {"Yoli", "Pasangan YL"} <= set(pair.aliases)
    assert [p.id for p in registry.parties].count("pan") == 1


@pytest.mark.django_db
def test_registry_follows_changes_and_inactive_elections(election):
    first = election_registry.detection_registry()
    pair = CandidatePair.objects.get(race__election=election, race__region_id="15", ballot_number=2)
    CandidateAccount.objects.create(pair=pair, platform="x", handle="@DediNurulJambi")
    second = election_registry.detection_registry()
    assert second is not first
    assert "dedinuruljambi" in next(c for c in second.candidates if c.id == GOVERNOR_2).accounts

    pair.nickname = "Denur"
    pair.save()
    assert "Denur" in next(c for c in election_registry.detection_registry().candidates if c.id == GOVERNOR_2).aliases

    Election.objects.filter(pk=election.pk).update(active=False)
    assert election_registry.detection_registry() is None


# ---------------------------------------------------------------------------------------------------------
# monitoring: the stored analysis


ROWS = [
    {"id": "c1", "username": "warga1", "created_at": "2024-11-10T08:00:00+07:00",
     "text": "Dedi Kurniawan janji bangun jalan desa kalau menang pilgub, katanya Dedi-Nurul paling peduli."},
    {"id": "c2", "username": "warga2", "created_at": "2024-11-10T09:00:00+07:00",
     "text": "Harga cabai di pasar Angso Duo naik lagi pagi ini"},
]


@pytest.mark.django_db
def test_post_naming_a_candidate_is_stored_with_that_candidate(real_engine, election, demo_users):
    _import(demo_users["provinsi.analis"], ROWS)
    items = {i.external_id: i for i in ContentItem.objects.all()}

    named = items["c1"]
    assert _candidates(named) == {GOVERNOR_2: {"Dedi Kurniawan", "Dedi-Nurul"}}
    for entity in named.entities["items"]:  # spans index the stored text
        assert named.text[entity["start"]:entity["end"]] == entity["text"]
    # what the engine gives with the same registry is what was stored
    expected = detection.analyse(named.text, {"registry": election_registry.detection_registry()})
    assert named.labels == expected.labels and named.election_related == expected.election_related is True
    # without the registry the engine knows no candidates: the entity comes from the election data
    assert not [e for e in detection.analyse(named.text).entities if e.kind == "candidate"]

    assert _candidates(items["c2"]) == {}


@pytest.mark.django_db
def test_candidate_added_to_the_database_is_recognised_by_the_next_analysis(real_engine, election, demo_users):
    text = "Relawan Bonifasius Tambunan bagi kaos di Pasar Angso Duo, ayo menangkan Boni-Tia!"
    analyst = demo_users["provinsi.analis"]
    _import(analyst, [{"id": "n1", "username": "warga5", "created_at": "2024-11-10T08:00:00+07:00", "text": text}],
            name="before.jsonl")
    assert _candidates(ContentItem.objects.get(external_id="n1")) == {}

    race = Race.objects.get(election=election, office=Race.Office.MAYOR, region_id="15.71")
    CandidatePair.objects.create(race=race, ballot_number=4, head_name="Bonifasius Tambunan",
                                 deputy_name="Tiara Safitri", nickname="Boni-Tia", parties=["Partai Harapan Baru"])
    _import(analyst, [{"id": "n2", "username": "warga6", "created_at": "2024-11-10T09:00:00+07:00", "text": text}],
            name="after.jsonl")
    assert _candidates(ContentItem.objects.get(external_id="n2")) == {
        "pilkada-2024-jambi/15.71/4": {"Bonifasius Tambunan", "Boni-Tia"}}


@pytest.mark.django_db
def test_contexts_of_a_chunk_share_one_registry(election, monkeypatch):
    seen = []
    adapters.set_analyser(lambda text, context: seen.append(context) or {})
    pipeline.classify_records([pipeline.raw_to_record({"platform": "x", "external_id": str(i), "text": f"teks {i}"},
                                                      i) for i in range(3)])
    registry = election_registry.detection_registry()
    assert len(seen) == 3 and all(c["registry"] is registry for c in seen)

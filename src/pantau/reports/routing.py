"""Which office's queue receives a report: the kabupaten/kota where it happened, or the province.

Rules, in order (each sets ``routing_reason`` so a handler sees why the report is in their queue):

1. The report concerns the governor race (words such as "cagub", "pilgub", "calon gubernur", or the name of a
   governor candidate who is not also a candidate in the local race) → Bawaslu Provinsi. Governor-race matters
   are handled by the province (UU Pilkada Ps 134; assignment by race, issue 6).
2. The report is about the provincial organisers (KPU Provinsi, Bawaslu Provinsi) → Bawaslu Provinsi.
3. Online content (kampanye hitam, SARA, hasutan) with no place below the province → Bawaslu Provinsi
   (cyber supervision team).
4. Otherwise the kabupaten/kota of the place → that Bawaslu Kabupaten/Kota; a place given only as the province
   → Bawaslu Provinsi.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import texts

PROVINCE_WORDS = re.compile(
    r"\b(cagub|cawagub|pilgub|calon gubernur|calon wakil gubernur|paslon gubernur|pasangan gubernur|"
    r"gubernur|wagub|kpu provinsi|bawaslu provinsi|tim pemenangan provinsi)\b",
    re.IGNORECASE,
)
ONLINE_CATEGORIES = {"kampanye_hitam", "sara", "hasutan", "kata_kasar"}


@dataclass(frozen=True)
class Route:
    office_code: str
    reason: str


def _candidate_names() -> tuple[set[str], dict[str, set[str]]]:
    """Governor-race names, and local-race names per kabupaten/kota code, from the active election (cached)."""
    from django.core.cache import cache

    return cache.get_or_set("reports:candidate-names:v1", _load_candidate_names, 300)


def _load_candidate_names() -> tuple[set[str], dict[str, set[str]]]:
    try:
        from pantau.elections.models import CandidatePair, Race
    except ImportError:  # pragma: no cover
        return set(), {}
    governor: set[str] = set()
    local: dict[str, set[str]] = {}
    pairs = CandidatePair.objects.filter(race__election__active=True).select_related("race")
    for pair in pairs:
        names = {n.strip().lower() for n in (pair.head_name, pair.deputy_name, pair.nickname) if n and len(n.strip()) >= 4}
        if pair.race.office == Race.Office.GOVERNOR:
            governor |= names
        else:
            local.setdefault(pair.race.region_id, set()).update(names)
    return governor, local


def route(*, region, category: str, text: str, reported: str = "") -> Route:
    """Decide the office for a report placed in ``region`` (a Region) with the given text."""
    province_code = region.code.split(".")[0]
    kab_code = region.kabupaten_code
    haystack = f"{text}\n{reported}".lower()

    if PROVINCE_WORDS.search(haystack):
        word = PROVINCE_WORDS.search(haystack).group(0)
        return Route(province_code, texts.ROUTE_PROVINCE_WORD % {"word": word})
    governor, local = _candidate_names()
    local_names = local.get(kab_code or "", set())
    for name in sorted(governor):
        if name in haystack and name not in local_names:
            return Route(province_code, texts.ROUTE_GOVERNOR_NAME % {"name": name.title()})
    if not kab_code:
        if category in ONLINE_CATEGORIES:
            return Route(province_code, texts.ROUTE_ONLINE)
        return Route(province_code, texts.ROUTE_PROVINCE_ONLY)
    return Route(kab_code, texts.ROUTE_LOCAL)

"""The active elections' candidate pairs and parties as a `pantau.detection.Registry`.

Monitoring (every ingested chunk) and reports (every submission) pass the registry in the detection context
(`context["registry"]`), so posts naming a registered pair, its nickname, ballot number or campaign account
are recognised as candidate entities. Building a registry normalises every alias, so one is kept per process
and reused while the election data stays the same: each call reads the (small) candidate tables and compares
their fingerprint with the one the cached registry was built from. That check works across processes (a
worker notices a candidate added in the admin of the web process) without signals or a shared cache.

Ballot numbers are scoped by region. "Nomor 2" means a different pair in each race (in Pilkada 2024 Jambi the
governor race and eleven kab/kota races each have a no. 2), so a registry built for a region code links a
number only to the pairs of the races covering that region (the governor race and, below province level, the
kab/kota race); without a region, only when a single race is configured. Reports know their region;
monitored posts do not before they are analysed, so monitoring asks without one. Names, nicknames and
accounts are specific and always matched, and the engine's rules see every number mention anyway (as a
`candidate_number` match).

Lives in the elections app (a foundation app) because both reports and monitoring use it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from typing import Any

from django.utils.text import slugify

from pantau.regions.models import code_within

from .models import CandidateAccount, CandidatePair

_lock = threading.Lock()
_cache: dict[str, Any] = {"fingerprint": None, "by_scope": {}}

# A nickname field may hold several aliases ("Haris-Sani, HaSan"): each is matched on its own.
_ALIAS_SEPARATORS = re.compile(r"[,;/]")


def _pair_rows() -> tuple[list[tuple], list[tuple]]:
    """What the registry is built from: the pairs of every active election and their registered accounts."""
    pairs = list(
        CandidatePair.objects.filter(race__election__active=True)
        .order_by("pk")
        .values_list("pk", "race__election__slug", "race__office", "race__region_id", "ballot_number",
                     "head_name", "deputy_name", "nickname", "parties")
    )
    accounts = list(
        CandidateAccount.objects.filter(pair__race__election__active=True)
        .order_by("pk")
        .values_list("pair_id", "handle")
    )
    return pairs, accounts


def _fingerprint(pairs: list[tuple], accounts: list[tuple]) -> str:
    return hashlib.sha256(repr((pairs, accounts)).encode()).hexdigest()


def _party_name(entry) -> str:
    if isinstance(entry, dict):
        return str(entry.get("name") or entry.get("id") or "").strip()
    return str(entry or "").strip()


def _number_scope(pairs: list[tuple], region_code: str | None) -> frozenset[tuple[str, str, str]]:
    """The races (election, office, region) whose ballot numbers the registry for `region_code` links."""
    races = {(slug, office, region) for _pk, slug, office, region, *_rest in pairs}
    if region_code:
        return frozenset(race for race in races if code_within(region_code, race[2]))
    return frozenset(races) if len(races) == 1 else frozenset()


def build_registry(pairs: list[tuple], accounts: list[tuple], numbered: frozenset = frozenset()):
    """A fresh Registry from `_pair_rows()` output (no caching); ballot numbers only for the races in
    `numbered` (see `_number_scope`). Parties: the detection engine's national parties, plus each party named
    by a pair that is not one of them (matched by its full name only, since short forms of regional or
    fictional party names are too ambiguous to match on their own)."""
    from pantau.detection import Candidate, Party, Registry, default_registry, normalise

    known = default_registry().parties
    party_by_key: dict[str, str] = {}
    for party in known:
        for alias in (party.id, party.name, *party.aliases):  # the id too: "PAN" in the data is party "pan"
            party_by_key.setdefault(normalise(alias).text, party.id)
    extra: dict[str, Any] = {}

    def party_id(name: str) -> str:
        key = normalise(name).text
        if key in party_by_key:
            return party_by_key[key]
        ident = slugify(name) or key
        party_by_key[key] = ident
        extra[ident] = Party(id=ident, name=name, aliases=(name,))
        return ident

    handles: dict[int, list[str]] = {}
    for pair_pk, handle in accounts:
        handle = (handle or "").strip().lstrip("@").lower()
        if handle:
            handles.setdefault(pair_pk, []).append(handle)

    candidates = []
    for pk, slug, office, region, number, head, deputy, nickname, parties in pairs:
        names = [n.strip() for n in (head, deputy) if n and n.strip()]
        aliases = names + [a.strip() for a in _ALIAS_SEPARATORS.split(nickname or "") if a.strip()]
        party_ids = tuple(party_id(name) for name in map(_party_name, parties or []) if name)
        candidates.append(Candidate(
            id=f"{slug}/{region}/{number}",
            name=" – ".join(names) or (nickname or "").strip() or f"{region} {number}",
            aliases=tuple(dict.fromkeys(aliases)),
            number=number if (slug, office, region) in numbered else None,
            region=region,
            role=office,
            party_ids=party_ids,
            accounts=tuple(handles.get(pk, ())),
        ))
    return Registry(candidates=candidates, parties=[*known, *extra.values()])


def registry_lookup() -> Callable[[str | None], Any]:
    """Read the election data once and return `lookup(region_code)` → the detection Registry for a text
    about that region (a Kemendagri code of any level; it scopes ballot numbers only), or None when detection
    is not installed or no active election has candidate pairs (the engine then uses its defaults).
    Registries are rebuilt only when the data changed; for a batch of texts call this once."""
    try:
        import pantau.detection  # noqa: F401 - optional at run time
    except ImportError:
        return lambda region_code=None: None
    pairs, accounts = _pair_rows()
    if not pairs:
        return lambda region_code=None: None
    fingerprint = _fingerprint(pairs, accounts)

    def lookup(region_code: str | None = None):
        scope = _number_scope(pairs, region_code)
        with _lock:
            if _cache["fingerprint"] == fingerprint and scope in _cache["by_scope"]:
                return _cache["by_scope"][scope]
        registry = build_registry(pairs, accounts, scope)
        with _lock:
            if _cache["fingerprint"] != fingerprint:
                _cache.update(fingerprint=fingerprint, by_scope={})
            _cache["by_scope"][scope] = registry
        return registry

    return lookup


def detection_registry(region_code: str | None = None):
    """`registry_lookup()(region_code)`: the Registry for one text."""
    return registry_lookup()(region_code)


def reset_registry_cache() -> None:
    with _lock:
        _cache.update(fingerprint=None, by_scope={})

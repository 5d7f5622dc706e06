"""Configure an election from a JSON file: the next Pilkada or Pemilu is a new file, not new code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from pantau.regions.models import Region

from .models import CandidateAccount, CandidatePair, Election, Race, ScheduleStage


class ElectionConfigError(Exception):
    pass


def _day(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ElectionConfigError(f"{where}: tanggal tidak sah {value!r} (format YYYY-MM-DD).") from exc


def load_election(config: dict | str | Path) -> Election:
    if not isinstance(config, dict):
        path = Path(config)
        try:
            config = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ElectionConfigError(f"{path.name}: berkas konfigurasi pemilihan tidak dapat dibaca ({exc}).") from exc
    missing = [k for k in ("slug", "name", "type", "region", "voting_day") if k not in config]
    if missing:
        raise ElectionConfigError(f"Konfigurasi pemilihan tidak lengkap: {', '.join(missing)}.")
    codes = {config["region"]} | {race["region"] for race in config.get("races", [])}
    known = set(Region.objects.filter(pk__in=codes).values_list("pk", flat=True))
    if codes - known:
        raise ElectionConfigError(f"Wilayah belum dimuat: {', '.join(sorted(codes - known))}. Jalankan `pantau load-regions`.")
    with transaction.atomic():
        election, _ = Election.objects.update_or_create(
            slug=config["slug"],
            defaults={
                "name": config["name"],
                "type": config["type"],
                "region_id": config["region"],
                "voting_day": _day(config["voting_day"], "voting_day"),
                "legal_basis": config.get("legal_basis", ""),
                "deadline_rules": config.get("deadline_rules", config["type"]),
            },
        )
        for stage in config.get("stages", []):
            start, end = _day(stage["start"], stage["key"]), _day(stage["end"], stage["key"])
            if end < start:
                raise ElectionConfigError(f"Tahapan {stage['key']}: tanggal selesai sebelum tanggal mulai.")
            ScheduleStage.objects.update_or_create(
                election=election, key=stage["key"],
                defaults={"name": stage["name"], "start": start, "end": end, "source": stage.get("source", "")},
            )
        for race_cfg in config.get("races", []):
            race, _ = Race.objects.get_or_create(election=election, office=race_cfg["office"], region_id=race_cfg["region"])
            for pair_cfg in race_cfg.get("pairs", []):
                pair, _ = CandidatePair.objects.update_or_create(
                    race=race, ballot_number=pair_cfg["ballot_number"],
                    defaults={k: pair_cfg.get(k, "") for k in ("head_name", "deputy_name", "nickname")}
                    | {"parties": pair_cfg.get("parties", [])},
                )
                for account in pair_cfg.get("accounts", []):
                    CandidateAccount.objects.update_or_create(
                        platform=account["platform"], handle=account["handle"],
                        defaults={"pair": pair, "url": account.get("url", "")},
                    )
    return election


def active_election(day: date | None = None) -> Election | None:
    qs = Election.objects.filter(active=True)
    return qs.order_by("-voting_day").first()


def candidate_registry(election: Election) -> list[dict]:
    """Candidates and parties in the form pantau.detection's registry expects."""
    out = []
    for pair in CandidatePair.objects.filter(race__election=election).select_related("race"):
        out.append(
            {
                "ballot_number": pair.ballot_number,
                "names": [pair.head_name, pair.deputy_name] + ([pair.nickname] if pair.nickname else []),
                "parties": pair.parties,
                "region": pair.race.region_id,
                "accounts": list(pair.accounts.values_list("handle", flat=True)),
            }
        )
    return out

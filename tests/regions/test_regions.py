import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pantau.regions.loading import RegionLoadError, load_boundaries, parse_boundary_sql
from pantau.regions.models import Region

pytestmark = pytest.mark.django_db

GEO = "/work/shared/geo"


def test_jambi_hierarchy_counts(jambi_regions):
    assert Region.objects.filter(level="kabupaten", code__startswith="15.").count() == 11
    assert Region.objects.filter(level="kecamatan", code__startswith="15.").count() == 144
    desa = Region.objects.filter(level="desa", code__startswith="15.").count()
    assert 1580 <= desa <= 1590


def test_bps_codes_differ_for_the_four_swapped_regencies(jambi_regions):
    codes = dict(Region.objects.filter(level="kabupaten").values_list("code", "bps_code"))
    assert codes["15.06"] == "1507" and codes["15.07"] == "1506"
    assert codes["15.08"] == "1509" and codes["15.09"] == "1508"
    assert codes["15.71"] == "1571"


def test_aliases_people_write(jambi_regions):
    assert "Tanjabbar" in Region.objects.get(pk="15.06").aliases
    assert "Muarojambi" in Region.objects.get(pk="15.05").aliases
    assert "Sei Penuh" in Region.objects.get(pk="15.72").aliases
    assert Region.objects.get(pk="15.71").kind == "kota"
    assert Region.objects.get(pk="15.01").kind == "kabupaten"


def test_regions_api_levels(client, jambi_regions):
    kab = client.get("/api/v1/regions/?level=kabupaten").json()
    assert len(kab) == 11
    kerinci = next(r for r in kab if r["code"] == "15.01")
    assert kerinci["parent"] == "15" and kerinci["bps_code"] == "1501" and kerinci["level"] == "kabupaten"
    assert len(client.get("/api/v1/regions/?level=kecamatan").json()) == 144
    assert len(client.get("/api/v1/regions/?level=desa").json()) == Region.objects.filter(level="desa").count()
    assert [r["code"] for r in client.get("/api/v1/regions/?level=provinsi").json()] == ["15"]
    children = client.get("/api/v1/regions/?parent=15.71").json()
    assert children and all(r["code"].startswith("15.71.") for r in children)


def test_unknown_province_is_refused_cleanly():
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("load_regions", "99")
    with pytest.raises(CommandError):
        call_command("load_regions", "abc")


def test_load_geojson_boundaries(jambi_regions):
    assert load_boundaries(f"{GEO}/jambi_kabkota.geojson") == 11
    kerinci = Region.objects.get(pk="15.01")
    assert kerinci.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert 101 < kerinci.longitude < 102.5 and -3 < kerinci.latitude < -1


def test_malformed_geojson_names_file_and_feature_and_loads_nothing(jambi_regions, tmp_path):
    good = json.load(open(f"{GEO}/jambi_kabkota.geojson"))
    good["features"][3]["geometry"] = None
    bad = tmp_path / "rusak.geojson"
    bad.write_text(json.dumps(good))
    with pytest.raises(RegionLoadError, match=r"rusak\.geojson: fitur #4 \(15\.04\) tidak memiliki geometri"):
        load_boundaries(str(bad))
    assert not Region.objects.filter(boundary__isnull=False).exists()  # nothing half-loaded
    (tmp_path / "bukan.geojson").write_text("{not json")
    with pytest.raises(RegionLoadError, match="bukan.geojson: GeoJSON tidak sah"):
        load_boundaries(str(tmp_path / "bukan.geojson"))


def test_boundary_sql_format_swaps_lat_lng(jambi_regions, tmp_path):
    ring = "[[[-1.60,103.55],[-1.60,103.65],[-1.65,103.65],[-1.65,103.55],[-1.60,103.55]]]"
    sql = f"INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n\t('15.71','Kota Jambi',-1.61,103.61,'{ring}');"
    path = tmp_path / "wilayah_boundaries_kab_15.sql"
    path.write_text(sql)
    assert load_boundaries(str(path)) == 1
    geometry = Region.objects.get(pk="15.71").boundary
    assert geometry["type"] == "Polygon"
    assert geometry["coordinates"][0][0] == [103.55, -1.6]  # [lng, lat]
    with pytest.raises(RegionLoadError, match="cincin koordinat"):
        parse_boundary_sql(sql.replace(ring, "[[[1,2]]]"), "x.sql")

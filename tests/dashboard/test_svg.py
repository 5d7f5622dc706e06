import datetime as dt

from pantau.dashboard import svg
from pantau.dashboard.services.metrics import _median_from_histogram, _spearman

SQUARE = {"type": "Polygon", "coordinates": [[[103.0, -1.0], [104.0, -1.0], [104.0, -2.0], [103.0, -2.0], [103.0, -1.0]]]}


def test_choropleth_draws_paths_and_escapes_names():
    areas = [svg.Area("15.71", "Kota <Jambi>", 10, boundary=SQUARE),
             svg.Area("15.01", "Kerinci", 0, boundary={"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]})]
    out = str(svg.choropleth(areas, title="Peta", desc="Uji", value_label="laporan"))
    assert out.count('class="area"') == 2 and "map-polygons" in out
    assert "Kota &lt;Jambi&gt;: 10 laporan" in out and "<Jambi>" not in out
    assert "<title id=" in out and "<desc id=" in out and 'role="img"' in out
    assert svg.EMPTY_FILL in out and svg.SEQUENTIAL[-1] in out


def test_points_when_no_boundaries():
    areas = [svg.Area("15.71", "Kota Jambi", 5, latitude=-1.61, longitude=103.61),
             svg.Area("15.01", "Kerinci", 20, latitude=-1.93, longitude=101.28)]
    out = str(svg.choropleth(areas, title="Peta", desc="Uji", value_label="x"))
    assert out.count("<circle") == 2 and "map-points" in out
    empty = str(svg.choropleth([svg.Area("1", "X", 1)], title="Peta", desc="Uji", value_label="x"))
    assert "belum dimuat" in empty


def test_time_series_marks_stages():
    days = [dt.date(2024, 11, 20) + dt.timedelta(days=i) for i in range(10)]
    stages = [svg.Stage("Masa tenang", dt.date(2024, 11, 24), dt.date(2024, 11, 26)),
              svg.Stage("Pemungutan suara", dt.date(2024, 11, 27), dt.date(2024, 11, 27))]
    out = str(svg.time_series(days, [("Laporan", list(range(10)))], stages=stages, title="Harian", desc="Uji"))
    assert "Masa tenang: 24-11-2024 s.d. 26-11-2024" in out and "Pemungutan suara: 27-11-2024" in out
    assert out.count("<polyline") == 1 and "total 45" in out


def test_breaks_colours_median_spearman():
    breaks = svg.class_breaks([0, 5, 10])
    assert breaks == [2, 4, 6, 8, 10]
    assert svg.colour_for(0, breaks) == svg.EMPTY_FILL and svg.colour_for(10, breaks) == svg.SEQUENTIAL[-1]
    assert _median_from_histogram({1: 1, 3: 1, 10: 1}) == 3
    assert _median_from_histogram({2: 2, 4: 2}) == 3
    assert _median_from_histogram({}) is None
    assert _spearman([(1, 1), (2, 2), (3, 3)]) == 1.0
    assert _spearman([(1, 3), (2, 2), (3, 1)]) == -1.0

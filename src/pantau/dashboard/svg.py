"""Maps and charts drawn as SVG on the server: no JavaScript, the same markup in the pages and the Rakor PDF.

Every drawing carries a <title> and <desc> (referenced by aria-labelledby) and each shape its own <title>, so
screen readers and the data tables beside the charts say the same thing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# Viridis, 5 steps: sequential, readable in grey and by the common colour-vision deficiencies.
SEQUENTIAL = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
EMPTY_FILL = "#eef0f3"
# Okabe–Ito: categorical colours distinguishable with colour-vision deficiencies.
CATEGORICAL = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")

_ids = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}{next(_ids)}"


def _fmt(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{int(value):,}".replace(",", ".")


def _open(width: float, height: float, title: str, desc: str, css_class: str) -> tuple[str, str]:
    ident = _id("svg")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{ident}-t {ident}-d" '
            f'aria-label="{escape(title)}" font-family="system-ui, sans-serif" font-size="12">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>')
    return head, ident


# --- map ----------------------------------------------------------------------------------------------------

@dataclass
class Area:
    code: str
    name: str
    value: float
    boundary: dict | None = None
    latitude: float | None = None
    longitude: float | None = None
    note: str = ""


def _rings(geometry: dict | None) -> list[list[list[float]]]:
    """Every ring of a Polygon/MultiPolygon as [[lng, lat], …] (other geometry types draw nothing)."""
    if not isinstance(geometry, dict):
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [ring for ring in coords if ring]
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon if ring]
    return []


def class_breaks(values: Iterable[float], classes: int = len(SEQUENTIAL)) -> list[float]:
    """Upper bounds of equal-interval classes from 0 to the largest value (zero has its own grey)."""
    top = max([v for v in values if v is not None] or [0])
    if top <= 0:
        return []
    return [top * (i + 1) / classes for i in range(classes)]


def colour_for(value: float, breaks: Sequence[float]) -> str:
    if not value or not breaks:
        return EMPTY_FILL
    for colour, bound in zip(SEQUENTIAL, breaks, strict=False):
        if value <= bound + 1e-9:
            return colour
    return SEQUENTIAL[-1]


class Projection:
    """Equirectangular, with x scaled by cos(mid-latitude) so shapes near the equator keep their proportions."""

    def __init__(self, lngs: list[float], lats: list[float], width: float, padding: float = 8):
        self.min_lng, self.max_lng = min(lngs), max(lngs)
        self.min_lat, self.max_lat = min(lats), max(lats)
        self.kx = math.cos(math.radians((self.min_lat + self.max_lat) / 2))
        span_x = max((self.max_lng - self.min_lng) * self.kx, 1e-6)
        span_y = max(self.max_lat - self.min_lat, 1e-6)
        self.padding = padding
        self.scale = (width - 2 * padding) / span_x
        self.width = width
        self.height = span_y * self.scale + 2 * padding

    def __call__(self, lng: float, lat: float) -> tuple[float, float]:
        return (self.padding + (lng - self.min_lng) * self.kx * self.scale,
                self.padding + (self.max_lat - lat) * self.scale)


def _path(rings, project: Projection) -> str:
    parts = []
    for ring in rings:
        points = [project(p[0], p[1]) for p in ring if len(p) >= 2]
        if len(points) < 3:
            continue
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def choropleth(areas: Sequence[Area], *, title: str, desc: str, value_label: str, width: float = 620,
               href=None) -> SafeString:
    """A choropleth when boundaries are loaded; otherwise circles at each region's point, sized by value.

    `href(code)` may return a link target for each area (the office dashboards)."""
    drawable = [a for a in areas if _rings(a.boundary)]
    located = [a for a in areas if a.latitude is not None and a.longitude is not None]
    mode = "polygons" if drawable and len(drawable) >= len(located) else "points"
    shapes = drawable if mode == "polygons" else located
    if not shapes:
        head, _ = _open(width, 60, title, desc + " " + gettext("Peta tidak dapat digambar: batas wilayah dan titik belum dimuat."),
                        "chart map empty")
        missing = escape(gettext("Batas wilayah belum dimuat."))
        return mark_safe(head + f'<text x="10" y="35">{missing}</text></svg>')  # noqa: S308
    if mode == "polygons":
        coords = [p for a in shapes for ring in _rings(a.boundary) for p in ring]
        lngs, lats = [p[0] for p in coords], [p[1] for p in coords]
    else:
        lngs, lats = [a.longitude for a in shapes], [a.latitude for a in shapes]
        pad = 0.25
        lngs, lats = lngs + [min(lngs) - pad, max(lngs) + pad], lats + [min(lats) - pad, max(lats) + pad]
    project = Projection(lngs, lats, width)
    paths = _projected_paths(shapes, project, width) if mode == "polygons" else {}
    legend_height = 46
    height = project.height + legend_height
    breaks = class_breaks(a.value for a in areas)
    head, ident = _open(width, height, title, desc, f"chart map map-{mode}")
    body = [head, f'<g class="areas" data-mode="{mode}">']
    top = max([a.value for a in shapes] or [0]) or 1
    for area in sorted(shapes, key=lambda a: -a.value if mode == "points" else 0):
        label = f"{area.name}: {_fmt(area.value)} {value_label}{(' — ' + area.note) if area.note else ''}"
        colour = colour_for(area.value, breaks)
        link_open, link_close = "", ""
        if href:
            target = href(area.code)
            if target:
                link_open, link_close = f'<a href="{escape(target)}" aria-label="{escape(label)}">', "</a>"
        if mode == "polygons":
            shape = (f'<path d="{paths[area.code]}" fill="{colour}" stroke="#ffffff" '
                     f'stroke-width="1" fill-rule="evenodd" data-code="{escape(area.code)}" class="area">'
                     f'<title>{escape(label)}</title></path>')
        else:
            x, y = project(area.longitude, area.latitude)
            radius = 4 + 22 * math.sqrt(max(area.value, 0) / top)
            shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.85" '
                     f'stroke="#1d2430" stroke-width="0.8" data-code="{escape(area.code)}" class="area">'
                     f'<title>{escape(label)}</title></circle>')
        body.append(link_open + shape + link_close)
    body.append("</g>")
    body.append(_legend(breaks, project.height + 8, value_label))
    body.append("</svg>")
    return mark_safe("".join(body))  # noqa: S308 - every text above is escaped


_PATH_CACHE: dict[tuple, dict[str, str]] = {}


def _projected_paths(shapes: Sequence[Area], project: Projection, width: float) -> dict[str, str]:
    """Projected path data per region. Boundaries change only when reloaded, so the (costly) formatting is kept
    per set of regions and ring sizes."""
    key = (width, tuple((a.code, tuple(len(r) for r in _rings(a.boundary))) for a in shapes))
    cached = _PATH_CACHE.get(key)
    if cached is None:
        if len(_PATH_CACHE) > 64:
            _PATH_CACHE.clear()
        cached = {a.code: _path(_rings(a.boundary), project) for a in shapes}
        _PATH_CACHE[key] = cached
    return cached


def _legend(breaks: Sequence[float], y: float, value_label: str) -> str:
    parts = [f'<g class="legend" transform="translate(8 {y:.0f})">',
             f'<rect x="0" y="0" width="22" height="12" fill="{EMPTY_FILL}" stroke="#9aa3b2"/>'
             f'<text x="26" y="10">0</text>']
    low = 0.0
    for index, (colour, bound) in enumerate(zip(SEQUENTIAL, breaks, strict=False)):
        x = 60 + index * 100
        parts.append(f'<rect x="{x}" y="0" width="22" height="12" fill="{colour}"/>'
                     f'<text x="{x + 26}" y="10">{_fmt(round(low, 1))}–{_fmt(round(bound, 1))}</text>')
        low = bound
    parts.append(f'<text x="0" y="30" fill="#5b6576">{escape(value_label)}</text></g>')
    return "".join(parts)


# --- bars -----------------------------------------------------------------------------------------------------

def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, desc: str, width: float = 520,
              colour: str = CATEGORICAL[0], unit: str = "") -> SafeString:
    """Horizontal bars, largest first as given."""
    bar, gap, label_width = 18, 6, min(220, width * 0.42)
    height = max(len(rows), 1) * (bar + gap) + 10
    head, _ = _open(width, height, title, desc, "chart bars")
    out = [head]
    if not rows:
        out.append('<text x="4" y="20">' + escape(gettext("Belum ada data.")) + '</text>')
    top = max([v for _, v in rows] or [0]) or 1
    span = width - label_width - 60
    for index, (label, value) in enumerate(rows):
        y = 4 + index * (bar + gap)
        length = span * value / top
        out.append(f'<g class="bar"><title>{escape(label)}: {_fmt(value)}{unit}</title>'
                   f'<text x="{label_width - 6:.0f}" y="{y + 13}" text-anchor="end">{escape(_short(label, 34))}</text>'
                   f'<rect x="{label_width:.0f}" y="{y}" width="{max(length, 1):.1f}" height="{bar}" fill="{colour}"/>'
                   f'<text x="{label_width + length + 4:.1f}" y="{y + 13}">{_fmt(value)}{escape(unit)}</text></g>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308


def stacked_bars(rows: Sequence[tuple[str, dict[str, float]]], segments: Sequence[tuple[str, str]], *, title: str,
                 desc: str, width: float = 560) -> SafeString:
    """One horizontal bar per row, split into `segments` [(key, label)], with a legend."""
    bar, gap, label_width = 18, 6, min(200, width * 0.36)
    legend_rows = math.ceil(len(segments) / 3)
    height = max(len(rows), 1) * (bar + gap) + 14 + legend_rows * 18
    head, _ = _open(width, height, title, desc, "chart stacked")
    out = [head]
    totals = [sum(parts.values()) for _, parts in rows]
    top = max(totals or [0]) or 1
    span = width - label_width - 50
    for index, (label, parts) in enumerate(rows):
        y = 4 + index * (bar + gap)
        x = label_width
        out.append(f'<text x="{label_width - 6:.0f}" y="{y + 13}" text-anchor="end">{escape(_short(label, 30))}</text>')
        for seg_index, (key, seg_label) in enumerate(segments):
            value = parts.get(key, 0)
            if not value:
                continue
            length = span * value / top
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" '
                       f'fill="{CATEGORICAL[seg_index % len(CATEGORICAL)]}">'
                       f'<title>{escape(label)} — {escape(seg_label)}: {_fmt(value)}</title></rect>')
            x += length
        out.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{_fmt(totals[index])}</text>')
    if not rows:
        out.append('<text x="4" y="20">' + escape(gettext("Belum ada data.")) + '</text>')
    legend_y = 10 + max(len(rows), 1) * (bar + gap)
    for seg_index, (_key, seg_label) in enumerate(segments):
        lx = 4 + (seg_index % 3) * (width / 3)
        ly = legend_y + (seg_index // 3) * 18
        out.append(f'<rect x="{lx:.0f}" y="{ly}" width="12" height="12" fill="{CATEGORICAL[seg_index % len(CATEGORICAL)]}"/>'
                   f'<text x="{lx + 16:.0f}" y="{ly + 10}">{escape(_short(seg_label, 28))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- time series ------------------------------------------------------------------------------------------------

@dataclass
class Stage:
    name: str
    start: dt.date
    end: dt.date


def time_series(days: Sequence[dt.date], series: Sequence[tuple[str, Sequence[float]]], *, title: str, desc: str,
                stages: Sequence[Stage] = (), width: float = 720, height: float = 260) -> SafeString:
    """Daily lines with the election stages drawn behind them: periods as bands, one-day stages as lines."""
    head, _ = _open(width, height, title, desc, "chart timeseries")
    out = [head]
    if not days:
        out.append('<text x="10" y="30">' + escape(gettext("Belum ada data pada rentang tanggal ini.")) + '</text></svg>')
        return mark_safe("".join(out))  # noqa: S308
    left, right, top_pad, bottom = 44, 12, 38, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    top = max([max(values or [0]) for _, values in series] or [0]) or 1
    nice_top = max(_nice(top), 4)  # at least 4 so the five gridlines fall on whole numbers

    def x_of(day: dt.date) -> float:
        return left + plot_w * (day - first).days / span

    def y_of(value: float) -> float:
        return top_pad + plot_h * (1 - value / nice_top)

    band_colours = ("#e8f1fb", "#fff1d6", "#fde4e1")
    for index, stage in enumerate(stages):
        if stage.end < first or stage.start > last:
            continue
        start, end = max(stage.start, first), min(stage.end, last)
        label = f"{stage.name}: {stage.start:%d-%m-%Y}"
        if stage.end != stage.start:
            label += " " + gettext("s.d.") + f" {stage.end:%d-%m-%Y}"
        if stage.start == stage.end:
            x = x_of(start)
            out.append(f'<g class="stage"><title>{escape(label)}</title><line x1="{x:.1f}" x2="{x:.1f}" '
                       f'y1="{top_pad}" y2="{top_pad + plot_h}" stroke="#b3261e" stroke-width="2" stroke-dasharray="4 3"/>'
                       f'<text x="{x - 3:.1f}" y="{top_pad - 4}" text-anchor="end" fill="#b3261e">{escape(stage.name)}</text></g>')
        else:
            x1, x2 = x_of(start), x_of(end + dt.timedelta(days=1)) if end < last else x_of(end)
            out.append(f'<g class="stage"><title>{escape(label)}</title><rect x="{x1:.1f}" y="{top_pad}" '
                       f'width="{max(x2 - x1, 2):.1f}" height="{plot_h}" fill="{band_colours[index % 3]}"/>'
                       f'{_band_label(stage.name, x1, x2, top_pad - 20, left + plot_w)}</g>')
    for step in range(5):
        value = nice_top * step / 4
        y = y_of(value)
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dee7" stroke-width="0.7"/>'
                   f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6576">{_fmt(round(value))}</text>')
    tick_every = max(1, span // 8)
    for offset in range(0, span + 1, tick_every):
        day = first + dt.timedelta(days=offset)
        out.append(f'<text x="{x_of(day):.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle" '
                   f'fill="#5b6576">{day:%d/%m}</text>')
    for index, (name, values) in enumerate(series):
        colour = CATEGORICAL[index % len(CATEGORICAL)]
        points = " ".join(f"{x_of(day):.1f},{y_of(v):.1f}" for day, v in zip(days, values, strict=False))
        dash = ' stroke-dasharray="6 3"' if index % 2 else ""
        out.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2"{dash} points="{points}">'
                   f'<title>{escape(name)}: total {_fmt(sum(values))}</title></polyline>')
        lx = left + (index % 4) * (plot_w / 4)
        ly = height - 8
        out.append(f'<line x1="{lx:.0f}" x2="{lx + 18:.0f}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
                   f'stroke-width="3"{dash}/><text x="{lx + 22:.0f}" y="{ly}">{escape(name)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308


def _band_label(name: str, x1: float, x2: float, y: float, right_edge: float) -> str:
    """Start the label at the band; near the right edge, end it there instead so it is not cut off."""
    text = escape(_short(name, 24))
    if x1 + 7 * len(name) > right_edge:
        return f'<text x="{x2:.1f}" y="{y}" text-anchor="end" fill="#5b6576">{text}</text>'
    return f'<text x="{x1 + 3:.1f}" y="{y}" fill="#5b6576">{text}</text>'


def _nice(value: float) -> float:
    exponent = 10 ** math.floor(math.log10(value)) if value > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * exponent:
            return factor * exponent
    return 10 * exponent

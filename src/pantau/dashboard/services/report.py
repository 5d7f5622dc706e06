"""One dashboard = figures + SVG charts + the tables behind them. Pages, the Rakor PDF and the XLSX/CSV exports
all use `build()`, so a chart and its table cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.regions.models import Level

from .. import svg
from . import metrics
from .filters import DashboardFilter

MAP_MEASURES = {
    "semua": (gettext_lazy("Laporan, informasi awal, temuan dan kasus"), ("report", "tip", "finding", "case")),
    "laporan": (gettext_lazy("Laporan dan informasi awal"), ("report", "tip")),
    "temuan": (gettext_lazy("Temuan"), ("finding",)),
    "kasus": (gettext_lazy("Kasus"), ("case",)),
    "konten": (gettext_lazy("Konten daring"), ("content",)),
}


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    @property
    def html(self) -> SafeString:
        """The table as HTML, built here rather than in a template loop (a province table has ~1,000 cells)."""
        head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in self.headers)
        body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in self.rows)
        if not body:
            empty = escape(_("Belum ada data."))
            body = f'<tr><td colspan="{len(self.headers)}" class="muted">{empty}</td></tr>'
        return mark_safe(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")  # noqa: S308


@dataclass
class Dashboard:
    filter: DashboardFilter
    summary: dict
    charts: dict
    tables: dict[str, Table]
    notes: list[str]
    measure: str
    per_voters: bool
    recurring: dict
    narratives: list | None
    compliance: metrics.Compliance


def _measure_value(figure: metrics.AreaFigure, kinds, per_voters: bool) -> float:
    value = sum(figure.counts.get(k, 0) for k in kinds)
    if per_voters:
        return round(value * metrics.PER_VOTERS / figure.voters, 2) if figure.voters else 0
    return value


def _stage_marks(f: DashboardFilter) -> list[svg.Stage]:
    return [svg.Stage(s.name, s.start, s.end) for s in (f.window.stages if f.window else [])]


def build(f: DashboardFilter, user, *, measure: str = "semua", per_voters: bool = False, link=True) -> Dashboard:
    measure = measure if measure in MAP_MEASURES else "semua"
    measure_name, kinds = MAP_MEASURES[measure]
    measure_name = str(measure_name)
    notes: list[str] = []
    sources = metrics.available_sources()
    missing = [name for name, present in ((_("konten daring (pengawasan siber)"), sources["content"]),
                                          (_("laporan"), sources["reports"]),
                                          (_("temuan dan kasus"), sources["cases"])) if not present]
    if missing:
        notes.append(_("Belum tersedia di sistem ini: %(missing)s. Angkanya ditampilkan 0.")
                     % {"missing": ", ".join(missing)})
    summary = metrics.summary(f, user)
    charts, tables = {}, {}
    scope_name = f.area.name
    period = _("%(start)s s.d. %(end)s") % {"start": f"{f.start:%d-%m-%Y}", "end": f"{f.end:%d-%m-%Y}"}
    label_note = " " + _("(jenis: %(label)s)") % {"label": metrics._label_name(f.label)} if f.label else ""

    def href(code):
        if not link:
            return None
        return reverse("dashboard:office", kwargs={"code": code}) + "?" + f.as_query(region="")

    # Maps: kab/kota (province view) and kecamatan.
    unit = measure_name.lower() + (" " + _("per 100.000 pemilih") if per_voters else "")
    if f.depth == 1:
        kab = metrics.map_areas(f, user, Level.KABUPATEN)
        areas = [svg.Area(code=a.region.code, name=a.region.name, value=_measure_value(a, kinds, per_voters),
                          boundary=a.region.boundary, latitude=a.region.latitude, longitude=a.region.longitude,
                          note="" if a.voters or not per_voters else _("jumlah pemilih tidak diketahui")) for a in kab]
        charts["map_kab"] = svg.choropleth(
            areas, title=_("Peta %(area)s per kabupaten/kota: %(unit)s") % {"area": scope_name, "unit": unit},
            desc=_("%(measure)s%(label)s per kabupaten/kota, %(period)s. Warna lebih gelap = lebih banyak. "
                   "Tertinggi: %(top)s.") % {"measure": measure_name, "label": label_note, "period": period,
                                               "top": _top_text(areas)},
            value_label=unit, href=href)
        tables["kabupaten"] = Table(
            "kabupaten", _("Per kabupaten/kota"),
            [_("Kode"), _("Kabupaten/kota"), _("Pemilih (DPT)"), _("Konten daring"), _("Laporan"), _("Informasi awal"),
             _("Temuan"), _("Kasus"), _("Laporan+informasi+temuan per 100.000 pemilih")],
            [[a.region.code, a.region.name, a.voters or "", a.counts["content"], a.counts["report"], a.counts["tip"],
              a.counts["finding"], a.counts["case"],
              (round((a.counts["report"] + a.counts["tip"] + a.counts["finding"]) * metrics.PER_VOTERS / a.voters, 2)
               if a.voters else "")] for a in kab],
            note=_("Jumlah pemilih: DPT Pemilu 2024 per kabupaten/kota (perkiraan; DOMAIN.md §3.2)."))
    kec = metrics.map_areas(f, user, Level.KECAMATAN)
    kec_kinds = tuple(k for k in kinds if k != "content") or ("report", "tip", "finding", "case")
    kec_areas = [svg.Area(code=a.region.code, name=a.region.name, value=sum(a.counts.get(k, 0) for k in kec_kinds),
                          boundary=a.region.boundary, latitude=a.region.latitude, longitude=a.region.longitude)
                 for a in kec]
    kec_unit = " ".join(str(MAP_MEASURES["semua" if measure == "konten" else measure][0]).lower().split())
    charts["map_kec"] = svg.choropleth(
        kec_areas, title=_("Peta %(area)s per kecamatan: %(unit)s") % {"area": scope_name, "unit": kec_unit},
        desc=_("%(measure)s%(label)s per kecamatan, %(period)s. Tertinggi: %(top)s.")
        % {"measure": kec_unit, "label": label_note, "period": period, "top": _top_text(kec_areas)},
        value_label=kec_unit, width=620)
    if per_voters:
        notes.append(_("Peta kecamatan memakai jumlah, bukan per 100.000 pemilih: DPT per kecamatan belum tersedia."))
    tables["kecamatan"] = Table(
        "kecamatan", _("Per kecamatan"),
        [_("Kode"), _("Kecamatan"), _("Laporan"), _("Informasi awal"), _("Temuan"), _("Kasus")],
        [[a.region.code, a.region.name, a.counts["report"], a.counts["tip"], a.counts["finding"], a.counts["case"]]
         for a in kec if a.total] or [],
        note=_("Kecamatan tanpa catatan tidak ditampilkan di tabel."))

    # Daily series with the election stages.
    days, series = metrics.daily(f, user)
    kind_labels = {k: str(label) for k, label in metrics.KINDS}
    named = [(kind_labels[k], series[k]) for k in ("report", "tip", "finding", "case")]
    charts["daily"] = svg.time_series(
        days, named, stages=_stage_marks(f), title=_("Catatan harian %(area)s") % {"area": scope_name},
        desc=_("Jumlah laporan, informasi awal, temuan dan kasus per hari%(label)s, %(period)s, dengan masa "
               "kampanye, masa tenang dan hari pemungutan suara (PKPU 2/2024) ditandai. Puncak: %(peak)s.")
        % {"label": label_note, "period": period, "peak": _peak_text(days, series)})
    charts["daily_content"] = svg.time_series(
        days, [(kind_labels["content"], series["content"])], stages=_stage_marks(f), height=200,
        title=_("Konten daring per hari, %(area)s") % {"area": scope_name},
        desc=_("Jumlah butir konten daring per hari%(label)s, %(period)s; total %(total)s.")
        % {"label": label_note, "period": period, "total": sum(series["content"])})
    tables["harian"] = Table("harian", _("Per hari"), [_("Tanggal"), *[kind_labels[k] for k, _label in metrics.KINDS]],
                             [[d.isoformat(), *[series[k][i] for k, _key in metrics.KINDS]] for i, d in enumerate(days)
                              if any(series[k][i] for k, _key in metrics.KINDS)])

    # Breakdowns.
    types = metrics.by_violation_type(f, user)
    charts["types"] = svg.stacked_bars(
        [(t["name"], {k: t[k] for k in ("report", "tip", "finding", "case")}) for t in types],
        [(k, kind_labels[k]) for k in ("report", "tip", "finding", "case")],
        title=_("Jenis pelanggaran"),
        desc=_("Laporan, informasi awal, temuan dan kasus per jenis pelanggaran, %(period)s.") % {"period": period})
    tables["jenis"] = Table("jenis", _("Per jenis pelanggaran"),
                            [_("Jenis"), _("Konten daring"), _("Laporan"), _("Informasi awal"), _("Temuan"),
                             _("Kasus")],
                            [[t["name"], t["content"], t["report"], t["tip"], t["finding"], t["case"]] for t in types],
                            note=_("Satu butir konten dapat memiliki lebih dari satu jenis."))
    platforms = metrics.by_platform(f, user)
    charts["platforms"] = svg.bar_chart(
        [(p["name"], p["count"]) for p in platforms], title=_("Konten daring per platform"),
        desc=_("Jumlah butir konten per platform%(label)s, %(period)s.") % {"label": label_note, "period": period})
    tables["platform"] = Table("platform", _("Per platform"), [_("Platform"), _("Butir konten")],
                               [[p["name"], p["count"]] for p in platforms])
    sources_rows = metrics.by_source(f, user)
    tables["sumber"] = Table("sumber", _("Per sumber/saluran"), [_("Jenis catatan"), _("Sumber/saluran"), _("Jumlah")],
                             [[s["kind_name"], s["name"], s["count"]] for s in sources_rows])
    partners = metrics.by_partner(f, user)
    charts["partners"] = svg.stacked_bars(
        [(p["name"], {"finding": p["finding"], "case": p["case"],
                      "other": p["submitted"] - p["finding"] - p["case"]}) for p in partners],
        [("finding", _("Menjadi temuan")), ("case", _("Menjadi kasus")), ("other", _("Lainnya"))],
        title=_("Laporan dari mitra"),
        desc=_("Laporan dan informasi awal dari organisasi mitra dan tindak lanjutnya, %(period)s.") % {"period": period})
    tables["mitra"] = Table("mitra", _("Per mitra"), [_("Organisasi"), _("Dikirim"), _("Menjadi temuan"),
                                                      _("Menjadi kasus"), _("Ditindaklanjuti (%)")],
                            [[p["name"], p["submitted"], p["finding"], p["case"], p["share_followed_up"] or 0]
                             for p in partners])
    decided = metrics.decisions(f, user)
    charts["decisions"] = svg.bar_chart(
        [(d["name"], d["count"]) for d in decided], title=_("Kasus menurut putusan"),
        desc=_("Kasus yang diterima dalam periode menurut jenis putusan, %(period)s.") % {"period": period},
        colour=svg.CATEGORICAL[2])
    tables["putusan"] = Table("putusan", _("Kasus menurut putusan"), [_("Putusan"), _("Kasus")],
                              [[d["name"], d["count"]] for d in decided])
    comp = metrics.compliance(f, user)
    tables["tenggat"] = Table("tenggat", _("Kepatuhan tenggat putusan"), [_("Ukuran"), _("Nilai")], [
        [_("Diputus dalam batas waktu"), comp.on_time], [_("Diputus melewati batas waktu"), comp.late],
        [_("Tenggat tidak dapat dihitung"), comp.no_deadline],
        [_("Persentase tepat waktu"), "" if comp.share_on_time is None else comp.share_on_time],
        [_("Median hari sampai putusan"), "" if comp.median_days is None else comp.median_days],
        [_("Kasus diputus"), comp.decided]])
    refs = metrics.referrals(f, user)
    charts["referrals"] = svg.stacked_bars(
        [(r["name"], {k: r[k] for k, _label in metrics.REFERRAL_OUTCOMES}) for r in refs],
        [(k, str(label)) for k, label in metrics.REFERRAL_OUTCOMES],
        title=_("Penerusan per instansi"),
        desc=_("Penerusan kasus per instansi penerima dan status tindak lanjutnya, %(period)s.") % {"period": period})
    tables["penerusan"] = Table("penerusan", _("Penerusan per instansi"),
                                [_("Instansi"), _("Total"), *[str(label) for _key, label in metrics.REFERRAL_OUTCOMES],
                                 _("Selesai (%)")],
                                [[r["name"], r["total"], *[r[k] for k, _key in metrics.REFERRAL_OUTCOMES],
                                  r["share_resolved"] or 0] for r in refs])
    recurring = metrics.recurring_actors(f, user)
    tables["akun"] = Table("akun", _("Akun berulang"), [_("Platform"), _("Akun"), _("Butir bermasalah"), _("Hari aktif")],
                           [[r["platform"], r["name"], r["n"], r["active_days"]] for r in recurring["akun"]])
    tables["desa"] = Table("desa", _("Desa/kelurahan berulang"), [_("Kode"), _("Desa/kelurahan"), _("Catatan"), _("Hari")],
                           [[r["actor"], r["name"], r["n"], r["active_days"]] for r in recurring["desa"]])
    narratives = metrics.narratives(f, user)
    if narratives is None:
        notes.append(_("Kelompok narasi mirip belum tersedia (modul pengawasan siber belum terpasang)."))
    tables["narasi"] = Table("narasi", _("Narasi mirip terbesar"),
                             [_("Kelompok"), _("Butir"), _("Wilayah"), _("Jenis"), _("Cuplikan")],
                             [[n["id"], n["items"], n["region"], ", ".join(n["labels"]), n["excerpt"]]
                              for n in narratives or []])
    return Dashboard(filter=f, summary=summary, charts=charts, tables=tables, notes=notes, measure=measure,
                     per_voters=per_voters, recurring=recurring, narratives=narratives, compliance=comp)


def _top_text(areas: list[svg.Area]) -> str:
    ranked = sorted((a for a in areas if a.value), key=lambda a: -a.value)[:3]
    return ", ".join(f"{a.name} ({svg._fmt(a.value)})" for a in ranked) or _("tidak ada catatan")


def _peak_text(days, series) -> str:
    totals = [sum(series[k][i] for k in ("report", "tip", "finding", "case")) for i in range(len(days))]
    if not totals or not max(totals):
        return _("tidak ada catatan")
    i = totals.index(max(totals))
    return _("%(day)s (%(n)s catatan)") % {"day": f"{days[i]:%d-%m-%Y}", "n": totals[i]}


# ---------------------------------------------------------------------------------------------------------------
# cached boards
#
# Figures change only when a refresh changes the aggregates, so a built board is cached per filter, scope, language
# and data version (metrics.data_version), and the refresh task builds the default boards of the province and kab/kota offices right away: the
# first person to open the dashboard after a refresh does not wait for the build.

BOARD_CACHE_SECONDS = 900


def board_scope(user) -> str:
    """What a board depends on besides its filter. The dashboard is for Bawaslu staff (filters.parse refuses anyone
    else), every figure is limited to the user's jurisdiction and links depend on the role, so staff with the same
    role and jurisdiction share one cached board; nobody is served a board of an area they may not see."""
    return f"{int(bool(user.is_superuser))}:{user.role}:{user.jurisdiction_id or ''}"


def cached_board(f: DashboardFilter, user, *, measure: str = "semua", per_voters: bool = False) -> Dashboard:
    import hashlib

    from django.core.cache import cache
    from django.utils import translation

    # The board's titles, tables and notes are in the reader's language: one cached copy per language.
    raw = "|".join([f.as_query(), f.area.code, measure, str(per_voters), metrics.data_version(), board_scope(user),
                    translation.get_language() or ""])
    key = "dashboard:board:" + hashlib.sha256(raw.encode()).hexdigest()
    board = cache.get(key)
    if board is None:
        board = build(f, user, measure=measure, per_voters=per_voters)
        cache.set(key, board, BOARD_CACHE_SECONDS)
    return board


def warm_default_boards(max_depth: int = 2) -> int:
    """Build the default board (election period, all types) of every scope held by an active staff user whose
    jurisdiction is the province or a kab/kota, in the default language. Returns the number of boards built."""
    from django.conf import settings
    from django.http import QueryDict
    from django.utils import translation

    from pantau.accounts.models import User

    from .filters import FilterError, parse

    built, seen = 0, set()
    users = User.objects.filter(is_active=True, jurisdiction__isnull=False).select_related("jurisdiction")
    with translation.override(settings.LANGUAGE_CODE):
        for user in users.order_by("pk"):
            scope = board_scope(user)
            if scope in seen or user.jurisdiction_id.count(".") >= max_depth:
                continue
            seen.add(scope)
            try:
                f = parse(QueryDict(""), user)
            except FilterError:  # not a dashboard user (a partner or a liaison officer)
                continue
            cached_board(f, user)
            built += 1
    return built

"""One dashboard = figures + SVG charts + the tables behind them. Pages, the Rakor PDF and the XLSX/CSV exports
all use `build()`, so a chart and its table cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from pantau.regions.models import Level

from .. import svg
from . import metrics
from .filters import DashboardFilter

MAP_MEASURES = {
    "semua": ("Laporan, informasi awal, temuan dan kasus", ("report", "tip", "finding", "case")),
    "laporan": ("Laporan dan informasi awal", ("report", "tip")),
    "temuan": ("Temuan", ("finding",)),
    "kasus": ("Kasus", ("case",)),
    "konten": ("Konten daring", ("content",)),
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
            body = f'<tr><td colspan="{len(self.headers)}" class="muted">Belum ada data.</td></tr>'
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
    notes: list[str] = []
    sources = metrics.available_sources()
    missing = [name for name, present in (("konten daring (pengawasan siber)", sources["content"]),
                                          ("laporan", sources["reports"]),
                                          ("temuan dan kasus", sources["cases"])) if not present]
    if missing:
        notes.append("Belum tersedia di sistem ini: " + ", ".join(missing) + ". Angkanya ditampilkan 0.")
    summary = metrics.summary(f, user)
    charts, tables = {}, {}
    scope_name = f.area.name
    period = f"{f.start:%d-%m-%Y} s.d. {f.end:%d-%m-%Y}"
    label_note = f" (jenis: {metrics._label_name(f.label)})" if f.label else ""

    def href(code):
        if not link:
            return None
        return reverse("dashboard:office", kwargs={"code": code}) + "?" + f.as_query(region="")

    # Maps: kab/kota (province view) and kecamatan.
    unit = measure_name.lower() + (" per 100.000 pemilih" if per_voters else "")
    if f.depth == 1:
        kab = metrics.map_areas(f, user, Level.KABUPATEN)
        areas = [svg.Area(code=a.region.code, name=a.region.name, value=_measure_value(a, kinds, per_voters),
                          boundary=a.region.boundary, latitude=a.region.latitude, longitude=a.region.longitude,
                          note="" if a.voters or not per_voters else "jumlah pemilih tidak diketahui") for a in kab]
        charts["map_kab"] = svg.choropleth(
            areas, title=f"Peta {scope_name} per kabupaten/kota: {unit}",
            desc=f"{measure_name}{label_note} per kabupaten/kota, {period}. Warna lebih gelap = lebih banyak. "
                 f"Tertinggi: {_top_text(areas)}.", value_label=unit, href=href)
        tables["kabupaten"] = Table(
            "kabupaten", "Per kabupaten/kota",
            ["Kode", "Kabupaten/kota", "Pemilih (DPT)", "Konten daring", "Laporan", "Informasi awal", "Temuan",
             "Kasus", "Laporan+informasi+temuan per 100.000 pemilih"],
            [[a.region.code, a.region.name, a.voters or "", a.counts["content"], a.counts["report"], a.counts["tip"],
              a.counts["finding"], a.counts["case"],
              (round((a.counts["report"] + a.counts["tip"] + a.counts["finding"]) * metrics.PER_VOTERS / a.voters, 2)
               if a.voters else "")] for a in kab],
            note="Jumlah pemilih: DPT Pemilu 2024 per kabupaten/kota (perkiraan; DOMAIN.md §3.2).")
    kec = metrics.map_areas(f, user, Level.KECAMATAN)
    kec_kinds = tuple(k for k in kinds if k != "content") or ("report", "tip", "finding", "case")
    kec_areas = [svg.Area(code=a.region.code, name=a.region.name, value=sum(a.counts.get(k, 0) for k in kec_kinds),
                          boundary=a.region.boundary, latitude=a.region.latitude, longitude=a.region.longitude)
                 for a in kec]
    kec_unit = " ".join(MAP_MEASURES["semua" if measure == "konten" else measure][0].lower().split())
    charts["map_kec"] = svg.choropleth(
        kec_areas, title=f"Peta {scope_name} per kecamatan: {kec_unit}",
        desc=f"{kec_unit}{label_note} per kecamatan, {period}. Tertinggi: {_top_text(kec_areas)}.",
        value_label=kec_unit, width=620)
    if per_voters:
        notes.append("Peta kecamatan memakai jumlah, bukan per 100.000 pemilih: DPT per kecamatan belum tersedia.")
    tables["kecamatan"] = Table(
        "kecamatan", "Per kecamatan",
        ["Kode", "Kecamatan", "Laporan", "Informasi awal", "Temuan", "Kasus"],
        [[a.region.code, a.region.name, a.counts["report"], a.counts["tip"], a.counts["finding"], a.counts["case"]]
         for a in kec if a.total] or [],
        note="Kecamatan tanpa catatan tidak ditampilkan di tabel.")

    # Daily series with the election stages.
    days, series = metrics.daily(f, user)
    named = [(metrics.KIND_LABELS[k], series[k]) for k in ("report", "tip", "finding", "case")]
    charts["daily"] = svg.time_series(
        days, named, stages=_stage_marks(f), title=f"Catatan harian {scope_name}",
        desc=f"Jumlah laporan, informasi awal, temuan dan kasus per hari{label_note}, {period}, dengan masa kampanye, "
             f"masa tenang dan hari pemungutan suara (PKPU 2/2024) ditandai. Puncak: {_peak_text(days, series)}.")
    charts["daily_content"] = svg.time_series(
        days, [(metrics.KIND_LABELS["content"], series["content"])], stages=_stage_marks(f), height=200,
        title=f"Konten daring per hari, {scope_name}",
        desc=f"Jumlah butir konten daring per hari{label_note}, {period}; total {sum(series['content'])}.")
    tables["harian"] = Table("harian", "Per hari", ["Tanggal", *[metrics.KIND_LABELS[k] for k, _ in metrics.KINDS]],
                             [[d.isoformat(), *[series[k][i] for k, _ in metrics.KINDS]] for i, d in enumerate(days)
                              if any(series[k][i] for k, _ in metrics.KINDS)])

    # Breakdowns.
    types = metrics.by_violation_type(f, user)
    charts["types"] = svg.stacked_bars(
        [(t["name"], {k: t[k] for k in ("report", "tip", "finding", "case")}) for t in types],
        [(k, metrics.KIND_LABELS[k]) for k in ("report", "tip", "finding", "case")],
        title="Jenis pelanggaran", desc=f"Laporan, informasi awal, temuan dan kasus per jenis pelanggaran, {period}.")
    tables["jenis"] = Table("jenis", "Per jenis pelanggaran",
                            ["Jenis", "Konten daring", "Laporan", "Informasi awal", "Temuan", "Kasus"],
                            [[t["name"], t["content"], t["report"], t["tip"], t["finding"], t["case"]] for t in types],
                            note="Satu butir konten dapat memiliki lebih dari satu jenis.")
    platforms = metrics.by_platform(f, user)
    charts["platforms"] = svg.bar_chart([(p["name"], p["count"]) for p in platforms], title="Konten daring per platform",
                                        desc=f"Jumlah butir konten per platform{label_note}, {period}.")
    tables["platform"] = Table("platform", "Per platform", ["Platform", "Butir konten"],
                               [[p["name"], p["count"]] for p in platforms])
    sources_rows = metrics.by_source(f, user)
    tables["sumber"] = Table("sumber", "Per sumber/saluran", ["Jenis catatan", "Sumber/saluran", "Jumlah"],
                             [[s["kind_name"], s["name"], s["count"]] for s in sources_rows])
    partners = metrics.by_partner(f, user)
    charts["partners"] = svg.stacked_bars(
        [(p["name"], {"finding": p["finding"], "case": p["case"],
                      "other": p["submitted"] - p["finding"] - p["case"]}) for p in partners],
        [("finding", "Menjadi temuan"), ("case", "Menjadi kasus"), ("other", "Lainnya")],
        title="Laporan dari mitra", desc=f"Laporan dan informasi awal dari organisasi mitra dan tindak lanjutnya, {period}.")
    tables["mitra"] = Table("mitra", "Per mitra", ["Organisasi", "Dikirim", "Menjadi temuan", "Menjadi kasus",
                                                   "Ditindaklanjuti (%)"],
                            [[p["name"], p["submitted"], p["finding"], p["case"], p["share_followed_up"] or 0]
                             for p in partners])
    decided = metrics.decisions(f, user)
    charts["decisions"] = svg.bar_chart([(d["name"], d["count"]) for d in decided], title="Kasus menurut putusan",
                                        desc=f"Kasus yang diterima dalam periode menurut jenis putusan, {period}.",
                                        colour=svg.CATEGORICAL[2])
    tables["putusan"] = Table("putusan", "Kasus menurut putusan", ["Putusan", "Kasus"],
                              [[d["name"], d["count"]] for d in decided])
    comp = metrics.compliance(f, user)
    tables["tenggat"] = Table("tenggat", "Kepatuhan tenggat putusan", ["Ukuran", "Nilai"], [
        ["Diputus dalam batas waktu", comp.on_time], ["Diputus melewati batas waktu", comp.late],
        ["Tenggat tidak dapat dihitung", comp.no_deadline],
        ["Persentase tepat waktu", "" if comp.share_on_time is None else comp.share_on_time],
        ["Median hari sampai putusan", "" if comp.median_days is None else comp.median_days],
        ["Kasus diputus", comp.decided]])
    refs = metrics.referrals(f, user)
    charts["referrals"] = svg.stacked_bars(
        [(r["name"], {k: r[k] for k, _ in metrics.REFERRAL_OUTCOMES}) for r in refs], metrics.REFERRAL_OUTCOMES,
        title="Penerusan per instansi", desc=f"Penerusan kasus per instansi penerima dan status tindak lanjutnya, {period}.")
    tables["penerusan"] = Table("penerusan", "Penerusan per instansi",
                                ["Instansi", "Total", *[label for _, label in metrics.REFERRAL_OUTCOMES], "Selesai (%)"],
                                [[r["name"], r["total"], *[r[k] for k, _ in metrics.REFERRAL_OUTCOMES],
                                  r["share_resolved"] or 0] for r in refs])
    recurring = metrics.recurring_actors(f, user)
    tables["akun"] = Table("akun", "Akun berulang", ["Platform", "Akun", "Butir bermasalah", "Hari aktif"],
                           [[r["platform"], r["name"], r["n"], r["active_days"]] for r in recurring["akun"]])
    tables["desa"] = Table("desa", "Desa/kelurahan berulang", ["Kode", "Desa/kelurahan", "Catatan", "Hari"],
                           [[r["actor"], r["name"], r["n"], r["active_days"]] for r in recurring["desa"]])
    narratives = metrics.narratives(f, user)
    if narratives is None:
        notes.append("Kelompok narasi mirip belum tersedia (modul pengawasan siber belum terpasang).")
    tables["narasi"] = Table("narasi", "Narasi mirip terbesar", ["Kelompok", "Butir", "Wilayah", "Jenis", "Cuplikan"],
                             [[n["id"], n["items"], n["region"], ", ".join(n["labels"]), n["excerpt"]]
                              for n in narratives or []])
    return Dashboard(filter=f, summary=summary, charts=charts, tables=tables, notes=notes, measure=measure,
                     per_voters=per_voters, recurring=recurring, narratives=narratives, compliance=comp)


def _top_text(areas: list[svg.Area]) -> str:
    ranked = sorted((a for a in areas if a.value), key=lambda a: -a.value)[:3]
    return ", ".join(f"{a.name} ({svg._fmt(a.value)})" for a in ranked) or "tidak ada catatan"


def _peak_text(days, series) -> str:
    totals = [sum(series[k][i] for k in ("report", "tip", "finding", "case")) for i in range(len(days))]
    if not totals or not max(totals):
        return "tidak ada catatan"
    i = totals.index(max(totals))
    return f"{days[i]:%d-%m-%Y} ({totals[i]} catatan)"

"""Dashboard pages: province and office dashboards, partner view, vulnerability view, exports, transparency."""

from __future__ import annotations

import csv
import io
import re

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pantau.accounts.scoping import sees_everything
from pantau.regions.models import Level, Region

from . import svg
from .services import metrics
from .services.filters import FilterError, election_window, known_labels, parse
from .services.report import MAP_MEASURES, build, cached_board

PUBLIC_CACHE_SECONDS = 300


def _error(request, error: FilterError):
    return render(request, "dashboard/error.html", {"message": error.message, "status": error.status},
                  status=error.status)


def _region_options(user, area: Region) -> list[Region]:
    """The areas this user may pick: their jurisdiction, its kab/kota, and the kecamatan of the current kab/kota."""
    home = user.jurisdiction_id or (election_window().region_code or "15")
    if sees_everything(user) and not user.jurisdiction_id:
        home = area.code[:2]
    options = list(Region.objects.filter(pk=home))
    options += list(Region.objects.filter(parent_id=home, level__in=[Level.KABUPATEN, Level.KECAMATAN]).order_by("code"))
    kab = area.kabupaten_code
    if kab and kab != home:
        options += list(Region.objects.filter(parent_id=kab, level=Level.KECAMATAN).order_by("code"))
    return options


@login_required
@require_GET
def dashboard(request, code: str | None = None):
    try:
        f = parse(request.GET, request.user, region_code=code)
    except FilterError as error:
        return _error(request, error)
    measure, per_voters = request.GET.get("peta", "semua"), request.GET.get("per") == "pemilih"
    board = cached_board(f, request.user, measure=measure, per_voters=per_voters)
    return render(request, "dashboard/dashboard.html", {
        "board": board, "f": f, "labels": known_labels(), "measures": MAP_MEASURES,
        "regions": _region_options(request.user, f.area), "query": f.as_query(),
        "last_refresh": metrics.last_refresh(), "office": code is not None,
        "label_name": metrics._label_name(f.label) if f.label else "",
    })


@login_required
@require_GET
def vulnerability_view(request):
    try:
        f = parse(request.GET, request.user)
    except FilterError as error:
        return _error(request, error)
    if f.depth > 2:
        f.area = Region.objects.get(pk=f.area.kabupaten_code)
    data = metrics.vulnerability(f, request.user)
    rows = data["rows"]
    chart_scores = svg.bar_chart([(r["name"], r["score"] or 0) for r in rows], title=_("Skor kerawanan Bawaslu"),
                                 desc=_("Skor Indeks Kerawanan Pilkada 2024 per kabupaten/kota menurut Bawaslu "
                                        "Provinsi Jambi, dari tertinggi."), colour=svg.CATEGORICAL[5])
    chart_observed = svg.bar_chart([(r["name"], r["observed_per_100k"] or 0) for r in rows],
                                   title=_("Yang diamati Pantau per 100.000 pemilih"),
                                   desc=_("Laporan, informasi awal dan temuan per 100.000 pemilih, %(start)s s.d. "
                                          "%(end)s, urutan sama dengan skor kerawanan.")
                                   % {"start": f"{f.start:%d-%m-%Y}", "end": f"{f.end:%d-%m-%Y}"})
    return render(request, "dashboard/vulnerability.html", {
        "f": f, "data": data, "rows": rows, "chart_scores": chart_scores, "chart_observed": chart_observed,
        "query": f.as_query(),
    })


@login_required
@require_GET
def partner_view(request):
    from pantau.accounts.models import Role
    from pantau.partners.scoping import organisations_visible_to

    user = request.user
    if not (sees_everything(user) or user.is_bawaslu or user.role == Role.PARTNER_COORDINATOR):
        raise PermissionDenied
    window = election_window(user.jurisdiction_id)
    start, end = window.default_range
    try:
        from .services.filters import _date

        if request.GET.get("from"):
            start = _date(request.GET["from"], "from")
        if request.GET.get("to"):
            end = _date(request.GET["to"], "to")
        if start > end:
            raise FilterError(_("Tanggal awal (%(start)s) sesudah tanggal akhir (%(end)s).")
                              % {"start": f"{start:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}"})
    except FilterError as error:
        return _error(request, error)
    rows = metrics.partner_view(user, organisations_visible_to(user), start, end)
    chart = svg.stacked_bars(
        [(r["organisation"].name, {"finding": r["finding"], "case": r["case"],
                                   "other": r["submitted"] - r["finding"] - r["case"]}) for r in rows],
        [("finding", _("Menjadi temuan")), ("case", _("Menjadi kasus")), ("other", _("Lainnya"))],
        title=_("Laporan mitra dan tindak lanjutnya"),
        desc=_("Laporan dan informasi awal per organisasi mitra, %(start)s s.d. %(end)s.")
        % {"start": f"{start:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}"})
    return render(request, "dashboard/partners.html", {"rows": rows, "chart": chart, "start": start, "end": end})


# --- exports -------------------------------------------------------------------------------------------------

def _board_for_export(request):
    f = parse(request.GET, request.user)
    return build(f, request.user, measure=request.GET.get("peta", "semua"),
                 per_voters=request.GET.get("per") == "pemilih", link=False)


def _filename(board, ext: str) -> str:
    f = board.filter
    return f"pantau-{f.area.code}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.{ext}"


@login_required
@require_GET
def export_csv(request):
    try:
        board = _board_for_export(request)
    except FilterError as error:
        return _error(request, error)
    key = request.GET.get("tabel", "kabupaten")
    table = board.tables.get(key)
    if table is None:
        return _error(request, FilterError(_("Tabel tidak dikenal: '%(key)s'. Pilihan: %(options)s.")
                                           % {"key": key[:30], "options": ", ".join(board.tables)}))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(board, key + ".csv")}"'
    return response


@login_required
@require_GET
def export_xlsx(request):
    import xlsxwriter

    try:
        board = _board_for_export(request)
    except FilterError as error:
        return _error(request, error)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#eef0f3"})
    about = book.add_worksheet(_("Keterangan"))
    f = board.filter
    period = _("%(start)s s.d. %(end)s") % {"start": f"{f.start:%d-%m-%Y}", "end": f"{f.end:%d-%m-%Y}"}
    for row, (key, value) in enumerate([
        (_("Wilayah"), f"{f.area.name} ({f.area.code})"), (_("Periode"), period),
        (_("Jenis pelanggaran"), metrics._label_name(f.label) if f.label else _("Semua")),
        (_("Dibuat"), timezone.localtime().strftime("%d-%m-%Y %H:%M")), *[(_("Catatan"), n) for n in board.notes],
    ]):
        about.write(row, 0, key, bold)
        about.write(row, 1, value)
    about.set_column(0, 0, 20)
    about.set_column(1, 1, 70)
    for table in board.tables.values():
        sheet = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", table.title)[:31])
        sheet.write_row(0, 0, table.headers, bold)
        for index, row in enumerate(table.rows, start=1):
            sheet.write_row(index, 0, row)
        if table.note:
            sheet.write(len(table.rows) + 2, 0, table.note)
        sheet.set_column(0, len(table.headers), 18)
    book.close()
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(board, "xlsx")}"'
    return response


@login_required
@require_GET
def export_rakor_pdf(request):
    from weasyprint import HTML

    try:
        board = _board_for_export(request)
    except FilterError as error:
        return _error(request, error)
    html = render_to_string("dashboard/rakor.html", {
        "board": board, "f": board.filter, "generated": timezone.localtime(), "user": request.user,
    }, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rakor-{_filename(board, "pdf")}"'
    return response


# --- public transparency -----------------------------------------------------------------------------------------

def public_figures() -> dict:
    """Aggregate figures for the whole election area: counts only, no names, no texts. Cached briefly."""
    window = election_window()
    key = f"dashboard:public:{window.slug}:{timezone.localdate().isoformat()}:{translation.get_language() or ''}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    from .services.filters import DashboardFilter

    region = Region.objects.filter(pk=window.region_code or "15").first()
    if region is None:
        return {"available": False}
    start, end = window.default_range
    f = DashboardFilter(area=region, start=start, end=end, window=window)
    summary = metrics.summary(f, metrics.PUBLIC)
    kab = metrics.map_areas(f, metrics.PUBLIC, Level.KABUPATEN)
    days, series = metrics.daily(f, metrics.PUBLIC)
    types = metrics.by_violation_type(f, metrics.PUBLIC)
    decisions = metrics.decisions(f, metrics.PUBLIC)
    referral_rows = metrics.referrals(f, metrics.PUBLIC)
    figures = {
        "available": True,
        "election": window.name, "region": {"code": region.code, "name": region.name},
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "counts": dict(summary["counts"]),
        "deadline_compliance": summary["deadline_compliance"],
        "by_kabupaten": [{"code": a.region.code, "name": a.region.name, "reports": a.counts["report"] + a.counts["tip"],
                          "findings": a.counts["finding"], "cases": a.counts["case"],
                          "per_100k_voters": (round((a.counts["report"] + a.counts["tip"] + a.counts["finding"])
                                                    * metrics.PER_VOTERS / a.voters, 2) if a.voters else None)}
                         for a in kab],
        "by_violation_type": [{"type": t["label"], "name": t["name"], "reports": t["report"] + t["tip"],
                               "findings": t["finding"], "cases": t["case"]} for t in types],
        "decisions": [{"type": d["type"], "name": d["name"], "count": d["count"]} for d in decisions],
        "referrals": [{"institution": r["institution"], "name": r["name"], "total": r["total"],
                       "resolved_percent": r["share_resolved"]} for r in referral_rows],
        "daily": [{"day": d.isoformat(), "reports": series["report"][i] + series["tip"][i],
                   "findings": series["finding"][i], "cases": series["case"][i]} for i, d in enumerate(days)],
        "generated_at": timezone.now().isoformat(),
        "stages": [{"name": s.name, "from": s.start.isoformat(), "to": s.end.isoformat()} for s in window.stages],
        "_areas": [(a.region.code, a.region.name, a.region.boundary, a.region.latitude, a.region.longitude,
                    a.counts["report"] + a.counts["tip"] + a.counts["finding"] + a.counts["case"]) for a in kab],
    }
    cache.set(key, figures, PUBLIC_CACHE_SECONDS)
    return figures


@require_GET
def transparency(request):
    import datetime as dt

    figures = public_figures()
    charts = {}
    if figures.get("available"):
        period = _("%(start)s s.d. %(end)s") % {"start": figures["period"]["from"], "end": figures["period"]["to"]}
        areas = [svg.Area(code=c, name=n, value=v, boundary=b, latitude=la, longitude=lo)
                 for c, n, b, la, lo, v in figures["_areas"]]
        charts["map"] = svg.choropleth(areas, title=_("Catatan pengawasan per kabupaten/kota"),
                                       desc=_("Laporan, temuan dan kasus per kabupaten/kota, %(period)s.")
                                       % {"period": period}, value_label=_("catatan"))
        days = [dt.date.fromisoformat(d["day"]) for d in figures["daily"]]
        stages = [svg.Stage(s["name"], dt.date.fromisoformat(s["from"]), dt.date.fromisoformat(s["to"]))
                  for s in figures["stages"]]
        charts["daily"] = svg.time_series(
            days, [(_("Laporan dan informasi"), [d["reports"] for d in figures["daily"]]),
                   (_("Temuan"), [d["findings"] for d in figures["daily"]]),
                   (_("Kasus"), [d["cases"] for d in figures["daily"]])],
            stages=stages, title=_("Catatan pengawasan per hari"),
            desc=_("Laporan, temuan dan kasus per hari, %(period)s, dengan tahapan PKPU 2/2024 ditandai.")
            % {"period": period})
        charts["types"] = svg.stacked_bars(
            [(t["name"], {"reports": t["reports"], "findings": t["findings"], "cases": t["cases"]})
             for t in figures["by_violation_type"]],
            [("reports", _("Laporan dan informasi")), ("findings", _("Temuan")), ("cases", _("Kasus"))],
            title=_("Menurut jenis pelanggaran"),
            desc=_("Catatan per jenis dugaan pelanggaran, %(period)s.") % {"period": period})
    response = render(request, "dashboard/transparency.html", {"figures": figures, "charts": charts})
    response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}"
    return response


__all__ = ["dashboard", "vulnerability_view", "partner_view", "export_csv", "export_xlsx", "export_rakor_pdf",
           "transparency", "public_figures"]

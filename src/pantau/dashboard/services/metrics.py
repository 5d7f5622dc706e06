"""Dashboard figures, computed in SQL from the daily aggregates (`DailyStat`, `ActorStat`).

Every function takes a checked `DashboardFilter` and the user, and scopes the aggregates twice: by the chosen
area and by `pantau.accounts.scoping.visible` (so a mistake in one cannot show another jurisdiction's
figures). Results are small dicts and lists ready for templates, exports and the API.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, Max, Min, Q, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pantau.accounts.scoping import visible
from pantau.regions.models import Level, Region, within

from ..models import ActorStat, DailyStat, Grain, Metric
from .filters import DashboardFilter

PER_VOTERS = 100_000

# The record kinds shown side by side, in display order.
KINDS = (
    ("content", _("Konten daring")),
    ("report", _("Laporan")),
    ("tip", _("Informasi awal")),
    ("finding", _("Temuan")),
    ("case", _("Kasus")),
)
KIND_LABELS = dict(KINDS)
DECISION_LABELS = {
    "administrasi": _("Pelanggaran administrasi"),
    "kode_etik": _("Kode etik penyelenggara"),
    "pidana": _("Tindak pidana pemilihan"),
    "hukum_lainnya": _("Hukum lainnya (ASN, kepala desa, dll.)"),
    "bukan_pelanggaran": _("Bukan pelanggaran"),
    "sengketa": _("Sengketa pemilihan"),
    "": _("Belum diputus"),
}
SOURCE_LABELS = {
    "rss": _("Umpan RSS/Atom"), "web": _("Halaman web"), "unggahan": _("Unggahan ekspor platform"),
    "upload": _("Unggahan"), "publik": _("Formulir publik"), "mitra": _("Pemantau mitra"), "api": _("API"), "petugas": _("Dicatat petugas"),
    "pengawasan_siber": _("Pengawasan siber"), "laporan_pengawasan": _("Laporan hasil pengawasan"),
    "informasi_awal": _("Informasi awal"),
}
REFERRAL_OUTCOMES = (("dikirim", _("Dikirim")), ("diterima", _("Diterima instansi")),
                     ("ada_hasil", _("Ada hasil tindak lanjut")), ("ditutup", _("Ditutup")))


def _label_name(value: str) -> str:
    """What a reader sees for a violation-type key: its name in their language, never the key itself."""
    if not value:
        return str(_("Tanpa jenis"))
    from pantau.cases import violations

    return violations.name(value)


def _choices(model_label: str, field: str) -> dict[str, str]:
    try:
        model = apps.get_model(model_label)
        return {k: str(v) for k, v in model._meta.get_field(field).choices or []}
    except (LookupError, Exception):  # noqa: BLE001 - a missing app just means raw codes are shown
        return {}


def grain_for(f: DashboardFilter) -> str:
    return {1: Grain.PROVINCE, 2: Grain.KABUPATEN}.get(f.depth, Grain.KECAMATAN)


def actor_grain_for(f: DashboardFilter) -> str:
    """Recurring actors and narratives: province rows on the province dashboard, kecamatan rows below it."""
    return Grain.PROVINCE if f.depth == 1 else Grain.KECAMATAN


PUBLIC = object()  # the transparency page: aggregates for the whole election area, no personal data


def stats(f: DashboardFilter, user, *, grain: str | None = None, dated: bool = True):
    """The aggregates for the filter's area (and the user's jurisdiction), at the grain the area needs."""
    qs = DailyStat.objects.filter(grain=grain or grain_for(f))
    if dated:
        qs = qs.filter(day__gte=f.start, day__lte=f.end)
    qs = qs.filter(within(f.area.code, "region"))
    return qs if user is PUBLIC else visible(qs, user, region_field="region")


def _kind_filter(f: DashboardFilter, kinds=("content", "report", "tip", "finding", "case")) -> Q:
    """Rows that count records of `kinds`; with a violation type chosen, content comes from per-label rows."""
    condition = Q()
    for kind in kinds:
        if kind == "content":
            metric = Metric.CONTENT_LABEL if f.label else Metric.CONTENT
            condition |= Q(metric=metric)
        else:
            condition |= Q(metric=kind)
    if f.label:
        condition &= Q(label=f.label)
    return condition


def _metric_key(metric: str) -> str:
    return "content" if metric in (Metric.CONTENT, Metric.CONTENT_LABEL) else metric


@dataclass
class Compliance:
    on_time: int = 0
    late: int = 0
    no_deadline: int = 0
    median_days: float | None = None
    decided: int = 0

    @property
    def share_on_time(self) -> float | None:
        judged = self.on_time + self.late
        return round(100 * self.on_time / judged, 1) if judged else None


def _median_from_histogram(histogram: dict[int, int]) -> float | None:
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > n:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def compliance(f: DashboardFilter, user) -> Compliance:
    base = stats(f, user)
    if f.label:
        base = base.filter(label=f.label)
    result = Compliance()
    for row in base.filter(metric=Metric.DECISION_DEADLINE).values("outcome").annotate(n=Sum("count")):
        if row["outcome"] == "tepat":
            result.on_time = row["n"]
        elif row["outcome"] == "terlambat":
            result.late = row["n"]
        else:
            result.no_deadline += row["n"]
    histogram = {row["days"]: row["n"] for row in
                 base.filter(metric=Metric.DECISION_DAYS).values("days").annotate(n=Sum("count"))}
    result.decided = sum(histogram.values())
    result.median_days = _median_from_histogram(histogram)
    return result


def summary(f: DashboardFilter, user) -> dict:
    """The headline counts: what `/api/v1/stats/summary/` returns and the dashboard's first row shows."""
    counts = dict.fromkeys(KIND_LABELS, 0)
    referral_count = 0
    rows = stats(f, user).filter(_kind_filter(f) | Q(metric=Metric.REFERRAL, **({"label": f.label} if f.label else {})))
    for row in rows.values("metric").annotate(n=Sum("count")):
        if row["metric"] == Metric.REFERRAL:
            referral_count += row["n"]
        else:
            counts[_metric_key(row["metric"])] += row["n"]
    comp = compliance(f, user)
    voters = f.area.voters
    per_voters = None
    if voters:
        per_voters = {key: round(value * PER_VOTERS / voters, 2) for key, value in counts.items()}
    return {
        "region": {"code": f.area.code, "name": f.area.name, "level": f.area.level, "voters": voters},
        "period": {"from": f.start.isoformat(), "to": f.end.isoformat()},
        "violation_type": f.label or None,
        "counts": {**counts, "referrals": referral_count, "decided": comp.decided},
        "per_100k_voters": per_voters,
        "deadline_compliance": {
            "decided_on_time": comp.on_time, "decided_late": comp.late, "without_deadline": comp.no_deadline,
            "share_on_time_percent": comp.share_on_time, "median_days_to_decision": comp.median_days,
        },
    }


# --- maps -------------------------------------------------------------------------------------------------------

@dataclass
class AreaFigure:
    region: Region
    counts: dict
    voters: int | None

    def per_voters(self, kind: str) -> float | None:
        if not self.voters:
            return None
        return round(self.counts.get(kind, 0) * PER_VOTERS / self.voters, 2)

    @property
    def total(self) -> int:
        return sum(v for k, v in self.counts.items() if k != "content")


def map_areas(f: DashboardFilter, user, level: str) -> list[AreaFigure]:
    """Counts per kab/kota (level=kabupaten) or per kecamatan inside the filter's area."""
    if level == Level.KABUPATEN:
        if f.depth >= 2:
            regions = Region.objects.filter(pk=f.area.kabupaten_code)
        else:
            regions = Region.objects.filter(parent_id=f.area.code, level=Level.KABUPATEN)
        grain = Grain.KABUPATEN
        kinds = ("content", "report", "tip", "finding", "case")
    else:
        base = f.area.code if f.depth <= 3 else f.area.code[:8]
        regions = Region.objects.filter(level=Level.KECAMATAN).filter(within(base, "parent") | Q(pk=base))
        grain = Grain.KECAMATAN
        kinds = ("report", "tip", "finding", "case")
    regions = list(regions.order_by("code").only("code", "name", "boundary", "latitude", "longitude", "voters",
                                                 "level", "parent_id"))
    counts: dict[str, dict] = defaultdict(lambda: dict.fromkeys(KIND_LABELS, 0))
    rows = stats(f, user, grain=grain).filter(_kind_filter(f, kinds)).values("region_id", "metric").annotate(
        n=Sum("count"))
    for row in rows:
        counts[row["region_id"]][_metric_key(row["metric"])] += row["n"]
    return [AreaFigure(region=r, counts=counts[r.code], voters=r.voters) for r in regions]


# --- time series ------------------------------------------------------------------------------------------------

def daily(f: DashboardFilter, user) -> tuple[list[dt.date], dict[str, list[int]]]:
    days = [f.start + dt.timedelta(days=i) for i in range((f.end - f.start).days + 1)]
    index = {day: i for i, day in enumerate(days)}
    series = {kind: [0] * len(days) for kind in KIND_LABELS}
    for row in stats(f, user).filter(_kind_filter(f)).values("day", "metric").annotate(n=Sum("count")):
        position = index.get(row["day"] if isinstance(row["day"], dt.date) else dt.date.fromisoformat(row["day"]))
        if position is not None:
            series[_metric_key(row["metric"])][position] += row["n"]
    return days, series


# --- breakdowns -------------------------------------------------------------------------------------------------

def by_violation_type(f: DashboardFilter, user) -> list[dict]:
    """Rows per violation type: content items (per label), reports, tips, findings, cases."""
    table: dict[str, dict] = defaultdict(lambda: dict.fromkeys(KIND_LABELS, 0))
    rows = stats(f, user).filter(
        Q(metric__in=[Metric.CONTENT_LABEL, Metric.REPORT, Metric.TIP, Metric.FINDING, Metric.CASE]))
    if f.label:
        rows = rows.filter(label=f.label)
    for row in rows.values("metric", "label").annotate(n=Sum("count")):
        table[row["label"]][_metric_key(row["metric"])] += row["n"]
    result = [{"label": label, "name": _label_name(label), **counts} for label, counts in table.items()]
    result.sort(key=lambda r: -(r["report"] + r["tip"] + r["finding"] + r["case"] + r["content"]))
    return result


def by_platform(f: DashboardFilter, user) -> list[dict]:
    names = _choices("monitoring.ContentItem", "platform")
    rows = stats(f, user).filter(_kind_filter(f, ("content",))).values("platform").annotate(n=Sum("count"))
    result = [{"platform": r["platform"], "name": names.get(r["platform"], r["platform"] or "—"), "count": r["n"]}
              for r in rows]
    return sorted(result, key=lambda r: -r["count"])


def by_source(f: DashboardFilter, user) -> list[dict]:
    rows = stats(f, user).filter(_kind_filter(f, ("content", "report", "tip", "finding"))).values(
        "metric", "source").annotate(n=Sum("count"))
    result = [{"kind": _metric_key(r["metric"]), "kind_name": str(KIND_LABELS[_metric_key(r["metric"])]),
               "source": r["source"], "name": str(SOURCE_LABELS.get(r["source"], r["source"] or "—")), "count": r["n"]}
              for r in rows]
    return sorted(result, key=lambda r: (r["kind"], -r["count"]))


def by_partner(f: DashboardFilter, user) -> list[dict]:
    """Reports and tips from partner organisations, and how many became findings or cases."""
    table: dict[int, dict] = defaultdict(lambda: {"submitted": 0, "finding": 0, "case": 0})
    rows = stats(f, user).filter(_kind_filter(f, ("report", "tip"))).exclude(partner=0).values(
        "partner", "outcome").annotate(n=Sum("count"))
    for row in rows:
        entry = table[row["partner"]]
        entry["submitted"] += row["n"]
        if row["outcome"] == "temuan":
            entry["finding"] += row["n"]
        elif row["outcome"] == "kasus":
            entry["case"] += row["n"]
    from pantau.partners.models import Organisation

    names = dict(Organisation.objects.filter(pk__in=list(table)).values_list("pk", "name"))
    result = []
    for pk, entry in table.items():
        followed = entry["finding"] + entry["case"]
        result.append({"organisation_id": pk, "name": names.get(pk, str(_("Organisasi #%(pk)s")) % {"pk": pk}), **entry,
                       "share_followed_up": round(100 * followed / entry["submitted"], 1) if entry["submitted"] else None})
    return sorted(result, key=lambda r: -r["submitted"])


def decisions(f: DashboardFilter, user) -> list[dict]:
    rows = stats(f, user).filter(_kind_filter(f, ("case",))).values("outcome").annotate(n=Sum("count"))
    result = [{"type": r["outcome"], "name": str(DECISION_LABELS.get(r["outcome"], r["outcome"])), "count": r["n"]}
              for r in rows]
    return sorted(result, key=lambda r: (r["type"] == "", -r["count"]))


def referrals(f: DashboardFilter, user) -> list[dict]:
    names = _choices("cases.Referral", "institution") or _institution_names()
    rows = stats(f, user).filter(metric=Metric.REFERRAL)
    if f.label:
        rows = rows.filter(label=f.label)
    table: dict[str, dict] = defaultdict(lambda: {key: 0 for key, _ in REFERRAL_OUTCOMES})
    for row in rows.values("source", "outcome").annotate(n=Sum("count")):
        table[row["source"]][row["outcome"]] = table[row["source"]].get(row["outcome"], 0) + row["n"]
    result = []
    for institution, outcomes in table.items():
        total = sum(outcomes.values())
        resolved = outcomes.get("ada_hasil", 0) + outcomes.get("ditutup", 0)
        result.append({"institution": institution, "name": names.get(institution, institution), "total": total,
                       **outcomes, "share_resolved": round(100 * resolved / total, 1) if total else None})
    return sorted(result, key=lambda r: -r["total"])


def _institution_names() -> dict[str, str]:
    from pantau.accounts.models import Institution

    return {k: str(v) for k, v in Institution.choices}


# --- recurring actors and narratives ---------------------------------------------------------------------------

def recurring_actors(f: DashboardFilter, user, limit: int = 10) -> dict[str, list[dict]]:
    """Accounts and villages that come back on at least two different days, most records first."""
    base = visible(ActorStat.objects.filter(grain=actor_grain_for(f), day__gte=f.start, day__lte=f.end)
                   .filter(within(f.area.code, "region")),
                   user, region_field="region")
    result = {}
    for kind in (ActorStat.Kind.ACCOUNT, ActorStat.Kind.VILLAGE):
        # "on two different days or more" is first < last, which needs no COUNT(DISTINCT) over every row;
        # the distinct days are then counted for the few actors shown
        rows = list(base.filter(kind=kind).values("actor").annotate(n=Sum("count"), first=Min("day"), last=Max("day"))
                    .filter(first__lt=F("last")).order_by("-n", "actor")[:limit])
        active_days = Counter(actor for actor, _day in base.filter(kind=kind, actor__in=[row["actor"] for row in rows])
                              .values_list("actor", "day").distinct())
        for row in rows:
            row["active_days"] = active_days[row["actor"]]
        if kind == ActorStat.Kind.VILLAGE:
            names = {r.code: r for r in Region.objects.filter(pk__in=[row["actor"] for row in rows]).select_related("parent")}
            for row in rows:
                region = names.get(row["actor"])
                row["name"] = f"{region.name}, Kec. {region.parent.name}" if region and region.parent else row["actor"]
        else:
            for row in rows:
                platform, _, handle = row["actor"].partition(":")
                row["name"], row["platform"] = handle, platform
        result[kind] = rows
    return result


def narratives(f: DashboardFilter, user, limit: int = 8) -> list[dict] | None:
    """The near-duplicate groups with the most members posted in the period and area (None when monitoring is
    not installed). Counted from the aggregates by each member's publication day (`ActorStat` kind `kelompok`),
    not by the group's own timestamps: those say when Pantau first saw it, which for an imported archive is the
    day of the import. The excerpt is a member posted in the area and period, so no other area's post shows."""

    from .refresh import _model

    group_model, item_model = _model("monitoring.NearDupGroup"), _model("monitoring.ContentItem")
    if group_model is None or item_model is None:
        return None
    rows = visible(ActorStat.objects.filter(kind=ActorStat.Kind.GROUP, day__gte=f.start, day__lte=f.end)
                   .filter(within(f.area.code, "region")), user, region_field="region")
    top = list(rows.filter(grain=actor_grain_for(f)).values("actor")
               .annotate(n=Sum("count"), first=Min("day"), last=Max("day")).filter(n__gte=2).order_by("-n", "actor")[:limit])
    rows = rows.filter(grain=Grain.KECAMATAN)  # where they were posted: the kecamatan rows of these few groups
    groups = group_model.objects.in_bulk([int(row["actor"]) for row in top if row["actor"].isdigit()])
    # Where the members were posted: kab/kota on a province dashboard, kecamatan below it.
    places: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows.filter(actor__in=[row["actor"] for row in top]).values("actor", "region_id").annotate(
            n=Sum("count")):
        code = row["region_id"][:5] if f.depth == 1 else row["region_id"]
        places[row["actor"]][code] += row["n"]
    names = dict(Region.objects.filter(pk__in={c for p in places.values() for c in p}).values_list("code", "name"))
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(f.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    # each group's first member posted in the area and period, for all groups in one query
    members = visible(item_model.objects.filter(group_id__in=list(groups)).filter(within(f.area.code, "region")),
                      user, region_field="region").annotate(posted=Coalesce("published_at", "first_seen_at"))
    firsts = (members.filter(posted__gte=start, posted__lt=end)
              .annotate(rank=Window(RowNumber(), partition_by=[F("group_id")], order_by=[F("posted").asc(), F("pk").asc()]))
              .filter(rank=1).only("pk", "group_id", "title", "text", "platform"))
    first_member = {item.group_id: item for item in firsts}
    result = []
    for row in top:
        group = groups.get(int(row["actor"])) if row["actor"].isdigit() else None
        if group is None:
            continue
        item = first_member.get(group.pk)
        text = ((item.title or item.text) if item else "").strip().replace("\n", " ")
        ranked = sorted(places[row["actor"]].items(), key=lambda pair: (-pair[1], pair[0]))
        region = ", ".join(names.get(code, code) for code, _n in ranked[:3]) + ("…" if len(ranked) > 3 else "")
        result.append({
            "id": group.pk, "items": row["n"], "region": region, "first_seen": row["first"], "last_seen": row["last"],
            "labels": [_label_name(label) for label in (group.labels or [])],
            "excerpt": text[:180] + ("…" if len(text) > 180 else ""),
            "platform": item.get_platform_display() if item else "",
        })
    return result


def available_sources() -> dict[str, bool]:
    """Which apps' data exist yet, so a page can say why a figure is empty."""
    from .refresh import _model

    return {
        "content": _model("monitoring.ContentItem") is not None,
        "reports": _model("reports.Report") is not None,
        "cases": _model("cases.Case") is not None,
        "narratives": _model("monitoring.NearDupGroup") is not None,
    }


def last_refresh():
    from ..models import RefreshState

    return RefreshState.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True).first()


def data_version() -> str:
    """Changes whenever a refresh changed any aggregate (and only then): the key of cached boards."""
    from django.db.models import Max

    from ..models import RefreshState

    changed = RefreshState.objects.aggregate(changed=Max("changed_at"), sources=Max("source"))
    return f"{changed['changed']}:{changed['sources']}"


# --- vulnerability ------------------------------------------------------------------------------------------

def vulnerability(f: DashboardFilter, user) -> dict:
    """Bawaslu's scores per kab/kota beside what Pantau observed there (per 100,000 voters), with both ranks."""
    from ..vulnerability import load

    data = load(f.window.slug if f.window and f.window.slug else "pilkada-2024-jambi")
    areas = map_areas(f, user, Level.KABUPATEN)
    rows = []
    for figure in areas:
        score = data.get(figure.region.code) if data else None
        observed = figure.counts["report"] + figure.counts["tip"] + figure.counts["finding"]
        rows.append({
            "code": figure.region.code, "name": figure.region.name, "voters": figure.voters,
            "score": score.score if score else None, "category": score.category if score else "",
            "category_label": score.category_label if score else "",
            "reports": figure.counts["report"] + figure.counts["tip"], "findings": figure.counts["finding"],
            "cases": figure.counts["case"], "content": figure.counts["content"], "observed": observed,
            "observed_per_100k": round(observed * PER_VOTERS / figure.voters, 2) if figure.voters else None,
        })
    _rank(rows, "score", "score_rank")
    _rank(rows, "observed_per_100k", "observed_rank")
    return {"map": data, "rows": sorted(rows, key=lambda r: -(r["score"] or -1)),
            "spearman": _spearman([(r["score_rank"], r["observed_rank"]) for r in rows
                                   if r["score_rank"] and r["observed_rank"]])}


def _rank(rows: list[dict], key: str, target: str) -> None:
    """1 = highest; ties share the average rank."""
    present = sorted((r for r in rows if r[key] is not None), key=lambda r: -r[key])
    for row in rows:
        row[target] = None
    i = 0
    while i < len(present):
        j = i
        while j + 1 < len(present) and present[j + 1][key] == present[i][key]:
            j += 1
        for k in range(i, j + 1):
            present[k][target] = (i + j) / 2 + 1
        i = j + 1


def _spearman(pairs: list[tuple[float, float]]) -> float | None:
    """Rank correlation of Bawaslu's scores with observed rates (Pearson on ranks, so ties are handled)."""
    n = len(pairs)
    if n < 3:
        return None
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in pairs)
    vx, vy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    if not vx or not vy:
        return None
    return round(cov / (vx * vy) ** 0.5, 2)


# --- partners -----------------------------------------------------------------------------------------------

def partner_view(user, organisations, start: dt.date, end: dt.date) -> list[dict]:
    """Per organisation: active members, reports submitted, share followed up as finding or case, trainings."""
    from pantau.partners.models import Member, Training

    ids = list(organisations.values_list("pk", flat=True))
    members = dict(Member.objects.filter(organisation_id__in=ids, active=True).values("organisation_id")
                   .annotate(n=Count("pk")).values_list("organisation_id", "n"))
    trainings = dict(Training.objects.filter(organisation_id__in=ids, held_on__gte=start, held_on__lte=end)
                     .values("organisation_id").annotate(n=Count("pk")).values_list("organisation_id", "n"))
    # Partner figures are the organisation's own: no region scope beyond the organisation itself.
    reports: dict[int, dict] = defaultdict(lambda: {"submitted": 0, "finding": 0, "case": 0})
    rows = (DailyStat.objects.filter(grain=Grain.KABUPATEN, metric__in=[Metric.REPORT, Metric.TIP], partner__in=ids,
                                     day__gte=start, day__lte=end)
            .values("partner", "outcome").annotate(n=Sum("count")))
    for row in rows:
        entry = reports[row["partner"]]
        entry["submitted"] += row["n"]
        if row["outcome"] in ("temuan", "kasus"):
            entry["finding" if row["outcome"] == "temuan" else "case"] += row["n"]
    result = []
    for org in organisations.select_related("region"):
        entry = reports[org.pk]
        followed = entry["finding"] + entry["case"]
        result.append({
            "organisation": org, "members_active": members.get(org.pk, 0), "trainings": trainings.get(org.pk, 0),
            **entry, "share_followed_up": round(100 * followed / entry["submitted"], 1) if entry["submitted"] else None,
        })
    return result

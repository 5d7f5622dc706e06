# ruff: noqa: S608 - SQL here is assembled from table names and constants only; values go in as parameters.
"""Rebuild the daily aggregates (`DailyStat`, `ActorStat`) from the records of the other apps.

Everything happens in SQL (`INSERT … SELECT … GROUP BY`): no record is loaded into Python. Content items (the
large table) are refreshed incrementally: only the days touched by items that arrived or were reviewed since
the last watermark are rebuilt. Reports, findings and cases are small and are rebuilt whole when any of them
changed. A missing app (not installed or not migrated yet) is skipped and named in the result.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from ..models import ActorStat, DailyStat, Grain, Metric, RefreshState
from .sql import adapt_datetime, dialect, kabupaten_of, kecamatan_of

log = logging.getLogger(__name__)

# Rows committed a little after their timestamp was set must not fall behind the watermark.
SAFETY_MARGIN = dt.timedelta(minutes=15)

CONTENT_METRICS = (Metric.CONTENT, Metric.CONTENT_LABEL)
REPORT_METRICS = (Metric.REPORT, Metric.TIP)
FINDING_METRICS = (Metric.FINDING,)
CASE_METRICS = (Metric.CASE, Metric.DECISION_DEADLINE, Metric.DECISION_DAYS, Metric.REFERRAL)

# Mirrors pantau.reports.models.CASE_STATUSES / FINDING_STATUSES when that module cannot be imported.
_REPORT_CASE_STATUSES = ("diregistrasi", "diputus", "diteruskan", "selesai")
_REPORT_FINDING_STATUSES = ("jadi_temuan",)


@dataclass
class RefreshResult:
    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    days: dict[str, tuple[dt.date, dt.date] | None] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"{name}: {count} baris" for name, count in self.rows.items()]
        parts += [f"{name}: dilewati ({why})" for name, why in self.skipped.items()]
        return "; ".join(parts) + f" ({self.seconds:.1f} dtk)"


def _model(label: str):
    """The model if its app is installed and its table exists (apps are built in parallel)."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return model if model._meta.db_table in _tables() else None


_table_cache: set[str] | None = None


def _tables() -> set[str]:
    global _table_cache
    if _table_cache is None:
        with connection.cursor() as cursor:
            _table_cache = set(connection.introspection.table_names(cursor))
    return _table_cache


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _report_statuses() -> tuple[tuple[str, ...], tuple[str, ...]]:
    try:
        from pantau.reports.models import CASE_STATUSES, FINDING_STATUSES
    except ImportError:
        return _REPORT_CASE_STATUSES, _REPORT_FINDING_STATUSES
    return tuple(str(s) for s in CASE_STATUSES), tuple(str(s) for s in FINDING_STATUSES)


def _quoted(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


STAT_COLUMNS = "day, grain, region_id, metric, label, platform, source, partner, outcome, days, count"


class Refresher:
    def __init__(self):
        global _table_cache
        _table_cache = None
        self.sql = dialect()
        self.stat = _t(DailyStat)
        self.actor = _t(ActorStat)
        self.content = _model("monitoring.ContentItem")
        self.source_model = _model("monitoring.Source")
        self.group_model = _model("monitoring.NearDupGroup")
        self.report = _model("reports.Report")
        self.finding = _model("cases.Finding")
        self.case = _model("cases.Case")
        self.decision = _model("cases.Decision")
        self.deadline = _model("cases.Deadline")
        self.referral = _model("cases.Referral")

    # --- helpers -------------------------------------------------------------------------------------------

    def _execute(self, sql: str, params=()) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return max(cursor.rowcount, 0)

    def _delete(self, metrics, days: tuple[dt.date, dt.date] | None) -> None:
        where, params = f"metric IN ({_quoted(metrics)})", []
        if days:
            where += " AND day >= %s AND day <= %s"
            params = [days[0], days[1]]
        self._execute(f"DELETE FROM {self.stat} WHERE {where}", params)

    def _insert_kecamatan(self, select_sql: str, params=()) -> int:
        """`select_sql` yields (day, region code, metric, label, platform, source, partner, outcome, days) rows;
        they are counted per key at kecamatan grain."""
        sql = (f"INSERT INTO {self.stat} ({STAT_COLUMNS}) "
               f"SELECT d, '{Grain.KECAMATAN}', {kecamatan_of('r')}, m, COALESCE(l, ''), COALESCE(p, ''), "
               f"COALESCE(s, ''), COALESCE(o_partner, 0), COALESCE(o, ''), COALESCE(n, 0), COUNT(*) "
               f"FROM ({select_sql}) rows_ WHERE d IS NOT NULL "
               f"GROUP BY d, {kecamatan_of('r')}, m, COALESCE(l, ''), COALESCE(p, ''), COALESCE(s, ''), "
               f"COALESCE(o_partner, 0), COALESCE(o, ''), COALESCE(n, 0)")
        return self._execute(sql, params)

    def _roll_up(self, metrics, days) -> int:
        """Kab/kota rows from the kecamatan rows of `metrics`, then province rows from the kab/kota rows."""
        where, params = f"metric IN ({_quoted(metrics)})", []
        if days:
            where += " AND day >= %s AND day <= %s"
            params = [days[0], days[1]]
        total = 0
        for source_grain, grain, region in ((Grain.KECAMATAN, Grain.KABUPATEN, kabupaten_of("region_id")),
                                            (Grain.KABUPATEN, Grain.PROVINCE, "substr(region_id, 1, 2)")):
            total += self._execute(
                f"INSERT INTO {self.stat} ({STAT_COLUMNS}) "
                f"SELECT day, '{grain}', {region}, metric, label, platform, source, partner, outcome, days, "
                f"SUM(count) FROM {self.stat} WHERE grain = '{source_grain}' AND {where} "
                f"GROUP BY day, {region}, metric, label, platform, source, partner, outcome, days", params)
        return total

    # --- labels (violation type) of findings and cases --------------------------------------------------------

    def _finding_label_parts(self, alias: str) -> tuple[str, list[str]]:
        """(joins, label expressions) giving a finding its violation type: its own, else that of the report or
        item it came from (findings recorded before they had a type of their own)."""
        joins, labels = [], [f"NULLIF({alias}.violation_type, '')"]
        if self.report is not None:
            joins.append(f"LEFT JOIN {_t(self.report)} {alias}_r ON {alias}_r.id = "
                         f"{self.sql.ref_id(alias + '.origin_ref', 'reports.Report:')}")
            labels += [f"NULLIF({alias}_r.category, '')", f"NULLIF({alias}_r.category_hint, 'lainnya')"]
        if self.content is not None:
            joins.append(f"LEFT JOIN {_t(self.content)} {alias}_i ON {alias}_i.id = "
                         f"{self.sql.ref_id(alias + '.origin_ref', 'monitoring.ContentItem:')}")
            labels.append(self.sql.first_label(f"COALESCE({alias}_i.corrected_labels, {alias}_i.labels)"))
        if self.report is not None:
            labels.append(f"NULLIF({alias}_r.category_hint, '')")  # "other" only when nothing says more
        return " ".join(joins), labels

    def _finding_label(self, alias: str) -> tuple[str, str]:
        joins, labels = self._finding_label_parts(alias)
        return joins, _coalesce(labels)

    def _case_label(self, alias: str) -> tuple[str, str]:
        joins, labels = [], []
        if self.report is not None:
            joins.append(f"LEFT JOIN {_t(self.report)} {alias}_cr ON {alias}_cr.id = {alias}.report_id")
            labels += [f"NULLIF({alias}_cr.category, '')", f"NULLIF({alias}_cr.category_hint, 'lainnya')"]
        if self.finding is not None:
            joins.append(f"LEFT JOIN {_t(self.finding)} {alias}_cf ON {alias}_cf.id = {alias}.finding_id")
            finding_joins, finding_labels = self._finding_label_parts(f"{alias}_cf")
            joins.append(finding_joins)
            labels += finding_labels
        if self.report is not None:
            # As the report itself counts: "other" when the reporter said so and nothing says more.
            labels.append(f"NULLIF({alias}_cr.category_hint, '')")
        return " ".join(joins), _coalesce(labels)

    # --- content items ---------------------------------------------------------------------------------------

    def _content_range(self, days) -> tuple[str, list]:
        if not days:
            return "1 = 1", []
        tz = timezone.get_current_timezone()
        start = adapt_datetime(dt.datetime.combine(days[0], dt.time.min, tzinfo=tz))
        end = adapt_datetime(dt.datetime.combine(days[1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
        return ("((ci.published_at >= %s AND ci.published_at < %s) OR "
                "(ci.published_at IS NULL AND ci.first_seen_at >= %s AND ci.first_seen_at < %s))",
                [start, end, start, end])

    def content_days_changed(self, since: dt.datetime | None) -> tuple[dt.date, dt.date] | None:
        if since is None:
            return None
        day = self.sql.day("COALESCE(ci.published_at, ci.first_seen_at)")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MIN({day}), MAX({day}) FROM {_t(self.content)} ci "
                f"WHERE ci.first_seen_at >= %s OR ci.reviewed_at >= %s",
                [adapt_datetime(since), adapt_datetime(since)],
            )
            low, high = cursor.fetchone()
        if low is None:
            return ()  # nothing changed
        return _as_date(low), _as_date(high)

    def refresh_content(self, days, since: dt.datetime | None = None) -> int:
        item = _t(self.content)
        where, params = self._content_range(days)
        day = self.sql.day("COALESCE(ci.published_at, ci.first_seen_at)")
        labels = "COALESCE(ci.corrected_labels, ci.labels)"
        source_join = (f"LEFT JOIN {_t(self.source_model)} src ON src.id = ci.source_id"
                       if self.source_model is not None else "")
        source_kind = "src.kind" if self.source_model is not None else "NULL"
        self._delete(CONTENT_METRICS, days)
        total = self._insert_kecamatan(
            f"SELECT {day} AS d, ci.region_id AS r, '{Metric.CONTENT}' AS m, '' AS l, ci.platform AS p, "
            f"COALESCE({source_kind}, 'unggahan') AS s, 0 AS o_partner, '' AS o, 0 AS n "
            f"FROM {item} ci {source_join} WHERE {where}", params)
        total += self._insert_kecamatan(
            f"SELECT {day} AS d, ci.region_id AS r, '{Metric.CONTENT_LABEL}' AS m, lbl.value AS l, ci.platform AS p, "
            f"COALESCE({source_kind}, 'unggahan') AS s, 0 AS o_partner, '' AS o, 0 AS n "
            f"FROM {item} ci {self.sql.labels_join(labels, 'lbl')} {source_join} WHERE {where}", params)
        total += self._roll_up(CONTENT_METRICS, days)
        # Accounts that post flagged content.
        actor_where, actor_params = f"kind = '{ActorStat.Kind.ACCOUNT}'", []
        if days:
            actor_where += " AND day >= %s AND day <= %s"
            actor_params = [days[0], days[1]]
        self._execute(f"DELETE FROM {self.actor} WHERE {actor_where}", actor_params)
        self._execute(
            f"INSERT INTO {self.actor} (day, region_id, kind, actor, count) "
            f"SELECT d, r, '{ActorStat.Kind.ACCOUNT}', a, COUNT(*) FROM (SELECT {day} AS d, "
            f"{kecamatan_of('ci.region_id')} AS r, ci.platform || ':' || ci.author_handle AS a FROM {item} ci "
            f"WHERE {where} AND ci.author_handle <> '' AND {self.sql.has_labels(labels)}) rows_ "
            f"WHERE d IS NOT NULL GROUP BY d, r, a", params)
        self._roll_up_actors(ActorStat.Kind.ACCOUNT, days)
        self.refresh_groups(days, since, where, params)
        return total

    def _roll_up_actors(self, kind: str, days, grown_sql: str = "", grown_params=()) -> None:
        """Province rows (grain prv) of `kind` from its kecamatan rows, for the changed days (all when None) and
        the actors of `grown_sql`. The deletes before the kecamatan rebuild removed the old province rows."""
        where, params = f"grain = '{Grain.KECAMATAN}' AND kind = '{kind}'", []
        scope = []
        if days:
            scope.append("(day >= %s AND day <= %s)")
            params += [days[0], days[1]]
        if days and grown_sql:
            scope.append(f"actor IN (SELECT CAST(grown_.id AS TEXT) FROM ({grown_sql}) grown_)")
            params += list(grown_params)
        if scope:
            where += " AND (" + " OR ".join(scope) + ")"
        self._execute(
            f"INSERT INTO {self.actor} (day, region_id, kind, grain, actor, count) "
            f"SELECT day, substr(region_id, 1, 2), kind, '{Grain.PROVINCE}', actor, SUM(count) FROM {self.actor} "
            f"WHERE {where} GROUP BY day, substr(region_id, 1, 2), kind, actor", params)

    def refresh_groups(self, days, since, where: str, params: list) -> None:
        """Members of each near-duplicate group per publication day and kecamatan (`ActorStat` kind
        `kelompok`, actor = group id), so the narratives panel counts what was posted in the chosen period and
        area. A group's own timestamps say when Pantau saw it, which for an imported archive is the import.

        Incremental runs rebuild the changed days and, whole, every group that grew since `since` (the
        pipeline moves `last_seen_at` when it adds members, also when it attaches a founder stored earlier)."""
        if self.group_model is None or not any(f.column == "group_id" for f in self.content._meta.concrete_fields):
            return
        item, kind = _t(self.content), ActorStat.Kind.GROUP
        day = self.sql.day("COALESCE(ci.published_at, ci.first_seen_at)")
        select = (f"SELECT {day} AS d, {kecamatan_of('ci.region_id')} AS r, CAST(ci.group_id AS TEXT) AS a "
                  f"FROM {item} ci WHERE ci.group_id IS NOT NULL AND ")
        if not days:
            self._execute(f"DELETE FROM {self.actor} WHERE kind = '{kind}'")
            rows_sql, rows_params = select + "1 = 1", []
        else:
            self._execute(f"DELETE FROM {self.actor} WHERE kind = '{kind}' AND day >= %s AND day <= %s",
                          [days[0], days[1]])
            rows_sql, rows_params = f"{select}({where})", list(params)
            if since is not None:
                grown = f"SELECT g.id FROM {_t(self.group_model)} g WHERE g.last_seen_at >= %s"
                self._execute(f"DELETE FROM {self.actor} WHERE kind = '{kind}' AND actor IN "
                              f"(SELECT CAST(grown_.id AS TEXT) FROM ({grown}) grown_)", [adapt_datetime(since)])
                # Each item once: the changed days without the grown groups, then the grown groups whole.
                rows_sql = (f"{select}({where}) AND ci.group_id NOT IN ({grown}) "
                            f"UNION ALL {select}ci.group_id IN ({grown})")
                rows_params = [*params, adapt_datetime(since), adapt_datetime(since)]
        self._execute(
            f"INSERT INTO {self.actor} (day, region_id, kind, actor, count) "
            f"SELECT d, r, '{kind}', a, COUNT(*) FROM ({rows_sql}) rows_ WHERE d IS NOT NULL GROUP BY d, r, a",
            rows_params)
        if days and since is not None:
            self._roll_up_actors(kind, days, grown, [adapt_datetime(since)])
        else:
            self._roll_up_actors(kind, days)

    # --- reports, findings, cases -----------------------------------------------------------------------------

    def refresh_reports(self) -> int:
        case_statuses, finding_statuses = _report_statuses()
        self._delete(REPORT_METRICS, None)
        total = self._insert_kecamatan(
            f"SELECT r.event_date AS d, r.region_id AS r, "
            f"CASE WHEN r.kind = 'informasi' THEN '{Metric.TIP}' ELSE '{Metric.REPORT}' END AS m, "
            f"COALESCE(NULLIF(r.category, ''), r.category_hint) AS l, '' AS p, r.channel AS s, "
            f"r.organisation_id AS o_partner, "
            f"CASE WHEN r.status IN ({_quoted(case_statuses)}) THEN 'kasus' "
            f"WHEN r.status IN ({_quoted(finding_statuses)}) THEN 'temuan' ELSE '' END AS o, 0 AS n "
            f"FROM {_t(self.report)} r WHERE r.status <> 'digabung'")
        return total + self._roll_up(REPORT_METRICS, None)

    def refresh_findings(self) -> int:
        joins, label = self._finding_label("f")
        has_case = (f"CASE WHEN EXISTS (SELECT 1 FROM {_t(self.case)} fc WHERE fc.finding_id = f.id) "
                    f"THEN 'kasus' ELSE '' END" if self.case is not None else "''")
        self._delete(FINDING_METRICS, None)
        total = self._insert_kecamatan(
            f"SELECT f.known_on AS d, f.region_id AS r, '{Metric.FINDING}' AS m, {label} AS l, '' AS p, "
            f"f.source AS s, 0 AS o_partner, {has_case} AS o, 0 AS n FROM {_t(self.finding)} f {joins}")
        return total + self._roll_up(FINDING_METRICS, None)

    def refresh_cases(self) -> int:
        joins, label = self._case_label("c")
        case = _t(self.case)
        self._delete(CASE_METRICS, None)
        decision_join = (f"LEFT JOIN {_t(self.decision)} dc ON dc.case_id = c.id" if self.decision is not None else "")
        decision_type = "dc.type" if self.decision is not None else "NULL"
        total = self._insert_kecamatan(
            f"SELECT {self.sql.day('c.received_at')} AS d, c.region_id AS r, '{Metric.CASE}' AS m, {label} AS l, "
            f"'' AS p, c.origin AS s, 0 AS o_partner, {decision_type} AS o, 0 AS n "
            f"FROM {case} c {decision_join} {joins}")
        total += self._insert_kecamatan(
            f"SELECT {self.sql.day('c.decided_at')} AS d, c.region_id AS r, '{Metric.DECISION_DAYS}' AS m, "
            f"{label} AS l, '' AS p, '' AS s, 0 AS o_partner, '' AS o, "
            f"{self.sql.days_between('c.received_at', 'c.decided_at')} AS n "
            f"FROM {case} c {joins} WHERE c.decided_at IS NOT NULL")
        if self.deadline is not None:
            total += self._insert_kecamatan(
                f"SELECT {self.sql.day('dl.met_at')} AS d, c.region_id AS r, '{Metric.DECISION_DEADLINE}' AS m, "
                f"{label} AS l, '' AS p, '' AS s, 0 AS o_partner, "
                f"CASE WHEN dl.due IS NULL THEN 'tanpa_tenggat' WHEN dl.met_at <= dl.due THEN 'tepat' "
                f"ELSE 'terlambat' END AS o, 0 AS n "
                f"FROM {_t(self.deadline)} dl JOIN {case} c ON c.id = dl.case_id {joins} "
                f"WHERE dl.kind = 'putusan' AND dl.superseded = %s AND dl.met_at IS NOT NULL", [False])
        if self.referral is not None:
            total += self._insert_kecamatan(
                f"SELECT {self.sql.day('rf.sent_at')} AS d, c.region_id AS r, '{Metric.REFERRAL}' AS m, "
                f"{label} AS l, '' AS p, rf.institution AS s, 0 AS o_partner, rf.status AS o, 0 AS n "
                f"FROM {_t(self.referral)} rf JOIN {case} c ON c.id = rf.case_id {joins}")
        return total + self._roll_up(CASE_METRICS, None)

    def refresh_villages(self) -> int:
        parts = []
        if self.report is not None:
            parts.append(f"SELECT r.event_date AS d, r.region_id AS v FROM {_t(self.report)} r "
                         f"WHERE length(r.region_id) = 13 AND r.status <> 'digabung'")
        if self.finding is not None:
            parts.append(f"SELECT f.known_on AS d, f.region_id AS v FROM {_t(self.finding)} f "
                         f"WHERE length(f.region_id) = 13")
        self._execute(f"DELETE FROM {self.actor} WHERE kind = 'desa'")
        if not parts:
            return 0
        rows = self._execute(
            f"INSERT INTO {self.actor} (day, region_id, kind, actor, count) "
            f"SELECT d, {kecamatan_of('v')}, 'desa', v, COUNT(*) FROM ({' UNION ALL '.join(parts)}) rows_ "
            f"WHERE d IS NOT NULL GROUP BY d, {kecamatan_of('v')}, v")
        self._roll_up_actors(ActorStat.Kind.VILLAGE, None)
        return rows


def _coalesce(expressions: list[str]) -> str:
    return "COALESCE(" + ", ".join([*expressions, "''"]) + ")"


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _changed_since(model, since, fields) -> bool:
    if since is None:
        return True
    from django.db.models import Q

    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__gte": since})
    return model.objects.filter(condition).exists()


def _mark(source: str, started: dt.datetime, rows: int, seconds: float, note: str = "", *, changed: bool = True) -> None:
    now = timezone.now()
    defaults = {"watermark": started - SAFETY_MARGIN, "refreshed_at": now, "rows": rows,
                "duration_ms": int(seconds * 1000), "note": note[:300]}
    if changed:
        defaults["changed_at"] = now
    RefreshState.objects.update_or_create(source=source, defaults=defaults)


def refresh(full: bool = False) -> RefreshResult:
    """Bring the aggregates up to date. `full` rebuilds everything; otherwise only what changed."""
    began = time.monotonic()
    started = timezone.now()
    refresher = Refresher()
    result = RefreshResult()
    state = {s.source: s.watermark for s in RefreshState.objects.all()} if not full else {}

    steps = [
        ("content", refresher.content, ("first_seen_at", "reviewed_at")),
        ("reports", refresher.report, ("updated_at",)),
        ("findings", refresher.finding, ("created_at", "updated_at")),
        ("cases", refresher.case, ("updated_at", "received_at")),
    ]
    villages_due = full
    for name, model, change_fields in steps:
        if model is None:
            result.skipped[name] = "model belum tersedia"
            continue
        since = state.get(name)
        step_began = time.monotonic()
        with transaction.atomic():
            if name == "content":
                days = None if since is None else refresher.content_days_changed(since)
                if days == ():
                    result.rows[name] = 0
                    _mark(name, started, 0, time.monotonic() - step_began, "tidak ada perubahan", changed=False)
                    continue
                rows = refresher.refresh_content(days, since)
                result.days[name] = days
            else:
                if not _changed_since(model, since, change_fields) and not _cases_side_tables_changed(
                        refresher, name, since):
                    result.rows[name] = 0
                    _mark(name, started, 0, time.monotonic() - step_began, "tidak ada perubahan", changed=False)
                    continue
                rows = {"reports": refresher.refresh_reports, "findings": refresher.refresh_findings,
                        "cases": refresher.refresh_cases}[name]()
                villages_due = villages_due or name in ("reports", "findings")
            result.rows[name] = rows
            _mark(name, started, rows, time.monotonic() - step_began)
    if villages_due or any(result.rows.get(n) for n in ("reports", "findings")):
        with transaction.atomic():
            result.rows["villages"] = refresher.refresh_villages()
    if connection.vendor == "postgresql" and any(result.rows.values()):
        # Fresh statistics keep the planner on the (grain, metric, day) index after a bulk rebuild, and VACUUM
        # clears the replaced rows now: until autovacuum passes, every dashboard query would visit them too
        # (measured: 112 ms instead of 16–24 ms per kab/kota query right after a full rebuild). VACUUM cannot run
        # inside a transaction; a caller that holds one (tests) gets ANALYZE only.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        refresher._execute(f"{command} {refresher.stat}")
        refresher._execute(f"{command} {refresher.actor}")
    result.seconds = time.monotonic() - began
    log.info("refresh-stats: %s", result.summary())
    return result


def _cases_side_tables_changed(refresher: Refresher, name: str, since) -> bool:
    """Referrals, deadlines and decisions change without touching the case row; a case opened from a finding
    takes the finding's violation type, which can be corrected later."""
    if name != "cases" or since is None:
        return False
    checks = [(refresher.referral, ("sent_at", "acknowledged_at", "outcome_at", "closed_at")),
              (refresher.deadline, ("met_at",)), (refresher.decision, ("decided_at",)),
              (refresher.finding, ("updated_at",))]
    return any(model is not None and _changed_since(model, since, fields) for model, fields in checks)

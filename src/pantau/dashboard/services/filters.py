"""Reading and checking the dashboard filters (area, date range, violation type) from a query string.

Bad input never reaches a query: it becomes a `FilterError` with an Indonesian message and the HTTP status the
page or API answers with (400 for malformed input, 404 for an area outside the user's jurisdiction, so its
existence is not confirmed, 403 for accounts that have no dashboard).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.scoping import sees_everything
from pantau.regions.models import Level, Region, code_within

CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
EARLIEST = dt.date(2000, 1, 1)
MAX_SPAN_DAYS = 3 * 366


class FilterError(Exception):
    def __init__(self, message: str, status: int = 400, field: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


@dataclass
class StageDates:
    key: str
    name: str
    start: dt.date
    end: dt.date


@dataclass
class ElectionWindow:
    slug: str
    name: str
    region_code: str
    voting_day: dt.date | None
    stages: list[StageDates] = field(default_factory=list)

    def stage(self, key: str) -> StageDates | None:
        return next((s for s in self.stages if s.key == key), None)

    @property
    def default_range(self) -> tuple[dt.date, dt.date]:
        campaign = self.stage("kampanye")
        if campaign and self.voting_day:
            return campaign.start, self.voting_day
        today = timezone.localdate()
        return today - dt.timedelta(days=60), today


# The stages drawn on the time series (PKPU 2/2024 keys in pantau/elections/data).
MARKED_STAGES = ("kampanye", "masa_tenang", "pemungutan_suara")


def election_window(region_code: str | None = None) -> ElectionWindow:
    from pantau.elections.models import Election

    elections = Election.objects.filter(active=True).order_by("-voting_day")
    election = None
    for candidate in elections:
        if region_code is None or code_within(region_code, candidate.region_id) or code_within(
                candidate.region_id, region_code):
            election = candidate
            break
    if election is None:
        return ElectionWindow(slug="", name="", region_code=region_code or "", voting_day=None)
    stages = [StageDates(s.key, s.name, s.start, s.end) for s in election.stages.filter(key__in=MARKED_STAGES)]
    stages.sort(key=lambda s: s.start)
    return ElectionWindow(slug=election.slug, name=election.name, region_code=election.region_id,
                          voting_day=election.voting_day, stages=stages)


@dataclass
class DashboardFilter:
    area: Region
    start: dt.date
    end: dt.date
    label: str = ""
    window: ElectionWindow | None = None

    @property
    def depth(self) -> int:
        return self.area.code.count(".") + 1

    def as_query(self, **override) -> str:
        from urllib.parse import urlencode

        params = {"region": self.area.code, "from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.label:
            params["jenis"] = self.label
        params.update(override)
        return urlencode({k: v for k, v in params.items() if v})


def can_view_dashboard(user) -> bool:
    return bool(user and user.is_authenticated and (sees_everything(user) or (user.is_bawaslu and user.jurisdiction_id)))


def home_region_code(user) -> str:
    if user.jurisdiction_id:
        return user.jurisdiction_id
    window = election_window()
    if window.region_code:
        return window.region_code
    top = Region.objects.filter(level=Level.PROVINSI).order_by("code").first()
    return top.code if top else "15"


def known_labels() -> dict[str, str]:
    """Violation types a filter may name, with their names in the active language: the detection taxonomy,
    its quiet-period flag and the report form's categories (`pantau.cases.violations`, the one shared list)."""
    from pantau.cases import violations

    return violations.names()


def _date(raw: str, name: str) -> dt.date:
    try:
        value = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise FilterError(_("Tanggal '%(name)s' tidak sah: '%(raw)s'. Gunakan format TTTT-BB-HH, mis. 2024-09-25.")
                          % {"name": name, "raw": raw[:20]}, field=name) from None
    latest = timezone.localdate() + dt.timedelta(days=366)
    if value < EARLIEST or value > latest:
        raise FilterError(_("Tanggal '%(name)s' (%(value)s) di luar rentang yang masuk akal (%(first)s sampai "
                            "%(last)s).") % {"name": name, "value": f"{value:%d-%m-%Y}", "first": f"{EARLIEST:%Y}",
                                             "last": f"{latest:%Y}"}, field=name)
    return value


def parse(params, user, *, region_code: str | None = None) -> DashboardFilter:
    """Build the filter for `user` from query parameters (`region`, `from`, `to`, `jenis`)."""
    if not can_view_dashboard(user):
        raise FilterError(_("Dasbor hanya untuk pengawas Bawaslu yang memiliki wilayah kerja."), status=403)
    code = (region_code or params.get("region") or params.get("wilayah") or "").strip()
    if not code:
        code = home_region_code(user)
    if not CODE_RE.match(code):
        raise FilterError(_("Kode wilayah '%(code)s' tidak sah. Gunakan kode Kemendagri, mis. 15 atau 15.71.")
                          % {"code": code[:20]}, field="region")
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise FilterError(_("Kode wilayah tidak dikenal: %(code)s.") % {"code": code}, field="region")
    if not sees_everything(user) and not code_within(code, user.jurisdiction_id):
        raise FilterError(_("Wilayah %(code)s tidak ditemukan dalam wilayah kerja Anda.") % {"code": code}, status=404,
                          field="region")
    if region.level == Level.DESA:
        raise FilterError(_("Dasbor tersedia sampai tingkat kecamatan; pilih kecamatan atau kabupaten/kota."),
                          field="region")
    window = election_window(code)
    default_start, default_end = window.default_range
    raw_from, raw_to = params.get("from") or params.get("dari"), params.get("to") or params.get("sampai")
    start = _date(raw_from, "from") if raw_from else default_start
    end = _date(raw_to, "to") if raw_to else default_end
    if start > end:
        raise FilterError(_("Tanggal awal (%(start)s) sesudah tanggal akhir (%(end)s). Tukar kedua tanggal.")
                          % {"start": f"{start:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}"}, field="from")
    if (end - start).days > MAX_SPAN_DAYS:
        raise FilterError(_("Rentang tanggal terlalu panjang (%(days)s hari); paling lama %(max)s hari.")
                          % {"days": (end - start).days, "max": MAX_SPAN_DAYS}, field="to")
    label = (params.get("jenis") or params.get("type") or "").strip()
    if label and label not in known_labels():
        raise FilterError(_("Jenis pelanggaran tidak dikenal: '%(label)s'.") % {"label": label[:30]}, field="jenis")
    return DashboardFilter(area=region, start=start, end=end, label=label, window=window)

"""Tenggat penanganan pelanggaran, dihitung dari aturan (bukan konstanta).

Pure Python (no Django). Three pieces:

* :class:`HolidayCalendar`: Indonesian national holidays and cuti bersama per year. 2024 and 2025 come from the
  JSON files in ``calendars/`` (each citing its SKB 3 Menteri / Keppres); 2026 onwards come from the installed
  ``lokal.holidays`` package (adapter). A year without data raises :class:`MissingHolidayCalendar`: a working-day
  deadline is never computed on a guess.
* :class:`DeadlineRule` and :class:`RuleSet`: one rule per legal time limit (amount, unit, counting mode, start
  event, optional extension, legal source and a confidence tag). Rule sets are plain data
  (:meth:`RuleSet.from_dict` / :meth:`RuleSet.from_json`); the defaults for Pilkada (UU 1/2015 as amended by
  UU 10/2016) and Pemilu (UU 7/2017) ship in :data:`DEFAULT_RULESETS`.
* :func:`compute_deadline`, :func:`time_left` and :func:`status` ("aman" / "mendekati" / "lewat").

Counting conventions (see docs/deadlines.md):

* Day rules do not count the day of the start event; the deadline is the end (23:59:59 by default,
  ``DeadlineRule.day_end``) of the N-th counted day, in the office's time zone (WIB by default).
* ``calendar`` mode counts every day (weekends and holidays included): Pilkada "hari kalender".
* ``working`` mode skips Saturday, Sunday, libur nasional and (by default) cuti bersama.
* Hour rules (``unit="hour"``, e.g. 1x24 jam) run continuously from the start instant; in ``working`` mode only
  the hours of working days count.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "WIB",
    "WITA",
    "WIT",
    "CALENDAR_DIR",
    "MissingHolidayCalendar",
    "RuleError",
    "Holiday",
    "HolidayYear",
    "HolidayCalendar",
    "default_calendar",
    "Mode",
    "Unit",
    "DeadlineRule",
    "RuleSet",
    "Deadline",
    "SkippedDay",
    "START_EVENTS",
    "DEFAULT_RULESETS",
    "get_ruleset",
    "compute_deadline",
    "time_left",
    "status",
    "default_warning",
    "format_tanggal",
    "format_waktu",
    "format_sisa_waktu",
    "STATUS_AMAN",
    "STATUS_MENDEKATI",
    "STATUS_LEWAT",
]

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")

CALENDAR_DIR = Path(__file__).with_name("calendars")

LIBUR_NASIONAL = "libur_nasional"
CUTI_BERSAMA = "cuti_bersama"
HOLIDAY_TYPES = (LIBUR_NASIONAL, CUTI_BERSAMA)

STATUS_AMAN = "aman"
STATUS_MENDEKATI = "mendekati"
STATUS_LEWAT = "lewat"

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_TZ_ABBR = {7: "WIB", 8: "WITA", 9: "WIT"}


# ---------------------------------------------------------------------------------------------------------------
# Indonesian date formatting
# ---------------------------------------------------------------------------------------------------------------


def format_tanggal(value: dt.date | dt.datetime, *, hari: bool = False) -> str:
    """``29 November 2024`` (``Jumat, 29 November 2024`` with ``hari=True``)."""
    d = value.date() if isinstance(value, dt.datetime) else value
    text = f"{d.day} {BULAN[d.month - 1]} {d.year}"
    return f"{HARI[d.weekday()]}, {text}" if hari else text


def _tz_abbr(value: dt.datetime) -> str:
    offset = value.utcoffset()
    if offset is None:
        return ""
    hours = offset.total_seconds() / 3600
    if hours in _TZ_ABBR:
        return _TZ_ABBR[int(hours)]
    sign = "+" if hours >= 0 else "-"
    minutes = int(abs(offset.total_seconds()) // 60)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_waktu(value: dt.datetime, *, hari: bool = True) -> str:
    """``Jumat, 29 November 2024 pukul 23.59 WIB``."""
    abbr = _tz_abbr(value)
    clock = f"{value.hour:02d}.{value.minute:02d}"
    return f"{format_tanggal(value, hari=hari)} pukul {clock}{' ' + abbr if abbr else ''}"


def format_sisa_waktu(delta: dt.timedelta) -> str:
    """Human text for a :func:`time_left` result: ``2 hari 3 jam lagi`` or ``lewat 5 jam``."""
    seconds = delta.total_seconds()
    past = seconds < 0
    seconds = abs(seconds)
    days, rem = divmod(int(seconds), 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    parts = []
    if days:
        parts.append(f"{days} hari")
    if hours:
        parts.append(f"{hours} jam")
    if not days and minutes:
        parts.append(f"{minutes} menit")
    text = " ".join(parts) or "kurang dari 1 menit"
    return f"lewat {text}" if past else f"{text} lagi"


# ---------------------------------------------------------------------------------------------------------------
# Holiday calendar
# ---------------------------------------------------------------------------------------------------------------


class MissingHolidayCalendar(LookupError):
    """A year needed for a working-day count has no holiday data. Never guess: fix the data."""

    def __init__(self, year: int, available: Iterable[int] = ()):
        self.year = year
        self.available = tuple(sorted(available))
        avail = ", ".join(str(y) for y in self.available) or "tidak ada"
        super().__init__(
            f"Kalender hari libur tahun {year} belum tersedia (tersedia: {avail}). "
            f"Tenggat berbasis hari kerja tidak dapat dihitung tanpa data hari libur nasional dan cuti bersama. "
            f"Tambahkan berkas calendars/id-{year}.json sesuai SKB 3 Menteri tentang Hari Libur Nasional dan "
            f"Cuti Bersama Tahun {year}, atau perbarui paket lokal-id."
        )


class RuleError(ValueError):
    """An invalid deadline rule or rule set (bad amount, unit, mode, unknown id...)."""


@dataclass(frozen=True, slots=True)
class Holiday:
    date: dt.date
    name: str
    type: str  # "libur_nasional" | "cuti_bersama"
    source: str  # the legal instrument (title), e.g. "Keputusan Presiden Nomor 33 Tahun 2024 ..."

    @property
    def label(self) -> str:
        kind = "libur nasional" if self.type == LIBUR_NASIONAL else "cuti bersama"
        return f"{kind}: {self.name}"

    def to_dict(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "name": self.name, "type": self.type, "source": self.source}


@dataclass(frozen=True, slots=True)
class HolidayYear:
    year: int
    holidays: tuple[Holiday, ...]
    sources: tuple[str, ...]
    origin: str  # the file or package the data came from

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "dict") -> HolidayYear:
        try:
            year = int(data["year"])
            raw_sources = data.get("sources", {})
            if isinstance(raw_sources, Mapping):
                sources = {
                    key: (val["title"] if isinstance(val, Mapping) else str(val))
                    for key, val in raw_sources.items()
                }
            else:
                sources = {str(i): str(s) for i, s in enumerate(raw_sources)}
            holidays = []
            for item in data["holidays"]:
                day = dt.date.fromisoformat(item["date"])
                if day.year != year:
                    raise ValueError(f"tanggal {day} bukan tahun {year}")
                kind = item.get("type", LIBUR_NASIONAL)
                if kind not in HOLIDAY_TYPES:
                    raise ValueError(f"jenis libur tidak dikenal: {kind!r}")
                src_key = item.get("source")
                if src_key is not None and src_key not in sources:
                    raise ValueError(f"sumber {src_key!r} untuk {day} tidak ada di 'sources'")
                source = sources.get(src_key, "") if src_key is not None else "; ".join(sources.values())
                holidays.append(Holiday(day, str(item["name"]), kind, source))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"Data kalender libur tidak valid ({origin}): {exc}") from exc
        holidays.sort(key=lambda h: h.date)
        return cls(year, tuple(holidays), tuple(sources.values()), origin)


def _load_json_years(directory: Path) -> dict[int, HolidayYear]:
    years: dict[int, HolidayYear] = {}
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        hy = HolidayYear.from_dict(data, origin=path.name)
        years[hy.year] = hy
    return years


def _load_lokal_years(skip: Iterable[int] = ()) -> dict[int, HolidayYear]:
    """Adapter for ``lokal.holidays`` (lokal-id): the years it ships (2026-2027 in lokal-id 0.7.2)."""
    try:
        from lokal import holidays as lokal_holidays  # noqa: PLC0415
    except ImportError:  # pragma: no cover - lokal-id is a declared dependency
        return {}
    skip = set(skip)
    years: dict[int, HolidayYear] = {}
    for year in getattr(lokal_holidays, "HOLIDAY_YEARS", ()):
        if year in skip:
            continue
        hy = lokal_holidays.get_holidays(year)
        source = f"{hy.decree} ({hy.source})" if hy.source else hy.decree
        title = f"SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun {year}: {source}"
        holidays = tuple(
            sorted(
                (Holiday(dt.date.fromisoformat(h.date), h.name, h.type, title) for h in hy.holidays),
                key=lambda h: h.date,
            )
        )
        years[year] = HolidayYear(year, holidays, (title,), f"lokal.holidays ({year})")
    return years


class HolidayCalendar:
    """Indonesian holidays by year, with working-day logic.

    ``cuti_bersama_libur`` (default True): cuti bersama count as non-working days, as in government offices
    (Bawaslu, Polri, Kejaksaan are closed). Set False to count only libur nasional.
    ``weekend``: weekday numbers (Monday=0) that are off; Saturday and Sunday by default.
    """

    def __init__(
        self,
        years: Mapping[int, HolidayYear] | Iterable[HolidayYear],
        *,
        cuti_bersama_libur: bool = True,
        weekend: Iterable[int] = (5, 6),
    ):
        if isinstance(years, Mapping):
            self._years = dict(years)
        else:
            self._years = {hy.year: hy for hy in years}
        self.cuti_bersama_libur = cuti_bersama_libur
        self.weekend = frozenset(weekend)
        self._by_date: dict[dt.date, list[Holiday]] = {}
        for hy in self._years.values():
            for h in hy.holidays:
                self._by_date.setdefault(h.date, []).append(h)

    # -- construction ----------------------------------------------------------------------------------------
    @classmethod
    def default(cls, *, cuti_bersama_libur: bool = True, include_lokal: bool = True) -> HolidayCalendar:
        """The shipped calendar: JSON files in ``calendars/`` plus the ``lokal.holidays`` years."""
        return cls(_default_years(include_lokal), cuti_bersama_libur=cuti_bersama_libur)

    @classmethod
    def from_files(cls, paths: Iterable[str | Path], **kwargs: Any) -> HolidayCalendar:
        years = []
        for p in paths:
            path = Path(p)
            years.append(
                HolidayYear.from_dict(json.loads(path.read_text(encoding="utf-8")), origin=path.name)
            )
        return cls(years, **kwargs)

    @classmethod
    def from_dicts(cls, items: Iterable[Mapping[str, Any]], **kwargs: Any) -> HolidayCalendar:
        return cls([HolidayYear.from_dict(d) for d in items], **kwargs)

    def with_years(self, *extra: HolidayYear) -> HolidayCalendar:
        """A copy with more (or replaced) years, e.g. a new SKB loaded at run time."""
        years = dict(self._years)
        years.update({hy.year: hy for hy in extra})
        return HolidayCalendar(years, cuti_bersama_libur=self.cuti_bersama_libur, weekend=self.weekend)

    def with_options(self, *, cuti_bersama_libur: bool | None = None) -> HolidayCalendar:
        return HolidayCalendar(
            self._years,
            cuti_bersama_libur=self.cuti_bersama_libur if cuti_bersama_libur is None else cuti_bersama_libur,
            weekend=self.weekend,
        )

    # -- queries ---------------------------------------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def covers(self, year: int) -> bool:
        return year in self._years

    def year(self, year: int) -> HolidayYear:
        try:
            return self._years[year]
        except KeyError:
            raise MissingHolidayCalendar(year, self._years) from None

    def require(self, *years: int) -> None:
        for y in years:
            self.year(y)

    def missing_years(self, start: dt.date, end: dt.date) -> list[int]:
        return [y for y in range(start.year, end.year + 1) if y not in self._years]

    def coverage_warning(self, today: dt.date | None = None, *, ahead_days: int = 60) -> str | None:
        """Indonesian warning text when the calendar does not cover ``today`` + ``ahead_days`` (for a system
        check or a periodic task), else None."""
        today = today or dt.datetime.now(WIB).date()
        missing = self.missing_years(today, today + dt.timedelta(days=ahead_days))
        if not missing:
            return None
        return str(MissingHolidayCalendar(missing[0], self._years))

    def holidays_on(self, day: dt.date) -> list[Holiday]:
        """Holidays on a date; raises :class:`MissingHolidayCalendar` if the year has no data."""
        self.year(day.year)
        return list(self._by_date.get(day, ()))

    def holidays_between(self, start: dt.date, end: dt.date) -> list[Holiday]:
        self.require(*range(start.year, end.year + 1))
        return [h for d, hs in sorted(self._by_date.items()) if start <= d <= end for h in hs]

    def is_weekend(self, day: dt.date) -> bool:
        return day.weekday() in self.weekend

    def is_holiday(self, day: dt.date) -> bool:
        return any(h.type == LIBUR_NASIONAL or self.cuti_bersama_libur for h in self.holidays_on(day))

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day (``"Sabtu"``, ``"libur nasional: Hari Raya Natal"``...), or None.

        Raises :class:`MissingHolidayCalendar` for a year without data, even for a weekend: the whole count
        is refused rather than half-checked."""
        holidays = [h for h in self.holidays_on(day) if h.type == LIBUR_NASIONAL or self.cuti_bersama_libur]
        reasons = []
        if self.is_weekend(day):
            reasons.append(HARI[day.weekday()])
        reasons.extend(h.label for h in holidays)
        return "; ".join(reasons) or None

    def is_working_day(self, day: dt.date) -> bool:
        return self.non_working_reason(day) is None

    def source_of(self, day: dt.date) -> list[str]:
        return [h.source for h in self.holidays_on(day)]

    def __repr__(self) -> str:
        return f"HolidayCalendar(years={self.years}, cuti_bersama_libur={self.cuti_bersama_libur})"


@lru_cache(maxsize=2)
def _default_years(include_lokal: bool) -> dict[int, HolidayYear]:
    years = _load_json_years(CALENDAR_DIR)
    if include_lokal:
        years.update(_load_lokal_years(skip=years))
    return years


@lru_cache(maxsize=2)
def default_calendar(cuti_bersama_libur: bool = True) -> HolidayCalendar:
    """Shared default calendar (cached)."""
    return HolidayCalendar.default(cuti_bersama_libur=cuti_bersama_libur)


# ---------------------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------------------


class Mode:
    CALENDAR = "calendar"  # every day counts (hari kalender)
    WORKING = "working"  # Mon-Fri minus libur nasional and cuti bersama (hari kerja)
    ALL = (CALENDAR, WORKING)


class Unit:
    DAY = "day"
    HOUR = "hour"
    ALL = (DAY, HOUR)


CONFIDENCE_LABELS = {
    "P": "teks primer",
    "S": "sumber sekunder",
    "U": "belum diverifikasi",
}

#: Start events a rule can count from (the case workflow records these timestamps).
START_EVENTS: dict[str, str] = {
    "pelanggaran_diketahui": "dugaan pelanggaran diketahui atau ditemukan",
    "laporan_diterima": "laporan diterima (disampaikan) di kantor pengawas",
    "pemberitahuan_kelengkapan": "pelapor diberi tahu untuk melengkapi syarat formal/materiel",
    "registrasi": "laporan/temuan diregistrasi",
    "putusan_bawaslu": "putusan Bawaslu atas hasil kajian (termasuk pembahasan kedua Gakkumdu)",
    "pembahasan_kedua": "pembahasan kedua Sentra Gakkumdu",
    "penerusan_ke_penyidik": "laporan diterima penyidik Polri",
    "berkas_diterima_penuntut": "berkas perkara diterima penuntut umum",
    "berkas_dikembalikan": "berkas perkara dikembalikan kepada penyidik",
    "pelimpahan_ke_pn": "berkas dilimpahkan ke pengadilan negeri",
    "putusan_pn": "putusan pengadilan negeri dibacakan",
    "permohonan_banding": "permohonan banding diterima",
    "rekomendasi_diterima": "rekomendasi/penerusan diterima instansi tujuan",
    "surat_takedown_diterima": "surat permintaan pemutusan akses diterima",
}


def _parse_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as exc:
        raise RuleError(f"day_end tidak valid: {value!r} (format HH:MM atau HH:MM:SS)") from exc


@dataclass(frozen=True)
class DeadlineRule:
    """One legal time limit.

    ``amount`` is in ``unit`` ("day" or "hour"); ``mode`` is "calendar" or "working". ``extension`` (same unit)
    is added when :func:`compute_deadline` is called with ``extended=True`` and applies only under
    ``extension_condition``. ``confidence``: "P" primary text, "S" secondary source, "U" unverified.
    """

    id: str
    description: str
    source: str
    start_event: str
    amount: int
    unit: str = Unit.DAY
    mode: str = Mode.CALENDAR
    extension: int = 0
    extension_condition: str = ""
    confidence: str = "P"
    note: str = ""
    day_end: dt.time = dt.time(23, 59, 59)
    warning_hours: float | None = None

    def __post_init__(self) -> None:
        if not self.id or not isinstance(self.id, str):
            raise RuleError("Aturan tenggat harus punya id.")
        if self.unit not in Unit.ALL:
            raise RuleError(
                f"Aturan {self.id}: satuan {self.unit!r} tidak dikenal (pilih: {', '.join(Unit.ALL)})."
            )
        if self.mode not in Mode.ALL:
            raise RuleError(
                f"Aturan {self.id}: mode {self.mode!r} tidak dikenal (pilih: {', '.join(Mode.ALL)})."
            )
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise RuleError(f"Aturan {self.id}: jumlah harus bilangan bulat positif, bukan {self.amount!r}.")
        if isinstance(self.extension, bool) or not isinstance(self.extension, int) or self.extension < 0:
            raise RuleError(
                f"Aturan {self.id}: perpanjangan harus bilangan bulat >= 0, bukan {self.extension!r}."
            )
        if self.confidence not in CONFIDENCE_LABELS:
            raise RuleError(f"Aturan {self.id}: confidence {self.confidence!r} harus P, S atau U.")
        if not self.source:
            raise RuleError(f"Aturan {self.id}: sumber hukum wajib diisi.")
        if not isinstance(self.day_end, dt.time):
            object.__setattr__(self, "day_end", _parse_time(self.day_end))

    # -- presentation ----------------------------------------------------------------------------------------
    @property
    def citation(self) -> str:
        """Source plus the confidence tag, e.g. ``UU 10/2016 Ps 134(4) [P: teks primer]``."""
        return f"{self.source} [{self.confidence}: {CONFIDENCE_LABELS[self.confidence]}]"

    @property
    def uncertain(self) -> bool:
        return self.confidence != "P"

    def amount_label(self, amount: int | None = None) -> str:
        n = self.amount if amount is None else amount
        if self.unit == Unit.HOUR:
            base = f"{n // 24}×24 jam" if n % 24 == 0 else f"{n} jam"
            return base + (" kerja" if self.mode == Mode.WORKING else "")
        return f"{n} hari {'kerja' if self.mode == Mode.WORKING else 'kalender'}"

    @property
    def label(self) -> str:
        text = self.amount_label()
        if self.extension:
            text += f" (+{self.extension_label} {self.extension_condition or 'dengan perpanjangan'})"
        return text

    @property
    def extension_label(self) -> str:
        """``2 hari``, ``7 hari kerja``, ``24 jam``."""
        if self.unit == Unit.HOUR:
            return f"{self.extension} jam" + (" kerja" if self.mode == Mode.WORKING else "")
        return f"{self.extension} hari" + (" kerja" if self.mode == Mode.WORKING else "")

    # -- data ------------------------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeadlineRule:
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise RuleError(f"Aturan {data.get('id', '?')}: kolom tidak dikenal {sorted(unknown)}.")
        missing = [k for k in ("id", "description", "source", "start_event", "amount") if k not in data]
        if missing:
            raise RuleError(f"Aturan {data.get('id', '?')}: kolom wajib belum diisi {missing}.")
        kwargs = dict(data)
        if "day_end" in kwargs:
            kwargs["day_end"] = _parse_time(kwargs["day_end"])
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "description": self.description,
            "source": self.source,
            "start_event": self.start_event,
            "amount": self.amount,
            "unit": self.unit,
            "mode": self.mode,
            "confidence": self.confidence,
        }
        if self.extension:
            out["extension"] = self.extension
            out["extension_condition"] = self.extension_condition
        if self.note:
            out["note"] = self.note
        if self.day_end != dt.time(23, 59, 59):
            out["day_end"] = self.day_end.isoformat()
        if self.warning_hours is not None:
            out["warning_hours"] = self.warning_hours
        return out


@dataclass(frozen=True)
class RuleSet:
    """The deadline rules of one election type; data, loadable from a dict or JSON.

    ``referrals`` maps a referral target (``"gakkumdu_polri"``, ``"kpu"``, ``"bkn"``...) to the id of the rule
    that gives the receiving institution's deadline (absent when no rule applies).
    """

    id: str
    name: str
    law: str
    rules: tuple[DeadlineRule, ...]
    referrals: Mapping[str, str] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for r in self.rules:
            if r.id in seen:
                raise RuleError(f"Set aturan {self.id}: id aturan ganda {r.id!r}.")
            seen.add(r.id)
        for target, rule_id in self.referrals.items():
            if rule_id not in seen:
                raise RuleError(
                    f"Set aturan {self.id}: rujukan {target!r} menunjuk aturan tak dikenal {rule_id!r}."
                )

    def get(self, rule_id: str) -> DeadlineRule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"Aturan tenggat {rule_id!r} tidak ada dalam set aturan {self.id!r}.")

    __getitem__ = get

    def __contains__(self, rule_id: object) -> bool:
        return any(r.id == rule_id for r in self.rules)

    def __iter__(self) -> Iterator[DeadlineRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def for_referral(self, target: str) -> DeadlineRule | None:
        rule_id = self.referrals.get(target)
        return self.get(rule_id) if rule_id else None

    def for_start_event(self, event: str) -> list[DeadlineRule]:
        return [r for r in self.rules if r.start_event == event]

    # -- data ------------------------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, bases: Mapping[str, RuleSet] | None = None) -> RuleSet:
        """Build a rule set. With ``"extends": "<id>"`` it starts from that rule set (default: the shipped
        ones): a rule dict with an existing id is merged over it (only the changed keys are needed), a new id
        adds a rule, ``"remove": [ids]`` drops rules, ``"referrals"`` entries are merged."""
        if "id" not in data:
            raise RuleError("Set aturan harus punya id.")
        base_id = data.get("extends")
        if base_id:
            pool = bases if bases is not None else DEFAULT_RULESETS
            if base_id not in pool:
                raise RuleError(f"Set aturan {data['id']}: dasar {base_id!r} tidak dikenal.")
            base = pool[base_id]
            merged: dict[str, dict[str, Any]] = {r.id: r.to_dict() for r in base.rules}
            for item in data.get("rules", []):
                if "id" not in item:
                    raise RuleError(f"Set aturan {data['id']}: aturan tanpa id.")
                if item["id"] in merged:
                    merged[item["id"]] = {**merged[item["id"]], **item}
                else:
                    merged[item["id"]] = dict(item)
            for rid in data.get("remove", []):
                if rid not in merged:
                    raise RuleError(f"Set aturan {data['id']}: tidak dapat menghapus {rid!r} (tidak ada).")
                del merged[rid]
            referrals = {k: v for k, v in base.referrals.items() if v in merged}
            referrals.update(data.get("referrals", {}))
            return cls(
                id=data["id"],
                name=data.get("name", base.name),
                law=data.get("law", base.law),
                rules=tuple(DeadlineRule.from_dict(r) for r in merged.values()),
                referrals=referrals,
                note=data.get("note", base.note),
            )
        return cls(
            id=data["id"],
            name=data.get("name", data["id"]),
            law=data.get("law", ""),
            rules=tuple(DeadlineRule.from_dict(r) for r in data.get("rules", [])),
            referrals=dict(data.get("referrals", {})),
            note=data.get("note", ""),
        )

    @classmethod
    def from_json(cls, source: str | Path, **kwargs: Any) -> RuleSet:
        """From a JSON string or a path to a JSON file."""
        if isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("{")):
            text = Path(source).read_text(encoding="utf-8")
        else:
            text = source
        return cls.from_dict(json.loads(text), **kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "law": self.law,
            "note": self.note,
            "rules": [r.to_dict() for r in self.rules],
            "referrals": dict(self.referrals),
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# Default rule sets (data). Confidence tags as in DOMAIN.md: P primary text, S secondary, U unverified.
# ---------------------------------------------------------------------------------------------------------------

_PILKADA_LAW = (
    "UU 1/2015 (penetapan Perppu 1/2014) sebagaimana diubah UU 8/2015, UU 10/2016 dan UU 6/2020 (UU Pilkada); "
    "Perbawaslu 8/2020 sebagaimana diubah Perbawaslu 9/2024"
)
_GAKKUMDU_PILKADA = (
    "UU Pilkada Ps 146-148 (nomor pasal [U]); dipublikasikan Bawaslu RI '9 langkah' penanganan pidana "
    "Pilkada di Sentra Gakkumdu, 19 Agustus 2024"
)

PILKADA_RULES: dict[str, Any] = {
    "id": "pilkada",
    "name": "Pemilihan Gubernur, Bupati dan Wali Kota (Pilkada)",
    "law": _PILKADA_LAW,
    "note": "Pilkada menghitung hari kalender (UU 10/2016), kecuali tahap Gakkumdu yang disebut hari kerja.",
    "rules": [
        {
            "id": "laporan_disampaikan",
            "description": "Laporan dugaan pelanggaran disampaikan paling lama 7 hari sejak diketahui dan/atau "
            "ditemukannya pelanggaran (syarat formal; lewat batas = tidak diregistrasi).",
            "source": "UU Pilkada Ps 134 ayat (4); Perbawaslu 8/2020 (syarat formal laporan)",
            "start_event": "pelanggaran_diketahui",
            "amount": 7,
            "unit": "day",
            "mode": "calendar",
            "confidence": "P",
        },
        {
            "id": "temuan_ditetapkan",
            "description": "Hasil pengawasan ditetapkan sebagai temuan dalam rapat pleno paling lama 7 hari sejak "
            "dugaan pelanggaran diketahui atau ditemukan (Formulir Model A.2).",
            "source": "Perbawaslu 8/2020 Ps 5 (dikutip sumber sekunder)",
            "start_event": "pelanggaran_diketahui",
            "amount": 7,
            "unit": "day",
            "mode": "calendar",
            "confidence": "S",
        },
        {
            "id": "kelengkapan_laporan",
            "description": "Pelapor melengkapi syarat formal/materiel laporan paling lama 2×24 jam sejak "
            "pemberitahuan kekurangan.",
            "source": "Praktik penanganan Pilkada 2024 (kasus Pujud, Rokan Hilir; gopesisir.com); pasal "
            "Perbawaslu 8/2020 jo. 9/2024 belum diverifikasi",
            "start_event": "pemberitahuan_kelengkapan",
            "amount": 48,
            "unit": "hour",
            "mode": "calendar",
            "confidence": "S",
        },
        {
            "id": "kajian_putusan",
            "description": "Laporan/temuan yang telah dikaji ditindaklanjuti (status diputuskan) paling lama 3 hari "
            "setelah laporan diterima (diregistrasi); dapat ditambah 2 hari bila meminta keterangan tambahan.",
            "source": "UU Pilkada Ps 134 ayat (5) dan (6); Perbawaslu 8/2020 (laporan dianggap diterima saat "
            "diregistrasi)",
            "start_event": "registrasi",
            "amount": 3,
            "unit": "day",
            "mode": "calendar",
            "extension": 2,
            "extension_condition": "bila meminta keterangan tambahan kepada pelapor",
            "confidence": "P",
        },
        {
            "id": "pembahasan_pertama_gakkumdu",
            "description": "Pembahasan pertama Sentra Gakkumdu (ada/tidaknya dugaan tindak pidana dan pasal yang "
            "disangkakan) sekitar 1×24 jam sejak laporan/temuan diregistrasi.",
            "source": "Peraturan Bersama Ketua Bawaslu, Kapolri dan Jaksa Agung tentang Sentra Gakkumdu Pilkada "
            "(2020); instrumen 2024 dan waktunya belum diverifikasi",
            "start_event": "registrasi",
            "amount": 24,
            "unit": "hour",
            "mode": "calendar",
            "confidence": "U",
        },
        {
            "id": "penerusan_ke_polri",
            "description": "Laporan dugaan tindak pidana pemilihan diteruskan kepada Kepolisian paling lama 1×24 jam "
            "sejak Bawaslu menyatakan perbuatan merupakan tindak pidana pemilihan.",
            "source": "UU Pilkada Ps 135 ayat (2)",
            "start_event": "putusan_bawaslu",
            "amount": 24,
            "unit": "hour",
            "mode": "calendar",
            "confidence": "P",
        },
        {
            "id": "penyidikan",
            "description": "Penyidik Polri menyampaikan hasil penyidikan dan berkas perkara kepada penuntut umum "
            "paling lama 14 hari kerja sejak laporan diterima penyidik.",
            "source": _GAKKUMDU_PILKADA,
            "start_event": "penerusan_ke_penyidik",
            "amount": 14,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "berkas_dikembalikan",
            "description": "Penuntut umum mengembalikan berkas yang belum lengkap kepada penyidik beserta petunjuk "
            "paling lama 3 hari kerja.",
            "source": _GAKKUMDU_PILKADA,
            "start_event": "berkas_diterima_penuntut",
            "amount": 3,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "berkas_dilengkapi",
            "description": "Penyidik menyampaikan kembali berkas perkara yang telah dilengkapi paling lama 3 hari "
            "kerja sejak berkas dikembalikan.",
            "source": _GAKKUMDU_PILKADA,
            "start_event": "berkas_dikembalikan",
            "amount": 3,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "pelimpahan_ke_pengadilan",
            "description": "Penuntut umum melimpahkan berkas perkara kepada pengadilan negeri paling lama 5 hari "
            "kerja sejak berkas diterima dari penyidik.",
            "source": _GAKKUMDU_PILKADA,
            "start_event": "berkas_diterima_penuntut",
            "amount": 5,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "putusan_pengadilan_negeri",
            "description": "Pengadilan negeri (majelis khusus) memeriksa, mengadili dan memutus perkara paling lama "
            "7 hari setelah pelimpahan berkas.",
            "source": _GAKKUMDU_PILKADA,
            "start_event": "pelimpahan_ke_pn",
            "amount": 7,
            "unit": "day",
            "mode": "calendar",
            "confidence": "S",
        },
        {
            "id": "permohonan_banding",
            "description": "Permohonan banding diajukan paling lama 3 hari setelah putusan pengadilan negeri "
            "dibacakan.",
            "source": _GAKKUMDU_PILKADA,
            "start_event": "putusan_pn",
            "amount": 3,
            "unit": "day",
            "mode": "calendar",
            "confidence": "S",
        },
        {
            "id": "putusan_pengadilan_tinggi",
            "description": "Pengadilan tinggi memutus perkara banding paling lama 7 hari setelah permohonan banding "
            "diterima; putusan bersifat final dan mengikat.",
            "source": _GAKKUMDU_PILKADA,
            "start_event": "permohonan_banding",
            "amount": 7,
            "unit": "day",
            "mode": "calendar",
            "confidence": "S",
        },
        {
            "id": "tindak_lanjut_kpu",
            "description": "KPU Provinsi/Kabupaten/Kota memeriksa dan memutus rekomendasi pelanggaran administrasi "
            "pemilihan paling lama 7 hari sejak rekomendasi diterima.",
            "source": "UU Pilkada Ps 140 (teks Perppu 1/2014 dari salinan; perubahan oleh UU 10/2016 belum "
            "diperiksa)",
            "start_event": "rekomendasi_diterima",
            "amount": 7,
            "unit": "day",
            "mode": "calendar",
            "confidence": "S",
        },
        {
            "id": "putusan_tsm",
            "description": "Bawaslu Provinsi memeriksa dan memutus pelanggaran administrasi terstruktur, sistematis "
            "dan masif (TSM) paling lama 14 hari kerja sejak laporan diterima.",
            "source": "UU Pilkada Ps 135A; Perbawaslu 9/2020 (batas 14 hari kerja belum diverifikasi)",
            "start_event": "registrasi",
            "amount": 14,
            "unit": "day",
            "mode": "working",
            "confidence": "U",
        },
        {
            "id": "pemutusan_akses_platform",
            "description": "Penyelenggara sistem elektronik (platform) memutus akses konten yang diminta Komdigi "
            "paling lama 1×24 jam sejak surat perintah diterima (4 jam untuk yang mendesak).",
            "source": "Permenkominfo 5/2020 tentang PSE Lingkup Privat (pasal dan angka belum diverifikasi)",
            "start_event": "surat_takedown_diterima",
            "amount": 24,
            "unit": "hour",
            "mode": "calendar",
            "confidence": "U",
        },
    ],
    "referrals": {
        "gakkumdu_polri": "penerusan_ke_polri",
        "kejaksaan": "pelimpahan_ke_pengadilan",
        "kpu": "tindak_lanjut_kpu",
        "komdigi": "pemutusan_akses_platform",
    },
}

_GAKKUMDU_PEMILU = (
    "UU 7/2017 Ps 480-482 (teks menyebut 'hari'; dihitung hari kerja mengikuti Perbawaslu 7/2022 "
    "- belum diverifikasi)"
)

PEMILU_RULES: dict[str, Any] = {
    "id": "pemilu",
    "name": "Pemilihan Umum (Presiden, DPR, DPD, DPRD)",
    "law": "UU 7/2017 tentang Pemilihan Umum; Perbawaslu 7/2022 tentang Penanganan Temuan dan Laporan "
    "Pelanggaran Pemilu",
    "note": "Pemilu menghitung hari kerja.",
    "rules": [
        {
            "id": "laporan_disampaikan",
            "description": "Laporan pelanggaran Pemilu disampaikan paling lama 7 hari kerja sejak diketahui "
            "terjadinya dugaan pelanggaran.",
            "source": "UU 7/2017 Ps 454 ayat (6)",
            "start_event": "pelanggaran_diketahui",
            "amount": 7,
            "unit": "day",
            "mode": "working",
            "confidence": "P",
        },
        {
            "id": "temuan_ditetapkan",
            "description": "Hasil pengawasan ditetapkan sebagai temuan paling lama 7 hari sejak ditemukannya dugaan "
            "pelanggaran.",
            "source": "UU 7/2017 Ps 454 ayat (5) (teks menyebut '7 hari'; dihitung hari kerja mengikuti "
            "Perbawaslu 7/2022 - belum diverifikasi)",
            "start_event": "pelanggaran_diketahui",
            "amount": 7,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "kelengkapan_laporan",
            "description": "Pelapor melengkapi syarat formal/materiel laporan paling lama 2 hari kerja sejak "
            "pemberitahuan kekurangan.",
            "source": "Perbawaslu 7/2022 (pasal dan angka belum diverifikasi)",
            "start_event": "pemberitahuan_kelengkapan",
            "amount": 2,
            "unit": "day",
            "mode": "working",
            "confidence": "U",
        },
        {
            "id": "kajian_putusan",
            "description": "Temuan dan laporan yang telah dikaji dan terbukti ditindaklanjuti paling lama 7 hari "
            "setelah diterima dan diregistrasi; bila memerlukan keterangan tambahan, paling lama 14 hari kerja.",
            "source": "UU 7/2017 Ps 454 ayat (7) dan (8)",
            "start_event": "registrasi",
            "amount": 7,
            "unit": "day",
            "mode": "working",
            "extension": 7,
            "extension_condition": "bila memerlukan keterangan tambahan",
            "confidence": "P",
        },
        {
            "id": "penerusan_ke_polri",
            "description": "Dugaan tindak pidana Pemilu diteruskan kepada Kepolisian paling lama 1×24 jam sejak "
            "Bawaslu menyatakan perbuatan merupakan tindak pidana Pemilu.",
            "source": "UU 7/2017 Ps 476 (ayat belum diverifikasi)",
            "start_event": "putusan_bawaslu",
            "amount": 24,
            "unit": "hour",
            "mode": "calendar",
            "confidence": "S",
        },
        {
            "id": "penyidikan",
            "description": "Penyidik menyampaikan hasil penyidikan dan berkas perkara kepada penuntut umum paling "
            "lama 14 hari sejak diterimanya laporan.",
            "source": _GAKKUMDU_PEMILU,
            "start_event": "penerusan_ke_penyidik",
            "amount": 14,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "berkas_dikembalikan",
            "description": "Penuntut umum mengembalikan berkas yang belum lengkap paling lama 3 hari.",
            "source": _GAKKUMDU_PEMILU,
            "start_event": "berkas_diterima_penuntut",
            "amount": 3,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "berkas_dilengkapi",
            "description": "Penyidik menyampaikan kembali berkas perkara paling lama 3 hari sejak berkas diterima "
            "dari penuntut umum.",
            "source": _GAKKUMDU_PEMILU,
            "start_event": "berkas_dikembalikan",
            "amount": 3,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "pelimpahan_ke_pengadilan",
            "description": "Penuntut umum melimpahkan berkas perkara kepada pengadilan negeri paling lama 5 hari "
            "sejak menerima berkas perkara.",
            "source": _GAKKUMDU_PEMILU,
            "start_event": "berkas_diterima_penuntut",
            "amount": 5,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "putusan_pengadilan_negeri",
            "description": "Pengadilan negeri memutus perkara tindak pidana Pemilu paling lama 7 hari setelah "
            "pelimpahan berkas perkara.",
            "source": _GAKKUMDU_PEMILU,
            "start_event": "pelimpahan_ke_pn",
            "amount": 7,
            "unit": "day",
            "mode": "working",
            "confidence": "U",
        },
        {
            "id": "permohonan_banding",
            "description": "Permohonan banding diajukan paling lama 3 hari setelah putusan dibacakan.",
            "source": _GAKKUMDU_PEMILU,
            "start_event": "putusan_pn",
            "amount": 3,
            "unit": "day",
            "mode": "working",
            "confidence": "U",
        },
        {
            "id": "putusan_pengadilan_tinggi",
            "description": "Pengadilan tinggi memutus perkara banding paling lama 7 hari setelah permohonan banding "
            "diterima; putusan final.",
            "source": _GAKKUMDU_PEMILU,
            "start_event": "permohonan_banding",
            "amount": 7,
            "unit": "day",
            "mode": "working",
            "confidence": "U",
        },
        {
            "id": "putusan_administratif",
            "description": "Bawaslu memutus penyelesaian pelanggaran administratif Pemilu paling lama 14 hari kerja "
            "setelah temuan/laporan diterima dan diregistrasi.",
            "source": "UU 7/2017 Ps 460-461 (ayat belum diverifikasi)",
            "start_event": "registrasi",
            "amount": 14,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "tindak_lanjut_kpu",
            "description": "KPU menindaklanjuti putusan Bawaslu atas pelanggaran administratif Pemilu paling lama "
            "3 hari kerja sejak putusan dibacakan.",
            "source": "UU 7/2017 Ps 462 (belum diverifikasi terhadap teks)",
            "start_event": "putusan_bawaslu",
            "amount": 3,
            "unit": "day",
            "mode": "working",
            "confidence": "S",
        },
        {
            "id": "pemutusan_akses_platform",
            "description": "Penyelenggara sistem elektronik (platform) memutus akses konten yang diminta Komdigi "
            "paling lama 1×24 jam sejak surat perintah diterima (4 jam untuk yang mendesak).",
            "source": "Permenkominfo 5/2020 tentang PSE Lingkup Privat (pasal dan angka belum diverifikasi)",
            "start_event": "surat_takedown_diterima",
            "amount": 24,
            "unit": "hour",
            "mode": "calendar",
            "confidence": "U",
        },
    ],
    "referrals": {
        "gakkumdu_polri": "penerusan_ke_polri",
        "kejaksaan": "pelimpahan_ke_pengadilan",
        "kpu": "tindak_lanjut_kpu",
        "komdigi": "pemutusan_akses_platform",
    },
}

DEFAULT_RULESETS: dict[str, RuleSet] = {}
DEFAULT_RULESETS["pilkada"] = RuleSet.from_dict(PILKADA_RULES)
DEFAULT_RULESETS["pemilu"] = RuleSet.from_dict(PEMILU_RULES)

#: Election-type aliases -> rule-set id.
_ALIASES = {
    "pilkada": "pilkada",
    "pemilihan": "pilkada",
    "pilgub": "pilkada",
    "pilbup": "pilkada",
    "pilwalkot": "pilkada",
    "gubernur": "pilkada",
    "bupati": "pilkada",
    "walikota": "pilkada",
    "wali_kota": "pilkada",
    "pemilu": "pemilu",
    "pileg": "pemilu",
    "pilpres": "pemilu",
}


def get_ruleset(election_type: str) -> RuleSet:
    """The shipped rule set for an election type (``"pilkada"``, ``"pilgub"``, ``"pemilu"``, ``"pilpres"``...)."""
    key = _ALIASES.get(str(election_type).strip().lower().replace("-", "_").replace(" ", "_"))
    if key is None:
        raise KeyError(
            f"Jenis pemilihan {election_type!r} tidak dikenal; pilih salah satu dari {sorted(_ALIASES)} "
            "atau muat set aturan sendiri dengan RuleSet.from_dict()."
        )
    return DEFAULT_RULESETS[key]


# ---------------------------------------------------------------------------------------------------------------
# Computation
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkippedDay:
    date: dt.date
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "reason": self.reason}


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    start: dt.datetime
    due: dt.datetime
    extended: bool
    amount: int
    counted_days: tuple[dt.date, ...]
    skipped_days: tuple[SkippedDay, ...]
    explanation: str

    @property
    def total(self) -> dt.timedelta:
        return self.due - self.start

    def time_left(self, now: dt.datetime | None = None) -> dt.timedelta:
        return time_left(self, now)

    def status(self, now: dt.datetime | None = None, warning: dt.timedelta | None = None) -> str:
        return status(self, now, warning)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "description": self.rule.description,
            "source": self.rule.citation,
            "confidence": self.rule.confidence,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "extended": self.extended,
            "amount": self.amount,
            "unit": self.rule.unit,
            "mode": self.rule.mode,
            "label": self.rule.amount_label(self.amount),
            "skipped_days": [s.to_dict() for s in self.skipped_days],
            "explanation": self.explanation,
        }


def _as_aware(value: dt.datetime | dt.date, tz: dt.tzinfo) -> dt.datetime:
    """Aware datetime in ``tz``. A naive datetime is read as wall time in ``tz`` (WIB by default); a date as
    00:00 of that day."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=tz)
        return value.astimezone(tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0), tzinfo=tz)
    raise TypeError(f"start harus datetime atau date, bukan {type(value).__name__}")


def _now(now: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.now(tz) if now is None else _as_aware(now, tz)


def _day_list(days: Iterable[dt.date]) -> str:
    return "; ".join(format_tanggal(d, hari=True) for d in days)


def compute_deadline(
    rule: DeadlineRule,
    start: dt.datetime | dt.date,
    calendar: HolidayCalendar | None = None,
    extended: bool = False,
    *,
    tz: dt.tzinfo = WIB,
) -> Deadline:
    """The due moment of ``rule`` counted from ``start`` (the rule's start event), in ``tz`` (WIB default).

    ``extended=True`` adds the rule's extension (e.g. +2 days after a request for more information); a rule
    without an extension raises :class:`RuleError`. Working-day counts raise :class:`MissingHolidayCalendar`
    when a year on the way has no holiday data.
    """
    calendar = calendar if calendar is not None else default_calendar()
    start_at = _as_aware(start, tz)
    if extended and not rule.extension:
        raise RuleError(f"Aturan {rule.id} tidak mengenal perpanjangan waktu.")
    amount = rule.amount + (rule.extension if extended else 0)
    counted: list[dt.date] = []
    skipped: list[SkippedDay] = []
    lines = [
        f"{rule.description}",
        f"Dasar: {rule.citation}.",
    ]
    label = rule.amount_label(amount)
    ext_text = ""
    if extended:
        ext_text = (
            f" ({rule.amount_label(rule.amount)} + perpanjangan {rule.extension_label}"
            f"{' ' + rule.extension_condition if rule.extension_condition else ''})"
        )
    start_text = format_waktu(start_at)
    event = START_EVENTS.get(rule.start_event, rule.start_event)

    if rule.unit == Unit.DAY:
        day = start_at.date()
        if rule.mode == Mode.CALENDAR:
            for _ in range(amount):
                day += dt.timedelta(days=1)
                counted.append(day)
        else:
            while len(counted) < amount:
                day += dt.timedelta(days=1)
                reason = calendar.non_working_reason(day)  # raises MissingHolidayCalendar
                if reason:
                    skipped.append(SkippedDay(day, reason))
                else:
                    counted.append(day)
        due = dt.datetime.combine(counted[-1], rule.day_end, tzinfo=tz)
        lines.append(
            f"Dihitung {label}{ext_text} sejak {event} pada {start_text}; hari peristiwa tidak dihitung, "
            f"hari ke-1 adalah {format_tanggal(counted[0], hari=True)}."
        )
        if rule.mode == Mode.WORKING:
            if skipped:
                lines.append(
                    "Hari yang tidak dihitung: "
                    + "; ".join(f"{format_tanggal(s.date, hari=True)} ({s.reason})" for s in skipped)
                    + "."
                )
            else:
                lines.append("Tidak ada hari libur atau akhir pekan yang dilewati.")
            lines.append(f"Hari kerja yang dihitung: {_day_list(counted)}.")
        else:
            lines.append("Hari kalender: Sabtu, Minggu dan hari libur tetap dihitung.")
            try:
                off = [
                    f"{format_tanggal(d, hari=True)} ({calendar.non_working_reason(d)})"
                    for d in counted
                    if calendar.non_working_reason(d)
                ]
                if off:
                    lines.append("Termasuk hari libur/akhir pekan: " + "; ".join(off) + ".")
            except MissingHolidayCalendar as exc:
                lines.append(
                    f"(Catatan: data hari libur tahun {exc.year} belum tersedia; hitungan hari kalender tidak "
                    "terpengaruh.)"
                )
    else:
        if rule.mode == Mode.CALENDAR:
            due = start_at + dt.timedelta(hours=amount)
            lines.append(
                f"Dihitung {label}{ext_text} sejak {event} pada {start_text}, berjalan terus termasuk malam, "
                "akhir pekan dan hari libur."
            )
        else:
            remaining = dt.timedelta(hours=amount)
            cursor = start_at
            while True:
                day = cursor.date()
                next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
                reason = calendar.non_working_reason(day)
                if reason:
                    skipped.append(SkippedDay(day, reason))
                    cursor = next_midnight
                    continue
                available = next_midnight - cursor
                if remaining <= available:
                    due = cursor + remaining
                    if due == next_midnight:  # ends exactly at midnight: report the end of that day
                        due = due - dt.timedelta(seconds=1)
                    counted.append(day)
                    break
                remaining -= available
                counted.append(day)
                cursor = next_midnight
            lines.append(
                f"Dihitung {label}{ext_text} sejak {event} pada {start_text}; jam pada akhir pekan dan hari "
                "libur tidak dihitung."
            )
            if skipped:
                lines.append(
                    "Hari yang tidak dihitung: "
                    + "; ".join(f"{format_tanggal(s.date, hari=True)} ({s.reason})" for s in skipped)
                    + "."
                )
    lines.append(f"Batas waktu: {format_waktu(due)}.")
    if rule.uncertain:
        lines.append(
            f"Perhatian: tingkat keyakinan sumber {rule.confidence} ({CONFIDENCE_LABELS[rule.confidence]}); "
            "verifikasi sebelum dijadikan dasar keputusan."
        )
    return Deadline(
        rule=rule,
        start=start_at,
        due=due,
        extended=extended,
        amount=amount,
        counted_days=tuple(counted),
        skipped_days=tuple(skipped),
        explanation="\n".join(lines),
    )


def time_left(deadline: Deadline, now: dt.datetime | None = None) -> dt.timedelta:
    """``due - now`` (negative once past). ``now`` defaults to the current time."""
    tz = deadline.due.tzinfo or WIB
    return deadline.due - _now(now, tz)


def default_warning(deadline: Deadline | DeadlineRule, amount: int | None = None) -> dt.timedelta:
    """The warning window used by :func:`status` when none is given: the rule's ``warning_hours`` if set;
    otherwise 24 hours for day rules and a quarter of the period for hour rules (6 h of a 1×24 h limit).

    Accepts a :class:`Deadline` or a bare :class:`DeadlineRule` (then ``amount`` defaults to the rule's own,
    pass the extended amount if the deadline was extended)."""
    if isinstance(deadline, DeadlineRule):
        rule, effective = deadline, amount if amount is not None else deadline.amount
    else:
        rule, effective = deadline.rule, deadline.amount
    if rule.warning_hours is not None:
        return dt.timedelta(hours=rule.warning_hours)
    if rule.unit == Unit.HOUR:
        return dt.timedelta(hours=math.ceil(effective / 4))
    return dt.timedelta(hours=24)


def status(deadline: Deadline, now: dt.datetime | None = None, warning: dt.timedelta | None = None) -> str:
    """``"lewat"`` once ``now`` is after the due moment, ``"mendekati"`` within the warning window
    (see :func:`default_warning`), else ``"aman"``."""
    left = time_left(deadline, now)
    if left < dt.timedelta(0):
        return STATUS_LEWAT
    window = default_warning(deadline) if warning is None else warning
    if left <= window:
        return STATUS_MENDEKATI
    return STATUS_AMAN

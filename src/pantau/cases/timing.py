"""Glue between cases and the deadline rules engine (`pantau.cases.deadlines`).

The rule set comes from the election (`Election.deadline_rules`, else its type). On top of the statutory rules
this adds one internal follow-up rule for referrals whose receiving institution has no statutory limit (BKN,
Bupati/Wali Kota, DKPP, KPID, Dewan Pers). It is marked [U] and can be replaced through the setting
`PANTAU_CASE_RULES` (a JSON file in `RuleSet.from_dict` format that `extends` a shipped rule set).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pantau.accounts.models import Institution

from . import deadlines as engine

FOLLOW_UP_RULE = "tindak_lanjut_instansi"

_FOLLOW_UP = {
    "id": FOLLOW_UP_RULE,
    "description": "Pemantauan tindak lanjut penerusan oleh instansi yang tidak memiliki batas waktu dalam "
    "undang-undang pemilihan: Bawaslu menanyakan hasilnya setelah 14 hari.",
    "source": "Kebijakan internal penanganan Bawaslu Provinsi Jambi (bukan batas waktu undang-undang; dapat "
    "diubah lewat PANTAU_CASE_RULES)",
    "start_event": "rekomendasi_diterima",
    "amount": 14,
    "unit": "day",
    "mode": "calendar",
    "confidence": "U",
}

# Receiving institution → the rule that gives its own deadline once it has received the referral.
# Police: investigation within 14 working days (Gakkumdu, working days); prosecutor: 5 working days to court;
# KPU: 7 days on an administrative recommendation; Komdigi: platform takedown within 1×24 h.
REFERRAL_RULES = {
    Institution.POLRI: "penyidikan",
    Institution.KEJAKSAAN: "pelimpahan_ke_pengadilan",
    Institution.KPU: "tindak_lanjut_kpu",
    Institution.KOMDIGI: "pemutusan_akses_platform",
}

# Institution choice → the referral-letter key in `pantau.cases.letters.INSTITUTIONS`.
LETTER_INSTITUTION = {
    Institution.POLRI: "gakkumdu_polri",
    Institution.KEJAKSAAN: "kejaksaan",
    Institution.KPU: "kpu",
    Institution.BKN: "bkn",
    Institution.PEMDA: "bupati",
    Institution.DKPP: "dkpp",
    Institution.KOMDIGI: "komdigi",
    Institution.KPID: "kpid",
    Institution.DEWAN_PERS: "dewan_pers",
}


@lru_cache(maxsize=8)
def _ruleset(base_id: str, custom_path: str) -> engine.RuleSet:
    base = engine.get_ruleset(base_id)
    if custom_path:
        return engine.RuleSet.from_json(custom_path)
    return engine.RuleSet.from_dict({"id": f"{base.id}+pantau", "extends": base.id, "rules": [_FOLLOW_UP]})


def ruleset_for(election) -> engine.RuleSet:
    base_id = (getattr(election, "deadline_rules", "") or getattr(election, "type", "") or "pilkada").strip()
    return _ruleset(base_id, str(getattr(settings, "PANTAU_CASE_RULES", "") or ""))


def calendar() -> engine.HolidayCalendar:
    """The holiday calendar (a function so tests can swap in one with a year missing)."""
    return engine.default_calendar()


@dataclass
class Computed:
    rule: engine.DeadlineRule
    start: dt.datetime
    due: dt.datetime | None
    explanation: str
    warning: str
    extended: bool


def compute(election, rule_id: str, start: dt.datetime | dt.date, *, extended: bool = False) -> Computed:
    """Compute one deadline. A missing holiday year gives `due=None` and a warning: never a guessed date."""
    rule = ruleset_for(election).get(rule_id)
    if isinstance(start, dt.datetime):
        start = timezone.localtime(start, engine.WIB)
    try:
        result = engine.compute_deadline(rule, start, calendar(), extended=extended)
    except engine.MissingHolidayCalendar as exc:
        return Computed(rule, _as_datetime(start), None, rule.description, str(exc), extended)
    return Computed(rule, result.start, result.due, result.explanation, "", extended)


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(0), tzinfo=engine.WIB)


def referral_rule(election, institution: str) -> str:
    rule_id = REFERRAL_RULES.get(institution)
    if rule_id and rule_id in ruleset_for(election):
        return rule_id
    return FOLLOW_UP_RULE


def coverage_warning(now: dt.datetime | None = None) -> str | None:
    """Warning text when the holiday calendar does not cover the coming 60 days (shown on case pages)."""
    today = timezone.localtime(now or timezone.now(), engine.WIB).date()
    return calendar().coverage_warning(today)


def status_of(deadline, now: dt.datetime | None = None) -> str:
    """"aman" / "mendekati" / "lewat" for a Deadline row, with the rule's own warning window."""
    if deadline.due is None:
        return "tanpa_tanggal"
    now = now or timezone.now()
    if deadline.met_at:
        return "terpenuhi" if deadline.met_at <= deadline.due else "terlambat"
    left = deadline.due - now
    if left < dt.timedelta(0):
        return engine.STATUS_LEWAT
    try:
        rule = ruleset_for(deadline.case.election).get(deadline.rule_id)
        window = engine.default_warning(engine.Deadline(rule, deadline.start, deadline.due, deadline.extended,
                                                        rule.amount, (), (), ""))
    except KeyError:
        window = dt.timedelta(hours=24)
    return engine.STATUS_MENDEKATI if left <= window else engine.STATUS_AMAN


def time_left_text(deadline, now: dt.datetime | None = None) -> str:
    """"2 hari 3 jam lagi" / "lewat 5 jam" (the engine's wording), in the reader's language."""
    if deadline.due is None:
        return _("tenggat tidak dapat dihitung")
    seconds = (deadline.due - (now or timezone.now())).total_seconds()
    days, rem = divmod(int(abs(seconds)), 86400)
    hours, minutes = rem // 3600, rem % 3600 // 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
    if not days and minutes:
        parts.append(ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes})
    text = " ".join(parts) or _("kurang dari 1 menit")
    return (_("lewat %(time)s") if seconds < 0 else _("%(time)s lagi")) % {"time": text}

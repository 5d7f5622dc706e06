"""Every state change of a finding, case or referral: one function per action.

Each function checks, in this order, jurisdiction (404 when the case is not visible, 403 when visible but
outside the actor's reach), role (403), the transition table (409), the optimistic-concurrency version (409),
the check-out lock (409) and its own rules; then writes, records the audit entry in the same transaction,
updates deadlines and notifies. A refused attempt raises a `CaseError` and is audited too
(action "cases.refused").
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Institution, Role, User
from pantau.accounts.scoping import can_act_in, sees_everything
from pantau.audit.services import record
from pantau.elections.models import Election, Race
from pantau.evidence.store import store
from pantau.regions.models import Level, Region, code_within

from . import timing, violations
from .access import cases_visible_to, liaison_reaches, may_handle
from .models import (
    TERMINAL_STATES,
    Case,
    CaseDocument,
    CaseEvent,
    Deadline,
    Decision,
    DecisionType,
    Finding,
    Notification,
    Referral,
    RegisterCounter,
    State,
)
from .workflow import TRANSITIONS, allowed_from

log = logging.getLogger(__name__)

REFERABLE_DECISIONS = {DecisionType.ADMINISTRATIVE, DecisionType.ETHICS, DecisionType.CRIME, DecisionType.OTHER_LAW}
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


# ---------------------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------------------

class CaseError(Exception):
    """A refused action; `message` is safe to show, `status` is the HTTP answer.

    The text is a (lazy) Indonesian msgid with `%(name)s` placeholders filled from `params` when read, so it
    comes out in the language of whoever reads it (the page or API caller), while the audit log keeps the
    Indonesian wording (`message_id`).
    """

    status = 400
    code = "invalid"

    def __init__(self, message, **params):
        super().__init__(message)
        self.text = message
        self.params = params

    @property
    def message(self) -> str:
        text = str(self.text)
        return text % self.params if self.params else text

    @property
    def message_id(self) -> str:
        with translation.override("id"):
            return self.message

    def __str__(self) -> str:
        return self.message


class InvalidInput(CaseError):
    status, code = 400, "invalid"


class WrongRole(CaseError):
    status, code = 403, "forbidden"


class OutOfJurisdiction(CaseError):
    status, code = 404, "not_found"


class NotAllowed(CaseError):
    """The action is not allowed from the case's current state (or its rules forbid it now)."""

    status, code = 409, "not_allowed"


class Conflict(CaseError):
    status, code = 409, "conflict"


class Locked(CaseError):
    status, code = 409, "locked"


# ---------------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------------

def _now():
    return timezone.now()


def _lock_hours() -> float:
    return float(getattr(settings, "PANTAU_CASE_LOCK_HOURS", 8))


def letters_enabled() -> bool:
    return bool(getattr(settings, "PANTAU_CASE_LETTERS", True))


def lock_active(case: Case, now=None) -> bool:
    if not case.locked_by_id or not case.locked_at:
        return False
    return (now or _now()) - case.locked_at < timedelta(hours=_lock_hours())


def state_label(state: str) -> str:
    return State(state).label if state in State.values else state


def _role_label(actor):
    return Role(actor.role).label if actor.role in Role.values else _("Anda")


def _stored_in_indonesian(function):
    """Run a service with Indonesian active: what it stores (titles, letters, notifications, audit reasons) is
    the record, whatever language the person acting reads. Refusals stay lazy and are shown in theirs."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override("id"):
            return function(*args, **kwargs)

    return wrapper


def office_for(region: Region, race: Race | None) -> Region:
    """The handling office: governor race → province; regent/mayor race → the kab/kota; otherwise the kab/kota
    of the place (or the province for a province-wide place)."""
    if race is not None:
        return race.region
    code = region.kabupaten_code or region.code
    return Region.objects.get(pk=code)


def office_name(region: Region) -> str:
    name = region.name
    if region.level == Level.PROVINSI:
        return f"Provinsi {region.short_name}" if not name.lower().startswith("provinsi") else name
    if name.startswith(("Kota ", "Kabupaten ", "Kab. ")):
        return name.replace("Kab. ", "Kabupaten ", 1)
    return f"{'Kota' if region.kind == 'kota' else 'Kabupaten'} {name}"


def office_label(region: Region) -> str:
    return f"Badan Pengawas Pemilihan Umum {office_name(region)}"


def _user_label(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "sistem"


# ---------------------------------------------------------------------------------------------------------------
# Register numbers: "001/Reg/LP/PB/Kota/05.71/XI/2024" (configurable, see docs/cases.md)
# ---------------------------------------------------------------------------------------------------------------

DEFAULT_REGISTER_FORMAT = "{seq:03d}/Reg/{kind}/{race}/{level}/{office}/{month}/{year}"
RACE_CODES = {Race.Office.GOVERNOR: "PG", Race.Office.REGENT: "PB", Race.Office.MAYOR: "PW",
              Race.Office.PRESIDENT: "PP", Race.Office.LEGISLATIVE: "PL"}


def office_code(region: Region) -> str:
    """Bawaslu's own office number. Configured per region in PANTAU_CASE_OFFICE_CODES; by default the
    Kemendagri code with the province part replaced by PANTAU_CASE_PROVINCE_NUMBER (Bawaslu numbers Jambi 05)."""
    codes = getattr(settings, "PANTAU_CASE_OFFICE_CODES", {}) or {}
    if region.code in codes:
        return codes[region.code]
    number = str(getattr(settings, "PANTAU_CASE_PROVINCE_NUMBER", "05"))
    parts = region.code.split(".")
    return ".".join([number, *parts[1:]])


def format_register_number(case: Case, seq: int, when: dt.datetime) -> str:
    local = timezone.localtime(when)
    office = case.office_region
    if office.level == Level.PROVINSI:
        level = "Prov"
    else:
        level = "Kota" if (office.kind == "kota" or office.name.startswith("Kota ")) else "Kab"
    race = RACE_CODES.get(case.race.office, "P") if case.race_id else ("PG" if office.level == Level.PROVINSI else "PB")
    template = getattr(settings, "PANTAU_CASE_REGISTER_FORMAT", "") or DEFAULT_REGISTER_FORMAT
    return template.format(seq=seq, kind="LP" if case.origin == Case.Origin.REPORT else "TM", race=race, level=level,
                           office=office_code(office), month=ROMAN_MONTHS[local.month - 1], year=local.year)


def _next_register_number(case: Case, when: dt.datetime) -> str:
    kind = "LP" if case.origin == Case.Origin.REPORT else "TM"
    year = timezone.localtime(when).year
    try:
        with transaction.atomic():
            RegisterCounter.objects.get_or_create(office_region=case.office_region, year=year, kind=kind)
    except IntegrityError:  # created concurrently: fine, lock it below
        pass
    counter = RegisterCounter.objects.select_for_update().get(office_region=case.office_region, year=year, kind=kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_register_number(case, counter.last, when)


# ---------------------------------------------------------------------------------------------------------------
# Audit of refusals, notifications, reporter status
# ---------------------------------------------------------------------------------------------------------------

def _record_refusal(action: str, actor, error: CaseError, *, case: Case | None = None, obj=None) -> None:
    target = obj if obj is not None else case
    record(
        "cases.refused",
        target,
        changes={"action": action, "error": error.code},
        reason=error.message_id,
        region_code=case.office_region_id if case is not None else None,
        actor=actor,
    )


def notify(users, case: Case | None, kind: str, message: str, key: str, *, email: bool = True) -> int:
    """One notification per user and key (idempotent); e-mail after the transaction commits."""
    created = 0
    for user in {u.pk: u for u in users if u is not None}.values():
        note, was_created = Notification.objects.get_or_create(
            recipient=user, key=key[:120], defaults={"case": case, "kind": kind, "message": message}
        )
        if not was_created:
            continue
        created += 1
        if email and user.email:
            subject = f"[Pantau] {message[:80]}"

            def _send(note_pk=note.pk, address=user.email, subject=subject, body=message):
                try:
                    send_mail(subject, body, None, [address], fail_silently=False)
                except Exception:  # noqa: BLE001 - a mail outage must not lose the in-app notice
                    log.warning("E-mail notifikasi %s gagal dikirim", note_pk, exc_info=True)
                    return
                Notification.objects.filter(pk=note_pk).update(emailed=True)

            transaction.on_commit(_send)
    return created


def office_handlers(office: Region):
    return User.objects.filter(is_active=True, role=Role.HANDLER, jurisdiction_id=office.code)


def office_heads(office: Region):
    """Pimpinan of the office; when the office has none on record, the nearest office above it."""
    code = office.code
    while code:
        heads = list(User.objects.filter(is_active=True, role=Role.LEADERSHIP, jurisdiction_id=code))
        if heads:
            return heads
        code = code.rpartition(".")[0]
    return []


def liaisons_for(institution: str, office: Region):
    return [
        u for u in User.objects.filter(is_active=True, role=Role.LIAISON, institution=institution)
        if not u.jurisdiction_id or code_within(office.code, u.jurisdiction_id)
    ]


# Case state → the status the reporter sees on their tracking page (pantau.reports).
PUBLIC_STATUS = {
    State.RECEIVED: ("kajian_awal", "Laporan sedang diperiksa syarat formal dan materielnya."),
    State.INCOMPLETE: ("perlu_dilengkapi", "Laporan perlu dilengkapi dalam 2×24 jam. Lihat surat pemberitahuan."),
    State.NOT_REGISTERED: ("tidak_diregistrasi", "Laporan tidak dapat diregistrasi."),
    State.REGISTERED: ("diregistrasi", "Laporan telah diregistrasi."),
    State.CLARIFICATION: ("diregistrasi", "Laporan dalam tahap klarifikasi."),
    State.REVIEW: ("diregistrasi", "Laporan dalam tahap kajian."),
    State.DECIDED: ("diputus", "Status laporan telah diputuskan."),
    State.REFERRED: ("diteruskan", "Laporan telah diteruskan kepada instansi yang berwenang."),
    State.CLOSED: ("selesai", "Penanganan laporan telah selesai."),
}


def _public_note(case: Case) -> str:
    status, note = PUBLIC_STATUS[State(case.state)]
    if case.state == State.NOT_REGISTERED and case.closed_reason:
        return f"Laporan tidak dapat diregistrasi: {case.closed_reason}"
    if case.state == State.INCOMPLETE:
        last = case.events.filter(action="request_completion").order_by("-at", "-pk").first()
        if last is not None:
            return f"Mohon lengkapi: {last.reason}"
    if case.state == State.REGISTERED and case.register_number:
        return f"Laporan telah diregistrasi dengan nomor {case.register_number}."
    decision = getattr(case, "decision", None) if case.state == State.DECIDED else None
    if decision is not None:
        return f"Hasil kajian: {decision.get_type_display()}."
    if case.state == State.REFERRED:
        names = ", ".join(sorted({r.get_institution_display() for r in case.referrals.all()}))
        return f"Diteruskan kepada: {names}."
    return note


def _sync_report(case: Case, actor, note: str = "") -> None:
    """Tell the reports app the public status of a case born from a report (its tracking page shows it)."""
    if not case.report_id:
        return
    try:
        from pantau.reports import services as report_services  # noqa: PLC0415 - optional, built in parallel
    except ImportError:
        return
    update_status = getattr(report_services, "update_status", None)
    if update_status is None:
        return
    status, _note = PUBLIC_STATUS[State(case.state)]
    report = case.report
    text = note or _public_note(case)
    decision = getattr(case, "decision", None)
    extra = {"reference": case.register_number or f"Kasus #{case.pk}"}
    if decision is not None:
        extra["decision"] = f"{decision.get_type_display()}. {decision.reasoning}"
    if report.status == status and report.public_note == text and report.case_reference == extra["reference"]:
        return
    accepted = inspect.signature(update_status).parameters
    update_status(report, status, text, actor, **{k: v for k, v in extra.items() if k in accepted})


# ---------------------------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------------------------

def add_deadline(case: Case, kind: str, rule_id: str, start, *, referral=None, extended=False, met_at=None) -> Deadline:
    computed = timing.compute(case.election, rule_id, start, extended=extended)
    return Deadline.objects.create(
        case=case, referral=referral, kind=kind, rule_id=rule_id, source=computed.rule.citation,
        start=computed.start, due=computed.due, extended=extended, met_at=met_at,
        explanation=computed.explanation, warning=computed.warning,
    )


def _meet(case: Case, kind: str, when, *, referral=None) -> None:
    rows = case.deadlines.filter(kind=kind, met_at__isnull=True, superseded=False)
    if referral is not None:
        rows = rows.filter(referral=referral)
    for row in rows:
        row.met_at = when
        row.save(update_fields=["met_at"])


def _stop(case: Case, *, kind: str | None = None, referral=None) -> None:
    rows = case.deadlines.filter(met_at__isnull=True, superseded=False)
    if kind:
        rows = rows.filter(kind=kind)
    if referral is not None:
        rows = rows.filter(referral=referral)
    for row in rows:
        row.superseded = True
        row.save(update_fields=["superseded"])


def registration_lateness(case: Case, now=None) -> str:
    """Why registering now would be past a deadline ('' when it is not)."""
    now = now or _now()
    reasons = []
    for row in case.deadlines.filter(kind=Deadline.Kind.FILING, superseded=False):
        if row.due is None:
            reasons.append(f"tenggat pengajuan tidak dapat dihitung ({row.warning})")
        elif row.met_at and row.met_at > row.due:
            reasons.append(
                f"{'laporan disampaikan' if case.origin == Case.Origin.REPORT else 'temuan ditetapkan'} "
                f"melewati batas 7 hari (batas {timezone.localtime(row.due):%d-%m-%Y %H:%M})"
            )
    for row in case.deadlines.filter(kind=Deadline.Kind.COMPLETION, met_at__isnull=True, superseded=False):
        if row.due is not None and now > row.due:
            reasons.append(f"batas kelengkapan {timezone.localtime(row.due):%d-%m-%Y %H:%M} telah lewat")
    return "; ".join(reasons)


# ---------------------------------------------------------------------------------------------------------------
# Letters
# ---------------------------------------------------------------------------------------------------------------

LETTER_CODES = {"pemberitahuan_status": "PS", "undangan_klarifikasi": "UK", "surat_penerusan": "PN",
                "permintaan_takedown": "TD", "kronologi": "KR"}


def _letter_number(case: Case, kind: str, when) -> str:
    local = timezone.localtime(when)
    count = case.documents.filter(kind=kind).count() + 1
    return f"{case.pk:04d}.{count:02d}/{LETTER_CODES.get(kind, 'UM')}/{office_code(case.office_region)}/" \
           f"{ROMAN_MONTHS[local.month - 1]}/{local.year}"


def _kantor(case: Case) -> dict:
    region = case.office_region
    return {"nama": office_label(region), "kota": region.short_name if region.level != Level.PROVINSI else "Jambi"}


def _reporter(case: Case) -> dict:
    report = case.report
    name = ""
    for attr in ("reporter_name", "name", "nama_pelapor"):
        name = getattr(report, attr, "") or name
    address = getattr(report, "reporter_address", "") or ""
    return {"nama": name or "Pelapor", "alamat": address}


def _report_number(case: Case) -> str:
    return case.report.tracking_code


def attach_letter(case: Case, kind: str, data: dict, *, title: str, actor, event: CaseEvent | None = None,
                  referral: Referral | None = None) -> CaseDocument | None:
    """Render a standard letter as PDF, store it as evidence (SHA-256 recorded) and attach it to the case."""
    if not letters_enabled():
        return None
    from .letters import render_letter  # noqa: PLC0415 - WeasyPrint is heavy

    when = _now()
    payload = {"kantor": _kantor(case), "nomor": _letter_number(case, kind, when), "tanggal": when,
               "jenis_pemilihan": case.election.deadline_rules or case.election.type, **data}
    if payload["jenis_pemilihan"] not in ("pilkada", "pemilu"):
        payload["jenis_pemilihan"] = "pilkada"
    pdf = render_letter(kind, payload)
    blob = store(pdf, content_type="application/pdf", original_name=f"{kind}-{case.pk}-{payload['nomor']}.pdf"
                 .replace("/", "_"), subject=f"cases.Case:{case.pk}", note=title)
    doc = CaseDocument.objects.create(case=case, event=event, referral=referral, kind=kind, title=title, blob=blob,
                                      created_by=actor if getattr(actor, "pk", None) else None)
    if event is not None:
        event.evidence.add(blob)
    return doc


# ---------------------------------------------------------------------------------------------------------------
# The transition runner
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What an action did, for the timeline entry and the audit record."""

    details: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    after: list[Callable[[Case, CaseEvent], None]] = field(default_factory=list)


def _check_access(case: Case, actor, action: str, referral: Referral | None) -> None:
    transition = TRANSITIONS[action]
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise WrongRole(_("Anda harus masuk untuk melakukan tindakan ini."))
    if sees_everything(actor):
        return
    if actor.is_liaison:
        if referral is None and cases_visible_to(actor).filter(pk=case.pk).exists():
            raise WrongRole(_("Peran %(role)s tidak dapat melakukan '%(action)s'."), role=_role_label(actor),
                            action=transition.label)
        if referral is None or not liaison_reaches(actor, referral):
            raise OutOfJurisdiction(_("Kasus tidak ditemukan."))
        if actor.role not in transition.roles:
            raise WrongRole(_("Peran %(role)s tidak dapat melakukan '%(action)s'."), role=_role_label(actor),
                            action=transition.label)
        return
    visible = cases_visible_to(actor).filter(pk=case.pk).exists()
    if not visible:
        raise OutOfJurisdiction(_("Kasus tidak ditemukan."))
    if actor.role not in transition.roles:
        raise WrongRole(_("Peran %(role)s tidak dapat melakukan '%(action)s'."), role=_role_label(actor),
                        action=transition.label)
    if not may_handle(actor, case):
        raise WrongRole(_("Kasus ini ditangani %(office)s; di luar wilayah kerja Anda (%(own)s)."),
                        office=office_label(case.office_region), own=actor.office_name)


def _check_state(case: Case, action: str) -> None:
    transition = TRANSITIONS[action]
    if case.state not in transition.sources:
        raise NotAllowed(
            _("Aksi '%(action)s' tidak dapat dilakukan karena kasus berstatus '%(state)s'. "
              "Aksi yang tersedia: %(options)s."),
            action=transition.label, state=state_label(case.state),
            options=_JoinedLabels([t.label for t in allowed_from(case.state)]),
        )


class _JoinedLabels:
    """Lazy labels joined when the message is read, so they come out in the reader's language."""

    def __init__(self, labels):
        self.labels = list(labels)

    def __str__(self) -> str:
        return ", ".join(str(label) for label in self.labels) or str(_("tidak ada"))


@_stored_in_indonesian
def _run(action: str, case_ref, actor, *, reason: str = "", expected_version: int | None = None,
         referral_ref=None, apply: Callable[[Case, Referral | None], Outcome | None]) -> Case:
    """Check and apply one action on a case, atomically; audit both success and refusal."""
    transition = TRANSITIONS[action]
    reason = (reason or "").strip()
    case_pk = case_ref.pk if isinstance(case_ref, Case) else case_ref
    try:
        with transaction.atomic():
            try:
                case = Case.objects.select_for_update(of=("self",)).select_related("office_region", "election", "race").get(
                    pk=case_pk
                )
            except Case.DoesNotExist:
                raise OutOfJurisdiction(_("Kasus tidak ditemukan.")) from None
            referral = None
            if referral_ref is not None:
                referral_pk = referral_ref.pk if isinstance(referral_ref, Referral) else referral_ref
                referral = Referral.objects.select_for_update().filter(pk=referral_pk, case=case).first()
                if referral is None:
                    raise OutOfJurisdiction(_("Penerusan tidak ditemukan."))
            _check_access(case, actor, action, referral)
            if expected_version is not None and int(expected_version) != case.version:
                last = case.events.exclude(action="refused").order_by("-at", "-pk").first()
                versions = {"expected": expected_version, "current": case.version}
                if last is None:
                    raise Conflict(
                        _("Kasus sudah diubah sejak halaman ini Anda buka (versi %(expected)s, sekarang "
                          "%(current)s). Tindakan Anda belum disimpan; isian Anda tetap ada di formulir. Periksa "
                          "perubahan terbaru lalu kirim ulang."), **versions)
                raise Conflict(
                    _("Kasus sudah diubah oleh %(who)s pada %(at)s sejak halaman ini Anda buka (versi %(expected)s, "
                      "sekarang %(current)s). Tindakan Anda belum disimpan; isian Anda tetap ada di formulir. "
                      "Periksa perubahan terbaru lalu kirim ulang."),
                    who=last.actor_label, at=f"{timezone.localtime(last.at):%d-%m-%Y %H:%M}", **versions)
            _check_state(case, action)
            exempt = action in ("break_lock", "check_out") or transition.roles == frozenset({Role.LIAISON}) or (
                actor.is_liaison
            )
            if not exempt and lock_active(case) and case.locked_by_id != actor.pk:
                raise Locked(
                    _("Kasus sedang dikerjakan oleh %(who)s sejak %(at)s. Tunggu sampai kunci dilepas atau minta "
                      "pimpinan membuka kunci. Isian Anda tidak hilang."),
                    who=_user_label(case.locked_by), at=f"{timezone.localtime(case.locked_at):%d-%m-%Y %H:%M}")
            if transition.reason_required and not reason:
                raise InvalidInput(_("Alasan/uraian wajib diisi untuk '%(action)s'."), action=transition.label)
            from_state = case.state
            outcome = apply(case, referral) or Outcome()
            if transition.to is not None:
                case.state = transition.to
            case.version += 1
            case.updated_at = _now()
            case.save()
            event = CaseEvent.objects.create(
                case=case, actor=actor, actor_label=_user_label(actor), action=action, from_state=from_state,
                to_state=case.state, reason=reason, details=outcome.details,
            )
            changes = {"version": [case.version - 1, case.version], **outcome.changes}
            if from_state != case.state:
                changes["state"] = [from_state, case.state]
            record(f"cases.{action}", case, changes=changes, reason=reason, actor=actor)
            for step in outcome.after:
                step(case, event)
            if from_state != case.state:
                _sync_report(case, actor)
            return case
    except CaseError as error:
        existing = Case.objects.filter(pk=case_pk).first()
        _record_refusal(action, actor, error, case=existing, obj=existing)
        raise


# ---------------------------------------------------------------------------------------------------------------
# Findings and opening cases
# ---------------------------------------------------------------------------------------------------------------

def _require_handling_role(actor, region_code: str, action: str, *, roles=None) -> None:
    roles = roles or {Role.HANDLER, Role.LEADERSHIP}
    if sees_everything(actor):
        return
    if not (actor and actor.is_authenticated and actor.role in roles):
        raise WrongRole(_("Peran Anda tidak dapat melakukan tindakan ini."))
    if not can_act_in(actor, region_code):
        raise OutOfJurisdiction(_("Wilayah di luar wilayah kerja Anda."))


def _default_election(region_code: str) -> Election:
    elections = Election.objects.filter(active=True).order_by("-voting_day")
    for election in elections:
        if code_within(region_code, election.region_id):
            return election
    election = elections.first()
    if election is None:
        raise InvalidInput(_("Belum ada data pemilihan aktif; muat data pemilihan terlebih dahulu."))
    return election


def _race_for(election: Election, region: Region, office: str | None) -> Race | None:
    """The race a case concerns: the given office (gubernur/bupati/wali_kota), looked up at the right level."""
    if not office:
        return None
    if office == Race.Office.GOVERNOR:
        candidates = Race.objects.filter(election=election, office=office)
    else:
        candidates = Race.objects.filter(election=election, office=office, region_id=region.kabupaten_code or region.code)
    for race in candidates:
        if code_within(region.code, race.region_id):
            return race
    raise InvalidInput(_("Kontestasi tidak ditemukan untuk wilayah ini."))


FINDING_ROLES = {Role.HANDLER, Role.LEADERSHIP, Role.ANALYST, Role.PANWASCAM}


def _check_violation_type(value: str) -> str:
    value = (value or "").strip()
    if value and not violations.is_known(value):
        raise InvalidInput(_("Jenis pelanggaran tidak dikenal: '%(label)s'."), label=value[:30])
    return value


def violation_type_from_origin(origin_ref: str) -> str:
    """The violation type of the report or content item a finding came from ('' when it has none we know).

    A report gives its system category, else the reporter's own; an item its first label (the analyst's
    correction wins over detection). The other apps are looked up by name: they depend on cases, not the
    reverse."""
    from django.apps import apps  # noqa: PLC0415

    label, _sep, pk = (origin_ref or "").partition(":")
    if label not in ("reports.Report", "monitoring.ContentItem") or not pk.isdigit():
        return ""
    try:
        model = apps.get_model(label)
    except LookupError:
        return ""
    origin = model.objects.filter(pk=int(pk)).first()
    if origin is None:
        return ""
    if label == "reports.Report":
        candidates = [getattr(origin, "category", ""), getattr(origin, "category_hint", "")]
    else:
        corrected = getattr(origin, "corrected_labels", None)
        candidates = list(corrected if corrected is not None else (getattr(origin, "labels", None) or []))
    return next((c for c in candidates if c and violations.is_known(c)), "")


@_stored_in_indonesian
def create_finding(actor, *, region: Region | str, title: str, description: str, known_on: dt.date,
                   source: str = Finding.Source.SUPERVISION, reported_party: str = "", source_reference: str = "",
                   plenary_on: dt.date | None = None, race_office: str | None = None, origin_ref: str = "",
                   violation_type: str = "", evidence_files=()) -> Finding:
    """Record a temuan (supervision result or monitoring item). Analysts, handlers, Panwascam and leadership of
    the region may do so. `violation_type` left empty is taken from the report or item named by `origin_ref`.
    `evidence_files`: (bytes or file, content_type, name) tuples."""
    region = region if isinstance(region, Region) else Region.objects.get(pk=region)
    try:
        _require_handling_role(actor, region.code, "create_finding", roles=FINDING_ROLES)
        if not (title or "").strip() or not (description or "").strip():
            raise InvalidInput(_("Judul dan uraian temuan wajib diisi."))
        if known_on > timezone.localdate():
            raise InvalidInput(_("Tanggal diketahui tidak boleh di masa depan."))
        violation_type = _check_violation_type(violation_type)
    except CaseError as error:
        record("cases.refused", model="cases.Finding", object_pk="", changes={"action": "create_finding"},
               reason=error.message_id, region_code=region.code, actor=actor)
        raise
    with transaction.atomic():
        election = _default_election(region.code)
        now = _now()
        finding = Finding.objects.create(
            region=region, election=election, race=_race_for(election, region, race_office), source=source,
            title=title.strip()[:200], description=description.strip(), reported_party=reported_party,
            violation_type=violation_type or violation_type_from_origin(origin_ref),
            source_reference=source_reference, origin_ref=origin_ref, known_on=known_on, plenary_on=plenary_on,
            created_by=actor, created_at=now, updated_at=now,
        )
        for content, content_type, name in evidence_files:
            blob = store(content, content_type=content_type, original_name=name, subject=f"cases.Finding:{finding.pk}")
            finding.evidence.add(blob)
        record("cases.create_finding", finding,
               changes={"title": [None, finding.title], "violation_type": [None, finding.violation_type]}, actor=actor)
    return finding


@_stored_in_indonesian
def set_finding_violation_type(finding: Finding, actor, violation_type: str) -> Finding:
    """Change a finding's violation type (who may record a finding in its region may correct it); '' clears it."""
    try:
        _require_handling_role(actor, finding.region_id, "set_finding_violation_type", roles=FINDING_ROLES)
        violation_type = _check_violation_type(violation_type)
    except CaseError as error:
        record("cases.refused", finding, changes={"action": "set_finding_violation_type"},
               reason=error.message_id, actor=actor)
        raise
    with transaction.atomic():
        current = Finding.objects.select_for_update().get(pk=finding.pk)
        if current.violation_type != violation_type:
            Finding.objects.filter(pk=current.pk).update(violation_type=violation_type, updated_at=_now())
            record("cases.set_finding_violation_type", current,
                   changes={"violation_type": [current.violation_type, violation_type]}, actor=actor)
    finding.refresh_from_db()
    return finding


@_stored_in_indonesian
def finding_from_tip(report, actor, *, known_on: dt.date | None = None, title: str = "") -> Finding:
    """Turn a tip (informasi awal) into a finding: a tip cannot be registered as a laporan."""
    text = getattr(report, "description", "") or ""
    created = getattr(report, "created_at", None) or _now()
    finding = create_finding(
        actor, region=report.region, title=title or _report_title(report),
        description=text or "(informasi awal tanpa uraian)",
        known_on=known_on or getattr(report, "known_date", None) or timezone.localdate(created),
        source=Finding.Source.TIP, origin_ref=f"reports.Report:{report.pk}",
        reported_party=getattr(report, "reported_name", "") or "",
        source_reference=getattr(report, "tracking_code", ""),
    )
    try:
        from pantau.reports import services as report_services  # noqa: PLC0415
    except ImportError:
        return finding
    if hasattr(report_services, "update_status"):
        report_services.update_status(report, "jadi_temuan", "Informasi Anda ditindaklanjuti sebagai temuan.", actor)
    return finding


def _is_tip(report) -> bool:
    kind = str(getattr(report, "kind", "") or "").lower()
    return bool(getattr(report, "is_tip", False)) or kind in ("tip", "informasi_awal", "informasi")


def _new_case(actor, *, origin, region: Region, race: Race | None, election: Election, title: str, summary: str,
              reported_party: str, known_on: dt.date, received_at, report=None, finding=None) -> Case:
    office = office_for(region, race)
    case = Case.objects.create(
        origin=origin, report=report, finding=finding, title=title[:200], summary=summary,
        reported_party=reported_party[:200], region=region, office_region=office, election=election, race=race,
        known_on=known_on, received_at=received_at,
        handler=actor if (getattr(actor, "role", None) == Role.HANDLER and can_act_in(actor, office.code)) else None,
    )
    return case


def _opened(case: Case, actor, action: str, *, filing_rule: str, filed_at) -> Case:
    add_deadline(case, Deadline.Kind.FILING, filing_rule, case.known_on, met_at=filed_at)
    event = CaseEvent.objects.create(case=case, actor=actor, actor_label=_user_label(actor), action=action,
                                     to_state=case.state, details={"office": case.office_region_id})
    if case.finding_id:
        event.evidence.add(*case.finding.evidence.all())
    record(f"cases.{action}", case, changes={"state": [None, case.state], "office": [None, case.office_region_id]},
           actor=actor)
    notify(office_handlers(case.office_region), case, "kasus_baru",
           f"Kasus baru di {office_name(case.office_region)}: {case.title}", key=f"case:{case.pk}:opened")
    return case


@_stored_in_indonesian
def open_case_from_report(report, actor, *, known_on: dt.date | None = None, race_office: str | None = None,
                          title: str = "", election: Election | None = None) -> Case:
    """Open a case for a public or partner report (laporan). A tip (informasi awal) is refused: make it a
    finding with `finding_from_tip`."""
    region = report.region
    try:
        _require_handling_role(actor, region.code, "open_case_from_report")
        if _is_tip(report):
            raise NotAllowed(_("Informasi awal tidak dapat diregistrasi sebagai laporan; jadikan temuan bila perlu."))
        if getattr(report, "duplicate_of_id", None):
            raise NotAllowed(_("Laporan ini digabung dengan laporan lain; tangani laporan utamanya."))
        if Case.objects.filter(report=report).exclude(state__in=TERMINAL_STATES).exists():
            raise NotAllowed(_("Laporan ini sudah ditangani dalam kasus yang masih berjalan."))
    except CaseError as error:
        record("cases.refused", report, changes={"action": "open_case_from_report"}, reason=error.message_id,
               actor=actor)
        raise
    received = getattr(report, "created_at", None) or _now()
    known = known_on or getattr(report, "known_date", None) or getattr(report, "event_date", None)
    if isinstance(known, dt.datetime):
        known = timezone.localdate(known)
    known = known or timezone.localdate(received)
    with transaction.atomic():
        election = election or _default_election(region.code)
        office_hint = getattr(report, "office_region_id", "") or ""
        implied = Race.Office.GOVERNOR if office_hint and "." not in office_hint else None
        race = _race_for(election, region, race_office or implied)
        summary = getattr(report, "description", "") or getattr(report, "text", "") or ""
        case = _new_case(actor, origin=Case.Origin.REPORT, region=region, race=race, election=election,
                         title=title or _report_title(report), summary=summary,
                         reported_party=" – ".join(x for x in (getattr(report, "reported_name", ""),
                                                                getattr(report, "reported_role", "")) if x),
                         known_on=known, received_at=received, report=report)
        _opened(case, actor, "open_case_from_report", filing_rule="laporan_disampaikan", filed_at=received)
        _sync_report(case, actor)
    return case


def _report_title(report) -> str:
    category = report.get_category_hint_display() if hasattr(report, "get_category_hint_display") else ""
    text = (getattr(report, "description", "") or "").strip().split("\n")[0]
    head = f"{category}: {text}" if category else text
    return (head[:150] + "…") if len(head) > 150 else (head or f"Laporan {getattr(report, 'tracking_code', report.pk)}")


@_stored_in_indonesian
def open_case_from_finding(finding: Finding, actor, *, title: str = "") -> Case:
    try:
        _require_handling_role(actor, finding.region_id, "open_case_from_finding")
        if Case.objects.filter(finding=finding).exclude(state__in=TERMINAL_STATES).exists():
            raise NotAllowed(_("Temuan ini sudah ditangani dalam kasus yang masih berjalan."))
    except CaseError as error:
        record("cases.refused", finding, changes={"action": "open_case_from_finding"}, reason=error.message_id,
               actor=actor)
        raise
    with transaction.atomic():
        now = _now()
        election = finding.election or _default_election(finding.region_id)
        case = _new_case(actor, origin=Case.Origin.FINDING, region=finding.region, race=finding.race,
                         election=election, title=title or finding.title, summary=finding.description,
                         reported_party=finding.reported_party, known_on=finding.known_on, received_at=now,
                         finding=finding)
        set_on = finding.plenary_on or timezone.localdate(finding.created_at)
        filed = dt.datetime.combine(set_on, dt.time(12, 0), tzinfo=timezone.get_current_timezone())
        _opened(case, actor, "open_case_from_finding", filing_rule="temuan_ditetapkan", filed_at=filed)
    return case


# ---------------------------------------------------------------------------------------------------------------
# Case actions
# ---------------------------------------------------------------------------------------------------------------

def _status_letter(case: Case, status: str, actor, event: CaseEvent, **data) -> None:
    if case.origin != Case.Origin.REPORT:
        return
    attach_letter(case, "pemberitahuan_status",
                  {"pelapor": _reporter(case), "nomor_laporan": _report_number(case), "status": status,
                   "tanggal_laporan": case.received_at, "perihal_laporan": case.title,
                   "terlapor": case.reported_party, **data},
                  title=f"Pemberitahuan status laporan: {status.replace('_', ' ')}", actor=actor, event=event)


def request_completion(case, actor, *, reason: str, expected_version: int | None = None) -> Case:
    """Ask the reporter to complete missing formal/material requirements within 2×24 hours."""

    def apply(case, _referral):
        if case.origin != Case.Origin.REPORT:
            raise NotAllowed(_("Permintaan kelengkapan hanya untuk laporan (pelapor); temuan dilengkapi pengawas sendiri."))
        if case.deadlines.filter(kind=Deadline.Kind.COMPLETION).exists():
            raise NotAllowed(_("Pelapor sudah pernah diminta melengkapi laporan ini."))
        row = add_deadline(case, Deadline.Kind.COMPLETION, "kelengkapan_laporan", _now())

        def letter(case, event):
            _status_letter(case, "perlu_dilengkapi", actor, event, kekurangan=[reason],
                           batas_waktu=row.due or _now())
        return Outcome(details={"due": row.due.isoformat() if row.due else None}, after=[letter])

    return _run("request_completion", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def register(case, actor, *, reason: str = "", override_reason: str = "", expected_version: int | None = None) -> Case:
    """Register the report/finding and give it a register number. Past a deadline (late filing, or the 2×24 h
    completion window gone) it needs a recorded override reason."""

    def apply(case, _referral):
        now = _now()
        late = registration_lateness(case, now)
        override = (override_reason or reason or "").strip()
        if late and not override:
            raise NotAllowed(
                _("Registrasi melewati tenggat (%(late)s). Registrasi hanya dapat dilakukan dengan alasan yang dicatat."),
                late=late)
        case.registered_at = now
        case.register_number = _next_register_number(case, now)
        if late:
            case.registration_override = f"{override} [{late}]"
        _meet(case, Deadline.Kind.COMPLETION, now)
        decision = add_deadline(case, Deadline.Kind.DECISION, "kajian_putusan", now)

        def letter(case, event):
            _status_letter(case, "diregistrasi", actor, event, nomor_registrasi=case.register_number,
                           tanggal_registrasi=now, tenggat=decision.due)
        return Outcome(
            details={"register_number": case.register_number, "override": bool(late), "late": late},
            changes={"register_number": [None, case.register_number],
                     **({"registration_override": [None, case.registration_override]} if late else {})},
            after=[letter],
        )

    return _run("register", case, actor, reason=override_reason or reason, expected_version=expected_version,
                apply=apply)


def reject_registration(case, actor, *, reason: str, expected_version: int | None = None) -> Case:
    def apply(case, _referral):
        case.closed_at = _now()
        case.closed_reason = reason
        _stop(case)

        def letter(case, event):
            _status_letter(case, "tidak_diregistrasi", actor, event, alasan=reason)
        return Outcome(after=[letter])

    return _run("reject_registration", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def invite_clarification(case, actor, *, invitee: str, role: str = "saksi", when: dt.datetime | None = None,
                         place: str = "", reason: str = "", expected_version: int | None = None) -> Case:
    """Invite the reporter, reported party or a witness to a clarification (letter generated)."""
    if not (invitee or "").strip():
        invitee = ""

    def apply(case, _referral):
        if not invitee:
            raise InvalidInput(_("Nama pihak yang diundang wajib diisi."))
        at = when or (_now() + timedelta(days=1))

        def letter(case, event):
            attach_letter(case, "undangan_klarifikasi",
                          {"penerima": {"nama": invitee}, "peran": role, "nomor_registrasi": case.register_number,
                           "waktu": timezone.localtime(at), "tempat_klarifikasi": place or f"Kantor {office_label(case.office_region)}",
                           "perkara": case.title},
                          title=f"Undangan klarifikasi: {invitee} ({role})", actor=actor, event=event)
        return Outcome(details={"invitee": invitee, "role": role, "when": at.isoformat(), "place": place},
                       after=[letter])

    return _run("invite_clarification", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def start_review(case, actor, *, reason: str = "", expected_version: int | None = None) -> Case:
    return _run("start_review", case, actor, reason=reason, expected_version=expected_version,
                apply=lambda case, _r: Outcome())


def extend_deadline(case, actor, *, reason: str, expected_version: int | None = None) -> Case:
    """+2 days on the review/decision deadline when more information is requested (UU Pilkada Ps 134(6))."""

    def apply(case, _referral):
        current = case.deadlines.filter(kind=Deadline.Kind.DECISION, superseded=False, met_at__isnull=True).first()
        if current is None:
            raise NotAllowed(_("Tidak ada tenggat kajian yang berjalan untuk diperpanjang."))
        if current.extended:
            raise NotAllowed(_("Tenggat kajian sudah pernah diperpanjang (perpanjangan hanya sekali, 2 hari)."))
        current.superseded = True
        current.save(update_fields=["superseded"])
        new = add_deadline(case, Deadline.Kind.DECISION, current.rule_id, current.start, extended=True)
        return Outcome(details={"due": new.due.isoformat() if new.due else None},
                       changes={"decision_due": [current.due.isoformat() if current.due else None,
                                                 new.due.isoformat() if new.due else None]})

    return _run("extend_deadline", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def decide(case, actor, *, decision_type: str, reason: str, articles: str = "",
           expected_version: int | None = None) -> Case:
    """Record the review's outcome. An election crime starts the 1×24 h clock to forward it to the police."""

    def apply(case, _referral):
        if decision_type not in DecisionType.values:
            raise InvalidInput(_("Jenis putusan tidak dikenal: %(value)r."), value=decision_type)
        if not case.registered_at:
            raise NotAllowed(_("Kasus belum diregistrasi; status tidak dapat diputuskan."))
        now = _now()
        Decision.objects.create(case=case, type=decision_type, reasoning=reason, articles=articles, decided_at=now,
                                decided_by=actor)
        case.decided_at = now
        _meet(case, Deadline.Kind.DECISION, now)
        if decision_type == DecisionType.CRIME:
            add_deadline(case, Deadline.Kind.POLICE_REFERRAL, "penerusan_ke_polri", now)
        label = DecisionType(decision_type).label

        def letter(case, event):
            if decision_type in REFERABLE_DECISIONS:
                _status_letter(case, "ditindaklanjuti", actor, event, nomor_registrasi=case.register_number,
                               hasil=f"{label}. {reason}")
            else:
                _status_letter(case, "tidak_ditindaklanjuti", actor, event, nomor_registrasi=case.register_number,
                               alasan=f"{label}. {reason}")
        return Outcome(details={"decision": decision_type, "articles": articles},
                       changes={"decision": [None, decision_type]}, after=[letter])

    return _run("decide", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def refer(case, actor, *, institution: str, reason: str = "", expected_version: int | None = None,
          takedown_urls: list[str] | None = None) -> Case:
    """Forward the decided case to an institution: referral record, its own deadline, the referral letter
    (and a takedown request for Komdigi when URLs are given), and a notice to the institution's liaisons."""
    holder: dict = {}

    def apply(case, _referral):
        if institution not in Institution.values:
            raise InvalidInput(_("Instansi tidak dikenal: %(value)r."), value=institution)
        decision = getattr(case, "decision", None)
        if decision is None or decision.type not in REFERABLE_DECISIONS:
            raise NotAllowed(_("Hanya putusan pelanggaran (administrasi, kode etik, pidana, hukum lainnya) yang "
                               "dapat diteruskan."))
        if case.referrals.filter(institution=institution, status__in=[Referral.Status.SENT,
                                                                     Referral.Status.ACKNOWLEDGED]).exists():
            raise NotAllowed(_("Penerusan ke instansi ini masih berjalan."))
        now = _now()
        referral = Referral.objects.create(case=case, institution=institution, note=reason, sent_at=now,
                                           sent_by=actor)
        referral.letter_number = _letter_number(case, "surat_penerusan", now)
        referral.save(update_fields=["letter_number"])
        holder["referral"] = referral
        if institution == Institution.POLRI:
            _meet(case, Deadline.Kind.POLICE_REFERRAL, now)
        row = add_deadline(case, Deadline.Kind.REFERRAL, timing.referral_rule(case.election, institution), now,
                           referral=referral)

        def letters(case, event):
            doc = attach_letter(
                case, "surat_penerusan",
                {"instansi": timing.LETTER_INSTITUTION.get(institution, institution),
                 "nomor_registrasi": case.register_number, "uraian": case.summary or case.title,
                 "asal": "laporan" if case.origin == Case.Origin.REPORT else "temuan",
                 "tanggal_putusan": decision.decided_at, "terlapor": case.reported_party,
                 "pasal": decision.articles, "tenggat": row.due, "nomor": referral.letter_number},
                title=f"Surat penerusan ke {referral.get_institution_display()}", actor=actor, event=event,
                referral=referral,
            )
            if doc is not None:
                referral.letter = doc.blob
                referral.save(update_fields=["letter"])
            if institution == Institution.KOMDIGI and takedown_urls:
                attach_letter(case, "permintaan_takedown",
                              {"konten": [{"url": u} for u in takedown_urls], "nomor_perkara": case.register_number},
                              title="Permintaan pemutusan akses konten", actor=actor, event=event, referral=referral)
            notify(liaisons_for(institution, case.office_region), case, "penerusan",
                   f"Penerusan baru dari {office_label(case.office_region)}: {case.register_number} {case.title}",
                   key=f"referral:{referral.pk}:sent")
        return Outcome(details={"referral": referral.pk, "institution": institution,
                                "due": row.due.isoformat() if row.due else None},
                       changes={"referral": [None, institution]}, after=[letters])

    return _run("refer", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def acknowledge_referral(referral: Referral, actor, *, reason: str = "", expected_version: int | None = None) -> Referral:
    """The receiving institution's liaison confirms receipt; its own deadline now counts from receipt."""

    def apply(case, ref):
        if ref.status != Referral.Status.SENT:
            raise NotAllowed(_("Penerusan ini sudah berstatus '%(status)s'."),
                             status=Referral.Status(ref.status).label)
        now = _now()
        ref.status = Referral.Status.ACKNOWLEDGED
        ref.acknowledged_at = now
        ref.acknowledged_by = actor
        ref.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
        old = case.deadlines.filter(referral=ref, kind=Deadline.Kind.REFERRAL, superseded=False,
                                    met_at__isnull=True).first()
        if old is not None:
            old.superseded = True
            old.save(update_fields=["superseded"])
            add_deadline(case, Deadline.Kind.REFERRAL, old.rule_id, now, referral=ref)
        return Outcome(details={"referral": ref.pk, "institution": ref.institution},
                       changes={"referral_status": [Referral.Status.SENT, ref.status]})

    _run("acknowledge_referral", referral.case_id, actor, reason=reason, expected_version=expected_version,
         referral_ref=referral, apply=apply)
    return Referral.objects.get(pk=referral.pk)


def record_referral_outcome(referral: Referral, actor, *, reason: str, expected_version: int | None = None) -> Referral:
    """The institution's result (e.g. investigation stopped, KPU sanction, BKN discipline)."""

    def apply(case, ref):
        if ref.resolved:
            raise NotAllowed(_("Penerusan ini sudah berstatus '%(status)s'."),
                             status=Referral.Status(ref.status).label)
        now = _now()
        before = ref.status
        ref.status = Referral.Status.OUTCOME
        ref.outcome = reason
        ref.outcome_at = now
        ref.outcome_by = actor
        if not ref.acknowledged_at:
            ref.acknowledged_at, ref.acknowledged_by = now, actor
        ref.save()
        _meet(case, Deadline.Kind.REFERRAL, now, referral=ref)

        def tell(case, event):
            notify([case.handler] if case.handler else office_handlers(case.office_region), case, "hasil_penerusan",
                   f"Hasil tindak lanjut {ref.get_institution_display()} untuk {case.register_number}",
                   key=f"referral:{ref.pk}:outcome")
        return Outcome(details={"referral": ref.pk, "institution": ref.institution},
                       changes={"referral_status": [before, ref.status]}, after=[tell])

    _run("record_referral_outcome", referral.case_id, actor, reason=reason, expected_version=expected_version,
         referral_ref=referral, apply=apply)
    return Referral.objects.get(pk=referral.pk)


def close_referral(referral: Referral, actor, *, reason: str, expected_version: int | None = None) -> Referral:
    """Close a referral without an outcome (e.g. no answer after follow-up), with a recorded reason."""

    def apply(case, ref):
        if ref.resolved:
            raise NotAllowed(_("Penerusan ini sudah berstatus '%(status)s'."),
                             status=Referral.Status(ref.status).label)
        before = ref.status
        ref.status = Referral.Status.CLOSED
        ref.closed_reason = reason
        ref.closed_at = _now()
        ref.save(update_fields=["status", "closed_reason", "closed_at"])
        _stop(case, referral=ref)
        return Outcome(details={"referral": ref.pk}, changes={"referral_status": [before, ref.status]})

    _run("close_referral", referral.case_id, actor, reason=reason, expected_version=expected_version,
         referral_ref=referral, apply=apply)
    return Referral.objects.get(pk=referral.pk)


def close_case(case, actor, *, reason: str = "", expected_version: int | None = None) -> Case:
    """Close a decided case. Every referral must have an outcome or be closed with a reason; an election crime
    must have been forwarded to the police."""

    def apply(case, _referral):
        open_refs = [r for r in case.referrals.all() if not r.resolved]
        if open_refs:
            names = _JoinedLabels(Institution(r.institution).label for r in open_refs)
            raise NotAllowed(_("Kasus belum dapat ditutup: penerusan ke %(names)s belum ada hasil atau belum "
                               "ditutup dengan alasan."), names=names)
        decision = getattr(case, "decision", None)
        if decision and decision.type == DecisionType.CRIME and not case.referrals.filter(
                institution=Institution.POLRI).exists():
            raise NotAllowed(_("Putusan tindak pidana harus diteruskan ke Kepolisian sebelum kasus ditutup."))
        case.closed_at = _now()
        case.closed_reason = reason
        case.locked_by, case.locked_at = None, None
        _stop(case)
        return Outcome()

    return _run("close_case", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def hand_over(case, actor, *, to_office: Region | str, reason: str, expected_version: int | None = None) -> Case:
    """Move a case between levels (kab/kota ↔ province). The target must cover the place of the case."""
    target = to_office if isinstance(to_office, Region) else Region.objects.filter(pk=to_office).first()

    def apply(case, _referral):
        if target is None or target.level not in (Level.PROVINSI, Level.KABUPATEN):
            raise InvalidInput(_("Kantor tujuan harus Bawaslu provinsi atau kabupaten/kota."))
        if target.pk == case.office_region_id:
            raise InvalidInput(_("Kasus sudah ditangani kantor tersebut."))
        if not code_within(case.region_id, target.code):
            raise InvalidInput(_("Tempat kejadian (%(place)s) tidak berada di wilayah %(office)s."),
                               place=case.region.name, office=office_name(target))
        before = case.office_region_id
        case.office_region = target
        case.handler = None
        case.locked_by, case.locked_at = None, None

        def tell(case, event):
            notify(list(office_handlers(target)) + office_heads(target), case, "serah_terima",
                   f"Kasus diserahkan ke {office_name(target)}: {case.register_number or case.title}",
                   key=f"case:{case.pk}:handover:{case.version}")
        return Outcome(details={"from": before, "to": target.code}, changes={"office_region": [before, target.code]},
                       after=[tell])

    return _run("hand_over", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def assign(case, actor, *, handler: User, reason: str = "", expected_version: int | None = None) -> Case:
    def apply(case, _referral):
        if handler.role not in (Role.HANDLER, Role.LEADERSHIP) or not can_act_in(handler, case.office_region_id):
            raise InvalidInput(_("%(user)s bukan petugas penanganan di kantor ini."), user=handler.get_username())
        before = case.handler_id
        case.handler = handler

        def tell(case, event):
            notify([handler], case, "penugasan", f"Anda ditugaskan menangani {case.register_number or case.title}",
                   key=f"case:{case.pk}:assign:{case.version}")
        return Outcome(details={"handler": handler.get_username()}, changes={"handler": [before, handler.pk]},
                       after=[tell])

    return _run("assign", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def check_out(case, actor, *, reason: str = "", expected_version: int | None = None) -> Case:
    """Take the case's lock so no other handler acts on it meanwhile (expires after PANTAU_CASE_LOCK_HOURS)."""

    def apply(case, _referral):
        now = _now()
        if lock_active(case, now) and case.locked_by_id != actor.pk:
            raise Locked(_("Kasus sedang dikerjakan oleh %(who)s sejak %(at)s."), who=_user_label(case.locked_by),
                         at=f"{timezone.localtime(case.locked_at):%d-%m-%Y %H:%M}")
        case.locked_by, case.locked_at = actor, now
        return Outcome(changes={"locked_by": [None, actor.pk]})

    return _run("check_out", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def release(case, actor, *, reason: str = "", expected_version: int | None = None) -> Case:
    def apply(case, _referral):
        if not case.locked_by_id:
            raise NotAllowed(_("Kasus tidak sedang dikunci."))
        if case.locked_by_id != actor.pk and lock_active(case):
            raise Locked(_("Kunci dipegang %(who)s; hanya pemegang kunci atau pimpinan (buka paksa) yang dapat "
                           "melepasnya."), who=_user_label(case.locked_by))
        before = case.locked_by_id
        case.locked_by, case.locked_at = None, None
        return Outcome(changes={"locked_by": [before, None]})

    return _run("release", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def break_lock(case, actor, *, reason: str, expected_version: int | None = None) -> Case:
    """A supervisor (pimpinan) breaks another handler's lock; logged with the reason, the holder is told."""

    def apply(case, _referral):
        if not case.locked_by_id:
            raise NotAllowed(_("Kasus tidak sedang dikunci."))
        holder = case.locked_by
        case.locked_by, case.locked_at = None, None

        def tell(case, event):
            notify([holder], case, "kunci_dibuka",
                   f"Kunci Anda atas {case.register_number or case.title} dibuka oleh {_user_label(actor)}: {reason}",
                   key=f"case:{case.pk}:break:{case.version}")
        return Outcome(details={"holder": holder.get_username()}, changes={"locked_by": [holder.pk, None]},
                       after=[tell])

    return _run("break_lock", case, actor, reason=reason, expected_version=expected_version, apply=apply)


def add_document(case, actor, *, content: bytes, content_type: str, name: str, title: str,
                 expected_version: int | None = None) -> Case:
    """Attach a file (minutes of a clarification, a signed letter, evidence) to the case timeline."""
    def apply(case, _referral):
        if len(content) > getattr(settings, "PANTAU_MAX_UPLOAD_BYTES", 25 * 1024 * 1024):
            raise InvalidInput(_("Berkas terlalu besar."))
        blob = store(content, content_type=content_type or "application/octet-stream", original_name=name,
                     subject=f"cases.Case:{case.pk}", note=title)

        def attach(case, event):
            CaseDocument.objects.create(case=case, event=event, kind="lampiran", title=title or name, blob=blob,
                                        created_by=actor)
            event.evidence.add(blob)
        return Outcome(details={"sha256": blob.sha256, "name": name}, after=[attach])

    return _run("add_document", case, actor, reason=title, expected_version=expected_version, apply=apply)


# Actions callable with (case, actor, reason=..., expected_version=..., **extra) from the page and the API.
CASE_SERVICES: dict[str, Callable] = {
    "request_completion": request_completion,
    "register": register,
    "reject_registration": reject_registration,
    "invite_clarification": invite_clarification,
    "start_review": start_review,
    "extend_deadline": extend_deadline,
    "decide": decide,
    "refer": refer,
    "close_case": close_case,
    "hand_over": hand_over,
    "check_out": check_out,
    "release": release,
    "break_lock": break_lock,
}
REFERRAL_SERVICES: dict[str, Callable] = {
    "acknowledge_referral": acknowledge_referral,
    "record_referral_outcome": record_referral_outcome,
    "close_referral": close_referral,
}

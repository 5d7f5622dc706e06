"""One entry point for the case page and the API: parse an action's input and call its service function.

`action_specs` describes, for the case page, which actions the user may take now and their fields (values
prefilled from a refused submission, so nothing typed is lost).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Institution, Role, User
from pantau.accounts.scoping import sees_everything
from pantau.regions.models import Level, Region

from . import services
from .access import liaison_reaches, may_handle
from .models import Case, DecisionType, Referral
from .services import InvalidInput, OutOfJurisdiction
from .workflow import TRANSITIONS, allowed_from

CLARIFICATION_ROLES = [("pelapor", _("Pelapor")), ("terlapor", _("Terlapor")), ("saksi", _("Saksi")),
                       ("ahli", _("Ahli")), ("pihak_terkait", _("Pihak terkait"))]


def _version(data) -> int | None:
    raw = data.get("version")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise InvalidInput(_("Versi formulir tidak valid; muat ulang halaman.")) from None


def _when(raw) -> dt.datetime | None:
    if not raw:
        return None
    value = raw if isinstance(raw, dt.datetime) else parse_datetime(str(raw))
    if value is None:
        raise InvalidInput(_("Waktu klarifikasi tidak valid (format YYYY-MM-DDTHH:MM)."))
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def perform(case: Case | int, user, action: str, data, files=None):
    """Run `action` on the case with the submitted `data` (a dict or QueryDict). Returns the case (or the
    referral for referral actions). Raises `services.CaseError`."""
    data = data or {}
    case_pk = case.pk if isinstance(case, Case) else int(case)
    reason = (data.get("reason") or "").strip()
    version = _version(data)
    common = {"expected_version": version}
    if action in services.REFERRAL_SERVICES:
        try:
            referral = Referral.objects.get(pk=int(data.get("referral") or 0), case_id=case_pk)
        except (Referral.DoesNotExist, ValueError, TypeError):
            raise OutOfJurisdiction(_("Penerusan tidak ditemukan.")) from None
        return services.REFERRAL_SERVICES[action](referral, user, reason=reason, **common)
    if action == "register":
        return services.register(case_pk, user, reason=reason,
                                 override_reason=(data.get("override_reason") or "").strip(), **common)
    if action == "decide":
        return services.decide(case_pk, user, decision_type=data.get("decision_type") or "", reason=reason,
                               articles=(data.get("articles") or "").strip(), **common)
    if action == "refer":
        raw_urls = data.get("takedown_urls") or ""
        urls = raw_urls if isinstance(raw_urls, list) else [u.strip() for u in str(raw_urls).splitlines()]
        return services.refer(case_pk, user, institution=data.get("institution") or "", reason=reason,
                              takedown_urls=[u for u in urls if u], **common)
    if action == "invite_clarification":
        return services.invite_clarification(case_pk, user, invitee=(data.get("invitee") or "").strip(),
                                             role=data.get("invitee_role") or "saksi", when=_when(data.get("when")),
                                             place=(data.get("place") or "").strip(), reason=reason, **common)
    if action == "hand_over":
        return services.hand_over(case_pk, user, to_office=data.get("to_office") or "", reason=reason, **common)
    if action == "assign":
        handler = User.objects.filter(username=data.get("handler") or "").first()
        if handler is None:
            raise InvalidInput(_("Petugas tidak ditemukan."))
        return services.assign(case_pk, user, handler=handler, reason=reason, **common)
    if action == "add_document":
        upload = (files or {}).get("file")
        if upload is None:
            raise InvalidInput(_("Pilih berkas yang akan dilampirkan."))
        return services.add_document(case_pk, user, content=upload.read(), content_type=upload.content_type or "",
                                     name=upload.name, title=(data.get("title") or upload.name).strip(), **common)
    service = services.CASE_SERVICES.get(action)
    if service is None:
        raise InvalidInput(_("Aksi tidak dikenal: %(action)r."), action=action)
    return service(case_pk, user, reason=reason, **common)


# ---------------------------------------------------------------------------------------------------------------
# Form descriptions for the case page
# ---------------------------------------------------------------------------------------------------------------

def _field(name, label, kind="text", *, choices=None, required=False, help_text=""):
    return {"name": name, "label": label, "type": kind, "choices": choices or [], "required": required,
            "help": help_text, "value": ""}


def _office_choices(case: Case):
    region = case.region
    codes = [c for c in {region.code.split(".")[0], region.kabupaten_code} if c]
    offices = Region.objects.filter(pk__in=codes, level__in=[Level.PROVINSI, Level.KABUPATEN]).order_by("code")
    return [(r.code, services.office_name(r)) for r in offices if r.code != case.office_region_id]


def _handler_choices(case: Case):
    users = User.objects.filter(is_active=True, role__in=[Role.HANDLER, Role.LEADERSHIP]).order_by("username")
    return [(u.username, f"{u.get_full_name() or u.username} ({u.office_name})") for u in users
            if services.can_act_in(u, case.office_region_id)]


def _fields_for(action: str, case: Case) -> list[dict]:
    if action == "request_completion":
        return [_field("reason", _("Kekurangan syarat formil/materiil yang harus dilengkapi"), "textarea", required=True)]
    if action == "register":
        late = services.registration_lateness(case)
        return [_field("override_reason", _("Alasan registrasi melewati tenggat") if late else
                       _("Catatan (opsional)"), "textarea", required=bool(late),
                       help_text=_("Melewati tenggat: %(late)s") % {"late": late} if late else "")]
    if action == "invite_clarification":
        return [_field("invitee", _("Nama yang diundang"), required=True),
                _field("invitee_role", _("Sebagai"), "select", choices=CLARIFICATION_ROLES),
                _field("when", _("Waktu klarifikasi"), "datetime-local"),
                _field("place", _("Tempat")),
                _field("reason", _("Catatan"), "textarea")]
    if action == "decide":
        return [_field("decision_type", _("Jenis putusan"), "select", choices=DecisionType.choices, required=True),
                _field("articles", _("Pasal yang disangkakan/dilanggar")),
                _field("reason", _("Pertimbangan hasil kajian"), "textarea", required=True)]
    if action == "refer":
        return [_field("institution", _("Instansi tujuan"), "select", choices=Institution.choices, required=True),
                _field("reason", _("Catatan penerusan"), "textarea"),
                _field("takedown_urls", _("Tautan konten untuk diturunkan (Komdigi; satu per baris)"), "textarea")]
    if action == "hand_over":
        return [_field("to_office", _("Kantor tujuan"), "select", choices=_office_choices(case), required=True),
                _field("reason", _("Alasan serah terima"), "textarea", required=True)]
    if action == "assign":
        return [_field("handler", _("Petugas"), "select", choices=_handler_choices(case), required=True)]
    if action == "add_document":
        return [_field("title", _("Judul dokumen (mis. berita acara klarifikasi)"), required=True),
                _field("file", _("Berkas"), "file", required=True)]
    if action in ("check_out", "release", "start_review"):
        return []
    transition = TRANSITIONS[action]
    return [_field("reason", _("Alasan") if transition.reason_required else _("Catatan"), "textarea",
                   required=transition.reason_required)]


def _prefill(spec: dict, posted) -> dict:
    if posted and posted.get("action") == spec["action"] and str(posted.get("referral") or "") == str(
            spec.get("referral") or ""):
        for f in spec["fields"]:
            if f["type"] != "file":
                f["value"] = posted.get(f["name"], "")
        spec["open"] = True
    return spec


def action_specs(case: Case, user, posted=None) -> list[dict]:
    """The actions this user may take on the case now, with their fields."""
    specs = []
    if user.is_liaison or not (sees_everything(user) or may_handle(user, case)):
        return specs
    for transition in allowed_from(case.state):
        if transition.action in services.REFERRAL_SERVICES:
            continue
        if user.role not in transition.roles and not sees_everything(user):
            continue
        if transition.action == "check_out" and services.lock_active(case) and case.locked_by_id == user.pk:
            continue
        if transition.action == "release" and not case.locked_by_id:
            continue
        if transition.action == "break_lock" and not case.locked_by_id:
            continue
        if transition.action == "extend_deadline" and case.deadlines.filter(kind="putusan", extended=True).exists():
            continue
        spec = {"action": transition.action, "label": transition.label, "fields": _fields_for(transition.action, case),
                "open": False, "multipart": transition.action == "add_document"}
        specs.append(_prefill(spec, posted))
    return specs


def referral_specs(referral: Referral, user, posted=None) -> list[dict]:
    if referral.resolved or referral.case.state != "diteruskan":
        return []
    specs = []
    is_handler = not user.is_liaison and (sees_everything(user) or may_handle(user, referral.case))
    if user.is_liaison and liaison_reaches(user, referral) or sees_everything(user):
        if referral.status == Referral.Status.SENT:
            specs.append({"action": "acknowledge_referral", "label": TRANSITIONS["acknowledge_referral"].label,
                          "fields": [_field("reason", _("Catatan penerimaan"), "textarea")]})
    if (user.is_liaison and liaison_reaches(user, referral)) or is_handler:
        specs.append({"action": "record_referral_outcome", "label": TRANSITIONS["record_referral_outcome"].label,
                      "fields": [_field("reason", _("Hasil tindak lanjut"), "textarea", required=True)]})
    if is_handler and user.role in TRANSITIONS["close_referral"].roles | ({user.role} if sees_everything(user) else set()):
        specs.append({"action": "close_referral", "label": TRANSITIONS["close_referral"].label,
                      "fields": [_field("reason", _("Alasan penutupan"), "textarea", required=True)]})
    for spec in specs:
        spec["referral"] = referral.pk
        spec["open"] = False
        spec["multipart"] = False
        _prefill(spec, posted)
    return specs

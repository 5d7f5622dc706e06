"""The transition table: which action is allowed from which state, who may take it, and where it leads.

Procedure (DOMAIN.md §1.3–1.4): received → formal/material check (optionally a 2×24 h request to complete) →
registered or not registered → clarification → review (kajian) → decision → referral(s) → outcome → closed.
Actions that keep the state (hand-over, lock, extension, referral follow-up) are listed with `to=None`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import Role

from .models import State

HANDLING_ROLES = frozenset({Role.HANDLER, Role.LEADERSHIP})
LEADERSHIP_ONLY = frozenset({Role.LEADERSHIP})
LIAISON_ONLY = frozenset({Role.LIAISON})

OPEN_STATES = frozenset({State.RECEIVED, State.INCOMPLETE, State.REGISTERED, State.CLARIFICATION, State.REVIEW,
                         State.DECIDED, State.REFERRED})
BEFORE_REGISTRATION = frozenset({State.RECEIVED, State.INCOMPLETE})
UNDER_EXAMINATION = frozenset({State.REGISTERED, State.CLARIFICATION, State.REVIEW})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # Indonesian msgid (lazy), shown on buttons and in the timeline
    sources: frozenset
    to: str | None  # None: the state does not change
    roles: frozenset = HANDLING_ROLES
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("request_completion", _("Minta pelapor melengkapi (2×24 jam)"), frozenset({State.RECEIVED}),
                   State.INCOMPLETE, reason_required=True),
        Transition("register", _("Registrasi"), BEFORE_REGISTRATION, State.REGISTERED),
        Transition("reject_registration", _("Tidak diregistrasi"), BEFORE_REGISTRATION, State.NOT_REGISTERED,
                   reason_required=True),
        Transition("invite_clarification", _("Undang klarifikasi"), frozenset({State.REGISTERED, State.CLARIFICATION}),
                   State.CLARIFICATION),
        Transition("start_review", _("Mulai kajian"), frozenset({State.REGISTERED, State.CLARIFICATION}), State.REVIEW),
        Transition("extend_deadline", _("Perpanjang tenggat 2 hari (minta keterangan tambahan)"), UNDER_EXAMINATION,
                   None, reason_required=True),
        Transition("decide", _("Putuskan status"), frozenset({State.REVIEW}), State.DECIDED, reason_required=True),
        Transition("refer", _("Teruskan ke instansi"), frozenset({State.DECIDED, State.REFERRED}), State.REFERRED),
        Transition("acknowledge_referral", _("Konfirmasi penerimaan penerusan"), frozenset({State.REFERRED}), None,
                   roles=LIAISON_ONLY),
        Transition("record_referral_outcome", _("Catat hasil tindak lanjut"), frozenset({State.REFERRED}), None,
                   roles=LIAISON_ONLY | HANDLING_ROLES, reason_required=True),
        Transition("close_referral", _("Tutup penerusan dengan alasan"), frozenset({State.REFERRED}), None,
                   reason_required=True),
        Transition("close_case", _("Tutup kasus"), frozenset({State.DECIDED, State.REFERRED}), State.CLOSED),
        Transition("hand_over", _("Serahkan ke kantor lain"), OPEN_STATES - {State.REFERRED, State.DECIDED}, None,
                   reason_required=True),
        Transition("assign", _("Tetapkan penangan"), OPEN_STATES, None),
        Transition("add_document", _("Lampirkan dokumen"), OPEN_STATES, None),
        Transition("check_out", _("Ambil (kunci) kasus"), OPEN_STATES, None),
        Transition("release", _("Lepas kunci"), OPEN_STATES, None),
        Transition("break_lock", _("Buka paksa kunci"), OPEN_STATES, None, roles=LEADERSHIP_ONLY, reason_required=True),
    ]
}

# Actions a handler picks on the case page or through POST /api/v1/cases/<id>/transitions/.
CASE_ACTIONS = [name for name, t in TRANSITIONS.items() if t.roles != LIAISON_ONLY]


def allowed_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


ACTION_LABELS = {
    "open_case_from_report": _("Kasus dibuka dari laporan"),
    "open_case_from_finding": _("Kasus dibuka dari temuan"),
    "refused": _("Tindakan ditolak"),
    **{name: t.label for name, t in TRANSITIONS.items()},
}

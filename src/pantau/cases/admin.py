"""Read-only admin views: cases change only through `pantau.cases.services` (audited, rule-checked)."""

from django.contrib import admin

from .models import Case, CaseEvent, Deadline, Finding, Notification, Referral


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "register_number", "title", "state", "office_region", "handler", "received_at"]
    list_filter = ["state", "origin", "office_region"]
    search_fields = ["title", "register_number", "reported_party"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "region", "known_on", "source", "created_by"]
    search_fields = ["title", "description"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "institution", "status", "sent_at", "acknowledged_at", "outcome_at"]
    list_filter = ["institution", "status"]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "kind", "rule_id", "due", "met_at", "extended", "superseded"]
    list_filter = ["kind", "rule_id"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "at", "actor_label", "action", "from_state", "to_state"]
    list_filter = ["action"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "recipient", "kind", "created_at", "emailed", "read_at"]

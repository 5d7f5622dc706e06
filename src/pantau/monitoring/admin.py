from django.contrib import admin

from .models import ContentItem, ImportBatch, NearDupGroup, Source, TakedownRequest, WatchlistEntry


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url", "region", "active", "last_fetched_at", "last_status"]
    list_filter = ["kind", "active"]


@admin.register(WatchlistEntry)
class WatchlistAdmin(admin.ModelAdmin):
    list_display = ["kind", "value", "platform", "region", "active"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["pk", "format", "original_name", "status", "imported", "duplicates", "errors", "created_at"]
    readonly_fields = ["file"]


@admin.register(ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    list_display = ["pk", "platform", "author_handle", "status", "priority", "region", "first_seen_at"]
    list_filter = ["status", "platform"]
    search_fields = ["text", "author_handle", "canonical_url"]
    raw_id_fields = ["group", "batch", "source", "warc_blob"]


@admin.register(NearDupGroup)
class NearDupGroupAdmin(admin.ModelAdmin):
    list_display = ["pk", "item_count", "first_seen_at", "region"]
    raw_id_fields = ["representative"]
    exclude = ["signature"]


@admin.register(TakedownRequest)
class TakedownAdmin(admin.ModelAdmin):
    list_display = ["pk", "number", "addressee", "sent_at", "still_online", "last_checked_at"]

from django.contrib import admin

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "bps_code", "name", "level", "kind", "parent")
    list_filter = ("level", "kind")
    search_fields = ("code", "name", "bps_code")
    raw_id_fields = ("parent",)

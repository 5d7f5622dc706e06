from django.contrib import admin

from .models import Agreement, Member, Organisation, Training


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)
    inlines = [AgreementInline]


admin.site.register(Member)
admin.site.register(Training)

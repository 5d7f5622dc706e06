from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "jurisdiction", "organisation", "institution", "is_active")
    list_filter = ("role", "institution", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (("Pantau", {"fields": ("role", "jurisdiction", "organisation", "institution", "phone", "preferred_language")}),)
    raw_id_fields = ("jurisdiction", "organisation")

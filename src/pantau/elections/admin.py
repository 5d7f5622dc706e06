from django.contrib import admin

from .models import CandidateAccount, CandidatePair, Election, Race, ScheduleStage


class StageInline(admin.TabularInline):
    model = ScheduleStage
    extra = 0


class RaceInline(admin.TabularInline):
    model = Race
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "region", "voting_day", "active")
    inlines = [StageInline, RaceInline]


class AccountInline(admin.TabularInline):
    model = CandidateAccount
    extra = 0


@admin.register(CandidatePair)
class CandidatePairAdmin(admin.ModelAdmin):
    list_display = ("__str__", "race")
    list_filter = ("race__election",)
    inlines = [AccountInline]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from projects.models import Membership, Project, Team, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created"]


@admin.register(User)
class StudioUserAdmin(UserAdmin):
    list_display = ["email", "first_name", "is_staff", "date_joined", "last_login"]
    search_fields = ["email", "username", "first_name", "last_name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "created"]
    search_fields = ["name", "code", "memberships__user__email"]
    readonly_fields = ["code", "created"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "created"]
    list_filter = ["role"]
    search_fields = ["user__email", "team__name"]
    autocomplete_fields = ["user", "team"]
    readonly_fields = ["code"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "team", "created_by", "created", "archived_at"]
    list_filter = ["archived_at"]
    search_fields = ["name", "code", "team__name"]
    autocomplete_fields = ["team", "created_by"]
    readonly_fields = ["code", "created", "updated"]
    list_select_related = ["team", "created_by"]

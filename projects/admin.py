from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError

from projects.models import (
    Asset,
    AuditEntry,
    Budget,
    Comment,
    Invite,
    Lease,
    Membership,
    Notice,
    PortraitConsent,
    Project,
    ProviderPause,
    ProviderSlots,
    Render,
    RenderBatch,
    SharedVideo,
    ShareLink,
    Team,
    User,
    VideoExport,
)
from projects.renders.services import render_retry


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


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "team", "project", "format", "bytes", "created", "deleted_at"]
    list_filter = ["kind", "format", "deleted_at"]
    search_fields = ["label", "tags", "code", "team__name", "source_sha256"]
    list_select_related = ["team", "project"]
    readonly_fields = ["code", "source_sha256", "created"]
    raw_id_fields = ["team", "project", "uploaded_by"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["team", "project", "monthly_units", "updated", "updated_by"]
    search_fields = ["team__name", "project__name"]
    list_select_related = ["team", "project", "updated_by"]
    raw_id_fields = ["team", "project", "updated_by"]


@admin.register(Render)
class RenderAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "project",
        "status",
        "review_state",
        "mode",
        "units",
        "created",
        "finished_at",
        "attention",
    ]
    list_filter = ["status", "review_state", "mode", "credentials_state"]
    search_fields = ["code", "external_task_id", "task_id", "project__name", "prompt"]
    list_select_related = ["project"]
    # A render's state moves only through its lifecycle's guarded transitions
    # (projects/models/render_lifecycle.py); the admin shows it, and changes
    # it only through the actions below.
    readonly_fields = [
        "code",
        "external_task_id",
        "created",
        "updated",
        "task_id",
        "status",
        "failure_reason",
        "submit_attempts",
        "next_attempt_at",
        "claimed_at",
        "budget_released_at",
        "budget_released_by",
        "create_sent_at",
        "submitted_at",
        "next_poll_at",
        "polls",
        "provider_done_at",
        "finished_at",
        "provider_video_url",
        "provider_watermark_url",
        "units",
        "archive_attempts",
        "archive_retry_at",
        "archive_error",
        # Content credentials: written by the signing (projects/credentials/archive.py).
        "credentials_state",
        "credentials_checked_at",
        "credentials_error",
        "credentials_attempts",
        "credentials_retry_at",
        "review_state",
        "reviewed_by",
        "reviewed_at",
    ]
    raw_id_fields = [
        "project",
        "batch",
        "parent",
        "portrait",
        "voiceover",
        "created_by",
    ]
    inlines = [CommentInline]
    actions = ["retry_renders"]

    @admin.action(description="Retry the selected failed renders")
    def retry_renders(self, request, queryset):
        retried = refused = 0
        for render in queryset:
            try:
                retried += render_retry(render=render, by=request.user)
            except ValidationError:
                refused += 1  # its portrait has no consent that stands
        without = f" {refused} not: their portrait has no consent." if refused else ""
        self.message_user(request, f"{retried} render(s) queued again.{without}")


@admin.register(RenderBatch)
class RenderBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "created_by", "created"]
    raw_id_fields = ["project", "created_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "render", "author", "visitor", "at_seconds", "created"]
    list_filter = ["kind"]
    raw_id_fields = ["render", "author", "visitor", "share_link"]


class SharedVideoInline(admin.TabularInline):
    model = SharedVideo
    raw_id_fields = ["render", "added_by"]
    extra = 0


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "project",
        "allow_download",
        "allow_feedback",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    raw_id_fields = ["project", "created_by"]
    # Neither the secret nor the password hash is shown (both are not editable).
    readonly_fields = ["code", "created"]
    inlines = [SharedVideoInline]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ["team", "role", "email", "expires_at", "accepted_at", "revoked_at"]
    raw_id_fields = ["team", "created_by", "accepted_by"]
    readonly_fields = ["code", "token_hash", "created"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["message", "user", "created", "read_at"]
    raw_id_fields = ["user", "render"]


@admin.register(ProviderPause)
class ProviderPauseAdmin(admin.ModelAdmin):
    list_display = ["category", "message", "since", "last_checked_at"]


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    list_display = ["name", "holder", "expires_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records only the app changes: staff look, the app's own pages act
    (and write the audit entry)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProviderSlots)
class ProviderSlotsAdmin(ReadOnlyAdmin):
    list_display = ["full_since", "limit", "last_probe_at"]


@admin.register(PortraitConsent)
class PortraitConsentAdmin(ReadOnlyAdmin):
    """Consent is recorded and withdrawn on the team's pages, which hide the
    portrait's videos from every link at once; staff only look."""

    list_display = ["person_name", "portrait", "consent_date", "confirmed_by_name", "withdrawn_at"]
    search_fields = ["person_name", "portrait__label", "confirmed_by_name"]
    exclude = ["document"]


@admin.register(VideoExport)
class VideoExportAdmin(ReadOnlyAdmin):
    list_display = ["render", "burn_captions", "ai_label", "state", "created"]
    list_filter = ["state"]
    raw_id_fields = ["render", "caption", "requested_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is append-only, also for staff."""

    list_display = ["created", "team", "actor_name", "kind", "target", "summary"]
    list_filter = ["kind"]
    search_fields = ["team__name", "actor_name", "target", "summary"]
    date_hierarchy = "created"

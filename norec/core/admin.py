from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from norec.core.audit import CoreEvent, record_event
from norec.core.invitations import invite_user
from norec.core.models import AuditEvent, Invitation, OutboxMessage, ReminderSweep, User
from norec.core.outbox import retry_failed_messages
from norec.core.reminders.permissions import may_run_sweep
from norec.core.reminders.sweep import run_reminder_sweep


class UserCreationWithoutPasswordForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role", "preferred_language"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "role", "is_head_of_programme", "is_active", "last_login"]
    list_filter = ["role", "is_head_of_programme", "is_active", "preferred_language"]
    search_fields = ["email", "full_name"]
    filter_horizontal = []
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language", "role", "is_head_of_programme"]}),
        (_("Access"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "preferred_language"]})]
    actions = ["send_invitation"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            # New users get no password here; they set one through the invitation link.
            kwargs["form"] = UserCreationWithoutPasswordForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            # A changed email or role would let one adviser take over or promote another account.
            # So would making oneself head of programme (who reassigns every adviser's cases).
            readonly += ["email", "role", "is_head_of_programme"]
        return readonly

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied(_("Only operations staff can set another person's password."))
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        record_event(
            obj,
            action=CoreEvent.USER_CHANGED if change else CoreEvent.USER_CREATED,
            by=request.user,
            data={"fields": form.changed_data},
        )

    @admin.action(description=_("Send an invitation email"))
    def send_invitation(self, request, queryset):
        sent = 0
        for user in queryset:
            try:
                invite_user(user, by=request.user)
                sent += 1
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.WARNING)
        if sent:
            self.message_user(request, ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent)


class RecordAdmin(admin.ModelAdmin):
    """A record the service writes and people only read: nobody adds, edits or deletes one here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    """The audit trail is evidence: nobody edits or deletes it, not even in the admin."""

    list_display = ["created_at", "action", "actor", "subject_type", "subject_id", "from_state", "to_state"]
    list_filter = ["action", "subject_type"]
    list_select_related = ["actor", "subject_type"]
    date_hierarchy = "created_at"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["user", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(RecordAdmin):
    """Every email, with whether it went out; advisers send failed ones again from here."""

    list_display = ["created_at", "to_email", "subject", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to_email", "subject"]
    date_hierarchy = "created_at"
    # Never the body: an invitation's carries a one-time link that would let its reader take the account.
    fields = [
        "to_email",
        "subject",
        "kind",
        "language",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields
    actions = ["retry"]

    def has_retry_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Send the failed emails again"), permissions=["retry"])
    def retry(self, request, queryset):
        count = retry_failed_messages(queryset, by=request.user)
        self.message_user(request, ngettext("%d email queued again.", "%d emails queued again.", count) % count)


@admin.register(ReminderSweep)
class ReminderSweepAdmin(RecordAdmin):
    """The daily reminder sweeps; an adviser runs today's now (beat down, a fix just deployed). Run
    again, it emails only people who have had no email today; what it finds for the others goes in
    their next email (norec.core.reminders.sweep)."""

    list_display = ["day", "covers", "finished_at", "reminders", "digests", "started_by", "failed_kinds"]
    readonly_fields = [
        "day",
        "covers",
        "started_at",
        "finished_at",
        "reminders",
        "digests",
        "started_by",
        "failed_kinds",
    ]
    list_select_related = ["run_by"]
    fields = readonly_fields
    date_hierarchy = "day"

    @admin.display(description=_("days answered for"))
    def covers(self, sweep):
        return sweep.covers

    @admin.display(description=_("started by"))
    def started_by(self, sweep):
        return sweep.run_by or _("the daily schedule")

    def get_urls(self):
        run = self.admin_site.admin_view(require_POST(self.run_now))
        return [path("run/", run, name="norec_remindersweep_run"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_run_sweep": may_run_sweep(request.user)}
        return super().changelist_view(request, extra_context=extra_context)

    def run_now(self, request):
        if not may_run_sweep(request.user):
            raise PermissionDenied
        result = run_reminder_sweep(timezone.localdate(), by=request.user)
        if result.digests:
            text = _("Sent %(reminders)s for %(covers)s in %(emails)s.") % {
                "reminders": ngettext("%d reminder", "%d reminders", result.reminders) % result.reminders,
                "emails": ngettext("%d email", "%d emails", result.digests) % result.digests,
                "covers": result.sweep.covers,
            }
        else:
            text = _("Nothing new to send for %(covers)s: no one is due a reminder they have not had today.") % {
                "covers": result.sweep.covers
            }
        if result.held:
            text += " " + ngettext(
                "%(count)s reminder found for people who had today's email goes in their next one.",
                "%(count)s reminders found for people who had today's email go in their next one.",
                result.held,
            ) % {"count": result.held}
        if result.sweep.failed_kinds:
            self.message_user(
                request,
                _("These kinds could not be searched (see the log): %(kinds)s.")
                % {"kinds": ", ".join(result.sweep.failed_kinds)},
                messages.ERROR,
            )
        self.message_user(request, text, messages.SUCCESS)
        return redirect("admin:norec_remindersweep_changelist")

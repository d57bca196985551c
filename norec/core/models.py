from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from norec.core.limits import RECORDED_TEXT_MAX_LENGTH, limited_text, max_length_check
from norec.core.roles import Role

# What advisers may do in the admin: manage organisations and people, read the records. Deleting,
# setting others' passwords or email addresses, and the MFA and email-address tables are for
# superusers (operations staff) only: in an adviser's hands they would allow taking over accounts.
# Apps add the permissions on their own models with register_adviser_admin_permissions().
ADVISER_ADMIN_PERMISSIONS = {
    "norec.view_user",
    "norec.add_user",
    "norec.change_user",
    "norec.view_auditevent",
    "norec.view_invitation",
    "norec.view_outboxmessage",
    "norec.view_remindersweep",
}


def register_adviser_admin_permissions(*permissions: str) -> None:
    """Let advisers use these admin permissions ("app_label.codename") of an app's own models."""
    ADVISER_ADMIN_PERMISSIONS.update(permissions)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.ADVISER)
        fields["is_superuser"] = True
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Email is the login; the role says what they do in the programme."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive users cannot sign in. Deactivate instead of deleting.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # A permission of an adviser, not a role: the head of programme is an adviser with a caseload of
    # her own who also sees every adviser's caseload and may give a case to another adviser.
    is_head_of_programme = models.BooleanField(
        _("head of programme"),
        default=False,
        db_default=False,
        help_text=_("An adviser who sees every adviser's caseload on the dashboard and may reassign cases."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_adviser(self) -> bool:
        return self.role == Role.ADVISER

    @property
    def is_partner_contact(self) -> bool:
        return self.role == Role.PARTNER_CONTACT

    @property
    def is_participant(self) -> bool:
        return self.role == Role.PARTICIPANT

    @property
    def leads_programme(self) -> bool:
        """Head of programme, as an active adviser: the flag alone counts for nothing on another role."""
        return self.is_active and self.is_adviser and self.is_head_of_programme

    @property
    def is_staff(self) -> bool:
        # Norec's own staff are the advisers; only they reach the admin site.
        return self.role == Role.ADVISER

    def has_perm(self, perm, obj=None):
        if self.is_active and self.is_superuser:
            return True
        return self.is_active and self.is_adviser and perm in ADVISER_ADMIN_PERMISSIONS

    def has_module_perms(self, app_label):
        if self.is_active and self.is_superuser:
            return True
        return (
            self.is_active and self.is_adviser and any(p.startswith(f"{app_label}.") for p in ADVISER_ADMIN_PERMISSIONS)
        )


class AuditEventQuerySet(models.QuerySet):
    def for_subject(self, subject):
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        ).select_related("actor")


class AuditEvent(models.Model):
    """One thing that happened to a case or record: who, when, what, from which state to which."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    comment = limited_text(_("comment"), max_length=RECORDED_TEXT_MAX_LENGTH, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-created_at"], name="audit_subject_time")]
        constraints = [max_length_check("comment", RECORDED_TEXT_MAX_LENGTH, name="audit_event_comment_length")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        from norec.core.audit import action_label

        return action_label(self.action)

    @property
    def details(self) -> str:
        """What the event was about, in the active language, from its data (norec.core.audit)."""
        from norec.core.audit import event_details

        return event_details(self.action, self.data)


class Invitation(models.Model):
    """An adviser asked someone to join; they accept by setting a password through a one-time link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user.email} ({self.created_at:%Y-%m-%d})"


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One email to send, written in the same transaction as the change it is about (the outbox).

    A task sends it after the commit and the beat task sends whatever is still due, so an outage of
    the broker or the mail server delays the email but never loses it. `key` names what the email is
    for (an event, a person, a kind; later a reminder's day), so the same email is never queued twice.
    The body is rendered when queued, in the recipient's language; it may carry a one-time link, so
    the admin never shows it."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=64)
    event = models.ForeignKey(
        AuditEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10, default="en")
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    # The same email as HTML (a digest's links), sent beside the plain text; empty for plain emails.
    html_body = models.TextField(_("HTML body"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-id"]
        indexes = [
            # What the beat task reads every minute: the pending rows that are due.
            models.Index(fields=["next_attempt_at"], condition=models.Q(state="pending"), name="outbox_pending_due"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to_email}"


class SubmittedForm(models.Model):
    """A create form that was acted on, by the token it carried: a double click or a re-sent form
    brings the same token again, and the service then creates nothing (norec.core.idempotency)."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    result_id = models.PositiveBigIntegerField(null=True, blank=True)  # what the form made, to show it again

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return str(self.token)


# The reminders' models live in their own module; importing them here makes them the core app's.
from norec.core.reminder_models import Reminder, ReminderOptOut, ReminderSweep  # noqa: E402, F401

"""Accounts are never self-made: an adviser invites a person, who sets a password through a
one-time link. The link is signed, expires, and stops working once a password is set, because
it carries a fingerprint of the (unusable) password it was issued for."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from norec.core.audit import CoreEvent, record_event
from norec.core.models import Invitation, User
from norec.core.outbox import queue_email

_SALT = "norec.invitation"


def find_or_create_invited_user(*, email: str, full_name: str, role: str, preferred_language: str) -> User:
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return User.objects.create_user(
            email=email, full_name=full_name, role=role, preferred_language=preferred_language
        )
    if user.role != role:
        raise ValidationError(
            _("%(email)s already has an account as %(role)s.") % {"email": email, "role": user.get_role_display()}
        )
    return user


def invite_user(user: User, *, by: User) -> Invitation:
    """Record an invitation for `user` and queue the email with the link in the same transaction."""
    if user.has_usable_password():
        raise ValidationError(_("%(email)s has already set a password and can sign in.") % {"email": user.email})
    invitation = Invitation.objects.create(user=user, invited_by=by)
    event = record_event(user, action=CoreEvent.USER_INVITED, by=by, data={"role": user.role})
    queue_email(
        key=f"invitation:{invitation.pk}",
        kind="emails/invitation",
        to_email=user.email,
        template_prefix="emails/invitation",
        context={
            "invitation": invitation,
            "user": user,
            "url": invitation_url(invitation),
            "valid_days": settings.NOREC_INVITATION_VALID_DAYS,
        },
        language=user.preferred_language,
        recipient=user,
        event=event,
    )
    return invitation


def _password_fingerprint(user: User) -> str:
    return salted_hmac(_SALT, user.password).hexdigest()[:20]


def make_invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "p": _password_fingerprint(invitation.user)}, salt=_SALT)


def invitation_url(invitation: Invitation) -> str:
    return settings.NOREC_SITE_URL + reverse("accept_invitation", args=[make_invitation_token(invitation)])


def invitation_from_token(token: str) -> Invitation | None:
    """The open invitation the token was issued for, or None if it is forged, expired or used."""
    max_age = timedelta(days=settings.NOREC_INVITATION_VALID_DAYS)
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    invitation = (
        Invitation.objects.select_related("user", "invited_by")
        .filter(pk=payload.get("i"), accepted_at__isnull=True, user__is_active=True)
        .first()
    )
    if invitation is None or not constant_time_compare(payload.get("p", ""), _password_fingerprint(invitation.user)):
        return None
    return invitation


def accept_invitation(invitation: Invitation, *, password: str) -> User:
    """Set the password, mark the email verified (the link proved it) and close the invitation."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(_("This invitation has already been used."))
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email__iexact=user.email, defaults={"email": user.email}
        )
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=invitation.accepted_at)
        record_event(user, action=CoreEvent.INVITATION_ACCEPTED, by=user)
    return user
